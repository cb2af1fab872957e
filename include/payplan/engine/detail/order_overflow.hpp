#pragma once
// spec 1: "Arithmetic that would overflow is an error naming the input": an
// overflow while one order is evaluated names its row and id, the component
// (if any) and the step, in what() and as overflow_error's fields.
//
//   void detail::at_order(const Ledger&, std::uint32_t order, const std::string* component,
//                         std::string_view step, F&& f);

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "payplan/values/error.hpp"
#include "payplan/model/ledger.hpp"

namespace payplan::detail {

/// Runs f; an overflow in it is rethrown as "SOURCE: row N, order 'ID'[,
/// component 'C'][: STEP]: <what it said>", with the same as fields
/// (`component` null: none).
template <class F>
void at_order(const Ledger& ledger, std::uint32_t i, const std::string* component, std::string_view step, F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const overflow_error& e) {
    overflow_context where = e.context();
    where.source = ledger.source();
    where.row = ledger.source_row(OrderIndex(i));
    where.order_id = std::string(ledger.order_id(OrderIndex(i)));
    if (component != nullptr) where.component = *component;
    std::string what = where.source + ": row " + std::to_string(where.row) + ", order '" + where.order_id + "'";
    if (component != nullptr) what += ", component '" + *component + "'";
    if (!step.empty()) what += ": " + std::string(step);
    throw overflow_error(what + ": " + e.what(), std::move(where));
  }
}

}  // namespace payplan::detail
