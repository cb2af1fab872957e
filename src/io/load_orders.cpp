// Orders CSV (spec 2): header row, RFC 4180 quoting, UTF-8. One pass over
// the bytes; fields are views into the text, so a row costs no allocation.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <deque>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "payplan/values/error.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/orders_origin.hpp"
#include "csv_records.hpp"
#include "threads.hpp"

namespace payplan {

namespace {

// An input file, open for reading (closed at the end of its scope). One
// that cannot be opened or is a folder is an input error naming it.
struct input_file {
  explicit input_file(const std::filesystem::path& path) {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int e = errno;
      throw input_error({path.string()}, e == ENOENT ? std::string("cannot open file")
                                                     : "cannot open file: " + std::generic_category().message(e));
    }
    if (::fstat(fd, &st) != 0) {
      const int e = errno;
      ::close(fd);
      throw input_error({path.string()}, "cannot read file: " + std::generic_category().message(e));
    }
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw input_error({path.string()}, "is a directory");
    }
  }
  input_file(const input_file&) = delete;
  input_file& operator=(const input_file&) = delete;
  ~input_file() { ::close(fd); }

  /// Its size where it has one (a regular file); 0 for a pipe or a FIFO.
  [[nodiscard]] std::size_t size() const noexcept {
    return S_ISREG(st.st_mode) && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
  }

  int fd = -1;
  struct stat st {};
};

}  // namespace

