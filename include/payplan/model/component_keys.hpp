#pragma once
// A component type's YAML keys, described in its plan struct (spec 4): the
// YAML reader (src/io/load_plan.cpp) and the dict writer (bindings/python) are
// generic over these descriptions, with one reader and one writer per value
// type, so a type declares its keys and nothing else reads or writes them.
//
//   key("rate", &Commission::rate)                 // optional: read when given
//     .required("override")                        // "override 'ID' needs 'rate'"
//     .each("an override rate")                    // the value's name in messages (default: the key)
//     .not_negative("a rate cannot be negative")   // each value below zero is this error
//     .non_empty("rates is an empty list")         // a list given empty is this error
//     .on(tiers_on::growth)                        // which tiers a TierTable holds
//     .warn_above_100()                            // a rate above 100% is a warning ("did you mean 5%?")
//   group("window", subject::kind::contest_window, key("from", &Contest::from).required(), ...)
//                                                  // a nested mapping of keys, and what its node is
//   struct locator;                                // where a check's subjects are (the loader's)
//   names_of(E{})                                  // an enum's YAML words, in message order
//
// The core reads no YAML: these are data, read by the loaders.

#include <array>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <utility>

#include "payplan/values/error.hpp"

namespace payplan {

/// What a tier table's bounds are on, which decides the keys it takes.
enum class tiers_on : std::uint8_t {
  sales_or_attainment,  ///< `basis: sales` or `basis: attainment` (spec 4.1)
  sales,                ///< a rebate's: on sales only (spec 4.7)
  growth,               ///< team_growth's: on growth %, no basis key (spec 4.4)
};

/// One YAML key of a component type, read into `S::*member`.
template <class S, class T>
struct Key {
  using owner = S;
  using value_type = T;
  std::string_view name;
  T S::*member;
  std::string_view what{};         ///< the value (each element of a list) in messages
  std::string_view required_by{};  ///< non-empty: required, "<required_by> 'ID' needs 'NAME'"
  std::string_view negative{};     ///< non-empty: the message for a value below zero
  std::string_view empty{};        ///< non-empty: the message for an empty list
  tiers_on tiers = tiers_on::sales_or_attainment;
  bool warns_above_100 = false;    ///< a rate above 100% is probably `rate: 5` meant as 5% (issue 15)

  [[nodiscard]] constexpr Key required(std::string_view by = "component") const {
    Key k = *this;
    k.required_by = by;
    return k;
  }
  [[nodiscard]] constexpr Key each(std::string_view w) const {
    Key k = *this;
    k.what = w;
    return k;
  }
  [[nodiscard]] constexpr Key not_negative(std::string_view message) const {
    Key k = *this;
    k.negative = message;
    return k;
  }
  [[nodiscard]] constexpr Key non_empty(std::string_view message) const {
    Key k = *this;
    k.empty = message;
    return k;
  }
  [[nodiscard]] constexpr Key on(tiers_on t) const {
    Key k = *this;
    k.tiers = t;
    return k;
  }
  [[nodiscard]] constexpr Key warn_above_100() const {
    Key k = *this;
    k.warns_above_100 = true;
    return k;
  }
};

template <class S, class T>
[[nodiscard]] constexpr Key<S, T> key(std::string_view name, T S::*member) {
  Key<S, T> k{};
  k.name = name;
  k.member = member;
  k.what = name;
  return k;
}

/// A required nested mapping of keys (`window: {from, to}`); its node is
/// the subject `place` of its component, whose position the loader keeps
/// (with the key's name as field). A sub-key's `required()` message is
/// "<group name> needs 'NAME'".
template <class S, class... Keys>
struct Group {
  std::string_view name;
  subject::kind place;
  std::tuple<Keys...> keys;
  std::string_view required_by = "component";
};

template <class Key1, class... Keys>
[[nodiscard]] constexpr Group<typename Key1::owner, Key1, Keys...> group(std::string_view name, subject::kind place,
                                                                         Key1 first, Keys... keys) {
  return Group<typename Key1::owner, Key1, Keys...>{name, place, std::tuple<Key1, Keys...>(first, keys...)};
}

/// Where the subjects of one component are, for its type's `check(c, at)`:
/// `at(subject::kind::tier_table)` is the place of components[component]'s
/// tier table in the origin the loader is filling; unknown ("<input>")
/// without one. The model types hold no places (issue 10).
struct locator {
  const origin* from = nullptr;
  std::uint32_t component = 0;

  [[nodiscard]] source_location operator()(subject::kind what, std::uint32_t item = 0) const {
    return from ? from->locate({what, component, item}) : source_location{};
  }
};

/// A position without its field: where a check names the node itself.
[[nodiscard]] inline source_location node_at(source_location where) {
  where.field.clear();
  return where;
}

}  // namespace payplan
