#pragma once
// Loading the three inputs (spec 2, 3, 4) and writing a run (spec 5).
// Declarations only: the YAML and CSV parsers are compiled once in the
// payplan library, so including this needs no yaml-cpp.
//
//   Plan   load_plan(path);       Plan   parse_plan(text, source_name);
//   Org    load_org(path);        Org    parse_org(text, source_name);
//   Ledger load_orders(path, currency);  Ledger parse_orders(text, source_name, currency);
//   DealCredits load_credits(path);      DealCredits parse_credits(text, source_name);
//   ManualAdjustments load_adjustments(path);  ManualAdjustments parse_adjustments(text, source_name);
//   PaidRun load_paid(dir, closed_through);    // an earlier run's output folder (spec 6)

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "payplan/values/currency.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/pay_history.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {

/// Reads a whole file; input_error naming the file if it cannot be read.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

[[nodiscard]] Plan parse_plan(std::string_view yaml_text, const std::string& source_name);
[[nodiscard]] Plan load_plan(const std::filesystem::path& path);

[[nodiscard]] Org parse_org(std::string_view yaml_text, const std::string& source_name);
[[nodiscard]] Org load_org(const std::filesystem::path& path);

/// How an orders file from a spreadsheet or an ERP system is laid out
/// (issue 15). Header names are always matched trimmed and case-folded.
struct orders_format {
  char delimiter = 0;  ///< the field separator; 0: `,`, `;` or tab, whichever the header line holds most
  /// spec 2's column -> the header name that holds it (`{"amount", "Net"}`)
  std::vector<std::pair<std::string, std::string>> columns;
  /// Called on the reading thread as each block of the text is added, with
  /// the bytes read so far (a progress display); none if empty.
  std::function<void(std::size_t)> on_progress;
};

/// Orders CSV (spec 2). `currency` is the plan's: a `currency` cell that
/// differs is an input error. The text is parsed block by block on
/// `threads` threads (0: one a core, at most 8); the ledger and any error
/// are the same for every count. A file is read a block at a time.
[[nodiscard]] Ledger parse_orders(std::string_view csv_text, const std::string& source_name, const Currency& currency,
                                  unsigned threads = 0, const orders_format& format = {});
[[nodiscard]] Ledger load_orders(const std::filesystem::path& path, const Currency& currency, unsigned threads = 0,
                                 const orders_format& format = {});

/// Credits CSV (spec 3.1): `order_id,person,share[,overlay]`. Each field is
/// checked here (a share like a rate, in (0, 100%]; overlay true or false);
/// unknown ids, duplicates and sums are checked against the ledger and the
/// org by evaluate, naming the row.
[[nodiscard]] DealCredits parse_credits(std::string_view csv_text, const std::string& source_name);
[[nodiscard]] DealCredits load_credits(const std::filesystem::path& path);
/// The same from columns in memory (a DataFrame's): rows named from 1 in
/// messages, under `source_name`.
[[nodiscard]] DealCredits credits_from_columns(const std::vector<std::string>& order_ids,
                                               const std::vector<std::string>& persons,
                                               const std::vector<std::string>& shares, const std::vector<bool>& overlays,
                                               const std::string& source_name);

/// Manual adjustments CSV (spec 6): `period,payee,component,amount,reason`.
/// Each field's form is checked here (a period label, an exact amount, no
/// empty payee or component); what they name, against the run by settle
/// (engine/pay_history.hpp), naming the row.
[[nodiscard]] ManualAdjustments parse_adjustments(std::string_view csv_text, const std::string& source_name);
[[nodiscard]] ManualAdjustments load_adjustments(const std::filesystem::path& path);

/// What manifest.json says of one file (spec 6): its role (inputs only:
/// plan, org, orders, credits, adjustments, paid), path, size, rows (a CSV
/// file's records after its header, a YAML or JSON file's lines) and sha256.
struct file_digest {
  std::string role;
  std::string path;
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
  std::string sha256;
  friend bool operator==(const file_digest&, const file_digest&) = default;
};

/// An earlier run's output folder, read for --paid (spec 6): its pay
/// history, and the rows of its lines.csv and statements.csv for the
/// periods up to `closed_through`, as it wrote them (no header), to be
/// written again byte for byte. input_error naming the file and row when
/// the folder is not a payplan output (no manifest.json, statements.csv,
/// lines.csv or adjustments.csv, a header or row payplan does not write),
/// one of its files is not what its manifest says the run wrote (edited
/// since), or its statements are not the sums of its lines.
struct PaidRun {
  PayHistory history;
  std::string closed_lines;
  std::string closed_statements;
  std::vector<file_digest> files;  ///< what was read (role paid, absolute paths), for the new manifest's inputs
};
[[nodiscard]] PaidRun load_paid(const std::filesystem::path& dir, std::optional<Period> closed_through);

}  // namespace payplan
