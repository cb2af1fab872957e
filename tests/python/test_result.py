"""The Result object: column types, exact money, to_float, explain, ranges."""

from __future__ import annotations

import decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import payplan
from conftest import EXAMPLES_DIR

D = decimal.Decimal


@pytest.fixture(scope="module")
def result(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> payplan.Result:
    return threshold_plan.evaluate(handover / "orders.csv", handover_org)


def test_public_names() -> None:
    for name in payplan.__all__:
        assert hasattr(payplan, name), name
    assert issubclass(payplan.InputError, ValueError)


def test_column_types(result: payplan.Result) -> None:
    lines = result.lines
    assert list(lines.columns) == ["period", "payee", "component", "order_id", "account", "date", "amount_in",
                                   "gross", "eligible", "share", "amount", "note"]
    assert lines["date"].dtype == np.dtype("datetime64[s]")  # ns would end in 2262; the engine runs to 9999
    assert lines["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    for name in ("amount_in", "gross", "eligible", "share"):
        assert pa.types.is_decimal(lines[name].dtype.pyarrow_dtype), name
    assert result.statements["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    assert all(isinstance(v, D) for v in result.statements["amount"])


def test_readme_figures(result: payplan.Result) -> None:
    """account-handover/README.md: raj under the threshold policy, and the crossing order SO-10278."""
    st = result.statements
    raj_2026 = st[(st["payee"] == "raj") & st["period"].astype(str).str.startswith("2026")]
    assert [str(a) for a in raj_2026["amount"]] == ["4199.11", "4766.95", "7064.35", "5656.27"]
    crossing = result.lines[result.lines["order_id"] == "SO-10278"].iloc[0]
    assert crossing["amount"] == D("275.06")
    assert crossing["eligible"] == D("0.225643")
    assert crossing["note"] == "threshold 50000.00: 5501.17 of 24380.00 eligible"


def test_money_sums_stay_exact(result: payplan.Result) -> None:
    """pandas sums over the decimal column are exact decimals, equal to Result.total."""
    total = result.statements["amount"].sum()
    assert isinstance(total, D)
    assert total == result.total == D("81155.39")
    by_payee = result.statements.groupby("payee", observed=True)["amount"].sum()
    assert sum(by_payee, D(0)) == result.total


def test_to_float(result: payplan.Result) -> None:
    floats = result.to_float()
    assert floats.statements["amount"].dtype == np.float64
    for name in ("amount_in", "gross", "eligible", "share", "amount"):
        assert floats.lines[name].dtype == np.float64, name
    assert floats.statements["amount"].tolist() == [float(a) for a in result.statements["amount"]]
    assert floats.lines["payee"].equals(result.lines["payee"])
    assert floats.exceptions.equals(result.exceptions)
    # the original keeps its exact columns
    assert result.statements["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))


def test_range_selects_periods(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org,
                               result: payplan.Result) -> None:
    q2 = threshold_plan.evaluate(handover / "orders.csv", handover_org, start="2026-Q2", end="2026-Q2")
    assert set(q2.statements["period"].astype(str)) == {"2026-Q2"}
    whole = result.statements[result.statements["period"] == "2026-Q2"]
    assert q2.statements["amount"].tolist() == whole["amount"].tolist()
    # the return RT-2601 in Q2 claws back what the Q1 order paid: history outside the range still counts
    clawback = q2.lines[q2.lines["order_id"] == "RT-2601"]
    assert clawback["amount"].tolist() == [D("-68.76")]


def test_exceptions() -> None:
    example_dir = EXAMPLES_DIR / "basic-commission"
    plan = payplan.Plan.from_yaml(example_dir / "plan.yaml")
    result = plan.evaluate(example_dir / "orders.csv", payplan.Org.from_yaml(example_dir / "org.yaml"))
    kinds = result.exceptions["kind"].tolist()
    assert kinds.count("no_owner") == 3
    assert "unknown_refund_of" in kinds and "missing_quota" in kinds


def test_explain_without_a_line(result: payplan.Result) -> None:
    assert result.explain("maria", "SO-10278") == "no line of order SO-10278 pays maria"


def test_repr(result: payplan.Result, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    assert repr(result) == "Result('account-handover-threshold': total 81155.39)"
    assert repr(threshold_plan) == "Plan('account-handover-threshold', 1 components)"
    assert repr(handover_org) == "Org(2 people, 3 accounts)"


def test_money_columns_support_arithmetic(handover: Path, handover_org: payplan.Org, result: payplan.Result) -> None:
    """Comparing two policies is a subtraction of their statement columns."""
    ramp = payplan.Plan.from_yaml(handover / "plan-ramp-months.yaml").evaluate(handover / "orders.csv", handover_org)
    a, b = result.statements["amount"], ramp.statements["amount"]
    assert (a - b).sum() == result.total - ramp.total
    assert (a + b).sum() == result.total + ramp.total
    assert (a * 2).sum() == 2 * result.total
