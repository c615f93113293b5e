"""The HTML reader's shortcuts read a page exactly as the general path does.

For speed, inline styles are dropped from the bytes before decoding, and a plain UTF-8 page
goes to lxml as bytes without being decoded and encoded again.  The general path (the page
given as text) does neither; both must give the same document, on real pages and on pages
built to take the other branches (a charset declaration, GBK, a BOM, an XML declaration,
control characters, a style value holding markup).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parse_samples import to_html
from strategies import valid_tables

from gkstats import Table
from gkstats.parse._document import Document
from gkstats.parse.html import html_document

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _shape(doc: Document) -> tuple[object, ...]:
    grids = [
        (g.name, [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in g.cells]) for g in doc.grids
    ]
    return doc.text, doc.narrative, doc.title, grids


def _styled(page: str) -> str:
    """The page as Word exports it: every tag carries a long inline style."""
    style = ' style="font-family: 仿宋_GB2312; font-size: 16pt; margin: 0pt"'
    for tag in ("<p", "<td", "<span", "<table", "<tr"):
        page = page.replace(tag + ">", tag + style + ">").replace(tag + " ", tag + style + " ")
    return page


@settings(max_examples=15)
@given(valid_tables())
def test_bytes_and_text_read_alike(table: Table) -> None:
    page = _styled(to_html(table.replace(organ="测试市测试局"), narrative="本年度共收到申请70件。"))
    expected = _shape(html_document(page, name="a.html"))
    assert expected[3], "the page has tables"
    variants = {
        "utf-8": page.encode("utf-8"),
        "declared gbk": page.replace("<head>", '<head><meta charset="gbk">').encode("gb18030"),
        "bom": b"\xef\xbb\xbf" + page.encode("utf-8"),
        "xml declaration": ('<?xml version="1.0" encoding="utf-8"?>\n' + page).encode("utf-8"),
    }
    for label, data in variants.items():
        assert expected == _shape(html_document(data, name="a.html")), label


def test_control_characters_and_markup_in_styles() -> None:
    page = (
        "<html><body><p>第一段\x01文字</p>"
        '<p style="a>b<c">第二段</p>'
        '<table><tr><td style="x">自然人</td><td>12</td></tr></table></body></html>'
    )
    assert _shape(html_document(page)) == _shape(html_document(page.encode("utf-8")))
    assert "第一段 文字" in html_document(page.encode("utf-8")).text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here (real reports)")
@pytest.mark.parametrize("name", ["pingtan_2016", "pingtan_2019", "pingtan_2021", "pingtan_2025"])
def test_corpus_pages_read_alike(name: str) -> None:
    data = (CORPUS / f"{name}.html").read_bytes()
    assert _shape(html_document(data)) == _shape(html_document(data.decode("utf-8")))


@settings(max_examples=30)
@given(valid_tables(), st.sampled_from(["", " ", "\u3000", "\n", "（注）", "Ａ１", "\u00a0"]))
def test_format_detection_reads_the_tables_as_the_text_reader_would(
    table: Table, extra: str
) -> None:
    """Format detection compacts the cells' texts directly; it must give what compacting the
    tables as text (one cell per line, white space inside a cell made single spaces) gives."""
    from gkstats.parse import _grid_compact
    from gkstats.parse.text import TextDoc

    page = to_html(table.replace(organ="测试市测试局"))
    grids = html_document(page).grids
    for grid in grids:  # cells with the white space and wide characters real pages have
        for cell in grid.cells[::3]:
            cell.text = f"{extra}{cell.text}{extra}\n{extra}"
    expected = TextDoc("\n".join(g.text_lines() for g in grids)).compact
    assert expected == _grid_compact(grids)
