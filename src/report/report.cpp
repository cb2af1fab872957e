// Presentation (payplan::report): payplan compare's compare.csv, summary.csv,
// printed summary and HTML report, and the run's statement table. Charts are
// inline SVG, so the page opens without a network.

#include "payplan/report/report.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
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

std::string coverage_note(const Comparison& c, const std::string& label);  // below, with the what-if report

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
  // for people: thousands separators (the CSV files keep plain decimals), ids shown safe for a terminal
  auto amount = [&](Money x) { return grouped(x, m); };
  auto row = [&](const std::string& label, const std::string& a, const std::string& b, const std::string& d) {
    out << std::left << std::setw(22) << label << std::right << std::setw(18) << a << std::setw(18) << b
        << std::setw(18) << d << '\n';
  };
  out << "plan A: " << for_terminal(c.plan_a, 60) << "\nplan B: " << for_terminal(c.plan_b, 60) << "\namounts in "
      << c.currency << "\n\n";
  row("", "plan A", "plan B", "B - A");
  row("total cost", amount(c.total_a), amount(c.total_b), amount(c.total_b - c.total_a));
  row("credited revenue", amount(c.revenue_a), amount(c.revenue_b), amount(c.revenue_b - c.revenue_a));
  row("cost / revenue", percent_text(c.total_a, c.revenue_a), percent_text(c.total_b, c.revenue_b), "");
  out << '\n';
  if (c.a.period_length != c.b.period_length)
    out << "by " << to_string(c.period) << " (plan A pays by " << to_string(c.a.period_length) << ", plan B by "
        << to_string(c.b.period_length) << ")\n";
  for (const auto& [period, a, b] : period_totals(c)) {
    row("  " + period, amount(a), amount(b), amount(b - a));
    if (const std::string note = coverage_note(c, period); !note.empty()) out << "    (" << note << ")\n";
  }
  auto payees = payee_totals(c);
  auto payee_row = [&](const PayeeDelta& p) {
    row("  " + for_terminal(p.label(), 60), amount(p.amount_a), amount(p.amount_b), amount(p.delta()));
  };
  out << "\ntop " << top << " gainers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[i].delta() > Money{}; ++i) payee_row(payees[i]);
  out << "\ntop " << top << " losers under B\n";
  for (std::size_t i = 0; i < payees.size() && i < top && payees[payees.size() - 1 - i].delta() < Money{}; ++i)
    payee_row(payees[payees.size() - 1 - i]);
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

// ---------------------------------------------------------------------------
// The what-if report (issue 16): breakdowns, % change, the histogram, the
// plans' diff and the page.

namespace {

constexpr const char* minus_sign = "\xe2\x88\x92";  // U+2212: a minus that reads as one, not a hyphen

// "-1,234.50" -> "−1,234.50": for people; the CSV files keep ASCII.
std::string with_minus(std::string s) {
  if (!s.empty() && s[0] == '-') s.replace(0, 1, minus_sign);
  return s;
}

// A change: "+1,234.50", "−1,234.50", "0.00".
std::string signed_grouped(Money m, int minor) {
  return (m > Money{} ? "+" : "") + with_minus(grouped(m, minor));
}

// The last day a period of the comparison covers.
Date end_of(const std::string& label) {
  const auto p = parse_period(label);
  return p ? p->last_day() : Date{};
}

// How much of aligned period `label` plan r's own written periods cover:
// "" when all of it; else the words for a note ("plan A pays none of it").
std::string coverage_note(const Comparison& c, const std::string& label) {
  const auto p = parse_period(label);
  if (!p) return {};
  const int months = static_cast<int>(c.period);
  std::string note;
  for (const bool is_a : {true, false}) {
    const Result& r = is_a ? c.a : c.b;
    int covered = 0;
    for (const Period w : r.written_periods())
      if (Period::containing(w.first_day(), c.period) == *p) covered += static_cast<int>(w.length());
    if (covered >= months) continue;
    if (!note.empty()) note += "; ";
    note += std::string("plan ") + (is_a ? "A" : "B") +
            (covered == 0 ? " pays no period of it"
                          : " pays " + std::to_string(covered) + " of its " + std::to_string(months) + " months");
  }
  return note;
}

std::string person_label(const Org& org, const std::string& id) {
  const PersonId p = org.find_person(id);
  if (!p.ok() || org.person(p).name.empty()) return id;
  return id + " (" + org.person(p).name + ")";
}

}  // namespace

std::string percent_change(Money a, Money b) {
  if (a.is_zero()) return b.is_zero() ? std::string() : std::string("new");
  if (a.is_negative()) return "n/a";
  // tenths of a percent, exact: (b - a) x 1000 / a (a > 0 here), rounded half away from zero
  const detail::int128 q =
      detail::divide_rounded(static_cast<detail::int128>((b - a).micros()) * 1000, a.micros(), rounding::half_up);
  const std::string text = detail::format_scaled(q, 1, 1, 1) + "%";
  return q > 0 ? "+" + text : with_minus(text);
}

std::vector<BreakdownRow> component_totals(const Comparison& c) {
  std::vector<BreakdownRow> out;
  auto row_of = [&](const std::string& id) -> BreakdownRow& {
    for (auto& r : out)
      if (r.key == id) return r;
    return out.emplace_back(BreakdownRow{id, id, {}, {}});
  };
  // plan B's components in its order, then those only plan A has
  for (const Result* r : {&c.b, &c.a})
    for (const std::string& id : r->components) (void)row_of(id);
  for (const auto& row : c.rows) {
    BreakdownRow& r = row_of(row.component);
    r.amount_a += row.amount_a;
    r.amount_b += row.amount_b;
  }
  std::erase_if(out, [](const BreakdownRow& r) { return r.amount_a.is_zero() && r.amount_b.is_zero(); });
  return out;
}

