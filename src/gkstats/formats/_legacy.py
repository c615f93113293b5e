"""The legacy 《政府信息公开情况统计表》 (国办发〔2014〕32号, report years 2014–2018); spec §1.

Labels are those of the filled-in 2017 form (XZ2017, spec §1.2); units other than 万元 and
人次 are the spec's expectation.  Section 二、回应解读情况 is optional (spec §1.3).
"""

from __future__ import annotations

from ..messages import Message
from ._model import Block, Format, Guidance, Kind, Node, Part, TableSpec
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

_T = "条"
_J = "件"
_C = "次"


def _n(key: str, label: str, unit: str, *children: Node, **kw: object) -> Node:
    return Node(key, label, children=children, unit=unit, **kw)  # type: ignore[arg-type]


def _g(key: str, label: str, *children: Node, optional: bool = False) -> Node:
    return Node(key, label, children=children, data=False, optional=optional)


def _ow(key: str, label: str, unit: str) -> Node:
    return Node(key, label, unit=unit, of_which=True)


def _opt(node: Node) -> Node:
    """Mark a node and everything below it optional."""
    import attrs

    return attrs.evolve(node, optional=True, children=tuple(_opt(c) for c in node.children))


_ROWS = (
    _g(
        "s_pub",
        "一、主动公开情况",
        _n(
            "pub_total",
            "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）",
            _T,
            _ow("pub_normative", "其中：主动公开规范性文件数", _T),
            _n("pub_normative_made", "制发规范性文件总数", _J),
        ),
        _g(
            "pub_channels",
            "（二）通过不同渠道和方式公开政府信息的情况",
            _n("pub_gazette", "1.政府公报公开政府信息数", _T),
            _n("pub_website", "2.政府网站公开政府信息数", _T),
            _n("pub_weibo", "3.政务微博公开政府信息数", _T),
            _n("pub_wechat", "4.政务微信公开政府信息数", _T),
            _n("pub_other", "5.其他方式公开政府信息数", _T),
        ),
    ),
    _opt(
        _g(
            "s_resp",
            "二、回应解读情况",
            _n(
                "resp_total",
                "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
                _C,
            ),
            _g(
                "resp_channels",
                "（二）通过不同渠道和方式回应解读的情况",
                _n(
                    "resp_press",
                    "1.参加或举办新闻发布会总次数",
                    _C,
                    _ow("resp_press_leader", "其中：主要负责同志参加新闻发布会次数", _C),
                ),
                _n(
                    "resp_interview",
                    "2.政府网站在线访谈次数",
                    _C,
                    _ow(
                        "resp_interview_leader",
                        "其中：主要负责同志参加政府网站在线访谈次数",
                        _C,
                    ),
                    aliases=("2.政府网站在线访谈次数（政风行风热线）",),
                ),
                _n("resp_articles", "3.政策解读稿件发布数", "篇"),
                _n("resp_weibo", "4.微博微信回应事件数", _C),
                _n("resp_other", "5.其他方式回应事件数", _C),
            ),
        )
    ),
    _g(
        "s_app",
        "三、依申请公开情况",
        _n(
            "app_received",
            "（一）收到申请数",
            _J,
            _n("app_in_person", "1.当面申请数", _J),
            _n("app_fax", "2.传真申请数", _J),
            _n("app_online", "3.网络申请数", _J),
            _n("app_letter", "4.信函申请数", _J),
            sum_of=("app_in_person", "app_fax", "app_online", "app_letter"),
            rule="01",
        ),
        _n(
            "app_concluded",
            "（二）申请办结数",
            _J,
            _n("app_on_time", "1.按时办结数", _J),
            _n("app_extended", "2.延期办结数", _J),
            sum_of=("app_on_time", "app_extended"),
            rule="02",
        ),
        _n(
            "app_answered",
            "（三）申请答复数",
            _J,
            _n("ans_published", "1.属于已主动公开范围数", _J),
            _n("ans_agreed", "2.同意公开答复数", _J),
            _n("ans_partial", "3.同意部分公开答复数", _J),
            _n(
                "ans_refused",
                "4.不同意公开答复数",
                _J,
                _ow("ref_state_secret", "其中：涉及国家秘密", _J),
                _ow("ref_trade_secret", "涉及商业秘密", _J),
                _ow("ref_privacy", "涉及个人隐私", _J),
                _ow("ref_security", "危及国家安全、公共安全、经济安全和社会稳定", _J),
                _ow("ref_not_info", "不是《条例》所指政府信息", _J),
                _ow("ref_other", "法律法规规定的其他情形", _J),
                sum_of=(
                    "ref_state_secret",
                    "ref_trade_secret",
                    "ref_privacy",
                    "ref_security",
                    "ref_not_info",
                    "ref_other",
                ),
                rule="04",
            ),
            _n("ans_not_ours", "5.不属于本行政机关公开数", _J),
            _n("ans_not_exist", "6.申请信息不存在数", _J),
            _n("ans_amend", "7.告知作出更改补充数", _J),
            _n("ans_other_route", "8.告知通过其他途径办理数", _J),
            sum_of=(
                "ans_published",
                "ans_agreed",
                "ans_partial",
                "ans_refused",
                "ans_not_ours",
                "ans_not_exist",
                "ans_amend",
                "ans_other_route",
            ),
            rule="03",
        ),
    ),
    _n(
        "review",
        "四、行政复议数量",
        _J,
        _n("review_upheld", "（一）维持具体行政行为数", _J),
        _n("review_corrected", "（二）被依法纠错数", _J),
        _n("review_other", "（三）其他情形数", _J),
        sum_of=("review_upheld", "review_corrected", "review_other"),
        rule="05",
    ),
    _n(
        "litigation",
        "五、行政诉讼数量",
        _J,
        _n("lit_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", _J),
        _n("lit_corrected", "（二）被依法纠错数", _J),
        _n("lit_other", "（三）其他情形数", _J),
        sum_of=("lit_upheld", "lit_corrected", "lit_other"),
        rule="06",
    ),
    _n("complaints", "六、举报投诉数量", _J),
    _n("fees", "七、依申请公开信息收取的费用", "万元", kind=Kind.AMOUNT),
    _g(
        "s_org",
        "八、机构建设和保障经费情况",
        _n("org_bodies", "（一）政府信息公开工作专门机构数", "个"),
        _n("org_points", "（二）设置政府信息公开查阅点数", "个"),
        _n(
            "org_staff",
            "（三）从事政府信息公开工作人员数",
            "人",
            _n("org_staff_full", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "人"),
            _n("org_staff_part", "2.兼职人员数", "人"),
            sum_of=("org_staff_full", "org_staff_part"),
            rule="07",
        ),
        _n(
            "org_funds",
            "（四）政府信息公开专项经费"
            "（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "万元",
            kind=Kind.AMOUNT,
        ),
    ),
    _g(
        "s_train",
        "九、政府信息公开会议和培训情况",
        _n("train_meetings", "（一）召开政府信息公开工作会议或专题会议数", _C),
        _n("train_courses", "（二）举办各类培训班数", _C),
        _n("train_people", "（三）接受培训人员数", "人次"),
    ),
)

