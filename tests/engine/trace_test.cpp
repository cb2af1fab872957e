// explain as a recorded trace (engine/trace.hpp): what each stage decided about a
// line, for order lines and period-level lines, against hand-worked numbers.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "engine_fixture.hpp"

using payplan::testing::Evaluated;
using payplan::testing::orders;

namespace {

using payplan::testing::growth_org;
const auto plan_of = payplan::testing::team_plan;

// growth_org (engine_fixture.hpp) with quotas for the coaching bonus
const std::string quota_org = growth_org + R"(quotas:
  - {person: raj, period: 2026-Q1, amount: 2000}
  - {person: lee, period: 2026-Q1, amount: 1000}
)";

std::vector<payplan::LineTrace> explain_period(const Evaluated& r, const std::string& payee, const std::string& period,
                                               const std::string& component = "") {
  return payplan::explain(r.plan, r.org, r.ledger,
                          payplan::TraceRequest{payee, "", payplan::parse_period(period), component});
}

// The step that starts with `start`, or "" (a failure names what was there).
std::string step(const payplan::LineTrace& x, const std::string& start) {
  for (const std::string& s : x.steps)
    if (s.rfind(start, 0) == 0) return s;
  std::string all;
  for (const std::string& s : x.steps) all += "\n  " + s;
  ADD_FAILURE() << "no step starting '" << start << "' in:" << all;
  return "";
}

const std::string growth_rows = orders(
    "B1,2025-02-01,R1,1000,,,\n"
    "B2,2025-02-01,L1,1000,,,\n"
    "B3,2025-02-01,M2,500,,,\n"
    "C1,2026-02-01,R1,1200,,,\n"
    "C2,2026-02-01,L1,1000,,,\n"
    "C3,2026-02-01,M2,600,,,\n"
    "C4,2026-02-01,M1,9999,,,\n");

TEST(trace_test, team_growth_shows_the_team_the_accounts_measured_current_and_baseline) {
  Evaluated r(plan_of("  - {id: mgr-growth, type: team_growth, payees: [maria], baseline: previous_year, hurdle: 5%, "
                      "rate: 10%}\n"),
              growth_org, growth_rows);
  const auto lines = explain_period(r, "maria", "2026-Q1", "mgr-growth");
  ASSERT_EQ(lines.size(), 1u);
  const payplan::LineTrace& x = lines[0];
  EXPECT_EQ(x.component, "mgr-growth");
  EXPECT_EQ(x.period, "2026-Q1");
  // S on 2026-03-31: R1 (raj), L1 (lee), M2 (raj since 03-01); M1 is maria's own, not the team's
  EXPECT_EQ(step(x, "team of"), "team of maria on 2026-03-31, the last day of 2026-Q1, at all levels below: raj, lee");
  EXPECT_EQ(step(x, "accounts the team owns"),
            "accounts the team owns on 2026-03-31 (spec 4.4: ownership, not credit), 3, each measured in 2026-Q1 and "
            "in the baseline 2025-Q1 (previous_year): R1 (owner raj) 1200.00 and 1000.00; L1 (owner lee) 1000.00 and "
            "1000.00; M2 (owner raj) 600.00 and 500.00");
  // current 1200 + 1000 + 600 = 2800; baseline 1000 + 1000 + 500 = 2500; growth 300 = 12% of 2500
  EXPECT_EQ(step(x, "current"), "current = 2800.00, baseline = 2500.00, growth = current - baseline = 300.00 (12%)");
  EXPECT_EQ(step(x, "hurdle"), "hurdle 5%: met");
  EXPECT_EQ(step(x, "rate"), "rate 10% of growth: gross = 300.00 x 10%");
  EXPECT_EQ(step(x, "gross ="), "gross = 30.00");  // 300 x 10%
  EXPECT_EQ(payplan::to_string(x.amount, 2, 2), "30.00");
  EXPECT_EQ(r.statement("2026-Q1", "maria", "mgr-growth"), "30.00");  // the trace says what the run paid
}

