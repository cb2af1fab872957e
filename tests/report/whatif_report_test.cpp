// The what-if report of payplan compare (issue 16), on a plan pair worked by
// hand: plan A pays by quarter, plan B by month; the periods line up by
// quarter, the breakdowns add up, the % change, the histogram's symmetric
// bins, the plans' diff in words, and the page in headless Chromium.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "report/chromium_layout.hpp"
#include "payplan/engine/compare.hpp"
#include "payplan/report/report.hpp"  // links payplan::report (tests/CMakeLists.txt)

namespace payplan {
namespace {

using testing::orders;

// A: by quarter; reps 5% flat (a cap that never binds), managers 2% of their
// direct reports' orders, zoe (a partner) 10%.
const std::string plan_a_yaml = R"(plan: quarterly
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - id: base
    type: commission
    payees: {role: rep}
    rate: 5%
    cap: 50000
  - id: override
    type: override
    payees: {role: manager}
    rates: [2%]
  - id: partner-fee
    type: commission
    payees: [zoe]
    rate: 10%
)";

// B: by month; reps on marginal tiers of a month's sales, managers 3%, zoe
// unchanged; terms for handed-over accounts.
const std::string plan_b_yaml = R"(plan: monthly
currency: USD
period: month
effective: {from: 2026-01-01, to: 2026-12-31}
transfer_terms:
  handover:
    threshold: 5000
components:
  - id: base
    type: commission
    payees: {role: rep}
    tiers:
      basis: sales
      method: marginal
      table:
        - {upto: 10000, rate: 4%}
        - {rate: 6%}
  - id: override
    type: override
    payees: {role: manager}
    rates: [3%]
  - id: partner-fee
    type: commission
    payees: [zoe]
    rate: 10%
)";

// Two teams: maria's (raj, and lee until 2026-02-15) and kim's (lee from
// 2026-02-15, mid-quarter); zoe reports to no one.
const std::string org_yaml = R"(people:
  - {id: maria, name: Maria Lopez, role: manager}
  - {id: kim, name: Kim Sato, role: manager}
  - {id: raj, name: Raj Patel, role: rep, reports_to: maria}
  - id: lee
    name: Lee Chen
    role: rep
    reports_to:
      - {manager: maria, from: 2020-01-01}
      - {manager: kim, from: 2026-02-15}
  - {id: zoe, name: Zoe Adams, role: partner}
accounts:
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: Z1, owners: [{owner: zoe, from: 2019-01-01}]}
)";

// By hand, 2026-Q1 (A) and its months (B):
//   raj  O1 01-10 8,000; O2 02-20 6,000; O5 03-10 1,000         (15,000)
//     A: 15,000 x 5% = 750.00
//     B: Jan 8,000 x 4% = 320.00; Feb 6,000 x 4% = 240.00; Mar 1,000 x 4% = 40.00   = 600.00
//   lee  O3 01-20 3,000 (under maria); O4 03-05 12,000 (under kim)
//     A: 15,000 x 5% = 750.00
//     B: Jan 3,000 x 4% = 120.00; Mar 10,000 x 4% + 2,000 x 6% = 400 + 120 = 520.00  = 640.00
//   maria's override: raj's 15,000 and lee's O3 3,000 = 18,000: A 2% = 360.00, B 3% = 540.00
//   kim's override: lee's O4 12,000: A 2% = 240.00, B 3% = 360.00
//   zoe  O6 02-01 500 x 10% = 50.00 under both
//   A = 750 + 750 + 360 + 240 + 50 = 2,150.00;  B = 600 + 640 + 540 + 360 + 50 = 2,190.00;  B - A = +40.00
const std::string orders_csv = orders(R"(O1,2026-01-10,R1,8000,,,
O2,2026-02-20,R1,6000,,,
O3,2026-01-20,L1,3000,,,
O4,2026-03-05,L1,12000,,,
O5,2026-03-10,R1,1000,,,
O6,2026-02-01,Z1,500,,,
)");

