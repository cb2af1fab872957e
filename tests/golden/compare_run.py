#!/usr/bin/env python3
"""Compare `payplan run` with the independent reference, line by line.

The golden files next to this script are written by reference_full.py (or
reference_transfers.py), which implements the contract without the C++
engine. This script runs payplan on an example and checks:

- statements.csv (when --statements is given): byte for byte;
- lines.csv: the same rows in the same order (spec 5: period, payee,
  component, date, order_id), and in every row every column exactly
  (period, payee, component, order_id, account, date, amount_in, credit,
  gross, eligible, share, amount; `credit` is spec 3.1's receiver share,
  empty on period-level lines). The note is compared by what the contract fixes:
  payplan's note is non-empty exactly when the reference's is, and it holds
  the fixed phrases and key figures the reference's note names (see
  NOTE_RULES: the clawed-back order id, the cap and what it cut, the term
  that applied, "no quota for PERIOD", ...). The reference's note texts are
  its own; they are never required word for word beyond those fragments;
- exceptions.csv: the sorted (kind, order_id) pairs exactly; every detail
  non-empty.

A mismatch prints the first differing row of each kind of check and exits 1.

Known disagreements between payplan and the reference that are not yet
settled are listed in known_differences.csv (example, row key, column, both
values, the contract's sentence); such a cell is reported, not failed, and a
listed difference that no longer occurs fails (so the list cannot go stale).

Usage:
    compare_run.py --payplan EXE --example NAME --plan P --org O --orders CSV
                   --lines GOLDEN --exceptions GOLDEN [--statements GOLDEN]
                   --work DIR [-- extra payplan run arguments]
        (deal-level credits, spec 3.1, go after the `--`:
         `-- --credits rules-examples/account-team/credits.csv`)
    compare_run.py --self-test GOLDEN_LINES GOLDEN_EXCEPTIONS
        checks that the comparison fails on a changed amount, gross,
        eligible, share, credit (and a credit on a period-level line), date,
        amount_in, a missing or extra row, an emptied note, a note without
        its key figure, and a changed exception (and passes on the golden
        files themselves)
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["period", "payee", "component", "order_id", "account", "date", "amount_in", "credit", "gross",
           "eligible", "share", "amount", "note"]
NOTE = COLUMNS.index("note")
KNOWN = os.path.join(HERE, "known_differences.csv")


def read_csv(path_or_text, is_text=False):
    f = io.StringIO(path_or_text) if is_text else open(path_or_text, newline="", encoding="utf-8")
    with f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


# --- notes ---------------------------------------------------------------------------
# Each rule matches a part of the REFERENCE's note and names what payplan's note
# must contain for it: fixed phrases of the contract (spec 4.2, contract notes)
# verbatim, and the figures a note must show (the order clawed back, the cap and
# the amount cut, current/baseline/growth of a team_growth line, ...). A part of
# a reference note that no rule matches is an error here: every note is checked.
FIG = r"-?\d+(?:\.\d+)?"


def _whole(m):
    return [("phrase", m.group(0))]


NOTE_RULES = [
    # spec 4.1: a clawback reverses the original: the note names it and the amount returned.
    (re.compile(rf"clawback of (\S+): ({FIG}) of ({FIG}) returned"),
     lambda m: [("text", m.group(1)), ("figure", m.group(2))]),
    # contract notes (cap v2): a clawback of a cut line says what the original paid.
    (re.compile(rf"the original paid {FIG} after the cap"), _whole),
    # spec 4.1: "A cut line's note says how much was cut".
    (re.compile(rf"cap ({FIG}): cut ({FIG})"),
     lambda m: [("text", "cap"), ("figure", m.group(1)), ("figure", m.group(2))]),
    # spec 4.2's fixed texts.
    (re.compile(r"in transfer delay until \d{4}-\d{2}-\d{2}"), _whole),
    (re.compile(r"not closed by new owner"), _whole),
    # contract notes: `threshold T: E of A eligible`, `ramp P (month N)`,
    # `ramp P over account sales FROM to TO since transfer` (P exact when the
    # reference's share has at most 4 decimals in %, marked ~ otherwise).
    (re.compile(rf"threshold {FIG}: {FIG} of {FIG} eligible"), _whole),
    (re.compile(r"ramp (~?)(\S+%) (\(month \d+\))"),
     lambda m: [("phrase", m.group(0))] if not m.group(1) else [("text", "ramp"), ("phrase", m.group(3))]),
    (re.compile(rf"ramp (~?)(\S+%) (over account sales {FIG} to {FIG} since transfer)"),
     lambda m: [("phrase", m.group(0))] if not m.group(1) else [("text", "ramp"), ("phrase", m.group(3))]),
    # contract notes: `no quota for PERIOD`.
    (re.compile(r"no quota for \S+"), _whole),
    # spec 4.3: the level the order rolled up from.
    (re.compile(r"level (\d+)(?:: \S+)?"), lambda m: [("phrase", f"level {m.group(1)}")]),
    (re.compile(r"own order"), lambda m: []),
    # spec 4.4: "one line per (M, P) whose note shows current, baseline and growth".
    (re.compile(rf"current ({FIG}), baseline ({FIG}) \(\S+\), growth ({FIG})(?: \(~?{FIG}%\))?"
                r"(?: at ~?\S+%| marginal)?"),
     lambda m: [("figure", m.group(1)), ("figure", m.group(2)), ("figure", m.group(3))]),
    # spec 4.5: the number of qualifying reports.
    (re.compile(r"(\d+) direct reports? at or above \S+%"), lambda m: [("figure", m.group(1))]),
    # spec 4.6: the place(s) and the metric.
    (re.compile(rf"place (\d+): (?:sales|new_accounts) ({FIG})"),
     lambda m: [("phrase", f"place {m.group(1)}"), ("figure", m.group(2))]),
    (re.compile(rf"places (\d+-\d+) shared by \d+: (?:sales|new_accounts) ({FIG})"),
     lambda m: [("phrase", f"places {m.group(1)}"), ("figure", m.group(2))]),
    # spec 4.7: the account's sales in the period.
    (re.compile(rf"sales ({FIG})"), lambda m: [("figure", m.group(1))]),
]


def note_requirements(note: str):
    """What payplan's note must contain for this reference note; raises on a
    part no rule covers."""
    need, covered = [], [False] * len(note)
    for rx, make in NOTE_RULES:
        for m in rx.finditer(note):
            if any(covered[m.start():m.end()]):
                continue
            covered[m.start():m.end()] = [True] * (m.end() - m.start())
            need += make(m)
    rest = "".join(ch for ch, c in zip(note, covered) if not c)
    if re.sub(r"[\s;:,()]", "", rest):
        raise ValueError(f"no note rule covers {rest.strip()!r} in the reference's note {note!r}")
    return need


def holds(note: str, kind: str, value: str) -> bool:
    if kind == "figure":   # the number itself, not a longer one containing it
        return re.search(rf"(?<![\d.]){re.escape(value)}(?!\d|\.\d)", note) is not None
    return value in note


def note_problem(engine_note: str, ref_note: str):
    if bool(engine_note) != bool(ref_note):
        return ("payplan's note is empty but the reference's is not" if ref_note
                else "payplan's note is not empty but the reference's is")
    missing = [v for k, v in note_requirements(ref_note) if not holds(engine_note, k, v)]
    return f"payplan's note lacks {missing}" if missing else None


# --- the comparison ------------------------------------------------------------------

def load_known(example: str):
    known = {}
    if not os.path.exists(KNOWN):
        return known
    with open(KNOWN, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    header = rows[0]
    for r in rows[1:]:
        d = dict(zip(header, r))
        if d["example"] == example:
            known[(d["period"], d["payee"], d["component"], d["order_id"], d["column"])] = (d["payplan"], d["reference"])
    return known


def row_key(r):
    return tuple(r[:4])   # period, payee, component, order_id: one line each


def compare_lines(engine_text: str, golden_text: str, known=None):
    """Failures (a list of strings; empty: equal) and the known differences seen."""
    known = {} if known is None else known
    failures, seen = [], set()
    eh, erows = read_csv(engine_text, True)
    gh, grows = read_csv(golden_text, True)
    if eh != COLUMNS:
        return [f"payplan's lines.csv header is {eh}, expected {COLUMNS}"], seen
    if gh != COLUMNS:
        return [f"the golden lines header is {gh}"], seen
    for i in range(max(len(erows), len(grows))):
        e = erows[i] if i < len(erows) else None
        g = grows[i] if i < len(grows) else None
        if e is None or g is None or row_key(e) != row_key(g):
            failures.append(f"lines.csv row {i + 2}: the rows differ (order or presence)\n"
                            f"  payplan:   {','.join(e) if e else '(no row)'}\n"
                            f"  reference: {','.join(g) if g else '(no row)'}")
            break
    if failures:
        return failures, seen
    first = {}
    for i, (e, g) in enumerate(zip(erows, grows)):
        for c, name in enumerate(COLUMNS[:-1]):
            if e[c] != g[c]:
                k = (*row_key(g), name)
                if known.get(k) == (e[c], g[c]):
                    seen.add(k)
                    continue
                first.setdefault(name, f"lines.csv row {i + 2}, column {name}: payplan {e[c]!r}, reference {g[c]!r}\n"
                                       f"  payplan:   {','.join(e)}\n  reference: {','.join(g)}")
        problem = note_problem(e[NOTE], g[NOTE])
        if problem:
            first.setdefault("note", f"lines.csv row {i + 2}, note: {problem}\n"
                                     f"  payplan:   {e[NOTE]!r}\n  reference: {g[NOTE]!r}\n  row: {','.join(g[:NOTE])}")
    failures += list(first.values())
    return failures, seen


def compare_exceptions(engine_text: str, golden_text: str):
    eh, erows = read_csv(engine_text, True)
    gh, grows = read_csv(golden_text, True)
    if eh != ["kind", "order_id", "detail"]:
        return [f"payplan's exceptions.csv header is {eh}"]
    failures = []
    empty = [r for r in erows if len(r) != 3 or not r[2]]
    if empty:
        failures.append(f"exceptions.csv: an exception without detail: {empty[0]}")
    enc = lambda r: (r[0].encode(), r[1].encode())  # noqa: E731
    ek = sorted((enc(r) for r in erows))
    gk = sorted((enc(r) for r in grows))
    if ek != gk:
        for i in range(max(len(ek), len(gk))):
            a = ek[i] if i < len(ek) else None
            b = gk[i] if i < len(gk) else None
            if a != b:
                show = lambda k: "(none)" if k is None else f"{k[0].decode()},{k[1].decode()}"  # noqa: E731
                failures.append(f"exceptions.csv: sorted (kind, order_id) #{i + 1} differs: "
                                f"payplan {show(a)}, reference {show(b)} "
                                f"({len(ek)} exceptions from payplan, {len(gk)} from the reference)")
                break
    return failures


def slurp(path):
    with open(path, newline="", encoding="utf-8") as f:
        return f.read()


def run(args, extra) -> int:
    out = os.path.join(args.work, "out")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    cmd = [args.payplan, "run", "--plan", args.plan, "--org", args.org, "--orders", args.orders, "--out", out, *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"payplan failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}{p.stderr}")
        return 1
    failures = []
    if args.statements and slurp(os.path.join(out, "statements.csv")) != slurp(args.statements):
        failures.append(f"statements.csv differs from {args.statements}")
    known = load_known(args.example)
    line_failures, seen = compare_lines(slurp(os.path.join(out, "lines.csv")), slurp(args.lines), known)
    failures += line_failures
    failures += compare_exceptions(slurp(os.path.join(out, "exceptions.csv")), slurp(args.exceptions))
    for k in sorted(seen):
        print(f"known difference (known_differences.csv): {k}: payplan {known[k][0]!r}, reference {known[k][1]!r}")
    if not line_failures:
        for k in sorted(set(known) - seen):
            failures.append(f"known_differences.csv lists {k} for {args.example}, which no longer differs: remove it")
    for f in failures:
        print("MISMATCH", f)
    n = len(read_csv(args.lines)[1])
    print(f"{args.example}: {n} lines, {'FAILED' if failures else 'equal to the reference'}")
    return 1 if failures else 0


def self_test(lines_path: str, exceptions_path: str) -> int:
    """The comparison must fail on each of these changes."""
    lines, exceptions = slurp(lines_path), slurp(exceptions_path)
    header, rows = read_csv(lines, True)

    def text(rs):
        f = io.StringIO()
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rs)
        return f.getvalue()

    bad = 0
    same, _ = compare_lines(lines, lines)
    if same or compare_exceptions(exceptions, exceptions):
        print("self-test: the golden files do not compare equal to themselves:", same)
        bad += 1
    noted = next(i for i, r in enumerate(rows) if r[3] and r[NOTE] and note_requirements(r[NOTE]))
    cases = []
    for col in ("amount", "gross", "eligible", "share", "credit", "date", "amount_in"):
        rs = copy.deepcopy(rows)
        c = COLUMNS.index(col)
        rs[noted][c] = rs[noted][c] + "1" if col != "date" else "1999-01-01"
        cases.append((f"changed {col}", text(rs), exceptions))
    period_level = next((i for i, r in enumerate(rows) if not r[3]), None)
    if period_level is not None:   # spec 3.1: empty on period-level lines
        rs = copy.deepcopy(rows)
        rs[period_level][COLUMNS.index("credit")] = "1"
        cases.append(("a credit on a period-level line", text(rs), exceptions))
    rs = copy.deepcopy(rows)
    del rs[len(rs) // 2]
    cases.append(("a missing row", text(rs), exceptions))
    rs = copy.deepcopy(rows)
    rs.append(rs[-1][:3] + ["ZZ-EXTRA"] + rs[-1][4:])
    cases.append(("an extra row", text(rs), exceptions))
    rs = copy.deepcopy(rows)
    rs[noted][NOTE] = ""
    cases.append(("an emptied note", text(rs), exceptions))
    rs = copy.deepcopy(rows)
    kind, value = note_requirements(rows[noted][NOTE])[0]
    rs[noted][NOTE] = rows[noted][NOTE].replace(value, "X")
    cases.append((f"a note without {value!r}", text(rs), exceptions))
    plain = next(i for i, r in enumerate(rows) if not r[NOTE])
    rs = copy.deepcopy(rows)
    rs[plain][NOTE] = "something"
    cases.append(("a note where the reference has none", text(rs), exceptions))
    eh, erows = read_csv(exceptions, True)
    f = io.StringIO()
    csv.writer(f, lineterminator="\n").writerows([eh, ["no_owner", "SO-NEW", "detail"], *erows])
    cases.append(("an extra exception", lines, f.getvalue()))
    for what, engine_lines, engine_exceptions in cases:
        failures, _ = compare_lines(engine_lines, lines)
        failures += compare_exceptions(engine_exceptions, exceptions)
        if not failures:
            print(f"self-test: {what} was not detected")
            bad += 1
        else:
            print(f"self-test: {what} detected: {failures[0].splitlines()[0]}")
    return 1 if bad else 0


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--self-test", nargs=2, metavar=("LINES", "EXCEPTIONS"))
    for name in ("payplan", "example", "plan", "org", "orders", "lines", "exceptions", "statements", "work"):
        ap.add_argument(f"--{name}")
    args = ap.parse_args(argv)
    if args.self_test:
        return self_test(*args.self_test)
    return run(args, extra)


if __name__ == "__main__":
    sys.exit(main())
