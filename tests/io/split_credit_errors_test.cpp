// Split credit's bad inputs (spec 3.1): a team entry (org file, line and
// column) and the credits file (its row and field), each an input error
// naming where it is; what a team reads as when it is right.

#include <gtest/gtest.h>

#include <string>

#include "engine_fixture.hpp"
#include "loader_fixture.hpp"
#include "payplan/io/load.hpp"

namespace {

using payplan::testing::input_error_from;
using payplan::testing::orders;
using payplan::testing::plan_with;

// GLOBEX's owners entry (line 8, column 9) holds the team; its members are
// on lines 10 and 11, at column 13.
std::string team_org(const std::string& first, const std::string& second, const std::string& extra = "") {
  return "people:\n  - {id: maria, role: manager}\n  - {id: raj, role: rep}\n  - {id: lee, role: rep}\n"
         "accounts:\n  - id: GLOBEX\n    owners:\n      - from: 2026-01-01\n" +
         extra + "        team:\n          - " + first + "\n          - " + second + "\n";
}

std::string what_of_org(const std::string& yaml) {
  auto e = input_error_from([&] { (void)payplan::parse_org(yaml, "org.yaml"); });
  return e ? e->what() : "no error";
}

TEST(split_credit_errors_test, a_team_entry_reads_as_its_members_and_shares) {
  const payplan::Org org =
      payplan::parse_org(team_org("{owner: raj, share: 70%}", "{owner: lee, share: 0.3}"), "org.yaml");
  const auto* own = org.ownership_on(org.find_account("GLOBEX"), payplan::testing::day("2026-02-01"));
  ASSERT_NE(own, nullptr);
  ASSERT_EQ(own->value.team.size(), 2u);
  EXPECT_EQ(own->value.team[0].owner, org.find_person("raj"));
  EXPECT_EQ(to_percent_string(own->value.team[0].share), "70%");
  EXPECT_EQ(to_percent_string(own->value.team[1].share), "30%");
  EXPECT_FALSE(own->value.sole_owner().ok());
}

TEST(split_credit_errors_test, a_team_whose_shares_do_not_add_up_to_100_names_the_entry) {
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 70%}", "{owner: lee, share: 20%}")),
            "org.yaml:8:9: field 'owners': the team's shares add up to 90%, not 100%");
}

TEST(split_credit_errors_test, a_share_outside_0_to_100_names_the_member) {
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 100%}", "{owner: lee, share: 0%}")),
            "org.yaml:11:13: field 'team': share 0% of 'lee' is not in (0%, 100%]");
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 130%}", "{owner: lee, share: -30%}")),
            "org.yaml:10:13: field 'team': share 130% of 'raj' is not in (0%, 100%]");
}

TEST(split_credit_errors_test, an_owner_twice_in_a_team_names_the_second) {
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 50%}", "{owner: raj, share: 50%}")),
            "org.yaml:11:13: field 'team': 'raj' is in the team twice");
}

TEST(split_credit_errors_test, an_unknown_team_member_names_the_member) {
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 50%}", "{owner: nobody, share: 50%}")),
            "org.yaml:11:13: field 'team': unknown person 'nobody' in owner");
}

TEST(split_credit_errors_test, owner_and_team_together_or_neither_is_an_error) {
  EXPECT_EQ(what_of_org(team_org("{owner: raj, share: 50%}", "{owner: lee, share: 50%}", "        owner: raj\n")),
            "org.yaml:9:16: an owners entry has either 'owner' or 'team', not both");
  const std::string neither =
      "people:\n  - {id: raj, role: rep}\naccounts:\n  - id: A\n    owners:\n      - {from: 2026-01-01}\n";
  EXPECT_EQ(what_of_org(neither),
            "org.yaml:6:9: an owners entry needs 'owner' (one owner) or 'team' (a list of {owner, share})");
  EXPECT_EQ(what_of_org(team_org("{owner: raj}", "{owner: lee, share: 50%}")), "org.yaml:10:13: a team member needs 'share'");
}

// --- the credits file ---------------------------------------------------

const std::string org_yaml =
    "people:\n  - {id: maria, role: manager}\n  - {id: raj, role: rep}\n  - {id: lee, role: rep}\n"
    "accounts:\n  - {id: A, owners: [{owner: raj, from: 2019-01-01}]}\n";
const std::string orders_csv = orders("O1,2026-01-10,A,100,,,\nO2,2026-01-20,A,200,,,\n");

