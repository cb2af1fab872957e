#pragma once
// What every component's evaluation shares: the run's periods, the ledger's
// periods, the credits, clawbacks, transfer eligibility, and the result
// being built.

#include <algorithm>
#include <climits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "payplan/crediting.hpp"
#include "payplan/error.hpp"
#include "payplan/gross.hpp"
#include "payplan/ledger.hpp"
#include "payplan/org.hpp"
#include "payplan/plan.hpp"
#include "payplan/result.hpp"
#include "payplan/tiers.hpp"
#include "payplan/transfer_terms.hpp"

namespace payplan {

/// A run's `--from`/`--to`: only periods wholly inside are written.
struct RunRange {
  std::optional<Date> from;
  std::optional<Date> to;
};


namespace detail {

/// The first and last period ordinals wholly inside [from, to].
inline std::pair<std::int32_t, std::int32_t> periods_inside(Date from, Date to, period_length len) {
  Period first = Period::containing(from, len), last = Period::containing(to, len);
  if (first.first_day() < from) first = first.next();
  if (last.last_day() > to) last = last.previous();
  return {first.ordinal(), last.ordinal()};
}

/// What every component's evaluation shares: the ledger's periods, the
/// credits, the clawback map, and the result being built.
class Evaluation {
 public:
  Evaluation(const Plan& plan, const Org& org, const Ledger& ledger, RunRange range, Result& result)
      : Evaluation(plan, org, ledger, range, result, nullptr) {}

  /// With `shared` crediting of the same org and ledger (not copied; must outlive this).
  Evaluation(const Plan& plan, const Org& org, const Ledger& ledger, RunRange range, Result& result,
             const Crediting* shared)
      : plan(plan), org(org), ledger(ledger), result(result),
        owned_(shared ? std::nullopt : std::optional<Crediting>(std::in_place, org, ledger)),
        account_of(shared ? shared->account_of : owned_->account_of),
        credits(shared ? shared->credits : owned_->credits) {
    auto [first, last] = periods_inside(plan.effective.from, plan.effective.to, plan.period);
    first_paid = first;
    last_paid = last;
    Date from = std::max(plan.effective.from, range.from.value_or(plan.effective.from));
    Date to = std::min(plan.effective.to, range.to.value_or(plan.effective.to));
    std::tie(first_written, last_written) = periods_inside(from, to, plan.period);

    result.period_length = plan.period;
    result.minor_unit = plan.currency.minor_unit;
    for (const Component& c : plan.components) result.components.push_back(base_of(c).id);
    payee_index.assign(org.people().size(), UINT32_MAX);

    report_partial_periods(from, to);
    assign_periods();
    for (OrderIndex i : credits.uncredited) {
      if (!written(period_of[i.index()])) continue;
      auto acct = ledger.account_name(ledger.accounts()[i.index()]);
      bool known = account_of[ledger.accounts()[i.index()]].ok();
      except("no_owner", i,
             known ? "account '" + std::string(acct) + "' has no owner on " + to_string(ledger.dates()[i.index()])
                   : "account '" + std::string(acct) + "' is not in the org");
    }
    resolve_refunds();
    apply_transfer_terms();
  }

  const Plan& plan;
  const Org& org;
  const Ledger& ledger;
  Result& result;

 private:
  std::optional<Crediting> owned_;  // when no shared crediting was given

 public:
  const std::vector<AccountId>& account_of;  ///< ledger account -> org account
  const Credits& credits;
  std::vector<std::int32_t> period_of;  ///< period ordinal of each order
  std::vector<OrderIndex> clawback_of;  ///< the original an order claws back, or none
  /// Per credit: the transfer terms' factors (into result.factors; 0 = none) and note.
  /// (Empty when the plan has no transfer terms: every factor is then 1.)
  std::vector<std::uint32_t> credit_factors, credit_note;
  [[nodiscard]] std::uint32_t factors_of_credit(std::size_t k) const noexcept {
    return credit_factors.empty() ? 0 : credit_factors[k];
  }
  [[nodiscard]] std::uint32_t note_of_credit(std::size_t k) const noexcept {
    return credit_note.empty() ? 0 : credit_note[k];
  }
  std::vector<std::uint8_t> is_original;  ///< order is clawed back by a later return
  std::int32_t first_paid = 0, last_paid = -1, first_written = 0, last_written = -1;

