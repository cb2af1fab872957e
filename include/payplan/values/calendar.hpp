#pragma once
// Dates, spans and pay periods (spec 1), on Howard Hinnant's date.
//
//   class Date;                                   // a proleptic Gregorian day
//   std::optional<Date> parse_date("2026-01-31");
//   struct Span { int count; span_unit unit; };   // "6 months"
//   Date operator+(Date, Span);                   // end-of-month clamp
//   int whole_months_between(Date from, Date to); // months elapsed, clamped
//   enum class period_length { month, quarter, year };
//   class Period;                                 // "2026-01", "2026-Q1", "2026"

#include <date/date.h>

#include <compare>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace payplan {

class Date {
 public:
  constexpr Date() noexcept = default;
  constexpr explicit Date(date::sys_days d) noexcept : days_(static_cast<std::int32_t>(d.time_since_epoch().count())) {}
  constexpr explicit Date(date::year_month_day ymd) noexcept : Date(date::sys_days(ymd)) {}

  [[nodiscard]] static constexpr Date from_days(std::int32_t days_since_epoch) noexcept {
    Date d;
    d.days_ = days_since_epoch;
    return d;
  }
  [[nodiscard]] constexpr std::int32_t days() const noexcept { return days_; }  ///< since 1970-01-01
  [[nodiscard]] constexpr date::sys_days sys_days() const noexcept { return date::sys_days(date::days(days_)); }
  [[nodiscard]] constexpr date::year_month_day ymd() const noexcept { return date::year_month_day(sys_days()); }

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  std::int32_t days_ = 0;
};

/// Strict ISO "YYYY-MM-DD" (spec 1); nullopt for anything else or a day
/// that does not exist.
[[nodiscard]] inline std::optional<Date> parse_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(ymd);
}

[[nodiscard]] inline std::string to_string(Date d) {
  auto ymd = d.ymd();
  char buf[32] = {};
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

enum class span_unit : std::uint8_t { days, months, years };

/// "N days", "N months" or "N years" (spec 1).
struct Span {
  int count = 0;
  span_unit unit = span_unit::days;
  friend bool operator==(const Span&, const Span&) = default;
};

[[nodiscard]] inline std::optional<Span> parse_span(std::string_view s) noexcept {
  std::size_t i = 0;
  long n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 100000) n = n * 10 + (s[i++] - '0');
  if (i == 0 || i >= s.size() || s[i] != ' ' || n >= 100000) return std::nullopt;
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view unit = s.substr(i);
  Span sp{static_cast<int>(n), span_unit::days};
  if (unit == "days" || unit == "day") sp.unit = span_unit::days;
  else if (unit == "months" || unit == "month") sp.unit = span_unit::months;
  else if (unit == "years" || unit == "year") sp.unit = span_unit::years;
  else return std::nullopt;
  // at most a thousand years, so adding a span to a date can never wrap (spec 1)
  const long limit = sp.unit == span_unit::days ? 365'250 : sp.unit == span_unit::months ? 12'000 : 1'000;
  if (n > limit) return std::nullopt;
  return sp;
}

[[nodiscard]] inline std::string to_string(Span s) {
  const char* unit = s.unit == span_unit::days ? " days" : s.unit == span_unit::months ? " months" : " years";
  return std::to_string(s.count) + unit;
}

/// Adds whole months, clamping to the target month's last day
/// (spec 1: 2026-01-31 + 1 month = 2026-02-28).
[[nodiscard]] inline Date add_months(Date d, int months) noexcept {
  auto ymd = d.ymd();
  auto ym = date::year_month(ymd.year(), ymd.month()) + date::months(months);
  auto last = date::year_month_day_last(ym.year(), date::month_day_last(ym.month())).day();
  return Date(date::year_month_day(ym.year(), ym.month(), ymd.day() > last ? last : ymd.day()));
}

[[nodiscard]] inline Date operator+(Date d, Span s) noexcept {
  switch (s.unit) {
    case span_unit::days: return Date::from_days(d.days() + s.count);
    case span_unit::months: return add_months(d, s.count);
    case span_unit::years: return add_months(d, 12 * s.count);
  }
  return d;
}

