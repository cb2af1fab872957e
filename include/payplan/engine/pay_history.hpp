#pragma once
// Closed periods, adjustments and the pay history (spec 6): a recomputed
// result settled against what an earlier run paid.
//
//   struct Closing;                          // what a run is settled against
//   void settle(Result&, const Plan&, const Org&, const Closing&);
//   PayHistory history_of(const Result&);     // a settled run as the next run's --paid
//
// The run evaluates every period as usual (the recomputed amounts). For a
// closed period P and each (payee, component) of the earlier run or the
// recomputation:
//   paid for P  = OLD's statement of P
//               - the adjustments OLD paid in P
//               + the adjustments OLD paid in closed periods for P (origin P)
//   delta       = recomputed - paid for P
// and each delta that is not zero is paid in the open period (the first
// after the closed ones) as a line of its own, outside any cap. The closed
// periods then hold what OLD paid, exactly: their lines leave the result,
// their statements are OLD's (Result::closed), and the files' rows are
// copied from OLD's (src/io). Manual adjustments are lines too, in any
// period the run writes and has not closed.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "payplan/engine/result.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/pay_history.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {

/// What a run is settled against (spec 6): an earlier run's pay history
/// and the last period it closes, and manual adjustments. Either part may
/// be absent; `closed_through` needs `paid`.
struct Closing {
  const PayHistory* paid = nullptr;
  std::optional<Period> closed_through;
  const ManualAdjustments* manual = nullptr;
};

namespace detail {

// A statement's names as the files have them: what OLD's rows and the
// recomputation are matched by (a component may have left the plan since).
using statement_name = std::tuple<std::int32_t, std::string, std::string>;  // period, payee, component

// spec 6 / 4.7: a rebate's payee is an account. A component that has left
// the plan is known only by its id: its payee is the org's person of that
// id if there is one, else its account.
inline payee_kind kind_of(const Plan& plan, const Org& org, std::string_view payee, std::string_view component) {
  for (const Component& c : plan.components)
    if (base_of(c).id == component) return std::holds_alternative<Rebate>(c) ? payee_kind::account : payee_kind::person;
  return org.find_person(payee).ok() || !org.find_account(payee).ok() ? payee_kind::person : payee_kind::account;
}

inline std::uint16_t component_index(Result& r, const std::string& id) {
  const auto it = std::find(r.components.begin(), r.components.end(), id);
  if (it != r.components.end()) return static_cast<std::uint16_t>(it - r.components.begin());
  r.components.push_back(id);  // a component removed from the plan: adjusted under its id
  return static_cast<std::uint16_t>(r.components.size() - 1);
}

// spec 6: the checks of --paid and --closed-through against the run.
inline void check_closing(const Result& r, const Plan& plan, const Closing& c) {
  if (c.closed_through && !c.paid)
    throw usage_error("--closed-through " + to_string(*c.closed_through) +
                      " needs --paid: the earlier run whose periods it closes");
  if (!c.paid) return;
  const PayHistory& old = *c.paid;
  if (!c.closed_through) throw usage_error("--paid needs --closed-through PERIOD: the last period it closes");
  const Period ct = *c.closed_through;
  if (ct.length() != plan.period)
    throw usage_error("--closed-through " + to_string(ct) + " is not a period of plan '" + plan.id + "', which pays by " +
                      std::string(to_string(plan.period)));
  if (old.length != plan.period)
    throw input_error(old.where(), "the earlier run paid by " + std::string(to_string(old.length)) + ", plan '" + plan.id +
                                       "' pays by " + std::string(to_string(plan.period)));
  const Period first_paid = Period::containing(plan.effective.from, plan.period);
  const Period effective_start = first_paid.first_day() < plan.effective.from ? first_paid.next() : first_paid;
  if (r.first_written != effective_start.ordinal() && r.first_written <= r.last_written)
    throw usage_error("with --paid a run writes every period from the plan's effective start (" +
                      to_string(effective_start) + "): --from cannot be given");
  if (old.closed_through && ct < *old.closed_through)
    throw input_error(old.where(), "--closed-through " + to_string(ct) + " is before " + to_string(*old.closed_through) +
                                       ", which the earlier run closed: a paid period is never reopened");
  const Period open = ct.next();
  if (open.ordinal() < r.first_written || open.ordinal() > r.last_written)
    throw usage_error("the open period " + to_string(open) + " (the first after --closed-through " + to_string(ct) +
                      ") is not one this run writes" +
                      (r.first_written <= r.last_written
                           ? " (" + to_string(Period(plan.period, r.first_written)) + " to " +
                                 to_string(Period(plan.period, r.last_written)) + ": the plan's effective dates and --to)"
                           : std::string(" (it writes none)")));
  for (std::int32_t p = r.first_written; p <= ct.ordinal(); ++p)
    if (!old.wrote(Period(plan.period, p)))
      throw input_error(old.where(), "the earlier run did not write " + to_string(Period(plan.period, p)) +
                                         ", which --closed-through " + to_string(ct) + " closes");
}

// spec 6: each manual adjustment names a period the run writes and has not
// closed, a component of the plan, a payee of the org (an account for a
// rebate) and an amount in the currency's digits.
inline void check_manual(const Result& r, const Plan& plan, const Org& org, const ManualAdjustments& manual,
                         std::optional<Period> ct) {
  using field = ManualAdjustments::field;
  for (std::size_t n = 0; n < manual.size(); ++n) {
    const ManualAdjustment& m = manual.rows()[n];
    const std::string label = to_string(m.period);
    if (m.period.length() != plan.period)
      throw input_error(manual.where(n, field::period), "period " + label + " is not a period of plan '" + plan.id +
                                                            "', which pays by " + std::string(to_string(plan.period)));
    if (m.period.ordinal() < r.first_written || m.period.ordinal() > r.last_written)
      throw input_error(manual.where(n, field::period), "period " + label + " is not one this run writes");
    if (ct && m.period <= *ct)
      throw input_error(manual.where(n, field::period),
                        "period " + label + " is closed (--closed-through " + to_string(*ct) +
                            "): pay the adjustment in an open period");
    const Component* component = nullptr;
    for (const Component& c : plan.components)
      if (base_of(c).id == m.component) component = &c;
    if (component == nullptr)
      throw input_error(manual.where(n, field::component), "no component '" + m.component + "' in plan '" + plan.id + "'");
    const bool account = std::holds_alternative<Rebate>(*component);
    if (account ? !org.find_account(m.payee).ok() : !org.find_person(m.payee).ok())
      throw input_error(manual.where(n, field::payee), std::string(account ? "no account '" : "no person '") + m.payee +
                                                           "' in the org" +
                                                           (account ? " (a rebate's payee is an account)" : ""));
    if (m.amount.rounded(plan.currency.minor_unit, rounding::half_even) != m.amount)
      throw input_error(manual.where(n, field::amount),
                        "amount " + to_string(m.amount, 0) + " has more than the " + std::to_string(plan.currency.minor_unit) +
                            " decimals of " + plan.currency.code);
    if (m.amount.is_zero()) throw input_error(manual.where(n, field::amount), "amount is zero: the adjustment pays nothing");
  }
}

}  // namespace detail