  /// explain: the factors of a line, its exact value and its rounding.
  void narrate_factors(LineExplanation& x, const Factors& f, const std::string& terms_note, Gross g, const Line& line) {
    const std::string why = terms_note.empty() ? std::string() : " (" + terms_note + ")";
    x.steps.push_back("eligible = " + to_string(f.eligible) +
                      (f.eligible.is_one() ? std::string(" (no transfer term limits it)") : why));
    x.steps.push_back("share = " + to_string(f.share) + (f.share.is_one() ? std::string() : why));
    if (!f.portion.is_one()) x.steps.push_back("portion returned = " + to_string(f.portion));
    const Gross exact = scaled(scaled(scaled(g, f.eligible), f.share), f.portion);
    x.steps.push_back("exact value = gross x eligible x share" + std::string(f.portion.is_one() ? "" : " x portion") +
                      " = " + detail::format_scaled(exact.units(), Gross::digits, plan.currency.minor_unit, 12));
    x.steps.push_back("rounded once, " + std::string(to_string(plan.rounding)) + " to " +
                      std::to_string(plan.currency.minor_unit) + " decimals, after any cap: amount = " +
                      to_string(line.amount, plan.currency.minor_unit, plan.currency.minor_unit));
    if (line.note) x.steps.push_back("note on the line: " + result.notes[line.note]);
  }
  // `payplan explain`: the (order, payee) whose lines are narrated, if any.
  OrderIndex explain_order;
  PersonId explain_payee;
  std::vector<LineExplanation>* explanations = nullptr;
  [[nodiscard]] bool explaining(std::uint32_t order, PersonId payee) const noexcept {
    return explanations != nullptr && explain_order.index() == order && explain_payee == payee;
  }

  [[nodiscard]] bool paid(std::int32_t p) const noexcept { return p >= first_paid && p <= last_paid; }
  [[nodiscard]] bool written(std::int32_t p) const noexcept { return p >= first_written && p <= last_written; }

  std::uint32_t payee(PersonId p) {
    auto& slot = payee_index[p.index()];
    if (slot == UINT32_MAX) slot = result.payees.intern(payee_kind::person, org.person(p).id);
    return slot;
  }
  std::uint32_t note(std::string text) {
    result.notes.push_back(std::move(text));
    return static_cast<std::uint32_t>(result.notes.size() - 1);
  }
  void except(std::string kind, OrderIndex i, std::string detail) {
    result.exceptions.push_back(
        {std::move(kind), i.ok() ? std::string(ledger.order_id(i)) : std::string(), std::move(detail)});
  }
  [[nodiscard]] std::string money(Money m) const { return to_string(m, plan.currency.minor_unit); }

  /// Drops lines of periods outside the run's range (they were computed so
  /// that clawbacks and caps see the whole effective history).
  /// Runs f; an overflow in it names the order's row and id, then
  /// `context` (", component 'base'"), as spec 1 asks of every overflow.
  template <class F>
  void at_order(std::uint32_t i, const std::string& context, F&& f) const {
    try {
      f();
    } catch (const overflow_error& e) {
      throw overflow_error(ledger.source() + ": row " + std::to_string(ledger.source_row(OrderIndex(i))) +
                           ", order '" + std::string(ledger.order_id(OrderIndex(i))) + "'" + context + ": " +
                           e.what());
    }
  }

  /// The written periods' ordinals, in order (period-level components pay these).
  [[nodiscard]] std::vector<std::int32_t> written_periods() const {
    std::vector<std::int32_t> out;
    for (std::int32_t p = first_written; p <= last_written; ++p) out.push_back(p);
    return out;
  }

