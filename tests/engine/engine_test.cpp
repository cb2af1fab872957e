// The commission engine against hand-worked examples of spec 3 and 4.1.
// Each expectation has its working beside it.

#include "payplan/engine/engine.hpp"

#include <gtest/gtest.h>

#include "engine_fixture.hpp"

using payplan::testing::orders;
using payplan::testing::plan_with;
using payplan::testing::Evaluated;
using payplan::testing::small_org;

namespace {

const std::string flat_1pct = "  - {id: base, type: commission, payees: {role: rep}, rate: 1%}\n";

// spec 1: each line rounded once; half_even vs half_up at exactly .005.
const std::string tie_orders = orders(
    "T1,2026-01-05,R1,0.50,,,\n"    // 0.50 x 1% = 0.005
    "T2,2026-01-06,R1,1.50,,,\n"    // 0.015
    "T3,2026-01-07,R1,2.50,,,\n"    // 0.025
    "T4,2026-01-08,R1,-2.50,,,\n"   // -0.025 (a credit note, no refund_of)
    "T5,2026-01-09,R1,0.51,,,\n");  // 0.0051: not a tie

TEST(engine_test, rounding_half_even_at_exact_half_cents) {
  Evaluated r(plan_with(flat_1pct), small_org, tie_orders);
  EXPECT_EQ(r.amount("raj", "base", "T1"), "0.00");   // 0.005 -> even 0.00
  EXPECT_EQ(r.amount("raj", "base", "T2"), "0.02");   // 0.015 -> even 0.02
  EXPECT_EQ(r.amount("raj", "base", "T3"), "0.02");   // 0.025 -> even 0.02
  EXPECT_EQ(r.amount("raj", "base", "T4"), "-0.02");  // -0.025 -> even -0.02
  EXPECT_EQ(r.amount("raj", "base", "T5"), "0.01");   // 0.0051 -> 0.01
  // statement = sum of rounded lines: 0 + 0.02 + 0.02 - 0.02 + 0.01
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "0.03");
}

TEST(engine_test, rounding_half_up_goes_away_from_zero) {
  Evaluated r(plan_with(flat_1pct, "half_up"), small_org, tie_orders);
  EXPECT_EQ(r.amount("raj", "base", "T1"), "0.01");   // 0.005 -> 0.01
  EXPECT_EQ(r.amount("raj", "base", "T2"), "0.02");   // 0.015 -> 0.02
  EXPECT_EQ(r.amount("raj", "base", "T3"), "0.03");   // 0.025 -> 0.03
  EXPECT_EQ(r.amount("raj", "base", "T4"), "-0.03");  // -0.025 -> -0.03 (away from zero)
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "0.04");  // 0.01+0.02+0.03-0.03+0.01
}

const std::string sales_tiers = R"(  - id: accel
    type: commission
    payees: {role: rep}
    tiers:
      basis: sales
      method: METHOD
      table:
        - {upto: 10000, rate: 2%}
        - {upto: 20000, rate: 4%}
        - {rate: 6%}
)";

std::string with_method(std::string text, const std::string& method) {
  text.replace(text.find("METHOD"), 6, method);
  return text;
}

TEST(engine_test, marginal_order_crosses_two_tier_bounds) {
  Evaluated r(plan_with(with_method(sales_tiers, "marginal")), small_org,
        orders("M1,2026-01-10,R1,5000,,,\n"
               "M2,2026-02-10,R1,20000,,,\n"
               "M3,2026-03-10,R1,-3000,,,\n"
               "M4,2026-04-01,R1,1000,,,\n"));
  // M1: [0, 5000) all in tier 1: 5000 x 2% = 100.00
  EXPECT_EQ(r.amount("raj", "accel", "M1"), "100.00");
  // M2: [5000, 25000): 5000 x 2% + 10000 x 4% + 5000 x 6% = 100 + 400 + 300 = 800.00
  EXPECT_EQ(r.amount("raj", "accel", "M2"), "800.00");
  // M3: -3000 runs backwards from 25000 to 22000, all in tier 3: -3000 x 6% = -180.00
  EXPECT_EQ(r.amount("raj", "accel", "M3"), "-180.00");
  // M4: a new quarter, c resets to 0: 1000 x 2% = 20.00
  EXPECT_EQ(r.amount("raj", "accel", "M4"), "20.00");
  EXPECT_EQ(r.statement("2026-Q1", "raj", "accel"), "720.00");  // 100 + 800 - 180
}

