// evaluate(..., keep_lines::statements): a run that writes no lines.csv
// keeps no lines, only their statements (issue 11). The statements, the
// exceptions and the count of lines must be those of a run that keeps
// every line: by hand on a small capped plan with a return, and on every
// plan of the bundled examples (every component type, transfers, returns,
// caps, a run range).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"

#include "engine_fixture.hpp"

namespace {

using namespace payplan;

// (period, payee, component, amount) of every statement, in spec order
std::vector<std::string> rows_of(const Result& r) {
  std::vector<std::string> out;
  for (const Statement& s : r.statements())
    out.push_back(to_string(s.period) + "," + r.payee_label(s.payee) + "," + r.components[s.component] + "," +
                  to_string(s.amount, r.minor_unit, r.minor_unit));
  return out;
}
std::vector<std::string> exceptions_of(const Result& r) {
  std::vector<std::string> out;
  for (const Exception& e : r.exceptions) out.push_back(e.kind + "," + e.order_id + "," + e.detail);
  return out;
}

TEST(keep_lines_test, statements_of_a_capped_plan_with_a_return_by_hand) {
  const std::string plan = R"(plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - {id: c, type: commission, payees: [ana], rate: 10%, cap: 150}
  - {id: o, type: override, payees: [mia], rates: [2%]}
)";
  const std::string org = R"(people:
  - {id: mia, role: manager}
  - {id: ana, role: rep, reports_to: mia}
accounts:
  - {id: A, owners: [{owner: ana, from: 2026-01-01}]}
)";
  // Q1: 1000 -> 100.00; 800 -> 80.00 but the cap leaves 50.00; the return of
  // 400 of the 800 reverses 80.00 x 400/800 = 40.00, capped line: what it paid
  // (50.00) x 1/2 = 25.00, so c pays 100 + 50 - 25 = 125.00.
  // o: 2% of 1000 + 800 - 400 = 20.00 + 16.00 - 8.00 = 28.00. Q2: 500 -> c 50.00, o 10.00.
  const std::string orders = "order_id,date,account,amount,refund_of\n"
                             "S1,2026-01-10,A,1000,\nS2,2026-02-10,A,800,\nR2,2026-03-10,A,-400,S2\nS3,2026-04-10,A,500,\n";
  const Plan p = parse_plan(plan, "plan.yaml");
  const Org o = parse_org(org, "org.yaml");
  const Ledger l = parse_orders(orders, "orders.csv", p.currency);
  const Result kept = evaluate(p, o, l, {}, keep_lines::all);
  const Result summed = evaluate(p, o, l, {}, keep_lines::statements);
  const std::vector<std::string> by_hand{"2026-Q1,ana,c,125.00", "2026-Q1,mia,o,28.00", "2026-Q2,ana,c,50.00",
                                         "2026-Q2,mia,o,10.00"};
  EXPECT_EQ(rows_of(kept), by_hand);
  EXPECT_EQ(rows_of(summed), by_hand);
  EXPECT_TRUE(summed.lines.empty());
  EXPECT_EQ(kept.line_count(), 8u);  // 4 orders x (c, o)
  EXPECT_EQ(summed.line_count(), 8u);
  EXPECT_EQ(to_string(summed.total(), 2, 2), "213.00");  // 125 + 28 + 50 + 10
  // --from 2026-04-01: Q1 is not written, in either mode
  const Result q2 = evaluate(p, o, l, {parse_date("2026-04-01"), std::nullopt}, keep_lines::statements);
  EXPECT_EQ(rows_of(q2), (std::vector<std::string>{"2026-Q2,ana,c,50.00", "2026-Q2,mia,o,10.00"}));
  EXPECT_EQ(q2.line_count(), 2u);
}

TEST(keep_lines_test, every_bundled_plan_gives_the_same_statements_and_exceptions) {
  const std::size_t plans = payplan::testing::for_each_example_plan([](const std::filesystem::path&, const std::string& name,
                                                              const Plan& plan, const Org& org, const Ledger& ledger) {
    for (RunRange range : {RunRange{}, RunRange{std::nullopt, Date::from_days(plan.effective.from.days() + 200)}}) {
      const Result kept = evaluate(plan, org, ledger, range, keep_lines::all);
      const Result summed = evaluate(plan, org, ledger, range, keep_lines::statements);
      EXPECT_FALSE(kept.lines.empty()) << name;
      EXPECT_TRUE(summed.lines.empty()) << name;
      EXPECT_EQ(rows_of(summed), rows_of(kept)) << name;
      EXPECT_EQ(exceptions_of(summed), exceptions_of(kept)) << name;
      EXPECT_EQ(summed.line_count(), kept.line_count()) << name;
    }
  });
  EXPECT_GE(plans, 10u);  // account-handover's seven, basic, full, manager-growth, plan-change's two
}

