"""The report as Markdown, for review (diffs, comments, a quick read).

Pipe tables cannot merge cells, so each official table is printed as its grid (the same one
the docx and HTML draw): a merged cell's text stands in its top-left position and the
positions it covers are left empty, which keeps every row and column where the form has it.
"""

from __future__ import annotations

import re

from .._text import clean
from ._blocks import (
    Attachment,
    AttachmentNote,
    Data,
    Heading,
    Signature,
    TableBlock,
    Text,
    Title,
    blocks,
)
from .context import ReportContext
from .layout import Grid

#: What Markdown (CommonMark with GitHub's tables and strikethrough) or the HTML it becomes
#: could read as markup: emphasis, code, links and images, raw HTML and entities (``&amp;``),
#: table cells, headings, strikethrough.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~!])")


_BLOCK_START = re.compile(r"^([ \t]*)([-+=>]|\d+[.)](?=\s|$))", re.MULTILINE)


def escape(text: str) -> str:
    """Text as literal Markdown (no accidental emphasis, links, entities, tables, headings,
    lists or quotes, on any of its lines), cleaned of what no file may hold."""
    return _BLOCK_START.sub(_literal_start, _SPECIAL.sub(r"\\\1", clean(text)))


def _literal_start(m: re.Match[str]) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():  # 1. or 1) would start a list: escape the . or )
        return f"{lead}{mark[:-1]}\\{mark[-1]}"
    return f"{lead}\\{mark}"


def table_rows(grid: Grid) -> list[list[str]]:
    """The grid as rows of texts, covered positions empty (what the pipe table shows)."""
    rows = [[""] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        rows[c.row][c.col] = c.text
    return rows


def _table(grid: Grid) -> list[str]:
    rows = table_rows(grid)
    lines = []
    for i, row in enumerate(rows):
        # a line break would end the table row: a cell's lines are kept apart with <br>
        lines.append("| " + " | ".join(escape(t).replace("\n", "<br>") for t in row) + " |")
        if i == 0:
            lines.append("|" + "|".join(" --- " for _ in row) + "|")
    return lines


def render(ctx: ReportContext) -> bytes:
    out: list[str] = []
    for block in blocks(ctx):
        if isinstance(block, Title):
            out += ["# " + escape("".join(block.lines)), ""]
        elif isinstance(block, Heading):
            out += ["## " + escape(block.text), ""]
        elif isinstance(block, Text):
            p = block.paragraph
            if p.level:
                body = escape(p.body)
                out += [f"**{escape(p.head)}**{body}", ""]
            else:
                out += [escape(p.text), ""]
        elif isinstance(block, Data):
            out += [escape(block.text), ""]
        elif isinstance(block, TableBlock):
            out += [*_table(block.grid), ""]
        elif isinstance(block, AttachmentNote):
            out += [escape(block.text), ""]
        elif isinstance(block, Signature):
            if block.organ:
                out += [escape(block.organ), ""]
            out += [escape(block.date), ""]
        elif isinstance(block, Attachment):
            out += ["---", "", "## " + escape(block.mark), "", f"**{escape(block.title)}**", ""]
            out += [escape(block.subtitle), ""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


__all__ = ["escape", "render", "table_rows"]
