"""Plan.from_dict and Org.from_dict (issue 15): an error or a warning names
the key path the user wrote (``components[0].tiers.table[1].rate``), never a
line of the text the dict was turned into for the loader."""

from __future__ import annotations

import copy
import re
from typing import Any

import pandas as pd
import pytest

import payplan


def plan_dict() -> dict[str, Any]:
    """Three components: tiers, an override with two rates, a flat commission."""
    return {
        "plan": "dict-plan",
        "currency": "USD",
        "period": "quarter",
        "effective": {"from": "2026-01-01", "to": "2026-12-31"},
        "components": [
            {"id": "commission", "type": "commission", "payees": ["raj", "lee"],
             "tiers": {"basis": "attainment", "method": "marginal",
                       "table": [{"upto": "100%", "rate": "4%"}, {"upto": "150%", "rate": "6%"}, {"rate": "8%"}]}},
            {"id": "override", "type": "override", "payees": {"role": "manager"}, "rates": ["2%", "1%"]},
            {"id": "flat", "type": "commission", "payees": {"role": "rep"}, "rate": "1%"},
        ],
    }


def org_dict() -> dict[str, Any]:
    return {
        "people": [{"id": "maria", "role": "manager"},
                   {"id": "raj", "role": "rep", "reports_to": "maria"},
                   {"id": "lee", "role": "rep", "reports_to": "maria"}],
        "accounts": [{"id": "ACME", "owners": [{"owner": "raj", "from": "2025-01-01"}]}],
        "quotas": [{"person": "raj", "period": "2026-Q1", "amount": "100000"},
                   {"person": "lee", "period": "2026-Q1", "amount": "100000"}],
    }


def plan_error(change: Any) -> str:
    plan = plan_dict()
    change(plan)
    with pytest.raises(payplan.InputError) as e:
        payplan.Plan.from_dict(plan)
    message = str(e.value)
    assert not re.search(r"<plan dict>|:\d+:\d+", message), message  # no line of the generated text
    return message


def test_the_dicts_load() -> None:
    plan = payplan.Plan.from_dict(plan_dict())
    assert [c["id"] for c in plan.to_dict()["components"]] == ["commission", "override", "flat"]
    assert payplan.Org.from_dict(org_dict()) == payplan.Org.from_dict(copy.deepcopy(org_dict()))


def test_a_bad_rate_deep_in_tiers_names_its_key_path() -> None:
    def change(p: dict[str, Any]) -> None:
        p["components"][0]["tiers"]["table"][1]["rate"] = "six"

    assert plan_error(change) == ("plan dict: components[0].tiers.table[1].rate: rate 'six' is not a decimal number "
                                  "(write 5%, 2.75% or 0.0275)")


def test_a_bad_rate_in_a_list_names_its_index() -> None:
    def change(p: dict[str, Any]) -> None:
        p["components"][1]["rates"][1] = "x"

    assert plan_error(change).startswith("plan dict: components[1].rates[1]: an override rate 'x' is not a decimal")


def test_an_unknown_key_names_its_key_path() -> None:
    def change(p: dict[str, Any]) -> None:
        p["components"][2]["bogus"] = 1

    assert plan_error(change).startswith("plan dict: components[2].bogus: unknown key 'bogus' in a commission "
                                         "component (expected one of: ")


def test_a_missing_required_key_names_the_mapping_it_is_missing_from() -> None:
    def change(p: dict[str, Any]) -> None:
        del p["components"][2]["type"]

    assert plan_error(change) == "plan dict: components[2]: a component needs 'type'"


def test_a_missing_top_level_key_names_the_plan_dict() -> None:
    def change(p: dict[str, Any]) -> None:
        del p["plan"]

    assert plan_error(change) == "plan dict: a plan file needs 'plan'"


def test_a_bad_date_and_an_empty_table_name_their_key_paths() -> None:
    def bad_date(p: dict[str, Any]) -> None:
        p["effective"]["from"] = "2026-13-01"

    def empty_table(p: dict[str, Any]) -> None:
        p["components"][0]["tiers"]["table"] = []

    assert plan_error(bad_date) == "plan dict: effective.from: from '2026-13-01' is not a date (YYYY-MM-DD)"
    assert plan_error(empty_table) == "plan dict: components[0].tiers.table: tiers table is empty"


