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
                          .non_empty("rates is an empty list (give one rate per level)")
                          .warn_above_100(),
                      key("include_own", &Override::include_own));
  }
};

}  // namespace payplan

namespace payplan::detail {

template <class Trace>
class OverrideRun {
 public:
  OverrideRun(Evaluation& ev, const Override& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace), selected_(select_payees(comp.payees, ev)),
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
    for (std::size_t first = 0, end = 0; first < cr.size(); first = end) {
      const std::uint32_t i = cr.order[first].index();
      end = cr.order_end(first);
      uncredited.before(i);
      if (ev_.clawback_of[i].ok()) {
        claw_back(i);
        continue;
      }
      if (!applies_to_product_(i)) continue;
      const std::int32_t period = ev_.period_of[i];
      if (!ev_.paid(period)) continue;
      ev_.at_order(i, comp_.id, [&] {
        if (end == first + 1) return pay_sole(i, cr.receiver[first], amounts[i], dates[i], period);
        pay_split(i, first, end, dates[i], period);
      });
    }
    uncredited.before(UINT32_MAX);
  }

 private:
  // The usual order, one receiver: a line to each selected manager above
  // (and to the receiver with include_own).
  void pay_sole(std::uint32_t i, PersonId credited, Money amount, Date date, std::int32_t period) {
    for_each_manager(credited, date, [&](PersonId m, std::size_t level) { pay(i, credited, m, level, amount, period); });
  }

  // f(manager, level) for each selected manager the credited person is
  // below on `date` (spec 4.3: level n if following reports_to n times
  // reaches them), and the person at level 0 with include_own
  template <class F>
  void for_each_manager(PersonId credited, Date date, F&& f) const {
    if (comp_.include_own && selected_[credited.index()]) f(credited, 0);
    PersonId m = credited;
    for (std::size_t n = 1; n <= comp_.rates.size(); ++n) {
      m = ev_.org.manager_on(m, date);
      if (!m.ok()) break;
      if (selected_[m.index()]) f(m, n);
    }
  }

  Rate rate_of(std::size_t level) const { return comp_.rates[level == 0 ? 0 : level - 1]; }  // own orders at the first level's

  // a manager's line for order i, gross rounded once
  Line order_line(std::uint32_t i, PersonId manager, Gross gross, std::int32_t period) {
    Line line;
    line.gross = gross;
    line.amount = round_gross(gross, ev_.plan.currency.minor_unit, ev_.plan.rounding);
    line.order = OrderIndex(i);
    line.payee = ev_.payee(manager);
    line.period = period;
    line.component = index_;
    return line;
  }

  void pay(std::uint32_t i, PersonId credited, PersonId manager, std::size_t level, Money amount, std::int32_t period) {
    const Rate rate = rate_of(level);
    Line line = order_line(i, manager, amount * rate, period);
    line.note = level_note_[level];
    book_.push(ev_, line);
    if constexpr (Trace::on) {
      if (!trace_.wants(ev_.result, line)) return;
      LineTrace& x = trace_.record(ev_.result, line);
      x.steps.push_back("credited: order " + std::string(ev_.ledger.order_id(OrderIndex(i))) + " of " +
                        to_string(ev_.ledger.dates()[i]) + ", amount " + ev_.money(amount) + ", is credited to " +
                        ev_.org.person(credited).id);
      x.steps.push_back(level_text(credited, manager, level, i) + (level == 0 ? " " : ": rate ") + to_percent_string(rate));
      x.steps.push_back("gross = " + ev_.money(amount) + " x " + to_percent_string(rate) + " = " +
                        to_string(line.gross, ev_.plan.currency.minor_unit));
      ev_.narrate_factors(x, Factors{}, "", line.gross, line);
    }
  }

