// Surprising settings (issue 15): each warning, where it points, and that
// a plan without any has none. Line numbers are counted in the texts here.

#include "payplan/engine/warnings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine_fixture.hpp"

using payplan::testing::plan_with;
using payplan::testing::small_org;

namespace {

std::vector<payplan::warning> warnings_of(const std::string& plan_yaml, const std::string& org_yaml = small_org,
                                          payplan::RunRange range = {}) {
  const auto plan = payplan::parse_plan(plan_yaml, "plan.yaml");
  const auto org = payplan::parse_org(org_yaml, "org.yaml");
  return payplan::warnings(plan, org, range);
}

std::vector<std::string> described(const std::vector<payplan::warning>& ws) {
  std::vector<std::string> out;
  for (const auto& w : ws) out.push_back(w.describe());
  return out;
}

TEST(warnings_test, a_plain_plan_has_none) {
  EXPECT_TRUE(warnings_of(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n")).empty());
  // 100% exactly is a rate someone can mean (a pass-through); 0.05 is 5%
  EXPECT_TRUE(warnings_of(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 1}\n"
                                    "  - {id: b2, type: commission, payees: {role: rep}, rate: 0.05}\n"))
                  .empty());
}

TEST(warnings_test, a_rate_above_100_percent_names_its_line_and_asks) {
  // plan_with's header is 6 lines; the component is line 7, the 5 of `rate: 5` at column 61
  const auto ws = warnings_of(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5}\n"));
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].where.file, "plan.yaml");
  EXPECT_EQ(ws[0].where.line, 7u);
  EXPECT_EQ(ws[0].where.column, 61u);
  EXPECT_EQ(ws[0].message, "rate 5 is 500%: did you mean 5%? (a number without % is a fraction: 0.05 is 5%)");
}

TEST(warnings_test, tier_override_and_team_growth_rates_are_checked_too) {
  const auto ws = warnings_of(plan_with(
      "  - id: tiered\n"                                   // 7
      "    type: commission\n"                             // 8
      "    payees: {role: rep}\n"                          // 9
      "    tiers:\n"                                       // 10
      "      basis: sales\n"                               // 11
      "      table:\n"                                     // 12
      "        - {upto: 1000, rate: 3%}\n"                 // 13
      "        - {rate: 8}\n"                              // 14: 800%
      "  - {id: ovr, type: override, payees: [maria], rates: [2%, 150%]}\n"  // 15: 150%, written with %
      "  - {id: growth, type: team_growth, payees: [maria], baseline: previous_year, hurdle: 2, rate: 10%}\n"));  // 16
  EXPECT_EQ(described(ws),
            (std::vector<std::string>{
                "plan.yaml:14:18: tier rate 8 is 800%: did you mean 8%? (a number without % is a fraction: 0.05 is 5%)",
                "plan.yaml:15:60: an override rate 150% is above 100%",
                "plan.yaml:16:87: hurdle 2 is 200%: did you mean 2%? (a number without % is a fraction: 0.05 is 5%)"}));
}

TEST(warnings_test, a_role_nobody_has_pays_nobody) {
  const std::string org = "people:\n  - {id: raj, role: rep}\naccounts: []\n";
  const auto ws = warnings_of(plan_with("  - {id: partners, type: commission, payees: {role: partner}, rate: 5%}\n"), org);
  ASSERT_EQ(ws.size(), 1u);
  EXPECT_EQ(ws[0].describe(),
            "plan.yaml:7:46: field 'payees': component 'partners' pays payees with role partner, and nobody in the org "
            "has that role: it pays nobody");
}

TEST(warnings_test, quotas_of_another_period_length_are_never_used_by_a_plan_that_reads_them) {
  // small_org's quotas are quarterly (2026-Q1); a monthly plan looks up 2026-01, 2026-02, ...
  const std::string monthly =
      "plan: m\nperiod: month\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
      "  - id: t\n    type: commission\n    payees: {role: rep}\n"
      "    tiers: {basis: attainment, table: [{upto: 100%, rate: 2%}, {rate: 4%}]}\n";
  const auto ws = warnings_of(monthly);
  ASSERT_EQ(ws.size(), 1u);
  // small_org: people (lines 1-5), accounts (6-10), quotas: is line 11, its first item line 12
  EXPECT_EQ(ws[0].where.file, "org.yaml");
  EXPECT_EQ(ws[0].where.line, 12u);
  EXPECT_EQ(ws[0].message,
            "quota of raj for 2026-Q1 is for a quarter, but plan 'm' pays by month: it is never used (3 quotas are of "
            "another period length)");
  // a monthly plan that reads no quota has nothing to say about them
  EXPECT_TRUE(warnings_of("plan: m\nperiod: month\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
                          "  - {id: c, type: commission, payees: {role: rep}, rate: 5%}\n")
                  .empty());
}

TEST(warnings_test, a_range_or_effective_without_a_whole_period_pays_nothing) {
  const std::string p = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");
  // 2026-02-01 to 2026-03-31 holds no whole quarter
  payplan::RunRange range{payplan::parse_date("2026-02-01"), payplan::parse_date("2026-03-31")};
  EXPECT_EQ(described(warnings_of(p, small_org, range)),
            std::vector<std::string>{"run range: the run's range 2026-02-01 to 2026-03-31 (--from/--to, within effective) "
                                     "holds no whole quarter: no period is paid"});
  // the whole of 2026-Q1 is a period: nothing to say
  range.from = payplan::parse_date("2026-01-01");
  EXPECT_TRUE(warnings_of(p, small_org, range).empty());
  // effective 2026-01-15 to 2026-03-31 (line 5 of the header)
  const std::string cut =
      "plan: test\ncurrency: USD\nperiod: quarter\nrounding: half_even\n"
      "effective: {from: 2026-01-15, to: 2026-03-31}\ncomponents:\n"
      "  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n";
  EXPECT_EQ(described(warnings_of(cut)),
            std::vector<std::string>{"plan.yaml:5:12: effective 2026-01-15 to 2026-03-31 holds no whole "
                                     "quarter: no period is paid"});
}

}  // namespace
