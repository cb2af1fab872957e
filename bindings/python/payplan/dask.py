"""payplan.dask: a plan evaluated over a Dask DataFrame of orders, on a
local or a real ``dask.distributed`` cluster, byte for byte as
``plan.evaluate`` or ``payplan run`` on the same orders, however they are
partitioned (``pip install "payplan[dask]"``).

    >>> import dask.dataframe as dd, payplan, payplan.dask
    >>> orders = dd.read_parquet("orders/")            # order_id, date, account, amount, ...
    >>> result = payplan.dask.evaluate(plan, orders, org, lines=False)
    >>> result.statements.to_csv("statements.csv", index=False)
    >>> payplan.dask.compare(plan, proposal, orders, org).summary_text()

The phases are the C++ engine's (engine/partitioned.hpp); this module only
moves their tables with Dask:

A. the orders shuffled by account: crediting, eligibility under transfer
   terms (an account's sales since a transfer), the sums team growth,
   coaching bonuses, contests and rebates read, and the payee groups each
   order must reach (its receivers and the managers an override pays): an
   account part gives each of its orders once per group it goes to, picked
   by row, with no join;
   the returns, and the orders a refund_of names (found in one pass over
   that column), come together in one small task, which sends each return
   to its original's groups and each original to its returns', so a return
   across accounts claws back what its original paid;
B. the routed orders shuffled by payee group: commission and override for
   the group's payees, exactly as in one process (cumulative sales, tiers,
   caps, clawbacks);
C. on the client: the period-level components from the summed sums, the
   returns' exceptions, every group's lines, in the contract's order.

The plan and the org travel as plain dicts (``to_dict``), rebuilt once per
worker process.
"""

from __future__ import annotations

import functools as _functools
import json as _json
import os as _os
import re as _re
import warnings as _warnings
from typing import Any, Optional, Union

import numpy as _np
import pandas as _pd

try:
    import dask.dataframe as _dd
    from dask.base import annotate as _annotate, compute as _compute
    from dask.delayed import delayed as _delayed
except ImportError as e:  # pragma: no cover - the extra is not installed
    raise ImportError('payplan.dask needs Dask: pip install "payplan[dask]"') from e

from . import _core
from ._common import DateLike, InputError, PathOrText, PayplanWarning, _date_text
from ._compare import Comparison
from ._credits import Credits
from ._orders import Orders
from ._plan import _NO_LINES, Org, Plan, _warn
from ._result import Result

__all__ = ["compare", "evaluate"]

_ELIGIBILITY = ("_pp_eligible", "_pp_share", "_pp_note")


@_functools.lru_cache(maxsize=8)
def _plan(text: str) -> Plan:
    return Plan.from_dict(_json.loads(text))


@_functools.lru_cache(maxsize=8)
def _org(text: str) -> Org:
    return Org.from_dict(_json.loads(text))


def _credits_of(credits: Optional[_pd.DataFrame], order_ids: _pd.Series) -> Optional[_core.Credits]:
    """The credits file's rows for these orders (checked whole on the client)."""
    if credits is None:
        return None
    rows = credits[credits["order_id"].isin(order_ids)]
    return Credits.from_frame(rows.reset_index(drop=True))._core if len(rows) else None


def _orders_of(frame: _pd.DataFrame, currency: str, allow_float: bool) -> Orders:
    return Orders.from_frame(frame.drop(columns=[c for c in frame.columns if str(c).startswith("_pp_")]), currency,
                             allow_float=allow_float)


def _refunded_of(frames: list[_pd.DataFrame]) -> frozenset[str]:
    """The order ids the returns' refund_of names, over the whole ledger."""
    named: set[str] = set()
    for frame in frames:
        named.update(str(v) for v in frame.loc[_is_return(frame), "refund_of"].unique())
    return frozenset(named)


def _is_return(frame: _pd.DataFrame) -> "_pd.Series[bool]":
    if "refund_of" not in frame.columns:
        return _pd.Series(False, index=frame.index)
    return frame["refund_of"].notna() & (frame["refund_of"].astype(str) != "")


def _account_task(frame: _pd.DataFrame, plan: str, org: str, groups: int, first: Optional[str], last: Optional[str],
                  allow_float: bool, credits: Optional[_pd.DataFrame], refunded: frozenset[str]) -> tuple[Any, ...]:
    """Phase A over a partition holding whole accounts: its orders, with
    their eligibility, once for each payee group they go to; the returns
    and refunded orders among them with their groups; the measured sums,
    exceptions and credited revenue."""
    p, o = _plan(plan), _org(org)
    frame = frame.reset_index(drop=True)
    rows = frame.assign(**{c: _pd.Series([None] * len(frame), dtype=object) for c in _ELIGIBILITY})
    if not len(frame):
        routed = rows.assign(_pp_group=_pd.Series([], dtype="int32"))
        return routed, rows, routed[["order_id", "_pp_group"]], _core.Measured(), [], 0
    ledger = _orders_of(frame, p.currency, allow_float)
    found = _core.account_phase(p._core, o._core, ledger._core, groups, _credits_of(credits, frame["order_id"]),
                                first, last)
    at = found["elig_row"]
    for column, key in zip(_ELIGIBILITY, ("eligible", "share", "note")):
        values = _np.full(len(frame), None, dtype=object)
        values[at] = found[key]
        rows[column] = values
    routed = rows.iloc[found["route_row"]].assign(_pp_group=found["route_group"])
    linked = rows[_is_return(rows) | rows["order_id"].astype(str).isin(refunded)]
    return routed, linked, routed.loc[routed.index.isin(linked.index), ["order_id", "_pp_group"]], \
        found["measured"], found["exceptions"], found["revenue_micros"]


