#pragma once
// payplan errors: one base type, a few subclasses that carry where the problem is.
//
//   class error;           // base of every payplan error (a std::runtime_error)
//   class input_error;     // bad input: names the file and the line/column or row/field
//   class overflow_error;  // arithmetic that would not fit, never a wrap (spec 1)
//   class usage_error;     // a call or command line that makes no sense
//   struct subject;        // what a message is about, in the model's terms
//   class origin;          // where a model's parts came from: the loader's, asked to locate a subject
//   struct warning;        // a surprising setting that is not an error: where, and what

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace payplan {

class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where in an input file something is: a YAML node (line, column) or a CSV
/// row (row, field). Lines, columns and rows count from 1; 0 means unknown.
struct source_location {
  source_location() = default;
  source_location(std::string file_, std::size_t line_ = 0, std::size_t column_ = 0, std::size_t row_ = 0,
                  std::string field_ = {})
      : file(std::move(file_)), line(line_), column(column_), row(row_), field(std::move(field_)) {}

  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t row = 0;   ///< CSV data row (the header is row 0)
  std::string field;     ///< CSV column or YAML key

  [[nodiscard]] std::string describe() const {
    std::string s = file.empty() ? std::string("<input>") : file;
    if (line != 0) {
      s += ':' + std::to_string(line);
      if (column != 0) s += ':' + std::to_string(column);
    }
    if (row != 0) s += ": row " + std::to_string(row);
    if (!field.empty()) s += (row != 0 ? ", field '" : ": field '") + field + '\'';
    return s;
  }
};

/// What a message is about, in the model's own terms. The model types hold
/// no file names, lines or rows (issue 10): the loader that read them keeps
/// those, and names a subject's place when the core asks (origin).
struct subject {
  enum class kind : std::uint8_t {
    input,             ///< the input as a whole (its file or frame)
    effective,         ///< a plan's effective dates
    component,         ///< components[index]
    component_payees,  ///< components[index]'s payees
    tier_table,        ///< components[index]'s tier table
    tier,              ///< row item of components[index]'s tier table
    contest_window,    ///< components[index]'s window (a contest)
    transfer_terms,    ///< transfer_terms[index]
    ramp_step,         ///< step item of transfer_terms[index]'s ramp
    person,            ///< people[index]
    reporting,         ///< entry item of people[index]'s reports_to
    account,           ///< accounts[index]
    ownership,         ///< entry item of accounts[index]'s owners
    team_member,       ///< member of entry item of accounts[index]'s owners (a team, spec 3.1)
    deal_credit,       ///< row index (from 0) of a credits file; item: 0 order_id, 1 person, 2 share, 3 overlay
    adjustment,        ///< row index (from 0) of a manual adjustments file; item: 0 period, 1 payee, 2 component, 3 amount, 4 reason (spec 6)
    quota,             ///< quotas[index], in the order the org lists them
    order,             ///< the ledger's order at OrderIndex index (sorted order)
  };
  kind what = kind::input;
  std::uint32_t index = 0;
  std::uint32_t item = 0;
  std::uint32_t member = 0;
};

/// A setting that is valid but probably not what was meant (`rate: 5` is
/// 500%): where it is and what is surprising. Warnings never change what a
/// run computes; `--strict` makes them errors (docs/contract-notes.md).
struct warning {
  source_location where;
  std::string message;

  /// "FILE:LINE:COL: message", as an input_error's what().
  [[nodiscard]] std::string describe() const { return where.describe() + ": " + message; }
};

/// Where a model's parts came from: made by the loader that read them and
/// held by the model as an opaque handle, so that the core can name a place
/// in a message without knowing files. A model built in code has none.
class origin {
 public:
  virtual ~origin() = default;
  [[nodiscard]] virtual source_location locate(const subject& s) const = 0;
  /// What the loader found surprising while it read (a rate above 100%), in file order.
  [[nodiscard]] virtual std::vector<warning> warnings() const { return {}; }
};

/// The place of `s`, or an unknown one (described "<input>") without an origin.
[[nodiscard]] inline source_location locate(const std::shared_ptr<const origin>& from, const subject& s) {
  return from ? from->locate(s) : source_location{};
}

/// Invalid input. what() is "FILE:LINE[:COL][: row N, field 'F']: message".
class input_error : public error {
 public:
  input_error(source_location where, const std::string& message)
      : error(where.describe() + ": " + message), where_(std::move(where)), message_(message) {}

  [[nodiscard]] const source_location& where() const noexcept { return where_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  source_location where_;
  std::string message_;
};

/// Where an overflow happened, as far as it is known (spec 1: an overflow
/// names the input). Empty strings and row 0 mean unknown.
struct overflow_context {
  std::string source;     ///< the ledger file of the order
  std::size_t row = 0;    ///< the order's data row in it (from 1)
  std::string order_id;   ///< the order being evaluated
  std::optional<std::string> component;  ///< the plan component being evaluated, if known
  std::string statement;  ///< a statement key "payee, component, period" whose sum does not fit
};

/// Arithmetic whose exact result does not fit the value type. what() is the
/// message with its context; context() gives the same context as fields.
class overflow_error : public error {
 public:
  using error::error;
  overflow_error(const std::string& what, overflow_context context) : error(what), context_(std::move(context)) {}

  [[nodiscard]] const overflow_context& context() const noexcept { return context_; }
  [[nodiscard]] const std::string& order_id() const noexcept { return context_.order_id; }
  [[nodiscard]] std::size_t source_row() const noexcept { return context_.row; }
  [[nodiscard]] const std::string& source() const noexcept { return context_.source; }
  [[nodiscard]] const std::optional<std::string>& component() const noexcept { return context_.component; }
  [[nodiscard]] const std::string& statement() const noexcept { return context_.statement; }

 private:
  overflow_context context_;
};

class usage_error : public error {
 public:
  using error::error;
};

}  // namespace payplan
