"""Refuse files that are not workbooks, or that are too big to open safely, before opening.

An .xlsx is a zip of XML.  openpyxl parses the XML with defusedxml (a core dependency, so
entity tricks are refused), but nothing stops a small file from unpacking to gigabytes: the
archive's own directory says how large every part will be, so that is checked first, and
so is the file size.  The limits can be raised with environment variables for the rare
honest giant: ``GKSTATS_MAX_WORKBOOK_MB`` (file, default 50) and ``GKSTATS_MAX_UNPACKED_MB``
(unpacked, default 500).

Within those limits a workbook can still hold tens of millions of cells (22 million empty
cells that only carry a style fit in 41 MB), so :func:`inspect_workbook` also streams every
XML part once, counting at C speed what a reader would have to take: cells (an empty styled
cell is cheap to skip but is counted), and everything else a reader parses one by one
(cells with content, rows, strings, styles, merges …).  Beyond ``GKSTATS_MAX_CELLS`` cells, or
half of that in other elements, the workbook is refused in seconds, before any reader
builds anything.  The scan also gives the span of the cells with content, which the fast
reader (python-calamine, which lays a sheet out as a dense grid) needs to stay within memory.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import require_file
from .._limits import LIMITS, check_archive, limit

MAX_FILE_MB = 50
MAX_UNPACKED_MB = 500
MAX_PARTS = 10_000
#: A part this much larger unpacked than packed is a zip bomb, not a spreadsheet.
MAX_RATIO = 1000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SUFFIXES = (".xlsx", ".xlsm")


def _limit(env: str, default: int) -> int:
    name = {"GKSTATS_MAX_WORKBOOK_MB": "workbook_mb", "GKSTATS_MAX_UNPACKED_MB": "unpacked_mb"}
    return limit(name[env])


#: An empty cell (``<c r="B7" s="3"/>``: no content, a style only) that gives its address
#: first, as Excel and the other writers put it (any other is parsed, and counted as such).
_EMPTY_CELL = re.compile(rb"<c\s+r\s*=\s*[\"'][^<>]*/>")
_EMPTY_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c\s+r\s*=\s*[\"'][^<>]*/>")
_EMPTY_ROW = re.compile(rb"<row(?=\s[^<>]*?\br\s*=)[^<>]*?(?:/>|>\s*</row>)")
#: A cell with content, and its address.
_FULL_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(\s[^<>]*)?(?<!/)>")
_ADDRESSED = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^<>]*?\br\s*=\s*[\"']([A-Za-z]{1,3})([0-9]{1,7})[\"'][^<>]*(?<!/)>"
)
_CHUNK = 1 << 20


@attrs.frozen
class WorkbookScan:
    """What :func:`inspect_workbook` found: counts, and the span of each sheet's content."""

    path: Path
    #: Cell elements in all worksheets, empty styled ones included.
    cells: int
    #: Elements a reader takes one by one (all but empty cells), in all parts.
    elements: int
    #: Worksheet part → (rows, columns) spanned by its cells with content (from A1), or
    #: ``None`` when some cell with content gives no address (its place is counted).
    spans: dict[str, tuple[int, int] | None] = attrs.field(factory=dict)


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


class _PartScan:
    """Counts over one part, fed in chunks that end before a tag starts."""

    def __init__(self) -> None:
        self.cells = self.elements = self.rows = self.cols = 0
        self.addressed = True

    def feed(self, data: bytes) -> None:
        rest, empty = without_empty_cells(data)
        self.cells += empty
        if b"<" not in rest:
            return
        self.elements += (
            rest.count(b"<") - rest.count(b"</") - rest.count(b"<?") - rest.count(b"<!")
        )
        full = len(_FULL_CELL.findall(rest)) if b"c" in rest else 0
        if not full:
            return
        self.cells += full
        found = _ADDRESSED.findall(rest)
        if len(found) != full:
            self.addressed = False  # some cell is placed by counting: its span is unknown
        if found:
            self.rows = max(self.rows, max(map(int, {r for _, r in found})))
            self.cols = max(self.cols, max(map(_column, {c for c, _ in found})))


def without_empty_cells(data: bytes) -> tuple[bytes, int]:
    """XML with the empty cells (``<c r="B7" s="3"/>``: a style, no content) taken out, and
    how many there were, and the rows that held nothing else: C speed, for what a reader
    would otherwise parse one by one.  Only what gives its address goes (a cell or row
    without one is placed by counting the ones before it)."""
    if b"/>" not in data:
        return data, 0
    data, empty = _EMPTY_CELL.subn(b"", data)
    if b":c" in data:  # a namespace prefix (<x:c …/>): rare, and slower to look for
        data, more = _EMPTY_PREFIXED_CELL.subn(b"", data)
        empty += more
    if b"<row" in data:  # rows left with nothing in them (a format, a height) go as well
        data = _EMPTY_ROW.sub(b"", data)
    return data, empty


def _too_many(path: Path, what: tuple[str, str], count: int, most: int, editing: bool) -> GkError:
    env = LIMITS["cells"][0]
    doing = ("修改", "changed") if editing else ("读取", "read")
    return GkError(
        "workbook_too_many_cells",
        zh=f"{path} 含有{what[0]}超过 {most:,} 个（已数到 {count:,} 个），拒绝{doing[0]}"
        f"（统计表工作簿通常不足一万个；确有需要可设置环境变量 {env}）",
        en=f"{path} holds more than {most:,} {what[1]} ({count:,} counted so far); not "
        f"{doing[1]} (set {env} to raise the limit)",
    )


