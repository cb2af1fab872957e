#!/usr/bin/env python3
"""Make rules-examples/basic-commission/orders.csv, once, from a fixed seed.

orders.csv is checked in; this script is kept only to show how it was made
(and to remake it identically: same seed, same Python 3 `random` module,
same file). Run from anywhere:

    python3 rules-examples/basic-commission/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float.

What it makes (see README.md beside it):
- for every person and quarter of 2025-2026, a quarter's worth of ordinary
  orders sized from the person's quota times a performance factor, so some
  quarters end below quota, some between 100% and 150%, some above 150%;
- two very large deals for raj in 2026-Q4 that push his accelerator into
  its 20,000 cap;
- a HOOLI order sold by ana before HOOLI moved to lee, and lee's first
  large HOOLI order after it;
- one NORTHSTAR order that brings maria's 2026-Q3 to exactly 50,000.00;
- maria's house accounts, sized so her retroactive scale uses all tiers;
- three orders on BRIGHTWAVE before it had an owner (no-owner exceptions);
- returns: full and partial (40%, 25%, one-third), in the same quarter and
  in a later one, two returns of one order, and one on HOOLI after it
  moved from ana to lee; a credit note with no refund_of; a return whose
  refund_of names an order that is not in the ledger;
- rows shuffled so the file is not in date order.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from decimal import Decimal

SEED = 20260415
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "orders.csv")

QUARTERS = [(y, q) for y in (2025, 2026) for q in (1, 2, 3, 4)]

# Mirrors org.yaml: accounts owned per person, with ownership dates.
OWNERSHIP = {
    "HARBORVIEW": [("maria", dt.date(2019, 1, 1))],
    "NORTHSTAR": [("maria", dt.date(2021, 6, 1))],
    "INITECH": [("raj", dt.date(2020, 1, 1))],
    "STARKWELL": [("raj", dt.date(2020, 1, 1))],
    "UMBRA": [("raj", dt.date(2022, 3, 1))],
    "WAYNECO": [("lee", dt.date(2020, 1, 1))],
    "WONKA": [("lee", dt.date(2020, 1, 1))],
    "TYRELL": [("lee", dt.date(2023, 9, 1))],
    "SOYLENT": [("ana", dt.date(2021, 1, 1))],
    "CYBERDYNE": [("ana", dt.date(2021, 1, 1))],
    "HOOLI": [("ana", dt.date(2021, 1, 1)), ("lee", dt.date(2026, 5, 15))],
    "VANDELAY": [("acme-partners", dt.date(2022, 1, 1))],
    "BRIGHTWAVE": [("acme-partners", dt.date(2025, 5, 1))],
}

# Mirrors the quotas in org.yaml (None: no quota that quarter).
QUOTA = {
    "raj": [120000, 120000, 150000, 150000, 150000, 150000, 150000, 120000],
    "lee": [120000] * 4 + [150000] * 4,
    "ana": [100000] * 4 + [120000, 120000, None, 120000],
    "acme-partners": [80000] * 4 + [90000] * 4,
}
# Typical quarter for the ana quarter without a quota.
FALLBACK_QUOTA = 120000

# Performance factor (quarter sales / quota) per person and quarter, chosen
# so that every accelerator tier is reached by someone in some quarter.
PERFORMANCE = {
    "raj": [0.85, 1.25, 1.70, 0.70, 1.05, 1.60, 0.90, 1.00],
    "lee": [1.10, 0.75, 1.45, 1.85, 0.95, 1.30, 1.65, 0.80],
    "ana": [0.60, 1.05, 1.35, 1.55, 0.90, 1.20, 1.10, 1.75],
    "acme-partners": [1.30, 0.95, 1.80, 1.15, 0.70, 1.50, 1.25, 1.95],
}
# maria's house-account sales per quarter (retroactive tiers at 50k / 150k).
MARIA_SALES = [38000, 95000, 172000, 61000, 140000, 210000, 47000, 118000]

PRODUCTS = ["hardware", "services", "software"]


def quarter_bounds(y: int, q: int) -> tuple[dt.date, dt.date]:
    start = dt.date(y, 3 * q - 2, 1)
    end = dt.date(y + (q == 4), 1 if q == 4 else 3 * q + 1, 1) - dt.timedelta(days=1)
    return start, end


def owner_on(account: str, day: dt.date) -> str | None:
    who = None
    for owner, since in OWNERSHIP[account]:
        if since <= day:
            who = owner
    return who


def accounts_of(person: str, day: dt.date) -> list[str]:
    return sorted(a for a in OWNERSHIP if owner_on(a, day) == person)


def cents(rng: random.Random, total_cents: int) -> int:
    """Give ~1 in 6 amounts a .50 ending, ~1 in 6 a .20/.60 ending (these
    make half-cent ties at 3% and at 7.5%, where half_even matters)."""
    r = rng.random()
    if r < 1 / 6:
        return total_cents // 100 * 100 + 50
    if r < 2 / 6:
        return total_cents // 100 * 100 + rng.choice([20, 60])
    return total_cents


def make_quarter(rng, person, y, q, target):
    """Split `target` dollars of sales into ordinary orders for `person`.

    Dates start on the quarter's second day: nothing ordinary lands on a
    quarter's first day (the unknown-refund credit note below does)."""
    start, end = quarter_bounds(y, q)
    n = rng.randint(9, 13) if person != "maria" else rng.randint(5, 8)
    weights = [rng.uniform(0.3, 1.7) for _ in range(n)]
    total_w = sum(weights)
    rows = []
    for w in weights:
        day = start + dt.timedelta(days=rng.randint(1, (end - start).days))
        accounts = accounts_of(person, day)
        account = rng.choice(accounts)
        amount_cents = cents(rng, int(round(target * 100 * w / total_w)))
        rows.append(
            {
                "date": day,
                "account": account,
                "amount": Decimal(amount_cents) / 100,
                # Usually the owner closed it; sometimes the manager helped
                # or it came in through the web shop (empty: house).
                "closed_by": rng.choice([person] * 6 + ["maria", ""]),
                "product": rng.choice(PRODUCTS),
            }
        )
    return rows


