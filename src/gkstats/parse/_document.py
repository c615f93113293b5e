"""What every input form (HTML, docx, PDF, plain text) is turned into before parsing.

A document is its title (if the source has one), its text, and its tables as grids of cells
with their row and column spans.  The table reader and the text reader work on this, so an
HTML page, a Word file and a PDF are read by the same code.
"""

from __future__ import annotations

import attrs


@attrs.define(eq=False)
class GridCell:
    """One cell as the source draws it (a merged cell is one GridCell spanning several)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    #: What the text is (label, value, empty, unit), set by the table reader as it reads.
    kind: str = ""


@attrs.define(eq=False)
class Grid:
    """A table: its cells placed on a matrix (spans resolved as a browser would)."""

    cells: list[GridCell]
    matrix: list[list[GridCell | None]]
    #: Where the table is in the source: 「表格2」.
    name: str = ""

    @property
    def nrows(self) -> int:
        return len(self.matrix)

    @classmethod
    def from_rows(cls, rows: list[list[tuple[str, int, int]]], name: str = "") -> Grid:
        """Place rows of (text, rowspan, colspan) the way HTML does (rowspans push cells right)."""
        matrix: list[list[GridCell | None]] = [[] for _ in rows]
        cells: list[GridCell] = []
        nrows = len(rows)
        for r, row in enumerate(rows):
            line = matrix[r]
            c = 0
            for text, rowspan, colspan in row:
                while c < len(line) and line[c] is not None:
                    c += 1
                if rowspan == 1 and colspan == 1:  # most cells: placed without the loops
                    cell = GridCell(text, r, c)
                    cells.append(cell)
                    if c == len(line):
                        line.append(cell)
                    elif c < len(line):
                        line[c] = cell
                    else:
                        line.extend([None] * (c - len(line)))
                        line.append(cell)
                    c += 1
                    continue
                rowspan = max(1, min(rowspan, 500))
                colspan = max(1, min(colspan, 200))
                cell = GridCell(text, r, c, rowspan, colspan)
                cells.append(cell)
                for dr in range(rowspan):
                    rr = r + dr
                    if rr >= nrows:  # a rowspan past the last row: clip it
                        cell.rowspan = dr
                        break
                    target = matrix[rr]
                    if len(target) < c + colspan:
                        target.extend([None] * (c + colspan - len(target)))
                    for dc in range(colspan):
                        if target[c + dc] is None:
                            target[c + dc] = cell
                c += colspan
        width = max((len(line) for line in matrix), default=0)
        for line in matrix:
            if len(line) < width:
                line.extend([None] * (width - len(line)))
        return cls(cells, matrix, name)

    def row_cells(self, r: int) -> list[GridCell]:
        """The distinct cells covering row ``r``, left to right (rowspans from above included)."""
        # (cells compare by identity: a dict keeps each one once, in the order first met; a
        # cell is never false, so filter(None) drops only the gaps)
        return list(filter(None, dict.fromkeys(self.matrix[r])))

    def text_lines(self) -> str:
        """The table as text, one cell per line (for the text reader and format detection)."""
        # row by row, left to right: the order the cells were placed in (each cell is placed
        # first at its own row and column, and a row's columns only grow)
        return "\n".join(cell.text.replace("\n", " ").strip() for cell in self.cells)


@attrs.define(eq=False)
class Document:
    """A report file as the parsers read it: its text in reading order, its tables as grids,
    its narrative, its title."""

    #: html, text, docx, pdf
    kind: str
    #: The whole text, tables included (one cell per line), in reading order.
    text: str
    #: The text outside the tables: the report's narrative.
    narrative: str
    grids: list[Grid] = attrs.field(factory=list)
    title: str | None = None
    #: The source's name (a file name carries the year when nothing else does).
    name: str = ""


__all__ = ["Document", "Grid", "GridCell"]
