#pragma once
// What the component types and the plan build on (spec 4): payees, tier
// tables, the keys every component has, and the plan-level fields.
//
//   struct PayeeSelector;   // payees: {role: ROLE} or [id, ...]
//   struct TierTable;       // basis, method, tiers
//   struct ComponentBase;   // id, payees, products; the base of every component type
//   struct PlanSettings;    // id, currency, period, rounding, effective, transfer_terms
//
// The component types are each in their own header (components/commission.hpp, ...),
// listed in components/registry.hpp; model/plan.hpp has the whole Plan.

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <tuple>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/model/component_keys.hpp"
#include "payplan/values/currency.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/money.hpp"
#include "payplan/model/org.hpp"
#include "payplan/values/rate.hpp"
#include "payplan/values/rounding.hpp"
#include "payplan/model/transfer_terms.hpp"

namespace payplan {

struct Plan;  // model/plan.hpp: PlanSettings and the components

/// spec 4: `payees: {role: ROLE}` or `payees: [id, ...]`.
struct PayeeSelector {
  std::optional<payplan::role> role;
  std::vector<std::string> ids;
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
};

struct TierTable {
  tier_basis basis = tier_basis::sales;
  tier_method method = tier_method::marginal;
  std::vector<Tier> tiers;
};

/// What every component has (spec 4).
struct ComponentBase {
  std::string id;
  PayeeSelector payees;
  std::vector<std::string> products;  ///< empty: all orders

  // The keys every type has: id, type, payees (unless has_payees is false),
  // products; then the type's own `keys()`, in the order of the "expected
  // one of" message. `check(c, at)`: what no single key can say, after all
  // are read; `at` (model/component_keys.hpp) gives the places it names.
  static constexpr bool has_payees = true;
  static void check(const ComponentBase&, const locator&) {}
};

struct EffectiveRange {
  Date from;
  Date to;
};

/// The plan-level fields (spec 4): what a pricer reads of its plan
/// (detail::Evaluation::plan). Plan (model/plan.hpp) adds the components.
struct PlanSettings {
  std::string id;
  payplan::Currency currency;
  period_length period = period_length::quarter;
  payplan::rounding rounding = rounding::half_even;
  EffectiveRange effective;
  std::vector<TransferTerms> transfer_terms;  ///< spec 4.2, by name
  /// Where the plan's parts came from: set by its loader (src/io/load_plan.cpp),
  /// none for a plan built in code. The model holds no places (issue 10).
  std::shared_ptr<const payplan::origin> origin;

  /// The place of a subject of this plan (`{subject::kind::effective}`,
  /// `{subject::kind::component_payees, i}`, ...), for a message; unknown
  /// (described "<input>") for a plan built in code.
  [[nodiscard]] source_location where(const subject& s) const { return locate(origin, s); }

  /// One look-up by scanning; for one per order, build a TransferTermsIndex.
  [[nodiscard]] const TransferTerms* find_terms(std::string_view name) const noexcept {
    for (const auto& t : transfer_terms)
      if (t.name == name) return &t;
    return nullptr;
  }
};

}  // namespace payplan
