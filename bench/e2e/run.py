#!/usr/bin/env python3
"""`payplan run` end to end against its peers (issue 11): the same FOLDER (from
make_ledger.py) through each tool as a separate process, each --repeat times, the tools
taking turns within each round (the start rotating) so a noisy shared machine weighs on
all alike. Per tool: the median wall seconds, the peak RSS of the process (os.wait4's
rusage of that one child), the ratio to payplan, and a check that every run's statements
equal payplan's statements.csv to the cent (amounts parsed as Decimal; any difference is
printed with examples and the exit status is 1). Prints a markdown table.

    build/venv/bin/python bench/e2e/run.py /tmp/e2e-1m --repeat 3 --payplan build/payplan

Tools: payplan (`payplan run`, all three files), payplan-statements (`payplan run
--outputs statements,exceptions`, when this payplan accepts it; otherwise skipped with a
note), polars, duckdb, pandas (peer_*.py, run with this Python).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
TOOLS = ["payplan", "payplan-statements", "polars", "duckdb", "pandas"]
Statements = dict[tuple[str, str, str], int]


def run_timed(argv: list[str]) -> tuple[float, int, int, str]:
    """Wall seconds, peak RSS in KiB, exit status and stderr tail of one child process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return wall, usage.ru_maxrss, child.returncode, err.read().decode(errors="replace")[-2000:]


def read_statements(path: Path) -> Statements:
    out: Statements = {}
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["period", "payee", "component", "amount"]:
            raise SystemExit(f"{path}: header {reader.fieldnames}, not period,payee,component,amount")
        for row in reader:
            key = (row["period"], row["payee"], row["component"])
            cents = Decimal(row["amount"]).scaleb(2)
            if key in out or cents != cents.to_integral_value():
                raise SystemExit(f"{path}: repeated statement or amount not in cents: {row}")
            out[key] = int(cents)
    return out


def differences(expected: Statements, got: Statements) -> list[str]:
    keys = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
    def show(v: int | None) -> str:
        return "missing" if v is None else f"{Decimal(v).scaleb(-2)}"
    return [f"{','.join(k)}: payplan {show(expected.get(k))}, got {show(got.get(k))}" for k in keys]


def accepts_outputs(payplan: str, folder: Path, scratch: Path) -> bool:
    """Whether this payplan takes --outputs statements,exceptions: its usage says so, or a trial on
    the first order of FOLDER succeeds and writes only those files."""
    usage = subprocess.run([payplan, "run"], capture_output=True, text=True)
    if "--outputs" in usage.stdout + usage.stderr:
        return True
    trial = scratch / "trial"
    trial.mkdir()
    with open(folder / "orders.csv") as src, open(trial / "orders.csv", "w") as dst:
        dst.write(src.readline() + src.readline())
    out = trial / "out"
    done = subprocess.run([payplan, "run", "--plan", str(folder / "plan.yaml"), "--org", str(folder / "org.yaml"),
                           "--orders", str(trial / "orders.csv"), "--out", str(out),
                           "--outputs", "statements,exceptions"], capture_output=True)
    return done.returncode == 0 and (out / "statements.csv").exists() and not (out / "lines.csv").exists()


def command(tool: str, payplan: str, folder: Path, out: Path) -> tuple[list[str], Path]:
    """The argv of one run and the statements file it writes."""
    if tool.startswith("payplan"):
        argv = [payplan, "run", "--plan", str(folder / "plan.yaml"), "--org", str(folder / "org.yaml"),
                "--orders", str(folder / "orders.csv"), "--out", str(out)]
        if tool == "payplan-statements":
            argv += ["--outputs", "statements,exceptions"]
        return argv, out / "statements.csv"
    return [sys.executable, str(HERE / f"peer_{tool}.py"), str(folder), str(out)], out


