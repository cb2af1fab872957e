// libFuzzer target: the orders CSV loader (spec 2), parse_orders on the raw
// bytes. A parsed ledger is checked against what spec 2 promises: sorted by
// (date, order_id), every order found again by its id, a resolved refund_of
// pointing at an earlier order.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "payplan/io/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace payplan;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::completes([&] {
    const Ledger ledger = parse_orders(text, "fuzz-orders.csv", Currency{});
    const auto dates = ledger.dates();
    for (std::uint32_t i = 0; i < ledger.size(); ++i) {
      const OrderIndex o(i);
      fuzz::require(ledger.find(ledger.order_id(o)) == o, "an order is found again by its order_id");
      if (i > 0) {
        const OrderIndex prev(i - 1);
        fuzz::require(dates[i - 1] < dates[i] ||
                          (dates[i - 1] == dates[i] && ledger.order_id(prev) < ledger.order_id(o)),
                      "the ledger is sorted by (date, order_id), ids unique");
      }
      if (const OrderIndex r = ledger.refund_of(OrderIndex(i)); r.ok())
        fuzz::require(r.index() < i, "a resolved refund_of names an earlier order");
      fuzz::require(ledger.accounts()[i] < ledger.account_count(), "account index in range");
    }
  });
  return 0;
}
