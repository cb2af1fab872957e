// Orders CSV (spec 2): header row, RFC 4180 quoting, UTF-8. One pass over
// the bytes; fields are views into the text, so a row costs no allocation.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <deque>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/values/error.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/orders_origin.hpp"

namespace payplan {

// Reads a whole input. A regular file is read at its size; a pipe, a FIFO
// or /dev/stdin (`--orders <(...)`) has no size and is read to its end; a
// folder is an input error, not an attempt to allocate its "size".
std::string read_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    throw input_error({path.string()}, e == ENOENT ? std::string("cannot open file")
                                                   : "cannot open file: " + std::generic_category().message(e));
  }
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_at_end{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw input_error({path.string()}, "cannot read file: " + std::generic_category().message(errno));
  if (S_ISDIR(st.st_mode)) throw input_error({path.string()}, "is a directory");
  std::string text;
  std::size_t used = 0;
  text.resize(S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : std::size_t{1} << 16);
  char probe[4096];  // when the buffer is full: is there more (a stream, a file that grew)?
  for (;;) {
    const bool full = used == text.size();
    const ssize_t n = full ? ::read(fd, probe, sizeof probe) : ::read(fd, text.data() + used, text.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw input_error({path.string()}, "cannot read file: " + std::generic_category().message(errno));
    if (n == 0) break;
    if (full) {
      text.resize(text.size() * 2);
      std::memcpy(text.data() + used, probe, static_cast<std::size_t>(n));
    }
    used += static_cast<std::size_t>(n);
  }
  text.resize(used);
  return text;
}

namespace {

enum column : std::uint8_t { order_id, date, account, amount, currency, closed_by, refund_of, product, column_count };
constexpr std::array<std::string_view, column_count> column_names{"order_id", "date",      "account",   "amount",
                                                                   "currency", "closed_by", "refund_of", "product"};
constexpr std::size_t required_columns = 4;  // order_id, date, account, amount

// One record's fields: views into the text, or into its own scratch for a
// quoted field (unescaped there; rare), so several records can be held at once.
struct record {
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;  // deque: earlier views stay valid as it grows
  std::size_t scratch_used = 0;
  std::size_t line = 1;  // where the record starts
};

// Splits one record starting at `pos` into fields.
class record_reader {
 public:
  record_reader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  }

  [[nodiscard]] bool done() const noexcept { return pos_ >= text_.size(); }

  /// Reads the next record into r; returns false at the end of input.
  bool next(record& r, std::size_t row) {
    r.fields.clear();
    r.scratch_used = 0;
    if (done()) return false;
    r.line = line_;
    for (;;) {
      std::size_t start = pos_;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        r.fields.push_back(quoted(r, row, r.fields.size()));
      } else {
        const char* p = text_.data() + pos_;
        const char* const end = text_.data() + text_.size();
        while (p < end && *p != ',' && *p != '\n' && *p != '\r') ++p;
        pos_ = static_cast<std::size_t>(p - text_.data());
        r.fields.push_back(text_.substr(start, pos_ - start));
      }
      if (pos_ >= text_.size()) return true;
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

 private:
  std::string_view quoted(record& r, std::size_t row, std::size_t field) {
    std::size_t open_line = line_;
    ++pos_;
    if (r.scratch_used == r.scratch.size()) r.scratch.emplace_back();
    std::string& buf = r.scratch[r.scratch_used++];
    buf.clear();
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
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
          throw input_error({source_, line_, 0, row, "field " + std::to_string(field + 1)},
                            "unexpected character after a closing quote");
        return buf;
      }
      if (c == '\n') ++line_;
      buf.push_back(c);
    }
  }

  std::string_view text_;
  std::string source_;
  std::size_t pos_ = 0, line_ = 1;
};

bool blank(const record& r) { return r.fields.size() == 1 && r.fields[0].empty(); }

// Records read `ahead` rows before they are added, so that the ledger can
// fetch each order id's slot of its index into cache early (issue 11: that
// slot is a cache miss per order, most of a load's time). An error met
// while reading ahead is raised when its row's turn comes, so the first bad
// row is still the one reported.
class rows_ahead {
 public:
  static constexpr std::size_t ahead = 16;

  template <class Expect>
  rows_ahead(record_reader& reader, Expect expect) : reader_(reader), expect_(std::move(expect)) {}

