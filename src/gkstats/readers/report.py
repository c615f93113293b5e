"""Published reports as a :class:`~gkstats.table.Table` through :func:`gkstats.readers.read_table`.

The full parse report (cell statuses, label matches, narrative findings) is
:func:`gkstats.parse.parse_report`; this reader returns only the table, so it refuses a
report whose figures it could not read unambiguously — a table has no 「ambiguous」 state,
and a guessed figure would be checked as if it were the organ's.
"""

from __future__ import annotations

from pathlib import Path

from .._errors import GkError
from ..table import Table
from . import register


@register(".html", ".htm", ".txt", ".docx", ".pdf")
def read_report(path: Path) -> Table:
    from ..parse import Status, parse_report

    result = parse_report(path)
    unclear = [r.id for r in result.readings if r.status is Status.AMBIGUOUS]
    if unclear:
        shown = "、".join(unclear[:6]) + ("…" if len(unclear) > 6 else "")
        raise GkError(
            "ambiguous_cells",
            zh=(
                f"{path} 中有 {len(unclear)} 个单元格的数字连在一起、无法唯一拆分（{shown}）；"
                "用 gkstats parse 查看候选值"
            ),
            en=(
                f"{path}: {len(unclear)} cells have run-together figures that split several "
                f"ways ({', '.join(unclear[:6])}); see them with gkstats parse"
            ),
        )
    return result.table


__all__ = ["read_report"]