/// Whole months elapsed from `from` to `to` (to >= from): a month elapses on
/// the same day-of-month, clamped as in spec 1 (from 01-31, a month has
/// elapsed on 02-28).
[[nodiscard]] inline int whole_months_between(Date from, Date to) noexcept {
  auto a = from.ymd(), b = to.ymd();
  int n = (static_cast<int>(b.year()) - static_cast<int>(a.year())) * 12 +
          (static_cast<int>(static_cast<unsigned>(b.month())) - static_cast<int>(static_cast<unsigned>(a.month())));
  if (n > 0 && add_months(from, n) > to) --n;
  return n < 0 ? 0 : n;
}

/// spec 1: pay periods are months, quarters or years.
enum class period_length : std::uint8_t { month = 1, quarter = 3, year = 12 };

[[nodiscard]] inline std::optional<period_length> parse_period_length(std::string_view s) noexcept {
  if (s == "month") return period_length::month;
  if (s == "quarter") return period_length::quarter;
  if (s == "year") return period_length::year;
  return std::nullopt;
}

/// The plan's word for a period length: "month", "quarter", "year".
[[nodiscard]] constexpr std::string_view to_string(period_length len) noexcept {
  return len == period_length::month ? "month" : len == period_length::quarter ? "quarter" : "year";
}

/// One pay period: a length and its ordinal (months since year 0 divided by
/// the length), so consecutive periods have consecutive ordinals.
class Period {
 public:
  constexpr Period() noexcept = default;
  constexpr Period(period_length len, std::int32_t ordinal) noexcept : length_(len), ordinal_(ordinal) {}

  [[nodiscard]] static Period containing(Date d, period_length len) noexcept {
    auto ymd = d.ymd();
    std::int32_t month_index = static_cast<int>(ymd.year()) * 12 + static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
    return Period(len, floor_div(month_index, static_cast<std::int32_t>(len)));
  }

  [[nodiscard]] constexpr period_length length() const noexcept { return length_; }
  [[nodiscard]] constexpr std::int32_t ordinal() const noexcept { return ordinal_; }
  [[nodiscard]] constexpr Period next() const noexcept { return Period(length_, ordinal_ + 1); }
  [[nodiscard]] constexpr Period previous() const noexcept { return Period(length_, ordinal_ - 1); }

  [[nodiscard]] Date first_day() const noexcept {
    std::int32_t m = ordinal_ * static_cast<std::int32_t>(length_);
    return Date(date::year_month_day(date::year{floor_div(m, 12)}, date::month{static_cast<unsigned>(m - floor_div(m, 12) * 12 + 1)}, date::day{1}));
  }
  [[nodiscard]] Date last_day() const noexcept { return Date::from_days(next().first_day().days() - 1); }

  friend constexpr auto operator<=>(Period, Period) = default;

 private:
  static constexpr std::int32_t floor_div(std::int32_t a, std::int32_t b) noexcept {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
  }
  period_length length_ = period_length::quarter;
  std::int32_t ordinal_ = 0;
};

/// "2026-01", "2026-Q1" or "2026" (spec 1).
[[nodiscard]] inline std::string to_string(Period p) {
  auto ymd = p.first_day().ymd();
  int y = static_cast<int>(ymd.year());
  char buf[32] = {};
  switch (p.length()) {
    case period_length::month: std::snprintf(buf, sizeof buf, "%04d-%02u", y, static_cast<unsigned>(ymd.month())); break;
    case period_length::quarter: std::snprintf(buf, sizeof buf, "%04d-Q%u", y, (static_cast<unsigned>(ymd.month()) - 1) / 3 + 1); break;
    case period_length::year: std::snprintf(buf, sizeof buf, "%04d", y); break;
  }
  return buf;
}

/// Parses a period label; its form says its length.
[[nodiscard]] inline std::optional<Period> parse_period(std::string_view s) noexcept {
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    if (s.size() < at + n) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, x = 0;
  if (!digits(0, 4, y)) return std::nullopt;
  if (s.size() == 4) return Period(period_length::year, y);
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q' && digits(6, 1, x) && x >= 1 && x <= 4)
    return Period(period_length::quarter, y * 4 + x - 1);
  if (s.size() == 7 && s[4] == '-' && digits(5, 2, x) && x >= 1 && x <= 12)
    return Period(period_length::month, y * 12 + x - 1);
  return std::nullopt;
}

}  // namespace payplan
