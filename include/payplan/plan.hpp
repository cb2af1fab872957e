#pragma once
// The plan model (spec 4): header, components, tiers.
//
//   struct PayeeSelector;   // payees: {role: ROLE} or [id, ...]
//   struct TierTable;       // basis, method, tiers
//   struct Commission;      // spec 4.1
//   struct Override, TeamGrowth, TeamAttainmentBonus, Contest, Rebate;  // spec 4.3-4.7
//   using Component = std::variant<Commission, Override, ...>;   // the registry of types
//   std::string_view type_name(const Component&);
//   bool any_component_type(f);   // f(std::type_identity<T>) for each type, in order
//   struct Plan;
//
// Each component type names itself (`type_name`, the YAML `type:`) and its
// pricer (`run`, a detail::*Run class in the type's own header, run by
// engine.hpp). `Component` lists the types once; the YAML reader
// (src/load_plan.cpp) and the dict writer (bindings/python) are overloads
// chosen by type from that list. docs/architecture.md: adding a type.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <tuple>
#include <variant>
#include <vector>

#include "payplan/calendar.hpp"
#include "payplan/component_keys.hpp"
#include "payplan/currency.hpp"
#include "payplan/error.hpp"
#include "payplan/money.hpp"
#include "payplan/org.hpp"
#include "payplan/rate.hpp"
#include "payplan/rounding.hpp"
#include "payplan/transfer_terms.hpp"

namespace payplan {

namespace detail {
// The pricers, one per component type, each in the type's own header.
class CommissionRun;
class OverrideRun;
class TeamGrowthRun;
class TeamBonusRun;
class ContestRun;
class RebateRun;
}  // namespace detail

/// spec 4: `payees: {role: ROLE}` or `payees: [id, ...]`.
struct PayeeSelector {
  std::optional<payplan::role> role;
  std::vector<std::string> ids;
  source_location where;
};

enum class tier_basis : std::uint8_t { attainment, sales };
enum class tier_method : std::uint8_t { marginal, retroactive };

// The YAML words of each enum, in the order the "expected ..." message names them.
constexpr auto names_of(tier_basis) {
  return std::array{std::pair{std::string_view("attainment"), tier_basis::attainment}, std::pair{std::string_view("sales"), tier_basis::sales}};
}
constexpr auto names_of(tier_method) {
  return std::array{std::pair{std::string_view("marginal"), tier_method::marginal}, std::pair{std::string_view("retroactive"), tier_method::retroactive}};
}

/// One row of a tier table: covers (previous upto, upto]; the last has no upto.
struct Tier {
  bool bounded = false;
  Money upto_sales;       ///< basis sales
  Percent upto_percent;   ///< basis attainment: % of quota (100% = 1); team_growth tiers: % growth
  Rate rate;
  source_location where;
};

struct TierTable {
  tier_basis basis = tier_basis::sales;
  tier_method method = tier_method::marginal;
  std::vector<Tier> tiers;
  source_location where;
};

/// What every component has (spec 4).
struct ComponentBase {
  std::string id;
  PayeeSelector payees;
  std::vector<std::string> products;  ///< empty: all orders
  source_location where;

  // The keys every type has: id, type, payees (unless has_payees is false),
  // products; then the type's own `keys()`, in the order of the "expected
  // one of" message. `check(c)`: what no single key can say, after all are read.
  static constexpr bool has_payees = true;
  static void check(const ComponentBase&) {}
};

/// spec 4.1: pay on the payee's own credited orders, flat or tiered, capped.
struct Commission : ComponentBase {
  static constexpr std::string_view type_name = "commission";
  using run = detail::CommissionRun;  ///< its pricer, in commission.hpp
  std::optional<Rate> rate;
  std::optional<TierTable> tiers;
  std::optional<Money> cap;

  static constexpr auto keys() {
    return std::tuple(key("rate", &Commission::rate).not_negative("a rate cannot be negative"),
                      key("tiers", &Commission::tiers),
                      key("cap", &Commission::cap).not_negative("a cap cannot be negative"));
  }
  static void check(const Commission& c) {
    if (c.rate && c.tiers) throw input_error(node_at(c.tiers->where), "component '" + c.id + "' has both rate and tiers; give one");
    if (!c.rate && !c.tiers) throw input_error(c.where, "commission component '" + c.id + "' needs 'rate' or 'tiers'");
  }
};

/// spec 4.3: a manager paid on the team's credited sales, by level.
struct Override : ComponentBase {
  static constexpr std::string_view type_name = "override";
  using run = detail::OverrideRun;  ///< its pricer, in override.hpp
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

enum class baseline_kind : std::uint8_t { previous_year, previous_period };
constexpr auto names_of(baseline_kind) {
  return std::array{std::pair{std::string_view("previous_year"), baseline_kind::previous_year},
                    std::pair{std::string_view("previous_period"), baseline_kind::previous_period}};
}

/// spec 4.4: like-for-like growth of the accounts the team owns.
struct TeamGrowth : ComponentBase {
  static constexpr std::string_view type_name = "team_growth";
  using run = detail::TeamGrowthRun;  ///< its pricer, in team.hpp
  baseline_kind baseline = baseline_kind::previous_year;
  Percent hurdle;                 ///< minimum growth %
  std::optional<Rate> rate;       ///< of the growth amount; or
  std::optional<TierTable> tiers; ///< upto in growth % (Tier::upto_percent)
  bool include_own = false;

