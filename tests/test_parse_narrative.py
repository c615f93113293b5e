"""The narrative against the table: figures tied to what they count, mismatches quoted.

The sentences are written for these tests (the corpus reports' own sentences are not copied);
the figures are those of the spec's examples.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from fixtures import pingtan_2025, xz2017
from hypothesis import given
from hypothesis import strategies as st
from parse_samples import to_html

from gkstats import Table
from gkstats.narrative import check_narrative, mentions, narrative_rules
from gkstats.parse import parse_html
from gkstats.rules import RuleKind, Severity

F19 = Table.from_cells(
    "f2019",
    2019,
    "测试局",
    {
        "t3.new.total": 859,
        "t3.carried.total": 18,
        "t3.total.total": 805,
        "t3.carry_forward.total": 72,
        "t3.disclosed.total": 272,
        "t3.partial.total": 3,
        "t3.unable_not_held.total": 265,
        "t3.unable_create.total": 47,
        "t3.unable_unclear.total": 25,
        **dict(
            zip(
                (
                    "t4.review.upheld",
                    "t4.review.corrected",
                    "t4.review.other",
                    "t4.review.pending",
                    "t4.review.total",
                ),
                (5, 0, 0, 2, 7),
            )
        ),
        **dict(
            zip(
                (
                    "t4.direct.upheld",
                    "t4.direct.corrected",
                    "t4.direct.other",
                    "t4.direct.pending",
                    "t4.direct.total",
                ),
                (8, 0, 0, 1, 9),
            )
        ),
    },
)


def fails(table: Table, text: str) -> list[str]:
    _, findings = check_narrative(table, text)
    return [f.message.zh for f in findings if f.status == "fail"]


def test_rules_are_declared_per_format() -> None:
    for table, rule_id in ((F19, "F19-15"), (pingtan_2025(), "F21-14"), (xz2017(), "L-16")):
        rule, parts = narrative_rules(table.format)
        assert (rule.id, rule.kind, rule.severity) == (rule_id, RuleKind.TEXT, Severity.WARNING)
        assert all(table.format.has_cell(c) for c in rule.cells)
        assert (parts.id, parts.kind, parts.severity) == (
            "GK-PARTS",
            RuleKind.TEXT_SUM,
            Severity.WARNING,
        )


def test_matching_figures_pass() -> None:
    text = "本年共接到公开申请859件，上年结转18件，办结805件，另有72件转入下一年度办理。"
    summary, findings = check_narrative(F19, text)
    assert findings == ()
    assert (summary[0].items, summary[0].passes, summary[0].fails) == (4, 4, 0)


def test_outcome_figures_that_differ_are_quoted() -> None:
    text = "其中予以公开和部分公开的共258件，由于不掌握等原因无法提供的265件。"
    found = fails(F19, text)
    assert len(found) == 2
    assert "「其中予以公开和部分公开的共258件」" in found[0] and "275" in found[0]
    assert "无法提供的265件" in found[1] and "337" in found[1]


def test_all_upheld_while_cases_are_pending() -> None:
    text = "全年发生行政复议案件7件、行政诉讼案件9件，均获维持。"
    found = fails(F19, text)
    assert len(found) == 2
    assert "行政复议均获维持" in found[0] and "维持仅 5 件" in found[0]
    assert "行政诉讼均获维持" in found[1] and "维持仅 8 件" in found[1]
    _, findings = check_narrative(F19, text)
    assert {c.id for c in findings[0].cells} >= {"t4.review.upheld", "t4.review.total"}


def test_rates_and_chinese_numerals() -> None:
    assert fails(F19, "办结率为91.8%。") == []
    assert len(fails(F19, "办结率达100%。")) == 1
    # a rate on time is not one the table gives (it does not say when an application was
    # concluded)
    assert fails(F19, "按时办结率达100%。") == []
    assert fails(F19, "按期办结率为100%。") == []
    assert fails(F19, "上年结转十八件。") == []
    assert len(fails(F19, "上年结转十九件。")) == 1


def test_none_claims() -> None:
    assert len(fails(F19, "本年度未发生因政府信息公开引起的行政复议。")) == 1
    table = pingtan_2025()
    text = "本年度收到政府信息公开申请154件，办结148件，6件结转下年度，行政复议36起、行政诉讼9起。"
    assert fails(table, text) == []


def test_what_is_not_counted_by_the_table_is_left_alone() -> None:
    text = (
        "全年主动公开政府信息2600余条，发布政策解读82篇，政务微博粉丝3288个，"
        "受理群众诉求259起，召开会议4次。"
    )
    assert mentions(F19.format, text) == []
    assert fails(xz2017(), text) == []


def test_review_concluded_is_not_taken_for_applications() -> None:
    text = "全年共收到行政复议1件，办结1件。"
    ms = mentions(xz2017().format, text)
    assert [[c.key for c in m.concepts] for m in ms] == [["review"]]


def test_approximate_figures_are_lower_bounds() -> None:
    table = xz2017()
    assert fails(table, "回应公众关注热点300余次。") == []
    assert len(fails(table, "回应公众关注热点400余次。")) == 1


def test_legacy_channels_add_up() -> None:
    table = xz2017()
    assert fails(table, "通过微信和微博等新媒体发布6869条。") == []
    assert len(fails(table, "通过微信和微博等新媒体发布6000条。")) == 1


def test_blank_or_unread_cells_are_not_assessable() -> None:
    table = Table.from_cells("f2021", 2021, "测试局", {})
    summary, findings = check_narrative(table, "本年度收到申请70件。")
    assert summary[0].not_assessable == 1 and findings[0].status == "not_assessable"
    table = pingtan_2025()
    summary, _ = check_narrative(table, "本年度收到申请154件。", unread=["t3.new.total"])
    assert summary[0].not_assessable == 1


def test_parse_merges_text_findings_into_the_check() -> None:
    table = pingtan_2025()
    page = to_html(table, narrative="一、总体情况\n本年度共收到政府信息公开申请160件，办结148件。")
    result = parse_html(page)
    found = result.check.by_rule("F21-14")
    assert len(found) == 1 and "160" in found[0].message.zh and "154" in found[0].message.zh
    assert found[0].lhs == 160 and found[0].rhs == 154 and found[0].imbalance == 6
    assert any(s.rule == "F21-14" and s.fails == 1 for s in result.check.summary)
    # the part's text, without its heading (the report prints the official one)
    assert result.table.narrative == {"overview": "本年度共收到政府信息公开申请160件，办结148件。"}


def test_decimal_rate_tolerance() -> None:
    assert fails(F19, "办结率91.79%。") == []
    assert Decimal("91.79") != Decimal("91.8")


# --- the shortcuts of the narrative search read as the plain search does ----------------


def _literal_words(fmt_id: str) -> list[str]:
    """The words of a format's concepts that are plain text (most of them)."""
    from gkstats.formats import get_format
    from gkstats.narrative._concepts import format_concepts

    words = []
    for concept in format_concepts(get_format(fmt_id)):
        words += [w for w in concept.words.split("|") if w and not set(w) & set("\\.[]()?*+^$")]
    return sorted(set(words))


