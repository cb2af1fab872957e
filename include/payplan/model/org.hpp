#pragma once
// The organisation (spec 3): people and roles, effective-dated reporting
// lines and account ownership, quotas with the manager roll-up.
//
//   enum class role { rep, manager, agent, partner };
//   template <class T> struct Dated;   // a value that holds from a date until the next entry
//   class Org;                         // read-only, validated
//   class OrgBuilder;                  // add entries in any order, then finish()

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "payplan/values/calendar.hpp"
#include "payplan/detail/checked.hpp"
#include "payplan/detail/link_cut_forest.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/ids.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"

namespace payplan {

/// spec 3: agents and partners carry quota and count in a team like reps.
enum class role : std::uint8_t { rep, manager, agent, partner };

[[nodiscard]] inline std::optional<role> parse_role(std::string_view s) noexcept {
  if (s == "rep") return role::rep;
  if (s == "manager") return role::manager;
  if (s == "agent") return role::agent;
  if (s == "partner") return role::partner;
  return std::nullopt;
}
[[nodiscard]] inline std::string_view to_string(role r) noexcept {
  switch (r) {
    case role::rep: return "rep";
    case role::manager: return "manager";
    case role::agent: return "agent";
    case role::partner: return "partner";
  }
  return "?";
}
[[nodiscard]] constexpr bool carries_quota(role r) noexcept { return r != role::manager; }

/// The `from` of an entry given without a date (`reports_to: maria`): in
/// force from before any order.
inline constexpr Date from_the_start = Date::from_days(-2'000'000);

/// A value in force from `from` until the next entry's `from` (spec 3).
template <class T>
struct Dated {
  Date from;
  T value;
};

struct Person {
  std::string id;
  std::string name;
  payplan::role role = role::rep;
};

/// One owner of an account in a team entry and their share of its orders
/// (spec 3.1): shares > 0, each owner once, summing to exactly 100%.
struct TeamShare {
  PersonId owner;
  Percent share = Rate::one();
};

/// An account's owners from a date (spec 3, 3.1): `owner: X` is the team
/// [{X, 100%}]. `terms` names the plan's transfer terms when the entry is a
/// transfer (spec 4.2), else empty; on a team they govern every member.
struct Ownership {
  std::vector<TeamShare> team;  ///< in the order the org lists them; never empty
  std::string terms;

  /// Whether p is one of the entry's owners.
  [[nodiscard]] bool has_member(PersonId p) const noexcept {
    return std::any_of(team.begin(), team.end(), [&](const TeamShare& m) { return m.owner == p; });
  }
  /// The sole owner of an `owner: X` entry, or none for a team of several.
  [[nodiscard]] PersonId sole_owner() const noexcept { return team.size() == 1 ? team[0].owner : PersonId::none(); }
};

/// An owners entry as written, before its ids are resolved (OrgBuilder::add_owners).
struct TeamShareName {
  std::string owner;
  Percent share = Rate::one();
};

struct Account {
  std::string id;
  std::vector<Dated<Ownership>> owners;  ///< by increasing `from`
};

struct Quota {
  PersonId person;
  Period period;
  Money amount;
};

namespace detail {

/// The quotas at all levels below one person (spec 3), summed exactly.
struct rolled_up_quota {
  int128 micros = 0;
  bool any = false;  ///< someone below has a quota
};

/// The manager roll-ups of each period, computed on first use. An Org is
/// read by several evaluations at once (the Python module releases the
/// GIL), so the first use takes a lock. A copy starts empty.
class quota_rollups {
 public:
  quota_rollups() = default;
  quota_rollups(const quota_rollups&) noexcept {}
  quota_rollups& operator=(const quota_rollups&) {
    std::lock_guard lock(mutex_);
    by_period_.clear();
    return *this;
  }

