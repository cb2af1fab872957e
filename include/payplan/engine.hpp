#pragma once
// Evaluation: the contract's pipeline, step by step.
//
//   struct RunRange { std::optional<Date> from, to; };
//   void validate(const Plan&, const Org&);                       // cross-file references
//   Result evaluate(const Plan&, const Org&, const Ledger&, RunRange = {});
//
// Steps, each named as the contract names it: crediting (spec 3), then per
// component: cumulative sales and tiers (4.1), eligibility and share
// (transfer terms, 4.2), rounding once (1), cap (4.1), clawbacks (4.1).

#include <algorithm>
#include <climits>
#include <optional>
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

namespace payplan {

/// A run's `--from`/`--to`: only periods wholly inside are written.
struct RunRange {
  std::optional<Date> from;
  std::optional<Date> to;
};

/// Checks what a plan says about an org: payee ids and transfer terms exist.
inline void validate(const Plan& plan, const Org& org) {
  for (const Component& c : plan.components) {
    const ComponentBase& b = base_of(c);
    for (const std::string& id : b.payees.ids)
      if (!org.find_person(id).ok())
        throw input_error(b.payees.where, "component '" + b.id + "' names unknown payee '" + id + "'");
  }
  for (const Account& a : org.accounts())
    for (const auto& own : a.owners)
      if (!own.value.terms.empty() && plan.find_terms(own.value.terms) == nullptr)
        throw input_error(own.where, "account '" + a.id + "' is transferred with terms '" + own.value.terms +
                                         "', which plan '" + plan.id + "' does not define in transfer_terms");
}

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
      : plan(plan), org(org), ledger(ledger), result(result) {
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

    assign_periods();
    account_of = map_accounts(org, ledger);
    credits = credit_orders(org, ledger, account_of);
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
  std::vector<std::int32_t> period_of;  ///< period ordinal of each order
  std::vector<AccountId> account_of;    ///< ledger account -> org account
  Credits credits;
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
    if (slot == UINT32_MAX) slot = result.payees.intern(org.person(p).id);
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
  void keep_written_lines() {
    std::erase_if(result.lines, [&](const Line& l) { return !written(l.period); });
  }

 private:
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
      total += -amounts[i];
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
    auto amounts = ledger.amounts();
    auto dates = ledger.dates();
    auto closed_by = ledger.closed_by();
    for (std::size_t k = 0; k < credits.size(); ++k) {
      const Dated<Ownership>* own = credits.ownership[k];
      if (own->value.terms.empty()) continue;
      const TransferTerms& terms = *plan.find_terms(own->value.terms);
      const std::uint32_t i = credits.order[k].index();
      Money& s = sales_since[own];
      const auto closer = closed_by[i];
      const bool by_new_owner = closer != Ledger::no_name && person_of_name[closer] == own->value.owner;
      Eligibility e = eligibility(terms, own->from, dates[i], s, amounts[i], by_new_owner,
                                  [&](Money m) { return money(m); });
      s += amounts[i];
      if (e.eligible.is_one() && e.share.is_one()) continue;
      result.factors.push_back({e.eligible, e.share, Fraction::one()});
      credit_factors[k] = static_cast<std::uint32_t>(result.factors.size() - 1);
      credit_note[k] = note(std::move(e.note));
    }
  }

  std::vector<std::uint32_t> payee_index;
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

/// Which ledger products a component applies to (spec 4: `products`).
inline std::vector<std::uint8_t> select_products(const std::vector<std::string>& products, const Ledger& ledger) {
  std::vector<std::uint8_t> ok(ledger.product_count() + 1, products.empty() ? 1 : 0);
  for (const std::string& name : products)
    if (auto p = ledger.find_product(name); p != Ledger::no_name) ok[p] = 1;
  return ok;  // [product_count()] stands for "no product"
}

/// spec 4.1: one commission component over all credits.
class CommissionRun {
 public:
  CommissionRun(Evaluation& ev, const Commission& comp, std::uint16_t index)
      : ev_(ev), comp_(comp), index_(index), selected_(select_payees(comp.payees, ev.org)),
        product_ok_(select_products(comp.products, ev.ledger)), state_(ev.org.people().size()) {
    if (comp_.tiers && comp_.tiers->method == tier_method::retroactive) total_period_sales();
  }

