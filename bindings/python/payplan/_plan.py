"""Plans and orgs: loading them from YAML (a path or text) or a dict, and
evaluating a plan over orders."""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json as _json
import os as _os
import re as _re
import sys as _sys
import warnings as _warnings
from typing import Any, Callable, Mapping, Optional, TypeVar, Union

import pandas as _pd

from . import _core
from ._common import DateLike, InputError, PathOrText, PayplanWarning, _date_text
from ._credits import Credits, CreditsLike
from ._orders import Orders
from . import _paid
from ._paid import AdjustmentsLike, PaidLike

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


# The source names a dict's errors carry from the loader, and print as (without the brackets).
_PLAN_DICT, _ORG_DICT = "<plan dict>", "<org dict>"


def _dict_text(value: Mapping[str, Any]) -> tuple[str, list[str]]:
    """A dict as JSON text (which the YAML loader reads) with each key, scalar
    and bracket on a line of its own, and the key path of each line
    (``components[2].tiers.table[1].rate``). The loader's errors name a line
    of this text; the user wrote a dict, so messages name the key path."""
    lines: list[str] = []
    paths: list[str] = []

    def put(depth: int, text: str, path: str) -> None:
        lines.append(" " * depth + text)
        paths.append(path)

    def emit(item: Any, path: str, head: str, depth: int) -> None:
        if isinstance(item, dict) and item:
            put(depth, head + "{", path)
            for i, (key, inner) in enumerate(item.items()):
                if i:
                    lines[-1] += ","
                emit(inner, f"{path}.{key}" if path else key, _json.dumps(key) + ": ", depth + 1)
            put(depth, "}", path)
        elif isinstance(item, list) and item:
            put(depth, head + "[", path)
            for i, inner in enumerate(item):
                if i:
                    lines[-1] += ","
                emit(inner, f"{path}[{i}]", "", depth + 1)
            put(depth, "]", path)
        else:
            put(depth, head + _json.dumps(item), path)

    emit(_plain(value), "", "", 0)
    return "\n".join(lines) + "\n", paths


def _at_key_paths(text: str, source: str, paths: list[str]) -> str:
    """Each "<plan dict>:LINE:COLUMN" of a message as "plan dict: KEY.PATH"
    (just "plan dict" for the top level)."""

    def where(m: "_re.Match[str]") -> str:
        line = int(m.group(1))
        path = paths[line - 1] if 0 < line <= len(paths) else ""
        return f"{source[1:-1]}: {path}" if path else source[1:-1]

    return _re.sub(_re.escape(source) + r":(\d+)(?::\d+)?", where, text) if paths else text


_Loaded = TypeVar("_Loaded")


def _parsed_dict(parse: Callable[[str, str], _Loaded], value: Mapping[str, Any], source: str) -> tuple[_Loaded, list[str]]:
    """``parse(text, source)`` over the dict's text, its errors naming key paths."""
    text, paths = _dict_text(value)
    try:
        return parse(text, source), paths
    except InputError as e:
        raise InputError(_at_key_paths(str(e), source, paths)) from None


def _warning_texts(plan: "Plan", org: "Org", first: Optional[str], last: Optional[str]) -> list[str]:
    """The engine's warnings for the run, a dict's lines named by key path."""
    texts = [w["text"] for w in _core.warnings(plan._core, org._core, first, last)]
    return [_at_key_paths(_at_key_paths(t, _PLAN_DICT, plan._paths), _ORG_DICT, org._paths) for t in texts]


class _Phases:
    """``progress=True``: one step a phase, with tqdm where it is installed
    (a notebook shows its bar), else a line on stderr as each phase starts;
    nothing without it."""

    def __init__(self, on: bool) -> None:
        self._on = on
        self._bar: Any = None
        self._steps = 0
        if on:
            try:
                from tqdm.auto import tqdm
            except ImportError:
                return
            self._bar = tqdm(total=3, desc="payplan", unit="phase")

    def start(self, phase: str) -> None:
        if not self._on:
            return
        if self._bar is not None:
            if self._steps:
                self._bar.update(1)
            self._bar.set_description(f"payplan: {phase}")
        else:
            print(f"payplan: {phase} ...", file=_sys.stderr, flush=True)
        self._steps += 1

    def close(self, done: bool = True) -> None:
        """The last phase ends (``done``), or the run stopped with an error."""
        if self._bar is not None:
            if done:
                self._bar.update(1)
            self._bar.close()
            self._bar = None
        elif self._on and done:
            print("payplan: done", file=_sys.stderr, flush=True)


_NO_LINES = ("the run wrote no lines: no order is credited to a payee of a component in a paid period (check the "
             "dates, the payees and start/end)")


def _warn(found: list[str], strict: bool) -> None:
    """Each surprising setting as a PayplanWarning, or with ``strict`` all of
    them as one InputError (nothing is returned). The warning names the
    caller's line: the first frame outside the package."""
    if found and strict:
        raise InputError("strict: " + "; ".join(found))
    level, frame = 2, _sys._getframe(1)
    package = _os.path.dirname(__file__)
    while frame.f_back is not None and _os.path.dirname(frame.f_code.co_filename) == package:
        frame, level = frame.f_back, level + 1
    for text in found:
        _warnings.warn(PayplanWarning(text), stacklevel=level)


