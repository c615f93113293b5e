"""Hostile workbooks for the tests, the benchmarks and the fuzzer, written as XML by hand (a
sheet of millions of cells takes seconds this way, and no writer tidies what we put in).

Each takes a valid workbook (a filled template) and adds a sheet, or rewrites a part."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from gkstats.workbook.gateway import column_letter

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def styled_empty_rows(rows: int, cols: int, start: int = 1) -> Iterator[bytes]:
    """Rows of empty cells that carry a style only (what formatting whole columns leaves)."""
    letters = [column_letter(c) for c in range(1, cols + 1)]
    for r in range(start, start + rows):
        cells = "".join(f'<c r="{x}{r}" s="1"/>' for x in letters)
        yield f'<row r="{r}" s="1" customFormat="1">{cells}</row>'.encode()


def value_rows(rows: int, cols: int, start: int = 1) -> Iterator[bytes]:
    """Rows of figures."""
    letters = [column_letter(c) for c in range(1, cols + 1)]
    for r in range(start, start + rows):
        cells = "".join(f'<c r="{x}{r}"><v>{r}</v></c>' for x in letters)
        yield f'<row r="{r}">{cells}</row>'.encode()


def corner_rows() -> Iterator[bytes]:
    """Two figures as far apart as a sheet allows: a dense grid of them is 17 billion cells."""
    yield b'<row r="1"><c r="A1"><v>1</v></c></row>'
    yield b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _read(base: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(base) as src:
        return [(info.filename, src.read(info.filename)) for info in src.infolist()]


def _register(
    items: list[tuple[str, bytes]], part: str, rel: str, kind: str, sheet: str | None = None
) -> list[tuple[str, bytes]]:
    """``items`` with a new part registered: its content type, the workbook's relationship
    to it, and (a worksheet) its entry in the workbook."""
    edits = {
        "[Content_Types].xml": (
            b"</Types>",
            f'<Override PartName="/{part}" ContentType="{kind}"/>',
        ),
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            f'<Relationship Id="rIdGk{len(part)}" Type="{_R}/{rel}" Target="/{part}"/>',
        ),
    }
    if sheet is not None:
        edits["xl/workbook.xml"] = (
            b"</sheets>",
            f'<sheet xmlns:r="{_R}" name="{sheet}" sheetId="999" r:id="rIdGk{len(part)}"/>',
        )
    out = []
    for name, data in items:
        if name in edits:
            end, new = edits[name]
            data = data.replace(end, new.encode() + end)
        out.append((name, data))
    return out


def _stream(f: IO[bytes], rows: Iterable[bytes]) -> None:
    buf: list[bytes] = []
    for row in rows:
        buf.append(row)
        if len(buf) >= 2000:
            f.write(b"".join(buf))
            buf = []
    f.write(b"".join(buf))


def with_sheet(base: Path, out: Path, rows: Iterable[bytes], name: str = "附表") -> Path:
    """``base`` with one more worksheet, ``name``, holding ``rows`` (streamed into the zip)."""
    part = "xl/worksheets/gk_extra.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in _register(_read(base), part, "worksheet", _SHEET_TYPE, name):
            z.writestr(filename, data)
        with z.open(part, "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{_MAIN}">'.encode())
            f.write(b"<sheetData>")
            _stream(f, rows)
            f.write(b"</sheetData></worksheet>")
    return out


def with_part(base: Path, out: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """``base`` with one part rewritten by ``edit``."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in _read(base):
            z.writestr(filename, edit(data) if filename == part else data)
    return out


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def with_shared_strings(base: Path, out: Path) -> Path:
    """``base`` (as openpyxl writes it: every text inline in its cell) with its texts moved
    to a shared-string table, as Excel writes them."""
    strings: dict[bytes, int] = {}

    def shared(m: re.Match[bytes]) -> bytes:
        index = strings.setdefault(m[3], len(strings))
        return b'<c %st="s"%s><v>%d</v></c>' % (m[1], m[2], index)

    items = [
        (name, _INLINE.sub(shared, data) if name.startswith("xl/worksheets/") else data)
        for name, data in _read(base)
    ]
    sst = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % s for s in strings)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{_MAIN}" count="{len(strings)}">'
    items.append(("xl/sharedStrings.xml", head.encode() + sst + b"</sst>"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in _register(items, "xl/sharedStrings.xml", "sharedStrings", _SST_TYPE):
            z.writestr(filename, data)
    return out


def with_rows(base: Path, out: Path, part: str, rows: Iterable[bytes]) -> Path:
    """``base`` with ``rows`` added at the end of an existing sheet (``part``), streamed."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for filename, data in _read(base):
            if filename != part:
                z.writestr(filename, data)
                continue
            head, tail = data.split(b"</sheetData>", 1)
            with z.open(filename, "w", force_zip64=True) as f:
                f.write(head)
                _stream(f, rows)
                f.write(b"</sheetData>" + tail)
    return out
