#!/usr/bin/env python3
"""Make rules-examples/manager-growth/orders.csv, once, from a fixed seed.

orders.csv is checked in; this script is kept only to show how it was made
(and to remake it identically: same seed, same Python 3 `random` module,
same file). Run from anywhere:

    python3 rules-examples/manager-growth/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float.

What it makes (see README.md beside it): two years of orders, 2025 (the
baseline year) and 2026 (the paid year), for maria's two-level team:

- random everyday business on every account, every month of 2026; 2025 is
  last year's version of each 2026 order (same account, same month): about
  the same amount on maria's accounts (KEYSTONE, GLOBEX, HARBOR), 80% to
  96% of it on the team's own accounts;
- hand-placed orders around the handovers (KEYSTONE 2026-03-31 / 04-01,
  GLOBEX 2026-09-30 / 10-01), around lee's move from omar to maria
  (2026-08-14 / 08-17), HARBOR's 430,000.00 deal in 2026-Q4, and the
  returns and the credit note;
- then, in this order, "plugs" that make the figures the example is about
  exact (each is an ordinary order; the asserts below check the result):
    1. kim's 2026-Q2 credited sales = her quota exactly (100% attainment);
    2. ana, lee and kim end the contest window with identical sales
       (a three-way tie for second place behind raj);
    3. VANDELAY's 2026-Q1 sales = 100,000.00 exactly (the rebate's first
       tier bound: still 0%);
    4. maria's team growth: 2026-Q1 exactly at the 5% hurdle (paid),
       2026-Q2 about +6.5% (paid), 2026-Q3 about +2.5% (below the hurdle),
       2026-Q4 about -4% (negative). These are set by two or three 2025
       orders per quarter on team accounts (2025 only feeds baselines) and,
       for the exact 5%, by a few cents on one 2026-Q1 INITECH order.

Rows are written in date order; the engine does not rely on that.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import random
from decimal import Decimal

SEED = 20260701
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "orders.csv")
d = dt.date

# --- the org, as far as the generator needs it (org.yaml is the truth) -------
# Account owners over time: (from, owner).
OWNERS = {
    "HARBOR": [(d(2018, 1, 1), "maria")],
    "KEYSTONE": [(d(2019, 1, 1), "maria"), (d(2026, 4, 1), "raj")],
    "GLOBEX": [(d(2020, 6, 1), "maria"), (d(2026, 10, 1), "ana")],
    "INITECH": [(d(2021, 1, 1), "raj")],
    "UMBRA": [(d(2022, 3, 1), "raj")],
    "SOYLENT": [(d(2021, 1, 1), "ana")],
    "CYBERDYNE": [(d(2021, 1, 1), "ana")],
    "WAYNECO": [(d(2021, 1, 1), "lee")],
    "WONKA": [(d(2023, 9, 1), "lee")],
    "TYRELL": [(d(2022, 1, 1), "kim")],
    "HOOLI": [(d(2022, 1, 1), "kim")],
    "VANDELAY": [(d(2022, 1, 1), "northwind")],
    "BRIGHTWAVE": [(d(2023, 5, 1), "northwind")],
    "DELTA": [(d(2024, 1, 1), "omar")],
}
KIM_Q2_QUOTA = Decimal(110000)           # org.yaml: kim, 2026-Q2
WINDOW = (d(2026, 6, 1), d(2026, 8, 31))  # plan.yaml: the contest window
HURDLE = Decimal("0.05")
GROWTH_TARGET = {2: Decimal("0.065"), 3: Decimal("0.025"), 4: Decimal("-0.04")}

PROFILE = {   # account: (orders a month, amount range in 2026, dollars)
    "HARBOR": ((1, 2), (9000, 26000)),
    "KEYSTONE": ((2, 3), (10000, 28000)),
    "GLOBEX": ((1, 3), (6000, 20000)),
    "INITECH": ((1, 2), (3500, 15000)),
    "UMBRA": ((1, 2), (3500, 14000)),
    "SOYLENT": ((1, 2), (3500, 15000)),
    "CYBERDYNE": ((1, 2), (3000, 14000)),
    "WAYNECO": ((1, 2), (3500, 15000)),
    "WONKA": ((1, 2), (3000, 13000)),
    "TYRELL": ((1, 2), (3500, 14000)),
    "HOOLI": ((1, 2), (3000, 13000)),
    "VANDELAY": ((1, 2), (5000, 19000)),
    "BRIGHTWAVE": ((1, 2), (3500, 14000)),
    "DELTA": ((0, 1), (2000, 7000)),
}
PRODUCTS = ["hardware", "services", "software"]


def owner_on(account: str, day: dt.date) -> str | None:
    who = None
    for start, o in OWNERS[account]:
        if start <= day:
            who = o
    return who


def weekdays(y: int, m: int) -> list[dt.date]:
    n = calendar.monthrange(y, m)[1]
    return [d(y, m, k) for k in range(1, n + 1) if d(y, m, k).weekday() < 5]


def quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_end(y: int, q: int) -> dt.date:
    return d(y, 3 * q, calendar.monthrange(y, 3 * q)[1])


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    """A random amount in [lo, hi] dollars. About a quarter end in .25, .50
    or .75: 2% (override level 1) of .25/.75 and 1% (level 2) of .50 are
    half-cent ties, where half_even rounding matters."""
    c = rng.randint(lo * 100, hi * 100)
    if rng.random() < 0.25:
        c = c // 100 * 100 + rng.choice([25, 50, 75])
    return Decimal(c) / 100


def order(day, account, amount, product="hardware", closed_by=None, refund_of=None, oid=None):
    return {"date": day, "account": account, "amount": Decimal(amount), "product": product,
            "closed_by": owner_on(account, day) if closed_by is None else closed_by,
            "refund_of": refund_of, "order_id": oid}


def credited(rows, who, lo, hi):
    return sum((r["amount"] for r in rows if lo <= r["date"] <= hi and owner_on(r["account"], r["date"]) == who),
               Decimal(0))


def team_accounts(y: int, q: int) -> set[str]:
    """Accounts owned on the quarter's last day by maria's team (everyone
    below her: the whole org but maria herself)."""
    end = quarter_end(y, q)
    return {a for a in OWNERS if owner_on(a, end) not in (None, "maria")}


def account_sales(rows, accounts, y, q):
    lo, hi = d(y, 3 * q - 2, 1), quarter_end(y, q)
    return sum((r["amount"] for r in rows if r["account"] in accounts and lo <= r["date"] <= hi), Decimal(0))


def main() -> None:
    rng = random.Random(SEED)
    rows = []

    # --- everyday business --------------------------------------------------
    # 2026 first; then 2025 as last year's version of each 2026 order (same
    # account and month): maria's accounts about the same amount, the
    # team's own accounts 80% to 96% of it.
    for m in range(1, 13):
        days = weekdays(2026, m)
        for acct, (count, (lo, hi)) in PROFILE.items():
            for _ in range(rng.randint(*count)):
                rows.append(order(rng.choice(days), acct, money(rng, lo, hi), rng.choice(PRODUCTS)))
    for r in list(rows):
        lo, hi = (92, 108) if r["account"] in ("HARBOR", "KEYSTONE", "GLOBEX") else (80, 96)
        cents = int(r["amount"] * 100) * rng.randint(lo, hi) // 100
        rows.append(order(rng.choice(weekdays(2025, r["date"].month)), r["account"], Decimal(cents) / 100,
                          r["product"]))

    # --- hand-placed orders ---------------------------------------------------
    special = [
        # The last KEYSTONE order maria is credited with, and raj's first
        # (the handover date itself belongs to raj).
        order(d(2026, 3, 31), "KEYSTONE", "14250.00", "services"),
        order(d(2026, 4, 1), "KEYSTONE", "11875.25", "hardware"),
        # The same around GLOBEX's handover to ana.
        order(d(2026, 9, 30), "GLOBEX", "8640.50", "software"),
        order(d(2026, 10, 1), "GLOBEX", "9315.75", "hardware"),
        # lee's last order under omar (Friday) and first under maria
        # (Monday, the day the new reporting line starts).
        order(d(2026, 8, 14), "WAYNECO", "7425.50", "services"),
        order(d(2026, 8, 17), "WAYNECO", "6150.25", "hardware"),
        # A lee order under omar, a third of which comes back after lee's
        # move (RT-2603 below).
        order(d(2026, 7, 9), "WONKA", "12345.60", "hardware"),
        # A KEYSTONE order still credited to maria, a quarter of which
        # comes back after the handover (RT-2602).
        order(d(2026, 2, 18), "KEYSTONE", "18420.00", "hardware"),
        # A kim order returned in full in the same quarter (RT-2601).
        order(d(2026, 1, 20), "TYRELL", "9876.50", "software"),
        # A 2025 raj order, part of which comes back in 2025 (RT-2501):
        # it only lowers the 2025-Q3 baseline.
        order(d(2025, 6, 11), "INITECH", "10400.00", "hardware"),
        # HARBOR's one-off platform deal: maria's own account, so it
        # makes no team growth; the account's rebate goes to 3%.
        order(d(2026, 11, 10), "HARBOR", "430000.00", "hardware"),
    ]
    rows += special
    by_key = {(r["date"], r["account"], r["amount"]): r for r in special}
    returns = [
        ("RT-2501", d(2025, 7, 15), by_key[(d(2025, 6, 11), "INITECH", Decimal("10400.00"))], Decimal("-2600.00")),
        ("RT-2601", d(2026, 2, 24), by_key[(d(2026, 1, 20), "TYRELL", Decimal("9876.50"))], Decimal("-9876.50")),
        ("RT-2602", d(2026, 5, 12), by_key[(d(2026, 2, 18), "KEYSTONE", Decimal("18420.00"))], Decimal("-4605.00")),
        ("RT-2603", d(2026, 8, 20), by_key[(d(2026, 7, 9), "WONKA", Decimal("12345.60"))], Decimal("-4115.20")),
    ]
    for oid, day, orig, amt in returns:
        rows.append(order(day, orig["account"], amt, orig["product"], closed_by="", refund_of=orig, oid=oid))
    # A goodwill credit note on SOYLENT, no refund_of: a plain negative order.
    rows.append(order(d(2026, 11, 18), "SOYLENT", "-2150.00", "services", closed_by="", oid="CN-2601"))

    # --- plug 1: kim exactly at quota in 2026-Q2 ----------------------------
    q2 = (d(2026, 4, 1), d(2026, 6, 30))
    p1 = KIM_Q2_QUOTA - credited(rows, "kim", *q2)
    assert Decimal(2000) < p1 < Decimal(40000), p1
    rows.append(order(d(2026, 4, 28), "HOOLI", p1, "services"))   # before the window

    # --- plug 2: the three-way tie for second place in the contest --------------
    w = {p: credited(rows, p, *WINDOW) for p in ("raj", "ana", "lee", "kim")}
    tie = (max(w["ana"], w["lee"], w["kim"]) // 1000 + 4) * 1000 + Decimal("875.75")
    plug_days = {"ana": d(2026, 8, 26), "lee": d(2026, 7, 22), "kim": d(2026, 8, 5)}
    plug_accounts = {"ana": "CYBERDYNE", "lee": "WAYNECO", "kim": "TYRELL"}
    for p in ("ana", "lee", "kim"):
        rows.append(order(plug_days[p], plug_accounts[p], tie - w[p], "hardware"))
    w = {p: credited(rows, p, *WINDOW) for p in ("raj", "ana", "lee", "kim")}
    assert w["ana"] == w["lee"] == w["kim"] == tie and w["raj"] > tie, w

    # --- plug 3: VANDELAY exactly 100,000.00 in 2026-Q1 --------------------------
    p3 = Decimal(100000) - account_sales(rows, {"VANDELAY"}, 2026, 1)
    assert Decimal(2000) < p3 < Decimal(60000), p3
    rows.append(order(d(2026, 3, 26), "VANDELAY", p3, "services"))

    # --- plug 4: maria's team growth ------------------------------------------------
    # 2026-Q1 exactly at the 5% hurdle: current must be a multiple of 0.21
    # (so that current / 1.05 is whole cents). Nudge raj's last INITECH
    # order of the quarter by a few cents.
    s1 = team_accounts(2026, 1)
    cents = int(account_sales(rows, s1, 2026, 1) * 100)
    nudge = (-cents) % 21
    last = max((r for r in rows if r["account"] == "INITECH" and quarter(r["date"]) == (2026, 1)
                and r["refund_of"] is None), key=lambda r: (r["date"], r["amount"]))
    last["amount"] += Decimal(nudge) / 100
    cur1 = account_sales(rows, s1, 2026, 1)
    base1 = cur1 / Decimal("1.05")
    assert base1 == base1.quantize(Decimal("0.01")), base1
    targets = {1: base1}
    for q, g in GROWTH_TARGET.items():
        targets[q] = (account_sales(rows, team_accounts(2026, q), 2026, q) / (1 + g)).quantize(Decimal("0.01"))
    # A few 2025 orders per quarter on team accounts (at most 35,000.00
    # each) bring each baseline to its target: last year's deals that did
    # not repeat.
    plug_at = {1: [(d(2025, 2, 12), "WONKA"), (d(2025, 3, 4), "TYRELL"), (d(2025, 3, 18), "SOYLENT"),
                   (d(2025, 1, 27), "BRIGHTWAVE")],
               2: [(d(2025, 5, 21), "UMBRA"), (d(2025, 6, 9), "CYBERDYNE"), (d(2025, 4, 15), "HOOLI"),
                   (d(2025, 6, 24), "WAYNECO")],
               3: [(d(2025, 9, 10), "SOYLENT"), (d(2025, 8, 6), "INITECH"), (d(2025, 7, 23), "VANDELAY"),
                   (d(2025, 9, 24), "WONKA")],
               4: [(d(2025, 11, 19), "HOOLI"), (d(2025, 10, 14), "UMBRA"), (d(2025, 12, 3), "BRIGHTWAVE"),
                   (d(2025, 11, 5), "WAYNECO")]}
    for q in (1, 2, 3, 4):
        need = targets[q] - account_sales(rows, team_accounts(2026, q), 2025, q)
        n = -(-need // 35000)
        assert Decimal(5000) < need and n <= len(plug_at[q]), (q, need)
        part = (need / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        for k, (day, acct) in enumerate(plug_at[q][:int(n)]):
            assert acct in team_accounts(2026, q)
            rows.append(order(day, acct, part if k < n - 1 else need - part * (n - 1), "services"))

    # --- number the orders -------------------------------------------------------------
    for r in rows:
        r["amount"] = r["amount"].quantize(Decimal("0.01"))
    plain = sorted((r for r in rows if r["order_id"] is None),
                   key=lambda r: (r["date"], r["account"], r["amount"]))
    for k, r in enumerate(plain):
        r["order_id"] = f"SO-{10001 + k}"
    for r in rows:
        if isinstance(r["refund_of"], dict):
            r["refund_of"] = r["refund_of"]["order_id"]
    rows.sort(key=lambda r: (r["date"], r["order_id"].encode()))

    # --- check what the README and the reference rely on ---------------------------
    ids = [r["order_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert credited(rows, "kim", *q2) == KIM_Q2_QUOTA
    assert account_sales(rows, {"VANDELAY"}, 2026, 1) == Decimal(100000)
    growth = {}
    for q in (1, 2, 3, 4):
        s = team_accounts(2026, q)
        cur, base = account_sales(rows, s, 2026, q), account_sales(rows, s, 2025, q)
        growth[q] = (cur, base, cur - base, (cur - base) / base)
    assert growth[1][3] == HURDLE
    assert HURDLE < growth[2][3] and 0 < growth[3][3] < HURDLE and growth[4][2] < 0
    assert account_sales(rows, {"HARBOR"}, 2026, 4) > 500000
    assert len(rows) < 700

    with open(OUT, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product"])
        for r in rows:
            wr.writerow([r["order_id"], r["date"].isoformat(), r["account"], f"{r['amount']:.2f}", "USD",
                         r["closed_by"] or "", r["refund_of"] or "", r["product"]])
    print(f"{len(rows)} rows -> {OUT}")
    print(f"kim 2026-Q2 plug {p1}; contest tie at {tie} (raj {w['raj']}); VANDELAY plug {p3}; "
          f"INITECH nudge {nudge} cents")
    for q, (cur, base, g, pct) in growth.items():
        print(f"2026-Q{q}: current {cur} baseline {base} growth {g} ({pct * 100:.3f}%)")


if __name__ == "__main__":
    main()
