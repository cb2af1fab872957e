#pragma once
// A partitioned evaluation (issue 14): the pipeline's phases as functions
// over parts of the ledger, whose results add up to one process's.
//
//   Measured partitioned::measure(const Plan&, const Org&, const Ledger& accounts, const DealCredits* = nullptr);
//   void partitioned::pay_period_level(Result&, const Plan&, const Org&, const Measured&, RunRange = {});
//
// Phase A runs over whole accounts (every order of an account in one part):
// crediting (spec 3, 3.1) and the sums the period-level components read
// (team growth 4.4, team bonus 4.5, contest 4.6, rebate 4.7; measured.hpp).
// Phase C, once, pays those components from the sums of every part, added
// (Measured::merge): exact integers, so any partitioning gives the same
// lines. The period-level components are nothing but this in one process
// too (their `run` is `pay(measure(...))`), so the two cannot drift apart.

#include <type_traits>
#include <variant>

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {

namespace detail {
template <class C>
concept period_level_component = C::period_level;
}  // namespace detail

namespace partitioned {

/// Phase A: the sums the plan's period-level components read of `accounts`,
/// a ledger holding every order of the accounts it has any of (an
/// account's first order and its sales by period are the account's own).
/// `deals` (spec 3.1), if any, names orders of this ledger only.
[[nodiscard]] inline Measured measure(const Plan& plan, const Org& org, const Ledger& accounts,
                                      const DealCredits* deals = nullptr, RunRange range = {}) {
  Result scratch;  // the evaluation's context writes the periods' exceptions here: phase C's to report
  detail::Evaluation ev(plan, org, accounts, range, scratch, nullptr, deals);
  Measured out;
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci)
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (detail::period_level_component<C>)
            C::template run<detail::no_trace>::measure(ev, c, static_cast<std::uint16_t>(ci), out);
        },
        plan.components[ci]);
  return out;
}

/// Phase C: the period-level components' lines, in plan order, from the
/// sums of every order (each part's `measure`, merged), into `result`: an
/// empty one, or one an evaluation of `plan` over the same range made.
inline void pay_period_level(Result& result, const Plan& plan, const Org& org, const Measured& measured,
                             RunRange range = {}) {
  static const Ledger none;
  Result context;  // the periods' exceptions, once more: the caller reported them
  detail::Evaluation ev(plan, org, none, range, context);
  if (result.components.empty()) {  // a result of its own: the evaluation's periods and components
    result.period_length = context.period_length;
    result.minor_unit = context.minor_unit;
    result.components = context.components;
    result.first_written = context.first_written;
    result.last_written = context.last_written;
  }
  std::swap(context.lines, result.lines);
  std::swap(context.payees, result.payees);
  std::swap(context.notes, result.notes);
  std::swap(context.factors, result.factors);
  std::swap(context.exceptions, result.exceptions);
  detail::no_trace untraced;
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci)
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (detail::period_level_component<C>) {
            ev.stage = exception_stage::components + static_cast<std::uint32_t>(ci);
            typename C::template run<detail::no_trace>(ev, c, static_cast<std::uint16_t>(ci), untraced).pay(measured);
          }
        },
        plan.components[ci]);
  std::swap(context.lines, result.lines);
  std::swap(context.payees, result.payees);
  std::swap(context.notes, result.notes);
  std::swap(context.factors, result.factors);
  std::swap(context.exceptions, result.exceptions);
}

}  // namespace partitioned
}  // namespace payplan
