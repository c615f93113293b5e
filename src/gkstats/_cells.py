"""Text never becomes a formula in a table gkstats writes (issue 15).

An organ name, a file name or a message that starts with ``=`` would run as a formula in
Excel (``=HYPERLINK(…)``, ``=WEBSERVICE(…)``), and a CSV cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is read as one by spreadsheet programs (CSV
injection).  Every writer goes through this module: in a workbook a text is stored as a
text, in a CSV such a cell gets a leading ``'``.  A control character or a lone surrogate
(issue 16), which would make the workbook writer refuse the whole file, is stored as Excel
stores it in a workbook (``_x0001_``) and shown as its picture (``␁``) in a CSV.
"""

from __future__ import annotations

from typing import Any

from ._text import clean_any, encode_excel

#: What a spreadsheet program reads as the start of a formula in a CSV cell.
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Whether ``value`` is a text a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_LEAD)


def csv_value(value: object) -> object:
    """A CSV cell's value: cleaned, and a text that would start a formula gets a leading
    ``'``."""
    value = clean_any(value)
    return "'" + value if formula_like(value) and isinstance(value, str) else value


def put_cell(cell: Any, value: object) -> None:
    """Write a value into an openpyxl cell; a text stays a text whatever it starts with, and
    stored as Excel stores it (:func:`~gkstats._text.encode_excel`: a control character as
    ``_x0001_``, so that it reads back exactly and the writer never refuses the file)."""
    if isinstance(value, str):
        value = encode_excel(value)
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"


__all__ = ["FORMULA_LEAD", "csv_value", "formula_like", "put_cell"]