@given(data=st.data())
def test_concept_words_are_found_as_by_each_concepts_own_search(data: st.DataObject) -> None:
    """``_Words.matches`` searches only the concepts that can start where some word starts;
    it must find what searching every concept's own pattern finds, in the same order."""
    from gkstats.formats import get_format
    from gkstats.narrative._concepts import format_concepts
    from gkstats.narrative._mentions import _own, _Words

    fmt_id = data.draw(st.sampled_from(["legacy", "f2019", "f2021"]))
    concepts = format_concepts(get_format(fmt_id))
    pieces = st.one_of(
        st.sampled_from(_literal_words(fmt_id)),
        st.text(alphabet="的本年度共收到申请件其中公开复议诉讼维持纠正，。0123456789 ", max_size=4),
    )
    text = "".join(data.draw(st.lists(pieces, max_size=8)))
    chosen = tuple(data.draw(st.lists(st.sampled_from(concepts), min_size=1, unique=True)))
    # the concepts in their own order, as the search keeps them
    ordered = tuple(c for c in concepts if c in chosen)
    expected = [(m.start(), m.end(), c) for c in ordered for m in _own(c).finditer(text)]
    assert expected == _Words(ordered).matches(text)


@given(text=st.text(alphabet="0１23一十百万余多 件条次人项个元%％。，率", max_size=30))
def test_figures_found_from_their_units_are_those_a_forward_search_finds(text: str) -> None:
    """``Around.figures`` reads each figure backwards from its unit; a forward search for
    a numeral before a unit finds the same places."""
    import re

    from gkstats.narrative._mentions import _UNITS, Around

    forward = re.compile(
        r"[\d零〇一二两三四五六七八九十百千万]\s*(?:余|多)?\s*(?:" + _UNITS + r"|%|％)"
    )
    assert [m.start() for m in forward.finditer(text)] == Around(text).figures()


