#pragma once
// What the period-level components (spec 4.4-4.7) read of the orders: sums
// by (who, period), exact. The period-level components pay from these
// sums alone, so the sums of disjoint sets of orders add up to the sums of
// their union: a partitioned evaluation (issue 14) measures each partition
// and adds, whatever the partitioning (exact integers, no rounding).
//
//   class Measured;   // rows (component, kind, who, period) -> value, sorted and unique

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "payplan/detail/checked.hpp"
#include "payplan/values/money.hpp"

namespace payplan {

/// The sums a plan's period-level components read of some orders.
class Measured {
 public:
  /// What a row counts.
  enum class kind : std::uint8_t {
    account_sales,  ///< team growth (4.4): an org account's sales in a period, Money micros
    credited,       ///< team bonus (4.5), contest (4.6): a person's credited sales a x w_r, positions (10^-16)
    new_accounts,   ///< contest (4.6): accounts whose first order a person is credited with
    placed,         ///< contest (4.6): 1 when the person is placed (a credited order in the window)
    rebate_sales,   ///< rebate (4.7): a ledger account's sales in a written period, Money micros; present even when 0
  };

  struct Row {
    std::uint16_t component = 0;  ///< index in the plan
    Measured::kind kind = Measured::kind::account_sales;
    std::string who;              ///< an org account's, a person's or a ledger account's id
    std::int32_t period = 0;      ///< Period ordinal; 0 where the measure has none (contest)
    detail::int128 value = 0;
    [[nodiscard]] auto key() const noexcept { return std::tie(component, kind, who, period); }
  };

  /// Adds a row; rows of one key are added together by `finish`.
  void add(std::uint16_t component, Measured::kind m, std::string who, std::int32_t period, detail::int128 value) {
    rows_.push_back({component, m, std::move(who), period, value});
    sorted_ = false;
  }

  /// Adds another partition's sums to these (spec 1: exact, so in any order).
  void merge(const Measured& other) {
    rows_.insert(rows_.end(), other.rows_.begin(), other.rows_.end());
    sorted_ = false;
  }

  /// The rows sorted by key, one a key, values added.
  [[nodiscard]] const std::vector<Row>& rows() {
    finish();
    return rows_;
  }
  [[nodiscard]] const std::vector<Row>& rows() const {
    if (!sorted_) const_cast<Measured*>(this)->finish();  // finishing changes no value, only the order
    return rows_;
  }

  /// The rows of one component and measure, sorted by (who, period).
  template <class F>
  void each(std::uint16_t component, Measured::kind m, F&& f) const {
    const auto& all = rows();
    auto it = std::lower_bound(all.begin(), all.end(), std::tuple(component, m),
                               [](const Row& r, const auto& k) { return std::tie(r.component, r.kind) < k; });
    for (; it != all.end() && it->component == component && it->kind == m; ++it) f(*it);
  }

 private:
  void finish() {
    if (sorted_) return;
    std::sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.key() < b.key(); });
    std::size_t out = 0;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (out > 0 && rows_[out - 1].key() == rows_[i].key()) {
        rows_[out - 1].value = detail::checked_add(rows_[out - 1].value, rows_[i].value);
        continue;
      }
      if (out != i) rows_[out] = std::move(rows_[i]);
      ++out;
    }
    rows_.resize(out);
    sorted_ = true;
  }

  std::vector<Row> rows_;
  bool sorted_ = true;
};

}  // namespace payplan
