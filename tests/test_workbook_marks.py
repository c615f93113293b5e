"""check --mark puts fills, notes and a 校验结果 sheet in; clear takes exactly them out."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import assume, given, settings
from strategies import mutations, valid_tables
from workbook_support import filled_template, snapshot, without_template_only

from gkstats import FORMATS, Table, check
from gkstats.rules import Severity
from gkstats.workbook import OpenpyxlWorkbook, clear_file, mark_file, read_file
from gkstats.workbook.gateway import Note, a1
from gkstats.workbook.marks import (
    FILLS,
    FOCUS_FILL,
    NOTE_TAG,
    RECORD_SHEET,
    RESULTS_SHEET,
    split_address,
)

IDS = [f.id for f in FORMATS]


def _decorate(path: Path, cell_ids: list[str]) -> None:
    """The user's own fills and notes on some cells, to be kept through mark and clear."""
    wb = OpenpyxlWorkbook.open(path)
    read = read_file(path)
    for k, cell_id in enumerate(cell_ids):
        sheet, cell = read.located[cell_id]
        wb.set_fill(sheet, cell, ["00B050", "FFFF00", "9BC2E6"][k % 3])
        if k % 2 == 0:
            wb.set_note(sheet, cell, Note(f"用户批注 {k}\n=不是公式", "张三"))
    wb.save(path)


def _listed(text: str) -> dict[str, list[str]]:
    """「表三!D8、D9；表四!A6」 → {"表三": ["D8", "D9"], "表四": ["A6"]}."""
    out: dict[str, list[str]] = {}
    for part in text.split("；"):
        if "!" in part:
            sheet, refs = part.rsplit("!", 1)
            out[sheet] = refs.split("、")
    return out


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path)
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]


@pytest.mark.slow
@pytest.mark.parametrize("format_id", IDS)
def test_one_changed_cell_is_marked_and_clear_gives_back_the_file(format_id: str) -> None:
    @settings(max_examples=8)
    @given(valid_tables(format_id).flatmap(lambda t: mutations(t).map(lambda m: (t, m))))
    def run(case: tuple[Table, tuple[Table, object]]) -> None:
        _table, (changed, mutation) = case
        changed = without_template_only(changed)
        cell_id = mutation.cells[0]  # type: ignore[attr-defined]
        result = check(changed)
        hits = [
            f for f in result.findings if cell_id in f.cell_ids and f.severity is Severity.ERROR
        ]
        assume(hits)
        with tempfile.TemporaryDirectory() as tmp:
            src = filled_template(changed, Path(tmp) / "in.xlsx")
            others = [c.id for c in changed.format.cells if c.id != cell_id][:3]
            _decorate(src, [cell_id, *others])
            before = snapshot(src)
            before_bytes = src.read_bytes()
            out = Path(tmp) / "marked.xlsx"
            report = mark_file(src, output=out)
            assert src.read_bytes() == before_bytes  # the input is never touched
            assert report.output == out and report.marked > 0
            # the changed cell: a fill, a note with the rule id, and a 校验结果 row
            read = read_file(out)
            sheet, cell = read.located[cell_id]
            wb = OpenpyxlWorkbook.open(out)
            fill = wb.fill_state(sheet, cell)
            assert fill is not None and FILLS[Severity.ERROR] in fill
            note = wb.note(sheet, cell)
            assert note is not None and note.text.startswith(NOTE_TAG)
            assert all(f.rule in note.text for f in hits)
            assert "用户批注 0" in note.text  # the user's note stays visible under ours
            rows = _rows(out, RESULTS_SHEET)
            assert any(
                r[3] == hits[0].rule and a1(cell) in _listed(str(r[10])).get(sheet, [])
                for r in rows[1:]
            )
            assert RECORD_SHEET in wb.sheet_names() and wb.sheet_hidden(RECORD_SHEET)
            # reading the marked workbook gives the same table: marks are not data
            assert read.table == read_file(src).table
            # clear: every cell's fill and note as before, gkstats' sheets gone
            cleared = Path(tmp) / "cleared.xlsx"
            back = clear_file(out, output=cleared)
            assert back.had_marks and back.kept == 0 and back.restored == report.marked
            after = snapshot(cleared)
            for key in before.keys() | after.keys():
                assert before.get(key, (None, None)) == after.get(key, (None, None)), key
            assert (
                OpenpyxlWorkbook.open(cleared).sheet_names()
                == OpenpyxlWorkbook.open(src).sheet_names()
            )

    run()


