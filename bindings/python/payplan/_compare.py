"""Comparison: two plans over the same orders, and what plan B would have
paid instead of A."""

from __future__ import annotations

import decimal as _decimal
import io as _io
import os as _os
from functools import cached_property as _cached_property
from typing import Any, Optional, Union

import numpy as _np
import pandas as _pd

from . import _core
from ._common import DateLike, PathOrText, _date_text
from ._credits import Credits, CreditsLike
from ._frames import _decimals, _html_table
from ._orders import Orders
from ._plan import Org, Plan


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

    def summary(self) -> _pd.DataFrame:
        """summary.csv as a frame: scope, key, amount_a, amount_b, delta, with
        scope ``total`` (cost), ``revenue`` (credited), ``cost_pct`` (cost as
        % of credited revenue, 4 decimals; no delta), ``period`` (cost per
        period) and ``payee`` (each payee's totals, largest gain first).
        Amounts are exact ``decimal.Decimal`` (None where empty)."""
        frame = _pd.read_csv(_io.StringIO(self._core.summary_csv()), dtype=str, keep_default_na=False)
        for column in ("amount_a", "amount_b", "delta"):
            frame[column] = _pd.Series([_decimal.Decimal(v) if v else None for v in frame[column]], dtype=object)
        return frame

    def summary_text(self, top: int = 10) -> str:
        """The summary ``payplan compare`` prints: cost under each plan, the
        delta, cost/revenue, and the ``top`` gainers and losers."""
        return self._core.summary_text(top)

    def to_float(self) -> _pd.DataFrame:
        """``rows`` with amount_a, amount_b and delta as float64: for
        ``describe()`` and charts only, never for pay (a float is not exact)."""
        frame = self.rows.copy()
        for column in ("amount_a", "amount_b", "delta"):
            frame[column] = frame[column].astype("float64")
        return frame

    def to_html(self, path: PathOrText) -> None:
        """Writes the self-contained HTML report: the cost under each plan, what
        changed between the two plans, the cost by component, role and
        manager's team, the spread of per-payee changes and every payee with
        name, role and % change (as ``payplan compare --report``). A
        comparison made by ``payplan.dask.compare`` has no plans or org kept
        with it: its report leaves out the plan diff, roles, teams and names."""
        self._core.write_report(_os.fspath(path))

    def to_csv(self, directory: PathOrText) -> None:
        """Writes compare.csv and summary.csv, as ``payplan compare``."""
        self._core.write(_os.fspath(directory))

    def _repr_html_(self) -> str:
        """A short summary for a notebook: each plan's total, the difference,
        and how many payees gain and lose under B."""
        payees = self.payees
        gain = int((payees["delta"] > 0).sum())
        lose = int((payees["delta"] < 0).sum())
        return _html_table("payplan Comparison", [
            (f"A: {self.plan_a}", f"{self.total_a:,}", 0),
            (f"B: {self.plan_b}", f"{self.total_b:,}", 0),
            ("B - A", f"{self.total_b - self.total_a:+,}", 0),
            ("payees", str(len(payees)), 0),
            ("gain under B", str(gain), 1),
            ("lose under B", str(lose), 1),
        ])

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
    credits: Optional[CreditsLike] = None,
) -> Comparison:
    """What would plan B have paid? Both plans over the same orders (loaded
    and credited once, with ``credits`` splitting the orders it names):
    per (period, payee, component) amounts under each, totals, cost against
    credited revenue, gainers and losers."""
    ledger = Orders._coerce(orders, plan_a.currency, allow_float)
    deals = Credits._coerce(credits)
    return Comparison(_core.compare(plan_a._core, plan_b._core, org._core, ledger._core,
                                    _date_text(start, "start"), _date_text(end, "end"),
                                    credits=deals._core if deals else None))
