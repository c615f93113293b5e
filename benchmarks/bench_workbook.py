"""Workbook speed, as ratios against a baseline in the same process, run on demand.

    python benchmarks/bench_workbook.py [N]

1. ``check --mark`` (read + check + mark + save) against a bare openpyxl load + save of the
   same file (issue 15's goals: at most 0.5x on the template, 0.2x on a ~5 MB workbook),
   for a filled template (cells found by name), a hand-made workbook (cells found by label)
   and the template with a large sheet of other figures beside it (~5 MB).  The mark itself
   is the package editor's (only the touched parts rewritten); reading is shown both ways:
   as the CLI reads (openpyxl) and with the fast read path (python-calamine);
2. the fast read path against the openpyxl read path, same files.

Each figure is the median of N runs (default 15; the ~5 MB workbook: N // 5, at least 3).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import openpyxl
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from strategies import valid_tables
from workbook_support import filled_template, hand_made

from gkstats import Table, check
from gkstats.readers import read_table
from gkstats.workbook import _calamine, mark_file, read_file


def one_table() -> Table:
    out: list[Table] = []

    @settings(max_examples=1, database=None, suppress_health_check=list(HealthCheck))
    @given(valid_tables("f2021"))
    def collect(table: Table) -> None:
        out.append(table)

    collect()
    t = out[0]
    return t.replace({"t3.partial.natural": (t["t3.partial.natural"] or 0) + 7})


def large(table: Table, path: Path, rows: int = 40_000) -> Path:
    """The filled template, then a big sheet of other figures added by another writer.

    About 5 MB, well under the limit on cells with content (``GKSTATS_MAX_CELLS`` / 2): each row has
    a long note of its own, as a ledger kept beside the table would."""
    small = filled_template(table, path.with_name("small.xlsx"))
    book = openpyxl.load_workbook(small)
    wb = xlsxwriter.Workbook(str(path))
    for ws in book.worksheets:  # the template's cells (values only) and its names
        out = wb.add_worksheet(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.write(c.row - 1, c.column - 1, c.value)
    for name, dn in book.defined_names.items():
        wb.define_name(name, "=" + dn.attr_text)
    rnd = random.Random(1)
    sheet = wb.add_worksheet("明细")
    for r in range(rows):
        row = [f"事项{r}", rnd.randint(0, 10**6), rnd.random() * 1000]
        note = "备注" + "".join(chr(0x4E00 + rnd.randrange(2000)) for _ in range(40))
        sheet.write_row(r, 0, [*row, f"科室{rnd.randint(1, 50)}", rnd.randint(0, 9), note])
    wb.close()
    return path


def medians(n: int, base: Callable[[], object], mine: Callable[[], object]) -> tuple[float, float]:
    """Median times of the two, run alternately so that a busy machine slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(n):
        for k, fn in enumerate((base, mine)):
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
            "template (names)": (filled_template(table, d / "template.xlsx"), n),
            "hand-made (labels)": (hand_made(table, d / "hand.xlsx", seed=1), n),
            "template + 5 MB sheet": (large(table, d / "large.xlsx"), max(3, n // 5)),
        }
        size = files["template + 5 MB sheet"][0].stat().st_size / 2**20
        print(f"check --mark vs bare openpyxl load + save (median of N; the large file is "
              f"{size:.1f} MB; goals <= 0.5x template, <= 0.2x large)")  # fmt: skip
        for label, (path, runs) in files.items():
            out = d / "out.xlsx"

            def bare(path: Path = path, out: Path = out) -> None:
                openpyxl.load_workbook(path).save(out)

            def cli(path: Path = path, out: Path = out) -> None:
                t = read_table(path)
                mark_file(path, t, check(t), output=out, overwrite=True)

            def fast(path: Path = path, out: Path = out) -> None:
                t = read_file(path, fast=True).table
                mark_file(path, t, check(t), output=out, overwrite=True)

            read = read_table(path)

            def mark_only(
                path: Path = path, out: Path = out, t: Table = read, result: object = check(read)
            ) -> None:
                mark_file(path, t, result, output=out, overwrite=True)  # type: ignore[arg-type]

            base, mine = medians(runs, bare, cli)
            print(f"  {label:22} bare {base * 1000:8.1f} ms   check --mark {mine * 1000:8.1f} ms"
                  f"   ratio {mine / base:4.2f}x")  # fmt: skip
            if _calamine.available():
                base, quick = medians(runs, bare, fast)
                print(f"  {'':22} {'':16}   with the fast read {quick * 1000:8.1f} ms"
                      f"   ratio {quick / base:4.2f}x")  # fmt: skip
            base, marking = medians(runs, bare, mark_only)
            print(f"  {'':22} {'':16}   the mark alone {marking * 1000:8.1f} ms"
                  f"   ratio {marking / base:4.2f}x")  # fmt: skip
        if not _calamine.available():
            print("python-calamine is not installed (pip install 'gkstats[fast]'): no fast path")
            return
        print(f"fast read (calamine) vs openpyxl read (median of {n})")
        for label, (path, runs) in list(files.items())[:2]:
            slow, quick = medians(
                runs,
                lambda path=path: read_file(path),
                lambda path=path: read_file(path, fast=True),
            )
            same = read_file(path).table == read_file(path, fast=True).table
            print(f"  {label:22} openpyxl {slow * 1000:7.1f} ms   calamine {quick * 1000:7.1f} ms"
                  f"   {slow / quick:4.1f}x faster   same table: {same}")  # fmt: skip


if __name__ == "__main__":
    main()
