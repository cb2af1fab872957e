"""Orders from a DataFrame at the edges of their types (issue 9): every value
is taken exactly or refused with an InputError naming the row and column,
never wrapped, moved to another day, or read as the wrong type.

The plan is a flat 10% commission (spec 4.1 flat: line = round(a x 10%));
the org has two people so that the day an order lands on decides its owner.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import payplan
from payplan import _core

D = decimal.Decimal


def flat_plan(currency: str = "USD", period: str = "quarter") -> payplan.Plan:
    return payplan.Plan.from_dict({
        "plan": "flat", "currency": currency, "period": period,
        "effective": {"from": "1000-01-01", "to": "9999-12-31"},
        "components": [{"id": "base", "type": "commission", "payees": ["maria", "raj"], "rate": "10%"}],
    })


# ACME is maria's until raj takes it over on 2026-04-01 (spec 3: an entry holds from its `from` date).
ORG = payplan.Org.from_dict({
    "people": [{"id": "maria", "role": "rep"}, {"id": "raj", "role": "rep"}],
    "accounts": [{"id": "ACME", "owners": [{"owner": "maria", "from": "1000-01-01"},
                                           {"owner": "raj", "from": "2026-04-01"}]}],
})
PLAN = flat_plan()


def orders(n: int = 2, **columns: Any) -> pd.DataFrame:
    """n orders of 1000 on ACME on 2026-01-05 (index labels 10, 11, ...), with `columns` replaced."""
    frame = pd.DataFrame({
        "order_id": [f"O{i}" for i in range(n)],
        "date": ["2026-01-05"] * n,
        "account": ["ACME"] * n,
        "amount": ["1000"] * n,
    }, index=range(10, 10 + n))
    for name, values in columns.items():
        frame[name] = pd.Series(values, index=frame.index) if not isinstance(values, pd.Series) else values.set_axis(frame.index)
    return frame


def paid(frame: pd.DataFrame, **kw: Any) -> list[tuple[str, str, str, decimal.Decimal, decimal.Decimal]]:
    lines = PLAN.evaluate(frame, ORG, **kw).lines
    return [(str(r.period), str(r.payee), str(r.date)[:10], r.amount_in, r.amount) for r in lines.itertuples(index=False)]


# --- 1. uint64 amounts ----------------------------------------------------------------------------


def test_uint64_amount_past_int64_is_too_large_not_minus_one() -> None:
    """2^64 - 1 as int64 is -1: it was taken as an amount of -1.00."""
    frame = orders(amount=np.array([5, 2**64 - 1], dtype=np.uint64))
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'amount': is too large$"):
        PLAN.evaluate(frame, ORG)
    frame = orders(amount=np.array([5, 2**63], dtype=np.uint64))  # int64's largest is 2^63 - 1
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'amount': is too large$"):
        PLAN.evaluate(frame, ORG)


def test_uint64_amounts_that_fit_are_exact() -> None:
    # 5 x 10% = 0.50; 9,000,000,000,000 x 10% = 900,000,000,000.00 (Money holds up to 9.22e12)
    frame = orders(amount=np.array([5, 9_000_000_000_000], dtype=np.uint64))
    assert [(a, b) for *_, a, b in paid(frame)] == [(D("5"), D("0.50")), (D("9000000000000"), D("900000000000.00"))]


# --- 2. time-zone-aware dates: the local calendar date ---------------------------------------------

BERLIN = pd.Timestamp("2026-04-01 00:30", tz="Europe/Berlin")  # 2026-03-31 22:30 UTC
NEW_YORK = pd.Timestamp("2026-03-31 23:30", tz="America/New_York")  # 2026-04-01 03:30 UTC

AWARE: dict[str, Callable[[pd.Timestamp], Any]] = {
    "pandas tz column": lambda t: pd.Series([t, t]),
    "arrow timestamp tz": lambda t: pd.Series(pd.arrays.ArrowExtensionArray(pa.array([t, t], pa.timestamp("ms", tz=str(t.tz))))),
    "object datetime": lambda t: pd.Series([t.to_pydatetime()] * 2, dtype=object),
    "object Timestamp": lambda t: pd.Series([t, t], dtype=object),
}


@pytest.mark.parametrize("make", AWARE.values(), ids=AWARE.keys())
def test_berlin_order_after_midnight_is_in_q2_for_the_new_owner(make: Callable[[pd.Timestamp], Any]) -> None:
    """Written 2026-04-01 00:30 in Berlin, so its day is 2026-04-01 (contract-notes:
    the local calendar date). Taken in UTC it was 2026-03-31: Q1 and maria.
    2026-04-01 is in 2026-Q2 and the handover day, so raj (owner from
    2026-04-01) is credited: 1000 x 10% = 100.00 each."""
    frame = orders(date=make(BERLIN))
    assert paid(frame) == [("2026-Q2", "raj", "2026-04-01", D("1000"), D("100.00"))] * 2


@pytest.mark.parametrize("make", AWARE.values(), ids=AWARE.keys())
def test_new_york_order_before_midnight_stays_in_q1_with_the_old_owner(make: Callable[[pd.Timestamp], Any]) -> None:
    """Written 2026-03-31 23:30 in New York (04-01 in UTC): its day is 2026-03-31,
    in 2026-Q1, before the handover, so maria: 1000 x 10% = 100.00."""
    frame = orders(date=make(NEW_YORK))
    assert paid(frame) == [("2026-Q1", "maria", "2026-03-31", D("1000"), D("100.00"))] * 2


def test_naive_datetime_objects_take_their_date() -> None:
    frame = orders(date=pd.Series([dt.datetime(2026, 4, 1, 0, 30), dt.date(2026, 3, 31)], dtype=object))
    assert [p[:3] for p in paid(frame)] == [("2026-Q1", "maria", "2026-03-31"), ("2026-Q2", "raj", "2026-04-01")]


# --- 3. dates outside datetime64[ns] --------------------------------------------------------------

FAR = ["1000-06-01", "2500-01-01", "9999-12-31"]

FAR_DATES: dict[str, Callable[[list[str]], Any]] = {
    "str": lambda v: v,
    "datetime64[s]": lambda v: np.array(v, dtype="datetime64[s]"),
    "datetime64[ms]": lambda v: np.array(v, dtype="datetime64[ms]"),
    "datetime64[us]": lambda v: np.array(v, dtype="datetime64[us]"),
    "datetime64[D]": lambda v: np.array(v, dtype="datetime64[D]"),
    "arrow timestamp[s]": lambda v: pd.Series(pd.arrays.ArrowExtensionArray(
        pa.array(np.array(v, dtype="datetime64[s]"), pa.timestamp("s")))),
    "arrow date32": lambda v: pd.Series(pd.arrays.ArrowExtensionArray(pa.array(np.array(v, dtype="datetime64[D]"), pa.date32()))),
}


@pytest.mark.parametrize("make", FAR_DATES.values(), ids=FAR_DATES.keys())
def test_dates_far_from_1970_are_exact_in_and_out(make: Callable[[list[str]], Any]) -> None:
    """1000-06-01 came back as 2169-07-09 (a datetime64[s] read as nanoseconds
    wraps) and any date past 2262-04-11 came out of `lines` wrong. Each is
    in its own quarter (maria's before 2026-04-01, raj's after): 1000 x 10% = 100.00."""
    lines = PLAN.evaluate(orders(3, date=make(FAR)), ORG).lines
    assert list(lines["period"].astype(str)) == ["1000-Q2", "2500-Q1", "9999-Q4"]
    assert list(lines["date"].to_numpy()) == list(np.array(FAR, dtype="datetime64[s]"))
    assert [d.strftime("%Y-%m-%d") for d in lines["date"]] == FAR
    assert list(lines["payee"].astype(str)) == ["maria", "raj", "raj"]
    assert list(lines["amount"]) == [D("100.00")] * 3


def test_date_after_9999_is_an_input_error() -> None:
    frame = orders(date=np.array(["2026-01-05", "10000-01-01"], dtype="datetime64[D]"))
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'date': '10000-01-01' is "
                                                 r"outside the dates payplan takes \(0000-01-01 to 9999-12-31\)$"):
        PLAN.evaluate(frame, ORG)


def test_int64_days_outside_the_engine_dates_are_an_input_error() -> None:
    """9999-12-31 is day 2,932,896 after 1970-01-01 (719,528 days from 0000-01-01
    to 1970-01-01, 3,652,425 in 10,000 Gregorian years, less one); day 2,932,897 is
    10000-01-01, which the engine cannot write."""
    columns = {"order_id": np.array(["A", "B"], dtype=object), "account": np.array(["ACME"] * 2, dtype=object),
               "amount": np.array([1, 1], dtype=np.int64)}
    ok = _core.Ledger.from_columns({**columns, "date": np.array([2932896, -719528], dtype=np.int64)}, "USD", False, "DataFrame")
    assert len(ok) == 2
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 2, field 'date': day 2932897 after 1970-01-01 is "
                                                 r"outside the dates payplan takes \(0000-01-01 to 9999-12-31\)$"):
        _core.Ledger.from_columns({**columns, "date": np.array([0, 2932897], dtype=np.int64)}, "USD", False, "DataFrame")
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1, field 'date': day -719529 after"):
        _core.Ledger.from_columns({**columns, "date": np.array([-719529, 0], dtype=np.int64)}, "USD", False, "DataFrame")


# --- 4. orders loaded for another currency --------------------------------------------------------


def test_orders_loaded_as_jpy_are_refused_by_a_usd_plan(tmp_path: Path) -> None:
    """spec 1: an order in another currency is an input error. Without a
    currency column the file was read as JPY and its amounts paid as USD."""
    path = tmp_path / "orders.csv"
    path.write_text("order_id,date,account,amount\nO1,2026-01-05,ACME,1000\n", encoding="utf-8")
    jpy = payplan.Orders.from_csv(path, currency="JPY")
    assert jpy.currency == "JPY"
    with pytest.raises(payplan.InputError, match=rf"^{path}: the orders were loaded as JPY, which differs from the plan "
                                                 r"currency USD$"):
        PLAN.evaluate(jpy, ORG)
    with pytest.raises(payplan.InputError, match=r"^DataFrame: the orders were loaded as EUR, which differs"):
        payplan.compare(PLAN, PLAN, payplan.Orders.from_frame(orders(), currency="EUR"), ORG)
    # the same orders loaded for the plan's currency are paid: 1000 x 10% = 100.00
    assert PLAN.evaluate(payplan.Orders.from_csv(path), ORG).total == D("100.00")
    assert flat_plan("JPY").evaluate(jpy, ORG).total == D("100")


# --- 5. errors of the wrong type ------------------------------------------------------------------


def test_duplicate_column_is_an_input_error() -> None:
    frame = pd.concat([orders(), orders()[["amount"]]], axis=1)
    assert list(frame.columns) == ["order_id", "date", "account", "amount", "amount"]
    with pytest.raises(payplan.InputError, match=r"^DataFrame: field 'amount': the column appears twice"):
        PLAN.evaluate(frame, ORG)


@pytest.mark.parametrize("column", ["order_id", "account", "amount", "closed_by", "product"])
def test_lone_surrogate_is_an_input_error(column: str) -> None:
    """A str holding '\\ud800' has no UTF-8 form (pandas' own str dtype refuses it; an object column holds it)."""
    frame = orders().astype(object)
    first = {"amount": "1", "account": "ACME"}.get(column, "x")
    frame[column] = pd.Series([first, "O\ud800"], index=frame.index, dtype=object)
    with pytest.raises(payplan.InputError, match=rf"^DataFrame: row 1 \(index 11\), field '{column}': holds a lone "
                                                 r"surrogate"):
        PLAN.evaluate(frame, ORG)


@pytest.mark.parametrize(("value", "why"), [
    (D("sNaN"), "'sNaN' is not a number"),
    (D("Infinity"), "'Infinity' is not a finite number"),
    (D("-Infinity"), "'-Infinity' is not a finite number"),
    (D("1E-7"), "'1E-7' has more than 6 fractional digits"),
    (D("1E+50"), "'1E\\+50' is too large"),
    (D("1E+999999999"), "'1E\\+999999999' is too large"),
    (D("1E-999999999"), "'1E-999999999' has more than 6 fractional digits"),
])
def test_bad_decimal_is_an_input_error(value: decimal.Decimal, why: str) -> None:
    frame = orders(amount=pd.Series([D("1"), value], dtype=object))
    with pytest.raises(payplan.InputError, match=rf"^DataFrame: row 1 \(index 11\), field 'amount': {why}$"):
        PLAN.evaluate(frame, ORG)


def test_snan_through_the_engine_directly() -> None:
    """The C++ reader names the row itself when pandas is not in the way."""
    columns = {"order_id": np.array(["A", "B"], dtype=object), "date": np.array([0, 0], dtype=np.int64),
               "account": np.array(["ACME"] * 2, dtype=object), "amount": np.array([D("1"), D("sNaN")], dtype=object)}
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 2, field 'amount': 'sNaN' is not a number$"):
        _core.Ledger.from_columns(columns, "USD", False, "DataFrame")


@pytest.mark.parametrize(("value", "amount_in"), [
    (D("1E+2"), D("100")),  # 1 x 10^2
    (D("-2.5E+1"), D("-25")),
    (D("1.2E-5"), D("0.000012")),
    (D("7.00000000E+3"), D("7000")),
    (D("0E-30"), D("0")),
    (D("1.50000000"), D("1.5")),
])
def test_decimal_with_an_exponent_is_exact(value: decimal.Decimal, amount_in: decimal.Decimal) -> None:
    (*_, got_in, amount), = paid(orders(1, amount=pd.Series([value], dtype=object)))
    assert got_in == amount_in
    assert amount == (amount_in / 10).quantize(D("0.01"), decimal.ROUND_HALF_EVEN)  # spec 4.1 flat, 10%


@pytest.mark.parametrize("value", [2026, 2026.5, dt.time(1, 2), pd.NaT])
@pytest.mark.parametrize("which", ["start", "end"])
def test_start_or_end_not_a_date_is_an_input_error(value: Any, which: str) -> None:
    with pytest.raises(payplan.InputError, match=rf"^{which}: {re.escape(repr(value))} is not a date or a period label"):
        PLAN.evaluate(orders(), ORG, **{which: value})
    with pytest.raises(payplan.InputError, match=rf"^{which}: "):
        payplan.compare(PLAN, PLAN, orders(), ORG, **{which: value})


def test_datetime_start_takes_its_own_date() -> None:
    # 2026-04-01 00:30 in Berlin starts at 2026-04-01: the January orders are not written
    with pytest.warns(payplan.PayplanWarning, match="the run wrote no lines"):
        assert PLAN.evaluate(orders(), ORG, start=BERLIN).total == D("0.00")
    with pytest.warns(payplan.PayplanWarning, match="2026-Q2 is not paid"):  # --to inside a quarter
        assert PLAN.evaluate(orders(), ORG, end=BERLIN.to_pydatetime()).total == D("200.00")


@pytest.mark.parametrize(("value", "amount_in", "amount"), [
    (100000.0, D("100000"), D("10000.00")),  # shortest text "1e+05": 100000 x 10%
    (5e12, D("5000000000000"), D("500000000000.00")),
    (4186.22, D("4186.22"), D("418.62")),  # 418.622 -> 418.62
    (-0.5, D("-0.5"), D("-0.05")),
    (1e-6, D("0.000001"), D("0.00")),
])
def test_floats_in_range_are_taken_exactly_with_the_opt_in(value: float, amount_in: decimal.Decimal,
                                                           amount: decimal.Decimal) -> None:
    for column in (np.array([value]), pd.Series([value], dtype=object)):
        (*_, got_in, got), = paid(orders(1, amount=column), allow_float=True)
        assert (got_in, got) == (amount_in, amount)


@pytest.mark.parametrize(("value", "why"), [
    (1e13, "float '1e\\+13' is too large"),  # Money holds up to 9,223,372,036,854.775807
    (1e300, "float '1e\\+300' is too large"),
    (1e-7, "float '1e-07' has more than 6 fractional digits"),
    (float("inf"), "is not a finite number"),
])
def test_floats_out_of_range_are_refused_with_the_opt_in(value: float, why: str) -> None:
    frame = orders(amount=np.array([1.0, value]))
    with pytest.raises(payplan.InputError, match=rf"^DataFrame: row 1 \(index 11\), field 'amount': {why}$"):
        PLAN.evaluate(frame, ORG, allow_float=True)


def test_float32_column_takes_the_float32_shortest_text() -> None:
    """A float32 5e12 is exactly 4,999,999,913,984; its shortest text is '5e+12',
    the value the user wrote, as for float64 (spec 4.1 flat: 5e12 x 10%)."""
    (*_, amount_in, amount), = paid(orders(1, amount=np.array([5e12], dtype=np.float32)), allow_float=True)
    assert (amount_in, amount) == (D("5000000000000"), D("500000000000.00"))


@pytest.mark.parametrize("scalar", [np.float32(1.5), np.float16(0.1), np.longdouble(2.25)],
                         ids=["float32", "float16", "longdouble"])
def test_numpy_float_scalars_in_an_object_column_need_the_opt_in(scalar: Any) -> None:
    frame = orders(amount=pd.Series([D("1"), scalar], dtype=object))
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'amount': is a binary float"):
        PLAN.evaluate(frame, ORG)
    # with it, the shortest text in the scalar's own type: float16 0.1 is 0.1, not 0.0999755859375
    amount_in = paid(frame, allow_float=True)[1][3]
    assert amount_in == D(str(scalar))


def test_float16_column_with_the_opt_in() -> None:
    (*_, amount_in, amount), = paid(orders(1, amount=np.array([0.1], dtype=np.float16)), allow_float=True)
    assert (amount_in, amount) == (D("0.1"), D("0.01"))  # 0.1 x 10% = 0.01
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 0 \(index 10\), field 'amount': is a binary float"):
        PLAN.evaluate(orders(1, amount=np.array([0.1], dtype=np.float16)), ORG)


# --- 6. the engine's column reader never reads memory as the wrong type ----------------------------

GOOD = """
import numpy as np
import payplan
from payplan import _core
good = {"order_id": np.array(["A", "B"], dtype=object), "date": np.array([20000, 20001], dtype=np.int64),
        "account": np.array(["ACME", "ACME"], dtype=object), "amount": np.array([1, 2], dtype=np.int64)}
"""

BAD_COLUMNS = [
    ("order_id", "np.array([1, 2], dtype=np.int64)",
     "DataFrame: field 'order_id': is an array of int64 with 1 dimension(s), which this column cannot be read from (object)"),
    ("amount", "np.array([True, False])",
     "DataFrame: field 'amount': is an array of bool with 1 dimension(s), which this column cannot be read from "
     "(object, int64, float64, float32, (n, 2) int64 micros)"),
    ("amount", "np.array([1, 2], dtype=np.uint64)", "DataFrame: field 'amount': is an array of uint64 with 1 dimension(s)"),
    ("amount", "np.array([1, 2], dtype=np.int32)", "DataFrame: field 'amount': is an array of int32 with 1 dimension(s)"),
    ("amount", "np.zeros((2, 3), dtype=np.int64)", "DataFrame: field 'amount': is an array of int64 with 2 dimension(s)"),
    ("date", "np.array([1.0, 2.0])",
     "DataFrame: field 'date': is an array of float64 with 1 dimension(s), which this column cannot be read from "
     "(object, int64 days)"),
    ("account", "np.array(['ACME', 'ACME'])", "DataFrame: field 'account': is an array of <U4 with 1 dimension(s)"),
    ("order_id", "['A', 'B']", "DataFrame: field 'order_id': is a list, not a numpy array"),
    ("amount", "[1, 2]", "DataFrame: field 'amount': is a list, not a numpy array"),
    ("date", "None", "DataFrame: field 'date': is a NoneType, not a numpy array"),
]


@pytest.mark.parametrize(("column", "value", "message"), BAD_COLUMNS, ids=[f"{c}={v}" for c, v, _ in BAD_COLUMNS])
def test_from_columns_refuses_arrays_it_cannot_read(column: str, value: str, message: str) -> None:
    """These segfaulted (an int64 read as object pointers): run apart so a crash fails one test."""
    script = GOOD + textwrap.dedent(f"""
        try:
            _core.Ledger.from_columns({{**good, {column!r}: {value}}}, "USD", False, "DataFrame")
        except payplan.InputError as e:
            print(e)
        else:
            print("accepted")
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, f"crashed with {run.returncode}: {run.stderr}"
    assert run.stdout.startswith(message), run.stdout


def test_from_columns_reads_strided_object_arrays_by_their_strides() -> None:
    ids = np.array(["A", "skip", "B", "skip"], dtype=object)[::2]
    assert not ids.flags.c_contiguous
    ledger = _core.Ledger.from_columns({
        "order_id": ids, "date": np.array([20000, 20001], dtype=np.int64),
        "account": np.array(["ACME", "ACME"], dtype=object), "amount": np.array([1, 2], dtype=np.int64)},
        "USD", False, "DataFrame")
    result = PLAN.evaluate(payplan.Orders(ledger), ORG)
    assert list(result.lines["order_id"].astype(str)) == ["A", "B"]


def test_from_columns_ignores_unknown_columns_of_any_type() -> None:
    ledger = _core.Ledger.from_columns({
        "order_id": np.array(["A"], dtype=object), "date": np.array([20000], dtype=np.int64),
        "account": np.array(["ACME"], dtype=object), "amount": np.array([1], dtype=np.int64),
        "region": np.array([True])}, "USD", False, "DataFrame")
    assert len(ledger) == 1


def test_from_columns_names_what_it_cannot_read_as_a_column() -> None:
    ids, accounts = np.array(["A"], dtype=object), np.array(["ACME"], dtype=object)
    good = {"order_id": ids, "date": np.array([0], dtype=np.int64), "account": accounts,
            "amount": np.array([1], dtype=np.int64)}
    with pytest.raises(payplan.InputError, match=r"^DataFrame: a column name is not a str$"):
        _core.Ledger.from_columns({**good, 7: ids}, "USD", False, "DataFrame")
    with pytest.raises(payplan.InputError, match=r"^DataFrame: field 'column name': holds a lone surrogate"):
        _core.Ledger.from_columns({**good, "x\ud800": ids}, "USD", False, "DataFrame")
    # pandas' NaT is a datetime subclass whose fields read 0001-01-01: it is not a date
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1, field 'date': 'NaT' is not a date"):
        _core.Ledger.from_columns({**good, "date": np.array([pd.NaT], dtype=object)}, "USD", False, "DataFrame")


# A folder given as a file was std::bad_alloc (MemoryError in Python): now an
# InputError naming the folder, for each kind of input file.
@pytest.mark.parametrize(
    "load",
    [payplan.Orders.from_csv, payplan.Plan.from_yaml, payplan.Org.from_yaml],
    ids=["orders", "plan", "org"],
)
def test_a_folder_given_as_an_input_file_is_an_input_error_naming_it(
    load: Callable[[str], Any], tmp_path: Path
) -> None:
    with pytest.raises(payplan.InputError) as e:
        load(str(tmp_path))
    assert str(e.value) == f"{tmp_path}: is a directory"


# --- pyarrow-backed text columns (issue 11) -------------------------------------------------------
# pandas 3's default str, string[pyarrow] and ArrowDtype(pa.string()) hand over their offsets and
# bytes: the same orders, the same lines and the same errors as object columns.

ARROW_TEXT = [pd.StringDtype("pyarrow"), pd.ArrowDtype(pa.string()), pd.ArrowDtype(pa.large_string())]


@pytest.mark.parametrize("dtype", ARROW_TEXT, ids=str)
def test_arrow_text_columns_read_as_object_columns(dtype: Any) -> None:
    # O0 on 2026-01-05 (maria's: 10% of 1000 = 100.00), O1 on 2026-04-02 (raj's since 04-01)
    frame = orders(2, date=["2026-01-05", "2026-04-02"], order_id=["O0", "Ö1-ü"])
    typed = frame.astype({"order_id": dtype, "date": dtype, "account": dtype})
    as_objects = frame.astype({"order_id": object, "date": object, "account": object})
    assert paid(typed) == paid(as_objects) == [
        ("2026-Q1", "maria", "2026-01-05", D("1000.000000"), D("100.00")),
        ("2026-Q2", "raj", "2026-04-02", D("1000.000000"), D("100.00")),
    ]
    assert list(PLAN.evaluate(typed, ORG).lines["order_id"].astype(str)) == ["O0", "Ö1-ü"]


@pytest.mark.parametrize("dtype", ARROW_TEXT, ids=str)
def test_arrow_text_columns_name_the_bad_row(dtype: Any) -> None:
    # an empty id (row 2, index label 11), a missing one (the object path) and a bad date
    frame = orders(3, order_id=["O0", "", "O2"]).astype({"order_id": dtype})
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'order_id': order_id is empty"):
        PLAN.evaluate(frame, ORG)
    missing = orders(3, order_id=pd.array(["O0", None, "O2"], dtype=dtype))
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'order_id': is empty"):
        PLAN.evaluate(missing, ORG)
    dated = orders(3, date=["2026-01-05", "2026-01-06", "2026-02-30"]).astype({"date": dtype})
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 2 \(index 12\), field 'date': '2026-02-30' is not a date"):
        PLAN.evaluate(dated, ORG)


def test_from_columns_checks_text_offsets() -> None:
    good = {"order_id": np.array(["A"], dtype=object), "date": np.array([20000], dtype=np.int64),
            "account": np.array(["ACME"], dtype=object), "amount": np.array([1], dtype=np.int64)}
    data = np.frombuffer(b"ACME", dtype=np.uint8)
    ok = _core.Ledger.from_columns({**good, "account": (np.array([0, 4], dtype=np.int64), data)}, "USD", False, "DataFrame")
    assert len(ok) == 1
    for offsets in ([0, 5], [3, 1], [-1, 2]):  # past the bytes, falling, negative
        with pytest.raises(payplan.InputError, match=r"^DataFrame: field 'account': is not an \(offsets, bytes\) pair"):
            _core.Ledger.from_columns({**good, "account": (np.array(offsets, dtype=np.int64), data)}, "USD", False,
                                      "DataFrame")


def test_from_columns_refuses_text_offsets_for_amounts() -> None:
    # review of issue 11: an amount given as (offsets, bytes) was read as object pointers
    good = {"order_id": np.array(["A"], dtype=object), "date": np.array([20000], dtype=np.int64),
            "account": np.array(["ACME"], dtype=object)}
    text = (np.array([0, 1], dtype=np.int64), np.frombuffer(b"5", dtype=np.uint8))
    with pytest.raises(payplan.InputError, match=r"^DataFrame: field 'amount': is an \(offsets, bytes\) text column"):
        _core.Ledger.from_columns({**good, "amount": text}, "USD", False, "DataFrame")


def test_a_duplicate_id_before_a_bad_date_is_the_error_named() -> None:
    # rows 1 and 2 (index 10, 11) share O0; row 3 (index 12) has a bad date: the first bad row is row 2
    frame = orders(3, order_id=["O0", "O0", "O2"], date=["2026-01-05", "2026-01-05", "2026-02-30"])
    with pytest.raises(payplan.InputError, match=r"^DataFrame: row 1 \(index 11\), field 'order_id': duplicate order_id 'O0'"):
        PLAN.evaluate(frame, ORG)
