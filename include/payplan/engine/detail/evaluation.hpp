#pragma once
// What every component's evaluation shares: the run's periods, the ledger's
// periods, the credit table (engine/crediting.hpp, and its transfer-term columns,
// eligibility.hpp), which order claws back which, and the result being
// built. The stages that fill it, in the contract's order: pipeline.hpp.

#include <algorithm>
#include <climits>
#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "payplan/engine/crediting.hpp"
#include "payplan/engine/detail/eligibility.hpp"
#include "payplan/engine/detail/order_overflow.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/gross.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/plan_base.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/model/tiers.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/transfer_terms.hpp"

namespace payplan {

/// A run's `--from`/`--to`: only periods wholly inside are written.
struct RunRange {
  std::optional<Date> from;
  std::optional<Date> to;
};

/// What an evaluation keeps of its lines: all of them (lines.csv, explain,
/// compare), or only their sums, statement by statement (a run that writes
/// no lines.csv; issue 11: 10M orders' 30M lines are 1.4 GB).
enum class keep_lines : std::uint8_t { all, statements };


namespace detail {

/// The first and last period ordinals wholly inside [from, to].
inline std::pair<std::int32_t, std::int32_t> periods_inside(Date from, Date to, period_length len) {
  Period first = Period::containing(from, len), last = Period::containing(to, len);
  if (first.first_day() < from) first = first.next();
  if (last.last_day() > to) last = last.previous();
  return {first.ordinal(), last.ordinal()};
}

/// What every component's evaluation shares: the ledger's periods, the
/// credit table, the clawback map, and the result being built. Built with
/// the periods only; the credit stages (pipeline.hpp) fill the rest.
class Evaluation {
 public:
  // P is Plan (model/plan.hpp), complete where an evaluation is made: the
  // pricers, before it, see only its settings (model/plan_base.hpp).
  template <std::derived_from<PlanSettings> P>
  Evaluation(const P& plan, const Org& org, const Ledger& ledger, RunRange range, Result& result)
      : Evaluation(plan, org, ledger, range, result, nullptr) {}

  /// With `shared` crediting of the same org and ledger (not copied; must
  /// outlive this), or else crediting made here with the credits file
  /// `deals` (spec 3.1), if any.
  template <std::derived_from<PlanSettings> P>
  Evaluation(const P& plan, const Org& org, const Ledger& ledger, RunRange range, Result& result,
             const Crediting* shared, const DealCredits* deals = nullptr)
      : plan(plan), whole_plan(plan), org(org), ledger(ledger), result(result),
        owned_(shared ? std::nullopt : std::optional<Crediting>(std::in_place, org, ledger, deals)),
        account_of(shared ? shared->account_of : owned_->account_of),
        credits(shared ? shared->credits : owned_->credits) {
    auto [first, last] = periods_inside(plan.effective.from, plan.effective.to, plan.period);
    first_paid = first;
    last_paid = last;
    Date from = std::max(plan.effective.from, range.from.value_or(plan.effective.from));
    Date to = std::min(plan.effective.to, range.to.value_or(plan.effective.to));
    std::tie(first_written, last_written) = periods_inside(from, to, plan.period);
    result.first_written = first_written;
    result.last_written = last_written;

    result.period_length = plan.period;
    result.minor_unit = plan.currency.minor_unit;
    result.orders = ledger.orders();
    for (const auto& c : plan.components) result.components.push_back(base_of(c).id);
    payee_index.assign(org.people().size(), UINT32_MAX);

    report_partial_periods(from, to);
    assign_periods();
  }

  const PlanSettings& plan;  ///< the plan-level fields: period, currency, rounding, effective, ...
  const Plan& whole_plan;    ///< with its components (pipeline.hpp runs them)
  const Org& org;
  const Ledger& ledger;
  Result& result;

 private:
  std::optional<Crediting> owned_;  // when no shared crediting was given

 public:
  const std::vector<AccountId>& account_of;  ///< ledger account -> org account
  const Credits& credits;                    ///< the credit table's rows (spec 3)
  CreditTerms terms;                         ///< its transfer-term columns for this plan (spec 4.2)
  std::vector<std::int32_t> period_of;       ///< period ordinal of each order
  std::vector<OrderIndex> clawback_of;       ///< the original an order claws back, or none (spec 4.1 Returns)
  std::vector<std::uint8_t> is_original;     ///< order is clawed back by a later return
  bool claws_back = false;                   ///< some order is clawed back (resolve_returns)
  keep_lines keep = keep_lines::all;         ///< what the result keeps of the lines
  /// A partitioned evaluation's part (engine/partitioned.hpp): the people
  /// whose order-level lines this part pays (empty: everyone), the orders'
  /// eligibility worked out over whole accounts (in ledger order; null:
  /// worked out here), and whether it pays the order-level components only
  /// and reports only their exceptions (the rest are other phases').
  std::vector<std::uint8_t> members;
  const std::vector<OrderEligibility>* given_eligibility = nullptr;
  bool payee_phase = false;
  std::vector<std::uint8_t> has_line;        ///< an order paid a line that was summed and dropped (when claws_back)
  std::int32_t first_paid = 0, last_paid = -1, first_written = 0, last_written = -1;

