"""The page's work, as plain blocking functions (the app runs them in a thread pool): each
takes uploads, works in a temporary folder, and returns the same JSON documents as the CLI.

The documents come from the CLI's own builders — :func:`gkstats.cli._core.check_document`
(``check --json``), :func:`gkstats.batch.summary_document` (``batch``'s rows),
:func:`gkstats.parse.result_to_json` (``parse --json``) and the consolidation's
:func:`~gkstats.cli._units.consolidation_json` — with the page's additions beside them:
``marked`` (a one-time URL), ``view`` (the tables as drawn), ``previous``, ``charts``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import attrs

from .. import convert
from .._errors import GkError
from .._limits import limit
from .._pool import supervised_map
from ..batch import BatchResult, FileRow, FindingRow, check_table_file, summary_document
from ..check import check
from ..cli._core import check_document
from ..cli._units import consolidation_json, write_consolidation
from ..consolidate import consolidate
from ..locate import locate
from ..parse import PARSE_SUFFIXES, parse_report, result_to_json
from ..readers import read_table
from ..report import ReportBlocked, SelfCheckFailed, render
from ..rules import default_rules
from ..table import Table
from ..workbook import marks
from . import _charts
from ._store import ResultStore
from ._uploads import WORKBOOK_SUFFIXES, Upload, Workspace, workspace
from ._views import tables_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_TYPES = {
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "html": ("html", "text/html; charset=utf-8"),
    "md": ("md", "text/markdown; charset=utf-8"),
}


class Blocked(GkError):
    """The table has errors, so no report: the 4xx answer carries the check document."""

    def __init__(self, errors: int, document: dict[str, Any]) -> None:
        super().__init__(
            "table_has_errors",
            zh=f"表格有 {errors} 个错误，未生成报告：请先按校验结果改正，再生成报告",
            en=f"the table has {errors} errors; no report written: fix them first",
        )
        self.document = document


def stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def result_url(token: str) -> str:
    return f"/api/result/{token}"


def check_upload(upload: Upload, previous: Upload | None, store: ResultStore) -> dict[str, Any]:
    """``check --json --locate [--previous]`` on an upload; a workbook is also marked and
    offered once for download (``marked``)."""
    with workspace() as space:
        path = space.save(upload)
        table = read_table(path)
        last = read_table(space.save(previous)) if previous is not None else None
        rules = default_rules(table.format)
        result = check(table, rules, previous=last)
        located = locate(table, rules)
        doc = check_document(result, upload.name, located, locate=True)
        doc["marked"] = None
        if upload.suffix in WORKBOOK_SUFFIXES:
            best = located.best if located is not None else None
            out = space.path(f"marked{upload.suffix}")
            marks.mark_file(
                path, table, result, output=out,
                suggestions=best.cells if best is not None else None,
            )  # fmt: skip
            name = f"{stem(upload.name)}_校验{upload.suffix}"
            doc["marked"] = result_url(store.put(name, XLSX, out.read_bytes()))
        doc["view"] = tables_view(table)
        doc["table"] = convert.table_to_json(table)
        doc["previous"] = None if last is None else convert.table_to_json(last)
        if last is not None:
            doc["previous"]["source"] = previous.name if previous is not None else None
        return doc


def report_upload(upload: Upload, kind: str) -> tuple[str, str, bytes]:
    """The report of an upload as (download name, media type, bytes); :class:`Blocked`
    when the table has errors."""
    if kind not in REPORT_TYPES:
        raise GkError(
            "unsupported_output",
            zh=f"报告格式只能是 docx、html 或 md，而不是「{kind}」",
            en=f"the report format is docx, html or md, not {kind!r}",
        )
    suffix, media = REPORT_TYPES[kind]
    with workspace() as space:
        table = read_table(space.save(upload))
        result = check(table)
        out = space.path(f"report.{suffix}")
        try:
            render(table, out, result=result)
        except ReportBlocked:
            raise Blocked(len(result.errors), check_document(result, upload.name)) from None
        return f"{stem(upload.name)}_年度报告.{suffix}", media, out.read_bytes()


def parse_upload(upload: Upload) -> dict[str, Any]:
    """``parse --json`` on an upload, with the tables as drawn."""
    with workspace() as space:
        path = space.save(upload, PARSE_SUFFIXES)
        result = parse_report(path)
        doc = result_to_json(attrs.evolve(result, source=upload.name))
        doc["view"] = tables_view(result.table)
        return doc


def batch_uploads(uploads: Sequence[Upload], store: ResultStore) -> dict[str, Any]:
    """``batch``'s rows for many uploads (an unreadable file is a row saying why), the
    consolidated table of the checked ones with its provenance and downloads, and charts.

    The files are checked in worker processes, each within the CLI batch's time limit
    (``GKSTATS_FILE_SECONDS``): a file that hangs or brings its reader down is a row saying
    so, and the page answers."""
    with workspace() as space:
        # each upload in order: its path in the folder, or the row saying why it was refused
        order: list[tuple[str, str | FileRow]] = []
        for upload in uploads:
            try:
                order.append((upload.name, str(space.save(upload))))
            except GkError as exc:
                why = space.scrub_text(f"{exc.zh} / {exc.en}")
                order.append((upload.name, FileRow(upload.name, "unreadable", reason=why)))
        paths = [p for _, p in order if isinstance(p, str)]
        workers = min(_WORKERS, os.cpu_count() or 1)
        checked: dict[str, _Checked] = {
            done[0]: done
            for done in supervised_map(
                _check_upload, paths, workers, limit("file_seconds"), _upload_failed
            )
        }
        rows: list[FileRow] = []
        findings: list[FindingRow] = []
        tables: list[Table] = []
        names: list[str] = []
        for name, entry in order:
            if isinstance(entry, FileRow):
                rows.append(entry)
                continue
            _, row, found, data = checked[entry]
            reason = space.scrub_text(row.reason) if row.reason else None
            rows.append(attrs.evolve(row, path=name, reason=reason))
            findings += [attrs.evolve(f, path=name) for f in found]
            if data is not None:
                tables.append(convert.table_from_json(data))
                names.append(name)
        doc: dict[str, Any] = summary_document(BatchResult(tuple(rows), tuple(findings)))
        doc.update(_consolidated(tables, names, space, store))
        flows = [_charts.flow(t, t.organ or n) for t, n in zip(tables, names)]
        doc["charts"] = {
            "flows": _charts.flows_chart([f for f in flows if f is not None]),
            "findings": _charts.findings_chart((f.rule, f.severity) for f in findings),
        }
        return doc


#: Worker processes for one batch of uploads at the most (several people may send one).
_WORKERS = 2


#: An upload checked: its path, row, findings and table JSON (None: unreadable).
_Checked = tuple[str, FileRow, list[FindingRow], dict[str, Any] | None]


def _check_upload(path: str) -> _Checked:
    """One upload checked in a worker: its row, findings and table (as its JSON, which is
    what crosses back to the server)."""
    row, found, table = check_table_file(path)
    return path, row, found, None if table is None else convert.table_to_json(table)


def _upload_failed(path: str, zh: str, en: str) -> _Checked:
    return path, FileRow(path, "unreadable", reason=f"{zh} / {en}"), [], None


def _consolidated(
    tables: list[Table], names: list[str], space: Workspace, store: ResultStore
) -> dict[str, Any]:
    """The consolidated table of the readable files, or why there is none."""
    if not tables:
        return {"consolidated": None, "consolidation_error": None}
    try:
        result = consolidate(tables, "汇总", names)
    except GkError as exc:
        error = {"code": exc.code, "zh": exc.zh, "en": exc.en}
        return {"consolidated": None, "consolidation_error": error}
    doc = consolidation_json(result)
    doc["view"] = tables_view(result.table)
    downloads = {}
    for suffix, media in ((".xlsx", XLSX), (".json", "application/json")):
        out = space.path(f"汇总{suffix}")
        write_consolidation(result, out)
        name = f"汇总_{result.table.year}年度{suffix}"
        downloads[suffix[1:]] = result_url(store.put(name, media, out.read_bytes()))
    doc["downloads"] = downloads
    return {"consolidated": doc, "consolidation_error": None}


__all__ = [
    "REPORT_TYPES",
    "Blocked",
    "SelfCheckFailed",
    "batch_uploads",
    "check_upload",
    "parse_upload",
    "report_upload",
]
