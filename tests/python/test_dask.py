"""payplan.dask (issue 14): a plan evaluated over a Dask DataFrame on a
dask.distributed LocalCluster of two worker processes (so every phase's
results are pickled between processes) writes lines.csv, statements.csv
and exceptions.csv byte for byte as ``payplan run`` does on the same
orders: every bundled example, and a generated ledger with returns across
accounts, a transfer, overrides two levels up, a contest and a rebate, with
the orders shuffled and cut into 1, 3 and 17 partitions."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Iterator

import pandas as pd
import pytest

import payplan

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
import payplan.dask as ppd  # noqa: E402

from conftest import Example, run_cli  # noqa: E402

FILES = ("lines.csv", "statements.csv", "exceptions.csv")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _shuffled(frame: pd.DataFrame, seed: int, partitions: int) -> "dd.DataFrame":
    rows = list(range(len(frame)))
    random.Random(seed).shuffle(rows)
    return dd.from_pandas(frame.iloc[rows].reset_index(drop=True), npartitions=partitions, sort=False)


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def test_every_example_is_byte_identical_to_payplan_run(client: object, cli: Path, example: Example,
                                                        tmp_path: Path) -> None:
    run = run_cli(cli, example, tmp_path / "cli")
    assert run.returncode == 0, run.stderr
    expected = _files(tmp_path / "cli")
    plan = payplan.Plan.from_yaml(example.plan)
    org = payplan.Org.from_yaml(example.org)
    orders = _frame(example.orders)
    credits = _frame(example.credits) if example.credits else None
    for seed, partitions in ((1, 1), (2, 3), (3, 17)):
        result = ppd.evaluate(plan, _shuffled(orders, seed, partitions), org, credits=credits)
        out = tmp_path / f"dask-{partitions}"
        result.to_csv(out)
        assert _files(out) == expected, f"{example.name}, {partitions} partitions"


def _generated() -> tuple[str, str, pd.DataFrame]:
    plan = """plan: generated
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
transfer_terms:
  ramp:
    ramp:
      by: sales
      steps:
        - {from: 0, share: 50%}
        - {from: 2000, share: 100%}
components:
  - id: c
    type: commission
    payees: {role: rep}
    cap: 100
    tiers: {basis: attainment, method: marginal, table: [{upto: 50%, rate: 2%}, {upto: 100%, rate: 5%}, {rate: 8%}]}
  - {id: o, type: override, payees: {role: manager}, rates: [2%, 1%]}
  - {id: g, type: team_growth, payees: [vp], baseline: previous_period, rate: 3%}
  - {id: b, type: team_attainment_bonus, payees: {role: manager}, attainment: 60%, amount: 250}
  - {id: k, type: contest, payees: {role: rep}, window: {from: 2026-04-01, to: 2026-09-30}, metric: sales, prizes: [500, 200]}
  - id: r
    type: rebate
    tiers: {basis: sales, method: retroactive, table: [{upto: 3000, rate: 0%}, {rate: 1%}]}