def versions() -> str:
    found = []
    for name in ("polars", "duckdb", "pandas", "pyarrow"):
        try:
            found.append(f"{name} {__import__(name).__version__}")
        except ImportError:
            pass
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3); the median is reported")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, of {','.join(TOOLS)}")
    parser.add_argument("--payplan", default=str(HERE.parents[1] / "build" / "payplan"), help="the payplan CLI")
    args = parser.parse_args(argv)
    tools = [t for t in args.tools.split(",") if t]
    if unknown := set(tools) - set(TOOLS):
        parser.error(f"unknown tools {sorted(unknown)}")
    folder = args.folder.resolve()
    rows = sum(1 for _ in open(folder / "orders.csv", "rb")) - 1
    components = sum(1 for line in open(folder / "plan.yaml") if line.lstrip().startswith(("- {id:", "- id:")))

    scratch = Path(tempfile.mkdtemp(prefix="payplan-e2e-"))
    try:
        if "payplan-statements" in tools and not accepts_outputs(args.payplan, folder, scratch):
            print("note: this payplan does not accept `run --outputs statements,exceptions`; "
                  "skipping the payplan (statements only) row", flush=True)
            tools.remove("payplan-statements")
        reference = next((t for t in ("payplan", "payplan-statements") if t in tools), None)
        walls: dict[str, list[float]] = {t: [] for t in tools}
        peaks: dict[str, list[int]] = {t: [] for t in tools}
        outputs: dict[str, list[Statements]] = {t: [] for t in tools}
        for r in range(args.repeat):
            for tool in tools[r % len(tools):] + tools[:r % len(tools)]:
                out = scratch / f"{tool}-{r}" / ("" if tool.startswith("payplan") else "statements.csv")
                out.parent.mkdir(parents=True, exist_ok=True)
                cmd, statements = command(tool, args.payplan, folder, out)
                wall, peak, status, err = run_timed(cmd)
                if status != 0:
                    raise SystemExit(f"{tool} failed with status {status}: {' '.join(cmd)}\n{err}")
                walls[tool].append(wall)
                peaks[tool].append(peak)
                outputs[tool].append(read_statements(statements))
                shutil.rmtree(out.parent if not tool.startswith("payplan") else out)  # lines.csv is GBs at 10M
                print(f"round {r + 1}: {tool:<18} {wall:8.2f} s {peak / 1024:8.0f} MiB", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    failed = False
    check: dict[str, str] = {}
    expected = outputs[reference][0] if reference else None
    for tool in tools:
        if expected is None:
            check[tool] = "not checked (no payplan run)"
            continue
        bad = [(r, d) for r, got in enumerate(outputs[tool]) if (d := differences(expected, got))]
        if bad:
            failed = True
            r, d = bad[0]
            check[tool] = f"**DIFFERS** in {len(bad)} of {len(outputs[tool])} runs"
            print(f"{tool} run {r + 1}: {len(d)} statements differ from payplan's, e.g.\n  " + "\n  ".join(d[:5]),
                  file=sys.stderr)
        else:
            check[tool] = f"equal to the cent ({len(expected)} statements)"

    names = {"payplan": "payplan run", "payplan-statements": "payplan (statements only)",
             "polars": "Polars", "duckdb": "DuckDB", "pandas": "pandas"}
    base = statistics.median(walls["payplan"]) if "payplan" in walls else None
    print(f"\n{rows:,} orders, {components} components, {args.repeat} runs each, median wall; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, {versions()}\n")
    print("| tool | wall s (median) | peak RSS MiB | time / payplan | statements |")
    print("| --- | ---: | ---: | ---: | --- |")
    for tool in tools:
        median = statistics.median(walls[tool])
        ratio = f"{median / base:.2f}x" if base else "-"
        print(f"| {names[tool]} | {median:.2f} | {max(peaks[tool]) / 1024:.0f} | {ratio} | {check[tool]} |")
    print("\ntime / payplan: the tool's median wall over payplan run's (below 1: the tool is faster). Each tool is "
          "one process from the files to statements.csv;\npayplan run also writes lines.csv (a row per order and "
          "component) and exceptions.csv, the peers only statements.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
