#pragma once
// Where a payee stands at the end of a period (issue 16): how far a rep is
// from the next tier, and how far a transferred account's terms are from
// paying in full. A statement shows both beside the lines; neither changes
// what a line pays.
//
//   struct TierStanding;      // a tiered commission (spec 4.1): credited sales, quota, attainment, the tier reached
//   struct TransferStanding;  // an account transferred to the payee under terms (spec 4.2), at the period's end
//   std::vector<TransferStanding> transfer_standings(plan.transfer_terms, const Org&, const Ledger&, payee, Period);
//
// A TierStanding is recorded by the commission pricer while explain runs
// (engine/trace.hpp), from the running total the lines were priced on; a
// TransferStanding sums the account's orders since the transfer as spec 4.2
// defines s, at the period's last day.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/plan_base.hpp"
#include "payplan/model/transfer_terms.hpp"
#include "payplan/model/tiers.hpp"
#include "payplan/values/calendar.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"
#include "payplan/values/rounding.hpp"

namespace payplan {

/// A payee's position in one tiered commission's table at the end of a
/// period: the period's cumulative credited sales for the component (spec
/// 4.1's c after the last credit, returns included), the tier holding it,
/// and where the next tier starts. Amounts are the exact positions rounded
/// half-even to Money's 6 decimals (exact unless a credit share leaves more).
struct TierStanding {
  std::string payee;
  std::string component;
  Period period;
  tier_basis basis = tier_basis::attainment;
  tier_method method = tier_method::marginal;
  Money credited;                       ///< c at the period's end
  std::optional<Money> quota;           ///< attainment tiers: the payee's quota (none: the component paid 0)
  std::optional<Percent> attainment;    ///< credited / quota, cut to Rate's 10 decimals
  std::size_t tier = 0;                 ///< 0-based: the tier covering credited, (previous upto, upto]
  std::size_t tier_count = 0;
  Rate rate;                            ///< that tier's rate
  std::optional<Money> next_from;       ///< where the next tier starts on the sales axis; none in the top tier
  std::optional<Percent> next_from_percent;  ///< attainment tiers: that bound as % of quota
  std::optional<Rate> next_rate;

  /// Sales still needed to reach the next tier (0 when exactly at its start).
  [[nodiscard]] std::optional<Money> to_next() const {
    if (!next_from) return std::nullopt;
    return std::max(*next_from - credited, Money{});
  }
};

namespace detail {

/// A position on the sales axis (10^-16 units, model/tiers.hpp) as Money, half-even.
[[nodiscard]] inline Money position_money(int128 x) {
  const int128 micros = divide_rounded(x, Rate::scale, rounding::half_even);
  return Money::from_micros(narrow_to_int64(micros));
}

/// The standing of a payee with cumulative credited sales `c` on `schedule`.
[[nodiscard]] inline TierStanding tier_standing(std::string payee, std::string component, Period period,
                                                const TierTable& table, const TierSchedule& schedule, int128 c,
                                                std::optional<Money> quota) {
  TierStanding s;
  s.payee = std::move(payee);
  s.component = std::move(component);
  s.period = period;
  s.basis = table.basis;
  s.method = table.method;
  s.credited = position_money(c);
  s.quota = quota;
  s.tier_count = table.tiers.size();
  if (table.basis == tier_basis::attainment && !quota) return s;  // spec 4.1: no quota, nothing paid
  if (quota && quota->micros() > 0)
    s.attainment = Rate::from_units(narrow_to_int64(c / quota->micros()));  // (c / 10^16) / (q / 10^6) in 10^-10
  s.tier = schedule.tier_at(c);
  s.rate = table.tiers[s.tier].rate;
  if (s.tier < schedule.bounds().size()) {
    s.next_from = position_money(schedule.bounds()[s.tier]);
    if (table.basis == tier_basis::attainment) s.next_from_percent = table.tiers[s.tier].upto_percent;
    s.next_rate = table.tiers[s.tier + 1].rate;
  }
  return s;
}

}  // namespace detail

/// An account transferred to the payee under transfer terms (spec 4.2),
/// as its terms stand on `as_of`: the period's last day, or the day before
/// the account's next owners entry when that comes first.
struct TransferStanding {
  std::string account;
  std::string terms;                   ///< the plan's transfer_terms name
  Date transferred;                    ///< T, the entry's date
  Date as_of;
  Money sales_since;                   ///< s: the account's orders dated T to as_of (spec 4.2)
  std::optional<Date> delay_ends;      ///< T + delay: orders before it earn nothing
  bool new_orders_only = false;        ///< only orders the payee closed earn
  std::optional<Money> threshold;      ///< only sales since T above it earn
  std::optional<Ramp> ramp;
  int months_elapsed = 0;              ///< whole months from T to as_of (spec 1)
  std::optional<Percent> ramp_share;   ///< the step in force on as_of (by months) or at s (by sales)
  std::optional<RampStep> next_step;   ///< the ramp's next step, if any

