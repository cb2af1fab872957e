#pragma once
// Eligibility and share (spec 4.2): the credit table's plan columns. For
// every credit made under transfer terms, the terms' eligible and share and
// the note that says why, kept as a Factors entry of the result (so a line
// carries them by index) and a note of it.
//
//   struct detail::CreditTerms;
//   CreditTerms detail::apply_transfer_terms(const std::vector<TransferTerms>&, const Org&, const Ledger&,
//                                            const Credits&, Result&, int minor_unit);

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "payplan/engine/crediting.hpp"
#include "payplan/engine/detail/order_overflow.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/model/transfer_terms.hpp"

namespace payplan::detail {

/// Per credit row k: the transfer terms' factors (spec 4.2), as an index into
/// Result::factors (0 = eligible 1 and share 1) and a note into Result::notes.
/// Empty when the plan has no transfer terms: every row's factors are then 1.
struct CreditTerms {
  std::vector<std::uint32_t> factors, note;

  [[nodiscard]] std::uint32_t factors_of(std::size_t k) const noexcept { return factors.empty() ? 0 : factors[k]; }
  [[nodiscard]] std::uint32_t note_of(std::size_t k) const noexcept { return note.empty() ? 0 : note[k]; }
};

/// spec 4.2: eligibility and share of each row credited under transfer
/// terms. s, the account's sales since the transfer, runs over every order
/// on the account while the transfer is in force, paid or not. An overflow
/// names the order (spec 1).
[[nodiscard]] inline CreditTerms apply_transfer_terms(const std::vector<TransferTerms>& transfer_terms, const Org& org,
                                                      const Ledger& ledger, const Credits& credits, Result& result,
                                                      int minor_unit) {
  CreditTerms out;
  if (transfer_terms.empty()) return out;
  out.factors.assign(credits.size(), 0);
  out.note.assign(credits.size(), 0);
  std::vector<PersonId> person_of_name(ledger.person_name_count());
  for (std::uint32_t k = 0; k < person_of_name.size(); ++k) person_of_name[k] = org.find_person(ledger.person_name(k));
  std::unordered_map<const Dated<Ownership>*, Money> sales_since;
  const TransferTermsIndex terms_by_name(transfer_terms);
  auto amounts = ledger.amounts();
  auto dates = ledger.dates();
  auto money = [&](Money m) { return to_string(m, minor_unit); };
  for (std::size_t k = 0; k < credits.size(); ++k) {
    const Dated<Ownership>* own = credits.ownership[k];
    if (own->value.terms.empty()) continue;
    const TransferTerms& terms = *terms_by_name.find(own->value.terms);
    const std::uint32_t i = credits.order[k].index();
    Money& s = sales_since[own];
    const auto closer = ledger.closed_by(OrderIndex(i));
    const bool by_new_owner = closer != Ledger::no_name && person_of_name[closer] == own->value.owner;
    Eligibility e;
    at_order(ledger, i, nullptr, "account sales since the transfer", [&] {
      e = eligibility(terms, own->from, dates[i], s, amounts[i], by_new_owner, money);
      s += amounts[i];
    });
    if (e.eligible.is_one() && e.share.is_one()) continue;
    result.factors.push_back({e.eligible, e.share, Fraction::one()});
    out.factors[k] = static_cast<std::uint32_t>(result.factors.size() - 1);
    result.notes.push_back(std::move(e.note));
    out.note[k] = static_cast<std::uint32_t>(result.notes.size() - 1);
  }
  return out;
}

}  // namespace payplan::detail