  /// The next non-blank record (its row is rows() after the call), or nullptr at the end.
  record* next() {
    fill();
    if (taken_ == read_) {
      if (failure_) std::rethrow_exception(failure_);
      return nullptr;
    }
    return &ring_[taken_++ % ahead];
  }
  [[nodiscard]] std::size_t rows() const noexcept { return taken_; }

 private:
  void fill() {
    // the slot of the record just taken is reused only once it is done with (next call)
    while (!failure_ && read_ - taken_ < ahead - 1 && !reader_.done()) {
      record& r = ring_[read_ % ahead];
      try {
        if (!reader_.next(r, read_ + 1)) return;
      } catch (...) {
        failure_ = std::current_exception();
        return;
      }
      if (blank(r)) continue;  // an empty line holds no order
      ++read_;
      expect_(r);
    }
  }

  record_reader& reader_;
  std::function<void(const record&)> expect_;
  std::array<record, ahead> ring_;
  std::size_t read_ = 0, taken_ = 0;
  std::exception_ptr failure_;
};

}  // namespace

Ledger parse_orders(std::string_view text, const std::string& source, const Currency& plan_currency) {
  record_reader reader(text, source);
  record header;
  if (!reader.next(header, 0) || blank(header)) throw input_error({source, 1, 0, 0, ""}, "no header row");
  const std::vector<std::string_view>& names = header.fields;

  std::array<std::size_t, column_count> where;
  where.fill(SIZE_MAX);
  for (std::size_t f = 0; f < names.size(); ++f)
    for (std::size_t c = 0; c < column_count; ++c)
      if (names[f] == column_names[c]) {
        if (where[c] != SIZE_MAX)
          throw input_error({source, 1, 0, 0, std::string(column_names[c])}, "column appears twice in the header");
        where[c] = f;
      }
  for (std::size_t c = 0; c < required_columns; ++c)
    if (where[c] == SIZE_MAX)
      throw input_error({source, 1, 0, 0, std::string(column_names[c])}, "required column is missing from the header");
  const std::size_t width = names.size();

  auto places = std::make_shared<detail::orders_origin>(source);
  LedgerBuilder builder(places);
  builder.reserve(text.size() / 48, text.size() / 6);
  rows_ahead records(reader, [&](const record& r) {
    if (where[order_id] < r.fields.size()) builder.expect(r.fields[where[order_id]]);
  });
  while (record* rec = records.next()) {
    const std::size_t row = records.rows();
    const std::size_t line = rec->line;
    const auto& fields = rec->fields;
    auto cell = [&](column c) -> std::string_view { return where[c] == SIZE_MAX ? std::string_view{} : fields[where[c]]; };
    auto fail = [&](column c, const std::string& message) -> void {
      throw input_error({source, line, 0, row, std::string(column_names[c])}, message);
    };
    if (fields.size() != width)
      throw input_error({source, line, 0, row, ""}, "row has " + std::to_string(fields.size()) + " fields, the header has " +
                                                        std::to_string(width));
    OrderRow o;
    o.order_id = cell(order_id);
    auto d = parse_date(cell(date));
    if (!d) fail(date, "'" + std::string(cell(date)) + "' is not a date (YYYY-MM-DD)");
    o.date = *d;
    o.account = cell(account);
    auto m = parse_money(cell(amount));
    if (!m.ok()) {
      if (m.ec == detail::decimal_errc::too_many_digits)
        fail(amount, "'" + std::string(cell(amount)) + "' has more than 6 fractional digits");
      fail(amount, "'" + std::string(cell(amount)) + "' " + detail::describe(m.ec));
    }
    o.amount = m.value;
    if (auto cur = cell(currency); !cur.empty() && cur != plan_currency.code)
      fail(currency, "currency '" + std::string(cur) + "' differs from the plan currency " + plan_currency.code);
    o.closed_by = cell(closed_by);
    o.refund_of = cell(refund_of);
    o.product = cell(product);
    places->reading(static_cast<std::uint32_t>(row - 1), line);
    builder.add(o);
  }
  Ledger ledger = builder.finish();
  places->sorted(builder.take_permutation(), ledger.size());
  return ledger;
}

Ledger load_orders(const std::filesystem::path& path, const Currency& currency) {
  return parse_orders(read_file(path), path.string(), currency);
}

}  // namespace payplan
