"""``xl/styles.xml``: fonts, fills and cell formats appended, never renumbered, and taken
away again when nothing uses them any more.

A marked cell gets a copy of its own cell format with gkstats' fill, appended at the end of
``cellXfs``, so every other cell keeps the format id it had; clearing gives the cell its old
id back and drops the appended entries, which leaves the part as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_ROOT = re.compile(r"<(\w+:)?styleSheet\b")
_CHILD = {"fonts": "font", "fills": "fill", "borders": "border", "cellXfs": "xf"}
#: The collections gkstats appends to, in the order they appear in the part.
APPENDED = ("fonts", "fills", "cellXfs")

_MINIMAL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def minimal() -> str:
    """A styles part for a workbook that has none (some writers leave it out)."""
    return _MINIMAL


def _set_attr(tag: str, name: str, value: str) -> str:
    pattern = re.compile(rf"""\s{name}=(["'])[^"']*\1""")
    if pattern.search(tag):  # the writer's own quotes kept
        return pattern.sub(lambda m: f" {name}={m[1]}{value}{m[1]}", tag, count=1)
    close = 2 if tag.endswith("/>") else 1
    return tag[:-close] + f' {name}="{value}"' + tag[-close:]


class Styles:
    """The styles part as text, with appends that keep every existing index."""

    def __init__(self, text: str) -> None:
        self.text = text
        root = _ROOT.search(text)
        self.p = (root[1] or "") if root else ""
        self._fills: dict[str, int] = {}
        self._xfs: dict[tuple[int, str], int] = {}
        self._made: dict[str, int] = {}

    # --- reading -----------------------------------------------------------------------------
    def _span(self, coll: str) -> tuple[int, int, int] | None:
        """(start, end of start tag, start of end tag) of a collection."""
        start = re.search(rf"<{self.p}{coll}\b[^>]*?(/?)>", self.text)
        if start is None:
            return None
        if start[1]:
            return start.start(), start.end(), start.end()
        end = re.compile(rf"</{self.p}{coll}\s*>").search(self.text, start.end())
        if end is None:
            return None
        return start.start(), start.end(), end.start()

    def _children(self, coll: str) -> list[tuple[int, int]]:
        span = self._span(coll)
        if span is None:
            return []
        child = _CHILD[coll]
        out: list[tuple[int, int]] = []
        opening = re.compile(rf"<{self.p}{child}\b[^>]*?(/?)>")
        closing = re.compile(rf"</{self.p}{child}\s*>")
        pos = span[1]
        while True:
            m = opening.search(self.text, pos, span[2])
            if m is None:
                return out
            end = m.end() if m[1] else closing.search(self.text, m.end(), span[2])
            stop = end if isinstance(end, int) else (end.end() if end else span[2])
            out.append((m.start(), stop))
            pos = stop

    def count(self, coll: str) -> int:
        return len(self._children(coll))

    def xf(self, index: int) -> str:
        xfs = self._children("cellXfs")
        start, end = xfs[index] if 0 <= index < len(xfs) else xfs[0]
        return self.text[start:end]

    def fill_of(self, index: int) -> int:
        m = re.search(r"""\sfillId=["'](\d+)""", self.xf(index).split(">")[0])
        return int(m[1]) if m else 0

    def fill_rgb(self, fill_id: int) -> str | None:
        """The solid colour of a fill (``FFC7CE``), if it is one."""
        fills = self._children("fills")
        if not 0 <= fill_id < len(fills):
            return None
        text = self.text[fills[fill_id][0] : fills[fill_id][1]]
        m = re.search(r"""<(?:\w+:)?fgColor\b[^>]*\srgb=["']([0-9A-Fa-f]{6,8})""", text)
        return m[1][-6:].upper() if m and "solid" in text else None

    # --- appending ----------------------------------------------------------------------------
    def _append(self, coll: str, element: str) -> int:
        span = self._span(coll)
        if span is None:
            raise ValueError(f"no {coll} in styles")
        index = self.count(coll)
        start, open_end, close = span
        head = self.text[start:open_end]
        if head.endswith("/>"):
            head = head[:-2] + ">"
            tail = f"</{self.p}{coll}>"
            self.text = self.text[:start] + head + element + tail + self.text[open_end:]
        else:
            self.text = self.text[:close] + element + self.text[close:]
        self._recount(coll, index + 1)
        return index

    def _recount(self, coll: str, n: int) -> None:
        span = self._span(coll)
        assert span is not None
        head = self.text[span[0] : span[1]]
        if re.search(r"""\scount=["']""", head):
            self.text = (
                self.text[: span[0]] + _set_attr(head, "count", str(n)) + self.text[span[1] :]
            )

    def solid_fill(self, rgb: str) -> int:
        colour = "FF" + rgb.upper().lstrip("#")[-6:]
        if colour not in self._fills:
            p = self.p
            self._fills[colour] = self._append(
                "fills",
                f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{colour}"/>'
                f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>',
            )
        return self._fills[colour]

    def with_fill(self, base: int, rgb: str) -> int:
        """The id of a copy of cell format ``base`` with a solid fill, or none for ``""``
        (made once)."""
        key = (base, rgb.upper())
        if key not in self._xfs:
            fill = self.solid_fill(rgb) if rgb else 0
            xf = self.xf(base)
            head_end = xf.index(">") + 1
            head = _set_attr(_set_attr(xf[:head_end], "fillId", str(fill)), "applyFill", "1")
            self._xfs[key] = self._append("cellXfs", head + xf[head_end:])
        return self._xfs[key]

    def own(self, key: str, font: str, fill: str | None, alignment: str) -> int:
        """A cell format of gkstats' own sheets (made once per key)."""
        if key not in self._made:
            p = self.p
            font_id = self._append("fonts", f"<{p}font>{font}</{p}font>")
            fill_id = self.solid_fill(fill) if fill else 0
            apply_fill = ' applyFill="1"' if fill else ""
            self._made[key] = self._append(
                "cellXfs",
                f'<{p}xf numFmtId="0" fontId="{font_id}" fillId="{fill_id}" borderId="0" '
                f'xfId="0" applyFont="1"{apply_fill} applyAlignment="1">'
                f"<{p}alignment {alignment}/></{p}xf>",
            )
        return self._made[key]

    # --- taking back ---------------------------------------------------------------------------
    def baseline(self) -> str:
        """How many of each appended collection the part holds: ``fonts=2 fills=3 cellXfs=9``."""
        return " ".join(f"{c}={self.count(c)}" for c in APPENDED)

    def back_to(self, baseline: str, used: Iterable[int]) -> bool:
        """Drop what was appended after ``baseline``, unless a cell still uses it."""
        counts = dict(
            (k, int(v)) for k, v in (item.split("=") for item in baseline.split()) if v.isdigit()
        )
        if set(counts) != set(APPENDED) or any(self.count(c) < n for c, n in counts.items()):
            return False
        if any(s >= counts["cellXfs"] for s in used):
            return False
        for coll in reversed(APPENDED):
            children = self._children(coll)
            n = counts[coll]
            if len(children) == n:
                continue
            cut_from = children[n][0]
            cut_to = children[-1][1]
            self.text = self.text[:cut_from] + self.text[cut_to:]
            self._recount(coll, n)
        self._fills.clear()
        self._xfs.clear()
        self._made.clear()
        return True


__all__ = ["Styles", "minimal"]
