"""Tables 三 and 四, the report's parts and the rules shared by the 2019 and 2021 formats.

F21 changed only （六）其他处理 in table 三 (spec §3.5 D9); everything else here is the same
text in 国办公开办函〔2019〕60号 and 〔2021〕30号, so it is written once.  The rules are
declared by their number (``"03"``): each format's prefix makes them F19-03 and F21-03.
"""

from __future__ import annotations

from ..messages import Message
from ._model import Block, Guidance, Kind, Node, Part, TableSpec, data_keys
from ._rules import (
    TEXT_DESCRIPTION,
    TEXT_TITLE,
    Derive,
    Item,
    Rule,
    RuleKind,
    Severity,
    blank_rule,
)

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

_APPLICANT_PARTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")

T3_COLUMNS = (
    Node(
        "applicants",
        "申请人情况",
        data=False,
        children=(
            Node("natural", "自然人", aliases=("自 然 人",)),
            Node(
                "legal_person",
                "法人或其他组织",
                data=False,
                children=(
                    Node("commercial", "商业企业"),
                    Node("research", "科研机构", aliases=("科研企业",)),
                    Node("nonprofit", "社会公益组织"),
                    Node("legal", "法律服务机构"),
                    Node("other", "其他"),
                ),
            ),
            Node("total", "总计", sum_of=_APPLICANT_PARTS, rule="02"),
        ),
    ),
)


