#pragma once
// Exact decimal text <-> scaled integers. No floating point anywhere.

#include <cstdint>
#include <string>
#include <string_view>

#include "payplan/detail/checked.hpp"

namespace payplan::detail {

enum class decimal_errc : std::uint8_t { ok, empty, syntax, too_many_digits, overflow };

[[nodiscard]] inline const char* describe(decimal_errc ec) noexcept {
  switch (ec) {
    case decimal_errc::ok: return "ok";
    case decimal_errc::empty: return "is empty";
    case decimal_errc::syntax: return "is not a decimal number";
    case decimal_errc::too_many_digits: return "has more fractional digits than allowed";
    case decimal_errc::overflow: return "is too large";
  }
  return "?";
}

struct decimal_result {
  int128 value = 0;  // the number times 10^scale
  decimal_errc ec = decimal_errc::ok;
};

/// Parses [+-]digits[.digits] exactly into value * 10^scale. More than
/// `scale` fractional digits is an error (spec 1: never silently rounded),
/// except trailing zeros, which carry no value.
[[nodiscard]] inline decimal_result parse_decimal(std::string_view s, int scale) noexcept {
  decimal_result r;
  if (s.empty()) { r.ec = decimal_errc::empty; return r; }
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') { negative = s[0] == '-'; i = 1; }
  int128 v = 0;
  bool any_digit = false;
  constexpr int128 limit = static_cast<int128>(1) << 120;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    any_digit = true;
    if (v > limit) { r.ec = decimal_errc::overflow; return r; }
  }
  int frac = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::size_t last_nonzero = i;
    for (std::size_t j = i; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j)
      if (s[j] != '0') last_nonzero = j + 1;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      any_digit = true;
      if (i >= last_nonzero) continue;  // trailing zeros
      if (++frac > scale) { r.ec = decimal_errc::too_many_digits; return r; }
      v = v * 10 + (s[i] - '0');
      if (v > limit) { r.ec = decimal_errc::overflow; return r; }
    }
  }
  if (!any_digit || i != s.size()) { r.ec = decimal_errc::syntax; return r; }
  for (; frac < scale; ++frac) {
    v *= 10;
    if (v > limit) { r.ec = decimal_errc::overflow; return r; }
  }
  r.value = negative ? -v : v;
  return r;
}

}  // namespace payplan::detail
