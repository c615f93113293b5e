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

import hashlib
from collections.abc import Mapping
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import backup_name, in_place_target, output_target, saved_in_place, sibling
from ..findings import CheckResult, Finding
from ..rules import Severity
from ..table import Table
from ..values import format_number
from .gateway import (
    Cell,
    KnowsThreads,
    Note,
    RenamesSheets,
    TakesBackStyles,
    Uncached,
    Workbook,
    a1,
    parse_a1,
    quote_sheet,
)

#: The sheet listing the findings.
RESULTS_SHEET = "校验结果"
#: The hidden sheet recording what the marks replaced.
RECORD_SHEET = "_gkstats_marks"
_RECORD_MAGIC = "gkstats marks v1"
#: A 校验结果 sheet the user typed into is kept under this name (a number added if taken).
EDITED_SHEET = "校验结果（已修改）"
#: The longest text a cell holds; a note's exact XML longer than this is not recorded.
_CELL_MAX = 32767
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
    "note_height", "our_fill", "our_note", "note_raw",
)  # fmt: skip
_RESULT_HEADER = (
    "序号", "工作表", "单元格", "规则", "级别", "说明", "左边", "右边", "相差", "建议值",
    "涉及单元格",
)  # fmt: skip
_SUMMARY_HEADER = ("规则", "级别", "项数", "通过", "未通过", "无法判断")
#: The widest each column of the results sheet may be (each is fitted to what it holds).
_RESULT_WIDTHS = (6, 20, 8, 10, 6, 60, 10, 10, 10, 30, 36)


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
    #: Cells holding a threaded comment: filled, their message on the results sheet only.
    threaded: int = 0
    #: An earlier 校验结果 sheet the user had typed into, kept under this name.
    kept_sheet: str | None = None


@attrs.frozen
class ClearReport:
    had_marks: bool
    restored: int = 0
    #: Cells whose mark the user changed after marking: left as the user made them.
    kept: int = 0
    output: Path | None = None
    backup: Path | None = None
    #: The 校验结果 sheet, typed into by the user, kept under this name instead of removed.
    kept_sheet: str | None = None


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
    """(cell id, (sheet, cell)) of the finding's cells that are in the workbook.

    A cross-year finding also names last year's cells, with their address in last year's
    workbook: they are not in this one, and the same address here is another cell.
    """
    out = []
    for ref in finding.cells:
        if ref.year is not None and ref.year != table.year:
            continue
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
    kept_sheet = clear_workbook(wb).kept_sheet if RECORD_SHEET in wb.sheet_names() else None
    baseline = wb.baseline() if isinstance(wb, TakesBackStyles) else None
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
    threaded: list[tuple[str, Cell]] = []
    for (sheet, cell), findings in per_cell.items():
        findings.sort(key=lambda f: _ORDER[f.severity])
        own_fill = wb.fill_state(sheet, cell)
        if isinstance(wb, KnowsThreads) and wb.has_thread(sheet, cell):
            # a conversation is the user's: the cell is filled, the message listed only
            threaded.append((sheet, cell))
            wb.set_fill(sheet, cell, FILLS[findings[0].severity])
            records.append([sheet, a1(cell), own_fill, 2, *([None] * 4),
                            wb.fill_state(sheet, cell), None, None])  # fmt: skip
            continue
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
                own_note.raw if own_note and len(own_note.raw or "") <= _CELL_MAX else None,
            ]
        )
    results_sheet = _free_name(wb, RESULTS_SHEET)
    written = _write_results(wb, results_sheet, table, result, suggestions, threaded)
    wb.add_sheet(RECORD_SHEET, hidden=True)
    rows: dict[Cell, object] = {
        (1, 1): _RECORD_MAGIC,
        (1, 2): results_sheet,
        (1, 3): _fingerprint(written),
    }
    if baseline is not None:
        rows[(1, 4)] = baseline
    for j, name in enumerate(_RECORD_HEADER, start=1):
        rows[(2, j)] = name
    for i, rec in enumerate(records, start=3):
        for j, value in enumerate(rec, start=1):
            if value is not None:
                rows[(i, j)] = value
    wb.write_values(RECORD_SHEET, rows)
    return MarkReport(
        len(result.findings), len(records) - len(threaded), unplaced, results_sheet,
        threaded=len(threaded), kept_sheet=kept_sheet,
    )  # fmt: skip


