// A Result owns its names (issue 10): the order facts its lines name are
// shared with the Ledger, not borrowed from it, so a Result is written,
// read and compared with its Ledger gone; lines have keys that do not
// depend on the run (LineKey: period, payee and its kind, component,
// order_id).

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace {

using namespace payplan;

static_assert(sizeof(Line) == 48, "a line stays 48 bytes: the order facts are not copied into it");

// raj is a rep and also the id of an account (spec 4.7: the rebate pays
// accounts), so person `raj` and account `raj` are two payees.
const std::string org_yaml = R"(people:
  - {id: raj, role: rep}
accounts:
  - {id: raj, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: N1, owners: [{owner: raj, from: 2019-01-01}]}
)";

std::string plan_yaml(const std::string& rate) {
  return "plan: test\ncurrency: USD\nperiod: quarter\nrounding: half_even\n"
         "effective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n"
         "  - {id: base, type: commission, payees: {role: rep}, rate: " + rate + "}\n"
         "  - id: volume-rebate\n    type: rebate\n"
         "    tiers: {basis: sales, method: retroactive, table: [{upto: 10000, rate: 1%}, {rate: 2%}]}\n";
}

// Not in (date, order_id) order: the ledger sorts them.
const std::string orders_csv =
    "order_id,date,account,amount\n"
    "O-2,2026-02-10,raj,8000.00\n"
    "O-1,2026-01-15,N1,3000.00\n"
    "O-3,2026-05-05,raj,1000.00\n";

// Evaluates with plan, org and ledger alive only inside; what is returned
// has nothing of them but what the Result holds.
Result evaluated_alone(const std::string& rate, const std::string& orders) {
  const Plan plan = parse_plan(plan_yaml(rate), "plan.yaml");
  const Org org = parse_org(org_yaml, "org.yaml");
  auto ledger = std::make_unique<Ledger>(parse_orders(orders, "orders.csv", plan.currency));
  Result result = evaluate(plan, org, *ledger);
  // shared, not copied: the Result's columns are the Ledger's own
  EXPECT_TRUE(result.orders.same_table(ledger->orders()));
  EXPECT_EQ(result.orders.dates().data(), ledger->dates().data());
  ledger.reset();  // the Ledger is gone from here on
  return result;
}

// The lines of the 5% run, worked out by hand (spec 4.1, 4.7, 5):
//   base (5% of each order, all credited to raj, the owner of both accounts):
//     O-1 3000.00 x 5% = 150.00, O-2 8000.00 x 5% = 400.00 (2026-Q1), O-3 1000.00 x 5% = 50.00 (2026-Q2)
//   volume-rebate (account's period total; <= 10000 is at 1%, retroactive):
//     N1 2026-Q1: 3000.00 x 1% = 30.00; raj 2026-Q1: 8000.00 x 1% = 80.00; raj 2026-Q2: 1000.00 x 1% = 10.00
//   order: period, payee by id ("N1" < "raj", 'N' is 0x4E, 'r' 0x72), a person
//   before an account of the same id, component, then date; a period-level
//   line leaves order_id, account, date, amount_in and credit empty (spec
//   3.1: credit is the receiver's share, 1 for a sole owner's order).
const std::string expected_lines =
    "period,payee,component,order_id,account,date,amount_in,credit,gross,eligible,share,amount,note\n"
    "2026-Q1,N1,volume-rebate,,,,,,30.00,1,1,30.00,account sales 3000.00 in 2026-Q1\n"
    "2026-Q1,raj,base,O-1,N1,2026-01-15,3000.00,1,150.00,1,1,150.00,\n"
    "2026-Q1,raj,base,O-2,raj,2026-02-10,8000.00,1,400.00,1,1,400.00,\n"
    "2026-Q1,raj,volume-rebate,,,,,,80.00,1,1,80.00,account sales 8000.00 in 2026-Q1\n"
    "2026-Q2,raj,base,O-3,raj,2026-05-05,1000.00,1,50.00,1,1,50.00,\n"
    "2026-Q2,raj,volume-rebate,,,,,,10.00,1,1,10.00,account sales 1000.00 in 2026-Q2\n";

std::string money(Money m) { return to_string(m, 2, 2); }

// The one line of r named (period, payee, kind, component, order_id).
const Line& line_of(const Result& r, const LineKey& key) {
  const Line* l = r.find(key);
  if (!l) {
    ADD_FAILURE() << "no line " << key.payee << "/" << key.component << "/" << key.order_id;
    static const Line none{};
    return none;
  }
  return *l;
}

