"""The docx reader's vertical merges: counted in one step a row (issue 16 noticed the search
of every row below each merge's start, quadratic on a hostile table), read as before.

Tables are drawn as rows of cells, each with a span and a merge mark (none, restart,
continue), and written as WordprocessingML; the reader's rows are compared with a plain
reference that searches every row below, as the reader once did."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from gkstats.parse.docx import table_rows

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _xml(rows: list[list[tuple[int, str | None]]]) -> Any:
    parts = [f'<w:tbl xmlns:w="{W}">']
    for k, row in enumerate(rows):
        parts.append("<w:tr>")
        for c, (span, merge) in enumerate(row):
            props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if merge == "continue":
                props += "<w:vMerge/>"
            elif merge == "restart":
                props += '<w:vMerge w:val="restart"/>'
            parts.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>r{k}c{c}</w:t></w:r></w:p></w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return etree.fromstring("".join(parts).encode())


def _reference(rows: list[list[tuple[int, str | None]]]) -> list[list[tuple[str, int, int]]]:
    """Each restart's rowspan by searching the rows below for a continue at its column."""
    layout = []
    for row in rows:
        col, cells = 0, []
        for span, merge in row:
            cells.append((col, span, merge))
            col += span
        layout.append(cells)
    out = []
    for k, cells in enumerate(layout):
        row_out = []
        for c, (col, span, merge) in enumerate(cells):
            if merge == "continue":
                continue
            rowspan = 1
            if merge == "restart":
                for below in layout[k + 1 :]:
                    if any(bc == col and bm == "continue" for bc, _, bm in below):
                        rowspan += 1
                    else:
                        break
            row_out.append((f"r{k}c{c}", rowspan, span))
        out.append(row_out)
    return out


_cell = st.tuples(st.integers(1, 3), st.sampled_from([None, None, "restart", "continue"]))


@given(st.lists(st.lists(_cell, min_size=1, max_size=6), min_size=1, max_size=12))
def test_merges_read_as_the_plain_search_reads_them(rows) -> None:
    assert table_rows(_xml(rows)) == _reference(rows)


def test_a_tall_merge_in_every_column_reads_whole() -> None:
    width, height = 40, 400
    rows = [[(1, "restart")] * width] + [[(1, "continue")] * width] * (height - 1)
    read = table_rows(_xml(rows))
    assert read[0] == [(f"r0c{c}", height, 1) for c in range(width)]
    assert read[1:] == [[]] * (height - 1)
