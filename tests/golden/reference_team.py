#!/usr/bin/env python3
"""Independent reference implementation of payplan's manager and team components.

Written from the contract (shared spec "plan language and data contract, v1",
sections 1-3, 4, 4.1 flat commission with clawbacks, 4.3 override, 4.4
team_growth, 4.5 team_attainment_bonus, 4.6 contest, 4.7 rebate, 5) and
docs/contract-notes.md ("Manager and team components"), without looking at
the C++ engine, to produce golden statements for rules-examples/manager-growth.

Scope: exactly what that example uses. Plan and org come from a JSON mirror
of plan.yaml/org.yaml (tests/golden/manager-growth.json), so this script
needs nothing but the Python 3 standard library. Supported: month/quarter/
year periods, half_even/half_up rounding, payees by role or id list,
`products` filters, and the components
  commission (flat `rate` only) with clawbacks,
  override (rates per level, include_own),
  team_growth (flat `rate`, hurdle, baseline previous_year/previous_period,
               include_own),
  team_attainment_bonus (quota roll-up for managers),
  contest (metric: sales),
  rebate (tiers on sales, retroactive or marginal; `accounts`).
Refused: commission tiers and caps, transfer terms, team_growth tiers,
contest metric new_accounts (reference_commission.py and
reference_transfers.py cover the commission features).

Usage:
    python3 tests/golden/reference_team.py
        writes tests/golden/manager-growth.statements.csv
    python3 tests/golden/reference_team.py --out FILE
        writes the same statements elsewhere (to compare with the checked-in
        file, or with `payplan run ... --out DIR` DIR/statements.csv)
    python3 tests/golden/reference_team.py --explain DIR
        also writes DIR/reference_lines.csv (every line's working) and
        DIR/reference_exceptions.csv
    python3 tests/golden/reference_team.py --summary
        also prints the README's tables (pay per person per quarter, maria's
        team growth, the contest, the bonus, the rebates)
    python3 tests/golden/reference_team.py --check-yaml
        (needs PyYAML) checks the JSON mirror still equals the YAML files

The statements file is in the contract's format (`period,payee,component,
amount`, sorted by period, payee, component): the paid periods only (those
wholly inside the plan's `effective`), one row per (period, payee,
component) with at least one line (a 0.00 line counts), amount = the sum of
the rounded lines. The rebate's payee is the account id.

All arithmetic is exact (fractions.Fraction); every line is rounded once,
to cents, with the plan's rounding.

------------------------------------------------------------------------------
Worked by hand (plan: commission 4%, override 2% / 1%, team growth 10% over
a 5% hurdle, bonus 1000 per direct report at >= 100%, contest prizes
5000 / 2500 / 1000, rebate 0% to 100000, 2% to 500000, 3% above; each
agrees with this script's --explain output):

(1) override two levels up, across lee's move from omar to maria on
    2026-08-17 (he is at level 1 below omar and level 2 below maria up to
    2026-08-16, at level 1 below maria from 2026-08-17):
    SO-10412 (Fri 2026-08-14, WAYNECO, 7425.50, credited to lee):
        lee   commission 7425.50 x 4% = 297.02
        omar  override   7425.50 x 2% = 148.51             (level 1)
        maria override   7425.50 x 1% = 74.255 -> 74.26    (level 2; a
              half-cent tie, half_even: 7425.5 cents -> 7426, even)
    SO-10415 (Mon 2026-08-17, WAYNECO, 6150.25, lee):
        maria override   6150.25 x 2% = 123.005 -> 123.00  (level 1; tie,
              12300.5 cents -> 12300, even); omar: no line (lee is no
              longer in his team).
    RT-2603 (2026-08-20, WONKA, -4115.20, refund_of SO-10387 of 2026-07-09,
    12345.60, sold while lee reported to omar): the portion is
    4115.20 / 12345.60 = 1/3 and every line of the original is reversed for
    whoever was paid, at the original's rate:
        lee    493.824 x (-1/3) = -164.608 -> -164.61
        omar   246.912 x (-1/3) =  -82.304 ->  -82.30  (lee has left him)
        maria  123.456 x (-1/3) =  -41.152 ->  -41.15  (her level-2 1%,
               not the 2% she would get on a new lee order that day)
    All three in 2026-Q3, the return's quarter.

(2) team_growth in a handover quarter. KEYSTONE moves from maria to raj on
    2026-04-01. S for 2026-Q2 = the accounts maria's team owns on
    2026-06-30: BRIGHTWAVE CYBERDYNE DELTA HOOLI INITECH KEYSTONE SOYLENT
    TYRELL UMBRA VANDELAY WAYNECO WONKA (not HARBOR: maria's own, and not
    GLOBEX: still hers until 2026-10-01).
        current  = sales on S in 2026-Q2 = 546,225.42
        baseline = sales on S in 2025-Q2 = 512,887.72
                   (KEYSTONE's 94,474.13 included, although maria was
                   credited with those orders in 2025)
        growth   = 33,337.70, growth_pct = 6.5% >= 5%
        line     = 10% x 33,337.70 = 3,333.77
    KEYSTONE itself: 104,480.64 now vs 94,474.13 then (after the return
    RT-2602 of -4,605.00 in May), +10,006.51, a real increase. Comparing
    the team's credited sales instead (owner on the order date) would have
    given 546,225.42 vs 418,413.59 = +127,811.83, paying 12,781.18 for a
    handover. The same in 2026-Q4 (GLOBEX to ana): like-for-like
    609,608.38 vs 635,008.73 = -25,400.35 -> 0.00, where credited sales
    would show +179,824.34.
    2026-Q1 sits exactly on the hurdle: 439,516.77 vs 418,587.40,
    growth 20,929.37 = 5% of the baseline exactly -> pays
    2,092.937 -> 2,092.94. 2026-Q3: 580,849.67 vs 566,682.60,
    growth 14,167.07 = 2.500001% < 5% -> 0.00.

(3) the contest tie. Window 2026-06-01 to 2026-08-31, credited sales of
    orders dated in it, returns included (lee's RT-2603, -4,115.20,
    counts against him):
        raj 195,805.74        place 1           5,000.00
        ana, kim, lee 100,875.75 each: places 2, 3 and 4, sharing
            2,500 + 1,000 + 0 = 3,500: 1,166.666... -> 1,166.67 each
            (the three lines add up to 3,500.01: each share is rounded)
    All four lines in 2026-Q3 (the quarter holding 2026-08-31).

(4) the rebate crossing a tier. KEYSTONE in 2026-Q2: 11,875.25 (raj's
    first order, 2026-04-01) ... 18,528.72 (2026-06-08) bring the
    account to 85,893.89, the return RT-2602 included; SO-10379
    (2026-06-29, 18,586.75) takes it to 104,480.64, past 100,000.
    Retroactive: the whole quarter at 2%, 104,480.64 x 2% = 2,089.6128
    -> 2,089.61 (marginal tiers would have paid 89.61). VANDELAY in
    2026-Q1 sells exactly 100,000.00: the first tier includes its bound,
    0% -> 0.00. HARBOR in 2026-Q4 (with its 430,000.00 deal):
    522,029.10 x 3% = 15,660.873 -> 15,660.87.

(5) the coaching bonus. omar in 2026-Q2: direct reports on 2026-06-30
    are kim (110,000.00 / 110,000 = exactly 100%: counts) and lee
    (81,617.22 / 80,000 = 102.02%) -> 2 x 1000 = 2,000.00. In 2026-Q3 lee
    is maria's direct report on 2026-09-30, so his 106.44% (85,149.79 /
    80,000, including his weeks under omar) counts for maria, and omar's
    roll-up quota drops to kim's alone (100,000). omar as maria's report:
    his own credited sales (DELTA) over his roll-up quota, 5,512.53 /
    170,000 = 3.24% in 2026-Q1: never qualifies.
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
DEFAULT_MODEL = os.path.join(HERE, "manager-growth.json")
DEFAULT_OUT = os.path.join(HERE, "manager-growth.statements.csv")
EXAMPLE_DIR = os.path.join(REPO, "rules-examples", "manager-growth")

TEAM_ROLES = ("rep", "agent", "partner")   # carry quota, count in a manager's roll-up


# --- spec 1: numbers, money, dates, periods ---------------------------------

_DECIMAL = re.compile(r"^[+-]?(\d+)(\.(\d+))?$")


def parse_decimal(text, max_frac: int) -> Fraction:
    s = str(text).strip()
    m = _DECIMAL.match(s)
    if not m:
        raise ValueError(f"not a decimal: {s!r}")
    if m.group(3) and len(m.group(3).rstrip("0")) > max_frac:
        raise ValueError(f"more than {max_frac} fractional digits: {s}")
    return Fraction(s)   # exact


def parse_money(text) -> Fraction:
    return parse_decimal(text, 6)


def parse_rate(text) -> Fraction:
    """`5%`, `2.75%` or `0.0275` -> exact fraction."""
    s = str(text).strip()
    if s.endswith("%"):
        return parse_decimal(s[:-1], 8) / 100
    return parse_decimal(s, 10)


def round_cents(x: Fraction, mode: str) -> Fraction:
    """Round once to cents. half_up: away from zero at exactly half."""
    y = x * 100
    q, r = divmod(y.numerator, y.denominator)   # floor; 0 <= r < den
    if 2 * r > y.denominator:
        q += 1
    elif 2 * r == y.denominator:
        if mode == "half_even":
            q += q % 2
        elif mode == "half_up":
            q += 1 if y > 0 else 0
        else:
            raise ValueError(mode)
    return Fraction(q, 100)


def fmt_money(x: Fraction) -> str:
    assert (x * 100).denominator == 1, x
    cents = int(x * 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def fmt_frac(x) -> str:
    """For --explain and --summary: exact when it terminates within 6
    fractional digits, else rounded half-even to 6 and marked with ~."""
    if x is None:
        return ""
    x = Fraction(x)
    s = x * 10 ** 6
    q, r = divmod(s.numerator, s.denominator)
    if 2 * r > s.denominator or (2 * r == s.denominator and q % 2):
        q += 1
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10 ** 6)
    text = f"{sign}{whole}.{frac:06d}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text if Fraction(q, 10 ** 6) == x else "~" + text


def grouped(x: Fraction) -> str:
    """A rounded money value with thousands separators (README tables)."""
    s = fmt_money(x)
    neg = s.startswith("-")
    whole, frac = s.lstrip("-").split(".")
    return ("-" if neg else "") + f"{int(whole):,}.{frac}"


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


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


def shift_period(label: str, period: str, back: int) -> str:
    """The period `back` periods before label (of the same length)."""
    start, _ = period_bounds(label, period)
    months = {"month": 1, "quarter": 3, "year": 12}[period] * back
    y, m0 = divmod(start.year * 12 + start.month - 1 - months, 12)
    return period_label(dt.date(y, m0 + 1, 1), period)


def baseline_period(label: str, period: str, baseline: str) -> str:
    if baseline == "previous_year":
        return shift_period(label, period, {"month": 12, "quarter": 4, "year": 1}[period])
    if baseline == "previous_period":
        return shift_period(label, period, 1)
    raise NotImplementedError(f"baseline {baseline}")


def periods_between(first: dt.date, last: dt.date, period: str) -> list[str]:
    """Labels of the periods lying wholly inside [first, last]."""
    out, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        label = period_label(day, period)
        lo, hi = period_bounds(label, period)
        if first <= lo and hi <= last and label not in out:
            out.append(label)
        day = hi + dt.timedelta(days=1)
    return out


# --- spec 3: org ------------------------------------------------------------

def dated_entries(value, key: str):
    """`reports_to`/`owners`: one id, or a list of {key, from}; sorted by
    from. A plain id holds for all time (from None)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    return sorted(((dt.date.fromisoformat(str(e["from"])), e[key]) for e in value),
                  key=lambda e: e[0])


