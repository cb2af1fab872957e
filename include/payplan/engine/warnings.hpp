#pragma once
// What a run would do that its author probably did not mean (issue 15):
// settings that are valid by the contract but surprising, each named by
// file and line. They never change what is computed; `--strict` (and
// `evaluate(strict=True)` in Python) makes them errors.
//
//   std::vector<warning> warnings(const Plan&, const Org&, RunRange = {});
//
// The loader's own (a rate above 100%) come first, in file order, then:
// a component whose `payees: {role: R}` selects nobody; quotas of another
// period length than the plan's, in a plan that reads quotas (they are never
// used); a run range or `effective` holding no whole period (nothing is
// paid). A period cut by `effective` or the range is an exception of the
// run (`period_not_paid`, spec 4), reported with its rows.

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "payplan/engine/detail/evaluation.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/plan.hpp"
#include "payplan/values/error.hpp"

namespace payplan {

namespace detail {

/// Whether a component reads the payee's quota: attainment tiers (spec 4.1)
/// or an attainment bonus (4.5).
[[nodiscard]] inline bool reads_quota(const Component& c) {
  if (const auto* k = std::get_if<Commission>(&c)) return k->tiers && k->tiers->basis == tier_basis::attainment;
  return std::holds_alternative<TeamAttainmentBonus>(c);
}

}  // namespace detail

/// The surprising settings of a plan run against an org over a range.
[[nodiscard]] inline std::vector<warning> warnings(const Plan& plan, const Org& org, RunRange range = {}) {
  std::vector<warning> found = plan.origin ? plan.origin->warnings() : std::vector<warning>{};
  // a role nobody in the org has: the component pays nobody, without a word
  for (std::uint32_t i = 0; i < plan.components.size(); ++i) {
    const ComponentBase& b = base_of(plan.components[i]);
    if (!b.payees.role) continue;
    const role r = *b.payees.role;
    const auto people = org.people();
    if (std::none_of(people.begin(), people.end(), [&](const Person& p) { return p.role == r; }))
      found.push_back({plan.where({subject::kind::component_payees, i}),
                       "component '" + b.id + "' pays payees with role " + std::string(to_string(r)) +
                           ", and nobody in the org has that role: it pays nobody"});
  }
  // spec 3: a quota is looked up by the plan's period; one of another length is never read
  const bool quotas_read = std::any_of(plan.components.begin(), plan.components.end(),
                                       [](const Component& c) { return detail::reads_quota(c); });
  if (quotas_read) {
    std::size_t unusable = 0;
    std::uint32_t first = 0;
    const auto quotas = org.quotas();
    for (std::uint32_t i = 0; i < quotas.size(); ++i)
      if (quotas[i].period.length() != plan.period && unusable++ == 0) first = i;
    if (unusable != 0) {
      const Quota& q = quotas[first];
      found.push_back({org.where({subject::kind::quota, first}),
                       "quota of " + org.person(q.person).id + " for " + to_string(q.period) + " is for a " +
                           std::string(to_string(q.period.length())) + ", but plan '" + plan.id +
                           "' pays by " + std::string(to_string(plan.period)) + ": it is never used" +
                           (unusable > 1 ? " (" + std::to_string(unusable) + " quotas are of another period length)"
                                         : std::string())});
    }
  }
  // spec 4, 5: only whole periods inside `effective` and the range are paid
  const Date from = std::max(plan.effective.from, range.from.value_or(plan.effective.from));
  const Date to = std::min(plan.effective.to, range.to.value_or(plan.effective.to));
  const auto [first, last] = detail::periods_inside(from, to, plan.period);
  if (to < from || last < first) {
    const bool by_range = range.from || range.to;
    std::string what = by_range ? "the run's range " + to_string(from) + " to " + to_string(to) + " (--from/--to, "
                                                                                                   "within effective)"
                                : "effective " + to_string(plan.effective.from) + " to " + to_string(plan.effective.to);
    found.push_back({by_range ? source_location{"run range"} : plan.where({subject::kind::effective}),
                     what + " holds no whole " + std::string(to_string(plan.period)) +
                         ": no period is paid"});
  }
  return found;
}

}  // namespace payplan