  /// explain: the factors of a line, its exact value and its rounding.
  /// `portion_is` names what the portion is (a clawback's: the part returned).
  void narrate_factors(LineTrace& x, const Factors& f, const std::string& terms_note, Gross g, const Line& line,
                       std::string_view portion_is = "portion returned") {
    const std::string why = terms_note.empty() ? std::string() : " (" + terms_note + ")";
    x.steps.push_back("eligible = " + to_string(f.eligible) +
                      (f.eligible.is_one() ? std::string(" (no transfer term limits it)") : why));
    x.steps.push_back("share = " + to_string(f.share) + (f.share.is_one() ? std::string() : why));
    if (!f.portion.is_one()) x.steps.push_back(std::string(portion_is) + " = " + to_string(f.portion));
    const Gross exact = scaled(scaled(scaled(g, f.eligible), f.share), f.portion);
    x.steps.push_back("exact value = gross x eligible x share" + std::string(f.portion.is_one() ? "" : " x portion") +
                      " = " + detail::format_scaled(exact.units(), Gross::digits, plan.currency.minor_unit, 12));
    x.steps.push_back("rounded once, " + std::string(to_string(plan.rounding)) + " to " +
                      std::to_string(plan.currency.minor_unit) + " decimals, after any cap: amount = " +
                      to_string(line.amount, plan.currency.minor_unit, plan.currency.minor_unit));
    if (line.note) x.steps.push_back("note on the line: " + result.notes[line.note]);
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
  /// An exception of the current `stage` about order i, or (none) about
  /// the period starting on `about`.
  void except(std::string kind, OrderIndex i, std::string detail, Date about = {}) {
    if (payee_phase && (stage < exception_stage::components || stage == exception_stage::unpaid_returns)) return;
    result.exceptions.push_back({std::move(kind), i.ok() ? std::string(ledger.order_id(i)) : std::string(),
                                 std::move(detail), stage, i.ok() ? ledger.dates()[i.index()] : about});
  }
  std::uint32_t stage = exception_stage::periods;  ///< the stage running (exception_stage), for except()
  [[nodiscard]] std::string money(Money m) const { return to_string(m, plan.currency.minor_unit); }

  /// Runs f; an overflow in it names the order's row and id and the
  /// component (if any), as spec 1 asks of every overflow.
  template <class F>
  void at_order(std::uint32_t i, const std::string& component, F&& f) const {
    detail::at_order(ledger, i, &component, {}, std::forward<F>(f));
  }
  template <class F>
  void at_order(std::uint32_t i, F&& f) const {
    detail::at_order(ledger, i, nullptr, {}, std::forward<F>(f));
  }

  /// The written periods' ordinals, in order (period-level components pay these).
  [[nodiscard]] std::vector<std::int32_t> written_periods() const {
    std::vector<std::int32_t> out;
    for (std::int32_t p = first_written; p <= last_written; ++p) out.push_back(p);
    return out;
  }

  /// Room for n more lines, where they are kept (keep_lines::all).
  void reserve_lines(std::size_t n) {
    if (keep == keep_lines::all) result.lines.reserve(result.lines.size() + n);
  }

  /// keep_lines::statements: the lines so far summed into their statements
  /// (written periods only, spec 5) and dropped; which orders paid a line
  /// is kept for the trace of unpaid returns (clawbacks.hpp).
  void sum_lines() {
    if (claws_back) {
      has_line.resize(ledger.size(), 0);
      for (const Line& l : result.lines)
        if (l.order.ok()) has_line[l.order.index()] = 1;
    }
    result.sum_lines_and_drop([&](std::int32_t p) { return written(p); });
  }

  /// After each order-level line. A statements-only run sums a component's
  /// lines at its end (pipeline.hpp); with nothing to claw back no line is
  /// looked at again, so they are summed every few thousand and never all
  /// held (issue 11: 480 MB a component at 10M orders).
  void line_pushed() {
    if (keep == keep_lines::statements && !claws_back && result.lines.size() >= lines_summed_at) sum_lines();
  }
  static constexpr std::size_t lines_summed_at = std::size_t{1} << 16;

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

  /// spec 5: drops lines of periods outside the run's range (they were
  /// computed so that clawbacks and caps see the whole effective history).
  void keep_written_lines() {
    std::erase_if(result.lines, [&](const Line& l) { return !written(l.period); });
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
                 ": only periods wholly inside are paid, so " + to_string(p) + " is not paid", p.first_day());
    };
    const std::string effective = plan.where({subject::kind::effective}).describe() + ": effective";
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