  /// Appends a period-level line (no order): gross rounded once.
  Line& push_period_line(std::uint32_t payee, std::int32_t period, std::uint16_t component, Gross g,
                         std::uint32_t note_index, std::uint32_t factors_index = 0) {
    Line line;
    line.gross = g;
    line.payee = payee;
    line.period = period;
    line.component = component;
    line.note = note_index;
    line.factors = factors_index;
    const Factors& f = result.factors[factors_index];
    line.amount = round_line(g, f.eligible, f.share, f.portion, plan.currency.minor_unit, plan.rounding);
    result.lines.push_back(line);
    return result.lines.back();
  }

  void keep_written_lines() {
    std::erase_if(result.lines, [&](const Line& l) { return !written(l.period); });
  }

  /// Every order ends in a line or an exception: a return whose original
  /// paid no line (in any component) would otherwise appear nowhere.
  void trace_unpaid_returns() {
    std::vector<std::uint8_t> has_line(ledger.size(), 0);
    for (const Line& l : result.lines)
      if (l.order.ok()) has_line[l.order.index()] = 1;
    auto dates = ledger.dates();
    for (std::uint32_t i = 0; i < ledger.size(); ++i) {
      const OrderIndex original = clawback_of[i];
      if (!original.ok() || has_line[i] || !written(period_of[i])) continue;
      const std::string of = "returns " + money(-ledger.amounts()[i]) + " of '" +
                             std::string(ledger.order_id(original)) + "' (" + to_string(dates[original.index()]) + "), ";
      except("return_of_unpaid_order", OrderIndex(i),
             of + (paid(period_of[original.index()])
                       ? std::string("on which no component paid a line: nothing to claw back")
                       : "which is outside the paid periods and paid no line: nothing to claw back"));
    }
  }

 private:
  // spec 4: only periods wholly inside `effective` (and the run's range) are
  // paid. A bound inside a period drops that whole period: say so, naming
  // the plan's `effective` (or the run's --from/--to).
  void report_partial_periods(Date from, Date to) {
    auto partial = [&](Date bound, bool is_start, const std::string& what) {
      const Period p = Period::containing(bound, plan.period);
      if ((is_start ? p.first_day() : p.last_day()) == bound) return;
      except("period_not_paid", OrderIndex::none(),
             what + " " + (is_start ? "starts" : "ends") + " on " + to_string(bound) + ", inside " + to_string(p) +
                 ": only periods wholly inside are paid, so " + to_string(p) + " is not paid");
    };
    const std::string effective = plan.effective.where.describe() + ": effective";
    partial(plan.effective.from, true, effective);
    partial(plan.effective.to, false, effective);
    if (from != plan.effective.from) partial(from, true, "the run's --from");
    if (to != plan.effective.to) partial(to, false, "the run's --to");
  }

  void assign_periods() {
    auto dates = ledger.dates();
    period_of.resize(dates.size());
    // Dates are sorted: the period changes only at its boundaries.
    Date next_start = Date::from_days(INT32_MIN);
    std::int32_t current = 0;
    for (std::size_t i = 0; i < dates.size(); ++i) {
      if (dates[i] >= next_start || i == 0) {
        Period p = Period::containing(dates[i], plan.period);
        current = p.ordinal();
        next_start = p.next().first_day();
      }
      period_of[i] = current;
    }
  }

