#pragma once
// The order ledger (spec 2), stored by column, its ids checked unique, sorted by
// (date, order_id), the order the engine processes it in.
//
//   class Ledger;          // read-only columns
//   class LedgerBuilder;   // append rows, then finish() -> Ledger
//   OrderRow row_of(const Ledger&, OrderIndex);  // an order as a row of another ledger
//
// A column per field lets evaluation stream memory; names are interned once
// so nothing in the hot path touches a string. The columns lines name (ids,
// accounts, dates, amounts) are an OrderTable, shared with every Result
// evaluated from the ledger (model/order_table.hpp).

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/detail/first_repeat.hpp"
#include "payplan/detail/string_pool.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/values/money.hpp"
#include "payplan/model/order_table.hpp"

namespace payplan {

class Ledger {
 public:
  static constexpr std::uint32_t no_name = detail::string_pool::npos;

  [[nodiscard]] std::size_t size() const noexcept { return orders_.size(); }
  [[nodiscard]] bool empty() const noexcept { return orders_.empty(); }
  /// Where the ledger or one of its orders ({subject::kind::order, i}) came
  /// from, for messages (issue 10): its loader's origin locates the subject;
  /// a ledger built in code has none ("<input>").
  [[nodiscard]] source_location where(const subject& s) const { return locate(origin_, s); }

  // Columns, indexed by OrderIndex::index().
  [[nodiscard]] std::span<const Date> dates() const noexcept { return orders_.dates(); }
  [[nodiscard]] std::span<const Money> amounts() const noexcept { return orders_.amounts(); }
  /// Index into account names (see account_name()).
  [[nodiscard]] std::span<const std::uint32_t> accounts() const noexcept { return orders_.accounts(); }
  // The optional columns (spec 2), by order. A column no order fills takes
  // no memory (issue 11: four of them were 16 bytes an order of nothing).
  /// Index into people names, or no_name for an empty closed_by.
  [[nodiscard]] std::uint32_t closed_by(OrderIndex i) const noexcept { return at(closed_by_, i, no_name); }
  /// The order this line returns, when refund_of names a known earlier order.
  [[nodiscard]] OrderIndex refund_of(OrderIndex i) const noexcept { return at(refund_of_, i, OrderIndex::none()); }
  /// Index into product names, or no_name.
  [[nodiscard]] std::uint32_t product(OrderIndex i) const noexcept { return at(products_, i, no_name); }

  [[nodiscard]] std::string_view order_id(OrderIndex i) const noexcept { return orders_.order_id(i); }
  /// refund_of text of a line whose refund_of named no earlier order ("" if none).
  [[nodiscard]] std::string_view unresolved_refund_of(OrderIndex i) const noexcept {
    const auto k = at(unresolved_refund_, i, no_name);
    return k == no_name ? std::string_view{} : refund_names_[k];
  }

  [[nodiscard]] std::size_t account_count() const noexcept { return orders_.account_count(); }
  [[nodiscard]] std::string_view account_name(std::uint32_t a) const noexcept { return orders_.account_name(a); }
  [[nodiscard]] std::size_t person_name_count() const noexcept { return person_names_.size(); }
  [[nodiscard]] std::string_view person_name(std::uint32_t p) const noexcept { return person_names_[p]; }
  [[nodiscard]] std::size_t product_count() const noexcept { return product_names_.size(); }
  [[nodiscard]] std::string_view product_name(std::uint32_t p) const noexcept { return product_names_[p]; }
  [[nodiscard]] std::uint32_t find_product(std::string_view name) const noexcept { return product_names_.find(name); }

  /// The order with this id, or none.
  [[nodiscard]] OrderIndex find(std::string_view order_id) const noexcept { return orders_.find(order_id); }

  /// The order facts lines name, shared (not copied): a Result keeps them.
  [[nodiscard]] const OrderTable& orders() const noexcept { return orders_; }

 private:
  friend class LedgerBuilder;
  template <class T>
  static T at(const std::vector<T>& column, OrderIndex i, T none) noexcept {
    return column.empty() ? none : column[i.index()];
  }

  std::shared_ptr<const origin> origin_;  // the loader's, or none
  OrderTable orders_;  // ids, accounts, dates, amounts
  std::vector<std::uint32_t> closed_by_, products_, unresolved_refund_;  // empty: none has one
  std::vector<OrderIndex> refund_of_;                                     // empty: none has one
  detail::string_pool person_names_, product_names_, refund_names_;
};

/// One order as text-free values, for LedgerBuilder::add.
struct OrderRow {
  std::string_view order_id;
  Date date;
  std::string_view account;
  Money amount;
  std::string_view closed_by;  ///< "" when empty
  std::string_view refund_of;  ///< "" when empty
  std::string_view product;    ///< "" when empty
};

/// Order i as a row to add to another ledger (a part of this one): its
/// refund_of is the id it names, whether or not that resolved here.
[[nodiscard]] inline OrderRow row_of(const Ledger& l, OrderIndex i) noexcept {
  const auto name = [](std::uint32_t k, auto&& of) { return k == Ledger::no_name ? std::string_view() : of(k); };
  const OrderIndex r = l.refund_of(i);
  return {l.order_id(i),
          l.dates()[i.index()],
          l.account_name(l.accounts()[i.index()]),
          l.amounts()[i.index()],
          name(l.closed_by(i), [&](std::uint32_t k) { return l.person_name(k); }),
          r.ok() ? l.order_id(r) : l.unresolved_refund_of(i),
          name(l.product(i), [&](std::uint32_t k) { return l.product_name(k); })};
}

/// Errors name the order they are about as {subject::kind::order, n}, which
/// `from` (the loader's origin, none for a ledger built in code) locates:
/// while adding, n counts the orders added before (the order being added is
/// n = the count so far); after finish(), n is the sorted OrderIndex, and
/// take_permutation() tells the loader how its own table of places moves.
class LedgerBuilder {
 public:
  explicit LedgerBuilder(std::shared_ptr<const origin> from = {}) { ledger_.origin_ = std::move(from); }

