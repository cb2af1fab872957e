// Transfer terms (spec 4.2) against hand-worked examples. Every plan pays a
// flat 10% to maria and raj, so g = amount x 10% and the terms are what differ.

#include "payplan/model/transfer_terms.hpp"

#include <gtest/gtest.h>

#include "engine_fixture.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;

namespace {

std::string plan_with_terms(const std::string& terms, const std::string& component =
                                "  - {id: base, type: commission, payees: [maria, raj, lee], rate: 10%}\n") {
  return "plan: handover\nperiod: quarter\neffective: {from: 2025-01-01, to: 2026-12-31}\ncomponents:\n" + component +
         "transfer_terms:\n  handover: " + terms + "\n";
}

std::string org_with_owners(const std::string& owners) {
  return "people:\n  - {id: maria, role: manager}\n  - {id: raj, role: rep, reports_to: maria}\n"
         "  - {id: lee, role: rep, reports_to: maria}\n"
         "accounts:\n  - id: ACME\n    owners:\n" +
         owners +
         "  - {id: RAJCO, owners: [{owner: raj, from: 2019-01-01}]}\n"
         "quotas:\n  - {person: raj, period: 2026-Q1, amount: 100000}\n";
}

const std::string handed_over_jan_1 =
    "      - {owner: maria, from: 2019-01-01}\n      - {owner: raj, from: 2026-01-01, terms: handover}\n";

TEST(transfer_terms_test, threshold_at_crossing_and_after_a_return) {
  Evaluated r(plan_with_terms("{threshold: 50000}"), org_with_owners(handed_over_jan_1),
              orders("A0,2025-12-31,ACME,10000,,,\n"
                     "A1,2026-01-10,ACME,30000,,,\n"
                     "A2,2026-01-20,ACME,20000,,,\n"
                     "A3,2026-02-10,ACME,20000,,,\n"
                     "A4,2026-02-20,ACME,-30000,,,\n"
                     "A5,2026-03-10,ACME,15000,,,\n"
                     "A6,2026-03-20,ACME,10000,,,\n"));
  EXPECT_EQ(r.amount("maria", "base", "A0"), "1000.00");  // before the transfer: maria's, in full
  // A1: s 0 -> 30000, all below 50000: eligible 0
  EXPECT_EQ(r.amount("raj", "base", "A1"), "0.00");
  EXPECT_EQ(r.note("raj", "base", "A1"), "threshold 50000.00: 0.00 of 30000.00 eligible");
  // A2: s 30000 -> 50000 ends exactly at the threshold: nothing above it
  EXPECT_EQ(r.amount("raj", "base", "A2"), "0.00");
  // A3: s 50000 -> 70000, all above: 2000.00 and no note
  EXPECT_EQ(r.amount("raj", "base", "A3"), "2000.00");
  EXPECT_EQ(r.note("raj", "base", "A3"), "");
  // A4: a credit note runs [40000, 70000) backwards: 20000 of 30000 above -> -3000 x 2/3
  EXPECT_EQ(r.amount("raj", "base", "A4"), "-2000.00");
  EXPECT_EQ(r.note("raj", "base", "A4"), "threshold 50000.00: 20000.00 of 30000.00 eligible");
  // A5: s moved back to 40000: [40000, 55000) has 5000 of 15000 above -> 1500 / 3
  EXPECT_EQ(r.amount("raj", "base", "A5"), "500.00");
  EXPECT_EQ(payplan::to_string(r.result.factors_of(r.line("raj", "base", "A5")).eligible), "0.333333");
  EXPECT_EQ(r.amount("raj", "base", "A6"), "1000.00");  // [55000, 65000): all above
  EXPECT_EQ(r.statement("2026-Q1", "raj", "base"), "1500.00");  // 0 + 0 + 2000 - 2000 + 500 + 1000
}

TEST(transfer_terms_test, clawback_of_a_partly_eligible_order_uses_its_eligible) {
  Evaluated r(plan_with_terms("{threshold: 50000}"), org_with_owners(handed_over_jan_1),
              orders("B1,2026-01-10,ACME,40000,,,\n"
                     "B2,2026-01-20,ACME,20000,,,\n"
                     "B3,2026-02-20,ACME,-5000,,B2,\n"));
  // B2: [40000, 60000): 10000 of 20000 above -> 2000 x 1/2 = 1000.00
  EXPECT_EQ(r.amount("raj", "base", "B2"), "1000.00");
  // B3 returns a quarter of B2: 2000 x 1/2 (B2's eligible) x 5000/20000 = 250.00 back
  EXPECT_EQ(r.amount("raj", "base", "B3"), "-250.00");
  // its eligible is below 1, so its note says which term applied (spec 4.2)
  EXPECT_EQ(r.note("raj", "base", "B3"),
            "clawback of B2: 5000.00 of 20000.00 returned (threshold 50000.00: 10000.00 of 20000.00 eligible)");
}

TEST(transfer_terms_test, delay_from_the_31st_clamps_and_ramp_by_months) {
  const std::string owners =
      "      - {owner: maria, from: 2019-01-01}\n      - {owner: raj, from: 2026-01-31, terms: handover}\n";
  Evaluated r(plan_with_terms("{delay: 1 month, ramp: {by: months, steps: [{from: 0, share: 25%}, {from: 1, share: "
                              "50%}, {from: 2, share: 100%}]}}"),
              org_with_owners(owners),
              orders("D1,2026-02-27,ACME,1000,,,\n"
                     "D2,2026-02-28,ACME,1000,,,\n"
                     "D3,2026-03-30,ACME,1000,,,\n"
                     "D4,2026-03-31,ACME,1000,,,\n"));
  // 2026-01-31 + 1 month = 2026-02-28 (clamped): D1 is in the delay, and month 0 of the ramp
  EXPECT_EQ(r.amount("raj", "base", "D1"), "0.00");
  EXPECT_EQ(r.note("raj", "base", "D1"), "in transfer delay until 2026-02-28; ramp 25% (month 0)");
  // D2 on 02-28: a month has elapsed (clamped), ramp 50%: 100 x 0.5
  EXPECT_EQ(r.amount("raj", "base", "D2"), "50.00");
  EXPECT_EQ(r.note("raj", "base", "D2"), "ramp 50% (month 1)");
  // D3 on 03-30: two months from 01-31 is 03-31, not yet: month 1
  EXPECT_EQ(r.amount("raj", "base", "D3"), "50.00");
  // D4 on 03-31: month 2, share 100%, no note
  EXPECT_EQ(r.amount("raj", "base", "D4"), "100.00");
  EXPECT_EQ(r.note("raj", "base", "D4"), "");
}

TEST(transfer_terms_test, ramp_by_sales_blends_the_steps_an_order_spans) {
  Evaluated r(plan_with_terms("{ramp: {by: sales, steps: [{from: 0, share: 0%}, {from: 10000, share: 50%}, {from: "
                              "20000, share: 100%}]}}"),
              org_with_owners(handed_over_jan_1),
              orders("S1,2026-01-10,ACME,25000,,,\n"
                     "S2,2026-01-20,ACME,10000,,,\n"));
  // S1 spans three steps over [0, 25000): 10000 x 0% + 10000 x 50% + 5000 x 100% = 10000 of 25000
  // -> share 0.4; 2500 x 0.4 = 1000.00
  EXPECT_EQ(r.amount("raj", "base", "S1"), "1000.00");
  EXPECT_EQ(r.note("raj", "base", "S1"), "ramp 40% over account sales 0.00 to 25000.00 since transfer");
  EXPECT_EQ(r.amount("raj", "base", "S2"), "1000.00");  // [25000, 35000): all at 100%
}

TEST(transfer_terms_test, new_orders_only_pays_what_the_new_owner_closed) {
  Evaluated r(plan_with_terms("{new_orders_only: true}"), org_with_owners(handed_over_jan_1),
              orders("N1,2026-01-10,ACME,1000,raj,,\n"
                     "N2,2026-01-11,ACME,1000,,,\n"
                     "N3,2026-01-12,ACME,1000,maria,,\n"));
  EXPECT_EQ(r.amount("raj", "base", "N1"), "100.00");
  EXPECT_EQ(r.amount("raj", "base", "N2"), "0.00");  // an empty closed_by is not the new owner
  EXPECT_EQ(r.note("raj", "base", "N2"), "not closed by new owner");
  EXPECT_EQ(r.amount("raj", "base", "N3"), "0.00");
}

TEST(transfer_terms_test, a_second_transfer_ends_the_first_and_a_transfer_back_pays_normally) {
  const std::string owners =
      "      - {owner: maria, from: 2019-01-01}\n"
      "      - {owner: raj, from: 2026-01-01, terms: handover}\n"
      "      - {owner: lee, from: 2026-02-15, terms: handover}\n"
      "      - {owner: maria, from: 2026-03-01}\n";
  Evaluated r(plan_with_terms("{threshold: 50000}"), org_with_owners(owners),
              orders("R1,2026-01-10,ACME,60000,,,\n"
                     "R2,2026-02-20,ACME,5000,,,\n"
                     "R3,2026-03-05,ACME,1000,,,\n"));
  // R1: raj, [0, 60000): 10000 of 60000 above -> 6000 / 6 = 1000.00
  EXPECT_EQ(r.amount("raj", "base", "R1"), "1000.00");
  // R2: lee's transfer starts afresh on 02-15: s = 0, [0, 5000) below 50000
  EXPECT_EQ(r.amount("lee", "base", "R2"), "0.00");
  // R3: back to maria with no terms: paid in full
  EXPECT_EQ(r.amount("maria", "base", "R3"), "100.00");
}

TEST(transfer_terms_test, the_full_order_counts_towards_attainment_while_pay_is_cut) {
  const std::string component = R"(  - id: base
    type: commission
    payees: [raj]
    tiers: {basis: attainment, table: [{upto: 100%, rate: 5%}, {rate: 10%}]}
)";
  Evaluated r(plan_with_terms("{threshold: 50000}", component), org_with_owners(handed_over_jan_1),
              orders("T1,2026-01-10,ACME,80000,,,\n"
                     "T2,2026-02-10,RAJCO,40000,,,\n"));
  // T1: g = 80000 x 5% = 4000; eligible 30000/80000 -> 1500.00
  EXPECT_EQ(r.amount("raj", "base", "T1"), "1500.00");
  // T2: raj's c is 80000 (all of T1), quota 100000: 20000 x 5% + 20000 x 10% = 3000.00
  // (had only T1's eligible 30000 counted, T2 would pay 40000 x 5% = 2000.00)
  EXPECT_EQ(r.amount("raj", "base", "T2"), "3000.00");
}