  template <class Compute>
  [[nodiscard]] const std::vector<rolled_up_quota>& get(std::uint64_t period, Compute&& compute) const {
    std::lock_guard lock(mutex_);
    auto& slot = by_period_[period];
    if (!slot) slot = std::make_unique<const std::vector<rolled_up_quota>>(compute());
    return *slot;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::uint64_t, std::unique_ptr<const std::vector<rolled_up_quota>>> by_period_;
};

}  // namespace detail

class Org {
 public:
  [[nodiscard]] std::span<const Person> people() const noexcept { return people_; }
  [[nodiscard]] const Person& person(PersonId p) const { return people_[p.index()]; }
  [[nodiscard]] PersonId find_person(std::string_view id) const {
    auto it = person_index_.find(std::string(id));
    return it == person_index_.end() ? PersonId::none() : it->second;
  }

  [[nodiscard]] std::span<const Account> accounts() const noexcept { return accounts_; }
  [[nodiscard]] const Account& account(AccountId a) const { return accounts_[a.index()]; }
  [[nodiscard]] AccountId find_account(std::string_view id) const {
    auto it = account_index_.find(std::string(id));
    return it == account_index_.end() ? AccountId::none() : it->second;
  }

  [[nodiscard]] std::span<const Quota> quotas() const noexcept { return quotas_; }
  /// Where a part of the org came from, for messages (issue 10): its
  /// loader's origin locates the subject; an org built in code has none
  /// ("<input>").
  [[nodiscard]] source_location where(const subject& s) const { return locate(origin_, s); }

  /// The entry in force on `d` of a dated list, or nullptr before the first.
  template <class T>
  [[nodiscard]] static const Dated<T>* in_force(std::span<const Dated<T>> entries, Date d) noexcept {
    auto it = std::upper_bound(entries.begin(), entries.end(), d, [](Date x, const Dated<T>& e) { return x < e.from; });
    return it == entries.begin() ? nullptr : &*(it - 1);
  }

  /// spec 3: the account's owner on date d (credited with its orders).
  [[nodiscard]] const Dated<Ownership>* ownership_on(AccountId a, Date d) const noexcept {
    return in_force<Ownership>(accounts_[a.index()].owners, d);
  }

  [[nodiscard]] std::span<const Dated<PersonId>> reporting_line(PersonId p) const noexcept {
    return reports_to_[p.index()];
  }
  /// The person's manager on date d, or none.
  [[nodiscard]] PersonId manager_on(PersonId p, Date d) const noexcept {
    const auto* e = in_force<PersonId>(reports_to_[p.index()], d);
    return e ? e->value : PersonId::none();
  }

  /// n > 0 when following reports_to on d n times from p reaches m (spec 4.3); 0 otherwise.
  [[nodiscard]] int level_below(PersonId p, PersonId m, Date d) const noexcept {
    int n = 0;
    for (PersonId x = manager_on(p, d); x.ok() && n < static_cast<int>(people_.size()); x = manager_on(x, d)) {
      ++n;
      if (x == m) return n;
    }
    return 0;
  }

  /// Everyone at any level below m on d, in org order.
  [[nodiscard]] std::vector<PersonId> team_on(PersonId m, Date d) const {
    // down the reporting lines of d from m: each person is under one manager
    // on d and the lines have no cycle (OrgBuilder::finish), so each is met once
    std::vector<PersonId> team;
    if (!m.ok() || m.index() >= people_.size()) return team;  // nobody is below no one
    std::vector<std::uint32_t> below{m.index()};
    while (!below.empty()) {
      const std::uint32_t x = below.back();
      below.pop_back();
      for (std::uint32_t k = reports_begin_[x]; k < reports_begin_[x + 1]; ++k) {
        const auto [person, entry] = reports_[k];
        if (!holds_on(person, entry, d)) continue;
        team.push_back(person);
        below.push_back(person.index());
      }
    }
    std::sort(team.begin(), team.end());
    return team;
  }

  /// The people reporting directly to m on d, in org order.
  [[nodiscard]] std::vector<PersonId> direct_reports_on(PersonId m, Date d) const {
    std::vector<PersonId> out;
    if (!m.ok() || m.index() >= people_.size()) return out;
    for (std::uint32_t k = reports_begin_[m.index()]; k < reports_begin_[m.index() + 1]; ++k)
      if (holds_on(reports_[k].first, reports_[k].second, d)) out.push_back(reports_[k].first);
    std::sort(out.begin(), out.end());
    return out;
  }

