"""The Python results equal the CLI's output files for every example, exactly.

Every money value is compared as a ``decimal.Decimal`` (never a float), the
rows in the same order, and statement amounts also as text: the CLI writes
exactly the currency's minor digits and so must the decimal column.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import subprocess
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import pyarrow as pa
import pytest

import payplan
from conftest import EXAMPLES_DIR, Example, run_cli

D = decimal.Decimal


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cell(value: Any) -> Optional[Any]:
    """A DataFrame cell with pandas' missing markers as None."""
    return None if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)) else value


def text(value: Any) -> str:
    v = cell(value)
    return "" if v is None else str(v)


def date_text(value: Any) -> str:
    v = cell(value)
    return "" if v is None else pd.Timestamp(v).strftime("%Y-%m-%d")


def money(value: str) -> Optional[decimal.Decimal]:
    return D(value) if value != "" else None


@pytest.fixture
def py_result(example: Example) -> payplan.Result:
    plan = payplan.Plan.from_yaml(example.plan)
    org = payplan.Org.from_yaml(example.org)
    return plan.evaluate(example.orders, org, credits=example.credits)


def test_statements_equal_cli(example: Example, py_result: payplan.Result, cli_outputs: dict[str, Path]) -> None:
    expected = [
        (r["period"], r["payee"], r["component"], r["amount"])
        for r in read_csv_rows(cli_outputs[example.name] / "statements.csv")
    ]
    st = py_result.statements
    assert list(st.columns) == ["period", "payee", "component", "amount"]
    assert st["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    got = [
        (str(r.period), str(r.payee), str(r.component), str(r.amount))  # Decimal text keeps the scale: '0.00'
        for r in st.itertuples(index=False)
    ]
    assert got == expected


def order_columns(r: Any) -> tuple[Any, ...]:
    return (text(r.period), text(r.payee), text(r.component), text(r.order_id), text(r.account), date_text(r.date))


