"""The package editor: the workbook gateway for changing a file the user already has.

DESIGN §4: marking, clearing and importing last year's figures rewrite only the parts they
must — the touched cells in their sheet part, appended styles, the touched sheet's notes and
their VML drawing, gkstats' own sheets, the workbook part and the relationships and content
types that list them.  Every other part of the zip is written back as it was read, so
shapes, charts, sparklines, extensions, threaded comments, custom XML and VBA projects —
whatever openpyxl does not model — come through untouched.

Values are read through a reader of the same file (the openpyxl workbook the check just read,
else python-calamine, else openpyxl), with this editor's own writes laid over them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..._errors import GkError
from .._calamine import CalamineWorkbook
from .._safety import inspect_workbook
from .._sheetfit import FOOTER, fitted_widths, row_height
from ..gateway import Cell, Note, SheetData, WorkbookReader
from ._book import CALC_CHAIN_TYPE, WORKSHEET_CT, WORKSHEET_TYPE, BookXml, SheetEntry
from ._newsheet import NewSheet
from ._notes import THREADED_TYPE, threaded_cells
from ._parts import Package, damaged
from ._sheet import SheetXml
from ._sheetnotes import SheetNotes
from ._styles import Styles, minimal

if TYPE_CHECKING:
    from .._stream import StreamWorkbook

_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_FONT = '<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>'
_OWN = {
    "head": ("<b/>" + _FONT, "D9D9D9", 'vertical="center"'),
    "body": (_FONT, None, 'vertical="top" wrapText="1"'),
    "link": ('<u/><sz val="11"/><color rgb="FF0563C1"/><name val="宋体"/><family val="3"/>'
             '<charset val="134"/>', None, 'vertical="top" wrapText="1"'),
}  # fmt: skip
_USED_STYLE = re.compile(r"""\s(?:s|style)=["'](\d+)["']""")


class PackageWorkbook:
    """:class:`~gkstats.workbook.gateway.Workbook` editing the file's own XML."""

    def __init__(self, path: str | Path, reader: WorkbookReader | None = None) -> None:
        self.path = inspect_workbook(path).path  # the cell limits too (issue 16)
        self.pkg = Package(self.path)
        self._reader = reader
        self._main = self._main_part()
        self.book = BookXml(self.pkg.text(self._main), f"{self.path}:{self._main}")
        self._sheets: dict[str, SheetXml] = {}
        self._new: dict[str, NewSheet] = {}
        self._written: dict[str, dict[Cell, object]] = {}
        self.notes = SheetNotes(self.pkg, self._sheet_xml)
        self._styles: Styles | None = None
        self._styles_part = ""
        self._baseline: str | None = None
        self._styles_read = ""
        self._threads: dict[str, set[Cell]] = {}
        self._formula_replaced = False
        #: A reader this editor opened itself, closed before the file is replaced.
        self._own_reader: CalamineWorkbook | StreamWorkbook | None = None

    def _main_part(self) -> str:
        for rel in self.pkg.rels(""):
            if rel["Type"] == _OFFICE_DOC and "Part" in rel:
                return rel["Part"]
        return "xl/workbook.xml"

    # --- reading ---------------------------------------------------------------------------
    @property
    def source(self) -> str:
        return str(self.path)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets()]

    def sheet_hidden(self, name: str) -> bool:
        return self._entry(name).state != "visible"

    def defined_names(self) -> Mapping[str, str]:
        return self.book.defined_names()

    def read_sheet(self, name: str) -> SheetData:
        if name in self._new:
            values = {k: v for k, v in self._new[name].values.items() if v not in (None, "")}
            return SheetData(name, values)
        data = self._values_reader().read_sheet(name)
        written = self._written.get(name)
        if not written:
            return data
        values = dict(data.values)
        for cell, value in written.items():
            if value is None or value == "":
                values.pop(cell, None)
            else:
                values[cell] = value
        return SheetData(name, values, data.merged)

    def _values_reader(self) -> WorkbookReader:
        if self._reader is None:  # calamine where it may read the workbook, else streamed
            from .. import _calamine

            self._reader = self._own_reader = _calamine.reader_for(self.path)
        return self._reader

    def has_thread(self, sheet: str, cell: Cell) -> bool:
        """Whether the cell holds a threaded comment (a conversation gkstats leaves alone)."""
        if sheet in self._new:
            return False
        part = self._part(sheet)
        if part not in self._threads:
            found: set[Cell] = set()
            for rel in self.pkg.rels(part):
                if rel["Type"] == THREADED_TYPE and self.pkg.has(rel.get("Part", "")):
                    found |= threaded_cells(self.pkg.read(rel["Part"]), str(self.path))
            self._threads[part] = found
        return cell in self._threads[part]

    # --- parts -----------------------------------------------------------------------------
    def _entry(self, name: str) -> SheetEntry:
        for s in self.book.sheets():
            if s.name == name:
                return s
        raise GkError("no_such_sheet", zh=f"没有工作表「{name}」", en=f"no sheet {name!r}")

    def _part(self, name: str) -> str:
        rid = self._entry(name).rid
        for rel in self.pkg.rels(self._main):
            if rel["Id"] == rid and "Part" in rel:
                return str(rel["Part"])
        raise damaged(self.path, f"sheet {name} has no part")

    def _sheet_xml(self, part: str) -> SheetXml:
        if part not in self._sheets:
            sheet = SheetXml(self.pkg.text(part))
            if not re.search(rf"<{sheet.p}sheetData\b", sheet.text):
                raise GkError(
                    "not_a_worksheet",
                    zh=f"工作表（{part}）是图表，不能写入",
                    en=f"{part} is a chart sheet",
                )
            self._sheets[part] = sheet
        return self._sheets[part]

    def _ws(self, name: str) -> SheetXml:
        return self._sheet_xml(self._part(name))

    @property
    def styles(self) -> Styles:
        if self._styles is None:
            part = next(
                (r["Part"] for r in self.pkg.rels(self._main)
                 if r["Type"] == _STYLES_TYPE and "Part" in r),
                None,
            )  # fmt: skip
            if part is None or not self.pkg.has(part):
                part = "xl/styles.xml"
                self.pkg.write(part, minimal())
                self.pkg.add_rel(self._main, _STYLES_TYPE, part)
                self.pkg.add_override(part, _STYLES_CT)
            self._styles_part = part
            self._styles_read = self.pkg.text(part)
            self._styles = Styles(self._styles_read)
            self._baseline = self._styles.baseline()
        return self._styles

    # --- values ----------------------------------------------------------------------------
    def write_values(self, sheet: str, values: Mapping[Cell, object]) -> None:
        if sheet in self._new:
            self._new[sheet].values.update(values)
            return
        ws = self._ws(sheet)
        for cell, value in values.items():
            self._formula_replaced |= ws.set_value(cell, value)
        self._written.setdefault(sheet, {}).update(values)
        self.book.recalculate_on_open()

    # --- fills -----------------------------------------------------------------------------
    def fill_state(self, sheet: str, cell: Cell) -> str | None:
        """The cell's own style id as written (``s=12``): restoring it gives back the fill
        and everything else the format holds."""
        if sheet in self._new:
            return f"s={self._new[sheet].styles.get(cell, '')}"
        return self._ws(sheet).state(cell)

    def set_fill(self, sheet: str, cell: Cell, rgb: str) -> None:
        if sheet in self._new:
            new = self._new[sheet]
            new.styles[cell] = self.styles.with_fill(new.styles.get(cell, 0), rgb)
            return
        ws = self._ws(sheet)
        ws.set_style(cell, self.styles.with_fill(ws.style(cell), rgb))

    def restore_fill(self, sheet: str, cell: Cell, state: str | None) -> None:
        if sheet in self._new:
            own = state[2:] if state and state.startswith("s=") else ""
            self._new[sheet].styles[cell] = int(own) if own.isdigit() else 0
            return
        if state is not None and (state.startswith("s=") or state in ("c-", "c-/", "r-", "r-/")):
            self._ws(sheet).restore(cell, state)
        elif state is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", state):  # an add-in record
            self.set_fill(sheet, cell, state)
        else:
            ws = self._ws(sheet)
            ws.set_style(cell, self.styles.with_fill(ws.style(cell), ""))

    # --- notes -----------------------------------------------------------------------------
    def note(self, sheet: str, cell: Cell) -> Note | None:
        if sheet in self._new:
            return None
        return self.notes.get(self._part(sheet), cell)

    def set_note(self, sheet: str, cell: Cell, note: Note | None) -> None:
        if sheet in self._new or self.has_thread(sheet, cell):
            return
        self.notes.put(self._part(sheet), cell, note)

    # --- sheets ----------------------------------------------------------------------------
    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        taken = set(self.pkg.names())
        k = 1
        while f"xl/worksheets/sheet{k}.xml" in taken:
            k += 1
        part = f"xl/worksheets/sheet{k}.xml"
        self.pkg.write(part, "")
        rid = self.pkg.add_rel(self._main, WORKSHEET_TYPE, part)
        self.pkg.add_override(part, WORKSHEET_CT)
        self.book.add_sheet(name, rid, hidden)
        self._new[name] = NewSheet()

    def remove_sheet(self, name: str) -> None:
        part = self._part(name)
        rid = self._entry(name).rid
        self.book.remove_sheet(name)
        self.pkg.remove_rel(self._main, rid)
        self._drop_part(part)
        self._new.pop(name, None)
        self._sheets.pop(part, None)
        self._written.pop(name, None)

    def _drop_part(self, part: str) -> None:
        """A part and, with it, what only it refers to (its notes, its drawing, …)."""
        owned = [r["Part"] for r in self.pkg.rels(part) if "Part" in r]
        self.pkg.delete(self.pkg.rels_name(part))
        self.pkg.delete(part)
        self.pkg.remove_override(part)
        others = {
            r.get("Part")
            for name in self.pkg.names()
            if name.endswith(".rels")
            for r in self.pkg.rels(_source_of(name))
        }
        for child in owned:
            if child not in others and self.pkg.has(child):
                self._drop_part(child)

    def rename_sheet(self, old: str, new: str) -> None:
        self.book.rename_sheet(old, new)
        if old in self._new:
            self._new[new] = self._new.pop(old)

    # --- gkstats' own sheets -----------------------------------------------------------------
    def _own(self, key: str) -> int:
        font, fill, alignment = _OWN[key]
        return self.styles.own(key, font, fill, alignment)

    def write_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
    ) -> None:
        if sheet not in self._new:
            values: dict[Cell, object] = {(1, j): v for j, v in enumerate(header, start=1)}
            for i, row in enumerate(rows, start=2):
                values.update({(i, j): v for j, v in enumerate(row, start=1)})
            self.write_values(sheet, values)
            return
        new = self._new[sheet]
        head, body = self._own("head"), self._own("body")
        fitted = fitted_widths(header, rows, widths)
        for j, text in enumerate(header, start=1):
            new.values[(1, j)], new.styles[(1, j)] = text, head
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                new.values[(i, j)], new.styles[(i, j)] = value, body
            new.heights[i] = row_height(row, fitted)
        new.widths.update({j: w for j, w in enumerate(fitted, start=1)})
        new.frozen = new.landscape = True
        new.footer = FOOTER

    def link(self, sheet: str, cell: Cell, target: str) -> None:
        if sheet in self._new:
            self._new[sheet].links[cell] = target
            self._new[sheet].styles[cell] = self._own("link")

    # --- taking back what was appended ---------------------------------------------------------
    def baseline(self) -> str:
        """What the shared parts held before gkstats added to them (kept in the mark record)."""
        self.styles  # noqa: B018 - read the part, so the baseline is the file's
        assert self._baseline is not None
        return self._baseline

    def back_to_baseline(self, state: str) -> None:
        """Drop the styles gkstats appended since ``state``, if no cell uses them any more."""
        if self.styles.back_to(state, self._used_styles()):
            self._baseline = self.styles.baseline()

    # --- saving ----------------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> None:
        target = Path(path) if path is not None else self.path
        for name, new in self._new.items():
            self.pkg.write(self._part(name), new.xml())
        self.notes.flush(self._sheet_xml)
        for part, sheet in self._sheets.items():
            if self.pkg.has(part) and sheet.text != self.pkg.text(part):
                self.pkg.write(part, sheet.text)
        if self._styles is not None and self._styles.text != self._styles_read:
            self.pkg.write(self._styles_part, self._styles.text)
        if self._formula_replaced:
            self._drop_calc_chain()
        if self.book.text != self.pkg.text(self._main):
            self.pkg.write(self._main, self.book.text)
        from .._openpyxl import workbook_not_writable

        if self._own_reader is not None:
            self._own_reader.close()
        with workbook_not_writable(target):
            self.pkg.save(target)

    def _used_styles(self) -> set[int]:
        used: set[int] = set()
        for rel in self.pkg.rels(self._main):
            part = rel.get("Part", "")
            if rel["Type"] == WORKSHEET_TYPE and self.pkg.has(part):
                text = self._sheets[part].text if part in self._sheets else self.pkg.text(part)
                used |= {int(m) for m in _USED_STYLE.findall(text)}
        return used

    def _drop_calc_chain(self) -> None:
        """A value written over a formula: Excel rebuilds the calculation chain it lists."""
        for rel in self.pkg.rels(self._main):
            if rel["Type"] == CALC_CHAIN_TYPE and "Part" in rel:
                self.pkg.remove_rel(self._main, rel["Id"])
                self.pkg.delete(rel["Part"])
                self.pkg.remove_override(rel["Part"])

    def close(self) -> None:
        self.pkg.close()


def _source_of(rels_name: str) -> str:
    """``xl/worksheets/_rels/sheet1.xml.rels`` → ``xl/worksheets/sheet1.xml``."""
    folder, base = rels_name.rsplit("/_rels/", 1) if "/_rels/" in rels_name else ("", rels_name)
    base = base.removesuffix(".rels").removeprefix("_rels/")
    return f"{folder}/{base}" if folder else base


__all__ = ["PackageWorkbook"]