# --- more of the table: applicants, table 二, decisions, fees (issue 18) -------------------

#: A made-up 2021-format table: 74 new applications (71 from natural persons), 1 carried
#: over from last year (natural), table 二's documents, decisions and fees.
F21 = Table.from_cells(
    "f2021",
    2025,
    "测试局",
    {
        "t3.new.natural": 71,
        "t3.new.commercial": 3,
        "t3.new.total": 74,
        "t3.carried.natural": 1,
        "t3.carried.total": 1,
        "t3.total.natural": 70,
        "t3.total.commercial": 3,
        "t3.total.total": 73,
        "t3.carry_forward.natural": 2,
        "t3.carry_forward.total": 2,
        "t3.unable_not_held.total": 50,
        "t3.unable_create.total": 3,
        "t2.regulations.issued": 1,
        "t2.regulations.repealed": 0,
        "t2.regulations.in_force": 9,
        "t2.normative.issued": 12,
        "t2.normative.repealed": 4,
        "t2.normative.in_force": 470,
        "t2.licensing.decisions": 2418,
        "t2.penalty.decisions": 644,
        "t2.enforcement.decisions": 64,
        "t2.fees.amount": Decimal("4166.241619"),
    },
)


def found(table: Table, text: str) -> list[tuple[object, object, tuple[str, ...], str]]:
    """(text's figure, table's figure, cells, message) of each failing figure."""
    _, findings = check_narrative(table, text)
    return [(f.lhs, f.rhs, f.cell_ids, f.message.zh) for f in findings if f.status == "fail"]


def test_documents_in_force_against_table_2() -> None:
    ((text, table, cells, message),) = found(F21, "截至年底，本机关现行有效规范性文件393件。")
    assert (text, table, cells) == (393, 470, ("t2.normative.in_force",))
    assert "「本机关现行有效规范性文件393件」" in message and "表中为 470" in message
    assert found(F21, "截至年底，本机关现行有效规范性文件470件。") == []


def test_received_counting_the_carried_over_is_explained_for_the_total_and_each_column() -> None:
    text = "本年度共收到政府信息公开申请75件，涉及自然人72件，法人或其他组织3件。"
    (total, natural) = found(F21, text)
    assert total[:3] == (75, 74, ("t3.new.total", "t3.carried.total"))
    assert natural[:3] == (72, 71, ("t3.new.natural", "t3.carried.natural"))
    for _, _, _, message in (total, natural):
        assert "与表中本年新收与上年结转之和" in message
        assert "正文似按本年新收与上年结转之和计数" in message
    assert "收到申请（自然人）为 72，表中为 71" in natural[3]


def test_the_text_saying_it_counts_the_carried_over_passes() -> None:
    assert found(F21, "本年度共收到政府信息公开申请75件（含上年结转1件）。") == []
    assert found(F21, "本年度新收政府信息公开申请74件，上年结转1件。") == []


def test_a_figure_no_table_combination_gives_is_reported() -> None:
    table = F21.replace({"t3.new.natural": 92, "t3.new.total": 95})
    for text in (
        "全年共收到公民、法人和其他组织提出的政府信息公开申请十七件。",
        "全年共收到公民、法人和其他组织提出的政府信息公开申请17件。",
        "本年度共办理政府信息公开申请17件。",
        # 「各类」 information requests are the table's own (「各类申请」 alone are not)
        "本年度共收到各类政府信息公开申请17件。",
    ):
        ((figure, value, cells, message),) = found(table, text)
        assert (figure, value, cells[0]) == (17, 95, "t3.new.total"), text
        assert "本年新收与上年结转之和为 96" in message


def test_table_2_of_each_format() -> None:
    text = (
        "本年度，本机关制发规章2件、行政规范性文件12件，废止规章0件、行政规范性文件5件；"
        "截至年底，现行有效规章9件、行政规范性文件470件。"
    )
    assert [f[:3] for f in found(F21, text)] == [
        (2, 1, ("t2.regulations.issued",)),
        (5, 4, ("t2.normative.repealed",)),
    ]
    # the document named once for the sentence's figures; two named: not clear which
    text = "规范性文件：本年制发12件，废止5件，现行有效393件。"
    assert [f[:3] for f in found(F21, text)] == [
        (5, 4, ("t2.normative.repealed",)),
        (393, 470, ("t2.normative.in_force",)),
    ]
    assert found(F21, "制发规章1件、行政规范性文件12件，废止0件。") == []
    f19 = Table.from_cells(
        "f2019", 2019, "测试局", {"t2.normative.new_made": 60, "t2.normative.total_published": 368}
    )
    text = "本年度新制作规范性文件六十件，对外公开规范性文件总数量360件。"
    assert [f[:3] for f in found(f19, text)] == [(360, 368, ("t2.normative.total_published",))]


