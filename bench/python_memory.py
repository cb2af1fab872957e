"""Memory of ``plan.evaluate(df, org)`` against the DataFrame's own (issue 11:
peak memory at most 2x the DataFrame's).

    build/venv/bin/python bench/python_memory.py --rows 10000000 [--keep-lines]

Builds the frame of bench/pandas_compare.py, resets the process's peak RSS
(Linux: /proc/self/clear_refs) once it is built, evaluates, and prints what
the evaluation added to the peak next to ``DataFrame.memory_usage(deep=True)``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas_compare as pc  # noqa: E402  (the same frame, plan and org)

import payplan  # noqa: E402


def status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    raise SystemExit(f"no {key} in /proc/self/status")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep-lines", action="store_true", help="evaluate with lines=True (the default of evaluate)")
    args = parser.parse_args()
    frame = pc.make_orders(args.rows)
    frame_bytes = int(frame.memory_usage(deep=True).sum())
    plan, org = payplan.Plan.from_yaml(pc.PLAN_YAML), payplan.Org.from_yaml(pc.org_yaml())
    gc.collect()
    with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
        f.write("5")  # the peak (VmHWM) starts again from the current RSS
    before = status("VmRSS")
    start = time.perf_counter()
    statements = plan.evaluate(frame, org, lines=args.keep_lines).statements
    seconds = time.perf_counter() - start
    added = status("VmHWM") - before
    mib = 2**20
    print(f"{args.rows:,} rows, lines={args.keep_lines}: DataFrame {frame_bytes / mib:,.0f} MiB; evaluate added "
          f"{added / mib:,.0f} MiB to the peak = {added / frame_bytes:.2f}x the DataFrame; {seconds:.2f} s, "
          f"{len(statements)} statements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
