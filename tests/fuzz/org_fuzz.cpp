// libFuzzer target: the org YAML loader (spec 3), parse_org on the raw bytes.
// An org that loads is then run against a fixed plan and a few fixed orders
// (rules-examples/full-plan, or $PAYPLAN_FUZZ_PLAN and $PAYPLAN_FUZZ_ORDERS):
// validate, evaluate, write the outputs to memory.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_support.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace {

using namespace payplan;

struct Fixed {
  Plan plan;
  Ledger ledger;
};

const Fixed& fixed() {
  static const Fixed f = [] {
    Plan plan = load_plan(fuzz::fixed_input("PAYPLAN_FUZZ_PLAN", "full-plan/plan.yaml"));
    std::string orders = fuzz::first_rows(read_file(fuzz::fixed_input("PAYPLAN_FUZZ_ORDERS", "full-plan/orders.csv")), 60);
    Ledger ledger = parse_orders(orders, "fixed-orders.csv", plan.currency);
    return Fixed{std::move(plan), std::move(ledger)};
  }();
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixed();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::completes([&] {
    const Org org = parse_org(text, "fuzz-org.yaml");
    const Result result = evaluate(fixed().plan, org, fixed().ledger);
    (void)fuzz::written(result);
  });
  return 0;
}
