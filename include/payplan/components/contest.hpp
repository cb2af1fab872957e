#pragma once
// spec 4.6: a sales contest (SPIF) over a window: prizes by rank, ties
// sharing the prizes of the places they occupy.
//
//   struct Contest;
//   template <class Trace> class detail::ContestRun;   // Trace: engine/trace.hpp

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

namespace detail {
template <class Trace>
class ContestRun;
}  // namespace detail

enum class contest_metric : std::uint8_t { sales, new_accounts };
constexpr auto names_of(contest_metric) {
  return std::array{std::pair{std::string_view("sales"), contest_metric::sales}, std::pair{std::string_view("new_accounts"), contest_metric::new_accounts}};
}

/// spec 4.6: prizes by rank over a window.
struct Contest : ComponentBase {
  static constexpr std::string_view type_name = "contest";
  /// paid from sums by period (engine/measured.hpp), not order by order
  static constexpr bool period_level = true;
  template <class Trace>
  using run = detail::ContestRun<Trace>;  ///< its pricer, below
  Date from, to;
  contest_metric metric = contest_metric::sales;
  std::vector<Money> prizes;

  static constexpr auto keys() {
    return std::tuple(group("window", subject::kind::contest_window, key("from", &Contest::from).required(),
                            key("to", &Contest::to).required()),
                      key("metric", &Contest::metric),
                      key("prizes", &Contest::prizes)
                          .required()
                          .each("a prize")
                          .not_negative("a prize cannot be negative")
                          .non_empty("prizes is an empty list"));
  }
  static void check(const Contest& c, const locator& at) {
    if (c.to < c.from)
      throw input_error(node_at(at(subject::kind::contest_window)), "the contest window ends before it starts");
  }
};

}  // namespace payplan

namespace payplan::detail {

template <class Trace>
class ContestRun {
 public:
  ContestRun(Evaluation& ev, const Contest& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace) {}

  /// The period the contest pays in: the one holding the window's last day.
  [[nodiscard]] static std::int32_t period_of(const Evaluation& ev, const Contest& comp) {
    return Period::containing(comp.to, ev.plan.period).ordinal();
  }

  /// spec 4.6: each selected person's credited sales in the window (spec
  /// 3.1: a_r), the accounts whose first order they are credited with, and
  /// who is placed. An account's first order is the first of its orders
  /// (ledger order is date order), so a partition holding whole accounts
  /// measures it.
  static void measure(const Evaluation& ev, const Contest& comp, std::uint16_t index, Measured& out) {
    if (!ev.written(period_of(ev, comp))) return;
    const auto selected = select_payees(comp.payees, ev.org);
    const ProductFilter applies_to_product(comp.products, ev.ledger);
    auto amounts = ev.ledger.amounts();
    auto dates = ev.ledger.dates();
    auto accounts = ev.ledger.accounts();
    const std::size_t people = ev.org.people().size();
    std::vector<int128> sales(people);  // credited sales a_r (spec 3.1), positions
    std::vector<std::int64_t> new_accounts(people, 0);
    std::vector<std::uint8_t> placed(people, 0), account_seen(ev.ledger.account_count(), 0);
    const Credits& cr = ev.credits;
    std::size_t k = 0;
    // Ledger order is date order: an account's first order is the first one seen.
    for (std::uint32_t i = 0; i < ev.ledger.size(); ++i) {
      const std::size_t first = k;
      if (k < cr.size() && cr.order[k].index() == i) k = cr.order_end(k);  // the order's credit rows: [first, k)
      if (!applies_to_product(i)) continue;
      const bool first_order = !account_seen[accounts[i]];
      account_seen[accounts[i]] = 1;
      if (dates[i] < comp.from || comp.to < dates[i]) continue;
      for (std::size_t r = first; r < k; ++r) {
        const PersonId p = cr.receiver[r];
        if (!selected[p.index()]) continue;
        sales[p.index()] = checked_add(sales[p.index()], cr.credited(r, amounts[i]));
        if (comp.metric == contest_metric::sales) placed[p.index()] = 1;  // any credited order in the window
      }
      if (!first_order || first == k) continue;
      // spec 3.1: a new account counts for the non-overlay receiver with the
      // largest share of its first order (a tie: the smallest id in byte order)
      std::size_t best = SIZE_MAX;
      for (std::size_t r = first; r < k; ++r) {
        if (cr.overlay(r)) continue;
        if (best == SIZE_MAX || cr.share(r) > cr.share(best) ||
            (cr.share(r) == cr.share(best) && ev.org.person(cr.receiver[r]).id < ev.org.person(cr.receiver[best]).id))
          best = r;
      }
      if (best == SIZE_MAX || !selected[cr.receiver[best].index()]) continue;
      const PersonId p = cr.receiver[best];
      ++new_accounts[p.index()];
      if (comp.metric == contest_metric::new_accounts) placed[p.index()] = 1;
    }
    for (std::uint32_t x = 0; x < people; ++x) {
      const std::string& id = ev.org.person(PersonId(x)).id;
      if (sales[x] != 0) out.add(index, Measured::kind::credited, id, 0, sales[x]);
      if (new_accounts[x] != 0) out.add(index, Measured::kind::new_accounts, id, 0, new_accounts[x]);
      if (placed[x]) out.add(index, Measured::kind::placed, id, 0, 1);
    }
  }

  void run() {
    Measured measured;
    measure(ev_, comp_, index_, measured);
    pay(measured);
  }

