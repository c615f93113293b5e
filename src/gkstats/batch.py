"""Checking every workbook and report under a folder, in parallel, one summary row per file.

A file that cannot be read becomes a row with its reason; nothing stops the batch.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._cells import csv_value, put_cell
from ._errors import GkError
from ._files import atomic_write, replacing
from ._limits import limit
from ._pool import supervised_map
from ._text import clean_any
from .readers import ReadOptions
from .table import Table

FILE_COLUMNS = (
    "path", "status", "format", "year", "organ", "valid", "errors", "warnings", "reason",
    "first_finding",
)  # fmt: skip
FINDING_COLUMNS = ("path", "rule", "severity", "cells", "message_zh", "message_en")


@attrs.frozen
class FileRow:
    path: str
    status: str  # "checked" | "unreadable"
    format: str | None = None
    year: int | None = None
    organ: str | None = None
    valid: bool | None = None
    errors: int | None = None
    warnings: int | None = None
    reason: str | None = None
    first_finding: str | None = None


@attrs.frozen
class FindingRow:
    path: str
    rule: str
    severity: str
    cells: str
    message_zh: str
    message_en: str


@attrs.frozen
class BatchResult:
    files: tuple[FileRow, ...]
    findings: tuple[FindingRow, ...]


def find_files(folder: Path) -> list[Path]:
    """Every file under ``folder`` (recursively) but hidden files and Office lock files.

    Files of a type gkstats cannot read are kept: they become rows saying so, so nothing in
    the folder is passed over in silence.
    """
    if not folder.exists():
        raise GkError(
            "file_not_found", zh=f"找不到文件夹：{folder}", en=f"folder not found: {folder}"
        )
    if not folder.is_dir():
        raise GkError("not_a_folder", zh=f"不是文件夹：{folder}", en=f"not a folder: {folder}")
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not p.name.startswith(("~$", "."))
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def check_file(path: str, options: ReadOptions | None = None) -> tuple[FileRow, list[FindingRow]]:
    """Read and check one file; every failure becomes the row's reason."""
    row, findings, _ = check_table_file(path, options)
    return row, findings


def check_table_file(
    path: str, options: ReadOptions | None = None
) -> tuple[FileRow, list[FindingRow], Table | None]:
    """:func:`check_file`, and the table read (None when unreadable), for a caller that
    goes on to sum the tables (the web page's consolidated table)."""
    from .check import check

    try:
        table = _read(path, options)
        result = check(table)
    except GkError as exc:
        return FileRow(path, "unreadable", reason=f"{exc.zh} / {exc.en}"), [], None
    except Exception as exc:  # a bug must not stop the batch: report it on the row
        name = type(exc).__name__
        reason = f"内部错误（{name}）/ internal error ({name})"
        return FileRow(path, "unreadable", reason=reason), [], None
    first = result.errors[0] if result.errors else (result.warnings or (None,))[0]
    row = FileRow(
        path=path,
        status="checked",
        format=table.format.id,
        year=table.year,
        organ=table.organ,
        valid=result.valid,
        errors=len(result.errors),
        warnings=len(result.warnings),
        first_finding=first.message.zh if first is not None else None,
    )
    findings = [
        FindingRow(path, f.rule, f.severity.value, " ".join(f.cell_ids), f.message.zh, f.message.en)
        for f in result.findings
        if f.status == "fail"
    ]
    return row, findings, table


def _read(path: str, options: ReadOptions | None = None) -> Table:
    """The table in a file (workbooks through python-calamine where installed and safe)."""
    from .readers import read_table

    return read_table(path, options)


