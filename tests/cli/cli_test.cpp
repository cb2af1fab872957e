// The payplan command line (spec 5): the bundled example against its
// independently computed golden statements, determinism under row order,
// exit codes, messages, and atomic output.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = PAYPLAN_SOURCE_DIR;
const fs::path example = source_dir / "rules-examples" / "basic-commission";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Outcome {
  int code;
  std::string output;  // stdout and stderr
};

Outcome payplan(const std::string& args) {
  const fs::path log = fs::temp_directory_path() / ("payplan-cli-" + std::to_string(::getpid()) + ".log");
  int status = std::system((std::string(PAYPLAN_CLI) + " " + args + " > " + log.string() + " 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(log)};
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("payplan-cli-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

std::string run_example(const fs::path& orders, const fs::path& out) {
  return "run --plan " + (example / "plan.yaml").string() + " --org " + (example / "org.yaml").string() +
         " --orders " + orders.string() + " --out " + out.string();
}

TEST(cli_test, example_statements_equal_the_independent_reference) {
  // tests/golden/basic-commission.statements.csv is written by
  // tests/golden/reference_commission.py, a separate implementation of the
  // contract in Python's decimal arithmetic (its hand-worked lines are in its header).
  fs::path out = fresh_dir("golden");
  Outcome o = payplan(run_example(example / "orders.csv", out));
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(slurp(out / "statements.csv"), slurp(source_dir / "tests" / "golden" / "basic-commission.statements.csv"));
  EXPECT_NE(o.output.find("grand total"), std::string::npos);
  // the reference's grand total (maria in the accelerator), grouped for people, with the plan's currency
  EXPECT_NE(o.output.find("  grand total (USD)"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("327,530.61\n"), std::string::npos) << o.output;
  // the org's names beside the ids (the payee column is 13 wide: acme-partners)
  EXPECT_NE(o.output.find("2026-Q1  raj" + std::string(10 + 2, ' ') + "Raj Patel "), std::string::npos) << o.output;
  // exceptions: 3 orders before BRIGHTWAVE had an owner, the unknown refund_of, ana's missing 2026-Q3 quota
  std::string exceptions = slurp(out / "exceptions.csv");
  EXPECT_EQ(std::count(exceptions.begin(), exceptions.end(), '\n'), 1 + 5) << exceptions;
}

TEST(cli_test, shuffled_rows_give_byte_identical_outputs) {
  std::ifstream in(example / "orders.csv");
  std::string header, row;
  std::getline(in, header);
  std::vector<std::string> rows;
  while (std::getline(in, row))
    if (!row.empty()) rows.push_back(row);
  std::mt19937 rng(20260101);  // fixed seed: the same shuffle every run
  fs::path a = fresh_dir("plain"), b = fresh_dir("shuffled");
  for (int round = 0; round < 3; ++round) {
    std::shuffle(rows.begin(), rows.end(), rng);
    fs::path shuffled = fresh_dir("orders-shuffled.csv");
    std::ofstream o(shuffled);
    o << header << '\n';
    for (const auto& r : rows) o << r << '\n';
    o.close();
    ASSERT_EQ(payplan(run_example(example / "orders.csv", a)).code, 0);
    ASSERT_EQ(payplan(run_example(shuffled, b)).code, 0);
    for (const char* f : {"lines.csv", "statements.csv", "exceptions.csv"})
      EXPECT_EQ(slurp(a / f), slurp(b / f)) << f << " differs after shuffle round " << round;
  }
}

TEST(cli_test, usage_errors_exit_1) {
  EXPECT_EQ(payplan("").code, 1);
  EXPECT_EQ(payplan("frobnicate").code, 1);
  Outcome o = payplan("run --plan x.yaml");
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.output.find("run needs --out"), std::string::npos) << o.output;
  EXPECT_EQ(payplan("run --plan a --org b --orders c --out d --colour red").code, 1);
  EXPECT_EQ(payplan("run --plan a --org b --orders c --out d --from yesterday").code, 1);
}

TEST(cli_test, invalid_input_exits_2_naming_file_and_row_and_writes_nothing) {
  fs::path bad = fresh_dir("bad-orders.csv");
  {
    std::ofstream o(bad);
    o << "order_id,date,account,amount\nX1,2026-01-05,ACME,10.00\nX2,2026-13-01,ACME,5\n";
  }
  fs::path out = fresh_dir("bad-out");
  Outcome o = payplan(run_example(bad, out));
  EXPECT_EQ(o.code, 2);
  // the bad date is on line 3 of the file, data row 2
  EXPECT_NE(o.output.find(bad.string() + ":3: row 2, field 'date': '2026-13-01' is not a date"), std::string::npos)
      << o.output;
  EXPECT_FALSE(fs::exists(out / "lines.csv"));
  EXPECT_FALSE(fs::exists(out / "statements.csv"));
}

TEST(cli_test, a_failed_run_leaves_an_earlier_output_untouched) {
  fs::path out = fresh_dir("keep");
  ASSERT_EQ(payplan(run_example(example / "orders.csv", out)).code, 0);
  std::string before = slurp(out / "statements.csv");
  Outcome o = payplan(run_example(example / "no-such-file.csv", out));
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.output.find("no-such-file.csv: cannot open file"), std::string::npos) << o.output;
  EXPECT_EQ(slurp(out / "statements.csv"), before);
  for (const auto& entry : fs::directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().rfind(".payplan-tmp", 0), std::string::npos) << entry.path();
}

TEST(cli_test, bad_plan_exits_2_naming_line_and_column) {
  fs::path plan = fresh_dir("plan.yaml");
  {
    std::ofstream o(plan);
    o << "plan: p\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
         "  - {id: base, type: commission, payees: {role: rep}, rates: 5%}\n";
  }
  Outcome o = payplan("validate --plan " + plan.string());
  EXPECT_EQ(o.code, 2);
  // "rates" starts at column 55 of line 4 (after "  - {id: base, type: commission, payees: {role: rep}, ")
  EXPECT_NE(o.output.find(plan.string() + ":4:55: unknown key 'rates'"), std::string::npos) << o.output;
}

TEST(cli_test, run_range_takes_period_labels) {
  fs::path out = fresh_dir("range");
  Outcome o = payplan(run_example(example / "orders.csv", out) + " --from 2026-Q2 --to 2026-Q2");
  ASSERT_EQ(o.code, 0) << o.output;
  std::string statements = slurp(out / "statements.csv");
  std::istringstream lines(statements);
  std::string line;
  std::getline(lines, line);  // header
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_EQ(line.rfind("2026-Q2,", 0), 0u) << line;
  }
  EXPECT_GT(rows, 0);
}

TEST(cli_test, validate_checks_plan_org_and_orders) {
  Outcome o = payplan("validate --plan " + (example / "plan.yaml").string() + " --org " +
                      (example / "org.yaml").string() + " --orders " + (example / "orders.csv").string());
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("416 orders, ok"), std::string::npos) << o.output;
  // the plan as understood: effective 2025-01-01 to 2026-12-31 holds the eight quarters 2025-Q1 .. 2026-Q4
  EXPECT_NE(o.output.find("plan basic-commission-2026: USD, paid by quarter, rounding half_even\n"
                          "  effective 2025-01-01 to 2026-12-31: 8 periods paid, 2025-Q1 to 2026-Q4\n"),
            std::string::npos)
      << o.output;
  // each component with its type, whom it selects in the org, and its rates as percentages
  EXPECT_NE(o.output.find("    1. base (commission)\n"
                          "       payees: role rep, 3 people: raj, lee, ana\n"
                          "       rate 3%\n"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("       tiers (marginal, on % of quota): 0 to 100% at 2%; 100% to 150% at 4%; above 150% at 6%\n"
                          "       cap 20000\n"),
            std::string::npos)
      << o.output;
}


}  // namespace

namespace {

// rules-examples/account-handover: every policy's 2026 pay per quarter for
// raj and maria equals tests/golden/account-handover.expected.csv, computed
// by tests/golden/reference_transfers.py (an independent implementation of
// spec 4.1 and 4.2 with its hand-worked lines in its header).
TEST(cli_test, account_handover_policies_pay_what_the_reference_computes) {
  const fs::path handover = source_dir / "rules-examples" / "account-handover";
  std::ifstream expected_file(source_dir / "tests" / "golden" / "account-handover.expected.csv");
  std::string row;
  std::getline(expected_file, row);  // policy,period,payee,amount
  std::map<std::string, std::map<std::string, std::string>> expected;  // policy -> "period,payee" -> amount
  while (std::getline(expected_file, row)) {
    auto c1 = row.find(','), c3 = row.rfind(',');
    expected[row.substr(0, c1)][row.substr(c1 + 1, c3 - c1 - 1)] = row.substr(c3 + 1);
  }
  ASSERT_EQ(expected.size(), 7u);
  std::map<std::string, std::map<std::string, std::string>> paid;  // what payplan paid, as text
  for (const auto& [policy, amounts] : expected) {
    fs::path out = fresh_dir("handover-" + policy);
    Outcome o = payplan("run --plan " + (handover / ("plan-" + policy + ".yaml")).string() + " --org " +
                        (handover / "org.yaml").string() + " --orders " + (handover / "orders.csv").string() +
                        " --out " + out.string() + " --from 2026-01-01");
    ASSERT_EQ(o.code, 0) << policy << ": " << o.output;
    std::map<std::string, long long> cents;  // "period,payee" -> sum over components
    std::ifstream statements(out / "statements.csv");
    std::getline(statements, row);
    while (std::getline(statements, row)) {
      auto c1 = row.find(','), c2 = row.find(',', c1 + 1), c3 = row.rfind(',');
      std::string amount = row.substr(c3 + 1);
      amount.erase(amount.find('.'), 1);
      cents[row.substr(0, c2)] += std::stoll(amount);
      (void)c1;
    }
    for (const auto& [key, amount] : amounts) {
      long long got = cents[key];
      char text[32];
      std::snprintf(text, sizeof text, "%s%lld.%02lld", got < 0 ? "-" : "", std::llabs(got) / 100, std::llabs(got) % 100);
      EXPECT_EQ(text, amount) << policy << " " << key;
      paid[policy][key] = text;
    }
  }
  // The README's table says the same: | `policy` | raj Q1..Q4 | raj 2026 | maria Q1..Q4 | maria 2026 |
  std::ifstream readme(handover / "README.md");
  int table_rows = 0;
  while (std::getline(readme, row)) {
    if (row.rfind("| `", 0) != 0 || row.find("| **") == std::string::npos) continue;
    std::vector<std::string> cells;
    for (std::size_t at = 1; at < row.size();) {
      auto next = row.find('|', at);
      std::string cell = row.substr(at, next - at);
      std::erase_if(cell, [](char c) { return c == ' ' || c == ',' || c == '`' || c == '*'; });
      cells.push_back(cell);
      at = next + 1;
    }
    ASSERT_GE(cells.size(), 11u) << row;
    const std::string& policy = cells[0];
    ASSERT_TRUE(paid.count(policy)) << row;
    for (int q = 1; q <= 4; ++q) {
      EXPECT_EQ(cells[q], paid[policy]["2026-Q" + std::to_string(q) + ",raj"]) << row;
      EXPECT_EQ(cells[5 + q], paid[policy]["2026-Q" + std::to_string(q) + ",maria"]) << row;
    }
    ++table_rows;
  }
  EXPECT_EQ(table_rows, 7);
}

}  // namespace

namespace {

TEST(cli_test, explain_prints_the_chain_for_a_payee_and_order) {
  const fs::path handover = source_dir / "rules-examples" / "account-handover";
  Outcome o = payplan("explain --plan " + (handover / "plan-threshold.yaml").string() + " --org " +
                      (handover / "org.yaml").string() + " --orders " + (handover / "orders.csv").string() +
                      " --payee raj --order SO-10278");
  ASSERT_EQ(o.code, 0) << o.output;
  // SO-10278 crosses the 50000 threshold: 5501.17 of 24380.00 eligible; 1219.00 x that = 275.0585 -> 275.06
  EXPECT_NE(o.output.find("order SO-10278, payee raj: 1 line"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("threshold 50000.00: 5501.17 of 24380.00 eligible"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("exact value = gross x eligible x share = 275.0585"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("amount = 275.06"), std::string::npos) << o.output;
  Outcome unknown = payplan("explain --plan " + (handover / "plan-threshold.yaml").string() + " --org " +
                            (handover / "org.yaml").string() + " --orders " + (handover / "orders.csv").string() +
                            " --payee raj --order NOPE");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.output.find("no order 'NOPE' in the ledger"), std::string::npos) << unknown.output;
}

TEST(cli_test, explain_a_period_level_line_shows_what_was_measured) {
  const fs::path growth = source_dir / "rules-examples" / "manager-growth";
  const std::string inputs = "explain --plan " + (growth / "plan.yaml").string() + " --org " +
                             (growth / "org.yaml").string() + " --orders " + (growth / "orders.csv").string();
  Outcome o = payplan(inputs + " --payee maria --period 2026-Q2 --component team-growth");
  ASSERT_EQ(o.code, 0) << o.output;
  // tests/golden/manager-growth.statements.csv: maria's 2026-Q2 team-growth is 3333.77:
  // current 546225.42 - baseline 512887.72 = growth 33337.70 (6.5% >= the 5% hurdle) x 10% = 3333.77
  EXPECT_NE(o.output.find("period 2026-Q2, payee maria, component team-growth: 1 line"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("current = 546225.42, baseline = 512887.72, growth = current - baseline = 33337.70 (6.5%)"),
            std::string::npos) << o.output;
  EXPECT_NE(o.output.find("KEYSTONE (owner raj) 104480.64 and 94474.13"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("amount = 3333.77"), std::string::npos) << o.output;
  // the run's own lines, unexplained periods: a period nobody is paid in says so
  Outcome none = payplan(inputs + " --payee maria --period 2027-Q1");
  ASSERT_EQ(none.code, 0) << none.output;
  EXPECT_NE(none.output.find("period 2027-Q1, payee maria: 0 lines"), std::string::npos) << none.output;
  EXPECT_NE(none.output.find("no line of period 2027-Q1 pays maria"), std::string::npos) << none.output;
}

TEST(cli_test, explain_needs_one_of_order_and_period) {
  const fs::path growth = source_dir / "rules-examples" / "manager-growth";
  const std::string inputs = "explain --plan " + (growth / "plan.yaml").string() + " --org " +
                             (growth / "org.yaml").string() + " --orders " + (growth / "orders.csv").string();
  Outcome neither = payplan(inputs + " --payee maria");
  EXPECT_EQ(neither.code, 1);
  EXPECT_NE(neither.output.find("explain needs --order ORDER_ID or --period PERIOD (one of them)"), std::string::npos)
      << neither.output;
  Outcome both = payplan(inputs + " --payee maria --order SO-10319 --period 2026-Q2");
  EXPECT_EQ(both.code, 1);
  EXPECT_NE(both.output.find("explain needs --order ORDER_ID or --period PERIOD (one of them)"), std::string::npos)
      << both.output;
  Outcome component = payplan(inputs + " --payee maria --order SO-10319 --component team-growth");
  EXPECT_EQ(component.code, 1);
  EXPECT_NE(component.output.find("--component goes with --period"), std::string::npos) << component.output;
  Outcome label = payplan(inputs + " --payee maria --period 2026-Q5");
  EXPECT_EQ(label.code, 1);
  EXPECT_NE(label.output.find("--period 2026-Q5 is not a period label"), std::string::npos) << label.output;
  // a month of a quarterly plan: the plan file is named
  Outcome month = payplan(inputs + " --payee maria --period 2026-05");
  EXPECT_EQ(month.code, 2);
  EXPECT_NE(month.output.find("plan.yaml: period 2026-05 is not a period of plan 'manager-growth-2026', which pays by "
                              "quarter"),
            std::string::npos) << month.output;
  Outcome unknown = payplan(inputs + " --payee maria --period 2026-Q2 --component mgr-growth");
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.output.find("plan.yaml: no component 'mgr-growth' in plan 'manager-growth-2026'"),
            std::string::npos) << unknown.output;
}

}  // namespace

namespace {

std::vector<std::string> table_cells(const std::string& row) {
  std::vector<std::string> cells;
  for (std::size_t at = 1; at < row.size();) {
    auto next = row.find('|', at);
    if (next == std::string::npos) break;
    std::string cell = row.substr(at, next - at);
    std::erase_if(cell, [](char c) { return c == ' ' || c == ',' || c == '`' || c == '*'; });
    cells.push_back(cell);
    at = next + 1;
  }
  return cells;
}

std::string cents_text(long long c) {
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%02lld", c < 0 ? "-" : "", std::llabs(c) / 100, std::llabs(c) % 100);
  return text;
}

// Runs an example and sums payplan's statements by (group, period), where
// group_of(payee, component) names the README row a statement counts in;
// "all" sums everything.
std::map<std::string, long long> run_and_sum(const fs::path& dir, const fs::path& out,
                                             std::string (*group_of)(const std::string&, const std::string&),
                                             const std::string& more = "") {
  Outcome o = payplan("run --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                      " --orders " + (dir / "orders.csv").string() + " --out " + out.string() + more);
  EXPECT_EQ(o.code, 0) << o.output;
  std::map<std::string, long long> cents;  // "group|period"
  std::istringstream statements(slurp(out / "statements.csv"));
  std::string row;
  std::getline(statements, row);
  while (std::getline(statements, row)) {
    auto c1 = row.find(','), c2 = row.find(',', c1 + 1), c3 = row.rfind(',');
    std::string period = row.substr(0, c1), payee = row.substr(c1 + 1, c2 - c1 - 1);
    std::string component = row.substr(c2 + 1, c3 - c2 - 1), amount = row.substr(c3 + 1);
    amount.erase(amount.find('.'), 1);
    long long v = std::stoll(amount);
    cents[group_of(payee, component) + "|" + period] += v;
    cents["all|" + period] += v;
  }
  return cents;
}

// A README table "| who (note) | Q1 | Q2 | Q3 | Q4 | year |": every row naming a
// group must show payplan's figures ("—" for none). Returns the rows checked.
int check_quarter_table(const fs::path& readme_path, std::map<std::string, long long>& cents) {
  std::istringstream readme(slurp(readme_path));
  std::string row;
  int checked = 0;
  while (std::getline(readme, row)) {
    auto cells = table_cells(row);
    if (cells.size() != 6) continue;
    // figures may be written 1,234.56, with a typographic minus, or in bold
    for (auto& cell : cells) {
      for (std::size_t at; (at = cell.find("\xe2\x88\x92")) != std::string::npos;) cell.replace(at, 3, "-");
      std::erase_if(cell, [](char c) { return c == ',' || c == '*'; });
      while (!cell.empty() && cell.back() == ' ') cell.pop_back();
    }
    std::string who = cells[0].substr(0, cells[0].find('('));
    while (!who.empty() && who.back() == ' ') who.pop_back();
    bool any = false;
    for (int q = 1; q <= 4; ++q) any = any || cents.count(who + "|2026-Q" + std::to_string(q));
    if (!any) continue;  // a header or another table
    for (int q = 1; q <= 4; ++q) {
      const std::string key = who + "|2026-Q" + std::to_string(q);
      EXPECT_EQ(cells[q], cents.count(key) ? cents_text(cents[key]) : std::string("—")) << row;
    }
    ++checked;
  }
  return checked;
}

// rules-examples/manager-growth: statements equal the independent reference
// (tests/golden/reference_team.py, spec 4.3-4.7 written apart from the
// engine), and the README's per-person table says the same.
TEST(cli_test, manager_growth_equals_the_reference_and_its_readme_table) {
  const fs::path dir = source_dir / "rules-examples" / "manager-growth";
  fs::path out = fresh_dir("manager-growth");
  auto cents = run_and_sum(dir, out, [](const std::string& payee, const std::string& component) {
    return component == "volume-rebate" ? std::string("customers") : payee;
  });
  EXPECT_EQ(slurp(out / "statements.csv"), slurp(source_dir / "tests" / "golden" / "manager-growth.statements.csv"));
  EXPECT_EQ(check_quarter_table(dir / "README.md", cents), 9);  // seven people, the rebates, and all
}

// rules-examples/account-team: split credit (spec 3.1), a team entry and a
// credits file with overlays, against tests/golden/reference_full.py, and the
// README's per-person table.
TEST(cli_test, account_team_equals_the_reference_and_its_readme_table) {
  const fs::path dir = source_dir / "rules-examples" / "account-team";
  fs::path out = fresh_dir("account-team");
  auto cents = run_and_sum(
      dir, out, [](const std::string& payee, const std::string&) { return payee; },
      " --credits " + (dir / "credits.csv").string());
  EXPECT_EQ(slurp(out / "statements.csv"), slurp(source_dir / "tests" / "golden" / "account-team.statements.csv"));
  // lines.csv against the reference's golden lines: ctest golden_lines_account-team (compare_run.py)
  EXPECT_EQ(slurp(out / "exceptions.csv"), "kind,order_id,detail\n");
  EXPECT_EQ(check_quarter_table(dir / "README.md", cents), 7);  // six people and all
}

// spec 3.1: a bad credits file is exit 2 naming its row and field, and
// nothing is written.
TEST(cli_test, a_bad_credits_file_is_exit_2_naming_the_row_and_nothing_is_written) {
  const fs::path dir = source_dir / "rules-examples" / "account-team";
  const fs::path credits = fresh_dir("bad-credits.csv");
  std::ofstream(credits) << "order_id,person,share,overlay\nSO-10101,raj,60%,\nSO-10101,lee,30%,\n";
  const fs::path out = fresh_dir("bad-credits-out");
  Outcome o = payplan("run --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                      " --orders " + (dir / "orders.csv").string() + " --credits " + credits.string() + " --out " +
                      out.string());
  EXPECT_EQ(o.code, 2) << o.output;
  EXPECT_NE(o.output.find(credits.string() + ":2: row 1, field 'share': the shares of order 'SO-10101'"), std::string::npos)
      << o.output;
  EXPECT_FALSE(fs::exists(out));
}

// validate --credits checks the rows against the orders and the org.
TEST(cli_test, validate_checks_a_credits_file) {
  const fs::path dir = source_dir / "rules-examples" / "account-team";
  const std::string inputs = "validate --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                             " --orders " + (dir / "orders.csv").string() + " --credits ";
  Outcome ok = payplan(inputs + (dir / "credits.csv").string());
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("credits.csv: 11 rows, ok"), std::string::npos) << ok.output;
  const fs::path credits = fresh_dir("validate-credits.csv");
  std::ofstream(credits) << "order_id,person,share,overlay\nSO-10101,raj,100%,\nSO-10101,nobody,10%,true\n";
  Outcome bad = payplan(inputs + credits.string());
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find(credits.string() + ":3: row 2, field 'person': unknown person 'nobody'"), std::string::npos)
      << bad.output;
  Outcome usage = payplan("validate --plan " + (dir / "plan.yaml").string() + " --credits " + credits.string());
  EXPECT_EQ(usage.code, 1) << usage.output;
}

// rules-examples/full-plan: every component type and transfer terms
// together, against tests/golden/reference_full.py.
TEST(cli_test, full_plan_equals_the_reference_and_its_readme_table) {
  const fs::path dir = source_dir / "rules-examples" / "full-plan";
  fs::path out = fresh_dir("full-plan");
  auto cents = run_and_sum(dir, out, [](const std::string& payee, const std::string&) { return payee; });
  EXPECT_EQ(slurp(out / "statements.csv"), slurp(source_dir / "tests" / "golden" / "full-plan.statements.csv"));
  EXPECT_EQ(slurp(out / "exceptions.csv"), "kind,order_id,detail\n");
  EXPECT_EQ(check_quarter_table(dir / "README.md", cents), 16);  // eleven people, four rebated accounts, all
}

}  // namespace

namespace {

TEST(cli_test, a_run_that_cannot_replace_a_file_leaves_the_folder_as_it_was) {
  fs::path out = fresh_dir("blocked");
  ASSERT_EQ(payplan(run_example(example / "orders.csv", out)).code, 0);
  const std::string lines_before = slurp(out / "lines.csv");
  fs::remove(out / "statements.csv");
  fs::create_directories(out / "statements.csv" / "keep");  // a folder where a file should go
  Outcome o = payplan(run_example(example / "orders.csv", out) + " --from 2026-Q1");
  EXPECT_EQ(o.code, 1) << o.output;  // payplan owns DIR and does not delete a folder in it
  EXPECT_NE(o.output.find("cannot write " + (out / "statements.csv").string() + ": it is a folder"), std::string::npos)
      << o.output;
  EXPECT_EQ(slurp(out / "lines.csv"), lines_before);  // not replaced by the new, shorter run
  EXPECT_TRUE(fs::exists(out / "statements.csv" / "keep"));
}

}  // namespace

namespace {

// Issue 9 B: a folder, an empty --out, a reversed range, and pipes.
TEST(cli_test, a_folder_given_as_an_input_file_is_invalid_input_naming_it) {
  fs::path folder = fresh_dir("a-folder");
  fs::create_directories(folder);
  const std::string plan = (example / "plan.yaml").string(), org = (example / "org.yaml").string(),
                    orders = (example / "orders.csv").string(), out = fresh_dir("folder-out").string();
  for (const std::string& args :
       {"run --plan " + folder.string() + " --org " + org + " --orders " + orders + " --out " + out,
        "run --plan " + plan + " --org " + folder.string() + " --orders " + orders + " --out " + out,
        "run --plan " + plan + " --org " + org + " --orders " + folder.string() + " --out " + out}) {
    Outcome o = payplan(args);
    EXPECT_EQ(o.code, 2) << args << "\n" << o.output;  // was 3, std::bad_alloc
    EXPECT_EQ(o.output, "payplan: invalid input: " + folder.string() + ": is a directory\n") << args;
  }
}

TEST(cli_test, an_empty_out_is_a_usage_error) {
  Outcome o = payplan(run_example(example / "orders.csv", "''"));
  EXPECT_EQ(o.code, 1) << o.output;
  EXPECT_EQ(o.output.rfind("payplan: --out is empty\n", 0), 0u) << o.output;
}

TEST(cli_test, from_after_to_is_a_usage_error) {
  fs::path out = fresh_dir("reversed");
  // 2026-Q3 starts 2026-07-01; 2026-Q2 ends 2026-06-30
  Outcome o = payplan(run_example(example / "orders.csv", out) + " --from 2026-Q3 --to 2026-Q2");
  EXPECT_EQ(o.code, 1) << o.output;
  EXPECT_EQ(o.output.rfind("payplan: --from 2026-Q3 is after --to 2026-Q2 (2026-07-01 > 2026-06-30)\n", 0), 0u)
      << o.output;
  EXPECT_FALSE(fs::exists(out));
  // the same day at both ends is a range (of one day, holding no whole period)
  EXPECT_EQ(payplan(run_example(example / "orders.csv", out) + " --from 2026-04-01 --to 2026-04-01").code, 0);
}

// A whole shell command line (payplan's path is $PAYPLAN), output captured.
Outcome shell(const std::string& command) {
  const fs::path log = fs::temp_directory_path() / ("payplan-cli-" + std::to_string(::getpid()) + ".log");
  const std::string line = "PAYPLAN='" + std::string(PAYPLAN_CLI) + "'; (" + command + ") > " + log.string() + " 2>&1";
  int status = std::system(line.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(log)};
}

TEST(cli_test, inputs_from_pipes_are_read) {
  const std::string golden = slurp(source_dir / "tests" / "golden" / "basic-commission.statements.csv");
  const std::string orders = (example / "orders.csv").string();
  // /dev/stdin fed by a pipe (before: "cannot read file", the size of a pipe is unknown)
  fs::path out = fresh_dir("stdin");
  Outcome o = shell("cat " + orders + " | $PAYPLAN " + run_example("/dev/stdin", out));
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(slurp(out / "statements.csv"), golden);
  // a named pipe, its writer started after payplan
  fs::path fifo = fresh_dir("orders.fifo");
  ASSERT_EQ(std::system(("mkfifo " + fifo.string()).c_str()), 0);
  out = fresh_dir("fifo");
  o = shell("$PAYPLAN " + run_example(fifo, out) + " & cat " + orders + " > " + fifo.string() + "; wait $!");
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(slurp(out / "statements.csv"), golden);
  // spec 6: a pipe cannot be read twice, so the manifest names it without a digest, and says so
  EXPECT_NE(o.output.find("payplan: warning: the orders input " + fifo.string() +
                          " is not a regular file (a pipe?): manifest.json names it without a digest"),
            std::string::npos)
      << o.output;
  o = payplan("verify " + out.string());
  EXPECT_EQ(o.code, 2) << o.output;
  EXPECT_NE(o.output.find(fifo.string() + ": input (orders) was not a regular file (a pipe?)"), std::string::npos)
      << o.output;
  // bash's process substitution for all three inputs
  if (!fs::exists("/bin/bash")) GTEST_SKIP() << "no /bin/bash for <(...)";
  out = fresh_dir("substitution");
  o = shell("/bin/bash -c '\"$0\" run --plan <(cat " + (example / "plan.yaml").string() + ") --org <(cat " +
            (example / "org.yaml").string() + ") --orders <(cat " + orders + ") --out " + out.string() + "' \"$PAYPLAN\"");
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(slurp(out / "statements.csv"), golden);
}

}  // namespace

namespace {

// Issue 9 C: what the terminal shows is escaped and bounded; the files stay exact.
TEST(cli_test, control_bytes_in_an_input_reach_the_terminal_escaped) {
  fs::path bad = fresh_dir("escape-orders.csv");
  {
    std::ofstream o(bad, std::ios::binary);
    o << "order_id,date,account,amount\nX\x1b[31mRED,2026-01-05,ACME,10.00\nX\x1b[31mRED,2026-01-06,ACME,5\n";
  }
  Outcome o = payplan(run_example(bad, fresh_dir("escape-out")));
  EXPECT_EQ(o.code, 2);
  EXPECT_EQ(o.output.find('\x1b'), std::string::npos) << o.output;  // no raw ESC
  // the duplicate is on line 3, data row 2
  EXPECT_EQ(o.output, "payplan: invalid input: " + bad.string() +
                          ":3: row 2, field 'order_id': duplicate order_id 'X\\x1b[31mRED' (first on row 1)\n");
}

TEST(cli_test, a_huge_bad_field_is_shown_cut_with_its_length) {
  fs::path bad = fresh_dir("huge-orders.csv");
  const std::string huge(1 << 20, '9');  // a 1 MiB "date"
  {
    std::ofstream o(bad, std::ios::binary);
    o << "order_id,date,account,amount\nX1," << huge << ",ACME,10.00\n";
  }
  Outcome o = payplan(run_example(bad, fresh_dir("huge-out")));
  EXPECT_EQ(o.code, 2);
  // the message (1,048,576 + its ~100 bytes of text) is cut to 300: 225 from its start, 75 from its end
  EXPECT_LT(o.output.size(), 400u) << o.output.size();
  EXPECT_EQ(o.output.rfind("payplan: invalid input: " + bad.string() + ":2: row 1, field 'date': '999", 0), 0u) << o.output;
  EXPECT_NE(o.output.find(" bytes not shown]..."), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("9999' is not a date (YYYY-MM-DD)\n"), std::string::npos) << o.output;
}

TEST(cli_test, the_statement_table_shows_a_payee_id_with_control_bytes_escaped) {
  fs::path dir = fresh_dir("escape-run");
  fs::create_directories(dir);
  {
    std::ofstream(dir / "plan.yaml") << "plan: p\ncurrency: USD\nperiod: quarter\nrounding: half_even\n"
                                        "effective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
                                        "  - {id: base, type: commission, payees: {role: rep}, rate: 10%}\n";
    // YAML "\e" is ESC: the payee id is r, ESC, [2J (clear screen), ep
    std::ofstream(dir / "org.yaml") << "people:\n  - {id: \"r\\e[2Jep\", name: R, role: rep}\n"
                                       "accounts:\n  - {id: ACME, owners: [{owner: \"r\\e[2Jep\", from: 2020-01-01}]}\n";
    std::ofstream(dir / "orders.csv") << "order_id,date,account,amount\nO1,2026-01-10,ACME,100.00\n";
  }
  Outcome o = payplan("run --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                      " --orders " + (dir / "orders.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(o.output.find('\x1b'), std::string::npos) << o.output;
  // 100.00 x 10% = 10.00, in the table under the escaped id (10 columns: "r\x1b[2Jep"), then the
  // name column (4 wide: "name"; "R" + 3 spaces), the component column 9 wide ("component":
  // "base" + 5 spaces), two spaces, the amount right-aligned in 14 (9 spaces + "10.00")
  EXPECT_NE(o.output.find("2026-Q1  r\\x1b[2Jep  R     base" + std::string(5 + 2 + 9, ' ') + "10.00\n"),
            std::string::npos)
      << o.output;
  // one row per payee: no per-payee totals repeating it
  EXPECT_EQ(o.output.find("  total r\\x1b[2Jep"), std::string::npos) << o.output;
  // the CSV keeps the id exact
  EXPECT_EQ(slurp(dir / "out" / "statements.csv"), "period,payee,component,amount\n2026-Q1,r\x1b[2Jep,base,10.00\n");
}

}  // namespace

namespace {

// issue 9: an `effective` range inside a period dropped that period with
// exit 0 and no word. Now: a warning naming the plan's line, and an
// exceptions.csv row.
TEST(cli_test, effective_range_inside_a_period_warns_naming_the_plan_line) {
  const fs::path ex = source_dir / "rules-examples" / "basic-commission";
  const fs::path dir = fresh_dir("partial-effective");
  fs::create_directories(dir);
  std::string plan = slurp(ex / "plan.yaml");
  const auto at = plan.find("effective: {from: 2025-01-01");
  ASSERT_NE(at, std::string::npos) << plan;
  plan.replace(at, 28, "effective: {from: 2025-01-15");
  { std::ofstream(dir / "plan.yaml") << plan; }
  std::size_t line = 1 + static_cast<std::size_t>(std::count(plan.begin(), plan.begin() + static_cast<long>(at), '\n'));
  Outcome o = payplan("run --plan " + (dir / "plan.yaml").string() + " --org " + (ex / "org.yaml").string() +
                      " --orders " + (ex / "orders.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(o.code, 0) << o.output;
  const std::string where = (dir / "plan.yaml").string() + ":" + std::to_string(line) + ":12";
  EXPECT_NE(o.output.find("payplan: warning: " + where +
                          ": effective starts on 2025-01-15, inside 2025-Q1: only periods wholly inside are paid, so "
                          "2025-Q1 is not paid"),
            std::string::npos)
      << o.output;
  EXPECT_NE(slurp(dir / "out" / "exceptions.csv").find("period_not_paid,,"), std::string::npos);
}

}  // namespace

namespace {

// rules-examples/basic-commission: maria, a manager without a quota of her own,
// is paid the accelerator (attainment tiers) on her house accounts from her
// team's roll-up quota (spec 3), as the reference computes; the README's
// 2026 pay table shows payplan's figures (maria's row included).
TEST(cli_test, basic_commission_readme_table_and_the_managers_roll_up) {
  fs::path out = fresh_dir("basic-readme");
  auto cents = run_and_sum(example, out, [](const std::string& payee, const std::string&) { return payee; });
  EXPECT_EQ(slurp(out / "statements.csv"), slurp(source_dir / "tests" / "golden" / "basic-commission.statements.csv"));
  // 2026-Q3: roll-up = raj 150000 + lee 150000 + acme-partners 90000 = 390000 (ana has
  // none then); her house sales are 50000.00, all below 100%: nine 2% lines that round
  // to 999.99 (e.g. SO-1300 3000.01 x 2% = 60.0002 -> 60.00)
  EXPECT_EQ(cents["maria|2026-Q3"], 50001 + 99999);  // manager-accounts 500.01 + accelerator 999.99
  const std::string exceptions = slurp(out / "exceptions.csv");
  EXPECT_EQ(exceptions.find("'maria'"), std::string::npos) << exceptions;  // never a missing quota
  EXPECT_EQ(check_quarter_table(example / "README.md", cents), 6);  // five people and all
}

// spec 3: "A manager without an explicit quota has the sum of the quotas of their team
// members at the period's end (reps, agents and partners, all levels below)", used as
// the attainment tiers' base; contract notes: the roll-up exists when at least one
// team member has a quota.
TEST(cli_test, a_managers_attainment_tiers_use_the_roll_up_at_the_periods_end) {
  fs::path dir = fresh_dir("roll-up");
  fs::create_directories(dir);
  {
    std::ofstream(dir / "plan.yaml")
        << "plan: roll-up\ncurrency: USD\nperiod: quarter\nrounding: half_even\n"
           "effective: {from: 2026-01-01, to: 2026-06-30}\ncomponents:\n"
           "  - id: house\n    type: commission\n    payees: [maria]\n"
           "    tiers: {basis: attainment, method: marginal, table: [{upto: 100%, rate: 2%}, {rate: 4%}]}\n";
    // maria <- r1 (rep), m2 (manager, explicit quota 5000) <- r2 (rep), a1 (agent);
    // r3 (rep) reports to maria until 2026-03-30 and to zoe from 2026-03-31.
    std::ofstream(dir / "org.yaml")
        << "people:\n"
           "  - {id: maria, role: manager}\n  - {id: zoe, role: manager}\n"
           "  - {id: r1, role: rep, reports_to: maria}\n  - {id: m2, role: manager, reports_to: maria}\n"
           "  - {id: r2, role: rep, reports_to: m2}\n  - {id: a1, role: agent, reports_to: m2}\n"
           "  - {id: r3, role: rep, reports_to: [{manager: maria, from: 2025-01-01}, {manager: zoe, from: 2026-03-31}]}\n"
           "accounts:\n  - {id: H, owners: [{owner: maria, from: 2020-01-01}]}\n"
           "quotas:\n"
           "  - {person: r1, period: 2026-Q1, amount: 1000}\n  - {person: r2, period: 2026-Q1, amount: 300}\n"
           "  - {person: a1, period: 2026-Q1, amount: 200}\n  - {person: m2, period: 2026-Q1, amount: 5000}\n"
           "  - {person: r3, period: 2026-Q1, amount: 500}\n";
    std::ofstream(dir / "orders.csv") << "order_id,date,account,amount\nO-1,2026-01-10,H,2000.00\n"
                                         "O-2,2026-04-10,H,100.00\n";
  }
  Outcome o = payplan("run --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                      " --orders " + (dir / "orders.csv").string() + " --out " + (dir / "out").string());
  ASSERT_EQ(o.code, 0) << o.output;
  // 2026-Q1 roll-up on 2026-03-31 = r1 1000 + r2 300 + a1 200 = 1500 (all levels; m2's
  // own 5000 is a manager's, r3 is zoe's by then). O-1 occupies [0, 2000):
  //   [0, 1500) x 2% = 30.00, [1500, 2000) x 4% = 20.00 -> 50.00
  // (direct reports only, 1000: 60.00; with m2's 5000: 40.00; r3 counted: 2000 -> 40.00)
  // 2026-Q2: no team member has a quota: no roll-up, a 0.00 line and missing_quota.
  EXPECT_EQ(slurp(dir / "out" / "statements.csv"),
            "period,payee,component,amount\n2026-Q1,maria,house,50.00\n2026-Q2,maria,house,0.00\n");
  const std::string exceptions = slurp(dir / "out" / "exceptions.csv");
  EXPECT_EQ(std::count(exceptions.begin(), exceptions.end(), '\n'), 2) << exceptions;
  EXPECT_EQ(exceptions.rfind("kind,order_id,detail\nmissing_quota,,", 0), 0u) << exceptions;
  EXPECT_NE(exceptions.find("2026-Q2"), std::string::npos) << exceptions;
}

}  // namespace

// --outputs (docs/contract-notes.md): a run writes only the files named, and
// the folder holds only those; the files written are the bytes of a full run.
// --threads changes nothing in them.
TEST(cli_test, outputs_names_the_files_a_run_writes) {
  const fs::path all = fresh_dir("outputs-all"), some = fresh_dir("outputs-some"), one = fresh_dir("outputs-one-thread");
  ASSERT_EQ(payplan(run_example(example / "orders.csv", all)).code, 0);
  Outcome o = payplan(run_example(example / "orders.csv", some) + " --outputs statements,exceptions");
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("wrote " + some.string() + "/statements.csv, exceptions.csv, adjustments.csv, manifest.json\n"),
            std::string::npos)
      << o.output;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(some)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  // spec 6: every run writes adjustments.csv and manifest.json besides the files --outputs names
  EXPECT_EQ(names, (std::vector<std::string>{"adjustments.csv", "exceptions.csv", "manifest.json", "statements.csv"}));
  EXPECT_EQ(slurp(some / "statements.csv"), slurp(all / "statements.csv"));
  EXPECT_EQ(slurp(some / "exceptions.csv"), slurp(all / "exceptions.csv"));
  // a second run into the same folder with lines added: the folder is replaced as a whole
  ASSERT_EQ(payplan(run_example(example / "orders.csv", some) + " --outputs lines --threads 1").code, 0);
  names.clear();
  for (const auto& e : fs::directory_iterator(some)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"adjustments.csv", "lines.csv", "manifest.json"}));
  EXPECT_EQ(slurp(some / "lines.csv"), slurp(all / "lines.csv"));
  ASSERT_EQ(payplan(run_example(example / "orders.csv", one) + " --threads 7").code, 0);
  EXPECT_EQ(slurp(one / "lines.csv"), slurp(all / "lines.csv"));
}

TEST(cli_test, bad_outputs_and_threads_are_usage_errors_and_write_nothing) {
  const fs::path out = fresh_dir("outputs-bad");
  struct Case {
    std::string option, message;
  };
  for (const Case& c : std::vector<Case>{
           {"--outputs statement", "payplan: --outputs: 'statement' is not one of lines, statements, exceptions\n"},
           {"--outputs lines,,statements", "payplan: --outputs: '' is not one of lines, statements, exceptions\n"},
           {"--outputs lines,lines", "payplan: --outputs: lines given twice\n"},
           {"--threads 0", "payplan: --threads '0' is not a whole number from 1 to 256\n"},
           {"--threads two", "payplan: --threads 'two' is not a whole number from 1 to 256\n"},
           {"--threads 3x", "payplan: --threads '3x' is not a whole number from 1 to 256\n"},
       }) {
    Outcome o = payplan(run_example(example / "orders.csv", out) + " " + c.option);
    EXPECT_EQ(o.code, 1) << c.option << ": " << o.output;
    EXPECT_EQ(o.output.rfind(c.message, 0), 0u) << c.option << ": " << o.output;
    EXPECT_FALSE(fs::exists(out)) << c.option;
  }
}

namespace {

// validate --orders lists the exceptions a run would write, in
// exceptions.csv's order (by the stage that finds them: crediting, returns,
// then components), by kind with counts and the first rows (the example
// has three no_owner, one unknown_refund_of, one missing_quota).
TEST(cli_test, validate_with_orders_summarises_the_exceptions_by_kind) {
  Outcome o = payplan("validate --plan " + (example / "plan.yaml").string() + " --org " +
                      (example / "org.yaml").string() + " --orders " + (example / "orders.csv").string());
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("exceptions (5), by kind:\n"
                          "  no_owner: 3\n"
                          "    order SO-971: account 'BRIGHTWAVE' has no owner on 2025-02-11\n"
                          "    order SO-991: account 'BRIGHTWAVE' has no owner on 2025-03-19\n"
                          "    order SO-1012: account 'BRIGHTWAVE' has no owner on 2025-04-28\n"
                          "  unknown_refund_of: 1\n"
                          "    order RT-8: refund_of 'SO-0042' names no order in the ledger; treated as a plain order\n"
                          "  missing_quota: 1\n"),
            std::string::npos)
      << o.output;
  // without the org nothing can be credited: said, not guessed
  Outcome plan_only = payplan("validate --plan " + (example / "plan.yaml").string() + " --orders " +
                              (example / "orders.csv").string());
  EXPECT_EQ(plan_only.code, 0) << plan_only.output;
  EXPECT_NE(plan_only.output.find("give --org too to see the exceptions a run would list"), std::string::npos)
      << plan_only.output;
  EXPECT_NE(plan_only.output.find("payees: role rep (give --org to see who)"), std::string::npos) << plan_only.output;
}

// issue 15: `rate: 5` is 500% by the contract and almost never meant; a
// warning names the line and asks, exit 0; --strict makes it exit 2 and
// nothing is written.
TEST(cli_test, a_rate_above_100_percent_warns_and_strict_refuses_it) {
  const fs::path dir = fresh_dir("rate-500");
  fs::create_directories(dir);
  std::string plan = slurp(example / "plan.yaml");
  const auto at = plan.find("rate: 3%");
  ASSERT_NE(at, std::string::npos);
  plan.replace(at, 8, "rate: 3");
  { std::ofstream(dir / "plan.yaml") << plan; }
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(plan.begin(), plan.begin() + static_cast<long>(at), '\n'));
  const std::size_t column = at - plan.rfind('\n', at) + 6;  // the value after "rate: "
  const std::string where = (dir / "plan.yaml").string() + ":" + std::to_string(line) + ":" + std::to_string(column);
  const std::string inputs = " --plan " + (dir / "plan.yaml").string() + " --org " + (example / "org.yaml").string() +
                             " --orders " + (example / "orders.csv").string();
  Outcome run = payplan("run" + inputs + " --out " + (dir / "out").string());
  EXPECT_EQ(run.code, 0) << run.output;
  EXPECT_NE(run.output.find("payplan: warning: " + where + ": rate 3 is 300%: did you mean 3%?"), std::string::npos)
      << run.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "statements.csv"));
  Outcome strict = payplan("run" + inputs + " --out " + (dir / "strict").string() + " --strict");
  EXPECT_EQ(strict.code, 2) << strict.output;
  EXPECT_NE(strict.output.find("payplan: warning: " + where + ": rate 3 is 300%"), std::string::npos) << strict.output;
  EXPECT_NE(strict.output.find("payplan: --strict: the warning above is an error; nothing was written"),
            std::string::npos)
      << strict.output;
  EXPECT_FALSE(fs::exists(dir / "strict"));
  Outcome validate = payplan("validate" + inputs + " --strict");
  EXPECT_EQ(validate.code, 2) << validate.output;
  EXPECT_NE(validate.output.find("       rate 300%\n"), std::string::npos) << validate.output;
  // --quiet: nothing but errors on the terminal, the same files written
  Outcome quiet = payplan("run" + inputs + " --out " + (dir / "quiet").string() + " --quiet");
  EXPECT_EQ(quiet.code, 0) << quiet.output;
  EXPECT_EQ(quiet.output, "");
  EXPECT_EQ(slurp(dir / "quiet" / "statements.csv"), slurp(dir / "out" / "statements.csv"));
}

// issue 15: a run range that holds no whole period, a role nobody has, and
// a run that writes no line are each a warning; the files are still written.
TEST(cli_test, a_run_that_pays_nothing_says_why) {
  const fs::path dir = fresh_dir("pays-nothing");
  fs::create_directories(dir);
  {
    std::ofstream(dir / "plan.yaml") << "plan: p\ncurrency: USD\nperiod: quarter\n"
                                        "effective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
                                        "  - {id: partners, type: commission, payees: {role: partner}, rate: 5%}\n";
    std::ofstream(dir / "org.yaml") << "people:\n  - {id: raj, role: rep}\n"
                                       "accounts:\n  - {id: ACME, owners: [{owner: raj, from: 2020-01-01}]}\n";
    std::ofstream(dir / "orders.csv") << "order_id,date,account,amount\nO1,2026-01-10,ACME,100.00\n";
  }
  const std::string inputs = " --plan " + (dir / "plan.yaml").string() + " --org " + (dir / "org.yaml").string() +
                             " --orders " + (dir / "orders.csv").string();
  Outcome o = payplan("run" + inputs + " --out " + (dir / "out").string() + " --from 2026-02-01 --to 2026-03-31");
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("payplan: warning: " + (dir / "plan.yaml").string() +
                          ":6:46: field 'payees': component 'partners' pays payees with role partner, and nobody in "
                          "the org has that role: it pays nobody"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("payplan: warning: run range: the run's range 2026-02-01 to 2026-03-31 (--from/--to, within "
                          "effective) holds no whole quarter: no period is paid"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("payplan: warning: " + (dir / "orders.csv").string() + ": the run wrote no lines"),
            std::string::npos)
      << o.output;
  EXPECT_EQ(slurp(dir / "out" / "statements.csv"), "period,payee,component,amount\n");
}

// issue 15: above 200 statement rows (or with --summary) the terminal shows
// each payee's total per period, and says how to see every row.
TEST(cli_test, summary_shows_totals_per_payee_and_period) {
  fs::path out = fresh_dir("summary");
  Outcome o = payplan(run_example(example / "orders.csv", out) + " --summary --from 2026-Q3 --to 2026-Q3");
  ASSERT_EQ(o.code, 0) << o.output;
  // raj's 2026-Q3 statements in tests/golden/basic-commission.statements.csv: base + accelerator, one row
  std::map<std::string, long long> cents;
  std::istringstream statements(slurp(out / "statements.csv"));
  std::string row;
  std::getline(statements, row);
  while (std::getline(statements, row)) {
    auto c1 = row.find(','), c2 = row.find(',', c1 + 1), c3 = row.rfind(',');
    std::string amount = row.substr(c3 + 1);
    amount.erase(amount.find('.'), 1);
    cents[row.substr(c1 + 1, c2 - c1 - 1)] += std::stoll(amount);
  }
  ASSERT_GT(cents["raj"], 100000);  // above 1,000.00: the separator shows
  // raj's row: his components summed, with a thousands separator
  std::string raj = cents_text(cents["raj"]);
  raj.insert(raj.find('.') - 3, ",");
  std::istringstream shown(o.output);
  std::string line, raj_row;
  while (std::getline(shown, line))
    if (line.rfind("2026-Q3  raj ", 0) == 0) raj_row = line;
  EXPECT_NE(raj_row.find("Raj Patel"), std::string::npos) << o.output;
  EXPECT_EQ(raj_row.substr(raj_row.size() - raj.size()), raj) << o.output;
  EXPECT_EQ(o.output.find("base"), std::string::npos) << o.output;  // no component column
  EXPECT_NE(o.output.find("--full shows every row"), std::string::npos) << o.output;
  Outcome full = payplan(run_example(example / "orders.csv", fresh_dir("full")) + " --full --from 2026-Q3 --to 2026-Q3");
  EXPECT_NE(full.output.find(" base "), std::string::npos) << full.output;
  EXPECT_EQ(full.output.find("--full shows every row"), std::string::npos) << full.output;
  Outcome both = payplan(run_example(example / "orders.csv", fresh_dir("both")) + " --full --summary");
  EXPECT_EQ(both.code, 1) << both.output;
}

}  // namespace

namespace {

// issue 15: an ERP export (';', its own header names) read with --columns;
// the same statements as the example's own file. Without --columns the
// message shows the header it read.
TEST(cli_test, an_erp_export_is_read_with_columns_and_a_detected_delimiter) {
  const fs::path dir = fresh_dir("erp");
  fs::create_directories(dir);
  // the example's orders with ';' between fields and ERP names in the header
  std::istringstream in(slurp(example / "orders.csv"));
  std::string line, converted;
  std::getline(in, line);
  ASSERT_EQ(line.rfind("order_id,date,account,amount", 0), 0u) << line;
  converted = "Order ID;Posting Date;Customer;Net Amount" + line.substr(std::string("order_id,date,account,amount").size()) + "\n";
  std::replace(converted.begin(), converted.end(), ',', ';');
  while (std::getline(in, line)) {
    ASSERT_EQ(line.find('"'), std::string::npos);  // no quoted field to keep commas in
    std::replace(line.begin(), line.end(), ',', ';');
    converted += line + "\n";
  }
  { std::ofstream(dir / "erp.csv") << converted; }
  const std::string columns = " --columns 'order_id=Order ID,date=Posting Date,account=Customer,amount=Net Amount'";
  Outcome o = payplan(run_example(dir / "erp.csv", dir / "out") + columns);
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(slurp(dir / "out" / "statements.csv"), slurp(source_dir / "tests" / "golden" / "basic-commission.statements.csv"));
  Outcome bare = payplan(run_example(dir / "erp.csv", dir / "bare"));
  EXPECT_EQ(bare.code, 2) << bare.output;
  EXPECT_NE(bare.output.find((dir / "erp.csv").string() + ":1: field 'order_id': required column is missing from the "
                             "header; the header has "),
            std::string::npos)
      << bare.output;
  EXPECT_NE(bare.output.find("(split at ';'): 'Order ID', 'Posting Date', 'Customer', 'Net Amount'"), std::string::npos)
      << bare.output;
  EXPECT_FALSE(fs::exists(dir / "bare"));
  // mistakes on the command line are usage errors (exit 1), said before any file is read, nothing written
  const std::vector<std::pair<std::string, std::string>> usage{
      {" --delimiter ';;'", "--delimiter ';;' is not one byte"},
      {" --columns amnt=Net", "--columns: 'amnt' is not a column of an orders file"},
      {" --columns account=Customer,product=Customer", "--columns: 'Customer' given for both account and product"},
      {" --strict=yes", "--strict takes no value (given 'yes')"},
      {" --quiet=1", "--quiet takes no value (given '1')"}};
  for (const auto& [option, message] : usage) {
    Outcome bad = payplan(run_example(dir / "erp.csv", dir / "bad") + option);
    EXPECT_EQ(bad.code, 1) << option << bad.output;
    EXPECT_NE(bad.output.find("payplan: " + message), std::string::npos) << option << bad.output;
    EXPECT_FALSE(fs::exists(dir / "bad")) << option;
  }
}

}  // namespace

namespace {

// issue 15: --progress shows each phase with its counts when stderr is not
// a terminal (a terminal gets it without asking); --quiet silences it. The
// example's 416 orders, 798 lines (its table's count).
TEST(cli_test, progress_names_each_phase_with_its_counts) {
  Outcome o = payplan(run_example(example / "orders.csv", fresh_dir("progress")) + " --progress");
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("payplan: reading orders: 416 orders, done in "), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("payplan: crediting and evaluating 416 orders, 4 components: 798 lines, done in "),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("payplan: writing lines.csv, statements.csv, exceptions.csv, done in "), std::string::npos)
      << o.output;
  Outcome plain = payplan(run_example(example / "orders.csv", fresh_dir("no-progress")));
  EXPECT_EQ(plain.output.find("payplan: reading orders"), std::string::npos) << plain.output;  // not a terminal
  Outcome quiet = payplan(run_example(example / "orders.csv", fresh_dir("quiet-progress")) + " --progress --quiet");
  EXPECT_EQ(quiet.code, 0);
  EXPECT_EQ(quiet.output, "");
}

}  // namespace