std::vector<BreakdownRow> role_totals(const Comparison& c, const Org& org) {
  std::map<int, BreakdownRow> by;  // by role, accounts last
  for (const auto& row : c.rows) {
    int rank = 100;
    std::string word = "account";
    if (row.kind == payee_kind::person) {
      const PersonId p = org.find_person(row.payee);
      if (p.ok()) {
        rank = static_cast<int>(org.person(p).role);
        word = std::string(to_string(org.person(p).role));
      } else {
        rank = 99, word = "not in the org";
      }
    }
    BreakdownRow& r = by[rank];
    r.key = r.label = word;
    r.amount_a += row.amount_a;
    r.amount_b += row.amount_b;
  }
  std::vector<BreakdownRow> out;
  for (auto& [rank, r] : by) out.push_back(r);
  return out;
}

std::vector<BreakdownRow> team_totals(const Comparison& c, const Org& org) {
  const std::size_t n = org.people().size();
  std::vector<Money> a(n), b(n);
  std::vector<bool> head(n, false);
  for (std::uint32_t x = 0; x < n; ++x) head[x] = org.person(PersonId(x)).role == role::manager;
  for (const auto& row : c.rows) {
    if (row.kind != payee_kind::person) continue;
    const PersonId p = org.find_person(row.payee);
    if (!p.ok()) continue;
    const Date day = end_of(row.period);  // the team in force at the period's end
    auto add = [&](PersonId x) {
      a[x.index()] += row.amount_a;
      b[x.index()] += row.amount_b;
    };
    if (head[p.index()]) add(p);  // a manager's own pay is the team's
    std::size_t steps = 0;        // the lines have no cycle (OrgBuilder::finish); bounded all the same
    for (PersonId m = org.manager_on(p, day); m.ok() && steps < n; m = org.manager_on(m, day), ++steps) {
      head[m.index()] = true;
      add(m);
    }
  }
  // the team's size on the last day compared
  const Date last = c.rows.empty() ? Date{} : end_of(c.rows.back().period);
  std::vector<BreakdownRow> out;
  for (std::uint32_t x = 0; x < n; ++x) {
    if (!head[x] || (a[x].is_zero() && b[x].is_zero())) continue;
    const std::string& id = org.person(PersonId(x)).id;
    const std::size_t size = org.team_on(PersonId(x), last).size() + 1;
    out.push_back({id, person_label(org, id) + ", " + std::to_string(size) + (size == 1 ? " person" : " people"), a[x],
                   b[x]});
  }
  std::stable_sort(out.begin(), out.end(), [](const BreakdownRow& x, const BreakdownRow& y) { return x.amount_b > y.amount_b; });
  return out;
}

DeltaHistogram delta_histogram(const std::vector<PayeeDelta>& payees, int minor) {
  constexpr int most_bins = 6;  // a side
  std::vector<std::int64_t> size;  // |B - A| in micros, of those that change
  for (const auto& p : payees)
    if (!p.delta().is_zero()) size.push_back(p.delta().micros() < 0 ? -p.delta().micros() : p.delta().micros());
  std::sort(size.begin(), size.end());
  std::int64_t unit = 1;
  for (int i = minor; i < Money::digits; ++i) unit *= 10;  // one minor unit, in micros
  std::int64_t width = 1'000'000;
  if (!size.empty()) {
    // the 90th percentile by nearest rank: the bins are for the many, the few beyond go in the open ones
    const std::int64_t p90 = size[(size.size() * 9 + 9) / 10 - 1];
    const double step = nice_step(static_cast<double>(p90) / 1e6, 4);  // a round width, for drawing only
    width = std::max(unit, static_cast<std::int64_t>(std::llround(step * 1e6)));
  }
  const std::int64_t largest = size.empty() ? 0 : size.back();
  const std::int64_t needed = std::max<std::int64_t>(1, (largest + width - 1) / width);
  const int bins = static_cast<int>(std::min<std::int64_t>(needed, most_bins));
  const bool open = needed > most_bins;
  const int decimals = width % 1'000'000 == 0 ? 0 : minor;
  auto edge = [&](std::int64_t k, int sign) {
    return with_minus(grouped(Money::from_micros(sign * k * width), decimals));
  };
  DeltaHistogram h{Money::from_micros(width), {}};
  h.bins.resize(static_cast<std::size_t>(2 * bins + 1));
  for (int k = 0; k < bins; ++k) {
    const bool outer_open = open && k == bins - 1;
    DeltaBin& loss = h.bins[static_cast<std::size_t>(bins - 1 - k)];
    DeltaBin& gain = h.bins[static_cast<std::size_t>(bins + 1 + k)];
    loss.from = Money::from_micros(-(k + 1) * width), loss.to = Money::from_micros(-k * width);
    gain.from = Money::from_micros(k * width), gain.to = Money::from_micros((k + 1) * width);
    loss.open = gain.open = outer_open;
    loss.label = outer_open ? "below " + edge(k, -1) : edge(k + 1, -1) + " to " + edge(k, -1);
    gain.label = outer_open ? "above " + edge(k, 1) : edge(k, 1) + " to " + edge(k + 1, 1);
  }
  DeltaBin& middle = h.bins[static_cast<std::size_t>(bins)];
  middle.unchanged = true;
  middle.label = "unchanged";
  for (const auto& p : payees) {
    const std::int64_t d = p.delta().micros();
    if (d == 0) {
      ++middle.payees;
      continue;
    }
    // |d| in (k x width, (k + 1) x width] is bin k of its side
    const std::int64_t k = std::min<std::int64_t>(((d < 0 ? -d : d) + width - 1) / width - 1, bins - 1);
    ++h.bins[static_cast<std::size_t>(d < 0 ? bins - 1 - k : bins + 1 + k)].payees;
  }
  return h;
}

