#pragma once
// The pay history (spec 6): what an earlier run paid, which periods it
// closed, and the manual adjustments a run adds. Ids stay text here, as an
// earlier run wrote them: a component may since have left the plan, a payee
// the org. engine/pay_history.hpp settles a run against them.
//
//   struct PaidStatement;      // one row of an earlier run's statements.csv
//   struct Adjustment;         // one row of adjustments.csv
//   struct PayHistory;         // an earlier run's periods, closing, statements and adjustments
//   struct ManualAdjustment;   // one row of --adjustments (period,payee,component,amount,reason)
//   class ManualAdjustments;   // those rows, and where each came from

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "payplan/detail/payee_pool.hpp"
#include "payplan/values/calendar.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/money.hpp"

namespace payplan {

/// What an earlier run paid one payee for one component in one period.
struct PaidStatement {
  Period period;
  std::string payee;
  std::string component;
  Money amount;
};

/// One row of adjustments.csv (spec 6): `delta` paid in `period`. An
/// adjustment for a closed period has its `origin` and what was paid for it
/// and recomputed; a manual one has neither, and its reason (the note of its
/// line in lines.csv, not a column of adjustments.csv).
struct Adjustment {
  Period period;                 ///< the period it is paid in
  std::string payee;
  payee_kind kind = payee_kind::person;  ///< an account for a rebate's payee (spec 4.7)
  std::string component;
  std::optional<Period> origin;  ///< the closed period it corrects; none: a manual adjustment
  std::optional<Money> paid;
  std::optional<Money> recomputed;
  Money delta;
  std::string reason;            ///< a manual adjustment's
  [[nodiscard]] bool manual() const noexcept { return !origin; }
};

/// What an earlier run (OLD) wrote, as the next run needs it (spec 6): the
/// periods it wrote and its own closing (its manifest), its statements
/// (statements.csv) and the adjustments it paid (adjustments.csv). Its
/// origin locates the run as a whole (subject::kind::input), for messages.
struct PayHistory {
  period_length length = period_length::quarter;  ///< of every period below
  std::vector<Period> periods;                   ///< the periods OLD wrote, in order
  std::optional<Period> closed_through;          ///< OLD's own --closed-through
  std::vector<PaidStatement> statements;
  std::vector<Adjustment> adjustments;
  std::shared_ptr<const origin> from;

  [[nodiscard]] source_location where() const { return locate(from, {subject::kind::input}); }
  [[nodiscard]] bool wrote(Period p) const {
    for (const Period& q : periods)
      if (q == p) return true;
    return false;
  }
};

/// One row of a manual adjustments file: pay `amount` to `payee` under
/// `component` in `period`, for `reason` (a dispute's outcome, a one-off
/// correction). Counts toward no cap.
struct ManualAdjustment {
  Period period;
  std::string payee;
  std::string component;
  Money amount;
  std::string reason;
};

/// The rows of a manual adjustments file, in file order. Row n (from 0) is
/// located as subject{adjustment, n, field} (values/error.hpp); a set built
/// in code has no origin. What the rows name (a period the run writes and
/// has not closed, a payee, a component, the currency's digits) is checked
/// against the run when it is settled (engine/pay_history.hpp).
class ManualAdjustments {
 public:
  ManualAdjustments() = default;
  explicit ManualAdjustments(std::vector<ManualAdjustment> rows, std::shared_ptr<const origin> from = {})
      : rows_(std::move(rows)), origin_(std::move(from)) {}

  enum class field : std::uint8_t { period, payee, component, amount, reason };

  [[nodiscard]] std::span<const ManualAdjustment> rows() const noexcept { return rows_; }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return rows_.size(); }

  /// Where row n's field is (its file and row), for messages.
  [[nodiscard]] source_location where(std::size_t n, field f) const {
    return locate(origin_, {subject::kind::adjustment, static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(f)});
  }

 private:
  std::vector<ManualAdjustment> rows_;
  std::shared_ptr<const origin> origin_;
};

}  // namespace payplan
