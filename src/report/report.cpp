// Presentation (payplan::report): payplan compare's compare.csv, summary.csv,
// printed summary and HTML report, and the run's statement table. Charts are
// inline SVG, so the page opens without a network.

#include "payplan/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "payplan/io/output.hpp"  // for_terminal
#include "text_for_people.hpp"

namespace payplan {

namespace {

using report_text::grouped;
using report_text::html;

std::string money(Money m, int minor) { return to_string(m, minor, minor); }

// cost as % of revenue with 4 decimals, or empty when there is no revenue
std::string percent(Money cost, Money revenue) {
  if (revenue.is_zero()) return "";
  const Fraction f{static_cast<detail::int128>(cost.micros()) * 100, revenue.micros()};  // kept with den > 0
  return detail::format_scaled(millionths(f), 6, 4, 4);
}

// "5.1234%", or "n/a" without revenue
std::string percent_text(Money cost, Money revenue) {
  std::string p = percent(cost, revenue);
  return p.empty() ? std::string("n/a") : p + "%";
}

// A round step for about `ticks` gridlines up to `peak`: 1, 2 or 5 times a power of ten.
double nice_step(double peak, int ticks) {
  const double raw = peak / ticks;
  double power = 1;
  while (power * 10 <= raw) power *= 10;
  while (power > raw && power > 1e-9) power /= 10;
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * power >= raw) return f * power;
  return 10 * power;
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + '"';
}

double as_double(Money m) { return static_cast<double>(m.micros()) / 1e6; }  // for drawing only

}  // namespace

std::vector<PayeeDelta> payee_totals(const Comparison& c) {
  std::map<std::pair<std::string, payee_kind>, PayeeDelta> by;
  for (const auto& r : c.rows) {
    auto& p = by[{r.payee, r.kind}];
    p.payee = r.payee;
    p.kind = r.kind;
    p.amount_a += r.amount_a;
    p.amount_b += r.amount_b;
  }
  std::vector<PayeeDelta> out;
  for (auto& [name, p] : by) out.push_back(p);
  std::stable_sort(out.begin(), out.end(), [](const PayeeDelta& x, const PayeeDelta& y) { return x.delta() > y.delta(); });
  return out;
}

std::vector<std::tuple<std::string, Money, Money>> period_totals(const Comparison& c) {
  std::map<std::string, std::pair<Money, Money>> by;
  for (const auto& r : c.rows) {
    by[r.period].first += r.amount_a;
    by[r.period].second += r.amount_b;
  }
  std::vector<std::tuple<std::string, Money, Money>> out;
  for (auto& [p, ab] : by) out.emplace_back(p, ab.first, ab.second);
  return out;
}

void write_comparison(std::ostream& out, const Comparison& c) {
  out << "period,payee,component,amount_a,amount_b,delta\n";
  for (const auto& r : c.rows)
    out << r.period << ',' << csv_field(r.payee) << ',' << csv_field(r.component) << ','
        << money(r.amount_a, c.minor_unit) << ',' << money(r.amount_b, c.minor_unit) << ','
        << money(r.delta(), c.minor_unit) << '\n';
}

void write_comparison_summary(std::ostream& out, const Comparison& c) {
  const int m = c.minor_unit;
  out << "scope,key,amount_a,amount_b,delta\n";
  out << "total,cost," << money(c.total_a, m) << ',' << money(c.total_b, m) << ',' << money(c.total_b - c.total_a, m)
      << '\n';
  out << "revenue,credited," << money(c.revenue_a, m) << ',' << money(c.revenue_b, m) << ','
      << money(c.revenue_b - c.revenue_a, m) << '\n';
  out << "cost_pct,cost/revenue," << percent(c.total_a, c.revenue_a) << ',' << percent(c.total_b, c.revenue_b) << ",\n";
  for (const auto& [period, a, b] : period_totals(c))
    out << "period," << period << ',' << money(a, m) << ',' << money(b, m) << ',' << money(b - a, m) << '\n';
  for (const auto& p : payee_totals(c))
    out << "payee," << csv_field(p.label()) << ',' << money(p.amount_a, m) << ',' << money(p.amount_b, m) << ','
        << money(p.delta(), m) << '\n';
}

