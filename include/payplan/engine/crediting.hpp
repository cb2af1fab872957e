#pragma once
// Crediting (spec 3, 3.1): the credit table. Each order is credited to its
// account's owner on the order date: one row per (order, receiver), in ledger
// order, with the receiver's share of the order and the owners entry the
// credit came from (and so its transfer terms). Components read this table,
// never the ownership map; split credit adds rows, each with its share.
// The transfer terms' factors of each row (spec 4.2) depend on the plan and
// are the table's plan columns: engine/detail/eligibility.hpp.
//
//   struct Credits;     // the credit table's rows
//   std::vector<AccountId> map_accounts(const Org&, const Ledger&);
//   Credits credit_orders(const Org&, const Ledger&, const std::vector<AccountId>& ledger_to_org,
//                         const DealCredits* = nullptr);
//   struct Crediting;   // both, computed once for several plans over one ledger

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "payplan/values/gross.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/tiers.hpp"

namespace payplan {

/// The credit table (spec 3, 3.1): row k credits receiver[k] with share[k]
/// of order[k]. Most tables credit every order to one owner; the columns
/// only split credit needs are empty until a row needs them.
struct Credits {
  std::vector<OrderIndex> order;                   ///< in ledger order; an order's rows are adjacent
  std::vector<PersonId> receiver;                  ///< who is credited
  /// The owners entry in force on the order's date (its from, its terms,
  /// its team); nullptr only for a credits-file row on an account with no
  /// owner then.
  std::vector<const Dated<Ownership>*> ownership;
  std::vector<Percent> shares;          ///< w_r, exact; empty while every row is a sole owner's (100%)
  std::vector<std::uint8_t> overlays;   ///< 1: an overlay receiver (spec 3.1); empty while none is
  std::vector<std::uint32_t> deal_rows; ///< credits-file row + 1, 0 from the owners entry; empty while none is
  std::vector<OrderIndex> uncredited;   ///< orders with no owner on their date
  const DealCredits* deals = nullptr;   ///< the credits file the deal rows came from (explain), if any

  [[nodiscard]] std::size_t size() const noexcept { return order.size(); }
  [[nodiscard]] Percent share(std::size_t k) const noexcept { return shares.empty() ? Rate::one() : shares[k]; }
  [[nodiscard]] bool overlay(std::size_t k) const noexcept { return !overlays.empty() && overlays[k] != 0; }
  /// The credits-file row (from 0) row k came from, or none (SIZE_MAX): the owners entry.
  [[nodiscard]] std::size_t deal_row(std::size_t k) const noexcept {
    return deal_rows.empty() || deal_rows[k] == 0 ? SIZE_MAX : deal_rows[k] - 1;
  }
  /// The end of the rows of the order whose first row is `first` (an order's rows are adjacent).
  [[nodiscard]] std::size_t order_end(std::size_t first) const noexcept {
    std::size_t end = first + 1;
    while (end < order.size() && order[end] == order[first]) ++end;
    return end;
  }

  /// a_r = a x w_r (spec 3.1), exact, as a position on the sales axis
  /// (10^-16 units: a Money's 6 decimals and a share's 10).
  [[nodiscard]] int128 credited(std::size_t k, Money amount) const noexcept {
    return shares.empty() ? sales_position(amount) : credited_amount(amount, shares[k]);
  }