std::string what_of_credits(const std::string& csv) {
  const payplan::Plan plan =
      payplan::parse_plan(plan_with("  - {id: flat, type: commission, payees: {role: rep}, rate: 5%}\n"), "plan.yaml");
  const payplan::Org org = payplan::parse_org(org_yaml, "org.yaml");
  const payplan::Ledger ledger = payplan::parse_orders(orders_csv, "orders.csv", plan.currency);
  auto e = input_error_from([&] {
    const payplan::DealCredits credits = payplan::parse_credits(csv, "credits.csv");
    (void)payplan::evaluate(plan, org, ledger, credits);
  });
  return e ? e->what() : "no error";
}

TEST(split_credit_errors_test, a_good_credits_file_is_no_error) {
  EXPECT_EQ(what_of_credits("order_id,person,share,overlay\nO1,raj,60%,\nO1,lee,0.4,FALSE\nO1,maria,10%,true\n"),
            "no error");
}

TEST(split_credit_errors_test, a_byte_order_mark_is_not_part_of_the_header) {
  EXPECT_EQ(what_of_credits("\xEF\xBB\xBForder_id,person,share\nO1,raj,100%\n"), "no error");
}

TEST(split_credit_errors_test, an_unknown_order_or_person_names_the_row_and_field) {
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj,100%\nO9,raj,100%\n"),
            "credits.csv:3: row 2, field 'order_id': order 'O9' is not in the ledger");
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,nobody,100%\n"),
            "credits.csv:2: row 1, field 'person': unknown person 'nobody'");
}

TEST(split_credit_errors_test, a_duplicate_order_and_person_names_the_second_row) {
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj,50%\nO2,raj,100%\nO1,raj,50%\n"),
            "credits.csv:4: row 3, field 'person': 'raj' is credited with order 'O1' twice (first at row 1)");
}

TEST(split_credit_errors_test, a_bad_sum_names_the_orders_first_row) {
  // O2's rows are rows 2 and 4: 60% + 30% (the overlay does not count)
  EXPECT_EQ(what_of_credits("order_id,person,share,overlay\nO1,raj,100%,\nO2,raj,60%,\nO2,maria,50%,true\nO2,lee,30%,\n"),
            "credits.csv:3: row 2, field 'share': the shares of order 'O2' (its rows that are not overlay) add up to 90%, "
            "not 100%");
  EXPECT_EQ(what_of_credits("order_id,person,share,overlay\nO1,raj,100%,true\n"),
            "credits.csv:2: row 1, field 'share': the shares of order 'O1' (its rows that are not overlay) add up to 0%, "
            "not 100%");
}

TEST(split_credit_errors_test, the_earliest_bad_row_is_the_one_reported) {
  // row 1's order sums to 50% (reported at row 1) and row 2 names an unknown person
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj,50%\nO2,nobody,100%\n"),
            "credits.csv:2: row 1, field 'share': the shares of order 'O1' (its rows that are not overlay) add up to 50%, "
            "not 100%");
}

TEST(split_credit_errors_test, a_field_that_does_not_parse_names_the_row_and_field) {
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj,120%\n"),
            "credits.csv:2: row 1, field 'share': share 120% is not in (0%, 100%]");
  EXPECT_EQ(what_of_credits("order_id,person,share\n\nO1,raj,0%\n"),
            "credits.csv:3: row 1, field 'share': share 0% is not in (0%, 100%]");
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj,most\n"),
            "credits.csv:2: row 1, field 'share': 'most' is not a share (write it like a rate: 70% or 0.7)");
  EXPECT_EQ(what_of_credits("order_id,person,share,overlay\nO1,raj,100%,yes\n"),
            "credits.csv:2: row 1, field 'overlay': 'yes' is not true or false");
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,,100%\n"), "credits.csv:2: row 1, field 'person': person is empty");
  EXPECT_EQ(what_of_credits("order_id,person,share\nO1,raj\n"), "credits.csv:2: row 1: row has 2 fields, the header has 3");
}

TEST(split_credit_errors_test, a_header_without_a_required_column_names_it) {
  EXPECT_EQ(what_of_credits("order_id,person\nO1,raj\n"),
            "credits.csv:1: field 'share': required column is missing from the header (expected "
            "order_id,person,share[,overlay])");
  EXPECT_EQ(what_of_credits(""), "credits.csv:1: no header row (expected order_id,person,share[,overlay])");
}

}  // namespace
