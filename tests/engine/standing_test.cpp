// payplan/engine/standing.hpp: where a payee stands in a tiered commission
// at a period's end (recorded by explain), and how a transfer's terms stand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine_fixture.hpp"
#include "payplan/engine/standing.hpp"

namespace payplan {
namespace {

using testing::Evaluated;
using testing::orders;

Period period(const char* label) { return *parse_period(label); }
Money money(const char* text) { return parse_money(text).value; }

// Retroactive tiers on sales (no quota): up to 10,000 at 2%, to 20,000 at 3%, above at 5%.
const std::string sales_tiers = testing::plan_with(R"(  - id: tiered
    type: commission
    payees: {role: rep}
    tiers:
      basis: sales
      method: retroactive
      table:
        - {upto: 10000, rate: 2%}
        - {upto: 20000, rate: 3%}
        - {rate: 5%}
)");

TierStanding standing_of(const ExplainRecord& r, const std::string& payee, const char* p) {
  for (const TierStanding& t : r.tiers)
    if (t.payee == payee && t.period == period(p)) return t;
  ADD_FAILURE() << "no standing of " << payee << " in " << p;
  return {};
}

TEST(standing_test, retroactive_sales_tiers_at_the_periods_end) {
  // raj, 2026-Q1: 8,000 + 4,000 = 12,000, in (10,000, 20,000]: tier 2 of 3 at 3%; the next,
  // 5%, from 20,000: 8,000 to go. lee, 2026-Q1: exactly 10,000, in (0, 10,000]: tier 1 at 2%,
  // the next starting where he is: 0 to go. No quota on sales tiers: no attainment.
  const Evaluated e(sales_tiers, testing::small_org, orders(R"(O-1,2026-01-10,R1,8000,raj,,
O-2,2026-02-10,R1,4000,raj,,
O-3,2026-03-10,L1,10000,lee,,
O-4,2026-04-10,R1,30000,raj,,
)"));
  const ExplainRecord r = explain_payees(e.plan, e.org, e.ledger, {"raj", "lee"});
  const TierStanding raj = standing_of(r, "raj", "2026-Q1");
  EXPECT_EQ(raj.component, "tiered");
  EXPECT_EQ(raj.basis, tier_basis::sales);
  EXPECT_EQ(raj.method, tier_method::retroactive);
  EXPECT_EQ(raj.credited, money("12000"));
  EXPECT_FALSE(raj.quota);
  EXPECT_FALSE(raj.attainment);
  EXPECT_EQ(raj.tier, 1u);
  EXPECT_EQ(raj.tier_count, 3u);
  EXPECT_EQ(to_percent_string(raj.rate), "3%");
  EXPECT_EQ(*raj.next_from, money("20000"));
  EXPECT_FALSE(raj.next_from_percent);
  EXPECT_EQ(*raj.to_next(), money("8000"));
  const TierStanding lee = standing_of(r, "lee", "2026-Q1");
  EXPECT_EQ(lee.tier, 0u);
  EXPECT_EQ(*lee.to_next(), Money{});
  // raj, 2026-Q2: 30,000, above 20,000: the top tier, nothing next
  const TierStanding q2 = standing_of(r, "raj", "2026-Q2");
  EXPECT_EQ(q2.tier, 2u);
  EXPECT_EQ(to_percent_string(q2.rate), "5%");
  EXPECT_FALSE(q2.next_from);
  EXPECT_FALSE(q2.to_next());
  // each line's record names its payee: raj's 3 lines and lee's 1
  std::size_t of_raj = 0, of_lee = 0;
  for (const LineTrace& t : r.lines) (t.payee == "raj" ? of_raj : of_lee) += 1;
  EXPECT_EQ(of_raj, 3u);
  EXPECT_EQ(of_lee, 1u);
  // a by-period explain of one payee records that period's standing only
  const ExplainRecord one = explain_record(e.plan, e.org, e.ledger, TraceRequest{"raj", {}, period("2026-Q2"), {}});
  ASSERT_EQ(one.tiers.size(), 1u);
  EXPECT_EQ(one.tiers[0].period, period("2026-Q2"));
  // and an order's explain none
  EXPECT_TRUE(explain_record(e.plan, e.org, e.ledger, TraceRequest{"raj", "O-1", std::nullopt, {}}).tiers.empty());
}

TEST(standing_test, attainment_without_a_quota_says_so) {
  // lee has no 2026-Q2 quota (small_org has 2026-Q1 quotas only): the table pays 0 (spec 4.1)
  const Evaluated e(testing::plan_with(R"(  - id: accelerator
    type: commission
    payees: {role: rep}
    tiers:
      basis: attainment
      method: marginal
      table:
        - {upto: 100%, rate: 2%}
        - {rate: 4%}
)"), testing::small_org, orders("O-1,2026-01-10,L1,40000,lee,,\nO-2,2026-04-10,L1,5000,lee,,\n"));
  const ExplainRecord r = explain_payees(e.plan, e.org, e.ledger, {"lee"});
  // Q1: 40,000 of lee's 80,000 quota = 50%: tier 1 of 2, 40,000 to the 4% tier
  const TierStanding q1 = standing_of(r, "lee", "2026-Q1");
  EXPECT_EQ(to_percent_string(*q1.attainment), "50%");
  EXPECT_EQ(*q1.to_next(), money("40000"));
  EXPECT_EQ(to_percent_string(*q1.next_from_percent), "100%");
  const TierStanding q2 = standing_of(r, "lee", "2026-Q2");
  EXPECT_FALSE(q2.quota);
  EXPECT_FALSE(q2.attainment);
  EXPECT_FALSE(q2.next_from);
}

// spec 4.2 and 3.1: K1 goes to the team lee 60% / kim 40% on 2026-02-15 under terms, and back to raj on
// 2026-05-01. Its orders: 10,000 on 02-01 (before the transfer), 20,000 on 03-01, 5,000 on 04-10, 7,000 on
// 05-10 (after the team's entry ended).
TEST(standing_test, a_teams_transfer_stands_the_same_for_each_member_until_the_next_entry) {
  const std::string plan = R"(plan: handover
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
transfer_terms:
  handover: {threshold: 30000}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: 5%}
)";
  const std::string org = R"(people:
  - {id: raj, role: rep}
  - {id: lee, role: rep}
  - {id: kim, role: rep}
accounts:
  - id: K1
    owners:
      - {owner: raj, from: 2019-01-01}
      - from: 2026-02-15
        terms: handover
        team: [{owner: lee, share: 60%}, {owner: kim, share: 40%}]
      - {owner: raj, from: 2026-05-01}
)";
  const Evaluated e(plan, org, orders(R"(K-1,2026-02-01,K1,10000,raj,,
K-2,2026-03-01,K1,20000,lee,,
K-3,2026-04-10,K1,5000,kim,,
K-4,2026-05-10,K1,7000,raj,,
)"));
  const TransferStandings index(e.plan.transfer_terms, e.org, e.ledger);
  for (const char* member : {"lee", "kim"}) {
    SCOPED_TRACE(member);
    // Q1, on 03-31: s = K-2's 20,000; 30,000 - 20,000 = 10,000 to the threshold
    const auto q1 = index.of(member, period("2026-Q1"));
    ASSERT_EQ(q1.size(), 1u);
    EXPECT_EQ(to_string(q1[0].as_of), "2026-03-31");
    EXPECT_EQ(q1[0].sales_since, money("20000"));
    EXPECT_EQ(*q1[0].to_threshold(), money("10000"));
    // Q2: the entry ends on 04-30, the day before raj's: s = 20,000 + 5,000 = 25,000 (not K-4's 7,000)
    const auto q2 = index.of(member, period("2026-Q2"));
    ASSERT_EQ(q2.size(), 1u);
    EXPECT_EQ(to_string(q2[0].as_of), "2026-04-30");
    EXPECT_EQ(q2[0].sales_since, money("25000"));
    EXPECT_EQ(*q2[0].to_threshold(), money("5000"));
    // Q3: no longer theirs
    EXPECT_TRUE(index.of(member, period("2026-Q3")).empty());
  }
  // raj's entries carry no terms; an unknown person has none
  EXPECT_TRUE(index.of("raj", period("2026-Q2")).empty());
  EXPECT_TRUE(index.of("nobody", period("2026-Q2")).empty());
  // the one-look-up form gives the same
  EXPECT_EQ(transfer_standings(e.plan.transfer_terms, e.org, e.ledger, "kim", period("2026-Q2"))[0].sales_since,
            money("25000"));
}

}  // namespace
}  // namespace payplan
