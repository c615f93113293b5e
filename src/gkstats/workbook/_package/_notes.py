"""A sheet's notes: the comments part and the legacy (VML) drawing that shows them.

Only the touched cells' ``<comment>`` elements and VML shapes change; the other notes, the
authors already there, form-control buttons sharing the drawing and notes set to always
show keep their text exactly.  A note gkstats replaces is given back verbatim on clear: its
XML travels in the mark record (``Note.raw``).
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape

from ..._text import clean, decode_excel, encode_excel
from ..gateway import Cell, Note, a1
from ._parts import parse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
VML_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
THREADED_TYPE = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
VML_CT = "application/vnd.openxmlformats-officedocument.vmlDrawing"

_SHAPE = re.compile(r"<v:shape\b[^>]*>.*?</v:shape>", re.DOTALL)
_ROOT = re.compile(r"<(\w+:)?comments\b")

EMPTY_COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<authors></authors><commentList></commentList></comments>"
)


def empty_vml(idmap: int) -> str:
    return (
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel">'
        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{idmap}"/></o:shapelayout>'
        f"{_SHAPETYPE}</xml>"
    )


_SHAPETYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
    '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)


def idmaps(vml: str) -> list[int]:
    out = []
    for m in re.finditer(r"<o:idmap\b[^>]*\sdata=[\"']([\d,\s]+)", vml):
        out += [int(x) for x in re.split(r"[,\s]+", m[1].strip()) if x]
    return out


def threaded_cells(xml: bytes, where: str) -> set[Cell]:
    from ..gateway import parse_a1

    out = set()
    for el in parse(xml, where).iter():
        if el.tag.endswith("}threadedComment") and el.get("ref"):
            cell = parse_a1(el.get("ref", ""))
            if cell is not None:
                out.add(cell)
    return out


class Notes:
    """The comments part and VML drawing of one sheet, as text."""

    def __init__(self, comments: str | None, vml: str | None, where: str) -> None:
        self.comments = comments
        self.vml = vml
        self.where = where
        root = _ROOT.search(comments or "")
        self.p = (root[1] or "") if root else ""

    # --- reading ---------------------------------------------------------------------------
    def _comment(self, cell: Cell) -> re.Match[str] | None:
        if self.comments is None:
            return None
        p = re.escape(self.p)
        return re.search(
            rf"<{p}comment\b[^>]*?\sref=([\"']){a1(cell)}\1[^>]*?(?:/>|>.*?</{p}comment\s*>)",
            self.comments,
            re.DOTALL,
        )

    def _shape(self, cell: Cell) -> re.Match[str] | None:
        if self.vml is None:
            return None
        for m in _SHAPE.finditer(self.vml):
            shape = m[0]
            if not re.search(r"ObjectType=[\"']Note[\"']", shape):
                continue
            row = re.search(r"<x:Row>\s*(\d+)\s*</x:Row>", shape)
            col = re.search(r"<x:Column>\s*(\d+)\s*</x:Column>", shape)
            if row and col and (int(row[1]) + 1, int(col[1]) + 1) == cell:
                return m
        return None

    def authors(self) -> list[str]:
        if self.comments is None:
            return []
        p = re.escape(self.p)
        found = re.search(rf"<{p}authors\b[^>]*?(?:/>|>(.*?)</{p}authors\s*>)", self.comments, re.S)
        if found is None or not found[1]:
            return []
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        prefix = f' xmlns:{self.p[:-1]}="{ns}"' if self.p else ""
        root = parse(f'<w xmlns="{ns}"{prefix}>{found[1]}</w>'.encode(), self.where)
        return [a.text or "" for a in root.iter(f"{MAIN}author")]

    def get(self, cell: Cell) -> Note | None:
        found = self._comment(cell)
        if found is None:
            return None
        # the element on its own, in the part's namespace (declared on a wrapper)
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        prefix = f' xmlns:{self.p[:-1]}="{ns}"' if self.p else ""
        wrapped = f'<w xmlns="{ns}"{prefix}>{found[0]}</w>'
        element = parse(wrapped.encode("utf-8"), self.where)[0]
        text = decode_excel(
            "".join(t.text or "" for t in element.iter(f"{MAIN}t") if not _in_phonetic(element, t))
        )
        authors = self.authors()
        k = int(element.get("authorId", "0") or 0)
        shape = self._shape(cell)
        width, height = _size(shape[0]) if shape else (None, None)
        raw = json.dumps([found[0], shape[0] if shape else ""], ensure_ascii=False)
        return Note(text, authors[k] if 0 <= k < len(authors) else "", width, height, raw=raw)

    def empty(self) -> bool:
        return self.comments is None or not re.search(
            rf"<{re.escape(self.p)}comment\b", self.comments
        )

    # --- writing ---------------------------------------------------------------------------
    def _author(self, name: str) -> int:
        assert self.comments is not None
        names = self.authors()
        if name in names:
            return names.index(name)
        from ._parts import append_child

        self.comments = append_child(
            self.comments, "authors", f"<{self.p}author>{escape(clean(name))}</{self.p}author>"
        )
        return len(names)

    def drop_author(self, name: str) -> None:
        """Take out the last author if it is ``name`` and no note is by it any more (the
        author gkstats appended for its notes)."""
        names = self.authors()
        if self.comments is None or not names or names[-1] != name:
            return
        if re.search(rf"""\sauthorId=["']{len(names) - 1}["']""", self.comments):
            return
        element = f"<{self.p}author>{escape(clean(name))}</{self.p}author>"
        at = self.comments.rfind(element)
        if at >= 0:
            self.comments = self.comments[:at] + self.comments[at + len(element) :]

    def remove(self, cell: Cell) -> None:
        found = self._comment(cell)
        if found is not None and self.comments is not None:
            self.comments = self.comments[: found.start()] + self.comments[found.end() :]
        shape = self._shape(cell)
        if shape is not None and self.vml is not None:
            self.vml = self.vml[: shape.start()] + self.vml[shape.end() :]
            if "#_x0000_t202" not in self.vml:  # the shape type gkstats brought for its notes
                self.vml = self.vml.replace(_SHAPETYPE, "", 1)

    def put(self, cell: Cell, note: Note) -> None:
        """The cell's note, in place of the one it has (the same place in both parts)."""
        from ._parts import append_child

        if self.comments is None:
            self.comments = EMPTY_COMMENTS
        if note.raw:
            comment, shape = json.loads(note.raw)
        else:
            p = self.p
            k = self._author(note.author)
            text = escape(encode_excel(note.text))  # a control character as Excel stores it
            comment = (
                f'<{p}comment ref="{a1(cell)}" authorId="{k}"><{p}text>'
                f'<{p}t xml:space="preserve">{text}</{p}t></{p}text></{p}comment>'
            )
            shape = self._new_shape(cell, note)
        old = self._comment(cell)
        if old is not None:
            self.comments = self.comments[: old.start()] + comment + self.comments[old.end() :]
        else:
            self.comments = append_child(self.comments, "commentList", comment)
        assert self.vml is not None
        old_shape = self._shape(cell)
        if old_shape is not None:
            self.vml = self.vml[: old_shape.start()] + shape + self.vml[old_shape.end() :]
        elif shape:
            if 'id="_x0000_t202"' not in self.vml:
                shape = _SHAPETYPE + shape
            at = self.vml.rindex("</xml>")
            self.vml = self.vml[:at] + shape + self.vml[at:]

    def _new_shape(self, cell: Cell, note: Note) -> str:
        assert self.vml is not None
        used = [int(x) for x in re.findall(r"_x0000_s(\d+)", self.vml)]
        maps = idmaps(self.vml) or [1]
        n = max([*used, maps[0] * 1024]) + 1
        row, col = cell[0] - 1, cell[1] - 1
        width, height = note.width or 144.0, note.height or 79.0
        top = max(row - 1, 0)
        return (
            f'<v:shape id="_x0000_s{n}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:59.25pt;margin-top:1.5pt;width:{width:g}pt;height:{height:g}pt;"
            f'z-index:{n};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox>'
            '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f"<x:Anchor>{col + 1}, 15, {top}, 10, {col + 4}, 15, {top + 5}, 4</x:Anchor>"
            f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column>"
            "</x:ClientData></v:shape>"
        )


def _in_phonetic(root: object, target: object) -> bool:
    for el in root.iter(f"{MAIN}rPh"):  # type: ignore[attr-defined]
        if any(t is target for t in el.iter()):
            return True
    return False


def _size(shape: str) -> tuple[float | None, float | None]:
    def points(name: str) -> float | None:
        m = re.search(rf"[;\"']\s*{name}:\s*([\d.]+)pt", shape)
        return float(m[1]) if m else None

    return points("width"), points("height")


__all__ = [
    "COMMENTS_CT",
    "COMMENTS_TYPE",
    "THREADED_TYPE",
    "VML_CT",
    "VML_TYPE",
    "Notes",
    "empty_vml",
    "idmaps",
    "threaded_cells",
]
