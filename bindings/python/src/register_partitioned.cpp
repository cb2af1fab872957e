// The partitioned evaluation's phases (engine/partitioned.hpp) for
// payplan.dask: each phase a function over one part, its results plain
// Python values or picklable objects (Measured, PayeePart) that Dask moves
// between workers and the client.
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "payplan_python.hpp"
#include "payplan/engine/partitioned.hpp"

namespace payplan::python {
namespace {

using detail::int128;

std::string text_of(int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  detail::uint128 u = negative ? detail::uint128(0) - static_cast<detail::uint128>(v) : static_cast<detail::uint128>(v);
  std::string out;
  while (u != 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (negative) out.push_back('-');
  return {out.rbegin(), out.rend()};
}

int128 int128_of(std::string_view t) {
  const bool negative = !t.empty() && t.front() == '-';
  if (negative) t.remove_prefix(1);
  if (t.empty()) throw std::invalid_argument("an empty integer");
  int128 v = 0;
  for (const char c : t) {
    if (c < '0' || c > '9') throw std::invalid_argument("not an integer: " + std::string(t));
    v = detail::checked_add(detail::checked_mul<int128>(v, 10), int128{c - '0'});
  }
  return negative ? -v : v;
}

std::string fraction_text(const Fraction& f) { return text_of(f.num()) + "/" + text_of(f.den()); }
Fraction fraction_of(std::string_view t) {
  const auto slash = t.find('/');
  if (slash == std::string_view::npos) throw std::invalid_argument("not a fraction: " + std::string(t));
  return Fraction(int128_of(t.substr(0, slash)), int128_of(t.substr(slash + 1)));
}

// exceptions as (kind, order_id, detail, stage, date days): with where they sort
using exception_row = std::tuple<std::string, std::string, std::string, std::uint32_t, std::int32_t>;
std::vector<exception_row> rows_of(const std::vector<Exception>& es) {
  std::vector<exception_row> out;
  for (const Exception& e : es) out.emplace_back(e.kind, e.order_id, e.detail, e.stage, e.date.days());
  return out;
}
std::vector<Exception> exceptions_of(const std::vector<exception_row>& rows) {
  std::vector<Exception> out;
  for (const auto& [kind, order_id, detail, stage, days] : rows)
    out.push_back({kind, order_id, detail, stage, Date::from_days(days)});
  return out;
}

// --- a PayeePart as bytes: what assemble reads of it ------------------------

class writer {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(std::string_view s) {
    put(static_cast<std::uint64_t>(s.size()));
    out.append(s);
  }
  void put(const std::string& s) { put(std::string_view(s)); }
  void put(const char*) = delete;
  std::string out;
};

class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}
  template <class T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof(T));
    T v;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    return v;
  }
  std::string text() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }

 private:
  void need(std::size_t n) const {
    if (in_.size() < n) throw std::invalid_argument("a PayeePart's bytes end too soon");
  }
  std::string_view in_;
};

constexpr std::uint32_t part_format = 1;

