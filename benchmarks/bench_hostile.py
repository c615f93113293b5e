"""Hostile inputs (issue 16): time and peak memory of each case, run on demand.

    python benchmarks/bench_hostile.py workbooks      # dense sheets, far-apart cells, limits
    python benchmarks/bench_hostile.py batch [N]      # memory over N files (default 10,000)

Each case runs in a fresh process (``/usr/bin/time``-like figures from ``getrusage``), so a
case's peak memory is its own.  Goals: any workbook within the size limits checked or refused
in at most 10 s and 1 GB; a sheet of 3 million styled empty cells checked in at most 60 s;
batch memory flat (the peak over N files that of N/10 files).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fixtures import pingtan_2025  # noqa: E402
from hostile_files import (  # noqa: E402
    corner_rows,
    styled_empty_rows,
    value_rows,
    with_part,
    with_rows,
    with_sheet,
)
from workbook_support import filled_template  # noqa: E402

from gkstats import converter  # noqa: E402

_CHECK = """
import json, resource, sys, time
from gkstats import GkError
from gkstats.check import check
from gkstats.workbook import read_file
t = time.perf_counter()
try:
    read = read_file(sys.argv[1], fast=sys.argv[2] == "fast")
    outcome = "checked: " + ("valid" if check(read.table).valid else "findings")
except GkError as exc:
    outcome = "refused: " + exc.code
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - t,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _run(code: str, *args: str) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if run.returncode:
        return {"outcome": f"exit {run.returncode}: {run.stderr[-200:]}", "seconds": 0, "mb": 0}
    return json.loads(run.stdout.strip().splitlines()[-1])


def workbooks() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = filled_template(pingtan_2025(), folder / "base.xlsx")
        far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        t0 = time.perf_counter()
        cases = {
            "template (baseline)": base,
            "3 million styled empty cells": with_sheet(
                base, folder / "d3m.xlsx", styled_empty_rows(100_000, 30)
            ),
            "3 million styled empty cells in 表三's sheet": with_rows(
                base,
                folder / "d3m2.xlsx",
                "xl/worksheets/sheet2.xml",
                styled_empty_rows(100_000, 30, start=100),
            ),
            "a sheet of a million rows": with_sheet(
                base, folder / "rows.xlsx", styled_empty_rows(1_000_000, 1)
            ),
            "20.9 million styled empty cells (500 MB unpacked)": with_sheet(
                base, folder / "d21m.xlsx", styled_empty_rows(950_000, 22)
            ),
            "600,000 figures": with_sheet(base, folder / "v.xlsx", value_rows(30_000, 20)),
            "two figures 17 billion cells apart": with_part(
                base,
                folder / "corner.xlsx",
                "xl/worksheets/sheet2.xml",
                lambda d: d.replace(b"</sheetData>", far),
            ),
            "extra sheet, two far cells": with_sheet(base, folder / "c2.xlsx", corner_rows()),
        }
        print(f"hostile workbooks written in {time.perf_counter() - t0:.0f} s")
        print(f"{'case':52} {'MB':>6} {'path':7} {'s':>6} {'peak MB':>8}  outcome")
        for name, path in cases.items():
            size = path.stat().st_size / 2**20
            for how in ("stream", "fast"):
                got = _run(_CHECK, str(path), how)
                print(
                    f"{name:52} {size:6.1f} {how:7} {got['seconds']:6.2f} {got['mb']:8.0f}  "
                    f"{got['outcome']}"
                )


_BATCH = """
import json, resource, sys, time
from pathlib import Path
from gkstats.batch import run_batch
paths = sorted(Path(sys.argv[1]).iterdir())[: int(sys.argv[2])]
t = time.perf_counter()
result = run_batch(paths, workers=int(sys.argv[3]))
print(json.dumps({"outcome": f"{sum(r.status == 'checked' for r in result.files)} checked",
                  "seconds": time.perf_counter() - t,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def batch(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        table = pingtan_2025()
        book = filled_template(table, Path(tmp) / "t.xlsx").read_bytes()
        text = json.dumps(converter.unstructure(table), ensure_ascii=False).encode()
        for k in range(n):
            (folder / f"u{k:05}{'.xlsx' if k % 2 else '.json'}").write_bytes(
                book if k % 2 else text
            )
        print(f"{'files':>6} {'s':>7} {'files/s':>8} {'parent MB':>10} {'worker MB':>10}")
        for count in (n // 10, n):
            got = _run(_BATCH, str(folder), str(count), "2")
            print(
                f"{count:6} {got['seconds']:7.1f} {count / got['seconds']:8.0f} "
                f"{got['mb']:10.0f} {got['child_mb']:10.0f}   {got['outcome']}"
            )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "workbooks"
    if what == "batch":
        batch(int(sys.argv[2]) if len(sys.argv) > 2 else 10_000)
    else:
        workbooks()
