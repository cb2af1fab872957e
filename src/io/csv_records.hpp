#pragma once
// CSV records (RFC 4180) for the readers in src/io: the orders reader
// (load_orders.cpp) and the credits reader (load_credits.cpp). Fields are
// views into the text; a quoted field is unescaped into the record's
// `unquoted` store. A record ends at `\n`, `\r\n` or a lone `\r`.

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <bit>
#include <cstdint>
#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/values/error.hpp"

namespace payplan::csv {

// One record's fields: views into the text, or into `unquoted` for a
// quoted field (unescaped there; rare), which outlives the record.
struct record {
  std::vector<std::string_view> fields;
  std::deque<std::string>* unquoted = nullptr;  // deque: earlier views stay valid as it grows
  std::size_t line = 1;                         // where the record starts
};

// Splits records, one at a time, out of text that holds whole records.
// Lines count from `first_line`, rows (in messages) from `first_row`.
// Fields are separated by `separator` (`,`; `;` or a tab in files from
// spreadsheets and ERP systems set to a decimal comma).
class record_reader {
 public:
  record_reader(std::string_view text, const std::string& source, std::size_t first_line = 1, char separator = ',')
      : text_(text), source_(source), line_(first_line), sep_(separator) {}

  [[nodiscard]] bool done() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] std::size_t pos() const noexcept { return pos_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  /// Reads the next record into r; returns false at the end of input.
  bool next(record& r, std::size_t row) {
    r.fields.clear();
    if (done()) return false;
    r.line = line_;
    if (unquoted_record(r)) return true;
    r.fields.clear();
    for (;;) {
      std::size_t start = pos_;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        r.fields.push_back(quoted(r, row, r.fields.size()));
      } else {
        const char* p = text_.data() + pos_;
        const char* const end = text_.data() + text_.size();
        while (p < end && *p != sep_ && *p != '\n' && *p != '\r') ++p;
        pos_ = static_cast<std::size_t>(p - text_.data());
        r.fields.push_back(text_.substr(start, pos_ - start));
      }
      if (pos_ >= text_.size()) return true;
      char c = text_[pos_++];
      if (c == sep_) continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

 private:
  // The usual record, without quotes: its separators found 16 bytes at a
  // time (issue 11: a byte-at-a-time loop was a third of parsing). false,
  // with nothing consumed, at a quote or too near the end: the loop below
  // reads that record instead.
  bool unquoted_record(record& r) {
#if defined(__SSE2__)
    const char* const begin = text_.data();
    const char* const end = begin + text_.size();
    const char* field = begin + pos_;
    const __m128i sep = _mm_set1_epi8(sep_);
    for (const char* p = field; p + 16 <= end; p += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sep), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                       _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))));
      for (; mask != 0; mask &= mask - 1) {
        const char* at = p + std::countr_zero(mask);
        if (*at == '"') return false;
        r.fields.emplace_back(field, static_cast<std::size_t>(at - field));
        field = at + 1;
        if (*at == sep_) continue;
        if (*at == '\r' && field < end && *field == '\n') ++field;  // CR LF
        pos_ = static_cast<std::size_t>(field - begin);
        ++line_;
        return true;
      }
    }
#else
    (void)r;
#endif
    return false;
  }

  std::string_view quoted(record& r, std::size_t row, std::size_t field) {
    std::size_t open_line = line_;
    ++pos_;
    std::string& buf = r.unquoted->emplace_back();
    for (;;) {
      if (pos_ >= text_.size())
        throw input_error({source_, open_line, 0, row, "field " + std::to_string(field + 1)},
                          "quoted field is not closed");
      char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          buf.push_back('"');
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] != sep_ && text_[pos_] != '\n' && text_[pos_] != '\r')
          throw input_error({source_, line_, 0, row, "field " + std::to_string(field + 1)},
                            "unexpected character after a closing quote");
        return buf;
      }
      if (c == '\n') ++line_;
      buf.push_back(c);
    }
  }

  std::string_view text_;
  const std::string& source_;
  std::size_t pos_ = 0, line_ = 1;
  char sep_ = ',';
};

/// The field separator of a file whose first line is `header` (a BOM
/// already dropped): of `,`, `;` and tab, the one it holds most outside
/// quotes, `,` on a tie or when it holds none (one column).
[[nodiscard]] inline char detect_separator(std::string_view header) {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

/// A header name as it is matched: spaces around it trimmed, ASCII letters
/// folded to lower case (`Order_ID ` is order_id).
[[nodiscard]] inline std::string header_key(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  std::string key(name);
  for (char& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

/// How a separator is named in messages.
[[nodiscard]] inline std::string separator_name(char sep) {
  return sep == '\t' ? std::string("tab") : "'" + std::string(1, sep) + "'";
}

inline bool blank(const record& r) { return r.fields.size() == 1 && r.fields[0].empty(); }

/// Where each of `names` is in the header record (SIZE_MAX: absent): a
/// column named twice, or one of the first `required` missing, is an input
/// error naming the file's line 1 and the column (`expected` says the form).
template <std::size_t N>
std::array<std::size_t, N> header_columns(const record& header, const std::array<std::string_view, N>& names,
                                          std::size_t required, const std::string& source, const std::string& expected) {
  std::array<std::size_t, N> at{};
  at.fill(SIZE_MAX);
  for (std::size_t f = 0; f < header.fields.size(); ++f)
    for (std::size_t c = 0; c < N; ++c)
      if (header.fields[f] == names[c]) {
        if (at[c] != SIZE_MAX) throw input_error({source, 1, 0, 0, std::string(names[c])}, "column appears twice in the header");
        at[c] = f;
      }
  for (std::size_t c = 0; c < required; ++c)
    if (at[c] == SIZE_MAX)
      throw input_error({source, 1, 0, 0, std::string(names[c])},
                        "required column is missing from the header (expected " + expected + ")");
  return at;
}


}  // namespace payplan::csv
