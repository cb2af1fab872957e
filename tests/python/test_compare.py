"""payplan.compare: the Python view of `payplan compare`."""

from __future__ import annotations

import csv
import decimal
import subprocess
from pathlib import Path

import pytest

import payplan
from conftest import CLI_PATH as CLI, REPO_ROOT as REPO

HANDOVER = REPO / "rules-examples" / "account-handover"
D = decimal.Decimal


@pytest.fixture(scope="module")
def org() -> payplan.Org:
    return payplan.Org.from_yaml(HANDOVER / "org.yaml")


def test_a_plan_compared_with_itself_has_no_deltas(org: payplan.Org) -> None:
    plan = payplan.Plan.from_yaml(HANDOVER / "plan-threshold.yaml")
    c = payplan.compare(plan, plan, HANDOVER / "orders.csv", org)
    assert len(c.rows) > 0
    assert all(d == 0 for d in c.rows["delta"])
    assert c.total_a == c.total_b


def test_compare_matches_two_evaluations_and_the_readme(org: payplan.Org) -> None:
    a = payplan.Plan.from_yaml(HANDOVER / "plan-no-terms.yaml")
    b = payplan.Plan.from_yaml(HANDOVER / "plan-threshold.yaml")
    c = payplan.compare(a, b, HANDOVER / "orders.csv", org, start="2026-01-01")
    # account-handover/README.md: raj earns 23,950.66 in 2026 with no terms, 21,686.68 under the threshold
    raj = c.payees[c.payees["payee"] == "raj"].iloc[0]
    assert raj["amount_a"] == D("23950.66")
    assert raj["amount_b"] == D("21686.68")
    assert raj["delta"] == D("-2263.98")
    assert c.total_a == a.evaluate(HANDOVER / "orders.csv", org, start="2026-01-01").total
    assert c.total_b == b.evaluate(HANDOVER / "orders.csv", org, start="2026-01-01").total


@pytest.mark.skipif(not CLI.exists(), reason="build/payplan is not built")
def test_compare_csv_equals_the_cli(org: payplan.Org, tmp_path: Path) -> None:
    a, b = HANDOVER / "plan-no-terms.yaml", HANDOVER / "plan-ramp-sales.yaml"
    subprocess.run([str(CLI), "compare", "--plan", str(a), "--plan", str(b), "--org", str(HANDOVER / "org.yaml"),
                    "--orders", str(HANDOVER / "orders.csv"), "--out", str(tmp_path / "cli")],
                   check=True, capture_output=True)
    c = payplan.compare(payplan.Plan.from_yaml(a), payplan.Plan.from_yaml(b), HANDOVER / "orders.csv", org)
    c.to_csv(tmp_path / "py")
    for name in ("compare.csv", "summary.csv"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    with open(tmp_path / "cli" / "compare.csv", newline="") as f:
        cli_rows = list(csv.DictReader(f))
    assert [D(r["delta"]) for r in cli_rows] == list(c.rows["delta"])
    c.to_html(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")
