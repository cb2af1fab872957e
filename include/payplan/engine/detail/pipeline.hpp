#pragma once
// The contract's pipeline, one stage a line, in the contract's order:
//
//   crediting            spec 3, 3.1  the credit table's rows      engine/crediting.hpp   Crediting, credit_orders
//                                     (with the Evaluation, or shared by compare), report_uncredited
//   returns              spec 4.1     which order claws back which engine/detail/clawbacks.hpp  resolve_returns
//   eligibility, share   spec 4.2     the table's transfer-term    engine/detail/eligibility.hpp apply_transfer_terms
//                                     columns
//   rates and tiers      spec 4.1-4.7 per component, over the      components/commission.hpp, components/override.hpp, components/team.hpp,
//                                     credit table                 components/contest.hpp, components/rebate.hpp (the *Run types)
//   rounding once        spec 1       each line, after its factors values/gross.hpp       round_line
//   cap                  spec 4.1     each commission line         engine/detail/cap.hpp  Cap
//   clawbacks            spec 4.1     each return, once, by its    engine/detail/clawbacks.hpp   OrderLines
//                                     original's lines
//   written periods      spec 5       the run's range              select_written_periods
//
//   void detail::build_credit_table(Evaluation&);
//   void detail::pay_components(Evaluation&, RunComponent);
//   void detail::select_written_periods(Evaluation&);

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "payplan/engine/detail/clawbacks.hpp"
#include "payplan/engine/detail/eligibility.hpp"
#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/model/plan.hpp"

namespace payplan::detail {

/// spec 3: an order nobody is credited with (no owner on its date, or an
/// account not in the org) pays nothing, and the user is told.
inline void report_uncredited(Evaluation& ev) {
  for (OrderIndex i : ev.credits.uncredited) {
    if (!ev.written(ev.period_of[i.index()])) continue;
    auto acct = ev.ledger.account_name(ev.ledger.accounts()[i.index()]);
    bool known = ev.account_of[ev.ledger.accounts()[i.index()]].ok();
    ev.except("no_owner", i,
              known ? "account '" + std::string(acct) + "' has no owner on " + to_string(ev.ledger.dates()[i.index()])
                    : "account '" + std::string(acct) + "' is not in the org");
  }
}

/// What every component reads, before any runs: the credit table (its rows
/// were made with the Evaluation), which order claws back which, and the
/// table's transfer-term columns for this plan.
inline void build_credit_table(Evaluation& ev) {
  ev.stage = exception_stage::crediting;
  report_uncredited(ev);  // spec 3, 3.1: crediting
  ev.stage = exception_stage::returns;
  resolve_returns(ev);    // spec 4.1 Returns: refund_of -> the original each return claws back
  // spec 4.2: eligibility and share (a part of a partitioned evaluation is
  // given its orders' eligibility, worked out over whole accounts)
  ev.terms = ev.given_eligibility ? credit_terms(*ev.given_eligibility, ev.credits, ev.result)
                                  : apply_transfer_terms(ev.plan.transfer_terms, ev.org, ev.ledger, ev.credits,
                                                         ev.result, ev.plan.currency.minor_unit);
}

/// Every component in plan order (spec 4.1-4.7: rates and tiers; in each
/// line rounding once, the cap, clawbacks), then the returns that found
/// nothing to claw back.
template <class RunComponent>
void pay_components(Evaluation& ev, RunComponent&& run_component) {
  const std::vector<Component>& components = ev.whole_plan.components;
  // Room for a line per credit row of every order-level component, made
  // once: grown component by component, the old and new storage were both
  // resident while copied (issue 11: 2.5 GB peak for 1.44 GB of lines at
  // 10M orders). Room not written to takes no memory.
  const auto order_level = static_cast<std::size_t>(std::count_if(components.begin(), components.end(), [](const Component& c) {
    return std::holds_alternative<Commission>(c) || std::holds_alternative<Override>(c);
  }));
  // A run that keeps statements only sums each component's lines when it
  // is done (Evaluation::sum_lines): caps and clawbacks look back only at
  // their own component's lines (spec 4.1), so no later stage needs them.
  const bool summing = ev.keep == keep_lines::statements;
  const std::size_t room = summing && !ev.claws_back ? Evaluation::lines_summed_at
                                                     : ev.credits.size() * (summing ? 1 : order_level) + ev.credits.size() / 16;
  ev.result.lines.reserve(ev.result.lines.size() + room + 64);
  for (std::size_t ci = 0; ci < components.size(); ++ci) {
    // a partitioned evaluation pays the period-level ones from sums, once (partitioned.hpp)
    if (ev.payee_phase && std::visit([](const auto& c) { return period_level_component<std::decay_t<decltype(c)>>; },
                                     components[ci]))
      continue;
    ev.stage = exception_stage::components + static_cast<std::uint32_t>(ci);
    run_component(ev, components[ci], static_cast<std::uint16_t>(ci));
    if (summing) ev.sum_lines();
  }
  ev.stage = exception_stage::unpaid_returns;
  trace_unpaid_returns(ev);
}

/// spec 5: only the periods of the run's range are written; exceptions.csv
/// in the pipeline's order (Exception), whatever the orders' order.
inline void select_written_periods(Evaluation& ev) {
  ev.keep_written_lines();
  sort_exceptions(ev.result.exceptions);
}

}  // namespace payplan::detail
