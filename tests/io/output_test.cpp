// spec 5: "Outputs appear atomically: on any error nothing partial is left
// in DIR". The payplan binary is made to fail at every step of the write
// (PAYPLAN_TEST_FAIL_AT, read only in src/io/output.cpp), stopped at a step
// (PAYPLAN_TEST_STOP_AT raises SIGSTOP there) and then killed, interrupted,
// or raced by a second run; after each, DIR holds exactly one complete set
// and nothing else is left beside it. Plus for_terminal, the escaping of
// what is shown on a terminal.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "payplan/io/output.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path example = fs::path(PAYPLAN_SOURCE_DIR) / "rules-examples" / "basic-commission";
const fs::path plan_change = fs::path(PAYPLAN_SOURCE_DIR) / "rules-examples" / "plan-change";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every entry of a folder with its bytes ("name/" for a folder). The
// manifest names the folder it was written to (its --out argument): shown
// as OUT, so that sets written to two folders (or through a link) compare.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string bytes = e.is_directory() ? "" : slurp(e.path());
    if (e.path().filename() == "manifest.json") {
      const std::string key = "\"--out\", \"";
      if (const auto at = bytes.find(key); at != std::string::npos)
        bytes.replace(at + key.size(), bytes.find('"', at + key.size()) - at - key.size(), "OUT");
    }
    files[e.path().filename().string() + (e.is_directory() ? "/" : "")] = bytes;
  }
  return files;
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

