// Writing a run (spec 5). Byte-identical for the same inputs: rows are
// sorted by keys that do not depend on the input's row order.

#include "payplan/output.hpp"

#include <unistd.h>

#include <fstream>
#include <functional>
#include <utility>
#include <vector>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>

#include "payplan/error.hpp"

namespace payplan {

namespace {

// RFC 4180: quote a field holding a comma, quote or line break.
void field(std::string& row, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
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

// spec 5: money columns carry exactly the currency's minor digits
// (an input with finer digits is shown rounded half-even; gross keeps 6)
std::string amount_in_text(Money m, int minor) { return to_string(m, minor, minor); }

}  // namespace

void write_lines(std::ostream& out, const Result& r, const Ledger& ledger) {
  out << "period,payee,component,order_id,account,date,amount_in,gross,eligible,share,amount,note\n";
  std::string row;
  const int minor = r.minor_unit;
  for (std::uint32_t i : r.sorted_lines()) {
    const Line& l = r.lines[i];
    const Factors& f = r.factors_of(l);
    row.clear();
    row += to_string(r.period_of(l));
    row += ',';
    field(row, r.payee_of(l));
    row += ',';
    field(row, r.components[l.component]);
    row += ',';
    if (l.order.ok()) {
      field(row, ledger.order_id(l.order));
      row += ',';
      field(row, ledger.account_name(ledger.accounts()[l.order.index()]));
      row += ',';
      row += to_string(ledger.dates()[l.order.index()]);
      row += ',';
      row += amount_in_text(ledger.amounts()[l.order.index()], minor);
    } else {
      row += ",,,";
    }
    row += ',';
    row += to_string(r.shown_gross(l), minor);
    row += ',';
    row += to_string(f.eligible);
    row += ',';
    row += to_string(f.share);
    row += ',';
    row += to_string(l.amount, minor, minor);
    row += ',';
    field(row, r.note_of(l));
    row += '\n';
    out << row;
  }
}

void write_statements(std::ostream& out, const Result& r) {
  out << "period,payee,component,amount\n";
  std::string row;
  for (const Statement& s : r.statements()) {
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

void write_atomically(const std::filesystem::path& dir,
                      const std::vector<std::pair<std::string, std::function<void(std::ostream&)>>>& files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw error("cannot create output folder " + dir.string() + ": " + ec.message());
  const fs::path tmp = dir / (".payplan-tmp-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  fs::create_directory(tmp, ec);
  if (ec) throw error("cannot create " + tmp.string() + ": " + ec.message());
  // Write everything aside first; then swap the files in, keeping the old
  // ones until all are in place, so a failure leaves DIR as it was.
  std::vector<std::string> backed_up, moved;
  try {
    for (const auto& [name, write] : files) {
      std::ofstream out(tmp / name, std::ios::binary);
      write(out);
      out.close();
      if (!out) throw error("cannot write " + (tmp / name).string());
    }
    for (const auto& [name, write] : files)
      if (fs::is_directory(fs::symlink_status(dir / name)))
        throw error("cannot write " + (dir / name).string() + ": it is a folder");
    for (const auto& [name, write] : files) {
      if (!fs::exists(fs::symlink_status(dir / name))) continue;
      fs::rename(dir / name, tmp / (name + ".previous"), ec);
      if (ec) throw error("cannot replace " + (dir / name).string() + ": " + ec.message());
      backed_up.push_back(name);
    }
    for (const auto& [name, write] : files) {
      fs::rename(tmp / name, dir / name, ec);
      if (ec) throw error("cannot move " + name + " into " + dir.string() + ": " + ec.message());
      moved.push_back(name);
    }
  } catch (...) {
    std::error_code ignored;
    for (const auto& name : moved) fs::remove(dir / name, ignored);
    for (const auto& name : backed_up) fs::rename(tmp / (name + ".previous"), dir / name, ignored);
    fs::remove_all(tmp, ignored);
    throw;
  }
  fs::remove_all(tmp, ec);
}

void write_run(const std::filesystem::path& dir, const Result& result, const Ledger& ledger) {
  (void)result.statements();  // sums that would overflow fail here, before anything is written
  write_atomically(dir, {{"lines.csv", [&](std::ostream& o) { write_lines(o, result, ledger); }},
                         {"statements.csv", [&](std::ostream& o) { write_statements(o, result); }},
                         {"exceptions.csv", [&](std::ostream& o) { write_exceptions(o, result); }}});
}

void print_statement_table(std::ostream& out, const Result& r) {
  auto stmts = r.statements();
  std::size_t wp = 6, wpay = 5, wc = 9;
  for (const auto& s : stmts) {
    wp = std::max(wp, to_string(s.period).size());
    wpay = std::max(wpay, r.payees[s.payee].size());
    wc = std::max(wc, r.components[s.component].size());
  }
  const std::size_t wa = 14;
  auto rule = [&] { out << std::string(wp + wpay + wc + wa + 6, '-') << '\n'; };
  out << std::left << std::setw(static_cast<int>(wp)) << "period" << "  " << std::setw(static_cast<int>(wpay))
      << "payee" << "  " << std::setw(static_cast<int>(wc)) << "component" << std::right
      << std::setw(static_cast<int>(wa)) << "amount" << '\n';
  rule();
  Money period_total, grand_total;
  std::map<std::string, Money> by_payee;
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    const auto& s = stmts[i];
    out << std::left << std::setw(static_cast<int>(wp)) << to_string(s.period) << "  "
        << std::setw(static_cast<int>(wpay)) << r.payees[s.payee] << "  " << std::setw(static_cast<int>(wc))
        << r.components[s.component] << std::right << std::setw(static_cast<int>(wa))
        << to_string(s.amount, r.minor_unit, r.minor_unit) << '\n';
    period_total += s.amount;
    grand_total += s.amount;
    by_payee[r.payee_label(s.payee)] += s.amount;  // a person and an account of one id apart
    if (i + 1 == stmts.size() || stmts[i + 1].period != s.period) {
      out << std::left << std::setw(static_cast<int>(wp + wpay + wc + 4)) << ("  total " + to_string(s.period))
          << std::right << std::setw(static_cast<int>(wa)) << to_string(period_total, r.minor_unit, r.minor_unit)
          << '\n';
      rule();
      period_total = Money{};
    }
  }
  for (const auto& [payee, amount] : by_payee)
    out << std::left << std::setw(static_cast<int>(wp + wpay + wc + 4)) << ("  total " + payee) << std::right
        << std::setw(static_cast<int>(wa)) << to_string(amount, r.minor_unit, r.minor_unit) << '\n';
  rule();
  out << std::left << std::setw(static_cast<int>(wp + wpay + wc + 4)) << "  grand total" << std::right
      << std::setw(static_cast<int>(wa)) << to_string(grand_total, r.minor_unit, r.minor_unit) << '\n';
  out << r.lines.size() << " lines, " << r.exceptions.size() << " exceptions\n";
}

}  // namespace payplan
