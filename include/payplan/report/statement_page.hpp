#pragma once
// Statements reps can read (issue 16): one HTML page per payee and period,
// and an index of them, in the payplan::report library. A page is built from
// a run's Result and the explain record of the same inputs
// (engine/engine.hpp): nothing on it re-derives a number.
//
//   struct StatementLine;       // one line of a component: the order, what it paid, its explain steps
//   struct StatementComponent;  // one component's statement and its lines
//   struct StatementPage;       // what one page shows
//   StatementPage statement_page(plan, org, ledger, result, payee, period, credits = nullptr, kind = person);
//   void write_statement_page(std::ostream&, const StatementPage&);
//   void write_statement_page(std::ostream&, plan, org, ledger, result, payee, period, credits = nullptr);
//   void write_statement_index(std::ostream&, const Plan&, const Org&, const Result&);
//   std::string statement_file_name(payee, period, kind = person);  // "raj-2026-Q1.html"

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/detail/payee_pool.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/pay_history.hpp"
#include "payplan/model/plan.hpp"
#include "payplan/values/calendar.hpp"
#include "payplan/values/money.hpp"

namespace payplan {

/// One line of lines.csv (spec 5) as a statement shows it: the order it is
/// for (empty for a period-level line), what it paid, and the steps explain
/// recorded for it as the run made it.
struct StatementLine {
  std::string order_id;              ///< "" for a period-level line
  std::optional<Date> date;          ///< the order's
  std::string account;               ///< the order's
  std::optional<Money> amount_in;    ///< the order's amount
  Money amount;                      ///< what the line paid (rounded, after the cap)
  std::string note;                  ///< lines.csv's note
  std::vector<std::string> steps;    ///< explain's chain; empty if none was recorded
};

/// One row of statements.csv (spec 5) and the lines it sums.
struct StatementComponent {
  std::string id;
  Money total;
  std::vector<StatementLine> lines;  ///< none for a closed period (spec 6) or a statements-only run
};

/// What one statement page shows: who, which plan and period, the quota,
/// each component's total and lines, the adjustments paid in the period
/// (spec 6) and the total, which is the sum of the payee's rows of the
/// period in statements.csv.
struct StatementPage {
  std::string payee;                 ///< the person's (or, for a rebate, the account's) id
  payee_kind kind = payee_kind::person;
  std::string name;                  ///< the org's name; the id where it has none
  std::string role;                  ///< "rep", "manager", ...; "account" for an account
  std::string plan;
  Period period;
  Currency currency;
  std::optional<Money> quota;        ///< spec 3: the person's quota for the period
  bool quota_rolled_up = false;      ///< a manager's roll-up of the team's quotas (spec 3)
  bool closed = false;               ///< spec 6: a closed period, its statements the earlier run's
  bool lines_shown = true;           ///< false: the result kept no lines of the period
  std::vector<StatementComponent> components;  ///< in plan order
  std::vector<Adjustment> adjustments;         ///< result.adjustments paid to the payee in the period
  Money total;
};

/// The page of `payee` for `period`, from `result` (an evaluation of plan,
/// org and ledger, with `credits` if it had them). Runs explain once for the
/// payee's lines of the period. input_error for a payee the org does not know.
[[nodiscard]] StatementPage statement_page(const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
                                           std::string_view payee, Period period, const DealCredits* credits = nullptr,
                                           payee_kind kind = payee_kind::person);

/// A self-contained HTML page (inline CSS, no scripts, no network), readable
/// at any width and print-friendly: each line's explain steps in a closed
/// <details>, printed open.
void write_statement_page(std::ostream& out, const StatementPage& page);

/// One payee's statement for one period (statement_page, then written).
void write_statement_page(std::ostream& out, const Plan& plan, const Org& org, const Ledger& ledger,
                          const Result& result, std::string_view payee, Period period,
                          const DealCredits* credits = nullptr);

/// The index: every (payee, period) statement of the result with its name
/// and total, by period then payee, each linking to statement_file_name().
void write_statement_index(std::ostream& out, const Plan& plan, const Org& org, const Result& result);

/// A statement's file name: "raj-2026-Q1.html". Lowercase letters, digits
/// and '-' are kept; an uppercase letter becomes '_' and the letter in lower
/// case ("Raj" -> "_raj"), any other byte "__" and two hex digits, so two
/// ids never share a name, also on a file system blind to case. An
/// account's (a rebate's payee) starts "_-", which no person's can.
[[nodiscard]] std::string statement_file_name(std::string_view payee, Period period,
                                              payee_kind kind = payee_kind::person);

}  // namespace payplan
