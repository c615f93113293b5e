"""One organ's statistics tables for one report year, in one format.

Values live in a tuple aligned with the format's cell order, so the checker can read them by
position; everything user-facing goes by cell id (``t3.total.natural``) or by labels.
Blank (``None``) is kept apart from 0 everywhere.
"""

from __future__ import annotations

import difflib
import functools
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ._errors import GkError
from ._limits import FIGURE_DIGITS
from .formats import CellSpec, Format, Kind, format_for_year, get_format
from .values import CellValue, Reading, Unreadable, plain_digits, read_value


def _frozen_map(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return dict(value or {})


@attrs.frozen(hash=False)
class Table:
    """One organ's statistics table for one report year: a value (or blank) per cell of its
    format, in the format's cell order, with the report's own text.

    Blank is not zero: a cell nobody filled stays ``None``, and what could not be read is an
    :class:`~gkstats.values.Unreadable` quoting it."""

    format: Format
    year: int
    organ: str
    values: tuple[CellValue, ...] = attrs.field(repr=False)
    #: The unit the source wrote next to an amount, where it wrote one; values are always in
    #: the cell's own unit (元 are converted to 万元 on reading).
    written_units: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)
    #: Where each cell came from ("Sheet!C7") when the table was read from a workbook.
    addresses: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map, eq=False)
    #: The report's own text, by section key (``overview``, ``problems``, ``other``).
    narrative: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_map)

    def __attrs_post_init__(self) -> None:
        if len(self.values) != len(self.format.cells):
            raise ValueError(
                f"{self.format.id} has {len(self.format.cells)} cells, got {len(self.values)}"
            )

    # --- construction -------------------------------------------------------------------
    @classmethod
    def from_cells(
        cls,
        format: str | Format | None = None,
        year: int | None = None,
        organ: str = "",
        cells: Mapping[str, object] | None = None,
        **extra: Any,
    ) -> Table:
        """Build a table from raw inputs by cell id; each input goes through the normaliser.

        ``format`` may be left out when ``year`` says which format was in force.
        """
        if format is None:
            if year is None:
                raise GkError(
                    "missing_format",
                    zh="缺少表格格式（format）或年度（year）",
                    en="give a format or a report year",
                )
            fmt = format_for_year(year)
        else:
            fmt = get_format(format)
        if year is None:
            year = fmt.years[0]
        written: dict[str, str] = dict(extra.pop("written_units", None) or {})
        cells = cells or {}
        values = None
        if type(cells) is dict:
            slots = _slots(fmt)
            raws: list[object] = list(map(cells.get, slots.ids))
            # every id a cell of the format (none given as None: raws cannot tell), or the
            # loop below raises
            if len(cells) == len(raws) - raws.count(None) or cells.keys() <= slots.known:
                values = _plain_values(fmt, raws, written, list(cells))
        if values is None:
            values = [None] * len(fmt.cells)
            by_id = _slots(fmt).by_id
            for cell_id, raw in cells.items():
                slot = by_id.get(cell_id)
                if slot is None:
                    _spec(fmt, cell_id)  # raises, naming the cell meant
                    continue
                spec, index, amount = slot
                if not amount and isinstance(raw, str) and plain_digits(raw):
                    values[index] = int(raw)  # what read_value gives digits, sooner
                    continue
                reading = _reading(raw, spec)
                values[index] = reading.value
                if reading.unit and amount:
                    written[cell_id] = reading.unit
        return cls(fmt, year, organ, tuple(values), written_units=written, **extra)

    @classmethod
    def _from_aligned(
        cls, fmt: Format, year: int, organ: str, raws: list[object], **extra: Any
    ) -> Table:
        """:meth:`from_cells` for raws in the format's cell order (``None``: blank), as a
        parser has them: the same table, without a dict of them to build and look up."""
        written: dict[str, str] = dict(extra.pop("written_units", None) or {})
        values = _plain_values(fmt, raws, written, None)
        if values is None:
            cells = {i: raw for i, raw in zip(_slots(fmt).ids, raws) if raw is not None}
            return cls.from_cells(fmt, year, organ, cells, written_units=written, **extra)
        return cls(fmt, year, organ, tuple(values), written_units=written, **extra)

    @classmethod
    def empty(cls, format: str | Format, year: int | None = None, organ: str = "") -> Table:
        return cls.from_cells(format, year, organ, {})

    def replace(self, cells: Mapping[str, object] | None = None, **fields: Any) -> Table:
        """A copy with some cells (raw inputs, normalised) and/or fields changed."""
        new = attrs.evolve(self, **fields) if fields else self
        if not cells:
            return new
        values = list(new.values)
        written = dict(new.written_units)
        for cell_id, raw in cells.items():
            spec = _spec(new.format, cell_id)
            reading = _reading(raw, spec)
            values[spec.index] = reading.value
            written.pop(cell_id, None)
            if reading.unit and spec.kind is Kind.AMOUNT:
                written[cell_id] = reading.unit
        return attrs.evolve(new, values=tuple(values), written_units=written)

    # --- access -------------------------------------------------------------------------
    def __getitem__(self, cell_id: str) -> CellValue:
        return self.values[_spec(self.format, cell_id).index]

    def get(self, cell_id: str) -> CellValue:
        return self[cell_id]

    def at(self, table: str, row: str, column: str | None = None) -> CellValue:
        """The value under these official labels: ``t.at("三", "（七）总计", "总计")``."""
        return self.values[self.format.find(table, row, column).index]

    @property
    def cells(self) -> dict[str, CellValue]:
        """Every filled cell (blank ones left out), by id, in the format's order."""
        return {c.id: v for c, v in zip(self.format.cells, self.values) if v is not None}

    def items(self) -> Iterator[tuple[CellSpec, CellValue]]:
        return zip(self.format.cells, self.values)

    @property
    def unreadable(self) -> dict[str, Unreadable]:
        return {c.id: v for c, v in self.items() if isinstance(v, Unreadable)}

    def __getattr__(self, name: str) -> _Path:
        # ``t.t3.total.natural`` reads the cell ``t3.total.natural``.
        if name.startswith("_") or name not in _table_keys(self.format):
            raise AttributeError(name)
        return _Path(self, name)

    def __repr__(self) -> str:
        filled = sum(v is not None for v in self.values)
        return (
            f"Table(format={self.format.id!r}, year={self.year}, organ={self.organ!r}, "
            f"{filled}/{len(self.values)} cells filled)"
        )