TEST(engine_test, retroactive_late_order_lifts_every_earlier_line) {
  Evaluated r(plan_with(with_method(sales_tiers, "retroactive")), small_org,
        orders("R-1,2026-01-10,R1,8000,,,\n"
               "R-2,2026-02-10,R1,9000,,,\n"
               "R-3,2026-03-30,R1,4000,,,\n"
               // lee ends exactly on a bound: 20000 is in tier 2 (upto is inclusive)
               "L-1,2026-01-10,L1,12000,,,\n"
               "L-2,2026-03-10,L1,8000,,,\n"));
  // raj's final Q1 total 21000 is in tier 3 (above 20000): every line at 6%.
  EXPECT_EQ(r.amount("raj", "accel", "R-1"), "480.00");  // 8000 x 6%
  EXPECT_EQ(r.amount("raj", "accel", "R-2"), "540.00");  // 9000 x 6%
  EXPECT_EQ(r.amount("raj", "accel", "R-3"), "240.00");  // 4000 x 6%
  // lee's total 20000 falls in (10000, 20000]: 4%
  EXPECT_EQ(r.amount("lee", "accel", "L-1"), "480.00");  // 12000 x 4%
  EXPECT_EQ(r.amount("lee", "accel", "L-2"), "320.00");  // 8000 x 4%
}

const std::string attainment_tiers = R"(  - id: accel
    type: commission
    payees: {role: rep}
    tiers:
      basis: attainment
      method: marginal
      table:
        - {upto: 100%, rate: 4%}
        - {upto: 150%, rate: 6%}
        - {rate: 8%}
)";

TEST(engine_test, attainment_tiers_against_the_quota) {
  // raj's 2026-Q1 quota is 100000: bounds at 100000 and 150000.
  Evaluated r(plan_with(attainment_tiers), small_org,
        orders("A-1,2026-01-10,R1,90000,,,\n"
               "A-2,2026-02-10,R1,70000,,,\n"
               "B-1,2026-02-10,L1,100000,,,\n"));
  EXPECT_EQ(r.amount("raj", "accel", "A-1"), "3600.00");  // 90000 x 4%
  // [90000, 160000): 10000 x 4% + 50000 x 6% + 10000 x 8% = 400 + 3000 + 800
  EXPECT_EQ(r.amount("raj", "accel", "A-2"), "4200.00");
  // lee's quota 80000: bounds 80000, 120000. [0, 100000): 80000 x 4% + 20000 x 6% = 3200 + 1200
  EXPECT_EQ(r.amount("lee", "accel", "B-1"), "4400.00");
}

TEST(engine_test, attainment_bound_finer_than_a_cent_is_exact) {
  // A bound of 33.33333333% of 100000 is 33333.33333, finer than a cent:
  // it is held exactly (10^-16 units), never rounded.
  const std::string plan = plan_with(R"(  - id: accel
    type: commission
    payees: [raj]
    tiers:
      basis: attainment
      table: [{upto: 33.33333333%, rate: 4%}, {rate: 6%}]
)");
  Evaluated r(plan, small_org, orders("X1,2026-01-10,R1,50000,,,\n"));
  // 33333.33333 x 4% = 1333.3333332; 16666.66667 x 6% = 1000.0000002;
  // sum 2333.3333334 -> 2333.33 (gross shown to 6 digits: 2333.333333)
  EXPECT_EQ(r.amount("raj", "accel", "X1"), "2333.33");
  EXPECT_EQ(payplan::to_string(r.line("raj", "accel", "X1").gross, 2), "2333.333333");
}

