#pragma once
// Rounding is a value the plan carries (spec 1), never global state.
//
//   enum class rounding { half_even, half_up };
//   int128 divide_rounded(int128 n, int128 d, rounding);

#include <cstdint>
#include <optional>
#include <string_view>

#include "payplan/detail/decimal_text.hpp"

namespace payplan {

/// spec 1: half_even (default) or half_up (away from zero at .5).
enum class rounding : std::uint8_t { half_even, half_up };

[[nodiscard]] inline std::optional<rounding> parse_rounding(std::string_view s) noexcept {
  if (s == "half_even") return rounding::half_even;
  if (s == "half_up") return rounding::half_up;
  return std::nullopt;
}

[[nodiscard]] inline std::string_view to_string(rounding r) noexcept {
  return r == rounding::half_up ? "half_up" : "half_even";
}

namespace detail {

[[nodiscard]] inline int128 divide_rounded(int128 n, int128 d, payplan::rounding mode) noexcept {
  // d > 0. Truncate, then decide on the remainder by comparing 2|r| with d.
  int128 q = n / d;
  int128 r = n % d;
  if (r == 0) return q;
  int128 twice = (r < 0 ? -r : r) * 2;  // |r| < d, so no overflow while d < 2^126
  bool away = false;
  if (twice > d) away = true;
  else if (twice == d) away = (mode == payplan::rounding::half_up) || (q % 2 != 0);
  if (away) q += (n < 0) ? -1 : 1;
  return q;
}

[[nodiscard]] inline std::string format_scaled(int128 value, int scale, int min_digits, int max_digits) {
  if (max_digits < scale) {
    value = divide_rounded(value, pow10_128(scale - max_digits), payplan::rounding::half_even);
    scale = max_digits;
  }
  bool negative = value < 0;
  uint128 mag = negative ? static_cast<uint128>(-(value + 1)) + 1
                                   : static_cast<uint128>(value);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(mag % 10)));
    mag /= 10;
  } while (mag != 0);
  while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
  std::string out;
  if (negative) out += '-';
  std::size_t int_len = digits.size() - static_cast<std::size_t>(scale);
  out.append(digits, 0, int_len);
  std::string frac = digits.substr(int_len);
  while (static_cast<int>(frac.size()) > min_digits && frac.back() == '0') frac.pop_back();
  while (static_cast<int>(frac.size()) < min_digits) frac.push_back('0');
  if (!frac.empty()) out += '.' + frac;
  if (out == "-0" || (negative && out.find_first_not_of("-0.") == std::string::npos)) out.erase(0, 1);
  return out;
}

}  // namespace detail
}  // namespace payplan
