// Manager and team components (spec 4.3-4.7) against hand-worked examples.

#include <gtest/gtest.h>


#include "engine_fixture.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;

namespace {

using payplan::testing::growth_org;
const auto plan_of = payplan::testing::team_plan;

// maria runs the team; omar leads raj (until raj moves to maria on 2026-02-15) and lee.
const std::string two_level_org = R"(people:
  - {id: maria, role: manager}
  - {id: omar, role: manager, reports_to: maria}
  - {id: raj, role: rep, reports_to: [{manager: omar, from: 2025-01-01}, {manager: maria, from: 2026-02-15}]}
  - {id: lee, role: rep, reports_to: omar}
accounts:
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: O1, owners: [{owner: omar, from: 2019-01-01}]}
)";

const std::string override_rows = orders(
    "V1,2026-02-01,R1,10000,,,\n"
    "V2,2026-02-20,R1,10000,,,\n"
    "V3,2026-02-01,L1,5000,,,\n"
    "V4,2026-03-01,O1,5000,,,\n"
    "V5,2026-03-10,R1,-5000,,V1,\n");

TEST(team_test, two_level_override_follows_the_reporting_line_on_each_order_date) {
  Evaluated r(plan_of("  - {id: ovr, type: override, payees: {role: manager}, rates: [2%, 1%]}\n"), two_level_org,
              override_rows);
  // V1 on 02-01: raj is under omar (level 1, 2%) under maria (level 2, 1%)
  EXPECT_EQ(r.amount("omar", "ovr", "V1"), "200.00");
  EXPECT_EQ(r.amount("maria", "ovr", "V1"), "100.00");
  EXPECT_EQ(r.note("maria", "ovr", "V1"), "level 2");
  // V2 on 02-20: raj reports to maria directly: maria level 1, omar nothing
  EXPECT_EQ(r.amount("maria", "ovr", "V2"), "200.00");
  // V3: lee under omar: 5000 x 2% = 100; maria level 2: 50
  EXPECT_EQ(r.amount("omar", "ovr", "V3"), "100.00");
  EXPECT_EQ(r.amount("maria", "ovr", "V3"), "50.00");
  // V4: omar's own order pays omar nothing (include_own false); omar is level 1 under maria: 100
  EXPECT_EQ(r.amount("maria", "ovr", "V4"), "100.00");
  // V5 returns half of V1: claws back from those V1 paid, omar 200 x 1/2 and maria 100 x 1/2
  EXPECT_EQ(r.amount("omar", "ovr", "V5"), "-100.00");
  EXPECT_EQ(r.amount("maria", "ovr", "V5"), "-50.00");
  EXPECT_EQ(r.statement("2026-Q1", "omar", "ovr"), "200.00");   // 200 + 100 - 100
  EXPECT_EQ(r.statement("2026-Q1", "maria", "ovr"), "400.00");  // 100 + 200 + 50 + 100 - 50
  EXPECT_EQ(r.lines_of("raj"), 0u);
}

TEST(team_test, override_include_own_pays_own_orders_at_the_first_rate) {
  Evaluated r(plan_of("  - {id: ovr, type: override, payees: [omar], rates: [2%, 1%], include_own: true}\n"),
              two_level_org, override_rows);
  EXPECT_EQ(r.amount("omar", "ovr", "V4"), "100.00");  // own order: 5000 x 2%
  EXPECT_EQ(r.lines_of("maria"), 0u);                  // not a payee of this component
}


