// The plan (spec 4, 4.1) read by parse_plan / load_plan: the header and its
// defaults, commission components (flat, tiered, capped, filtered), payees,
// and every input error naming the file, line and column.
//
// Line and column numbers in the expectations are worked out by hand from the
// inline text (both count from 1). yaml-cpp places a flow mapping or list at
// its `{` or `[`, a block mapping at its first key, and a scalar at its first
// character.

#include "payplan/model/plan.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/values/error.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/io/load.hpp"

#include "loader_fixture.hpp"

namespace {

using namespace payplan::testing;  // input_error_from, contains, starts_with, day, period, money, with

using payplan::Commission;
using payplan::Plan;

Plan parse(std::string_view yaml) { return payplan::parse_plan(yaml, "plan.yaml"); }


std::optional<payplan::input_error> parse_error(std::string_view yaml) {
  return input_error_from([&] { (void)parse(yaml); });
}




// Three lines, so a component list that follows starts on line 4.
const std::string head =
    "plan: p\n"                                        // line 1
    "effective: {from: 2026-01-01, to: 2026-12-31}\n"  // line 2
    "components:\n";                                   // line 3

// One commission on lines 4-7: `    rate: ` puts the rate at column 11.
const std::string flat_component =
    "  - id: c\n"               // line 4
    "    type: commission\n"    // line 5
    "    payees: {role: rep}\n" // line 6
    "    rate: @\n";            // line 7

const Commission& commission(const Plan& p, std::size_t i) { return std::get<Commission>(p.components.at(i)); }
const Commission& commission(Plan&&, std::size_t) = delete;  // would dangle

constexpr std::int64_t percent = payplan::Rate::scale / 100;  // 1% in Rate units (10^-10)

const std::string full_plan = R"(plan: field-sales-2026
currency: USD
period: quarter
rounding: half_even
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - id: base
    type: commission
    payees: {role: rep}
    rate: 5%
  - id: accel
    type: commission
    payees: [raj, lee]
    products: [widgets, gadgets]
    tiers:
      basis: attainment
      method: retroactive
      table:
        - {upto: 100%, rate: 4%}
        - {upto: 150%, rate: 6%}
        - {rate: 8%}
    cap: 50000
  - id: volume
    type: commission
    payees: {role: agent}
    tiers:
      basis: sales
      method: marginal
      table:
        - {upto: 50000, rate: 2.75%}
        - {upto: 100000.50, rate: 0.0275}
        - {rate: 0.03}
)";

// ---------------------------------------------------------------- header

TEST(plan_test, header_defaults) {
  const Plan p = parse(head + with(flat_component, "5%"));
  EXPECT_EQ(p.id, "p");
  EXPECT_EQ(p.where({payplan::subject::kind::input}).file, "plan.yaml");
  EXPECT_EQ(p.currency.code, "USD");  // spec 1: default USD, minor unit 2
  EXPECT_EQ(p.currency.minor_unit, 2);
  EXPECT_EQ(p.period, payplan::period_length::quarter);
  EXPECT_EQ(p.rounding, payplan::rounding::half_even);
  EXPECT_EQ(p.effective.from, day("2026-01-01"));
  EXPECT_EQ(p.effective.to, day("2026-12-31"));
  ASSERT_EQ(p.components.size(), 1u);
}

TEST(plan_test, header_written_out) {
  const Plan p = parse(
      "plan: yen-2026\ncurrency: JPY\nperiod: month\nrounding: half_up\n"
      "effective: {from: 2026-04-01, to: 2027-03-31}\ncomponents: []\n");
  EXPECT_EQ(p.id, "yen-2026");
  EXPECT_EQ(p.currency.code, "JPY");
  EXPECT_EQ(p.currency.minor_unit, 0);  // the yen has no minor unit
  EXPECT_EQ(p.period, payplan::period_length::month);
  EXPECT_EQ(p.rounding, payplan::rounding::half_up);
  EXPECT_EQ(p.effective.from, day("2026-04-01"));
  EXPECT_EQ(p.effective.to, day("2027-03-31"));
  EXPECT_TRUE(p.components.empty());

  EXPECT_EQ(parse("plan: p\nperiod: year\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n").period,
            payplan::period_length::year);
  EXPECT_EQ(parse("plan: p\ncurrency: KWD\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n")
                .currency.minor_unit,
            3);
  // a one-day range is a range
  EXPECT_NO_THROW((void)parse("plan: p\neffective: {from: 2026-01-01, to: 2026-01-01}\ncomponents: []\n"));
}

