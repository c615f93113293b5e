"""The parser's index of a format finds cells by their row and column nodes, by value."""

from __future__ import annotations

import attrs
import pytest

from gkstats.formats import FORMATS, Format
from gkstats.parse._index import ROW, format_index


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_every_cell_is_found_by_its_row_and_column(fmt: Format) -> None:
    idx = format_index(fmt)
    assert list(fmt.cells) == [idx.cell(c.row, c.column) for c in fmt.cells]
    # an equal node built anew finds the same cell: the keys need no identity
    assert list(fmt.cells) == [
        idx.cell(attrs.evolve(c.row), attrs.evolve(c.column)) for c in fmt.cells
    ]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_a_rows_cells_in_column_order(fmt: Format) -> None:
    idx = format_index(fmt)
    for e in idx.entries:
        expected = [c for c in fmt.cells if c.row is e.node and c.block is e.block]
        assert expected == (idx.row_cells_of(e) if e.kind == ROW else [])
