#pragma once
// spec 4.4 and 4.5: paying a manager for the team as a whole.
//
//   struct TeamGrowth, TeamAttainmentBonus;
//   template <class Trace> class detail::TeamGrowthRun;   // like-for-like growth of the accounts the team owns
//   template <class Trace> class detail::TeamBonusRun;    // a bonus per direct report at or above an attainment
//
// Trace (engine/trace.hpp) records, for a line explained, the team, the accounts
// measured, the reports counted.

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <boost/multiprecision/cpp_int.hpp>

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/engine/measured.hpp"
#include "payplan/engine/trace.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

namespace detail {
template <class Trace>
class TeamGrowthRun;
template <class Trace>
class TeamBonusRun;
}  // namespace detail

enum class baseline_kind : std::uint8_t { previous_year, previous_period };
constexpr auto names_of(baseline_kind) {
  return std::array{std::pair{std::string_view("previous_year"), baseline_kind::previous_year},
                    std::pair{std::string_view("previous_period"), baseline_kind::previous_period}};
}

/// spec 4.4: like-for-like growth of the accounts the team owns.
struct TeamGrowth : ComponentBase {
  static constexpr std::string_view type_name = "team_growth";
  /// paid from sums by period (engine/measured.hpp), not order by order
  static constexpr bool period_level = true;
  template <class Trace>
  using run = detail::TeamGrowthRun<Trace>;  ///< its pricer, below
  baseline_kind baseline = baseline_kind::previous_year;
  Percent hurdle;                 ///< minimum growth %
  std::optional<Rate> rate;       ///< of the growth amount; or
  std::optional<TierTable> tiers; ///< upto in growth % (Tier::upto_percent)
  bool include_own = false;

  static constexpr auto keys() {
    return std::tuple(key("baseline", &TeamGrowth::baseline), key("hurdle", &TeamGrowth::hurdle).warn_above_100(),
                      key("rate", &TeamGrowth::rate).not_negative("rate cannot be negative").warn_above_100(),
                      key("tiers", &TeamGrowth::tiers).on(tiers_on::growth),
                      key("include_own", &TeamGrowth::include_own));
  }
  static void check(const TeamGrowth& c, const locator& at) {
    if (c.rate && c.tiers)
      throw input_error(node_at(at(subject::kind::tier_table)), "component '" + c.id + "' has both rate and tiers; give one");
    if (!c.rate && !c.tiers)
      throw input_error(at(subject::kind::component), "team_growth component '" + c.id + "' needs 'rate' or 'tiers'");
  }
};

/// spec 4.5: a manager paid per direct report at or above an attainment.
struct TeamAttainmentBonus : ComponentBase {
  static constexpr std::string_view type_name = "team_attainment_bonus";
  /// paid from sums by period (engine/measured.hpp), not order by order
  static constexpr bool period_level = true;
  template <class Trace>
  using run = detail::TeamBonusRun<Trace>;  ///< its pricer, below
  Percent attainment = Rate::one();  ///< of a report's quota
  Money amount;

  static constexpr auto keys() {
    return std::tuple(
        key("attainment", &TeamAttainmentBonus::attainment).required().not_negative("attainment cannot be negative"),
        key("amount", &TeamAttainmentBonus::amount).required().not_negative("a bonus amount cannot be negative"));
  }
};

}  // namespace payplan

namespace payplan::detail {

/// The people a component pays, in org order.
[[nodiscard]] inline std::vector<PersonId> selected_people(const PayeeSelector& sel, const Org& org) {
  std::vector<PersonId> out;
  auto selected = select_payees(sel, org);
  for (std::uint32_t i = 0; i < selected.size(); ++i)
    if (selected[i]) out.push_back(PersonId(i));
  return out;
}

/// "12.5%" of num/den, or "undefined" for den 0 (positions or Money).
[[nodiscard]] inline std::string percent_of(int128 num, int128 den) {
  if (den == 0) return "undefined";
  const Fraction f{num, den};  // kept with den > 0
  return to_percent_string(f);
}
[[nodiscard]] inline std::string percent_of(Money num, Money den) { return percent_of(int128{num.micros()}, int128{den.micros()}); }

/// x >= y for products of two int128 factors each, exactly.
[[nodiscard]] inline bool product_at_least(int128 a, int128 b, int128 c, int128 d) {
  using boost::multiprecision::int256_t;
  return int256_t(a) * int256_t(b) >= int256_t(c) * int256_t(d);
}


template <class Trace>
class TeamGrowthRun {
 public:
  TeamGrowthRun(Evaluation& ev, const TeamGrowth& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace) {}

