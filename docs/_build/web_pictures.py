"""Screenshots of the local web page (``gkstats serve``) for docs/web.md; run on demand,
commit the PNGs.

    python docs/_build/web_pictures.py                 # → docs/images/web-*.png
    python docs/_build/web_pictures.py --out /tmp/img  # somewhere else

Nothing is staged: a real ``gkstats serve`` on a free loopback port, Debian's Chromium driven
by Playwright, and real files — the ``gkstats demo`` figures in the official template (one
figure typed 61 for 16), the corrected table as last year's, four units' tables for the
supervising office's view, and an HTML report written by ``gkstats report`` for the parser.

Needs the ``web`` and ``test`` extras, ``chromium`` (apt) and a Chinese font (apt:
fonts-noto-cjk), or the page's Chinese shows as boxes.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import gkstats
from gkstats.cli._core import demo_table
from gkstats.locate import locate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

# the browser tests' own server and browser set-up, so the pictures show what they test
from web_support import CHROMIUM_ARGS, chromium, served  # noqa: E402

UNITS = ("示例县人民政府办公室", "示例县发展和改革局", "示例县教育局", "示例县自然资源局")


def _json(table: gkstats.Table, path: Path) -> Path:
    path.write_text(json.dumps(gkstats.table_to_json(table), ensure_ascii=False), "utf-8")
    return path


def _scaled(table: gkstats.Table, k: int, organ: str) -> gkstats.Table:
    """The table with every whole figure times ``k``: every sum and balance still holds."""
    cells = {i: v * k for i, v in table.cells.items() if isinstance(v, int) and v}
    return table.replace(cells, organ=organ)


def files(folder: Path) -> dict[str, Path | list[Path]]:
    demo = demo_table()
    fix = locate(demo)
    assert fix is not None and fix.best is not None
    fixed = demo.replace(fix.best.cells)
    workbook = folder / "示例县人民政府办公室_2025.xlsx"
    subprocess.run(
        [sys.executable, "-m", "gkstats.examples.make_example_workbook", "-o", str(workbook)],
        check=True,
        capture_output=True,
    )
    # last year: fewer applications, and the carry-over this year's table must take up
    earlier = {"t3.new.natural": 71, "t3.new.commercial": 6, "t3.new.total": 80,
               "t3.disclosed.natural": 22, "t3.disclosed.total": 25}  # fmt: skip
    last = _json(fixed.replace(earlier, year=2024), folder / "示例县_2024.json")
    units = [workbook] + [
        _json(_scaled(fixed, k + 1, organ), folder / f"{organ}_2025.json")
        for k, organ in enumerate(UNITS[1:], start=1)
    ]
    report = folder / "示例县_2025年度报告.html"
    source = _json(fixed, folder / "fixed.json")
    subprocess.run(
        [sys.executable, "-m", "gkstats", "report", str(source), "-o", str(report)],
        check=True,
        capture_output=True,
    )
    return {"workbook": workbook, "last": last, "units": units, "report": report}


def shoot(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    browser_path = chromium()
    if browser_path is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    out.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, served() as url, sync_playwright() as p:
        given = files(Path(tmp))
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.goto(url)

        def save(name: str, selector: str | None = None, height: int | None = None) -> None:
            target = out / f"web-{name}.png"
            if selector:
                page.locator(selector).screenshot(path=str(target))
            elif height:
                page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": 1280,
                                                        "height": height})  # fmt: skip
            else:
                page.screenshot(path=str(target))
            made.append(target)

        save("start", height=420)
        page.set_input_files("#file", str(given["workbook"]))
        page.wait_for_selector("td.gk-value.gk-error")
        save("check")
        page.locator('[data-table="t3"]').scroll_into_view_if_needed()
        save("table", selector='[data-table="t3"]')
        page.set_input_files("#previous", str(given["last"]))
        page.wait_for_selector(".gk-prev")
        page.locator('[data-table="t3"]').scroll_into_view_if_needed()
        save("yoy", selector='[data-table="t3"]')
        page.click("#tab-batch")
        units = given["units"]
        assert isinstance(units, list)
        page.set_input_files("#files", [str(u) for u in units])
        page.wait_for_selector("#batch-table tbody tr")
        page.wait_for_selector("#consolidated-tables table")
        page.evaluate("window.scrollTo(0, 0)")
        save("batch")
        save("charts", selector="#batch-charts")
        save("consolidated", selector="#batch-consolidated")
        page.click("#tab-parse")
        page.set_input_files("#report-file", str(given["report"]))
        page.wait_for_selector("#parse-tables table")
        page.evaluate("window.scrollTo(0, 0)")
        save("parse")
        browser.close()
    return made


def shrink(path: Path) -> None:
    """256 colours are plenty for a page of text and tables: a third of the bytes."""
    try:
        from PIL import Image
    except ImportError:  # Pillow is in the docs extra; without it the PNGs stay as taken
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    for path in shoot(args.out):
        shrink(path)
        print(path, f"{path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
