#!/usr/bin/env python3
"""payplan's ``plan.evaluate`` against the best vectorised pandas version of
the same plan, on the ledger of bench/ledger_fixture.hpp.

    python3 bench/pandas_compare.py --rows 1000000 10000000

The ledger: 10k accounts owned by 500 reps (account a by rep a % 500), two
years (2025-2026) of orders in date order, amounts 10.00 to 5000.00 with 1%
credit notes (a quarter of an amount, negative), built once from a fixed
seed. The plan (ledger_fixture.hpp's make_plan): quarterly periods, a flat
3% (``base``) and marginal tiers on each rep's cumulative credited sales in
the quarter (``accel``): up to 100000 at 2%, up to 200000 at 4%, above at 6%.

The pandas version works in integer cents and hundredths of a cent, so it is
exact: each line is rounded half-even to the cent once, as the contract says
(spec 1), then summed into statements. It uses groupby + cumsum for the
cumulative sales and clip for the tier bands. It relies on the frame being
in (date, order_id) order, as generated (payplan sorts for itself).

Both sides get the same DataFrame: ``amount_cents`` (int64) for pandas,
``amount`` (pyarrow decimal128(18, 2), exact cents) for payplan, which
ignores the extra column (spec 2). Each is timed best of 3 with
time.perf_counter, from the DataFrame to a statements DataFrame, and the two
must agree on every statement (period, payee, component) to the cent.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

try:
    import payplan
except ImportError:  # a development tree: the module built into bindings/python
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bindings" / "python"))
    import payplan

PAYEES = 500
ACCOUNTS = 10_000
DAYS = 730  # 2025-01-01 .. 2026-12-31
FIRST_DAY = np.datetime64("2025-01-01", "D")
SEED = 42

PLAN_YAML = """\
plan: bench
currency: USD
period: quarter
effective: {from: 2025-01-01, to: 2026-12-31}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: 3%}
  - id: accel
    type: commission
    payees: {role: rep}
    tiers:
      basis: sales
      method: marginal
      table: [{upto: 100000, rate: 2%}, {upto: 200000, rate: 4%}, {rate: 6%}]