  void run() {
    const Credits& cr = ev_.credits;
    ev_.result.lines.reserve(ev_.result.lines.size() + cr.size());
    auto amounts = ev_.ledger.amounts();
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      const PersonId p = cr.payee[k];
      if (!applies(p, i)) continue;
      try {
        credit(k, i, p, amounts);
      } catch (const overflow_error& e) {
        throw overflow_error(ev_.ledger.source() + ": row " + std::to_string(ev_.ledger.source_row(OrderIndex(i))) +
                             ", order '" + std::string(ev_.ledger.order_id(OrderIndex(i))) + "', component '" +
                             comp_.id + "': " + e.what());
      }
    }
  }

 private:
  struct State {
    std::int32_t period = INT32_MIN;
    int128 c = 0;          // cumulative credited sales in the period, 10^-16 units
    Money paid;            // running total of rounded lines (cap)
    bool has_quota = true;
    TierSchedule schedule;
    int128 final_total = 0;  // retroactive: the period's final cumulative sales
  };

  void credit(std::size_t k, std::uint32_t i, PersonId p, std::span<const Money> amounts) {
    {
      const std::int32_t period = ev_.period_of[i];
      State& s = enter(p, period);
      const int128 a = sales_position(amounts[i]);
      const int128 c = s.c;
      s.c = checked_add(c, a);  // the terms limit pay, not credit (4.2)
      if (!ev_.paid(period)) return;
      if (OrderIndex original = ev_.clawback_of[i]; original.ok()) {
        claw_back(OrderIndex(i), original, period);
        return;
      }
      const Gross g = gross(s, c, a, amounts[i]);
      emit_order_line(k, OrderIndex(i), p, s, period, g);
      if (ev_.explaining(i, p)) narrate(k, OrderIndex(i), p, s, c, a, g);
    }
  }

  // --- explain: the chain of one line, in the contract's order -------------

  std::string position(int128 x) const {
    return detail::format_scaled(x, 16, ev_.plan.currency.minor_unit, 6);
  }

  std::string credited_text(std::size_t k, OrderIndex i, PersonId p) const {
    const Ledger& l = ev_.ledger;
    const Dated<Ownership>* own = ev_.credits.ownership[k];
    std::string text = "credited: order " + std::string(l.order_id(i)) + " of " + to_string(l.dates()[i.index()]) +
                       " on account " + std::string(l.account_name(l.accounts()[i.index()])) + ", amount " +
                       ev_.money(l.amounts()[i.index()]) + ", is credited to " + ev_.org.person(p).id +
                       ", the account's owner from " + to_string(own->from);
    if (!own->value.terms.empty()) text += " (a transfer under terms '" + own->value.terms + "')";
    return text;
  }