TEST(team_test, team_growth_is_like_for_like_with_hurdle_zero_baseline_and_decline) {
  const std::string plan = plan_of(
      "  - {id: growth, type: team_growth, payees: [maria], baseline: previous_year, hurdle: 5%, rate: 10%}\n");
  Evaluated r(plan, growth_org,
              orders("B1,2025-02-01,R1,10000,,,\n"
                     "B2,2025-02-01,L1,10000,,,\n"
                     "B3,2025-02-01,M2,30000,,,\n"
                     "B4,2025-02-01,M1,50000,,,\n"
                     "C1,2026-02-01,R1,15000,,,\n"
                     "C2,2026-02-01,L1,8000,,,\n"
                     "C3,2026-03-10,M2,30000,,,\n"
                     "B5,2025-05-01,R1,10000,,,\n"
                     "C4,2026-05-01,R1,10400,,,\n"
                     "B6,2025-08-01,R1,10000,,,\n"
                     "C5,2026-08-01,R1,9000,,,\n"
                     "C6,2026-11-01,R1,5000,,,\n"));
  // Q1: S = R1, L1, M2 (raj owns M2 on 03-31; M1 is maria's own, excluded).
  // current 15000 + 8000 + 30000 = 53000; baseline 10000 + 10000 + 30000 = 50000;
  // growth 3000 = 6% >= 5%: 10% x 3000 = 300.00. The handover added 30000 to
  // both sides, so it created no growth by itself.
  EXPECT_EQ(r.statement("2026-Q1", "maria", "growth"), "300.00");
  // Q2: 10400 vs 10000: 4% < 5%: 0
  EXPECT_EQ(r.statement("2026-Q2", "maria", "growth"), "0.00");
  // Q3: 9000 vs 10000: negative growth pays nothing
  EXPECT_EQ(r.statement("2026-Q3", "maria", "growth"), "0.00");
  // Q4: 5000 vs nothing: growth % undefined, hurdle taken as met: 500.00
  EXPECT_EQ(r.statement("2026-Q4", "maria", "growth"), "500.00");
  std::vector<std::string> notes;
  for (const auto& l : r.result.lines) notes.emplace_back(r.result.note_of(l));
  EXPECT_EQ(notes, (std::vector<std::string>{
                       "current 53000.00, baseline 50000.00, growth 3000.00 (6%)",
                       "current 10400.00, baseline 10000.00, growth 400.00 (4%): growth below the hurdle of 5%",
                       "current 9000.00, baseline 10000.00, growth -1000.00 (-10%): no growth",
                       "current 5000.00, baseline 0.00, growth 5000.00 (undefined)",
                   }));
}

TEST(team_test, team_growth_tiers_on_growth_percent) {
  const std::string rows = orders(
      "B1,2025-02-01,R1,20000,,,\n"
      "B2,2025-02-01,L1,30000,,,\n"
      "C1,2026-02-01,R1,30000,,,\n"
      "C2,2026-02-01,L1,28000,,,\n");
  // baseline 50000, current 58000, growth 8000 = 16%
  const std::string tiers = "tiers: {method: METHOD, table: [{upto: 10%, rate: 5%}, {rate: 20%}]}";
  auto with = [&](const std::string& method) {
    std::string t = tiers;
    t.replace(t.find("METHOD"), 6, method);
    return plan_of("  - {id: growth, type: team_growth, payees: [maria], " + t + "}\n");
  };
  // marginal: the 10% bound is 5000 of growth: 5000 x 5% + 3000 x 20% = 250 + 600
  EXPECT_EQ(Evaluated(with("marginal"), growth_org, rows).statement("2026-Q1", "maria", "growth"), "850.00");
  // retroactive: 16% is in the second band: 8000 x 20%
  EXPECT_EQ(Evaluated(with("retroactive"), growth_org, rows).statement("2026-Q1", "maria", "growth"), "1600.00");
}

TEST(team_test, coaching_bonus_counts_a_report_exactly_at_100_percent) {
  const std::string org = growth_org + R"(  - {id: A1, owners: [{owner: acme, from: 2019-01-01}]}
quotas:
  - {person: raj, period: 2026-Q1, amount: 100000}
  - {person: lee, period: 2026-Q1, amount: 80000}
)";
  std::string people_org = org;
  people_org.replace(people_org.find("accounts:"), 9, "  - {id: acme, role: agent, reports_to: maria}\naccounts:");
  Evaluated r(plan_of("  - {id: coach, type: team_attainment_bonus, payees: [maria], attainment: 100%, amount: 1000}\n"),
              people_org,
              orders("Q1,2026-01-10,R1,60000,,,\n"
                     "Q2,2026-03-31,R1,40000,,,\n"
                     "Q3,2026-02-10,L1,79999.99,,,\n"
                     "Q4,2026-02-10,A1,5000,,,\n"));
  // raj 100000 / 100000 = 100% qualifies (at or above); lee 79999.99 / 80000 does not;
  // acme has no quota: an exception, not counted. 1 x 1000 = 1000.00
  EXPECT_EQ(r.statement("2026-Q1", "maria", "coach"), "1000.00");
  EXPECT_EQ(std::string(r.result.note_of(r.result.lines[0])), "1 of 3 direct reports at or above 100%: raj 100%");
  ASSERT_FALSE(r.result.exceptions.empty());
  EXPECT_EQ(r.result.exceptions[0].kind, "missing_quota");
  EXPECT_NE(r.result.exceptions[0].detail.find("'acme' (a direct report of 'maria') has no quota for 2026-Q1"),
            std::string::npos);
}

