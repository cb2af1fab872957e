#pragma once
// spec 4.3: override — a manager paid on the team's credited orders, at the
// rate of the level the credited person is below them on the order's date.
//
//   struct Override;
//   template <class Trace> class detail::OverrideRun;   // Trace: engine/trace.hpp

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "payplan/engine/detail/clawbacks.hpp"
#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

namespace detail {
template <class Trace>
class OverrideRun;
}  // namespace detail

/// spec 4.3: a manager paid on the team's credited sales, by level.
struct Override : ComponentBase {
  static constexpr std::string_view type_name = "override";
  template <class Trace>
  using run = detail::OverrideRun<Trace>;  ///< its pricer, below
  std::vector<Rate> rates;  ///< level 1 (direct reports), level 2, ...
  bool include_own = false;

  static constexpr auto keys() {
    return std::tuple(key("rates", &Override::rates)
                          .required("override")
                          .each("an override rate")
                          .not_negative("an override rate cannot be negative")
                          .non_empty("rates is an empty list (give one rate per level)"),
                      key("include_own", &Override::include_own));
  }
};

}  // namespace payplan

namespace payplan::detail {

template <class Trace>
class OverrideRun {
 public:
  OverrideRun(Evaluation& ev, const Override& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace), selected_(select_payees(comp.payees, ev.org)),
        applies_to_product_(comp.products, ev.ledger) {
    // One shared note per level: lines name their level without a string each.
    for (std::size_t n = 0; n <= comp.rates.size(); ++n)
      level_note_.push_back(ev.note(n == 0 ? "own order" : "level " + std::to_string(n)));
  }

  void run() {
    const Credits& cr = ev_.credits;
    auto amounts = ev_.ledger.amounts();
    auto dates = ev_.ledger.dates();
    // a return is reversed for whoever its original paid, whatever its own
    // product or crediting (spec 4.1 Returns)
    auto claw_back = [&](std::uint32_t i) {
      if (OrderIndex original = ev_.clawback_of[i]; original.ok() && ev_.paid(ev_.period_of[i]))
        ev_.at_order(i, comp_.id, [&] {
          book_.claw_back(ev_, trace_, OrderIndex(i), original, ev_.period_of[i], index_, [](Line&, PersonId) {});
        });
    };
    ReturnsWithoutCredit uncredited(ev_, claw_back);
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      uncredited.before(i);
      if (ev_.clawback_of[i].ok()) {
        claw_back(i);
        continue;
      }
      if (!applies_to_product_(i)) continue;
      const std::int32_t period = ev_.period_of[i];
      if (!ev_.paid(period)) continue;
      ev_.at_order(i, comp_.id, [&] {
        const PersonId credited = cr.receiver[k];
        if (comp_.include_own && selected_[credited.index()]) pay(i, credited, credited, 0, amounts[i], period);
        // spec 4.3: level n below M if following reports_to on the order date n times reaches M
        PersonId m = credited;
        for (std::size_t n = 1; n <= comp_.rates.size(); ++n) {
          m = ev_.org.manager_on(m, dates[i]);
          if (!m.ok()) break;
          if (selected_[m.index()]) pay(i, credited, m, n, amounts[i], period);
        }
      });
    }
    uncredited.before(UINT32_MAX);
  }

 private:
  void pay(std::uint32_t i, PersonId credited, PersonId manager, std::size_t level, Money amount, std::int32_t period) {
    const Rate rate = comp_.rates[level == 0 ? 0 : level - 1];  // own orders at the first level's rate
    Line line;
    line.gross = amount * rate;
    line.amount = round_gross(line.gross, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    line.order = OrderIndex(i);
    line.payee = ev_.payee(manager);
    line.period = period;
    line.component = index_;
    line.note = level_note_[level];
    book_.push(ev_, line);
    if constexpr (Trace::on) {
      if (!trace_.wants(ev_.result, line)) return;
      LineTrace& x = trace_.record(ev_.result, line);
      x.steps.push_back("credited: order " + std::string(ev_.ledger.order_id(OrderIndex(i))) + " of " +
                        to_string(ev_.ledger.dates()[i]) + ", amount " + ev_.money(amount) + ", is credited to " +
                        ev_.org.person(credited).id);
      x.steps.push_back(level == 0 ? manager_text(manager) + "'s own order (include_own): the first level's rate " +
                                         to_percent_string(rate)
                                   : ev_.org.person(credited).id + " is " + std::to_string(level) +
                                         (level == 1 ? " level" : " levels") + " below " + manager_text(manager) +
                                         " on " + to_string(ev_.ledger.dates()[i]) + ": rate " + to_percent_string(rate));
      x.steps.push_back("gross = " + ev_.money(amount) + " x " + to_percent_string(rate) + " = " +
                        to_string(line.gross, ev_.plan.currency.minor_unit));
      ev_.narrate_factors(x, Factors{}, "", line.gross, line);
    }
  }
  std::string manager_text(PersonId m) const { return ev_.org.person(m).id; }

  Evaluation& ev_;
  const Override& comp_;
  std::uint16_t index_;
  Trace& trace_;
  std::vector<std::uint8_t> selected_;
  ProductFilter applies_to_product_;
  std::vector<std::uint32_t> level_note_;
  OrderLines book_;
};

}  // namespace payplan::detail
