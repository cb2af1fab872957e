#pragma once
// Rounding is a value the plan carries (spec 1), never global state.
//
//   enum class rounding { half_even, half_up };
//   int128 divide_rounded(int128 n, int128 d, rounding);

#include <cstdint>
#include <optional>
#include <string>
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

/// n / d as a 64-bit quotient and remainder, when it fits (n's high word
/// below d): one hardware division on x86-64 instead of libgcc's 128-bit
/// one (issue 11: lines.csv shows every gross, 26 digits cut to 6, so one
/// such division a line). false, untouched, where it does not fit or there
/// is no such instruction.
[[nodiscard]] inline bool divide_narrow(uint128 n, std::uint64_t d, std::uint64_t& q, std::uint64_t& r) noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  const auto hi = static_cast<std::uint64_t>(n >> 64), lo = static_cast<std::uint64_t>(n);
  if (hi >= d) return false;
  __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
  return true;
#else
  (void)n, (void)d, (void)q, (void)r;
  return false;
#endif
}

/// n / 10^k (0 <= k <= 38) rounded: divisions by at most 10^19, each a
/// 128/64 division (a divisor above 64 bits takes libgcc's slow path), and
/// plain 64-bit ones once the quotient fits.
[[nodiscard]] inline int128 divide_rounded_pow10(int128 n, int k, payplan::rounding mode) noexcept {
  if (k == 0) return n;
  const bool negative = n < 0;
  uint128 q = negative ? uint128(0) - static_cast<uint128>(n) : static_cast<uint128>(n);
  // the remainder, compared with half of 10^k, as: the last digit dropped and
  // whether anything below it was non-zero
  bool below = false;
  std::uint64_t last = 0;
  while (k > 0) {
    const int step = k > 19 ? 19 : k;
    const auto e = static_cast<std::uint64_t>(pow10_128(step));
    std::uint64_t r;
    if ((q >> 64) == 0) {
      const auto q64 = static_cast<std::uint64_t>(q);
      r = q64 % e;
      q = q64 / e;
    } else {
      std::uint64_t next = 0;
      if (divide_narrow(q, e, next, r)) {
        q = next;
      } else {
        const uint128 wide = q / e;
        r = static_cast<std::uint64_t>(q - wide * e);
        q = wide;
      }
    }
    const std::uint64_t e1 = e / 10;
    below = below || last != 0 || (r % e1) != 0;  // the previous step's digits are below this one's
    last = r / e1;
    k -= step;
  }
  if (last > 5 || (last == 5 && (below || mode == payplan::rounding::half_up || (q & 1) != 0))) ++q;
  return static_cast<int128>(negative ? uint128(0) - q : q);
}

/// Appends value / 10^scale as decimal text: half-even to max_digits
/// fractional digits, then trailing zeros dropped down to min_digits
/// ("1234.50" for min 2). Never "-0". Appends to out, allocating nothing
/// once out has room (issue 11: lines.csv is millions of these).
inline void append_scaled(std::string& out, int128 value, int scale, int min_digits, int max_digits) {
  if (max_digits < scale) {
    value = divide_rounded_pow10(value, scale - max_digits, payplan::rounding::half_even);
    scale = max_digits;
  }
  const bool negative = value < 0;
  const uint128 mag = negative ? uint128(0) - static_cast<uint128>(value) : static_cast<uint128>(value);
  char digits[48];  // mag's digits, at least frac_digits + 1 of them
  char* const end = digits + sizeof digits;
  char* p = end;
  int frac_digits = scale;  // trailing zeros of the fraction dropped down to min_digits
  if ((mag >> 64) == 0) {   // nearly always: 64-bit divisions, which compile to multiplications
    auto m = static_cast<std::uint64_t>(mag);
    if (m == 0) frac_digits = min_digits < scale ? min_digits : scale;
    while (frac_digits > min_digits && m % 10 == 0) {
      m /= 10;
      --frac_digits;
    }
    // two digits a division (issue 11: five numbers a line of lines.csv)
    static constexpr char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    for (; m >= 10; m /= 100) {
      const auto two = static_cast<std::size_t>(m % 100) * 2;
      p -= 2;
      p[0] = pairs[two];
      p[1] = pairs[two + 1];
      if (m < 100) {
        m = 0;
        break;
      }
    }
    if (m != 0) *--p = static_cast<char>('0' + m);
  } else {
    uint128 m = mag;
    while (frac_digits > min_digits && m % 10 == 0) {
      m /= 10;
      --frac_digits;
    }
    for (; m != 0; m /= 10) *--p = static_cast<char>('0' + static_cast<int>(m % 10));
  }
  while (end - p < frac_digits + 1) *--p = '0';
  if (negative && mag != 0) out.push_back('-');
  const char* point = end - frac_digits;
  out.append(p, static_cast<std::size_t>(point - p));
  if (frac_digits > 0 || min_digits > scale) {
    out.push_back('.');
    out.append(point, static_cast<std::size_t>(end - point));
    for (int pad = scale; pad < min_digits; ++pad) out.push_back('0');  // asked for more digits than it has
  }
}

[[nodiscard]] inline std::string format_scaled(int128 value, int scale, int min_digits, int max_digits) {
  std::string out;
  append_scaled(out, value, scale, min_digits, max_digits);
  return out;
}

}  // namespace detail
}  // namespace payplan
