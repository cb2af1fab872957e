// Plans and orgs: loading from YAML text or files, and a canonical dict
// (numbers as exact decimal strings) that loads back to the same model.
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "payplan_python.hpp"

namespace payplan::python {

namespace {

std::string money(Money m) { return to_string(m, 0, Money::digits); }

py::object payees(const PayeeSelector& s) {
  if (s.role) {
    py::dict d;
    d["role"] = std::string(to_string(*s.role));
    return std::move(d);
  }
  return py::cast(s.ids);
}

py::dict tiers(const TierTable& t, bool growth) {
  py::dict d;
  if (!growth) d["basis"] = t.basis == tier_basis::sales ? "sales" : "attainment";
  d["method"] = t.method == tier_method::marginal ? "marginal" : "retroactive";
  py::list table;
  for (const Tier& tier : t.tiers) {
    py::dict row;
    if (tier.bounded)
      row["upto"] = t.basis == tier_basis::sales ? money(tier.upto_sales) : to_string(tier.upto_percent);
    row["rate"] = to_string(tier.rate);
    table.append(row);
  }
  d["table"] = table;
  return d;
}

// One writer per value type a component key holds (model/component_keys.hpp),
// the inverse of src/io/load_plan.cpp's readers.
template <class K>
py::object value(const K&, Rate r) {
  return py::str(to_string(r));
}
template <class K>
py::object value(const K&, Money m) {
  return py::str(money(m));
}
template <class K>
py::object value(const K&, Date d) {
  return py::str(to_string(d));
}
template <class K>
py::object value(const K&, bool b) {
  return py::bool_(b);
}
template <class K>
py::object value(const K&, const std::string& s) {
  return py::str(s);
}
template <class K>
py::object value(const K& k, const TierTable& t) {
  return tiers(t, k.tiers == tiers_on::growth);
}
template <class K, class E>
  requires std::is_enum_v<E>
py::object value(const K&, E e) {
  for (const auto& [name, v] : names_of(E{}))
    if (v == e) return py::str(std::string(name));
  throw std::logic_error("an enum value without a name");
}
template <class K, class T>
py::object value(const K& k, const std::vector<T>& xs) {
  py::list out;
  for (const T& x : xs) out.append(value(k, x));
  return std::move(out);
}

// A key is written unless it holds nothing: an empty optional or list.
template <class C, class S, class T>
void write_key(const Key<S, T>& k, const C& c, py::dict& d) {
  const T& v = c.*k.member;
  if constexpr (requires { v.has_value(); }) {
    if (v) d[py::str(std::string(k.name))] = value(k, *v);
  } else if constexpr (requires { v.empty(); typename T::value_type; }) {
    if (!v.empty()) d[py::str(std::string(k.name))] = value(k, v);
  } else {
    d[py::str(std::string(k.name))] = value(k, v);
  }
}
template <class C, class S, class... Keys>
void write_key(const Group<S, Keys...>& g, const C& c, py::dict& d) {
  py::dict sub;
  std::apply([&](const auto&... k) { (write_key(k, c, sub), ...); }, g.keys);
  d[py::str(std::string(g.name))] = sub;
}

// Each type's own keys (its keys(), model/plan.hpp), after id, type, payees and products.
template <class T>
void write_fields(const T& x, py::dict& d) {
  std::apply([&](const auto&... k) { (write_key(k, x, d), ...); }, T::keys());
}

py::dict component_dict(const Component& c) {
  py::dict d;
  const ComponentBase& b = base_of(c);
  d["id"] = b.id;
  d["type"] = std::string(type_name(c));
  // a rebate has no payees key (spec 4.7: the payee is the account); every other type requires one
  if (b.payees.role || !b.payees.ids.empty()) d["payees"] = payees(b.payees);
  if (!b.products.empty()) d["products"] = b.products;
  std::visit([&](const auto& x) { write_fields(x, d); }, c);
  return d;
}

py::dict terms_dict(const TransferTerms& t) {
  py::dict d;
  if (t.delay) d["delay"] = to_string(*t.delay);
  if (t.new_orders_only) d["new_orders_only"] = true;
  if (t.threshold) d["threshold"] = money(*t.threshold);
  if (t.ramp) {
    py::dict ramp;
    ramp["by"] = t.ramp->by == ramp_basis::months ? "months" : "sales";
    py::list steps;
    for (const RampStep& s : t.ramp->steps) {
      py::dict step;
      if (t.ramp->by == ramp_basis::months) step["from"] = s.from_months;
      else step["from"] = money(s.from_sales);
      step["share"] = to_string(s.share);
      steps.append(step);
    }
    ramp["steps"] = steps;
    d["ramp"] = ramp;
  }
  return d;
}

py::dict plan_dict(const Plan& p) {
  py::dict d;
  d["plan"] = p.id;
  d["currency"] = p.currency.code;
  d["period"] = p.period == period_length::month ? "month" : p.period == period_length::quarter ? "quarter" : "year";
  d["rounding"] = std::string(to_string(p.rounding));
  py::dict eff;
  eff["from"] = to_string(p.effective.from);
  eff["to"] = to_string(p.effective.to);
  d["effective"] = eff;
  py::list comps;
  for (const Component& c : p.components) comps.append(component_dict(c));
  d["components"] = comps;
  if (!p.transfer_terms.empty()) {
    py::dict terms;
    for (const TransferTerms& t : p.transfer_terms) terms[py::str(t.name)] = terms_dict(t);
    d["transfer_terms"] = terms;
  }
  return d;
}

py::dict org_dict(const Org& org) {
  py::dict d;
  py::list people;
  for (std::uint32_t i = 0; i < org.people().size(); ++i) {
    const Person& p = org.people()[i];
    py::dict x;
    x["id"] = p.id;
    x["name"] = p.name;
    x["role"] = std::string(to_string(p.role));
    auto line = org.reporting_line(PersonId(i));
    if (line.size() == 1 && line[0].from == from_the_start) {
      x["reports_to"] = org.person(line[0].value).id;
    } else if (!line.empty()) {
      py::list entries;
      for (const auto& e : line) {
        py::dict entry;
        entry["manager"] = org.person(e.value).id;
        entry["from"] = to_string(e.from);
        entries.append(entry);
      }
      x["reports_to"] = entries;
    }
    people.append(x);
  }
  d["people"] = people;
  py::list accounts;
  for (const Account& a : org.accounts()) {
    py::dict x;
    x["id"] = a.id;
    py::list owners;
    for (const auto& o : a.owners) {
      py::dict entry;
      if (const PersonId sole = o.value.sole_owner(); sole.ok()) {
        entry["owner"] = org.person(sole).id;
      } else {
        py::list team;  // spec 3.1: a team entry
        for (const TeamShare& m : o.value.team) {
          py::dict member;
          member["owner"] = org.person(m.owner).id;
          member["share"] = to_percent_string(m.share);
          team.append(member);
        }
        entry["team"] = team;
      }
      entry["from"] = to_string(o.from);
      if (!o.value.terms.empty()) entry["terms"] = o.value.terms;
      owners.append(entry);
    }
    x["owners"] = owners;
    accounts.append(x);
  }
  d["accounts"] = accounts;
  py::list quotas;
  for (const Quota& q : org.quotas()) {
    py::dict x;
    x["person"] = org.person(q.person).id;
    x["period"] = to_string(q.period);
    x["amount"] = money(q.amount);
    quotas.append(x);
  }
  d["quotas"] = quotas;
  return d;
}

}  // namespace

void register_model(py::module_& m) {
  py::class_<Plan, std::shared_ptr<Plan>>(m, "Plan")
      .def_static("parse", &parse_plan, py::arg("text"), py::arg("source"), "Loads a plan from YAML text.")
      .def_static("load", [](const std::string& path) { return load_plan(path); }, py::arg("path"),
                  "Loads a plan from a YAML file.")
      .def_property_readonly("id", [](const Plan& p) { return p.id; })
      .def_property_readonly("currency", [](const Plan& p) { return p.currency.code; })
      .def_property_readonly("minor_unit", [](const Plan& p) { return p.currency.minor_unit; })
      .def_property_readonly("source", [](const Plan& p) { return p.where({subject::kind::input}).file; })
      .def("to_dict", &plan_dict, "The plan as a dict of plain values (numbers as exact decimal strings).");

  py::class_<Org, std::shared_ptr<Org>>(m, "Org")
      .def_static("parse", &parse_org, py::arg("text"), py::arg("source"), "Loads an org from YAML text.")
      .def_static("load", [](const std::string& path) { return load_org(path); }, py::arg("path"),
                  "Loads an org from a YAML file.")
      .def("to_dict", &org_dict, "The org as a dict of plain values.");

  // spec 3.1: deal-level credits, from a CSV file or from a DataFrame's
  // columns (rows named as the frame's rows from 1, like the CSV's)
  py::class_<DealCredits, std::shared_ptr<DealCredits>>(m, "Credits")
      .def_static("load", [](const std::string& path) { return load_credits(path); }, py::arg("path"),
                  "Loads deal-level credits from a CSV file (order_id,person,share[,overlay]).")
      .def_static("from_rows", &credits_from_columns, py::arg("order_ids"), py::arg("persons"), py::arg("shares"),
                  py::arg("overlays"), py::arg("source"),
                  "Deal-level credits from columns: shares written like rates ('70%', '0.7').")
      .def("__len__", [](const DealCredits& c) { return c.size(); });

  // spec 6: an earlier run's output folder, read for paid=, and manual adjustments
  py::class_<PaidRun, std::shared_ptr<PaidRun>>(m, "PaidRun")
      .def_static(
          "load",
          [](const std::string& dir, std::optional<std::string> closed_through) {
            std::optional<Period> ct;
            if (closed_through) ct = parse_period(*closed_through);
            return std::make_shared<PaidRun>(load_paid(dir, ct));
          },
          py::arg("dir"), py::arg("closed_through"), "Reads an earlier run's output folder (spec 6).")
      .def_property_readonly("closed_lines", [](const PaidRun& p) { return p.closed_lines; });
  py::class_<ManualAdjustments, std::shared_ptr<ManualAdjustments>>(m, "ManualAdjustments")
      .def_static("load", [](const std::string& path) { return load_adjustments(path); }, py::arg("path"),
                  "Loads manual adjustments from a CSV file (period,payee,component,amount,reason).")
      .def_static("parse", &parse_adjustments, py::arg("text"), py::arg("source"),
                  "Manual adjustments from CSV text.")
      .def("__len__", [](const ManualAdjustments& a) { return a.size(); });

  m.def("validate", &validate, py::arg("plan"), py::arg("org"),
        "Checks the plan's references against the org (payee ids, transfer terms).");
}

}  // namespace payplan::python
