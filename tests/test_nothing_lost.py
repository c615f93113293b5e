"""Issue 8 "nothing lost": a workbook with styles, merged cells, validation, other sheets,
defined names and a VBA project goes through check --mark and clear and comes back equal cell
by cell, style by style, with its VBA project byte-identical."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fixtures import pingtan_2025
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from gkstats.cli import main
from gkstats.workbook import template
from gkstats.workbook.gateway import parse_reference

xlwings = pytest.importorskip("xlwings", reason="the VBA project comes from xlwings' quickstart")
MACRO_BOOK = Path(xlwings.__file__).parent / "quickstart.xlsm"
VBA = "xl/vbaProject.bin"
WRONG = "t3.partial.natural"


def make_user_workbook(path: Path) -> Path:
    """The f2021 template, filled, then dressed up as users do, with a VBA project inside."""
    table = pingtan_2025()
    book = template.build(table.format, year=2025, organ=table.organ)
    for spec in table.format.cells:
        dn = book.defined_names.get(spec.name)
        value = table[spec.id]
        if dn is None or value is None:
            continue
        sheet, (row, col) = parse_reference(dn.attr_text)  # type: ignore[misc]
        book[sheet].cell(row, col).value = 83 if spec.id == WRONG else float(value)
    sheet, (row, col) = parse_reference(book.defined_names[table.format.cell(WRONG).name].attr_text)  # type: ignore[misc]
    ws = book[sheet]
    ws.cell(row, col).number_format = "#,##0"
    ws.cell(row, col).font = Font(name="楷体", size=13, italic=True, color="FF0000FF")
    ws.cell(row, col).border = Border(left=Side("thick", color="FF00FF00"))
    ws.cell(row, col).fill = PatternFill("solid", start_color="FFFFFF00", end_color="FFFFFF00")
    ws.cell(row, col).alignment = Alignment(horizontal="left", indent=2)
    ws.column_dimensions["A"].width = 33.5
    notes = book.create_sheet("备注")
    notes["A1"] = "本单位自用"
    notes["B2"] = "=SUM(1,2)"
    notes.merge_cells("A4:C6")
    notes["A4"] = "合并单元格"
    dv = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    notes.add_data_validation(dv)
    dv.add("D1:D9")
    notes.column_dimensions["B"].width = 21
    book.defined_names["本单位_区域"] = DefinedName("本单位_区域", attr_text="备注!$A$1:$C$6")
    with zipfile.ZipFile(MACRO_BOOK) as macro:
        book.vba_archive = zipfile.ZipFile(MACRO_BOOK)
        vba = macro.read(VBA)
    book.save(path)
    with zipfile.ZipFile(path) as saved:
        assert saved.read(VBA) == vba  # the fixture really carries the VBA project
    return path


def _style(cell: object) -> tuple[object, ...]:
    c = cell  # an openpyxl cell
    return (
        c.value,  # type: ignore[attr-defined]
        c.number_format,  # type: ignore[attr-defined]
        repr(c.font),  # type: ignore[attr-defined]
        repr(c.border),  # type: ignore[attr-defined]
        repr(c.fill),  # type: ignore[attr-defined]
        repr(c.alignment),  # type: ignore[attr-defined]
        repr(c.protection),  # type: ignore[attr-defined]
        (c.comment.text, c.comment.author) if c.comment else None,  # type: ignore[attr-defined]
    )


def snapshot(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path, keep_vba=True)
    out: dict[str, object] = {
        "sheets": [(ws.title, ws.sheet_state) for ws in book.worksheets],
        "names": sorted((n, d.attr_text) for n, d in book.defined_names.items()),
    }
    for ws in book.worksheets:
        out[f"{ws.title}/cells"] = {c.coordinate: _style(c) for row in ws.iter_rows() for c in row}
        out[f"{ws.title}/merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
        out[f"{ws.title}/widths"] = {k: d.width for k, d in ws.column_dimensions.items()}
        out[f"{ws.title}/heights"] = {k: d.height for k, d in ws.row_dimensions.items()}
        out[f"{ws.title}/validation"] = sorted(
            (str(dv.type), str(dv.formula1), str(dv.sqref))
            for dv in ws.data_validations.dataValidation
        )
        out[f"{ws.title}/freeze"] = ws.freeze_panes
        out[f"{ws.title}/protection"] = ws.protection.sheet
    return out


def test_mark_and_clear_give_back_the_workbook_and_its_vba_byte_for_byte(tmp_path: Path) -> None:
    original = make_user_workbook(tmp_path / "本单位.xlsm")
    before_bytes = original.read_bytes()
    before = snapshot(original)
    marked, cleared = tmp_path / "marked.xlsm", tmp_path / "cleared.xlsm"
    assert main(["check", str(original), "--mark", "-o", str(marked)]) == 1
    assert original.read_bytes() == before_bytes  # the input is never touched
    assert snapshot(marked) != before  # something was marked
    assert main(["clear", str(marked), "-o", str(cleared)]) == 0
    after = snapshot(cleared)
    for key in before:
        assert after[key] == before[key], key
    with (
        zipfile.ZipFile(original) as a,
        zipfile.ZipFile(cleared) as b,
        zipfile.ZipFile(marked) as m,
    ):
        assert b.read(VBA) == a.read(VBA) == m.read(VBA)


def test_in_place_marking_keeps_a_byte_identical_backup(tmp_path: Path) -> None:
    original = make_user_workbook(tmp_path / "本单位.xlsm")
    before_bytes = original.read_bytes()
    assert main(["check", str(original), "--mark", "--in-place"]) == 1
    backups = [p for p in tmp_path.iterdir() if p.name != original.name]
    assert [p.read_bytes() for p in backups] == [before_bytes]
    with zipfile.ZipFile(original) as z:
        assert z.read(VBA) == zipfile.ZipFile(backups[0]).read(VBA)


def test_a_crash_in_the_middle_of_a_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    original = make_user_workbook(tmp_path / "本单位.xlsm")
    before_bytes = original.read_bytes()

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    code = main(["check", str(original), "--mark", "--in-place"])
    assert code == 2  # a clear message, not a traceback
    assert original.read_bytes() == before_bytes
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []
