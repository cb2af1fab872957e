#pragma once
// The registry of component types (spec 4.1-4.7). Each type's header holds
// its plan struct (its `type_name`, its YAML `keys()` and `check`, read and
// written by the generic reader and dict writer) and its pricer (`run`, a
// detail::*Run class). A new type is its own header and one row here.
// docs/architecture.md: adding a component type.

#include <variant>

#include "payplan/components/commission.hpp"
#include "payplan/components/contest.hpp"
#include "payplan/components/override.hpp"
#include "payplan/components/rebate.hpp"
#include "payplan/components/team.hpp"

namespace payplan {

/// The component types, each listed once, in the order the "unknown
/// component type" message names them.
using Component = std::variant<Commission, Override, TeamGrowth, TeamAttainmentBonus, Contest, Rebate>;

}  // namespace payplan