struct Compared {
  Plan a = parse_plan(plan_a_yaml, "a.yaml");
  Plan b = parse_plan(plan_b_yaml, "b.yaml");
  Org org = parse_org(org_yaml, "org.yaml");
  Ledger ledger = parse_orders(orders_csv, "orders.csv", a.currency);
  Comparison c;
  explicit Compared(RunRange range = {.from = parse_date("2026-01-01"), .to = parse_date("2026-03-31")})
      : c(compare(a, b, org, ledger, range)) {}
};

std::string text(Money m) { return to_string(m, 2, 2); }

const BreakdownRow* find(const std::vector<BreakdownRow>& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r.key == key) return &r;
  return nullptr;
}

std::string report_of(const Compared& x) {
  std::ostringstream out;
  write_html_report(out, x.c, {&x.a, &x.b, &x.org});
  return out.str();
}

TEST(whatif_report_test, a_monthly_plan_is_compared_with_a_quarterly_one_by_quarter) {
  const Compared x;
  EXPECT_EQ(x.c.a.period_length, period_length::quarter);
  EXPECT_EQ(x.c.b.period_length, period_length::month);
  EXPECT_EQ(x.c.period, period_length::quarter);
  // every row pairs A's 2026-Q1 with B's January to March, none sets a quarter against 0.00
  ASSERT_EQ(x.c.rows.size(), 5u);
  for (const auto& r : x.c.rows) EXPECT_EQ(r.period, "2026-Q1") << r.payee << " " << r.component;
  const auto periods = period_totals(x.c);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(std::get<0>(periods[0]), "2026-Q1");
  EXPECT_EQ(text(std::get<1>(periods[0])), "2150.00");
  EXPECT_EQ(text(std::get<2>(periods[0])), "2190.00");
  // lee's base: 750.00 under A's quarter, 120.00 + 520.00 under B's months
  for (const auto& r : x.c.rows)
    if (r.payee == "lee") {
      EXPECT_EQ(text(r.amount_a), "750.00");
      EXPECT_EQ(text(r.amount_b), "640.00");
    }
  // the printed summary and summary.csv by quarter too
  std::ostringstream printed, summary;
  print_comparison(printed, x.c);
  write_comparison_summary(summary, x.c);
  EXPECT_NE(printed.str().find("by quarter (plan A pays by quarter, plan B by month)"), std::string::npos) << printed.str();
  EXPECT_NE(printed.str().find("2026-Q1"), std::string::npos);
  EXPECT_EQ(printed.str().find("2026-01"), std::string::npos) << printed.str();
  EXPECT_NE(summary.str().find("period,2026-Q1,2150.00,2190.00,40.00\n"), std::string::npos) << summary.str();
  EXPECT_EQ(summary.str().find("period,2026-0"), std::string::npos) << summary.str();
  std::ostringstream csv;
  write_comparison(csv, x.c);
  EXPECT_NE(csv.str().find("2026-Q1,lee,base,750.00,640.00,-110.00\n"), std::string::npos) << csv.str();
}

// A run range that cuts A's quarter: A pays no period of 2026-Q1, B pays
// February and March of it; the summary says so beside the row.
TEST(whatif_report_test, a_period_one_plan_pays_only_part_of_is_marked) {
  const Compared x({.from = parse_date("2026-02-01"), .to = parse_date("2026-03-31")});
  const auto periods = period_totals(x.c);
  ASSERT_EQ(periods.size(), 1u);
  // B: raj Feb 240.00 + Mar 40.00; lee Mar 520.00; maria 3% of raj's 7,000 = 210.00; kim 360.00; zoe 50.00 = 1,420.00
  EXPECT_EQ(text(std::get<1>(periods[0])), "0.00");
  EXPECT_EQ(text(std::get<2>(periods[0])), "1420.00");
  std::ostringstream printed;
  print_comparison(printed, x.c);
  EXPECT_NE(printed.str().find("  2026-Q1                           0.00          1,420.00          1,420.00\n"
                               "    (plan A pays no period of it; plan B pays 2 of its 3 months)\n"),
            std::string::npos)
      << printed.str();
  const std::string page = report_of(x);
  EXPECT_NE(page.find("<td>2026-Q1 *</td>"), std::string::npos);
  EXPECT_NE(page.find("2026-Q1: plan A pays no period of it; plan B pays 2 of its 3 months"), std::string::npos);
}

