"""payplan: exact commission and incentive plans over order ledgers.

Plans and orgs come from YAML (or dicts), orders from a pandas DataFrame or
a CSV file; payouts come back as DataFrames with exact decimal money
(pyarrow decimal columns). The arithmetic is payplan's C++ engine, so the
results are the same, to the cent, as the ``payplan`` command line.

    >>> import payplan
    >>> plan = payplan.Plan.from_yaml("plan.yaml")
    >>> org = payplan.Org.from_yaml("org.yaml")
    >>> result = plan.evaluate(orders_df, org)
    >>> result.statements
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import re as _re
from functools import cached_property as _cached_property
from pathlib import Path as _Path
from typing import Any, Mapping, Optional, Union

import numpy as _np
import pandas as _pd
import pyarrow as _pa

from . import _core

__all__ = ["Comparison", "InputError", "Org", "Orders", "Plan", "Result", "compare", "evaluate"]
__version__ = "0.1.0"

InputError = _core.InputError
"""Invalid input (a ``ValueError``): the message names the file and line and
column, or the DataFrame row and column."""

PathOrText = Union[str, "_os.PathLike[str]"]
DateLike = Union[str, _dt.date, None]


def _is_text(source: PathOrText) -> bool:
    """YAML text rather than a path: it has a line break or a ':'."""
    if isinstance(source, _os.PathLike):
        return False
    return "\n" in source or (":" in source and not _os.path.exists(source))


def _plain(value: Any) -> Any:
    """A dict value as JSON can carry it, exactly: numbers as decimal text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, _decimal.Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as this float, e.g. 0.05
    if isinstance(value, (_dt.date, _pd.Timestamp)):
        return value.isoformat()[:10]
    raise TypeError(f"cannot use {type(value).__name__} {value!r} in a plan or org")


def _date_text(value: DateLike, what: str) -> Optional[str]:
    """A run bound as the engine takes it: a date (or datetime: its calendar
    date as written) or a period label."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.date) and not _pd.isna(value):  # datetime and pandas Timestamp are dates too
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    raise InputError(f"{what}: {value!r} is not a date or a period label (pass a datetime.date or a str such as "
                     "'2026-04-01' or '2026-Q2')")


class Plan:
    """A commission plan (the contract's plan YAML)."""

    def __init__(self, core: _core.Plan) -> None:
        self._core = core

    @classmethod
    def from_yaml(cls, path_or_text: PathOrText) -> "Plan":
        """Loads a plan from a YAML file path, or from YAML text."""
        if _is_text(path_or_text):
            return cls(_core.Plan.parse(str(path_or_text), "<plan text>"))
        return cls(_core.Plan.load(_os.fspath(path_or_text)))

    @classmethod
    def from_dict(cls, plan: Mapping[str, Any]) -> "Plan":
        """Loads a plan from a dict shaped like the YAML (rates as ``"5%"``,
        Decimal or str; a float is taken as its shortest decimal text)."""
        return cls(_core.Plan.parse(_json.dumps(_plain(plan), indent=1), "<plan dict>"))

    def to_dict(self) -> dict[str, Any]:
        """The plan as plain values; numbers as exact decimal strings."""
        return self._core.to_dict()

    @property
    def id(self) -> str:
        return self._core.id

    @property
    def currency(self) -> str:
        return self._core.currency

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return f"Plan({self.id!r}, {len(self.to_dict()['components'])} components)"

    def evaluate(
        self,
        orders: Union["Orders", _pd.DataFrame, PathOrText],
        org: "Org",
        start: DateLike = None,
        end: DateLike = None,
        *,
        allow_float: bool = False,
    ) -> "Result":
        """Evaluates this plan over the orders (a DataFrame, an Orders, or a
        CSV path). ``start``/``end`` (dates or period labels such as
        ``"2026-Q2"``) select the periods written, as ``--from``/``--to``."""
        ledger = Orders._coerce(orders, self.currency, allow_float)
        first, last = _date_text(start, "start"), _date_text(end, "end")
        core = _core.evaluate(self._core, org._core, ledger._core, first, last)
        return Result(core, self, org, ledger, first, last)


class Org:
    """People, reporting lines, account ownership and quotas (the org YAML)."""

    def __init__(self, core: _core.Org) -> None:
        self._core = core

    @classmethod
    def from_yaml(cls, path_or_text: PathOrText) -> "Org":
        """Loads an org from a YAML file path, or from YAML text."""
        if _is_text(path_or_text):
            return cls(_core.Org.parse(str(path_or_text), "<org text>"))
        return cls(_core.Org.load(_os.fspath(path_or_text)))

    @classmethod
    def from_dict(cls, org: Mapping[str, Any]) -> "Org":
        """Loads an org from a dict shaped like the YAML."""
        return cls(_core.Org.parse(_json.dumps(_plain(org), indent=1), "<org dict>"))

    def to_dict(self) -> dict[str, Any]:
        return self._core.to_dict()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Org) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"Org({len(d['people'])} people, {len(d['accounts'])} accounts)"