const Period q1(period_length::quarter, 2026 * 4 + 0);
const Period q2(period_length::quarter, 2026 * 4 + 1);

TEST(result_test, lines_written_after_the_ledger_is_gone) {
  const Result r = evaluated_alone("5%", orders_csv);
  ASSERT_EQ(to_string(q1), "2026-Q1");  // the ordinal convention the keys below use
  std::ostringstream out;
  write_lines(out, r);
  EXPECT_EQ(out.str(), expected_lines);

  // write_run too: the same bytes in DIR/lines.csv
  const auto dir = std::filesystem::temp_directory_path() / ("payplan-result-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write_run(dir / "out", r);
  std::ifstream in(dir / "out" / "lines.csv", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  EXPECT_EQ(bytes.str(), expected_lines);
  std::filesystem::remove_all(dir);
}

TEST(result_test, order_facts_of_a_line_read_from_the_result) {
  const Result r = evaluated_alone("5%", orders_csv);
  // O-2: 2026-02-10, account raj, 8000.00 (row 1 of the input, position 1 of the ledger)
  const Line& o2 = line_of(r, {q1, "raj", payee_kind::person, "base", "O-2"});
  EXPECT_EQ(o2.order.index(), 1u);  // (date, order_id) order: O-1 (01-15), O-2 (02-10), O-3 (05-05)
  EXPECT_EQ(r.order_id_of(o2), "O-2");
  EXPECT_EQ(r.account_of(o2), "raj");
  EXPECT_EQ(r.date_of(o2), parse_date("2026-02-10"));
  ASSERT_TRUE(r.amount_in_of(o2).has_value());
  EXPECT_EQ(money(*r.amount_in_of(o2)), "8000.00");
  EXPECT_EQ(money(o2.amount), "400.00");  // 8000.00 x 5%

  // a period-level line has no order: every order fact is empty
  const Line& rebate = line_of(r, {q1, "N1", payee_kind::account, "volume-rebate", ""});
  EXPECT_EQ(money(rebate.amount), "30.00");  // 3000.00 x 1%
  EXPECT_EQ(r.order_id_of(rebate), "");
  EXPECT_EQ(r.account_of(rebate), "");
  EXPECT_EQ(r.date_of(rebate), std::nullopt);
  EXPECT_EQ(r.amount_in_of(rebate), std::nullopt);
}

TEST(result_test, key_of_an_order_line_and_a_period_level_line) {
  const Result r = evaluated_alone("5%", orders_csv);
  const Line& o1 = line_of(r, {q1, "raj", payee_kind::person, "base", "O-1"});
  const LineKey k1 = r.key_of(o1);
  EXPECT_EQ(k1.period, q1);
  EXPECT_EQ(k1.payee, "raj");
  EXPECT_EQ(k1.kind, payee_kind::person);
  EXPECT_EQ(k1.component, "base");
  EXPECT_EQ(k1.order_id, "O-1");
  EXPECT_EQ(money(o1.amount), "150.00");  // 3000.00 x 5%

  const Line& acct = line_of(r, {q2, "raj", payee_kind::account, "volume-rebate", ""});
  const LineKey k2 = r.key_of(acct);
  EXPECT_EQ(k2.period, q2);
  EXPECT_EQ(k2.payee, "raj");
  EXPECT_EQ(k2.kind, payee_kind::account);  // the account raj, not the person
  EXPECT_EQ(k2.component, "volume-rebate");
  EXPECT_EQ(k2.order_id, "");
  EXPECT_EQ(money(acct.amount), "10.00");  // 1000.00 x 1%

  // the kind is part of the name: no person raj is paid a rebate
  EXPECT_EQ(r.find({q2, "raj", payee_kind::person, "volume-rebate", ""}), nullptr);
  // every field counts, and each line's key finds that line
  EXPECT_EQ(r.find({q2, "raj", payee_kind::person, "base", "O-1"}), nullptr);  // O-1 is in Q1
  EXPECT_EQ(r.find({q1, "raj", payee_kind::person, "base", "O-9"}), nullptr);  // no such order
  EXPECT_EQ(r.find({Period(period_length::month, q1.ordinal()), "raj", payee_kind::person, "base", "O-1"}), nullptr);
  for (const Line& l : r.lines) EXPECT_EQ(r.find(r.key_of(l)), &l);

  // ordered as spec 5 sorts (period, payee, then person before account), not by run
  EXPECT_LT(k1, k2);
  EXPECT_LT(r.key_of(line_of(r, {q1, "raj", payee_kind::person, "base", "O-2"})),
            r.key_of(line_of(r, {q1, "raj", payee_kind::account, "volume-rebate", ""})));
  EXPECT_NE(LineKey::hash{}(k1), LineKey::hash{}(k2));
}

TEST(result_test, two_runs_compared_line_by_line_by_key) {
  // Run B pays 6% and its ledger has one more order, O-0 (2026-01-01, N1,
  // 1000.00), first in (date, order_id) order: every other order's position
  // moves up by one, so positions cannot pair B's lines with A's; keys can.
  const Result a = evaluated_alone("5%", orders_csv);
  const Result b = evaluated_alone("6%", orders_csv + "O-0,2026-01-01,N1,1000.00\n");
  EXPECT_EQ(line_of(a, {q1, "raj", payee_kind::person, "base", "O-1"}).order.index(), 0u);
  EXPECT_EQ(line_of(b, {q1, "raj", payee_kind::person, "base", "O-1"}).order.index(), 1u);

  // every key of A and of B, with the amount each run pays ("-" for none)
  std::map<LineKey, std::pair<std::string, std::string>> both;
  std::unordered_map<LineKey, std::uint32_t, LineKey::hash> in_a;
  for (std::uint32_t i = 0; i < a.lines.size(); ++i) {
    in_a.emplace(a.key_of(a.lines[i]), i);
    both[a.key_of(a.lines[i])] = {money(a.lines[i].amount), "-"};
  }
  EXPECT_EQ(in_a.size(), a.lines.size());  // no two lines of A share a key
  for (const Line& l : b.lines) {
    const LineKey k = b.key_of(l);
    auto& [in_a_amount, in_b_amount] = both.try_emplace(k, "-", "-").first->second;
    in_b_amount = money(l.amount);
    // the hashed lookup and Result::find agree
    const auto hit = in_a.find(k);
    EXPECT_EQ(hit == in_a.end() ? nullptr : &a.lines[hit->second], a.find(k));
  }

  auto label = [](const LineKey& k) {
    return to_string(k.period) + " " + k.payee + (k.kind == payee_kind::account ? " (account) " : " ") + k.component +
           (k.order_id.empty() ? "" : " " + k.order_id);
  };
  std::map<std::string, std::pair<std::string, std::string>> shown;
  for (const auto& [k, amounts] : both) shown[label(k)] = amounts;
  // B, worked out by hand: base at 6%: O-0 1000.00 -> 60.00, O-1 3000.00 -> 180.00,
  // O-2 8000.00 -> 480.00, O-3 1000.00 -> 60.00; rebate N1 Q1: (3000.00 + 1000.00) x 1% = 40.00,
  // raj Q1 8000.00 x 1% = 80.00 and raj Q2 1000.00 x 1% = 10.00 as in A.
  const std::map<std::string, std::pair<std::string, std::string>> expected{
      {"2026-Q1 N1 (account) volume-rebate", {"30.00", "40.00"}},
      {"2026-Q1 raj base O-0", {"-", "60.00"}},
      {"2026-Q1 raj base O-1", {"150.00", "180.00"}},
      {"2026-Q1 raj base O-2", {"400.00", "480.00"}},
      {"2026-Q1 raj (account) volume-rebate", {"80.00", "80.00"}},
      {"2026-Q2 raj base O-3", {"50.00", "60.00"}},
      {"2026-Q2 raj (account) volume-rebate", {"10.00", "10.00"}},
  };
  EXPECT_EQ(shown, expected);
}

TEST(result_test, an_order_table_moved_from_is_empty_not_null) {
  const Plan plan = parse_plan(plan_yaml("5%"), "plan.yaml");
  Ledger ledger = parse_orders(orders_csv, "orders.csv", plan.currency);
  OrderTable table = ledger.orders();
  EXPECT_EQ(table.size(), 3u);
  OrderTable taken = std::move(table);
  EXPECT_EQ(taken.size(), 3u);
  EXPECT_EQ(table.size(), 0u);  // NOLINT(bugprone-use-after-move): what is tested
  EXPECT_EQ(table.find("O-1"), OrderIndex::none());
  Ledger moved = std::move(ledger);
  EXPECT_EQ(moved.order_id(OrderIndex(0)), "O-1");
  EXPECT_EQ(ledger.size(), 0u);  // NOLINT(bugprone-use-after-move)
  // a Result cleared for reuse lets go of its orders
  Result r = evaluate(plan, parse_org(org_yaml, "org.yaml"), moved);
  EXPECT_EQ(r.orders.size(), 3u);
  r.clear();
  EXPECT_EQ(r.orders.size(), 0u);
}

}  // namespace

// spec 5 order of lines.csv: period, payee, component (by their ids' bytes),
// then the ledger's order, a period-level line first; lines of one key keep
// the order they were written in. sorted_lines numbers statements densely
// when periods x payees x components is small, and by a table of those
// present when it is not (issue 11): both must give the same order.
TEST(result_test, sorted_lines_in_spec_order_dense_and_sparse) {
  Result r;
  r.components = {"b", "a"};  // plan order; spec 5 sorts by id: a (1) before b (0)
  const auto zed = r.payees.intern(payee_kind::person, "zed");
  const auto amy = r.payees.intern(payee_kind::person, "amy");
  auto line = [&](std::int32_t period, std::uint32_t payee, std::uint16_t component, std::optional<std::uint32_t> order) {
    Line l;
    l.period = period;
    l.payee = payee;
    l.component = component;
    l.order = order ? OrderIndex(*order) : OrderIndex::none();
    r.lines.push_back(l);
  };
  line(5, zed, 0, 7);              // 0
  line(5, amy, 1, 3);              // 1
  line(4, zed, 1, std::nullopt);   // 2: period-level
  line(5, zed, 0, 2);              // 3: written after order 7, sorts before it
  line(5, zed, 0, std::nullopt);   // 4: period-level, first of (5, zed, b)
  line(4, zed, 1, 1);              // 5
  line(5, zed, 0, 2);              // 6: the same key as 3, written after it
  // period 4: (zed, a) = [2, 5]; period 5: (amy, a) = [1], (zed, b) = [4, 3, 6, 0]
  EXPECT_EQ(r.sorted_lines(), (std::vector<std::uint32_t>{2, 5, 1, 4, 3, 6, 0}));
  // a line 100000 periods later: 100002 periods x 2 payees x 2 components is
  // far more statements than lines, so they are numbered by a table
  line(100'005, amy, 0, 0);        // 7
  EXPECT_EQ(r.sorted_lines(), (std::vector<std::uint32_t>{2, 5, 1, 4, 3, 6, 0, 7}));
}

// lines.csv is formatted window by window (issue 11), on any number of
// threads: the bytes depend on neither. A window of 1 line is a window per
// statement; one of 7 lines cuts between statements of different sizes.
// With the lines vector reversed, every statement's lines come out of ledger
// order and are made again from their lines sorted: still the same bytes.
TEST(result_test, lines_csv_bytes_do_not_depend_on_windows_threads_or_line_order) {
  const Result r = evaluated_alone("5%", orders_csv);
  ASSERT_GE(r.lines.size(), 3u);
  std::ostringstream reference;
  write_lines(reference, r);
  EXPECT_EQ(reference.str(), expected_lines);
  Result reversed = r;
  std::reverse(reversed.lines.begin(), reversed.lines.end());
  for (const Result* each : std::vector<const Result*>{&r, &reversed})
    for (std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1} << 18})
      for (unsigned threads : {1u, 2u, 7u}) {
        std::ostringstream out;
        detail::write_lines(out, *each, threads, window);
        EXPECT_EQ(out.str(), expected_lines) << "window " << window << ", threads " << threads
                                             << (each == &reversed ? ", lines reversed" : "");
      }
}

namespace {

// issue 15: a statement's payee and component by name, and each payee's
// total, read from the Result alone. By hand (the 5% run above):
//   person raj: base 150.00 + 400.00 + 50.00 = 600.00
//   account raj: volume-rebate 80.00 + 10.00 = 90.00; account N1: 30.00
TEST(result_test, payee_totals_and_a_statements_names) {
  const Result r = evaluated_alone("5%", orders_csv);
  const auto totals = r.payee_totals();
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(money(totals.at("raj")), "600.00");
  EXPECT_EQ(money(totals.at("raj (account)")), "90.00");
  EXPECT_EQ(money(totals.at("N1 (account)")), "30.00");
  std::vector<std::string> named;
  for (const Statement& s : r.statements())
    named.push_back(to_string(s.period) + " " + std::string(r.payee_of(s)) + " " + std::string(r.component_of(s)) + " " +
                    money(s.amount));
  EXPECT_EQ(named, (std::vector<std::string>{"2026-Q1 N1 volume-rebate 30.00", "2026-Q1 raj base 550.00",
                                             "2026-Q1 raj volume-rebate 80.00", "2026-Q2 raj base 50.00",
                                             "2026-Q2 raj volume-rebate 10.00"}));
}

}  // namespace