def test_a_warning_names_its_key_path() -> None:
    plan = plan_dict()
    plan["components"][0]["tiers"]["table"][2]["rate"] = "800%"
    warnings = payplan.Plan.from_dict(plan).warnings(payplan.Org.from_dict(org_dict()))
    assert "plan dict: components[0].tiers.table[2].rate: tier rate 800% is above 100%" in warnings


def test_org_errors_name_their_key_paths() -> None:
    org = org_dict()
    org["people"][2]["reports_to"] = "nobody"
    with pytest.raises(payplan.InputError) as e:
        payplan.Org.from_dict(org)
    assert str(e.value) == "org dict: people[2].reports_to: field 'reports_to': unknown person 'nobody' in reports_to"
    org = org_dict()
    org["accounts"][0]["owners"][0]["from"] = "someday"
    with pytest.raises(payplan.InputError, match=r"^org dict: accounts\[0\]\.owners\[0\]\.from: from 'someday' is not a date"):
        payplan.Org.from_dict(org)
    org = org_dict()
    org["quotas"][1]["amount"] = "lots"
    with pytest.raises(payplan.InputError, match=r"^org dict: quotas\[1\]\.amount: "):
        payplan.Org.from_dict(org)


def test_yaml_text_keeps_its_lines() -> None:
    """Only a dict's messages change: YAML text still names its own line and column."""
    with pytest.raises(payplan.InputError, match=r"^<plan text>:\d+:\d+: "):
        payplan.Plan.from_yaml("plan: p\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
                               "components:\n  - {id: c, type: commission, payees: [raj], rate: six}\n")


def test_messages_of_the_run_name_key_paths_too() -> None:
    # effective starts inside 2026-Q1: the run's period_not_paid warning names the dict's key, as the loader's do
    plan = payplan.Plan.from_dict({
        "plan": "p", "currency": "USD", "period": "quarter",
        "effective": {"from": "2026-01-02", "to": "2026-12-31"},
        "components": [{"id": "base", "type": "commission", "payees": ["zed"], "rate": "5%"}],
    })
    org = payplan.Org.from_dict({"people": [{"id": "raj", "role": "rep"}],
                                 "accounts": [{"id": "ACME", "owners": [{"owner": "raj", "from": "2020-01-01"}]}]})
    orders = pd.DataFrame({"order_id": ["O1"], "date": ["2026-05-10"], "account": ["ACME"], "amount": ["100"]})
    # an unknown payee is found when the plan meets the org: named by its key path
    with pytest.raises(payplan.InputError, match=r"^plan dict: components\[0\]\.payees: .*unknown payee 'zed'"):
        plan.evaluate(orders, org)
    plan = payplan.Plan.from_dict({**plan.to_dict(), "components": [
        {"id": "base", "type": "commission", "payees": ["raj"], "rate": "5%"}]})
    plan = payplan.Plan.from_dict({**plan.to_dict(), "effective": {"from": "2026-01-02", "to": "2026-12-31"}})
    with pytest.warns(payplan.PayplanWarning) as caught:
        plan.evaluate(orders, org)
    assert [str(w.message) for w in caught] == [
        "plan dict: effective: effective starts on 2026-01-02, inside 2026-Q1: only periods wholly inside are paid, so "
        "2026-Q1 is not paid"]
    assert caught[0].filename == __file__  # the caller's line, not the package's


def test_a_module_level_evaluate_warns_at_the_callers_line() -> None:
    plan = payplan.Plan.from_yaml("plan: p\ncurrency: USD\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
                                  "components:\n  - {id: base, type: commission, payees: {role: rep}, rate: 5}\n")
    org = payplan.Org.from_yaml("people:\n  - {id: raj, role: rep}\naccounts: []\n")
    orders = pd.DataFrame({"order_id": ["O1"], "date": ["2026-05-10"], "account": ["ACME"], "amount": ["100"]})
    with pytest.warns(payplan.PayplanWarning) as caught:
        payplan.evaluate(plan, orders, org)
    assert {w.filename for w in caught} == {__file__}