def in_force(entries, day: dt.date):
    """Each entry holds from its `from` until the next one starts."""
    found = None
    for start, who in entries:
        if start is None or start <= day:
            found = who
    return found


class Org:
    def __init__(self, org: dict):
        self.people = [p["id"] for p in org["people"]]
        self.role = {p["id"]: p["role"] for p in org["people"]}
        self.reports = {p["id"]: dated_entries(p.get("reports_to"), "manager") for p in org["people"]}
        self.owners = {}
        for a in org["accounts"]:
            for e in a["owners"]:
                if "terms" in e:
                    raise NotImplementedError("transfer terms are out of scope (reference_transfers.py)")
            self.owners[a["id"]] = dated_entries(a["owners"], "owner")
        self.quota = {}
        for q in org.get("quotas", []):
            self.quota[(q["person"], str(q["period"]))] = parse_money(q["amount"])

    def owner_on(self, account: str, day: dt.date):
        return in_force(self.owners.get(account, []), day)

    def manager_on(self, person: str, day: dt.date):
        return in_force(self.reports.get(person, []), day)

    def level(self, manager: str, person: str, day: dt.date):
        """n such that following reports_to on `day` n times from person
        reaches manager; None when it never does."""
        cur, n = person, 0
        while True:
            cur = self.manager_on(cur, day)
            n += 1
            if cur is None:
                return None
            if cur == manager:
                return n
            if n > len(self.people):
                raise ValueError(f"reporting cycle through {person} on {day}")

    def team(self, manager: str, day: dt.date) -> set:
        """Everyone at some level below manager on day."""
        return {p for p in self.people if p != manager and self.level(manager, p, day) is not None}

    def direct_reports(self, manager: str, day: dt.date) -> list:
        return [p for p in self.people if self.manager_on(p, day) == manager]

    def quota_for(self, person: str, label: str, end: dt.date):
        """Explicit quota; for a manager without one, the sum of the quotas
        of the reps, agents and partners at all levels below on the period's
        last day (it exists when at least one of them has a quota)."""
        if (person, label) in self.quota:
            return self.quota[(person, label)]
        if self.role[person] != "manager":
            return None
        found = [self.quota[(p, label)] for p in sorted(self.team(person, end))
                 if self.role[p] in TEAM_ROLES and (p, label) in self.quota]
        return sum(found, Fraction(0)) if found else None


