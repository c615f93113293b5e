"""Reading a workbook file without loading it: openpyxl's own parsers, streamed.

``check`` needs a sheet's values and merged ranges, nothing else; loading the workbook as
openpyxl does for changing it builds an object for every cell, styled empty ones included
(22 million of them took 8 GB).  Here openpyxl's parsers read the parts one at a time: the
workbook part (sheets, their state, defined names), the styles (which numbers are dates), the
shared strings, and each sheet as a stream from which the empty cells have been taken out at
C speed before the XML parser sees them (:func:`~._safety.without_empty_cells`).  Memory stays
with the cells that hold something, and :func:`~._safety.inspect_workbook` has bounded those
before anything is parsed.

Values come out as the openpyxl load gives them (same parser: whole numbers as ``int``,
dates as ``datetime``, a formula as its stored result or :class:`~.gateway.Uncached`), with
Excel's ``_xHHHH_`` escapes decoded, as on the calamine path.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from .._limits import FIGURE_TEXT
from .._text import decode_excel
from ._openpyxl import _formula_text, _load_errors
from ._safety import WorkbookScan, inspect_workbook, without_empty_cells
from .gateway import Cell, SheetData, Uncached

_SI = f"{{{SHEET_MAIN_NS}}}si"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_CHUNK = 1 << 20


class _Book(ExcelReader):
    """openpyxl's reader for the workbook-wide parts only: no sheet is parsed on opening,
    and shared strings are kept as written (openpyxl drops ``x005F_`` from them)."""

    def read_strings(self) -> None:
        self.shared_strings: list[str] = []
        find: Any = self.package.find
        ct = find(_SHARED_STRINGS)
        if ct is not None:
            with self.archive.open(ct.PartName[1:]) as src:
                for _, node in iterparse(src):
                    if node.tag == _SI:
                        text = Text.from_tree(node)  # decoded with the cell's other texts
                        self.shared_strings.append(text.content if text else "")
                        node.clear()

    def open_book(self) -> None:
        self.read_manifest()
        self.read_strings()
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        #: (name, state, part, chart sheet?) for every sheet, in order
        self.sheets = [
            (sheet.name, sheet.state or "visible", rel.target, "chartsheet" in rel.Type)
            for sheet, rel in self.parser.find_sheets()
            if rel.target in self.valid_files
        ]


class _Stream:
    """A part as a file object, the empty cells taken out of it on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._carry = b""
        self._ready = b""
        self._at = 0
        self._done = False

    def read(self, size: int = -1) -> bytes:
        if self._at >= len(self._ready) and not self._done:
            self._fill()
        if size < 0 or size >= len(self._ready) - self._at:
            out = self._ready[self._at :]
            self._ready, self._at = b"", 0
            return out
        out = self._ready[self._at : self._at + size]
        self._at += size
        return out

    def _fill(self) -> None:
        chunk = self._raw.read(_CHUNK)
        if not chunk:
            self._ready, self._at = without_empty_cells(self._carry)[0], 0
            self._carry, self._done = b"", True
            self._raw.close()
            return
        data = self._carry + chunk
        cut = data.rfind(b"<")  # a tag may go on in the next chunk
        if cut <= 0 or len(data) - cut > _CHUNK:
            cut = len(data)
        self._ready, self._at = without_empty_cells(data[:cut])[0], 0
        self._carry = data[cut:]


class _SheetParser(WorkSheetParser):
    """openpyxl's sheet parser: formulas with their stored results, no row formats kept,
    and a number too long to be a figure read as its text (``int`` would refuse it)."""

    def parse_row(self, row: Any) -> tuple[int, list[dict[str, Any]]]:
        for key in [k for k in row.attrib if k != "r"]:
            del row.attrib[key]  # a row's format: openpyxl would keep one per row
        got: tuple[int, list[dict[str, Any]]] = super().parse_row(row)
        return got

    def parse_cell(self, element: Any) -> dict[str, Any]:
        if element.get("t", "n") == "n" and len(element.findtext(VALUE_TAG) or "") > FIGURE_TEXT:
            element.set("t", "str")  # 5,000 digits: kept as text, the reader says why
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "f":
            self.data_only = True
            try:
                cell["cached"] = super().parse_cell(element)["value"]
            finally:
                self.data_only = False
        return cell


class StreamWorkbook:
    """:class:`~gkstats.workbook.gateway.WorkbookReader` over a workbook file, streamed."""

    def __init__(self, path: str | Path, scan: WorkbookScan | None = None) -> None:
        self.scan = scan if scan is not None else inspect_workbook(path)
        self.path = self.scan.path
        with _load_errors(self.path), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self._book = _Book(self.path, read_only=True, keep_links=False)
            self._book.open_book()
        self._sheets = {
            name: (state, part, chart) for name, state, part, chart in self._book.sheets
        }
        parser: Any = self._book.parser
        book_wide = parser.defined_names.by_sheet().get("global", {})
        self._names = {name: dn.attr_text for name, dn in book_wide.items()}

    def close(self) -> None:
        self._book.archive.close()

    def __enter__(self) -> StreamWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def source(self) -> str:
        return str(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def sheet_hidden(self, name: str) -> bool:
        return self._sheets[name][0] != "visible"

    def defined_names(self) -> Mapping[str, str]:
        return self._names

    def read_sheet(self, name: str) -> SheetData:
        _state, part, chart = self._sheets[name]
        if chart:
            return SheetData(name, {})
        values: dict[Cell, object] = {}
        with _load_errors(self.path), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns once per odd cell
            parser = self._parser(part)
            for cells in _rows(parser):
                for c in cells:
                    v = c["value"]
                    if v is None or v == "":
                        continue
                    if c["data_type"] == "f":
                        got = c.get("cached")
                        v = got if got is not None and got != "" else Uncached(_formula_text(v))
                    if isinstance(v, str):
                        v = decode_excel(v)
                    values[(c["row"], c["column"])] = v
            merged = tuple(_merged(parser))
        return SheetData(name, values, merged)

    def _parser(self, part: str) -> _SheetParser:
        wb: Any = self._book.wb
        return _SheetParser(
            _Stream(self._book.archive.open(part)),
            self._book.shared_strings,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )


def _rows(parser: _SheetParser) -> Iterator[list[dict[str, Any]]]:
    for _, cells in parser.parse():
        yield cells


def _merged(parser: _SheetParser) -> Iterator[tuple[int, int, int, int]]:
    merged = parser.merged_cells
    for m in getattr(merged, "mergeCell", None) or ():
        with contextlib.suppress(ValueError, TypeError):
            min_col, min_row, max_col, max_row = range_boundaries(m.ref)
            if min_col and min_row and max_col and max_row:
                yield (min_row, min_col, max_row, max_col)


__all__ = ["StreamWorkbook"]
