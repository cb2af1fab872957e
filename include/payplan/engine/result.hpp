#pragma once
// What an evaluation produces (spec 5): lines, statements, exceptions.
//
//   struct Line;           // one paid (or zeroed) contribution
//   struct Factors;        // eligible, share and clawback portion of a line
//   struct Statement;      // (period, payee, component) -> sum of rounded lines
//   struct Exception;      // something not paid for a reason the user must see
//   struct LineKey;        // (order_id, payee, component, period): a line's stable name
//   struct Result;         // owns its names: readable without the Ledger it came from

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/detail/payee_pool.hpp"
#include "payplan/values/gross.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/values/money.hpp"
#include "payplan/model/order_table.hpp"
#include "payplan/model/pay_history.hpp"

namespace payplan {

/// The factors of a line other than gross (spec 4.1, 4.2): line =
/// round(gross x eligible x share x portion). eligible and share come from
/// transfer terms. portion is the part of gross the line pays: on a clawback
/// the share of the original being returned, on a tied contest place 1/tied
/// of the pooled prizes (spec 4.6); 1 otherwise.
struct Factors {
  Fraction eligible = Fraction::one();
  Fraction share = Fraction::one();
  Fraction portion = Fraction::one();
  /// Not a factor of the amount but what the line is on (spec 3.1, lines.csv
  /// `credit`): a commission line's and its clawbacks' receiver share w_r,
  /// an override line's sum of the shares that rolled up. gross is already
  /// on the credited amount a x w_r.
  Percent credit = Rate::one();
};

/// One row of lines.csv. Kept small (48 bytes): names and notes are indices.
struct Line {
  Gross gross;                    ///< unrounded g (for a clawback: the original's, negated)
  Money amount;                   ///< rounded once, after cap
  OrderIndex order;               ///< into Result::orders; none for period-level components
  std::uint32_t payee = 0;        ///< into Result::payees
  std::int32_t period = 0;        ///< Period ordinal, of Result::period_length
  std::uint32_t factors = 0;      ///< 0: all factors 1; else into Result::factors
  std::uint32_t note = 0;         ///< 0: no note; else into Result::notes
  std::uint16_t component = 0;    ///< index into Result::components
  bool cut = false;               ///< the cap cut it (spec 4.1): amount is what it paid
};

struct Statement {
  Period period;
  std::uint32_t payee = 0;
  std::uint16_t component = 0;
  Money amount;
};

/// One row of exceptions.csv. Rows are in the pipeline's order, whatever
/// the order the orders came in or the parts a partitioned run cut them
/// into (docs/contract-notes.md): by `stage`, then the date the row is
/// about, its order_id, kind and detail.
struct Exception {
  std::string kind;
  std::string order_id;
  std::string detail;
  /// Where the row sorts, not written: the stage that found it
  /// (exception_stage) and the date it is about (the order's, or the first
  /// day of the period it is about).
  std::uint32_t stage = 0;
  Date date;
  friend bool operator==(const Exception& a, const Exception& b) {
    return a.kind == b.kind && a.order_id == b.order_id && a.detail == b.detail;
  }
};

/// The stages that find exceptions, in the pipeline's order (pipeline.hpp).
namespace exception_stage {
inline constexpr std::uint32_t periods = 0;     ///< spec 4: a period not wholly inside the dates (period_not_paid)
inline constexpr std::uint32_t crediting = 1;   ///< spec 3: no owner
inline constexpr std::uint32_t returns = 2;     ///< spec 4.1 Returns: refund_of that links nothing, over-refunded
inline constexpr std::uint32_t components = 16; ///< + the component's index: its own (missing_quota)
inline constexpr std::uint32_t unpaid_returns = UINT32_MAX;  ///< a return with nothing to claw back
}  // namespace exception_stage

/// exceptions.csv's order (Exception); a stable sort, so rows equal in all
/// of it (identical rows) keep theirs.
inline void sort_exceptions(std::vector<Exception>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const Exception& a, const Exception& b) {
    return std::tie(a.stage, a.date, a.order_id, a.kind, a.detail) <
           std::tie(b.stage, b.date, b.order_id, b.kind, b.detail);
  });
}

