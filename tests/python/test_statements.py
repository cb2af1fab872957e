"""Statement pages from Python (issue 16): ``Result.statement(payee, period)``
is the page ``payplan statements`` writes, and ``Result.to_html(directory)``
the folder of them with an index.

The figures are worked from the inputs here, not read back from the engine:
the page's total is the payee's rows of the period in ``statements``, and the
threshold's progress is ACME's orders since the transfer, summed with
``decimal`` from orders.csv (spec 4.2: s runs over every order of the account
dated on or after the transfer, 2026-01-01).
"""

from __future__ import annotations

import csv
import decimal
from pathlib import Path

import pytest

import payplan

D = decimal.Decimal


def grouped(amount: D) -> str:
    """1234567.5 -> '1,234,567.50', as a statement shows money."""
    return f"{amount.quantize(D('0.01')):,}"


@pytest.fixture(scope="module")
def result(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> payplan.Result:
    return threshold_plan.evaluate(handover / "orders.csv", handover_org)


def acme_sales(handover: Path, first: str, last: str) -> D:
    with open(handover / "orders.csv", newline="", encoding="utf-8") as f:
        return sum((D(r["amount"]) for r in csv.DictReader(f)
                    if r["account"] == "ACME" and first <= r["date"] <= last), D(0))


def test_a_statement_is_the_payees_page_with_the_runs_total(result: payplan.Result, handover: Path) -> None:
    page = result.statement("raj", "2026-Q1")
    assert isinstance(page, payplan.StatementPage) and isinstance(page, str)
    assert page.startswith("<!DOCTYPE html>")
    st = result.statements
    total = sum(st[(st["payee"] == "raj") & (st["period"] == "2026-Q1")]["amount"], D(0))
    assert total > 0
    assert f"Total for 2026-Q1</span><span class='amt'>{grouped(total)} USD</span>" in page
    assert "Raj Patel" in page
    # spec 4.2: the threshold's progress on ACME, transferred to raj on 2026-01-01 under a 50,000 threshold
    s = acme_sales(handover, "2026-01-01", "2026-03-31")
    assert f"Account sales since the transfer, to 2026-03-31: <span class='amt'>{grouped(s)} USD</span>" in page
    if s < 50000:
        assert f"<b class='to-threshold'><span class='amt'>{grouped(D(50000) - s)} USD</span></b> to go" in page
    else:
        assert "<span class='done'>passed</span>" in page
    # in a notebook: framed, the page's styles kept out of the notebook's
    framed = page._repr_html_()
    assert framed.startswith("<iframe") and "srcdoc=" in framed and "<style>" not in framed


def test_the_threshold_is_passed_later_in_the_year(result: payplan.Result, handover: Path) -> None:
    s = acme_sales(handover, "2026-01-01", "2026-12-31")
    assert s > 50000  # the example's story: raj earns on ACME once its sales since the transfer pass 50,000
    page = result.statement("raj", "2026-Q4")
    assert f"to 2026-12-31: <span class='amt'>{grouped(s)} USD</span>" in page
    assert "<span class='done'>passed</span>" in page
    # maria gave ACME away: no transfer is hers
    assert "Accounts transferred to you" not in result.statement("maria", "2026-Q4")


def test_to_html_writes_every_page_and_the_index(result: payplan.Result, tmp_path: Path) -> None:
    st = result.statements
    pairs = sorted({(str(p), str(q)) for p, q in zip(st["payee"], st["period"])})
    n = result.to_html(tmp_path / "pages")
    assert n == len(pairs)
    written = sorted(p.name for p in (tmp_path / "pages").iterdir())
    assert written == sorted([f"{payee}-{period}.html" for payee, period in pairs] + ["index.html"])
    index = (tmp_path / "pages" / "index.html").read_text(encoding="utf-8")
    for payee, period in pairs:
        assert f"href='{payee}-{period}.html'" in index
    # one page, the same as statement() gives
    assert result.to_html(tmp_path / "one", payee="raj", period="2026-Q2") == 1
    assert (tmp_path / "one" / "raj-2026-Q2.html").read_text(encoding="utf-8") == str(result.statement("raj", "2026-Q2"))
    page = result.statement("raj", "2026-Q2")
    page.save(tmp_path / "saved.html")
    assert (tmp_path / "saved.html").read_text(encoding="utf-8") == page


def test_bad_requests_name_what_is_wrong_and_write_nothing(result: payplan.Result, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no person or account 'nobody' in the org"):
        result.statement("nobody", "2026-Q1")
    with pytest.raises(ValueError, match="period '2026-Q5' is not a period label"):
        result.statement("raj", "2026-Q5")
    with pytest.raises(ValueError, match="no statement of the result is for payee 'raj' in 2023-Q1"):
        result.to_html(tmp_path / "none", payee="raj", period="2023-Q1")
    assert not (tmp_path / "none").exists()
