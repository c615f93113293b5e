"""The 2021 format (国办公开办函〔2021〕30号, report years 2021 on); spec §3."""

from __future__ import annotations

from ._model import Format, Kind, Node, TableSpec
from ._national import SECTIONS, TABLE_4, t2_block, table_3

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

F2021 = Format(
    id="f2021",
    title="中华人民共和国政府信息公开工作年度报告格式",
    basis="国办公开办函〔2021〕30号",
    years=(2021, None),
    sections=(*SECTIONS[:5], "六、其他需要报告的事项"),
    tables=(TABLE_2, table_3(_OTHER), TABLE_4),
)
