// Writing a run (spec 5). Byte-identical for the same inputs: rows are
// sorted by keys that do not depend on the input's row order.

#include "payplan/io/output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <ostream>
#include <numeric>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "payplan/values/error.hpp"
#include "threads.hpp"

#ifndef PAYPLAN_VERSION
#define PAYPLAN_VERSION "unknown"
#endif

namespace payplan {

namespace {

bool needs_quotes(std::string_view v) noexcept {
  for (char c : v)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

// RFC 4180: quote a field holding a comma, quote or line break.
void field(std::string& row, std::string_view v) {
  if (!needs_quotes(v)) {
    row.append(v);
    return;
  }
  row.push_back('"');
  for (char c : v) {
    if (c == '"') row.push_back('"');
    row.push_back(c);
  }
  row.push_back('"');
}

// What lines.csv repeats from line to line, made once (issue 11: a 10M-order
// run writes 30M lines): each payee's, component's and account's field, each
// day's date and the period's label. A line then costs its numbers only.
class line_texts {
 public:
  explicit line_texts(const Result& r) {
    for (std::uint32_t p = 0; p < r.payees.size(); ++p) field(payees_.emplace_back(), r.payees[p]);
    for (const auto& c : r.components) field(components_.emplace_back(), c);
    for (std::uint32_t a = 0; a < r.orders.account_count(); ++a) field(accounts_.emplace_back(), r.orders.account_name(a));
    const auto dates = r.orders.dates();
    if (dates.empty()) return;
    auto [lo, hi] = std::minmax_element(dates.begin(), dates.end());
    if (hi->days() - lo->days() >= (1 << 16)) return;  // a strange ledger: each date formatted where met
    first_day_ = lo->days();
    days_.resize(static_cast<std::size_t>(hi->days() - lo->days() + 1));
    for (std::size_t d = 0; d < days_.size(); ++d) days_[d] = to_string(Date::from_days(first_day_ + static_cast<std::int32_t>(d)));
  }
  [[nodiscard]] const std::string& payee(std::uint32_t p) const { return payees_[p]; }
  [[nodiscard]] const std::string& component(std::uint16_t c) const { return components_[c]; }
  [[nodiscard]] const std::string& account(std::uint32_t a) const { return accounts_[a]; }
  void date(std::string& row, Date d) const {
    const auto at = static_cast<std::size_t>(d.days() - first_day_);
    if (d.days() >= first_day_ && at < days_.size()) row += days_[at];
    else row += to_string(d);
  }
  void period(std::string& row, const Result& r, std::int32_t ordinal) {
    if (!period_shown_ || ordinal != period_) {
      period_text_ = to_string(Period(r.period_length, ordinal));
      period_ = ordinal;
      period_shown_ = true;
    }
    row += period_text_;
  }

  // One line's row (spec 5 lines.csv), appended to `text`.
  void append(std::string& text, const Result& r, const Line& l) {
    const int minor = r.minor_unit;
    period(text, r, l.period);
    text += ',';
    text += payee(l.payee);
    text += ',';
    text += component(l.component);
    text += ',';
    if (l.order.ok()) {
      field(text, r.orders.order_id(l.order));
      text += ',';
      text += account(r.orders.accounts()[l.order.index()]);
      text += ',';
      date(text, r.orders.date(l.order));
      text += ',';
      // spec 5: money columns carry exactly the currency's minor digits
      // (an input with finer digits is shown rounded half-even; gross keeps 6)
      detail::append_scaled(text, r.orders.amount(l.order).micros(), Money::digits, minor, minor);
      // spec 3.1: the credit the line is on, written like share
      text += ',';
      const Percent credit = l.factors == 0 ? Rate::one() : r.factors_of(l).credit;
      if (credit == Rate::one()) text += '1';
      else text += to_string(Fraction::of(credit));
    } else {
      text += ",,,,";
    }
    text += ',';
    if (l.factors == 0) {
      detail::append_scaled(text, l.gross.units(), Gross::digits, minor, 6);
      text += ",1,1,";
    } else {
      const Factors& f = r.factors_of(l);
      detail::append_scaled(text, r.shown_gross(l).units(), Gross::digits, minor, 6);
      text += ',';
      text += to_string(f.eligible);
      text += ',';
      text += to_string(f.share);
      text += ',';
    }
    detail::append_scaled(text, l.amount.micros(), Money::digits, minor, minor);
    text += ',';
    if (l.note != 0) field(text, r.note_of(l));
    text += '\n';
  }

 private:
  std::vector<std::string> payees_, components_, accounts_, days_;
  std::int32_t first_day_ = 0, period_ = 0;
  bool period_shown_ = false;
  std::string period_text_;
};

}  // namespace

namespace {

// spec 5 order is by statement (period, payee, component), but a statement's
// lines name orders spread over its period: read in that order, every line
// and its order's facts are a cache miss (issue 11: 4x slower than reading
// them in the order written). So the lines are cut into windows of whole
// statements, about `window_lines` lines each; a window's lines are read in
// the order the engine wrote them, each row appended to its statement's
// text, and the texts written in statement order. A statement whose lines
// the engine did not write in ledger order is made again from its lines
// sorted. Windows do not depend on the thread count, so neither do the bytes.
class lines_by_window {
 public:
  lines_by_window(const Result& r, std::size_t window_lines) : r_(r), statements_(r.statement_ranks()) {
    const std::size_t count = statements_.count;
    first_.assign(count + 1, 0);
    for (const Line& l : r.lines) ++first_[statements_.of(l) + 1];
    std::partial_sum(first_.begin(), first_.end(), first_.begin());
    std::vector<std::uint32_t> window_of(count);
    opens_.push_back(0);
    for (std::uint32_t s = 0; s < count; ++s) {
      if (s > opens_.back() && first_[s + 1] - first_[opens_.back()] > window_lines) opens_.push_back(s);
      window_of[s] = static_cast<std::uint32_t>(opens_.size() - 1);
    }
    opens_.push_back(static_cast<std::uint32_t>(count));
    // each window's lines, in the order written (a stable counting sort)
    by_window_.resize(r.lines.size());
    std::vector<std::uint32_t> next(windows());
    for (std::size_t w = 0; w < windows(); ++w) next[w] = first_[opens_[w]];
    for (std::uint32_t i = 0; i < r.lines.size(); ++i) by_window_[next[window_of[statements_.of(r.lines[i])]]++] = i;
  }

