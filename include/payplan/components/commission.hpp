#pragma once
// spec 4.1: the commission component, order by order: cumulative credited
// sales and tiers, then eligibility and share (4.2), one rounding, the cap,
// and clawbacks of returned orders.
//
//   struct Commission;  // its plan struct and YAML keys
//   template <class Trace> class detail::CommissionRun;   // Trace: engine/trace.hpp

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "payplan/engine/detail/cap.hpp"
#include "payplan/engine/detail/clawbacks.hpp"
#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

namespace detail {
template <class Trace>
class CommissionRun;
}  // namespace detail

/// spec 4.1: pay on the payee's own credited orders, flat or tiered, capped.
struct Commission : ComponentBase {
  static constexpr std::string_view type_name = "commission";
  template <class Trace>
  using run = detail::CommissionRun<Trace>;  ///< its pricer, below
  std::optional<Rate> rate;
  std::optional<TierTable> tiers;
  std::optional<Money> cap;

  static constexpr auto keys() {
    return std::tuple(key("rate", &Commission::rate).not_negative("a rate cannot be negative").warn_above_100(),
                      key("tiers", &Commission::tiers),
                      key("cap", &Commission::cap).not_negative("a cap cannot be negative"));
  }
  static void check(const Commission& c, const locator& at) {
    if (c.rate && c.tiers)
      throw input_error(node_at(at(subject::kind::tier_table)), "component '" + c.id + "' has both rate and tiers; give one");
    if (!c.rate && !c.tiers)
      throw input_error(at(subject::kind::component), "commission component '" + c.id + "' needs 'rate' or 'tiers'");
  }
};

}  // namespace payplan

namespace payplan::detail {

template <class Trace>
class CommissionRun {
 public:
  CommissionRun(Evaluation& ev, const Commission& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace), selected_(select_payees(comp.payees, ev)),
        applies_to_product_(comp.products, ev.ledger), state_(ev.org.people().size()) {
    if (comp_.cap) cap_.emplace(*comp_.cap, ev.org.people().size());
    if (comp_.tiers && comp_.tiers->method == tier_method::retroactive) total_period_sales();
  }

  void run() {
    const Credits& cr = ev_.credits;
    ev_.reserve_lines(cr.size());
    auto amounts = ev_.ledger.amounts();
    // Returns nobody is credited with still claw back what the original paid.
    ReturnsWithoutCredit uncredited(ev_, [&](std::uint32_t i) { guarded(i, [&] { claw_back_if_paid(i); }); });
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      uncredited.before(i);
      const PersonId p = cr.receiver[k];
      // a return is reversed for whoever was paid on its original, whether or
      // not this component pays the one it is credited to (spec 4.1 Returns)
      if (!applies(p, i) && !ev_.clawback_of[i].ok()) continue;
      guarded(i, [&] { credit(k, i, p, amounts); });
    }
    uncredited.before(UINT32_MAX);
  }

 private:
  struct State {
    std::int32_t period = INT32_MIN;
    int128 c = 0;          // cumulative credited sales in the period, 10^-16 units
    bool has_quota = true;
    TierSchedule schedule;
    int128 final_total = 0;  // retroactive: the period's final cumulative sales
  };

  // an overflow names the order and this component (spec 1)
  template <class F>
  void guarded(std::uint32_t i, F&& f) {
    ev_.at_order(i, comp_.id, std::forward<F>(f));
  }

  void claw_back_if_paid(std::uint32_t i) {
    const std::int32_t period = ev_.period_of[i];
    if (OrderIndex original = ev_.clawback_of[i]; original.ok() && ev_.paid(period))
      claw_back(OrderIndex(i), original, period);
  }

  void credit(std::size_t k, std::uint32_t i, PersonId p, std::span<const Money> amounts) {
    if (!applies(p, i)) {  // a return credited to someone this component does not pay
      claw_back_if_paid(i);
      return;
    }
    {
      const std::int32_t period = ev_.period_of[i];
      State& s = enter(p, period);
      const int128 a = ev_.credits.credited(k, amounts[i]);  // spec 3.1: a_r = a x w_r
      const int128 c = s.c;
      s.c = checked_add(c, a);  // the terms limit pay, not credit (4.2)
      if constexpr (Trace::on)
        if (comp_.tiers && trace_.wants_period(ev_.org.person(p).id, period, index_)) stand(p, s, period);
      if (!ev_.paid(period)) return;
      if (OrderIndex original = ev_.clawback_of[i]; original.ok()) {
        claw_back(OrderIndex(i), original, period);
        return;
      }
      const Gross g = gross(s, c, a);
      emit_order_line(k, OrderIndex(i), p, s, period, g, c, a);
    }
  }