/// A line's name that does not depend on the run (spec 5's lines.csv
/// columns period, payee, component, order_id): what two results compare
/// lines by. Ordered by period, payee, kind, component, then order_id.
struct LineKey {
  Period period;
  std::string payee;                      ///< the person's or account's id
  payee_kind kind = payee_kind::person;   ///< a person and an account of one id differ
  std::string component;
  std::string order_id;                   ///< "" for a period-level line
  friend auto operator<=>(const LineKey&, const LineKey&) = default;
  friend bool operator==(const LineKey&, const LineKey&) = default;
  struct hash {
    std::size_t operator()(const LineKey& k) const noexcept {
      std::uint64_t h = detail::hash_bytes(k.payee);
      for (std::uint64_t part : {detail::hash_bytes(k.component), detail::hash_bytes(k.order_id),
                                 static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.period.ordinal())) ^
                                     (static_cast<std::uint64_t>(k.period.length()) << 32) ^
                                     (static_cast<std::uint64_t>(k.kind) << 40)})
        h = (h ^ part) * 0x9e3779b97f4a7c15ull + (h >> 29);
      return static_cast<std::size_t>(h);
    }
  };
};

struct Result {
  payplan::period_length period_length = period_length::quarter;
  int minor_unit = 2;
  std::vector<std::string> components;  ///< ids, in plan order
  detail::payee_pool payees;            ///< people, and accounts for rebates (spec 4.7), kept apart
  OrderTable orders;                    ///< the ledger's order facts, shared (Line::order indexes them)
  std::vector<Line> lines;
  std::vector<Factors> factors{Factors{}};  ///< [0] is all ones
  std::vector<std::string> notes{std::string()};
  std::vector<Exception> exceptions;
  /// The statements of lines not kept (an evaluation with
  /// keep_lines::statements, engine/engine.hpp): each component's written
  /// lines summed as it finished, then dropped. statements() adds them in.
  std::vector<Statement> summed;
  std::size_t summed_lines = 0;  ///< how many lines `summed` holds
  bool lines_summed = false;     ///< evaluated with keep_lines::statements: `lines` holds none
  /// The periods the run wrote (spec 5): ordinals first_written to last_written.
  std::int32_t first_written = 0, last_written = -1;
  /// spec 6, after settle (engine/pay_history.hpp): periods up to
  /// closed_through are closed; their statements are the earlier run's
  /// (`closed`), and no line of theirs is here. `closed_before`: closed
  /// periods the earlier run wrote before this run's first.
  std::optional<Period> closed_through;
  std::vector<Statement> closed;
  std::vector<Period> closed_before;
  /// spec 6: adjustments.csv's rows, in its order.
  std::vector<Adjustment> adjustments;

  /// Empties the result, keeping the capacity of its line storage.
  void clear() {
    components.clear();
    payees = detail::payee_pool{};
    orders = OrderTable{};
    lines.clear();
    factors.assign(1, Factors{});
    notes.assign(1, std::string());
    exceptions.clear();
    summed.clear();
    summed_at_.clear();
    summed_overflow_ = nullptr;
    summed_lines = 0;
    lines_summed = false;
    first_written = 0;
    last_written = -1;
    closed_through.reset();
    closed.clear();
    closed_before.clear();
    adjustments.clear();
  }

  /// Every period the run wrote, in order (the manifest's `periods`, spec 6).
  [[nodiscard]] std::vector<Period> written_periods() const {
    std::vector<Period> out(closed_before.begin(), closed_before.end());
    for (std::int32_t p = first_written; p <= last_written; ++p) out.emplace_back(period_length, p);
    return out;
  }

  /// Whether period p is closed (spec 6).
  [[nodiscard]] bool is_closed(Period p) const noexcept { return closed_through && p <= *closed_through; }