  [[nodiscard]] std::size_t windows() const noexcept { return opens_.size() - 1; }

  /// One window's text, a string per statement (reused from window to window).
  struct text {
    std::vector<std::string> of_statement;
    std::vector<std::int64_t> last;          // the order rank of each statement's last row
    std::vector<std::uint8_t> out_of_order;  // a statement written out of ledger order
  };

  void format(std::size_t w, text& t, line_texts& shown) const {
    const std::uint32_t a = opens_[w], b = opens_[w + 1];
    t.of_statement.resize(b - a);
    t.last.assign(b - a, INT64_MIN);
    t.out_of_order.assign(b - a, 0);
    for (std::uint32_t s = a; s < b; ++s) {
      t.of_statement[s - a].clear();
      t.of_statement[s - a].reserve(static_cast<std::size_t>(first_[s + 1] - first_[s]) * 96);
    }
    const auto lines = std::span(by_window_).subspan(first_[a], first_[b] - first_[a]);
    // Where a period has many payees, a window is a part of them and its
    // lines are sparse in memory: each line, then its order's facts, are
    // fetched ahead of their turn.
    constexpr std::size_t far = 48, mid = 24, near = 8;
    for (std::size_t k = 0; k < lines.size(); ++k) {
      if (k + far < lines.size()) __builtin_prefetch(&r_.lines[lines[k + far]]);
      if (k + mid < lines.size())
        if (const Line& ahead = r_.lines[lines[k + mid]]; ahead.order.ok()) r_.orders.prefetch(ahead.order);
      if (k + near < lines.size())
        if (const Line& ahead = r_.lines[lines[k + near]]; ahead.order.ok()) r_.orders.prefetch_id(ahead.order);
      const std::uint32_t i = lines[k];
      const Line& l = r_.lines[i];
      const std::uint32_t s = statements_.of(l) - a;
      const std::int64_t rank = Result::order_rank(l);
      if (rank < t.last[s]) t.out_of_order[s] = 1;
      t.last[s] = rank;
      shown.append(t.of_statement[s], r_, l);
    }
    for (std::uint32_t s = a; s < b; ++s) {
      if (!t.out_of_order[s - a]) continue;
      std::vector<std::uint32_t> own;
      for (std::uint32_t i : lines)
        if (statements_.of(r_.lines[i]) == s) own.push_back(i);
      std::stable_sort(own.begin(), own.end(), [&](std::uint32_t x, std::uint32_t y) {
        return Result::order_rank(r_.lines[x]) < Result::order_rank(r_.lines[y]);
      });
      t.of_statement[s - a].clear();
      for (std::uint32_t i : own) shown.append(t.of_statement[s - a], r_, r_.lines[i]);
    }
  }

  static void write(std::ostream& out, const text& t) {
    for (const std::string& rows : t.of_statement) out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
  }

