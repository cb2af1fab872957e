#!/usr/bin/env python3
"""Independent reference implementation of flat commission + transfer terms.

Written from the contract (shared spec "plan language and data contract, v1",
sections 1-3, 4.1 flat commission with clawbacks, 4.2 transfer terms, 5) and
docs/contract-notes.md, without looking at the C++ engine, to produce golden
statements for rules-examples/account-handover: one org, one ledger, and one
plan file per handover policy.

Scope: exactly what that example uses. Plans and org come from a JSON mirror
of the YAML files (tests/golden/account-handover.json: `org`, and `plans`
keyed by policy = plan file stem without `plan-`), so this script needs
nothing but the Python 3 standard library. Supported: month/quarter/year
periods, half_even/half_up rounding, `commission` components with a flat
`rate` (payees by role or id list, `products` filter), clawbacks, owners
over time, and transfer terms (delay, new_orders_only, threshold, ramp by
months or by sales; any combination). Refused: tiers, caps and every other
component type (reference_commission.py covers tiers and caps).

Usage:
    python3 tests/golden/reference_transfers.py
        writes tests/golden/account-handover.expected.csv
    python3 tests/golden/reference_transfers.py --out FILE
        writes the same table elsewhere (to compare with the checked-in one)
    python3 tests/golden/reference_transfers.py --statements-dir DIR
        also writes DIR/<policy>/statements.csv in the contract's format
        (period,payee,component,amount; every paid period with a line), to
        compare byte for byte with `payplan run --out DIR/<policy>`
    python3 tests/golden/reference_transfers.py --explain DIR
        also writes DIR/<policy>/reference_lines.csv: every line's working
        (s before, eligible, share, unrounded, rounded, note)
    python3 tests/golden/reference_transfers.py --check-yaml
        (needs PyYAML) checks the JSON mirror still equals the YAML files

The expected table has columns policy,period,payee,amount: every policy,
every 2026 quarter, payees maria and raj (0.00 when they have no line),
amount = the sum of the payee's rounded lines in that period (over all
components; this example has one, `commission`), sorted by policy, period,
payee.

All arithmetic is exact: money and rates are fractions.Fraction, each line
value g x eligible x share is one exact fraction, rounded once to cents.

------------------------------------------------------------------------------
Worked by hand (rate 5%; s = ACME's sales since the transfer T = 2026-01-01
before the order; each agrees with this script's --explain output):

(1) threshold 50000, the crossing order. SO-10278 (2026-03-12, ACME,
    24380.00, closed_by raj). The ACME orders dated >= 2026-01-01 before it
    add up to s = 31121.17 (nine orders, 1830.50 ... 1590.12; the
    2025-12-31 order is maria's and not "since T"). It occupies
    [31121.17, 55501.17); the part above 50000 is 5501.17, so
        eligible = 5501.17 / 24380.00
        g        = 24380.00 x 5% = 1219.00
        line     = 1219.00 x 5501.17 / 24380.00 = 275.0585   -> 275.06
    (the same as 5% of the 5501.17 above the threshold). Every ACME order
    before it pays raj 0.00 under this policy; every one after, in full.
    RT-2601 (2026-05-20, -6095.00, refund_of SO-10278) is a quarter of it:
    raj's clawback in 2026-Q2 is 275.0585 x (-6095 / 24380)
    = -68.764625 -> -68.76, at the original's eligible. The return moves s
    from 102669.00 to 96574.00, still above the threshold, and pays no
    line of its own.

(2) ramp by sales (0: 0%, 25000: 50%, 75000: 100%), an order spanning a
    step. SO-10270 (2026-02-10, 9815.30) at s = 15815.15 occupies
    [15815.15, 25630.45): 9184.85 of it below 25000 at 0%, 630.45 above at
    50%, so share = (630.45 x 0.5) / 9815.30 = 315.225 / 9815.30 and
        line = 9815.30 x 5% x share = 315.225 x 5% = 15.76125   -> 15.76
    SO-10294 (2026-04-22, 3487.50) at s = 73619.66 spans 75000:
    1380.34 x 0.5 + 2107.16 x 1 = 2797.33, line = 2797.33 x 5%
    = 139.8665 -> 139.87. The clawback of RT-2601 under this policy: the
    original SO-10278 lay wholly in [25000, 75000), share 0.5, unrounded
    609.50; x (-1/4) = -152.375, a half-cent tie -> -152.38 (half_even,
    8 is even).

(3) delay 6 months: 2026-01-01 + 6 months = 2026-07-01. An order is in
    the delay when dated BEFORE that day: SO-10317 (2026-06-30, 2890.10)
    pays 0.00 (note "in transfer delay until 2026-07-01"); SO-10318
    (2026-07-01, 14237.70, raj) is eligible: 14237.70 x 5% = 711.885, a
    tie -> 711.88 (half_even). Under delay-and-ramp (delay 3 months, ramp
    3: 50%, 6: 100%) SO-10318 has 6 whole months elapsed: share 1 ->
    711.88 as well; SO-10288 (2026-04-01, 1975.00) is the first eligible
    order (2026-01-01 + 3 months = 2026-04-01) at share 0.5:
    98.75 x 0.5 = 49.375 -> 49.38.

(4) ramp by months (0: 25%, 3: 50%, 6: 75%, 12: 100%). SO-10287
    (2026-03-31, 2264.70): 2 whole months elapsed (the third elapses on
    2026-04-01), share 0.25: 113.235 x 0.25 = 28.30875 -> 28.31. The next
    order, SO-10288 (2026-04-01, 1975.00), has 3 months: 0.5 ->
    49.375 -> 49.38. RT-2601 claws back from raj at the original's share
    (SO-10278, 2026-03-12: 2 months, 0.25): 1219.00 x 0.25 = 304.75, and
    304.75 x (-1/4) = -76.1875 -> -76.19.
------------------------------------------------------------------------------
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_MODEL = os.path.join(HERE, "account-handover.json")
DEFAULT_OUT = os.path.join(HERE, "account-handover.expected.csv")
EXAMPLE_DIR = os.path.join(REPO, "rules-examples", "account-handover")

EXPECTED_YEAR = 2026            # the expected table covers raj's first year
EXPECTED_PAYEES = ("maria", "raj")


# --- spec 1: numbers, money, dates, periods ---------------------------------

_DECIMAL = re.compile(r"^[+-]?(\d+)(\.(\d+))?$")


def parse_decimal(text, max_frac: int) -> Fraction:
    s = str(text).strip()
    m = _DECIMAL.match(s)
    if not m:
        raise ValueError(f"not a decimal: {s!r}")
    if m.group(3) and len(m.group(3)) > max_frac:
        raise ValueError(f"more than {max_frac} fractional digits: {s}")
    return Fraction(s)   # Fraction parses decimal text exactly


def parse_money(text) -> Fraction:
    return parse_decimal(text, 6)


def parse_rate(text) -> Fraction:
    """`5%`, `2.75%` or `0.0275` -> exact fraction (spec 1)."""
    s = str(text).strip()
    if s.endswith("%"):
        return parse_decimal(s[:-1], 8) / 100
    return parse_decimal(s, 10)


def round_cents(x: Fraction, mode: str) -> Fraction:
    """Round once to the minor unit (2 digits). half_up: away from zero."""
    y = x * 100
    q, r = divmod(y.numerator, y.denominator)   # floor division, 0 <= r < den
    twice, den = 2 * r, y.denominator
    if twice > den:
        q += 1
    elif twice == den:   # exactly half a cent
        if mode == "half_even":
            q += q % 2
        elif mode == "half_up":
            q += 1 if y > 0 else 0   # floor of a negative tie is already away from zero
        else:
            raise ValueError(mode)
    return Fraction(q, 100)


def fmt_money(x: Fraction) -> str:
    assert (x * 100).denominator == 1, x   # only rounded money is written
    cents = int(x * 100)
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def fmt_frac(x: Fraction, digits: int = 6) -> str:
    """For --explain only: a fraction as a decimal, exact when it terminates
    within `digits` fractional digits, else rounded half-even to them and
    marked with a leading ~ (0.225643 for 5501.17 / 24380 is shown ~0.225643)."""
    scaled = x * 10 ** digits
    q, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r > scaled.denominator or (2 * r == scaled.denominator and q % 2):
        q += 1
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10 ** digits)
    text = f"{sign}{whole}.{frac:0{digits}d}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text if Fraction(q, 10 ** digits) == x else "~" + text


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def add_months(day: dt.date, n: int) -> dt.date:
    """day + n months; a day that does not exist in the target month becomes
    that month's last day (2026-01-31 + 1 month = 2026-02-28)."""
    y, m0 = divmod(day.year * 12 + day.month - 1 + n, 12)
    m = m0 + 1
    return dt.date(y, m, min(day.day, last_day(y, m)))