void print_comparison(std::ostream& out, const Comparison& c, std::size_t top) {
  const int m = c.minor_unit;
  auto row = [&](const std::string& label, const std::string& a, const std::string& b, const std::string& d) {
    out << std::left << std::setw(22) << label << std::right << std::setw(18) << a << std::setw(18) << b
        << std::setw(18) << d << '\n';
  };
  out << "plan A: " << c.plan_a << "\nplan B: " << c.plan_b << "\n\n";
  row("", "plan A", "plan B", "B - A");
  row("total cost", money(c.total_a, m), money(c.total_b, m), money(c.total_b - c.total_a, m));
  row("credited revenue", money(c.revenue_a, m), money(c.revenue_b, m), money(c.revenue_b - c.revenue_a, m));
  row("cost / revenue", percent_text(c.total_a, c.revenue_a), percent_text(c.total_b, c.revenue_b), "");
  out << '\n';
  for (const auto& [period, a, b] : period_totals(c)) row("  " + period, money(a, m), money(b, m), money(b - a, m));
  auto payees = payee_totals(c);
  out << "\ntop " << top << " gainers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[i].delta() > Money{}; ++i)
    row("  " + payees[i].label(), money(payees[i].amount_a, m), money(payees[i].amount_b, m), money(payees[i].delta(), m));
  out << "\ntop " << top << " losers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[payees.size() - 1 - i].delta() < Money{}; ++i) {
    const auto& p = payees[payees.size() - 1 - i];
    row("  " + p.label(), money(p.amount_a, m), money(p.amount_b, m), money(p.delta(), m));
  }
}