std::string bytes_of(const partitioned::PayeePart& p) {
  const Result& r = p.result;
  writer w;
  w.put(part_format);
  w.put(static_cast<std::uint8_t>(r.period_length));
  w.put(r.minor_unit);
  w.put(r.first_written);
  w.put(r.last_written);
  w.put(r.lines_summed);
  w.put(static_cast<std::uint64_t>(r.summed_lines));
  w.put(static_cast<std::uint64_t>(r.components.size()));
  for (const auto& c : r.components) w.put(c);
  w.put(static_cast<std::uint64_t>(r.payees.size()));
  for (std::uint32_t i = 0; i < r.payees.size(); ++i) {
    w.put(static_cast<std::uint8_t>(r.payees.kind(i)));
    w.put(r.payees[i]);
  }
  w.put(static_cast<std::uint64_t>(r.notes.size()));
  for (const auto& n : r.notes) w.put(n);
  w.put(static_cast<std::uint64_t>(r.factors.size()));
  for (const Factors& f : r.factors) w.put(f);
  // the orders the lines name, numbered as they are met
  std::unordered_map<std::uint32_t, std::uint32_t> number;
  std::vector<std::uint32_t> named;
  for (const Line& l : r.lines)
    if (l.order.ok() && number.try_emplace(l.order.index(), static_cast<std::uint32_t>(named.size())).second)
      named.push_back(l.order.index());
  w.put(static_cast<std::uint64_t>(named.size()));
  for (std::uint32_t i : named) {
    const OrderIndex o(i);
    w.put(r.orders.order_id(o));
    w.put(r.orders.date(o).days());
    w.put(r.orders.account(o));
    w.put(r.orders.amount(o).micros());
  }
  w.put(static_cast<std::uint64_t>(r.lines.size()));
  for (Line l : r.lines) {
    if (l.order.ok()) l.order = OrderIndex(number[l.order.index()]);
    w.put(l);
  }
  w.put(static_cast<std::uint64_t>(r.summed.size()));
  for (const Statement& s : r.summed) {
    w.put(s.period.ordinal());
    w.put(s.payee);
    w.put(s.component);
    w.put(s.amount.micros());
  }
  w.put(static_cast<std::uint64_t>(r.exceptions.size()));
  for (const Exception& e : r.exceptions) {
    w.put(e.kind);
    w.put(e.order_id);
    w.put(e.detail);
    w.put(e.stage);
    w.put(e.date.days());
  }
  w.put(static_cast<std::uint64_t>(p.returns_paid.size()));
  for (const auto& id : p.returns_paid) w.put(id);
  return std::move(w.out);
}

std::shared_ptr<partitioned::PayeePart> part_of(std::string_view bytes) {
  reader in(bytes);
  if (in.get<std::uint32_t>() != part_format) throw std::invalid_argument("a PayeePart of another payplan version");
  auto p = std::make_shared<partitioned::PayeePart>();
  Result& r = p->result;
  r.period_length = static_cast<period_length>(in.get<std::uint8_t>());
  r.minor_unit = in.get<int>();
  r.first_written = in.get<std::int32_t>();
  r.last_written = in.get<std::int32_t>();
  r.lines_summed = in.get<bool>();
  r.summed_lines = in.get<std::uint64_t>();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) r.components.push_back(in.text());
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    const auto kind = static_cast<payee_kind>(in.get<std::uint8_t>());
    r.payees.intern(kind, in.text());
  }
  r.notes.clear();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) r.notes.push_back(in.text());
  r.factors.clear();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) r.factors.push_back(in.get<Factors>());
  LedgerBuilder orders;
  std::vector<std::string> ids, accounts;
  std::vector<std::int32_t> days;
  std::vector<std::int64_t> micros;
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    ids.push_back(in.text());
    days.push_back(in.get<std::int32_t>());
    accounts.push_back(in.text());
    micros.push_back(in.get<std::int64_t>());
  }
  for (std::size_t k = 0; k < ids.size(); ++k)
    orders.add({ids[k], Date::from_days(days[k]), accounts[k], Money::from_micros(micros[k]), {}, {}, {}});
  r.orders = orders.finish().orders();
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    Line l = in.get<Line>();
    if (l.order.ok()) l.order = r.orders.find(ids[l.order.index()]);
    r.lines.push_back(l);
  }
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    const auto period = in.get<std::int32_t>();
    const auto payee = in.get<std::uint32_t>();
    const auto component = in.get<std::uint16_t>();
    r.summed.push_back({Period(r.period_length, period), payee, component, Money::from_micros(in.get<std::int64_t>())});
  }
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) {
    Exception e;
    e.kind = in.text();
    e.order_id = in.text();
    e.detail = in.text();
    e.stage = in.get<std::uint32_t>();
    e.date = Date::from_days(in.get<std::int32_t>());
    r.exceptions.push_back(std::move(e));
  }
  for (auto n = in.get<std::uint64_t>(); n > 0; --n) p->returns_paid.push_back(in.text());
  return p;
}

// Measured rows as (component, kind, who, period, value as decimal text)
using measured_row = std::tuple<std::uint16_t, std::uint8_t, std::string, std::int32_t, std::string>;

}  // namespace

