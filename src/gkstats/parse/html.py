"""HTML pages → :class:`~gkstats.parse._document.Document`.

Whatever surrounds the report (site menus, layout tables, scripts), only two things matter:
the ``<table>`` elements with their row and column spans, and the text.  lxml (the ``html``
extra) is used when installed, the standard library's ``html.parser`` otherwise; both give
the same document.  Word-exported markup is tolerated: labels split over ``<span>``s and
``<p>``s, ``<br>`` inside headers, ``&nbsp;`` padding, escaped conditional comments.
"""

from __future__ import annotations

import codecs
import html as _html
import re
from html.parser import HTMLParser
from typing import Any

from .._errors import GkError
from .._text import clean
from ._document import Document, Grid
from ._source import _META_CHARSET, decode

_BLOCK = frozenset(
    "p div br li ul ol tr td th h1 h2 h3 h4 h5 h6 table caption section article header "
    "footer blockquote pre dt dd title".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})
#: Word's conditional comments, when a site escaped them into visible text.
_WORD_JUNK = re.compile(r"<!--\[if[^\]]*\]-->|<!\[endif\]-->|<!--\[endif\]-->|<!\[if[^\]]*\]>")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0\u3000]*(?:\n[ \t\u00a0\u3000]*)+")


def _clean(text: str) -> str:
    # the substitutions only apply when their first characters are there (most cells: not)
    if "<!" in text:
        text = _WORD_JUNK.sub("", text)
    if text.count("\n") > 1:
        text = _BLANK_LINES.sub("\n", text)
    return text


def _span(value: object) -> int:
    if value is None:
        return 1
    text = str(value).strip().rstrip(";")
    if text.isdigit():  # at most what HTML allows (a rowspan of 65534), and no int() of
        return max(1, min(int(text[:6]), 65534))  # 5,000 digits (issue 16)
    return 1


def _is_data_table(rows: list[list[tuple[str, int, int]]]) -> bool:
    """A statistics table has short cells; a layout table wrapping the article has long ones."""
    cells = [t for row in rows for t, _, _ in row]
    if not cells:
        return False
    long = sum(1 for t in cells if len(t) > 120)
    return long * 4 <= len(cells)


#: Characters no HTML page shows and lxml refuses (NUL, other C0 controls): read as spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The same characters, for a quick test (``in`` per character is several times faster than
#: the character class scanning a long page that has none of them, as nearly all pages).
_CONTROL_CHARS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
_CONTROL_CHARS += "\ufffe\uffff"


#: Inline styles, which nothing here reads, are most of a Word-exported page (96 % of the
#: bytes of one corpus page): dropped before the page is parsed, lxml's work drops 2–3x.
#: (A value runs to the next quote, as a browser reads it.  Only a page whose visible text
#: says 「 style="…"」 would lose those words; no report does.)
_STYLE_ATTR = re.compile(r' style="[^"]*"')
_STYLE_ATTR_BYTES = re.compile(rb' style="[^"]*"')
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def html_document(source: str | bytes, name: str = "") -> Document:
    """Read an HTML page (bytes are decoded by BOM, declared charset, UTF-8, GB18030)."""
    if isinstance(source, bytes):
        head = source[:4096]
        # (in UTF-8, GB18030 and the like, a space or a quote byte is always that character)
        if b' style="' in source and not source.startswith(_UTF16_BOMS):
            source = _STYLE_ATTR_BYTES.sub(b"", source)  # before decoding: less to decode
        if _plain_utf8(source, head) and _lxml_installed():
            return lxml_document(source, name)
        text = decode(source, html=True, name=name, head=head)
    else:
        text = source
    text = _XML_DECL.sub("", text)
    if " style=" in text:
        text = _STYLE_ATTR.sub("", text)
    if any(map(text.__contains__, _CONTROL_CHARS)):
        text = _CONTROL.sub(" ", text)
    if not text.strip():
        raise GkError("empty_file", zh=f"{name or '网页'} 是空的", en=f"{name or 'page'} is empty")
    if not _lxml_installed():  # pragma: no cover - exercised by forcing the fallback in tests
        return stdlib_document(text, name)
    return lxml_document(text, name)


def _lxml_installed() -> bool:
    try:
        import lxml.etree  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        return False
    return True


