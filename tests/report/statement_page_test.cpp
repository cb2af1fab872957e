// payplan/report/statement_page.hpp: a payee's statement page for one period
// and the index of a run's statements (issue 16), on a plan worked by hand.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "report/chromium_layout.hpp"
#include "loader_fixture.hpp"
#include "payplan/report/report.hpp"  // links payplan::report (tests/CMakeLists.txt)
#include "payplan/report/statement_page.hpp"

namespace payplan {
namespace {

using testing::Box;
using testing::contains;
using testing::expect_visible;
using testing::Layout;
using testing::layout_at;
using testing::on_path;
using testing::texts;
using testing::Evaluated;
using testing::orders;
using testing::period;

// A 5% base commission for reps, and raj's accelerator: marginal tiers on
// attainment of his 100,000 quota, capped at 3,000 a quarter.
const std::string plan_yaml = testing::plan_with(R"(  - id: base
    type: commission
    payees: {role: rep}
    rate: 5%
  - id: accelerator
    type: commission
    payees: [raj]
    tiers:
      basis: attainment
      method: marginal
      table:
        - {upto: 100%, rate: 2%}
        - {upto: 150%, rate: 4%}
        - {rate: 6%}
    cap: 3000
)");

// maria manages raj, lee and a rep whose id and name need escaping.
const std::string org_yaml = R"(people:
  - {id: maria, name: Maria Lopez, role: manager}
  - {id: raj, name: Raj Patel, role: rep, reports_to: maria}
  - {id: lee, name: Lee Chen, role: rep, reports_to: maria}
  - {id: "r&d<1>", name: "Ana <&> Souza", role: rep, reports_to: maria}
accounts:
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: "ACC&<2>", owners: [{owner: "r&d<1>", from: 2019-01-01}]}
quotas:
  - {person: raj, period: 2026-Q1, amount: 100000}
  - {person: lee, period: 2026-Q2, amount: 80000}
)";

// raj in 2026-Q1, by hand (spec 4.1):
//   base 5%:   O-1 60,000 -> 3,000.00; O-2 50,000 -> 2,500.00; O-3 30,000 -> 1,500.00;
//              R-1 returns 10,000 of O-2: -2,500 x 10,000/50,000 = -500.00.   base = 6,500.00
//   accelerator, quota 100,000 (bounds 100,000 and 150,000), cap 3,000:
//              O-1 [0, 60,000) at 2% = 1,200.00                       (running 1,200)
//              O-2 [60,000, 110,000): 40,000 x 2% + 10,000 x 4% = 1,200.00 (running 2,400)
//              O-3 [110,000, 140,000) at 4% = 1,200.00, cut to the room 600.00 (running 3,000)
//              R-1 claws back O-2: -1,200 x 10,000/50,000 = -240.00    accelerator = 2,760.00
//   total 6,500.00 + 2,760.00 = 9,260.00
// r&d<1> in 2026-Q1: X&<9> 1,000 x 5% = 50.00. lee in 2026-Q2: L-1 20,000 x 5% = 1,000.00.
const std::string orders_csv = orders(R"(O-1,2026-01-10,R1,60000,raj,,
O-2,2026-02-10,R1,50000,raj,,
O-3,2026-03-01,R1,30000,raj,,
R-1,2026-03-15,R1,-10000,raj,O-2,
"X&<9>",2026-02-01,"ACC&<2>",1000,,,
L-1,2026-04-05,L1,20000,lee,,
)");

std::string page_of(const Evaluated& e, const std::string& payee, const char* label) {
  std::ostringstream out;
  write_statement_page(out, e.plan, e.org, e.ledger, e.result, payee, period(label));
  return out.str();
}

// The sum of the payee's rows of the period in statements.csv (spec 5).
Money statements_sum(const Result& r, const std::string& payee, Period p) {
  Money sum;
  for (const Statement& s : r.statements())
    if (r.payee_of(s) == payee && s.period == p) sum += s.amount;
  return sum;
}

