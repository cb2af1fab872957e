// libFuzzer target: the plan YAML loader (spec 4), parse_plan on the raw
// bytes. A plan that loads is then run as far as it goes against a fixed org
// and a few fixed orders (rules-examples/full-plan, or $PAYPLAN_FUZZ_ORG and
// $PAYPLAN_FUZZ_ORDERS): validate, evaluate, write the outputs to memory.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace {

using namespace payplan;

struct Fixed {
  Org org;
  std::string orders;  // the first rows, with the currency column emptied so any plan currency loads them
};

const Fixed& fixed() {
  static const Fixed f = [] {
    std::string orders = fuzz::first_rows(read_file(fuzz::fixed_input("PAYPLAN_FUZZ_ORDERS", "full-plan/orders.csv")), 60);
    for (std::size_t at; (at = orders.find(",USD,")) != std::string::npos;) orders.replace(at, 5, ",,");
    return Fixed{load_org(fuzz::fixed_input("PAYPLAN_FUZZ_ORG", "full-plan/org.yaml")), orders};
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
    const Plan plan = parse_plan(text, "fuzz-plan.yaml");
    const Ledger ledger = parse_orders(fixed().orders, "fixed-orders.csv", plan.currency);
    const Result result = evaluate(plan, fixed().org, ledger);
    (void)fuzz::written(result);
  });
  return 0;
}