TEST(whatif_report_test, breakdowns_by_component_role_and_team_add_up) {
  const Compared x;
  const auto components = component_totals(x.c);
  ASSERT_EQ(components.size(), 3u);  // in plan B's order
  EXPECT_EQ(components[0].key, "base");
  EXPECT_EQ(components[1].key, "override");
  EXPECT_EQ(components[2].key, "partner-fee");
  // base: 750 + 750 = 1,500.00 -> 600 + 640 = 1,240.00; override: 360 + 240 = 600.00 -> 540 + 360 = 900.00
  EXPECT_EQ(text(components[0].amount_a), "1500.00");
  EXPECT_EQ(text(components[0].amount_b), "1240.00");
  EXPECT_EQ(text(components[1].amount_a), "600.00");
  EXPECT_EQ(text(components[1].amount_b), "900.00");
  EXPECT_EQ(text(components[2].delta()), "0.00");
  Money sum_a, sum_b;
  for (const auto& r : components) sum_a += r.amount_a, sum_b += r.amount_b;
  EXPECT_EQ(sum_a, x.c.total_a);
  EXPECT_EQ(sum_b, x.c.total_b);

  const auto roles = role_totals(x.c, x.org);  // in the order of role: rep, manager, agent, partner
  ASSERT_EQ(roles.size(), 3u);
  EXPECT_EQ(roles[0].key, "rep");
  EXPECT_EQ(text(roles[0].amount_a), "1500.00");
  EXPECT_EQ(roles[1].key, "manager");
  EXPECT_EQ(text(roles[1].amount_b), "900.00");
  EXPECT_EQ(roles[2].key, "partner");
  EXPECT_EQ(text(roles[2].amount_a), "50.00");

  // teams at the quarter's end (2026-03-31): lee is kim's for all of Q1
  //   maria + raj: A 360 + 750 = 1,110.00, B 540 + 600 = 1,140.00
  //   kim + lee:   A 240 + 750 =   990.00, B 360 + 640 = 1,000.00
  const auto teams = team_totals(x.c, x.org);
  ASSERT_EQ(teams.size(), 2u);
  EXPECT_EQ(teams[0].key, "maria");  // largest under B first
  EXPECT_EQ(teams[0].label, "maria (Maria Lopez), 2 people");
  EXPECT_EQ(text(teams[0].amount_a), "1110.00");
  EXPECT_EQ(text(teams[0].amount_b), "1140.00");
  EXPECT_EQ(teams[1].key, "kim");
  EXPECT_EQ(text(teams[1].amount_a), "990.00");
  EXPECT_EQ(text(teams[1].amount_b), "1000.00");
  EXPECT_EQ(find(teams, "zoe"), nullptr);  // in no team: the two teams and zoe's 50.00 make the total
  EXPECT_EQ(teams[0].amount_b + teams[1].amount_b + Money(50), x.c.total_b);
}