// The text of every <details> element of a page.
std::vector<std::string> details_of(const std::string& page) {
  std::vector<std::string> blocks;
  for (std::size_t at = page.find("<details>"); at != std::string::npos; at = page.find("<details>", at + 1))
    blocks.push_back(page.substr(at, page.find("</details>", at) - at));
  return blocks;
}

std::string escaped(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

TEST(statement_page_test, shows_the_payee_and_the_hand_worked_totals) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  ASSERT_EQ(e.statement("2026-Q1", "raj", "base"), "6500.00");
  ASSERT_EQ(e.statement("2026-Q1", "raj", "accelerator"), "2760.00");
  const StatementPage page = statement_page(e.plan, e.org, e.ledger, e.result, "raj", period("2026-Q1"));
  EXPECT_EQ(page.name, "Raj Patel");
  EXPECT_EQ(page.role, "rep");
  ASSERT_TRUE(page.quota);
  EXPECT_EQ(*page.quota, testing::money("100000"));
  EXPECT_FALSE(page.quota_rolled_up);
  EXPECT_EQ(page.total, testing::money("9260.00"));
  EXPECT_EQ(page.total, statements_sum(e.result, "raj", period("2026-Q1")));
  ASSERT_EQ(page.components.size(), 2u);
  EXPECT_EQ(page.components[0].id, "base");  // plan order
  EXPECT_EQ(page.components[0].total, testing::money("6500.00"));
  EXPECT_EQ(page.components[1].total, testing::money("2760.00"));
  EXPECT_EQ(page.components[0].lines.size(), 4u);
  EXPECT_EQ(page.components[1].lines.size(), 4u);

  const std::string html = page_of(e, "raj", "2026-Q1");
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(contains(html, "Raj Patel"));
  EXPECT_TRUE(contains(html, ">rep "));
  EXPECT_TRUE(contains(html, "<code>raj</code>"));
  EXPECT_TRUE(contains(html, "<code>test</code>"));  // the plan's id
  EXPECT_TRUE(contains(html, "100,000.00 USD"));                                 // the quota
  EXPECT_TRUE(contains(html, "9,260.00 USD"));
  EXPECT_TRUE(contains(html, "6,500.00 USD"));
  EXPECT_TRUE(contains(html, "2,760.00 USD"));
  EXPECT_TRUE(contains(html, "-240.00 USD"));  // the clawback of the accelerator
  EXPECT_TRUE(contains(html, "@media print"));
  // self-contained: no script, nothing fetched
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_FALSE(contains(html, "http://"));
  EXPECT_FALSE(contains(html, "https://"));
  EXPECT_FALSE(contains(html, "<details open"));  // closed by default
}