TEST(engine_test, missing_quota_pays_zero_and_is_an_exception) {
  Evaluated r(plan_with(attainment_tiers), small_org, orders("Q2-1,2026-04-10,R1,1000,,,\n"));  // no Q2 quotas
  EXPECT_EQ(r.amount("raj", "accel", "Q2-1"), "0.00");
  EXPECT_EQ(r.note("raj", "accel", "Q2-1"), "no quota for 2026-Q2");
  ASSERT_EQ(r.result.exceptions.size(), 1u);
  EXPECT_EQ(r.result.exceptions[0].kind, "missing_quota");
  EXPECT_NE(r.result.exceptions[0].detail.find("'raj' has no quota for 2026-Q2"), std::string::npos);
}

TEST(engine_test, manager_quota_rolls_up_the_team_including_the_agent) {
  // maria has no quota: her 2026-Q1 quota is raj 100000 + lee 80000 + acme-partners 50000 = 230000.
  const std::string plan = plan_with(R"(  - id: mgr
    type: commission
    payees: {role: manager}
    tiers: {basis: attainment, table: [{upto: 100%, rate: 1%}, {rate: 2%}]}
)");
  Evaluated r(plan, small_org, orders("H1,2026-03-01,HOUSE,250000,,,\n"));
  // [0, 250000): 230000 x 1% + 20000 x 2% = 2300 + 400 = 2700.00
  EXPECT_EQ(r.amount("maria", "mgr", "H1"), "2700.00");
  auto maria = r.org.find_person("maria");
  EXPECT_EQ(r.org.quota(maria, payplan::Period(payplan::period_length::quarter, 2026 * 4)).value(), payplan::Money(230000));
}

TEST(engine_test, cap_cuts_the_line_that_passes_it) {
  // spec 4.1 (v2): the cap is a ceiling on the running total; a line pays at
  // most the room left; negative lines lower the total, and the room they
  // open is paid to later lines.
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 10%, cap: 1000}\n");
  Evaluated r(plan, small_org,
        orders("C1,2026-01-10,R1,6000,,,\n"
               "C2,2026-01-11,R1,5000,,,\n"
               "C3,2026-01-12,R1,2000,,,\n"
               "C4,2026-01-13,R1,-1000,,,\n"
               "C5,2026-01-14,R1,3000,,,\n"
               "C6,2026-04-01,R1,500,,,\n"));
  EXPECT_EQ(r.amount("raj", "base", "C1"), "600.00");  // running 600
  EXPECT_EQ(r.amount("raj", "base", "C2"), "400.00");  // 500 would pass 1000: cut to the 400 left, running 1000
  EXPECT_EQ(r.note("raj", "base", "C2"), "cap 1000.00 reached: 100.00 of 500.00 cut");
  EXPECT_EQ(r.amount("raj", "base", "C3"), "0.00");    // 200, no room left: 0
  EXPECT_EQ(r.amount("raj", "base", "C4"), "-100.00"); // a negative line lowers the total: running 900
  EXPECT_EQ(r.amount("raj", "base", "C5"), "100.00");  // 300, but only the 100 C4 opened is left: running 1000
  EXPECT_EQ(r.note("raj", "base", "C5"), "cap 1000.00 reached: 200.00 of 300.00 cut");
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "1000.00");  // 600 + 400 + 0 - 100 + 100
  EXPECT_EQ(r.amount("raj", "base", "C6"), "50.00");   // a new period, a new cap
}

TEST(engine_test, cap_a_line_landing_exactly_on_it_is_not_cut) {
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 10%, cap: 1000}\n");
  Evaluated r(plan, small_org,
        orders("E1,2026-01-10,R1,6000,,,\n"     // 600, running 600
               "E2,2026-01-11,R1,4000,,,\n"     // 400 = the room left: paid whole, running 1000
               "E3,2026-01-12,R1,10,,,\n"));    // 1.00, no room: 0
  EXPECT_EQ(r.amount("raj", "base", "E2"), "400.00");
  EXPECT_EQ(r.note("raj", "base", "E2"), "");  // not cut
  EXPECT_EQ(r.amount("raj", "base", "E3"), "0.00");
  EXPECT_EQ(r.note("raj", "base", "E3"), "cap 1000.00 reached: 1.00 of 1.00 cut");
}