void write_html_report(std::ostream& out, const Comparison& c) {
  const int m = c.minor_unit;
  const auto periods = period_totals(c);
  const auto payees = payee_totals(c);
  const double width = 760, height = 300, left = 90, bottom = 40, top_pad = 20, plot_h = height - bottom - top_pad;

  // chart 1: cost per period, a bar for each plan, on round gridlines
  double peak = 1;
  for (const auto& [p, a, b] : periods) peak = std::max({peak, as_double(a), as_double(b)});
  const double step = nice_step(peak, 4);
  const double axis_top = step * std::ceil(peak / step);
  std::ostringstream bars;
  for (double v = 0; v <= axis_top + step / 2; v += step) {
    const double y = top_pad + plot_h * (1 - v / axis_top);
    char label[64];
    std::snprintf(label, sizeof label, "%.0f", v);
    bars << "<line x1='" << left << "' x2='" << width - 10 << "' y1='" << y << "' y2='" << y
         << "' stroke='#ddd'/><text x='" << left - 6 << "' y='" << y + 4 << "' font-size='11' text-anchor='end'>"
         << label << "</text>";
  }
  const double slot = periods.empty() ? 0 : (width - left - 20) / static_cast<double>(periods.size());
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& [p, a, b] = periods[i];
    const double x = left + slot * static_cast<double>(i) + slot * 0.15, bw = slot * 0.35;
    // a negative total (returns exceeding pay) draws no bar; its value is in the tooltip and tables
    const double ha = std::max(0.0, plot_h * as_double(a) / axis_top), hb = std::max(0.0, plot_h * as_double(b) / axis_top);
    bars << "<rect x='" << x << "' y='" << top_pad + plot_h - ha << "' width='" << bw << "' height='" << ha
         << "' fill='#4e79a7'><title>" << html(p) << " plan A: " << grouped(a, m) << "</title></rect>";
    bars << "<rect x='" << x + bw << "' y='" << top_pad + plot_h - hb << "' width='" << bw << "' height='" << hb
         << "' fill='#f28e2b'><title>" << html(p) << " plan B: " << grouped(b, m) << "</title></rect>";
    bars << "<text x='" << x + bw << "' y='" << height - bottom + 16 << "' font-size='11' text-anchor='middle'>"
         << html(p) << "</text>";
  }

  // chart 2: how many payees lose (red), keep (grey) or gain (green) how much;
  // bins are aligned so that 0 is an edge, and the unchanged get a bar of their own
  std::ostringstream hist;
  if (!payees.empty()) {
    int unchanged = 0;
    double lo = 0, hi = 0;
    for (const auto& p : payees) {
      const double d = as_double(p.delta());
      if (p.delta().is_zero()) ++unchanged;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    const double w = nice_step(std::max(hi - lo, 1.0), 10);
    const double first = w * std::floor(lo / w);
    const int bins = std::max(1, static_cast<int>(std::ceil((hi - first) / w)));
    std::vector<int> count(static_cast<std::size_t>(bins) + 1, 0);  // the last slot: unchanged
    for (const auto& p : payees) {
      if (p.delta().is_zero()) continue;
      int k = static_cast<int>(std::floor((as_double(p.delta()) - first) / w));
      count[static_cast<std::size_t>(std::clamp(k, 0, bins - 1))]++;
    }
    count[static_cast<std::size_t>(bins)] = unchanged;
    const int most = std::max(1, *std::max_element(count.begin(), count.end()));
    const double bin_w = (width - left - 20) / (bins + 1);
    for (int k = 0; k <= bins; ++k) {
      const double h = plot_h * count[static_cast<std::size_t>(k)] / most;
      const bool is_unchanged = k == bins;
      const double from = first + w * k;
      char range[128];
      std::snprintf(range, sizeof range, is_unchanged ? "unchanged" : "%.0f to %.0f", from, from + w);
      hist << "<rect x='" << left + bin_w * k + 1 << "' y='" << top_pad + plot_h - h << "' width='" << bin_w - 2
           << "' height='" << h << "' fill='" << (is_unchanged ? "#9e9e9e" : from < 0 ? "#e15759" : "#59a14f")
           << "'><title>" << count[static_cast<std::size_t>(k)] << " payees: " << range << "</title></rect>";
      if (count[static_cast<std::size_t>(k)] > 0)
        hist << "<text x='" << left + bin_w * (k + 0.5) << "' y='" << top_pad + plot_h - h - 4
             << "' font-size='10' text-anchor='middle'>" << count[static_cast<std::size_t>(k)] << "</text>";
      char edge[64];
      std::snprintf(edge, sizeof edge, "%.0f", from);
      if (!is_unchanged && (k % 2 == 0 || bins <= 6))
        hist << "<text x='" << left + bin_w * k << "' y='" << height - bottom + 16 << "' font-size='10'>" << edge
             << "</text>";
      if (is_unchanged)
        hist << "<text x='" << left + bin_w * (k + 0.5) << "' y='" << height - bottom + 16
             << "' font-size='10' text-anchor='middle'>unchanged</text>";
    }
    hist << "<line x1='" << left << "' x2='" << width - 10 << "' y1='" << top_pad + plot_h << "' y2='"
         << top_pad + plot_h << "' stroke='#999'/>";
  }

  // who gains and who loses: only payees whose pay changes that way
  auto table = [&](const std::string& title, const std::vector<PayeeDelta>& list) {
    std::ostringstream t;
    t << "<h3>" << title << "</h3>";
    if (list.empty()) return t.str() + "<p>none</p>";
    t << "<table><tr><th>payee</th><th>plan A</th><th>plan B</th><th>B - A</th></tr>";
    for (const auto& p : list)
      t << "<tr><td>" << html(p.label()) << "</td><td>" << grouped(p.amount_a, m) << "</td><td>"
        << grouped(p.amount_b, m) << "</td><td>" << grouped(p.delta(), m) << "</td></tr>";
    return t.str() + "</table>";
  };
  std::vector<PayeeDelta> gainers, losers;
  for (const auto& p : payees)
    if (p.delta() > Money{} && gainers.size() < 10) gainers.push_back(p);
  for (auto it = payees.rbegin(); it != payees.rend(); ++it)
    if (it->delta() < Money{} && losers.size() < 10) losers.push_back(*it);
  const std::string span = periods.empty() ? std::string("no periods")
                                           : "periods " + std::get<0>(periods.front()) + " to " +
                                                 std::get<0>(periods.back());
  out << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>payplan: " << html(c.plan_a) << " vs "
      << html(c.plan_b) << "</title><style>"
      << "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1em}"
      << "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}"
      << ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}"
      << "</style></head><body>\n<h1>What would plan B have paid?</h1>\n<p>A: <b>" << html(c.plan_a)
      << "</b> &nbsp; B: <b>" << html(c.plan_b) << "</b> &nbsp; " << html(span) << ", amounts in "
      << html(c.currency) << "</p>\n"
      << "<table><tr><th></th><th>plan A</th><th>plan B</th><th>B - A</th></tr>"
      << "<tr><td>total cost</td><td>" << grouped(c.total_a, m) << "</td><td>" << grouped(c.total_b, m)
      << "</td><td>" << grouped(c.total_b - c.total_a, m) << "</td></tr><tr><td>credited revenue</td><td>"
      << grouped(c.revenue_a, m) << "</td><td>" << grouped(c.revenue_b, m) << "</td><td>"
      << grouped(c.revenue_b - c.revenue_a, m) << "</td></tr><tr><td>cost / revenue</td><td>"
      << percent_text(c.total_a, c.revenue_a) << "</td><td>" << percent_text(c.total_b, c.revenue_b)
      << "</td><td></td></tr></table>\n"
      << "<h2>Cost per period</h2><div class='legend'><span style='background:#4e79a7'></span>plan A"
      << "<span style='background:#f28e2b'></span>plan B</div>\n<svg width='" << width << "' height='" << height
      << "' role='img' aria-label='cost per period'>" << bars.str() << "</svg>\n"
      << "<h2>Per-payee change, B - A</h2><p>How many payees lose (red), keep (grey) or gain (green) how much.</p>\n"
      << "<svg width='" << width << "' height='" << height << "' role='img' aria-label='per-payee deltas'>"
      << hist.str() << "</svg>\n"
      << table("Top gainers", gainers) << table("Top losers", losers) << "\n</body></html>\n";
}

