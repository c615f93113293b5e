"""Published reports as a :class:`~gkstats.table.Table` through :func:`gkstats.readers.read_table`.

The full parse report (cell statuses, label matches, narrative findings) is
:func:`gkstats.parse.parse_report`; this reader returns only the table.  Figures the parser
could not read unambiguously (run-together figures, a cell not found) are unreadable in it,
with their candidates: the rules that need them are not assessable, the value rule names
them, and nothing else of the report is lost (``gkstats parse --set`` settles them).
"""

from __future__ import annotations

from pathlib import Path

from ..table import Table
from . import ReadOptions, register


@register(".html", ".htm", ".txt", ".docx", ".pdf")
def read_report(path: Path, options: ReadOptions) -> Table:
    from ..parse import parse_report

    fmt = options.format or "auto"
    return parse_report(path, format=fmt, year=options.year, organ=options.organ).table


__all__ = ["read_report"]
