"""The 2019 format (国办公开办函〔2019〕60号, report years 2019 and 2020); spec §2."""

from __future__ import annotations

from decimal import Decimal

from ..messages import Message
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

_ITEM_COLUMNS = (
    Node("prev_items", "上一年项目数量", unit="项"),
    Node("change", "本年增/减", kind=Kind.SIGNED, unit="项"),
    Node("decisions", "处理决定数量"),
)

TABLE_2 = TableSpec(
    key="t2",
    number="二",
    title="二、主动公开政府信息情况",
    blocks=(
        t2_block(
            "s1",
            "一",
            rows=(Node("regulations", "规章"), Node("normative", "规范性文件")),
            columns=(
                Node("new_made", "本年新制作数量"),
                Node("new_published", "本年新公开数量"),
                Node("total_published", "对外公开总数量"),
            ),
        ),
        t2_block(
            "s5",
            "五",
            rows=(Node("licensing", "行政许可"), Node("other_services", "其他对外管理服务事项")),
            columns=_ITEM_COLUMNS,
        ),
        t2_block(
            "s6",
            "六",
            rows=(Node("penalty", "行政处罚"), Node("enforcement", "行政强制")),
            columns=_ITEM_COLUMNS,
        ),
        t2_block("s8", "八", rows=(Node("fees", "行政事业性收费"),), columns=_ITEM_COLUMNS[:2]),
        t2_block(
            "s9",
            "九",
            rows=(Node("procurement", "政府集中采购"),),
            columns=(
                Node("projects", "采购项目数量", unit="项"),
                Node("amount", "采购总金额", kind=Kind.AMOUNT, unit="万元"),
            ),
        ),
    ),
)

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
_ITEM_ROWS = ("licensing", "other_services", "penalty", "enforcement", "fees")
_DOCUMENTS = ("regulations", "normative")

RULES = (
    BALANCE,
    *sums("（六）"),
    Rule(
        "06",
        RuleKind.VALUE,
        E,
        Message("表中数量应为非负整数", "counts are whole numbers >= 0"),
        description=Message(
            "表三、表四（gkstats 也用于表二计数项）为非负整数；采购总金额 ≥ 0",
            "tables 三 and 四 (and table 二 counts) whole >= 0; amounts >= 0",
        ),
        source="{basis} 表三、表四",
        derive=Derive.TABLES,
        tables=("t2", "t3", "t4"),
    ),
    Rule(
        "07",
        RuleKind.COMPARE,
        E,
        Message("上一年项目数量加本年增/减不应为负", "last year's items + change >= 0"),
        tuple(Item((f"t2.{r}.prev_items", f"t2.{r}.change")) for r in _ITEM_ROWS),
        Message(
            "本年增/减可为负，但 上一年项目数量 + 本年增/减 ≥ 0",
            "本年增/减 may be negative, but items + change >= 0",
        ),
        "{basis} 表二",
        op=">=",
    ),
    Rule(
        "09",
        RuleKind.COMPARE,
        W,
        Message(
            "本年新公开数量不应超过对外公开总数量，通常不超过本年新制作数量",
            "newly published at most total published, usually at most newly made",
        ),
        tuple(
            Item((f"t2.{r}.new_published",), (f"t2.{r}.{other}",))
            for r in _DOCUMENTS
            for other in ("total_published", "new_made")
        ),
        Message(
            "本年新公开数量 ≤ 对外公开总数量；本年新公开数量 ≤ 本年新制作数量",
            "new published <= total published; new published <= new made",
        ),
        "{basis} 表二",
        op="<=",
    ),
    Rule(
        "11",
        RuleKind.UNIT,
        I,
        Message("采购总金额应注明单位", "state the unit of 采购总金额"),
        (Item(("t2.procurement.amount",)),),
        Message(
            "采购总金额模板无单位：记录原文单位（元或万元）并统一为万元，未注明时提示",
            "no official unit: record 元 or 万元 as written, normalise, flag when missing",
        ),
        "{basis} 表二",
    ),
    Rule(
        "12",
        RuleKind.RATIO,
        W,
        Message("「其他处理」占比偏高", "a high share of 其他处理"),
        (Item(("t3.other.total",), ("t3.total.total",)),),
        Message(
            "（六）其他处理 / （七）总计 > 10%（阈值为 gkstats 建议，非官方）",
            "（六） / （七）总计 > 10% (threshold suggested, not official)",
        ),
        "{basis}（「对“其他处理”数量偏高的行政机关，要了解情况」）",
        threshold=Decimal("0.1"),
    ),
    blanks("14", "{basis} 表三、表四；spec §4.2 F19-14"),
    text_rule("15", "§4.2 F19-15"),
    CARRY_OVER,
    Rule(
        "08",
        RuleKind.STOCK_FLOW,
        W,
        Message(
            "上一年项目数量应等于上年报告的项目数量加增减",
            "last year's items = last report's items + change",
        ),
        tuple(
            Item(
                (f"t2.{r}.prev_items",),
                (f"previous:t2.{r}.prev_items", f"previous:t2.{r}.change"),
            )
            for r in _ITEM_ROWS
        ),
        Message(
            "上一年项目数量（本年）= 上一年项目数量（上年）+ 本年增/减（上年）",
            "items (N) = items (N-1) + change (N-1)",
        ),
        "{basis} 表二",
    ),
    Rule(
        "10",
        RuleKind.STOCK_FLOW,
        W,
        Message(
            "对外公开总数量应与上年总数量和本年新公开数量相衔接",
            "total published follows from last year's and this year's new",
        ),
        tuple(
            Item(
                (f"t2.{r}.total_published",),
                (f"previous:t2.{r}.total_published", f"t2.{r}.new_published"),
            )
            for r in _DOCUMENTS
        ),
        Message(
            "对外公开总数量（本年）≈ 对外公开总数量（上年）+ 本年新公开数量（本年）",
            "total published (N) ~ total published (N-1) + new published (N)",
        ),
        "{basis} 表二",
    ),
)

F2019 = Format(
    id="f2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    rule_prefix="F19",
    outline=OUTLINE,
    rules=RULES,
    # 2019 reports were encouraged, not bound, to follow the new format (spec F19-16)
    lenient_years=(2019,),
    sentence_templates=(("t2", "f2019.t2"), ("t3", "national.t3"), ("t4", "national.t4")),
    guidance=(
        Guidance(
            "",
            "确保政府信息公开工作年度报告所需数据“统得出、报得准、可核查”",
        ),
        Guidance(
            SECTIONS[0],
            "主动公开、依申请公开、政府信息管理、平台建设、监督保障（含…第五十条第四项规定的"
            "各级人民政府“工作考核、社会评议和责任追究结果情况”）等方面",
        ),
        Guidance(
            "t2",
            "第二十条规定的法定主动公开内容中，适宜以数据方式呈现且具备统计汇总价值的内容，"
            "包括（一）（五）（六）（八）（九）共五项",
        ),
        Guidance("t2", "突出重点，注重用数据反映情况"),
        Guidance("t3", "重在数据准确、要素齐备"),
        Guidance(
            "t3",
            "设置了“其他处理”项目，主要是考虑新旧条例执行衔接以及极少数特殊情况。原则上，"
            "所有的政府信息公开申请，都应当按照法定的处理方式做出处理。各政府信息公开工作"
            "主管部门要高度关注这一项目的数据，对“其他处理”数量偏高的行政机关，要了解情况，"
            "及时发现并解决相关问题。",
        ),
        *GUIDANCE,
    ),
    tables=(TABLE_2, table_3(Node("other", "（六）其他处理")), TABLE_4),
)