 private:
  const Result& r_;
  Result::statement_numbering statements_;
  std::vector<std::uint32_t> first_;      // lines of the statements before each
  std::vector<std::uint32_t> opens_;      // the first statement of each window, then the count
  std::vector<std::uint32_t> by_window_;  // line indices, window by window
};

}  // namespace

void write_lines(std::ostream& out, const Result& r, unsigned threads) {
  detail::write_lines(out, r, threads, std::size_t{1} << 18);
}

void detail::write_lines(std::ostream& out, const Result& r, unsigned threads, std::size_t window_lines,
                         std::string_view closed_rows) {
  const std::string_view header = "period,payee,component,order_id,account,date,amount_in,credit,gross,eligible,share,amount,note\n";
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  // spec 6: the closed periods' rows as the earlier run wrote them (periods sort first)
  out.write(closed_rows.data(), static_cast<std::streamsize>(closed_rows.size()));
  if (r.lines.empty()) return;
  const lines_by_window lines(r, std::max<std::size_t>(window_lines, 1));
  const std::size_t windows = lines.windows();
  // each thread holds two windows of text (about 25 MB each)
  threads = static_cast<unsigned>(std::min<std::size_t>(detail::threads_or_default(threads), windows));
  if (threads <= 1) {
    line_texts shown(r);
    lines_by_window::text t;
    for (std::size_t w = 0; w < windows; ++w) {
      lines.format(w, t, shown);
      lines_by_window::write(out, t);
    }
    return;
  }
  // Workers format windows ahead (worker k takes k, k + threads, ...) into
  // `slots` texts; this thread writes them in order and frees each slot.
  const std::size_t slots = 2 * std::size_t{threads};
  std::vector<lines_by_window::text> text(slots);
  std::vector<std::uint8_t> ready(windows, 0);
  std::size_t written = 0;
  bool stop = false;
  std::exception_ptr failure;
  std::mutex m;
  std::condition_variable changed;
  auto fail = [&] {  // in a catch block: the first failure stops every thread
    std::lock_guard lock(m);
    if (!failure) failure = std::current_exception();
    stop = true;
    changed.notify_all();
  };
  auto work = [&](unsigned k) {
    try {
      line_texts shown(r);
      for (std::size_t w = k; w < windows; w += threads) {
        {
          std::unique_lock lock(m);
          changed.wait(lock, [&] { return stop || w < written + slots; });  // its slot is free
          if (stop) return;
        }
        lines.format(w, text[w % slots], shown);
        std::lock_guard lock(m);
        ready[w] = 1;
        changed.notify_all();
      }
    } catch (...) {
      fail();
    }
  };
  std::vector<std::thread> workers;
  try {
    for (unsigned k = 0; k < threads; ++k) workers.emplace_back(work, k);  // may fail (no threads left)
  } catch (...) {
    fail();
    for (auto& t : workers) t.join();
    throw;
  }
  try {
    for (std::size_t w = 0; w < windows; ++w) {
      {
        std::unique_lock lock(m);
        changed.wait(lock, [&] { return stop || ready[w]; });
        if (stop) break;
      }
      lines_by_window::write(out, text[w % slots]);
      std::lock_guard lock(m);
      written = w + 1;
      changed.notify_all();
    }
  } catch (...) {
    fail();
  }
  for (auto& t : workers) t.join();
  if (failure) std::rethrow_exception(failure);
}

namespace {

void write_statement_rows(std::ostream& out, const Result& r, const std::vector<Statement>& statements,
                          std::string_view closed_rows = {}) {
  out << "period,payee,component,amount\n";
  out << closed_rows;  // spec 6: the closed periods' rows as the earlier run wrote them
  std::string row;
  for (const Statement& s : statements) {
    if (!closed_rows.empty() && r.is_closed(s.period)) continue;
    row.clear();
    row += to_string(s.period);
    row += ',';
    field(row, r.payees[s.payee]);
    row += ',';
    field(row, r.components[s.component]);
    row += ',';
    row += to_string(s.amount, r.minor_unit, r.minor_unit);
    row += '\n';
    out << row;
  }
}

}  // namespace

void write_statements(std::ostream& out, const Result& r) { write_statement_rows(out, r, r.statements()); }

std::string payplan_version() { return PAYPLAN_VERSION; }

void write_adjustments(std::ostream& out, const Result& r) {
  out << "period,payee,component,origin_period,paid,recomputed,delta\n";
  const int minor = r.minor_unit;
  std::string row;
  for (const Adjustment& a : r.adjustments) {
    row.clear();
    row += to_string(a.period);
    row += ',';
    field(row, a.payee);
    row += ',';
    field(row, a.component);
    row += ',';
    if (a.origin) row += to_string(*a.origin);
    row += ',';
    if (a.paid) row += to_string(*a.paid, minor, minor);
    row += ',';
    if (a.recomputed) row += to_string(*a.recomputed, minor, minor);
    row += ',';
    row += to_string(a.delta, minor, minor);
    row += '\n';
    out << row;
  }
}

void write_exceptions(std::ostream& out, const Result& r) {
  out << "kind,order_id,detail\n";
  std::string row;
  for (const Exception& e : r.exceptions) {
    row.clear();
    field(row, e.kind);
    row += ',';
    field(row, e.order_id);
    row += ',';
    field(row, e.detail);
    row += '\n';
    out << row;
  }
}

// ---------------------------------------------------------------------------
// One atomic output set (spec 5: "Outputs appear atomically: on any error
// nothing partial is left in DIR").
//
// Steps, each named for the test hook below:
//   lock       take DIR.payplan-lock beside DIR (flock; a second run fails)
//   clean      remove the staging folders that dead runs left beside DIR
//   staging    create DIR.payplan-tmp-PID-RANDOM beside DIR (same filesystem)
//   write:F    write file F there (elsewhere files: beside their target)
//   fsync      sync every file and the staging folder
//   exchange   swap the staging folder and DIR in one renameat2(RENAME_EXCHANGE)
//              (second-rename: the second of the two renames that replace it
//              where the filesystem cannot exchange)
//   publish:F  rename an elsewhere file into place (the exchange is undone on failure)
//   remove-old remove the old set, now under the staging name (a failure here
//              leaves it for the next run's clean step, the outputs stand)
namespace {

namespace fs = std::filesystem;

// Test hook, read only here. PAYPLAN_TEST_FAIL_AT=STEP makes the system call
// of STEP fail (errno EIO) so that every error path runs as it would for a
// real failure; PAYPLAN_TEST_STOP_AT=STEP stops the process (SIGSTOP) just
// before STEP, so a test can kill it there or run a second payplan meanwhile.
bool injected_failure(const std::string& step) {
  if (const char* stop = std::getenv("PAYPLAN_TEST_STOP_AT"); stop && step == stop) ::raise(SIGSTOP);
  const char* fail = std::getenv("PAYPLAN_TEST_FAIL_AT");
  if (!fail || step != fail) return false;
  errno = EIO;
  return true;
}

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

[[noreturn]] void fail_output(const std::string& what, int e) { throw output_error(what + ": " + errno_text(e)); }

// What a signal handler may need to undo: the paths of the files being
// written (removed with unlink) and the staging folder (rmdir). Filled before
// phase becomes `writing`; read by the handler, which only calls
// async-signal-safe functions. One write at a time registers (the CLI has one).
enum interrupt_phase : int { phase_idle = 0, phase_writing = 1, phase_published = 2 };
struct interrupt_state {
  std::atomic<bool> claimed{false};
  std::atomic<int> phase{phase_idle};
  char files[16384] = {};  // NUL-separated paths, ended by an empty one
  char staging[4096] = {};
  char shown[1024] = {};   // "out" or "out and report.html", for the message
  char after[16384] = {};  // NUL-separated paths removed last (remove_on_interrupt), ended by an empty one
};
interrupt_state interrupt;

const char* signal_name(int sig) {
  switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal";
  }
}

void write_all(int fd, const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}

extern "C" void on_interrupt(int sig) {
  const int phase = interrupt.phase.load();
  if (phase == phase_writing) {
    for (const char* p = interrupt.files; *p; p += std::strlen(p) + 1) ::unlink(p);
    ::rmdir(interrupt.staging);
  }
  for (const char* p = interrupt.after; *p; p += std::strlen(p) + 1)
    if (::unlink(p) != 0) ::rmdir(p);
  write_all(2, "payplan: interrupted (");
  write_all(2, signal_name(sig));
  write_all(2, "); ");
  write_all(2, interrupt.shown);
  // after the exchange the old set waits under the staging name for the next run's clean step
  write_all(2, phase == phase_published ? " already written in full\n" : " left unchanged\n");
  ::signal(sig, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &s, nullptr);
  ::raise(sig);  // die of the signal, so a calling shell sees it
  ::_exit(128 + sig);
}

// Signals that would run on_interrupt are held while DIR is exchanged, so
// the handler never sees a half-known state.
class interrupts_held {
 public:
  interrupts_held() {
    sigemptyset(&set_);
    for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set_, s);
    ::pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~interrupts_held() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  interrupts_held(const interrupts_held&) = delete;
  interrupts_held& operator=(const interrupts_held&) = delete;

