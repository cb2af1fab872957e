// payplan compare: compare.csv, summary.csv, the printed summary and the
// HTML report. Charts are inline SVG, so the page opens without a network.

#include "payplan/report.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace payplan {

namespace {

std::string money(Money m, int minor) { return to_string(m, minor, minor); }

// cost as % of revenue with 4 decimals, or empty when there is no revenue
std::string percent(Money cost, Money revenue) {
  if (revenue.is_zero()) return "";
  Fraction f{static_cast<detail::int128>(cost.micros()) * 100, revenue.micros()};
  if (f.den < 0) f = {-f.num, -f.den};
  return detail::format_scaled(millionths(f), 6, 4, 4);
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
  for (const auto& [period, a, b] : c.periods())
    out << "period," << period << ',' << money(a, m) << ',' << money(b, m) << ',' << money(b - a, m) << '\n';
  for (const auto& p : c.payees())
    out << "payee," << csv_field(p.payee) << ',' << money(p.amount_a, m) << ',' << money(p.amount_b, m) << ','
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
  row("cost / revenue", percent(c.total_a, c.revenue_a) + "%", percent(c.total_b, c.revenue_b) + "%", "");
  out << '\n';
  for (const auto& [period, a, b] : c.periods()) row("  " + period, money(a, m), money(b, m), money(b - a, m));
  auto payees = c.payees();
  out << "\ntop " << top << " gainers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[i].delta() > Money{}; ++i)
    row("  " + payees[i].payee, money(payees[i].amount_a, m), money(payees[i].amount_b, m), money(payees[i].delta(), m));
  out << "\ntop " << top << " losers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[payees.size() - 1 - i].delta() < Money{}; ++i) {
    const auto& p = payees[payees.size() - 1 - i];
    row("  " + p.payee, money(p.amount_a, m), money(p.amount_b, m), money(p.delta(), m));
  }
}

