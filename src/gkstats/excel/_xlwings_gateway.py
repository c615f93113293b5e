"""The workbook gateway over an xlwings ``Book``: the live workbook in Excel.

It implements :class:`gkstats.workbook.gateway.Workbook` with xlwings' public API only, so
the check, mark and clear commands written on the gateway run unchanged on the workbook the
ribbon button was clicked in. Reads are bulk (one call per sheet for the used range); writes
go cell by cell, which is what marking needs (a few dozen cells).

Where xlwings cannot express what openpyxl can, the gateway says what it keeps:

- a fill is kept as its RGB colour (xlwings' ``Range.color``), so a solid fill comes back
  exactly; a patterned or theme-linked fill comes back as its colour;
- a note is kept as its text (xlwings' ``Note.text``); Excel sets the author and the size;
- ``read_sheet`` asks for merged areas per text cell (xlwings has no bulk read of them), and
  reports none where the engine cannot tell (the remote engine);
- a hidden sheet is hidden as Excel's "hidden" (xlwings' ``Sheet.visible``), and "very
  hidden" where the engine is Excel for Windows.

Engines that cannot read fills or note texts synchronously (xlwings' remote engine) raise a
:class:`~gkstats.GkError` from :meth:`fill_state` and :meth:`note`; the hooks
:meth:`_read_color` and :meth:`_read_note_text` are the only places that read them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .._errors import GkError
from ..workbook.gateway import Cell, CellRange, Note, SheetData, parse_a1

_XL_SHEET_VERY_HIDDEN = 2
HEADER_FILL = "#D9D9D9"


class XlwingsGateway:
    """:class:`~gkstats.workbook.gateway.Workbook` over an ``xlwings.Book``."""

    def __init__(self, book: Any) -> None:
        self.book = book
        #: What this gateway wrote, so a link shows it without reading it back.
        self._written: dict[tuple[str, Cell], object] = {}

    # --- reading ---------------------------------------------------------------------
    @property
    def source(self) -> str:
        return str(self.book.name)

    def sheet_names(self) -> list[str]:
        return [str(s.name) for s in self.book.sheets]

    def sheet_hidden(self, name: str) -> bool:
        return not bool(self._sheet(name).visible)

    def read_sheet(self, name: str) -> SheetData:
        sheet = self._sheet(name)
        used = sheet.used_range
        rows = used.options(ndim=2, err_to_str=True).value or []
        top, left = int(used.row), int(used.column)
        values: dict[Cell, object] = {}
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is None or value == "":
                    continue
                values[(top + i, left + j)] = value
        texts = [cell for cell, v in values.items() if isinstance(v, str)]
        return SheetData(name, values, self._merged(sheet, texts))

    def defined_names(self) -> Mapping[str, str]:
        names: dict[str, str] = {}
        for n in self.book.names:
            name = str(n.name)
            if "!" in name:  # sheet-scoped: the gateway reports workbook-scoped names only
                continue
            refers_to = n.refers_to
            if refers_to is None:
                continue
            names[name] = str(refers_to).removeprefix("=")
        return names

    # --- writing ---------------------------------------------------------------------
    def write_values(self, sheet: str, values: Mapping[Cell, object]) -> None:
        ws = self._sheet(sheet)
        for cell, value in values.items():
            ws.range(cell).value = _excel_value(value)
            self._written[(sheet, cell)] = value

    def fill_state(self, sheet: str, cell: Cell) -> str | None:
        rgb = self._read_color(sheet, cell)
        if rgb is None:
            return None
        return "{:02X}{:02X}{:02X}".format(*rgb)

    def set_fill(self, sheet: str, cell: Cell, rgb: str) -> None:
        self._range(sheet, cell).color = "#" + rgb.upper().lstrip("#")[-6:]

    def restore_fill(self, sheet: str, cell: Cell, state: str | None) -> None:
        self._range(sheet, cell).color = None if state is None else "#" + state

    def note(self, sheet: str, cell: Cell) -> Note | None:
        text = self._read_note_text(sheet, cell)
        return None if text is None else Note(text)

    def set_note(self, sheet: str, cell: Cell, note: Note | None) -> None:
        rng = self._range(sheet, cell)
        existing = rng.note
        if note is None:
            if existing is not None:
                existing.delete()
        elif existing is not None:
            existing.text = note.text
        else:
            rng.add_note(note.text)

    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        sheets = self.book.sheets
        active = sheets.active
        added = sheets.add(name, after=sheets[len(sheets) - 1])
        if hidden:
            self._hide(added)
        if active is not None:
            active.activate()  # adding a sheet makes it the active one; the user stays put

    def remove_sheet(self, name: str) -> None:
        self._sheet(name).delete()

    def write_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
    ) -> None:
        ws = self._sheet(sheet)
        if header:
            head = ws.range((1, 1), (1, len(header)))
            head.value = [list(header)]
            self._written.update(((sheet, (1, j)), t) for j, t in enumerate(header, start=1))
            head.font.bold = True
            head.color = HEADER_FILL
        if rows:
            ncols = max(len(r) for r in rows)
            block = [[_excel_value(v) for v in r] + [None] * (ncols - len(r)) for r in rows]
            ws.range((2, 1), (1 + len(rows), ncols)).value = block
            for i, row in enumerate(rows, start=2):
                self._written.update(((sheet, (i, j)), v) for j, v in enumerate(row, start=1))
        for j, width in enumerate(widths, start=1):
            ws.range((1, j)).column_width = width
        if header:
            ws.freeze_panes.freeze_at("A2")

    def link(self, sheet: str, cell: Cell, target: str) -> None:
        # A HYPERLINK formula, which every engine writes and every Excel follows; the
        # cell shows what it held.
        rng = self._range(sheet, cell)
        shown = self._written[(sheet, cell)] if (sheet, cell) in self._written else rng.value
        text = target if shown is None or shown == "" else str(shown)
        rng.formula = f'=HYPERLINK("#{_formula_text(target)}","{_formula_text(text)}")'

    def save(self, path: str | None = None) -> None:
        if path is None:
            self.book.save()
        else:
            self.book.save(path)

    # --- engine-dependent reads --------------------------------------------------------
    def _read_color(self, sheet: str, cell: Cell) -> tuple[int, int, int] | None:
        try:
            color = self._range(sheet, cell).color
        except NotImplementedError:
            raise _cannot_read("单元格填充色", "cell fills") from None
        if color is None:
            return None
        if isinstance(color, str):
            text = color.lstrip("#")
            return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
        r, g, b = color
        return int(r), int(g), int(b)

    def _read_note_text(self, sheet: str, cell: Cell) -> str | None:
        existing = self._range(sheet, cell).note
        if existing is None:
            return None
        try:
            return str(existing.text)
        except NotImplementedError:
            raise _cannot_read("批注内容", "note texts") from None

    def _merged(self, sheet: Any, texts: list[Cell]) -> tuple[CellRange, ...]:
        """The merged areas that start at a text cell (a label spanning columns or rows).

        xlwings has no bulk read of merged areas, so this asks per text cell: a label's span
        is what the reader needs, and a value cell's is not.
        """
        found: list[CellRange] = []
        for cell in texts:
            rng = sheet.range(cell)
            try:
                merged = rng.merge_cells
            except NotImplementedError:  # the remote engine cannot tell
                return ()
            if not merged:
                continue
            span = parse_range(str(rng.merge_area.address))
            if span is not None and span[:2] == cell:
                found.append(span)
        return tuple(found)

    # --- helpers -----------------------------------------------------------------------
    def _sheet(self, name: str) -> Any:
        try:
            return self.book.sheets[name]
        except Exception:
            raise GkError(
                "no_such_sheet",
                zh=f"工作簿「{self.source}」中没有工作表「{name}」",
                en=f"workbook {self.source!r} has no sheet {name!r}",
            ) from None

    def _range(self, sheet: str, cell: Cell) -> Any:
        return self._sheet(sheet).range(cell)

    def _hide(self, sheet: Any) -> None:
        sheet.visible = False
        if sys.platform == "win32" and self.book.app.engine.name == "excel":
            # Excel for Windows (COM): "very hidden", so the sheet is not offered under Unhide.
            sheet.api.Visible = _XL_SHEET_VERY_HIDDEN


def _excel_value(value: object) -> object:
    """What xlwings can write: Decimals as floats, everything else as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | str | int | float | bool) or value is None:
        return value
    return str(value)


def parse_range(address: str) -> CellRange | None:
    """``$B$3:$D$4`` → ``(3, 2, 4, 4)``."""
    first, _, last = address.partition(":")
    top_left = parse_a1(first)
    bottom_right = parse_a1(last or first)
    if top_left is None or bottom_right is None:
        return None
    return (*top_left, *bottom_right)


def _formula_text(text: str) -> str:
    return text.replace('"', '""')


def _cannot_read(zh: str, en: str) -> GkError:
    return GkError(
        "excel_engine",
        zh=f"当前的 xlwings 引擎无法读取{zh}，请在 Excel 桌面版中使用 gkstats 加载项",
        en=f"this xlwings engine cannot read {en}; use the gkstats add-in in desktop Excel",
    )


__all__ = ["XlwingsGateway"]