"""

# the plan in integer units: rates in hundredths of a percent-of-one (3% = 3 hundredths of a cent per cent)
BASE_RATE = 3  # 3%: cents x 3 = hundredths of a cent
TIER_RATES = (2, 4, 6)  # percent
TIER_BOUNDS = (100_000_00, 200_000_00)  # in cents


def org_yaml() -> str:
    people = ["people:", "  - {id: boss, role: manager}"]
    people += [f"  - {{id: rep{p}, role: rep, reports_to: boss}}" for p in range(PAYEES)]
    accounts = ["accounts:"]
    accounts += [f"  - {{id: ACC{a}, owners: [{{owner: rep{a % PAYEES}, from: 2020-01-01}}]}}" for a in range(ACCOUNTS)]
    return "\n".join(people + accounts) + "\n"


def owners() -> pd.Series:
    """Account -> owning rep, as sales ops keeps it (the org's one owners entry per account)."""
    return pd.Series([f"rep{a % PAYEES}" for a in range(ACCOUNTS)], index=[f"ACC{a}" for a in range(ACCOUNTS)])


def make_orders(n: int, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    account = rng.integers(0, ACCOUNTS, n)
    cents = rng.integers(1_000, 500_001, n)  # 10.00 .. 5000.00
    credit_note = rng.integers(0, 100, n) == 0
    cents = np.where(credit_note, -(cents // 4), cents)
    day = np.arange(n, dtype=np.int64) * DAYS // n  # in date order, as the fixture
    words = np.empty((n, 2), dtype=np.int64)  # int64 cents as 128-bit decimal words (sign-extended)
    words[:, 0] = cents
    words[:, 1] = cents >> 63
    decimals = pa.Array.from_buffers(pa.decimal128(18, 2), n, [None, pa.py_buffer(words)])
    return pd.DataFrame({
        "order_id": np.array([f"SO{i:09d}" for i in range(n)], dtype=object),
        "date": (FIRST_DAY + day).astype("datetime64[s]"),
        "account": pd.Categorical.from_codes(account, categories=[f"ACC{a}" for a in range(ACCOUNTS)]),
        "amount": pd.arrays.ArrowExtensionArray(decimals),
        "amount_cents": cents,
    })


# --- pandas ---------------------------------------------------------------------------------------


def round_half_even(numerator: np.ndarray, denominator: int) -> np.ndarray:
    """numerator / denominator rounded half-even to an integer, exactly (floor divmod: 0 <= r < d)."""
    q, r = np.divmod(numerator, denominator)
    twice = 2 * r
    return q + ((twice > denominator) | ((twice == denominator) & (q % 2 == 1)))


def tier_integral(x: np.ndarray) -> np.ndarray:
    """The integral of the marginal rate from 0 to x cents, in hundredths of a cent. Below 0 the
    first tier's rate applies (min(x, b1) is x), as payplan's contract notes say."""
    b1, b2 = TIER_BOUNDS
    r1, r2, r3 = TIER_RATES
    return r1 * np.minimum(x, b1) + r2 * np.clip(x - b1, 0, b2 - b1) + r3 * np.maximum(x - b2, 0)


def pandas_statements(orders: pd.DataFrame, owner_of: pd.Series) -> pd.DataFrame:
    """One row per (period, payee, component) with the statement in integer cents."""
    owner = owner_of.reindex(orders["account"].cat.categories)  # credit each order to its account's owner
    payee_codes, payee_names = pd.factorize(owner)
    payee = payee_codes[orders["account"].cat.codes.to_numpy()]
    quarter = orders["date"].to_numpy().astype("datetime64[M]").astype(np.int64) // 3  # quarters since 1970
    amount = orders["amount_cents"].to_numpy()

    base = round_half_even(amount * BASE_RATE, 100)  # a x 3%, hundredths of a cent -> cents
    key = payee.astype(np.int64) * 100_000 + quarter
    after = pd.Series(amount).groupby(key, sort=False).cumsum().to_numpy()  # c + a, in (date, order_id) order
    accel = round_half_even(tier_integral(after) - tier_integral(after - amount), 100)

    sums = pd.DataFrame({"key": key, "base": base, "accel": accel}).groupby("key", sort=True).sum()
    keys = sums.index.to_numpy()
    q = keys % 100_000
    period = pd.Series(1970 + q // 4).astype(str) + "-Q" + pd.Series(q % 4 + 1).astype(str)
    statements = pd.DataFrame({
        "period": np.tile(period.to_numpy(), 2),
        "payee": np.tile(np.asarray(payee_names)[keys // 100_000], 2),
        "component": np.repeat(["base", "accel"], len(keys)),
        "cents": np.concatenate([sums["base"].to_numpy(), sums["accel"].to_numpy()]),
    })
    return statements


# --- payplan --------------------------------------------------------------------------------------


KEEP_LINES = False  # --keep-lines: as plan.evaluate(df, org) by default, every line kept for result.lines


def payplan_statements(plan: payplan.Plan, org: payplan.Org, orders: pd.DataFrame) -> pd.DataFrame:
    # pandas makes statements only; so does payplan with lines=False (issue 11)
    return plan.evaluate(orders, org, lines=KEEP_LINES).statements


# --- the comparison -------------------------------------------------------------------------------

T = TypeVar("T")


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def timed(setup: Callable[[], T], run: Callable[[T], object]) -> float:
    value = setup()
    gc.collect()
    start = time.perf_counter()
    run(value)
    return time.perf_counter() - start


def cents_by_statement(frame: pd.DataFrame, column: str) -> dict[tuple[str, str, str], int]:
    if column == "amount":  # exact decimals -> integer cents, one Decimal per statement row
        values = [int(Decimal(v).scaleb(2)) for v in frame["amount"]]
    else:
        values = [int(v) for v in frame[column]]
    return {(str(p), str(who), str(c)): v for p, who, c, v in
            zip(frame["period"], frame["payee"], frame["component"], values)}


def compare(rows: int, repeat: int) -> tuple[float, float, tuple[float, float, float], int]:
    orders = make_orders(rows)
    plan = payplan.Plan.from_yaml(PLAN_YAML)
    org = payplan.Org.from_yaml(org_yaml())
    owner_of = owners()

    pandas_s, by_pandas = best_of(repeat, lambda: pandas_statements(orders, owner_of))
    payplan_s, by_payplan = best_of(repeat, lambda: payplan_statements(plan, org, orders))
    # where payplan's time goes: taking the columns, the engine, the statements table
    load_s, ledger = best_of(repeat, lambda: payplan.Orders.from_frame(orders))
    engine_s, result = best_of(repeat, lambda: plan.evaluate(ledger, org, lines=KEEP_LINES))
    table_s = min(timed(lambda: plan.evaluate(ledger, org, lines=KEEP_LINES), lambda r: r.statements)
                  for _ in range(repeat))
    del ledger, result

    expected = cents_by_statement(by_pandas, "cents")
    got = cents_by_statement(by_payplan, "amount")
    if got != expected:
        diff = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
        raise SystemExit(f"{rows} rows: {len(diff)} statements differ, e.g. {diff[:3]}: "
                         f"pandas {[expected.get(k) for k in diff[:3]]}, payplan {[got.get(k) for k in diff[:3]]}")
    # the same check per payee and quarter (both components), as a reader would total them
    per_quarter: dict[tuple[str, str], int] = {}
    for (period, payee, _), cents in got.items():
        per_quarter[(period, payee)] = per_quarter.get((period, payee), 0) + cents
    assert len(per_quarter) == len(got) // 2 == PAYEES * 8
    return pandas_s, payplan_s, (load_s, engine_s, table_s), len(got)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000], help="ledger sizes (default 1000000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing, the best is kept (default 3)")
    parser.add_argument("--keep-lines", action="store_true",
                        help="evaluate with lines=True (every line kept, as for result.lines); default lines=False")
    args = parser.parse_args(argv)
    global KEEP_LINES
    KEEP_LINES = args.keep_lines

    print(f"payplan {payplan.__version__}, pandas {pd.__version__}, pyarrow {pa.__version__}, numpy {np.__version__}")
    print(f"{'rows':>12}  {'pandas s':>9}  {'payplan s':>9}  {'ratio':>6}  |  {'from_frame':>10}  {'engine':>7}  "
          f"{'statements':>10}  check")
    for rows in args.rows:
        pandas_s, payplan_s, (load_s, engine_s, table_s), statements = compare(rows, args.repeat)
        print(f"{rows:>12,}  {pandas_s:>9.3f}  {payplan_s:>9.3f}  {pandas_s / payplan_s:>6.2f}  |  {load_s:>10.3f}  "
              f"{engine_s:>7.3f}  {table_s:>10.3f}  {statements} statements equal to the cent", flush=True)
    print("ratio = pandas s / payplan s (above 1: payplan is faster); payplan s = plan.evaluate(df, org, lines=...).statements.\n"
          "Its parts, timed apart (seconds): from_frame = Orders.from_frame(df), engine = plan.evaluate(orders, org),\n"
          "statements = building result.statements.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