def _marked(tmp_path: Path, table: Table) -> tuple[Path, Path]:
    src = filled_template(table, tmp_path / "in.xlsx")
    out = tmp_path / "in_校验.xlsx"
    mark_file(src)
    assert out.exists()
    return src, out


def _broken() -> Table:
    """An f2021 table of zeros but one 部分公开 figure typed as 45: F21-02 and F21-03 fail."""
    fmt = next(f for f in FORMATS if f.id == "f2021")
    cells: dict[str, object] = {c.id: 0 for c in fmt.cells if not c.optional}
    cells["t3.partial.natural"] = 45
    return Table.from_cells(fmt, 2025, "测试单位", cells)


def test_marking_twice_still_clears_to_the_users_own(tmp_path: Path) -> None:
    src, out = _marked(tmp_path, _broken())
    before = snapshot(src)
    again = tmp_path / "again.xlsx"
    mark_file(out, output=again)
    assert [
        n for n in OpenpyxlWorkbook.open(again).sheet_names() if n.startswith(RESULTS_SHEET)
    ] == [RESULTS_SHEET]
    cleared = tmp_path / "cleared.xlsx"
    clear_file(again, output=cleared)
    after = snapshot(cleared)
    assert {k: v for k, v in after.items() if v != (None, None)} == {
        k: v for k, v in before.items() if v != (None, None)
    }


def test_a_mark_the_user_changed_is_kept(tmp_path: Path) -> None:
    _src, out = _marked(tmp_path, _broken())
    read = read_file(out)
    sheet, cell = read.located["t3.partial.natural"]
    wb = OpenpyxlWorkbook.open(out)
    wb.set_fill(sheet, cell, "00B0F0")  # the user recoloured it after fixing it
    wb.save(out)
    cleared = tmp_path / "cleared.xlsx"
    report = clear_file(out, output=cleared)
    assert report.kept == 1
    assert "00B0F0" in (OpenpyxlWorkbook.open(cleared).fill_state(sheet, cell) or "")


def test_suggestions_go_into_the_note_and_the_sheet(tmp_path: Path) -> None:
    table = _broken()
    src = filled_template(table, tmp_path / "in.xlsx")
    read = read_file(src)
    result = check(read.table)
    right = 0
    out = tmp_path / "out.xlsx"
    mark_file(src, read.table, result, output=out, suggestions={"t3.partial.natural": right})
    sheet, cell = read.located["t3.partial.natural"]
    wb = OpenpyxlWorkbook.open(out)
    assert f"建议值：{right}" in wb.note(sheet, cell).text  # type: ignore[union-attr]
    assert FOCUS_FILL in (wb.fill_state(sheet, cell) or "")
    rows = _rows(out, RESULTS_SHEET)
    # the cell where it is and by its labels, never its internal id (issue 17)
    address = a1(cell)
    label = read.table.format.cell("t3.partial.natural").describe("zh")
    assert f"{address} 改为 {right}（{label}）" in {str(r[9]) for r in rows[1:]}
    assert not any("t3." in str(v) for r in rows for v in r)


def test_results_sheet_counts(tmp_path: Path) -> None:
    table = _broken()
    src, out = _marked(tmp_path, table)
    result = check(read_file(src).table)
    rows = _rows(out, RESULTS_SHEET)
    assert rows[0][:6] == ("序号", "工作表", "单元格", "规则", "级别", "说明")
    listed = [r for r in rows[1:] if r[0] is not None]
    assert len(listed) == len(result.findings)
    summary = {r[1]: r[2] for r in rows if r[1] in ("错误", "警告", "提示")}
    assert summary == {
        "错误": len(result.errors),
        "警告": len(result.warnings),
        "提示": len(result.infos),
    }


def test_in_place_keeps_a_backup(tmp_path: Path) -> None:
    src = filled_template(_broken(), tmp_path / "in.xlsx")
    original = src.read_bytes()
    report = mark_file(src, in_place=True)
    assert report.output == src and report.backup is not None
    assert report.backup.read_bytes() == original
    assert RESULTS_SHEET in OpenpyxlWorkbook.open(src).sheet_names()
    cleared = clear_file(src, in_place=True)
    assert cleared.backup is not None and cleared.backup != report.backup
    assert RESULTS_SHEET not in OpenpyxlWorkbook.open(src).sheet_names()


