#!/usr/bin/env python3
"""Make rules-examples/plan-change/org.yaml and orders.csv, once, from a fixed seed.

Both files are checked in; this script is kept to show how they were made
(and to remake them identically: same seed, same Python 3 `random` module,
same files). Run from anywhere:

    python3 rules-examples/plan-change/generate_orders.py

Stdlib only. Money is built from integer cents (Decimal), never float; the
floats below only shape the random volumes before they become cents.

What it makes (see README.md beside it): a sales force of five regional
managers and 50 reps, and two years of its order history, 2025 and 2026.

- Every account has a quarterly "potential" (what sales ops expects it to
  buy). A rep's quota is the potential of the accounts they own in that
  quarter, times a seasonal factor (Q4 is the big quarter), plus 6% in
  2026, rounded to 1,000. What an account really buys is its potential
  times the seasonal factor, times its owner's performance (0.65 to 1.6:
  most reps land between 80% and 120% of quota, a few far above), times
  noise; in 2026 also times its region's market growth over 2025 (Central
  +16%, North +12%, South +7%, East +1%, West -6%), the same accounts in
  both years, so team growth measures real growth.
- Each account-quarter's volume is split into one or more orders on
  weekdays of the quarter. About 2.5% of orders are returned, in full or in
  part, 1 to 10 weeks later in the same year (refund_of names the
  original); a few credit notes carry no refund_of. Returns stay inside the
  original's year so both plans claw back the same orders (plan A was in
  force in 2025 as well, the proposal only in 2026).
- The reporting changes and account moves written in org.yaml (CHANGES
  below): a rep moved between regions in 2025-07, two at the 2026 reorg,
  one in the middle of 2026-Q2; a rep who leaves at the end of 2026-06
  (his accounts go to two colleagues); a rep who joins on 2026-04-01
  (three accounts carved out of colleagues' territories, three new ones).
- One very large deal: yara's 185,000.00 platform order on her key
  account ORBIT-LABS on 2026-11-20, which takes her far into the top tier.

Rows are written in date order; the engine does not rely on that.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
import random
from decimal import Decimal

SEED = 20251103
HERE = os.path.dirname(os.path.abspath(__file__))
ORDERS = os.path.join(HERE, "orders.csv")
ORG = os.path.join(HERE, "org.yaml")
d = dt.date
YEARS = (2025, 2026)
SEASON = {1: 0.85, 2: 1.0, 3: 0.95, 4: 1.2}   # quota and sales, per quarter
QUOTA_UPLIFT_2026 = 1.06
HOLIDAYS = {(1, 1), (12, 25), (12, 26)}       # no orders booked on these

# --- the people ----------------------------------------------------------------
# (id, name, region)
MANAGERS = [
    ("helen", "Helen Brooks", "North"),
    ("kwame", "Kwame Mensah", "South"),
    ("ingrid", "Ingrid Larsen", "East"),
    ("diego", "Diego Ramirez", "West"),
    ("mei", "Mei Tanaka", "Central"),
]
MANAGER_OF = {region: mid for mid, _, region in MANAGERS}
MARKET_2026 = {"North": 1.12, "South": 1.07, "East": 1.01, "West": 0.94, "Central": 1.16}

# Ten reps per region at the start of 2025, nine in Central (ben moves there
# from North in 2025-07; the joiner, nora, fills North's place in 2026-04):
# 50 reps in all.
REPS = {
    "North": ["aaron", "abby", "ahmed", "aisha", "alex", "amara", "anders", "anya", "ben", "bruno"],
    "South": ["bianca", "carlos", "chloe", "dana", "dev", "elena", "emeka", "farah", "felix", "gita"],
    "East": ["grace", "hamid", "hana", "ivan", "jade", "jonas", "julia", "kai", "kenji", "tariq"],
    "West": ["lara", "leo", "lina", "luca", "maya", "mateo", "nadia", "nico", "noor", "olga"],
    "Central": ["paolo", "priya", "quinn", "rafael", "rosa", "sam", "sana", "tessa", "yara"],
}
SURNAMES = ["Abbott", "Banerjee", "Castro", "Dubois", "Eriksen", "Fischer", "Gallo", "Haddad", "Ito", "Jensen",
            "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quiroga", "Rossi", "Schmidt",
            "Takahashi", "Urban", "Varga", "Weber", "Xu", "Yilmaz", "Zeller", "Adeyemi", "Bauer", "Costa",
            "Demir", "Evans", "Ferreira", "Garcia", "Hoffmann", "Iqbal", "Jovanovic", "Kim", "Lopez", "Mueller",
            "Novak", "Olsen", "Park", "Reyes", "Silva", "Torres", "Ueda", "Vogel", "Walsh", "Young", "Zhou"]
JOINER = ("nora", "North", d(2026, 4, 1))
LEAVER = ("tariq", d(2026, 6, 30))        # last day; his accounts move on 2026-07-01

# Reporting changes: rep -> [(from, region), ...] after the initial one.
MOVES = {
    "ben": [(d(2025, 7, 1), "Central")],      # rebalancing: Central had lost a rep to the North pipeline
    "chloe": [(d(2026, 1, 1), "East")],       # the 2026 reorg
    "hana": [(d(2026, 1, 1), "South")],       # the 2026 reorg
    "luca": [(d(2026, 5, 18), "Central")],    # mid-quarter: a Monday in 2026-Q2
}

ACCT_PREFIX = ["ALDER", "BIRCH", "CEDAR", "DELTA", "EMBER", "FALCON", "GRANITE", "HARBOR", "IRON", "JUNIPER",
               "KEYSTONE", "LUMEN", "MAPLE", "NOVA", "ORBIT", "PIONEER", "QUARTZ", "REDWOOD", "SUMMIT", "TIDAL",
               "UNION", "VERTEX", "WILLOW", "ZENITH", "ATLAS", "BEACON", "COBALT", "DUNE"]
ACCT_SUFFIX = ["FOODS", "LOGISTICS", "HEALTH", "MOTORS", "LABS", "RETAIL", "ENERGY", "SYSTEMS", "MEDIA",
               "BANK", "CLINICS", "STEEL", "PHARMA", "TELECOM", "TEXTILES"]
PRODUCTS = ["hardware", "services", "software"]


def quarter_start(y: int, q: int) -> dt.date:
    return d(y, 3 * q - 2, 1)


def quarter_end(y: int, q: int) -> dt.date:
    return d(y, 3 * q, calendar.monthrange(y, 3 * q)[1])


def weekdays(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out, day = [], lo
    while day <= hi:
        if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def cents(x: float) -> Decimal:
    return Decimal(int(round(x * 100))) / 100


def main() -> None:
    rng = random.Random(SEED)

    # --- people ---------------------------------------------------------------
    names = iter(rng.sample(SURNAMES, len(SURNAMES)))
    reps = {}   # id -> dict(name, lines=[(from, manager)], perf)
    for region, ids in REPS.items():
        for rid in ids:
            perf = rng.choice([rng.uniform(0.65, 0.85), rng.uniform(0.85, 1.15), rng.uniform(0.85, 1.15),
                               rng.uniform(0.9, 1.2), rng.uniform(1.2, 1.6)])
            lines = [(d(rng.randint(2019, 2024), rng.choice([1, 4, 7, 10]), 1), MANAGER_OF[region])]
            for start, to in MOVES.get(rid, []):
                lines.append((start, MANAGER_OF[to]))
            reps[rid] = {"name": f"{rid.capitalize()} {next(names)}", "lines": lines, "perf": perf}
    jid, jregion, jstart = JOINER
    reps[jid] = {"name": f"Nora {next(names)}", "lines": [(jstart, MANAGER_OF[jregion])], "perf": 1.05}
    # Two stars, fixed so the story's top tier is used every year.
    reps["yara"]["perf"] = 1.55
    reps["dev"]["perf"] = 1.45

    def manager_on(rid: str, day: dt.date) -> str | None:
        who = None
        for start, m in reps[rid]["lines"]:
            if start <= day:
                who = m
        return who

    region_of_manager = {mid: region for mid, _, region in MANAGERS}

    # --- accounts -----------------------------------------------------------------
    pool = [f"{p}-{s}" for p in ACCT_PREFIX for s in ACCT_SUFFIX]
    rng.shuffle(pool)
    pool = iter(pool)
    accounts = {}   # id -> dict(owners=[(from, owner, note)], potential, size)
    for rid in sorted(r for r in reps if r != jid):
        territory = rng.uniform(100_000, 160_000)            # quarterly potential of the territory
        n = rng.randint(5, 7)
        weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
        weights[0] *= 2.5                                     # one key account per rep
        total = sum(weights)
        for k, w in enumerate(weights):
            aid = next(pool)
            since = d(rng.randint(2018, 2024), rng.randint(1, 12), 1)
            accounts[aid] = {"owners": [(since, rid, None)], "potential": territory * w / total,
                             "size": rng.uniform(20_000, 40_000) if k == 0 else rng.uniform(4_000, 16_000),
                             "new": None}

    def owned_by(rid: str, day: dt.date) -> list[str]:
        return sorted(a for a in accounts if owner_on(a, day) == rid)

    def owner_on(aid: str, day: dt.date) -> str | None:
        who = None
        for start, o, _ in accounts[aid]["owners"]:
            if start <= day:
                who = o
        return who

    # tariq leaves: his accounts go to hamid and jade on 2026-07-01.
    lid, last_day = LEAVER
    heirs = ["hamid", "jade"]
    for k, aid in enumerate(owned_by(lid, last_day)):
        accounts[aid]["owners"].append((last_day + dt.timedelta(days=1), heirs[k % 2], "tariq left"))
    # nora joins North on 2026-04-01: one account each from three North
    # colleagues (not their key accounts), and three brand-new accounts.
    for donor in ("abby", "alex", "anders"):
        mine = owned_by(donor, jstart)
        small = min(mine, key=lambda a: accounts[a]["potential"])
        accounts[small]["owners"].append((jstart, jid, f"carved out of {donor}'{'' if donor.endswith('s') else 's'} territory"))
    for _ in range(3):
        aid = next(pool)
        accounts[aid] = {"owners": [(jstart, jid, "new logo")], "potential": rng.uniform(12_000, 22_000),
                         "size": rng.uniform(4_000, 12_000), "new": jstart}
    # 2025 territory tidy-up: two accounts swap owners inside South on 2025-10-01.
    a1 = sorted(owned_by("elena", d(2025, 9, 30)), key=lambda a: accounts[a]["potential"])[0]
    a2 = sorted(owned_by("felix", d(2025, 9, 30)), key=lambda a: accounts[a]["potential"])[0]
    accounts[a1]["owners"].append((d(2025, 10, 1), "felix", "South territory tidy-up"))
    accounts[a2]["owners"].append((d(2025, 10, 1), "elena", "South territory tidy-up"))

    # 2026 growth of each account: the market of the region owning it at the
    # end of 2026, with some spread.
    end = d(2026, 12, 31)
    for aid, a in accounts.items():
        region = region_of_manager[manager_on(owner_on(aid, end), end)]
        a["growth"] = MARKET_2026[region] * rng.uniform(0.9, 1.1)

    # --- quotas ---------------------------------------------------------------------
    quotas = {}   # (rid, label) -> int
    for rid in reps:
        for y in YEARS:
            for q in (1, 2, 3, 4):
                mid = quarter_start(y, q) + dt.timedelta(days=45)
                if rid == lid and mid > last_day:
                    continue
                if manager_on(rid, mid) is None:
                    continue
                pot = sum(accounts[a]["potential"] for a in owned_by(rid, mid)) * SEASON[q]
                if y == 2026:
                    pot *= QUOTA_UPLIFT_2026
                if rid == jid:     # ramp: half the territory's quota in the first quarter
                    pot *= {2: 0.5, 3: 0.8, 4: 1.0}[q]
                quotas[(rid, f"{y}-Q{q}")] = max(1000, int(round(pot / 1000)) * 1000)

    # --- orders -----------------------------------------------------------------------
    rows = []
    for aid in sorted(accounts):
        a = accounts[aid]
        mix = rng.sample(PRODUCTS, 3)
        for y in YEARS:
            for q in (1, 2, 3, 4):
                lo, hi = quarter_start(y, q), quarter_end(y, q)
                if a["new"] and a["new"] > lo:
                    continue
                mid = lo + dt.timedelta(days=45)
                owner = owner_on(aid, mid)
                if owner is None:
                    continue
                vol = a["potential"] * SEASON[q] * reps[owner]["perf"] * rng.lognormvariate(0, 0.25)
                if y == 2026:
                    vol *= a["growth"]
                n = max(1, round(vol / a["size"] * rng.uniform(0.8, 1.2)))
                parts = [rng.uniform(0.5, 1.5) for _ in range(n)]
                days = weekdays(lo, hi)
                for p in parts:
                    amount = cents(vol * p / sum(parts))
                    if rng.random() < 0.2:   # round figures, as real deals often are
                        amount = Decimal(int(amount) // 50 * 50)
                    rows.append({"date": rng.choice(days), "account": aid, "amount": amount,
                                 "product": rng.choices(mix, weights=[6, 3, 1])[0], "refund_of": None})
    # The platform deal.
    big = max(owned_by("yara", d(2026, 11, 20)), key=lambda a: accounts[a]["potential"])   # her key account
    rows.append({"date": d(2026, 11, 20), "account": big, "amount": Decimal("185000.00"), "product": "software",
                 "refund_of": None})

    # Returns (about 2.5%) and credit notes.
    originals = sorted(rows, key=lambda r: (r["date"], r["account"], r["amount"]))
    for r in originals:
        if rng.random() >= 0.025:
            continue
        when = r["date"] + dt.timedelta(days=rng.randint(7, 70))
        while when.weekday() >= 5:
            when += dt.timedelta(days=1)
        if when.year != r["date"].year:
            continue
        if rng.random() < 0.4:
            amount = -r["amount"]
        else:
            amount = -cents(float(r["amount"]) * rng.choice([0.1, 0.2, 0.25, 0.3, 0.5]))
        rows.append({"date": when, "account": r["account"], "amount": amount, "product": r["product"],
                     "refund_of": r})
    for day in (d(2025, 3, 14), d(2025, 9, 8), d(2026, 2, 11), d(2026, 8, 24)):
        aid = rng.choice(sorted(a for a in accounts if owner_on(a, day)))
        rows.append({"date": day, "account": aid, "amount": -Decimal(rng.choice([750, 1250, 2000, 3400])),
                     "product": "services", "refund_of": None, "credit_note": True})

    # ids in date order (a return always comes after its original)
    rows.sort(key=lambda r: (r["date"], r["account"], r["amount"]))
    for k, r in enumerate(rows):
        r["order_id"] = f"SO-{100001 + k}"
    with open(ORDERS, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["order_id", "date", "account", "amount", "currency", "closed_by", "refund_of", "product"])
        for r in rows:
            closed = "" if r.get("credit_note") else owner_on(r["account"], r["date"])
            w.writerow([r["order_id"], r["date"].isoformat(), r["account"], f"{r['amount']:.2f}", "USD", closed,
                        r["refund_of"]["order_id"] if r["refund_of"] else "", r["product"]])

    write_org(reps, accounts, quotas, region_of_manager)
    n_ret = sum(1 for r in rows if r["refund_of"])
    print(f"wrote {ORDERS}: {len(rows)} rows ({n_ret} returns with refund_of)")
    print(f"wrote {ORG}: {len(MANAGERS)} managers, {len(reps)} reps, {len(accounts)} accounts, {len(quotas)} quotas")


def write_org(reps, accounts, quotas, region_of_manager) -> None:
    out = []
    w = out.append
    w("# The org behind the plan-change example (see README.md beside this file).")
    w("# Made by generate_orders.py beside it (fixed seed): edit the script, not this file.")
    w("# Contract: shared spec section 3 (org).")
    w("#")
    w("# Five regional managers; ten reps each at the start of 2025, nine in")
    w("# Central; 50 reps in all. Reporting changes over the two years:")
    w("#   ben ..... North -> Central on 2025-07-01 (rebalancing)")
    w("#   chloe ... South -> East    on 2026-01-01 (the 2026 reorg)")
    w("#   hana .... East  -> South   on 2026-01-01 (the 2026 reorg)")
    w("#   luca .... West  -> Central on 2026-05-18 (mid-quarter, a Monday)")
    w("#   tariq ... East, leaves after 2026-06-30: his accounts go to hamid and jade")
    w("#   nora .... joins North on 2026-04-01: three accounts carved out of")
    w("#             abby's, alex's and anders' territories, three new logos")
    w("# A rep's accounts go with them when they change teams: they enter the")
    w("# new manager's team growth (measured on the accounts the team owns at")
    w("# the quarter's end) in both the quarter and its baseline, so a move")
    w("# creates no growth by itself.")
    w("")
    w("people:")
    for mid, name, region in MANAGERS:
        w(f"  # --- {region}: {name.split()[0]}'s region " + "-" * (50 - len(region) - len(name.split()[0])))
        if mid == MANAGERS[0][0]:
            w("  # Managers carry no quota of their own (their quota would be the")
            w("  # roll-up of their team's, spec 3); they own no accounts.")
        w(f"  - {{id: {mid}, name: {name}, role: manager}}")
        for rid in sorted(reps, key=lambda r: (reps[r]["lines"][0][0] > d(2025, 1, 1), r)):
            if reps[rid]["lines"][0][1] != mid:
                continue
            lines = reps[rid]["lines"]
            if len(lines) == 1 and rid != JOINER[0]:
                w(f"  - {{id: {rid}, name: {reps[rid]['name']}, role: rep, reports_to: {mid}}}")
                continue
            if rid == JOINER[0]:
                w(f"  # nora joins on {JOINER[2].isoformat()}: before that she reports to no one.")
            else:
                moved = ", ".join(f"to {m} ({region_of_manager[m]}) on {s.isoformat()}" for s, m in lines[1:])
                w(f"  # {rid} moves {moved}; the accounts go along.")
            w(f"  - id: {rid}")
            w(f"    name: {reps[rid]['name']}")
            w("    role: rep")
            w("    reports_to:")
            for s, m in lines:
                w(f"      - {{manager: {m}, from: {s.isoformat()}}}")
        if mid == "ingrid":
            w(f"  # (tariq's last day is {LEAVER[1].isoformat()}; the org keeps him so that his")
            w("  # history is still paid and clawed back. He has no quota after 2026-Q2.)")
    w("")
    w("accounts:")
    w("  # Grouped by first owner. Plain reassignments, no transfer terms (neither")
    w("  # plan has any): from the date of an owners entry the new owner is")
    w("  # credited and paid in full.")
    by_first = {}
    for aid, a in accounts.items():
        by_first.setdefault(a["owners"][0][1], []).append(aid)
    for rid in sorted(by_first):
        w(f"  # {rid}")
        for aid in sorted(by_first[rid]):
            owners = accounts[aid]["owners"]
            notes = [n for _, _, n in owners if n]
            if notes:
                w(f"  # {aid}: {'; '.join(notes)}")
            w(f"  - id: {aid}")
            w("    owners:")
            for s, o, _ in owners:
                w(f"      - {{owner: {o}, from: {s.isoformat()}}}")
    w("")
    w("# Quarterly quotas for both years (both are paid under plan-2025; the")
    w("# proposal's tiers on attainment read the 2026 ones). A quota is the")
    w("# potential of the accounts the rep owns in the quarter, seasonal (Q4 is")
    w("# the big quarter), +6% in 2026. nora ramps: 50% in her first quarter,")
    w("# 80% in her second. tariq has none after 2026-Q2.")
    w("quotas:")
    for rid in sorted(reps):
        for (p, label), amount in sorted(quotas.items()):
            if p == rid:
                w(f"  - {{person: {rid}, period: {label}, amount: {amount}}}")
    with open(ORG, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
