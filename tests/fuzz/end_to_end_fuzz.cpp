// libFuzzer target: a whole run on fuzzed orders (spec 2 and 5). A fixed plan
// and org (rules-examples/full-plan, or $PAYPLAN_FUZZ_PLAN / $PAYPLAN_FUZZ_ORG)
// and the fuzzed orders CSV: load, evaluate, write lines.csv, statements.csv
// and exceptions.csv to memory, explain one line. Then the same CSV with its
// data rows permuted must give byte-identical outputs (spec 2: row order in
// the file does not matter; spec 5: same inputs, same bytes).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "payplan/engine/engine.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"

namespace {

using namespace payplan;

struct Fixed {
  Plan plan;
  Org org;
};

const Fixed& fixed() {
  static const Fixed f{load_plan(fuzz::fixed_input("PAYPLAN_FUZZ_PLAN", "full-plan/plan.yaml")),
                       load_org(fuzz::fixed_input("PAYPLAN_FUZZ_ORG", "full-plan/org.yaml"))};
  return f;
}

// The records of a CSV as the loader splits them (RFC 4180: a quoted field
// may hold line breaks; a record ends at \n, \r\n or a lone \r), each with
// its terminator. nullopt when the text is not well-formed enough to move
// records around safely (an unclosed quote, text after a closing quote):
// the loader rejects such a file anyway.
std::optional<std::vector<std::string_view>> records(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t pos = 0, start = 0;
  bool field_start = true;
  while (pos < text.size()) {
    char c = text[pos];
    if (field_start && c == '"') {
      ++pos;
      for (;;) {
        if (pos >= text.size()) return std::nullopt;  // not closed
        if (text[pos++] != '"') continue;
        if (pos < text.size() && text[pos] == '"') {
          ++pos;
          continue;
        }
        break;
      }
      if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') return std::nullopt;
      field_start = false;
      continue;
    }
    ++pos;
    field_start = c == ',';
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
      out.push_back(text.substr(start, pos - start));
      start = pos;
      field_start = true;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// The header first, then the data records in an order fixed by the bytes
// (libFuzzer needs a deterministic harness), never the original order when
// there are two or more. nullopt when there is nothing to permute.
std::optional<std::string> permuted(std::string_view text) {
  auto recs = records(text);
  if (!recs || recs->size() < 3) return std::nullopt;
  std::vector<std::size_t> order(recs->size() - 1);
  std::iota(order.begin(), order.end(), std::size_t{1});
  std::uint64_t seed = 14695981039346656037ull;  // FNV-1a of the bytes
  for (unsigned char c : text) seed = (seed ^ c) * 1099511628211ull;
  std::mt19937_64 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  if (std::is_sorted(order.begin(), order.end())) std::rotate(order.begin(), order.begin() + 1, order.end());
  std::string out((*recs)[0]);
  for (std::size_t i : order) {
    std::string_view r = (*recs)[i];
    out += r;
    if (r.back() != '\n' && r.back() != '\r') out += '\n';  // the last record may have had no line break
  }
  return out;
}

// Load, evaluate and write the three outputs; nullopt when the orders are
// rejected (a payplan::error). Then explain the first line that pays an
// order: the engine already paid it, so an error there is a finding.
std::optional<std::string> run(std::string_view csv) {
  const Fixed& f = fixed();
  std::optional<Ledger> ledger;
  std::optional<Result> result;
  std::optional<std::string> written;
  fuzz::completes([&] {
    ledger = parse_orders(csv, "fuzz-orders.csv", f.plan.currency);
    result = evaluate(f.plan, f.org, *ledger);
    written = fuzz::written(*result);  // each file opens with its own header row
  });
  if (!written) return written;

  const auto& all = result->lines;
  auto paid = std::find_if(all.begin(), all.end(), [](const Line& l) { return l.order.ok(); });
  if (paid == all.end()) return written;
  const auto explained = explain(f.plan, f.org, *ledger, result->payee_of(*paid), ledger->order_id(paid->order));
  const auto same = std::count_if(all.begin(), all.end(), [&](const Line& l) {
    return l.order == paid->order && l.payee == paid->payee;
  });
  fuzz::require(explained.size() == static_cast<std::size_t>(same),
                "explain gives one explanation per line of the order that pays the payee");
  return written;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixed();  // a broken fixed plan or org fails here, not as a finding
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto first = run(text);
  if (const auto shuffled = permuted(text)) {
    const auto second = run(*shuffled);
    fuzz::require(first.has_value() == second.has_value(), "permuting the data rows does not change whether they load");
    fuzz::require(first == second, "permuting the data rows gives byte-identical outputs");
  }
  return 0;
}
