"""The plan family of make_ledger.py, as the peers (peer_polars.py, peer_duckdb.py,
peer_pandas.py) read it: which of its components a plan has, the account owners and
reporting lines of an org, and the exact integer arithmetic they share.

Anything outside the family (another rate, a transfer, dated reporting lines, another
period or rounding mode, ...) is refused with an error naming the file and the entry:
the peers are hand-written for this family, not general plan engines.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from make_ledger import plan_yaml  # the plan family is defined once, where the inputs are made

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The components of make_ledger.plan_yaml (all eight), each as YAML parses it.
FAMILY = {c["id"]: c for c in yaml.load(plan_yaml(8), Loader=Loader)["components"]}

# The plan in integers. A flat line is round(cents * num / den); base 3% = 3/100, flatK K/10 % = K/1000.
FLAT = {"base": (3, 100), **{f"flat{k}": (k, 1000) for k in range(4, 9)}}
MGR = (2, 100)  # the override's 2%
# accel: marginal tiers on cumulative cents; the integral of the rate from 0 to x is in
# cents x percent (hundredths of a cent): 2 * min(x, B1) + 4 * clip(x - B1, 0, B2 - B1) + 6 * max(x - B2, 0).
# Below 0 the first tier's rate applies (docs/contract-notes.md), so min(x, B1) is x there.
TIER_BOUNDS = (100_000_00, 200_000_00)
TIER_RATES = (2, 4, 6)
TIER_DEN = 100


class NotInFamily(SystemExit):
    pass


def refuse(where: Path, what: str) -> NotInFamily:
    return NotInFamily(f"{where}: {what} (this peer computes only make_ledger.py's plan family)")


@dataclass(frozen=True)
class Family:
    components: list[str]        # the plan's component ids, in plan order
    first: dt.date               # effective from
    last: dt.date                # effective to
    accounts: list[str]          # account ids ...
    owners: list[str]            # ... and the one owner of each
    manager_of: dict[str, str]   # person -> the manager they report to (role manager only)
    role: dict[str, str]


def load(folder: Path) -> Family:
    plan_path, org_path = folder / "plan.yaml", folder / "org.yaml"
    plan = yaml.load(plan_path.read_text(), Loader=Loader)
    extra = set(plan) - {"plan", "currency", "period", "rounding", "effective", "components"}
    if extra:
        raise refuse(plan_path, f"keys {sorted(extra)}")
    if plan.get("currency", "USD") != "USD" or plan.get("period") != "quarter" \
            or plan.get("rounding", "half_even") != "half_even":
        raise refuse(plan_path, "currency, period or rounding other than USD, quarter, half_even")
    eff = plan.get("effective") or {}
    first, last = eff.get("from"), eff.get("to")
    if not (isinstance(first, dt.date) and isinstance(last, dt.date) and set(eff) == {"from", "to"}
            and first.day == 1 and first.month % 3 == 1
            and (last + dt.timedelta(days=1)).day == 1 and last.month % 3 == 0):
        raise refuse(plan_path, "effective must be {from, to} on whole quarters")
    components = []
    for k, c in enumerate(plan.get("components") or []):
        cid = c.get("id") if isinstance(c, dict) else None
        if cid not in FAMILY or FAMILY[cid] != c:
            raise refuse(plan_path, f"components[{k}] (id {cid!r}) is not the family's component of that id")
        components.append(cid)
    if len(set(components)) != len(components) or not components:
        raise refuse(plan_path, "components missing or repeated")

    org = yaml.load(org_path.read_text(), Loader=Loader)
    if set(org) - {"people", "accounts"}:
        raise refuse(org_path, f"keys {sorted(set(org) - {'people', 'accounts'})}")
    role: dict[str, str] = {}
    reports: dict[str, str] = {}
    for k, p in enumerate(org.get("people") or []):
        if set(p) - {"id", "name", "role", "reports_to"} or not isinstance(p.get("reports_to", ""), str):
            raise refuse(org_path, f"people[{k}] ({p.get('id')}): only id, name, role and one reports_to id")
        role[p["id"]] = p["role"]
        if "reports_to" in p:
            reports[p["id"]] = p["reports_to"]
    manager_of = {who: m for who, m in reports.items() if role.get(m) == "manager"}
    accounts, owners = [], []
    for k, a in enumerate(org.get("accounts") or []):
        entries = a.get("owners") or []
        if set(a) != {"id", "owners"} or len(entries) != 1 or set(entries[0]) != {"owner", "from"} \
                or not entries[0]["from"] <= first or role.get(entries[0]["owner"]) != "rep":
            raise refuse(org_path, f"accounts[{k}] ({a.get('id')}): one rep owner from before the plan")
        accounts.append(str(a["id"]))
        owners.append(str(entries[0]["owner"]))
    return Family(components, first, last, accounts, owners, manager_of, role)


def write_statements(rows: list[tuple[str, str, str, int]], out: Path) -> None:
    """payplan's statements.csv: period,payee,component,amount (cents as 123.45), sorted."""
    rows.sort()
    with open(out, "w", newline="") as f:
        f.write("period,payee,component,amount\n")
        for period, payee, component, cents in rows:
            sign = "-" if cents < 0 else ""
            f.write(f"{period},{payee},{component},{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}\n")


def main_args() -> tuple[Path, Path]:
    if len(sys.argv) != 3:
        raise SystemExit(f"usage: {Path(sys.argv[0]).name} FOLDER OUT.csv")
    return Path(sys.argv[1]), Path(sys.argv[2])
