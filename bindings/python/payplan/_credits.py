"""Deal-level credits (spec 3.1): who shares which order, from a CSV file
(``order_id,person,share[,overlay]``) or a DataFrame with those columns.
They replace the account's crediting for the orders they name."""

from __future__ import annotations

import decimal as _decimal
import os as _os
from typing import Any, Optional, Union

import pandas as _pd

from . import _core
from ._common import InputError, PathOrText, _shown

CreditsLike = Union["Credits", _pd.DataFrame, PathOrText]


def _share_text(value: Any, row: int) -> str:
    """A share as the engine reads it: text ('70%', '0.7') or a Decimal;
    a float is refused (0.7 is not exactly 7/10 in binary)."""
    if isinstance(value, str):
        return value
    if isinstance(value, _decimal.Decimal):
        return format(value, "f")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"<credits DataFrame>: row {row}, field 'share': {_shown(value)} is not a share "
                     "(write it like a rate: '70%' or '0.7', as text or a Decimal, never a float)")


def _overlay(value: Any, row: int) -> bool:
    if value is None or (not isinstance(value, str) and _pd.isna(value)):
        return False
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("", "true", "false"):
        return value.strip().lower() == "true"
    raise InputError(f"<credits DataFrame>: row {row}, field 'overlay': {_shown(value)} is not true or false")


class Credits:
    """Deal-level credits: rows of (order_id, person, share[, overlay])."""

    def __init__(self, core: _core.Credits) -> None:
        self._core = core

    @classmethod
    def from_csv(cls, path: PathOrText) -> "Credits":
        return cls(_core.Credits.load(_os.fspath(path)))

    @classmethod
    def from_frame(cls, frame: _pd.DataFrame) -> "Credits":
        """Columns order_id, person, share (text like '70%' or a Decimal) and
        optionally overlay (bool); rows are named from 1 in messages."""
        missing = [c for c in ("order_id", "person", "share") if c not in frame.columns]
        if missing:
            raise InputError(f"<credits DataFrame>: field '{missing[0]}': required column is missing "
                             f"(the frame has {', '.join(map(str, frame.columns))})")
        n = len(frame)
        order_ids = ["" if _pd.isna(v) else str(v) for v in frame["order_id"]]
        persons = ["" if _pd.isna(v) else str(v) for v in frame["person"]]
        shares = [_share_text(v, k + 1) for k, v in enumerate(frame["share"])]
        overlays = [_overlay(v, k + 1) for k, v in enumerate(frame["overlay"])] if "overlay" in frame else [False] * n
        return cls(_core.Credits.from_rows(order_ids, persons, shares, overlays, "<credits DataFrame>"))

    @classmethod
    def _coerce(cls, credits: Optional[CreditsLike]) -> Optional["Credits"]:
        if credits is None or isinstance(credits, Credits):
            return credits
        if isinstance(credits, _pd.DataFrame):
            return cls.from_frame(credits)
        return cls.from_csv(credits)

    def __len__(self) -> int:
        return len(self._core)

    def __repr__(self) -> str:
        return f"Credits({len(self)} rows)"
