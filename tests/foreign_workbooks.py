"""Workbooks made by another writer than openpyxl (xlsxwriter), carrying everything openpyxl
does not model, for the "nothing lost" tests (issue 15).

The table is the official layout (from the template plan) two rows down, under a title
that states the year, so the reader finds it by its labels.  Around it: a text box, an
image, a chart, a chart sheet, a sparkline, a data bar, list validations (inline and from
another sheet), a table, array and dynamic-array formulas, a hyperlink, hidden and
protected sheets, custom properties, notes (one always shown, one on a cell gkstats marks),
a form button sharing the notes' drawing, and in the .xlsm a VBA project.  Threaded
comments and customXml, which xlsxwriter cannot write, are added by editing the package.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter

from gkstats import Table
from gkstats.workbook import template
from gkstats.workbook.gateway import Cell
from gkstats.workbook.reader import values_for

SHIFT = 2
THREAD_TEXT = "请核对本格数字（批注会话）"


def tiny_png() -> bytes:
    """A 2×2 red PNG, made here so that no image library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def cell_of(table: Table, cell_id: str) -> tuple[str, Cell]:
    """Where the layout puts a cell: (sheet, (row, col))."""
    for sp in template.plan(table.format):
        for i in sp.inputs:
            if i.cell_id == cell_id:
                return sp.name, (i.row + SHIFT, i.col)
    raise KeyError(cell_id)


