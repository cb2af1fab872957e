#include "payplan/money.hpp"

#include <gtest/gtest.h>

using payplan::Money;

TEST(money_test, parses_exactly) {
  EXPECT_EQ(payplan::parse_money("1234.5").value.micros(), 1'234'500'000);
  EXPECT_EQ(payplan::parse_money("-0.07").value.micros(), -70'000);
}
