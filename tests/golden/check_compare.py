#!/usr/bin/env python3
"""`payplan compare` on rules-examples/plan-change against the reference.

The golden statements plan-change-2025.statements.csv and
plan-change-2026-proposal.statements.csv are written by reference_full.py
(the contract implemented without the C++ engine) from plan-change.json, a
JSON mirror of the example's YAML. This script runs the README's command

    payplan compare --plan plan-2025.yaml --plan plan-2026-proposal.yaml
                    --org org.yaml --orders orders.csv --out DIR
                    --from 2026-01-01 --to 2026-12-31

and checks:
- compare.csv has one row per (period, payee, component) that either plan's
  reference statements have in 2026, and no other; amount_a and amount_b
  are the reference's amounts for plan A and plan B (0.00 where that plan
  has no such row), delta = amount_b - amount_a;
- the README's printed summary (total cost, credited revenue, each quarter,
  the top 10 gainers and losers with their totals) and its figures in
  "What it says" (the commission's fall, the team-growth cost, how many
  payees lose, how many reps gain) are the reference's.
The first difference of each check is printed; exit 1 on any.

Usage: check_compare.py --payplan EXE --work DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_full as rf  # noqa: E402

EXAMPLE = os.path.join(HERE, "..", "..", "rules-examples", "plan-change")
YEAR = "2026"


def statements(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {(r["period"], r["payee"], r["component"]): Decimal(r["amount"])
                for r in csv.DictReader(f) if r["period"].startswith(YEAR)}


def money(x: Decimal) -> str:
    return f"{x:.2f}"


def shown(x: Decimal) -> str:
    """As the printed summary shows an amount: thousands separators (the CSV files have none)."""
    return f"{x:,.2f}"


def load_org():
    with open(os.path.join(HERE, "plan-change.json"), encoding="utf-8") as f:
        return rf.Org(json.load(f, parse_float=str)["org"])


def credited_revenue(org) -> Decimal:
    """Credited sales of the year: orders dated in it with an owner (spec 3)."""
    total = Decimal(0)
    for o in rf.load_orders(os.path.join(EXAMPLE, "orders.csv"), "USD"):
        if o["date"].year == int(YEAR) and org.owner_on(o["account"], o["date"]) is not None:
            total += Decimal(o["amount"].numerator) / Decimal(o["amount"].denominator)
    return total


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--payplan", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args(argv)
    a = statements(os.path.join(HERE, "plan-change-2025.statements.csv"))
    b = statements(os.path.join(HERE, "plan-change-2026-proposal.statements.csv"))

    shutil.rmtree(args.work, ignore_errors=True)
    out = os.path.join(args.work, "out")
    cmd = [args.payplan, "compare", "--plan", os.path.join(EXAMPLE, "plan-2025.yaml"),
           "--plan", os.path.join(EXAMPLE, "plan-2026-proposal.yaml"), "--org", os.path.join(EXAMPLE, "org.yaml"),
           "--orders", os.path.join(EXAMPLE, "orders.csv"), "--out", out, "--from", "2026-01-01", "--to", "2026-12-31"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"payplan compare failed ({p.returncode}):\n{p.stdout}{p.stderr}")
        return 1
    failures = []

    # compare.csv against the reference, row by row.
    with open(os.path.join(out, "compare.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    got = {(r["period"], r["payee"], r["component"]): r for r in rows}
    keys = set(a) | set(b)
    if len(got) != len(rows):
        failures.append("compare.csv has a (period, payee, component) twice")
    for k in sorted(keys - set(got))[:1]:
        failures.append(f"compare.csv lacks {k} (reference: A {a.get(k)}, B {b.get(k)})")
    for k in sorted(set(got) - keys)[:1]:
        failures.append(f"compare.csv has {k}, which neither reference statement has: {got[k]}")
    first = None
    for k in sorted(keys & set(got)):
        r = got[k]
        want = (money(a.get(k, Decimal(0))), money(b.get(k, Decimal(0))),
                money(b.get(k, Decimal(0)) - a.get(k, Decimal(0))))
        if (r["amount_a"], r["amount_b"], r["delta"]) != want and first is None:
            first = (f"compare.csv {','.join(k)}: payplan amount_a {r['amount_a']}, amount_b {r['amount_b']}, "
                     f"delta {r['delta']}; reference {want[0]}, {want[1]}, {want[2]}")
    if first:
        failures.append(first)

    # The README's figures, from the reference.
    with open(os.path.join(EXAMPLE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    total_a, total_b = sum(a.values(), Decimal(0)), sum(b.values(), Decimal(0))
    org = load_org()
    revenue = credited_revenue(org)
    per = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for k, v in a.items():
        per[k[1]][0] += v
    for k, v in b.items():
        per[k[1]][1] += v
    expected_lines = [
        ("total cost", shown(total_a), shown(total_b), shown(total_b - total_a)),
        ("credited revenue", shown(revenue), shown(revenue), "0.00"),
    ]
    for q in range(1, 5):
        label = f"{YEAR}-Q{q}"
        qa = sum((v for k, v in a.items() if k[0] == label), Decimal(0))
        qb = sum((v for k, v in b.items() if k[0] == label), Decimal(0))
        expected_lines.append((label, shown(qa), shown(qb), shown(qb - qa)))
    by_delta = sorted(per, key=lambda p: (per[p][1] - per[p][0], p))
    gainers = [p for p in reversed(by_delta) if per[p][1] > per[p][0]][:10]
    losers = [p for p in by_delta if per[p][1] < per[p][0]][:10]
    for p in gainers + losers:
        expected_lines.append((p, shown(per[p][0]), shown(per[p][1]), shown(per[p][1] - per[p][0])))
    for who, *figures in expected_lines:
        line = re.compile(r"^\s*" + re.escape(who) + r"\s+" + r"\s+".join(map(re.escape, figures)) + r"\s*$", re.M)
        if not line.search(readme):
            failures.append(f"README: no line '{who}  {'  '.join(figures)}' (the reference's figures)")
    for title, names in (("top 10 gainers under B", gainers), ("top 10 losers under B", losers)):
        block = readme.split(title + "\n", 1)[1].split("\n\n", 1)[0]
        listed = [line.split()[0] for line in block.splitlines()]
        if listed != names:
            failures.append(f"README {title}: {listed}, the reference's order is {names}")
    cost_pct = lambda t: f"{(t / revenue * 100).quantize(Decimal('0.0001'))}%"  # noqa: E731
    if not re.search(r"cost / revenue\s+" + re.escape(cost_pct(total_a)) + r"\s+" + re.escape(cost_pct(total_b)), readme):
        failures.append(f"README: cost / revenue is not {cost_pct(total_a)} and {cost_pct(total_b)}")

    comp = lambda d, c: sum((v for k, v in d.items() if k[2] == c), Decimal(0))  # noqa: E731
    prose = {
        "the total saving": f"would have cost {shown(total_a - total_b)} less",
        "the commission's fall": f"`commission` falls by {shown(comp(a, 'commission') - comp(b, 'commission'))}",
        "the team-growth cost": f"`team-growth` pays {shown(comp(b, 'team-growth'))}",
        "how many lose": f"{sum(1 for p in per if per[p][1] < per[p][0])} of the {len(per)} payees lose",
        "how many reps gain": "Only " + ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                         "ten"][sum(1 for p in per if per[p][1] > per[p][0] and org.role[p] == "rep")]
                              + " reps gain",
    }
    if comp(a, "override") != comp(b, "override"):
        failures.append("the README says the override is unchanged; the reference's differs")
    for what, text in prose.items():
        if " ".join(text.split()) not in " ".join(readme.split()):
            failures.append(f"README, {what}: expected the words {text!r}")
    for f in failures:
        print("MISMATCH", f)
    print(f"plan-change compare: {len(rows)} rows, A {money(total_a)}, B {money(total_b)}: "
          f"{'FAILED' if failures else 'equal to the reference'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
