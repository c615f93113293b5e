"""把一个文件夹里已发布的年报解析成 CSV 数据集 / Published reports → one CSV dataset.

For researchers: every report (HTML, and the text, docx and PDF files the parser reads) in a
folder becomes one row: file, detected format, year and organ, whether the table passed its
checks, how many cells were read, and one column per cell id.  Reports of different formats
share the columns of the cells they have in common (``t3.new.total`` means the same thing in
the 2019 and 2021 formats); a column a format lacks is left empty.

    python reports_to_csv.py 年报/ -o 数据集.csv
    python reports_to_csv.py 年报/ -o 数据集_长表.csv --long

``--long`` writes one row per report and cell instead, with the cell's reading status
(``ok``, ``blank``, ``missing``, ``ambiguous``) and the raw text it was read from, for those
who want to see what the parser could not decide.

Nothing is guessed: a figure the text allows several values for stays empty, a report that
is not one of the national forms becomes a row with ``status`` = ``unreadable`` and the
reason.  The CSV is UTF-8 with a BOM (Excel opens it correctly) and is written to a temporary
file first, so an interrupted run never leaves half a dataset.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import gkstats
from gkstats.formats import FORMATS
from gkstats.parse import REPORT_SUFFIXES, ParseResult, parse_report

META = ("file", "status", "reason", "format", "year", "organ", "valid", "errors", "warnings")
COUNTS = ("cells_ok", "cells_blank", "cells_missing", "cells_ambiguous")
LONG = ("file", "format", "year", "organ", "cell", "status", "value", "raw")


def find_reports(folder: Path) -> list[Path]:
    """Report files under ``folder`` (sub-folders too), hidden and Office lock files skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in REPORT_SUFFIXES
        and not p.name.startswith((".", "~$"))
    )


def text(value: object) -> str:
    """A cell value as CSV text: blank is empty, never 0; an unreadable value is empty too
    (its raw text is in the long form)."""
    if value is None or isinstance(value, gkstats.Unreadable):
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def parse_all(paths: Iterable[Path], root: Path) -> list[tuple[str, ParseResult | str]]:
    """Each report's name (relative to ``root``) and its parse result, or why it failed."""
    out: list[tuple[str, ParseResult | str]] = []
    for path in paths:
        name = path.relative_to(root).as_posix()
        try:
            out.append((name, parse_report(path)))
        except gkstats.GkError as exc:
            out.append((name, exc.message("zh")))
    return out


def cell_columns(results: Iterable[ParseResult]) -> list[str]:
    """The cell ids of the formats found, in declaration order, each once."""
    used = {r.table.format.id for r in results}
    columns: list[str] = []
    seen: set[str] = set()
    for fmt in FORMATS:
        if fmt.id in used:
            for spec in fmt.cells:
                if spec.id not in seen:
                    seen.add(spec.id)
                    columns.append(spec.id)
    return columns


def wide_rows(
    parsed: Sequence[tuple[str, ParseResult | str]],
) -> tuple[list[str], list[dict[str, Any]]]:
    results = [r for _, r in parsed if not isinstance(r, str)]
    cells = cell_columns(results)
    rows: list[dict[str, Any]] = []
    for name, r in parsed:
        if isinstance(r, str):
            rows.append({"file": name, "status": "unreadable", "reason": r})
            continue
        row: dict[str, Any] = {
            "file": name,
            "status": "parsed",
            "format": r.table.format.id,
            "year": r.table.year,
            "organ": r.table.organ,
            "valid": r.check.valid,
            "errors": len(r.check.errors),
            "warnings": len(r.check.warnings),
        }
        row.update({f"cells_{k}": v for k, v in r.counts.items()})
        row.update({cell_id: text(value) for cell_id, value in r.table.cells.items()})
        rows.append(row)
    return [*META, *COUNTS, *cells], rows


def long_rows(
    parsed: Sequence[tuple[str, ParseResult | str]],
) -> tuple[list[str], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for name, r in parsed:
        if isinstance(r, str):
            rows.append({"file": name, "status": "unreadable", "raw": r})
            continue
        for reading in r.readings:
            rows.append(
                {
                    "file": name,
                    "format": r.table.format.id,
                    "year": r.table.year,
                    "organ": r.table.organ,
                    "cell": reading.id,
                    "status": reading.status.value,
                    "value": text(r.table[reading.id]),
                    "raw": reading.raw or "",
                }
            )
    return list(LONG), rows


def write_csv(target: Path, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write atomically: a temporary file next to ``target``, then one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(columns), restval="")
            writer.writeheader()
            writer.writerows(rows)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="年报所在的文件夹 / folder of reports")
    parser.add_argument("-o", "--output", type=Path, default=Path("数据集.csv"))
    parser.add_argument("--long", action="store_true", help="每格一行 / one row per cell")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"reports_to_csv: 找不到文件夹 {args.folder}", file=sys.stderr)
        return 2
    paths = find_reports(args.folder)
    if not paths:
        print(f"reports_to_csv: {args.folder} 中没有年报（{'、'.join(REPORT_SUFFIXES)}）",
              file=sys.stderr)  # fmt: skip
        return 2
    parsed = parse_all(paths, args.folder)
    columns, rows = long_rows(parsed) if args.long else wide_rows(parsed)
    write_csv(args.output, columns, rows)
    failed = sum(1 for _, r in parsed if isinstance(r, str))
    done = len(parsed) - failed
    print(f"{len(parsed)} 份年报，解析 {done} 份，无法解析 {failed} 份 → {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