  /// The lines, from the sums of every order (measure, added up).
  void pay(const Measured& measured) {
    const std::int32_t period = period_of(ev_, comp_);
    if (!ev_.written(period)) return;
    const std::size_t people = ev_.org.people().size();
    std::vector<int128> sales(people);
    std::vector<std::int64_t> new_accounts(people, 0);
    std::vector<std::uint8_t> placed(people, 0);
    auto person = [&](const Measured::Row& r) { return ev_.org.find_person(r.who).index(); };
    measured.each(index_, Measured::kind::credited, [&](const Measured::Row& r) { sales[person(r)] = r.value; });
    measured.each(index_, Measured::kind::new_accounts,
                  [&](const Measured::Row& r) { new_accounts[person(r)] = narrow_to_int64(r.value); });
    measured.each(index_, Measured::kind::placed, [&](const Measured::Row& r) { placed[person(r)] = r.value > 0; });
    // rank by metric, highest first (ties by id only to fix the order)
    std::vector<PersonId> ranked;
    for (std::uint32_t x = 0; x < people; ++x)
      if (placed[x]) ranked.push_back(PersonId(x));
    auto metric = [&](PersonId x) -> int128 {
      return comp_.metric == contest_metric::sales ? sales[x.index()] : int128{new_accounts[x.index()]};
    };
    std::sort(ranked.begin(), ranked.end(), [&](PersonId a, PersonId b) {
      if (metric(a) != metric(b)) return metric(a) > metric(b);
      return ev_.org.person(a).id < ev_.org.person(b).id;
    });
    for (std::size_t start = 0; start < ranked.size();) {
      std::size_t end = start + 1;
      while (end < ranked.size() && metric(ranked[end]) == metric(ranked[start])) ++end;
      // spec 4.6: tied payees share the prizes of the places they occupy equally
      Money pool;
      for (std::size_t place = start; place < end && place < comp_.prizes.size(); ++place) pool += comp_.prizes[place];
      const auto tied = static_cast<std::int64_t>(end - start);
      // Each tied payee's line is its portion 1/tied of the pool, kept exact
      // until the one rounding; eligible and share stay 1 (spec 4.1: they
      // come from transfer terms), so lines.csv shows the payee's own
      // unrounded share of the prizes as gross.
      std::uint32_t factors = 0;
      if (tied > 1) {
        ev_.result.factors.push_back({Fraction::one(), Fraction::one(), Fraction{1, tied}});
        factors = static_cast<std::uint32_t>(ev_.result.factors.size() - 1);
      }
      for (std::size_t r = start; r < end; ++r) {
        std::string note = "place " + std::to_string(start + 1);
        if (tied > 1)
          note += " (tied " + std::to_string(tied) + " ways for places " + std::to_string(start + 1) + "-" +
                  std::to_string(end) + ", sharing " + ev_.money(pool) + ")";
        note += comp_.metric == contest_metric::sales ? ": sales " + position_text(sales[ranked[r].index()], ev_.plan.currency.minor_unit)
                                                      : ": new accounts " + std::to_string(new_accounts[ranked[r].index()]);
        const Line& line =
            ev_.push_period_line(ev_.payee(ranked[r]), period, index_, pool * Rate::one(), ev_.note(std::move(note)), factors);
        if constexpr (Trace::on)
          if (trace_.wants(ev_.result, line)) {
            const std::string measured = comp_.metric == contest_metric::sales
                                             ? "credited sales " + position_text(sales[ranked[r].index()], ev_.plan.currency.minor_unit)
                                             : "new accounts " + std::to_string(new_accounts[ranked[r].index()]);
            narrate(ranked[r], measured, start, end, ranked.size(), pool, line);
          }
      }
      start = end;
    }
  }

 private:
  // explain: the window, what was measured, the place and the prizes it shares
  void narrate(PersonId p, const std::string& measured, std::size_t start, std::size_t end,
               std::size_t placed, Money pool, const Line& line) {
    LineTrace& x = trace_.record(ev_.result, line);
    x.steps.push_back("contest window " + to_string(comp_.from) + " to " + to_string(comp_.to) + ", paid in " + x.period +
                      ", the period of its last day; ranked by " +
                      (comp_.metric == contest_metric::sales ? "credited sales" : "new accounts") + " in the window");
    x.steps.push_back(ev_.org.person(p).id + ": " + measured + ", place " + std::to_string(start + 1) + " of " +
                      std::to_string(placed) + " placed");
    std::string prizes;
    for (std::size_t place = start; place < end; ++place)
      prizes += (place == start ? "" : " + ") +
                (place < comp_.prizes.size() ? ev_.money(comp_.prizes[place]) : ev_.money(Money{}) + " (no prize)");
    if (end - start > 1)
      x.steps.push_back("tied " + std::to_string(end - start) + " ways for places " + std::to_string(start + 1) + "-" +
                        std::to_string(end) + " (spec 4.6): their prizes " + prizes + " = " + ev_.money(pool) +
                        ", shared equally");
    else
      x.steps.push_back("the prize of place " + std::to_string(start + 1) + ": " + prizes);
    x.steps.push_back("gross = " + to_string(line.gross, ev_.plan.currency.minor_unit) +
                      (end - start > 1 ? " (the pool)" : ""));
    ev_.narrate_factors(x, ev_.result.factors_of(line), "", line.gross, line,
                        "portion, 1 of " + std::to_string(end - start) + " tied");
  }

  Evaluation& ev_;
  const Contest& comp_;
  std::uint16_t index_;
  Trace& trace_;
};

}  // namespace payplan::detail
