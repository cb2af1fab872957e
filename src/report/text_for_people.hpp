// Text for people, shared by the report library's pages and tables
// (src/report): amounts grouped by thousands and HTML escaping. The files
// of spec 5 keep plain numbers and exact ids; only what people read goes
// through these.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

#include "payplan/values/money.hpp"

namespace payplan::report_text {

/// 1234567.5 -> "1,234,567.50": `minor` fractional digits, a ',' every three.
[[nodiscard]] inline std::string grouped(Money m, int minor) {
  const std::string t = to_string(m, minor, minor);
  const std::size_t start = t[0] == '-' ? 1 : 0, dot = std::min(t.find('.'), t.size());
  std::string out = t.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    if (i > start && (dot - i) % 3 == 0) out += ',';
    out += t[i];
  }
  return out + t.substr(dot);
}

/// Text safe inside an element or a quoted attribute (either quote).
[[nodiscard]] inline std::string html(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace payplan::report_text