def xlsxwriter_workbook(
    path: Path,
    table: Table,
    *,
    vba: bytes | None = None,
    note_on: str | None = None,
    thread_on: str | None = None,
) -> Path:
    """Write the table and all the extras with xlsxwriter (``vba``: an .xlsm with it)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    if vba is not None:
        wb.add_vba_project(_bytes_io(vba), is_stream=True)  # type: ignore[arg-type]
    wb.set_custom_property("填报部门", "办公室")
    wb.set_custom_property("已审核", True)
    wb.set_properties({"title": "统计表", "author": "张三"})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    number = wb.add_format({"num_format": "#,##0", "font_color": "#0000FF"})
    values = values_for(table, [c.id for c in table.format.cells])
    plans = template.plan(table.format)
    sheets = {}
    for sp in plans:
        ws = wb.add_worksheet(sp.name)
        sheets[sp.name] = ws
        for lb in sp.labels:
            if not lb.text:
                continue
            if lb.bottom > lb.top or lb.right > lb.left:
                ws.merge_range(
                    lb.top + SHIFT - 1, lb.left - 1, lb.bottom + SHIFT - 1, lb.right - 1,
                    lb.text, bold,
                )  # fmt: skip
            else:
                ws.write_string(lb.top + SHIFT - 1, lb.left - 1, lb.text, bold)
        for i in sp.inputs:
            v = values[i.cell_id]
            if v is not None:
                ws.write(i.row + SHIFT - 1, i.col - 1, v, number)
    first = sheets[plans[0].name]
    first.write_string(0, 0, f"{table.year}年度政府信息公开工作年度报告")
    first.write_string(1, 0, f"填报单位：{table.organ}")
    _extras(wb, table, sheets, plans[0].name, note_on, thread_on, vba is not None)
    wb.close()
    _add_threads_and_custom_xml(path, table, thread_on)
    return path


def _extras(
    wb: xlsxwriter.Workbook,
    table: Table,
    sheets: dict[str, xlsxwriter.worksheet.Worksheet],
    first_name: str,
    note_on: str | None,
    thread_on: str | None,
    macro: bool,
) -> None:
    marked_sheet = cell_of(table, note_on or thread_on or "t3.partial.natural")[0]
    ws = sheets[marked_sheet]
    lists = wb.add_worksheet("下拉选项")
    lists.write_column(0, 0, ["是", "否", "不适用"])
    lists.hide()
    locked = wb.add_worksheet("受保护")
    locked.write_string(0, 0, "本表已保护")
    locked.write_formula(1, 0, "=1+1", None, 2)
    locked.protect("", {"format_cells": True})
    extra = wb.add_worksheet("附表")
    extra.write_row(0, 0, ["项目", "数量", "说明"])
    extra.add_table(1, 0, 4, 2, {"data": [["甲", 1, "x"], ["乙", 2, "y"], ["丙", 3, "z"]],
                                 "header_row": False, "name": "附表数据"})  # fmt: skip
    extra.write_array_formula("E2:E4", "{=B2:B4*2}")
    extra.write_dynamic_array_formula("F2", "=SORT(B2:B4)")
    extra.write_url("G2", "https://www.gov.cn/zhengce/", string="政策")
    extra.data_validation("H2", {"validate": "list", "source": ["是", "否"]})
    extra.data_validation("H3", {"validate": "list", "source": "=下拉选项!$A$1:$A$3"})
    extra.add_sparkline("I2", {"range": "附表!B2:B4"})
    extra.conditional_format("B2:B4", {"type": "data_bar", "data_bar_2010": True,
                                       "bar_solid": True})  # fmt: skip
    extra.write_comment("J2", "一条普通批注")
    extra.write_comment("J4", "一直显示的批注", {"visible": True})
    ws.insert_textbox("P3", "填表说明：请如实填写", {"width": 200, "height": 60})
    ws.insert_image("P8", "logo.png", {"image_data": _bytes_io(tiny_png())})
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=附表!$B$2:$B$4", "name": "数量"})
    ws.insert_chart("P14", chart)
    sheet_chart = wb.add_chart({"type": "line"})
    sheet_chart.add_series({"values": "=附表!$B$2:$B$4"})
    chartsheet = wb.add_chartsheet("图表")
    chartsheet.set_chart(sheet_chart)
    ws.write_comment("R2", "用户写的提示，一直显示", {"visible": True})
    ws.conditional_format("A1:A2", {"type": "data_bar", "data_bar_2010": True})
    ws.data_validation("S2", {"validate": "list", "source": "=下拉选项!$A$1:$A$3"})
    if macro:
        ws.insert_button("U2", {"macro": "say_hello", "caption": "按钮", "width": 80})
    if note_on is not None:
        sheet, (r, c) = cell_of(table, note_on)
        sheets[sheet].write_comment(r - 1, c - 1, "我的批注：此数已核", {"author": "李四"})
    if thread_on is not None:
        sheet, (r, c) = cell_of(table, thread_on)
        sheets[sheet].write_comment(
            r - 1, c - 1, f"[Threaded comment]\n{THREAD_TEXT}", {"author": "tc={0}"}
        )
    sheets[first_name].activate()


def _bytes_io(data: bytes) -> object:
    import io

    return io.BytesIO(data)


_THREAD_CT = "application/vnd.ms-excel.threadedcomments+xml"
_PERSON_CT = "application/vnd.ms-excel.person+xml"
_THREAD_REL = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
_PERSON_REL = "http://schemas.microsoft.com/office/2017/10/relationships/person"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def _add_threads_and_custom_xml(path: Path, table: Table, thread_on: str | None) -> None:
    """What Excel 365 writes and xlsxwriter cannot: a threaded comment with its person list,
    and a customXml item, put into the package as Excel lays them out."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    types = parts["[Content_Types].xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    new_types = f'<Override PartName="/customXml/itemProps1.xml" ContentType="{_PROPS_CT}"/>'
    new_rels = f'<Relationship Id="rId900" Type="{_CUSTOM_REL}" Target="../customXml/item1.xml"/>'
    parts["customXml/item1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        b'<b:Sources xmlns:b="http://schemas.openxmlformats.org/officeDocument/2006/bibliography"'
        b' SelectedStyle="\\APA.XSL" StyleName="APA"/>'
    )
    parts["customXml/itemProps1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        b'<ds:datastoreItem ds:itemID="{6B2B0F45-4E0A-4E6B-9C1B-1E0A3C4D5E6F}" '
        b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        b'<ds:schemaRefs><ds:schemaRef ds:uri="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/bibliography"/></ds:schemaRefs></ds:datastoreItem>'
    )
    parts["customXml/_rels/item1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="' + _PROPS_REL.encode() + b'" Target="itemProps1.xml"/>'
        b"</Relationships>"
    )
    if thread_on is not None:
        sheet, cell = cell_of(table, thread_on)
        from gkstats.workbook.gateway import a1

        index = [sp.name for sp in template.plan(table.format)].index(sheet) + 1
        sheet_rels = f"xl/worksheets/_rels/sheet{index}.xml.rels"
        parts["xl/threadedComments/threadedComment1.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
            'threadedcomments" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main"><threadedComment ref="{a1(cell)}" dT="2025-01-20T08:00:00.00" '
            'personId="{11111111-2222-3333-4444-555555555555}" '
            'id="{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}">'
            f"<text>{THREAD_TEXT}</text></threadedComment></ThreadedComments>"
        ).encode()
        parts["xl/persons/person.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/'
            'threadedcomments"><person displayName="王五" '
            'id="{11111111-2222-3333-4444-555555555555}" userId="王五" providerId="None"/>'
            "</personList>"
        ).encode()
        text = parts[sheet_rels].decode()
        parts[sheet_rels] = text.replace(
            "</Relationships>",
            f'<Relationship Id="rId901" Type="{_THREAD_REL}" '
            'Target="../threadedComments/threadedComment1.xml"/></Relationships>',
        ).encode()
        new_rels += f'<Relationship Id="rId902" Type="{_PERSON_REL}" Target="persons/person.xml"/>'
        new_types += (
            '<Override PartName="/xl/threadedComments/threadedComment1.xml" '
            f'ContentType="{_THREAD_CT}"/><Override PartName="/xl/persons/person.xml" '
            f'ContentType="{_PERSON_CT}"/>'
        )
    parts["[Content_Types].xml"] = types.replace("</Types>", new_types + "</Types>").encode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", new_rels + "</Relationships>"
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


__all__ = ["THREAD_TEXT", "cell_of", "tiny_png", "xlsxwriter_workbook"]
