"""Reading any workbook: formulas, cells that are not there, the format and the year."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from workbook_support import filled_template, hand_made

from gkstats import FORMATS, GkError, Table, Unreadable, check
from gkstats.labels import normalize_label
from gkstats.readers import read_table
from gkstats.workbook import _calamine, mark_file, read_file
from gkstats.workbook.template import FORMAT_NAME


def _zeros(format_id: str, year: int) -> Table:
    fmt = next(f for f in FORMATS if f.id == format_id)
    return Table.from_cells(fmt, year, "测试单位", {c.id: 0 for c in fmt.cells if not c.optional})


def _drop_names(path: Path, keep: tuple[str, ...] = ()) -> Path:
    book = openpyxl.load_workbook(path)
    for name in list(book.defined_names):
        if name not in keep:
            del book.defined_names[name]
    book.save(path)
    return path


def _cell(path: Path, cell_id: str) -> tuple[str, str]:
    read = read_file(path)
    sheet, (row, col) = read.located[cell_id]
    return sheet, openpyxl.utils.get_column_letter(col) + str(row)


def test_formula_with_a_stored_result_reads_as_the_result(tmp_path: Path) -> None:
    path = filled_template(_zeros("f2021", 2025), tmp_path / "t.xlsx")
    sheet, ref = _cell(path, "t3.partial.total")
    _, first = _cell(path, "t3.partial.natural")
    # as Excel saves it: the formula and its cached result
    book = openpyxl.load_workbook(path)
    book[sheet][ref] = f"=SUM({first}:{first})"
    book.save(path)
    _store_result(path, sheet, ref, "0")
    read = read_file(path)
    assert read.table["t3.partial.total"] == 0 and read.uncached == ()
    if _calamine.available():
        assert read_file(path, fast=True).table == read.table
    # marking keeps the formula and its stored result (openpyxl alone would drop the result)
    marked = mark_file(path, output=tmp_path / "marked.xlsx").output
    assert marked is not None
    again = read_file(marked)
    assert again.uncached == () and again.table == read.table
    assert openpyxl.load_workbook(marked)[sheet][ref].value == f"=SUM({first}:{first})"
    if _calamine.available():
        assert read_file(marked, fast=True).table == read.table


def _store_result(path: Path, sheet: str, ref: str, value: str) -> None:
    """Give a formula cell the cached value Excel would have saved."""
    import re

    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(sheet) + 1
    part = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    xml = items[part].decode()
    xml = re.sub(
        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)(<v\s*/>|<v></v>)?', rf"\1\2<v>{value}</v>", xml
    )
    items[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items.items():
            z.writestr(n, data)


def test_formula_without_a_stored_result_is_reported_not_blank(tmp_path: Path) -> None:
    path = filled_template(_zeros("f2021", 2025), tmp_path / "t.xlsx")
    sheet, ref = _cell(path, "t3.partial.total")
    book = openpyxl.load_workbook(path)
    book[sheet][ref] = "=SUM(D9:I9)"  # written by a program that does not calculate
    book.save(path)
    read = read_file(path)
    assert read.uncached == ("t3.partial.total",)
    value = read.table["t3.partial.total"]
    assert isinstance(value, Unreadable) and value.raw == "=SUM(D9:I9)"
    result = check(read.table)
    assert any("t3.partial.total" in f.cell_ids and "公式" in f.message.zh for f in result.findings)
    if _calamine.available():
        assert read_file(path, fast=True).table == read.table


def test_a_cell_that_cannot_be_found_is_reported(tmp_path: Path) -> None:
    path = hand_made(_zeros("f2021", 2025), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and normalize_label(c.value) == "法律服务机构":
                    c.value = "律所"
    book.save(path)
    read = read_file(path)
    assert set(read.missing) == {
        c.id for c in read.table.format.cells if c.column.key == "legal" and not c.optional
    }
    assert all(read.table[i] is None for i in read.missing)
    with pytest.raises(GkError) as err:
        read_table(path)
    assert err.value.code == "cells_not_found" and "法律服务机构" in err.value.zh


def test_names_survive_but_a_broken_name_falls_back_to_labels(tmp_path: Path) -> None:
    table = _zeros("f2019", 2020).replace({"t3.new.natural": 5, "t3.total.natural": 5})
    path = filled_template(table, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book.defined_names["GK_t3_new_natural"].attr_text = "#REF!"
    book.save(path)
    read = read_file(path)
    assert "t3.new.natural" not in read.by_name
    assert read.table["t3.new.natural"] == 5 and read.missing == ()


@pytest.mark.parametrize("format_id", [f.id for f in FORMATS])
def test_format_detected_from_labels_alone(format_id: str, tmp_path: Path) -> None:
    fmt = next(f for f in FORMATS if f.id == format_id)
    path = _drop_names(filled_template(_zeros(format_id, fmt.years[0]), tmp_path / "t.xlsx"))
    read = read_file(path)
    assert read.table.format is fmt and read.by_name == frozenset() and read.missing == ()


def test_format_detected_from_names_without_the_format_constant(tmp_path: Path) -> None:
    path = filled_template(_zeros("f2019", 2019), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    del book.defined_names[FORMAT_NAME]
    book.save(path)
    assert read_file(path).table.format.id == "f2019"


def test_year_and_format_must_agree(tmp_path: Path) -> None:
    path = filled_template(_zeros("f2021", 2021), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    from gkstats.workbook.gateway import parse_reference

    sheet, (row, col) = parse_reference(book.defined_names["GK_year"].attr_text)  # type: ignore[misc]
    book[sheet].cell(row, col).value = "2020年"
    book.save(path)
    with pytest.raises(GkError) as err:
        read_file(path)
    assert err.value.code == "year_format_mismatch"


def test_a_workbook_without_the_tables(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "工资表"
    book.active["B2"] = 3000
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(GkError) as err:
        read_file(tmp_path / "other.xlsx")
    assert err.value.code == "no_table_found"


def test_two_copies_of_a_table_are_not_guessed_between(tmp_path: Path) -> None:
    path = hand_made(_zeros("f2021", 2025), tmp_path / "t.xlsx", seed=3)
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["Sheet2"])
    copy.title = "副本"
    book.save(path)
    with pytest.raises(GkError) as err:
        read_file(path)
    assert err.value.code == "ambiguous_table"


def test_values_go_through_the_one_normaliser(tmp_path: Path) -> None:
    path = filled_template(_zeros("f2021", 2025), tmp_path / "t.xlsx")
    cells = {
        "t3.new.natural": "２９件",
        "t3.new.commercial": "—",
        "t3.new.research": "无",
        "t3.new.nonprofit": "二十",
        "t2.fees.amount": "0.5万元",
        "t3.new.legal": "许多",
    }
    book = openpyxl.load_workbook(path)
    for cell_id, raw in cells.items():
        spec = next(c for c in FORMATS[2].cells if c.id == cell_id)
        from gkstats.workbook.gateway import parse_reference

        sheet, (row, col) = parse_reference(book.defined_names[spec.name].attr_text)  # type: ignore[misc]
        book[sheet].cell(row, col).value = raw
    book.save(path)
    t = read_file(path).table
    assert (t["t3.new.natural"], t["t3.new.commercial"], t["t3.new.research"]) == (29, None, 0)
    assert t["t3.new.nonprofit"] == 20 and str(t["t2.fees.amount"]) == "0.5"
    assert t.written_units == {"t2.fees.amount": "万元"}
    assert isinstance(t["t3.new.legal"], Unreadable)
