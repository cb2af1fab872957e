#pragma once
// Where a payee stands at the end of a period (issue 16): how far a rep is
// from the next tier, and how far a transferred account's terms are from
// paying in full. A statement shows both beside the lines; neither changes
// what a line pays.
//
//   struct TierStanding;      // a tiered commission (spec 4.1): credited sales, quota, attainment, the tier reached
//   struct TransferStanding;  // an account transferred to the payee under terms (spec 4.2), at the period's end
//   class TransferStandings;  // the transfers under terms, indexed: of(payee, period)
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

/// The transfers under a plan's `transfer_terms`, indexed once for many
/// look-ups (a batch of statement pages): by person, the owners entries
/// with terms naming them, and by account its orders' dates with running
/// sums, so one look-up costs a binary search, not a pass over the ledger.
/// The terms, org and ledger must outlive it.
class TransferStandings {
 public:
  TransferStandings(const std::vector<TransferTerms>& transfer_terms, const Org& org, const Ledger& ledger)
      : org_(org), terms_by_name_(transfer_terms), entries_(org.people().size()) {
    if (transfer_terms.empty()) return;
    std::vector<std::uint32_t> account_of_ledger(ledger.account_count(), UINT32_MAX);
    for (std::uint32_t a = 0; a < ledger.account_count(); ++a)
      if (const AccountId id = org.find_account(ledger.account_name(a)); id.ok()) account_of_ledger[a] = id.index();
    sales_.resize(org.accounts().size());
    for (std::size_t a = 0; a < org.accounts().size(); ++a) {
      const Account& account = org.accounts()[a];
      for (std::size_t e = 0; e < account.owners.size(); ++e) {
        const Ownership& o = account.owners[e].value;
        if (o.terms.empty() || terms_by_name_.find(o.terms) == nullptr) continue;
        for (const TeamShare& m : o.team) entries_[m.owner.index()].push_back({static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(e)});
        sales_[a].wanted = true;
      }
    }
    // the ledger is in (date, order_id) order: each account's dates come sorted
    const auto accounts = ledger.accounts();
    const auto dates = ledger.dates();
    const auto amounts = ledger.amounts();
    for (std::size_t i = 0; i < ledger.size(); ++i) {
      const std::uint32_t a = account_of_ledger[accounts[i]];
      if (a == UINT32_MAX || !sales_[a].wanted) continue;
      account_sales& s = sales_[a];
      if (!s.dates.empty() && dates[i] < s.dates.back()) s.sorted = false;
      s.dates.push_back(dates[i]);
      s.running.push_back((s.running.empty() ? Money{} : s.running.back()) + amounts[i]);
    }
    for (account_sales& s : sales_)
      if (!s.sorted) s = sorted(std::move(s));
  }

  /// The transfers of accounts `payee` owns (alone or in a team) at some
  /// time in `period`, by account then date; those whose terms the plan
  /// does not have are not listed.
  [[nodiscard]] std::vector<TransferStanding> of(std::string_view payee, Period period) const {
    std::vector<TransferStanding> out;
    const PersonId me = org_.find_person(payee);
    if (!me.ok()) return out;
    for (const auto& [a, e] : entries_[me.index()]) {
      const Account& account = org_.accounts()[a];
      const Dated<Ownership>& entry = account.owners[e];
      const TransferTerms& terms = *terms_by_name_.find(entry.value.terms);
      // in force from entry.from until the day before the next entry
      const bool last = e + 1 == account.owners.size();
      const Date until = last ? period.last_day() : Date::from_days(account.owners[e + 1].from.days() - 1);
      if (entry.from > period.last_day() || until < period.first_day()) continue;
      TransferStanding s;
      s.account = account.id;
      s.terms = terms.name;
      s.transferred = entry.from;
      s.as_of = std::min(period.last_day(), until);
      // spec 4.2: s runs over every order on the account dated on or after T
      s.sales_since = sales_[a].through(s.as_of) - sales_[a].through(Date::from_days(s.transferred.days() - 1));
      if (terms.delay) s.delay_ends = entry.from + *terms.delay;
      s.new_orders_only = terms.new_orders_only;
      s.threshold = terms.threshold;
      s.ramp = terms.ramp;
      s.months_elapsed = whole_months_between(s.transferred, s.as_of);
      if (terms.ramp) {
        const auto& steps = terms.ramp->steps;
        const std::size_t reached = terms.ramp->steps_reached(s.months_elapsed, s.sales_since);
        s.ramp_share = reached == 0 ? Percent{} : steps[reached - 1].share;  // before any step: 0
        if (reached < steps.size()) s.next_step = steps[reached];
      }
      out.push_back(std::move(s));
    }
    std::stable_sort(out.begin(), out.end(), [](const TransferStanding& x, const TransferStanding& y) {
      return x.account != y.account ? x.account < y.account : x.transferred < y.transferred;
    });
    return out;
  }

 private:
  // an account's orders: their dates, and the sum of the amounts through each
  struct account_sales {
    bool wanted = false, sorted = true;
    std::vector<Date> dates;
    std::vector<Money> running;
    [[nodiscard]] Money through(Date d) const {
      const auto n = std::upper_bound(dates.begin(), dates.end(), d) - dates.begin();
      return n == 0 ? Money{} : running[static_cast<std::size_t>(n - 1)];
    }
  };
  // a ledger not in date order (built in code): the account's orders sorted by date, summed again
  static account_sales sorted(account_sales s) {
    std::vector<std::pair<Date, Money>> orders;
    for (std::size_t k = 0; k < s.dates.size(); ++k)
      orders.emplace_back(s.dates[k], s.running[k] - (k == 0 ? Money{} : s.running[k - 1]));
    std::stable_sort(orders.begin(), orders.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    account_sales out;
    out.wanted = true;
    for (const auto& [d, m] : orders) {
      out.dates.push_back(d);
      out.running.push_back((out.running.empty() ? Money{} : out.running.back()) + m);
    }
    return out;
  }
  struct entry_ref {
    std::uint32_t account, entry;
  };

  const Org& org_;
  TransferTermsIndex terms_by_name_;
  std::vector<std::vector<entry_ref>> entries_;  // by person
  std::vector<account_sales> sales_;             // by org account
};

/// One payee's transfers in one period (TransferStandings, indexed for this look-up only).
[[nodiscard]] inline std::vector<TransferStanding> transfer_standings(const std::vector<TransferTerms>& transfer_terms,
                                                                     const Org& org, const Ledger& ledger,
                                                                     std::string_view payee, Period period) {
  return TransferStandings(transfer_terms, org, ledger).of(payee, period);
}

}  // namespace payplan
