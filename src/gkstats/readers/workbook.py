"""The reader for Excel workbooks (.xlsx, .xlsm): see :mod:`gkstats.workbook.reader`."""

from __future__ import annotations

from pathlib import Path

from .._errors import GkError
from ..table import Table
from ..workbook import read_file
from ..workbook.reader import missing_error
from . import register


@register(".xlsx", ".xlsm")
def read_workbook_table(path: Path) -> Table:
    """The table in a workbook, with each cell's address ("表三!C7"); a required cell that
    cannot be found is an error naming it, never a blank."""
    read = read_file(path, fast=True)  # python-calamine where installed and safe
    if read.missing:
        raise missing_error(read, str(path))
    if not read.year_stated:
        raise GkError(
            "missing_year",
            zh=f"{path} 没有填写报告年度：请在「报告信息」工作表的「年度」一栏填写（如 2025）",
            en=f"{path} states no report year: fill in 年度 on the 报告信息 sheet",
        )
    return read.table


__all__ = ["read_workbook_table"]
