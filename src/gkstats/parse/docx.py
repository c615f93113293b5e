"""Word files (.docx) → :class:`~gkstats.parse._document.Document`, with python-docx.

Tables keep their merged cells: a horizontal merge is ``w:gridSpan``, a vertical one a
``w:vMerge`` run (restart, then continue), which become the grid's colspan and rowspan.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._errors import GkError
from .._extras import install_hint
from ._document import Document, Grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(path: Path) -> Any:
    try:
        import docx
    except ImportError:
        raise GkError(
            "missing_extra",
            zh=f"读取 .docx 需要 python-docx：{install_hint('docx')}",
            en=f"reading .docx needs python-docx: {install_hint('docx')}",
        ) from None
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise GkError(
            "bad_docx",
            zh=f"{path} 不是可读取的 Word（.docx）文件：{exc}",
            en=f"{path} is not a readable Word (.docx) file: {exc}",
        ) from None


def _text(el: Any) -> str:
    out = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        else:
            out.append(" " if node.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _cell_text(tc: Any) -> str:
    return "\n".join(_text(p) for p in tc.findall(f"{_W}p"))


def _int_attr(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(f"{_W}val", default))
    except ValueError:
        return default


def table_rows(tbl: Any) -> list[list[tuple[str, int, int]]]:
    """A ``w:tbl`` as rows of (text, rowspan, colspan), merges resolved."""
    layout: list[list[tuple[int, int, Any, str | None]]] = []
    for tr in tbl.findall(f"{_W}tr"):
        col = _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0)
        cells: list[tuple[int, int, Any, str | None]] = []
        if col:
            cells.append((0, col, None, None))
        for tc in tr.findall(f"{_W}tc"):
            span = max(1, _int_attr(tc, f"{_W}tcPr/{_W}gridSpan", 1))
            vm = tc.find(f"{_W}tcPr/{_W}vMerge")
            merge = None if vm is None else (vm.get(f"{_W}val") or "continue")
            cells.append((col, span, tc, merge))
            col += span
        layout.append(cells)
    # the columns where each row continues a vertical merge, each found once: a merge's
    # rows are then counted in one step each (not by searching every row below for it)
    continued = [{c for c, _, _, m in cells if m == "continue"} for cells in layout]
    rows: list[list[tuple[str, int, int]]] = []
    for r, cells in enumerate(layout):
        row = []
        for col, span, tc, merge in cells:
            if merge == "continue":
                continue
            rowspan = 1
            if merge == "restart":
                while r + rowspan < len(layout) and col in continued[r + rowspan]:
                    rowspan += 1
            row.append(("" if tc is None else _cell_text(tc), rowspan, span))
        rows.append(row)
    return rows


def docx_document(path: str | Path) -> Document:
    p = Path(path)
    document = _open(p)
    body = document.element.body
    full: list[str] = []
    narrative: list[str] = []
    grids: list[Grid] = []
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _text(child)
            full.append(text)
            narrative.append(text)
        elif child.tag == f"{_W}tbl":
            grid = Grid.from_rows(table_rows(child), name=f"表格{len(grids) + 1}")
            grids.append(grid)
            full.append(grid.text_lines())
            narrative.append("")
    title = None
    for line in narrative[:15]:
        if "报告" in line and len(line.strip()) < 120:
            title = line.strip()
            break
    if title is None:
        core_title = document.core_properties.title
        title = core_title or None
    return Document("docx", "\n".join(full), "\n".join(narrative), grids, title, p.name)


__all__ = ["docx_document", "table_rows"]