namespace {

// --- the plans' diff, in words: generic over each type's keys(), as
// describe_key is for print_plan

// Each key's description by its name: "rate" -> "rate 5%", "tiers" -> "tiers (...): ...".
template <class C>
std::vector<std::pair<std::string, std::string>> described_keys(const C& c) {
  std::vector<std::pair<std::string, std::string>> out;
  std::apply(
      [&](const auto&... k) {
        auto one = [&](const auto& key) {
          std::vector<std::string> text;
          describe_key(key, c, text);
          std::string joined;
          for (const auto& t : text) joined += (joined.empty() ? "" : "; ") + t;
          out.emplace_back(std::string(key.name), joined);
        };
        (one(k), ...);
      },
      C::keys());
  return out;
}

std::string payees_text(const PayeeSelector& s) {
  if (s.role) return "role " + std::string(to_string(*s.role));
  if (s.ids.empty()) return "no payees";
  std::string t = "listed payees ";
  for (std::size_t i = 0; i < s.ids.size(); ++i) t += (i ? ", " : "") + for_terminal(s.ids[i], cell_limit);
  return t;
}

// A tier table's rate on each stretch of its axis, A against B: the bands
// where the rate differs, as "from 0 to 100% of quota: 5% → 4%". Only when
// both tables are on the same basis and method (else nullopt: the caller
// says was/now).
std::optional<std::vector<std::string>> tier_changes(const TierTable& a, const TierTable& b, tiers_on on) {
  if (a.basis != b.basis || a.method != b.method) return std::nullopt;
  const bool sales = a.basis == tier_basis::sales;
  using bound = std::int64_t;  // micros of sales, or a Percent's units
  auto upto = [&](const Tier& t) -> bound { return sales ? t.upto_sales.micros() : t.upto_percent.units(); };
  std::vector<bound> bounds;
  for (const TierTable* t : {&a, &b})
    for (const Tier& tier : t->tiers)
      if (tier.bounded) bounds.push_back(upto(tier));
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  // the rate of a table on the stretch ending at `end` (nullopt: unbounded)
  auto rate_on = [&](const TierTable& t, std::optional<bound> end) -> std::optional<Rate> {
    for (const Tier& tier : t.tiers)
      if (!tier.bounded || (end && upto(tier) >= *end)) return tier.rate;
    return std::nullopt;  // past the last bound of a table without an open tier
  };
  auto text = [&](bound v) {
    return sales ? grouped(Money::from_micros(v), 0) : to_percent_string(Rate::from_units(v));
  };
  const std::string axis = sales ? "" : on == tiers_on::growth ? " growth" : " of quota";
  auto rate_text = [](std::optional<Rate> r) { return r ? to_percent_string(*r) : std::string("nothing"); };
  std::vector<std::string> out;
  std::optional<bound> from;  // none: 0
  std::optional<Rate> ra, rb;
  std::optional<bound> run_from;
  bool in_run = false;
  auto flush = [&](std::optional<bound> end) {
    if (!in_run) return;
    const std::string start = run_from ? text(*run_from) : (sales ? "0" : "0%");
    out.push_back((end ? "from " + start + " to " + text(*end) : "above " + start) + axis + ": " + rate_text(ra) +
                  " \xe2\x86\x92 " + rate_text(rb));
    in_run = false;
  };
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    const std::optional<bound> end = i < bounds.size() ? std::optional(bounds[i]) : std::nullopt;
    const auto x = rate_on(a, end), y = rate_on(b, end);
    if (in_run && (x != ra || y != rb)) flush(from);
    if (x != y && !in_run) {
      in_run = true, run_from = from, ra = x, rb = y;
    }
    from = end;
  }
  flush(std::nullopt);
  return out;
}

// The value part of a described key: "rate 5%" -> "5%".
std::string value_of(const std::string& name, const std::string& described) {
  return described.rfind(name + " ", 0) == 0 ? described.substr(name.size() + 1) : described;
}

template <class C>
void key_changes(const C& a, const C& b, const std::string& who, std::vector<std::string>& out) {
  const auto ka = described_keys(a), kb = described_keys(b);
  std::size_t i = 0;
  std::apply(
      [&](const auto&... key) {
        auto one = [&](const auto& k) {
          const std::string name(k.name);
          const std::string& x = ka[i].second;
          const std::string& y = kb[i].second;
          ++i;
          if (x == y) return;
          if (x.empty()) out.push_back(who + ": adds " + y);
          else if (y.empty()) out.push_back(who + ": drops " + x);
          else if (name == "tiers" && x.find(':') != std::string::npos) {
            out.push_back(who + ": " + y + " (was " + x.substr(x.find(':') + 2) + ")");
            using K = std::decay_t<decltype(k)>;
            if constexpr (requires { typename K::value_type; }) {
              using T = typename K::value_type;
              if constexpr (std::is_same_v<T, std::optional<TierTable>>) {
                if (auto bands = tier_changes(*(a.*k.member), *(b.*k.member), k.tiers))
                  for (const auto& band : *bands) out.push_back(who + ": " + band);
              } else if constexpr (std::is_same_v<T, TierTable>) {
                if (auto bands = tier_changes(a.*k.member, b.*k.member, k.tiers))
                  for (const auto& band : *bands) out.push_back(who + ": " + band);
              }
            }
          } else {
            out.push_back(who + ": " + name + " " + value_of(name, x) + " \xe2\x86\x92 " + value_of(name, y));
          }
        };
        (one(key), ...);
      },
      C::keys());
}