_ROW = _re.compile(r"row (\d+)")


class Orders:
    """An order ledger, sorted and interned by the engine (spec 2)."""

    def __init__(self, core: _core.Ledger, currency: Optional[str] = None) -> None:
        self._core = core
        self._currency = currency

    def __len__(self) -> int:
        return len(self._core)

    @property
    def currency(self) -> Optional[str]:
        """The currency the orders were loaded for (their ``currency`` column
        was checked against it); None when not known."""
        return self._currency

    @classmethod
    def from_csv(cls, path: PathOrText, currency: str = "USD") -> "Orders":
        """Loads an orders CSV; ``currency`` is the plan's."""
        return cls(_core.Ledger.load_csv(_os.fspath(path), currency), currency)

    @classmethod
    def from_frame(cls, frame: _pd.DataFrame, currency: str = "USD", *, allow_float: bool = False) -> "Orders":
        """Takes the columns of spec 2 from a DataFrame, column by column.

        Dates: ``datetime64`` of any unit, ``datetime.date``/``datetime`` or ISO
        strings; a time-zone-aware date is taken as its calendar date in its
        own zone (never moved to UTC). Amounts: ``decimal.Decimal``,
        str, int, or pyarrow decimals; floats only with ``allow_float=True``
        (a float has already lost the cents, so it is refused by default).
        Errors name the DataFrame row (0-based position) and column.
        """
        try:
            columns: dict[str, _np.ndarray] = {}
            for position, name in enumerate(frame.columns):
                if name not in _COLUMNS:
                    continue  # unknown extra columns are ignored (spec 2)
                if name in columns:
                    raise InputError(f"DataFrame: field '{name}': the column appears twice, which one holds the "
                                     "orders is not clear")
                columns[str(name)] = _column_array(frame.iloc[:, position], str(name), allow_float)
            return cls(_core.Ledger.from_columns(columns, currency, allow_float, "DataFrame"), currency)
        except InputError as e:
            raise InputError(_with_index_label(str(e), frame.index)) from None

    @classmethod
    def _coerce(cls, orders: Union["Orders", _pd.DataFrame, PathOrText], currency: str, allow_float: bool) -> "Orders":
        if isinstance(orders, Orders):
            if orders.currency is not None and orders.currency != currency:
                # spec 1: an order in another currency is an input error
                raise InputError(f"{orders._core.source}: the orders were loaded as {orders.currency}, which differs "
                                 f"from the plan currency {currency}")
            return orders
        if isinstance(orders, _pd.DataFrame):
            return cls.from_frame(orders, currency, allow_float=allow_float)
        return cls.from_csv(orders, currency)


_COLUMNS = ("order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product")


_INT64_MAX = _np.iinfo(_np.int64).max
# The engine's dates (spec 1: YYYY-MM-DD): 0000-01-01 to 9999-12-31, in days since 1970-01-01.
_FIRST_DAY, _LAST_DAY = -719528, 2932896


def _row_error(row: int, name: str, message: str) -> InputError:
    """An error on 0-based position `row`, counted from 1 as the engine does."""
    return InputError(f"DataFrame: row {row + 1}, field '{name}': {message}")


def _first(mask: _np.ndarray) -> Optional[int]:
    rows = _np.flatnonzero(mask)
    return int(rows[0]) if len(rows) else None


