#!/usr/bin/env python3
"""Independent reference implementation of a whole payplan plan: every component type.

Written from the contract (shared spec "plan language and data contract, v2",
sections 1-5, with 3.1 split credit) and docs/contract-notes.md, without
looking at the C++ engine, to produce golden statements for
rules-examples/full-plan (and the other examples): one plan using
commission (flat, marginal/retroactive tiers on attainment or sales, cap,
products filter), transfer terms, override, team_growth (flat rate or tiers
on growth %), team_attainment_bonus, contest (metric sales or new_accounts)
and rebate together.

Plan and org come from a JSON mirror of plan.yaml/org.yaml
(tests/golden/full-plan.json), so this script needs nothing but the Python 3
standard library. It is self-contained (it shares no code with the other
reference scripts in this folder).

Usage:
    python3 tests/golden/reference_full.py
        writes tests/golden/full-plan.statements.csv
    python3 tests/golden/reference_full.py --out FILE
        writes the same statements elsewhere (to compare with the checked-in
        file, or with `payplan run ... --out DIR` DIR/statements.csv)
    python3 tests/golden/reference_full.py --explain DIR
        also writes DIR/reference_lines.csv (every line's working: the
        receiver's credit w_r and credited amount a_r, c or s before, gross,
        eligible, share, unrounded, rounded, amount after the cap, note) and
        DIR/reference_exceptions.csv
    python3 tests/golden/reference_full.py --lines FILE --exceptions FILE
        also writes every line and exception in the contract's lines.csv and
        exceptions.csv formats (spec 5; gross, eligible and share shown as the
        contract notes say), the golden files compare_run.py compares
        `payplan run` with
    python3 tests/golden/reference_full.py --model M --plan KEY
        runs the plan `plans[KEY]` of a model holding several (plan-change.json)
    python3 tests/golden/reference_full.py --model M --orders O --credits C
        with deal-level credits (spec 3.1: `order_id,person,share[,overlay]`),
        as `payplan run ... --credits C` (account-team.json with
        rules-examples/account-team/credits.csv)
    python3 tests/golden/reference_full.py --summary
        also prints the README's tables
    python3 tests/golden/reference_full.py --check-yaml
        (needs PyYAML) checks the JSON mirror still equals the YAML files

The statements file is in the contract's format (`period,payee,component,
amount`, sorted by period, payee, component in byte order): the paid periods
only (those wholly inside the plan's `effective`), one row per (period,
payee, component) with at least one line (a 0.00 line counts), amount = the
sum of the lines' rounded amounts (after the cap). The rebate's payee is the
account id.

All arithmetic is exact (fractions.Fraction); every line is rounded once,
to cents, with the plan's rounding.

Semantics (contract + contract notes), in the order the run applies them:
- an order is credited to the account's owner on its date (the owners entry
  in force then, with its transfer terms if it names any); spec 3.1: an
  entry may hold a `team` of {owner, share} (shares > 0, summing to exactly
  100%, each owner once; `owner: X` is a team of one at 100%), and then each
  member r is a receiver with share w_r; `--credits` replaces the receivers
  of the orders it names (its non-overlay rows sum to 100%; overlay rows
  are extra receivers outside it). Each receiver is credited a_r = a x w_r,
  exact, wherever the contract says "credited" (a commission's c and gross,
  one line per receiver and order; attainment; contest sales; the bonus's
  report sales), overlays included. A credits receiver gets the transfer
  terms of the owners entry in force only when it is a member of it;
- lines.csv's `credit` column: w_r on a commission line and its clawbacks,
  the shares that rolled up on an override line and its clawbacks, empty
  on period-level lines;
- commission: per (component, payee, period) the cumulative credited sales c
  of the orders the component applies to (products filter), in (date,
  order_id) order, returns included; gross g from the flat rate or the tier
  function (marginal: integral over [c, c+a), backwards for a < 0, the
  first tier extending below 0; retroactive: a x the rate of the tier
  holding the period's final total, a total <= 0 taking the first tier);
  tier bounds on attainment are % of the payee's quota for the period (a
  manager without an explicit one: the roll-up, the sum of the quotas of
  the reps, agents and partners of the team, all levels, on the period's
  last day, when at least one has a quota; no quota: a 0 line noted
  `no quota for PERIOD` and a missing_quota exception); line = round(g x eligible x share) with eligible and share
  from the transfer terms of the account's owners entry (commission only);
- transfer terms: s = the account's sales since the transfer (every order
  dated >= T while that entry is in force, returns included, paying or
  not, the whole amount whoever is credited); delay, new_orders_only
  (closed_by any member of the entry's team), threshold (the part of
  [s, s+a) above it) multiply into eligible, the same for every member; ramp by months (whole months from T) or by sales
  (the average of the step function over [s, s+a)) gives share; below the
  first step the share is 0;
- override: one line per (manager, order): the sum over the order's
  non-overlay receivers at level n below the manager on the order date of
  a_r x rates[n-1] (include_own: the manager's own non-overlay credit at
  the first rate); overlay credit never rolls up; no transfer terms;
- a return with a known earlier refund_of pays no line of its own: it
  reverses every order-level line (commission and override) of the
  original, original_unrounded x amount / original_amount, to the same
  payee and component (each receiver's own line), in the return's period;
  it still moves the c of each of its own receivers (its credits rows, or
  the account's owners on its date) by their a_r, and s;
- cap (spec 4.1, v2): per (component, payee, period), lines (clawbacks
  included) in (date, order_id) order; a positive line pays at most the
  room left (cap - running total), negative lines lower the running total
  and the room they open is paid to later lines; a clawback of a cut line
  reverses what it paid (x the portion returned, rounded once, never more
  than it paid in all);
- team_growth: S = accounts owned on the period's last day by the manager's
  team (all levels; + the manager with include_own), each with weight w =
  the shares the team holds in the owners entry in force that day (spec
  3.1); current and baseline = sales x w on S in the period and in the
  baseline period; pays when growth
  > 0 and growth_pct >= hurdle (a zero baseline meets it): flat rate x
  growth, or tiers on growth %: retroactive = growth x the rate of the
  band (prev, upto] holding growth_pct, marginal = the growth amount split
  at upto x baseline; a zero baseline is in the last band;
- team_attainment_bonus: direct reports on the period's last day; a
  report's credited sales in the period over their quota (a manager
  without one: the sum of the quotas of the reps, agents and partners of
  their team, all levels, on that day); no quota or 0: missing_quota,
  does not count; amount x qualifying reports, one line per manager and
  period;
- contest: metric sales = credited sales (a_r) of orders dated in the
  window; new_accounts = the accounts whose first order in the whole ledger
  (among the orders the component applies to) is dated in the window and
  credited to the payee (with several receivers: the non-overlay one with
  the largest share, a tie to the smallest id in byte order); payees with no orders in the window (sales) or
  no new account (new_accounts) do not place; ties share the prizes of the
  places they occupy, each share rounded; placed payees beyond the prizes
  get 0.00; paid in the period holding the window's last day;
- rebate: per account (optionally restricted by `accounts`) and paid period
  with at least one order: the tier function of the account's period
  sales, rounded once.

------------------------------------------------------------------------------
Worked by hand (plan: quota-commission 5% / 8% above 100% / 10% above 150%
of quota, cap 25,000; channel-commission 8% on software and services;
override 2% / 1%; lead-growth marginal 0% to 5%, 4% to 15%, 6% above;
head-growth hurdle 2%, retroactive 2% up to 10%, 4% above; coach-bonus
1,500; new-logo-contest 3,000 / 1,500 / 500; q4-sprint 4,000 / 2,000 /
1,000; volume-rebate marginal 0% to 100,000, 1.5% to 250,000, 2.5% above;
transfer terms on ATLAS (T = 2026-02-16): threshold 40,000, ramp by months
0: 50%, 3: 75%, 6: 100%). Each agrees with this script's --explain output.

(1) ATLAS: the transfer terms on a tiered commission, and their clawback.
    ATLAS moves from helena to ana on T = 2026-02-16. ATLAS's sales since
    T before SO-10404 (2026-03-12, 21,400.00) are s = 12,500.00 (SO-10380,
    2026-02-16, the handover day itself is ana's) + 15,250.50 (SO-10390)
    = 27,750.50; the order occupies [27,750.50, 49,150.50), of which
    9,150.50 lies above the 40,000 threshold: eligible = 9,150.50 / 21,400.
    2026-03-12 is 0 whole months after T (the first elapses on 03-16):
    share 50%. ana's cumulative sales in 2026-Q1 before it are 67,585.81
    (quota 100,000: all of it in the 5% band), so
        g    = 21,400.00 x 5% = 1,070.00
        line = 1,070.00 x 9,150.50 / 21,400 x 0.5 = 228.7625 -> 228.76
    The two earlier ATLAS orders pay 0.00 (below the threshold), although
    they count in full in ana's c (her attainment) and pay marco (2%) and
    helena (1%) their full override: 428.00 and 214.00 on SO-10404.
    RT-2602 (2026-05-20, -5,350.00, refund_of SO-10404) is a quarter of
    it. In 2026-Q2 it reverses every line of the original at its factors:
        ana   228.7625 x (-1/4) = -57.190625 -> -57.19
        marco 428.00 x (-1/4) = -107.00;  helena 214.00 x (-1/4) = -53.50
    The ramp boundaries: SO-10473 (2026-05-15) is 2 whole months after T
    (the third elapses on 05-16): 50%, 421.00 x 0.5 = 210.50; SO-10474
    (2026-05-18) 3 months: 75%, 511.525 x 0.75 = 383.64375 -> 383.64;
    SO-10568 (2026-08-14) 5 months: 75%; SO-10569 (2026-08-17) 6 months:
    100%. SO-10486 (2026-05-28, 19,685.75) crosses ana's 100% bound
    (quota 120,000) from c = 111,096.86 (RT-2602 moved it down by
    5,350.00): 8,903.14 x 5% + 10,782.61 x 8% = 1,307.7658, x 0.75
    = 980.82435 -> 980.82.

(2) raj's cap in 2026-Q4 (quota 150,000: bounds 150,000 and 225,000;
    cap 25,000). The STARK platform deal SO-10662 (2026-11-12, 250,000.00)
    starts at c = 67,918.45:
        [67,918.45, 150,000)    82,081.55 x 5%  = 4,104.0775
        [150,000, 225,000)      75,000.00 x 8%  = 6,000.00
        [225,000, 317,918.45)   92,918.45 x 10% = 9,291.845
        g = 19,395.9225 -> 19,395.92
    raj's rounded lines up to SO-10681 (2026-11-30) add up to 24,895.04.
    SO-10684 (2026-11-30, 4,273.84, all at 10%: 427.38) is cut to the
    104.96 left (cut 322.42). RT-2606 (2026-12-03, -6,000.00, refund_of
    SO-10629, 15,000.00 at 5% = 750.00 in October) claws back
    750.00 x (-6,000 / 15,000) = -300.00: the running total drops to
    24,700.00, which opens 300.00 of room (spec 4.1, v2: "the room they
    open is paid to later lines"): SO-10689 (2026-12-04, 10,309.03 at 10%
    = 1,030.90) pays 300.00 (cut 730.90), and every later positive line
    finds no room and pays 0.00. The statement row is 25,000.00.
    The clawback still reverses the override in full: marco -120.00,
    helena -60.00.

(3) lee's move from marco to sofia on Monday 2026-08-03. SO-10554 (Friday
    2026-07-31, WAYNECO, 8,815.50): marco 2% = 176.31 (level 1), helena
    1% = 88.155 -> 88.16 (level 2; a half-cent tie, half_even to the even
    cent 8816). SO-10556 (2026-08-03, 7,260.25): sofia 2% = 145.205 ->
    145.20 (tie, to 14520), helena 72.6025 -> 72.60; marco nothing.
    RT-2604 (2026-08-19, -3,550.00, a quarter of SO-10536 of 2026-07-15,
    WONKA, 14,200.00, sold under marco): lee -177.50 (710.00 x 1/4),
    marco -71.00 (clawed back from him although lee has left his team), helena
    -35.50; sofia nothing. All in 2026-Q3.

(4) team growth. marco 2026-Q2 (lead-growth, marginal bands 5% / 15% of
    the baseline 395,235.05: 19,761.7525 and 59,285.2575): growth
    79,047.01 (20.00%):
        [0, 19,761.7525)            at 0%  = 0
        [19,761.7525, 59,285.2575)  39,523.505 x 4% = 1,580.9402
        [59,285.2575, 79,047.01)    19,761.7525 x 6% = 1,185.70515
        line = 2,766.64535 -> 2,766.65
    sofia 2026-Q3: lee's WAYNECO and WONKA are hers on 2026-09-30, so they
    are in both her current quarter (including the July orders lee sold
    under marco) and her 2025-Q3 baseline; marco's 2026-Q3 has neither.
    helena (head-growth, hurdle 2%, retroactive 2% up to 10%, 4% above):
    2026-Q2 growth 14,009.24 on 933,949.33 = 1.50% < 2%: 0.00. 2026-Q3
    942,788.44 vs 857,080.40: growth 85,708.04 = 10.00% exactly, which is
    in the first band (bounds are inclusive): 2% -> 1,714.1608 -> 1,714.16
    (not 4%). 2026-Q4 growth 127,250.07 = 12.50%: 4% of all of it =
    5,090.0028 -> 5,090.00.

(5) contests. new-logo-contest (2026-04-01 to 2026-09-30): the accounts
    whose first order in the ledger is in the window: NOVA, ZEPHYR, QUILL
    (nina), LUMEN, ORBIT (kim), KESTREL (tom), PIXEL (raj, first order on
    2026-09-30, the window's last day), FALCON (northwind, an agent: not a
    payee, counts for nobody). ECHO (tom, first order 2026-03-20) and
    SUMMIT (tom, 2026-10-01) are outside. nina 3 -> 3,000.00; kim 2 ->
    1,500.00; raj and tom 1 each, tied for places 3 and 4: (500 + 0) / 2
    = 250.00 each; ana and lee open none and do not place. q4-sprint:
    raj 343,224.33 -> 4,000.00, tom 145,239.80 -> 2,000.00, kim 89,647.61
    -> 1,000.00; ana, lee, nina place 4-6: 0.00 lines.

(6) coach-bonus. tom in 2026-Q2: 200,000.00 / 200,000 = exactly 100%:
    counts (sofia: tom and northwind, 3,000.00). helena's direct reports
    are marco, sofia (roll-up quotas, e.g. marco 2026-Q1 = raj 150,000 +
    ana 100,000 + lee 80,000 = 330,000; 2026-Q3 = raj + ana + nina
    = 400,000, lee being sofia's on 2026-09-30) and bluepeak: the leads'
    own credited sales are 0.00 (marco) and DELTA's (sofia), never 100%;
    bluepeak 88,965.94 / 75,000 = 118.62% in 2026-Q1 -> 1,500.00.

(7) volume-rebate (marginal): STARK in 2026-Q4 buys 284,863.75:
    150,000 x 1.5% + 34,863.75 x 2.5% = 2,250 + 871.59375 = 3,121.59375
    -> 3,121.59.

(8) the other clawbacks. RT-2601 (2026-04-08, -5,000.00 of kim's
    2026-Q1 SO-10402, 12,500.00): in 2026-Q2, kim -250.00, sofia -100.00,
    helena -50.00, and it moves kim's 2026-Q2 c to -5,000.00 (her next
    order starts below zero, in the 5% band extended downwards).
    RT-2603 (northwind, a software order returned in full): the channel
    fee -768.00, sofia -192.00, helena -96.00. RT-2605 (bluepeak, a
    quarter of a hardware order): no channel line to reverse (hardware is
    not in channel-commission), only helena's override, -80.00.
    CN-2601 (2026-11-18, SOYLENT, -3,000.00, no refund_of) is a plain
    negative order: ana -150.00 (her c is 86,830.33, in the 5% band),
    marco -60.00, helena -30.00.
------------------------------------------------------------------------------
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_MODEL = os.path.join(HERE, "full-plan.json")
DEFAULT_OUT = os.path.join(HERE, "full-plan.statements.csv")
EXAMPLE_DIR = os.path.join(REPO, "rules-examples", "full-plan")

TEAM_ROLES = ("rep", "agent", "partner")   # carry quota, count in a manager's roll-up
ROLES = ("rep", "manager", "agent", "partner")


# --- spec 1: numbers, money, dates, periods -----------------------------------

_DECIMAL = re.compile(r"^[+-]?(\d+)(\.(\d+))?$")


def parse_decimal(text, max_frac: int) -> Fraction:
    s = str(text).strip()
    m = _DECIMAL.match(s)
    if not m:
        raise ValueError(f"not a decimal: {s!r}")
    if m.group(3) and len(m.group(3).rstrip("0")) > max_frac:
        raise ValueError(f"more than {max_frac} fractional digits: {s}")
    return Fraction(s)   # exact


def parse_money(text) -> Fraction:
    return parse_decimal(text, 6)


def parse_rate(text) -> Fraction:
    """`5%`, `2.75%` or `0.0275` -> exact fraction (at most 10 fractional
    digits after conversion)."""
    s = str(text).strip()
    if s.endswith("%"):
        r = parse_decimal(s[:-1], 8) / 100
    else:
        r = parse_decimal(s, 10)
    assert (r * 10 ** 10).denominator == 1, s
    return r


def round_cents(x: Fraction, mode: str) -> Fraction:
    """Round once to cents. half_up: away from zero at exactly half."""
    y = x * 100
    q, r = divmod(y.numerator, y.denominator)   # floor; 0 <= r < den
    if 2 * r > y.denominator:
        q += 1
    elif 2 * r == y.denominator:
        if mode == "half_even":
            q += q % 2
        elif mode == "half_up":
            q += 1 if y > 0 else 0   # the floor of a negative tie is already away from zero
        else:
            raise ValueError(mode)
    return Fraction(q, 100)


def fmt_money(x: Fraction) -> str:
    assert (x * 100).denominator == 1, x   # only rounded money is written
    cents = int(x * 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def fmt_frac(x) -> str:
    """For --explain and --summary: exact when it terminates within 6
    fractional digits, else rounded half-even to 6 and marked with ~."""
    if x is None:
        return ""
    x = Fraction(x)
    s = x * 10 ** 6
    q, r = divmod(s.numerator, s.denominator)
    if 2 * r > s.denominator or (2 * r == s.denominator and q % 2):
        q += 1
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10 ** 6)
    text = f"{sign}{whole}.{frac:06d}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text if Fraction(q, 10 ** 6) == x else "~" + text


def _half_even_digits(x: Fraction, digits: int) -> int:
    """x x 10^digits rounded half-even to an integer."""
    y = Fraction(x) * 10 ** digits
    q, r = divmod(y.numerator, y.denominator)
    if 2 * r > y.denominator or (2 * r == y.denominator and q % 2):
        q += 1
    return q


def _decimal_text(q: int, digits: int, keep: int) -> str:
    """The integer q / 10^digits as a decimal with trailing zeros trimmed
    down to `keep` fractional digits."""
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10 ** digits)
    text = f"{frac:0{digits}d}" if digits else ""
    while len(text) > keep and text.endswith("0"):
        text = text[:-1]
    return f"{sign}{whole}" + (f".{text}" if text else "")


def fmt_gross(x) -> str:
    """lines.csv `gross` (spec 5: unrounded, at most 6 fractional digits
    shown; contract notes: rounded half-even to 6 digits, at least the
    currency's minor digits, trailing zeros beyond them trimmed)."""
    return _decimal_text(_half_even_digits(Fraction(x or 0), 6), 6, 2)


def fmt_factor(x) -> str:
    """lines.csv `eligible` and `share` (spec 5: decimals like 0.25; contract
    notes: at most 6 fractional digits, no trailing zeros)."""
    return _decimal_text(_half_even_digits(Fraction(x), 6), 6, 0)


def fmt_amount_in(x) -> str:
    """lines.csv `amount_in`: money, exactly the minor digits (half-even)."""
    return fmt_money(round_cents(Fraction(x), "half_even"))


def fmt_percent(x: Fraction) -> str:
    """A share as a percentage in a note: exact (`50%`, `3.25%`) when it has at
    most 4 fractional digits, else rounded half-even to 4 and marked ~."""
    q = _half_even_digits(x * 100, 4)
    text = _decimal_text(q, 4, 0) + "%"
    return text if Fraction(q, 10 ** 4) == x * 100 else "~" + text


def grouped(x: Fraction) -> str:
    """A money value with thousands separators (README tables): cents, or, for
    a credited amount a x w finer than cents, up to 6 digits (as fmt_gross)."""
    s = fmt_money(x) if (Fraction(x) * 100).denominator == 1 else fmt_gross(x)
    neg = s.startswith("-")
    whole, frac = s.lstrip("-").split(".")
    return ("-" if neg else "") + f"{int(whole):,}.{frac}"


def pct(x: Fraction, digits: int = 2) -> str:
    """A fraction as a percentage rounded half-even to `digits` (README)."""
    y = x * 100 * 10 ** digits
    q, r = divmod(y.numerator, y.denominator)
    if 2 * r > y.denominator or (2 * r == y.denominator and q % 2):
        q += 1
    sign = "-" if q < 0 else ""
    whole, frac = divmod(abs(q), 10 ** digits)
    return f"{sign}{whole}.{frac:0{digits}d}%"


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def add_months(day: dt.date, n: int) -> dt.date:
    """day + n months; a day that does not exist in the target month becomes
    that month's last day (2026-01-31 + 1 month = 2026-02-28)."""
    y, m0 = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(y, m0 + 1, min(day.day, last_day(y, m0 + 1)))


def add_span(day: dt.date, span: str) -> dt.date:
    """`N days`, `N months`, `N years` (spec 1)."""
    m = re.fullmatch(r"\s*(\d+)\s+(day|days|month|months|year|years)\s*", str(span))
    if not m:
        raise ValueError(f"not a span: {span!r}")
    n, unit = int(m.group(1)), m.group(2)
    if unit.startswith("day"):
        return day + dt.timedelta(days=n)
    return add_months(day, n if unit.startswith("month") else 12 * n)


def whole_months(start: dt.date, day: dt.date) -> int:
    """The largest n with start + n months <= day (a month elapses on the
    same day of the month, clamped as in spec 1)."""
    assert day >= start
    n = (day.year - start.year) * 12 + (day.month - start.month)
    while n > 0 and add_months(start, n) > day:
        n -= 1
    return n


def period_label(day: dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if period == "year":
        return f"{day.year:04d}"
    raise ValueError(period)


def period_bounds(label: str, period: str) -> tuple[dt.date, dt.date]:
    if period == "year":
        y = int(label)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if period == "quarter":
        y, q = int(label[:4]), int(label[6:])
        first, last = 3 * q - 2, 3 * q
    else:
        y, first = int(label[:4]), int(label[5:])
        last = first
    return dt.date(y, first, 1), dt.date(y, last, last_day(y, last))


def shift_period(label: str, period: str, back: int) -> str:
    start, _ = period_bounds(label, period)
    months = {"month": 1, "quarter": 3, "year": 12}[period] * back
    y, m0 = divmod(start.year * 12 + start.month - 1 - months, 12)
    return period_label(dt.date(y, m0 + 1, 1), period)


def baseline_period(label: str, period: str, baseline: str) -> str:
    if baseline == "previous_year":
        return shift_period(label, period, {"month": 12, "quarter": 4, "year": 1}[period])
    if baseline == "previous_period":
        return shift_period(label, period, 1)
    raise ValueError(f"baseline {baseline!r}")


def periods_between(first: dt.date, last: dt.date, period: str) -> list[str]:
    """Labels of the periods lying wholly inside [first, last]."""
    out, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        label = period_label(day, period)
        lo, hi = period_bounds(label, period)
        if first <= lo and hi <= last and label not in out:
            out.append(label)
        day = hi + dt.timedelta(days=1)
    return out


def to_date(x) -> dt.date:
    return dt.date.fromisoformat(str(x))


# --- spec 3: org ------------------------------------------------------------------

class OwnerEntry:
    """One owners entry (spec 3, 3.1): `owner: X` or `team: [{owner, share}, ...]`
    (`owner: X` is `team: [{owner: X, share: 100%}]`), from its `from` date,
    optionally with transfer `terms` that govern every member."""

    KEYS = {"owner", "team", "from", "terms"}

    def __init__(self, e: dict, where: str = "owners entry"):
        if not isinstance(e, dict):
            raise ValueError(f"{where}: an owners entry is a mapping")
        extra = set(e) - self.KEYS
        if extra:
            raise ValueError(f"{where}: unknown keys {sorted(extra)} (expected one of owner, team, from, terms)")
        if ("owner" in e) == ("team" in e):
            raise ValueError(f"{where}: an owners entry holds either `owner` or `team`, not "
                             + ("both" if "owner" in e else "neither"))
        if "from" not in e:
            raise ValueError(f"{where}: `from` is required")
        self.start = to_date(e["from"])
        self.terms = e.get("terms")
        if "owner" in e:
            self.team = [(str(e["owner"]), Fraction(1))]
        else:
            team = e["team"]
            if not isinstance(team, list) or not team:
                raise ValueError(f"{where}: `team` is a non-empty list of {{owner, share}}")
            self.team, seen = [], set()
            for i, m in enumerate(team):
                at = f"{where}, team member {i + 1}"
                if not isinstance(m, dict) or set(m) != {"owner", "share"}:
                    raise ValueError(f"{at}: a team member is {{owner, share}}, got {m!r}")
                who = str(m["owner"])
                if who in seen:
                    raise ValueError(f"{at}: {who} is in the team twice")
                seen.add(who)
                w = parse_share(m["share"], at)
                self.team.append((who, w))
            total = sum((w for _, w in self.team), Fraction(0))
            if total != 1:
                raise ValueError(f"{where}: the team's shares add up to {fmt_percent(total)}, not 100%")
        self.members = {p for p, _ in self.team}
        # The sole owner's id, or the members' ids for a team of several.
        self.owner = self.team[0][0] if len(self.team) == 1 else tuple(p for p, _ in self.team)

    def share_of(self, people) -> Fraction:
        """The sum of the shares held by `people` (spec 3.1, team_growth's w)."""
        return sum((w for p, w in self.team if p in people), Fraction(0))


def parse_share(text, where: str) -> Fraction:
    """A share, written like a rate (`70%` or `0.7`): > 0 and <= 100%."""
    try:
        w = parse_rate(text)
    except (ValueError, AssertionError) as e:
        raise ValueError(f"{where}: share {text!r} is not a rate ({e})") from None
    if w <= 0 or w > 1:
        raise ValueError(f"{where}: share {text} must be above 0% and at most 100%")
    return w


def dated(value, key: str):
    """`reports_to`: one id (for all time), or a list of {key, from}."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(None, value)]
    return sorted(((to_date(e["from"]), e[key]) for e in value), key=lambda e: e[0])


def in_force(entries, day: dt.date):
    """Each entry holds from its `from` until the next one starts."""
    found = None
    for start, who in entries:
        if start is None or start <= day:
            found = who
    return found


class Org:
    def __init__(self, org: dict):
        self.people = [p["id"] for p in org["people"]]
        assert len(set(self.people)) == len(self.people)
        self.role = {p["id"]: p["role"] for p in org["people"]}
        assert all(r in ROLES for r in self.role.values()), self.role
        self.reports = {p["id"]: dated(p.get("reports_to"), "manager") for p in org["people"]}
        self.owners = {}
        for a in org["accounts"]:
            entries = [OwnerEntry(e, f"account {a['id']}, owners entry {i + 1}") for i, e in enumerate(a["owners"])]
            self.owners[a["id"]] = sorted(entries, key=lambda e: e.start)
            for e in self.owners[a["id"]]:
                for who in e.members:
                    if who not in self.role:
                        raise ValueError(f"account {a['id']}: owner {who!r} (from {e.start}) is not a person of the org")
        self.quota = {}
        for q in org.get("quotas", []):
            self.quota[(q["person"], str(q["period"]))] = parse_money(q["amount"])

    def entry_on(self, account: str, day: dt.date):
        found = None
        for e in self.owners.get(account, []):
            if e.start <= day:
                found = e
        return found

    def owner_on(self, account: str, day: dt.date):
        e = self.entry_on(account, day)
        return None if e is None else e.owner

    def manager_on(self, person: str, day: dt.date):
        return in_force(self.reports.get(person, []), day)

    def level(self, manager: str, person: str, day: dt.date):
        """n such that following reports_to on `day` n times from person
        reaches manager; None when it never does."""
        cur, n = person, 0
        while True:
            cur = self.manager_on(cur, day)
            n += 1
            if cur is None:
                return None
            if cur == manager:
                return n
            if n > len(self.people):
                raise ValueError(f"reporting cycle through {person} on {day}")

    def team(self, manager: str, day: dt.date) -> set:
        return {p for p in self.people if p != manager and self.level(manager, p, day) is not None}

    def direct_reports(self, manager: str, day: dt.date) -> list:
        return [p for p in self.people if self.manager_on(p, day) == manager]

    def quota_for(self, person: str, label: str, end: dt.date):
        """Explicit quota; for a manager without one, the sum of the quotas
        of the reps, agents and partners at all levels below on the period's
        last day (it exists when at least one of them has a quota)."""
        if (person, label) in self.quota:
            return self.quota[(person, label)]
        if self.role[person] != "manager":
            return None
        found = [self.quota[(p, label)] for p in sorted(self.team(person, end))
                 if self.role[p] in TEAM_ROLES and (p, label) in self.quota]
        return sum(found, Fraction(0)) if found else None


# --- spec 4.2: transfer terms --------------------------------------------------------

class Terms:
    def __init__(self, name: str, t: dict):
        known = {"delay", "new_orders_only", "threshold", "ramp"}
        if set(t) - known:
            raise ValueError(f"transfer terms {name}: unknown keys {sorted(set(t) - known)}")
        self.name = name
        self.delay = t.get("delay")
        self.new_orders_only = bool(t.get("new_orders_only", False))
        self.threshold = parse_money(t["threshold"]) if "threshold" in t else None
        self.ramp_by, self.steps = None, []
        if "ramp" in t:
            self.ramp_by = t["ramp"]["by"]
            if self.ramp_by not in ("months", "sales"):
                raise ValueError(f"ramp by {self.ramp_by!r}")
            conv = int if self.ramp_by == "months" else parse_money
            self.steps = sorted((conv(s["from"]), parse_rate(s["share"])) for s in t["ramp"]["steps"])

    def step_at(self, x) -> Fraction:
        """The share of the step whose `from` is the largest <= x; 0 below
        the first step."""
        share = Fraction(0)
        for start, sh in self.steps:
            if start <= x:
                share = sh
        return share

    def sales_share(self, s: Fraction, a: Fraction) -> Fraction:
        lo, hi = (s, s + a) if a >= 0 else (s + a, s)
        if lo == hi:
            return self.step_at(s)
        cuts = [lo] + [st for st, _ in self.steps if lo < st < hi] + [hi]
        integral = sum((self.step_at(x0) * (x1 - x0) for x0, x1 in zip(cuts, cuts[1:])), Fraction(0))
        return integral / (hi - lo)

    def threshold_fraction(self, s: Fraction, a: Fraction) -> Fraction:
        lo, hi = (s, s + a) if a >= 0 else (s + a, s)
        if lo == hi:
            return Fraction(1) if s >= self.threshold else Fraction(0)
        return max(Fraction(0), hi - max(lo, self.threshold)) / (hi - lo)

    def factors(self, entry: OwnerEntry, o: dict, s: Fraction):
        """eligible, share and the note for an order on the account dated
        >= the transfer, credited to the new owner; s = account sales since
        the transfer before the order."""
        T, a = entry.start, o["amount"]
        eligible, share, notes = Fraction(1), Fraction(1), []
        if self.delay is not None:
            until = add_span(T, self.delay)
            if o["date"] < until:
                eligible *= 0
                notes.append(f"in transfer delay until {until.isoformat()}")
        # spec 3.1: on a team entry it passes for every member when closed_by
        # is any member of the team.
        if self.new_orders_only and o["closed_by"] not in entry.members:
            eligible *= 0
            notes.append("not closed by new owner")
        if self.threshold is not None:
            f = self.threshold_fraction(s, a)
            eligible *= f
            if f < 1:
                # contract notes: `threshold T: E of A eligible`
                notes.append(f"threshold {fmt_gross(self.threshold)}: {fmt_gross(f * a)} of {fmt_gross(a)} eligible")
        if self.ramp_by == "months":
            n = whole_months(T, o["date"])
            share = self.step_at(n)
            if share < 1:
                notes.append(f"ramp {fmt_percent(share)} (month {n})")   # contract notes: `ramp P (month N)`
        elif self.ramp_by == "sales":
            share = self.sales_share(s, a)
            if share < 1:
                # contract notes: `ramp P over account sales FROM to TO since transfer`
                notes.append(f"ramp {fmt_percent(share)} over account sales {fmt_gross(s)} to {fmt_gross(s + a)}"
                             " since transfer")
        return eligible, share, "; ".join(notes)


# --- spec 2: orders --------------------------------------------------------------------

def load_orders(path: str, currency: str):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    orders, seen = [], set()
    for r in rows:
        oid = r["order_id"]
        if oid in seen:
            raise ValueError(f"duplicate order_id {oid}")
        seen.add(oid)
        if r.get("currency") and r["currency"] != currency:
            raise ValueError(f"order {oid}: currency {r['currency']} != plan {currency}")
        orders.append({"order_id": oid, "date": to_date(r["date"]), "account": r["account"],
                       "amount": parse_money(r["amount"]), "closed_by": r.get("closed_by") or "",
                       "refund_of": r.get("refund_of") or "", "product": r.get("product") or ""})
    # (date, order_id), order_id in byte order of its UTF-8 text.
    orders.sort(key=lambda o: (o["date"], o["order_id"].encode("utf-8")))
    return orders


# --- spec 3.1: deal-level credits ------------------------------------------------------

class Receiver:
    """One receiver of an order (spec 3.1): person, share w, overlay or not,
    and the owners entry whose transfer terms govern its commission (None:
    eligible and share 1)."""
    __slots__ = ("person", "w", "overlay", "entry")

    def __init__(self, person, w, overlay, entry):
        self.person, self.w, self.overlay, self.entry = person, w, overlay, entry


def load_credits(path: str, orders: list, org) -> dict:
    """`--credits FILE` (spec 3.1): columns order_id,person,share and optional
    overlay (true/false, default false). Returns order_id -> [(person, w,
    overlay)] in file order. An unknown order_id or person, a share not in
    (0, 100%], a duplicate (order_id, person) or non-overlay rows not adding up
    to exactly 100% is an input error naming the row (a bad sum: the order's
    first row)."""
    known_orders = {o["order_id"] for o in orders}
    known_people = set(org.people)
    credits, first_row = {}, {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise ValueError(f"{path}: empty file, expected the header order_id,person,share[,overlay]") from None
        col = {name: i for i, name in enumerate(header)}
        missing = [c for c in ("order_id", "person", "share") if c not in col]
        if missing:
            raise ValueError(f"{path}:1: missing column(s) {', '.join(missing)} (header order_id,person,share[,overlay])")
        seen = set()
        for n, r in enumerate(reader, start=1):
            where = f"{path}:{reader.line_num}: credits row {n}"
            if not any(x.strip() for x in r):
                continue
            if len(r) < len(header):
                r = r + [""] * (len(header) - len(r))
            oid, who = r[col["order_id"]], r[col["person"]]
            if oid not in known_orders:
                raise ValueError(f"{where}, order_id: unknown order {oid!r}")
            if who not in known_people:
                raise ValueError(f"{where}, person: {who!r} is not a person of the org")
            w = parse_share(r[col["share"]], f"{where}, share")
            flag = r[col["overlay"]].strip() if "overlay" in col else ""
            if flag not in ("", "true", "false"):
                raise ValueError(f"{where}, overlay: {flag!r} is neither true nor false")
            if (oid, who) in seen:
                raise ValueError(f"{where}: a second row for ({oid}, {who})")
            seen.add((oid, who))
            credits.setdefault(oid, []).append((who, w, flag == "true"))
            first_row.setdefault(oid, where)
    for oid, rows in credits.items():
        total = sum((w for _, w, ov in rows if not ov), Fraction(0))
        if total != 1:
            raise ValueError(f"{first_row[oid]}: the non-overlay shares of order {oid} add up to "
                             f"{fmt_percent(total)}, not 100%")
    return credits


# --- spec 4: components ------------------------------------------------------------------

class Tiers:
    """A tier table: rows (upto or None, rate), the last open-ended. A tier
    covers (previous upto, upto]; the first extends below 0 (contract
    notes), the last above its lower bound."""

    def __init__(self, rows, conv):
        self.rows = [(None if "upto" not in r else conv(r["upto"]), parse_rate(r["rate"])) for r in rows]
        assert self.rows and self.rows[-1][0] is None and all(u is not None for u, _ in self.rows[:-1])
        ups = [u for u, _ in self.rows[:-1]]
        assert all(x < y for x, y in zip(ups, ups[1:])), "upto values must increase"

    def scaled(self, factor):
        """Bounds multiplied by factor (attainment % -> money)."""
        return [(None if u is None else u * factor, r) for u, r in self.rows]

    @staticmethod
    def integral(rows, lo: Fraction, hi: Fraction) -> Fraction:
        """Integral of the rate over [lo, hi), lo <= hi."""
        total, prev = Fraction(0), None
        for up, rate in rows:
            t_lo = lo if prev is None else max(lo, prev)
            t_hi = hi if up is None else min(hi, up)
            if t_hi > t_lo:
                total += rate * (t_hi - t_lo)
            prev = up
        return total

    @staticmethod
    def marginal(rows, c: Fraction, a: Fraction) -> Fraction:
        """Over [c, c+a); a negative amount runs backwards."""
        if a >= 0:
            return Tiers.integral(rows, c, c + a)
        return -Tiers.integral(rows, c + a, c)

    @staticmethod
    def band_rate(rows, x: Fraction) -> Fraction:
        """The rate of the tier holding x (a value <= the first bound, 0 or
        below included, takes the first tier)."""
        for up, rate in rows:
            if up is None or x <= up:
                return rate
        raise AssertionError


class Component:
    KEYS = {
        "commission": {"rate", "tiers", "cap"},
        "override": {"rates", "include_own"},
        "team_growth": {"baseline", "hurdle", "rate", "tiers", "include_own"},
        "team_attainment_bonus": {"attainment", "amount"},
        "contest": {"window", "metric", "prizes"},
        "rebate": {"tiers", "accounts"},
    }

    def __init__(self, c: dict):
        self.id, self.type = c["id"], c["type"]
        if self.type not in self.KEYS:
            raise NotImplementedError(f"component type {self.type}")
        extra = set(c) - {"id", "type", "payees", "products"} - self.KEYS[self.type]
        if extra:
            raise ValueError(f"{self.id}: unknown keys {sorted(extra)}")
        p = c.get("payees")
        if p is None and self.type != "rebate":
            raise ValueError(f"{self.id}: payees required")
        self.payee_role = p["role"] if isinstance(p, dict) else None
        self.payee_ids = list(p) if isinstance(p, list) else None
        self.products = set(c["products"]) if "products" in c else None
        t = self.type
        if t == "commission":
            if ("rate" in c) == ("tiers" in c):
                raise ValueError(f"{self.id}: rate or tiers")
            self.rate = parse_rate(c["rate"]) if "rate" in c else None
            self.tiers = None
            if "tiers" in c:
                tt = c["tiers"]
                self.basis, self.method = tt["basis"], tt["method"]
                assert self.basis in ("attainment", "sales") and self.method in ("marginal", "retroactive")
                self.tiers = Tiers(tt["table"], parse_rate if self.basis == "attainment" else parse_money)
            self.cap = parse_money(c["cap"]) if "cap" in c else None
        elif t == "override":
            self.rates = [parse_rate(r) for r in c["rates"]]
            self.include_own = bool(c.get("include_own", False))
        elif t == "team_growth":
            self.baseline = c.get("baseline", "previous_year")
            self.hurdle = parse_rate(c.get("hurdle", "0%"))
            if ("rate" in c) == ("tiers" in c):
                raise ValueError(f"{self.id}: rate or tiers")
            self.rate = parse_rate(c["rate"]) if "rate" in c else None
            self.tiers = None
            if "tiers" in c:
                self.method = c["tiers"]["method"]
                assert self.method in ("marginal", "retroactive")
                self.tiers = Tiers(c["tiers"]["table"], parse_rate)
            self.include_own = bool(c.get("include_own", False))
        elif t == "team_attainment_bonus":
            self.attainment = parse_rate(c["attainment"])
            self.amount = parse_money(c["amount"])
        elif t == "contest":
            self.metric = c.get("metric", "sales")
            assert self.metric in ("sales", "new_accounts"), self.metric
            self.window = (to_date(c["window"]["from"]), to_date(c["window"]["to"]))
            self.prizes = [parse_money(x) for x in c["prizes"]]
        elif t == "rebate":
            tt = c["tiers"]
            assert tt.get("basis", "sales") == "sales"
            self.method = tt["method"]
            assert self.method in ("retroactive", "marginal")
            self.tiers = Tiers(tt["table"], parse_money)
            self.accounts = set(c["accounts"]) if "accounts" in c else None

    def selects(self, person: str, role: str) -> bool:
        if self.payee_ids is not None:
            return person in self.payee_ids
        return role == self.payee_role

    def takes(self, product: str) -> bool:
        return self.products is None or product in self.products

    def payees(self, org: Org) -> list:
        return [p for p in org.people if self.selects(p, org.role[p])]


class Line:
    __slots__ = ("period", "payee", "component", "order_id", "account", "date", "amount_in",
                 "credit", "credited", "before", "gross", "eligible", "share", "unrounded", "rounded", "amount", "note",
                 "of_line", "portion")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def sort_key(self):
        return (self.period.encode(), self.payee.encode(), self.component.encode(),
                self.date or dt.date.min, (self.order_id or "").encode("utf-8"))


# --- the run ---------------------------------------------------------------------------------

def run(plan: dict, org: Org, orders: list, credits: dict | None = None):
    period = plan["period"]
    rounding = plan.get("rounding", "half_even")
    eff_from, eff_to = to_date(plan["effective"]["from"]), to_date(plan["effective"]["to"])
    comps = [Component(c) for c in plan["components"]]
    assert len({c.id for c in comps}) == len(comps), "component ids must be unique"
    terms = {name: Terms(name, t or {}) for name, t in (plan.get("transfer_terms") or {}).items()}
    paid = periods_between(eff_from, eff_to, period)
    position = {o["order_id"]: i for i, o in enumerate(orders)}
    by_id = {o["order_id"]: o for o in orders}
    lines, exceptions = [], []
    info = defaultdict(list)

    def add(**kw):
        kw["rounded"] = round_cents(kw["unrounded"], rounding)
        kw["amount"] = kw["rounded"]
        line = Line(**kw)
        lines.append(line)
        return line

    # Crediting (spec 3, 3.1): the owners entry in force on the order date
    # (its owner, or every member of its team at their share), unless the
    # credits file names the order: then its rows are the receivers. Transfer
    # terms: those of the owners entry in force, for its members only.
    credits = credits or {}
    for o in orders:
        o["period"] = period_label(o["date"], period)
        entry = o["entry"] = org.entry_on(o["account"], o["date"])
        if entry is not None and entry.terms is not None and entry.terms not in terms:
            raise ValueError(f"account {o['account']}: transfer terms {entry.terms!r} not in the plan")
        if o["order_id"] in credits:
            rows = credits[o["order_id"]]
        elif entry is not None:
            rows = [(p, w, False) for p, w in entry.team]
        else:
            rows = []
            exceptions.append(("no_owner", o["order_id"], f"account {o['account']} has no owner on {o['date']}"))
        o["receivers"] = [Receiver(p, w, ov, entry if entry is not None and entry.terms is not None
                                   and p in entry.members else None) for p, w, ov in rows]

    # Returns (spec 4.1, contract notes).
    for i, o in enumerate(orders):
        o["orig"] = None
        ref = o["refund_of"]
        if not ref:
            continue
        if o["amount"] >= 0:
            exceptions.append(("refund_of_not_negative", o["order_id"], ref))
        elif ref not in by_id:
            exceptions.append(("unknown_refund_of", o["order_id"], ref))
        elif position[ref] > i:
            exceptions.append(("refund_of_later_order", o["order_id"], ref))
        else:
            o["orig"] = by_id[ref]
    refunded = defaultdict(Fraction)
    for o in orders:
        if o["orig"] is not None:
            refunded[o["orig"]["order_id"]] += o["amount"]
    for oid, total in refunded.items():
        if -total > by_id[oid]["amount"]:
            exceptions.append(("over_refunded", oid, f"returns {fmt_money(-total)} of {fmt_money(by_id[oid]['amount'])}"))

    commissions = [c for c in comps if c.type == "commission"]
    overrides = [c for c in comps if c.type == "override"]
    override_ids = {c.id for c in overrides}

    def commission_applies(c, who, o):
        return c.selects(who, org.role[who]) and c.takes(o["product"])

    # Retroactive tiers need each (component, payee, period)'s final total
    # of credited sales (spec 3.1: a_r = a x w_r for each receiver).
    final = defaultdict(Fraction)
    for o in orders:
        for r in o["receivers"]:
            for c in commissions:
                if commission_applies(c, r.person, o):
                    final[(c.id, r.person, o["period"])] += o["amount"] * r.w

    # --- order-level lines, in (date, order_id) order ---------------------------
    cum = defaultdict(Fraction)        # (component, payee, period) -> c
    since = defaultdict(Fraction)      # (account, transfer date) -> s
    own_lines = defaultdict(list)      # order_id -> its own lines (for clawbacks)
    missing = set()
    for o in orders:
        label, a, entry = o["period"], o["amount"], o["entry"]
        effective = label in paid
        orig = o["orig"]

        # Transfer terms: s before this order; every order moves it (s is an
        # account figure: the whole amount, whoever is credited).
        s, tr = None, None
        if entry is not None and entry.terms is not None:
            tr = terms[entry.terms]
            key = (o["account"], entry.start)
            s = since[key]
            since[key] = s + a
        # spec 3.1: the same factors for every member of the entry.
        factors = None
        if tr is not None and any(r.entry is not None for r in o["receivers"]):
            factors = tr.factors(entry, o, s)

        # A clawback reverses every line paid on the original, for whoever
        # was paid (each receiver's own line), at the original's eligible,
        # share and credit, in this period.
        if orig is not None and effective:
            for ol in own_lines[orig["order_id"]]:
                add(period=label, payee=ol.payee, component=ol.component, order_id=o["order_id"],
                    account=o["account"], date=o["date"], amount_in=a, credit=ol.credit,
                    eligible=ol.eligible, share=ol.share,
                    gross=(ol.gross or 0) * a / orig["amount"],
                    unrounded=ol.unrounded * a / orig["amount"], of_line=ol, portion=-a / orig["amount"],
                    note=f"clawback of {orig['order_id']}: {fmt_money(-a)} of {fmt_money(orig['amount'])} returned"
                         + (f" ({ol.note})" if ol.note and ol.component not in override_ids else ""))

        for r in o["receivers"]:
            who, ar = r.person, a * r.w
            for c in commissions:
                if not commission_applies(c, who, o):
                    continue
                key = (c.id, who, label)
                before = cum[key]
                cum[key] = before + ar       # a return still moves each receiver's c by a_r
                if orig is not None or not effective:
                    continue                 # ...but pays no line of its own
                note = []
                if c.rate is not None:
                    g = ar * c.rate
                else:
                    # spec 3: a manager without an explicit quota has the roll-up of
                    # the team's quotas at the period's end (contract notes: it
                    # exists when at least one team member has a quota).
                    end = period_bounds(label, period)[1]
                    quota = org.quota_for(who, label, end) if c.basis == "attainment" else None
                    if c.basis == "attainment" and quota is None:
                        g = None
                        note.append(f"no quota for {label}")
                        if key not in missing:
                            missing.add(key)
                            exceptions.append(("missing_quota", "", f"{who} has no quota for {label} ({c.id})"))
                    else:
                        rows = c.tiers.scaled(quota) if c.basis == "attainment" else c.tiers.rows
                        if c.method == "marginal":
                            g = Tiers.marginal(rows, before, ar)
                        else:
                            g = ar * Tiers.band_rate(rows, final[key])
                eligible, share = Fraction(1), Fraction(1)
                if r.entry is not None:
                    eligible, share, tnote = factors
                    if tnote:
                        note.append(tnote)
                unrounded = Fraction(0) if g is None else g * eligible * share
                line = add(period=label, payee=who, component=c.id, order_id=o["order_id"], account=o["account"],
                           date=o["date"], amount_in=a, credit=r.w, credited=ar, before=before, gross=g,
                           eligible=eligible, share=share, unrounded=unrounded, note="; ".join(note))
                own_lines[o["order_id"]].append(line)

        if orig is not None or not effective:
            continue
        # spec 3.1: one line per (manager, order), gross = the sum over the
        # order's non-overlay receivers at level n below the manager of
        # a_r x rates[n-1] (include_own: the manager's own credit at the first
        # rate); credit = the sum of the shares that rolled up.
        for c in overrides:
            if not c.takes(o["product"]):
                continue
            for m in c.payees(org):
                parts = []
                for r in o["receivers"]:
                    if r.overlay:
                        continue             # overlay credits never roll up
                    if r.person == m:
                        n = 1 if c.include_own else None
                    else:
                        n = org.level(m, r.person, o["date"])
                    if n is None or n > len(c.rates):
                        continue
                    parts.append((r.person != m, n, r.person.encode("utf-8"), r))
                if not parts:
                    continue
                parts.sort(key=lambda x: x[:3])
                g = sum((a * r.w * c.rates[n - 1] for _, n, _, r in parts), Fraction(0))
                credit = sum((r.w for *_, r in parts), Fraction(0))
                note = "; ".join(f"level {n}: {r.person}" if not_own else "own order" for not_own, n, _, r in parts)
                own_lines[o["order_id"]].append(
                    add(period=label, payee=m, component=c.id, order_id=o["order_id"], account=o["account"],
                        date=o["date"], amount_in=a, credit=credit, credited=a * credit, gross=g,
                        eligible=Fraction(1), share=Fraction(1), unrounded=g, note=note))

    # --- caps (spec 4.1) ------------------------------------------------------------
    # A ceiling on the running total of a (component, payee, period)'s rounded
    # lines, taken in (date, order_id) order: a positive line pays at most the
    # room left (cap - running total, never below 0); negative lines lower the
    # total and the room they open is paid to later lines. A clawback of a line
    # the cap cut reverses what that line paid, x the portion returned, rounded
    # once, and never more than the line paid in all.
    caps = {c.id: c.cap for c in commissions if c.cap is not None}
    running = defaultdict(Fraction)
    reversed_of = defaultdict(Fraction)  # id(original line) -> what its clawbacks reversed
    for l in sorted(lines, key=Line.sort_key):
        cap = caps.get(l.component)
        if cap is None:
            continue
        k = (l.period, l.payee, l.component)
        ol = l.of_line
        if ol is not None and ol.amount != ol.rounded:   # a clawback of a cut line
            back = round_cents(-ol.amount * l.portion, rounding)
            back = max(back, -(ol.amount - reversed_of[id(ol)]))
            reversed_of[id(ol)] += -back
            l.rounded = l.amount = back
            l.note += f"; the original paid {fmt_money(ol.amount)} after the cap"
        if l.rounded > 0:
            room = max(Fraction(0), cap - running[k])
            if l.rounded > room:
                l.amount = room
                l.note = (l.note + "; " if l.note else "") + f"cap {fmt_money(cap)}: cut {fmt_money(l.rounded - room)}"
        running[k] += l.amount

    def in_period(o, label):
        return o["period"] == label

    # --- period-level components ------------------------------------------------------
    for c in comps:
        if c.type == "team_growth":
            for m in c.payees(org):
                for label in paid:
                    end = period_bounds(label, period)[1]
                    members = org.team(m, end) | ({m} if c.include_own else set())
                    # spec 3.1: each account counts with weight w = the shares,
                    # in the owners entry in force on the period's last day,
                    # held by the members (the same w in both periods).
                    weight = {}
                    for acc in org.owners:
                        e = org.entry_on(acc, end)
                        w = Fraction(0) if e is None else e.share_of(members)
                        if w:
                            weight[acc] = w
                    accounts = set(weight)
                    base_label = baseline_period(label, period, c.baseline)
                    current = sum((o["amount"] * weight[o["account"]] for o in orders if o["account"] in accounts
                                   and in_period(o, label) and c.takes(o["product"])), Fraction(0))
                    baseline = sum((o["amount"] * weight[o["account"]] for o in orders if o["account"] in accounts
                                    and in_period(o, base_label) and c.takes(o["product"])), Fraction(0))
                    growth = current - baseline
                    gp = None if baseline == 0 else growth / baseline
                    pays = growth > 0 and (gp is None or gp >= c.hurdle)
                    v, how = Fraction(0), ""
                    if pays:
                        if c.tiers is None:
                            v = c.rate * growth
                        elif c.method == "retroactive":
                            rate = c.tiers.rows[-1][1] if gp is None else Tiers.band_rate(c.tiers.rows, gp)
                            v, how = growth * rate, f"at {fmt_frac(rate * 100)}%"
                        else:
                            # Split the growth amount at upto x baseline; a zero
                            # baseline puts it all in the last band.
                            rows = c.tiers.scaled(baseline)
                            v = Tiers.integral(rows, Fraction(0), growth) if baseline else growth * rows[-1][1]
                            how = "marginal"
                    note = (f"current {fmt_gross(current)}, baseline {fmt_gross(baseline)} ({base_label}), "
                            f"growth {fmt_gross(growth)}" + ("" if gp is None else f" ({fmt_frac(gp * 100)}%)")
                            + (f" {how}" if how else ""))
                    add(period=label, payee=m, component=c.id, unrounded=v, gross=v, note=note)
                    info["team_growth"].append({"component": c.id, "period": label, "manager": m,
                                                "baseline_period": base_label, "accounts": sorted(accounts),
                                                "weights": dict(sorted(weight.items())),
                                                "current": current, "baseline": baseline, "growth": growth,
                                                "pct": gp, "pays": pays, "amount": round_cents(v, rounding)})

        elif c.type == "team_attainment_bonus":
            for m in c.payees(org):
                for label in paid:
                    end = period_bounds(label, period)[1]
                    qualifying, detail = 0, []
                    for r in org.direct_reports(m, end):
                        q = org.quota_for(r, label, end)
                        # spec 3.1: the report's credited sales, sum of a_r
                        # (overlay credits included).
                        sales = sum((o["amount"] * x.w for o in orders if in_period(o, label)
                                     and c.takes(o["product"]) for x in o["receivers"] if x.person == r),
                                    Fraction(0))
                        if not q:
                            exceptions.append(("missing_quota", "", f"{r} has no quota for {label} ({c.id})"))
                            detail.append((r, sales, q, None, False))
                            continue
                        att = sales / q
                        ok = att >= c.attainment
                        qualifying += ok
                        detail.append((r, sales, q, att, ok))
                    add(period=label, payee=m, component=c.id, unrounded=c.amount * qualifying,
                        gross=c.amount * qualifying,
                        note=f"{qualifying} direct report{'' if qualifying == 1 else 's'} at or above "
                             f"{fmt_frac(c.attainment * 100)}%")
                    info["bonus"].append({"period": label, "manager": m, "reports": detail,
                                          "amount": c.amount * qualifying})

        elif c.type == "contest":
            lo, hi = c.window
            label = period_label(hi, period)
            if not (eff_from <= lo and hi <= eff_to):
                raise ValueError(f"{c.id}: the window must lie inside the plan's effective range")
            metric = {}
            if c.metric == "sales":
                # spec 3.1: each receiver's a_r, overlay receivers included.
                for o in orders:
                    if not (lo <= o["date"] <= hi) or not c.takes(o["product"]):
                        continue
                    for r in o["receivers"]:
                        if c.selects(r.person, org.role[r.person]):
                            metric[r.person] = metric.get(r.person, Fraction(0)) + o["amount"] * r.w
            else:
                first = {}
                for o in orders:   # (date, order_id) order: the first seen is the first
                    if c.takes(o["product"]) and o["account"] not in first:
                        first[o["account"]] = o
                new = defaultdict(list)
                for acc, o in first.items():
                    # spec 3.1: the non-overlay receiver with the largest share
                    # of the first order (a tie: the smallest id in byte order).
                    main = sorted((r for r in o["receivers"] if not r.overlay),
                                  key=lambda r: (-r.w, r.person.encode("utf-8")))
                    who = main[0].person if main else None
                    if lo <= o["date"] <= hi and who is not None and c.selects(who, org.role[who]):
                        metric[who] = metric.get(who, 0) + 1
                        new[who].append(acc)
                info["new_accounts"] = {p: sorted(v) for p, v in new.items()}
            ranked = sorted(metric.items(), key=lambda kv: (-kv[1], kv[0]))
            place = 0
            while place < len(ranked):
                group = [p for p, v in ranked if v == ranked[place][1]]
                prizes = [c.prizes[j] if j < len(c.prizes) else Fraction(0)
                          for j in range(place, place + len(group))]
                share = sum(prizes, Fraction(0)) / len(group)
                where = (f"place {place + 1}" if len(group) == 1
                         else f"places {place + 1}-{place + len(group)} shared by {len(group)}")
                for p in group:
                    shown = fmt_gross(metric[p]) if c.metric == "sales" else str(metric[p])
                    add(period=label, payee=p, component=c.id, unrounded=share, gross=share,
                        note=f"{where}: {c.metric} {shown}")
                    info["contest"].append({"component": c.id, "payee": p, "metric": metric[p],
                                            "place": place + 1, "tied": len(group), "share": share,
                                            "amount": round_cents(share, rounding)})
                place += len(group)

        elif c.type == "rebate":
            for label in paid:
                totals = {}
                for o in orders:
                    if in_period(o, label) and c.takes(o["product"]) and (
                            c.accounts is None or o["account"] in c.accounts):
                        totals[o["account"]] = totals.get(o["account"], Fraction(0)) + o["amount"]
                for acc in sorted(totals):
                    t = totals[acc]
                    if c.method == "retroactive":
                        v = t * Tiers.band_rate(c.tiers.rows, t)
                    else:
                        v = Tiers.marginal(c.tiers.rows, Fraction(0), t)
                    add(period=label, payee=acc, component=c.id, unrounded=v, gross=v,
                        note=f"sales {fmt_money(t)}")
                    info["rebate"].append({"period": label, "account": acc, "sales": t,
                                           "amount": round_cents(v, rounding)})

    lines = [l for l in lines if l.period in paid]
    # Contract notes: a return with a known refund_of, in a paid period, whose
    # original paid no line (in any component) has nothing to claw back; it is
    # listed, so that every order ends in a line or an exception.
    with_line = {l.order_id for l in lines if l.order_id}
    for o in orders:
        if o["orig"] is not None and o["period"] in paid and o["order_id"] not in with_line:
            exceptions.append(("return_of_unpaid_order", o["order_id"],
                               f"returns {fmt_money(-o['amount'])} of {o['orig']['order_id']}, which paid no line"))
    statements = defaultdict(Fraction)
    for l in lines:
        statements[(l.period, l.payee, l.component)] += l.amount
    return lines, statements, exceptions, info, paid


# --- outputs ----------------------------------------------------------------------------

def write_statements(path, statements):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "amount"])
        for k in sorted(statements, key=lambda k: tuple(x.encode("utf-8") for x in k)):
            w.writerow([*k, fmt_money(statements[k])])


LINES_HEADER = ["period", "payee", "component", "order_id", "account", "date", "amount_in", "credit", "gross",
                "eligible", "share", "amount", "note"]


def write_lines(path, lines):
    """DIR/lines.csv in the contract's format (spec 5): money with the minor
    digits, gross unrounded to at most 6 digits, eligible and share as
    decimals; period-level lines leave the order columns empty (their
    eligible and share are 1: no transfer terms apply). `credit` (spec 3.1)
    after amount_in, written like share: w_r on a commission line and its
    clawbacks, the sum of the shares that rolled up on an override line (and
    its clawbacks), empty on period-level lines. Rows sorted by period,
    payee, component, date, order_id in byte order."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(LINES_HEADER)
        for l in sorted(lines, key=Line.sort_key):
            order_level = l.order_id is not None
            w.writerow([l.period, l.payee, l.component, l.order_id or "", l.account or "",
                        l.date.isoformat() if order_level else "",
                        fmt_amount_in(l.amount_in) if order_level else "",
                        fmt_factor(l.credit) if order_level else "", fmt_gross(l.gross),
                        fmt_factor(1 if l.eligible is None else l.eligible),
                        fmt_factor(1 if l.share is None else l.share), fmt_money(l.amount), l.note or ""])


def write_exceptions(path, exceptions):
    """DIR/exceptions.csv (spec 5: kind,order_id,detail), sorted in byte order."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "order_id", "detail"])
        for e in sorted(exceptions, key=lambda e: tuple(x.encode("utf-8") for x in e)):
            w.writerow(e)


def write_explain(directory, lines, exceptions):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "reference_lines.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["period", "payee", "component", "order_id", "account", "date", "amount_in", "credit",
                    "credited", "before", "gross", "eligible", "share", "unrounded", "rounded", "amount", "note"])
        for l in sorted(lines, key=Line.sort_key):
            w.writerow([l.period, l.payee, l.component, l.order_id or "", l.account or "",
                        l.date.isoformat() if l.date else "", fmt_frac(l.amount_in), fmt_frac(l.credit),
                        fmt_frac(l.credited), fmt_frac(l.before),
                        fmt_frac(l.gross), fmt_frac(l.eligible), fmt_frac(l.share), fmt_frac(l.unrounded),
                        fmt_money(l.rounded), fmt_money(l.amount), l.note])
    with open(os.path.join(directory, "reference_exceptions.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["kind", "order_id", "detail"])
        for e in sorted(exceptions):
            w.writerow(e)


def print_summary(org, statements, info, paid):
    people = list(org.people)
    total = lambda keys: sum((statements[k] for k in keys), Fraction(0))  # noqa: E731
    print("\n### Total pay per person and quarter\n")
    print("| payee | " + " | ".join(paid) + " | 2026 |")
    print("| --- | " + " | ".join("---:" for _ in paid) + " | ---: |")
    for p in people:
        keys = [[k for k in statements if k[0] == lab and k[1] == p] for lab in paid]
        vals = [total(ks) for ks in keys]
        print(f"| {p} ({org.role[p]}) | " + " | ".join(grouped(v) if ks else "—" for v, ks in zip(vals, keys))
              + f" | {grouped(sum(vals, Fraction(0)))} |")
    accts = sorted({k[1] for k in statements} - set(people))
    for acc in accts:
        vals = [total([k for k in statements if k[0] == lab and k[1] == acc]) for lab in paid]
        print(f"| {acc} (rebate) | " + " | ".join(grouped(v) for v in vals)
              + f" | {grouped(sum(vals, Fraction(0)))} |")
    vals = [total([k for k in statements if k[0] == lab]) for lab in paid]
    print("| **all** | " + " | ".join(f"**{grouped(v)}**" for v in vals)
          + f" | **{grouped(sum(vals, Fraction(0)))}** |")

    print("\n### Per payee, per component\n")
    print("| payee | component | " + " | ".join(paid) + " | 2026 |")
    print("| --- | --- | " + " | ".join("---:" for _ in paid) + " | ---: |")
    comps = sorted({k[2] for k in statements})
    for p in people + accts:
        for c in comps:
            vals = [statements.get((lab, p, c)) for lab in paid]
            if any(v is not None for v in vals):
                print(f"| {p} | {c} | " + " | ".join("" if v is None else grouped(v) for v in vals)
                      + f" | {grouped(sum((v for v in vals if v is not None), Fraction(0)))} |")

    print("\n### Team growth\n")
    print("| component | manager | quarter | accounts | current | baseline | growth | growth % | pays |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t in info["team_growth"]:
        gp = "n/a" if t["pct"] is None else pct(t["pct"])
        print(f"| {t['component']} | {t['manager']} | {t['period']} | {len(t['accounts'])} | {grouped(t['current'])} | "
              f"{grouped(t['baseline'])} | {grouped(t['growth'])} | {gp} | {grouped(t['amount'])} |")
    print("\n### Coaching bonus\n")
    for b in info["bonus"]:
        rep = "; ".join(f"{r} {grouped(s)}/{'-' if q is None else grouped(q)}"
                        f"={'-' if a is None else pct(a)}{' *' if ok else ''}"
                        for r, s, q, a, ok in b["reports"])
        print(f"{b['period']} {b['manager']}: {grouped(b['amount'])}  [{rep}]")
    print("\n### Contests\n")
    print("new accounts:", info.get("new_accounts"))
    for c in info["contest"]:
        m = grouped(c["metric"]) if isinstance(c["metric"], Fraction) else c["metric"]
        print(f"{c['component']} {c['payee']}: {m} place {c['place']} (tied {c['tied']}) "
              f"share {fmt_frac(c['share'])} -> {fmt_money(c['amount'])}")
    print("\n### Rebates\n")
    for r in info["rebate"]:
        print(f"{r['period']} {r['account']}: {grouped(r['sales'])} -> {fmt_money(r['amount'])}")


def check_yaml(model: dict, example_dir: str = EXAMPLE_DIR) -> int:
    """The JSON mirror equals the example's YAML: `plan` and plan.yaml, or each
    of `plans` and plan-KEY.yaml; `org` and org.yaml (the example folder is
    the one holding --orders)."""
    try:
        import yaml  # noqa: only for this optional check
    except ImportError:
        print("PyYAML is not installed: cannot compare with the YAML files", file=sys.stderr)
        return 1

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        if isinstance(x, dt.date):
            return x.isoformat()
        if isinstance(x, (int, float)) and not isinstance(x, bool):
            return str(x)
        return x

    ok = True
    pairs = [("org.yaml", model["org"])]
    if "plans" in model:
        pairs += [(f"plan-{k}.yaml", v) for k, v in sorted(model["plans"].items())]
    else:
        pairs.append(("plan.yaml", model["plan"]))
    for name, mirror in pairs:
        with open(os.path.join(example_dir, name), encoding="utf-8") as f:
            y = norm(yaml.safe_load(f))
        if y != norm(mirror):
            print(f"{os.path.join(example_dir, name)} and the JSON mirror differ", file=sys.stderr)
            ok = False
    print(f"JSON mirror matches {', '.join(n for n, _ in pairs)}" if ok else "mismatch")
    return 0 if ok else 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=DEFAULT_MODEL, help="JSON mirror of plan.yaml + org.yaml")
    ap.add_argument("--orders", default=os.path.join(EXAMPLE_DIR, "orders.csv"))
    ap.add_argument("--out", default=DEFAULT_OUT, help="the statements file to write")
    ap.add_argument("--lines", help="also write the lines in the contract's lines.csv format to this file")
    ap.add_argument("--exceptions", help="also write the exceptions (exceptions.csv format) to this file")
    ap.add_argument("--plan", help="with a model holding `plans`: the plan to run (a key of `plans`)")
    ap.add_argument("--credits", help="deal-level credits CSV (spec 3.1: order_id,person,share[,overlay])")
    ap.add_argument("--explain", help="also write DIR/reference_lines.csv and DIR/reference_exceptions.csv")
    ap.add_argument("--summary", action="store_true", help="print the README's tables")
    ap.add_argument("--check-yaml", action="store_true", help="compare the JSON mirror with the YAML files")
    args = ap.parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        model = json.load(f, parse_float=str)   # numbers never go through float
    if args.check_yaml:
        return check_yaml(model, os.path.dirname(os.path.abspath(args.orders)))
    plan = model["plans"][args.plan] if args.plan else model["plan"]
    try:
        org = Org(model["org"])
        orders = load_orders(args.orders, plan.get("currency", "USD"))
        credits = load_credits(args.credits, orders, org) if args.credits else None
        lines, statements, exceptions, info, paid = run(plan, org, orders, credits)
    except ValueError as e:   # an input error (spec 5: exit 2), named where it is
        print(f"{os.path.basename(sys.argv[0]) or 'reference_full.py'}: input error: {e}", file=sys.stderr)
        return 2
    write_statements(args.out, statements)
    if args.lines:
        write_lines(args.lines, lines)
    if args.exceptions:
        write_exceptions(args.exceptions, exceptions)
    if args.explain:
        write_explain(args.explain, lines, exceptions)
    if args.summary:
        print_summary(org, statements, info, paid)
    total = sum(statements.values(), Fraction(0))
    print(f"{len(statements)} statement rows, {len(lines)} lines, {len(exceptions)} exceptions, "
          f"total {fmt_money(total)} -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
