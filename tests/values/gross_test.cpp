// Tests for payplan/gross.hpp and payplan/rounding.hpp: Money x Rate exactly,
// exact fractional factors, and the single rounding of a line (spec 1, 4.1).

#include "payplan/values/gross.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include <boost/multiprecision/cpp_int.hpp>
#include <array>
#include <cstdint>
#include <random>
#include <string>

#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"
#include "payplan/values/rounding.hpp"

namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;
using payplan::Fraction;
using payplan::Gross;
using payplan::Money;
using payplan::Rate;
using payplan::round_line;
using payplan::rounding;
using payplan::to_string;
using payplan::detail::int128;

constexpr auto even = rounding::half_even;
constexpr auto up = rounding::half_up;

// The test's own power of ten, so expectations do not lean on the code under test.
constexpr int128 ten_to(int n) {
  int128 r = 1;
  while (n-- > 0) r *= 10;
  return r;
}
constexpr int128 int128_max = static_cast<int128>(~static_cast<payplan::detail::uint128>(0) >> 1);
constexpr int128 int128_min = -int128_max - 1;

cpp_int big(int128 v) { return cpp_int(v); }
cpp_int big(const char* decimal) { return cpp_int(decimal); }

Money money(const char* text) {
  auto r = payplan::parse_money(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.value;
}
Rate rate(const char* text) {
  auto r = payplan::parse_rate(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.value;
}
// A gross written as money x rate, the way the engine forms a flat line.
Gross gross(const char* amount, const char* r = "100%") { return money(amount) * rate(r); }

// round_line with all factors one, as micros.
std::int64_t line(Gross g, int minor, rounding mode) {
  return round_line(g, Fraction::one(), Fraction::one(), Fraction::one(), minor, mode).micros();
}
std::int64_t line(Gross g, Fraction eligible, Fraction share, Fraction portion, int minor, rounding mode) {
  return round_line(g, eligible, share, portion, minor, mode).micros();
}

// ---------------------------------------------------------------------------
// Money x Rate

static_assert(Gross::digits == 26);

TEST(gross_test, money_times_rate_is_exact) {
  // 1000.00 x 5% = 50, i.e. 50 * 10^26 units
  EXPECT_EQ(big(gross("1000.00", "5%").units()), big(50) * big(ten_to(26)));
  // 0.10 x 2.75% = 0.00275 = 275 * 10^-5, i.e. 275 * 10^21 units
  EXPECT_EQ(big(gross("0.10", "2.75%").units()), big(275) * big(ten_to(21)));
  // 123.45 x 0.0275 = 3.394875 = 3394875 * 10^-6 -> 3394875 * 10^20 units
  EXPECT_EQ(big(gross("123.45", "0.0275").units()), big(3'394'875) * big(ten_to(20)));
  // -200 x 5% = -10
  EXPECT_EQ(big(gross("-200", "5%").units()), big(-10) * big(ten_to(26)));
  // the finest product: 10^-6 x 10^-10 = 10^-16 = 10^10 units; nothing is lost
  EXPECT_EQ(big((Money::from_micros(1) * Rate::from_units(1)).units()), big(ten_to(10)));
  // 0.000001 x 0.1234567891 = 1234567891 * 10^-16
  EXPECT_EQ(big((Money::from_micros(1) * Rate::from_units(1'234'567'891)).units()), big(1'234'567'891) * big(ten_to(10)));
  EXPECT_TRUE((Money(0) * rate("5%")).is_zero());
  EXPECT_TRUE((Money(7) * Rate()).is_zero());
}

TEST(gross_test, product_overflow_throws) {
  // Gross holds up to about 1.7 * 10^12 units (int128 / 10^26).
  // 10^12 x 1 = 10^38 units: fits.
  const Money trillion = Money::from_micros(1'000'000'000'000'000'000);
  EXPECT_EQ(big((trillion * Rate::one()).units()), big(ten_to(38)));
  // 2 * 10^12 x 1 = 2 * 10^38 > 1.7 * 10^38: refused
  EXPECT_THROW((void)(Money::from_micros(2'000'000'000'000'000'000) * Rate::one()), payplan::overflow_error);
  EXPECT_THROW((void)(Money::from_micros(INT64_MAX) * Rate::one()), payplan::overflow_error);
  EXPECT_THROW((void)(Money::from_micros(INT64_MIN) * Rate::one()), payplan::overflow_error);
  // sums of gross are checked too: 10^38 + 10^38 > int128 max
  const Gross g = trillion * Rate::one();
  EXPECT_THROW((void)(g + g), payplan::overflow_error);
  EXPECT_THROW((void)(-Gross::from_units(int128_min)), payplan::overflow_error);
}

TEST(gross_test, gross_sums_and_negation) {
  Gross g = gross("0.10", "2.75%");  // 0.00275
  g += gross("0.20", "2.75%");       // + 0.0055 = 0.00825
  EXPECT_EQ(big(g.units()), big(825) * big(ten_to(21)));
  EXPECT_EQ(big((-g).units()), big(-825) * big(ten_to(21)));
  EXPECT_LT(-g, Gross());
  EXPECT_EQ(g + (-g), Gross());
}

// ---------------------------------------------------------------------------
// round_line, all factors one (the fast path)

TEST(gross_test, round_line_ties_at_the_minor_unit) {
  // 0.125 = 12.5 cents: a tie. Even: 12 -> 0.12; up: 13 -> 0.13
  EXPECT_EQ(line(gross("0.125"), 2, even), 120'000);
  EXPECT_EQ(line(gross("0.125"), 2, up), 130'000);
  // -0.125 = -12.5 cents: even -12 -> -0.12; up (away from zero) -13 -> -0.13
  EXPECT_EQ(line(gross("-0.125"), 2, even), -120'000);
  EXPECT_EQ(line(gross("-0.125"), 2, up), -130'000);
  // 0.135 = 13.5 cents: 13 is odd, so even also goes to 14 -> 0.14 both
  EXPECT_EQ(line(gross("0.135"), 2, even), 140'000);
  EXPECT_EQ(line(gross("0.135"), 2, up), 140'000);
  EXPECT_EQ(line(gross("-0.135"), 2, even), -140'000);
  // 246.90 x 5% = 12.345 = 1234.5 cents: even 12.34, up 12.35
  EXPECT_EQ(line(gross("246.90", "5%"), 2, even), 12'340'000);
  EXPECT_EQ(line(gross("246.90", "5%"), 2, up), 12'350'000);
  // 0.01 x 50% = 0.005 = 0.5 cents: even 0, up 0.01
  EXPECT_EQ(line(gross("0.01", "50%"), 2, even), 0);
  EXPECT_EQ(line(gross("0.01", "50%"), 2, up), 10'000);
}

TEST(gross_test, round_line_sees_the_tie_exactly) {
  // One unit (10^-26) above the tie 0.125 is no longer a tie: 0.13 in both modes.
  const int128 tie = 125 * ten_to(23);
  EXPECT_EQ(line(Gross::from_units(tie + 1), 2, even), 130'000);
  EXPECT_EQ(line(Gross::from_units(tie - 1), 2, up), 120'000);   // one unit below: 0.12 even in half_up
  EXPECT_EQ(line(Gross::from_units(-tie - 1), 2, even), -130'000);
  EXPECT_EQ(line(Gross::from_units(-tie + 1), 2, up), -120'000);
  // 0.10 x 2.75% = 0.00275 = 0.275 cents -> 0.00
  EXPECT_EQ(line(gross("0.10", "2.75%"), 2, up), 0);
  // 123.45 x 2.75% = 3.394875 -> 339.4875 cents -> 3.39
  EXPECT_EQ(line(gross("123.45", "2.75%"), 2, up), 3'390'000);
  EXPECT_EQ(line(Gross(), 2, up), 0);
}

TEST(gross_test, round_line_minor_unit_zero_jpy) {
  // 1050 x 5% = 52.5 yen: even 52, up 53
  EXPECT_EQ(line(gross("1050", "5%"), 0, even), 52'000'000);
  EXPECT_EQ(line(gross("1050", "5%"), 0, up), 53'000'000);
  // 1150 x 5% = 57.5: 57 odd -> 58 both
  EXPECT_EQ(line(gross("1150", "5%"), 0, even), 58'000'000);
  EXPECT_EQ(line(gross("1150", "5%"), 0, up), 58'000'000);
  // -52.5: even -52, up -53
  EXPECT_EQ(line(gross("-1050", "5%"), 0, even), -52'000'000);
  EXPECT_EQ(line(gross("-1050", "5%"), 0, up), -53'000'000);
  // 0.5 yen -> 0 even / 1 up; 0.49 yen -> 0 both
  EXPECT_EQ(line(gross("0.5"), 0, even), 0);
  EXPECT_EQ(line(gross("0.5"), 0, up), 1'000'000);
  EXPECT_EQ(line(gross("0.49"), 0, up), 0);
}

TEST(gross_test, round_line_minor_unit_three_kwd) {
  // 20.010 x 5% = 1.0005 = 1000.5 fils: even 1.000, up 1.001
  EXPECT_EQ(line(gross("20.010", "5%"), 3, even), 1'000'000);
  EXPECT_EQ(line(gross("20.010", "5%"), 3, up), 1'001'000);
  // 20.030 x 5% = 1.0015 = 1001.5 fils: 1001 odd -> 1.002 both
  EXPECT_EQ(line(gross("20.030", "5%"), 3, even), 1'002'000);
  EXPECT_EQ(line(gross("20.030", "5%"), 3, up), 1'002'000);
  // 0.10 x 2.75% = 0.00275 = 2.75 fils -> 0.003
  EXPECT_EQ(line(gross("0.10", "2.75%"), 3, even), 3'000);
  // -1.0005 -> -1.000 even / -1.001 up
  EXPECT_EQ(line(gross("-20.010", "5%"), 3, even), -1'000'000);
  EXPECT_EQ(line(gross("-20.010", "5%"), 3, up), -1'001'000);
}

// ---------------------------------------------------------------------------
// round_line with fractional eligible, share and portion (exact, one rounding)

TEST(gross_test, round_line_with_fractions) {
  const Fraction one = Fraction::one(), third{1, 3}, half{1, 2};
  // 100 x 1/3 = 33.333... -> 33.33 in both modes
  EXPECT_EQ(line(gross("100"), third, one, one, 2, even), 33'330'000);
  EXPECT_EQ(line(gross("100"), one, third, one, 2, up), 33'330'000);
  // 200 x 1/3 = 66.666... -> 66.67
  EXPECT_EQ(line(gross("200"), third, one, one, 2, even), 66'670'000);
  // 0.01 x 1/2 = 0.005 -> 0.00 even / 0.01 up
  EXPECT_EQ(line(gross("0.01"), one, half, one, 2, even), 0);
  EXPECT_EQ(line(gross("0.01"), one, half, one, 2, up), 10'000);
  // 0.15 x 1/2 x 1/3 = 0.025 exactly (2.5 cents, a tie): even 0.02 / up 0.03.
  // A decimal third (0.333333) would give 0.02499999 and 0.02 in both modes.
  EXPECT_EQ(line(gross("0.15"), half, third, one, 2, even), 20'000);
  EXPECT_EQ(line(gross("0.15"), half, third, one, 2, up), 30'000);
  EXPECT_EQ(line(gross("-0.15"), half, third, one, 2, even), -20'000);
  EXPECT_EQ(line(gross("-0.15"), half, third, one, 2, up), -30'000);
  // 0.09 x 1/2 x 1/3 = 0.015 = 1.5 cents: 1 odd -> 0.02 both
  EXPECT_EQ(line(gross("0.09"), half, third, one, 2, even), 20'000);
  EXPECT_EQ(line(gross("0.09"), half, third, one, 2, up), 20'000);
  // eligible 0 pays nothing
  EXPECT_EQ(line(gross("100"), Fraction::zero(), one, one, 2, up), 0);
  // eligible from a rate: 1000 x 5% x (eligible 80%) = 40.00
  EXPECT_EQ(line(gross("1000", "5%"), Fraction::of(rate("80%")), one, one, 2, even), 40'000'000);
}

TEST(gross_test, round_line_unnormalized_one_matches_the_fast_path) {
  // {2,2} is one by value but takes the arbitrary-precision path: the results must agree.
  const Fraction two_halves{2, 2}, one = Fraction::one();
  for (const char* g : {"0.125", "-0.125", "0.135", "12.345", "-0.005", "3.394875"}) {
    for (auto mode : {even, up}) {
      EXPECT_EQ(line(gross(g), two_halves, one, one, 2, mode), line(gross(g), 2, mode)) << g;
      EXPECT_EQ(line(gross(g), one, one, two_halves, 0, mode), line(gross(g), 0, mode)) << g;
      EXPECT_EQ(line(gross(g), one, two_halves, one, 3, mode), line(gross(g), 3, mode)) << g;
    }
  }
}

TEST(gross_test, round_line_clawback_portion) {
  const Fraction one = Fraction::one();
  // spec 4.1 Returns: -original gross x returned / sold.
  // A 50.00 line, 40 of 100 returned: -50 x 40/100 = -20.00
  EXPECT_EQ(line(-gross("50"), one, one, Fraction{40, 100}, 2, even), -20'000'000);
  // Sold 123.45 at 2.75% (gross 3.394875); 40.00 returned. The engine's portion is in micros:
  // -3.394875 x 40000000/123450000 = -0.0275 x 40 = -1.10 exactly
  const Fraction portion{40'000'000, 123'450'000};
  EXPECT_EQ(line(-gross("123.45", "2.75%"), one, one, portion, 2, even), -1'100'000);
  EXPECT_EQ(line(-gross("123.45", "2.75%"), one, one, portion, 2, up), -1'100'000);
  // ... at a share of 1/3: -1.10 / 3 = -0.3666... -> -0.37
  EXPECT_EQ(line(-gross("123.45", "2.75%"), one, Fraction{1, 3}, portion, 2, even), -370'000);
  // Sold 100.00 at 5% (gross 5); 0.10 returned: -5 x 0.1/100 = -0.005, a tie:
  // even -> 0.00, up (away from zero) -> -0.01
  const Fraction tiny{100'000, 100'000'000};
  EXPECT_EQ(line(-gross("100", "5%"), one, one, tiny, 2, even), 0);
  EXPECT_EQ(line(-gross("100", "5%"), one, one, tiny, 2, up), -10'000);
}

TEST(gross_test, round_line_fractions_at_other_minor_units) {
  const Fraction one = Fraction::one(), half{1, 2};
  // JPY: 105 x 1/2 = 52.5 -> 52 even / 53 up
  EXPECT_EQ(line(gross("105"), half, one, one, 0, even), 52'000'000);
  EXPECT_EQ(line(gross("105"), half, one, one, 0, up), 53'000'000);
  // KWD: 2.001 x 1/2 = 1.0005 -> 1.000 even / 1.001 up
  EXPECT_EQ(line(gross("2.001"), one, half, one, 3, even), 1'000'000);
  EXPECT_EQ(line(gross("2.001"), one, half, one, 3, up), 1'001'000);
}

TEST(gross_test, round_line_overflow_throws) {
  // A portion above one (returns exceeding the sale are still proportional) can push
  // the line past what Money holds: 10^12 x 100 = 10^14 units > 9.2 * 10^12.
  const Gross g = Money::from_micros(1'000'000'000'000'000'000) * Rate::one();
  EXPECT_THROW((void)line(g, Fraction::one(), Fraction::one(), Fraction{100, 1}, 2, even), payplan::overflow_error);
  EXPECT_THROW((void)line(-g, Fraction::one(), Fraction::one(), Fraction{100, 1}, 2, up), payplan::overflow_error);
  // 10^12 itself fits: 10^18 micros
  EXPECT_EQ(line(g, 2, even), 1'000'000'000'000'000'000);
  // x 9 fits too (9 * 10^18 < 9.22 * 10^18)
  EXPECT_EQ(line(g, Fraction::one(), Fraction{9, 1}, Fraction::one(), 2, even), 9'000'000'000'000'000'000);
  // x 10 does not, even though the rounded minor units (10^15 cents) fit in 64 bits
  EXPECT_THROW((void)line(g, Fraction::one(), Fraction{10, 1}, Fraction::one(), 2, even), payplan::overflow_error);
}

// ---------------------------------------------------------------------------
// Fractions

TEST(gross_test, fraction_compares_by_value) {
  EXPECT_EQ((Fraction{1, 2}), (Fraction{2, 4}));
  EXPECT_EQ((Fraction{0, 1}), (Fraction{0, 7}));
  EXPECT_FALSE((Fraction{1, 3} == Fraction{33, 100}));
  EXPECT_EQ(Fraction::of(rate("5%")), (Fraction{1, 20}));  // 500000000 / 10^10 = 1/20
  // cross-multiplication does not overflow with large terms: (10^30 + 1)/10^30 vs 1
  EXPECT_FALSE((Fraction{ten_to(30) + 1, ten_to(30)} == Fraction::one()));
  EXPECT_EQ((Fraction{ten_to(30), ten_to(30)}), Fraction::one());
  EXPECT_TRUE((Fraction{5, 5}).is_one());
  EXPECT_TRUE(Fraction::zero().is_zero());
  EXPECT_TRUE((Fraction{1, 3}).less_than_one());
  EXPECT_FALSE((Fraction{3, 3}).less_than_one());
}

TEST(gross_test, fraction_to_string) {
  EXPECT_EQ(to_string(Fraction{1, 4}), "0.25");
  EXPECT_EQ(to_string(Fraction::one()), "1");
  EXPECT_EQ(to_string(Fraction{7, 7}), "1");
  EXPECT_EQ(to_string(Fraction{1, 3}), "0.333333");      // 0.3333333... -> 6 digits
  EXPECT_EQ(to_string(Fraction{2, 3}), "0.666667");      // 0.6666666... rounds up
  EXPECT_EQ(to_string(Fraction{1, 7}), "0.142857");      // 0.1428571...
  EXPECT_EQ(to_string(Fraction{1, 8}), "0.125");
  EXPECT_EQ(to_string(Fraction::zero()), "0");
  EXPECT_EQ(to_string(Fraction{5, 4}), "1.25");          // a portion may exceed one
  EXPECT_EQ(to_string(Fraction{-1, 3}), "-0.333333");
  EXPECT_EQ(to_string(Fraction::of(rate("2.75%"))), "0.0275");
  // 40000000/123450000 = 800/2469 = 0.32401782... -> 0.324018
  EXPECT_EQ(to_string(Fraction{40'000'000, 123'450'000}), "0.324018");
  // ties at the 7th digit go to even: 0.0000005 -> 0, 0.0000015 -> 0.000002, 0.0000025 -> 0.000002
  EXPECT_EQ(to_string(Fraction{1, 2'000'000}), "0");
  EXPECT_EQ(to_string(Fraction{3, 2'000'000}), "0.000002");
  EXPECT_EQ(to_string(Fraction{5, 2'000'000}), "0.000002");
  EXPECT_EQ(to_string(Fraction{-3, 2'000'000}), "-0.000002");
  EXPECT_EQ(to_string(Fraction{-1, 2'000'000}), "0");  // no "-0"
}

TEST(gross_test, gross_to_string_display_rules) {
  // contract-notes: half-even to 6 digits, at least the currency's minor digits,
  // trailing zeros beyond them trimmed.
  EXPECT_EQ(to_string(gross("1000.00", "5%"), 2), "50.00");
  EXPECT_EQ(to_string(gross("0.10", "2.75%"), 2), "0.00275");
  EXPECT_EQ(to_string(gross("123.45", "2.75%"), 2), "3.394875");
  EXPECT_EQ(to_string(gross("246.913578", "5%"), 2), "12.345679");  // 12.3456789 -> 12.345679
  EXPECT_EQ(to_string(gross("-200", "5%"), 2), "-10.00");
  // ties at the 7th digit, half-even: 12.3456785 -> 12.345678 (8 even); 12.3456775 -> 12.345678 (7 odd)
  EXPECT_EQ(to_string(Gross::from_units(123'456'785 * ten_to(19)), 2), "12.345678");
  EXPECT_EQ(to_string(Gross::from_units(123'456'775 * ten_to(19)), 2), "12.345678");
  EXPECT_EQ(to_string(Gross::from_units(-123'456'785 * ten_to(19)), 2), "-12.345678");
  // tiny amounts: 0.0000005 -> 0 (no "-0.00"), 0.0000015 -> 0.000002
  EXPECT_EQ(to_string(Gross::from_units(5 * ten_to(19)), 2), "0.00");
  EXPECT_EQ(to_string(Gross::from_units(-5 * ten_to(19)), 2), "0.00");
  EXPECT_EQ(to_string(Gross::from_units(15 * ten_to(19)), 2), "0.000002");
  EXPECT_EQ(to_string(Gross::from_units(1), 2), "0.00");  // 10^-26
  // minor 0 and 3
  EXPECT_EQ(to_string(gross("1050", "5%"), 0), "52.5");
  EXPECT_EQ(to_string(gross("1000", "5%"), 0), "50");
  EXPECT_EQ(to_string(gross("20.010", "5%"), 3), "1.0005");
  EXPECT_EQ(to_string(gross("20", "5%"), 3), "1.000");
  // 0.9999995 -> 1.000000 (carry into the units)
  EXPECT_EQ(to_string(Gross::from_units(9'999'995 * ten_to(19)), 2), "1.00");
}

TEST(gross_test, scaled_truncates_the_display_value) {
  // 100 x 1/3 = 33.33... truncated to 10^-26: 3333...3 (28 threes)
  EXPECT_EQ(big(payplan::scaled(gross("100"), Fraction{1, 3}).units()), big("3333333333333333333333333333"));
  EXPECT_EQ(big(payplan::scaled(gross("100"), Fraction{1, 3}).units()), big(ten_to(28)) / 3);  // the same, counted
  EXPECT_EQ(big(payplan::scaled(gross("-100"), Fraction{1, 3}).units()), big("-3333333333333333333333333333"));
  EXPECT_EQ(payplan::scaled(gross("7"), Fraction::one()), gross("7"));
  EXPECT_EQ(payplan::scaled(gross("7"), Fraction{1, 2}), gross("3.5"));
}

// ---------------------------------------------------------------------------
// detail::divide_rounded and detail::format_scaled

TEST(gross_test, divide_rounded_edges) {
  using payplan::detail::divide_rounded;
  EXPECT_EQ(big(divide_rounded(7, 2, even)), 4);    // 3.5 -> 4 (3 odd)
  EXPECT_EQ(big(divide_rounded(7, 2, up)), 4);
  EXPECT_EQ(big(divide_rounded(5, 2, even)), 2);    // 2.5 -> 2 (even)
  EXPECT_EQ(big(divide_rounded(5, 2, up)), 3);      // 2.5 -> 3
  EXPECT_EQ(big(divide_rounded(-5, 2, even)), -2);  // -2.5 -> -2
  EXPECT_EQ(big(divide_rounded(-5, 2, up)), -3);    // away from zero
  EXPECT_EQ(big(divide_rounded(-7, 2, even)), -4);  // -3.5 -> -4
  EXPECT_EQ(big(divide_rounded(1, 2, even)), 0);    // 0.5 -> 0
  EXPECT_EQ(big(divide_rounded(-1, 2, up)), -1);    // -0.5 -> -1
  EXPECT_EQ(big(divide_rounded(1, 3, up)), 0);      // 0.33
  EXPECT_EQ(big(divide_rounded(2, 3, even)), 1);    // 0.67
  EXPECT_EQ(big(divide_rounded(-2, 3, even)), -1);
  EXPECT_EQ(big(divide_rounded(-1, 3, up)), 0);
  EXPECT_EQ(big(divide_rounded(0, 7, up)), 0);
  EXPECT_EQ(big(divide_rounded(6, 3, up)), 2);      // exact
  EXPECT_EQ(big(divide_rounded(-6, 3, even)), -2);
  // d = 1 is the identity (the minimum of int128 has its own test below)
  EXPECT_EQ(big(divide_rounded(int128_max, 1, up)), big(int128_max));
  EXPECT_EQ(big(divide_rounded(int128_min + 1, 1, even)), big(int128_min + 1));
  // (2^127 - 1) / 2 = 2^126 - 0.5: a tie, 2^126 - 1 is odd, so both modes give 2^126
  EXPECT_EQ(big(divide_rounded(int128_max, 2, even)), big(int128_max) / 2 + 1);
  EXPECT_EQ(big(divide_rounded(int128_max, 2, up)), big(int128_max) / 2 + 1);
  // -2^127 / 3 = -56713727820156410577229101238628035242.67 -> ...243
  EXPECT_EQ(big(divide_rounded(int128_min, 3, even)), big("-56713727820156410577229101238628035243"));
  // the divisors round_line uses: 10^24 .. 10^26
  EXPECT_EQ(big(divide_rounded(5 * ten_to(25), ten_to(26), even)), 0);    // 0.5 -> 0
  EXPECT_EQ(big(divide_rounded(5 * ten_to(25), ten_to(26), up)), 1);      // 0.5 -> 1
  EXPECT_EQ(big(divide_rounded(-5 * ten_to(25), ten_to(26), up)), -1);
  EXPECT_EQ(big(divide_rounded(15 * ten_to(25), ten_to(26), even)), 2);   // 1.5 -> 2
  EXPECT_EQ(big(divide_rounded(5 * ten_to(25) + 1, ten_to(26), even)), 1);
  // a large divisor, d = 2^125: n = 2^124 is exactly half
  const int128 d = static_cast<int128>(1) << 125;
  EXPECT_EQ(big(divide_rounded(d / 2, d, even)), 0);
  EXPECT_EQ(big(divide_rounded(d / 2, d, up)), 1);
  EXPECT_EQ(big(divide_rounded(3 * (d / 2), d, even)), 2);  // 1.5 -> 2
  EXPECT_EQ(big(divide_rounded(-3 * (d / 2), d, even)), -2);
}

TEST(gross_test, divide_rounded_of_int128_min_by_one) {
  using payplan::detail::divide_rounded;
  EXPECT_EQ(big(divide_rounded(int128_min, 1, even)), big(int128_min));  // -2^127 / 1 = -2^127
  EXPECT_EQ(big(divide_rounded(int128_min, 1, up)), big(int128_min));
}

TEST(gross_test, divide_rounded_pow10_24_edges) {
  // The rounding of a Gross to cents: n / 10^24, done as two divisions by 10^12.
  using payplan::detail::divide_rounded_pow10_24;
  const int128 e24 = ten_to(24), half = 5 * ten_to(23);
  EXPECT_EQ(big(divide_rounded_pow10_24(half, even)), 0);           // 0.5 -> 0
  EXPECT_EQ(big(divide_rounded_pow10_24(half, up)), 1);             // 0.5 -> 1
  EXPECT_EQ(big(divide_rounded_pow10_24(-half, even)), 0);
  EXPECT_EQ(big(divide_rounded_pow10_24(-half, up)), -1);
  EXPECT_EQ(big(divide_rounded_pow10_24(half + 1, even)), 1);       // high half equal, low part > 0: above
  EXPECT_EQ(big(divide_rounded_pow10_24(half + 7, even)), 1);
  EXPECT_EQ(big(divide_rounded_pow10_24(half - 1, up)), 0);         // high half 499999999999, low 999999999999
  EXPECT_EQ(big(divide_rounded_pow10_24(-half - 1, even)), -1);
  EXPECT_EQ(big(divide_rounded_pow10_24(3 * half, even)), 2);       // 1.5 -> 2
  EXPECT_EQ(big(divide_rounded_pow10_24(5 * half, even)), 2);       // 2.5 -> 2
  EXPECT_EQ(big(divide_rounded_pow10_24(5 * half, up)), 3);
  EXPECT_EQ(big(divide_rounded_pow10_24(-5 * half, up)), -3);
  EXPECT_EQ(big(divide_rounded_pow10_24(ten_to(12), up)), 0);       // 10^-12 of a cent
  EXPECT_EQ(big(divide_rounded_pow10_24(7 * e24, even)), 7);        // exact
  EXPECT_EQ(big(divide_rounded_pow10_24(0, up)), 0);
  // quotient of the first division above 64 bits (n >= 10^12 * 2^64 ~ 1.8 * 10^31)
  EXPECT_EQ(big(divide_rounded_pow10_24(ten_to(38) + half, even)), big(ten_to(14)));      // 10^14 + 0.5, even
  EXPECT_EQ(big(divide_rounded_pow10_24(ten_to(38) + half, up)), big(ten_to(14)) + 1);
  EXPECT_EQ(big(divide_rounded_pow10_24(ten_to(38) + 3 * half, even)), big(ten_to(14)) + 2);  // 10^14 + 1.5
  EXPECT_EQ(big(divide_rounded_pow10_24(-ten_to(38) - half, up)), -big(ten_to(14)) - 1);
  // the ends of int128: (2^127 - 1) / 10^24 = 170141183460469.23... -> 170141183460469
  EXPECT_EQ(big(divide_rounded_pow10_24(int128_max, up)), big("170141183460469"));
  EXPECT_EQ(big(divide_rounded_pow10_24(int128_min, up)), big("-170141183460469"));
}

TEST(gross_test, divide_rounded_pow10_edges) {
  // n / 10^k in steps of at most 10^19 (issue 11: lines.csv's gross is n / 10^20):
  // the digit dropped last and whether anything below it is non-zero decide.
  using payplan::detail::divide_rounded_pow10;
  EXPECT_EQ(big(divide_rounded_pow10(25, 1, even)), 2);   // 2.5 -> 2
  EXPECT_EQ(big(divide_rounded_pow10(35, 1, even)), 4);   // 3.5 -> 4
  EXPECT_EQ(big(divide_rounded_pow10(25, 1, up)), 3);
  EXPECT_EQ(big(divide_rounded_pow10(-25, 1, up)), -3);
  EXPECT_EQ(big(divide_rounded_pow10(7, 0, up)), 7);      // 10^0: the identity
  // k = 21 is two steps (19 + 2): 5 x 10^20 is a tie at 0.5 -> 0 ...
  EXPECT_EQ(big(divide_rounded_pow10(5 * ten_to(20), 21, even)), 0);
  EXPECT_EQ(big(divide_rounded_pow10(5 * ten_to(20), 21, up)), 1);
  // ... but 0.5 + 10^-21 is above, though the first step's remainder (1) has a zero top digit
  EXPECT_EQ(big(divide_rounded_pow10(5 * ten_to(20) + 1, 21, even)), 1);
  // ... and 0.501: the first step's top remainder digit (1 x 10^18) is below the tie digit
  EXPECT_EQ(big(divide_rounded_pow10(5 * ten_to(20) + ten_to(18), 21, even)), 1);
  EXPECT_EQ(big(divide_rounded_pow10(-(5 * ten_to(20) + ten_to(18)), 21, even)), -1);
  EXPECT_EQ(big(divide_rounded_pow10(15 * ten_to(20), 21, even)), 2);  // 1.5 -> 2
  // (2^127 - 1) / 10^38 = 1.70 -> 2; -2^127 likewise
  EXPECT_EQ(big(divide_rounded_pow10(int128_max, 38, even)), 2);
  EXPECT_EQ(big(divide_rounded_pow10(int128_min, 38, even)), -2);
  // against one division by 10^k (divide_rounded), over magnitudes of every size
  std::mt19937_64 rng(0x11'2026'1202ULL);
  for (int i = 0; i < 20000; ++i) {
    const int k = static_cast<int>(rng() % 39);
    int128 n = static_cast<int128>((static_cast<payplan::detail::uint128>(rng()) << 64 | rng()) >> (rng() % 127));
    if (rng() % 4 == 0) n = n / ten_to(k) * ten_to(k) + (rng() % 2 ? ten_to(k) / 2 : 0);  // exact and ties
    if (rng() % 2) n = -n;
    for (auto mode : {even, up})
      ASSERT_EQ(big(divide_rounded_pow10(n, k, mode)), big(payplan::detail::divide_rounded(n, ten_to(k), mode)))
          << "n=" << big(n) << " k=" << k;
  }
}

TEST(gross_test, append_scaled_appends_what_format_scaled_returns) {
  using payplan::detail::append_scaled;
  std::string row = "a,";
  append_scaled(row, 123'450'000, 6, 2, 2);  // 123.45 (micros)
  row += ',';
  append_scaled(row, -5'000, 6, 2, 2);  // -0.005 -> tie -> 0.00, never -0.00
  row += ',';
  append_scaled(row, 1'234'567'891'234'567'891LL, 26, 2, 6);  // 1.2345...e-8 -> 0.00 at 6 digits, shown 0.00
  EXPECT_EQ(row, "a,123.45,0.00,0.00");
}

TEST(gross_test, format_scaled_edges) {
  using payplan::detail::format_scaled;
  EXPECT_EQ(format_scaled(0, 6, 0, 6), "0");
  EXPECT_EQ(format_scaled(0, 6, 2, 6), "0.00");
  EXPECT_EQ(format_scaled(-1, 6, 0, 6), "-0.000001");
  EXPECT_EQ(format_scaled(-1, 6, 2, 2), "0.00");       // rounds to zero: no "-0.00"
  EXPECT_EQ(format_scaled(-5'000, 6, 2, 2), "0.00");   // -0.5 cents, tie -> 0 (even)
  EXPECT_EQ(format_scaled(-5'001, 6, 2, 2), "-0.01");
  EXPECT_EQ(format_scaled(-15'000, 6, 2, 2), "-0.02");  // -1.5 cents -> -2 (even)
  EXPECT_EQ(format_scaled(123, 0, 0, 6), "123");
  EXPECT_EQ(format_scaled(123, 0, 2, 6), "123.00");     // min beyond the scale pads with zeros
  EXPECT_EQ(format_scaled(12'345, 2, 0, 0), "123");     // 123.45 -> 123
  EXPECT_EQ(format_scaled(12'350, 2, 0, 0), "124");     // 123.5 -> 124 (3 odd)
  EXPECT_EQ(format_scaled(12'250, 2, 0, 0), "122");     // 122.5 -> 122 (even)
  EXPECT_EQ(format_scaled(12'350, 2, 0, 1), "123.5");
  EXPECT_EQ(format_scaled(12'300, 2, 0, 2), "123");     // trailing zeros trimmed to min 0
  EXPECT_EQ(format_scaled(12'300, 2, 1, 2), "123.0");
  EXPECT_EQ(format_scaled(5, 3, 3, 6), "0.005");
  EXPECT_EQ(format_scaled(50, 3, 1, 6), "0.05");
  EXPECT_EQ(format_scaled(9'999'995, 7, 0, 6), "1");    // 0.9999995 -> 1.000000 (tie, 999999 odd)
  EXPECT_EQ(format_scaled(9'999'995, 7, 2, 6), "1.00");
  EXPECT_EQ(format_scaled(-9'999'995, 7, 0, 6), "-1");
  EXPECT_EQ(format_scaled(1, 26, 0, 6), "0");
  // the ends of int128: the magnitude of the minimum does not fit int128 itself
  EXPECT_EQ(format_scaled(int128_max, 0, 0, 0), "170141183460469231731687303715884105727");
  EXPECT_EQ(format_scaled(int128_min, 0, 0, 0), "-170141183460469231731687303715884105728");
  EXPECT_EQ(format_scaled(int128_min, 38, 0, 38), "-1.70141183460469231731687303715884105728");
  EXPECT_EQ(format_scaled(int128_min, 40, 0, 40), "-0.0170141183460469231731687303715884105728");
}

// ---------------------------------------------------------------------------
// Fixed-seed randomized checks against an independent exact computation.
//
// The reference forms the exact rational value with cpp_rational, takes the
// floor (not the truncation round_line uses), and then decides ties
// explicitly from the fractional part.

struct reference_result {
  cpp_int value;
  bool tie = false;
};

reference_result nearest(const cpp_rational& x, rounding mode) {
  const cpp_int n = numerator(x), d = denominator(x);  // d > 0
  cpp_int fl = n / d;                                  // truncates toward zero...
  if (n < 0 && fl * d != n) fl -= 1;                   // ...so step down to the floor
  const cpp_rational frac = x - cpp_rational(fl);      // in [0, 1)
  const cpp_rational half = cpp_rational(1) / 2;
  if (frac < half) return {fl, false};
  if (frac > half) return {fl + 1, false};
  if (mode == rounding::half_up) return {x > 0 ? cpp_int(fl + 1) : fl, true};  // away from zero
  const bool fl_even = (abs(fl) % 2) == 0;
  return {fl_even ? fl : cpp_int(fl + 1), true};
}

cpp_rational ratio(int128 num, int128 den) { return cpp_rational(big(num)) / cpp_rational(big(den)); }

TEST(gross_test, round_line_matches_exact_reference_randomized) {
  std::mt19937_64 rng(0x70A7'2026'0131ULL);  // fixed seed: failures reproduce
  const auto below = [&](std::uint64_t n) { return rng() % n; };

  auto random_fraction = [&]() -> Fraction {
    switch (below(4)) {
      case 0:
      case 1: return Fraction::one();
      case 2: {
        static constexpr std::array<std::int64_t, 9> dens{2, 3, 4, 5, 7, 8, 10, 100, 3};
        const std::int64_t den = dens[below(dens.size())];
        return {static_cast<int128>(below(static_cast<std::uint64_t>(den) + 1)), den};
      }
      default: {
        const auto den = static_cast<std::int64_t>(1 + below(1'000'000));
        return {static_cast<int128>(below(static_cast<std::uint64_t>(den) + 1)), den};
      }
    }
  };

  // Odd numerators: a product of these with an odd multiple of half a minor unit
  // stays an odd multiple of half a minor unit, i.e. an exact tie.
  static constexpr std::array<std::array<std::int64_t, 2>, 7> odd_fractions{
      {{1, 1}, {1, 2}, {1, 3}, {3, 4}, {1, 5}, {3, 8}, {7, 10}}};
  // rate units and 1/rate: 100%, 50%, 25%, 20%, 10%, 5%
  static constexpr std::array<std::array<std::int64_t, 2>, 6> simple_rates{
      {{10'000'000'000, 1}, {5'000'000'000, 2}, {2'500'000'000, 4}, {2'000'000'000, 5}, {1'000'000'000, 10},
       {500'000'000, 20}}};
  static constexpr std::array<int, 4> minors{2, 2, 0, 3};

  int ties = 0, fast = 0, clawbacks = 0, built_ties = 0, checked = 0;
  constexpr int cases = 10'000;
  for (int i = 0; i < cases; ++i) {
    const int minor = minors[below(minors.size())];
    const bool clawback = below(4) == 0;
    std::int64_t amount = 0, units = 0;
    Fraction eligible = Fraction::one(), share = Fraction::one(), portion = Fraction::one();
    if (below(3) == 0) {
      // Built to land on a tie: amount = (2k+1) x half a minor unit x every denominator / rate,
      // so amount x rate x eligible x share x portion = (2k+1) x (odd numerators) x half a minor unit.
      ++built_ties;
      const auto& e = odd_fractions[below(odd_fractions.size())];
      const auto& s = odd_fractions[below(odd_fractions.size())];
      const auto& p = clawback ? odd_fractions[below(odd_fractions.size())] : odd_fractions[0];
      const auto& r = simple_rates[below(simple_rates.size())];
      eligible = {e[0], e[1]};
      share = {s[0], s[1]};
      portion = {p[0] * 1'000'000, p[1] * 1'000'000};  // the engine's portions are in micros
      units = r[0];
      const auto half_minor = static_cast<std::int64_t>(5 * ten_to(5 - minor));  // micros in half a minor unit
      const auto odd = static_cast<std::int64_t>(2 * below(1'000) + 1);
      amount = odd * half_minor * e[1] * s[1] * p[1] * r[1];
    } else {
      switch (below(4)) {
        case 0: amount = static_cast<std::int64_t>(below(100'000'000)) * 10'000; break;   // cents up to 10^6
        case 1: amount = static_cast<std::int64_t>(below(1'000'000'000)) * 1'000; break;  // mills
        case 2: amount = static_cast<std::int64_t>(below(10'000'000'000'000)); break;     // any micros up to 10^7
        default: amount = static_cast<std::int64_t>(below(1'000)) * 5'000; break;         // k x 0.005
      }
      switch (below(4)) {
        case 0: units = Rate::scale; break;                                            // 100%
        case 1: units = static_cast<std::int64_t>(below(10'001)) * 1'000'000; break;   // basis points
        case 2: units = static_cast<std::int64_t>(below(101)) * 100'000'000; break;    // whole percents
        default: units = static_cast<std::int64_t>(below(10'000'000'001)); break;      // any 10-digit rate
      }
      eligible = random_fraction();
      share = random_fraction();
      if (clawback) {  // returned / sold, in micros as the engine forms it
        const auto sold = static_cast<std::int64_t>(1 + below(1'000'000'000'000));
        const auto returned = static_cast<std::int64_t>(1 + below(static_cast<std::uint64_t>(sold)));
        portion = {returned, sold};
      }
    }
    if (below(2) == 0) amount = -amount;
    Gross g = Money::from_micros(amount) * Rate::from_units(units);
    if (clawback) {  // spec 4.1 Returns: -original gross x portion
      g = -g;
      ++clawbacks;
    }
    if (eligible.is_one() && share.is_one() && portion.is_one()) ++fast;

    // exact value in minor units: amount/10^6 x units/10^10 x factors x 10^minor
    const cpp_rational exact = cpp_rational(amount) / cpp_rational(big(ten_to(6))) * cpp_rational(units) /
                               cpp_rational(big(ten_to(10))) * (clawback ? -1 : 1) *
                               ratio(eligible.num(), eligible.den()) * ratio(share.num(), share.den()) *
                               ratio(portion.num(), portion.den()) * cpp_rational(big(ten_to(minor)));
    for (auto mode : {even, up}) {
      const reference_result want = nearest(exact, mode);
      ties += want.tie ? 1 : 0;
      const Money got = round_line(g, eligible, share, portion, minor, mode);
      ASSERT_EQ(cpp_int(got.micros()), want.value * big(ten_to(6 - minor)))
          << "case " << i << ": amount " << amount << " micros, rate " << units << " units, eligible "
          << to_string(eligible) << ", share " << to_string(share) << ", portion " << big(portion.num()) << "/"
          << big(portion.den()) << ", minor " << minor << ", " << payplan::to_string(mode);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2 * cases);
  // The draw must exercise what matters: exact ties, the fast path and clawbacks.
  EXPECT_GT(built_ties, 2'500);
  EXPECT_GT(ties, 5'000) << "too few ties to test the tie rule";  // both modes of every built tie, and chance ones
  EXPECT_GT(fast, 1'000);
  EXPECT_GT(clawbacks, 1'000);
}

TEST(gross_test, divide_rounded_matches_exact_reference_randomized) {
  using payplan::detail::divide_rounded;
  std::mt19937_64 rng(20'260'131);
  int ties = 0;
  for (int i = 0; i < 10'000; ++i) {
    int128 d = 0, n = 0;
    if (i % 2 == 0) {  // wide operands
      const std::uint64_t d1 = 1 + rng() % (std::uint64_t{1} << 62);
      const std::uint64_t d2 = 1 + rng() % 1000;
      const std::uint64_t n1 = rng();
      const std::uint64_t n2 = rng() >> 8;
      d = static_cast<int128>(d1) * static_cast<int128>(d2);
      n = static_cast<int128>(n1) * static_cast<int128>(n2);
    } else {  // small even divisors with exact halves
      d = static_cast<int128>(2 * (1 + rng() % 50));
      const std::uint64_t whole = rng() % 1000;
      const std::uint64_t add_half = rng() % 2;
      n = static_cast<int128>(whole) * d + d / 2 * static_cast<int128>(add_half);
    }
    if (rng() % 2 == 0) n = -n;
    for (auto mode : {even, up}) {
      const reference_result want = nearest(ratio(n, d), mode);
      ties += want.tie ? 1 : 0;
      ASSERT_EQ(big(divide_rounded(n, d, mode)), want.value)
          << "case " << i << ": " << big(n) << " / " << big(d) << ", " << payplan::to_string(mode);
    }
  }
  EXPECT_GT(ties, 1'000);
}

TEST(gross_test, divide_rounded_pow10_24_matches_exact_reference_randomized) {
  using payplan::detail::divide_rounded_pow10_24;
  std::mt19937_64 rng(0x10E24ULL);
  const cpp_rational e24 = cpp_rational(big(ten_to(24)));
  int ties = 0;
  for (int i = 0; i < 10'000; ++i) {
    int128 n = 0;
    const std::uint64_t shape = rng() % 3;
    const std::uint64_t hi = rng();
    const std::uint64_t lo = rng();
    if (shape == 0) {  // anywhere in int128
      n = static_cast<int128>((static_cast<payplan::detail::uint128>(hi) << 64 | lo) >> 1);
    } else if (shape == 1) {  // a whole number of cents plus an exact half: ties on both sides of 2^64 quotients
      n = static_cast<int128>(hi >> (17 + lo % 47)) * ten_to(24) + 5 * ten_to(23);  // below 2^47 cents
    } else {  // a tie nudged by a few units either way
      n = static_cast<int128>(hi >> 20) * ten_to(24) + 5 * ten_to(23) + static_cast<int128>(lo % 5) - 2;
    }
    if (rng() % 2 == 0) n = -n;
    for (auto mode : {even, up}) {
      const reference_result want = nearest(cpp_rational(big(n)) / e24, mode);
      ties += want.tie ? 1 : 0;
      ASSERT_EQ(big(divide_rounded_pow10_24(n, mode)), want.value)
          << "case " << i << ": " << big(n) << " / 10^24, " << payplan::to_string(mode);
      ASSERT_EQ(big(payplan::detail::divide_rounded(n, ten_to(24), mode)), want.value) << "case " << i;
    }
  }
  EXPECT_GT(ties, 4'000);
}

}  // namespace

namespace {

// issue 10: Fraction keeps den > 0 itself (callers fixed signs by hand) and
// has no default value (it was 1/1 without saying so).
TEST(gross_test, fraction_keeps_its_denominator_positive) {
  const payplan::Fraction f{3, -4};  // -3/4
  EXPECT_EQ(f.num(), -3);
  EXPECT_EQ(f.den(), 4);
  EXPECT_EQ(payplan::to_string(f), "-0.75");
  EXPECT_EQ(payplan::to_percent_string(payplan::Fraction{-1, -8}), "12.5%");  // 1/8
  EXPECT_THROW((void)payplan::Fraction(1, 0), payplan::overflow_error);
  static_assert(!std::is_default_constructible_v<payplan::Fraction>);
}

}  // namespace
