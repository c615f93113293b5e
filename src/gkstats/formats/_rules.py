"""The vocabulary a format declares its rules in: severities, kinds, terms, items, rules.

A format's declaration lists its own rules (the spec's numbers and words, a kind, a severity,
and the cells each reads, or how to find them in the declaration: :class:`Derive`);
:mod:`gkstats.rules` turns the declarations into the catalogue ``check`` runs.  The vocabulary
lives with the formats so that a declaration can hold its rules without importing what
evaluates them; :mod:`gkstats.rules` is its public face.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from ..messages import Message


class Severity(str, enum.Enum):
    """How much a finding weighs: an error must be fixed, a warning fixed or explained."""

    ERROR = "error"  # must be fixed
    WARNING = "warning"  # needs a fix or an explanation
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Needs(str, enum.Enum):
    """What a rule reads besides this year's table, and so when it runs."""

    TABLE = "table"  # the table and its text: gkstats check
    PREVIOUS = "previous"  # last year's table too: gkstats check --previous
    REPORT = "report"  # the report being written from the table: gkstats report

    def get(self, lang: str = "zh") -> str:
        """When the rule runs, in words."""
        return _NEEDS_WORDS[self][0 if lang == "zh" else 1]


_NEEDS_WORDS = {
    Needs.TABLE: ("校验本年表", "checking the table"),
    Needs.PREVIOUS: ("与上年表核对（--previous）", "with last year's table (--previous)"),
    Needs.REPORT: ("生成年度报告时", "writing the report"),
}


class RuleKind(str, enum.Enum):
    """What a rule asserts; each kind has one evaluator (see :mod:`gkstats.check`)."""

    SUM = "sum"  # a total equals the sum of its parts
    BALANCE = "balance"  # the sum of one side equals the sum of the other (F21-01)
    COMPARE = "compare"  # sum(lhs) <op> sum(rhs): at-most, at-least, equal
    RATIO = "ratio"  # sum(lhs) / sum(rhs) at most a threshold (F19-12)
    DEDUP = "dedup"  # a deduplicated total is at most its channels, and rarely equal (L-08)
    VALUE = "value"  # each cell holds a value its kind allows (integers >= 0 …)
    BLANK = "blank"  # cells are filled (0, not blank)
    FILLED_TOTAL = "filled_total"  # a total is filled when its parts are (L-15)
    UNIT = "unit"  # an amount states its unit (F19-11)
    TEXT = "text"  # figures the narrative quotes match the table (L-16, F19-15, F21-14)
    TEXT_SUM = "text_sum"  # the parts the narrative lists add up to the total it gives
    CARRY_OVER = "carry_over"  # a cell equals last year's (上年结转 = 结转下年度, F21-05)
    STOCK_FLOW = "stock_flow"  # a stock follows from last year's and this year's flows
    SWING = "swing"  # a figure grew or shrank by a large factor since last year
    MENTION = "mention"  # a report section mentions a word (when a cell says it must)
    LENGTH = "length"  # a report section is at most so many characters (F21-12)
    SECTION_TEXT = "section_text"  # the sections that are only text have the user's text
    UNUSED_TEXT = "unused_text"  # every text the table carries is printed in the report
    ORGAN = "organ"  # the report names its organ
    SENTENCE = "sentence"  # every data sentence of the report could be written
    EMPTY = "empty"  # the table holds figures at all (else it is not filled in yet)

    @property
    def needs(self) -> Needs:
        return _NEEDS.get(self, Needs.TABLE)

    @property
    def zh(self) -> str:
        return _KIND_ZH[self]


_KIND_ZH = {
    RuleKind.SUM: "合计",
    RuleKind.BALANCE: "勾稽平衡",
    RuleKind.COMPARE: "比较",
    RuleKind.RATIO: "占比",
    RuleKind.DEDUP: "去重",
    RuleKind.VALUE: "取值",
    RuleKind.BLANK: "空白",
    RuleKind.FILLED_TOTAL: "合计已填",
    RuleKind.UNIT: "单位",
    RuleKind.TEXT: "文表一致",
    RuleKind.TEXT_SUM: "正文分项",
    RuleKind.CARRY_OVER: "上年结转",
    RuleKind.STOCK_FLOW: "存量衔接",
    RuleKind.SWING: "变化幅度",
    RuleKind.MENTION: "文字提及",
    RuleKind.LENGTH: "篇幅",
    RuleKind.SECTION_TEXT: "文字缺失",
    RuleKind.UNUSED_TEXT: "文字未用",
    RuleKind.ORGAN: "单位名称",
    RuleKind.SENTENCE: "数据语句",
    RuleKind.EMPTY: "尚未填写",
}