def test_decisions_and_fees() -> None:
    text = "本年度作出行政许可处理决定2418件、行政处罚决定640件、行政强制处理决定64件。"
    assert [f[:3] for f in found(F21, text)] == [(640, 644, ("t2.penalty.decisions",))]
    assert found(F21, "本年度行政事业性收费金额4166.24万元。") == []
    assert found(F21, "本年度收取行政事业性收费4166万元。") == []
    assert found(F21, "本年度收取行政事业性收费41662416.19元。") == []
    ((figure, value, _, _),) = found(F21, "本年度收取行政事业性收费4200.5万元。")
    assert (figure, value) == (Decimal("4200.5"), Decimal("4166.241619"))


def test_a_row_named_before_its_group_counts_that_row() -> None:
    assert found(F21, "因本机关不掌握相关政府信息无法提供50件，没有现成信息需要另行制作3件。") == []
    ((_, value, cells, _),) = found(F21, "因本机关不掌握相关政府信息无法提供49件。")
    assert (value, cells) == (50, ("t3.unable_not_held.total",))


@pytest.mark.parametrize(
    "text",
    [
        # other kinds of requests and published decisions are not what the table counts
        "共受理行政许可申请2418件，办理人大代表建议和政协提案35件。",
        "在信用网站公开行政处罚决定600件，制定规章制度5项。",
        "共处理各类申请2000件，受理群众诉求259件。",
        # another year, a difference, several years, per period
        "2024年共收到政府信息公开申请140件。",
        "收到申请数较上年增加20件，同比增长10%。",
        "近三年来累计收到政府信息公开申请500件，年均收到申请160件。",
        # counts of something else next to the words
        "全区共有12个部门收到申请。",
        "落实“三个第一时间”受理、答复申请的要求，本报告包括总体情况、行政诉讼情况等六个部分。",
        # figures per department: the one the table has stands
        "全区共收到政府信息公开申请74件，其中区教育局收到申请20件，区公安局收到申请30件。",
        # 「分别为」 pairs names with figures, 「各」 gives one figure for several things
        "收到申请74件，其中自然人、法人或其他组织分别为71件、3件。",
        "收到申请、答复申请各74件。",
        # an applicant named with a group the table does not have: not one column
        "收到自然人和企业提出的申请74件。",
        # refusals among the decisions, plans
        "作出不予行政许可决定3件，明年将制发规范性文件5件，拟废止规章2件。",
    ],
)
def test_what_the_table_does_not_count_is_left_alone(text: str) -> None:
    assert found(F21, text) == []


def test_several_figures_for_one_thing_report_only_the_total() -> None:
    text = "全区共收到政府信息公开申请80件，其中区教育局收到申请20件，区公安局收到申请30件。"
    assert [f[:2] for f in found(F21, text)] == [(80, 74)]
    # two sentences that disagree are both the text's: the one the table does not have stands
    assert [f[:2] for f in found(F21, "本年度收到申请74件。全年共收到申请80件。")] == [(80, 74)]


@given(data=st.data())
def test_the_reports_own_sentences_never_disagree(data: st.DataObject) -> None:
    """The sentences ``gkstats report`` writes come from the table: no finding, ever."""
    from strategies import valid_tables

    from gkstats.report import build_context

    table = data.draw(valid_tables(data.draw(st.sampled_from(["legacy", "f2019", "f2021"]))))
    text = "\n".join(s.text for s in build_context(table).sentences)
    summaries, findings = check_narrative(table, text)
    assert [f.message.zh for f in findings] == []
    assert summaries[0].items > 0


def test_suits_counted_without_those_after_review_are_explained() -> None:
    table = F21.replace({"t4.direct.upheld": 6, "t4.direct.total": 6,
                         "t4.after_review.upheld": 3, "t4.after_review.total": 3})  # fmt: skip
    ((figure, value, _, message),) = found(table, "本年度被提起行政诉讼6件。")
    assert (figure, value) == (6, 9)
    assert "与表中未经复议直接起诉数（6）相符" in message
    assert found(table, "本年度被提起行政诉讼9件。") == []
    assert found(table, "本年度未经复议直接起诉6件，复议后起诉3件。") == []
