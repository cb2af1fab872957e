#pragma once
// A partitioned evaluation (issue 14): the pipeline's phases as functions
// over parts of the ledger, whose results put together are one process's,
// byte for byte, however the orders are cut. The contract's data
// dependencies decide each phase's key:
//
//   A, by account    account_phase   crediting (spec 3, 3.1); eligibility and share (4.2: an account's
//                                    sales since a transfer); the sums the period-level components read
//                                    (4.4-4.7, measured.hpp); no owner; which payee groups need each order
//   returns          returns_phase   every return and the orders refund_of names: which claws back which,
//                                    and the returns' exceptions (4.1 Returns)
//   B, by payee      payee_phase     commission and override (4.1, 4.3) for a group of payees, exactly as
//                                    one process: cumulative sales, tiers, rounding, cap, clawbacks
//   C, once          assemble        the period-level components from the sums, every part's lines, the
//                                    exceptions in the pipeline's order (Exception)
//
//   std::uint32_t partitioned::group_of(std::string_view person, std::uint32_t groups);
//   AccountPart partitioned::account_phase(plan, org, accounts, groups, deals, range);
//   ReturnsPart partitioned::returns_phase(plan, org, returns, range);
//   PayeePart   partitioned::payee_phase(plan, org, routed, eligibility, members, keep, deals, range);
//   Result      partitioned::assemble(plan, org, range, keep, measured, parts, exceptions, unpaid);
//   Result      partitioned::evaluate(plan, org, ledger, parts, groups, range, keep, deals);  // all of it, here
//
// Routing (what `evaluate` does, and payplan.dask does with Dask's
// shuffles): an order goes to the group of each person it credits and of
// each manager an override pays on it (phase A's routes); a return whose
// refund_of names an order, and that order, each also go where the other
// goes, so that in every group the link is made as in one process (an
// order there that pays no member pays nothing). A group pays only its
// members' lines; every line is its payee's, so each is made exactly once.
// Exact integers and one rounding per line make every sum associative.
// The period-level components are the same code in one process (their
// `run` is `pay(measure(...))`), so the two cannot drift apart.

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "payplan/engine/compare.hpp"
#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {
namespace partitioned {

/// The payee group of a person: a hash of the id (FNV-1a, the same in every
/// process and build), modulo `groups`.
[[nodiscard]] constexpr std::uint32_t group_of(std::string_view id, std::uint32_t groups) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return groups == 0 ? 0 : static_cast<std::uint32_t>(h % groups);
}

/// What phase A finds in a part holding whole accounts. Positions are the
/// part's ledger's.
struct AccountPart {
  Measured measured;                                  ///< phase C's sums (measured.hpp)
  std::vector<Exception> exceptions;                  ///< no_owner (spec 3)
  std::vector<detail::OrderEligibility> eligibility;  ///< orders under transfer terms not both 1 (spec 4.2)
  /// (order position, payee group): the groups whose lines the order can
  /// make, sorted and unique.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> routes;
  Money revenue;  ///< credited revenue in the written periods (compare): the part's orders credited to anyone
};

/// What the returns phase finds.
struct ReturnsPart {
  std::vector<Exception> exceptions;  ///< refund_of that links nothing; over-refunded originals (spec 4.1)
  /// return_of_unpaid_order for every return of a written period that
  /// claws back an original: assemble keeps those no group paid a line.
  std::vector<Exception> unpaid;
};

/// What phase B makes for a group of payees.
struct PayeePart {
  Result result;                          ///< the members' order-level lines (or their sums) and exceptions
  std::vector<std::string> returns_paid;  ///< returns that paid a line here (clawbacks)
};

namespace detail {

/// The period-level components' lines, in plan order, from the sums of every
/// order, into the evaluation's result (summed, component by component, if
/// it keeps statements only).
inline void pay_measured(payplan::detail::Evaluation& ev, const Plan& plan, const Measured& measured) {
  payplan::detail::no_trace untraced;
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci)
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (payplan::detail::period_level_component<C>) {
            ev.stage = exception_stage::components + static_cast<std::uint32_t>(ci);
            typename C::template run<payplan::detail::no_trace>(ev, c, static_cast<std::uint16_t>(ci), untraced)
                .pay(measured);
            if (ev.keep == keep_lines::statements) ev.sum_lines();  // a component's lines at a time, as pipeline.hpp
          }
        },
        plan.components[ci]);
}

/// The credits file's rows for the orders of `part` (already checked against
/// the whole ledger: a part's rows name its own orders only).
[[nodiscard]] inline DealCredits deals_of(const DealCredits* deals, const Ledger& part) {
  if (deals == nullptr || deals->empty()) return {};
  std::vector<DealCredit> rows;
  for (const DealCredit& d : deals->rows())
    if (part.find(d.order_id).ok()) rows.push_back(d);
  return DealCredits(std::move(rows));
}