# --- spec 2: orders ----------------------------------------------------------

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
        orders.append({"order_id": oid, "date": dt.date.fromisoformat(r["date"]), "account": r["account"],
                       "amount": parse_money(r["amount"]), "closed_by": r.get("closed_by") or "",
                       "refund_of": r.get("refund_of") or "", "product": r.get("product") or ""})
    orders.sort(key=lambda o: (o["date"], o["order_id"].encode("utf-8")))
    return orders


# --- spec 4: components ------------------------------------------------------

class Component:
    KEYS = {
        "commission": {"rate"},
        "override": {"rates", "include_own"},
        "team_growth": {"baseline", "hurdle", "rate", "include_own"},
        "team_attainment_bonus": {"attainment", "amount"},
        "contest": {"window", "metric", "prizes"},
        "rebate": {"tiers", "accounts"},
    }

    def __init__(self, c: dict):
        self.id, self.type = c["id"], c["type"]
        if self.type not in self.KEYS:
            raise NotImplementedError(f"component type {self.type}")
        extra = set(c) - {"id", "type", "payees", "products"} - self.KEYS[self.type]
        if extra:
            raise NotImplementedError(f"{self.id}: keys {sorted(extra)} are out of scope")
        p = c.get("payees")
        if p is None and self.type != "rebate":
            raise ValueError(f"{self.id}: payees required")
        self.payee_role = p["role"] if isinstance(p, dict) else None
        self.payee_ids = set(p) if isinstance(p, list) else None
        self.products = set(c["products"]) if "products" in c else None
        t = self.type
        if t == "commission":
            self.rate = parse_rate(c["rate"])
        elif t == "override":
            self.rates = [parse_rate(r) for r in c["rates"]]
            self.include_own = bool(c.get("include_own", False))
        elif t == "team_growth":
            self.baseline = c.get("baseline", "previous_year")
            self.hurdle = parse_rate(c.get("hurdle", "0%"))
            self.rate = parse_rate(c["rate"])
            self.include_own = bool(c.get("include_own", False))
        elif t == "team_attainment_bonus":
            self.attainment = parse_rate(c["attainment"])
            self.amount = parse_money(c["amount"])
        elif t == "contest":
            if c.get("metric", "sales") != "sales":
                raise NotImplementedError(f"contest metric {c['metric']}")
            self.window = (dt.date.fromisoformat(str(c["window"]["from"])),
                           dt.date.fromisoformat(str(c["window"]["to"])))
            self.prizes = [parse_money(x) for x in c["prizes"]]
        elif t == "rebate":
            tiers = c["tiers"]
            assert tiers.get("basis", "sales") == "sales"
            self.method = tiers["method"]
            assert self.method in ("retroactive", "marginal")
            self.table = [(None if "upto" not in row else parse_money(row["upto"]), parse_rate(row["rate"]))
                          for row in tiers["table"]]
            assert self.table[-1][0] is None
            self.accounts = set(c["accounts"]) if "accounts" in c else None

    def selects(self, person: str, role: str) -> bool:
        if self.payee_ids is not None:
            return person in self.payee_ids
        return role == self.payee_role

    def takes(self, product: str) -> bool:
        return self.products is None or product in self.products

    def payees(self, org: Org) -> list:
        return [p for p in org.people if self.selects(p, org.role[p])]

    # Rebate tiers: a tier covers (previous upto, upto]. Retroactive: the
    # total x the rate of the tier holding it (a total <= 0 takes the first
    # tier's rate). Marginal: the integral of the rate from 0 to the total
    # (the first tier extends below 0).
    def tier_value(self, total: Fraction):
        if self.method == "retroactive":
            for up, rate in self.table:
                if up is None or total <= up:
                    return total * rate, rate
            raise AssertionError
        if total <= 0:
            return total * self.table[0][1], None
        value, prev = Fraction(0), Fraction(0)
        for up, rate in self.table:
            hi = total if up is None else min(total, up)
            if hi > prev:
                value += rate * (hi - prev)
            if up is None or total <= up:
                break
            prev = up
        return value, None


