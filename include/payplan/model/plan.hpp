#pragma once
// The plan model (spec 4): its settings and its components.
//
//   struct PlanSettings;    // model/plan_base.hpp: id, currency, period, rounding, effective, transfer_terms
//   using Component = std::variant<Commission, Override, ...>;   // components/registry.hpp: the registry of types
//   std::string_view type_name(const Component&);
//   bool any_component_type(f);   // f(std::type_identity<T>) for each type, in order
//   const ComponentBase& base_of(const Component&);
//   struct Plan;                  // PlanSettings and the components
//
// Each component type names itself (`type_name`, the YAML `type:`), its
// keys (`keys()`, model/component_keys.hpp) and its pricer (`run`), all in its own
// header; `Component` (components/registry.hpp) lists the types once. The YAML reader
// (src/io/load_plan.cpp) and the dict writer (bindings/python) are generic over
// the keys. docs/architecture.md: adding a type.

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "payplan/components/registry.hpp"
#include "payplan/model/plan_base.hpp"

namespace payplan {

/// The contract's name of a component's type.
[[nodiscard]] inline std::string_view type_name(const Component& c) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::type_name; }, c);
}

/// Calls `f(std::type_identity<T>{})` for each component type T, in
/// registry order, until one returns true; true if one did.
template <class F>
constexpr bool any_component_type(F&& f) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return (f(std::type_identity<std::variant_alternative_t<I, Component>>{}) || ...);
  }(std::make_index_sequence<std::variant_size_v<Component>>{});
}

[[nodiscard]] inline const ComponentBase& base_of(const Component& c) {
  return std::visit([](const auto& x) -> const ComponentBase& { return x; }, c);
}

struct Plan : PlanSettings {
  std::vector<Component> components;
};

}  // namespace payplan
