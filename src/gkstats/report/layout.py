"""One drawing of an official table, shared by the docx, HTML and Markdown renderers.

:func:`layout` turns a :class:`~gkstats.formats.TableSpec` into a grid of cells with their row
and column spans, the way the official template draws it:

* a matrix block (table 三, each 第二十条 block of table 二) has a corner cell (table 三's
  勾稽关系 note, or the block's ``row_header`` 信息内容), the column tree as header rows in which
  a group spans its leaves and a leaf reaches down to the last header row (自然人, 总计), and the
  row tree as label columns in which a group spans its lines (三、本年度办理结果, （三）不予公开)
  and a leaf reaches right to the figures; a block with fewer columns than the widest one
  stretches its last column (table 二's （五）（六）（八） items, as in the template);
* a ``one_line`` table (table 四) prints its row tree as column groups over the block's columns
  and its figures as a single line (行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉);
* a block with one unnamed column (the legacy 统计表) is an indicator list: one line per row
  node, indented by depth, with 统计指标 | 单位 | 统计数.

Every label comes from the declaration; nothing is retyped here.  The renderers only decide
how a cell looks, never where it is, so the three outputs cannot draw different tables.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from decimal import Decimal

import attrs

from ..formats import Block, CellSpec, Kind, Node, TableSpec
from ..formats._model import _cell_id
from ..table import Table
from ..values import MONEY_UNITS, CellValue, Unreadable, format_number, quote


class Role(str, enum.Enum):
    """What a grid cell is, so each renderer can style it (th/td, bold, alignment)."""

    CORNER = "corner"  # top-left cell of a matrix (table 三's 勾稽关系 note)
    CAPTION = "caption"  # a block caption across the table (第二十条第（一）项)
    HEADER = "header"  # a column heading (申请人情况, 自然人, 信息内容, 单位)
    LABEL = "label"  # a row heading (一、本年新收政府信息公开申请数量, 规章)
    UNIT = "unit"  # the legacy form's 单位 column
    VALUE = "value"  # a figure of the table (``cell_id`` says which)
    EMPTY = "empty"  # no figure on this line (a legacy group heading's value cell)


@attrs.frozen
class GridCell:
    row: int
    col: int
    text: str
    role: Role
    rowspan: int = 1
    colspan: int = 1
    #: The table cell whose figure this is (VALUE cells only).
    cell_id: str | None = None
    #: How deep a label sits in its tree (0 = top).
    depth: int = 0
    #: Indentation of a label, in characters (the legacy list shows its tree this way).
    indent: int = 0
    #: A group label spanning several lines or columns, not a leaf.
    group: bool = False


@attrs.frozen
class Grid:
    """A table as drawn: ``cells`` in reading order, each placed once with its spans."""

    spec: TableSpec
    n_rows: int
    n_cols: int
    #: Leading rows that form the column header (repeated on each printed page).
    header_rows: int
    #: Leading columns that hold row labels (the rest hold figures, units or headers).
    label_cols: int
    cells: tuple[GridCell, ...]

    def rows(self) -> list[list[GridCell]]:
        """The cells that start on each row, left to right."""
        out: list[list[GridCell]] = [[] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row].append(c)
        for line in out:
            line.sort(key=lambda c: c.col)
        return out

    def owners(self) -> list[list[GridCell]]:
        """For every position of the grid, the cell that covers it."""
        out: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if out[r][k] is not None:  # pragma: no cover - a layout defect
                        raise AssertionError(f"{self.spec.key}: ({r}, {k}) covered twice")
                    out[r][k] = c
        missing = [(r, k) for r in range(self.n_rows) for k in range(self.n_cols) if not out[r][k]]
        if missing:  # pragma: no cover - a layout defect
            raise AssertionError(f"{self.spec.key}: positions not covered: {missing[:5]}")
        return [[c for c in line if c is not None] for line in out]

    def values(self) -> Iterator[GridCell]:
        """The figure cells, in reading order."""
        return (c for c in self.cells if c.role is Role.VALUE)


def value_text(value: CellValue) -> str:
    """How a figure is printed in every output: 29, 856.32, "" for blank, the raw text if
    unreadable (only drawn when the user forces a report with errors)."""
    if value is None:
        return ""
    if isinstance(value, Unreadable):
        return quote(value.raw)
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def amount_text(value: int | Decimal, unit: str, written: str | None, *, show_unit: bool) -> str:
    """An amount as it was published: in the unit the source wrote it in (75394432.52元 was
    read as 7539.443252万元, and is printed as 75394432.52元 again, exactly), otherwise in the
    cell's unit, named when ``show_unit`` (where the form's labels do not say it).

    Not rounded: what a report prints reads back as the same figure, and a sentence and its
    table print the same text for it."""
    if written and written != unit and written in MONEY_UNITS and unit in MONEY_UNITS:
        return (
            f"{format_number(Decimal(value) * MONEY_UNITS[unit] / MONEY_UNITS[written])}{written}"
        )
    return f"{format_number(value)}{unit if show_unit else ''}"


def unit_on_form(spec: CellSpec) -> bool:
    """Whether the official form names the cell's unit: in a unit column (the legacy 统计表)
    or in one of its labels (「本年收费金额（单位：万元）」); 2019's 采购总金额 has none."""
    labels = (*spec.row_labels, *spec.column_labels)
    return spec.block.unit_header is not None or any(spec.unit in label for label in labels)