TEST(engine_test, cap_running_total_counts_negative_lines_before_any_cut) {
  // A credit note before the cap is reached still lowers the running total:
  // 700 - 200 = 500, so the next 600 finds 500 of room (not 300).
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 10%, cap: 1000}\n");
  Evaluated r(plan, small_org,
        orders("N1,2026-01-10,R1,7000,,,\n"     // 700
               "N2,2026-01-11,R1,-2000,,,\n"    // -200 (no refund_of): running 500
               "N3,2026-01-12,R1,6000,,,\n"));  // 600 -> cut to 500
  EXPECT_EQ(r.amount("raj", "base", "N2"), "-200.00");
  EXPECT_EQ(r.amount("raj", "base", "N3"), "500.00");
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "1000.00");
}

TEST(engine_test, cap_clawback_of_a_cut_line_reverses_what_it_paid) {
  // spec 4.1: "a clawback of a cut line reverses its amount after the cut
  // (never more than was paid)"; the room it opens goes to later lines.
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 10%, cap: 1000}\n");
  Evaluated r(plan, small_org,
        orders("K1,2026-01-10,R1,8000,,,\n"        // 800, running 800
               "K2,2026-01-11,R1,5000,,,\n"        // 500, cut to 200 (running 1000)
               "K3,2026-01-12,R1,3000,,,\n"        // 300, cut to 0
               "K4,2026-02-10,R1,-2500,,K2,\n"     // half of K2: reverses 200 x 1/2 = 100 (not 500 x 1/2 = 250)
               "K5,2026-02-11,R1,-3000,,K3,\n"     // all of K3, which paid 0: reverses 0
               "K6,2026-02-12,R1,4000,,,\n"));     // 400, room 100 (1000 - 900): cut to 100
  EXPECT_EQ(r.amount("raj", "base", "K2"), "200.00");
  EXPECT_EQ(r.amount("raj", "base", "K4"), "-100.00");
  EXPECT_EQ(r.note("raj", "base", "K4"),
            "clawback of K2: 2500.00 of 5000.00 returned; the original paid 200.00 after the cap");
  EXPECT_EQ(r.amount("raj", "base", "K5"), "0.00");
  EXPECT_EQ(r.amount("raj", "base", "K6"), "100.00");
  // 800 + 200 + 0 - 100 + 0 + 100
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "1000.00");
}

TEST(engine_test, cap_clawbacks_of_a_cut_line_never_reverse_more_than_it_paid) {
  // A line cut to 0.05 returned in three thirds: 0.05/3 = 0.01666.. rounds to
  // 0.02 each, which would reverse 0.06 in all; the third reverses only the
  // 0.01 left, so the clawbacks reverse exactly the 0.05 it paid.
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 10%, cap: 1000}\n");
  Evaluated r(plan, small_org,
        orders("T1,2026-01-10,R1,9999.50,,,\n"   // 999.95, running 999.95
               "T2,2026-01-11,R1,300,,,\n"       // 30.00, cut to the 0.05 left
               "T3,2026-02-01,R1,-100,,T2,\n"    // 0.05 x 1/3 = 0.01666.. -> -0.02
               "T4,2026-02-02,R1,-100,,T2,\n"    // -0.02
               "T5,2026-02-03,R1,-100,,T2,\n")); // -0.02, but only 0.01 is left to reverse
  EXPECT_EQ(r.amount("raj", "base", "T2"), "0.05");
  EXPECT_EQ(r.amount("raj", "base", "T3"), "-0.02");
  EXPECT_EQ(r.amount("raj", "base", "T4"), "-0.02");
  EXPECT_EQ(r.amount("raj", "base", "T5"), "-0.01");
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "999.95");  // 999.95 + 0.05 - 0.05
}