namespace {

// Table cells: ids from the inputs, escaped and cut (spec 5's files keep them exact).
constexpr std::size_t cell_limit = 60;

// Columns on a terminal: one per UTF-8 character (not per byte).
std::size_t columns(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

void left(std::ostream& out, std::string_view s, std::size_t width) {
  out << s;
  for (std::size_t n = columns(s); n < width; ++n) out << ' ';
}

void right(std::ostream& out, std::string_view s, std::size_t width) {
  for (std::size_t n = columns(s); n < width; ++n) out << ' ';
  out << s;
}

}  // namespace

namespace {

// One row of the terminal's statement table: a statement, or in the
// summary a payee's total of a period (component empty).
struct table_row {
  Period period;
  std::uint32_t payee;
  std::string component;
  Money amount;
};

}  // namespace

void print_statement_table(std::ostream& out, const Result& r) { print_statement_table(out, r, {}); }

void print_statement_table(std::ostream& out, const Result& r, const statement_table_options& options) {
  const auto stmts = r.statements();
  const bool summary = options.rows == statement_rows::summary ||
                       (options.rows == statement_rows::automatic && stmts.size() > options.automatic_limit);
  std::vector<table_row> rows;
  if (summary) {
    // statements come by period, then payee: a payee's components are adjacent
    for (const Statement& s : stmts) {
      if (!rows.empty() && rows.back().period == s.period && rows.back().payee == s.payee) rows.back().amount += s.amount;
      else rows.push_back({s.period, s.payee, {}, s.amount});
    }
  } else {
    for (const Statement& s : stmts) rows.push_back({s.period, s.payee, for_terminal(r.components[s.component], cell_limit), s.amount});
  }
  // a person's name beside the id, where the org has one
  auto name_of = [&](std::uint32_t payee) -> std::string {
    if (options.org == nullptr || r.is_account(payee)) return {};
    const PersonId p = options.org->find_person(r.payees[payee]);
    return p.ok() ? for_terminal(options.org->person(p).name, cell_limit) : std::string();
  };
  std::vector<std::string> payee_shown(r.payees.size()), name_shown(r.payees.size());
  bool any_name = false;
  for (std::uint32_t i = 0; i < r.payees.size(); ++i) {
    payee_shown[i] = for_terminal(r.payee_label(i), cell_limit);
    name_shown[i] = name_of(i);
    any_name = any_name || !name_shown[i].empty();
  }
  const std::string amount_head = options.currency.empty() ? "amount" : "amount " + options.currency;
  std::size_t wp = 6, wpay = 5, wn = any_name ? 4 : 0, wc = summary ? 0 : 9, wa = std::max<std::size_t>(14, amount_head.size());
  for (const table_row& row : rows) {
    wp = std::max(wp, to_string(row.period).size());
    wpay = std::max(wpay, columns(payee_shown[row.payee]));
    if (any_name) wn = std::max(wn, columns(name_shown[row.payee]));
    wc = std::max(wc, columns(row.component));
  }
  auto amount = [&](Money m) { return grouped(m, r.minor_unit); };
  for (const table_row& row : rows) wa = std::max(wa, amount(row.amount).size());
  const std::size_t gaps = 2 * (2 + (any_name ? 1 : 0) + (summary ? 0 : 1));
  const std::size_t width = wp + wpay + wn + wc + wa + gaps;
  auto rule = [&] { out << std::string(width, '-') << '\n'; };
  auto line = [&](std::string_view label, Money m) {
    left(out, label, width - wa);
    right(out, amount(m), wa);
    out << '\n';
  };
  auto cells = [&](std::string_view period, std::string_view payee, std::string_view name, std::string_view component,
                   std::string_view money_cell) {
    left(out, period, wp);
    out << "  ";
    left(out, payee, wpay);
    out << "  ";
    if (any_name) {
      left(out, name, wn);
      out << "  ";
    }
    if (!summary) {
      left(out, component, wc);
      out << "  ";
    }
    right(out, money_cell, wa);
    out << '\n';
  };
  cells("period", "payee", "name", "component", amount_head);
  rule();
  Money period_total, grand_total;
  std::map<std::string, Money> by_payee;  // by the exact id, shown escaped
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const table_row& row = rows[i];
    cells(to_string(row.period), payee_shown[row.payee], name_shown[row.payee], row.component, amount(row.amount));
    period_total += row.amount;
    grand_total += row.amount;
    by_payee[r.payee_label(row.payee)] += row.amount;  // a person and an account of one id apart
    if (i + 1 == rows.size() || rows[i + 1].period != row.period) {
      line("  total " + to_string(row.period), period_total);
      rule();
      period_total = Money{};
    }
  }
  // per-payee totals repeat the rows when each payee has one: shown only when they add something
  if (by_payee.size() < rows.size()) {
    for (const auto& [payee, total] : by_payee) line("  total " + for_terminal(payee, cell_limit), total);
    rule();
  }
  line("  grand total" + (options.currency.empty() ? std::string() : " (" + options.currency + ")"), grand_total);
  out << r.line_count() << " lines" << (r.closed_through ? " in open periods (the closed ones are as paid)" : "") << ", "
      << stmts.size() << " statement rows, " << r.exceptions.size() << " exceptions\n";
  if (summary)
    out << "shown: each payee's total per period"
        << (options.rows == statement_rows::summary
                ? std::string(" (--summary)")
                : ", as there are more than " + std::to_string(options.automatic_limit) + " statement rows")
        << "; --full shows every row, statements.csv has them all\n";
}