/// Appends `part`'s lines (and summed statements) to `into`, whose order
/// table `orders` holds every order a part's line names: payees, notes,
/// factors and orders renumbered.
inline void add_lines(Result& into, const Result& part) {
  std::vector<std::uint32_t> payee(part.payees.size()), note(part.notes.size(), UINT32_MAX),
      factors(part.factors.size(), UINT32_MAX);
  for (std::uint32_t p = 0; p < payee.size(); ++p) payee[p] = into.payees.intern(part.payees.kind(p), part.payees[p]);
  note[0] = 0;
  factors[0] = 0;
  auto note_of = [&](std::uint32_t n) {
    if (note[n] == UINT32_MAX) {
      into.notes.push_back(part.notes[n]);
      note[n] = static_cast<std::uint32_t>(into.notes.size() - 1);
    }
    return note[n];
  };
  auto factors_of = [&](std::uint32_t f) {
    if (factors[f] == UINT32_MAX) {
      into.factors.push_back(part.factors[f]);
      factors[f] = static_cast<std::uint32_t>(into.factors.size() - 1);
    }
    return factors[f];
  };
  into.lines.reserve(into.lines.size() + part.lines.size());
  for (Line l : part.lines) {
    l.payee = payee[l.payee];
    l.note = note_of(l.note);
    l.factors = factors_of(l.factors);
    if (l.order.ok()) l.order = into.orders.find(part.orders.order_id(l.order));
    into.lines.push_back(l);
  }
  for (Statement s : part.summed) {
    s.payee = payee[s.payee];
    into.summed.push_back(s);
  }
  into.summed_lines += part.summed_lines;
}

}  // namespace detail

/// Phase A over `accounts`, a ledger holding every order of the accounts it
/// has any of; `deals` (spec 3.1), if any, names orders of this ledger only.
[[nodiscard]] inline AccountPart account_phase(const Plan& plan, const Org& org, const Ledger& accounts,
                                               std::uint32_t groups, const DealCredits* deals = nullptr,
                                               RunRange range = {}) {
  validate(plan, org);
  Result scratch;
  payplan::detail::Evaluation ev(plan, org, accounts, range, scratch, nullptr, deals);
  AccountPart out;
  scratch.exceptions.clear();  // the periods': phase C's
  ev.stage = exception_stage::crediting;
  payplan::detail::report_uncredited(ev);
  out.exceptions = std::move(scratch.exceptions);
  out.revenue = payplan::detail::credited_revenue(ev);
  out.eligibility = payplan::detail::order_eligibility(plan.transfer_terms, org, accounts, ev.credits,
                                                       plan.currency.minor_unit);
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci)
    std::visit(
        [&](const auto& c) {
          using C = std::decay_t<decltype(c)>;
          if constexpr (payplan::detail::period_level_component<C>)
            C::template run<payplan::detail::no_trace>::measure(ev, c, static_cast<std::uint16_t>(ci), out.measured);
        },
        plan.components[ci]);
  // routes: the receivers, and the managers each override pays above them
  std::vector<std::uint32_t> group(org.people().size());
  for (std::uint32_t p = 0; p < group.size(); ++p) group[p] = group_of(org.person(PersonId(p)).id, groups);
  std::vector<const Override*> overrides;
  std::vector<std::vector<std::uint8_t>> paid_by;
  for (const Component& c : plan.components)
    if (const auto* o = std::get_if<Override>(&c)) {
      overrides.push_back(o);
      paid_by.push_back(payplan::detail::select_payees(o->payees, org));
    }
  const Credits& cr = ev.credits;
  auto dates = accounts.dates();
  for (std::size_t k = 0; k < cr.size(); ++k) {
    const std::uint32_t i = cr.order[k].index();
    out.routes.emplace_back(i, group[cr.receiver[k].index()]);
    for (std::size_t o = 0; o < overrides.size(); ++o) {
      PersonId m = cr.receiver[k];
      for (std::size_t n = 1; n <= overrides[o]->rates.size(); ++n) {  // spec 4.3: level n, on the order's date
        m = org.manager_on(m, dates[i]);
        if (!m.ok()) break;
        if (paid_by[o][m.index()]) out.routes.emplace_back(i, group[m.index()]);
      }
    }
  }
  std::sort(out.routes.begin(), out.routes.end());
  out.routes.erase(std::unique(out.routes.begin(), out.routes.end()), out.routes.end());
  return out;
}

