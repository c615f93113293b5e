"""Reading the format's cells out of grids (HTML, docx and PDF tables).

Each grid row is one of: a caption (第二十条第（一）项), a header row (column labels, possibly
over several rows with spans), a data row (a row label followed by figures), or a line of
figures under a header that names its rows (table 四, printed as one line of 15 cells).
A figure's column is taken from the header labels over it; when spans make that
inconsistent (a stray colspan), the row's count of figures decides, in the header's order.
Labels are matched to the declaration (:mod:`gkstats.labels`); a label that fits several
rows (「（二）被依法纠错数」 under both 复议 and 诉讼) is taken in reading order.  A row whose
label matches nothing may still be a declared row printed with a few characters missing or
wrong (「2.其他法律行政止公开」): it is taken for that row only when the row is the one label
it is near, stands between the rows read before and after it, has exactly its row's number
of figures, and is not read elsewhere in the report (see :class:`_NearRow`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import attrs

from ..formats import Block, Format, Node, TableSpec
from ..labels import Match, core_label, fold_text, normalize_label
from ..messages import Message
from ..values import BLANK_MARKS, ZERO_WORDS
from ._document import Grid, GridCell
from ._index import CAPTION, COLUMN, HEADER, ROW, Entry, FormatIndex, format_index, near_rows
from ._split import UNITS
from .result import NEAR_LABEL, CellReading, LabelMatch, ParseNote, Status

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
class _NearRow:
    """A row of figures whose label matched nothing but is near some declared rows' labels:
    decided once every grid is read, when it is known which rows were read by their own
    labels (a near label never takes a row printed elsewhere)."""

    grid: Grid
    r: int
    label: GridCell
    #: The near rows placed after the last row read, with exactly their number of figures;
    #: each with where its figures go and how that was decided.
    candidates: list[tuple[Match[Entry], list[tuple[GridCell, Node]], str]]
    unit: str | None
    #: The reading order of the row read next in the same grid (None: none came).
    before: int | None = None

    def fits(self, m: Match[Entry], read: dict[str, CellReading], idx: FormatIndex) -> bool:
        """Whether the row stands where ``m``'s row is expected and that row is not read."""
        order = m.target.order
        if self.before is not None and order >= self.before:
            return False
        return not any(c.id in read for c in idx.row_cells_of(m.target))


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
        #: Rows whose labels are only near declared ones, decided at the end (``finish``).
        self.near: list[_NearRow] = []
        #: Cells read from a one-line table's line printed empty: a figure read later for
        #: one of them is the cell's (that line was a spacer, not the data).
        self._blank_line_cells: set[str] = set()

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
            elif self._blank_data_row(grid, row, header) or self._blank_line(grid, row, header):
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
        if self._near_row(grid, row, header):
            return True
        row_labels = [c for c in row.labels if c.col < row.first.col]
        if row_labels:
            text = " ".join(" ".join(c.text.split()) for c in row_labels)
            self.notes.append(_unknown_row(grid, row.r, text))
        return False

    def _near_row(self, grid: Grid, row: _Row, header: _Header) -> bool:
        """A row of figures whose label names nothing but is near the labels of declared
        rows that may come here (after the last row read, with this row's number of
        figures): kept for :meth:`finish`.  Returns whether it was kept."""
        assert row.first is not None
        label = next(
            (
                c
                for c in reversed(row.labels)
                if c.col < row.first.col and not _label(self.idx, c.text).head.matches
            ),
            None,
        )
        if label is None or len(label.text) > 200:
            return False
        values = [c for c in row.figures if c.col > label.col]
        candidates = []
        for m in near_rows(self.idx, label.text):
            entry = m.target
            if entry.order <= self.last_order:
                continue
            if len(values) != len(self.idx.row_cells_of(entry)):
                continue
            placed, how = self._place(grid, row.r, entry, values, header)
            candidates.append((m, placed, how))
        if not candidates:
            return False
        self.near.append(_NearRow(grid, row.r, label, candidates, row.unit(label.col)))
        return True

    def finish(self) -> None:
        """Decide the rows kept by :meth:`_near_row`: one fitting row is read (and noted);
        several make its cells ambiguous; none leave the figures unread (noted).  Two near
        rows that fit only the same row do not take it either."""
        fitting = [[c for c in near.candidates if near.fits(c[0], self.readings, self.idx)]
                   for near in self.near]  # fmt: skip
        claims: dict[Entry, int] = {}
        for found in fitting:
            if len(found) == 1:
                claims[found[0][0].target] = claims.get(found[0][0].target, 0) + 1
        for near, found in zip(self.near, fitting):
            text = " ".join(near.label.text.split())
            if len(found) == 1 and claims[found[0][0].target] == 1:
                self._near_read(near, text, *found[0])
            elif len(found) > 1:
                self._near_ambiguous(near, text, found)
            else:
                self.notes.append(_unknown_row(near.grid, near.r, text))
        self.near.clear()

    def _near_read(
        self, near: _NearRow, text: str, m: Match[Entry], placed: list[tuple[GridCell, Node]],
        how: str,
    ) -> None:  # fmt: skip
        entry = m.target
        assert entry.node is not None
        for cell, column in placed:
            self._record(near.grid, near.r, entry.node, column, cell, how, near.unit)
        self.labels.setdefault((text, entry.label), label_match(text, m))
        edits = round((1 - m.score) * len(core_label(m.label)))
        self.notes.append(
            ParseNote(
                "near_label",
                Message(
                    f"{near.grid.name} 第{near.r + 1}行的标签「{text}」与「{entry.label}」"
                    f"相差 {edits} 个字，位置和数字个数都相符，按该行读取",
                    f"{near.grid.name} row {near.r + 1}: the label [{text}] is {edits} "
                    f"characters off [{entry.label}], in that row's place and with its "
                    "number of figures; read as that row",
                ),
                tuple(c.id for c in self.idx.row_cells_of(entry)),
            )
        )

    def _near_ambiguous(
        self, near: _NearRow, text: str,
        found: list[tuple[Match[Entry], list[tuple[GridCell, Node]], str]],
    ) -> None:  # fmt: skip
        """Figures under a label near several rows that may all come here: every cell they
        could be is ambiguous (never a guess)."""
        where = f"{near.grid.name} 第{near.r + 1}行"
        cells: list[str] = []
        for m, placed, _ in found:
            assert m.target.node is not None
            for cell, column in placed:
                spec = self.idx.cell(m.target.node, column)
                if spec is not None and spec.id not in self.readings:
                    raw = " ".join(cell.text.split())
                    self.readings[spec.id] = CellReading(
                        spec.id, Status.AMBIGUOUS, raw, (), where, NEAR_LABEL
                    )
                    cells.append(spec.id)
        names = "」「".join(m.target.label for m, _, _ in found)
        self.notes.append(
            ParseNote(
                "near_label_ambiguous",
                Message(
                    f"{where}的标签「{text}」与「{names}」都只差几个字，无法确定是哪一行，"
                    "相关单元格标为有歧义",
                    f"{where}: the label [{text}] is a few characters off several rows "
                    f"([{names}]); the cells are marked ambiguous",
                ),
                tuple(cells),
            )
        )

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

    def _blank_line(self, grid: Grid, row: _Row, header: _Header) -> bool:
        """Table 四's line printed with every cell empty: its cells are blank, not missing
        (unless the table was read already: then it is an empty row after the data)."""
        if not row.figures or row.labels or len(header.tables) != 1:
            return False
        table = next(iter(header.tables))
        specs = [self.idx.cells.get(pair) for pair in _one_line_pairs(self.idx, table)]
        ids = {spec.id for spec in specs if spec is not None}
        if ids & self.readings.keys() or not self._one_line_row(grid, row.r, row.figures, header):
            return False
        self._blank_line_cells |= ids
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
            if c.rowspan > 1 and ms:
                # a label over several rows heads their group: a subtotal row it also names
                # (F21's （六）其他处理) is not the row of figures beside it
                ms = [m for m in ms if m.target.node is None or not m.target.node.children]
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
        for near in self.near:  # the rows kept as near stand before this one
            if near.grid is grid and near.before is None:
                near.before = entry.order
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
        if old is not None and spec.id in self._blank_line_cells:
            self._blank_line_cells.discard(spec.id)
            old = None
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


def _unknown_row(grid: Grid, r: int, text: str) -> ParseNote:
    return ParseNote(
        "unknown_row",
        Message(
            f"{grid.name} 第{r + 1}行「{text[:40]}」不是本格式的行，已忽略其数字",
            f"{grid.name} row {r + 1} [{text[:40]}] is not a row of the format; "
            "its figures were ignored",
        ),
    )


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
    reader.finish()
    return reader.readings, list(reader.labels.values()), reader.notes


__all__ = ["classify", "read_grids"]
