"""Shared fixtures for the payplan Python tests.

The examples in rules-examples/ are the common ground between the Python
package and the ``payplan`` command line: every test that compares the two
runs the CLI once per example (session-scoped) and reads its CSV files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd
import pytest

import payplan

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "rules-examples"
CLI_PATH = REPO_ROOT / "build" / "payplan"  # scripts/setup.sh builds it there


@dataclass(frozen=True)
class Example:
    """One plan of one example folder: plan-*.yaml (or plan.yaml), org.yaml, orders.csv."""

    folder: Path
    plan: Path

    @property
    def org(self) -> Path:
        return self.folder / "org.yaml"

    @property
    def orders(self) -> Path:
        return self.folder / "orders.csv"

    @property
    def credits(self) -> Path | None:
        """The example's deal-level credits (spec 3.1), if it has a credits.csv."""
        path = self.folder / "credits.csv"
        return path if path.is_file() else None

    @property
    def credits_args(self) -> list[str]:
        return ["--credits", str(self.credits)] if self.credits else []

    @property
    def name(self) -> str:
        stem = self.plan.stem
        return self.folder.name if stem == "plan" else f"{self.folder.name}/{stem.removeprefix('plan-')}"


def _examples() -> list[Example]:
    found = [
        Example(plan.parent, plan)
        for plan in sorted(EXAMPLES_DIR.glob("*/plan*.yaml"))
        if (plan.parent / "org.yaml").is_file() and (plan.parent / "orders.csv").is_file()
    ]
    assert found, f"no examples under {EXAMPLES_DIR}"
    return found


EXAMPLES = _examples()
ORGS = sorted({e.org for e in EXAMPLES})


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``example`` runs a test once per example plan, ``org_path`` once per example org."""
    if "example" in metafunc.fixturenames:
        metafunc.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
    if "org_path" in metafunc.fixturenames:
        metafunc.parametrize("org_path", ORGS, ids=[p.parent.name for p in ORGS])


@pytest.fixture(scope="session")
def cli() -> Path:
    """The payplan CLI built by scripts/setup.sh; the comparison tests skip without it."""
    if not (CLI_PATH.is_file() and os.access(CLI_PATH, os.X_OK)):
        pytest.skip(f"the payplan CLI is not built at {CLI_PATH} (run scripts/setup.sh)")
    return CLI_PATH


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr: str
    out: Path


def run_cli(cli: Path, example: Example, out: Path, *extra: str, orders: Path | None = None) -> CliRun:
    """``payplan run`` on one example, writing into ``out``."""
    proc = subprocess.run(
        [str(cli), "run", "--plan", str(example.plan), "--org", str(example.org),
         "--orders", str(orders or example.orders), *example.credits_args, "--out", str(out), *extra],
        capture_output=True, text=True, check=False, timeout=120,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr, out)


@pytest.fixture(scope="session")
def cli_outputs(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The CLI's output folder for every example, run once per session."""
    root = tmp_path_factory.mktemp("cli")
    outputs: dict[str, Path] = {}
    for example in EXAMPLES:
        out = root / example.name.replace("/", "-")
        run = run_cli(cli, example, out)
        assert run.returncode == 0, f"payplan run failed on {example.name}: {run.stderr}"
        outputs[example.name] = out
    yield outputs
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def handover() -> Path:
    """The account-handover example folder (one org, seven plans, one ledger)."""
    return EXAMPLES_DIR / "account-handover"


@pytest.fixture(scope="session")
def handover_org(handover: Path) -> payplan.Org:
    return payplan.Org.from_yaml(handover / "org.yaml")


@pytest.fixture(scope="session")
def threshold_plan(handover: Path) -> payplan.Plan:
    return payplan.Plan.from_yaml(handover / "plan-threshold.yaml")


@pytest.fixture(scope="module")
def text_frame(handover: Path) -> "pd.DataFrame":
    """The handover ledger as pandas reads it with every column as text (pandas' str dtype)."""
    return pd.read_csv(handover / "orders.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def expected(handover: Path, threshold_plan: payplan.Plan, handover_org: payplan.Org) -> payplan.Result:
    """The threshold plan's result from the handover CSV file itself."""
    return threshold_plan.evaluate(handover / "orders.csv", handover_org)

