// What the payplan fuzz harnesses share (tests/fuzz, libFuzzer).
//
// A payplan::error (input_error, overflow_error, usage_error) is the expected
// answer to a bad input: the harness swallows it. Anything else — another
// exception, a crash, a sanitizer report, a broken invariant checked with
// require() — escapes or aborts, and libFuzzer records it as a finding.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "payplan/values/error.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace payplan::fuzz {

/// What a run writes (spec 5), all three files, in memory.
inline std::string written(const Result& result) {
  std::ostringstream out;
  write_lines(out, result);
  write_statements(out, result);
  write_exceptions(out, result);
  return out.str();
}

/// Runs f; true when it finished, false when it threw a payplan::error.
template <class F>
bool completes(F&& f) {
  try {
    f();
    return true;
  } catch (const payplan::error&) {
    return false;
  }
}

/// An invariant the harness checks: when it does not hold, abort (a finding).
inline void require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "payplan fuzz: invariant broken: %s\n", what);
  std::abort();
}

/// The fixed inputs a harness evaluates against: $ENV_VAR when set, else the
/// example file PAYPLAN_SOURCE_DIR/rules-examples/DEFAULT.
inline std::filesystem::path fixed_input(const char* env_var, const char* default_example) {
  if (const char* p = std::getenv(env_var); p != nullptr && *p != '\0') return p;
  return std::filesystem::path(PAYPLAN_SOURCE_DIR) / "rules-examples" / default_example;
}

/// The first `rows` data rows of an orders CSV (and its header): small fixed
/// orders, so that every execution of a harness stays fast.
inline std::string first_rows(const std::string& csv, std::size_t rows) {
  std::size_t end = 0;
  for (std::size_t n = 0; n <= rows && end != std::string::npos; ++n) {
    end = csv.find('\n', end);
    if (end != std::string::npos) ++end;
  }
  return end == std::string::npos ? csv : csv.substr(0, end);
}

}  // namespace payplan::fuzz