def test_split_address() -> None:
    assert split_address("三、收到和处理政府信息公开申请情况!D9") == (
        "三、收到和处理政府信息公开申请情况",
        (9, 4),
    )
    assert split_address("'a!b'!C7") == ("a!b", (7, 3))
    assert split_address("no address") is None


def test_last_years_cells_are_not_marked_in_this_years_workbook(tmp_path: Path) -> None:
    """Regression: a cross-year finding names last year's 结转下年度 with last year's address;
    marking put a fill and a note on the cell at that address in this year's workbook."""
    fmt = next(f for f in FORMATS if f.id == "f2021")
    zeros: dict[str, object] = {c.id: 0 for c in fmt.cells if not c.optional}
    last = Table.from_cells(fmt, 2024, "某局", {**zeros, "t3.carry_forward.total": 5})
    this = Table.from_cells(fmt, 2025, "某局", zeros)
    last_path = filled_template(last, tmp_path / "last.xlsx")
    this_path = filled_template(this, tmp_path / "this.xlsx")
    previous = read_file(last_path).table
    current = read_file(this_path).table
    result = check(current, previous=previous)
    carry = [f for f in result.findings if f.rule == "F21-05" and f.lhs != f.rhs]
    assert carry, "the test needs a failing carry-over item"
    report = mark_file(this_path, current, result)
    assert report.output is not None
    marked = {
        (ws.title, c.coordinate)
        for ws in openpyxl.load_workbook(report.output).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.comment is not None
    }
    last_address = previous.addresses["t3.carry_forward.total"]
    this_address = current.addresses["t3.carried.total"]
    sheet, ref = last_address.split("!")
    assert (sheet, ref) not in marked
    assert tuple(this_address.split("!")) in marked


@pytest.mark.parametrize("writer", ["package", "openpyxl"])
def test_the_results_sheet_fits_wraps_and_numbers_its_pages(tmp_path: Path, writer: str) -> None:
    # issue 17: internal ids as 建议值, run into the next column, no footer.  The package
    # editor writes it into the user's file (check --mark), openpyxl into a new workbook.
    from openpyxl.worksheet.worksheet import Worksheet

    from gkstats.locate import locate
    from gkstats.workbook.marks import _RESULT_WIDTHS, mark_workbook

    table = _broken()
    src = filled_template(table, tmp_path / "in.xlsx")
    read = read_file(src)
    result = check(read.table)
    fix = locate(read.table)
    assert fix is not None and fix.best is not None
    out = tmp_path / "out.xlsx"
    if writer == "package":
        mark_file(src, read.table, result, output=out, suggestions=fix.best.cells)
    else:
        wb = OpenpyxlWorkbook.open(src)
        mark_workbook(wb, read.table, result, suggestions=fix.best.cells)
        wb.save(out)
    ws: Worksheet = openpyxl.load_workbook(out)[RESULTS_SHEET]
    rows = [list(r) for r in ws.iter_rows(min_row=2, max_row=1 + len(result.findings),
                                          values_only=True)]  # fmt: skip
    # people's words: the cell where it is and its labels; the rule id once, in its column
    assert not any(re.search(r"\bt[234]\.\w+\.\w+", str(v)) for row in rows for v in row)
    assert all(not str(row[5]).startswith(str(row[3])) for row in rows)
    _, cell = read.located["t3.partial.natural"]
    right = fix.best.cells["t3.partial.natural"]
    assert any(str(row[9]).startswith(f"{a1(cell)} 改为 {right}（表三「") for row in rows)
    # each column fitted (within its limit, its header on one line), every cell wrapped
    widths = [ws.column_dimensions[chr(ord("A") + j)].width for j in range(len(_RESULT_WIDTHS))]
    assert all(w <= max(limit, 10) for w, limit in zip(widths, _RESULT_WIDTHS))
    assert widths[6:9] == [6.0, 6.0, 6.0]  # 左边 右边 相差: two-digit figures, short headers
    assert all(ws.cell(r, c).alignment.wrap_text for r in range(2, 2 + len(rows))
               for c in range(1, 12))  # fmt: skip
    assert all(ws.row_dimensions[r].height >= 30 for r in range(2, 2 + len(rows)))
    # printed landscape, one page wide, page numbers in the footer
    assert ws.page_setup.orientation == "landscape"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