TEST(statement_page_test, shows_attainment_the_tier_reached_and_the_cap) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const StatementPage page = statement_page(e.plan, e.org, e.ledger, e.result, "raj", period("2026-Q1"));
  // base is a flat rate: no tiers, no cap
  EXPECT_FALSE(page.components[0].tiers);
  EXPECT_FALSE(page.components[0].cap);
  // accelerator, by hand: c = 60,000 + 50,000 + 30,000 - 10,000 (R-1) = 130,000 credited at the
  // quarter's end; quota 100,000, so attainment 130%; the bounds are 100% = 100,000 and
  // 150% = 150,000, so 130,000 is in tier 2 of 3 at 4%; the next, 6%, starts at 150,000:
  // 150,000 - 130,000 = 20,000 to go.
  const StatementComponent& acc = page.components[1];
  ASSERT_TRUE(acc.tiers);
  const TierStanding& t = *acc.tiers;
  EXPECT_EQ(t.credited, testing::money("130000"));
  ASSERT_TRUE(t.quota);
  EXPECT_EQ(*t.quota, testing::money("100000"));
  ASSERT_TRUE(t.attainment);
  EXPECT_EQ(to_percent_string(*t.attainment), "130%");
  EXPECT_EQ(t.tier, 1u);  // 0-based
  EXPECT_EQ(t.tier_count, 3u);
  EXPECT_EQ(to_percent_string(t.rate), "4%");
  ASSERT_TRUE(t.next_from);
  EXPECT_EQ(*t.next_from, testing::money("150000"));
  EXPECT_EQ(to_percent_string(*t.next_from_percent), "150%");
  EXPECT_EQ(to_percent_string(*t.next_rate), "6%");
  EXPECT_EQ(*t.to_next(), testing::money("20000"));
  // cap 3,000: O-1 1,200 + O-2 1,200 + O-3 1,200 before the cap = 3,600, less R-1's -240 = 3,360;
  // O-3 was cut to 600, so the cap held back 1,200 - 600 = 600, and 3,360 - 600 = 2,760 was paid.
  ASSERT_TRUE(acc.cap);
  EXPECT_EQ(*acc.cap, testing::money("3000"));
  EXPECT_EQ(acc.held_back_by_cap(), testing::money("600"));
  EXPECT_TRUE(acc.lines[2].cut);
  ASSERT_TRUE(acc.lines[2].before_cap);
  EXPECT_EQ(*acc.lines[2].before_cap, testing::money("1200"));
  EXPECT_FALSE(acc.lines[0].cut);

  ASSERT_NE(page.attainment(), nullptr);
  const std::string html = page_of(e, "raj", "2026-Q1");
  EXPECT_TRUE(contains(html, "<dt>Attainment</dt><dd>130.0%"));
  EXPECT_TRUE(contains(html, "tier 2 of 3, at 4%"));
  EXPECT_TRUE(contains(html, "<b class='to-next'><span class='amt'>20,000.00 USD</span></b> to go"));
  EXPECT_TRUE(contains(html, "from 150% of quota (<span class='amt'>150,000.00 USD</span>)"));
  EXPECT_TRUE(contains(html, "came to <span class='amt'>3,360.00 USD</span>; the cap held back"));
  EXPECT_TRUE(contains(html, "<span class='tag cut'>capped</span>"));
  EXPECT_TRUE(contains(html, "<div class='bar' role='presentation'><span style='width:86.6%'>"));  // 130,000 / 150,000
}

// spec 4.2 on a statement: lee takes over K1 on 2026-02-15 under terms with a
// one-month delay, a 50,000 threshold and a ramp by months.
TEST(statement_page_test, shows_how_a_transferred_accounts_terms_stand) {
  const std::string plan = R"(plan: handover
currency: USD
period: quarter
rounding: half_even
effective: {from: 2026-01-01, to: 2026-12-31}
transfer_terms:
  handover:
    delay: 1 month
    threshold: 50000
    ramp:
      by: months
      steps:
        - {from: 0, share: 25%}
        - {from: 3, share: 50%}
        - {from: 6, share: 100%}
components:
  - id: base
    type: commission
    payees: {role: rep}
    rate: 5%
)";
  const std::string org = R"(people:
  - {id: raj, role: rep}
  - {id: lee, name: Lee Chen, role: rep}
