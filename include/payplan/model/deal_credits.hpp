#pragma once
// Deal-level credits (spec 3.1): the rows of a credits file
// (`order_id,person,share[,overlay]`), which replace the account's crediting
// for the orders they name. Ids stay text here: they are resolved against
// the ledger and the org when the credit table is made (engine/crediting.hpp),
// which is where an unknown id, a duplicate or a bad sum is found.
//
//   struct DealCredit;    // one row
//   class DealCredits;    // the rows in file order, and where each came from

#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "payplan/values/error.hpp"
#include "payplan/values/rate.hpp"

namespace payplan {

/// One row: `person` receives `share` of order `order_id`; an overlay
/// receiver is outside the order's 100% (spec 3.1).
struct DealCredit {
  std::string order_id;
  std::string person;
  Percent share = Rate::one();  ///< in (0, 100%]
  bool overlay = false;
};

/// The rows of a credits file, in file order. Row n (from 0) is located as
/// subject{deal_credit, n, field} with field 0 order_id, 1 person, 2 share,
/// 3 overlay (values/error.hpp); a set built in code has no origin.
class DealCredits {
 public:
  DealCredits() = default;
  /// Every share in (0, 100%]: anything else is an input_error naming the row.
  explicit DealCredits(std::vector<DealCredit> rows, std::shared_ptr<const origin> from = {})
      : rows_(std::move(rows)), origin_(std::move(from)) {
    for (std::size_t n = 0; n < rows_.size(); ++n)
      if (rows_[n].share <= Rate{} || rows_[n].share > Rate::one())
        throw input_error(where(n, field::share),
                          "share " + to_percent_string(rows_[n].share) + " is not in (0%, 100%]");
  }

  enum class field : std::uint8_t { order_id, person, share, overlay };

  [[nodiscard]] std::span<const DealCredit> rows() const noexcept { return rows_; }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }

  /// Where row n's field is (its file and row), for messages.
  [[nodiscard]] source_location where(std::size_t n, field f) const {
    return locate(origin_, {subject::kind::deal_credit, static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(f)});
  }

 private:
  std::vector<DealCredit> rows_;
  std::shared_ptr<const origin> origin_;
};

}  // namespace payplan
