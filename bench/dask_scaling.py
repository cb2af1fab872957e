#!/usr/bin/env python3
"""payplan.dask against the single-process CLI (issue 14): wall time and
peak memory per worker on a dask.distributed LocalCluster of 1, 2, ...
worker processes, over a generated ledger read as a parquet dataset, and
the statements checked byte for byte against ``payplan run``'s.

    build/venv/bin/python bench/e2e/make_ledger.py /tmp/e2e-10m --orders 10000000
    build/venv/bin/python bench/dask_scaling.py /tmp/e2e-10m --workers 1 2 --partitions 16

The parquet dataset (every column as text, so amounts stay exact) is
written once into DIR/orders.parquet/. Each configuration runs in a fresh
cluster, so a worker's peak RSS (getrusage in the worker) is that run's.
The CLI runs with --outputs statements,exceptions, as the Dask run keeps
statements only (lines=False): the size a ledger beyond one machine needs.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]


def parquet_of(folder: Path, partitions: int) -> Path:
    out = folder / "orders.parquet"
    if out.exists():
        return out
    names = pacsv.read_csv(folder / "orders.csv", read_options=pacsv.ReadOptions(skip_rows_after_names=10**9)).column_names
    table = pacsv.read_csv(folder / "orders.csv",
                           convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                                strings_can_be_null=False))
    out.mkdir()
    rows = -(-table.num_rows // partitions)
    for k in range(partitions):
        pq.write_table(table.slice(k * rows, rows), out / f"part-{k:04d}.parquet")
    return out


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_cli(folder: Path, out: Path) -> tuple[float, float]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([str(REPO / "build" / "payplan"), "run", "--plan", str(folder / "plan.yaml"), "--org",
                    str(folder / "org.yaml"), "--orders", str(folder / "orders.csv"), "--out", str(out),
                    "--outputs", "statements,exceptions"], check=True, capture_output=True)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def run_dask(folder: Path, dataset: Path, workers: int, out: Path) -> tuple[float, list[float]]:
    import dask.dataframe as dd
    import distributed

    import payplan
    import payplan.dask

    plan = payplan.Plan.from_yaml(folder / "plan.yaml")
    org = payplan.Org.from_yaml(folder / "org.yaml")
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                  memory_limit=0) as cluster, distributed.Client(cluster) as client:
        start = time.perf_counter()
        orders = dd.read_parquet(dataset)
        result = payplan.dask.evaluate(plan, orders, org, lines=False)
        result.to_csv(out)
        wall = time.perf_counter() - start
        peaks = client.run(peak_rss_mib)
    return wall, sorted(peaks.values())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="a folder from bench/e2e/make_ledger.py")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--partitions", type=int, default=16, help="parquet files (Dask partitions)")
    args = ap.parse_args()
    dataset = parquet_of(args.folder, args.partitions)
    with tempfile.TemporaryDirectory() as tmp:
        cli_out = Path(tmp) / "cli"
        wall, peak = run_cli(args.folder, cli_out)
        print(f"payplan run (one process): {wall:7.2f} s, peak {peak:7.0f} MiB")
        for w in args.workers:
            out = Path(tmp) / f"dask-{w}"
            wall, peaks = run_dask(args.folder, dataset, w, out)
            same = (out / "statements.csv").read_bytes() == (cli_out / "statements.csv").read_bytes() and \
                (out / "exceptions.csv").read_bytes() == (cli_out / "exceptions.csv").read_bytes()
            print(f"payplan.dask, {w} workers: {wall:7.2f} s, peak per worker {max(peaks):7.0f} MiB "
                  f"(all: {', '.join(f'{p:.0f}' for p in peaks)}), statements and exceptions "
                  f"{'byte-identical' if same else 'DIFFER'}")
            shutil.rmtree(out)
            if not same:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
