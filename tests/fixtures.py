"""Real published figures (facts from the spec and the corpus), keyed by official labels.

Tables are built through the format's own label lookup (``Format.find``), so these fixtures
exercise the declaration as a reader of a real report would.
"""

from __future__ import annotations

from decimal import Decimal

from gkstats import Table, get_format

T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def by_labels(
    format_id: str,
    year: int,
    organ: str,
    rows: dict[tuple[str, str], list[object]],
    columns: dict[str, tuple[str, ...]],
) -> Table:
    """rows: (table number, row label) -> values across ``columns[table]``."""
    fmt = get_format(format_id)
    cells: dict[str, object] = {}
    for (table, row), values in rows.items():
        for column, value in zip(columns[table], values):
            cells[fmt.find(table, row, column).id] = value
    return Table.from_cells(fmt, year, organ, cells)


# 上饶市信州区 2017 (legacy), spec §1.2; blank cells are left out.
XZ2017 = {
    "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）": 32101,
    "其中：主动公开规范性文件数": 5,
    "制发规范性文件总数": 5,
    "1.政府公报公开政府信息数": 0,
    "2.政府网站公开政府信息数": 23591,
    "3.政务微博公开政府信息数": 4004,
    "4.政务微信公开政府信息数": 2865,
    "5.其他方式公开政府信息数": 1641,
    "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）": 309,
    "1.参加或举办新闻发布会总次数": 2,
    "其中：主要负责同志参加新闻发布会次数": 1,
    "2.政府网站在线访谈次数": 1,
    "其中：主要负责同志参加政府网站在线访谈次数": 1,
    "3.政策解读稿件发布数": 80,
    "4.微博微信回应事件数": 58,
    "5.其他方式回应事件数": 251,
    "（一）收到申请数": 29,
    "1.当面申请数": 28,
    "2.传真申请数": 0,
    "3.网络申请数": 0,
    "4.信函申请数": 1,
    "1.按时办结数": 29,
    "（三）申请答复数": 29,
    "1.属于已主动公开范围数": 4,
    "2.同意公开答复数": 11,
    "3.同意部分公开答复数": 2,
    "4.不同意公开答复数": 8,
    "涉及个人隐私": 1,
    "不是《条例》所指政府信息": 7,
    "5.不属于本行政机关公开数": 1,
    "6.申请信息不存在数": 0,
    "7.告知作出更改补充数": 0,
    "8.告知通过其他途径办理数": 3,
    "四、行政复议数量": 1,
    "（三）其他情形数": 1,
    "五、行政诉讼数量": 0,
    "六、举报投诉数量": 0,
    "七、依申请公开信息收取的费用": 0,
    "（一）政府信息公开工作专门机构数": 1,
    "（二）设置政府信息公开查阅点数": 3,
    "（三）从事政府信息公开工作人员数": 37,
    "1.专职人员数（不包括政府公报及政府网站工作人员数）": 2,
    "2.兼职人员数": 35,
    "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）": 2,
    "（一）召开政府信息公开工作会议或专题会议数": 1,
    "（二）举办各类培训班数": 1,
    "（三）接受培训人员数": 39,
}


def xz2017() -> Table:
    fmt = get_format("legacy")
    cells: dict[str, object] = {}
    for label, value in XZ2017.items():
        matches = [c for c in fmt.cells if c.row.label == label]
        if label == "（三）其他情形数":  # under 四、行政复议数量, not 五、行政诉讼数量
            matches = [c for c in matches if c.row_path[0].key == "review"]
        assert len(matches) == 1, label
        cells[matches[0].id] = value
    return Table.from_cells(fmt, 2017, "上饶市信州区", cells)