const std::string contest_org = R"(people:
  - {id: boss, role: manager}
  - {id: raj, role: rep, reports_to: boss}
  - {id: lee, role: rep, reports_to: boss}
  - {id: ana, role: rep, reports_to: boss}
  - {id: bob, role: rep, reports_to: boss}
  - {id: cy, role: rep, reports_to: boss}
  - {id: dan, role: rep, reports_to: boss}
accounts:
  - {id: RA, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: LE, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: AN, owners: [{owner: ana, from: 2019-01-01}]}
  - {id: BO, owners: [{owner: bob, from: 2019-01-01}]}
  - {id: CY, owners: [{owner: cy, from: 2019-01-01}]}
  - {id: DA, owners: [{owner: dan, from: 2019-01-01}]}
)";

TEST(team_test, contest_three_way_tie_for_second_shares_those_places_prizes) {
  const std::string plan = plan_of(R"(  - id: spif
    type: contest
    payees: {role: rep}
    window: {from: 2026-04-01, to: 2026-06-30}
    metric: sales
    prizes: [5000, 2500, 1000]
)");
  Evaluated r(plan, contest_org,
              orders("K1,2026-04-10,RA,50000,,,\n"
                     "K2,2026-05-10,LE,30000,,,\n"
                     "K3,2026-05-11,AN,20000,,,\n"
                     "K4,2026-06-30,AN,10000,,,\n"
                     "K5,2026-06-01,BO,30000,,,\n"
                     "K6,2026-06-02,CY,10000,,,\n"
                     "K7,2026-03-31,DA,99000,,,\n"   // before the window: dan does not place
                     "K8,2026-07-01,CY,99000,,,\n"));  // after it
  EXPECT_EQ(r.statement("2026-Q2", "raj", "spif"), "5000.00");
  // lee, ana and bob tie at 30000 for places 2-4: (2500 + 1000 + 0) / 3 = 1166.666... -> 1166.67 each
  EXPECT_EQ(r.statement("2026-Q2", "lee", "spif"), "1166.67");
  EXPECT_EQ(r.statement("2026-Q2", "ana", "spif"), "1166.67");
  EXPECT_EQ(r.statement("2026-Q2", "bob", "spif"), "1166.67");
  EXPECT_EQ(r.statement("2026-Q2", "cy", "spif"), "0.00");  // place 5: placed, no prize
  EXPECT_EQ(r.statement("2026-Q2", "dan", "spif"), "none");
}

TEST(team_test, contest_window_outside_the_effective_dates_is_refused) {
  const std::string plan = plan_of(R"(  - id: spif
    type: contest
    payees: {role: rep}
    window: {from: 2025-12-01, to: 2026-01-31}
    prizes: [100]
)");
  try {
    Evaluated r(plan, contest_org, orders(""));
    FAIL() << "expected input_error";
  } catch (const payplan::input_error& e) {
    EXPECT_EQ(e.where().line, 8u) << e.what();    // plan_of(): 4 header lines, the window on line 8
    EXPECT_EQ(e.where().column, 13u) << e.what(); // after "    window: "
    EXPECT_NE(std::string(e.what()).find("outside the plan's effective dates"), std::string::npos) << e.what();
  }
}

