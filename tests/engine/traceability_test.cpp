// Regressions from user trials and fault injection (issue 9): runs that
// exited 0 with a wrong or partial result and no word. Each test names what
// broke; the working is beside each number.

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "engine_fixture.hpp"
#include "payplan/engine/compare.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/io/output.hpp"
#include "payplan/report/report.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;
using payplan::testing::plan_with;
using payplan::testing::small_org;

namespace {

std::string statements_csv(const payplan::Result& r) {
  std::ostringstream out;
  payplan::write_statements(out, r);
  return out.str();
}

// The statement key once packed the payee into bits that overlap the
// period's: payee 2^24 in period 0 and payee 0 in period 1 were one row.
TEST(traceability_test, statements_of_payee_two_to_the_24_stay_apart_from_the_next_period) {
  payplan::Result r;
  r.components = {"rebate"};
  const std::uint32_t big = 1u << 24;
  for (std::uint32_t i = 0; i <= big; ++i) r.payees.intern(payplan::payee_kind::account, "A" + std::to_string(i));
  const std::int32_t q1 = payplan::Period::containing(*payplan::parse_date("2026-01-01"), payplan::period_length::quarter).ordinal();
  auto line = [&](std::uint32_t payee, std::int32_t period, std::int64_t cents) {
    payplan::Line l;
    l.payee = payee;
    l.period = period;
    l.amount = payplan::Money::from_micros(cents * 10'000);
    r.lines.push_back(l);
  };
  line(big, q1, 100);    // A16777216, 2026-Q1: 1.00
  line(0, q1 + 1, 200);  // A0, 2026-Q2: 2.00
  const auto s = r.statements();
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(payplan::to_string(s[0].period), "2026-Q1");
  EXPECT_EQ(r.payees[s[0].payee], "A16777216");
  EXPECT_EQ(payplan::to_string(s[0].amount, 2, 2), "1.00");
  EXPECT_EQ(payplan::to_string(s[1].period), "2026-Q2");
  EXPECT_EQ(r.payees[s[1].payee], "A0");
  EXPECT_EQ(payplan::to_string(s[1].amount, 2, 2), "2.00");
}

// A rep `ACME` owning the account `ACME`: his commission and the customer's
// rebate were one payee, summed into one total.
const std::string acme_org = R"(people:
  - {id: maria, role: manager}
  - {id: ACME, role: rep, reports_to: maria}
accounts:
  - {id: ACME, owners: [{owner: ACME, from: 2019-01-01}]}
)";
const std::string acme_plan = plan_with(
    "  - {id: base, type: commission, payees: {role: rep}, rate: 10%}\n"
    "  - {id: rebate, type: rebate, tiers: {basis: sales, method: retroactive, table: [{rate: 1%}]}}\n");
const std::string acme_orders = orders("A1,2026-01-10,ACME,1000,,,\n");

TEST(traceability_test, a_person_and_an_account_of_one_id_are_two_payees) {
  // the same order in Q1 and in Q2: each payee has two rows, so the table totals each payee
  Evaluated r(acme_plan, acme_org, orders("A1,2026-01-10,ACME,1000,,,\nA2,2026-04-10,ACME,1000,,,\n"));
  // base: 1000 x 10% = 100.00 to the rep ACME; rebate: 1000 x 1% = 10.00 to the account ACME, each quarter
  ASSERT_EQ(r.result.lines.size(), 4u);
  std::set<std::uint32_t> payees;
  for (const auto& l : r.result.lines) payees.insert(l.payee);
  EXPECT_EQ(payees.size(), 2u);
  EXPECT_EQ(statements_csv(r.result),
            "period,payee,component,amount\n"
            "2026-Q1,ACME,base,100.00\n"
            "2026-Q1,ACME,rebate,10.00\n"
            "2026-Q2,ACME,base,100.00\n"
            "2026-Q2,ACME,rebate,10.00\n");
  std::ostringstream table;
  payplan::print_statement_table(table, r.result);
  // one total each, "ACME" 200.00 and "ACME (account)" 20.00, not one of 220.00
  auto total_line = [&](const std::string& label) {
    std::istringstream lines(table.str());
    for (std::string l; std::getline(lines, l);)
      if (l.rfind("  total " + label + " ", 0) == 0 && l.find_first_not_of(' ', 8 + label.size()) != std::string::npos)
        return l.substr(l.find_first_not_of(' ', 8 + label.size()));
    return std::string("none");
  };
  EXPECT_EQ(total_line("ACME"), "200.00") << table.str();
  EXPECT_EQ(total_line("ACME (account)"), "20.00") << table.str();
}

TEST(traceability_test, compare_keeps_a_person_and_an_account_of_one_id_apart) {
  Evaluated r(acme_plan, acme_org, acme_orders);
  const std::string plan_b = plan_with(
      "  - {id: base, type: commission, payees: {role: rep}, rate: 12%}\n"
      "  - {id: rebate, type: rebate, tiers: {basis: sales, method: retroactive, table: [{rate: 2%}]}}\n");
  const payplan::Plan b = payplan::parse_plan(plan_b, "b.yaml");
  const payplan::Comparison c = payplan::compare(r.plan, b, r.org, r.ledger);
  const auto payees = payplan::payee_totals(c);
  ASSERT_EQ(payees.size(), 2u);
  // the rep: 100.00 -> 120.00 (+20.00); the account: 10.00 -> 20.00 (+10.00); largest gain first
  EXPECT_EQ(payees[0].label(), "ACME");
  EXPECT_EQ(payplan::to_string(payees[0].delta(), 2, 2), "20.00");
  EXPECT_EQ(payees[1].label(), "ACME (account)");
  EXPECT_EQ(payplan::to_string(payees[1].delta(), 2, 2), "10.00");
}

// spec 1: "Arithmetic that would overflow is an error naming the input".
// Order 1e12 at 50% (gross 5e11), then a return of 9e12 naming it: the
// clawback's shown value 5e11 x 9 = 4.5e12 does not fit an unrounded line
// (at most about 1.7e12), and was printed wrapped with exit 0. This gives
// the overflow's message for BIG and RET under one component.
std::string overflow_of(const std::string& component) {
  try {
    Evaluated r(plan_with(component), small_org,
                orders("BIG,2026-01-10,R1,1000000000000,,,\n"
                       "RET,2026-01-11,R1,-9000000000000,,BIG,\n"));
  } catch (const payplan::overflow_error& e) {
    return e.what();
  }
  return "no overflow_error";
}

TEST(traceability_test, a_clawback_whose_value_does_not_fit_names_the_return) {
  const std::string commission = overflow_of("  - {id: base, type: commission, payees: {role: rep}, rate: 50%}\n");
  EXPECT_TRUE(commission.starts_with("orders.csv: row 2, order 'RET', component 'base'")) << commission;
  // the override's clawback too: 1e12 x 50% to maria, reversed x 9
  const std::string override = overflow_of("  - {id: ovr, type: override, payees: {role: manager}, rates: [50%]}\n");
  EXPECT_TRUE(override.starts_with("orders.csv: row 2, order 'RET', component 'ovr'")) << override;
}

// A return whose original was never paid appeared in neither lines.csv nor
// exceptions.csv: every order must end in a line or an exception.
TEST(traceability_test, a_return_of_an_order_before_the_paid_periods_is_an_exception) {
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");
  Evaluated r(plan, small_org,
              orders("OLD,2025-12-20,R1,1000,,,\n"       // 2025-Q4: before effective, paid no line
                     "RET,2026-01-05,R1,-400,,OLD,\n"));  // its return in 2026-Q1: nothing to claw back
  EXPECT_EQ(r.result.lines.size(), 0u);
  ASSERT_EQ(r.result.exceptions.size(), 1u);
  EXPECT_EQ(r.result.exceptions[0].kind, "return_of_unpaid_order");
  EXPECT_EQ(r.result.exceptions[0].order_id, "RET");
  EXPECT_EQ(r.result.exceptions[0].detail,
            "returns 400.00 of 'OLD' (2025-12-20), which is outside the paid periods and paid no line: nothing to "
            "claw back");
}

TEST(traceability_test, a_return_of_an_order_no_component_paid_is_an_exception) {
  // HOUSE is maria's; the plan pays reps only, so her order paid no line
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");
  Evaluated r(plan, small_org,
              orders("H1,2026-01-10,HOUSE,1000,,,\n"
                     "H2,2026-02-10,HOUSE,-1000,,H1,\n"
                     "P1,2026-02-11,R1,100,,,\n"));  // raj: 5.00, an ordinary line
  EXPECT_EQ(r.amount("raj", "base", "P1"), "5.00");
  EXPECT_EQ(r.exception_kinds(), std::vector<std::string>{"return_of_unpaid_order:H2"});
  EXPECT_EQ(r.result.exceptions[0].detail,
            "returns 1000.00 of 'H1' (2026-01-10), on which no component paid a line: nothing to claw back");
}

TEST(traceability_test, a_return_that_claws_back_is_not_an_exception) {
  const std::string plan = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");
  Evaluated r(plan, small_org,
              orders("S1,2026-01-10,R1,1000,,,\n"
                     "S2,2026-02-10,R1,-500,,S1,\n"));
  EXPECT_EQ(r.amount("raj", "base", "S2"), "-25.00");  // 50.00 x 500/1000
  EXPECT_TRUE(r.result.exceptions.empty());
}

// An `effective` range not aligned to periods silently dropped the whole
// period it cuts: now an exception naming the plan's `effective` line.
TEST(traceability_test, an_effective_range_inside_a_period_names_the_period_not_paid) {
  const std::string plan =
      "plan: test\ncurrency: USD\nperiod: quarter\n"
      "effective: {from: 2026-01-15, to: 2026-09-30}\n"
      "components:\n  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n";
  Evaluated r(plan, small_org,
              orders("Q1,2026-02-10,R1,1000,,,\n"    // 2026-Q1 is cut by 01-15: not paid
                     "Q2,2026-04-10,R1,1000,,,\n")); // 2026-Q2: 50.00
  EXPECT_EQ(r.amount("raj", "base", "Q2"), "50.00");
  EXPECT_EQ(r.lines_of("raj"), 1u);
  ASSERT_EQ(r.result.exceptions.size(), 1u);
  EXPECT_EQ(r.result.exceptions[0].kind, "period_not_paid");
  EXPECT_EQ(r.result.exceptions[0].detail,
            "plan.yaml:4:12: effective starts on 2026-01-15, inside 2026-Q1: only periods wholly inside are paid, "
            "so 2026-Q1 is not paid");
}

TEST(traceability_test, a_run_range_inside_a_period_names_the_period_not_written) {
  Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"), small_org,
              orders("Q2,2026-04-10,R1,1000,,,\n"),
              {std::nullopt, payplan::parse_date("2026-11-15")});
  ASSERT_EQ(r.result.exceptions.size(), 1u);
  EXPECT_EQ(r.result.exceptions[0].detail,
            "the run's --to ends on 2026-11-15, inside 2026-Q4: only periods wholly inside are paid, so 2026-Q4 is "
            "not paid");
}

TEST(traceability_test, explain_of_an_unknown_payee_names_the_org_file) {
  Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"), small_org,
              orders("S1,2026-01-10,R1,1000,,,\n"));
  try {
    (void)payplan::explain(r.plan, r.org, r.ledger, "nobody", "S1");
    FAIL() << "expected input_error";
  } catch (const payplan::input_error& e) {
    EXPECT_EQ(e.where().file, "org.yaml");
    EXPECT_EQ(std::string(e.what()), "org.yaml: no person 'nobody' in the org");
  }
}

}  // namespace
