"""The 2019 format (国办公开办函〔2019〕60号, report years 2019 and 2020); spec §2."""

from __future__ import annotations

from ._model import Format, Guidance, Kind, Node, TableSpec
from ._national import GUIDANCE, SECTIONS, TABLE_4, t2_block, table_3

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
