"""What every module of the package shares: the error type, the argument
types, and run bounds (``start``/``end``) as the engine takes them."""

from __future__ import annotations

import datetime as _dt
import os as _os
from typing import Any, Optional, Union

import numpy as _np
import pandas as _pd

from . import _core

InputError = _core.InputError
"""Invalid input (a ``ValueError``): the message names the file and line and
column, or the DataFrame row and column."""


class PayplanWarning(UserWarning):
    """A setting that is valid but probably not what was meant (``rate: 5``
    is 500%; a period not paid; a role nobody has): the message names the
    file and line. ``evaluate(..., strict=True)`` raises InputError instead."""


PathOrText = Union[str, "_os.PathLike[str]"]
DateLike = Union[str, _dt.date, None]


def _shown(value: Any) -> str:
    """A value as a message shows it: a numpy scalar as the Python value it
    holds (``13``, not numpy 2's ``np.int64(13)``), text quoted, a date as its
    ISO text (``'2026-01-05'``, not ``Timestamp('2026-01-05 00:00:00')``)."""
    if isinstance(value, (_np.datetime64, _np.timedelta64, _pd.Timestamp, _pd.Timedelta)):
        return repr(str(value))
    if isinstance(value, _np.generic):
        value = value.item()
    return repr(value)


def _date_text(value: DateLike, what: str) -> Optional[str]:
    """A run bound as the engine takes it: a date (or datetime: its calendar
    date as written) or a period label."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.date) and not _pd.isna(value):  # datetime and pandas Timestamp are dates too
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    raise InputError(f"{what}: {_shown(value)} is not a date or a period label (pass a datetime.date or a str such as "
                     "'2026-04-01' or '2026-Q2')")