  /// spec 6: drops the lines and summed statements of periods up to `last`
  /// (closed: the earlier run's stand instead).
  void drop_periods_through(std::int32_t last) {
    std::erase_if(lines, [&](const Line& l) { return l.period <= last; });
    std::erase_if(summed, [&](const Statement& s) { return s.period.ordinal() <= last; });
    summed_at_.clear();
    for (std::size_t i = 0; i < summed.size(); ++i)
      summed_at_.emplace(StatementKey{summed[i].period.ordinal(), summed[i].payee, summed[i].component}, i);
  }

  /// Every line the evaluation wrote, kept or summed.
  [[nodiscard]] std::size_t line_count() const noexcept { return lines.size() + summed_lines; }

  /// Sums the lines whose period `written` accepts into `summed`, then
  /// drops them all (issue 11: a statements-only run keeps no lines).
  /// Each line is added to its statement's running total in line order, as
  /// statements() adds kept lines, so a sum that does not fit fails at the
  /// same line; that failure is kept and raised by statements() and
  /// total(), as a run keeping its lines raises it, after evaluation.
  template <class Written>
  void sum_lines_and_drop(Written&& written) {
    const std::span<const Line> fresh(lines);
    std::int32_t lo = INT32_MAX, hi = INT32_MIN;
    std::size_t kept = 0;
    for (const Line& l : fresh)
      if (written(l.period)) lo = std::min(lo, l.period), hi = std::max(hi, l.period), ++kept;
    if (kept != 0) {
      // each line's statement found through a dense table by (period, payee)
      // where that is small, else a map; the lines of one call are all one
      // component's
      const auto periods = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1);
      std::uint64_t cells = 0;
      const bool dense = !__builtin_mul_overflow(periods, std::uint64_t{payees.size()}, &cells) && cells <= 2 * kept + 65536;
      std::vector<std::uint32_t> at(dense ? static_cast<std::size_t>(cells) : 0, UINT32_MAX);
      std::unordered_map<std::uint64_t, std::uint32_t> sparse;
      for (const Line& l : fresh) {
        if (!written(l.period)) continue;
        std::uint32_t& slot =
            dense ? at[static_cast<std::size_t>(l.period - lo) * payees.size() + l.payee]
                  : sparse.try_emplace((static_cast<std::uint64_t>(static_cast<std::uint32_t>(l.period)) << 32) | l.payee,
                                       UINT32_MAX).first->second;
        if (slot == UINT32_MAX) {
          auto [it, added] = summed_at_.try_emplace(StatementKey{l.period, l.payee, l.component}, summed.size());
          if (added) summed.push_back({Period(period_length, l.period), l.payee, l.component, Money{}});
          slot = static_cast<std::uint32_t>(it->second);
        }
        if (summed_overflow_) continue;  // the first failure is the one raised
        try {
          add_to_statement(summed[slot], l.amount);
        } catch (const overflow_error&) {
          summed_overflow_ = std::current_exception();
        }
      }
      summed_lines += kept;
    }
    lines.clear();
  }

  [[nodiscard]] Period period_of(const Line& l) const noexcept { return Period(period_length, l.period); }
  [[nodiscard]] const Factors& factors_of(const Line& l) const noexcept { return factors[l.factors]; }
  [[nodiscard]] std::string_view note_of(const Line& l) const noexcept { return notes[l.note]; }
  [[nodiscard]] std::string_view payee_of(const Line& l) const noexcept { return payees[l.payee]; }

  // The order a line is for (spec 5 lines.csv): empty for a period-level line.
  [[nodiscard]] std::string_view order_id_of(const Line& l) const noexcept {
    return l.order.ok() ? orders.order_id(l.order) : std::string_view{};
  }
  [[nodiscard]] std::string_view account_of(const Line& l) const noexcept {
    return l.order.ok() ? orders.account(l.order) : std::string_view{};
  }
  [[nodiscard]] std::optional<Date> date_of(const Line& l) const noexcept {
    return l.order.ok() ? std::optional<Date>(orders.date(l.order)) : std::nullopt;
  }
  [[nodiscard]] std::optional<Money> amount_in_of(const Line& l) const noexcept {
    return l.order.ok() ? std::optional<Money>(orders.amount(l.order)) : std::nullopt;
  }

  [[nodiscard]] LineKey key_of(const Line& l) const {
    return LineKey{period_of(l), std::string(payees[l.payee]), payees.kind(l.payee), components[l.component],
                   std::string(order_id_of(l))};
  }

  /// The first line named `key`, or nullptr. The key's names are looked up
  /// once, then lines are compared by index (one pass, no key built per line).
  [[nodiscard]] const Line* find(const LineKey& key) const {
    if (key.period.length() != period_length) return nullptr;
    const auto payee = payees.find(key.kind, key.payee);
    const auto component = std::find(components.begin(), components.end(), key.component);
    if (payee == detail::string_pool::npos || component == components.end()) return nullptr;
    OrderIndex order = OrderIndex::none();
    if (!key.order_id.empty() && !(order = orders.find(key.order_id)).ok()) return nullptr;
    const auto c = static_cast<std::uint16_t>(component - components.begin());
    for (const Line& l : lines)
      if (l.period == key.period.ordinal() && l.payee == payee && l.component == c && l.order == order) return &l;
    return nullptr;
  }

  /// The unrounded value of a line, gross x all factors (for display).
  [[nodiscard]] Gross shown_gross(const Line& l) const {
    return scaled(l.gross, factors[l.factors].portion);
  }

  /// Lines in spec 5 order: period, payee, component, then date and order_id
  /// (the ledger's own order; a period-level line first). Returns indices
  /// into `lines`. One counting sort on the statement each line belongs to
  /// (issue 11: 30M lines are not compared 30M log 30M times); a component
  /// writes its lines in ledger order, so a statement's lines need sorting
  /// only where that does not hold, and equal keys keep their written order.
  [[nodiscard]] std::vector<std::uint32_t> sorted_lines() const {
    std::vector<std::uint32_t> order(lines.size());
    if (lines.empty()) return order;
    const auto statement = statement_ranks();
    std::vector<std::uint32_t> start(statement.count + 1, 0);
    for (const Line& l : lines) ++start[statement.of(l) + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t i = 0; i < lines.size(); ++i) order[next[statement.of(lines[i])]++] = i;
    auto by_order = [&](std::uint32_t a, std::uint32_t b) { return order_rank(lines[a]) < order_rank(lines[b]); };
    for (std::size_t s = 0; s < statement.count; ++s) {
      const auto first = order.begin() + start[s], last = order.begin() + start[s + 1];
      if (!std::is_sorted(first, last, by_order)) std::stable_sort(first, last, by_order);
    }
    return order;
  }

  /// Within a statement, spec 5 orders lines by this: a period-level line
  /// (no order) first, then ledger order.
  [[nodiscard]] static std::int64_t order_rank(const Line& l) noexcept {
    return l.order.ok() ? static_cast<std::int64_t>(l.order.index()) : -1;
  }

  /// Each line's statement as its rank in spec 5 order (period, payee,
  /// component), for writers that walk lines statement by statement:
  /// arithmetic on the three ranks where their product is small, else a
  /// table of the statements present, sorted once. Ranks are below count.
  struct statement_numbering {
    std::size_t count = 0;
    std::int32_t first_period = 0;
    std::size_t payee_count = 0, component_count = 0;
    std::vector<std::uint32_t> payee_rank, component_rank;
    // (period from the first, payee rank, component rank): a statement's
    // place in spec order, for the table when the ranks are sparse
    struct key {
      std::uint32_t period, payee;
      std::uint16_t component;
      friend auto operator<=>(const key&, const key&) = default;
      struct hash {
        std::size_t operator()(const key& k) const noexcept {
          std::uint64_t h = ((static_cast<std::uint64_t>(k.period) << 32) | k.payee) * 0x9e3779b97f4a7c15ull;
          h ^= (static_cast<std::uint64_t>(k.component) + 1) * 0xbf58476d1ce4e5b9ull;
          return static_cast<std::size_t>(h ^ (h >> 31));
        }
      };
    };
    std::unordered_map<key, std::uint32_t, key::hash> sparse;  // key -> rank, when sparse
    [[nodiscard]] key key_of(const Line& l) const noexcept {
      return {static_cast<std::uint32_t>(static_cast<std::int64_t>(l.period) - first_period), payee_rank[l.payee],
              static_cast<std::uint16_t>(component_rank[l.component])};
    }
    [[nodiscard]] std::uint32_t of(const Line& l) const {
      if (!sparse.empty()) return sparse.find(key_of(l))->second;
      const key k = key_of(l);
      return static_cast<std::uint32_t>((static_cast<std::uint64_t>(k.period) * payee_count + k.payee) * component_count +
                                        k.component);
    }
  };
  /// Numbers the statements of `lines` (which must not be empty).
  [[nodiscard]] statement_numbering statement_ranks() const {
    statement_numbering s;
    s.payee_rank = ranks_of_payees();
    s.component_rank = ranks_of_components();
    s.payee_count = payees.size();
    s.component_count = components.size();
    auto [lo, hi] = std::minmax_element(lines.begin(), lines.end(),
                                        [](const Line& a, const Line& b) { return a.period < b.period; });
    s.first_period = lo->period;
    const auto periods = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi->period) - lo->period + 1);
    std::uint64_t all = 0;  // every (period, payee, component): a dense number each, if that is few enough
    const bool fits = !__builtin_mul_overflow(periods, std::uint64_t{s.payee_count}, &all) &&
                      !__builtin_mul_overflow(all, std::uint64_t{s.component_count}, &all);
    if (fits && all <= 2 * lines.size() + 65536) {
      s.count = static_cast<std::size_t>(all);
      return s;
    }
    std::vector<statement_numbering::key> present;
    for (const Line& l : lines)
      if (s.sparse.try_emplace(s.key_of(l), 0).second) present.push_back(s.key_of(l));
    std::sort(present.begin(), present.end());
    for (std::uint32_t r = 0; r < present.size(); ++r) s.sparse[present[r]] = r;
    s.count = present.size();
    return s;
  }

  /// spec 5: one row per (period, payee, component) with at least one line,
  /// the sum of the lines' rounded amounts, in spec order. Sums first, then
  /// sorts the (few) statements, not the (many) lines.
  [[nodiscard]] std::vector<Statement> statements() const {
    if (summed_overflow_) std::rethrow_exception(summed_overflow_);
    std::unordered_map<StatementKey, std::size_t, StatementKey::hash> at;
    std::vector<Statement> out;
    auto into = [&](std::int32_t period, std::uint32_t payee, std::uint16_t component) -> Statement& {
      auto [it, added] = at.try_emplace(StatementKey{period, payee, component}, out.size());
      if (added) out.push_back({Period(period_length, period), payee, component, Money{}});
      return out[it->second];
    };
    for (const Statement& s : closed) add_to_statement(into(s.period.ordinal(), s.payee, s.component), s.amount);
    for (const Statement& s : summed) add_to_statement(into(s.period.ordinal(), s.payee, s.component), s.amount);
    for (const Line& l : lines) add_to_statement(into(l.period, l.payee, l.component), l.amount);
    const auto payee_rank = ranks_of_payees();
    const auto component_rank = ranks_of_components();
    std::sort(out.begin(), out.end(), [&](const Statement& a, const Statement& b) {
      return std::tuple(a.period.ordinal(), payee_rank[a.payee], component_rank[a.component]) <
             std::tuple(b.period.ordinal(), payee_rank[b.payee], component_rank[b.component]);
    });
    return out;
  }

  /// The payee as people read it in summaries: the id, and " (account)"
  /// after an account's, so a person and an account of one id stay apart.
  [[nodiscard]] std::string payee_label(std::uint32_t payee) const {
    return std::string(payees[payee]) + (is_account(payee) ? " (account)" : "");
  }

  /// A statement's payee and component by name (the ids spec 5 writes).
  [[nodiscard]] std::string_view payee_of(const Statement& s) const noexcept { return payees[s.payee]; }
  [[nodiscard]] std::string_view component_of(const Statement& s) const noexcept { return components[s.component]; }

  /// Each payee's total over the written periods (statements summed), by
  /// payee_label: "raj", and "ACME (account)" apart from a person "ACME".
  [[nodiscard]] std::map<std::string, Money> payee_totals() const {
    std::map<std::string, Money> totals;
    for (const Statement& s : statements()) totals[payee_label(s.payee)] += s.amount;  // checked: an overflow throws
    return totals;
  }

  /// Whether payee i is an account (a rebate's payee) rather than a person.
  [[nodiscard]] bool is_account(std::uint32_t payee) const noexcept {
    return payees.kind(payee) == payee_kind::account;
  }

  [[nodiscard]] Money total() const {
    if (summed_overflow_) std::rethrow_exception(summed_overflow_);
    Money t;
    for (const Statement& s : closed) t += s.amount;
    for (const Statement& s : summed) t += s.amount;
    for (const Line& l : lines) t += l.amount;
    return t;
  }

 private:
  // spec 1: a statement's sum that does not fit names the statement
  void add_to_statement(Statement& s, Money amount) const {
    try {
      s.amount += amount;
    } catch (const overflow_error&) {
      overflow_context where;
      where.component = components[s.component];
      where.statement = std::string(payees[s.payee]) + ", " + components[s.component] + ", " + to_string(s.period);
      const std::string what = "the statement of " + where.statement + " does not fit";
      throw overflow_error(what, std::move(where));
    }
  }

  // (period, payee, component): every bit of each, so no two keys collide
  struct StatementKey {
    std::int32_t period;
    std::uint32_t payee;
    std::uint16_t component;
    friend bool operator==(const StatementKey&, const StatementKey&) = default;
    struct hash {
      std::size_t operator()(const StatementKey& k) const noexcept {
        std::uint64_t h = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.period)) << 32) | k.payee;
        h ^= (static_cast<std::uint64_t>(k.component) + 0x9e3779b97f4a7c15ull) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
        h *= 0x94d049bb133111ebull;
        return static_cast<std::size_t>(h ^ (h >> 29));
      }
    };
  };
  std::unordered_map<StatementKey, std::size_t, StatementKey::hash> summed_at_;  // (period, payee, component) -> in summed
  std::exception_ptr summed_overflow_;  // a statement of `summed` that did not fit (spec 1)

  // The position of each name in byte order (spec 5 sorts by the names).
  template <class Names>
  [[nodiscard]] static std::vector<std::uint32_t> ranks(std::size_t n, const Names& name) {
    std::vector<std::uint32_t> idx(n);
    std::iota(idx.begin(), idx.end(), 0u);
    std::sort(idx.begin(), idx.end(), [&](auto a, auto b) { return name(a) < name(b); });
    std::vector<std::uint32_t> rank(n);
    for (std::uint32_t r = 0; r < n; ++r) rank[idx[r]] = r;
    return rank;
  }
  [[nodiscard]] std::vector<std::uint32_t> ranks_of_payees() const {
    // a person before an account of the same id, so the order never depends on the run
    return ranks(payees.size(), [&](std::uint32_t i) { return std::pair(payees[i], payees.kind(i)); });
  }
  [[nodiscard]] std::vector<std::uint32_t> ranks_of_components() const {
    return ranks(components.size(), [&](std::uint32_t i) { return std::string_view(components[i]); });
  }
};

}  // namespace payplan
