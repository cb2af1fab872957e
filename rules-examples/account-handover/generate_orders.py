#!/usr/bin/env python3
"""Make rules-examples/account-handover/orders.csv, once, from a fixed seed.

orders.csv is checked in; this script is kept only to show how it was made
(and to remake it identically: same seed, same Python 3 `random` module,
same file). Run from anywhere:

    python3 rules-examples/account-handover/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float.

What it makes (see README.md beside it):
- ACME, the key account: maria's own account in 2024 and 2025, raj's from
  2026-01-01. Every month a handful of repeat orders (consumables, spare
  parts, support renewals; closed_by maria, or empty when they come in
  through the customer's EDI feed) and, a few times a year, a new order
  (equipment, an integration project) that someone actually closed:
  maria in 2024-2025, raj in 2026 (plus one deal maria had in her pipeline
  and closed in January 2026, after the handover).
- HOUSE, maria's house account, and RAJCO, raj's own account: steady
  business all three years, untouched by the handover.
- Hand-placed edge cases on ACME (checked by the asserts below):
  an order on 2025-12-31 (still maria's, outside "sales since transfer"),
  an EDI order on the transfer date 2026-01-01 itself, orders on
  2026-03-31 / 2026-04-01 (the end of a 3-month delay and the month-3 ramp
  step) and on 2026-06-30 / 2026-07-01 (the end of a 6-month delay: the
  2026-07-01 order is the first one eligible), raj's new order that
  crosses the 50,000 threshold of account sales since the transfer,
  orders that span the 25,000 and 75,000 steps of the sales ramp, and one
  2026 return (RT-2601) of part of the threshold-crossing order, after the
  crossing.
- One 2025 return on ACME (RT-2501), an ordinary clawback from maria.

Rows are written in date order; the engine does not rely on that.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import random
from decimal import Decimal

SEED = 20260101
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "orders.csv")

T = dt.date(2026, 1, 1)            # ACME moves from maria to raj
THRESHOLD = Decimal(50000)         # plan-threshold.yaml
SALES_STEPS = (Decimal(25000), Decimal(75000))   # plan-ramp-sales.yaml

REPEAT_PRODUCTS = ["consumables", "spare-parts", "support-renewal"]
NEW_PRODUCTS = ["equipment", "integration-project"]


def weekdays(y: int, m: int) -> list[dt.date]:
    n = calendar.monthrange(y, m)[1]
    return [dt.date(y, m, k) for k in range(1, n + 1) if dt.date(y, m, k).weekday() < 5]


def money(rng: random.Random, lo: int, hi: int) -> Decimal:
    """A random amount in [lo, hi] dollars. About a quarter end in an odd
    number of dimes and no cents (.10, .30, .50, .70, .90): 5% of those is a
    half-cent tie, where half_even rounding matters."""
    c = rng.randint(lo * 100, hi * 100)
    if rng.random() < 0.25:
        c = c // 100 * 100 + rng.choice([10, 30, 50, 70, 90])
    return Decimal(c) / 100


def order(day, account, amount, closed_by, product, refund_of=""):
    return {"date": day, "account": account, "amount": Decimal(amount),
            "closed_by": closed_by, "product": product, "refund_of": refund_of}


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    months = [(y, m) for y in (2024, 2025, 2026) for m in range(1, 13)]

    for y, m in months:
        days = weekdays(y, m)
        # ACME repeat business. In the handover quarter (2026-Q1) the
        # customer orders less (new budget year, new contact), and maria
        # still takes half the calls.
        n = rng.randint(3, 4) if (y == 2026 and m <= 3) else rng.randint(4, 7)
        for _ in range(n):
            if y < 2026:
                who = rng.choice(["maria", "maria", "maria", ""])
            elif m <= 3:
                who = rng.choice(["maria", ""])
            else:
                who = rng.choice(["maria", "", "", ""])
            rows.append(order(rng.choice(days), "ACME", money(rng, 600, 4200), who,
                              rng.choice(REPEAT_PRODUCTS)))
        # maria's house account and raj's own account.
        for _ in range(rng.randint(1, 3)):
            rows.append(order(rng.choice(days), "HOUSE", money(rng, 800, 6000),
                              rng.choice(["maria", "maria", ""]), rng.choice(REPEAT_PRODUCTS + NEW_PRODUCTS)))
        for _ in range(rng.randint(2, 3)):
            rows.append(order(rng.choice(days), "RAJCO", money(rng, 1500, 12000),
                              rng.choice(["raj", "raj", "raj", ""]), rng.choice(REPEAT_PRODUCTS + NEW_PRODUCTS)))

    # ACME new business maria closed herself in 2024 and 2025: five deals a year.
    for y in (2024, 2025):
        for m in sorted(rng.sample(range(1, 13), 5)):
            rows.append(order(rng.choice(weekdays(y, m)), "ACME", money(rng, 9000, 28000),
                              "maria", rng.choice(NEW_PRODUCTS)))

    d = dt.date
    special = [
        # Still maria's: the last order before the handover. It does not
        # count in ACME's sales since the transfer.
        order(d(2025, 12, 31), "ACME", "3120.00", "maria", "spare-parts"),
        # The EDI feed does not stop for New Year: a repeat order on the
        # transfer date itself (months elapsed 0; empty closed_by).
        order(d(2026, 1, 1), "ACME", "1830.50", "", "consumables"),
        # A deal maria had in her pipeline and closed after the handover:
        # credited to raj (he owns ACME now), but not closed by him.
        order(d(2026, 1, 14), "ACME", "7240.00", "maria", "equipment"),
        # raj's first new order on ACME.
        order(d(2026, 2, 10), "ACME", "9815.30", "raj", "equipment"),
        # raj's integration project: crosses the 50,000 threshold.
        order(d(2026, 3, 12), "ACME", "24380.00", "raj", "integration-project"),
        # The last day of the third month / the first day of the fourth:
        # 2026-01-01 + 3 months = 2026-04-01 ends a 3-month delay, and is
        # where 3 whole months have elapsed (ramp by months).
        order(d(2026, 3, 31), "ACME", "2264.70", "maria", "spare-parts"),
        order(d(2026, 4, 1), "ACME", "1975.00", "", "consumables"),
        order(d(2026, 5, 6), "ACME", "12600.00", "raj", "equipment"),
        # The last day of a 6-month delay, and the first day after it:
        # 2026-01-01 + 6 months = 2026-07-01 is not "before T + delay".
        order(d(2026, 6, 30), "ACME", "2890.10", "maria", "support-renewal"),
        order(d(2026, 7, 1), "ACME", "14237.70", "raj", "equipment"),
        order(d(2026, 9, 15), "ACME", "21050.00", "raj", "integration-project"),
        order(d(2026, 11, 4), "ACME", "16890.50", "raj", "equipment"),
        order(d(2026, 12, 9), "ACME", "8400.00", "raj", "integration-project"),
    ]
    rows += special

    # Ordinary ERP ids in date order: SO-10001 upwards (all five digits, so
    # byte order of the ids is also numeric order).
    rows.sort(key=lambda r: (r["date"], r["account"], r["amount"]))
    for k, r in enumerate(rows):
        r["order_id"] = f"SO-{10001 + k}"
    by_key = {(r["date"], r["account"], r["amount"]): r for r in rows}

    # RT-2501: ACME returns a quarter of an order maria closed in 2025-Q2,
    # in 2025-Q3 (plain clawback from maria, before the handover).
    cands = [r for r in rows if r["account"] == "ACME" and d(2025, 4, 1) <= r["date"] <= d(2025, 6, 30)
             and r["closed_by"] == "maria" and int(r["amount"] * 100) % 4 == 0]
    o = max(cands, key=lambda r: (r["amount"], r["order_id"]))
    rt1 = order(d(2025, 8, 19), "ACME", -(o["amount"] / 4), "", o["product"], o["order_id"])
    rt1["order_id"] = "RT-2501"
    # RT-2601: a quarter of raj's integration project (24,380.00) comes back
    # on 2026-05-20, after the threshold was crossed. The clawback is raj's,
    # at the original's eligible and share; the return also moves ACME's
    # sales since the transfer down by 6,095.00.
    o = by_key[(d(2026, 3, 12), "ACME", Decimal("24380.00"))]
    rt2 = order(d(2026, 5, 20), "ACME", "-6095.00", "", o["product"], o["order_id"])
    rt2["order_id"] = "RT-2601"
    rows += [rt1, rt2]
    for r in rows:
        r["amount"] = r["amount"].quantize(Decimal("0.01"))
    rows.sort(key=lambda r: (r["date"], r["order_id"].encode()))

    # --- check the edge cases the README and the reference rely on --------
    acme = [r for r in rows if r["account"] == "ACME"]
    since = [r for r in acme if r["date"] >= T]
    s = Decimal(0)
    crossing, spans = None, {}
    for r in since:
        lo, hi = s, s + r["amount"]
        if lo < THRESHOLD < hi:
            crossing = r
        for step in SALES_STEPS:
            if lo < step < hi:
                spans[step] = r
        assert THRESHOLD not in (lo, hi) and all(x not in (lo, hi) for x in SALES_STEPS), r
        if r["order_id"] == "RT-2601":
            assert crossing is not None and lo + r["amount"] > 75000, "return must come after the crossing"
        s = hi
    assert crossing is not None and crossing["closed_by"] == "raj", crossing
    assert crossing["date"] == d(2026, 3, 12), crossing
    assert set(spans) == set(SALES_STEPS), spans
    for day in (d(2025, 12, 31), d(2026, 1, 1), d(2026, 3, 31), d(2026, 4, 1), d(2026, 6, 30), d(2026, 7, 1)):
        assert any(r["date"] == day for r in acme), day
    assert any(r["closed_by"] == "" and r["date"] >= T for r in acme)
    assert 150 <= len(acme) <= 250, len(acme)

    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order_id", "date", "account", "amount", "currency",
                    "closed_by", "refund_of", "product"])
        for r in rows:
            w.writerow([r["order_id"], r["date"].isoformat(), r["account"],
                        f"{r['amount']:.2f}", "USD", r["closed_by"],
                        r["refund_of"], r["product"]])
    print(f"{len(rows)} rows ({len(acme)} on ACME, {len(since)} of them since {T}) -> {OUT}")
    print(f"threshold crossed by {crossing['order_id']}; sales-ramp steps spanned by "
          + ", ".join(f"{k}: {v['order_id']}" for k, v in sorted(spans.items())))
    print(f"ACME sales since transfer at year end: {s}")
    print(f"returns: {rt1['order_id']} of {rt1['refund_of']} ({rt1['amount']}), "
          f"{rt2['order_id']} of {rt2['refund_of']} ({rt2['amount']})")


if __name__ == "__main__":
    main()
