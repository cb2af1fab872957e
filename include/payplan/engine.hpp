#pragma once
// Evaluation: the contract's pipeline, step by step.
//
//   struct RunRange { std::optional<Date> from, to; };
//   void validate(const Plan&, const Org&);                       // cross-file references
//   Result evaluate(const Plan&, const Org&, const Ledger&, RunRange = {});
//
// Steps, each named as the contract names it, in detail/pipeline.hpp:
// crediting (spec 3), eligibility and share (transfer terms, 4.2), then per
// component: cumulative sales and tiers (4.1), rounding once (1), cap (4.1),
// clawbacks (4.1); last, the written periods (5).

#include <string>
#include <variant>
#include <vector>

// the component types and their pricers, listed in components.hpp
#include "payplan/plan.hpp"

#include "payplan/detail/evaluation.hpp"
#include "payplan/detail/pipeline.hpp"

namespace payplan {

/// Checks what a plan says about an org: payee ids and transfer terms
/// exist; a contest's window lies inside the plan's effective dates.
inline void validate(const Plan& plan, const Org& org) {
  for (const Component& c : plan.components) {
    const ComponentBase& b = base_of(c);
    if (const auto* contest = std::get_if<Contest>(&c);
        contest && (contest->from < plan.effective.from || plan.effective.to < contest->to))
      throw input_error(contest->window_where, "contest '" + b.id + "' window " + to_string(contest->from) + " to " +
                                                   to_string(contest->to) + " is outside the plan's effective dates " +
                                                   to_string(plan.effective.from) + " to " +
                                                   to_string(plan.effective.to));
    for (const std::string& id : b.payees.ids)
      if (!org.find_person(id).ok())
        throw input_error(b.payees.where, "component '" + b.id + "' names unknown payee '" + id + "'");
  }
  const TransferTermsIndex terms(plan.transfer_terms);
  for (const Account& a : org.accounts())
    for (const auto& own : a.owners)
      if (!own.value.terms.empty() && terms.find(own.value.terms) == nullptr)
        throw input_error(own.where, "account '" + a.id + "' is transferred with terms '" + own.value.terms +
                                         "', which plan '" + plan.id + "' does not define in transfer_terms");
}

namespace detail {

/// Runs one component of any type (spec 4.1-4.7) into the evaluation.
inline void run_component(Evaluation& ev, const Component& component, std::uint16_t index) {
  try {
    // each type names its pricer, in the type's own header (components.hpp lists them)
    std::visit(
        [&](const auto& c) {
          using Run = typename std::decay_t<decltype(c)>::run;
          Run(ev, c, index).run();
        },
        component);
  } catch (const overflow_error& e) {
    // order-level components name the order and themselves already (at_order);
    // period-level ones get their name here
    const std::string& id = base_of(component).id;
    if (e.component() == id) throw;
    overflow_context where = e.context();
    where.component = id;
    throw overflow_error(ev.plan.source + ": component '" + id + "': " + e.what(), std::move(where));
  }
}

/// The pipeline (pipeline.hpp) up to the written periods: the credit table,
/// then every component of the evaluation's plan, in plan order.
inline void run_plan(Evaluation& ev) {
  build_credit_table(ev);
  pay_components(ev, run_component);
}

}  // namespace detail

/// Evaluates a plan over a ledger (spec 4, 5). Throws input_error for
/// references the org cannot satisfy and overflow_error (naming the order)
/// for arithmetic that does not fit.
inline void evaluate_into(Result& result, const Plan& plan, const Org& org, const Ledger& ledger, RunRange range = {});

[[nodiscard]] inline Result evaluate(const Plan& plan, const Org& org, const Ledger& ledger, RunRange range = {}) {
  Result result;
  evaluate_into(result, plan, org, ledger, range);
  return result;
}

/// The same, into `result`, whose storage is reused: what-if loops that
/// evaluate many plans avoid touching fresh memory for every run.
inline void evaluate_into(Result& result, const Plan& plan, const Org& org, const Ledger& ledger, RunRange range) {
  validate(plan, org);
  result.clear();
  detail::Evaluation ev(plan, org, ledger, range, result);
  detail::run_plan(ev);
  detail::select_written_periods(ev);
}

/// `payplan explain`: for every line of `order_id` that pays `payee`, the
/// chain from the contract: crediting, cumulative sales and tiers, gross,
/// eligibility and share, the exact value and its rounding. Empty when no
/// line of that order pays that payee. input_error if either id is unknown.
[[nodiscard]] inline std::vector<LineExplanation> explain(const Plan& plan, const Org& org, const Ledger& ledger,
                                                          std::string_view payee, std::string_view order_id,
                                                          RunRange range = {}) {
  validate(plan, org);
  std::vector<LineExplanation> out;
  Result result;
  detail::Evaluation ev(plan, org, ledger, range, result);
  detail::build_credit_table(ev);
  ev.explain_order = ledger.find(order_id);
  ev.explain_payee = org.find_person(payee);
  if (!ev.explain_order.ok()) throw input_error({ledger.source()}, "no order '" + std::string(order_id) + "' in the ledger");
  if (!ev.explain_payee.ok()) throw input_error({org.source()}, "no person '" + std::string(payee) + "' in the org");
  ev.explanations = &out;
  detail::pay_components(ev, detail::run_component);
  std::erase_if(out, [&](const LineExplanation& x) {
    auto p = parse_period(x.period);
    return !p || !ev.written(p->ordinal());
  });
  return out;
}

}  // namespace payplan