"""The vocabulary in which each official format is declared once.

A format is a set of tables; a table is one or more blocks (table 二 has one block per
第二十条 item); a block is a row tree crossed with a column tree.  Every data row crossed
with every data column of a block is one cell, with a stable ASCII id
``<table key>.<row key>.<column key>`` (the column key is left out where a block has a single
unnamed column, as in the legacy form).  Totals are declared on the nodes (``sum_of``) so that
the sum rules, the template formulas and the test strategies all come from the same place.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping

import attrs

from ._rules import Rule


class Kind(str, enum.Enum):
    """What a cell may hold."""

    COUNT = "count"  # whole number >= 0
    SIGNED = "signed"  # whole number, negative allowed (2019's 本年增/减)
    AMOUNT = "amount"  # Decimal >= 0 in the cell's unit (万元)


@attrs.frozen(cache_hash=True)
class Node:
    """A row or a column of a block, with the label printed on the official form."""

    key: str
    label: str
    children: tuple[Node, ...] = ()
    #: False for a group header that has no figures of its own (（三）不予公开).
    data: bool = True
    #: Keys of sibling or descendant nodes whose sum this node is (a 总计 or a subtotal).
    sum_of: tuple[str, ...] = ()
    #: A 「其中」 child: a part of its parent, not necessarily exhaustive.
    of_which: bool = False
    #: Allowed but not part of the official form (a （六） subtotal some reports add).
    optional: bool = False
    unit: str | None = None
    kind: Kind | None = None
    #: Other spellings seen in real forms, for the label matcher.
    aliases: tuple[str, ...] = ()
    #: The rule a total's sum belongs to: the spec's number (``"03"``, completed by the
    #: format's ``rule_prefix``) or a whole id.
    rule: str | None = None

    def walk(self, path: tuple[Node, ...] = ()) -> Iterator[tuple[tuple[Node, ...], Node]]:
        here = (*path, self)
        yield here, self
        for child in self.children:
            yield from child.walk(here)


@attrs.frozen(cache_hash=True)
class Block:
    """One grid of a table: a caption (第二十条第（一）项), its rows and its columns."""

    key: str
    rows: tuple[Node, ...]
    columns: tuple[Node, ...]
    caption: str | None = None
    #: The label over the row headers (信息内容), if the form prints one.
    row_header: str | None = None
    optional: bool = False
    #: The unit of the block's cells unless a row or column says otherwise.
    unit: str = ""
    #: The label over a column of units, if the form prints one (the legacy 统计表's 单位).
    unit_header: str | None = None


@attrs.frozen(cache_hash=True)
class TableSpec:
    """One official table (表二, 表三, 表四, or the legacy 统计表): its number, its title and
    its blocks."""

    key: str
    #: The official table number or name: "二", "三", "四", or the legacy form's title.
    number: str
    title: str
    blocks: tuple[Block, ...]
    #: A note printed in the table's top-left corner (table 三's 勾稽关系).
    corner_note: str | None = None
    #: The official form prints this table as one line whose column groups are our rows
    #: (table 四: 行政复议 | 行政诉讼 › 未经复议直接起诉 | 复议后起诉, each with 5 columns).
    one_line: bool = False


@attrs.frozen(cache_hash=True)
class CellSpec:
    """Everything the rest of gkstats needs to know about one cell."""

    id: str
    index: int
    table: TableSpec
    block: Block
    row_path: tuple[Node, ...]
    column_path: tuple[Node, ...]
    kind: Kind
    unit: str
    optional: bool

    @property
    def row(self) -> Node:
        return self.row_path[-1]

    @property
    def column(self) -> Node:
        return self.column_path[-1]

    @property
    def row_labels(self) -> tuple[str, ...]:
        """The row's label path, led by the block caption where there is one (table 二)."""
        labels = tuple(n.label for n in self.row_path)
        return (self.block.caption, *labels) if self.block.caption else labels

    @property
    def column_labels(self) -> tuple[str, ...]:
        return tuple(n.label for n in self.column_path)

    @property
    def name(self) -> str:
        """The workbook-scoped defined name of the cell in the Excel template."""
        return "GK_" + self.id.replace(".", "_")

    @property
    def is_total(self) -> bool:
        return bool(self.row.sum_of or self.column.sum_of)

    def describe(self, lang: str = "zh") -> str:
        """A short human reference: 表三「（七）总计·自然人」, or 「（一）收到申请数」 in the
        single-column legacy form."""
        single = self.column.key == ""  # an unnamed single column (the legacy 统计数)
        label = self.row.label if single else f"{self.row.label}·{self.column.label}"
        if lang == "zh":
            head = f"表{self.table.number}" if len(self.table.number) == 1 else ""
            return f"{head}「{label}」"
        head = f"table {self.table.number} " if len(self.table.number) == 1 else ""
        return f"{head}[{label}]"


