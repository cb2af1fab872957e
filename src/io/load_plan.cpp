// Plan YAML (spec 4): header, components, tiers. Unknown keys are errors.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "payplan/io/load.hpp"
#include "yaml_support.hpp"

namespace payplan {

namespace {

/// Where the parts of a plan are in its file: the loader's side table,
/// filled as it reads and held by the Plan as its origin (issue 10: the
/// model types hold no places). A subject it has no place for is the file.
class PlanOrigin final : public origin {
 public:
  using kind = subject::kind;

  struct ComponentPlaces {
    source_location node, payees, tier_table, contest_window;
    std::vector<source_location> tiers;  ///< each row of the tier table

    /// The slot of a group's node (model/component_keys.hpp's `place`).
    source_location& of(kind k) {
      switch (k) {
        case kind::component_payees: return payees;
        case kind::tier_table: return tier_table;
        case kind::contest_window: return contest_window;
        default: return node;
      }
    }
  };
  struct TermsPlaces {
    source_location node;                ///< the terms' name
    std::vector<source_location> steps;  ///< each step of its ramp
  };

  explicit PlanOrigin(std::string file) : file_(std::move(file)) {}

  source_location effective;
  std::vector<warning> found_warnings;  ///< what the reader found surprising, in file order
  std::vector<ComponentPlaces> components;
  std::vector<TermsPlaces> transfer_terms;

  [[nodiscard]] source_location locate(const subject& s) const override {
    const source_location* found = nullptr;
    auto item = [&](const std::vector<source_location>& v) { return s.item < v.size() ? &v[s.item] : nullptr; };
    if (s.what == kind::effective) found = &effective;
    if (s.index < components.size()) {
      const ComponentPlaces& c = components[s.index];
      switch (s.what) {
        case kind::component: found = &c.node; break;
        case kind::component_payees: found = &c.payees; break;
        case kind::tier_table: found = &c.tier_table; break;
        case kind::tier: found = item(c.tiers); break;
        case kind::contest_window: found = &c.contest_window; break;
        default: break;
      }
    }
    if (s.index < transfer_terms.size()) {
      const TermsPlaces& t = transfer_terms[s.index];
      if (s.what == kind::transfer_terms) found = &t.node;
      if (s.what == kind::ramp_step) found = item(t.steps);
    }
    return found && !found->file.empty() ? *found : source_location{file_};
  }
  [[nodiscard]] std::vector<warning> warnings() const override { return found_warnings; }

