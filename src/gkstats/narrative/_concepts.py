"""The narrative's vocabulary: what a figure in a report's text may count, and the cells
that count the same thing.

A :class:`Concept` is a thing the text counts (收到申请, 行政复议, 现行有效规范性文件 …): the
words that name it, the units it is counted in, the topic a clause must be about (申请,
复议, 诉讼), and the table cells that count it, named by their keys in the declaration
(``t3.new.total``); group concepts (不予公开, 无法提供 …) add the group's rows as the
declaration lists them.  A :class:`Qualifier` narrows a concept to some rows or columns
(「涉及自然人72件」: table 三's 自然人 column; 「现行有效规章」: table 二's 规章 row), and a
:class:`Reading` is another sum of cells a figure may mean (「收到申请75件」 may count the
applications carried over too).  The words are the narrative's, not the table's labels; a
concept per leaf row is derived from the row's own label as well.
"""

from __future__ import annotations

import functools
import re

import attrs

from ..formats import Format, Node

APPLY, REVIEW, LITIGATION = "apply", "review", "litigation"

#: (table key, row node key, column key): cells named through the declaration.
Where = tuple[str, str, str]


@attrs.frozen
class Qualifier:
    """Words that narrow a concept to some rows or columns of its table: 自然人 names a column
    of table 三, 规范性文件 a row of table 二."""

    #: Which key of the concept's ``where`` the words replace: "row" or "column".
    axis: str
    #: (words, the keys they name): 「法人或其他组织」 names the five columns under it.
    choices: tuple[tuple[str, tuple[str, ...]], ...]
    #: The concept means nothing without one (制发 without 规章 or 规范性文件).
    required: bool = False

    @property
    def pattern(self) -> re.Pattern[str]:
        """All the words, each choice a named group (``q0``, ``q1`` …)."""
        return _qualifier_pattern(self.choices)

    @property
    def everything(self) -> frozenset[str]:
        """The keys of all choices together (自然人 and 法人或其他组织: every applicant)."""
        return frozenset(k for _, keys in self.choices for k in keys)


@functools.cache
def _qualifier_pattern(choices: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?P<q{k}>{w})" for k, (w, _) in enumerate(choices)))


@attrs.frozen
class Reading:
    """Another sum of the table's cells a figure may count: 「收到申请75件」 may be 本年新收
    plus 上年结转."""

    where: tuple[Where, ...]
    zh: str
    en: str
    #: A figure that matches it still does not say what the table's own row says: the
    #: finding explains which the text seems to count (unless its sentence says so itself).
    warn: bool = False
    #: Words by which a sentence says so itself (「含上年结转1件」).
    explained: str = ""


@attrs.frozen
class Concept:
    """Something a report's text counts (收到申请, 行政复议 …): its words, its units, the
    topic its clause must be about, and the cells that count it."""

    key: str
    zh: str
    en: str
    #: The narrative words that place a figure under this concept.
    words: str
    #: (table key, row node key, column key): the cells that count it.
    where: Where
    units: str = "件|条|个|宗|份"
    #: The clause must be about this (申请, 复议, 诉讼); None: the words say it all.
    topic: str | None = None
    #: Add up the row's data descendants (a group such as （三）不予公开).
    leaves: bool = False
    #: The words are specific enough when the clause names no topic at all (上年结转).
    loose: bool = False
    #: Generic words (公开政府信息): taken only when no more specific word is there
    #: (「其他方式公开政府信息1条」 is 其他方式, not the total).
    generic: bool = False
    #: Words that narrow it to some rows or columns.
    qualifier: Qualifier | None = None
    #: Other sums of cells its figures may count.
    also: tuple[Reading, ...] = ()
    #: Words before a figure that say it counts something else (「行政许可申请」 are not
    #: information requests; 「公开行政处罚决定」 are the published ones only).
    avoid: str = ""
    #: Words that must be in the figure's sentence before it (generic words such as 办理
    #: count information requests only when the sentence says so).
    needs: str = ""


