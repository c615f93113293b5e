"""Workbooks: the official template, reading any filled workbook, marking findings in it.

Everything that touches a workbook goes through the gateway in :mod:`.gateway`; the
openpyxl implementation serves files, the CLI and tests, python-calamine a fast read path
for batches (the ``fast`` extra), and the Excel add-in brings an xlwings one.

    >>> from gkstats.workbook import read_file          # doctest: +SKIP
    >>> read_file("表.xlsx").table                      # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..formats import Format
from .gateway import Cell, Note, SheetData, Uncached, Workbook, WorkbookReader
from .marks import ClearReport, MarkReport, clear_file, clear_workbook, mark_file, mark_workbook
from .reader import WorkbookRead, read_workbook

if TYPE_CHECKING:
    from ._openpyxl import OpenpyxlWorkbook
    from ._stream import StreamWorkbook


def __getattr__(name: str) -> Any:
    # openpyxl is imported on first use, not with the package: the Excel add-in reads and
    # marks the live workbook without it, and a click must start fast.
    if name == "OpenpyxlWorkbook":
        from ._openpyxl import OpenpyxlWorkbook

        return OpenpyxlWorkbook
    if name == "StreamWorkbook":
        from ._stream import StreamWorkbook

        return StreamWorkbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_workbook(path: str | Path) -> OpenpyxlWorkbook:
    """Open a workbook file for reading and changing (size and zip limits checked first)."""
    from ._openpyxl import OpenpyxlWorkbook

    return OpenpyxlWorkbook.open(path)


def read_file(
    path: str | Path,
    *,
    format: str | Format | None = None,
    year: int | None = None,
    fast: bool = False,
) -> WorkbookRead:
    """Read the table in a workbook file, streamed (memory stays with the cells that hold
    something; limits checked first, see :mod:`._safety`); ``fast`` reads with
    python-calamine where that is safe and gives the same text, else streamed as well."""
    from ._safety import inspect_workbook
    from ._stream import StreamWorkbook

    scan = inspect_workbook(path)
    if fast:
        from . import _calamine

        if _calamine.available() and _calamine.suits(scan):
            with contextlib.closing(_calamine.CalamineWorkbook(path, scan)) as quick:
                return read_workbook(quick, format=format, year=year)
    with StreamWorkbook(path, scan) as streamed:
        return read_workbook(streamed, format=format, year=year)


__all__ = [
    "Cell",
    "ClearReport",
    "MarkReport",
    "Note",
    "OpenpyxlWorkbook",
    "SheetData",
    "StreamWorkbook",
    "Uncached",
    "Workbook",
    "WorkbookRead",
    "WorkbookReader",
    "clear_file",
    "clear_workbook",
    "mark_file",
    "mark_workbook",
    "open_workbook",
    "read_file",
    "read_workbook",
]
