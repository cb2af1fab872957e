#pragma once
// The order facts a line names (spec 2, spec 5 lines.csv): each order's id,
// account, date and amount, by ledger position ((date, order_id) order).
// Built once by LedgerBuilder and shared, never copied: a Ledger and every
// Result evaluated from it hold the same immutable columns, so a Result
// keeps its orders' names after the Ledger is gone.
//
//   class OrderTable;   // a shared read-only handle to them (a value type)

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/detail/string_pool.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/values/money.hpp"

namespace payplan {

namespace detail {

/// The columns themselves; LedgerBuilder fills them, then they are frozen.
struct order_facts {
  std::vector<Date> dates;
  std::vector<Money> amounts;
  std::vector<std::uint32_t> accounts;         ///< into account_names
  std::vector<std::uint32_t> order_keys;       ///< into order_ids
  std::vector<std::uint32_t> position_of_key;  ///< order_ids key -> ledger position
  string_pool order_ids, account_names;

  /// The one empty table (a default or moved-from OrderTable points here).
  [[nodiscard]] static const std::shared_ptr<const order_facts>& none() {
    static const std::shared_ptr<const order_facts> empty = std::make_shared<const order_facts>();
    return empty;
  }
};

}  // namespace detail

/// A shared, read-only handle to a ledger's order facts: copying it copies
/// a pointer. Indexed by OrderIndex (ledger position).
class OrderTable {
 public:
  OrderTable() noexcept : facts_(detail::order_facts::none()) {}
  explicit OrderTable(std::shared_ptr<const detail::order_facts> facts) noexcept
      : facts_(facts ? std::move(facts) : detail::order_facts::none()) {}
  OrderTable(const OrderTable&) = default;
  OrderTable& operator=(const OrderTable&) = default;
  // a moved-from table is the empty one, never a null pointer
  OrderTable(OrderTable&& o) noexcept : facts_(std::exchange(o.facts_, detail::order_facts::none())) {}
  OrderTable& operator=(OrderTable&& o) noexcept {
    if (this != &o) facts_ = std::exchange(o.facts_, detail::order_facts::none());
    return *this;
  }

  [[nodiscard]] std::size_t size() const noexcept { return facts_->dates.size(); }
  [[nodiscard]] bool empty() const noexcept { return facts_->dates.empty(); }

  [[nodiscard]] std::string_view order_id(OrderIndex i) const noexcept {
    return facts_->order_ids[facts_->order_keys[i.index()]];
  }
  [[nodiscard]] std::string_view account(OrderIndex i) const noexcept {
    return facts_->account_names[facts_->accounts[i.index()]];
  }
  [[nodiscard]] Date date(OrderIndex i) const noexcept { return facts_->dates[i.index()]; }
  [[nodiscard]] Money amount(OrderIndex i) const noexcept { return facts_->amounts[i.index()]; }

  // Columns, indexed by OrderIndex::index().
  [[nodiscard]] std::span<const Date> dates() const noexcept { return facts_->dates; }
  [[nodiscard]] std::span<const Money> amounts() const noexcept { return facts_->amounts; }
  /// Index into account names (see account_name()).
  [[nodiscard]] std::span<const std::uint32_t> accounts() const noexcept { return facts_->accounts; }
  [[nodiscard]] std::size_t account_count() const noexcept { return facts_->account_names.size(); }
  [[nodiscard]] std::string_view account_name(std::uint32_t a) const noexcept { return facts_->account_names[a]; }

  /// The order with this id, or none.
  [[nodiscard]] OrderIndex find(std::string_view order_id) const noexcept {
    auto key = facts_->order_ids.find(order_id);
    return key == detail::string_pool::npos ? OrderIndex::none() : OrderIndex(facts_->position_of_key[key]);
  }

  /// Whether two handles share one table (then their OrderIndex values agree).
  [[nodiscard]] bool same_table(const OrderTable& o) const noexcept { return facts_ == o.facts_; }

 private:
  std::shared_ptr<const detail::order_facts> facts_;
};

}  // namespace payplan
