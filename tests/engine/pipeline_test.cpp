// The pipeline's seams (engine/detail/pipeline.hpp): overflow_error's context as
// fields (issue 10: it was only text, and run_component decided by searching
// what()), and clawbacks made once per return however many credit rows the
// return has.

#include "payplan/engine/detail/pipeline.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine_fixture.hpp"
#include "payplan/components/commission.hpp"
#include "payplan/engine/engine.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;
using payplan::testing::plan_with;
using payplan::testing::small_org;

namespace {

template <class F>
payplan::overflow_error overflow_in(F&& f) {
  try {
    f();
  } catch (const payplan::overflow_error& e) {
    return e;
  }
  ADD_FAILURE() << "expected overflow_error";
  return payplan::overflow_error("none");
}

TEST(pipeline_test, an_order_level_overflow_names_order_row_and_component_as_fields) {
  // 9,000,000,000,000 x 100% does not fit a line's exact value (about 1.7e12 at most)
  const auto e = overflow_in([] {
    Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 100%}\n"), small_org,
                orders("OK,2026-01-09,R1,100,,,\nBIG,2026-01-10,R1,9000000000000,,,\n"));
  });
  EXPECT_EQ(e.source(), "orders.csv");
  EXPECT_EQ(e.source_row(), 2u);  // the data row of BIG
  EXPECT_EQ(e.order_id(), "BIG");
  EXPECT_EQ(e.component(), std::optional<std::string>("base"));
  EXPECT_EQ(e.statement(), "");
  // the text is as before: the context, then what overflowed
  EXPECT_TRUE(std::string(e.what()).starts_with("orders.csv: row 2, order 'BIG', component 'base': ")) << e.what();
}

TEST(pipeline_test, an_overflow_in_the_transfer_terms_names_the_order_and_no_component) {
  // ACME passes to raj under a threshold; s = 9e12 after Z1, and Z2 would pass the largest amount
  const std::string plan =
      "plan: t\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
      "  - {id: base, type: commission, payees: [raj], rate: 10%}\ntransfer_terms:\n  handover: {threshold: 1}\n";
  const std::string org =
      "people:\n  - {id: maria, role: manager}\n  - {id: raj, role: rep, reports_to: maria}\n"
      "accounts:\n  - id: ACME\n    owners:\n      - {owner: maria, from: 2019-01-01}\n"
      "      - {owner: raj, from: 2026-01-01, terms: handover}\n";
  const auto e = overflow_in([&] {
    Evaluated r(plan, org, orders("Z1,2026-01-10,ACME,9000000000000,,,\nZ2,2026-01-11,ACME,9000000000000,,,\n"));
  });
  EXPECT_EQ(e.order_id(), "Z2");
  EXPECT_EQ(e.source_row(), 2u);
  EXPECT_FALSE(e.component().has_value());  // crediting runs before any component
  EXPECT_EQ(std::string(e.what()), "orders.csv: row 2, order 'Z2': account sales since the transfer: arithmetic "
                                   "overflow in a sum");
}

// issue 10: the row comes from the loader's origin, which follows the sort:
// BIG is data row 1 but, dated after OK (row 2), OrderIndex 1.
TEST(pipeline_test, an_order_level_overflow_names_the_row_in_the_file_after_the_sort) {
  const auto e = overflow_in([] {
    Evaluated r(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 100%}\n"), small_org,
                orders("BIG,2026-01-10,R1,9000000000000,,,\nOK,2026-01-09,R1,100,,,\n"));
  });
  EXPECT_EQ(e.source(), "orders.csv");
  EXPECT_EQ(e.source_row(), 1u);
  EXPECT_TRUE(std::string(e.what()).starts_with("orders.csv: row 1, order 'BIG', component 'base': ")) << e.what();
}

