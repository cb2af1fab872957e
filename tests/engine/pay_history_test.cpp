// Spec 6, closed periods and adjustments: each figure worked by hand from
// the contract's text, the working beside it.
//
//   paid for P = OLD's statement of P - adjustments OLD paid in P
//                + adjustments OLD paid in closed periods for P
//   delta      = recomputed - paid for P, paid in the open period

#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "payplan/engine/pay_history.hpp"

namespace payplan {
namespace {

using testing::orders;
using testing::plan_with;
using testing::small_org;

const std::string flat = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n");

// One run: evaluate, then settle against `paid` through `closed` (if any).
struct Settled {
  Plan plan;
  Org org;
  Ledger ledger;
  Result result;
  Settled(const std::string& plan_yaml, const std::string& org_yaml, const std::string& orders_csv,
      const PayHistory* paid = nullptr, std::optional<Period> closed = std::nullopt,
      const ManualAdjustments* manual = nullptr, RunRange range = {})
      : plan(parse_plan(plan_yaml, "plan.yaml")),
        org(parse_org(org_yaml, "org.yaml")),
        ledger(parse_orders(orders_csv, "orders.csv", plan.currency)),
        result(evaluate(plan, org, ledger, range)) {
    settle(result, plan, org, Closing{paid, closed, manual});
  }
  [[nodiscard]] std::string statement(const std::string& period, const std::string& payee,
                                      const std::string& component) const {
    for (const Statement& s : result.statements())
      if (to_string(s.period) == period && result.payees[s.payee] == payee && result.components[s.component] == component)
        return to_string(s.amount, 2, 2);
    return "none";
  }
  // The adjustments.csv rows, as text: period payee component origin paid recomputed delta
  [[nodiscard]] std::vector<std::string> adjustments() const {
    std::vector<std::string> out;
    for (const Adjustment& a : result.adjustments)
      out.push_back(to_string(a.period) + " " + a.payee + " " + a.component + " " +
                    (a.origin ? to_string(*a.origin) : "-") + " " + (a.paid ? to_string(*a.paid, 2, 2) : "-") + " " +
                    (a.recomputed ? to_string(*a.recomputed, 2, 2) : "-") + " " + to_string(a.delta, 2, 2));
    return out;
  }
  // The notes of the lines without an order (adjustments are such lines).
  [[nodiscard]] std::vector<std::string> period_line_notes() const {
    std::vector<std::string> out;
    for (const Line& l : result.lines)
      if (!l.order.ok()) out.push_back(to_string(result.period_of(l)) + " " + std::string(result.payee_of(l)) + " " +
                                       result.components[l.component] + " " + to_string(l.amount, 2, 2) + " " +
                                       std::string(result.note_of(l)));
    return out;
  }
};

const std::string q1_sale = "SO-1,2026-02-10,R1,10000,,,\n";
const std::string q2_sale = "SO-2,2026-04-05,R1,2000,,,\n";
const Period q1 = *parse_period("2026-Q1"), q2 = *parse_period("2026-Q2");

TEST(pay_history, a_late_return_in_a_closed_period_is_paid_as_an_adjustment_in_the_open_one) {
  // Settled 1 pays Q1: 10000 x 5% = 500.00.
  const Settled first(flat, small_org, orders(q1_sale));
  EXPECT_EQ(first.statement("2026-Q1", "raj", "base"), "500.00");
  const PayHistory paid = history_of(first.result);
  // Settled 2: a return of 4000 dated in Q1 is booked late, and a Q2 sale.
  // Recomputed Q1: 500 - 4000 x 5% = 300.00; Q2: 2000 x 5% = 100.00.
  // delta for Q1 = 300 - 500 = -200.00, paid in Q2 (the open period).
  const Settled second(flat, small_org, orders(q1_sale + "SO-1R,2026-02-20,R1,-4000,,SO-1,\n" + q2_sale), &paid, q1);
  EXPECT_EQ(second.statement("2026-Q1", "raj", "base"), "500.00");  // closed: as paid
  EXPECT_EQ(second.statement("2026-Q2", "raj", "base"), "-100.00");  // 100 - 200
  EXPECT_EQ(second.adjustments(), (std::vector<std::string>{"2026-Q2 raj base 2026-Q1 500.00 300.00 -200.00"}));
  EXPECT_EQ(second.period_line_notes(),
            (std::vector<std::string>{"2026-Q2 raj base -200.00 adjustment for 2026-Q1: paid 500.00, recomputed 300.00"}));
  // no line of the closed period is the run's own: Q1 holds what was paid
  for (const Line& l : second.result.lines) EXPECT_NE(to_string(second.result.period_of(l)), "2026-Q1");
  // the sum of all statements = the sum of all recomputed amounts: 500 - 100 = 300 + 100
  EXPECT_EQ(to_string(second.result.total(), 2, 2), "400.00");
}

TEST(pay_history, a_chain_of_three_runs_never_pays_an_adjustment_twice) {
  const Settled first(flat, small_org, orders(q1_sale));
  const PayHistory h1 = history_of(first.result);
  const std::string with_return = q1_sale + "SO-1R,2026-02-20,R1,-4000,,SO-1,\n" + q2_sale;
  const Settled second(flat, small_org, orders(with_return), &h1, q1);
  const PayHistory h2 = history_of(second.result);
  // Settled 3 closes Q2 with nothing changed. Q1: paid for = 500 (statement)
  // - 0 (paid in Q1) + (-200) (paid in Q2, now closed, for Q1) = 300 =
  // recomputed. Q2: paid for = -100 - (-200) (paid in Q2) = 100 = recomputed.
  // No adjustment; the Q2 row of run 2 is carried (Q2 is closed).
  const Settled third(flat, small_org, orders(with_return), &h2, q2);
  EXPECT_EQ(third.adjustments(), (std::vector<std::string>{"2026-Q2 raj base 2026-Q1 500.00 300.00 -200.00"}));
  EXPECT_EQ(third.statement("2026-Q1", "raj", "base"), "500.00");
  EXPECT_EQ(third.statement("2026-Q2", "raj", "base"), "-100.00");
  EXPECT_TRUE(third.period_line_notes().empty());
  // Settled 3' instead books a second return of 2000 in Q1: recomputed Q1 =
  // 500 - 200 - 100 = 200; paid for Q1 = 300; delta -100.00 in Q3.
  const Settled third_changed(flat, small_org, orders(with_return + "SO-1S,2026-03-01,R1,-2000,,SO-1,\n"), &h2, q2);
  EXPECT_EQ(third_changed.adjustments(),
            (std::vector<std::string>{"2026-Q2 raj base 2026-Q1 500.00 300.00 -200.00",
                                      "2026-Q3 raj base 2026-Q1 300.00 200.00 -100.00"}));
  EXPECT_EQ(third_changed.statement("2026-Q3", "raj", "base"), "-100.00");
  // everything paid = everything recomputed: 500 - 100 - 100 = 200 (Q1) + 100 (Q2)
  EXPECT_EQ(to_string(third_changed.result.total(), 2, 2), "300.00");
}

TEST(pay_history, reclosing_the_same_period_replaces_the_open_periods_adjustments) {
  // Settled 2 closed Q1 and paid -200 in Q2. Settled 3 closes Q1 again (Q2 still
  // open): the Q2 row of run 2 is not carried (Q2 is recomputed), and paid
  // for Q1 is run 1's 500 again: delta -200 once more, in Q2, not twice.
  const Settled first(flat, small_org, orders(q1_sale));
  const PayHistory h1 = history_of(first.result);
  const std::string with_return = q1_sale + "SO-1R,2026-02-20,R1,-4000,,SO-1,\n" + q2_sale;
  const Settled second(flat, small_org, orders(with_return), &h1, q1);
  const PayHistory h2 = history_of(second.result);
  const Settled again(flat, small_org, orders(with_return), &h2, q1);
  EXPECT_EQ(again.adjustments(), (std::vector<std::string>{"2026-Q2 raj base 2026-Q1 500.00 300.00 -200.00"}));
  EXPECT_EQ(again.statement("2026-Q2", "raj", "base"), "-100.00");
}

TEST(pay_history, a_corrected_quota_that_moves_the_tier_is_adjusted) {
  const std::string tiered = plan_with(R"(  - id: base
    type: commission
    payees: {role: rep}
    tiers:
      basis: attainment
      method: retroactive
      table:
        - {upto: 100%, rate: 4%}
        - {rate: 6%}
)");
  const std::string org_fixed = [] {
    std::string o = small_org;
    o.replace(o.find("period: 2026-Q1, amount: 100000"), 31, "period: 2026-Q1, amount: 50000");
    return o;
  }();
  // Settled 1: 80000 of a 100000 quota is 80%: 80000 x 4% = 3200.00.
  const Settled first(tiered, small_org, orders("SO-1,2026-02-10,R1,80000,,,\n"));
  EXPECT_EQ(first.statement("2026-Q1", "raj", "base"), "3200.00");
  const PayHistory h = history_of(first.result);
  // The quota is corrected to 50000: 160%, so the 6% tier: 80000 x 6% =
  // 4800.00; delta 4800 - 3200 = 1600.00 in Q2.
  const Settled second(tiered, org_fixed, orders("SO-1,2026-02-10,R1,80000,,,\n"), &h, q1);
  EXPECT_EQ(second.adjustments(), (std::vector<std::string>{"2026-Q2 raj base 2026-Q1 3200.00 4800.00 1600.00"}));
  EXPECT_EQ(second.statement("2026-Q2", "raj", "base"), "1600.00");
}

TEST(pay_history, a_component_removed_after_q1_is_adjusted_to_zero_under_its_id) {
  const std::string two = plan_with(
      "  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"
      "  - {id: spiff, type: commission, payees: {role: rep}, rate: 1%}\n");
  // Settled 1: base 10000 x 5% = 500.00, spiff 10000 x 1% = 100.00.
  const Settled first(two, small_org, orders(q1_sale));
  EXPECT_EQ(first.statement("2026-Q1", "raj", "spiff"), "100.00");
  const PayHistory h = history_of(first.result);
  // The plan drops spiff: recomputed 0, paid 100: delta -100.00 under spiff in Q2.
  const Settled second(flat, small_org, orders(q1_sale), &h, q1);
  EXPECT_EQ(second.adjustments(), (std::vector<std::string>{"2026-Q2 raj spiff 2026-Q1 100.00 0.00 -100.00"}));
  EXPECT_EQ(second.statement("2026-Q1", "raj", "spiff"), "100.00");
  EXPECT_EQ(second.statement("2026-Q2", "raj", "spiff"), "-100.00");
}

TEST(pay_history, a_manual_adjustment_counts_toward_no_cap) {
  const std::string capped = plan_with("  - {id: base, type: commission, payees: {role: rep}, rate: 5%, cap: 600}\n");
  // Q2: 20000 x 5% = 1000, cut to the cap of 600.00; the manual 250.00 is
  // outside the cap: the statement is 850.00.
  const ManualAdjustments manual =
      parse_adjustments("period,payee,component,amount,reason\n2026-Q2,raj,base,250.00,dispute SO-9\n", "adj.csv");
  const Settled run(capped, small_org, orders("SO-9,2026-04-10,R1,20000,,,\n"), nullptr, std::nullopt, &manual);
  EXPECT_EQ(run.statement("2026-Q2", "raj", "base"), "850.00");
  EXPECT_EQ(run.period_line_notes(), (std::vector<std::string>{"2026-Q2 raj base 250.00 manual adjustment: dispute SO-9"}));
  EXPECT_EQ(run.adjustments(), (std::vector<std::string>{"2026-Q2 raj base - - - 250.00"}));
}

TEST(pay_history, a_statements_only_result_keeps_each_components_adjustments_apart) {
  // keep_lines::statements (a run without lines.csv) sums lines as they are
  // made; raj's two adjustments of one period in two components stay two
  // statements: base 500 + 10 = 510.00, spiff 100 + 20 = 120.00.
  const std::string two = plan_with(
      "  - {id: base, type: commission, payees: {role: rep}, rate: 5%}\n"
      "  - {id: spiff, type: commission, payees: {role: rep}, rate: 1%}\n");
  const ManualAdjustments manual = parse_adjustments(
      "period,payee,component,amount,reason\n2026-Q1,raj,base,10.00,a\n2026-Q1,raj,spiff,20.00,b\n", "adj.csv");
  const Plan plan = parse_plan(two, "plan.yaml");
  const Org org = parse_org(small_org, "org.yaml");
  const Ledger ledger = parse_orders(orders(q1_sale), "orders.csv", plan.currency);
  for (keep_lines keep : {keep_lines::all, keep_lines::statements}) {
    Result r;
    evaluate_into(r, plan, org, ledger, {}, keep, nullptr);
    settle(r, plan, org, Closing{nullptr, std::nullopt, &manual});
    std::vector<std::string> got;
    for (const Statement& st : r.statements())
      got.push_back(to_string(st.period) + " " + std::string(r.payees[st.payee]) + " " + r.components[st.component] + " " +
                    to_string(st.amount, 2, 2));
    EXPECT_EQ(got, (std::vector<std::string>{"2026-Q1 raj base 510.00", "2026-Q1 raj spiff 120.00"}));
  }
}

TEST(pay_history, a_manual_adjustment_paid_in_a_closed_period_is_never_reversed) {
  // Settled 1 pays 500 and a manual 250 in Q1 (statement 750). Settled 2 closes Q1:
  // paid for Q1 = 750 - 250 (the manual one, paid in Q1) = 500 = recomputed:
  // no delta; the manual row is carried.
  const ManualAdjustments manual =
      parse_adjustments("period,payee,component,amount,reason\n2026-Q1,raj,base,250.00,dispute\n", "adj.csv");
  const Settled first(flat, small_org, orders(q1_sale), nullptr, std::nullopt, &manual);
  EXPECT_EQ(first.statement("2026-Q1", "raj", "base"), "750.00");
  const PayHistory h = history_of(first.result);
  const Settled second(flat, small_org, orders(q1_sale), &h, q1);
  EXPECT_EQ(second.adjustments(), (std::vector<std::string>{"2026-Q1 raj base - - - 250.00"}));
  EXPECT_TRUE(second.period_line_notes().empty());
  EXPECT_EQ(second.statement("2026-Q1", "raj", "base"), "750.00");
}

TEST(pay_history, new_adjustments_are_sorted_and_the_files_row_order_changes_nothing) {
  const std::string rows_a = "2026-Q2,raj,base,10.00,b\n2026-Q2,lee,base,-5.00,a\n2026-Q2,raj,base,-3.00,c\n";
  const std::string rows_b = "2026-Q2,raj,base,-3.00,c\n2026-Q2,raj,base,10.00,b\n2026-Q2,lee,base,-5.00,a\n";
  std::vector<std::vector<std::string>> seen;
  for (const auto& rows : {rows_a, rows_b}) {
    const ManualAdjustments manual = parse_adjustments("period,payee,component,amount,reason\n" + rows, "adj.csv");
    const Settled run(flat, small_org, orders(q1_sale), nullptr, std::nullopt, &manual);
    seen.push_back(run.period_line_notes());
  }
  // by payee (lee before raj), then amount (-3 before 10)
  EXPECT_EQ(seen[0], (std::vector<std::string>{"2026-Q2 lee base -5.00 manual adjustment: a",
                                               "2026-Q2 raj base -3.00 manual adjustment: c",
                                               "2026-Q2 raj base 10.00 manual adjustment: b"}));
  EXPECT_EQ(seen[0], seen[1]);
}

// Every bad closing or adjustment is refused, naming what is wrong.
template <class E>
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

TEST(pay_history, bad_closings_are_refused) {
  const Settled first(flat, small_org, orders(q1_sale));
  PayHistory h = history_of(first.result);
  const std::string o = orders(q1_sale);
  // --paid without --closed-through
  EXPECT_NE(message_of<usage_error>([&] { Settled r(flat, small_org, o, &h, std::nullopt); }).find("--paid needs --closed-through"),
            std::string::npos);
  // --closed-through without --paid
  EXPECT_NE(message_of<usage_error>([&] { Settled r(flat, small_org, o, nullptr, q1); }).find("needs --paid"), std::string::npos);
  // the open period 2027-Q1 is outside the plan's effective dates (2026)
  EXPECT_NE(message_of<usage_error>([&] { Settled r(flat, small_org, o, &h, *parse_period("2026-Q4")); })
                .find("the open period 2027-Q1 (the first after --closed-through 2026-Q4) is not one this run writes"),
            std::string::npos);
  // --to before the open period
  EXPECT_NE(message_of<usage_error>([&] {
              Settled r(flat, small_org, o, &h, q1, nullptr, RunRange{std::nullopt, parse_date("2026-03-31")});
            }).find("the open period 2026-Q2"),
            std::string::npos);
  // --from with a pay history
  EXPECT_NE(message_of<usage_error>([&] {
              Settled r(flat, small_org, o, &h, q1, nullptr, RunRange{parse_date("2026-04-01"), std::nullopt});
            }).find("--from cannot be given"),
            std::string::npos);
  // a period of another length
  EXPECT_NE(message_of<usage_error>([&] { Settled r(flat, small_org, o, &h, *parse_period("2026-02")); })
                .find("is not a period of plan 'test', which pays by quarter"),
            std::string::npos);
  // a paid period is never reopened: OLD closed Q2, this run closes only Q1
  PayHistory closed_q2 = h;
  closed_q2.closed_through = q2;
  EXPECT_NE(message_of<input_error>([&] { Settled r(flat, small_org, o, &closed_q2, q1); })
                .find("--closed-through 2026-Q1 is before 2026-Q2, which the earlier run closed"),
            std::string::npos);
  // OLD did not write Q1
  PayHistory from_q2 = h;
  from_q2.periods.erase(from_q2.periods.begin());
  EXPECT_NE(message_of<input_error>([&] { Settled r(flat, small_org, o, &from_q2, q1); })
                .find("the earlier run did not write 2026-Q1"),
            std::string::npos);
}

TEST(pay_history, bad_manual_adjustments_name_the_row_and_field) {
  const Settled first(flat, small_org, orders(q1_sale));
  const PayHistory h = history_of(first.result);
  auto refused = [&](const std::string& row, bool closing) {
    const ManualAdjustments m =
        parse_adjustments("period,payee,component,amount,reason\n2026-Q3,raj,base,1.00,ok\n" + row, "adj.csv");
    return message_of<input_error>([&] {
      Settled r(flat, small_org, orders(q1_sale), closing ? &h : nullptr, closing ? std::optional(q1) : std::nullopt, &m);
    });
  };
  EXPECT_EQ(refused("2026-Q2,raj,base,1.005,x\n", false),
            "adj.csv:3: row 2, field 'amount': amount 1.005 has more than the 2 decimals of USD");
  EXPECT_EQ(refused("2026-Q2,nobody,base,1.00,x\n", false), "adj.csv:3: row 2, field 'payee': no person 'nobody' in the org");
  EXPECT_EQ(refused("2026-Q2,raj,bonus,1.00,x\n", false),
            "adj.csv:3: row 2, field 'component': no component 'bonus' in plan 'test'");
  EXPECT_EQ(refused("2027-Q1,raj,base,1.00,x\n", false),
            "adj.csv:3: row 2, field 'period': period 2027-Q1 is not one this run writes");
  EXPECT_EQ(refused("2026-Q1,raj,base,1.00,x\n", true),
            "adj.csv:3: row 2, field 'period': period 2026-Q1 is closed (--closed-through 2026-Q1): pay the "
            "adjustment in an open period");
  EXPECT_EQ(refused("2026-02,raj,base,1.00,x\n", false),
            "adj.csv:3: row 2, field 'period': period 2026-02 is not a period of plan 'test', which pays by quarter");
  EXPECT_EQ(refused("2026-Q2,raj,base,0,x\n", false), "adj.csv:3: row 2, field 'amount': amount is zero: the adjustment pays nothing");
  // and the file's own form
  auto parse_fails = [](const std::string& text) {
    return message_of<input_error>([&] { (void)parse_adjustments(text, "adj.csv"); });
  };
  EXPECT_EQ(parse_fails("period,payee,component,amount\n"),
            "adj.csv:1: field 'reason': required column is missing from the header (expected "
            "period,payee,component,amount,reason)");
  EXPECT_EQ(parse_fails("period,payee,component,amount,reason\nQ2,raj,base,1,x\n"),
            "adj.csv:2: row 1, field 'period': 'Q2' is not a period label (2026-Q1, 2026-01 or 2026)");
  EXPECT_EQ(parse_fails("period,payee,component,amount,reason\n2026-Q2,raj,base,12.5%,x\n"),
            "adj.csv:2: row 1, field 'amount': '12.5%' is not an amount (write it like 250.00 or -75.50)");
  EXPECT_EQ(parse_fails("period,payee,component,amount,reason\n2026-Q2,raj,base,1,\n"),
            "adj.csv:2: row 1, field 'reason': reason is empty: say why the adjustment is paid");
}

}  // namespace
}  // namespace payplan