class Line:
    __slots__ = ("period", "payee", "component", "order_id", "account", "date", "amount_in",
                 "gross", "unrounded", "rounded", "note")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def sort_key(self):
        return (self.period, self.payee, self.component, self.date or dt.date.min,
                (self.order_id or "").encode("utf-8"))


# --- the run -------------------------------------------------------------------

def run(plan: dict, org: Org, orders: list):
    period = plan["period"]
    rounding = plan.get("rounding", "half_even")
    eff_from = dt.date.fromisoformat(str(plan["effective"]["from"]))
    eff_to = dt.date.fromisoformat(str(plan["effective"]["to"]))
    comps = [Component(c) for c in plan["components"]]
    assert len({c.id for c in comps}) == len(comps)
    paid = periods_between(eff_from, eff_to, period)
    position = {o["order_id"]: i for i, o in enumerate(orders)}
    by_id = {o["order_id"]: o for o in orders}
    lines, exceptions = [], []
    info = {"team_growth": [], "bonus": [], "contest": [], "rebate": []}

    def add(**kw):
        kw["rounded"] = round_cents(kw["unrounded"], rounding)
        line = Line(**kw)
        lines.append(line)
        return line

    # Crediting: the account's owner on the order date.
    credited = {}
    for o in orders:
        who = org.owner_on(o["account"], o["date"])
        credited[o["order_id"]] = who
        if who is None:
            exceptions.append(("no_owner", o["order_id"], f"account {o['account']} has no owner on {o['date']}"))

    # --- per-order components: commission (4.1), override (4.3) -------------
    # Lines exist for orders in the plan's effective periods; a clawback
    # reverses, for every payee and component paid on the original,
    # original_unrounded x amount / original_amount, in the return's period.
    own_lines = defaultdict(list)
    for i, o in enumerate(orders):
        label = period_label(o["date"], period)
        if label not in paid:
            continue
        a = o["amount"]
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
        if orig is not None:
            for ol in own_lines[orig["order_id"]]:
                add(period=label, payee=ol.payee, component=ol.component, order_id=o["order_id"],
                    account=o["account"], date=o["date"], amount_in=a, gross=None,
                    unrounded=ol.unrounded * a / orig["amount"],
                    note=f"clawback of {orig['order_id']} ({fmt_frac(-a / orig['amount'])} of it)")
            continue   # a known return pays no line of its own
        who = credited[o["order_id"]]
        if who is None:
            continue
        for c in comps:
            if not c.takes(o["product"]):
                continue
            if c.type == "commission" and c.selects(who, org.role[who]):
                g = a * c.rate
                own_lines[o["order_id"]].append(
                    add(period=label, payee=who, component=c.id, order_id=o["order_id"], account=o["account"],
                        date=o["date"], amount_in=a, gross=g, unrounded=g, note=""))
            elif c.type == "override":
                for m in c.payees(org):
                    n = 1 if (m == who and c.include_own) else org.level(m, who, o["date"])
                    if n is None or n > len(c.rates):
                        continue
                    g = a * c.rates[n - 1]
                    own_lines[o["order_id"]].append(
                        add(period=label, payee=m, component=c.id, order_id=o["order_id"], account=o["account"],
                            date=o["date"], amount_in=a, gross=g, unrounded=g,
                            note=f"level {n}: {who}" if m != who else "own order"))

    def in_period(o, label):
        lo, hi = period_bounds(label, period)
        return lo <= o["date"] <= hi

    # --- period components -----------------------------------------------------
    for c in comps:
        if c.type == "team_growth":
            for m in c.payees(org):
                for label in paid:
                    end = period_bounds(label, period)[1]
                    members = org.team(m, end) | ({m} if c.include_own else set())
                    accounts = {acc for acc in org.owners if org.owner_on(acc, end) in members}
                    base_label = baseline_period(label, period, c.baseline)
                    current = sum((o["amount"] for o in orders if o["account"] in accounts
                                   and in_period(o, label) and c.takes(o["product"])), Fraction(0))
                    baseline = sum((o["amount"] for o in orders if o["account"] in accounts
                                    and in_period(o, base_label) and c.takes(o["product"])), Fraction(0))
                    growth = current - baseline
                    pct = None if baseline == 0 else growth / baseline
                    pays = growth > 0 and (pct is None or pct >= c.hurdle)
                    v = c.rate * growth if pays else Fraction(0)
                    note = (f"current {fmt_money(current)}, baseline {fmt_money(baseline)} ({base_label}), "
                            f"growth {fmt_money(growth)}")
                    add(period=label, payee=m, component=c.id, unrounded=v, gross=v, note=note)
                    # For the README: what counting the team's credited
                    # sales (owner on the order date) would have said.
                    naive = {}
                    for lab in (label, base_label):
                        naive[lab] = sum((o["amount"] for o in orders if in_period(o, lab) and c.takes(o["product"])
                                          and credited[o["order_id"]] is not None
                                          and org.level(m, credited[o["order_id"]], o["date"]) is not None),
                                         Fraction(0))
                    info["team_growth"].append({
                        "period": label, "manager": m, "baseline_period": base_label, "accounts": sorted(accounts),
                        "current": current, "baseline": baseline, "growth": growth, "pct": pct, "pays": pays,
                        "amount": round_cents(v, rounding),
                        "by_account": {acc: (sum((o["amount"] for o in orders if o["account"] == acc
                                                  and in_period(o, label)), Fraction(0)),
                                             sum((o["amount"] for o in orders if o["account"] == acc
                                                  and in_period(o, base_label)), Fraction(0)))
                                       for acc in sorted(accounts)},
                        "naive_current": naive[label], "naive_baseline": naive[base_label]})

        elif c.type == "team_attainment_bonus":
            for m in c.payees(org):
                for label in paid:
                    end = period_bounds(label, period)[1]
                    qualifying, detail = 0, []
                    for r in org.direct_reports(m, end):
                        q = org.quota_for(r, label, end)
                        sales = sum((o["amount"] for o in orders if credited[o["order_id"]] == r
                                     and in_period(o, label) and c.takes(o["product"])), Fraction(0))
                        if not q:
                            exceptions.append(("missing_quota", "", f"{r} has no quota for {label} ({c.id})"))
                            detail.append((r, sales, q, None, False))
                            continue
                        att = sales / q
                        ok = att >= c.attainment
                        qualifying += ok
                        detail.append((r, sales, q, att, ok))
                    add(period=label, payee=m, component=c.id, unrounded=c.amount * qualifying,
                        gross=c.amount * qualifying,
                        note=f"{qualifying} direct report{'' if qualifying == 1 else 's'} at or above "
                             f"{fmt_frac(c.attainment * 100)}%")
                    info["bonus"].append({"period": label, "manager": m, "reports": detail,
                                          "amount": c.amount * qualifying})

        elif c.type == "contest":
            lo, hi = c.window
            label = period_label(hi, period)
            if not (eff_from <= lo and hi <= eff_to):
                raise ValueError(f"{c.id}: the window must lie inside the plan's effective range")
            metric = {}
            for o in orders:
                who = credited[o["order_id"]]
                if who is None or not (lo <= o["date"] <= hi) or not c.takes(o["product"]):
                    continue
                if c.selects(who, org.role[who]):
                    metric[who] = metric.get(who, Fraction(0)) + o["amount"]
            ranked = sorted(metric.items(), key=lambda kv: (-kv[1], kv[0]))
            place = 0
            k = 0
            while k < len(ranked):
                group = [p for p, v in ranked if v == ranked[k][1]]
                prizes = [c.prizes[j] if j < len(c.prizes) else Fraction(0)
                          for j in range(place, place + len(group))]
                share = sum(prizes, Fraction(0)) / len(group)
                places = (f"place {place + 1}" if len(group) == 1
                          else f"places {place + 1}-{place + len(group)} shared by {len(group)}")
                for p in group:
                    add(period=label, payee=p, component=c.id, unrounded=share, gross=share,
                        note=f"{places}: sales {fmt_money(metric[p])}")
                    info["contest"].append({"payee": p, "sales": metric[p], "place": place + 1,
                                            "tied": len(group), "share": share,
                                            "amount": round_cents(share, rounding)})
                place += len(group)
                k += len(group)

        elif c.type == "rebate":
            for label in paid:
                totals = {}
                for o in orders:
                    if in_period(o, label) and c.takes(o["product"]) and (
                            c.accounts is None or o["account"] in c.accounts):
                        totals[o["account"]] = totals.get(o["account"], Fraction(0)) + o["amount"]
                for acc in sorted(totals):
                    v, rate = c.tier_value(totals[acc])
                    add(period=label, payee=acc, component=c.id, unrounded=v, gross=v,
                        note=f"sales {fmt_money(totals[acc])}" + ("" if rate is None else f" at {fmt_frac(rate * 100)}%"))
                    info["rebate"].append({"period": label, "account": acc, "sales": totals[acc], "rate": rate,
                                           "amount": round_cents(v, rounding)})

    lines = [l for l in lines if l.period in paid]
    statements = defaultdict(Fraction)
    for l in lines:
        statements[(l.period, l.payee, l.component)] += l.rounded
    return lines, statements, exceptions, info, paid


