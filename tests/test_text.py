"""The one sanitiser (gkstats._text) and Excel's _xHHHH_ escapes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstats._text import clean, decode_excel, for_terminal


@pytest.mark.parametrize(
    ("text", "expected", "dropped"),
    [
        ("某局", "某局", "某局"),
        ("a\x01b", "a␁b", "ab"),
        ("a\x0bb\x0cc", "a␋b␌c", "abc"),
        ("tab\tok\r\n", "tab\tok\r\n", "tab\tok\r\n"),  # what a file may hold stays
        ("a\x85b\u2028c\x7f\x9b", "a\x85b\u2028c\x7f\x9b", "a\x85b\u2028c\x7f\x9b"),
        ("x\ud800y", "x�y", "x�y"),
        ("\ufffe\uffff", "��", ""),
        ("\x1b[31m", "␛[31m", "[31m"),
    ],
)
def test_clean(text, expected, dropped):
    assert (expected, dropped) == (clean(text), clean(text, drop=True))


@given(st.text())
def test_anything_cleaned_can_be_written_as_xml_and_utf8(text):
    from xml.sax.saxutils import escape

    from defusedxml.ElementTree import fromstring

    out = clean(text)
    out.encode("utf-8")
    expected = out.replace("\r\n", "\n").replace("\r", "\n")  # as XML reads line ends
    assert fromstring(f"<a>{escape(out)}</a>").text in (expected, None)


def test_the_terminal_keeps_colours_and_the_progress_bar_only():
    own = "\r\x1b[?25l\x1b[31m错误\x1b[0m\x1b[2K"
    assert own == for_terminal(own)
    assert "␛]0;x␇" == for_terminal("\x1b]0;x\x07")
    assert "␛[2J ␡ \ufffd[1m \n" == for_terminal("\x1b[2J \x7f \x9b[1m \u2028")


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("a_x000B_b", "a\x0bb"),
        ("_x000d_ lower", "\r lower"),
        ("c_x005F_x000B_d", "c_x000B_d"),  # an escaped underscore keeps the rest literal
        ("_x4E2D__x6587_", "中文"),
        ("_xD83D__xDE00_", "😀"),
        ("_xD800_x", "�x"),
        ("_x0041", "_x0041"),
        ("_xZZZZ_", "_xZZZZ_"),
        ("plain", "plain"),
    ],
)
def test_excel_escapes_are_decoded(raw, decoded):
    assert decoded == decode_excel(raw)


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"])))
def test_what_a_workbook_stores_reads_back_exactly(text):
    from gkstats._text import encode_excel

    stored = encode_excel(text)
    assert stored == clean(stored)  # nothing a workbook cannot hold
    assert text == decode_excel(stored)


@pytest.mark.parametrize(
    ("text", "stored"),
    [("a\x01b", "a_x0001_b"), ("x_x000D_y", "x_x005F_x000D_y"), ("plain", "plain")],
)
def test_a_workbook_stores_control_characters_and_escapes_as_excel_does(text, stored):
    from gkstats._text import encode_excel

    assert stored == encode_excel(text)


def test_regression_a_control_character_in_a_written_workbook_reads_back(tmp_path):
    # the consolidated workbook's organ: refused by openpyxl before, stored as _x0001_ now
    import openpyxl

    from gkstats._cells import put_cell
    from gkstats.workbook._stream import StreamWorkbook

    book = openpyxl.Workbook()
    put_cell(book.active["A1"], "某\x01局_x000D_")
    book.save(tmp_path / "w.xlsx")
    with StreamWorkbook(tmp_path / "w.xlsx") as wb:
        assert {(1, 1): "某\x01局_x000D_"} == dict(wb.read_sheet(wb.sheet_names()[0]).values)
