#pragma once
// Statements reps can read (issue 16): one HTML page per payee and period,
// and an index of them, in the payplan::report library. A page is built from
// a run's Result and the explain record of the same inputs
// (engine/engine.hpp): nothing on it re-derives a number.
//
//   struct StatementLine;       // one line of a component: the order, what it paid, its explain steps
//   struct StatementComponent;  // one component's statement, its lines, its tier standing and cap
//   struct StatementPage;       // what one page shows
//   struct StatementRequest;    // a payee and a period
//   std::vector<StatementRequest> statement_requests(result, payee = {}, period = {});  // the run's pages
//   StatementPage statement_page(plan, org, ledger, result, payee, period, credits = nullptr, kind = person);
//   std::vector<StatementPage> statement_pages(plan, org, ledger, result, requests, credits = nullptr);
//   statement_files(plan, org, ledger, result, requests, credits = nullptr);  // the pages and index.html, to write
//   void write_statement_page(std::ostream&, const StatementPage&);
//   void write_statement_page(std::ostream&, plan, org, ledger, result, payee, period, credits = nullptr);
//   void write_statement_index(std::ostream&, const Plan&, const Org&, const Result&, only = nullptr);
//   std::string statement_file_name(payee, period, kind = person);  // "raj-2026-Q1.html"

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payplan/detail/payee_pool.hpp"
#include "payplan/engine/result.hpp"
#include "payplan/engine/standing.hpp"
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
  bool cut = false;                  ///< spec 4.1: the cap cut it
  std::optional<Money> before_cap;   ///< what it came to before the cap, where the component has one
};

/// One row of statements.csv (spec 5) and the lines it sums.
struct StatementComponent {
  std::string id;
  Money total;
  std::vector<StatementLine> lines;   ///< none for a closed period (spec 6) or a statements-only run
  std::optional<TierStanding> tiers;  ///< a tiered commission: where the payee ended the period (engine/standing.hpp)
  std::optional<Money> cap;           ///< spec 4.1: the component's cap per period
  /// spec 4.1 cap: what the lines came to before the cap, less what they paid.
  [[nodiscard]] Money held_back_by_cap() const {
    Money held;
    for (const StatementLine& l : lines)
      if (l.before_cap) held += *l.before_cap - l.amount;
    return held;
  }
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
  std::vector<TransferStanding> transfers;     ///< spec 4.2: the payee's accounts under transfer terms in the period
  Money total;

  /// The first tiered component's standing with an attainment, for the page's head.
  [[nodiscard]] const TierStanding* attainment() const {
    for (const StatementComponent& c : components)
      if (c.tiers && c.tiers->attainment) return &*c.tiers;
    return nullptr;
  }
};

/// The page of `payee` for `period`, from `result` (an evaluation of plan,
/// org and ledger, with `credits` if it had them). Runs explain once for the
/// payee's lines. input_error for a payee the org does not know.
[[nodiscard]] StatementPage statement_page(const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
                                           std::string_view payee, Period period, const DealCredits* credits = nullptr,
                                           payee_kind kind = payee_kind::person);

/// Which page: a payee (a person, or an account for a rebate) and a period.
struct StatementRequest {
  std::string payee;
  payee_kind kind = payee_kind::person;
  Period period;
};

/// The pages a run has: one request per (payee, period) with a statement,
/// in statements.csv's order (by period, then payee), narrowed to `payee`'s
/// (a person's or an account's id) and to `period` when given. Empty when
/// none is left.
[[nodiscard]] std::vector<StatementRequest> statement_requests(const Result& result,
                                                               std::optional<std::string_view> payee = std::nullopt,
                                                               std::optional<Period> period = std::nullopt);

/// The pages of `requests`, in their order, from one traced run of the
/// payees they name (explain_payees), however many pages: a run's every
/// statement is `requests` in batches of some payees, to bound the memory
/// the lines' records take. input_error for a payee the org does not know.
[[nodiscard]] std::vector<StatementPage> statement_pages(const Plan& plan, const Org& org, const Ledger& ledger,
                                                         const Result& result,
                                                         const std::vector<StatementRequest>& requests,
                                                         const DealCredits* credits = nullptr);

/// The files of a statements folder: each page of `requests` (named by
/// statement_file_name) and index.html, as (file name, writer) pairs in the
/// order to write them. A writer makes its page when called, 64 payees'
/// pages at a time from one traced run, so the lines' records of one batch
/// are kept at a time. The writers refer to the arguments, which must
/// outlive them.
[[nodiscard]] std::vector<std::pair<std::string, std::function<void(std::ostream&)>>> statement_files(
    const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
    const std::vector<StatementRequest>& requests, const DealCredits* credits = nullptr);

/// A self-contained HTML page (inline CSS, no scripts, no network), readable
/// at any width and print-friendly: each line's explain steps in a closed
/// <details>, printed open.
void write_statement_page(std::ostream& out, const StatementPage& page);

/// One payee's statement for one period (statement_page, then written).
void write_statement_page(std::ostream& out, const Plan& plan, const Org& org, const Ledger& ledger,
                          const Result& result, std::string_view payee, Period period,
                          const DealCredits* credits = nullptr);

/// The index: every (payee, period) statement of the result (or those of
/// `only`) with its name and total, by period then payee, each linking to
/// statement_file_name().
void write_statement_index(std::ostream& out, const Plan& plan, const Org& org, const Result& result,
                           const std::vector<StatementRequest>* only = nullptr);

/// A statement's file name: "raj-2026-Q1.html". Lowercase letters, digits
/// and '-' are kept; an uppercase letter becomes '_' and the letter in lower
/// case ("Raj" -> "_raj"), any other byte "__" and two hex digits, so two
/// ids never share a name, also on a file system blind to case. An
/// account's (a rebate's payee) starts "_-", which no person's can.
[[nodiscard]] std::string statement_file_name(std::string_view payee, Period period,
                                              payee_kind kind = payee_kind::person);

}  // namespace payplan
