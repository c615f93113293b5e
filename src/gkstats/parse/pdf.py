"""PDF files → :class:`~gkstats.parse._document.Document`, with pdfplumber (the ``pdf`` extra).

Ruled tables are taken with their merged cells (a cell's box spanning several column or row
lines becomes a colspan or rowspan); the rest of the page is the narrative.  A PDF whose
tables have no rules still has its text, which the text reader then reads.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

from .._errors import GkError
from .._extras import install_hint
from .._limits import check_pdf_pages
from ._document import Document, Grid


def _open(path: Path) -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise GkError(
            "missing_extra",
            zh=f"读取 PDF 需要 pdfplumber：{install_hint('pdf')}",
            en=f"reading PDF needs pdfplumber: {install_hint('pdf')}",
        ) from None
    try:
        pdf = pdfplumber.open(str(path))
        check_pdf_pages(path, len(pdf.pages))
        return pdf
    except GkError:
        raise
    except Exception as exc:  # pdfminer raises many types for a broken file
        raise GkError(
            "bad_pdf",
            zh=f"{path} 不是可读取的 PDF 文件：{exc}",
            en=f"{path} is not a readable PDF file: {exc}",
        ) from None


def _rows(table: Any) -> list[list[tuple[str, int, int]]]:
    """pdfplumber's table as rows of (text, rowspan, colspan)."""
    cells = table.cells
    xs = sorted({round(c[0], 1) for c in cells})
    tops = sorted({round(c[1], 1) for c in cells})
    texts = table.extract()
    rows: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(table.rows):
        out = []
        for j, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            x0, top, x1, bottom = (round(v, 1) for v in bbox)
            colspan = max(1, bisect.bisect_left(xs, x1 - 0.5) - bisect.bisect_left(xs, x0 - 0.5))
            rowspan = max(
                1, bisect.bisect_left(tops, bottom - 0.5) - bisect.bisect_left(tops, top - 0.5)
            )
            text = texts[r][j] if r < len(texts) and j < len(texts[r]) else ""
            out.append((text or "", rowspan, colspan))
        rows.append(out)
    return rows


def pdf_document(path: str | Path) -> Document:
    p = Path(path)
    pdf = _open(p)
    full: list[str] = []
    narrative: list[str] = []
    grids: list[Grid] = []
    try:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj: dict[str, Any], boxes: list[Any] = boxes) -> bool:
                x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
                y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
                return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

            text = page.filter(outside).extract_text() or ""
            narrative.append(text)
            full.append(text)
            for table in tables:
                grid = Grid.from_rows(_rows(table), name=f"表格{len(grids) + 1}")
                grids.append(grid)
                full.append(grid.text_lines())
    except GkError:
        raise
    except Exception as exc:
        raise GkError(
            "bad_pdf",
            zh=f"{p} 无法读取：{exc}",
            en=f"cannot read {p}: {exc}",
        ) from None
    finally:
        pdf.close()
    title = None
    for line in "\n".join(narrative).splitlines()[:15]:
        if "报告" in line and len(line.strip()) < 120:
            title = line.strip()
            break
    return Document("pdf", "\n".join(full), "\n".join(narrative), grids, title, p.name)


__all__ = ["pdf_document"]
