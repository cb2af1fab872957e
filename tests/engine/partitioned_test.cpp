// engine/partitioned.hpp, phases A and C (issue 14): the period-level
// components (spec 4.4-4.7) paid from the sums of each part of the ledger,
// measured part by part and added, are the lines one evaluation pays: by
// hand on a small plan with a return across accounts, and on every plan of
// the bundled examples with their accounts cut into 1, 3 and 17 parts.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/engine/partitioned.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

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

TEST(partitioned_test, every_bundled_plan_pays_the_same_period_level_lines_in_any_parts) {
  const std::filesystem::path examples = std::filesystem::path(PAYPLAN_SOURCE_DIR) / "rules-examples";
  std::size_t plans = 0, period_lines = 0;
  for (const auto& dir : std::filesystem::directory_iterator(examples)) {
    if (!std::filesystem::exists(dir.path() / "orders.csv") || !std::filesystem::exists(dir.path() / "org.yaml")) continue;
    const Org org = load_org(dir.path() / "org.yaml");
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = file.path().filename().string();
      if (file.path().extension() != ".yaml" || name == "org.yaml") continue;
      const Plan plan = load_plan(file.path());
      const Ledger ledger = load_orders(dir.path() / "orders.csv", plan.currency);
      for (RunRange range : {RunRange{}, RunRange{std::nullopt, Date::from_days(plan.effective.from.days() + 200)}}) {
        const std::string one = period_lines_csv(evaluate(plan, org, ledger, range));
        period_lines += static_cast<std::size_t>(std::count(one.begin(), one.end(), '\n')) - 1;
        for (std::size_t parts : {1u, 3u, 17u})
          EXPECT_EQ(phased_csv(plan, org, ledger, parts, range), one) << dir.path().filename() << "/" << name << ", " << parts << " parts";
      }
      ++plans;
    }
  }
  EXPECT_GE(plans, 10u);
  EXPECT_GE(period_lines, 100u);  // full-plan and manager-growth pay team growth, bonuses, contests, rebates
}

}  // namespace
