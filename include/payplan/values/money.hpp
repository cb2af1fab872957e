#pragma once
// Money: an exact amount in millionths of the currency unit.
//
//   class Money;
//   Money + Money, Money - Money, -Money, comparisons   (checked: overflow throws)
//   Money::from_micros(int64), parse_money(text) -> money_parse_result
//   std::string to_string(Money, int min_digits, int max_digits = 6)
//   std::ostream << Money                              // "1234.5": every digit it has, none more
//   std::format("{}", Money)                           // the same, where the library has <format>
//
// Six fractional digits is the most an input amount may carry (spec 1), so
// every input amount is held exactly; paid amounts are rounded to the
// currency's minor unit, which is never finer than that.

#include <compare>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#if __has_include(<format>)
#include <format>
#endif

#include "payplan/detail/checked.hpp"
#include "payplan/detail/decimal_text.hpp"
#include "payplan/values/rounding.hpp"

namespace payplan {

class Money {
 public:
  static constexpr int digits = 6;
  static constexpr std::int64_t scale = 1'000'000;

  constexpr Money() noexcept = default;
  /// Whole currency units, implicit as for any integer-valued decimal.
  constexpr Money(int units) noexcept : micros_(static_cast<std::int64_t>(units) * scale) {}  // NOLINT
  Money(double) = delete;  // money is never a binary float
  Money(float) = delete;

  [[nodiscard]] static constexpr Money from_micros(std::int64_t micros) noexcept {
    Money m;
    m.micros_ = micros;
    return m;
  }
  [[nodiscard]] constexpr std::int64_t micros() const noexcept { return micros_; }
  [[nodiscard]] constexpr bool is_zero() const noexcept { return micros_ == 0; }
  [[nodiscard]] constexpr bool is_negative() const noexcept { return micros_ < 0; }

  friend Money operator+(Money a, Money b) { return from_micros(detail::checked_add(a.micros_, b.micros_)); }
  friend Money operator-(Money a, Money b) { return from_micros(detail::checked_sub(a.micros_, b.micros_)); }
  friend Money operator-(Money a) { return from_micros(detail::checked_neg(a.micros_)); }
  Money& operator+=(Money b) { return *this = *this + b; }
  Money& operator-=(Money b) { return *this = *this - b; }
  friend constexpr auto operator<=>(Money, Money) = default;

  /// Rounds to `minor_digits` fractional digits (a currency's minor unit).
  [[nodiscard]] Money rounded(int minor_digits, rounding mode) const {
    const auto unit = static_cast<std::int64_t>(detail::pow10_128(digits - minor_digits));
    return from_micros(detail::checked_mul(static_cast<std::int64_t>(detail::divide_rounded(micros_, unit, mode)), unit));
  }

 private:
  std::int64_t micros_ = 0;
};

struct money_parse_result {
  Money value;
  detail::decimal_errc ec = detail::decimal_errc::ok;
  [[nodiscard]] bool ok() const noexcept { return ec == detail::decimal_errc::ok; }
};

/// Exact parse of a decimal amount ("1234.5", "-0.07"); more than six
/// fractional digits is refused, never rounded (spec 1).
[[nodiscard]] inline money_parse_result parse_money(std::string_view text) noexcept {
  // Nearly every amount is [-+]digits[.digits] with at most 6 decimals and
  // fits 64 bits once scaled: read it so (issue 11: 10M amounts a run).
  // Anything else (more digits, trailing zeros past 6, an error) takes the
  // exact general path below, which gives the same value.
  if (!text.empty() && text.size() <= 19) {
    std::size_t i = 0;
    const bool negative = text[0] == '-';
    if (text[0] == '-' || text[0] == '+') i = 1;
    std::int64_t v = 0;
    int digits = 0, fraction = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) v = v * 10 + (text[i] - '0');
    if (i < text.size() && text[i] == '.')
      for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9' && fraction < Money::digits; ++i, ++digits, ++fraction)
        v = v * 10 + (text[i] - '0');
    if (i == text.size() && digits > 0 && digits + (Money::digits - fraction) <= 18) {
      for (; fraction < Money::digits; ++fraction) v *= 10;
      return {Money::from_micros(negative ? -v : v), detail::decimal_errc::ok};
    }
  }
  auto r = detail::parse_decimal(text, Money::digits);
  if (r.ec != detail::decimal_errc::ok) return {Money{}, r.ec};
  if (r.value > INT64_MAX || r.value < INT64_MIN) return {Money{}, detail::decimal_errc::overflow};
  return {Money::from_micros(static_cast<std::int64_t>(r.value)), detail::decimal_errc::ok};
}

/// "1234.50": at least min_digits fractional digits, more (up to max) only
/// where the amount has them.
[[nodiscard]] inline std::string to_string(Money m, int min_digits, int max_digits = Money::digits) {
  return detail::format_scaled(m.micros(), Money::digits, min_digits, max_digits);
}

/// The amount with the digits it has ("1234.5", "-0.07", "12"): a Money
/// knows no currency, so no minor unit is padded; for a paid amount,
/// to_string(m, minor_unit, minor_unit).
inline std::ostream& operator<<(std::ostream& out, Money m) { return out << to_string(m, 0); }

}  // namespace payplan

#if defined(__cpp_lib_format)
/// std::format("{}", m): as operator<< writes it.
template <>
struct std::formatter<payplan::Money> : std::formatter<std::string_view> {
  auto format(payplan::Money m, std::format_context& ctx) const {
    return std::formatter<std::string_view>::format(payplan::to_string(m, 0), ctx);
  }
};
#endif
