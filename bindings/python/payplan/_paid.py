"""The pay history (spec 6) in Python: an earlier run to settle against
(``paid=``: its output folder or its Result), manual adjustments
(``adjustments=``: a DataFrame or a CSV path), and the closed periods' lines
read back from the earlier run's lines.csv rows, as exact columns."""

from __future__ import annotations

import io as _io
import os as _os
import shutil as _shutil
import tempfile as _tempfile
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as _np
import pandas as _pd
import pyarrow as _pa
import pyarrow.compute as _pc

from . import _core
from ._common import PathOrText

if TYPE_CHECKING:
    from ._result import Result

PaidLike = Union["Result", PathOrText]
AdjustmentsLike = Union[_pd.DataFrame, PathOrText]

_ADJUSTMENT_COLUMNS = ("period", "payee", "component", "amount", "reason")


def paid_run(paid: Optional[PaidLike], closed_through: Optional[str]) -> Optional[_core.PaidRun]:
    """The earlier run, read as ``--paid`` reads its folder. A Result is
    written to a temporary folder first (its files are what was paid)."""
    if paid is None:
        if closed_through is not None:
            raise ValueError(f"closed_through={closed_through!r} closes periods of an earlier run: give it with paid=")
        return None
    if closed_through is None:
        raise ValueError("paid= needs closed_through=PERIOD: the last period it closes")
    from ._result import Result

    if isinstance(paid, Result):
        if not paid._core.lines_kept:
            raise ValueError("paid= is a result evaluated with lines=False: its closed periods' lines cannot be "
                             "written again; evaluate it with lines=True")
        folder = _tempfile.mkdtemp(prefix="payplan-paid-")
        try:
            paid.to_csv(_os.path.join(folder, "out"))
            return _core.PaidRun.load(_os.path.join(folder, "out"), closed_through)
        finally:
            _shutil.rmtree(folder, ignore_errors=True)
    return _core.PaidRun.load(_os.fspath(paid), closed_through)


def manual_adjustments(adjustments: Optional[AdjustmentsLike]) -> Optional[_core.ManualAdjustments]:
    """Manual adjustments from a CSV path or a DataFrame of period, payee,
    component, amount (text or Decimal, never float) and reason."""
    if adjustments is None:
        return None
    if not isinstance(adjustments, _pd.DataFrame):
        return _core.ManualAdjustments.load(_os.fspath(adjustments))
    missing = [c for c in _ADJUSTMENT_COLUMNS if c not in adjustments.columns]
    if missing:
        raise ValueError(f"adjustments needs the columns {', '.join(_ADJUSTMENT_COLUMNS)}; missing: {', '.join(missing)}")
    amounts = adjustments["amount"]
    if _pd.api.types.is_float_dtype(amounts.dtype):
        raise ValueError("adjustments: the amount column is float, which cannot hold cents exactly: "
                         "read the CSV with dtype=str, or give it as text ('250.00') or Decimal")
    frame = adjustments[list(_ADJUSTMENT_COLUMNS)].astype(str)
    return _core.ManualAdjustments.parse(frame.to_csv(index=False), "<adjustments frame>")


def closed_lines(text: str, minor_unit: int) -> Optional[_pd.DataFrame]:
    """The closed periods' lines.csv rows (no header) as the columns of
    Result.lines: names categorical, dates datetime64[s], numbers exact."""
    if not text:
        return None
    names = ["period", "payee", "component", "order_id", "account", "date", "amount_in", "credit", "gross",
             "eligible", "share", "amount", "note"]
    raw = _pd.read_csv(_io.StringIO(text), header=None, names=names, dtype=str, keep_default_na=False)

    def exact(column: str, scale: int) -> _pd.Series:
        values = _pa.array([v if v != "" else None for v in raw[column]], type=_pa.string())
        decimals = _pc.cast(values, _pa.decimal128(19, 6))
        if scale != 6:
            decimals = decimals.cast(_pa.decimal128(19 - 6 + scale, scale))
        return _pd.Series(_pd.arrays.ArrowExtensionArray(decimals))

    dates = _np.array([_np.datetime64(d, "s") if d else _np.datetime64("NaT", "s") for d in raw["date"]],
                      dtype="datetime64[s]")
    return _pd.DataFrame({
        "period": _pd.Categorical(raw["period"]),
        "payee": _pd.Categorical(raw["payee"]),
        "component": _pd.Categorical(raw["component"]),
        "order_id": _pd.Categorical(raw["order_id"].replace("", None)),
        "account": _pd.Categorical(raw["account"].replace("", None)),
        "date": _pd.Series(dates),
        "amount_in": exact("amount_in", 6),
        "credit": exact("credit", 6),
        "gross": exact("gross", 6),
        "eligible": exact("eligible", 6),
        "share": exact("share", 6),
        "amount": exact("amount", minor_unit),
        "note": _pd.Categorical(raw["note"]),
    })


def stacked(first: _pd.DataFrame, then: _pd.DataFrame) -> _pd.DataFrame:
    """first's rows, then then's, each column keeping its kind (categories united)."""
    out: dict[str, Any] = {}
    for name in then.columns:
        a, b = first[name], then[name]
        if isinstance(b.dtype, _pd.CategoricalDtype):
            # payees stay sorted by id (Result.lines), the other names in the order they come
            out[name] = _pd.api.types.union_categoricals([_pd.Categorical(a.astype(object)), b.array],
                                                         sort_categories=name == "payee", ignore_order=True)
        elif isinstance(b.dtype, _pd.ArrowDtype):
            out[name] = _pd.Series(_pd.arrays.ArrowExtensionArray(
                _pa.concat_arrays([a.array._pa_array.combine_chunks().cast(b.array._pa_array.type),
                                   b.array._pa_array.combine_chunks()])))
        else:
            out[name] = _pd.Series(_np.concatenate([a.to_numpy(), b.to_numpy()]))
    return _pd.DataFrame(out)
