#pragma once
// A plan's currency: ISO 4217 code and its minor unit (spec 1).
//
//   struct Currency { std::string code; int minor_unit; };
//   std::optional<Currency> currency_from_code(std::string_view);

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace payplan {

struct Currency {
  std::string code = "USD";
  int minor_unit = 2;  ///< digits after the decimal point in a paid amount

  friend bool operator==(const Currency&, const Currency&) = default;
};

/// Known ISO 4217 codes with a minor unit other than 2; every other
/// well-formed three-letter code takes 2.
[[nodiscard]] inline std::optional<Currency> currency_from_code(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (char c : code)
    if (c < 'A' || c > 'Z') return std::nullopt;
  static constexpr std::array<std::pair<std::string_view, int>, 26> odd{{
      {"BHD", 3}, {"BIF", 0}, {"CLF", 4}, {"CLP", 0}, {"DJF", 0}, {"GNF", 0}, {"IQD", 3}, {"ISK", 0}, {"JOD", 3},
      {"JPY", 0}, {"KMF", 0}, {"KRW", 0}, {"KWD", 3}, {"LYD", 3}, {"OMR", 3}, {"PYG", 0}, {"RWF", 0}, {"TND", 3},
      {"UGX", 0}, {"UYI", 0}, {"UYW", 4}, {"VND", 0}, {"VUV", 0}, {"XAF", 0}, {"XOF", 0}, {"XPF", 0},
  }};
  for (const auto& [c, digits] : odd)
    if (c == code) return Currency{std::string(code), digits};
  return Currency{std::string(code), 2};
}

}  // namespace payplan
