// payplan/report/statement_page.hpp: a payee's statement page for one period
// and the index of a run's statements (issue 16), on a plan worked by hand.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "loader_fixture.hpp"
#include "payplan/report/report.hpp"  // links payplan::report (tests/CMakeLists.txt)
#include "payplan/report/statement_page.hpp"

namespace payplan {
namespace {

using testing::contains;
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

// Whether a program is on PATH.
bool on_path(const char* program) {
  return std::system(("command -v " + std::string(program) + " >/dev/null 2>&1").c_str()) == 0;
}

// Renders `page` in headless Chromium: the DOM text has every one of
// `expected`, and screenshots at a phone's and a desktop's width are drawn.
void check_renders(const std::filesystem::path& page, const std::vector<std::string>& expected) {
  const std::string chromium = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars ";
  const std::filesystem::path dom = page.parent_path() / (page.stem().string() + ".dom.html");
  const std::string dump = chromium + "--dump-dom 'file://" + page.string() + "' > '" + dom.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(dump.c_str()), 0) << dump;
  std::ifstream in(dom);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string& e : expected) EXPECT_TRUE(contains(text, e)) << e << " in " << dom;
  for (int width : {400, 1400}) {
    const std::filesystem::path png = page.parent_path() / (page.stem().string() + "-" + std::to_string(width) + ".png");
    std::filesystem::remove(png);
    const std::string shot = chromium + "--screenshot='" + png.string() + "' --window-size=" + std::to_string(width) +
                             ",1600 'file://" + page.string() + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(shot.c_str()), 0) << shot;
    ASSERT_TRUE(std::filesystem::exists(png)) << png;
    EXPECT_GT(std::filesystem::file_size(png), 1000u) << png;
  }
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

}  // namespace
}  // namespace payplan
