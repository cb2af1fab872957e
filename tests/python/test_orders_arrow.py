"""Orders from a pyarrow Table and a Parquet file (issue 15): the same
result as the CSV file, to the cent, with text kept as text and decimals as
decimals; bad rows raise InputError naming the source, the 0-based row and
the column; a file that is not Parquet names the file.

Also the messages a pandas user reads: a float amount says how to avoid it,
and an index label prints as the value it is (``13``, not ``np.int64(13)``).
"""

from __future__ import annotations

import datetime
import decimal
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import payplan

D = decimal.Decimal
FLOAT_HINT = "read the CSV with dtype=str, or pass allow_float=True"


def statements(result: payplan.Result) -> list[tuple[str, str, str, decimal.Decimal]]:
    return [(str(r.period), str(r.payee), str(r.component), r.amount) for r in result.statements.itertuples(index=False)]


@pytest.fixture(scope="module")
def typed_table(text_frame: pd.DataFrame) -> pa.Table:
    """The ledger as a Table of its natural types: date32 dates, decimal128(12, 2) amounts, text."""
    table = pa.Table.from_pandas(text_frame, preserve_index=False)
    amounts = pa.array([D(x) for x in text_frame["amount"]], pa.decimal128(12, 2))
    dates = pa.array([datetime.date.fromisoformat(d) for d in text_frame["date"]], pa.date32())
    table = table.set_column(table.schema.get_field_index("amount"), "amount", amounts)
    return table.set_column(table.schema.get_field_index("date"), "date", dates)


def with_cell(table: pa.Table, column: str, row: int, value: str) -> pa.Table:
    values = table.column(column).to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))


def test_a_text_table_pays_as_the_csv(text_frame: pd.DataFrame, threshold_plan: payplan.Plan,
                                      handover_org: payplan.Org, expected: payplan.Result) -> None:
    table = pa.Table.from_pandas(text_frame, preserve_index=False)
    assert pa.types.is_string(table.schema.field("amount").type) or pa.types.is_large_string(table.schema.field("amount").type)
    orders = payplan.Orders.from_frame(table)
    assert len(orders) == 385
    result = threshold_plan.evaluate(orders, handover_org)
    assert result.total == expected.total == D("81155.39")
    assert statements(result) == statements(expected)


def test_a_typed_table_pays_as_the_csv(typed_table: pa.Table, threshold_plan: payplan.Plan,
                                       handover_org: payplan.Org, expected: payplan.Result) -> None:
    assert typed_table.schema.field("amount").type == pa.decimal128(12, 2)
    assert typed_table.schema.field("date").type == pa.date32()
    result = threshold_plan.evaluate(payplan.Orders.from_frame(typed_table), handover_org)
    assert statements(result) == statements(expected)
    # evaluate takes the Table itself too
    assert threshold_plan.evaluate(typed_table, handover_org).total == D("81155.39")