TEST(engine_test, partial_refund_claws_back_a_proportional_share) {
  const std::string plan = plan_with(R"(  - id: accel
    type: commission
    payees: {role: rep}
    tiers: {basis: sales, table: [{upto: 100, rate: 1%}, {rate: 4%}]}
)");
  Evaluated r(plan, small_org,
        orders("P1,2026-01-10,R1,301.00,,,\n"
               "P2,2026-02-10,R1,-100.00,,P1,\n"
               "P3,2026-02-11,R1,100.00,,,\n"));
  // P1: [0, 301): 100 x 1% + 201 x 4% = 1 + 8.04 = 9.04
  EXPECT_EQ(r.amount("raj", "accel", "P1"), "9.04");
  // P2 reverses 9.04 x 100/301 = 3.00332... -> -3.00 (not its own tier integral, -4.00)
  EXPECT_EQ(r.amount("raj", "accel", "P2"), "-3.00");
  EXPECT_EQ(r.note("raj", "accel", "P2"), "clawback of P1: 100.00 of 301.00 returned");
  // the return still moves c: 301 -> 201, so P3 [201, 301) is all at 4% = 4.00
  EXPECT_EQ(r.amount("raj", "accel", "P3"), "4.00");
  const auto& f = r.result.factors_of(r.line("raj", "accel", "P2"));
  EXPECT_EQ(payplan::to_string(f.portion), "0.332226");  // 100/301
}

TEST(engine_test, refund_of_unknown_order_is_a_plain_negative_order) {
  Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"), small_org,
        orders("U1,2026-01-10,R1,1000,,,\n"
               "U2,2026-01-20,R1,-100,,NOPE,\n"));
  EXPECT_EQ(r.amount("raj", "base", "U2"), "-5.00");  // -100 x 5%
  ASSERT_EQ(r.result.exceptions.size(), 1u);
  EXPECT_EQ(r.result.exceptions[0].kind, "unknown_refund_of");
  EXPECT_EQ(r.result.exceptions[0].order_id, "U2");
}

const std::string moving_org = R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2019-01-01}
      - {owner: raj, from: 2026-02-15}
)";

TEST(engine_test, ownership_changing_mid_period_credits_by_order_date) {
  Evaluated r(plan_with("  - {id: base, type: commission, payees: [maria, raj], rate: 2%}\n"), moving_org,
        orders("W1,2026-02-14,ACME,1000,,,\n"
               "W2,2026-02-15,ACME,2000,,,\n"));
  EXPECT_EQ(r.amount("maria", "base", "W1"), "20.00");  // owner on 02-14 is maria
  EXPECT_EQ(r.amount("raj", "base", "W2"), "40.00");    // raj from 02-15
  EXPECT_EQ(r.lines_of("maria"), 1u);
  EXPECT_EQ(r.lines_of("raj"), 1u);
}

TEST(engine_test, clawback_goes_to_whoever_was_paid_after_the_account_moved) {
  const std::string plan = plan_with(R"(  - id: accel
    type: commission
    payees: [maria, raj]
    tiers: {basis: sales, table: [{upto: 1000, rate: 1%}, {rate: 2%}]}
)");
  Evaluated r(plan, moving_org,
        orders("V1,2026-01-10,ACME,800,,,\n"
               "V2,2026-03-01,ACME,-500,,V1,\n"
               "V3,2026-03-02,ACME,2000,,,\n"));
  EXPECT_EQ(r.amount("maria", "accel", "V1"), "8.00");   // 800 x 1%
  EXPECT_EQ(r.amount("maria", "accel", "V2"), "-5.00");  // 8.00 x 500/800, paid back by maria
  // raj is credited with the return: his c goes 0 -> -500. V3 covers [-500, 1500):
  // 1500 below the 1000 bound at 1% (the first tier extends below 0) + 500 x 2% = 15 + 10
  EXPECT_EQ(r.amount("raj", "accel", "V3"), "25.00");
  EXPECT_EQ(r.lines_of("raj"), 1u);  // the return pays raj nothing itself
}

