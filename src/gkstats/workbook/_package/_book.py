"""``xl/workbook.xml``: the sheet list gkstats adds its own sheets to and takes them from.

Each change is one element appended or the same element taken out again, so a workbook
marked and then cleared has the part it started with.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import attrs

from ._parts import REL_NS, append_child, parse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{" + REL_NS + "}"
WORKSHEET_TYPE = REL_NS + "/worksheet"
WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CALC_CHAIN_TYPE = REL_NS + "/calcChain"


@attrs.frozen
class SheetEntry:
    name: str
    sheet_id: int
    rid: str
    state: str


class BookXml:
    def __init__(self, text: str, where: str) -> None:
        self.text = text
        self.where = where
        root = re.search(r"<(\w+:)?workbook\b", text)
        self.p = (root[1] or "") if root else ""
        self._parsed: tuple[str | None, object] = (None, None)
        self._sheets: tuple[str | None, list[SheetEntry]] = (None, [])

    def _root(self) -> object:
        """The part parsed (once for each state of its text)."""
        if self._parsed[0] is not self.text:
            self._parsed = (self.text, parse(self.text.encode("utf-8"), self.where))
        return self._parsed[1]

    def sheets(self) -> list[SheetEntry]:
        if self._sheets[0] is not self.text:
            root = self._root()
            entries = [
                SheetEntry(
                    s.get("name", ""),
                    int(s.get("sheetId", "0") or 0),
                    s.get(f"{_R}id", ""),
                    s.get("state", "visible"),
                )
                for s in root.iter(f"{MAIN}sheet")  # type: ignore[attr-defined]
            ]
            self._sheets = (self.text, entries)
        return list(self._sheets[1])

    def defined_names(self) -> dict[str, str]:
        root = self._root()
        return {
            dn.get("name", ""): dn.text or ""
            for dn in root.iter(f"{MAIN}definedName")  # type: ignore[attr-defined]
            if dn.get("localSheetId") is None and dn.get("name")
        }

    def add_sheet(self, name: str, rid: str, hidden: bool) -> None:
        sheet_id = max((s.sheet_id for s in self.sheets()), default=0) + 1
        state = ' state="veryHidden"' if hidden else ""
        self.text = append_child(
            self.text,
            "sheets",
            f'<{self.p}sheet name={quoteattr(name)} sheetId="{sheet_id}"{state} '
            f'xmlns:r="{REL_NS}" r:id="{rid}"/>',
        )

    def _sheet_tag(self, name: str) -> re.Match[str] | None:
        for m in re.finditer(rf"<{self.p}sheet\b[^>]*/>", self.text):
            found = re.search(r"""\sname=(["'])(.*?)\1""", m[0])
            if found and _unescape(found[2]) == name:
                return m
        return None

    def remove_sheet(self, name: str) -> None:
        m = self._sheet_tag(name)
        if m is None:
            return
        index = [s.name for s in self.sheets()].index(name)
        self.text = self.text[: m.start()] + self.text[m.end() :]
        self._after_removal(index)

    def rename_sheet(self, old: str, new: str) -> None:
        m = self._sheet_tag(old)
        if m is None:
            return
        tag = re.sub(r"""\sname=(["']).*?\1""", f" name={quoteattr(new)}", m[0], count=1)
        self.text = self.text[: m.start()] + tag + self.text[m.end() :]

    def _after_removal(self, index: int) -> None:
        """Sheet positions after ``index`` move up by one: the active tab and names scoped
        to a sheet follow them."""
        count = len(self.sheets())
        self.text = re.sub(
            r"""\s(activeTab|firstSheet)=(["'])(\d+)\2""",
            lambda m: tab_fix(m, index, count),
            self.text,
        )
        self.text = re.sub(
            rf"<{self.p}definedName\b[^>]*\slocalSheetId=([\"']){index}\1[^>]*>.*?"
            rf"</{self.p}definedName>",
            "",
            self.text,
            flags=re.DOTALL,
        )

        def scope(m: re.Match[str]) -> str:
            k = int(m[2])
            return f" localSheetId={m[1]}{k - 1 if k > index else k}{m[1]}"

        self.text = re.sub(r"""\slocalSheetId=(["'])(\d+)\1""", scope, self.text)

    def recalculate_on_open(self) -> None:
        """Figures changed under formulas: Excel recalculates when the file is opened."""
        m = re.search(rf"<{self.p}calcPr\b[^>]*?/?>", self.text)
        if m is None:
            at = _calc_position(self.text, self.p)
            self.text = self.text[:at] + f'<{self.p}calcPr fullCalcOnLoad="1"/>' + self.text[at:]
            return
        tag = m[0]
        if "fullCalcOnLoad" in tag:
            return
        close = 2 if tag.endswith("/>") else 1
        tag = tag[:-close] + ' fullCalcOnLoad="1"' + tag[-close:]
        self.text = self.text[: m.start()] + tag + self.text[m.end() :]


def tab_fix(m: re.Match[str], index: int, count: int) -> str:
    k = int(m[3])
    if k > index:
        k -= 1
    elif k == index:
        k = 0
    k = min(k, max(count - 1, 0))
    return f" {m[1]}={m[2]}{k}{m[2]}"


def _calc_position(text: str, p: str) -> int:
    """Where a calcPr element goes: before the elements that follow it in CT_Workbook."""
    after = ("oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
             "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")  # fmt: skip
    m = re.search(rf"<{p}(?:{'|'.join(after)})\b", text)
    return m.start() if m else text.rindex(f"</{p}workbook")


def _unescape(text: str) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


__all__ = ["BookXml", "SheetEntry", "escape"]