def cell_text(table: Table, cell_id: str) -> str:
    """A cell's figure as the report's table prints it (an amount as published)."""
    value = table[cell_id]
    spec = table.format.cell(cell_id)
    if spec.kind is Kind.AMOUNT and isinstance(value, (int, Decimal)):
        written = table.written_units.get(cell_id)
        return amount_text(value, spec.unit, written, show_unit=not unit_on_form(spec))
    return value_text(value)


def layout(spec: TableSpec, table: Table | None = None) -> Grid:
    """The official drawing of ``spec``; with ``table``, the figures are filled in.

    With a table, an optional group of the legacy list (二、回应解读情况) is left out when
    none of its figures is filled, since the user's form did not have it.
    """
    builder = _Builder(spec, table)
    if spec.one_line:
        builder.one_line()
    elif all(_is_list(b) for b in spec.blocks):
        builder.indicator_list()
    else:
        builder.matrix()
    return builder.grid()


# --- internals -------------------------------------------------------------------------


@attrs.frozen(eq=False)
class _Head:
    """A column heading: the declared column nodes, or table 四's rows over its columns
    (each heading is its own: the builder keys its width by it)."""

    label: str
    children: tuple[_Head, ...] = ()
    #: (row node, column node) for a leaf: the figure under this heading.
    leaf: tuple[Node | None, Node] | None = None

    def leaves(self) -> int:
        return 1 if not self.children else sum(c.leaves() for c in self.children)

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def _is_list(block: Block) -> bool:
    """A block with a single unnamed column is an indicator list (the legacy form)."""
    return len(block.columns) == 1 and not block.columns[0].key


def _column_heads(nodes: tuple[Node, ...]) -> tuple[_Head, ...]:
    heads = []
    for n in nodes:
        if n.children:
            if n.data:
                raise ValueError(f"column {n.key!r} has figures and sub-columns: cannot draw it")
            heads.append(_Head(n.label, _column_heads(n.children)))
        else:
            heads.append(_Head(n.label, leaf=(None, n)))
    return tuple(heads)


def _row_depth(nodes: tuple[Node, ...]) -> int:
    return max((1 + _row_depth(n.children) for n in nodes), default=0)


def _lines(node: Node) -> int:
    return 1 if not node.children else sum(_lines(c) for c in node.children)


