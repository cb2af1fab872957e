#!/usr/bin/env python3
"""The account-handover golden table: each transfer policy through the
independent reference of the contract, reference_full.py.

rules-examples/account-handover has one org, one ledger, and one plan file
per handover policy. Plans and org come from a JSON mirror of the YAML files
(tests/golden/account-handover.json: `org`, and `plans` keyed by policy =
plan file stem without `plan-`); reference_full.py (standard library only,
written from the contract without the C++ engine) computes each policy.

Usage:
    python3 tests/golden/reference_transfers.py
        writes tests/golden/account-handover.expected.csv
    python3 tests/golden/reference_transfers.py --out FILE
        writes the same table elsewhere (to compare with the checked-in one)
    python3 tests/golden/reference_transfers.py --statements-dir DIR
        also writes DIR/<policy>/statements.csv in the contract's format
        (period,payee,component,amount; every paid period with a line), to
        compare byte for byte with `payplan run --out DIR/<policy>`
    python3 tests/golden/reference_transfers.py --lines-dir DIR
        also writes DIR/<policy>.lines.csv and DIR/<policy>.exceptions.csv
        in the contract's lines.csv and exceptions.csv formats (the golden
        files in tests/golden/account-handover/; compare_run.py compares
        `payplan run` with them)

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

# The arithmetic is reference_full.py's (one independent reference of the
# contract for every example); this script runs it once per transfer policy
# and writes the policy table the account-handover README shows.

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_full as rf  # noqa: E402

EXAMPLE_DIR = os.path.join(HERE, "..", "..", "rules-examples", "account-handover")
DEFAULT_MODEL = os.path.join(HERE, "account-handover.json")
DEFAULT_OUT = os.path.join(HERE, "account-handover.expected.csv")
PAYEES = ("maria", "raj")
YEAR = "2026"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=DEFAULT_MODEL, help="JSON mirror of org.yaml + plan-*.yaml")
    ap.add_argument("--orders", default=os.path.join(EXAMPLE_DIR, "orders.csv"))
    ap.add_argument("--out", default=DEFAULT_OUT, help="the expected table to write")
    ap.add_argument("--statements-dir", help="also write DIR/<policy>/statements.csv")
    ap.add_argument("--lines-dir", help="also write DIR/<policy>.lines.csv and DIR/<policy>.exceptions.csv")
    args = ap.parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f, parse_float=str)  # numbers never go through float
    org = rf.Org(model["org"])
    rows = []
    for policy in sorted(model["plans"]):
        plan = model["plans"][policy]
        orders = rf.load_orders(args.orders, plan.get("currency", "USD"))
        lines, statements, exceptions, _info, _paid = rf.run(plan, org, orders)
        if args.lines_dir:
            rf.write_lines(os.path.join(args.lines_dir, f"{policy}.lines.csv"), lines)
            rf.write_exceptions(os.path.join(args.lines_dir, f"{policy}.exceptions.csv"), exceptions)
        if args.statements_dir:
            rf.write_statements(os.path.join(args.statements_dir, policy, "statements.csv"), statements)
        per = defaultdict(Fraction)
        for (period, payee, _component), amount in statements.items():
            per[period, payee] += amount
        for q in range(1, 5):
            period = f"{YEAR}-Q{q}"
            for payee in PAYEES:
                rows.append((policy, period, payee, rf.fmt_money(per[period, payee])))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["policy", "period", "payee", "amount"])
        w.writerows(sorted(rows))
    print(f"{len(rows)} rows for {len(model['plans'])} policies -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
