// Split credit (spec 3.1), bullet by bullet, each worked by hand beside the
// numbers: a team entry's shares, the credits file and its overlays, and
// what each component makes of a receiver's credited amount a_r = a x w_r.

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "engine_fixture.hpp"
#include "payplan/io/output.hpp"

namespace {

using payplan::testing::Evaluated;
using payplan::testing::orders;
using payplan::testing::plan_with;

// maria manages raj and sam directly and lee through omar (lee is level 2
// below maria). GLOBEX is owned by a team, raj 70% and lee 30%; R1 is raj's.
const std::string split_org = R"(people:
  - {id: maria, role: manager}
  - {id: omar, role: manager, reports_to: maria}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: omar}
  - {id: sam, role: rep, reports_to: maria}
accounts:
  - id: GLOBEX
    owners:
      - from: 2019-01-01
        team:
          - {owner: raj, share: 70%}
          - {owner: lee, share: 30%}
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
quotas:
  - {person: raj, period: 2026-Q1, amount: 100000}
  - {person: lee, period: 2026-Q1, amount: 50000}
  - {person: sam, period: 2026-Q1, amount: 10000}
)";

// The note of payee's one period-level line of component.
std::string period_note(const Evaluated& e, const std::string& payee, const std::string& component) {
  for (const payplan::Line& l : e.result.lines)
    if (!l.order.ok() && e.result.payee_of(l) == payee && e.result.components[l.component] == component)
      return std::string(e.result.note_of(l));
  return "none";
}

std::string credit_of(const Evaluated& e, const std::string& payee, const std::string& component, const std::string& order) {
  return to_string(payplan::Fraction::of(e.result.factors_of(e.line(payee, component, order)).credit));
}

// spec 3.1: c and the tiers run on a_r. raj's R1 order takes his c to
// 90,000 (quota 100,000: the 100% bound is 100,000), all at 4%: 3,600.00.
// G1 (GLOBEX, 20,000.00) credits raj a_r = 14,000 and lee 6,000:
//   raj [90,000, 104,000): 10,000 x 4% = 400 + 4,000 x 6% = 240 -> 640.00
//       (the whole 20,000 would have crossed at [90,000, 110,000): 1,000.00)
//   lee [0, 6,000) (quota 50,000) at 4% -> 240.00
TEST(split_credit_test, a_team_members_tier_crossing_is_inside_their_share) {
  const Evaluated e(plan_with("  - id: tiered\n    type: commission\n    payees: {role: rep}\n"
                              "    tiers: {basis: attainment, method: marginal, table: [{upto: 100%, rate: 4%}, {rate: 6%}]}\n"),
                    split_org, orders("R0,2026-01-10,R1,90000,,,\nG1,2026-02-01,GLOBEX,20000,,,\n"));
  EXPECT_EQ(e.amount("raj", "tiered", "R0"), "3600.00");
  EXPECT_EQ(e.amount("raj", "tiered", "G1"), "640.00");
  EXPECT_EQ(e.amount("lee", "tiered", "G1"), "240.00");
  EXPECT_EQ(to_string(e.line("raj", "tiered", "G1").gross, 2), "640.00");  // gross on a_r
  EXPECT_EQ(credit_of(e, "raj", "tiered", "G1"), "0.7");
  EXPECT_EQ(credit_of(e, "lee", "tiered", "G1"), "0.3");
  EXPECT_EQ(e.statement("2026-Q1", "raj", "tiered"), "4240.00");
}

// spec 3.1 override: one line per (manager, order), the sum over the
// order's receivers at their levels. G1 (20,000): raj (a_r 14,000) is
// level 1 below maria, lee (6,000) level 1 below omar and level 2 below maria:
//   maria 14,000 x 2% + 6,000 x 1% = 280 + 60 = 340.00, credit 0.7 + 0.3 = 1
//   omar   6,000 x 2% = 120.00, credit 0.3
TEST(split_credit_test, an_override_sums_the_receivers_of_one_order_at_their_levels) {
  const Evaluated e(plan_with("  - {id: over, type: override, payees: {role: manager}, rates: [2%, 1%]}\n"), split_org,
                    orders("G1,2026-02-01,GLOBEX,20000,,,\n"));
  EXPECT_EQ(e.amount("maria", "over", "G1"), "340.00");
  EXPECT_EQ(credit_of(e, "maria", "over", "G1"), "1");
  EXPECT_EQ(e.amount("omar", "over", "G1"), "120.00");
  EXPECT_EQ(credit_of(e, "omar", "over", "G1"), "0.3");
  const std::string note = e.note("maria", "over", "G1");
  EXPECT_NE(note.find("level 1 (raj 70%)"), std::string::npos) << note;
  EXPECT_NE(note.find("level 2 (lee 30%)"), std::string::npos) << note;
}