  /// spec 4.4: the sales of every order on each org account by period,
  /// history included, as the baseline needs it (spec 4: every order in the
  /// ledger is history). An account not in the org is nobody's.
  static void measure(const Evaluation& ev, const TeamGrowth& comp, std::uint16_t index, Measured& out) {
    const ProductFilter applies_to_product(comp.products, ev.ledger);
    auto amounts = ev.ledger.amounts();
    auto accounts = ev.ledger.accounts();
    PeriodSums<> sales;
    for (std::uint32_t i = 0; i < ev.ledger.size(); ++i)
      if (applies_to_product(i)) sales.add(accounts[i], ev.period_of[i], amounts[i]);
    sales.each([&](std::uint32_t la, std::int32_t p, Money m) {
      if (const AccountId a = ev.account_of[la]; a.ok())
        out.add(index, Measured::kind::account_sales, ev.org.accounts()[a.index()].id, p, m.micros());
    });
  }

  void run() {
    Measured measured;
    measure(ev_, comp_, index_, measured);
    pay(measured);
  }

  /// The lines, from the sums of every order (measure, added up).
  void pay(const Measured& measured) {
    const auto& org = ev_.org;
    measured.each(index_, Measured::kind::account_sales, [&](const Measured::Row& r) {
      sales_.add(org.find_account(r.who).index(), r.period, Money::from_micros(narrow_to_int64(r.value)));
    });
    const auto payees = selected_people(comp_.payees, org);
    if (payees.empty()) return;
    const std::size_t n = org.people().size();
    for (std::int32_t p : ev_.written_periods()) {
      const Date last = Period(ev_.plan.period, p).last_day();
      const std::int32_t b = baseline_of(p);
      // spec 4.4: S = the accounts the team owns on P's last day (ownership,
      // not credit: the one rule that reads the owners map), measured in
      // P and in B alike. Each owner's sales on S, then summed up the
      // reporting lines of that day: team[m] = everyone's at all levels below m.
      // spec 3.1: an account counts with weight w, the shares its owners
      // entry on P's last day gives each owner; current and baseline are
      // sums of amount x w (positions, exact), the same w in both periods.
      std::vector<int128> own_current(n), own_baseline(n), team_current(n), team_baseline(n);
      for (std::uint32_t a = 0; a < org.accounts().size(); ++a) {
        const auto* own = org.ownership_on(AccountId(a), last);
        if (own == nullptr) continue;
        const Money now = sales_.at(a, p), then = sales_.at(a, b);
        for (const TeamShare& member : own->value.team) {
          const auto x = member.owner.index();
          own_current[x] = checked_add(own_current[x], credited_amount(now, member.share));
          own_baseline[x] = checked_add(own_baseline[x], credited_amount(then, member.share));
        }
      }
      const Org::reporting_day day = org.reporting_on(last);
      for (const std::uint32_t x : day.bottom_up) {
        const PersonId up = day.manager[x];
        if (!up.ok()) continue;
        team_current[up.index()] = checked_add(team_current[up.index()], checked_add(own_current[x], team_current[x]));
        team_baseline[up.index()] = checked_add(team_baseline[up.index()], checked_add(own_baseline[x], team_baseline[x]));
      }
      for (PersonId m : payees) {
        int128 current = team_current[m.index()], baseline = team_baseline[m.index()];
        if (comp_.include_own) {
          current = checked_add(current, own_current[m.index()]);
          baseline = checked_add(baseline, own_baseline[m.index()]);
        }
        const Line& line = pay(m, p, current, baseline);
        if constexpr (Trace::on)
          if (trace_.wants(ev_.result, line)) narrate(m, p, b, day, current, baseline, line);
      }
    }
  }