TEST(trace_test, team_growth_below_the_hurdle_says_why_it_pays_nothing) {
  // hurdle 15%: growth 12% is below it
  Evaluated r(plan_of("  - {id: g, type: team_growth, payees: [maria], hurdle: 15%, rate: 10%}\n"), growth_org,
              growth_rows);
  const auto lines = explain_period(r, "maria", "2026-Q1");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(step(lines[0], "growth below"), "growth below the hurdle of 15%: gross = 0");
  EXPECT_EQ(payplan::to_string(lines[0].amount, 2, 2), "0.00");
}

TEST(trace_test, team_growth_marginal_tiers_on_growth_percent) {
  // growth 300 of baseline 2500 = 12%; bands: up to 10% growth (250.00) at 5%, above at 20%
  // marginal: 250 x 5% + 50 x 20% = 12.50 + 10.00 = 22.50
  Evaluated r(plan_of("  - {id: g, type: team_growth, payees: [maria], tiers: {method: marginal, "
                      "table: [{upto: 10%, rate: 5%}, {rate: 20%}]}}\n"),
              growth_org, growth_rows);
  const auto lines = explain_period(r, "maria", "2026-Q1");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(step(lines[0], "tier bounds"), "tier bounds, % growth x baseline: 10% = 250.00");
  EXPECT_EQ(step(lines[0], "marginal"),
            "marginal tiers over [0, 300.00): 250.00 at 5% (0.00 to 250.00); 50.00 at 20% (250.00 to 300.00)");
  EXPECT_EQ(payplan::to_string(lines[0].amount, 2, 2), "22.50");
}

TEST(trace_test, coaching_bonus_shows_each_direct_report_counted) {
  Evaluated r(plan_of("  - {id: coach, type: team_attainment_bonus, payees: [maria], attainment: 100%, amount: 1000}\n"),
              quota_org,
              orders("Q1,2026-01-10,R1,1500,,,\n"
                     "Q2,2026-03-31,M2,500,,,\n"    // raj's since 03-01: credited to raj
                     "Q3,2026-02-10,L1,999.99,,,\n"));
  const auto lines = explain_period(r, "maria", "2026-Q1", "coach");
  ASSERT_EQ(lines.size(), 1u);
  const payplan::LineTrace& x = lines[0];
  EXPECT_EQ(step(x, "direct reports"), "direct reports of maria on 2026-03-31, the last day of 2026-Q1: 2");
  // raj 1500 + 500 = 2000 of 2000 = 100%: at or above; lee 999.99 / 1000 = 99.999%: below
  EXPECT_EQ(step(x, "raj:"), "raj: credited sales 2000.00 of quota 2000.00 = 100%, at or above 100%");
  EXPECT_EQ(step(x, "lee:"), "lee: credited sales 999.99 of quota 1000.00 = 99.999%, below 100%");
  EXPECT_EQ(step(x, "1 of 2"), "1 of 2 at or above 100%: gross = 1000.00 x 1 = 1000.00");
  EXPECT_EQ(payplan::to_string(x.amount, 2, 2), "1000.00");
}

const std::string contest_org = R"(people:
  - {id: boss, role: manager}
  - {id: raj, role: rep, reports_to: boss}
  - {id: lee, role: rep, reports_to: boss}
  - {id: ana, role: rep, reports_to: boss}
accounts:
  - {id: RA, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: LE, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: AN, owners: [{owner: ana, from: 2019-01-01}]}
)";

TEST(trace_test, contest_tie_shows_the_places_the_pool_and_the_portion) {
  Evaluated r(plan_of("  - {id: spif, type: contest, payees: {role: rep}, window: {from: 2026-04-01, to: 2026-06-30}, "
                      "metric: sales, prizes: [5000, 2500, 1000]}\n"),
              contest_org,
              orders("K1,2026-04-10,RA,50000,,,\n"
                     "K2,2026-05-10,LE,30000,,,\n"
                     "K3,2026-05-11,AN,30000,,,\n"));
  const auto lines = explain_period(r, "ana", "2026-Q2", "spif");
  ASSERT_EQ(lines.size(), 1u);
  const payplan::LineTrace& x = lines[0];
  EXPECT_EQ(step(x, "ana:"), "ana: credited sales 30000.00, place 2 of 3 placed");
  // lee and ana tie for places 2-3: (2500 + 1000) / 2 = 1750.00 each
  EXPECT_EQ(step(x, "tied"), "tied 2 ways for places 2-3 (spec 4.6): their prizes 2500.00 + 1000.00 = 3500.00, shared equally");
  EXPECT_EQ(step(x, "portion"), "portion, 1 of 2 tied = 0.5");
  EXPECT_EQ(payplan::to_string(x.amount, 2, 2), "1750.00");
}