def main() -> None:
    rng = random.Random(SEED)
    rows = []
    for i, (y, q) in enumerate(QUARTERS):
        for person in ("raj", "lee", "ana", "acme-partners"):
            quota = QUOTA[person][i] or FALLBACK_QUOTA
            rows += make_quarter(rng, person, y, q, quota * PERFORMANCE[person][i])
        rows += make_quarter(rng, "maria", y, q, MARIA_SALES[i])

    # Two very large STARKWELL deals in 2026-Q4 (a multi-site refresh):
    # raj's accelerator hits its 20,000 cap later in the quarter.
    rows.append({"date": dt.date(2026, 10, 14), "account": "STARKWELL",
                 "amount": Decimal("185000.00"), "closed_by": "raj", "product": "hardware"})
    rows.append({"date": dt.date(2026, 11, 5), "account": "STARKWELL",
                 "amount": Decimal("212500.50"), "closed_by": "raj", "product": "services"})

    # A HOOLI order in 2026-Q2 while ana still owned it (part of it comes
    # back after HOOLI moved to lee: RT-3 below).
    rows.append({"date": dt.date(2026, 4, 22), "account": "HOOLI",
                 "amount": Decimal("18400.00"), "closed_by": "ana", "product": "hardware"})

    # lee's first big order on HOOLI after taking it over. RT-3 (below)
    # moves lee's cumulative sales down first, which decides how much of
    # this order lies above 150% of his quota.
    rows.append({"date": dt.date(2026, 6, 20), "account": "HOOLI",
                 "amount": Decimal("40000.00"), "closed_by": "lee", "product": "services"})

    # Brings maria's 2026-Q3 house-account sales to exactly 50,000.00, the
    # first tier's `upto`: tiers include their upper bound, so the whole
    # quarter is paid at 1%, not 1.5%.
    rows.append({"date": dt.date(2026, 9, 28), "account": "NORTHSTAR",
                 "amount": Decimal("3000.01"), "closed_by": "maria", "product": "software"})

    # BRIGHTWAVE before it had an owner (2025-05-01): no-owner exceptions.
    for day, amount, product in [
        (dt.date(2025, 2, 11), "4200.00", "hardware"),
        (dt.date(2025, 3, 19), "1875.50", "services"),
        (dt.date(2025, 4, 28), "9310.20", "hardware"),
    ]:
        rows.append({"date": day, "account": "BRIGHTWAVE", "amount": Decimal(amount),
                     "closed_by": "", "product": product})

    # Ordinary orders get ERP-style ids in date order. Numbering starts at
    # 950 so ids cross from 3 to 4 digits: SO-1000 sorts before SO-999 by
    # byte order, which is the order the contract processes them in.
    rows.sort(key=lambda r: (r["date"], r["account"], r["amount"]))
    for k, r in enumerate(rows):
        r["order_id"] = f"SO-{950 + k}"
        r["refund_of"] = ""
    by_id = {r["order_id"]: r for r in rows}

    def pick(person, lo, hi, product=None, account=None, cents_mult=1):
        """First order credited to `person` in [lo, hi] (by date, id) that
        matches; deterministic, so the returns below are reproducible."""
        cands = [
            r for r in rows
            if lo <= r["date"] <= hi
            and owner_on(r["account"], r["date"]) == person
            and (product is None or r["product"] == product)
            and (account is None or r["account"] == account)
            and int(r["amount"] * 100) % cents_mult == 0
            and not r["refund_of"]
        ]
        cands.sort(key=lambda r: (r["date"], r["order_id"].encode()))
        return cands[0]

    returns = []

    def ret(rid, orig, day, amount, note):
        assert day > orig["date"]
        returns.append({
            "order_id": rid, "date": day, "account": orig["account"],
            "amount": amount, "closed_by": "", "refund_of": orig["order_id"],
            "product": orig["product"], "_note": note,
        })

    d = dt.date
    # RT-1: raj, full return within the same quarter (2025-Q2).
    o = pick("raj", d(2025, 4, 2), d(2025, 5, 31))
    ret("RT-1", o, o["date"] + dt.timedelta(days=23), -o["amount"], "full, same quarter")
    # RT-2: lee, 40% return in the next quarter (2025-Q4 -> 2026-Q1).
    o = pick("lee", d(2025, 11, 1), d(2025, 12, 31), cents_mult=5)
    ret("RT-2", o, d(2026, 1, 20), -(o["amount"] * Decimal("0.4")), "40%, next quarter")
    # RT-3: HOOLI, bought while ana owned it, 40% returned after lee took over.
    o = pick("ana", d(2026, 4, 2), d(2026, 5, 14), account="HOOLI", cents_mult=5)
    ret("RT-3", o, d(2026, 6, 10), -(o["amount"] * Decimal("0.4")), "40%, after owner change")
    # RT-4 and RT-5: the agent's hardware order returned 25% twice (each
    # rounded to cents, so the portion is only close to 1/4).
    o = pick("acme-partners", d(2025, 7, 2), d(2025, 8, 15), product="hardware")
    ret("RT-4", o, d(2025, 9, 3), -(o["amount"] / 4), "25%, same quarter")
    ret("RT-5", o, d(2025, 10, 8), -(o["amount"] / 4), "25% again, next quarter")
    # RT-6: maria's house account, full return in the next quarter.
    o = pick("maria", d(2025, 11, 1), d(2025, 12, 31))
    ret("RT-6", o, d(2026, 1, 9), -o["amount"], "full, next quarter")
    # RT-7: ana, a third of an order returned (the portion is 1/3 exactly
    # when the amount divides by 3 cents; the clawback is then a repeating
    # fraction until its single rounding).
    o = pick("ana", d(2025, 5, 2), d(2025, 6, 30), cents_mult=3)
    ret("RT-7", o, d(2025, 6, 27), -(o["amount"] / 3), "one third, same quarter")
    # RT-8: refund_of names an order that is not in this ledger (it predates
    # the ERP migration): an exception, then a plain negative order. On the
    # quarter's first day, so it takes ana's cumulative sales below zero.
    returns.append({"order_id": "RT-8", "date": d(2025, 7, 1), "account": "SOYLENT",
                    "amount": Decimal("-2750.50"), "closed_by": "", "refund_of": "SO-0042",
                    "product": "software", "_note": "unknown refund_of"})
    # CN-1: a goodwill credit note for a delayed install, no refund_of.
    returns.append({"order_id": "CN-1", "date": d(2025, 8, 2), "account": "WAYNECO",
                    "amount": Decimal("-1500.00"), "closed_by": "lee", "refund_of": "",
                    "product": "services", "_note": "credit note"})

    for r in returns:
        r["amount"] = r["amount"].quantize(Decimal("0.01"))
        assert r["refund_of"] == "SO-0042" or not r["refund_of"] or r["refund_of"] in by_id

    allrows = rows + returns
    rng.shuffle(allrows)
    # RT-9: a tenth of the STARKWELL deal the cap cut (SO-1321) comes back
    # in December. Its accelerator clawback reverses a tenth of what the line
    # paid after the cut, not of its uncut value, and the room it opens is
    # paid to raj's later orders (spec 4.1). Added after the shuffle, so the
    # rows above keep their places in the file.
    o = next(r for r in rows if r["account"] == "STARKWELL" and r["amount"] == Decimal("212500.50"))
    ret("RT-9", o, d(2026, 12, 15), -(o["amount"] / 10), "a tenth of the line the cap cut")
    returns[-1]["amount"] = returns[-1]["amount"].quantize(Decimal("0.01"))
    allrows.append(returns[-1])
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order_id", "date", "account", "amount", "currency",
                    "closed_by", "refund_of", "product"])
        for r in allrows:
            w.writerow([r["order_id"], r["date"].isoformat(), r["account"],
                        f"{r['amount']:.2f}", "USD", r["closed_by"],
                        r["refund_of"], r["product"]])
    for r in returns:
        print(r["order_id"], r["date"], r["account"], r["amount"],
              r["refund_of"] or "-", r["_note"])
    print(f"{len(allrows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
