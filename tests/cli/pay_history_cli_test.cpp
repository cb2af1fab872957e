// `payplan run --paid OLD --closed-through P [--adjustments ADJ]` and
// `payplan verify DIR` (spec 6) on rules-examples/pay-history: the three
// runs of its README with their figures, and every bad input refused with
// exit 2 (or 1 for a usage error), a message naming the file and row, and
// nothing written.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path source_dir = PAYPLAN_SOURCE_DIR;
const fs::path example = source_dir / "rules-examples" / "pay-history";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

struct Outcome {
  int code;
  std::string output;  // stdout and stderr
};

Outcome payplan(const std::string& args) {
  const fs::path log = fs::temp_directory_path() / ("payplan-ph-" + std::to_string(::getpid()) + ".log");
  int status = std::system((std::string(PAYPLAN_CLI) + " " + args + " > " + log.string() + " 2>&1").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(log)};
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("payplan-ph-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d.parent_path());
  return d;
}

std::string in_example(const std::string& f) { return (example / f).string(); }

// The README's runs: Q1 paid; Q2 closes Q1; Q3 closes Q2.
std::string run1(const fs::path& out) {
  return "run --plan " + in_example("plan.yaml") + " --org " + in_example("org-q1.yaml") + " --orders " +
         in_example("orders-q1.csv") + " --to 2026-Q1 --out " + out.string();
}
std::string run2(const fs::path& paid, const fs::path& out, const std::string& extra = "") {
  return "run --plan " + in_example("plan.yaml") + " --org " + in_example("org.yaml") + " --orders " +
         in_example("orders-q2.csv") + " --to 2026-Q2 --paid " + paid.string() + " --closed-through 2026-Q1 --adjustments " +
         in_example("adjustments.csv") + " --out " + out.string() + extra;
}
std::string run3(const fs::path& paid, const fs::path& out) {
  return "run --plan " + in_example("plan.yaml") + " --org " + in_example("org.yaml") + " --orders " +
         in_example("orders-q3.csv") + " --to 2026-Q3 --paid " + paid.string() + " --closed-through 2026-Q2 --out " +
         out.string();
}

// The statements.csv rows of one period.
std::string rows_of(const std::string& csv, const std::string& period) {
  std::istringstream in(csv);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind(period + ",", 0) == 0) out += line + "\n";
  return out;
}

struct Runs {
  fs::path q1 = fresh_dir("q1"), q2 = fresh_dir("q2"), q3 = fresh_dir("q3");
  Runs() {
    Outcome o = payplan(run1(q1));
    EXPECT_EQ(o.code, 0) << o.output;
    o = payplan(run2(q1, q2));
    EXPECT_EQ(o.code, 0) << o.output;
    run2_output = o.output;
    o = payplan(run3(q2, q3));
    EXPECT_EQ(o.code, 0) << o.output;
  }
  std::string run2_output;
};

