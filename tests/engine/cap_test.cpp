// The cap (spec 4.1) as a stage of its own: a running total of rounded lines
// per (payee, period), the room left, negatives, and the clawback of a cut
// line. Hand-worked, no plan needed.

#include "payplan/engine/detail/cap.hpp"

#include <gtest/gtest.h>

namespace {

using payplan::Fraction;
using payplan::Money;
using payplan::detail::Cap;
using payplan::detail::claw_back_of_cut_line;

Money m(const char* text) { return payplan::parse_money(text).value; }
std::string s(Money x) { return payplan::to_string(x, 2, 2); }

TEST(cap_test, a_line_pays_at_most_the_room_left) {
  Cap cap(m("1000"), 2);
  EXPECT_EQ(s(cap.pay(0, 5, m("600"))), "600.00");  // room 1000 - 0
  EXPECT_EQ(s(cap.pay(0, 5, m("600"))), "400.00");  // room 1000 - 600 = 400: 200 cut
  EXPECT_EQ(s(cap.paid(0, 5)), "1000.00");
  EXPECT_EQ(s(cap.pay(0, 5, m("50"))), "0.00");     // no room left
  EXPECT_EQ(s(cap.paid(1, 5)), "0.00");             // another payee has a total of its own
  EXPECT_EQ(s(cap.pay(1, 5, m("999.99"))), "999.99");
}

TEST(cap_test, a_line_landing_exactly_on_the_cap_is_paid_in_full) {
  Cap cap(m("1000"), 1);
  EXPECT_EQ(s(cap.pay(0, 5, m("700.25"))), "700.25");
  EXPECT_EQ(s(cap.pay(0, 5, m("299.75"))), "299.75");  // 700.25 + 299.75 = 1000.00 exactly: nothing cut
  EXPECT_EQ(s(cap.paid(0, 5)), "1000.00");
  EXPECT_EQ(s(cap.pay(0, 5, m("0.01"))), "0.00");
}

TEST(cap_test, negative_lines_lower_the_total_and_open_room) {
  Cap cap(m("1000"), 1);
  EXPECT_EQ(s(cap.pay(0, 5, m("1200"))), "1000.00");  // 200 cut
  EXPECT_EQ(s(cap.pay(0, 5, m("-300"))), "-300.00");  // a clawback is never capped: total 700
  EXPECT_EQ(s(cap.pay(0, 5, m("500"))), "300.00");    // the room it opened, 1000 - 700
  // below zero: a negative beyond what was paid is still paid in full
  Cap low(m("100"), 1);
  EXPECT_EQ(s(low.pay(0, 5, m("-40"))), "-40.00");     // total -40
  EXPECT_EQ(s(low.pay(0, 5, m("130"))), "130.00");     // room 100 - (-40) = 140
  EXPECT_EQ(s(low.paid(0, 5)), "90.00");
}

TEST(cap_test, each_period_starts_from_zero) {
  Cap cap(m("1000"), 1);
  EXPECT_EQ(s(cap.pay(0, 5, m("1000"))), "1000.00");
  EXPECT_EQ(s(cap.pay(0, 6, m("800"))), "800.00");  // the next period: room 1000 again
  EXPECT_EQ(s(cap.paid(0, 6)), "800.00");
  EXPECT_EQ(s(cap.paid(0, 5)), "0.00");  // a payee's past period is not kept: periods come in order
}

TEST(cap_test, a_clawback_of_a_cut_line_reverses_what_it_paid_never_more) {
  const auto even = payplan::rounding::half_even;
  // a line of 1200 cut to 1000; 1/4 of its order returned: -1000 x 1/4 = -250
  EXPECT_EQ(s(claw_back_of_cut_line(m("1000"), Money{}, Fraction{1, 4}, 2, even)), "-250.00");
  // portions that add up to more than the order (over-refunded): 3/4 then 1/2.
  // The first reverses 750; the second would reverse 500 but only 1000 - 750 = 250 is left.
  EXPECT_EQ(s(claw_back_of_cut_line(m("1000"), m("750"), Fraction{1, 2}, 2, even)), "-250.00");
  // all reversed already: nothing more
  EXPECT_EQ(s(claw_back_of_cut_line(m("1000"), m("1000"), Fraction{1, 3}, 2, even)), "0.00");
  // rounded once: 100.01 x 1/3 = 33.3366..., half_even to 33.34
  EXPECT_EQ(s(claw_back_of_cut_line(m("100.01"), Money{}, Fraction{1, 3}, 2, even)), "-33.34");
}

}  // namespace