TEST(keep_lines_test, lines_summed_as_they_come_past_many_blocks) {
  // no returns: a component's lines are summed every 65,536 (Evaluation::
  // lines_summed_at), so a statement's lines fall into several sums. 150,000
  // orders of 1.00 over three reps: ana's accounts A0..A2 take orders 0, 3, 6, ...
  const std::string plan = R"(plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - {id: c, type: commission, payees: {role: rep}, rate: 10%, cap: 2000}
  - id: t
    type: commission
    payees: {role: rep}
    tiers: {basis: sales, method: marginal, table: [{upto: 10000, rate: 1%}, {rate: 3%}]}
  - {id: o, type: override, payees: [mia], rates: [2%]}
)";
  const std::string org = R"(people:
  - {id: mia, role: manager}
  - {id: ana, role: rep, reports_to: mia}
  - {id: bo, role: rep, reports_to: mia}
  - {id: cy, role: rep, reports_to: mia}
accounts:
  - {id: A0, owners: [{owner: ana, from: 2026-01-01}]}
  - {id: A1, owners: [{owner: bo, from: 2026-01-01}]}
  - {id: A2, owners: [{owner: cy, from: 2026-01-01}]}
)";
  std::string orders = "order_id,date,account,amount\n";
  for (int i = 0; i < 150'000; ++i)
    orders += "S" + std::to_string(i) + ",2026-0" + std::to_string(1 + i % 6) + "-15,A" + std::to_string(i % 3) + ",1\n";
  const Plan p = parse_plan(plan, "plan.yaml");
  const Org o = parse_org(org, "org.yaml");
  const Ledger l = parse_orders(orders, "orders.csv", p.currency);
  const Result kept = evaluate(p, o, l, {}, keep_lines::all);
  const Result summed = evaluate(p, o, l, {}, keep_lines::statements);
  EXPECT_EQ(summed.line_count(), 450'000u);  // 150,000 orders x (c, t, o)
  EXPECT_EQ(rows_of(summed), rows_of(kept));
  // ana in 2026-Q1: orders i = 0 mod 3 with i % 6 in {0, 1, 2}: i = 0 mod 6, 25,000 of them.
  // c: 10% of 25,000 = 2,500.00, cut to the 2,000 cap at order 20,000 of them; t: 10,000 x 1% + 15,000 x 3% = 100 + 450 = 550.00
  // mia in 2026-Q1: every order with i % 6 in {0, 1, 2}: 75,000 x 2% = 1,500.00
  const std::vector<std::string> rows = rows_of(summed);
  EXPECT_EQ(rows[0], "2026-Q1,ana,c,2000.00");
  EXPECT_EQ(rows[1], "2026-Q1,ana,t,550.00");
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "2026-Q1,mia,o,1500.00"), 1);
}

// Review of issue 11: a statement that does not fit must fail the same way
// in both modes. c1 pays 100% of seven orders of 1.5e12: 6 x 1.5e12 = 9e12
// fits Money (at most 9.22e12), the seventh makes 1.05e13, so its statement
// overflows at S7. c2 pays 300%: S1's gross, 4.5e12 at 26 digits (4.5e38),
// does not fit 128 bits, so c2 fails at S1 during evaluation. A run that
// keeps its lines meets c2's failure first (statements are summed after
// evaluation); so must a statements-only run, though it sums c1 before c2
// runs. Without c2, both modes name c1's statement.
TEST(keep_lines_test, a_statement_that_does_not_fit_fails_as_in_a_full_run) {
  const std::string org = R"(people:
  - {id: ana, role: rep}
accounts:
  - {id: A, owners: [{owner: ana, from: 2026-01-01}]}
)";
  std::string orders = "order_id,date,account,amount\n";
  for (int i = 1; i <= 7; ++i) orders += "S" + std::to_string(i) + ",2026-01-0" + std::to_string(i) + ",A,1500000000000\n";
  auto error_of = [&](const std::string& components, keep_lines keep) {
    const Plan p = parse_plan("plan: p\ncurrency: USD\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
                              "components:\n" + components, "plan.yaml");
    const Org o = parse_org(org, "org.yaml");
    const Ledger l = parse_orders(orders, "orders.csv", p.currency);
    try {
      const Result r = evaluate(p, o, l, {}, keep);
      (void)r.statements();
    } catch (const overflow_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string both = "  - {id: c1, type: commission, payees: [ana], rate: 100%}\n"
                           "  - {id: c2, type: commission, payees: [ana], rate: 300%}\n";
  const std::string full = error_of(both, keep_lines::all);
  EXPECT_NE(full.find("order 'S1', component 'c2'"), std::string::npos) << full;
  EXPECT_EQ(error_of(both, keep_lines::statements), full);
  const std::string one = "  - {id: c1, type: commission, payees: [ana], rate: 100%}\n";
  EXPECT_EQ(error_of(one, keep_lines::all), "the statement of ana, c1, 2026-Q1 does not fit");
  EXPECT_EQ(error_of(one, keep_lines::statements), "the statement of ana, c1, 2026-Q1 does not fit");
}

}  // namespace
