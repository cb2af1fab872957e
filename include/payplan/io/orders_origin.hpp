#pragma once
// Where each order of a ledger came from: the CSV reader's and the
// DataFrame reader's origin (values/error.hpp), so the Ledger holds no rows.
//
//   class detail::orders_origin;   // locates subject::kind::order by data row (and line, while reading)

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "payplan/values/error.hpp"

namespace payplan::detail {

// Where each order is in its input (issue 10: the Ledger holds none of it).
// Every data row the reader counts is added, so the n-th order added (from
// 0) is data row n + 1: the table is the builder's sort permutation, taken
// once the ledger is sorted (no copy); while rows are read, the order being
// added is also given its line.
class orders_origin final : public origin {
 public:
  explicit orders_origin(std::string file) : file_(std::move(file)) {}

  void reading(std::uint32_t position, std::size_t line) noexcept { reading_ = position, line_ = line; }
  /// The ledger is sorted: its order i was added as added_as[i] (empty: as i).
  void sorted(std::vector<std::uint32_t> added_as, std::size_t orders) noexcept {
    added_as_ = std::move(added_as);
    orders_ = orders;
    is_sorted_ = true;
    line_ = 0;
  }

  [[nodiscard]] source_location locate(const subject& s) const override {
    if (s.what != subject::kind::order) return {file_};
    if (!is_sorted_) return {file_, s.index == reading_ ? line_ : 0, 0, std::size_t{s.index} + 1};
    if (s.index >= orders_) return {file_};
    return {file_, 0, 0, std::size_t{added_as_.empty() ? s.index : added_as_[s.index]} + 1};
  }

 private:
  std::string file_;
  std::vector<std::uint32_t> added_as_;  // by OrderIndex: the position it was added at (empty: the same)
  std::size_t orders_ = 0;
  bool is_sorted_ = false;
  std::uint32_t reading_ = 0;
  std::size_t line_ = 0;
};

}  // namespace payplan::detail
