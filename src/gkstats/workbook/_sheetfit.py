"""How gkstats' own lists (校验结果, 汇总来源 …) fit on the screen and on the page.

Every gateway writes them the same way: each column as wide as its longest line, within the
limit the caller gives, longer text wrapped; each row as tall as its wrapped lines (Excel
does not grow a row for wrapped text a program writes); printed landscape, one page wide,
the header row on every page and the page number in the footer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

#: The height of one line of the lists' 11 pt font, in points.
LINE_HEIGHT = 15
#: The footer every list prints, in Excel's header and footer codes: 「第 1 页，共 3 页」.
FOOTER = "第 &P 页，共 &N 页"
#: No column is narrower than this (Excel's units: about one digit each).
MIN_WIDTH = 4.0


def text_width(text: str) -> int:
    """Display width in Excel column units: 2 for a Chinese character, 1 for ASCII."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _width(text: str) -> int:
    return max((text_width(line) for line in text.split("\n")), default=0)


def fitted_widths(
    header: Sequence[str], rows: Sequence[Sequence[object]], limits: Sequence[float]
) -> list[float]:
    """Each column's width: its longest line and a margin, at most its limit (its header is
    never wrapped); a column without a limit is left out."""
    out = []
    for j, limit in enumerate(limits):
        head = _width(header[j]) + 2 if j < len(header) else 0
        need = max(
            (_width(str(row[j])) + 2 for row in rows if j < len(row) and row[j] is not None),
            default=0,
        )
        out.append(float(max(min(need, limit), head, MIN_WIDTH)))
    return out


def row_height(row: Sequence[object], widths: Sequence[float]) -> float:
    """The height a row needs for its wrapped text in columns of these widths."""
    lines = 1
    for value, width in zip(row, widths):
        if value is None:
            continue
        room = max(int(width) - 1, 2)
        wrapped = sum(-(-max(text_width(s), 1) // room) for s in str(value).split("\n"))
        lines = max(lines, wrapped)
    return float(LINE_HEIGHT * lines + 3)


__all__ = ["FOOTER", "LINE_HEIGHT", "MIN_WIDTH", "fitted_widths", "row_height", "text_width"]