#: openpyxl loading a workbook to change it builds an object for every cell, empty styled
#: ones included (a million: 27 s and 450 MB): it takes this share of the cell limit.
EDIT_SHARE = 20
#: Cells with content and other elements a reader parses one by one: this share of the limit.
ELEMENT_SHARE = 2


def inspect_workbook(path: str | Path, *, editing: bool = False) -> WorkbookScan:
    """:func:`check_workbook_file`, then every XML part streamed once and counted: a
    workbook with more cells, or more other elements, than a reader may take is refused.

    ``editing``: for openpyxl loading the workbook to change it, which builds an object for
    every cell (see EDIT_SHARE).
    """
    p = check_workbook_file(path)
    most_cells = limit("cells") // (EDIT_SHARE if editing else 1)
    # half: a ~15 MB workbook with a ledger sheet of 120,000 rows (2 million elements) is
    # checked in about 4 s and 100 MB; twice that is refused (issue 15 marks such files)
    most_elements = max(limit("cells") // ELEMENT_SHARE, 1)
    total = _PartScan()
    spans: dict[str, tuple[int, int] | None] = {}
    try:
        with zipfile.ZipFile(p) as archive:
            for info in archive.infolist():
                if info.is_dir() or not _looks_like_xml(archive, info):
                    continue
                part = _PartScan()
                for _ in _chunks(archive, info, part):
                    if total.cells + part.cells > most_cells:
                        what = ("单元格（含只有格式的空单元格）", "cells")
                        raise _too_many(p, what, total.cells + part.cells, most_cells, editing)
                    if total.elements + part.elements > most_elements:
                        what = ("有内容的单元格或其他 XML 元素", "cells with content or elements")
                        count = total.elements + part.elements
                        raise _too_many(p, what, count, most_elements, editing)
                total.cells += part.cells
                total.elements += part.elements
                if part.cells:
                    spans[info.filename] = (part.rows, part.cols) if part.addressed else None
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise GkError(
            "bad_workbook",
            zh=f"无法打开工作簿 {p}：内容损坏（{type(exc).__name__}）",
            en=f"cannot open workbook {p}: damaged ({type(exc).__name__})",
        ) from None
    return WorkbookScan(p, total.cells, total.elements, spans)


def _looks_like_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    name = info.filename.lower()
    if name.endswith((".xml", ".rels", ".vml")):
        return True
    if name.endswith((".bin", ".png", ".jpeg", ".jpg", ".gif", ".emf", ".wmf")):
        return False
    with archive.open(info) as part:
        head = part.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _PartScan) -> Iterator[None]:
    """Feed ``scan`` the part chunk by chunk (cut before a tag that may go on), yielding
    after each so that the caller can stop as soon as a limit is crossed."""
    with archive.open(info) as part:
        carry = b""
        while True:
            chunk = part.read(_CHUNK)
            if not chunk:
                break
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0 or len(data) - cut > _CHUNK:
                cut = len(data)
            scan.feed(data[:cut])
            carry = data[cut:]
            yield
        scan.feed(carry)
        yield


def check_workbook_file(path: str | Path) -> Path:
    """The path, if it is a workbook within the limits; a :class:`GkError` saying why not."""
    p = require_file(path)
    max_file = _limit("GKSTATS_MAX_WORKBOOK_MB", MAX_FILE_MB)
    size = p.stat().st_size
    if size > max_file * 2**20:
        raise GkError(
            "workbook_too_large",
            zh=f"{p} 有 {size / 2**20:.1f} MB，超过 {max_file} MB 的上限，拒绝打开"
            "（统计表工作簿通常不足 1 MB；确有需要可设置环境变量 GKSTATS_MAX_WORKBOOK_MB）",
            en=f"{p} is {size / 2**20:.1f} MB, over the {max_file} MB limit "
            "(set GKSTATS_MAX_WORKBOOK_MB to raise it)",
        )
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取 {p}：{exc}", en=f"cannot read {p}: {exc}"
        ) from None
    if head == _OLE_MAGIC:
        raise GkError(
            "old_or_encrypted_workbook",
            zh=f"{p} 是旧版 .xls 文件或设有打开密码的工作簿，无法读取："
            "请在 Excel 或 WPS 中取消密码并另存为 .xlsx 后再试",
            en=f"{p} is an old .xls file or a password-protected workbook: "
            "remove the password and save it as .xlsx",
        )
    not_a_workbook = GkError(
        "not_a_workbook",
        zh=f"{p} 不是 Excel 工作簿（.xlsx/.xlsm），文件可能已损坏或只是改了扩展名",
        en=f"{p} is not an Excel workbook (.xlsx/.xlsm); it may be damaged or renamed",
    )
    try:
        with zipfile.ZipFile(p) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        # NotImplementedError: a zip "version" or compression no reader supports
        raise not_a_workbook from None
    names = {info.filename for info in parts}
    if "xl/workbook.xml" not in names and not any(
        n.startswith("xl/workbook") and n.endswith(".xml") for n in names
    ):
        raise not_a_workbook
    check_archive(p, parts, "workbook_unpacks_too_large")
    return p


__all__ = [
    "MAX_FILE_MB",
    "MAX_UNPACKED_MB",
    "SUFFIXES",
    "WorkbookScan",
    "check_workbook_file",
    "inspect_workbook",
]
