"""The one workbook gateway: what gkstats needs from a workbook, and nothing more.

DESIGN §4: the check, mark, clear and import commands are written once, against this
interface, and run on an openpyxl workbook (files, CLI, batch, tests) or a live Excel
workbook through xlwings (the add-in).  Implementations live in ``_openpyxl.py`` and
``_calamine.py`` (read only); the add-in brings its own.

Cells are ``(row, column)``, both from 1, as in Excel.  Values are Python values as the
workbook holds them (``str``, ``int``, ``float``, ``Decimal``, ``datetime``, ``bool``);
a formula reads as its cached value, or as :class:`Uncached` when the workbook has none (a
file written by a program that does not calculate), so that it is reported, not read as
blank.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

import attrs

Cell = tuple[int, int]
#: ``(min_row, min_col, max_row, max_col)``, inclusive.
CellRange = tuple[int, int, int, int]


@attrs.frozen
class Uncached:
    """A formula cell without a cached value: ``formula`` is its text, ``=SUM(C7:C9)``."""

    formula: str


@attrs.frozen
class SheetData:
    """The used range of one sheet, read in one go."""

    name: str
    #: The non-empty cells only.
    values: Mapping[Cell, object]
    merged: tuple[CellRange, ...] = ()


@attrs.frozen
class Note:
    """A cell note (Excel "comment"); sizes in points, ``None`` when the workbook gives none."""

    text: str
    author: str = ""
    width: float | None = None
    height: float | None = None
    #: The note exactly as the workbook holds it, opaque, for a gateway that can put it back
    #: byte for byte (the package editor); others leave it ``None``.
    raw: str | None = attrs.field(default=None, eq=False, repr=False)


@runtime_checkable
class WorkbookReader(Protocol):
    """Reading: enough to find a table by defined names or by labels."""

    @property
    def source(self) -> str:
        """Where the workbook came from (a path, or the workbook's name in Excel)."""
        ...

    def sheet_names(self) -> list[str]:
        """Every sheet, in order, hidden ones included."""
        ...

    def sheet_hidden(self, name: str) -> bool: ...

    def read_sheet(self, name: str) -> SheetData: ...

    def defined_names(self) -> Mapping[str, str]:
        """Workbook-scoped names and what they refer to, as written (``'表三'!$C$7``)."""
        ...


@runtime_checkable
class Workbook(WorkbookReader, Protocol):
    """Reading and the few writes that template filling, marking and clearing need."""

    def write_values(self, sheet: str, values: Mapping[Cell, object]) -> None:
        """Write values; a text is written as text even when it starts with 「=」."""
        ...

    def fill_state(self, sheet: str, cell: Cell) -> str | None:
        """The cell's fill, opaque but exact, so that :meth:`restore_fill` brings it back;
        ``None`` when the cell has no fill of its own."""
        ...

    def set_fill(self, sheet: str, cell: Cell, rgb: str) -> None:
        """A solid fill in this colour (``"FFC7CE"``)."""
        ...

    def restore_fill(self, sheet: str, cell: Cell, state: str | None) -> None: ...

    def note(self, sheet: str, cell: Cell) -> Note | None: ...

    def set_note(self, sheet: str, cell: Cell, note: Note | None) -> None: ...

    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        """A new empty sheet at the end (``hidden``: not shown in the sheet tabs at all)."""
        ...

    def remove_sheet(self, name: str) -> None: ...

    def write_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
    ) -> None:
        """A plain list on a sheet: a bold, frozen header row, then the rows."""
        ...

    def link(self, sheet: str, cell: Cell, target: str) -> None:
        """Make the cell a link to ``target`` (``'Sheet'!C7``) in the same workbook."""
        ...

    def save(self, path: str | None = None) -> None:
        """Write the workbook (to ``path``, or where it came from)."""
        ...


# --- what some gateways can do besides ----------------------------------------------------


@runtime_checkable
class KnowsThreads(Protocol):
    """A gateway that can tell a threaded comment (a conversation) from a note: gkstats
    leaves such a cell's comment alone and lists its message on the results sheet only."""

    def has_thread(self, sheet: str, cell: Cell) -> bool: ...


@runtime_checkable
class RenamesSheets(Protocol):
    def rename_sheet(self, old: str, new: str) -> None: ...


@runtime_checkable
class TakesBackStyles(Protocol):
    """A gateway that appends to shared parts (styles) and can take the appended entries
    back: ``baseline`` is kept in the mark record and given back to clear."""

    def baseline(self) -> str: ...

    def back_to_baseline(self, state: str) -> None: ...


# --- addresses -------------------------------------------------------------------------


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def a1(cell: Cell) -> str:
    """``(7, 3)`` → ``C7``."""
    return f"{column_letter(cell[1])}{cell[0]}"


def address(sheet: str, cell: Cell) -> str:
    """How a cell is named to a person: ``表三!C7``."""
    return f"{sheet}!{a1(cell)}"


def quote_sheet(sheet: str) -> str:
    """The sheet as it appears in a reference: ``'表 三'!`` quoting doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def reference(sheet: str, cell: Cell) -> str:
    """An absolute reference for a defined name or a link: ``'表三'!$C$7``."""
    return f"{quote_sheet(sheet)}!${column_letter(cell[1])}${cell[0]}"


#: A row has at most 7 digits (1,048,576 rows): a longer run is no reference (and no int()).
_REF = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def parse_reference(text: str) -> tuple[str, Cell] | None:
    """``'表三'!$C$7`` → ``("表三", (7, 3))``; ``None`` for a range, a constant, ``#REF!``."""
    m = _REF.match(text.strip())
    if m is None:
        return None
    sheet = m[1].replace("''", "'") if m[1] is not None else m[2]
    return sheet, (int(m[4]), column_index(m[3]))


def parse_a1(text: str) -> Cell | None:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})", text.strip())
    return (int(m[2]), column_index(m[1])) if m else None


__all__ = [
    "Cell",
    "CellRange",
    "KnowsThreads",
    "Note",
    "RenamesSheets",
    "SheetData",
    "TakesBackStyles",
    "Uncached",
    "Workbook",
    "WorkbookReader",
    "a1",
    "address",
    "column_index",
    "column_letter",
    "parse_a1",
    "parse_reference",
    "quote_sheet",
    "reference",
]
