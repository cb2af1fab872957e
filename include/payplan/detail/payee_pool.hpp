#pragma once
// The payees of a result: people (commission, override, team components) and
// accounts (a rebate's payee, spec 4.7). A person and an account may share an
// id: a rep `ACME` owning account `ACME` is two payees, never one total.

#include <cstdint>
#include <string>
#include <string_view>

#include "payplan/detail/string_pool.hpp"

namespace payplan {

/// Who a payee is: a person of the org, or a customer account (spec 4.7).
enum class payee_kind : std::uint8_t { person = 1, account = 2 };

namespace detail {

/// Interned (kind, id) pairs; index i names one payee.
class payee_pool {
 public:
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// The payee's id as written in the org (or the ledger, for an account).
  [[nodiscard]] std::string_view operator[](std::uint32_t i) const noexcept { return keys_[i].substr(1); }
  [[nodiscard]] payee_kind kind(std::uint32_t i) const noexcept {
    return static_cast<payee_kind>(keys_[i].front());
  }

  std::uint32_t intern(payee_kind k, std::string_view id) { return keys_.intern(key(k, id)); }
  [[nodiscard]] std::uint32_t find(payee_kind k, std::string_view id) const { return keys_.find(key(k, id)); }

 private:
  // the kind's byte first: equal ids of different kinds are different keys
  static std::string key(payee_kind k, std::string_view id) {
    std::string s(1, static_cast<char>(k));
    s.append(id);
    return s;
  }
  string_pool keys_;
};

}  // namespace detail
}  // namespace payplan