/// The returns phase over `returns`: every order with a refund_of and every
/// order a refund_of names (spec 4.1 Returns: the link, its exceptions).
[[nodiscard]] inline ReturnsPart returns_phase(const Plan& plan, const Org& org, const Ledger& returns,
                                               RunRange range = {}) {
  Result scratch;
  payplan::detail::Evaluation ev(plan, org, returns, range, scratch);
  scratch.exceptions.clear();
  ReturnsPart out;
  ev.stage = exception_stage::returns;
  payplan::detail::resolve_returns(ev);
  out.exceptions = std::move(scratch.exceptions);
  scratch.exceptions.clear();
  ev.stage = exception_stage::unpaid_returns;
  payplan::detail::report_unpaid_returns(ev, std::vector<std::uint8_t>(returns.size(), 0));
  out.unpaid = std::move(scratch.exceptions);
  return out;
}

/// The people whose group is `wanted` (phase B's members).
[[nodiscard]] inline std::vector<std::uint8_t> members_of(const Org& org, std::uint32_t groups,
                                                          const std::vector<std::uint32_t>& wanted) {
  std::vector<std::uint8_t> out(org.people().size(), 0);
  for (std::uint32_t p = 0; p < out.size(); ++p)
    out[p] = std::find(wanted.begin(), wanted.end(), group_of(org.person(PersonId(p)).id, groups)) != wanted.end();
  return out;
}

/// Phase B over `routed`, the orders routed to a group (module comment),
/// with their eligibility from phase A (positions of `routed`, in order):
/// the order-level components' lines of `members` (by org person).
[[nodiscard]] inline PayeePart payee_phase(const Plan& plan, const Org& org, const Ledger& routed,
                                           const std::vector<payplan::detail::OrderEligibility>& eligibility,
                                           std::vector<std::uint8_t> members, keep_lines keep = keep_lines::all,
                                           const DealCredits* deals = nullptr, RunRange range = {}) {
  PayeePart out;
  payplan::detail::Evaluation ev(plan, org, routed, range, out.result, nullptr, deals);
  out.result.exceptions.clear();  // the periods': phase C's
  ev.keep = keep;
  out.result.lines_summed = keep == keep_lines::statements;
  ev.members = std::move(members);
  ev.given_eligibility = &eligibility;
  ev.payee_phase = true;
  payplan::detail::run_plan(ev);
  if (ev.claws_back) {
    const std::vector<std::uint8_t> has_line = payplan::detail::orders_with_lines(ev);
    for (std::uint32_t i = 0; i < routed.size(); ++i)
      if (has_line[i] && ev.clawback_of[i].ok()) out.returns_paid.emplace_back(routed.order_id(OrderIndex(i)));
  }
  payplan::detail::select_written_periods(ev);
  return out;
}

/// Phase C: one Result from the parts: the period-level components paid
/// from `measured` (every part's, merged), every group's lines, and the
/// exceptions of every phase (`exceptions`: phase A's and the returns
/// phase's; `unpaid`: the returns phase's candidates) in the pipeline's order.
[[nodiscard]] inline Result assemble(const Plan& plan, const Org& org, RunRange range, keep_lines keep,
                                     const Measured& measured, const std::vector<const PayeePart*>& parts,
                                     std::vector<Exception> exceptions, const std::vector<Exception>& unpaid) {
  static const Ledger none;
  Result out;
  payplan::detail::Evaluation ev(plan, org, none, range, out);  // the periods' exceptions, once
  out.lines_summed = keep == keep_lines::statements;
  // every order a line names, in ledger order
  LedgerBuilder orders;
  std::unordered_set<std::string_view> seen;
  for (const PayeePart* p : parts)
    for (const Line& l : p->result.lines)
      if (l.order.ok() && seen.insert(p->result.orders.order_id(l.order)).second) {
        const OrderTable& t = p->result.orders;
        orders.add({t.order_id(l.order), t.date(l.order), t.account(l.order), t.amount(l.order), {}, {}, {}});
      }
  out.orders = orders.finish().orders();
  std::unordered_set<std::string_view> paid_returns;
  for (const PayeePart* p : parts) {
    detail::add_lines(out, p->result);
    exceptions.insert(exceptions.end(), p->result.exceptions.begin(), p->result.exceptions.end());
    paid_returns.insert(p->returns_paid.begin(), p->returns_paid.end());
  }
  ev.keep = keep;
  detail::pay_measured(ev, plan, measured);
  for (const Exception& e : unpaid)
    if (!paid_returns.contains(e.order_id)) exceptions.push_back(e);
  out.exceptions.insert(out.exceptions.end(), exceptions.begin(), exceptions.end());
  sort_exceptions(out.exceptions);
  return out;
}

