"""What the page draws besides the JSON documents: the official tables as on paper.

The tables are the report renderer's own (:func:`gkstats.report.layout.layout` drawn by
:func:`gkstats.report.html.table_html`): the same labels, spans and ``data-cell`` ids as the
HTML report, so the page colours a wrong cell by the id its finding names and nothing about
the form is retyped here.
"""

from __future__ import annotations

from typing import Any

from ..report.html import table_html
from ..report.layout import layout
from ..table import Table


def tables_view(table: Table) -> list[dict[str, Any]]:
    """Each table of the format, drawn with the table's figures."""
    return [
        {
            "key": spec.key,
            "number": spec.number,
            "title": spec.title,
            "html": table_html(layout(spec, table)),
        }
        for spec in table.format.tables
    ]


__all__ = ["tables_view"]
