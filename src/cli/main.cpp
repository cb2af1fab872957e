// payplan: the command-line tool (spec 5).
//
//   payplan run --plan PLAN --org ORG --orders ORDERS --out DIR [--from X] [--to Y] [--outputs LIST]
//   payplan validate --plan PLAN [--org ORG] [--orders ORDERS]
//
// Exit codes (spec 5): 0 done, 1 usage error, 2 invalid input (and, with
// --strict, a warning), 3 internal error. Warnings (engine/warnings.hpp) go
// to stderr and never change what is written.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/engine/engine.hpp"
#include "payplan/engine/pay_history.hpp"
#include "payplan/engine/warnings.hpp"
#include "payplan/io/load.hpp"
#include "payplan/io/output.hpp"
#include "payplan/report/report.hpp"
#include "payplan/report/statement_page.hpp"

namespace {

using namespace payplan;

constexpr const char* usage_text =
    "usage:\n"
    "  payplan run --plan PLAN.yaml --org ORG.yaml --orders ORDERS.csv [--credits CREDITS.csv] --out DIR\n"
    "              [--from FROM] [--to TO]\n"
    "              [--outputs lines,statements,exceptions] [--threads N]\n"
    "              [--paid OLD --closed-through PERIOD] [--adjustments ADJ.csv]\n"
    "              [--summary | --full] [--strict] [--quiet] [--progress]\n"
    "              [--delimiter C] [--columns COLUMN=NAME,...]\n"
    "  payplan verify DIR\n"
    "  payplan statements --plan PLAN.yaml --org ORG.yaml --orders ORDERS.csv [--credits CREDITS.csv] --out DIR\n"
    "                     [--payee ID] [--period PERIOD] [--from FROM] [--to TO]\n"
    "  payplan validate --plan PLAN.yaml [--org ORG.yaml [--orders ORDERS.csv [--credits CREDITS.csv]]]\n"
    "                   [--from FROM] [--to TO] [--strict]\n"
    "  payplan explain --plan PLAN.yaml --org ORG.yaml --orders ORDERS.csv [--credits CREDITS.csv] --payee ID\n"
    "                  (--order ORDER_ID | --period PERIOD [--component ID]) [--from FROM] [--to TO]\n"
    "  payplan compare --plan A.yaml --plan B.yaml --org ORG.yaml --orders ORDERS.csv [--credits CREDITS.csv] --out DIR\n"
    "                  [--from FROM] [--to TO] [--report REPORT.html]\n"
    "FROM and TO are dates (2026-01-01) or period labels (2026-Q1, 2026-01, 2026);\n"
    "only periods wholly inside them are written. --outputs names the files run writes\n"
    "(default all three); --threads how many threads write them (default: one a core).\n"
    "--credits names deal-level credits (order_id,person,share[,overlay]) that replace\n"
    "the account's crediting for the orders they name.\n"
    "--paid OLD --closed-through PERIOD (spec 6): OLD's periods up to PERIOD are closed and\n"
    "written as OLD had them; differences are paid as adjustments in the next period.\n"
    "--adjustments names manual adjustments (period,payee,component,amount,reason).\n"
    "verify re-runs DIR's run from its manifest.json: exit 0 when every output is the same.\n"
    "statements writes one HTML page per payee and period (each line's explain steps\n"
    "inside), and index.html, into DIR.\n"
    "--summary shows each payee's total per period instead of every statement row (the\n"
    "default above 200 rows); --full shows every row. --strict makes a warning (a rate above\n"
    "100%, a period not paid, a role nobody has, ...) an error: nothing is written.\n"
    "--delimiter C (';', '|', tab) separates the orders' fields (default: ',', ';' or tab, as\n"
    "the header line has them); --columns amount=Net,order_id=\"Order ID\" names the header\n"
    "column of each; header names are matched trimmed and in any case.\n"
    "--progress shows each phase's progress on stderr (the default when it is a terminal);\n"
    "--quiet prints nothing but errors. validate prints the plan as it was understood and,\n"
    "given orders, the exceptions a run would list.\n"
    "PAYPLAN_TIMINGS=1 prints how long each step of a run took.\n";

struct Args {
  std::string command;
  std::map<std::string, std::string> options;
  std::vector<std::string> plans;  ///< compare: --plan given twice
  std::vector<std::string> flags;  ///< options without a value (--strict), as given

  [[nodiscard]] bool has(std::string_view flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }
};

// The options without a value, for every command that takes them.
const std::vector<std::string> flag_names{"--strict", "--summary", "--full", "--quiet", "--progress"};

Args parse_args(int argc, char** argv, const std::vector<std::string>& allowed, bool many_plans = false) {
  Args a;
  if (argc < 2) throw usage_error("no command given");
  a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string key = argv[i];
    std::string value;
    if (std::find(flag_names.begin(), flag_names.end(), key) != flag_names.end()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        throw usage_error("unknown option " + key + " for " + a.command);
      if (a.has(key)) throw usage_error(key + " given twice");
      a.flags.push_back(key);
      continue;
    }
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
      // --strict=yes would be stored as an option and the flag never seen: refused
      if (std::find(flag_names.begin(), flag_names.end(), key) != flag_names.end())
        throw usage_error(key + " takes no value (given '" + value + "')");
    } else {
      if (i + 1 >= argc) throw usage_error(key + " needs a value");
      value = argv[++i];
    }
    if (value.empty()) throw usage_error(key + " is empty");  // --out "" names no folder, --plan "" no file
    bool known = false;
    for (const auto& k : allowed) known = known || k == key;
    if (!known) throw usage_error("unknown option " + key + " for " + a.command);
    if (many_plans && key == "--plan") {
      a.plans.push_back(value);
      continue;
    }
    if (!a.options.emplace(key, value).second) throw usage_error(key + " given twice");
  }
  return a;
}