  /// The reporting lines of one day: everyone's manager on d, and everyone
  /// in an order where each person comes after all the people below them.
  /// A sum over every team is then one pass, each person adding theirs to
  /// their manager's (the lines have no cycle: OrgBuilder::finish).
  struct reporting_day {
    std::vector<PersonId> manager;
    std::vector<std::uint32_t> bottom_up;
  };
  [[nodiscard]] reporting_day reporting_on(Date d) const {
    const std::size_t n = people_.size();
    reporting_day day{std::vector<PersonId>(n), {}};
    day.bottom_up.reserve(n);
    std::vector<std::uint32_t> waiting(n, 0);  // reports on d not yet placed
    for (std::uint32_t x = 0; x < n; ++x) {
      day.manager[x] = manager_on(PersonId(x), d);
      if (day.manager[x].ok()) ++waiting[day.manager[x].index()];
    }
    std::vector<std::uint32_t> ready;
    for (std::uint32_t x = 0; x < n; ++x)
      if (waiting[x] == 0) ready.push_back(x);
    while (!ready.empty()) {
      const std::uint32_t x = ready.back();
      ready.pop_back();
      day.bottom_up.push_back(x);
      if (day.manager[x].ok() && --waiting[day.manager[x].index()] == 0) ready.push_back(day.manager[x].index());
    }
    return day;
  }

  /// The quota set for p in period, if any.
  [[nodiscard]] std::optional<Money> explicit_quota(PersonId p, Period period) const {
    auto it = quota_index_.find(key(p, period));
    return it == quota_index_.end() ? std::nullopt : std::optional<Money>(quotas_[it->second].amount);
  }

  /// spec 3: a person's quota for a period; a manager without one has the
  /// sum of the quotas of the reps, agents and partners at all levels below
  /// on the period's last day (none if none of them has one).
  [[nodiscard]] std::optional<Money> quota(PersonId p, Period period) const {
    if (auto q = explicit_quota(p, period)) return q;
    if (people_[p.index()].role != role::manager) return std::nullopt;
    const std::uint64_t k = key(PersonId(0), period);
    if (!quota_periods_.contains(k)) return std::nullopt;  // nobody has one
    const auto& below = rollups_.get(k, [&] { return roll_up(period); })[p.index()];
    if (!below.any) return std::nullopt;
    if (below.micros > INT64_MAX || below.micros < INT64_MIN) throw overflow_error("arithmetic overflow in a sum");
    return Money::from_micros(static_cast<std::int64_t>(below.micros));
  }

 private:
  friend class OrgBuilder;
  static std::uint64_t key(PersonId p, Period period) noexcept {
    return (static_cast<std::uint64_t>(p.index()) << 34) | (static_cast<std::uint64_t>(period.length()) << 30) |
           static_cast<std::uint32_t>(period.ordinal() & 0x3fffffff);
  }

  // Whether p's reports_to entry `entry` is the one in force on d.
  [[nodiscard]] bool holds_on(PersonId p, std::uint32_t entry, Date d) const noexcept {
    const auto& line = reports_to_[p.index()];
    return line[entry].from <= d && (entry + 1 == line.size() || d < line[entry + 1].from);
  }

  // The sum of the quotas below every person on the period's last day, in
  // one pass up the reporting lines of that day: each person is added to
  // their manager once all their own reports have been added to them.
  [[nodiscard]] std::vector<detail::rolled_up_quota> roll_up(Period period) const {
    const reporting_day day = reporting_on(period.last_day());
    std::vector<detail::rolled_up_quota> below(people_.size());
    for (const std::uint32_t x : day.bottom_up) {
      const PersonId m = day.manager[x];
      if (!m.ok()) continue;
      auto& up = below[m.index()];
      if (carries_quota(people_[x].role))
        if (auto q = explicit_quota(PersonId(x), period)) {
          up.micros += q->micros();
          up.any = true;
        }
      if (below[x].any) {
        up.micros += below[x].micros;
        up.any = true;
      }
    }
    return below;
  }