#: Table 三's applicants (its columns); 「公民、法人和其他组织」 is all of them.
APPLICANTS = Qualifier(
    "column",
    (
        (
            "公民、法人(?:或者|或|和|及)其他组织",
            ("natural", "commercial", "research", "nonprofit", "legal", "other"),
        ),
        ("自然人", ("natural",)),
        (
            "法人或其他组织|法人和其他组织|法人及其他组织|法人或者其他组织|法人",
            ("commercial", "research", "nonprofit", "legal", "other"),
        ),
        ("商业企业", ("commercial",)),
        ("科研机构", ("research",)),
        ("社会公益组织", ("nonprofit",)),
        ("法律服务机构", ("legal",)),
    ),
)
#: Table 二's documents (rows of its first block).
DOCUMENTS = Qualifier(
    "row",
    (("规章(?!制度)", ("regulations",)), ("行政规范性文件|规范性文件", ("normative",))),
    required=True,
)
#: Table 二's decisions (rows of its blocks 五 and 六).
DECISIONS = Qualifier(
    "row",
    (
        ("行政许可", ("licensing",)),
        ("其他对外管理服务事项", ("other_services",)),
        ("行政处罚", ("penalty",)),
        ("行政强制", ("enforcement",)),
    ),
    required=True,
)
#: Requests that are not information requests, and counts of something else (「各类申请」
#: are every kind of request, but 「各类政府信息公开申请」 are the table's own).
_NOT_INFORMATION = (
    r"行政许可|审批|许可申请|政务服务|办件|诉求|信访|投诉|举报|咨询|留言|来信|来电|热线|建议"
    r"|提案|复议|诉讼|各[类项种](?!政府信息公开|信息公开|依申请公开)"
)
#: Words of what is planned, not done (「拟废止」, 「明年将制发」).
_PLANNED = r"拟|计划|建议|将|预计|力争|明年|下一?年度?"
#: Documents worked on, not issued (「清理」, 「解读」, 「备案」) or planned.
_NOT_MADE = _PLANNED + r"|清理|解读|征求意见|备案|审查|宣传|培训"
#: 本年新收 plus 上年结转: what 「收到申请」 sometimes counts.
_WITH_CARRIED = Reading(
    (("t3", "new", "total"), ("t3", "carried", "total")),
    "本年新收与上年结转之和",
    "new plus carried over",
    warn=True,
    explained=r"(?:含|包括|其中|连同|加上)[^，。；]{0,8}上一?年度?(?:结转|转入)",
)
_T4 = "件|起|宗|个|例|次"
_DOCS = "件|份|部"


def _applications(concept: Concept) -> Concept:
    """A count of table 三's applications: said of 申请, by applicant, not of other requests
    (and in 件, not 个: 「12个部门收到申请」 counts departments)."""
    return attrs.evolve(
        concept, units="件|宗|份|条", topic=APPLY, qualifier=APPLICANTS, avoid=_NOT_INFORMATION
    )