  void reserve(std::size_t rows, std::size_t id_bytes = 0) {
    facts_.dates.reserve(rows);
    facts_.amounts.reserve(rows);
    facts_.accounts.reserve(rows);
    order_ids_.offsets.reserve(rows + 1);
    order_ids_.chars.reserve(id_bytes);
  }

  /// Appends one order. An empty order_id or account is an input error
  /// naming the order being added; a duplicate order_id (spec 2) is one
  /// that finish() or check_unique_ids() raises.
  void add(const OrderRow& o) {
    const auto n = static_cast<std::uint32_t>(facts_.dates.size());
    if (o.order_id.empty()) throw input_error(field(n, "order_id"), "order_id is empty");
    if (o.account.empty()) throw input_error(field(n, "account"), "account is empty");
    // kept in the order added, not indexed: uniqueness is checked once, in
    // finish() (issue 11: a hash index per order missed the cache each time)
    order_ids_.chars.append(o.order_id);
    order_ids_.offsets.push_back(order_ids_.chars.size());
    facts_.dates.push_back(o.date);
    facts_.amounts.push_back(o.amount);
    facts_.accounts.push_back(facts_.account_names.intern(o.account));
    optional(ledger_.closed_by_, o.closed_by, ledger_.person_names_, n);
    optional(ledger_.products_, o.product, ledger_.product_names_, n);
    optional(refund_keys_, o.refund_of, ledger_.refund_names_, n);
  }

  /// spec 2: an input error naming the first order (in the order added)
  /// whose id an earlier one has, and the row of that earlier one. A reader
  /// calls it before reporting a later row's error, so that the first bad
  /// row is the one reported.
  void check_unique_ids() const {
    if (auto r = detail::first_repeat(order_ids_, facts_.dates.size()))
      throw input_error(field(r->later, "order_id"), "duplicate order_id '" + std::string(id(r->later)) +
                                                         "' (first on row " +
                                                         std::to_string(ledger_.where({subject::kind::order, r->first}).row) +
                                                         ")");
  }

  /// Checks the ids are unique, sorts by (date, order_id) and resolves
  /// refund_of. The builder is left empty but for take_permutation().
  [[nodiscard]] Ledger finish() {
    check_unique_ids();
    Ledger& l = ledger_;
    detail::order_facts& f = facts_;
    const std::size_t n = f.dates.size();
    std::vector<std::uint32_t>& perm = permutation_;
    perm.resize(n);
    std::iota(perm.begin(), perm.end(), 0u);
    auto before = [&](std::uint32_t a, std::uint32_t b) {
      if (f.dates[a] != f.dates[b]) return f.dates[a] < f.dates[b];
      return id(a) < id(b);
    };
    bool sorted = true;
    for (std::size_t i = 1; i < n && sorted; ++i) sorted = before(perm[i - 1], perm[i]);
    if (!sorted) {
      // Counting sort by date (ledgers span few distinct days), then order_id
      // within each day: far fewer string comparisons than one big sort.
      auto [lo, hi] = std::minmax_element(f.dates.begin(), f.dates.end());
      const std::int32_t first = lo->days(), span = hi->days() - first + 1;
      std::vector<std::uint32_t> start(static_cast<std::size_t>(span) + 1, 0);
      for (auto d : f.dates) ++start[static_cast<std::size_t>(d.days() - first) + 1];
      std::partial_sum(start.begin(), start.end(), start.begin());
      std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
      for (std::uint32_t i = 0; i < n; ++i) perm[next[static_cast<std::size_t>(f.dates[i].days() - first)]++] = i;
      sort_days_by_order_id(start);
      permute(f.dates, perm);
      permute(f.amounts, perm);
      permute(f.accounts, perm);
      permute(l.closed_by_, perm);  // (an empty column stays empty)
      permute(l.products_, perm);
      permute(refund_keys_, perm);
    }
    if (sorted) permutation_ = {};  // the identity, said by an empty permutation (4 bytes an order saved)
    // the ids in ledger order, so that the id of position i is ids[i]
    string_pool_storage ids = std::move(order_ids_);
    order_ids_ = {};
    if (!sorted) {
      string_pool_storage by_position;
      by_position.chars.reserve(ids.chars.size());
      by_position.offsets.reserve(n + 1);
      for (std::uint32_t k : perm) {
        by_position.chars.append(ids.chars, ids.offsets[k], ids.offsets[k + 1] - ids.offsets[k]);
        by_position.offsets.push_back(by_position.chars.size());
      }
      ids = std::move(by_position);
    }
    f.order_ids = detail::order_id_column(std::move(ids));
    resolve_refunds(f.order_ids);
    // frozen and shared from here on (moved, not copied)
    l.orders_ = OrderTable(std::make_shared<const detail::order_facts>(std::move(f)));
    f = detail::order_facts{};
    return std::move(l);
  }

