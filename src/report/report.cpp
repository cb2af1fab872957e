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
#include <utility>
#include <vector>

#include "payplan/io/output.hpp"  // for_terminal

namespace payplan {

namespace {

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

// 1234567.5 -> "1,234,567.50": amounts on the page, for people (files keep plain numbers)
std::string grouped(Money m, int minor) {
  const std::string t = to_string(m, minor, minor);
  const std::size_t start = t[0] == '-' ? 1 : 0, dot = std::min(t.find('.'), t.size());
  std::string out = t.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    if (i > start && (dot - i) % 3 == 0) out += ',';
    out += t[i];
  }
  return out + t.substr(dot);
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

std::string html(const std::string& v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
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

void print_statement_table(std::ostream& out, const Result& r) {
  auto stmts = r.statements();
  std::vector<std::string> payee_shown(r.payees.size()), component_shown(r.components.size());
  for (std::size_t i = 0; i < r.payees.size(); ++i) payee_shown[i] = for_terminal(r.payees[i], cell_limit);
  for (std::size_t i = 0; i < r.components.size(); ++i) component_shown[i] = for_terminal(r.components[i], cell_limit);
  std::size_t wp = 6, wpay = 5, wc = 9;
  for (const auto& s : stmts) {
    wp = std::max(wp, to_string(s.period).size());
    wpay = std::max(wpay, columns(payee_shown[s.payee]));
    wc = std::max(wc, columns(component_shown[s.component]));
  }
  const std::size_t wa = 14, wlabel = wp + wpay + wc + 4;
  auto money = [&](Money m) { return to_string(m, r.minor_unit, r.minor_unit); };
  auto rule = [&] { out << std::string(wp + wpay + wc + wa + 6, '-') << '\n'; };
  auto total = [&](std::string_view label, Money m) {
    left(out, label, wlabel);
    right(out, money(m), wa);
    out << '\n';
  };
  left(out, "period", wp);
  out << "  ";
  left(out, "payee", wpay);
  out << "  ";
  left(out, "component", wc);
  right(out, "amount", wa);
  out << '\n';
  rule();
  Money period_total, grand_total;
  std::map<std::string, Money> by_payee;  // by the exact id, shown escaped
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    const auto& s = stmts[i];
    left(out, to_string(s.period), wp);
    out << "  ";
    left(out, payee_shown[s.payee], wpay);
    out << "  ";
    left(out, component_shown[s.component], wc);
    right(out, money(s.amount), wa);
    out << '\n';
    period_total += s.amount;
    grand_total += s.amount;
    by_payee[r.payee_label(s.payee)] += s.amount;  // a person and an account of one id apart
    if (i + 1 == stmts.size() || stmts[i + 1].period != s.period) {
      total("  total " + to_string(s.period), period_total);
      rule();
      period_total = Money{};
    }
  }
  for (const auto& [payee, amount] : by_payee) total("  total " + for_terminal(payee, cell_limit), amount);
  rule();
  total("  grand total", grand_total);
  out << r.line_count() << " lines" << (r.closed_through ? " in open periods (the closed ones are as paid)" : "") << ", "
      << r.exceptions.size() << " exceptions\n";
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
