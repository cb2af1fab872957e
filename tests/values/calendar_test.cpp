// Tests for payplan/calendar.hpp: strict ISO dates, spans with the
// end-of-month clamp, whole months elapsed, and pay periods (spec 1).

#include "payplan/values/calendar.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

namespace {

using payplan::Date;
using payplan::parse_date;
using payplan::parse_period;
using payplan::parse_span;
using payplan::Period;
using payplan::period_length;
using payplan::Span;
using payplan::span_unit;
using payplan::to_string;
using payplan::whole_months_between;

static_assert(std::is_trivially_copyable_v<Date>);
static_assert(std::is_trivially_copyable_v<Period>);

// A date the test needs to exist; a bad literal fails the test instead of crashing.
Date day(const char* text) {
  const auto d = parse_date(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Date());
}

std::string plus(const char* date, const char* span) {
  const auto s = parse_span(span);
  EXPECT_TRUE(s.has_value()) << span;
  return to_string(day(date) + s.value_or(Span{}));
}

// ---------------------------------------------------------------------------
// Dates

TEST(calendar_test, parse_date_accepts_strict_iso) {
  EXPECT_EQ(day("1970-01-01").days(), 0);        // the epoch
  EXPECT_EQ(day("2000-03-01").days(), 11'017);   // 30 years (7 leap days) = 10957, + 31 + 29 (2000 is leap)
  EXPECT_EQ(day("2026-01-31").days(), 20'484);   // 56 years with 14 leap days = 20454, + 30
  EXPECT_EQ(day("1969-12-31").days(), -1);
  EXPECT_EQ(to_string(day("2026-01-31")), "2026-01-31");
  EXPECT_EQ(to_string(day("0001-01-01")), "0001-01-01");
  EXPECT_EQ(to_string(day("9999-12-31")), "9999-12-31");
}

TEST(calendar_test, parse_date_leap_days) {
  EXPECT_TRUE(parse_date("2024-02-29").has_value());   // 2024 divisible by 4
  EXPECT_FALSE(parse_date("2025-02-29").has_value());  // 2025 is not
  EXPECT_TRUE(parse_date("2000-02-29").has_value());   // divisible by 400: leap
  EXPECT_FALSE(parse_date("1900-02-29").has_value());  // divisible by 100 only: not leap (proleptic Gregorian)
  EXPECT_EQ(day("2024-03-01").days() - day("2024-02-28").days(), 2);  // 02-29 lies between
  EXPECT_EQ(day("2025-03-01").days() - day("2025-02-28").days(), 1);
}

TEST(calendar_test, parse_date_rejects_anything_else) {
  for (const char* text : {"2026-2-01", "2026-02-1", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10",
                           "2026-01-00", "2026/01/01", "20260101", "26-01-01", "2026-01-01T00:00", "2026-01-01 ",
                           " 2026-01-01", "2026-1-1", "", "abcd-ef-gh", "2026-0a-01", "+2026-01-01", "2026.01.01",
                           "2026-01--1", "-026-01-01"}) {
    EXPECT_FALSE(parse_date(text).has_value()) << "'" << text << "'";
  }
}

TEST(calendar_test, dates_compare_in_time_order) {
  EXPECT_LT(day("2025-12-31"), day("2026-01-01"));
  EXPECT_LT(day("2026-01-31"), day("2026-02-01"));
  // equal dates are neither before nor after each other; a day apart differ by one
  EXPECT_FALSE(day("2026-01-31") < day("2026-01-31"));
  EXPECT_NE(day("2026-01-31"), day("2026-02-01"));
  EXPECT_EQ(day("2026-02-28").days() + 1, day("2026-03-01").days());  // 2026 is not a leap year
  EXPECT_EQ(day("2024-02-28").days() + 2, day("2024-03-01").days());  // 2024 is: 02-29 between
}

// ---------------------------------------------------------------------------
// Spans

TEST(calendar_test, parse_span_forms) {
  EXPECT_EQ(parse_span("6 months"), (Span{6, span_unit::months}));
  EXPECT_EQ(parse_span("1 year"), (Span{1, span_unit::years}));
  EXPECT_EQ(parse_span("2 years"), (Span{2, span_unit::years}));
  EXPECT_EQ(parse_span("30 days"), (Span{30, span_unit::days}));
  EXPECT_EQ(parse_span("1 day"), (Span{1, span_unit::days}));
  EXPECT_EQ(parse_span("1 month"), (Span{1, span_unit::months}));
  EXPECT_EQ(parse_span("0 days"), (Span{0, span_unit::days}));
  EXPECT_EQ(to_string(Span{6, span_unit::months}), "6 months");
  EXPECT_EQ(to_string(Span{30, span_unit::days}), "30 days");
  EXPECT_EQ(parse_span(to_string(Span{12, span_unit::years})), (Span{12, span_unit::years}));
}

TEST(calendar_test, parse_span_rejects) {
  for (const char* text : {"6months", "-1 days", "six months", "", "6", "6 ", " 6 months", "6 weeks", "6 Months",
                           "6 months ", "1.5 months", "+1 days", "6 monthss", "months", "99999999999 days"}) {
    EXPECT_FALSE(parse_span(text).has_value()) << "'" << text << "'";
  }
}

TEST(calendar_test, date_plus_days) {
  EXPECT_EQ(plus("2026-01-31", "30 days"), "2026-03-02");  // Jan 31 + 28 = Feb 28, + 2 = Mar 2
  EXPECT_EQ(plus("2024-02-28", "1 day"), "2024-02-29");
  EXPECT_EQ(plus("2025-12-31", "1 day"), "2026-01-01");
  EXPECT_EQ(plus("2026-01-01", "0 days"), "2026-01-01");
  EXPECT_EQ(plus("2024-01-01", "366 days"), "2025-01-01");  // 2024 has 366 days
}

TEST(calendar_test, date_plus_months_clamps_to_month_end) {
  // spec 1: if the day does not exist in the target month, use that month's last day
  EXPECT_EQ(plus("2026-01-31", "1 month"), "2026-02-28");
  EXPECT_EQ(plus("2024-01-31", "1 month"), "2024-02-29");  // leap February
  EXPECT_EQ(plus("2026-03-31", "6 months"), "2026-09-30");
  EXPECT_EQ(plus("2026-08-31", "6 months"), "2027-02-28");
  EXPECT_EQ(plus("2027-08-31", "6 months"), "2028-02-29");
  EXPECT_EQ(plus("2026-01-30", "1 month"), "2026-02-28");
  EXPECT_EQ(plus("2026-05-31", "1 month"), "2026-06-30");
  EXPECT_EQ(plus("2026-01-15", "1 month"), "2026-02-15");  // no clamp needed
  EXPECT_EQ(plus("2026-12-15", "1 month"), "2027-01-15");  // across the year end
  EXPECT_EQ(plus("2026-11-30", "3 months"), "2027-02-28");
  EXPECT_EQ(plus("2026-01-31", "0 months"), "2026-01-31");
  // the clamp does not carry: Jan 31 + 1 month + 1 month is Mar 28, Jan 31 + 2 months is Mar 31
  EXPECT_EQ(to_string(day("2026-01-31") + Span{1, span_unit::months} + Span{1, span_unit::months}), "2026-03-28");
  EXPECT_EQ(plus("2026-01-31", "2 months"), "2026-03-31");
}

TEST(calendar_test, date_plus_years_clamps_leap_day) {
  EXPECT_EQ(plus("2024-02-29", "1 year"), "2025-02-28");
  EXPECT_EQ(plus("2024-02-29", "4 years"), "2028-02-29");
  EXPECT_EQ(plus("2024-02-28", "1 year"), "2025-02-28");
  EXPECT_EQ(plus("2026-06-30", "2 years"), "2028-06-30");
}

TEST(calendar_test, add_months_backwards) {
  EXPECT_EQ(to_string(payplan::add_months(day("2026-03-31"), -1)), "2026-02-28");
  EXPECT_EQ(to_string(payplan::add_months(day("2026-01-15"), -1)), "2025-12-15");
  EXPECT_EQ(to_string(payplan::add_months(day("2024-03-31"), -1)), "2024-02-29");
}

// ---------------------------------------------------------------------------
// whole_months_between

TEST(calendar_test, whole_months_between_clamps_like_adding_months) {
  const Date from = day("2026-01-31");
  EXPECT_EQ(whole_months_between(from, day("2026-02-27")), 0);  // Jan 31 + 1 month = Feb 28: not yet
  EXPECT_EQ(whole_months_between(from, day("2026-02-28")), 1);  // one month has elapsed on Feb 28
  EXPECT_EQ(whole_months_between(from, day("2026-03-30")), 1);  // Jan 31 + 2 months = Mar 31: not yet
  EXPECT_EQ(whole_months_between(from, day("2026-03-31")), 2);
  EXPECT_EQ(whole_months_between(from, day("2026-04-29")), 2);  // + 3 months = Apr 30
  EXPECT_EQ(whole_months_between(from, day("2026-04-30")), 3);
  EXPECT_EQ(whole_months_between(from, day("2027-01-31")), 12);
  EXPECT_EQ(whole_months_between(from, day("2027-01-30")), 11);
}

TEST(calendar_test, whole_months_between_plain_cases) {
  EXPECT_EQ(whole_months_between(day("2026-01-15"), day("2026-01-15")), 0);  // same day
  EXPECT_EQ(whole_months_between(day("2026-01-15"), day("2026-02-14")), 0);
  EXPECT_EQ(whole_months_between(day("2026-01-15"), day("2026-02-15")), 1);
  EXPECT_EQ(whole_months_between(day("2025-06-30"), day("2026-06-30")), 12);
  EXPECT_EQ(whole_months_between(day("2025-06-30"), day("2026-06-29")), 11);
  EXPECT_EQ(whole_months_between(day("2025-11-20"), day("2026-02-19")), 2);  // across the year end
  EXPECT_EQ(whole_months_between(day("2024-02-29"), day("2025-02-28")), 12);  // + 1 year clamps to Feb 28
  EXPECT_EQ(whole_months_between(day("2024-02-29"), day("2024-03-28")), 0);
  EXPECT_EQ(whole_months_between(day("2024-02-29"), day("2024-03-29")), 1);
  // to before from counts as no months
  EXPECT_EQ(whole_months_between(day("2026-03-15"), day("2026-03-10")), 0);
  EXPECT_EQ(whole_months_between(day("2026-03-15"), day("2025-01-10")), 0);
}

TEST(calendar_test, whole_months_between_agrees_with_adding_months) {
  // For every start day in 2024..2025 and a range of ends: n months have elapsed
  // exactly when from + n months <= to < from + (n + 1) months.
  for (Date from = day("2024-01-01"); from <= day("2025-12-31"); from = Date::from_days(from.days() + 1)) {
    for (int offset : {0, 1, 27, 28, 29, 30, 31, 59, 60, 61, 89, 90, 91, 364, 365, 366}) {
      const Date to = Date::from_days(from.days() + offset);
      const int n = whole_months_between(from, to);
      ASSERT_LE(payplan::add_months(from, n), to) << to_string(from) << " -> " << to_string(to);
      ASSERT_GT(payplan::add_months(from, n + 1), to) << to_string(from) << " -> " << to_string(to);
    }
  }
}

// ---------------------------------------------------------------------------
// Periods

Period period(const char* label) {
  const auto p = parse_period(label);
  EXPECT_TRUE(p.has_value()) << label;
  return p.value_or(Period());
}

TEST(calendar_test, period_containing_and_labels) {
  const Date d = day("2026-02-15");
  EXPECT_EQ(to_string(Period::containing(d, period_length::month)), "2026-02");
  EXPECT_EQ(to_string(Period::containing(d, period_length::quarter)), "2026-Q1");
  EXPECT_EQ(to_string(Period::containing(d, period_length::year)), "2026");
  EXPECT_EQ(to_string(Period::containing(day("2026-03-31"), period_length::quarter)), "2026-Q1");
  EXPECT_EQ(to_string(Period::containing(day("2026-04-01"), period_length::quarter)), "2026-Q2");
  EXPECT_EQ(to_string(Period::containing(day("2026-09-30"), period_length::quarter)), "2026-Q3");
  EXPECT_EQ(to_string(Period::containing(day("2026-12-31"), period_length::quarter)), "2026-Q4");
  EXPECT_EQ(to_string(Period::containing(day("2026-01-01"), period_length::month)), "2026-01");
  EXPECT_EQ(to_string(Period::containing(day("2026-12-31"), period_length::year)), "2026");
  EXPECT_EQ(Period::containing(d, period_length::quarter).length(), period_length::quarter);
}

TEST(calendar_test, period_first_and_last_day) {
  EXPECT_EQ(to_string(period("2024-Q1").first_day()), "2024-01-01");
  EXPECT_EQ(to_string(period("2024-Q1").last_day()), "2024-03-31");
  EXPECT_EQ(to_string(period("2024-02").first_day()), "2024-02-01");
  EXPECT_EQ(to_string(period("2024-02").last_day()), "2024-02-29");  // leap February
  EXPECT_EQ(to_string(period("2025-02").last_day()), "2025-02-28");
  EXPECT_EQ(to_string(period("2026-Q2").first_day()), "2026-04-01");
  EXPECT_EQ(to_string(period("2026-Q2").last_day()), "2026-06-30");
  EXPECT_EQ(to_string(period("2026-Q4").last_day()), "2026-12-31");
  EXPECT_EQ(to_string(period("2026").first_day()), "2026-01-01");
  EXPECT_EQ(to_string(period("2026").last_day()), "2026-12-31");
  EXPECT_EQ(to_string(period("2026-04").last_day()), "2026-04-30");
  EXPECT_EQ(to_string(period("2026-12").last_day()), "2026-12-31");
}

TEST(calendar_test, period_next_and_previous_cross_years) {
  EXPECT_EQ(to_string(period("2026-Q4").next()), "2027-Q1");
  EXPECT_EQ(to_string(period("2027-Q1").previous()), "2026-Q4");
  EXPECT_EQ(to_string(period("2026-12").next()), "2027-01");
  EXPECT_EQ(to_string(period("2026-01").previous()), "2025-12");
  EXPECT_EQ(to_string(period("2026").next()), "2027");
  EXPECT_EQ(to_string(period("2026").previous()), "2025");
  EXPECT_EQ(to_string(period("2026-Q2").next()), "2026-Q3");
  EXPECT_EQ(period("2026-Q4").next().previous(), period("2026-Q4"));
  EXPECT_EQ(period("2026-03").next().ordinal(), period("2026-03").ordinal() + 1);  // consecutive ordinals
  EXPECT_LT(period("2026-Q1"), period("2026-Q2"));
  EXPECT_LT(period("2025-12"), period("2026-01"));
}

TEST(calendar_test, parse_period_says_its_length) {
  EXPECT_EQ(period("2026-01").length(), period_length::month);
  EXPECT_EQ(period("2026-Q1").length(), period_length::quarter);
  EXPECT_EQ(period("2026").length(), period_length::year);
  EXPECT_EQ(period("2026-Q3"), Period::containing(day("2026-08-15"), period_length::quarter));
  EXPECT_EQ(period("2026-08"), Period::containing(day("2026-08-15"), period_length::month));
  EXPECT_EQ(period("2026"), Period::containing(day("2026-08-15"), period_length::year));
}

TEST(calendar_test, parse_period_round_trips) {
  for (const char* label : {"2026-01", "2026-12", "2026-Q1", "2026-Q4", "2026", "1999-Q3", "2000-02", "0001"}) {
    EXPECT_EQ(to_string(period(label)), label);
  }
}

TEST(calendar_test, parse_period_rejects) {
  for (const char* label : {"2026-Q5", "2026-Q0", "2026-13", "2026-00", "26-Q1", "2026-1", "2026Q1", "2026-q1", "",
                            "202", "20261", "2026-", "2026-Q", "2026-Q12", "2026-001", "2026/01", " 2026", "2026 ",
                            "Q1-2026", "2026-H1"}) {
    EXPECT_FALSE(parse_period(label).has_value()) << "'" << label << "'";
  }
}

TEST(calendar_test, periods_tile_the_calendar) {
  // Every day of 2023..2026 lies in its period, labels agree with the date's text,
  // each label parses back to the same period, and periods follow one another without gaps.
  for (Date d = day("2023-01-01"); d <= day("2026-12-31"); d = Date::from_days(d.days() + 1)) {
    const std::string text = to_string(d);  // "YYYY-MM-DD"
    const int month = std::stoi(text.substr(5, 2));
    const std::string quarter_label = text.substr(0, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
    for (auto len : {period_length::month, period_length::quarter, period_length::year}) {
      const Period p = Period::containing(d, len);
      ASSERT_LE(p.first_day(), d) << text;
      ASSERT_GE(p.last_day(), d) << text;
      ASSERT_EQ(p.next().first_day().days(), p.last_day().days() + 1) << text;
      ASSERT_EQ(parse_period(to_string(p)), p) << text;
      const std::string want = len == period_length::month     ? text.substr(0, 7)
                               : len == period_length::quarter ? quarter_label
                                                               : text.substr(0, 4);
      ASSERT_EQ(to_string(p), want) << text;
    }
  }
}

TEST(calendar_test, parse_period_length) {
  EXPECT_EQ(payplan::parse_period_length("month"), period_length::month);
  EXPECT_EQ(payplan::parse_period_length("quarter"), period_length::quarter);
  EXPECT_EQ(payplan::parse_period_length("year"), period_length::year);
  EXPECT_FALSE(payplan::parse_period_length("Month").has_value());
  EXPECT_FALSE(payplan::parse_period_length("week").has_value());
  EXPECT_FALSE(payplan::parse_period_length("").has_value());
}

}  // namespace