TEST(pay_history_cli, the_three_runs_of_the_example_pay_each_difference_once) {
  const Runs r;
  // Run 1, Q1: ana 20000 + 25000 + 15000 = 60000 of a 50000 quota: 50000 x 5%
  // + 10000 x 8% = 3300.00; raj 48000 of 60000: 5% = 2400.00; maria 1% of
  // 108000 = 1080.00.
  EXPECT_EQ(slurp(r.q1 / "statements.csv"),
            "period,payee,component,amount\n2026-Q1,ana,base,3300.00\n2026-Q1,maria,team-override,1080.00\n"
            "2026-Q1,raj,base,2400.00\n");
  // Run 2 closes Q1: Q1's rows are run 1's, byte for byte.
  EXPECT_EQ(rows_of(slurp(r.q2 / "statements.csv"), "2026-Q1"), rows_of(slurp(r.q1 / "statements.csv"), "2026-Q1"));
  EXPECT_EQ(slurp(r.q2 / "lines.csv").substr(0, slurp(r.q1 / "lines.csv").size()), slurp(r.q1 / "lines.csv"));
  // Recomputed Q1: CN-105 returns SO-105 (dated 2026-03-31): ana 3300 - 1050 =
  // 2250, maria 1080 - 150 = 930; raj's quota corrected to 40000: 48000 is
  // 120%: 40000 x 5% + 8000 x 8% = 2640. Q2: ana 42000 x 5% = 2100, raj
  // 38000 x 5% = 1900, maria 80000 x 1% = 800; a manual 250.00 for ana.
  EXPECT_EQ(slurp(r.q2 / "adjustments.csv"),
            "period,payee,component,origin_period,paid,recomputed,delta\n"
            "2026-Q2,ana,base,,,,250.00\n"
            "2026-Q2,ana,base,2026-Q1,3300.00,2250.00,-1050.00\n"
            "2026-Q2,maria,team-override,2026-Q1,1080.00,930.00,-150.00\n"
            "2026-Q2,raj,base,2026-Q1,2400.00,2640.00,240.00\n");
  // ana 2100 - 1050 + 250 = 1300; maria 800 - 150 = 650; raj 1900 + 240 = 2140
  EXPECT_EQ(rows_of(slurp(r.q2 / "statements.csv"), "2026-Q2"),
            "2026-Q2,ana,base,1300.00\n2026-Q2,maria,team-override,650.00\n2026-Q2,raj,base,2140.00\n");
  EXPECT_NE(slurp(r.q2 / "lines.csv").find("2026-Q2,ana,base,,,,,,-1050.00,1,1,-1050.00,\"adjustment for 2026-Q1: paid "
                                           "3300.00, recomputed 2250.00\"\n"),
            std::string::npos);
  EXPECT_NE(slurp(r.q2 / "lines.csv").find("2026-Q2,ana,base,,,,,,250.00,1,1,250.00,manual adjustment: dispute settled"),
            std::string::npos);
  // the terminal shows what was paid, per payee and origin
  EXPECT_NE(r.run2_output.find("2026-Q2  raj    base           2026-Q1       2400.00       2640.00        240.00"),
            std::string::npos)
      << r.run2_output;
  EXPECT_NE(r.run2_output.find("4 adjustments, total -710.00"), std::string::npos) << r.run2_output;
  // Run 3 closes Q2. CN-203 returns 6000 of SO-203 (dated 2026-06-30): raj Q2
  // recomputed 1900 - 300 = 1600, paid for Q2 = 2140 - 240 (paid in Q2 for
  // Q1) = 1900: -300; maria 800 - 60 = 740 against 650 + 150 = 800: -60.
  // Q1 is recomputed as run 2 had it and paid for in full: nothing again.
  EXPECT_EQ(slurp(r.q3 / "adjustments.csv"),
            "period,payee,component,origin_period,paid,recomputed,delta\n"
            "2026-Q2,ana,base,,,,250.00\n"
            "2026-Q2,ana,base,2026-Q1,3300.00,2250.00,-1050.00\n"
            "2026-Q2,maria,team-override,2026-Q1,1080.00,930.00,-150.00\n"
            "2026-Q2,raj,base,2026-Q1,2400.00,2640.00,240.00\n"
            "2026-Q3,maria,team-override,2026-Q2,800.00,740.00,-60.00\n"
            "2026-Q3,raj,base,2026-Q2,1900.00,1600.00,-300.00\n");
  // Q3: ana 10000 x 5% = 500; raj 20000 x 5% - 300 = 700; maria 300 - 60 = 240
  EXPECT_EQ(rows_of(slurp(r.q3 / "statements.csv"), "2026-Q3"),
            "2026-Q3,ana,base,500.00\n2026-Q3,maria,team-override,240.00\n2026-Q3,raj,base,700.00\n");
  // all NEW's statements = all recomputed + manual: 6780 + 4090 + 1440 =
  // 12310 = (2250 + 930 + 2640) + (2100 + 740 + 1600) + (500 + 1000 + 300) + 250
  EXPECT_EQ(rows_of(slurp(r.q3 / "statements.csv"), "2026-Q2"), rows_of(slurp(r.q2 / "statements.csv"), "2026-Q2"));
  const std::string m = slurp(r.q3 / "manifest.json");
  EXPECT_NE(m.find("\"closed_through\": \"2026-Q2\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"periods\": [\"2026-Q1\", \"2026-Q2\", \"2026-Q3\"]"), std::string::npos) << m;
  EXPECT_NE(m.find("{\"role\": \"paid\", \"path\": \"" + (r.q2 / "statements.csv").string() + "\""), std::string::npos) << m;
  EXPECT_NE(m.find("{\"path\": \"adjustments.csv\", \"bytes\": " + std::to_string(slurp(r.q3 / "adjustments.csv").size()) +
                   ", \"rows\": 6, \"sha256\": \""),
            std::string::npos)
      << m;
}

