// The org (spec 3) read by parse_org / load_org: people and roles, dated
// reporting lines and account ownership, quotas and the manager roll-up, and
// every input error naming the file, line and column.
//
// Line and column numbers in the expectations are worked out by hand from the
// inline text (both count from 1). yaml-cpp places a flow mapping `{...}` at
// its `{`, a block mapping at its first key, and a scalar at its first
// character.

#include "payplan/model/org.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "payplan/values/error.hpp"
#include "payplan/io/load.hpp"

#include "loader_fixture.hpp"

namespace {

using namespace payplan::testing;  // input_error_from, contains, starts_with, day, period, money, with

using payplan::Org;
using payplan::PersonId;

Org parse(std::string_view yaml) { return payplan::parse_org(yaml, "org.yaml"); }


std::optional<payplan::input_error> parse_error(std::string_view yaml) {
  return input_error_from([&] { (void)parse(yaml); });
}




// spec 3's example, grown: a manager under a manager, a dated move, an agent
// and a partner, a manager with no team, and a rep with no manager.
const std::string org_yaml = R"(people:
  - {id: maria, name: Maria Lopez, role: manager}
  - {id: omar, role: manager, reports_to: maria}
  - {id: raj, name: Raj Patel, role: rep, reports_to: maria}
  - {id: lee, role: rep, reports_to: [{manager: maria, from: 2025-01-01}, {manager: omar, from: 2026-02-15}]}
  - {id: acme-partners, role: agent, reports_to: maria}
  - {id: pia, role: partner, reports_to: omar}
  - {id: solo, role: manager}
  - id: kim
    role: rep
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2019-01-01}
      - {owner: raj, from: 2026-01-01, terms: key-account-handover}
  - id: GLOBEX
    name: Globex Corp
    owners:
      - {owner: lee, from: 2026-03-01}
quotas:
  - {person: raj, period: 2026-Q1, amount: 300000}
  - {person: lee, period: 2026-Q1, amount: 100000}
  - {person: acme-partners, period: 2026-Q1, amount: 50000}
  - {person: pia, period: 2026-Q1, amount: 20000.50}
  - {person: omar, period: 2026-Q1, amount: 999}
  - {person: raj, period: 2026-Q2, amount: 310000}
  - {person: kim, period: 2026-Q1, amount: 5}
  - {person: raj, period: 2026-01, amount: 1}
)";

class org_test_fixture : public ::testing::Test {
 protected:
  const Org org = parse(org_yaml);
  PersonId id(const char* name) const {
    PersonId p = org.find_person(name);
    EXPECT_TRUE(p.ok()) << name;
    return p;
  }
  std::vector<std::string> names(const std::vector<PersonId>& ids) const {
    std::vector<std::string> out;
    for (PersonId p : ids) out.push_back(org.person(p).id);
    std::sort(out.begin(), out.end());
    return out;
  }
};

// ---------------------------------------------------------------- people

TEST_F(org_test_fixture, people_with_names_and_roles) {
  ASSERT_EQ(org.people().size(), 8u);
  EXPECT_EQ(org.person(id("maria")).name, "Maria Lopez");
  EXPECT_EQ(org.person(id("omar")).name, "omar");  // no name: the id
  EXPECT_EQ(org.person(id("maria")).role, payplan::role::manager);
  EXPECT_EQ(org.person(id("raj")).role, payplan::role::rep);
  EXPECT_EQ(org.person(id("acme-partners")).role, payplan::role::agent);
  EXPECT_EQ(org.person(id("pia")).role, payplan::role::partner);
  EXPECT_EQ(org.person(id("kim")).role, payplan::role::rep);
  EXPECT_FALSE(org.find_person("nobody").ok());
  // maria: line 2, `  - {` puts the flow map at column 5; kim's block map
  // starts at its first key, line 9 column 5.
  EXPECT_EQ(org.where({payplan::subject::kind::person, id("maria").index()}).line, 2u);
  EXPECT_EQ(org.where({payplan::subject::kind::person, id("maria").index()}).column, 5u);
  EXPECT_EQ(org.where({payplan::subject::kind::person, id("kim").index()}).line, 9u);
  EXPECT_EQ(org.where({payplan::subject::kind::person, id("kim").index()}).column, 5u);
  EXPECT_EQ(org.where({payplan::subject::kind::person, id("kim").index()}).file, "org.yaml");
}

TEST_F(org_test_fixture, reports_to_a_single_id_holds_at_every_date) {
  EXPECT_EQ(org.manager_on(id("raj"), day("1900-01-01")), id("maria"));
  EXPECT_EQ(org.manager_on(id("raj"), day("2026-06-30")), id("maria"));
  EXPECT_EQ(org.manager_on(id("pia"), day("2026-01-01")), id("omar"));
  EXPECT_FALSE(org.manager_on(id("maria"), day("2026-01-01")).ok());  // the top
  EXPECT_FALSE(org.manager_on(id("kim"), day("2026-01-01")).ok());
  EXPECT_EQ(org.reporting_line(id("raj")).size(), 1u);
  EXPECT_TRUE(org.reporting_line(id("maria")).empty());
}

TEST_F(org_test_fixture, dated_reports_to_changes_on_the_from_date) {
  const PersonId lee = id("lee");
  EXPECT_FALSE(org.manager_on(lee, day("2024-12-31")).ok());  // before the first entry
  EXPECT_EQ(org.manager_on(lee, day("2025-01-01")), id("maria"));
  EXPECT_EQ(org.manager_on(lee, day("2026-02-14")), id("maria"));
  EXPECT_EQ(org.manager_on(lee, day("2026-02-15")), id("omar"));  // each entry holds from its `from`
  EXPECT_EQ(org.manager_on(lee, day("2030-01-01")), id("omar"));
  auto line = org.reporting_line(lee);
  ASSERT_EQ(line.size(), 2u);
  EXPECT_EQ(line[0].from, day("2025-01-01"));
  EXPECT_EQ(line[1].from, day("2026-02-15"));
  EXPECT_EQ(line[1].value, id("omar"));
}