def _plain_utf8(data: bytes, head: bytes) -> bool:
    """Whether the page is UTF-8 that needs none of the fixes above (most pages): lxml then
    reads its bytes as they are, as it would read them decoded and encoded again, without
    the text being built, scanned and encoded on the way."""
    if data.startswith(_BOMS):
        return False
    m = _META_CHARSET.search(head[:4096])
    if m is not None and m.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return False  # (C0 controls are single bytes in UTF-8, never inside a character)
    if b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data:  # U+FFFE, U+FFFF
        return False
    if not _MARKUP_FIRST.match(data):
        return False  # empty, or text before the markup, or an XML declaration to drop
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_MARKUP_FIRST = re.compile(rb"[ \t\r\n\f\v]*<(?!\?)")
_CONTROL_BYTES = bytes(c for c in _CONTROL_CHARS.encode("latin-1", "ignore") if c < 0x20)


# --- lxml -------------------------------------------------------------------------------


def _lxml_title(root: Any) -> str | None:
    """An <h1>–<h3> naming a report (else the text's first lines are searched later)."""
    for el in list(root.iter("h1", "h2", "h3"))[:12]:
        title = " ".join("".join(el.itertext()).split())
        if "报告" in title and len(title) < 120:
            return title
    return None


def _lxml_text(el: Any) -> str:
    """An element's text, its descendants' included: ``"".join(el.itertext())``, which it
    equals once comments and processing instructions are removed, but built by libxml2."""
    import lxml.etree

    text: str = lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)
    return text


def _lxml_rows(table: Any) -> list[list[tuple[str, int, int]]]:
    """A table's rows of cells: (text as :func:`_lxml_text` gives it, cleaned; rowspan;
    colspan)."""
    import lxml.etree

    rows: list[list[tuple[str, int, int]]] = []
    for tr in table.iterchildren("tr", "thead", "tbody", "tfoot"):
        for line in [tr] if tr.tag == "tr" else tr.iterchildren("tr"):
            row = []
            for td in line.iterchildren("td", "th"):
                text = lxml.etree.tostring(td, method="text", encoding=str, with_tail=False)
                if "<!" in text or text.count("\n") > 1:
                    text = _clean(text)
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
                row.append(
                    (
                        text,
                        1 if rowspan is None else _span(rowspan),
                        1 if colspan is None else _span(colspan),
                    )
                )
            rows.append(row)
    return rows


def _lxml_parse(text: str | bytes) -> Any:
    """The page's tree.  Given as UTF-8 bytes, which libxml2 reads faster than a str (lxml
    would otherwise convert it), with the encoding fixed so a page's own charset declaration
    cannot make libxml2 decode it a second time."""
    import lxml.etree

    if isinstance(text, bytes):  # UTF-8 already (see _plain_utf8)
        return lxml.etree.fromstring(text, _parser("utf-8"))
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in a str given by a caller
        return lxml.etree.fromstring(text, _parser(None))
    return lxml.etree.fromstring(data, _parser("utf-8"))


def _parser(encoding: str | None) -> Any:
    # a new parser per page: lxml parsers must not be shared between threads
    import lxml.etree

    # (ids are not collected: nothing looks elements up by id, and collecting them costs)
    return lxml.etree.HTMLParser(
        remove_comments=True, remove_pis=True, encoding=encoding, collect_ids=False
    )


def lxml_document(text: str | bytes, name: str = "") -> Document:
    import lxml.etree

    try:
        root = _lxml_parse(text)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise GkError(
            "bad_html",
            zh=f"{name or '网页'} 无法解析为 HTML：{exc}",
            en=f"{name or 'page'} cannot be parsed as HTML: {exc}",
        ) from None
    if root is None:
        raise GkError("empty_file", zh=f"{name or '网页'} 是空的", en=f"{name or 'page'} is empty")
    title_el = next(root.iter("title"), None)
    title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else None
    lxml.etree.strip_elements(root, *_SKIP, with_tail=False)
    for el in root.iter(*_BLOCK):
        try:
            el.tail = "\n" + tail if (tail := el.tail) else "\n"
        except ValueError:  # a control character or surrogate from a reference (&#1;)
            el.tail = "\n" + clean(tail or "", drop=True)
    if not title or "报告" not in title:
        title = _lxml_title(root) or title
    grids: list[Grid] = []
    data_tables = []
    for n, table in enumerate(root.iter("table"), start=1):
        if next(table.iterdescendants("table"), None) is not None:
            continue  # a layout table around others: its own rows are not a statistics table
        rows = _lxml_rows(table)
        if rows and _is_data_table(rows):
            grids.append(Grid.from_rows(rows, name=f"表格{n}"))
            data_tables.append(table)
    full = _clean(_lxml_text(root))
    for table in data_tables:
        parent = table.getparent()
        if parent is not None:
            tail = table.tail
            prev = table.getprevious()
            parent.remove(table)
            if tail:  # keep the text that followed the table
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
    narrative = _clean(_lxml_text(root))
    return Document("html", full, narrative, grids, title, name)


