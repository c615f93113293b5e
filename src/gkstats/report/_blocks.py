"""The report as a sequence of blocks, in order, for every renderer.

The docx, HTML and Markdown writers only translate these blocks, so the three outputs have the
same parts in the same order with the same words and tables.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from .context import Paragraph, ReportContext
from .layout import Grid, layout
from .sentences import Sentence


@attrs.frozen
class Title:
    lines: tuple[str, ...]


@attrs.frozen
class Heading:
    """A level-1 heading: 一、总体情况."""

    text: str


@attrs.frozen
class Text:
    """A paragraph of the user's own text."""

    paragraph: Paragraph


@attrs.frozen
class Data:
    """The generated sentences of a section, as one paragraph."""

    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.sentences)


@attrs.frozen
class TableBlock:
    grid: Grid
    #: The heading the table sits under (for labelling it in HTML).
    label: str


@attrs.frozen
class AttachmentNote:
    """附件说明 under the body text: 附件：2017年度政府信息公开情况统计表."""

    text: str


@attrs.frozen
class Signature:
    organ: str
    date: str
    iso: str


@attrs.frozen
class Attachment:
    """The start of an attachment page: the 附件 mark, its title and subtitle."""

    mark: str
    title: str
    subtitle: str


Block = Title | Heading | Text | Data | TableBlock | AttachmentNote | Signature | Attachment

#: The word GB/T 9704 puts before an attachment (附件说明, 附件标识).
ATTACHMENT_MARK = "附件"


def blocks(ctx: ReportContext) -> Iterator[Block]:
    yield Title(ctx.title_lines)
    for p in ctx.lead:
        yield Text(p)
    for section in ctx.sections:
        yield Heading(section.heading)
        for p in section.paragraphs:
            yield Text(p)
        if section.sentences:
            yield Data(section.sentences)
        for spec in section.tables:
            yield TableBlock(layout(spec, ctx.table), section.heading)
    for spec in ctx.attachments:
        yield AttachmentNote(f"{ATTACHMENT_MARK}：{ctx.attachment_title(spec)}")
    yield Signature(ctx.organ, ctx.date_text, ctx.date.isoformat())
    for spec in ctx.attachments:
        yield Attachment(ATTACHMENT_MARK, spec.title, f"（{ctx.year}年度）")
        yield TableBlock(layout(spec, ctx.table), spec.title)


def grids(ctx: ReportContext) -> list[Grid]:
    """The tables in document order (what the self-check expects to read back)."""
    return [b.grid for b in blocks(ctx) if isinstance(b, TableBlock)]
