"""Orders from a DataFrame: every accepted type of amount and date gives the
same result as the CSV file, to the cent; bad rows raise InputError naming
the row and the column, and a bad file gets the CLI's own message.

The data is the account-handover ledger (385 orders, returns and transfer
terms included), evaluated under the threshold plan.
"""

from __future__ import annotations

import decimal
import re
import subprocess
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import payplan
from conftest import Example, run_cli

D = decimal.Decimal


def statements(result: payplan.Result) -> list[tuple[str, str, str, decimal.Decimal]]:
    return [(str(r.period), str(r.payee), str(r.component), r.amount) for r in result.statements.itertuples(index=False)]


def line_values(result: payplan.Result) -> list[tuple[Any, ...]]:
    return [(str(r.order_id), str(r.payee), r.amount_in, r.amount) for r in result.lines.itertuples(index=False)]




def arrow(values: list[Any], type_: pa.DataType) -> pd.Series:
    return pd.Series(pd.arrays.ArrowExtensionArray(pa.array(values, type_)))


AMOUNTS: dict[str, Callable[[pd.Series], Any]] = {
    "str": lambda s: s,
    "object str": lambda s: s.astype(object),
    "Decimal": lambda s: [D(x) for x in s],
    "arrow decimal128(18,2)": lambda s: arrow([D(x) for x in s], pa.decimal128(18, 2)),
    "arrow decimal128(38,6)": lambda s: arrow([D(x) for x in s], pa.decimal128(38, 6)),
    "arrow decimal128(28,8)": lambda s: arrow([D(x) for x in s], pa.decimal128(28, 8)),
    "arrow decimal256(40,2)": lambda s: arrow([D(x) for x in s], pa.decimal256(40, 2)),
    "arrow string": lambda s: arrow(list(s), pa.string()),
    "categorical Decimal": lambda s: pd.Series([D(x) for x in s]).astype("category"),
}


@pytest.mark.parametrize("convert", AMOUNTS.values(), ids=AMOUNTS.keys())
def test_amount_types(convert: Callable[[pd.Series], Any], text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                      handover_org: payplan.Org, expected: payplan.Result) -> None:
    frame = text_frame.copy()
    frame["amount"] = convert(frame["amount"])
    result = threshold_plan.evaluate(frame, handover_org)
    assert statements(result) == statements(expected)
    assert line_values(result) == line_values(expected)


INT_AMOUNTS: dict[str, Callable[[list[int]], Any]] = {
    "int64": lambda v: np.array(v, dtype=np.int64),
    "int32": lambda v: np.array(v, dtype=np.int32),
    "Int64": lambda v: pd.array(v, dtype="Int64"),
    "object int": lambda v: pd.Series(v, dtype=object),
    "arrow int64": lambda v: arrow(v, pa.int64()),
}


@pytest.mark.parametrize("convert", INT_AMOUNTS.values(), ids=INT_AMOUNTS.keys())
def test_integer_amounts(convert: Callable[[list[int]], Any], text_frame: pd.DataFrame, handover: Path,
                         threshold_plan: payplan.Plan, handover_org: payplan.Org, tmp_path: Path) -> None:
    """Whole-unit amounts: the same result as a CSV file holding the same integers."""
    whole = [int(D(x)) for x in text_frame["amount"]]  # truncates towards 0; returns stay negative
    on_file = text_frame.assign(amount=[str(v) for v in whole])
    on_file.to_csv(tmp_path / "orders.csv", index=False)
    expected = threshold_plan.evaluate(tmp_path / "orders.csv", handover_org)
    result = threshold_plan.evaluate(text_frame.assign(amount=convert(whole)), handover_org)
    assert statements(result) == statements(expected)
    assert line_values(result) == line_values(expected)


DATES: dict[str, Callable[[pd.Series], Any]] = {
    "str": lambda s: s,
    "object str": lambda s: s.astype(object),
    "datetime64[ns]": lambda s: pd.to_datetime(s).astype("datetime64[ns]"),
    "datetime64[us]": lambda s: pd.to_datetime(s).astype("datetime64[us]"),
    "datetime64[s]": lambda s: pd.to_datetime(s).astype("datetime64[s]"),
    "numpy datetime64[D]": lambda s: s.to_numpy().astype("datetime64[D]"),
    "datetime.date": lambda s: pd.to_datetime(s).dt.date,
    "arrow date32": lambda s: arrow(list(pd.to_datetime(s).dt.date), pa.date32()),
    "arrow timestamp": lambda s: arrow(list(pd.to_datetime(s)), pa.timestamp("ms")),
}