// G2 (GLOBEX, 10,000.00, 2026-02-15) is split by the credits file: raj 70%,
// lee 30%, and sam 20% overlay. RT-1 (2026-05-10) returns half of it; R2
// (2026-05-20, R1, 14,000.00) is raj's own.
const std::string overlay_plan = plan_with(
    "  - {id: flat, type: commission, payees: {role: rep}, rate: 5%}\n"
    "  - id: tiered\n    type: commission\n    payees: {role: rep}\n"
    "    tiers: {basis: sales, method: marginal, table: [{upto: 10000, rate: 1%}, {rate: 10%}]}\n"
    "  - {id: over, type: override, payees: {role: manager}, rates: [2%, 1%]}\n");
const std::string overlay_orders =
    orders("G2,2026-02-15,GLOBEX,10000,,,\nRT-1,2026-05-10,GLOBEX,-5000,,G2,\nR2,2026-05-20,R1,14000,,,\n");
const std::string overlay_credits = "order_id,person,share,overlay\nG2,raj,70%,\nG2,lee,30%,false\nG2,sam,20%,true\n";

// Q1, G2: sam's overlay is a real credit for him (a_r 2,000):
//   flat    raj 7,000 x 5% = 350.00, lee 3,000 x 5% = 150.00, sam 2,000 x 5% = 100.00
//   tiered  raj 7,000 x 1% = 70.00,  lee 30.00,               sam 20.00
// but it never rolls up: maria 7,000 x 2% + 3,000 x 1% = 170.00 (with sam's
// 2,000 at level 1 it would be 210.00), omar 3,000 x 2% = 60.00.
TEST(split_credit_test, an_overlay_is_paid_to_its_receiver_and_does_not_roll_up) {
  const Evaluated e(overlay_plan, split_org, overlay_orders, {}, overlay_credits);
  EXPECT_EQ(e.amount("raj", "flat", "G2"), "350.00");
  EXPECT_EQ(e.amount("lee", "flat", "G2"), "150.00");
  EXPECT_EQ(e.amount("sam", "flat", "G2"), "100.00");
  EXPECT_EQ(credit_of(e, "sam", "flat", "G2"), "0.2");
  EXPECT_EQ(e.amount("sam", "tiered", "G2"), "20.00");
  EXPECT_EQ(e.amount("maria", "over", "G2"), "170.00");
  EXPECT_EQ(credit_of(e, "maria", "over", "G2"), "1");  // raj's 0.7 + lee's 0.3; sam's overlay not
  EXPECT_EQ(e.amount("omar", "over", "G2"), "60.00");
}

