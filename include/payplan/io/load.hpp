#pragma once
// Loading the three inputs (spec 2, 3, 4) and writing a run (spec 5).
// Declarations only: the YAML and CSV parsers are compiled once in the
// payplan library, so including this needs no yaml-cpp.
//
//   Plan   load_plan(path);       Plan   parse_plan(text, source_name);
//   Org    load_org(path);        Org    parse_org(text, source_name);
//   Ledger load_orders(path, currency);  Ledger parse_orders(text, source_name, currency);
//   DealCredits load_credits(path);      DealCredits parse_credits(text, source_name);

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/values/currency.hpp"
#include "payplan/model/deal_credits.hpp"
#include "payplan/model/ledger.hpp"
#include "payplan/model/org.hpp"
#include "payplan/model/plan.hpp"

namespace payplan {

/// Reads a whole file; input_error naming the file if it cannot be read.
[[nodiscard]] std::string read_file(const std::filesystem::path& path);

[[nodiscard]] Plan parse_plan(std::string_view yaml_text, const std::string& source_name);
[[nodiscard]] Plan load_plan(const std::filesystem::path& path);

[[nodiscard]] Org parse_org(std::string_view yaml_text, const std::string& source_name);
[[nodiscard]] Org load_org(const std::filesystem::path& path);

/// Orders CSV (spec 2). `currency` is the plan's: a `currency` cell that
/// differs is an input error. The text is parsed block by block on
/// `threads` threads (0: one a core, at most 8); the ledger and any error
/// are the same for every count. A file is read a block at a time.
[[nodiscard]] Ledger parse_orders(std::string_view csv_text, const std::string& source_name, const Currency& currency,
                                  unsigned threads = 0);
[[nodiscard]] Ledger load_orders(const std::filesystem::path& path, const Currency& currency, unsigned threads = 0);

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

}  // namespace payplan