  std::vector<Person> people_;
  std::vector<std::vector<Dated<PersonId>>> reports_to_;
  // reports_to turned round: the entries naming x as manager are
  // reports_[reports_begin_[x] .. reports_begin_[x + 1]), as (person, entry index)
  std::vector<std::uint32_t> reports_begin_;
  std::vector<std::pair<PersonId, std::uint32_t>> reports_;
  std::vector<Account> accounts_;
  std::vector<Quota> quotas_;
  std::unordered_map<std::string, PersonId> person_index_;
  std::unordered_map<std::string, AccountId> account_index_;
  std::unordered_map<std::uint64_t, std::size_t> quota_index_;
  std::unordered_set<std::uint64_t> quota_periods_;  // key(PersonId(0), period) of every period with a quota
  detail::quota_rollups rollups_;
  std::shared_ptr<const origin> origin_;  // the loader's, or none
};

/// Collects an org entry by entry (in any order, as a file lists them) and
/// validates the whole on finish(). References are by id text, resolved then.
///
/// Errors name the part they are about as a subject, which `from` (the
/// loader's origin, none for an org built in code) locates: the n-th
/// add_person is people[n] (a duplicate id too: the index it would have
/// taken), the k-th add_reports_to of a person is that person's reporting
/// entry k, and likewise for accounts, their owners entries and quotas.
class OrgBuilder {
 public:
  explicit OrgBuilder(std::shared_ptr<const origin> from = {}) { org_.origin_ = std::move(from); }

  void add_person(Person p) {
    const auto n = static_cast<std::uint32_t>(org_.people_.size());
    if (auto it = org_.person_index_.find(p.id); it != org_.person_index_.end())
      throw input_error(org_.where({subject::kind::person, n}),
                        "duplicate person id '" + p.id + "' (first at line " +
                            std::to_string(org_.where({subject::kind::person, it->second.index()}).line) + ")");
    org_.person_index_.emplace(p.id, PersonId(n));
    org_.people_.push_back(std::move(p));
    pending_reports_.emplace_back();
  }
  /// p reports to `manager` from `from` (spec 3); entries must be in increasing date order.
  void add_reports_to(std::string_view person, std::string manager, Date from) {
    auto p = org_.find_person(person);
    if (!p.ok())  // a person is added before their reporting lines
      throw input_error(org_.where({subject::kind::input}),
                        "reports_to of unknown person '" + std::string(person) + "'");
    pending_reports_[p.index()].push_back({from, std::move(manager)});
  }
  void add_account(std::string id) {
    const auto n = static_cast<std::uint32_t>(org_.accounts_.size());
    if (auto it = org_.account_index_.find(id); it != org_.account_index_.end())
      throw input_error(org_.where({subject::kind::account, n}),
                        "duplicate account id '" + id + "' (first at line " +
                            std::to_string(org_.where({subject::kind::account, it->second.index()}).line) + ")");
    org_.account_index_.emplace(id, AccountId(n));
    org_.accounts_.push_back(Account{std::move(id), {}});
    pending_owners_.emplace_back();
  }
  /// An owners entry of one owner (spec 3).
  void add_owner(std::string_view account, std::string owner, Date from, std::string terms) {
    add_owners(account, {TeamShareName{std::move(owner), Rate::one()}}, from, std::move(terms));
  }
  /// An owners entry of a team (spec 3.1): each owner once, shares > 0 and
  /// summing to exactly 100%. The n-th member of a team is located as
  /// subject{team_member, account, entry, n}.
  void add_owners(std::string_view account, std::vector<TeamShareName> team, Date from, std::string terms) {
    auto a = org_.find_account(account);
    if (!a.ok())  // an account is added before its owners
      throw input_error(org_.where({subject::kind::input}), "owners of unknown account '" + std::string(account) + "'");
    const auto entry = static_cast<std::uint32_t>(pending_owners_[a.index()].size());
    auto member = [&](std::size_t n) {
      return org_.where({subject::kind::team_member, a.index(), entry, static_cast<std::uint32_t>(n)});
    };
    if (team.empty())
      throw input_error(org_.where({subject::kind::ownership, a.index(), entry}), "a team needs at least one owner");
    std::int64_t sum = 0;
    for (std::size_t n = 0; n < team.size(); ++n) {
      const Percent w = team[n].share;
      if (w <= Rate{} || w > Rate::one())
        throw input_error(member(n), "share " + to_percent_string(w) + " of '" + team[n].owner +
                                         "' is not in (0%, 100%]");
      for (std::size_t m = 0; m < n; ++m)
        if (team[m].owner == team[n].owner)
          throw input_error(member(n), "'" + team[n].owner + "' is in the team twice");
      sum += w.units();  // each <= 1: cannot overflow
    }
    if (sum != Rate::one().units())
      throw input_error(org_.where({subject::kind::ownership, a.index(), entry}),
                        "the team's shares add up to " + to_percent_string(Rate::from_units(sum)) +
                            ", not 100%");
    pending_owners_[a.index()].push_back({from, {std::move(team), std::move(terms)}});
  }
  void add_quota(std::string person, Period period, Money amount) {
    pending_quotas_.push_back({std::move(person), period, amount});
  }

