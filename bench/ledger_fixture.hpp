// A generated ledger for the benchmarks: 10k accounts, 500 payees, two years
// of orders, built once from a fixed seed. The plan is flat + marginal tiers.
#pragma once

#include <sys/resource.h>

#include <cstdio>
#include <random>
#include <string>

#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"

namespace payplan::bench {

constexpr int payees = 500;
constexpr int accounts = 10'000;

inline std::string account_name(int a) { return "ACC" + std::to_string(a); }
inline std::string payee_name(int p) { return "rep" + std::to_string(p); }

inline Org make_org() {
  std::string yaml = "people:\n  - {id: boss, role: manager}\n";
  for (int p = 0; p < payees; ++p) yaml += "  - {id: " + payee_name(p) + ", role: rep, reports_to: boss}\n";
  yaml += "accounts:\n";
  for (int a = 0; a < accounts; ++a)
    yaml += "  - {id: " + account_name(a) + ", owners: [{owner: " + payee_name(a % payees) + ", from: 2020-01-01}]}\n";
  return parse_org(yaml, "bench-org.yaml");
}

/// The benchmark plan: a flat base rate plus marginal tiers on sales.
/// `top_tiers` replaces the last tier ({rate: 6%}) to model a plan change.
inline Plan make_plan(const std::string& id = "bench", const std::string& base_rate = "3%",
                      const std::string& top_tiers = "{rate: 6%}") {
  return parse_plan("plan: " + id + R"(
currency: USD
period: quarter
effective: {from: 2025-01-01, to: 2026-12-31}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: )" + base_rate + R"(}
  - id: accel
    type: commission
    payees: {role: rep}
    tiers:
      basis: sales
      method: marginal
      table: [{upto: 100000, rate: 2%}, {upto: 200000, rate: 4%}, )" + top_tiers + R"(]
)",
                    id + ".yaml");
}

/// Calls row(order_id, date, account, amount_text) for n orders over
/// 2025-2026 in date order, amounts 10.00 to 5000.00, 1% returns.
template <class F>
void generate_orders(std::size_t n, F&& row) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> account(0, accounts - 1);
  std::uniform_int_distribution<long> cents(1'000, 500'000);
  const int first = parse_date("2025-01-01")->days(), days = 730;
  char id[24], amount[24];
  for (std::size_t i = 0; i < n; ++i) {
    std::snprintf(id, sizeof id, "SO%09zu", i);
    long c = cents(rng);
    if (rng() % 100 == 0) c = -c / 4;  // a credit note
    std::snprintf(amount, sizeof amount, "%s%ld.%02ld", c < 0 ? "-" : "", std::labs(c) / 100, std::labs(c) % 100);
    row(id, Date::from_days(first + static_cast<int>(i * days / n)), account_name(account(rng)), amount);
  }
}

inline Ledger make_ledger(std::size_t n) {
  LedgerBuilder b;
  b.reserve(n, n * 12);
  generate_orders(n, [&](const char* id, Date d, const std::string& acct, const char* amount) {
    b.add({id, d, acct, parse_money(amount).value, "", "", ""});
  });
  return b.finish();
}

inline std::string make_csv(std::size_t n) {
  std::string csv = "order_id,date,account,amount,currency,closed_by,refund_of,product\n";
  csv.reserve(n * 48);
  generate_orders(n, [&](const char* id, Date d, const std::string& acct, const char* amount) {
    csv += id;
    csv += ',';
    csv += to_string(d);
    csv += ',';
    csv += acct;
    csv += ',';
    csv += amount;
    csv += ",USD,,,\n";
  });
  return csv;
}

/// Peak resident memory of this process so far, in MiB.
inline double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace payplan::bench