  void narrate(std::size_t k, OrderIndex i, PersonId p, const State& s, int128 c, int128 a, Gross g) {
    const Line& line = ev_.result.lines.back();
    const Period period(ev_.plan.period, line.period);
    LineExplanation x{comp_.id, to_string(period), {}, line.amount};
    x.steps.push_back(credited_text(k, i, p));
    x.steps.push_back("cumulative credited sales of " + ev_.org.person(p).id + " in " + x.period +
                      " for this component: " + position(c) + " before this order, " + position(c + a) + " after");
    const Money amount = ev_.ledger.amounts()[i.index()];
    if (!comp_.tiers) {
      x.steps.push_back("flat rate " + to_percent_string(*comp_.rate) + ": gross = " + ev_.money(amount) + " x " +
                        to_percent_string(*comp_.rate));
    } else if (!s.has_quota) {
      x.steps.push_back("tiers on attainment, but there is no quota for " + x.period + ": gross = 0");
    } else {
      const TierTable& t = *comp_.tiers;
      if (t.basis == tier_basis::attainment) {
        std::string bounds = "quota for " + x.period + ": " + ev_.money(*ev_.org.quota(p, period)) + "; tier bounds";
        for (std::size_t b = 0; b < s.schedule.bounds().size(); ++b)
          bounds += (b ? ", " : " ") + to_percent_string(t.tiers[b].upto_attainment) + " = " + position(s.schedule.bounds()[b]);
        x.steps.push_back(bounds);
      }
      if (t.method == tier_method::marginal) {
        std::string pieces = "marginal tiers over [" + position(std::min(c, c + a)) + ", " + position(std::max(c, c + a)) +
                             (a < 0 ? ") run backwards:" : "):");
        bool first = true;
        s.schedule.for_each_piece(std::min(c, c + a), std::max(c, c + a), [&](int128 from, int128 to, Rate r) {
          pieces += std::string(first ? " " : "; ") + position(to - from) + " at " + to_percent_string(r) + " (" +
                    position(from) + " to " + position(to) + ")";
          first = false;
        });
        x.steps.push_back(pieces);
      } else {
        x.steps.push_back("retroactive tiers: the period's final cumulative sales " + position(s.final_total) +
                          " fall in the tier at " + to_percent_string(s.schedule.rate_at_total(s.final_total)) +
                          ": gross = " + ev_.money(amount) + " x " +
                          to_percent_string(s.schedule.rate_at_total(s.final_total)));
      }
    }
    x.steps.push_back("gross = " + to_string(g, ev_.plan.currency.minor_unit));
    narrate_factors(x, ev_.result.factors_of(line), ev_.result.notes[ev_.note_of_credit(k)], g,
                    line);
    ev_.explanations->push_back(std::move(x));
  }

  void narrate_factors(LineExplanation& x, const Factors& f, const std::string& terms_note, Gross g, const Line& line) {
    const std::string why = terms_note.empty() ? std::string() : " (" + terms_note + ")";
    x.steps.push_back("eligible = " + to_string(f.eligible) +
                      (f.eligible.is_one() ? std::string(" (no transfer term limits it)") : why));
    x.steps.push_back("share = " + to_string(f.share) + (f.share.is_one() ? std::string() : why));
    if (!f.portion.is_one()) x.steps.push_back("portion returned = " + to_string(f.portion));
    const Gross exact = scaled(scaled(scaled(g, f.eligible), f.share), f.portion);
    x.steps.push_back("exact value = gross x eligible x share" + std::string(f.portion.is_one() ? "" : " x portion") +
                      " = " + detail::format_scaled(exact.units(), Gross::digits, ev_.plan.currency.minor_unit, 12));
    x.steps.push_back("rounded once, " + std::string(to_string(ev_.plan.rounding)) + " to " +
                      std::to_string(ev_.plan.currency.minor_unit) + " decimals, after any cap: amount = " +
                      to_string(line.amount, ev_.plan.currency.minor_unit, ev_.plan.currency.minor_unit));
    if (line.note) x.steps.push_back("note on the line: " + ev_.result.notes[line.note]);
  }


  bool applies(PersonId p, std::uint32_t i) const noexcept {
    if (!selected_[p.index()]) return false;
    auto prod = ev_.ledger.products()[i];
    return product_ok_[prod == Ledger::no_name ? product_ok_.size() - 1 : prod];
  }