def _fingerprint(values: Mapping[Cell, object]) -> str:
    """What the results sheet held when gkstats wrote it, to tell whether the user typed
    into it since (numbers compared as numbers: 5 and 5.0 are the same).  The link cells
    are left out: a live workbook holds them as formulas."""
    items = []
    for cell in sorted(values):
        v = values[cell]
        if isinstance(v, Uncached):
            v = v.formula
        if v is None or v == "" or _is_link(cell, v):
            continue
        if isinstance(v, bool):
            text = f"b{int(v)}"
        elif isinstance(v, (int, float)) and float(v).is_integer():
            text = f"n{int(v)}"
        elif isinstance(v, float):
            text = f"n{v!r}"
        else:
            text = f"s{v}"
        items.append(f"{cell[0]},{cell[1]}:{text}")
    return "sha256:" + hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()


def _is_link(cell: Cell, value: object) -> bool:
    text = str(value)
    return cell[1] == 3 and (parse_a1(text) is not None or text.upper().startswith("=HYPERLINK"))


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
    threaded: list[tuple[str, Cell]] | None = None,
) -> dict[Cell, object]:
    """Write the results sheet; returns every value it wrote."""
    rows: list[list[object]] = []
    links: list[tuple[int, str]] = []
    ordered = sorted(result.findings, key=lambda f: _ORDER[f.severity])
    for n, f in enumerate(ordered, start=1):
        located = _cells_of(f, table)
        places = [p for _, p in located]
        first = places[0] if places else None
        rows.append(
            [
                n,
                first[0] if first else "（未找到）",
                a1(first[1]) if first else "",
                f.rule,
                f.severity.zh,
                _without_rule(f),
                _number(f.lhs),
                _number(f.rhs),
                _number(f.imbalance),
                _suggestions_text(f, table, dict(located), suggestions, first),
                _places_text(places),
            ]
        )
        if first:
            links.append((n + 1, f"{quote_sheet(first[0])}!{a1(first[1])}"))
    wb.add_sheet(sheet)
    wb.write_table(sheet, _RESULT_HEADER, rows, _RESULT_WIDTHS)
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
    if threaded:
        below = top + 8 + len(result.summary)
        counts[(below, col)] = (
            "以下单元格含有批注会话（threaded comment），gkstats 未改动其批注，"
            "其问题仅列于本表：" + (_places_text(threaded) or "")
        )
    wb.write_values(sheet, counts)
    written: dict[Cell, object] = dict(counts)
    for j, text in enumerate(_RESULT_HEADER, start=1):
        written[(1, j)] = text
    for r, listed in enumerate(rows, start=2):
        for j, value in enumerate(listed, start=1):
            written[(r, j)] = value
    return written


def _without_rule(finding: Finding) -> str:
    """The message without the rule id it opens with: the 规则 column beside it says it."""
    text = finding.message.zh
    return text[len(finding.rule) :].lstrip() if text.startswith(finding.rule + " ") else text


def _suggestions_text(
    finding: Finding,
    table: Table,
    located: Mapping[str, tuple[str, Cell]],
    suggestions: Mapping[str, object],
    first: tuple[str, Cell] | None,
) -> str | None:
    """「D9 改为 16（表三「（二）部分公开…·自然人」）」 for each of the finding's cells the
    locator says to change: where it is (its sheet too, when not the row's), the value, and
    its official labels."""
    out = []
    for ref in finding.cells:
        if ref.id not in suggestions:
            continue
        value = format_number(suggestions[ref.id])  # type: ignore[arg-type]
        label = table.format.cell(ref.id).describe("zh")
        place = located.get(ref.id)
        if place is None:
            out.append(f"{label} 改为 {value}")
            continue
        where = a1(place[1]) if first and place[0] == first[0] else (
            f"{place[0]}!{a1(place[1])}")  # fmt: skip
        out.append(f"{where} 改为 {value}（{label}）")
    return "；\n".join(out) or None


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
    for row in range(last, 2, -1):  # last marked first: each cell back to what it was
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
        if rec[3] in (2, "2"):  # a threaded comment: gkstats never touched it
            pass
        elif current is not None and current.text == _text(rec[9]):
            own = None
            if rec[3] in (1, "1", True):
                own = Note(_text(rec[4]) or "", _text(rec[5]) or "", _float(rec[6]),
                           _float(rec[7]), raw=_text(rec[10]))  # fmt: skip
            wb.set_note(sheet, cell, own)
        else:
            changed = True
        if changed:
            kept += 1
        else:
            restored += 1
    kept_sheet = None
    if results_sheet in known:
        kept_sheet = _keep_or_remove(wb, results_sheet, data.get((1, 3)))
    wb.remove_sheet(RECORD_SHEET)
    baseline = data.get((1, 4))
    if isinstance(wb, TakesBackStyles) and isinstance(baseline, str):
        wb.back_to_baseline(baseline)
    return ClearReport(True, restored, kept, kept_sheet=kept_sheet)


