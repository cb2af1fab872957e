// Small plans, orgs and ledgers written inline, evaluated, and looked up by
// (payee, component, order_id): what the engine tests share.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"

namespace payplan::testing {

struct Evaluated {
  Plan plan;
  Org org;
  Ledger ledger;
  DealCredits credits;  ///< a credits file (spec 3.1), when given
  Result result;

  Evaluated(const std::string& plan_yaml, const std::string& org_yaml, const std::string& orders_csv, RunRange range = {},
            const std::string& credits_csv = {})
      : plan(parse_plan(plan_yaml, "plan.yaml")),
        org(parse_org(org_yaml, "org.yaml")),
        ledger(parse_orders(orders_csv, "orders.csv", plan.currency)),
        credits(credits_csv.empty() ? DealCredits{} : parse_credits(credits_csv, "credits.csv")),
        result(evaluate(plan, org, ledger, credits, range)) {}

  /// The one line for (payee, component, order_id); fails the test if not exactly one.
  [[nodiscard]] const Line& line(const std::string& payee, const std::string& component, const std::string& order) const {
    const Line* found = nullptr;
    int count = 0;
    for (const Line& l : result.lines)
      if (result.payee_of(l) == payee && result.components[l.component] == component && l.order.ok() &&
          ledger.order_id(l.order) == order) {
        found = &l;
        ++count;
      }
    if (count != 1) {
      ADD_FAILURE() << count << " lines for " << payee << "/" << component << "/" << order;
      static const Line none{};
      return none;
    }
    return *found;
  }
  [[nodiscard]] std::string amount(const std::string& payee, const std::string& component, const std::string& order) const {
    return to_string(line(payee, component, order).amount, plan.currency.minor_unit, plan.currency.minor_unit);
  }
  [[nodiscard]] std::string note(const std::string& payee, const std::string& component, const std::string& order) const {
    return std::string(result.note_of(line(payee, component, order)));
  }
  /// The statement amount for (period label, payee, component), or "none".
  [[nodiscard]] std::string statement(const std::string& period, const std::string& payee,
                                      const std::string& component) const {
    for (const Statement& s : result.statements())
      if (to_string(s.period) == period && result.payees[s.payee] == payee && result.components[s.component] == component)
        return to_string(s.amount, plan.currency.minor_unit, plan.currency.minor_unit);
    return "none";
  }
  [[nodiscard]] std::size_t lines_of(const std::string& payee) const {
    std::size_t n = 0;
    for (const Line& l : result.lines) n += result.payee_of(l) == payee;
    return n;
  }
  [[nodiscard]] std::vector<std::string> exception_kinds() const {
    std::vector<std::string> kinds;
    for (const auto& e : result.exceptions) kinds.push_back(e.kind + ":" + e.order_id);
    return kinds;
  }
};

/// A plan header for 2026 by quarter, followed by the given components.
inline std::string plan_with(const std::string& components, const std::string& rounding = "half_even") {
  return "plan: test\ncurrency: USD\nperiod: quarter\nrounding: " + rounding +
         "\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n" + components;
}

/// maria manages raj, lee and the agent acme-partners; each owns one account.
inline const std::string small_org = R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: maria}
  - {id: acme-partners, role: agent, reports_to: maria}
accounts:
  - {id: HOUSE, owners: [{owner: maria, from: 2019-01-01}]}
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: A1, owners: [{owner: acme-partners, from: 2019-01-01}]}
quotas:
  - {person: raj, period: 2026-Q1, amount: 100000}
  - {person: lee, period: 2026-Q1, amount: 80000}
  - {person: acme-partners, period: 2026-Q1, amount: 50000}
)";

/// A plan "team" paying by quarter over 2026, with the given components.
inline std::string team_plan(const std::string& components) {
  return "plan: team\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\ncomponents:\n" + components;
}

/// maria's team: raj and lee. M2 was maria's own account until she handed
/// it to raj on 2026-03-01; M1 stays hers.
inline const std::string growth_org = R"(people:
  - {id: maria, role: manager}
  - {id: raj, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: maria}
accounts:
  - {id: R1, owners: [{owner: raj, from: 2019-01-01}]}
  - {id: L1, owners: [{owner: lee, from: 2019-01-01}]}
  - {id: M1, owners: [{owner: maria, from: 2019-01-01}]}
  - {id: M2, owners: [{owner: maria, from: 2019-01-01}, {owner: raj, from: 2026-03-01}]}
)";

/// f(folder name, plan file name, plan, org, ledger) for every plan of the
/// bundled examples (rules-examples/*/ with an org.yaml and an orders.csv).
template <class F>
std::size_t for_each_example_plan(F&& f) {
  std::size_t plans = 0;
  for (const auto& dir : std::filesystem::directory_iterator(std::filesystem::path(PAYPLAN_SOURCE_DIR) / "rules-examples")) {
    if (!std::filesystem::exists(dir.path() / "orders.csv") || !std::filesystem::exists(dir.path() / "org.yaml")) continue;
    const Org org = load_org(dir.path() / "org.yaml");
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = file.path().filename().string();
      if (file.path().extension() != ".yaml" || name == "org.yaml") continue;
      const Plan plan = load_plan(file.path());
      const Ledger ledger = load_orders(dir.path() / "orders.csv", plan.currency);
      f(dir.path(), name, plan, org, ledger);
      ++plans;
    }
  }
  return plans;
}

inline std::string orders(const std::string& rows) { return "order_id,date,account,amount,closed_by,refund_of,product\n" + rows; }

}  // namespace payplan::testing