 private:
  sigset_t set_, old_;
};

struct fd_closer {
  int fd = -1;
  fd_closer() = default;
  explicit fd_closer(int f) : fd(f) {}
  fd_closer(const fd_closer&) = delete;
  fd_closer& operator=(const fd_closer&) = delete;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

// An ostream buffer over a file descriptor that keeps the errno of a failed
// write (std::ofstream loses it: EFBIG and ENOSPC must be named).
//
// Whole blocks go to the file with O_DIRECT where the filesystem takes it:
// a synced run then costs the disk's speed, not the page cache's (issue 11:
// on this project's machine 2.4 GB written and fsynced took 7.5 s through
// the page cache, 1 s direct). The tail that is not a whole block is written
// buffered; a filesystem that refuses O_DIRECT gets buffered writes only.
class fd_buffer : public std::streambuf {
 public:
  static constexpr std::size_t block = 4096;
  static constexpr std::size_t capacity = std::size_t{4} << 20;

  /// `digest`, if given, sees every byte written, in order (spec 6 manifest).
  explicit fd_buffer(int fd, detail::file_digester* digest = nullptr)
      : fd_(fd), digest_(digest), buf_(static_cast<char*>(std::aligned_alloc(block, capacity))) {
    if (buf_ == nullptr) throw std::bad_alloc();
    const int flags = ::fcntl(fd_, F_GETFL);
    direct_ = flags >= 0 && ::fcntl(fd_, F_SETFL, flags | O_DIRECT) == 0;
    setp(buf_, buf_ + capacity);
  }
  ~fd_buffer() override { std::free(buf_); }
  fd_buffer(const fd_buffer&) = delete;
  fd_buffer& operator=(const fd_buffer&) = delete;
  [[nodiscard]] int error() const noexcept { return errno_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain(false)) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  // the end of the file (write_synced flushes once, at the end)
  int sync() override { return drain(true) ? 0 : -1; }

 private:
  bool write_all(const char* p, std::size_t n) {
    if (digest_ != nullptr) digest_->add(p, n);
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && errno == EINVAL && direct_) {  // refused after all: buffered from here on
        buffered();
        continue;
      }
      if (w < 0) {
        errno_ = errno;
        return false;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  void buffered() {
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags >= 0) (void)::fcntl(fd_, F_SETFL, flags & ~O_DIRECT);
    direct_ = false;
  }
  // Writes what is buffered: with O_DIRECT only whole blocks (the rest moves
  // to the front), unless this is the end.
  bool drain(bool at_end) {
    if (errno_ != 0) return false;
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    std::size_t done = 0;
    if (direct_) {
      done = n - n % block;
      if (!write_all(buf_, done)) return false;
      if (at_end && done < n) buffered();
    }
    if (!direct_) {  // buffered all along, or the tail at the end
      if (!write_all(buf_ + done, n - done)) return false;
      done = n;
    }
    const std::size_t rest = n - done;
    if (rest > 0) std::memmove(buf_, buf_ + done, rest);
    setp(buf_, buf_ + capacity);
    pbump(static_cast<int>(rest));
    return true;
  }

