// detail::hash_bytes, detail::same_bytes and string_pool (issue 11: short
// strings read as overlapping fixed-size loads): every length from 0 to 40,
// a change at every position, and the same text at different addresses.

#include <gtest/gtest.h>

#include <string>

#include "payplan/detail/string_pool.hpp"

namespace {

using payplan::detail::hash_bytes;
using payplan::detail::same_bytes;
using payplan::detail::string_pool;

TEST(string_pool_test, same_bytes_and_hash_see_every_byte_of_every_length) {
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string a(n, 'x');
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + (i * 7) % 26);
    const std::string copy = "...." + a;  // the same text, elsewhere and unaligned
    const std::string_view b(copy.data() + 4, n);
    EXPECT_TRUE(same_bytes(a, b)) << n;
    EXPECT_EQ(hash_bytes(a), hash_bytes(b)) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string c = a;
      c[i] = static_cast<char>(c[i] ^ 0x20);
      EXPECT_FALSE(same_bytes(a, c)) << n << " at " << i;
      EXPECT_NE(hash_bytes(a), hash_bytes(c)) << n << " at " << i;
    }
    if (n > 0) {
      EXPECT_FALSE(same_bytes(a, std::string_view(a).substr(0, n - 1))) << n;  // a prefix
      EXPECT_NE(hash_bytes(a), hash_bytes(std::string_view(a).substr(0, n - 1))) << n;
    }
  }
  // "ab" and "ab\0": the length is part of the hash
  EXPECT_NE(hash_bytes(std::string_view("ab", 2)), hash_bytes(std::string_view("ab\0", 3)));
}

TEST(string_pool_test, interns_each_text_once) {
  string_pool pool;
  const std::string ids[] = {"", "A", "ACC1", "ACC12", "ACC123456", "ACC1234567", "ACC12345678901234", "ACC1"};
  std::uint32_t first[8];
  for (int i = 0; i < 8; ++i) first[i] = pool.intern(ids[i]);
  EXPECT_EQ(pool.size(), 7u);          // "ACC1" twice
  EXPECT_EQ(first[7], first[2]);
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(pool[first[i]], ids[i]);
    EXPECT_EQ(pool.find(ids[i]), first[i]);
  }
  EXPECT_EQ(pool.find("ACC2"), string_pool::npos);
  EXPECT_EQ(pool.find("ACC123456789012345"), string_pool::npos);
}

}  // namespace