// ---------------------------------------------------------------- commission

TEST(plan_test, flat_rate_commission) {
  const Plan p = parse(full_plan);
  ASSERT_EQ(p.components.size(), 3u);
  const Commission& base = commission(p, 0);
  EXPECT_EQ(base.id, "base");
  ASSERT_TRUE(base.rate.has_value());
  EXPECT_EQ(base.rate->units(), 5 * percent);  // 5% = 0.05 = 500000000 x 10^-10
  EXPECT_FALSE(base.tiers.has_value());
  EXPECT_FALSE(base.cap.has_value());
  EXPECT_TRUE(base.products.empty());  // all orders
  ASSERT_TRUE(base.payees.role.has_value());
  EXPECT_EQ(*base.payees.role, payplan::role::rep);
  EXPECT_TRUE(base.payees.ids.empty());
  // `  - id: base` is on line 7; the block map starts at `id`, column 5.
  EXPECT_EQ(p.where({payplan::subject::kind::component, 0}).line, 7u);
  EXPECT_EQ(p.where({payplan::subject::kind::component, 0}).column, 5u);
  EXPECT_EQ(&payplan::base_of(p.components[0]), &base);
}

TEST(plan_test, rates_as_written_in_spec_1) {
  auto rate_of = [](const char* text) {
    const Plan p = parse(head + with(flat_component, text));
    return commission(p, 0).rate->units();
  };
  EXPECT_EQ(rate_of("5%"), 500'000'000);
  EXPECT_EQ(rate_of("2.75%"), 275'000'000);
  EXPECT_EQ(rate_of("0.0275"), 275'000'000);  // the same rate as a fraction
  EXPECT_EQ(rate_of("12.5%"), 1'250'000'000);
  EXPECT_EQ(rate_of("0%"), 0);
  EXPECT_EQ(rate_of("100%"), 10'000'000'000);
  EXPECT_EQ(rate_of("0.1234567891"), 1'234'567'891);  // ten fractional digits: the most
  EXPECT_EQ(rate_of("2.12345678%"), 212'345'678);     // = 0.0212345678
}

TEST(plan_test, attainment_tiers_retroactive_with_cap_products_and_payee_list) {
  const Plan p = parse(full_plan);
  const Commission& c = commission(p, 1);
  EXPECT_EQ(c.id, "accel");
  EXPECT_FALSE(c.rate.has_value());
  ASSERT_TRUE(c.tiers.has_value());
  const payplan::TierTable& t = *c.tiers;
  EXPECT_EQ(t.basis, payplan::tier_basis::attainment);
  EXPECT_EQ(t.method, payplan::tier_method::retroactive);
  ASSERT_EQ(t.tiers.size(), 3u);
  EXPECT_TRUE(t.tiers[0].bounded);
  EXPECT_EQ(t.tiers[0].upto_percent.units(), 10'000'000'000);  // 100% = 1 = 10^10 units
  EXPECT_EQ(t.tiers[0].rate.units(), 4 * percent);
  EXPECT_TRUE(t.tiers[1].bounded);
  EXPECT_EQ(t.tiers[1].upto_percent.units(), 15'000'000'000);  // 150%
  EXPECT_EQ(t.tiers[1].rate.units(), 6 * percent);
  EXPECT_FALSE(t.tiers[2].bounded);  // no upper bound
  EXPECT_EQ(t.tiers[2].rate.units(), 8 * percent);
  // `        - {upto: 100%, ...}` on line 19: the `{` at column 11.
  EXPECT_EQ(p.where({payplan::subject::kind::tier, 1, 0}).line, 19u);
  EXPECT_EQ(p.where({payplan::subject::kind::tier, 1, 0}).column, 11u);

  ASSERT_TRUE(c.cap.has_value());
  EXPECT_EQ(*c.cap, payplan::Money(50000));
  EXPECT_EQ(c.products, (std::vector<std::string>{"widgets", "gadgets"}));
  EXPECT_FALSE(c.payees.role.has_value());
  EXPECT_EQ(c.payees.ids, (std::vector<std::string>{"raj", "lee"}));
}

TEST(plan_test, sales_tiers_marginal_in_money) {
  const Plan p = parse(full_plan);
  const Commission& c = commission(p, 2);
  ASSERT_TRUE(c.tiers.has_value());
  const payplan::TierTable& t = *c.tiers;
  EXPECT_EQ(t.basis, payplan::tier_basis::sales);
  EXPECT_EQ(t.method, payplan::tier_method::marginal);
  ASSERT_EQ(t.tiers.size(), 3u);
  EXPECT_EQ(t.tiers[0].upto_sales, payplan::Money(50000));
  EXPECT_EQ(t.tiers[0].upto_sales.micros(), 50'000'000'000);
  EXPECT_EQ(t.tiers[1].upto_sales.micros(), 100'000'500'000);  // 100000.50 exactly
  EXPECT_EQ(t.tiers[0].rate.units(), 275'000'000);             // 2.75%
  EXPECT_EQ(t.tiers[1].rate.units(), 275'000'000);             // 0.0275
  EXPECT_EQ(t.tiers[2].rate.units(), 3 * percent);             // 0.03
  EXPECT_FALSE(t.tiers[2].bounded);
  ASSERT_TRUE(c.payees.role.has_value());
  EXPECT_EQ(*c.payees.role, payplan::role::agent);
}

TEST(plan_test, a_single_unbounded_tier_is_a_table) {
  const Plan p =
      parse(head + "  - {id: c, type: commission, payees: {role: partner}, tiers: {table: [{rate: 3%}]}}\n");
  const Commission& c = commission(p, 0);
  ASSERT_TRUE(c.tiers.has_value());
  ASSERT_EQ(c.tiers->tiers.size(), 1u);
  EXPECT_FALSE(c.tiers->tiers[0].bounded);
  EXPECT_EQ(*c.payees.role, payplan::role::partner);
}

TEST(plan_test, payees_by_each_role) {
  for (auto [text, r] : {std::pair{"rep", payplan::role::rep}, std::pair{"manager", payplan::role::manager},
                         std::pair{"agent", payplan::role::agent}, std::pair{"partner", payplan::role::partner}}) {
    const Plan p = parse(head + "  - {id: c, type: commission, payees: {role: " + text + "}, rate: 1%}\n");
    ASSERT_TRUE(commission(p, 0).payees.role.has_value()) << text;
    EXPECT_EQ(*commission(p, 0).payees.role, r) << text;
  }
}

// ---------------------------------------------------------------- errors

void expect_at(const std::optional<payplan::input_error>& e, std::size_t line, std::size_t column,
               std::string_view message_part) {
  ASSERT_TRUE(e.has_value()) << "no input_error";
  EXPECT_EQ(e->where().file, "plan.yaml") << e->what();
  EXPECT_EQ(e->where().line, line) << e->what();
  EXPECT_EQ(e->where().column, column) << e->what();
  EXPECT_EQ(e->where().row, 0u) << e->what();
  std::string prefix = "plan.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!e->where().field.empty()) prefix += "field '" + e->where().field + "': ";
  EXPECT_TRUE(starts_with(e->what(), prefix)) << e->what() << "\nexpected prefix: " << prefix;
  EXPECT_TRUE(contains(e->what(), message_part)) << e->what() << "\nexpected: " << message_part;
}

TEST(plan_test, unknown_top_level_key) {
  // `colour:` at line 2, column 1.
  expect_at(parse_error("plan: p\ncolour: red\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n"), 2,
            1, "unknown key 'colour' in a plan file");
}

TEST(plan_test, unknown_key_in_a_component) {
  // `    rates:` at line 7, the key at column 5.
  expect_at(parse_error(head + "  - id: c\n    type: commission\n    payees: {role: rep}\n    rates: [5%]\n"), 7, 5,
            "unknown key 'rates' in a commission component");
}

TEST(plan_test, unknown_key_in_tiers_and_in_a_tier) {
  // line 9: `        - {upto: 100, ` is 22 characters, `rat` at column 23.
  expect_at(parse_error(head +
                        "  - id: c\n"
                        "    type: commission\n"
                        "    payees: {role: rep}\n"
                        "    tiers:\n"
                        "      table:\n"
                        "        - {upto: 100, rat: 4%}\n"
                        "        - {rate: 8%}\n"),
            9, 23, "unknown key 'rat' in a tier");
  // line 8: `      base: sales` -- the key at column 7.
  expect_at(parse_error(head +
                        "  - id: c\n"
                        "    type: commission\n"
                        "    payees: {role: rep}\n"
                        "    tiers:\n"
                        "      base: sales\n"
                        "      table: [{rate: 8%}]\n"),
            8, 7, "unknown key 'base' in tiers");
}

TEST(plan_test, unknown_component_type) {
  // line 5: `    type: ` is 10 characters, the type at column 11.
  expect_at(parse_error(head + "  - id: c\n    type: bonus\n    payees: {role: rep}\n    rate: 5%\n"), 5, 11,
            "unknown component type 'bonus'");
}

// The message names every type in the registry (model/plan.hpp's Component), in
// its order, joined as the message has always been written.
TEST(plan_test, unknown_component_type_names_every_registered_type) {
  auto e = parse_error(head + "  - id: c\n    type: Commission\n    payees: {role: rep}\n    rate: 5%\n");
  ASSERT_TRUE(e.has_value());
  // line 5, column 11: as in unknown_component_type; types are matched case by case
  EXPECT_STREQ(e->what(), "plan.yaml:5:11: unknown component type 'Commission' (expected commission, override, "
                          "team_growth, team_attainment_bonus, contest or rebate)");
}

// Each registered type's `type:` reads into its own plan struct, and
// type_name gives back the name it was read by.
TEST(plan_test, each_registered_type_reads_into_its_own_struct) {
  Plan p = parse(head +
                 "  - {id: a, type: commission, payees: {role: rep}, rate: 5%}\n"
                 "  - {id: b, type: override, payees: {role: manager}, rates: [1%]}\n"
                 "  - {id: c, type: team_growth, payees: {role: manager}, rate: 5%}\n"
                 "  - {id: d, type: team_attainment_bonus, payees: {role: manager}, attainment: 100%, amount: 500}\n"
                 "  - {id: e, type: contest, payees: {role: rep}, window: {from: 2026-01-01, to: 2026-03-31}, "
                 "prizes: [100]}\n"
                 "  - {id: f, type: rebate, tiers: {table: [{rate: 1%}]}}\n");
  ASSERT_EQ(p.components.size(), 6u);
  const char* names[] = {"commission", "override", "team_growth", "team_attainment_bonus", "contest", "rebate"};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(p.components[i].index(), i) << names[i];  // the registry's order is the variant's
    EXPECT_EQ(payplan::type_name(p.components[i]), names[i]);
  }
  EXPECT_TRUE(std::holds_alternative<payplan::TeamAttainmentBonus>(p.components[3]));
  EXPECT_EQ(std::get<payplan::TeamAttainmentBonus>(p.components[3]).amount, payplan::Money(500));
}

// transfer_terms (spec 4.2) are read like everything else: a typo inside
// them is never ignored.
TEST(plan_test, a_typo_in_transfer_terms_is_refused_at_its_key) {
  // line 4: `  key-account-handover: {` is 25 characters, `dealy` at column 26.
  expect_at(parse_error("plan: p\n"
                        "effective: {from: 2026-01-01, to: 2026-12-31}\n"
                        "transfer_terms:\n"
                        "  key-account-handover: {dealy: 6 months}\n"
                        "components: []\n"),
            4, 26, "unknown key 'dealy' in transfer terms");
}

TEST(plan_test, rate_and_tiers_together) {
  // line 8: `    tiers: ` is 11 characters, the `{` at column 12.
  expect_at(parse_error(head +
                        "  - id: c\n"
                        "    type: commission\n"
                        "    payees: {role: rep}\n"
                        "    rate: 5%\n"
                        "    tiers: {table: [{rate: 4%}]}\n"),
            8, 12, "component 'c' has both rate and tiers");
}

TEST(plan_test, neither_rate_nor_tiers) {
  // the component's block map starts at `id`, line 4 column 5.
  expect_at(parse_error(head + "  - id: c\n    type: commission\n    payees: {role: rep}\n    cap: 100\n"), 4, 5,
            "commission component 'c' needs 'rate' or 'tiers'");
}

const std::string increasing = head +
                               "  - id: c\n"                   // 4
                               "    type: commission\n"        // 5
                               "    payees: {role: rep}\n"     // 6
                               "    tiers:\n"                  // 7
                               "      basis: @\n"              // 8
                               "      table:\n"                // 9
                               "        - {upto: @, rate: 6%}\n"  // 10
                               "        - {upto: @, rate: 8%}\n"  // 11
                               "        - {rate: 10%}\n";         // 12

TEST(plan_test, tier_upto_values_must_increase) {
  // line 11: `        - {upto: ` is 17 characters, the value at column 18.
  expect_at(parse_error(with(with(with(increasing, "attainment"), "150%"), "100%")), 11, 18,
            "upto values must increase");
  expect_at(parse_error(with(with(with(increasing, "attainment"), "150%"), "150%")), 11, 18,
            "upto values must increase");  // equal is not increasing
  expect_at(parse_error(with(with(with(increasing, "sales"), "50000"), "40000")), 11, 18, "upto values must increase");
  expect_at(parse_error(with(with(with(increasing, "sales"), "50000"), "50000")), 11, 18, "upto values must increase");
  EXPECT_NO_THROW((void)parse(with(with(with(increasing, "sales"), "50000"), "50000.01")));
}

TEST(plan_test, only_the_last_tier_may_leave_out_upto) {
  // the second tier's `{` is at line 10, column 11 (`        - ` is 10 characters).
  expect_at(parse_error(head +
                        "  - id: c\n"
                        "    type: commission\n"
                        "    payees: {role: rep}\n"
                        "    tiers:\n"
                        "      table:\n"
                        "        - {upto: 100, rate: 4%}\n"
                        "        - {rate: 6%}\n"
                        "        - {rate: 8%}\n"),
            10, 11, "only the last tier may leave out 'upto'");
}

TEST(plan_test, the_last_tier_must_have_no_upto) {
  // the last tier's `{`: line 10, column 11.
  expect_at(parse_error(head +
                        "  - id: c\n"
                        "    type: commission\n"
                        "    payees: {role: rep}\n"
                        "    tiers:\n"
                        "      table:\n"
                        "        - {upto: 100, rate: 4%}\n"
                        "        - {upto: 200, rate: 6%}\n"),
            10, 11, "the last tier must have no 'upto'");
}

TEST(plan_test, empty_tier_table) {
  // line 8: `      table: ` is 13 characters, the `[` at column 14.
  expect_at(parse_error(head + "  - id: c\n    type: commission\n    payees: {role: rep}\n    tiers:\n      table: []\n"),
            8, 14, "tiers table is empty");
}

TEST(plan_test, bad_tier_basis_method_and_upto) {
  const std::string comp = "  - id: c\n    type: commission\n    payees: {role: rep}\n";
  // line 7: `    tiers: {basis: ` is 19 characters, `volume` at column 20.
  expect_at(parse_error(head + comp + "    tiers: {basis: volume, table: [{rate: 4%}]}\n"), 7, 20,
            "unknown tier basis 'volume'");
  // line 7: `    tiers: {method: ` is 20 characters, `stepped` at column 21.
  expect_at(parse_error(head + comp + "    tiers: {method: stepped, table: [{rate: 4%}]}\n"), 7, 21,
            "unknown tier method 'stepped'");
  // line 9: `        - {upto: ` is 17 characters, `-5` at column 18.
  expect_at(parse_error(head + comp + "    tiers:\n      table:\n        - {upto: -5, rate: 4%}\n        - {rate: 8%}\n"),
            9, 18, "upto cannot be negative");
}

TEST(plan_test, bad_rate) {
  // line 7: `    rate: ` is 10 characters, the rate at column 11.
  expect_at(parse_error(head + with(flat_component, "5 percent")), 7, 11, "rate '5 percent' is not a decimal number");
  expect_at(parse_error(head + with(flat_component, "0.12345678912")), 7, 11,
            "rate '0.12345678912' has more than 10 fractional digits");
  expect_at(parse_error(head + with(flat_component, "2.123456789%")), 7, 11,  // 0.02123456789: 11 digits
            "has more than 10 fractional digits");
  expect_at(parse_error(head + with(flat_component, "five%")), 7, 11, "is not a decimal number");
  // in a tier: line 9, `        - {upto: 100, rate: ` is 28 characters, `five` at column 29.
  expect_at(parse_error(head +
                        "  - id: c\n    type: commission\n    payees: {role: rep}\n    tiers:\n      table:\n"
                        "        - {upto: 100, rate: five}\n        - {rate: 8%}\n"),
            9, 29, "rate 'five' is not a decimal number");
}

TEST(plan_test, negative_rate) {
  // line 7, column 11 as above.
  expect_at(parse_error(head + with(flat_component, "-5%")), 7, 11, "a rate cannot be negative");
  // line 9: `        - {upto: 100, rate: ` is 28 characters, `-4%` at column 29.
  expect_at(parse_error(head +
                        "  - id: c\n    type: commission\n    payees: {role: rep}\n    tiers:\n      table:\n"
                        "        - {upto: 100, rate: -4%}\n        - {rate: 8%}\n"),
            9, 29, "a tier rate cannot be negative");
}

TEST(plan_test, negative_cap) {
  // line 8: `    cap: ` is 9 characters, `-1` at column 10.
  expect_at(parse_error(head + with(flat_component, "5%") + "    cap: -1\n"), 8, 10, "a cap cannot be negative");
}

TEST(plan_test, bad_currency) {
  // line 2: `currency: ` is 10 characters, the code at column 11.
  for (const char* bad : {"usd", "US", "DOLLAR", "U5D"}) {
    expect_at(parse_error(std::string("plan: p\ncurrency: ") + bad +
                          "\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n"),
              2, 11, "currency '" + std::string(bad) + "' is not an ISO 4217 code");
  }
}

TEST(plan_test, bad_period) {
  // line 2: `period: ` is 8 characters, the value at column 9.
  expect_at(parse_error("plan: p\nperiod: fortnight\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n"),
            2, 9, "period 'fortnight' must be month, quarter or year");
}

TEST(plan_test, bad_rounding) {
  // line 2: `rounding: ` is 10 characters, the value at column 11.
  expect_at(parse_error("plan: p\nrounding: bankers\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n"),
            2, 11, "rounding 'bankers' must be half_even or half_up");
}

TEST(plan_test, effective_to_before_from) {
  // line 2: `effective: ` is 11 characters, the `{` at column 12.
  expect_at(parse_error("plan: p\neffective: {from: 2026-12-31, to: 2026-01-01}\ncomponents: []\n"), 2, 12,
            "effective 'to' is before 'from'");
  // a bad date: `effective: {from: ` is 18 characters, the date at column 19.
  expect_at(parse_error("plan: p\neffective: {from: 2026-13-01, to: 2026-12-31}\ncomponents: []\n"), 2, 19,
            "'2026-13-01' is not a date");
}

TEST(plan_test, duplicate_component_id) {
  // the second component's block map starts at `id`, line 8 column 5.
  expect_at(parse_error(head + with(flat_component, "5%") +
                        "  - id: c\n    type: commission\n    payees: {role: rep}\n    rate: 6%\n"),
            8, 5, "duplicate component id 'c'");
}

TEST(plan_test, bad_payees) {
  const std::string comp = "  - id: c\n    type: commission\n    payees: @\n    rate: 5%\n";
  // line 6: `    payees: {role: ` is 19 characters, `boss` at column 20.
  expect_at(parse_error(head + with(comp, "{role: boss}")), 6, 20, "unknown role 'boss'");
  // line 6: `    payees: ` is 12 characters, the value at column 13.
  expect_at(parse_error(head + with(comp, "[]")), 6, 13, "payees is an empty list");
  expect_at(parse_error(head + with(comp, "rep")), 6, 13, "payees must be {role: ROLE} or a list of person ids");
  // `    payees: {` is 13 characters, the unknown key `team` at column 14.
  expect_at(parse_error(head + with(comp, "{team: rep}")), 6, 14, "unknown key 'team' in payees");
}

TEST(plan_test, missing_required_keys) {
  // the root block map starts at line 1, column 1.
  expect_at(parse_error("effective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: []\n"), 1, 1,
            "a plan file needs 'plan'");
  expect_at(parse_error("plan: p\ncomponents: []\n"), 1, 1, "a plan file needs 'effective'");
  expect_at(parse_error("plan: p\neffective: {from: 2026-01-01, to: 2026-12-31}\n"), 1, 1,
            "a plan file needs 'components'");
  // a component without type: its `{` at line 4, column 5.
  expect_at(parse_error(head + "  - {id: c, payees: {role: rep}, rate: 5%}\n"), 4, 5, "a component needs 'type'");
}

TEST(plan_test, yaml_syntax_error) {
  // A flow map closed with `]`: line 2, `effective: {from: 2026-01-01, to:
  // 2026-12-31` is 44 characters, yaml-cpp stops at the `]`, column 45.
  const auto e = parse_error("plan: p\neffective: {from: 2026-01-01, to: 2026-12-31]\ncomponents: []\n");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, "plan.yaml");
  EXPECT_EQ(e->where().line, 2u) << e->what();
  EXPECT_EQ(e->where().column, 45u) << e->what();
  EXPECT_TRUE(starts_with(e->what(), "plan.yaml:2:45: YAML syntax: ")) << e->what();
}

// YAML 1.2 requires unique keys, and a rule written twice is a rule silently
// dropped: the loader's own principle is that nothing in a rule is ignored.
TEST(plan_test, a_key_given_twice_is_an_error) {
  // the second `rate` key: line 8, column 5.
  expect_at(parse_error(head + with(flat_component, "5%") + "    rate: 6%\n"), 8, 5, "'rate'");
}

// spec 5: an invalid-input message names file, line and column. A file with
// nothing in it (or only comments) has only line 1 to point at.
TEST(plan_test, empty_plan_file_names_line_and_column) {
  for (const char* text : {"", "# nothing yet\n"}) {
    const auto e = parse_error(text);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where().line, 1u) << e->what();
    EXPECT_EQ(e->where().column, 1u) << e->what();
    EXPECT_TRUE(starts_with(e->what(), "plan.yaml:1:1: ")) << e->what();
  }
}

// ---------------------------------------------------------------- one document

// A second YAML document after `---` used to be dropped without a word.
TEST(plan_test, a_second_yaml_document_is_an_error_at_its_start) {
  // head and the component fill lines 1-7; the `---` is line 8, column 1
  expect_at(parse_error(head + with(flat_component, "5%") + "---\n" + head + with(flat_component, "6%")), 8, 1,
            "a second YAML document starts here: a plan file must be a single document");
  // the `---` of the second document may carry its first line: still line 8, column 1
  expect_at(parse_error(head + with(flat_component, "5%") + "--- {plan: q}\n"), 8, 1, "a second YAML document");
  // one document opened with `---` and closed with `...` is fine
  EXPECT_EQ(parse("---\n" + head + with(flat_component, "5%") + "...\n").components.size(), 1u);
}

// ---------------------------------------------------------------- scaling

// Inputs that took minutes: the duplicate-key check compared every pair of
// keys, transfer terms were found by a scan per order, a rebate's accounts
// compared every listed id with every account. Each test checks the answer
// at that size (no test is timed: bench/scaling.cpp measures the time).

// Names of one length sharing a long prefix, so that the old pairwise
// comparisons could not stop at the first character: handover-terms-000042,
// customer-account-000042.
std::string numbered(const char* prefix, int k) {
  std::string digits = std::to_string(k);
  return prefix + std::string(6 - digits.size(), '0') + digits;
}
std::string terms_name(int k) { return numbered("handover-terms-", k); }
std::string account_id(int a) { return numbered("customer-account-", a); }

// A flat 3% commission for reps (lines 1-6), then transfer_terms on line 7
// and terms_name(0..n-1) on lines 8.., terms k with a threshold of k mod 100.
std::string plan_with_terms(int n) {
  std::string yaml = "plan: p\ncurrency: USD\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
                     "components:\n  - {id: base, type: commission, payees: {role: rep}, rate: 3%}\ntransfer_terms:\n";
  for (int k = 0; k < n; ++k) yaml += "  " + terms_name(k) + ": {threshold: " + std::to_string(k % 100) + "}\n";
  return yaml;
}

TEST(plan_test, scaling_100k_transfer_terms_are_read_and_a_repeat_found_at_its_line) {
  const std::string yaml = plan_with_terms(100'000);
  const Plan p = parse(yaml);
  ASSERT_EQ(p.transfer_terms.size(), 100'000u);
  EXPECT_EQ(p.transfer_terms[99'999].name, "handover-terms-099999");
  EXPECT_EQ(p.transfer_terms[99'999].threshold, money("99"));  // 99999 mod 100
  // terms 5 again after the last: terms on lines 8..100007, the repeat on
  // line 100008, its key at column 3
  expect_at(parse_error(yaml + "  handover-terms-000005: {threshold: 1}\n"), 100'008, 3,
            "key 'handover-terms-000005' is given twice");
}

// n accounts account_id(a), each transferred on 2026-01-01 from rep0 to
// rep1 under terms_name(a) when `transferred`, each with one order of 150
// on 2026-02-01.
struct transferred_accounts {
  payplan::Org org;
  payplan::Ledger ledger;
};

transferred_accounts accounts_with_one_order(int n, bool transferred) {
  payplan::OrgBuilder b;
  b.add_person({"rep0", "", payplan::role::rep});
  b.add_person({"rep1", "", payplan::role::rep});
  payplan::LedgerBuilder orders;
  for (int a = 0; a < n; ++a) {
    const std::string id = account_id(a), order = "SO" + std::to_string(a);
    b.add_account(id);
    b.add_owner(id, "rep0", day("2025-01-01"), "");
    if (transferred) b.add_owner(id, "rep1", day("2026-01-01"), terms_name(a));
    orders.add({order, day("2026-02-01"), id, money("150"), "", "", ""});
  }
  return {b.finish(), orders.finish()};
}

TEST(plan_test, scaling_transfer_terms_are_found_by_name_for_every_order) {
  constexpr int n = 100'000;
  const Plan plan = parse(plan_with_terms(n));
  const auto in = accounts_with_one_order(n, true);
  const payplan::Result r = payplan::evaluate(plan, in.org, in.ledger);
  // account a: threshold h = a mod 100 leaves (150 - h) of the order
  // eligible, paid at 3%: 0.03 x (150 - h), whole cents. Over all accounts
  // 0.03 x (100,000 x 150 - 1000 x (0 + ... + 99)) = 0.03 x (15,000,000 -
  // 4,950,000) = 301,500.00.
  payplan::Money total;
  for (const auto& line : r.lines) total += line.amount;
  EXPECT_EQ(r.lines.size(), 100'000u);
  EXPECT_EQ(total, money("301500"));
  // account 99 (its order SO99) under terms 99, threshold 99: 0.03 x 51 = 1.53
  const auto so99 = in.ledger.find("SO99");
  int found = 0;
  for (const auto& line : r.lines) {
    if (line.order != so99) continue;
    ++found;
    EXPECT_EQ(line.amount, money("1.53"));
  }
  EXPECT_EQ(found, 1);
}

TEST(plan_test, scaling_a_rebate_limited_to_100k_accounts) {
  // 100,000 listed ids, accounts 0, 2, ..., 199998, against a ledger of
  // accounts 0..99999, one order of 100 each: the 50,000 even accounts are
  // paid 1% of 100 = 1.00 each.
  std::string yaml = "plan: p\ncurrency: USD\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
                     "  - id: rebate\n    type: rebate\n    tiers: {basis: sales, method: retroactive, table: [{rate: 1%}]}\n"
                     "    accounts: [";
  for (int k = 0; k < 100'000; ++k) yaml += (k ? ", " : "") + account_id(2 * k);
  yaml += "]\n";
  const Plan plan = parse(yaml);
  auto in = accounts_with_one_order(100'000, false);
  // one order of 100 on each account instead of 150
  payplan::LedgerBuilder orders;
  for (int a = 0; a < 100'000; ++a)
    orders.add({"SO" + std::to_string(a), day("2026-02-01"), account_id(a), money("100"), "", "", ""});
  in.ledger = orders.finish();
  const payplan::Result r = payplan::evaluate(plan, in.org, in.ledger);
  ASSERT_EQ(r.lines.size(), 50'000u);
  payplan::Money total;
  int odd = 0;
  for (const auto& line : r.lines) {
    total += line.amount;
    const std::string_view payee = r.payee_of(line);
    odd += (payee.back() - '0') % 2;
  }
  EXPECT_EQ(total, money("50000"));
  EXPECT_EQ(odd, 0);
}

// ---------------------------------------------------------------- files

class plan_test_files : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("payplan_plan_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(plan_test_files, reads_a_file_and_names_it_in_errors) {
  auto good = dir_ / "plan.yaml";
  std::ofstream(good, std::ios::binary) << full_plan;
  const Plan p = payplan::load_plan(good);
  EXPECT_EQ(p.components.size(), 3u);
  EXPECT_EQ(p.where({payplan::subject::kind::input}).file, good.string());

  auto bad = dir_ / "bad.yaml";
  std::ofstream(bad, std::ios::binary) << head + with(flat_component, "5 percent");
  const auto e = input_error_from([&] { (void)payplan::load_plan(bad); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, bad.string());
  EXPECT_EQ(e->where().line, 7u);  // as in bad_rate
  EXPECT_EQ(e->where().column, 11u);
  EXPECT_TRUE(starts_with(e->what(), bad.string() + ":7:11: ")) << e->what();
}

TEST_F(plan_test_files, missing_file_is_an_input_error_naming_it) {
  auto missing = dir_ / "no-such-plan.yaml";
  const auto e = input_error_from([&] { (void)payplan::load_plan(missing); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, missing.string());
  EXPECT_EQ(std::string(e->what()), missing.string() + ": cannot open file");
}

}  // namespace

namespace {

// Found by the plan fuzzer: yaml-cpp's LoadAll never ends on `,` (its parser
// keeps yielding empty documents without reading on), so the second-document
// check ran until the fuzzer's timeout. Now a syntax error at once.
TEST(plan_test, a_lone_comma_is_a_syntax_error_not_endless_documents) {
  expect_at(parse_error(","), 1, 1, "YAML syntax: the text cannot be read as YAML from here");
  expect_at(parse_error(head + with(flat_component, "5%") + ",\n"), 8, 1, "YAML syntax");
}

}  // namespace
