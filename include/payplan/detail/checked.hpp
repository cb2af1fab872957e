#pragma once
// Checked integer arithmetic: every operation that could wrap throws
// payplan::overflow_error instead (spec 1: "never a wrap").

#include <array>
#include <cstdint>

#include "payplan/values/error.hpp"

namespace payplan::detail {

__extension__ using int128 = __int128;  // exact intermediate for money x rate products
__extension__ using uint128 = unsigned __int128;

template <class T>
[[nodiscard]] inline T checked_add(T a, T b) {
  T r;
  if (__builtin_add_overflow(a, b, &r)) throw overflow_error("arithmetic overflow in a sum");
  return r;
}

template <class T>
[[nodiscard]] inline T checked_sub(T a, T b) {
  T r;
  if (__builtin_sub_overflow(a, b, &r)) throw overflow_error("arithmetic overflow in a difference");
  return r;
}

template <class T>
[[nodiscard]] inline T checked_mul(T a, T b) {
  T r;
  if (__builtin_mul_overflow(a, b, &r)) throw overflow_error("arithmetic overflow in a product");
  return r;
}

template <class T>
[[nodiscard]] inline T checked_neg(T a) {
  return checked_sub(T{0}, a);
}

[[nodiscard]] inline std::int64_t narrow_to_int64(int128 v) {
  if (v > INT64_MAX || v < INT64_MIN) throw overflow_error("value does not fit 64 bits");
  return static_cast<std::int64_t>(v);
}

// 10^0 .. 10^38, every power an int128 holds
inline constexpr std::array<int128, 39> powers_of_ten = [] {
  std::array<int128, 39> t{};
  int128 r = 1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    t[i] = r;
    if (i + 1 < t.size()) r *= 10;
  }
  return t;
}();

/// 10^n, 0 <= n <= 38: a table, not a loop (issue 11: one a line, in
/// rounding and in lines.csv).
constexpr int128 pow10_128(int n) { return powers_of_ten[static_cast<std::size_t>(n)]; }

}  // namespace payplan::detail
