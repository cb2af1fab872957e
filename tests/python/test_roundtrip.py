"""Plans and orgs from YAML, YAML text and dicts are the same objects."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Any

import pytest

import payplan
from conftest import Example

D = decimal.Decimal

# plan-ramp-months.yaml of account-handover, written by hand as a dict, with
# the value types a Python user would reach for: a date, percent text, a
# Decimal, a float and an int.
RAMP_MONTHS: dict[str, Any] = {
    "plan": "account-handover-ramp-months",
    "currency": "USD",
    "period": "quarter",
    "rounding": "half_even",
    "effective": {"from": dt.date(2024, 1, 1), "to": "2026-12-31"},
    "components": [
        {"id": "commission", "type": "commission", "payees": ["maria", "raj"], "rate": "5%"},
    ],
    "transfer_terms": {
        "key-account-handover": {
            "ramp": {
                "by": "months",
                "steps": [
                    {"from": 0, "share": "25%"},
                    {"from": 3, "share": D("0.5")},
                    {"from": 6, "share": 0.75},
                    {"from": 12, "share": 1},
                ],
            },
        },
    },
}

ORG: dict[str, Any] = {
    "people": [
        {"id": "maria", "name": "Maria Lopez", "role": "manager"},
        {"id": "raj", "name": "Raj Patel", "role": "rep", "reports_to": "maria"},
    ],
    "accounts": [
        {"id": "ACME", "owners": [
            {"owner": "maria", "from": "2024-01-01"},
            {"owner": "raj", "from": dt.date(2026, 1, 1), "terms": "key-account-handover"},
        ]},
        {"id": "HOUSE", "owners": [{"owner": "maria", "from": "2024-01-01"}]},
        {"id": "RAJCO", "owners": [{"owner": "raj", "from": "2024-01-01"}]},
    ],
}


def test_hand_written_plan_dict_equals_yaml(handover: Path) -> None:
    from_yaml = payplan.Plan.from_yaml(handover / "plan-ramp-months.yaml")
    from_dict = payplan.Plan.from_dict(RAMP_MONTHS)
    assert from_dict == from_yaml
    assert from_dict.id == "account-handover-ramp-months"
    assert from_dict.currency == "USD"
    assert from_dict.to_dict()["components"][0]["rate"] == "0.05"  # numbers come back as exact decimal text
    assert from_dict != payplan.Plan.from_yaml(handover / "plan-threshold.yaml")


def test_hand_written_org_dict_equals_yaml(handover: Path) -> None:
    assert payplan.Org.from_dict(ORG) == payplan.Org.from_yaml(handover / "org.yaml")
    moved = {**ORG, "accounts": ORG["accounts"][1:]}
    assert payplan.Org.from_dict(moved) != payplan.Org.from_yaml(handover / "org.yaml")


def test_hand_written_dicts_evaluate_like_yaml(handover: Path) -> None:
    orders = payplan.Orders.from_csv(handover / "orders.csv")
    a = payplan.Plan.from_dict(RAMP_MONTHS).evaluate(orders, payplan.Org.from_dict(ORG))
    b = payplan.Plan.from_yaml(handover / "plan-ramp-months.yaml").evaluate(orders, payplan.Org.from_yaml(handover / "org.yaml"))
    assert a.statements.equals(b.statements)
    assert a.total == b.total == D("77993.14")  # the CLI's grand total for ramp-months


def test_plan_to_dict_round_trip(example: Example) -> None:
    plan = payplan.Plan.from_yaml(example.plan)
    again = payplan.Plan.from_dict(plan.to_dict())
    assert again == plan
    assert again.to_dict() == plan.to_dict()
    text = example.plan.read_text(encoding="utf-8")
    assert payplan.Plan.from_yaml(text) == plan  # YAML text, not a path


def test_plan_round_trip_evaluates_the_same(example: Example) -> None:
    org = payplan.Org.from_yaml(example.org)
    orders = payplan.Orders.from_csv(example.orders)
    plan = payplan.Plan.from_yaml(example.plan)
    a = plan.evaluate(orders, org)
    b = payplan.Plan.from_dict(plan.to_dict()).evaluate(orders, payplan.Org.from_dict(org.to_dict()))
    assert a.lines.equals(b.lines)
    assert a.statements.equals(b.statements)


def test_org_to_dict_round_trip(org_path: Path) -> None:
    org = payplan.Org.from_yaml(org_path)
    again = payplan.Org.from_dict(org.to_dict())
    assert again == org
    assert again.to_dict() == org.to_dict()
    assert payplan.Org.from_yaml(org_path.read_text(encoding="utf-8")) == org


def test_pyyaml_loaded_dict_equals_yaml(example: Example) -> None:
    """A plan read with PyYAML (dates become datetime.date, 5% stays text) loads as the same plan."""
    yaml = pytest.importorskip("yaml")
    loaded = yaml.safe_load(example.plan.read_text(encoding="utf-8"))
    assert payplan.Plan.from_dict(loaded) == payplan.Plan.from_yaml(example.plan)
    org = yaml.safe_load(example.org.read_text(encoding="utf-8"))
    assert payplan.Org.from_dict(org) == payplan.Org.from_yaml(example.org)


def test_equality_is_by_value_only() -> None:
    plan = payplan.Plan.from_dict(RAMP_MONTHS)
    assert plan != RAMP_MONTHS
    assert plan != payplan.Org.from_dict(ORG)


def test_bad_dict_raises_input_error() -> None:
    with pytest.raises(payplan.InputError, match="needs 'effective'"):
        payplan.Plan.from_dict({k: v for k, v in RAMP_MONTHS.items() if k != "effective"})
    with pytest.raises(payplan.InputError, match="rounding 'sideways'"):
        payplan.Plan.from_dict({**RAMP_MONTHS, "rounding": "sideways"})
    with pytest.raises(TypeError, match="cannot use object"):
        payplan.Plan.from_dict({**RAMP_MONTHS, "currency": object()})