 private:
  std::string file_;
};

using ComponentPlaces = PlanOrigin::ComponentPlaces;

PayeeSelector read_payees(const yaml::reader& y, const YAML::Node& n, ComponentPlaces& places) {
  PayeeSelector sel;
  places.payees = y.at(n, "payees");
  if (n.IsMap()) {
    y.only_keys(n, "payees", {"role"});
    auto role_node = y.required(n, "role", "payees");
    auto r = parse_role(y.scalar(role_node, "role"));
    if (!r) y.fail(role_node, "unknown role '" + role_node.Scalar() + "' (expected rep, manager, agent or partner)");
    sel.role = *r;
  } else if (n.IsSequence()) {
    if (n.size() == 0) y.fail(n, "payees is an empty list");
    for (const auto& id : n) sel.ids.push_back(y.scalar(id, "a payee id"));
  } else {
    y.fail(n, "payees must be {role: ROLE} or a list of person ids");
  }
  return sel;
}

TierTable read_tiers(const yaml::reader& y, const YAML::Node& n, tiers_on on, ComponentPlaces& places) {
  y.expect_map(n, "tiers");
  if (on == tiers_on::growth) y.only_keys(n, "tiers on growth %", {"method", "table"});
  else y.only_keys(n, "tiers", {"basis", "method", "table"});
  TierTable t;
  places.tier_table = y.at(n, "tiers");
  places.tiers.clear();
  // Tiers on growth % have bounds that are fractions of the baseline, as
  // attainment bounds are fractions of the quota.
  if (on == tiers_on::growth) t.basis = tier_basis::attainment;
  if (auto b = n["basis"]) {
    t.basis = y.choice<tier_basis>(b, "tier basis",
                                   {{"attainment", tier_basis::attainment}, {"sales", tier_basis::sales}});
    if (on == tiers_on::sales && t.basis != tier_basis::sales) y.fail(b, "a rebate's tiers are on sales");
  }
  if (auto m = n["method"])
    t.method = y.choice<tier_method>(m, "tier method",
                                     {{"marginal", tier_method::marginal}, {"retroactive", tier_method::retroactive}});
  auto table = y.required(n, "table", "tiers");
  y.expect_list(table, "tiers table");
  if (table.size() == 0) y.fail(table, "tiers table is empty");
  for (std::size_t i = 0; i < table.size(); ++i) {
    const YAML::Node row = table[i];
    y.expect_map(row, "a tier");
    y.only_keys(row, "a tier", {"upto", "rate"});
    Tier tier;
    places.tiers.push_back(y.at(row));
    auto rate_node = y.required(row, "rate", "a tier");
    tier.rate = y.rate(rate_node, "rate");
    if (tier.rate < Rate{}) y.fail(rate_node, "a tier rate cannot be negative");
    y.warn_above_100(rate_node, tier.rate, "tier rate");
    if (auto up = row["upto"]) {
      tier.bounded = true;
      if (t.basis == tier_basis::attainment) {
        tier.upto_percent = y.rate(up, "upto");
        if (tier.upto_percent < Rate{}) y.fail(up, "upto cannot be negative");
      } else {
        tier.upto_sales = y.money(up, "upto");
        if (tier.upto_sales < Money{}) y.fail(up, "upto cannot be negative");
      }
      if (!t.tiers.empty()) {
        const Tier& prev = t.tiers.back();
        bool increasing = t.basis == tier_basis::attainment ? prev.upto_percent < tier.upto_percent
                                                            : prev.upto_sales < tier.upto_sales;
        if (!increasing) y.fail(up, "upto values must increase from tier to tier");
      }
    } else if (i + 1 != table.size()) {
      y.fail(row, "only the last tier may leave out 'upto'");
    }
    t.tiers.push_back(tier);
  }
  if (t.tiers.back().bounded) y.fail(table[table.size() - 1], "the last tier must have no 'upto' (it has no upper bound)");
  return t;
}

void read_products(const yaml::reader& y, const YAML::Node& n, ComponentBase& c) {
  if (auto p = n["products"]) {
    y.expect_list(p, "products");
    for (const auto& x : p) c.products.push_back(y.scalar(x, "a product"));
  }
}

// One reader per value type a component key holds (model/component_keys.hpp);
// `k` is the key's description, for its names and messages.
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, Rate& out) {
  out = y.rate(n, k.what);
}
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, Money& out) {
  out = y.money(n, k.what);
}
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, Date& out) {
  out = y.date(n, k.what);
}
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, bool& out) {
  out = y.boolean(n, k.what);
}
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, std::string& out) {
  out = y.scalar(n, k.what);
}
template <class K>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces& places, TierTable& out) {
  out = read_tiers(y, n, k.tiers, places);
}
template <class K, class E>
  requires std::is_enum_v<E>
void read_value(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces&, E& out) {
  auto s = y.scalar(n, k.what);
  std::string names;
  for (const auto& [name, value] : names_of(E{})) {
    if (s == name) {
      out = value;
      return;
    }
    names += (names.empty() ? "" : " or ") + std::string(name);
  }
  y.fail(n, "unknown " + std::string(k.what) + " '" + s + "' (expected " + names + ")");
}

template <class T>
bool below_zero(const T& v) {
  if constexpr (std::is_same_v<T, Rate> || std::is_same_v<T, Money>) return v < T{};
  else return false;
}

// A value, then its range check, at its node.
template <class K, class T>
void read_checked(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces& places, T& out) {
  read_value(y, n, k, places, out);
  if (!k.negative.empty() && below_zero(out)) y.fail(n, std::string(k.negative));
  if constexpr (std::is_same_v<T, Rate>)
    if (k.warns_above_100) y.warn_above_100(n, out, k.what);
}
template <class K, class T>
void read_checked(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces& places, std::optional<T>& out) {
  read_checked(y, n, k, places, out.emplace());
}
template <class K, class T>
void read_checked(const yaml::reader& y, const YAML::Node& n, const K& k, ComponentPlaces& places, std::vector<T>& out) {
  y.expect_list(n, k.name);
  if (n.size() == 0 && !k.empty.empty()) y.fail(n, std::string(k.empty));
  for (const auto& x : n) read_checked(y, x, k, places, out.emplace_back());
}

// `context` names the map in a required key's message: "component 'ID'".
template <class C, class S, class T>
void read_key(const yaml::reader& y, const YAML::Node& n, const Key<S, T>& k, C& c, ComponentPlaces& places,
              const std::string& context) {
  const std::string name(k.name);
  YAML::Node v = n[name];
  if (!k.required_by.empty()) v = y.required(n, name.c_str(), context);
  else if (!v) return;
  read_checked(y, v, k, places, c.*k.member);
}

template <class C, class S, class... Keys>
void read_key(const yaml::reader& y, const YAML::Node& n, const Group<S, Keys...>& g, C& c, ComponentPlaces& places,
              const std::string& context) {
  const std::string name(g.name);
  auto w = y.required(n, name.c_str(), context);
  y.expect_map(w, name);
  std::apply([&](const auto&... k) { y.only_keys(w, name, {k.name...}); }, g.keys);
  places.of(g.place) = y.at(w, name);
  std::apply([&](const auto&... k) { (read_key(y, w, k, c, places, name), ...); }, g.keys);
}

