// Evaluation, results as numpy columns (money as exact integer micros, names
// as categorical codes), explain, and the errors Python sees.
#include <filesystem>
#include <sstream>

#include "payplan_python.hpp"
#include "payplan/engine/warnings.hpp"
#include "payplan/report/report.hpp"

namespace payplan::python {

RunRange run_range(const std::optional<std::string>& start, const std::optional<std::string>& end) {
  auto bound = [](const std::string& text, bool is_end, const char* what) {
    if (auto d = parse_date(text)) return *d;
    if (auto p = parse_period(text)) return is_end ? p->last_day() : p->first_day();
    throw usage_error(std::string(what) + " '" + text + "' is neither a date (YYYY-MM-DD) nor a period label");
  };
  RunRange r;
  if (start) r.from = bound(*start, false, "start");
  if (end) r.to = bound(*end, true, "end");
  return r;
}

namespace {

template <class T>
py::array_t<T> numpy_of(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(static_cast<py::ssize_t>(heap->size()), heap->data(), owner);
}

// micros of a value with `digits` decimals, rounded half-even to 6 decimals
std::int64_t micros_of(detail::int128 units, int digits) {
  return detail::narrow_to_int64(digits > 6 ? detail::divide_rounded(units, detail::pow10_128(digits - 6), rounding::half_even)
                                            : units * detail::pow10_128(6 - digits));
}

std::int64_t micros_of(const Fraction& f) { return detail::narrow_to_int64(millionths(f)); }

py::dict lines_columns(const Evaluation& e) {
  const Result& r = e.result;
  const OrderTable& orders = r.orders;
  const auto order = r.sorted_lines();
  const std::size_t n = order.size();
  std::vector<std::int32_t> period(n), payee(n), component(n), date(n), account(n), note(n);
  std::vector<std::int64_t> order_index(n), amount_in(n), credit(n), gross(n), eligible(n), share(n), amount(n);
  for (std::size_t k = 0; k < n; ++k) {
    const Line& line = r.lines[order[k]];
    const Factors& f = r.factors_of(line);
    period[k] = line.period;
    payee[k] = static_cast<std::int32_t>(line.payee);
    component[k] = line.component;
    note[k] = static_cast<std::int32_t>(line.note);
    if (line.order.ok()) {
      const auto i = line.order.index();
      order_index[k] = i;
      date[k] = orders.dates()[i].days();
      account[k] = static_cast<std::int32_t>(orders.accounts()[i]);
      amount_in[k] = orders.amounts()[i].micros();
      credit[k] = micros_of(Fraction::of(f.credit));  // spec 3.1
    } else {
      order_index[k] = -1;
      date[k] = INT32_MIN;
      account[k] = -1;
      amount_in[k] = 0;
      credit[k] = 0;
    }
    gross[k] = micros_of(r.shown_gross(line).units(), Gross::digits);
    eligible[k] = micros_of(f.eligible);
    share[k] = micros_of(f.share);
    amount[k] = line.amount.micros();
  }
  py::dict d;
  d["period"] = numpy_of(std::move(period));
  d["payee"] = numpy_of(std::move(payee));
  d["component"] = numpy_of(std::move(component));
  d["order"] = numpy_of(std::move(order_index));
  d["account"] = numpy_of(std::move(account));
  d["date"] = numpy_of(std::move(date));
  d["amount_in"] = numpy_of(std::move(amount_in));
  d["credit"] = numpy_of(std::move(credit));
  d["gross"] = numpy_of(std::move(gross));
  d["eligible"] = numpy_of(std::move(eligible));
  d["share"] = numpy_of(std::move(share));
  d["amount"] = numpy_of(std::move(amount));
  d["note"] = numpy_of(std::move(note));
  return d;
}

py::dict statements_columns(const Evaluation& e) {
  const Result& r = e.result;
  auto statements = r.statements();
  const std::size_t n = statements.size();
  std::vector<std::int32_t> period(n), payee(n), component(n);
  std::vector<std::int64_t> amount(n);
  for (std::size_t k = 0; k < n; ++k) {
    period[k] = statements[k].period.ordinal();
    payee[k] = static_cast<std::int32_t>(statements[k].payee);
    component[k] = statements[k].component;
    amount[k] = statements[k].amount.micros();
  }
  py::dict d;
  d["period"] = numpy_of(std::move(period));
  d["payee"] = numpy_of(std::move(payee));
  d["component"] = numpy_of(std::move(component));
  d["amount"] = numpy_of(std::move(amount));
  return d;
}

template <class Pool>
std::vector<std::string> pool_strings(const Pool& pool) {
  std::vector<std::string> out(pool.size());
  for (std::uint32_t i = 0; i < pool.size(); ++i) out[i] = std::string(pool[i]);
  return out;
}

}  // namespace

void register_errors(py::module_& m) {
  static py::handle input_error_type = py::register_exception<payplan::input_error>(m, "InputError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const payplan::overflow_error& e) {
      PyErr_SetString(input_error_type.ptr(), e.what());  // an overflow names the input it came from
    } catch (const payplan::usage_error& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
}

void register_compare(py::module_& m) {
  py::class_<Comparison, std::shared_ptr<Comparison>>(m, "Comparison")
      .def_readonly("plan_a", &Comparison::plan_a)
      .def_readonly("plan_b", &Comparison::plan_b)
      .def_readonly("minor_unit", &Comparison::minor_unit)
      .def_property_readonly("totals_micros",
                             [](const Comparison& c) {
                               return std::tuple(c.total_a.micros(), c.total_b.micros(), c.revenue_a.micros(),
                                                 c.revenue_b.micros());
                             })
      .def("rows",
           [](const Comparison& c) {
             std::vector<std::tuple<std::string, std::string, std::string, std::int64_t, std::int64_t>> out;
             for (const auto& r : c.rows)
               out.emplace_back(r.period, r.payee, r.component, r.amount_a.micros(), r.amount_b.micros());
             return out;
           })
      .def("payees",
           [](const Comparison& c) {
             std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> out;
             for (const auto& p : payee_totals(c)) out.emplace_back(p.label(), p.amount_a.micros(), p.amount_b.micros());
             return out;
           })
      .def("periods",
           [](const Comparison& c) {
             std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> out;
             for (const auto& [p, a, b] : period_totals(c)) out.emplace_back(p, a.micros(), b.micros());
             return out;
           })
      .def("summary_text",
           [](const Comparison& c, std::size_t top) {
             std::ostringstream o;
             print_comparison(o, c, top);
             return o.str();
           },
           py::arg("top") = 10)
      .def("summary_csv",
           [](const Comparison& c) {
             std::ostringstream o;
             write_comparison_summary(o, c);
             return o.str();
           })
      .def("write_report",
           [](const Comparison& c, const std::string& path) {
             // the plans and org compare() kept: the plan diff, roles and teams (none for a Dask comparison's)
             const WhatIfInputs inputs{c.model_a.get(), c.model_b.get(), c.org.get()};
             write_file_atomically(path, [&](std::ostream& o) { write_html_report(o, c, inputs); });
           },
           py::arg("path"))
      .def("write",
           [](const Comparison& c, const std::string& dir) {
             write_atomically(dir, {{"compare.csv", [&](std::ostream& o) { write_comparison(o, c); }},
                                    {"summary.csv", [&](std::ostream& o) { write_comparison_summary(o, c); }}});
           },
           py::arg("dir"));

  m.def(
      "compare",
      [](std::shared_ptr<Plan> a, std::shared_ptr<Plan> b, std::shared_ptr<Org> org, std::shared_ptr<Ledger> ledger,
         std::optional<std::string> start, std::optional<std::string> end, std::shared_ptr<DealCredits> credits) {
        RunRange range = run_range(start, end);
        py::gil_scoped_release release;
        auto c = std::make_shared<Comparison>(compare(*a, *b, *org, *ledger, range, credits.get()));
        // kept for write_report's plan diff, roles and teams
        c->model_a = std::move(a);
        c->model_b = std::move(b);
        c->org = std::move(org);
        return c;
      },
      py::arg("plan_a"), py::arg("plan_b"), py::arg("org"), py::arg("ledger"), py::arg("start") = py::none(),
      py::arg("end") = py::none(), py::arg("credits") = py::none());
}

void register_result(py::module_& m) {
  register_compare(m);
  py::class_<Evaluation, std::shared_ptr<Evaluation>>(m, "Evaluation")
      .def("lines_columns", &lines_columns)
      .def("statements_columns", &statements_columns)
      .def("exceptions",
           [](const Evaluation& e) {
             std::vector<std::tuple<std::string, std::string, std::string>> out;
             for (const auto& x : e.result.exceptions) out.emplace_back(x.kind, x.order_id, x.detail);
             return out;
           })
      .def("period_label", [](const Evaluation& e, std::int32_t ordinal) { return to_string(Period(e.result.period_length, ordinal)); })
      .def_property_readonly("payees", [](const Evaluation& e) { return pool_strings(e.result.payees); })
      .def_property_readonly("components", [](const Evaluation& e) { return e.result.components; })
      .def_property_readonly("notes", [](const Evaluation& e) { return e.result.notes; })
      .def_property_readonly("minor_unit", [](const Evaluation& e) { return e.result.minor_unit; })
      .def("order_ids",
           [](const Evaluation& e) {
             const OrderTable& orders = e.result.orders;
             std::vector<std::string> out(orders.size());
             for (std::uint32_t i = 0; i < out.size(); ++i) out[i] = std::string(orders.order_id(OrderIndex(i)));
             return out;
           })
      .def("account_names",
           [](const Evaluation& e) {
             const OrderTable& orders = e.result.orders;
             std::vector<std::string> out(orders.account_count());
             for (std::uint32_t i = 0; i < out.size(); ++i) out[i] = std::string(orders.account_name(i));
             return out;
           })
      .def("total_micros", [](const Evaluation& e) { return e.result.total().micros(); })
      .def("write",
           [](const Evaluation& e, const std::string& dir) {
             // spec 6: a manifest too; made in Python, it names no arguments or input files
             run_manifest record;
             record.version = payplan_version();
             write_run(dir, e.result, run_outputs{!e.result.lines_summed, true, true}, e.paid.get(), &record);
           },
           py::arg("dir"),
           "Writes lines.csv (if kept), statements.csv, exceptions.csv, adjustments.csv and manifest.json as "
           "`payplan run` does.")
      .def(
          "settle",
          [](Evaluation& e, const Plan& plan, const Org& org, std::shared_ptr<const PaidRun> paid,
             std::optional<std::string> closed_through, std::shared_ptr<const ManualAdjustments> manual) {
            std::optional<Period> ct;
            if (closed_through) {
              ct = parse_period(*closed_through);
              if (!ct) throw usage_error("closed_through '" + *closed_through + "' is not a period label (2026-Q1, 2026-01 or 2026)");
            }
            settle(e.result, plan, org, Closing{paid ? &paid->history : nullptr, ct, manual.get()});
            e.paid = std::move(paid);
          },
          py::arg("plan"), py::arg("org"), py::arg("paid"), py::arg("closed_through"), py::arg("manual"),
          "spec 6: settles the result against an earlier run's pay history and manual adjustments.")
      .def("adjustments",
           [](const Evaluation& e) {
             using row = std::tuple<std::string, std::string, std::string, std::optional<std::string>,
                                    std::optional<std::int64_t>, std::optional<std::int64_t>, std::int64_t>;
             std::vector<row> out;
             for (const Adjustment& a : e.result.adjustments)
               out.emplace_back(to_string(a.period), a.payee, a.component,
                                a.origin ? std::optional(to_string(*a.origin)) : std::nullopt,
                                a.paid ? std::optional(a.paid->micros()) : std::nullopt,
                                a.recomputed ? std::optional(a.recomputed->micros()) : std::nullopt, a.delta.micros());
             return out;
           })
      .def_property_readonly("closed_lines",
                             [](const Evaluation& e) { return e.paid ? e.paid->closed_lines : std::string(); })
      .def_property_readonly("lines_kept", [](const Evaluation& e) { return !e.result.lines_summed; })
      .def_property_readonly("line_count", [](const Evaluation& e) { return e.result.line_count(); });

  m.def(
      "evaluate",
      [](const Plan& plan, const Org& org, std::shared_ptr<Ledger> ledger, std::optional<std::string> start,
         std::optional<std::string> end, bool lines, std::shared_ptr<DealCredits> credits) {
        RunRange range = run_range(start, end);
        auto e = std::make_shared<Evaluation>();
        {
          py::gil_scoped_release release;  // the engine touches no Python object
          evaluate_into(e->result, plan, org, *ledger, range, lines ? keep_lines::all : keep_lines::statements,
                        credits.get());
        }
        return e;
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("start") = py::none(), py::arg("end") = py::none(),
      py::arg("lines") = true, py::arg("credits") = py::none());

  // issue 15: the surprising settings (engine/warnings.hpp) as dicts: file, line, column, message, text
  m.def(
      "warnings",
      [](const Plan& plan, const Org& org, std::optional<std::string> start, std::optional<std::string> end) {
        py::list out;
        for (const warning& w : warnings(plan, org, run_range(start, end))) {
          py::dict d;
          d["file"] = w.where.file;
          d["line"] = w.where.line;
          d["column"] = w.where.column;
          d["message"] = w.message;
          d["text"] = w.describe();
          out.append(d);
        }
        return out;
      },
      py::arg("plan"), py::arg("org"), py::arg("start") = py::none(), py::arg("end") = py::none());

  // explain's record (engine/trace.hpp) as dicts: component, period, steps, amount
  auto traced = [](const std::vector<LineTrace>& lines) {
    py::list out;
    for (const auto& x : lines) {
      py::dict d;
      d["component"] = x.component;
      d["period"] = x.period;
      d["steps"] = x.steps;
      d["amount_micros"] = x.amount.micros();
      out.append(d);
    }
    return out;
  };
  m.def(
      "explain",
      [traced](const Plan& plan, const Org& org, const Ledger& ledger, const std::string& payee,
               const std::string& order_id, std::optional<std::string> start, std::optional<std::string> end,
               std::shared_ptr<DealCredits> credits) {
        return traced(explain(plan, org, ledger, TraceRequest{payee, order_id, std::nullopt, {}}, run_range(start, end),
                              credits.get()));
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("payee"), py::arg("order_id"),
      py::arg("start") = py::none(), py::arg("end") = py::none(), py::arg("credits") = py::none());
  m.def(
      "explain_period",
      [traced](const Plan& plan, const Org& org, const Ledger& ledger, const std::string& payee,
               const std::string& period, const std::string& component, std::optional<std::string> start,
               std::optional<std::string> end, std::shared_ptr<DealCredits> credits) {
        auto p = parse_period(period);
        if (!p) throw py::value_error("period '" + period + "' is not a period label (2026-Q1, 2026-01 or 2026)");
        return traced(explain(plan, org, ledger, TraceRequest{payee, "", p, component}, run_range(start, end),
                              credits.get()));
      },
      py::arg("plan"), py::arg("org"), py::arg("ledger"), py::arg("payee"), py::arg("period"),
      py::arg("component") = "", py::arg("start") = py::none(), py::arg("end") = py::none(),
      py::arg("credits") = py::none());
}

}  // namespace payplan::python