  // A payee's state for a period, started afresh at each period start
  // (spec 4.1: c resets to 0 at each period start).
  State& enter(PersonId p, std::int32_t period) {
    State& s = state_[p.index()];
    if (s.period == period) return s;
    s = State{};
    s.period = period;
    if (comp_.tiers) {
      Money quota;
      if (comp_.tiers->basis == tier_basis::attainment) {
        auto q = ev_.org.quota(p, Period(ev_.plan.period, period));
        s.has_quota = q.has_value();
        if (q) quota = *q;
        else if (ev_.written(period))
          ev_.except("missing_quota", OrderIndex::none(),
                     "'" + ev_.org.person(p).id + "' has no quota for " + to_string(Period(ev_.plan.period, period)) +
                         ": component '" + comp_.id + "' pays 0");
      }
      s.schedule = TierSchedule(*comp_.tiers, quota);
      if (comp_.tiers->method == tier_method::retroactive) s.final_total = final_total(p, period);
    }
    return s;
  }

  // spec 4.1: flat a x rate; marginal integral over [c, c+a); retroactive
  // a x rate of the tier holding the period's final total.
  Gross gross(const State& s, int128 c, int128 a, Money amount) const {
    if (!comp_.tiers) return amount * *comp_.rate;
    if (!s.has_quota) return Gross{};
    if (comp_.tiers->method == tier_method::marginal) return s.schedule.marginal(c, a);
    return amount * s.schedule.rate_at_total(s.final_total);
  }

