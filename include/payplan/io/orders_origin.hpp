#pragma once
// Where each order of a ledger came from: the CSV reader's and the
// DataFrame reader's origin (values/error.hpp), so the Ledger holds no rows.
//
//   class detail::orders_origin;   // locates subject::kind::order by data row (and line, while reading)
//   Ledger detail::read_ledger(places, builder, add_rows);  // what both order readers end with

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "payplan/model/ledger.hpp"
#include "payplan/values/error.hpp"

namespace payplan::detail {

// Where each order is in its input (issue 10: the Ledger holds none of it).
// Every data row the reader counts is added, so the n-th order added (from
// 0) is data row n + 1: the table is the builder's sort permutation, taken
// once the ledger is sorted (no copy). Until then every order read has its
// line too (a duplicate id is found once all are read, issue 11): kept as
// the rows where the line stops being one more than the row before's
// (a blank line, a quoted line end, the header), so it costs nothing more
// an order.
class orders_origin final : public origin {
 public:
  explicit orders_origin(std::string file) : file_(std::move(file)) {}

  /// The order added at `position` (in turn: 0, 1, ...) starts on `line` (0: unknown).
  void reading(std::uint32_t position, std::size_t line) {
    const bool continues = !runs_.empty() && (line == 0) == (runs_.back().line == 0) &&
                           (line == 0 || line == runs_.back().line + (position - runs_.back().position));
    if (!continues) runs_.push_back({position, line});
    read_ = std::size_t{position} + 1;
  }
  /// The ledger is sorted: its order i was added as added_as[i] (empty: as i).
  void sorted(std::vector<std::uint32_t> added_as, std::size_t orders) noexcept {
    added_as_ = std::move(added_as);
    orders_ = orders;
    is_sorted_ = true;
    runs_.clear();
  }

  [[nodiscard]] source_location locate(const subject& s) const override {
    if (s.what != subject::kind::order) return {file_};
    if (!is_sorted_) return {file_, line_of(s.index), 0, std::size_t{s.index} + 1};
    if (s.index >= orders_) return {file_};
    return {file_, 0, 0, std::size_t{added_as_.empty() ? s.index : added_as_[s.index]} + 1};
  }

 private:
  struct run {
    std::uint32_t position;
    std::size_t line;  // of `position`; the run's next orders are on the lines after
  };
  [[nodiscard]] std::size_t line_of(std::uint32_t position) const noexcept {
    if (position >= read_) return 0;
    auto after = std::upper_bound(runs_.begin(), runs_.end(), position,
                                  [](std::uint32_t p, const run& r) { return p < r.position; });
    if (after == runs_.begin()) return 0;
    const run& r = *std::prev(after);
    return r.line == 0 ? 0 : r.line + (position - r.position);
  }

  std::string file_;
  std::vector<std::uint32_t> added_as_;  // by OrderIndex: the position it was added at (empty: the same)
  std::size_t orders_ = 0;
  bool is_sorted_ = false;
  std::vector<run> runs_;
  std::size_t read_ = 0;  // orders read so far
};

/// Runs add_rows() into `builder` (made with `places`), then finishes the
/// ledger and tells `places` how it was sorted. An input error from a row
/// is raised only after checking the ids added before it: a duplicate on
/// an earlier row is the first bad row, and the one reported (issue 11:
/// ids are checked together, in finish()).
template <class AddRows>
[[nodiscard]] Ledger read_ledger(orders_origin& places, LedgerBuilder& builder, AddRows&& add_rows) {
  try {
    add_rows();
  } catch (const input_error&) {
    builder.check_unique_ids();
    throw;
  }
  Ledger ledger = builder.finish();
  places.sorted(builder.take_permutation(), ledger.size());
  return ledger;
}

}  // namespace payplan::detail