  // --- explain: the chain of one line, in the contract's order -------------

  std::string position(int128 x) const { return position_text(x, ev_.plan.currency.minor_unit); }

  std::string credited_text(std::size_t k, OrderIndex i, PersonId p) const {
    return detail::credited_text(ev_, k, i, p);
  }

  // issue 16: where the payee stands in the tiers after this credit
  void stand(PersonId p, const State& s, std::int32_t period) {
    const Period label(ev_.plan.period, period);
    std::optional<Money> quota;
    if (comp_.tiers->basis == tier_basis::attainment && s.has_quota) quota = ev_.org.quota(p, label);
    trace_.stand(detail::tier_standing(ev_.org.person(p).id, comp_.id, label, *comp_.tiers, s.schedule, s.c, quota));
  }

  // what each stage decided about `line` (just pushed); `rounded` is its amount before the cap
  void narrate(std::size_t k, OrderIndex i, PersonId p, const State& s, int128 c, int128 a, Gross g, const Line& line,
               Money rounded) {
    const Period period(ev_.plan.period, line.period);
    LineTrace& x = trace_.record(ev_.result, line);
    x.steps.push_back(credited_text(k, i, p));
    x.steps.push_back("cumulative credited sales of " + ev_.org.person(p).id + " in " + x.period +
                      " for this component: " + position(c) + " before this order, " + position(c + a) + " after");
    const std::string amount = position(a);  // the credited amount a_r (spec 3.1)
    if (!comp_.tiers) {
      x.steps.push_back("flat rate " + to_percent_string(*comp_.rate) + ": gross = " + amount + " x " +
                        to_percent_string(*comp_.rate));
    } else if (!s.has_quota) {
      x.steps.push_back("tiers on attainment, but there is no quota for " + x.period + ": gross = 0");
    } else {
      const TierTable& t = *comp_.tiers;
      if (t.basis == tier_basis::attainment) {
        std::string bounds = "quota for " + x.period + ": " + ev_.money(*ev_.org.quota(p, period)) + "; tier bounds";
        for (std::size_t b = 0; b < s.schedule.bounds().size(); ++b)
          bounds += (b ? ", " : " ") + to_percent_string(t.tiers[b].upto_percent) + " = " + position(s.schedule.bounds()[b]);
        x.steps.push_back(bounds);
      }
      if (t.method == tier_method::marginal) {
        x.steps.push_back("marginal tiers over [" + position(std::min(c, c + a)) + ", " + position(std::max(c, c + a)) +
                          (a < 0 ? ") run backwards:" : "):") +
                          marginal_pieces(s.schedule, std::min(c, c + a), std::max(c, c + a),
                                          ev_.plan.currency.minor_unit));
      } else {
        x.steps.push_back("retroactive tiers: the period's final cumulative sales " + position(s.final_total) +
                          " fall in the tier at " + to_percent_string(s.schedule.rate_at_total(s.final_total)) +
                          ": gross = " + amount + " x " +
                          to_percent_string(s.schedule.rate_at_total(s.final_total)));
      }
    }
    x.steps.push_back("gross = " + to_string(g, ev_.plan.currency.minor_unit));
    ev_.narrate_factors(x, ev_.result.factors_of(line), ev_.result.notes[ev_.terms.note_of(k)], g, line);
    if (cap_) {
      x.steps.push_back(cap_text(p, line, rounded));
      x.before_cap = rounded;
    }
  }

  // spec 4.1 cap: the running total before the line, the room it left, and what was paid
  std::string cap_text(PersonId p, const Line& line, Money rounded) const {
    const Money after = cap_->paid(p.index(), line.period), before = after - line.amount;
    std::string text = "cap " + ev_.money(cap_->ceiling()) + " for the period: paid before this line " +
                       ev_.money(before) + ", room " + ev_.money(std::max(cap_->ceiling() - before, Money{}));
    if (!line.cut) return text + ": the line's " + ev_.money(rounded) + " is paid in full; total " + ev_.money(after);
    return text + ": the line's " + ev_.money(rounded) + " is cut to " + ev_.money(line.amount) + "; total " +
           ev_.money(after);
  }




