// Writing lines.csv (issue 11: at least 500 MB/s): spec 5 order and the
// text of every line, for the flat + marginal-tier plan over 1M and 10M
// orders (2 lines an order). The ledger and the result are built first; the
// text goes to a sink that counts it, so no disk is timed.
//
//   build/bench/bench_write_lines --benchmark_filter='orders:1000000/' --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>
#include <streambuf>

#include "ledger_fixture.hpp"
#include "payplan/io/output.hpp"

namespace {

using namespace payplan;

struct Inputs {
  Result result;
  std::size_t lines = 0;
};

Inputs& inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Inputs>> cache;
  auto& slot = cache[n];
  if (!slot) {
    cache.clear();  // one result in memory at a time
    auto& s = cache[n];
    s = std::make_unique<Inputs>();
    const Ledger ledger = bench::make_ledger(n);
    s->result = evaluate(bench::make_plan(), bench::make_org(), ledger);
    s->lines = s->result.lines.size();
    return *s;
  }
  return *slot;
}

// Counts bytes and line breaks; keeps nothing.
class counting_sink : public std::streambuf {
 public:
  std::size_t bytes = 0, rows = 0;

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    bytes += static_cast<std::size_t>(n);
    rows += static_cast<std::size_t>(std::count(s, s + n, '\n'));
    return n;
  }
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      ++bytes;
      rows += c == '\n';
    }
    return traits_type::not_eof(c);
  }
};

void write_lines_csv(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    counting_sink sink;
    std::ostream out(&sink);
    write_lines(out, in.result, static_cast<unsigned>(state.range(1)));
    state.PauseTiming();
    // the header and one row a line, every time the same size
    if (sink.rows != in.lines + 1) state.SkipWithError("lines.csv has a row count other than lines + 1");
    if (bytes != 0 && sink.bytes != bytes) state.SkipWithError("lines.csv changed size between runs");
    bytes = sink.bytes;
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.lines));
  state.counters["lines"] = static_cast<double>(in.lines);
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(write_lines_csv)
    ->ArgsProduct({{1'000'000, 10'000'000}, {1, 2}})
    ->ArgNames({"orders", "threads"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The spec 5 order alone (one counting sort on the statement of each line).
void sort_lines(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    auto order = in.result.sorted_lines();
    state.PauseTiming();
    if (order.size() != in.lines) state.SkipWithError("sorted_lines lost lines");
    benchmark::DoNotOptimize(order);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.lines));
}
BENCHMARK(sort_lines)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