fs::path fresh(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("payplan-output-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> run_args(const fs::path& out, bool second_quarter_only = false) {
  std::vector<std::string> a{"run",      "--plan", (example / "plan.yaml").string(), "--org", (example / "org.yaml").string(),
                             "--orders", (example / "orders.csv").string(), "--out", out.string()};
  if (second_quarter_only) a.insert(a.end(), {"--from", "2026-Q2", "--to", "2026-Q2"});
  return a;
}

std::vector<std::string> compare_args(const fs::path& out, const fs::path& report, bool first_quarter_only = false) {
  std::vector<std::string> a{"compare",  "--plan", (plan_change / "plan-2025.yaml").string(), "--plan",
                             (plan_change / "plan-2026-proposal.yaml").string(), "--org",
                             (plan_change / "org.yaml").string(), "--orders", (plan_change / "orders.csv").string(),
                             "--out", out.string(), "--report", report.string()};
  if (first_quarter_only) a.insert(a.end(), {"--from", "2026-Q1", "--to", "2026-Q1"});
  return a;
}

struct Child {
  pid_t pid;
  fs::path log;
};

// Starts payplan with extra environment and an optional file size limit
// (setrlimit RLIMIT_FSIZE, as `ulimit -f` does), stdout and stderr to a log.
Child spawn(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env = {},
            rlim_t file_size_limit = RLIM_INFINITY) {
  static int count = 0;
  const fs::path log = fs::temp_directory_path() /
                       ("payplan-output-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count) + ".log");
  std::vector<std::string> argv_text{PAYPLAN_CLI};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    if (file_size_limit != RLIM_INFINITY) {
      rlimit r{file_size_limit, file_size_limit};
      ::setrlimit(RLIMIT_FSIZE, &r);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return {pid, log};
}

struct Ended {
  int code = -1;    // exit code, or -1 when killed by a signal
  int signal = 0;   // the signal that ended it
  std::string output;
};

Ended finish(const Child& c) {
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  Ended e;
  if (WIFEXITED(status)) e.code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  e.output = slurp(c.log);
  return e;
}

Ended payplan(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env = {},
              rlim_t file_size_limit = RLIM_INFINITY) {
  return finish(spawn(args, env, file_size_limit));
}

// Waits (no timeout: the hook stops it for sure) until the child has stopped
// itself at PAYPLAN_TEST_STOP_AT's step.
bool stopped(const Child& c) {
  int status = 0;
  return ::waitpid(c.pid, &status, WUNTRACED) == c.pid && WIFSTOPPED(status);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A folder holding a complete earlier run, and the bytes of both sets.
struct Fixture {
  fs::path parent, out;
  std::map<std::string, std::string> before, after;  // full year; --from/--to 2026-Q2
};

Fixture earlier_run(const std::string& name) {
  Fixture f;
  f.parent = fresh(name);
  f.out = f.parent / "out";
  fs::path reference = fresh(name + "-reference") / "out";
  EXPECT_EQ(payplan(run_args(f.out)).code, 0);
  EXPECT_EQ(payplan(run_args(reference, true)).code, 0);
  f.before = snapshot(f.out);
  f.after = snapshot(reference);
  EXPECT_EQ(f.before.size(), 5u);  // lines, statements, exceptions, adjustments, manifest
  EXPECT_NE(f.before, f.after);  // the two sets differ, so a mix would show
  return f;
}

const std::set<std::string> only_out_and_lock{"out", "out.payplan-lock"};

TEST(output_test, a_failure_at_any_step_leaves_dir_exactly_as_it_was) {
  Fixture f = earlier_run("every-step");
  const std::vector<std::pair<std::string, std::string>> steps{
      {"lock", "cannot lock " + f.out.string()},
      {"clean", "cannot clean " + f.parent.string()},
      {"staging", "cannot create a staging folder beside " + f.out.string()},
      {"write:lines.csv", "cannot write " + (f.out / "lines.csv").string() + ": Input/output error"},
      {"write:statements.csv", "cannot write " + (f.out / "statements.csv").string() + ": Input/output error"},
      {"write:exceptions.csv", "cannot write " + (f.out / "exceptions.csv").string() + ": Input/output error"},
      {"fsync", "cannot sync " + (f.out / "lines.csv").string()},
      {"exchange", "cannot replace " + f.out.string()}};
  for (const bool can_exchange : {true, false}) {
    std::vector<std::pair<std::string, std::string>> these = steps;
    if (!can_exchange) these.emplace_back("second-rename", "cannot replace " + f.out.string());
    for (const auto& [step, message] : these) {
      std::vector<std::pair<std::string, std::string>> env{{"PAYPLAN_TEST_FAIL_AT", step}};
      if (!can_exchange) env.emplace_back("PAYPLAN_TEST_NO_EXCHANGE", "1");
      Ended e = payplan(run_args(f.out, true), env);
      EXPECT_EQ(e.code, 3) << step;
      EXPECT_TRUE(has(e.output, "payplan: " + message)) << step << ": " << e.output;
      EXPECT_EQ(snapshot(f.out), f.before) << step;  // old files byte-identical, nothing added
      EXPECT_EQ(names_in(f.parent), only_out_and_lock) << step;  // no staging folder left
    }
    // and without a failure the new set replaces the old one whole
    Ended ok = payplan(run_args(f.out, true), can_exchange ? std::vector<std::pair<std::string, std::string>>{}
                                                           : std::vector<std::pair<std::string, std::string>>{
                                                                 {"PAYPLAN_TEST_NO_EXCHANGE", "1"}});
    EXPECT_EQ(ok.code, 0) << ok.output;
    EXPECT_EQ(snapshot(f.out), f.after);
    EXPECT_EQ(names_in(f.parent), only_out_and_lock);
    ASSERT_EQ(payplan(run_args(f.out)).code, 0);
    ASSERT_EQ(snapshot(f.out), f.before);
  }
}

TEST(output_test, a_failure_after_the_exchange_keeps_the_new_set_and_the_next_run_cleans_up) {
  Fixture f = earlier_run("remove-old");
  Ended e = payplan(run_args(f.out, true), {{"PAYPLAN_TEST_FAIL_AT", "remove-old"}});
  EXPECT_EQ(e.code, 0) << e.output;  // the new set is published: removing the old one is housekeeping
  EXPECT_EQ(snapshot(f.out), f.after);
  EXPECT_EQ(names_in(f.parent).size(), 3u);  // out, the lock, and the old set under its staging name
  ASSERT_EQ(payplan(run_args(f.out, true)).code, 0);
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);
  EXPECT_EQ(snapshot(f.out), f.after);
}

TEST(output_test, kill_9_mid_run_then_a_normal_run_cleans_the_stale_staging_folder) {
  Fixture f = earlier_run("kill-9");
  for (const std::string step : {"write:statements.csv", "fsync", "exchange"}) {
    Child c = spawn(run_args(f.out, true), {{"PAYPLAN_TEST_STOP_AT", step}});
    ASSERT_TRUE(stopped(c)) << step;
    ::kill(c.pid, SIGKILL);
    EXPECT_EQ(finish(c).signal, SIGKILL);
    EXPECT_EQ(snapshot(f.out), f.before) << step;
    EXPECT_EQ(names_in(f.parent).size(), 3u) << step;  // the dead run's staging folder
    ASSERT_EQ(payplan(run_args(f.out)).code, 0);  // the next run removes it
    EXPECT_EQ(names_in(f.parent), only_out_and_lock) << step;
    EXPECT_EQ(snapshot(f.out), f.before) << step;
  }
  // Killed between the two renames of the no-exchange fallback: DIR is
  // missing for a moment, and the next run puts the old set back first
  // (here it then fails before its own exchange, so the old set stays).
  Child c = spawn(run_args(f.out, true), {{"PAYPLAN_TEST_STOP_AT", "second-rename"}, {"PAYPLAN_TEST_NO_EXCHANGE", "1"}});
  ASSERT_TRUE(stopped(c));
  ::kill(c.pid, SIGKILL);
  finish(c);
  EXPECT_FALSE(fs::exists(f.out));
  EXPECT_EQ(payplan(run_args(f.out, true), {{"PAYPLAN_TEST_FAIL_AT", "exchange"}}).code, 3);
  EXPECT_EQ(snapshot(f.out), f.before);
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);
}

TEST(output_test, a_second_run_into_the_same_dir_fails_clearly_while_the_first_completes) {
  Fixture f = earlier_run("concurrent");
  Child first = spawn(run_args(f.out, true), {{"PAYPLAN_TEST_STOP_AT", "exchange"}});
  ASSERT_TRUE(stopped(first));  // it holds the lock, its set written in staging
  Ended second = payplan(run_args(f.out));
  EXPECT_EQ(second.code, 3);
  EXPECT_TRUE(has(second.output, "payplan: " + f.out.string() + " is being written by another payplan run (process " +
                                     std::to_string(first.pid) + "); nothing written"))
      << second.output;
  EXPECT_EQ(snapshot(f.out), f.before);
  ::kill(first.pid, SIGCONT);
  Ended e = finish(first);
  EXPECT_EQ(e.code, 0) << e.output;
  EXPECT_EQ(snapshot(f.out), f.after);  // exactly the first run's complete set
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);
}

TEST(output_test, two_runs_started_together_end_with_one_complete_set) {
  // No hook: the two really race. Whatever the interleaving, each exits 0 or
  // 3 with the lock message, at least one wins, and DIR holds one whole set.
  Fixture f = earlier_run("race");
  for (int round = 0; round < 5; ++round) {
    Child a = spawn(run_args(f.out)), b = spawn(run_args(f.out, true));
    Ended ea = finish(a), eb = finish(b);
    for (const Ended* e : {&ea, &eb})
      EXPECT_TRUE(e->code == 0 || (e->code == 3 && has(e->output, "is being written by another payplan run")))
          << e->output;
    EXPECT_TRUE(ea.code == 0 || eb.code == 0);
    const auto now = snapshot(f.out);
    EXPECT_TRUE(now == f.before || now == f.after) << "round " << round;
    if (ea.code != 0) EXPECT_EQ(now, f.after);
    if (eb.code != 0) EXPECT_EQ(now, f.before);
    EXPECT_EQ(names_in(f.parent), only_out_and_lock);
  }
}

TEST(output_test, sigterm_while_writing_says_so_removes_its_staging_and_leaves_dir_unchanged) {
  Fixture f = earlier_run("sigterm");
  Child c = spawn(run_args(f.out, true), {{"PAYPLAN_TEST_STOP_AT", "write:statements.csv"}});
  ASSERT_TRUE(stopped(c));
  ::kill(c.pid, SIGTERM);  // delivered when it continues
  ::kill(c.pid, SIGCONT);
  Ended e = finish(c);
  EXPECT_EQ(e.signal, SIGTERM);  // it dies of the signal, as a shell expects
  EXPECT_EQ(e.output, "payplan: interrupted (SIGTERM); " + f.out.string() + " left unchanged\n");
  EXPECT_EQ(snapshot(f.out), f.before);
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);  // removed by the handler, not left for the next run
}