TEST(team_test, retroactive_rebate_crossing_a_tier_in_the_last_order_of_the_quarter) {
  const std::string tiers = "tiers: {basis: sales, method: METHOD, table: [{upto: 100000, rate: 0%}, {upto: 500000, rate: 2%}, {rate: 3%}]}";
  auto with = [&](const std::string& method) {
    std::string t = tiers;
    t.replace(t.find("METHOD"), 6, method);
    return plan_of("  - {id: rebate, type: rebate, " + t + "}\n");
  };
  const std::string rows = orders(
      "G1,2026-01-10,R1,60000,,,\n"
      "G2,2026-03-31,R1,50000,,,\n"
      "G3,2026-02-10,L1,90000,,,\n");
  Evaluated retro(with("retroactive"), growth_org, rows);
  // R1's quarter: 110000, in (100000, 500000]: every unit at 2% = 2200.00; L1: 90000 at 0%
  EXPECT_EQ(retro.statement("2026-Q1", "R1", "rebate"), "2200.00");
  EXPECT_EQ(retro.statement("2026-Q1", "L1", "rebate"), "0.00");
  // marginal: 100000 x 0% + 10000 x 2% = 200.00
  EXPECT_EQ(Evaluated(with("marginal"), growth_org, rows).statement("2026-Q1", "R1", "rebate"), "200.00");
}

TEST(team_test, component_keys_are_checked_for_each_type) {
  auto error_of = [](const std::string& component) -> std::string {
    try {
      (void)payplan::parse_plan(plan_of(component), "plan.yaml");
    } catch (const payplan::input_error& e) {
      return e.what();
    }
    return "no error";
  };
  // each on line 5 of the plan; the column (from 1) is where the offending key or value starts
  EXPECT_EQ(error_of("  - {id: o, type: override, payees: {role: manager}, rate: 2%}\n"),
            "plan.yaml:5:54: unknown key 'rate' in an override component (expected one of: id, type, payees, products, "
            "rates, include_own)");
  EXPECT_EQ(error_of("  - {id: o, type: override, payees: {role: boss}, rates: [2%]}\n"),
            "plan.yaml:5:44: unknown role 'boss' (expected rep, manager, agent or partner)");
  EXPECT_EQ(error_of("  - {id: g, type: team_growth, payees: [maria], baseline: last_year, rate: 10%}\n"),
            "plan.yaml:5:59: unknown baseline 'last_year' (expected previous_year or previous_period)");
  EXPECT_EQ(error_of("  - {id: c, type: contest, payees: {role: rep}, window: {from: 2026-02-01, to: 2026-01-01}, "
                     "prizes: [1]}\n"),
            "plan.yaml:5:57: the contest window ends before it starts");
  EXPECT_EQ(error_of("  - {id: r, type: rebate, tiers: {basis: attainment, table: [{rate: 1%}]}}\n"),
            "plan.yaml:5:42: a rebate's tiers are on sales");
  EXPECT_EQ(error_of("  - {id: b, type: team_attainment_bonus, payees: [maria], attainment: 100%}\n"),
            "plan.yaml:5:5: component 'b' needs 'amount'");
}

}  // namespace

