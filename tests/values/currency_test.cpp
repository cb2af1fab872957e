// Tests for payplan/currency.hpp: a plan's ISO 4217 code and its minor unit,
// the number of fractional digits a paid amount is rounded to (spec 1).

#include "payplan/values/currency.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using payplan::Currency;
using payplan::currency_from_code;

// The minor unit of a code the test expects to be accepted; -1 if refused.
int minor_unit(const char* code) {
  const auto c = currency_from_code(code);
  return c ? c->minor_unit : -1;
}

TEST(currency_test, default_is_usd_with_cents) {
  // spec 1: default USD, minor unit 2
  const Currency c;
  EXPECT_EQ(c.code, "USD");
  EXPECT_EQ(c.minor_unit, 2);
  EXPECT_EQ(currency_from_code("USD"), c);
}

TEST(currency_test, known_minor_units) {
  EXPECT_EQ(minor_unit("USD"), 2);  // cents
  EXPECT_EQ(minor_unit("EUR"), 2);
  EXPECT_EQ(minor_unit("GBP"), 2);
  EXPECT_EQ(minor_unit("JPY"), 0);  // yen: no minor unit
  EXPECT_EQ(minor_unit("KRW"), 0);
  EXPECT_EQ(minor_unit("CLP"), 0);
  EXPECT_EQ(minor_unit("ISK"), 0);
  EXPECT_EQ(minor_unit("KWD"), 3);  // fils: 1/1000 dinar
  EXPECT_EQ(minor_unit("BHD"), 3);
  EXPECT_EQ(minor_unit("JOD"), 3);
  EXPECT_EQ(minor_unit("OMR"), 3);
  EXPECT_EQ(minor_unit("TND"), 3);
}

TEST(currency_test, keeps_the_code) {
  const auto jpy = currency_from_code("JPY");
  ASSERT_TRUE(jpy.has_value());
  EXPECT_EQ(jpy->code, "JPY");
  EXPECT_EQ(*jpy, (Currency{"JPY", 0}));
  EXPECT_NE(*jpy, (Currency{"JPY", 2}));
}

TEST(currency_test, any_other_well_formed_code_takes_two) {
  // values/currency.hpp: every well-formed three-letter code not in the table takes 2.
  EXPECT_EQ(minor_unit("CHF"), 2);
  EXPECT_EQ(minor_unit("ZZZ"), 2);
}

TEST(currency_test, rejects_malformed_codes) {
  for (const char* code : {"usd", "Usd", "uSD", "US", "USDX", "", "U", "U5D", "US ", " US", "U-D", "ÉUR", "JPY\n"}) {
    EXPECT_FALSE(currency_from_code(code).has_value()) << "'" << code << "'";
  }
}

TEST(currency_test, iso_4217_zero_and_four_digit_currencies) {
  for (const char* code : {"VND", "XOF", "XAF", "XPF", "UGX", "RWF", "VUV", "UYI"}) EXPECT_EQ(minor_unit(code), 0) << code;
  for (const char* code : {"CLF", "UYW"}) EXPECT_EQ(minor_unit(code), 4) << code;
}

}  // namespace
