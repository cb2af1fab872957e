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
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "payplan/calendar.hpp"
#include "payplan/error.hpp"
#include "payplan/ids.hpp"
#include "payplan/money.hpp"

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
  source_location where;
};

struct Person {
  std::string id;
  std::string name;
  payplan::role role = role::rep;
  source_location where;
};

/// An account's owner from a date; `terms` names the plan's transfer terms
/// when the entry is a transfer (spec 4.2), else empty.
struct Ownership {
  PersonId owner;
  std::string terms;
};

struct Account {
  std::string id;
  std::vector<Dated<Ownership>> owners;  ///< by increasing `from`
  source_location where;
};

struct Quota {
  PersonId person;
  Period period;
  Money amount;
  source_location where;
};

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
  /// The file it came from, for messages.
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

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

  /// Everyone at any level below m on d.
  [[nodiscard]] std::vector<PersonId> team_on(PersonId m, Date d) const {
    std::vector<PersonId> team;
    for (std::uint32_t i = 0; i < people_.size(); ++i)
      if (level_below(PersonId(i), m, d) > 0) team.push_back(PersonId(i));
    return team;
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
    std::optional<Money> sum;
    for (PersonId member : team_on(p, period.last_day())) {
      if (!carries_quota(people_[member.index()].role)) continue;
      if (auto q = explicit_quota(member, period)) sum = sum.value_or(Money{}) + *q;
    }
    return sum;
  }

 private:
  friend class OrgBuilder;
  static std::uint64_t key(PersonId p, Period period) noexcept {
    return (static_cast<std::uint64_t>(p.index()) << 34) | (static_cast<std::uint64_t>(period.length()) << 30) |
           static_cast<std::uint32_t>(period.ordinal() & 0x3fffffff);
  }

  std::vector<Person> people_;
  std::vector<std::vector<Dated<PersonId>>> reports_to_;
  std::vector<Account> accounts_;
  std::vector<Quota> quotas_;
  std::unordered_map<std::string, PersonId> person_index_;
  std::unordered_map<std::string, AccountId> account_index_;
  std::unordered_map<std::uint64_t, std::size_t> quota_index_;
  std::string source_;
};

/// Collects an org entry by entry (in any order, as a file lists them) and
/// validates the whole on finish(). References are by id text, resolved then.
class OrgBuilder {
 public:
  /// The file the org comes from (Org::source, for messages).
  void set_source(std::string file) { org_.source_ = std::move(file); }
  void add_person(Person p) {
    if (auto it = org_.person_index_.find(p.id); it != org_.person_index_.end())
      throw input_error(p.where, "duplicate person id '" + p.id + "' (first at line " +
                                     std::to_string(org_.people_[it->second.index()].where.line) + ")");
    org_.person_index_.emplace(p.id, PersonId(static_cast<std::uint32_t>(org_.people_.size())));
    org_.people_.push_back(std::move(p));
    pending_reports_.emplace_back();
  }
  /// p reports to `manager` from `from` (spec 3); entries must be in increasing date order.
  void add_reports_to(std::string_view person, std::string manager, Date from, source_location where) {
    auto p = org_.find_person(person);
    pending_reports_.at(p.index()).push_back({from, std::move(manager), std::move(where)});
  }
  void add_account(std::string id, source_location where) {
    if (auto it = org_.account_index_.find(id); it != org_.account_index_.end())
      throw input_error(where, "duplicate account id '" + id + "' (first at line " +
                                   std::to_string(org_.accounts_[it->second.index()].where.line) + ")");
    org_.account_index_.emplace(id, AccountId(static_cast<std::uint32_t>(org_.accounts_.size())));
    org_.accounts_.push_back(Account{std::move(id), {}, std::move(where)});
    pending_owners_.emplace_back();
  }
  void add_owner(std::string_view account, std::string owner, Date from, std::string terms, source_location where) {
    auto a = org_.find_account(account);
    pending_owners_.at(a.index()).push_back({from, {std::move(owner), std::move(terms)}, std::move(where)});
  }
  void add_quota(std::string person, Period period, Money amount, source_location where) {
    pending_quotas_.push_back({std::move(person), period, amount, std::move(where)});
  }

  [[nodiscard]] Org finish() {
    Org& org = org_;
    org.reports_to_.resize(org.people_.size());
    for (std::size_t i = 0; i < pending_reports_.size(); ++i) {
      auto& list = org.reports_to_[i];
      for (auto& e : pending_reports_[i]) {
        PersonId m = resolve_person(e.value, e.where, "reports_to");
        if (!list.empty() && !(list.back().from < e.from))
          throw input_error(e.where, "reports_to entries must have increasing 'from' dates: " + to_string(e.from) +
                                         " is not after " + to_string(list.back().from));
        list.push_back({e.from, m, e.where});
      }
    }
    for (std::size_t i = 0; i < pending_owners_.size(); ++i) {
      auto& list = org.accounts_[i].owners;
      for (auto& e : pending_owners_[i]) {
        PersonId owner = resolve_person(e.value.first, e.where, "owner");
        if (!list.empty() && !(list.back().from < e.from))
          throw input_error(e.where, "owners entries must have increasing 'from' dates: " + to_string(e.from) +
                                         " is not after " + to_string(list.back().from));
        list.push_back({e.from, Ownership{owner, e.value.second}, e.where});
      }
    }
    for (auto& q : pending_quotas_) {
      PersonId p = resolve_person(q.person, q.where, "quota person");
      auto k = Org::key(p, q.period);
      if (auto it = org.quota_index_.find(k); it != org.quota_index_.end())
        throw input_error(q.where, "duplicate quota for '" + q.person + "' in " + to_string(q.period) +
                                       " (first at line " + std::to_string(org.quotas_[it->second].where.line) + ")");
      org.quota_index_.emplace(k, org.quotas_.size());
      org.quotas_.push_back({p, q.period, q.amount, q.where});
    }
    check_no_cycles();
    return std::move(org);
  }

 private:
  struct PendingQuota {
    std::string person;
    Period period;
    Money amount;
    source_location where;
  };

  PersonId resolve_person(const std::string& id, const source_location& where, std::string_view what) const {
    PersonId p = org_.find_person(id);
    if (!p.ok()) throw input_error(where, "unknown person '" + id + "' in " + std::string(what));
    return p;
  }

  // A reporting line that loops never reaches the top: check on every date
  // on which any line changes.
  void check_no_cycles() const {
    std::vector<Date> dates;
    for (const auto& list : org_.reports_to_)
      for (const auto& e : list) dates.push_back(e.from);
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    const std::size_t n = org_.people_.size();
    std::vector<std::uint32_t> seen(n, 0);
    std::uint32_t stamp = 0;
    for (Date d : dates) {
      for (std::uint32_t start = 0; start < n; ++start) {
        ++stamp;
        for (PersonId x(start); x.ok(); x = org_.manager_on(x, d)) {
          if (seen[x.index()] == stamp) {
            const auto* e = Org::in_force<PersonId>(org_.reports_to_[x.index()], d);
            throw input_error(e->where, "reporting lines form a cycle" +
                                            (d == from_the_start ? std::string() : " on " + to_string(d)) +
                                            " through '" + org_.people_[x.index()].id + "'");
          }
          seen[x.index()] = stamp;
        }
      }
    }
  }

  Org org_;
  std::vector<std::vector<Dated<std::string>>> pending_reports_;
  std::vector<std::vector<Dated<std::pair<std::string, std::string>>>> pending_owners_;
  std::vector<PendingQuota> pending_quotas_;
};

}  // namespace payplan