TEST(trace_test, rebate_is_explained_for_the_account_it_pays) {
  Evaluated r(plan_of("  - {id: rebate, type: rebate, tiers: {basis: sales, method: marginal, table: "
                      "[{upto: 100000, rate: 0%}, {upto: 500000, rate: 2%}, {rate: 3%}]}}\n"),
              growth_org,
              orders("G1,2026-01-10,R1,60000,,,\n"
                     "G2,2026-03-31,R1,50000,,,\n"));
  const auto lines = explain_period(r, "R1", "2026-Q1");
  ASSERT_EQ(lines.size(), 1u);
  const payplan::LineTrace& x = lines[0];
  // 60000 + 50000 = 110000: 100000 at 0% + 10000 at 2% = 200.00
  EXPECT_EQ(step(x, "account R1"), "account R1 (the payee, spec 4.7): its orders' sales in 2026-Q1, whoever is "
                                   "credited, = 110000.00");
  EXPECT_EQ(step(x, "marginal"), "marginal tiers over [0, 110000.00): 100000.00 at 0% (0.00 to 100000.00); "
                                 "10000.00 at 2% (100000.00 to 110000.00)");
  EXPECT_EQ(payplan::to_string(x.amount, 2, 2), "200.00");
}

TEST(trace_test, a_period_request_covers_order_lines_and_period_lines_of_every_component) {
  Evaluated r(plan_of("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"
                      "  - {id: ovr, type: override, payees: [maria], rates: [1%]}\n"
                      "  - {id: g, type: team_growth, payees: [maria], rate: 10%}\n"),
              growth_org, growth_rows);
  // maria's lines in 2026-Q1: override on C1 and C2 (credited to raj and lee) and team growth;
  // C3 on M2 (2026-02-01, before the handover on 03-01) and C4 are her own orders (include_own false)
  const auto lines = explain_period(r, "maria", "2026-Q1");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].component, "ovr");
  EXPECT_EQ(payplan::to_string(lines[0].amount, 2, 2), "12.00");  // C1: 1200 x 1%
  EXPECT_EQ(payplan::to_string(lines[1].amount, 2, 2), "10.00");  // C2: 1000 x 1%
  EXPECT_EQ(lines[2].component, "g");
  EXPECT_EQ(payplan::to_string(lines[2].amount, 2, 2), "30.00");  // growth 300 x 10%
  // one component only
  EXPECT_EQ(explain_period(r, "maria", "2026-Q1", "g").size(), 1u);
  // raj's: base on C1 only, 1200 x 5% = 60.00
  const auto raj = explain_period(r, "raj", "2026-Q1");
  ASSERT_EQ(raj.size(), 1u);
  EXPECT_EQ(payplan::to_string(raj[0].amount, 2, 2), "60.00");
}

TEST(trace_test, cap_step_shows_the_running_total_and_the_cut) {
  // cap 100 a quarter at 10%: C1 1200 -> 120.00 rounded, room 100: cut to 100.00;
  // C3 600 -> 60.00, room 0: cut to 0.00
  Evaluated r(plan_of("  - {id: base, type: commission, payees: [raj], rate: 10%, cap: 100}\n"), growth_org,
              orders("C1,2026-01-10,R1,1200,,,\nC3,2026-02-10,R1,600,,,\n"));
  const auto c1 = payplan::explain(r.plan, r.org, r.ledger, "raj", "C1");
  ASSERT_EQ(c1.size(), 1u);
  EXPECT_EQ(step(c1[0], "cap"), "cap 100.00 for the period: paid before this line 0.00, room 100.00: the line's "
                                "120.00 is cut to 100.00; total 100.00");
  const auto c3 = payplan::explain(r.plan, r.org, r.ledger, "raj", "C3");
  ASSERT_EQ(c3.size(), 1u);
  EXPECT_EQ(step(c3[0], "cap"), "cap 100.00 for the period: paid before this line 100.00, room 0.00: the line's "
                                "60.00 is cut to 0.00; total 100.00");
}