def add_span(day: dt.date, span: str) -> dt.date:
    """`N days`, `N months`, `N years` (spec 1)."""
    m = re.fullmatch(r"\s*(\d+)\s+(day|days|month|months|year|years)\s*", str(span))
    if not m:
        raise ValueError(f"not a span: {span!r}")
    n, unit = int(m.group(1)), m.group(2)
    if unit.startswith("day"):
        return day + dt.timedelta(days=n)
    if unit.startswith("month"):
        return add_months(day, n)
    return add_months(day, 12 * n)


def whole_months(start: dt.date, day: dt.date) -> int:
    """Whole months elapsed from start to day: the largest n with
    start + n months <= day (a month elapses on the same day of the month,
    clamped as in spec 1). Each start + n is computed from start itself."""
    assert day >= start
    n = (day.year - start.year) * 12 + (day.month - start.month)
    while n > 0 and add_months(start, n) > day:
        n -= 1
    return n


def period_label(day: dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return f"{day.year:04d}"
    raise ValueError(period)


def period_bounds(label: str, period: str) -> tuple[dt.date, dt.date]:
    if period == "year":
        y = int(label)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if period == "quarter":
        y, q = int(label[:4]), int(label[6:])
        first, last = 3 * q - 2, 3 * q
    else:
        y, first = int(label[:4]), int(label[5:])
        last = first
    return dt.date(y, first, 1), dt.date(y, last, last_day(y, last))


# --- spec 3: org ----------------------------------------------------------------

class OwnerEntry:
    def __init__(self, e: dict):
        self.owner = e["owner"]
        self.start = dt.date.fromisoformat(str(e["from"]))
        self.terms = e.get("terms")   # a name in the plan's transfer_terms, or None


class Org:
    def __init__(self, org: dict):
        self.role = {p["id"]: p["role"] for p in org["people"]}
        self.owners = {}
        for a in org["accounts"]:
            entries = sorted((OwnerEntry(e) for e in a["owners"]), key=lambda e: e.start)
            self.owners[a["id"]] = entries

    def entry_on(self, account: str, day: dt.date):
        """The owners entry in force on day: each holds from its `from` until
        the next one starts (so a later entry also ends earlier terms)."""
        found = None
        for e in self.owners.get(account, []):
            if e.start <= day:
                found = e
        return found


# --- spec 4.2: transfer terms ---------------------------------------------------

class Terms:
    def __init__(self, name: str, t: dict):
        known = {"delay", "new_orders_only", "threshold", "ramp"}
        if set(t) - known:
            raise ValueError(f"transfer terms {name}: unknown keys {sorted(set(t) - known)}")
        self.name = name
        self.delay = t.get("delay")
        self.new_orders_only = bool(t.get("new_orders_only", False))
        self.threshold = parse_money(t["threshold"]) if "threshold" in t else None
        self.ramp_by = None
        self.steps = []   # (from, share), sorted by from
        if "ramp" in t:
            r = t["ramp"]
            self.ramp_by = r["by"]
            if self.ramp_by not in ("months", "sales"):
                raise ValueError(f"ramp by {self.ramp_by!r}")
            conv = int if self.ramp_by == "months" else parse_money
            self.steps = sorted((conv(s["from"]), parse_rate(s["share"])) for s in r["steps"])

    # A step function: the share of the step whose `from` is the largest
    # <= x; 0 below the first step.
    def step_at(self, x) -> Fraction:
        share = Fraction(0)
        for start, sh in self.steps:
            if start <= x:
                share = sh
        return share

    def sales_share(self, s: Fraction, a: Fraction) -> Fraction:
        """Average of the step function over the range the order occupies:
        [s, s+a), or [s+a, s) for a negative amount."""
        lo, hi = (s, s + a) if a >= 0 else (s + a, s)
        if lo == hi:
            return self.step_at(s)   # a zero amount: the step it sits on
        # Breakpoints: every step start strictly inside (lo, hi).
        cuts = [lo] + [st for st, _ in self.steps if lo < st < hi] + [hi]
        integral = sum((self.step_at(x0) * (x1 - x0) for x0, x1 in zip(cuts, cuts[1:])), Fraction(0))
        return integral / (hi - lo)

    def threshold_fraction(self, s: Fraction, a: Fraction) -> Fraction:
        """The fraction of the order's range that lies above the threshold."""
        lo, hi = (s, s + a) if a >= 0 else (s + a, s)
        if lo == hi:
            return Fraction(1) if s >= self.threshold else Fraction(0)
        above = max(Fraction(0), hi - max(lo, self.threshold))
        return above / (hi - lo)


# --- spec 2: orders ----------------------------------------------------------------

def load_orders(path: str, currency: str):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    orders, seen = [], set()
    for r in rows:
        oid = r["order_id"]
        if oid in seen:
            raise ValueError(f"duplicate order_id {oid}")
        seen.add(oid)
        if r.get("currency") and r["currency"] != currency:
            raise ValueError(f"order {oid}: currency {r['currency']} != plan {currency}")
        orders.append({
            "order_id": oid,
            "date": dt.date.fromisoformat(r["date"]),
            "account": r["account"],
            "amount": parse_money(r["amount"]),
            "closed_by": r.get("closed_by") or "",
            "refund_of": r.get("refund_of") or "",
            "product": r.get("product") or "",
        })
    # (date, order_id), order_id in byte order of its UTF-8 text.
    orders.sort(key=lambda o: (o["date"], o["order_id"].encode("utf-8")))
    return orders


# --- spec 4 / 4.1 / 4.2: one plan --------------------------------------------------

class Component:
    def __init__(self, c: dict):
        if c["type"] != "commission":
            raise NotImplementedError(f"component type {c['type']}")
        if "tiers" in c or "cap" in c or "rate" not in c:
            raise NotImplementedError("only flat-rate commission without a cap")
        self.id = c["id"]
        p = c["payees"]
        self.payee_role = p["role"] if isinstance(p, dict) else None
        self.payee_ids = None if isinstance(p, dict) else set(p)
        self.products = set(c["products"]) if "products" in c else None
        self.rate = parse_rate(c["rate"])

    def applies(self, person: str, role: str, product: str) -> bool:
        ok = person in self.payee_ids if self.payee_ids is not None else role == self.payee_role
        return ok and (self.products is None or product in self.products)


class Line:
    __slots__ = ("period", "payee", "component", "order_id", "date", "account", "amount_in",
                 "s_before", "gross", "eligible", "share", "unrounded", "rounded", "note")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))


