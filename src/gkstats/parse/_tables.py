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

from .._identity import by_identity
from ..formats import Format, Node, TableSpec
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
    caption or a one-line table's row (cached per label text, as labels repeat).  Compared
    by identity: one stands for its label text (see ``_Header.known``)."""

    matches: tuple[Match[Entry], ...]
    #: Their targets, as the header keeps them.
    entries: tuple[Entry, ...]
    #: Whether one names a caption (a caption starts a new header band).
    caption: bool
    #: The tables of those that name a one-line table's row.
    one_line: tuple[TableSpec, ...]


@attrs.frozen
class _Plan:
    """How the figures of a data row of some shape sit under a header (see ``_Known.plans``)."""

    #: Each figure's column, in the figures' order.
    columns: tuple[Node, ...]
    #: Their ids (the key of the cell look-up).
    ids: tuple[int, ...]
    #: Each figure's 「…列」, for its ``where`` (the shape fixes the figures' columns).
    places: tuple[str, ...]


@attrs.define
class _Header:
    """The header band currently in force: per grid column, the labelled cells over it."""

    cols: dict[int, list[tuple[int, GridCell, Sequence[Entry]]]] = attrs.field(factory=dict)
    #: The cells added (cells compare by identity).
    seen: set[GridCell] = attrs.field(factory=set)
    #: What the header is, cell by cell as added: row, column, span and what the label
    #: gives (the key of ``known``).
    layout: list[tuple[int, int, int, _Head]] = attrs.field(factory=list)
    #: This header's ``_Known``, once asked for (forgotten whenever the header changes).
    _known: _Known | None = None
    #: The one-line tables whose rows the header's cells name, by id (see ``_one_line_row``).
    tables: dict[int, TableSpec] = attrs.field(factory=dict)

    def add(self, heads: list[tuple[GridCell, _Head]]) -> None:
        """Add a header row's labelled cells (those not added yet: a rowspan repeats them)."""
        added = False
        for cell, head in heads:
            if cell in self.seen:
                continue
            added = True
            self.seen.add(cell)
            self.layout.append((cell.row, cell.col, cell.colspan, head))
            for c in range(cell.col, cell.col + cell.colspan):
                self.cols.setdefault(c, []).append((cell.row, cell, head.entries))
            if head.one_line and cell.colspan > 0:  # (a cell over no column is not kept)
                for table in head.one_line:
                    self.tables[id(table)] = table
        if added:
            self._known = None

    def over(self, cell: GridCell) -> list[tuple[int, GridCell, Sequence[Entry]]]:
        out: list[tuple[int, GridCell, Sequence[Entry]]] = []
        for c in range(cell.col, cell.col + cell.colspan):
            out += self.cols.get(c, [])
        return out

    def clear(self) -> None:
        self.cols.clear()
        self.seen.clear()
        self.layout.clear()
        self._known = None
        self.tables.clear()

    def known(self) -> _Known:
        """What is known of data rows under this header.  That follows from the header's
        layout alone (its rows relative to one another, columns, spans and labels), and
        reports print the same headers: it is kept per layout, across grids and reports."""
        known = self._known
        if known is None:
            base = self.layout[0][0] if self.layout else 0
            key = tuple((row - base, col, span, head) for row, col, span, head in self.layout)
            known = _KNOWN.get(key)
            if known is None:
                if len(_KNOWN) > 10_000:
                    _KNOWN.clear()
                known = _KNOWN[key] = _Known()
            self._known = known
        return known


@attrs.define
class _Known:
    """What data rows under a header (of some layout, see ``_Header.known``) have shown."""

    #: Columns found under the header, by (block id, first grid column, span): every data
    #: row under a header asks the same questions.
    memo: dict[tuple[int, int, int], Node | None] = attrs.field(factory=dict)
    #: How a data row's figures sit under the header, by the row's shape (block id, then
    #: each figure's column and span), for rows the header places completely (the figures'
    #: kinds do not matter then: each has its column).
    plans: dict[tuple[object, ...], _Plan] = attrs.field(factory=dict)


#: Header layout (see ``_Header.known``) -> what data rows under it have shown (the layout
#: holds its ``_Head``s, which stand for their label texts under one format).
_KNOWN: dict[tuple[tuple[int, int, int, _Head], ...], _Known] = {}


