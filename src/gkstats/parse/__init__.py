"""Published reports (HTML, text, docx, PDF) → checked tables.

    >>> from gkstats.parse import parse_report
    >>> result = parse_report("pingtan_2025.html")          # doctest: +SKIP
    >>> result.table.format.id, result.counts["ok"], result.check.valid   # doctest: +SKIP
    ('f2021', 200, True)

The format, year and organ are read from the report; every cell of the format gets a
status (``ok``, ``blank``, ``missing``, ``ambiguous``); the table is checked against the
format's rules and the narrative against the table (L-16, F19-15, F21-14).  Nothing is
guessed: a figure the text allows several values for stays out of the table.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import require_file
from .._limits import check_report_file
from ..check import check
from ..check._stand_in import stand_in_groups
from ..convert import unread_cell
from ..findings import CheckResult
from ..formats import Format
from ..labels import fold_text
from ..narrative import check_narrative, narrative_rules
from ..rules import Message
from ..table import Table, cell_spec, require_year
from ..values import Unreadable, quote, read_value
from ._document import Document, Grid, GridCell
from ._sections import split_sections
from ._source import decode, read_bytes
from ._tables import read_grids
from .detect import MIN_SCORE, choose_format, detect_organ, detect_year, find_title, score_formats
from .result import (
    NOT_PRINTED,
    CellReading,
    Detection,
    LabelMatch,
    ParseNote,
    ParseResult,
    Status,
    result_to_json,
)
from .text import TextDoc, read_text

#: File types the parser reads itself; .xlsx goes to the workbook reader.
REPORT_SUFFIXES = (".html", ".htm", ".txt", ".docx", ".pdf")
PARSE_SUFFIXES = (*REPORT_SUFFIXES, ".xlsx")


def load_document(path: str | Path) -> Document:
    """A report file as a :class:`Document` (by its suffix)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in REPORT_SUFFIXES and p.is_file():
        check_report_file(p)  # size, zip-bomb and the like, before any parser reads it
    if suffix in (".html", ".htm"):
        from .html import html_document

        return html_document(read_bytes(p), name=p.name)
    if suffix == ".txt":
        text = decode(read_bytes(p), name=p.name)
        return Document("text", text, text, [], None, p.name)
    if suffix == ".docx":
        from .docx import docx_document

        return docx_document(p)
    if suffix == ".pdf":
        from .pdf import pdf_document

        return pdf_document(p)
    raise GkError(
        "unsupported_file",
        zh=f"不支持的报告文件类型「{p.suffix or '无扩展名'}」：{p}"
        f"（支持 {'、'.join(PARSE_SUFFIXES)}）",
        en=f"unsupported report type {p.suffix or '(none)'!r}: {p} "
        f"(supported: {', '.join(PARSE_SUFFIXES)})",
    )


def parse_report(
    path: str | Path,
    *,
    format: str | Format = "auto",
    year: int | None = None,
    organ: str | None = None,
    settle: Mapping[str, object] | None = None,
) -> ParseResult:
    """Parse a published report file into a checked table with its parse report.

    ``settle`` gives cells their values by id (``gkstats parse --set CELL=VALUE``): what a
    person read in the report where the parser could not (run-together figures)."""
    p = require_file(path)
    if p.suffix.lower() == ".xlsx":
        return _from_table(p, format, year, organ, settle)
    return parse_document(
        load_document(p), source=str(p), format=format, year=year, organ=organ, settle=settle
    )


def parse_html(
    html: str | bytes, *, format: str | Format = "auto", year: int | None = None,
    organ: str | None = None, source: str = "<html>",
) -> ParseResult:  # fmt: skip
    from .html import html_document

    return parse_document(
        html_document(html, name=source), source=source, format=format, year=year, organ=organ
    )


def parse_text(
    text: str, *, format: str | Format = "auto", year: int | None = None,
    organ: str | None = None, source: str = "<text>",
) -> ParseResult:  # fmt: skip
    doc = Document("text", text, text, [], None, source)
    return parse_document(doc, source=source, format=format, year=year, organ=organ)