def run(plan: dict, org: Org, orders: list):
    period = plan["period"]
    rounding = plan.get("rounding", "half_even")
    eff_from = dt.date.fromisoformat(str(plan["effective"]["from"]))
    eff_to = dt.date.fromisoformat(str(plan["effective"]["to"]))
    comps = [Component(c) for c in plan["components"]]
    terms = {name: Terms(name, t or {}) for name, t in (plan.get("transfer_terms") or {}).items()}
    position = {o["order_id"]: i for i, o in enumerate(orders)}
    by_id = {o["order_id"]: o for o in orders}
    exceptions = []

    def paid(label):
        start, end = period_bounds(label, period)
        return eff_from <= start and end <= eff_to

    # Account sales since a transfer, per (account, transfer date): every
    # order of the account dated on or after the transfer while that owners
    # entry is in force, whether it earns anything or not, returns included.
    since = defaultdict(Fraction)

    lines = []
    own_lines = defaultdict(list)   # order_id -> its own lines, for clawbacks
    for i, o in enumerate(orders):
        label = period_label(o["date"], period)
        a = o["amount"]

        # Classify a return (spec 4.1, contract notes).
        orig = None
        if o["refund_of"]:
            ref = o["refund_of"]
            if a >= 0:
                exceptions.append(("refund_of_not_negative", o["order_id"], ref))
            elif ref not in by_id:
                exceptions.append(("unknown_refund_of", o["order_id"], ref))
            elif position[ref] > i:
                exceptions.append(("refund_of_later_order", o["order_id"], ref))
            else:
                orig = by_id[ref]

        # A clawback reverses every line paid on the original, for whoever
        # was paid, at the original's eligible and share, in the return's
        # period: original_unrounded x (amount / original_amount).
        if orig is not None:
            for ol in own_lines[orig["order_id"]]:
                v = ol.unrounded * a / orig["amount"]
                lines.append(Line(period=label, payee=ol.payee, component=ol.component,
                                  order_id=o["order_id"], date=o["date"], account=o["account"],
                                  amount_in=a, gross=None, eligible=ol.eligible, share=ol.share,
                                  unrounded=v, rounded=round_cents(v, rounding),
                                  note=f"clawback of {orig['order_id']}"))

        entry = org.entry_on(o["account"], o["date"])
        if entry is None:
            exceptions.append(("no_owner", o["order_id"], f"account {o['account']} has no owner on {o['date']}"))
            continue
        who = entry.owner
        tr = None
        s = None
        if entry.terms is not None:
            if entry.terms not in terms:
                raise ValueError(f"account {o['account']}: transfer terms {entry.terms!r} not in the plan")
            tr = terms[entry.terms]
            key = (o["account"], entry.start)
            s = since[key]
            since[key] = s + a   # every order moves it, paying or not

        if orig is not None:
            continue   # a known return pays no line of its own

        for comp in comps:
            if not comp.applies(who, org.role[who], o["product"]):
                continue
            g = a * comp.rate
            eligible, share, notes = Fraction(1), Fraction(1), []
            if tr is not None:
                T = entry.start
                if tr.delay is not None:
                    until = add_span(T, tr.delay)
                    if o["date"] < until:
                        eligible *= 0
                        notes.append(f"in transfer delay until {until.isoformat()}")
                if tr.new_orders_only and o["closed_by"] != who:
                    eligible *= 0
                    notes.append("not closed by new owner")
                if tr.threshold is not None:
                    f = tr.threshold_fraction(s, a)
                    eligible *= f
                    if f < 1:
                        notes.append(f"threshold {fmt_money(tr.threshold)}")
                if tr.ramp_by == "months":
                    n = whole_months(T, o["date"])
                    share = tr.step_at(n)
                    if share < 1:
                        notes.append(f"ramp: {n} month{'' if n == 1 else 's'} since transfer")
                elif tr.ramp_by == "sales":
                    share = tr.sales_share(s, a)
                    if share < 1:
                        notes.append("ramp: account sales since transfer")
            v = g * eligible * share
            line = Line(period=label, payee=who, component=comp.id, order_id=o["order_id"],
                        date=o["date"], account=o["account"], amount_in=a, s_before=s, gross=g,
                        eligible=eligible, share=share, unrounded=v,
                        rounded=round_cents(v, rounding), note="; ".join(notes))
            own_lines[o["order_id"]].append(line)
            lines.append(line)

    lines = [l for l in lines if paid(l.period)]
    statements = defaultdict(Fraction)
    for l in lines:
        statements[(l.period, l.payee, l.component)] += l.rounded
    return lines, statements, exceptions