template <class C>
std::string component_text(const C& c) {
  std::string s = std::string(C::type_name);
  if constexpr (C::has_payees) s += " for " + payees_text(c.payees);
  if (!c.products.empty()) s += ", products " + describe_value(c.products);
  std::string keys;
  for (const auto& [name, text] : described_keys(c))
    if (!text.empty()) keys += (keys.empty() ? "" : ", ") + text;
  return keys.empty() ? s : s + ": " + keys;
}

std::string terms_text(const TransferTerms& t) {
  std::vector<std::string> parts;
  if (t.delay) parts.push_back("delay " + to_string(*t.delay));
  if (t.new_orders_only) parts.push_back("new orders only");
  if (t.threshold) parts.push_back("threshold " + grouped(*t.threshold, 0));
  if (t.ramp) {
    std::string r = std::string("ramp by ") + (t.ramp->by == ramp_basis::months ? "months" : "sales") + ":";
    for (const RampStep& s : t.ramp->steps)
      r += " " + (t.ramp->by == ramp_basis::months ? std::to_string(s.from_months) + " months" : grouped(s.from_sales, 0)) +
           " " + to_percent_string(s.share) + ",";
    r.pop_back();
    parts.push_back(r);
  }
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : ", ") + p;
  return s.empty() ? "no limits" : s;
}

}  // namespace

std::vector<std::string> plan_changes(const Plan& a, const Plan& b) {
  std::vector<std::string> out;
  const std::string arrow = " \xe2\x86\x92 ";
  if (a.period != b.period)
    out.push_back("pay period: " + std::string(to_string(a.period)) + arrow + std::string(to_string(b.period)) +
                  " (compared by " + std::string(to_string(common_period(a.period, b.period))) + ")");
  if (a.rounding != b.rounding)
    out.push_back(std::string("rounding: ") + (a.rounding == rounding::half_even ? "half_even" : "half_up") + arrow +
                  (b.rounding == rounding::half_even ? "half_even" : "half_up"));
  if (a.effective.from != b.effective.from || a.effective.to != b.effective.to)
    out.push_back("effective: " + to_string(a.effective.from) + " to " + to_string(a.effective.to) + arrow +
                  to_string(b.effective.from) + " to " + to_string(b.effective.to));
  auto find = [](const Plan& p, const std::string& id) -> const Component* {
    for (const Component& c : p.components)
      if (base_of(c).id == id) return &c;
    return nullptr;
  };
  for (const Component& ca : a.components) {
    const std::string& id = base_of(ca).id;
    const std::string who = for_terminal(id, cell_limit);
    const Component* cb = find(b, id);
    if (!cb) {
      out.push_back(who + ": removed (was " + std::visit([](const auto& x) { return component_text(x); }, ca) + ")");
      continue;
    }
    if (ca.index() != cb->index()) {
      out.push_back(who + ": " + std::visit([](const auto& x) { return component_text(x); }, ca) + arrow +
                    std::visit([](const auto& x) { return component_text(x); }, *cb));
      continue;
    }
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          const T& y = std::get<T>(*cb);
          if constexpr (T::has_payees)
            if (payees_text(x.payees) != payees_text(y.payees))
              out.push_back(who + ": payees " + payees_text(x.payees) + arrow + payees_text(y.payees));
          if (x.products != y.products)
            out.push_back(who + ": products " + (x.products.empty() ? std::string("all") : describe_value(x.products)) +
                          arrow + (y.products.empty() ? std::string("all") : describe_value(y.products)));
          key_changes(x, y, who, out);
        },
        ca);
  }
  for (const Component& cb : b.components)
    if (!find(a, base_of(cb).id))
      out.push_back(for_terminal(base_of(cb).id, cell_limit) + ": new, " +
                    std::visit([](const auto& x) { return component_text(x); }, cb));
  for (const TransferTerms& ta : a.transfer_terms) {
    const TransferTerms* tb = b.find_terms(ta.name);
    const std::string who = "transfer terms " + for_terminal(ta.name, cell_limit);
    if (!tb) out.push_back(who + ": removed (was " + terms_text(ta) + ")");
    else if (terms_text(ta) != terms_text(*tb)) out.push_back(who + ": " + terms_text(ta) + arrow + terms_text(*tb));
  }
  for (const TransferTerms& tb : b.transfer_terms)
    if (!a.find_terms(tb.name)) out.push_back("transfer terms " + for_terminal(tb.name, cell_limit) + ": new, " + terms_text(tb));
  return out;
}

