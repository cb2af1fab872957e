#!/usr/bin/env python3
"""Independent reference implementation of payplan's `commission` component.

Written from the contract (shared spec "plan language and data contract, v1",
sections 1, 2, 3, 4, 4.1, 5) and docs/contract-notes.md, without looking at
the C++ engine, to produce golden statements for rules-examples/basic-commission.

Scope: exactly what that example uses. Plan and org come from a JSON mirror
of plan.yaml/org.yaml (tests/golden/basic-commission.json) so that this script
needs nothing but the Python 3 standard library. Supported: quarter/month/year
periods, half_even/half_up rounding, `commission` components (flat rate,
marginal and retroactive tiers on attainment or sales, cap, products filter,
payees by role or id list), clawbacks. Not supported (refused): transfer
terms, override, team_growth and the other component types.

Usage:
    python3 tests/golden/reference_commission.py \
        --orders rules-examples/basic-commission/orders.csv \
        --out OUTDIR [--model tests/golden/basic-commission.json] [--explain]
    python3 tests/golden/reference_commission.py --check-yaml
        (needs PyYAML: checks the JSON mirror still equals the YAML files)

Writes OUTDIR/statements.csv (`period,payee,component,amount`) and
OUTDIR/lines_total.txt (the sum of all statement amounts, one line).
--explain also writes OUTDIR/reference_lines.csv and
OUTDIR/reference_exceptions.csv, for debugging a mismatch with the engine
(their columns are this script's own, not the contract's lines.csv).

All arithmetic is decimal.Decimal with the Inexact trap on, so any step that
is not exact raises instead of rounding silently. The one deliberate
exception is the division in a clawback's portion, see clawback_value().

------------------------------------------------------------------------------
Worked by hand (each agrees with this script's --explain output):

(1) 2025-Q3 raj accelerator, crossing both tier bounds (quota 150000: the
    100% bound is 150000, the 150% bound is 225000).
    SO-1063 (2025-08-10, UMBRA, 33366.60): raj's cumulative accelerator
    sales before it are c = 124738.36, so it occupies [124738.36, 158104.96):
        [124738.36, 150000)    25261.64 x 2% = 505.2328
        [150000, 158104.96)     8104.96 x 4% = 324.1984
        g = 829.4312                          -> line 829.43
    SO-1097 (2025-09-27, INITECH, 31781.53) at c = 223219.74, so it
    occupies [223219.74, 255001.27):
        [223219.74, 225000)     1780.26 x 4% =   71.2104
        [225000, 255001.27)    30001.27 x 6% = 1800.0762
        g = 1871.2866                         -> line 1871.29

(2) 2025-Q3 ana, a plain return below zero (quota 100000). RT-8
    (2025-07-01, SOYLENT, -2750.50) names SO-0042, which is not in the
    ledger: an unknown_refund_of exception, then a plain negative order. It
    is ana's first order of the quarter, so it runs backwards over
    [-2750.50, 0), below zero, where the first tier (2%) extends:
        accelerator  g = -2750.50 x 2% = -55.01    -> line -55.01
        base         g = -2750.50 x 3% = -82.515   -> a half-cent tie:
                     half_even keeps the even cent -> line -82.52
    Her next order SO-1052 (18417.08) then starts at c = -2750.50.

(3) 2026-Q4 raj accelerator, the cap (quota 120000: bounds 120000 and
    180000; cap 20000).
    SO-1315 (2026-10-14, STARKWELL, 185000.00) at c = 41369.58:
        [41369.58, 120000)     78630.42 x 2% = 1572.6084
        [120000, 180000)       60000.00 x 4% = 2400.0000
        [180000, 226369.58)    46369.58 x 6% = 2782.1748
        g = 6754.7832                         -> line 6754.78
    The rounded lines before the next order add up to 7582.17.
    SO-1321 (2026-11-05, STARKWELL, 212500.50), all above 180000:
        g = 212500.50 x 6% = 12750.03, but only 20000 - 7582.17 = 12417.83
        remains under the cap: the line is cut to 12417.83 (cut 332.20).
    Every later raj accelerator line in 2026-Q4 (SO-1329 onwards) pays 0.00,
    and the statement row is exactly 20000.00.

(4) A clawback across an owner change. SO-1210 (2026-04-22, HOOLI,
    18400.00) is credited to ana (HOOLI moves to lee on 2026-05-15). Her
    lines: base 18400.00 x 3% = 552.00; accelerator at c = 41505.67, all
    below 100% of 120000: 18400.00 x 2% = 368.00.
    RT-3 (2026-06-10, HOOLI, -7360.00, refund_of SO-1210) is credited to
    lee on its date. Portion = 7360.00 / 18400.00 = 0.4. It pays ana, the
    payee of the original, in 2026-Q2: base -552.00 x 0.4 = -220.80 and
    accelerator -368.00 x 0.4 = -147.20. It pays lee no line of its own but
    moves lee's 2026-Q2 cumulative sales (quota 150000, bounds 150000 and
    225000) from 183195.87 down to 175835.87. lee's SO-1235 (11804.60, all
    at 4%: 472.18) then brings c to 187640.47, and SO-1238 (2026-06-20,
    HOOLI, 40000.00) occupies [187640.47, 227640.47):
        [187640.47, 225000)    37359.53 x 4% = 1494.3812
        [225000, 227640.47)     2640.47 x 6% =  158.4282
        g = 1652.8094                         -> line 1652.81
    (Had RT-3 not moved lee's c, SO-1238 would start at 195000.47 and pay
    29999.53 x 4% + 10000.47 x 6% = 1800.0094 -> 1800.01.)

(5) 2025-Q2 ana, a one-third clawback rounded once. SO-1032 (2025-06-10,
    CYBERDYNE, 10609.50). Base g = 10609.50 x 3% = 318.285, a tie: its own
    line is 318.28 (half_even). RT-7 (2025-06-27) returns -3536.50, a
    portion of exactly 1/3. The clawback is round(-318.285 / 3) =
    round(-106.095) = -106.10 (a tie again, to the even cent); rounding the
    already rounded line instead, round(-318.28 / 3) = -106.09, is wrong.

(6) 2026-Q3 maria manager-accounts, a retroactive total exactly on a bound.
    Her house accounts sell exactly 50000.00 in 2026-Q3 (SO-1300, 3000.01
    on 2026-09-28, brings 46999.99 to 50000.00). The first tier covers
    (-inf, 50000] including its upper bound, so every order of the quarter
    is paid at 1% (e.g. SO-1300: 3000.01 x 1% = 30.0001 -> 30.00); the
    statement row is 500.01, the sum of the nine rounded lines, not 500.00.
------------------------------------------------------------------------------
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import decimal
import json
import os
import sys
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_MODEL = os.path.join(HERE, "basic-commission.json")
EXAMPLE_DIR = os.path.join(REPO, "rules-examples", "basic-commission")

# Exact arithmetic: plenty of digits, and any inexact result is an error.
CTX = decimal.Context(prec=80, traps=[decimal.Inexact, decimal.InvalidOperation,
                                      decimal.DivisionByZero, decimal.Overflow])
decimal.setcontext(CTX)

CENT = Decimal("0.01")


# --- spec 1: numbers, money, dates, periods ---------------------------------

def parse_rate(text) -> Decimal:
    """`5%`, `2.75%` or `0.0275` -> exact fraction (spec 1)."""
    s = str(text).strip()
    if s.endswith("%"):
        return Decimal(s[:-1]) / 100
    return Decimal(s)


def parse_money(text) -> Decimal:
    s = str(text).strip()
    d = Decimal(s)
    if d.as_tuple().exponent < -6:
        raise ValueError(f"more than 6 fractional digits: {s}")
    return d


def round_line(x: Decimal, mode: str) -> Decimal:
    """Round once to the minor unit (spec 1). half_up is away from zero."""
    rounding = {"half_even": decimal.ROUND_HALF_EVEN, "half_up": decimal.ROUND_HALF_UP}[mode]
    # The one place where precision is deliberately lost.
    with decimal.localcontext(decimal.Context(prec=80, traps=[decimal.InvalidOperation])):
        return x.quantize(CENT, rounding=rounding)


def period_label(day: dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return f"{day.year:04d}"
    raise ValueError(period)


def period_bounds(label: str, period: str) -> tuple[dt.date, dt.date]:
    if period == "year":
        y = int(label)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if period == "quarter":
        y, q = int(label[:4]), int(label[6:])
        first_month, last_month = 3 * q - 2, 3 * q
    else:
        y, m = int(label[:4]), int(label[5:])
        first_month = last_month = m
    start = dt.date(y, first_month, 1)
    nxt = dt.date(y + 1, 1, 1) if last_month == 12 else dt.date(y, last_month + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def fmt_money(x: Decimal) -> str:
    """Exactly two fractional digits, `-0.07`, `1234.50` (spec 5)."""
    assert x == x.quantize(CENT), x  # only rounded money is written
    s = f"{x.quantize(CENT):f}"
    return "0.00" if s == "-0.00" else s


# --- spec 3: org --------------------------------------------------------------

class Org:
    def __init__(self, org: dict):
        self.role = {p["id"]: p["role"] for p in org["people"]}
        self.owners = {}
        for a in org["accounts"]:
            entries = sorted((dt.date.fromisoformat(e["from"]), e["owner"]) for e in a["owners"])
            for e in a["owners"]:
                if "terms" in e:
                    raise NotImplementedError("transfer terms (spec 4.2) are out of scope")
            self.owners[a["id"]] = entries
        self.quota = {}
        for q in org.get("quotas", []):
            self.quota[(q["person"], q["period"])] = parse_money(q["amount"])

    def owner_on(self, account: str, day: dt.date):
        """Each entry holds from its `from` until the next one starts."""
        who = None
        for since, owner in self.owners.get(account, []):
            if since <= day:
                who = owner
        return who


# --- spec 4 / 4.1: plan and commission ---------------------------------------

class Component:
    def __init__(self, c: dict):
        if c["type"] != "commission":
            raise NotImplementedError(f"component type {c['type']}")
        self.id = c["id"]
        p = c["payees"]
        self.payee_role = p["role"] if isinstance(p, dict) else None
        self.payee_ids = None if isinstance(p, dict) else set(p)
        self.products = set(c["products"]) if "products" in c else None
        self.cap = parse_money(c["cap"]) if "cap" in c else None
        self.rate = parse_rate(c["rate"]) if "rate" in c else None
        self.tiers = None
        if "tiers" in c:
            t = c["tiers"]
            self.basis, self.method = t["basis"], t["method"]
            assert self.basis in ("attainment", "sales") and self.method in ("marginal", "retroactive")
            self.tiers = []  # (upto or None, rate); upto in % (attainment) or money (sales)
            for row in t["table"]:
                up = row.get("upto")
                if up is not None:
                    up = parse_rate(up) if self.basis == "attainment" else parse_money(up)
                self.tiers.append((up, parse_rate(row["rate"])))
            assert self.tiers[-1][0] is None
        assert (self.rate is None) != (self.tiers is None)

    def applies(self, person: str, role: str, product: str) -> bool:
        if self.payee_ids is not None:
            ok = person in self.payee_ids
        else:
            ok = role == self.payee_role
        if self.products is not None:
            ok = ok and product in self.products
        return ok

    def bounds(self, quota):
        """Tier upper bounds in money; None for the last tier's open end."""
        if self.basis == "attainment":
            return [None if up is None else quota * up for up, _ in self.tiers]
        return [up for up, _ in self.tiers]

    def marginal(self, c: Decimal, a: Decimal, bounds) -> Decimal:
        """Integral of the tier rate over [c, c+a); backwards when a < 0.
        The first tier extends below 0 (contract notes), the last above."""
        lo, hi, sign = (c, c + a, 1) if a >= 0 else (c + a, c, -1)
        total = Decimal(0)
        prev = None  # the first tier's lower end is -infinity
        for up, (_, rate) in zip(bounds, self.tiers):
            t_lo = lo if prev is None else max(lo, prev)
            t_hi = hi if up is None else min(hi, up)
            if t_hi > t_lo:
                total += rate * (t_hi - t_lo)
            prev = up
        return sign * total

    def retro_rate(self, final_total: Decimal, bounds) -> Decimal:
        """Rate of the tier holding the final total; tiers are (prev, upto]
        (spec 4.1), and a total <= 0 takes the first tier (contract notes)."""
        for up, (_, rate) in zip(bounds, self.tiers):
            if up is None or final_total <= up:
                return rate
        raise AssertionError