  void emit_order_line(std::size_t k, OrderIndex i, PersonId p, State& s, std::int32_t period, Gross g) {
    Line line;
    line.gross = g;
    line.order = i;
    line.payee = ev_.payee(p);
    line.period = period;
    line.component = index_;
    // spec 4.2: line = round(g x eligible x share), the factors from transfer terms
    line.factors = ev_.factors_of_credit(k);
    line.note = ev_.note_of_credit(k);
    if (line.factors == 0) {
      line.amount = round_gross(g, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    } else {
      const Factors& f = ev_.result.factors[line.factors];
      line.amount = round_line(g, f.eligible, f.share, f.portion, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    }
    if (!s.has_quota) line.note = ev_.note("no quota for " + to_string(Period(ev_.plan.period, period)));
    apply_cap(s, line);
    push(line);
  }

  // spec 4.1 Returns: reverse, for every payee paid on the original by this
  // component, original_unrounded x (-amount / original_amount), in the
  // period of the return, at the original's eligible and share.
  void claw_back(OrderIndex ret, OrderIndex original, std::int32_t period) {
    auto it = lines_of_original_.find(original.index());
    if (it == lines_of_original_.end()) return;
    auto amounts = ev_.ledger.amounts();
    const Money returned = -amounts[ret.index()], sold = amounts[original.index()];
    for (std::uint32_t li : it->second) {
      const Line orig = ev_.result.lines[li];
      Factors f = ev_.result.factors[orig.factors];
      f.portion = Fraction{returned.micros(), sold.micros()};
      Line line;
      line.gross = -orig.gross;
      line.order = ret;
      line.payee = orig.payee;
      line.period = period;
      line.component = index_;
      line.amount = round_line(line.gross, f.eligible, f.share, f.portion, ev_.plan.currency.minor_unit,
                               ev_.plan.rounding);
      ev_.result.factors.push_back(f);
      line.factors = static_cast<std::uint32_t>(ev_.result.factors.size() - 1);
      line.note = ev_.note("clawback of " + std::string(ev_.ledger.order_id(original)) + ": " + ev_.money(returned) +
                           " of " + ev_.money(sold) + " returned");
      const PersonId payee = person_of_payee(orig.payee);
      State& s = enter(payee, period);
      apply_cap(s, line);
      push(line);
      if (ev_.explaining(ret.index(), payee)) {
        LineExplanation x{comp_.id, to_string(Period(ev_.plan.period, period)), {}, line.amount};
        x.steps.push_back("return: order " + std::string(ev_.ledger.order_id(ret)) + " returns " +
                          ev_.money(returned) + " of order " + std::string(ev_.ledger.order_id(original)) + " (" +
                          ev_.money(sold) + "), which paid " + ev_.org.person(payee).id + " under this component");
        x.steps.push_back("clawback: reverses the original's unrounded value x (" + ev_.money(returned) + " / " +
                          ev_.money(sold) + "), at the original's eligible and share, in " + x.period);
        x.steps.push_back("the original's gross, reversed = " + to_string(line.gross, ev_.plan.currency.minor_unit));
        narrate_factors(x, f, "", line.gross, line);
        ev_.explanations->push_back(std::move(x));
      }
    }
  }

  PersonId person_of_payee(std::uint32_t payee) const { return ev_.org.find_person(ev_.result.payees[payee]); }

  // spec 4.1 cap: the running total of rounded lines stays at or below the
  // cap; the line that would pass it is cut, later positive lines pay 0,
  // negative lines still count.
  void apply_cap(State& s, Line& line) {
    if (!comp_.cap) return;
    const Money cap = *comp_.cap;
    if (line.amount > Money{}) {
      Money room = cap - s.paid;
      if (room < Money{}) room = Money{};
      if (line.amount > room) {
        std::string text = "cap " + ev_.money(cap) + " reached: " + ev_.money(line.amount - room) + " of " +
                           ev_.money(line.amount) + " cut";
        line.note = ev_.note(line.note ? std::string(ev_.result.notes[line.note]) + "; " + text : text);
        line.amount = room;
      }
    }
    s.paid += line.amount;
  }

  void push(const Line& line) {
    if (line.order.ok() && ev_.is_original[line.order.index()] && !ev_.clawback_of[line.order.index()].ok())
      lines_of_original_[line.order.index()].push_back(static_cast<std::uint32_t>(ev_.result.lines.size()));
    ev_.result.lines.push_back(line);
  }

  // Retroactive tiers need each period's final total before any line.
  void total_period_sales() {
    const Credits& cr = ev_.credits;
    auto amounts = ev_.ledger.amounts();
    totals_.resize(ev_.org.people().size());
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      const PersonId p = cr.payee[k];
      if (!applies(p, i)) continue;
      auto& list = totals_[p.index()];
      if (list.empty() || list.back().first != ev_.period_of[i]) list.emplace_back(ev_.period_of[i], 0);
      list.back().second = checked_add(list.back().second, sales_position(amounts[i]));
    }
  }
  int128 final_total(PersonId p, std::int32_t period) const {
    for (const auto& [per, total] : totals_[p.index()])
      if (per == period) return total;
    return 0;
  }

  Evaluation& ev_;
  const Commission& comp_;
  std::uint16_t index_;
  std::vector<std::uint8_t> selected_, product_ok_;
  std::vector<State> state_;
  std::vector<std::vector<std::pair<std::int32_t, int128>>> totals_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> lines_of_original_;
};

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
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci) {
    std::visit(
        [&](const auto& comp) {
          using T = std::decay_t<decltype(comp)>;
          if constexpr (std::is_same_v<T, Commission>) detail::CommissionRun(ev, comp, static_cast<std::uint16_t>(ci)).run();
        },
        plan.components[ci]);
  }
  ev.keep_written_lines();
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
  ev.explain_order = ledger.find(order_id);
  ev.explain_payee = org.find_person(payee);
  if (!ev.explain_order.ok()) throw input_error({ledger.source()}, "no order '" + std::string(order_id) + "' in the ledger");
  if (!ev.explain_payee.ok()) throw input_error({plan.source}, "no person '" + std::string(payee) + "' in the org");
  ev.explanations = &out;
  for (std::size_t ci = 0; ci < plan.components.size(); ++ci)
    std::visit(
        [&](const auto& comp) {
          using T = std::decay_t<decltype(comp)>;
          if constexpr (std::is_same_v<T, Commission>) detail::CommissionRun(ev, comp, static_cast<std::uint16_t>(ci)).run();
        },
        plan.components[ci]);
  std::erase_if(out, [&](const LineExplanation& x) {
    auto p = parse_period(x.period);
    return !p || !ev.written(p->ordinal());
  });
  return out;
}

}  // namespace payplan
