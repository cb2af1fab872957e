"""payplan.dask (issue 14): a plan evaluated over a Dask DataFrame on a
dask.distributed LocalCluster of two worker processes (so every phase's
results are pickled between processes) writes lines.csv, statements.csv
and exceptions.csv byte for byte as ``payplan run`` does on the same
orders: every bundled example, and tests/data/partitioned (returns across
accounts, a transfer, overrides two levels up, team growth, a contest and a
rebate), with the orders shuffled and cut into 1, 3 and 17 partitions."""

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
DATA = Path(__file__).resolve().parents[1] / "data" / "partitioned"  # shared with tests/engine/partitioned_test.cpp


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


def test_generated_ledger_with_returns_across_accounts(client: object, cli: Path, tmp_path: Path) -> None:
    example = Example(DATA, DATA / "plan.yaml")
    orders = _frame(example.orders)
    run = run_cli(cli, example, tmp_path / "cli")
    assert run.returncode == 0, run.stderr
    expected = _files(tmp_path / "cli")
    kinds = set(pd.read_csv(tmp_path / "cli" / "exceptions.csv")["kind"])
    assert {"no_owner", "unknown_refund_of", "refund_of_later_order", "refund_of_not_negative", "over_refunded"} <= kinds
    lines = pd.read_csv(tmp_path / "cli" / "lines.csv", dtype=str, keep_default_na=False)
    assert lines["note"].str.startswith("clawback of S3").any()  # the return across accounts claws back
    plan = payplan.Plan.from_yaml(example.plan)
    org = payplan.Org.from_yaml(example.org)
    for seed, partitions, groups in ((4, 1, None), (5, 3, None), (6, 17, 5)):
        result = ppd.evaluate(plan, _shuffled(orders, seed, partitions), org, groups=groups)
        out = tmp_path / f"dask-{partitions}"
        result.to_csv(out)
        assert _files(out) == expected, f"{partitions} partitions"
    # statements only: the same statements and exceptions, no lines
    summed = ppd.evaluate(plan, _shuffled(orders, 7, 3), org, lines=False)
    pd.testing.assert_frame_equal(summed.statements.astype(str), plan.evaluate(orders, org).statements.astype(str))
    # payees are listed by id whichever order the parts met them in (issue 15)
    assert list(summed.statements["payee"].cat.categories) == sorted(set(summed.statements["payee"].astype(str)))
    assert summed.statements["payee"].equals(plan.evaluate(orders, org).statements["payee"])
    with pytest.raises(ValueError, match="lines=False"):
        summed.lines  # noqa: B018
    with pytest.raises(ValueError, match="in parts"):
        summed.explain("r1", "S3")


def test_refuses_what_it_cannot_evaluate(client: object) -> None:
    plan, org = payplan.Plan.from_yaml(DATA / "plan.yaml"), payplan.Org.from_yaml(DATA / "org.yaml")
    orders = _frame(DATA / "orders.csv")
    with pytest.raises(TypeError, match="plan.evaluate"):
        ppd.evaluate(plan, orders, org)  # type: ignore[arg-type]
    with pytest.raises(payplan.InputError, match="field 'account'"):
        ppd.evaluate(plan, dd.from_pandas(orders.drop(columns=["account"]), npartitions=2), org)
    # the plan against the org, checked on the client: the message names the plan's file
    unknown = payplan.Org.from_yaml((DATA / "org.yaml").read_text().replace("id: vp,", "id: chief,")
                                    .replace("reports_to: vp", "reports_to: chief"))
    with pytest.raises(payplan.InputError, match=r"plan\.yaml.*unknown payee 'vp'"):
        ppd.evaluate(plan, dd.from_pandas(orders, npartitions=2), unknown)
    # a bad amount names the field, as plan.evaluate does
    bad = orders.copy()
    bad.loc[5, "amount"] = "12,5"
    with pytest.raises(payplan.InputError, match="amount"):
        ppd.evaluate(plan, dd.from_pandas(bad, npartitions=3), org)


def test_compare_is_payplan_compare(client: object, tmp_path: Path) -> None:
    # what-if in parts: the rows, totals, credited revenue and summary of payplan.compare
    folder = Path(__file__).resolve().parents[2] / "rules-examples" / "plan-change"
    a = payplan.Plan.from_yaml(folder / "plan-2025.yaml")
    b = payplan.Plan.from_yaml(folder / "plan-2026-proposal.yaml")
    org = payplan.Org.from_yaml(folder / "org.yaml")
    orders = _frame(folder / "orders.csv")
    one = payplan.compare(a, b, orders, org)
    parts = ppd.compare(a, b, _shuffled(orders, 8, 3), org)
    pd.testing.assert_frame_equal(parts.rows.astype(str), one.rows.astype(str))
    assert (parts.total_a, parts.total_b, parts.revenue) == (one.total_a, one.total_b, one.revenue)
    assert parts.total_a != parts.total_b  # the proposal changes what is paid
    assert parts.summary_text() == one.summary_text()
    pd.testing.assert_frame_equal(parts.summary(), one.summary())
    # the report in parts is the report in one, plan diff, roles and teams included
    parts.to_html(tmp_path / "parts.html")
    one.to_html(tmp_path / "one.html")
    text = (tmp_path / "parts.html").read_text(encoding="utf-8")
    assert text == (tmp_path / "one.html").read_text(encoding="utf-8")
    assert "What changed between the plans" in text
    assert "<b>team-growth</b>: new" in text
