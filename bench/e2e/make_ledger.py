#!/usr/bin/env python3
"""Writes the end-to-end benchmark's inputs (issue 11): a plan, an org and an
orders CSV, into one folder, from a fixed seed, so every tool reads the same
bytes.

    python3 bench/e2e/make_ledger.py /tmp/e2e-10m --orders 10000000

The org: MANAGERS managers (mgr0..), PAYEES reps (rep0..; rep p reports to
mgr(p % MANAGERS)), ACCOUNTS accounts (account a owned by rep(a % PAYEES)
since 2020-01-01). The orders: ids SO000000000.., two years (2025-2026) in
date order (or shuffled with --shuffle), a random account each, amounts
10.00 to 5000.00 with 1% credit notes (a quarter of an amount, negative).

The plan, quarterly, with COMPONENTS components in this order:
  1 base   commission, 3% flat, reps
  2 accel  commission, marginal tiers on the quarter's credited sales:
           up to 100000 at 2%, up to 200000 at 4%, above at 6%
  3 mgr    override, 2% of the orders credited to a manager's direct reports
  4.. flatK commission, K/10 % flat, reps (for the components scaling table)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

SEED = 42
FIRST_DAY = np.datetime64("2025-01-01", "D")
DAYS = 730  # 2025-01-01 .. 2026-12-31


def plan_yaml(components: int) -> str:
    parts = [
        "  - {id: base, type: commission, payees: {role: rep}, rate: 3%}\n",
        "  - id: accel\n    type: commission\n    payees: {role: rep}\n    tiers:\n      basis: sales\n"
        "      method: marginal\n      table: [{upto: 100000, rate: 2%}, {upto: 200000, rate: 4%}, {rate: 6%}]\n",
        "  - {id: mgr, type: override, payees: {role: manager}, rates: [2%]}\n",
    ]
    parts += [f"  - {{id: flat{k}, type: commission, payees: {{role: rep}}, rate: {k / 10:g}%}}\n"
              for k in range(4, components + 1)]
    return ("plan: e2e\ncurrency: USD\nperiod: quarter\neffective: {from: 2025-01-01, to: 2026-12-31}\n"
            "components:\n" + "".join(parts[:components]))


def org_yaml(payees: int, managers: int, accounts: int) -> str:
    lines = ["people:"]
    lines += [f"  - {{id: mgr{m}, role: manager}}" for m in range(managers)]
    lines += [f"  - {{id: rep{p}, role: rep, reports_to: mgr{p % managers}}}" for p in range(payees)]
    lines.append("accounts:")
    lines += [f"  - {{id: ACC{a}, owners: [{{owner: rep{a % payees}, from: 2020-01-01}}]}}" for a in range(accounts)]
    return "\n".join(lines) + "\n"


def fixed_digits(values: np.ndarray, width: int) -> np.ndarray:
    """Each non-negative integer as `width` ASCII digits, shape (n, width)."""
    out = np.empty((len(values), width), dtype=np.uint8)
    v = values.copy()
    for k in range(width - 1, -1, -1):
        out[:, k] = 48 + v % 10
        v //= 10
    return out


def orders_table(n: int, accounts: int, shuffle: bool) -> pa.Table:
    rng = np.random.default_rng(SEED)
    account = rng.integers(0, accounts, n)
    cents = rng.integers(1_000, 500_001, n)
    credit_note = rng.integers(0, 100, n) == 0
    cents = np.where(credit_note, -(cents // 4), cents)
    day = np.arange(n, dtype=np.int64) * DAYS // n
    ids = np.concatenate([np.full((n, 2), [ord("S"), ord("O")], dtype=np.uint8), fixed_digits(np.arange(n), 9)], axis=1)
    order_id = pa.array(np.ascontiguousarray(ids).view("S11").ravel()).cast(pa.string())
    day_names = pa.array([str(FIRST_DAY + d) for d in range(DAYS)])
    account_names = pa.array([f"ACC{a}" for a in range(accounts)])
    words = np.empty((n, 2), dtype=np.int64)  # int64 cents as decimal128 words (sign-extended)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    amount = pa.Array.from_buffers(pa.decimal128(18, 2), n, [None, pa.py_buffer(words)]).cast(pa.string())
    table = pa.table({
        "order_id": order_id,
        "date": day_names.take(pa.array(day)),
        "account": account_names.take(pa.array(account)),
        "amount": amount,
        "currency": pa.array(np.full(n, "USD", dtype=object), pa.string()),
    })
    if shuffle:
        table = table.take(pa.array(rng.permutation(n)))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--payees", type=int, default=500, help="reps (default 500)")
    parser.add_argument("--managers", type=int, default=0, help="default: one per 50 reps")
    parser.add_argument("--accounts", type=int, default=0, help="default: 20 per rep")
    parser.add_argument("--components", type=int, default=3, choices=range(1, 9), metavar="1..8")
    parser.add_argument("--shuffle", action="store_true", help="rows in random order (payplan sorts)")
    args = parser.parse_args()
    managers = args.managers or max(1, args.payees // 50)
    accounts = args.accounts or 20 * args.payees
    args.folder.mkdir(parents=True, exist_ok=True)
    (args.folder / "plan.yaml").write_text(plan_yaml(args.components))
    (args.folder / "org.yaml").write_text(org_yaml(args.payees, managers, accounts))
    table = orders_table(args.orders, accounts, args.shuffle)
    with open(args.folder / "orders.csv", "wb") as out:  # the header unquoted, as ERP exports write it
        out.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="none"))


if __name__ == "__main__":
    main()
