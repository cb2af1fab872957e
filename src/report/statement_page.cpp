// Statements reps can read (issue 16): one payee's statement for one period
// as a self-contained HTML page, and the index of a run's statements. The
// figures are the run's (statements and lines, spec 5; adjustments, spec 6)
// and the steps are explain's record of the same inputs.

#include "payplan/report/statement_page.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
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

// "123.4%": a rate as a percentage to one decimal, for people (the files keep it exact)
std::string percent_1(Percent r) {
  return detail::format_scaled(detail::divide_rounded(r.units(), 10'000'000, rounding::half_even), 1, 1, 1) + "%";
}

// A bar of `part` over `whole` (0 to 100%), drawn with CSS only, printed too.
std::string bar_html(Money part, Money whole) {
  long permille = 1000;
  if (whole.micros() > 0)
    permille = static_cast<long>(std::clamp<detail::int128>(
        static_cast<detail::int128>(std::max<std::int64_t>(part.micros(), 0)) * 1000 / whole.micros(), 0, 1000));
  char width[32];
  std::snprintf(width, sizeof width, "%ld.%ld%%", permille / 10, permille % 10);
  return std::string("<div class='bar' role='presentation'><span style='width:") + width + "'></span></div>";
}

// spec 4.1: where the payee ended the period in the component's tiers, in words
void tier_standing_html(std::ostream& out, const TierStanding& t, const Currency& c) {
  out << "<div class='standing' data-standing='tiers'>";
  const bool on_quota = t.basis == tier_basis::attainment;
  out << "<p>Credited sales for this component: <b>" << amount_html(t.credited, c) << "</b>";
  if (t.quota) {
    out << " of a quota of " << amount_html(*t.quota, c);
    if (t.attainment) out << ": attainment <b class='attainment'>" << percent_1(*t.attainment) << "</b>";
  }
  out << ".</p>";
  if (on_quota && !t.quota) {
    out << "<p class='note'>There is no quota for this period, so these tiers paid nothing.</p></div>";
    return;
  }
  out << "<p>Tier reached: <b class='tier'>tier " << t.tier + 1 << " of " << t.tier_count << ", at "
      << to_percent_string(t.rate) << "</b> <span class='note'>("
      << (t.method == tier_method::marginal ? "marginal: each tier's rate pays the sales inside it"
                                            : "retroactive: the period's whole sales are paid at the rate of the tier reached")
      << ")</span>.</p>";
  if (t.next_from && t.next_rate) {
    out << "<p>Next tier: <b>" << to_percent_string(*t.next_rate) << "</b> from ";
    if (t.next_from_percent) out << to_percent_string(*t.next_from_percent) << " of quota (" << amount_html(*t.next_from, c) << ")";
    else out << amount_html(*t.next_from, c) << " of sales";
    out << ": <b class='to-next'>" << amount_html(*t.to_next(), c) << "</b> to go.</p>" << bar_html(t.credited, *t.next_from);
  } else {
    out << "<p>This is the top tier.</p>";
  }
  out << "</div>";
}

