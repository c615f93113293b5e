"""Reading the format's cells out of grids (HTML, docx and PDF tables).

Each grid row is one of: a caption (第二十条第（一）项), a header row (column labels, possibly
over several rows with spans), a data row (a row label followed by figures), or a line of
figures under a header that names its rows (table 四, printed as one line of 15 cells).
A figure's column is taken from the header labels over it; when spans make that
inconsistent (a stray colspan), the row's count of figures decides, in the header's order.
Labels are matched to the declaration (:mod:`gkstats.labels`); a label that fits several
rows (「（二）被依法纠错数」 under both 复议 and 诉讼) is taken in reading order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from ..formats import Block, Format, Node, TableSpec
from ..labels import Match, fold_text, normalize_label
from ..messages import Message
from ..values import BLANK_MARKS, ZERO_WORDS
from ._document import Grid, GridCell
from ._index import CAPTION, COLUMN, HEADER, ROW, Entry, FormatIndex, format_index
from ._split import UNITS
from .result import CellReading, LabelMatch, ParseNote, Status

LABEL, VALUE, EMPTY, UNIT = "label", "value", "empty", "unit"
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?(?:" + "|".join(UNITS) + r"|%)?")
_SPACES = re.compile(r"\s+")
_UNITS = frozenset(UNITS)
_NOT_FIGURE = re.compile(r"[^\d.,\s+-]")


@functools.lru_cache(maxsize=65536)
def classify(text: str) -> str:
    """What a cell's text is: a label, a value (a figure or a blank mark), empty, or a unit.
    (Kept per text: classifying each cell anew costs HTML parsing 32 % more instructions.)"""
    compact = _SPACES.sub("", fold_text(text))
    if not compact:
        return EMPTY
    if compact in BLANK_MARKS or compact in ZERO_WORDS or compact in ("-", "/"):
        return VALUE
    if _NUMBER.fullmatch(compact):
        return VALUE
    if compact in _UNITS or compact in ("单位", "计量单位"):
        return UNIT
    return LABEL


@attrs.frozen(eq=False)
class _Head:
    """What a label cell gives a header band: the matches that name a column, a header, a
    caption or a one-line table's row."""

    matches: tuple[Match[Entry], ...]
    #: Their targets, as the header keeps them.
    entries: tuple[Entry, ...]
    #: Whether one names a caption (a caption starts a new header band).
    caption: bool
    #: The tables of those that name a one-line table's row.
    one_line: tuple[TableSpec, ...]