 private:
  std::int32_t baseline_of(std::int32_t p) const {
    if (comp_.baseline == baseline_kind::previous_period) return p - 1;
    return p - 12 / static_cast<std::int32_t>(ev_.plan.period);  // the same period one year earlier
  }

  std::string amount(int128 position) const { return position_text(position, ev_.plan.currency.minor_unit); }

  // spec 4.4: pays rate x growth when growth > 0 and growth_pct >= hurdle
  // (a zero baseline leaves growth_pct undefined: the hurdle is met).
  // current and baseline are positions (10^-16): weighted sums (spec 3.1).
  const Line& pay(PersonId m, std::int32_t p, int128 current, int128 baseline) {
    const int128 growth = checked_sub(current, baseline);
    bool hurdle_met = true;
    if (baseline != 0) {
      // growth / baseline >= hurdle, without dividing
      hurdle_met = baseline > 0 ? product_at_least(growth, Rate::scale, baseline, comp_.hurdle.units())
                                : product_at_least(baseline, comp_.hurdle.units(), growth, Rate::scale);
    }
    Gross g;
    std::optional<Money> exact;  // the amount, when g (shown) is not exact: marginal tiers on a weighted baseline
    std::string why;
    if (!(growth > 0)) {
      why = "no growth";
    } else if (!hurdle_met) {
      why = "growth below the hurdle of " + to_percent_string(comp_.hurdle);
    } else if (comp_.rate) {
      g = credited_times(growth, *comp_.rate);
    } else if (baseline == 0) {
      g = credited_times(growth, comp_.tiers->tiers.back().rate);  // undefined %: the last band
    } else if (baseline % Rate::scale == 0) {
      // tiers on growth %: a band's bound is upto x baseline, so growth
      // against those bounds is growth_pct against upto
      const TierSchedule schedule(*comp_.tiers, Money::from_micros(narrow_to_int64(baseline / Rate::scale)));
      if (comp_.tiers->method == tier_method::marginal) g = schedule.marginal(0, growth);
      else g = credited_times(growth, schedule.rate_at_total(growth));
    } else {
      std::tie(g, exact) = weighted_tiers(growth, baseline);
    }
    std::string note = "current " + amount(current) + ", baseline " + amount(baseline) + ", growth " + amount(growth) +
                       " (" + percent_of(growth, baseline) + ")";
    if (!why.empty()) note += ": " + why;
    if constexpr (Trace::on) why_ = why;  // what explain says of a line that pays nothing
    Line& line = ev_.push_period_line(ev_.payee(m), p, index_, g, ev_.note(std::move(note)));
    if (exact) line.amount = *exact;
    return line;
  }

