#pragma once
// Rate: an exact fraction with ten decimal digits ("5%" = 0.05, "2.75%").
//
//   class Rate;
//   Rate::parse(text) -> rate_parse_result    ("5%", "2.75%", "0.0275")
//   std::string to_string(Rate)               ("0.0275")
//   std::string to_percent_string(Rate)       ("2.75%")
//
// There is deliberately no Money + Rate; Money x Rate gives an unrounded
// Gross (values/gross.hpp), which is rounded once per line.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "payplan/detail/decimal_text.hpp"
#include "payplan/values/rounding.hpp"

namespace payplan {

class Rate {
 public:
  static constexpr int digits = 10;
  static constexpr std::int64_t scale = 10'000'000'000;

  constexpr Rate() noexcept = default;
  Rate(double) = delete;

  [[nodiscard]] static constexpr Rate from_units(std::int64_t units) noexcept {
    Rate r;
    r.units_ = units;
    return r;
  }
  [[nodiscard]] static constexpr Rate one() noexcept { return from_units(scale); }
  [[nodiscard]] constexpr std::int64_t units() const noexcept { return units_; }  ///< value * 10^10
  friend constexpr auto operator<=>(Rate, Rate) = default;

 private:
  std::int64_t units_ = 0;
};

struct rate_parse_result {
  Rate value;
  detail::decimal_errc ec = detail::decimal_errc::ok;
  [[nodiscard]] bool ok() const noexcept { return ec == detail::decimal_errc::ok; }
};

/// spec 1: "5%", "2.75%" or "0.0275"; at most 10 fractional digits once
/// written as a fraction (so "2.123456789%" is refused).
[[nodiscard]] inline rate_parse_result parse_rate(std::string_view text) noexcept {
  bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  auto r = detail::parse_decimal(text, percent ? Rate::digits - 2 : Rate::digits);
  if (r.ec != detail::decimal_errc::ok) return {Rate{}, r.ec};
  if (r.value > INT64_MAX / 100 || r.value < INT64_MIN / 100) return {Rate{}, detail::decimal_errc::overflow};
  return {Rate::from_units(static_cast<std::int64_t>(r.value)), detail::decimal_errc::ok};
}

[[nodiscard]] inline std::string to_string(Rate r) { return detail::format_scaled(r.units(), Rate::digits, 0, Rate::digits); }

[[nodiscard]] inline std::string to_percent_string(Rate r) {
  return detail::format_scaled(r.units(), Rate::digits - 2, 0, Rate::digits - 2) + '%';
}

/// A part of a whole, written like a rate (`25%`, `0.25`) and held exactly as
/// one, but not paid on an amount: a ramp step's share (spec 4.2), a
/// team_growth hurdle (4.4), a tier bound in % of a base — the payee's quota
/// (attainment, 4.1) or the growth baseline (4.4) —, a bonus's attainment
/// (4.5). The name says which a field is; the arithmetic is Rate's.
using Percent = Rate;

}  // namespace payplan
