"""The one report context every renderer draws from: table, findings, text, organ, year, date.

The user's own text comes from ``Table.narrative`` by key.  The keys are :data:`NARRATIVE_KEYS`
and mean the same part of the report in every format:

* ``overview``: f2019/f2021 「一、总体情况」; legacy: the opening text before part 一;
* ``problems``: 「五、存在的主要问题及改进情况」 (legacy: 「五、政府信息公开工作存在的主要问题
  及改进情况」);
* ``other``: 「六、其他需要报告的事项」; in f2021 it must state the 信息处理费 situation.

The legacy report may also carry the user's text in its parts 一 to 四 (:data:`LEGACY_PART_KEYS`
``s1`` … ``s4``, as the workbook template offers them), printed before the data sentences.

The other sections carry the official table and the data sentences written from it
(:mod:`.sentences`); the legacy report's parts 一 to 四 carry data sentences and its 统计表
follows as an attachment.  The section headings are the format's own (``Format.sections``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import attrs

from .._text import clean
from ..check import cell_ref
from ..findings import CheckResult, Finding
from ..formats import Format, TableSpec
from ..rules import Severity
from ..rules._model import Message
from ..table import Table
from .sentences import Sentence, Skipped, write

#: The keys of ``Table.narrative`` a report uses, in report order (see the module docstring).
NARRATIVE_KEYS: tuple[str, ...] = ("overview", "problems", "other")
#: Optional text for the legacy report's parts 一 to 四 (the workbook template's ``s1`` … ``s4``).
LEGACY_PART_KEYS: tuple[str, ...] = ("s1", "s2", "s3", "s4")

#: The 信息处理费 statement f2021 requires in section 六 (F21-10, F21-11).
FEE_WORD = "信息处理费"
#: 总体情况 「篇幅原则上不超过一千字」 (F21-12).
OVERVIEW_LIMIT = 1000


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
    legacy = fmt.id == "legacy"
    keys = _LEGACY_KEYS if legacy else _NATIONAL_KEYS
    groups = _LEGACY_GROUPS if legacy else {}
    by_title = {t.title: t for t in fmt.tables}
    sections = []
    for i, heading in enumerate(fmt.sections):
        key = keys.get(i)
        drawn = () if legacy else tuple(t for t in (by_title.get(heading),) if t is not None)
        wanted = groups.get(i, ()) if legacy else tuple(t.key for t in drawn)
        sections.append(
            Section(
                heading=heading,
                key=key,
                paragraphs=paragraphs(table.narrative.get(key, "")) if key else (),
                sentences=tuple(s for s in sentences if s.group in wanted),
                tables=drawn,
            )
        )
    lead = paragraphs(table.narrative.get("overview", "")) if legacy else ()
    notes = _notes(table, tuple(sections), skipped, legacy)
    return ReportContext(
        table=table,
        result=result,
        date=date or dt.date.today(),
        sections=tuple(sections),
        lead=lead,
        attachments=fmt.tables if legacy else (),
        notes=notes,
    )


#: Which narrative key fills which section (by position in ``Format.sections``).
_NATIONAL_KEYS = {0: "overview", 4: "problems", 5: "other"}
_LEGACY_KEYS = {0: "s1", 1: "s2", 2: "s3", 3: "s4", 4: "problems", 5: "other"}
#: Legacy parts 一 to 四 and the sentence groups they carry (see .sentences.TEMPLATES).
_LEGACY_GROUPS = {0: ("pub",), 1: ("app",), 2: ("fees",), 3: ("review",)}

_LEVELS = (
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^（\d+）")),
)


def clean_text(text: str) -> str:
    """User text as a document can hold it: line breaks unified (a vertical tab is Word's and
    Excel's line break), control characters gone, lone surrogates shown as �."""
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


def _note(
    rule: str, severity: Severity, title: Message, message: Message, cells: tuple[str, ...] = (),
    table: Table | None = None,
) -> Finding:  # fmt: skip
    refs = tuple(cell_ref(table, c) for c in cells) if table is not None else ()
    return Finding(
        rule=rule,
        severity=severity,
        status="fail",
        cells=refs,
        message=Message(f"{rule} {message.zh}", f"{rule} {message.en}"),
        title=title,
    )


def _notes(
    table: Table, sections: tuple[Section, ...], skipped: tuple[Skipped, ...], legacy: bool
) -> tuple[Finding, ...]:
    W = Severity.WARNING
    notes: list[Finding] = []
    text = {k: table.narrative.get(k, "").strip() for k in NARRATIVE_KEYS}
    where = {s.key: s.heading for s in sections if s.key}
    where["overview"] = where.get("overview", "正文开头（概述）")
    # the legacy opening text is customary, not required (and the workbook has no cell for it)
    required = ("problems", "other") if legacy else NARRATIVE_KEYS
    for key in required:
        if not text[key]:
            notes.append(
                _note(
                    "report-text",
                    W,
                    Message("报告文字缺失", "report text missing"),
                    Message(
                        f"「{where[key]}」没有文字（工作簿报告文字表，或 JSON 的 narrative.{key}）",
                        f"no text for {where[key]!r} (the workbook's narrative sheet, or "
                        f"narrative.{key} in JSON)",
                    ),
                )
            )
    known = (*NARRATIVE_KEYS, *(LEGACY_PART_KEYS if legacy else ()))
    unused = sorted(set(table.narrative) - set(known))
    if unused:
        notes.append(
            _note(
                "report-text",
                W,
                Message("报告文字未使用", "report text not used"),
                Message(
                    f"narrative 中的「{'、'.join(unused)}」不是报告的部分，未写入报告"
                    f"（可用：{'、'.join(known)}）",
                    f"narrative keys not used in the report: {', '.join(unused)} "
                    f"(known: {', '.join(known)})",
                ),
            )
        )
    if table.format.id == "f2021":
        six = where["other"]
        if FEE_WORD not in text["other"]:
            notes.append(
                _note(
                    "F21-11",
                    W,
                    Message("第六部分应报告信息处理费情况", "section 六 must report 信息处理费"),
                    Message(
                        f"「{six}」未说明收取{FEE_WORD}的情况（未收取也应写明，"
                        f"如「本年度未收取{FEE_WORD}」），国办公开办函〔2021〕30号要求在此处专门报告",
                        f"{six!r} does not state whether {FEE_WORD} was collected "
                        "(say so even if none); required by 国办公开办函〔2021〕30号",
                    ),
                )
            )
            no_fee = "t3.other_no_fee.total"
            value = table[no_fee]
            if isinstance(value, int) and value > 0:
                notes.append(
                    _note(
                        "F21-10",
                        W,
                        Message("表三显示发出过收费通知", "table 三 shows fee notices"),
                        Message(
                            f"表三（六）2.逾期未按收费通知缴费的申请有 {value} 件，说明发出过"
                            f"收费通知，「{six}」应说明{FEE_WORD}情况",
                            f"table 三 （六）2 is {value}: fee notices were issued, so {six!r} "
                            f"should report {FEE_WORD}",
                        ),
                        (no_fee,),
                        table,
                    )
                )
        length = len(re.sub(r"\s", "", text["overview"]))
        if length > OVERVIEW_LIMIT:
            notes.append(
                _note(
                    "F21-12",
                    W,
                    Message("总体情况篇幅偏长", "总体情况 is long"),
                    Message(
                        f"「{where['overview']}」共 {length} 字，格式要求篇幅原则上不超过一千字",
                        f"{where['overview']!r} has {length} characters; the format asks for "
                        f"at most about {OVERVIEW_LIMIT}",
                    ),
                )
            )
    if not table.organ.strip():
        notes.append(
            _note(
                "report-text",
                W,
                Message("未填单位名称", "no organ name"),
                Message(
                    "未填单位名称：标题和落款将没有发文机关",
                    "no organ name: the title and the signature will lack it",
                ),
            )
        )
    for skip in skipped:
        notes.append(
            _note(
                "report-sentence",
                Severity.INFO,
                Message("数据语句未生成", "data sentence left out"),
                Message(
                    "相关单元格为空白或无法识别，未生成对应的数据语句",
                    "a data sentence was left out: its cells are blank or unreadable",
                ),
                skip.cells,
                table,
            )
        )
    return tuple(notes)


__all__ = [
    "FEE_WORD",
    "LEGACY_PART_KEYS",
    "NARRATIVE_KEYS",
    "Paragraph",
    "ReportContext",
    "Section",
    "build_context",
    "paragraphs",
]