def _payee_task(frame: _pd.DataFrame, plan: str, org: str, groups: int, first: Optional[str], last: Optional[str],
                lines: bool, allow_float: bool, credits: Optional[_pd.DataFrame]) -> Any:
    """Phase B over a partition holding whole payee groups."""
    p, o = _plan(plan), _org(org)
    if not len(frame):
        return None
    wanted = sorted(int(g) for g in frame["_pp_group"].unique())
    frame = frame.drop(columns=["_pp_group"]).drop_duplicates("order_id")
    ledger = _orders_of(frame, p.currency, allow_float)
    terms = frame[frame["_pp_eligible"].notna()]
    return _core.payee_phase(p._core, o._core, ledger._core, list(terms["order_id"].astype(str)),
                             list(terms["_pp_eligible"]), list(terms["_pp_share"]), list(terms["_pp_note"]), groups,
                             wanted, lines, _credits_of(credits, frame["order_id"]), first, last)


def _returns_task(linked_parts: list[_pd.DataFrame], route_parts: list[_pd.DataFrame], plan: str, org: str,
                  first: Optional[str], last: Optional[str], allow_float: bool) -> tuple[_pd.DataFrame, Any, Any]:
    """The returns phase over every return and every order a refund_of
    names, and the rows phase B needs besides its own: each return sent to
    its original's payee groups and each original to its returns', so a
    return across accounts claws back what its original paid."""
    p, o = _plan(plan), _org(org)
    linked = _pd.concat(linked_parts, ignore_index=True).drop_duplicates("order_id")
    routes = _pd.concat(route_parts, ignore_index=True)
    empty = linked.iloc[:0].assign(_pp_group=_pd.Series([], dtype="int32"))
    if not len(linked):
        return empty, [], []
    ledger = _orders_of(linked, p.currency, allow_float)
    exceptions, unpaid = _core.returns_phase(p._core, o._core, ledger._core, first, last)
    returns = linked[_is_return(linked)]
    ids = linked["order_id"].astype(str)
    groups_of = routes.assign(order_id=routes["order_id"].astype(str))
    pairs = _pd.DataFrame({"ret": returns["order_id"].astype(str), "orig": returns["refund_of"].astype(str)})
    sent = [pairs.merge(groups_of, left_on=to, right_on="order_id")[[what, "_pp_group"]].rename(columns={what: "_pp_id"})
            for what, to in (("ret", "orig"), ("orig", "ret"))]
    extra = _pd.concat(sent, ignore_index=True).drop_duplicates()
    rows = linked.assign(_pp_id=ids).merge(extra, on="_pp_id").drop(columns=["_pp_id"])
    rows["_pp_group"] = rows["_pp_group"].astype("int32")
    return (rows[list(empty.columns)] if len(rows) else empty), exceptions, unpaid


def _credits_frame(credits: Union[None, _pd.DataFrame, PathOrText]) -> Optional[_pd.DataFrame]:
    if credits is None:
        return None
    if isinstance(credits, _pd.DataFrame):
        return credits
    if isinstance(credits, Credits):
        raise TypeError("payplan.dask.evaluate takes credits as a DataFrame or a CSV path, not a Credits")
    return _pd.read_csv(_os.fspath(credits), dtype=str, keep_default_na=False)


def evaluate(plan: Plan, orders: "_dd.DataFrame", org: Org, start: DateLike = None, end: DateLike = None, *,
             credits: Union[None, _pd.DataFrame, PathOrText] = None, lines: bool = True, groups: Optional[int] = None,
             allow_float: bool = False) -> Result:
    """Evaluates ``plan`` over a Dask DataFrame of orders (the columns of
    spec 2, as ``plan.evaluate`` takes them) on the current Dask scheduler
    (a ``dask.distributed.Client``'s cluster, if one is connected).

    The result is the one ``plan.evaluate`` gives on the same orders, whatever
    the partitions: its lines, statements and exceptions are byte for byte
    the same in ``to_csv``. ``groups`` is how many payee groups phase B
    evaluates apart (default: the orders' partition count); ``lines=False``
    brings only the statements (and exceptions) back to the client, which
    is what a ledger too large for one machine's memory needs. ``credits``
    (a DataFrame or CSV of order_id, person, share[, overlay]) splits the
    orders it names (spec 3.1). ``explain`` is not available on the result
    (it needs the whole ledger): use ``plan.evaluate`` on the payee's orders.
    """
    first, last = _date_text(start, "start"), _date_text(end, "end")
    core, _ = _evaluate(plan, orders, org, first, last, credits, lines, groups, allow_float)
    result = Result(core, plan, org, None, first, last, None)
    _warn([_NO_LINES] if result.statements.empty else [], False)
    return result


