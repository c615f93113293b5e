"""The organ of a published report whose page has no title: from the contact line, or from
the sentence the report opens with (「2025年，某某县财政局坚持…」), only where it reads as an
organ's name.  The sentences are made up."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkstats.parse import parse_report
from gkstats.parse.detect import detect_organ

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.parametrize(
    ("text", "organ"),
    [
        ("2025年，某某县人民政府办公室坚持以公开为常态。", "某某县人民政府办公室"),
        ("一、总体情况\n2025年，某某市自然资源局认真贯彻条例。", "某某市自然资源局"),
        ("本报告由本局编制。2024年以来，某某区财政局持续深化公开。", "某某区财政局"),
        ("2025年度，某某经济开发区管委会紧紧围绕中心工作。", "某某经济开发区管委会"),
        # not a name: the report's own words for itself, or no organ at all
        ("2025年，我局坚持公开为常态。", ""),
        ("2025年，本机关深入贯彻条例。", ""),
        ("2025年，全区各级各部门深入贯彻条例。", ""),
        ("2025年，在上级的指导下，各项工作持续推进。", ""),
        ("2025年，公开工作取得新进展坚持不懈。", ""),
    ],
)
def test_the_organ_from_the_opening_sentence(text: str, organ: str) -> None:
    found = detect_organ(None, text)
    assert (found.value, found.source) == (organ, "opening sentence" if organ else "")


def test_a_title_or_a_contact_line_comes_first() -> None:
    text = "2025年，某某县财政局坚持公开。如有疑问请与某某县财政局办公室政府信息公开工作联系。"
    assert detect_organ("某某县财政局2025年政府信息公开工作年度报告", text).source == "title"
    assert detect_organ(None, text).source == "contact line"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_a_corpus_page_without_a_title_names_its_organ() -> None:
    """pingtan_2025.html is the report's body only: no title, no contact line."""
    result = parse_report(CORPUS / "pingtan_2025.html")
    assert (result.table.organ, result.detection.organ_from) == (
        "平潭综合实验区",
        "opening sentence",
    )
