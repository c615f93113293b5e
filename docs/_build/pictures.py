"""Render the docs' pictures from real gkstats outputs; run on demand, commit the PNGs.

    python docs/_build/pictures.py                 # → docs/images/*.png
    python docs/_build/pictures.py --out /tmp/img  # somewhere else (the tests do this)

Nothing is drawn by hand: every picture is a real output of the real commands, printed by
LibreOffice and rasterised by poppler, so when the template, the marks or the report change,
running this script again shows the change.

- ``template-<format>-<table>.png``: each table of each format, as ``gkstats template``
  writes it (one sheet per picture, printed the way the template's page setup prints it);
- ``marked-t3.png`` and ``results-sheet.png``: the example workbook
  (``gkstats.examples``, the ``gkstats demo`` figures with their one slip)
  after ``gkstats check --mark --locate``: table 三 with the marked cells, and the
  「校验结果」 sheet;
- ``report-page1.png``, ``report-tables.png``: the corrected example after ``gkstats report``
  (.docx, GB/T 9704 layout): its first page and the page with table 三.

A picture whose command does not exist in this gkstats (a capability still being written) is
skipped with a message, so the script runs at every stage of the project.

Needs ``soffice`` (apt: libreoffice-calc libreoffice-writer fonts-noto-cjk) and ``pdftoppm``
(apt: poppler-utils), and Pillow (the ``docs`` extra) to trim and shrink the PNGs.  The
official fonts (仿宋_GB2312, 方正小标宋简体) are usually absent on Linux; LibreOffice then
substitutes Noto CJK, which is what the pictures show.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image, ImageChops

from gkstats.cli import main as gkstats_main
from gkstats.formats import FORMATS
from gkstats.workbook.gateway import column_index
from gkstats.workbook.template import text_width

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
#: The example workbook script, run from the installed package.
EXAMPLE = ("-m", "gkstats.examples.make_example_workbook")
#: Raster resolution: sharp enough to read a 10.5 pt label, small enough to commit.
DPI = 110
#: Colours kept in the PNG palette (text antialiasing, the template's grey, the marks' red).
COLOURS = 48
#: Pixels of white kept around the trimmed content.
MARGIN = 16
RESULTS_SHEET = "校验结果"
#: The findings list of that sheet (序号 … 建议值); the wide 涉及单元格 column and the per-rule
#: counts beside it would shrink the picture past reading.
RESULTS_COLUMNS = "A:J"
#: The report's date in the pictures, so that the picture does not change every day.
REPORT_DATE = "2026-01-20"


class Missing(Exception):
    """A tool or a command the picture needs is not there."""


def tools_missing() -> list[str]:
    """The external programs this script needs that are not on PATH."""
    return [t for t in ("soffice", "pdftoppm") if shutil.which(t) is None]


def gkstats(*args: str | Path) -> int:
    """Run the real ``gkstats`` command line in this process; its output is kept quiet."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = gkstats_main([str(a) for a in args])
    if code not in (0, 1):
        raise RuntimeError(f"gkstats {' '.join(map(str, args))} exited {code}:\n{out.getvalue()}")
    return code


def has_command(*path: str) -> bool:
    """Whether ``gkstats <path> --help`` exists in this installation."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        return gkstats_main([*path, "--help"]) == 0


def one_sheet(
    source: Path,
    sheet: str,
    target: Path,
    *,
    landscape: bool | None = None,
    columns: str | None = None,
) -> Path:
    """A copy of ``source`` holding only ``sheet``, printed on one page without a footer
    (only ``columns``, e.g. ``"A:J"``, when given)."""
    book = openpyxl.load_workbook(source)
    for name in book.sheetnames:
        if name != sheet:
            del book[name]
    ws = book[sheet]
    ws.sheet_state = "visible"
    for part in (ws.oddFooter, ws.oddHeader):
        if part is not None and part.center is not None:
            part.center.text = None
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape is not None:
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.print_title_rows = None
    last_column = ws.max_column
    if columns is not None:
        first, last = columns.split(":")
        ws.print_area = f"{first}1:{last}{ws.max_row}"
        last_column = column_index(last)
    _fit_wrapped_rows(ws, last_column)
    book.save(target)
    return target


def _fit_wrapped_rows(ws: Worksheet, last_column: int) -> None:
    """Give rows without a height room for their wrapped text, as Excel does on opening
    (LibreOffice keeps the default height when printing a file it did not lay out)."""
    for row in ws.iter_rows(max_col=last_column):
        lines = 1
        for cell in row:
            if not (cell.alignment.wrap_text and isinstance(cell.value, str)):
                continue
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            lines = max(lines, math.ceil(text_width(cell.value) / max(width - 1, 1)))
        r = row[0].row
        if r is not None and lines > 1 and ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = lines * 14 + 4


def to_pdf(files: Sequence[Path], outdir: Path, profile: Path) -> None:
    """Print every file to PDF with one LibreOffice run (a private profile, so a running
    LibreOffice of the user's is neither used nor disturbed)."""
    if not files:
        return
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, files),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    for f in files:
        if not (outdir / f"{f.stem}.pdf").exists():
            raise RuntimeError(f"LibreOffice did not print {f.name}")