def compare(plan_a: Plan, plan_b: Plan, orders: "_dd.DataFrame", org: Org, start: DateLike = None,
            end: DateLike = None, *, credits: Union[None, _pd.DataFrame, PathOrText] = None,
            groups: Optional[int] = None, allow_float: bool = False) -> Comparison:
    """``payplan.compare`` over a Dask DataFrame: both plans evaluated in
    parts (statements only), lined up by (period, payee, component), with
    totals and credited revenue, the same as ``payplan.compare`` gives."""
    first, last = _date_text(start, "start"), _date_text(end, "end")
    a, revenue_a = _evaluate(plan_a, orders, org, first, last, credits, False, groups, allow_float)
    b, revenue_b = _evaluate(plan_b, orders, org, first, last, credits, False, groups, allow_float)
    return Comparison(_core.compare_results(plan_a._core, plan_b._core, org._core, a, b, revenue_a, revenue_b))


def _evaluate(plan: Plan, orders: "_dd.DataFrame", org: Org, first: Optional[str], last: Optional[str],
              credits: Union[None, _pd.DataFrame, PathOrText], lines: bool, groups: Optional[int],
              allow_float: bool) -> tuple[_core.Evaluation, int]:
    """The phases on the current scheduler: the result and the credited revenue (micros)."""
    if not isinstance(orders, _dd.DataFrame):
        raise TypeError(f"orders must be a dask.dataframe.DataFrame, not {type(orders).__name__}: for a pandas "
                        "DataFrame use plan.evaluate")
    for column in ("order_id", "account"):
        if column not in orders.columns:
            raise InputError(f"<dask DataFrame>: field '{column}': required column is missing (the frame has "
                             f"{', '.join(map(str, orders.columns))})")
    # what the plan says of the org, and the run's bounds, checked here, where
    # messages name the user's files (the workers rebuild both from dicts)
    # (the empty frame writes no lines: that warning waits for the result)
    with _warnings.catch_warnings():
        _warnings.filterwarnings("ignore", message=_re.escape(_NO_LINES), category=PayplanWarning)
        plan.evaluate(orders._meta, org, first, last, lines=False, allow_float=allow_float)
    plan_text = _json.dumps(plan.to_dict(), sort_keys=True)
    org_text = _json.dumps(org.to_dict(), sort_keys=True)
    deals = _credits_frame(credits)
    n = max(orders.npartitions, 1)
    groups = max(int(groups or n), 1)

    # phase A: whole accounts in each partition
    refunded = _delayed(_refunded_of)(orders[["refund_of"]].to_delayed()) if "refund_of" in orders.columns \
        else frozenset()
    by_account = orders.shuffle("account", npartitions=n)
    # the shuffle by payee group takes each account part's rows as it comes:
    # run before the next account part (else they all wait, in memory)
    accounts = by_account.to_delayed()
    with _annotate(priority=-1):
        found = [_delayed(_account_task, nout=6)(part, plan_text, org_text, groups, first, last, allow_float, deals,
                                                 refunded) for part in accounts]
    meta = by_account._meta.assign(**{c: _pd.Series([], dtype=object) for c in _ELIGIBILITY})
    meta = meta.assign(_pp_group=_pd.Series([], dtype="int32"))
    # the returns phase; a return and the order its refund_of names go where each other goes
    extra, *checked = _delayed(_returns_task, nout=3)([f[1] for f in found], [f[2] for f in found], plan_text,
                                                      org_text, first, last, allow_float)

    # phase B: whole payee groups in each partition
    routed = _dd.from_delayed([f[0] for f in found] + [extra], meta=meta, verify_meta=False)
    paid = [_delayed(_payee_task)(part, plan_text, org_text, groups, first, last, lines, allow_float, deals)
            for part in routed.shuffle("_pp_group", npartitions=min(groups, n)).to_delayed()]

    credited: list[Any] = []  # delayed frames, so that one compute runs one graph
    if deals is not None:  # spec 3.1: every row names an order of the ledger; shares add up to 100%
        credited = orders[orders["order_id"].isin(list(deals["order_id"].astype(str)))].to_delayed()
    measured, exceptions, revenue, parts, (returns_found, unpaid), credited_orders = _compute(
        [f[3] for f in found], [f[4] for f in found], [f[5] for f in found], paid, checked, credited)
    if deals is not None:
        whole = Credits.from_frame(deals)
        named = _pd.concat(credited_orders) if credited_orders else orders._meta
        _core.check_credits(whole._core, org._core, _orders_of(named, plan.currency, allow_float)._core)

    # phase C, here
    core = _core.assemble(plan._core, org._core, first, last, lines, measured,
                          [p for p in parts if p is not None], [e for part in exceptions for e in part] + list(returns_found),
                          list(unpaid))
    return core, sum(revenue)