TEST(engine_test, orders_without_an_owner_are_exceptions_never_dropped) {
  Evaluated r(plan_with(flat_1pct), moving_org + "  - {id: LATE, owners: [{owner: raj, from: 2026-03-01}]}\n",
        orders("N1,2026-01-10,NOWHERE,100,,,\n"
               "N2,2026-02-10,LATE,100,,,\n"
               "N3,2026-03-10,LATE,100,,,\n"));
  EXPECT_EQ(r.exception_kinds(), (std::vector<std::string>{"no_owner:N1", "no_owner:N2"}));
  EXPECT_EQ(r.result.exceptions[0].detail, "account 'NOWHERE' is not in the org");
  EXPECT_EQ(r.result.exceptions[1].detail, "account 'LATE' has no owner on 2026-02-10");
  EXPECT_EQ(r.amount("raj", "base", "N3"), "1.00");
}

TEST(engine_test, products_filter_and_only_matching_orders_move_c) {
  const std::string plan = plan_with(R"(  - id: hw
    type: commission
    payees: {role: rep}
    products: [hardware]
    tiers: {basis: sales, table: [{upto: 1000, rate: 1%}, {rate: 2%}]}
)");
  Evaluated r(plan, small_org,
        orders("S1,2026-01-10,R1,5000,,,software\n"
               "S2,2026-01-11,R1,800,,,hardware\n"
               "S3,2026-01-12,R1,400,,,\n"));
  // software and no-product orders are not this component's: S2 starts at c = 0
  EXPECT_EQ(r.amount("raj", "hw", "S2"), "8.00");  // 800 x 1%
  EXPECT_EQ(r.lines_of("raj"), 1u);
}

TEST(engine_test, only_effective_periods_are_paid_and_the_run_range_selects_output) {
  const std::string rows = orders(
      "E0,2025-12-31,R1,1000,,,\n"
      "E1,2026-01-01,R1,1000,,,\n"
      "E2,2026-04-01,R1,1000,,,\n"
      "E3,2026-12-31,R1,1000,,,\n"
      "E4,2027-01-01,R1,1000,,,\n");
  Evaluated all(plan_with(flat_1pct), small_org, rows);
  EXPECT_EQ(all.lines_of("raj"), 3u);  // E1, E2, E3: 2025 and 2027 are history, not paid
  Evaluated q2(plan_with(flat_1pct), small_org, rows, {payplan::parse_date("2026-04-01"), payplan::parse_date("2026-06-30")});
  EXPECT_EQ(q2.lines_of("raj"), 1u);
  EXPECT_EQ(q2.amount("raj", "base", "E2"), "10.00");
}

TEST(engine_test, clawback_in_a_later_run_period_reverses_an_earlier_period) {
  Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"), small_org,
        orders("F1,2026-03-10,R1,1000,,,\n"
               "F2,2026-04-10,R1,-400,,F1,\n"),
        {payplan::parse_date("2026-04-01"), std::nullopt});
  // Q1 is outside the run but was paid: 50.00; F2 reverses 50 x 400/1000 = 20.00 in Q2
  EXPECT_EQ(r.amount("raj", "base", "F2"), "-20.00");
  EXPECT_EQ(r.lines_of("raj"), 1u);
}

TEST(engine_test, overflow_is_an_error_naming_the_order_row) {
  // 9,000,000,000,000 x 100% does not fit a line's exact value (about 1.7e12 at most)
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 100%}\n");
  try {
    Evaluated r(plan, small_org, orders("BIG,2026-01-10,R1,9000000000000,,,\n"));
    FAIL() << "expected overflow_error";
  } catch (const payplan::overflow_error& e) {
    EXPECT_NE(std::string(e.what()).find("orders.csv: row 1, order 'BIG', component 'base'"), std::string::npos)
        << e.what();
  }
}

