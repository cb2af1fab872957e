#!/usr/bin/env python3
"""pandas peer of `payplan run` (issue 11): FOLDER's orders.csv, org.yaml and plan.yaml
to payplan's statements.csv, exactly, with the pyarrow CSV engine (all threads for the
read; pandas' own operations are single-threaded).

    python3 bench/e2e/peer_pandas.py FOLDER OUT.csv

Money in int64 cents: the amount text is parsed without a float (the digits without the
'.', scaled by the fraction's length; more than 2 fractional digits is an error). Each
line is rounded half-even to the cent once (spec 1) with integer numpy arithmetic (the
arithmetic of bench/pandas_compare.py), then summed per (quarter, payee, component). The
marginal tiers take a groupby cumsum in (date, order_id) order: the frame is sorted by
those columns unless a vectorised check finds it already in that order.
Only make_ledger.py's plan family is computed (family.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import family


def half_even(numerator: np.ndarray, den: int) -> np.ndarray:
    """numerator / den rounded half-even to an integer, exactly (floor divmod: 0 <= r < den)."""
    q, r = np.divmod(numerator, den)
    twice = 2 * r
    return q + ((twice > den) | ((twice == den) & (q % 2 == 1)))


def tier_integral(x: np.ndarray) -> np.ndarray:
    (b1, b2), (r1, r2, r3) = family.TIER_BOUNDS, family.TIER_RATES
    return r1 * np.minimum(x, b1) + r2 * np.clip(x - b1, 0, b2 - b1) + r3 * np.maximum(x - b2, 0)


def parse_cents(text: pd.Series) -> np.ndarray:
    """'1809.17' -> 180917, '-0.25' -> -25, '12' -> 1200, '1.5' -> 150; more than 2 fraction digits: error."""
    dot = text.str.find(".").to_numpy(np.int64)
    fraction = np.where(dot < 0, 0, text.str.len().to_numpy(np.int64) - dot - 1)
    if (fraction > 2).any():
        raise SystemExit(f"orders.csv: {(fraction > 2).sum()} amounts with more than 2 fractional digits")
    digits = text.str.replace(".", "", regex=False).astype("int64").to_numpy()
    return digits * 10 ** (2 - fraction)


def in_order(date: np.ndarray, order_id: pd.Series) -> bool:
    """Whether the rows are in (date, order_id) order already."""
    ids = order_id.array
    later = date[1:] > date[:-1]
    same = date[1:] == date[:-1]
    return bool(np.all(later | (same & np.asarray(ids[1:] > ids[:-1], dtype=bool))))


def main() -> None:
    folder, out = family.main_args()
    fam = family.load(folder)
    orders = pd.read_csv(folder / "orders.csv", engine="pyarrow", dtype_backend="pyarrow",
                         dtype={"order_id": "string[pyarrow]", "account": "string[pyarrow]",
                                "amount": "string[pyarrow]", "date": "string[pyarrow]"})
    if "currency" in orders and (orders["currency"] != "USD").any():
        raise SystemExit(f"{folder / 'orders.csv'}: a currency other than USD")
    date = pd.to_datetime(orders["date"], format="%Y-%m-%d").to_numpy("datetime64[D]")
    keep = (date >= np.datetime64(fam.first)) & (date <= np.datetime64(fam.last))
    # credit each order to its account's owner (spec 3): account -> payee code
    payee_names = np.array(sorted(set(fam.owners)), dtype=object)
    owner_code = pd.Series(np.searchsorted(payee_names, np.array(fam.owners, dtype=object)), index=fam.accounts)
    payee = pd.Series(orders["account"].to_numpy(object)).map(owner_code).to_numpy()
    keep &= ~np.isnan(payee)
    if not keep.all():
        orders, date, payee = orders[keep].reset_index(drop=True), date[keep], payee[keep]
    payee = payee.astype(np.int64)
    if not in_order(date.astype(np.int64), orders["order_id"]):
        order = pd.DataFrame({"d": date, "id": orders["order_id"]}).sort_values(["d", "id"], kind="stable").index
        orders, date, payee = orders.iloc[order].reset_index(drop=True), date[order], payee[order]
    amount = parse_cents(orders["amount"])
    quarter = date.astype("datetime64[M]").astype(np.int64) // 3  # quarters since 1970
    key = payee * 100 + (quarter - quarter.min())

    lines: dict[str, np.ndarray] = {}
    for c in fam.components:
        if c in family.FLAT:
            lines[c] = half_even(amount * family.FLAT[c][0], family.FLAT[c][1])
        elif c == "accel":
            after = pd.Series(amount).groupby(key, sort=False).cumsum().to_numpy()  # c + a
            lines[c] = half_even(tier_integral(after) - tier_integral(after - amount), family.TIER_DEN)
        elif c == "mgr":
            lines[c] = half_even(amount * family.MGR[0], family.MGR[1])
    sums = pd.DataFrame({"key": key, **lines}).groupby("key", sort=True).sum()
    keys = sums.index.to_numpy()
    q = keys % 100 + quarter.min()
    period = np.array([f"{1970 + k // 4}-Q{k % 4 + 1}" for k in range(q.min(), q.max() + 1)], dtype=object)[q - q.min()]
    who = payee_names[keys // 100]
    rows: list[tuple[str, str, str, int]] = []
    for c in lines:
        if c != "mgr":
            rows += zip(period, who, [c] * len(keys), sums[c].tolist())
    if "mgr" in lines:
        manager = pd.Series(who).map(fam.manager_of)
        has = manager.notna().to_numpy()
        mgr = pd.DataFrame({"period": period[has], "payee": manager[has].to_numpy(), "amount": sums["mgr"].to_numpy()[has]})
        mgr = mgr.groupby(["period", "payee"], sort=False)["amount"].sum()
        rows += [(p, m, "mgr", int(v)) for (p, m), v in mgr.items()]
    family.write_statements([(p, w, c, int(v)) for p, w, c, v in rows], out)


if __name__ == "__main__":
    main()
