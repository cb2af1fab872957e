// Statements reps can read (issue 16): one payee's statement for one period
// as a self-contained HTML page, and the index of a run's statements. The
// figures are the run's (statements and lines, spec 5; adjustments, spec 6)
// and the steps are explain's record of the same inputs.

#include "payplan/report/statement_page.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "payplan/engine/engine.hpp"

#include "text_for_people.hpp"

namespace payplan {

namespace {

using report_text::grouped;
using report_text::html;

// "1,234.56 USD", in a span that keeps it on one line and marks it negative
std::string amount_html(Money m, const Currency& c) {
  return std::string("<span class='amt") + (m.is_negative() ? " neg" : "") + "'>" + grouped(m, c.minor_unit) + " " +
         html(c.code) + "</span>";
}

// An adjustment line (spec 6) is written by settle, not by a component:
// no order, and one of the two notes spec 6 gives it.
bool is_adjustment_line(const Result& r, const Line& l) {
  if (l.order.ok()) return false;
  const std::string_view note = r.note_of(l);
  return note.starts_with("adjustment for ") || note.starts_with("manual adjustment: ");
}

// Whether explain's record `t` is of `line`: the same amount, and for an
// order's line, a step naming the order (every order line's record names
// it: "credited: order X ..." or "return: order X ...").
bool records(const LineTrace& t, const Result& r, const Line& line) {
  if (t.amount != line.amount) return false;
  if (!line.order.ok()) return true;
  const std::string named = "order " + std::string(r.order_id_of(line)) + " ";
  return std::any_of(t.steps.begin(), t.steps.end(),
                     [&](const std::string& s) { return s.find(named) != std::string::npos; });
}

// The steps of each of `lines` (indices into r.lines, in the order the run
// made them) from explain's `traces` of that component, which the pipeline
// recorded in the same order: paired in turn, and where a pair does not
// match (a result merged from parts), by the first unused record that does.
std::vector<std::vector<std::string>> steps_of(const Result& r, const std::vector<std::uint32_t>& lines,
                                               std::vector<const LineTrace*> traces) {
  std::vector<std::vector<std::string>> steps(lines.size());
  std::vector<bool> used(traces.size(), false);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const Line& line = r.lines[lines[k]];
    std::size_t at = traces.size();
    if (k < traces.size() && !used[k] && records(*traces[k], r, line)) at = k;
    for (std::size_t j = 0; at == traces.size() && j < traces.size(); ++j)
      if (!used[j] && records(*traces[j], r, line)) at = j;
    if (at == traces.size()) continue;  // shown as "no explanation recorded"
    used[at] = true;
    steps[k] = traces[at]->steps;
  }
  return steps;
}

std::string_view kind_word(payee_kind k) { return k == payee_kind::account ? "account" : "person"; }

// One stylesheet for the page and the index: system fonts, tables that
// scroll inside their box on a narrow screen, and print rules (spec-free:
// issue 16) that start each statement on a new page and print every line's
// steps, which a closed <details> hides.
constexpr std::string_view style = R"css(
:root{--ink:#1d2530;--muted:#5b6675;--line:#d9dee5;--soft:#f4f6f9;--accent:#1f4e79;--neg:#a4262c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#eef1f5;color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:24px auto;padding:28px 32px;background:#fff;border:1px solid var(--line);border-radius:6px}
header.top{display:flex;flex-wrap:wrap;justify-content:space-between;gap:12px 24px;border-bottom:3px solid var(--accent);padding-bottom:16px;margin-bottom:20px}
h1{margin:0;font-size:1.6em;line-height:1.2}
h1 small{display:block;font-size:.55em;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--accent);margin-bottom:4px}
h2{font-size:1.15em;margin:28px 0 10px}
.who{color:var(--muted);margin-top:4px}
.who code{font:inherit;background:var(--soft);padding:0 4px;border-radius:3px;overflow-wrap:anywhere}
.meta code{font:inherit}
.grand{text-align:right;min-width:12em}
.grand .label{font-size:.8em;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.grand .amt{display:block;font-size:1.7em;font-weight:700;color:var(--ink)}
dl.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:10px 20px;margin:0 0 8px}
dl.meta div{background:var(--soft);border-radius:4px;padding:8px 12px;min-width:0}
dl.meta dt{font-size:.75em;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
dl.meta dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%}
th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.78em;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;background:var(--soft)}
td.num,th.num{text-align:right}
td{overflow-wrap:break-word}
td.nowrap{white-space:nowrap}
td .id{display:block;font-size:.85em;color:var(--muted)}
tr.total td{font-weight:700;border-top:2px solid var(--ink);border-bottom:none}
.amt{white-space:nowrap;font-variant-numeric:tabular-nums}
.neg{color:var(--neg)}
.note{color:var(--muted);font-size:.9em}
section.component{margin-top:26px;break-inside:auto}
section.component>h2{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 16px;border-bottom:1px solid var(--line);padding-bottom:6px;margin-bottom:0}
section.component>h2 code{font:inherit;overflow-wrap:anywhere}
.lines{border:1px solid var(--line);border-top:none}
.row{display:grid;grid-template-columns:1.4em minmax(7em,1.3fr) 6.8em minmax(7em,1.2fr) minmax(8.5em,1fr) minmax(8.5em,1fr);gap:4px 12px;padding:7px 10px;align-items:baseline}
.row>span{min-width:0;overflow-wrap:anywhere}
.row .num{text-align:right}
.head{background:var(--soft)}
.head>span{font-size:.78em;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
details{border-top:1px solid var(--line)}
details:nth-of-type(even)>summary{background:#fafbfc}
summary{cursor:pointer;list-style:none}
summary::-webkit-details-marker{display:none}
summary:hover{background:#eef4fb}
summary:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.toggle{color:var(--accent);font-size:.8em;transition:transform .15s}
details[open]>summary .toggle{transform:rotate(90deg)}
.tag{display:inline-block;font-size:.72em;font-weight:600;text-transform:uppercase;letter-spacing:.04em;border-radius:3px;padding:0 5px;margin-left:6px;background:#fde7e9;color:var(--neg)}
.tag.cut{background:#fff4ce;color:#7a5c00}
.why{padding:4px 16px 12px 2.6em;background:#fbfcfd}
.why p{margin:6px 0}
ol.steps{margin:6px 0 0;padding-left:1.6em}
ol.steps li{margin:3px 0;overflow-wrap:anywhere;font-size:.92em}
.print-only{display:none}
footer{margin-top:28px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:.85em}
a{color:var(--accent)}
@media (max-width:720px){
  body{font-size:14px}
  main{margin:0;padding:16px 14px;border:none;border-radius:0}
  .grand{text-align:left}
  th,td{padding:6px 5px}
  .row{grid-template-columns:1.2em minmax(0,1fr) minmax(0,1fr)}
  .row>.toggle{grid-column:1;grid-row:1 / span 3}
  .row .num{text-align:left}
  .row.head{display:none}
  .row>span[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85em}
  .why{padding-left:1.6em}
}
@media print{
  @page{margin:14mm 12mm}
  body{background:#fff;font-size:10.5pt}
  main{max-width:none;margin:0;padding:0;border:none}
  article.statement{break-before:page}
  article.statement:first-of-type{break-before:auto}
  .scroll{overflow:visible}
  details{display:none}
  .print-only{display:block}
  .printed-line{border-top:1px solid var(--line);break-inside:avoid}
  .printed-line .why{background:none;padding-top:0}
  .toggle{visibility:hidden}
  summary:hover{background:none}
  tr,.row{break-inside:avoid}
  a{color:inherit;text-decoration:none}
}
)css";

void page_head(std::ostream& out, const std::string& title) {
  out << "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
      << "<meta name='viewport' content='width=device-width, initial-scale=1'>"
      << "<title>" << html(title) << "</title><style>" << style << "</style></head><body>\n<main>\n";
}

// The cells of a line's row: toggle, order, date, account, order amount, paid.
void line_cells(std::ostream& out, const StatementLine& l, const Currency& c) {
  out << "<span class='toggle' aria-hidden='true'>&#9654;</span>";
  if (l.order_id.empty()) {
    out << "<span data-label='Line'>period total</span><span></span><span></span><span></span>";
  } else {
    out << "<span data-label='Order'><code>" << html(l.order_id) << "</code>";
    if (l.amount_in && l.amount_in->is_negative()) out << "<span class='tag'>return</span>";
    out << "</span><span data-label='Date'>" << (l.date ? to_string(*l.date) : std::string()) << "</span>"
        << "<span data-label='Account'>" << html(l.account) << "</span>"
        << "<span class='num' data-label='Order amount'>" << (l.amount_in ? amount_html(*l.amount_in, c) : "")
        << "</span>";
  }
  out << "<span class='num' data-label='Paid'>" << amount_html(l.amount, c) << "</span>";
}

// What the line's body says: its note (spec 5) and explain's numbered steps.
void line_body(std::ostream& out, const StatementLine& l) {
  out << "<div class='why'>";
  if (!l.note.empty()) out << "<p class='note'>Note: " << html(l.note) << "</p>";
  if (l.steps.empty()) {
    out << "<p class='note'>No explanation was recorded for this line.</p>";
  } else {
    out << "<ol class='steps'>";
    for (const std::string& s : l.steps) out << "<li>" << html(s) << "</li>";
    out << "</ol>";
  }
  out << "</div>";
}

}  // namespace

std::string statement_file_name(std::string_view payee, Period period, payee_kind kind) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string name = kind == payee_kind::account ? "_-" : "";
  for (const char ch : payee) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
      name += ch;
    } else if (c >= 'A' && c <= 'Z') {
      name += '_';
      name += static_cast<char>(c - 'A' + 'a');
    } else {
      name += "__";
      name += hex[c >> 4];
      name += hex[c & 15];
    }
  }
  return name + "-" + to_string(period) + ".html";
}

StatementPage statement_page(const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
                             std::string_view payee, Period period, const DealCredits* credits, payee_kind kind) {
  StatementPage page;
  page.payee = std::string(payee);
  page.kind = kind;
  page.plan = plan.id;
  page.period = period;
  page.currency = plan.currency;
  if (kind == payee_kind::person) {
    const PersonId p = org.find_person(payee);
    if (!p.ok()) throw input_error(org.where({subject::kind::input}), "no person '" + page.payee + "' in the org");
    const Person& person = org.person(p);
    page.name = person.name.empty() ? person.id : person.name;
    page.role = std::string(to_string(person.role));
    // spec 3: the person's own quota, else a manager's roll-up of the team's
    page.quota = org.quota(p, period);
    page.quota_rolled_up = page.quota && !org.explicit_quota(p, period);
  } else {
    if (!org.find_account(payee).ok())
      throw input_error(org.where({subject::kind::input}), "no account '" + page.payee + "' in the org");
    page.name = page.payee;
    page.role = "account";
  }
  page.closed = result.is_closed(period);
  page.lines_shown = !page.closed && !result.lines_summed;

  const std::uint32_t me = result.payees.find(kind, payee);
  const bool in_run = me != detail::string_pool::npos && period.length() == result.period_length;

  // spec 5: the payee's rows of statements.csv for the period, in plan order
  std::map<std::uint16_t, Money> totals;
  if (in_run)
    for (const Statement& s : result.statements())
      if (s.payee == me && s.period == period) totals[s.component] += s.amount;

  // the lines of each component in the order the run made them
  std::map<std::uint16_t, std::vector<std::uint32_t>> lines_of;
  if (in_run && page.lines_shown)
    for (std::uint32_t i = 0; i < result.lines.size(); ++i) {
      const Line& l = result.lines[i];
      if (l.payee == me && l.period == period.ordinal() && !is_adjustment_line(result, l)) lines_of[l.component].push_back(i);
    }

  std::vector<LineTrace> traces;
  if (!lines_of.empty()) {
    // the run's own range, so explain pays and records the same periods
    RunRange range;
    if (result.first_written <= result.last_written && result.first_written <= period.ordinal() &&
        period.ordinal() <= result.last_written) {
      range.from = Period(result.period_length, result.first_written).first_day();
      range.to = Period(result.period_length, result.last_written).last_day();
    }
    traces = explain(plan, org, ledger, TraceRequest{page.payee, {}, period, {}}, range, credits);
  }

  for (const auto& [c, total] : totals) {
    StatementComponent component{result.components[c], total, {}};
    if (auto it = lines_of.find(c); it != lines_of.end()) {
      std::vector<const LineTrace*> mine;
      for (const LineTrace& t : traces)
        if (t.component == component.id) mine.push_back(&t);
      auto steps = steps_of(result, it->second, std::move(mine));
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        const Line& l = result.lines[it->second[k]];
        component.lines.push_back({std::string(result.order_id_of(l)), result.date_of(l),
                                   std::string(result.account_of(l)), result.amount_in_of(l), l.amount,
                                   std::string(result.note_of(l)), std::move(steps[k])});
      }
    }
    page.total += total;  // checked: an overflow throws (spec 1)
    page.components.push_back(std::move(component));
  }
  // spec 6: the adjustments paid in this period to this payee
  for (const Adjustment& a : result.adjustments)
    if (a.period == period && a.payee == payee && a.kind == kind) page.adjustments.push_back(a);
  return page;
}

void write_statement_page(std::ostream& out, const StatementPage& page) {
  const Currency& c = page.currency;
  const std::string period = to_string(page.period);
  page_head(out, "Statement " + period + ": " + page.name + " (" + page.plan + ")");
  out << "<article class='statement'>\n<header class='top'><div><h1><small>Commission statement &middot; "
      << html(period) << "</small>" << html(page.name) << "</h1><div class='who'>" << html(page.role) << " &middot; "
      << kind_word(page.kind) << " id <code>" << html(page.payee) << "</code></div></div>"
      << "<div class='grand'><span class='label'>Total for " << html(period) << "</span>" << amount_html(page.total, c)
      << "</div></header>\n";

  out << "<dl class='meta'>"
      << "<div><dt>Plan</dt><dd><code>" << html(page.plan) << "</code></dd></div>"
      << "<div><dt>Period</dt><dd>" << html(period) << " <span class='note'>(" << to_string(page.period.first_day())
      << " to " << to_string(page.period.last_day()) << ")</span></dd></div>"
      << "<div><dt>Currency</dt><dd>" << html(c.code) << "</dd></div>";
  if (page.quota)
    out << "<div><dt>" << (page.quota_rolled_up ? "Quota (team roll-up)" : "Quota") << "</dt><dd>"
        << amount_html(*page.quota, c) << "</dd></div>";
  out << "</dl>\n";
  if (page.closed)
    out << "<p class='note'>" << html(period)
        << " is closed (spec 6): its amounts are what was paid, as the earlier run wrote them; its lines are in that "
           "run's files.</p>\n";

  // the summary: one row per statements.csv row, and their sum
  out << "<h2>Summary</h2>\n<div class='scroll'><table><thead><tr><th>Component</th><th class='num'>Lines</th>"
      << "<th class='num'>Total</th></tr></thead><tbody>";
  for (const StatementComponent& sc : page.components)
    out << "<tr><td><code>" << html(sc.id) << "</code></td><td class='num'>"
        << (page.lines_shown ? std::to_string(sc.lines.size()) : std::string("&ndash;")) << "</td><td class='num'>"
        << amount_html(sc.total, c) << "</td></tr>";
  if (page.components.empty()) out << "<tr><td colspan='3' class='note'>Nothing was paid in this period.</td></tr>";
  out << "<tr class='total'><td>Total</td><td></td><td class='num'>" << amount_html(page.total, c)
      << "</td></tr></tbody></table></div>\n";

  for (const StatementComponent& sc : page.components) {
    Money adjusted;
    for (const Adjustment& a : page.adjustments)
      if (a.component == sc.id) adjusted += a.delta;
    out << "<section class='component'><h2><code>" << html(sc.id) << "</code>" << amount_html(sc.total, c) << "</h2>";
    if (!page.lines_shown) {
      out << "<p class='note'>The lines of this period are not part of this run.</p></section>\n";
      continue;
    }
    out << "<div class='lines'><div class='row head' aria-hidden='true'><span></span><span>Order</span><span>Date"
        << "</span><span>Account</span><span class='num'>Order amount</span><span class='num'>Paid</span></div>";
    for (const StatementLine& l : sc.lines) {
      out << "<details><summary class='row'>";
      line_cells(out, l, c);
      out << "</summary>";
      line_body(out, l);
      out << "</details>";
    }
    if (!adjusted.is_zero())
      out << "<div class='row'><span></span><span>adjustments (below)</span><span></span><span></span><span></span>"
          << "<span class='num' data-label='Paid'>" << amount_html(adjusted, c) << "</span></div>";
    out << "</div>";
    // print: a closed <details> prints closed, so each line is printed again, open
    out << "<div class='print-only'>";
    for (const StatementLine& l : sc.lines) {
      out << "<div class='printed-line'><div class='row'>";
      line_cells(out, l, c);
      out << "</div>";
      line_body(out, l);
      out << "</div>";
    }
    out << "</div></section>\n";
  }

  if (!page.adjustments.empty()) {
    // spec 6: adjustments.csv's rows paid in this period
    out << "<h2>Adjustments paid in " << html(period) << "</h2>\n<div class='scroll'><table><thead><tr>"
        << "<th>Component</th><th>For</th><th class='num'>Paid then</th><th class='num'>Recomputed</th>"
        << "<th class='num'>Adjustment</th></tr></thead><tbody>";
    for (const Adjustment& a : page.adjustments) {
      out << "<tr><td><code>" << html(a.component) << "</code></td><td>";
      if (a.manual())
        out << "manual adjustment" << (a.reason.empty() ? "" : ": ") << html(a.reason);
      else
        out << html(to_string(*a.origin));
      out << "</td><td class='num'>" << (a.paid ? amount_html(*a.paid, c) : "") << "</td><td class='num'>"
          << (a.recomputed ? amount_html(*a.recomputed, c) : "") << "</td><td class='num'>" << amount_html(a.delta, c)
          << "</td></tr>";
    }
    out << "</tbody></table></div>\n";
  }

  out << "<footer>Plan <code>" << html(page.plan) << "</code>, " << html(period)
      << ". Each line opens to the steps the run took to pay it; the total is the sum of this period's rows for "
      << html(page.payee) << " in statements.csv.</footer>\n</article>\n</main></body></html>\n";
}

void write_statement_page(std::ostream& out, const Plan& plan, const Org& org, const Ledger& ledger,
                          const Result& result, std::string_view payee, Period period, const DealCredits* credits) {
  write_statement_page(out, statement_page(plan, org, ledger, result, payee, period, credits));
}

void write_statement_index(std::ostream& out, const Plan& plan, const Org& org, const Result& result) {
  // (period, payee) -> the sum of its statements (spec 5), by period then id
  std::map<std::tuple<std::int32_t, std::string, payee_kind>, Money> totals;
  for (const Statement& s : result.statements())
    totals[{s.period.ordinal(), std::string(result.payee_of(s)), result.payees.kind(s.payee)}] += s.amount;
  const Currency& c = plan.currency;
  page_head(out, "Statements: " + plan.id);
  out << "<header class='top'><div><h1><small>Commission statements</small>" << html(plan.id)
      << "</h1><div class='who'>" << totals.size() << (totals.size() == 1 ? " statement" : " statements")
      << ", amounts in " << html(c.code) << "</div></div></header>\n";
  out << "<div class='scroll'><table><thead><tr><th>Period</th><th>Payee</th><th>Role</th>"
      << "<th class='num'>Total</th></tr></thead><tbody>\n";
  Money all;
  for (const auto& [key, total] : totals) {
    const auto& [ordinal, id, kind] = key;
    const Period period(result.period_length, ordinal);
    std::string name = id, role = "account";
    if (kind == payee_kind::person)
      if (const PersonId p = org.find_person(id); p.ok()) {
        name = org.person(p).name.empty() ? id : org.person(p).name;
        role = std::string(to_string(org.person(p).role));
      }
    // the name links to the page; the id under it, as the files have it
    out << "<tr><td class='nowrap'>" << to_string(period) << "</td><td><a href='"
        << html(statement_file_name(id, period, kind)) << "'>" << html(name) << "</a><code class='id'>" << html(id)
        << "</code></td><td>" << html(role) << "</td><td class='num'>" << amount_html(total, c) << "</td></tr>\n";
    all += total;
  }
  out << "<tr class='total'><td colspan='3'>Total</td><td class='num'>" << amount_html(all, c)
      << "</td></tr></tbody></table></div>\n</main></body></html>\n";
}

}  // namespace payplan
