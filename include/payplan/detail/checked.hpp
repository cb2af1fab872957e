#pragma once
// Checked integer arithmetic: every operation that could wrap throws
// payplan::overflow_error instead (spec 1: "never a wrap").

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

constexpr int128 pow10_128(int n) {
  int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

}  // namespace payplan::detail