TEST(transfer_terms_test, eligibility_function_combines_the_factors) {
  payplan::TransferTerms t;
  t.threshold = payplan::Money(100);
  t.new_orders_only = true;
  auto money = [](payplan::Money m) { return payplan::to_string(m, 2); };
  auto d = [](const char* s) { return *payplan::parse_date(s); };
  // [50, 150): 50 of 100 above the threshold, closed by the new owner: eligible 1/2
  auto e = payplan::eligibility(t, d("2026-01-01"), d("2026-01-05"), payplan::Money(50), payplan::Money(100), true, money);
  EXPECT_EQ(payplan::to_string(e.eligible), "0.5");
  EXPECT_EQ(e.note, "threshold 100.00: 50.00 of 100.00 eligible");
  // not closed by the new owner: 0 whatever the threshold says, and both notes
  e = payplan::eligibility(t, d("2026-01-01"), d("2026-01-05"), payplan::Money(50), payplan::Money(100), false, money);
  EXPECT_TRUE(e.eligible.is_zero());
  EXPECT_EQ(e.note, "not closed by new owner; threshold 100.00: 50.00 of 100.00 eligible");
}

// Bad terms are refused where they are written.
void expect_error(const std::string& plan, const std::string& org, std::size_t line, std::size_t column,
                  const std::string& file, const std::string& text) {
  try {
    Evaluated r(plan, org, orders(""));
    FAIL() << "expected an input_error containing: " << text;
  } catch (const payplan::input_error& e) {
    EXPECT_EQ(e.where().file, file) << e.what();
    EXPECT_EQ(e.where().line, line) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

TEST(transfer_terms_test, unknown_terms_name_is_refused_at_the_org_entry) {
  // org_with_owners(): people on lines 1-4, "accounts:" 5, "- id: ACME" 6, "owners:" 7, maria's
  // entry 8, raj's entry on line 9 with its mapping at column 9 (after "      - ")
  expect_error(plan_with_terms("{threshold: 1}"),
               org_with_owners("      - {owner: maria, from: 2019-01-01}\n      - {owner: raj, from: 2026-01-01, terms: "
                               "handoff}\n"),
               9, 9, "org.yaml", "terms 'handoff', which plan 'handover' does not define");
}

TEST(transfer_terms_test, bad_terms_are_refused_at_their_line_and_column) {
  // plan_with_terms(): the terms are on line 7 after "  handover: " (12 characters); each error
  // points at the offending value: the second step's from (column 71), the share (58), the
  // threshold (25), the delay (21), the ramp's by (25), the misspelt key (14)
  const std::string org = org_with_owners(handed_over_jan_1);
  expect_error(plan_with_terms("{ramp: {by: months, steps: [{from: 3, share: 50%}, {from: 1, share: 100%}]}}"), org, 7,
               71, "plan.yaml", "increasing 'from'");
  expect_error(plan_with_terms("{ramp: {by: months, steps: [{from: 3, share: 50%}, {from: 3, share: 100%}]}}"), org, 7,
               71, "plan.yaml", "no duplicates");
  expect_error(plan_with_terms("{ramp: {by: months, steps: [{from: 0, share: 120%}]}}"), org, 7, 58, "plan.yaml",
               "between 0% and 100%");
  expect_error(plan_with_terms("{ramp: {by: months, steps: [{from: 0, share: -5%}]}}"), org, 7, 58, "plan.yaml",
               "between 0% and 100%");
  expect_error(plan_with_terms("{threshold: -1}"), org, 7, 25, "plan.yaml", "threshold cannot be negative");
  expect_error(plan_with_terms("{delay: -6 months}"), org, 7, 21, "plan.yaml", "delay cannot be negative");
  expect_error(plan_with_terms("{ramp: {by: weeks, steps: [{from: 0, share: 5%}]}}"), org, 7, 25, "plan.yaml",
               "months or sales");
  expect_error(plan_with_terms("{dealy: 6 months}"), org, 7, 14, "plan.yaml", "unknown key 'dealy'");
  // a span that would carry a date past year 32767 is refused, never wrapped (spec 1)
  expect_error(plan_with_terms("{delay: 40000 years}"), org, 7, 21, "plan.yaml", "at most 1000 years");
}

}  // namespace

namespace {

// payplan explain: the chain of a line, from crediting to rounding.
TEST(transfer_terms_test, explain_shows_the_chain_of_a_tiered_line_under_terms) {
  const std::string component = R"(  - id: accel
    type: commission
    payees: [raj]
    tiers: {basis: sales, table: [{upto: 10000, rate: 2%}, {rate: 4%}]}
)";
  const std::string plan_text = plan_with_terms("{threshold: 20000}", component);
  const std::string rows = orders("E1,2026-01-10,ACME,8000,,,\nE2,2026-01-20,ACME,16000,,,\nE3,2026-02-20,ACME,-4000,,E2,\n");
  Evaluated r(plan_text, org_with_owners(handed_over_jan_1), rows);
  auto lines = payplan::explain(r.plan, r.org, r.ledger, "raj", "E2");
  ASSERT_EQ(lines.size(), 1u);
  const auto& x = lines[0];
  EXPECT_EQ(x.component, "accel");
  EXPECT_EQ(x.period, "2026-Q1");
  // E2: c 8000 -> 24000: 2000 x 2% + 14000 x 4% = 40 + 560 = 600; threshold: [8000, 24000)
  // has 4000 of 16000 above 20000 -> eligible 0.25 -> 150.00
  std::vector<std::string> want = {
      "credited: order E2 of 2026-01-20 on account ACME, amount 16000.00, is credited to raj, the account's owner "
      "from 2026-01-01 (a transfer under terms 'handover')",
      "cumulative credited sales of raj in 2026-Q1 for this component: 8000.00 before this order, 24000.00 after",
      "marginal tiers over [8000.00, 24000.00): 2000.00 at 2% (8000.00 to 10000.00); 14000.00 at 4% (10000.00 to "
      "24000.00)",
      "gross = 600.00",
      "eligible = 0.25 (threshold 20000.00: 4000.00 of 16000.00 eligible)",
      "share = 1",
      "exact value = gross x eligible x share = 150.00",
      "rounded once, half_even to 2 decimals, after any cap: amount = 150.00",
      "note on the line: threshold 20000.00: 4000.00 of 16000.00 eligible",
  };
  EXPECT_EQ(x.steps, want);
  EXPECT_EQ(r.amount("raj", "accel", "E2"), "150.00");

  // the return E3 claws back a quarter of E2 at E2's eligible: 600 x 0.25 x 4000/16000 = 37.50
  auto back = payplan::explain(r.plan, r.org, r.ledger, "raj", "E3");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].amount, -payplan::parse_money("37.50").value);
  EXPECT_EQ(back[0].steps[0],
            "return: order E3 returns 4000.00 of order E2 (16000.00), which paid raj under this component");
  // nobody else is paid on E2; unknown ids are input errors
  EXPECT_TRUE(payplan::explain(r.plan, r.org, r.ledger, "maria", "E2").empty());
  auto error_of = [&](const char* payee, const char* order) -> std::string {
    try {
      (void)payplan::explain(r.plan, r.org, r.ledger, payee, order);
    } catch (const payplan::input_error& e) {
      return e.what();
    }
    return "no error";
  };
  // an unknown order names the orders file; an unknown person the org file
  EXPECT_EQ(error_of("raj", "NOPE"), "orders.csv: no order 'NOPE' in the ledger");
  EXPECT_EQ(error_of("nobody", "E2"), "org.yaml: no person 'nobody' in the org");
}

}  // namespace