class _Builder:
    def __init__(self, spec: TableSpec, table: Table | None) -> None:
        self.spec = spec
        self.table = table
        self.cells: list[GridCell] = []
        self.row = 0
        self.n_cols = 0
        self.header_rows = 0
        self.label_cols = 0
        #: grid columns each heading spans (set by measure())
        self.widths: dict[_Head, int] = {}

    # --- shared ---------------------------------------------------------------------------
    def add(self, row: int, col: int, text: str, role: Role, **kw: object) -> None:
        self.cells.append(GridCell(row, col, text, role, **kw))  # type: ignore[arg-type]

    def value(self, row: int, col: int, row_node: Node, col_node: Node, colspan: int = 1) -> None:
        cell_id = _cell_id(self.spec, row_node, col_node)
        text = cell_text(self.table, cell_id) if self.table is not None else ""
        self.add(row, col, text, Role.VALUE, colspan=colspan, cell_id=cell_id)

    def grid(self) -> Grid:
        self.cells.sort(key=lambda c: (c.row, c.col))
        return Grid(
            self.spec, self.row, self.n_cols, self.header_rows, self.label_cols, tuple(self.cells)
        )

    def heads(self, heads: tuple[_Head, ...], top: int, left: int, depth: int) -> list[int]:
        """Place column headings; returns, per leaf, its starting column."""
        starts: list[int] = []
        col = left
        for h in heads:
            width = self.widths[h]
            if h.children:
                self.add(top, col, h.label, Role.HEADER, colspan=width, group=True)
                starts.extend(self.heads(h.children, top + 1, col, depth - 1))
            else:
                self.add(top, col, h.label, Role.HEADER, rowspan=depth, colspan=width)
                starts.append(col)
            col += width
        return starts

    def measure(self, heads: tuple[_Head, ...], total: int) -> None:
        """Column widths: one grid column per leaf; the last leaf takes what is left over."""
        self.widths = {}
        leaves: list[_Head] = []

        def collect(hs: tuple[_Head, ...]) -> None:
            for h in hs:
                if h.children:
                    collect(h.children)
                else:
                    leaves.append(h)

        collect(heads)
        for i, leaf in enumerate(leaves):
            self.widths[leaf] = 1 if i < len(leaves) - 1 else total - len(leaves) + 1

        def width(h: _Head) -> int:
            if not h.children:
                return self.widths[h]
            w = sum(width(c) for c in h.children)
            self.widths[h] = w
            return w

        for h in heads:
            width(h)

    # --- matrix (table 二's blocks, table 三) ----------------------------------------------
    def matrix(self) -> None:
        blocks = self.spec.blocks
        label_cols = max(_row_depth(b.rows) for b in blocks)
        data_cols = max(_Head("", _column_heads(b.columns)).leaves() for b in blocks)
        self.n_cols = label_cols + data_cols
        self.label_cols = label_cols
        single = len(blocks) == 1 and not blocks[0].caption
        for i, block in enumerate(blocks):
            if block.caption:
                self.add(self.row, 0, block.caption, Role.CAPTION, colspan=self.n_cols)
                self.row += 1
            heads = _column_heads(block.columns)
            depth = max(h.depth() for h in heads)
            note = self.spec.corner_note if i == 0 else None
            if note or not block.row_header:
                self.add(self.row, 0, note or "", Role.CORNER, rowspan=depth, colspan=label_cols)
            else:  # 信息内容: the heading of the label column
                self.add(self.row, 0, block.row_header, Role.HEADER, rowspan=depth,
                         colspan=label_cols)  # fmt: skip
            self.measure(heads, data_cols)
            starts = self.heads(heads, self.row, label_cols, depth)
            leaves = [n for _, n in _leaf_columns(block.columns)]
            self.row += depth
            if single:
                self.header_rows = self.row
            spans = [self.widths_of_leaves(heads)[k] for k in range(len(leaves))]
            self.rows_of(block.rows, 0, label_cols, leaves, starts, spans)

    def widths_of_leaves(self, heads: tuple[_Head, ...]) -> list[int]:
        out: list[int] = []
        for h in heads:
            if h.children:
                out.extend(self.widths_of_leaves(h.children))
            else:
                out.append(self.widths[h])
        return out

    def rows_of(
        self,
        nodes: tuple[Node, ...],
        depth: int,
        label_cols: int,
        columns: list[Node],
        starts: list[int],
        spans: list[int],
    ) -> None:
        for node in nodes:
            if node.children:
                if node.data and not node.optional:
                    raise ValueError(
                        f"row {node.key!r} has figures and sub-rows: declare it optional "
                        "(a subtotal the official form does not print) or as a group"
                    )
                # A group (or an optional subtotal the official form draws as a group).
                self.add(self.row, depth, node.label, Role.LABEL, rowspan=_lines(node),
                         depth=depth, group=True)  # fmt: skip
                self.rows_of(node.children, depth + 1, label_cols, columns, starts, spans)
                continue
            self.add(self.row, depth, node.label, Role.LABEL, colspan=label_cols - depth,
                     depth=depth)  # fmt: skip
            for col_node, start, span in zip(columns, starts, spans):
                self.value(self.row, start, node, col_node, colspan=span)
            self.row += 1

    # --- table 四 ---------------------------------------------------------------------------
    def one_line(self) -> None:
        (block,) = self.spec.blocks

        def heads(nodes: tuple[Node, ...]) -> tuple[_Head, ...]:
            out = []
            for n in nodes:
                if n.children:
                    out.append(_Head(n.label, heads(n.children)))
                else:
                    cols = tuple(_Head(c.label, leaf=(n, c)) for _, c in
                                 _leaf_columns(block.columns))  # fmt: skip
                    out.append(_Head(n.label, cols))
            return tuple(out)

        tree = heads(block.rows)
        depth = max(h.depth() for h in tree)
        leaves: list[_Head] = []

        def collect(hs: tuple[_Head, ...]) -> None:
            for h in hs:
                if h.children:
                    collect(h.children)
                else:
                    leaves.append(h)

        collect(tree)
        self.n_cols = len(leaves)
        self.measure(tree, len(leaves))
        self.heads(tree, 0, 0, depth)
        self.row = self.header_rows = depth
        for k, leaf in enumerate(leaves):
            assert leaf.leaf is not None and leaf.leaf[0] is not None
            self.value(self.row, k, leaf.leaf[0], leaf.leaf[1])
        self.row += 1

    # --- the legacy indicator list --------------------------------------------------------
    def indicator_list(self) -> None:
        block = self.spec.blocks[0]
        column = block.columns[0]
        self.n_cols = 3 if block.unit_header is not None else 2
        self.label_cols = 1
        self.add(0, 0, block.row_header or "", Role.HEADER)
        if block.unit_header is not None:
            self.add(0, 1, block.unit_header, Role.HEADER)
        self.add(0, self.n_cols - 1, column.label, Role.HEADER)
        self.row = self.header_rows = 1
        for b in self.spec.blocks:
            self.list_lines(b, b.rows, 0)

    def list_lines(self, block: Block, nodes: tuple[Node, ...], depth: int) -> None:
        column = block.columns[0]
        for node in nodes:
            if node.optional and not self.filled(node):
                continue
            r = self.row
            self.add(r, 0, node.label, Role.LABEL, depth=depth, indent=depth,
                     group=not node.data)  # fmt: skip
            if self.n_cols == 3:
                unit = (node.unit or block.unit) if node.data else ""
                self.add(r, 1, unit, Role.UNIT)
            if node.data:
                self.value(r, self.n_cols - 1, node, column)
            else:
                self.add(r, self.n_cols - 1, "", Role.EMPTY)
            self.row += 1
            self.list_lines(block, node.children, depth + 1)

    def filled(self, node: Node) -> bool:
        """Whether the user's table has any figure under an optional part of the form."""
        if self.table is None:
            return True
        column = self.spec.blocks[0].columns[0]
        for _, n in node.walk():
            if n.data and self.table[_cell_id(self.spec, n, column)] is not None:
                return True
        return False


def _leaf_columns(nodes: tuple[Node, ...]) -> Iterator[tuple[tuple[Node, ...], Node]]:
    for top in nodes:
        for path, n in top.walk():
            if not n.children:
                yield path, n


__all__ = [
    "Grid", "GridCell", "Role", "amount_text", "cell_text", "layout", "unit_on_form",
    "value_text",
]  # fmt: skip
