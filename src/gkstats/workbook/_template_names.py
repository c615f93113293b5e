"""What a reader needs to know of the template without building it: its sheet names, the
defined names it gives the metadata and the narrative, and which sections are narrative.

Kept apart from :mod:`.template` (which draws the workbook with openpyxl) so that reading a
workbook, in the Excel add-in above all, does not import openpyxl.
"""

from __future__ import annotations

from ..formats import Format

#: The sheet with the report's metadata and narrative sections.
INFO_SHEET = "报告信息"
#: The sheet with the filling instructions.
GUIDE_SHEET = "填报说明"
#: A workbook-scoped constant naming the format, so a reader need not guess it.
FORMAT_NAME = "GK_format"

#: The report's metadata: key, label, defined name.
META_FIELDS: tuple[tuple[str, str], ...] = (
    ("organ", "单位名称"),
    ("year", "年度"),
    ("contact", "联系人"),
    ("date", "填报日期"),
)


def meta_name(key: str) -> str:
    return f"GK_{key}"


def text_name(key: str) -> str:
    return f"GK_text_{key}"


def narrative_sections(fmt: Format) -> tuple[tuple[str, str], ...]:
    """The report sections written as text, as ``(key, heading)``: the parts of the format's
    outline that print the user's text (``Format.outline``; the keys of
    :attr:`gkstats.Table.narrative`).
    """
    return tuple((p.text, p.heading) for p in fmt.outline if p.text)