  /// Sales still needed before the threshold (0 once passed).
  [[nodiscard]] std::optional<Money> to_threshold() const {
    if (!threshold) return std::nullopt;
    return std::max(*threshold - sales_since, Money{});
  }
};

/// The transfers under a plan's `transfer_terms` of accounts `payee` owns (alone or in a team)
/// at some time in `period`, by account id then date. Accounts with no
/// terms, and transfers whose terms the plan does not have, are not listed.
[[nodiscard]] inline std::vector<TransferStanding> transfer_standings(const std::vector<TransferTerms>& transfer_terms,
                                                                     const Org& org, const Ledger& ledger,
                                                                     std::string_view payee, Period period) {
  std::vector<TransferStanding> out;
  const PersonId me = org.find_person(payee);
  if (!me.ok() || transfer_terms.empty()) return out;
  const TransferTermsIndex terms_by_name(transfer_terms);
  // the ledger's account numbers of each org account, by name
  std::vector<std::uint32_t> ledger_account(org.accounts().size(), UINT32_MAX);
  for (std::uint32_t a = 0; a < ledger.account_count(); ++a)
    if (const AccountId id = org.find_account(ledger.account_name(a)); id.ok()) ledger_account[id.index()] = a;
  const auto accounts = ledger.accounts();
  const auto dates = ledger.dates();
  const auto amounts = ledger.amounts();
  for (std::size_t a = 0; a < org.accounts().size(); ++a) {
    const Account& account = org.accounts()[a];
    for (std::size_t e = 0; e < account.owners.size(); ++e) {
      const Dated<Ownership>& entry = account.owners[e];
      if (entry.value.terms.empty() || !entry.value.has_member(me)) continue;
      const TransferTerms* terms = terms_by_name.find(entry.value.terms);
      if (terms == nullptr) continue;
      // in force from entry.from until the next entry's date
      const bool last = e + 1 == account.owners.size();
      const Date until = last ? period.last_day() : Date::from_days(account.owners[e + 1].from.days() - 1);
      if (entry.from > period.last_day() || until < period.first_day()) continue;
      TransferStanding s;
      s.account = account.id;
      s.terms = terms->name;
      s.transferred = entry.from;
      s.as_of = std::min(period.last_day(), until);
      // spec 4.2: s runs over every order on the account dated on or after T
      if (const std::uint32_t la = ledger_account[a]; la != UINT32_MAX)
        for (std::size_t i = 0; i < ledger.size(); ++i)
          if (accounts[i] == la && dates[i] >= s.transferred && dates[i] <= s.as_of) s.sales_since += amounts[i];
      if (terms->delay) s.delay_ends = entry.from + *terms->delay;
      s.new_orders_only = terms->new_orders_only;
      s.threshold = terms->threshold;
      s.ramp = terms->ramp;
      s.months_elapsed = whole_months_between(s.transferred, s.as_of);
      if (terms->ramp) {
        // the step whose `from` is the largest at or below the months (or sales) reached; before any: 0
        Percent share;
        for (const RampStep& step : terms->ramp->steps) {
          const bool reached = terms->ramp->by == ramp_basis::months ? step.from_months <= s.months_elapsed
                                                                     : step.from_sales <= s.sales_since;
          if (reached) share = step.share;
          else if (!s.next_step) s.next_step = step;
        }
        s.ramp_share = share;
      }
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace payplan