def _date_days(series: _pd.Series, name: str) -> _np.ndarray:
    """A datetime column as int64 days since 1970-01-01: the calendar date as
    written, in the column's own time zone (contract-notes), exact for every
    unit and over the engine's whole range of dates."""
    missing = _first(series.isna().to_numpy())
    if missing is not None:
        raise _row_error(missing, name, "is empty")
    dtype = series.dtype
    if isinstance(dtype, _pd.ArrowDtype):
        import pyarrow.compute as pc

        arr = _pa.array(series.array)
        if isinstance(arr, _pa.ChunkedArray):
            arr = arr.combine_chunks()
        if _pa.types.is_date(arr.type):  # date32 (days), date64 (milliseconds of whole days)
            values = _np.asarray(arr.cast(_pa.date32()).cast(_pa.int32()).to_numpy()).astype("datetime64[D]")
        else:
            if arr.type.tz is not None:
                arr = pc.local_timestamp(arr)  # the wall-clock time in its own zone, not UTC
            values = _np.asarray(arr.cast(_pa.int64()).to_numpy()).astype(f"datetime64[{arr.type.unit}]")
    else:
        if isinstance(dtype, _pd.DatetimeTZDtype):
            series = series.dt.tz_localize(None)  # the wall-clock time in its own zone, not UTC
        values = series.to_numpy()  # datetime64 in the column's own unit: no trip through nanoseconds
    days = values.astype("datetime64[D]")  # floors: 1969-12-31T23:00 is 1969-12-31
    ints = days.astype(_np.int64)
    outside = _first((ints < _FIRST_DAY) | (ints > _LAST_DAY))
    if outside is not None:
        raise _row_error(outside, name, f"'{days[outside]}' is outside the dates payplan takes (0000-01-01 to 9999-12-31)")
    return _np.ascontiguousarray(ints)


def _objects(series: _pd.Series, name: str) -> _np.ndarray:
    """A column as an array of Python objects, missing values as None."""
    try:
        missing = series.isna()
    except _decimal.InvalidOperation:
        # pandas compares Decimal('sNaN') with itself, which raises: say which row holds it
        for row, value in enumerate(series):
            if isinstance(value, _decimal.Decimal) and value.is_snan():
                raise _row_error(row, name, f"'{value}' is not a number") from None
        raise
    return _np.ascontiguousarray(series.astype(object).where(~missing, None).to_numpy())


def _column_array(series: _pd.Series, name: str, allow_float: bool) -> _np.ndarray:
    """One column as the engine reads it, without a Python loop over rows."""
    dtype = series.dtype
    if name == "date" and _pd.api.types.is_datetime64_any_dtype(dtype):
        return _date_days(series, name)
    if name == "amount":
        if isinstance(dtype, _pd.ArrowDtype) and _pa.types.is_decimal(dtype.pyarrow_dtype):
            arr = _pa.array(series.array)
            if isinstance(arr, _pa.ChunkedArray):
                arr = arr.combine_chunks()
            if arr.null_count == 0:
                try:
                    arr = arr.cast(_pa.decimal128(38, 6))
                except _pa.ArrowInvalid:
                    pass  # more than 6 decimals: the per-value path says which row
                else:
                    words = _np.frombuffer(arr.buffers()[1], dtype="<i8", count=2 * len(arr), offset=16 * arr.offset)
                    return _np.ascontiguousarray(words.reshape(-1, 2))
            return _np.ascontiguousarray(_np.array(arr.to_pylist(), dtype=object))
        if _pd.api.types.is_integer_dtype(dtype) and not _pd.api.types.is_extension_array_dtype(dtype):
            values = series.to_numpy()
            if values.dtype.kind == "u":
                # a uint64 past int64 would wrap to a negative amount (2^64 - 1 is -1)
                large = _first(values > _INT64_MAX)
                if large is not None:
                    raise _row_error(large, name, "is too large")
            return _np.ascontiguousarray(values.astype(_np.int64))
        if _pd.api.types.is_float_dtype(dtype) and not _pd.api.types.is_extension_array_dtype(dtype):
            values = series.to_numpy()
            if values.dtype in (_np.float64, _np.float32):
                return _np.ascontiguousarray(values)  # the engine takes each float's shortest text in its own type
            # float16, longdouble: as numpy scalars, each formatted in its own type
            return _np.ascontiguousarray(_np.array(list(values), dtype=object))
    return _objects(series, name)


def _with_index_label(message: str, index: _pd.Index) -> str:
    """Every 'row 3' (1-based, as the engine counts) becomes the 0-based
    position and the index label a pandas user looks for."""
    if not message.startswith("DataFrame"):
        return message

    def relabel(m: "_re.Match[str]") -> str:
        position = int(m.group(1)) - 1
        label = index[position] if 0 <= position < len(index) else position
        return f"row {position} (index {label!r})"

    return _ROW.sub(relabel, message)


def _decimals(micros: _np.ndarray, scale: int, valid: Optional[_np.ndarray] = None) -> _pd.Series:
    """int64 millionths as an exact pyarrow decimal column with `scale` places.

    Precision 19 holds any int64 millionths and leaves pyarrow room for the
    results of arithmetic between columns (38 digits at most)."""
    n = len(micros)
    words = _np.empty((n, 2), dtype=_np.int64)
    words[:, 0] = micros
    words[:, 1] = micros >> 63  # sign extension to 128 bits
    mask = None if valid is None else _pa.array(valid, type=_pa.bool_()).buffers()[1]
    arr = _pa.Array.from_buffers(_pa.decimal128(19, 6), n, [mask, _pa.py_buffer(words)])
    if scale != 6:
        arr = arr.cast(_pa.decimal128(19 - 6 + scale, scale))  # exact: pyarrow refuses to drop digits
    return _pd.Series(_pd.arrays.ArrowExtensionArray(arr))