  int fd_;
  detail::file_digester* digest_;
  int errno_ = 0;
  bool direct_ = false;
  char* buf_;
};

// Writes one file at `at` (a new name) and syncs it; messages name `shown`,
// the path the user knows (the staging name is transient).
void write_synced(const fs::path& at, const std::string& shown, const output_writer& write,
                  detail::file_digester* digest = nullptr) {
  fd_closer fd(::open(at.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.fd < 0) fail_output("cannot write " + shown, errno);
  fd_buffer buf(fd.fd, digest);
  std::ostream out(&buf);
  write(out);
  out.flush();
  int e = buf.error();
  if (e == 0 && !out) e = EIO;
  if (e == 0 && injected_failure("write:" + fs::path(shown).filename().string())) e = errno;
  if (e != 0) fail_output("cannot write " + shown, e);
  if (injected_failure("fsync") || ::fsync(fd.fd) != 0) fail_output("cannot sync " + shown, errno);
  const int f = fd.fd;
  fd.fd = -1;
  if (::close(f) != 0) fail_output("cannot write " + shown, errno);
}

void sync_folder(const fs::path& folder) {
  fd_closer fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.fd >= 0) (void)::fsync(fd.fd);  // best effort: some filesystems refuse fsync on a folder
}

std::string random_suffix() {
  std::random_device rd;
  char text[32];
  std::snprintf(text, sizeof text, "%ld-%08x", static_cast<long>(::getpid()), rd());
  return text;
}

bool process_alive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// The output folder, absolute, its symlinks resolved (so that two spellings
// of one folder share one lock), split into parent and name.
struct output_folder {
  std::string shown;  // as given, for messages
  fs::path parent;
  std::string name;
  [[nodiscard]] fs::path path() const { return parent / name; }
  [[nodiscard]] fs::path beside(const std::string& suffix) const { return parent / (name + suffix); }
};

output_folder resolve(const fs::path& dir) {
  output_folder f{dir.string(), {}, {}};
  if (dir.empty()) throw usage_error("the output folder is an empty path");
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec).lexically_normal();
  if (ec) throw output_error("cannot use output folder " + f.shown + ": " + ec.message());
  if (!p.has_filename()) p = p.parent_path();  // "out/"
  if (fs::exists(p, ec)) p = fs::canonical(p, ec);
  if (ec) throw output_error("cannot use output folder " + f.shown + ": " + ec.message());
  if (!p.has_filename() || p == p.root_path())
    throw usage_error("cannot write into " + f.shown + ": payplan replaces its output folder as a whole");
  fs::create_directories(p.parent_path(), ec);
  if (ec) throw output_error("cannot create " + p.parent_path().string() + ": " + ec.message());
  f.parent = fs::canonical(p.parent_path(), ec);
  if (ec) throw output_error("cannot use output folder " + f.shown + ": " + ec.message());
  f.name = p.filename().string();
  return f;
}

// The names payplan writes into an output folder (spec 5, spec 6, compare).
bool payplan_output_name(const std::string& n) {
  for (const char* known : {"lines.csv", "statements.csv", "exceptions.csv", "adjustments.csv", "manifest.json",
                            "compare.csv", "summary.csv"})
    if (n == known) return true;
  return false;
}

// payplan owns DIR: a run makes the run's files its whole content, so DIR
// must be new, empty, or hold only payplan outputs (and the staging folders
// older payplan versions left inside it). Anything else is refused rather
// than deleted or carried over.
void check_owned(const output_folder& out, const std::vector<std::pair<std::string, output_writer>>& files) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(out.path(), ec)) {
    const std::string n = entry.path().filename().string();
    const bool ours = payplan_output_name(n) || std::any_of(files.begin(), files.end(), [&](const auto& f) { return f.first == n; });
    const bool is_dir = entry.is_directory(ec) && !entry.is_symlink(ec);
    if (n.rfind(".payplan-tmp-", 0) == 0 && is_dir) continue;
    if (ours && is_dir)
      throw usage_error("cannot write " + (fs::path(out.shown) / n).string() +
                        ": it is a folder; payplan replaces " + out.shown + " as a whole and removes only its own outputs");
    if (!ours)
      throw usage_error(out.shown + " holds '" + for_terminal(n, 100) +
                        "', which is not a payplan output; payplan replaces its output folder as a whole, so it "
                        "writes only into a new or empty folder or one holding only payplan outputs");
  }
  if (ec) throw output_error("cannot read output folder " + out.shown + ": " + ec.message());
}

// Under the lock no live run owns a staging folder of this DIR: each is a
// dead run's (kill -9, power loss). The old set of a fallback swap that was
// cut between its two renames is put back when DIR is missing.
void clean_stale(const output_folder& out) {
  std::error_code ec;
  const std::string tmp = out.name + ".payplan-tmp-", old = out.name + ".payplan-old-";
  std::vector<fs::path> stale, olds;
  for (const auto& entry : fs::directory_iterator(out.parent, ec)) {
    const std::string n = entry.path().filename().string();
    if (n.rfind(tmp, 0) == 0) stale.push_back(entry.path());
    if (n.rfind(old, 0) == 0) olds.push_back(entry.path());
  }
  if (!olds.empty() && !fs::exists(fs::symlink_status(out.path(), ec))) {
    fs::rename(olds.back(), out.path(), ec);
    if (!ec) olds.pop_back();
  }
  for (const auto& p : stale) fs::remove_all(p, ec);
  for (const auto& p : olds) fs::remove_all(p, ec);
}

// Temporaries of a file written beside its target (the report): no lock
// covers them, so only those of runs no longer alive are removed.
void clean_stale_beside(const fs::path& target) {
  std::error_code ec;
  const std::string prefix = target.filename().string() + ".payplan-tmp-";
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string n = entry.path().filename().string();
    if (n.rfind(prefix, 0) != 0) continue;
    const long pid = std::strtol(n.c_str() + prefix.size(), nullptr, 10);
    if (!process_alive(pid)) fs::remove(entry.path(), ec);
  }
}