// Regressions that mutation testing found uncaught (issue 9): each test
// fails on a plausible bug that passed every earlier test.
namespace {

// An override walk must go on past a manager the component does not pay.
TEST(team_test, override_pays_a_higher_level_when_a_lower_manager_is_not_a_payee) {
  Evaluated r(plan_of("  - {id: ovr, type: override, payees: [maria], rates: [2%, 1%]}\n"), two_level_org,
              override_rows);
  // V3: lee -> omar (level 1, not a payee) -> maria (level 2): 5000 x 1% = 50.00
  EXPECT_EQ(r.amount("maria", "ovr", "V3"), "50.00");
  EXPECT_EQ(r.note("maria", "ovr", "V3"), "level 2");
  EXPECT_EQ(r.lines_of("omar"), 0u);
}

std::string growth_plan(const std::string& period, const std::string& baseline) {
  return "plan: team\nperiod: " + period + "\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
         "  - {id: growth, type: team_growth, payees: [maria], baseline: " + baseline + ", rate: 10%}\n";
}
const std::string monthly_rows = orders(
    "Y1,2025-03-10,R1,1000,,,\n"    // 2025-03: the same month a year earlier
    "Y2,2025-11-10,R1,3000,,,\n"    // 2025-11: four months back (a quarterly plan's "a year" in periods)
    "Y3,2026-02-10,R1,500,,,\n"     // 2026-02: the previous month
    "Y4,2026-03-10,R1,2000,,,\n");  // 2026-03

TEST(team_test, team_growth_previous_year_of_a_monthly_plan_is_twelve_months_back) {
  Evaluated r(growth_plan("month", "previous_year"), growth_org, monthly_rows);
  // 2026-03 vs 2025-03: 2000 - 1000 = 1000 growth x 10% = 100.00 (vs 2025-11 it would be 0)
  EXPECT_EQ(r.statement("2026-03", "maria", "growth"), "100.00");
}

TEST(team_test, team_growth_previous_period_of_a_monthly_plan_is_the_month_before) {
  Evaluated r(growth_plan("month", "previous_period"), growth_org, monthly_rows);
  // 2026-03 vs 2026-02: 2000 - 500 = 1500 x 10% = 150.00 (a year back would pay 100.00)
  EXPECT_EQ(r.statement("2026-03", "maria", "growth"), "150.00");
  // 2026-02 vs 2026-01: 500 - 0, growth % undefined (hurdle met): 50.00
  EXPECT_EQ(r.statement("2026-02", "maria", "growth"), "50.00");
}

TEST(team_test, team_growth_previous_year_of_a_yearly_plan_is_the_year_before) {
  Evaluated r(growth_plan("year", "previous_year"), growth_org,
              orders("W1,2022-06-10,R1,9000,,,\n"    // four years back: no part of it
                     "W2,2025-06-10,R1,1000,,,\n"
                     "W3,2026-06-10,R1,3000,,,\n"));
  // 2026 vs 2025: 3000 - 1000 = 2000 x 10% = 200.00
  EXPECT_EQ(r.statement("2026", "maria", "growth"), "200.00");
}

TEST(team_test, team_growth_previous_period_of_a_quarterly_plan_is_the_quarter_before) {
  Evaluated r(growth_plan("quarter", "previous_period"), growth_org,
              orders("P1,2025-05-10,R1,10000,,,\n"   // 2025-Q2, a year back: not the baseline
                     "P2,2026-02-10,R1,4000,,,\n"    // 2026-Q1
                     "P3,2026-05-10,R1,5000,,,\n")); // 2026-Q2
  // 2026-Q2 vs 2026-Q1: 5000 - 4000 = 1000 x 10% = 100.00 (vs 2025-Q2: negative, 0.00)
  EXPECT_EQ(r.statement("2026-Q2", "maria", "growth"), "100.00");
}

// spec 1: every line, period-level ones too, is rounded with the plan's mode.
std::string half_up_plan(const std::string& components) {
  return "plan: team\nperiod: quarter\nrounding: half_up\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
         "components:\n" + components;
}

TEST(team_test, period_level_lines_round_with_the_plans_half_up) {
  // growth: 110.05 - 100.00 = 10.05 x 10% = 1.005 -> half_up 1.01 (half_even 1.00)
  Evaluated growth(half_up_plan("  - {id: g, type: team_growth, payees: [maria], baseline: previous_year, rate: 10%}\n"),
                   growth_org, orders("G1,2025-02-10,R1,100.00,,,\nG2,2026-02-10,R1,110.05,,,\n"));
  EXPECT_EQ(growth.statement("2026-Q1", "maria", "g"), "1.01");
  // rebate: 0.50 x 1% = 0.005 -> half_up 0.01 (half_even 0.00)
  Evaluated rebate(half_up_plan("  - {id: r, type: rebate, tiers: {basis: sales, method: retroactive, table: [{rate: 1%}]}}\n"),
                   growth_org, orders("R1,2026-02-10,R1,0.50,,,\n"));
  EXPECT_EQ(rebate.statement("2026-Q1", "R1", "r"), "0.01");
  // contest: raj and lee tie for first of prizes [0.05]: (0.05 + 0) / 2 = 0.025 each -> half_up 0.03 (half_even 0.02)
  Evaluated contest(half_up_plan("  - {id: c, type: contest, payees: {role: rep}, window: {from: 2026-01-01, to: "
                                 "2026-03-31}, metric: sales, prizes: [0.05]}\n"),
                    growth_org, orders("C1,2026-02-10,R1,100,,,\nC2,2026-02-10,L1,100,,,\n"));
  EXPECT_EQ(contest.statement("2026-Q1", "raj", "c"), "0.03");
  EXPECT_EQ(contest.statement("2026-Q1", "lee", "c"), "0.03");
  // bonus: 0.125 x 1 qualifying report = 0.125 -> half_up 0.13 (half_even 0.12)
  Evaluated bonus(half_up_plan("  - {id: b, type: team_attainment_bonus, payees: [maria], attainment: 100%, amount: "
                               "0.125}\n"),
                  growth_org + "quotas:\n  - {person: raj, period: 2026-Q1, amount: 100}\n",
                  orders("B1,2026-02-10,R1,100,,,\n"));
  EXPECT_EQ(bonus.statement("2026-Q1", "maria", "b"), "0.13");
}

}  // namespace