TEST_F(org_test_fixture, level_below_follows_the_reporting_line_on_the_date) {
  EXPECT_EQ(org.level_below(id("raj"), id("maria"), day("2026-01-01")), 1);
  EXPECT_EQ(org.level_below(id("pia"), id("omar"), day("2026-01-01")), 1);
  EXPECT_EQ(org.level_below(id("pia"), id("maria"), day("2026-01-01")), 2);  // pia -> omar -> maria
  EXPECT_EQ(org.level_below(id("lee"), id("maria"), day("2026-02-14")), 1);
  EXPECT_EQ(org.level_below(id("lee"), id("maria"), day("2026-02-15")), 2);  // now via omar
  EXPECT_EQ(org.level_below(id("lee"), id("omar"), day("2026-02-14")), 0);
  EXPECT_EQ(org.level_below(id("lee"), id("omar"), day("2026-02-15")), 1);
  EXPECT_EQ(org.level_below(id("maria"), id("maria"), day("2026-01-01")), 0);  // not below oneself
  EXPECT_EQ(org.level_below(id("raj"), id("omar"), day("2026-01-01")), 0);
  EXPECT_EQ(org.level_below(id("maria"), id("raj"), day("2026-01-01")), 0);  // upwards is not below
}

TEST_F(org_test_fixture, team_on_is_everyone_below_on_the_date) {
  using v = std::vector<std::string>;
  EXPECT_EQ(names(org.team_on(id("maria"), day("2026-03-31"))), (v{"acme-partners", "lee", "omar", "pia", "raj"}));
  EXPECT_EQ(names(org.team_on(id("omar"), day("2026-02-14"))), (v{"pia"}));
  EXPECT_EQ(names(org.team_on(id("omar"), day("2026-02-15"))), (v{"lee", "pia"}));
  EXPECT_EQ(names(org.team_on(id("maria"), day("2024-12-31"))), (v{"acme-partners", "omar", "pia", "raj"}));
  EXPECT_TRUE(org.team_on(id("solo"), day("2026-03-31")).empty());
  EXPECT_TRUE(org.team_on(id("raj"), day("2026-03-31")).empty());
  EXPECT_TRUE(org.team_on(PersonId::none(), day("2026-03-31")).empty());  // below no one: nobody
}

// ---------------------------------------------------------------- accounts

TEST_F(org_test_fixture, ownership_on_follows_the_owners_list) {
  const payplan::AccountId acme = org.find_account("ACME");
  ASSERT_TRUE(acme.ok());
  ASSERT_EQ(org.accounts().size(), 2u);
  EXPECT_FALSE(org.find_account("INITECH").ok());
  EXPECT_EQ(org.account(acme).id, "ACME");
  ASSERT_EQ(org.account(acme).owners.size(), 2u);

  EXPECT_EQ(org.ownership_on(acme, day("2018-12-31")), nullptr);  // before the first entry: no owner
  const auto* first = org.ownership_on(acme, day("2019-01-01"));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->value.sole_owner(), id("maria"));
  EXPECT_EQ(first->value.terms, "");  // not a transfer
  EXPECT_EQ(first->from, day("2019-01-01"));
  const auto* before_handover = org.ownership_on(acme, day("2025-12-31"));
  ASSERT_NE(before_handover, nullptr);
  EXPECT_EQ(before_handover->value.sole_owner(), id("maria"));
  const auto* handover = org.ownership_on(acme, day("2026-01-01"));
  ASSERT_NE(handover, nullptr);
  EXPECT_EQ(handover->value.sole_owner(), id("raj"));
  EXPECT_EQ(handover->value.terms, "key-account-handover");  // spec 3: a transfer
  EXPECT_EQ(handover->from, day("2026-01-01"));
  // the second owners entry is on line 15: `      - {` puts it at column 9
  const payplan::subject handover_entry{payplan::subject::kind::ownership, acme.index(),
                                        static_cast<std::uint32_t>(handover - org.account(acme).owners.data())};
  EXPECT_EQ(org.where(handover_entry).line, 15u);
  EXPECT_EQ(org.where(handover_entry).column, 9u);

  const payplan::AccountId globex = org.find_account("GLOBEX");
  ASSERT_TRUE(globex.ok());
  EXPECT_EQ(org.ownership_on(globex, day("2026-02-28")), nullptr);
  ASSERT_NE(org.ownership_on(globex, day("2026-03-01")), nullptr);
  EXPECT_EQ(org.ownership_on(globex, day("2026-03-01"))->value.sole_owner(), id("lee"));
}

// ---------------------------------------------------------------- quotas

TEST_F(org_test_fixture, explicit_quotas_per_person_and_period) {
  EXPECT_EQ(org.quotas().size(), 8u);
  EXPECT_EQ(org.explicit_quota(id("raj"), period("2026-Q1")), money("300000"));
  EXPECT_EQ(org.explicit_quota(id("raj"), period("2026-Q2")), money("310000"));
  EXPECT_EQ(org.explicit_quota(id("raj"), period("2026-01")), money("1"));  // a month is another period
  EXPECT_EQ(org.explicit_quota(id("pia"), period("2026-Q1")), money("20000.50"));
  EXPECT_EQ(org.explicit_quota(id("raj"), period("2026-Q3")), std::nullopt);
  EXPECT_EQ(org.quota(id("raj"), period("2026-Q1")), money("300000"));
  EXPECT_EQ(org.quota(id("raj"), period("2026-Q3")), std::nullopt);  // a rep has no roll-up
  EXPECT_EQ(org.quota(id("kim"), period("2026-Q1")), money("5"));
}

