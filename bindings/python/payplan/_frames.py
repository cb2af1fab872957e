"""The engine's columns as pandas columns: exact decimal money and
categorical names, shared by Result and Comparison (and their notebook
summary table)."""

from __future__ import annotations

import html as _html
from typing import Optional

import numpy as _np
import pandas as _pd
import pyarrow as _pa


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


def _sorted_categorical(codes: _np.ndarray, names: list[str]) -> _pd.Categorical:
    """Codes into a list of distinct names as a Categorical whose categories
    are sorted: payees come from the engine in the order it met them, which
    moves with the orders; sorted by id, a groupby, a pivot or a chart's
    legend lists them the same way in every run (and in every process of a
    partitioned run)."""
    unique, where = _np.unique(_np.array(names, dtype=object), return_inverse=True)
    remapped = _np.where(codes >= 0, where.reshape(-1)[_np.maximum(codes, 0)], -1) if len(names) else codes
    return _pd.Categorical.from_codes(remapped, categories=_pd.Index(unique, dtype=object))


def _html_table(caption: str, rows: list[tuple[str, str, int]]) -> str:
    """(label, value, indent) rows as a two-column HTML table, all text escaped."""
    left = "text-align:left"
    body = "".join(f'<tr><th style="{left};padding-left:{0.5 + 1.5 * indent}em">{_html.escape(label)}</th>'
                   f'<td style="{left}">{_html.escape(value)}</td></tr>' for label, value, indent in rows)
    return f"<table><caption>{_html.escape(caption)}</caption>{body}</table>"
