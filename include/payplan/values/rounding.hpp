#pragma once
// Rounding is a value the plan carries (spec 1), never global state.
//
//   enum class rounding { half_even, half_up };
//   int128 divide_rounded(int128 n, int128 d, rounding);

#include <cstdint>
#include <optional>
#include <string_view>

#include "payplan/detail/checked.hpp"
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

/// n / d (d > 0) rounded half-even or half-up (away from zero): one
/// unsigned division, on 64 bits when both fit.
[[nodiscard]] inline int128 divide_rounded(int128 n, int128 d, payplan::rounding mode) noexcept {
  const bool negative = n < 0;
  const uint128 mag = negative ? uint128(0) - static_cast<uint128>(n) : static_cast<uint128>(n);
  const uint128 ud = static_cast<uint128>(d);
  uint128 q, r;
  if ((mag >> 64) == 0 && (ud >> 64) == 0) {
    const auto m64 = static_cast<std::uint64_t>(mag), d64 = static_cast<std::uint64_t>(ud);
    q = m64 / d64;
    r = m64 % d64;
  } else {
    q = mag / ud;
    r = mag - q * ud;
  }
  if (r != 0) {
    const uint128 twice = r * 2;  // r < d < 2^126
    if (twice > ud || (twice == ud && (mode == payplan::rounding::half_up || (q & 1) != 0))) ++q;
  }
  // C++20 conversion is modular, so 0 - 2^127 comes back as the int128 minimum
  return static_cast<int128>(negative ? uint128(0) - q : q);
}

/// n / 10^24 rounded: the rounding of a Gross to cents, done as two 128/64
/// divisions by 10^12 (a divisor above 64 bits takes libgcc's slow path).
[[nodiscard]] inline int128 divide_rounded_pow10_24(int128 n, payplan::rounding mode) noexcept {
  constexpr std::uint64_t e12 = 1'000'000'000'000ull;
  const bool negative = n < 0;
  const uint128 mag = negative ? uint128(0) - static_cast<uint128>(n) : static_cast<uint128>(n);
  const uint128 q1 = mag / e12;
  const auto r1 = static_cast<std::uint64_t>(mag - q1 * e12);
  uint128 q;
  std::uint64_t r2;
  if ((q1 >> 64) == 0) {
    q = static_cast<std::uint64_t>(q1) / e12;
    r2 = static_cast<std::uint64_t>(q1) % e12;
  } else {
    q = q1 / e12;
    r2 = static_cast<std::uint64_t>(q1 - q * e12);
  }
  if (r1 != 0 || r2 != 0) {
    // remainder = r2 * 10^12 + r1, compared with half of 10^24 = 5 * 10^23
    constexpr std::uint64_t half_hi = 500'000'000'000ull;  // 5*10^23 / 10^12
    const bool above = r2 > half_hi || (r2 == half_hi && r1 > 0);
    const bool tie = r2 == half_hi && r1 == 0;
    if (above || (tie && (mode == payplan::rounding::half_up || (q & 1) != 0))) ++q;
  }
  // C++20 conversion is modular, so 0 - 2^127 comes back as the int128 minimum
  return static_cast<int128>(negative ? uint128(0) - q : q);
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