// The example's README shows files of the runs in blocks opened by
// "```csv FILE of run N": each must be that run's file, byte for byte.
TEST(pay_history_cli, the_readmes_files_are_the_runs_files) {
  const Runs r;
  const fs::path runs[] = {r.q1, r.q2, r.q3};
  std::istringstream readme(slurp(example / "README.md"));
  std::string line;
  int blocks = 0;
  while (std::getline(readme, line)) {
    const std::string open = "```csv ";
    if (line.rfind(open, 0) != 0) continue;
    const std::string what = line.substr(open.size());  // "adjustments.csv of run 2"
    const auto of = what.find(" of run ");
    ASSERT_NE(of, std::string::npos) << line;
    const int run = std::stoi(what.substr(of + 8));
    ASSERT_TRUE(run >= 1 && run <= 3) << line;
    std::string block, row;
    while (std::getline(readme, row) && row != "```") block += row + "\n";
    EXPECT_EQ(block, slurp(runs[run - 1] / what.substr(0, of))) << line;
    ++blocks;
  }
  EXPECT_EQ(blocks, 3);
  // and the terminal table it shows is run 3's
  const Outcome o = payplan(run3(r.q2, fresh_dir("q3-again")));
  EXPECT_NE(slurp(example / "README.md").find(o.output.substr(o.output.find("adjustments paid"),
                                                              o.output.find("wrote ") - o.output.find("adjustments paid"))),
            std::string::npos)
      << o.output;
}

TEST(pay_history_cli, verify_passes_a_run_and_catches_a_changed_input_or_output) {
  const Runs r;
  Outcome o = payplan("verify " + r.q3.string());
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("verified " + r.q3.string() + ": 7 inputs unchanged, 4 outputs byte-identical to a re-run"),
            std::string::npos)
      << o.output;
  // an output edited by hand
  const std::string statements = slurp(r.q3 / "statements.csv");
  spit(r.q3 / "statements.csv", statements + "2026-Q3,ana,base,1.00\n");
  o = payplan("verify " + r.q3.string());
  EXPECT_EQ(o.code, 2) << o.output;
  EXPECT_NE(o.output.find((r.q3 / "statements.csv").string() + ": differs from what the run wrote"), std::string::npos)
      << o.output;
  spit(r.q3 / "statements.csv", statements);
  // an input changed since: OLD's statements (an input of run 3)
  const std::string old = slurp(r.q2 / "adjustments.csv");
  spit(r.q2 / "adjustments.csv", old + "\n");
  o = payplan("verify " + r.q3.string());
  EXPECT_EQ(o.code, 2) << o.output;
  EXPECT_NE(o.output.find((r.q2 / "adjustments.csv").string() + ": input (paid) changed since the run that wrote"),
            std::string::npos)
      << o.output;
  spit(r.q2 / "adjustments.csv", old);
  EXPECT_EQ(payplan("verify " + r.q3.string()).code, 0);
  // not a payplan output at all
  const fs::path empty = fresh_dir("empty");
  fs::create_directories(empty);
  o = payplan("verify " + empty.string());
  EXPECT_EQ(o.code, 2) << o.output;
  EXPECT_NE(o.output.find((empty / "manifest.json").string() + ": no manifest.json"), std::string::npos) << o.output;
}