template <class S, class T>
constexpr std::string_view key_name(const Key<S, T>& k) { return k.name; }
template <class S, class... Keys>
constexpr std::string_view key_name(const Group<S, Keys...>& g) { return g.name; }

// What a required key's message names: "override 'ID'" as the key says;
// a group's own keys name the group ("window needs 'from'").
template <class S, class T>
std::string required_in(const Key<S, T>& k, const std::string& id) {
  return std::string(k.required_by) + " '" + id + "'";
}
template <class S, class... Keys>
std::string required_in(const Group<S, Keys...>& g, const std::string& id) {
  return std::string(g.required_by) + " '" + id + "'";
}

// The reader of every type: the shared keys, then the type's own keys()
// (model/plan.hpp), then its check, which names places through `at`
// (components[at.component] of the origin being filled).
template <class T>
T read_component(std::type_identity<T>, const yaml::reader& y, const YAML::Node& n, PlanOrigin& origin,
                 const locator& at) {
  const std::string_view type = T::type_name;
  const std::string what = std::string(type.find_first_of("aeiou") == 0 ? "an " : "a ") + std::string(type) + " component";
  constexpr auto own = T::keys();
  std::vector<std::string_view> allowed{"id", "type"};
  if (T::has_payees) allowed.push_back("payees");
  allowed.push_back("products");
  std::apply([&](const auto&... k) { (allowed.push_back(key_name(k)), ...); }, own);
  y.only_keys(n, what, allowed);
  T c;
  c.id = y.scalar(y.required(n, "id", "a component"), "id");
  ComponentPlaces& places = origin.components[at.component];
  places.node = y.at(n);
  if (T::has_payees) c.payees = read_payees(y, y.required(n, "payees", "component '" + c.id + "'"), places);
  read_products(y, n, c);
  std::apply([&](const auto&... k) { (read_key(y, n, k, c, places, required_in(k, c.id)), ...); }, own);
  T::check(c, at);
  return c;
}

// "commission, override, ... or rebate": the registry's names, in its order.
std::string component_type_names() {
  std::string names;
  std::size_t left = std::variant_size_v<Component>;
  any_component_type([&](auto t) {
    names += decltype(t)::type::type_name;
    --left;
    names += left > 1 ? ", " : left == 1 ? " or " : "";
    return false;
  });
  return names;
}

// The reader of each type is its read_component overload above, chosen by
// the `type` key from the registry (model/plan.hpp's Component).
// Its places go to origin.components[index], which it adds.
Component read_component(const yaml::reader& y, const YAML::Node& n, PlanOrigin& origin) {
  y.expect_map(n, "a component");
  auto type_node = y.required(n, "type", "a component");
  auto type = y.scalar(type_node, "type");
  const locator at{&origin, static_cast<std::uint32_t>(origin.components.size())};
  origin.components.emplace_back();
  std::optional<Component> c;
  any_component_type([&](auto t) {
    if (type != decltype(t)::type::type_name) return false;
    c.emplace(read_component(t, y, n, origin, at));
    return true;
  });
  if (!c) y.fail(type_node, "unknown component type '" + type + "' (expected " + component_type_names() + ")");
  return std::move(*c);
}

// A span, threshold or share written with a minus sign gets its own message.
bool negative_text(const YAML::Node& n) { return n.IsScalar() && !n.Scalar().empty() && n.Scalar()[0] == '-'; }

Ramp read_ramp(const yaml::reader& y, const YAML::Node& n, PlanOrigin::TermsPlaces& places) {
  y.expect_map(n, "ramp");
  y.only_keys(n, "ramp", {"by", "steps"});
  Ramp ramp;
  ramp.by = y.choice<ramp_basis>(y.required(n, "by", "ramp"), "ramp 'by'",
                     {{"months", ramp_basis::months}, {"sales", ramp_basis::sales}});
  auto steps = y.required(n, "steps", "ramp");
  y.expect_list(steps, "ramp steps");
  if (steps.size() == 0) y.fail(steps, "ramp steps is an empty list");
  for (const auto& st : steps) {
    y.expect_map(st, "a ramp step");
    y.only_keys(st, "a ramp step", {"from", "share"});
    RampStep step;
    places.steps.push_back(y.at(st));
    auto from = y.required(st, "from", "a ramp step");
    if (negative_text(from)) y.fail(from, "a ramp step cannot start below 0");
    if (ramp.by == ramp_basis::months) {
      auto text = y.scalar(from, "from");
      if (text.empty() || text.size() > 4 || text.find_first_not_of("0123456789") != std::string::npos)
        y.fail(from, "ramp step 'from' must be a whole number of months, not '" + text + "'");
      step.from_months = std::stoi(text);
    } else {
      step.from_sales = y.money(from, "from");
    }
    auto share = y.required(st, "share", "a ramp step");
    step.share = y.rate(share, "share");
    if (step.share < Rate{} || step.share > Rate::one()) y.fail(share, "a ramp share must be between 0% and 100%");
    if (!ramp.steps.empty()) {
      const RampStep& prev = ramp.steps.back();
      bool increasing = ramp.by == ramp_basis::months ? prev.from_months < step.from_months
                                                      : prev.from_sales < step.from_sales;
      if (!increasing) y.fail(from, "ramp steps must have increasing 'from' values (no duplicates)");
    }
    ramp.steps.push_back(step);
  }
  return ramp;
}