TEST(engine_test, unknown_payee_id_in_a_component_names_the_plan_line) {
  const std::string plan = plan_with("  - {id: base, type: commission, payees: [raj, nobody], rate: 1%}\n");
  try {
    Evaluated r(plan, small_org, orders(""));
    FAIL() << "expected input_error";
  } catch (const payplan::input_error& e) {
    EXPECT_EQ(e.where().file, "plan.yaml");
    EXPECT_EQ(e.where().line, 7u);  // plan_with(): 5 header lines, "components:" on 6, the entry on 7
    EXPECT_EQ(e.where().column, 42u);  // "  - {id: base, type: commission, payees: " is 41 bytes: the list's [ is at 42
    EXPECT_NE(std::string(e.what()).find("unknown payee 'nobody'"), std::string::npos);
  }
}

// issue 10: the model holds no places; a plan's places are its loader's
// (its origin), asked by subject. What validate says, built in code or loaded.

payplan::Date date(const char* text) { return *payplan::parse_date(text); }

std::string validate_message(const payplan::Plan& plan) {
  try {
    payplan::validate(plan, payplan::parse_org(small_org, "org.yaml"));
  } catch (const payplan::input_error& e) {
    return e.what();
  }
  return "no error";
}

// A plan built in code, with no loader: the 2026 plan_with() header.
payplan::Plan plan_in_code(payplan::Component component) {
  payplan::Plan plan;
  plan.id = "test";
  plan.effective = {date("2026-01-01"), date("2026-12-31")};
  plan.components.push_back(std::move(component));
  return plan;
}

TEST(engine_test, a_plan_built_in_code_that_fails_validate_names_the_input) {
  payplan::Commission base;
  base.id = "base";
  base.payees.ids = {"raj", "nobody"};
  base.rate = payplan::Rate::from_units(100'000'000);  // 1%
  const payplan::Plan plan = plan_in_code(base);
  EXPECT_FALSE(plan.origin);
  // no origin: every place is unknown, described "<input>" as a default source_location is
  EXPECT_EQ(validate_message(plan), "<input>: component 'base' names unknown payee 'nobody'");

  payplan::Contest spif;
  spif.id = "spif";
  spif.payees.role = payplan::role::rep;
  spif.from = date("2025-12-01");  // before effective's 2026-01-01
  spif.to = date("2026-01-31");
  spif.prizes = {payplan::Money(100)};
  EXPECT_EQ(validate_message(plan_in_code(spif)),
            "<input>: contest 'spif' window 2025-12-01 to 2026-01-31 is outside the plan's effective dates "
            "2026-01-01 to 2026-12-31");
}

TEST(engine_test, a_loaded_plan_that_fails_validate_names_file_line_and_column) {
  // plan_with(): 5 header lines, "components:" on 6, the component on 7.
  // "  - {id: base, type: commission, payees: " is 41 bytes: payees' [ at column 42.
  const payplan::Plan unknown_payee = payplan::parse_plan(
      plan_with("  - {id: base, type: commission, payees: [raj, nobody], rate: 1%}\n"), "plan.yaml");
  EXPECT_EQ(validate_message(unknown_payee),
            "plan.yaml:7:42: field 'payees': component 'base' names unknown payee 'nobody'");
  // the second component, on line 8; "  - {id: spif, type: contest, payees: {role: rep}, window: " is 59
  // bytes: the window's { at column 60
  const payplan::Plan window = payplan::parse_plan(
      plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 1%}\n"
                "  - {id: spif, type: contest, payees: {role: rep}, window: {from: 2025-12-01, to: 2026-01-31}, "
                "prizes: [100]}\n"),
      "plan.yaml");
  EXPECT_EQ(validate_message(window),
            "plan.yaml:8:60: field 'window': contest 'spif' window 2025-12-01 to 2026-01-31 is outside the plan's "
            "effective dates 2026-01-01 to 2026-12-31");
  // a copy shares its origin: the places go with the plan
  const payplan::Plan copy = window;
  EXPECT_EQ(validate_message(copy), validate_message(window));
  EXPECT_EQ(copy.where({payplan::subject::kind::contest_window, 1}).describe(), "plan.yaml:8:60: field 'window'");
  // a subject the loader has no place for is the file (component 5 does not exist)
  EXPECT_EQ(copy.where({payplan::subject::kind::component, 5}).describe(), "plan.yaml");
}