  [[nodiscard]] Org finish() {
    Org& org = org_;
    org.reports_to_.resize(org.people_.size());
    for (std::uint32_t i = 0; i < pending_reports_.size(); ++i) {
      auto& list = org.reports_to_[i];
      for (auto& e : pending_reports_[i]) {
        const subject entry{subject::kind::reporting, i, static_cast<std::uint32_t>(list.size())};
        PersonId m = resolve_person(e.value, entry, "reports_to");
        if (!list.empty() && !(list.back().from < e.from))
          throw input_error(org.where(entry), "reports_to entries must have increasing 'from' dates: " +
                                                  to_string(e.from) + " is not after " + to_string(list.back().from));
        list.push_back({e.from, m});
      }
    }
    for (std::uint32_t i = 0; i < pending_owners_.size(); ++i) {
      auto& list = org.accounts_[i].owners;
      for (auto& e : pending_owners_[i]) {
        const subject entry{subject::kind::ownership, i, static_cast<std::uint32_t>(list.size())};
        Ownership own;
        for (std::uint32_t n = 0; n < e.value.first.size(); ++n) {
          const TeamShareName& m = e.value.first[n];
          const subject at = e.value.first.size() == 1 ? entry : subject{subject::kind::team_member, i, entry.item, n};
          own.team.push_back({resolve_person(m.owner, at, "owner"), m.share});
        }
        own.terms = std::move(e.value.second);
        if (!list.empty() && !(list.back().from < e.from))
          throw input_error(org.where(entry), "owners entries must have increasing 'from' dates: " +
                                                  to_string(e.from) + " is not after " + to_string(list.back().from));
        list.push_back({e.from, std::move(own)});
      }
    }
    for (auto& q : pending_quotas_) {
      const subject quota{subject::kind::quota, static_cast<std::uint32_t>(org.quotas_.size())};
      PersonId p = resolve_person(q.person, quota, "quota person");
      auto k = Org::key(p, q.period);
      if (auto it = org.quota_index_.find(k); it != org.quota_index_.end()) {
        const std::size_t first_line = org.where({subject::kind::quota, static_cast<std::uint32_t>(it->second)}).line;
        throw input_error(org.where(quota), "duplicate quota for '" + q.person + "' in " + to_string(q.period) +
                                                " (first at line " + std::to_string(first_line) + ")");
      }
      org.quota_index_.emplace(k, org.quotas_.size());
      org.quota_periods_.insert(Org::key(PersonId(0), q.period));
      org.quotas_.push_back({p, q.period, q.amount});
    }
    check_no_cycles();
    index_reports();
    return std::move(org);
  }

 private:
  struct PendingQuota {
    std::string person;
    Period period;
    Money amount;
  };

  PersonId resolve_person(const std::string& id, const subject& entry, std::string_view what) const {
    PersonId p = org_.find_person(id);
    if (!p.ok()) throw input_error(org_.where(entry), "unknown person '" + id + "' in " + std::string(what));
    return p;
  }

