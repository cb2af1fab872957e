"""The public API as a typed user writes it: `python3 -m mypy` checks this
module in strict mode against the package and its stubs (pyproject.toml
[tool.mypy]), and pytest runs it.

`_misuses` is never called: each line there must be a type error, so its
`# type: ignore[...]` is used (strict mode's warn_unused_ignores turns an
unneeded ignore into an error, the way a compile-fail test works).
"""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

import payplan

HANDOVER = Path(__file__).resolve().parents[2] / "rules-examples" / "account-handover"


def load(policy: str) -> tuple[payplan.Plan, payplan.Org]:
    plan: payplan.Plan = payplan.Plan.from_yaml(HANDOVER / f"plan-{policy}.yaml")
    org: payplan.Org = payplan.Org.from_yaml(str(HANDOVER / "org.yaml"))
    return plan, org


def raj_per_quarter(result: payplan.Result) -> dict[str, decimal.Decimal]:
    statements: pd.DataFrame = result.statements
    raj = statements[statements["payee"] == "raj"]
    return {str(period): amount for period, amount in zip(raj["period"], raj["amount"])}


def test_typed_use_of_the_api() -> None:
    plan, org = load("threshold")
    orders: payplan.Orders = payplan.Orders.from_csv(HANDOVER / "orders.csv", plan.currency)
    count: int = len(orders)
    assert count == 385

    result: payplan.Result = plan.evaluate(orders, org, start="2026-Q1", end=dt.date(2026, 12, 31))
    total: decimal.Decimal = result.total
    assert total == decimal.Decimal("25846.83")
    assert raj_per_quarter(result)["2026-Q1"] == decimal.Decimal("4199.11")

    lines: pd.DataFrame = result.lines
    exceptions: pd.DataFrame = result.exceptions
    assert len(lines) > 0 and len(exceptions) == 0
    plotted: payplan.Result = result.to_float()
    assert plotted.statements["amount"].dtype == "float64"
    working: str = result.explain("raj", "SO-10278")
    assert "275.06" in working

    as_dict: dict[str, Any] = plan.to_dict()
    assert payplan.Plan.from_dict(as_dict) == plan
    assert payplan.Org.from_dict(org.to_dict()) == org
    plan_id: str = plan.id
    assert plan_id == "account-handover-threshold"


def test_typed_frame_and_errors() -> None:
    plan, org = load("ramp-months")
    frame: pd.DataFrame = pd.read_csv(HANDOVER / "orders.csv", dtype=str, keep_default_na=False)
    result: payplan.Result = payplan.evaluate(plan, frame, org, None, "2026-Q4", allow_float=False)
    assert result.total == decimal.Decimal("77993.14")

    from_table: payplan.Orders = payplan.Orders.from_frame(pa.Table.from_pandas(frame, preserve_index=False))
    assert len(from_table) == 385
    summary: str = result._repr_html_()
    assert "77,993.14 USD" in summary

    frame.loc[3, "amount"] = "abc"
    try:
        payplan.Orders.from_frame(frame, "USD")
    except payplan.InputError as error:
        message: str = str(error)
        assert "row 3 (index 3), field 'amount'" in message
        invalid: ValueError = error
        assert invalid is error
    else:
        raise AssertionError("a bad amount must raise InputError")


def _misuses(plan: payplan.Plan, org: payplan.Org, result: payplan.Result) -> None:
    plan.evaluate("orders.csv", "org.yaml")  # type: ignore[arg-type]
    plan.evaluate("orders.csv", org, start=20260101)  # type: ignore[arg-type]
    payplan.Plan.from_dict(["plan"])  # type: ignore[arg-type]
    n: int = result.total  # type: ignore[assignment]
    result.explain("raj")  # type: ignore[call-arg]
    del n
