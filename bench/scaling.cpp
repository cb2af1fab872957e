// Inputs that used to take minutes (issue 9), each at a few sizes so the
// growth shows: a deep dated reporting chain (the cycle check), the manager
// quota roll-up, a plan with many transfer terms (duplicate-key check and
// the lookup per order) and a rebate's long `accounts:` filter.
//
//   build/bench/bench_scaling --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Every input is built once from fixed numbers (no clock, no unseeded
// randomness); each benchmark checks its answer against a figure worked out
// apart from the code under test.

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"

namespace {

using namespace payplan;

const Date change_day0 = *parse_date("2020-01-01");

// --- 1. the cycle check over a deep dated reporting chain -----------------
//
// p0 is the top; p_i reports to p_{i-1} from the start, and from day
// 2020-01-01 + (i mod n/10) moves under p_{i-2}: n people, n - 2 changes
// on n/10 distinct dates, a chain n deep before the first change.
struct ChainEntry {
  std::uint32_t person, manager;
  Date from;
};

std::vector<ChainEntry> chain_entries(std::uint32_t n) {
  std::vector<ChainEntry> out;
  const std::uint32_t dates = std::max<std::uint32_t>(1, n / 10);
  for (std::uint32_t i = 1; i < n; ++i) {
    out.push_back({i, i - 1, from_the_start});
    if (i >= 2) out.push_back({i, i - 2, change_day0 + Span{static_cast<int>(1 + i % dates), span_unit::days}});
  }
  return out;
}

std::string person_name(std::uint32_t i) { return "p" + std::to_string(i); }

void org_cycle_check(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const auto entries = chain_entries(n);
  std::vector<std::string> names(n);
  for (std::uint32_t i = 0; i < n; ++i) names[i] = person_name(i);
  for (auto _ : state) {
    OrgBuilder b;
    for (std::uint32_t i = 0; i < n; ++i) b.add_person({names[i], names[i], role::manager});
    for (const auto& e : entries) b.add_reports_to(names[e.person], names[e.manager], e.from);
    Org org = b.finish();
    state.PauseTiming();
    // the last person reports to p_{n-2} once its change is in force, to p_{n-1} before
    const PersonId last = org.find_person(names[n - 1]);
    if (org.manager_on(last, *parse_date("2019-12-31")) != org.find_person(names[n - 2]) ||
        org.manager_on(last, *parse_date("2099-01-01")) != org.find_person(names[n - 3])) {
      state.SkipWithError("reporting line of the last person is wrong");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(entries.size()));
}
BENCHMARK(org_cycle_check)->Arg(1'000)->Arg(2'000)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- 2. the manager quota roll-up -----------------------------------------
//
// m managers in a chain (m_0 the top), each with 10 reps. Rep r of manager j
// has quota 1000 + 100 x (r mod 7) in each quarter of 2026; from 2026-07-01
// the even reps of manager j move to manager (j + 1) mod m. A manager's
// roll-up is every rep under it: those of managers j..m-1 on the last day.
struct QuotaInputs {
  Org org;
  std::vector<PersonId> managers;
  std::vector<Period> periods;
  Money expected;  // the sum of every manager's roll-up over the four quarters
};

std::unique_ptr<QuotaInputs> make_quota_inputs(std::uint32_t m) {
  auto in = std::make_unique<QuotaInputs>();
  OrgBuilder b;
  auto mgr = [](std::uint32_t j) { return "m" + std::to_string(j); };
  auto rep = [](std::uint32_t j, std::uint32_t r) { return "r" + std::to_string(j) + "_" + std::to_string(r); };
  for (std::uint32_t j = 0; j < m; ++j) {
    b.add_person({mgr(j), mgr(j), role::manager});
    for (std::uint32_t r = 0; r < 10; ++r) b.add_person({rep(j, r), rep(j, r), role::rep});
  }
  const Date moved = *parse_date("2026-07-01");
  for (const char* label : {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}) in->periods.push_back(*parse_period(label));
  detail::int128 expected = 0;
  for (std::uint32_t j = 0; j < m; ++j) {
    if (j > 0) b.add_reports_to(mgr(j), mgr(j - 1), from_the_start);
    for (std::uint32_t r = 0; r < 10; ++r) {
      b.add_reports_to(rep(j, r), mgr(j), from_the_start);
      const bool moves = r % 2 == 0;
      if (moves) b.add_reports_to(rep(j, r), mgr((j + 1) % m), moved);
      const Money q = Money(1000 + 100 * static_cast<int>(r % 7));
      for (const Period& p : in->periods) {
        b.add_quota(rep(j, r), p, q);
        // under manager k on the last day: counted by managers 0..k, that is k + 1 of them
        const std::uint32_t k = moves && p.last_day() >= moved ? (j + 1) % m : j;
        expected += static_cast<detail::int128>(q.micros()) * (k + 1);
      }
    }
  }
  in->org = b.finish();
  for (std::uint32_t j = 0; j < m; ++j) in->managers.push_back(in->org.find_person(mgr(j)));
  in->expected = Money::from_micros(static_cast<std::int64_t>(expected));
  return in;
}

void quota_rollup(benchmark::State& state) {
  const auto in = make_quota_inputs(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    const Org org = in->org;  // a fresh copy: nothing computed by an earlier iteration
    Money total;
    for (const Period& p : in->periods)
      for (PersonId mgr : in->managers) total += org.quota(mgr, p).value_or(Money{});
    state.PauseTiming();
    if (total != in->expected) {
      state.SkipWithError("roll-up total differs from the independent sum");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0) * 4);
}
BENCHMARK(quota_rollup)->Arg(100)->Arg(200)->Arg(1'500)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- 3. a plan YAML with many transfer terms ------------------------------

std::string terms_name(std::uint32_t k) { return "t" + std::to_string(k); }

/// A flat 3% commission for reps and n transfer terms t0..t{n-1}, each with
/// a delay of (k mod 3) days.
std::string plan_with_terms(std::uint32_t n) {
  std::string yaml = R"(plan: terms
currency: USD
period: quarter
effective: {from: 2025-01-01, to: 2026-12-31}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: 3%}
transfer_terms:
)";
  for (std::uint32_t k = 0; k < n; ++k)
    yaml += "  " + terms_name(k) + ": {delay: " + std::to_string(k % 3) + " days}\n";
  return yaml;
}

void plan_transfer_terms_yaml(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  const std::string yaml = plan_with_terms(n);
  for (auto _ : state) {
    Plan plan = parse_plan(yaml, "terms.yaml");
    state.PauseTiming();
    if (plan.transfer_terms.size() != n || plan.transfer_terms.back().name != terms_name(n - 1) ||
        plan.transfer_terms.back().delay->count != static_cast<int>((n - 1) % 3)) {
      state.SkipWithError("transfer terms read wrong");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(plan_transfer_terms_yaml)->Arg(10'000)->Arg(30'000)->Arg(100'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- 4 and 5. evaluations: terms found per order, a rebate's accounts ------

/// n orders over 2025-2026 in date order on `accounts` accounts ACC0..,
/// amounts 10.00 to 5000.00, from a fixed seed.
Ledger make_ledger(std::size_t n, std::uint32_t accounts) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::uint32_t> account(0, accounts - 1);
  std::uniform_int_distribution<std::int64_t> cents(1'000, 500'000);
  const int first = parse_date("2025-01-01")->days();
  LedgerBuilder b;
  b.reserve(n, n * 12);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string id = "SO" + std::to_string(i), acct = "ACC" + std::to_string(account(rng));
    b.add({id, Date::from_days(first + static_cast<int>(i * 730 / n)), acct, Money::from_micros(cents(rng) * 10'000), "", "", ""});
  }
  return b.finish();
}

/// An org of 100 reps owning `accounts` accounts: account a belongs to rep
/// a mod 100 from 2020, and when `terms` > 0 is transferred on 2024-12-01
/// to rep (a + 1) mod 100 under terms t{a mod terms}.
Org make_org(std::uint32_t accounts, std::uint32_t terms) {
  OrgBuilder b;
  for (int r = 0; r < 100; ++r) b.add_person({"rep" + std::to_string(r), "", role::rep});
  for (std::uint32_t a = 0; a < accounts; ++a) {
    const std::string id = "ACC" + std::to_string(a);
    b.add_account(id);
    b.add_owner(id, "rep" + std::to_string(a % 100), *parse_date("2020-01-01"), "");
    if (terms > 0)
      b.add_owner(id, "rep" + std::to_string((a + 1) % 100), *parse_date("2024-12-01"), terms_name(a % terms));
  }
  return b.finish();
}

/// sum over orders of round_half_even(amount x 3%) to cents
Money flat_three_percent(const Ledger& ledger) {
  Money sum;
  for (Money a : ledger.amounts()) {
    const detail::int128 cents = detail::divide_rounded(static_cast<detail::int128>(a.micros()) * 3, 1'000'000,
                                                        rounding::half_even);
    sum += Money::from_micros(static_cast<std::int64_t>(cents) * 10'000);
  }
  return sum;
}

// 10k terms, one per account; orders from 2025-01-01 are a month
// after every transfer, past every delay (0 to 2 days): all paid in full.
void evaluate_with_transfer_terms(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  constexpr std::uint32_t terms = 10'000;
  const Plan plan = parse_plan(plan_with_terms(terms), "terms.yaml");
  const Org org = make_org(10'000, terms);
  const Ledger ledger = make_ledger(n, 10'000);
  const Money expected = flat_three_percent(ledger);
  for (auto _ : state) {
    Result r = evaluate(plan, org, ledger);
    state.PauseTiming();
    Money total;
    for (const Line& l : r.lines) total += l.amount;
    if (total != expected) {
      state.SkipWithError("commission total differs from the independent sum");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(evaluate_with_transfer_terms)->Arg(20'000)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// A rebate at a flat 1% restricted to 20k account ids ACC0, ACC2, ...,
// ACC39998, over n orders on 100k accounts: only the even accounts below
// 40000 are paid.
void rebate_account_filter(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  constexpr std::uint32_t accounts = 100'000;
  std::string yaml = R"(plan: rebate
currency: USD
period: quarter
effective: {from: 2025-01-01, to: 2026-12-31}
components:
  - id: rebate
    type: rebate
    tiers: {basis: sales, method: retroactive, table: [{rate: 1%}]}
    accounts: [)";
  for (std::uint32_t k = 0; k < 20'000; ++k) yaml += (k ? ", ACC" : "ACC") + std::to_string(2 * k);
  yaml += "]\n";
  const Plan plan = parse_plan(yaml, "rebate.yaml");
  const Org org = make_org(accounts, 0);
  const Ledger ledger = make_ledger(n, accounts);
  // the filtered accounts' sales, summed apart from the engine (every line
  // is 1% of a total of whole cents, rounded once: checked on the sum of sales)
  Money filtered_sales;
  for (std::uint32_t i = 0; i < ledger.size(); ++i) {
    const auto a = std::stoul(std::string(ledger.account_name(ledger.accounts()[i]).substr(3)));
    if (a % 2 == 0 && a < 40'000) filtered_sales += ledger.amounts()[i];
  }
  for (auto _ : state) {
    Result r = evaluate(plan, org, ledger);
    state.PauseTiming();
    Money paid;
    for (const Line& l : r.lines) paid += l.amount;
    // each line rounds 1% of its total to a cent: within half a cent of 1% per line
    const detail::int128 diff = static_cast<detail::int128>(paid.micros()) * 100 - filtered_sales.micros();
    if (diff > static_cast<detail::int128>(r.lines.size()) * 500'000 ||
        diff < -static_cast<detail::int128>(r.lines.size()) * 500'000) {
      state.SkipWithError("rebate total is not 1% of the filtered accounts' sales");
      break;
    }
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(rebate_account_filter)->Arg(20'000)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