  // spec 4.1 Returns: a negative line whose refund_of names a known order is a
  // clawback of it; anything else is a plain order, and the user is told.
  void resolve_refunds() {
    const std::size_t n = ledger.size();
    clawback_of.assign(n, OrderIndex::none());
    is_original.assign(n, 0);
    auto amounts = ledger.amounts();
    auto refund_of = ledger.refund_of();
    std::unordered_map<std::uint32_t, Money> returned;
    for (std::uint32_t i = 0; i < n; ++i) {
      OrderIndex r = refund_of[i];
      bool report = written(period_of[i]);
      if (!r.ok()) {
        auto text = ledger.unresolved_refund_of(OrderIndex(i));
        if (!text.empty() && report) {
          bool exists = ledger.find(text).ok();
          except(exists ? "refund_of_later_order" : "unknown_refund_of", OrderIndex(i),
                 exists ? "refund_of '" + std::string(text) + "' names an order that is not earlier; treated as a plain order"
                        : "refund_of '" + std::string(text) + "' names no order in the ledger; treated as a plain order");
        }
        continue;
      }
      if (!amounts[i].is_negative() || !(amounts[r.index()] > Money{})) {
        if (report)
          except("refund_of_not_negative", OrderIndex(i),
                 "refund_of '" + std::string(ledger.order_id(r)) +
                     "' on a line that is not a return of a positive order; treated as a plain order");
        continue;
      }
      clawback_of[i] = r;
      is_original[r.index()] = 1;
      Money& total = returned[r.index()];
      at_order(i, "", [&] { total += -amounts[i]; });
      if (total > amounts[r.index()] && report)
        except("over_refunded", OrderIndex(i),
               "returns of '" + std::string(ledger.order_id(r)) + "' add up to " + money(total) + ", more than its " +
                   money(amounts[r.index()]));
    }
  }

  // spec 4.2: eligibility and share of each order credited under transfer
  // terms. s, the account's sales since the transfer, runs over every order
  // on the account while the transfer is in force, paid or not.
  void apply_transfer_terms() {
    if (plan.transfer_terms.empty()) return;
    credit_factors.assign(credits.size(), 0);
    credit_note.assign(credits.size(), 0);
    std::vector<PersonId> person_of_name(ledger.person_name_count());
    for (std::uint32_t k = 0; k < person_of_name.size(); ++k) person_of_name[k] = org.find_person(ledger.person_name(k));
    std::unordered_map<const Dated<Ownership>*, Money> sales_since;
    const TransferTermsIndex terms_by_name(plan.transfer_terms);
    auto amounts = ledger.amounts();
    auto dates = ledger.dates();
    auto closed_by = ledger.closed_by();
    for (std::size_t k = 0; k < credits.size(); ++k) {
      const Dated<Ownership>* own = credits.ownership[k];
      if (own->value.terms.empty()) continue;
      const TransferTerms& terms = *terms_by_name.find(own->value.terms);
      const std::uint32_t i = credits.order[k].index();
      Money& s = sales_since[own];
      const auto closer = closed_by[i];
      const bool by_new_owner = closer != Ledger::no_name && person_of_name[closer] == own->value.owner;
      Eligibility e;
      at_order(i, ": account sales since the transfer", [&] {
        e = eligibility(terms, own->from, dates[i], s, amounts[i], by_new_owner, [&](Money m) { return money(m); });
        s += amounts[i];
      });
      if (e.eligible.is_one() && e.share.is_one()) continue;
      result.factors.push_back({e.eligible, e.share, Fraction::one()});
      credit_factors[k] = static_cast<std::uint32_t>(result.factors.size() - 1);
      credit_note[k] = note(std::move(e.note));
    }
  }

  std::vector<std::uint32_t> payee_index;
};

/// The order-level lines of one component (commission, override) and the
/// clawbacks of them (spec 4.1 Returns): a return with a known refund_of
/// reverses, for every payee paid on the original, original_unrounded x
/// (-amount / original_amount), in the return's period, at the original's
/// eligible and share.
class OrderLines {
 public:
  void push(Evaluation& ev, const Line& line) {
    if (line.order.ok() && ev.is_original[line.order.index()] && !ev.clawback_of[line.order.index()].ok())
      lines_of_original_[line.order.index()].push_back(static_cast<std::uint32_t>(ev.result.lines.size()));
    ev.result.lines.push_back(line);
  }

