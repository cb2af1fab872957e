#!/usr/bin/env python3
"""Polars peer of `payplan run` (issue 11): FOLDER's orders.csv, org.yaml and plan.yaml
to payplan's statements.csv, exactly, with Polars' lazy engine on all threads.

    python3 bench/e2e/peer_polars.py FOLDER OUT.csv

Money in integer cents: the amount text is parsed into cents without a float (the digits
without the '.', scaled by the fraction's length; more than 2 fractional digits is an
error). Each line is rounded half-even to the cent once (spec 1) in integers, then summed
per (quarter, payee, component). The marginal tiers take each rep's cumulative cents in
the quarter in (date, order_id) order (a window ordered by those columns: the file's row
order does not matter). Only make_ledger.py's plan family is computed (family.py).
"""

from __future__ import annotations

import polars as pl

import family


def half_even(v: pl.Expr, den: int) -> pl.Expr:
    """v / den rounded half-even to an integer, exactly (floor division: 0 <= r < den)."""
    q = v // den
    r2 = 2 * (v - q * den)
    return q + ((r2 > den) | ((r2 == den) & (q % 2 == 1))).cast(pl.Int64)


def tier_integral(x: pl.Expr) -> pl.Expr:
    (b1, b2), (r1, r2, r3) = family.TIER_BOUNDS, family.TIER_RATES
    return (r1 * pl.min_horizontal(x, pl.lit(b1)) + r2 * (x - b1).clip(0, b2 - b1)
            + r3 * pl.max_horizontal(x - b2, pl.lit(0)))


def cents(text: pl.Expr) -> pl.Expr:
    """'1809.17' -> 180917, '-0.25' -> -25, '12' -> 1200, '1.5' -> 150; null if more than 2 fraction digits."""
    dot = text.str.find(".", literal=True)
    fraction = (text.str.len_bytes().cast(pl.Int64) - dot.cast(pl.Int64) - 1).fill_null(0)
    digits = text.str.replace(".", "", literal=True).cast(pl.Int64, strict=True)
    return (pl.when(fraction == 2).then(digits).when(fraction == 1).then(digits * 10)
            .when(fraction == 0).then(digits * 100).otherwise(None))


def main() -> None:
    folder, out = family.main_args()
    fam = family.load(folder)
    org = pl.LazyFrame({
        "account": fam.accounts,
        "payee": fam.owners,
        "manager": [fam.manager_of.get(o) for o in fam.owners],
    })
    orders = pl.scan_csv(folder / "orders.csv", schema_overrides={
        "order_id": pl.String, "date": pl.Date, "account": pl.String, "amount": pl.String, "currency": pl.String})
    has_currency = "currency" in orders.collect_schema().names()
    a = pl.col("cents")
    lines = {c: half_even(a * num, den) for c, (num, den) in family.FLAT.items() if c in fam.components}
    if "accel" in fam.components:
        after = a.cum_sum().over(["payee", "quarter"], order_by=["date", "order_id"])  # c + a
        lines["accel"] = half_even(tier_integral(after) - tier_integral(after - a), family.TIER_DEN)
    if "mgr" in fam.components:
        lines["mgr"] = half_even(a * family.MGR[0], family.MGR[1])
    bad = a.is_null() | (pl.col("currency") != "USD" if has_currency else pl.lit(False))
    per_rep = (
        orders.filter(pl.col("date").is_between(fam.first, fam.last))
        .join(org, on="account", how="inner")  # orders credited to the account's owner (spec 3)
        .with_columns(cents=cents(pl.col("amount")),
                      quarter=pl.col("date").dt.year().cast(pl.String) + "-Q" + pl.col("date").dt.quarter().cast(pl.String))
        .with_columns(**lines, bad=bad)
        .group_by("quarter", "payee", "manager")
        .agg(*(pl.col(c).sum() for c in lines), pl.col("bad").sum())
        .collect(engine="streaming")
    )
    if per_rep["bad"].sum():
        raise SystemExit(f"{folder / 'orders.csv'}: {per_rep['bad'].sum()} rows with an amount of more than "
                         "2 fractional digits or a currency other than USD")
    rep_parts = [per_rep.select("quarter", "payee", pl.lit(c).alias("component"), pl.col(c).alias("amount"))
                 for c in lines if c != "mgr"]
    if "mgr" in lines:
        rep_parts.append(per_rep.filter(pl.col("manager").is_not_null()).group_by("quarter", "manager")
                         .agg(pl.col("mgr").sum()).select("quarter", pl.col("manager").alias("payee"),
                                                          pl.lit("mgr").alias("component"), pl.col("mgr").alias("amount")))
    statements = pl.concat(rep_parts)
    family.write_statements(list(statements.iter_rows()), out)


if __name__ == "__main__":
    main()
