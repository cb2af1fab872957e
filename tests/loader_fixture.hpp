// What the loader tests share: catching the input_error a parse throws, and
// small text helpers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "payplan/values/calendar.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/money.hpp"

namespace payplan::testing {

/// The input_error f throws, or nullopt (any other exception fails the test).
template <class F>
std::optional<payplan::input_error> input_error_from(F&& f) {
  try {
    f();
  } catch (const payplan::input_error& e) {
    return e;
  }
  return std::nullopt;
}

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

inline payplan::Date day(const char* iso) { return *payplan::parse_date(iso); }
inline payplan::Period period(const char* label) { return *payplan::parse_period(label); }
inline payplan::Money money(const char* text) { return payplan::parse_money(text).value; }

/// Replaces the first "@" in text with value.
inline std::string with(std::string text, const std::string& value) {
  text.replace(text.find('@'), 1, value);
  return text;
}

}  // namespace payplan::testing
