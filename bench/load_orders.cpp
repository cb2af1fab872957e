// CSV loading speed: the same generated ledger as text, parsed, its ids
// checked unique and sorted into columns (the text is in memory first), on
// 1 and 2 threads (issue 11: >= 300 MB/s on one, >= 1.6x that on two).
//
//   build/bench/bench_load_orders --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include "ledger_fixture.hpp"

namespace {

using namespace payplan;

void load_orders_csv(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const auto threads = static_cast<unsigned>(state.range(1));
  const std::string csv = bench::make_csv(n);
  for (auto _ : state) {
    Ledger l = parse_orders(csv, "generated.csv", Currency{}, threads);
    if (l.size() != n) state.SkipWithError("row count differs");
    benchmark::DoNotOptimize(l);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(load_orders_csv)->ArgsProduct({{1'000'000, 10'000'000}, {1, 2}})->ArgNames({"orders", "threads"})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