namespace {

// --- the page

// A number for a sort key: the amount in plain decimals (sorting only).
std::string sort_key(Money m, int minor) { return to_string(m, minor, minor); }

// A percent-encoded data: URI body, for the CSV link.
std::string uri_encoded(const std::string& s) {
  std::string out;
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == ',') out += static_cast<char>(ch);
    else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

// An amount axis's label: whole units with thousands separators, "−" for minus.
std::string axis_amount(double v) { return with_minus(grouped(Money::from_micros(std::llround(v * 1e6)), 0)); }

// Cost per period, a bar for each plan, on round gridlines. `w` is the
// viewBox width the chart is drawn in (the page scales it to its own width):
// a wide one for desktops, a narrow one with the same fonts for phones.
std::string cost_chart(const std::vector<std::tuple<std::string, Money, Money>>& periods, int m, double w, bool values) {
  const double h = 300, left = 78, bottom = 34, top = 22, plot_h = h - bottom - top;
  double peak = 1;
  for (const auto& [p, a, b] : periods) peak = std::max({peak, as_double(a), as_double(b)});
  const double step = nice_step(peak, 4);
  const double axis_top = step * std::ceil(peak / step);
  std::ostringstream s;
  s << "<svg viewBox='0 0 " << w << ' ' << h << "' width='100%' role='img' aria-label='cost per period under each plan'>";
  for (double v = 0; v <= axis_top + step / 2; v += step) {
    const double y = top + plot_h * (1 - v / axis_top);
    s << "<line x1='" << left << "' x2='" << w - 6 << "' y1='" << y << "' y2='" << y << "' stroke='#ddd'/><text x='"
      << left - 6 << "' y='" << y + 4 << "' class='tick' text-anchor='end'>" << axis_amount(v) << "</text>";
  }
  const double slot = periods.empty() ? 0 : (w - left - 10) / static_cast<double>(periods.size());
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const auto& [p, a, b] = periods[i];
    const double x = left + slot * static_cast<double>(i) + slot * 0.12, bw = slot * 0.38;
    // a negative total (returns exceeding pay) draws no bar; its value is in the table
    const std::pair<Money, double> bars[] = {{a, x}, {b, x + bw}};
    for (std::size_t k = 0; k < 2; ++k) {
      const double hh = std::max(0.0, plot_h * as_double(bars[k].first) / axis_top);
      s << "<rect x='" << bars[k].second << "' y='" << top + plot_h - hh << "' width='" << bw << "' height='" << hh
        << "' fill='" << (k == 0 ? "#4e79a7" : "#f28e2b") << "'><title>" << html(p) << " plan " << (k == 0 ? "A" : "B")
        << ": " << grouped(bars[k].first, m) << "</title></rect>";
      if (values)
        s << "<text x='" << bars[k].second + bw / 2 << "' y='" << top + plot_h - hh - 4
          << "' class='value' text-anchor='middle'>" << axis_amount(as_double(bars[k].first)) << "</text>";
    }
    s << "<text x='" << x + bw << "' y='" << h - bottom + 18 << "' class='tick' text-anchor='middle'>" << html(p)
      << "</text>";
  }
  s << "<line x1='" << left << "' x2='" << w - 6 << "' y1='" << top + plot_h << "' y2='" << top + plot_h
    << "' stroke='#999'/></svg>";
  return s.str();
}

const char* bin_colour(const DeltaBin& b) { return b.unchanged ? "#9e9e9e" : b.to <= Money{} ? "#e15759" : "#59a14f"; }

// The histogram as columns (desktops): losses left, the unchanged in the
// middle, gains right; each bar labelled with its count, each bin with its range.
std::string histogram_columns(const DeltaHistogram& hist, const std::string& currency) {
  const double w = 960, h = 340, left = 44, bottom = 70, top = 22, plot_h = h - bottom - top;
  std::size_t most = 1;
  for (const auto& b : hist.bins) most = std::max(most, b.payees);
  const double step = std::max(1.0, nice_step(static_cast<double>(most), 4));
  const double axis_top = step * std::ceil(static_cast<double>(most) / step);
  std::ostringstream s;
  s << "<svg viewBox='0 0 " << w << ' ' << h << "' width='100%' role='img' aria-label='payees by change in pay'>";
  for (double v = 0; v <= axis_top + step / 2; v += step) {
    const double y = top + plot_h * (1 - v / axis_top);
    s << "<line x1='" << left << "' x2='" << w - 6 << "' y1='" << y << "' y2='" << y << "' stroke='#eee'/><text x='"
      << left - 6 << "' y='" << y + 4 << "' class='tick' text-anchor='end'>" << static_cast<long>(v) << "</text>";
  }
  const double bin_w = (w - left - 10) / static_cast<double>(hist.bins.size());
  for (std::size_t k = 0; k < hist.bins.size(); ++k) {
    const DeltaBin& b = hist.bins[k];
    const double x = left + bin_w * static_cast<double>(k);
    const double hh = plot_h * static_cast<double>(b.payees) / axis_top;
    s << "<rect x='" << x + 2 << "' y='" << top + plot_h - hh << "' width='" << bin_w - 4 << "' height='" << hh
      << "' fill='" << bin_colour(b) << "'><title>" << b.payees << (b.payees == 1 ? " payee: " : " payees: ")
      << html(b.label) << "</title></rect>";
    if (b.payees > 0)
      s << "<text x='" << x + bin_w / 2 << "' y='" << top + plot_h - hh - 4 << "' class='value' text-anchor='middle'>"
        << b.payees << "</text>";
    // the range on two lines: "−2,000 to" over "−1,000"
    const std::size_t cut = b.label.find(' ');
    const std::string first = cut == std::string::npos || b.unchanged ? b.label : b.label.substr(0, b.label.rfind(' '));
    const std::string second = cut == std::string::npos || b.unchanged ? "" : b.label.substr(b.label.rfind(' ') + 1);
    s << "<text x='" << x + bin_w / 2 << "' y='" << top + plot_h + 16 << "' class='bin' text-anchor='middle'>"
      << html(first) << "</text>";
    if (!second.empty())
      s << "<text x='" << x + bin_w / 2 << "' y='" << top + plot_h + 30 << "' class='bin' text-anchor='middle'>"
        << html(second) << "</text>";
  }
  s << "<line x1='" << left << "' x2='" << w - 6 << "' y1='" << top + plot_h << "' y2='" << top + plot_h
    << "' stroke='#999'/><text x='" << left + (w - left) / 2 << "' y='" << h - 8
    << "' class='tick' text-anchor='middle'>change in pay, B " << minus_sign << " A (" << html(currency)
    << "); bars: payees</text></svg>";
  return s.str();
}

