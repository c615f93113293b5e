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


# --- issue 15: workbooks made by another writer keep every part gkstats has no business with


import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

from foreign_workbooks import THREAD_TEXT, cell_of, xlsxwriter_workbook  # noqa: E402

from gkstats import check  # noqa: E402
from gkstats.workbook import read_file  # noqa: E402
from gkstats.workbook._package import PackageWorkbook  # noqa: E402
from gkstats.workbook.gateway import a1  # noqa: E402
from gkstats.workbook.marks import EDITED_SHEET, RECORD_SHEET, RESULTS_SHEET  # noqa: E402

SHARED = {"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}


def _broken_table():  # type: ignore[no-untyped-def]
    from test_workbook_marks import _broken

    return _broken()


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _foreign(tmp_path: Path, suffix: str) -> tuple[Path, object, list[str]]:
    """The broken table in an xlsxwriter workbook: a user note and a threaded comment on
    two of the cells gkstats will mark."""
    table = _broken_table()
    marked = sorted({c for f in check(table).errors for c in f.cell_ids})
    vba = zipfile.ZipFile(MACRO_BOOK).read(VBA) if suffix == ".xlsm" else None
    path = xlsxwriter_workbook(
        tmp_path / f"外来{suffix}", table, vba=vba, note_on=marked[1], thread_on=marked[0]
    )
    return path, table, marked


def _sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet name="{re.escape(sheet)}" sheetId="\d+" r:id="(rId\d+)"', book)
    assert rid is not None
    target = re.search(rf'Id="{rid[1]}"[^>]*Target="([^"]+)"', rels)
    assert target is not None
    return "xl/" + target[1].lstrip("/").removeprefix("xl/")


def _without_marks(xml: bytes, cells: list[str]) -> str:
    """A sheet part with the marked cells' style ids and the note drawing link taken out."""
    text = xml.decode()
    for ref in cells:
        text = re.sub(rf'(<c r="{ref}"[^>]*?) s="\d+"', r"\1", text)
        text = re.sub(rf'<c r="{ref}"/>', "", text)
    return re.sub(r"<legacyDrawing [^>]*/>", "", text)


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_a_foreign_workbook_keeps_every_other_part_through_mark_and_clear(
    tmp_path: Path, suffix: str
) -> None:
    src, table, marked = _foreign(tmp_path, suffix)
    before = _parts(src)
    out, back = tmp_path / f"标记{suffix}", tmp_path / f"清除{suffix}"
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 1
    after = _parts(out)
    sheet = cell_of(table, marked[0])[0]  # type: ignore[arg-type]
    part = _sheet_part(before, sheet)
    folder, name = part.rsplit("/", 1)
    sheet_rels = f"{folder}/_rels/{name}.rels"
    own = {n for n in after if n not in before}  # gkstats' sheets (and a new notes part)
    drawing = {n for n in before if re.search(r"xl/(comments\d+\.xml|drawings/vmlDrawing)", n)}
    allowed = SHARED | {part, sheet_rels} | own | drawing
    changed = {n for n in before if after.get(n) != before[n]}
    assert changed <= allowed, changed - allowed
    assert set(before) <= set(after)
    for name in set(before) - allowed:  # the rest byte for byte, VBA and threads included
        assert after[name] == before[name], name
    cells = [a1(cell_of(table, c)[1]) for c in marked]  # type: ignore[arg-type]
    assert _without_marks(after[part], cells) == _without_marks(before[part], cells)
    # the threaded comment is untouched, its message listed on the results sheet only
    thread_cell = a1(cell_of(table, marked[0])[1])  # type: ignore[arg-type]
    comments = next(n for n in after if re.fullmatch(r"xl/comments\d+\.xml", n)
                    and f'ref="{thread_cell}"'.encode() in after[n])  # fmt: skip
    legacy = re.search(
        rf'<comment ref="{thread_cell}".*?</comment>', after[comments].decode(), re.S
    )
    assert legacy is not None and "gkstats" not in legacy[0] and THREAD_TEXT in legacy[0]
    book = openpyxl.load_workbook(out)
    listed = " ".join(str(v) for row in book[RESULTS_SHEET].iter_rows(values_only=True)
                      for v in row if v)  # fmt: skip
    assert "批注会话" in listed and thread_cell in listed
    # the user's note on a marked cell shows under gkstats' own
    note_cell = cell_of(table, marked[1])  # type: ignore[arg-type]
    note = book[note_cell[0]][a1(note_cell[1])].comment
    assert note is not None and "我的批注：此数已核" in note.text and "gkstats" in note.text
    # both readers read the same table from the marked file as from the original
    assert read_file(out).table == read_file(src).table == table
    assert read_file(out, fast=True).table == table
    # clear gives back the file the user had, part for part, byte for byte
    assert main(["clear", str(out), "-o", str(back)]) == 0
    cleared = _parts(back)
    assert sorted(cleared) == sorted(before)
    assert [n for n in before if cleared[n] != before[n]] == []


def test_import_previous_changes_only_the_carried_cells(tmp_path: Path) -> None:
    from gkstats import convert
    from gkstats.crossyear import carry_over

    src, table, _marked = _foreign(tmp_path, ".xlsm")
    last = tmp_path / "上年.json"
    forward = {c: 7 for c in table.format.ids if c.startswith("t3.carry_forward.")}  # type: ignore[attr-defined]
    forward["t3.carry_forward.total"] = 7 * (len(forward) - 1)
    previous = table.replace(forward).replace(year=table.year - 1)  # type: ignore[attr-defined]
    last.write_text(json_dump(convert.table_to_json(previous)), "utf-8")
    out = tmp_path / "导入.xlsm"
    assert main(["import-previous", str(src), str(last), "-o", str(out)]) == 0
    before, after = _parts(src), _parts(out)
    carried = [c for c in table.format.ids if c.startswith("t3.carried.")]  # type: ignore[attr-defined]
    sheets = {cell_of(table, c)[0] for c in carried}  # type: ignore[arg-type]
    parts = {_sheet_part(before, s) for s in sheets}
    changed = {n for n in before if after.get(n) != before[n]}
    assert changed <= parts | {"xl/workbook.xml"}, changed
    assert sorted(after) == sorted(before)
    expected = carry_over(previous, table)  # type: ignore[arg-type]
    got = read_file(out).table
    assert [got[c] for c in carried] == [expected[c] for c in carried]
    assert [got[c] for c in carried] != [table[c] for c in carried]  # type: ignore[index]
    assert read_file(out, fast=True).table == got


def json_dump(payload: object) -> str:
    import json

    return json.dumps(payload, ensure_ascii=False)


def test_a_results_sheet_the_user_typed_into_is_kept(tmp_path: Path) -> None:
    src, _table, _marked = _foreign(tmp_path, ".xlsx")
    out = tmp_path / "标记.xlsx"
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 1
    wb = PackageWorkbook(out)  # the user's own edit, written by another program
    wb.write_values(RESULTS_SHEET, {(2, 12): "已与科室核实"})
    wb.save(out)
    again = tmp_path / "再次标记.xlsx"
    assert main(["check", str(out), "--mark", "-o", str(again), "--json"]) == 1
    names = openpyxl.load_workbook(again).sheetnames
    assert EDITED_SHEET in names and RESULTS_SHEET in names
    kept = openpyxl.load_workbook(again)[EDITED_SHEET]
    assert kept.cell(2, 12).value == "已与科室核实"
    cleared = tmp_path / "清除.xlsx"
    assert main(["clear", str(out), "-o", str(cleared)]) == 0
    names = openpyxl.load_workbook(cleared).sheetnames
    assert EDITED_SHEET in names and RECORD_SHEET not in names and RESULTS_SHEET not in names


def test_an_untouched_results_sheet_goes_with_clear(tmp_path: Path) -> None:
    src, _table, _marked = _foreign(tmp_path, ".xlsx")
    out, again = tmp_path / "标记.xlsx", tmp_path / "再次.xlsx"
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 1
    assert main(["check", str(out), "--mark", "-o", str(again)]) == 1
    names = openpyxl.load_workbook(again).sheetnames
    assert [n for n in names if n.startswith("校验结果")] == [RESULTS_SHEET]


def test_libreoffice_opens_the_marked_workbook(tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: the headless conversion is skipped")
    src, table, _marked = _foreign(tmp_path, ".xlsx")
    out = tmp_path / "标记.xlsx"
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 1
    conv = tmp_path / "conv"
    subprocess.run(
        [office, "--headless", "--convert-to", "xlsx", "--outdir", str(conv), str(out)],
        check=True, timeout=180, capture_output=True,
    )  # fmt: skip
    assert read_file(conv / out.name).table == table
