"""Every label a format prints, as entries a parser can look up or search for.

Derived once per format from its declaration (rows, columns, group headers, block captions,
the table 三 corner note, the 信息内容 header), never retyped: a report's label is matched to
an :class:`Entry`, and the entry says which node of which block of which table it is.
"""

from __future__ import annotations

import functools
import re

import attrs

from ..formats import Block, CellSpec, Format, Node, Sum, TableSpec, get_format
from ..labels import LabelIndex, bare_label, core_label, normalize_label

#: What an entry is on the printed form.
ROW = "row"  # a row label (data row, or a group header such as （三）不予公开)
COLUMN = "column"  # a column label (data column, or a group such as 法人或其他组织)
CAPTION = "caption"  # a block caption: 第二十条第（一）项
HEADER = "header"  # the label over the row labels (信息内容, 统计指标) or the corner note

_ENUM = re.compile(
    r"^(?:(\d{1,2})\.|([一二三四五六七八九十]{1,3})、|\(([一二三四五六七八九十\d]{1,3})\))"
)
_CN = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}


@attrs.frozen(eq=False)
class Entry:
    kind: str
    table: TableSpec
    block: Block | None
    node: Node | None
    #: The node's ancestors and itself (rows and columns).
    path: tuple[Node, ...]
    #: Position in the format's reading order (rows: declaration walk order).
    order: int
    label: str
    aliases: tuple[str, ...]
    #: For table 四's rows, which the official form prints as column groups.
    one_line: bool = False

    @property
    def data(self) -> bool:
        return self.node is not None and self.node.data

    @property
    def depth(self) -> int:
        return len(self.path)

    def __repr__(self) -> str:
        return f"<{self.kind} {self.table.number} {self.label}>"


def ordinal(label: str) -> int | None:
    """The enumerator's number: 「2.其他…」 → 2, 「（三）不予公开」 → 3, 「四、结转…」 → 4."""
    m = _ENUM.match(normalize_label(label))
    if m is None:
        return None
    text = next(g for g in m.groups() if g)
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _CN.get(text[1], 0)
    return _CN.get(text)


def _variants(label: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """Aliases plus the forms without a bracketed note, which real forms often drop."""
    out = list(aliases)
    for text in (label, *aliases):
        bare = bare_label(text)
        if bare != normalize_label(text) and bare not in out:
            out.append(bare)
    return tuple(out)


@attrs.frozen(eq=False)
class FormatIndex:
    format: Format
    entries: tuple[Entry, ...]
    index: LabelIndex[Entry]
    #: Cells by (row node, column node).  Declaration nodes cache their hash, so they are
    #: cheap keys; within a format, equal nodes are the same node.
    cells: dict[tuple[Node, Node], CellSpec]
    #: A row's cells in column order, by (row node, block).
    row_cells: dict[tuple[Node, Block], list[CellSpec]]
    #: The declared totals: total cell id -> its parts (cell ids).
    parts: dict[str, tuple[str, ...]]
    sums: tuple[Sum, ...]
    _columns: dict[Block, list[Node]] = attrs.field(factory=dict, repr=False)

    def rows(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.kind == ROW)

    def row_cells_of(self, entry: Entry) -> list[CellSpec]:
        """The cells of an entry's row, in column order (none for an entry of no row)."""
        if entry.node is None or entry.block is None:
            return []
        return self.row_cells.get((entry.node, entry.block), [])

    def cell(self, row: Node, column: Node) -> CellSpec | None:
        return self.cells.get((row, column))

    def block_columns(self, block: Block) -> list[Node]:
        """The data columns of a block, in order."""
        found = self._columns.get(block)
        if found is None:
            found = self._columns[block] = [
                n for top in block.columns for _, n in top.walk() if n.data
            ]
        return found

    def block_cells(self, table: TableSpec, block: Block) -> list[CellSpec]:
        return [c for c in self.format.cells if c.block is block and c.table is table]


def _walk_entries(
    kind: str, table: TableSpec, block: Block, nodes: tuple[Node, ...], start: int
) -> list[Entry]:
    out: list[Entry] = []
    for top in nodes:
        for path, node in top.walk():
            out.append(
                Entry(
                    kind,
                    table,
                    block,
                    node,
                    path,
                    start + len(out),
                    node.label,
                    _variants(node.label, node.aliases),
                    one_line=table.one_line and kind == ROW,
                )
            )
    return out


@functools.cache
def format_index(format: str | Format) -> FormatIndex:
    fmt = get_format(format)
    entries: list[Entry] = []
    for table in fmt.tables:
        if table.corner_note:
            entries.append(
                Entry(HEADER, table, None, None, (), len(entries), table.corner_note, ())
            )
        for block in table.blocks:
            if block.caption:
                entries.append(
                    Entry(CAPTION, table, block, None, (), len(entries), block.caption, ())
                )
            if block.row_header:
                entries.append(
                    Entry(HEADER, table, block, None, (), len(entries), block.row_header, ())
                )
            entries += _walk_entries(COLUMN, table, block, block.columns, len(entries))
            entries += _walk_entries(ROW, table, block, block.rows, len(entries))
    cells = {(c.row, c.column): c for c in fmt.cells}
    if len(cells) != len(fmt.cells):  # (a declaration defect: a row crossed a column twice)
        raise ValueError(f"{fmt.id}: two cells share a row and a column node")
    row_cells: dict[tuple[Node, Block], list[CellSpec]] = {}
    for c in fmt.cells:
        row_cells.setdefault((c.row, c.block), []).append(c)
    sums = tuple(fmt.sums())
    parts = {s.total: s.parts for s in sums}
    return FormatIndex(fmt, tuple(entries), LabelIndex(entries), cells, row_cells, parts, sums)


@functools.cache
def search_keys(entry: Entry) -> tuple[str, ...]:
    """What to look for in a folded, white-space-free text: cores of the label and its variants,
    longest first (so 「2.政府网站在线访谈次数（政风行风热线）」 wins over its prefix).

    Kept per entry (entries compare by identity and live in the per-format index)."""
    keys = {core_label(entry.label)}
    for alias in entry.aliases:
        keys.add(core_label(alias))
    # longest first, then by text: a set's order changes with the hash seed, and ties must
    # not, or the same report would parse differently from one run to the next
    return tuple(sorted((k for k in keys if k), key=lambda k: (-len(k), k)))


__all__ = ["CAPTION", "COLUMN", "HEADER", "ROW", "Entry", "FormatIndex", "format_index", "ordinal"]