  /// `settle(line, payee)` adjusts a reversing line (a cap) before it is pushed.
  template <class Settle>
  void claw_back(Evaluation& ev, OrderIndex ret, OrderIndex original, std::int32_t period, std::uint16_t component,
                 const std::string& component_id, Settle&& settle) {
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
        const Money back = std::max(round_line(-as_gross(orig.amount), Fraction::one(), Fraction::one(), f.portion,
                                               ev.plan.currency.minor_unit, ev.plan.rounding),
                                    -(orig.amount - reversed));
        reversed += -back;
        line.amount = back;
        note += "; the original paid " + ev.money(orig.amount) + " after the cap";
      }
      line.note = ev.note(std::move(note));
      const PersonId payee = ev.org.find_person(ev.result.payees[orig.payee]);
      settle(line, payee);
      push(ev, line);
      if (ev.explaining(ret.index(), payee)) {
        LineExplanation x{component_id, to_string(Period(ev.plan.period, period)), {}, line.amount};
        x.steps.push_back("return: order " + std::string(ev.ledger.order_id(ret)) + " returns " + ev.money(returned) +
                          " of order " + std::string(ev.ledger.order_id(original)) + " (" + ev.money(sold) +
                          "), which paid " + ev.org.person(payee).id + " under this component");
        x.steps.push_back("clawback: reverses the original's unrounded value x (" + ev.money(returned) + " / " +
                          ev.money(sold) + "), at the original's eligible and share, in " + x.period);
        x.steps.push_back("the original's gross, reversed = " + to_string(line.gross, ev.plan.currency.minor_unit));
        ev.narrate_factors(x, f, "", line.gross, line);
        ev.explanations->push_back(std::move(x));
      }
    }
  }

 private:
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> lines_of_original_;
  std::unordered_map<std::uint32_t, Money> reversed_;  ///< per cut line: what its clawbacks reversed so far
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

/// Money summed by (who, period): who is a person or a ledger account.
class PeriodSums {
 public:
  void add(std::uint32_t who, std::int32_t period, Money m) { sums_[key(who, period)] += m; }
  [[nodiscard]] Money at(std::uint32_t who, std::int32_t period) const {
    auto it = sums_.find(key(who, period));
    return it == sums_.end() ? Money{} : it->second;
  }
  [[nodiscard]] bool has(std::uint32_t who, std::int32_t period) const { return sums_.count(key(who, period)) != 0; }

 private:
  static std::uint64_t key(std::uint32_t who, std::int32_t period) noexcept {
    return (static_cast<std::uint64_t>(who) << 32) | static_cast<std::uint32_t>(period);
  }
  std::unordered_map<std::uint64_t, Money> sums_;
};

/// Which people a component pays (spec 4: payees by role or by id).
inline std::vector<std::uint8_t> select_payees(const PayeeSelector& sel, const Org& org) {
  std::vector<std::uint8_t> selected(org.people().size(), 0);
  for (std::uint32_t i = 0; i < selected.size(); ++i)
    if (sel.role && org.people()[i].role == *sel.role) selected[i] = 1;
  for (const std::string& id : sel.ids)
    if (PersonId p = org.find_person(id); p.ok()) selected[p.index()] = 1;
  return selected;
}

/// Which orders a component applies to by their product (spec 4:
/// `products`; none listed: every order, an empty product included).
class ProductFilter {
 public:
  ProductFilter(const std::vector<std::string>& products, const Ledger& ledger)
      : products_(ledger.products()), ok_(ledger.product_count() + 1, products.empty() ? 1 : 0) {
    for (const std::string& name : products)
      if (auto p = ledger.find_product(name); p != Ledger::no_name) ok_[p] = 1;
  }

  /// Whether the component applies to order i.
  [[nodiscard]] bool operator()(std::uint32_t i) const noexcept {
    const auto p = products_[i];
    return ok_[p == Ledger::no_name ? ok_.size() - 1 : p];  // the last slot stands for "no product"
  }

 private:
  std::span<const std::uint32_t> products_;
  std::vector<std::uint8_t> ok_;
};

}  // namespace detail
}  // namespace payplan