/// Phase C alone: the period-level components' lines, in plan order, from
/// the sums of every order (each part's, merged), into `result`: an empty
/// one, or one an evaluation of `plan` over the same range made.
inline void pay_period_level(Result& result, const Plan& plan, const Org& org, const Measured& measured,
                             RunRange range = {}) {
  static const Ledger none;
  Result context;  // the periods' exceptions, once more: the caller reported them
  payplan::detail::Evaluation ev(plan, org, none, range, context);
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
  detail::pay_measured(ev, plan, measured);
  std::swap(context.lines, result.lines);
  std::swap(context.payees, result.payees);
  std::swap(context.notes, result.notes);
  std::swap(context.factors, result.factors);
  std::swap(context.exceptions, result.exceptions);
}

/// Phase A's sums alone, over whole accounts.
[[nodiscard]] inline Measured measure(const Plan& plan, const Org& org, const Ledger& accounts,
                                      const DealCredits* deals = nullptr, RunRange range = {}) {
  return account_phase(plan, org, accounts, 1, deals, range).measured;
}

/// All the phases in this process, the ledger cut into `parts` by account
/// and the payees into `groups`: what payplan.dask does on a cluster, here
/// to show and test the dataflow (and for a library user's own threads).
[[nodiscard]] inline Result evaluate(const Plan& plan, const Org& org, const Ledger& ledger, std::uint32_t parts,
                                     std::uint32_t groups, RunRange range = {}, keep_lines keep = keep_lines::all,
                                     const DealCredits* deals = nullptr) {
  validate(plan, org);
  if (deals != nullptr && !deals->empty()) (void)payplan::detail::resolve_deals(*deals, org, ledger);  // its errors, as one process's
  parts = std::max(parts, 1u);
  groups = std::max(groups, 1u);
  auto cut = [&](auto&& keep_order) {
    LedgerBuilder b;
    for (std::uint32_t i = 0; i < ledger.size(); ++i)
      if (keep_order(i)) b.add(row_of(ledger, OrderIndex(i)));
    return b.finish();
  };
  // phase A, by account
  std::vector<std::set<std::uint32_t>> routes(ledger.size());
  std::map<std::uint32_t, Eligibility> eligible;  // by ledger position
  Measured measured;
  std::vector<Exception> exceptions;
  for (std::uint32_t a = 0; a < parts; ++a) {
    const Ledger part = cut([&](std::uint32_t i) {
      return group_of(ledger.account_name(ledger.accounts()[i]), parts) == a;
    });
    const DealCredits part_deals = detail::deals_of(deals, part);
    AccountPart found = account_phase(plan, org, part, groups, &part_deals, range);
    measured.merge(found.measured);
    exceptions.insert(exceptions.end(), found.exceptions.begin(), found.exceptions.end());
    for (auto [i, g] : found.routes) routes[ledger.find(part.order_id(OrderIndex(i))).index()].insert(g);
    for (auto& e : found.eligibility) eligible[ledger.find(part.order_id(OrderIndex(e.order))).index()] = std::move(e.terms);
  }
  // a return and the order it names go where each other goes
  std::vector<std::uint8_t> in_returns(ledger.size(), 0);
  const std::vector<std::set<std::uint32_t>> own = routes;
  for (std::uint32_t i = 0; i < ledger.size(); ++i) {
    const std::string_view names = row_of(ledger, OrderIndex(i)).refund_of;
    if (names.empty()) continue;
    in_returns[i] = 1;
    const OrderIndex o = ledger.find(names);
    if (!o.ok()) continue;
    in_returns[o.index()] = 1;
    routes[i].insert(own[o.index()].begin(), own[o.index()].end());
    routes[o.index()].insert(own[i].begin(), own[i].end());
  }
  const ReturnsPart returns = returns_phase(plan, org, cut([&](std::uint32_t i) { return in_returns[i] != 0; }), range);
  exceptions.insert(exceptions.end(), returns.exceptions.begin(), returns.exceptions.end());
  // phase B, by payee group
  std::vector<PayeePart> paid(groups);
  for (std::uint32_t g = 0; g < groups; ++g) {
    const Ledger routed = cut([&](std::uint32_t i) { return routes[i].contains(g); });
    std::vector<payplan::detail::OrderEligibility> terms;
    for (std::uint32_t i = 0; i < routed.size(); ++i)
      if (auto it = eligible.find(ledger.find(routed.order_id(OrderIndex(i))).index()); it != eligible.end())
        terms.push_back({i, it->second});
    const DealCredits routed_deals = detail::deals_of(deals, routed);
    paid[g] = payee_phase(plan, org, routed, terms, members_of(org, groups, {g}), keep, &routed_deals, range);
  }
  std::vector<const PayeePart*> all;
  for (const PayeePart& p : paid) all.push_back(&p);
  return assemble(plan, org, range, keep, measured, all, std::move(exceptions), returns.unpaid);
}

}  // namespace partitioned
}  // namespace payplan