  // Tiers on growth % over a baseline that is not a whole Money (a team's
  // weights, spec 3.1): the bounds upto x baseline are multiples of 10^-26,
  // so a marginal piece x rate needs 10^-36: summed and rounded exactly in
  // wide integers; the gross shown is that sum to 10^-26.
  std::pair<Gross, std::optional<Money>> weighted_tiers(int128 growth, int128 baseline) const {
    using boost::multiprecision::cpp_int;
    const auto& tiers = comp_.tiers->tiers;
    const cpp_int top = cpp_int(growth) * Rate::scale;  // growth in 10^-26
    if (comp_.tiers->method == tier_method::retroactive) {
      std::size_t t = 0;
      while (t + 1 < tiers.size() && top > cpp_int(tiers[t].upto_percent.units()) * cpp_int(baseline)) ++t;
      return {credited_times(growth, tiers[t].rate), std::nullopt};
    }
    cpp_int sum = 0, below = 0;  // 10^-36; the part of [0, top) covered so far
    for (std::size_t t = 0; t < tiers.size() && below < top; ++t) {
      const cpp_int bound = t + 1 < tiers.size() ? cpp_int(tiers[t].upto_percent.units()) * cpp_int(baseline) : top;
      const cpp_int upto = bound < top ? bound : top;
      if (upto > below) {
        sum += (upto - below) * tiers[t].rate.units();
        below = upto;
      }
    }
    const cpp_int shown = sum / Rate::scale;  // 10^-36 to a Gross's 10^-26
    if (shown > cpp_int(std::numeric_limits<int128>::max())) throw overflow_error("a team growth amount does not fit");
    const cpp_int whole = cpp_int(Rate::scale) * cpp_int(pow10_128(Gross::digits));  // 10^36 units a currency unit
    return {Gross::from_units(static_cast<int128>(shown)),
            round_rational(sum, whole, ev_.plan.currency.minor_unit, ev_.plan.rounding)};
  }

  // --- explain: the team, the accounts measured, the growth and its pay ----

  // whether x is in m's team on the day (at any level below m; m itself with include_own)
  static bool in_team(const Org::reporting_day& day, PersonId m, PersonId x, bool include_own) {
    if (x == m) return include_own;
    for (PersonId up = day.manager[x.index()]; up.ok(); up = day.manager[up.index()])
      if (up == m) return true;
    return false;
  }

