// The component types' keys as each type declares them (model/component_keys.hpp,
// the `keys()` of each plan struct) and the generic reader that reads them
// (src/io/load_plan.cpp): every per-type message the hand-written readers gave,
// with its file, line and column, for every type.
//
// Each case is one flow-style component on line 4 of the plan (three header
// lines come first). A column counts from 1: it is one more than the number
// of characters before the node it names; yaml-cpp places a flow mapping or
// list at its `{` or `[`, and a scalar at its first character. These strings
// were also checked byte for byte against the loader before the registry
// (one hand-written reader per type) on the same inputs.

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "payplan/values/error.hpp"
#include "payplan/io/load.hpp"
#include "payplan/model/plan.hpp"

namespace {

std::string error_of(const std::string& component) {
  try {
    (void)payplan::parse_plan("plan: p\n"                                        // line 1
                              "effective: {from: 2026-01-01, to: 2026-12-31}\n"  // line 2
                              "components:\n"                                    // line 3
                                  + component + "\n",                            // line 4
                              "plan.yaml");
  } catch (const payplan::input_error& e) {
    return e.what();
  }
  return "no error";
}

struct Case {
  const char* component;
  const char* error;
};

TEST(component_keys_test, every_type_gives_its_messages_at_their_nodes) {
  const Case cases[] = {
      {"  - {id: a, type: commission, payees: {role: rep}, rat: 5%}",
       // `rat: 5%` is at column 52: 51 characters before it
       "plan.yaml:4:52: unknown key 'rat' in a commission component (expected one of: id, type, payees, products, rate, tiers, cap)"},
      {"  - {id: g, type: team_growth, payees: [m], rate: 5%, hurdles: 1%}",
       // `hurdles: 1%` is at column 55: 54 characters before it
       "plan.yaml:4:55: unknown key 'hurdles' in a team_growth component (expected one of: id, type, payees, products, baseline, hurdle, rate, tiers, include_own)"},
      {"  - {id: b, type: team_attainment_bonus, payees: [m], attainment: 100%, amount: 5, bonus: 1}",
       // `bonus: 1` is at column 84: 83 characters before it
       "plan.yaml:4:84: unknown key 'bonus' in a team_attainment_bonus component (expected one of: id, type, payees, products, attainment, amount)"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}, prizes: [1], metrics: sales}",
       // `metrics: sales` is at column 98: 97 characters before it
       "plan.yaml:4:98: unknown key 'metrics' in a contest component (expected one of: id, type, payees, products, window, metric, prizes)"},
      {"  - {id: r, type: rebate, payees: [m], tiers: {table: [{rate: 1%}]}}",
       // `payees: [m]` is at column 27: 26 characters before it
       "plan.yaml:4:27: unknown key 'payees' in a rebate component (expected one of: id, type, products, accounts, tiers)"},
      {"  - {id: o, type: override, payees: [m]}",
       // the component's `{`
       "plan.yaml:4:5: override 'o' needs 'rates'"},
      {"  - {id: o, type: override, payees: [m], rates: []}",
       // `[]` is at column 49: 48 characters before it
       "plan.yaml:4:49: rates is an empty list (give one rate per level)"},
      {"  - {id: o, type: override, payees: [m], rates: [1%, -2%]}",
       // `-2%]` is at column 54: 53 characters before it
       "plan.yaml:4:54: an override rate cannot be negative"},
      {"  - {id: o, type: override, payees: [m], rates: 2%}",
       // `2%` is at column 49: 48 characters before it
       "plan.yaml:4:49: rates must be a list"},
      {"  - {id: o, type: override, payees: [m], rates: [1%], include_own: yes}",
       // `yes` is at column 68: 67 characters before it
       "plan.yaml:4:68: include_own must be true or false, not 'yes'"},
      {"  - {id: g, type: team_growth, payees: [m], rate: -5%}",
       // `-5%` is at column 51: 50 characters before it
       "plan.yaml:4:51: rate cannot be negative"},
      {"  - {id: g, type: team_growth, payees: [m], rate: 5%, tiers: {table: [{rate: 1%}]}}",
       // `{table: [{rate: 1%}]` is at column 62: 61 characters before it
       "plan.yaml:4:62: component 'g' has both rate and tiers; give one"},
      {"  - {id: g, type: team_growth, payees: [m]}",
       // the component's `{`
       "plan.yaml:4:5: team_growth component 'g' needs 'rate' or 'tiers'"},
      {"  - {id: g, type: team_growth, payees: [m], tiers: {basis: sales, table: [{rate: 1%}]}}",
       // `basis: sales` is at column 53: 52 characters before it
       "plan.yaml:4:53: unknown key 'basis' in tiers on growth % (expected one of: method, table)"},
      {"  - {id: g, type: team_growth, payees: [m], rate: 5%, baseline: last_year}",
       // `last_year` is at column 65: 64 characters before it
       "plan.yaml:4:65: unknown baseline 'last_year' (expected previous_year or previous_period)"},
      {"  - {id: g, type: team_growth, payees: [m], rate: 5%, hurdle: ten}",
       // `ten` is at column 63: 62 characters before it
       "plan.yaml:4:63: hurdle 'ten' is not a decimal number (write 5%, 2.75% or 0.0275)"},
      {"  - {id: b, type: team_attainment_bonus, payees: [m], attainment: -1%, amount: 5}",
       // `-1%` is at column 67: 66 characters before it
       "plan.yaml:4:67: attainment cannot be negative"},
      {"  - {id: b, type: team_attainment_bonus, payees: [m], attainment: 100%, amount: -5}",
       // `-5` is at column 81: 80 characters before it
       "plan.yaml:4:81: a bonus amount cannot be negative"},
      {"  - {id: b, type: team_attainment_bonus, payees: [m], amount: 5}",
       // the component's `{`
       "plan.yaml:4:5: component 'b' needs 'attainment'"},
      {"  - {id: c, type: contest, payees: [m], prizes: [1]}",
       // the component's `{`
       "plan.yaml:4:5: component 'c' needs 'window'"},
      {"  - {id: c, type: contest, payees: [m], window: {to: 2026-03-31}, prizes: [1]}",
       // `{to: 2026-03-31` is at column 49: 48 characters before it
       "plan.yaml:4:49: window needs 'from'"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31, at: x}, prizes: [1]}",
       // `at: x` is at column 84: 83 characters before it
       "plan.yaml:4:84: unknown key 'at' in window (expected one of: from, to)"},
      {"  - {id: c, type: contest, payees: [m], window: 2026, prizes: [1]}",
       // `2026` is at column 49: 48 characters before it
       "plan.yaml:4:49: window must be a mapping"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-13-01, to: 2026-03-31}, prizes: [1]}",
       // `2026-13-01` is at column 56: 55 characters before it
       "plan.yaml:4:56: from '2026-13-01' is not a date (YYYY-MM-DD)"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}, prizes: []}",
       // `[]` is at column 93: 92 characters before it
       "plan.yaml:4:93: prizes is an empty list"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}, prizes: [100, -1]}",
       // `-1]` is at column 99: 98 characters before it
       "plan.yaml:4:99: a prize cannot be negative"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}, prizes: [abc]}",
       // `abc]` is at column 94: 93 characters before it
       "plan.yaml:4:94: a prize 'abc' is not a decimal number"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}, prizes: [1], metric: revenue}",
       // `revenue` is at column 106: 105 characters before it
       "plan.yaml:4:106: unknown metric 'revenue' (expected sales or new_accounts)"},
      {"  - {id: c, type: contest, payees: [m], window: {from: 2026-01-01, to: 2026-03-31}}",
       // the component's `{`
       "plan.yaml:4:5: component 'c' needs 'prizes'"},
      {"  - {id: r, type: rebate}",
       // the component's `{`
       "plan.yaml:4:5: rebate 'r' needs 'tiers'"},
      {"  - {id: r, type: rebate, accounts: x1, tiers: {table: [{rate: 1%}]}}",
       // `x1` is at column 37: 36 characters before it
       "plan.yaml:4:37: accounts must be a list"},
      {"  - {id: r, type: rebate, accounts: [{a: 1}], tiers: {table: [{rate: 1%}]}}",
       // `{a: 1}]` is at column 38: 37 characters before it
       "plan.yaml:4:38: an account id must be a single value"},
      {"  - {id: a, type: commission, payees: {role: rep}, rate: 5%, cap: lots}",
       // `lots` is at column 67: 66 characters before it
       "plan.yaml:4:67: cap 'lots' is not a decimal number"},
      {"  - {id: a, type: commission, rate: 5%}",
       // the component's `{`
       "plan.yaml:4:5: component 'a' needs 'payees'"},
      {"  - {type: override, payees: [m], rates: [1%]}",
       // the component's `{`
       "plan.yaml:4:5: a component needs 'id'"},
  };
  for (const Case& c : cases) EXPECT_EQ(error_of(c.component), c.error) << c.component;
}