def run_batch(
    paths: Sequence[Path],
    workers: int | None = None,
    progress: Callable[[FileRow], None] | None = None,
    seconds: float | None = None,
    options: ReadOptions | None = None,
) -> BatchResult:
    """Check every file in worker processes, each file within ``seconds`` (default: the
    ``file_seconds`` limit); a file past it, or whose worker dies, is an ``unreadable`` row
    saying so, and the batch goes on.  ``progress`` is called with each file's row as it is
    done; ``options`` (``--format``, ``--year``, ``--organ``) apply to every file."""
    files: list[FileRow] = []
    findings: list[FindingRow] = []
    names = [str(p) for p in paths]
    task = functools.partial(check_file, options=options or ReadOptions())
    for row, rows in _map(task, names, workers, seconds or limit("file_seconds")):
        files.append(row)
        findings.extend(rows)
        if progress is not None:
            progress(row)
    order = {n: k for k, n in enumerate(names)}
    files.sort(key=lambda r: order[r.path])
    findings.sort(key=lambda r: order[r.path])
    return BatchResult(tuple(files), tuple(findings))


def _map(
    task: Callable[[str], tuple[FileRow, list[FindingRow]]],
    names: list[str],
    workers: int | None,
    seconds: float,
) -> Iterator[tuple[FileRow, list[FindingRow]]]:
    if not names:
        return
    n = workers if workers is not None else (os.cpu_count() or 1)
    yield from supervised_map(task, names, n, seconds, _failed)


def _failed(path: str, zh: str, en: str) -> tuple[FileRow, list[FindingRow]]:
    return FileRow(path, "unreadable", reason=f"{zh} / {en}"), []


# --- writing the summary -------------------------------------------------------------------


def summary_paths(out: Path) -> list[Path]:
    """The files a summary written to ``out`` takes: a CSV has its findings file beside it."""
    if out.suffix.lower() == ".csv":
        return [out, out.with_name(out.stem + ".findings.csv")]
    return [out]


def summary_document(result: BatchResult) -> dict[str, list[dict[str, Any]]]:
    """The summary as JSON: one row per file, one per finding (``summary.json``, and the
    web page's ``/api/batch``)."""
    # a file's name or text may hold what no writer takes (a control character, a lone
    # surrogate): cleaned once, for every writer of the summary
    return {
        "files": [{k: clean_any(v) for k, v in attrs.asdict(r).items()} for r in result.files],
        "findings": [
            {k: clean_any(v) for k, v in attrs.asdict(r).items()} for r in result.findings
        ],
    }


def write_summary(result: BatchResult, out: Path) -> list[Path]:
    """Write the summary as .json, .csv (plus a findings .csv) or .xlsx; returns what it wrote.

    Text is never written as a formula: in the .xlsx a text is a text, in the .csv a cell
    that would start a formula gets a leading ``'`` (see :mod:`gkstats._cells`)."""
    suffix = out.suffix.lower()
    payload = summary_document(result)
    files, findings = payload["files"], payload["findings"]
    if suffix == ".json":
        atomic_write(out, json.dumps(payload, ensure_ascii=False, indent=1))
        return [out]
    if suffix == ".csv":
        extra = summary_paths(out)[1]
        # utf-8-sig so that Excel opens the CSV with the Chinese intact
        atomic_write(out, _csv(FILE_COLUMNS, files), "utf-8-sig")
        atomic_write(extra, _csv(FINDING_COLUMNS, findings), "utf-8-sig")
        return [out, extra]
    if suffix == ".xlsx":
        _write_xlsx(out, files, findings)
        return [out]
    raise GkError(
        "unsupported_output",
        zh=f"汇总结果只能写成 .json、.csv 或 .xlsx：{out}",
        en=f"the summary can be written as .json, .csv or .xlsx: {out}",
    )


def _csv(columns: Sequence[str], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows({k: csv_value(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _write_xlsx(path: Path, files: list[dict[str, Any]], findings: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "文件"
    for title, columns, rows in (
        ("文件", FILE_COLUMNS, files),
        ("问题", FINDING_COLUMNS, findings),
    ):
        sheet = ws if title == "文件" else wb.create_sheet(title)
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, row in enumerate(rows, start=2):
            for j, c in enumerate(columns, start=1):
                put_cell(sheet.cell(row=i, column=j), row[c])
        sheet.freeze_panes = "A2"
    with replacing(path) as tmp:
        wb.save(tmp)
