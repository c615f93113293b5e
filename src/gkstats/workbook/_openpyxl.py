"""The workbook gateway over openpyxl, for new workbooks (the template, summaries) and the
tests; reading a file for checking is streamed (:mod:`._stream`).

A workbook is loaded once, with its formulas (so that saving keeps them); a formula's
cached result is read from a second, read-only load only when a sheet has formulas.
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import openpyxl
from openpyxl.cell.cell import Cell as XlCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.fills import Fill
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import fromstring, tostring

from .._cells import put_cell
from .._errors import GkError
from .._files import replacing
from .._text import clean, decode_excel, encode_excel
from ._safety import inspect_workbook
from ._sheetfit import FOOTER, fitted_widths, row_height
from .gateway import Cell, Note, SheetData, Uncached, parse_a1

_NO_FILL = PatternFill()


class OpenpyxlWorkbook:
    """:class:`~gkstats.workbook.gateway.Workbook` over an ``openpyxl.Workbook``."""

    def __init__(self, book: openpyxl.Workbook, path: Path | None = None) -> None:
        self.book = book
        self.path = path
        self._cached: dict[str, dict[Cell, object]] | None = None

    # --- opening ---------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> OpenpyxlWorkbook:
        p = inspect_workbook(path, editing=True).path
        with _load_errors(p):
            book = openpyxl.load_workbook(
                p, keep_vba=p.suffix.lower() == ".xlsm", data_only=False, keep_links=True
            )
        return cls(book, p)

    # --- reading ---------------------------------------------------------------------
    @property
    def source(self) -> str:
        return str(self.path) if self.path else "（新工作簿）"

    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def sheet_hidden(self, name: str) -> bool:
        return self.book[name].sheet_state != "visible"

    def read_sheet(self, name: str) -> SheetData:
        ws = self.book[name]
        if not isinstance(ws, Worksheet):  # a chart sheet
            return SheetData(name, {})
        values: dict[Cell, object] = {}
        formulas: list[tuple[Cell, object]] = []
        for key, cell in ws._cells.items():
            v = cell.value
            if v is None or v == "":
                continue
            if cell.data_type == "f":
                formulas.append((key, v))
            else:
                values[key] = decode_excel(v) if isinstance(v, str) else v
        if formulas:
            cached = self._cached_values().get(name, {})
            for key, formula in formulas:
                got = cached.get(key)
                if isinstance(got, str):
                    got = decode_excel(got)
                values[key] = got if got is not None else Uncached(_formula_text(formula))
        merged = tuple((r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges)
        return SheetData(name, values, merged)

    def defined_names(self) -> Mapping[str, str]:
        return {name: dn.attr_text for name, dn in self.book.defined_names.items()}

    def _cached_values(self) -> dict[str, dict[Cell, object]]:
        """The results Excel stored for formula cells (the file's, not our recalculation)."""
        if self._cached is None:
            self._cached = {}
            if self.path is not None:
                with _load_errors(self.path):
                    book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
                try:
                    for ws in book.worksheets:
                        got = self._cached.setdefault(ws.title, {})
                        for row in ws.iter_rows():
                            for c in row:
                                value = getattr(c, "value", None)
                                r, col = getattr(c, "row", None), getattr(c, "column", None)
                                if value is not None and value != "" and r and col:
                                    got[(r, col)] = value
                finally:
                    book.close()
        return self._cached

    # --- writing ---------------------------------------------------------------------
    def _cell(self, sheet: str, cell: Cell) -> Any:
        return self._ws(sheet).cell(row=cell[0], column=cell[1])

    def _ws(self, sheet: str) -> Worksheet:
        ws = self.book[sheet]
        if not isinstance(ws, Worksheet):
            raise GkError(
                "not_a_worksheet",
                zh=f"工作表「{sheet}」是图表，不能写入",
                en=f"sheet {sheet!r} is a chart sheet",
            )
        return ws

    def write_values(self, sheet: str, values: Mapping[Cell, object]) -> None:
        ws = self._ws(sheet)
        for (row, col), value in values.items():
            _put(ws.cell(row=row, column=col), value)

    def fill_state(self, sheet: str, cell: Cell) -> str | None:
        fill = self._cell(sheet, cell).fill
        if fill is None or fill == _NO_FILL:
            return None
        text = tostring(fill.to_tree())
        return text.decode("utf-8") if isinstance(text, bytes) else str(text)

    def set_fill(self, sheet: str, cell: Cell, rgb: str) -> None:
        colour = "FF" + rgb.upper().lstrip("#")[-6:]
        self._cell(sheet, cell).fill = PatternFill("solid", start_color=colour, end_color=colour)

    def restore_fill(self, sheet: str, cell: Cell, state: str | None) -> None:
        target = self._cell(sheet, cell)
        if state is None:
            target.fill = PatternFill()
            return
        fill = Fill.from_tree(fromstring(state))  # type: ignore[arg-type]
        target.fill = fill if fill is not None else PatternFill()

    def note(self, sheet: str, cell: Cell) -> Note | None:
        c = self._cell(sheet, cell)
        comment = getattr(c, "comment", None)
        if comment is None:
            return None
        return Note(
            decode_excel(comment.text or ""),
            comment.author or "",
            float(comment.width) if comment.width is not None else None,
            float(comment.height) if comment.height is not None else None,
        )

    def set_note(self, sheet: str, cell: Cell, note: Note | None) -> None:
        c = self._cell(sheet, cell)
        if not isinstance(c, XlCell):
            return
        if note is None:
            c.comment = None
            return
        comment = Comment(encode_excel(note.text), clean(note.author))
        if note.width is not None:
            comment.width = _size(note.width)
        if note.height is not None:
            comment.height = _size(note.height)
        c.comment = comment

    def add_sheet(self, name: str, *, hidden: bool = False) -> None:
        ws = self.book.create_sheet(name)
        if hidden:
            ws.sheet_state = "veryHidden"

    def remove_sheet(self, name: str) -> None:
        del self.book[name]

    def rename_sheet(self, old: str, new: str) -> None:
        self.book[old].title = new

    def write_table(
        self,
        sheet: str,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float] = (),
    ) -> None:
        ws = self._ws(sheet)
        bold = Font(name="宋体", bold=True, size=11)
        body = Font(name="宋体", size=11)
        head_fill = PatternFill("solid", start_color="FFD9D9D9", end_color="FFD9D9D9")
        wrap = Alignment(wrap_text=True, vertical="top")
        for j, text in enumerate(header, start=1):
            c = ws.cell(row=1, column=j)
            _put(c, text)
            c.font, c.fill, c.alignment = bold, head_fill, Alignment(vertical="center")
        fitted = fitted_widths(header, rows, widths)
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                c = ws.cell(row=i, column=j)
                _put(c, value)
                c.font, c.alignment = body, wrap
            ws.row_dimensions[i].height = row_height(row, fitted)
        for j, width in enumerate(fitted, start=1):
            ws.column_dimensions[_letter(j)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        if ws.oddFooter is not None:
            ws.oddFooter.center.text = FOOTER
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if ws.sheet_properties.pageSetUpPr is not None:
            ws.sheet_properties.pageSetUpPr.fitToPage = True

    def link(self, sheet: str, cell: Cell, target: str) -> None:
        c = self._cell(sheet, cell)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=target)
        c.font = Font(name="宋体", size=11, color="FF0563C1", underline="single")

    def save(self, path: str | Path | None = None) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise GkError("no_path", zh="未指定保存位置", en="no path to save to")
        has_formulas = any(
            c.data_type == "f" for ws in self.book.worksheets for c in ws._cells.values()
        )
        save_atomic(self.book, target, self._cached_values() if has_formulas else None)


