"""``evaluate(..., progress=True)`` (issue 15): each phase shown as it
starts, with tqdm where it is installed, else on stderr; nothing without
it, and the same result either way."""

from __future__ import annotations

import decimal
import sys
import types
from typing import Any

import pandas as pd
import pytest

import payplan

PLAN = payplan.Plan.from_yaml("""plan: p
currency: USD
period: quarter
effective: {from: 2026-01-01, to: 2026-12-31}
components:
  - {id: base, type: commission, payees: {role: rep}, rate: 5%}
""")
ORG = payplan.Org.from_yaml("people:\n  - {id: raj, role: rep}\naccounts:\n  - {id: ACME, owners: [{owner: raj, from: 2020-01-01}]}\n")
ORDERS = pd.DataFrame({"order_id": ["O1", "O2"], "date": ["2026-01-10", "2026-02-10"], "account": ["ACME", "ACME"],
                       "amount": ["100.00", "1000.00"]})


def test_without_tqdm_the_phases_go_to_stderr(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # import fails: as if tqdm were not installed
    result = PLAN.evaluate(ORDERS, ORG, progress=True)
    assert capsys.readouterr().err == ("payplan: reading orders ...\npayplan: evaluating 2 orders ...\n"
                                       "payplan: statements and exceptions ...\npayplan: done\n")
    assert result.total == decimal.Decimal("55.00")  # (100.00 + 1000.00) x 5%
    PLAN.evaluate(ORDERS, ORG)
    assert capsys.readouterr().err == ""


class FakeBar:
    """What payplan asks of tqdm: a bar of `total` steps, described and closed."""
    made: list["FakeBar"] = []

    def __init__(self, total: int, desc: str, unit: str) -> None:
        self.total, self.steps, self.descriptions, self.closed = total, 0, [desc], False
        FakeBar.made.append(self)

    def update(self, n: int) -> None:
        self.steps += n

    def set_description(self, text: str) -> None:
        self.descriptions.append(text)

    def close(self) -> None:
        self.closed = True


def test_with_tqdm_one_step_a_phase(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake: Any = types.ModuleType("tqdm.auto")
    fake.tqdm = FakeBar
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake)
    FakeBar.made.clear()
    assert payplan.evaluate(PLAN, ORDERS, ORG, progress=True).total == decimal.Decimal("55.00")
    [bar] = FakeBar.made
    assert (bar.total, bar.steps, bar.closed) == (3, 3, True)
    assert bar.descriptions == ["payplan", "payplan: reading orders", "payplan: evaluating 2 orders",
                                "payplan: statements and exceptions"]
    assert capsys.readouterr().err == ""
