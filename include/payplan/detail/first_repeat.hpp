#pragma once
// The first string of a list that repeats an earlier one (spec 2: an
// order_id is unique), found without one big hash table: the strings are
// cut into partitions by hash and each partition checked with its own,
// smaller table (issue 11: interning 10M order ids into one table missed
// the cache on every insert, a third of a load's time).
//
//   std::optional<repeat> detail::first_repeat(const string_pool::storage&, std::size_t count);

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "payplan/detail/string_pool.hpp"

namespace payplan::detail {

/// Strings `later` and `first` (indices, first < later) are equal.
struct repeat {
  std::uint32_t first = 0, later = 0;
  friend bool operator==(const repeat&, const repeat&) = default;
};

/// Of strings [0, count) of `s`, the repeat with the smallest `later` (the
/// first a reader in list order meets), `first` the earliest string equal to
/// it; nullopt when all differ.
[[nodiscard]] inline std::optional<repeat> first_repeat(const string_pool::storage& s, std::size_t count) {
  if (count < 2) return std::nullopt;
  auto text = [&](std::uint32_t i) {
    return std::string_view(s.chars.data() + s.offsets[i], s.offsets[i + 1] - s.offsets[i]);
  };
  // at most 256 partitions (a scatter into more thrashes the cache), each
  // checked with a table of twice its size
  const unsigned bits = std::min(8u, static_cast<unsigned>(std::bit_width(count / 8192)));
  const std::size_t partitions = std::size_t{1} << bits;
  auto partition_of = [&](std::uint64_t h) { return bits == 0 ? 0 : static_cast<std::size_t>(h >> (64 - bits)); };
  std::vector<std::uint32_t> start(partitions + 1, 0);
  // each string as (32 bits of its hash, its index), by partition, in list order
  std::vector<std::uint64_t> entries(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    entries[i] = hash_bytes(text(i));
    ++start[partition_of(entries[i]) + 1];
  }
  for (std::size_t p = 0; p < partitions; ++p) start[p + 1] += start[p];
  {
    std::vector<std::uint64_t> hashes = std::move(entries);
    entries.assign(count, 0);
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::uint32_t i = 0; i < count; ++i) entries[next[partition_of(hashes[i])]++] = (hashes[i] << 32) | i;
  }
  std::optional<repeat> found;
  constexpr std::uint64_t empty = UINT64_MAX;
  std::vector<std::uint64_t> table;
  for (std::size_t p = 0; p < partitions; ++p) {
    const std::size_t n = start[p + 1] - start[p];
    if (n < 2) continue;
    const std::size_t size = std::bit_ceil(2 * n);
    table.assign(size, empty);
    for (std::size_t e = start[p]; e < start[p + 1]; ++e) {
      const std::uint64_t entry = entries[e];
      const auto i = static_cast<std::uint32_t>(entry);
      if (found && i >= found->later) break;  // this partition's repeats come later in the list
      bool seen = false;
      for (std::size_t at = (entry >> 32) & (size - 1);; at = (at + 1) & (size - 1)) {
        const std::uint64_t slot = table[at];
        if (slot == empty) {
          table[at] = entry;
          break;
        }
        if ((slot >> 32) == (entry >> 32) && same_bytes(text(static_cast<std::uint32_t>(slot)), text(i))) {
          found = repeat{static_cast<std::uint32_t>(slot), i};  // the smallest later so far (checked above)
          seen = true;
          break;
        }
      }
      if (seen) break;  // entries come in list order: later ones here repeat later
    }
  }
  return found;
}

}  // namespace payplan::detail
