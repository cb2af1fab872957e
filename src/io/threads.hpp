#pragma once
// How many threads a loader or writer uses when the caller says 0: one a
// core, at most 8 (each holds blocks or windows of text; issue 11). Private
// to src/io: the orders reader and lines.csv share it.

#include <algorithm>
#include <thread>

namespace payplan::detail {

[[nodiscard]] inline unsigned threads_or_default(unsigned asked) {
  return asked != 0 ? asked : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

}  // namespace payplan::detail