class folder_lock {
 public:
  explicit folder_lock(const output_folder& out) {
    const fs::path path = out.beside(".payplan-lock");
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd_ < 0 || injected_failure("lock")) fail_output("cannot lock " + out.shown + " (" + path.string() + ")", errno);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int e = errno;
      char holder[32] = {};
      (void)::pread(fd_, holder, sizeof holder - 1, 0);
      ::close(fd_);
      if (e != EWOULDBLOCK) fail_output("cannot lock " + out.shown + " (" + path.string() + ")", e);
      std::string who = holder[0] ? " (process " + std::string(holder, std::strcspn(holder, "\n")) + ")" : "";
      throw output_error(out.shown + " is being written by another payplan run" + who + "; nothing written (lock " +
                         path.string() + ")");
    }
    // who holds it, for the message of a second run
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) (void)::pwrite(fd_, pid.data(), pid.size(), 0);
  }
  ~folder_lock() { ::close(fd_); }  // closing releases the flock; the lock file stays (unlinking it would race)
  folder_lock(const folder_lock&) = delete;
  folder_lock& operator=(const folder_lock&) = delete;

 private:
  int fd_ = -1;
};

#if defined(RENAME_EXCHANGE) && defined(RENAME_NOREPLACE)
constexpr unsigned exchange_flag = RENAME_EXCHANGE, noreplace_flag = RENAME_NOREPLACE;
#else
constexpr unsigned exchange_flag = 2, noreplace_flag = 1;  // never passed to the kernel: rename2 says EINVAL
#endif

// renameat2 where the kernel and filesystem have it. EINVAL/ENOSYS mean they
// do not (an old kernel, some network or FUSE filesystems): the caller then
// swaps with two plain renames, leaving a moment in which DIR is missing (but
// never a mix); the clean step puts the old set back if a crash falls there.
int rename2(const fs::path& from, const fs::path& to, unsigned flags) {
#if defined(RENAME_EXCHANGE) && defined(RENAME_NOREPLACE)
  if (std::getenv("PAYPLAN_TEST_NO_EXCHANGE") == nullptr)
    return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags);
#else
  (void)from, (void)to, (void)flags;
#endif
  errno = EINVAL;
  return -1;
}

bool unsupported(int e) { return e == EINVAL || e == ENOSYS || e == ENOTSUP; }

// Registers what on_interrupt removes; released by the destructor.
class interrupt_registration {
 public:
  interrupt_registration(const fs::path& staging, const std::vector<fs::path>& files) {
    bool expected = false;
    if (!interrupt.claimed.compare_exchange_strong(expected, true)) return;
    std::size_t at = 0;
    for (const auto& f : files) {
      const std::string s = f.string();
      if (at + s.size() + 2 > sizeof interrupt.files || staging.string().size() + 1 > sizeof interrupt.staging) {
        interrupt.claimed = false;  // too long to register: a dead run's files are cleaned by the next run
        return;
      }
      std::memcpy(interrupt.files + at, s.c_str(), s.size() + 1);
      at += s.size() + 1;
    }
    interrupt.files[at] = '\0';
    std::memcpy(interrupt.staging, staging.c_str(), staging.string().size() + 1);
    interrupt.phase = phase_writing;
    owner_ = true;
  }
  void published() {
    if (owner_) interrupt.phase = phase_published;
  }
  ~interrupt_registration() {
    if (!owner_) return;
    interrupt.phase = phase_idle;
    interrupt.claimed = false;
  }
  interrupt_registration(const interrupt_registration&) = delete;
  interrupt_registration& operator=(const interrupt_registration&) = delete;

 private:
  bool owner_ = false;
};

}  // namespace

