#pragma once
// Evaluation: the contract's pipeline, step by step.
//
//   struct RunRange { std::optional<Date> from, to; };
//   void validate(const Plan&, const Org&);                       // cross-file references
//   Result evaluate(const Plan&, const Org&, const Ledger&, RunRange = {}, keep_lines = keep_lines::all);
//   Result evaluate(const Plan&, const Org&, const Ledger&, const DealCredits&, RunRange = {}, keep_lines = ...);
//   Result evaluate(const Plan&, const Org&, const Ledger&, const Crediting&, RunRange = {}, keep_lines = ...);
//
// Steps, each named as the contract names it, in engine/detail/pipeline.hpp:
// crediting (spec 3), eligibility and share (transfer terms, 4.2), then per
// component: cumulative sales and tiers (4.1), rounding once (1), cap (4.1),
// clawbacks (4.1); last, the written periods (5).

#include <string>
#include <variant>
#include <vector>

// the component types and their pricers, listed in components/registry.hpp
#include "payplan/model/plan.hpp"

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/detail/pipeline.hpp"

namespace payplan {

/// Checks what a plan says about an org: payee ids and transfer terms
/// exist; a contest's window lies inside the plan's effective dates.
inline void validate(const Plan& plan, const Org& org) {
  for (std::uint32_t i = 0; i < plan.components.size(); ++i) {
    const Component& c = plan.components[i];
    const ComponentBase& b = base_of(c);
    if (const auto* contest = std::get_if<Contest>(&c);
        contest && (contest->from < plan.effective.from || plan.effective.to < contest->to))
      throw input_error(plan.where({subject::kind::contest_window, i}),
                        "contest '" + b.id + "' window " + to_string(contest->from) + " to " + to_string(contest->to) +
                            " is outside the plan's effective dates " + to_string(plan.effective.from) + " to " +
                            to_string(plan.effective.to));
    for (const std::string& id : b.payees.ids)
      if (!org.find_person(id).ok())
        throw input_error(plan.where({subject::kind::component_payees, i}),
                          "component '" + b.id + "' names unknown payee '" + id + "'");
  }
  const TransferTermsIndex terms(plan.transfer_terms);
  for (std::uint32_t i = 0; i < org.accounts().size(); ++i) {
    const Account& a = org.accounts()[i];
    for (std::uint32_t k = 0; k < a.owners.size(); ++k)
      if (const auto& own = a.owners[k]; !own.value.terms.empty() && terms.find(own.value.terms) == nullptr)
        throw input_error(org.where({subject::kind::ownership, i, k}),
                          "account '" + a.id + "' is transferred with terms '" + own.value.terms + "', which plan '" +
                              plan.id + "' does not define in transfer_terms");
  }
}

namespace detail {

/// Runs one component of any type (spec 4.1-4.7) into the evaluation;
/// `trace` records the lines it asks about (engine/trace.hpp).
template <class Trace>
void run_component(Evaluation& ev, const Component& component, std::uint16_t index, Trace& trace) {
  try {
    // each type names its pricer, in the type's own header (components/registry.hpp lists them)
    std::visit(
        [&](const auto& c) {
          using Run = typename std::decay_t<decltype(c)>::template run<Trace>;
          Run(ev, c, index, trace).run();
        },
        component);
  } catch (const overflow_error& e) {
    // order-level components name the order and themselves already (at_order);
    // period-level ones get their name here
    const std::string& id = base_of(component).id;
    if (e.component() == id) throw;
    overflow_context where = e.context();
    where.component = id;
    throw overflow_error(ev.plan.where({subject::kind::input}).describe() + ": component '" + id + "': " + e.what(),
                         std::move(where));
  }
}

/// The pipeline (pipeline.hpp) up to the written periods: the credit table,
/// then every component of the evaluation's plan, in plan order.
template <class Trace>
void run_plan(Evaluation& ev, Trace& trace) {
  build_credit_table(ev);
  pay_components(ev, [&](Evaluation& e, const Component& c, std::uint16_t i) { run_component(e, c, i, trace); });
}

/// The same, untraced (evaluate, compare).
inline void run_plan(Evaluation& ev) {
  no_trace untraced;
  run_plan(ev, untraced);
}

}  // namespace detail

namespace detail {

/// The pipeline into `result`: over `shared` crediting, or crediting made
/// here with `credits` (spec 3.1), if any.
inline void evaluate_into(Result& result, const Plan& plan, const Org& org, const Ledger& ledger, RunRange range,
                          keep_lines keep, const Crediting* shared, const DealCredits* credits) {
  validate(plan, org);
  result.clear();
  Evaluation ev(plan, org, ledger, range, result, shared, credits);
  ev.keep = keep;
  result.lines_summed = keep == keep_lines::statements;
  run_plan(ev);
  select_written_periods(ev);
}

}  // namespace detail

/// Evaluates a plan over a ledger (spec 4, 5). Throws input_error for
/// references the org cannot satisfy and overflow_error (naming the order)
/// for arithmetic that does not fit.
/// With keep_lines::statements the result holds no lines, only their
/// statements (Result::summed): for a run that writes no lines.csv.
/// `credits` (spec 3.1, a credits file) replaces the account's crediting
/// for the orders it names.
inline void evaluate_into(Result& result, const Plan& plan, const Org& org, const Ledger& ledger, RunRange range = {},
                          keep_lines keep = keep_lines::all, const DealCredits* credits = nullptr);

[[nodiscard]] inline Result evaluate(const Plan& plan, const Org& org, const Ledger& ledger, RunRange range = {},
                                     keep_lines keep = keep_lines::all) {
  Result result;
  evaluate_into(result, plan, org, ledger, range, keep);
  return result;
}

[[nodiscard]] inline Result evaluate(const Plan& plan, const Org& org, const Ledger& ledger, const DealCredits& credits,
                                     RunRange range = {}, keep_lines keep = keep_lines::all) {
  Result result;
  evaluate_into(result, plan, org, ledger, range, keep, &credits);
  return result;
}

/// With crediting made once (engine/crediting.hpp) of this org and ledger,
/// for several plans: a credits file (spec 3.1) is resolved once, not at
/// every evaluation.
[[nodiscard]] inline Result evaluate(const Plan& plan, const Org& org, const Ledger& ledger, const Crediting& crediting,
                                     RunRange range = {}, keep_lines keep = keep_lines::all) {
  Result result;
  detail::evaluate_into(result, plan, org, ledger, range, keep, &crediting, nullptr);
  return result;
}

/// The same, into `result`, whose storage is reused: what-if loops that
/// evaluate many plans avoid touching fresh memory for every run.
inline void evaluate_into(Result& result, const Plan& plan, const Org& org, const Ledger& ledger, RunRange range,
                          keep_lines keep, const DealCredits* credits) {
  detail::evaluate_into(result, plan, org, ledger, range, keep, nullptr, credits);
}

/// `payplan explain`: the record of every line the request names (engine/trace.hpp),
/// and for a by-period request the payee's standing in each tiered
/// commission at the period's end (engine/standing.hpp),
/// in the order the pipeline made them, written periods only: for an order,
/// crediting, cumulative sales and tiers, gross, eligibility and share, the
/// exact value, rounding, the cap, the clawback's original; for a
/// period-level line, what was measured. Empty when no such line exists.
/// input_error for an unknown payee, order or component.
[[nodiscard]] inline ExplainRecord explain_record(const Plan& plan, const Org& org, const Ledger& ledger,
                                                  const TraceRequest& request, RunRange range = {},
                                                  const DealCredits* credits = nullptr) {
  validate(plan, org);
  OrderIndex order = OrderIndex::none();
  if (!request.order_id.empty()) {
    order = ledger.find(request.order_id);
    if (!order.ok())
      throw input_error(ledger.where({subject::kind::input}), "no order '" + request.order_id + "' in the ledger");
    if (!org.find_person(request.payee).ok())
      throw input_error(org.where({subject::kind::input}), "no person '" + request.payee + "' in the org");
  } else {
    if (!request.period) throw input_error(plan.where({subject::kind::input}), "explain needs an order or a period");
    if (request.period->length() != plan.period)
      throw input_error(plan.where({subject::kind::input}), "period " + to_string(*request.period) +
                                                                " is not a period of plan '" + plan.id +
                                                                "', which pays by " + std::string(to_string(plan.period)));
    // a rebate's payee is an account (spec 4.7)
    if (!org.find_person(request.payee).ok() && !org.find_account(request.payee).ok())
      throw input_error(org.where({subject::kind::input}), "no person or account '" + request.payee + "' in the org");
  }
  int component = -1;
  if (!request.component.empty()) {
    for (std::size_t c = 0; c < plan.components.size(); ++c)
      if (base_of(plan.components[c]).id == request.component) component = static_cast<int>(c);
    if (component < 0)
      throw input_error(plan.where({subject::kind::input}),
                        "no component '" + request.component + "' in plan '" + plan.id + "'");
  }
  Result result;
  detail::Evaluation ev(plan, org, ledger, range, result, nullptr, credits);
  detail::line_tracer trace(request.payee, order, request.period ? request.period->ordinal() : 0, component,
                            ev.first_written, ev.last_written);
  detail::run_plan(ev, trace);
  return {std::move(trace.lines), std::move(trace.tiers)};
}

/// Statement pages (issue 16): the record of every line paying one of
/// `payees` in every written period, and their tier standings, in one traced
/// run however many payees (each page needs not its own evaluation).
[[nodiscard]] inline ExplainRecord explain_payees(const Plan& plan, const Org& org, const Ledger& ledger,
                                                  std::vector<std::string> payees, RunRange range = {},
                                                  const DealCredits* credits = nullptr) {
  validate(plan, org);
  Result result;
  detail::Evaluation ev(plan, org, ledger, range, result, nullptr, credits);
  detail::line_tracer trace(std::move(payees), OrderIndex::none(), detail::line_tracer::every_period, -1,
                            ev.first_written, ev.last_written);
  detail::run_plan(ev, trace);
  return {std::move(trace.lines), std::move(trace.tiers)};
}

/// The lines' records only.
[[nodiscard]] inline std::vector<LineTrace> explain(const Plan& plan, const Org& org, const Ledger& ledger,
                                                    const TraceRequest& request, RunRange range = {},
                                                    const DealCredits* credits = nullptr) {
  return explain_record(plan, org, ledger, request, range, credits).lines;
}

/// Every line of `order_id` that pays `payee`, explained.
[[nodiscard]] inline std::vector<LineTrace> explain(const Plan& plan, const Org& org, const Ledger& ledger,
                                                    std::string_view payee, std::string_view order_id,
                                                    RunRange range = {}) {
  return explain(plan, org, ledger, TraceRequest{std::string(payee), std::string(order_id), std::nullopt, {}}, range);
}

}  // namespace payplan
