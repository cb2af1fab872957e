#pragma once
// Presentation: what `payplan compare` and `payplan run` show people, compiled
// in the payplan::report library (CMake target payplan_report), not in
// payplan::payplan. A payroll system linking payplan::payplan links no HTML
// and no terminal tables; the umbrella payplan/payplan.hpp does not include
// this header.
//
//   struct PayeeDelta;                                                // one payee under A and B
//   std::vector<PayeeDelta> payee_totals(const Comparison&);          // largest gain first
//   std::vector<std::tuple<std::string, Money, Money>> period_totals(const Comparison&);
//   void write_comparison(std::ostream&, const Comparison&);          // compare.csv
//   void write_comparison_summary(std::ostream&, const Comparison&);  // summary.csv
//   void print_comparison(std::ostream&, const Comparison&, std::size_t top = 10);
//   void write_html_report(std::ostream&, const Comparison&);         // one self-contained page
//   void print_statement_table(std::ostream&, const Result&, const statement_table_options& = {});
//                                                                     // a run's statements, for people
//   void print_exception_summary(std::ostream&, const Result&);       // exceptions by kind, the first rows of each
//   void print_plan(std::ostream&, const Plan&, const Org*, RunRange);// the plan as understood (payplan validate)
//   void print_adjustments(std::ostream&, const Result&);             // the adjustments a run paid (spec 6)

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <tuple>
#include <vector>

#include "payplan/engine/compare.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {

/// One payee's totals under both plans.
struct PayeeDelta {
  std::string payee;
  payee_kind kind = payee_kind::person;  ///< a person and an account of one id are two payees
  Money amount_a;
  Money amount_b;
  [[nodiscard]] Money delta() const { return amount_b - amount_a; }
  /// The id, and " (account)" after an account's.
  [[nodiscard]] std::string label() const { return payee + (kind == payee_kind::account ? " (account)" : ""); }
};

/// Per-payee totals of the comparison's rows, largest gain (B over A) first
/// (payees of equal gain by id, a person before an account of the same id).
[[nodiscard]] std::vector<PayeeDelta> payee_totals(const Comparison& c);

/// Cost per period under each plan: (period, A, B), by period.
[[nodiscard]] std::vector<std::tuple<std::string, Money, Money>> period_totals(const Comparison& c);

/// compare.csv: period,payee,component,amount_a,amount_b,delta (delta = B - A).
void write_comparison(std::ostream& out, const Comparison& c);

/// summary.csv: scope,key,amount_a,amount_b,delta with scope `total`,
/// `revenue` (credited revenue), `cost_pct` (cost as % of credited revenue),
/// `period` (cost per period) and `payee` (each payee's total, largest gain first).
void write_comparison_summary(std::ostream& out, const Comparison& c);

/// The readable summary: cost under each plan, delta, cost/revenue, the top
/// gainers and losers.
void print_comparison(std::ostream& out, const Comparison& c, std::size_t top = 10);

/// A single HTML page needing no network: a chart of cost per period under
/// each plan, the distribution of per-payee deltas, and the summary tables.
void write_html_report(std::ostream& out, const Comparison& c);

/// Which rows the statement table shows: every statement, or each payee's
/// total of a period (automatic: the summary above `automatic_limit` rows).
enum class statement_rows : std::uint8_t { automatic, summary, full };

struct statement_table_options {
  statement_rows rows = statement_rows::full;
  std::size_t automatic_limit = 200;
  std::string currency;      ///< the code in the amount column's head and the grand total ("USD"); none if empty
  const Org* org = nullptr;  ///< people's names beside their ids, where the org has them
};

/// A readable table of statements with per-period and grand totals, amounts
/// with thousands separators. Ids are shown through for_terminal (the CSV
/// files keep them exact).
void print_statement_table(std::ostream& out, const Result& result);
void print_statement_table(std::ostream& out, const Result& result, const statement_table_options& options);

/// The exceptions of a run by kind, in the order exceptions.csv has them,
/// with a count and the first `first` rows of each; nothing without any.
void print_exception_summary(std::ostream& out, const Result& result, std::size_t first = 3);

/// The plan as the loader understood it: currency, period, the periods paid
/// within `range`, each component with its type, payees (whom they select
/// in `org`, when given) and values, rates as percentages.
void print_plan(std::ostream& out, const Plan& plan, const Org* org, RunRange range = {});

/// spec 6: the adjustments the run paid (differences for closed periods,
/// and manual ones), per payee and origin period; nothing when it paid none.
void print_adjustments(std::ostream& out, const Result& r);

}  // namespace payplan