namespace {

// issue 9: team_growth looked at every account, and the coaching bonus at
// every person, for each manager and period: quadratic in a large org. Now
// one pass up the reporting lines of the period's last day. The answer is
// checked at that size; no test is timed (the README quotes the time).
TEST(team_test, scaling_team_growth_and_bonus_over_1500_managers) {
  // m0 tops a chain of 1500 managers, m_j under m_{j-1}; each has 20 reps,
  // each rep owns one account that bought 1000.00 in 2025-Q1 and 1100.00 in
  // 2026-Q1 (growth 100.00 an account, 10%), and has a 2026-Q1 quota of
  // 1000 (110%: qualifies for the bonus).
  constexpr int managers = 1500, reps = 20;
  payplan::OrgBuilder b;
  auto mgr = [](int j) { return "m" + std::to_string(j); };
  auto rep = [](int j, int k) { return "r" + std::to_string(j) + "_" + std::to_string(k); };
  std::string rows;
  for (int j = 0; j < managers; ++j) {
    b.add_person({mgr(j), "", payplan::role::manager});
    for (int k = 0; k < reps; ++k) b.add_person({rep(j, k), "", payplan::role::rep});
  }
  for (int j = 0; j < managers; ++j) {
    if (j > 0) b.add_reports_to(mgr(j), mgr(j - 1), payplan::from_the_start);
    for (int k = 0; k < reps; ++k) {
      b.add_reports_to(rep(j, k), mgr(j), payplan::from_the_start);
      b.add_account("A" + rep(j, k));
      b.add_owner("A" + rep(j, k), rep(j, k), payplan::from_the_start, "");
      b.add_quota(rep(j, k), *payplan::parse_period("2026-Q1"), payplan::Money(1000));
      rows += "B" + rep(j, k) + ",2025-02-10,A" + rep(j, k) + ",1000,,,\n";
      rows += "C" + rep(j, k) + ",2026-02-10,A" + rep(j, k) + ",1100,,,\n";
    }
  }
  const payplan::Org org = b.finish();
  const payplan::Plan plan = payplan::parse_plan(
      "plan: team\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-03-31}\ncomponents:\n"
      "  - {id: growth, type: team_growth, payees: {role: manager}, baseline: previous_year, rate: 10%}\n"
      "  - {id: coach, type: team_attainment_bonus, payees: {role: manager}, attainment: 100%, amount: 100}\n",
      "plan.yaml");
  const payplan::Ledger ledger = payplan::parse_orders(orders(rows), "orders.csv", plan.currency);
  const payplan::Result r = payplan::evaluate(plan, org, ledger);
  payplan::Money growth, coach, top_growth, last_growth;
  for (const payplan::Line& l : r.lines) {
    (r.components[l.component] == "growth" ? growth : coach) += l.amount;
    if (r.components[l.component] == "growth" && r.payee_of(l) == "m0") top_growth = l.amount;
    if (r.components[l.component] == "growth" && r.payee_of(l) == "m1499") last_growth = l.amount;
  }
  // m_j's team holds the accounts of m_j .. m_1499: (1500 - j) x 20 x 100.00
  // growth, x 10% = (1500 - j) x 200.00: m0 300000.00, m1499 200.00; in all
  // 200 x (1 + ... + 1500) = 200 x 1125750 = 225150000.00
  EXPECT_EQ(payplan::to_string(top_growth, 2, 2), "300000.00");
  EXPECT_EQ(payplan::to_string(last_growth, 2, 2), "200.00");
  EXPECT_EQ(payplan::to_string(growth, 2, 2), "225150000.00");
  // every manager's 20 reps qualify (the manager below, with sales 0 against
  // a roll-up quota, does not): 20 x 100.00 each, 1500 x 2000.00 in all
  EXPECT_EQ(payplan::to_string(coach, 2, 2), "3000000.00");
  EXPECT_TRUE(r.exceptions.empty());
}

}  // namespace