@attrs.define
class _Header:
    """The header band in force: per grid column, the labelled cells over it; and what the
    data rows under it have shown, forgotten whenever the band changes."""

    cols: dict[int, list[tuple[int, GridCell, Sequence[Entry]]]] = attrs.field(factory=dict)
    #: The cells added (cells compare by identity).
    seen: set[GridCell] = attrs.field(factory=set)
    #: The one-line tables whose rows the header's cells name (see ``_one_line_row``).
    tables: set[TableSpec] = attrs.field(factory=set)
    #: The column found under the header by (block, first grid column, span): every data
    #: row under a header asks the same questions (see :meth:`column`).
    columns: dict[tuple[Block, int, int], Node | None] = attrs.field(factory=dict)
    #: For rows the header places completely: each figure's column, by the row's shape
    #: (block, then each figure's grid column and span; see :meth:`plan`).
    plans: dict[tuple[object, ...], tuple[Node, ...]] = attrs.field(factory=dict)

    def add(self, heads: list[tuple[GridCell, _Head]]) -> None:
        """Add a header row's labelled cells (those not added yet: a rowspan repeats them)."""
        for cell, head in heads:
            if cell in self.seen:
                continue
            self.seen.add(cell)
            self.columns.clear()
            self.plans.clear()
            for c in range(cell.col, cell.col + cell.colspan):
                self.cols.setdefault(c, []).append((cell.row, cell, head.entries))
            if head.one_line and cell.colspan > 0:  # (a cell over no column is not kept)
                self.tables.update(head.one_line)

    def clear(self) -> None:
        self.cols.clear()
        self.seen.clear()
        self.tables.clear()
        self.columns.clear()
        self.plans.clear()

    def over(self, cell: GridCell) -> list[tuple[int, GridCell, Sequence[Entry]]]:
        out: list[tuple[int, GridCell, Sequence[Entry]]] = []
        for c in range(cell.col, cell.col + cell.colspan):
            out += self.cols.get(c, [])
        return out

    def column(self, block: Block, cell: GridCell) -> Node | None:
        """:meth:`column_under`, kept per block, grid column and span (the data rows under
        a header ask the same questions)."""
        key = (block, cell.col, cell.colspan)
        if key not in self.columns:
            self.columns[key] = self.column_under(block, cell)
        return self.columns[key]

    def column_under(self, block: Block, cell: GridCell) -> Node | None:
        """The data column of ``block`` a figure cell sits under: the one column the lowest
        header row over it names (``None``: none, or several)."""
        best_row, found = -1, set()
        for hrow, _, entries in self.over(cell):
            for e in entries:
                if e.kind == COLUMN and e.block is block and e.data and e.node is not None:
                    if hrow > best_row:
                        best_row, found = hrow, {e.node}
                    elif hrow == best_row:
                        found.add(e.node)
        return found.pop() if len(found) == 1 else None

    def plan(self, shape: tuple[object, ...]) -> tuple[Node, ...] | None:
        """Each figure's column for a data row of this shape, if an earlier row of the shape
        was placed completely by the header (:meth:`column` would place this one the same
        way, figure by figure; reading rows without this costs HTML parsing 9 % more
        instructions)."""
        return self.plans.get(shape)

    def one_line_pair(self, table: TableSpec, cell: GridCell) -> tuple[Node, Node] | None:
        """The (row, column) of a one-line table a figure sits under: the row its header
        cells name, and the one column the lowest of them names."""
        row_node: Node | None = None
        col_best, col_nodes = -1, set()
        for hrow, _, entries in self.over(cell):
            for e in entries:
                node = e.node
                if e.table is not table or node is None or not node.data:  # (e.data)
                    continue
                if e.kind == ROW:
                    row_node = node
                elif e.kind == COLUMN:
                    if hrow > col_best:
                        col_best, col_nodes = hrow, {node}
                    elif hrow == col_best:
                        col_nodes.add(node)
        if row_node is None or len(col_nodes) != 1:
            return None
        return row_node, col_nodes.pop()


def _head(matches: list[Match[Entry]]) -> _Head:
    """What a label's matches give a header band."""
    ms = tuple(
        m
        for m in matches
        if m.target.kind in (COLUMN, HEADER, CAPTION)
        or (m.target.kind == ROW and m.target.one_line)
    )
    entries = tuple(m.target for m in ms)
    return _Head(
        ms,
        entries,
        any(e.kind == CAPTION for e in entries),
        tuple(e.table for e in entries if e.kind == ROW and e.one_line),
    )


@attrs.frozen(eq=False)
class _Label:
    """What a label cell's text names under a format."""

    #: The matches that name a data row.
    rows: list[Match[Entry]]
    #: What the text gives a header band.
    head: _Head
    #: Each match's note for the parse report, with its key in ``GridReader.labels``.
    notes: dict[Match[Entry], tuple[tuple[str, str], LabelMatch]]


@functools.lru_cache(maxsize=50_000)
def _label(idx: FormatIndex, text: str) -> _Label:
    """What a label cell's text names, kept per text: labels repeat across reports (reading
    each label anew costs HTML parsing 15 % more instructions, 8 % of it for what is derived
    from the matches)."""
    matches = idx.index.lookup(text) if len(text) <= 200 else []
    found = " ".join(text.split())
    return _Label(
        [m for m in matches if m.target.kind == ROW and m.target.data],
        _head(matches),
        {m: ((found, m.target.label), label_match(found, m)) for m in matches},
    )


@attrs.define
class _Row:
    """A grid row as the reader sorts it (its cells classified)."""

    r: int
    #: The cells covering the row (rowspans from above included), left to right.
    cells: list[GridCell]
    #: The label cells among them, in order.
    labels: list[GridCell]
    #: The row's own figures: its values and empty cells, in order.
    figures: list[GridCell]
    #: The first value among them.
    first: GridCell | None
    #: Whether one of its own cells is a unit.
    units: bool

    @classmethod
    def of(cls, grid: Grid, r: int) -> _Row:
        row = cls(r, grid.row_cells(r), [], [], None, False)
        for c in row.cells:
            kind = c.kind = classify(c.text)
            if kind == LABEL:
                row.labels.append(c)
            elif c.row != r:
                continue  # a value from above (a rowspan): not this row's figure
            elif kind == VALUE:
                if row.first is None:
                    row.first = c
                row.figures.append(c)
            elif kind == EMPTY:
                row.figures.append(c)
            elif kind == UNIT:
                row.units = True
        return row

    def unit(self, after: int) -> str | None:
        """The unit written in one of the row's own cells right of column ``after``."""
        if not self.units:
            return None
        cells = self.cells
        return next(
            (c.text.strip() for c in cells if c.row == self.r and c.col > after and c.kind == UNIT),
            None,
        )


