// Org YAML (spec 3): people, reporting lines, accounts and owners, quotas.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "payplan/io/load.hpp"
#include "yaml_support.hpp"

namespace payplan {

namespace {

// Where each part of the org is in the file (issue 10: the Org holds none of
// it). Filled as the file is read, before each part is added to the builder,
// so that the builder's errors about it (a duplicate id, an unknown person)
// are located; indexed as subject (model/org.hpp, OrgBuilder) numbers them.
class org_origin final : public origin {
 public:
  explicit org_origin(std::string file) : file_(std::move(file)) {}

  struct place {
    std::uint32_t line = 0, column = 0;
  };
  [[nodiscard]] static place of(const source_location& at) {
    return {static_cast<std::uint32_t>(at.line), static_cast<std::uint32_t>(at.column)};
  }

  std::vector<place> people, accounts, quotas;
  std::vector<std::vector<place>> reporting, ownership;  // by person, by account: one a listed entry
  std::vector<std::vector<std::vector<place>>> members;  // by account, by owners entry: a team's members (spec 3.1)

  /// Copies the tables into fresh storage, once the YAML document is gone:
  /// built while it was parsed, they sit among its freed nodes, which the
  /// allocator could then not give back whole to what is loaded next.
  void compact() {
    auto fresh = [](auto& table) {
      std::remove_reference_t<decltype(table)> copy(table.begin(), table.end());
      table.swap(copy);
    };
    fresh(people), fresh(accounts), fresh(quotas), fresh(reporting), fresh(ownership), fresh(members);
  }

  [[nodiscard]] source_location locate(const subject& s) const override {
    switch (s.what) {
      case subject::kind::person: return at(people, s.index, "");
      case subject::kind::reporting: return s.index < reporting.size() ? at(reporting[s.index], s.item, "reports_to") : whole();
      case subject::kind::account: return at(accounts, s.index, "");
      case subject::kind::ownership: return s.index < ownership.size() ? at(ownership[s.index], s.item, "owners") : whole();
      case subject::kind::team_member:
        return s.index < members.size() && s.item < members[s.index].size() ? at(members[s.index][s.item], s.member, "team")
                                                                             : whole();
      case subject::kind::quota: return at(quotas, s.index, "quota");
      default: return whole();
    }
  }

 private:
  [[nodiscard]] source_location whole() const { return {file_}; }
  [[nodiscard]] source_location at(const std::vector<place>& table, std::uint32_t i, const char* field) const {
    if (i >= table.size()) return whole();
    return {file_, table[i].line, table[i].column, 0, field};
  }

