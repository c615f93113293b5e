"""Marking findings in a workbook, and taking the marks away again, exactly.

``mark_workbook`` gives each cell a finding names a fill (by the worst severity) and a note
with the Chinese message and the rule id, and adds a 「校验结果」 sheet with one row per
finding and the counts per rule (the layout of Ofwat's dqchecks result sheet).  Before it
touches a cell it records the cell's own fill and note in a hidden sheet
(``_gkstats_marks``, veryHidden so that it never shows as a tab), together with the fill and
note it put there.  ``clear_workbook`` reads that record and gives every cell back its own
fill and note, but only where the mark is still as gkstats left it: a cell the user has
recoloured or whose note they have edited since keeps the user's change.

Both work on the :class:`~gkstats.workbook.gateway.Workbook` interface only, so the Excel
add-in (xlwings) and the command line mark and clear the same way.  The file functions
never overwrite the input unless asked (``in_place``), and then keep a backup first and
replace the file atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import backup as make_backup
from .._files import backup_name, require_folder, sibling
from ..findings import CheckResult, Finding
from ..rules import Severity
from ..table import Table
from ..values import format_number
from .gateway import Cell, Note, Workbook, a1, parse_a1, quote_sheet

#: The sheet listing the findings.
RESULTS_SHEET = "校验结果"
#: The hidden sheet recording what the marks replaced.
RECORD_SHEET = "_gkstats_marks"
_RECORD_MAGIC = "gkstats marks v1"
#: Every note gkstats writes starts with this, so a person sees whose note it is.
NOTE_TAG = "【gkstats 校验】"
NOTE_AUTHOR = "gkstats"
_OWN_NOTE = "——原批注——"
#: Fill colours by severity (Excel's own "bad" / "neutral" / light blue).
FILLS = {Severity.ERROR: "FFC7CE", Severity.WARNING: "FFEB9C", Severity.INFO: "DDEBF7"}
#: The fill of a cell the locator says to change (a suggestion is given for it).
FOCUS_FILL = "FF7C80"
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
#: Severities whose cells are filled and noted (all findings are listed on the sheet).
MARKED = frozenset({Severity.ERROR, Severity.WARNING})

_RECORD_HEADER = (
    "sheet", "cell", "fill", "has_note", "note_text", "note_author", "note_width",
    "note_height", "our_fill", "our_note",
)  # fmt: skip
_RESULT_HEADER = (
    "序号", "工作表", "单元格", "规则", "级别", "说明", "左边", "右边", "相差", "建议值",
    "涉及单元格",
)  # fmt: skip
_SUMMARY_HEADER = ("规则", "级别", "项数", "通过", "未通过", "无法判断")


@attrs.frozen
class MarkReport:
    findings: int
    #: Cells given a fill and a note.
    marked: int
    #: Findings none of whose cells could be placed in the workbook (listed on the sheet only).
    unplaced: int
    results_sheet: str
    output: Path | None = None
    backup: Path | None = None


@attrs.frozen
class ClearReport:
    had_marks: bool
    restored: int = 0
    #: Cells whose mark the user changed after marking: left as the user made them.
    kept: int = 0
    output: Path | None = None
    backup: Path | None = None


def split_address(text: str) -> tuple[str, Cell] | None:
    """``表三!C7`` → ``("表三", (7, 3))``."""
    if "!" not in text:
        return None
    sheet, ref = text.rsplit("!", 1)
    cell = parse_a1(ref)
    if cell is None:
        return None
    if len(sheet) > 1 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell


def _cells_of(finding: Finding, table: Table) -> list[tuple[str, tuple[str, Cell]]]:
    """(cell id, (sheet, cell)) of the finding's cells that are in the workbook."""
    out = []
    for ref in finding.cells:
        text = ref.address or table.addresses.get(ref.id)
        where = split_address(text) if text else None
        if where is not None:
            out.append((ref.id, where))
    return out


