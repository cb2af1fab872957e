#pragma once
// What-if: two plans over the same history (issue: "what would plan B have
// paid last year?").
//
//   struct ComparisonRow;   // (period, payee, component): amount under A, under B
//   struct Comparison;      // rows, totals and credited revenue under each plan
//   period_length common_period(period_length a, period_length b);  // the period both are compared by
//   Comparison compare(const Plan& a, const Plan& b, const Org&, const Ledger&, RunRange = {});
//   Comparison compare(const Plan& a, const Plan& b, Result a, Result b, Money revenue_a, Money revenue_b);
//
// The summaries people read (per-payee and per-period totals, compare.csv,
// summary.csv, the HTML report) are presentation: payplan/report.hpp,
// compiled in payplan::report.
//
// The ledger is loaded and sorted once, and crediting (who is credited with
// each order) is done once for both plans; each plan then runs its own
// components over the shared credits.

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "payplan/engine/engine.hpp"

namespace payplan {

struct ComparisonRow {
  std::string period;
  std::string payee;
  std::string component;
  payee_kind kind = payee_kind::person;  ///< an account for a rebate (spec 4.7)
  Money amount_a;
  Money amount_b;
  [[nodiscard]] Money delta() const { return amount_b - amount_a; }
};

/// The period two plans are compared by: the coarser of their lengths, into
/// which the finer rolls up (a month into its quarter and year, a quarter
/// into its year). The contract's lengths (spec 1: month, quarter, year)
/// always nest, so a comparison never needs a common finer period.
[[nodiscard]] constexpr period_length common_period(period_length a, period_length b) noexcept {
  static_assert(12 % static_cast<int>(period_length::quarter) == 0 && 3 % static_cast<int>(period_length::month) == 0,
                "each period length nests in every longer one");
  return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

struct Comparison {
  std::string plan_a, plan_b;
  std::string currency = "USD";
  int minor_unit = 2;
  Result a, b;                       ///< each plan's full result
  /// What rows are by: common_period of the two plans' lengths. Plan A by
  /// quarter and B by month compare by quarter, B's months summed into theirs,
  /// so a row never sets a quarter against a month (each plan's own periods
  /// are in its Result).
  period_length period = period_length::quarter;
  std::vector<ComparisonRow> rows;   ///< by period, payee, component
  Money total_a, total_b;            ///< cost under each plan
  Money revenue_a, revenue_b;        ///< credited revenue in each plan's written periods
  /// The plans and the org compared, when a caller keeps them for the report
  /// (its plan diff, roles and teams: report/report.hpp's WhatIfInputs); the
  /// Python module does, as its Comparison outlives the arguments. compare()
  /// leaves them null: it copies no plan or org.
  std::shared_ptr<const Plan> model_a, model_b;
  std::shared_ptr<const Org> org;
};

namespace detail {

/// Credited revenue: the amounts of credited orders in the written periods.
inline Money credited_revenue(const Evaluation& ev) {
  Money sum;
  auto amounts = ev.ledger.amounts();
  OrderIndex last;
  for (OrderIndex i : ev.credits.order) {
    if (i == last) continue;  // an order credited to several receivers counts once (spec 3.1)
    last = i;
    if (ev.written(ev.period_of[i.index()])) sum += amounts[i.index()];
  }
  return sum;
}

inline Money evaluate_shared(Result& result, Money& revenue, const Plan& plan, const Org& org, const Ledger& ledger,
                             RunRange range, const Crediting& crediting) {
  validate(plan, org);
  result.clear();
  Evaluation ev(plan, org, ledger, range, result, &crediting);
  run_plan(ev);
  select_written_periods(ev);
  revenue = credited_revenue(ev);
  return result.total();
}

}  // namespace detail

/// Two results already made (a partitioned evaluation's, engine/partitioned.hpp)
/// lined up the same way, with each plan's credited revenue.
[[nodiscard]] inline Comparison compare(const Plan& a, const Plan& b, Result ra, Result rb, Money revenue_a,
                                        Money revenue_b) {
  if (a.currency != b.currency)
    throw usage_error("plans '" + a.id + "' and '" + b.id + "' pay in different currencies (" + a.currency.code +
                      ", " + b.currency.code + ")");
  Comparison c;
  c.plan_a = a.id;
  c.plan_b = b.id;
  c.minor_unit = a.currency.minor_unit;
  c.currency = a.currency.code;
  c.a = std::move(ra);
  c.b = std::move(rb);
  c.total_a = c.a.total();
  c.total_b = c.b.total();
  c.revenue_a = revenue_a;
  c.revenue_b = revenue_b;
  c.period = common_period(c.a.period_length, c.b.period_length);
  std::map<std::tuple<Period, std::string, std::string>, ComparisonRow> rows;
  auto add = [&](const Result& r, bool is_a) {
    for (const Statement& s : r.statements()) {
      const Period aligned = Period::containing(s.period.first_day(), c.period);
      auto key = std::tuple(aligned, std::string(r.payees[s.payee]), r.components[s.component]);
      auto& row = rows[key];
      row.period = to_string(aligned);
      row.payee = std::get<1>(key);
      row.component = std::get<2>(key);
      row.kind = r.payees.kind(s.payee);
      (is_a ? row.amount_a : row.amount_b) += s.amount;
    }
  };
  add(c.a, true);
  add(c.b, false);
  for (auto& [key, row] : rows) c.rows.push_back(std::move(row));
  return c;
}

/// Evaluates plans A and B over the same ledger and org (and run range) and
/// lines their statements up by (period, payee, component).
/// `credits` (spec 3.1), if any, credits the orders it names in both.
[[nodiscard]] inline Comparison compare(const Plan& a, const Plan& b, const Org& org, const Ledger& ledger,
                                        RunRange range = {}, const DealCredits* credits = nullptr) {
  if (a.currency != b.currency)
    throw usage_error("plans '" + a.id + "' and '" + b.id + "' pay in different currencies (" + a.currency.code +
                      ", " + b.currency.code + ")");
  const Crediting crediting(org, ledger, credits);  // once, for both plans
  Result ra, rb;
  Money revenue_a, revenue_b;
  (void)detail::evaluate_shared(ra, revenue_a, a, org, ledger, range, crediting);
  (void)detail::evaluate_shared(rb, revenue_b, b, org, ledger, range, crediting);
  return compare(a, b, std::move(ra), std::move(rb), revenue_a, revenue_b);
}

}  // namespace payplan
