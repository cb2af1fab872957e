#pragma once
// Returns (spec 4.1): which order claws back which, the clawback of every
// line an original paid (once per return, by the original), and the trace
// of returns that find nothing to claw back.
//
//   void detail::resolve_returns(Evaluation&);        // refund_of -> clawback_of, is_original
//   class detail::OrderLines;                         // a component's order lines, and their clawbacks
//   class detail::ReturnsWithoutCredit<Reverse>;      // returns nobody is credited with, in ledger order
//   void detail::trace_unpaid_returns(Evaluation&);   // a return that claws back nothing: an exception

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "payplan/engine/detail/cap.hpp"
#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/trace.hpp"

namespace payplan::detail {

// spec 4.1 Returns: a negative line whose refund_of names a known order is a
// clawback of it; anything else is a plain order, and the user is told.
inline void resolve_returns(Evaluation& ev) {
  const std::size_t n = ev.ledger.size();
  ev.clawback_of.assign(n, OrderIndex::none());
  ev.is_original.assign(n, 0);
  auto amounts = ev.ledger.amounts();
  std::unordered_map<std::uint32_t, Money> returned;
  for (std::uint32_t i = 0; i < n; ++i) {
    OrderIndex r = ev.ledger.refund_of(OrderIndex(i));
    bool report = ev.written(ev.period_of[i]);
    if (!r.ok()) {
      auto text = ev.ledger.unresolved_refund_of(OrderIndex(i));
      if (!text.empty() && report) {
        bool exists = ev.ledger.find(text).ok();
        ev.except(exists ? "refund_of_later_order" : "unknown_refund_of", OrderIndex(i),
               exists ? "refund_of '" + std::string(text) + "' names an order that is not earlier; treated as a plain order"
                      : "refund_of '" + std::string(text) + "' names no order in the ledger; treated as a plain order");
      }
      continue;
    }
    if (!amounts[i].is_negative() || !(amounts[r.index()] > Money{})) {
      if (report)
        ev.except("refund_of_not_negative", OrderIndex(i),
               "refund_of '" + std::string(ev.ledger.order_id(r)) +
                   "' on a line that is not a return of a positive order; treated as a plain order");
      continue;
    }
    ev.clawback_of[i] = r;
    ev.is_original[r.index()] = 1;
    ev.claws_back = true;
    Money& total = returned[r.index()];
    ev.at_order(i, [&] { total += -amounts[i]; });
    if (total > amounts[r.index()] && report)
      ev.except("over_refunded", OrderIndex(i),
             "returns of '" + std::string(ev.ledger.order_id(r)) + "' add up to " + ev.money(total) + ", more than its " +
                 ev.money(amounts[r.index()]));
  }
}

/// The order-level lines of one component (commission, override) and the
/// clawbacks of them (spec 4.1 Returns): a return with a known refund_of
/// reverses, for every payee paid on the original, original_unrounded x
/// (-amount / original_amount), in the return's period, at the original's
/// eligible and share. Found by the original, once per return.
class OrderLines {
 public:
  void push(Evaluation& ev, const Line& line) {
    if (line.order.ok() && ev.is_original[line.order.index()] && !ev.clawback_of[line.order.index()].ok())
      lines_of_original_[line.order.index()].push_back(static_cast<std::uint32_t>(ev.result.lines.size()));
    ev.result.lines.push_back(line);
    ev.line_pushed();
  }

