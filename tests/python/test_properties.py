"""Property tests (hypothesis): random ledgers against the contract's
arithmetic done by hand with Python's decimal module.

Examples are derandomized (a fixed seed, as the C++ randomized tests use),
so a CI run is reproducible.
"""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import payplan

D = decimal.Decimal
CENT = D("0.01")
MODES = {"half_even": decimal.ROUND_HALF_EVEN, "half_up": decimal.ROUND_HALF_UP}

ORG = payplan.Org.from_dict({
    "people": [{"id": "ana", "role": "rep"}],
    "accounts": [{"id": "ACME", "owners": [{"owner": "ana", "from": "2020-01-01"}]}],
})

# amounts with at most 2 decimals, returns and credit notes included
amounts = st.integers(min_value=-10**11, max_value=10**11).map(lambda cents: D(cents).scaleb(-2))
# a day of 2026, so four quarterly periods
days = st.integers(min_value=0, max_value=364).map(lambda n: dt.date(2026, 1, 1) + dt.timedelta(days=n))
ledgers = st.lists(st.tuples(days, amounts), min_size=1, max_size=60)


def plan(rounding: str, **component: Any) -> payplan.Plan:
    return payplan.Plan.from_dict({
        "plan": "property", "currency": "USD", "period": "quarter", "rounding": rounding,
        "effective": {"from": "2026-01-01", "to": "2026-12-31"},
        "components": [{"id": "c", "type": "commission", "payees": {"role": "rep"}, **component}],
    })


def frame(ledger: list[tuple[dt.date, decimal.Decimal]]) -> pd.DataFrame:
    return pd.DataFrame({
        "order_id": [f"O{i:03d}" for i in range(len(ledger))],
        "date": [d.isoformat() for d, _ in ledger],
        "account": "ACME",
        "amount": [a for _, a in ledger],  # decimal.Decimal objects
    })


def quarter(d: dt.date) -> str:
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def statement_totals(result: payplan.Result) -> dict[str, decimal.Decimal]:
    return {str(r.period): r.amount for r in result.statements.itertuples(index=False)}


# common rates, which make half-cent ties (5% of 0.10), and any rate with up to 6 decimals
rates = st.one_of(st.sampled_from([D("0.05"), D("0.025"), D("0.075"), D("0.5"), D("0.125")]),
                  st.integers(min_value=0, max_value=250_000).map(lambda k: D(k).scaleb(-6)))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(ledger=ledgers, rate=rates, rounding=st.sampled_from(sorted(MODES)))
def test_flat_rate_statement_is_sum_of_rounded_lines(ledger: list[tuple[dt.date, decimal.Decimal]],
                                                     rate: decimal.Decimal, rounding: str) -> None:
    """Spec 4.1 flat + spec 1: each line is round(amount x rate), once; a statement is their sum."""
    result = plan(rounding, rate=rate).evaluate(frame(ledger), ORG)
    expected: dict[str, decimal.Decimal] = {}
    for d, a in ledger:
        line = (a * rate).quantize(CENT, rounding=MODES[rounding])
        expected[quarter(d)] = expected.get(quarter(d), D(0)) + line
    assert statement_totals(result) == expected
    assert result.total == sum(expected.values(), D(0))


TABLE = [(D(100_000), D("0.02")), (D(200_000), D("0.04")), (None, D("0.06"))]  # bench/ledger_fixture.hpp's accel


def tier_integral(x: decimal.Decimal) -> decimal.Decimal:
    """The integral of the marginal rate from 0 to x; below 0 the first tier's rate (contract-notes)."""
    total, low = D(0), D(0)
    if x < 0:
        return x * TABLE[0][1]
    for upto, rate in TABLE:
        high = x if upto is None else min(x, upto)
        if high > low:
            total += (high - low) * rate
        if upto is None or x <= upto:
            break
        low = upto
    return total


@settings(max_examples=150, deadline=None, derandomize=True)
@given(ledger=st.lists(st.tuples(days, st.integers(min_value=-5_000_000, max_value=15_000_000).map(
    lambda cents: D(cents).scaleb(-2))), min_size=1, max_size=60))
def test_marginal_tiers_match_the_integral(ledger: list[tuple[dt.date, decimal.Decimal]]) -> None:
    """Spec 4.1 marginal: order k pays the integral of the rate over [c, c + a) of the period's sales."""
    tiers = {"basis": "sales", "method": "marginal",
             "table": [{"upto": 100000, "rate": "2%"}, {"upto": 200000, "rate": "4%"}, {"rate": "6%"}]}
    result = plan("half_even", tiers=tiers).evaluate(frame(ledger), ORG)
    expected: dict[str, decimal.Decimal] = {}
    cumulative: dict[str, decimal.Decimal] = {}
    order = sorted(range(len(ledger)), key=lambda i: (ledger[i][0], f"O{i:03d}"))  # spec 2: (date, order_id)
    for i in order:
        d, a = ledger[i]
        q = quarter(d)
        c = cumulative.get(q, D(0))
        line = (tier_integral(c + a) - tier_integral(c)).quantize(CENT, rounding=decimal.ROUND_HALF_EVEN)
        expected[q] = expected.get(q, D(0)) + line
        cumulative[q] = c + a
    assert statement_totals(result) == expected