void write_html_report(std::ostream& out, const Comparison& c) {
  const int m = c.minor_unit;
  const auto periods = c.periods();
  const auto payees = c.payees();
  // chart 1: cost per period, a bar for each plan
  const double width = 760, height = 300, left = 90, bottom = 40, top_pad = 20;
  double peak = 1;
  for (const auto& [p, a, b] : periods) peak = std::max({peak, as_double(a), as_double(b)});
  std::ostringstream bars;
  const double slot = periods.empty() ? 0 : (width - left - 20) / static_cast<double>(periods.size());
  const double plot_h = height - bottom - top_pad;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& [p, a, b] = periods[i];
    const double x = left + slot * static_cast<double>(i) + slot * 0.15;
    const double bw = slot * 0.35;
    const double ha = plot_h * as_double(a) / peak, hb = plot_h * as_double(b) / peak;
    bars << "<rect x='" << x << "' y='" << top_pad + plot_h - ha << "' width='" << bw << "' height='" << ha
         << "' fill='#4e79a7'><title>" << html(p) << " plan A: " << money(a, m) << "</title></rect>";
    bars << "<rect x='" << x + bw << "' y='" << top_pad + plot_h - hb << "' width='" << bw << "' height='" << hb
         << "' fill='#f28e2b'><title>" << html(p) << " plan B: " << money(b, m) << "</title></rect>";
    bars << "<text x='" << x + bw << "' y='" << height - bottom + 16 << "' font-size='11' text-anchor='middle'>"
         << html(p) << "</text>";
  }
  for (int t = 0; t <= 4; ++t) {
    const double y = top_pad + plot_h * (1 - t / 4.0);
    char label[64];
    std::snprintf(label, sizeof label, "%.0f", peak * t / 4.0);
    bars << "<line x1='" << left << "' x2='" << width - 10 << "' y1='" << y << "' y2='" << y
         << "' stroke='#ddd'/><text x='" << left - 6 << "' y='" << y + 4
         << "' font-size='11' text-anchor='end'>" << label << "</text>";
  }
  // chart 2: how many payees gain or lose how much (B - A), in 12 bins
  std::ostringstream hist;
  if (!payees.empty()) {
    double lo = as_double(payees.back().delta()), hi = as_double(payees.front().delta());
    if (hi <= lo) hi = lo + 1;
    constexpr int bins = 12;
    std::vector<int> count(bins, 0);
    for (const auto& p : payees) {
      int k = static_cast<int>((as_double(p.delta()) - lo) / (hi - lo) * bins);
      count[static_cast<std::size_t>(std::clamp(k, 0, bins - 1))]++;
    }
    const int most = std::max(1, *std::max_element(count.begin(), count.end()));
    const double bin_w = (width - left - 20) / bins;
    for (int k = 0; k < bins; ++k) {
      const double h = plot_h * count[static_cast<std::size_t>(k)] / most;
      char from[64], to[64];
      std::snprintf(from, sizeof from, "%.0f", lo + (hi - lo) * k / bins);
      std::snprintf(to, sizeof to, "%.0f", lo + (hi - lo) * (k + 1) / bins);
      hist << "<rect x='" << left + bin_w * k + 1 << "' y='" << top_pad + plot_h - h << "' width='" << bin_w - 2
           << "' height='" << h << "' fill='" << (lo + (hi - lo) * (k + 0.5) / bins < 0 ? "#e15759" : "#59a14f")
           << "'><title>" << count[static_cast<std::size_t>(k)] << " payees from " << from << " to " << to
           << "</title></rect>";
      if (k % 2 == 0)
        hist << "<text x='" << left + bin_w * k << "' y='" << height - bottom + 16 << "' font-size='11'>" << from
             << "</text>";
    }
    hist << "<text x='" << left - 6 << "' y='" << top_pad + 10 << "' font-size='11' text-anchor='end'>" << most
         << "</text>";
  }
  auto table = [&](const std::string& title, auto first, auto last) {
    std::ostringstream t;
    t << "<h3>" << title << "</h3><table><tr><th>payee</th><th>plan A</th><th>plan B</th><th>B - A</th></tr>";
    for (auto it = first; it != last; ++it)
      t << "<tr><td>" << html(it->payee) << "</td><td>" << money(it->amount_a, m) << "</td><td>"
        << money(it->amount_b, m) << "</td><td>" << money(it->delta(), m) << "</td></tr>";
    t << "</table>";
    return t.str();
  };
  const std::size_t n = std::min<std::size_t>(10, payees.size());
  out << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>payplan: " << html(c.plan_a) << " vs "
      << html(c.plan_b) << "</title><style>"
      << "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin-bottom:1em}"
      << "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}"
      << ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}"
      << "</style></head><body>\n<h1>What would plan B have paid?</h1>\n<p>A: <b>" << html(c.plan_a)
      << "</b> &nbsp; B: <b>" << html(c.plan_b) << "</b></p>\n"
      << "<table><tr><th></th><th>plan A</th><th>plan B</th><th>B - A</th></tr>"
      << "<tr><td>total cost</td><td>" << money(c.total_a, m) << "</td><td>" << money(c.total_b, m) << "</td><td>"
      << money(c.total_b - c.total_a, m) << "</td></tr><tr><td>credited revenue</td><td>" << money(c.revenue_a, m)
      << "</td><td>" << money(c.revenue_b, m) << "</td><td>" << money(c.revenue_b - c.revenue_a, m)
      << "</td></tr><tr><td>cost / revenue</td><td>" << percent(c.total_a, c.revenue_a) << "%</td><td>"
      << percent(c.total_b, c.revenue_b) << "%</td><td></td></tr></table>\n"
      << "<h2>Cost per period</h2><div class='legend'><span style='background:#4e79a7'></span>plan A"
      << "<span style='background:#f28e2b'></span>plan B</div>\n<svg width='" << width << "' height='" << height
      << "' role='img' aria-label='cost per period'>" << bars.str() << "</svg>\n"
      << "<h2>Per-payee change, B - A</h2><p>How many payees gain (green) or lose (red) how much.</p>\n<svg width='"
      << width << "' height='" << height << "' role='img' aria-label='per-payee deltas'>" << hist.str()
      << "</svg>\n"
      << table("Top gainers", payees.begin(), payees.begin() + static_cast<std::ptrdiff_t>(n))
      << table("Top losers", payees.rbegin(), payees.rbegin() + static_cast<std::ptrdiff_t>(n))
      << "\n</body></html>\n";
}

}  // namespace payplan