def clawback_value(original_unrounded: Decimal, amount: Decimal, original_amount: Decimal) -> Decimal:
    """original_unrounded x (-amount / original_amount), reversed: i.e.
    original_unrounded x amount / original_amount, which is negative for a
    return. Multiply first (exact), divide last. The quotient may not
    terminate (a third of an order); at 80 digits it is then far closer to
    the true value than to any half-cent boundary it could cross, and a
    quotient that is exactly on a boundary terminates, so is computed
    exactly. Hence the single rounding that follows is still correct."""
    num = original_unrounded * amount
    with decimal.localcontext(decimal.Context(prec=80, traps=[decimal.DivisionByZero])):
        return num / original_amount


class Line:
    __slots__ = ("period", "payee", "component", "date", "order_id", "key",
                 "unrounded", "rounded", "amount", "note")

    def __init__(self, period, payee, component, date, order_id, unrounded, rounded, note=""):
        self.period, self.payee, self.component = period, payee, component
        self.date, self.order_id = date, order_id
        self.key = (date, order_id.encode("utf-8"))
        self.unrounded, self.rounded, self.amount, self.note = unrounded, rounded, rounded, note


def load_orders(path: str, currency: str):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    orders, seen = [], set()
    for r in rows:
        oid = r["order_id"]
        if oid in seen:
            raise ValueError(f"duplicate order_id {oid}")
        seen.add(oid)
        if r.get("currency") and r["currency"] != currency:
            raise ValueError(f"order {oid}: currency {r['currency']} != plan {currency}")
        orders.append({
            "order_id": oid,
            "date": dt.date.fromisoformat(r["date"]),
            "account": r["account"],
            "amount": parse_money(r["amount"]),
            "refund_of": r.get("refund_of") or "",
            "product": r.get("product") or "",
        })
    # spec 2: the engine processes orders by (date, order_id), order_id in
    # byte order of its UTF-8 text (contract notes).
    orders.sort(key=lambda o: (o["date"], o["order_id"].encode("utf-8")))
    return orders