# --- the standard library ---------------------------------------------------------------


class _Builder(HTMLParser):
    """Tables (with spans) and text from parser events; nested tables handled by a stack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.text: list[str] = []
        #: One frame per open table: rows, the open cell's text, buffered narrative.
        self.tables: list[dict[str, Any]] = []
        self.narrative: list[list[str]] = [[]]
        self.grid_rows: list[list[list[tuple[str, int, int]]]] = []
        self.title: list[str] = []
        self.in_title = False
        self.heading: list[str] = []
        self.in_heading = 0
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag != "head":
            self.skip += 1
            return
        if tag == "title":
            self.in_title = True
        if tag in ("h1", "h2"):
            self.in_heading += 1
        if tag == "table":
            self.count += 1
            self.tables.append({"rows": [], "cell": None, "n": self.count, "nested": False})
            if len(self.tables) > 1:
                self.tables[-2]["nested"] = True
            self.narrative.append([])
        elif self.tables and tag == "tr":
            self._close_cell()
            self.tables[-1]["rows"].append([])
        elif self.tables and tag in ("td", "th"):
            self._close_cell()
            a = dict(attrs)
            frame = self.tables[-1]
            if not frame["rows"]:
                frame["rows"].append([])
            frame["cell"] = ([], _span(a.get("rowspan")), _span(a.get("colspan")))
        if tag == "br":
            self._data("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._data("\n")
        elif tag not in _SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag != "head":
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self.in_title = False
        if tag in ("h1", "h2"):
            self.in_heading = max(0, self.in_heading - 1)
            self.heading.append("\n")
        if tag == "table" and self.tables:
            self._close_cell()
            frame = self.tables.pop()
            rows = frame["rows"]
            buffered = self.narrative.pop()
            data = bool(rows) and not frame["nested"] and _is_data_table(rows)
            if data:
                self.grid_rows.append(rows)
                self.narrative[-1].append("\n")
            else:
                self.narrative[-1] += buffered
        elif self.tables and tag in ("td", "th"):
            self._close_cell()
        if tag in _BLOCK:
            self._data("\n")

    def _close_cell(self) -> None:
        frame = self.tables[-1] if self.tables else None
        if frame is None or frame["cell"] is None:
            return
        parts, rowspan, colspan = frame["cell"]
        frame["rows"][-1].append((_clean("".join(parts)), rowspan, colspan))
        frame["cell"] = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title.append(data)
            return
        if self.in_heading:
            self.heading.append(data)
        self._data(data)

    def _data(self, data: str) -> None:
        self.text.append(data)
        self.narrative[-1].append(data)
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"][0].append(data)


def stdlib_document(text: str, name: str = "") -> Document:
    builder = _Builder()
    try:
        builder.feed(text)
        builder.close()
    except Exception as exc:  # html.parser is lenient; anything else is a broken file
        raise GkError(
            "bad_html",
            zh=f"{name or '网页'} 无法解析为 HTML：{exc}",
            en=f"{name or 'page'} cannot be parsed as HTML: {exc}",
        ) from None
    while builder.tables:  # unclosed tables at the end of a truncated page
        builder.handle_endtag("table")
    grids = [Grid.from_rows(rows, name=f"表格{i}") for i, rows in enumerate(builder.grid_rows, 1)]
    title = " ".join(_html.unescape("".join(builder.title)).split()) or None
    if not title or "报告" not in title:
        for line in "".join(builder.heading).splitlines():
            if "报告" in line and len(line.strip()) < 120:
                title = line.strip()
                break
    full = _clean("".join(builder.text))
    narrative = _clean("".join(part for part in builder.narrative[0]))
    return Document("html", full, narrative, grids, title, name)


__all__ = ["html_document", "lxml_document", "stdlib_document"]
