"""The grid reader's shortcuts read a grid exactly as placing every figure anew does.

Under one header band, the reader keeps the column found over each grid column
(``_Header.column``) and, for a row placed completely by the header, each figure's column
by the row's shape (``_Header.plan``): later rows of that shape skip the placement.  Both
must read what placing each figure anew reads: the same cells, label notes and notes, on
pages drawn from valid tables and on the same pages with cells dropped, added or widened.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_samples import grids
from strategies import valid_tables

from gkstats import Table
from gkstats.parse import _tables
from gkstats.parse._document import Grid

Rows = list[list[tuple[str, int, int]]]


def _read(table: Table, pages: list[Rows]) -> tuple[Any, ...]:
    found = [Grid.from_rows(rows, name=f"表格{i}") for i, rows in enumerate(pages, 1)]
    readings, labels, notes = _tables.read_grids(found, table.format)
    return list(readings.values()), labels, notes


@st.composite
def _mutated(draw: st.DrawFn, rows: Rows) -> Rows:
    """The rows with a cell dropped, a figure added or a span widened here and there."""
    rows = [list(row) for row in rows]
    for _ in range(draw(st.integers(0, 3))):
        row = rows[draw(st.integers(0, len(rows) - 1))]
        if not row:
            continue
        k = draw(st.integers(0, len(row) - 1))
        change = draw(st.sampled_from(["drop", "add", "widen"]))
        if change == "drop":
            del row[k]
        elif change == "add":
            row.insert(k, (draw(st.sampled_from(["7", "", "—", "件"])), 1, 1))
        else:
            text, rowspan, colspan = row[k]
            row[k] = (text, rowspan, colspan + 1)
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_kept_columns_and_row_plans_read_as_placing_each_figure(data: st.DataObject) -> None:
    table = data.draw(valid_tables())
    pages = [data.draw(_mutated(rows)) for _, rows in grids(table)]
    with (
        mock.patch.object(_tables._Header, "plan", lambda self, shape: None),
        mock.patch.object(_tables._Header, "column", _tables._Header.column_under),
    ):
        expected = _read(table, pages)
    assert expected == _read(table, pages)