TEST(whatif_report_test, percent_change_is_exact_to_a_tenth) {
  // raj 750 -> 600: -150 / 750 = -20.0%; lee 750 -> 640: -110 / 750 = -14.666...% -> -14.7%
  EXPECT_EQ(percent_change(Money(750), Money(600)), "\xe2\x88\x92" "20.0%");
  EXPECT_EQ(percent_change(Money(750), Money(640)), "\xe2\x88\x92" "14.7%");
  // total 2,150 -> 2,190: 40 / 2,150 = 1.8604...% -> +1.9%; maria 360 -> 540: +50.0%
  EXPECT_EQ(percent_change(Money(2150), Money(2190)), "+1.9%");
  EXPECT_EQ(percent_change(Money(360), Money(540)), "+50.0%");
  // half away from zero: 1 -> 1.0005 is +0.05% -> +0.1%; 1 -> 0.9995 is -0.05% -> -0.1%
  EXPECT_EQ(percent_change(Money(1), Money::from_micros(1'000'500)), "+0.1%");
  EXPECT_EQ(percent_change(Money(1), Money::from_micros(999'500)), "\xe2\x88\x92" "0.1%");
  EXPECT_EQ(percent_change(Money(50), Money(50)), "0.0%");
  EXPECT_EQ(percent_change(Money{}, Money(117)), "new");
  EXPECT_EQ(percent_change(Money{}, Money{}), "");
  EXPECT_EQ(percent_change(Money(-10), Money(5)), "n/a");
}

TEST(whatif_report_test, histogram_bins_are_symmetric_around_unchanged) {
  const Compared x;
  // changes: raj -150, lee -110, maria +180, kim +120, zoe 0. By size 110, 120, 150, 180: the
  // 90th percentile by nearest rank is the ceil(0.9 x 4) = 4th, 180; a round width for about 4
  // bins of it: 180 / 4 = 45 -> 50. The largest, 180, needs ceil(180 / 50) = 4 bins a side.
  const DeltaHistogram h = delta_histogram(payee_totals(x.c), 2);
  EXPECT_EQ(text(h.width), "50.00");
  std::vector<std::string> labels;
  std::vector<std::size_t> counts;
  for (const auto& b : h.bins) labels.push_back(b.label), counts.push_back(b.payees);
  const std::string m = "\xe2\x88\x92";
  EXPECT_EQ(labels, (std::vector<std::string>{m + "200 to " + m + "150", m + "150 to " + m + "100", m + "100 to " + m + "50",
                                              m + "50 to 0", "unchanged", "0 to 50", "50 to 100", "100 to 150",
                                              "150 to 200"}));
  // |d| in (100, 150]: raj and lee lose there, kim gains; maria in (150, 200]; zoe unchanged
  EXPECT_EQ(counts, (std::vector<std::size_t>{0, 2, 0, 0, 1, 0, 0, 1, 1}));
  EXPECT_TRUE(h.bins[4].unchanged);
  for (std::size_t k = 0; k < 4; ++k) {  // mirror images
    EXPECT_EQ(h.bins[3 - k].from, Money{} - h.bins[5 + k].to);
    EXPECT_EQ(h.bins[3 - k].to, Money{} - h.bins[5 + k].from);
  }

  // one outlier far out: the bins stay at the many's width, the sixth a side open
  //   sizes 1,000 x 9 and 50,000: the 90th percentile is the 9th, 1,000 -> width nice(250) = 500;
  //   50,000 needs 100 bins, so 6 a side, the sixth "above 2,500"
  std::vector<PayeeDelta> many;
  for (int i = 0; i < 9; ++i) many.push_back({"p" + std::to_string(i), payee_kind::person, Money(5000), Money(4000)});
  many.push_back({"top", payee_kind::person, Money(1000), Money(51000)});
  const DeltaHistogram wide = delta_histogram(many, 2);
  EXPECT_EQ(text(wide.width), "500.00");
  ASSERT_EQ(wide.bins.size(), 13u);
  EXPECT_EQ(wide.bins.front().label, "below " + m + "2,500");
  EXPECT_EQ(wide.bins[1].label, m + "2,500 to " + m + "2,000");
  EXPECT_EQ(wide.bins.back().label, "above 2,500");
  EXPECT_TRUE(wide.bins.back().open);
  EXPECT_EQ(wide.bins.back().payees, 1u);
  EXPECT_EQ(wide.bins[4].label, m + "1,000 to " + m + "500");
  EXPECT_EQ(wide.bins[4].payees, 9u);  // exactly -1,000 is in (500, 1,000] by size
}

TEST(whatif_report_test, the_plans_diff_in_words) {
  const Compared x;
  const std::string to = " \xe2\x86\x92 ";
  EXPECT_EQ(plan_changes(x.a, x.b),
            (std::vector<std::string>{"pay period: quarter" + to + "month (compared by quarter)",
                                      "base: drops rate 5%",
                                      "base: adds tiers (marginal, on sales): 0 to 10000 at 4%; above 10000 at 6%",
                                      "base: drops cap 50000",
                                      "override: rates 2%" + to + "3%",
                                      "transfer terms handover: new, threshold 5,000"}));
  EXPECT_TRUE(plan_changes(x.a, x.a).empty());

  // tiers on the same basis: band by band, only where the rate differs
  //   A: 0-100% 5%, above 8%;  B: 0-100% 4%, 100-125% 8%, above 12%
  //   stretches: (0, 100] 5 vs 4; (100, 125] 8 vs 8 (same, not listed); above 125 8 vs 12
  const Plan ta = parse_plan(testing::plan_with(R"(  - id: commission
    type: commission
    payees: {role: rep}
    tiers:
      basis: attainment
      method: marginal
      table:
        - {upto: 100%, rate: 5%}
        - {rate: 8%}
)"), "a.yaml");
  const Plan tb = parse_plan(testing::plan_with(R"(  - id: commission
    type: commission
    payees: [raj, lee]
    tiers:
      basis: attainment
      method: marginal
      table:
        - {upto: 100%, rate: 4%}
        - {upto: 125%, rate: 8%}
        - {rate: 12%}
  - id: growth
    type: team_growth
    payees: {role: manager}
    baseline: previous_year
    hurdle: 5%
    rate: 5%
)"), "b.yaml");
  EXPECT_EQ(plan_changes(ta, tb),
            (std::vector<std::string>{
                "commission: payees role rep" + to + "listed payees raj, lee",
                "commission: tiers (marginal, on % of quota): 0 to 100% at 4%; 100% to 125% at 8%; above 125% at 12% "
                "(was 0 to 100% at 5%; above 100% at 8%)",
                "commission: from 0% to 100% of quota: 5%" + to + "4%",
                "commission: above 125% of quota: 8%" + to + "12%",
                "growth: new, team_growth for role manager: baseline previous_year, hurdle 5%, rate 5%, include_own false"}));
  EXPECT_EQ(plan_changes(tb, ta).back(), "growth: removed (was team_growth for role manager: baseline previous_year, "
                                         "hurdle 5%, rate 5%, include_own false)");
}

TEST(whatif_report_test, the_page_shows_the_breakdowns_and_every_payee) {
  const Compared x;
  const std::string page = report_of(x);
  for (const char* expected :
       {"Plan B would have cost 40.00 USD more</b> (+1.9%)", "<td>total cost</td><td>2,150.00</td><td>2,190.00</td>",
        "<li><b>override</b>: rates 2% \xe2\x86\x92 3%</li>", "<td>base</td><td>1,500.00</td><td>1,240.00</td>",
        "<td>maria (Maria Lopez), 2 people</td><td>1,110.00</td><td>1,140.00</td>", "Cost per quarter",
        "<td class='text'>Lee Chen</td><td class='text'>rep</td><td class='text'>kim</td>",
        "\xe2\x88\x92" "14.7%", "viewBox='0 0 960 ", "width='100%'", "href='data:text/csv;charset=utf-8,payee,kind,name,role,reports_to"})
    EXPECT_NE(page.find(expected), std::string::npos) << expected;
  EXPECT_EQ(page.find("width='760'"), std::string::npos);  // no fixed-width chart
  // every payee has a row (5), not only the top gainers and losers
  const std::size_t table = page.find("Every payee");
  ASSERT_NE(table, std::string::npos);
  std::size_t payee_rows = 0;
  for (std::size_t at = page.find("<tr><td>", table); at != std::string::npos; at = page.find("<tr><td>", at + 1)) ++payee_rows;
  EXPECT_EQ(payee_rows, 5u);
  // without the inputs: the same totals, no plan diff, no names
  std::ostringstream bare;
  write_html_report(bare, x.c);
  EXPECT_NE(bare.str().find("<td>total cost</td><td>2,150.00</td><td>2,190.00</td>"), std::string::npos);
  EXPECT_EQ(bare.str().find("Lee Chen"), std::string::npos);
  EXPECT_NE(bare.str().find("The plans were not given to the report"), std::string::npos);
}

// The page in headless Chromium: the DOM after scripts have run holds what
// a reader must see, and screenshots at a desktop's and a phone's width are
// drawn (left in $TMPDIR/payplan-whatif-report-test to look at).
TEST(whatif_report_test, renders_in_headless_chromium) {
  if (!testing::on_path("chromium")) GTEST_SKIP() << "chromium is not on PATH";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "payplan-whatif-report-test";
  std::filesystem::create_directories(dir);
  const Compared x;
  const std::filesystem::path page = dir / "report.html";
  std::ofstream(page) << report_of(x);
  testing::check_renders(page,
                         {"2,150.00", "2,190.00", "+40.00", "<td>base</td><td>1,500.00</td>", "rates 2% \xe2\x86\x92 3%",
                          "drops cap 50000", "\xe2\x88\x92" "150 to \xe2\x88\x92" "100", "unchanged", "150 to 200",
                          "<table class=\"numbers sortable js\">"},  // the script ran: the heads sort
                         {1280, 420}, 2400, 10000);
}

// At a phone's and a desktop's width, what a finance director must see is
// laid out inside the window: the verdict, the totals, the component
// breakdown (by hand above: base 1,500.00 -> 1,240.00, override 600.00 ->
// 900.00, bonus 50.00 -> 50.00), the plan diff and the histogram's bins;
// wide tables scroll inside their box, the page never sideways.
TEST(whatif_report_test, a_reader_sees_the_verdict_totals_and_breakdown_at_two_widths) {
  if (!testing::on_path("chromium")) GTEST_SKIP() << "chromium is not on PATH";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "payplan-whatif-report-test";
  std::filesystem::create_directories(dir);
  const Compared x;
  const std::filesystem::path page = dir / "layout-report.html";
  std::ofstream(page) << report_of(x);
  const std::vector<std::string> selectors{"p.verdict", "h2", "ul.changes li", "h2 + .scroll table tbody tr"};
  for (int width : {420, 1280}) {
    SCOPED_TRACE("window width " + std::to_string(width));
    const testing::Layout l = testing::layout_at(page, width, selectors);
    ASSERT_GT(l.viewport, 0);
    EXPECT_LE(l.scroll_width, l.viewport) << "the page scrolls sideways";
    ASSERT_EQ(l.boxes.count("p.verdict"), 1u);
    const testing::Box& verdict = l.boxes.at("p.verdict").front();
    EXPECT_TRUE(verdict.text.starts_with("Plan B would have cost 40.00 USD more (+1.9%)")) << verdict.text;
    testing::expect_visible(l, verdict, "the verdict");
    // the sections a reader looks for, each laid out
    const auto heads = testing::texts(l, "h2");
    for (const char* h : {"What changed between the plans", "By component", "By role", "By manager's team", "Every payee"})
      EXPECT_NE(std::find(heads.begin(), heads.end(), h), heads.end()) << h;
    for (const testing::Box& b : l.boxes.at("h2")) testing::expect_visible(l, b, b.text);
    // the plan diff: the override's rate
    const auto changes = testing::texts(l, "ul.changes li");
    EXPECT_NE(std::find(changes.begin(), changes.end(), "override: rates 2% \xe2\x86\x92 3%"), changes.end());
    // the totals and the component breakdown, rows of the tables after a heading
    const auto rows = testing::texts(l, "h2 + .scroll table tbody tr");
    for (const char* row : {"base1,500.001,240.00\xe2\x88\x92" "260.00\xe2\x88\x92" "17.3%"})
      EXPECT_NE(std::find(rows.begin(), rows.end(), row), rows.end()) << row;
    for (const testing::Box& b : l.boxes.at("h2 + .scroll table tbody tr")) {
      EXPECT_GT(b.width, 0) << b.text;
      EXPECT_GE(b.left, 0) << b.text;
    }
  }
}

}  // namespace
}  // namespace payplan
