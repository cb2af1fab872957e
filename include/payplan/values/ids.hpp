#pragma once
// Strong ids: dense indices into the tables that own the names, so the hot
// path compares integers, never strings.
//
//   template <class Tag> class Id;
//   using PersonId = Id<person_tag>;   // into Org::people()
//   using AccountId = Id<account_tag>; // into Org::accounts()

#include <compare>
#include <cstdint>
#include <limits>

namespace payplan {

template <class Tag>
class Id {
 public:
  static constexpr std::uint32_t none_value = std::numeric_limits<std::uint32_t>::max();

  constexpr Id() noexcept = default;
  constexpr explicit Id(std::uint32_t index) noexcept : index_(index) {}

  [[nodiscard]] static constexpr Id none() noexcept { return Id(); }
  [[nodiscard]] constexpr bool ok() const noexcept { return index_ != none_value; }
  [[nodiscard]] constexpr std::uint32_t index() const noexcept { return index_; }

  friend constexpr auto operator<=>(Id, Id) = default;

 private:
  std::uint32_t index_ = none_value;
};

struct person_tag;
struct account_tag;
struct order_tag;
struct component_tag;

using PersonId = Id<person_tag>;
using AccountId = Id<account_tag>;
using OrderIndex = Id<order_tag>;       ///< position in a Ledger, which is sorted by (date, order_id)
using ComponentId = Id<component_tag>;  ///< position in Plan::components

}  // namespace payplan
