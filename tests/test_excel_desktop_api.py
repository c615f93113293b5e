"""The stand-in for desktop Excel and what the add-in asks of it: the desktop engines' API read
from the pinned xlwings' sources, the remote engine restricted to it, the layout marker that
spares the add-in reading ~200 names, and sheets hidden the Windows way."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from excel_engine import desktop_api
from excel_engine import desktop_engine as desktop_engine  # the fixture
from excel_support import Client, filled_template, payload
from excel_support import remote_engine as remote_engine  # the fixture
from hypothesis import given, settings
from hypothesis import strategies as st

from gkstats import FORMATS
from gkstats.excel import _desktop
from gkstats.excel._xlwings_gateway import XlwingsGateway
from gkstats.workbook import OpenpyxlWorkbook, template
from gkstats.workbook._marker import LAYOUT_NAME, layout_of, parse_layout
from gkstats.workbook.reader import read_workbook

THIS_YEAR = datetime.date.today().year

# --- the desktop engines' API -------------------------------------------------------------


def test_the_desktop_api_is_what_both_desktop_engines_implement():
    api = desktop_api()
    assert ("freeze_panes", "get") not in api["Sheet"]  # only the remote engine has it
    assert "FreezePanes" not in api
    assert {("color", "get"), ("color", "set"), ("raw_value", "get"), ("raw_value", "set")} <= (
        api["Range"]
    )
    assert ("add_note", "call") in api["Range"] and ("text", "get") in api["Note"]
    assert ("get_colors", "call") not in api["Range"]  # xlwings Lite's, not the desktop's
    assert ("visible", "set") in api["Sheet"] and ("add", "call") in api["Sheets"]
    # what the buttons do only in desktop Excel, which the remote engine of the tests skips:
    # open the file made (新建模板, 汇总), screen updating, the workbook's path, ``.api``
    assert ("open", "call") in api["Books"] and ("fullname", "get") in api["Book"]
    assert {("alert", "call"), ("screen_updating", "set")} <= api["App"]
    assert ("api", "get") in api["Sheet"]


def test_what_desktop_excel_lacks_fails_on_the_restricted_engine(desktop_engine, tmp_path):
    """The defect of issue 14: the results sheet's header was frozen with ``freeze_panes``,
    which only the remote engine implements."""
    import xlwings as xw

    book = xw.Book(json=payload(openpyxl.load_workbook(filled_template(tmp_path / "t.xlsx"))))
    with pytest.raises(NotImplementedError, match="Windows and Mac"):
        book.sheets[0].freeze_panes.freeze_at("A2")
    assert ["Sheet.freeze_panes.get"] == desktop_engine.refused


def test_the_restricted_engine_answers_fills_and_notes_from_the_workbook(desktop_engine, tmp_path):
    import xlwings as xw

    path = filled_template(tmp_path / "t.xlsx")
    desktop_engine.client = Client(openpyxl.load_workbook(path))
    book = xw.Book(json=payload(openpyxl.load_workbook(path)))
    where = read_workbook(OpenpyxlWorkbook.open(path)).located["t3.partial.natural"]
    cell = book.sheets[where[0]].range(where[1])
    assert (255, 255, 0) == cell.color  # the user's yellow
    assert "张三：此数待核" == cell.note.impl.text
    assert [("Sheet.range", False), ("Range.color.get", False)] == desktop_engine.calls[-5:-3]


@pytest.mark.parametrize(
    ("raw", "rows"),
    [
        (7.0, [[7.0]]),  # one cell: a scalar, on every engine
        ([1.0, "a", ""], [[1.0, "a", ""]]),  # one row on a Mac: a flat list
        (((1.0, None), ("a", None)), [[1.0, None], ["a", None]]),  # Windows COM: tuples
        ([[1.0], [2.0]], [[1.0], [2.0]]),
    ],
)
def test_a_2d_read_is_rows_whatever_shape_the_engine_gives(raw, rows):
    from gkstats.excel._xlwings_gateway import _rows

    assert rows == _rows(raw)


# --- hidden sheets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visible", "hidden"),
    [(True, False), (-1, False), (False, True), (0, True), (2, True)],
)
def test_a_sheet_is_hidden_when_excel_says_hidden_or_very_hidden(visible, hidden):
    # True/False from the Mac and remote engines; XlSheetVisibility from Windows COM
    assert hidden is _desktop.is_hidden(visible)


def test_a_very_hidden_sheet_is_not_read_as_the_users_table(remote_engine, monkeypatch, tmp_path):
    """A very hidden copy of a table (Visible = 2 on Windows) is skipped like a hidden one."""
    from fixtures import pingtan_2025
    from workbook_support import hand_made
    from xlwings.pro import _xlremote

    book = openpyxl.load_workbook(hand_made(pingtan_2025(), tmp_path / "h.xlsx"))
    copy = book.copy_worksheet(book.worksheets[1])
    copy.sheet_state = "veryHidden"
    copy["D8"] = 999_999
    com = {"Visible": -1, "Hidden": 0, "VeryHidden": 2}  # what Windows COM reads
    monkeypatch.setattr(_xlremote.Sheet, "visible", property(lambda s: com[s.api["visibility"]]))
    remote = remote_engine.Book(json=payload(book))
    expected = read_workbook(OpenpyxlWorkbook(book))
    assert expected.table == read_workbook(XlwingsGateway(remote)).table


# --- the layout marker ----------------------------------------------------------------------


@settings(max_examples=12)  # each example builds a template
# (a template for a year after the current one is refused)
@given(st.sampled_from(FORMATS), st.none() | st.integers(2014, THIS_YEAR), st.booleans())
def test_the_marker_names_every_cell_the_template_names(fmt: Any, year: Any, organ: bool):
    book = template.build(fmt, year=year, organ="某单位" if organ else None)
    wb = OpenpyxlWorkbook(book)
    names = wb.defined_names()
    layout = parse_layout("=" + names[LAYOUT_NAME])
    assert layout is not None and layout == layout_of(wb, fmt)
    assert dict(names) == layout.names(wb.sheet_names())
    for sheet in layout.sheets:
        assert sheet.fresh(wb.read_sheet(wb.sheet_names()[sheet.index]).values)
    literals = names[LAYOUT_NAME].split('"&"')
    assert all(len(chunk.strip('"')) <= 255 for chunk in literals)


def _sheet(path: Path) -> tuple[Any, Any, Any]:
    book = openpyxl.load_workbook(path)
    wb = OpenpyxlWorkbook(book)
    layout = parse_layout("=" + wb.defined_names()[LAYOUT_NAME])
    assert layout is not None
    table3 = layout.sheets[1]
    return book, book.worksheets[table3.index], table3


@pytest.mark.parametrize(
    ("edit", "fresh"),
    [
        ("nothing", True),
        ("figure_typed", True),  # an input holds what the user typed: still the template
        ("far_away", True),  # beyond the template's extent
        ("label_edited", False),
        ("row_inserted", False),
        ("column_deleted", False),
        ("note_beside", False),  # text inside the extent that the template did not write
    ],
)
def test_the_marker_is_stale_once_the_labels_move_or_change(edit, fresh, tmp_path):
    book, ws, table3 = _sheet(filled_template(tmp_path / "t.xlsx"))
    inputs = sorted(table3.named)
    if edit == "figure_typed":
        ws.cell(*inputs[0]).value = "十几"
    elif edit == "far_away":
        ws.cell(table3.rows + 5, 1).value = "备注"
    elif edit == "label_edited":
        ws["A3"] = str(ws["A3"].value) + "（修改）"
    elif edit == "row_inserted":
        ws.insert_rows(inputs[0][0])
    elif edit == "column_deleted":
        ws.delete_cols(inputs[0][1])
    elif edit == "note_beside":
        assert ws["B2"].value is None and (2, 2) not in table3.named  # the spacer row
        ws["B2"] = "待核"
    values = OpenpyxlWorkbook(book).read_sheet(ws.title).values
    assert fresh is table3.fresh(values)


@pytest.mark.parametrize(
    "text",
    [
        '="f2021"',
        '="gkstats-layout/1;nosuchformat;0:1:1:abc:"',
        '="gkstats-layout/1;f2021;0:1"',
        '="gkstats-layout/1;f2021;0:1:1:abc:x=1"',
        "='表三'!$C$7",
        '="gkstats-layout/1;f2021;0:1:1:abc:"&C7',
    ],
)
def test_a_name_that_is_not_our_marker_is_no_marker(text):
    assert parse_layout(text) is None