// The histogram as rows (phones): the same bins top to bottom, gains first.
std::string histogram_rows(const DeltaHistogram& hist, const std::string& currency) {
  const double w = 400, row = 24, label_w = 138, top = 6;
  const double h = top + row * static_cast<double>(hist.bins.size()) + 28;
  std::size_t most = 1;
  for (const auto& b : hist.bins) most = std::max(most, b.payees);
  std::ostringstream s;
  s << "<svg viewBox='0 0 " << w << ' ' << h << "' width='100%' role='img' aria-label='payees by change in pay'>";
  for (std::size_t i = 0; i < hist.bins.size(); ++i) {
    const DeltaBin& b = hist.bins[hist.bins.size() - 1 - i];
    const double y = top + row * static_cast<double>(i);
    const double len = (w - label_w - 40) * static_cast<double>(b.payees) / static_cast<double>(most);
    s << "<text x='" << label_w - 6 << "' y='" << y + 16 << "' class='bin' text-anchor='end'>" << html(b.label)
      << "</text><rect x='" << label_w << "' y='" << y + 3 << "' width='" << len << "' height='" << row - 6
      << "' fill='" << bin_colour(b) << "'><title>" << b.payees << (b.payees == 1 ? " payee: " : " payees: ")
      << html(b.label) << "</title></rect><text x='" << label_w + len + 4 << "' y='" << y + 16 << "' class='value'>"
      << b.payees << "</text>";
  }
  s << "<line x1='" << label_w << "' x2='" << label_w << "' y1='" << top << "' y2='" << h - 26
    << "' stroke='#999'/><text x='" << w / 2 << "' y='" << h - 8 << "' class='tick' text-anchor='middle'>change in pay, B "
    << minus_sign << " A (" << html(currency) << "); bars: payees</text></svg>";
  return s.str();
}

// A table of breakdown rows with A, B, B − A and % change.
std::string breakdown_table(const std::string& head, const std::vector<BreakdownRow>& rows, int m) {
  std::ostringstream t;
  t << "<div class='scroll'><table class='numbers'><thead><tr><th>" << head
    << "</th><th>plan A</th><th>plan B</th><th>B " << minus_sign << " A</th><th>change</th></tr></thead><tbody>";
  for (const auto& r : rows)
    t << "<tr><td>" << html(r.label) << "</td><td>" << grouped(r.amount_a, m) << "</td><td>" << grouped(r.amount_b, m)
      << "</td><td>" << signed_grouped(r.delta(), m) << "</td><td>" << percent_change(r.amount_a, r.amount_b)
      << "</td></tr>";
  return t.str() + "</tbody></table></div>";
}

constexpr const char* sort_script = R"(<script>
// Progressive enhancement: a click (or Enter) on a column head sorts the
// table by it; without scripts the table reads in its written order.
document.querySelectorAll('table.sortable').forEach(function (t) {
  t.classList.add('js');
  t.querySelectorAll('thead th').forEach(function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var up = th.getAttribute('aria-sort') !== 'ascending', body = t.tBodies[0], num = th.hasAttribute('data-num');
      t.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      function key(r) { var c = r.cells[i], v = c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent;
        return num ? (v === '' ? -Infinity : parseFloat(v)) : v.toLowerCase(); }  // for ordering only
      Array.from(body.rows).sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1); })
        .forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
  });
});
</script>)";

}  // namespace

void write_html_report(std::ostream& out, const Comparison& c) { write_html_report(out, c, WhatIfInputs{}); }