TEST_F(org_test_fixture, manager_quota_rolls_up_the_team_two_levels_deep) {
  // maria's team on 2026-03-31: raj 300000 + acme-partners (agent) 50000
  // + lee 100000 (via omar since 02-15) + pia (partner, via omar) 20000.50;
  // omar is a manager: his own 999 is not summed (his team is).
  // = 470000.50. kim (no manager) and the month quota of raj do not count.
  EXPECT_EQ(org.quota(id("maria"), period("2026-Q1")), money("470000.50"));
  // Q2: only raj has a quota.
  EXPECT_EQ(org.quota(id("maria"), period("2026-Q2")), money("310000"));
  // a month period sums month quotas: raj's 1.
  EXPECT_EQ(org.quota(id("maria"), period("2026-01")), money("1"));
}

// The roll-up of a period is worked out once, on first use: a copy of the
// org starts afresh, and evaluations reading one org from several threads
// (the Python module releases the GIL) all see the same sums.
TEST_F(org_test_fixture, the_roll_up_is_the_same_in_a_copy_and_from_several_threads) {
  EXPECT_EQ(org.quota(id("maria"), period("2026-Q1")), money("470000.50"));  // as above
  Org copy = org;
  EXPECT_EQ(copy.quota(id("maria"), period("2026-Q1")), money("470000.50"));
  EXPECT_EQ(copy.quota(id("maria"), period("2026-Q2")), money("310000"));
  copy = org;  // assigned: starts afresh again
  EXPECT_EQ(copy.quota(id("maria"), period("2026-Q2")), money("310000"));
  const Org fresh = parse(org_yaml);
  std::vector<std::optional<payplan::Money>> q1(4), q2(4);
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      q1[t] = fresh.quota(fresh.find_person("maria"), period("2026-Q1"));
      q2[t] = fresh.quota(fresh.find_person("maria"), period("2026-Q2"));
    });
  for (auto& r : readers) r.join();
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(q1[t], money("470000.50"));
    EXPECT_EQ(q2[t], money("310000"));
  }
}

TEST_F(org_test_fixture, an_explicit_manager_quota_takes_precedence) {
  // omar's team (lee 100000, pia 20000.50) would roll up to 120000.50.
  EXPECT_EQ(org.quota(id("omar"), period("2026-Q1")), money("999"));
}

TEST_F(org_test_fixture, no_manager_quota_when_no_team_member_has_one) {
  EXPECT_EQ(org.quota(id("omar"), period("2026-Q2")), std::nullopt);   // lee and pia: none in Q2
  EXPECT_EQ(org.quota(id("solo"), period("2026-Q1")), std::nullopt);   // no team at all
  EXPECT_EQ(org.quota(id("maria"), period("2025-Q4")), std::nullopt);  // nobody has one
}

// spec 3: "at the period's end" -- a rep who changes manager counts for
// whoever they report to on the period's last day.
TEST(org_test, manager_quota_follows_a_reporting_change_to_the_periods_last_day) {
  const Org org = parse(R"(people:
  - {id: m1, role: manager}
  - {id: m2, role: manager}
  - {id: x, role: rep, reports_to: [{manager: m1, from: 2025-01-01}, {manager: m2, from: 2026-02-15}]}
  - {id: z, role: rep, reports_to: [{manager: m1, from: 2025-01-01}, {manager: m2, from: 2026-03-31}]}
  - {id: w, role: rep, reports_to: [{manager: m1, from: 2025-01-01}, {manager: m2, from: 2026-04-01}]}
  - {id: y, role: rep, reports_to: m1}
quotas:
  - {person: x, period: 2026-Q1, amount: 1000}
  - {person: z, period: 2026-Q1, amount: 50}
  - {person: w, period: 2026-Q1, amount: 7}
  - {person: y, period: 2026-Q1, amount: 300}
  - {person: x, period: 2025-Q4, amount: 900}
  - {person: y, period: 2025-Q4, amount: 200}
)");
  const PersonId m1 = org.find_person("m1"), m2 = org.find_person("m2");
  // 2026-Q1 ends 2026-03-31: x (moved 02-15) and z (moved on 03-31 itself)
  // are m2's; w moves only on 04-01, so is still m1's; y always m1's.
  EXPECT_EQ(org.quota(m1, period("2026-Q1")), money("307"));   // y 300 + w 7
  EXPECT_EQ(org.quota(m2, period("2026-Q1")), money("1050"));  // x 1000 + z 50
  // 2025-Q4 ends 2025-12-31: everyone is m1's.
  EXPECT_EQ(org.quota(m1, period("2025-Q4")), money("1100"));  // x 900 + y 200
  EXPECT_EQ(org.quota(m2, period("2025-Q4")), std::nullopt);
}

TEST(org_test, accounts_and_quotas_are_optional) {
  const Org org = parse("people:\n  - {id: raj, role: rep}\n");
  EXPECT_EQ(org.people().size(), 1u);
  EXPECT_TRUE(org.accounts().empty());
  EXPECT_TRUE(org.quotas().empty());
}

TEST(org_test, reports_to_may_name_a_person_listed_later) {
  const Org org = parse("people:\n  - {id: raj, role: rep, reports_to: maria}\n  - {id: maria, role: manager}\n");
  EXPECT_EQ(org.manager_on(org.find_person("raj"), day("2026-01-01")), org.find_person("maria"));
}

// ---------------------------------------------------------------- errors

void expect_at(const std::optional<payplan::input_error>& e, std::size_t line, std::size_t column,
               std::string_view field, std::string_view message_part) {
  ASSERT_TRUE(e.has_value()) << "no input_error";
  EXPECT_EQ(e->where().file, "org.yaml") << e->what();
  EXPECT_EQ(e->where().line, line) << e->what();
  EXPECT_EQ(e->where().column, column) << e->what();
  EXPECT_EQ(e->where().row, 0u) << e->what();
  EXPECT_EQ(e->where().field, field) << e->what();
  std::string prefix = "org.yaml:" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  if (!field.empty()) prefix += "field '" + std::string(field) + "': ";
  EXPECT_TRUE(starts_with(e->what(), prefix)) << e->what() << "\nexpected prefix: " << prefix;
  EXPECT_TRUE(contains(e->what(), message_part)) << e->what() << "\nexpected: " << message_part;
}