def _categorical(codes: _np.ndarray, categories: list[str]) -> _pd.Categorical:
    """Codes into a list of names (which may repeat, as notes do) as a Categorical."""
    remap, unique = _pd.factorize(_np.array(categories, dtype=object))
    remapped = _np.where(codes >= 0, remap[_np.maximum(codes, 0)], -1)
    return _pd.Categorical.from_codes(remapped, categories=_pd.Index(unique, dtype=object))


class Result:
    """What an evaluation paid: ``lines``, ``statements`` and ``exceptions``
    as DataFrames, money as exact decimals."""

    def __init__(self, core: _core.Evaluation, plan: Plan, org: Org, orders: Orders,
                 start: Optional[str], end: Optional[str]) -> None:
        self._core = core
        self._plan = plan
        self._org = org
        self._orders = orders
        self._range = (start, end)

    def _periods(self, ordinals: _np.ndarray) -> _pd.Categorical:
        unique = _np.unique(ordinals)
        labels = [self._core.period_label(int(p)) for p in unique]
        return _categorical(_np.searchsorted(unique, ordinals).astype(_np.int32), labels)

    @_cached_property
    def statements(self) -> _pd.DataFrame:
        """One row per (period, payee, component): the sum of its lines' rounded amounts."""
        c = self._core.statements_columns()
        minor = self._core.minor_unit
        return _pd.DataFrame({
            "period": self._periods(c["period"]),
            "payee": _categorical(c["payee"], self._core.payees),
            "component": _categorical(c["component"], self._core.components),
            "amount": _decimals(c["amount"], minor),
        })

    @_cached_property
    def lines(self) -> _pd.DataFrame:
        """One row per paid (or zeroed) contribution, as lines.csv."""
        c = self._core.lines_columns()
        minor = self._core.minor_unit
        has_order = c["order"] >= 0
        order_ids = self._core.order_ids()
        accounts = self._core.account_names()
        # seconds, not nanoseconds: datetime64[ns] ends in 2262, the engine's dates run to 9999-12-31
        days = _np.where(has_order, c["date"].astype(_np.int64), 0).astype("datetime64[D]").astype("datetime64[s]")
        days[~has_order] = _np.datetime64("NaT")
        date = _pd.Series(days)
        return _pd.DataFrame({
            "period": self._periods(c["period"]),
            "payee": _categorical(c["payee"], self._core.payees),
            "component": _categorical(c["component"], self._core.components),
            "order_id": _categorical(_np.where(has_order, c["order"], -1), order_ids),
            "account": _categorical(c["account"], accounts),
            "date": date,
            "amount_in": _decimals(c["amount_in"], 6, has_order),  # empty for period-level lines
            "gross": _decimals(c["gross"], 6),
            "eligible": _decimals(c["eligible"], 6),
            "share": _decimals(c["share"], 6),
            "amount": _decimals(c["amount"], minor),
            "note": _categorical(c["note"], self._core.notes),
        })

    @_cached_property
    def exceptions(self) -> _pd.DataFrame:
        """Everything not paid for a reason the user must see."""
        return _pd.DataFrame(self._core.exceptions(), columns=["kind", "order_id", "detail"])

    @property
    def total(self) -> _decimal.Decimal:
        """The sum of every line's rounded amount."""
        return _decimal.Decimal(self._core.total_micros()).scaleb(-6).quantize(
            _decimal.Decimal(1).scaleb(-self._core.minor_unit))

    def to_float(self) -> "Result":
        """A copy whose money columns are float64, for plotting only."""
        copy = Result(self._core, self._plan, self._org, self._orders, *self._range)
        money = ("amount_in", "gross", "eligible", "share", "amount")
        lines = self.lines.copy()
        for name in money:
            lines[name] = lines[name].astype("float64")
        statements = self.statements.copy()
        statements["amount"] = statements["amount"].astype("float64")
        copy.__dict__["lines"] = lines
        copy.__dict__["statements"] = statements
        copy.__dict__["exceptions"] = self.exceptions
        return copy

    def explain(self, payee: str, order_id: str) -> str:
        """The chain of each line of `order_id` paying `payee`, as ``payplan explain`` prints it."""
        parts = []
        for x in _core.explain(self._plan._core, self._org._core, self._orders._core, payee, order_id, *self._range):
            steps = "\n".join(f"  {i}. {s}" for i, s in enumerate(x["steps"], 1))
            parts.append(f"[{x['component']}] {x['period']}\n{steps}")
        return "\n\n".join(parts) if parts else f"no line of order {order_id} pays {payee}"

    def to_csv(self, directory: PathOrText) -> None:
        """Writes lines.csv, statements.csv and exceptions.csv, as ``payplan run``."""
        self._core.write(_os.fspath(directory))

    def __repr__(self) -> str:
        return f"Result({self._plan.id!r}: total {self.total})"


