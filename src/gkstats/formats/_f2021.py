"""The 2021 format (国办公开办函〔2021〕30号, report years 2021 on); spec §3."""

from __future__ import annotations

from ._model import Format, Guidance, Kind, Node, TableSpec
from ._national import GUIDANCE, SECTIONS, TABLE_4, t2_block, table_3

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

_SECTIONS = (*SECTIONS[:5], "六、其他需要报告的事项")

F2021 = Format(
    id="f2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    years=(2021, None),
    sections=_SECTIONS,
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
        Guidance(_SECTIONS[5], "收取信息处理费情况在此处报告。"),
        Guidance(
            _SECTIONS[5],
            "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，"
            "在此处专门报告。",
        ),
    ),
    tables=(TABLE_2, table_3(_OTHER), TABLE_4),
)
