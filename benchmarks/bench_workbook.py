"""Workbook speed, as ratios against a baseline in the same process, run on demand.

    python benchmarks/bench_workbook.py [N]

1. ``check --mark`` (read + check + mark + save) against a bare openpyxl load + save of the
   same file (goal: at most 1.3x), for a filled template (cells found by name) and for a
   hand-made workbook (cells found by label);
2. the fast read path (python-calamine) against the openpyxl read path, same files.

Each figure is the median of N runs (default 15).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import openpyxl
from hypothesis import HealthCheck, given, settings
from strategies import valid_tables
from workbook_support import filled_template, hand_made

from gkstats import Table, check
from gkstats.readers import read_table
from gkstats.workbook import _calamine, _openpyxl, mark_file, read_file


def one_table() -> Table:
    out: list[Table] = []

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(valid_tables("f2021"))
    def collect(table: Table) -> None:
        out.append(table)

    collect()
    t = out[0]
    return t.replace({"t3.partial.natural": (t["t3.partial.natural"] or 0) + 7})


def medians(n: int, base: Callable[[], object], mine: Callable[[], object]) -> tuple[float, float]:
    """Median times of the two, run alternately so that a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(n):
        for k, fn in enumerate((base, mine)):
            _openpyxl.forget()  # every run loads from disk
            start = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    table = one_table()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        files = {
            "template (names)": filled_template(table, d / "template.xlsx"),
            "hand-made (labels)": hand_made(table, d / "hand.xlsx", seed=1),
        }
        print(f"check --mark vs bare openpyxl load + save (median of {n}; goal <= 1.3x)")
        for label, path in files.items():
            out = d / "out.xlsx"

            def bare(path: Path = path, out: Path = out) -> None:
                openpyxl.load_workbook(path).save(out)

            def ours(path: Path = path, out: Path = out) -> None:
                t = read_table(path)
                mark_file(path, t, check(t), output=out)

            base, mine = medians(n, bare, ours)
            print(f"  {label:20} bare {base * 1000:7.1f} ms   ours {mine * 1000:7.1f} ms"
                  f"   ratio {mine / base:4.2f}x")  # fmt: skip
        if not _calamine.available():
            print("python-calamine is not installed (pip install 'gkstats[fast]'): no fast path")
            return
        print(f"fast read (calamine) vs openpyxl read (median of {n})")
        for label, path in files.items():
            slow, fast = medians(
                n, lambda path=path: read_file(path), lambda path=path: read_file(path, fast=True)
            )
            same = read_file(path).table == read_file(path, fast=True).table
            print(f"  {label:20} openpyxl {slow * 1000:7.1f} ms   calamine {fast * 1000:7.1f} ms"
                  f"   {slow / fast:4.1f}x faster   same table: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
