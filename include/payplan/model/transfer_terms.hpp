#pragma once
// Transfer terms (spec 4.2): what the new owner of a transferred account is
// paid. The terms limit pay, never credit.
//
//   struct TransferTerms;   // delay, new_orders_only, threshold, ramp
//   class TransferTermsIndex; // terms by name, for many look-ups
//   struct Eligibility;     // eligible and share of one order, with notes
//   class TransferState;    // account sales since a transfer, order by order
//   Eligibility eligibility(const TransferTerms&, Date transfer, Date order, ...);

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/gross.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"

namespace payplan {

enum class ramp_basis : std::uint8_t { months, sales };

/// One step of a ramp: from `from` (months since the transfer, or account
/// sales since it) the share is `share`.
struct RampStep {
  int from_months = 0;
  Money from_sales;
  Percent share;
};

struct Ramp {
  ramp_basis by = ramp_basis::months;
  std::vector<RampStep> steps;  ///< by increasing from

  /// spec 4.2: how many steps are reached at `months` since the transfer
  /// (by months) or at account sales `sales` since it (by sales): the step
  /// in force is steps[n - 1], the one whose `from` is the largest at or
  /// below it; n = 0 is before any step (share 0).
  [[nodiscard]] std::size_t steps_reached(int months, Money sales) const noexcept {
    std::size_t n = 0;
    while (n < steps.size() && (by == ramp_basis::months ? steps[n].from_months <= months : steps[n].from_sales <= sales))
      ++n;
    return n;
  }
};

struct TransferTerms {
  std::string name;
  std::optional<Span> delay;       ///< nothing for orders dated before transfer + delay
  bool new_orders_only = false;    ///< only orders closed by the new owner
  std::optional<Money> threshold;  ///< only account sales since the transfer above this
  std::optional<Ramp> ramp;        ///< a sliding share
};

/// Transfer terms by name, for a look-up per order or per account entry
/// (Plan::find_terms scans the list). The first terms of a name win, as in
/// find_terms. Points into `terms`, which must outlive it unchanged.
class TransferTermsIndex {
 public:
  explicit TransferTermsIndex(std::span<const TransferTerms> terms) {
    by_name_.reserve(terms.size());
    for (const TransferTerms& t : terms) by_name_.emplace(t.name, &t);
  }
  [[nodiscard]] const TransferTerms* find(std::string_view name) const noexcept {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }

 private:
  std::unordered_map<std::string_view, const TransferTerms*> by_name_;
};

/// The factors transfer terms give one order, and the notes that say why.
struct Eligibility {
  Fraction eligible = Fraction::one();
  Fraction share = Fraction::one();
  std::string note;  ///< empty when both are 1
};

namespace detail {

inline Fraction multiply(const Fraction& a, const Fraction& b) {
  if (a.is_one()) return b;
  if (b.is_one()) return a;
  return {checked_mul(a.num(), b.num()), checked_mul(a.den(), b.den())};
}

inline void add_note(std::string& notes, const std::string& note) {
  if (!notes.empty()) notes += "; ";
  notes += note;
}

/// Length of [lo, hi) above `bound`.
inline int128 above(int128 lo, int128 hi, int128 bound) {
  return hi <= bound ? 0 : hi - std::max(lo, bound);
}

}  // namespace detail

/// spec 4.2 for one order: `transfer` is the transfer date T, `sales_before`
/// the account's sales since T before this order (s), `amount` the order's
/// (a), `closed_by_new_owner` whether closed_by names the new owner.
/// `money` formats amounts for notes.
template <class MoneyText>
[[nodiscard]] Eligibility eligibility(const TransferTerms& terms, Date transfer, Date order, Money sales_before,
                                      Money amount, bool closed_by_new_owner, MoneyText money) {
  using detail::int128;
  Eligibility e;
  if (terms.delay) {
    Date ends = transfer + *terms.delay;
    if (order < ends) {
      e.eligible = Fraction::zero();
      detail::add_note(e.note, "in transfer delay until " + to_string(ends));
    }
  }
  if (terms.new_orders_only && !closed_by_new_owner) {
    e.eligible = Fraction::zero();
    detail::add_note(e.note, "not closed by new owner");
  }
  // The order occupies [s, s + a) of the account's sales since the transfer;
  // a return runs it backwards over [s + a, s).
  const int128 s = sales_before.micros(), a = amount.micros();
  const int128 lo = a < 0 ? s + a : s, hi = a < 0 ? s : s + a, length = hi - lo;
  if (terms.threshold) {
    const int128 t = terms.threshold->micros();
    Fraction f = length == 0 ? (s >= t ? Fraction::one() : Fraction::zero()) : Fraction{detail::above(lo, hi, t), length};
    if (f.num() != f.den()) {
      e.eligible = detail::multiply(e.eligible, f);
      detail::add_note(e.note, "threshold " + money(*terms.threshold) + ": " +
                                   money(Money::from_micros(static_cast<std::int64_t>(f.num() == 0 ? 0 : detail::above(lo, hi, t)))) +
                                   " of " + money(Money::from_micros(static_cast<std::int64_t>(length))) + " eligible");
    }
  }
  if (terms.ramp) {
    const auto& steps = terms.ramp->steps;
    if (terms.ramp->by == ramp_basis::months) {
      const int months = whole_months_between(transfer, order);
      const std::size_t reached = terms.ramp->steps_reached(months, Money{});
      const Rate share = reached == 0 ? Rate{} : steps[reached - 1].share;  // before the first step: 0
      e.share = Fraction::of(share);
      if (share != Rate::one())
        detail::add_note(e.note, "ramp " + to_percent_string(share) + " (month " + std::to_string(months) + ")");
    } else {
      // the average of the step function over [lo, hi)
      int128 weighted = 0;
      Rate at_point;  // for an order of amount 0: the step at s
      for (std::size_t k = 0; k < steps.size(); ++k) {
        const int128 from = steps[k].from_sales.micros();
        const int128 to = k + 1 < steps.size() ? steps[k + 1].from_sales.micros() : INT64_MAX;
        const int128 overlap = std::max<int128>(0, std::min(hi, to) - std::max(lo, from));
        weighted = detail::checked_add(weighted, detail::checked_mul<int128>(overlap, steps[k].share.units()));
        if (from <= s) at_point = steps[k].share;
      }
      e.share = length == 0 ? Fraction::of(at_point) : Fraction{weighted, detail::checked_mul<int128>(length, Rate::scale)};
      if (!e.share.is_one())
        detail::add_note(e.note, "ramp " + to_percent_string(e.share) + " over account sales " +
                                     money(Money::from_micros(static_cast<std::int64_t>(lo))) + " to " +
                                     money(Money::from_micros(static_cast<std::int64_t>(hi))) + " since transfer");
    }
  }
  return e;
}

}  // namespace payplan