accounts:
  - {id: K1, owners: [{owner: raj, from: 2019-01-01}, {owner: lee, from: 2026-02-15, terms: handover}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
)";
  const std::string csv = orders(R"(K-0,2026-01-20,K1,30000,raj,,
K-1,2026-03-01,K1,20000,lee,,
K-2,2026-05-10,K1,40000,lee,,
L-1,2026-02-01,L1,1000,lee,,
)");
  const Evaluated e(plan, org, csv);
  // Q1, as of 2026-03-31: s = K-1's 20,000 (K-0 is before T); threshold 50,000 - 20,000 = 30,000 to go;
  // the delay ends 2026-02-15 + 1 month = 2026-03-15, before 03-31: over; whole months from
  // 02-15 to 03-31 = 1, so the ramp's share is 25%, and the next step, 50%, starts at month 3 (2026-05-15).
  const StatementPage q1 = statement_page(e.plan, e.org, e.ledger, e.result, "lee", period("2026-Q1"));
  ASSERT_EQ(q1.transfers.size(), 1u);
  const TransferStanding& t = q1.transfers[0];
  EXPECT_EQ(t.account, "K1");
  EXPECT_EQ(t.terms, "handover");
  EXPECT_EQ(to_string(t.transferred), "2026-02-15");
  EXPECT_EQ(to_string(t.as_of), "2026-03-31");
  EXPECT_EQ(t.sales_since, testing::money("20000"));
  EXPECT_EQ(*t.to_threshold(), testing::money("30000"));
  EXPECT_EQ(to_string(*t.delay_ends), "2026-03-15");
  EXPECT_EQ(t.months_elapsed, 1);
  EXPECT_EQ(to_percent_string(*t.ramp_share), "25%");
  ASSERT_TRUE(t.next_step);
  EXPECT_EQ(t.next_step->from_months, 3);
  std::ostringstream out;
  write_statement_page(out, q1);
  const std::string html = out.str();
  EXPECT_TRUE(contains(html, "Accounts transferred to you"));
  EXPECT_TRUE(contains(html, "<b class='to-threshold'><span class='amt'>30,000.00 USD</span></b> to go"));
  EXPECT_TRUE(contains(html, "before 2026-03-15 <span class='done'>(over)</span>"));
  EXPECT_TRUE(contains(html, "share <b class='ramp-share'>25%</b> (month 1 since the transfer); next 50% from month 3 (2026-05-15)"));
  // raj no longer owns K1 under terms: nothing is listed for him
  EXPECT_TRUE(statement_page(e.plan, e.org, e.ledger, e.result, "raj", period("2026-Q1")).transfers.empty());

  // Q2, as of 2026-06-30: s = 20,000 + 40,000 = 60,000, past the threshold; 4 whole months: 50%, next 100% at month 6
  const StatementPage q2 = statement_page(e.plan, e.org, e.ledger, e.result, "lee", period("2026-Q2"));
  ASSERT_EQ(q2.transfers.size(), 1u);
  EXPECT_EQ(q2.transfers[0].sales_since, testing::money("60000"));
  EXPECT_TRUE(q2.transfers[0].to_threshold()->is_zero());
  EXPECT_EQ(q2.transfers[0].months_elapsed, 4);
  EXPECT_EQ(to_percent_string(*q2.transfers[0].ramp_share), "50%");
  EXPECT_EQ(q2.transfers[0].next_step->from_months, 6);
}

// One traced run for many pages (statement_pages) makes the same pages as
// one page at a time: every statement of the run, rendered both ways.
TEST(statement_page_test, a_batch_of_pages_is_the_pages_one_by_one) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  std::vector<StatementRequest> all;
  for (const Statement& s : e.result.statements())
    if (all.empty() || all.back().payee != e.result.payee_of(s) || all.back().period != s.period)
      all.push_back({std::string(e.result.payee_of(s)), e.result.payees.kind(s.payee), s.period});
  ASSERT_EQ(all.size(), 3u);  // raj and r&d<1> in 2026-Q1, lee in 2026-Q2 (nothing pays maria, a manager)
  const std::vector<StatementPage> batch = statement_pages(e.plan, e.org, e.ledger, e.result, all);
  ASSERT_EQ(batch.size(), all.size());
  std::size_t with_lines = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    std::ostringstream one, many;
    write_statement_page(one, statement_page(e.plan, e.org, e.ledger, e.result, all[k].payee, all[k].period));
    write_statement_page(many, batch[k]);
    EXPECT_EQ(one.str(), many.str()) << all[k].payee;
    for (const StatementComponent& c : batch[k].components)
      for (const StatementLine& l : c.lines) with_lines += l.steps.empty() ? 0 : 1;
  }
  EXPECT_EQ(with_lines, 4u + 4u + 1u + 1u);  // raj's 8, r&d<1>'s X&<9>, lee's L-1: each explained
}

