// The credit table (spec 3) and its transfer-term columns (spec 4.2), built
// without a plan's components: rows, shares, the owners entry each came
// from, and the factors of a handover under terms.

#include "payplan/engine/crediting.hpp"

#include <gtest/gtest.h>

#include "engine_fixture.hpp"
#include "payplan/engine/detail/eligibility.hpp"
#include "payplan/io/load.hpp"

namespace {

using payplan::Fraction;
using payplan::OrderIndex;

// ACME passes from maria to raj on 2026-01-01 under terms `handover`; LATE
// has its first owner only from 2026-03-01; GHOST is not in the org.
const std::string handover_org =
    "people:\n  - {id: maria, role: manager}\n  - {id: raj, role: rep, reports_to: maria}\n"
    "accounts:\n"
    "  - id: ACME\n    owners:\n"
    "      - {owner: maria, from: 2019-01-01}\n"
    "      - {owner: raj, from: 2026-01-01, terms: handover}\n"
    "  - {id: LATE, owners: [{owner: maria, from: 2026-03-01}]}\n";

const std::string handover_plan =
    "plan: handover\nperiod: quarter\neffective: {from: 2025-01-01, to: 2026-12-31}\ncomponents:\n"
    "  - {id: base, type: commission, payees: [maria, raj], rate: 10%}\n"
    "transfer_terms:\n  handover: {threshold: 50000}\n";

struct Handover {
  payplan::Plan plan = payplan::parse_plan(handover_plan, "plan.yaml");
  payplan::Org org = payplan::parse_org(handover_org, "org.yaml");
  payplan::Ledger ledger = payplan::parse_orders(payplan::testing::orders(  // sorted by date: the indices below
                                                      "A0,2025-12-31,ACME,10000,,,\n"   // 0
                                                      "A1,2026-01-10,ACME,30000,,,\n"   // 1
                                                      "G1,2026-01-15,GHOST,500,,,\n"    // 2
                                                      "A2,2026-01-20,ACME,30000,,,\n"   // 3
                                                      "L1,2026-02-01,LATE,700,,,\n"     // 4
                                                      "L2,2026-03-01,LATE,800,,,\n"),   // 5
                                                  "orders.csv", plan.currency);
  payplan::Crediting crediting{org, ledger};
};

TEST(crediting_test, one_row_per_credited_order_with_its_owners_entry_and_share) {
  const Handover h;
  const payplan::Credits& c = h.crediting.credits;
  ASSERT_EQ(c.size(), 4u);  // A0, A1, A2, L2; G1 and L1 have nobody to credit
  EXPECT_EQ(c.order, (std::vector<OrderIndex>{OrderIndex(0), OrderIndex(1), OrderIndex(3), OrderIndex(5)}));
  const auto maria = h.org.find_person("maria"), raj = h.org.find_person("raj");
  EXPECT_EQ(c.receiver, (std::vector<payplan::PersonId>{maria, raj, raj, maria}));
  // A0 is before the handover: maria's entry from 2019, no terms
  EXPECT_EQ(payplan::to_string(c.ownership[0]->from), "2019-01-01");
  EXPECT_EQ(c.terms(0), "");
  // A1 and A2: raj's entry from 2026-01-01, under `handover`
  EXPECT_EQ(c.ownership[1], c.ownership[2]);
  EXPECT_EQ(payplan::to_string(c.ownership[1]->from), "2026-01-01");
  EXPECT_EQ(c.terms(1), "handover");
  EXPECT_EQ(payplan::to_string(c.ownership[3]->from), "2026-03-01");  // L2: LATE's first entry
  // every row a sole owner's: share 1, and no share column is kept
  EXPECT_TRUE(c.shares.empty());
  for (std::size_t k = 0; k < c.size(); ++k) EXPECT_EQ(c.share(k), payplan::Rate::one()) << k;
}

TEST(crediting_test, an_order_without_an_owner_is_uncredited) {
  const Handover h;
  // G1: GHOST is not in the org; L1: LATE has no owner before 2026-03-01
  EXPECT_EQ(h.crediting.credits.uncredited, (std::vector<OrderIndex>{OrderIndex(2), OrderIndex(4)}));
  EXPECT_FALSE(h.crediting.account_of[h.ledger.accounts()[2]].ok());
  EXPECT_TRUE(h.crediting.account_of[h.ledger.accounts()[4]].ok());
}

TEST(crediting_test, transfer_terms_fill_the_factor_columns_of_the_rows_under_terms) {
  const Handover h;
  payplan::Result result;
  const auto terms = payplan::detail::apply_transfer_terms(h.plan.transfer_terms, h.org, h.ledger,
                                                           h.crediting.credits, result, 2);
  ASSERT_EQ(terms.factors.size(), 4u);
  // A0 and L2: credited without terms, factors 1 (index 0, no note)
  EXPECT_EQ(terms.factors_of(0), 0u);
  EXPECT_EQ(terms.note_of(0), 0u);
  EXPECT_EQ(terms.factors_of(3), 0u);
  // A1: s runs 0 -> 30000 since the transfer, all below the threshold 50000: eligible 0
  const auto& a1 = result.factors[terms.factors_of(1)];
  EXPECT_TRUE(a1.eligible.is_zero());
  EXPECT_TRUE(a1.share.is_one());
  EXPECT_EQ(result.notes[terms.note_of(1)], "threshold 50000.00: 0.00 of 30000.00 eligible");
  // A2: [30000, 60000) has 10000 above 50000: eligible 10000 / 30000 = 1/3
  const auto& a2 = result.factors[terms.factors_of(2)];
  EXPECT_EQ(a2.eligible, (Fraction{1, 3}));
  EXPECT_TRUE(a2.share.is_one());
  EXPECT_EQ(result.notes[terms.note_of(2)], "threshold 50000.00: 10000.00 of 30000.00 eligible");
  // G1 (uncredited) is no row and moves nobody's s: two factors and two notes added
  EXPECT_EQ(result.factors.size(), 3u);
  EXPECT_EQ(result.notes.size(), 3u);
}

TEST(crediting_test, a_plan_without_transfer_terms_keeps_no_factor_columns) {
  const Handover h;
  payplan::Result result;
  const auto terms = payplan::detail::apply_transfer_terms({}, h.org, h.ledger, h.crediting.credits, result, 2);
  EXPECT_TRUE(terms.factors.empty());
  EXPECT_EQ(terms.factors_of(1), 0u);  // every row: factors 1
  EXPECT_EQ(result.factors.size(), 1u);
}

}  // namespace
