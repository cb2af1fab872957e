// What-if: two plans over the same ledger with compare() (crediting shared)
// against two separate evaluate() runs, 1M and 10M orders.
//
//   build/bench/bench_compare --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "ledger_fixture.hpp"
#include "payplan/engine/compare.hpp"

namespace {

using namespace payplan;

// Plan B: the same shape with a lower base rate and a new top tier.
Plan proposal() { return bench::make_plan("bench-proposal", "2.5%", "{upto: 300000, rate: 6%}, {rate: 8%}"); }

struct Inputs {
  Plan a = bench::make_plan(), b = proposal();
  Org org = bench::make_org();
  Ledger ledger;
};

Inputs& inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Inputs>> cache;
  auto& slot = cache[n];
  if (!slot) {
    cache.clear();
    auto& s = cache[n];
    s = std::make_unique<Inputs>();
    s->ledger = bench::make_ledger(n);
    return *s;
  }
  return *slot;
}

void compare_two_plans(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Comparison c = compare(in.a, in.b, in.org, in.ledger);
    state.PauseTiming();
    // the check: compare's totals are each plan's own evaluation
    if (c.total_a != evaluate(in.a, in.org, in.ledger).total()) state.SkipWithError("plan A total differs");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(compare_two_plans)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The baseline: what a user would do without compare, two runs.
void two_separate_runs(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    Result a = evaluate(in.a, in.org, in.ledger);
    Result b = evaluate(in.b, in.org, in.ledger);
    auto sa = a.statements();
    auto sb = b.statements();
    benchmark::DoNotOptimize(sa);
    benchmark::DoNotOptimize(sb);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(two_separate_runs)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