TEST(statement_page_test, each_line_explains_itself_inside_details) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const StatementPage page = statement_page(e.plan, e.org, e.ledger, e.result, "raj", period("2026-Q1"));
  std::ostringstream out;
  write_statement_page(out, page);
  const std::vector<std::string> blocks = details_of(out.str());
  ASSERT_EQ(blocks.size(), 8u);  // 4 lines in each of 2 components
  std::size_t b = 0;
  for (const StatementComponent& c : page.components)
    for (const StatementLine& l : c.lines) {
      ASSERT_FALSE(l.steps.empty()) << c.id << " " << l.order_id;
      const std::string& block = blocks[b++];
      // the summary names the order, date, account and paid amount
      const std::string summary = block.substr(0, block.find("</summary>"));
      EXPECT_TRUE(contains(summary, "<code>" + l.order_id + "</code>")) << summary;
      EXPECT_TRUE(contains(summary, to_string(*l.date)));
      EXPECT_TRUE(contains(summary, l.account));
      // the body holds the numbered steps explain recorded, every one
      const std::string body = block.substr(block.find("</summary>"));
      EXPECT_TRUE(contains(body, "<ol class='steps'>"));
      for (const std::string& step : l.steps) EXPECT_TRUE(contains(body, "<li>" + escaped(step) + "</li>")) << step;
    }
  // the cap cut O-3's accelerator line (spec 4.1), and the steps say so
  const StatementLine& cut = page.components[1].lines[2];
  EXPECT_EQ(cut.order_id, "O-3");
  EXPECT_EQ(cut.amount, testing::money("600.00"));
  bool says_cut = false;
  for (const std::string& s : cut.steps) says_cut |= contains(s, "is cut to 600.00");
  EXPECT_TRUE(says_cut);
  const StatementLine& clawback = page.components[1].lines[3];
  EXPECT_EQ(clawback.order_id, "R-1");
  EXPECT_TRUE(contains(clawback.note, "clawback of O-2"));
}

TEST(statement_page_test, escapes_ids_names_and_notes) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const std::string html = page_of(e, "r&d<1>", "2026-Q1");
  EXPECT_TRUE(contains(html, "r&amp;d&lt;1&gt;"));
  EXPECT_TRUE(contains(html, "Ana &lt;&amp;&gt; Souza"));
  EXPECT_TRUE(contains(html, "X&amp;&lt;9&gt;"));
  EXPECT_TRUE(contains(html, "ACC&amp;&lt;2&gt;"));
  EXPECT_TRUE(contains(html, "50.00 USD"));
  for (const char* raw : {"r&d<1>", "<&>", "X&<9>", "ACC&<2>"}) EXPECT_FALSE(contains(html, raw)) << raw;
}

TEST(statement_page_test, a_manager_without_a_quota_shows_the_roll_up) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const StatementPage page = statement_page(e.plan, e.org, e.ledger, e.result, "maria", period("2026-Q1"));
  ASSERT_TRUE(page.quota);  // spec 3: raj's 100,000 is the only quota below her in Q1
  EXPECT_EQ(*page.quota, testing::money("100000"));
  EXPECT_TRUE(page.quota_rolled_up);
  EXPECT_TRUE(page.components.empty());
  EXPECT_TRUE(page.total.is_zero());
}

TEST(statement_page_test, file_names_are_safe_and_unique) {
  EXPECT_EQ(statement_file_name("raj", period("2026-Q1")), "raj-2026-Q1.html");
  EXPECT_EQ(statement_file_name("acme-partners", period("2026-Q1")), "acme-partners-2026-Q1.html");
  EXPECT_EQ(statement_file_name("Raj", period("2026-Q1")), "_raj-2026-Q1.html");
  EXPECT_EQ(statement_file_name("r&d<1>", period("2026-Q1")), "r__26d__3c1__3e-2026-Q1.html");
  EXPECT_EQ(statement_file_name("../x", period("2026-Q1")), "__2e__2e__2fx-2026-Q1.html");
  EXPECT_NE(statement_file_name("raj", period("2026-Q1")), statement_file_name("raj", period("2026-Q1"),
                                                                               payee_kind::account));
  EXPECT_NE(statement_file_name("a_b", period("2026-Q1")), statement_file_name("a_B", period("2026-Q1")));
}

