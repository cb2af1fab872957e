"""What an evaluation paid: Result, its lines, statements and exceptions
as DataFrames, its total, and explain; and the same for people who do not
read DataFrames: statement pages (``statement``, ``to_html``), an Excel workbook (``to_excel``, with the ``excel`` extra),
a summary table in a notebook (``_repr_html_``), float columns for charts
(``to_float``)."""

from __future__ import annotations

import decimal as _decimal
import html as _html
import os as _os
from functools import cached_property as _cached_property
from typing import Any, Optional, Union

import numpy as _np
import pandas as _pd
import pyarrow as _pa

from . import _core
from ._common import DateLike, PathOrText
from ._credits import Credits, CreditsLike
from ._frames import _categorical, _decimals, _html_table, _sorted_categorical
from ._orders import Orders
from ._paid import AdjustmentsLike, PaidLike
from ._paid import closed_lines as _closed_lines
from ._paid import stacked as _stacked
from ._plan import Org, Plan


class Result:
    """What an evaluation paid: ``lines``, ``statements`` and ``exceptions``
    as DataFrames, money as exact decimals."""

    def __init__(self, core: _core.Evaluation, plan: Plan, org: Org, orders: Optional[Orders],
                 start: Optional[str], end: Optional[str], credits: Optional[Credits] = None) -> None:
        self._core = core
        self._plan = plan
        self._org = org
        self._orders = orders
        self._range = (start, end)
        self._credits = credits

    def _deals(self) -> Optional[_core.Credits]:
        return self._credits._core if self._credits else None

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
            "payee": _sorted_categorical(c["payee"], self._core.payees),
            "component": _categorical(c["component"], self._core.components),
            "amount": _decimals(c["amount"], minor),
        })

    @_cached_property
    def lines(self) -> _pd.DataFrame:
        """One row per paid (or zeroed) contribution, as lines.csv."""
        if not self._core.lines_kept:
            raise ValueError("this result was evaluated with lines=False: it keeps statements and exceptions only "
                             f"({self._core.line_count} lines were summed); evaluate with lines=True to see them")
        c = self._core.lines_columns()
        minor = self._core.minor_unit
        has_order = c["order"] >= 0
        order_ids = self._core.order_ids()
        accounts = self._core.account_names()
        frame: _pd.DataFrame
        # seconds, not nanoseconds: datetime64[ns] ends in 2262, the engine's dates run to 9999-12-31
        days = _np.where(has_order, c["date"].astype(_np.int64), 0).astype("datetime64[D]").astype("datetime64[s]")
        days[~has_order] = _np.datetime64("NaT")
        date = _pd.Series(days)
        frame = _pd.DataFrame({
            "period": self._periods(c["period"]),
            "payee": _sorted_categorical(c["payee"], self._core.payees),
            "component": _categorical(c["component"], self._core.components),
            "order_id": _categorical(_np.where(has_order, c["order"], -1), order_ids),
            "account": _categorical(c["account"], accounts),
            "date": date,
            "amount_in": _decimals(c["amount_in"], 6, has_order),  # empty for period-level lines
            "credit": _decimals(c["credit"], 6, has_order),  # spec 3.1: the share the line is on
            "gross": _decimals(c["gross"], 6),
            "eligible": _decimals(c["eligible"], 6),
            "share": _decimals(c["share"], 6),
            "amount": _decimals(c["amount"], minor),
            "note": _categorical(c["note"], self._core.notes),
        })
        # spec 6: the closed periods' lines are the earlier run's, as it wrote them
        closed = _closed_lines(self._core.closed_lines, minor)
        return frame if closed is None else _stacked(closed, frame)

    @_cached_property
    def adjustments(self) -> _pd.DataFrame:
        """adjustments.csv (spec 6): the adjustments paid in closed periods by
        the earlier run, then this run's (differences for closed periods and
        manual ones), with exact money; origin_period, paid and recomputed
        are empty (None/NA) for a manual adjustment."""
        rows = self._core.adjustments()
        minor = self._core.minor_unit

        def money(values: list[Optional[int]]) -> _pd.Series:
            valid = _np.array([v is not None for v in values], dtype=bool)
            micros = _np.array([v if v is not None else 0 for v in values], dtype=_np.int64)
            return _decimals(micros, minor, None if valid.all() else valid)

        return _pd.DataFrame({
            "period": _pd.Series([r[0] for r in rows], dtype=object),
            "payee": _pd.Series([r[1] for r in rows], dtype=object),
            "component": _pd.Series([r[2] for r in rows], dtype=object),
            "origin_period": _pd.Series([r[3] for r in rows], dtype=object),
            "paid": money([r[4] for r in rows]),
            "recomputed": money([r[5] for r in rows]),
            "delta": money([r[6] for r in rows]),
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
        """A copy whose money columns are float64: for ``describe()``, charts
        and other float-only tools, never for paying anyone. Each value is the
        float nearest the exact decimal (the same cents when rounded to
        them); sums of floats drift, so totals come from ``total`` or the
        exact columns. The lines (if kept) and statements are converted; the
        exceptions and adjustments are as in this result."""
        copy = Result(self._core, self._plan, self._org, self._orders, *self._range, self._credits)
        money = ("amount_in", "credit", "gross", "eligible", "share", "amount")
        if self._core.lines_kept:
            lines = self.lines.copy()
            for name in money:
                lines[name] = lines[name].astype("float64")
            copy.__dict__["lines"] = lines
        statements = self.statements.copy()
        statements["amount"] = statements["amount"].astype("float64")
        copy.__dict__["statements"] = statements
        copy.__dict__["exceptions"] = self.exceptions
        return copy

    def _ledger(self) -> _core.Ledger:
        if self._orders is None:
            raise ValueError("this result was evaluated in parts (payplan.dask) and has no ledger to explain from: "
                             "explain with plan.evaluate over the payee's orders")
        return self._orders._core

    def explain(self, payee: str, order_id: str) -> str:
        """The chain of each line of `order_id` paying `payee`, as ``payplan explain`` prints it."""
        lines = _core.explain(self._plan._core, self._org._core, self._ledger(), payee, order_id, *self._range,
                              credits=self._deals())
        return _traced(lines) or f"no line of order {order_id} pays {payee}"

    def explain_period(self, payee: str, period: str, component: Optional[str] = None) -> str:
        """Each line paying `payee` in `period` (``"2026-Q2"``), order-level and
        period-level, of one component or all, with what each stage decided:
        for team growth the team, the accounts measured, current and baseline.
        As ``payplan explain --period`` prints it."""
        lines = _core.explain_period(
            self._plan._core, self._org._core, self._ledger(), payee, period, component or "", *self._range,
            credits=self._deals()
        )
        where = f" in component {component}" if component else ""
        return _traced(lines) or f"no line of period {period} pays {payee}{where}"

    def statement(self, payee: str, period: str) -> "StatementPage":
        """`payee`'s statement for `period` (``"2026-Q1"``) as a self-contained
        HTML page, as ``payplan statements`` writes it: name, role, quota,
        attainment and the tier reached with the distance to the next, each
        component's lines (each opening to its explain chain), the cap's
        effect, adjustments, the transfer terms of their accounts, and the
        total, which is the payee's rows of the period in ``statements``.
        In a notebook it shows framed; ``str()`` is the page."""
        html = _core.statement_html(self._plan._core, self._org._core, self._ledger(), self._core, payee, period,
                                    credits=self._deals())
        return StatementPage(html)

    def to_html(self, directory: PathOrText, *, payee: Optional[str] = None, period: Optional[str] = None) -> int:
        """Writes one statement page per payee and period the result has a
        statement for (or those of `payee` and `period`) and ``index.html``
        into `directory`, as ``payplan statements --out``; all of them or
        none. Returns the number of pages."""
        return _core.write_statements(self._plan._core, self._org._core, self._ledger(), self._core,
                                      _os.fspath(directory), payee=payee, period=period, credits=self._deals())

    def to_csv(self, directory: PathOrText) -> None:
        """Writes lines.csv, statements.csv, exceptions.csv, adjustments.csv and
        manifest.json, as ``payplan run`` (without lines.csv for a result
        evaluated with ``lines=False``). The manifest names no arguments or
        input files (the inputs were Python objects): ``payplan verify``
        cannot re-run it."""
        self._core.write(_os.fspath(directory))

    def to_excel(self, path: PathOrText, *, lines: bool = True) -> None:
        """Writes an Excel workbook with the sheets statements, lines (kept,
        and ``lines=True``: a sheet holds 1,048,575 rows under its header),
        exceptions and adjustments. Needs openpyxl: ``pip install
        "payplan[excel]"``.

        Money is written as numbers, as a finance user sums and pivots them,
        with a number format of the currency's places and code (``#,##0.00
        "USD"``); the other decimals with up to 6 places. Excel keeps binary
        floats: each cell holds the float nearest the exact decimal, which
        shows the exact value (15 significant digits: below 10^13 at 2
        places, 10^9 at 6). The exact text is in ``to_csv``'s files."""
        try:
            import openpyxl
            from openpyxl.cell import WriteOnlyCell
        except ImportError:
            raise ImportError('Result.to_excel needs openpyxl: pip install "payplan[excel]"') from None
        places = self._core.minor_unit
        money = "#,##0" + ("." + "0" * places if places else "") + f' "{self._plan.currency}"'
        formats = {"amount": money, "paid": money, "recomputed": money, "delta": money,
                   "amount_in": "#,##0.00####", "gross": "#,##0.00####", "eligible": "0.######",
                   "credit": "0.######", "share": "0.######", "date": "yyyy-mm-dd"}
        sheets = {"statements": self.statements}
        if lines and self._core.lines_kept:
            if len(self.lines) > _EXCEL_ROWS - 1:
                raise ValueError(f"lines has {len(self.lines):,} rows, more than an Excel sheet holds "
                                 f"({_EXCEL_ROWS - 1:,} under its header): write it with lines=False, "
                                 "and the lines with to_csv")
            sheets["lines"] = self.lines
        sheets["exceptions"] = self.exceptions
        sheets["adjustments"] = self.adjustments
        book = openpyxl.Workbook(write_only=True)
        for name, frame in sheets.items():
            sheet = book.create_sheet(name)
            sheet.freeze_panes = "A2"
            sheet.append(list(frame.columns))
            columns = [_excel_values(frame[c]) for c in frame.columns]
            for row in zip(*columns):
                cells: list[Any] = []
                for column, value in zip(frame.columns, row):
                    if value is not None and column in formats:
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.number_format = formats[column]
                        cells.append(cell)
                    elif isinstance(value, str):
                        # text is text: an id or note starting with '=' is never a formula
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.data_type = "s"
                        cells.append(cell)
                    else:
                        cells.append(value)
                sheet.append(cells)
        book.save(_os.fspath(path))

    def _repr_html_(self) -> str:
        """A short summary for a notebook: the plan, the total, the number of
        payees, periods, lines, exceptions (by kind) and adjustments; the
        frames themselves are one attribute away."""
        st = self.statements
        periods = list(st["period"].cat.categories) if len(st) else []
        kinds = self.exceptions["kind"].value_counts().sort_index()
        rows = [
            ("plan", self._plan.id, 0),
            ("total", f"{self.total:,} {self._plan.currency}", 0),
            ("payees", str(st["payee"].nunique()), 0),
            ("periods", f"{len(periods)} ({periods[0]} to {periods[-1]})" if periods else "0", 0),
            ("lines", f"{len(self.lines) if self._core.lines_kept else self._core.line_count:,}", 0),
            ("exceptions", str(len(self.exceptions)), 0),
        ]
        rows += [(str(kind), str(count), 1) for kind, count in kinds.items()]  # by kind, under the count
        if len(self.adjustments):
            rows.append(("adjustments", str(len(self.adjustments)), 0))
        return _html_table("payplan Result", rows)

    def __repr__(self) -> str:
        return f"Result({self._plan.id!r}: total {self.total})"


_EXCEL_ROWS = 1_048_576  # rows of an Excel sheet


class StatementPage(str):
    """A statement page: the text of a self-contained HTML file. A notebook
    shows it in a frame, so its styles stay out of the notebook's."""

    def _repr_html_(self) -> str:
        return ('<iframe title="statement" style="width:100%;height:720px;border:1px solid #d9dee5" srcdoc="'
                + _html.escape(self, quote=True) + '"></iframe>')

    def save(self, path: PathOrText) -> None:
        """Writes the page to `path` (UTF-8)."""
        with open(_os.fspath(path), "w", encoding="utf-8", newline="") as f:
            f.write(self)


def _excel_values(column: _pd.Series) -> list[Any]:
    """A column as openpyxl cell values: decimals as the nearest float
    (Excel's numbers), dates as dates, names as text, missing as None."""
    if isinstance(column.dtype, _pd.ArrowDtype) and _pa.types.is_decimal(column.dtype.pyarrow_dtype):
        return [None if v is None else float(v) for v in column.array._pa_array.to_pylist()]
    if _pd.api.types.is_datetime64_any_dtype(column.dtype):
        days = column.to_numpy().astype("datetime64[D]")
        return [None if _np.isnat(d) else d.item() for d in days]  # datetime.date: the engine's dates have no time
    return [None if v is None or (not isinstance(v, str) and _pd.isna(v)) else str(v) for v in column.astype(object)]


def _traced(lines: list[dict[str, Any]]) -> str:
    """explain's record as ``payplan explain`` prints it: a block per line, its steps numbered."""
    parts = []
    for x in lines:
        steps = "\n".join(f"  {i}. {s}" for i, s in enumerate(x["steps"], 1))
        parts.append(f"[{x['component']}] {x['period']}\n{steps}")
    return "\n\n".join(parts)


def evaluate(
    plan: Plan,
    orders: Union[Orders, _pd.DataFrame, PathOrText],
    org: Org,
    start: DateLike = None,
    end: DateLike = None,
    *,
    allow_float: bool = False,
    lines: bool = True,
    credits: Optional[CreditsLike] = None,
    paid: Optional["PaidLike"] = None,
    closed_through: Optional[str] = None,
    adjustments: Optional["AdjustmentsLike"] = None,
    strict: bool = False,
    progress: bool = False,
) -> Result:
    """``plan.evaluate(orders, org, start, end)``."""
    return plan.evaluate(orders, org, start, end, allow_float=allow_float, lines=lines, credits=credits, paid=paid,
                         closed_through=closed_through, adjustments=adjustments, strict=strict, progress=progress)
