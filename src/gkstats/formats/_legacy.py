"""The legacy 《政府信息公开情况统计表》 (国办发〔2014〕32号, report years 2014–2018); spec §1.

Labels are those of the filled-in 2017 form (XZ2017, spec §1.2); units other than 万元 and
人次 are the spec's expectation.  Section 二、回应解读情况 is optional (spec §1.3).
"""

from __future__ import annotations

from ._model import Block, Format, Guidance, Kind, Node, TableSpec

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
        ),
        _n(
            "app_concluded",
            "（二）申请办结数",
            _J,
            _n("app_on_time", "1.按时办结数", _J),
            _n("app_extended", "2.延期办结数", _J),
            sum_of=("app_on_time", "app_extended"),
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
    ),
    _n(
        "litigation",
        "五、行政诉讼数量",
        _J,
        _n("lit_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", _J),
        _n("lit_corrected", "（二）被依法纠错数", _J),
        _n("lit_other", "（三）其他情形数", _J),
        sum_of=("lit_upheld", "lit_corrected", "lit_other"),
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

LEGACY = Format(
    id="legacy",
    title="政府信息公开情况统计表",
    basis="国办发〔2014〕32号",
    years=(2014, 2018),
    guidance=(
        Guidance("", "指标统一、项目规范、口径一致、数据准确"),
        Guidance(
            "",
            "主动公开、依申请公开、政策解读、回应社会关切、行政复议、行政诉讼、举报投诉、"
            "机构建设和政府信息公开相关培训等情况",
        ),
    ),
    sections=(
        "一、主动公开政府信息的情况",
        "二、依申请公开政府信息和不予公开政府信息的情况",
        "三、政府信息公开的收费及减免情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ),
    tables=(TABLE,),
)
