// Credits CSV (spec 3.1): `order_id,person,share[,overlay]`, a header row,
// RFC 4180 quoting. Read whole (a credits file names the split deals, not
// every order). Each field is checked here; the ids are resolved against the
// ledger and the org when the credit table is made (engine/crediting.hpp),
// which names the row through this file's origin.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/io/load.hpp"
#include "csv_records.hpp"

namespace payplan {

namespace {

enum column : std::uint8_t { order_id, person, share, overlay, column_count };
constexpr std::array<std::string_view, column_count> column_names{"order_id", "person", "share", "overlay"};
constexpr std::size_t required_columns = 3;  // order_id, person, share

// Where each credits row is: its row (from 1), its field, and for a file
// the line it starts on (none for columns handed over in memory).
class credits_origin final : public origin {
 public:
  explicit credits_origin(std::string file) : file_(std::move(file)) {}
  std::vector<std::size_t> lines;  // by row index (from 0); empty: no lines

  [[nodiscard]] source_location locate(const subject& s) const override {
    if (s.what != subject::kind::deal_credit) return {file_};
    const std::string field = s.item < column_count ? std::string(column_names[s.item]) : std::string();
    return {file_, s.index < lines.size() ? lines[s.index] : 0, 0, std::size_t{s.index} + 1, field};
  }

 private:
  std::string file_;
};

// One row's fields, each checked (spec 3.1); fail(column, message) throws
// naming the row. The share's range is checked by DealCredits.
template <class Fail>
DealCredit credit_row(std::string_view order, std::string_view who, std::string_view w, bool overlaid, Fail&& fail) {
  DealCredit d;
  d.order_id = order;
  d.person = who;
  if (d.order_id.empty()) fail(order_id, "order_id is empty");
  if (d.person.empty()) fail(person, "person is empty");
  const auto r = parse_rate(w);
  if (!r.ok()) fail(share, std::string("'").append(w).append("' is not a share (write it like a rate: 70% or 0.7)"));
  d.share = r.value;
  d.overlay = overlaid;
  return d;
}

bool overlay_flag(std::string_view text, bool& out) {
  auto lower = [](std::string_view t, std::string_view word) {
    if (t.size() != word.size()) return false;
    for (std::size_t k = 0; k < t.size(); ++k)
      if ((t[k] | 0x20) != word[k]) return false;
    return true;
  };
  if (text.empty() || lower(text, "false")) return (out = false), true;
  if (lower(text, "true")) return (out = true), true;
  return false;
}

}  // namespace

DealCredits parse_credits(std::string_view text, const std::string& source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark (a spreadsheet's export)
  auto where = std::make_shared<credits_origin>(source);
  std::deque<std::string> unquoted;
  csv::record rec;
  rec.unquoted = &unquoted;
  csv::record_reader reader(text, source);
  if (!reader.next(rec, 0) || csv::blank(rec))
    throw input_error({source, 1, 0, 0, ""}, "no header row (expected order_id,person,share[,overlay])");
  const std::size_t width = rec.fields.size();
  const auto at = csv::header_columns(rec, column_names, required_columns, source, "order_id,person,share[,overlay]");
  std::vector<DealCredit> rows;
  std::size_t row = 0;
  while (reader.next(rec, row + 1)) {
    if (csv::blank(rec)) continue;  // an empty line credits nobody
    ++row;
    const std::size_t line = rec.line;
    auto fail = [&](column c, const std::string& message) {
      throw input_error({source, line, 0, row, std::string(column_names[c])}, message);
    };
    if (rec.fields.size() != width)
      throw input_error({source, line, 0, row, ""}, "row has " + std::to_string(rec.fields.size()) +
                                                        " fields, the header has " + std::to_string(width));
    bool overlaid = false;
    if (at[overlay] != SIZE_MAX && !overlay_flag(rec.fields[at[overlay]], overlaid))
      fail(overlay, "'" + std::string(rec.fields[at[overlay]]) + "' is not true or false");
    rows.push_back(credit_row(rec.fields[at[order_id]], rec.fields[at[person]], rec.fields[at[share]], overlaid, fail));
    where->lines.push_back(line);
  }
  return DealCredits(std::move(rows), where);  // checks each share is in (0, 100%]
}

DealCredits load_credits(const std::filesystem::path& path) { return parse_credits(read_file(path), path.string()); }

DealCredits credits_from_columns(const std::vector<std::string>& order_ids, const std::vector<std::string>& persons,
                                 const std::vector<std::string>& shares, const std::vector<bool>& overlays,
                                 const std::string& source) {
  if (persons.size() != order_ids.size() || shares.size() != order_ids.size() || overlays.size() != order_ids.size())
    throw std::invalid_argument("payplan: credits columns of different lengths");
  auto where = std::make_shared<credits_origin>(source);
  std::vector<DealCredit> rows;
  rows.reserve(order_ids.size());
  for (std::size_t n = 0; n < order_ids.size(); ++n) {
    auto fail = [&](column c, const std::string& message) {
      throw input_error(where->locate({subject::kind::deal_credit, static_cast<std::uint32_t>(n), c}), message);
    };
    rows.push_back(credit_row(order_ids[n], persons[n], shares[n], overlays[n], fail));
  }
  return DealCredits(std::move(rows), where);  // checks each share is in (0, 100%]
}

}  // namespace payplan
