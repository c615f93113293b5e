"""The catalogue of each format: its declared rules made concrete, and gkstats' own rules.

A format declares its rules (``Format.rules``) with the spec's numbers and words; here each is
given its whole id (the format's prefix), its source (the format's legal basis) and its items,
found in the declaration where the rule says how (:class:`~gkstats.formats._rules.Derive`):
the sums from the totals the hierarchy declares, one item per column of a row, every cell of
some tables, and so on.  Nothing here names a format: a new one is one more declaration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import attrs

from ..formats import Format, get_format
from ..formats._model import CellSpec, Node
from ..formats._rules import Derive, Item, Rule, RuleKind, Severity, Term
from ..messages import Message

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

#: A figure that grows or shrinks by this factor or more from last year's …
SWING_FACTOR = 3
#: … while the larger of the two is at least this big, is worth a look (GK-YOY).
SWING_MINIMUM = 20

#: gkstats' own rules, which every format has: not in the spec, so ids ``GK-…``.
COMMON_RULES = (
    Rule(
        "GK-YOY",
        RuleKind.SWING,
        I,
        Message("与上年相比变化较大", "a large change from last year"),
        description=Message(
            f"合计数与上年相比增减到 {SWING_FACTOR} 倍以上（较大一年不少于 {SWING_MINIMUM}），"
            "提示核实（gkstats 自设规则，非官方）",
            f"a total changed by a factor of {SWING_FACTOR} or more (larger year >= "
            f"{SWING_MINIMUM}): worth a look (a gkstats rule, not official)",
        ),
        source="gkstats",
        threshold=Decimal(SWING_FACTOR),
        min_denominator=SWING_MINIMUM,
        derive=Derive.CHANGES,
    ),
    Rule(
        "GK-PARTS",
        RuleKind.TEXT_SUM,
        W,
        Message("正文所列分项之和应等于其总数", "the parts the text lists add up to its total"),
        description=Message(
            "正文写出总数及其分项（「共…条，其中…」「包括…」「分别为…」），且分项以「其他…」"
            "收尾、表明已列全时，各分项之和应等于总数（分项为网站、微信等渠道时可重复计数，"
            "只在少于总数时判断）；「主要包括」「等」、只列部分类别、单位不同或数字为约数时"
            "不作判断（gkstats 自设规则，非官方）",
            "where the text gives a total and then its parts (「共…条，其中…」, 「包括…」, "
            "「分别为…」) and the list ends with a residual 「其他…」 item, so it claims to be "
            "complete, the parts add up to the total (channels such as the website and WeChat "
            "may carry one item twice: only a shortfall counts); lists that are only examples "
            "(「主要包括」, 「等」), figures in other units and approximate figures are not judged "
            "(a gkstats rule, not official)",
        ),
        source="gkstats",
    ),
    Rule(
        "GK-TEXT",
        RuleKind.SECTION_TEXT,
        W,
        Message("报告文字缺失", "report text missing"),
        description=Message(
            "只由文字组成的部分（如总体情况、存在的主要问题及改进情况、其他需要报告的事项）"
            "应有文字",
            "the parts of the report that are only text (总体情况, 问题及改进, 其他事项) "
            "have the user's text",
        ),
        source="gkstats",
        message=Message(
            "「{section}」没有文字（工作簿报告文字表，或 JSON 的 narrative.{key}）",
            "no text for {section!r} (the workbook's narrative sheet, or narrative.{key} in JSON)",
        ),
    ),
    Rule(
        "GK-UNUSED",
        RuleKind.UNUSED_TEXT,
        W,
        Message("报告文字未使用", "report text not used"),
        description=Message(
            "表格所带的每段文字都应是报告的一部分（narrative 的键名）",
            "every text the table carries is a part of the report (a narrative key)",
        ),
        source="gkstats",
        message=Message(
            "narrative 中的「{unused}」不是报告的部分，未写入报告（可用：{known}）",
            "narrative keys not used in the report: {unused} (known: {known})",
        ),
    ),
    Rule(
        "GK-ORGAN",
        RuleKind.ORGAN,
        W,
        Message("未填单位名称", "no organ name"),
        description=Message(
            "报告的标题和落款需要单位名称", "the report's title and signature name the organ"
        ),
        source="gkstats",
        message=Message(
            "未填单位名称：标题和落款将没有发文机关（请填写单位名称，命令行可用 --organ 给出）",
            "no organ name: the title and the signature will lack it (fill it in, or give "
            "--organ on the command line)",
        ),
    ),
    Rule(
        "GK-EMPTY",
        RuleKind.EMPTY,
        E,
        Message("表格尚未填写", "the table is not filled in"),
        description=Message(
            "表中什么也没有（全部空白，或报告中一项也未找到）时只报告这一条，"
            "不再逐格列出空白或无法核对",
            "nothing in the table (all blank, or not one cell found in a report): this alone "
            "is reported, not every blank cell and every rule that cannot be checked",
        ),
        source="gkstats",
        message=Message(
            "表格尚未填写：{cells} 个单元格中没有任何数字{unread}",
            "the table is not filled in: none of its {cells} cells holds a figure{unread}",
        ),
    ),
    Rule(
        "GK-SENTENCE",
        RuleKind.SENTENCE,
        I,
        Message("数据语句未生成", "data sentence left out"),
        description=Message(
            "数据语句所引用的单元格为空白或无法识别时，不写该语句",
            "a data sentence whose cells are blank or unreadable is not written",
        ),
        source="gkstats",
        message=Message(
            "相关单元格为空白或无法识别，未生成对应的数据语句",
            "a data sentence was left out: its cells are blank or unreadable",
        ),
    ),
)


@functools.cache
def builtin_rules(format: str | Format) -> tuple[Rule, ...]:
    """The rules gkstats applies to a format, in catalogue order: the format's own, as its
    declaration lists them, then gkstats' (:data:`COMMON_RULES`)."""
    fmt = get_format(format)
    declared = (*fmt.rules, *COMMON_RULES)
    rules = tuple(_resolve(fmt, r, declared) for r in declared)
    _check_sums(fmt, rules)
    return rules


