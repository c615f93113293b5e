"""One ribbon click, as desktop Excel would see it: how many calls into xlwings' engine (each a
round trip to Excel: a COM call on Windows, an AppleScript event on a Mac), and how long the
Python side takes (process start, imports, the work on xlwings' remote engine) against a bare
``python -c "import xlwings"`` process (goal: at most 2x). Run on demand:

    python benchmarks/bench_click.py [--runs N] [--src OTHER/src]

``--src`` times another checkout's ``src`` folder the same way (a before/after comparison);
the call counts are always those of this checkout, on the desktop-restricted engine of the
tests (``tests/excel_support.py``). The timed processes may write bytecode (a warm-up run
each), as an installed gkstats has it: compiling every module on each click is not what a
user's click costs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "tests"))

import openpyxl  # noqa: E402
import pytest  # noqa: E402
from excel_engine import DesktopEngine  # noqa: E402
from excel_support import (  # noqa: E402
    CLICK,
    NONCOMMERCIAL,
    Client,
    click,
    click_payload,
    filled_template,
)

from gkstats.workbook.marks import RECORD_SHEET, mark_file  # noqa: E402

STATEMENT = "import gkstats.excel.dispatch as gkd;gkd.run('{}')"


def counts(folder: Path) -> None:
    """Calls into the engine for 校验 and then 清除标记 on the f2021 template, one figure wrong."""
    os.environ["XLWINGS_LICENSE_KEY"] = NONCOMMERCIAL
    import xlwings as xw
    from xlwings.pro import _xlremote

    xw.engines.add(xw.Engine(impl=_xlremote.engine))
    with pytest.MonkeyPatch.context() as mp:
        engine = DesktopEngine(mp)
        client = Client(openpyxl.load_workbook(filled_template(folder / "count.xlsx")))
        for button in ("check", "clear_marks"):
            if button == "check":
                click(engine, client, STATEMENT.format(button))
                marked = client.wb[RECORD_SHEET].max_row - 2
                budget = f"budget 50 + 5 x {marked} = {50 + 5 * marked}"
            else:
                click(engine, client, STATEMENT.format(button))
                budget = f"{marked} cells restored"
            print(f"{button:12s} {len(engine.calls):5d} calls into the engine ({budget})")
            top = list(engine.tally().items())[:6]
            print("             " + ", ".join(f"{k} {v}" for k, v in top))
            if engine.refused:
                print(f"             refused (not in the desktop API): {engine.refused}")


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One fresh process: (wall, cpu) seconds, cpu being its user + system time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, env=env, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compare(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> None:
    """Each command against the bare ``import xlwings`` process, in turn (A B A B …, after one
    run of each not counted), so that the ratio holds while the machine's speed drifts."""
    baseline, base_env = commands.pop("import xlwings")
    for argv, env in [(baseline, base_env), *commands.values()]:
        run(argv, env)  # warm-up: bytecode written, files cached
    ratios: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    base_times = []
    for _ in range(runs):
        for label, (argv, env) in commands.items():
            b_wall, b_cpu = run(baseline, base_env)
            wall, cpu = run(argv, env)
            base_times.append(b_wall)
            ratios[label].append((wall / b_wall, cpu / b_cpu))
    print(f'\npython -c "import xlwings": {statistics.median(base_times) * 1000:.0f} ms (median)')
    print(f"{'':28s} {'wall':>6s} {'cpu':>6s}   (each / import xlwings, median of {runs})")
    for label, pairs in ratios.items():
        wall = statistics.median(p[0] for p in pairs)
        cpu = statistics.median(p[1] for p in pairs)
        print(f"{label:28s} {wall:5.2f}x {cpu:5.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--src", type=Path, help="another checkout's src folder to time as well")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counts(folder)
        unmarked = filled_template(folder / "t.xlsx")
        mark_file(unmarked, output=folder / "marked.xlsx")  # as 校验 leaves it, for 清除标记
        payloads = {
            "check": click_payload(openpyxl.load_workbook(unmarked), folder / "check.json"),
            "clear_marks": click_payload(
                openpyxl.load_workbook(folder / "marked.xlsx"), folder / "clear.json"
            ),
        }
        env = {**os.environ, "XLWINGS_LICENSE_KEY": NONCOMMERCIAL, "HOME": tmp}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        py = sys.executable
        commands = {"import xlwings": ([py, "-c", "import xlwings"], env)}
        sources = [("this checkout", None)] + ([("--src", args.src)] if args.src else [])
        for label, src in sources:
            run_env = dict(env)
            if src is not None:
                run_env["PYTHONPATH"] = str(src.resolve())
            for button, path in payloads.items():
                argv = [py, "-c", CLICK, str(path), STATEMENT.format(button)]
                commands[f"{label} {button}"] = (argv, run_env)
        compare(commands, args.runs)


if __name__ == "__main__":
    main()
