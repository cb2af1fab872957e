// Evaluation speed: a flat + marginal-tier plan over 1M and 10M orders,
// I/O excluded (the ledger is built in memory first).
//
//   build/bench/bench_evaluate --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "ledger_fixture.hpp"

namespace {

using namespace payplan;

struct Inputs {
  Plan plan = bench::make_plan();
  Org org = bench::make_org();
  Ledger ledger;
  Money expected_base;  // sum over orders of round(amount x 3%), computed apart from the engine
};

Inputs& inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Inputs>> cache;
  auto& slot = cache[n];
  if (!slot) {
    cache.clear();  // keep one ledger in memory at a time
    auto& s = cache[n];
    s = std::make_unique<Inputs>();
    s->ledger = bench::make_ledger(n);
    for (Money a : s->ledger.amounts()) {
      // a x 3% in cents: micros x 3 / 100 = hundredths of micros; round half-even to cents
      detail::int128 tenths_of_micro = static_cast<detail::int128>(a.micros()) * 3;  // a x 0.03 in 10^-8 units
      detail::int128 cents = detail::divide_rounded(tenths_of_micro, 1'000'000, rounding::half_even);
      s->expected_base += Money::from_micros(static_cast<std::int64_t>(cents) * 10'000);
    }
    return *s;
  }
  return *slot;
}

void evaluate_plan(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  std::size_t lines = 0;
  for (auto _ : state) {
    Result r = evaluate(in.plan, in.org, in.ledger);
    state.PauseTiming();  // the check is not the engine's time
    lines = r.lines.size();
    Money base;
    for (const Line& l : r.lines)
      if (l.component == 0) base += l.amount;
    if (base != in.expected_base) state.SkipWithError("flat component total differs from the independent sum");
    benchmark::DoNotOptimize(r);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["lines"] = static_cast<double>(lines);
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(evaluate_plan)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same into one Result whose storage is reused (evaluate_into), as a
// what-if loop would: no fresh pages for the lines on every run.
void evaluate_plan_reusing_result(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  Result r;
  evaluate_into(r, in.plan, in.org, in.ledger);  // warm-up: the storage is touched once
  for (auto _ : state) {
    evaluate_into(r, in.plan, in.org, in.ledger);
    state.PauseTiming();
    Money base;
    for (const Line& l : r.lines)
      if (l.component == 0) base += l.amount;
    if (base != in.expected_base) state.SkipWithError("flat component total differs from the independent sum");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["lines"] = static_cast<double>(r.lines.size());
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(evaluate_plan_reusing_result)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
