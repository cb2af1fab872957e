"""A Result for people who do not read DataFrames (issue 15): payees listed
by id, float columns for describe() and charts, an Excel workbook, and a
summary table in a notebook."""

from __future__ import annotations

import datetime
import decimal
import html
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import payplan
from conftest import EXAMPLES_DIR

D = decimal.Decimal
openpyxl = pytest.importorskip("openpyxl")
PAY_HISTORY = EXAMPLES_DIR / "pay-history"
BASIC = EXAMPLES_DIR / "basic-commission"
GROWTH = EXAMPLES_DIR / "manager-growth"


@pytest.fixture(scope="module")
def result(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> payplan.Result:
    return threshold_plan.evaluate(handover / "orders.csv", handover_org)


@pytest.fixture(scope="module")
def growth() -> payplan.Result:
    """manager-growth: people and accounts are paid, met by the engine in no sorted order."""
    return payplan.Plan.from_yaml(GROWTH / "plan.yaml").evaluate(GROWTH / "orders.csv",
                                                                  payplan.Org.from_yaml(GROWTH / "org.yaml"))


@pytest.fixture(scope="module")
def basic() -> payplan.Result:
    """basic-commission: five exceptions of three kinds."""
    return payplan.Plan.from_yaml(BASIC / "plan.yaml").evaluate(BASIC / "orders.csv",
                                                                 payplan.Org.from_yaml(BASIC / "org.yaml"))


@pytest.fixture(scope="module")
def settled() -> payplan.Result:
    """pay-history's second run: Q1 closed from the first run, with a manual adjustment."""
    plan = payplan.Plan.from_yaml(PAY_HISTORY / "plan.yaml")
    q1 = plan.evaluate(PAY_HISTORY / "orders-q1.csv", payplan.Org.from_yaml(PAY_HISTORY / "org-q1.yaml"), end="2026-Q1")
    return plan.evaluate(PAY_HISTORY / "orders-q2.csv", payplan.Org.from_yaml(PAY_HISTORY / "org.yaml"), end="2026-Q2",
                         paid=q1, closed_through="2026-Q1",
                         adjustments=pd.read_csv(PAY_HISTORY / "adjustments.csv", dtype=str))


# --- payees sorted by id ----------------------------------------------------------------------------

GROWTH_PAYEES = ["BRIGHTWAVE", "CYBERDYNE", "DELTA", "GLOBEX", "HARBOR", "HOOLI", "INITECH", "KEYSTONE", "SOYLENT",
                 "TYRELL", "UMBRA", "VANDELAY", "WAYNECO", "WONKA", "ana", "kim", "lee", "maria", "northwind", "omar",
                 "raj"]


def test_payee_categories_are_sorted_by_id(growth: payplan.Result) -> None:
    # the engine meets raj, ana, lee, kim, northwind, maria, omar, then the accounts: not this order
    assert list(growth.statements["payee"].cat.categories) == GROWTH_PAYEES
    assert list(growth.lines["payee"].cat.categories) == GROWTH_PAYEES
    # the codes still name the right payee: maria's statements sum to what her lines do
    st, lines = growth.statements, growth.lines
    assert st.loc[st["payee"] == "maria", "amount"].sum() == lines.loc[lines["payee"] == "maria", "amount"].sum()
    by_payee = st.groupby("payee", observed=True)["amount"].sum()
    assert list(by_payee.index) == GROWTH_PAYEES
    assert sum(by_payee, D(0)) == growth.total


def test_payee_categories_stay_sorted_with_closed_periods(settled: payplan.Result) -> None:
    assert list(settled.lines["payee"].cat.categories) == ["ana", "maria", "raj"]
    assert list(settled.statements["payee"].cat.categories) == ["ana", "maria", "raj"]


# --- to_float: describe() and charts ----------------------------------------------------------------


def test_to_float_describes_the_cents(result: payplan.Result) -> None:
    floats = result.to_float()
    described = floats.statements["amount"].describe()
    exact = list(result.statements["amount"])
    assert described["count"] == len(exact) == 24
    assert D(str(round(described["max"], 2))) == max(exact) == D("7064.35")
    assert D(str(round(described["min"], 2))) == min(exact)
    assert round(described["mean"] * 24, 2) == float(result.total) == 81155.39
    # each float is the one nearest the exact amount: back to the cent it is the same decimal
    assert [D(f"{v:.2f}") for v in floats.statements["amount"]] == exact
    assert [D(f"{v:.6f}") for v in floats.lines["gross"]] == list(result.lines["gross"])
    assert not floats.lines.describe().empty


# --- to_excel -----------------------------------------------------------------------------------------


def sheet_rows(path: Path, name: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(c.value for c in row) for row in book[name].iter_rows()]


def test_to_excel_writes_the_sheets_with_money_as_numbers(result: payplan.Result, tmp_path: Path) -> None:
    path = tmp_path / "run.xlsx"
    result.to_excel(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["statements", "lines", "exceptions", "adjustments"]
    statements = book["statements"]
    assert [c.value for c in statements[1]] == ["period", "payee", "component", "amount"]
    assert statements.freeze_panes == "A2"
    rows = list(statements.iter_rows(min_row=2))
    assert len(rows) == 24
    first = rows[0]
    assert [c.value for c in first[:3]] == ["2024-Q1", "maria", "commission"]
    assert first[3].value == 4767.67 and first[3].number_format == '#,##0.00 "USD"'
    amounts = [r[3].value for r in rows]
    assert all(isinstance(a, float) for a in amounts)
    assert [D(f"{a:.2f}") for a in amounts] == list(result.statements["amount"])
    assert sum(D(f"{a:.2f}") for a in amounts) == result.total


def test_to_excel_lines_keep_dates_and_six_places(result: payplan.Result, tmp_path: Path) -> None:
    path = tmp_path / "run.xlsx"
    result.to_excel(path)
    sheet = openpyxl.load_workbook(path)["lines"]
    header = [c.value for c in sheet[1]]
    assert header == list(result.lines.columns)
    assert sheet.max_row == 1 + len(result.lines)
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["order_id"].value == "SO-10001"
    assert row["date"].value == datetime.datetime(2024, 1, 1) and row["date"].number_format == "yyyy-mm-dd"
    assert row["gross"].value == 209.311 and row["gross"].number_format == "#,##0.00####"
    assert row["amount"].value == 209.31
    assert row["note"].value is None  # an empty note is an empty cell
    crossing = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[3] == "SO-10278")
    assert crossing[header.index("eligible")] == 0.225643
    assert crossing[header.index("note")] == "threshold 50000.00: 5501.17 of 24380.00 eligible"


def test_to_excel_exceptions_and_adjustments(basic: payplan.Result, settled: payplan.Result, tmp_path: Path) -> None:
    basic.to_excel(tmp_path / "basic.xlsx")
    exceptions = sheet_rows(tmp_path / "basic.xlsx", "exceptions")
    assert exceptions[0] == ("kind", "order_id", "detail")
    assert [r[0] for r in exceptions[1:]] == list(basic.exceptions["kind"])
    assert len(exceptions) == 1 + 5
    settled.to_excel(tmp_path / "settled.xlsx")
    adjustments = sheet_rows(tmp_path / "settled.xlsx", "adjustments")
    assert adjustments == [
        ("period", "payee", "component", "origin_period", "paid", "recomputed", "delta"),
        ("2026-Q2", "ana", "base", None, None, None, 250),  # manual: no origin, paid or recomputed
        ("2026-Q2", "ana", "base", "2026-Q1", 3300, 2250, -1050),
        ("2026-Q2", "maria", "team-override", "2026-Q1", 1080, 930, -150),
        ("2026-Q2", "raj", "base", "2026-Q1", 2400, 2640, 240),
    ]
    # the closed period's lines are in the lines sheet too
    assert len(sheet_rows(tmp_path / "settled.xlsx", "lines")) == 1 + len(settled.lines)


def test_to_excel_without_lines(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org,
                                result: payplan.Result, tmp_path: Path) -> None:
    summed = threshold_plan.evaluate(handover / "orders.csv", handover_org, lines=False)
    summed.to_excel(tmp_path / "summed.xlsx")
    assert openpyxl.load_workbook(tmp_path / "summed.xlsx").sheetnames == ["statements", "exceptions", "adjustments"]
    result.to_excel(tmp_path / "no-lines.xlsx", lines=False)
    assert openpyxl.load_workbook(tmp_path / "no-lines.xlsx").sheetnames == ["statements", "exceptions", "adjustments"]


def test_to_excel_refuses_more_lines_than_a_sheet_holds(result: payplan.Result, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from payplan import _result

    monkeypatch.setattr(_result, "_EXCEL_ROWS", 300)  # a sheet of 299 rows under its header; the run has 385 lines
    with pytest.raises(ValueError, match=r"^lines has 385 rows, more than an Excel sheet holds \(299 under its header\): "
                                         r"write it with lines=False"):
        result.to_excel(tmp_path / "run.xlsx")
    assert not (tmp_path / "run.xlsx").exists()
    result.to_excel(tmp_path / "run.xlsx", lines=False)
    assert openpyxl.load_workbook(tmp_path / "run.xlsx").sheetnames == ["statements", "exceptions", "adjustments"]


def test_to_excel_in_yen_has_no_decimal_places(tmp_path: Path) -> None:
    plan = payplan.Plan.from_dict({"plan": "jp", "currency": "JPY", "period": "quarter",
                                   "effective": {"from": "2026-01-01", "to": "2026-12-31"},
                                   "components": [{"id": "c", "type": "commission", "payees": ["raj"], "rate": "5%"}]})
    org = payplan.Org.from_dict({"people": [{"id": "raj", "role": "rep"}],
                                 "accounts": [{"id": "A", "owners": [{"owner": "raj", "from": "2025-01-01"}]}]})
    orders = pd.DataFrame({"order_id": ["1"], "date": ["2026-02-01"], "account": ["A"], "amount": ["12345"],
                           "currency": ["JPY"]})
    result = plan.evaluate(orders, org)
    result.to_excel(tmp_path / "jp.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "jp.xlsx")["statements"]["D2"]
    assert cell.value == 617 and cell.number_format == '#,##0 "JPY"'  # 5% of 12345 is 617.25: 617 yen


def test_to_excel_without_openpyxl_names_the_extra(result: payplan.Result, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(ImportError, match=re.escape('Result.to_excel needs openpyxl: pip install "payplan[excel]"')):
        result.to_excel(tmp_path / "run.xlsx")
    assert not (tmp_path / "run.xlsx").exists()


# --- the notebook summary -------------------------------------------------------------------------------


def cells(table: str) -> list[tuple[str, str]]:
    return [(html.unescape(k), html.unescape(v))
            for k, v in re.findall(r"<tr><th[^>]*>(.*?)</th><td[^>]*>(.*?)</td></tr>", table)]


def test_repr_html_summarises_the_run(result: payplan.Result) -> None:
    table = result._repr_html_()
    assert table.startswith("<table>") and table.endswith("</table>")
    assert cells(table) == [("plan", "account-handover-threshold"), ("total", "81,155.39 USD"), ("payees", "2"),
                            ("periods", "12 (2024-Q1 to 2026-Q4)"), ("lines", "385"), ("exceptions", "0")]


def test_repr_html_counts_exceptions_by_kind(basic: payplan.Result) -> None:
    got = dict(cells(basic._repr_html_()))
    assert got["exceptions"] == "5"
    assert {k: got[k] for k in ("missing_quota", "no_owner", "unknown_refund_of")} == {
        "missing_quota": "1", "no_owner": "3", "unknown_refund_of": "1"}
    assert got["total"] == f"{basic.total:,} USD"


def test_repr_html_counts_adjustments(settled: payplan.Result) -> None:
    got = dict(cells(settled._repr_html_()))
    assert got["adjustments"] == "4"
    assert got["total"] == "10,870.00 USD"
    assert got["periods"] == "2 (2026-Q1 to 2026-Q2)"


def test_comparison_repr_html(handover: Path, handover_org: payplan.Org) -> None:
    a = payplan.Plan.from_yaml(handover / "plan-threshold.yaml")
    b = payplan.Plan.from_yaml(handover / "plan-no-terms.yaml")
    c = payplan.compare(a, b, handover / "orders.csv", handover_org)
    got = cells(c._repr_html_())
    gain = int((c.payees["delta"] > 0).sum())
    lose = int((c.payees["delta"] < 0).sum())
    assert got == [(f"A: {c.plan_a}", f"{c.total_a:,}"), (f"B: {c.plan_b}", f"{c.total_b:,}"),
                   ("B - A", f"{c.total_b - c.total_a:+,}"), ("payees", "2"),
                   ("gain under B", str(gain)), ("lose under B", str(lose))]
    assert got[0] == ("A: account-handover-threshold", "81,155.39")
    assert gain + lose > 0  # the policies differ for someone
    assert np.isclose(float(c.total_b - c.total_a), float(c.payees["delta"].sum()))


def test_to_excel_writes_text_starting_with_equals_as_text(tmp_path: Path) -> None:
    # an id "=1+2" or an order id "=HYPERLINK(...)" is text to a payroll sheet, never a formula
    plan = payplan.Plan.from_yaml("plan: p\ncurrency: USD\nperiod: quarter\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
                                  "components:\n  - {id: base, type: commission, payees: {role: rep}, rate: 10%}\n")
    org = payplan.Org.from_yaml("people:\n  - {id: '=1+2', role: rep}\naccounts:\n"
                                "  - {id: ACME, owners: [{owner: '=1+2', from: 2020-01-01}]}\n")
    orders = pd.DataFrame({"order_id": ['=HYPERLINK("http://x","click")'], "date": ["2026-01-10"],
                           "account": ["ACME"], "amount": ["100.00"]})
    path = tmp_path / "formula.xlsx"
    plan.evaluate(orders, org).to_excel(path)
    book = openpyxl.load_workbook(path)
    payee = book["statements"]["B2"]
    assert (payee.value, payee.data_type) == ("=1+2", "s")
    order = book["lines"]["D2"]
    assert (order.value, order.data_type) == ('=HYPERLINK("http://x","click")', "s")