def _t3_rows(other: Node) -> tuple[Node, ...]:
    refused = Node(
        "refused",
        "（三）不予公开",
        data=False,
        children=(
            Node("refused_secret", "1.属于国家秘密"),
            Node("refused_law", "2.其他法律行政法规禁止公开"),
            Node("refused_security", "3.危及“三安全一稳定”"),
            Node("refused_third_party", "4.保护第三方合法权益"),
            Node("refused_internal", "5.属于三类内部事务信息"),
            Node("refused_process", "6.属于四类过程性信息"),
            Node("refused_case_file", "7.属于行政执法案卷"),
            Node("refused_query", "8.属于行政查询事项"),
        ),
    )
    unable = Node(
        "unable",
        "（四）无法提供",
        data=False,
        children=(
            Node("unable_not_held", "1.本机关不掌握相关政府信息"),
            Node("unable_create", "2.没有现成信息需要另行制作"),
            Node("unable_unclear", "3.补正后申请内容仍不明确"),
        ),
    )
    not_processed = Node(
        "not_processed",
        "（五）不予处理",
        data=False,
        children=(
            Node("np_petition", "1.信访举报投诉类申请"),
            Node("np_repeat", "2.重复申请"),
            Node("np_publication", "3.要求提供公开出版物"),
            Node("np_massive", "4.无正当理由大量反复申请"),
            Node("np_confirm", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    )
    disclosed = Node("disclosed", "（一）予以公开")
    partial = Node("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    outcome_keys = (
        disclosed.key,
        partial.key,
        *data_keys(refused),
        *data_keys(unable),
        *data_keys(not_processed),
        *(data_keys(other) if other.children else (other.key,)),
    )
    results = Node(
        "results",
        "三、本年度办理结果",
        data=False,
        children=(
            disclosed,
            partial,
            refused,
            unable,
            not_processed,
            other,
            Node("total", "（七）总计", sum_of=outcome_keys, rule="03"),
        ),
    )
    return (
        Node("new", "一、本年新收政府信息公开申请数量"),
        Node("carried", "二、上年结转政府信息公开申请数量"),
        results,
        Node("carry_forward", "四、结转下年度继续办理"),
    )


def table_3(other: Node) -> TableSpec:
    return TableSpec(
        key="t3",
        number="三",
        title="三、收到和处理政府信息公开申请情况",
        corner_note=T3_CORNER,
        blocks=(Block(key="", rows=_t3_rows(other), columns=T3_COLUMNS, unit="件"),),
    )


_T4_RESULTS = ("upheld", "corrected", "other", "pending")

TABLE_4 = TableSpec(
    key="t4",
    number="四",
    title="四、政府信息公开行政复议、行政诉讼情况",
    one_line=True,
    blocks=(
        Block(
            key="",
            rows=(
                Node("review", "行政复议"),
                Node(
                    "litigation",
                    "行政诉讼",
                    data=False,
                    children=(
                        Node("direct", "未经复议直接起诉"),
                        Node("after_review", "复议后起诉"),
                    ),
                ),
            ),
            columns=(
                Node("upheld", "结果维持"),
                Node("corrected", "结果纠正"),
                Node("other", "其他结果"),
                Node("pending", "尚未审结"),
                Node("total", "总计", sum_of=_T4_RESULTS, rule="04"),
            ),
            unit="件",
        ),
    ),
)


def t2_block(
    key: str, item: str, rows: tuple[Node, ...], columns: tuple[Node, ...], unit: str = "件"
) -> Block:
    return Block(
        key=key,
        caption=f"第二十条第（{item}）项",
        row_header="信息内容",
        rows=rows,
        columns=columns,
        unit=unit,
    )


#: Filling instructions that 60号 and 30号 state alike (spec §2.4, §2.5, §5), verbatim.
GUIDANCE = (
    Guidance("t3", "政府信息公开申请的最终处理结果"),
    Guidance(
        "t4",
        "行政复议机关作为共同被告的行政诉讼案件，只计算原行为主体的案件数量，"
        "不计算行政复议机关的案件数量。",
    ),
    Guidance(SECTIONS[4], "不得出现敷衍了事甚至年年雷同现象"),
)

#: The report's parts (spec §2.1, §3.1): 一, 五 and 六 are the user's text, 二 to 四 the tables
#: and the data sentences written from them.
#: The aliases are the other headings published reports give the parts.
OUTLINE = (
    Part(SECTIONS[0], "overview", aliases=("概述", "基本情况")),
    Part(SECTIONS[1], sentences=("t2",), aliases=("主动公开政府信息的情况",)),
    Part(SECTIONS[2], sentences=("t3",), aliases=("收到和处理政府信息公开申请的情况",)),
    Part(
        SECTIONS[3], sentences=("t4",),
        aliases=(
            "因政府信息公开申请行政复议、提起行政诉讼的情况",
            "因政府信息公开申请行政复议、提起行政诉讼情况",
            "政府信息公开行政复议、行政诉讼的情况",
            "行政复议、行政诉讼情况",
            "行政复议和行政诉讼情况",
        ),
    ),
    Part(
        SECTIONS[4], "problems",
        aliases=(
            "存在的主要问题及改进措施", "主要问题及改进情况", "主要问题及改进措施",
            "主要问题和改进措施",
        ),
    ),
    Part(SECTIONS[5], "other", aliases=("其他需要报告事项",)),
)  # fmt: skip

E, W = Severity.ERROR, Severity.WARNING

#: F-01: table 三's 勾稽关系, per column (its corner note).
BALANCE = Rule(
    "01",
    RuleKind.BALANCE,
    E,
    Message(
        "本列勾稽关系：第一项加第二项之和应等于第三项加第四项之和",
        "per column: new + carried over = concluded + carried forward",
    ),
    (Item(("t3.new", "t3.carried"), ("t3.total", "t3.carry_forward")),),
    Message(
        "每列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理",
        "per column: 一 + 二 = （七）总计 + 四",
    ),
    "{basis} 表三表头说明",
    derive=Derive.COLUMNS,
)


def sums(outcomes: str) -> tuple[Rule, ...]:
    """F-02 to F-04, the totals of tables 三 and 四 (``outcomes``: the （六） rows F-03 adds)."""
    return (
        Rule(
            "02",
            RuleKind.SUM,
            E,
            Message("总计列应等于各申请人类别之和", "总计 column = sum of applicant columns"),
            description=Message(
                "每行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他",
                "per row: 总计 = the six applicant columns",
            ),
            source="{basis} 表三",
            derive=Derive.SUMS,
        ),
        Rule(
            "03",
            RuleKind.SUM,
            E,
            Message("（七）总计应等于各办理结果之和", "（七）总计 = sum of outcomes"),
            description=Message(
                f"每列：（七）总计 = （一）+（二）+（三）1–8 +（四）1–3 +（五）1–5 +{outcomes}",
                "per column: （七）总计 = all outcome rows",
            ),
            source="{basis} 表三（部分公开「只计这一情形」）",
            derive=Derive.SUMS,
        ),
        Rule(
            "04",
            RuleKind.SUM,
            E,
            Message(
                "复议、诉讼各栏总计应等于各结果之和", "each 总计 in table 四 = sum of outcomes"
            ),
            description=Message(
                "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                "总计 = upheld + corrected + other + pending",
            ),
            source="{basis} 表四",
            derive=Derive.SUMS,
        ),
    )


def blanks(rule_id: str, source: str) -> Rule:
    """No blanks in tables 三 and 四: F19-14, which F21 keeps without a number of its own
    (gkstats' ``GK-BLANK`` there: an F19 id never appears on an F21 table)."""
    where = Message("表三、表四的", "in tables 三 and 四 ")
    return blank_rule(rule_id, ("t3", "t4"), where, source)


#: F-05: 上年结转 is last year's 结转下年度继续办理, per column (and across 2020 → 2021).
CARRY_OVER = Rule(
    "05",
    RuleKind.CARRY_OVER,
    W,
    Message(
        "上年结转应等于上年报告的结转下年度继续办理",
        "carried over = last year's carried forward",
    ),
    (Item(("t3.carried",), ("previous:t3.carry_forward",)),),
    Message(
        "每列：二、上年结转（本年）= 四、结转下年度继续办理（上年），同一机关；"
        "不一致须说明（如机构调整）",
        "per column: 二 (this year) = 四 (last year); a difference needs an explanation",
    ),
    "{basis} 表三",
    derive=Derive.COLUMNS,
)


def text_rule(number: str, spec: str) -> Rule:
    """The narrative against the tables (F19-15, F21-14); ``spec``: where the spec says so."""
    return Rule(
        number,
        RuleKind.TEXT,
        W,
        TEXT_TITLE,
        description=TEXT_DESCRIPTION,
        source=f"{{basis}}；spec {spec}",
    )


__all__ = [
    "BALANCE",
    "CARRY_OVER",
    "GUIDANCE",
    "OUTLINE",
    "SECTIONS",
    "TABLE_4",
    "Kind",
    "Node",
    "blanks",
    "sums",
    "t2_block",
    "table_3",
    "text_rule",
]
