"""The narrative against the table: figures tied to what they count, mismatches quoted.

The sentences are written for these tests (the corpus reports' own sentences are not copied);
the figures are those of the spec's examples.
"""

from __future__ import annotations

from decimal import Decimal

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
        (rule,) = narrative_rules(table.format)
        assert (rule.id, rule.kind, rule.severity) == (rule_id, RuleKind.TEXT, Severity.WARNING)
        assert all(table.format.has_cell(c) for c in rule.cells)


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


@given(text=st.text(alphabet="0１23一十百余多 件条次人项个%％。，率", max_size=30))
def test_figures_found_from_their_units_are_those_a_forward_search_finds(text: str) -> None:
    """``Around.figures`` reads each figure backwards from its unit; a forward search for
    a numeral before a unit finds the same places."""
    import re

    from gkstats.narrative._mentions import _COUNT_UNITS, Around

    forward = re.compile(
        r"[\d零〇一二两三四五六七八九十百千]\s*(?:余|多)?\s*(?:" + _COUNT_UNITS + r"|%|％)"
    )
    assert [m.start() for m in forward.finditer(text)] == Around(text).figures()
