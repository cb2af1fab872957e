// engine/partitioned.hpp (issue 14). Phases A and C: the period-level
// components (spec 4.4-4.7) paid from the sums of each part of the ledger,
// measured part by part and added, are the lines one evaluation pays (by
// hand on a small plan with a return across accounts). All the phases
// (partitioned::evaluate): lines.csv, statements.csv and exceptions.csv byte
// for byte those of one evaluation, for every plan of the bundled examples
// (their credits files too) and a ledger with returns across accounts, a
// transfer, overrides two levels up and contests, the accounts cut into 1, 3
// and 17 parts and the payees into 1, 3 and 17 groups, in either keep_lines.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/engine/partitioned.hpp"
#include "payplan/io/load.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/io/output.hpp"

#include "engine_fixture.hpp"

namespace {

using namespace payplan;

// The orders of the accounts `in_part` keeps, as a ledger of their own (a
// return keeps its refund_of text, whether or not the original is here).
template <class InPart>
Ledger part_of(const Ledger& l, InPart&& in_part) {
  LedgerBuilder b;
  for (std::uint32_t i = 0; i < l.size(); ++i) {
    const OrderIndex o(i);
    const std::string_view account = l.account_name(l.accounts()[i]);
    if (!in_part(account)) continue;
    const OrderIndex r = l.refund_of(o);
    const auto name = [&](std::uint32_t k, auto&& of) { return k == Ledger::no_name ? std::string_view() : of(k); };
    b.add({l.order_id(o), l.dates()[i], account, l.amounts()[i],
           name(l.closed_by(o), [&](std::uint32_t k) { return l.person_name(k); }),
           r.ok() ? l.order_id(r) : l.unresolved_refund_of(o),
           name(l.product(o), [&](std::uint32_t k) { return l.product_name(k); })});
  }
  return b.finish();
}

// lines.csv of the period-level lines of a result
std::string period_lines_csv(Result r) {
  std::erase_if(r.lines, [](const Line& l) { return l.order.ok(); });
  std::ostringstream out;
  write_lines(out, r);
  return out.str();
}

// Phases A and C over the accounts cut into `parts` by a hash of their names.
std::string phased_csv(const Plan& plan, const Org& org, const Ledger& ledger, std::size_t parts, RunRange range = {}) {
  Measured all;
  for (std::size_t k = 0; k < parts; ++k) {
    const Ledger part = part_of(ledger, [&](std::string_view a) { return std::hash<std::string_view>{}(a) % parts == k; });
    all.merge(partitioned::measure(plan, org, part, nullptr, range));
  }
  Result r;
  partitioned::pay_period_level(r, plan, org, all, range);
  return period_lines_csv(std::move(r));
}

TEST(partitioned_test, period_level_lines_from_the_sums_of_each_account_by_hand) {
  const Plan plan = parse_plan(R"(plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-06-30}
components:
  - {id: tg, type: team_growth, payees: [mia], baseline: previous_period, rate: 10%}
  - {id: tb, type: team_attainment_bonus, payees: [mia], attainment: 100%, amount: 500}
  - {id: ct, type: contest, payees: {role: rep}, window: {from: 2026-04-01, to: 2026-06-30}, metric: sales, prizes: [300, 100]}
  - id: rb
    type: rebate
    accounts: [C]
    tiers: {basis: sales, method: retroactive, table: [{upto: 1000, rate: 1%}, {rate: 2%}]}
)", "plan.yaml");
  const Org org = parse_org(R"(people:
  - {id: mia, role: manager}
  - {id: ana, role: rep, reports_to: mia}
  - {id: bo, role: rep, reports_to: mia}
accounts:
  - {id: A, owners: [{owner: ana, from: 2025-01-01}]}
  - {id: B, owners: [{owner: bo, from: 2025-01-01}]}
  - {id: C, owners: [{owner: bo, from: 2025-01-01}]}
quotas:
  - {person: ana, period: 2026-Q1, amount: 1000}
  - {person: ana, period: 2026-Q2, amount: 1000}
  - {person: bo, period: 2026-Q1, amount: 1000}
  - {person: bo, period: 2026-Q2, amount: 2000}
)", "org.yaml");
  // R2 on account B returns part of A3 on account A: each account's sums
  // count the orders on it, returns as negative sales.
  const Ledger ledger = parse_orders("order_id,date,account,amount,refund_of\n"
                                     "A1,2026-01-10,A,600,\nA2,2026-02-10,A,500,\nB1,2026-03-01,B,400,\nC1,2026-03-05,C,300,\n"
                                     "A3,2026-04-10,A,800,\nB2,2026-05-01,B,1500,\nC2,2026-05-20,C,900,\n"
                                     "R1,2026-06-01,C,-200,C2\nR2,2026-06-10,B,-100,A3\n",
                                     "orders.csv", plan.currency);
  Measured all;
  for (const char* account : {"C", "A", "B"})  // one part an account, merged in another order
    all.merge(partitioned::measure(plan, org, part_of(ledger, [&](std::string_view a) { return a == account; })));
  Result r;
  partitioned::pay_period_level(r, plan, org, all);
  std::map<std::string, std::string> paid;  // "period payee component" -> amount
  for (const Statement& s : r.statements())
    paid[to_string(s.period) + " " + r.payee_label(s.payee) + " " + r.components[s.component]] = to_string(s.amount, 2, 2);
  const std::map<std::string, std::string> by_hand{
      // tg, 10% of growth over the previous quarter (no 2025 orders: a zero
      // baseline, growth % undefined, no hurdle): Q1 1100 + 400 + 300 = 1800;
      // Q2 A 800, B 1500 - 100 = 1400, C 900 - 200 = 700: 2900, growth 1100
      {"2026-Q1 mia tg", "180.00"},
      {"2026-Q2 mia tg", "110.00"},
      // tb, 500 per direct report at 100% of quota: Q1 ana 1100/1000 yes, bo
      // 700/1000 no; Q2 ana 800/1000 no, bo 1500 + 900 - 200 - 100 = 2100/2000 yes
      {"2026-Q1 mia tb", "500.00"},
      {"2026-Q2 mia tb", "500.00"},
      // ct, credited sales in Q2: bo 2100 first (300), ana 800 second (100)
      {"2026-Q2 bo ct", "300.00"},
      {"2026-Q2 ana ct", "100.00"},
      // rb on C, retroactive: Q1 300 x 1% = 3.00, Q2 700 x 1% = 7.00
      {"2026-Q1 C (account) rb", "3.00"},
      {"2026-Q2 C (account) rb", "7.00"},
  };
  EXPECT_EQ(paid, by_hand);
  EXPECT_EQ(period_lines_csv(std::move(r)), period_lines_csv(evaluate(plan, org, ledger)));
  // the same sums, whatever the parts
  EXPECT_EQ(phased_csv(plan, org, ledger, 1), period_lines_csv(evaluate(plan, org, ledger)));
  EXPECT_EQ(phased_csv(plan, org, ledger, 2), period_lines_csv(evaluate(plan, org, ledger)));
}

TEST(partitioned_test, merged_sums_do_not_depend_on_the_order_parts_come_in) {
  Measured a, b, ab, ba;
  a.add(0, Measured::kind::account_sales, "X", 3, 100);
  a.add(0, Measured::kind::account_sales, "Y", 3, 5);
  b.add(0, Measured::kind::account_sales, "X", 3, -40);
  b.add(1, Measured::kind::rebate_sales, "X", 3, 0);
  ab.merge(a);
  ab.merge(b);
  ba.merge(b);
  ba.merge(a);
  ASSERT_EQ(ab.rows().size(), 3u);  // (0, X, 3) once, 100 - 40; (0, Y, 3); (1, X, 3) kept though 0 (a rebate line of 0)
  EXPECT_EQ(static_cast<long long>(ab.rows()[0].value), 60);
  EXPECT_EQ(ab.rows()[0].who, "X");
  EXPECT_EQ(ab.rows()[1].who, "Y");
  EXPECT_EQ(ab.rows()[2].kind, Measured::kind::rebate_sales);
  ASSERT_EQ(ba.rows().size(), ab.rows().size());
  for (std::size_t i = 0; i < ab.rows().size(); ++i) {
    EXPECT_EQ(ab.rows()[i].key(), ba.rows()[i].key());
    EXPECT_TRUE(ab.rows()[i].value == ba.rows()[i].value);
  }
}

// the three files one evaluation writes (lines.csv only when kept)
std::string files_of(const Result& r) {
  std::ostringstream out;
  if (!r.lines_summed) write_lines(out, r);
  out << "--\n";
  write_statements(out, r);
  out << "--\n";
  write_exceptions(out, r);
  return out.str();
}

void expect_same_in_parts(const Plan& plan, const Org& org, const Ledger& ledger, const std::string& what,
                          RunRange range = {}, const DealCredits* deals = nullptr) {
  for (keep_lines keep : {keep_lines::all, keep_lines::statements}) {
    Result one;
    evaluate_into(one, plan, org, ledger, range, keep, deals);
    const std::string expected = files_of(one);
    for (std::uint32_t parts : {1u, 3u, 17u})
      for (std::uint32_t groups : {1u, 3u, 17u})
        EXPECT_EQ(files_of(partitioned::evaluate(plan, org, ledger, parts, groups, range, keep, deals)), expected)
            << what << ": " << parts << " account parts, " << groups << " payee groups"
            << (keep == keep_lines::all ? "" : ", statements only");
  }
}

TEST(partitioned_test, every_bundled_plan_writes_the_same_files_in_any_parts_and_groups) {
  const std::size_t plans = payplan::testing::for_each_example_plan([](const std::filesystem::path& dir, const std::string& name,
                                                              const Plan& plan, const Org& org, const Ledger& ledger) {
    const std::string what = dir.filename().string() + "/" + name;
    expect_same_in_parts(plan, org, ledger, what);
    expect_same_in_parts(plan, org, ledger, what + " to day 200", {std::nullopt, Date::from_days(plan.effective.from.days() + 200)});
    if (std::filesystem::exists(dir / "credits.csv")) {
      const DealCredits deals = load_credits(dir / "credits.csv");
      expect_same_in_parts(plan, org, ledger, what + " with credits.csv", {}, &deals);
    }
  });
  EXPECT_GE(plans, 10u);
}

TEST(partitioned_test, returns_across_accounts_transfers_overrides_and_contests_in_any_parts) {
  // tests/data/partitioned (shared with tests/python/test_dask.py): two teams
  // under vp; returns of orders on other accounts (of the same rep and of a
  // rep in the other team), of an unknown order, of a later order, a positive
  // one, two returns of one order adding up to more than it; an account
  // handed over under ramp terms; overrides two levels up, a capped tiered
  // commission, team growth, a coaching bonus, a contest and a rebate.
  const std::filesystem::path data = std::filesystem::path(PAYPLAN_SOURCE_DIR) / "tests" / "data" / "partitioned";
  const Plan plan = load_plan(data / "plan.yaml");
  const Org org = load_org(data / "org.yaml");
  const Ledger ledger = load_orders(data / "orders.csv", plan.currency);
  const Result one = evaluate(plan, org, ledger);
  // the case is what it says: clawbacks, a cap cut, terms, every exception kind of returns
  std::size_t clawbacks = 0, cut = 0, ramped = 0;
  for (const Line& l : one.lines) {
    clawbacks += one.note_of(l).starts_with("clawback of");
    cut += l.cut;
    ramped += !one.factors_of(l).eligible.is_one() || !one.factors_of(l).share.is_one();
  }
  EXPECT_GE(clawbacks, 6u) << clawbacks;
  EXPECT_GE(cut, 1u) << cut;
  EXPECT_GE(ramped, 1u) << ramped;
  std::set<std::string> kinds;
  for (const Exception& e : one.exceptions) kinds.insert(e.kind);
  EXPECT_TRUE(kinds.contains("unknown_refund_of") && kinds.contains("refund_of_later_order") &&
              kinds.contains("refund_of_not_negative") && kinds.contains("over_refunded"))
      << files_of(one);
  expect_same_in_parts(plan, org, ledger, "generated");
  expect_same_in_parts(plan, org, ledger, "generated, from Q2", {parse_date("2026-04-01"), std::nullopt});
}

TEST(partitioned_test, exceptions_do_not_depend_on_the_order_rows_come_in) {
  // no_owner and missing_quota, found in different stages, sort by stage,
  // then date and order_id: the same rows in reverse give the same file
  const Plan plan = parse_plan(R"(plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - id: c
    type: commission
    payees: [ana]
    tiers: {basis: attainment, method: marginal, table: [{upto: 100%, rate: 2%}, {rate: 4%}]}
)", "plan.yaml");
  const Org org = parse_org(R"(people:
  - {id: ana, role: rep}
accounts:
  - {id: A, owners: [{owner: ana, from: 2026-01-01}]}
)", "org.yaml");
  const std::vector<std::string> rows{"S1,2026-05-02,A,100,", "S2,2026-02-01,Z,50,", "S3,2026-01-15,A,10,",
                                      "S4,2026-01-15,Q,-5,S1"};
  std::string forward = "order_id,date,account,amount,refund_of\n", backward = forward;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    forward += rows[i] + "\n";
    backward += rows[rows.size() - 1 - i] + "\n";
  }
  const Result a = evaluate(plan, org, parse_orders(forward, "orders.csv", plan.currency));
  const Result b = evaluate(plan, org, parse_orders(backward, "orders.csv", plan.currency));
  std::ostringstream ea, eb;
  write_exceptions(ea, a);
  write_exceptions(eb, b);
  EXPECT_EQ(ea.str(), eb.str());
  // crediting (no owner: S4 on 01-15 before S2 on 02-01), returns (S4 names a
  // later order), then the component (ana's Q1 and Q2 quotas, by period)
  std::vector<std::string> kinds;
  for (const Exception& e : a.exceptions) kinds.push_back(e.kind + " " + e.order_id);
  EXPECT_EQ(kinds, (std::vector<std::string>{"no_owner S4", "no_owner S2", "refund_of_later_order S4", "missing_quota ",
                                             "missing_quota "}));
  EXPECT_NE(a.exceptions[3].detail.find("2026-Q1"), std::string::npos);
  EXPECT_NE(a.exceptions[4].detail.find("2026-Q2"), std::string::npos);
}

}  // namespace