def evaluate(
    plan: Plan,
    orders: Union[Orders, _pd.DataFrame, PathOrText],
    org: Org,
    start: DateLike = None,
    end: DateLike = None,
    *,
    allow_float: bool = False,
) -> Result:
    """``plan.evaluate(orders, org, start, end)``."""
    return plan.evaluate(orders, org, start, end, allow_float=allow_float)


def _micros_decimal(micros: int, minor: int) -> _decimal.Decimal:
    return _decimal.Decimal(micros).scaleb(-6).quantize(_decimal.Decimal(1).scaleb(-minor))


class Comparison:
    """Two plans over the same orders: what plan B would have paid instead of A."""

    def __init__(self, core: _core.Comparison) -> None:
        self._core = core

    @property
    def plan_a(self) -> str:
        return self._core.plan_a

    @property
    def plan_b(self) -> str:
        return self._core.plan_b

    def _frame(self, rows: list[tuple[Any, ...]], keys: list[str]) -> _pd.DataFrame:
        minor = self._core.minor_unit
        a = _np.array([r[len(keys)] for r in rows], dtype=_np.int64)
        b = _np.array([r[len(keys) + 1] for r in rows], dtype=_np.int64)
        frame = _pd.DataFrame({k: [r[i] for r in rows] for i, k in enumerate(keys)})
        frame["amount_a"] = _decimals(a, minor)
        frame["amount_b"] = _decimals(b, minor)
        frame["delta"] = _decimals(b - a, minor)
        return frame

    @_cached_property
    def rows(self) -> _pd.DataFrame:
        """period, payee, component, amount_a, amount_b, delta (B - A), as compare.csv."""
        return self._frame(self._core.rows(), ["period", "payee", "component"])

    @_cached_property
    def payees(self) -> _pd.DataFrame:
        """Each payee's totals under A and B, largest gain first."""
        return self._frame(self._core.payees(), ["payee"])

    @_cached_property
    def periods(self) -> _pd.DataFrame:
        """Cost per period under A and B."""
        return self._frame(self._core.periods(), ["period"])

    @property
    def total_a(self) -> _decimal.Decimal:
        return _micros_decimal(self._core.totals_micros[0], self._core.minor_unit)

    @property
    def total_b(self) -> _decimal.Decimal:
        return _micros_decimal(self._core.totals_micros[1], self._core.minor_unit)

    @property
    def revenue(self) -> tuple[_decimal.Decimal, _decimal.Decimal]:
        """Credited revenue in the periods each plan wrote."""
        t = self._core.totals_micros
        return _micros_decimal(t[2], self._core.minor_unit), _micros_decimal(t[3], self._core.minor_unit)

    def summary(self, top: int = 10) -> str:
        """The summary ``payplan compare`` prints."""
        return self._core.summary_text(top)

    def to_html(self, path: PathOrText) -> None:
        """Writes the self-contained HTML report."""
        self._core.write_report(_os.fspath(path))

    def to_csv(self, directory: PathOrText) -> None:
        """Writes compare.csv and summary.csv, as ``payplan compare``."""
        self._core.write(_os.fspath(directory))

    def __repr__(self) -> str:
        return f"Comparison({self.plan_a!r} {self.total_a} vs {self.plan_b!r} {self.total_b})"


def compare(
    plan_a: Plan,
    plan_b: Plan,
    orders: Union[Orders, _pd.DataFrame, PathOrText],
    org: Org,
    start: DateLike = None,
    end: DateLike = None,
    *,
    allow_float: bool = False,
) -> Comparison:
    """What would plan B have paid? Both plans over the same orders (loaded
    and credited once): per (period, payee, component) amounts under each,
    totals, cost against credited revenue, gainers and losers."""
    ledger = Orders._coerce(orders, plan_a.currency, allow_float)
    return Comparison(_core.compare(plan_a._core, plan_b._core, org._core, ledger._core,
                                    _date_text(start, "start"), _date_text(end, "end")))
