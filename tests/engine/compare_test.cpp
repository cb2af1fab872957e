// What-if comparison of two plans over the same orders.

#include "payplan/engine/compare.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "engine_fixture.hpp"
#include "payplan/report/report.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;
using payplan::testing::plan_with;
using payplan::testing::small_org;

namespace {

const std::string rows = orders(
    "O1,2026-01-10,R1,10000,,,\n"
    "O2,2026-02-10,L1,5000,,,\n"
    "O3,2026-04-10,R1,2000,,,\n"
    "O4,2026-04-20,R1,-1000,,O3,\n");

payplan::Comparison compare_texts(const std::string& a, const std::string& b) {
  static std::vector<std::unique_ptr<Evaluated>> keep;  // owns the inputs the comparison points into
  keep.push_back(std::make_unique<Evaluated>(a, small_org, rows));
  auto& x = *keep.back();
  auto plan_b = payplan::parse_plan(b, "b.yaml");
  return payplan::compare(x.plan, plan_b, x.org, x.ledger);
}

std::string text(payplan::Money m) { return payplan::to_string(m, 2, 2); }

TEST(compare_test, a_plan_compared_with_itself_changes_nothing) {
  const std::string p = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");
  auto c = compare_texts(p, p);
  ASSERT_FALSE(c.rows.empty());
  for (const auto& r : c.rows) EXPECT_TRUE(r.delta().is_zero()) << r.period << " " << r.payee;
  EXPECT_EQ(c.total_a, c.total_b);
  for (const auto& p : payplan::payee_totals(c)) EXPECT_TRUE(p.delta().is_zero());
}

TEST(compare_test, one_rate_changed_gives_the_hand_worked_deltas) {
  // A pays 5%, B 6%: each line grows by 1% of its order.
  auto c = compare_texts(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"),
                         plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 6%}\n"));
  ASSERT_EQ(c.rows.size(), 3u);
  // 2026-Q1 lee: 5000 x 5% = 250 -> 300, delta 50
  EXPECT_EQ(c.rows[0].period, "2026-Q1");
  EXPECT_EQ(c.rows[0].payee, "lee");
  EXPECT_EQ(text(c.rows[0].amount_a), "250.00");
  EXPECT_EQ(text(c.rows[0].amount_b), "300.00");
  EXPECT_EQ(text(c.rows[0].delta()), "50.00");
  // 2026-Q1 raj: 10000 -> 500 vs 600
  EXPECT_EQ(text(c.rows[1].delta()), "100.00");
  // 2026-Q2 raj: O3 2000 -> 100 vs 120; O4 claws back half: -50 vs -60; net 50 vs 60
  EXPECT_EQ(c.rows[2].period, "2026-Q2");
  EXPECT_EQ(text(c.rows[2].amount_a), "50.00");
  EXPECT_EQ(text(c.rows[2].amount_b), "60.00");
  EXPECT_EQ(text(c.total_b - c.total_a), "160.00");  // 50 + 100 + 10
  // credited revenue 10000 + 5000 + 2000 - 1000 = 16000; cost 800 (5%) vs 960 (6%)
  EXPECT_EQ(text(c.revenue_a), "16000.00");
  EXPECT_EQ(text(c.total_a), "800.00");
  auto payees = payplan::payee_totals(c);
  ASSERT_EQ(payees.size(), 2u);
  EXPECT_EQ(payees[0].payee, "raj");  // largest gain first: 110.00
  EXPECT_EQ(text(payees[0].delta()), "110.00");
  std::ostringstream summary;
  payplan::write_comparison_summary(summary, c);
  EXPECT_NE(summary.str().find("total,cost,800.00,960.00,160.00\n"), std::string::npos) << summary.str();
  EXPECT_NE(summary.str().find("cost_pct,cost/revenue,5.0000,6.0000,\n"), std::string::npos) << summary.str();
}

TEST(compare_test, amounts_equal_two_separate_runs_exactly) {
  const std::string a = plan_with(R"(  - id: accel
    type: commission
    payees: {role: rep}
    tiers: {basis: attainment, table: [{upto: 100%, rate: 4%}, {rate: 8%}]}
  - {id: ovr, type: override, payees: {role: manager}, rates: [1%]}
)");
  const std::string b = plan_with(R"(  - {id: base, type: commission, payees: {role: rep}, rate: 3%}
  - {id: ovr, type: override, payees: {role: manager}, rates: [2%]}
)");
  auto c = compare_texts(a, b);
  Evaluated run_a(a, small_org, rows), run_b(b, small_org, rows);
  for (const auto& r : c.rows) {
    EXPECT_EQ(text(r.amount_a), r.amount_a.is_zero() && run_a.statement(r.period, r.payee, r.component) == "none"
                                    ? "0.00"
                                    : run_a.statement(r.period, r.payee, r.component));
    EXPECT_EQ(text(r.amount_b), r.amount_b.is_zero() && run_b.statement(r.period, r.payee, r.component) == "none"
                                    ? "0.00"
                                    : run_b.statement(r.period, r.payee, r.component));
  }
  EXPECT_EQ(c.total_a, run_a.result.total());
  EXPECT_EQ(c.total_b, run_b.result.total());
  // every statement of either run is a row of the comparison
  // A: accel raj Q1, lee Q1, raj Q2 and ovr maria Q1, Q2; B: base on the same three keys (another
  // component, so new rows) and ovr on the same two: 5 + 3 rows
  EXPECT_EQ(c.rows.size(), 8u);
}

TEST(compare_test, the_html_report_is_one_self_contained_page) {
  auto c = compare_texts(plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"),
                         plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 6%}\n"));
  std::ostringstream html;
  payplan::write_html_report(html, c);
  const std::string page = html.str();
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_EQ(page.find("http"), std::string::npos);  // nothing to fetch
  // the only script sorts the payee table on a click; nothing needs it to read the page
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  // raj's total: 500 + 50 under A, 600 + 60 under B, +110 (a gain)
  EXPECT_NE(page.find("<tr><td>raj</td><td data-v='550.00'>550.00</td><td data-v='660.00'>660.00</td>"
                      "<td data-v='110.00' class='gain'>+110.00</td>"),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("2026-Q1 to 2026-Q2, by quarter, amounts in USD"), std::string::npos);
  // amounts for people carry thousands separators: revenue 10000 + 5000 + 2000 - 1000
  EXPECT_NE(page.find("<td>credited revenue</td><td>16,000.00</td><td>16,000.00</td><td>0.00</td>"), std::string::npos);
  EXPECT_NE(page.find("0 of "), std::string::npos);  // everyone gains at 6%: nobody would earn less
  EXPECT_NE(page.find(" would earn less"), std::string::npos);
}

}  // namespace