const std::string& need(const Args& a, const std::string& key) {
  auto it = a.options.find(key);
  if (it == a.options.end()) throw usage_error(a.command + " needs " + key);
  return it->second;
}

// A date, or a period label meaning its first day (from) or last day (to).
Date range_bound(const std::string& text, bool is_end, const char* option) {
  if (auto d = parse_date(text)) return *d;
  if (auto p = parse_period(text)) return is_end ? p->last_day() : p->first_day();
  throw usage_error(std::string(option) + " '" + text + "' is neither a date (YYYY-MM-DD) nor a period label");
}

RunRange run_range(const Args& a);
std::optional<DealCredits> credits_of(const Args& a);

// --delimiter and --columns: an orders file as a spreadsheet or an ERP
// system writes it (issue 15; docs/contract-notes.md).
orders_format format_of(const Args& a) {
  orders_format f;
  if (auto d = a.options.find("--delimiter"); d != a.options.end()) {
    const std::string& t = d->second;
    if (t == "tab" || t == "\\t" || t == "\t") f.delimiter = '\t';
    else if (t.size() == 1 && t != "\"" && t != "\n" && t != "\r") f.delimiter = t[0];
    else throw usage_error("--delimiter '" + t + "' is not one byte (write ';', '|' or tab)");
  }
  if (auto c = a.options.find("--columns"); c != a.options.end()) {
    // COLUMN=NAME,COLUMN="NAME, with a comma"
    const std::string& t = c->second;
    std::size_t i = 0;
    while (i < t.size()) {
      const std::size_t eq = t.find('=', i);
      if (eq == std::string::npos) throw usage_error("--columns: '" + t.substr(i) + "' is not COLUMN=NAME");
      std::string column = t.substr(i, eq - i), name;
      i = eq + 1;
      if (i < t.size() && t[i] == '"') {
        const std::size_t close = t.find('"', i + 1);
        if (close == std::string::npos) throw usage_error("--columns: the quote after " + column + "= is not closed");
        name = t.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        const std::size_t comma = std::min(t.find(',', i), t.size());
        name = t.substr(i, comma - i);
        i = comma;
      }
      if (column.empty() || name.empty()) throw usage_error("--columns: '" + column + "=" + name + "' is not COLUMN=NAME");
      // spec 2's columns: a typo here is the command line's, said before any file is read
      static constexpr const char* spec_columns[] = {"order_id", "date",      "account",   "amount",
                                                     "currency", "closed_by", "refund_of", "product"};
      if (std::find(std::begin(spec_columns), std::end(spec_columns), column) == std::end(spec_columns))
        throw usage_error("--columns: '" + column + "' is not a column of an orders file (order_id, date, account, "
                          "amount, currency, closed_by, refund_of, product)");
      for (const auto& [other, other_name] : f.columns) {
        if (other == column) throw usage_error("--columns: " + column + " given twice");
        if (other_name == name) throw usage_error("--columns: '" + name + "' given for both " + other + " and " + column);
      }
      f.columns.emplace_back(column, name);
      if (i < t.size() && t[i] != ',') throw usage_error("--columns: expected ',' after " + column + "=\"" + name + "\"");
      if (i < t.size()) ++i;
    }
  }
  return f;
}

// What is written, for messages on the terminal.
std::string shown(const std::string& text) { return for_terminal(text, 200); }

// --strict: a warning stopped the command before it wrote anything.
struct strict_failure {
  std::size_t warnings = 0;
};

// Surprising settings (issue 15, engine/warnings.hpp), on stderr as they are
// found. With --strict, check() stops the command at the first batch that
// has any, before anything is written; --quiet keeps them off the terminal.
class warnings_out {
 public:
  warnings_out(bool strict, bool quiet) : strict_(strict), quiet_(quiet) {}

  void add(const std::string& text) {
    ++count_;
    if (!quiet_) std::cerr << "payplan: warning: " << for_terminal(text, 400) << '\n';
  }
  void add(const std::vector<warning>& found) {
    for (const warning& w : found) add(w.describe());
  }
  // spec 4: a plan or run range that leaves a period unpaid; besides its row
  // in exceptions.csv, on the terminal (with the file and line it names)
  void periods_not_paid(const Result& result) {
    for (const Exception& e : result.exceptions)
      if (e.kind == "period_not_paid") add(e.detail);
  }
  // a run that pays nothing at all is almost never what was meant
  void no_lines(const Result& result, const std::string& orders) {
    if (result.line_count() == 0 && result.closed.empty())
      add(orders + ": the run wrote no lines: no order is credited to a payee of a component in a paid period "
                   "(check the dates, the payees and the --from/--to range)");
  }
  void check() const {
    if (strict_ && count_ != 0) throw strict_failure{count_};
  }

