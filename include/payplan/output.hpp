#pragma once
// What a run writes (spec 5): lines.csv, statements.csv, exceptions.csv.
//
//   void write_lines(std::ostream&, const Result&, const Ledger&);
//   void write_statements(std::ostream&, const Result&);
//   void write_exceptions(std::ostream&, const Result&);
//   void write_run(const std::filesystem::path& dir, const Result&, const Ledger&);  // atomic
//   void print_statement_table(std::ostream&, const Result&);                       // for people

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "payplan/ledger.hpp"
#include "payplan/result.hpp"

namespace payplan {

void write_lines(std::ostream& out, const Result& result, const Ledger& ledger);
void write_statements(std::ostream& out, const Result& result);
void write_exceptions(std::ostream& out, const Result& result);

/// Writes the three files into dir (created if missing) so that they appear
/// whole or not at all: each is written to a temporary folder in dir and
/// renamed into place only once all three are complete.
void write_run(const std::filesystem::path& dir, const Result& result, const Ledger& ledger);

/// Writes each (file name, writer) into dir so that they appear whole or not
/// at all (the mechanism of write_run, for other outputs too).
void write_atomically(const std::filesystem::path& dir,
                      const std::vector<std::pair<std::string, std::function<void(std::ostream&)>>>& files);

/// A readable table of statements with per-period and grand totals.
void print_statement_table(std::ostream& out, const Result& result);

}  // namespace payplan
