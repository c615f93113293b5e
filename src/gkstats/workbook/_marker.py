"""The layout marker a gkstats template carries: where its named cells are, in one name.

A template names every cell it asks for (``GK_t3_total_natural`` …), about two hundred names.
Reading them one by one costs a round trip to Excel each when the workbook is open in Excel
(a COM call on Windows, an AppleScript event on a Mac), so the template also carries one
workbook-scoped name, ``GK_layout``, whose text lists, per sheet, the cell of every name and
a digest of the sheet's labels (every non-empty cell that is not a named one).

A reader that reads the sheets anyway (one 2-D read each) can then trust the marker without
reading the names: a sheet whose labels are still where the template put them has not had
rows or columns inserted or deleted, so its names still point where the marker says.  When a
digest does not match (rows inserted, labels edited, a sheet moved), or the marker is missing,
the reader goes back to the names themselves.

The marker is derived from the workbook the template module has just built (its names and
its cells), so it never says anything the names do not.  Its text is ASCII; it is written as
string literals of at most 255 characters joined with ``&`` (Excel's limit for one literal).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence

import attrs

from .._errors import GkError
from ..formats import Format, get_format
from ._template_names import FORMAT_NAME
from .gateway import Cell, WorkbookReader, parse_reference, reference

#: The workbook-scoped name holding the marker.
LAYOUT_NAME = "GK_layout"
_TAG = "gkstats-layout/1"
_LITERAL = 255
_LITERALS = re.compile(r'"((?:[^"]|"")*)"')


@attrs.frozen
class SheetLayout:
    """One sheet of the template: where it is, how far it reaches, its labels, its names."""

    #: Position among the workbook's sheets, from 0.
    index: int
    #: The template's extent from A1: everything it wrote is within ``rows`` × ``cols``.
    rows: int
    cols: int
    #: :func:`label_digest` of the sheet's cells within the extent.
    digest: str
    #: Defined name → its cell on this sheet.
    names: tuple[tuple[str, Cell], ...]

    @property
    def named(self) -> frozenset[Cell]:
        return frozenset(cell for _, cell in self.names)

    def fresh(self, values: Mapping[Cell, object]) -> bool:
        """Whether the sheet's labels are still where the template put them."""
        return label_digest(values, self.named, self.rows, self.cols) == self.digest


@attrs.frozen
class Layout:
    format_id: str
    sheets: tuple[SheetLayout, ...]

    def text(self) -> str:
        parts = [_TAG, self.format_id]
        for s in self.sheets:
            entries = ",".join(f"{_key(name, self.format_id)}={r}.{c}" for name, (r, c) in s.names)
            parts.append(f"{s.index}:{s.rows}:{s.cols}:{s.digest}:{entries}")
        return ";".join(parts)

    def formula(self) -> str:
        """The marker as a defined name's formula: ``"…"&"…"`` (no leading ``=``)."""
        text = self.text()
        chunks = [text[i : i + _LITERAL] for i in range(0, len(text), _LITERAL)] or [""]
        return "&".join(f'"{chunk}"' for chunk in chunks)

    def names(self, sheet_names: Sequence[str]) -> dict[str, str]:
        """The template's defined names as the marker gives them, on the sheets as they are
        named now (a renamed sheet keeps its names)."""
        out = {FORMAT_NAME: f'"{self.format_id}"', LAYOUT_NAME: self.formula()}
        for s in self.sheets:
            for name, cell in s.names:
                out[name] = reference(sheet_names[s.index], cell)
        return out


@functools.cache
def _cell_names(format_id: str) -> tuple[str, ...]:
    return tuple(c.name for c in get_format(format_id).cells)


@functools.cache
def _positions(format_id: str) -> dict[str, int]:
    return {name: i for i, name in enumerate(_cell_names(format_id))}


def _key(name: str, format_id: str) -> str:
    """A format cell's name as its position in the format (short); any other name as is."""
    at = _positions(format_id).get(name)
    return name if at is None else str(at)


def label_digest(
    values: Mapping[Cell, object], named: frozenset[Cell], rows: int, cols: int
) -> str:
    """A digest of every non-empty cell within ``rows`` × ``cols`` that is not a named cell;
    ``"-"`` when one of them is not text (a template writes only text outside its inputs)."""
    lines = []
    for (r, c), value in sorted(values.items()):
        if r > rows or c > cols or (r, c) in named or value is None or value == "":
            continue
        if not isinstance(value, str):
            return "-"
        lines.append(f"{r},{c},{value}")
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def layout_of(wb: WorkbookReader, fmt: Format) -> Layout:
    """The marker of a workbook the template module has just built."""
    order = wb.sheet_names()
    by_sheet: dict[str, list[tuple[str, Cell]]] = {}
    for name, ref in wb.defined_names().items():
        target = parse_reference(ref)
        if target is not None and name.startswith("GK_"):
            by_sheet.setdefault(target[0], []).append((name, target[1]))
    sheets = []
    for index, sheet in enumerate(order):
        names = tuple(by_sheet.get(sheet, ()))
        if not names:
            continue
        values = wb.read_sheet(sheet).values
        cells = [*values, *(cell for _, cell in names)]
        rows, cols = max(r for r, _ in cells), max(c for _, c in cells)
        named = frozenset(cell for _, cell in names)
        digest = label_digest(values, named, rows, cols)
        sheets.append(SheetLayout(index, rows, cols, digest, names))
    return Layout(fmt.id, tuple(sheets))


def parse_layout(refers_to: str) -> Layout | None:
    """The marker from its name's formula (``="…"&"…"``); ``None`` if it is not one."""
    body = refers_to.strip().removeprefix("=")
    if _LITERALS.sub("", body).replace("&", "").strip():
        return None
    text = "".join(m.replace('""', '"') for m in _LITERALS.findall(body))
    parts = text.split(";")
    if len(parts) < 2 or parts[0] != _TAG:
        return None
    format_id = parts[1]
    try:
        cell_names = _cell_names(format_id)
        sheets = tuple(_parse_sheet(p, cell_names) for p in parts[2:])
    except (ValueError, IndexError, GkError):  # not a marker we wrote (or an unknown format)
        return None
    return Layout(format_id, sheets)


def _parse_sheet(text: str, cell_names: tuple[str, ...]) -> SheetLayout:
    index, rows, cols, digest, entries = text.split(":", 4)
    names = []
    for entry in filter(None, entries.split(",")):
        key, _, where = entry.partition("=")
        r, _, c = where.partition(".")
        name = cell_names[int(key)] if key.isdigit() else key
        names.append((name, (int(r), int(c))))
    return SheetLayout(int(index), int(rows), int(cols), digest, tuple(names))


__all__ = ["LAYOUT_NAME", "Layout", "SheetLayout", "label_digest", "layout_of", "parse_layout"]