_NATIONAL = (
    _applications(
        Concept(
            "carried_in",
            "上年结转申请",
            "applications carried over from last year",
            r"上一?年度?结转|上一?年度?转入",
            ("t3", "carried", "total"),
            loose=True,
        )
    ),
    _applications(
        Concept(
            "carry_forward",
            "结转下年度继续办理",
            "applications carried forward",
            r"结转|转入下一?年度?|继续办理|尚在办理|正在办理",
            ("t3", "carry_forward", "total"),
            loose=True,
        )
    ),
    _applications(
        Concept(
            "new",
            "本年新收申请",
            "new applications",
            r"新收|新接收|新受理",
            ("t3", "new", "total"),
        )
    ),
    _applications(
        Concept(
            "received",
            "收到申请",
            "applications received",
            r"收到|接到|受理|接收|收悉|共收",
            ("t3", "new", "total"),
            also=(_WITH_CARRIED,),
        )
    ),
    _applications(
        Concept(
            "concluded",
            "办结申请",
            "applications concluded",
            r"办结|办理完毕|已办理|处理完毕|完成办理|作出答复|答复",
            ("t3", "total", "total"),
        )
    ),
    _applications(
        Concept(
            "handled",
            "办理申请",
            "applications handled",
            r"办理|处理",
            ("t3", "new", "total"),
            generic=True,
            needs=r"信息公开|依申请|公开申请",
            also=(
                attrs.evolve(_WITH_CARRIED, warn=False),
                Reading((("t3", "total", "total"),), "办结数", "concluded"),
            ),
        )
    ),
    Concept(
        "partial",
        "部分公开",
        "partly disclosed",
        r"部分公开",
        ("t3", "partial", "total"),
        qualifier=APPLICANTS,
    ),
    Concept(
        "refused",
        "不予公开",
        "refused",
        r"不予公开",
        ("t3", "refused", "total"),
        leaves=True,
        qualifier=APPLICANTS,
    ),
    Concept(
        "disclosed",
        "予以公开",
        "disclosed",
        r"予以公开|同意公开|全部公开",
        ("t3", "disclosed", "total"),
        qualifier=APPLICANTS,
    ),
    Concept(
        "unable",
        "无法提供",
        "cannot be provided",
        r"无法提供",
        ("t3", "unable", "total"),
        leaves=True,
        qualifier=APPLICANTS,
    ),
    Concept(
        "not_processed",
        "不予处理",
        "not processed",
        r"不予处理",
        ("t3", "not_processed", "total"),
        leaves=True,
        qualifier=APPLICANTS,
    ),
    Concept(
        "other",
        "其他处理",
        "otherwise handled",
        r"其他处理|其他方式处理",
        ("t3", "other", "total"),
        leaves=True,
        qualifier=APPLICANTS,
    ),
    Concept(
        "review_pending",
        "行政复议尚未审结",
        "reviews pending",
        r"尚未审结|未审结|尚在审理|正在审理|审理中",
        ("t4", "review", "pending"),
        _T4,
        REVIEW,
    ),
    Concept(
        "review_corrected",
        "行政复议结果纠正",
        "reviews corrected",
        r"纠正|纠错|撤销|确认违法",
        ("t4", "review", "corrected"),
        _T4,
        REVIEW,
    ),
    Concept(
        "review_upheld",
        "行政复议结果维持",
        "reviews upheld",
        r"维持",
        ("t4", "review", "upheld"),
        _T4,
        REVIEW,
    ),
    Concept(
        "review_other",
        "行政复议其他结果",
        "reviews with another result",
        r"其他结果|其他情形",
        ("t4", "review", "other"),
        _T4,
        REVIEW,
    ),
    Concept(
        "litigation_pending",
        "行政诉讼尚未审结",
        "lawsuits pending",
        r"尚未审结|未审结|尚在审理|正在审理|审理中",
        ("t4", "litigation", "pending"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "litigation_corrected",
        "行政诉讼结果纠正",
        "lawsuits corrected",
        r"纠正|纠错|撤销|确认违法|败诉",
        ("t4", "litigation", "corrected"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "litigation_upheld",
        "行政诉讼结果维持",
        "lawsuits upheld",
        r"维持|胜诉|驳回",
        ("t4", "litigation", "upheld"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "litigation_other",
        "行政诉讼其他结果",
        "lawsuits with another result",
        r"其他结果|其他情形",
        ("t4", "litigation", "other"),
        _T4,
        LITIGATION,
        leaves=True,
    ),
    Concept(
        "review",
        "行政复议",
        "administrative reviews",
        r"行政复议|复议",
        ("t4", "review", "total"),
        _T4,
    ),
    Concept(
        "litigation_direct",
        "未经复议直接起诉",
        "lawsuits without review",
        r"未经复议直接起诉|直接起诉|直接提起(?:行政)?诉讼",
        ("t4", "direct", "total"),
        _T4,
    ),
    Concept(
        "litigation_after_review",
        "复议后起诉",
        "lawsuits after review",
        r"复议后起诉|复议后提起(?:行政)?诉讼",
        ("t4", "after_review", "total"),
        _T4,
    ),
    Concept(
        "litigation",
        "行政诉讼",
        "lawsuits",
        r"行政诉讼|诉讼|起诉",
        ("t4", "litigation", "total"),
        _T4,
        leaves=True,
        # a text may count only the suits brought without a review first (the table's own
        # 行政诉讼 is both groups): said as such, a warning explaining it
        also=(
            Reading(
                (("t4", "direct", "total"),),
                "未经复议直接起诉数",
                "suits without review",
                warn=True,
                explained=r"直接",
            ),
        ),
    ),
    # table 二 of the 2021 format: documents issued, repealed, in force
    Concept(
        "issued",
        "本年制发",
        "issued this year",
        r"制发|印发|出台|制定|发布",
        ("t2", "", "issued"),
        _DOCS,
        qualifier=DOCUMENTS,
        avoid=_NOT_MADE,
    ),
    Concept(
        "repealed",
        "本年废止",
        "repealed this year",
        r"废止|废除|宣布失效",
        ("t2", "", "repealed"),
        _DOCS,
        qualifier=DOCUMENTS,
        avoid=_PLANNED,
    ),
    Concept(
        "in_force",
        "现行有效",
        "in force",
        r"现行有效|现行",
        ("t2", "", "in_force"),
        _DOCS,
        qualifier=DOCUMENTS,
    ),
    # table 二 of the 2019 format: documents made, published this year, published in all
    Concept(
        "new_made",
        "本年新制作",
        "made this year",
        r"新制作|制作|制发|印发|出台|制定",
        ("t2", "", "new_made"),
        _DOCS,
        qualifier=DOCUMENTS,
        avoid=_NOT_MADE,
    ),
    Concept(
        "new_published",
        "本年新公开",
        "published this year",
        r"新公开",
        ("t2", "", "new_published"),
        _DOCS + "|条",
        qualifier=DOCUMENTS,
    ),
    Concept(
        "total_published",
        "对外公开总数",
        "published in all",
        r"对外公开总|累计对外公开|累计公开|对外公开",
        ("t2", "", "total_published"),
        _DOCS + "|条",
        qualifier=DOCUMENTS,
    ),
    # table 二: decisions (all of them, published or not: F21-08) and fees
    Concept(
        "decisions",
        "处理决定",
        "decisions",
        r"处理决定|决定",
        ("t2", "", "decisions"),
        "件|宗|个",
        qualifier=DECISIONS,
        avoid=r"公开|公示|公布|发布|上网|复议|诉讼|不予|撤销|变更|听证",
    ),
    Concept(
        "fees_amount",
        "行政事业性收费金额",
        "administrative fees",
        r"行政事业性收费",
        ("t2", "fees", "amount"),
        "万元|元",
        avoid=r"信息处理费|减免|退还|项目",
    ),
    Concept(
        "fees_items",
        "行政事业性收费项目",
        "administrative fee items",
        r"行政事业性收费",
        ("t2", "fees", "prev_items"),
        "项|个",
        also=(
            Reading(
                (("t2", "fees", "prev_items"), ("t2", "fees", "change")),
                "上一年项目数量与本年增减之和",
                "last year's items plus this year's change",
            ),
        ),
    ),
)
_LEGACY = (
    Concept(
        "received",
        "收到申请",
        "applications received",
        r"新收|收到|接到|受理|接收|收悉|共收",
        ("l", "app_received", ""),
        topic=APPLY,
    ),
    Concept(
        "concluded",
        "申请办结",
        "applications concluded",
        r"办结|办理完毕|处理完毕|完成办理",
        ("l", "app_concluded", ""),
        topic=APPLY,
    ),
    Concept(
        "answered",
        "申请答复",
        "applications answered",
        r"作出答复|答复",
        ("l", "app_answered", ""),
        generic=True,
        topic=APPLY,
    ),
    Concept(
        "review", "行政复议", "administrative reviews", r"行政复议|复议", ("l", "review", ""), _T4
    ),
    Concept(
        "litigation", "行政诉讼", "lawsuits", r"行政诉讼|诉讼|起诉", ("l", "litigation", ""), _T4
    ),
    Concept(
        "website",
        "政府网站公开",
        "published on the website",
        r"政府网站|门户网站|信息公开平台|公开平台",
        ("l", "pub_website", ""),
        "条",
    ),
    Concept(
        "gazette",
        "政府公报公开",
        "published in the gazette",
        r"政府公报|公报",
        ("l", "pub_gazette", ""),
        "条",
    ),
    Concept("weibo", "政务微博公开", "published on weibo", r"微博", ("l", "pub_weibo", ""), "条"),
    Concept(
        "wechat", "政务微信公开", "published on wechat", r"微信", ("l", "pub_wechat", ""), "条"
    ),
    Concept(
        "pub_other",
        "其他方式公开",
        "published otherwise",
        r"其他方式|其它方式|其他渠道",
        ("l", "pub_other", ""),
        "条",
    ),
    Concept(
        "pub_total",
        "主动公开政府信息",
        "information published proactively",
        r"主动公开|公开政府信息",
        ("l", "pub_total", ""),
        "条",
        generic=True,
    ),
    Concept(
        "pub_normative_made",
        "制发规范性文件",
        "normative documents issued",
        r"制发(?:的)?规范性文件",
        ("l", "pub_normative_made", ""),
        "件",
    ),
    Concept(
        "pub_normative",
        "主动公开规范性文件",
        "normative documents published",
        r"规范性文件",
        ("l", "pub_normative", ""),
        "条",
    ),
    Concept(
        "fees",
        "依申请公开收取的费用",
        "fees charged for requests",
        r"收取(?:的)?(?:费用|信息处理费)|依申请公开信息收费",
        ("l", "fees", ""),
        "万元|元",
    ),
    Concept(
        "responses",
        "回应热点舆情",
        "responses to public concerns",
        r"舆情|热点|回应关切|回应社会关切",
        ("l", "resp_total", ""),
        "次",
    ),
    Concept(
        "press",
        "新闻发布会",
        "press conferences",
        r"新闻发布会|发布会",
        ("l", "resp_press", ""),
        "次|场",
    ),
    Concept(
        "interviews",
        "在线访谈",
        "online interviews",
        r"在线访谈|访谈",
        ("l", "resp_interview", ""),
        "次|场|期",
    ),
)


def format_concepts(fmt: Format) -> tuple[Concept, ...]:
    """The concepts a format's figures may count: its family's, those of them whose cells
    the format has (table 二 differs between editions), and one per leaf row."""
    found = _BY_FORMAT.get(fmt.id)
    if found is None:
        hand = tuple(c for c in _BY_FAMILY.get(fmt.family, ()) if _exists(fmt, c))
        found = _BY_FORMAT[fmt.id] = hand + _derived(fmt, hand)
    return found


_BY_FORMAT: dict[str, tuple[Concept, ...]] = {}
#: The concepts written by hand, by family (``Format.family``): a family whose reports say
#: things in its own words has its own; a new one has the concepts of its rows' labels only.
_BY_FAMILY = {"legacy": _LEGACY, "national": _NATIONAL}
_TRAILING = re.compile(r"(?:数|数量)$")


def _exists(fmt: Format, concept: Concept) -> bool:
    """The format has cells for the concept (for one of its qualifier's choices at least)."""
    if concept.qualifier is None or not concept.qualifier.required:
        return bool(concept_cells(fmt, concept))
    return any(concept_cells(fmt, concept, keys) for _, keys in concept.qualifier.choices)


def _derived(fmt: Format, hand: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """One concept per leaf row, its words the row's own label (「1.当面申请数」 → 当面申请,
    「涉及个人隐私」, 「2.重复申请」): a figure next to a row's name counts that row (and a
    column of it, where the row has the applicants' columns)."""
    from ..labels import bare_label, core_label  # (the label matcher: loaded once it is needed)

    taken = {w for c in hand for w in c.words.split("|")}
    out: list[Concept] = []
    for spec in fmt.cells:
        if spec.table.one_line or spec.table.key == "t2":
            continue
        if spec.column.key not in ("", "total"):
            continue
        word = _TRAILING.sub("", core_label(bare_label(spec.row.label)))
        if len(word) < 4 or word in taken:
            continue
        path = "".join(n.label for n in spec.row_path[:-1])
        topic = REVIEW if "复议" in path else LITIGATION if "诉讼" in path else None
        units = "件|条|个|宗|份" if spec.unit in ("件", "条", "") else re.escape(spec.unit)
        row = f"{spec.table.key}.{spec.row.key}"
        by_applicant = all(fmt.has_cell(f"{row}.{k}") for k in APPLICANTS.everything)
        out.append(
            Concept(
                f"row:{spec.row.key}",
                spec.row.label,
                spec.row.key,
                re.escape(word),
                (spec.table.key, spec.row.key, spec.column.key),
                units,
                topic,
                qualifier=APPLICANTS if by_applicant else None,
            )
        )
    return tuple(out)


def _node(fmt: Format, table_key: str, row_key: str) -> Node | None:
    table = next((t for t in fmt.tables if t.key == table_key), None)
    if table is None:
        return None
    for block in table.blocks:
        for top in block.rows:
            for _, node in top.walk():
                if node.key == row_key:
                    return node
    return None


def concept_cells(
    fmt: Format, concept: Concept, keys: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """The cells a concept adds up, named through the declaration; ``keys``: the rows or
    columns its qualifier's words chose (its own ``where`` when None)."""
    key = (fmt.id, concept.key, concept.where, keys)
    found = _CELLS.get(key)
    if found is None:
        axis = concept.qualifier.axis if concept.qualifier and keys is not None else None
        found = _CELLS[key] = _cells(fmt, concept.where, concept.leaves, axis, keys)
    return found


def reading_cells(
    fmt: Format, concept: Concept, reading: Reading, keys: tuple[str, ...] | None = None
) -> tuple[str, ...]:
    """The cells another reading of a concept's figure adds up (with the same qualifier)."""
    axis = concept.qualifier.axis if concept.qualifier and keys is not None else None
    return tuple(c for where in reading.where for c in _cells(fmt, where, False, axis, keys))


_CELLS: dict[tuple[str, str, Where, tuple[str, ...] | None], tuple[str, ...]] = {}


def _cells(
    fmt: Format, where: Where, leaves: bool, axis: str | None, keys: tuple[str, ...] | None
) -> tuple[str, ...]:
    table_key, row_key, column_key = where
    rows = keys if axis == "row" and keys is not None else (row_key,)
    columns = keys if axis == "column" and keys is not None else (column_key,)
    ids: list[str] = []
    for row in rows:
        node = _node(fmt, table_key, row)
        if node is None:
            continue
        nodes = [node]
        if leaves and node.children:
            nodes = [n for _, n in node.walk() if n.data and not n.children and n is not node]
        for n in nodes:
            ids += [f"{table_key}.{n.key}" + (f".{c}" if c else "") for c in columns]
    return tuple(i for i in ids if fmt.has_cell(i))


@functools.cache
def parts_of(fmt: Format) -> dict[str, tuple[str, ...]]:
    """The declared totals: total cell id -> its parts (a blank total reads as their sum)."""
    return {s.total: s.parts for s in fmt.sums()}