def _note_text(findings: list[Finding], suggestion: object, own: Note | None) -> str:
    lines = [NOTE_TAG]
    for f in findings:
        lines.append(f"[{f.severity.zh}] {f.message.zh}")
    if suggestion is not None:
        lines.append(f"建议值：{format_number(suggestion)}")  # type: ignore[arg-type]
    if own is not None and own.text:
        lines += [_OWN_NOTE, own.text]
    return "\n".join(lines)


def mark_workbook(
    wb: Workbook,
    table: Table,
    result: CheckResult,
    *,
    suggestions: Mapping[str, object] | None = None,
) -> MarkReport:
    """Fill and note every cell of an error or warning finding; add the 校验结果 sheet.

    ``suggestions`` (cell id → value), when given (by the locator), goes into the notes and
    the sheet as the value each cell should have.  Marks already in the workbook are cleared
    first, so marking twice never records a mark as the user's own.
    """
    if RECORD_SHEET in wb.sheet_names():
        clear_workbook(wb)
    suggestions = suggestions or {}
    per_cell: dict[tuple[str, Cell], list[Finding]] = {}
    cell_ids: dict[tuple[str, Cell], str] = {}
    unplaced = 0
    for f in result.findings:
        places = _cells_of(f, table)
        if not places:
            unplaced += 1
        if f.severity not in MARKED:
            continue
        for cell_id, place in places:
            per_cell.setdefault(place, []).append(f)
            cell_ids.setdefault(place, cell_id)
    records: list[list[object]] = []
    for (sheet, cell), findings in per_cell.items():
        findings.sort(key=lambda f: _ORDER[f.severity])
        own_fill = wb.fill_state(sheet, cell)
        own_note = wb.note(sheet, cell)
        suggestion = suggestions.get(cell_ids[(sheet, cell)])
        text = _note_text(findings, suggestion, own_note)
        lines = text.count("\n") + 1 + sum(len(line) // 24 for line in text.split("\n"))
        note = Note(text, NOTE_AUTHOR, 260.0, float(min(max(lines * 14, 60), 400)))
        wb.set_fill(sheet, cell, FILLS[findings[0].severity] if suggestion is None else FOCUS_FILL)
        wb.set_note(sheet, cell, note)
        records.append(
            [
                sheet,
                a1(cell),
                own_fill,
                1 if own_note is not None else 0,
                own_note.text if own_note else None,
                own_note.author if own_note else None,
                own_note.width if own_note else None,
                own_note.height if own_note else None,
                wb.fill_state(sheet, cell),
                text,
            ]
        )
    results_sheet = _free_name(wb, RESULTS_SHEET)
    _write_results(wb, results_sheet, table, result, suggestions)
    wb.add_sheet(RECORD_SHEET, hidden=True)
    rows: dict[Cell, object] = {(1, 1): _RECORD_MAGIC, (1, 2): results_sheet}
    for j, name in enumerate(_RECORD_HEADER, start=1):
        rows[(2, j)] = name
    for i, rec in enumerate(records, start=3):
        for j, value in enumerate(rec, start=1):
            if value is not None:
                rows[(i, j)] = value
    wb.write_values(RECORD_SHEET, rows)
    return MarkReport(len(result.findings), len(records), unplaced, results_sheet)


def _free_name(wb: Workbook, wanted: str) -> str:
    names = set(wb.sheet_names())
    if wanted not in names:
        return wanted
    k = 2
    while f"{wanted}{k}" in names:
        k += 1
    return f"{wanted}{k}"


def _write_results(
    wb: Workbook,
    sheet: str,
    table: Table,
    result: CheckResult,
    suggestions: Mapping[str, object],
) -> None:
    rows: list[list[object]] = []
    links: list[tuple[int, str]] = []
    ordered = sorted(result.findings, key=lambda f: _ORDER[f.severity])
    for n, f in enumerate(ordered, start=1):
        places = [p for _, p in _cells_of(f, table)]
        first = places[0] if places else None
        sugg = [
            f"{c.id}={format_number(suggestions[c.id])}"  # type: ignore[arg-type]
            for c in f.cells
            if c.id in suggestions
        ]
        rows.append(
            [
                n,
                first[0] if first else "（未找到）",
                a1(first[1]) if first else "",
                f.rule,
                f.severity.zh,
                f.message.zh,
                _number(f.lhs),
                _number(f.rhs),
                _number(f.imbalance),
                "；".join(sugg) or None,
                _places_text(places),
            ]
        )
        if first:
            links.append((n + 1, f"{quote_sheet(first[0])}!{a1(first[1])}"))
    wb.add_sheet(sheet)
    wb.write_table(sheet, _RESULT_HEADER, rows, (5, 18, 7, 8, 5, 60, 8, 8, 8, 12, 36))
    for row, target in links:
        wb.link(sheet, (row, 3), target)
    # the counts, under the list (columns B…G, so that the sheet prints one page wide)
    top, col = len(rows) + 3, 2
    counts: dict[Cell, object] = {
        (top, col): "汇总",
        (top + 1, col): "错误",
        (top + 1, col + 1): len(result.errors),
        (top + 2, col): "警告",
        (top + 2, col + 1): len(result.warnings),
        (top + 3, col): "提示",
        (top + 3, col + 1): len(result.infos),
        (top + 4, col): "结论",
        (top + 4, col + 1): "校验通过" if result.valid else "校验未通过",
    }
    for j, name in enumerate(_SUMMARY_HEADER):
        counts[(top + 6, col + j)] = name
    for i, s in enumerate(result.summary, start=top + 7):
        for j, value in enumerate(
            (s.rule, s.severity.zh, s.items, s.passes, s.fails, s.not_assessable)
        ):
            counts[(i, col + j)] = value
    wb.write_values(sheet, counts)


def _places_text(places: list[tuple[str, Cell]]) -> str | None:
    """「表三!D8、D9、J9」: each sheet named once."""
    by_sheet: dict[str, list[str]] = {}
    for sheet, cell in places:
        by_sheet.setdefault(sheet, []).append(a1(cell))
    return "；".join(f"{s}!{'、'.join(refs)}" for s, refs in by_sheet.items()) or None


def _number(value: object) -> object:
    if value is None:
        return None
    return format_number(value) if not isinstance(value, int) else value  # type: ignore[arg-type]


def clear_workbook(wb: Workbook) -> ClearReport:
    """Give marked cells back their own fills and notes; remove gkstats' sheets."""
    if RECORD_SHEET not in wb.sheet_names():
        return ClearReport(had_marks=False)
    data = wb.read_sheet(RECORD_SHEET).values
    if data.get((1, 1)) != _RECORD_MAGIC:
        raise GkError(
            "bad_mark_record",
            zh=f"工作表「{RECORD_SHEET}」不是 gkstats 写入的标记记录，未作清除",
            en=f"sheet {RECORD_SHEET!r} is not a gkstats mark record; nothing cleared",
        )
    results_sheet = str(data.get((1, 2)) or RESULTS_SHEET)
    restored = kept = 0
    last = max((r for r, _ in data), default=2)
    known = set(wb.sheet_names())
    for row in range(3, last + 1):
        rec = [data.get((row, j)) for j in range(1, len(_RECORD_HEADER) + 1)]
        sheet, ref = rec[0], rec[1]
        cell = parse_a1(str(ref)) if ref else None
        if not isinstance(sheet, str) or cell is None or sheet not in known:
            continue
        changed = False
        if wb.fill_state(sheet, cell) == _text(rec[8]):
            wb.restore_fill(sheet, cell, _text(rec[2]))
        else:
            changed = True
        current = wb.note(sheet, cell)
        if current is not None and current.text == _text(rec[9]):
            own = None
            if rec[3] in (1, "1", True):
                own = Note(_text(rec[4]) or "", _text(rec[5]) or "", _float(rec[6]), _float(rec[7]))
            wb.set_note(sheet, cell, own)
        else:
            changed = True
        if changed:
            kept += 1
        else:
            restored += 1
    if results_sheet in known:
        wb.remove_sheet(results_sheet)
    wb.remove_sheet(RECORD_SHEET)
    return ClearReport(True, restored, kept)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _float(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(str(value))
    except ValueError:
        return None


# --- files ------------------------------------------------------------------------------


def _targets(path: Path, output: str | Path | None, in_place: bool, tag: str) -> Path:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise GkError(
            "mark_needs_workbook",
            zh=f"只能在 Excel 工作簿（.xlsx/.xlsm）中标记或清除：{path}",
            en=f"marks can only be put in or cleared from a workbook (.xlsx/.xlsm): {path}",
        )
    if in_place and output is not None:
        raise GkError(
            "in_place_and_output",
            zh="--in-place 与 -o/--output 不能同时使用",
            en="use either --in-place or -o/--output, not both",
        )
    if in_place:
        return path
    target = Path(output) if output is not None else sibling(path.with_suffix(suffix), f"_{tag}")
    if target.suffix.lower() != suffix:
        raise GkError(
            "output_suffix",
            zh=f"输出文件的扩展名应与输入相同（{suffix}）：{target}",
            en=f"the output must have the input's extension ({suffix}): {target}",
        )
    if target.exists() and target.resolve() == path.resolve():
        raise GkError(
            "would_overwrite_input",
            zh=f"输出文件就是输入文件 {path}：如确要覆盖原文件，请用 --in-place（会先备份）",
            en=f"the output is the input {path}; use --in-place to overwrite it (with a backup)",
        )
    require_folder(target)
    return target


backup_of = backup_name  # the name the workbook commands' backups get


def mark_file(
    path: str | Path,
    table: Table | None = None,
    result: CheckResult | None = None,
    *,
    output: str | Path | None = None,
    in_place: bool = False,
    suggestions: Mapping[str, object] | None = None,
) -> MarkReport:
    """Mark a workbook file: to ``output`` (default ``<name>_校验.xlsx``), or in place.

    ``table`` and ``result`` are what ``check`` read from this file and found; left out, the
    file is read and checked with the default rules.
    """
    from . import _openpyxl
    from .reader import missing_error, read_workbook

    src = Path(path)
    target = _targets(src, output, in_place, "校验")
    wb = _openpyxl.take(src)
    if table is None:
        read = read_workbook(wb)
        if read.missing:
            raise missing_error(read, str(src))
        table = read.table
    if result is None:
        from ..check import check

        result = check(table)
    report = mark_workbook(wb, table, result, suggestions=suggestions)
    backup = make_backup(src) if in_place else None
    wb.save(target)
    return attrs.evolve(report, output=target, backup=backup)


def clear_file(
    path: str | Path, *, output: str | Path | None = None, in_place: bool = False
) -> ClearReport:
    """Remove gkstats' marks from a workbook file (default output ``<name>_清除标记.xlsx``).

    Nothing is written when the workbook has no marks.
    """
    from . import _openpyxl

    src = Path(path)
    target = _targets(src, output, in_place, "清除标记")
    wb = _openpyxl.take(src)
    report = clear_workbook(wb)
    if not report.had_marks:
        return report
    backup = make_backup(src) if in_place else None
    wb.save(target)
    return attrs.evolve(report, output=target, backup=backup)


__all__ = [
    "FILLS",
    "FOCUS_FILL",
    "MARKED",
    "NOTE_TAG",
    "RECORD_SHEET",
    "RESULTS_SHEET",
    "ClearReport",
    "MarkReport",
    "backup_of",
    "clear_file",
    "clear_workbook",
    "mark_file",
    "mark_workbook",
    "split_address",
]