// Reads a whole input. A regular file is read at its size; a pipe, a FIFO
// or /dev/stdin (`--orders <(...)`) has no size and is read to its end; a
// folder is an input error, not an attempt to allocate its "size".
std::string read_file(const std::filesystem::path& path) {
  const input_file file(path);
  const int fd = file.fd;
  std::string text;
  std::size_t used = 0;
  text.resize(file.size() != 0 ? file.size() : std::size_t{1} << 16);
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

using csv::blank;
using csv::record;
using csv::record_reader;

// Where the header put each column, and what separates fields.
struct layout {
  std::array<std::size_t, column_count> where{};
  std::size_t width = 0;
  char separator = ',';
};

// The header as read, for a message: its names, quoted, and how many.
std::string header_as_read(const record& header, char separator) {
  std::string names;
  for (std::size_t f = 0; f < header.fields.size() && f < 12; ++f)
    names += (f == 0 ? "'" : ", '") + std::string(header.fields[f].substr(0, 40)) + "'";
  if (header.fields.size() > 12) names += ", ...";
  return "the header has " + std::to_string(header.fields.size()) +
         (header.fields.size() == 1 ? " column" : " columns") + " (split at " + csv::separator_name(separator) +
         "): " + names;
}

// spec 2's columns by name, matched after trimming and case-folding (ERP
// exports write `Order_ID `); `format.columns` maps a column to another
// header name (`--columns amount=Net`).
layout read_header(const record& header, const std::string& source, const orders_format& format, char separator) {
  layout l;
  l.where.fill(SIZE_MAX);
  l.width = header.fields.size();
  l.separator = separator;
  std::array<std::string, column_count> wanted;
  std::array<bool, column_count> mapped{};
  for (std::size_t c = 0; c < column_count; ++c) wanted[c] = std::string(column_names[c]);
  for (const auto& [column, name] : format.columns) {
    const auto c = static_cast<std::size_t>(
        std::find(column_names.begin(), column_names.end(), column) - column_names.begin());
    if (c == column_count) {
      std::string known;
      for (auto n : column_names) known += (known.empty() ? "" : ", ") + std::string(n);
      throw input_error({source, 1, 0, 0, column}, "is not a column of an orders file (expected one of: " + known + ")");
    }
    wanted[c] = csv::header_key(name);
    mapped[c] = true;
  }
  for (std::size_t f = 0; f < header.fields.size(); ++f) {
    const std::string key = csv::header_key(header.fields[f]);
    for (std::size_t c = 0; c < column_count; ++c)
      if (key == wanted[c]) {
        if (l.where[c] != SIZE_MAX)
          throw input_error({source, 1, 0, 0, std::string(column_names[c])}, "column appears twice in the header");
        l.where[c] = f;
      }
  }
  for (std::size_t c = 0; c < column_count; ++c) {
    if (l.where[c] != SIZE_MAX || (c >= required_columns && !mapped[c])) continue;
    std::string message = mapped[c] ? "the header has no column '" + wanted[c] + "' (given for it by --columns); "
                                    : std::string("required column is missing from the header; ");
    message += header_as_read(header, separator);
    if (header.fields.size() == 1)
      message += ": is the file separated by another character? give it with --delimiter";
    else if (!mapped[c])
      message += ": name the column that holds it with --columns " + std::string(column_names[c]) + "=NAME";
    throw input_error({source, 1, 0, 0, std::string(column_names[c])}, message);
  }
  return l;
}

// A run of whole records, then what parsing them made. Lines and rows in a
// block count from its own start (1); the ledger's reader, which adds the
// blocks in order, knows how many came before (so blocks parse anywhere).
struct block {
  std::unique_ptr<char[]> bytes;  // a file's block, owned; none for text in memory
  std::size_t capacity = 0;
  std::string_view text;          // whole records
  bool last = false;              // the input's end

  std::vector<OrderRow> rows;
  std::vector<std::size_t> lines;  // of each row, from 1
  std::deque<std::string> unquoted;
  std::size_t line_ends = 0;             // line ends in `text`
  std::optional<input_error> failure;    // after `rows`: its line and row from the block's start
  std::exception_ptr other_failure;      // anything else (out of memory), after `rows`

  void clear_results() {
    rows.clear();
    lines.clear();
    unquoted.clear();
    line_ends = 0;
    failure.reset();
    other_failure = nullptr;
  }
};

// spec 2: one block's records as orders, each field checked; stops at the first bad one.
void parse_block(block& b, const layout& lay, const std::string& source, const Currency& plan_currency) {
  record_reader reader(b.text, source, 1, lay.separator);
  record rec;
  rec.unquoted = &b.unquoted;
  std::size_t row = 0;
  try {
    while (reader.next(rec, row + 1)) {
      if (blank(rec)) continue;  // an empty line holds no order
      ++row;
      const std::size_t line = rec.line;
      const auto& fields = rec.fields;
      auto cell = [&](column c) -> std::string_view {
        return lay.where[c] == SIZE_MAX ? std::string_view{} : fields[lay.where[c]];
      };
      auto fail = [&](column c, const std::string& message) -> void {
        throw input_error({source, line, 0, row, std::string(column_names[c])}, message);
      };
      if (fields.size() != lay.width)
        throw input_error({source, line, 0, row, ""}, "row has " + std::to_string(fields.size()) +
                                                          " fields, the header has " + std::to_string(lay.width));
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
      b.rows.push_back(o);
      b.lines.push_back(line);
    }
  } catch (const input_error& e) {
    b.failure = e;
  } catch (...) {
    b.other_failure = std::current_exception();
  }
  b.line_ends = reader.line() - 1;
}

// The bytes of an orders file: as read, or inflated when the file starts
// with gzip's magic bytes, whatever its name and also from a pipe (issue
// 15: exports arrive as orders.csv.gz). Inflated with zlib's inflate(),
// member after member; what follows the last member must be another one,
// and a member cut short is an error: never half a ledger.
class file_bytes {
 public:
  explicit file_bytes(int fd) : fd_(fd) {
    // the first two bytes decide; read (not pread), so that a pipe works, and kept for the reader
    while (peeked_.size() < 2) {
      char c[2];
      const ssize_t n = ::read(fd_, c, 2 - peeked_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // an error is met again by the first read; an empty file is no header
      peeked_.append(c, static_cast<std::size_t>(n));
    }
    gzip_ = peeked_.size() == 2 && static_cast<unsigned char>(peeked_[0]) == 0x1f &&
            static_cast<unsigned char>(peeked_[1]) == 0x8b;
    if (gzip_) {
      in_ = std::make_unique_for_overwrite<unsigned char[]>(in_bytes);
      if (::inflateInit2(&z_, 15 + 16) != Z_OK) throw std::bad_alloc();  // 15 + 16: a gzip wrapper
    }
  }
  file_bytes(const file_bytes&) = delete;
  file_bytes& operator=(const file_bytes&) = delete;
  ~file_bytes() {
    if (gzip_) ::inflateEnd(&z_);
  }

  [[nodiscard]] bool gzip() const noexcept { return gzip_; }

  /// Up to n bytes into `to` (0 at the end), as ::read; a damaged gzip file
  /// throws, with `source` named.
  ssize_t read(char* to, std::size_t n, const std::string& source) {
    if (!gzip_) return raw(to, n);
    z_.next_out = reinterpret_cast<unsigned char*>(to);
    z_.avail_out = static_cast<unsigned>(std::min<std::size_t>(n, std::size_t{1} << 30));
    const unsigned wanted = z_.avail_out;
    while (z_.avail_out == wanted) {
      if (z_.avail_in == 0 && !eof_) {
        const ssize_t got = raw(reinterpret_cast<char*>(in_.get()), in_bytes);
        if (got < 0) return got;
        eof_ = got == 0;
        z_.next_in = in_.get();
        z_.avail_in = static_cast<unsigned>(got);
      }
      if (member_ended_) {
        if (z_.avail_in == 0 && eof_) return 0;  // the whole file, every member whole
        if (z_.avail_in == 1 && !eof_) {  // a next member's magic, once both of its bytes are in
          in_[0] = *z_.next_in;
          const ssize_t got = raw(reinterpret_cast<char*>(in_.get()) + 1, in_bytes - 1);
          if (got < 0) return got;
          eof_ = got == 0;
          z_.next_in = in_.get();
          z_.avail_in = 1 + static_cast<unsigned>(got);
          continue;
        }
        if (z_.avail_in < 2 || z_.next_in[0] != 0x1f || z_.next_in[1] != 0x8b)
          throw input_error({source}, "cannot read file: it is not a whole gzip file (bytes after its end)");
        ::inflateReset(&z_);
        member_ended_ = false;
      }
      const int r = ::inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        member_ended_ = true;
      } else if (r == Z_BUF_ERROR && z_.avail_in == 0 && eof_) {
        throw input_error({source}, "cannot read file: it is not a whole gzip file (unexpected end of file)");
      } else if (r != Z_OK && r != Z_BUF_ERROR) {
        throw input_error({source}, std::string("cannot read file: it is not a whole gzip file (") +
                                        (z_.msg ? z_.msg : "zlib error " + std::to_string(r)) + ")");
      }
    }
    return static_cast<ssize_t>(wanted - z_.avail_out);
  }

 private:
  static constexpr std::size_t in_bytes = std::size_t{1} << 17;

  ssize_t raw(char* to, std::size_t n) {
    if (!peeked_.empty()) {
      const std::size_t k = std::min(n, peeked_.size());
      std::memcpy(to, peeked_.data(), k);
      peeked_.erase(0, k);
      return static_cast<ssize_t>(k);
    }
    return ::read(fd_, to, n);
  }

  int fd_;
  std::string peeked_;
  bool gzip_ = false, eof_ = false, member_ended_ = false;
  std::unique_ptr<unsigned char[]> in_;
  z_stream z_{};
};

// The input cut into blocks of whole records: a file read `block_bytes` at
// a time (the whole file is never held: issue 11, 427 MB of text beside the
// ledger at 10M orders), or text in memory, sliced. A block ends after a
// line end outside quotes (RFC 4180: a quoted field may hold one); the rest
// is carried into the next. Not thread-safe: one reader takes blocks.
class block_source {
 public:
  static constexpr std::size_t block_bytes = std::size_t{256} << 10;  // its rows stay in cache between threads

  // separator 0: found from the first line (csv::detect_separator), before the first cut
  block_source(std::string_view text, const std::string& source, char separator)
      : text_(text), source_(source), sep_(separator) {}
  block_source(file_bytes& file, const std::string& source, char separator)
      : file_(&file), source_(source), sep_(separator) {}

  /// What separates fields: as given, or as found in the first line.
  [[nodiscard]] char separator() const noexcept { return sep_ == 0 ? ',' : sep_; }

  /// The next block into b (its storage reused); false when none is left.
  bool next(block& b) {
    if (done_) return false;
    if (file_ == nullptr) {
      // text in memory: a slice up to the last record end in block_bytes (or
      // further, for a longer record), the rest at the end
      const std::string_view rest = text_.substr(pos_);
      if (sep_ == 0) sep_ = csv::detect_separator(without_bom(rest));
      record_ends ends(sep_);
      std::size_t len = 0;
      for (std::size_t end = block_bytes; len == 0 && end < rest.size(); end += block_bytes)
        len = ends.last(rest.substr(0, end));  // resumes where it stopped: linear however long the record
      if (len == 0) len = rest.size();
      b.text = rest.substr(0, len);
      pos_ += len;
      done_ = b.last = pos_ == text_.size();
      return !b.text.empty() || pos_ == len;  // an empty input still has its (empty) first block
    }
    // a file: what was carried over, then block_bytes more (the buffer is
    // kept from block to block: twice block_bytes holds both)
    if (b.capacity < carry_.size() + block_bytes) {
      b.capacity = std::max(2 * block_bytes, 2 * carry_.size());
      b.bytes = std::make_unique_for_overwrite<char[]>(b.capacity);
    }
    std::size_t used = carry_.size();
    std::memcpy(b.bytes.get(), carry_.data(), used);
    carry_.clear();
    std::size_t want = used + block_bytes;
    record_ends ends(separator());
    for (;;) {
      bool eof = false;
      while (used < want) {
        const ssize_t n = file_->read(b.bytes.get() + used, want - used, source_);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw input_error({source_}, "cannot read file: " + std::generic_category().message(errno));
        if (n == 0) {
          eof = true;
          break;
        }
        used += static_cast<std::size_t>(n);
      }
      const std::string_view all(b.bytes.get(), used);
      if (sep_ == 0) {
        sep_ = csv::detect_separator(without_bom(all));
        ends = record_ends(sep_);
      }
      if (eof) {
        b.text = all;
        done_ = b.last = true;
        return true;
      }
      if (const std::size_t cut = ends.last(all); cut != 0) {
        b.text = all.substr(0, cut);
        carry_.assign(all.substr(cut));
        return true;
      }
      // a record longer than the block: a larger block, scanned on from where it stopped
      if (used == b.capacity) {
        auto bigger = std::make_unique_for_overwrite<char[]>(b.capacity * 2);
        std::memcpy(bigger.get(), b.bytes.get(), used);
        b.bytes = std::move(bigger);
        b.capacity *= 2;
      }
      want = b.capacity;
    }
  }

 private:
  // Where records end in a block, by the reader's own rules (record_reader):
  // a quote opens a quoted field only at the field's start; inside one, ""
  // is a quote and a lone " closes it; a line end outside is \n, \r\n or a
  // lone \r. Fed the block as it grows (the same start each time), it
  // scans only the new bytes.
  class record_ends {
   public:
    explicit record_ends(char separator) : sep_(separator) {}

    /// The end of the last whole record in `text`, 0 if none yet.
    std::size_t last(std::string_view text) {
      const char* const p = text.data();
      std::size_t i = scanned_;
      if (state_ != quoted && state_ != quote_in_quoted &&
          std::memchr(p + i, '"', text.size() - i) == nullptr && std::memchr(p + i, '\r', text.size() - i) == nullptr) {
        // the usual block: no quote or CR, so every \n ends a record
        if (const void* nl = ::memrchr(p + i, '\n', text.size() - i))
          cut_ = static_cast<std::size_t>(static_cast<const char*>(nl) - p) + 1;
        if (text.size() > i) state_ = p[text.size() - 1] == '\n' || p[text.size() - 1] == sep_ ? field_start : unquoted;
        scanned_ = text.size();
        return cut_;
      }
      for (; i < text.size(); ++i) {
        const char c = p[i];
        if (state_ == quoted) {
          if (c == '"') state_ = quote_in_quoted;
          continue;
        }
        if (state_ == quote_in_quoted) {
          if (c == '"') {
            state_ = quoted;  // an escaped quote
            continue;
          }
          state_ = unquoted;  // closed; c is read as after any field
        } else if (state_ == field_start && c == '"') {
          state_ = quoted;
          continue;
        }
        if (c == sep_) {
          state_ = field_start;
        } else if (c == '\n') {
          cut_ = i + 1;
          state_ = field_start;
        } else if (c == '\r') {
          if (i + 1 == text.size()) break;  // \r\n or a lone \r: known with the next byte
          if (p[i + 1] == '\n') ++i;
          cut_ = i + 1;
          state_ = field_start;
        } else {
          state_ = unquoted;
        }
      }
      scanned_ = i;
      return cut_;
    }

   private:
    enum : std::uint8_t { field_start, unquoted, quoted, quote_in_quoted } state_ = field_start;
    std::size_t scanned_ = 0, cut_ = 0;
    char sep_;
  };

  static std::string_view without_bom(std::string_view text) {
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? text.substr(3) : text;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  file_bytes* file_ = nullptr;  // none: text in memory
  const std::string& source_;
  std::string carry_;
  bool done_ = false;
  char sep_ = 0;
};

// Adds blocks to the ledger in input order, numbering their lines and rows
// from the input's start. Parsing runs on `threads - 1` other threads
// while this one adds (threads = 1: here, in turn); the ledger, its order
// and any error are the same whatever the count, since blocks are added
// and their errors raised in input order.
class orders_reader {
 public:
  orders_reader(block_source& blocks, std::string source, const Currency& currency, const orders_format& format)
      : blocks_(blocks), source_(std::move(source)), currency_(currency), format_(format) {}

  Ledger read(unsigned threads, std::size_t size_hint) {
    block first;
    if (!blocks_.next(first)) throw input_error({source_, 1, 0, 0, ""}, "no header row");
    std::string_view text = first.text;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
    record_reader header_reader(text, source_, 1, blocks_.separator());
    record header;
    header.unquoted = &first.unquoted;
    if (!header_reader.next(header, 0) || blank(header)) throw input_error({source_, 1, 0, 0, ""}, "no header row");
    layout_ = read_header(header, source_, format_, blocks_.separator());
    lines_before_ = header_reader.line() - 1;
    first.text = text.substr(header_reader.pos());

    places_ = std::make_shared<detail::orders_origin>(source_);
    LedgerBuilder builder(places_);
    builder.reserve(size_hint / 48, size_hint / 6);
    return detail::read_ledger(*places_, builder, [&] {
      parse_block(first, layout_, source_, currency_);
      add(builder, first);
      if (first.last) return;
      if (threads > 1) return in_parallel(builder, threads - 1);
      block b = std::move(first);
      while (blocks_.next(b)) {
        b.clear_results();
        parse_block(b, layout_, source_, currency_);
        add(builder, b);
        if (b.last) break;
      }
    });
  }

 private:
  void add(LedgerBuilder& builder, block& b) {
    for (std::size_t k = 0; k < b.rows.size(); ++k) {
      places_->reading(static_cast<std::uint32_t>(rows_before_ + k), lines_before_ + b.lines[k]);
      builder.add(b.rows[k]);
    }
    if (b.failure) {
      source_location at = b.failure->where();
      if (at.line != 0) at.line += lines_before_;
      if (at.row != 0) at.row += rows_before_;
      throw input_error(at, b.failure->message());
    }
    if (b.other_failure) std::rethrow_exception(b.other_failure);
    rows_before_ += b.rows.size();
    lines_before_ += b.line_ends;
    bytes_added_ += b.text.size();
    if (format_.on_progress) format_.on_progress(bytes_added_);
  }

  // Workers take blocks in turn and parse them; this thread adds them in
  // the order taken. At most `workers + 2` blocks are out at once.
  void in_parallel(LedgerBuilder& builder, unsigned workers) {
    std::mutex m;
    std::condition_variable ready, room;
    std::map<std::size_t, block> parsed;  // by sequence number
    std::vector<block> spare;
    std::size_t taken = 0, added = 0;
    bool finished = false, stop = false;
    std::exception_ptr read_failure, worker_failure;
    std::size_t read_failure_at = SIZE_MAX;
    const std::size_t most = workers + 2;
    auto work = [&] {
      for (;;) {
        block b;
        std::size_t seq = 0;
        {
          std::unique_lock lock(m);
          room.wait(lock, [&] { return stop || finished || taken - added < most; });
          if (stop || finished) return;
          if (!spare.empty()) {
            b = std::move(spare.back());
            spare.pop_back();
          }
          try {
            if (!blocks_.next(b)) {
              finished = true;
              ready.notify_all();
              return;
            }
          } catch (...) {
            read_failure = std::current_exception();
            read_failure_at = taken;
            finished = true;
            ready.notify_all();
            return;
          }
          seq = taken++;
          if (b.last) finished = true;
        }
        b.clear_results();
        parse_block(b, layout_, source_, currency_);
        {
          std::lock_guard lock(m);
          try {
            parsed.emplace(seq, std::move(b));
          } catch (...) {  // out of memory: the reading thread raises it
            worker_failure = std::current_exception();
            stop = true;
          }
        }
        ready.notify_all();
      }
    };
    std::vector<std::thread> pool;
    auto join = [&] {
      {
        std::lock_guard lock(m);
        stop = true;
      }
      room.notify_all();
      for (auto& t : pool) t.join();
    };
    try {
      for (unsigned w = 0; w < workers; ++w) pool.emplace_back(work);
      for (;;) {
        block b;
        {
          std::unique_lock lock(m);
          ready.wait(lock, [&] { return parsed.count(added) != 0 || (finished && added == taken) || worker_failure; });
          if (parsed.count(added) == 0) break;  // every block taken was added
          auto it = parsed.find(added);
          b = std::move(it->second);
          parsed.erase(it);
        }
        add(builder, b);
        {
          std::lock_guard lock(m);
          ++added;
          spare.push_back(std::move(b));
        }
        room.notify_all();
      }
    } catch (...) {
      join();
      throw;
    }
    join();
    if (worker_failure) std::rethrow_exception(worker_failure);
    if (read_failure && read_failure_at == added) std::rethrow_exception(read_failure);
  }

  block_source& blocks_;
  std::string source_;
  const Currency& currency_;
  const orders_format& format_;
  layout layout_;
  std::shared_ptr<detail::orders_origin> places_;
  std::size_t rows_before_ = 0, lines_before_ = 0, bytes_added_ = 0;
};

}  // namespace

Ledger parse_orders(std::string_view text, const std::string& source, const Currency& plan_currency, unsigned threads,
                    const orders_format& format) {
  block_source blocks(text, source, format.delimiter);
  return orders_reader(blocks, source, plan_currency, format).read(detail::threads_or_default(threads), text.size());
}

Ledger load_orders(const std::filesystem::path& path, const Currency& currency, unsigned threads,
                   const orders_format& format) {
  const std::string source = path.string();
  const input_file file(path);
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  file_bytes bytes(file.fd);
  block_source blocks(bytes, source, format.delimiter);
  // a gzip file's inflated size is not known: about four times the compressed for order text
  const std::size_t size_hint = bytes.gzip() ? 4 * file.size() : file.size();
  return orders_reader(blocks, source, currency, format).read(detail::threads_or_default(threads), size_hint);
}

}  // namespace payplan
