// The pay history's inputs (spec 6): an earlier run's output folder
// (--paid OLD) and a manual adjustments file (--adjustments ADJ.csv).
//
// OLD is read as payplan wrote it: its manifest (the periods it wrote, its
// own closing), statements.csv, lines.csv and adjustments.csv, each header
// exactly as payplan writes it. Its statements must be the sums of its
// lines, statement by statement (otherwise someone edited one file and not
// the other, and what was paid is unknown). lines.csv is sorted by period
// first (spec 5), so the closed periods' rows are its first rows: they are
// kept as text, to be written again byte for byte.

#include <array>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"
#include "csv_records.hpp"

namespace payplan {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view lines_header =
    "period,payee,component,order_id,account,date,amount_in,credit,gross,eligible,share,amount,note";
constexpr std::string_view statements_header = "period,payee,component,amount";
constexpr std::string_view adjustments_header = "period,payee,component,origin_period,paid,recomputed,delta";

// Reads `text`'s header (which must be `header`) and then each record,
// calling row(record, row number, byte offset after it).
template <class Row>
void each_row(std::string_view text, const std::string& file, std::string_view header, Row&& row) {
  std::deque<std::string> unquoted;
  csv::record rec;
  rec.unquoted = &unquoted;
  csv::record_reader reader(text, file);
  if (!reader.next(rec, 0)) throw input_error({file, 1, 0, 0, ""}, "empty: not a payplan output");
  std::string seen;
  for (std::size_t f = 0; f < rec.fields.size(); ++f) seen += (f ? "," : "") + std::string(rec.fields[f]);
  if (seen != header)
    throw input_error({file, 1, 0, 0, ""}, "header is not payplan's (" + std::string(header) + "): not a payplan output");
  const std::size_t width = rec.fields.size();
  std::size_t n = 0;
  while (reader.next(rec, n + 1)) {
    ++n;
    if (rec.fields.size() != width)
      throw input_error({file, rec.line, 0, n, ""}, "row has " + std::to_string(rec.fields.size()) +
                                                        " fields, the header has " + std::to_string(width));
    row(rec, n, reader.pos());
    unquoted.clear();  // the row's quoted fields are done with
  }
}

Period period_field(std::string_view text, const std::string& file, const csv::record& rec, std::size_t n,
                    const char* column) {
  const auto p = parse_period(text);
  if (!p) throw input_error({file, rec.line, 0, n, column}, "'" + std::string(text) + "' is not a period label");
  return *p;
}

Money money_field(std::string_view text, const std::string& file, const csv::record& rec, std::size_t n,
                  const char* column) {
  const auto m = parse_money(text);
  if (!m.ok()) throw input_error({file, rec.line, 0, n, column}, "'" + std::string(text) + "' is not an amount");
  return m.value;
}

// The rows of a manual adjustments file: each row's file line, for messages.
class adjustments_origin final : public origin {
 public:
  explicit adjustments_origin(std::string file) : file_(std::move(file)) {}
  std::vector<std::size_t> lines;

  [[nodiscard]] source_location locate(const subject& s) const override {
    static constexpr std::array<const char*, 5> names{"period", "payee", "component", "amount", "reason"};
    if (s.what != subject::kind::adjustment) return {file_};
    return {file_, s.index < lines.size() ? lines[s.index] : 0, 0, std::size_t{s.index} + 1,
            s.item < names.size() ? names[s.item] : ""};
  }

 private:
  std::string file_;
};

// The earlier run as a whole: its manifest names it.
class paid_origin final : public origin {
 public:
  explicit paid_origin(std::string manifest) : manifest_(std::move(manifest)) {}
  [[nodiscard]] source_location locate(const subject&) const override { return {manifest_}; }

 private:
  std::string manifest_;
};

}  // namespace

ManualAdjustments parse_adjustments(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's byte order mark
  auto where = std::make_shared<adjustments_origin>(source);
  std::deque<std::string> unquoted;
  csv::record rec;
  rec.unquoted = &unquoted;
  csv::record_reader reader(text, source);
  constexpr std::array<std::string_view, 5> names{"period", "payee", "component", "amount", "reason"};
  if (!reader.next(rec, 0) || csv::blank(rec))
    throw input_error({source, 1, 0, 0, ""}, "no header row (expected period,payee,component,amount,reason)");
  const std::size_t width = rec.fields.size();
  const auto at = csv::header_columns(rec, names, names.size(), source, "period,payee,component,amount,reason");
  std::vector<ManualAdjustment> rows;
  std::size_t row = 0;
  while (reader.next(rec, row + 1)) {
    if (csv::blank(rec)) continue;
    ++row;
    const std::size_t line = rec.line;
    auto fail = [&](std::size_t c, const std::string& message) {
      throw input_error({source, line, 0, row, std::string(names[c])}, message);
    };
    if (rec.fields.size() != width)
      throw input_error({source, line, 0, row, ""}, "row has " + std::to_string(rec.fields.size()) +
                                                        " fields, the header has " + std::to_string(width));
    ManualAdjustment m;
    const std::string_view period = rec.fields[at[0]];
    const auto p = parse_period(period);
    if (!p) fail(0, "'" + std::string(period) + "' is not a period label (2026-Q1, 2026-01 or 2026)");
    m.period = *p;
    m.payee = rec.fields[at[1]];
    if (m.payee.empty()) fail(1, "payee is empty");
    m.component = rec.fields[at[2]];
    if (m.component.empty()) fail(2, "component is empty");
    const auto amount = parse_money(rec.fields[at[3]]);
    if (!amount.ok()) fail(3, "'" + std::string(rec.fields[at[3]]) + "' is not an amount (write it like 250.00 or -75.50)");
    m.amount = amount.value;
    m.reason = rec.fields[at[4]];
    if (m.reason.empty()) fail(4, "reason is empty: say why the adjustment is paid");
    rows.push_back(std::move(m));
    where->lines.push_back(line);
  }
  return ManualAdjustments(std::move(rows), where);
}

