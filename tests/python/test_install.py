"""What ``pip install`` brings (issue 15): the ``payplan`` command line in
the environment's bin, and extras (``excel``, ``notebook``) that hold what
their features import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import payplan
from conftest import EXAMPLES_DIR, REPO_ROOT

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
HANDOVER = EXAMPLES_DIR / "account-handover"
NOTEBOOK = EXAMPLES_DIR / "notebooks" / "plan-modelling.ipynb"


def installed_cli() -> Path:
    """The payplan executable pip installed beside this Python (the wheel's scripts)."""
    return Path(sys.executable).parent / ("payplan.exe" if os.name == "nt" else "payplan")


def test_pip_install_puts_the_cli_beside_python() -> None:
    cli = installed_cli()
    assert cli.is_file() and os.access(cli, os.X_OK), f"{cli} is missing: the wheel should install the CLI"
    run = subprocess.run([str(cli), "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage:\n  payplan run --plan PLAN.yaml")
    assert "payplan compare" in run.stdout


def test_the_installed_cli_pays_what_the_package_pays(tmp_path: Path) -> None:
    run = subprocess.run([str(installed_cli()), "run", "--plan", str(HANDOVER / "plan-threshold.yaml"),
                          "--org", str(HANDOVER / "org.yaml"), "--orders", str(HANDOVER / "orders.csv"),
                          "--out", str(tmp_path / "cli"), "--quiet"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    result = payplan.Plan.from_yaml(HANDOVER / "plan-threshold.yaml").evaluate(
        HANDOVER / "orders.csv", payplan.Org.from_yaml(HANDOVER / "org.yaml"))
    result.to_csv(tmp_path / "py")
    for name in ("statements.csv", "lines.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "py" / name).read_bytes(), name


def extras() -> dict[str, list[str]]:
    with (REPO_ROOT / "pyproject.toml").open("rb") as f:
        project = tomllib.load(f)["project"]
    named = {k: [re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in v]
             for k, v in project["optional-dependencies"].items()}
    named["*"] = [re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in project["dependencies"]]
    return named


def test_the_excel_extra_brings_openpyxl_and_ci_installs_it() -> None:
    named = extras()
    assert named["excel"] == ["openpyxl"]
    assert "openpyxl" in named["test"]


def test_the_notebook_extra_brings_what_the_notebook_imports() -> None:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imported = {m.split(".")[0] for m in re.findall(r"^\s*(?:import|from)\s+([\w.]+)", source, re.M)}
    third_party = sorted(m for m in imported if m not in sys.stdlib_module_names and m != "payplan")
    assert third_party == ["matplotlib", "pandas"]  # what the notebook imports today
    named = extras()
    for module in third_party:
        assert module in named["notebook"] or module in named["*"], module
    # and a kernel to run it in, and JupyterLab to open it in
    assert {"ipykernel", "jupyterlab"} <= set(named["notebook"])