# 平潭综合实验区 2025 (f2021), corpus pingtan_2025 (spec §7).
PINGTAN_2025_T3 = {
    "一、本年新收政府信息公开申请数量": [151, 3, 0, 0, 0, 0, 154],
    "二、上年结转政府信息公开申请数量": [0, 0, 0, 0, 0, 0, 0],
    "（一）予以公开": [33, 0, 0, 0, 0, 0, 33],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [38, 0, 0, 0, 0, 0, 38],
    "1.属于国家秘密": [0] * 7,
    "2.其他法律行政法规禁止公开": [0] * 7,
    "3.危及“三安全一稳定”": [0] * 7,
    "4.保护第三方合法权益": [0] * 7,
    "5.属于三类内部事务信息": [3, 0, 0, 0, 0, 0, 3],
    "6.属于四类过程性信息": [2, 0, 0, 0, 0, 0, 2],
    "7.属于行政执法案卷": [3, 0, 0, 0, 0, 0, 3],
    "8.属于行政查询事项": [3, 0, 0, 0, 0, 0, 3],
    "1.本机关不掌握相关政府信息": [49, 1, 0, 0, 0, 0, 50],
    "2.没有现成信息需要另行制作": [3, 0, 0, 0, 0, 0, 3],
    "3.补正后申请内容仍不明确": [0] * 7,
    "1.信访举报投诉类申请": [2, 0, 0, 0, 0, 0, 2],
    "2.重复申请": [0] * 7,
    "3.要求提供公开出版物": [0] * 7,
    "4.无正当理由大量反复申请": [0] * 7,
    "5.要求行政机关确认或重新出具已获取信息": [0] * 7,
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [8, 0, 0, 0, 0, 0, 8],
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [
        2,
        0,
        0,
        0,
        0,
        0,
        2,
    ],
    "3.其他": [1, 0, 0, 0, 0, 0, 1],
    "（七）总计": [147, 1, 0, 0, 0, 0, 148],
    "四、结转下年度继续办理": [4, 2, 0, 0, 0, 0, 6],
}
PINGTAN_2025_T4 = {
    "行政复议": [25, 3, 8, 0, 36],
    "未经复议直接起诉": [3, 3, 0, 0, 6],
    "复议后起诉": [3, 0, 0, 0, 3],
}
PINGTAN_2025_T2 = {
    ("规章", "本年制发件数"): 0,
    ("规章", "本年废止件数"): 0,
    ("规章", "现行有效件数"): 0,
    ("行政规范性文件", "本年制发件数"): 58,
    ("行政规范性文件", "本年废止件数"): 45,
    ("行政规范性文件", "现行有效件数"): 546,
    ("行政许可", "本年处理决定数量"): 2418,
    ("行政处罚", "本年处理决定数量"): 644,
    ("行政强制", "本年处理决定数量"): 64,
    ("行政事业性收费", "本年收费金额（单位：万元）"): Decimal("4166.241619"),
}


def pingtan_2025() -> Table:
    rows: dict[tuple[str, str], list[object]] = {}
    rows.update({("三", r): v for r, v in PINGTAN_2025_T3.items()})  # type: ignore[misc]
    rows.update({("四", r): v for r, v in PINGTAN_2025_T4.items()})  # type: ignore[misc]
    table = by_labels("f2021", 2025, "平潭综合实验区", rows, {"三": T3_COLUMNS, "四": T4_COLUMNS})
    fmt = table.format
    return table.replace({fmt.find("二", r, c).id: v for (r, c), v in PINGTAN_2025_T2.items()})


# 平潭综合实验区 2020 (f2019), spec §6.2: the cells the spec quotes; F19-03 is broken.
PINGTAN_2020_T3 = {
    "（一）予以公开": {"自然人": 6, "总计": 7},
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": {"自然人": 6, "总计": 6},
    "1.本机关不掌握相关政府信息": {"自然人": 4, "总计": 4},
    "3.补正后申请内容仍不明确": {"自然人": 3, "总计": 3},
    "2.重复申请": {"自然人": 3, "总计": 3},
    "（六）其他处理": {"自然人": 4, "总计": 4},
    "（七）总计": {"自然人": 20, "总计": 21},
}


def pingtan_2020() -> Table:
    fmt = get_format("f2019")
    cells = {
        fmt.find("三", row, col).id: v
        for row, by_col in PINGTAN_2020_T3.items()
        for col, v in by_col.items()
    }
    return Table.from_cells(fmt, 2020, "平潭综合实验区", cells)