TEST(output_test, sigint_during_the_exchange_waits_for_it_and_says_the_set_was_written) {
  Fixture f = earlier_run("sigint");
  Child c = spawn(run_args(f.out, true), {{"PAYPLAN_TEST_STOP_AT", "exchange"}});
  ASSERT_TRUE(stopped(c));
  ::kill(c.pid, SIGINT);  // held until DIR is exchanged
  ::kill(c.pid, SIGCONT);
  Ended e = finish(c);
  EXPECT_EQ(e.signal, SIGINT);
  EXPECT_EQ(e.output, "payplan: interrupted (SIGINT); " + f.out.string() + " already written in full\n");
  EXPECT_EQ(snapshot(f.out), f.after);
  ASSERT_EQ(payplan(run_args(f.out, true)).code, 0);  // the old set it had no time to remove goes now
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);
}

TEST(output_test, a_file_size_limit_is_an_error_naming_the_file_and_dir_is_unchanged) {
  Fixture f = earlier_run("ulimit");
  // lines.csv of the Q2 run is 8043 bytes, written first: a 4096-byte limit stops it
  ASSERT_GT(f.after.at("lines.csv").size(), 4096u);
  Ended e = payplan(run_args(f.out, true), {}, 4096);
  EXPECT_EQ(e.code, 3) << "killed by signal " << e.signal;  // not SIGXFSZ
  EXPECT_TRUE(has(e.output, "payplan: cannot write " + (f.out / "lines.csv").string() + ": File too large")) << e.output;
  EXPECT_EQ(snapshot(f.out), f.before);
  EXPECT_EQ(names_in(f.parent), only_out_and_lock);
}

