"""One worksheet's XML, edited in place: a cell's style id, a cell's value, the note link.

Nothing is parsed into a tree and written back: the text between the touched cells stays
exactly as the workbook's writer left it (validations, extensions, conditional formats,
drawings, merged cells, protection).  Rows and cells are found by their ``r`` attributes
with targeted searches, so a large sheet costs a few scans, not a parse.
"""

from __future__ import annotations

import re
from decimal import Decimal
from xml.sax.saxutils import escape

import attrs

from ..._text import encode_excel
from ..gateway import Cell, a1, column_index

_ROOT = re.compile(r"<(\w+:)?worksheet\b")
_ATTR_R = re.compile(r"""\sr=(["'])([A-Za-z]*)(\d+)\1""")
_ATTR_S = re.compile(r"""\ss=(["'])(\d*)\1""")
_ATTR_T = re.compile(r"""\st=(["'])[^"']*\1""")
_ATTR_CM = re.compile(r"""\s[cv]m=(["'])[^"']*\1""")
#: The elements that come after legacyDrawing in a worksheet (CT_Worksheet's order).
_AFTER_LEGACY = (
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst",
)  # fmt: skip


@attrs.define
class _Span:
    start: int
    end: int
    #: Where the start tag ends (== end for an empty element).
    open_end: int
    empty: bool