void write_atomically(const std::filesystem::path& dir, const std::vector<std::pair<std::string, output_writer>>& files_in,
                      const std::vector<std::pair<std::filesystem::path, output_writer>>& elsewhere_in,
                      const manifest_writer& manifest) {
  namespace fs = std::filesystem;
  const output_folder out = resolve(dir);
  std::vector<std::pair<std::string, output_writer>> files = files_in;
  std::vector<std::pair<fs::path, output_writer>> elsewhere;
  for (const auto& [name, write] : files)
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      throw usage_error("'" + name + "' is not a file name");
  // An elsewhere file directly in DIR joins the set; one naming a file of the
  // set, DIR itself, or a place inside DIR's subfolders makes no sense.
  for (const auto& [path, write] : elsewhere_in) {
    std::error_code ec;
    const fs::path target = fs::weakly_canonical(fs::absolute(path, ec), ec);
    const fs::path folder = target.parent_path();
    const std::string name = target.filename().string();
    const fs::path rel = target.lexically_relative(out.path());
    if (target == out.path() || name.empty())
      throw usage_error(path.string() + " is the output folder " + out.shown + ", not a file beside it");
    if (folder == out.path()) {
      for (const auto& f : files)
        if (f.first == name) throw usage_error(path.string() + " is " + out.shown + "'s own " + name);
      files.emplace_back(name, write);
    } else if (!rel.empty() && *rel.begin() != "..") {
      throw usage_error(path.string() + " is inside a subfolder of the output folder " + out.shown);
    } else {
      elsewhere.emplace_back(target, write);
    }
  }

  folder_lock lock(out);
  if (injected_failure("clean")) fail_output("cannot clean " + out.parent.string(), errno);
  clean_stale(out);
  for (const auto& [target, write] : elsewhere) clean_stale_beside(target);

  std::error_code ec;
  const auto status = fs::symlink_status(out.path(), ec);
  const bool existed = fs::exists(status);
  if (existed && !fs::is_directory(status)) throw usage_error("the output folder " + out.shown + " is not a folder");
  if (existed) check_owned(out, files);
  for (const auto& [target, write] : elsewhere)
    if (fs::is_directory(fs::symlink_status(target, ec))) throw usage_error("cannot write " + target.string() + ": it is a folder");

  const std::string suffix = random_suffix();
  const fs::path staging = out.beside(".payplan-tmp-" + suffix);
  std::vector<fs::path> temporaries;  // what an interrupt removes
  for (const auto& [name, write] : files) temporaries.push_back(staging / name);
  for (const auto& [target, write] : elsewhere) temporaries.push_back(target.string() + ".payplan-tmp-" + suffix);
  interrupt_registration registration(staging, temporaries);

  enum class swapped { no, exchanged, created, two_renames } done = swapped::no;
  const fs::path old_set = out.beside(".payplan-old-" + suffix);  // only for the two-rename swap
  std::size_t n_published = 0;
  auto undo = [&] {
    std::error_code ignored;
    // spec 5: nothing partial left. The swap is undone; elsewhere files
    // renamed before a later one failed would stay (compare has only one).
    if (done == swapped::exchanged) (void)rename2(staging, out.path(), exchange_flag);
    if (done == swapped::created) fs::rename(out.path(), staging, ignored);
    if (done == swapped::two_renames) {
      fs::rename(out.path(), staging, ignored);
      fs::rename(old_set, out.path(), ignored);
    }
    fs::remove_all(staging, ignored);
    for (std::size_t i = files.size() + n_published; i < temporaries.size(); ++i) fs::remove(temporaries[i], ignored);
  };
  try {
    if (injected_failure("staging") || ::mkdir(staging.c_str(), 0777) != 0)
      fail_output("cannot create a staging folder beside " + out.shown + " (" + staging.string() + ")", errno);
    if (existed) (void)::chmod(staging.c_str(), static_cast<mode_t>(status.permissions() & fs::perms::mask));
    // spec 6: each file digested as it is written (the bytes that are published), for the manifest
    std::vector<file_digest> written;
    for (const auto& [name, write] : files) {
      std::optional<detail::file_digester> digest;
      if (manifest) digest.emplace();
      write_synced(staging / name, (fs::path(out.shown) / name).string(), write, digest ? &*digest : nullptr);
      if (digest) written.push_back(digest->finish(name, {}, true));
    }
    if (manifest) {
      const std::string text = manifest(written);
      write_synced(staging / "manifest.json", (fs::path(out.shown) / "manifest.json").string(),
                   [&](std::ostream& o) { o << text; });
    }
    for (std::size_t i = 0; i < elsewhere.size(); ++i)
      write_synced(temporaries[files.size() + i], elsewhere[i].first.string(), elsewhere[i].second);
    sync_folder(staging);
  } catch (...) {
    undo();
    throw;
  }
  {
    // Held through the undo too: a signal handled between the exchange and
    // its undo would take the old set under the staging name for ours.
    interrupts_held held;
    try {
      if (injected_failure("exchange")) fail_output("cannot replace " + out.shown, errno);
      if (existed) {
        if (rename2(staging, out.path(), exchange_flag) == 0) {
          done = swapped::exchanged;
        } else if (unsupported(errno)) {
          if (::rename(out.path().c_str(), old_set.c_str()) != 0) fail_output("cannot replace " + out.shown, errno);
          done = swapped::two_renames;
          if (injected_failure("second-rename") || ::rename(staging.c_str(), out.path().c_str()) != 0) {
            const int e = errno;
            fs::rename(old_set, out.path(), ec);
            done = swapped::no;
            fail_output("cannot replace " + out.shown, e);
          }
        } else {
          fail_output("cannot replace " + out.shown, errno);
        }
      } else {
        if (rename2(staging, out.path(), noreplace_flag) != 0 &&
            (!unsupported(errno) || ::rename(staging.c_str(), out.path().c_str()) != 0))
          fail_output("cannot create " + out.shown, errno);
        done = swapped::created;
      }
      for (; n_published < elsewhere.size(); ++n_published) {
        const fs::path& target = elsewhere[n_published].first;
        const fs::path& tmp = temporaries[files.size() + n_published];
        if (injected_failure("publish:" + target.filename().string()) || ::rename(tmp.c_str(), target.c_str()) != 0)
          fail_output("cannot write " + target.string(), errno);
      }
      registration.published();
    } catch (...) {
      undo();
      throw;
    }
  }
  sync_folder(out.parent);
  for (const auto& [target, write] : elsewhere) sync_folder(target.parent_path());
  // The old set is now under the staging name (or old_set); a failure to
  // remove it does not undo a published run: the next run's clean step does it.
  if (done == swapped::created) return;
  if (injected_failure("remove-old")) return;
  fs::remove_all(done == swapped::exchanged ? staging : old_set, ec);
}