class GridReader:
    """Reads the format's cells out of a report's grids, one after another (a label that
    fits several rows is taken in reading order across them)."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.idx: FormatIndex = format_index(fmt)
        self.readings: dict[str, CellReading] = {}
        self.labels: dict[tuple[str, str], LabelMatch] = {}
        self.notes: list[ParseNote] = []
        self.last_order = -1

    def read(self, grid: Grid) -> None:
        """Read a grid row by row: rows of figures (a data row, a line of a one-line table),
        data rows left blank, and header rows (a header band lasts until a data row comes
        and a header row follows it, or a caption starts a new one)."""
        header = _Header()
        after_data = True
        for r in range(grid.nrows):
            row = _Row.of(grid, r)
            if row.first is not None:
                if self._figures_row(grid, row, header):
                    after_data = True
            elif self._blank_data_row(grid, row, header):
                after_data = True
            else:
                after_data = self._header_row(row, header, after_data)

    def _figures_row(self, grid: Grid, row: _Row, header: _Header) -> bool:
        """A row with a figure: a data row (its label left of its first figure), or a line
        of a one-line table; else its label is not the format's (noted).  Returns whether
        it was read."""
        assert row.first is not None
        choice = self._row_entry(row.labels, row.first.col)  # (cells run left to right)
        if choice is not None:
            self._data_row(grid, row, choice, header)
            return True
        if self._one_line_row(grid, row.r, row.figures, header):
            return True
        row_labels = [c for c in row.labels if c.col < row.first.col]
        if row_labels:
            text = " ".join(" ".join(c.text.split()) for c in row_labels)
            self.notes.append(
                ParseNote(
                    "unknown_row",
                    Message(
                        f"{grid.name} 第{row.r + 1}行「{text[:40]}」不是本格式的行，已忽略其数字",
                        f"{grid.name} row {row.r + 1} [{text[:40]}] is not a row of the format; "
                        "its figures were ignored",
                    ),
                )
            )
        return False

    def _blank_data_row(self, grid: Grid, row: _Row, header: _Header) -> bool:
        """A row without figures but with empty cells right of a data row's label: a data
        row left blank.  Returns whether it was one (and read)."""
        if not row.figures:
            return False
        choice = self._row_entry(row.labels, 10**6)
        if choice is None or choice[1].target.one_line:
            return False
        if not any(c.col > choice[0].col for c in row.figures):
            return False
        self._data_row(grid, row, choice, header)
        return True

    def _header_row(self, row: _Row, header: _Header, after_data: bool) -> bool:
        """A row of labels naming columns, headers, captions or one-line rows: added to the
        header band (a new band after data rows or at a caption).  Returns whether data rows
        have come since the band began."""
        found = [(c, head) for c in row.labels if (head := _label(self.idx, c.text).head).matches]
        if not found:
            return after_data
        if after_data or any(head.caption for _, head in found):
            header.clear()
        header.add(found)
        for c, head in found:
            self._note_label(c, head.matches[0])
        return False

    def _note_label(self, cell: GridCell, m: Match[Entry]) -> None:
        # the first note of a key stands (the same text and label give the same key: noted
        # once)
        key, note = _label(self.idx, cell.text).notes[m]
        if key not in self.labels:
            self.labels[key] = note

    # -- which row a label names -----------------------------------------------------------
    def _row_entry(
        self, labels: list[GridCell], limit: int
    ) -> tuple[GridCell, Match[Entry]] | None:
        """The data row a row's label cells (those left of column ``limit``) name: the most
        specific, in reading order."""
        # (most rows have one such cell: its rank is worked out only when a second one comes)
        found: list[tuple[GridCell, Match[Entry]]] = []
        for c in labels:
            if c.col >= limit:
                continue
            ms = _label(self.idx, c.text).rows
            if ms:
                found.append((c, ms[0] if len(ms) == 1 else self._in_order(ms)))
        if len(found) < 2:
            return found[0] if found else None
        return max(found, key=_rank)

    def _in_order(self, ms: list[Match[Entry]]) -> Match[Entry]:
        """Of equal matches, the first not yet read that comes after the last row read."""

        def unread(m: Match[Entry]) -> bool:
            return any(c.id not in self.readings for c in self.idx.row_cells_of(m.target))

        ordered = sorted(ms, key=lambda m: m.target.order)
        for m in ordered:
            if m.target.order > self.last_order and unread(m):
                return m
        for m in ordered:
            if unread(m):
                return m
        return ordered[0]

    # -- figures to cells ------------------------------------------------------------------
    def _data_row(
        self, grid: Grid, row: _Row, choice: tuple[GridCell, Match[Entry]], header: _Header
    ) -> None:
        """Read a data row's figures: those right of its label, each under its column."""
        label, match = choice
        self._note_label(label, match)
        entry = match.target
        self.last_order = max(self.last_order, entry.order)
        block, node = entry.block, entry.node
        assert block is not None and node is not None
        values = [c for c in row.figures if c.col > label.col]
        unit = row.unit(label.col)
        shape = (block, *[(c.col, c.colspan) for c in values])
        plan = header.plan(shape)
        if plan is not None:
            placed, how = list(zip(values, plan)), "header"
        else:
            placed, how = self._place(grid, row.r, entry, values, header)
            if how == "header" and len(placed) == len(values) == len(self.idx.block_columns(block)):
                # every figure under its own column: rows of this shape are placed so too
                header.plans[shape] = tuple(n for _, n in placed)
        for cell, column in placed:
            self._record(grid, row.r, node, column, cell, how, unit)

    def _place(
        self, grid: Grid, r: int, entry: Entry, values: list[GridCell], header: _Header
    ) -> tuple[list[tuple[GridCell, Node]], str]:
        """The column each figure is under, and how that was decided: the header naming
        every column; the one figure of a one-column block; the count of figures, in the
        header's order; else the figures under a clear header only (noted)."""
        block = entry.block
        assert block is not None
        columns = self.idx.block_columns(block)
        positional = [(c, header.column(block, c)) for c in values]
        mapped = [(c, n) for c, n in positional if n is not None]
        stray = [c for c, n in positional if n is None and c.kind == VALUE]
        if not stray and len(mapped) == len(columns) and {n for _, n in mapped} == set(columns):
            return mapped, "header"
        if len(columns) == 1:
            return self._single_column(grid, r, entry, columns[0], values), "single"
        usable = values
        if len(usable) != len(columns):
            usable = [c for c in values if c.kind == VALUE]
        if len(usable) == len(columns):
            return list(zip(usable, self._header_order(header, block, columns))), "count"
        if len(mapped) < len(columns) or stray:
            self.notes.append(
                ParseNote(
                    "columns_unclear",
                    Message(
                        f"{grid.name} 第{r + 1}行「{entry.label}」有 {len(values)} 格，"
                        f"本格式该行有 {len(columns)} 列，表头无法对齐；"
                        "只读取了能按表头确定列的数字",
                        f"{grid.name} row {r + 1} [{entry.label}] has {len(values)} "
                        f"cells for {len(columns)} columns and the header does not "
                        "place them; only figures under a clear header were read",
                    ),
                )
            )
        return mapped, "header"

    def _single_column(
        self, grid: Grid, r: int, entry: Entry, column: Node, values: list[GridCell]
    ) -> list[tuple[GridCell, Node]]:
        """A block of one column: its one figure (or its last empty cell); several figures
        make the cell ambiguous."""
        figures = [c for c in values if c.kind == VALUE]
        if len(figures) == 1:
            return [(figures[0], column)]
        if not figures and values:
            return [(values[-1], column)]
        if figures:
            self._ambiguous_cell(grid, r, entry, column, figures)
        return []

    def _header_order(self, header: _Header, block: object, columns: list[Node]) -> list[Node]:
        """The block's columns in the order the header prints them (declaration order if the
        header does not name them all)."""
        first: dict[Node, int] = {}
        for col in sorted(header.cols):
            for _, _, entries in header.cols[col]:
                for e in entries:
                    if e.kind == COLUMN and e.block is block and e.data and e.node is not None:
                        first.setdefault(e.node, col)
        if len(first) == len(columns) and all(n in first for n in columns):
            return sorted(columns, key=first.__getitem__)
        return columns

    def _one_line_row(self, grid: Grid, r: int, values: list[GridCell], header: _Header) -> bool:
        """A line of figures (``values``: the row's own values and empty cells) under a header
        that names rows and columns (table 四)."""
        tables = header.tables
        if len(tables) != 1:
            return False
        table = next(iter(tables))
        pairs = _one_line_pairs(self.idx, table)
        known = set(pairs)
        mapped = [(c, p) for c in values if (p := header.one_line_pair(table, c)) in known]
        if len(mapped) == len(pairs) and len({pair for _, pair in mapped}) == len(pairs):
            placed, how = mapped, "header"
        elif len(values) == len(pairs):
            placed, how = list(zip(values, pairs)), "count"
        else:
            self.notes.append(
                ParseNote(
                    "columns_unclear",
                    Message(
                        f"{grid.name} 第{r + 1}行有 {len(values)} 格，表{table.number}应有 "
                        f"{len(pairs)} 格，表头无法对齐；只读取了能按表头确定的数字",
                        f"{grid.name} row {r + 1} has {len(values)} cells, table "
                        f"{table.number} has {len(pairs)}; only figures under a clear header "
                        "were read",
                    ),
                )
            )
            placed, how = mapped, "header"
        for cell, (row_node, col_node) in placed:
            self._record(grid, r, row_node, col_node, cell, how, None)
        return True

    def _record(
        self,
        grid: Grid,
        r: int,
        row: Node,
        column: Node,
        cell: GridCell,
        how: str,
        unit: str | None,
    ) -> None:
        spec = self.idx.cells.get((row, column))
        if spec is None:
            return
        raw = cell.text.strip()
        if raw.isdecimal():  # most cells: plain digits, a figure as it stands
            status = Status.OK
            if unit:
                raw = raw + unit
        else:
            raw = " ".join(raw.split())
            # (raw's only white space is the single spaces joining its words)
            if cell.kind == EMPTY or raw.replace(" ", "") in BLANK_MARKS:
                status = Status.BLANK
            else:
                status = Status.OK
                if unit and not _NOT_FIGURE.search(raw):
                    raw = raw + unit
        where = f"{grid.name} 第{r + 1}行第{cell.col + 1}列"
        old = self.readings.get(spec.id)
        if old is not None:
            if normalize_label(old.raw or "") != normalize_label(raw):
                self.notes.append(
                    ParseNote(
                        "duplicate_cell",
                        Message(
                            f"{spec.describe('zh')} 出现两次（{old.where}「{old.raw}」，"
                            f"{where}「{raw}」），取前者",
                            f"{spec.describe('en')} appears twice ({old.where} {old.raw!r}, "
                            f"{where} {raw!r}); the first was kept",
                        ),
                        (spec.id,),
                    )
                )
            return
        self.readings[spec.id] = CellReading(
            spec.id, status, raw if status is Status.OK else (raw or None), (), where, how
        )

    def _ambiguous_cell(
        self, grid: Grid, r: int, entry: Entry, column: Node, figures: list[GridCell]
    ) -> None:
        assert entry.node is not None
        spec = self.idx.cell(entry.node, column)
        if spec is None or spec.id in self.readings:
            return
        raws = [" ".join(c.text.split()) for c in figures]
        self.readings[spec.id] = CellReading(
            spec.id,
            Status.AMBIGUOUS,
            " | ".join(raws),
            (),
            f"{grid.name} 第{r + 1}行",
            "several figures",
        )