TEST(statement_page_test, the_index_lists_every_statement_with_its_total_and_link) {
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  std::ostringstream out;
  write_statement_index(out, e.plan, e.org, e.result);
  const std::string html = out.str();
  struct row {
    const char* payee;
    const char* period;
    const char* total;
  };
  for (const row& r : {row{"raj", "2026-Q1", "9,260.00 USD"}, row{"r&d<1>", "2026-Q1", "50.00 USD"},
                       row{"lee", "2026-Q2", "1,000.00 USD"}}) {
    const std::string link = "<a href='" + statement_file_name(r.payee, period(r.period)) + "'>";
    const std::size_t at = html.find(link);
    ASSERT_NE(at, std::string::npos) << link;
    const std::string tr = html.substr(html.rfind("<tr>", at), html.find("</tr>", at) - html.rfind("<tr>", at));
    EXPECT_TRUE(contains(tr, r.period)) << tr;
    EXPECT_TRUE(contains(tr, r.total)) << tr;
    EXPECT_TRUE(contains(tr, escaped(r.payee))) << tr;
  }
  EXPECT_TRUE(contains(html, "Raj Patel"));
  EXPECT_TRUE(contains(html, "10,310.00 USD"));  // 9,260 + 50 + 1,000
  EXPECT_FALSE(contains(html, "r&d<1>"));
}

// The bundled example: raj's 2026-Q1 page adds up to statements.csv's rows.
TEST(statement_page_test, basic_commission_example_adds_up) {
  const std::filesystem::path dir = std::filesystem::path(PAYPLAN_SOURCE_DIR) / "rules-examples" / "basic-commission";
  const Plan plan = load_plan(dir / "plan.yaml");
  const Org org = load_org(dir / "org.yaml");
  const Ledger ledger = load_orders(dir / "orders.csv", plan.currency);
  const Result result = evaluate(plan, org, ledger);
  for (const char* payee : {"raj", "maria", "acme-partners"}) {
    const StatementPage page = statement_page(plan, org, ledger, result, payee, period("2026-Q1"));
    EXPECT_EQ(page.total, statements_sum(result, payee, period("2026-Q1"))) << payee;
    for (const StatementComponent& c : page.components) {
      Money lines;
      for (const StatementLine& l : c.lines) {
        EXPECT_FALSE(l.steps.empty()) << payee << " " << c.id << " " << l.order_id;
        lines += l.amount;
      }
      EXPECT_EQ(lines, c.total) << payee << " " << c.id;
    }
  }
}

// "12,345.67": an amount with thousands separators, as the page shows it.
std::string grouped_for_test(Money m) {
  std::string t = to_string(m, 2, 2), out;
  const std::size_t start = t[0] == '-' ? 1 : 0, dot = t.find('.');
  out = t.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    if (i > start && (dot - i) % 3 == 0) out += ',';
    out += t[i];
  }
  return out + t.substr(dot);
}

// Renders `page` in headless Chromium: the DOM text has every one of
// `expected`, and screenshots at a phone's and a desktop's width are drawn.
void check_renders(const std::filesystem::path& page, const std::vector<std::string>& expected) {
  testing::check_renders(page, expected, {400, 1400}, 1600, 1000);
}

// The pages render in a browser (the files are left in
// $TMPDIR/payplan-statement-page-test to look at).
TEST(statement_page_test, renders_in_headless_chromium) {
  if (!on_path("chromium")) GTEST_SKIP() << "chromium is not on PATH";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "payplan-statement-page-test";
  std::filesystem::create_directories(dir);
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const std::filesystem::path page = dir / statement_file_name("raj", period("2026-Q1"));
  std::ofstream(page) << page_of(e, "raj", "2026-Q1");
  check_renders(page, {"9,260.00 USD", "Raj Patel"});

  // the bundled example: raj's 2026-Q1, and the index of the run
  const std::filesystem::path example = std::filesystem::path(PAYPLAN_SOURCE_DIR) / "rules-examples" / "basic-commission";
  const Plan plan = load_plan(example / "plan.yaml");
  const Org org = load_org(example / "org.yaml");
  const Ledger ledger = load_orders(example / "orders.csv", plan.currency);
  const Result result = evaluate(plan, org, ledger);
  const std::filesystem::path raj = dir / ("basic-commission-" + statement_file_name("raj", period("2026-Q1")));
  std::ofstream(raj) << [&] {
    std::ostringstream out;
    write_statement_page(out, plan, org, ledger, result, "raj", period("2026-Q1"));
    return out.str();
  }();
  const StatementPage shown = statement_page(plan, org, ledger, result, "raj", period("2026-Q1"));
  check_renders(raj, {"Raj Patel", std::string(grouped_for_test(shown.total)) + " USD"});
  const std::filesystem::path index = dir / "basic-commission-index.html";
  std::ofstream(index) << [&] {
    std::ostringstream out;
    write_statement_index(out, plan, org, result);
    return out.str();
  }();
  check_renders(index, {"Raj Patel", statement_file_name("raj", period("2026-Q1"))});
}

