"""payplan.compare: the Python view of `payplan compare`."""

from __future__ import annotations

import csv
import decimal
import subprocess
from pathlib import Path

import pandas as pd
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


def small_plan(rate: str) -> payplan.Plan:
    return payplan.Plan.from_dict({"plan": f"base-{rate}", "period": "quarter",
                                   "effective": {"from": "2026-01-01", "to": "2026-12-31"},
                                   "components": [{"id": "base", "type": "commission", "payees": {"role": "rep"},
                                                   "rate": rate}]})


def small_orders() -> pd.DataFrame:
    """raj's A: 1,000.00 and 333.33 in 2026-Q1, a 200.00 return of O1 in Q2; lee's B: 2,500.50 in Q2."""
    return pd.DataFrame({
        "order_id": ["O1", "O2", "O3", "O4"],
        "date": ["2026-01-10", "2026-02-03", "2026-04-15", "2026-05-01"],
        "account": ["A", "A", "B", "A"],
        "amount": ["1000.00", "333.33", "2500.50", "-200.00"],
        "refund_of": ["", "", "", "O1"],
    })


def test_a_rate_change_compared_by_hand() -> None:
    """Two plans that differ only in the flat rate, 5% (A) and 6% (B), over four orders.

    spec 4.1 flat: g = a x rate, line = round(g) half-even to cents; a return with
    refund_of claws back original_unrounded x (-amount / original_amount).

      order                    A: 5%                            B: 6%
      O1 Q1 raj   1000.00      50.00                            60.00
      O2 Q1 raj    333.33      16.6665   -> 16.67               19.9998  -> 20.00
      O3 Q2 lee   2500.50     125.025    -> 125.02 (half, even)  150.03
      O4 Q2 raj   -200.00     -50 x 200/1000 = -10.00           -60 x 200/1000 = -12.00
                  (returns O1)

    rows:  2026-Q1 raj  66.67 -> 80.00   (+13.33)
           2026-Q2 lee 125.02 -> 150.03  (+25.01)
           2026-Q2 raj -10.00 -> -12.00  (-2.00)
    totals 181.69 -> 218.03; revenue both 1000 + 333.33 + 2500.50 - 200 = 3633.83.
    """
    org = payplan.Org.from_dict({
        "people": [{"id": "raj", "role": "rep"}, {"id": "lee", "role": "rep"}],
        "accounts": [{"id": "A", "owners": [{"owner": "raj", "from": "2020-01-01"}]},
                     {"id": "B", "owners": [{"owner": "lee", "from": "2020-01-01"}]}],
    })
    orders = small_orders()
    c = payplan.compare(small_plan("5%"), small_plan("6%"), orders, org)
    assert (c.plan_a, c.plan_b) == ("base-5%", "base-6%")
    rows = [(r.period, r.payee, r.component, r.amount_a, r.amount_b, r.delta) for r in c.rows.itertuples(index=False)]
    assert rows == [
        ("2026-Q1", "raj", "base", D("66.67"), D("80.00"), D("13.33")),
        ("2026-Q2", "lee", "base", D("125.02"), D("150.03"), D("25.01")),
        ("2026-Q2", "raj", "base", D("-10.00"), D("-12.00"), D("-2.00")),
    ]
    # payees, largest gain first: lee +25.01, raj 56.67 -> 68.00 (+11.33)
    assert [(p.payee, p.amount_a, p.amount_b, p.delta) for p in c.payees.itertuples(index=False)] == [
        ("lee", D("125.02"), D("150.03"), D("25.01")), ("raj", D("56.67"), D("68.00"), D("11.33"))]
    # periods: Q1 66.67 -> 80.00; Q2 125.02 - 10.00 = 115.02 -> 150.03 - 12.00 = 138.03
    assert [(p.period, p.amount_a, p.amount_b) for p in c.periods.itertuples(index=False)] == [
        ("2026-Q1", D("66.67"), D("80.00")), ("2026-Q2", D("115.02"), D("138.03"))]
    assert (c.total_a, c.total_b) == (D("181.69"), D("218.03"))
    assert c.revenue == (D("3633.83"), D("3633.83"))
    # summary.csv as a frame (issue 16): the same figures, exact
    summary = c.summary()
    assert list(summary.columns) == ["scope", "key", "amount_a", "amount_b", "delta"]
    money_rows = [tuple(r) for r in summary[summary["scope"] != "cost_pct"].itertuples(index=False)]
    assert money_rows == [
        ("total", "cost", D("181.69"), D("218.03"), D("36.34")),
        ("revenue", "credited", D("3633.83"), D("3633.83"), D("0.00")),
        ("period", "2026-Q1", D("66.67"), D("80.00"), D("13.33")),
        ("period", "2026-Q2", D("115.02"), D("138.03"), D("23.01")),
        ("payee", "lee", D("125.02"), D("150.03"), D("25.01")),
        ("payee", "raj", D("56.67"), D("68.00"), D("11.33")),
    ]
    # cost / revenue: 181.69 x 100 / 3633.83 = 4.99996%, 218.03 x 100 / 3633.83 = 6.000006%, to 4 decimals
    [pct] = summary[summary["scope"] == "cost_pct"].itertuples(index=False)
    assert D("4.9999") <= pct.amount_a <= D("5.0000") and D("6.0000") <= pct.amount_b <= D("6.0001")
    assert pct.delta is None
    text = c.summary_text(top=1)  # the text payplan compare prints stays available
    assert "total cost" in text and "181.69" in text and "218.03" in text
    assert "top 1 gainers under B\n  lee " in text
    # floats for charts: the same cents
    floats = c.to_float()
    assert floats["delta"].dtype == "float64"
    assert list(floats["delta"]) == [13.33, 25.01, -2.0]
    assert floats["amount_b"].describe()["max"] == 150.03


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