TEST(output_test, dir_holding_other_files_is_refused_and_left_alone) {
  Fixture f = earlier_run("foreign");
  { std::ofstream(f.out / "notes.txt") << "mine\n"; }
  auto with_notes = snapshot(f.out);
  Ended e = payplan(run_args(f.out, true));
  EXPECT_EQ(e.code, 1);
  EXPECT_TRUE(has(e.output, "payplan: " + f.out.string() + " holds 'notes.txt', which is not a payplan output")) << e.output;
  EXPECT_EQ(snapshot(f.out), with_notes);
  fs::remove(f.out / "notes.txt");
  // its own outputs of another command are replaced: DIR holds exactly this run's set
  { std::ofstream(f.out / "compare.csv") << "old compare\n"; }
  EXPECT_EQ(payplan(run_args(f.out, true)).code, 0);
  EXPECT_EQ(snapshot(f.out), f.after);
}

TEST(output_test, a_symlinked_dir_is_written_through_the_link) {
  Fixture f = earlier_run("symlink");
  fs::path link = f.parent / "latest";
  fs::create_directory_symlink(f.out, link);
  ASSERT_EQ(payplan(run_args(link, true)).code, 0);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(snapshot(f.out), f.after);
  EXPECT_EQ(names_in(f.parent), (std::set<std::string>{"out", "out.payplan-lock", "latest"}));
}

