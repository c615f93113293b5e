"""The one report context every renderer draws from: table, findings, text, organ, year, date.

The format's outline (``Format.outline``) says what fills each part of the report: the user's
own text from ``Table.narrative`` by key, the data sentences written from the table
(:mod:`.sentences`) by group, and the official table whose title is the part's heading.  The
keys :data:`NARRATIVE_KEYS` mean the same part in every format:

* ``overview``: f2019/f2021 「一、总体情况」; legacy: the opening text before part 一;
* ``problems``: 「五、存在的主要问题及改进情况」 (legacy: 「五、政府信息公开工作存在的主要问题
  及改进情况」);
* ``other``: 「六、其他需要报告的事项」; in f2021 it must state the 信息处理费 situation.

The legacy report may also carry the user's text in its parts 一 to 四 (:data:`LEGACY_PART_KEYS`
``s1`` … ``s4``, as the workbook template offers them), printed before the data sentences; a
table no part draws (the legacy 统计表) follows as an attachment.  The notes about the text
are the findings of the catalogue's report rules (``gkstats rules``: F21-10 … GK-SENTENCE).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import attrs

from .._text import clean
from ..check import check_report
from ..findings import CheckResult, Finding
from ..formats import Format, TableSpec
from ..table import Table
from .sentences import Sentence, write

#: The keys of ``Table.narrative`` a report uses, in report order (see the module docstring).
NARRATIVE_KEYS: tuple[str, ...] = ("overview", "problems", "other")
#: Optional text for the legacy report's parts 一 to 四 (the workbook template's ``s1`` … ``s4``).
LEGACY_PART_KEYS: tuple[str, ...] = ("s1", "s2", "s3", "s4")


@attrs.frozen
class Paragraph:
    """A paragraph of the user's text; ``level`` 2–4 when it opens with a GB/T 9704 heading
    number (（一）, 1., （1）), whose words up to the first 。 are ``head``."""

    text: str
    level: int = 0
    head: str = ""

    @property
    def body(self) -> str:
        return self.text[len(self.head) :]


@attrs.frozen
class Section:
    """One part of the report under its official heading."""

    heading: str
    #: The narrative key whose text fills it, if any.
    key: str | None
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    tables: tuple[TableSpec, ...]


@attrs.frozen
class ReportContext:
    """Everything a renderer needs, computed once so the three outputs say the same."""

    table: Table
    result: CheckResult
    date: dt.date
    sections: tuple[Section, ...]
    #: The legacy report's opening text (``overview``), before part 一.
    lead: tuple[Paragraph, ...] = ()
    #: Tables printed after the signature as attachments (the legacy 统计表).
    attachments: tuple[TableSpec, ...] = ()
    #: Warnings about the text (F21-10, F21-11, F21-12, empty sections, unused keys,
    #: sentences left out for blank cells). They never stop a report.
    notes: tuple[Finding, ...] = ()

    @property
    def format(self) -> Format:
        return self.table.format

    @property
    def organ(self) -> str:
        return " ".join(clean_text(self.table.organ).split())

    @property
    def year(self) -> int:
        return self.table.year

    @property
    def narrative(self) -> Mapping[str, str]:
        return self.table.narrative

    @property
    def title_lines(self) -> tuple[str, ...]:
        """The title, organ on its own line as 公文 titles are usually broken."""
        rest = f"{self.year}年政府信息公开工作年度报告"
        return (self.organ, rest) if self.organ else (rest,)

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def date_text(self) -> str:
        """成文日期 in Arabic numerals, year in full, no leading zeros: 2026年1月20日."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for sec in self.sections for s in sec.sentences)

    @property
    def tables(self) -> tuple[TableSpec, ...]:
        """Every official table drawn, in document order."""
        return tuple(t for sec in self.sections for t in sec.tables) + self.attachments

    def attachment_title(self, spec: TableSpec) -> str:
        return f"{self.year}年度{spec.title}"


def signature_indents(w_organ: float, w_date: float) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and the 成文日期 of a 公文 without a seal."""
    if not w_organ:
        return 0.0, 2.0
    date_in = w_organ - w_date  # the date starts 2 characters right of the 署名's start
    if date_in >= 2:
        return 2.0, date_in
    return 4.0 + w_date - w_organ, 2.0


def text_width(text: str) -> float:
    """Width in characters: CJK and full-width 1, ASCII ½."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def build_context(
    table: Table, result: CheckResult | None = None, date: dt.date | None = None
) -> ReportContext:
    """The report context of a table (checked with its format's rules unless given)."""
    if result is None:
        from ..check import check

        result = check(table)
    fmt = table.format
    sentences, skipped = write(table)
    by_title = {t.title: t for t in fmt.tables}
    sections = []
    for part in fmt.outline:
        drawn = tuple(t for t in (by_title.get(part.heading),) if t is not None)
        sections.append(
            Section(
                heading=part.heading,
                key=part.text,
                paragraphs=paragraphs(table.narrative.get(part.text, "")) if part.text else (),
                sentences=tuple(s for s in sentences if s.group in part.sentences),
                tables=drawn,
            )
        )
    drawn_anywhere = {t.key for s in sections for t in s.tables}
    lead = paragraphs(table.narrative.get(fmt.lead, "")) if fmt.lead else ()
    return ReportContext(
        table=table,
        result=result,
        date=date or dt.date.today(),
        sections=tuple(sections),
        lead=lead,
        attachments=tuple(t for t in fmt.tables if t.key not in drawn_anywhere),
        notes=check_report(table, left_out=(s.cells for s in skipped)),
    )


_LEVELS = (
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^（\d+）")),
)


def clean_text(text: str) -> str:
    """User text as a document can hold it: line breaks unified (a vertical tab is Word's and
    Excel's line break), control characters gone, lone surrogates shown as �."""
    text = (
        text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    )
    return clean(text.replace("_x000D_", ""), drop=True)


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The user's text as paragraphs (one per non-empty line), with heading numbers found."""
    out = []
    for raw in clean_text(text).split("\n"):
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        out.append(_paragraph(line))
    return tuple(out)


def _paragraph(line: str) -> Paragraph:
    for level, pattern in _LEVELS:
        if pattern.match(line):
            stop = line.find("。")
            head = line if stop < 0 or stop == len(line) - 1 else line[: stop + 1]
            return Paragraph(line, level, head)
    return Paragraph(line)


__all__ = [
    "LEGACY_PART_KEYS",
    "NARRATIVE_KEYS",
    "Paragraph",
    "ReportContext",
    "Section",
    "build_context",
    "paragraphs",
]