_NEEDS = {
    RuleKind.CARRY_OVER: Needs.PREVIOUS,
    RuleKind.STOCK_FLOW: Needs.PREVIOUS,
    RuleKind.SWING: Needs.PREVIOUS,
    RuleKind.MENTION: Needs.REPORT,
    RuleKind.LENGTH: Needs.REPORT,
    RuleKind.SECTION_TEXT: Needs.REPORT,
    RuleKind.UNUSED_TEXT: Needs.REPORT,
    RuleKind.ORGAN: Needs.REPORT,
    RuleKind.SENTENCE: Needs.REPORT,
}

#: Kinds whose findings are about form, not arithmetic: F19-16 downgrades them in a format's
#: transition years (``Format.lenient_years``).
FORMAT_KINDS = frozenset({RuleKind.BLANK, RuleKind.UNIT, RuleKind.FILLED_TOTAL})

#: Kinds that, when they find something, are all there is to say: a table with no figures
#: is 「not filled in yet」, not a list of every cell left blank and every sum not assessable.
GATE_KINDS = frozenset({RuleKind.EMPTY})
#: The kinds that read only the narrative, not the table: a gate does not withhold them.
TEXT_ONLY_KINDS = frozenset({RuleKind.TEXT_SUM})

#: No words (a rule without a description or a message template of its own).
NO_TEXT = Message("", "")

#: Written before a cell id, the cell is read from last year's table.
PREVIOUS = "previous:"


@attrs.frozen
class Term:
    """A cell a rule reads, as an item writes it: ``t3.carried.total`` is this year's;
    ``previous:t3.carry_forward.total`` last year's; a leading ``-`` subtracts the cell."""

    cell: str
    previous: bool = False
    sign: int = 1

    @classmethod
    def parse(cls, ref: str) -> Term:
        sign = -1 if ref.startswith("-") else 1
        ref = ref.lstrip("-")
        previous = ref.startswith(PREVIOUS)
        return cls(ref[len(PREVIOUS) :] if previous else ref, previous, sign)

    def __str__(self) -> str:
        return ("-" if self.sign < 0 else "") + (PREVIOUS if self.previous else "") + self.cell


@attrs.frozen
class Item:
    """One concrete comparison: the cells on each side (for SUM, lhs is the total).

    The sides hold cell ids, or :class:`Term` s written out for the cross-year kinds."""

    lhs: tuple[str, ...]
    rhs: tuple[str, ...] = ()
    #: For COMPARE: this item's operator when it differs from the rule's.
    op: str | None = None

    def terms(self) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
        return tuple(map(Term.parse, self.lhs)), tuple(map(Term.parse, self.rhs))


class Derive(str, enum.Enum):
    """How a declared rule finds its items in the declaration instead of listing them."""

    SUMS = "sums"  # the totals the hierarchy declares under the rule's id (Node.rule)
    COLUMNS = "columns"  # the listed items name rows (t3.new): one item per column
    TABLES = "tables"  # one item: every cell of ``Rule.tables`` (all tables when empty)
    REQUIRED = "required"  # one item: the cells of ``Rule.tables`` the form requires
    PARENTS = "parents"  # per row with parts: the row, and its parts (L-15)
    OF_WHICH = "of_which"  # each 「其中」 row at most its parent, unless another rule has it
    CHANGES = "changes"  # the totals, and every cell of a table without totals, against
    #                      last year's (a large change is worth a look)