  /// After finish(): the order at OrderIndex i was the take_permutation()[i]-th
  /// added (from 0), for the loader to sort its own table the same way;
  /// empty when the orders were added in ledger order (the identity).
  /// Taken, not copied: the builder's is left empty.
  [[nodiscard]] std::vector<std::uint32_t> take_permutation() noexcept { return std::move(permutation_); }

 private:
  using string_pool_storage = detail::string_pool::storage;

  template <class T>
  static void permute(std::vector<T>& column, const std::vector<std::uint32_t>& perm) {
    if (column.empty()) return;
    std::vector<T> out(column.size());
    for (std::size_t i = 0; i < perm.size(); ++i) out[i] = column[perm[i]];
    column.swap(out);
  }

  // Within each day (perm[start[d], start[d+1])), by order_id in byte order.
  // Ids are compared by the 8 bytes after the prefix every id shares (an
  // integer each, zero-padded), their text only where those agree: sorting
  // by the text itself read the pool at random (issue 11: 2.6x the load of
  // the same orders in order).
  void sort_days_by_order_id(const std::vector<std::uint32_t>& start) {
    std::vector<std::uint32_t>& perm = permutation_;
    const std::size_t n = perm.size();
    const std::string_view first = id(0);
    std::size_t common = first.size();
    for (std::uint32_t k = 1; k < n && common > 0; ++k) {
      const std::string_view text = id(k);
      std::size_t j = 0;
      while (j < common && j < text.size() && text[j] == first[j]) ++j;
      common = j;
    }
    auto key = [&](std::uint32_t k) {
      const std::string_view text = id(k);
      std::uint64_t v = 0;
      for (std::size_t j = common; j < common + 8; ++j)
        v = (v << 8) | (j < text.size() ? static_cast<unsigned char>(text[j]) : 0u);
      return v;
    };
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
    for (std::size_t d = 0; d + 1 < start.size(); ++d) {
      if (start[d + 1] - start[d] < 2) continue;
      keyed.clear();
      for (std::uint32_t i = start[d]; i < start[d + 1]; ++i) keyed.emplace_back(key(perm[i]), perm[i]);
      std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return id(a.second) < id(b.second);
      });
      for (std::size_t i = 0; i < keyed.size(); ++i) perm[start[d] + i] = keyed[i].second;
    }
  }

  // An optional column is made at its first value, the orders before it none.
  static void optional(std::vector<std::uint32_t>& column, std::string_view value, detail::string_pool& names,
                       std::uint32_t n) {
    if (value.empty() && column.empty()) return;
    if (column.empty()) column.assign(n, Ledger::no_name);
    column.push_back(value.empty() ? Ledger::no_name : names.intern(value));
  }

  // refund_of names an order by id, found by its ledger position.
  void resolve_refunds(const detail::order_id_column& ids) {
    Ledger& l = ledger_;
    const std::size_t n = facts_.dates.size();
    if (refund_keys_.empty()) return;  // no order names one: both columns stay empty
    l.refund_of_.assign(n, OrderIndex::none());
    l.unresolved_refund_.assign(n, Ledger::no_name);
    for (std::uint32_t i = 0; i < n; ++i) {
      auto r = refund_keys_[i];
      if (r == Ledger::no_name) continue;
      const std::uint32_t at = ids.find(l.refund_names_[r]);
      // spec 4.1: an unknown refund_of is an exception and a plain negative
      // order; one naming a later line cannot be reversed yet (docs/contract-notes.md).
      if (at != Ledger::no_name && at < i) l.refund_of_[i] = OrderIndex(at);
      else l.unresolved_refund_[i] = r;
    }
    refund_keys_ = {};
  }

  // the id of the k-th order added
  [[nodiscard]] std::string_view id(std::uint32_t k) const noexcept {
    return {order_ids_.chars.data() + order_ids_.offsets[k], order_ids_.offsets[k + 1] - order_ids_.offsets[k]};
  }
  // errors name the order being added, or added k-th, by its subject
  [[nodiscard]] source_location field(std::uint32_t k, const char* name) const {
    source_location at = ledger_.where({subject::kind::order, k});
    at.field = name;
    return at;
  }

  Ledger ledger_;
  detail::order_facts facts_;       // the OrderTable being built
  detail::string_pool::storage order_ids_;  // in the order added: the k-th order's id is id(k)
  std::vector<std::uint32_t> refund_keys_;
  std::vector<std::uint32_t> permutation_;  // finish()'s: sorted position -> position added
};

}  // namespace payplan