  // spec 3.1: an order with several receivers pays each manager one line,
  // gross = the sum over the order's non-overlay receivers r at level n
  // below them of a_r x rates[n-1] (overlay credits never roll up, so a
  // split counts once up the tree); its credit is the shares that rolled up.
  void pay_split(std::uint32_t i, std::size_t first, std::size_t end, Date date, std::int32_t period) {
    const Credits& cr = ev_.credits;
    const Money amount = ev_.ledger.amounts()[i];
    struct part {
      std::size_t row;
      std::size_t level;
    };
    struct to_manager {
      PersonId manager;
      Gross gross;
      Percent credit;
      std::vector<part> parts;
    };
    std::vector<to_manager> lines;  // in the order each manager is first met
    auto add = [&](PersonId m, std::size_t k, std::size_t level) {
      auto it = std::find_if(lines.begin(), lines.end(), [&](const to_manager& t) { return t.manager == m; });
      if (it == lines.end()) it = lines.insert(lines.end(), to_manager{m, Gross{}, Rate{}, {}});
      it->gross += credited_times(cr.credited(k, amount), rate_of(level));
      it->credit = Rate::from_units(it->credit.units() + cr.share(k).units());  // shares <= 100% each, 100% in all
      it->parts.push_back({k, level});
    };
    for (std::size_t k = first; k < end; ++k)
      if (!cr.overlay(k)) for_each_manager(cr.receiver[k], date, [&](PersonId m, std::size_t level) { add(m, k, level); });
    for (to_manager& t : lines) {
      // the parts in a fixed order (level, then receiver id): the note does
      // not depend on the order of the credits file's rows
      std::sort(t.parts.begin(), t.parts.end(), [&](const part& a, const part& b) {
        if (a.level != b.level) return a.level < b.level;
        return ev_.org.person(cr.receiver[a.row]).id < ev_.org.person(cr.receiver[b.row]).id;
      });
      Line line = order_line(i, t.manager, t.gross, period);
      line.factors = credit_.of(t.credit);
      if (t.parts.size() == 1) {
        line.note = level_note_[t.parts[0].level];
      } else {
        std::string note;
        for (const part& pt : t.parts)
          note += (note.empty() ? "" : "; ") + std::string(pt.level == 0 ? "own order" : "level " + std::to_string(pt.level)) +
                  " (" + ev_.org.person(cr.receiver[pt.row]).id + " " + to_percent_string(cr.share(pt.row)) + ")";
        line.note = ev_.note(std::move(note));
      }
      book_.push(ev_, line);
      if constexpr (Trace::on) {
        if (!trace_.wants(ev_.result, line)) continue;
        LineTrace& x = trace_.record(ev_.result, line);
        std::string sum;
        for (const part& pt : t.parts) {
          const Rate rate = rate_of(pt.level);
          const std::string a_r = position_text(cr.credited(pt.row, amount), ev_.plan.currency.minor_unit);
          x.steps.push_back(credited_text(ev_, pt.row, OrderIndex(i), cr.receiver[pt.row]));
          x.steps.push_back(level_text(cr.receiver[pt.row], t.manager, pt.level, i) + ": " + a_r + " x " +
                            to_percent_string(rate) + " = " +
                            to_string(credited_times(cr.credited(pt.row, amount), rate), ev_.plan.currency.minor_unit));
          sum += (sum.empty() ? "" : " + ") + a_r + " x " + to_percent_string(rate);
        }
        for (std::size_t k = first; k < end; ++k)
          if (cr.overlay(k))
            x.steps.push_back(ev_.org.person(cr.receiver[k]).id + "'s overlay credit of " +
                              to_percent_string(cr.share(k)) + " does not roll up (spec 3.1)");
        x.steps.push_back("gross = " + sum + " = " + to_string(line.gross, ev_.plan.currency.minor_unit) +
                          "; credit = the shares that rolled up, " + to_percent_string(t.credit));
        ev_.narrate_factors(x, Factors{}, "", line.gross, line);
      }
    }
  }

  std::string level_text(PersonId credited, PersonId manager, std::size_t level, std::uint32_t i) const {
    if (level == 0) return manager_text(manager) + "'s own order (include_own): the first level's rate";
    return ev_.org.person(credited).id + " is " + std::to_string(level) + (level == 1 ? " level" : " levels") +
           " below " + manager_text(manager) + " on " + to_string(ev_.ledger.dates()[i]);
  }

  std::string manager_text(PersonId m) const { return ev_.org.person(m).id; }

  Evaluation& ev_;
  const Override& comp_;
  std::uint16_t index_;
  Trace& trace_;
  std::vector<std::uint8_t> selected_;
  ProductFilter applies_to_product_;
  std::vector<std::uint32_t> level_note_;
  credit_factors credit_{ev_.result};
  OrderLines book_;
};

}  // namespace payplan::detail