TEST(output_test, compare_files_and_report_are_one_set) {
  fs::path parent = fresh("compare"), out = parent / "cmp", report = parent / "report.html";
  ASSERT_EQ(payplan(compare_args(out, report)).code, 0);
  const auto before = snapshot(out);
  const std::string report_before = slurp(report);
  ASSERT_EQ(before.size(), 2u);  // compare.csv, summary.csv
  const std::set<std::string> clean{"cmp", "cmp.payplan-lock", "report.html"};
  for (const std::string step : {"write:compare.csv", "write:report.html", "exchange", "publish:report.html"}) {
    Ended e = payplan(compare_args(out, report, true), {{"PAYPLAN_TEST_FAIL_AT", step}});
    EXPECT_EQ(e.code, 3) << step << ": " << e.output;
    EXPECT_EQ(snapshot(out), before) << step;  // publish fails after the exchange: it is undone
    EXPECT_EQ(slurp(report), report_before) << step;
    EXPECT_EQ(names_in(parent), clean) << step;
  }
  ASSERT_EQ(payplan(compare_args(out, report, true)).code, 0);
  EXPECT_NE(snapshot(out), before);
  EXPECT_NE(slurp(report), report_before);
  EXPECT_EQ(names_in(parent), clean);
}

TEST(output_test, compare_report_on_one_of_dirs_own_files_is_a_usage_error) {
  fs::path parent = fresh("compare-own"), out = parent / "cmp";
  ASSERT_EQ(payplan(compare_args(out, parent / "r.html")).code, 0);
  const auto before = snapshot(out);
  for (const std::string own : {"compare.csv", "summary.csv"}) {
    Ended e = payplan(compare_args(out, out / own, true));
    EXPECT_EQ(e.code, 1);
    EXPECT_TRUE(has(e.output, "payplan: " + (out / own).string() + " is " + out.string() + "'s own " + own)) << e.output;
    EXPECT_EQ(snapshot(out), before);  // not overwritten with HTML
  }
  Ended e = payplan(compare_args(out, out, true));
  EXPECT_EQ(e.code, 1);
  EXPECT_TRUE(has(e.output, "is the output folder")) << e.output;
  // a report directly in DIR is part of DIR's set
  ASSERT_EQ(payplan(compare_args(out, out / "report.html", true)).code, 0);
  EXPECT_EQ(names_in(out), (std::set<std::string>{"compare.csv", "summary.csv", "report.html"}));
}

TEST(output_test, for_terminal_escapes_control_bytes_and_keeps_utf8) {
  EXPECT_EQ(payplan::for_terminal("O-1\x1b[31mred\x1b[0m"), "O-1\\x1b[31mred\\x1b[0m");
  EXPECT_EQ(payplan::for_terminal("a\tb\nc\rd\x7f"), "a\\tb\\nc\\rd\\x7f");
  EXPECT_EQ(payplan::for_terminal("a\nb", 200, true), "a\nb");
  EXPECT_EQ(payplan::for_terminal("Jos\xc3\xa9 \xe2\x82\xac"), "Jos\xc3\xa9 \xe2\x82\xac");  // é and € stay
  EXPECT_EQ(payplan::for_terminal("x\xc2\x9b" "31m"), "x\\u{009b}31m");                    // C1 CSI
  EXPECT_EQ(payplan::for_terminal("a\xe2\x80\xae" "b"), "a\\u{202e}b");                    // right-to-left override
  EXPECT_EQ(payplan::for_terminal("\xff\xc3"), "\\xff\\xc3");                              // not UTF-8
  EXPECT_EQ(payplan::for_terminal("\xc0\xaf"), "\\xc0\\xaf");                              // overlong '/'
}