def page_png(pdf: Path, page: int, stem: Path) -> Path:
    """Page ``page`` (1-based) of ``pdf`` as a PNG at :data:`DPI`."""
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", "-singlefile",
         str(pdf), str(stem)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return stem.with_suffix(".png")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 1


def finish(png: Path, target: Path, *, trim: bool = True) -> Path:
    """Trim the page's white margin and store the picture with a small palette."""
    img = Image.open(png).convert("RGB")
    if trim:
        white = Image.new("RGB", img.size, (255, 255, 255))
        box = ImageChops.difference(img, white).getbbox()
        if box is not None:
            left, top, right, bottom = box
            img = img.crop(
                (
                    max(0, left - MARGIN),
                    max(0, top - MARGIN),
                    min(img.width, right + MARGIN),
                    min(img.height, bottom + MARGIN),
                )
            )
    small = img.quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    tmp = target.with_suffix(".tmp.png")
    small.save(tmp, optimize=True)
    os.replace(tmp, target)
    return target


def find_page(pdf: Path, words: str) -> int:
    """The first page of ``pdf`` whose text contains ``words`` (1 when none does)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=False
    ).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        if words in page.replace(" ", ""):
            return number
    return 1


def render(out: Path, *, log: bool = True) -> list[Path]:
    """Write every picture into ``out``; return the files written."""
    missing = tools_missing()
    if missing:
        raise Missing(f"not on PATH: {', '.join(missing)} (see this script's docstring)")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def say(text: str) -> None:
        if log:
            print(text, file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="gkstats-pictures-") as tmp:
        work = Path(tmp)
        pdfs = work / "pdf"
        pdfs.mkdir()
        # (xlsx or docx to print, the picture it gives, page: int or words to find, trim)
        jobs: list[tuple[Path, str, int | str]] = []

        if has_command("template"):
            for fmt in FORMATS:
                book = work / f"template-{fmt.id}.xlsx"
                gkstats("template", "--format", fmt.id, "-o", book)
                sheets = openpyxl.load_workbook(book, read_only=True).sheetnames
                for table, sheet in zip(fmt.tables, sheets):
                    copy = one_sheet(book, sheet, work / f"template-{fmt.id}-{table.key}.xlsx")
                    jobs.append((copy, copy.stem, 1))
        else:
            say("skipped the template pictures: no `gkstats template` here")

        example = work / "example.xlsx"
        fixed = work / "example-fixed.xlsx"
        subprocess.run([sys.executable, *EXAMPLE, "-o", str(example)], check=True,
                       capture_output=True)  # fmt: skip
        subprocess.run([sys.executable, *EXAMPLE, "-o", str(fixed), "--fixed"], check=True,
                       capture_output=True)  # fmt: skip

        if has_command("check") and _check_marks():
            marked = work / "marked.xlsx"
            gkstats("check", example, "--mark", "--locate", "-o", marked)
            sheets = openpyxl.load_workbook(marked, read_only=True).sheetnames
            t3 = next(s for s in sheets if s.startswith("三、"))
            copy = one_sheet(marked, t3, work / "marked-t3.xlsx")
            jobs.append((copy, "marked-t3", 1))
            copy = one_sheet(marked, RESULTS_SHEET, work / "results-sheet.xlsx", landscape=True,
                             columns=RESULTS_COLUMNS)  # fmt: skip
            jobs.append((copy, "results-sheet", 1))
        else:
            say("skipped the marked-workbook pictures: no `gkstats check --mark` here")

        if has_command("report"):
            report = work / "report.docx"
            gkstats("report", fixed, "-o", report, "--date", REPORT_DATE)
            jobs.append((report, "report-page1", 1))
            jobs.append((report, "report-tables", "收到和处理政府信息公开申请情况"))
        else:
            say("skipped the report pictures: no `gkstats report` here")

        to_pdf(sorted({src for src, _, _ in jobs}), pdfs, work / "profile")
        for src, name, where in jobs:
            pdf = pdfs / f"{src.stem}.pdf"
            page = where if isinstance(where, int) else find_page(pdf, where)
            png = page_png(pdf, page, work / f"{name}-raw")
            written.append(finish(png, out / f"{name}.png", trim=not name.startswith("report")))
            say(f"wrote {out / f'{name}.png'}")
    return written


def _check_marks() -> bool:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        gkstats_main(["check", "--help"])
    return "--mark" in out.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNGs")
    args = parser.parse_args(argv)
    try:
        files = render(args.out)
    except Missing as exc:
        print(f"pictures: {exc}", file=sys.stderr)
        return 2
    total = sum(f.stat().st_size for f in files)
    print(f"{len(files)} pictures, {total / 1024:.0f} KiB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