// spec 3.1 returns. RT-1 is half of G2 (5,000 / 10,000): each receiver paid
// on G2 gets their own line reversed x 1/2, in Q2:
//   flat    raj -175.00, lee -75.00, sam -50.00 (sam too: he was paid on G2)
//   tiered  raj  -35.00, lee -15.00, sam -10.00
//   over    maria -85.00, omar -30.00
// RT-1's own receivers (GLOBEX's team on its date; the credits file does not
// name it) move by their a_r: raj's Q2 c to -3,500, lee's to -1,500. R2
// then runs over raj's [-3,500, 10,500): 13,500 x 1% + 500 x 10% = 185.00
// (from 0 it would be 10,000 x 1% + 4,000 x 10% = 500.00).
TEST(split_credit_test, a_split_order_returned_half_reverses_each_receivers_line) {
  const Evaluated e(overlay_plan, split_org, overlay_orders, {}, overlay_credits);
  EXPECT_EQ(e.amount("raj", "flat", "RT-1"), "-175.00");
  EXPECT_EQ(e.amount("lee", "flat", "RT-1"), "-75.00");
  EXPECT_EQ(e.amount("sam", "flat", "RT-1"), "-50.00");
  EXPECT_EQ(credit_of(e, "raj", "flat", "RT-1"), "0.7");  // a clawback carries its original's credit
  EXPECT_EQ(credit_of(e, "sam", "flat", "RT-1"), "0.2");
  EXPECT_EQ(e.amount("raj", "tiered", "RT-1"), "-35.00");
  EXPECT_EQ(e.amount("sam", "tiered", "RT-1"), "-10.00");
  EXPECT_EQ(e.amount("maria", "over", "RT-1"), "-85.00");
  EXPECT_EQ(e.amount("omar", "over", "RT-1"), "-30.00");
  EXPECT_EQ(e.amount("raj", "tiered", "R2"), "185.00");
  EXPECT_EQ(e.statement("2026-Q2", "raj", "tiered"), "150.00");  // 185.00 - 35.00
  EXPECT_EQ(e.statement("2026-Q2", "raj", "flat"), "525.00");    // 14,000 x 5% = 700.00 - 175.00
  EXPECT_EQ(e.statement("2026-Q2", "maria", "over"), "195.00");  // 14,000 x 2% = 280.00 - 85.00
  EXPECT_EQ(e.exception_kinds(), std::vector<std::string>{});
}

// lines.csv (spec 3.1): `credit` after amount_in, written like share; the
// override line shows the shares that rolled up.
TEST(split_credit_test, lines_csv_shows_each_lines_credit) {
  const Evaluated e(overlay_plan, split_org, overlay_orders, {}, overlay_credits);
  std::ostringstream out;
  payplan::write_lines(out, e.result);
  const std::string text = out.str();
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "period,payee,component,order_id,account,date,amount_in,credit,gross,eligible,share,amount,note");
  EXPECT_NE(text.find("2026-Q1,sam,flat,G2,GLOBEX,2026-02-15,10000.00,0.2,100.00,1,1,100.00,\n"), std::string::npos) << text;
  EXPECT_NE(text.find("2026-Q1,omar,over,G2,GLOBEX,2026-02-15,10000.00,0.3,60.00,1,1,60.00,level 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("2026-Q2,raj,flat,R2,R1,2026-05-20,14000.00,1,700.00,1,1,700.00,\n"), std::string::npos) << text;
}

// Outputs do not depend on the order of the credits file's rows: G4 split
// raj 50% / sam 50% (both level 1 below maria) in either order gives
// maria's line the note "level 1 (raj 50%); level 1 (sam 50%)".
TEST(split_credit_test, the_credits_files_row_order_changes_nothing) {
  const std::string plan = plan_with("  - {id: over, type: override, payees: {role: manager}, rates: [2%, 1%]}\n");
  const std::string ledger = orders("G4,2026-02-01,GLOBEX,1000,,,\n");
  const Evaluated a(plan, split_org, ledger, {}, "order_id,person,share\nG4,raj,50%\nG4,sam,50%\n");
  const Evaluated b(plan, split_org, ledger, {}, "order_id,person,share\nG4,sam,50%\nG4,raj,50%\n");
  std::ostringstream lines_a, lines_b;
  payplan::write_lines(lines_a, a.result);
  payplan::write_lines(lines_b, b.result);
  EXPECT_EQ(lines_a.str(), lines_b.str());
  EXPECT_EQ(a.note("maria", "over", "G4"), "level 1 (raj 50%); level 1 (sam 50%)");
  EXPECT_EQ(a.amount("maria", "over", "G4"), "20.00");  // 500 x 2% + 500 x 2%
}

// ACME passes from maria to a team, raj 60% and lee 40%, on 2026-01-01.
std::string transfer_org(const std::string& terms) {
  return R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: maria}
  - {id: sam, role: rep, reports_to: maria}
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2019-01-01}
      - from: 2026-01-01
        terms: )" + terms + R"(
        team: [{owner: raj, share: 60%}, {owner: lee, share: 40%}]
)";
}
std::string terms_plan(const std::string& terms) {
  return plan_with("  - {id: flat, type: commission, payees: {role: rep}, rate: 10%}\n") + "transfer_terms:\n  handover: " +
         terms + "\n";
}