  bool applies(PersonId p, std::uint32_t i) const noexcept {
    return selected_[p.index()] && applies_to_product_(i);
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
                         ": component '" + comp_.id + "' pays 0",
                     Period(ev_.plan.period, period).first_day());
      }
      s.schedule = TierSchedule(*comp_.tiers, quota);
      if (comp_.tiers->method == tier_method::retroactive) s.final_total = final_total(p, period);
    }
    return s;
  }

  // spec 4.1: flat a x rate; marginal integral over [c, c+a); retroactive
  // a x rate of the tier holding the period's final total; a is the
  // receiver's credited amount a_r (spec 3.1).
  Gross gross(const State& s, int128 c, int128 a) const {
    if (!comp_.tiers) return credited_times(a, *comp_.rate);
    if (!s.has_quota) return Gross{};
    if (comp_.tiers->method == tier_method::marginal) return s.schedule.marginal(c, a);
    return credited_times(a, s.schedule.rate_at_total(s.final_total));
  }

  void emit_order_line(std::size_t k, OrderIndex i, PersonId p, State& s, std::int32_t period, Gross g, int128 c,
                       int128 a) {
    Line line;
    line.gross = g;
    line.order = i;
    line.payee = ev_.payee(p);
    line.period = period;
    line.component = index_;
    // spec 4.2: line = round(g x eligible x share), the factors from transfer terms
    line.factors = ev_.terms.factors_of(k);
    line.note = ev_.terms.note_of(k);
    if (line.factors == 0) {
      line.amount = round_gross(g, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    } else {
      const Factors& f = ev_.result.factors[line.factors];
      line.amount = round_line(g, f.eligible, f.share, f.portion, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    }
    if (!s.has_quota) line.note = ev_.note("no quota for " + to_string(Period(ev_.plan.period, period)));
    const Money rounded = line.amount;
    apply_cap(p, period, line);
    push(line);
    if constexpr (Trace::on)
      if (trace_.wants(ev_.result, line)) narrate(k, i, p, s, c, a, g, line, rounded);
  }

  // spec 4.1 Returns: reverse, for every payee paid on the original by this
  // component, original_unrounded x (-amount / original_amount), in the
  // period of the return, at the original's eligible and share.
  void claw_back(OrderIndex ret, OrderIndex original, std::int32_t period) {
    book_.claw_back(ev_, trace_, ret, original, period, index_, [&](Line& line, PersonId payee) {
      enter(payee, period);  // the payee's period state (its quota) as for any line
      apply_cap(payee, period, line);
    });
  }


  // spec 4.1 cap (engine/detail/cap.hpp): a line pays at most the room left under
  // the payee's cap for the period; a cut line says what was cut.
  void apply_cap(PersonId p, std::int32_t period, Line& line) {
    if (!cap_) return;
    const Money paid = cap_->pay(p.index(), period, line.amount);
    if (paid == line.amount) return;
    std::string text = "cap " + ev_.money(cap_->ceiling()) + " reached: " + ev_.money(line.amount - paid) + " of " +
                       ev_.money(line.amount) + " cut";
    line.note = ev_.note(line.note ? std::string(ev_.result.notes[line.note]) + "; " + text : text);
    line.amount = paid;
    line.cut = true;
  }

  void push(const Line& line) { book_.push(ev_, line); }


  // Retroactive tiers need each period's final total before any line.
  void total_period_sales() {
    const Credits& cr = ev_.credits;
    auto amounts = ev_.ledger.amounts();
    totals_.resize(ev_.org.people().size());
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      const PersonId p = cr.receiver[k];
      if (!applies(p, i)) continue;
      auto& list = totals_[p.index()];
      if (list.empty() || list.back().first != ev_.period_of[i]) list.emplace_back(ev_.period_of[i], 0);
      list.back().second = checked_add(list.back().second, cr.credited(k, amounts[i]));
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
  Trace& trace_;
  std::vector<std::uint8_t> selected_;
  ProductFilter applies_to_product_;
  std::vector<State> state_;
  std::optional<Cap> cap_;  // spec 4.1 cap, when the component has one
  std::vector<std::vector<std::pair<std::int32_t, int128>>> totals_;
  OrderLines book_;
};


}  // namespace payplan::detail
