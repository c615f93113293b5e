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
        ("a\r\nb\rc\x0bd\x0ce\u2028f", "a\nb\nc\nd\ne\nf", "a\nb\nc\nd\ne\nf"),
        ("tab\tok", "tab\tok", "tab\tok"),
        ("x\ud800y", "x�y", "x�y"),
        ("\x7f\x9b\ufffe", "␡��", ""),
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
    assert fromstring(f"<a>{escape(out)}</a>").text in (out.replace("\r", "\n"), None)


def test_the_terminal_keeps_colours_and_the_progress_bar_only():
    own = "\r\x1b[?25l\x1b[31m错误\x1b[0m\x1b[2K"
    assert own == for_terminal(own)
    assert "␛]0;x␇" == for_terminal("\x1b]0;x\x07")
    assert "\x1b[2J" not in for_terminal("\x1b[2J")


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
