// The presentation target: a comparison of two plans, summarised as summary.csv.
#include <payplan/io/load.hpp>
#include <payplan/payplan.hpp>
#include <payplan/report/report.hpp>

#include <iostream>
#include <sstream>

int main() {
  const std::string head = "effective: {from: 2026-01-01, to: 2026-12-31}\ncomponents: [{id: base, type: commission, ";
  auto a = payplan::parse_plan("plan: a\n" + head + "payees: {role: rep}, rate: 5%}]\n", "a.yaml");
  auto b = payplan::parse_plan("plan: b\n" + head + "payees: {role: rep}, rate: 6%}]\n", "b.yaml");
  auto org = payplan::parse_org(
      "people: [{id: raj, role: rep}]\naccounts: [{id: ACME, owners: [{owner: raj, from: 2020-01-01}]}]\n", "org.yaml");
  payplan::LedgerBuilder builder;
  builder.add({"O1", *payplan::parse_date("2026-02-01"), "ACME", payplan::parse_money("1000").value, "", "", ""});
  auto ledger = builder.finish();
  std::ostringstream summary;
  payplan::write_comparison_summary(summary, payplan::compare(a, b, org, ledger));
  std::cout << summary.str();
  // 1000 x 5% = 50.00 under a, 1000 x 6% = 60.00 under b: +10.00
  return summary.str().find("total,cost,50.00,60.00,10.00\n") != std::string::npos ? 0 : 1;
}