  void narrate(PersonId m, std::int32_t p, std::int32_t b, const Org::reporting_day& day, int128 current,
               int128 baseline, const Line& line) {
    const Org& org = ev_.org;
    const Period period(ev_.plan.period, p), base(ev_.plan.period, b);
    const Date last = period.last_day();
    LineTrace& x = trace_.record(ev_.result, line);
    std::string team;
    for (std::uint32_t y = 0; y < org.people().size(); ++y)
      if (PersonId(y) != m && in_team(day, m, PersonId(y), false)) team += (team.empty() ? "" : ", ") + org.person(PersonId(y)).id;
    x.steps.push_back("team of " + org.person(m).id + " on " + to_string(last) + ", the last day of " + x.period +
                      ", at all levels below: " + (team.empty() ? std::string("nobody") : team) +
                      (comp_.include_own ? "; and " + org.person(m).id + "'s own accounts (include_own)" : ""));
    std::string accounts;
    std::size_t count = 0;
    for (std::uint32_t a = 0; a < org.accounts().size(); ++a) {
      const auto* own = org.ownership_on(AccountId(a), last);
      if (own == nullptr) continue;
      // spec 3.1: the weight w, the shares the team holds
      std::int64_t w = 0;
      std::string owners;
      for (const TeamShare& member : own->value.team) {
        if (!in_team(day, m, member.owner, comp_.include_own)) continue;
        w += member.share.units();
        owners += (owners.empty() ? "" : ", ") + org.person(member.owner).id +
                  (own->value.team.size() > 1 ? " " + to_percent_string(member.share) : std::string());
      }
      if (w == 0) continue;
      const Money now = sales_.at(a, p), then = sales_.at(a, b);
      accounts += (count++ ? "; " : " ") + org.accounts()[a].id + " (owner" + (own->value.team.size() > 1 ? "s " : " ") +
                  owners + ") " + ev_.money(now) + " and " + ev_.money(then);
      if (w != Rate::scale)
        accounts += ", weight " + to_percent_string(Rate::from_units(w)) + ": " +
                    amount(credited_amount(now, Rate::from_units(w))) + " and " + amount(credited_amount(then, Rate::from_units(w)));
    }
    x.steps.push_back("accounts the team owns on " + to_string(last) + " (spec 4.4: ownership, not credit), " +
                      std::to_string(count) + ", each measured in " + x.period + " and in the baseline " +
                      to_string(base) + " (" + (comp_.baseline == baseline_kind::previous_year ? "previous_year" : "previous_period") +
                      ")" + (count ? ":" + accounts : std::string()));
    const int128 growth = current - baseline;
    x.steps.push_back("current = " + amount(current) + ", baseline = " + amount(baseline) +
                      ", growth = current - baseline = " + amount(growth) + " (" + percent_of(growth, baseline) + ")");
    if (!why_.empty()) {
      x.steps.push_back(why_ + ": gross = 0");
    } else {
      if (comp_.hurdle != Rate{})
        x.steps.push_back("hurdle " + to_percent_string(comp_.hurdle) + ": met" +
                          (baseline == 0 ? std::string(" (no baseline: growth % is undefined)") : std::string()));
      if (comp_.rate) {
        x.steps.push_back("rate " + to_percent_string(*comp_.rate) + " of growth: gross = " + amount(growth) + " x " +
                          to_percent_string(*comp_.rate));
      } else if (baseline == 0) {
        x.steps.push_back("tiers on growth %, which is undefined with no baseline: the last tier's rate " +
                          to_percent_string(comp_.tiers->tiers.back().rate) + ": gross = " + amount(growth) + " x " +
                          to_percent_string(comp_.tiers->tiers.back().rate));
      } else if (baseline % Rate::scale != 0) {
        x.steps.push_back("tiers on growth % over a weighted baseline: bounds upto x " + amount(baseline) +
                          ", each piece x its rate summed exactly");
      } else {
        const TierSchedule schedule(*comp_.tiers, Money::from_micros(narrow_to_int64(baseline / Rate::scale)));
        std::string bounds = "tier bounds, % growth x baseline:";
        for (std::size_t t = 0; t < schedule.bounds().size(); ++t)
          bounds += (t ? ", " : " ") + to_percent_string(comp_.tiers->tiers[t].upto_percent) + " = " +
                    position_text(schedule.bounds()[t], ev_.plan.currency.minor_unit);
        x.steps.push_back(bounds);
        const int128 to = growth;
        if (comp_.tiers->method == tier_method::marginal)
          x.steps.push_back("marginal tiers over [0, " + position_text(to, ev_.plan.currency.minor_unit) + "):" +
                            marginal_pieces(schedule, 0, to, ev_.plan.currency.minor_unit));
        else
          x.steps.push_back("retroactive tiers: growth " + amount(growth) + " falls in the tier at " +
                            to_percent_string(schedule.rate_at_total(to)) + ": gross = " + amount(growth) + " x " +
                            to_percent_string(schedule.rate_at_total(to)));
      }
    }
    x.steps.push_back("gross = " + to_string(line.gross, ev_.plan.currency.minor_unit));
    ev_.narrate_factors(x, ev_.result.factors_of(line), "", line.gross, line);
  }

  Evaluation& ev_;
  const TeamGrowth& comp_;
  std::uint16_t index_;
  Trace& trace_;
  PeriodSums<> sales_;                         // by org account and period
  std::string why_;                            // explain: why the last line pays nothing, if it does not
};

template <class Trace>
class TeamBonusRun {
 public:
  TeamBonusRun(Evaluation& ev, const TeamAttainmentBonus& comp, std::uint16_t index, Trace& trace)
      : ev_(ev), comp_(comp), index_(index), trace_(trace) {}

  /// spec 4.5: credited sales by person and period (the component's products only).
  static void measure(const Evaluation& ev, const TeamAttainmentBonus& comp, std::uint16_t index, Measured& out) {
    const ProductFilter applies_to_product(comp.products, ev.ledger);
    auto amounts = ev.ledger.amounts();
    const Credits& cr = ev.credits;
    PeriodSums<int128> credited;
    for (std::size_t k = 0; k < cr.size(); ++k) {
      const std::uint32_t i = cr.order[k].index();
      if (applies_to_product(i))  // spec 3.1: a_r, overlays included
        credited.add(cr.receiver[k].index(), ev.period_of[i], cr.credited(k, amounts[i]));
    }
    credited.each([&](std::uint32_t x, std::int32_t p, int128 v) {
      out.add(index, Measured::kind::credited, ev.org.person(PersonId(x)).id, p, v);
    });
  }