def test_lines_equal_cli(example: Example, py_result: payplan.Result, cli_outputs: dict[str, Path]) -> None:
    rows = read_csv_rows(cli_outputs[example.name] / "lines.csv")
    lines = py_result.lines
    assert rows, "every example pays something"
    assert list(lines.columns) == list(rows[0].keys())
    assert len(lines) == len(rows)
    assert lines["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    for i, (r, want) in enumerate(zip(lines.itertuples(index=False), rows)):
        assert order_columns(r) == (want["period"], want["payee"], want["component"], want["order_id"],
                                    want["account"], want["date"]), f"line {i}"
        # gross: the CLI shows it rounded half-even to 6 digits, which is the column's scale
        assert (r.gross, r.eligible, r.share) == (D(want["gross"]), D(want["eligible"]), D(want["share"])), f"line {i}"
        assert str(r.amount) == want["amount"], f"line {i}"
        assert text(r.note) == want["note"], f"line {i}"
        if want["order_id"]:
            # amount_in of period-level lines: see test_period_level_lines_have_no_amount_in
            assert r.amount_in == money(want["amount_in"]), f"line {i}"


@pytest.mark.parametrize("folder", ["full-plan", "manager-growth"])
def test_period_level_lines_have_no_amount_in(folder: str) -> None:
    ex = Example(EXAMPLES_DIR / folder, EXAMPLES_DIR / folder / "plan.yaml")
    lines = payplan.Plan.from_yaml(ex.plan).evaluate(ex.orders, payplan.Org.from_yaml(ex.org)).lines
    period_level = lines[lines["order_id"].isna()]
    assert len(period_level) > 0
    assert period_level["amount_in"].isna().all()


def test_exceptions_equal_cli(example: Example, py_result: payplan.Result, cli_outputs: dict[str, Path]) -> None:
    expected = [(r["kind"], r["order_id"], r["detail"]) for r in read_csv_rows(cli_outputs[example.name] / "exceptions.csv")]
    ex = py_result.exceptions
    assert list(ex.columns) == ["kind", "order_id", "detail"]
    assert [(text(a), text(b), text(c)) for a, b, c in ex.itertuples(index=False)] == expected


def test_statements_are_sums_of_lines(example: Example, py_result: payplan.Result) -> None:
    """Spec 1: statement totals are sums of rounded lines."""
    sums: dict[tuple[str, str, str], decimal.Decimal] = {}
    for r in py_result.lines.itertuples(index=False):
        key = (str(r.period), str(r.payee), str(r.component))
        sums[key] = sums.get(key, D(0)) + r.amount
    st = {(str(r.period), str(r.payee), str(r.component)): r.amount for r in py_result.statements.itertuples(index=False)}
    assert st == sums
    assert py_result.total == sum(st.values(), D(0))


def test_to_csv_writes_the_cli_files(example: Example, py_result: payplan.Result, cli_outputs: dict[str, Path],
                                     tmp_path: Path) -> None:
    py_result.to_csv(tmp_path)
    for name in ("lines.csv", "statements.csv", "exceptions.csv"):
        assert (tmp_path / name).read_bytes() == (cli_outputs[example.name] / name).read_bytes(), name


@pytest.mark.parametrize(("start", "end", "flags"), [
    ("2026-Q2", None, ["--from", "2026-Q2"]),
    (None, "2026-06-30", ["--to", "2026-06-30"]),
    (dt.date(2026, 4, 1), dt.date(2026, 9, 30), ["--from", "2026-04-01", "--to", "2026-09-30"]),
])
def test_run_range_equals_cli(cli: Path, handover: Path, tmp_path: Path, start: Any, end: Any, flags: list[str]) -> None:
    example = Example(handover, handover / "plan-threshold.yaml")
    run = run_cli(cli, example, tmp_path / "out", *flags)
    assert run.returncode == 0, run.stderr
    result = payplan.Plan.from_yaml(example.plan).evaluate(example.orders, payplan.Org.from_yaml(example.org), start, end)
    expected = [(r["period"], r["payee"], r["amount"]) for r in read_csv_rows(run.out / "statements.csv")]
    assert expected, "the range selects some periods"
    assert [(str(r.period), str(r.payee), str(r.amount)) for r in result.statements.itertuples(index=False)] == expected


def test_explain_equals_cli(cli: Path, handover: Path) -> None:
    """The threshold crossing (SO-10278) and its clawback (RT-2601), as ``payplan explain`` prints them."""
    example = Example(handover, handover / "plan-threshold.yaml")
    result = payplan.Plan.from_yaml(example.plan).evaluate(example.orders, payplan.Org.from_yaml(example.org))
    for order in ("SO-10278", "RT-2601"):
        proc = subprocess.run(
            [str(cli), "explain", "--plan", str(example.plan), "--org", str(example.org), "--orders",
             str(example.orders), "--payee", "raj", "--order", order],
            capture_output=True, text=True, check=True, timeout=60,
        )
        header, _, body = proc.stdout.partition("\n\n")  # "order X, payee raj: 1 line"
        assert header == f"order {order}, payee raj: 1 line"
        assert result.explain("raj", order) == body.rstrip("\n")
    assert "275.06" in result.explain("raj", "SO-10278")  # README: the crossing pays 275.06
    assert "-68.76" in result.explain("raj", "RT-2601")   # README: the return claws back -68.76


def test_explain_period_equals_cli(cli: Path) -> None:
    """A period-level line (team growth) and the contest, as ``payplan explain --period`` prints them."""
    example_dir = Path(__file__).resolve().parents[2] / "rules-examples" / "manager-growth"
    example = Example(example_dir, example_dir / "plan.yaml")
    result = payplan.Plan.from_yaml(example.plan).evaluate(example.orders, payplan.Org.from_yaml(example.org))
    for payee, period, component in (("maria", "2026-Q2", "team-growth"), ("ana", "2026-Q3", "summer-contest")):
        proc = subprocess.run(
            [str(cli), "explain", "--plan", str(example.plan), "--org", str(example.org), "--orders",
             str(example.orders), "--payee", payee, "--period", period, "--component", component],
            capture_output=True, text=True, check=True, timeout=60,
        )
        header, _, body = proc.stdout.partition("\n\n")
        assert header == f"period {period}, payee {payee}, component {component}: 1 line"
        assert result.explain_period(payee, period, component) == body.rstrip("\n")


def test_golden_reference_figures(handover: Path, handover_org: payplan.Org) -> None:
    """tests/golden/account-handover.expected.csv is an independent reference implementation's output."""
    golden = Path(__file__).resolve().parents[1] / "golden" / "account-handover.expected.csv"
    if not golden.is_file():
        pytest.skip(f"no golden file at {golden}")
    expected: dict[str, set[tuple[str, str, str]]] = {}
    for r in read_csv_rows(golden):
        expected.setdefault(r["policy"], set()).add((r["period"], r["payee"], r["amount"]))
    assert len(expected) == 7
    orders = payplan.Orders.from_csv(handover / "orders.csv")
    for policy, rows in expected.items():
        result = payplan.Plan.from_yaml(handover / f"plan-{policy}.yaml").evaluate(orders, handover_org, "2026-Q1", "2026-Q4")
        st = result.statements.groupby(["period", "payee"], observed=True)["amount"].sum()
        assert {(str(p), str(who), str(a)) for (p, who), a in st.items()} == rows, policy
