#!/usr/bin/env python3
"""Independent reference implementation of the pay history: closed periods, adjustments.

Written from the contract's TEXT (shared spec "plan language and data
contract, v2", section 6 "Closed periods, adjustments and the pay history",
and the formats of section 5) and from the last section of
docs/contract-notes.md ("Closed periods, adjustments and the pay history
(spec 6, issue 13)") for what section 6 leaves open, without looking at the
C++ engine (pay_history.hpp, load_paid.cpp, the CLI). Standard library only.

The recomputation (sections 1-5: every period's lines and statements) is
reference_full.py's, imported as a module (or read from a lines.csv it wrote
with --lines, see --recomputed-lines); this script adds section 6 on top:

    python3 tests/golden/reference_pay_history.py --model M.json --orders O.csv
        --to PERIOD [--from PERIOD] [--paid OLD --closed-through PERIOD]
        [--adjustments ADJ.csv] [--recomputed-lines FILE] --out NEW
        one run, as `payplan run ... --to PERIOD [--paid OLD --closed-through
        PERIOD] [--adjustments ADJ.csv] --out NEW` would: writes NEW/lines.csv,
        NEW/statements.csv, NEW/adjustments.csv, and NEW/reference-manifest.json
        (below).
    python3 tests/golden/reference_pay_history.py --example rules-examples/pay-history
        --out WORK [--golden-out tests/golden/pay-history]
        the three runs of the example end to end (README of the example):
            run 1  org-q1 (pay-history-q1.json), orders-q1.csv, --to 2026-Q1       -> WORK/q1
            run 2  org    (pay-history.json),    orders-q2.csv, --to 2026-Q2,
                   --paid WORK/q1 --closed-through 2026-Q1 --adjustments adjustments.csv -> WORK/q2
            run 3  org    (pay-history.json),    orders-q3.csv, --to 2026-Q3,
                   --paid WORK/q2 --closed-through 2026-Q2                       -> WORK/q3
        with --golden-out, also copies WORK/qN/F to GOLDEN/qN.F (the golden
        files tests/golden/pay-history/q1.lines.csv ... q3.adjustments.csv).
    python3 tests/golden/reference_pay_history.py --check-yaml [--example DIR]
        (needs PyYAML) checks pay-history-q1.json against plan.yaml + org-q1.yaml
        and pay-history.json against plan.yaml + org.yaml (reference_full.py
        --check-yaml only knows org.yaml beside the orders: for org-q1.yaml
        this copies plan.yaml and org-q1.yaml, as org.yaml, to a temporary folder).

Which periods OLD wrote. The contract takes them from OLD's manifest.json
("periods", and "closed_through" for the never-reopen rule). This reference
writes no manifest.json of its own (that is payplan's file, with hashes of
every input) but a tiny NEW/reference-manifest.json
{"closed_through": P or null, "periods": [...]} beside its outputs. Reading
OLD it takes reference-manifest.json when present, else payplan's
manifest.json (so OLD may be payplan's output as well), else the periods
given by --old-periods P1,P2,... (and --old-closed-through P).

Section 6 as implemented here (spec text first, contract notes for the rest):
- the run writes every period from the plan's effective start (with --paid;
  else from --from, default the effective start) through --to;
- closed periods = OLD's periods up to and including --closed-through; those
  of them the run writes must all be periods OLD wrote (else input error);
  OLD's periods before the effective start stay closed and recompute to 0;
  the open period is the first period after --closed-through that the run
  writes (none: usage error); --closed-through earlier than OLD's own
  closed_through is an input error (a paid period is never reopened);
- OLD is checked: lines.csv and statements.csv with the exact headers,
  adjustments.csv (when present) with its header, every statement = the sum
  of its lines' amounts and every group of lines stated, every adjustments
  row with an origin having delta = recomputed - paid;
- paid for closed P per (payee, component) = OLD's statement amount for P
  - the adjustments OLD paid in P (its adjustments.csv rows with period P,
  manual ones included) + the adjustments OLD paid in closed periods for P
  (rows with origin_period P whose period is closed now);
- recomputed for P = the sum of the recomputation's rounded line amounts of
  P for the (payee, component) (0 when it has none);
- for every closed P and every (payee, component) in OLD's statements of P,
  in OLD's adjustments for P, or in the recomputation of P: delta =
  recomputed - paid; a non-zero delta is an adjustment line of the open
  period: order columns and credit empty, gross = amount = delta, eligible
  and share 1, note `adjustment for P: paid X, recomputed Y` (X and Y with
  the currency's 2 digits); outside any cap;
- manual adjustments (--adjustments: period,payee,component,amount,reason
  in any column order; header required; BOM skipped; blank lines ignored):
  one line each in its period, the same period-level line with note
  `manual adjustment: REASON`; the period one the run writes and not
  closed, the component one of the plan, the payee a person of the org (an
  account for a rebate component), the amount at most 2 fractional digits
  and not zero, the reason not empty (else input error naming the row);
- NEW/lines.csv: the closed periods' rows of OLD's lines.csv byte for byte
  (in OLD's order), then the open and later periods: the recomputed lines
  with the adjustment and manual lines, sorted by period, payee, component
  (byte order), and inside a statement: lines without an order first -- the
  component's own period-level line, then the adjustments in
  adjustments.csv's order -- then order lines by date, order_id;
- NEW/statements.csv: the closed periods' rows of OLD's statements.csv byte
  for byte, then one row per (period, payee, component) of the open and
  later periods with at least one line, amount = sum of its lines;
- NEW/adjustments.csv (`period,payee,component,origin_period,paid,
  recomputed,delta`, always written): OLD's rows in closed periods in OLD's
  order, then the new rows (deltas and manual rows; manual rows with
  origin_period, paid and recomputed empty and delta = their amount)
  sorted by period, payee (byte order; a person before an account of the
  same id), component, origin_period (empty first), two manual rows of one
  (period, payee, component) by amount then reason. OLD's rows in periods
  this run does not close are dropped (they are recomputed).

------------------------------------------------------------------------------
Worked by hand: rules-examples/pay-history (plan: base = commission on
attainment, marginal, 5% up to 100% of the quarter's quota, 8% above;
team-override 1% to maria on her direct reports ana and raj; ana owns ACME
and GLOBEX, raj INITECH and UMBRA; quotas ana 50000 every quarter, raj
60000 in Q2 and Q3, raj's Q1 60000 in org-q1.yaml, corrected to 40000 in
org.yaml). Every figure agrees with this script's output.

Run 1 (org-q1, orders-q1, --to 2026-Q1): what Q1 is paid.
    ana base      SO-101 [0, 20000)       20000 x 5%                 = 1000.00
                  SO-103 [20000, 45000)   25000 x 5%                 = 1250.00
                  SO-105 [45000, 60000)    5000 x 5% + 10000 x 8%    = 1050.00
                                                                       3300.00
    raj base      SO-102 [0, 30000)       30000 x 5% (quota 60000)   = 1500.00
                  SO-104 [30000, 48000)   18000 x 5%                 =  900.00
                                                                       2400.00
    maria team-override  1% x (20000 + 30000 + 25000 + 18000 + 15000)
                  = 200 + 300 + 250 + 180 + 150                      = 1080.00
    adjustments.csv: header only.

Run 2 (org, orders-q2, --to 2026-Q2, --paid q1 --closed-through 2026-Q1,
--adjustments): Q1 closed, Q2 open.
    Recomputed Q1: CN-105 (2026-03-31, ACME, -15000.00, refund_of SO-105)
    returns all of SO-105 (portion 15000/15000 = 1), a clawback in Q1:
    ana base -1050.00 and maria team-override -150.00. raj's corrected
    quota 40000 moves his 100% bound: SO-104 [30000, 48000) now pays
    10000 x 5% + 8000 x 8% = 500 + 640 = 1140.00.
        ana base           1000 + 1250 + 1050 - 1050       = 2250.00
        raj base           1500 + 1140                     = 2640.00
        maria override     1080 - 150                      =  930.00
    Paid for Q1 = run 1's statements (no adjustments yet): 3300.00,
    2400.00, 1080.00. Deltas, adjustment lines of 2026-Q2:
        ana   base           2250.00 - 3300.00 = -1050.00
        maria team-override   930.00 - 1080.00 =  -150.00
        raj   base           2640.00 - 2400.00 =  +240.00
    Manual: 2026-Q2 ana base +250.00 (dispute settled: SO-103 ...).
    Recomputed Q2 (ana quota 50000, raj 60000, all below 100%):
        ana   SO-202 30000 x 5% = 1500.00, SO-204 12000 x 5% = 600.00  -> 2100.00
        raj   SO-201 22000 x 5% = 1100.00, SO-203 16000 x 5% = 800.00  -> 1900.00
        maria 220.00 + 300.00 + 160.00 + 120.00                         ->  800.00
    Statements of 2026-Q2 (recomputed + adjustments):
        ana base            2100.00 + 250.00 - 1050.00 = 1300.00
        maria team-override  800.00 - 150.00            =  650.00
        raj base            1900.00 + 240.00            = 2140.00
    adjustments.csv (new rows, sorted; manual first in ana/base):
        2026-Q2,ana,base,,,,250.00
        2026-Q2,ana,base,2026-Q1,3300.00,2250.00,-1050.00
        2026-Q2,maria,team-override,2026-Q1,1080.00,930.00,-150.00
        2026-Q2,raj,base,2026-Q1,2400.00,2640.00,240.00

Run 3 (org, orders-q3, --to 2026-Q3, --paid q2 --closed-through 2026-Q2):
Q1 and Q2 closed, Q3 open.
    Q1: recomputed as in run 2 (2250.00, 2640.00, 930.00). Paid for Q1 =
    OLD's Q1 statements (run 1's, copied by run 2: 3300.00, 2400.00,
    1080.00) - adjustments OLD paid in Q1 (none) + adjustments OLD paid in
    closed periods for Q1 (run 2's Q2 rows with origin 2026-Q1: -1050.00,
    +240.00, -150.00) = 2250.00, 2640.00, 930.00: every delta 0, no row.
    Q2: CN-203 (2026-06-30, UMBRA, -6000.00, refund_of SO-203) returns
    6000/16000 = 3/8 of SO-203: raj base 800.00 x -3/8 = -300.00, maria
    team-override 160.00 x -3/8 = -60.00. Recomputed Q2: ana 2100.00, raj
    1600.00, maria 740.00. Paid for Q2 = OLD's Q2 statements - the
    adjustments OLD paid in Q2:
        ana base            1300.00 - (250.00 - 1050.00) = 2100.00 -> delta 0
        maria team-override  650.00 - (-150.00)           =  800.00 -> 740.00 - 800.00 =  -60.00
        raj base            2140.00 - 240.00              = 1900.00 -> 1600.00 - 1900.00 = -300.00
    (the manual 250.00 is an adjustment OLD paid in Q2, so it is not
    reversed.) Recomputed Q3: ana SO-301 10000 x 5% = 500.00, raj SO-302
    20000 x 5% = 1000.00, maria 100.00 + 200.00 = 300.00. Statements of
    2026-Q3:
        ana base             500.00
        maria team-override  300.00 - 60.00  = 240.00
        raj base            1000.00 - 300.00 = 700.00
    adjustments.csv: run 2's four 2026-Q2 rows (closed period), then
        2026-Q3,maria,team-override,2026-Q2,800.00,740.00,-60.00
        2026-Q3,raj,base,2026-Q2,1900.00,1600.00,-300.00
    Check (spec 6: the sum of all statement amounts = the sum of all
    recomputed amounts + the manual adjustments):
        statements  Q1 6780.00 + Q2 4090.00 + Q3 1440.00 = 12310.00
        recomputed  Q1 5820.00 + Q2 4440.00 + Q3 1800.00 = 12060.00, + 250.00 = 12310.00
------------------------------------------------------------------------------

Exit codes as payplan's: 0 done, 1 usage error, 2 input error.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_full as rf  # noqa: E402

LINES_HEADER = rf.LINES_HEADER
STATEMENTS_HEADER = ["period", "payee", "component", "amount"]
ADJ_HEADER = ["period", "payee", "component", "origin_period", "paid", "recomputed", "delta"]
MANUAL_COLUMNS = ["period", "payee", "component", "amount", "reason"]
OWN_MANIFEST = "reference-manifest.json"


class UsageError(Exception):
    pass


class InputError(Exception):
    pass


# --- CSV records kept as their raw text (closed rows are copied byte for byte) -------

def split_records(text: str):
    """RFC 4180 records of `text`, each as (raw text without its line end,
    fields). A quoted line break does not end a record."""
    out, start, i, quoted, n = [], 0, 0, False, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            quoted = not quoted   # "" inside quotes toggles twice
        elif ch == "\n" and not quoted:
            raw = text[start:i]
            out.append(raw[:-1] if raw.endswith("\r") else raw)
            start = i + 1
        i += 1
    if start < n:
        out.append(text[start:])
    return [(raw, next(csv.reader([raw]), [])) for raw in out]


def read_records(path: str, header: list, name: str):
    with open(path, newline="", encoding="utf-8") as f:
        recs = split_records(f.read())
    if not recs or recs[0][1] != header:
        raise InputError(f"{path}: not a payplan {name} (header must be {','.join(header)})")
    return recs[1:]


def csv_row(fields) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()[:-1]


def money(text: str, where: str) -> Fraction:
    if not re.fullmatch(r"-?\d+\.\d{2}", text):
        raise InputError(f"{where}: not an amount with 2 decimals: {text!r}")
    return Fraction(text)


def bkey(s: str) -> bytes:
    return s.encode("utf-8")


# --- the recomputation (sections 1-5, reference_full.py) ----------------------------------

def recompute(model: dict, orders_path: str, periods: list, lines_file: str | None):
    """The recomputed lines of `periods` as raw lines.csv rows (fields), in
    reference_full.py's format. From reference_full.run, or from a lines.csv
    that reference_full.py --lines wrote (lines_file)."""
    if lines_file is None:
        plan = model["plan"]
        org = rf.Org(model["org"])
        orders = rf.load_orders(orders_path, plan.get("currency", "USD"))
        lines, _statements, _exceptions, _info, _paid = rf.run(plan, org, orders)
        with tempfile.TemporaryDirectory() as tmp:
            lines_file = os.path.join(tmp, "lines.csv")
            rf.write_lines(lines_file, [l for l in lines if l.period in periods])
            recs = read_records(lines_file, LINES_HEADER, "lines.csv")
    else:
        recs = read_records(lines_file, LINES_HEADER, "lines.csv")
    return [fields for _raw, fields in recs if fields[0] in periods]


# --- OLD ---------------------------------------------------------------------------------

def read_old(old: str, old_periods_arg, old_ct_arg):
    if not os.path.isdir(old):
        raise InputError(f"--paid {old}: not a folder")
    periods, closed_through = None, None
    for name in (OWN_MANIFEST, "manifest.json"):
        p = os.path.join(old, name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                m = json.load(f)
            if "periods" not in m or "closed_through" not in m:
                raise InputError(f"{p}: no periods or closed_through")
            periods, closed_through = list(m["periods"]), m["closed_through"]
            break
    else:
        if old_periods_arg is None:
            raise InputError(f"--paid {old}: not a payplan output (no manifest.json; give --old-periods)")
        periods = [p for p in old_periods_arg.split(",") if p]
        closed_through = old_ct_arg
    for name in ("lines.csv", "statements.csv"):
        if not os.path.exists(os.path.join(old, name)):
            raise InputError(f"--paid {old}: not a payplan output, {name} is missing")
    lines = read_records(os.path.join(old, "lines.csv"), LINES_HEADER, "lines.csv")
    stmts = read_records(os.path.join(old, "statements.csv"), STATEMENTS_HEADER, "statements.csv")
    adj_path = os.path.join(old, "adjustments.csv")
    adjs = read_records(adj_path, ADJ_HEADER, "adjustments.csv") if os.path.exists(adj_path) else []
    # statements = sums of lines, every group of lines stated
    sums = defaultdict(Fraction)
    first_line = {}
    for i, (_raw, f) in enumerate(lines, start=2):
        if len(f) != len(LINES_HEADER):
            raise InputError(f"{old}/lines.csv row {i}: {len(f)} fields")
        k = tuple(f[:3])
        sums[k] += money(f[11], f"{old}/lines.csv row {i}")
        first_line.setdefault(k, i)
    stated = set()
    for i, (_raw, f) in enumerate(stmts, start=2):
        if len(f) != 4:
            raise InputError(f"{old}/statements.csv row {i}: {len(f)} fields")
        k = tuple(f[:3])
        if money(f[3], f"{old}/statements.csv row {i}") != sums.get(k, Fraction(0)):
            raise InputError(f"{old}/statements.csv row {i}: {f[3]} is not the sum of its lines")
        stated.add(k)
    for k, i in first_line.items():
        if k not in stated:
            raise InputError(f"{old}/lines.csv row {i}: lines of {'/'.join(k)} have no statement")
    for i, (_raw, f) in enumerate(adjs, start=2):
        if len(f) != len(ADJ_HEADER):
            raise InputError(f"{old}/adjustments.csv row {i}: {len(f)} fields")
        if f[3]:
            paid, rec, delta = (money(x, f"{old}/adjustments.csv row {i}") for x in f[4:7])
            if delta != rec - paid:
                raise InputError(f"{old}/adjustments.csv row {i}: delta is not recomputed - paid")
    return periods, closed_through, lines, stmts, adjs


# --- manual adjustments ------------------------------------------------------------------

def read_manual(path: str, writes: list, closed: set, model: dict):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    rows = [(i, r) for i, r in enumerate(rows, start=1) if any(x != "" for x in r)]
    if not rows:
        raise InputError(f"{path}: no header")
    _, header = rows[0]
    if sorted(header) != sorted(MANUAL_COLUMNS):
        raise InputError(f"{path}: header must hold the columns {','.join(MANUAL_COLUMNS)}")
    col = {h: header.index(h) for h in MANUAL_COLUMNS}
    comps = {c["id"]: c["type"] for c in model["plan"]["components"]}
    people = {p["id"] for p in model["org"]["people"]}
    accounts = {a["id"] for a in model["org"].get("accounts", [])}
    out = []
    for i, r in rows[1:]:
        where = f"{path} row {i}"
        if len(r) != len(header):
            raise InputError(f"{where}: {len(r)} fields")
        v = {h: r[col[h]] for h in MANUAL_COLUMNS}
        if v["period"] not in writes:
            raise InputError(f"{where}: period {v['period']} is not one this run writes")
        if v["period"] in closed:
            raise InputError(f"{where}: period {v['period']} is closed")
        if v["component"] not in comps:
            raise InputError(f"{where}: unknown component {v['component']}")
        is_account = comps[v["component"]] == "rebate"
        if v["payee"] not in (accounts if is_account else people):
            raise InputError(f"{where}: unknown {'account' if is_account else 'person'} {v['payee']}")
        if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", v["amount"].strip()):
            raise InputError(f"{where}: amount {v['amount']!r} (at most 2 decimals)")
        amount = Fraction(v["amount"].strip())
        if amount == 0:
            raise InputError(f"{where}: amount is zero")
        if v["reason"] == "":
            raise InputError(f"{where}: empty reason")
        out.append({"period": v["period"], "payee": v["payee"], "component": v["component"],
                    "amount": amount, "reason": v["reason"], "account": is_account})
    return out


# --- one run -------------------------------------------------------------------------------

def run_periods(model: dict, to, frm, with_paid: bool):
    plan = model["plan"]
    allp = rf.periods_between(rf.to_date(plan["effective"]["from"]), rf.to_date(plan["effective"]["to"]),
                              plan["period"])
    if to is not None and to not in allp:
        raise UsageError(f"--to {to}: not a paid period of the plan")
    if frm is not None and frm not in allp:
        raise UsageError(f"--from {frm}: not a paid period of the plan")
    lo = 0 if (with_paid or frm is None) else allp.index(frm)
    hi = len(allp) if to is None else allp.index(to) + 1
    return allp[lo:hi], allp


def one_run(model: dict, orders: str, out: str, to=None, frm=None, paid=None, closed_through=None,
            adjustments=None, recomputed_lines=None, old_periods=None, old_closed_through=None):
    if closed_through is not None and paid is None:
        raise InputError("--closed-through without --paid")
    if paid is not None and closed_through is None:
        raise UsageError("--paid needs --closed-through")
    if paid is not None and frm is not None:
        raise UsageError("--from with --paid")
    writes, _allp = run_periods(model, to, frm, paid is not None)
    people = {p["id"] for p in model["org"]["people"]}
    comp_type = {c["id"]: c["type"] for c in model["plan"]["components"]}

    closed, old_lines, old_stmts, old_adjs = [], [], [], []
    open_period = None
    if paid is not None:
        o_periods, o_ct, old_lines, old_stmts, old_adjs = read_old(paid, old_periods, old_closed_through)
        if not re.fullmatch(r"\d{4}(-Q[1-4]|-\d{2})?", closed_through):
            raise UsageError(f"--closed-through {closed_through}: not a period label")
        if o_ct is not None and closed_through < o_ct:
            raise InputError(f"--closed-through {closed_through} is before OLD's {o_ct}: a paid period is never reopened")
        for p in writes:
            if p <= closed_through and p not in o_periods:
                raise InputError(f"closed period {p} was not written by OLD ({paid})")
        eff_start = writes[0] if writes else None
        closed = [p for p in o_periods if p <= closed_through]          # OLD's periods up to PERIOD
        closed += [p for p in writes if p <= closed_through and p not in closed]
        closed.sort()
        later = [p for p in writes if p > closed_through]
        if not later:
            raise UsageError(f"no open period: --to is before the first period after {closed_through}")
        open_period = later[0]
        del eff_start
    closed_set = set(closed)

    rec_fields = recompute(model, orders, writes, recomputed_lines)
    recomputed = defaultdict(lambda: defaultdict(Fraction))   # P -> (payee, comp) -> amount
    for f in rec_fields:
        recomputed[f[0]][(f[1], f[2])] += Fraction(f[11])

    new_adj = []   # dicts: period payee component origin paid rec delta reason(account)
    if paid is not None:
        stmt_old = defaultdict(lambda: defaultdict(Fraction))
        for _raw, f in old_stmts:
            stmt_old[f[0]][(f[1], f[2])] += Fraction(f[3])
        paid_in = defaultdict(lambda: defaultdict(Fraction))    # adjustments OLD paid in P
        paid_for = defaultdict(lambda: defaultdict(Fraction))   # ... in closed periods, for P
        for _raw, f in old_adjs:
            d = Fraction(f[6])
            paid_in[f[0]][(f[1], f[2])] += d
            if f[3] and f[0] in closed_set:
                paid_for[f[3]][(f[1], f[2])] += d
        for P in closed:
            keys = set(stmt_old[P]) | set(paid_in[P]) | set(paid_for[P]) | set(recomputed[P])
            for k in keys:
                was = stmt_old[P][k] - paid_in[P][k] + paid_for[P][k]
                rec = recomputed[P][k] if P in writes else Fraction(0)
                if rec != was:
                    new_adj.append({"period": open_period, "payee": k[0], "component": k[1], "origin": P,
                                    "paid": was, "rec": rec, "delta": rec - was, "reason": None,
                                    "account": comp_type.get(k[1]) == "rebate" or
                                    (k[1] not in comp_type and k[0] not in people)})
    if adjustments is not None:
        for m in read_manual(adjustments, writes, closed_set, model):
            new_adj.append({"period": m["period"], "payee": m["payee"], "component": m["component"],
                            "origin": "", "paid": None, "rec": None, "delta": m["amount"],
                            "reason": m["reason"], "account": m["account"]})

    def adj_key(a):
        return (bkey(a["period"]), bkey(a["payee"]), 1 if a["account"] else 0, bkey(a["component"]),
                bkey(a["origin"]), a["delta"] if a["reason"] is not None else 0,
                bkey(a["reason"] or ""))
    new_adj.sort(key=adj_key)

    # lines of the open and later periods: recomputed + adjustment lines
    entries = []   # (sort key, fields)
    for f in rec_fields:
        if f[0] in closed_set:
            continue   # a closed period receives nothing new
        group = 2 if f[3] else 0
        entries.append(((bkey(f[0]), bkey(f[1]), bkey(f[2]), group, f[5], bkey(f[3]), 0), f))
    for i, a in enumerate(new_adj):
        if a["reason"] is None:
            note = f"adjustment for {a['origin']}: paid {rf.fmt_money(a['paid'])}, recomputed {rf.fmt_money(a['rec'])}"
        else:
            note = f"manual adjustment: {a['reason']}"
        f = [a["period"], a["payee"], a["component"], "", "", "", "", "", rf.fmt_gross(a["delta"]), "1", "1",
             rf.fmt_money(a["delta"]), note]
        entries.append(((bkey(f[0]), bkey(f[1]), bkey(f[2]), 1, "", b"", i), f))
    entries.sort(key=lambda e: e[0])

    lines_text = [csv_row(LINES_HEADER)]
    lines_text += [raw for raw, f in old_lines if f[0] in closed_set]
    lines_text += [csv_row(f) for _k, f in entries]

    sums = {}
    for _k, f in entries:
        k = (f[0], f[1], f[2])
        sums[k] = sums.get(k, Fraction(0)) + Fraction(f[11])
    stmt_text = [csv_row(STATEMENTS_HEADER)]
    stmt_text += [raw for raw, f in old_stmts if f[0] in closed_set]
    stmt_text += [csv_row([*k, rf.fmt_money(v)]) for k, v in sorted(sums.items(), key=lambda kv: tuple(map(bkey, kv[0])))]

    adj_text = [csv_row(ADJ_HEADER)]
    adj_text += [raw for raw, f in old_adjs if f[0] in closed_set]
    for a in new_adj:
        if a["reason"] is None:
            adj_text.append(csv_row([a["period"], a["payee"], a["component"], a["origin"], rf.fmt_money(a["paid"]),
                                     rf.fmt_money(a["rec"]), rf.fmt_money(a["delta"])]))
        else:
            adj_text.append(csv_row([a["period"], a["payee"], a["component"], "", "", "", rf.fmt_money(a["delta"])]))

    os.makedirs(out, exist_ok=True)
    for name, rows in (("lines.csv", lines_text), ("statements.csv", stmt_text), ("adjustments.csv", adj_text)):
        with open(os.path.join(out, name), "w", newline="", encoding="utf-8") as f:
            f.write("".join(r + "\n" for r in rows))
    written = sorted(set(writes) | closed_set)
    with open(os.path.join(out, OWN_MANIFEST), "w", encoding="utf-8") as f:
        json.dump({"closed_through": closed_through, "periods": written}, f)
        f.write("\n")
    return {"periods": written, "open": open_period, "adjustments": new_adj,
            "total": sum(sums.values(), Fraction(0))}


# --- the example's three runs --------------------------------------------------------------

def load_model(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=str)


def example(ex: str, work: str, golden_out: str | None) -> int:
    q1 = load_model(os.path.join(HERE, "pay-history-q1.json"))
    full = load_model(os.path.join(HERE, "pay-history.json"))
    runs = [
        ("q1", q1, dict(orders=os.path.join(ex, "orders-q1.csv"), to="2026-Q1")),
        ("q2", full, dict(orders=os.path.join(ex, "orders-q2.csv"), to="2026-Q2", paid=os.path.join(work, "q1"),
                          closed_through="2026-Q1", adjustments=os.path.join(ex, "adjustments.csv"))),
        ("q3", full, dict(orders=os.path.join(ex, "orders-q3.csv"), to="2026-Q3", paid=os.path.join(work, "q2"),
                          closed_through="2026-Q2")),
    ]
    for name, model, kw in runs:
        out = os.path.join(work, name)
        if os.path.isdir(out):
            shutil.rmtree(out)
        r = one_run(model, out=out, **kw)
        print(f"{name}: periods {','.join(r['periods'])}, open {r['open']}, "
              f"{len(r['adjustments'])} new adjustment rows, -> {out}")
        if golden_out:
            os.makedirs(golden_out, exist_ok=True)
            for f in ("lines.csv", "statements.csv", "adjustments.csv"):
                shutil.copyfile(os.path.join(out, f), os.path.join(golden_out, f"{name}.{f}"))
    return 0


def check_yaml(ex: str) -> int:
    rc = 0
    for model_name, org_name in (("pay-history.json", "org.yaml"), ("pay-history-q1.json", "org-q1.yaml")):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(os.path.join(ex, "plan.yaml"), os.path.join(tmp, "plan.yaml"))
            shutil.copyfile(os.path.join(ex, org_name), os.path.join(tmp, "org.yaml"))
            print(f"{model_name} vs plan.yaml + {org_name}: ", end="", flush=True)
            rc |= rf.check_yaml(load_model(os.path.join(HERE, model_name)), tmp)
    return rc


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--example", help="the pay-history example folder: run its three runs")
    ap.add_argument("--golden-out", help="with --example: also copy WORK/qN/F to this folder as qN.F")
    ap.add_argument("--check-yaml", action="store_true", help="compare both JSON mirrors with the example's YAML")
    ap.add_argument("--model", help="JSON mirror of plan.yaml + org.yaml")
    ap.add_argument("--orders")
    ap.add_argument("--to")
    ap.add_argument("--from", dest="frm")
    ap.add_argument("--paid")
    ap.add_argument("--closed-through")
    ap.add_argument("--adjustments")
    ap.add_argument("--recomputed-lines", help="the recomputation as a lines.csv of reference_full.py --lines")
    ap.add_argument("--old-periods", help="OLD's periods, P1,P2,... (when OLD has no manifest)")
    ap.add_argument("--old-closed-through", help="OLD's own --closed-through (when OLD has no manifest)")
    ap.add_argument("--out", required=False)
    a = ap.parse_args(argv)
    try:
        if a.check_yaml:
            return check_yaml(a.example or os.path.join(rf.REPO, "rules-examples", "pay-history"))
        if a.example:
            if not a.out:
                raise UsageError("--example needs --out WORK")
            return example(a.example, a.out, a.golden_out)
        if not (a.model and a.out and (a.orders or a.recomputed_lines)):
            raise UsageError("--model, --orders (or --recomputed-lines) and --out are required")
        r = one_run(load_model(a.model), a.orders, a.out, to=a.to, frm=a.frm, paid=a.paid,
                    closed_through=a.closed_through, adjustments=a.adjustments,
                    recomputed_lines=a.recomputed_lines, old_periods=a.old_periods,
                    old_closed_through=a.old_closed_through)
        print(f"periods {','.join(r['periods'])}, open {r['open']}, {len(r['adjustments'])} new adjustment rows, "
              f"total of the open and later periods {rf.fmt_money(r['total'])} -> {a.out}")
        return 0
    except UsageError as e:
        print(f"reference_pay_history.py: usage error: {e}", file=sys.stderr)
        return 1
    except (InputError, ValueError) as e:
        print(f"reference_pay_history.py: input error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
