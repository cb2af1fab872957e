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
- (always, whatever the golden files say) spec 6's "NEW writes the closed
  periods exactly as OLD had them (their lines.csv and statements.csv rows,
  byte for byte)": payplan's own rows of each closed period in runs 2 and 3
  are those of the run it paid from, byte for byte, and its adjustments.csv
  starts with OLD's rows in closed periods.
The first difference is printed as a unified diff (golden -> payplan); every
further differing file is named with its first differing line. Exit 1 on
any difference, 0 when all equal.

--notes-by-rules: the notes of ORDER-level lines (sections 1-5: clawbacks,
cap cuts, override levels, ...) are the reference's own texts, which the
project never requires word for word (compare_run.py, NOTE_RULES: an
override line must say `level N`; reference_full.py writes `level 1: ana`,
payplan `level 1` as the contract notes document). With this option
lines.csv is compared row by row: every column byte for byte, except the
note of a line with an order_id, which must satisfy compare_run.py's note
rules; the notes of period-level lines (the adjustment and manual lines,
whose texts section 6 fixes) stay byte for byte. statements.csv and
adjustments.csv stay byte for byte.

Usage: check_pay_history.py --payplan BIN --example DIR --golden DIR --work WORK [--notes-by-rules]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from reference_pay_history import split_records  # noqa: E402  (RFC 4180 records, raw text kept)

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


def records(data: bytes):
    return split_records(data.decode("utf-8"))


def first_diff_line(want: bytes, got: bytes) -> str:
    w, g = want.decode("utf-8", "replace").splitlines(), got.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(w, g), start=1):
        if x != y:
            return f"line {i}: golden {x!r}, payplan {y!r}"
    return f"line {min(len(w), len(g)) + 1}: golden has {len(w)} lines, payplan {len(g)}"


def lines_by_rules(want: bytes, got: bytes):
    """lines.csv compared with order-level notes by compare_run.py's rules;
    returns the first problem or None."""
    import compare_run   # noqa: only for --notes-by-rules
    w, g = records(want), records(got)
    if len(w) != len(g):
        return f"golden has {len(w) - 1} rows, payplan {len(g) - 1}"
    for i, ((wraw, wf), (graw, gf)) in enumerate(zip(w, g), start=1):
        if wraw == graw:
            continue
        if i == 1 or len(wf) != 13 or len(gf) != 13 or wf[:12] != gf[:12] or not wf[3]:
            return f"line {i}: golden {wraw!r}, payplan {graw!r}"
        problem = compare_run.note_problem(gf[12], wf[12])
        if problem:
            return f"line {i}: {problem} (golden {wraw!r}, payplan {graw!r})"
    return None


def closed_rows_kept(old_dir: str, new_dir: str, closed: list):
    """spec 6: the closed periods' rows of NEW are OLD's, byte for byte."""
    problems = []
    for f in ("lines.csv", "statements.csv"):
        old = [raw for raw, fields in records(read_bytes(os.path.join(old_dir, f)))[1:] if fields[0] in closed]
        new = [raw for raw, fields in records(read_bytes(os.path.join(new_dir, f)))[1:] if fields[0] in closed]
        if old != new:
            problems.append(f"{f}: the rows of {','.join(closed)} are not OLD's byte for byte")
    old_adj = [raw for raw, fields in records(read_bytes(os.path.join(old_dir, "adjustments.csv")))[1:]
               if fields[0] in closed]
    new_adj = [raw for raw, _ in records(read_bytes(os.path.join(new_dir, "adjustments.csv")))[1:]]
    if new_adj[:len(old_adj)] != old_adj:
        problems.append("adjustments.csv does not start with OLD's rows in closed periods")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--payplan", required=True, help="the payplan executable")
    ap.add_argument("--example", required=True, help="rules-examples/pay-history")
    ap.add_argument("--golden", required=True, help="tests/golden/pay-history")
    ap.add_argument("--work", required=True, help="a scratch folder (emptied first)")
    ap.add_argument("--notes-by-rules", action="store_true",
                    help="order-level notes of lines.csv by compare_run.py's note rules, not byte for byte")
    a = ap.parse_args(argv)
    payplan = os.path.abspath(a.payplan)
    example = os.path.abspath(a.example)
    golden = os.path.abspath(a.golden)
    work = os.path.abspath(a.work)
    if os.path.isdir(work):
        shutil.rmtree(work)
    os.makedirs(work)

    failures = []   # (run, message, unified diff or None)
    prev_out = None
    for key, out_name, args, want_periods, want_ct in RUNS:
        out = os.path.join(work, out_name)
        cmd = [payplan, "run", "--plan", "plan.yaml"] + [x.format(work=work) for x in args] + ["--out", out]
        p = subprocess.run(cmd, cwd=example, capture_output=True, text=True)
        shown = "payplan " + " ".join(cmd[1:])
        count = len(failures)
        if p.returncode != 0:
            failures.append((key, f"`{shown}` exited {p.returncode}\n{p.stdout}{p.stderr}", None))
            print(f"{key}: `{shown}` -> exit {p.returncode}")
            break   # the later runs pay from this one
        for f in FILES:
            got_path, want_path = os.path.join(out, f), os.path.join(golden, f"{key}.{f}")
            if not os.path.exists(got_path):
                failures.append((key, f"payplan wrote no {f}", None))
                continue
            got, want = read_bytes(got_path), read_bytes(want_path)
            if got == want:
                continue
            if f == "lines.csv" and a.notes_by_rules:
                problem = lines_by_rules(want, got)
                if problem is None:
                    continue
                where = problem
            else:
                where = first_diff_line(want, got)
            diff = "".join(difflib.unified_diff(want.decode("utf-8", "replace").splitlines(True),
                                                got.decode("utf-8", "replace").splitlines(True),
                                                fromfile=f"golden/{key}.{f}", tofile=f"payplan/{out_name}/{f}"))
            failures.append((key, f"{out_name}/{f} differs from the golden {key}.{f}: {where}", diff))
        mpath = os.path.join(out, "manifest.json")
        if not os.path.exists(mpath):
            failures.append((key, "payplan wrote no manifest.json", None))
        else:
            with open(mpath, encoding="utf-8") as fh:
                m = json.load(fh)
            if m.get("periods") != want_periods:
                failures.append((key, f"manifest.json periods {m.get('periods')!r}, expected {want_periods!r}", None))
            if "closed_through" not in m or m["closed_through"] != want_ct:
                failures.append((key, f"manifest.json closed_through {m.get('closed_through', '(missing)')!r}, "
                                      f"expected {want_ct!r}", None))
        if prev_out is not None and want_ct is not None:
            closed = [x for x in want_periods if x <= want_ct]
            for problem in closed_rows_kept(prev_out, out, closed):
                failures.append((key, f"{out_name}/{problem} (spec 6)", None))
        prev_out = out
        print(f"{key}: `{shown}` -> {'differs' if len(failures) > count else 'ok'}")

    shown_diff = False
    for key, msg, diff in failures:
        print(f"{key}: {msg}", file=sys.stderr)
        if diff and not shown_diff:   # the unified diff of the first difference
            print(diff, file=sys.stderr, end="")
            shown_diff = True
    if failures:
        print(f"{len(failures)} difference(s)", file=sys.stderr)
        return 1
    how = " (order-level notes by compare_run.py's rules)" if a.notes_by_rules else ""
    print(f"payplan's pay history equals the reference byte for byte{how}: 3 runs, manifests as expected, "
          "closed rows kept")
    return 0


if __name__ == "__main__":
    sys.exit(main())