def _resolve(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Rule:
    rule_id = fmt.rule_id(rule.id)
    items = rule.items
    if rule.derive is not None:
        items = tuple(_DERIVE[rule.derive](fmt, attrs.evolve(rule, id=rule_id), declared))
    return attrs.evolve(rule, id=rule_id, items=items, source=rule.source.format(basis=fmt.basis))


def _check_sums(fmt: Format, rules: tuple[Rule, ...]) -> None:
    """Every total the declaration has belongs to a sum rule it declares."""
    sums = {r.id for r in rules if r.kind is RuleKind.SUM and r.derive is Derive.SUMS}
    for s in fmt.sums():
        node = _total_node(fmt, s.total, s.axis)
        if node.rule is None or fmt.rule_id(node.rule) not in sums:
            raise ValueError(f"{fmt.id}: the total {s.total} belongs to no declared sum rule")


def _total_node(fmt: Format, cell_id: str, axis: str) -> Node:
    """The row (a total row) or the column (a total column) whose sum a total cell is."""
    spec = fmt.cell(cell_id)
    return spec.row if axis == "row" else spec.column


# --- finding the items in the declaration ----------------------------------------------


def _sums(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    for s in fmt.sums():
        node = _total_node(fmt, s.total, s.axis)
        if node.rule is not None and fmt.rule_id(node.rule) == rule.id:
            yield Item((s.total,), s.parts)


def _columns(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    """Items written with rows (``t3.new``), once per column of the first row's block."""
    for item in rule.items:
        lhs, rhs = item.terms()
        first = lhs[0].cell
        columns = [c.column.key for c in fmt.cells if c.id.startswith(first + ".")]
        for column in columns:

            def at(terms: tuple[Term, ...], column: str = column) -> tuple[str, ...]:
                return tuple(str(attrs.evolve(t, cell=f"{t.cell}.{column}")) for t in terms)

            yield Item(at(lhs), at(rhs), item.op)


def _in_tables(fmt: Format, rule: Rule) -> list[CellSpec]:
    return [c for c in fmt.cells if not rule.tables or c.table.key in rule.tables]


def _tables(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    yield Item(tuple(c.id for c in _in_tables(fmt, rule)))


def _required(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    """The cells the form requires; for a rule on blanks, but for the rows a rule on blank
    subtotals covers (L-15), so that a blank subtotal is named once."""
    others: set[str] = set()
    if rule.kind is RuleKind.BLANK:
        subtotals = any(r.kind is RuleKind.FILLED_TOTAL for r in declared)
        others = {p for p, _ in _child_pairs(fmt, of_which=False)} if subtotals else set()
    yield Item(tuple(c.id for c in _in_tables(fmt, rule) if not c.optional and c.id not in others))


def _child_pairs(fmt: Format, of_which: bool) -> list[tuple[str, str]]:
    """(parent cell, child cell) for every data child of a data row, in the same column
    (only the 「其中」 children when ``of_which``)."""
    pairs = []
    for c in fmt.cells:
        for child in c.row.children:
            if child.data and (child.of_which or not of_which):
                cell = f"{c.table.key}.{child.key}" + (f".{c.column.key}" if c.column.key else "")
                if fmt.has_cell(cell):
                    pairs.append((c.id, cell))
    return pairs


def _parents(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    pairs = _child_pairs(fmt, of_which=False)
    for parent in dict.fromkeys(p for p, _ in pairs):
        yield Item((parent,), tuple(child for p, child in pairs if p == parent))


def _of_which(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    """Each 「其中」 row at most its parent, unless another rule of the same weight says so."""
    covered = {
        (i.rhs[0], i.lhs[0])
        for other in declared
        if other.kind is RuleKind.COMPARE and other.severity is rule.severity
        and fmt.rule_id(other.id) != rule.id
        for i in other.items
        if len(i.lhs) == 1 and len(i.rhs) == 1
    }  # fmt: skip
    for parent, child in _child_pairs(fmt, of_which=True):
        if (parent, child) not in covered:
            yield Item((child,), (parent,))


def _changes(fmt: Format, rule: Rule, declared: tuple[Rule, ...]) -> Iterator[Item]:
    """The totals against last year's, and every cell of a table without totals."""
    with_totals = {c.table.key for c in fmt.cells if c.is_total}
    for c in fmt.cells:
        if c.is_total or c.table.key not in with_totals:
            yield Item((c.id,), (str(Term(c.id, previous=True)),))


_DERIVE: dict[Derive, Callable[[Format, Rule, tuple[Rule, ...]], Iterable[Item]]] = {
    Derive.SUMS: _sums,
    Derive.COLUMNS: _columns,
    Derive.TABLES: _tables,
    Derive.REQUIRED: _required,
    Derive.PARENTS: _parents,
    Derive.OF_WHICH: _of_which,
    Derive.CHANGES: _changes,
}


__all__ = ["COMMON_RULES", "SWING_FACTOR", "SWING_MINIMUM", "builtin_rules"]
