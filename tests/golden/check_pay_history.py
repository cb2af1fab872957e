#!/usr/bin/env python3
"""`payplan run --paid` (spec 6, the pay history) on rules-examples/pay-history against the reference.

The golden files tests/golden/pay-history/qN.{lines,statements,adjustments}.csv
are written by reference_pay_history.py --example (section 6 implemented from
the contract's text on top of reference_full.py's recomputation, without the
C++ engine). This script runs the example's three runs with payplan, in WORK
(WORK/Q1, WORK/Q2, WORK/Q3, each run paying from the previous one):

    run 1: payplan run --plan plan.yaml --org org-q1.yaml --orders orders-q1.csv
               --to 2026-Q1 --out Q1
    run 2: payplan run --plan plan.yaml --org org.yaml --orders orders-q2.csv
               --to 2026-Q2 --paid Q1 --closed-through 2026-Q1
               --adjustments adjustments.csv --out Q2
    run 3: payplan run --plan plan.yaml --org org.yaml --orders orders-q3.csv
               --to 2026-Q3 --paid Q2 --closed-through 2026-Q2 --out Q3

and checks, run by run:
- the run exits 0;
- lines.csv, statements.csv and adjustments.csv equal the golden
  qN.lines.csv, qN.statements.csv, qN.adjustments.csv byte for byte;
- manifest.json exists, its "periods" are ["2026-Q1"], ["2026-Q1",
  "2026-Q2"], ["2026-Q1", "2026-Q2", "2026-Q3"] and its "closed_through"
  null, "2026-Q1", "2026-Q2".
Every difference is reported (a unified diff of the first differing file of
each run, the first difference printed first); exit 1 on any, 0 when all
equal.

Usage: check_pay_history.py --payplan BIN --example DIR --golden DIR --work WORK
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys

RUNS = [
    ("q1", "Q1", ["--org", "org-q1.yaml", "--orders", "orders-q1.csv", "--to", "2026-Q1"],
     ["2026-Q1"], None),
    ("q2", "Q2", ["--org", "org.yaml", "--orders", "orders-q2.csv", "--to", "2026-Q2", "--paid", "{work}/Q1",
                  "--closed-through", "2026-Q1", "--adjustments", "adjustments.csv"],
     ["2026-Q1", "2026-Q2"], "2026-Q1"),
    ("q3", "Q3", ["--org", "org.yaml", "--orders", "orders-q3.csv", "--to", "2026-Q3", "--paid", "{work}/Q2",
                  "--closed-through", "2026-Q2"],
     ["2026-Q1", "2026-Q2", "2026-Q3"], "2026-Q2"),
]
FILES = ("lines.csv", "statements.csv", "adjustments.csv")


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--payplan", required=True, help="the payplan executable")
    ap.add_argument("--example", required=True, help="rules-examples/pay-history")
    ap.add_argument("--golden", required=True, help="tests/golden/pay-history")
    ap.add_argument("--work", required=True, help="a scratch folder (emptied first)")
    a = ap.parse_args(argv)
    payplan = os.path.abspath(a.payplan)
    example = os.path.abspath(a.example)
    golden = os.path.abspath(a.golden)
    work = os.path.abspath(a.work)
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)

    failures = []
    for key, out_name, args, want_periods, want_ct in RUNS:
        out = os.path.join(work, out_name)
        cmd = [payplan, "run", "--plan", "plan.yaml"] + [x.format(work=work) for x in args] + ["--out", out]
        p = subprocess.run(cmd, cwd=example, capture_output=True, text=True)
        shown = "payplan " + " ".join(cmd[1:])
        if p.returncode != 0:
            failures.append(f"{key}: `{shown}` exited {p.returncode}\n{p.stdout}{p.stderr}")
            break   # the later runs pay from this one
        diffed = False
        for f in FILES:
            got_path, want_path = os.path.join(out, f), os.path.join(golden, f"{key}.{f}")
            if not os.path.exists(got_path):
                failures.append(f"{key}: payplan wrote no {f}")
                continue
            got, want = read_bytes(got_path), read_bytes(want_path)
            if got == want:
                continue
            msg = f"{key}: {out_name}/{f} differs from the golden {key}.{f}"
            if not diffed:   # the unified diff of the run's first differing file
                diff = difflib.unified_diff(want.decode("utf-8", "replace").splitlines(True),
                                            got.decode("utf-8", "replace").splitlines(True),
                                            fromfile=f"golden/{key}.{f}", tofile=f"payplan/{out_name}/{f}")
                msg += "\n" + "".join(diff)
                diffed = True
            failures.append(msg)
        mpath = os.path.join(out, "manifest.json")
        if not os.path.exists(mpath):
            failures.append(f"{key}: payplan wrote no manifest.json")
        else:
            with open(mpath, encoding="utf-8") as fh:
                m = json.load(fh)
            if m.get("periods") != want_periods:
                failures.append(f"{key}: manifest.json periods {m.get('periods')!r}, expected {want_periods!r}")
            if "closed_through" not in m or m["closed_through"] != want_ct:
                failures.append(f"{key}: manifest.json closed_through {m.get('closed_through', '(missing)')!r}, "
                                f"expected {want_ct!r}")
        print(f"{key}: `{shown}` -> {'differs' if any(x.startswith(key + ':') for x in failures) else 'ok'}")

    for msg in failures:
        print(msg if msg.endswith("\n") else msg + "\n", file=sys.stderr, end="")
    if failures:
        print(f"{len(failures)} difference(s)", file=sys.stderr)
        return 1
    print("payplan's pay history equals the reference byte for byte (3 runs, manifests as expected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