  std::string file_;
};

void read_people(const yaml::reader& y, const YAML::Node& people, OrgBuilder& b, org_origin& where) {
  y.expect_list(people, "people");
  // Two passes: everyone first, so reports_to may name a person listed later.
  for (const auto& p : people) {
    y.expect_map(p, "a person");
    y.only_keys(p, "a person", {"id", "name", "role", "reports_to"});
    Person person;
    person.id = y.scalar(y.required(p, "id", "a person"), "id");
    person.name = p["name"] ? y.scalar(p["name"], "name") : person.id;
    auto role_node = y.required(p, "role", "person '" + person.id + "'");
    auto r = parse_role(y.scalar(role_node, "role"));
    if (!r) y.fail(role_node, "unknown role '" + role_node.Scalar() + "' (expected rep, manager, agent or partner)");
    person.role = *r;
    where.people.push_back(org_origin::of(y.at(p)));
    b.add_person(std::move(person));
  }
  where.reporting.resize(where.people.size());
  std::size_t index = 0;  // people[index] (each was added above, in this order)
  for (const auto& p : people) {
    auto id = p["id"].Scalar();
    auto& entries = where.reporting[index++];
    auto rt = p["reports_to"];
    if (!rt || rt.IsNull()) continue;
    if (rt.IsScalar()) {
      entries.push_back(org_origin::of(y.at(rt)));
      b.add_reports_to(id, rt.Scalar(), from_the_start);
      continue;
    }
    y.expect_list(rt, "reports_to");
    for (const auto& e : rt) {
      y.expect_map(e, "a reports_to entry");
      y.only_keys(e, "a reports_to entry", {"manager", "from"});
      // 'from' is read first: an entry missing both names 'from', as before
      auto from = y.date(y.required(e, "from", "a reports_to entry"), "from");
      auto manager = y.scalar(y.required(e, "manager", "a reports_to entry"), "manager");
      entries.push_back(org_origin::of(y.at(e)));
      b.add_reports_to(id, std::move(manager), from);
    }
  }
}

void read_accounts(const yaml::reader& y, const YAML::Node& accounts, OrgBuilder& b, org_origin& where) {
  y.expect_list(accounts, "accounts");
  for (const auto& a : accounts) {
    y.expect_map(a, "an account");
    y.only_keys(a, "an account", {"id", "name", "owners"});
    auto id = y.scalar(y.required(a, "id", "an account"), "id");
    where.accounts.push_back(org_origin::of(y.at(a)));
    b.add_account(id);
    auto& entries = where.ownership.emplace_back();
    auto owners = y.required(a, "owners", "account '" + id + "'");
    y.expect_list(owners, "owners");
    auto& teams = where.members.emplace_back();
    for (const auto& o : owners) {
      y.expect_map(o, "an owners entry");
      y.only_keys(o, "an owners entry", {"owner", "team", "from", "terms"});
      std::string terms = o["terms"] ? y.scalar(o["terms"], "terms") : std::string();
      // 'from' is read first: an entry missing both names 'from', as before
      auto from = y.date(y.required(o, "from", "an owners entry"), "from");
      auto& places = teams.emplace_back();
      if (o["team"]) {
        // spec 3.1: `team` instead of `owner`, a list of {owner, share}
        if (o["owner"]) y.fail(o["owner"], "an owners entry has either 'owner' or 'team', not both");
        const YAML::Node list = o["team"];
        y.expect_list(list, "team");
        std::vector<TeamShareName> team;
        for (const auto& m : list) {
          y.expect_map(m, "a team member");
          y.only_keys(m, "a team member", {"owner", "share"});
          auto owner = y.scalar(y.required(m, "owner", "a team member"), "owner");
          const Percent share = y.rate(y.required(m, "share", "a team member"), "share");
          places.push_back(org_origin::of(y.at(m)));
          team.push_back({std::move(owner), share});
        }
        entries.push_back(org_origin::of(y.at(o)));
        b.add_owners(id, std::move(team), from, std::move(terms));
        continue;
      }
      if (!o["owner"]) y.fail(o, "an owners entry needs 'owner' (one owner) or 'team' (a list of {owner, share})");
      auto owner = y.scalar(o["owner"], "owner");
      entries.push_back(org_origin::of(y.at(o)));
      b.add_owner(id, std::move(owner), from, std::move(terms));
    }
  }
}

void read_quotas(const yaml::reader& y, const YAML::Node& quotas, OrgBuilder& b, org_origin& where) {
  y.expect_list(quotas, "quotas");
  for (const auto& q : quotas) {
    y.expect_map(q, "a quota");
    y.only_keys(q, "a quota", {"person", "period", "amount"});
    auto period_node = y.required(q, "period", "a quota");
    auto period = parse_period(y.scalar(period_node, "period"));
    if (!period) y.fail(period_node, "period '" + period_node.Scalar() + "' is not a period label (2026-01, 2026-Q1 or 2026)");
    auto amount_node = y.required(q, "amount", "a quota");
    Money amount = y.money(amount_node, "amount");
    if (amount < Money{}) y.fail(amount_node, "a quota cannot be negative");
    auto person = y.scalar(y.required(q, "person", "a quota"), "person");
    where.quotas.push_back(org_origin::of(y.at(q)));
    b.add_quota(std::move(person), *period, amount);
  }
}

}  // namespace

namespace {

Org read_org(std::string_view text, const std::string& source, const std::shared_ptr<org_origin>& where) {
  yaml::reader y(source);
  YAML::Node root = y.parse(text, "an org file");
  try {
    y.expect_map(root, "an org file");
    y.only_keys(root, "an org file", {"people", "accounts", "quotas"});
    OrgBuilder b(where);
    read_people(y, y.required(root, "people", "an org file"), b, *where);
    if (root["accounts"]) read_accounts(y, root["accounts"], b, *where);
    if (root["quotas"]) read_quotas(y, root["quotas"], b, *where);
    return b.finish();
  } catch (const YAML::Exception& e) {
    throw input_error({source, static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1},
                      e.msg);
  }
}

}  // namespace

Org parse_org(std::string_view text, const std::string& source) {
  auto where = std::make_shared<org_origin>(source);
  Org org = read_org(text, source, where);
  where->compact();  // the document is freed by now
  return org;
}

Org load_org(const std::filesystem::path& path) { return parse_org(read_file(path), path.string()); }

}  // namespace payplan