_put = put_cell  # text is text even when it starts with 「=」, and cleaned (see _cells)


def save_atomic(
    book: openpyxl.Workbook,
    target: Path,
    cached: Mapping[str, Mapping[Cell, object]] | None = None,
) -> None:
    """Write next to the target, then rename over it: a crash never leaves half a file.

    ``cached`` are the formula results the workbook was read with: openpyxl writes formulas
    without results, so they are put back, and the saved file reads (in gkstats or any other
    program that does not calculate) exactly as before.
    """
    target = Path(target)
    with workbook_not_writable(target), replacing(target) as tmp:
        book.save(tmp)
        if cached:
            _put_back_results(tmp, book, cached)


@contextlib.contextmanager
def workbook_not_writable(target: Path) -> Iterator[None]:
    """A workbook that cannot be written: said with the operating system's reason (a file
    open in Excel or WPS, no permission, a full disk, a name too long)."""
    try:
        yield
    except GkError as exc:
        if exc.code != "output_not_writable":
            raise
        # the operating system's own reason is kept (a full disk is not a file open in Excel)
        raise GkError("cannot_write", zh=exc.zh, en=exc.en) from None


_FORMULA_CELL = re.compile(
    r'<c r="([A-Z]{1,3}\d+)"([^>]*)><f>((?:(?!</f>).)*)</f><v\s*(?:/>|></v>)</c>'
)


