"""Orders: an order ledger from a CSV file, a DataFrame, a pyarrow Table or
a Parquet file (spec 2), read column by column, with errors naming the row
and column."""

from __future__ import annotations

import decimal as _decimal
import os as _os
import re as _re
from typing import Any, Optional, Union

import numpy as _np
import pandas as _pd
import pyarrow as _pa

from . import _core
from ._common import InputError, PathOrText, _shown

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
    def from_frame(cls, frame: Union[_pd.DataFrame, "_pa.Table"], currency: str = "USD", *,
                   allow_float: bool = False) -> "Orders":
        """Takes the columns of spec 2 from a DataFrame or a pyarrow Table, column by column.

        Dates: ``datetime64`` of any unit, ``datetime.date``/``datetime`` or ISO
        strings; a time-zone-aware date is taken as its calendar date in its
        own zone (never moved to UTC). Amounts: ``decimal.Decimal``,
        str, int, or pyarrow decimals; floats only with ``allow_float=True``
        (a float has already lost the cents, so it is refused by default).
        Errors name the DataFrame row (0-based position) and its index label,
        and the column. A pyarrow Table is read as the same columns with no
        copy to Python objects: its text stays text and its decimals decimals
        (errors name its 0-based row as ``"pyarrow Table: row 3, ..."``).
        """
        if isinstance(frame, _pa.Table):
            return cls._from_table(frame, currency, allow_float, "pyarrow Table")
        return cls._from_columns(frame, currency, allow_float, "DataFrame", frame.index)

    @classmethod
    def from_parquet(cls, path: PathOrText, currency: str = "USD", *, allow_float: bool = False) -> "Orders":
        """Reads the columns of spec 2 from a Parquet file (with pyarrow.parquet),
        as ``from_frame`` reads a Table; errors name the file, and the 0-based
        row and the column."""
        import pyarrow.parquet as pq

        source = _os.fspath(path)
        try:
            names = pq.read_schema(source).names
            table = pq.read_table(source, columns=[n for n in names if n in _COLUMNS])
        except (OSError, _pa.ArrowException) as e:
            raise InputError(f"{source}: cannot read it as a Parquet file ({e})") from None
        return cls._from_table(table, currency, allow_float, source)

    @classmethod
    def _from_table(cls, table: Any, currency: str, allow_float: bool, source: str) -> "Orders":
        # ArrowDtype columns: the Table's own types, which the frame reader takes as they are
        frame = table.to_pandas(types_mapper=_pd.ArrowDtype)
        return cls._from_columns(frame, currency, allow_float, source, None)

    @classmethod
    def _from_columns(cls, frame: _pd.DataFrame, currency: str, allow_float: bool, source: str,
                      index: Optional[_pd.Index]) -> "Orders":
        """The frame's spec 2 columns to the engine; errors name `source`, the
        0-based row (and its label in `index`) and the column."""
        try:
            columns: dict[str, Union[_np.ndarray, tuple[_np.ndarray, _np.ndarray]]] = {}
            for position, name in enumerate(frame.columns):
                if name not in _COLUMNS:
                    continue  # unknown extra columns are ignored (spec 2)
                if name in columns:
                    raise InputError(f"DataFrame: field '{name}': the column appears twice, which one holds the "
                                     "orders is not clear")
                columns[str(name)] = _column_array(frame.iloc[:, position], str(name), allow_float)
            return cls(_core.Ledger.from_columns(columns, currency, allow_float, "DataFrame"), currency)
        except InputError as e:
            raise InputError(_relabelled(str(e), source, index)) from None

    @classmethod
    def _coerce(cls, orders: Union["Orders", _pd.DataFrame, PathOrText], currency: str, allow_float: bool) -> "Orders":
        if isinstance(orders, Orders):
            if orders.currency is not None and orders.currency != currency:
                # spec 1: an order in another currency is an input error
                raise InputError(f"{orders._core.source}: the orders were loaded as {orders.currency}, which differs "
                                 f"from the plan currency {currency}")
            return orders
        if isinstance(orders, (_pd.DataFrame, _pa.Table)):
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


def _arrow_text(series: _pd.Series) -> Optional[tuple[_np.ndarray, _np.ndarray]]:
    """A pyarrow-backed string column with no missing value (pandas 3's
    default ``str``, ``string[pyarrow]``, ``ArrowDtype(pa.string())``) as its
    int64 offsets and UTF-8 bytes: read by the engine with no Python object
    per row (issue 11). None for any other column."""
    dtype = series.dtype
    arrow = (isinstance(dtype, _pd.StringDtype) and dtype.storage == "pyarrow") or (
        isinstance(dtype, _pd.ArrowDtype)
        and (_pa.types.is_string(dtype.pyarrow_dtype) or _pa.types.is_large_string(dtype.pyarrow_dtype)))
    if not arrow:
        return None
    arr = _pa.array(series.array)
    if isinstance(arr, _pa.ChunkedArray):
        arr = arr.combine_chunks()
    if arr.null_count:
        return None  # the object path names the first empty row
    arr = arr.cast(_pa.large_string())
    offsets = _np.frombuffer(arr.buffers()[1], dtype="<i8", count=len(arr) + 1, offset=8 * arr.offset)
    data = arr.buffers()[2]
    return _np.ascontiguousarray(offsets), _np.frombuffer(data, dtype=_np.uint8) if data is not None else _np.zeros(0, _np.uint8)


def _column_array(series: _pd.Series, name: str, allow_float: bool) -> Union[_np.ndarray, tuple[_np.ndarray, _np.ndarray]]:
    """One column as the engine reads it, without a Python loop over rows."""
    dtype = series.dtype
    if name != "amount" and (text := _arrow_text(series)) is not None:
        return text
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


def _relabelled(message: str, source: str, index: Optional[_pd.Index]) -> str:
    """A frame reader's message with `source` for "DataFrame" and every
    'row 3' (1-based, as the engine counts) as the 0-based position, with the
    index label a pandas user looks for when there is an index (a plain
    ``13``, never ``np.int64(13)``)."""
    if not message.startswith("DataFrame"):
        return message

    def relabel(m: "_re.Match[str]") -> str:
        position = int(m.group(1)) - 1
        if index is None:
            return f"row {position}"
        label = index[position] if 0 <= position < len(index) else position
        return f"row {position} (index {_shown(label)})"

    return source + _ROW.sub(relabel, message[len("DataFrame"):])