std::vector<TransferTerms> read_transfer_terms(const yaml::reader& y, const YAML::Node& n, PlanOrigin& origin) {
  y.expect_map(n, "transfer_terms");
  y.unique_keys(n);
  std::vector<TransferTerms> all;
  for (auto it = n.begin(); it != n.end(); ++it) {
    TransferTerms t;
    t.name = y.scalar(it->first, "a transfer terms name");
    PlanOrigin::TermsPlaces& places = origin.transfer_terms.emplace_back();
    places.node = y.at(it->first);
    const YAML::Node body = it->second;
    if (!body.IsNull()) {
      y.expect_map(body, "transfer terms '" + t.name + "'");
      y.only_keys(body, "transfer terms", {"delay", "new_orders_only", "threshold", "ramp"});
      if (auto d = body["delay"]) {
        if (negative_text(d)) y.fail(d, "a delay cannot be negative");
        t.delay = y.span(d, "delay");
      }
      if (auto no = body["new_orders_only"]) t.new_orders_only = y.boolean(no, "new_orders_only");
      if (auto th = body["threshold"]) {
        t.threshold = y.money(th, "threshold");
        if (*t.threshold < Money{}) y.fail(th, "a threshold cannot be negative");
      }
      if (auto r = body["ramp"]) t.ramp = read_ramp(y, r, places);
    }
    all.push_back(std::move(t));
  }
  return all;
}

}  // namespace

Plan parse_plan(std::string_view text, const std::string& source) {
  yaml::reader y(source);
  YAML::Node root = y.parse(text, "a plan file");
  try {
    y.expect_map(root, "a plan file");
    y.only_keys(root, "a plan file",
                {"plan", "currency", "period", "rounding", "effective", "components", "transfer_terms"});
    Plan plan;
    auto origin = std::make_shared<PlanOrigin>(source);
    plan.origin = origin;
    plan.id = y.scalar(y.required(root, "plan", "a plan file"), "plan");
    if (auto c = root["currency"]) {
      auto code = y.scalar(c, "currency");
      auto cur = currency_from_code(code);
      if (!cur) y.fail(c, "currency '" + code + "' is not an ISO 4217 code");
      plan.currency = *cur;
    }
    if (auto p = root["period"]) {
      auto len = parse_period_length(y.scalar(p, "period"));
      if (!len) y.fail(p, "period '" + p.Scalar() + "' must be month, quarter or year");
      plan.period = *len;
    }
    if (auto r = root["rounding"]) {
      auto mode = parse_rounding(y.scalar(r, "rounding"));
      if (!mode) y.fail(r, "rounding '" + r.Scalar() + "' must be half_even or half_up");
      plan.rounding = *mode;
    }
    auto eff = y.required(root, "effective", "a plan file");
    y.expect_map(eff, "effective");
    y.only_keys(eff, "effective", {"from", "to"});
    plan.effective.from = y.date(y.required(eff, "from", "effective"), "from");
    plan.effective.to = y.date(y.required(eff, "to", "effective"), "to");
    origin->effective = y.at(eff);
    if (plan.effective.to < plan.effective.from) y.fail(eff, "effective 'to' is before 'from'");
    if (auto tt = root["transfer_terms"]) plan.transfer_terms = read_transfer_terms(y, tt, *origin);
    auto comps = y.required(root, "components", "a plan file");
    y.expect_list(comps, "components");
    std::set<std::string> ids;
    for (const auto& n : comps) {
      Component c = read_component(y, n, *origin);
      if (!ids.insert(base_of(c).id).second) y.fail(n, "duplicate component id '" + base_of(c).id + "'");
      plan.components.push_back(std::move(c));
    }
    if (plan.components.size() > 60000) y.fail(comps, "too many components");
    origin->found_warnings = y.take_warnings();
    return plan;
  } catch (const YAML::Exception& e) {
    throw input_error({source, static_cast<std::size_t>(e.mark.line) + 1, static_cast<std::size_t>(e.mark.column) + 1},
                      e.msg);
  }
}

Plan load_plan(const std::filesystem::path& path) { return parse_plan(read_file(path), path.string()); }

}  // namespace payplan
