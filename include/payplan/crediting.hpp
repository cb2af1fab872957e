#pragma once
// Crediting (spec 3): each order is credited to its account's owner on the
// order date. Credits are a list, not a column of the ledger, so an order can
// later be split between several payees with shares.
//
//   struct Credits;
//   Credits credit_orders(const Org&, const Ledger&, std::vector<AccountId>& ledger_to_org);
//   struct Crediting;   // both, computed once for several plans over one ledger

#include <cstdint>
#include <vector>

#include "payplan/ids.hpp"
#include "payplan/ledger.hpp"
#include "payplan/org.hpp"

namespace payplan {

struct Credits {
  std::vector<OrderIndex> order;                   ///< in ledger order
  std::vector<PersonId> payee;                     ///< who is credited
  std::vector<const Dated<Ownership>*> ownership;  ///< the ownership entry that credited them
  std::vector<OrderIndex> uncredited;              ///< orders with no owner on their date

  [[nodiscard]] std::size_t size() const noexcept { return order.size(); }
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
  c.payee.reserve(n);
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
    c.payee.push_back(own->value.owner);
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
