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
#include <mutex>
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

/// The order ids by ledger position: one buffer and its offsets, so the id
/// of position i is one read away (lines.csv reads 30M of them, issue 11).
/// Looking an id up (refund_of, explain, a line's key) is rare: the hash
/// index for find() is built on the first call, not carried by every ledger.
class order_id_column {
 public:
  order_id_column() = default;
  explicit order_id_column(string_pool::storage ids) noexcept : ids_(std::move(ids)) {}

  [[nodiscard]] std::size_t size() const noexcept { return ids_.offsets.size() - 1; }
  [[nodiscard]] std::string_view operator[](std::uint32_t i) const noexcept {
    return {ids_.chars.data() + ids_.offsets[i], ids_.offsets[i + 1] - ids_.offsets[i]};
  }
  /// For a reader about to read id i (lines.csv reads them out of order):
  /// first where its offset is, then (once that is in cache) its text.
  void prefetch_offset(std::uint32_t i) const noexcept { __builtin_prefetch(ids_.offsets.data() + i); }
  void prefetch_text(std::uint32_t i) const noexcept { __builtin_prefetch(ids_.chars.data() + ids_.offsets[i]); }

  /// The position of the order with this id, or string_pool::npos. Safe
  /// to call from several threads (the index is built once).
  [[nodiscard]] std::uint32_t find(std::string_view id) const {
    std::call_once(index_->built, [&] {
      std::size_t n = 16;
      while (n < size() * 2 + 2) n *= 2;
      index_->slots.assign(n, string_pool::npos);
      for (std::uint32_t i = 0; i < size(); ++i) {
        std::size_t at = hash_bytes((*this)[i]) & (n - 1);
        while (index_->slots[at] != string_pool::npos) at = (at + 1) & (n - 1);
        index_->slots[at] = i;
      }
    });
    const auto& slots = index_->slots;
    const std::size_t mask = slots.size() - 1;
    for (std::size_t at = hash_bytes(id) & mask;; at = (at + 1) & mask) {
      if (slots[at] == string_pool::npos) return string_pool::npos;
      if ((*this)[slots[at]] == id) return slots[at];
    }
  }

 private:
  string_pool::storage ids_;
  struct index {
    std::once_flag built;
    std::vector<std::uint32_t> slots;
  };
  std::unique_ptr<index> index_ = std::make_unique<index>();
};

/// The columns themselves; LedgerBuilder fills them, then they are frozen.
struct order_facts {
  std::vector<Date> dates;
  std::vector<Money> amounts;
  std::vector<std::uint32_t> accounts;  ///< into account_names
  order_id_column order_ids;            ///< by ledger position
  string_pool account_names;

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
    return facts_->order_ids[i.index()];
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
    const auto at = facts_->order_ids.find(order_id);
    return at == detail::string_pool::npos ? OrderIndex::none() : OrderIndex(at);
  }

  /// For a reader about to read order i's facts out of order (lines.csv):
  /// prefetch(i) some rows ahead, then prefetch_id(i) a few rows ahead.
  void prefetch(OrderIndex i) const noexcept {
    const auto k = i.index();
    __builtin_prefetch(facts_->dates.data() + k);
    __builtin_prefetch(facts_->amounts.data() + k);
    __builtin_prefetch(facts_->accounts.data() + k);
    facts_->order_ids.prefetch_offset(k);
  }
  void prefetch_id(OrderIndex i) const noexcept { facts_->order_ids.prefetch_text(i.index()); }

  /// Whether two handles share one table (then their OrderIndex values agree).
  [[nodiscard]] bool same_table(const OrderTable& o) const noexcept { return facts_ == o.facts_; }

 private:
  std::shared_ptr<const detail::order_facts> facts_;
};

}  // namespace payplan