TEST(org_test, unknown_person_in_reports_to) {
  // line 6: `    reports_to: ` is 16 characters, so `omar` is at column 17.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
  - id: raj
    role: rep
    reports_to: omar
)"),
            6, 17, "reports_to", "unknown person 'omar' in reports_to");
  // line 7: `      - ` is 8 characters, so the entry's `{` is at column 9.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
  - id: lee
    role: rep
    reports_to:
      - {manager: omar, from: 2026-01-01}
)"),
            7, 9, "reports_to", "unknown person 'omar' in reports_to");
}

TEST(org_test, unknown_person_in_owners) {
  // line 8: the second owners entry's `{` at column 9.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2019-01-01}
      - {owner: zed, from: 2026-01-01}
)"),
            8, 9, "owners", "unknown person 'zed'");
}

TEST(org_test, unknown_person_in_quota) {
  // line 5: `  - ` is 4 characters, so the quota's `{` is at column 5.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
quotas:
  - {person: ghost, period: 2026-Q1, amount: 100}
)"),
            5, 5, "quota", "unknown person 'ghost'");
}

const std::string reports_to_dates = R"(people:
  - id: maria
    role: manager
  - id: omar
    role: manager
  - id: lee
    role: rep
    reports_to:
      - {manager: maria, from: 2026-04-01}
      - {manager: omar, from: @}
)";

TEST(org_test, reports_to_from_dates_must_increase) {
  // line 10: the second entry's `{` at column 9.
  expect_at(parse_error(with(reports_to_dates, "2026-01-01")), 10, 9, "reports_to",
            "2026-01-01 is not after 2026-04-01");
  expect_at(parse_error(with(reports_to_dates, "2026-04-01")), 10, 9, "reports_to",
            "2026-04-01 is not after 2026-04-01");  // equal is not increasing
  EXPECT_NO_THROW((void)parse(with(reports_to_dates, "2026-04-02")));
}

const std::string owners_dates = R"(people:
  - id: maria
    role: manager
  - id: raj
    role: rep
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2026-01-01}
      - {owner: raj, from: @}
)";

TEST(org_test, owners_from_dates_must_increase) {
  // line 10: the second entry's `{` at column 9.
  expect_at(parse_error(with(owners_dates, "2025-06-30")), 10, 9, "owners", "2025-06-30 is not after 2026-01-01");
  expect_at(parse_error(with(owners_dates, "2026-01-01")), 10, 9, "owners", "2026-01-01 is not after 2026-01-01");
  EXPECT_NO_THROW((void)parse(with(owners_dates, "2026-01-02")));
}

TEST(org_test, a_reporting_cycle_is_an_error) {
  // a -> b -> a. Walking up from a (listed first) meets a again, so the
  // error is at a's reports_to: line 4, `    reports_to: ` is 16 characters,
  // `b` at column 17.
  const auto e = parse_error(R"(people:
  - id: a
    role: manager
    reports_to: b
  - id: b
    role: manager
    reports_to: a
)");
  expect_at(e, 4, 17, "reports_to", "cycle");
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(contains(e->what(), "'a'")) << e->what();
}

TEST(org_test, reporting_to_oneself_is_a_cycle) {
  // line 4, column 17 as above.
  expect_at(parse_error(R"(people:
  - id: a
    role: rep
    reports_to: a
)"),
            4, 17, "reports_to", "cycle");
}

TEST(org_test, a_reporting_cycle_from_a_date_names_the_date) {
  // b moves under a on 2026-04-01 while a reports to b: a cycle from then on.
  // Walking up from a (listed first) on 2026-04-01: a -> b -> a, so the
  // error is at a's reports_to `b`, line 4 column 17.
  const auto e = parse_error(R"(people:
  - id: a
    role: manager
    reports_to: b
  - id: b
    role: manager
    reports_to:
      - {manager: c, from: 2025-01-01}
      - {manager: a, from: 2026-04-01}
  - id: c
    role: manager
)");
  expect_at(e, 4, 17, "reports_to", "cycle on 2026-04-01");
}

// A cycle of undated reports_to holds at every date: the message must not
// show the internal "beginning of time" date the user never wrote.
TEST(org_test, an_undated_cycle_message_shows_no_made_up_date) {
  const auto e = parse_error(R"(people:
  - id: a
    role: manager
    reports_to: b
  - id: b
    role: manager
    reports_to: a
)");
  expect_at(e, 4, 17, "reports_to", "cycle");
  ASSERT_TRUE(e.has_value());
  // After the position `org.yaml:4:17` no digit belongs in the message: the
  // ids have none and no date applies.
  const std::string rest = std::string(e->what()).substr(std::string("org.yaml:4:17").size());
  EXPECT_EQ(rest.find_first_of("0123456789"), std::string::npos) << e->what();
}

TEST(org_test, duplicate_person_id) {
  // the second maria is a block map whose first key is at line 4, column 5.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
  - id: maria
    role: rep
)"),
            4, 5, "", "duplicate person id 'maria' (first at line 2)");
}

TEST(org_test, duplicate_account_id) {
  // the second ACME: line 7, column 5 (first key of its block map).
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
accounts:
  - id: ACME
    owners: [{owner: maria, from: 2019-01-01}]
  - id: ACME
    owners: [{owner: maria, from: 2020-01-01}]
)"),
            7, 5, "", "duplicate account id 'ACME' (first at line 5)");
}

TEST(org_test, duplicate_quota) {
  // the second quota's `{`: line 6, column 5.
  expect_at(parse_error(R"(people:
  - id: raj
    role: rep
quotas:
  - {person: raj, period: 2026-Q1, amount: 100}
  - {person: raj, period: 2026-Q1, amount: 200}
)"),
            6, 5, "quota", "duplicate quota for 'raj' in 2026-Q1 (first at line 5)");
}