void print_exception_summary(std::ostream& out, const Result& r, std::size_t first) {
  if (r.exceptions.empty()) return;
  // kinds in the order their first row comes in exceptions.csv
  std::vector<std::pair<std::string, std::vector<const Exception*>>> kinds;
  for (const Exception& e : r.exceptions) {
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == e.kind; });
    if (it == kinds.end()) it = kinds.insert(kinds.end(), {e.kind, {}});
    it->second.push_back(&e);
  }
  out << "\nexceptions (" << r.exceptions.size() << "), by kind:\n";
  for (const auto& [kind, rows] : kinds) {
    out << "  " << for_terminal(kind, cell_limit) << ": " << rows.size() << '\n';
    for (std::size_t i = 0; i < rows.size() && i < first; ++i)
      out << "    " << (rows[i]->order_id.empty() ? std::string() : "order " + for_terminal(rows[i]->order_id, cell_limit) + ": ")
          << for_terminal(rows[i]->detail, 300) << '\n';
    if (rows.size() > first) out << "    ... and " << rows.size() - first << " more (exceptions.csv has every row)\n";
  }
}

namespace {

// The plan as the loader understood it (payplan validate): each key's value
// in words, generic over the types' keys() as the YAML reader is.
std::string describe_value(Rate r) { return to_percent_string(r); }
std::string describe_value(Money m) { return to_string(m, 0); }
std::string describe_value(Date d) { return to_string(d); }
std::string describe_value(bool b) { return b ? "true" : "false"; }
std::string describe_value(const std::string& s) { return for_terminal(s, cell_limit); }
template <class E>
  requires std::is_enum_v<E>
std::string describe_value(E e) {
  for (const auto& [name, v] : names_of(E{}))
    if (v == e) return std::string(name);
  return "?";
}
std::string describe_value(const TierTable& t, tiers_on on) {
  // spec 4.1: attainment bounds are % of the payee's quota; 4.4: team_growth's are % growth over the baseline
  const char* base = t.basis == tier_basis::sales ? "sales" : on == tiers_on::growth ? "growth %" : "% of quota";
  std::string s = std::string("tiers (") + (t.method == tier_method::marginal ? "marginal" : "retroactive") + ", on " +
                  base + "):";
  std::string previous = "0";
  for (const Tier& tier : t.tiers) {
    const std::string upto = t.basis == tier_basis::sales ? to_string(tier.upto_sales, 0) : to_percent_string(tier.upto_percent);
    s += (tier.bounded ? " " + previous + " to " + upto : " above " + previous) + " at " + to_percent_string(tier.rate) + ";";
    previous = upto;
  }
  s.pop_back();
  return s;
}
template <class T>
std::string describe_value(const std::vector<T>& xs) {
  std::string s;
  for (const T& x : xs) s += (s.empty() ? "" : ", ") + describe_value(x);
  return s;
}

template <class C, class S, class T>
void describe_key(const Key<S, T>& k, const C& c, std::vector<std::string>& out) {
  const T& v = c.*k.member;
  if constexpr (std::is_same_v<T, TierTable>) {
    out.push_back(describe_value(v, k.tiers));
  } else if constexpr (requires { v.has_value(); }) {
    if (!v) return;
    if constexpr (std::is_same_v<std::decay_t<decltype(*v)>, TierTable>) out.push_back(describe_value(*v, k.tiers));
    else out.push_back(std::string(k.name) + " " + describe_value(*v));
  } else if constexpr (requires { v.empty(); typename T::value_type; } && !std::is_same_v<T, std::string>) {
    if (!v.empty()) out.push_back(std::string(k.name) + " " + describe_value(v));
  } else {
    out.push_back(std::string(k.name) + " " + describe_value(v));
  }
}
template <class C, class S, class... Keys>
void describe_key(const Group<S, Keys...>& g, const C& c, std::vector<std::string>& out) {
  std::vector<std::string> sub;
  std::apply([&](const auto&... k) { (describe_key(k, c, sub), ...); }, g.keys);
  std::string s = std::string(g.name);
  for (const auto& x : sub) s += " " + x;
  out.push_back(s);
}

}  // namespace

