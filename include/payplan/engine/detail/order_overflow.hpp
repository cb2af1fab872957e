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
/// (`component` null: none). SOURCE and N are the ledger's origin's; a
/// ledger built in code has none: "<input>: order 'ID'...", source "" and row 0.
template <class F>
void at_order(const Ledger& ledger, std::uint32_t i, const std::string* component, std::string_view step, F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const overflow_error& e) {
    overflow_context where = e.context();
    const source_location place = ledger.where({subject::kind::order, i});  // the loader's (issue 10)
    where.source = place.file;
    where.row = place.row;
    where.order_id = std::string(ledger.order_id(OrderIndex(i)));
    if (component != nullptr) where.component = *component;
    std::string what = where.source.empty() ? std::string("<input>") : where.source;  // built in code: unknown
    if (where.row != 0) what += ": row " + std::to_string(where.row);
    what += (where.row != 0 ? ", order '" : ": order '") + where.order_id + "'";
    if (component != nullptr) what += ", component '" + *component + "'";
    if (!step.empty()) what += ": " + std::string(step);
    throw overflow_error(what + ": " + e.what(), std::move(where));
  }
}

}  // namespace payplan::detail