// A ledger built in code has no origin: no file, no row ("<input>", row 0).
TEST(pipeline_test, an_order_level_overflow_in_a_ledger_built_in_code_names_the_order) {
  const payplan::Plan plan =
      payplan::parse_plan(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 100%}\n"), "plan.yaml");
  const payplan::Org org = payplan::parse_org(small_org, "org.yaml");
  payplan::LedgerBuilder b;
  b.add({"BIG", *payplan::parse_date("2026-01-10"), "R1", payplan::parse_money("9000000000000").value, "", "", ""});
  const payplan::Ledger ledger = b.finish();
  const auto e = overflow_in([&] { (void)payplan::evaluate(plan, org, ledger); });
  EXPECT_EQ(e.source(), "");
  EXPECT_EQ(e.source_row(), 0u);
  EXPECT_EQ(e.order_id(), "BIG");
  EXPECT_TRUE(std::string(e.what()).starts_with("<input>: order 'BIG', component 'base': ")) << e.what();
}

TEST(pipeline_test, a_period_level_overflow_names_the_component_and_no_order) {
  // raj's two orders of 9e12 in Q1 sum past the largest amount (about 9.22e12) in team_growth's account sales
  const auto e = overflow_in([] {
    Evaluated r(plan_with("  - {id: growth, type: team_growth, payees: [maria], baseline: previous_period, rate: 10%}\n"),
                small_org, orders("G1,2026-01-10,R1,9000000000000,,,\nG2,2026-01-11,R1,9000000000000,,,\n"));
  });
  EXPECT_EQ(e.component(), std::optional<std::string>("growth"));
  EXPECT_EQ(e.order_id(), "");
  EXPECT_EQ(e.source_row(), 0u);
  EXPECT_EQ(std::string(e.what()), "plan.yaml: component 'growth': arithmetic overflow in a sum");
}

TEST(pipeline_test, a_statement_that_does_not_fit_names_its_key) {
  payplan::Result r;
  r.components.push_back("base");
  const auto raj = r.payees.intern(payplan::payee_kind::person, "raj");
  payplan::Line l;
  l.amount = payplan::Money::from_micros(INT64_MAX - 1);
  l.payee = raj;
  l.period = payplan::Period::containing(*payplan::parse_date("2026-01-10"), payplan::period_length::quarter).ordinal();
  r.lines = {l, l};  // two lines of the same (period, payee, component): their sum does not fit
  const auto e = overflow_in([&] { (void)r.statements(); });
  EXPECT_EQ(e.statement(), "raj, base, 2026-Q1");
  EXPECT_EQ(e.component(), std::optional<std::string>("base"));
  EXPECT_EQ(std::string(e.what()), "the statement of raj, base, 2026-Q1 does not fit");
}

// spec 4.1 Returns: a return reverses its original's lines once. With two
// credit rows for one return (as split credit will make), the commission
// reversed every line of the original once per row.
TEST(pipeline_test, a_return_with_two_credit_rows_is_clawed_back_once) {
  const payplan::Plan plan = payplan::parse_plan(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"),
                                                 "plan.yaml");
  const payplan::Org org = payplan::parse_org(small_org, "org.yaml");
  const payplan::Ledger ledger = payplan::parse_orders(orders("S1,2026-01-10,R1,1000,,,\n"
                                                              "S2,2026-02-10,R1,-400,,S1,\n"),
                                                       "orders.csv", plan.currency);
  payplan::Crediting crediting(org, ledger);
  ASSERT_EQ(crediting.credits.size(), 2u);
  // a second row for the return S2, to lee, as a split would add
  payplan::Credits& c = crediting.credits;
  c.order.push_back(c.order[1]);
  c.receiver.push_back(org.find_person("lee"));
  c.ownership.push_back(c.ownership[1]);
  payplan::Result result;
  payplan::detail::Evaluation ev(plan, org, ledger, {}, result, &crediting);
  payplan::detail::run_plan(ev);
  // S1: raj 1000 x 5% = 50.00; S2 reverses 50.00 x 400/1000 = -20.00, once
  ASSERT_EQ(result.lines.size(), 2u);
  EXPECT_EQ(payplan::to_string(result.lines[0].amount, 2, 2), "50.00");
  EXPECT_EQ(payplan::to_string(result.lines[1].amount, 2, 2), "-20.00");
  EXPECT_EQ(result.payees[result.lines[1].payee], "raj");
}

}  // namespace