void write_file_atomically(const std::filesystem::path& path, const output_writer& write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty() || !path.has_filename()) throw usage_error("'" + path.string() + "' is not a file name");
  if (fs::is_directory(path, ec)) throw usage_error("cannot write " + path.string() + ": it is a folder");
  clean_stale_beside(path);
  const fs::path tmp = path.string() + ".payplan-tmp-" + random_suffix();
  try {
    write_synced(tmp, path.string(), write);
    if (injected_failure("publish:" + path.filename().string()) || ::rename(tmp.c_str(), path.c_str()) != 0)
      fail_output("cannot write " + path.string(), errno);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  sync_folder(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

void remove_on_interrupt(const std::vector<std::filesystem::path>& paths) {
  std::size_t at = 0;
  for (const auto& p : paths) {
    const std::string& s = p.native();
    if (at + s.size() + 2 > sizeof interrupt.after) break;  // too many: the rest stay, as without this
    std::memcpy(interrupt.after + at, s.c_str(), s.size() + 1);
    at += s.size() + 1;
  }
  interrupt.after[at] = '\0';
}

void install_interrupt_handlers(std::string_view shown_outputs) {
  const std::string shown = for_terminal(shown_outputs, sizeof interrupt.shown - 1);
  std::memcpy(interrupt.shown, shown.c_str(), std::min(shown.size() + 1, sizeof interrupt.shown));
  interrupt.shown[sizeof interrupt.shown - 1] = '\0';
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sa.sa_mask, s);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(s, &sa, nullptr);
  // spec 5: a file size limit (ulimit -f) must fail the write with EFBIG,
  // reported and cleaned up, instead of killing payplan mid-file.
  ::signal(SIGXFSZ, SIG_IGN);
}

void write_run(const std::filesystem::path& dir, const Result& result, const run_outputs& which, const PaidRun* paid,
               const run_manifest* record) {
  // a result that summed its lines (keep_lines::statements) has none to write: never an empty lines.csv
  if (which.lines && result.lines_summed)
    throw std::logic_error("write_run: lines.csv asked of a result evaluated with keep_lines::statements");
  const std::vector<Statement> statements = result.statements();  // a sum that overflows fails here, before anything is written
  std::vector<std::pair<std::string, output_writer>> files;
  const std::string_view closed_lines = paid ? std::string_view(paid->closed_lines) : std::string_view();
  const std::string_view closed_statements = paid ? std::string_view(paid->closed_statements) : std::string_view();
  if (which.lines)
    files.emplace_back("lines.csv", [&](std::ostream& o) {
      detail::write_lines(o, result, which.threads, std::size_t{1} << 18, closed_lines);
    });
  if (which.statements)
    files.emplace_back("statements.csv",
                       [&](std::ostream& o) { write_statement_rows(o, result, statements, closed_statements); });
  if (which.exceptions) files.emplace_back("exceptions.csv", [&](std::ostream& o) { write_exceptions(o, result); });
  files.emplace_back("adjustments.csv", [&](std::ostream& o) { write_adjustments(o, result); });  // spec 6: every run
  manifest_writer with_manifest;
  if (record)
    with_manifest = [&](const std::vector<file_digest>& written) {
      run_manifest m = *record;
      m.closed_through = result.closed_through ? std::optional(to_string(*result.closed_through)) : std::nullopt;
      m.periods.clear();
      for (const Period& p : result.written_periods()) m.periods.push_back(to_string(p));
      m.outputs = written;
      return manifest_json(m);
    };
  write_atomically(dir, files, {}, with_manifest);
}

std::string for_terminal(std::string_view text, std::size_t limit, bool keep_newlines) {
  // Each piece is one character as shown: plain bytes, a whole UTF-8
  // sequence, or an escape; the cut falls between pieces.
  std::vector<std::pair<std::size_t, std::string>> pieces;  // (input offset, shown text)
  std::size_t shown = 0;
  auto piece = [&](std::size_t at, std::string s) {
    shown += s.size();
    pieces.emplace_back(at, std::move(s));
  };
  auto hex = [](unsigned char c) {
    char t[5];
    std::snprintf(t, sizeof t, "\\x%02x", c);
    return std::string(t);
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7f) {
      piece(i, std::string(1, static_cast<char>(c)));
      ++i;
      continue;
    }
    if (c < 0x80) {
      if (c == '\n' && keep_newlines) piece(i, "\n");
      else if (c == '\n') piece(i, "\\n");
      else if (c == '\t') piece(i, "\\t");
      else if (c == '\r') piece(i, "\\r");
      else piece(i, hex(c));
      ++i;
      continue;
    }
    // UTF-8: the length from the lead byte, then continuation bytes, no
    // overlong forms, no surrogates, nothing past U+10FFFF.
    std::size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    char32_t cp = n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    bool ok = n != 0 && i + n <= text.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto b = static_cast<unsigned char>(text[i + k]);
      ok = (b & 0xc0) == 0x80;
      cp = (cp << 6) | (b & 0x3f);
    }
    ok = ok && !(n == 3 && cp < 0x800) && !(n == 4 && (cp < 0x10000 || cp > 0x10ffff)) && !(cp >= 0xd800 && cp <= 0xdfff);
    if (!ok) {
      piece(i, hex(c));
      ++i;
      continue;
    }
    // C1 controls (U+009B is a CSI) and the bidi overrides that reorder what is shown
    if (cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
      char t[16];
      std::snprintf(t, sizeof t, "\\u{%04x}", static_cast<unsigned>(cp));
      piece(i, t);
    } else {
      piece(i, std::string(text.substr(i, n)));
    }
    i += n;
  }
  std::string out;
  if (shown <= limit) {
    for (const auto& p : pieces) out += p.second;
    return out;
  }
  // Keep the start (file, row, field) and the end (what is wrong).
  const std::size_t head_budget = limit * 3 / 4, tail_budget = limit - head_budget;
  std::size_t head = 0, head_bytes = 0;
  while (head < pieces.size() && head_bytes + pieces[head].second.size() <= head_budget) head_bytes += pieces[head++].second.size();
  std::size_t tail = pieces.size(), tail_bytes = 0;
  while (tail > head && tail_bytes + pieces[tail - 1].second.size() <= tail_budget) tail_bytes += pieces[--tail].second.size();
  const std::size_t from = head < pieces.size() ? pieces[head].first : text.size();
  const std::size_t to = tail < pieces.size() ? pieces[tail].first : text.size();
  for (std::size_t k = 0; k < head; ++k) out += pieces[k].second;
  out += "...[" + std::to_string(to - from) + " of " + std::to_string(text.size()) + " bytes not shown]...";
  for (std::size_t k = tail; k < pieces.size(); ++k) out += pieces[k].second;
  return out;
}

}  // namespace payplan