# --- outputs -------------------------------------------------------------------

def write_statements(path, statements):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "amount"])
        for k in sorted(statements, key=lambda k: tuple(x.encode("utf-8") for x in k)):
            w.writerow([*k, fmt_money(statements[k])])


def write_explain(directory, lines, exceptions):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "reference_lines.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "order_id", "account", "date", "amount_in",
                    "gross", "unrounded", "amount", "note"])
        for l in sorted(lines, key=Line.sort_key):
            w.writerow([l.period, l.payee, l.component, l.order_id or "", l.account or "",
                        l.date.isoformat() if l.date else "", fmt_frac(l.amount_in), fmt_frac(l.gross),
                        fmt_frac(l.unrounded), fmt_money(l.rounded), l.note])
    with open(os.path.join(directory, "reference_exceptions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "order_id", "detail"])
        for e in sorted(exceptions):
            w.writerow(e)


def print_summary(org, statements, info, paid):
    people = [p for p in org.people]
    print("\n### Total pay per person and quarter\n")
    print("| person | " + " | ".join(paid) + " | total |")
    print("| --- | " + " | ".join("---:" for _ in paid) + " | ---: |")
    for p in people:
        vals = [sum((v for (lab, who, _), v in statements.items() if lab == l and who == p), Fraction(0))
                for l in paid]
        print(f"| {p} | " + " | ".join(grouped(v) for v in vals) + f" | {grouped(sum(vals, Fraction(0)))} |")
    accts = sorted({who for (_, who, _) in statements} - set(people))
    vals = [sum((v for (lab, who, _), v in statements.items() if lab == l and who in accts), Fraction(0))
            for l in paid]
    print("| customers (rebates) | " + " | ".join(grouped(v) for v in vals)
          + f" | {grouped(sum(vals, Fraction(0)))} |")
    vals = [sum((v for (lab, _, _), v in statements.items() if lab == l), Fraction(0)) for l in paid]
    print("| **all** | " + " | ".join(grouped(v) for v in vals) + f" | {grouped(sum(vals, Fraction(0)))} |")

    print("\n### Per person, per component\n")
    comps = sorted({c for (_, _, c) in statements})
    for p in people:
        for c in comps:
            vals = [statements.get((l, p, c)) for l in paid]
            if any(v is not None for v in vals):
                print(f"| {p} | {c} | " + " | ".join("" if v is None else grouped(v) for v in vals) + " |")

    print("\n### Team growth\n")
    for t in info["team_growth"]:
        pct = "n/a" if t["pct"] is None else fmt_frac(t["pct"] * 100) + "%"
        print(f"{t['manager']} {t['period']} vs {t['baseline_period']}: current {grouped(t['current'])} "
              f"baseline {grouped(t['baseline'])} growth {grouped(t['growth'])} ({pct}) pays {fmt_frac(t['amount'])}; "
              f"naive {grouped(t['naive_current'])} vs {grouped(t['naive_baseline'])} = "
              f"{grouped(t['naive_current'] - t['naive_baseline'])}")
        print("   accounts: " + ", ".join(f"{a} {grouped(c)}/{grouped(b)}" for a, (c, b) in t["by_account"].items()))
    print("\n### Bonus\n")
    for b in info["bonus"]:
        rep = "; ".join(f"{r} {grouped(s)}/{'-' if q is None else grouped(q)}"
                        f"={'-' if a is None else fmt_frac(a * 100)}%{' *' if ok else ''}"
                        for r, s, q, a, ok in b["reports"])
        print(f"{b['period']} {b['manager']}: {fmt_frac(b['amount'])}  [{rep}]")
    print("\n### Contest\n")
    for c in info["contest"]:
        print(f"{c['payee']}: sales {grouped(c['sales'])} place {c['place']} (tied {c['tied']}) "
              f"share {fmt_frac(c['share'])} -> {fmt_money(c['amount'])}")
    print("\n### Rebates\n")
    for r in info["rebate"]:
        print(f"{r['period']} {r['account']}: {grouped(r['sales'])} x {fmt_frac((r['rate'] or 0) * 100)}% "
              f"= {fmt_money(r['amount'])}")


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
    for name in ("plan", "org"):
        with open(os.path.join(EXAMPLE_DIR, f"{name}.yaml"), encoding="utf-8") as f:
            y = norm(yaml.safe_load(f))
        if y != norm(model[name]):
            print(f"{name}.yaml and the JSON mirror differ", file=sys.stderr)
            ok = False
    print("JSON mirror matches plan.yaml and org.yaml" if ok else "mismatch")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=DEFAULT_MODEL, help="JSON mirror of plan.yaml + org.yaml")
    ap.add_argument("--orders", default=os.path.join(EXAMPLE_DIR, "orders.csv"))
    ap.add_argument("--out", default=DEFAULT_OUT, help="the statements file to write")
    ap.add_argument("--explain", help="also write DIR/reference_lines.csv and DIR/reference_exceptions.csv")
    ap.add_argument("--summary", action="store_true", help="print the README's tables")
    ap.add_argument("--check-yaml", action="store_true", help="compare the JSON mirror with the YAML files")
    args = ap.parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f, parse_float=str)   # numbers never go through float
    if args.check_yaml:
        return check_yaml(model)
    plan, org = model["plan"], Org(model["org"])
    orders = load_orders(args.orders, plan.get("currency", "USD"))
    lines, statements, exceptions, info, paid = run(plan, org, orders)
    write_statements(args.out, statements)
    if args.explain:
        write_explain(args.explain, lines, exceptions)
    if args.summary:
        print_summary(org, statements, info, paid)
    total = sum(statements.values(), Fraction(0))
    print(f"{len(statements)} statement rows, {len(lines)} lines, {len(exceptions)} exceptions, "
          f"total {fmt_money(total)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