// spec 4.2: an account transferred to the payee, and how its terms stand
void transfer_html(std::ostream& out, const TransferStanding& t, const Currency& c) {
  out << "<tr><td><code>" << html(t.account) << "</code></td><td class='nowrap'>" << to_string(t.transferred)
      << "</td><td><code>" << html(t.terms) << "</code></td><td><ul class='terms'>";
  out << "<li>Account sales since the transfer, to " << to_string(t.as_of) << ": " << amount_html(t.sales_since, c)
      << "</li>";
  if (t.delay_ends)
    out << "<li>Delay: no commission on orders dated before " << to_string(*t.delay_ends)
        << (t.as_of >= *t.delay_ends ? " <span class='done'>(over)</span>" : " <span class='open'>(in force)</span>")
        << "</li>";
  if (t.new_orders_only) out << "<li>Only orders you close earn commission.</li>";
  if (t.threshold) {
    out << "<li>Threshold: only account sales above " << amount_html(*t.threshold, c) << " since the transfer earn; ";
    if (t.to_threshold()->is_zero()) out << "<span class='done'>passed</span>";
    else out << "<b class='to-threshold'>" << amount_html(*t.to_threshold(), c) << "</b> to go";
    out << bar_html(t.sales_since, *t.threshold) << "</li>";
  }
  if (t.ramp && t.ramp_share) {
    const bool by_months = t.ramp->by == ramp_basis::months;
    out << "<li>Ramp by " << (by_months ? "months" : "account sales") << ": share <b class='ramp-share'>"
        << to_percent_string(*t.ramp_share) << "</b>";
    if (by_months) out << " (month " << t.months_elapsed << " since the transfer)";
    if (t.next_step) {
      if (by_months)
        out << "; next " << to_percent_string(t.next_step->share) << " from month " << t.next_step->from_months << " ("
            << to_string(add_months(t.transferred, t.next_step->from_months)) << ")";
      else
        out << "; next " << to_percent_string(t.next_step->share) << " from account sales of "
            << amount_html(t.next_step->from_sales, c) << ", " << amount_html(t.next_step->from_sales - t.sales_since, c)
            << " to go";
    } else {
      out << "; the last step";
    }
    out << ".</li>";
  }
  out << "</ul></td></tr>";
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

// The record of each of `lines` (indices into r.lines, in the order the run
// made them) from explain's `traces` of that component, which the pipeline
// recorded in the same order: paired in turn, and where a pair does not
// match (a result merged from parts), by the first unused record that does;
// null where none does.
std::vector<const LineTrace*> traces_of(const Result& r, const std::vector<std::uint32_t>& lines,
                                        std::vector<const LineTrace*> traces) {
  std::vector<const LineTrace*> out(lines.size(), nullptr);
  std::vector<bool> used(traces.size(), false);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const Line& line = r.lines[lines[k]];
    std::size_t at = traces.size();
    if (k < traces.size() && !used[k] && records(*traces[k], r, line)) at = k;
    for (std::size_t j = 0; at == traces.size() && j < traces.size(); ++j)
      if (!used[j] && records(*traces[j], r, line)) at = j;
    if (at == traces.size()) continue;  // shown as "no explanation recorded"
    used[at] = true;
    out[k] = traces[at];
  }
  return out;
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
.standing{margin:10px 0 12px;padding:10px 14px;background:var(--soft);border-left:3px solid var(--accent);border-radius:0 4px 4px 0}
.standing p{margin:3px 0}
.bar{height:8px;max-width:420px;margin:6px 0 2px;background:#dde3ea;border-radius:4px;overflow:hidden;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.bar>span{display:block;height:100%;background:var(--accent)}
ul.terms{margin:0;padding-left:1.1em}
ul.terms li{margin:2px 0}
.done{color:#2e7d32;font-weight:600}
.open{color:#7a5c00;font-weight:600}
.print-only{display:none}
footer{margin-top:28px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:.85em}
a{color:var(--accent)}
@media (max-width:720px){
  body{font-size:14px}
  main{margin:0;padding:16px 14px;border:none;border-radius:0}
  .grand{text-align:left}
  dl.meta{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
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
    if (l.cut) out << "<span class='tag cut'>capped</span>";
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

namespace {

// Who the page is for, from the org: name, role and quota (spec 3).
StatementPage page_head_of(const Plan& plan, const Org& org, const Result& result, const StatementRequest& q) {
  StatementPage page;
  page.payee = q.payee;
  page.kind = q.kind;
  page.plan = plan.id;
  page.period = q.period;
  page.currency = plan.currency;
  if (q.kind == payee_kind::person) {
    const PersonId p = org.find_person(q.payee);
    if (!p.ok()) throw input_error(org.where({subject::kind::input}), "no person '" + page.payee + "' in the org");
    const Person& person = org.person(p);
    page.name = person.name.empty() ? person.id : person.name;
    page.role = std::string(to_string(person.role));
    // spec 3: the person's own quota, else a manager's roll-up of the team's
    page.quota = org.quota(p, q.period);
    page.quota_rolled_up = page.quota && !org.explicit_quota(p, q.period);
  } else {
    if (!org.find_account(q.payee).ok())
      throw input_error(org.where({subject::kind::input}), "no account '" + page.payee + "' in the org");
    page.name = page.payee;
    page.role = "account";
  }
  page.closed = result.is_closed(q.period);
  page.lines_shown = !page.closed && !result.lines_summed;
  return page;
}

// (payee in Result::payees, period ordinal): a page's key in the run
using page_key = std::pair<std::uint32_t, std::int32_t>;

}  // namespace

std::vector<StatementRequest> statement_requests(const Result& result, std::optional<std::string_view> payee,
                                                std::optional<Period> period) {
  std::vector<StatementRequest> requests;
  std::uint32_t last_payee = detail::string_pool::npos;
  for (const Statement& s : result.statements()) {
    if (period && s.period != *period) continue;
    if (payee && result.payees[s.payee] != *payee) continue;
    if (!requests.empty() && last_payee == s.payee && requests.back().period == s.period) continue;  // its next component
    last_payee = s.payee;
    requests.push_back({std::string(result.payees[s.payee]), result.payees.kind(s.payee), s.period});
  }
  return requests;
}

std::vector<StatementPage> statement_pages(const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
                                           const std::vector<StatementRequest>& requests, const DealCredits* credits) {
  std::vector<StatementPage> pages;
  pages.reserve(requests.size());
  std::vector<page_key> keys;  // npos payee: not in the run
  for (const StatementRequest& q : requests) {
    pages.push_back(page_head_of(plan, org, result, q));
    const std::uint32_t me = result.payees.find(q.kind, q.payee);
    const bool in_run = me != detail::string_pool::npos && q.period.length() == result.period_length;
    keys.emplace_back(in_run ? me : detail::string_pool::npos, q.period.ordinal());
  }
  const std::set<page_key> wanted(keys.begin(), keys.end());

  // spec 5: each page's rows of statements.csv, and the lines of each of its
  // components in the order the run made them, in one pass over the run
  std::map<page_key, std::map<std::uint16_t, Money>> totals;
  for (const Statement& s : result.statements())
    if (const page_key k{s.payee, s.period.ordinal()}; wanted.count(k)) totals[k][s.component] += s.amount;
  std::map<page_key, std::map<std::uint16_t, std::vector<std::uint32_t>>> lines_of;
  std::set<std::string> traced_payees;
  if (!result.lines_summed)
    for (std::uint32_t i = 0; i < result.lines.size(); ++i) {
      const Line& l = result.lines[i];
      const page_key k{l.payee, l.period};
      if (!wanted.count(k) || result.is_closed(Period(result.period_length, l.period)) || is_adjustment_line(result, l))
        continue;
      lines_of[k][l.component].push_back(i);
      traced_payees.emplace(result.payees[l.payee]);
    }

  // explain once for every payee with lines, over the run's own range, so
  // it pays and records the same periods
  ExplainRecord record;
  if (!traced_payees.empty()) {
    RunRange range;
    if (result.first_written <= result.last_written) {
      range.from = Period(result.period_length, result.first_written).first_day();
      range.to = Period(result.period_length, result.last_written).last_day();
    }
    record = explain_payees(plan, org, ledger, {traced_payees.begin(), traced_payees.end()}, range, credits);
  }
  // the records by (payee, period label, component), in the order made
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::vector<const LineTrace*>> traces;
  for (const LineTrace& t : record.lines) traces[{t.payee, t.period, t.component}].push_back(&t);

  const TransferStandings transfers(plan.transfer_terms, org, ledger);  // indexed once for the batch
  for (std::size_t n = 0; n < pages.size(); ++n) {
    StatementPage& page = pages[n];
    const page_key key = keys[n];
    const std::string period = to_string(page.period);
    for (const auto& [c, total] : totals[key]) {
      StatementComponent component{result.components[c], total, {}, {}, {}};
      for (const Component& pc : plan.components)
        if (const auto* k = std::get_if<Commission>(&pc); k && k->id == component.id) component.cap = k->cap;
      if (auto it = lines_of[key].find(c); it != lines_of[key].end()) {
        auto mine = traces[{page.payee, period, component.id}];
        auto traced = traces_of(result, it->second, std::move(mine));
        for (std::size_t k = 0; k < it->second.size(); ++k) {
          const Line& l = result.lines[it->second[k]];
          const LineTrace* t = traced[k];
          component.lines.push_back({std::string(result.order_id_of(l)), result.date_of(l),
                                     std::string(result.account_of(l)), result.amount_in_of(l), l.amount,
                                     std::string(result.note_of(l)), t ? t->steps : std::vector<std::string>(), l.cut,
                                     t ? t->before_cap : std::nullopt});
        }
      }
      for (const TierStanding& t : record.tiers)
        if (t.payee == page.payee && t.component == component.id && t.period == page.period) component.tiers = t;
      page.total += total;  // checked: an overflow throws (spec 1)
      page.components.push_back(std::move(component));
    }
    // spec 6: the adjustments paid in this period to this payee
    for (const Adjustment& a : result.adjustments)
      if (a.period == page.period && a.payee == page.payee && a.kind == page.kind) page.adjustments.push_back(a);
    // spec 4.2: the terms of the accounts transferred to them, as they stand at the period's end
    if (page.kind == payee_kind::person)
      page.transfers = transfers.of(page.payee, page.period);
  }
  return pages;
}

StatementPage statement_page(const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
                             std::string_view payee, Period period, const DealCredits* credits, payee_kind kind) {
  return std::move(statement_pages(plan, org, ledger, result, {{std::string(payee), kind, period}}, credits).front());
}

std::vector<std::pair<std::string, std::function<void(std::ostream&)>>> statement_files(
    const Plan& plan, const Org& org, const Ledger& ledger, const Result& result,
    const std::vector<StatementRequest>& requests, const DealCredits* credits) {
  // the n-th payee met is in batch n / 64; the batch last made is kept
  struct batches {
    std::vector<StatementRequest> requests;
    std::vector<std::size_t> of;        // by request
    std::size_t made = SIZE_MAX;
    std::map<std::size_t, StatementPage> pages;  // by request, of batch `made`
  };
  constexpr std::size_t batch_payees = 64;
  auto state = std::make_shared<batches>();
  state->requests = requests;
  state->of.resize(requests.size());
  std::map<std::string, std::size_t> nth_payee;
  for (std::size_t k = 0; k < requests.size(); ++k)
    state->of[k] = nth_payee.try_emplace(requests[k].payee, nth_payee.size()).first->second / batch_payees;
  auto page = [&plan, &org, &ledger, &result, credits, state](std::size_t k) -> const StatementPage& {
    batches& b = *state;
    const std::vector<StatementRequest>& requests = b.requests;
    if (b.of[k] != b.made) {
      b.pages.clear();
      std::vector<StatementRequest> batch;
      std::vector<std::size_t> which;
      for (std::size_t j = 0; j < requests.size(); ++j)
        if (b.of[j] == b.of[k]) {
          batch.push_back(requests[j]);
          which.push_back(j);
        }
      std::vector<StatementPage> made = statement_pages(plan, org, ledger, result, batch, credits);
      for (std::size_t j = 0; j < which.size(); ++j) b.pages.emplace(which[j], std::move(made[j]));
      b.made = b.of[k];
    }
    return b.pages.at(k);
  };
  // in batch order, so that each batch is traced once
  std::vector<std::size_t> order(requests.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return state->of[x] < state->of[y]; });
  std::vector<std::pair<std::string, std::function<void(std::ostream&)>>> files;
  for (std::size_t k : order)
    files.emplace_back(statement_file_name(requests[k].payee, requests[k].period, requests[k].kind),
                       [page, k](std::ostream& o) { write_statement_page(o, page(k)); });
  files.emplace_back("index.html", [&plan, &org, &result, state](std::ostream& o) {
    write_statement_index(o, plan, org, result, &state->requests);
  });
  return files;
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
  if (const TierStanding* t = page.attainment())
    out << "<div><dt>Attainment</dt><dd>" << percent_1(*t->attainment) << " <span class='note'>(tier " << t->tier + 1
        << " of " << t->tier_count << ", " << to_percent_string(t->rate) << ")</span></dd></div>";
  out << "</dl>\n";
  if (page.closed)
    out << "<p class='note'>" << html(period)
        << " is closed: its amounts are what was paid, as the earlier run wrote them; its lines are in that "
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

  // spec 4.2: where the terms on their transferred accounts stand, before the lines they limit
  if (!page.transfers.empty()) {
    out << "<h2>Accounts transferred to you</h2>\n<p class='note'>Transfer terms limit what these accounts' "
           "orders pay, not what they count toward your quota.</p><div class='scroll'><table class='transfers'><thead>"
           "<tr><th>Account</th><th>Transferred</th><th>Terms</th><th>Where they stand</th></tr></thead><tbody>";
    for (const TransferStanding& t : page.transfers) transfer_html(out, t, c);
    out << "</tbody></table></div>\n";
  }

  for (const StatementComponent& sc : page.components) {
    Money adjusted;
    for (const Adjustment& a : page.adjustments)
      if (a.component == sc.id) adjusted += a.delta;
    out << "<section class='component'><h2><code>" << html(sc.id) << "</code>" << amount_html(sc.total, c) << "</h2>";
    if (sc.tiers) tier_standing_html(out, *sc.tiers, c);
    if (sc.cap && page.lines_shown) {
      // spec 4.1 cap: a ceiling on the component's lines for the period
      const Money held = sc.held_back_by_cap();
      out << "<div class='standing' data-standing='cap'><p>Cap: " << amount_html(*sc.cap, c) << " a period. ";
      if (held.is_zero()) out << "The lines stayed under it.</p>";
      else
        out << "Before it the lines came to " << amount_html(sc.total + held, c) << "; the cap held back <b class='held'>"
            << amount_html(held, c) << "</b>.</p>";
      out << "</div>";
    }
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

void write_statement_index(std::ostream& out, const Plan& plan, const Org& org, const Result& result,
                           const std::vector<StatementRequest>* only) {
  // (period, payee) -> the sum of its statements (spec 5), by period then id
  std::set<std::tuple<std::int32_t, std::string, payee_kind>> listed;
  if (only)
    for (const StatementRequest& q : *only) listed.emplace(q.period.ordinal(), q.payee, q.kind);
  std::map<std::tuple<std::int32_t, std::string, payee_kind>, Money> totals;
  for (const Statement& s : result.statements()) {
    std::tuple key{s.period.ordinal(), std::string(result.payee_of(s)), result.payees.kind(s.payee)};
    if (!only || listed.count(key)) totals[std::move(key)] += s.amount;
  }
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
