"""A fast, read-only workbook gateway over python-calamine (the ``fast`` extra), for batches.

calamine reads cell values (a formula's stored result included) many times faster than
openpyxl, but knows neither defined names nor whether an empty result is an empty cell or a
formula nobody calculated.  Those two come from the workbook's XML directly (parsed with
defusedxml): the defined names from ``xl/workbook.xml``, and, only for a sheet that has
formulas at all, which formula cells carry no stored result.  Values are given in the form
openpyxl gives them (whole numbers as ``int``, dates as ``datetime``), so both paths read a
workbook to the same table.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree

from .._errors import GkError
from .._extras import install_hint
from .._limits import limit
from .._text import has_escape
from ._safety import WorkbookScan, inspect_workbook
from .gateway import Cell, SheetData, Uncached, parse_a1

if TYPE_CHECKING:
    from ._stream import StreamWorkbook

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def available() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


class Undecided(Exception):
    """A value calamine cannot give as the file has it: a text that still holds an
    ``_xHHHH_`` sequence (calamine decodes only some of Excel's escapes), a number too long
    for a float (calamine gives infinity, the file 400 digits).  The streamed reader then
    reads that sheet, so that both paths give the same values."""


_NOT_FINITE = (float("inf"), float("-inf"))


def reader_for(
    path: str | Path, scan: WorkbookScan | None = None
) -> CalamineWorkbook | StreamWorkbook:
    """The fastest reader that may read this workbook: calamine when it is installed and
    :func:`suits` the workbook, else the streamed one (limits checked first)."""
    scan = scan if scan is not None else inspect_workbook(path)
    if available() and suits(scan):
        return CalamineWorkbook(path, scan)
    from ._stream import StreamWorkbook

    return StreamWorkbook(path, scan)


def suits(scan: WorkbookScan) -> bool:
    """Whether calamine may read this workbook: it lays every sheet out as a dense grid, so a
    sheet whose cells span more than the cell limit (one figure in A1, one in XFD1048576:
    half a terabyte), or whose cells are placed by counting, is left to the streamed reader."""
    most = limit("cells")
    return all(span is not None and span[0] * span[1] <= most for span in scan.spans.values())


class CalamineWorkbook:
    """:class:`~gkstats.workbook.gateway.WorkbookReader` over python-calamine (see
    :func:`suits` for what it is not given)."""

    def __init__(self, path: str | Path, scan: WorkbookScan | None = None) -> None:
        try:
            import python_calamine
        except ImportError:
            raise GkError(
                "fast_not_installed",
                zh=f"快速读取需要 python-calamine：请运行 {install_hint('fast')}",
                en=f"the fast reader needs python-calamine: {install_hint('fast')}",
            ) from None
        self.scan = scan if scan is not None else inspect_workbook(path)
        self.path = self.scan.path
        self._streamed: Any = None  # the streamed reader, for a sheet calamine cannot give
        try:
            self._book: Any = python_calamine.CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine's own error types for a damaged file
            raise GkError(
                "bad_workbook",
                zh=f"无法打开工作簿 {self.path}：内容损坏或格式不受支持（{type(exc).__name__}）",
                en=f"cannot open workbook {self.path}: damaged or unsupported",
            ) from None
        self._meta = {m.name: m for m in self._book.sheets_metadata}
        self._names, self._parts = _workbook_xml(self.path)

    @property
    def source(self) -> str:
        return str(self.path)

    def close(self) -> None:
        """Let go of the file (before it is replaced: Windows keeps an open file)."""
        self._book.close()
        if self._streamed is not None:
            self._streamed.close()

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def sheet_hidden(self, name: str) -> bool:
        meta = self._meta.get(name)
        return meta is not None and str(meta.visible).rsplit(".", 1)[-1] != "Visible"

    def defined_names(self) -> Mapping[str, str]:
        return dict(self._names)

    def read_sheet(self, name: str) -> SheetData:
        """The sheet as calamine reads it, or, where calamine cannot give a value as the
        file has it (see :class:`Undecided`), as the streamed reader does."""
        try:
            return self._read_sheet(name)
        except Undecided:
            if self._streamed is None:
                from ._stream import StreamWorkbook

                self._streamed = StreamWorkbook(self.path, self.scan)
            got: SheetData = self._streamed.read_sheet(name)
            return got

    def _read_sheet(self, name: str) -> SheetData:
        try:
            sheet = self._book.get_sheet_by_name(name)
        except Exception:  # a chart sheet
            return SheetData(name, {})
        values: dict[Cell, object] = {}
        start = sheet.start
        if start is not None:
            r0, c0 = start
            for i, row in enumerate(sheet.to_python()):
                for j, v in enumerate(row):
                    if v == "" or v is None:
                        continue
                    if (isinstance(v, str) and has_escape(v)) or v in _NOT_FINITE:
                        raise Undecided(name)
                    values[(r0 + i + 1, c0 + j + 1)] = _as_openpyxl(v)
        for cell, formula in self._uncached(name).items():
            if cell not in values:
                values[cell] = Uncached(formula)
        merged = tuple(
            (a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in (sheet.merged_cell_ranges or ())
        )
        return SheetData(name, values, merged)

    def _uncached(self, name: str) -> dict[Cell, str]:
        part = self._parts.get(name)
        if part is None:
            return {}
        data = _read_part(self.path, part)
        if data is None or not _HAS_FORMULA.search(data):
            return {}
        out: dict[Cell, str] = {}
        root = _parse_xml(self.path, data)
        for c in root.iter(f"{_MAIN}c"):
            f = c.find(f"{_MAIN}f")
            if f is None:
                continue
            v = c.find(f"{_MAIN}v")
            if v is None or not (v.text or ""):
                cell = parse_a1(c.get("r", ""))
                if cell is not None:
                    out[cell] = "=" + (f.text or "")
        return out


def _as_openpyxl(v: object) -> object:
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return dt.datetime(v.year, v.month, v.day)
    return v


def _damaged(path: Path, exc: BaseException) -> GkError:
    return GkError(
        "bad_workbook",
        zh=f"无法打开工作簿 {path}：内容损坏（{type(exc).__name__}）",
        en=f"cannot open workbook {path}: damaged ({type(exc).__name__})",
    )


def _read_part(path: Path, part: str) -> bytes | None:
    """One part of the archive; None if absent; a damaged archive (bad CRC, broken
    compression) is a GkError, as it is on the openpyxl path."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(part)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise _damaged(path, exc) from None


def _parse_xml(path: Path, data: bytes) -> Any:
    try:
        return ElementTree.fromstring(data)
    except Exception as exc:  # ParseError, defusedxml's refusals of entities and DTDs
        raise _damaged(path, exc) from None


def _workbook_xml(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Workbook-scoped defined names, and each sheet's XML part."""
    book_xml = _read_part(path, "xl/workbook.xml")
    rels_xml = _read_part(path, "xl/_rels/workbook.xml.rels")
    if book_xml is None or rels_xml is None:
        return {}, {}
    book, rels = _parse_xml(path, book_xml), _parse_xml(path, rels_xml)
    names: dict[str, str] = {}
    for dn in book.iter(f"{_MAIN}definedName"):
        if dn.get("localSheetId") is None and dn.get("name"):
            names[dn.get("name", "")] = dn.text or ""
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    parts: dict[str, str] = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target:
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = posixpath.normpath(posixpath.join("xl", target))
            parts[sheet.get("name", "")] = part
    return names, parts


__all__ = ["CalamineWorkbook", "Undecided", "available", "reader_for", "suits"]