def _head(idx: FormatIndex, text: str) -> _Head:
    ms = tuple(
        m
        for m in lookup(idx, text)
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


class GridReader:
    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.idx: FormatIndex = format_index(fmt)
        self.readings: dict[str, CellReading] = {}
        self.labels: dict[tuple[str, str], LabelMatch] = {}
        self.notes: list[ParseNote] = []
        self.last_order = -1
        # the format's caches, held here: one dict look-up per label cell
        self._rows = _ROW_CACHE.setdefault(self.idx.format.id, {})
        self._heads = _HEAD_CACHE.setdefault(self.idx.format.id, {})
        self._specs = _specs(self.idx)
        #: Cells read from a one-line table's line printed empty: a figure read later for
        #: one of them is the cell's (that line was a spacer, not the data).
        self._blank_line_cells: set[str] = set()

    # -- per cell --------------------------------------------------------------------------
    def _note_label(self, cell: GridCell, m: Match[Entry]) -> None:
        text = cell.text
        # the note's key and value, kept per cell text and match (they repeat across reports);
        # the first note of a key stands (the same text and label give the same key: noted
        # once)
        kept = _NOTES.get((text, id(m)))
        if kept is None or kept[0] is not m:
            if len(_NOTES) > 50_000:
                _NOTES.clear()
            found = " ".join(text.split())
            label = m.target.label
            kept = _NOTES[(text, id(m))] = (m, (found, label), label_match(found, m))
        if kept[1] not in self.labels:
            self.labels[kept[1]] = kept[2]

    # -- per grid --------------------------------------------------------------------------
    def read(self, grid: Grid) -> None:
        header = _Header()
        after_data = True
        heads = self._heads
        for r in range(grid.nrows):
            cells = grid.row_cells(r)
            # one loop, in this frame: the cells are classified (on first sight: usually in
            # their own row); the label cells, in order; the row's own figures (values and
            # empty cells), in order, the first value among them, and whether one of its own
            # cells is a unit
            labels: list[GridCell] = []
            figures: list[GridCell] = []
            first: GridCell | None = None
            units = False
            for c in cells:
                kind = c.kind
                if not kind:
                    kind = c.kind = classify(c.text)
                if c.row == r:
                    if kind == VALUE:
                        if first is None:
                            first = c
                        figures.append(c)
                    elif kind == EMPTY:
                        figures.append(c)
                    elif kind == LABEL:
                        labels.append(c)
                    elif kind == UNIT:
                        units = True
                elif kind == LABEL:
                    labels.append(c)
            if first is not None:
                first_value = first.col  # (cells run left to right)
                choice = self._row_entry(labels, first_value)
                if choice is not None:
                    cell, match = choice
                    self._note_label(cell, match)
                    self._data_row(grid, r, match.target, cell, cells, figures, units, header)
                    after_data = True
                    continue
                if self._one_line_row(grid, r, figures, header):
                    after_data = True
                    continue
                row_labels = [c for c in labels if c.col < first_value]
                if row_labels:
                    text = " ".join(" ".join(c.text.split()) for c in row_labels)
                    self.notes.append(
                        ParseNote(
                            "unknown_row",
                            Message(
                                f"{grid.name} 第{r + 1}行「{text[:40]}」不是本格式的行，"
                                "已忽略其数字",
                                f"{grid.name} row {r + 1} [{text[:40]}] is not a row of the "
                                "format; its figures were ignored",
                            ),
                        )
                    )
                continue
            # a row without figures: a data row left blank, a caption, a header, a group label
            # (no figure is a value here: ``figures`` are the row's empty cells)
            if figures:
                choice = self._row_entry(labels, 10**6)
                if choice is not None and not choice[1].target.one_line:
                    cell, match = choice
                    if any(c.col > cell.col for c in figures):
                        self._note_label(cell, match)
                        self._data_row(grid, r, match.target, cell, cells, figures, units, header)
                        after_data = True
                        continue
                if not labels and self._blank_line(grid, r, figures, header):
                    after_data = True
                    continue
            found: list[tuple[GridCell, _Head]] = []
            caption = False
            for c in labels:
                head = heads.get(c.text)
                if head is None:
                    if len(heads) > 50_000:
                        heads.clear()
                    head = heads[c.text] = _head(self.idx, c.text)
                if head.matches:
                    found.append((c, head))
                    caption = caption or head.caption
            if not found:
                continue
            if after_data or caption:
                header.clear()
                after_data = False
            header.add(found)
            for c, head in found:
                self._note_label(c, head.matches[0])

    def _row_entry(
        self, labels: list[GridCell], limit: int
    ) -> tuple[GridCell, Match[Entry]] | None:
        """The data row a row's label cells (those left of column ``limit``) name: the most
        specific, in reading order."""
        # (most rows have one such cell: its rank is worked out only when a second one comes)
        found: list[tuple[GridCell, Match[Entry]]] = []
        rows = self._rows
        for c in labels:
            if c.col >= limit:
                continue
            ms = rows.get(c.text)
            if ms is None:
                ms = row_lookup(self.idx, c.text)
            if ms:
                found.append((c, ms[0] if len(ms) == 1 else self._in_order(ms)))
        if len(found) < 2:
            return found[0] if found else None
        return max(found, key=_rank)

    def _in_order(self, ms: list[Match[Entry]]) -> Match[Entry]:
        """Of equal matches, the first not yet read that comes after the last row read."""
        if len(ms) == 1:
            return ms[0]

        def unread(m: Match[Entry]) -> bool:
            # the row's cells: those of fmt.cells with this row node and block
            cells = self.idx.row_cells.get((id(m.target.node), id(m.target.block)), [])
            return any(c.id not in self.readings for c in cells)

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
        self,
        grid: Grid,
        r: int,
        entry: Entry,
        label: GridCell,
        cells: list[GridCell],
        figures: list[GridCell],
        units: bool,
        header: _Header,
    ) -> None:
        """Read a data row's figures (``cells``: the row's cells; ``figures``: its own values
        and empty cells, left to right; ``units``: whether one of its own cells is a unit)."""
        if entry.order > self.last_order:
            self.last_order = entry.order
        block = entry.block
        assert block is not None and entry.node is not None
        # the figures right of the label (usually all of them), and a unit among the row's
        # own cells there (a rare cell: looked for only when the row has one)
        at = label.col
        values = figures if figures and figures[0].col > at else [c for c in figures if c.col > at]
        unit = None
        if units:
            unit = next(
                (c.text.strip() for c in cells if c.row == r and c.col > at and c.kind == UNIT),
                None,
            )
        # the row's shape (see _Known.plans)
        shape = (id(block), *[(c.col, c.colspan) for c in values])
        known = header.known()
        plan = known.plans.get(shape)
        if plan is not None:  # a row like one before it under this header
            self._record_plain(grid, r, entry.node, values, plan, unit)
            return
        columns = self.idx.block_columns(block)

        def column_of(cell: GridCell) -> Node | None:
            key = (id(block), cell.col, cell.colspan)
            if key in known.memo:
                return known.memo[key]
            node = known.memo[key] = header_column(cell)
            return node

        def header_column(cell: GridCell) -> Node | None:
            best_row, found = -1, set()
            for hrow, _, entries in header.over(cell):
                for e in entries:
                    if e.kind == COLUMN and e.block is block and e.data and e.node is not None:
                        if hrow > best_row:
                            best_row, found = hrow, {id(e.node)}
                        elif hrow == best_row:
                            found.add(id(e.node))
            if len(found) != 1:
                return None
            key = found.pop()
            return next(n for n in columns if id(n) == key)

        placed: list[tuple[GridCell, Node]] = []
        how = "header"
        positional = [(c, column_of(c)) for c in values]
        mapped = [(c, n) for c, n in positional if n is not None]
        stray = [c for c, n in positional if n is None and c.kind == VALUE]
        if (
            not stray
            and len(mapped) == len(columns)
            and {id(n) for _, n in mapped} == {id(n) for n in columns}
        ):
            placed = mapped
            if len(mapped) == len(values):
                known.plans[shape] = _Plan(
                    tuple(n for _, n in mapped),
                    tuple(id(n) for _, n in mapped),
                    tuple(f"{c.col + 1}列" for c, _ in mapped),
                )
        elif len(columns) == 1:
            figures = [c for c in values if c.kind == VALUE]
            if len(figures) == 1:
                placed, how = [(figures[0], columns[0])], "single"
            elif not figures and values:
                placed, how = [(values[-1], columns[0])], "single"
            elif figures:
                self._ambiguous_cells(grid, r, entry, columns, figures)
                return
        else:
            usable = values
            if len(usable) != len(columns):
                usable = [c for c in values if c.kind == VALUE]
            if len(usable) == len(columns):
                order = self._header_order(header, block, columns)
                placed, how = list(zip(usable, order)), "count"
            else:
                placed, how = mapped, "header"
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
        for cell, column in placed:
            self._record(grid, r, entry.node, column, cell, how, unit)

    def _header_order(self, header: _Header, block: object, columns: list[Node]) -> list[Node]:
        """The block's columns in the order the header prints them (declaration order if the
        header does not name them all)."""
        first: dict[int, int] = {}
        for col in sorted(header.cols):
            for _, _, entries in header.cols[col]:
                for e in entries:
                    if e.kind == COLUMN and e.block is block and e.data and e.node is not None:
                        first.setdefault(id(e.node), col)
        if len(first) == len(columns) and all(id(n) in first for n in columns):
            return sorted(columns, key=lambda n: first[id(n)])
        return columns

    def _blank_line(self, grid: Grid, r: int, cells: list[GridCell], header: _Header) -> bool:
        """Table 四's line printed with every cell empty: its cells are blank, not missing
        (unless the table was read already: then it is an empty row after the data)."""
        if len(header.tables) != 1:
            return False
        table = next(iter(header.tables.values()))
        specs = [self.idx.cells.get((id(a), id(b))) for a, b in _one_line_pairs(self.idx, table)[0]]
        ids = {spec.id for spec in specs if spec is not None}
        if ids & self.readings.keys() or not self._one_line_row(grid, r, cells, header):
            return False
        self._blank_line_cells |= ids
        return True

    def _one_line_row(self, grid: Grid, r: int, values: list[GridCell], header: _Header) -> bool:
        """A line of figures (``values``: the row's own values and empty cells) under a header
        that names rows and columns (table 四)."""
        tables = header.tables
        if len(tables) != 1:
            return False
        table = next(iter(tables.values()))
        pairs, by_ids = _one_line_pairs(self.idx, table)
        positional: list[tuple[GridCell, tuple[Node, Node] | None]] = []
        for cell in values:
            row_node: Node | None = None
            col_best, col_nodes = -1, set()
            for hrow, _, entries in header.over(cell):
                for e in entries:
                    node = e.node
                    if e.table is not table or node is None or not node.data:  # (e.data)
                        continue
                    if e.kind == ROW:
                        row_node = node
                    elif e.kind == COLUMN:
                        if hrow > col_best:
                            col_best, col_nodes = hrow, {id(node)}
                        elif hrow == col_best:
                            col_nodes.add(id(node))
            pair = None
            if row_node is not None and len(col_nodes) == 1:
                pair = by_ids.get((id(row_node), col_nodes.pop()))
            positional.append((cell, pair))
        mapped = [(c, p) for c, p in positional if p is not None]
        if len(mapped) == len(pairs) and len({(id(a), id(b)) for _, (a, b) in mapped}) == len(
            pairs
        ):
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

    def _record_plain(
        self,
        grid: Grid,
        r: int,
        row: Node,
        values: list[GridCell],
        plan: _Plan,
        unit: str | None,
    ) -> None:
        """:meth:`_record` for a row placed by its header's ``plan``, most of whose cells are
        plain digits read for the first time: those are recorded here at once, the others by
        :meth:`_record` (about 200 cells a report come this way)."""
        readings, ok = self.readings, Status.OK
        # the figures' cell ids (None: no such cell), kept per row and columns (the same
        # rows sit under the same headers report after report)
        key = (id(row), plan.ids)
        ids = self._specs.get(key)
        if ids is None:
            if len(self._specs) > 50_000:
                self._specs.clear()
            cells, row_id = self.idx.cells, id(row)
            found = [cells.get((row_id, column_id)) for column_id in plan.ids]
            ids = self._specs[key] = tuple(None if s is None else s.id for s in found)
        prefix = f"{grid.name} 第{r + 1}行第"
        for cell, column, cell_id, place in zip(values, plan.columns, ids, plan.places):
            raw = cell.text.strip()
            if cell_id is None or not raw.isdecimal() or cell_id in readings:
                self._record(grid, r, row, column, cell, "header", unit)
                continue
            readings[cell_id] = CellReading(
                cell_id, ok, raw + unit if unit else raw, (), prefix + place, "header"
            )

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
        spec = self.idx.cells.get((id(row), id(column)))
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

    def _ambiguous_cells(
        self, grid: Grid, r: int, entry: Entry, columns: list[Node], figures: list[GridCell]
    ) -> None:
        assert entry.node is not None
        spec = self.idx.cell(entry.node, columns[0])
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


