#pragma once
// Tier tables as functions of cumulative sales (spec 4.1).
//
//   class TierSchedule;   // a TierTable with its bounds made absolute for one payee and period
//   Gross TierSchedule::marginal(c, a);         // integral of the rate over [c, c+a)
//   Rate  TierSchedule::rate_at_total(total);   // retroactive: rate of the tier holding total
//
// Positions are exact in 10^-16 currency units: a Money (10^-6) lifted by
// 10^10, or a quota x percent bound (10^-6 x 10^-10). Length x Rate is then
// a Gross (10^-26).

#include <vector>

#include "payplan/detail/checked.hpp"
#include "payplan/values/gross.hpp"
#include "payplan/values/money.hpp"
#include "payplan/model/plan_base.hpp"
#include "payplan/values/rate.hpp"

namespace payplan {

using detail::int128;

/// A point on the cumulative-sales axis, in 10^-16 currency units.
[[nodiscard]] inline int128 sales_position(Money m) noexcept {
  return static_cast<int128>(m.micros()) * Rate::scale;  // < 2^63 x 2^34: cannot overflow
}

/// spec 3.1: an amount x a share (a receiver's credited amount, a team
/// growth weight), exact, as a position: 10^-6 x 10^-10.
[[nodiscard]] inline int128 credited_amount(Money m, Rate share) noexcept {
  return static_cast<int128>(m.micros()) * share.units();  // < 2^63 x 2^34: cannot overflow
}

class TierSchedule {
 public:
  TierSchedule() = default;

  /// Bounds for `table`; `quota` is required when the basis is attainment.
  TierSchedule(const TierTable& table, Money quota) {
    for (const Tier& t : table.tiers) {
      rates_.push_back(t.rate);
      if (!t.bounded) continue;
      bounds_.push_back(table.basis == tier_basis::sales
                            ? sales_position(t.upto_sales)
                            : detail::checked_mul<int128>(quota.micros(), t.upto_percent.units()));
    }
  }

  /// spec 4.1 marginal: the sum over tiers of rate x (length of [c, c+a)
  /// inside the tier); a negative a runs the integral backwards. The first
  /// tier extends below 0 (docs/contract-notes.md).
  [[nodiscard]] Gross marginal(int128 c, int128 a) const {
    if (a < 0) return -integral(c + a, c);
    return integral(c, c + a);
  }

  /// spec 4.1 retroactive: the rate of the tier the final total falls in;
  /// a tier covers (previous upto, upto].
  [[nodiscard]] Rate rate_at_total(int128 total) const noexcept { return rates_[tier_at(total)]; }

  /// Index of the tier holding position x.
  [[nodiscard]] std::size_t tier_at(int128 x) const noexcept {
    std::size_t i = 0;
    while (i < bounds_.size() && x > bounds_[i]) ++i;
    return i;
  }

  /// Calls f(from, to, rate) for each tier's part of [lo, hi), lowest first.
  template <class F>
  void for_each_piece(int128 lo, int128 hi, F&& f) const {
    int128 below = lo;  // start of the part of [lo, hi) not yet covered
    for (std::size_t i = 0; i < rates_.size() && below < hi; ++i) {
      int128 top = i < bounds_.size() ? std::min(hi, bounds_[i]) : hi;
      if (top > below) {
        f(below, top, rates_[i]);
        below = top;
      }
    }
  }

 private:
  [[nodiscard]] Gross integral(int128 lo, int128 hi) const {
    int128 sum = 0;
    for_each_piece(lo, hi, [&](int128 from, int128 to, Rate rate) {
      sum = detail::checked_add(sum, detail::checked_mul<int128>(to - from, rate.units()));
    });
    return Gross::from_units(sum);
  }

  std::vector<int128> bounds_;  // upto of each bounded tier, increasing
 public:
  [[nodiscard]] const std::vector<int128>& bounds() const noexcept { return bounds_; }

 private:
  std::vector<Rate> rates_;
};

}  // namespace payplan
