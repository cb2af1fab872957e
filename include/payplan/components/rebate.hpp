#pragma once
// spec 4.7: a customer volume rebate, the payee being the account.
//
//   struct Rebate;
//   template <class Trace> class detail::RebateRun;   // Trace: engine/trace.hpp

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

namespace detail {
template <class Trace>
class RebateRun;
}  // namespace detail

/// spec 4.7: a customer volume rebate; the payee is the account.
struct Rebate : ComponentBase {
  static constexpr std::string_view type_name = "rebate";
  /// paid from sums by period (engine/measured.hpp), not order by order
  static constexpr bool period_level = true;
  template <class Trace>
  using run = detail::RebateRun<Trace>;  ///< its pricer, below
  TierTable tiers;
  std::vector<std::string> accounts;  ///< empty: every account

  static constexpr bool has_payees = false;  // spec 4.7: the payee is the account
  static constexpr auto keys() {
    return std::tuple(key("accounts", &Rebate::accounts).each("an account id"),
                      key("tiers", &Rebate::tiers).required("rebate").on(tiers_on::sales));
  }
};

}  // namespace payplan

namespace payplan::detail {

template <class Trace>
class RebateRun {
 public:
  RebateRun(Evaluation& ev, const Rebate& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace) {}

  /// spec 4.7: each ledger account's sales (whoever is credited) in each
  /// written period, its orders' products and the listed accounts only.
  static void measure(const Evaluation& ev, const Rebate& comp, std::uint16_t index, Measured& out) {
    const ProductFilter applies_to_product(comp.products, ev.ledger);
    std::vector<std::uint8_t> account_ok(ev.ledger.account_count(), comp.accounts.empty() ? 1 : 0);
    if (!comp.accounts.empty()) {
      // one hash look-up per ledger account, not a comparison per pair
      const std::unordered_set<std::string_view> listed(comp.accounts.begin(), comp.accounts.end());
      for (std::uint32_t a = 0; a < account_ok.size(); ++a)
        if (listed.contains(ev.ledger.account_name(a))) account_ok[a] = 1;
    }
    auto amounts = ev.ledger.amounts();
    auto accounts = ev.ledger.accounts();
    PeriodSums<> totals;
    for (std::uint32_t i = 0; i < ev.ledger.size(); ++i) {
      if (!account_ok[accounts[i]] || !applies_to_product(i)) continue;
      if (ev.written(ev.period_of[i])) totals.add(accounts[i], ev.period_of[i], amounts[i]);
    }
    totals.each([&](std::uint32_t a, std::int32_t p, Money m) {
      out.add(index, Measured::kind::rebate_sales, std::string(ev.ledger.account_name(a)), p, m.micros());
    });
  }

  void run() {
    Measured measured;
    measure(ev_, comp_, index_, measured);
    pay(measured);
  }

  /// The lines, from the sums of every order (measure, added up): accounts
  /// by id, so lines come out in a fixed order.
  void pay(const Measured& measured) {
    std::vector<std::string_view> order;  // the accounts with sales, by id (rows are sorted by id)
    PeriodSums<> totals;
    measured.each(index_, Measured::kind::rebate_sales, [&](const Measured::Row& r) {
      if (order.empty() || order.back() != r.who) order.push_back(r.who);
      totals.add(static_cast<std::uint32_t>(order.size() - 1), r.period, Money::from_micros(narrow_to_int64(r.value)));
    });
    const TierSchedule schedule(comp_.tiers, Money{});
    for (std::int32_t p : ev_.written_periods()) {
      for (std::uint32_t a = 0; a < order.size(); ++a) {
        if (!totals.has(a, p)) continue;
        // spec 4.7: retroactive: total x the rate of its tier; marginal: the integral from 0
        const Money total = totals.at(a, p);
        const Gross g = comp_.tiers.method == tier_method::marginal
                            ? schedule.marginal(0, sales_position(total))
                            : total * schedule.rate_at_total(sales_position(total));
        const Line& line =
            ev_.push_period_line(ev_.result.payees.intern(payee_kind::account, order[a]), p, index_,
                                 g, ev_.note("account sales " + ev_.money(total) + " in " +
                                             to_string(Period(ev_.plan.period, p))));
        if constexpr (Trace::on)
          if (trace_.wants(ev_.result, line)) narrate(order[a], total, schedule, line);
      }
    }
  }

 private:
  // explain: the account's sales in the period and the tiers they reach
  void narrate(std::string_view account, Money total, const TierSchedule& schedule, const Line& line) {
    LineTrace& x = trace_.record(ev_.result, line);
    const int minor = ev_.plan.currency.minor_unit;
    x.steps.push_back("account " + std::string(account) +
                      " (the payee, spec 4.7): its orders' sales in " + x.period + ", whoever is credited, = " +
                      ev_.money(total));
    const int128 to = sales_position(total);
    if (comp_.tiers.method == tier_method::marginal)
      x.steps.push_back("marginal tiers over [0, " + position_text(to, minor) + "):" + marginal_pieces(schedule, 0, to, minor));
    else
      x.steps.push_back("retroactive tiers: " + ev_.money(total) + " falls in the tier at " +
                        to_percent_string(schedule.rate_at_total(to)) + ": gross = " + ev_.money(total) + " x " +
                        to_percent_string(schedule.rate_at_total(to)));
    x.steps.push_back("gross = " + to_string(line.gross, minor));
    ev_.narrate_factors(x, ev_.result.factors_of(line), "", line.gross, line);
  }

  Evaluation& ev_;
  const Rebate& comp_;
  std::uint16_t index_;
  Trace& trace_;
};

}  // namespace payplan::detail
