#pragma once
// What `payplan compare` writes (compiled in the payplan library).
//
//   void write_comparison(std::ostream&, const Comparison&);          // compare.csv
//   void write_comparison_summary(std::ostream&, const Comparison&);  // summary.csv
//   void print_comparison(std::ostream&, const Comparison&, std::size_t top = 10);
//   void write_html_report(std::ostream&, const Comparison&);         // one self-contained page

#include <cstddef>
#include <iosfwd>

#include "payplan/compare.hpp"

namespace payplan {

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

}  // namespace payplan