/// spec 6: settles `result`, just evaluated with `plan` over every period
/// from the plan's effective start, against `closing`. Afterwards the
/// closed periods hold OLD's statements (result.closed, no lines), the open
/// and later periods hold the recomputation plus one line per adjustment,
/// and result.adjustments holds adjustments.csv's rows: OLD's rows in closed
/// periods, then the new ones, each group sorted by period, payee,
/// component and origin period (a manual one, with none, first).
/// usage_error for a closing the run cannot make (no --paid, an open period
/// it does not write, --from); input_error naming OLD or the row for what
/// OLD or the adjustments file says wrongly.
inline void settle(Result& result, const Plan& plan, const Org& org, const Closing& closing) {
  detail::check_closing(result, plan, closing);
  if (closing.manual) detail::check_manual(result, plan, org, *closing.manual, closing.closed_through);
  const int minor = plan.currency.minor_unit;
  std::vector<Adjustment> fresh;

  if (closing.paid) {
    const PayHistory& old = *closing.paid;
    const Period ct = *closing.closed_through;
    const Period open = ct.next();
    auto closed = [&](Period p) { return p <= ct; };
    // recomputed, for each closed (period, payee, component)
    std::map<detail::statement_name, Money> recomputed, paid_for;
    for (const Statement& s : result.statements())
      if (closed(s.period))
        recomputed[{s.period.ordinal(), std::string(result.payees[s.payee]), result.components[s.component]}] += s.amount;
    // paid for P = OLD's statement - adjustments OLD paid in P + adjustments paid in closed periods for P
    for (const PaidStatement& s : old.statements)
      if (closed(s.period)) paid_for[{s.period.ordinal(), s.payee, s.component}] += s.amount;
    for (const Adjustment& a : old.adjustments) {
      if (!closed(a.period)) continue;
      paid_for[{a.period.ordinal(), a.payee, a.component}] -= a.delta;
      if (a.origin) paid_for[{a.origin->ordinal(), a.payee, a.component}] += a.delta;
    }
    std::map<detail::statement_name, std::pair<Money, Money>> both;  // (paid, recomputed)
    for (const auto& [k, m] : paid_for) both[k].first = m;
    for (const auto& [k, m] : recomputed) both[k].second = m;
    for (const auto& [k, pr] : both) {
      const Money delta = pr.second - pr.first;
      if (delta.is_zero()) continue;
      const auto& [period, payee, component] = k;
      fresh.push_back({open, payee, detail::kind_of(plan, org, payee, component), component, Period(plan.period, period),
                       pr.first, pr.second, delta, {}});
    }

    // the closed periods become what OLD paid: its statements, no lines here
    result.drop_periods_through(ct.ordinal());
    for (const PaidStatement& s : old.statements) {
      if (!closed(s.period)) continue;
      const std::uint32_t payee = result.payees.intern(detail::kind_of(plan, org, s.payee, s.component), s.payee);
      result.closed.push_back({s.period, payee, detail::component_index(result, s.component), s.amount});
    }
    result.closed_through = ct;
    for (const Period& p : old.periods)
      if (closed(p) && p.ordinal() < result.first_written) result.closed_before.push_back(p);
    for (const Adjustment& a : old.adjustments)
      if (closed(a.period)) result.adjustments.push_back(a);
    for (Adjustment& a : result.adjustments) a.kind = detail::kind_of(plan, org, a.payee, a.component);
  }

  if (closing.manual)
    for (const ManualAdjustment& m : closing.manual->rows())
      fresh.push_back({m.period, m.payee, detail::kind_of(plan, org, m.payee, m.component), m.component, std::nullopt,
                       std::nullopt, std::nullopt, m.amount, m.reason});

  // spec 6: sorted by period, payee, component, origin_period (empty first);
  // two manual rows of one statement by amount, then reason, so that the
  // file's row order changes nothing
  std::sort(fresh.begin(), fresh.end(), [](const Adjustment& a, const Adjustment& b) {
    auto origin = [](const Adjustment& x) { return x.origin ? x.origin->ordinal() + std::int64_t{1} : std::int64_t{0}; };
    return std::tuple(a.period, std::string_view(a.payee), a.kind, std::string_view(a.component), origin(a), a.delta,
                      std::string_view(a.reason)) < std::tuple(b.period, std::string_view(b.payee), b.kind,
                                                               std::string_view(b.component), origin(b), b.delta,
                                                               std::string_view(b.reason));
  });
  // each a period-level line (no order), gross = amount = delta, outside any cap
  const std::size_t first_fresh = result.lines.size();
  for (const Adjustment& a : fresh) {
    Line line;
    line.gross = as_gross(a.delta);
    line.amount = a.delta;
    line.payee = result.payees.intern(a.kind, a.payee);
    line.period = a.period.ordinal();
    line.component = detail::component_index(result, a.component);
    result.notes.push_back(a.manual() ? "manual adjustment: " + a.reason
                                      : "adjustment for " + to_string(*a.origin) + ": paid " +
                                            to_string(*a.paid, minor, minor) + ", recomputed " +
                                            to_string(*a.recomputed, minor, minor));
    line.note = static_cast<std::uint32_t>(result.notes.size() - 1);
    result.lines.push_back(line);
  }
  if (result.lines_summed && result.lines.size() > first_fresh) {
    // a statements-only result keeps no lines: summed a component at a time,
    // as sum_lines_and_drop sums (it finds statements by period and payee)
    std::vector<Line> all(result.lines.begin() + static_cast<std::ptrdiff_t>(first_fresh), result.lines.end());
    result.lines.resize(first_fresh);
    std::vector<std::uint16_t> components;
    for (const Line& l : all)
      if (std::find(components.begin(), components.end(), l.component) == components.end()) components.push_back(l.component);
    for (std::uint16_t c : components) {
      for (const Line& l : all)
        if (l.component == c) result.lines.push_back(l);
      result.sum_lines_and_drop([](std::int32_t) { return true; });
    }
  }
  result.adjustments.insert(result.adjustments.end(), fresh.begin(), fresh.end());
}

/// A run's pay history as the next run reads it (spec 6): the periods it
/// wrote, its closing, its statements and its adjustments. What a payroll
/// system keeps in memory between runs instead of the folder.
[[nodiscard]] inline PayHistory history_of(const Result& r) {
  PayHistory h;
  h.length = r.period_length;
  h.periods = r.written_periods();
  h.closed_through = r.closed_through;
  for (const Statement& s : r.statements())
    h.statements.push_back({s.period, std::string(r.payees[s.payee]), r.components[s.component], s.amount});
  h.adjustments = r.adjustments;
  return h;
}

}  // namespace payplan