  // Org::team_on walks down from a manager: for each x, the entries that
  // name x (counting sort, so in person then entry order).
  void index_reports() {
    const std::size_t n = org_.people_.size();
    auto& begin = org_.reports_begin_;
    begin.assign(n + 1, 0);
    for (const auto& line : org_.reports_to_)
      for (const auto& e : line) ++begin[e.value.index() + 1];
    for (std::size_t x = 0; x < n; ++x) begin[x + 1] += begin[x];
    org_.reports_.resize(begin[n]);
    std::vector<std::uint32_t> next(begin.begin(), begin.end() - 1);
    for (std::uint32_t p = 0; p < n; ++p)
      for (std::uint32_t k = 0; k < org_.reports_to_[p].size(); ++k)
        org_.reports_[next[org_.reports_to_[p][k].value.index()]++] = {PersonId(p), k};
  }

  // A reporting line that loops never reaches the top: check on every date
  // on which any line changes. The lines of one date form a forest until a
  // cycle appears; going from date to date, only the lines that change then
  // are cut and relinked, and a person linked under someone whose top is
  // that very person closes a cycle. O((people + entries) log people).
  void check_no_cycles() const {
    struct change {
      Date from;
      std::uint32_t person;
      PersonId manager;
    };
    std::vector<change> changes;
    for (std::uint32_t p = 0; p < org_.reports_to_.size(); ++p)
      for (const auto& e : org_.reports_to_[p]) changes.push_back({e.from, p, e.value});
    std::sort(changes.begin(), changes.end(),
              [](const change& a, const change& b) { return a.from != b.from ? a.from < b.from : a.person < b.person; });
    detail::link_cut_forest lines(org_.people_.size());
    std::vector<std::uint8_t> linked(org_.people_.size(), 0);
    for (std::size_t first = 0, last = 0; first < changes.size(); first = last) {
      const Date d = changes[first].from;
      for (last = first; last < changes.size() && changes[last].from == d; ++last)
        if (linked[changes[last].person]) lines.cut(changes[last].person);
      for (std::size_t k = first; k < last; ++k) {
        const change& c = changes[k];
        if (lines.root(c.manager.index()) == c.person) report_cycle_on(d);
        lines.link(c.person, c.manager.index());
        linked[c.person] = 1;
      }
    }
  }

  // The first cycle on d as a walk up from each person in org order meets
  // it: the first person whose walk repeats a step, at the step repeated.
  // Walks that reach the top mark their steps done, so each person is
  // walked once.
  [[noreturn]] void report_cycle_on(Date d) const {
    const std::size_t n = org_.people_.size();
    enum : std::uint8_t { unseen, on_this_walk, reaches_the_top };
    std::vector<std::uint8_t> state(n, unseen);
    std::vector<std::uint32_t> walk;
    for (std::uint32_t start = 0; start < n; ++start) {
      walk.clear();
      for (PersonId x(start); x.ok() && state[x.index()] != reaches_the_top; x = org_.manager_on(x, d)) {
        if (state[x.index()] == on_this_walk) {
          const auto& line = org_.reports_to_[x.index()];
          const auto* e = Org::in_force<PersonId>(line, d);
          const subject entry{subject::kind::reporting, x.index(), static_cast<std::uint32_t>(e - line.data())};
          throw input_error(org_.where(entry), "reporting lines form a cycle" +
                                                   (d == from_the_start ? std::string() : " on " + to_string(d)) +
                                                   " through '" + org_.people_[x.index()].id + "'");
        }
        state[x.index()] = on_this_walk;
        walk.push_back(x.index());
      }
      for (std::uint32_t x : walk) state[x] = reaches_the_top;
    }
    throw std::logic_error("payplan: a reporting cycle was found on " + to_string(d) + " but not walked");
  }

  Org org_;
  std::vector<std::vector<Dated<std::string>>> pending_reports_;
  std::vector<std::vector<Dated<std::pair<std::vector<TeamShareName>, std::string>>>> pending_owners_;
  std::vector<PendingQuota> pending_quotas_;
};

}  // namespace payplan
