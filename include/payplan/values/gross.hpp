#pragma once
// Unrounded values and the single rounding of a line (spec 1, 4.1).
//
//   class Gross;      // an exact unrounded amount, in 10^-26 currency units
//   Gross operator*(Money, Rate);
//   struct Fraction;  // an exact factor in [0, 1] or a clawback portion
//   Money round_line(Gross g, Fraction eligible, Fraction share, Fraction portion, int minor_digits, rounding);
//
// Why 10^-26: Money has 6 decimals and Rate 10, so a flat Money x Rate is a
// multiple of 10^-16; an attainment tier bound is quota (6 decimals) x percent
// (10), so a length inside a tier is a multiple of 10^-16 too, and times a rate
// a multiple of 10^-26. One scale holds every gross exactly in 128 bits
// (up to about 1.7 * 10^12 currency units per line; beyond, overflow_error).

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <limits>
#include <string>

#include "payplan/detail/checked.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"
#include "payplan/values/rounding.hpp"

namespace payplan {

class Gross {
 public:
  static constexpr int digits = 26;

  constexpr Gross() noexcept = default;
  [[nodiscard]] static constexpr Gross from_units(detail::int128 u) noexcept {
    Gross g;
    g.units_ = u;
    return g;
  }
  [[nodiscard]] constexpr detail::int128 units() const noexcept { return units_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return units_ == 0; }

  friend Gross operator+(Gross a, Gross b) { return from_units(detail::checked_add(a.units_, b.units_)); }
  friend Gross operator-(Gross a) { return from_units(detail::checked_neg(a.units_)); }
  Gross& operator+=(Gross b) { return *this = *this + b; }
  friend constexpr auto operator<=>(Gross, Gross) = default;

 private:
  detail::int128 units_ = 0;
};

/// spec 4.1 flat: a x rate, exact.
[[nodiscard]] inline Gross operator*(Money a, Rate r) {
  using detail::int128;
  constexpr int128 lift = detail::pow10_128(Gross::digits - Money::digits - Rate::digits);
  return Gross::from_units(detail::checked_mul(detail::checked_mul<int128>(a.micros(), r.units()), lift));
}

/// spec 3.1: a credited amount a x w_r, a position on the sales axis in
/// 10^-16 units (model/tiers.hpp), times a rate, exact: 10^-16 x 10^-10.
[[nodiscard]] inline Gross credited_times(detail::int128 credited, Rate r) {
  return Gross::from_units(detail::checked_mul<detail::int128>(credited, r.units()));
}

/// An exact fraction num/den, kept with den > 0: an eligible factor, a share,
/// or the portion of an original line a clawback reverses. No default: a
/// factor says whether it is one() or zero().
class Fraction {
 public:
  /// num/den; den 0 is an overflow_error (a factor that has no value).
  constexpr Fraction(detail::int128 num, detail::int128 den) : num_(num), den_(den) {
    if (den_ == 0) throw overflow_error("a fraction with denominator 0");
    if (den_ < 0) {
      num_ = detail::checked_neg(num_);
      den_ = detail::checked_neg(den_);
    }
  }

  [[nodiscard]] static constexpr Fraction one() noexcept { return {1, 1}; }
  [[nodiscard]] static constexpr Fraction zero() noexcept { return {0, 1}; }
  [[nodiscard]] static constexpr Fraction of(Rate r) noexcept { return {r.units(), Rate::scale}; }

  [[nodiscard]] constexpr detail::int128 num() const noexcept { return num_; }
  [[nodiscard]] constexpr detail::int128 den() const noexcept { return den_; }  ///< > 0
  [[nodiscard]] constexpr bool is_one() const noexcept { return num_ == den_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return num_ == 0; }
  [[nodiscard]] bool less_than_one() const noexcept { return num_ < den_; }

  friend bool operator==(const Fraction& a, const Fraction& b) noexcept {
    // cross-multiplication in wide integers: fractions are compared by value
    using boost::multiprecision::int256_t;
    return int256_t(a.num_) * int256_t(b.den_) == int256_t(b.num_) * int256_t(a.den_);
  }