def _put_back_results(
    path: Path, book: openpyxl.Workbook, cached: Mapping[str, Mapping[Cell, object]]
) -> None:
    """Give the formula cells of a file openpyxl wrote their results again (see save_atomic)."""
    parts = {
        f"xl/worksheets/sheet{i}.xml": cached.get(ws.title, {})
        for i, ws in enumerate(book.worksheets, start=1)
    }
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    changed = False
    out = []
    for info, data in items:
        results = parts.get(info.filename)
        if results:
            text = data.decode("utf-8")

            def fill(m: re.Match[str], results: Mapping[Cell, object] = results) -> str:
                cell = parse_a1(m[1])
                value = results.get(cell) if cell else None
                if value is None:
                    return m[0]
                attrs_ = re.sub(r'\s+t="[^"]*"', "", m[2])
                if isinstance(value, bool):
                    kind, text_ = ' t="b"', "1" if value else "0"
                elif isinstance(value, (int, float, Decimal)):
                    kind, text_ = "", repr(value) if isinstance(value, float) else str(value)
                else:
                    kind, text_ = ' t="str"', xml_escape(str(value))
                return f'<c r="{m[1]}"{attrs_}{kind}><f>{m[3]}</f><v>{text_}</v></c>'

            new = _FORMULA_CELL.sub(fill, text)
            if new != text:
                data, changed = new.encode("utf-8"), True
        out.append((info, data))
    if not changed:
        return
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in out:
            archive.writestr(info, data)


@contextlib.contextmanager
def _load_errors(path: Path) -> Iterator[None]:
    try:
        yield
    except GkError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        name = type(exc).__name__
        unsafe = "Forbidden" in name or "DTD" in name
        why_zh = (
            "含有不安全的 XML 内容（实体或 DTD）" if unsafe else f"内容损坏或格式不受支持（{name}）"
        )
        why_en = (
            "contains unsafe XML (entities or DTD)"
            if unsafe
            else f"damaged or unsupported ({name})"
        )
        raise GkError(
            "bad_workbook",
            zh=f"无法打开工作簿 {path}：{why_zh}",
            en=f"cannot open workbook {path}: {why_en}",
        ) from None


def _formula_text(value: object) -> str:
    text = getattr(value, "text", None)  # ArrayFormula
    return str(text if text is not None else value)


def _size(points: float) -> int:
    return round(points)


def _letter(col: int) -> str:
    from .gateway import column_letter

    return column_letter(col)


__all__ = ["OpenpyxlWorkbook", "save_atomic"]