@pytest.mark.parametrize("convert", DATES.values(), ids=DATES.keys())
def test_date_types(convert: Callable[[pd.Series], Any], text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                    handover_org: payplan.Org, expected: payplan.Result) -> None:
    frame = text_frame.copy()
    frame["date"] = convert(frame["date"])
    result = threshold_plan.evaluate(frame, handover_org)
    assert statements(result) == statements(expected)
    assert result.lines["date"].equals(expected.lines["date"])


def test_csv_path_orders_and_frame_agree(handover: Path, text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                         handover_org: payplan.Org, expected: payplan.Result) -> None:
    """A str path, a Path, an Orders from either, and payplan.evaluate all give the same result."""
    from_file = payplan.Orders.from_csv(handover / "orders.csv")
    from_frame = payplan.Orders.from_frame(text_frame)
    assert len(from_file) == len(from_frame) == len(text_frame) == 385
    for orders in (str(handover / "orders.csv"), from_file, from_frame):
        assert statements(threshold_plan.evaluate(orders, handover_org)) == statements(expected)
    assert statements(payplan.evaluate(threshold_plan, text_frame, handover_org)) == statements(expected)


def test_row_order_and_extra_columns_do_not_matter(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                   handover_org: payplan.Org, expected: payplan.Result) -> None:
    """Spec 2: unknown columns are ignored and the engine sorts by (date, order_id)."""
    shuffled = text_frame.sample(frac=1.0, random_state=7).assign(region="EMEA", score=1.5)
    shuffled = shuffled[list(reversed(shuffled.columns))]
    assert line_values(threshold_plan.evaluate(shuffled, handover_org)) == line_values(expected)


