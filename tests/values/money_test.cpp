// Tests for payplan/money.hpp: exact parsing, formatting, checked arithmetic
// and rounding to a currency's minor unit (spec 1).

#include "payplan/values/money.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>

#include "payplan/values/gross.hpp"  // Money x Rate is declared here; the concept checks need it visible
#include "payplan/values/rate.hpp"

namespace {

using payplan::Money;
using payplan::parse_money;
using payplan::Rate;
using payplan::rounding;
using payplan::to_string;
using payplan::detail::decimal_errc;

// ---------------------------------------------------------------------------
// What must not compile (STYLE: "never Money + Rate"; money is never a binary
// float). Each negative check has a positive control beside it, so a broken
// concept (one that is false for everything) fails the build too.

template <class A, class B>
concept addable = requires(A a, B b) { a + b; };
template <class A, class B>
concept subtractable = requires(A a, B b) { a - b; };
template <class A, class B>
concept multipliable = requires(A a, B b) { a * b; };

static_assert(addable<Money, Money>);           // control: Money + Money is fine
static_assert(subtractable<Money, Money>);      // control
static_assert(!addable<Money, Rate>);           // never Money + Rate
static_assert(!addable<Rate, Money>);
static_assert(!subtractable<Money, Rate>);
static_assert(multipliable<Money, Rate>);       // control: Money x Rate -> Gross (values/gross.hpp)
static_assert(std::is_same_v<decltype(std::declval<Money>() * std::declval<Rate>()), payplan::Gross>);
static_assert(!multipliable<Money, double>);    // no Money x double
static_assert(!multipliable<double, Money>);
static_assert(!multipliable<Money, Money>);     // money squared means nothing
static_assert(!addable<Money, double>);         // 1.5 must not sneak in through Money(double)
static_assert(!std::is_constructible_v<Money, double>);
static_assert(!std::is_constructible_v<Money, float>);
static_assert(!std::is_convertible_v<double, Money>);
static_assert(std::is_constructible_v<Money, int>);  // integers are exact: implicit, as for any decimal
static_assert(std::is_convertible_v<int, Money>);
static_assert(addable<Money, int>);                   // Money + 5 means Money + 5.000000
static_assert(std::is_trivially_copyable_v<Money>);

// Money(int) is constexpr and counts whole units in millionths.
static_assert(Money(3).micros() == 3'000'000);
static_assert(Money(-2).micros() == -2'000'000);
static_assert(Money().micros() == 0);

Money micros(std::int64_t m) { return Money::from_micros(m); }

// ---------------------------------------------------------------------------
// Parsing (spec 1: exact decimals, at most 6 fractional digits, never rounded)

TEST(money_test, parses_exactly) {
  EXPECT_EQ(parse_money("1234.5").value.micros(), 1'234'500'000);  // 1234.5 * 10^6
  EXPECT_EQ(parse_money("-0.07").value.micros(), -70'000);         // -0.07 * 10^6
  EXPECT_EQ(parse_money("+3").value.micros(), 3'000'000);          // a leading + is allowed
  EXPECT_EQ(parse_money("0.000001").value.micros(), 1);            // the smallest amount: one millionth
  EXPECT_EQ(parse_money("-0.000001").value.micros(), -1);
  EXPECT_EQ(parse_money("0").value.micros(), 0);
  EXPECT_EQ(parse_money("-0").value.micros(), 0);                  // negative zero is zero
  EXPECT_EQ(parse_money("12.345678").value.micros(), 12'345'678);  // all six digits kept
  EXPECT_EQ(parse_money("100").value.micros(), 100'000'000);
  EXPECT_TRUE(parse_money("1234.5").ok());
  EXPECT_EQ(parse_money("1234.5").ec, decimal_errc::ok);
}

TEST(money_test, trailing_zeros_beyond_six_digits_carry_no_value) {
  // "1.2300000" has 7 written fractional digits but only 2 significant ones.
  auto r = parse_money("1.2300000");
  ASSERT_TRUE(r.ok()) << payplan::detail::describe(r.ec);
  EXPECT_EQ(r.value.micros(), 1'230'000);  // 1.23 * 10^6
  // "0.0000010": the 7th digit is a zero, so this is exactly one millionth.
  EXPECT_EQ(parse_money("0.0000010").value.micros(), 1);
  EXPECT_TRUE(parse_money("0.0000010").ok());
  EXPECT_EQ(parse_money("5.000000000000").value.micros(), 5'000'000);
}

TEST(money_test, refuses_seven_fractional_digits) {
  // spec 1: more than 6 fractional digits is an input error, never rounded.
  for (const char* text : {"0.0000001", "1.2345678", "-0.0000005", "12.3456781", "0.00000010001"}) {
    auto r = parse_money(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.ec, decimal_errc::too_many_digits) << text;
    EXPECT_EQ(r.value.micros(), 0) << text;  // a failed parse carries no partial value
  }
}

TEST(money_test, refuses_syntax_errors) {
  for (const char* text : {"1,000", "1e5", "abc", "1.2.3", ".", "-", "+", "--1", " 1", "1 ", "1.5x", "0x10", "1_000",
                           "$5", "5$", "1.-5", "NaN", "inf"}) {
    auto r = parse_money(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.ec, decimal_errc::syntax) << text;
  }
}

TEST(money_test, refuses_empty_text) {
  // "" is refused with its own code, so a message can say "is empty".
  auto r = parse_money("");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.ec, decimal_errc::empty);
  EXPECT_STREQ(payplan::detail::describe(r.ec), "is empty");
}

TEST(money_test, refuses_overflow) {
  // The largest amount is INT64_MAX micros = 9223372036854.775807.
  EXPECT_EQ(parse_money("9223372036854.775807").value.micros(), INT64_MAX);
  EXPECT_EQ(parse_money("-9223372036854.775808").value.micros(), INT64_MIN);
  // One micro past either end does not fit.
  EXPECT_EQ(parse_money("9223372036854.775808").ec, decimal_errc::overflow);
  EXPECT_EQ(parse_money("-9223372036854.775809").ec, decimal_errc::overflow);
  EXPECT_EQ(parse_money("10000000000000").ec, decimal_errc::overflow);  // 10^13 units = 10^19 micros > 9.22 * 10^18
  // Far too many digits for any intermediate: refused, not wrapped.
  EXPECT_EQ(parse_money("123456789012345678901234567890123456789012345678901234567890").ec, decimal_errc::overflow);
  EXPECT_EQ(parse_money("-99999999999999999999999999999999999999999.5").ec, decimal_errc::overflow);
}

// ---------------------------------------------------------------------------
// Formatting

TEST(money_test, to_string_pads_to_min_digits) {
  EXPECT_EQ(to_string(parse_money("1234.5").value, 2), "1234.50");  // one digit written, padded to two
  EXPECT_EQ(to_string(parse_money("-0.07").value, 2), "-0.07");
  EXPECT_EQ(to_string(Money(0), 2), "0.00");
  EXPECT_EQ(to_string(Money(5), 0), "5");      // JPY: no fractional part at all
  EXPECT_EQ(to_string(Money(5), 3), "5.000");  // KWD
  EXPECT_EQ(to_string(Money(-5), 2), "-5.00");
  EXPECT_EQ(to_string(micros(70'000), 0), "0.07");  // min 0 trims trailing zeros only
}

TEST(money_test, to_string_shows_more_digits_only_where_the_amount_has_them) {
  // 1.234567 has six fractional digits: all of them are written, never a rounded lie.
  EXPECT_EQ(to_string(micros(1'234'567), 2), "1.234567");
  EXPECT_EQ(to_string(micros(1'234'500), 2), "1.2345");   // trailing zeros beyond min trimmed
  EXPECT_EQ(to_string(micros(1'230'000), 2), "1.23");
  EXPECT_EQ(to_string(micros(1'200'000), 2), "1.20");     // but never below min
  EXPECT_EQ(to_string(micros(1), 2), "0.000001");
  EXPECT_EQ(to_string(micros(-1), 2), "-0.000001");
}

TEST(money_test, to_string_rounds_half_even_at_max_digits) {
  // 1.234567 to 4 digits: remainder 67 of 100 > half -> 1.2346
  EXPECT_EQ(to_string(micros(1'234'567), 2, 4), "1.2346");
  // 1.234550 -> 12345.50 ten-thousandths: a tie, 5 is odd -> 12346
  EXPECT_EQ(to_string(micros(1'234'550), 2, 4), "1.2346");
  // 1.234450 -> 12344.50: a tie, 4 is even -> 12344
  EXPECT_EQ(to_string(micros(1'234'450), 2, 4), "1.2344");
  // -0.005 to 2 digits: -0.5 hundredths, tie, 0 even -> 0, written without a sign
  EXPECT_EQ(to_string(micros(-5'000), 2, 2), "0.00");
  // -0.015 -> -1.5 hundredths, tie, 1 odd -> -2
  EXPECT_EQ(to_string(micros(-15'000), 2, 2), "-0.02");
}

TEST(money_test, to_string_extremes) {
  EXPECT_EQ(to_string(micros(INT64_MAX), 2), "9223372036854.775807");
  EXPECT_EQ(to_string(micros(INT64_MIN), 2), "-9223372036854.775808");  // magnitude does not fit int64 itself
}

TEST(money_test, parse_and_to_string_round_trip) {
  for (const char* text : {"0.00", "1234.50", "-0.07", "0.000001", "-9223372036854.775808", "9223372036854.775807",
                           "42.123456", "-1.10"}) {
    auto r = parse_money(text);
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_EQ(to_string(r.value, 2), text);
  }
}

// ---------------------------------------------------------------------------
// Checked arithmetic (spec 1: overflow is an error, never a wrap)

TEST(money_test, adds_and_subtracts_exactly) {
  EXPECT_EQ((parse_money("0.10").value + parse_money("0.20").value).micros(), 300'000);  // no binary 0.30000000000000004
  EXPECT_EQ((Money(5) - parse_money("0.000001").value).micros(), 4'999'999);
  EXPECT_EQ((-parse_money("1.5").value).micros(), -1'500'000);
  Money m = Money(1);
  m += parse_money("0.25").value;  // 1.25
  m -= Money(2);                   // -0.75
  EXPECT_EQ(m.micros(), -750'000);
  EXPECT_TRUE(m.is_negative());
  EXPECT_FALSE(m.is_zero());
  EXPECT_TRUE(Money().is_zero());
  // The extremes combine without overflow: MAX + MIN = -1.
  EXPECT_EQ((micros(INT64_MAX) + micros(INT64_MIN)).micros(), -1);
}

TEST(money_test, comparisons_are_by_value) {
  EXPECT_LT(parse_money("-0.01").value, Money(0));
  EXPECT_LT(parse_money("1.999999").value, Money(2));
  EXPECT_EQ(parse_money("2.000").value, Money(2));
  EXPECT_GT(parse_money("0.000001").value, Money());
}

TEST(money_test, sum_overflow_throws) {
  EXPECT_THROW((void)(micros(INT64_MAX) + micros(1)), payplan::overflow_error);
  EXPECT_THROW((void)(micros(INT64_MIN) + micros(-1)), payplan::overflow_error);
  EXPECT_THROW((void)(micros(INT64_MIN) - micros(1)), payplan::overflow_error);
  EXPECT_THROW((void)(micros(INT64_MAX) - micros(-1)), payplan::overflow_error);
  EXPECT_THROW((void)(-micros(INT64_MIN)), payplan::overflow_error);  // |INT64_MIN| > INT64_MAX
  Money m = micros(INT64_MAX - 5);
  EXPECT_THROW(m += micros(6), payplan::overflow_error);
  EXPECT_EQ(m.micros(), INT64_MAX - 5);  // a failed += leaves the value unchanged
  m = micros(INT64_MIN + 5);
  EXPECT_THROW(m -= micros(6), payplan::overflow_error);
  // overflow_error is a payplan::error, so one catch handles every payplan failure.
  EXPECT_THROW((void)(micros(INT64_MAX) + micros(1)), payplan::error);
  // Just inside the limits is fine.
  EXPECT_EQ((micros(INT64_MAX - 1) + micros(1)).micros(), INT64_MAX);
  EXPECT_EQ((-micros(INT64_MAX)).micros(), -INT64_MAX);
}

// ---------------------------------------------------------------------------
// Money::rounded: the one rounding to the currency's minor unit (spec 1)

TEST(money_test, rounded_half_even_vs_half_up_at_a_tie) {
  const Money a = parse_money("2.345").value;  // 234.5 cents: a tie
  EXPECT_EQ(a.rounded(2, rounding::half_even).micros(), 2'340'000);  // 234 is even -> 2.34
  EXPECT_EQ(a.rounded(2, rounding::half_up).micros(), 2'350'000);    // away from zero -> 2.35

  const Money b = parse_money("2.355").value;  // 235.5 cents: a tie, 235 odd
  EXPECT_EQ(b.rounded(2, rounding::half_even).micros(), 2'360'000);  // to even 236 -> 2.36
  EXPECT_EQ(b.rounded(2, rounding::half_up).micros(), 2'360'000);    // away -> 2.36

  const Money c = parse_money("-2.345").value;  // -234.5 cents
  EXPECT_EQ(c.rounded(2, rounding::half_even).micros(), -2'340'000);  // -234 even -> -2.34
  EXPECT_EQ(c.rounded(2, rounding::half_up).micros(), -2'350'000);    // away from zero -> -2.35

  const Money d = parse_money("-2.355").value;
  EXPECT_EQ(d.rounded(2, rounding::half_even).micros(), -2'360'000);  // -235.5 -> -236 (even)
  EXPECT_EQ(d.rounded(2, rounding::half_up).micros(), -2'360'000);
}

TEST(money_test, rounded_off_a_tie_goes_to_the_nearest) {
  // 2.344999 -> 234.4999 cents: below half -> 2.34 in both modes
  EXPECT_EQ(micros(2'344'999).rounded(2, rounding::half_up).micros(), 2'340'000);
  EXPECT_EQ(micros(2'344'999).rounded(2, rounding::half_even).micros(), 2'340'000);
  // 2.345001 -> 234.5001 cents: above half -> 2.35 in both modes
  EXPECT_EQ(micros(2'345'001).rounded(2, rounding::half_even).micros(), 2'350'000);
  EXPECT_EQ(micros(-2'345'001).rounded(2, rounding::half_even).micros(), -2'350'000);
  // -0.004 -> -0.4 cents -> 0
  EXPECT_EQ(micros(-4'000).rounded(2, rounding::half_up).micros(), 0);
  // exact amounts are unchanged
  EXPECT_EQ(micros(2'340'000).rounded(2, rounding::half_up).micros(), 2'340'000);
}

TEST(money_test, rounded_to_other_minor_units) {
  // JPY (0 digits): 2.5 -> 2 (even) / 3 (up); 3.5 -> 4 both
  EXPECT_EQ(parse_money("2.5").value.rounded(0, rounding::half_even).micros(), 2'000'000);
  EXPECT_EQ(parse_money("2.5").value.rounded(0, rounding::half_up).micros(), 3'000'000);
  EXPECT_EQ(parse_money("3.5").value.rounded(0, rounding::half_even).micros(), 4'000'000);
  EXPECT_EQ(parse_money("-2.5").value.rounded(0, rounding::half_up).micros(), -3'000'000);
  // KWD (3 digits): 1.0005 -> 1000.5 fils: 1.000 (even) / 1.001 (up)
  EXPECT_EQ(parse_money("1.0005").value.rounded(3, rounding::half_even).micros(), 1'000'000);
  EXPECT_EQ(parse_money("1.0005").value.rounded(3, rounding::half_up).micros(), 1'001'000);
  // 6 digits: nothing to round
  EXPECT_EQ(micros(1'234'567).rounded(6, rounding::half_up).micros(), 1'234'567);
}

TEST(money_test, rounded_near_the_limit_is_an_overflow_not_a_wrap) {
  // 9223372036854.775807 -> 922337203685477.5807 cents -> 922337203685478 cents, which is
  // 9223372036854.78 > the largest Money: it must be refused.
  EXPECT_THROW((void)micros(INT64_MAX).rounded(2, rounding::half_even), payplan::overflow_error);
  EXPECT_THROW((void)micros(INT64_MIN).rounded(2, rounding::half_even), payplan::overflow_error);
  // 9223372036854.775807 -> 9223372036855 whole units (JPY) does not fit either
  EXPECT_THROW((void)micros(INT64_MAX).rounded(0, rounding::half_up), payplan::overflow_error);
}

}  // namespace

// parse_money reads most amounts on a 64-bit path (issue 11); whatever the
// form, it must give what the exact general parser gives, value and error.
TEST(money_test, the_fast_path_agrees_with_the_exact_parser) {
  for (std::string_view text :
       {"0", "-0", "+0", "1.", ".5", "-.5", "1234.56", "-1234.56", "0.000001", "1.2300000", "1.0000001",
        "999999999999.999999",   // 18 digits once scaled: the last the fast path takes
        "9999999999999.999999",  // 19: the general path
        "9223372036854.775807", "9223372036854.775808", "-9223372036854.775808", "12345678901234567890",
        "", "-", "+", ".", "-.", "1e5", "1.2.3", "--1", "12,5", " 1", "1 ", "0x10", "1.5-"}) {
    const auto fast = parse_money(text);
    const auto exact = payplan::detail::parse_decimal(text, 6);
    const bool fits = exact.ec == payplan::detail::decimal_errc::ok && exact.value <= INT64_MAX && exact.value >= INT64_MIN;
    if (fits) {
      EXPECT_TRUE(fast.ok()) << text;
      EXPECT_EQ(fast.value.micros(), static_cast<std::int64_t>(exact.value)) << text;
    } else {
      EXPECT_FALSE(fast.ok()) << text;
    }
  }
  EXPECT_EQ(parse_money("999999999999.999999").value.micros(), 999'999'999'999'999'999);
  EXPECT_EQ(parse_money("-.5").value.micros(), -500'000);
}

// issue 15: Money streams (and formats, where <format> is) with the digits it has.
TEST(money_test, streams_with_the_digits_it_has) {
  std::ostringstream out;
  out << parse_money("1234.50").value << ' ' << parse_money("-0.07").value << ' ' << payplan::Money(12) << ' '
      << parse_money("0.000001").value;
  EXPECT_EQ(out.str(), "1234.5 -0.07 12 0.000001");
#if defined(__cpp_lib_format)
  EXPECT_EQ(std::format("{}", parse_money("1234.50").value), "1234.5");
#endif
}
