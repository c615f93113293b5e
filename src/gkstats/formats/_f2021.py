"""The 2021 format (国办公开办函〔2021〕30号, report years 2021 on); spec §3."""

from __future__ import annotations

from decimal import Decimal

from ..messages import Message
from ._f2019 import F2019
from ._model import Format, Guidance, Kind, Node, TableSpec
from ._national import (
    BALANCE,
    CARRY_OVER,
    GUIDANCE,
    OUTLINE,
    SECTIONS,
    TABLE_4,
    blanks,
    sums,
    t2_block,
    table_3,
    text_rule,
)
from ._rules import Derive, Item, Rule, RuleKind, Severity

_DECISIONS = (Node("decisions", "本年处理决定数量"),)

TABLE_2 = TableSpec(
    key="t2",
    number="二",
    title="二、主动公开政府信息情况",
    blocks=(
        t2_block(
            "s1",
            "一",
            rows=(Node("regulations", "规章"), Node("normative", "行政规范性文件")),
            columns=(
                Node("issued", "本年制发件数"),
                Node("repealed", "本年废止件数"),
                Node("in_force", "现行有效件数"),
            ),
        ),
        t2_block("s5", "五", rows=(Node("licensing", "行政许可"),), columns=_DECISIONS),
        t2_block(
            "s6",
            "六",
            rows=(Node("penalty", "行政处罚"), Node("enforcement", "行政强制")),
            columns=_DECISIONS,
        ),
        t2_block(
            "s8",
            "八",
            rows=(Node("fees", "行政事业性收费"),),
            columns=(Node("amount", "本年收费金额（单位：万元）", kind=Kind.AMOUNT, unit="万元"),),
        ),
    ),
)

_OTHER_PARTS = ("other_no_supplement", "other_no_fee", "other_other")

