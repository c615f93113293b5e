"""The workbook gateway over an xlwings ``Book``: the live workbook in Excel.

It implements :class:`gkstats.workbook.gateway.Workbook`, so the check, mark, clear and import
commands written on the gateway run unchanged on the workbook a ribbon button was clicked in.
Three things shape it:

**Only what desktop Excel can do.** Every call goes to members that both of xlwings' desktop
engines implement (Windows COM, Mac AppleScript); what they lack goes through one small
``.api`` function each (:mod:`._desktop`) or is done without.

**Few round trips.** Each engine call is a round trip to Excel (an AppleScript event on a Mac),
so the gateway reads each sheet in one 2-D read, never cell by cell; finds a gkstats template's
cells from the layout marker the template carries (:mod:`gkstats.workbook._marker`) instead of
reading its ~200 names, reading the names only when the marker is missing or stale; remembers
what it read and wrote (a fill it set is not read back); and writes the sheets it adds in one
block each, links included. Some xlwings conveniences cost round trips of their own (checks
before adding a note or a sheet); there the gateway calls the engine member they end in.

**All or nothing.** Every change is recorded in a :class:`~._undo.Journal` with the step that
reverses it; :meth:`rollback` takes them all back, :meth:`commit` makes them final. Sheets the
commands remove are removed at commit only, last, so that a failure before leaves them there.

What xlwings cannot express is kept approximately: a fill as its RGB colour (a patterned or
theme fill comes back as its colour); a note as its text (Excel sets the author); merged areas
are not read (xlwings has no bulk read of them, and the reader does without).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .._errors import GkError
from ..workbook._marker import LAYOUT_NAME, Layout, parse_layout
from ..workbook._sheetfit import FOOTER, fitted_widths
from ..workbook.gateway import Cell, Note, SheetData, parse_a1
from . import _desktop
from ._undo import Journal

HEADER_FILL = "#D9D9D9"
#: Excel's default column width: narrower widths asked for are left at it (a round trip saved).
DEFAULT_WIDTH = 8.43


@attrs.frozen
class Formula:
    """A formula to write (a text value is always written as text)."""

    text: str


@attrs.define
class _CellState:
    """What the gateway knows of one cell: its range, and its fill and note once read."""

    range: Any
    fill: str | None = None
    fill_known: bool = False
    #: The engine's note object (``None``: no note) and its text, once read.
    note: Any = None
    note_text: str | None = None
    note_known: bool = False


class XlwingsGateway:
    """:class:`~gkstats.workbook.gateway.Workbook` over an ``xlwings.Book``."""

    def __init__(self, book: Any, app: Any = None) -> None:
        self.book = book
        #: The Excel application (asked once: every question to Excel is a round trip).
        self.app = app if app is not None else book.app
        self.journal = Journal()
        self._sheets_obj: Any = None
        self._sheets: dict[str, Any] | None = None
        #: Every sheet in the workbook in order, the removed ones still there included.
        self._order: list[Any] = []
        self._data: dict[str, SheetData] = {}
        self._names: dict[str, str] | None = None
        self._cells: dict[tuple[str, Cell], _CellState] = {}
        #: Sheets added by this gateway, and their values not yet written (one block each).
        self._added: set[str] = set()
        self._pending: dict[str, dict[Cell, object]] = {}
        self._written: dict[tuple[str, Cell], object] = {}
        #: Sheets removed, to be deleted at commit: name → (sheet, its values if read).
        self._removed: dict[str, tuple[Any, SheetData | None]] = {}
        self._active: Any = None
        self._spare = itertools.count(1)

    # --- the engine -------------------------------------------------------------------
    @property
    def platform(self) -> _desktop.Platform | None:
        return _desktop.desktop(str(self.app.engine.name))

    # --- reading ---------------------------------------------------------------------
    @property
    def source(self) -> str:
        return str(self.book.name)

    def sheet_names(self) -> list[str]:
        return list(self._sheet_map())

    def sheet_hidden(self, name: str) -> bool:
        return _desktop.is_hidden(self._sheet(name).visible)

    def read_sheet(self, name: str) -> SheetData:
        got = self._data.get(name)
        if got is None:
            self._flush(name)
            used = self._sheet(name).used_range
            top_left = parse_a1(str(used.address).split(":")[0]) or (1, 1)
            got = self._data[name] = self._sheet_data(name, top_left, used.raw_value)
        return got

    def defined_names(self) -> Mapping[str, str]:
        """gkstats' names (``GK_…``), from the template's layout marker when it is fresh,
        else read from the workbook (a name and what it refers to: a round trip each)."""
        if self._names is None:
            self._names = self._names_from_marker()
            if self._names is None:
                self._names = self._names_from_workbook()
        return self._names

    def _names_from_marker(self) -> dict[str, str] | None:
        try:  # a missing name is KeyError, a COM error or an AppleScript error, by engine
            refers_to = self.book.names[LAYOUT_NAME].refers_to
        except Exception:
            return None
        layout = parse_layout(str(refers_to)) if refers_to is not None else None
        names = self.sheet_names()
        if layout is None or any(s.index >= len(names) for s in layout.sheets):
            return None
        regions = {}
        for s in layout.sheets:
            name = names[s.index]
            if name in self._data:
                values = self._data[name].values
            else:  # the template's extent only: one 2-D read from A1
                raw = self._sheet(name).range((1, 1), (s.rows, s.cols)).raw_value
                values = self._sheet_data(name, (1, 1), raw).values
            if not s.fresh(values):
                return None
            regions[name] = values
        for name, values in regions.items():
            self._data.setdefault(name, SheetData(name, values))
        return _template_names(layout, names)

    def _names_from_workbook(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for name, handle in self.book.names.impl.snapshot():
            name = str(name)
            # sheet-scoped names ("Sheet1!x") are not gkstats'; nor is any name not GK_…
            if "!" in name or not name.startswith("GK_"):
                continue
            refers_to = handle.refers_to
            if refers_to is not None:
                names[name] = str(refers_to).removeprefix("=")
        return names

    def _sheet_data(self, name: str, top_left: Cell, raw: Any) -> SheetData:
        rows = _rows(raw)
        clean = self.app.engine.impl.clean_value_data(rows, dt.datetime, None, None, True)
        top, left = top_left
        values: dict[Cell, object] = {}
        for i, row in enumerate(clean):
            for j, value in enumerate(row):
                if value is not None and value != "":
                    values[(top + i, left + j)] = value
        return SheetData(name, values)

    # --- cells ---------------------------------------------------------------------------
    def fill_state(self, sheet: str, cell: Cell) -> str | None:
        state = self._cell(sheet, cell)
        if not state.fill_known:
            try:
                color = state.range.color
            except NotImplementedError:
                raise _cannot_read("单元格填充色", "cell fills") from None
            state.fill, state.fill_known = _hex(color), True
        return state.fill

    def set_fill(self, sheet: str, cell: Cell, rgb: str) -> None:
        self._set_fill(sheet, cell, rgb.upper().lstrip("#")[-6:])

    def restore_fill(self, sheet: str, cell: Cell, state: str | None) -> None:
        self._set_fill(sheet, cell, state)

    def _set_fill(self, sheet: str, cell: Cell, rgb: str | None) -> None:
        before = self.fill_state(sheet, cell)
        state = self._cell(sheet, cell)

        def paint(value: str | None) -> None:
            state.range.color = None if value is None else "#" + value
            state.fill = value

        paint(rgb)
        self.journal.record(f"{sheet}!{_a1(cell)} 的填充色", lambda: paint(before))

    def note(self, sheet: str, cell: Cell) -> Note | None:
        state = self._note_state(sheet, cell)
        return None if state.note is None else Note(state.note_text or "")

    def set_note(self, sheet: str, cell: Cell, note: Note | None) -> None:
        state = self._note_state(sheet, cell)
        before = state.note_text if state.note is not None else None
        self._write_note(state, None if note is None else note.text)
        self.journal.record(f"{sheet}!{_a1(cell)} 的批注", lambda: self._write_note(state, before))

    def _note_state(self, sheet: str, cell: Cell) -> _CellState:
        state = self._cell(sheet, cell)
        if not state.note_known:
            state.note = state.range.impl.note
            if state.note is not None:
                try:
                    state.note_text = str(state.note.text)
                except NotImplementedError:
                    raise _cannot_read("批注内容", "note texts") from None
            state.note_known = True
        return state

    @staticmethod
    def _write_note(state: _CellState, text: str | None) -> None:
        """The cell's note made to say ``text`` (``None``: no note). A note that is there
        keeps its object (and so its author): only its text changes."""
        if text is None:
            if state.note is not None:
                state.note.delete()
            state.note, state.note_text = None, None
        elif state.note is not None:
            if text != state.note_text:
                state.note.text = text
            state.note_text = text
        else:
            state.note, state.note_text = state.range.impl.add_note(text), text

    def _cell(self, sheet: str, cell: Cell) -> _CellState:
        key = (sheet, cell)
        state = self._cells.get(key)
        if state is None:
            state = self._cells[key] = _CellState(self._sheet(sheet).range(cell))
        return state

    # --- values --------------------------------------------------------------------------
    def write_values(self, sheet: str, values: Mapping[Cell, object]) -> None:
        if sheet in self._added:  # written in one block at commit
            self._sheet(sheet)
            self._pending.setdefault(sheet, {}).update(values)
            self._written.update(((sheet, c), v) for c, v in values.items())
            return
        for run in _runs(values):
            self._write_run(sheet, run, [values[c] for c in run])

    def _write_run(self, sheet: str, run: list[Cell], values: list[object]) -> None:
        """Cells side by side in a row of a sheet that was there: one read of what they hold
        (formulas as formulas), so it can be put back, and one write."""
        held = self.read_sheet(sheet).values
        rng = self._sheet(sheet).range(run[0], run[-1])
        formulas = _row_of(rng.impl.formula)
        before = [_restored(f, held.get(c)) for f, c in zip(formulas, run)]
        rng.raw_value = [[_excel_value(v) for v in values]]
        self._data[sheet] = SheetData(sheet, {**held, **dict(zip(run, values))})
        self._written.update(zip(((sheet, c) for c in run), values))

        def put_back() -> None:
            rng.raw_value = [before]

        self.journal.record(f"{sheet}!{_a1(run[0])}:{_a1(run[-1])} 的数值", put_back)

    def write_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
    ) -> None:
        values: dict[Cell, object] = {(1, j): t for j, t in enumerate(header, start=1)}
        for i, row in enumerate(rows, start=2 if header else 1):
            values.update(((i, j), v) for j, v in enumerate(row, start=1) if v is not None)
        self.write_values(sheet, values)
        ws = self._sheet(sheet)
        if header:
            head = ws.range((1, 1), (1, len(header)))
            head.font.bold = True
            head.color = HEADER_FILL
        for first, last, width in _width_runs(fitted_widths(header, rows, widths)):
            ws.range((1, first), (1, last)).column_width = width
        if rows:  # Excel grows a row of wrapped text itself as the values come in
            top = 2 if header else 1
            width = max(len(header), *map(len, rows))
            ws.range((top, 1), (top + len(rows) - 1, width)).wrap_text = True
        _desktop.print_setup(ws, self.platform, FOOTER)

    def link(self, sheet: str, cell: Cell, target: str) -> None:
        # A HYPERLINK formula, which every engine writes and every Excel follows; the cell
        # shows what it held.
        key = (sheet, cell)
        if key in self._written:
            shown = self._written[key]
        else:
            shown = self.read_sheet(sheet).values.get(cell)
        text = target if shown is None or shown == "" else str(shown)
        formula = Formula(f'=HYPERLINK("#{_formula_text(target)}","{_formula_text(text)}")')
        self.write_values(sheet, {cell: formula})

    def _flush(self, sheet: str | None = None) -> None:
        """Write the pending values of the sheets this gateway added: one block each, from A1
        to the last cell written (a sheet added here holds nothing else)."""
        for name in [sheet] if sheet is not None else list(self._pending):
            pending = self._pending.pop(name, None)
            if not pending or name not in self._added:
                continue
            written = {c: v for (s, c), v in self._written.items() if s == name}
            rows = max(r for r, _ in written)
            cols = max(c for _, c in written)
            block = [
                [_excel_value(written.get((r, c))) for c in range(1, cols + 1)]
                for r in range(1, rows + 1)
            ]
            self._sheet(name).range((1, 1), (rows, cols)).raw_value = block

    # --- sheets --------------------------------------------------------------------------
    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        sheets = self._sheet_map()
        if name in self._removed:  # a sheet removed in this click still has the name
            self._give_up_name(name)
        if self._active is None:
            self._active = self._sheets_obj.active
        added = self._add_last(name)
        self.journal.record(
            f"新增的工作表「{name}」", lambda: self._delete(added), key=("sheet", name)
        )
        sheets[name] = added
        self._added.add(name)
        if hidden and not _desktop.hide_very(added, self.platform):
            added.visible = False

    def remove_sheet(self, name: str) -> None:
        sheet = self._sheet(name)
        sheets = self._sheet_map()
        if name in self._added:  # added by this click: nothing of the user's in it
            self._delete(sheet)
            self._added.discard(name)
            self._pending.pop(name, None)
            self._written = {k: v for k, v in self._written.items() if k[0] != name}
            self.journal.forget(("sheet", name))
        else:
            self._removed[name] = (sheet, self._data.get(name))
        del sheets[name]
        self._data.pop(name, None)

    def _give_up_name(self, name: str) -> None:
        """A removed sheet makes room for a new one of its name: deleted now when it can be
        rebuilt (its values were read), else renamed and deleted at commit."""
        sheet, data = self._removed[name]
        if data is None:
            self._rename(sheet, f"_gkstats_old{next(self._spare)}")
            return
        del self._removed[name]
        self._delete_rebuildable(sheet, data)

    def _delete_rebuildable(self, sheet: Any, data: SheetData) -> None:
        self._delete(sheet)
        self.journal.record(f"删除的工作表「{data.name}」", lambda: self._rebuild(data))

    def _add_last(self, name: str) -> Any:
        """A new sheet after the last one (the engine's own add: xlwings' ``Sheets.add``
        first reads every sheet's name to refuse a taken one, which the gateway knows)."""
        self._sheet_map()
        added = _sheet_type()(impl=self._sheets_obj.impl.add(None, self._order[-1].impl, name))
        self._order.append(added)
        return added

    def _delete(self, sheet: Any) -> None:
        sheet.delete()
        self._order = [s for s in self._order if s is not sheet]

    def _rename(self, sheet: Any, new: str) -> None:
        old = str(sheet.name)
        sheet.name = new

        def back() -> None:
            sheet.name = old

        self.journal.record(f"工作表「{old}」的名称", back)

    # --- all or nothing ----------------------------------------------------------------
    def commit(self) -> None:
        """Write what is pending, delete the removed sheets, and make it all final.

        The removed sheets go last: a sheet whose values were read (gkstats' mark record) is
        deleted first, as it can be rebuilt from them if a later step fails; one that was not
        (the results sheet, with its links and formatting) goes last of all, so that nothing
        can fail after it."""
        self._flush()
        if self._active is not None:
            self._active.impl.activate()  # xlwings' activate first activates app and book
        removed = sorted(self._removed.values(), key=lambda r: r[1] is None)
        for sheet, data in removed:
            if data is None:
                self._delete(sheet)
            else:
                self._delete_rebuildable(sheet, data)
        self._removed.clear()
        self._active = None
        self.journal.commit()

    def rollback(self) -> list[str]:
        """Take every change of this click back; what could not be taken back."""
        self._pending.clear()
        failed = self.journal.rollback()
        if self._active is not None:
            try:
                self._active.impl.activate()
            except Exception:
                failed.append("原来的活动工作表")
            self._active = None
        self._removed.clear()
        return failed

    def _rebuild(self, data: SheetData) -> None:
        """A deleted sheet of plain values (gkstats' record), back at the end, very hidden."""
        sheet = self._add_last(data.name)
        if data.values:
            rows = max(r for r, _ in data.values)
            cols = max(c for _, c in data.values)
            sheet.range((1, 1), (rows, cols)).raw_value = [
                [_excel_value(data.values.get((r, c))) for c in range(1, cols + 1)]
                for r in range(1, rows + 1)
            ]
        if not _desktop.hide_very(sheet, self.platform):
            sheet.visible = False

    def save(self, path: str | None = None) -> None:
        self.commit()
        if path is None:
            self.book.save()
        else:
            self.book.save(path)

    # --- helpers -----------------------------------------------------------------------
    def _sheet_map(self) -> dict[str, Any]:
        if self._sheets is None:
            self._sheets_obj = self.book.sheets
            self._order = [s for s in self._sheets_obj]  # (list() would ask its length too)
            self._sheets = {str(s.name): s for s in self._order}
        return self._sheets

    def _sheet(self, name: str) -> Any:
        sheet = self._sheet_map().get(name)
        if sheet is None:
            raise GkError(
                "no_such_sheet",
                zh=f"工作簿「{self.source}」中没有工作表「{name}」",
                en=f"workbook {self.source!r} has no sheet {name!r}",
            )
        return sheet


def _sheet_type() -> Any:
    import xlwings

    return xlwings.Sheet


def _template_names(layout: Layout, sheet_names: list[str]) -> dict[str, str]:
    return {k: v.removeprefix("=") for k, v in layout.names(sheet_names).items()}


def _rows(raw: Any) -> list[list[Any]]:
    """A 2-D read as rows: every engine gives a single cell as a scalar, and the Mac engine a
    single row as a flat list."""
    if not isinstance(raw, list | tuple):
        return [[raw]]
    if raw and not isinstance(raw[0], list | tuple):
        return [list(raw)]
    return [list(r) for r in raw]


def _row_of(formulas: Any) -> list[Any]:
    return _rows(formulas)[0]


def _runs(values: Mapping[Cell, object]) -> Iterable[list[Cell]]:
    """The cells as runs of neighbours in a row, each written in one go."""
    run: list[Cell] = []
    for cell in sorted(values):
        if run and cell == (run[-1][0], run[-1][1] + 1):
            run.append(cell)
            continue
        if run:
            yield run
        run = [cell]
    if run:
        yield run


def _width_runs(widths: Sequence[float]) -> Iterable[tuple[int, int, float]]:
    """(first column, last column, width) for neighbours of equal width wider than Excel's
    default; narrower ones stay at the default."""
    col = 1
    for width, group in itertools.groupby(widths):
        n = len(list(group))
        if width > DEFAULT_WIDTH:
            yield col, col + n - 1, width
        col += n


def _excel_value(value: object) -> object:
    """What a 2-D write sends for a value: text always as text (a leading apostrophe, which
    Excel keeps as the cell's prefix, so that 「=…」「1/2」「007」 stay as typed); a formula as
    its text; an empty cell as ""; Decimals as numbers."""
    if isinstance(value, Formula):
        return value.text
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value else ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | int | float | bool):
        return value
    return "'" + str(value)


def _restored(formula: Any, value: object) -> object:
    """What puts a cell back: its formula if it has one, else its value as it was read (text
    as text, a number as a number)."""
    if isinstance(formula, str) and formula.startswith("="):
        return formula
    return _excel_value(value)


def _hex(color: Any) -> str | None:
    if color is None:
        return None
    if isinstance(color, str):
        return color.lstrip("#").upper()[-6:]
    r, g, b = color
    return f"{int(r):02X}{int(g):02X}{int(b):02X}"


def _a1(cell: Cell) -> str:
    from ..workbook.gateway import a1

    return a1(cell)


def _formula_text(text: str) -> str:
    return text.replace('"', '""')


def _cannot_read(zh: str, en: str) -> GkError:
    return GkError(
        "excel_engine",
        zh=f"当前的 xlwings 引擎无法读取{zh}，请在 Excel 桌面版中使用 gkstats 加载项",
        en=f"this xlwings engine cannot read {en}; use the gkstats add-in in desktop Excel",
    )


__all__ = ["Formula", "XlwingsGateway"]
