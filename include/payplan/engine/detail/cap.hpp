#pragma once
// spec 4.1 cap: a ceiling on the running total of a component's rounded
// lines for a payee and period. A positive line pays at most the room left
// (cap - running total); negative lines (clawbacks) lower the total, and the
// room they open is paid to later lines. A clawback of a cut line reverses
// what the line paid, never more.
//
//   class detail::Cap;
//   Money detail::claw_back_of_cut_line(Money paid, Money reversed, Fraction portion, int minor_unit, rounding);

#include <algorithm>
#include <cstdint>
#include <vector>

#include "payplan/values/gross.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rounding.hpp"

namespace payplan::detail {

class Cap {
 public:
  /// A cap of `ceiling` per (payee, period), for payees 0 .. payees-1.
  Cap(Money ceiling, std::size_t payees) : ceiling_(ceiling), totals_(payees) {}

  [[nodiscard]] Money ceiling() const noexcept { return ceiling_; }

  /// Pays a rounded line of `amount` to `payee` in `period`: what is paid, at
  /// most the room left for a positive amount, the amount itself otherwise.
  /// A payee's periods come in order (the ledger's date order): a new period
  /// starts its running total at 0.
  Money pay(std::uint32_t payee, std::int32_t period, Money amount) {
    Total& t = total(payee, period);
    if (amount > Money{}) amount = std::min(amount, std::max(ceiling_ - t.paid, Money{}));
    t.paid += amount;
    return amount;
  }

  /// The running total of (payee, period): what its lines paid so far.
  [[nodiscard]] Money paid(std::uint32_t payee, std::int32_t period) const noexcept {
    const Total& t = totals_[payee];
    return t.period == period ? t.paid : Money{};
  }

 private:
  struct Total {
    std::int32_t period = INT32_MIN;
    Money paid;
  };
  Total& total(std::uint32_t payee, std::int32_t period) {
    Total& t = totals_[payee];
    if (t.period != period) t = Total{period, Money{}};
    return t;
  }

  Money ceiling_;
  std::vector<Total> totals_;
};

/// spec 4.1 cap: a clawback of a cut line that `paid` (after the cap)
/// reverses paid x portion, rounded once, and never more than it paid in all:
/// `reversed` is what earlier clawbacks of it reversed (positive). Returns the
/// clawback's amount (zero or negative).
[[nodiscard]] inline Money claw_back_of_cut_line(Money paid, Money reversed, Fraction portion, int minor_unit,
                                                 rounding mode) {
  return std::max(round_line(-as_gross(paid), Fraction::one(), Fraction::one(), portion, minor_unit, mode),
                  -(paid - reversed));
}

}  // namespace payplan::detail