def _rank(found: tuple[GridCell, Match[Entry]]) -> tuple[int, int, int]:
    """Which of a row's labels names its data row: the deepest, then the rightmost, then the
    best matched."""
    c, m = found
    return (m.target.depth, c.col + c.colspan, -m.how.rank)


@functools.cache
def _one_line_pairs(idx: FormatIndex, table: TableSpec) -> list[tuple[Node, Node]]:
    """A one-line table's (row, column) pairs in printed order; derived once per format."""
    pairs: list[tuple[Node, Node]] = []
    for block in table.blocks:
        rows = [n for top in block.rows for _, n in top.walk() if n.data]
        cols = idx.block_columns(block)
        pairs += [(rn, cn) for rn in rows for cn in cols]
    return pairs


def label_match(found: str, m: Match[Entry]) -> LabelMatch:
    """The parse report's note of how a label was matched."""
    t = m.target
    return LabelMatch(found, t.label, m.how.value, t.table.number, t.kind, m.score)


def read_grids(
    grids: list[Grid], fmt: Format
) -> tuple[dict[str, CellReading], list[LabelMatch], list[ParseNote]]:
    reader = GridReader(fmt)
    for grid in grids:
        reader.read(grid)
    return reader.readings, list(reader.labels.values()), reader.notes


__all__ = ["classify", "read_grids"]
