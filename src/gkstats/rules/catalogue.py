"""The rule catalogue of each format, with the spec's ids (``spec/formats.md`` §4).

Sum rules are not listed cell by cell: they come from the totals declared in the format
(``Node.sum_of``); this module only says which spec id each declared total belongs to, and
adds the rules that are not sums (balances, comparisons, value kinds, blanks).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from decimal import Decimal

from ..formats import FORMATS, CellSpec, Format, get_format
from ._model import Item, Message, Rule, RuleKind, Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

#: Which spec rule each declared total belongs to: (table key, axis, total node key) -> id.
SUM_RULES: dict[str, dict[tuple[str, str, str], str]] = {
    "legacy": {
        ("l", "row", "app_received"): "L-01",
        ("l", "row", "app_concluded"): "L-02",
        ("l", "row", "app_answered"): "L-03",
        ("l", "row", "ans_refused"): "L-04",
        ("l", "row", "review"): "L-05",
        ("l", "row", "litigation"): "L-06",
        ("l", "row", "org_staff"): "L-07",
    },
    "f2019": {
        ("t3", "column", "total"): "F19-02",
        ("t3", "row", "total"): "F19-03",
        ("t4", "column", "total"): "F19-04",
    },
    "f2021": {
        ("t3", "column", "total"): "F21-02",
        ("t3", "row", "total"): "F21-03",
        ("t3", "row", "other"): "F21-09",
        ("t4", "column", "total"): "F21-04",
    },
}

_S60 = "国办公开办函〔2019〕60号"
_S30 = "国办公开办函〔2021〕30号"
_S32 = "国办发〔2014〕32号（XZ2017 表式）"

#: Titles, formulas in words and sources, by rule id.
TEXTS: dict[str, tuple[Message, Message, str]] = {
    "L-01": (
        Message("收到申请数应等于各渠道申请数之和", "applications received = sum of channels"),
        Message(
            "（一）收到申请数 = 当面 + 传真 + 网络 + 信函",
            "received = in person + fax + online + letter",
        ),
        _S32,
    ),
    "L-02": (
        Message("申请办结数应等于按时与延期办结数之和", "concluded = on time + extended"),
        Message("（二）申请办结数 = 按时办结数 + 延期办结数", "concluded = on time + extended"),
        _S32,
    ),
    "L-03": (
        Message("申请答复数应等于各类答复数之和", "answers = sum of answer types 1–8"),
        Message("（三）申请答复数 = 第1至8项之和", "answers = items 1 to 8"),
        _S32,
    ),
    "L-04": (
        Message("不同意公开答复数应等于其中各项之和", "refusals = sum of their 其中 items"),
        Message(
            "4.不同意公开答复数 = 其中6项之和（少于总数时仅警告）",
            "refusals = the 6 其中 items (a shortfall only warns)",
        ),
        _S32,
    ),
    "L-05": (
        Message("行政复议数量应等于各结果之和", "reviews = sum of outcomes"),
        Message(
            "四、行政复议数量 = 维持 + 纠错 + 其他情形", "reviews = upheld + corrected + other"
        ),
        _S32,
    ),
    "L-06": (
        Message("行政诉讼数量应等于各结果之和", "lawsuits = sum of outcomes"),
        Message(
            "五、行政诉讼数量 = 维持或驳回 + 纠错 + 其他情形",
            "lawsuits = upheld or dismissed + corrected + other",
        ),
        _S32,
    ),
    "L-07": (
        Message("工作人员数应等于专职与兼职之和", "staff = full-time + part-time"),
        Message("（三）从事政府信息公开工作人员数 = 专职 + 兼职", "staff = full-time + part-time"),
        _S32,
    ),
    "L-08": (
        Message(
            "主动公开信息数应不超过各渠道之和，且通常小于之和（去重）",
            "proactive disclosures at most the channel sum, usually less (deduplicated)",
        ),
        Message(
            "主动公开政府信息数 ≤ 渠道1–5之和；多个渠道有数而恰好相等，说明可能未去重",
            "total <= channels 1-5; equality with several channels suggests no dedup",
        ),
        _S32,
    ),
    "L-09": (
        Message(
            "主动公开规范性文件数不应超过制发总数和主动公开总数",
            "normative documents disclosed at most those issued and the total",
        ),
        Message(
            "主动公开规范性文件数 ≤ 制发规范性文件总数，且 ≤ 主动公开政府信息数",
            "normative disclosed <= normative issued, and <= total disclosed",
        ),
        _S32,
    ),
    "L-10": (
        Message(
            "回应热点舆情数不应超过各渠道回应次数之和",
            "responses at most the sum of channel responses",
        ),
        Message(
            "回应公众关注热点或重大舆情数 ≤ 各渠道回应解读次数之和",
            "responses <= sum of responses by channel",
        ),
        _S32,
    ),
    "L-11": (
        Message("主要负责同志参加次数不应超过总次数", "leaders' appearances at most the total"),
        Message("其中：主要负责同志参加… ≤ 其上级总次数", "leaders' count <= its total"),
        _S32,
    ),
    "L-12": (
        Message(
            "申请办结数应与答复数相当，且不超过收到申请数",
            "concluded about equals answered, both at most received",
        ),
        Message(
            "申请办结数 ≈ 申请答复数；办结、答复 ≤ 收到申请数",
            "concluded ~ answered; concluded, answered <= received",
        ),
        _S32,
    ),
    "L-13": (
        Message("「其中」项不应超过其上级项", "a 其中 item at most its parent"),
        Message("每个「其中」项 ≤ 其所属项", "every 其中 item <= its parent"),
        _S32,
    ),
    "L-14": (
        Message("金额为非负数（万元），其余为非负整数", "amounts >= 0 in 万元; counts whole >= 0"),
        Message(
            "七、八（四）为万元，可有小数；其他各项为非负整数",
            "七 and 八（四） in 万元, decimals allowed; others whole numbers >= 0",
        ),
        _S32,
    ),
    "L-15": (
        Message("分项已填写时，合计项不应空白", "a subtotal is filled when its parts are"),
        Message(
            "有下级项已填写的合计行不得为空白", "subtotal rows with filled parts must be filled"
        ),
        _S32,
    ),
    "F19-01": (
        Message(
            "本列勾稽关系：第一项加第二项之和应等于第三项加第四项之和",
            "per column: new + carried over = concluded + carried forward",
        ),
        Message(
            "每列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理",
            "per column: 一 + 二 = （七）总计 + 四",
        ),
        f"{_S60} 表三表头说明",
    ),
    "F19-02": (
        Message("总计列应等于各申请人类别之和", "总计 column = sum of applicant columns"),
        Message(
            "每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
            "per row: 总计 = the six applicant columns",
        ),
        f"{_S60} 表三",
    ),
    "F19-03": (
        Message("（七）总计应等于各办理结果之和", "（七）总计 = sum of outcomes"),
        Message(
            "每列：（七）总计 = （一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）",
            "per column: （七）总计 = all outcome rows",
        ),
        f"{_S60} 表三（部分公开「只计这一情形」）",
    ),
    "F19-04": (
        Message("复议、诉讼各栏总计应等于各结果之和", "each 总计 in table 四 = sum of outcomes"),
        Message(
            "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "总计 = upheld + corrected + other + pending",
        ),
        f"{_S60} 表四",
    ),
    "F19-06": (
        Message("表中数量应为非负整数", "counts are whole numbers >= 0"),
        Message(
            "表三、表四（gkstats 也用于表二计数项）为非负整数；采购总金额 ≥ 0",
            "tables 三 and 四 (and table 二 counts) whole >= 0; amounts >= 0",
        ),
        f"{_S60} 表三、表四",
    ),
    "F19-07": (
        Message("上一年项目数量加本年增/减不应为负", "last year's items + change >= 0"),
        Message(
            "本年增/减可为负，但 上一年项目数量 + 本年增/减 ≥ 0",
            "本年增/减 may be negative, but items + change >= 0",
        ),
        f"{_S60} 表二",
    ),
    "F19-09": (
        Message(
            "本年新公开数量不应超过对外公开总数量，通常不超过本年新制作数量",
            "newly published at most total published, usually at most newly made",
        ),
        Message(
            "本年新公开数量 ≤ 对外公开总数量；本年新公开数量 ≤ 本年新制作数量",
            "new published <= total published; new published <= new made",
        ),
        f"{_S60} 表二",
    ),
    "F19-11": (
        Message("采购总金额应注明单位", "state the unit of 采购总金额"),
        Message(
            "采购总金额模板无单位：记录原文单位（元或万元）并统一为万元，未注明时提示",
            "no official unit: record 元 or 万元 as written, normalise, flag when missing",
        ),
        f"{_S60} 表二",
    ),
    "F19-12": (
        Message("「其他处理」占比偏高", "a high share of 其他处理"),
        Message(
            "（六）其他处理 / （七）总计 > 10%（阈值为 gkstats 建议，非官方）",
            "（六） / （七）总计 > 10% (threshold suggested, not official)",
        ),
        f"{_S60}（「对“其他处理”数量偏高的行政机关，要了解情况」）",
    ),
    "F19-14": (
        Message("表三、表四的空白单元格应填 0", "blank cells in tables 三 and 四 should be 0"),
        Message(
            "表三、表四不留空白；总计为空白属缺陷",
            "no blanks in 三 and 四; a blank 总计 is a defect",
        ),
        f"{_S60} 表三、表四",
    ),
    "F21-01": (
        Message(
            "本列勾稽关系：第一项加第二项之和应等于第三项加第四项之和",
            "per column: new + carried over = concluded + carried forward",
        ),
        Message(
            "每列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理",
            "per column: 一 + 二 = （七）总计 + 四",
        ),
        f"{_S30} 表三表头说明",
    ),
    "F21-02": (
        Message("总计列应等于各申请人类别之和", "总计 column = sum of applicant columns"),
        Message(
            "每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
            "per row: 总计 = the six applicant columns",
        ),
        f"{_S30} 表三",
    ),
    "F21-03": (
        Message("（七）总计应等于各办理结果之和", "（七）总计 = sum of outcomes"),
        Message(
            "每列：（七）总计 = （一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +（六）1–3",
            "per column: （七）总计 = all outcome rows",
        ),
        f"{_S30} 表三（部分公开「只计这一情形」）",
    ),
    "F21-04": (
        Message("复议、诉讼各栏总计应等于各结果之和", "each 总计 in table 四 = sum of outcomes"),
        Message(
            "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "总计 = upheld + corrected + other + pending",
        ),
        f"{_S30} 表四",
    ),
    "F21-06": (
        Message("数量应为非负整数，收费金额为非负数", "counts whole >= 0, fee amount >= 0"),
        Message(
            "表三、表四及表二件数、数量为非负整数；本年收费金额（万元）≥ 0，可有小数",
            "tables 三, 四 and table 二 counts whole >= 0; fee amount in 万元 >= 0",
        ),
        f"{_S30}",
    ),
    "F21-09": (
        Message("（六）其他处理小计应等于其下三项之和", "（六） subtotal = its three items"),
        Message(
            "如列出（六）其他处理小计行，则 = （六）1 + 2 + 3",
            "if a （六） subtotal is shown, it equals （六）1 + 2 + 3",
        ),
        f"{_S30} 表三",
    ),
    "F21-13": (
        Message("「其他处理·其他」占比偏高", "a high share of （六）3.其他"),
        Message(
            "（六）3.其他 / （七）总计 > 10%（沿用 F19-12，阈值为 gkstats 建议）",
            "（六）3.其他 / （七）总计 > 10% (as F19-12; threshold suggested)",
        ),
        f"{_S30}；{_S60}",
    ),
}


def _ids(cells: Iterable[CellSpec]) -> tuple[str, ...]:
    return tuple(c.id for c in cells)


def _rule(
    rule_id: str, kind: RuleKind, severity: Severity, items: Iterable[Item], **kw: object
) -> Rule:
    title, description, source = TEXTS[rule_id]
    return Rule(
        id=rule_id,
        kind=kind,
        severity=severity,
        title=title,
        description=description,
        source=source,
        items=tuple(items),
        **kw,  # type: ignore[arg-type]
    )


def _sum_rules(fmt: Format) -> Iterator[Rule]:
    mapping = SUM_RULES[fmt.id]
    grouped: dict[str, list[Item]] = {}
    for s in fmt.sums():
        spec = fmt.cell(s.total)
        node = spec.row if s.axis == "row" else spec.column
        rule_id = mapping[(spec.table.key, s.axis, node.key)]
        grouped.setdefault(rule_id, []).append(Item((s.total,), s.parts))
    for rule_id in sorted(grouped, key=_order):
        extra = {"under_severity": W} if rule_id == "L-04" else {}
        yield _rule(rule_id, RuleKind.SUM, E, grouped[rule_id], **extra)


def _order(rule_id: str) -> tuple[str, int]:
    prefix, _, number = rule_id.partition("-")
    return prefix, int(number)


def _column_cells(fmt: Format, table: str, row: str) -> list[CellSpec]:
    return [c for c in fmt.cells if c.table.key == table and c.row.key == row]


def _balance(fmt: Format, rule_id: str) -> Rule:
    items = []
    for new, carried, total, forward in zip(
        _column_cells(fmt, "t3", "new"),
        _column_cells(fmt, "t3", "carried"),
        _column_cells(fmt, "t3", "total"),
        _column_cells(fmt, "t3", "carry_forward"),
    ):
        items.append(Item((new.id, carried.id), (total.id, forward.id)))
    return _rule(rule_id, RuleKind.BALANCE, E, items)


def _in_tables(fmt: Format, *tables: str) -> list[CellSpec]:
    return [c for c in fmt.cells if c.table.key in tables]


def _value_rule(fmt: Format, rule_id: str, tables: tuple[str, ...]) -> Rule:
    return _rule(rule_id, RuleKind.VALUE, E, [Item(_ids(_in_tables(fmt, *tables)))])


def _blank_rule(fmt: Format) -> Rule:
    cells = [c for c in _in_tables(fmt, "t3", "t4") if not c.optional]
    return _rule("F19-14", RuleKind.BLANK, W, [Item(_ids(cells))], total_severity=E)


def _national(fmt: Format) -> Iterator[Rule]:
    p = "F19" if fmt.id == "f2019" else "F21"
    yield _balance(fmt, f"{p}-01")
    yield from _sum_rules(fmt)
    cid = fmt.cell
    if p == "F19":
        yield _value_rule(fmt, "F19-06", ("t2", "t3", "t4"))
        rows = ("licensing", "other_services", "penalty", "enforcement", "fees")
        yield _rule(
            "F19-07",
            RuleKind.COMPARE,
            E,
            [Item((f"t2.{r}.prev_items", f"t2.{r}.change")) for r in rows],
            op=">=",
        )
        yield _rule(
            "F19-09",
            RuleKind.COMPARE,
            W,
            [
                Item((f"t2.{r}.new_published",), (f"t2.{r}.{other}",))
                for r in ("regulations", "normative")
                for other in ("total_published", "new_made")
            ],
            op="<=",
        )
        yield _rule("F19-11", RuleKind.UNIT, I, [Item((cid("t2.procurement.amount").id,))])
        yield _rule(
            "F19-12",
            RuleKind.RATIO,
            W,
            [Item(("t3.other.total",), ("t3.total.total",))],
            threshold=Decimal("0.1"),
        )
    else:
        yield _value_rule(fmt, "F21-06", ("t2", "t3", "t4"))
        yield _rule(
            "F21-13",
            RuleKind.RATIO,
            W,
            [Item(("t3.other_other.total",), ("t3.total.total",))],
            threshold=Decimal("0.1"),
        )
    yield _blank_rule(fmt)


def _parent_pairs(fmt: Format, of_which: bool) -> list[tuple[str, str]]:
    """(parent cell, child cell) for every data child of a data row (legacy single column)."""
    pairs = []
    for c in fmt.cells:
        for child in c.row.children:
            if child.data and (child.of_which or not of_which):
                pairs.append((c.id, f"l.{child.key}"))
    return pairs


def _legacy(fmt: Format) -> Iterator[Rule]:
    yield from _sum_rules(fmt)
    channels = ("l.pub_gazette", "l.pub_website", "l.pub_weibo", "l.pub_wechat", "l.pub_other")
    yield _rule("L-08", RuleKind.DEDUP, W, [Item(("l.pub_total",), channels)])
    yield _rule(
        "L-09",
        RuleKind.COMPARE,
        W,
        [
            Item(("l.pub_normative",), ("l.pub_normative_made",)),
            Item(("l.pub_normative",), ("l.pub_total",)),
        ],
        op="<=",
    )
    responses = (
        "l.resp_press",
        "l.resp_interview",
        "l.resp_articles",
        "l.resp_weibo",
        "l.resp_other",
    )
    yield _rule("L-10", RuleKind.COMPARE, W, [Item(("l.resp_total",), responses)], op="<=")
    leaders = [
        Item(("l.resp_press_leader",), ("l.resp_press",)),
        Item(("l.resp_interview_leader",), ("l.resp_interview",)),
    ]
    yield _rule("L-11", RuleKind.COMPARE, E, leaders, op="<=")
    yield _rule(
        "L-12",
        RuleKind.COMPARE,
        W,
        [
            Item(("l.app_concluded",), ("l.app_answered",), op="=="),
            Item(("l.app_concluded",), ("l.app_received",)),
            Item(("l.app_answered",), ("l.app_received",)),
        ],
        op="<=",
    )
    covered = {(i.rhs[0], i.lhs[0]) for i in leaders}
    yield _rule(
        "L-13",
        RuleKind.COMPARE,
        E,
        [
            Item((child,), (parent,))
            for parent, child in _parent_pairs(fmt, of_which=True)
            if (parent, child) not in covered
        ],
        op="<=",
    )
    yield _rule("L-14", RuleKind.VALUE, E, [Item(fmt.ids)])
    yield _rule(
        "L-15",
        RuleKind.FILLED_TOTAL,
        W,
        [
            Item((parent,), tuple(ch for p, ch in _parent_pairs(fmt, False) if p == parent))
            for parent in dict.fromkeys(p for p, _ in _parent_pairs(fmt, False))
        ],
    )


@functools.cache
def builtin_rules(format: str | Format) -> tuple[Rule, ...]:
    """The rules gkstats applies to a format, in catalogue order."""
    from ..parse.narrative import narrative_rules  # the text-match rule lives with the parser

    fmt = get_format(format)
    rules = _legacy(fmt) if fmt.id == "legacy" else _national(fmt)
    return (*rules, *narrative_rules(fmt))


def all_builtin_rules() -> dict[str, tuple[Rule, ...]]:
    return {f.id: builtin_rules(f) for f in FORMATS}