@attrs.frozen
class Rule:
    """One rule of the catalogue: the spec's id (or gkstats' own ``GK-…``), what it asserts,
    how much a failure weighs, its words, and the cells it reads.

    In a format's declaration the id may be the spec's number alone (``"03"``): the format's
    ``rule_prefix`` completes it (``F21-03``), so declarations shared by two formats are
    written once.  ``source`` may name the format's legal basis as ``{basis}``."""

    id: str
    kind: RuleKind
    severity: Severity
    title: Message
    items: tuple[Item, ...] = ()
    #: The formula in words, for the catalogue.
    description: Message = NO_TEXT
    #: Where the rule comes from (official text, spec section).
    source: str = ""
    #: For COMPARE and the cross-year kinds: one of "<=", ">=", "==", "<", ">".
    op: str = "=="
    #: For RATIO: the largest acceptable share; for SWING the factor worth a look; for
    #: LENGTH the most characters.
    threshold: Decimal = Decimal("0.1")
    #: For RATIO: the smallest denominator worth judging; for SWING the smallest figure.
    min_denominator: int = 10
    #: For SUM: the severity when the parts fall short of the total (L-04's 「其中」 may be
    #: non-exhaustive), if different.
    under_severity: Severity | None = None
    #: For BLANK: the severity for a blank total (a blank 总计 is a defect).
    total_severity: Severity | None = None
    enabled: bool = True
    #: How the items come from the declaration, when they are not listed.
    derive: Derive | None = None
    #: For ``Derive.TABLES`` and ``Derive.REQUIRED``: the tables (keys) whose cells it reads.
    tables: tuple[str, ...] = ()
    #: For the report's kinds: the section (its ``Table.narrative`` key) and the word read.
    section: str | None = None
    word: str = ""
    #: For the report's kinds: the finding's words, with ``{section}``, ``{word}``,
    #: ``{basis}``, ``{value}`` … filled in.
    message: Message = NO_TEXT

    @property
    def needs(self) -> Needs:
        return self.kind.needs

    def severities(self, lang: str = "zh") -> str:
        """How much a failure weighs, in words, with the case that weighs otherwise: a blank
        total (BLANK), parts that fall short of their total (SUM)."""
        zh = lang == "zh"

        def word(severity: Severity) -> str:
            return severity.zh if zh else severity.value

        other = self.total_severity or self.under_severity
        if other is None or other is self.severity:
            return word(self.severity)
        case = (
            ("合计空白" if zh else "blank total")
            if self.total_severity
            else ("分项之和小于合计" if zh else "parts short of the total")
        )
        return (
            f"{word(self.severity)}（{case}：{word(other)}）"
            if zh
            else (f"{word(self.severity)} ({case}: {word(other)})")
        )

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell the rule reads, in order, once (as the items write them)."""
        seen: dict[str, None] = {}
        for item in self.items:
            for c in (*item.lhs, *item.rhs):
                seen[c] = None
        return tuple(seen)


#: The kinds that read the narrative (a report's own text), run where its text is read.
NARRATIVE_KINDS = frozenset({RuleKind.TEXT, RuleKind.TEXT_SUM})


def blank_rule(rule_id: str, tables: tuple[str, ...], where: Message, source: str) -> Rule:
    """The rule on cells left blank, which every format has: a blank cell should be 0 (a
    warning: it may mean none, or not filled in), a blank total is an error (a defect).
    F19-14 says so for tables 三 and 四; F21 does not number it (gkstats' ``GK-BLANK``), and
    nor does the legacy form.  ``where``: the tables it reads, in words ("" for all)."""
    return Rule(
        rule_id,
        RuleKind.BLANK,
        Severity.WARNING,
        Message(f"{where.zh}空白单元格应填 0", f"blank cells {where.en}should be 0".strip()),
        description=Message(
            f"{where.zh}不留空白（没有数量填 0）；合计项为空白属缺陷（错误）",
            f"no blanks {where.en}(enter 0 for none); a blank total is a defect (an error)",
        ),
        source=source,
        total_severity=Severity.ERROR,
        derive=Derive.REQUIRED,
        tables=tables,
    )


#: The words of the text-match rule, which every format declares under its own number
#: (L-16, F19-15, F21-14).
TEXT_TITLE = Message("正文引用的数字应与表格一致", "figures quoted in the text match the table")
TEXT_DESCRIPTION = Message(
    "正文中的收到（本年新收，或新收加上年结转）、办结、结转申请数及其按申请人的分项，各项办理结果，"
    "行政复议、行政诉讼数量及结果，表二的规章和规范性文件数（制发、废止、现行有效，或新制作、"
    "新公开、对外公开总数），行政许可、行政处罚、行政强制处理决定数，行政事业性收费，办结率等数字，"
    "应与统计表相应单元格一致；与表中各种组合都不符的数字给出警告，正文把上年结转计入收到数时予以说明",
    "applications received (new, or new plus carried over), concluded and carried over and "
    "their split by applicant, each outcome, review and lawsuit counts and results, table 二's "
    "regulations and normative documents (issued, repealed, in force; or made, published, "
    "published in all), licensing, penalty and enforcement decisions, administrative fees and "
    "rates quoted in the text equal the table; a figure no combination of cells gives is a "
    "warning, and a count of received applications that includes the carried-over ones is said",
)


__all__ = [
    "FORMAT_KINDS",
    "GATE_KINDS",
    "NARRATIVE_KINDS",
    "PREVIOUS",
    "TEXT_DESCRIPTION",
    "TEXT_ONLY_KINDS",
    "TEXT_TITLE",
    "Derive",
    "Item",
    "Needs",
    "Rule",
    "RuleKind",
    "Severity",
    "Term",
    "blank_rule",
]