@attrs.frozen
class Sum:
    """A declared total: ``total`` equals the sum of ``parts`` (cell ids)."""

    total: str
    parts: tuple[str, ...]
    #: "row" when a total row adds rows (per column), "column" when a total column adds columns.
    axis: str


@attrs.frozen
class Guidance:
    """An official filling instruction, quoted verbatim, and what it is about.

    ``about`` is a table key (``t3``), a report section heading as declared, or ``""`` for
    the whole report; ``source`` names the official text.
    """

    about: str
    text: str
    source: str = ""


@attrs.frozen
class Part:
    """A part of the annual report: its official heading, and what fills it."""

    heading: str
    #: The key of ``Table.narrative`` whose text it prints (``overview``, ``problems`` …).
    text: str | None = None
    #: The groups of data sentences it prints (a table key ``t3``; legacy ``pub`` …).
    sentences: tuple[str, ...] = ()
    #: Other headings published reports give the part (without their numbers), by which
    #: the parser finds it (``gkstats.parse``).
    aliases: tuple[str, ...] = ()


@attrs.frozen(eq=False)
class Format:
    """One official edition of the tables, declared once, with everything that sets it apart:
    its tables, its rules, the parts of its report and how they are filled.

    A new edition (or a province's own variant) is one more declaration: nothing else in
    gkstats names a format by its id."""

    id: str
    title: str
    #: The official text that sets the format (its rules cite it as ``{basis}``).
    basis: str
    years: tuple[int, int | None]
    tables: tuple[TableSpec, ...]
    #: The parts of the report, in order (headings verbatim).
    outline: tuple[Part, ...] = ()
    #: The official filling instructions (templates and docs show them).
    guidance: tuple[Guidance, ...] = ()
    #: Formats of one family (``legacy``, ``national``) share their narrative's vocabulary
    #: and compare with each other across years.
    family: str = "national"
    #: The prefix of the spec's rule ids for this format (``F21`` for F21-01 …).
    rule_prefix: str = ""
    #: The format's own rules (gkstats adds its ``GK-…`` rules to every format).
    rules: tuple[Rule, ...] = ()
    #: The key of ``Table.narrative`` printed before the first part (the legacy report's
    #: opening text), if any.
    lead: str | None = None
    #: The headings published reports give that opening text (legacy 「一、概述」).
    lead_headings: tuple[str, ...] = ()
    #: The report's data sentences: (group, template) in print order; a part prints the
    #: groups it names, and the template is one of ``gkstats.report.sentences.TEMPLATES``.
    sentence_templates: tuple[tuple[str, str], ...] = ()
    #: Report years in which the format was optional, so form rules only warn (F19-16).
    lenient_years: tuple[int, ...] = ()
    #: Tables whose cells mean something else in the family's earlier formats, so no
    #: cross-year rule compares them with those (F21-16: table 二).
    renewed: tuple[str, ...] = ()
    cells: tuple[CellSpec, ...] = attrs.field(init=False)
    _by_id: Mapping[str, CellSpec] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        cells = list(_derive_cells(self.tables))
        by_id = {c.id: c for c in cells}
        if len(by_id) != len(cells):
            raise ValueError(f"{self.id}: duplicate cell ids")
        object.__setattr__(self, "cells", tuple(cells))
        object.__setattr__(self, "_by_id", by_id)

    def __hash__(self) -> int:
        return hash(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Format) and other.id == self.id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells)

    @property
    def sections(self) -> tuple[str, ...]:
        """The headings of the report's parts, in order."""
        return tuple(p.heading for p in self.outline)

    def rule_id(self, number: str) -> str:
        """A declared rule id made whole: ``"03"`` → ``F21-03``; whole ids stay as they are."""
        return f"{self.rule_prefix}-{number}" if number.isdigit() else number

    def follows(self, earlier: Format) -> bool:
        """Whether a table of ``earlier`` can be last year's table of this format: the same
        family, and not a newer edition."""
        return earlier.family == self.family and earlier.years[0] <= self.years[0]

    def cell(self, cell_id: str) -> CellSpec:
        try:
            return self._by_id[cell_id]
        except KeyError:
            raise KeyError(cell_id) from None

    def has_cell(self, cell_id: str) -> bool:
        return cell_id in self._by_id

    def covers(self, year: int) -> bool:
        first, last = self.years
        return year >= first and (last is None or year <= last)

    def span(self, lang: str = "zh") -> str:
        """The report years it is for, in words: 「2019–2020 年度」, 「2021 年度起」."""
        first, last = self.years
        if lang == "zh":
            return f"{first}–{last} 年度" if last else f"{first} 年度起"
        return f"report years {first}–{last}" if last else f"report years {first} on"

    def table(self, key_or_number: str) -> TableSpec:
        for t in self.tables:
            if key_or_number in (t.key, t.number):
                return t
        raise KeyError(key_or_number)

    def sums(self) -> Iterator[Sum]:
        """Every total declared in the hierarchy, one per (total node, crossing cell line)."""
        for table in self.tables:
            for block in table.blocks:
                yield from _block_sums(table, block)

    def find(self, table: str, row: str, column: str | None = None) -> CellSpec:
        """The cell whose table number, row label and column label are these (exact labels)."""
        for c in self.cells:
            if c.table.number != table and c.table.key != table:
                continue
            if row not in (c.row.label, c.row.key):
                continue
            if column is None or column in (c.column.label, c.column.key):
                return c
        raise KeyError((table, row, column))