void write_html_report(std::ostream& out, const Comparison& c, const WhatIfInputs& in) {
  const int m = c.minor_unit;
  const auto periods = period_totals(c);
  const auto payees = payee_totals(c);
  const Org* org = in.org;
  const std::string cur = html(c.currency);
  const Money saving = c.total_b - c.total_a;
  std::size_t gain = 0, lose = 0, same = 0;
  for (const auto& p : payees) (p.delta() > Money{} ? gain : p.delta() < Money{} ? lose : same)++;
  const std::string span = periods.empty() ? std::string("no periods")
                                           : std::get<0>(periods.front()) + " to " + std::get<0>(periods.back()) +
                                                 ", by " + std::string(to_string(c.period));
  const Date last_day = periods.empty() ? Date{} : end_of(std::get<0>(periods.back()));

  out << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
      << "<meta name='viewport' content='width=device-width, initial-scale=1'><title>payplan: " << html(c.plan_a)
      << " vs " << html(c.plan_b) << "</title><style>"
      << "body{font-family:system-ui,sans-serif;margin:1.5em auto;padding:0 1.2em;max-width:1100px;color:#222;line-height:1.4}"
      << "h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}"
      << "table{border-collapse:collapse;margin-bottom:1em;font-variant-numeric:tabular-nums}"
      << "td,th{border:1px solid #ccc;padding:4px 10px;text-align:right;white-space:nowrap}"
      << "td:first-child,th:first-child,.text{text-align:left}th{background:#f4f4f4}"
      << ".scroll{overflow-x:auto}.verdict{font-size:1.15em}.note{color:#555;font-size:.92em}"
      << ".gain{color:#2e7d32}.loss{color:#c62828}ul.changes li{margin:.25em 0}"
      << ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px}"
      << "svg text{font-family:system-ui,sans-serif}svg .tick{font-size:12px;fill:#444}svg .value{font-size:12px;fill:#222}"
      << "svg .bin{font-size:12px;fill:#333}.chart{max-width:1000px}"
      << "table.js th{cursor:pointer}table.js th[aria-sort=ascending]::after{content:' \\25B2'}"
      << "table.js th[aria-sort=descending]::after{content:' \\25BC'}"
      << ".narrow{display:none}@media (max-width:640px){body{padding:0 .6em}.wide{display:none}.narrow{display:block}"
      << "table{font-size:.74em}td,th{padding:3px 4px}td:first-child{white-space:normal}h1{font-size:1.5em}}"
      << "</style></head><body>\n<h1>What would plan B have paid?</h1>\n<p>A: <b>" << html(c.plan_a) << "</b> (in force)"
      << " &nbsp; B: <b>" << html(c.plan_b) << "</b> (proposed) &nbsp; " << html(span) << ", amounts in " << cur
      << "</p>\n";

  // the answer first
  out << "<p class='verdict'><b>Plan B would have cost " << grouped(saving < Money{} ? Money{} - saving : saving, m) << ' '
      << cur << (saving < Money{} ? " less" : saving > Money{} ? " more" : " the same") << "</b>";
  if (!saving.is_zero()) out << " (" << percent_change(c.total_a, c.total_b) << ')';
  out << ": " << lose << " of " << payees.size() << " payees would earn less, " << gain << " more, " << same
      << " the same.</p>\n";
  out << "<div class='scroll'><table class='numbers'><thead><tr><th></th><th>plan A</th><th>plan B</th><th>B "
      << minus_sign << " A</th><th>change</th></tr></thead><tbody>"
      << "<tr><td>total cost</td><td>" << grouped(c.total_a, m) << "</td><td>" << grouped(c.total_b, m) << "</td><td>"
      << signed_grouped(saving, m) << "</td><td>" << percent_change(c.total_a, c.total_b) << "</td></tr>"
      << "<tr><td>credited revenue</td><td>" << grouped(c.revenue_a, m) << "</td><td>" << grouped(c.revenue_b, m)
      << "</td><td>" << signed_grouped(c.revenue_b - c.revenue_a, m) << "</td><td></td></tr>"
      << "<tr><td>cost / revenue</td><td>" << percent_text(c.total_a, c.revenue_a) << "</td><td>"
      << percent_text(c.total_b, c.revenue_b) << "</td><td></td><td></td></tr></tbody></table></div>\n";

  // what changed between the plans
  out << "<h2>What changed between the plans</h2>\n";
  if (in.a && in.b) {
    const auto changes = plan_changes(*in.a, *in.b);
    if (changes.empty()) out << "<p>Nothing but the plan's id.</p>\n";
    else {
      out << "<ul class='changes'>";
      for (const auto& line : changes) {
        const std::size_t colon = line.find(": ");
        out << "<li>" << (colon == std::string::npos ? html(line) : "<b>" + html(line.substr(0, colon)) + "</b>" + html(line.substr(colon)))
            << "</li>";
      }
      out << "</ul>\n";
    }
  } else {
    out << "<p class='note'>The plans were not given to the report (write_html_report with WhatIfInputs).</p>\n";
  }

  // the distribution of per-payee changes
  const DeltaHistogram hist = delta_histogram(payees, m);
  out << "<h2>Per-payee change, B " << minus_sign << " A</h2>\n<p>How many payees lose (red), keep (grey) or gain (green) "
      << "how much: bins of " << grouped(hist.width, hist.width.micros() % 1'000'000 == 0 ? 0 : m) << ' ' << cur
      << " either side of 0; a bin holds the changes above its inner edge up to its outer one.</p>\n"
      << "<div class='chart wide'>" << histogram_columns(hist, c.currency) << "</div>"
      << "<div class='chart narrow'>" << histogram_rows(hist, c.currency) << "</div>\n";

  // where the money goes
  out << "<h2>By component</h2>\n" << breakdown_table("component", component_totals(c), m);
  if (org) {
    out << "<h2>By role</h2>\n" << breakdown_table("role", role_totals(c, *org), m);
    out << "<h2>By manager's team</h2>\n<p class='note'>A team is a manager and everyone at any level below them. Each "
        << to_string(c.period) << "'s pay counts in the team its payee was in on the " << to_string(c.period)
        << "'s last day (a rep who moves mid-" << to_string(c.period) << " counts in the new team for all of it); "
        << "team sizes are on " << to_string(last_day) << ". A team inside a team counts in both.</p>\n"
        << breakdown_table("team", team_totals(c, *org), m);
  }

  // cost per period
  std::ostringstream per_period;
  per_period << "<h2>Cost per " << to_string(c.period) << "</h2>\n";
  if (c.a.period_length != c.b.period_length)
    per_period << "<p class='note'>Plan A pays by " << to_string(c.a.period_length) << ", plan B by "
        << to_string(c.b.period_length) << ": both are compared by " << to_string(c.period) << ", the "
        << to_string(c.a.period_length < c.b.period_length ? c.a.period_length : c.b.period_length)
        << "s summed into the " << to_string(c.period) << " they fall in.</p>\n";
  per_period << "<div class='legend'><span style='background:#4e79a7'></span>plan A<span style='background:#f28e2b'></span>plan B</div>\n"
      << "<div class='chart wide'>" << cost_chart(periods, m, 760, periods.size() <= 6) << "</div>"
      << "<div class='chart narrow'>" << cost_chart(periods, m, 400, false) << "</div>\n";
  {
    std::ostringstream t;
    bool any_note = false;
    t << "<div class='scroll'><table class='numbers'><thead><tr><th>" << to_string(c.period)
      << "</th><th>plan A</th><th>plan B</th><th>B " << minus_sign << " A</th><th>change</th></tr></thead><tbody>";
    for (const auto& [p, a, b] : periods) {
      const std::string note = coverage_note(c, p);
      any_note = any_note || !note.empty();
      t << "<tr><td>" << html(p) << (note.empty() ? "" : " *") << "</td><td>" << grouped(a, m) << "</td><td>"
        << grouped(b, m) << "</td><td>" << signed_grouped(b - a, m) << "</td><td>" << percent_change(a, b) << "</td></tr>";
    }
    t << "</tbody></table></div>\n";
    if (any_note) {
      t << "<p class='note'>* Not paid wholly by both plans (the run's range or a plan's effective dates cut it): ";
      bool first = true;
      for (const auto& [p, a, b] : periods)
        if (auto note = coverage_note(c, p); !note.empty()) {
          t << (first ? "" : "; ") << html(p) << ": " << html(note);
          first = false;
        }
      t << ".</p>\n";
    }
    per_period << t.str();
  }

  out << per_period.str();

  // every payee
  std::ostringstream csv;
  csv << "payee,kind,name,role,reports_to,amount_a,amount_b,delta,change_pct\n";
  std::ostringstream rows;
  for (const auto& p : payees) {
    std::string name, role_word = p.kind == payee_kind::account ? "account" : "", manager;
    if (org && p.kind == payee_kind::person) {
      const PersonId id = org->find_person(p.payee);
      if (id.ok()) {
        name = org->person(id).name;
        role_word = std::string(to_string(org->person(id).role));
        if (const PersonId mgr = org->manager_on(id, last_day); mgr.ok()) manager = org->person(mgr).id;
      }
    }
    const std::string pct = percent_change(p.amount_a, p.amount_b);
    rows << "<tr><td>" << html(p.label()) << "</td>";
    if (org) rows << "<td class='text'>" << html(name) << "</td><td class='text'>" << html(role_word) << "</td><td class='text'>" << html(manager) << "</td>";
    // the % change sorts by its value: new payees first among gains, none at the bottom
    std::string pct_key;
    if (!p.amount_a.is_zero() && !p.amount_a.is_negative()) {
      const std::string t = percent_change(p.amount_a, p.amount_b);
      pct_key = (t.rfind(minus_sign, 0) == 0 ? "-" + t.substr(3) : t.substr(t[0] == '+' ? 1 : 0));
      pct_key.pop_back();  // the '%'
    } else if (!p.amount_b.is_zero()) {
      pct_key = "1e9";
    }
    rows << "<td data-v='" << sort_key(p.amount_a, m) << "'>" << grouped(p.amount_a, m) << "</td><td data-v='"
         << sort_key(p.amount_b, m) << "'>" << grouped(p.amount_b, m) << "</td><td data-v='" << sort_key(p.delta(), m)
         << "' class='" << (p.delta() > Money{} ? "gain" : p.delta() < Money{} ? "loss" : "") << "'>"
         << signed_grouped(p.delta(), m) << "</td><td data-v='" << pct_key << "'>" << pct << "</td></tr>\n";
    csv << csv_field(p.payee) << ',' << (p.kind == payee_kind::account ? "account" : "person") << ',' << csv_field(name)
        << ',' << role_word << ',' << csv_field(manager) << ',' << money(p.amount_a, m) << ',' << money(p.amount_b, m)
        << ',' << money(p.delta(), m) << ',' << (pct_key == "1e9" ? "new" : pct_key) << '\n';
  }
  out << "<h2>Every payee</h2>\n<p>" << payees.size() << " payees, largest gain first"
      << " (a click on a column head sorts by it). <a download='payees.csv' href='data:text/csv;charset=utf-8,"
      << uri_encoded(csv.str()) << "'>Download this table as CSV</a>"
      << (org ? "; <i>reports to</i> is the manager on " + to_string(last_day) : std::string()) << ".</p>\n"
      << "<div class='scroll'><table class='numbers sortable'><thead><tr><th>payee</th>"
      << (org ? "<th class='text'>name</th><th class='text'>role</th><th class='text'>reports to</th>" : "")
      << "<th data-num>plan A</th><th data-num>plan B</th><th data-num>B " << minus_sign << " A</th><th data-num>change</th></tr></thead><tbody>\n"
      << rows.str() << "</tbody></table></div>\n"
      << sort_script << "\n</body></html>\n";
}

}  // namespace payplan
