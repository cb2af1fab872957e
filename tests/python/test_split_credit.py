"""Split credit from Python (spec 3.1): ``credits=`` as a DataFrame, a CSV
path or a Credits, equal to ``payplan run --credits``; its errors name the
row and field."""

from __future__ import annotations

import decimal
from pathlib import Path

import pandas as pd
import pytest

import payplan

from conftest import EXAMPLES_DIR

D = decimal.Decimal
TEAM = EXAMPLES_DIR / "account-team"


@pytest.fixture(scope="module")
def team() -> tuple[payplan.Plan, payplan.Org]:
    return payplan.Plan.from_yaml(TEAM / "plan.yaml"), payplan.Org.from_yaml(TEAM / "org.yaml")


def test_a_frame_of_credits_equals_the_csv(team: tuple[payplan.Plan, payplan.Org]) -> None:
    plan, org = team
    from_file = plan.evaluate(TEAM / "orders.csv", org, credits=TEAM / "credits.csv")
    frame = pd.read_csv(TEAM / "credits.csv", dtype=str, keep_default_na=False)
    from_frame = plan.evaluate(TEAM / "orders.csv", org, credits=frame)
    pd.testing.assert_frame_equal(from_file.statements, from_frame.statements)
    golden = pd.read_csv(Path(__file__).parents[1] / "golden" / "account-team.statements.csv", dtype=str)
    assert [str(a) for a in from_file.statements["amount"]] == list(golden["amount"])
    assert from_file.total == D("55442.73")  # README: the 2026 total of every payee


def test_the_credit_column_shows_each_receivers_share(team: tuple[payplan.Plan, payplan.Org]) -> None:
    # README: SO-10101 (120,000.00) is split raj 60% / lee 40%, sam 20% overlay
    plan, org = team
    lines = plan.evaluate(TEAM / "orders.csv", org, credits=TEAM / "credits.csv").lines
    so = lines[(lines["order_id"] == "SO-10101") & (lines["component"] == "commission")].set_index("payee")
    assert so.loc["raj", "credit"] == D("0.6")
    assert so.loc["lee", "credit"] == D("0.4")
    assert so.loc["sam", "credit"] == D("0.2")
    assert so.loc["sam", "amount"] == D("1040.00")  # README: sam's 24,000 crosses his tiers
    assert so.loc["lee", "amount"] == D("1920.00")


def test_decimal_shares_and_bool_overlays_are_taken_exactly() -> None:
    plan = payplan.Plan.from_dict({"plan": "p", "period": "quarter", "effective": {"from": "2026-01-01", "to": "2026-12-31"},
                                   "components": [{"id": "flat", "type": "commission", "payees": {"role": "rep"},
                                                   "rate": "10%"}]})
    org = payplan.Org.from_dict({"people": [{"id": "raj", "role": "rep"}, {"id": "sam", "role": "rep"}],
                                 "accounts": [{"id": "A", "owners": [{"owner": "raj", "from": "2019-01-01"}]}]})
    orders = pd.DataFrame({"order_id": ["O1"], "date": ["2026-01-10"], "account": ["A"], "amount": ["1000.00"]})
    credits = pd.DataFrame({"order_id": ["O1", "O1"], "person": ["raj", "sam"], "share": [D("1"), D("0.25")],
                            "overlay": [False, True]})
    st = plan.evaluate(orders, org, credits=credits).statements.set_index("payee")
    assert st.loc["raj", "amount"] == D("100.00")  # 1,000 x 100% x 10%
    assert st.loc["sam", "amount"] == D("25.00")   # 1,000 x 25% (overlay) x 10%


def test_errors_name_the_frames_row_and_field(team: tuple[payplan.Plan, payplan.Org]) -> None:
    plan, org = team
    bad_sum = pd.DataFrame({"order_id": ["SO-10101", "SO-10101"], "person": ["raj", "lee"], "share": ["60%", "30%"]})
    with pytest.raises(payplan.InputError, match=r"^<credits DataFrame>: row 1, field 'share': the shares of order "
                                                 r"'SO-10101' \(its rows that are not overlay\) add up to 90%, not 100%"):
        plan.evaluate(TEAM / "orders.csv", org, credits=bad_sum)
    floats = pd.DataFrame({"order_id": ["SO-10101"], "person": ["raj"], "share": [0.7]})
    with pytest.raises(payplan.InputError, match=r"^<credits DataFrame>: row 1, field 'share': 0.7 is not a share"):
        plan.evaluate(TEAM / "orders.csv", org, credits=floats)
    unknown = pd.DataFrame({"order_id": ["SO-10101", "NOPE"], "person": ["raj", "raj"], "share": ["100%", "100%"]})
    with pytest.raises(payplan.InputError, match=r"^<credits DataFrame>: row 2, field 'order_id': order 'NOPE' is not "
                                                 r"in the ledger"):
        plan.evaluate(TEAM / "orders.csv", org, credits=unknown)
    with pytest.raises(payplan.InputError, match=r"field 'person': required column is missing"):
        plan.evaluate(TEAM / "orders.csv", org, credits=pd.DataFrame({"order_id": ["X"], "share": ["1"]}))


def test_explain_and_compare_take_the_credits(team: tuple[payplan.Plan, payplan.Org]) -> None:
    plan, org = team
    result = plan.evaluate(TEAM / "orders.csv", org, credits=TEAM / "credits.csv")
    text = result.explain("sam", "SO-10101")
    assert "with a share of 20% (24000.00) by row 6 of the credits file" in text
    assert "an overlay credit outside the order's 100%" in text
    c = payplan.compare(plan, plan, TEAM / "orders.csv", org, credits=TEAM / "credits.csv")
    assert c.total_a == c.total_b == D("55442.73")