TEST(org_test, unknown_role) {
  // line 3: `    role: ` is 10 characters, `salesman` at column 11.
  expect_at(parse_error("people:\n  - id: raj\n    role: salesman\n"), 3, 11, "", "unknown role 'salesman'");
  // a flow map: `  - {id: raj, role: ` is 20 characters, `boss` at column 21.
  expect_at(parse_error("people:\n  - {id: raj, role: boss}\n"), 2, 21, "", "unknown role 'boss'");
}

TEST(org_test, unknown_key_is_never_ignored) {
  // line 6: the key `report_to` at column 5.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
  - id: raj
    role: rep
    report_to: maria
)"),
            6, 5, "", "unknown key 'report_to' in a person");
  // top level: `quota:` at line 3, column 1.
  expect_at(parse_error("people:\n  - {id: raj, role: rep}\nquota:\n  - {person: raj, period: 2026-Q1, amount: 1}\n"),
            3, 1, "", "unknown key 'quota' in an org file");
  // in an owners entry: `    owners: [{owner: raj, from: 2026-01-01, ` is
  // 44 characters, so `term` is at line 5, column 45.
  expect_at(parse_error("people:\n  - {id: raj, role: rep}\naccounts:\n  - id: ACME\n"
                        "    owners: [{owner: raj, from: 2026-01-01, term: x}]\n"),
            5, 45, "", "unknown key 'term' in an owners entry");
}

TEST(org_test, bad_date) {
  // line 7: `      - {manager: maria, from: ` is 31 characters, the date at column 32.
  expect_at(parse_error(R"(people:
  - id: maria
    role: manager
  - id: lee
    role: rep
    reports_to:
      - {manager: maria, from: 2026-02-30}
)"),
            7, 32, "", "'2026-02-30' is not a date");
  // line 6: `      - {owner: maria, from: ` is 29 characters, the date at column 30.
  expect_at(parse_error(R"(people:
  - {id: maria, role: manager}
accounts:
  - id: ACME
    owners:
      - {owner: maria, from: 2019-1-1}
)"),
            6, 30, "", "'2019-1-1' is not a date");
}

TEST(org_test, bad_period_label) {
  // line 5: `  - {person: raj, period: ` is 26 characters, the label at column 27.
  for (const char* bad : {"2026-Q5", "2026-13", "Q1-2026", "26-Q1", "2026-H1"}) {
    expect_at(parse_error(with(R"(people:
  - id: raj
    role: rep
quotas:
  - {person: raj, period: @, amount: 100}
)",
                               bad)),
              5, 27, "", "period '" + std::string(bad) + "' is not a period label");
  }
}

TEST(org_test, negative_or_bad_quota_amount) {
  // line 5: `  - {person: raj, period: 2026-Q1, amount: ` is 43 characters, the
  // amount at column 44.
  const std::string text = R"(people:
  - id: raj
    role: rep
quotas:
  - {person: raj, period: 2026-Q1, amount: @}
)";
  expect_at(parse_error(with(text, "-100")), 5, 44, "", "a quota cannot be negative");
  expect_at(parse_error(with(text, "lots")), 5, 44, "", "'lots' is not a decimal number");
  expect_at(parse_error(with(text, "1.0000001")), 5, 44, "", "'1.0000001'");
  EXPECT_NO_THROW((void)parse(with(text, "0")));
}

TEST(org_test, yaml_syntax_error) {
  // A flow map closed with `]`: yaml-cpp stops at the stray bracket. Line 2:
  // `  - {id: maria, role: manager` is 29 characters, `]` at column 30.
  auto e = parse_error("people:\n  - {id: maria, role: manager]\n");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, "org.yaml");
  EXPECT_EQ(e->where().line, 2u) << e->what();
  EXPECT_EQ(e->where().column, 30u) << e->what();
  EXPECT_TRUE(starts_with(e->what(), "org.yaml:2:30: YAML syntax: ")) << e->what();

  // A second `:` after a plain value: `  - id: maria` is 13 characters, so
  // the offending `:` is at line 2, column 14.
  e = parse_error("people:\n  - id: maria: x\n");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().line, 2u) << e->what();
  EXPECT_EQ(e->where().column, 14u) << e->what();
  EXPECT_TRUE(starts_with(e->what(), "org.yaml:2:14: YAML syntax: ")) << e->what();
}

// YAML 1.2 requires unique keys; a second `role` must not be silently dropped.
TEST(org_test, a_key_given_twice_is_an_error) {
  // the second `role` key: line 4, column 5.
  expect_at(parse_error("people:\n  - id: a\n    role: rep\n    role: manager\n"), 4, 5, "", "'role'");
}

// spec 5: an invalid-input message names file, line and column; an empty or
// comment-only file has only line 1, column 1 to point at.
TEST(org_test, empty_org_file_names_line_and_column) {
  for (const char* text : {"", "# nothing yet\n"}) {
    const auto e = parse_error(text);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where().line, 1u) << e->what();
    EXPECT_EQ(e->where().column, 1u) << e->what();
    EXPECT_TRUE(starts_with(e->what(), "org.yaml:1:1: ")) << e->what();
  }
}

// ---------------------------------------------------------------- one document

// A second YAML document after `---` used to be dropped without a word.
TEST(org_test, a_second_yaml_document_is_an_error_at_its_start) {
  // lines 1-2 the org, line 3 the `---` at column 1
  expect_at(parse_error("people:\n  - {id: raj, role: rep}\n---\npeople:\n  - {id: kim, role: rep}\n"), 3, 1, "",
            "a second YAML document starts here: an org file must be a single document");
  // an empty second document too: nothing after a `---` is left unread
  expect_at(parse_error("people:\n  - {id: raj, role: rep}\n---\n"), 3, 1, "", "a second YAML document");
  // one document opened with `---` (and closed with `...`) is fine
  EXPECT_EQ(parse("---\npeople:\n  - {id: raj, role: rep}\n...\n").people().size(), 1u);
}

// ---------------------------------------------------------------- scaling

// The old cycle check walked up from every person on every date a line
// changed, and the roll-up walked every person's line per manager: minutes
// for inputs like these. Each test checks the answer at that size (no test
// is timed: bench/scaling.cpp measures the time).