void print_plan(std::ostream& out, const Plan& plan, const Org* org, RunRange range) {
  out << "plan " << for_terminal(plan.id, cell_limit) << ": " << plan.currency.code << ", paid by " << to_string(plan.period)
      << ", rounding " << (plan.rounding == rounding::half_even ? "half_even" : "half_up") << '\n';
  // spec 4, 5: the periods wholly inside `effective` and the run's range
  const Date from = std::max(plan.effective.from, range.from.value_or(plan.effective.from));
  const Date to = std::min(plan.effective.to, range.to.value_or(plan.effective.to));
  const auto [first, last] = detail::periods_inside(from, to, plan.period);
  const std::int64_t paid = to < from || last < first ? 0 : std::int64_t{last} - first + 1;
  out << "  effective " << to_string(plan.effective.from) << " to " << to_string(plan.effective.to);
  if (range.from || range.to) out << ", run range " << to_string(from) << " to " << to_string(to);
  if (paid == 0) out << ": no period is paid\n";
  else
    out << ": " << paid << (paid == 1 ? " period paid, " : " periods paid, ") << to_string(Period(plan.period, first))
        << (paid == 1 ? std::string() : " to " + to_string(Period(plan.period, last))) << '\n';
  if (!plan.transfer_terms.empty()) {
    out << "  transfer terms:";
    for (const TransferTerms& t : plan.transfer_terms) out << ' ' << for_terminal(t.name, cell_limit);
    out << '\n';
  }
  out << "  " << plan.components.size() << (plan.components.size() == 1 ? " component" : " components") << ":\n";
  for (std::size_t i = 0; i < plan.components.size(); ++i) {
    const Component& c = plan.components[i];
    const ComponentBase& b = base_of(c);
    std::string type;
    std::vector<std::string> keys;
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          type = std::string(T::type_name);
          std::apply([&](const auto&... k) { (describe_key(k, x, keys), ...); }, T::keys());
        },
        c);
    out << "    " << i + 1 << ". " << for_terminal(b.id, cell_limit) << " (" << type << ")\n";
    // payees: whom the selector picks in the org (spec 4)
    std::vector<std::string> selected;
    if (b.payees.role) {
      if (org)
        for (const Person& person : org->people())
          if (person.role == *b.payees.role) selected.push_back(person.id);
    } else {
      selected = b.payees.ids;
    }
    if (b.payees.role || !b.payees.ids.empty()) {
      out << "       payees: ";
      if (b.payees.role) out << "role " << to_string(*b.payees.role);
      else out << "listed";
      if (b.payees.role && !org) out << " (give --org to see who)";
      else {
        out << ", " << selected.size() << (selected.size() == 1 ? " person" : " people");
        for (std::size_t k = 0; k < selected.size() && k < 10; ++k) out << (k == 0 ? ": " : ", ") << for_terminal(selected[k], cell_limit);
        if (selected.size() > 10) out << ", ... and " << selected.size() - 10 << " more";
      }
      out << '\n';
    }
    if (!b.products.empty()) out << "       products: " << describe_value(b.products) << '\n';
    for (const std::string& k : keys) out << "       " << k << '\n';
  }
}

