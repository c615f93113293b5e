"""Tables 三 and 四 and the report sections shared by the 2019 and 2021 formats.

F21 changed only （六）其他处理 in table 三 (spec §3.5 D9); everything else here is the same
text in 国办公开办函〔2019〕60号 and 〔2021〕30号, so it is written once.
"""

from __future__ import annotations

from ._model import Block, Guidance, Kind, Node, TableSpec, data_keys

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
            Node("total", "总计", sum_of=_APPLICANT_PARTS),
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
            Node("total", "（七）总计", sum_of=outcome_keys),
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
                Node("total", "总计", sum_of=_T4_RESULTS),
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

__all__ = ["GUIDANCE", "SECTIONS", "TABLE_4", "Kind", "Node", "t2_block", "table_3"]