@by_identity
def _one_line_pairs(
    idx: FormatIndex, table: TableSpec
) -> tuple[list[tuple[Node, Node]], dict[tuple[int, int], tuple[Node, Node]]]:
    """A one-line table's (row, column) pairs in printed order, and by their nodes' ids (the
    first pair of each, as a search in order finds it); derived once per format."""
    pairs: list[tuple[Node, Node]] = []
    for block in table.blocks:
        rows = [n for top in block.rows for _, n in top.walk() if n.data]
        cols = idx.block_columns(block)
        pairs += [(rn, cn) for rn in rows for cn in cols]
    by_ids: dict[tuple[int, int], tuple[Node, Node]] = {}
    for rn, cn in pairs:
        by_ids.setdefault((id(rn), id(cn)), (rn, cn))
    return pairs, by_ids


def label_match(found: str, m: Match[Entry]) -> LabelMatch:
    """The parse report's note of how a label was matched (kept per cell text and match by
    :meth:`GridReader._note_label`)."""
    t = m.target
    return LabelMatch(found, t.label, m.how.value, t.table.number, t.kind, m.score)


#: (cell text, id of the match) -> (the match, kept alive so the id stays its own; the note's
#: key in ``GridReader.labels``; the note)
_NOTES: dict[tuple[str, int], tuple[Match[Entry], tuple[str, str], LabelMatch]] = {}