void register_partitioned(py::module_& m) {
  py::class_<Measured, std::shared_ptr<Measured>>(m, "Measured")
      .def(py::init<>())
      .def("merge", [](Measured& a, const Measured& b) { a.merge(b); })
      .def("__len__", [](const Measured& a) { return a.rows().size(); })
      .def(py::pickle(
          [](const Measured& a) {
            std::vector<measured_row> rows;
            for (const auto& r : a.rows())
              rows.emplace_back(r.component, static_cast<std::uint8_t>(r.kind), r.who, r.period, text_of(r.value));
            return rows;
          },
          [](const std::vector<measured_row>& rows) {
            auto a = std::make_shared<Measured>();
            for (const auto& [component, kind, who, period, value] : rows)
              a->add(component, static_cast<Measured::kind>(kind), who, period, int128_of(value));
            return a;
          }));

  py::class_<partitioned::PayeePart, std::shared_ptr<partitioned::PayeePart>>(m, "PayeePart")
      .def_property_readonly("line_count", [](const partitioned::PayeePart& p) { return p.result.line_count(); })
      .def(py::pickle([](const partitioned::PayeePart& p) { return py::bytes(bytes_of(p)); },
                      [](const py::bytes& b) { return part_of(std::string_view(b)); }));

  m.def(
      "account_phase",
      [](const Plan& plan, const Org& org, const Ledger& ledger, std::uint32_t groups,
         std::shared_ptr<DealCredits> credits, std::optional<std::string> start, std::optional<std::string> end) {
        partitioned::AccountPart found;
        {
          py::gil_scoped_release release;
          found = partitioned::account_phase(plan, org, ledger, groups, credits.get(), run_range(start, end));
        }
        // orders by their position in the part's frame (the frame reader's
        // data rows count from 1, io/orders_origin.hpp), so that Python picks
        // rows by position, with no join on order ids
        auto row_of = [&](std::uint32_t i) {
          return static_cast<std::int64_t>(ledger.where({subject::kind::order, i}).row) - 1;
        };
        py::array_t<std::int64_t> route_row(static_cast<py::ssize_t>(found.routes.size())),
            elig_row(static_cast<py::ssize_t>(found.eligibility.size()));
        py::array_t<std::int32_t> route_group(static_cast<py::ssize_t>(found.routes.size()));
        auto rr = route_row.mutable_unchecked<1>();
        auto rg = route_group.mutable_unchecked<1>();
        auto er = elig_row.mutable_unchecked<1>();
        for (std::size_t k = 0; k < found.routes.size(); ++k) {
          rr(static_cast<py::ssize_t>(k)) = row_of(found.routes[k].first);
          rg(static_cast<py::ssize_t>(k)) = static_cast<std::int32_t>(found.routes[k].second);
        }
        std::vector<std::string> eligible, share, note;
        for (std::size_t k = 0; k < found.eligibility.size(); ++k) {
          const auto& e = found.eligibility[k];
          er(static_cast<py::ssize_t>(k)) = row_of(e.order);
          eligible.push_back(fraction_text(e.terms.eligible));
          share.push_back(fraction_text(e.terms.share));
          note.push_back(e.terms.note);
        }
        py::dict out;
        out["measured"] = std::make_shared<Measured>(std::move(found.measured));
        out["revenue_micros"] = found.revenue.micros();
        out["exceptions"] = rows_of(found.exceptions);
        out["route_row"] = route_row;
        out["route_group"] = route_group;
        out["elig_row"] = elig_row;
        out["eligible"] = eligible;
        out["share"] = share;
        out["note"] = note;
        return out;
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("groups"), py::arg("credits") = py::none(),
      py::arg("start") = py::none(), py::arg("end") = py::none());

  m.def(
      "returns_phase",
      [](const Plan& plan, const Org& org, const Ledger& ledger, std::optional<std::string> start,
         std::optional<std::string> end) {
        const partitioned::ReturnsPart found = partitioned::returns_phase(plan, org, ledger, run_range(start, end));
        return py::make_tuple(rows_of(found.exceptions), rows_of(found.unpaid));
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("start") = py::none(), py::arg("end") = py::none());

  m.def(
      "payee_phase",
      [](const Plan& plan, const Org& org, const Ledger& ledger, const std::vector<std::string>& elig_order,
         const std::vector<std::string>& eligible, const std::vector<std::string>& share,
         const std::vector<std::string>& note, std::uint32_t groups, const std::vector<std::uint32_t>& wanted,
         bool lines, std::shared_ptr<DealCredits> credits, std::optional<std::string> start,
         std::optional<std::string> end) {
        std::vector<detail::OrderEligibility> terms;
        for (std::size_t k = 0; k < elig_order.size(); ++k) {
          const OrderIndex i = ledger.find(elig_order[k]);
          if (!i.ok()) throw std::invalid_argument("eligibility of order '" + elig_order[k] + "', not in this part");
          terms.push_back({i.index(), Eligibility{fraction_of(eligible[k]), fraction_of(share[k]), note[k]}});
        }
        std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.order < b.order; });
        auto out = std::make_shared<partitioned::PayeePart>();
        {
          py::gil_scoped_release release;
          *out = partitioned::payee_phase(plan, org, ledger, terms, partitioned::members_of(org, groups, wanted),
                                          lines ? keep_lines::all : keep_lines::statements, credits.get(),
                                          run_range(start, end));
        }
        return out;
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("elig_order"), py::arg("eligible"),
      py::arg("share"), py::arg("note"), py::arg("groups"), py::arg("wanted"), py::arg("lines") = true,
      py::arg("credits") = py::none(), py::arg("start") = py::none(), py::arg("end") = py::none());

  m.def(
      "compare_results",
      [](std::shared_ptr<Plan> a, std::shared_ptr<Plan> b, std::shared_ptr<Org> org, const Evaluation& ra,
         const Evaluation& rb, std::int64_t revenue_a, std::int64_t revenue_b) {
        auto c = std::make_shared<Comparison>(
            compare(*a, *b, ra.result, rb.result, Money::from_micros(revenue_a), Money::from_micros(revenue_b)));
        // kept for the report's plan diff, roles and teams, as compare's are
        c->model_a = std::move(a);
        c->model_b = std::move(b);
        c->org = std::move(org);
        return c;
      },
      py::arg("plan_a"), py::arg("plan_b"), py::arg("org"), py::arg("a"), py::arg("b"), py::arg("revenue_a_micros"),
      py::arg("revenue_b_micros"));

  m.def(
      "check_credits",
      [](const DealCredits& credits, const Org& org, const Ledger& ledger) {
        (void)detail::resolve_deals(credits, org, ledger);  // spec 3.1: the errors one process reports
      },
      py::arg("credits"), py::arg("org"), py::arg("ledger"));

  m.def(
      "assemble",
      [](const Plan& plan, const Org& org, std::optional<std::string> start, std::optional<std::string> end,
         bool lines, const std::vector<std::shared_ptr<Measured>>& measured,
         const std::vector<std::shared_ptr<partitioned::PayeePart>>& parts, const std::vector<exception_row>& exceptions,
         const std::vector<exception_row>& unpaid) {
        Measured all;
        for (const auto& m : measured) all.merge(*m);
        std::vector<const partitioned::PayeePart*> views;
        for (const auto& p : parts) views.push_back(p.get());
        auto e = std::make_shared<Evaluation>();
        std::vector<Exception> found = exceptions_of(exceptions);
        const std::vector<Exception> candidates = exceptions_of(unpaid);
        {
          py::gil_scoped_release release;
          e->result = partitioned::assemble(plan, org, run_range(start, end),
                                            lines ? keep_lines::all : keep_lines::statements, all, views,
                                            std::move(found), candidates);
        }
        return e;
      },
      py::arg("plan"), py::arg("org"), py::arg("start"), py::arg("end"), py::arg("lines"), py::arg("measured"),
      py::arg("parts"), py::arg("exceptions"), py::arg("unpaid"));
}

}  // namespace payplan::python