# --- outputs ----------------------------------------------------------------------

def write_expected(path, results, period_kind):
    rows = []
    for policy, (_, statements, _) in results.items():
        per = defaultdict(Fraction)
        for (label, payee, _comp), amt in statements.items():
            per[(label, payee)] += amt
        labels = sorted({period_label(dt.date(EXPECTED_YEAR, m, 1), period_kind) for m in range(1, 13)})
        for label in labels:
            for payee in EXPECTED_PAYEES:
                rows.append((policy, label, payee, fmt_money(per.get((label, payee), Fraction(0)))))
    rows.sort()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["policy", "period", "payee", "amount"])
        w.writerows(rows)
    return rows


def write_statements(directory, statements):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "statements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "amount"])
        for k in sorted(statements):
            w.writerow([*k, fmt_money(statements[k])])


def write_explain(directory, lines, exceptions):
    os.makedirs(directory, exist_ok=True)
    lines = sorted(lines, key=lambda l: (l.period, l.payee, l.component, l.date, l.order_id.encode()))
    with open(os.path.join(directory, "reference_lines.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "order_id", "account", "date", "amount_in",
                    "s_before", "gross", "eligible", "share", "unrounded", "amount", "note"])
        for l in lines:
            w.writerow([l.period, l.payee, l.component, l.order_id, l.account, l.date.isoformat(),
                        fmt_frac(l.amount_in), "" if l.s_before is None else fmt_frac(l.s_before),
                        "" if l.gross is None else fmt_frac(l.gross), fmt_frac(l.eligible),
                        fmt_frac(l.share), fmt_frac(l.unrounded), fmt_money(l.rounded), l.note])
    with open(os.path.join(directory, "reference_exceptions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "order_id", "detail"])
        for e in sorted(exceptions):
            w.writerow(e)


def check_yaml(model: dict) -> int:
    try:
        import yaml  # noqa: only for this optional check
    except ImportError:
        print("PyYAML is not installed: cannot compare with the YAML files", file=sys.stderr)
        return 1

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        if isinstance(x, dt.date):
            return x.isoformat()
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return str(x)
        return x

    ok = True
    pairs = [("org.yaml", model["org"])] + [(f"plan-{p}.yaml", plan) for p, plan in model["plans"].items()]
    present = sorted(f for f in os.listdir(EXAMPLE_DIR) if f.startswith("plan-") and f.endswith(".yaml"))
    if sorted(name for name, _ in pairs[1:]) != present:
        print(f"plan files {present} and the mirror's plans differ", file=sys.stderr)
        ok = False
    for name, mirrored in pairs:
        path = os.path.join(EXAMPLE_DIR, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            y = norm(yaml.safe_load(f))
        if y != norm(mirrored):
            print(f"{name} and the JSON mirror differ", file=sys.stderr)
            ok = False
    print("JSON mirror matches org.yaml and every plan-*.yaml" if ok else "mismatch")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=DEFAULT_MODEL, help="JSON mirror of org.yaml + plan-*.yaml")
    ap.add_argument("--orders", default=os.path.join(EXAMPLE_DIR, "orders.csv"))
    ap.add_argument("--out", default=DEFAULT_OUT, help="the expected table to write")
    ap.add_argument("--statements-dir", help="also write DIR/<policy>/statements.csv")
    ap.add_argument("--explain", help="also write DIR/<policy>/reference_lines.csv")
    ap.add_argument("--check-yaml", action="store_true", help="compare the JSON mirror with the YAML files")
    args = ap.parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f, parse_float=str)   # numbers never go through float
    if args.check_yaml:
        return check_yaml(model)

    org = Org(model["org"])
    results = {}
    period_kinds = set()
    for policy in sorted(model["plans"]):
        plan = model["plans"][policy]
        period_kinds.add(plan["period"])
        orders = load_orders(args.orders, plan.get("currency", "USD"))
        results[policy] = run(plan, org, orders)
        lines, statements, exceptions = results[policy]
        if args.statements_dir:
            write_statements(os.path.join(args.statements_dir, policy), statements)
        if args.explain:
            write_explain(os.path.join(args.explain, policy), lines, exceptions)
        total = sum(statements.values(), Fraction(0))
        print(f"{policy}: {len(statements)} statement rows, {len(lines)} lines, "
              f"{len(exceptions)} exceptions, total {fmt_money(total)}")
    assert len(period_kinds) == 1, period_kinds
    rows = write_expected(args.out, results, period_kinds.pop())
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