def test_a_table_keeps_cents_a_float_would_lose(threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    """A decimal beyond a float's 15-16 digits arrives exactly: 1234567890123.456789 (19 digits)."""
    table = pa.table({"order_id": ["X1"], "date": pa.array([datetime.date(2026, 1, 5)], pa.date32()),
                      "account": ["ACME"], "amount": pa.array([D("1234567890123.456789")], pa.decimal128(38, 6))})
    lines = threshold_plan.evaluate(table, handover_org, start="2026-Q1", end="2026-Q1").lines
    assert lines["amount_in"].tolist() == [D("1234567890123.456789")]


def test_a_bad_cell_in_a_table_names_its_row_and_column(typed_table: pa.Table) -> None:
    bad = with_cell(typed_table.set_column(1, "date", typed_table.column("date").cast(pa.string())), "date", 7,
                    "2026-02-30")
    with pytest.raises(payplan.InputError,
                       match=r"^pyarrow Table: row 7, field 'date': '2026-02-30' is not a date \(YYYY-MM-DD\)$"):
        payplan.Orders.from_frame(bad)


def test_a_float_table_column_is_refused_with_the_hint(text_frame: pd.DataFrame) -> None:
    table = pa.Table.from_pandas(text_frame.assign(amount=text_frame["amount"].astype("float64")), preserve_index=False)
    with pytest.raises(payplan.InputError, match=r"^pyarrow Table: row 0, field 'amount': is a binary float") as e:
        payplan.Orders.from_frame(table)
    assert FLOAT_HINT in str(e.value)
    assert len(payplan.Orders.from_frame(table, allow_float=True)) == 385


def test_parquet_pays_as_the_csv(typed_table: pa.Table, tmp_path: Path, threshold_plan: payplan.Plan,
                                 handover_org: payplan.Org, expected: payplan.Result) -> None:
    path = tmp_path / "orders.parquet"
    pq.write_table(typed_table.append_column("region", pa.array(["EU"] * len(typed_table))), path)
    orders = payplan.Orders.from_parquet(path)  # the extra column is ignored, as in a CSV
    assert len(orders) == 385
    assert orders.currency == "USD"
    assert statements(threshold_plan.evaluate(orders, handover_org)) == statements(expected)


def test_a_bad_parquet_row_names_the_file_row_and_column(typed_table: pa.Table, tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    pq.write_table(with_cell(typed_table, "account", 12, ""), path)
    with pytest.raises(payplan.InputError, match=rf"^{re.escape(str(path))}: row 12, field 'account': account is empty$"):
        payplan.Orders.from_parquet(path)


@pytest.mark.parametrize("content", [None, b"not parquet at all"], ids=["missing", "not parquet"])
def test_an_unreadable_parquet_file_is_named(content: bytes | None, tmp_path: Path) -> None:
    path = tmp_path / "orders.parquet"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(payplan.InputError, match=rf"^{re.escape(str(path))}: cannot read it as a Parquet file \("):
        payplan.Orders.from_parquet(path)


# --- the messages of a DataFrame's errors -----------------------------------------------------------


def test_a_float_amount_says_how_to_read_the_csv(text_frame: pd.DataFrame) -> None:
    frame = text_frame.assign(amount=text_frame["amount"].astype("float64"))
    with pytest.raises(payplan.InputError) as e:
        payplan.Orders.from_frame(frame)
    assert str(e.value) == (
        "DataFrame: row 0 (index 0), field 'amount': is a binary float, which has already lost the cents: "
        "read the CSV with dtype=str, or pass allow_float=True to take each float's shortest decimal form "
        "(Decimal, str and int amounts are exact)")


def test_a_float_adjustment_amount_says_how_to_read_the_csv(threshold_plan: payplan.Plan) -> None:
    from payplan import _paid

    frame = pd.DataFrame({"period": ["2026-Q1"], "payee": ["raj"], "component": ["commission"], "amount": [12.5],
                          "reason": ["fix"]})
    with pytest.raises(ValueError, match=r"^adjustments: the amount column is float.*read the CSV with dtype=str"):
        _paid.manual_adjustments(frame)


@pytest.mark.parametrize("index, shown", [
    (pd.Index(np.arange(10, 395, dtype=np.int64)), "13"),
    (pd.Index(np.arange(10, 395, dtype=np.uint32)), "13"),
    (pd.Index([f"o{i}" for i in range(385)]), "'o3'"),
    (pd.Index(pd.date_range("2026-01-01", periods=385, freq="D")), "'2026-01-04 00:00:00'"),
], ids=["int64", "uint32", "str", "datetime"])
def test_index_labels_print_as_plain_values(index: pd.Index, shown: str, text_frame: pd.DataFrame) -> None:
    frame = text_frame.set_axis(index)
    frame.iloc[3, frame.columns.get_loc("date")] = "2026-02-30"
    with pytest.raises(payplan.InputError) as e:
        payplan.Orders.from_frame(frame)
    assert str(e.value) == f"DataFrame: row 3 (index {shown}), field 'date': '2026-02-30' is not a date (YYYY-MM-DD)"
    assert "np." not in str(e.value) and "Timestamp(" not in str(e.value)


def test_a_credits_share_prints_as_a_plain_value() -> None:
    frame = pd.DataFrame({"order_id": ["A", "B"], "person": ["raj", "lee"],
                          "share": pd.Series([D("0.5"), np.float64(0.5)], dtype=object)})
    with pytest.raises(payplan.InputError, match=r"^<credits DataFrame>: row 2, field 'share': 0\.5 is not a share "):
        payplan.Credits.from_frame(frame)