// At a phone's and a desktop's width, what raj must see of his 2026-Q1
// statement is laid out inside the window and says what the run paid: the
// total, the attainment and tier, each component's row of the summary and
// its section, the distance to the next tier; and the page never scrolls
// sideways.
TEST(statement_page_test, a_person_sees_the_total_the_tier_and_the_components_at_two_widths) {
  if (!on_path("chromium")) GTEST_SKIP() << "chromium is not on PATH";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "payplan-statement-page-test";
  std::filesystem::create_directories(dir);
  const Evaluated e(plan_yaml, org_yaml, orders_csv);
  const std::filesystem::path page = dir / "layout-raj-2026-Q1.html";
  std::ofstream(page) << page_of(e, "raj", "2026-Q1");
  const std::vector<std::string> selectors{".grand .amt", "dl.meta dd", ".tier", ".to-next",
                                           "table tbody tr td:first-child", "table tbody tr td:last-child",
                                           "section.component > h2", "summary.row"};
  for (int width : {420, 1280}) {
    SCOPED_TRACE("window width " + std::to_string(width));
    const Layout l = layout_at(page, width, selectors);
    ASSERT_GT(l.viewport, 0);
    EXPECT_LE(l.scroll_width, l.viewport) << "the page scrolls sideways";
    ASSERT_EQ(l.boxes.count(".grand .amt"), 1u);
    const Box& total = l.boxes.at(".grand .amt").front();
    EXPECT_EQ(total.text, "9,260.00 USD");  // 6,500.00 + 2,760.00, by hand above
    expect_visible(l, total, "the total");
    // the head: plan, period, currency, quota, attainment (130,000 / 100,000, tier 2 of 3 at 4%)
    const auto meta = texts(l, "dl.meta dd");
    ASSERT_EQ(meta.size(), 5u);
    EXPECT_EQ(meta[3], "100,000.00 USD");
    EXPECT_EQ(meta[4], "130.0% (tier 2 of 3, 4%)");
    for (const Box& b : l.boxes.at("dl.meta dd")) expect_visible(l, b, b.text);
    ASSERT_EQ(texts(l, ".tier"), std::vector<std::string>{"tier 2 of 3, at 4%"});
    expect_visible(l, l.boxes.at(".tier").front(), "the tier reached");
    EXPECT_EQ(texts(l, ".to-next"), std::vector<std::string>{"20,000.00 USD"});
    // the summary's rows: each component and the total, with their amounts
    const auto names = texts(l, "table tbody tr td:first-child");
    const auto amounts = texts(l, "table tbody tr td:last-child");
    ASSERT_EQ(names, (std::vector<std::string>{"base", "accelerator", "Total"}));
    EXPECT_EQ(amounts, (std::vector<std::string>{"6,500.00 USD", "2,760.00 USD", "9,260.00 USD"}));
    for (const Box& b : l.boxes.at("table tbody tr td:last-child")) expect_visible(l, b, b.text);
    // a section per component, its total in its head; 8 lines, each a row to open
    EXPECT_EQ(texts(l, "section.component > h2"), (std::vector<std::string>{"base6,500.00 USD", "accelerator2,760.00 USD"}));
    ASSERT_EQ(l.boxes.count("summary.row"), 1u);
    EXPECT_EQ(l.boxes.at("summary.row").size(), 8u);
    for (const Box& b : l.boxes.at("summary.row")) expect_visible(l, b, b.text);
  }
}

}  // namespace
}  // namespace payplan
