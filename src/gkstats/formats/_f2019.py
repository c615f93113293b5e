"""The 2019 format (国办公开办函〔2019〕60号, report years 2019 and 2020); spec §2."""

from __future__ import annotations

from ._model import Format, Kind, Node, TableSpec
from ._national import SECTIONS, TABLE_4, t2_block, table_3

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

F2019 = Format(
    id="f2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    basis="国办公开办函〔2019〕60号",
    years=(2019, 2020),
    sections=SECTIONS,
    tables=(TABLE_2, table_3(Node("other", "（六）其他处理")), TABLE_4),
)
