#pragma once
// explain: a traced run records, for each line it is asked about, what each
// stage of the pipeline decided, in the contract's words. `payplan explain`
// and Result.explain print the record; nothing re-derives a number.
//
//   struct TraceRequest;     // which lines: a payee's, of one order or of one period
//   struct LineTrace;        // one line's record: component, period, the stages' steps, amount
//   detail::no_trace         // an untraced run: every record compiles away
//   detail::line_tracer      // a traced run's recorder
//
// A component's pricer is a class template over its tracer
// (`CommissionRun<no_trace>` for evaluate, `CommissionRun<line_tracer>` for
// explain), so a run that nobody explains has no explain check in it.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/values/money.hpp"
#include "payplan/detail/decimal_text.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/engine/standing.hpp"
#include "payplan/model/tiers.hpp"

namespace payplan {

/// Which lines to explain: `payee`'s lines of order `order_id`, or, with no
/// order, `payee`'s lines of `period` (period-level ones included), of one
/// component or of all.
struct TraceRequest {
  std::string payee;             ///< a person's id; for a rebate, an account's
  std::string order_id;          ///< empty: every line of `period`
  std::optional<Period> period;  ///< with no order_id: the period explained
  std::string component;         ///< empty: every component
};

/// What the pipeline decided about one line, stage by stage: crediting,
/// cumulative sales and tiers (or, for a period-level line, what was
/// measured), gross, eligibility and share, the exact value, rounding, the
/// cap, the clawback's original.
struct LineTrace {
  std::string component;
  std::string period;
  std::vector<std::string> steps;
  Money amount;
  std::optional<Money> before_cap;  ///< spec 4.1 cap: the rounded amount the cap saw, where the component has one
  std::string payee;                ///< whose line (a request may name several payees)
};

/// What explain recorded for a by-period request: each line's record, and
/// where the payee stood in each tiered component at the period's end.
struct ExplainRecord {
  std::vector<LineTrace> lines;
  std::vector<TierStanding> tiers;
};

/// The name `explain` returned before the record was a trace.
using LineExplanation = LineTrace;

namespace detail {

/// A position on the sales axis (10^-16 units, model/tiers.hpp) as text: the
/// currency's digits, up to 6 when exact needs them.
[[nodiscard]] inline std::string position_text(int128 x, int minor_unit) {
  return format_scaled(x, 16, minor_unit, 6);
}

/// spec 4.1 marginal tiers: the pieces of [lo, hi) in each tier, as
/// " LENGTH at RATE (FROM to TO); ...".
[[nodiscard]] inline std::string marginal_pieces(const TierSchedule& schedule, int128 lo, int128 hi, int minor_unit) {
  std::string pieces;
  bool first = true;
  schedule.for_each_piece(lo, hi, [&](int128 from, int128 to, Rate r) {
    pieces += std::string(first ? " " : "; ") + position_text(to - from, minor_unit) + " at " + to_percent_string(r) +
              " (" + position_text(from, minor_unit) + " to " + position_text(to, minor_unit) + ")";
    first = false;
  });
  return pieces;
}

/// An untraced run's tracer: `on` is false, so `if constexpr (Trace::on)`
/// removes every record and every check; it has nothing else.
struct no_trace {
  static constexpr bool on = false;
};

/// A traced run's recorder: keeps the record of every line the request
/// names, in the order the pipeline made them.
class line_tracer {
 public:
  static constexpr bool on = true;
  /// `period` for a request of every written period (statement pages, issue 16)
  static constexpr std::int32_t every_period = INT32_MIN;

  /// `order`: the order explained (none: by period); `period`: its ordinal
  /// then, or every_period; `component`: its index, or -1 for all; only lines
  /// of periods `first_written` to `last_written` are recorded (spec 5: the
  /// others are not paid). `payees`: whose lines, one or several ids.
  line_tracer(std::vector<std::string> payees, OrderIndex order, std::int32_t period, int component,
              std::int32_t first_written, std::int32_t last_written)
      : payees_(std::move(payees)), order_(order), period_(period), component_(component),
        first_written_(first_written), last_written_(last_written) {
    std::sort(payees_.begin(), payees_.end());
  }
  line_tracer(std::string payee, OrderIndex order, std::int32_t period, int component, std::int32_t first_written,
              std::int32_t last_written)
      : line_tracer(std::vector<std::string>{std::move(payee)}, order, period, component, first_written, last_written) {}

  /// Whether `line` is one the request names.
  [[nodiscard]] bool wants(const Result& r, const Line& line) const {
    if (line.period < first_written_ || line.period > last_written_) return false;
    if (component_ >= 0 && line.component != component_) return false;
    if (order_.ok() ? line.order != order_ : period_ != every_period && line.period != period_) return false;
    return names(r.payees[line.payee]);
  }

  /// Whether the request is for `payee`'s period `period` as a whole (not
  /// one order), and names `component`: its tier standing is then recorded.
  [[nodiscard]] bool wants_period(std::string_view payee, std::int32_t period, std::uint16_t component) const {
    if (order_.ok() || (period_ != every_period && period != period_)) return false;
    if (period < first_written_ || period > last_written_) return false;
    if (component_ >= 0 && component != component_) return false;
    return names(payee);
  }

  /// The standing after the latest credit: it replaces the payee's earlier
  /// one of the component and period.
  void stand(TierStanding s) {
    auto [at, fresh] = standing_at_.try_emplace(std::tuple(s.payee, s.component, s.period.ordinal()), tiers.size());
    if (fresh) tiers.push_back(std::move(s));
    else tiers[at->second] = std::move(s);
  }

  /// A new record for `line`, named by its component, period and payee, paying its amount.
  LineTrace& record(const Result& r, const Line& line) {
    lines.push_back({r.components[line.component], to_string(r.period_of(line)), {}, line.amount, {},
                     std::string(r.payees[line.payee])});
    return lines.back();
  }

  std::vector<LineTrace> lines;
  std::vector<TierStanding> tiers;

 private:
  [[nodiscard]] bool names(std::string_view payee) const {
    if (payees_.size() == 1) return payees_.front() == payee;
    return std::binary_search(payees_.begin(), payees_.end(), payee, std::less<>());
  }

  std::vector<std::string> payees_;  // sorted
  std::map<std::tuple<std::string, std::string, std::int32_t>, std::size_t> standing_at_;  // into tiers
  OrderIndex order_;
  std::int32_t period_;
  int component_;
  std::int32_t first_written_, last_written_;
};

}  // namespace detail
}  // namespace payplan