namespace {

// issue 16: `payplan statements` writes a page per payee and period and an
// index; each page's total is that payee's sum of the period in the run's
// statements.csv (summed here from the file, grouped as people read it).
TEST(cli_test, statements_writes_a_page_per_payee_and_period_with_the_run_s_totals) {
  const fs::path run_out = fresh_dir("statements-run"), pages = fresh_dir("statements-pages");
  ASSERT_EQ(payplan(run_example(example / "orders.csv", run_out)).code, 0);
  std::map<std::string, long long> cents;  // "payee|period"
  std::istringstream rows(slurp(run_out / "statements.csv"));
  std::string row;
  std::getline(rows, row);
  while (std::getline(rows, row)) {
    auto c1 = row.find(','), c2 = row.find(',', c1 + 1), c3 = row.rfind(',');
    std::string amount = row.substr(c3 + 1);
    amount.erase(amount.find('.'), 1);
    cents[row.substr(c1 + 1, c2 - c1 - 1) + "|" + row.substr(0, c1)] += std::stoll(amount);
  }
  ASSERT_EQ(cents.size(), 40u);  // five people, eight quarters
  const std::string inputs = " --plan " + (example / "plan.yaml").string() + " --org " + (example / "org.yaml").string() +
                             " --orders " + (example / "orders.csv").string();
  Outcome o = payplan("statements" + inputs + " --out " + pages.string());
  ASSERT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("index.html and 40 statements"), std::string::npos) << o.output;
  const std::string index = slurp(pages / "index.html");
  for (const auto& [key, total] : cents) {
    const std::string payee = key.substr(0, key.find('|')), period = key.substr(key.find('|') + 1);
    const fs::path page = pages / (payee + "-" + period + ".html");
    ASSERT_TRUE(fs::exists(page)) << page;
    std::string shown = cents_text(total);
    for (std::size_t at = shown.find('.'); at > 3 + (shown[0] == '-'); at -= 3) shown.insert(at - 3, ",");
    EXPECT_NE(slurp(page).find(shown + " USD"), std::string::npos) << page << " " << shown;
    EXPECT_NE(index.find("href='" + payee + "-" + period + ".html'"), std::string::npos) << key;
  }
  const std::string raj = slurp(pages / "raj-2026-Q1.html");
  EXPECT_NE(raj.find("Raj Patel"), std::string::npos);
  EXPECT_NE(raj.find("<details"), std::string::npos);  // each line's explain steps, folded
  EXPECT_EQ(raj.find("<script"), std::string::npos);
  // one payee and period; a payee the run pays nothing is exit 2 and writes nothing
  const fs::path one = fresh_dir("statements-one");
  Outcome narrow = payplan("statements" + inputs + " --out " + one.string() + " --payee raj --period 2026-Q1");
  ASSERT_EQ(narrow.code, 0) << narrow.output;
  EXPECT_EQ(std::distance(fs::directory_iterator(one), fs::directory_iterator()), 2);  // the page and the index
  // whose index links to that page only: no link to a page not written
  const std::string narrow_index = slurp(one / "index.html");
  EXPECT_NE(narrow_index.find("href='raj-2026-Q1.html'"), std::string::npos);
  std::size_t links = 0;
  for (std::size_t at = narrow_index.find("href='"); at != std::string::npos; at = narrow_index.find("href='", at + 1)) ++links;
  EXPECT_EQ(links, 1u);
  const fs::path none = fresh_dir("statements-none");
  Outcome nobody = payplan("statements" + inputs + " --out " + none.string() + " --payee nobody");
  EXPECT_EQ(nobody.code, 2) << nobody.output;
  EXPECT_NE(nobody.output.find("--payee: no statement of the run is for payee nobody"), std::string::npos)
      << nobody.output;
  EXPECT_FALSE(fs::exists(none));
}

}  // namespace
