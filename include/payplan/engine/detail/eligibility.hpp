#pragma once
// Eligibility and share (spec 4.2): the credit table's plan columns. For
// every credit made under transfer terms, the terms' eligible and share and
// the note that says why, kept as a Factors entry of the result (so a line
// carries them by index) and a note of it.
//
//   struct detail::CreditTerms;
//   std::vector<OrderEligibility> detail::order_eligibility(...);   // per order, over whole accounts
//   CreditTerms detail::credit_terms(eligibility, const Credits&, Result&);  // per credit row
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

/// Per credit row k: its factors as an index into Result::factors (0 =
/// eligible 1, share 1, credit 100%) and a note into Result::notes: the
/// transfer terms' eligible and share (spec 4.2) and the receiver's credit
/// share (3.1). Empty when no row has any: every row's factors are then 1.
struct CreditTerms {
  std::vector<std::uint32_t> factors, note;

  [[nodiscard]] std::uint32_t factors_of(std::size_t k) const noexcept { return factors.empty() ? 0 : factors[k]; }
  [[nodiscard]] std::uint32_t note_of(std::size_t k) const noexcept { return note.empty() ? 0 : note[k]; }
};

/// Factors that only carry a credit share (spec 3.1), one entry a distinct
/// share: a split table's rows and override lines share a few entries.
class credit_factors {
 public:
  explicit credit_factors(Result& result) : result_(result) {}
  [[nodiscard]] std::uint32_t of(Percent credit) {
    if (credit == Rate::one()) return 0;
    if (credit == last_) return last_index_;  // a team's rows come in the same order, order after order
    auto [it, fresh] = index_.try_emplace(credit.units(), 0);
    if (fresh) {
      Factors f;
      f.credit = credit;
      result_.factors.push_back(f);
      it->second = static_cast<std::uint32_t>(result_.factors.size() - 1);
    }
    last_ = credit;
    return last_index_ = it->second;
  }

 private:
  Result& result_;
  std::unordered_map<std::int64_t, std::uint32_t> index_;
  Percent last_ = Rate::one();
  std::uint32_t last_index_ = 0;
};

/// An order's eligibility and share under its transfer terms (spec 4.2),
/// when not both 1: `order` is its ledger position.
struct OrderEligibility {
  std::uint32_t order = 0;
  Eligibility terms;
};

/// spec 4.2: eligibility and share of each order credited under transfer
/// terms, in ledger order, those not both 1. s, the account's sales since
/// the transfer, runs over every order on the account while the transfer is
/// in force, paid or not, once an order however many receivers share it
/// (spec 3.1: an account figure, so every member gets the same factors):
/// the ledger must hold every order of its accounts. new_orders_only
/// passes when closed_by is any member of the entry. An overflow names the
/// order (spec 1).
[[nodiscard]] inline std::vector<OrderEligibility> order_eligibility(const std::vector<TransferTerms>& transfer_terms,
                                                                     const Org& org, const Ledger& ledger,
                                                                     const Credits& credits, int minor_unit) {
  std::vector<OrderEligibility> out;
  if (transfer_terms.empty()) return out;
  std::vector<PersonId> person_of_name(ledger.person_name_count());
  for (std::uint32_t k = 0; k < person_of_name.size(); ++k) person_of_name[k] = org.find_person(ledger.person_name(k));
  std::unordered_map<const Dated<Ownership>*, Money> sales_since;
  const TransferTermsIndex terms_by_name(transfer_terms);
  auto amounts = ledger.amounts();
  auto dates = ledger.dates();
  auto money = [&](Money m) { return to_string(m, minor_unit); };
  for (std::size_t first = 0, end = 0; first < credits.size(); first = end) {
    const std::uint32_t i = credits.order[first].index();
    end = credits.order_end(first);
    const Dated<Ownership>* own = credits.ownership[first];  // the entry in force: the same for every row
    if (own == nullptr || own->value.terms.empty()) continue;
    const TransferTerms& terms = *terms_by_name.find(own->value.terms);
    Money& s = sales_since[own];
    const auto closer = ledger.closed_by(OrderIndex(i));
    const bool by_new_owner = closer != Ledger::no_name && own->value.has_member(person_of_name[closer]);
    Eligibility e;
    at_order(ledger, i, nullptr, "account sales since the transfer", [&] {
      e = eligibility(terms, own->from, dates[i], s, amounts[i], by_new_owner, money);
      s += amounts[i];
    });
    if (e.eligible.is_one() && e.share.is_one()) continue;
    out.push_back({i, std::move(e)});
  }
  return out;
}

/// The credit table's plan columns (spec 4.2, 3.1): each row's credit
/// share, and the eligibility and share of its order (`eligible`, in ledger
/// order, from order_eligibility) for the rows its transfer terms cover.
[[nodiscard]] inline CreditTerms credit_terms(const std::vector<OrderEligibility>& eligible, const Credits& credits,
                                              Result& result) {
  CreditTerms out;
  if (eligible.empty() && credits.shares.empty()) return out;
  out.factors.assign(credits.size(), 0);
  out.note.assign(credits.size(), 0);
  credit_factors shares(result);
  for (std::size_t k = 0; k < credits.size(); ++k) out.factors[k] = shares.of(credits.share(k));
  std::size_t first = 0;
  for (const OrderEligibility& o : eligible) {
    while (first < credits.size() && credits.order[first].index() < o.order) first = credits.order_end(first);
    if (first == credits.size() || credits.order[first].index() != o.order) continue;  // no credit row: nothing to limit
    std::uint32_t note = 0;
    for (std::size_t k = first, end = credits.order_end(first); k < end; ++k) {
      if (credits.terms(k).empty()) continue;  // a credits-file receiver outside the entry (spec 3.1)
      if (note == 0) {
        result.notes.push_back(o.terms.note);
        note = static_cast<std::uint32_t>(result.notes.size() - 1);
      }
      Factors f{o.terms.eligible, o.terms.share, Fraction::one()};
      f.credit = credits.share(k);
      result.factors.push_back(f);
      out.factors[k] = static_cast<std::uint32_t>(result.factors.size() - 1);
      out.note[k] = note;
    }
  }
  return out;
}

/// Both, over a ledger holding every order of its accounts.
[[nodiscard]] inline CreditTerms apply_transfer_terms(const std::vector<TransferTerms>& transfer_terms, const Org& org,
                                                      const Ledger& ledger, const Credits& credits, Result& result,
                                                      int minor_unit) {
  if (transfer_terms.empty() && credits.shares.empty()) return {};
  return credit_terms(order_eligibility(transfer_terms, org, ledger, credits, minor_unit), credits, result);
}

}  // namespace payplan::detail