class SheetXml:
    """The text of a worksheet part, with the few edits gkstats makes to it."""

    def __init__(self, text: str) -> None:
        self.text = text
        root = _ROOT.search(text)
        self.p = (root[1] or "") if root else ""

    # --- finding -------------------------------------------------------------------------
    def _element(self, tag: str, at: int) -> _Span:
        start_tag = re.compile(rf"<{self.p}{tag}\b[^>]*?(/?)>").match(self.text, at)
        assert start_tag is not None
        if start_tag[1]:
            return _Span(at, start_tag.end(), start_tag.end(), True)
        close = re.compile(rf"</{self.p}{tag}\s*>").search(self.text, start_tag.end())
        end = close.end() if close else len(self.text)
        return _Span(at, end, start_tag.end(), False)

    def _data(self) -> _Span:
        m = re.search(rf"<{self.p}sheetData\b", self.text)
        if m is None:
            raise ValueError("no sheetData")
        return self._element("sheetData", m.start())

    def _rows(self) -> list[tuple[int, _Span]]:
        """Every row with its number (rows without ``r`` follow the one before)."""
        data = self._data()
        out: list[tuple[int, _Span]] = []
        last = 0
        pattern = re.compile(rf"<{self.p}row\b")
        pos = data.open_end
        while True:
            m = pattern.search(self.text, pos, data.end)
            if m is None:
                return out
            span = self._element("row", m.start())
            r = _ATTR_R.search(self.text, m.start(), span.open_end)
            last = int(r[3]) if r else last + 1
            out.append((last, span))
            pos = span.end

    def _row(self, row: int) -> _Span | None:
        m = re.compile(rf"""<{self.p}row\b[^>]*?\sr=(["']){row}\1""").search(self.text)
        if m is not None:
            return self._element("row", m.start())
        if re.search(rf"<{self.p}row\b(?![^>]*\sr=)", self.text):  # rows without r
            return next((span for r, span in self._rows() if r == row), None)
        return None

    def _cells(self, row: _Span) -> list[tuple[int, _Span]]:
        out: list[tuple[int, _Span]] = []
        last = 0
        pattern = re.compile(rf"<{self.p}c\b")
        pos = row.open_end
        while not row.empty:
            m = pattern.search(self.text, pos, row.end)
            if m is None:
                break
            span = self._element("c", m.start())
            r = _ATTR_R.search(self.text, m.start(), span.open_end)
            last = column_index(r[2]) if r and r[2] else last + 1
            out.append((last, span))
            pos = span.end
        return out

    def _cell(self, cell: Cell) -> _Span | None:
        row = self._row(cell[0])
        if row is None:
            return None
        return next((span for col, span in self._cells(row) if col == cell[1]), None)

    # --- styles --------------------------------------------------------------------------
    def state(self, cell: Cell) -> str:
        """The cell's style as it is written: ``s=12``, ``s=`` (no s attribute), or for a
        cell with no element ``c-`` (its row exists), ``c-/`` (an empty row), ``r-`` (no
        row), ``r-/`` (no rows at all)."""
        span = self._cell(cell)
        if span is not None:
            s = _ATTR_S.search(self.text, span.start, span.open_end)
            return f"s={s[2]}" if s else "s="
        row = self._row(cell[0])
        if row is None:
            return "r-/" if self._data().empty else "r-"
        return "c-/" if row.empty else "c-"

    def style(self, cell: Cell) -> int:
        """The style id the cell shows with (its own, else its row's or column's)."""
        span = self._cell(cell)
        if span is not None:
            s = _ATTR_S.search(self.text, span.start, span.open_end)
            return int(s[2]) if s and s[2] else 0
        row = self._row(cell[0])
        if row is not None:
            tag = self.text[row.start : row.open_end]
            if re.search(r"""\scustomFormat=(["'])(1|true)\1""", tag):
                s = _ATTR_S.search(tag)
                if s and s[2]:
                    return int(s[2])
        for col in re.finditer(rf"<{self.p}col\b[^>]*>", self.text):
            lo = re.search(r"""\smin=["'](\d+)""", col[0])
            hi = re.search(r"""\smax=["'](\d+)""", col[0])
            st = re.search(r"""\sstyle=["'](\d+)""", col[0])
            if lo and hi and int(lo[1]) <= cell[1] <= int(hi[1]):
                return int(st[1]) if st else 0
        return 0

    def set_style(self, cell: Cell, s: int | None) -> None:
        """Give the cell style id ``s`` (``None``: no s attribute), adding it if absent."""
        span = self._cell(cell)
        if span is None:
            if s is not None:
                self._insert_cell(cell, f'<{self.p}c r="{a1(cell)}" s="{s}"/>')
            return
        tag = self.text[span.start : span.open_end]
        found = _ATTR_S.search(tag)
        if found is not None:
            q = found[1]  # the writer's own quote
            new = (
                tag[: found.start()]
                + (f" s={q}{s}{q}" if s is not None else "")
                + tag[found.end() :]
            )
        elif s is not None:
            close = 2 if span.empty else 1
            new = tag[:-close] + f' s="{s}"' + tag[-close:]
        else:
            return
        self.text = self.text[: span.start] + new + self.text[span.open_end :]

    def restore(self, cell: Cell, state: str) -> None:
        """Put the cell's style back as :meth:`state` described it."""
        if state.startswith("s="):
            self.set_style(cell, int(state[2:]) if state[2:] else None)
            return
        span = self._cell(cell)
        if span is not None and not self._has_content(span):
            self.text = self.text[: span.start] + self.text[span.end :]
        elif span is not None:
            self.set_style(cell, None)
        row = self._row(cell[0])
        if row is None or self._cells(row):
            return
        if state.startswith("r-"):
            self.text = self.text[: row.start] + self.text[row.end :]
            data = self._data()
            if state == "r-/" and not self._rows():
                tag = self.text[data.start : data.open_end]
                self.text = self.text[: data.start] + tag[:-1] + "/>" + self.text[data.end :]
        elif state == "c-/" and not row.empty:
            tag = self.text[row.start : row.open_end]
            self.text = self.text[: row.start] + tag[:-1] + "/>" + self.text[row.end :]

    def _has_content(self, span: _Span) -> bool:
        return not span.empty and bool(self.text[span.open_end : span.end].split("</")[0])

    # --- inserting cells and rows ----------------------------------------------------------
    def _insert_cell(self, cell: Cell, element: str) -> None:
        row = self._row(cell[0])
        if row is None:
            self._insert_row(cell[0], element)
            return
        if row.empty:
            opened = self.text[row.start : row.open_end - 2] + ">"
            self.text = (
                self.text[: row.start] + opened + element + f"</{self.p}row>" + self.text[row.end :]
            )
            return
        at = next((span.start for col, span in self._cells(row) if col > cell[1]), None)
        if at is None:
            at = self.text.rindex("</", row.open_end, row.end)
        self.text = self.text[:at] + element + self.text[at:]

    def _insert_row(self, row: int, element: str) -> None:
        data = self._data()
        new = f'<{self.p}row r="{row}">{element}</{self.p}row>'
        if data.empty:
            opened = self.text[data.start : data.open_end - 2] + ">"
            self.text = (
                self.text[: data.start] + opened + new + f"</{self.p}sheetData>"
                + self.text[data.end :]
            )  # fmt: skip
            return
        at = next((span.start for r, span in self._rows() if r > row), None)
        if at is None:
            at = self.text.rindex("</", data.open_end, data.end)
        self.text = self.text[:at] + new + self.text[at:]

    # --- values ----------------------------------------------------------------------------
    def set_value(self, cell: Cell, value: object) -> bool:
        """Write a value (text as text, never a formula); True if a formula was replaced."""
        kind, body = cell_body(value, self.p)
        span = self._cell(cell)
        if span is None:
            if body:
                self._insert_cell(cell, f'<{self.p}c r="{a1(cell)}"{kind}>{body}</{self.p}c>')
            return False
        tag = self.text[span.start : span.open_end]
        inner = "" if span.empty else self.text[span.open_end : span.end]
        had_formula = bool(re.search(rf"<{self.p}f\b", inner))
        tag = _ATTR_CM.sub("", _ATTR_T.sub("", tag))
        tag = tag[:-2].rstrip() if span.empty else tag[:-1]
        new = f"{tag}{kind}>{body}</{self.p}c>" if body else f"{tag}/>"
        self.text = self.text[: span.start] + new + self.text[span.end :]
        return had_formula

    # --- the note drawing ----------------------------------------------------------------------
    def legacy_drawing(self) -> str | None:
        """The relationship id of the sheet's legacy (VML) drawing, if it has one."""
        m = re.search(rf"<{self.p}legacyDrawing\b[^>]*?\s(?:\w+:)?id=([\"'])([^\"']+)\1", self.text)
        return m[2] if m else None

    def add_legacy_drawing(self, rid: str) -> None:
        element = (
            f'<{self.p}legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships" r:id="{rid}"/>'
        )
        names = "|".join(_AFTER_LEGACY)
        m = re.search(rf"<{self.p}(?:{names})\b", self.text)
        at = m.start() if m else self.text.rindex(f"</{self.p}worksheet")
        self.text = self.text[:at] + element + self.text[at:]

    def remove_legacy_drawing(self, rid: str) -> None:
        self.text = re.sub(
            rf"<{self.p}legacyDrawing\b[^>]*?\s(?:\w+:)?id=([\"']){re.escape(rid)}\1[^>]*/>",
            "",
            self.text,
            count=1,
        )


def cell_body(value: object, p: str = "") -> tuple[str, str]:
    """The type attribute and content of a cell holding ``value``: text is an inline
    string, never a formula, whatever it starts with."""
    if value is None or value == "":
        return "", ""
    if isinstance(value, bool):
        return ' t="b"', f"<{p}v>{int(value)}</{p}v>"
    if isinstance(value, (int, float, Decimal)):
        text = repr(value) if isinstance(value, float) else str(value)
        return "", f"<{p}v>{text}</{p}v>"
    text = escape(encode_excel(str(value)))  # a control character as Excel stores it
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return ' t="inlineStr"', f"<{p}is><{p}t{space}>{text}</{p}t></{p}is>"


__all__ = ["SheetXml", "cell_body"]
