"""Spec 6 from Python: ``plan.evaluate(..., paid=, closed_through=,
adjustments=)`` gives the tables ``payplan run --paid --closed-through
--adjustments`` writes, on rules-examples/pay-history (its README's three
runs), with ``result.adjustments``; bad input is refused naming the row."""

from __future__ import annotations

import csv
import decimal
import subprocess
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import pyarrow as pa
import pytest

import payplan
from conftest import EXAMPLES_DIR

D = decimal.Decimal
EXAMPLE = EXAMPLES_DIR / "pay-history"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def text(value: Any) -> str:
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


@pytest.fixture(scope="module")
def cli_runs(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The README's three runs, by the command line."""
    work = tmp_path_factory.mktemp("pay-history-cli")
    q1, q2, q3 = work / "q1", work / "q2", work / "q3"
    common = ["--plan", str(EXAMPLE / "plan.yaml")]
    runs = [
        common + ["--org", str(EXAMPLE / "org-q1.yaml"), "--orders", str(EXAMPLE / "orders-q1.csv"), "--to", "2026-Q1",
                  "--out", str(q1)],
        common + ["--org", str(EXAMPLE / "org.yaml"), "--orders", str(EXAMPLE / "orders-q2.csv"), "--to", "2026-Q2",
                  "--paid", str(q1), "--closed-through", "2026-Q1", "--adjustments", str(EXAMPLE / "adjustments.csv"),
                  "--out", str(q2)],
        common + ["--org", str(EXAMPLE / "org.yaml"), "--orders", str(EXAMPLE / "orders-q3.csv"), "--to", "2026-Q3",
                  "--paid", str(q2), "--closed-through", "2026-Q2", "--out", str(q3)],
    ]
    for args in runs:
        done = subprocess.run([str(cli), "run", *args], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return {"q1": q1, "q2": q2, "q3": q3}


@pytest.fixture(scope="module")
def plan() -> payplan.Plan:
    return payplan.Plan.from_yaml(EXAMPLE / "plan.yaml")


@pytest.fixture(scope="module")
def org() -> payplan.Org:
    return payplan.Org.from_yaml(EXAMPLE / "org.yaml")


@pytest.fixture(scope="module")
def manual() -> pd.DataFrame:
    # the example's adjustments.csv as a DataFrame (amounts as text: never float)
    return pd.read_csv(EXAMPLE / "adjustments.csv", dtype=str)


@pytest.fixture(scope="module")
def py_runs(plan: payplan.Plan, org: payplan.Org, manual: pd.DataFrame) -> dict[str, payplan.Result]:
    """The same three runs in Python, each paid from the previous Result."""
    q1 = plan.evaluate(EXAMPLE / "orders-q1.csv", payplan.Org.from_yaml(EXAMPLE / "org-q1.yaml"), end="2026-Q1")
    q2 = plan.evaluate(EXAMPLE / "orders-q2.csv", org, end="2026-Q2", paid=q1, closed_through="2026-Q1",
                       adjustments=manual)
    q3 = plan.evaluate(EXAMPLE / "orders-q3.csv", org, end="2026-Q3", paid=q2, closed_through="2026-Q2")
    return {"q1": q1, "q2": q2, "q3": q3}


@pytest.mark.parametrize("run", ["q1", "q2", "q3"])
def test_files_equal_the_cli(run: str, py_runs: dict[str, payplan.Result], cli_runs: dict[str, Path],
                             tmp_path: Path) -> None:
    py_runs[run].to_csv(tmp_path / "out")
    for name in ("lines.csv", "statements.csv", "exceptions.csv", "adjustments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (cli_runs[run] / name).read_bytes(), name


@pytest.mark.parametrize("run", ["q2", "q3"])
def test_frames_equal_the_cli_closed_periods_included(run: str, py_runs: dict[str, payplan.Result],
                                                      cli_runs: dict[str, Path]) -> None:
    r = py_runs[run]
    want = rows(cli_runs[run] / "lines.csv")
    lines = r.lines
    assert list(lines.columns) == list(want[0].keys())
    assert len(lines) == len(want)
    assert lines["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    for i, (got, w) in enumerate(zip(lines.itertuples(index=False), want)):
        assert (text(got.period), text(got.payee), text(got.component), text(got.order_id), text(got.note)) == (
            w["period"], w["payee"], w["component"], w["order_id"], w["note"]), f"line {i}"
        assert str(got.amount) == w["amount"], f"line {i}"
        assert got.gross == D(w["gross"]), f"line {i}"
    st = [(str(s.period), str(s.payee), str(s.component), str(s.amount)) for s in r.statements.itertuples(index=False)]
    assert st == [(s["period"], s["payee"], s["component"], s["amount"]) for s in rows(cli_runs[run] / "statements.csv")]


def test_adjustments_frame(py_runs: dict[str, payplan.Result]) -> None:
    # Run 2 (README): ana's Q1 recomputed 3300 - 1050 (CN-105) = 2250; maria
    # 1080 - 150 = 930; raj 48000 of the corrected 40000 quota: 2000 + 640 = 2640.
    a = py_runs["q2"].adjustments
    assert list(a.columns) == ["period", "payee", "component", "origin_period", "paid", "recomputed", "delta"]
    assert a["delta"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    got = [(r.period, r.payee, r.component, text(r.origin_period), text(r.paid), text(r.recomputed), str(r.delta))
           for r in a.itertuples(index=False)]
    assert got == [
        ("2026-Q2", "ana", "base", "", "", "", "250.00"),
        ("2026-Q2", "ana", "base", "2026-Q1", "3300.00", "2250.00", "-1050.00"),
        ("2026-Q2", "maria", "team-override", "2026-Q1", "1080.00", "930.00", "-150.00"),
        ("2026-Q2", "raj", "base", "2026-Q1", "2400.00", "2640.00", "240.00"),
    ]
    # everything paid equals everything recomputed plus the manual 250:
    # 6780 + 4090 = (2250 + 930 + 2640) + (2100 + 800 + 1900) + 250
    assert py_runs["q2"].total == D("10870.00")
    assert py_runs["q1"].adjustments.empty


def test_paid_from_a_folder_equals_paid_from_a_result(plan: payplan.Plan, org: payplan.Org, manual: pd.DataFrame,
                                                      cli_runs: dict[str, Path], tmp_path: Path) -> None:
    r = plan.evaluate(EXAMPLE / "orders-q2.csv", org, end="2026-Q2", paid=cli_runs["q1"], closed_through="2026-Q1",
                      adjustments=EXAMPLE / "adjustments.csv")
    r.to_csv(tmp_path / "out")
    for name in ("lines.csv", "statements.csv", "adjustments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (cli_runs["q2"] / name).read_bytes(), name


def test_bad_input_is_refused(plan: payplan.Plan, org: payplan.Org, py_runs: dict[str, payplan.Result]) -> None:
    orders = EXAMPLE / "orders-q2.csv"
    with pytest.raises(ValueError, match="closed_through='2026-Q1' closes periods of an earlier run: give it with paid="):
        plan.evaluate(orders, org, closed_through="2026-Q1")
    with pytest.raises(ValueError, match="paid= needs closed_through"):
        plan.evaluate(orders, org, paid=py_runs["q1"])
    with pytest.raises(ValueError, match="start cannot go with paid="):
        plan.evaluate(orders, org, start="2026-Q2", paid=py_runs["q1"], closed_through="2026-Q1")
    with pytest.raises(ValueError, match="the amount column is float"):
        plan.evaluate(orders, org, adjustments=pd.DataFrame(
            {"period": ["2026-Q2"], "payee": ["ana"], "component": ["base"], "amount": [2.5], "reason": ["x"]}))
    with pytest.raises(payplan.InputError,
                       match=r"<adjustments frame>:2: row 1, field 'payee': no person 'nobody' in the org"):
        plan.evaluate(orders, org, end="2026-Q2", adjustments=pd.DataFrame(
            {"period": ["2026-Q2"], "payee": ["nobody"], "component": ["base"], "amount": ["2.50"], "reason": ["x"]}))
    lean = plan.evaluate(EXAMPLE / "orders-q1.csv", org, end="2026-Q1", lines=False)
    with pytest.raises(ValueError, match="evaluated with lines=False"):
        plan.evaluate(orders, org, paid=lean, closed_through="2026-Q1")