 private:
  bool strict_, quiet_;
  std::size_t count_ = 0;
};

// Progress on stderr (issue 15): each phase of a long run with its counts,
// and a percentage where the total is known (the orders' bytes), redrawn
// at most four times a second on one terminal line. On when stderr is a
// terminal; --progress forces it (a line per phase and at most one update a
// second when stderr is a file); --quiet silences it.
class progress_meter {
 public:
  progress_meter(bool forced, bool quiet)
      : on_(!quiet && (forced || ::isatty(STDERR_FILENO) == 1)), terminal_(::isatty(STDERR_FILENO) == 1) {}

  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;
  // a phase cut short (an error): its line ends, so the message starts a line of its own
  ~progress_meter() {
    if (on_ && terminal_ && !name_.empty()) std::cerr << '\n';
  }

  /// A phase starts: "reading orders", with its total in bytes (0: unknown).
  void phase(std::string name, std::uint64_t total = 0) {
    finish();
    name_ = std::move(name);
    total_ = total;
    started_ = std::chrono::steady_clock::now();
    shown_ = {};
    draw(0, true);
  }
  /// How far the phase is: drawn if enough time has passed since the last.
  void update(std::uint64_t done) { draw(done, false); }
  /// The phase is done: its line ends with the time it took.
  void finish(const std::string& what = {}) {
    if (!on_ || name_.empty()) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::ostringstream line;
    line << "payplan: " << name_ << (what.empty() ? std::string() : ": " + what) << ", done in " << std::fixed
         << std::setprecision(1) << seconds << " s";
    std::cerr << (terminal_ ? "\r\x1b[K" : "") << line.str() << '\n' << std::flush;
    name_.clear();
  }

 private:
  void draw(std::uint64_t done, bool first) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    const auto every = terminal_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(1000);
    if (!first && now - shown_ < every) return;
    shown_ = now;
    if (!terminal_ && !first && total_ == 0) return;  // a file gets counts, not a spinner
    std::ostringstream line;
    line << "payplan: " << name_ << " ...";
    if (total_ >= (1u << 20)) {  // a percentage of a file of a MiB or more; a small one is read at once
      const std::uint64_t percent = std::min<std::uint64_t>(100, done * 100 / total_);
      line << ' ' << percent << "% (" << done / (1u << 20) << " of " << total_ / (1u << 20) << " MiB)";
    }
    std::cerr << (terminal_ ? "\r\x1b[K" : "") << line.str() << (terminal_ ? "" : "\n") << std::flush;
  }

  bool on_, terminal_;
  std::string name_;
  std::uint64_t total_ = 0;
  std::chrono::steady_clock::time_point started_, shown_;
};

// Whether a regular file starts with gzip's magic bytes (as load_orders
// decides). A pipe is never read here: its bytes are the loader's.
bool is_gzip_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {0, 0};
  return in.read(magic, 2) && static_cast<unsigned char>(magic[0]) == 0x1f && static_cast<unsigned char>(magic[1]) == 0x8b;
}

