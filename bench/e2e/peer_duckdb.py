#!/usr/bin/env python3
"""DuckDB peer of `payplan run` (issue 11): FOLDER's orders.csv, org.yaml and plan.yaml
to payplan's statements.csv, exactly, in one SQL query on all threads.

    python3 bench/e2e/peer_duckdb.py FOLDER OUT.csv

Money in integer cents (BIGINT): the amount text is parsed without a float or a rounding
cast (DuckDB's VARCHAR -> DECIMAL(18,2) rounds a third fractional digit silently, so the
digits are taken without the '.', scaled by the fraction's length; more than 2 fractional
digits is an error). Each line is rounded half-even to the cent once (spec 1) with integer
arithmetic, then summed per (quarter, payee, component). The marginal tiers take each
rep's cumulative cents in the quarter from a window ordered by (date, order_id).
Only make_ledger.py's plan family is computed (family.py).
"""

from __future__ import annotations

import duckdb

import family


def half_even(v: str, den: int) -> str:
    """v / den rounded half-even, exactly: q = floor(v / den), r = v - q * den in [0, den)."""
    q = f"floor_div({v}, {den})"
    return (f"({q} + CASE WHEN 2 * ({v} - {q} * {den}) > {den} OR (2 * ({v} - {q} * {den}) = {den} "
            f"AND {q} % 2 <> 0) THEN 1 ELSE 0 END)")


def tier_integral(x: str) -> str:
    (b1, b2), (r1, r2, r3) = family.TIER_BOUNDS, family.TIER_RATES
    return (f"({r1} * least({x}, {b1}) + {r2} * least(greatest({x} - {b1}, 0), {b2 - b1}) "
            f"+ {r3} * greatest({x} - {b2}, 0))")


def main() -> None:
    folder, out = family.main_args()
    fam = family.load(folder)
    con = duckdb.connect()
    # integer floor division (DuckDB's // truncates toward zero like C)
    con.execute("CREATE MACRO floor_div(v, d) AS (v // d) - CASE WHEN v % d < 0 THEN 1 ELSE 0 END")
    con.execute("CREATE TABLE org AS SELECT unnest($1::VARCHAR[]) AS account, unnest($2::VARCHAR[]) AS payee, "
                "unnest($3::VARCHAR[]) AS manager",
                [fam.accounts, fam.owners, [fam.manager_of.get(o) for o in fam.owners]])
    csv = str(folder / "orders.csv").replace("'", "''")
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{csv}', header = true)").fetchall()]
    has_currency = "currency" in columns
    lines = {c: half_even(f"cents * {num}", den) for c, (num, den) in family.FLAT.items() if c in fam.components}
    if "accel" in fam.components:
        lines["accel"] = half_even(f"{tier_integral('after')} - {tier_integral('after - cents')}", family.TIER_DEN)
    if "mgr" in fam.components:
        lines["mgr"] = half_even(f"cents * {family.MGR[0]}", family.MGR[1])
    window = ("sum(cents) OVER (PARTITION BY payee, quarter ORDER BY date, order_id ROWS UNBOUNDED PRECEDING)::BIGINT"
              if "accel" in lines else "0")
    bad = "cents IS NULL" + (" OR currency IS DISTINCT FROM 'USD'" if has_currency else "")
    sql = f"""
    WITH orders AS (
      SELECT order_id, date, account, amount{', currency' if has_currency else ''},
             CAST(replace(amount, '.', '') AS BIGINT) AS digits,
             CASE WHEN strpos(amount, '.') = 0 THEN 0 ELSE length(amount) - strpos(amount, '.') END AS fraction
      FROM read_csv('{csv}', header = true,
                    types = {{'order_id': 'VARCHAR', 'date': 'DATE', 'account': 'VARCHAR', 'amount': 'VARCHAR'
                             {", 'currency': 'VARCHAR'" if has_currency else ''}}})
      WHERE date BETWEEN DATE '{fam.first}' AND DATE '{fam.last}'
    ), credited AS (  -- each order credited to its account's owner (spec 3)
      SELECT o.*, org.payee, org.manager,
             CASE fraction WHEN 2 THEN digits WHEN 1 THEN digits * 10 WHEN 0 THEN digits * 100 END AS cents,
             year(date) || '-Q' || quarter(date) AS quarter
      FROM orders o JOIN org USING (account)
    ), cumulative AS (
      SELECT *, {window} AS after FROM credited
    ), per_rep AS (
      SELECT quarter, payee, manager, {', '.join(f'sum({e})::BIGINT AS {c}' for c, e in lines.items())},
             count(*) FILTER (WHERE {bad}) AS bad
      FROM cumulative GROUP BY ALL
    )
    SELECT * FROM per_rep
    """
    con.execute(f"CREATE TEMP TABLE per_rep AS {sql}")
    bad_rows = con.execute("SELECT sum(bad) FROM per_rep").fetchone()[0]
    if bad_rows:
        raise SystemExit(f"{folder / 'orders.csv'}: {bad_rows} rows with an amount of more than "
                         "2 fractional digits or a currency other than USD")
    parts = [f"SELECT quarter, payee, '{c}', {c} FROM per_rep" for c in lines if c != "mgr"]
    if "mgr" in lines:
        parts.append("SELECT quarter, manager, 'mgr', sum(mgr)::BIGINT FROM per_rep WHERE manager IS NOT NULL "
                     "GROUP BY ALL")
    family.write_statements(con.execute(" UNION ALL ".join(parts)).fetchall(), out)


if __name__ == "__main__":
    main()