def test_arrow_slice_with_offset(text_frame: pd.DataFrame, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    """A slice of an arrow decimal column starts at an offset into its buffer, and concat makes chunks."""
    frame = text_frame.assign(amount=arrow([D(x) for x in text_frame["amount"]], pa.decimal128(18, 2)))
    want = statements(threshold_plan.evaluate(text_frame.iloc[150:], handover_org))
    assert statements(threshold_plan.evaluate(frame.iloc[150:], handover_org)) == want
    chunked = pd.concat([frame.iloc[150:200], frame.iloc[200:]])
    assert statements(threshold_plan.evaluate(chunked, handover_org)) == want


def test_empty_frame(text_frame: pd.DataFrame, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    with pytest.warns(payplan.PayplanWarning, match="the run wrote no lines"):
        result = threshold_plan.evaluate(text_frame.iloc[:0], handover_org)
    assert len(result.lines) == len(result.statements) == 0
    assert result.total == D("0.00")


# --- floats: refused unless asked for -------------------------------------------------------------


@pytest.mark.parametrize("make", [
    lambda s: s.astype("float64"),
    lambda s: s.astype("float64").astype(object),
    lambda s: arrow([float(x) for x in s], pa.float64()),
], ids=["float64", "object float", "arrow float64"])
def test_float_amounts_refused_without_opt_in(make: Callable[[pd.Series], Any], text_frame: pd.DataFrame,
                                              threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    frame = text_frame.assign(amount=make(text_frame["amount"]))
    with pytest.raises(payplan.InputError, match=r"row 0 \(index 0\), field 'amount'.*float.*allow_float=True"):
        threshold_plan.evaluate(frame, handover_org)
    with pytest.raises(payplan.InputError, match="allow_float"):
        payplan.Orders.from_frame(frame)


def test_one_float_in_an_object_column_is_refused(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                  handover_org: payplan.Org) -> None:
    frame = text_frame.assign(amount=[D(x) for x in text_frame["amount"]])
    frame.loc[17, "amount"] = 1.5
    with pytest.raises(payplan.InputError, match=r"row 17 \(index 17\), field 'amount'.*float"):
        threshold_plan.evaluate(frame, handover_org)


def test_float_amounts_with_opt_in(text_frame: pd.DataFrame, threshold_plan: payplan.Plan, handover_org: payplan.Org,
                                   expected: payplan.Result) -> None:
    """With allow_float=True each float is taken as its shortest decimal text (4186.22, not 4186.2199999...)."""
    frame = text_frame.assign(amount=text_frame["amount"].astype("float64"))
    assert statements(threshold_plan.evaluate(frame, handover_org, allow_float=True)) == statements(expected)
    assert statements(payplan.evaluate(threshold_plan, frame, handover_org, allow_float=True)) == statements(expected)
    assert len(payplan.Orders.from_frame(frame, allow_float=True)) == len(frame)


def test_non_finite_float_is_an_error_even_with_opt_in(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                       handover_org: payplan.Org) -> None:
    frame = text_frame.assign(amount=text_frame["amount"].astype("float64"))
    frame.loc[9, "amount"] = np.nan
    with pytest.raises(payplan.InputError, match=r"row 9 \(index 9\), field 'amount'"):
        threshold_plan.evaluate(frame, handover_org, allow_float=True)


# --- bad rows -------------------------------------------------------------------------------------

BAD_CELLS = [
    ("date", "2026-02-30", "not a date"),
    ("date", "2026-1-5", "not a date"),
    ("date", "", "not a date"),
    ("date", None, "empty"),
    ("amount", "abc", "not a decimal number"),
    ("amount", "1e3", "not a decimal number"),
    ("amount", "", "empty"),
    ("amount", None, "empty"),
    ("amount", "1.1234567", "more than 6 fractional digits"),
    ("amount", True, "bool"),
    ("amount", 10**30, "too large"),
    ("order_id", "", "order_id is empty"),
    ("account", "", "account is empty"),
    ("currency", "EUR", "differs from the plan currency USD"),
]


@pytest.mark.parametrize(("column", "value", "why"), BAD_CELLS, ids=[f"{c}={v!r}" for c, v, _ in BAD_CELLS])
def test_bad_cell_names_row_and_column(column: str, value: Any, why: str, text_frame: pd.DataFrame,
                                       threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    """The row is the 0-based position, with the index label a pandas user looks up (here 100 + position)."""
    frame = text_frame.astype(object)
    frame.index = frame.index + 100
    frame.loc[142, column] = value
    with pytest.raises(payplan.InputError, match=rf"^DataFrame: row 42 \(index 142\), field '{column}': .*{why}") as info:
        threshold_plan.evaluate(frame, handover_org)
    assert isinstance(info.value, ValueError)


def test_bad_arrow_decimal_names_row(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                     handover_org: payplan.Org) -> None:
    values: list[Any] = [D(x) for x in text_frame["amount"]]
    values[5] = D("1.12345678")
    frame = text_frame.assign(amount=arrow(values, pa.decimal128(28, 8)))
    with pytest.raises(payplan.InputError, match=r"row 5 \(index 5\), field 'amount': .*more than 6 fractional digits"):
        threshold_plan.evaluate(frame, handover_org)
    values[5] = None
    frame = text_frame.assign(amount=arrow(values, pa.decimal128(28, 8)))
    with pytest.raises(payplan.InputError, match=r"row 5 \(index 5\), field 'amount': is empty"):
        threshold_plan.evaluate(frame, handover_org)


def test_trailing_zeros_past_six_decimals_are_fine(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                   handover_org: payplan.Org, expected: payplan.Result) -> None:
    """contract-notes: '1.50000000' carries no value past 6 decimals."""
    frame = text_frame.assign(amount=[x + "00000" for x in text_frame["amount"]])
    assert statements(threshold_plan.evaluate(frame, handover_org)) == statements(expected)


def test_missing_datetime_names_row_and_column(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                               handover_org: payplan.Org) -> None:
    frame = text_frame.assign(date=pd.to_datetime(text_frame["date"]))
    frame.index = frame.index + 100
    frame.loc[103, "date"] = pd.NaT
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 3 \(index 103\), field 'date'"):
        threshold_plan.evaluate(frame, handover_org)


def test_duplicate_order_id_names_row_and_column(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                 handover_org: payplan.Org) -> None:
    frame = text_frame.copy()
    frame.loc[3, "order_id"] = frame.loc[2, "order_id"]
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 3 \(index 3\), field 'order_id': duplicate"):
        threshold_plan.evaluate(frame, handover_org)


def test_duplicate_order_id_names_the_first_row(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                                handover_org: payplan.Org) -> None:
    frame = text_frame.copy()
    frame.loc[3, "order_id"] = frame.loc[2, "order_id"]
    with pytest.raises(payplan.InputError, match=r"first on row 2\b"):
        threshold_plan.evaluate(frame, handover_org)


@pytest.mark.parametrize("column", ["order_id", "date", "account", "amount"])
def test_missing_required_column(column: str, text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                 handover_org: payplan.Org) -> None:
    with pytest.raises(payplan.InputError, match=rf"column '{column}' is missing"):
        threshold_plan.evaluate(text_frame.drop(columns=[column]), handover_org)


# --- bad files: the same message as the CLI -------------------------------------------------------


def cli_error(cli: Path, example: Example, orders: Path, tmp_path: Path) -> str:
    run = run_cli(cli, example, tmp_path / "out", orders=orders)
    assert run.returncode == 2, run.stderr  # spec 5: invalid input
    assert not (tmp_path / "out" / "lines.csv").exists()
    prefix = "payplan: invalid input: "
    assert run.stderr.startswith(prefix)
    return run.stderr[len(prefix):].strip()


@pytest.mark.parametrize(("line", "old", "new", "field"), [
    (5, "2024-01-09", "2024-13-09", "date"),
    (9, ",USD,", ",EUR,", "currency"),
    (40, "SO-10039,", "SO-10038,", "order_id"),
])
def test_bad_csv_same_message_as_cli(line: int, old: str, new: str, field: str, cli: Path, handover: Path,
                                     threshold_plan: payplan.Plan, handover_org: payplan.Org, tmp_path: Path) -> None:
    rows = (handover / "orders.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in rows[line - 1]
    rows[line - 1] = rows[line - 1].replace(old, new, 1)
    bad = tmp_path / "orders.csv"
    bad.write_text("".join(rows), encoding="utf-8")
    with pytest.raises(payplan.InputError) as info:
        threshold_plan.evaluate(bad, handover_org)
    message = str(info.value)
    assert message.startswith(f"{bad}:{line}: row {line - 1}, field '{field}'")
    assert message == cli_error(cli, Example(handover, handover / "plan-threshold.yaml"), bad, tmp_path)


def test_bad_plan_same_message_as_cli(cli: Path, handover: Path, tmp_path: Path) -> None:
    text = (handover / "plan-threshold.yaml").read_text(encoding="utf-8").replace("rate: 5%", "rate: 5x")
    bad = tmp_path / "plan.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(payplan.InputError) as info:
        payplan.Plan.from_yaml(bad)
    # line 30 is "    rate: 5x": the value starts in column 11 (4 spaces, "rate: " is 6 more)
    assert text.splitlines()[29] == "    rate: 5x"
    assert str(info.value).startswith(f"{bad}:30:11: rate '5x' is not a decimal number")
    proc = subprocess.run([str(cli), "validate", "--plan", str(bad)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert str(info.value) in proc.stderr
    with pytest.raises(payplan.InputError, match=r"^<plan text>:30:11: rate '5x'"):
        payplan.Plan.from_yaml(text)


def test_bad_org_names_file(handover: Path, tmp_path: Path) -> None:
    text = (handover / "org.yaml").read_text(encoding="utf-8").replace("from: 2026-01-01", "from: 2026-01-32")
    bad = tmp_path / "org.yaml"
    bad.write_text(text, encoding="utf-8")
    # line 22 is "      - {owner: raj, from: 2026-01-32, ...}": 6 spaces, "- {" (columns 7-9),
    # "owner: raj, " (10-21), "from: " (22-27): the date starts in column 28
    assert text.splitlines()[21].startswith("      - {owner: raj, from: 2026-01-32")
    with pytest.raises(payplan.InputError, match=rf"^{re.escape(str(bad))}:22:28: from '2026-01-32' is not a date"):
        payplan.Org.from_yaml(bad)


def test_float32_amounts_with_the_opt_in_take_their_own_shortest_text() -> None:
    """A float32 4186.22 widened to float64 would read 4186.2202148...; with
    allow_float it is taken as the float32's own shortest text, 4186.22."""
    import numpy as np

    frame = pd.DataFrame({"order_id": ["F1"], "date": ["2026-01-05"], "account": ["ACME"],
                          "amount": np.array([4186.22], dtype=np.float32)})
    plan = payplan.Plan.from_dict({"plan": "p", "effective": {"from": "2026-01-01", "to": "2026-12-31"},
                                   "components": [{"id": "base", "type": "commission", "payees": ["raj"],
                                                   "rate": "10%"}]})
    org = payplan.Org.from_dict({"people": [{"id": "raj", "role": "rep"}],
                                 "accounts": [{"id": "ACME", "owners": [{"owner": "raj", "from": "2020-01-01"}]}]})
    lines = plan.evaluate(frame, org, allow_float=True).lines
    assert lines["amount_in"][0] == decimal.Decimal("4186.22")
    assert lines["amount"][0] == decimal.Decimal("418.62")  # 418.622 -> 418.62
    with pytest.raises(payplan.InputError, match=r"row 0 \(index 0\), field 'amount': is a binary float"):
        payplan.Orders.from_frame(frame)
