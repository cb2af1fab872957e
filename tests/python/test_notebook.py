"""rules-examples/notebooks/plan-modelling.ipynb runs top to bottom, so it cannot rot.

The kernel imports the same payplan as these tests: the package installed
with pip in CI, or bindings/python in a development tree (put on the
kernel's PYTHONPATH only then).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import payplan
from conftest import EXAMPLES_DIR

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = EXAMPLES_DIR / "notebooks" / "plan-modelling.ipynb"


def kernel_env() -> dict[str, str]:
    env = dict(os.environ, MPLBACKEND="Agg")
    package_root = str(Path(payplan.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


def test_notebook_runs_and_draws_a_figure() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(env=kernel_env())  # raises CellExecutionError, naming the cell, if any cell fails

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells
    outputs = [o for c in code_cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, f"the notebook wrote to stderr (a warning?): {stderr}"
    figures = [o for o in outputs if o.output_type in ("display_data", "execute_result") and "image/png" in o.get("data", {})]
    assert figures, "no cell output holds a figure (image/png)"
    printed = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")
    assert "matches the README" in printed