def _data_nodes(nodes: tuple[Node, ...]) -> Iterator[tuple[tuple[Node, ...], Node]]:
    for top in nodes:
        for path, node in top.walk():
            if node.data:
                yield path, node


def _cell_id(table: TableSpec, row: Node, column: Node) -> str:
    return f"{table.key}.{row.key}" + (f".{column.key}" if column.key else "")


def _derive_cells(tables: tuple[TableSpec, ...]) -> Iterator[CellSpec]:
    index = 0
    for table in tables:
        for block in table.blocks:
            for row_path, row in _data_nodes(block.rows):
                for col_path, col in _data_nodes(block.columns):
                    kind = col.kind or row.kind or Kind.COUNT
                    unit = col.unit or row.unit or block.unit
                    yield CellSpec(
                        id=_cell_id(table, row, col),
                        index=index,
                        table=table,
                        block=block,
                        row_path=row_path,
                        column_path=col_path,
                        kind=kind,
                        unit=unit,
                        optional=row.optional or col.optional or block.optional,
                    )
                    index += 1


def _block_sums(table: TableSpec, block: Block) -> Iterator[Sum]:
    rows = [n for _, n in _data_nodes(block.rows)]
    cols = [n for _, n in _data_nodes(block.columns)]
    for total in rows:
        if total.sum_of:
            for col in cols:
                yield Sum(
                    total=_cell_id(table, total, col),
                    parts=tuple(_cell_id(table, _find(rows, k), col) for k in total.sum_of),
                    axis="row",
                )
    for total in cols:
        if total.sum_of:
            for row in rows:
                yield Sum(
                    total=_cell_id(table, row, total),
                    parts=tuple(_cell_id(table, row, _find(cols, k)) for k in total.sum_of),
                    axis="column",
                )


def _find(nodes: list[Node], key: str) -> Node:
    for n in nodes:
        if n.key == key:
            return n
    raise KeyError(key)


def data_keys(node: Node) -> tuple[str, ...]:
    """Keys of the data nodes under ``node`` (itself excluded): the parts of a group."""
    return tuple(n.key for path, n in node.walk() if n.data and n is not node)