 private:
  detail::int128 num_;
  detail::int128 den_;
};

/// The fraction times 10^6, rounded half-even: its value in millionths
/// (0.25 -> 250000), which is also its percentage in ten-thousandths.
[[nodiscard]] inline detail::int128 millionths(const Fraction& f) {
  using boost::multiprecision::int256_t;
  const int256_t scaled = int256_t(f.num()) * 1'000'000, den(f.den());
  int256_t q = scaled / den;
  const int256_t r = scaled % den, twice = (r < 0 ? int256_t(-r) : r) * 2;
  if (twice > den || (twice == den && q % 2 != 0)) q += scaled < 0 ? -1 : 1;
  return static_cast<detail::int128>(q);
}

/// "0.25": the fraction as a decimal, rounded half-even to 6 places, with no
/// trailing zeros.
[[nodiscard]] inline std::string to_string(const Fraction& f) { return detail::format_scaled(millionths(f), 6, 0, 6); }

/// "37.5%": the fraction as a percentage with at most 4 decimals.
[[nodiscard]] inline std::string to_percent_string(const Fraction& f) {
  return detail::format_scaled(millionths(f), 4, 0, 4) + '%';
}

/// gross as text: half-even to 6 fractional digits, at least `min_digits`.
[[nodiscard]] inline std::string to_string(Gross g, int min_digits) {
  return detail::format_scaled(g.units(), Gross::digits, min_digits, 6);
}

/// spec 1: the one rounding of a line whose factors are all 1: g to
/// `minor_digits` with `mode`.
[[nodiscard]] inline Money round_gross(Gross g, int minor_digits, rounding mode) {
  using detail::int128;
  const auto unit = static_cast<std::int64_t>(detail::pow10_128(Money::digits - minor_digits));
  const int128 minor_units = minor_digits == 2 ? detail::divide_rounded_pow10_24(g.units(), mode)
                                               : detail::divide_rounded(g.units(), detail::pow10_128(Gross::digits - minor_digits), mode);
  return Money::from_micros(detail::narrow_to_int64(detail::checked_mul<int128>(minor_units, unit)));
}

namespace detail {

/// n / d currency units (d > 0), rounded once to `minor_digits` with `mode`.
[[nodiscard]] inline Money round_rational(const boost::multiprecision::cpp_int& n, const boost::multiprecision::cpp_int& d,
                                          int minor_digits, rounding mode) {
  using boost::multiprecision::cpp_int;
  const auto unit = static_cast<std::int64_t>(pow10_128(Money::digits - minor_digits));
  cpp_int p10 = 1;
  for (int i = 0; i < minor_digits; ++i) p10 *= 10;
  const cpp_int scaled = n * p10;
  cpp_int q = scaled / d, r = scaled % d;
  if (r != 0) {
    cpp_int twice = abs(r) * 2;
    bool away = twice > d || (twice == d && (mode == rounding::half_up || (q % 2) != 0));
    if (away) q += scaled < 0 ? -1 : 1;
  }
  if (q > cpp_int(INT64_MAX) || q < cpp_int(INT64_MIN)) throw overflow_error("a line amount does not fit");
  const auto minor_units = static_cast<int128>(static_cast<std::int64_t>(q));
  return Money::from_micros(narrow_to_int64(checked_mul<int128>(minor_units, unit)));
}

}  // namespace detail

/// spec 4.1: line = round(g x eligible x share), the one rounding of a line,
/// to `minor_digits` with `mode`. `portion` scales a clawback of an original
/// line (spec 4.1 Returns). Exact: the product is formed in arbitrary
/// precision (Boost.Multiprecision) when any factor is not 1.
[[nodiscard]] inline Money round_line(Gross g, const Fraction& eligible, const Fraction& share,
                                      const Fraction& portion, int minor_digits, rounding mode) {
  if (eligible.is_one() && share.is_one() && portion.is_one()) return round_gross(g, minor_digits, mode);
  using boost::multiprecision::cpp_int;
  const cpp_int n = cpp_int(g.units()) * cpp_int(eligible.num()) * cpp_int(share.num()) * cpp_int(portion.num());
  cpp_int d = cpp_int(eligible.den()) * cpp_int(share.den()) * cpp_int(portion.den());
  for (int i = 0; i < Gross::digits; ++i) d *= 10;
  return detail::round_rational(n, d, minor_digits, mode);
}

/// The exact unrounded value g x eligible x share x portion, as a Gross
/// truncated to 10^-26 (used only for display and notes, never for pay).
/// overflow_error when it does not fit (spec 1: never a wrap).
[[nodiscard]] inline Gross scaled(Gross g, const Fraction& f) {
  if (f.is_one()) return g;
  using boost::multiprecision::int256_t;
  int256_t v = int256_t(g.units()) * int256_t(f.num()) / int256_t(f.den());
  if (v > int256_t(std::numeric_limits<detail::int128>::max()) || v < -int256_t(std::numeric_limits<detail::int128>::max()))
    throw overflow_error("an unrounded line value does not fit");
  return Gross::from_units(static_cast<detail::int128>(v));
}

/// Money as an exact Gross: an amount paid as such, before its one rounding
/// (a bonus; a cut line's paid amount, reversed by its clawback, spec 4.1).
[[nodiscard]] inline Gross as_gross(Money m) { return m * Rate::one(); }

}  // namespace payplan