"""
    people = ["people:", "  - {id: vp, role: manager}", "  - {id: m1, role: manager, reports_to: vp}",
              "  - {id: m2, role: manager, reports_to: vp}"]
    accounts, quotas = ["accounts:"], ["quotas:"]
    rows = []
    for r in range(8):
        rep = f"r{r}"
        people.append(f"  - {{id: {rep}, role: rep, reports_to: {'m1' if r < 4 else 'm2'}}}")
        for a in range(2):
            acct = f"A{r}{a}"
            if r == 3 and a == 1:  # handed from r3 to r4 under ramp terms
                accounts.append(f"  - {{id: {acct}, owners: [{{owner: r3, from: 2025-01-01}}, "
                                "{owner: r4, from: 2026-05-01, terms: ramp}]}")
            else:
                accounts.append(f"  - {{id: {acct}, owners: [{{owner: {rep}, from: 2025-01-01}}]}}")
        quotas += [f"  - {{person: {rep}, period: 2026-Q{q}, amount: 6000}}" for q in range(1, 5)]
    n = 0
    for month in range(1, 13):
        for r in range(8):
            for a in range(2):
                amount = 300 + ((month * 37 + r * 11 + a * 53) % 17) * 50
                rows.append((f"S{n}", f"2026-{month:02d}-1{r}", f"A{r}{a}", str(amount), ""))
                n += 1
    rows += [("X1", "2026-03-20", "A51", "-120", "S3"),    # S3 on A11: another account, another team
             ("X2", "2026-06-25", "A00", "-200", "S40"),
             ("X3", "2026-07-01", "A60", "-50", "NOPE"),   # names no order
             ("X4", "2026-02-01", "A70", "-50", "S150"),   # names a later order
             ("X5", "2026-08-01", "A71", "-10", "S7"),     # S7 on A31 before the handover
             ("X6", "2026-09-01", "A20", "-900", "S60"),   # two returns of S60 add up to more than it
             ("X7", "2026-09-02", "A21", "-900", "S60"),
             ("X8", "2026-10-01", "A10", "100", "S9"),     # not negative: a plain order
             ("X9", "2026-11-01", "ZZ", "75", "")]         # an account not in the org
    org = "\n".join(people + accounts + quotas) + "\n"
    return plan, org, pd.DataFrame(rows, columns=["order_id", "date", "account", "amount", "refund_of"])


def test_generated_ledger_with_returns_across_accounts(client: object, cli: Path, tmp_path: Path) -> None:
    plan_text, org_text, orders = _generated()
    (tmp_path / "plan.yaml").write_text(plan_text)
    (tmp_path / "org.yaml").write_text(org_text)
    orders.to_csv(tmp_path / "orders.csv", index=False)
    example = Example(tmp_path, tmp_path / "plan.yaml")
    run = run_cli(cli, example, tmp_path / "cli")
    assert run.returncode == 0, run.stderr
    expected = _files(tmp_path / "cli")
    kinds = set(pd.read_csv(tmp_path / "cli" / "exceptions.csv")["kind"])
    assert {"no_owner", "unknown_refund_of", "refund_of_later_order", "refund_of_not_negative", "over_refunded"} <= kinds
    lines = pd.read_csv(tmp_path / "cli" / "lines.csv", dtype=str, keep_default_na=False)
    assert lines["note"].str.startswith("clawback of S3").any()  # the return across accounts claws back
    plan = payplan.Plan.from_yaml(plan_text)
    org = payplan.Org.from_yaml(org_text)
    for seed, partitions, groups in ((4, 1, None), (5, 3, None), (6, 17, 5)):
        result = ppd.evaluate(plan, _shuffled(orders, seed, partitions), org, groups=groups)
        out = tmp_path / f"dask-{partitions}"
        result.to_csv(out)
        assert _files(out) == expected, f"{partitions} partitions"
    # statements only: the same statements and exceptions, no lines
    summed = ppd.evaluate(plan, _shuffled(orders, 7, 3), org, lines=False)
    # (categories in the order payees were met, which differs: the values are the same)
    pd.testing.assert_frame_equal(summed.statements.astype(str), plan.evaluate(orders, org).statements.astype(str))
    with pytest.raises(ValueError, match="lines=False"):
        summed.lines  # noqa: B018
    with pytest.raises(ValueError, match="in parts"):
        summed.explain("r1", "S3")


def test_refuses_what_it_cannot_evaluate(client: object) -> None:
    plan_text, org_text, orders = _generated()
    plan, org = payplan.Plan.from_yaml(plan_text), payplan.Org.from_yaml(org_text)
    with pytest.raises(TypeError, match="plan.evaluate"):
        ppd.evaluate(plan, orders, org)  # type: ignore[arg-type]
    with pytest.raises(payplan.InputError, match="field 'account'"):
        ppd.evaluate(plan, dd.from_pandas(orders.drop(columns=["account"]), npartitions=2), org)
    # a bad amount names the field, as plan.evaluate does
    bad = orders.copy()
    bad.loc[5, "amount"] = "12,5"
    with pytest.raises(payplan.InputError, match="amount"):
        ppd.evaluate(plan, dd.from_pandas(bad, npartitions=3), org)