// spec 3.1 transfer terms on a team: s counts the whole order (an account
// figure), so every member gets the same factors. threshold 10,000:
//   A1 (8,000) at s = 0 occupies [0, 8,000): eligible 0 -> raj 0.00, lee 0.00
//   A2 (6,000) at s = 8,000 occupies [8,000, 14,000): 4,000 above, eligible 2/3
//      raj g = 3,600 x 10% = 360 x 2/3 = 240.00; lee g = 240 x 2/3 = 160.00
// (were s each member's own a_r, raj's A2 would sit at [4,800, 8,400): 0.00)
TEST(split_credit_test, transfer_terms_on_a_team_give_every_member_the_same_factors) {
  const Evaluated e(terms_plan("{threshold: 10000}"), transfer_org("handover"),
                    orders("A1,2026-01-10,ACME,8000,,,\nA2,2026-02-10,ACME,6000,,,\n"));
  EXPECT_EQ(e.amount("raj", "flat", "A1"), "0.00");
  EXPECT_EQ(e.amount("lee", "flat", "A1"), "0.00");
  EXPECT_EQ(e.amount("raj", "flat", "A2"), "240.00");
  EXPECT_EQ(e.amount("lee", "flat", "A2"), "160.00");
  EXPECT_EQ(to_string(e.result.factors_of(e.line("raj", "flat", "A2")).eligible), "0.666667");
  EXPECT_EQ(to_string(e.result.factors_of(e.line("lee", "flat", "A2")).eligible), "0.666667");
  EXPECT_EQ(credit_of(e, "lee", "flat", "A2"), "0.4");
}

// new_orders_only on a team: passes when closed_by is any member. A4 closed
// by lee pays both (raj 3,000 x 10% = 300.00, lee 200.00); A5 closed by
// maria pays neither.
TEST(split_credit_test, new_orders_only_passes_for_an_order_closed_by_any_member) {
  const Evaluated e(terms_plan("{new_orders_only: true}"), transfer_org("handover"),
                    orders("A4,2026-01-10,ACME,5000,lee,,\nA5,2026-01-20,ACME,5000,maria,,\n"));
  EXPECT_EQ(e.amount("raj", "flat", "A4"), "300.00");
  EXPECT_EQ(e.amount("lee", "flat", "A4"), "200.00");
  EXPECT_EQ(e.amount("raj", "flat", "A5"), "0.00");
  EXPECT_EQ(e.amount("lee", "flat", "A5"), "0.00");
}

// A receiver from the credits file gets the entry's terms only as a member
// of it. delay 6 months: A3 (2026-03-10, 1,000) split raj 50% / sam 50%:
// raj (a member) is in the delay: 0.00; sam is not: 500 x 10% = 50.00.
TEST(split_credit_test, a_credits_file_receiver_outside_the_team_is_not_under_its_terms) {
  const Evaluated e(terms_plan("{delay: 6 months}"), transfer_org("handover"), orders("A3,2026-03-10,ACME,1000,,,\n"), {},
                    "order_id,person,share\nA3,raj,50%\nA3,sam,0.5\n");
  EXPECT_EQ(e.amount("raj", "flat", "A3"), "0.00");
  EXPECT_NE(e.note("raj", "flat", "A3").find("in transfer delay"), std::string::npos);
  EXPECT_EQ(e.amount("sam", "flat", "A3"), "50.00");
  EXPECT_EQ(e.note("sam", "flat", "A3"), "");
}

// spec 3.1 team_growth: an account counts with weight w, the shares of its
// entry on the period's last day that the manager's team holds. T (raj 70%,
// lee 30%) sells 10,000 in 2025-Q1 and 15,000 in 2026-Q1. At 10%:
//   omar (lee: 30%)           current 4,500, baseline 3,000, growth 1,500 -> 150.00
//   maria (raj, and lee below omar: 100%)  15,000 - 10,000 = 5,000      -> 500.00
TEST(split_credit_test, team_growth_counts_an_account_at_the_teams_share) {
  const std::string org = R"(people:
  - {id: maria, role: manager}
  - {id: omar, role: manager, reports_to: maria}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: omar}