TEST(pay_history_cli, verify_reads_the_arguments_as_run_does) {
  // --opt=value is a form run accepts: verify re-runs it, and never into DIR itself
  const fs::path out = fresh_dir("equals");
  const std::string args = "run --threads=2 --plan=" + in_example("plan.yaml") + " --org " + in_example("org-q1.yaml") +
                           " --orders=" + in_example("orders-q1.csv") + " --out=" + out.string() +
                           " --to 2026-Q1 --outputs=lines,statements,exceptions";
  ASSERT_EQ(payplan(args).code, 0);
  const auto written = fs::last_write_time(out / "lines.csv");
  const Outcome o = payplan("verify " + out.string());
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_EQ(fs::last_write_time(out / "lines.csv"), written);
  // a manifest missing a key is not a payplan manifest: exit 2, naming it
  std::string m = slurp(out / "manifest.json");
  m.replace(m.find("\"sha256\""), 8, "\"digest\"");
  spit(out / "manifest.json", m);
  const Outcome bad = payplan("verify " + out.string());
  EXPECT_EQ(bad.code, 2) << bad.output;
  EXPECT_NE(bad.output.find((out / "manifest.json").string() + ":"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("sha256 is missing: not a payplan manifest"), std::string::npos) << bad.output;
}

TEST(pay_history_cli, a_manual_adjustment_in_a_period_not_closed_again_is_named_on_stderr) {
  // run 2 paid a manual 250.00 in Q2; a run closing only Q1 again recomputes
  // Q2 and does not carry it: it says so
  const Runs r;
  const Outcome o = payplan("run --plan " + in_example("plan.yaml") + " --org " + in_example("org.yaml") + " --orders " +
                            in_example("orders-q2.csv") + " --to 2026-Q2 --paid " + r.q2.string() +
                            " --closed-through 2026-Q1 --out " + fresh_dir("again").string());
  EXPECT_EQ(o.code, 0) << o.output;
  EXPECT_NE(o.output.find("payplan: warning: the earlier run's manual adjustment of 250.00 to ana (base) in 2026-Q2 is "
                          "not carried: 2026-Q2 is not closed by --closed-through 2026-Q1; give it again with "
                          "--adjustments to pay it"),
            std::string::npos)
      << o.output;
}

// Refused: exit code, the message's start, and the output folder untouched.
void refused(const std::string& args, const fs::path& out, int code, const std::string& message) {
  const bool existed = fs::exists(out);
  const std::string before = existed ? slurp(out / "statements.csv") : "";
  const Outcome o = payplan(args);
  EXPECT_EQ(o.code, code) << args << "\n" << o.output;
  EXPECT_NE(o.output.find(message), std::string::npos) << args << "\n" << o.output;
  if (existed) EXPECT_EQ(slurp(out / "statements.csv"), before);
  else EXPECT_FALSE(fs::exists(out)) << out;
}

TEST(pay_history_cli, bad_closings_are_refused_and_write_nothing) {
  const fs::path q1 = fresh_dir("bad-q1"), out = fresh_dir("bad-out");
  ASSERT_EQ(payplan(run1(q1)).code, 0);
  const std::string base = "run --plan " + in_example("plan.yaml") + " --org " + in_example("org.yaml") + " --orders " +
                           in_example("orders-q2.csv") + " --out " + out.string();
  refused(base + " --closed-through 2026-Q1", out, 2,
          "payplan: invalid input: --closed-through: 2026-Q1 closes periods of an earlier run: give its output folder with --paid");
  refused(base + " --paid " + q1.string(), out, 1, "--paid needs --closed-through PERIOD");
  refused(base + " --paid " + q1.string() + " --closed-through 2026-Q1 --from 2026-Q2", out, 1,
          "--from cannot go with --paid");
  refused(base + " --paid " + q1.string() + " --closed-through 2026-Q1 --to 2026-Q1", out, 1,
          "the open period 2026-Q2 (the first after --closed-through 2026-Q1) is not one this run writes");
  refused(base + " --paid " + q1.string() + " --closed-through 2026-Q4", out, 1,
          "the open period 2027-Q1 (the first after --closed-through 2026-Q4) is not one this run writes");
  // run 1 wrote Q1 only: it cannot close Q2
  refused(base + " --paid " + q1.string() + " --closed-through 2026-Q2", out, 2,
          (q1 / "manifest.json").string() + ": the earlier run did not write 2026-Q2");
  // a folder that is not a payplan output
  const fs::path foreign = fresh_dir("foreign");
  fs::create_directories(foreign);
  spit(foreign / "statements.csv", "period,payee,component,amount\n");
  refused(base + " --paid " + foreign.string() + " --closed-through 2026-Q1", out, 2,
          (foreign / "manifest.json").string() + ": no manifest.json: " + foreign.string() +
              " is not the output of a payplan run");
  // statements that are not the sums of their lines (someone edited one file)
  const fs::path edited = fresh_dir("edited");
  fs::copy(q1, edited);
  std::string s = slurp(edited / "statements.csv");
  s.replace(s.find("3300.00"), 7, "3400.00");
  spit(edited / "statements.csv", s);
  refused(base + " --paid " + edited.string() + " --closed-through 2026-Q1", out, 2,
          (edited / "statements.csv").string() + ": is not the file the earlier run wrote (its size or sha256 differs from " +
              (edited / "manifest.json").string() + "): it was changed since, and what was paid is unknown");
  // ... and with the manifest edited to match: the statement is not the sum of its lines
  {
    const std::string sum = (edited / "sum").string();
    ASSERT_EQ(std::system(("sha256sum " + (edited / "statements.csv").string() + " | cut -c1-64 > " + sum).c_str()), 0);
    const std::string now = slurp(sum).substr(0, 64);
    std::string manifest = slurp(edited / "manifest.json");
    const auto entry = manifest.find("{\"path\": \"statements.csv\"");
    const auto sha = manifest.find("\"sha256\": \"", entry) + 11;
    manifest.replace(sha, 64, now);
    fs::remove(sum);
    spit(edited / "manifest.json", manifest);  // the size is unchanged: 3300.00 and 3400.00
  }
  refused(base + " --paid " + edited.string() + " --closed-through 2026-Q1", out, 2,
          (edited / "statements.csv").string() +
              ": row 1, field 'amount': the statement of ana, base, 2026-Q1 is 3400.00 but its lines in " +
              (edited / "lines.csv").string() + " sum to 3300.00");
  // an earlier run's adjustments.csv is part of what it paid: without it, refused
  const fs::path no_adjustments = fresh_dir("no-adjustments");
  fs::copy(q1, no_adjustments);
  fs::remove(no_adjustments / "adjustments.csv");
  refused(base + " --paid " + no_adjustments.string() + " --closed-through 2026-Q1", out, 2,
          (no_adjustments / "adjustments.csv").string() + ": no adjustments.csv: the earlier run must have written it");
  // the new run cannot replace the pay history it reads
  refused(base.substr(0, base.find(" --out ")) + " --out " + q1.string() + " --paid " + q1.string() +
              " --closed-through 2026-Q1",
          q1, 1, "is the --paid folder");
  // a run without lines.csv cannot be paid from
  const fs::path no_lines = fresh_dir("no-lines");
  ASSERT_EQ(payplan(run1(no_lines) + " --outputs statements,exceptions").code, 0);
  refused(base + " --paid " + no_lines.string() + " --closed-through 2026-Q1", out, 2,
          (no_lines / "lines.csv").string() + ": no lines.csv: the earlier run must have written it");
  // a paid period is never reopened
  const fs::path q2 = fresh_dir("bad-q2");
  ASSERT_EQ(payplan(run2(q1, q2)).code, 0);
  const fs::path q2b = fresh_dir("bad-q2b");
  ASSERT_EQ(payplan(run3(q2, q2b)).code, 0);  // closes Q2
  refused(base + " --paid " + q2b.string() + " --closed-through 2026-Q1", out, 2,
          ": --closed-through 2026-Q1 is before 2026-Q2, which the earlier run closed: a paid period is never reopened");
}

TEST(pay_history_cli, bad_manual_adjustments_name_the_row_and_write_nothing) {
  const fs::path q1 = fresh_dir("adj-q1"), out = fresh_dir("adj-out"), adj = fresh_dir("adj.csv");
  ASSERT_EQ(payplan(run1(q1)).code, 0);
  const std::string base = "run --plan " + in_example("plan.yaml") + " --org " + in_example("org.yaml") + " --orders " +
                           in_example("orders-q2.csv") + " --to 2026-Q2 --out " + out.string() + " --adjustments " +
                           adj.string();
  const std::string header = "period,payee,component,amount,reason\n";
  spit(adj, header + "2026-Q2,ana,base,10.005,x\n");
  refused(base, out, 2, adj.string() + ":2: row 1, field 'amount': amount 10.005 has more than the 2 decimals of USD");
  spit(adj, header + "2026-Q2,nobody,base,10.00,x\n");
  refused(base, out, 2, adj.string() + ":2: row 1, field 'payee': no person 'nobody' in the org");
  spit(adj, header + "2026-Q1,ana,base,10.00,x\n");
  refused(base + " --paid " + q1.string() + " --closed-through 2026-Q1", out, 2,
          adj.string() + ":2: row 1, field 'period': period 2026-Q1 is closed (--closed-through 2026-Q1)");
  spit(adj, header + "2026-Q3,ana,base,10.00,x\n");
  refused(base, out, 2, adj.string() + ":2: row 1, field 'period': period 2026-Q3 is not one this run writes");
}

TEST(pay_history_cli, a_failed_closing_run_leaves_the_earlier_output_folder_as_it_was) {
  // NEW replaces its folder in one step, manifest included; OLD is only read.
  const fs::path q1 = fresh_dir("keep-q1"), q2 = fresh_dir("keep-q2");
  ASSERT_EQ(payplan(run1(q1)).code, 0);
  ASSERT_EQ(payplan(run2(q1, q2)).code, 0);
  std::map<std::string, std::string> before;
  for (const auto& dir : {q1, q2})
    for (const auto& e : fs::directory_iterator(dir)) before[e.path().string()] = slurp(e.path());
  // into q2 itself, with a bad adjustments file: refused, both folders unchanged
  const fs::path adj = fresh_dir("keep-adj.csv");
  spit(adj, "period,payee,component,amount,reason\n2026-Q2,ana,base,1.001,x\n");
  const Outcome o = payplan(run2(q1, q2).replace(run2(q1, q2).find(in_example("adjustments.csv")),
                                                 in_example("adjustments.csv").size(), adj.string()));
  EXPECT_EQ(o.code, 2) << o.output;
  std::map<std::string, std::string> after;
  for (const auto& dir : {q1, q2})
    for (const auto& e : fs::directory_iterator(dir)) after[e.path().string()] = slurp(e.path());
  EXPECT_EQ(after, before);
}

}  // namespace