def _keep_or_remove(wb: Workbook, sheet: str, fingerprint: object) -> str | None:
    """Remove the results sheet, unless the user typed into it: then it is kept, renamed
    so that a new 校验 can have the name; returns the name it is kept under."""
    if not isinstance(fingerprint, str) or not isinstance(wb, RenamesSheets):
        wb.remove_sheet(sheet)
        return None
    if _fingerprint(wb.read_sheet(sheet).values) == fingerprint:
        wb.remove_sheet(sheet)
        return None
    name = _free_name(wb, EDITED_SHEET)
    wb.rename_sheet(sheet, name)
    return name


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


def workbook_target(
    path: Path,
    output: str | Path | None,
    *,
    in_place: bool,
    overwrite: bool,
    tag: str,
    inputs: tuple[Path, ...] = (),
) -> Path:
    """Where a changed workbook goes: ``output``, ``<name>_<tag>.xlsx`` next to it, or the
    file itself (``in_place``, through a symbolic link to the file it points to).

    The output keeps the input's type (an .xlsm stays an .xlsm); an existing file is
    replaced only with ``overwrite``; an input is never the output (``--in-place`` is the
    way to change it, with a backup).
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise GkError(
            "mark_needs_workbook",
            zh=f"只能在 Excel 工作簿（.xlsx/.xlsm）中标记、清除或写入：{path}",
            en=f"only a workbook (.xlsx/.xlsm) can be marked, cleared or written into: {path}",
        )
    if in_place and output is not None:
        raise GkError(
            "in_place_and_output",
            zh="--in-place 与 -o/--output 不能同时使用",
            en="use either --in-place or -o/--output, not both",
        )
    if in_place:
        return in_place_target(path)
    target = Path(output) if output is not None else sibling(path.with_suffix(suffix), f"_{tag}")
    return output_target(target, inputs=(path, *inputs), overwrite=overwrite, suffix=suffix)


backup_of = backup_name  # the name the workbook commands' backups get


def open_package(path: Path) -> Workbook:
    """The package editor over a file (its changes go into the file's own XML)."""
    from ._package import PackageWorkbook

    return PackageWorkbook(path)


def mark_file(
    path: str | Path,
    table: Table | None = None,
    result: CheckResult | None = None,
    *,
    output: str | Path | None = None,
    in_place: bool = False,
    overwrite: bool = False,
    suggestions: Mapping[str, object] | None = None,
) -> MarkReport:
    """Mark a workbook file: to ``output`` (default ``<name>_校验.xlsx``), or in place.

    ``table`` and ``result`` are what ``check`` read from this file and found; left out, the
    file is read and checked with the default rules.  Only the parts a mark needs are
    rewritten (the package editor): everything else in the file stays byte for byte.
    """
    from .reader import missing_error, read_workbook

    src = Path(path)
    target = workbook_target(src, output, in_place=in_place, overwrite=overwrite, tag="校验")
    wb = open_package(target if in_place else src)
    if table is None:
        read = read_workbook(wb)
        if read.missing:
            raise missing_error(read, str(src))
        table = read.table
    if result is None:
        from ..check import check

        result = check(table)
    report = mark_workbook(wb, table, result, suggestions=suggestions)
    backup = saved_in_place(target, lambda: wb.save(str(target)), in_place)
    return attrs.evolve(report, output=target, backup=backup)


def clear_file(
    path: str | Path,
    *,
    output: str | Path | None = None,
    in_place: bool = False,
    overwrite: bool = False,
) -> ClearReport:
    """Remove gkstats' marks from a workbook file (default output ``<name>_清除标记.xlsx``).

    Nothing is written when the workbook has no marks.
    """
    src = Path(path)
    target = workbook_target(src, output, in_place=in_place, overwrite=overwrite, tag="清除标记")
    wb = open_package(target if in_place else src)
    report = clear_workbook(wb)
    if not report.had_marks:
        return report
    backup = saved_in_place(target, lambda: wb.save(str(target)), in_place)
    return attrs.evolve(report, output=target, backup=backup)


__all__ = [
    "EDITED_SHEET",
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
    "open_package",
    "split_address",
    "workbook_target",
]
