"""The Result object: column types, exact money, to_float, explain, ranges."""

from __future__ import annotations

import decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import payplan
from conftest import EXAMPLES_DIR

D = decimal.Decimal


@pytest.fixture(scope="module")
def result(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> payplan.Result:
    return threshold_plan.evaluate(handover / "orders.csv", handover_org)


def test_public_names() -> None:
    for name in payplan.__all__:
        assert hasattr(payplan, name), name
    assert issubclass(payplan.InputError, ValueError)


def test_column_types(result: payplan.Result) -> None:
    lines = result.lines
    assert list(lines.columns) == ["period", "payee", "component", "order_id", "account", "date", "amount_in",
                                   "credit", "gross", "eligible", "share", "amount", "note"]
    assert lines["date"].dtype == np.dtype("datetime64[s]")  # ns would end in 2262; the engine runs to 9999
    assert lines["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    for name in ("amount_in", "credit", "gross", "eligible", "share"):
        assert pa.types.is_decimal(lines[name].dtype.pyarrow_dtype), name
    assert result.statements["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))
    assert all(isinstance(v, D) for v in result.statements["amount"])


def test_readme_figures(result: payplan.Result) -> None:
    """account-handover/README.md: raj under the threshold policy, and the crossing order SO-10278."""
    st = result.statements
    raj_2026 = st[(st["payee"] == "raj") & st["period"].astype(str).str.startswith("2026")]
    assert [str(a) for a in raj_2026["amount"]] == ["4199.11", "4766.95", "7064.35", "5656.27"]
    crossing = result.lines[result.lines["order_id"] == "SO-10278"].iloc[0]
    assert crossing["amount"] == D("275.06")
    assert crossing["eligible"] == D("0.225643")
    assert crossing["note"] == "threshold 50000.00: 5501.17 of 24380.00 eligible"


def test_money_sums_stay_exact(result: payplan.Result) -> None:
    """pandas sums over the decimal column are exact decimals, equal to Result.total."""
    total = result.statements["amount"].sum()
    assert isinstance(total, D)
    assert total == result.total == D("81155.39")
    by_payee = result.statements.groupby("payee", observed=True)["amount"].sum()
    assert sum(by_payee, D(0)) == result.total


def test_to_float(result: payplan.Result) -> None:
    floats = result.to_float()
    assert floats.statements["amount"].dtype == np.float64
    for name in ("amount_in", "gross", "eligible", "share", "amount"):
        assert floats.lines[name].dtype == np.float64, name
    assert floats.statements["amount"].tolist() == [float(a) for a in result.statements["amount"]]
    assert floats.lines["payee"].equals(result.lines["payee"])
    assert floats.exceptions.equals(result.exceptions)
    # the original keeps its exact columns
    assert result.statements["amount"].dtype == pd.ArrowDtype(pa.decimal128(15, 2))


def test_range_selects_periods(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org,
                               result: payplan.Result) -> None:
    q2 = threshold_plan.evaluate(handover / "orders.csv", handover_org, start="2026-Q2", end="2026-Q2")
    assert set(q2.statements["period"].astype(str)) == {"2026-Q2"}
    whole = result.statements[result.statements["period"] == "2026-Q2"]
    assert q2.statements["amount"].tolist() == whole["amount"].tolist()
    # the return RT-2601 in Q2 claws back what the Q1 order paid: history outside the range still counts
    clawback = q2.lines[q2.lines["order_id"] == "RT-2601"]
    assert clawback["amount"].tolist() == [D("-68.76")]


def test_exceptions() -> None:
    example_dir = EXAMPLES_DIR / "basic-commission"
    plan = payplan.Plan.from_yaml(example_dir / "plan.yaml")
    result = plan.evaluate(example_dir / "orders.csv", payplan.Org.from_yaml(example_dir / "org.yaml"))
    kinds = result.exceptions["kind"].tolist()
    assert kinds.count("no_owner") == 3
    assert "unknown_refund_of" in kinds and "missing_quota" in kinds


def test_explain_without_a_line(result: payplan.Result) -> None:
    assert result.explain("maria", "SO-10278") == "no line of order SO-10278 pays maria"


def test_repr(result: payplan.Result, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> None:
    assert repr(result) == "Result('account-handover-threshold': total 81155.39)"
    assert repr(threshold_plan) == "Plan('account-handover-threshold', 1 components)"
    assert repr(handover_org) == "Org(2 people, 3 accounts)"


def test_money_columns_support_arithmetic(handover: Path, handover_org: payplan.Org, result: payplan.Result) -> None:
    """Comparing two policies is a subtraction of their statement columns."""
    ramp = payplan.Plan.from_yaml(handover / "plan-ramp-months.yaml").evaluate(handover / "orders.csv", handover_org)
    a, b = result.statements["amount"], ramp.statements["amount"]
    assert (a - b).sum() == result.total - ramp.total
    assert (a + b).sum() == result.total + ramp.total
    assert (a * 2).sum() == 2 * result.total


# Flat 50% commission under half_up rounding, on amounts whose gross has a
# 7th fractional digit of exactly 5 after an even 6th (spec 4.1 flat: g = a x 50%):
#   10.000005 x 0.5 =  5.0000025  -> shown  5.000002 (half-even at 6 digits; half-up would show  5.000003)
#  -10.000005 x 0.5 = -5.0000025  -> shown -5.000002 (half-up, away from zero, would show -5.000003)
#    0.000001 x 0.5 =  0.0000005  -> shown  0        (half-up would show 0.000001)
#   20.000013 x 0.5 = 10.0000065  -> shown 10.000006 (half-up would show 10.000007)
# The paid amount is rounded once with the plan's half_up to cents: 5.00, -5.00, 0.00, 10.00.
# spec 5 writes gross "unrounded, at most 6 fractional digits shown"; the CLI shows it
# half-even (to_string(Gross, minor) in include/payplan/gross.hpp), whatever the plan's rounding.
HALVES = [("H1", "10.000005", "5.000002", "5.00"), ("H2", "-10.000005", "-5.000002", "-5.00"),
          ("H3", "0.000001", "0", "0.00"), ("H4", "20.000013", "10.000006", "10.00")]


def half_case(tmp_path: Path) -> tuple[Path, Path, Path]:
    """plan.yaml, org.yaml and orders.csv of the halves above, in tmp_path."""
    (tmp_path / "plan.yaml").write_text(
        "plan: halves\nrounding: half_up\neffective: {from: 2026-01-01, to: 2026-12-31}\n"
        "components:\n  - {id: base, type: commission, payees: [raj], rate: 50%}\n", encoding="utf-8")
    (tmp_path / "org.yaml").write_text(
        "people:\n  - {id: raj, role: rep}\naccounts:\n  - {id: ACME, owners: [{owner: raj, from: 2020-01-01}]}\n",
        encoding="utf-8")
    (tmp_path / "orders.csv").write_text(
        "order_id,date,account,amount\n" + "".join(f"{o},2026-01-05,ACME,{a}\n" for o, a, _, _ in HALVES), encoding="utf-8")
    return tmp_path / "plan.yaml", tmp_path / "org.yaml", tmp_path / "orders.csv"


def test_gross_is_shown_half_even_at_six_digits(tmp_path: Path) -> None:
    plan, org, orders = half_case(tmp_path)
    lines = payplan.Plan.from_yaml(plan).evaluate(orders, payplan.Org.from_yaml(org)).lines
    assert list(lines["order_id"].astype(str)) == [o for o, _, _, _ in HALVES]
    assert list(lines["gross"]) == [D(g) for _, _, g, _ in HALVES]
    assert list(lines["amount"]) == [D(a) for _, _, _, a in HALVES]


def test_gross_in_the_frame_is_the_gross_the_cli_writes(cli: Path, tmp_path: Path) -> None:
    import csv
    import subprocess

    plan, org, orders = half_case(tmp_path)
    subprocess.run([str(cli), "run", "--plan", str(plan), "--org", str(org), "--orders", str(orders),
                    "--out", str(tmp_path / "out")], check=True, capture_output=True, timeout=60)
    with open(tmp_path / "out" / "lines.csv", newline="", encoding="utf-8") as f:
        shown = [r["gross"] for r in csv.DictReader(f)]
    assert shown == ["5.000002", "-5.000002", "0.00", "10.000006"]  # at least the minor unit's 2 digits
    lines = payplan.Plan.from_yaml(plan).evaluate(orders, payplan.Org.from_yaml(org)).lines
    assert [D(s) for s in shown] == list(lines["gross"])


def test_core_evaluation_reads_order_facts_from_its_result(handover: Path, threshold_plan: payplan.Plan,
                                                           handover_org: payplan.Org, tmp_path: Path) -> None:
    """The engine's Result holds the order ids and accounts its lines name (issue 10): the ledger may go first."""
    import csv
    import gc

    with open(handover / "orders.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    # ledger order is (date, order_id); accounts are numbered as first seen in the file
    expected_ids = [r["order_id"] for r in sorted(rows, key=lambda r: (r["date"], r["order_id"]))]
    expected_accounts = list(dict.fromkeys(r["account"] for r in rows))

    ledger = payplan._core.Ledger.load_csv(str(handover / "orders.csv"), "USD")
    core = payplan._core.evaluate(threshold_plan._core, handover_org._core, ledger)
    del ledger
    gc.collect()
    assert core.order_ids() == expected_ids
    assert core.account_names() == expected_accounts
    # SO-10278 (README.md's crossing order) through the line's order and account codes
    c = core.lines_columns()
    ids, accounts = core.order_ids(), core.account_names()
    crossing = [k for k in range(len(c["order"])) if c["order"][k] >= 0 and ids[c["order"][k]] == "SO-10278"]
    assert len(crossing) == 1
    row = next(r for r in rows if r["order_id"] == "SO-10278")
    assert accounts[c["account"][crossing[0]]] == row["account"]
    assert c["amount"][crossing[0]] == 275_060_000  # 275.06 in micros, as test_readme_figures
    core.write(str(tmp_path / "out"))
    written = (tmp_path / "out" / "lines.csv").read_text()
    assert f",SO-10278,{row['account']},{row['date']}," in written


def test_explain_period_shows_what_team_growth_measured() -> None:
    """maria's 2026-Q2 team growth (tests/golden/manager-growth.statements.csv: 3333.77):
    current 546225.42 - baseline 512887.72 = 33337.70, 6.5% >= the 5% hurdle, x 10% = 3333.77."""
    example_dir = EXAMPLES_DIR / "manager-growth"
    plan = payplan.Plan.from_yaml(example_dir / "plan.yaml")
    result = plan.evaluate(example_dir / "orders.csv", payplan.Org.from_yaml(example_dir / "org.yaml"))
    text = result.explain_period("maria", "2026-Q2", "team-growth")
    assert text.startswith("[team-growth] 2026-Q2\n  1. team of maria on 2026-06-30")
    assert "current = 546225.42, baseline = 512887.72, growth = current - baseline = 33337.70 (6.5%)" in text
    assert "amount = 3333.77" in text
    # every component: maria's override lines of the quarter come first, in ledger order
    assert result.explain_period("maria", "2026-Q2").startswith("[override] 2026-Q2\n  1. credited: order SO-10319")
    assert result.explain_period("maria", "2027-Q1") == "no line of period 2027-Q1 pays maria"
    assert (result.explain_period("maria", "2027-Q1", "team-growth")
            == "no line of period 2027-Q1 pays maria in component team-growth")


def test_explain_period_errors_name_what_is_wrong() -> None:
    example_dir = EXAMPLES_DIR / "manager-growth"
    plan = payplan.Plan.from_yaml(example_dir / "plan.yaml")
    result = plan.evaluate(example_dir / "orders.csv", payplan.Org.from_yaml(example_dir / "org.yaml"))
    with pytest.raises(ValueError, match=r"period '2026-Q5' is not a period label"):
        result.explain_period("maria", "2026-Q5")
    with pytest.raises(payplan.InputError, match=r"plan\.yaml: no component 'mgr-growth' in plan 'manager-growth-2026'"):
        result.explain_period("maria", "2026-Q2", "mgr-growth")
    with pytest.raises(payplan.InputError, match=r"org\.yaml: no person or account 'zed' in the org"):
        result.explain_period("zed", "2026-Q2")


def test_lines_false_keeps_statements_only(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org,
                                           result: payplan.Result, tmp_path: Path) -> None:
    # the same statements and exceptions as a run that keeps its lines; no lines to show
    summed = threshold_plan.evaluate(handover / "orders.csv", handover_org, lines=False)
    assert summed.statements.equals(result.statements)
    assert summed.exceptions.equals(result.exceptions)
    assert summed.total == result.total
    with pytest.raises(ValueError, match=rf"evaluated with lines=False.*\({len(result.lines)} lines were summed\)"):
        _ = summed.lines
    summed.to_csv(tmp_path / "out")
    # spec 6: adjustments.csv and manifest.json are written by every run
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "adjustments.csv", "exceptions.csv", "manifest.json", "statements.csv"]
    result.to_csv(tmp_path / "all")
    assert (tmp_path / "out" / "statements.csv").read_bytes() == (tmp_path / "all" / "statements.csv").read_bytes()
    assert summed.to_float().statements["amount"].dtype == "float64"