ManualAdjustments load_adjustments(const fs::path& path) { return parse_adjustments(read_file(path), path.string()); }

PaidRun load_paid(const fs::path& dir, std::optional<Period> closed_through) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw input_error({dir.string()}, "--paid names no folder: give the output folder of an earlier payplan run");
  PaidRun out;
  const run_manifest m = read_manifest(dir);
  const std::string manifest_file = (dir / "manifest.json").string();
  out.history.from = std::make_shared<paid_origin>(manifest_file);
  out.files.push_back(digest_file(fs::absolute(dir / "manifest.json").lexically_normal(), "paid", false));
  // the periods it wrote and its own closing, all of one length
  std::optional<period_length> length;
  auto label = [&](const std::string& text, const char* what) {
    const auto p = parse_period(text);
    if (!p) throw input_error({manifest_file}, std::string(what) + " '" + text + "' is not a period label");
    if (length && p->length() != *length)
      throw input_error({manifest_file}, std::string(what) + " '" + text + "' is not of the length of the others");
    length = p->length();
    return *p;
  };
  for (const std::string& p : m.periods) out.history.periods.push_back(label(p, "period"));
  if (m.closed_through) out.history.closed_through = label(*m.closed_through, "closed_through");
  if (length) out.history.length = *length;
  const auto closed = [&](Period p) { return closed_through && p.length() == out.history.length && p <= *closed_through; };

  // each file as the earlier run wrote it: its size and sha256 are the manifest's
  auto need = [&](const char* name) {
    const fs::path path = dir / name;
    if (!fs::is_regular_file(path, ec))
      throw input_error({path.string()}, std::string("no ") + name + ": the earlier run must have written it" +
                                             (std::string_view(name) == "lines.csv"
                                                  ? " (a run with --outputs that leave lines.csv out cannot be paid from)"
                                                  : ""));
    // read once: its text is both digested and parsed
    std::string text = read_file(path);
    detail::file_digester digester;
    digester.add(text.data(), text.size());
    file_digest d = digester.finish(fs::absolute(path).lexically_normal().string(), "paid", true);
    const file_digest* listed = nullptr;
    for (const file_digest& o : m.outputs)
      if (o.path == name) listed = &o;
    if (listed == nullptr)
      throw input_error({manifest_file}, std::string("does not list ") + name + ": not the manifest of the run that wrote it");
    if (listed->sha256 != d.sha256 || listed->bytes != d.bytes)
      throw input_error({path.string()}, "is not the file the earlier run wrote (its size or sha256 differs from " +
                                             manifest_file + "): it was changed since, and what was paid is unknown");
    out.files.push_back(std::move(d));
    return std::pair{path, std::move(text)};
  };

  // statements.csv: what was paid, and each statement's row for messages
  // (not a structured binding: clang does not let a lambda capture one)
  const auto statements_read = need("statements.csv");
  const std::string statements_file = statements_read.first.string();
  const std::string& statements_text = statements_read.second;
  using name = std::tuple<std::int32_t, std::string, std::string>;
  std::map<name, std::pair<Money, std::size_t>> stated;  // -> (amount, row)
  std::size_t closed_statements_end = 0, header_end = 0;
  bool open_seen = false;
  each_row(statements_text, statements_file, statements_header, [&](const csv::record& r, std::size_t n, std::size_t end) {
    if (n == 1) header_end = statements_text.find('\n') + 1;
    const Period p = period_field(r.fields[0], statements_file, r, n, "period");
    if (p.length() != out.history.length && !out.history.periods.empty())
      throw input_error({statements_file, r.line, 0, n, "period"}, "period " + to_string(p) + " is not of the manifest's periods' length");
    const Money amount = money_field(r.fields[3], statements_file, r, n, "amount");
    out.history.statements.push_back({p, std::string(r.fields[1]), std::string(r.fields[2]), amount});
    if (!stated.emplace(name{p.ordinal(), r.fields[1], r.fields[2]}, std::pair{amount, n}).second)
      throw input_error({statements_file, r.line, 0, n, ""}, "a second row for this statement: not a payplan output");
    if (closed(p)) {
      if (open_seen)
        throw input_error({statements_file, r.line, 0, n, "period"}, "rows are not in period order: not a payplan output");
      closed_statements_end = end;
    } else {
      open_seen = true;
    }
  });
  if (closed_statements_end > header_end) out.closed_statements = statements_text.substr(header_end, closed_statements_end - header_end);
  if (!out.closed_statements.empty() && out.closed_statements.back() != '\n') out.closed_statements += '\n';

  // lines.csv: each statement's lines summed (consecutive rows share one), the closed rows kept
  const auto lines_read = need("lines.csv");
  const std::string lines_file = lines_read.first.string();
  const std::string& lines_text = lines_read.second;
  std::map<name, std::pair<Money, std::size_t>> summed;  // -> (sum, first row)
  std::pair<Money, std::size_t>* current = nullptr;
  std::string last_period, last_payee, last_component;
  std::size_t closed_lines_end = 0, lines_header_end = 0;
  open_seen = false;
  each_row(lines_text, lines_file, lines_header, [&](const csv::record& r, std::size_t n, std::size_t end) {
    if (n == 1) lines_header_end = lines_text.find('\n') + 1;
    if (current == nullptr || r.fields[0] != last_period || r.fields[1] != last_payee || r.fields[2] != last_component) {
      const Period p = period_field(r.fields[0], lines_file, r, n, "period");
      last_period = r.fields[0];
      last_payee = r.fields[1];
      last_component = r.fields[2];
      current = &summed.try_emplace(name{p.ordinal(), last_payee, last_component}, std::pair{Money{}, n}).first->second;
      if (closed(p)) {
        if (open_seen)
          throw input_error({lines_file, r.line, 0, n, "period"}, "rows are not in period order: not a payplan output");
      } else {
        open_seen = true;
      }
    }
    current->first += money_field(r.fields[11], lines_file, r, n, "amount");
    if (!open_seen) closed_lines_end = end;
  });
  if (closed_lines_end > lines_header_end) out.closed_lines = lines_text.substr(lines_header_end, closed_lines_end - lines_header_end);
  if (!out.closed_lines.empty() && out.closed_lines.back() != '\n') out.closed_lines += '\n';  // the next row starts a line

  // spec 6: its statements are the sums of its lines, or it is refused
  for (const auto& [k, s] : stated) {
    const auto it = summed.find(k);
    const Money lines_sum = it == summed.end() ? Money{} : it->second.first;
    if (lines_sum != s.first)
      throw input_error({statements_file, 0, 0, s.second, "amount"},
                        "the statement of " + std::get<1>(k) + ", " + std::get<2>(k) + ", " +
                            to_string(Period(out.history.length, std::get<0>(k))) + " is " + to_string(s.first, 2) +
                            " but its lines in " + lines_file + " sum to " + to_string(lines_sum, 2));
  }
  for (const auto& [k, s] : summed)
    if (!stated.count(k))
      throw input_error({lines_file, 0, 0, s.second, ""},
                        "lines of " + std::get<1>(k) + ", " + std::get<2>(k) + ", " +
                            to_string(Period(out.history.length, std::get<0>(k))) + " sum to " + to_string(s.first, 2) +
                            " but " + statements_file + " has no row for them");

  // adjustments.csv: every run writes it (spec 6); without it OLD's
  // adjustments would be paid again and its manual ones reversed
  {
    const auto [adjustments_path, text] = need("adjustments.csv");
    const std::string file = adjustments_path.string();
    each_row(text, file, adjustments_header, [&](const csv::record& r, std::size_t n, std::size_t) {
      Adjustment a;
      a.period = period_field(r.fields[0], file, r, n, "period");
      a.payee = r.fields[1];
      a.component = r.fields[2];
      if (!r.fields[3].empty()) a.origin = period_field(r.fields[3], file, r, n, "origin_period");
      if (!r.fields[4].empty()) a.paid = money_field(r.fields[4], file, r, n, "paid");
      if (!r.fields[5].empty()) a.recomputed = money_field(r.fields[5], file, r, n, "recomputed");
      a.delta = money_field(r.fields[6], file, r, n, "delta");
      if (a.origin && (!a.paid || !a.recomputed || *a.recomputed - *a.paid != a.delta))
        throw input_error({file, r.line, 0, n, "delta"}, "delta is not recomputed - paid: not a payplan output");
      if (!a.origin && (a.paid || a.recomputed))
        throw input_error({file, r.line, 0, n, "origin_period"},
                          "a row without an origin period (a manual adjustment) has no paid or recomputed: not a payplan output");
      out.history.adjustments.push_back(std::move(a));
    });
  }
  return out;
}

}  // namespace payplan
