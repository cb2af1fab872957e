// Builds a ledger in code, loads a plan and an org from text, evaluates.
#include <payplan/io/load.hpp>
#include <payplan/payplan.hpp>

#include <iostream>
#include <sstream>

int main() {
  auto plan = payplan::parse_plan(
      "plan: p\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
      "components: [{id: base, type: commission, payees: {role: rep}, rate: 5%}]\n",
      "plan.yaml");
  auto org = payplan::parse_org(
      "people: [{id: raj, role: rep}]\naccounts: [{id: ACME, owners: [{owner: raj, from: 2020-01-01}]}]\n", "org.yaml");
  payplan::LedgerBuilder b;
  // an order by its fields' names (the rest are empty: no closed_by, refund_of or product)
  b.add({.order_id = "O1",
         .date = *payplan::parse_date("2026-02-01"),
         .account = "ACME",
         .amount = payplan::parse_money("1234.50").value});
  auto ledger = b.finish();
  auto result = payplan::evaluate(plan, org, ledger);
  // 1234.50 x 5% = 61.725 -> half-even 61.72
  std::string total = payplan::to_string(result.total(), 2, 2);
  std::cout << total << '\n';
  // per payee, and a Money streamed as it is
  std::ostringstream raj;
  raj << result.payee_totals().at("raj");
  return total == "61.72" && raj.str() == "61.72" ? 0 : 1;
}
