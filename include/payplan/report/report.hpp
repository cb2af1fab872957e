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
//   struct WhatIfInputs;                                              // the plans and the org behind a comparison
//   void write_html_report(std::ostream&, const Comparison&, const WhatIfInputs&);  // with breakdowns and the plan diff
//   std::vector<BreakdownRow> component_totals(const Comparison&);    // by component
//   std::vector<BreakdownRow> role_totals(const Comparison&, const Org&);   // by role
//   std::vector<BreakdownRow> team_totals(const Comparison&, const Org&);   // by manager's team
//   std::string percent_change(Money a, Money b);                     // "−16.3%", "new"
//   DeltaHistogram delta_histogram(const std::vector<PayeeDelta>&, int minor);  // symmetric bins around 0
//   std::vector<std::string> plan_changes(const Plan& a, const Plan& b);   // the plans' diff, in words
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

/// What the report reads besides the comparison: the two plans it compared
/// (for the plan diff) and the org (names, roles, teams). Each may be null;
/// the report then leaves out what needs it.
struct WhatIfInputs {
  const Plan* a = nullptr;
  const Plan* b = nullptr;
  const Org* org = nullptr;
};

/// A single HTML page needing no network, for deciding on plan B: the cost
/// under each plan, what changed between the plans (inputs.a and b), cost
/// per period, the cost by component, by role and by manager's team
/// (inputs.org), the distribution of per-payee changes, and every payee with
/// name, role, change and % change (sortable with a script, and as a CSV
/// link). Without inputs (the first overload) the page has no plan diff and
/// no role, team or name columns.
void write_html_report(std::ostream& out, const Comparison& c);
void write_html_report(std::ostream& out, const Comparison& c, const WhatIfInputs& inputs);

/// One row of a breakdown of the cost: a component, a role or a team.
struct BreakdownRow {
  std::string key;    ///< the component id, the role's word, the manager's id
  std::string label;  ///< for people: "helen (Helen Brooks)"; a team: its size too
  Money amount_a;
  Money amount_b;
  [[nodiscard]] Money delta() const { return amount_b - amount_a; }
};

/// Cost by component id, in order of first appearance in the rows' plan B
/// then plan A ids (a component of one id in both plans is one row).
[[nodiscard]] std::vector<BreakdownRow> component_totals(const Comparison& c);

/// Cost by the payee's role in `org` (rep, manager, agent, partner), and
/// "account" for accounts paid (rebates, spec 4.7); in the order of role.
[[nodiscard]] std::vector<BreakdownRow> role_totals(const Comparison& c, const Org& org);

/// Cost by manager's team: a manager and everyone at any level below them.
/// Each row of a period counts in the teams its payee was in on the period's
/// last day (a rep who moves in mid-quarter counts, for that quarter, in the
/// team they ended it in). A person in a team inside a team counts in both,
/// so the rows do not add up to the total. The heads are the people with
/// role manager and anyone with reports on such a day; largest cost under B first.
[[nodiscard]] std::vector<BreakdownRow> team_totals(const Comparison& c, const Org& org);

/// (B - A) / A as a percentage with one decimal, rounded half away from
/// zero: "+12.5%", "−16.3%" (a minus sign), "0.0%"; "new" when A is 0 and B
/// is not, "" when both are 0, "n/a" when A is negative.
[[nodiscard]] std::string percent_change(Money a, Money b);

/// One bin of the per-payee change histogram.
struct DeltaBin {
  Money from, to;          ///< losses [from, to), gains (from, to]; both 0 for the unchanged
  bool open = false;       ///< the outermost bin of a side: every change beyond its inner edge
  bool unchanged = false;  ///< the middle bin: a change of exactly 0
  std::size_t payees = 0;
  std::string label;       ///< "−2,000 to −1,000", "unchanged", "above 5,000"
};

/// Symmetric bins around 0: n loss bins, the unchanged bin, n gain bins,
/// all of `width` (but the open outermost ones). The width is a round
/// number (1, 2 or 5 times a power of ten) that puts the 90th percentile of
/// the payees' changes by size within about 4 bins; n is as many as the
/// largest change needs, at most 6 (the 6th open).
struct DeltaHistogram {
  Money width;
  std::vector<DeltaBin> bins;  ///< 2n + 1; bins[n] is the unchanged
};
[[nodiscard]] DeltaHistogram delta_histogram(const std::vector<PayeeDelta>& payees, int minor);

/// What changed from plan A to plan B, one sentence each: the period,
/// rounding and effective dates; components added, removed or changed (by
/// id), key by key through each type's keys() (rates, tiers band by band,
/// caps, payee selectors, products); transfer terms added, removed or
/// changed. Empty when the plans differ only in their ids.
[[nodiscard]] std::vector<std::string> plan_changes(const Plan& a, const Plan& b);

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