  /// The transfer terms the credit came under ("" for none). spec 3.1: a
  /// receiver from the credits file gets the terms of the owners entry in
  /// force only if it is a member of that entry.
  [[nodiscard]] const std::string& terms(std::size_t k) const noexcept {
    static const std::string none;
    const Dated<Ownership>* own = ownership[k];
    if (own == nullptr || (deal_row(k) != SIZE_MAX && !own->value.has_member(receiver[k]))) return none;
    return own->value.terms;
  }
};

/// Maps each ledger account name to the org's account (none if not in the org).
[[nodiscard]] inline std::vector<AccountId> map_accounts(const Org& org, const Ledger& ledger) {
  std::vector<AccountId> map(ledger.account_count());
  for (std::uint32_t a = 0; a < map.size(); ++a) map[a] = org.find_account(ledger.account_name(a));
  return map;
}

namespace detail {

/// A credits file's rows resolved: each row's order and person, and the rows
/// by (order, row) so the credit table takes them in ledger order.
struct resolved_deals {
  std::vector<OrderIndex> order;                          ///< of each row
  std::vector<PersonId> person;                           ///< of each row
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_order;  ///< (ledger order, row), sorted
};

/// spec 3.1: an unknown order_id or person, a duplicate (order_id, person)
/// or an order whose non-overlay shares do not add up to exactly 100% is an
/// input error naming the row (for a bad sum, the order's first row). Of
/// several, the one on the earliest row is reported.
[[nodiscard]] inline resolved_deals resolve_deals(const DealCredits& deals, const Org& org, const Ledger& ledger) {
  resolved_deals r;
  const auto rows = deals.rows();
  r.order.resize(rows.size());
  r.person.resize(rows.size());
  std::size_t first_bad = SIZE_MAX;
  std::string message;
  DealCredits::field bad_field = DealCredits::field::order_id;
  auto bad = [&](std::size_t row, DealCredits::field f, std::string text) {
    if (row >= first_bad) return;
    first_bad = row;
    bad_field = f;
    message = std::move(text);
  };
  // A file lists an order's rows together and names few people: the last
  // order and every person seen are looked up once.
  std::unordered_map<std::string_view, PersonId> people;
  for (std::uint32_t n = 0; n < rows.size(); ++n) {
    r.order[n] = n > 0 && rows[n].order_id == rows[n - 1].order_id ? r.order[n - 1] : ledger.find(rows[n].order_id);
    auto [seen, fresh] = people.try_emplace(rows[n].person, PersonId::none());
    if (fresh) seen->second = org.find_person(rows[n].person);
    r.person[n] = seen->second;
    if (!r.order[n].ok())
      bad(n, DealCredits::field::order_id, "order '" + rows[n].order_id + "' is not in the ledger");
    else if (!r.person[n].ok())
      bad(n, DealCredits::field::person, "unknown person '" + rows[n].person + "'");
    if (r.order[n].ok()) r.by_order.emplace_back(r.order[n].index(), n);
  }
  if (!std::is_sorted(r.by_order.begin(), r.by_order.end()))  // a file in ledger order is already
    std::sort(r.by_order.begin(), r.by_order.end());
  for (std::size_t g = 0, end = 0; g < r.by_order.size(); g = end) {
    std::int64_t sum = 0;  // each share <= 100%: no overflow below 2^63 / 10^10 rows
    for (end = g; end < r.by_order.size() && r.by_order[end].first == r.by_order[g].first; ++end) {
      const std::uint32_t n = r.by_order[end].second;
      if (!rows[n].overlay) sum += rows[n].share.units();
      for (std::size_t e = g; e < end; ++e)
        if (r.person[r.by_order[e].second] == r.person[n] && r.person[n].ok())
          bad(n, DealCredits::field::person,
              "'" + rows[n].person + "' is credited with order '" + rows[n].order_id + "' twice (first at row " +
                  std::to_string(r.by_order[e].second + 1) + ")");
    }
    if (sum != Rate::one().units()) {
      const std::uint32_t first = r.by_order[g].second;
      bad(first, DealCredits::field::share,
          "the shares of order '" + rows[first].order_id + "' (its rows that are not overlay) add up to " +
              to_percent_string(Rate::from_units(sum)) + ", not 100%");
    }
  }
  if (first_bad != SIZE_MAX) throw input_error(deals.where(first_bad, bad_field), message);
  return r;
}

/// A column that stays empty while every row has its default, filled when
/// the first row needs another value.
template <class T>
void set_column(std::vector<T>& column, std::size_t k, T value, T fallback) {
  if (column.empty()) {
    if (value == fallback) return;
    column.assign(k, fallback);
  }
  column.push_back(value);
}

}  // namespace detail

/// spec 3: "An order is credited to the account's owner on the order date";
/// spec 3.1: to each member of a team with their share, or, for an order the
/// credits file names, to its rows instead.
[[nodiscard]] inline Credits credit_orders(const Org& org, const Ledger& ledger, const std::vector<AccountId>& account_of,
                                           const DealCredits* deals = nullptr) {
  Credits c;
  const std::size_t n = ledger.size();
  c.order.reserve(n);
  c.receiver.reserve(n);
  c.ownership.reserve(n);
  detail::resolved_deals resolved;
  if (deals != nullptr && !deals->empty()) {
    resolved = detail::resolve_deals(*deals, org, ledger);
    c.deals = deals;
  }
  auto dates = ledger.dates();
  auto accounts = ledger.accounts();
  std::size_t next_deal = 0;
  auto add = [&](std::uint32_t i, PersonId who, const Dated<Ownership>* own, Percent share, bool overlay,
                 std::uint32_t deal_row) {
    const std::size_t k = c.order.size();
    detail::set_column<Percent>(c.shares, k, share, Rate::one());
    detail::set_column<std::uint8_t>(c.overlays, k, overlay ? 1 : 0, 0);
    detail::set_column<std::uint32_t>(c.deal_rows, k, deal_row, 0);
    c.order.push_back(OrderIndex(i));
    c.receiver.push_back(who);
    c.ownership.push_back(own);
  };
  for (std::uint32_t i = 0; i < n; ++i) {
    AccountId a = account_of[accounts[i]];
    const Dated<Ownership>* own = a.ok() ? org.ownership_on(a, dates[i]) : nullptr;
    if (next_deal < resolved.by_order.size() && resolved.by_order[next_deal].first == i) {
      // spec 3.1: the credits file replaces the account's crediting of this order
      for (; next_deal < resolved.by_order.size() && resolved.by_order[next_deal].first == i; ++next_deal) {
        const std::uint32_t row = resolved.by_order[next_deal].second;
        const DealCredit& d = deals->rows()[row];
        add(i, resolved.person[row], own, d.share, d.overlay, row + 1);
      }
      continue;
    }
    if (own == nullptr) {
      c.uncredited.push_back(OrderIndex(i));
      continue;
    }
    for (const TeamShare& m : own->value.team) add(i, m.owner, own, m.share, false, 0);
  }
  return c;
}

/// What depends only on the org and the ledger, not on a plan: who is
/// credited with each order. Computed once when several plans are evaluated
/// over the same ledger (compare).
struct Crediting {
  std::vector<AccountId> account_of;  ///< ledger account -> org account
  Credits credits;

  /// `deals`, the credits file (spec 3.1), if any, must outlive this.
  Crediting(const Org& org, const Ledger& ledger, const DealCredits* deals = nullptr)
      : account_of(map_accounts(org, ledger)), credits(credit_orders(org, ledger, account_of, deals)) {}
};

}  // namespace payplan
