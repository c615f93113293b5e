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
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import require_file
from .._limits import check_report_file
from ..check import check
from ..findings import CheckResult, Finding, FindingStatus
from ..formats import Format
from ..labels import fold_text
from ..narrative import check_narrative, narrative_rules
from ..rules import Message, RuleKind, Severity
from ..table import Table
from ._document import Document, Grid, GridCell
from ._sections import split_sections
from ._source import decode, read_bytes
from ._tables import read_grids
from .detect import MIN_SCORE, choose_format, detect_organ, detect_year, find_title, score_formats
from .result import (
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
) -> ParseResult:
    """Parse a published report file into a checked table with its parse report."""
    p = require_file(path)
    if p.suffix.lower() == ".xlsx":
        return _from_table(p, format)
    return parse_document(load_document(p), source=str(p), format=format, year=year, organ=organ)


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
) -> ParseResult:
    """Detect, read every cell, build the table, check it and its narrative."""
    whole = None if doc.grids else TextDoc(doc.text)
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
    notes: list[ParseNote] = []
    if year_value is None:
        raise GkError(
            "no_year",
            zh=f"{source or '报告'} 中找不到报告年度（标题或统计期限），请用 --year 指定",
            en=f"no report year found in {source or 'the report'} (title or statistics "
            "period); give one with --year",
        )
    if not fmt.covers(year_value):
        notes.append(
            ParseNote(
                "format_year",
                Message(
                    f"报告年度 {year_value} 通常使用 {_format_for(year_value)} 表式，"
                    f"但表中标签与 {fmt.id} 最吻合，按 {fmt.id} 读取",
                    f"report year {year_value} normally uses {_format_for(year_value)}, but "
                    f"the labels fit {fmt.id} best; read as {fmt.id}",
                ),
            )
        )
    found_organ = detect_organ(title, doc.narrative or doc.text)
    organ_value = organ if organ is not None else str(found_organ.value or "")

    readings: dict[str, CellReading] = {}
    labels: list[LabelMatch] = []
    narrative = doc.narrative
    if doc.grids:
        readings, labels, grid_notes = read_grids(doc.grids, fmt)
        notes += grid_notes
    ids, required = _cell_ids(fmt)
    if not required <= readings.keys():
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
    all_readings = tuple([readings.get(i) or CellReading(i, Status.MISSING) for i in ids])
    odd = [k for k, r in enumerate(all_readings) if r.status is not Status.OK]
    # the parts' texts as the report wrote them (not folded, and with the tables' own text,
    # which falls in parts that keep no text: see _sections)
    sections = split_sections(fmt, doc.narrative, title)
    table = _table(fmt, year_value, organ_value, all_readings, sections, odd)
    # the narrative is checked below, knowing which cells could not be read
    result = check(table, disable=[r.id for r in narrative_rules(fmt)])
    unread = [all_readings[k].id for k in odd if all_readings[k].status is not Status.BLANK]
    text_summary, text_findings = check_narrative(table, narrative, unread)
    findings = _unread_findings(fmt, result.findings, all_readings, odd)
    merged = CheckResult(
        result.format,
        result.year,
        result.organ,
        (*result.summary, *text_summary),
        (*findings, *text_findings),
    )
    detection = Detection(
        fmt.id,
        year_value,
        organ_value,
        scores,
        "given" if year is not None else found_year.source,
        "given" if organ is not None else found_organ.source,
        title,
    )
    return ParseResult(
        source,
        doc.kind,
        table,
        all_readings,
        tuple(labels),
        tuple(notes),
        merged,
        detection,
        narrative,
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


def _unread_findings(
    fmt: Format,
    findings: tuple[Finding, ...],
    readings: tuple[CellReading, ...],
    odd: list[int],
) -> tuple[Finding, ...]:
    """A rule over a cell the parser could not read is not broken: it cannot be judged.

    Ambiguous cells and required cells not found are blank in the table; the checker would
    take them as 0.  Their failures become 「not assessable」 and blank-cell findings about
    them are dropped (the parse report lists them).  ``odd``: where the readings not
    ``ok`` are.
    """
    required = _cell_ids(fmt)[1]
    unread = {
        r.id
        for r in map(readings.__getitem__, odd)
        if r.status is Status.AMBIGUOUS or (r.status is Status.MISSING and r.id in required)
    }
    if not unread:
        return findings
    out = []
    for f in findings:
        hit = [c for c in f.cell_ids if c in unread]
        if not hit:
            out.append(f)
            continue
        if _is_blank_rule(fmt, f.rule) or f.status != "fail":
            continue
        names_zh = "、".join(fmt.cell(c).describe("zh") for c in hit[:3])
        names_en = ", ".join(fmt.cell(c).describe("en") for c in hit[:3])
        out.append(
            attrs.evolve(
                f,
                severity=Severity.INFO,
                status=FindingStatus.NOT_ASSESSABLE,
                message=Message(
                    f"{f.rule} 涉及未能读出的单元格（{names_zh}），无法核对",
                    f"{f.rule} cannot be checked: cells not read ({names_en})",
                ),
                lhs=None,
                rhs=None,
                imbalance=None,
            )
        )
    return tuple(out)


@functools.cache
def _cell_ids(fmt: Format) -> tuple[tuple[str, ...], frozenset[str]]:
    """The format's cell ids in order, and those of its required cells (derived once per
    format: a report asks for them cell by cell several times)."""
    return fmt.ids, frozenset(c.id for c in fmt.cells if not c.optional)


def _format_for(year: int) -> str:
    from ..formats import FORMATS

    return next((f.id for f in FORMATS if f.covers(year)), "?")


def _is_blank_rule(fmt: Format, rule_id: str) -> bool:
    from ..rules import default_rules

    return any(r.id == rule_id and r.kind is RuleKind.BLANK for r in default_rules(fmt).rules)


def _table(
    fmt: Format,
    year: int,
    organ: str,
    readings: tuple[CellReading, ...],
    sections: dict[str, str],
    odd: list[int],
) -> Table:
    """The table of the cells read ``ok``, with the report's text by part; ``readings`` are
    in the format's cell order and ``odd`` says where those not ``ok`` are."""
    raws: list[object] = [r.raw for r in readings]
    for k in odd:
        raws[k] = None
    return Table._from_aligned(fmt, year, organ, raws, narrative=sections)


def _from_table(path: Path, format: str | Format) -> ParseResult:
    """A workbook (read by the workbook reader): every cell as read, then the same checks."""
    from ..readers import read_table

    table = read_table(path)
    forced = format if isinstance(format, str) else format.id
    if forced not in ("auto", table.format.id):
        raise GkError(
            "format_mismatch",
            zh=f"{path} 是 {table.format.id} 格式的工作簿，与指定的 {forced} 不符",
            en=f"{path} is a {table.format.id} workbook, not {forced}",
        )
    readings = tuple(
        CellReading(
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