// docs/contract-notes.md: a component with several errors is reported by
// the first key, in key order, before what spans keys: a negative rate
// beside tiers is the rate's error, not "has both rate and tiers".
TEST(component_keys_test, a_value_error_comes_before_a_check_across_keys) {
  // `-5%` after 57 characters: "  - {" (5) "id: a, " (7) "type: commission, " (18)
  // "payees: {role: rep}, " (21) "rate: " (6): column 58
  EXPECT_EQ(error_of("  - {id: a, type: commission, payees: {role: rep}, rate: -5%, tiers: {table: [{rate: 1%}]}}"),
            "plan.yaml:4:58: a rate cannot be negative");
  // both given, each valid: the check, at the tiers' `{`: 51 characters up to `rate`, "rate: 5%, " (10),
  // "tiers: " (7): 68 before it, column 69
  EXPECT_EQ(error_of("  - {id: a, type: commission, payees: {role: rep}, rate: 5%, tiers: {table: [{rate: 1%}]}}"),
            "plan.yaml:4:69: component 'a' has both rate and tiers; give one");
}

// The dict writer's inverse: every key a type declares is read back into
// its member (spot checks of each value reader: Rate, Money, Date, bool,
// enum, list, optional, group).
TEST(component_keys_test, each_value_reader_fills_its_member) {
  const payplan::Plan p = payplan::parse_plan(
      "plan: p\n"
      "effective: {from: 2026-01-01, to: 2026-12-31}\n"
      "components:\n"
      "  - {id: o, type: override, payees: [m], rates: [2%, 0.5%], include_own: true}\n"
      "  - {id: g, type: team_growth, payees: [m], baseline: previous_period, hurdle: 3%, rate: 10%}\n"
      "  - {id: c, type: contest, payees: [m], window: {from: 2026-02-01, to: 2026-03-31}, metric: new_accounts, "
      "prizes: [300, 100.50]}\n"
      "  - {id: r, type: rebate, accounts: [A1, A2], tiers: {table: [{rate: 1%}]}}\n",
      "plan.yaml");
  const auto& o = std::get<payplan::Override>(p.components[0]);
  ASSERT_EQ(o.rates.size(), 2u);
  EXPECT_EQ(o.rates[0], payplan::Rate::from_units(200'000'000));  // 2% = 0.02 = 200,000,000 x 10^-10
  EXPECT_EQ(o.rates[1], payplan::Rate::from_units(50'000'000));   // 0.5% = 0.005
  EXPECT_TRUE(o.include_own);
  const auto& g = std::get<payplan::TeamGrowth>(p.components[1]);
  EXPECT_EQ(g.baseline, payplan::baseline_kind::previous_period);
  EXPECT_EQ(g.hurdle, payplan::Rate::from_units(300'000'000));  // 3% = 0.03
  ASSERT_TRUE(g.rate.has_value());
  EXPECT_EQ(*g.rate, payplan::Rate::from_units(1'000'000'000));  // 10% = 0.1
  EXPECT_FALSE(g.tiers.has_value());
  const auto& c = std::get<payplan::Contest>(p.components[2]);
  EXPECT_EQ(payplan::to_string(c.from), "2026-02-01");
  EXPECT_EQ(payplan::to_string(c.to), "2026-03-31");
  const payplan::source_location window = p.where({payplan::subject::kind::contest_window, 2});
  EXPECT_EQ(window.line, 6u);
  EXPECT_EQ(window.column, 49u);  // `{from` after 48 characters: "  - {id: c, type: contest, payees: [m], window: "
  EXPECT_EQ(window.field, "window");
  EXPECT_EQ(c.metric, payplan::contest_metric::new_accounts);
  ASSERT_EQ(c.prizes.size(), 2u);
  EXPECT_EQ(c.prizes[1], payplan::parse_money("100.50").value);
  const auto& r = std::get<payplan::Rebate>(p.components[3]);
  EXPECT_EQ(r.accounts, (std::vector<std::string>{"A1", "A2"}));
  EXPECT_FALSE(r.payees.role.has_value());
  EXPECT_TRUE(r.payees.ids.empty());
}

}  // namespace
