#!/usr/bin/env python3
"""Make rules-examples/account-team/orders.csv and credits.csv, once, from a
fixed seed.

Both files are checked in; this script is kept only to show how they were
made (and to remake them identically: same seed, same Python 3 `random`
module, same files). Run from anywhere:

    python3 rules-examples/account-team/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float.

What it makes (see README.md beside it): two years of orders, 2025 (the
baseline year of team growth) and 2026 (the paid year), on four accounts:

- random everyday business on GLOBEX (maria's key account, from 2026-01-01
  a team: raj 70%, acme-partners 30%), INITECH (raj), WAYNECO (lee) and
  SOYLENT (acme-partners), every month of 2026; 2025 is last year's version
  of each 2026 order (same account and month, 85% to 100% of the amount);
- hand-placed orders, each there for one thing the README works by hand:
    GLOBEX 2026-02-12 6,400.00  below the handover threshold, with a product
                                specialist overlay (credits.csv);
    GLOBEX 2026-03-04           the order that crosses the 40,000 threshold
                                (its amount is computed from the account's
                                sales since 2026-01-01);
    GLOBEX 2026-05-14 120,000.00 the platform deal split with lee
                                (credits.csv: raj 60%, lee 40%, sam
                                overlay 20%);
    WAYNECO 2026-07-15 9,800.00 lee's order with sam's overlay (25%);
    RT-2601 2026-08-20 -60,000.00 half of the platform deal comes back
                                (credits.csv: the same split);
    GLOBEX 2026-09-08 10,400.00 and RT-2602 2026-10-06 -2,600.00, a quarter
                                of it returned (not in credits.csv: the team);
    GLOBEX 2026-12-09           the order whose 70% share crosses raj's
                                100%-of-quota bound (its amount is computed
                                from raj's 2026-Q4 credited sales before it).

Orders are numbered SO-10001 upwards in (date, account, amount) order; the
two returns are RT-2601 and RT-2602. Rows are written in date order; the
engine does not rely on that.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import random
from decimal import ROUND_CEILING, Decimal

SEED = 20260315
HERE = os.path.dirname(os.path.abspath(__file__))
ORDERS = os.path.join(HERE, "orders.csv")
CREDITS = os.path.join(HERE, "credits.csv")
d = dt.date

# --- the org and plan, as far as the generator needs them (the YAML is the truth)
HANDOVER = d(2026, 1, 1)
THRESHOLD = Decimal(40000)                 # plan.yaml: key-account-handover
RAJ_Q4_QUOTA = Decimal(60000)              # org.yaml: raj, 2026-Q4
TEAM = {"raj": Decimal("0.7"), "acme-partners": Decimal("0.3")}   # GLOBEX from 2026-01-01

PROFILE = {   # account: (orders a month, amount range in 2026, dollars)
    "GLOBEX": ((1, 3), (3000, 11000)),
    "INITECH": ((1, 2), (2500, 9000)),
    "WAYNECO": ((1, 2), (2500, 9000)),
    "SOYLENT": ((1, 1), (2000, 7000)),
}
CLOSERS = {   # who may close an order, 2026 ("" = the customer's web shop)
    "GLOBEX": ["", "raj", "raj", "acme-partners"],
    "INITECH": ["raj", ""],
    "WAYNECO": ["lee", ""],
    "SOYLENT": ["acme-partners"],
}
PRODUCTS = ["hardware", "services", "software"]
HAND_DATES = {d(2026, 2, 12), d(2026, 3, 4), d(2026, 5, 14), d(2026, 9, 8), d(2026, 12, 9)}


def weekdays(y: int, m: int) -> list[dt.date]:
    n = calendar.monthrange(y, m)[1]
    return [d(y, m, k) for k in range(1, n + 1) if d(y, m, k).weekday() < 5]


def money(rng: random.Random, lo: int, hi: int, step: int = 1) -> Decimal:
    """A random amount in [lo, hi] dollars, a multiple of `step` cents; about
    a quarter of them end in .50 (2% and 1% of those are half-cent ties,
    where half_even matters)."""
    c = rng.randint(lo * 100, hi * 100) // step * step
    if rng.random() < 0.25:
        c = c // 100 * 100 + 50
    return Decimal(c) / 100


# GLOBEX amounts are whole dimes, so that raj's 70% and acme-partners' 30%
# of each are whole cents (the contract keeps a_r exact either way; this
# only keeps the README's working short).
STEP = {"GLOBEX": 10}


def order(day, account, amount, product, closed_by, refund_of=None, oid=None, tag=None):
    return {"date": day, "account": account, "amount": Decimal(amount), "product": product,
            "closed_by": closed_by, "refund_of": refund_of, "order_id": oid, "tag": tag}


def ledger_order(rows):
    return sorted(rows, key=lambda r: (r["date"], r["account"], r["amount"]))


def main() -> None:
    rng = random.Random(SEED)
    rows = []

    # --- everyday business -------------------------------------------------------
    for m in range(1, 13):
        days = weekdays(2026, m)
        for acct, (count, (lo, hi)) in PROFILE.items():
            for _ in range(rng.randint(*count)):
                day = rng.choice([x for x in days if not (acct == "GLOBEX" and x in HAND_DATES)])
                rows.append(order(day, acct, money(rng, lo, hi, STEP.get(acct, 1)), rng.choice(PRODUCTS),
                                  rng.choice(CLOSERS[acct])))
    for r in list(rows):   # 2025: last year's version of each order
        step = STEP.get(r["account"], 1)
        cents = int(r["amount"] * 100) * rng.randint(85, 100) // 100 // step * step
        closer = {"GLOBEX": rng.choice(["maria", ""])}.get(r["account"], r["closed_by"])
        rows.append(order(rng.choice(weekdays(2025, r["date"].month)), r["account"], Decimal(cents) / 100,
                          r["product"], closer))

    # --- hand-placed orders ----------------------------------------------------------
    rows.append(order(d(2026, 2, 12), "GLOBEX", "6400.00", "software", "raj", tag="overlay-early"))
    # The threshold crossing: GLOBEX's sales since the handover before it.
    s = sum(r["amount"] for r in rows if r["account"] == "GLOBEX" and HANDOVER <= r["date"] < d(2026, 3, 4))
    assert s < THRESHOLD - 5000, s
    cross = ((THRESHOLD - s) / 1000).to_integral_value(ROUND_CEILING) * 1000 + Decimal("7250.50")
    rows.append(order(d(2026, 3, 4), "GLOBEX", cross, "hardware", "acme-partners", tag="threshold"))
    rows.append(order(d(2026, 5, 14), "GLOBEX", "120000.00", "software", "raj", tag="platform"))
    rows.append(order(d(2026, 7, 15), "WAYNECO", "9800.00", "software", "lee", tag="overlay-lee"))
    rows.append(order(d(2026, 9, 8), "GLOBEX", "10400.00", "hardware", "raj", tag="returned-team"))
    by_tag = {r["tag"]: r for r in rows if r["tag"]}
    rows.append(order(d(2026, 8, 20), "GLOBEX", "-60000.00", "software", "", refund_of=by_tag["platform"],
                      oid="RT-2601", tag="return-platform"))
    rows.append(order(d(2026, 10, 6), "GLOBEX", "-2600.00", "hardware", "", refund_of=by_tag["returned-team"],
                      oid="RT-2602"))
    # The tier crossing inside raj's 70%: his 2026-Q4 credited sales before
    # 2026-12-09 (INITECH in full, GLOBEX at 70%, RT-2602 included).
    q4 = (d(2026, 10, 1), d(2026, 12, 8))
    c = sum((r["amount"] if r["account"] == "INITECH" else r["amount"] * TEAM["raj"])
            for r in rows if r["account"] in ("INITECH", "GLOBEX") and q4[0] <= r["date"] <= q4[1])
    assert c < RAJ_Q4_QUOTA - 15000, c
    need = (RAJ_Q4_QUOTA - c) / TEAM["raj"]          # the amount that reaches the bound exactly
    tier = (need / 1000).to_integral_value(ROUND_CEILING) * 1000 + Decimal("5000.00")
    rows.append(order(d(2026, 12, 9), "GLOBEX", tier, "services", "raj", tag="tier"))

    # --- number the orders -----------------------------------------------------------
    for r in rows:
        r["amount"] = r["amount"].quantize(Decimal("0.01"))
    plain = ledger_order(r for r in rows if r["order_id"] is None)
    for k, r in enumerate(plain):
        r["order_id"] = f"SO-{10001 + k}"
    for r in rows:
        if isinstance(r["refund_of"], dict):
            r["refund_of"] = r["refund_of"]["order_id"]
    rows.sort(key=lambda r: (r["date"], r["order_id"].encode()))
    by_tag = {r["tag"]: r for r in rows if r["tag"]}

    # --- check what the README relies on -------------------------------------------
    ids = [r["order_id"] for r in rows]
    assert len(ids) == len(set(ids)) and len(rows) <= 220, len(rows)
    since = Decimal(0)
    for r in rows:
        if r["account"] == "GLOBEX" and r["date"] >= HANDOVER:
            if r["tag"] == "threshold":
                assert since < THRESHOLD < since + r["amount"], (since, r["amount"])
            since += r["amount"]
    assert not any(r["account"] == "GLOBEX" and r["date"] in HAND_DATES and not r["tag"] for r in rows)

    credits = [
        (by_tag["overlay-early"]["order_id"], "raj", "70%", ""),
        (by_tag["overlay-early"]["order_id"], "acme-partners", "30%", ""),
        (by_tag["overlay-early"]["order_id"], "sam", "15%", "true"),
        (by_tag["platform"]["order_id"], "raj", "60%", ""),
        (by_tag["platform"]["order_id"], "lee", "40%", ""),
        (by_tag["platform"]["order_id"], "sam", "20%", "true"),
        (by_tag["overlay-lee"]["order_id"], "lee", "100%", ""),
        (by_tag["overlay-lee"]["order_id"], "sam", "25%", "true"),
        ("RT-2601", "raj", "60%", ""),
        ("RT-2601", "lee", "40%", ""),
        ("RT-2601", "sam", "20%", "true"),
    ]

    with open(ORDERS, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product"])
        for r in rows:
            wr.writerow([r["order_id"], r["date"].isoformat(), r["account"], f"{r['amount']:.2f}", "USD",
                         r["closed_by"] or "", r["refund_of"] or "", r["product"]])
    with open(CREDITS, "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(["order_id", "person", "share", "overlay"])
        wr.writerows(credits)
    print(f"{len(rows)} orders -> {ORDERS}; {len(credits)} credit rows -> {CREDITS}")
    for tag, r in sorted(by_tag.items()):
        print(f"  {tag}: {r['order_id']} {r['date']} {r['account']} {r['amount']}")


if __name__ == "__main__":
    main()
