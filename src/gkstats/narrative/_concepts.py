"""The narrative's vocabulary: what a figure in a report's text may count, and the cells
that count the same thing.

A :class:`Concept` is a thing the text counts (收到申请, 行政复议, 政府网站公开 …): the words
that name it, the units it is counted in, the topic a clause must be about (申请, 复议,
诉讼), and the table cells that count it, named by their keys in the declaration
(``t3.new.total``); group concepts (不予公开, 无法提供 …) add the group's rows as the
declaration lists them.  The words are the narrative's, not the table's labels; a concept per
leaf row is derived from the row's own label as well.
"""

from __future__ import annotations

import functools
import re

import attrs

from ..formats import Format, Node

APPLY, REVIEW, LITIGATION = "apply", "review", "litigation"


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
    where: tuple[str, str, str]
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


_T4 = "件|起|宗|个|例|次"
_NATIONAL = (
    Concept(
        "carried_in",
        "上年结转申请",
        "applications carried over from last year",
        r"上一?年度?结转|上一?年度?转入",
        ("t3", "carried", "total"),
        topic=APPLY,
        loose=True,
    ),
    Concept(
        "carry_forward",
        "结转下年度继续办理",
        "applications carried forward",
        r"结转|转入下一?年度?|继续办理|尚在办理|正在办理",
        ("t3", "carry_forward", "total"),
        topic=APPLY,
        loose=True,
    ),
    Concept(
        "received",
        "收到申请",
        "applications received",
        r"新收|收到|接到|受理|接收|收悉|共收",
        ("t3", "new", "total"),
        topic=APPLY,
    ),
    Concept(
        "concluded",
        "办结申请",
        "applications concluded",
        r"办结|办理完毕|已办理|处理完毕|完成办理|作出答复|答复",
        ("t3", "total", "total"),
        topic=APPLY,
    ),
    Concept("partial", "部分公开", "partly disclosed", r"部分公开", ("t3", "partial", "total")),
    Concept("refused", "不予公开", "refused", r"不予公开", ("t3", "refused", "total"), leaves=True),
    Concept(
        "disclosed",
        "予以公开",
        "disclosed",
        r"予以公开|同意公开|全部公开",
        ("t3", "disclosed", "total"),
    ),
    Concept(
        "unable",
        "无法提供",
        "cannot be provided",
        r"无法提供",
        ("t3", "unable", "total"),
        leaves=True,
    ),
    Concept(
        "not_processed",
        "不予处理",
        "not processed",
        r"不予处理",
        ("t3", "not_processed", "total"),
        leaves=True,
    ),
    Concept(
        "other",
        "其他处理",
        "otherwise handled",
        r"其他处理|其他方式处理",
        ("t3", "other", "total"),
        leaves=True,
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
    found = _BY_FORMAT.get(fmt.id)
    if found is None:
        hand = _BY_FAMILY.get(fmt.family, ())
        found = _BY_FORMAT[fmt.id] = hand + _derived(fmt, hand)
    return found


_BY_FORMAT: dict[str, tuple[Concept, ...]] = {}
#: The concepts written by hand, by family (``Format.family``): a family whose reports say
#: things in its own words has its own; a new one has the concepts of its rows' labels only.
_BY_FAMILY = {"legacy": _LEGACY, "national": _NATIONAL}
_TRAILING = re.compile(r"(?:数|数量)$")


def _derived(fmt: Format, hand: tuple[Concept, ...]) -> tuple[Concept, ...]:
    """One concept per leaf row, its words the row's own label (「1.当面申请数」 → 当面申请,
    「涉及个人隐私」, 「2.重复申请」): a figure next to a row's name counts that row."""
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
        out.append(
            Concept(
                f"row:{spec.row.key}",
                spec.row.label,
                spec.row.key,
                re.escape(word),
                (spec.table.key, spec.row.key, spec.column.key),
                units,
                topic,
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


def concept_cells(fmt: Format, concept: Concept) -> tuple[str, ...]:
    """The cells a concept adds up, named through the declaration."""
    key = (fmt.id, concept.key, concept.where)
    found = _CELLS.get(key)
    if found is None:
        found = _CELLS[key] = _concept_cells(fmt, concept)
    return found


_CELLS: dict[tuple[str, str, tuple[str, str, str]], tuple[str, ...]] = {}


def _concept_cells(fmt: Format, concept: Concept) -> tuple[str, ...]:
    table_key, row_key, column_key = concept.where
    node = _node(fmt, table_key, row_key)
    if node is None:
        return ()
    rows = [node]
    if concept.leaves and node.children:
        rows = [n for _, n in node.walk() if n.data and not n.children and n is not node]
    suffix = f".{column_key}" if column_key else ""
    ids = tuple(f"{table_key}.{n.key}{suffix}" for n in rows)
    return tuple(i for i in ids if fmt.has_cell(i))


@functools.cache
def parts_of(fmt: Format) -> dict[str, tuple[str, ...]]:
    """The declared totals: total cell id -> its parts (a blank total reads as their sum)."""
    return {s.total: s.parts for s in fmt.sums()}