class _Path:
    """Attribute access over cell ids, so code can read ``table.t3.new.total``."""

    __slots__ = ("_prefix", "_table")

    def __init__(self, table: Table, prefix: str) -> None:
        self._table = table
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        cell_id = f"{self._prefix}.{name}"
        if self._table.format.has_cell(cell_id):
            return self._table[cell_id]
        if any(i.startswith(cell_id + ".") for i in self._table.format.ids):
            return _Path(self._table, cell_id)
        raise AttributeError(f"no cell {cell_id!r} in format {self._table.format.id}")

    def __repr__(self) -> str:
        return f"<cells {self._prefix}.*>"


def _reading(raw: object, spec: CellSpec) -> Reading:
    if isinstance(raw, Unreadable):  # already read (and kept) by a reader
        return Reading(raw)
    return read_value(raw, spec.kind, spec.unit)


@attrs.frozen
class _Slots:
    """A format's cells laid out for building tables (derived once per format)."""

    #: By cell id: its spec, its position, whether it is an amount.
    by_id: dict[str, tuple[CellSpec, int, bool]]
    #: Every cell id, in the format's order, and as a set.
    ids: tuple[str, ...]
    known: frozenset[str]
    #: The raws of the cells that are not amounts, out of raws in the format's order.
    others: Callable[[list[object]], Sequence[object]]
    #: The amount cells: their id, spec and position.
    amounts: tuple[tuple[str, CellSpec, int], ...]


@functools.cache
def _slots(fmt: Format) -> _Slots:
    amount = Kind.AMOUNT  # costly to reach (the enum's attribute hook): once per format
    others = [c.index for c in fmt.cells if c.kind is not amount]
    return _Slots(
        {c.id: (c, c.index, c.kind is amount) for c in fmt.cells},
        fmt.ids,
        frozenset(fmt.ids),
        operator.itemgetter(*others) if len(others) > 1 else lambda raws: raws,
        tuple((c.id, c, c.index) for c in fmt.cells if c.kind is amount),
    )


def _plain_values(
    fmt: Format, raws: list[object], written: dict[str, str], order: list[str] | None
) -> list[CellValue] | None:
    """The table's values from raws in the format's cell order (``None``: blank) when every
    cell but the amounts is blank or holds plain ASCII digits (what a parsed report gives),
    read with C-level loops; ``None`` for anything else, which goes cell by cell.

    Each distinct figure is read once, ``int(raw)`` as :func:`~gkstats.values.read_value`
    reads digits (most of a report's cells hold one of a few figures, 0 above all); amounts
    still go through ``read_value``, in the ``order`` of the ids given when there is one.
    """
    slots = _slots(fmt)
    try:
        figures = dict.fromkeys(slots.others(raws))
        figures.pop(None, None)
        digits = "".join(figures)  # type: ignore[arg-type]  # TypeError: not all str
    except TypeError:
        return None
    if figures and ("" in figures or not (digits.isascii() and digits.isdigit())):
        return None
    if figures and len(max(figures, key=len)) >= FIGURE_DIGITS:  # type: ignore[arg-type]
        return None  # a figure out of bounds: read_value says so, cell by cell
    read = dict(zip(figures, map(int, figures)))  # type: ignore[arg-type]
    values: list[CellValue] = list(map(read.get, raws))
    amounts = [a for a in slots.amounts if raws[a[2]] is not None]
    if len(amounts) > 1 and order is not None:
        amounts.sort(key=lambda a: order.index(a[0]))
    for _, _, index in slots.amounts:
        values[index] = None  # blank, unless given
    for cell_id, spec, index in amounts:
        reading = _reading(raws[index], spec)
        values[index] = reading.value
        if reading.unit:
            written[cell_id] = reading.unit
    return values


def _table_keys(fmt: Format) -> set[str]:
    return {t.key for t in fmt.tables}


def _spec(fmt: Format, cell_id: str) -> CellSpec:
    try:
        return fmt.cell(cell_id)
    except KeyError:
        near = difflib.get_close_matches(cell_id, fmt.ids, n=1)
        hint_zh = f"，是否想写「{near[0]}」？" if near else ""
        hint_en = f"; did you mean {near[0]!r}?" if near else ""
        raise GkError(
            "unknown_cell",
            zh=f"格式 {fmt.id} 中没有单元格「{cell_id}」{hint_zh}",
            en=f"format {fmt.id} has no cell {cell_id!r}{hint_en}",
        ) from None