#: （六） is a group header in the official F21 form; some reports print a subtotal on it,
#: which gkstats accepts as an optional row that must equal its parts (F21-09).
_OTHER = Node(
    "other",
    "（六）其他处理",
    optional=True,
    sum_of=_OTHER_PARTS,
    rule="09",
    children=(
        Node(
            "other_no_supplement",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        Node(
            "other_no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        Node("other_other", "3.其他"),
    ),
)

E, W = Severity.ERROR, Severity.WARNING
_FEE = "信息处理费"
_DOCUMENTS = ("regulations", "normative")

RULES = (
    BALANCE,
    *sums("（六）1–3"),
    Rule(
        "09",
        RuleKind.SUM,
        E,
        Message("（六）其他处理小计应等于其下三项之和", "（六） subtotal = its three items"),
        description=Message(
            "如列出（六）其他处理小计行，则 = （六）1 + 2 + 3",
            "if a （六） subtotal is shown, it equals （六）1 + 2 + 3",
        ),
        source="{basis} 表三",
        derive=Derive.SUMS,
    ),
    Rule(
        "06",
        RuleKind.VALUE,
        E,
        Message("数量应为非负整数，收费金额为非负数", "counts whole >= 0, fee amount >= 0"),
        description=Message(
            "表三、表四及表二件数、数量为非负整数；本年收费金额（万元）≥ 0，可有小数",
            "tables 三, 四 and table 二 counts whole >= 0; fee amount in 万元 >= 0",
        ),
        source="{basis}",
        derive=Derive.TABLES,
        tables=("t2", "t3", "t4"),
    ),
    Rule(
        "13",
        RuleKind.RATIO,
        W,
        Message("「其他处理·其他」占比偏高", "a high share of （六）3.其他"),
        (Item(("t3.other_other.total",), ("t3.total.total",)),),
        Message(
            "（六）3.其他 / （七）总计 > 10%（沿用 F19-12，阈值为 gkstats 建议）",
            "（六）3.其他 / （七）总计 > 10% (as F19-12; threshold suggested)",
        ),
        f"{{basis}}；{F2019.basis}",
        threshold=Decimal("0.1"),
    ),
    # F21 keeps F19-14 (tables 三 and 四 did not change) without numbering it
    blanks("GK-BLANK", f"gkstats（沿用 {F2019.basis} 的 F19-14）"),
    text_rule("14", "§4.3 F21-14"),
    CARRY_OVER,
    Rule(
        "07",
        RuleKind.STOCK_FLOW,
        W,
        Message(
            "现行有效件数应与上年现行有效、本年制发和废止相衔接",
            "documents in force follow from last year's, issued and repealed",
        ),
        tuple(
            item
            for r in _DOCUMENTS
            for item in (
                Item(
                    (f"t2.{r}.in_force",),
                    (f"previous:t2.{r}.in_force", f"t2.{r}.issued", f"-t2.{r}.repealed"),
                ),
                Item((f"t2.{r}.repealed",), (f"previous:t2.{r}.in_force", f"t2.{r}.issued"), "<="),
            )
        ),
        Message(
            "现行有效件数（本年）≈ 现行有效件数（上年）+ 本年制发件数 − 本年废止件数；"
            "本年废止件数 ≤ 现行有效件数（上年）+ 本年制发件数",
            "in force (N) ~ in force (N-1) + issued (N) - repealed (N); "
            "repealed (N) <= in force (N-1) + issued (N)",
        ),
        "{basis} 表二",
    ),
    Rule(
        "10",
        RuleKind.MENTION,
        W,
        Message("表三显示发出过收费通知", "table 三 shows fee notices"),
        (Item(("t3.other_no_fee.total",)),),
        Message(
            "表三（六）2.逾期未按收费通知缴费的申请多于 0 件时，第六部分应说明信息处理费情况",
            "when table 三 （六）2 is above 0, section 六 should report 信息处理费",
        ),
        "{basis} 六、其他需要报告的事项",
        section="other",
        word=_FEE,
        message=Message(
            "表三（六）2.逾期未按收费通知缴费的申请有 {value} 件，说明发出过"
            "收费通知，「{section}」应说明{word}情况",
            "table 三 （六）2 is {value}: fee notices were issued, so {section!r} "
            "should report {word}",
        ),
    ),
    Rule(
        "11",
        RuleKind.MENTION,
        W,
        Message("第六部分应报告信息处理费情况", "section 六 must report 信息处理费"),
        description=Message(
            "第六部分须说明收取信息处理费的情况（未收取也应写明）",
            "section 六 states whether 信息处理费 was collected (even if none)",
        ),
        source="{basis} 六、其他需要报告的事项",
        section="other",
        word=_FEE,
        message=Message(
            "「{section}」未说明收取{word}的情况（未收取也应写明，"
            "如「本年度未收取{word}」），{basis}要求在此处专门报告",
            "{section!r} does not state whether {word} was collected "
            "(say so even if none); required by {basis}",
        ),
    ),
    Rule(
        "12",
        RuleKind.LENGTH,
        W,
        Message("总体情况篇幅偏长", "总体情况 is long"),
        description=Message(
            "总体情况篇幅原则上不超过一千字", "总体情况 at most about 1000 characters"
        ),
        source="{basis} 一、总体情况",
        threshold=Decimal(1000),
        section="overview",
        message=Message(
            "「{section}」共 {length} 字，格式要求篇幅原则上不超过一千字",
            "{section!r} has {length} characters; the format asks for at most about {limit}",
        ),
    ),
)

F2021 = Format(
    id="f2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    years=(2021, None),
    rule_prefix="F21",
    outline=OUTLINE,
    rules=RULES,
    # table 二 counts other things than in 2019 and 2020 (spec F21-16)
    renewed=("t2",),
    sentence_templates=(("t2", "f2021.t2"), ("t3", "national.t3"), ("t4", "national.t4")),
    guidance=(
        Guidance("", "相关情况和数据做到应报尽报，全面准确"),
        Guidance(
            SECTIONS[0],
            "主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障…等方面，"
            "重在聚焦主题、简明客观，篇幅原则上不超过一千字。",
        ),
        Guidance(
            "t2",
            "包括（一）（五）（六）（八）共四项，其中，第（五）项的行政许可数量、第（六）项的"
            "行政处罚和行政强制数量，包括已公开和依法未公开的全部处理决定。"
            "各项数据核定时间点为报告年度的12月31日。",
        ),
        *GUIDANCE,
        Guidance(SECTIONS[5], "收取信息处理费情况在此处报告。"),
        Guidance(
            SECTIONS[5],
            "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，"
            "在此处专门报告。",
        ),
    ),
    tables=(TABLE_2, table_3(_OTHER), TABLE_4),
)
