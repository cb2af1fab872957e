"""Surprising settings from Python (issue 15): each is a PayplanWarning naming
the file and line, the same as the command line prints; ``strict=True``
raises InputError instead and returns nothing."""

from __future__ import annotations

import decimal
import warnings
from pathlib import Path

import pandas as pd
import pytest

import payplan

D = decimal.Decimal

# line 6 holds the component; `rate: 5` is 500% by the contract (spec 1: a number without % is a fraction)
PLAN_TEXT = """plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: 5}
"""
ORG = payplan.Org.from_yaml("""people:
  - {id: raj, role: rep}
accounts:
  - {id: ACME, owners: [{owner: raj, from: 2020-01-01}]}
""")
ORDERS = pd.DataFrame({"order_id": ["O1"], "date": ["2026-01-10"], "account": ["ACME"], "amount": ["100.00"]})


def plan_file(tmp_path: Path, text: str = PLAN_TEXT) -> payplan.Plan:
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    return payplan.Plan.from_yaml(path)


def test_a_rate_above_100_percent_is_a_warning_naming_file_and_line(tmp_path: Path) -> None:
    plan = plan_file(tmp_path)
    where = f"{tmp_path / 'plan.yaml'}:6:61"  # column of the 5 in `rate: 5` (counted from 1)
    assert plan.warnings(ORG) == [f"{where}: rate 5 is 500%: did you mean 5%? (a number without % is a fraction: "
                                  "0.05 is 5%)"]
    with pytest.warns(payplan.PayplanWarning) as caught:
        result = plan.evaluate(ORDERS, ORG)
    assert [str(w.message) for w in caught] == plan.warnings(ORG)
    # the warning changes nothing: 100.00 x 500% = 500.00
    assert result.total == D("500.00")


def test_strict_raises_instead(tmp_path: Path) -> None:
    plan = plan_file(tmp_path)
    with pytest.raises(payplan.InputError, match=r"^strict: .*plan\.yaml:6:61: rate 5 is 500%"):
        plan.evaluate(ORDERS, ORG, strict=True)
    with pytest.raises(payplan.InputError, match="rate 5 is 500%"):
        payplan.evaluate(plan, ORDERS, ORG, strict=True)


def test_a_plain_plan_warns_of_nothing(tmp_path: Path) -> None:
    plan = plan_file(tmp_path, PLAN_TEXT.replace("rate: 5}", "rate: 5%}"))
    assert plan.warnings(ORG) == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plan.evaluate(ORDERS, ORG, strict=True).total == D("5.00")  # 100.00 x 5%


def test_a_role_nobody_has_and_a_run_with_no_line(tmp_path: Path) -> None:
    plan = plan_file(tmp_path, PLAN_TEXT.replace("{role: rep}, rate: 5}", "{role: partner}, rate: 5%}"))
    assert plan.warnings(ORG) == [f"{tmp_path / 'plan.yaml'}:6:42: field 'payees': component 'base' pays payees "
                                  "with role partner, and nobody in the org has that role: it pays nobody"]
    with pytest.warns(payplan.PayplanWarning) as caught:
        result = plan.evaluate(ORDERS, ORG)
    assert [str(w.message) for w in caught][1:] == [
        "the run wrote no lines: no order is credited to a payee of a component in a paid period (check the dates, "
        "the payees and start/end)"]
    assert result.statements.empty


def test_a_range_without_a_whole_period(tmp_path: Path) -> None:
    plan = plan_file(tmp_path, PLAN_TEXT.replace("rate: 5}", "rate: 5%}"))
    assert plan.warnings(ORG, start="2026-02-01", end="2026-03-31") == [
        "run range: the run's range 2026-02-01 to 2026-03-31 (--from/--to, within effective) holds no whole "
        "quarter: no period is paid"]
    assert plan.warnings(ORG, start="2026-Q1", end="2026-Q1") == []


def test_a_period_cut_by_effective_warns_with_its_line(tmp_path: Path) -> None:
    # effective starts mid-January: 2026-Q1 is not paid (spec 4), said as the CLI says it
    plan = plan_file(tmp_path, PLAN_TEXT.replace("from: 2026-01-01", "from: 2026-01-15").replace("rate: 5}", "rate: 5%}"))
    with pytest.warns(payplan.PayplanWarning) as caught:
        plan.evaluate(ORDERS, ORG)
    messages = [str(w.message) for w in caught]
    assert messages[0] == (f"{tmp_path / 'plan.yaml'}:4:12: effective starts on 2026-01-15, inside 2026-Q1: only "
                           "periods wholly inside are paid, so 2026-Q1 is not paid")
