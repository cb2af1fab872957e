#pragma once
// Interned strings: one contiguous buffer and an open-addressing index, so
// millions of ids cost no allocation each and compare as integers.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "payplan/detail/checked.hpp"

namespace payplan::detail {

// Unaligned loads of 4 and 8 bytes (memcpy of a constant size is one load).
[[nodiscard]] inline std::uint64_t load_u64(const char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
[[nodiscard]] inline std::uint64_t load_u32(const char* p) noexcept {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

/// A 64-bit hash of bytes, 8 at a time (ids are short: an order id is one
/// or two words), each folded in by a 64x64->128 multiply. The last word
/// and a string under 8 bytes are read as overlapping fixed-size loads, not
/// a copy of a variable length (issue 11: that copy was a call per id).
[[nodiscard]] inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  constexpr std::uint64_t k1 = 0x9e3779b97f4a7c15ull, k2 = 0xbf58476d1ce4e5b9ull;
  auto fold = [](std::uint64_t a, std::uint64_t b) {
    const uint128 m = static_cast<uint128>(a) * b;
    return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
  };
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = fold(k1 ^ n, k2);
  std::uint64_t last = 0;
  if (n >= 8) {
    const char* const end = p + n;
    for (; n > 8; p += 8, n -= 8) h = fold(h ^ load_u64(p), k2 ^ k1);
    last = load_u64(end - 8);  // the last 8 bytes, overlapping the word before
  } else if (n >= 4) {
    last = load_u32(p) | (load_u32(p + n - 4) << 32);
  } else if (n > 0) {
    const auto byte = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    last = byte(0) | (byte(n / 2) << 8) | (byte(n - 1) << 16);
  }
  return fold(h ^ last, k1 ^ k2 ^ n);
}

/// Whether two strings hold the same bytes; those up to 16 long compared
/// as two overlapping loads each, with no call.
[[nodiscard]] inline bool same_bytes(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char *x = a.data(), *y = b.data();
  if (n >= 8 && n <= 16) return ((load_u64(x) ^ load_u64(y)) | (load_u64(x + n - 8) ^ load_u64(y + n - 8))) == 0;
  if (n >= 4 && n < 8) return ((load_u32(x) ^ load_u32(y)) | (load_u32(x + n - 4) ^ load_u32(y + n - 4))) == 0;
  return n == 0 || std::memcmp(x, y, n) == 0;
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
    if ((size() + 1) * 4 > slots_.size() * 3) grow();
    const std::uint64_t h = hash_bytes(s);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == empty) {
        auto id = static_cast<std::uint32_t>(size());
        chars_.append(s);
        offsets_.push_back(chars_.size());
        slots_[i] = tagged(h, id);
        added = true;
        return id;
      }
      if (tag_of(slot) == tag(h) && same_bytes((*this)[id_of(slot)], s)) {
        added = false;
        return id_of(slot);
      }
    }
  }
  /// Fetches the slot where s would be found into cache (for a caller that
  /// knows, some strings ahead, what it will intern).
  void prefetch(std::string_view s) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (hash_bytes(s) & (slots_.size() - 1)));
  }

  /// Index of s, or npos.
  [[nodiscard]] std::uint32_t find(std::string_view s) const noexcept {
    if (slots_.empty()) return npos;
    const std::uint64_t h = hash_bytes(s);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == empty) return npos;
      if (tag_of(slot) == tag(h) && same_bytes((*this)[id_of(slot)], s)) return id_of(slot);
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
    while (want * 3 < n * 4 + 4) want *= 2;
    if (want > slots_.size()) rehash(want);
  }

 private:
  // A slot holds an id and 32 bits of its hash, so a probe compares text
  // only when those agree (issue 11: interning 10M order ids probed the text
  // of every slot it passed). Up to 3/4 full.
  static constexpr std::uint64_t empty = UINT64_MAX;
  static std::uint32_t tag(std::uint64_t h) noexcept { return static_cast<std::uint32_t>(h >> 32); }
  static std::uint64_t tagged(std::uint64_t h, std::uint32_t id) noexcept { return (std::uint64_t{tag(h)} << 32) | id; }
  static std::uint32_t tag_of(std::uint64_t slot) noexcept { return static_cast<std::uint32_t>(slot >> 32); }
  static std::uint32_t id_of(std::uint64_t slot) noexcept { return static_cast<std::uint32_t>(slot); }

  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void rehash(std::size_t n) {
    slots_.assign(n, empty);
    const std::size_t mask = n - 1;
    for (std::uint32_t id = 0; id < size(); ++id) {
      const std::uint64_t h = hash_bytes((*this)[id]);
      std::size_t i = h & mask;
      while (slots_[i] != empty) i = (i + 1) & mask;
      slots_[i] = tagged(h, id);
    }
  }

  std::string chars_;
  std::vector<std::size_t> offsets_{0};
  std::vector<std::uint64_t> slots_;
};

}  // namespace payplan::detail