TEST(output_test, for_terminal_cuts_long_text_in_the_middle_with_the_full_length) {
  // 1,000,000 'x' between "f.csv:3: '" (10 bytes) and "' is bad" (8): 1,000,018 bytes.
  std::string text = "f.csv:3: '" + std::string(1000000, 'x') + "' is bad";
  std::string shown = payplan::for_terminal(text, 200);
  // head: 150 bytes (3/4 of 200) = the 10-byte start + 140 x; tail: 50 = 42 x + "' is bad";
  // not shown: 1,000,018 - 150 - 50 = 999,818
  EXPECT_EQ(shown, "f.csv:3: '" + std::string(140, 'x') + "...[999818 of 1000018 bytes not shown]..." +
                       std::string(42, 'x') + "' is bad");
  // an escape is never cut in two: 100 ESC bytes shown as 400, cut to 150 + 48 (whole "\x1b" each)
  std::string escapes = payplan::for_terminal(std::string(100, '\x1b'), 200);
  EXPECT_EQ(escapes.find('\x1b'), std::string::npos);
  EXPECT_EQ(escapes.rfind("\\x1b", 0), 0u);
  // 37 escapes fit in 150 bytes (148) and 12 in 50 (48): 100 - 37 - 12 = 51 bytes not shown
  EXPECT_NE(escapes.find("...[51 of 100 bytes not shown]..."), std::string::npos) << escapes;
}

}  // namespace

// A file larger than the writer's 4 MiB buffer goes out in whole 4096-byte
// blocks (O_DIRECT where the filesystem takes it) and then a buffered tail:
// the file must hold exactly the bytes written, in pieces of any size.
TEST(output_test, a_file_of_many_blocks_and_a_tail_is_written_exactly) {
  const fs::path dir = fs::temp_directory_path() / ("payplan-output-blocks-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string expected;
  for (int i = 0; expected.size() < (std::size_t{9} << 20) + 123; ++i) expected += "row " + std::to_string(i) + ",x\n";
  // 9 MiB + a tail: two full buffers, blocks left over each time, and a tail of no whole block
  payplan::write_atomically(dir, {{"big.csv", [&](std::ostream& o) {
                                    for (std::size_t at = 0; at < expected.size(); at += 1000)  // pieces that straddle blocks
                                      o.write(expected.data() + at, static_cast<std::streamsize>(std::min<std::size_t>(1000, expected.size() - at)));
                                  }},
                                 {"empty.csv", [](std::ostream&) {}},
                                 {"small.csv", [](std::ostream& o) { o << "a,b\n"; }}});
  EXPECT_EQ(slurp(dir / "big.csv"), expected);
  EXPECT_EQ(fs::file_size(dir / "big.csv"), expected.size());
  EXPECT_EQ(slurp(dir / "empty.csv"), "");
  EXPECT_EQ(slurp(dir / "small.csv"), "a,b\n");
  fs::remove_all(dir);
}

namespace {

// issue 15: Ctrl-C during `payplan verify` leaves no scratch folder: the
// re-run's staging, its output folder and lock, and the mkdtemp folder
// holding them are all removed by the handler (TMPDIR is a folder of the
// test's own, so what is left in it is what verify left).
TEST(output_test, sigterm_during_verify_leaves_no_scratch_folder) {
  Fixture f = earlier_run("verify-scratch");
  const fs::path tmp = fresh("verify-scratch-tmp");
  fs::create_directories(tmp);
  for (const char* step : {"write:statements.csv", "exchange"}) {
    Child c = spawn({"verify", f.out.string()}, {{"TMPDIR", tmp.string()}, {"PAYPLAN_TEST_STOP_AT", step}});
    ASSERT_TRUE(stopped(c)) << step;
    ASSERT_EQ(names_in(tmp).size(), 1u) << step;  // payplan-verify-XXXXXX, while it runs
    ::kill(c.pid, SIGTERM);
    ::kill(c.pid, SIGCONT);
    Ended e = finish(c);
    EXPECT_EQ(e.signal, SIGTERM) << step << e.output;
    EXPECT_EQ(names_in(tmp), std::set<std::string>{}) << step << e.output;
  }
  EXPECT_EQ(snapshot(f.out), f.before);  // the folder verified is only read
}

}  // namespace
