"""A published report's text split into the parts of its format (``gkstats.parse._sections``).

Made-up reports (``strategies.report_texts``: headings in every spelling the outline declares,
numbered as the format does or from 二 after an 一、概述, on lines of their own or run
together) must give back each part's text exactly; the real ones of the shared corpus (HTML
and text, 2016 to 2025, the 2017 legacy text) must give each part once, in its place, with no
heading inside another part's text.  No sentence of a real report is copied here: the corpus
checks are about where the text goes, not what it says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parse_samples import to_html
from strategies import ReportText, report_texts

from gkstats import GkError, Table, get_format
from gkstats.formats import FORMATS
from gkstats.labels import core_label
from gkstats.parse import parse_html, parse_report
from gkstats.parse._sections import split_sections

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / ".." / "shared" / "corpus"
REPORTS = sorted([*CORPUS.glob("*.html"), *CORPUS.glob("*.txt")]) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(
    not REPORTS, reason="the shared corpus (../shared/corpus) is absent"
)


@settings(max_examples=300)
@given(report=report_texts())
def test_made_up_reports_give_back_each_parts_text(report: ReportText) -> None:
    assert split_sections(report.format, report.text, report.title) == report.expected


def test_the_opening_paragraph_that_names_the_parts_starts_none_of_them() -> None:
    fmt = get_format("f2021")
    text = (
        "示例县某局2025年度政府信息公开工作年度报告\n"
        "本报告包括总体情况、主动公开政府信息情况、存在的主要问题及改进情况和其他需要报告的事项"
        "等六个部分。\n"
        "一、总体情况\n本机关完善制度。\n"
        "五、存在的主要问题及改进情况\n加强培训。\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。"
    )
    assert split_sections(fmt, text) == {
        "overview": "本机关完善制度。",
        "problems": "加强培训。",
        "other": "本年度未收取信息处理费。",
    }


def test_a_legacy_report_numbered_from_its_overview() -> None:
    fmt = get_format("legacy")
    text = (
        "一、概 述\n本机关完善制度。\n二、主动公开政府信息情况\n公开12条。\n"
        "三、政府信息依申请公开工作情况\n收到3件。\n四、政府信息公开的收费及减免情况\n未收费。\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
        "六、主要问题和改进措施\n加强培训。\n七、示例县政府信息公开情况统计表\n一、主动公开情况 12"
    )
    assert split_sections(fmt, text) == {
        "overview": "本机关完善制度。",
        "s1": "公开12条。",
        "s2": "收到3件。",
        "s3": "未收费。",
        "s4": "无。",
        "problems": "加强培训。",
    }


def test_attachments_and_the_signature_are_no_part() -> None:
    fmt = get_format("f2019")
    text = (
        "一、总体情况\n本机关完善制度。\n六、其他需要报告的事项\n无。\n示例县某局\n2020年1月20日\n"
    )
    assert split_sections(fmt, text) == {"overview": "本机关完善制度。", "other": "无。"}
    run = "一、总体情况本机关完善制度。六、其他需要报告的事项无。 附件下载"
    assert split_sections(fmt, run) == {"overview": "本机关完善制度。", "other": "无。"}


def test_a_text_with_no_heading_has_no_parts() -> None:
    for fmt in FORMATS:
        assert split_sections(fmt, "本机关完善制度。总体情况良好。") == {}


def test_the_parser_keeps_the_parts_without_their_headings(tmp_path: Path) -> None:
    from fixtures import pingtan_2025

    table = pingtan_2025()
    page = to_html(
        table,
        narrative="一、总体情况\n本机关完善制度。\n五、存在的主要问题及改进情况\n加强培训。\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。",
    )
    assert parse_html(page).table.narrative == {
        "overview": "本机关完善制度。",
        "problems": "加强培训。",
        "other": "本年度未收取信息处理费。",
    }


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_a_generated_reports_text_reads_back_as_it_was(kind: str, tmp_path: Path) -> None:
    pytest.importorskip("docx")
    from fixtures import pingtan_2025

    from gkstats.report import render

    narrative = {
        "overview": "本机关完善制度。\n（一）加强培训。",
        "problems": "一是栏目更新不及时。\n二是加强培训。",
        "other": "本年度未收取信息处理费。",
    }
    table = pingtan_2025().replace(narrative=narrative)
    render(table, tmp_path / f"r.{kind}")
    assert parse_report(tmp_path / f"r.{kind}").table.narrative == narrative


# --- the corpus -------------------------------------------------------------------------------

#: The parts every corpus report has (legacy: its 概述 and parts 一 to 五; the others 一, 五, 六).
CORPUS_KEYS = {
    "legacy": {"overview", "s1", "s2", "s3", "s4", "problems"},
    "f2019": {"overview", "problems", "other"},
    "f2021": {"overview", "problems", "other"},
}


def _parse(path: Path) -> Table:
    try:
        return parse_report(path).table
    except GkError:  # a legacy report whose 统计表 the detector does not take for one
        return parse_report(path, format="legacy").table


def _spellings(table: Table) -> list[str]:
    fmt = table.format
    parts = [*fmt.lead_headings, *(s for p in fmt.outline for s in (p.heading, *p.aliases))]
    return sorted({core_label(s) for s in parts}, key=len, reverse=True)


@needs_corpus
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_every_corpus_report_has_each_part_once_without_headings(path: Path) -> None:
    table = _parse(path)
    texts = table.narrative
    assert set(texts) == CORPUS_KEYS[table.format.id]
    numbered = re.compile(r"(?:^|[\n。])\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*(.{0,30})")
    for key, text in texts.items():
        assert len(text) >= 8, key  # a heading's tail (「总体情况、」) is not a part's text
        # no part's heading opens a part's text or starts a line inside it
        for m in numbered.finditer(text):
            follows = re.sub(r"\s", "", m.group(1))
            assert not any(follows.startswith(s) for s in _spellings(table)), (key, m.group())
    # the parts come in the report's order, and none holds the attached table
    assert "统计表" not in "".join(texts.values())


@needs_corpus
def test_the_html_and_text_copies_of_a_report_split_alike() -> None:
    pairs = [(p, p.with_suffix(".txt")) for p in REPORTS if p.suffix == ".html"]
    for html, txt in pairs:
        if not txt.exists():
            continue
        a, b = _parse(html).narrative, _parse(txt).narrative
        assert set(a) == set(b), html.name
        for key in a:
            la, lb = len(re.sub(r"\s", "", a[key])), len(re.sub(r"\s", "", b[key]))
            assert abs(la - lb) <= max(10, la // 50), (html.name, key, la, lb)


@needs_corpus
def test_pingtan_2019_no_longer_scrambles_its_parts() -> None:
    # regression (issue 17): 一 was 「总体情况、」, 五 「存在的主要问题及改进情况和」 (the opening
    # paragraph's list), and 六 held the whole report with its own headings
    texts = _parse(CORPUS / "pingtan_2019.html").narrative
    assert len(texts["overview"]) > 1000
    assert len(texts["problems"]) > 300
    assert len(texts["other"]) < 40


@given(st.text(alphabet="一二 \n\u3000、ab", max_size=40))
def test_the_compact_text_maps_back_to_its_places(text: str) -> None:
    from gkstats.parse._sections import _Compact

    c = _Compact.of(text)
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    assert c.text == "".join(text[i] for i in kept)
    assert [c.at(k) for k in range(len(kept))] == kept
    assert [c.index(p) for p in range(len(text) + 1)] == [
        sum(1 for i in kept if i < p) for p in range(len(text) + 1)
    ]
