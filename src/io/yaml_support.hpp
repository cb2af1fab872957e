// Reading YAML nodes with positions: every error names file, line, column.
#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <sstream>
#include <unordered_set>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "payplan/values/calendar.hpp"
#include "payplan/values/error.hpp"
#include "payplan/values/money.hpp"
#include "payplan/values/rate.hpp"

namespace payplan::yaml {

class reader {
 public:
  explicit reader(std::string file) : file_(std::move(file)) {}

  [[nodiscard]] const std::string& file() const noexcept { return file_; }

  [[nodiscard]] source_location at(const YAML::Node& n, std::string field = {}) const {
    auto m = n.Mark();
    if (m.line < 0) return {file_, 1, 1, 0, std::move(field)};  // an empty document: its start
    return {file_, static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1, 0, std::move(field)};
  }

  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const { throw input_error(at(n), message); }

  /// A valid but surprising setting: kept, in file order, for the loader's origin.
  void warn(const YAML::Node& n, std::string message) const { warnings_.push_back({at(n), std::move(message)}); }
  [[nodiscard]] std::vector<warning> take_warnings() const { return std::exchange(warnings_, {}); }

  /// `rate: 5` is 500% (spec 1: a plain number is a fraction), but whoever
  /// wrote it almost always meant 5%: a rate above 100% is a warning.
  void warn_above_100(const YAML::Node& n, Rate r, std::string_view what) const {
    if (r <= Rate::one()) return;
    const std::string text = n.IsScalar() ? n.Scalar() : std::string();
    if (text.find('%') != std::string::npos) warn(n, std::string(what) + " " + text + " is above 100%");
    else
      warn(n, std::string(what) + " " + text + " is " + to_percent_string(r) + ": did you mean " + text +
                  "%? (a number without % is a fraction: 0.05 is 5%)");
  }

  /// The one document of a file that must hold one: `what` names the file
  /// kind ("a plan file") in the message when a second document follows.
  [[nodiscard]] YAML::Node parse(std::string_view text, std::string_view what) const {
    const std::string input(text);
    YAML::Node document;
    std::optional<YAML::Mark> second;
    try {
      document = YAML::Load(input);
      second = second_document_start(input);
    } catch (const YAML::ParserException& e) {
      throw input_error({file_, static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1},
                        "YAML syntax: " + e.msg);
    }
    // yaml-cpp's Load keeps the first document: refuse the rest, so nothing
    // after a `---` is silently ignored
    if (second)
      throw input_error({file_, static_cast<std::size_t>(second->line) + 1, static_cast<std::size_t>(second->column) + 1},
                        "a second YAML document starts here: " + std::string(what) + " must be a single document");
    return document;
  }

  void expect_map(const YAML::Node& n, std::string_view what) const {
    if (!n.IsMap()) fail(n, std::string(what) + " must be a mapping");
  }
  void expect_list(const YAML::Node& n, std::string_view what) const {
    if (!n.IsSequence()) fail(n, std::string(what) + " must be a list");
  }

  /// A typo in a rule must never be silently ignored: unknown keys are errors.
  void only_keys(const YAML::Node& map, std::string_view what, std::initializer_list<std::string_view> allowed) const {
    only_keys(map, what, std::span<const std::string_view>(allowed.begin(), allowed.size()));
  }
  void only_keys(const YAML::Node& map, std::string_view what, std::span<const std::string_view> allowed) const {
    unique_keys(map);
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string key = it->first.Scalar();
      bool known = false;
      for (auto a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        fail(it->first, "unknown key '" + key + "' in " + std::string(what) + " (expected one of: " + list + ")");
      }
    }
  }

