"""One organ's statistics tables for one report year, in one format.

Values live in a tuple aligned with the format's cell order, so the checker can read them by
position; everything user-facing goes by cell id (``t3.total.natural``) or by labels.
Blank (``None``) is kept apart from 0 everywhere.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._errors import GkError
from .formats import CellSpec, Format, Kind, format_for_year, get_format
from .values import CellValue, Reading, Unreadable, read_value


def _frozen_map(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return dict(value or {})


@attrs.frozen(hash=False)
class Table:
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
        values: list[CellValue] = [None] * len(fmt.cells)
        written: dict[str, str] = dict(extra.pop("written_units", None) or {})
        for cell_id, raw in (cells or {}).items():
            spec = _spec(fmt, cell_id)
            if isinstance(raw, str) and raw.isascii() and raw.isdigit():
                if spec.kind is not Kind.AMOUNT:
                    values[spec.index] = int(raw)  # what read_value gives digits, sooner
                    continue
            reading = _reading(raw, spec)
            values[spec.index] = reading.value
            if reading.unit and spec.kind is Kind.AMOUNT:
                written[cell_id] = reading.unit
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
