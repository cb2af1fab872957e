#!/usr/bin/env python3
"""Make rules-examples/full-plan/orders.csv, once, from a fixed seed.

orders.csv is checked in; this script is kept only to show how it was made
(and to remake it identically: same seed, same Python 3 `random` module,
same file). Run from anywhere:

    python3 rules-examples/full-plan/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float.

What it makes (see README.md beside it): two years of orders for a small
company, 2025 (history: the team-growth baseline) and 2026 (the paid year):

- random everyday business on every established account, every month of
  2026; 2025 is last year's version of each 2026 order (same account, same
  month, 70% to 92% of the amount: the company grew);
- the new accounts of 2026 (no 2025 history), each with a first order on a
  chosen date (the new-logo contest counts first orders) and some repeat
  business after it;
- hand-placed orders: ATLAS around its handover to ana (the threshold
  crossing, the ramp steps on 2026-05-15/18 and 2026-08-14/17), lee's
  orders around his move to sofia's team (2026-07-31 / 2026-08-03), the
  STARK platform deals (2025-11 and 2026-11), the orders the returns
  return, the returns and one credit note;
- then, in this order, "plugs" that make the figures the example is about
  exact (each is an ordinary order; the asserts below check the result):
    1. tom's 2026-Q2 credited sales = his quota exactly (100%: counts for
       sofia's coaching bonus);
    2. the team leads' like-for-like growth over 2025 (marco and sofia,
       each quarter, see GROWTH_TARGET) and helena's (HEAD_TARGET), set by
       2025 orders on the teams' accounts (2025 only feeds baselines);
       helena's 2026-Q3 growth is exactly 10.00% (the bound of her first
       band), helped by a few cents on one 2026-Q3 MERIDIAN order.

Rows are written in date order; the engine does not rely on that.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import random
from decimal import Decimal

SEED = 20261231
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "orders.csv")
d = dt.date

# --- the org, as far as the generator needs it (org.yaml is the truth) -------
# Account owners over time: (from, owner).
OWNERS = {
    # helena's house accounts; ATLAS goes to ana (with transfer terms).
    "HARBOR": [(d(2019, 1, 1), "helena")],
    "ATLAS": [(d(2020, 3, 1), "helena"), (d(2026, 2, 16), "ana")],
    # marco's team
    "STARK": [(d(2021, 1, 1), "raj")],
    "INITECH": [(d(2021, 1, 1), "raj")],
    "UMBRA": [(d(2022, 3, 1), "raj")],
    "PIXEL": [(d(2026, 9, 1), "raj")],
    "SOYLENT": [(d(2021, 1, 1), "ana")],
    "CYBERDYNE": [(d(2021, 1, 1), "ana")],
    "WAYNECO": [(d(2021, 1, 1), "lee")],
    "WONKA": [(d(2023, 9, 1), "lee")],
    "NOVA": [(d(2026, 4, 1), "nina")],
    "ZEPHYR": [(d(2026, 4, 1), "nina")],
    "QUILL": [(d(2026, 7, 1), "nina")],
    # sofia's team (and sofia's own DELTA)
    "TYRELL": [(d(2022, 1, 1), "kim")],
    "HOOLI": [(d(2022, 1, 1), "kim")],
    "LUMEN": [(d(2026, 5, 1), "kim")],
    "ORBIT": [(d(2026, 1, 1), "kim")],
    "GLOBEX": [(d(2021, 6, 1), "tom")],
    "ACME": [(d(2022, 1, 1), "tom")],
    "ECHO": [(d(2026, 2, 1), "tom")],
    "KESTREL": [(d(2026, 3, 1), "tom")],
    "SUMMIT": [(d(2026, 9, 15), "tom")],
    "VANDELAY": [(d(2022, 1, 1), "northwind")],
    "BRIGHTWAVE": [(d(2023, 5, 1), "northwind")],
    "FALCON": [(d(2026, 6, 1), "northwind")],
    "DELTA": [(d(2024, 1, 1), "sofia")],
    # the partner, reporting to helena
    "MERIDIAN": [(d(2022, 1, 1), "bluepeak")],
    "OAKRIDGE": [(d(2023, 1, 1), "bluepeak")],
}
# Reporting lines over time: (from, manager).
REPORTS = {
    "marco": [(d(2020, 1, 1), "helena")],
    "sofia": [(d(2020, 1, 1), "helena")],
    "bluepeak": [(d(2022, 1, 1), "helena")],
    "raj": [(d(2021, 1, 1), "marco")],
    "ana": [(d(2021, 1, 1), "marco")],
    "lee": [(d(2021, 1, 1), "marco"), (d(2026, 8, 3), "sofia")],
    "nina": [(d(2026, 4, 1), "marco")],
    "kim": [(d(2022, 1, 1), "sofia")],
    "tom": [(d(2021, 6, 1), "sofia")],
    "northwind": [(d(2022, 1, 1), "sofia")],
}
TOM_Q2_QUOTA = Decimal(200000)           # org.yaml: tom, 2026-Q2

# Like-for-like growth of each team lead's accounts over the same quarter
# of 2025 (team_growth, marginal bands at 5% and 15%), and of helena's
# (retroactive bands: up to 10%, above; hurdle 2%).
GROWTH_TARGET = {
    "marco": {1: Decimal("0.12"), 2: Decimal("0.20"), 3: Decimal("0.03"), 4: Decimal("0.22")},
    "sofia": {1: Decimal("0.16"), 2: Decimal("-0.06"), 3: Decimal("0.18"), 4: Decimal("0.065")},
}
HEAD_TARGET = {1: Decimal("0.07"), 2: Decimal("0.015"), 3: Decimal("0.10"), 4: Decimal("0.125")}

# Everyday business: account -> (orders a month, amount range in 2026, dollars).
PROFILE = {
    "HARBOR": ((1, 2), (15000, 40000)),
    "ATLAS": ((1, 2), (9000, 24000)),
    "STARK": ((1, 2), (12000, 30000)),
    "INITECH": ((1, 2), (4000, 15000)),
    "UMBRA": ((1, 2), (3500, 14000)),
    "SOYLENT": ((1, 2), (4000, 15000)),
    "CYBERDYNE": ((1, 2), (3000, 14000)),
    "WAYNECO": ((1, 2), (4000, 15000)),
    "WONKA": ((1, 2), (3000, 13000)),
    "TYRELL": ((1, 2), (4000, 14000)),
    "HOOLI": ((1, 2), (3000, 13000)),
    "GLOBEX": ((1, 3), (8000, 22000)),
    "ACME": ((1, 2), (3500, 14000)),
    "VANDELAY": ((1, 2), (5000, 19000)),
    "BRIGHTWAVE": ((1, 2), (3500, 14000)),
    "MERIDIAN": ((1, 2), (5000, 18000)),
    "OAKRIDGE": ((0, 2), (3000, 12000)),
    "DELTA": ((0, 1), (2000, 7000)),
}
# New accounts of 2026: account -> (date of the very first order, repeat
# orders a month after it, amount range).
NEW_ACCOUNTS = {
    "ECHO": (d(2026, 3, 20), (0, 1), (3000, 9000)),       # tom, before the contest window
    "KESTREL": (d(2026, 4, 2), (0, 1), (3000, 10000)),    # tom
    "NOVA": (d(2026, 4, 20), (1, 1), (4000, 12000)),      # nina
    "LUMEN": (d(2026, 5, 14), (0, 1), (3000, 10000)),     # kim
    "ZEPHYR": (d(2026, 6, 10), (0, 1), (3000, 9000)),     # nina
    "FALCON": (d(2026, 6, 22), (0, 1), (4000, 11000)),    # northwind (an agent: not in the contest)
    "ORBIT": (d(2026, 7, 7), (0, 1), (3000, 10000)),      # kim
    "QUILL": (d(2026, 8, 25), (0, 1), (3000, 9000)),      # nina
    "PIXEL": (d(2026, 9, 30), (0, 1), (4000, 12000)),     # raj, on the window's last day
    "SUMMIT": (d(2026, 10, 1), (0, 1), (5000, 15000)),    # tom, the day after the window
}
PRODUCTS = ["hardware", "services", "software"]


def in_force(entries, day):
    who = None
    for start, x in entries:
        if start <= day:
            who = x
    return who


def owner_on(account: str, day: dt.date):
    return in_force(OWNERS[account], day)


def team_on(manager: str, day: dt.date) -> set:
    """Everyone below manager on day, all levels."""
    out, frontier = set(), {manager}
    while frontier:
        nxt = {p for p, e in REPORTS.items() if in_force(e, day) in frontier} - out
        out |= nxt
        frontier = nxt
    return out


def weekdays(y: int, m: int, after: dt.date | None = None) -> list:
    n = calendar.monthrange(y, m)[1]
    return [d(y, m, k) for k in range(1, n + 1)
            if d(y, m, k).weekday() < 5 and (after is None or d(y, m, k) > after)]


def quarter(day: dt.date):
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(y: int, q: int):
    return d(y, 3 * q - 2, 1), d(y, 3 * q, calendar.monthrange(y, 3 * q)[1])


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    """A random amount in [lo, hi] dollars; about a quarter end in .25, .50
    or .75 (half-cent ties for the 2% and 1% overrides)."""
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


def team_accounts(manager: str, y: int, q: int) -> set:
    """Accounts owned on the quarter's last day by the manager's team (all
    levels, not the manager's own: include_own is false)."""
    end = quarter_bounds(y, q)[1]
    team = team_on(manager, end)
    return {a for a in OWNERS if owner_on(a, end) in team}


def account_sales(rows, accounts, y, q):
    lo, hi = quarter_bounds(y, q)
    return sum((r["amount"] for r in rows if r["account"] in accounts and lo <= r["date"] <= hi), Decimal(0))


def growth(rows, manager, q):
    s = team_accounts(manager, 2026, q)
    cur, base = account_sales(rows, s, 2026, q), account_sales(rows, s, 2025, q)
    return cur, base, (cur - base) / base


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    # ATLAS from the handover to the end of 2026-Q1 is hand-placed below.
    atlas_hand = (d(2026, 2, 16), d(2026, 3, 31))

    # --- everyday business ----------------------------------------------------
    for m in range(1, 13):
        days = weekdays(2026, m)
        for acct, (count, (lo, hi)) in PROFILE.items():
            for _ in range(rng.randint(*count)):
                day = rng.choice(days)
                if acct == "ATLAS" and atlas_hand[0] <= day <= atlas_hand[1]:
                    continue
                if acct == "STARK" and m in (11, 12):
                    continue   # the platform deal and a hand-placed order instead
                rows.append(order(day, acct, money(rng, lo, hi), rng.choice(PRODUCTS)))
    # Last year's version of each 2026 order (established accounts only).
    for r in list(rows):
        cents = int(r["amount"] * 100) * rng.randint(70, 92) // 100
        rows.append(order(rng.choice(weekdays(2025, r["date"].month)), r["account"], Decimal(cents) / 100,
                          r["product"]))
    # The new accounts of 2026: a first order, then some repeat business.
    for acct, (first, count, (lo, hi)) in NEW_ACCOUNTS.items():
        rows.append(order(first, acct, money(rng, lo, hi), "software"))
        for m in range(first.month, 13):
            days = weekdays(2026, m, after=first)
            if not days:
                continue
            for _ in range(rng.randint(*count)):
                rows.append(order(rng.choice(days), acct, money(rng, lo, hi), rng.choice(PRODUCTS)))

    # --- hand-placed orders ---------------------------------------------------------
    special = [
        # ATLAS: helena's last order before the handover, then ana's first
        # orders. Account sales since the handover cross the 40,000
        # threshold inside the 2026-03-12 order.
        order(d(2026, 2, 13), "ATLAS", "11250.00", "software"),
        order(d(2026, 2, 16), "ATLAS", "12500.00", "hardware"),
        order(d(2026, 2, 27), "ATLAS", "15250.50", "software"),
        order(d(2026, 3, 12), "ATLAS", "21400.00", "hardware"),
        order(d(2026, 3, 26), "ATLAS", "9875.25", "services"),
        # The ramp steps: 2 whole months on 2026-05-15 (50%), 3 on
        # 2026-05-18 (75%); 5 on 2026-08-14 (75%), 6 on 2026-08-17 (100%).
        order(d(2026, 5, 15), "ATLAS", "8420.00", "software"),
        order(d(2026, 5, 18), "ATLAS", "10230.50", "services"),
        order(d(2026, 8, 14), "ATLAS", "12680.00", "software"),
        order(d(2026, 8, 17), "ATLAS", "9940.25", "hardware"),
        # lee's last order under marco (Friday) and first under sofia
        # (Monday 2026-08-03, the day the new reporting line starts).
        order(d(2026, 7, 31), "WAYNECO", "8815.50", "services"),
        order(d(2026, 8, 3), "WAYNECO", "7260.25", "hardware"),
        # A lee order sold under marco, part of which comes back after his move.
        order(d(2026, 7, 15), "WONKA", "14200.00", "hardware"),
        # A kim order in 2026-Q1, partly returned in 2026-Q2.
        order(d(2026, 3, 10), "TYRELL", "12500.00", "software"),
        # A northwind software order returned in full.
        order(d(2026, 5, 6), "VANDELAY", "9600.00", "software"),
        # A bluepeak hardware order (no channel commission on hardware),
        # partly returned.
        order(d(2026, 7, 21), "MERIDIAN", "16000.00", "hardware"),
        # raj in 2026-Q4: an October order partly returned after the cap is
        # reached; the STARK platform deal; a December order after the return.
        order(d(2026, 10, 6), "INITECH", "15000.00", "services"),
        order(d(2026, 11, 12), "STARK", "250000.00", "hardware"),
        order(d(2026, 12, 10), "STARK", "6000.00", "services"),
        # Last year's STARK platform deal: STARK buys one every November.
        order(d(2025, 11, 14), "STARK", "190000.00", "hardware"),
    ]
    rows += special
    by_key = {(r["date"], r["account"]): r for r in special}
    returns = [
        ("RT-2601", d(2026, 4, 8), by_key[(d(2026, 3, 10), "TYRELL")], Decimal("-5000.00")),
        ("RT-2602", d(2026, 5, 20), by_key[(d(2026, 3, 12), "ATLAS")], Decimal("-5350.00")),
        ("RT-2603", d(2026, 6, 5), by_key[(d(2026, 5, 6), "VANDELAY")], Decimal("-9600.00")),
        ("RT-2604", d(2026, 8, 19), by_key[(d(2026, 7, 15), "WONKA")], Decimal("-3550.00")),
        ("RT-2605", d(2026, 9, 10), by_key[(d(2026, 7, 21), "MERIDIAN")], Decimal("-4000.00")),
        ("RT-2606", d(2026, 12, 3), by_key[(d(2026, 10, 6), "INITECH")], Decimal("-6000.00")),
    ]
    for oid, day, orig, amt in returns:
        rows.append(order(day, orig["account"], amt, orig["product"], closed_by="", refund_of=orig, oid=oid))
    # A goodwill credit note on SOYLENT, no refund_of: a plain negative order.
    rows.append(order(d(2026, 11, 18), "SOYLENT", "-3000.00", "services", closed_by="", oid="CN-2601"))

    # --- plug 1: tom exactly at quota in 2026-Q2 ----------------------------------
    q2 = quarter_bounds(2026, 2)
    p1 = TOM_Q2_QUOTA - credited(rows, "tom", *q2)
    assert Decimal(2000) < p1 < Decimal(40000), p1
    rows.append(order(d(2026, 6, 24), "ACME", p1, "services"))

    # --- plug 2: like-for-like growth -----------------------------------------------
    # A few 2025 orders on the team's accounts bring each baseline to its
    # target: last year's deals that did not repeat. Per quarter, the plug
    # accounts are ones the team owns on the 2026 quarter's last day.
    plug_at = {
        "marco": {1: ["INITECH", "SOYLENT", "WONKA"], 2: ["UMBRA", "CYBERDYNE", "WAYNECO"],
                  3: ["INITECH", "SOYLENT", "UMBRA"], 4: ["CYBERDYNE", "UMBRA", "SOYLENT"]},
        "sofia": {1: ["TYRELL", "ACME", "BRIGHTWAVE"], 2: ["HOOLI", "VANDELAY", "GLOBEX", "ACME"],
                  3: ["WONKA", "TYRELL", "BRIGHTWAVE"], 4: ["HOOLI", "WAYNECO", "VANDELAY"]},
        "helena": {1: ["MERIDIAN", "OAKRIDGE", "DELTA"], 2: ["MERIDIAN", "OAKRIDGE", "DELTA"],
                   3: ["MERIDIAN", "OAKRIDGE", "DELTA"], 4: ["MERIDIAN", "OAKRIDGE", "DELTA"]},
    }

    def plug(manager, q, target_base):
        s = team_accounts(manager, 2026, q)
        need = target_base - account_sales(rows, s, 2025, q)
        assert need > Decimal(1000), (manager, q, need)
        accts = plug_at[manager][q]
        n = min(len(accts), int((need / 30000).to_integral_value(rounding="ROUND_CEILING")))
        part = (need / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
        lo, hi = quarter_bounds(2025, q)
        for k, acct in enumerate(accts[:n]):
            assert acct in s, (manager, q, acct)
            day = rng.choice([x for m in range(lo.month, hi.month + 1) for x in weekdays(2025, m)])
            rows.append(order(day, acct, part if k < n - 1 else need - part * (n - 1), "services"))

    for manager in ("marco", "sofia"):
        for q, g in GROWTH_TARGET[manager].items():
            cur = account_sales(rows, team_accounts(manager, 2026, q), 2026, q)
            plug(manager, q, (cur / (1 + g)).quantize(Decimal("0.01")))
    # helena: 2026-Q3 exactly +10%: current must be a multiple of 0.11 (so
    # that current / 1.1 is whole cents). Nudge her partner's last
    # MERIDIAN order of the quarter by a few cents.
    s3 = team_accounts("helena", 2026, 3)
    cents = int(account_sales(rows, s3, 2026, 3) * 100)
    nudge = (-cents) % 11
    last = max((r for r in rows if r["account"] == "MERIDIAN" and quarter(r["date"]) == (2026, 3)
                and r["refund_of"] is None), key=lambda r: (r["date"], r["amount"]))
    last["amount"] += Decimal(nudge) / 100
    for q, g in HEAD_TARGET.items():
        cur = account_sales(rows, team_accounts("helena", 2026, q), 2026, q)
        base = cur / (1 + g)
        if q == 3:
            assert base == base.quantize(Decimal("0.01")), base
        plug("helena", q, base.quantize(Decimal("0.01")))

    # --- number the orders ---------------------------------------------------------------
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

    # --- check what the README and the reference rely on ------------------------------
    ids = [r["order_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(owner_on(r["account"], r["date"]) for r in rows)
    assert credited(rows, "tom", *q2) == TOM_Q2_QUOTA
    report = {}
    for manager in ("marco", "sofia"):
        for q, g in GROWTH_TARGET[manager].items():
            cur, base, pct = growth(rows, manager, q)
            assert abs(pct - g) < Decimal("0.0001"), (manager, q, pct)
            report[(manager, q)] = (cur, base, pct)
    for q, g in HEAD_TARGET.items():
        cur, base, pct = growth(rows, "helena", q)
        assert abs(pct - g) < Decimal("0.0001"), ("helena", q, pct)
        report[("helena", q)] = (cur, base, pct)
    assert report[("helena", 3)][2] == Decimal("0.10")
    # Every new account's first order in the whole ledger is the chosen one.
    for acct, (first, _, _) in NEW_ACCOUNTS.items():
        assert min(r["date"] for r in rows if r["account"] == acct) == first, acct
        assert sum(1 for r in rows if r["account"] == acct and r["date"] == first) == 1, acct

    with open(OUT, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product"])
        for r in rows:
            wr.writerow([r["order_id"], r["date"].isoformat(), r["account"], f"{r['amount']:.2f}", "USD",
                         r["closed_by"] or "", r["refund_of"] or "", r["product"]])
    print(f"{len(rows)} rows -> {OUT}")
    print(f"tom 2026-Q2 plug {p1}; MERIDIAN nudge {nudge} cents")
    for (m, q), (cur, base, pct) in sorted(report.items()):
        print(f"{m} 2026-Q{q}: current {cur} baseline {base} growth {cur - base} ({pct * 100:.4f}%)")
    for who in ("raj", "ana", "lee", "nina", "kim", "tom", "northwind", "bluepeak", "sofia"):
        print(who, [str(credited(rows, who, *quarter_bounds(2026, q))) for q in (1, 2, 3, 4)])


if __name__ == "__main__":
    main()
