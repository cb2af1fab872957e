// Tests for payplan/rate.hpp: rates written "5%", "2.75%" or "0.0275", held
// exactly in units of 10^-10 (spec 1).

#include "payplan/values/rate.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>

namespace {

using payplan::parse_rate;
using payplan::Rate;
using payplan::to_percent_string;
using payplan::to_string;
using payplan::detail::decimal_errc;

// A rate is never a binary float, and is not an integer count either: it is
// made by parsing text or from exact units.
static_assert(!std::is_constructible_v<Rate, double>);
static_assert(!std::is_constructible_v<Rate, int>);  // 5 would be 500%, or 5%? Refused.
static_assert(!std::is_convertible_v<double, Rate>);
static_assert(std::is_trivially_copyable_v<Rate>);
static_assert(Rate::one().units() == 10'000'000'000);  // 1 = 10^10 units
static_assert(Rate::scale == 10'000'000'000);

std::int64_t units(const char* text) {
  auto r = parse_rate(text);
  EXPECT_TRUE(r.ok()) << text << ": " << payplan::detail::describe(r.ec);
  return r.value.units();
}

TEST(rate_test, parses_percent_forms) {
  EXPECT_EQ(units("5%"), 500'000'000);       // 5% = 0.05 = 0.05 * 10^10 units
  EXPECT_EQ(units("2.75%"), 275'000'000);    // 0.0275 * 10^10
  EXPECT_EQ(units("100%"), 10'000'000'000);  // 1
  EXPECT_EQ(units("0%"), 0);
  EXPECT_EQ(units("0.5%"), 50'000'000);      // 0.005 * 10^10
  EXPECT_EQ(units("12.5%"), 1'250'000'000);  // 0.125 * 10^10
  EXPECT_EQ(units("150%"), 15'000'000'000);  // accelerators above 100% are fine
  EXPECT_EQ(parse_rate("100%").value, Rate::one());
}

TEST(rate_test, parses_fraction_forms) {
  EXPECT_EQ(units("0.0275"), 275'000'000);  // the same rate as 2.75%
  EXPECT_EQ(parse_rate("0.0275").value, parse_rate("2.75%").value);
  EXPECT_EQ(parse_rate("0.05").value, parse_rate("5%").value);
  EXPECT_EQ(units("1"), 10'000'000'000);
  EXPECT_EQ(units("0"), 0);
  EXPECT_EQ(units("1.5"), 15'000'000'000);  // 150%
}

TEST(rate_test, ten_fractional_digits_is_the_limit) {
  // spec 1: at most 10 fractional digits after conversion to a fraction.
  EXPECT_EQ(units("0.1234567891"), 1'234'567'891);  // exactly 10 digits
  EXPECT_EQ(units("0.0000000001"), 1);              // the smallest rate: one unit
  auto r = parse_rate("0.12345678912");             // 11 digits
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.ec, decimal_errc::too_many_digits);
  EXPECT_EQ(parse_rate("0.00000000001").ec, decimal_errc::too_many_digits);
  // Trailing zeros carry no value, so they do not count.
  EXPECT_EQ(units("0.123456789100"), 1'234'567'891);
}

TEST(rate_test, percent_digits_are_counted_as_a_fraction) {
  // 2.12345678% = 0.0212345678: 10 digits as a fraction, accepted.
  EXPECT_EQ(units("2.12345678%"), 212'345'678);
  // 2.123456789% = 0.02123456789: 11 digits as a fraction, refused.
  auto r = parse_rate("2.123456789%");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.ec, decimal_errc::too_many_digits);
  // 0.000000001% = 0.00000000001: 11 digits, refused; 0.00000001% = 10^-10, accepted.
  EXPECT_EQ(parse_rate("0.000000001%").ec, decimal_errc::too_many_digits);
  EXPECT_EQ(units("0.00000001%"), 1);
  // 2.1234567800% has two trailing zeros: still 0.0212345678
  EXPECT_EQ(units("2.1234567800%"), 212'345'678);
}

TEST(rate_test, refuses_malformed_text) {
  for (const char* text : {"abc%", "abc", "5%%", "%5", "1,5%", "1e-2", "five percent", "0.0.5", ".%", "5 percent",
                           "--5%", "0x1"}) {
    auto r = parse_rate(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.ec, decimal_errc::syntax) << text;
  }
  EXPECT_EQ(parse_rate("").ec, decimal_errc::empty);
  EXPECT_EQ(parse_rate("%").ec, decimal_errc::empty);  // a percent sign and no number
}

TEST(rate_test, refuses_overflow) {
  // 10^9 % = 10^7 as a fraction = 10^17 units: does not fit the checked range
  EXPECT_EQ(parse_rate("1000000000%").ec, decimal_errc::overflow);
  EXPECT_EQ(parse_rate("100000000000").ec, decimal_errc::overflow);  // 10^11 * 10^10 > INT64_MAX
  EXPECT_EQ(parse_rate("1234567890123456789012345678901234567890").ec, decimal_errc::overflow);
}

TEST(rate_test, to_string_writes_the_fraction) {
  EXPECT_EQ(to_string(parse_rate("5%").value), "0.05");
  EXPECT_EQ(to_string(parse_rate("2.75%").value), "0.0275");
  EXPECT_EQ(to_string(Rate::one()), "1");
  EXPECT_EQ(to_string(Rate()), "0");
  EXPECT_EQ(to_string(Rate::from_units(1'234'567'891)), "0.1234567891");  // all ten digits
  EXPECT_EQ(to_string(Rate::from_units(1)), "0.0000000001");
  EXPECT_EQ(to_string(Rate::from_units(15'000'000'000)), "1.5");
  EXPECT_EQ(to_string(Rate::from_units(-500'000'000)), "-0.05");
}

TEST(rate_test, to_percent_string_writes_percent) {
  EXPECT_EQ(to_percent_string(parse_rate("5%").value), "5%");
  EXPECT_EQ(to_percent_string(parse_rate("0.0275").value), "2.75%");
  EXPECT_EQ(to_percent_string(Rate::one()), "100%");
  EXPECT_EQ(to_percent_string(Rate()), "0%");
  EXPECT_EQ(to_percent_string(Rate::from_units(1'234'567'891)), "12.34567891%");  // 0.1234567891 * 100
  EXPECT_EQ(to_percent_string(Rate::from_units(1)), "0.00000001%");              // 10^-10 = 10^-8 %
  EXPECT_EQ(to_percent_string(Rate::from_units(50'000'000)), "0.5%");
}

TEST(rate_test, text_round_trips) {
  for (std::int64_t u : {std::int64_t{0}, std::int64_t{1}, std::int64_t{275'000'000}, std::int64_t{1'234'567'891},
                         std::int64_t{10'000'000'000}, std::int64_t{12'345'678'901'234}}) {
    const Rate r = Rate::from_units(u);
    EXPECT_EQ(parse_rate(to_string(r)).value, r) << u;
    EXPECT_EQ(parse_rate(to_percent_string(r)).value, r) << u;
  }
}

TEST(rate_test, comparisons_are_by_value) {
  EXPECT_LT(parse_rate("2.75%").value, parse_rate("3%").value);
  EXPECT_GT(parse_rate("0.1").value, parse_rate("9.99%").value);
  EXPECT_EQ(parse_rate("10%").value, parse_rate("0.1").value);
}

}  // namespace
