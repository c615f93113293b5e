"""The label matcher every reader shares (gkstats.labels)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkstats import FORMATS
from gkstats.formats import Node
from gkstats.labels import Candidate, How, LabelIndex, core_label, match_label, normalize_label


@pytest.mark.parametrize(
    ("written", "declared"),
    [
        ("1．属于国家秘密", "1.属于国家秘密"),
        ("1、属于国家秘密", "1.属于国家秘密"),
        ("(一)予以公开", "（一）予以公开"),
        ("（一）、予以公开", "（一）予以公开"),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
        ("3.危及三安全一稳定", "3.危及“三安全一稳定”"),
        ("商业\n企业", "商业企业"),
        ("  自 然 人 ", "自然人"),
        ("自\u3000然\u00a0人", "自然人"),
        ("其中：主动公开规范性文件数", "主动公开规范性文件数"),
        ("其中:主动公开规范性文件数", "其中：主动公开规范性文件数"),
        ("四、结转下年度继续办理：", "四、结转下年度继续办理"),
        ("一．本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
    ],
)
def test_spellings_of_one_label_normalise_equal(written: str, declared: str) -> None:
    assert normalize_label(written) == normalize_label(declared)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("规章", "行政规范性文件"),
        ("其他", "3.其他"),
        ("总计", "（七）总计"),
        ("1.重复申请", "2.重复申请"),
    ],
)
def test_different_labels_stay_different(a: str, b: str) -> None:
    assert normalize_label(a) != normalize_label(b)


def test_core_label_drops_the_enumerator_only() -> None:
    assert core_label("（三）不予公开") == "不予公开"
    assert core_label("3.其他") == "其他"
    assert core_label("四、结转下年度继续办理") == "结转下年度继续办理"
    assert core_label("2025年度") == "2025年度"


def _nodes() -> list[Node]:
    fmt = next(f for f in FORMATS if f.id == "f2021")
    out = []
    for t in fmt.tables:
        for b in t.blocks:
            for top in (*b.rows, *b.columns):
                out.extend(n for _, n in top.walk())
    return out


def test_match_says_how_it_matched() -> None:
    nodes = _nodes()
    exact = match_label("自然人", nodes)
    assert exact is not None and (exact.target.key, exact.how) == ("natural", How.EXACT)
    norm = match_label("自 然\n人", nodes)
    assert norm is not None and (norm.target.key, norm.how) == ("natural", How.NORMALISED)
    alias = match_label("科研企业", nodes)
    assert alias is not None and (alias.target.key, alias.how) == ("research", How.ALIAS)
    bare = match_label("予以公开", nodes)
    assert bare is not None and (bare.target.key, bare.how) == ("disclosed", How.UNNUMBERED)
    fuzzy = match_label("本年处理决定数", nodes)
    assert fuzzy is not None and fuzzy.how is How.FUZZY and fuzzy.target.key == "decisions"
    assert 0.9 <= fuzzy.score < 1


def test_no_match_and_ties_are_none_never_a_guess() -> None:
    assert match_label("完全无关的文字", _nodes()) is None
    tied = [Candidate("a", "1.其他"), Candidate("b", "2.其他")]
    assert match_label("其他", tied) is None
    assert match_label("本年处理决定数", _nodes(), fuzzy=None) is None


def test_lookup_all_keeps_weaker_matches_for_the_caller_to_place() -> None:
    index = LabelIndex(_nodes())
    keys = [(m.target.key, m.how) for m in index.lookup_all("总计")]
    # the 总计 column exactly, and the （七）总计 row once its enumerator is dropped
    assert ("total", How.EXACT) in keys
    assert keys[0][1] is How.EXACT
    assert any(how is How.UNNUMBERED for _, how in keys)


def test_plain_strings_are_candidates_too() -> None:
    m = match_label(
        "政府网站在线访谈次数", ["1.参加或举办新闻发布会总次数", "2.政府网站在线访谈次数"]
    )
    assert m is not None and m.target == "2.政府网站在线访谈次数" and m.how is How.UNNUMBERED


@given(st.sampled_from([n.label for n in _nodes()]), st.data())
def test_every_declared_label_survives_spaces_and_line_breaks(
    label: str, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(label)))
    sep = data.draw(st.sampled_from([" ", "\n", "\u3000", "\r\n", "\t"]))
    typed = label[:cut] + sep + label[cut:]
    assert normalize_label(typed) == normalize_label(label)