def run(model: dict, orders_path: str):
    plan = model["plan"]
    org = Org(model["org"])
    if plan.get("transfer_terms"):
        raise NotImplementedError("transfer terms are out of scope")
    period = plan["period"]
    rounding = plan.get("rounding", "half_even")
    currency = plan.get("currency", "USD")
    eff_from = dt.date.fromisoformat(plan["effective"]["from"])
    eff_to = dt.date.fromisoformat(plan["effective"]["to"])
    comps = [Component(c) for c in plan["components"]]
    orders = load_orders(orders_path, currency)
    position = {o["order_id"]: i for i, o in enumerate(orders)}
    by_id = {o["order_id"]: o for o in orders}
    exceptions = []

    def paid(label):
        # Only periods wholly inside `effective` are paid (contract notes).
        start, end = period_bounds(label, period)
        return eff_from <= start and end <= eff_to

    # Crediting (spec 3) and classifying returns (spec 4.1, contract notes).
    for i, o in enumerate(orders):
        o["period"] = period_label(o["date"], period)
        o["credited"] = org.owner_on(o["account"], o["date"])
        if o["credited"] is None:
            exceptions.append(("no_owner", o["order_id"], f"account {o['account']} has no owner on {o['date']}"))
        o["clawback_of"] = None
        ref = o["refund_of"]
        if ref:
            if o["amount"] >= 0:
                exceptions.append(("refund_of_not_negative", o["order_id"], ref))
            elif ref not in by_id:
                exceptions.append(("unknown_refund_of", o["order_id"], ref))
            elif position[ref] > i:
                exceptions.append(("refund_of_later_order", o["order_id"], ref))
            else:
                o["clawback_of"] = by_id[ref]

    # Pass 1: each (component, payee, period)'s cumulative sales, in order,
    # and its final total (retroactive tiers need the whole period).
    final = defaultdict(Decimal)
    for o in orders:
        who = o["credited"]
        if who is None:
            continue
        for comp in comps:
            if comp.applies(who, org.role[who], o["product"]):
                final[(comp.id, who, o["period"])] += o["amount"]

    # Pass 2: lines in (date, order_id) order.
    cum = defaultdict(Decimal)
    lines = []
    own_lines = defaultdict(list)  # order_id -> its own lines (for clawbacks)
    missing = set()
    for o in orders:
        who, label = o["credited"], o["period"]
        # A clawback pays the original's payees, whatever happens to c.
        orig = o["clawback_of"]
        if orig is not None:
            for ol in own_lines[orig["order_id"]]:
                v = clawback_value(ol.unrounded, o["amount"], orig["amount"])
                if paid(label):
                    lines.append(Line(label, ol.payee, ol.component, o["date"], o["order_id"],
                                      v, round_line(v, rounding),
                                      f"clawback of {orig['order_id']}"))
        if who is None:
            continue
        for comp in comps:
            if not comp.applies(who, org.role[who], o["product"]):
                continue
            key = (comp.id, who, label)
            c, a = cum[key], o["amount"]
            cum[key] = c + a  # the return still moves the credited c
            if orig is not None:
                continue      # ...but pays no line of its own
            note = ""
            if comp.rate is not None:
                g = a * comp.rate
            else:
                quota = None
                if comp.basis == "attainment":
                    quota = org.quota.get((who, label))
                if comp.basis == "attainment" and quota is None:
                    g = Decimal(0)
                    note = f"no quota for {label}"
                    if (key not in missing) and paid(label):
                        missing.add(key)
                        exceptions.append(("missing_quota", "", f"{who} {comp.id} {label}"))
                else:
                    bounds = comp.bounds(quota)
                    if comp.method == "marginal":
                        g = comp.marginal(c, a, bounds)
                    else:
                        g = a * comp.retro_rate(final[key], bounds)
            line = Line(label, who, comp.id, o["date"], o["order_id"], g, round_line(g, rounding), note)
            own_lines[o["order_id"]].append(line)
            if paid(label):
                lines.append(line)

    # Cap (spec 4.1): per component, payee, period, lines in (date, order_id)
    # order; a positive line is cut to what remains under the cap (0 once
    # the cap is reached); negative lines always count in full.
    caps = {c.id: c.cap for c in comps}
    lines.sort(key=lambda l: (l.period, l.payee, l.component, l.key))
    running = defaultdict(Decimal)
    for l in lines:
        cap = caps[l.component]
        if cap is None:
            continue
        k = (l.period, l.payee, l.component)
        if l.rounded > 0:
            room = max(Decimal(0), cap - running[k])
            if l.rounded > room:
                l.amount = room
                l.note = (l.note + "; " if l.note else "") + f"cap: cut {fmt_money(l.rounded - room)}"
        running[k] += l.amount

    statements = defaultdict(Decimal)
    for l in lines:
        statements[(l.period, l.payee, l.component)] += l.amount
    return lines, statements, exceptions


