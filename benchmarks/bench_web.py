"""The local web page under load, run on demand:

    python benchmarks/bench_web.py [ROUNDS]

Against a real ``gkstats serve`` on a free loopback port: one ``/api/check`` of the demo
workbook at a time, then 16 at once (the issue's load), each best of ROUNDS; the ratio of the
16-at-once wall time to 16 × one check says what the thread pool costs or saves (the work is
Python, so on 2 cores it is about 1.0: nothing is lost, nothing is refused). The same check
through the CLI's code in this process (read, check, locate, mark, no HTTP) is the baseline
for the server's own overhead. Then the page in Chromium (if installed): time from navigation
to the load event, and from choosing the workbook to the coloured table.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import httpx
from web_support import CHROMIUM_ARGS, chromium, demo_workbook, served, wait_ready

from gkstats.check import check
from gkstats.cli._core import check_document
from gkstats.locate import locate
from gkstats.readers import read_table
from gkstats.workbook.marks import mark_file


def _post(url: str, path: Path) -> float:
    start = time.perf_counter()
    response = httpx.post(url + "/api/check", files={"file": (path.name, path.read_bytes())},
                          timeout=120)  # fmt: skip
    assert response.status_code == 200, response.text
    return time.perf_counter() - start


def _in_process(path: Path) -> float:
    """What the CLI's ``check --json --locate --mark`` does for the same file."""
    start = time.perf_counter()
    table = read_table(path)
    result, located = check(table), locate(table)
    best = located.best if located is not None else None
    out = path.with_name("marked.xlsx")
    out.unlink(missing_ok=True)
    mark_file(path, table, result, output=out, suggestions=best.cells if best else None)
    check_document(result, path.name, located, locate=True)
    return time.perf_counter() - start


def _page(url: str, path: Path) -> tuple[float, float] | None:
    browser_path = chromium()
    if browser_path is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        page.set_input_files("#file", str(path))
        page.wait_for_selector("td.gk-value.gk-error")
        checked = time.perf_counter() - start
        browser.close()
    return loaded, checked


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp, served() as url:
        wait_ready(url)
        path = demo_workbook(Path(tmp))
        _post(url, path)  # warm up
        local = min(_in_process(path) for _ in range(rounds))
        one = min(_post(url, path) for _ in range(rounds))
        walls, slowest = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            with ThreadPoolExecutor(16) as pool:
                times = list(pool.map(lambda _: _post(url, path), range(16)))
            walls.append(time.perf_counter() - start)
            slowest.append(max(times))
        wall = min(walls)
        print(f"in process (no HTTP): {local * 1000:.0f} ms per check")
        print(f"one check over HTTP:  {one * 1000:.0f} ms  ({one / local:.2f}× in process)")
        print(
            f"16 at once: all answered; wall {wall:.2f} s (median {statistics.median(walls):.2f}),"
            f" slowest answer {min(slowest):.2f} s; wall / (16 × one) = {wall / (16 * one):.2f}"
        )
        page = _page(url, path)
        if page is None:
            print("page: no chromium, not measured")
        else:
            print(f"page load: {page[0] * 1000:.0f} ms; workbook chosen → table coloured: "
                  f"{page[1] * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