TEST(trace_test, requests_that_name_nothing_are_errors_naming_the_file) {
  Evaluated r(plan_of("  - {id: g, type: team_growth, payees: [maria], rate: 10%}\n"), growth_org, growth_rows);
  auto message = [&](const payplan::TraceRequest& q) -> std::string {
    try {
      (void)payplan::explain(r.plan, r.org, r.ledger, q);
    } catch (const payplan::input_error& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(message({"zed", "", payplan::parse_period("2026-Q1"), ""}),
            "org.yaml: no person or account 'zed' in the org");
  EXPECT_EQ(message({"maria", "", payplan::parse_period("2026-Q1"), "nope"}),
            "plan.yaml: no component 'nope' in plan 'team'");
  EXPECT_EQ(message({"maria", "", payplan::parse_period("2026-02"), ""}),
            "plan.yaml: period 2026-02 is not a period of plan 'team', which pays by quarter");
  EXPECT_EQ(message({"maria", "", std::nullopt, ""}), "plan.yaml: explain needs an order or a period");
  EXPECT_EQ(message({"maria", "NOPE", std::nullopt, ""}), "orders.csv: no order 'NOPE' in the ledger");
}

// an untraced run's tracer is off and empty: nothing to record, nothing to check
static_assert(!payplan::detail::no_trace::on && payplan::detail::line_tracer::on);
static_assert(std::is_empty_v<payplan::detail::no_trace>);

}  // namespace

namespace {

// Every line of a run has its record, with the amount the run paid: the
// full-plan example (every component type, transfers, returns, a cap) is
// explained payee by payee and period by period, and the records are
// matched to the run's lines by (component, amount) in the order each
// component made them.
TEST(trace_test, every_line_of_the_full_plan_has_a_record_with_its_amount) {
  const std::string dir = std::string(PAYPLAN_SOURCE_DIR) + "/rules-examples/full-plan/";
  const payplan::Plan plan = payplan::load_plan(dir + "plan.yaml");
  const payplan::Org org = payplan::load_org(dir + "org.yaml");
  const payplan::Ledger ledger = payplan::load_orders(dir + "orders.csv", plan.currency);
  const payplan::Result result = payplan::evaluate(plan, org, ledger);
  // the run's lines per (payee id, period), as (component, amount), in the run's order
  std::map<std::pair<std::string, std::int32_t>, std::vector<std::pair<std::string, std::int64_t>>> paid;
  for (const payplan::Line& l : result.lines)
    paid[{std::string(result.payee_of(l)), l.period}].emplace_back(result.components[l.component], l.amount.micros());
  std::size_t explained = 0;
  for (const auto& [who, lines] : paid) {
    const payplan::Period period(plan.period, who.second);
    const auto records = payplan::explain(plan, org, ledger, payplan::TraceRequest{who.first, "", period, ""});
    std::vector<std::pair<std::string, std::int64_t>> traced;
    for (const payplan::LineTrace& x : records) {
      EXPECT_EQ(x.period, payplan::to_string(period));
      EXPECT_GE(x.steps.size(), 4u) << who.first << " " << x.component;  // crediting or measure, gross, factors, rounding
      traced.emplace_back(x.component, x.amount.micros());
    }
    // the engine makes lines component by component; order both sides so
    // that a component's lines keep their order
    auto by_component = [&](std::vector<std::pair<std::string, std::int64_t>> v) {
      std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      return v;
    };
    EXPECT_EQ(by_component(traced), by_component(lines)) << who.first << " " << payplan::to_string(period);
    explained += records.size();
  }
  EXPECT_EQ(explained, result.lines.size());
  EXPECT_GT(result.lines.size(), 700u);  // 723 orders: most pay a line or more
}

}  // namespace