  /// `settle(line, payee)` adjusts a reversing line (a cap) before it is
  /// pushed; `trace` records the lines it asks about (engine/trace.hpp).
  template <class Trace, class Settle>
  void claw_back(Evaluation& ev, Trace& trace, OrderIndex ret, OrderIndex original, std::int32_t period,
                 std::uint16_t component, Settle&& settle) {
    // once per return, however many credit rows it has: the rows of an order
    // are adjacent and returns are met in ledger order
    if (ret == last_return_) return;
    last_return_ = ret;
    auto it = lines_of_original_.find(original.index());
    if (it == lines_of_original_.end()) return;
    auto amounts = ev.ledger.amounts();
    const Money returned = -amounts[ret.index()], sold = amounts[original.index()];
    for (std::uint32_t li : it->second) {
      const Line orig = ev.result.lines[li];
      Factors f = ev.result.factors[orig.factors];
      f.portion = Fraction{returned.micros(), sold.micros()};
      Line line;
      line.gross = -orig.gross;
      line.order = ret;
      line.payee = orig.payee;
      line.period = period;
      line.component = component;
      (void)scaled(line.gross, f.portion);  // what lines.csv shows must fit (spec 1): fails here, naming the order
      line.amount = round_line(line.gross, f.eligible, f.share, f.portion, ev.plan.currency.minor_unit,
                               ev.plan.rounding);
      ev.result.factors.push_back(f);
      line.factors = static_cast<std::uint32_t>(ev.result.factors.size() - 1);
      // spec 4.2: a line whose factor is below 1 says which term applied; a
      // clawback carries its original's factors, so it carries their note
      std::string note = "clawback of " + std::string(ev.ledger.order_id(original)) + ": " + ev.money(returned) +
                         " of " + ev.money(sold) + " returned";
      if (orig.factors != 0 && orig.note != 0) note += " (" + ev.result.notes[orig.note] + ")";
      // spec 4.1 cap: a clawback of a cut line reverses what it paid, x the
      // portion returned, rounded once, and never more than it paid in all
      if (orig.cut) {
        Money& reversed = reversed_[li];
        const Money back =
            claw_back_of_cut_line(orig.amount, reversed, f.portion, ev.plan.currency.minor_unit, ev.plan.rounding);
        reversed += -back;
        line.amount = back;
        note += "; the original paid " + ev.money(orig.amount) + " after the cap";
      }
      line.note = ev.note(std::move(note));
      const PersonId payee = ev.org.find_person(ev.result.payees[orig.payee]);
      settle(line, payee);
      push(ev, line);
      if constexpr (Trace::on) {
        if (!trace.wants(ev.result, line)) continue;
        LineTrace& x = trace.record(ev.result, line);
        x.steps.push_back("return: order " + std::string(ev.ledger.order_id(ret)) + " returns " + ev.money(returned) +
                          " of order " + std::string(ev.ledger.order_id(original)) + " (" + ev.money(sold) +
                          "), which paid " + ev.org.person(payee).id + " under this component");
        x.steps.push_back("clawback: reverses the original's unrounded value x (" + ev.money(returned) + " / " +
                          ev.money(sold) + "), at the original's eligible and share, in " + x.period);
        x.steps.push_back("the original's gross, reversed = " + to_string(line.gross, ev.plan.currency.minor_unit));
        ev.narrate_factors(x, f, "", line.gross, line);
      }
    }
  }

 private:
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> lines_of_original_;
  std::unordered_map<std::uint32_t, Money> reversed_;  ///< per cut line: what its clawbacks reversed so far
  OrderIndex last_return_;                             ///< the return reversed last
};

/// Walks the returns that nobody is credited with (no owner on their date)
/// in ledger order alongside the credits, so that order-level components
/// claw back what their originals paid all the same.
template <class Reverse>
class ReturnsWithoutCredit {
 public:
  ReturnsWithoutCredit(const Evaluation& ev, Reverse reverse) : ev_(ev), reverse_(std::move(reverse)) {}

  /// Reverses the uncredited returns that come before order i.
  void before(std::uint32_t i) {
    const auto& uncredited = ev_.credits.uncredited;
    for (; next_ < uncredited.size() && uncredited[next_].index() < i; ++next_)
      if (ev_.clawback_of[uncredited[next_].index()].ok()) reverse_(uncredited[next_].index());
  }

 private:
  const Evaluation& ev_;
  Reverse reverse_;
  std::size_t next_ = 0;
};

/// Which orders paid a line, in any component so far (kept or summed).
[[nodiscard]] inline std::vector<std::uint8_t> orders_with_lines(const Evaluation& ev) {
  std::vector<std::uint8_t> has_line = ev.has_line;  // the lines summed and dropped already, if any
  has_line.resize(ev.ledger.size(), 0);
  for (const Line& l : ev.result.lines)
    if (l.order.ok()) has_line[l.order.index()] = 1;
  return has_line;
}

/// An exception for each return of a written period that claws back an
/// original and paid no line (`has_line`, by order).
inline void report_unpaid_returns(Evaluation& ev, const std::vector<std::uint8_t>& has_line) {
  auto dates = ev.ledger.dates();
  for (std::uint32_t i = 0; i < ev.ledger.size(); ++i) {
    const OrderIndex original = ev.clawback_of[i];
    if (!original.ok() || has_line[i] || !ev.written(ev.period_of[i])) continue;
    const std::string of = "returns " + ev.money(-ev.ledger.amounts()[i]) + " of '" +
                           std::string(ev.ledger.order_id(original)) + "' (" + to_string(dates[original.index()]) + "), ";
    ev.except("return_of_unpaid_order", OrderIndex(i),
           of + (ev.paid(ev.period_of[original.index()])
                     ? std::string("on which no component paid a line: nothing to claw back")
                     : "which is outside the paid periods and paid no line: nothing to claw back"));
  }
}

/// No return is traced nowhere: a return whose original paid no line (in
/// any component) gets an exception, since it has no line of its own.
inline void trace_unpaid_returns(Evaluation& ev) {
  // a ledger without returns (the usual what-if run) skips the pass over every line
  if (!ev.claws_back) return;
  report_unpaid_returns(ev, orders_with_lines(ev));
}

}  // namespace payplan::detail