  /// yaml-cpp keeps a repeated key and answers with the first: refuse it,
  /// so a second `rate:` is never silently ignored.
  void unique_keys(const YAML::Node& map) const {
    std::unordered_set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (!seen.insert(key).second) fail(it->first, "key '" + key + "' is given twice");
    }
  }

  [[nodiscard]] YAML::Node required(const YAML::Node& map, const char* key, std::string_view what) const {
    YAML::Node v = map[key];
    if (!v || v.IsNull()) fail(map, std::string(what) + " needs '" + key + "'");
    return v;
  }

  [[nodiscard]] std::string scalar(const YAML::Node& n, std::string_view what) const {
    if (!n.IsScalar()) fail(n, std::string(what) + " must be a single value");
    return n.Scalar();
  }

  [[nodiscard]] Date date(const YAML::Node& n, std::string_view what) const {
    auto s = scalar(n, what);
    auto d = parse_date(s);
    if (!d) fail(n, std::string(what) + " '" + s + "' is not a date (YYYY-MM-DD)");
    return *d;
  }

  [[nodiscard]] Money money(const YAML::Node& n, std::string_view what) const {
    auto s = scalar(n, what);
    auto m = parse_money(s);
    if (!m.ok()) fail(n, std::string(what) + " '" + s + "' " + detail::describe(m.ec));
    return m.value;
  }

  [[nodiscard]] Rate rate(const YAML::Node& n, std::string_view what) const {
    auto s = scalar(n, what);
    auto r = parse_rate(s);
    if (!r.ok())
      fail(n, std::string(what) + " '" + s + "' " +
                  (r.ec == detail::decimal_errc::too_many_digits ? "has more than 10 fractional digits as a fraction"
                                                                 : detail::describe(r.ec)) +
                  " (write 5%, 2.75% or 0.0275)");
    return r.value;
  }

  [[nodiscard]] Span span(const YAML::Node& n, std::string_view what) const {
    auto s = scalar(n, what);
    auto sp = parse_span(s);
    if (!sp) fail(n, std::string(what) + " '" + s + "' is not a span (N days, N months or N years, at most 1000 years)");
    return *sp;
  }

  /// One of a few keywords, each standing for a value: `method: marginal`.
  template <class E>
  [[nodiscard]] E choice(const YAML::Node& n, std::string_view what,
                         std::initializer_list<std::pair<std::string_view, E>> options) const {
    auto s = scalar(n, what);
    std::string names;
    for (const auto& [name, value] : options) {
      if (s == name) return value;
      names += (names.empty() ? "" : " or ") + std::string(name);
    }
    fail(n, "unknown " + std::string(what) + " '" + s + "' (expected " + names + ")");
  }

  [[nodiscard]] bool boolean(const YAML::Node& n, std::string_view what) const {
    auto s = scalar(n, what);
    if (s == "true") return true;
    if (s == "false") return false;
    fail(n, std::string(what) + " must be true or false, not '" + s + "'");
  }

 private:
  /// Where a second document starts, if the text has one.
  static std::optional<YAML::Mark> second_document_start(const std::string& input) {
    struct document_starts final : YAML::EventHandler {
      YAML::Mark last;
      void OnDocumentStart(const YAML::Mark& m) override { last = m; }
      void OnDocumentEnd() override {}
      void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
      void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
      void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
      void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnSequenceEnd() override {}
      void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
      void OnMapEnd() override {}
    } starts;
    // Two documents at most: yaml-cpp's LoadAll never ends on some malformed
    // inputs (it keeps yielding empty documents without moving on; found by
    // the plan fuzzer), so the documents are counted, not all loaded.
    // A parser that yields a third document where the second began has
    // stopped reading (`,` alone does that): a syntax error there.
    std::istringstream in(input);
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(starts) || !parser.HandleNextDocument(starts)) return std::nullopt;
    const YAML::Mark second = starts.last;
    if (parser.HandleNextDocument(starts) && starts.last.pos == second.pos)
      throw YAML::ParserException(second, "the text cannot be read as YAML from here");
    return second;
  }

  std::string file_;
  mutable std::vector<warning> warnings_;  // reading is const: a warning is a note, not a change
};

}  // namespace payplan::yaml