def parse_document(
    doc: Document,
    *,
    source: str = "",
    format: str | Format = "auto",
    year: int | None = None,
    organ: str | None = None,
    settle: Mapping[str, object] | None = None,
) -> ParseResult:
    """Detect, read every cell, build the table, check it and its narrative."""
    whole = None if doc.grids else TextDoc(doc.text)
    found = _detect(doc, whole, source, format, year, organ)
    fmt = found.fmt
    readings, labels, notes, narrative = _read_cells(doc, whole, fmt)
    notes = found.notes + notes
    if settle:
        given = settled_readings(fmt, settle)
        readings.update(given)
        # a note about figures a person has since given is history
        notes = [n for n in notes if not n.cells or not set(n.cells) <= given.keys()]
    all_readings = _not_printed(
        fmt, tuple([readings.get(i) or CellReading(i, Status.MISSING) for i in fmt.ids])
    )
    odd = [k for k, r in enumerate(all_readings) if r.status is not Status.OK]
    # the parts' texts as the report wrote them (not folded, and with the tables' own text,
    # which falls in parts that keep no text: see _sections)
    sections = split_sections(fmt, doc.narrative, found.detection.title)
    table = _table(fmt, found.detection.year, found.detection.organ, all_readings, sections, odd)
    unread = [all_readings[k].id for k in odd if all_readings[k].status is not Status.BLANK]
    return ParseResult(
        source,
        doc.kind,
        table,
        all_readings,
        tuple(labels),
        tuple(notes),
        _checked(table, narrative, unread),
        found.detection,
        narrative,
    )


@attrs.frozen
class _Found:
    """What a report is: its format, and how its year and organ were found."""

    fmt: Format
    detection: Detection
    #: what the reader should know about it (a format unusual for the year)
    notes: list[ParseNote]


def _detect(
    doc: Document,
    whole: TextDoc | None,
    source: str,
    format: str | Format,
    year: int | None,
    organ: str | None,
) -> _Found:
    """The report's format (from its labels), year and organ, unless given."""
    scores = score_formats(_grid_compact(doc.grids) if whole is None else whole.compact)
    if doc.grids and max(scores.values()) < MIN_SCORE:  # the tables may be pictures or prose
        scores = score_formats(TextDoc(doc.text).compact)
    title = find_title(doc.title, doc.text)
    found_year = detect_year(title, doc.text, doc.name)
    year_value = year if year is not None else found_year.value
    forced = format if isinstance(format, str) else format.id
    if not isinstance(year_value, int):
        year_value = None
    fmt = choose_format(scores, year_value, forced)
    if year_value is None:
        raise GkError(
            "no_year",
            zh=f"{source or '报告'} 中找不到报告年度（标题或统计期限），请用 --year 指定",
            en=f"no report year found in {source or 'the report'} (title or statistics "
            "period); give one with --year",
        )
    require_year(year_value, source)
    notes = []
    if not fmt.covers(year_value):
        usual = _format_for(year_value)
        notes.append(
            ParseNote(
                "format_year",
                Message(
                    f"报告年度 {year_value} 通常使用 {usual} 表式，"
                    f"但表中标签与 {fmt.id} 最吻合，按 {fmt.id} 读取",
                    f"report year {year_value} normally uses {usual}, but "
                    f"the labels fit {fmt.id} best; read as {fmt.id}",
                ),
            )
        )
    found_organ = detect_organ(title, doc.narrative or doc.text)
    detection = Detection(
        fmt.id,
        year_value,
        organ if organ is not None else str(found_organ.value or ""),
        scores,
        "given" if year is not None else found_year.source,
        "given" if organ is not None else found_organ.source,
        title,
    )
    return _Found(fmt, detection, notes)


def _read_cells(
    doc: Document, whole: TextDoc | None, fmt: Format
) -> tuple[dict[str, CellReading], list[LabelMatch], list[ParseNote], str]:
    """Every cell the report gives: from its tables, then from its text for the required
    cells the tables did not give; with the labels matched, the notes and the narrative."""
    readings: dict[str, CellReading] = {}
    labels: list[LabelMatch] = []
    notes: list[ParseNote] = []
    narrative = doc.narrative
    if doc.grids:
        readings, labels, notes = read_grids(doc.grids, fmt)
    if _cell_ids(fmt)[1] <= readings.keys():
        return readings, labels, notes, narrative
    t_readings, t_labels, t_notes, t_narrative = read_text(whole or doc.text, fmt)
    if not doc.grids:
        narrative = t_narrative
    added = 0
    for cell_id, reading in t_readings.items():
        if cell_id not in readings:
            readings[cell_id] = reading
            added += 1
    if added or not doc.grids:
        labels += t_labels
        notes += t_notes
    return readings, labels, notes, narrative


def _checked(table: Table, narrative: str, unread: list[str]) -> CheckResult:
    """The table's rules, then its narrative's (which know the cells not read)."""
    fmt = table.format
    result = check(table, disable=[r.id for r in narrative_rules(fmt)])
    text_summary, text_findings = check_narrative(table, narrative, unread)
    return CheckResult(
        result.format,
        result.year,
        result.organ,
        (*result.summary, *text_summary),
        (*result.findings, *text_findings),
    )


def _grid_compact(grids: list[Grid]) -> str:
    """The tables' text as :class:`TextDoc` compacts it (folded, white space left out), for
    format detection.

    The cells' own texts, a line break between each, read as ``Grid.text_lines`` gives them
    but for white space: that joins the cells' lines, each with its line breaks made spaces
    and stripped.  Folding keeps white space white (and cells apart: nothing composes
    across a line break), so the compact forms are the same, without a pass over the cells
    to strip them.
    """
    text = "\n".join([cell.text for grid in grids for cell in grid.cells])
    return "".join(fold_text(text).split())


