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
//   Credits credit_orders(const Org&, const Ledger&, const std::vector<AccountId>& ledger_to_org);
//   struct Crediting;   // both, computed once for several plans over one ledger

#include <cstdint>
#include <string>
#include <vector>

#include "payplan/values/gross.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"

namespace payplan {

/// The credit table (spec 3): row k credits order[k] to receiver[k].
struct Credits {
  std::vector<OrderIndex> order;                   ///< in ledger order; an order's rows are adjacent
  std::vector<PersonId> receiver;                  ///< who is credited
  std::vector<const Dated<Ownership>*> ownership;  ///< the owners entry that credited them (its from, its terms)
  /// The receiver's share of the order, exact. Empty while every row is a
  /// sole owner's (share 1): the one-owner table costs no column.
  std::vector<Fraction> shares;
  std::vector<OrderIndex> uncredited;              ///< orders with no owner on their date

  [[nodiscard]] std::size_t size() const noexcept { return order.size(); }
  [[nodiscard]] Fraction share(std::size_t k) const noexcept { return shares.empty() ? Fraction::one() : shares[k]; }
  /// The transfer terms the credit came under ("" for none).
  [[nodiscard]] const std::string& terms(std::size_t k) const noexcept { return ownership[k]->value.terms; }
};

/// Maps each ledger account name to the org's account (none if not in the org).
[[nodiscard]] inline std::vector<AccountId> map_accounts(const Org& org, const Ledger& ledger) {
  std::vector<AccountId> map(ledger.account_count());
  for (std::uint32_t a = 0; a < map.size(); ++a) map[a] = org.find_account(ledger.account_name(a));
  return map;
}

/// spec 3: "An order is credited to the account's owner on the order date."
[[nodiscard]] inline Credits credit_orders(const Org& org, const Ledger& ledger, const std::vector<AccountId>& account_of) {
  Credits c;
  const std::size_t n = ledger.size();
  c.order.reserve(n);
  c.receiver.reserve(n);
  c.ownership.reserve(n);
  auto dates = ledger.dates();
  auto accounts = ledger.accounts();
  for (std::uint32_t i = 0; i < n; ++i) {
    AccountId a = account_of[accounts[i]];
    const Dated<Ownership>* own = a.ok() ? org.ownership_on(a, dates[i]) : nullptr;
    if (own == nullptr) {
      c.uncredited.push_back(OrderIndex(i));
      continue;
    }
    c.order.push_back(OrderIndex(i));
    c.receiver.push_back(own->value.owner);
    c.ownership.push_back(own);
  }
  return c;
}

/// What depends only on the org and the ledger, not on a plan: who is
/// credited with each order. Computed once when several plans are evaluated
/// over the same ledger (compare).
struct Crediting {
  std::vector<AccountId> account_of;  ///< ledger account -> org account
  Credits credits;

  Crediting(const Org& org, const Ledger& ledger)
      : account_of(map_accounts(org, ledger)), credits(credit_orders(org, ledger, account_of)) {}
};

}  // namespace payplan