def test_the_report_shows_the_plan_diff_breakdowns_and_every_payee(tmp_path: Path) -> None:
    """to_html passes the plans and the org to the report (issue 16): the plan
    diff, the breakdowns by component, role and team, names beside ids.

    The plans of test_a_rate_change_compared_by_hand (5% vs 6%, raj 56.67 -> 68.00,
    lee 125.02 -> 150.03); raj and lee report to maria, who is paid nothing.
    """
    org = payplan.Org.from_dict({
        "people": [{"id": "maria", "name": "Maria Lopez", "role": "manager"},
                   {"id": "raj", "name": "Raj Patel", "role": "rep", "reports_to": "maria"},
                   {"id": "lee", "name": "Lee Chen", "role": "rep", "reports_to": "maria"}],
        "accounts": [{"id": "A", "owners": [{"owner": "raj", "from": "2020-01-01"}]},
                     {"id": "B", "owners": [{"owner": "lee", "from": "2020-01-01"}]}],
    })
    orders = small_orders()
    c = payplan.compare(small_plan("5%"), small_plan("6%"), orders, org)
    del org  # the comparison keeps what its report needs
    c.to_html(tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    # total 181.69 -> 218.03: +36.34, 36.34 / 181.69 = +20.0%
    assert "<td>total cost</td><td>181.69</td><td>218.03</td><td>+36.34</td><td>+20.0%</td>" in page
    assert "<li><b>base</b>: rate 5% \u2192 6%</li>" in page
    assert "<td>base</td><td>181.69</td><td>218.03</td>" in page  # the one component
    assert "<td>rep</td><td>181.69</td><td>218.03</td>" in page    # by role
    # maria's team: raj and lee, 3 people with her; the whole cost
    assert "<td>maria (Maria Lopez), 3 people</td><td>181.69</td><td>218.03</td>" in page
    assert "<td class='text'>Lee Chen</td><td class='text'>rep</td><td class='text'>maria</td>" in page