def _not_printed(fmt: Format, readings: tuple[CellReading, ...]) -> tuple[CellReading, ...]:
    """The parts a subtotal row was printed in place of (a 2021 report printing the 2019
    form's single 「（六）其他处理」 row): missing because not printed.  The check reads the
    subtotal in their place and says so once (:mod:`gkstats.check._stand_in`).
    ``readings``: in the format's cell order."""
    out: list[CellReading] | None = None
    for total, parts in stand_in_groups(fmt):
        if readings[total].status is Status.OK and all(
            readings[p].status is Status.MISSING for p in parts
        ):
            out = out or list(readings)
            for p in parts:
                out[p] = attrs.evolve(readings[p], how=NOT_PRINTED)
    return readings if out is None else tuple(out)


@functools.cache
def _cell_ids(fmt: Format) -> tuple[tuple[str, ...], frozenset[str]]:
    """The format's cell ids in order, and those of its required cells (derived once per
    format: a report asks for them cell by cell several times)."""
    return fmt.ids, frozenset(c.id for c in fmt.cells if not c.optional)


def _format_for(year: int) -> str:
    from ..formats import FORMATS

    return next((f.id for f in FORMATS if f.covers(year)), "?")


def _table(
    fmt: Format,
    year: int,
    organ: str,
    readings: tuple[CellReading, ...],
    sections: dict[str, str],
    odd: list[int],
) -> Table:
    """The table of the cells read ``ok``, the others blank or, when the report should have
    had them (ambiguous, or required and not found), unreadable with their candidates: a rule
    that needs them is not assessable, and nothing is taken as 0.  ``readings`` are in the
    format's cell order and ``odd`` says where those not ``ok`` are."""
    raws: list[object] = [r.raw for r in readings]
    required = _cell_ids(fmt)[1]
    unread = {}
    for k in odd:
        raws[k] = None
        r = readings[k]
        if r.status is Status.AMBIGUOUS or (
            r.status is Status.MISSING and r.id in required and r.how != NOT_PRINTED
        ):
            unread[k] = unread_cell(fmt.cells[k], r.status.value, r.raw, r.candidates, r.how)
    return Table._from_aligned(fmt, year, organ, raws, unread, narrative=sections)


def settled_readings(fmt: Format, settle: Mapping[str, object]) -> dict[str, CellReading]:
    """The readings of the cells a person gave (``--set CELL=VALUE``): each id a cell of the
    format, each value a figure (or blank), or a :class:`GkError` saying which is not."""
    out = {}
    for cell_id, raw in settle.items():
        spec = cell_spec(fmt, cell_id)
        value = read_value(raw, spec.kind, spec.unit).value
        if isinstance(value, Unreadable):
            raise GkError(
                "bad_setting",
                zh=f"--set {cell_id}={quote(str(raw))}：{value.zh}",
                en=f"--set {cell_id}={quote(str(raw))}: {value.en}",
            )
        text = None if value is None else str(raw)
        status = Status.BLANK if value is None else Status.OK
        out[cell_id] = CellReading(cell_id, status, text, where="--set", how="given")
    return out


def _from_table(
    path: Path,
    format: str | Format,
    year: int | None,
    organ: str | None,
    settle: Mapping[str, object] | None,
) -> ParseResult:
    """A workbook (read by the workbook reader): every cell as read, then the same checks."""
    from ..readers import ReadOptions, read_table

    forced = format if isinstance(format, str) else format.id
    options = ReadOptions(None if forced == "auto" else forced, year, organ)
    table = read_table(path, options)
    given = settled_readings(table.format, settle or {})
    if given:
        table = table.replace({k: r.raw for k, r in given.items()})
    readings = tuple(
        given.get(c.id)
        or CellReading(
            c.id,
            Status.BLANK if v is None else Status.OK,
            None if v is None else str(v),
            where=table.addresses.get(c.id),
            how="workbook",
        )
        for c, v in table.items()
    )
    result = check(table)
    detection = Detection(table.format.id, table.year, table.organ, {}, "workbook", "workbook")
    return ParseResult(str(path), "xlsx", table, readings, (), (), result, detection, "")


__all__ = [
    "NOT_PRINTED",
    "PARSE_SUFFIXES",
    "REPORT_SUFFIXES",
    "CellReading",
    "Detection",
    "Document",
    "Grid",
    "GridCell",
    "LabelMatch",
    "ParseNote",
    "ParseResult",
    "Status",
    "load_document",
    "narrative_rules",
    "parse_document",
    "parse_html",
    "parse_report",
    "parse_text",
    "result_to_json",
]