  std::vector<std::uint32_t> payee_index;
};

/// explain: who credit row k credits with order i and why (spec 3, 3.1): the
/// owners entry, a team member's share, or the credits file's row.
[[nodiscard]] inline std::string credited_text(const Evaluation& ev, std::size_t k, OrderIndex i, PersonId p) {
  const Ledger& l = ev.ledger;
  const Credits& cr = ev.credits;
  const Dated<Ownership>* own = cr.ownership[k];
  const Money amount = l.amounts()[i.index()];
  std::string text = "credited: order " + std::string(l.order_id(i)) + " of " + to_string(l.dates()[i.index()]) +
                     " on account " + std::string(l.account_name(l.accounts()[i.index()])) + ", amount " +
                     ev.money(amount) + ", is credited to " + ev.org.person(p).id;
  const std::string& terms = cr.terms(k);
  const std::string credited = " (" + position_text(cr.credited(k, amount), ev.plan.currency.minor_unit) + ")";
  if (const std::size_t row = cr.deal_row(k); row != SIZE_MAX) {
    const source_location at = cr.deals->where(row, DealCredits::field::share);
    text += " with a share of " + to_percent_string(cr.share(k)) + credited + " by row " + std::to_string(at.row) +
            " of the credits file " + (at.file.empty() ? std::string("<input>") : at.file) +
            (cr.overlay(k) ? ", an overlay credit outside the order's 100% (it does not roll up to managers)" : "");
    if (!terms.empty())
      text += "; a member of the account's owners entry from " + to_string(own->from) +
              ", so its transfer terms '" + terms + "' apply";
    return text;
  }
  if (own->value.team.size() > 1 || cr.share(k) != Rate::one())
    text += " with a share of " + to_percent_string(cr.share(k)) + credited + ", a member of the account's team from " +
            to_string(own->from);
  else
    text += ", the account's owner from " + to_string(own->from);
  if (!terms.empty()) text += " (a transfer under terms '" + terms + "')";
  return text;
}

/// Sums by (who, period): who is a person or a ledger account; V is Money,
/// or int128 for credited amounts a x w_r (positions, 10^-16, spec 3.1).
template <class V = Money>
class PeriodSums {
 public:
  void add(std::uint32_t who, std::int32_t period, V m) {
    V& sum = sums_[key(who, period)];
    if constexpr (std::is_same_v<V, Money>) sum += m;
    else sum = checked_add(sum, m);
  }
  [[nodiscard]] V at(std::uint32_t who, std::int32_t period) const {
    auto it = sums_.find(key(who, period));
    return it == sums_.end() ? V{} : it->second;
  }
  [[nodiscard]] bool has(std::uint32_t who, std::int32_t period) const { return sums_.count(key(who, period)) != 0; }
  /// f(who, period, sum) for every sum, in no particular order.
  template <class F>
  void each(F&& f) const {
    for (const auto& [k, v] : sums_) f(static_cast<std::uint32_t>(k >> 32), static_cast<std::int32_t>(static_cast<std::uint32_t>(k)), v);
  }

 private:
  static std::uint64_t key(std::uint32_t who, std::int32_t period) noexcept {
    return (static_cast<std::uint64_t>(who) << 32) | static_cast<std::uint32_t>(period);
  }
  std::unordered_map<std::uint64_t, V> sums_;
};

/// A component type paid from sums by period (spec 4.4-4.7, engine/measured.hpp), not order by order.
template <class C>
concept period_level_component = requires { requires C::period_level; };

/// Which people a component pays (spec 4: payees by role or by id).
inline std::vector<std::uint8_t> select_payees(const PayeeSelector& sel, const Org& org);

/// The people an order-level component pays in this evaluation: those it
/// selects, of the part's members in a partitioned one.
inline std::vector<std::uint8_t> select_payees(const PayeeSelector& sel, const Evaluation& ev) {
  std::vector<std::uint8_t> selected = select_payees(sel, ev.org);
  if (!ev.members.empty())
    for (std::size_t i = 0; i < selected.size(); ++i) selected[i] &= ev.members[i];
  return selected;
}

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
      : ledger_(ledger), ok_(ledger.product_count() + 1, products.empty() ? 1 : 0) {
    for (const std::string& name : products)
      if (auto p = ledger.find_product(name); p != Ledger::no_name) ok_[p] = 1;
  }

  /// Whether the component applies to order i.
  [[nodiscard]] bool operator()(std::uint32_t i) const noexcept {
    const auto p = ledger_.product(OrderIndex(i));
    return ok_[p == Ledger::no_name ? ok_.size() - 1 : p];  // the last slot stands for "no product"
  }

 private:
  const Ledger& ledger_;
  std::vector<std::uint8_t> ok_;
};

}  // namespace detail
}  // namespace payplan
