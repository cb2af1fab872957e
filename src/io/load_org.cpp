// Org YAML (spec 3): people, reporting lines, accounts and owners, quotas.

#include <string>

#include "payplan/io/load.hpp"
#include "yaml_support.hpp"

namespace payplan {

namespace {

void read_people(const yaml::reader& y, const YAML::Node& people, OrgBuilder& b) {
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
    person.where = y.at(p);
    b.add_person(std::move(person));
  }
  for (const auto& p : people) {
    auto id = p["id"].Scalar();
    auto rt = p["reports_to"];
    if (!rt || rt.IsNull()) continue;
    if (rt.IsScalar()) {
      b.add_reports_to(id, rt.Scalar(), from_the_start, y.at(rt, "reports_to"));
      continue;
    }
    y.expect_list(rt, "reports_to");
    for (const auto& e : rt) {
      y.expect_map(e, "a reports_to entry");
      y.only_keys(e, "a reports_to entry", {"manager", "from"});
      b.add_reports_to(id, y.scalar(y.required(e, "manager", "a reports_to entry"), "manager"),
                       y.date(y.required(e, "from", "a reports_to entry"), "from"), y.at(e, "reports_to"));
    }
  }
}

void read_accounts(const yaml::reader& y, const YAML::Node& accounts, OrgBuilder& b) {
  y.expect_list(accounts, "accounts");
  for (const auto& a : accounts) {
    y.expect_map(a, "an account");
    y.only_keys(a, "an account", {"id", "name", "owners"});
    auto id = y.scalar(y.required(a, "id", "an account"), "id");
    b.add_account(id, y.at(a));
    auto owners = y.required(a, "owners", "account '" + id + "'");
    y.expect_list(owners, "owners");
    for (const auto& o : owners) {
      y.expect_map(o, "an owners entry");
      y.only_keys(o, "an owners entry", {"owner", "from", "terms"});
      std::string terms = o["terms"] ? y.scalar(o["terms"], "terms") : std::string();
      b.add_owner(id, y.scalar(y.required(o, "owner", "an owners entry"), "owner"),
                  y.date(y.required(o, "from", "an owners entry"), "from"), std::move(terms), y.at(o, "owners"));
    }
  }
}

void read_quotas(const yaml::reader& y, const YAML::Node& quotas, OrgBuilder& b) {
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
    b.add_quota(y.scalar(y.required(q, "person", "a quota"), "person"), *period, amount, y.at(q, "quota"));
  }
}

}  // namespace

Org parse_org(std::string_view text, const std::string& source) {
  yaml::reader y(source);
  YAML::Node root = y.parse(text, "an org file");
  try {
    y.expect_map(root, "an org file");
    y.only_keys(root, "an org file", {"people", "accounts", "quotas"});
    OrgBuilder b;
    b.set_source(source);
    read_people(y, y.required(root, "people", "an org file"), b);
    if (root["accounts"]) read_accounts(y, root["accounts"], b);
    if (root["quotas"]) read_quotas(y, root["quotas"], b);
    return b.finish();
  } catch (const YAML::Exception& e) {
    throw input_error({source, static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1},
                      e.msg);
  }
}

Org load_org(const std::filesystem::path& path) { return parse_org(read_file(path), path.string()); }

}  // namespace payplan
