// detail::first_repeat (spec 2: an order_id is unique): the first string of
// a list equal to an earlier one, checked against a plain set over lists
// small and large enough to be cut into many partitions.

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <unordered_map>

#include "payplan/detail/first_repeat.hpp"

namespace {

using payplan::detail::first_repeat;
using payplan::detail::repeat;
using payplan::detail::string_pool;

string_pool::storage list_of(const std::vector<std::string>& strings) {
  string_pool::storage s;
  for (const std::string& x : strings) {
    s.chars += x;
    s.offsets.push_back(s.chars.size());
  }
  return s;
}

// The reference: walk the list, remember each string's first index.
std::optional<repeat> by_set(const std::vector<std::string>& strings) {
  std::unordered_map<std::string, std::uint32_t> first;
  for (std::uint32_t i = 0; i < strings.size(); ++i)
    if (auto [it, added] = first.try_emplace(strings[i], i); !added) return repeat{it->second, i};
  return std::nullopt;
}

TEST(first_repeat_test, small_lists_by_hand) {
  EXPECT_EQ(first_repeat(list_of({}), 0), std::nullopt);
  EXPECT_EQ(first_repeat(list_of({"a"}), 1), std::nullopt);
  EXPECT_EQ(first_repeat(list_of({"a", "b", "c"}), 3), std::nullopt);
  // b repeats at 3 (first at 1); a repeats later, at 4
  EXPECT_EQ(first_repeat(list_of({"a", "b", "c", "b", "a"}), 5), (repeat{1, 3}));
  // a third copy: the first of the three is named
  EXPECT_EQ(first_repeat(list_of({"x", "y", "x", "x"}), 4), (repeat{0, 2}));
  // only the first `count` strings are looked at
  EXPECT_EQ(first_repeat(list_of({"a", "b", "c", "a"}), 3), std::nullopt);
  // an empty string and a prefix are strings like any other
  EXPECT_EQ(first_repeat(list_of({"", "ab", "a", ""}), 4), (repeat{0, 3}));
}

TEST(first_repeat_test, large_lists_agree_with_a_set) {
  std::mt19937_64 rng(11);
  // 300,000 strings: 64 partitions (bit_width(300,000 / 8,192) = 6 bits; the
  // 256-partition cap is reached from 2M); ~21,000: 4. Repeats planted at
  // random places, sometimes none
  for (int round = 0; round < 6; ++round) {
    const std::size_t n = round < 3 ? 300'000 : 20'000 + round * 1'000;
    std::vector<std::string> strings(n);
    for (std::size_t i = 0; i < n; ++i) strings[i] = "SO" + std::to_string(i * 7919 % 1'000'003);
    if (round % 3 != 0) {
      for (int k = 0; k < round; ++k) {
        const std::size_t later = 1 + rng() % (n - 1), first = rng() % later;
        strings[later] = strings[first];
      }
    }
    const auto s = list_of(strings);
    EXPECT_EQ(first_repeat(s, n), by_set(strings)) << round;
  }
}

}  // namespace