class Plan:
    """A commission plan (the contract's plan YAML)."""

    def __init__(self, core: _core.Plan) -> None:
        self._core = core
        self._paths: list[str] = []  # from_dict: the key path of each line of the text loaded

    @classmethod
    def from_yaml(cls, path_or_text: PathOrText) -> "Plan":
        """Loads a plan from a YAML file path, or from YAML text."""
        if _is_text(path_or_text):
            return cls(_core.Plan.parse(str(path_or_text), "<plan text>"))
        return cls(_core.Plan.load(_os.fspath(path_or_text)))

    @classmethod
    def from_dict(cls, plan: Mapping[str, Any]) -> "Plan":
        """Loads a plan from a dict shaped like the YAML (rates as ``"5%"``,
        Decimal or str; a float is taken as its shortest decimal text).
        Errors and warnings name the key path, as
        ``plan dict: components[2].tiers.table[1].rate: ...``."""
        core, paths = _parsed_dict(_core.Plan.parse, plan, _PLAN_DICT)
        made = cls(core)
        made._paths = paths
        return made

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
        lines: bool = True,
        credits: Optional[CreditsLike] = None,
        paid: Optional["PaidLike"] = None,
        closed_through: Optional[str] = None,
        adjustments: Optional["AdjustmentsLike"] = None,
        strict: bool = False,
        progress: bool = False,
    ) -> "Result":
        """Evaluates this plan over the orders (a DataFrame, an Orders, or a
        CSV path). ``start``/``end`` (dates or period labels such as
        ``"2026-Q2"``) select the periods written, as ``--from``/``--to``.
        ``lines=False`` keeps only the statements (and exceptions): far less
        memory for a large ledger; ``result.lines`` then raises.
        ``credits`` (a DataFrame of order_id, person, share[, overlay], a CSV
        path or a Credits) splits the orders it names, as ``--credits``.
        ``paid`` (an earlier run's output folder or Result) with
        ``closed_through`` (``"2026-Q1"``) closes its periods up to then and
        pays the differences as adjustments, and ``adjustments`` (a DataFrame
        or CSV of period, payee, component, amount, reason) adds manual ones,
        as ``--paid``, ``--closed-through`` and ``--adjustments`` (spec 6);
        ``result.adjustments`` then lists them.

        Surprising settings (a rate above 100%, a role nobody has, a period
        not paid, no line at all) are each a ``PayplanWarning`` naming the
        file and line; ``strict=True`` raises ``InputError`` instead, as
        ``--strict`` does. ``progress=True`` shows each phase (reading the
        orders, evaluating, the result's frames) as it runs, with tqdm where
        it is installed, else on stderr."""
        first, last = _date_text(start, "start"), _date_text(end, "end")
        _warn(_warning_texts(self, org, first, last), strict)  # before the orders are read, as --strict
        meter = _Phases(progress)
        meter.start("reading orders")
        try:
            ledger = Orders._coerce(orders, self.currency, allow_float)
            deals = Credits._coerce(credits)
        except BaseException:
            meter.close(done=False)
            raise
        if paid is not None and first is not None:
            raise ValueError("start cannot go with paid=: a run with a pay history pays every period from the "
                             "plan's effective start")
        history = _paid.paid_run(paid, closed_through)
        manual = _paid.manual_adjustments(adjustments)
        meter.start(f"evaluating {len(ledger):,} orders")
        try:
            core = _core.evaluate(self._core, org._core, ledger._core, first, last, lines=lines,
                                  credits=deals._core if deals else None)
            core.settle(self._core, org._core, history, closed_through, manual)
        except InputError as e:  # a plan or org from a dict: its key paths, not the text's lines
            meter.close(done=False)
            raise InputError(self._key_paths(str(e), org)) from None
        meter.start("statements and exceptions")
        result = Result(core, self, org, ledger, first, last, deals)
        exceptions = result.exceptions
        found = list(exceptions.loc[exceptions["kind"] == "period_not_paid", "detail"])
        if result.statements.empty:
            found.append(_NO_LINES)
        meter.close()
        _warn([self._key_paths(f, org) for f in found], strict)
        return result

    def _key_paths(self, text: str, org: "Org") -> str:
        """A message naming the text of a plan or org from a dict: by key path."""
        return _at_key_paths(_at_key_paths(text, _PLAN_DICT, self._paths), _ORG_DICT, org._paths)

    def warnings(self, org: "Org", start: DateLike = None, end: DateLike = None) -> list[str]:
        """What ``evaluate`` over ``org`` would warn of before reading any
        order, each "FILE:LINE:COLUMN: message" ("plan dict: KEY.PATH: message"
        for a plan or org from a dict; an empty list: nothing)."""
        first, last = _date_text(start, "start"), _date_text(end, "end")
        return _warning_texts(self, org, first, last)


class Org:
    """People, reporting lines, account ownership and quotas (the org YAML)."""

    def __init__(self, core: _core.Org) -> None:
        self._core = core
        self._paths: list[str] = []  # from_dict: the key path of each line of the text loaded

    @classmethod
    def from_yaml(cls, path_or_text: PathOrText) -> "Org":
        """Loads an org from a YAML file path, or from YAML text."""
        if _is_text(path_or_text):
            return cls(_core.Org.parse(str(path_or_text), "<org text>"))
        return cls(_core.Org.load(_os.fspath(path_or_text)))

    @classmethod
    def from_dict(cls, org: Mapping[str, Any]) -> "Org":
        """Loads an org from a dict shaped like the YAML; errors and warnings
        name the key path, as ``org dict: people[1].reports_to: ...``."""
        core, paths = _parsed_dict(_core.Org.parse, org, _ORG_DICT)
        made = cls(core)
        made._paths = paths
        return made

    def to_dict(self) -> dict[str, Any]:
        return self._core.to_dict()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Org) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        d = self.to_dict()
        return f"Org({len(d['people'])} people, {len(d['accounts'])} accounts)"


# Last, as _result imports Plan and Org from here (for its annotations, which
# typing.get_type_hints resolves in _result's namespace): at this point both
# are defined, and Plan.evaluate finds Result when it runs.
from ._result import Result  # noqa: E402