// spec 6: the adjustments this run paid (not those carried from the
// earlier run's closed periods), per payee and origin period.
void print_adjustments(std::ostream& out, const Result& r) {
  std::vector<const Adjustment*> paid;
  for (const Adjustment& a : r.adjustments)
    if (!r.is_closed(a.period)) paid.push_back(&a);
  if (paid.empty()) return;
  auto money = [&](Money m) { return to_string(m, r.minor_unit, r.minor_unit); };
  std::size_t wp = 6, wpay = 5, wc = 9, wo = 3;
  auto payee_of = [&](const Adjustment& a) {
    return for_terminal(a.payee + (a.kind == payee_kind::account ? " (account)" : ""), cell_limit);
  };
  auto origin_of = [](const Adjustment& a) { return a.origin ? to_string(*a.origin) : std::string("manual"); };
  for (const Adjustment* a : paid) {
    wp = std::max(wp, to_string(a->period).size());
    wpay = std::max(wpay, columns(payee_of(*a)));
    wc = std::max(wc, columns(for_terminal(a->component, cell_limit)));
    wo = std::max(wo, origin_of(*a).size());
  }
  const std::size_t wa = 14;
  out << "\nadjustments paid (spec 6: differences from closed periods, and manual ones)\n";
  left(out, "period", wp);
  out << "  ";
  left(out, "payee", wpay);
  out << "  ";
  left(out, "component", wc);
  out << "  ";
  left(out, "for", wo);
  right(out, "paid", wa);
  right(out, "recomputed", wa);
  right(out, "adjustment", wa);
  out << '\n' << std::string(wp + wpay + wc + wo + 3 * wa + 6, '-') << '\n';
  Money total;
  for (const Adjustment* a : paid) {
    left(out, to_string(a->period), wp);
    out << "  ";
    left(out, payee_of(*a), wpay);
    out << "  ";
    left(out, for_terminal(a->component, cell_limit), wc);
    out << "  ";
    left(out, origin_of(*a), wo);
    right(out, a->paid ? money(*a->paid) : std::string(), wa);
    right(out, a->recomputed ? money(*a->recomputed) : std::string(), wa);
    right(out, money(a->delta), wa);
    out << '\n';
    total += a->delta;
  }
  out << paid.size() << (paid.size() == 1 ? " adjustment" : " adjustments") << ", total " << money(total) << '\n';
}

}  // namespace payplan