namespace {

TEST(transfer_terms_test, account_sales_since_the_transfer_that_overflow_name_the_order) {
  // s = 9e12 after the first order; adding the second passes the largest amount (about 9.22e12)
  try {
    Evaluated r(plan_with_terms("{threshold: 1}"), org_with_owners(handed_over_jan_1),
                orders("Z1,2026-01-10,ACME,9000000000000,,,\nZ2,2026-01-11,ACME,9000000000000,,,\n"));
    FAIL() << "expected overflow_error";
  } catch (const payplan::overflow_error& e) {
    EXPECT_NE(std::string(e.what()).find("orders.csv: row 2, order 'Z2': account sales since the transfer"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace

namespace {

// Regression (mutation testing, issue 9): a zero-amount order exactly on a
// ramp step takes that step's share, not the previous one's.
TEST(transfer_terms_test, ramp_by_sales_zero_amount_order_on_a_step_takes_that_step) {
  Evaluated r(plan_with_terms("{ramp: {by: sales, steps: [{from: 0, share: 0%}, {from: 10000, share: 50%}]}}"),
              org_with_owners(handed_over_jan_1),
              orders("Z1,2026-01-10,ACME,10000,,,\n"   // [0, 10000): all at 0%
                     "Z2,2026-01-20,ACME,0,,,\n"       // s = 10000 exactly, an empty range: the step at 10000, 50%
                     "Z3,2026-01-30,ACME,1000,,,\n")); // [10000, 11000): 50%, 100 x 0.5
  EXPECT_EQ(payplan::to_string(r.result.factors_of(r.line("raj", "base", "Z1")).share), "0");
  EXPECT_EQ(payplan::to_string(r.result.factors_of(r.line("raj", "base", "Z2")).share), "0.5");
  EXPECT_EQ(r.amount("raj", "base", "Z2"), "0.00");
  EXPECT_EQ(r.amount("raj", "base", "Z3"), "50.00");
}

}  // namespace