def lookup(idx: FormatIndex, text: str) -> list[Match[Entry]]:
    """Label matches for a cell's text, cached per format (labels repeat across reports)."""
    cache = _CACHE.setdefault(idx.format.id, {})
    found = cache.get(text)
    if found is None:
        if len(cache) > 50_000:
            cache.clear()
        found = cache[text] = idx.index.lookup(text) if len(text) <= 200 else []
    return found


_CACHE: dict[str, dict[str, list[Match[Entry]]]] = {}


@by_identity
def _specs(idx: FormatIndex) -> dict[tuple[int, tuple[int, ...]], tuple[str | None, ...]]:
    """A format index's (row node id, column node ids) -> the cells' ids (None where the
    format has no such cell), filled as rows are read (see ``GridReader._record_plain``)."""
    return {}


#: Label text -> what it gives a header band (:func:`_head`), by format id.
_HEAD_CACHE: dict[str, dict[str, _Head]] = {}


def row_lookup(idx: FormatIndex, text: str) -> list[Match[Entry]]:
    """The matches of :func:`lookup` that name a data row (cached the same way)."""
    cache = _ROW_CACHE.setdefault(idx.format.id, {})
    found = cache.get(text)
    if found is None:
        if len(cache) > 50_000:
            cache.clear()
        found = cache[text] = [
            m for m in lookup(idx, text) if m.target.kind == ROW and m.target.data
        ]
    return found


_ROW_CACHE: dict[str, dict[str, list[Match[Entry]]]] = {}


def read_grids(
    grids: list[Grid], fmt: Format
) -> tuple[dict[str, CellReading], list[LabelMatch], list[ParseNote]]:
    reader = GridReader(fmt)
    for grid in grids:
        reader.read(grid)
    return reader.readings, list(reader.labels.values()), reader.notes


__all__ = ["classify", "lookup", "read_grids"]
