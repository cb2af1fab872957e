#pragma once
// Interned strings: one contiguous buffer and an open-addressing index, so
// millions of ids cost no allocation each and compare as integers.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace payplan::detail {

[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

class string_pool {
 public:
  static constexpr std::uint32_t npos = UINT32_MAX;

  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] std::string_view operator[](std::uint32_t i) const noexcept {
    return {chars_.data() + offsets_[i], offsets_[i + 1] - offsets_[i]};
  }

  /// Index of s, adding it if new.
  std::uint32_t intern(std::string_view s) {
    bool added = false;
    return intern(s, added);
  }
  std::uint32_t intern(std::string_view s, bool& added) {
    if ((size() + 1) * 2 > slots_.size()) grow();
    std::uint64_t h = hash_bytes(s);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      std::uint32_t slot = slots_[i];
      if (slot == npos) {
        auto id = static_cast<std::uint32_t>(size());
        chars_.append(s);
        offsets_.push_back(chars_.size());
        slots_[i] = id;
        added = true;
        return id;
      }
      if ((*this)[slot] == s) {
        added = false;
        return slot;
      }
    }
  }
  /// Index of s, or npos.
  [[nodiscard]] std::uint32_t find(std::string_view s) const noexcept {
    if (slots_.empty()) return npos;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash_bytes(s) & mask;; i = (i + 1) & mask) {
      std::uint32_t slot = slots_[i];
      if (slot == npos) return npos;
      if ((*this)[slot] == s) return slot;
    }
  }
  /// The text and offsets (string i is chars[offsets[i], offsets[i+1])),
  /// moved out; the pool is left empty.
  struct storage {
    std::string chars;
    std::vector<std::size_t> offsets{0};
  };
  [[nodiscard]] storage release() noexcept {
    storage s{std::move(chars_), std::move(offsets_)};
    *this = string_pool{};
    return s;
  }

  void reserve(std::size_t n, std::size_t bytes) {
    offsets_.reserve(n + 1);
    chars_.reserve(bytes);
    std::size_t want = 16;
    while (want < n * 2 + 2) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

 private:
  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void rehash(std::size_t n) {
    slots_.assign(n, npos);
    std::size_t mask = n - 1;
    for (std::uint32_t id = 0; id < size(); ++id) {
      std::size_t i = hash_bytes((*this)[id]) & mask;
      while (slots_[i] != npos) i = (i + 1) & mask;
      slots_[i] = id;
    }
  }

  std::string chars_;
  std::vector<std::size_t> offsets_{0};
  std::vector<std::uint32_t> slots_;
};

}  // namespace payplan::detail
