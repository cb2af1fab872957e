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

// Splits one record starting at `pos` into fields. Quoted fields are
// unescaped into `scratch` (rare); the others stay views into the text.
class record_reader {
 public:
  record_reader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
  }

  [[nodiscard]] bool done() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }

  /// Reads the next record into fields; returns false at the end of input.
  bool next(std::vector<std::string_view>& fields, std::size_t row) {
    fields.clear();
    scratch_used_ = 0;
    if (done()) return false;
    record_line_ = line_;
    for (;;) {
      std::size_t start = pos_;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        fields.push_back(quoted(row, fields.size()));
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
        fields.push_back(text_.substr(start, pos_ - start));
      }
      if (pos_ >= text_.size()) return true;
      char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }
  [[nodiscard]] std::size_t record_line() const noexcept { return record_line_; }

 private:
  std::string_view quoted(std::size_t row, std::size_t field) {
    std::size_t open_line = line_;
    ++pos_;
    if (scratch_used_ == scratch_.size()) scratch_.emplace_back();  // deque: earlier views stay valid
    std::string& buf = scratch_[scratch_used_++];
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
  std::size_t pos_ = 0, line_ = 1, record_line_ = 1;
  std::deque<std::string> scratch_;
  std::size_t scratch_used_ = 0;
};

bool blank(const std::vector<std::string_view>& fields) { return fields.size() == 1 && fields[0].empty(); }

}  // namespace

Ledger parse_orders(std::string_view text, const std::string& source, const Currency& plan_currency) {
  record_reader reader(text, source);
  std::vector<std::string_view> fields;
  fields.reserve(16);
  if (!reader.next(fields, 0) || blank(fields)) throw input_error({source, 1, 0, 0, ""}, "no header row");

  std::array<std::size_t, column_count> where;
  where.fill(SIZE_MAX);
  for (std::size_t f = 0; f < fields.size(); ++f)
    for (std::size_t c = 0; c < column_count; ++c)
      if (fields[f] == column_names[c]) {
        if (where[c] != SIZE_MAX)
          throw input_error({source, 1, 0, 0, std::string(column_names[c])}, "column appears twice in the header");
        where[c] = f;
      }
  for (std::size_t c = 0; c < required_columns; ++c)
    if (where[c] == SIZE_MAX)
      throw input_error({source, 1, 0, 0, std::string(column_names[c])}, "required column is missing from the header");
  const std::size_t width = fields.size();

  auto places = std::make_shared<detail::orders_origin>(source);
  LedgerBuilder builder(places);
  builder.reserve(text.size() / 48, text.size() / 6);
  std::size_t row = 0;
  auto cell = [&](column c) -> std::string_view { return where[c] == SIZE_MAX ? std::string_view{} : fields[where[c]]; };
  while (reader.next(fields, row + 1)) {
    if (blank(fields)) continue;  // an empty line holds no order
    ++row;
    const std::size_t line = reader.record_line();
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
  places->sorted(builder.take_permutation());
  return ledger;
}

Ledger load_orders(const std::filesystem::path& path, const Currency& currency) {
  return parse_orders(read_file(path), path.string(), currency);
}

}  // namespace payplan