TABLE = TableSpec(
    key="l",
    number="政府信息公开情况统计表",
    title="政府信息公开情况统计表",
    blocks=(
        Block(
            key="",
            rows=_ROWS,
            columns=(Node("", "统计数"),),
            row_header="统  计  指  标",
            unit_header="单位",
        ),
    ),
)

E, W = Severity.ERROR, Severity.WARNING
_SOURCE = "{basis}（XZ2017 表式）"


def _sum(number: str, title: Message, description: Message, **kw: object) -> Rule:
    """One of the sums the hierarchy declares (the nodes say which: ``rule="01"``)."""
    return Rule(
        number, RuleKind.SUM, E, title, description=description, source=_SOURCE,
        derive=Derive.SUMS, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


RULES = (
    _sum(
        "01",
        Message("收到申请数应等于各渠道申请数之和", "applications received = sum of channels"),
        Message(
            "（一）收到申请数 = 当面 + 传真 + 网络 + 信函",
            "received = in person + fax + online + letter",
        ),
    ),
    _sum(
        "02",
        Message("申请办结数应等于按时与延期办结数之和", "concluded = on time + extended"),
        Message("（二）申请办结数 = 按时办结数 + 延期办结数", "concluded = on time + extended"),
    ),
    _sum(
        "03",
        Message("申请答复数应等于各类答复数之和", "answers = sum of answer types 1–8"),
        Message("（三）申请答复数 = 第1至8项之和", "answers = items 1 to 8"),
    ),
    _sum(
        "04",
        Message("不同意公开答复数应等于其中各项之和", "refusals = sum of their 其中 items"),
        Message(
            "4.不同意公开答复数 = 其中6项之和（少于总数时仅警告）",
            "refusals = the 6 其中 items (a shortfall only warns)",
        ),
        under_severity=W,
    ),
    _sum(
        "05",
        Message("行政复议数量应等于各结果之和", "reviews = sum of outcomes"),
        Message(
            "四、行政复议数量 = 维持 + 纠错 + 其他情形", "reviews = upheld + corrected + other"
        ),
    ),
    _sum(
        "06",
        Message("行政诉讼数量应等于各结果之和", "lawsuits = sum of outcomes"),
        Message(
            "五、行政诉讼数量 = 维持或驳回 + 纠错 + 其他情形",
            "lawsuits = upheld or dismissed + corrected + other",
        ),
    ),
    _sum(
        "07",
        Message("工作人员数应等于专职与兼职之和", "staff = full-time + part-time"),
        Message("（三）从事政府信息公开工作人员数 = 专职 + 兼职", "staff = full-time + part-time"),
    ),
    Rule(
        "08",
        RuleKind.DEDUP,
        W,
        Message(
            "主动公开信息数应不超过各渠道之和，且通常小于之和（去重）",
            "proactive disclosures at most the channel sum, usually less (deduplicated)",
        ),
        (
            Item(
                ("l.pub_total",),
                ("l.pub_gazette", "l.pub_website", "l.pub_weibo", "l.pub_wechat", "l.pub_other"),
            ),
        ),
        Message(
            "主动公开政府信息数 ≤ 渠道1–5之和；多个渠道有数而恰好相等，说明可能未去重",
            "total <= channels 1-5; equality with several channels suggests no dedup",
        ),
        _SOURCE,
    ),
    Rule(
        "09",
        RuleKind.COMPARE,
        W,
        Message(
            "主动公开规范性文件数不应超过制发总数和主动公开总数",
            "normative documents disclosed at most those issued and the total",
        ),
        (
            Item(("l.pub_normative",), ("l.pub_normative_made",)),
            Item(("l.pub_normative",), ("l.pub_total",)),
        ),
        Message(
            "主动公开规范性文件数 ≤ 制发规范性文件总数，且 ≤ 主动公开政府信息数",
            "normative disclosed <= normative issued, and <= total disclosed",
        ),
        _SOURCE,
        op="<=",
    ),
    Rule(
        "10",
        RuleKind.COMPARE,
        W,
        Message(
            "回应热点舆情数不应超过各渠道回应次数之和",
            "responses at most the sum of channel responses",
        ),
        (
            Item(
                ("l.resp_total",),
                (
                    "l.resp_press",
                    "l.resp_interview",
                    "l.resp_articles",
                    "l.resp_weibo",
                    "l.resp_other",
                ),
            ),
        ),
        Message(
            "回应公众关注热点或重大舆情数 ≤ 各渠道回应解读次数之和",
            "responses <= sum of responses by channel",
        ),
        _SOURCE,
        op="<=",
    ),
    Rule(
        "11",
        RuleKind.COMPARE,
        E,
        Message("主要负责同志参加次数不应超过总次数", "leaders' appearances at most the total"),
        (
            Item(("l.resp_press_leader",), ("l.resp_press",)),
            Item(("l.resp_interview_leader",), ("l.resp_interview",)),
        ),
        Message("其中：主要负责同志参加… ≤ 其上级总次数", "leaders' count <= its total"),
        _SOURCE,
        op="<=",
    ),
    Rule(
        "12",
        RuleKind.COMPARE,
        W,
        Message(
            "申请办结数应与答复数相当，且不超过收到申请数",
            "concluded about equals answered, both at most received",
        ),
        (
            Item(("l.app_concluded",), ("l.app_answered",), op="=="),
            Item(("l.app_concluded",), ("l.app_received",)),
            Item(("l.app_answered",), ("l.app_received",)),
        ),
        Message(
            "申请办结数 ≈ 申请答复数；办结、答复 ≤ 收到申请数",
            "concluded ~ answered; concluded, answered <= received",
        ),
        _SOURCE,
        op="<=",
    ),
    Rule(
        "13",
        RuleKind.COMPARE,
        E,
        Message("「其中」项不应超过其上级项", "a 其中 item at most its parent"),
        description=Message("每个「其中」项 ≤ 其所属项", "every 其中 item <= its parent"),
        source=_SOURCE,
        op="<=",
        derive=Derive.OF_WHICH,
    ),
    Rule(
        "14",
        RuleKind.VALUE,
        E,
        Message("金额为非负数（万元），其余为非负整数", "amounts >= 0 in 万元; counts whole >= 0"),
        description=Message(
            "七、八（四）为万元，可有小数；其他各项为非负整数",
            "七 and 八（四） in 万元, decimals allowed; others whole numbers >= 0",
        ),
        source=_SOURCE,
        derive=Derive.TABLES,
    ),
    Rule(
        "15",
        RuleKind.FILLED_TOTAL,
        # an error, as a blank total is in every format (F19-14; gkstats' GK-BLANK)
        E,
        Message("分项已填写时，合计项不应空白", "a subtotal is filled when its parts are"),
        description=Message(
            "有下级项已填写的合计行不得为空白", "subtotal rows with filled parts must be filled"
        ),
        source=_SOURCE,
        derive=Derive.PARENTS,
    ),
    # the form has no rule on other blanks: gkstats' own, as F19-14 in the later formats (the
    # rows L-15 covers are its, so that a blank subtotal is named once)
    blank_rule("GK-BLANK", (), Message("", ""), "gkstats（同 F19-14）"),
    Rule(
        "16",
        RuleKind.TEXT,
        W,
        TEXT_TITLE,
        description=TEXT_DESCRIPTION,
        source="spec §4.1 L-16（XZ2017）",
    ),
)

LEGACY = Format(
    id="legacy",
    title="政府信息公开情况统计表",
    basis="国办发〔2014〕32号",
    years=(2014, 2018),
    family="legacy",
    rule_prefix="L",
    guidance=(
        Guidance("", "指标统一、项目规范、口径一致、数据准确"),
        Guidance(
            "",
            "主动公开、依申请公开、政策解读、回应社会关切、行政复议、行政诉讼、举报投诉、"
            "机构建设和政府信息公开相关培训等情况",
        ),
    ),
    # the report's parts follow 条例(2007) 第三十二条; parts 一 to 四 carry data sentences
    # (and the user's own text, if any), the 统计表 is attached at the end
    # (published reports open with 一、概述 and number the parts from 二; the aliases are
    # the other headings they give the parts)
    lead="overview",
    lead_headings=("概述", "总体情况", "基本情况"),
    outline=(
        Part(
            "一、主动公开政府信息的情况",
            "s1",
            ("pub",),
            aliases=("主动公开政府信息情况", "政府信息主动公开情况"),
        ),
        Part(
            "二、依申请公开政府信息和不予公开政府信息的情况",
            "s2",
            ("app",),
            aliases=(
                "依申请公开政府信息情况",
                "依申请公开政府信息办理情况",
                "政府信息依申请公开情况",
                "政府信息依申请公开工作情况",
                "依申请公开政府信息",
                "政府信息依申请公开",
            ),
        ),
        Part(
            "三、政府信息公开的收费及减免情况",
            "s3",
            ("fees",),
            aliases=("政府信息公开收费及减免情况", "收费及减免情况"),
        ),
        Part(
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
            "s4",
            ("review",),
            aliases=(
                "因政府信息公开申请行政复议、提起行政诉讼情况",
                "因政府信息公开申请行政复议和提起行政诉讼情况",
                "行政复议、行政诉讼情况",
                "行政复议和行政诉讼情况",
            ),
        ),
        Part(
            "五、政府信息公开工作存在的主要问题及改进情况",
            "problems",
            aliases=(
                "存在的主要问题及改进措施",
                "存在的主要问题及改进情况",
                "主要问题及改进措施",
                "主要问题和改进措施",
                "主要问题及改进情况",
            ),
        ),
        Part("六、其他需要报告的事项", "other", aliases=("其他需要报告事项",)),
    ),
    sentence_templates=(
        ("pub", "legacy.pub"),
        ("app", "legacy.app"),
        ("fees", "legacy.fees"),
        ("review", "legacy.review"),
    ),
    rules=RULES,
    tables=(TABLE,),
)
