// Evaluation speed: a flat + marginal-tier plan over 1M and 10M orders,
// I/O excluded (the ledger is built in memory first); and the same with
// 30% of the orders split two or three ways (spec 3.1).
//
//   build/bench/bench_evaluate --benchmark_counters_tabular=true

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ledger_fixture.hpp"

namespace {

using namespace payplan;

struct Inputs {
  Plan plan = bench::make_plan();
  Org org = bench::make_org();
  Ledger ledger;
  Money expected_base;  // sum over orders of round(amount x 3%), computed apart from the engine
};

// round(a x w x 3%) in cents, half-even, worked apart from the engine:
// micros x w_units (10^-16) x 3 / 100 is a x w x 3% in 10^-18, so cents are
// that over 10^16. A whole order is w = 100% (w_units = 10^10).
Money base_line(Money a, std::int64_t w_units) {
  const detail::int128 cents = detail::divide_rounded(static_cast<detail::int128>(a.micros()) * w_units * 3,
                                                      detail::pow10_128(16), rounding::half_even);
  return Money::from_micros(static_cast<std::int64_t>(cents) * 10'000);
}

// The flat component's lines must add up to the independent sum (not timed).
void check_base(benchmark::State& state, const Result& r, Money expected) {
  Money base;
  for (const Line& l : r.lines)
    if (l.component == 0) base += l.amount;
  if (base != expected) state.SkipWithError("flat component total differs from the independent sum");
}

Inputs& inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<Inputs>> cache;
  auto& slot = cache[n];
  if (!slot) {
    cache.clear();  // keep one ledger in memory at a time
    auto& s = cache[n];
    s = std::make_unique<Inputs>();
    s->ledger = bench::make_ledger(n);
    for (Money a : s->ledger.amounts()) s->expected_base += base_line(a, Rate::scale);
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
    check_base(state, r, in.expected_base);
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
    check_base(state, r, in.expected_base);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["lines"] = static_cast<double>(r.lines.size());
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(evaluate_plan_reusing_result)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Split credit (spec 3.1, issue 12): the same plan with 30% of the orders
// split by a credits file, half of them two ways (the account's owner 50%,
// the next rep 50%) and half three ways (50% / 30% / 20%): 1.45 credit
// rows an order instead of 1. items/s counts orders, rows/s credit rows;
// a split should cost in proportion to the rows it adds.
struct SplitInputs {
  DealCredits credits;
  std::size_t rows = 0;    // credit rows of the whole ledger
  Money expected_base;     // sum over credit rows of round(a x w_r x 3%), apart from the engine
};

SplitInputs& split_inputs(std::size_t n) {
  static std::map<std::size_t, std::unique_ptr<SplitInputs>> cache;
  auto& slot = cache[n];
  if (slot) return *slot;
  Inputs& in = inputs(n);
  slot = std::make_unique<SplitInputs>();
  std::vector<DealCredit> rows;
  auto amounts = in.ledger.amounts();
  auto accounts = in.ledger.accounts();
  auto add_base = [&](Money a, std::int64_t w_units) { slot->expected_base += base_line(a, w_units); };
  for (std::uint32_t i = 0; i < in.ledger.size(); ++i) {
    const std::string id(in.ledger.order_id(OrderIndex(i)));
    const int owner = std::stoi(std::string(in.ledger.account_name(accounts[i])).substr(3)) % bench::payees;
    const std::uint32_t kind = i % 20;  // 0-2: two ways, 3-5: three ways, else the owner alone
    if (kind >= 6) {
      add_base(amounts[i], Rate::scale);
      ++slot->rows;
      continue;
    }
    const std::vector<std::pair<int, const char*>> split =
        kind < 3 ? std::vector<std::pair<int, const char*>>{{owner, "50%"}, {(owner + 1) % bench::payees, "50%"}}
                 : std::vector<std::pair<int, const char*>>{
                       {owner, "50%"}, {(owner + 1) % bench::payees, "30%"}, {(owner + 2) % bench::payees, "20%"}};
    for (const auto& [p, share] : split) {
      const Rate w = parse_rate(share).value;
      rows.push_back({id, bench::payee_name(p), w, false});
      add_base(amounts[i], w.units());
      ++slot->rows;
    }
  }
  slot->credits = DealCredits(std::move(rows));
  return *slot;
}

// The evaluation proper, over a credit table made once (as a what-if loop
// or compare does): against evaluate_plan, per credit row.
void evaluate_split_plan(benchmark::State& state) {
  Inputs& in = inputs(static_cast<std::size_t>(state.range(0)));
  SplitInputs& split = split_inputs(static_cast<std::size_t>(state.range(0)));
  const Crediting crediting(in.org, in.ledger, &split.credits);
  std::size_t lines = 0;
  for (auto _ : state) {
    Result r = evaluate(in.plan, in.org, in.ledger, crediting);
    state.PauseTiming();
    lines = r.lines.size();
    check_base(state, r, split.expected_base);
    benchmark::DoNotOptimize(r);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(split.rows), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["lines"] = static_cast<double>(lines);
  state.counters["peak_MiB"] = bench::peak_rss_mib();
}
BENCHMARK(evaluate_split_plan)->Arg(1'000'000)->Arg(10'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// Making the credit table: every order to its account's owner (range 0), or
// with the credits file's 750,000 rows resolved against the ledger and the
// org (range 1: each row's order id and person looked up, the sums checked).
void credit_orders(benchmark::State& state) {
  Inputs& in = inputs(1'000'000);
  const DealCredits* deals = state.range(0) ? &split_inputs(1'000'000).credits : nullptr;
  (void)in.ledger.find("");  // the order-id index is built once, by the first lookup
  std::size_t rows = 0;
  for (auto _ : state) {
    Crediting c(in.org, in.ledger, deals);
    rows = c.credits.size();
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 1'000'000);
  state.counters["rows"] = static_cast<double>(rows);
}
BENCHMARK(credit_orders)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