accounts:
  - id: T
    owners:
      - from: 2019-01-01
        team: [{owner: raj, share: 70%}, {owner: lee, share: 30%}]
)";
  const Evaluated e(plan_with("  - {id: growth, type: team_growth, payees: {role: manager}, rate: 10%}\n"), org,
                    orders("T1,2025-02-01,T,10000,,,\nT2,2026-02-01,T,15000,,,\n"));
  EXPECT_EQ(e.statement("2026-Q1", "omar", "growth"), "150.00");
  EXPECT_EQ(e.statement("2026-Q1", "maria", "growth"), "500.00");
}

// A weight whose sums are finer than Money (33.3333333% of 100.00 =
// 33.333333300): the growth and its tiers stay exact. U (raj 33.3333333%,
// lee 66.6666667%) sells 100.00 in 2025-Q1 and 400.00 in 2026-Q1; omar's
// team is lee: current = 400 x 0.666666667 = 266.6666668, baseline =
// 66.6666667 (not a whole Money: 7 decimals), growth = 200.0000001.
// Marginal tiers on growth %: 1% up to 100% (a bound of 66.6666667), 10% above:
//   66.6666667 x 1% + (200.0000001 - 66.6666667) x 10% = 0.666666667 + 13.33333334
//   = 14.000000007 -> 14.00
// Retroactive: 200.0000001 is 300% of the baseline, in the 10% band: 20.00000001 -> 20.00
TEST(split_credit_test, team_growth_tiers_over_a_weighted_baseline_are_exact) {
  const std::string org = R"(people:
  - {id: omar, role: manager}
  - {id: raj, role: rep}
  - {id: lee, role: rep, reports_to: omar}
accounts:
  - id: U
    owners:
      - from: 2019-01-01
        team: [{owner: raj, share: 33.3333333%}, {owner: lee, share: 66.6666667%}]
)";
  const Evaluated e(plan_with("  - id: growth\n    type: team_growth\n    payees: [omar]\n"
                              "    tiers: {method: marginal, table: [{upto: 100%, rate: 1%}, {rate: 10%}]}\n"
                              "  - id: retro\n    type: team_growth\n    payees: [omar]\n"
                              "    tiers: {method: retroactive, table: [{upto: 100%, rate: 1%}, {rate: 10%}]}\n"),
                    org, orders("U1,2025-02-01,U,100,,,\nU2,2026-02-01,U,400,,,\n"));
  EXPECT_EQ(e.statement("2026-Q1", "omar", "growth"), "14.00");
  EXPECT_EQ(e.statement("2026-Q1", "omar", "retro"), "20.00");
}

// spec 3.1 contest new_accounts: the account counts for the non-overlay
// receiver with the largest share of its first order; a tie goes to the
// smallest id. N1 (raj 50%, lee 50%): lee. N2 by the credits file (raj 40%,
// sam 60%, and lee 90% overlay, who does not count): sam. raj has none and
// does not place; lee and sam tie for places 1-2 and share 100 + 50 = 75.00 each.
TEST(split_credit_test, a_new_account_counts_for_the_largest_non_overlay_share) {
  const std::string org = R"(people:
  - {id: raj, role: rep}
  - {id: lee, role: rep}
  - {id: sam, role: rep}
accounts:
  - id: N1
    owners:
      - from: 2019-01-01
        team: [{owner: raj, share: 50%}, {owner: lee, share: 50%}]
  - {id: N2, owners: [{owner: raj, from: 2019-01-01}]}
)";
  const Evaluated e(plan_with("  - id: logos\n    type: contest\n    payees: {role: rep}\n"
                              "    window: {from: 2026-01-01, to: 2026-03-31}\n    metric: new_accounts\n"
                              "    prizes: [100, 50]\n"),
                    org, orders("N1a,2026-01-10,N1,500,,,\nN2a,2026-01-20,N2,500,,,\n"), {},
                    "order_id,person,share,overlay\nN2a,raj,40%,\nN2a,sam,60%,\nN2a,lee,90%,true\n");
  EXPECT_EQ(e.statement("2026-Q1", "lee", "logos"), "75.00");
  EXPECT_EQ(e.statement("2026-Q1", "sam", "logos"), "75.00");
  EXPECT_EQ(e.statement("2026-Q1", "raj", "logos"), "none");
}