// p0 tops a chain of n people, each p_i (i >= 1) under p_{i-1} from the
// start and, for i >= 2, under p_{i-2} from 2020-01-01 + (1 + i mod 1000)
// days: 1000 change dates.
payplan::Date chain_change(int i) { return day("2020-01-01") + payplan::Span{1 + i % 1000, payplan::span_unit::days}; }

TEST(org_test, scaling_a_deep_dated_reporting_chain_is_checked_quickly) {
  constexpr int n = 100'000;
  payplan::OrgBuilder b;
  auto id = [](int i) { return "p" + std::to_string(i); };
  for (int i = 0; i < n; ++i) b.add_person({id(i), "", payplan::role::manager});
  for (int i = 1; i < n; ++i) {
    b.add_reports_to(id(i), id(i - 1), payplan::from_the_start);
    if (i >= 2) b.add_reports_to(id(i), id(i - 2), chain_change(i));
  }
  const Org org = b.finish();
  const PersonId last = org.find_person("p99999"), p0 = org.find_person("p0");
  // before any change the chain is whole: p99999 is 99999 levels below p0
  EXPECT_EQ(org.level_below(last, p0, day("2019-12-31")), n - 1);
  // after every change (the last on 2020-01-01 + 1000 days) each p_i is under
  // p_{i-2}: p99999 -> p99997 -> ... -> p1 is 49999 steps, p1 -> p0 one more
  EXPECT_EQ(org.level_below(last, p0, day("2023-01-01")), 50'000);
}

TEST(org_test, scaling_a_cycle_in_a_deep_dated_chain_names_its_first_date_and_line) {
  // The chain above as a 20,000-line file (yaml-cpp itself needs seconds for
  // more), with p0 moving under p19999 on 2020-06-01: from then p0 -> p19999
  // -> ... -> p0. Walking up from p0 (listed first) on 2020-06-01 meets p0
  // again, so the error is at p0's reports_to entry: line 2, `  - {id: p0,
  // role: manager, reports_to: [` is 41 characters, the entry's `{` at column 42.
  constexpr int n = 20'000;
  std::string yaml = "people:\n  - {id: p0, role: manager, reports_to: [{manager: p19999, from: 2020-06-01}]}\n";
  yaml += "  - {id: p1, role: manager, reports_to: p0}\n";
  for (int i = 2; i < n; ++i)
    yaml += "  - {id: p" + std::to_string(i) + ", role: manager, reports_to: [{manager: p" + std::to_string(i - 1) +
            ", from: 1900-01-01}, {manager: p" + std::to_string(i - 2) + ", from: " +
            payplan::to_string(chain_change(i)) + "}]}\n";
  const auto e = parse_error(yaml);
  expect_at(e, 2, 42, "reports_to", "reporting lines form a cycle on 2020-06-01 through 'p0'");
}

TEST(org_test, scaling_the_quota_roll_up_of_a_long_chain_of_managers) {
  // m0 tops a chain of 1500 managers, m_j under m_{j-1}, each with 60 reps
  // (91,500 people); every rep has a quota of 1 in each quarter of 2026. On
  // 2026-07-01 the reps of the last manager, m1499, move to m0.
  constexpr int managers = 1500, reps = 60;
  payplan::OrgBuilder b;
  auto mgr = [](int j) { return "m" + std::to_string(j); };
  auto rep = [](int j, int r) { return "r" + std::to_string(j) + "_" + std::to_string(r); };
  for (int j = 0; j < managers; ++j) {
    b.add_person({mgr(j), "", payplan::role::manager});
    for (int r = 0; r < reps; ++r) b.add_person({rep(j, r), "", payplan::role::rep});
  }
  for (int j = 0; j < managers; ++j) {
    if (j > 0) b.add_reports_to(mgr(j), mgr(j - 1), payplan::from_the_start);
    for (int r = 0; r < reps; ++r) {
      b.add_reports_to(rep(j, r), mgr(j), payplan::from_the_start);
      if (j == managers - 1) b.add_reports_to(rep(j, r), mgr(0), day("2026-07-01"));
      for (const char* q : {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}) b.add_quota(rep(j, r), period(q), money("1"));
    }
  }
  const Org org = b.finish();
  std::int64_t q1 = 0, q3 = 0;
  int q3_without = 0;
  for (int j = 0; j < managers; ++j) {
    const PersonId m = org.find_person(mgr(j));
    q1 += org.quota(m, period("2026-Q1")).value().micros() / payplan::Money::scale;
    if (auto q = org.quota(m, period("2026-Q3"))) q3 += q->micros() / payplan::Money::scale;
    else ++q3_without;
    (void)org.quota(m, period("2026-Q2"));
    (void)org.quota(m, period("2026-Q4"));
  }
  const std::size_t team_m1 = org.team_on(org.find_person("m1"), day("2026-09-30")).size();
  // Q1: m_j has the 60 reps of each of m_j..m1499: 60 x (1500 - j); summed
  // over j, 60 x (1 + ... + 1500) = 60 x 1,125,750 = 67,545,000.
  EXPECT_EQ(q1, 67'545'000);
  // Q3: m0 keeps all 90,000; m_j (1 <= j <= 1498) has 60 x (1499 - j),
  // summing to 60 x (1 + ... + 1498) = 60 x 1,122,751 = 67,365,060; m1499
  // has nobody left, so no quota.
  EXPECT_EQ(q3, 90'000 + 67'365'060);
  EXPECT_EQ(q3_without, 1);
  EXPECT_EQ(org.quota(org.find_person("m1499"), period("2026-Q2")), money("60"));
  // m1's team on 2026-09-30: managers m2..m1499 (1498) and the reps of m1..m1498 (60 x 1498)
  EXPECT_EQ(team_m1, 1498u + 60u * 1498u);
}

// ---------------------------------------------------------------- the naive definitions

// The reporting-line answers against their definitions, on random small
// orgs with dated moves (fixed seed): the cycle error the old walk from
// every person on every change date gave, team_on as everyone with
// level_below > 0, and the roll-up as the sum over that team.
TEST(org_test, cycle_check_team_and_roll_up_agree_with_their_definitions_on_random_orgs) {
  std::mt19937 rng(9);
  const char* dates[] = {"2025-01-01", "2025-06-01", "2026-01-01", "2026-03-31"};
  struct entry {
    int date, manager;
    std::size_t column;  // of its `{` on the person's line
  };
  int cycles = 0, checked = 0;
  for (int round = 0; round < 3000; ++round) {
    const int n = 2 + static_cast<int>(rng() % 7);
    std::vector<std::vector<entry>> line(n);
    std::vector<bool> manager(n);
    std::vector<int> quota(n, 0);  // 0: none
    std::string yaml = "people:\n";  // p_i on line i + 2
    for (int i = 0; i < n; ++i) {
      manager[i] = rng() % 3 != 0;
      std::string text = "  - {id: p" + std::to_string(i) + ", role: " + (manager[i] ? "manager" : "rep");
      const int entries = static_cast<int>(rng() % 4);
      if (entries > 0) {
        text += ", reports_to: [";
        for (int k = 0, d = -1; k < entries; ++k) {
          d += 1 + static_cast<int>(rng() % 2);
          if (d > 3) break;
          const int m = static_cast<int>(rng() % n);
          if (k) text += ", ";
          line[i].push_back({d, m, text.size() + 1});
          text += std::string("{manager: p") + std::to_string(m) + ", from: " + dates[d] + "}";
        }
        text += "]";
      }
      yaml += text + "}\n";
    }
    yaml += "quotas: [";
    for (int i = 0; i < n; ++i)
      if (rng() % 3) {
        yaml += std::string(yaml.back() == '[' ? "" : ", ") + "{person: p" + std::to_string(i) +
                ", period: 2026-Q1, amount: " + std::to_string(1 + i) + "}";
        quota[i] = 1 + i;
      }
    yaml += "]\n";
    auto in_force = [&](int p, int d) -> const entry* {  // d: a date index
      const entry* e = nullptr;
      for (const entry& x : line[p])
        if (x.date <= d) e = &x;
      return e;
    };
    // the old check: on each change date in order, walk up from each person
    // in order until the top or a step already taken on this walk
    std::optional<std::string> expected;
    for (int d = 0; d < 4 && !expected; ++d) {
      bool changes = false;
      for (const auto& l : line)
        for (const entry& e : l) changes = changes || e.date == d;
      for (int start = 0; changes && start < n && !expected; ++start) {
        std::vector<bool> seen(n);
        for (int x = start; x >= 0; x = in_force(x, d) ? in_force(x, d)->manager : -1) {
          if (seen[x]) {
            expected = "org.yaml:" + std::to_string(x + 2) + ":" + std::to_string(in_force(x, d)->column) +
                       ": field 'reports_to': reporting lines form a cycle on " + dates[d] + " through 'p" +
                       std::to_string(x) + "'";
            break;
          }
          seen[x] = true;
        }
      }
    }
    const auto e = parse_error(yaml);
    if (expected) {
      ++cycles;
      ASSERT_TRUE(e.has_value()) << yaml;
      EXPECT_EQ(std::string(e->what()), *expected) << yaml;
      continue;
    }
    ASSERT_FALSE(e.has_value()) << e->what() << "\n" << yaml;
    ++checked;
    const Org org = parse(yaml);
    // below(p, m, d): following the lines of d up from p reaches m
    auto below = [&](int p, int m, int d) {
      for (const entry* e = in_force(p, d); e; e = in_force(e->manager, d))
        if (e->manager == m) return true;
      return false;
    };
    for (int d = 0; d < 4; ++d)
      for (int m = 0; m < n; ++m) {
        std::vector<PersonId> team;
        for (int p = 0; p < n; ++p)
          if (below(p, m, d)) team.push_back(org.find_person("p" + std::to_string(p)));
        EXPECT_EQ(org.team_on(org.find_person("p" + std::to_string(m)), day(dates[d])), team) << yaml;
      }
    // the roll-up on 2026-03-31 (date index 3) for a manager without a quota
    for (int m = 0; m < n; ++m) {
      std::optional<payplan::Money> sum;
      if (quota[m]) sum = payplan::Money(quota[m]);
      else if (manager[m])
        for (int p = 0; p < n; ++p)
          if (!manager[p] && quota[p] && below(p, m, 3)) sum = sum.value_or(payplan::Money{}) + payplan::Money(quota[p]);
      EXPECT_EQ(org.quota(org.find_person("p" + std::to_string(m)), period("2026-Q1")), sum) << "p" << m << "\n" << yaml;
    }
  }
  // both kinds seen often enough to mean something
  EXPECT_GT(cycles, 300);
  EXPECT_GT(checked, 300);
}

// ---------------------------------------------------------------- files

class org_test_files : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("payplan_org_test_" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::filesystem::path dir_;
};

TEST_F(org_test_files, reads_a_file_and_names_it_in_errors) {
  auto good = dir_ / "org.yaml";
  std::ofstream(good, std::ios::binary) << org_yaml;
  EXPECT_EQ(payplan::load_org(good).people().size(), 8u);

  auto bad = dir_ / "bad.yaml";
  // line 2: `  - {id: raj, role: rep, reports_to: ` is 37 characters: `omar` at column 38.
  std::ofstream(bad, std::ios::binary) << "people:\n  - {id: raj, role: rep, reports_to: omar}\n";
  const auto e = input_error_from([&] { (void)payplan::load_org(bad); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, bad.string());
  EXPECT_EQ(e->where().line, 2u);
  EXPECT_EQ(e->where().column, 38u);
  EXPECT_TRUE(starts_with(e->what(), bad.string() + ":2:38: ")) << e->what();
}

TEST_F(org_test_files, missing_file_is_an_input_error_naming_it) {
  auto missing = dir_ / "no-such-org.yaml";
  const auto e = input_error_from([&] { (void)payplan::load_org(missing); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->where().file, missing.string());
  EXPECT_EQ(std::string(e->what()), missing.string() + ": cannot open file");
}

}  // namespace

namespace {

// A test's stand-in for a loader's origin (issue 10): the places of the
// subjects it lists, the file alone for any other.
class listed_origin final : public payplan::origin {
 public:
  struct entry {
    payplan::subject::kind what;
    std::uint32_t index, item;
    payplan::source_location at;
  };
  explicit listed_origin(std::vector<entry> entries) : entries_(std::move(entries)) {}
  [[nodiscard]] payplan::source_location locate(const payplan::subject& s) const override {
    for (const auto& e : entries_)
      if (e.what == s.what && e.index == s.index && e.item == s.item) return e.at;
    return {"org.yaml"};
  }

 private:
  std::vector<entry> entries_;
};

std::string what_of(const std::function<void()>& f) {
  const auto e = input_error_from(f);
  return e ? std::string(e->what()) : std::string("(no input_error)");
}

// issue 10: OrgBuilder::add_reports_to (and add_owner) with an unknown id
// threw std::out_of_range; now an input_error. The entry has no subject (its
// person or account is not in the org), so it names the input as a whole:
// "<input>" built in code, the origin's file otherwise.
TEST(org_test, builder_reporting_line_or_owner_of_an_unknown_id_names_the_input) {
  payplan::OrgBuilder b;
  b.add_person({"maria", "", payplan::role::manager});
  EXPECT_EQ(what_of([&] { b.add_reports_to("nobody", "maria", payplan::from_the_start); }),
            "<input>: reports_to of unknown person 'nobody'");
  EXPECT_EQ(what_of([&] { b.add_owner("NOPE", "maria", payplan::from_the_start, ""); }),
            "<input>: owners of unknown account 'NOPE'");
  payplan::OrgBuilder located(std::make_shared<listed_origin>(std::vector<listed_origin::entry>{}));
  located.add_person({"maria", "", payplan::role::manager});
  EXPECT_EQ(what_of([&] { located.add_reports_to("nobody", "maria", payplan::from_the_start); }),
            "org.yaml: reports_to of unknown person 'nobody'");
}

// issue 10: an org built in code (no loader, no origin) names no file or
// line: a duplicate id is "<input>: ...", the first's line unknown (0), as a
// default source_location described it before.
TEST(org_test, builder_without_a_loader_names_a_duplicate_as_input) {
  using payplan::role;
  payplan::OrgBuilder people;
  people.add_person({"maria", "", role::manager});
  EXPECT_EQ(what_of([&] { people.add_person({"maria", "", role::rep}); }),
            "<input>: duplicate person id 'maria' (first at line 0)");
  payplan::OrgBuilder accounts;
  accounts.add_account("ACME");
  EXPECT_EQ(what_of([&] { accounts.add_account("ACME"); }), "<input>: duplicate account id 'ACME' (first at line 0)");
  payplan::OrgBuilder quotas;
  quotas.add_person({"raj", "", role::rep});
  quotas.add_quota("raj", period("2026-Q1"), money("100"));
  quotas.add_quota("raj", period("2026-Q1"), money("200"));
  EXPECT_EQ(what_of([&] { (void)quotas.finish(); }), "<input>: duplicate quota for 'raj' in 2026-Q1 (first at line 0)");
  payplan::OrgBuilder lines;
  lines.add_person({"maria", "", role::manager});
  lines.add_person({"raj", "", role::rep});
  lines.add_reports_to("raj", "maria", day("2026-02-01"));
  lines.add_reports_to("raj", "maria", day("2026-01-01"));
  EXPECT_EQ(what_of([&] { (void)lines.finish(); }),
            "<input>: reports_to entries must have increasing 'from' dates: 2026-01-01 is not after 2026-02-01");
}

// The same duplicate read by the loader names org.yaml and both lines, as
// before issue 10; and a builder given an origin asks it for the subject of
// the duplicate (people[1], the index it would have taken) and the first's
// (people[0]).
TEST(org_test, loaded_duplicate_still_names_org_yaml_and_line) {
  // line 1 "people:", 2 "  - {id: maria, ...}" (its `{` at column 5), 3 "  - {id: maria, ...}"
  EXPECT_EQ(what_of([] { (void)parse("people:\n  - {id: maria, role: manager}\n  - {id: maria, role: rep}\n"); }),
            "org.yaml:3:5: duplicate person id 'maria' (first at line 2)");
  using k = payplan::subject::kind;
  payplan::OrgBuilder b(std::make_shared<listed_origin>(std::vector<listed_origin::entry>{
      {k::person, 0, 0, {"org.yaml", 2, 5}}, {k::person, 1, 0, {"org.yaml", 7, 5}}}));
  b.add_person({"maria", "", payplan::role::manager});
  EXPECT_EQ(what_of([&] { b.add_person({"maria", "", payplan::role::rep}); }),
            "org.yaml:7:5: duplicate person id 'maria' (first at line 2)");
}

// The loader's origin stays with the org: each part located through
// Org::where, by the subjects validate and explain name.
TEST(org_test, a_loaded_org_locates_its_entries_by_subject) {
  const Org org = parse(org_yaml);
  using k = payplan::subject::kind;
  // lee (people[3]) on line 5: `  - {id: lee, role: rep, reports_to: [` is 38 bytes, so the
  // first entry's `{` is at column 39; the second follows `{manager: maria, from: 2025-01-01}, `
  // (36 bytes): column 75
  EXPECT_EQ(org.where({k::reporting, 3, 0}).describe(), "org.yaml:5:39: field 'reports_to'");
  EXPECT_EQ(org.where({k::reporting, 3, 1}).describe(), "org.yaml:5:75: field 'reports_to'");
  EXPECT_EQ(org.where({k::input}).describe(), "org.yaml");
  EXPECT_EQ(payplan::OrgBuilder().finish().where({k::person, 0}).describe(), "<input>");
}

}  // namespace
