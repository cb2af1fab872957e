// CSV loading speed: the same generated ledger as text, parsed, interned and
// sorted into columns (the file is read into memory first).
//
//   build/bench/bench_load_orders --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include "ledger_fixture.hpp"

namespace {

using namespace payplan;

void load_orders_csv(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::string csv = bench::make_csv(n);
  for (auto _ : state) {
    Ledger l = parse_orders(csv, "generated.csv", Currency{});
    if (l.size() != n) state.SkipWithError("row count differs");
    benchmark::DoNotOptimize(l);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(load_orders_csv)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