  void run() {
    Measured measured;
    measure(ev_, comp_, index_, measured);
    pay(measured);
  }

  /// The lines, from the sums of every order (measure, added up).
  void pay(const Measured& measured) {
    const auto& org = ev_.org;
    measured.each(index_, Measured::kind::credited, [&](const Measured::Row& r) {
      credited_.add(org.find_person(r.who).index(), r.period, r.value);
    });
    for (PersonId m : selected_people(comp_.payees, org)) {
      for (std::int32_t p : ev_.written_periods()) {
        const Period period(ev_.plan.period, p);
        const Date last = period.last_day();
        // spec 4.5: direct reports on the last day of the period
        int qualifying = 0, reports = 0;
        std::string who;
        [[maybe_unused]] std::vector<std::string> counted;  // explain: each report, counted or not
        for (const PersonId report : org.direct_reports_on(m, last)) {
          const std::uint32_t x = report.index();
          ++reports;
          const auto quota = org.quota(PersonId(x), period);
          const std::string& id = org.person(PersonId(x)).id;
          if (!quota || quota->is_zero()) {
            ev_.except("missing_quota", OrderIndex::none(),
                       "'" + id + "' (a direct report of '" + org.person(m).id + "') has no quota for " +
                           to_string(period) + ": not counted for component '" + comp_.id + "'",
                       period.first_day());
            if constexpr (Trace::on) counted.push_back(id + ": no quota for " + to_string(period) + ", not counted");
            continue;
          }
          const int128 sales = credited_.at(x, p), of = sales_position(*quota);
          // attainment = sales / quota >= threshold, without dividing
          const bool at_or_above = product_at_least(sales, Rate::scale, of, comp_.attainment.units());
          if (at_or_above) {
            ++qualifying;
            who += (who.empty() ? ": " : ", ") + id + " " + percent_of(sales, of);
          }
          if constexpr (Trace::on)
            counted.push_back(id + ": credited sales " + position_text(sales, ev_.plan.currency.minor_unit) +
                              " of quota " + ev_.money(*quota) + " = " + percent_of(sales, of) +
                              (at_or_above ? ", at or above " : ", below ") +
                              to_percent_string(comp_.attainment));
        }
        std::string note = std::to_string(qualifying) + " of " + std::to_string(reports) +
                           " direct reports at or above " + to_percent_string(comp_.attainment) + who;
        const Line& line =
            ev_.push_period_line(ev_.payee(m), p, index_,
                                 Gross::from_units(checked_mul<int128>(as_gross(comp_.amount).units(), qualifying)),
                                 ev_.note(std::move(note)));
        if constexpr (Trace::on)
          if (trace_.wants(ev_.result, line)) narrate(m, period, counted, qualifying, reports, line);
      }
    }
  }

 private:
  void narrate(PersonId m, Period period, const std::vector<std::string>& counted, int qualifying, int reports,
               const Line& line) {
    LineTrace& x = trace_.record(ev_.result, line);
    x.steps.push_back("direct reports of " + ev_.org.person(m).id + " on " + to_string(period.last_day()) +
                      ", the last day of " + x.period + ": " + std::to_string(reports));
    for (const std::string& c : counted) x.steps.push_back(c);
    x.steps.push_back(std::to_string(qualifying) + " of " + std::to_string(reports) + " at or above " +
                      to_percent_string(comp_.attainment) + ": gross = " + ev_.money(comp_.amount) + " x " +
                      std::to_string(qualifying) + " = " + to_string(line.gross, ev_.plan.currency.minor_unit));
    ev_.narrate_factors(x, ev_.result.factors_of(line), "", line.gross, line);
  }

  Evaluation& ev_;
  const TeamAttainmentBonus& comp_;
  std::uint16_t index_;
  Trace& trace_;
  PeriodSums<int128> credited_;
};

}  // namespace payplan::detail