def write_outputs(out, lines, statements, exceptions, explain):
    os.makedirs(out, exist_ok=True)
    keys = sorted(statements)  # period label, payee id, component id: plain string sort
    with open(os.path.join(out, "statements.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "amount"])
        for k in keys:
            w.writerow([*k, fmt_money(statements[k])])
    total = sum((statements[k] for k in keys), Decimal(0))
    with open(os.path.join(out, "lines_total.txt"), "w", encoding="utf-8") as f:
        f.write(fmt_money(total) + "\n")
    if explain:
        with open(os.path.join(out, "reference_lines.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["period", "payee", "component", "order_id", "date", "unrounded", "rounded", "amount", "note"])
            for l in lines:
                w.writerow([l.period, l.payee, l.component, l.order_id, l.date.isoformat(),
                            f"{l.unrounded:f}", fmt_money(l.rounded), fmt_money(l.amount), l.note])
        with open(os.path.join(out, "reference_exceptions.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["kind", "order_id", "detail"])
            for e in sorted(exceptions, key=lambda e: (e[0], e[1].encode(), e[2])):
                w.writerow(e)
    return total


def check_yaml(model: dict) -> int:
    try:
        import yaml  # noqa: only for this optional check
    except ImportError:
        print("PyYAML is not installed: cannot compare with the YAML files", file=sys.stderr)
        return 1

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        if isinstance(x, dt.date):
            return x.isoformat()
        if isinstance(x, (int, Decimal)) and not isinstance(x, bool):
            return str(x)
        return x

    ok = True
    for name in ("plan", "org"):
        with open(os.path.join(EXAMPLE_DIR, f"{name}.yaml"), encoding="utf-8") as f:
            y = norm(yaml.safe_load(f))
        if y != norm(model[name]):
            print(f"{name}.yaml and the JSON mirror differ", file=sys.stderr)
            ok = False
    print("JSON mirror matches plan.yaml and org.yaml" if ok else "mismatch")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=DEFAULT_MODEL, help="JSON mirror of plan.yaml + org.yaml")
    ap.add_argument("--orders", default=os.path.join(EXAMPLE_DIR, "orders.csv"))
    ap.add_argument("--out", help="output directory")
    ap.add_argument("--explain", action="store_true", help="also write per-line and exception files")
    ap.add_argument("--check-yaml", action="store_true", help="compare the JSON mirror with the YAML files")
    args = ap.parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        # Numbers as Decimal, never float.
        model = json.load(f, parse_float=Decimal)
    if args.check_yaml:
        return check_yaml(model)
    if not args.out:
        ap.error("--out is required")
    lines, statements, exceptions = run(model, args.orders)
    total = write_outputs(args.out, lines, statements, exceptions, args.explain)
    print(f"{len(statements)} statement rows, {len(lines)} lines, "
          f"{len(exceptions)} exceptions, total {fmt_money(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