TEST(engine_test, a_plan_built_in_code_cut_by_effective_names_the_input_in_the_exception) {
  payplan::Commission base;
  base.id = "base";
  base.payees.role = payplan::role::rep;
  base.rate = payplan::Rate::from_units(500'000'000);  // 5%
  payplan::Plan plan = plan_in_code(base);
  plan.effective.from = date("2026-01-15");  // inside 2026-Q1
  const payplan::Result r = payplan::evaluate(plan, payplan::parse_org(small_org, "org.yaml"),
                                              payplan::parse_orders(orders(""), "orders.csv", plan.currency));
  ASSERT_EQ(r.exceptions.size(), 1u);
  EXPECT_EQ(r.exceptions[0].kind, "period_not_paid");
  EXPECT_EQ(r.exceptions[0].detail,
            "<input>: effective starts on 2026-01-15, inside 2026-Q1: only periods wholly inside are paid, "
            "so 2026-Q1 is not paid");
}

}  // namespace

namespace {

// Regression: a return used to claw back only when this component paid the
// person it is credited to, and only when it passed the products filter.
// spec 4.1: it reverses "for every payee and component paid on the original".
TEST(engine_test, clawback_reaches_the_original_payee_whoever_is_credited_with_the_return) {
  const std::string org = R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
accounts:
  - id: ACME
    owners:
      - {owner: raj, from: 2019-01-01}
      - {owner: maria, from: 2026-02-01}
)";
  Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"), org,
              orders("O1,2026-01-10,ACME,1000,,,\n"
                     "R1,2026-02-10,ACME,-1000,,O1,\n"
                     "R2,2026-02-11,NOWHERE,-1000,,O1,\n"));
  EXPECT_EQ(r.amount("raj", "base", "O1"), "50.00");
  // R1 is credited to maria, whom `base` does not pay: raj's 50.00 is still reversed
  EXPECT_EQ(r.amount("raj", "base", "R1"), "-50.00");
  // R2 is on an account nobody owns (an exception), yet it returns O1 too: reversed again
  EXPECT_EQ(r.amount("raj", "base", "R2"), "-50.00");
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "-50.00");
}

TEST(engine_test, clawback_ignores_the_returns_own_product) {
  const std::string plan = plan_with(R"(  - {id: base, type: commission, payees: {role: rep}, products: [widget], rate: 5%}
  - {id: ovr, type: override, payees: {role: manager}, products: [widget], rates: [2%]}
)");
  Evaluated r(plan, small_org,
              orders("W1,2026-01-10,R1,1000,,,widget\n"
                     "W2,2026-01-20,R1,-500,,W1,\n"));  // the return row carries no product
  EXPECT_EQ(r.amount("raj", "base", "W2"), "-25.00");   // 50.00 x 500/1000
  EXPECT_EQ(r.amount("maria", "ovr", "W2"), "-10.00");  // 20.00 x 500/1000
}

}  // namespace

namespace {

// Regression (mutation testing, issue 9): a retroactive tier's final total
// counts only the orders the component applies to (its products filter).
TEST(engine_test, retroactive_final_total_counts_only_the_components_products) {
  Evaluated r(plan_with(R"(  - id: soft
    type: commission
    payees: {role: rep}
    products: [software]
    tiers: {basis: sales, method: retroactive, table: [{upto: 1000, rate: 1%}, {rate: 10%}]}
)"),
              small_org,
              orders("S1,2026-01-10,R1,800,,,software\n"
                     "H1,2026-01-11,R1,500,,,hardware\n"));
  // the software total is 800, in the 1% tier: 800 x 1% = 8.00 (with hardware, 1300 would take 10%: 80.00)
  EXPECT_EQ(r.amount("raj", "soft", "S1"), "8.00");
  EXPECT_EQ(r.lines_of("raj"), 1u);
}

}  // namespace
