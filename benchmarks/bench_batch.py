"""Batch throughput on 1,000 generated workbooks against a bare openpyxl load loop of the
same files (goal: the fast path at least 5x the openpyxl loop), run on demand.

    python benchmarks/bench_batch.py [N] [--workers W]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

import openpyxl  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from strategies import valid_tables  # noqa: E402
from workbook_support import filled_template  # noqa: E402

from gkstats import Table  # noqa: E402
from gkstats.batch import run_batch  # noqa: E402


def tables(n: int) -> list[Table]:
    out: list[Table] = []

    @settings(max_examples=n, database=None, suppress_health_check=list(HealthCheck))
    @given(valid_tables("f2021"))
    def collect(t: Table) -> None:
        out.append(t)

    collect()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        distinct = tables(min(args.n, 50))
        t0 = time.perf_counter()
        first = filled_template(distinct[0], folder / "w0000.xlsx")
        data = {k: filled_template(t, folder / f"t{k}.xlsx").read_bytes()
                for k, t in enumerate(distinct)}  # fmt: skip
        paths = []
        for k in range(args.n):
            p = folder / f"w{k:04}.xlsx"
            p.write_bytes(data[k % len(distinct)])
            paths.append(p)
        for k in range(len(distinct)):
            (folder / f"t{k}.xlsx").unlink()
        del first
        print(f"{args.n} workbooks written in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        for p in paths:
            openpyxl.load_workbook(p)
        bare = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = run_batch(paths, workers=args.workers)
        fast = time.perf_counter() - t0
        assert all(r.status == "checked" and r.valid for r in result.files), "unexpected rows"

    print(f"bare openpyxl.load_workbook loop: {args.n / bare:,.0f} files/s ({bare:.1f} s)")
    print(f"gkstats batch (read + check, workers={args.workers}): {args.n / fast:,.0f} files/s "
          f"({fast:.1f} s) = {bare / fast:.1f}x the openpyxl loop")  # fmt: skip


if __name__ == "__main__":
    main()