// 10000000 -> "10,000,000": counts on the terminal, for people.
std::string count_text(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// --summary, --full or neither: the statement table's rows.
statement_rows rows_of(const Args& a) {
  if (a.has("--summary") && a.has("--full")) throw usage_error("--summary and --full cannot go together");
  return a.has("--summary") ? statement_rows::summary : a.has("--full") ? statement_rows::full : statement_rows::automatic;
}

// --quiet: standard output goes nowhere.
std::ostream& quiet_stream() {
  static std::ostream nowhere(nullptr);
  return nowhere;
}

// PAYPLAN_TIMINGS=1: each step's wall time (and the peak memory so far) on stderr, to profile a run
// end to end (issue 11) without a profiler.
class step_timer {
 public:
  step_timer() : on_(std::getenv("PAYPLAN_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void done(const char* step) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::cerr << "payplan: timing: " << step << ' '
              << std::chrono::duration_cast<std::chrono::milliseconds>(now - last_).count() << " ms, peak "
              << usage.ru_maxrss / 1024 << " MiB\n";
    last_ = now;
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point last_;
};

// --outputs lines,statements,exceptions: which of spec 5's files a run
// writes (docs/contract-notes.md); the folder then holds only those.
run_outputs outputs_of(const Args& a) {
  auto it = a.options.find("--outputs");
  if (it == a.options.end()) return {};
  run_outputs o{false, false, false};
  std::string_view rest = it->second;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    bool* flag = name == "lines" ? &o.lines : name == "statements" ? &o.statements : name == "exceptions" ? &o.exceptions : nullptr;
    if (flag == nullptr)
      throw usage_error("--outputs: '" + std::string(name) + "' is not one of lines, statements, exceptions");
    if (*flag) throw usage_error("--outputs: " + std::string(name) + " given twice");
    *flag = true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return o;
}

// --threads N: how many threads parse the orders and format lines.csv (default: one a core, at most 8).
unsigned threads_of(const Args& a) {
  auto it = a.options.find("--threads");
  if (it == a.options.end()) return 0;
  const std::string& t = it->second;
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (ec != std::errc{} || end != t.data() + t.size() || n == 0 || n > 256)
    throw usage_error("--threads '" + t + "' is not a whole number from 1 to 256");
  return n;
}

std::string written_names(const run_outputs& o) {
  std::string names;
  for (auto [on, name] : {std::pair{o.lines, "lines.csv"}, {o.statements, "statements.csv"}, {o.exceptions, "exceptions.csv"}})
    if (on) names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

// The options of `payplan run` that name an input file, and its role in manifest.json (spec 6).
struct input_option {
  const char* option;
  const char* role;
  bool csv;
};
constexpr input_option input_options[] = {{"--plan", "plan", false},         {"--org", "org", false},
                                          {"--orders", "orders", true},      {"--credits", "credits", true},
                                          {"--adjustments", "adjustments", true}};

// spec 6: --closed-through's period label.
std::optional<Period> closed_through_of(const Args& a) {
  auto c = a.options.find("--closed-through");
  if (c == a.options.end()) return std::nullopt;
  const auto p = parse_period(c->second);
  if (!p) throw usage_error("--closed-through " + c->second + " is not a period label (2026-Q1, 2026-01 or 2026)");
  return p;
}

// What a run writes into `out`; its terminal output goes to `log`.
int run_into(const Args& a, const std::vector<std::string>& arguments, std::ostream& log) {
  warnings_out warn(a.has("--strict"), a.has("--quiet"));
  progress_meter progress(a.has("--progress"), a.has("--quiet") || &log != &std::cout);
  auto log_warning = [&](const std::string& text) { warn.add(text); };
  const statement_rows rows = rows_of(a);
  orders_format format = format_of(a);  // its mistakes are the command line's: said before any file is read
  RunRange range = run_range(a);
  run_outputs outputs = outputs_of(a);
  outputs.threads = threads_of(a);
  const std::string& out = need(a, "--out");
  const bool has_paid = a.options.count("--paid") != 0;
  const std::optional<Period> closed_through = closed_through_of(a);
  // spec 6: a closing needs the earlier run; with one, every period from the plan's start is written
  if (closed_through && !has_paid)
    throw input_error({"--closed-through"}, to_string(*closed_through) +
                                                " closes periods of an earlier run: give its output folder with --paid");
  if (has_paid && !closed_through) throw usage_error("--paid needs --closed-through PERIOD: the last period it closes");
  if (has_paid) {
    std::error_code ec;
    if (std::filesystem::weakly_canonical(a.options.at("--paid"), ec) == std::filesystem::weakly_canonical(out, ec))
      throw usage_error("--out " + out + " is the --paid folder: the pay history it holds would be replaced by the "
                        "run that reads it; write the new run to a folder of its own");
  }
  if (has_paid && range.from)
    throw usage_error("--from cannot go with --paid: a run with a pay history writes every period from the plan's "
                      "effective start");
  step_timer timer;
  // spec 6: manifest.json names every input by its absolute path, size, rows
  // and sha256, read before the run reads it. A pipe cannot be read twice:
  // it is named without a digest, and verify says it cannot check it.
  run_manifest record;
  record.version = payplan_version();
  record.arguments = arguments;
  auto digest = [&](const std::filesystem::path& given, const char* role, bool csv) {
    const std::filesystem::path path = std::filesystem::absolute(given).lexically_normal();
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      record.inputs.push_back(digest_file(path, role, csv));
      return;
    }
    if (!std::filesystem::exists(path, ec) || std::filesystem::is_directory(path, ec)) return;  // its loader says why
    log_warning("the " + std::string(role) + " input " + shown(given.string()) +
                " is not a regular file (a pipe?): manifest.json names it without a digest, so payplan verify "
                "cannot check this run");
    record.inputs.push_back({role, path.string(), 0, 0, ""});
  };
  for (const input_option& o : input_options)
    if (auto it = a.options.find(o.option); it != a.options.end()) digest(it->second, o.role, o.csv);
  timer.done("digest inputs");
  Plan plan = load_plan(need(a, "--plan"));
  Org org = load_org(need(a, "--org"));
  validate(plan, org);
  warn.add(warnings(plan, org, range));
  warn.check();  // --strict: before the orders are read
  timer.done("load plan and org");
  // the percentage is of the file's bytes; a gzip file's inflated size is not known, so it gets none
  std::error_code size_error;
  std::uint64_t orders_size = std::filesystem::file_size(need(a, "--orders"), size_error);
  const bool orders_gzip = is_gzip_file(need(a, "--orders"));
  if (size_error || orders_gzip) orders_size = 0;
  progress.phase("reading orders", orders_size);
  format.on_progress = [&](std::size_t bytes) { progress.update(bytes); };
  Ledger ledger = load_orders(need(a, "--orders"), plan.currency, outputs.threads, format);
  progress.finish(count_text(ledger.size()) + " orders");
  // spec 6: rows are the orders file's records; of a gzip file, those of the text it holds (its
  // digest counted the compressed bytes' line ends)
  if (orders_gzip)
    for (file_digest& d : record.inputs)
      if (d.role == "orders") d.rows = ledger.size();
  const std::optional<DealCredits> credits = credits_of(a);
  std::optional<ManualAdjustments> manual;
  if (auto m = a.options.find("--adjustments"); m != a.options.end()) manual = load_adjustments(m->second);
  std::optional<PaidRun> paid;
  if (has_paid) paid = load_paid(a.options.at("--paid"), closed_through);
  if (paid) record.inputs.insert(record.inputs.end(), paid->files.begin(), paid->files.end());  // digested as read
  timer.done("load orders");
  // a run that writes no lines.csv keeps none: their statements are summed as each component ends
  Result result;
  progress.phase("crediting and evaluating " + count_text(ledger.size()) + " orders, " +
                 count_text(plan.components.size()) + (plan.components.size() == 1 ? " component" : " components"));
  evaluate_into(result, plan, org, ledger, range, outputs.lines ? keep_lines::all : keep_lines::statements,
                credits ? &*credits : nullptr);
  progress.finish(count_text(result.line_count()) + " lines");
  settle(result, plan, org, Closing{paid ? &paid->history : nullptr, closed_through, manual ? &*manual : nullptr});
  // spec 6: OLD's rows in periods this run does not close are recomputed; a
  // manual one there is not carried, and would be lost without a word
  if (paid)
    for (const Adjustment& m : paid->history.adjustments)
      if (m.manual() && !result.is_closed(m.period))
        log_warning("the earlier run's manual adjustment of " + to_string(m.delta, plan.currency.minor_unit,
                                                                          plan.currency.minor_unit) +
                    " to " + m.payee + " (" + m.component + ") in " + to_string(m.period) + " is not carried: " +
                    to_string(m.period) + " is not closed by --closed-through " + to_string(*closed_through) +
                    "; give it again with --adjustments to pay it");
  timer.done("evaluate");
  warn.periods_not_paid(result);
  warn.no_lines(result, need(a, "--orders"));
  warn.check();
  progress.phase("writing " + written_names(outputs));
  write_run(out, result, outputs, paid ? &*paid : nullptr, &record);
  progress.finish();
  timer.done("write");
  log << "plan " << shown(plan.id) << ": " << ledger.size() << " orders\n";
  print_statement_table(log, result, {rows, 200, plan.currency.code, &org});
  print_exception_summary(log, result);
  print_adjustments(log, result);
  log << "wrote " << shown(out) << "/" << written_names(outputs) << ", adjustments.csv, manifest.json\n";
  return 0;
}

// --strict, --summary, --full and --quiet change what the terminal shows, not
// what is written: verify's re-run need not repeat them, but they are recorded.
const std::vector<std::string> run_option_names{"--plan",    "--org",     "--orders",         "--credits",
                                                "--out",     "--from",    "--to",             "--outputs",
                                                "--threads", "--paid",    "--closed-through", "--adjustments",
                                                "--strict",  "--summary", "--full",           "--quiet",
                                                "--delimiter", "--columns", "--progress"};

int run(int argc, char** argv) {
  Args a = parse_args(argc, argv, run_option_names);
  install_interrupt_handlers(need(a, "--out"));
  return run_into(a, std::vector<std::string>(argv + 1, argv + argc), a.has("--quiet") ? quiet_stream() : std::cout);
}

// `payplan verify DIR` (spec 6): DIR's inputs unchanged, its outputs as the
// manifest says, and a re-run from the same inputs byte-identical to them.
int verify_command(int argc, char** argv) {
  if (argc != 3) throw usage_error("verify needs one output folder: payplan verify DIR");
  namespace fs = std::filesystem;
  const fs::path dir = argv[2];
  const run_manifest m = read_manifest(dir);
  const std::string manifest_file = (dir / "manifest.json").string();
  if (m.arguments.empty() || m.arguments[0] != "run")
    throw input_error({manifest_file}, "its arguments are not those of payplan run");
  // 1. every input as it was
  for (const file_digest& in : m.inputs) {
    std::error_code ec;
    if (in.sha256.empty())
      throw input_error({in.path}, "input (" + in.role + ") was not a regular file (a pipe?) when " + dir.string() +
                                       " was written: it cannot be read again, so the run cannot be checked");
    if (!fs::is_regular_file(in.path, ec))
      throw input_error({in.path}, "input (" + in.role + ") named by " + manifest_file + " is gone");
    const file_digest now = digest_file(in.path, in.role, true);  // compared by size and sha256 only
    if (now.sha256 != in.sha256 || now.bytes != in.bytes)
      throw input_error({in.path}, "input (" + in.role + ") changed since the run that wrote " + dir.string() + " (" +
                                       std::to_string(in.bytes) + " bytes, sha256 " + in.sha256.substr(0, 12) +
                                       "... then; " + std::to_string(now.bytes) + " bytes, sha256 " +
                                       now.sha256.substr(0, 12) + "... now)");
  }
  // 2. every output as the manifest says
  for (const file_digest& o : m.outputs) {
    const fs::path path = dir / o.path;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw input_error({path.string()}, "output named by " + manifest_file + " is gone");
    const file_digest now = digest_file(path, {}, true);
    if (now.sha256 != o.sha256 || now.bytes != o.bytes)
      throw input_error({path.string()}, "differs from what the run wrote (sha256 in " + manifest_file + ")");
  }
  // 3. a re-run from the manifest's arguments, read as `run` reads them, its
  // inputs at their absolute paths and its output in a folder of its own
  std::map<std::string, std::string> by_role;
  for (const file_digest& in : m.inputs)
    by_role[in.role] = in.role == "paid" ? fs::path(in.path).parent_path().string() : in.path;
  std::vector<std::string> given(m.arguments.begin(), m.arguments.end());
  std::vector<char*> given_argv{argv[0]};
  for (auto& g : given) given_argv.push_back(g.data());
  Args a = parse_args(static_cast<int>(given_argv.size()), given_argv.data(), run_option_names);
  if (!a.options.count("--out")) throw input_error({manifest_file}, "its arguments name no --out");
  std::string scratch = (fs::temp_directory_path() / "payplan-verify-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) throw output_error("cannot create a folder for the re-run in " + fs::temp_directory_path().string());
  const fs::path rerun = fs::path(scratch) / "out";
  a.options["--out"] = rerun.string();
  for (const input_option& o : input_options)
    if (a.options.count(o.option) && by_role.count(o.role)) a.options[o.option] = by_role[o.role];
  if (a.options.count("--paid") && by_role.count("paid")) a.options["--paid"] = by_role["paid"];
  std::vector<std::string> args{"run"};
  for (const auto& [k, v] : a.options) args.insert(args.end(), {k, v});
  install_interrupt_handlers(rerun.string());
  // Ctrl-C during the re-run: its files, its folder, the lock beside it, then the scratch folder
  std::vector<fs::path> scratch_paths;
  for (const char* name : {"lines.csv", "statements.csv", "exceptions.csv", "adjustments.csv", "manifest.json"})
    scratch_paths.push_back(rerun / name);
  scratch_paths.insert(scratch_paths.end(), {rerun, fs::path(rerun.string() + ".payplan-lock"), fs::path(scratch)});
  remove_on_interrupt(scratch_paths);
  std::ostringstream quiet;
  struct remove_after {
    fs::path p;
    ~remove_after() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{scratch};
  run_into(a, args, quiet);
  for (const file_digest& o : m.outputs) {
    const file_digest again = digest_file(rerun / o.path, {}, true);
    if (again.sha256 != o.sha256 || again.bytes != o.bytes)
      throw input_error({(dir / o.path).string()}, "differs from a re-run from the same inputs (" +
                                                       std::to_string(o.bytes) + " bytes then, " +
                                                       std::to_string(again.bytes) + " bytes now)");
  }
  std::cout << "verified " << shown(dir.string()) << ": " << m.inputs.size() << " inputs unchanged, " << m.outputs.size()
            << " outputs byte-identical to a re-run\n";
  return 0;
}

// --credits CREDITS.csv (spec 3.1): deal-level credits, if given.
std::optional<DealCredits> credits_of(const Args& a) {
  auto c = a.options.find("--credits");
  if (c == a.options.end()) return std::nullopt;
  return load_credits(c->second);
}

RunRange run_range(const Args& a) {
  RunRange range;
  if (auto f = a.options.find("--from"); f != a.options.end()) range.from = range_bound(f->second, false, "--from");
  if (auto t = a.options.find("--to"); t != a.options.end()) range.to = range_bound(t->second, true, "--to");
  if (range.from && range.to && *range.from > *range.to)
    throw usage_error("--from " + a.options.at("--from") + " is after --to " + a.options.at("--to") + " (" +
                      to_string(*range.from) + " > " + to_string(*range.to) + ")");
  return range;
}

// Every line of one order, or of one period, for one payee, with what each
// stage of the pipeline decided (the run's recorded trace).
int explain_command(int argc, char** argv) {
  Args a = parse_args(argc, argv,
                      {"--plan", "--org", "--orders", "--credits", "--payee", "--order", "--period", "--component", "--from",
                       "--to", "--delimiter", "--columns"});
  RunRange range = run_range(a);
  TraceRequest request;
  request.payee = need(a, "--payee");
  const bool by_order = a.options.count("--order") != 0, by_period = a.options.count("--period") != 0;
  if (by_order == by_period) throw usage_error("explain needs --order ORDER_ID or --period PERIOD (one of them)");
  if (by_order && a.options.count("--component"))
    throw usage_error("--component goes with --period: an order's lines are every component's");
  std::string subject;
  if (by_order) {
    request.order_id = a.options.at("--order");
    subject = "order " + shown(request.order_id);
  } else {
    const std::string& text = a.options.at("--period");
    request.period = parse_period(text);
    if (!request.period) throw usage_error("--period " + text + " is not a period label (2026-Q1, 2026-01 or 2026)");
    if (auto c = a.options.find("--component"); c != a.options.end()) request.component = c->second;
    subject = "period " + to_string(*request.period);
  }
  Plan plan = load_plan(need(a, "--plan"));
  Org org = load_org(need(a, "--org"));
  Ledger ledger = load_orders(need(a, "--orders"), plan.currency, 0, format_of(a));
  const std::optional<DealCredits> credits = credits_of(a);
  auto lines = explain(plan, org, ledger, request, range, credits ? &*credits : nullptr);
  std::cout << subject << ", payee " << shown(request.payee)
            << (request.component.empty() ? std::string() : ", component " + shown(request.component)) << ": "
            << lines.size() << (lines.size() == 1 ? " line" : " lines") << '\n';
  for (const auto& x : lines) {
    std::cout << "\n[" << shown(x.component) << "] " << x.period << '\n';
    for (std::size_t i = 0; i < x.steps.size(); ++i) std::cout << "  " << i + 1 << ". " << for_terminal(x.steps[i], 1000) << '\n';
  }
  if (lines.empty() && by_order)
    std::cout << "no line of order " << shown(request.order_id) << " pays " << shown(request.payee)
              << " (it may be credited to someone else, outside the paid periods, or in no component of "
              << shown(request.payee) << ")\n";
  if (lines.empty() && by_period)
    std::cout << "no line of " << subject << " pays " << shown(request.payee)
              << (request.component.empty() ? std::string() : " in component " + shown(request.component))
              << " (the period may be outside the paid or written periods, or no component pays "
              << shown(request.payee) << " in it)\n";
  return 0;
}

// Statements reps can read (issue 16): one HTML page per payee and period
// (report/statement_page.hpp) and index.html, written as one set into DIR.
int statements_command(int argc, char** argv) {
  Args a = parse_args(argc, argv,
                      {"--plan", "--org", "--orders", "--credits", "--out", "--payee", "--period", "--from", "--to",
                       "--delimiter", "--columns"});
  const orders_format format = format_of(a);
  const RunRange range = run_range(a);
  const std::string& out = need(a, "--out");
  std::optional<Period> only_period;
  if (auto p = a.options.find("--period"); p != a.options.end()) {
    only_period = parse_period(p->second);
    if (!only_period) throw usage_error("--period " + p->second + " is not a period label (2026-Q1, 2026-01 or 2026)");
  }
  install_interrupt_handlers(out);
  Plan plan = load_plan(need(a, "--plan"));
  Org org = load_org(need(a, "--org"));
  validate(plan, org);
  warnings_out warn(false, false);
  warn.add(warnings(plan, org, range));
  Ledger ledger = load_orders(need(a, "--orders"), plan.currency, 0, format);
  const std::optional<DealCredits> credits = credits_of(a);
  Result result;
  evaluate_into(result, plan, org, ledger, range, keep_lines::all, credits ? &*credits : nullptr);
  warn.periods_not_paid(result);
  // one page per (payee, period) the run has a statement for, as --payee and --period narrow them
  const auto payee = a.options.find("--payee");
  const std::vector<StatementRequest> pages =
      statement_requests(result, payee == a.options.end() ? std::nullopt : std::optional<std::string_view>(payee->second),
                         only_period);
  if (pages.empty())
    throw input_error({payee != a.options.end() ? "--payee" : "--period"}, "no statement of the run is for " +
                      (payee != a.options.end() ? "payee " + shown(payee->second) : std::string("anyone")) +
                      (only_period ? " in " + to_string(*only_period) : std::string()));
  const auto files = statement_files(plan, org, ledger, result, pages, credits ? &*credits : nullptr);
  write_atomically(out, files);
  std::cout << "wrote " << shown(out) << "/index.html and " << pages.size()
            << (pages.size() == 1 ? " statement" : " statements") << '\n';
  return 0;
}

// What would plan B have paid? Both plans over the same orders, loaded once.
int compare_command(int argc, char** argv) {
  Args a = parse_args(argc, argv,
                      {"--plan", "--org", "--orders", "--credits", "--out", "--from", "--to", "--report", "--strict",
                       "--delimiter", "--columns"},
                      true);
  if (a.plans.size() != 2) throw usage_error("compare needs --plan twice: the current plan A and the proposed plan B");
  warnings_out warn(a.has("--strict"), false);
  RunRange range = run_range(a);
  const std::string& out = need(a, "--out");
  auto report = a.options.find("--report");
  install_interrupt_handlers(report == a.options.end() ? out : out + " and " + report->second);
  Plan plan_a = load_plan(a.plans[0]);
  Plan plan_b = load_plan(a.plans[1]);
  Org org = load_org(need(a, "--org"));
  warn.add(warnings(plan_a, org, range));
  warn.add(warnings(plan_b, org, range));
  warn.check();
  Ledger ledger = load_orders(need(a, "--orders"), plan_a.currency, 0, format_of(a));
  const std::optional<DealCredits> credits = credits_of(a);
  Comparison c = compare(plan_a, plan_b, org, ledger, range, credits ? &*credits : nullptr);
  warn.periods_not_paid(c.a);
  warn.periods_not_paid(c.b);
  warn.check();
  std::vector<std::pair<std::string, std::function<void(std::ostream&)>>> files{
      {"compare.csv", [&](std::ostream& o) { write_comparison(o, c); }},
      {"summary.csv", [&](std::ostream& o) { write_comparison_summary(o, c); }}};
  // compare.csv, summary.csv and the report are one set: all of them or none
  std::vector<std::pair<std::filesystem::path, output_writer>> elsewhere;
  if (report != a.options.end()) elsewhere.emplace_back(report->second, [&](std::ostream& o) { write_html_report(o, c, {&plan_a, &plan_b, &org}); });
  write_atomically(out, files, elsewhere);
  std::ostringstream summary;
  print_comparison(summary, c);
  std::cout << for_terminal(summary.str(), std::string::npos, true);
  std::cout << "\nwrote " << shown(out) << "/compare.csv, summary.csv";
  if (report != a.options.end()) std::cout << ", " << shown(report->second);
  std::cout << '\n';
  return 0;
}

// The plan as it was understood, the warnings a run would give, and, given
// orders, the exceptions it would list (issue 15).
int validate_command(int argc, char** argv) {
  Args a = parse_args(argc, argv,
                      {"--plan", "--org", "--orders", "--credits", "--from", "--to", "--strict", "--delimiter", "--columns"});
  if (a.options.count("--credits") && !(a.options.count("--orders") && a.options.count("--org")))
    throw usage_error("--credits is checked against the orders and the org: give --orders and --org too");
  warnings_out warn(a.has("--strict"), false);
  const RunRange range = run_range(a);
  if ((a.options.count("--columns") || a.options.count("--delimiter")) && !a.options.count("--orders"))
    throw usage_error("--columns and --delimiter describe the orders file: give --orders too");
  (void)format_of(a);
  Plan plan = load_plan(need(a, "--plan"));
  std::optional<Org> org;
  if (auto o = a.options.find("--org"); o != a.options.end()) {
    org = load_org(o->second);
    validate(plan, *org);
  }
  print_plan(std::cout, plan, org ? &*org : nullptr, range);
  std::cout << "plan " << shown(need(a, "--plan")) << ": " << plan.components.size() << " components, ok\n";
  if (org) {
    std::cout << "org " << shown(a.options.at("--org")) << ": " << org->people().size() << " people, "
              << org->accounts().size() << " accounts, ok\n";
    warn.add(warnings(plan, *org, range));
  } else if (plan.origin) {
    warn.add(plan.origin->warnings());
  }
  if (auto o = a.options.find("--orders"); o != a.options.end()) {
    Ledger ledger = load_orders(o->second, plan.currency, 0, format_of(a));
    std::cout << "orders " << shown(o->second) << ": " << ledger.size() << " orders, ok\n";
    std::optional<DealCredits> credits;
    if (auto c = a.options.find("--credits"); c != a.options.end()) {
      // spec 3.1: the rows checked against the ledger and the org (ids, duplicates, sums)
      credits = load_credits(c->second);
      const Crediting crediting(*org, ledger, &*credits);
      std::cout << "credits " << shown(c->second) << ": " << credits->size() << " rows, ok\n";
    }
    if (org) {
      // what a run would list (spec 5's exceptions.csv), without keeping its lines
      Result result;
      evaluate_into(result, plan, *org, ledger, range, keep_lines::statements, credits ? &*credits : nullptr);
      if (result.exceptions.empty()) std::cout << "a run would list no exceptions\n";
      else print_exception_summary(std::cout, result);
      warn.periods_not_paid(result);
      warn.no_lines(result, o->second);
    } else {
      std::cout << "(give --org too to see the exceptions a run would list)\n";
    }
  }
  warn.check();
  return 0;
}

// Messages quote the inputs: escaped (no terminal control sequence from a
// CSV field reaches the terminal) and cut to a readable length.
std::string message(const std::exception& e) { return for_terminal(e.what(), 300); }

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string command = argc > 1 ? argv[1] : "";
    if (command == "run") return run(argc, argv);
    if (command == "validate") return validate_command(argc, argv);
    if (command == "explain") return explain_command(argc, argv);
    if (command == "compare") return compare_command(argc, argv);
    if (command == "statements") return statements_command(argc, argv);
    if (command == "verify") return verify_command(argc, argv);
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage_text;
      return 0;
    }
    throw usage_error(command.empty() ? "no command given" : "unknown command '" + command + "'");
  } catch (const strict_failure& f) {
    std::cerr << "payplan: --strict: " << (f.warnings == 1 ? "the warning above is an error" : "the warnings above are errors")
              << "; nothing was written\n";
    return 2;
  } catch (const usage_error& e) {
    std::cerr << "payplan: " << message(e) << '\n' << usage_text;
    return 1;
  } catch (const input_error& e) {
    std::cerr << "payplan: invalid input: " << message(e) << '\n';
    return 2;
  } catch (const overflow_error& e) {
    std::cerr << "payplan: invalid input: " << message(e) << '\n';
    return 2;
  } catch (const output_error& e) {
    std::cerr << "payplan: " << message(e) << '\n';
    return 3;
  } catch (const std::bad_alloc&) {
    std::cerr << "payplan: out of memory\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "payplan: internal error: " << message(e) << '\n';
    return 3;
  }
}