// spec 3.1: the contest's sales and a report's attainment are credited
// sales, overlays included. G3 (GLOBEX, 14,286.00): raj a_r = 10,000.20,
// lee 4,285.80; S1 (R1, 1,000.00) by the credits file: raj 100%, sam 30%
// overlay (300.00).
//   contest sales: raj 11,000.20, lee 4,285.80, sam 300.00 -> 300 / 200 / 100
//   bonus: raj 11,000.20 of his 10,000 quota (>= 100%) qualifies; lee
//   4,285.80 of 5,000 does not; sam 300 of 10,000 does not -> maria 1 x 1,000
TEST(split_credit_test, contest_sales_and_a_reports_attainment_use_credited_amounts) {
  const std::string org = R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: maria}
  - {id: sam, role: rep, reports_to: maria}
accounts:
  - id: GLOBEX
    owners:
      - from: 2019-01-01
        team: [{owner: raj, share: 70%}, {owner: lee, share: 30%}]
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
quotas:
  - {person: raj, period: 2026-Q1, amount: 10000}
  - {person: lee, period: 2026-Q1, amount: 5000}
  - {person: sam, period: 2026-Q1, amount: 10000}
)";
  const Evaluated e(plan_with("  - id: sprint\n    type: contest\n    payees: {role: rep}\n"
                              "    window: {from: 2026-01-01, to: 2026-03-31}\n    metric: sales\n"
                              "    prizes: [300, 200, 100]\n"
                              "  - {id: coach, type: team_attainment_bonus, payees: [maria], attainment: 100%, amount: 1000}\n"),
                    org, orders("G3,2026-01-10,GLOBEX,14286,,,\nS1,2026-01-20,R1,1000,,,\n"), {},
                    "order_id,person,share,overlay\nS1,raj,100%,\nS1,sam,30%,true\n");
  EXPECT_EQ(e.statement("2026-Q1", "raj", "sprint"), "300.00");
  EXPECT_EQ(e.statement("2026-Q1", "lee", "sprint"), "200.00");
  EXPECT_EQ(e.statement("2026-Q1", "sam", "sprint"), "100.00");
  EXPECT_EQ(e.statement("2026-Q1", "maria", "coach"), "1000.00");
  EXPECT_NE(period_note(e, "raj", "sprint").find("sales 11000.20"), std::string::npos) << period_note(e, "raj", "sprint");
}

// explain says where a receiver's credit came from: the team entry or the
// credits file's row, and that an overlay does not roll up.
TEST(split_credit_test, explain_names_the_share_and_where_it_came_from) {
  const Evaluated e(overlay_plan, split_org, overlay_orders, {}, overlay_credits);
  auto steps = [&](const std::string& payee, const std::string& order) {
    std::string all;
    for (const auto& x : payplan::explain(e.plan, e.org, e.ledger,
                                          payplan::TraceRequest{payee, order, std::nullopt, {}}, {}, &e.credits))
      for (const auto& s : x.steps) all += s + "\n";
    return all;
  };
  const std::string sam = steps("sam", "G2");
  EXPECT_NE(sam.find("with a share of 20% (2000.00) by row 3 of the credits file credits.csv, an overlay credit"),
            std::string::npos)
      << sam;
  const std::string maria = steps("maria", "G2");
  EXPECT_NE(maria.find("sam's overlay credit of 20% does not roll up"), std::string::npos) << maria;
  EXPECT_NE(maria.find("gross = 7000.00 x 2% + 3000.00 x 1% = 170.00"), std::string::npos) << maria;
  const Evaluated t(plan_with("  - {id: flat, type: commission, payees: {role: rep}, rate: 5%}\n"), split_org,
                    orders("G1,2026-02-01,GLOBEX,20000,,,\n"));
  std::string lee;
  for (const auto& x : payplan::explain(t.plan, t.org, t.ledger, "lee", "G1"))
    for (const auto& s : x.steps) lee += s + "\n";
  EXPECT_NE(lee.find("is credited to lee with a share of 30% (6000.00), a member of the account's team from 2019-01-01"),
            std::string::npos)
      << lee;
}

}  // namespace