  static constexpr auto keys() {
    return std::tuple(key("baseline", &TeamGrowth::baseline), key("hurdle", &TeamGrowth::hurdle),
                      key("rate", &TeamGrowth::rate).not_negative("rate cannot be negative"),
                      key("tiers", &TeamGrowth::tiers).on(tiers_on::growth),
                      key("include_own", &TeamGrowth::include_own));
  }
  static void check(const TeamGrowth& c) {
    if (c.rate && c.tiers) throw input_error(node_at(c.tiers->where), "component '" + c.id + "' has both rate and tiers; give one");
    if (!c.rate && !c.tiers) throw input_error(c.where, "team_growth component '" + c.id + "' needs 'rate' or 'tiers'");
  }
};

/// spec 4.5: a manager paid per direct report at or above an attainment.
struct TeamAttainmentBonus : ComponentBase {
  static constexpr std::string_view type_name = "team_attainment_bonus";
  using run = detail::TeamBonusRun;  ///< its pricer, in team.hpp
  Percent attainment = Rate::one();  ///< of a report's quota
  Money amount;

  static constexpr auto keys() {
    return std::tuple(
        key("attainment", &TeamAttainmentBonus::attainment).required().not_negative("attainment cannot be negative"),
        key("amount", &TeamAttainmentBonus::amount).required().not_negative("a bonus amount cannot be negative"));
  }
};

enum class contest_metric : std::uint8_t { sales, new_accounts };
constexpr auto names_of(contest_metric) {
  return std::array{std::pair{std::string_view("sales"), contest_metric::sales}, std::pair{std::string_view("new_accounts"), contest_metric::new_accounts}};
}

/// spec 4.6: prizes by rank over a window.
struct Contest : ComponentBase {
  static constexpr std::string_view type_name = "contest";
  using run = detail::ContestRun;  ///< its pricer, in contest.hpp
  Date from, to;
  contest_metric metric = contest_metric::sales;
  std::vector<Money> prizes;
  source_location window_where;

  static constexpr auto keys() {
    return std::tuple(group("window", &Contest::window_where, key("from", &Contest::from).required(),
                            key("to", &Contest::to).required()),
                      key("metric", &Contest::metric),
                      key("prizes", &Contest::prizes)
                          .required()
                          .each("a prize")
                          .not_negative("a prize cannot be negative")
                          .non_empty("prizes is an empty list"));
  }
  static void check(const Contest& c) {
    if (c.to < c.from) throw input_error(node_at(c.window_where), "the contest window ends before it starts");
  }
};

/// spec 4.7: a customer volume rebate; the payee is the account.
struct Rebate : ComponentBase {
  static constexpr std::string_view type_name = "rebate";
  using run = detail::RebateRun;  ///< its pricer, in rebate.hpp
  TierTable tiers;
  std::vector<std::string> accounts;  ///< empty: every account

  static constexpr bool has_payees = false;  // spec 4.7: the payee is the account
  static constexpr auto keys() {
    return std::tuple(key("accounts", &Rebate::accounts).each("an account id"),
                      key("tiers", &Rebate::tiers).required("rebate").on(tiers_on::sales));
  }
};

/// The registry of component types: each listed once, in the order the
/// "unknown component type" message names them. A type here needs its
/// reader (src/load_plan.cpp) and dict writer (bindings) or the build fails.
using Component = std::variant<Commission, Override, TeamGrowth, TeamAttainmentBonus, Contest, Rebate>;

/// The contract's name of a component's type.
[[nodiscard]] inline std::string_view type_name(const Component& c) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::type_name; }, c);
}

/// Calls `f(std::type_identity<T>{})` for each component type T, in
/// registry order, until one returns true; true if one did.
template <class F>
constexpr bool any_component_type(F&& f) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (f(std::type_identity<std::variant_alternative_t<I, Component>>{}) || ...);
  }(std::make_index_sequence<std::variant_size_v<Component>>{});
}

[[nodiscard]] inline const ComponentBase& base_of(const Component& c) {
  return std::visit([](const auto& x) -> const ComponentBase& { return x; }, c);
}

struct EffectiveRange {
  Date from;
  Date to;
  source_location where;  ///< the `effective` key, for the warning on a period it covers only in part
};

struct Plan {
  std::string id;
  payplan::Currency currency;
  period_length period = period_length::quarter;
  payplan::rounding rounding = rounding::half_even;
  EffectiveRange effective;
  std::vector<Component> components;
  std::vector<TransferTerms> transfer_terms;  ///< spec 4.2, by name
  std::string source;  ///< the file it came from, for messages

  /// One look-up by scanning; for one per order, build a TransferTermsIndex.
  [[nodiscard]] const TransferTerms* find_terms(std::string_view name) const noexcept {
    for (const auto& t : transfer_terms)
      if (t.name == name) return &t;
    return nullptr;
  }
};

}  // namespace payplan
