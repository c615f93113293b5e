"""The narrative rules on real reports, and on the reports gkstats writes: what they report is
a real inconsistency, and reports whose figures agree get no alarm.

The real reports are those of ``../shared/corpus`` (skipped where it is not there): 平潭 2019
says it published 2599 items and lists eleven categories adding up to 2533 (GK-PARTS); every
other figure of every report agrees with its table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_tables

from gkstats.narrative import narrative_rules
from gkstats.narrative._arithmetic import statements
from gkstats.parse import parse_report

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real-report corpus is not there ({CORPUS})"
)
#: The reports of the corpus in one of the national formats (平潭 2016 has a local form).
REPORTS = (
    "2017_jx_shangrao_xinzhou_qu.txt",
    *(f"pingtan_{year}.{suffix}" for year in (2019, 2021, 2025) for suffix in ("html", "txt")),
)
#: What the narrative rules find in them: (rule, the text's figure, the other figure).
EXPECTED = {
    "pingtan_2019.html": [("GK-PARTS", 2599, 2533)],
    "pingtan_2019.txt": [("GK-PARTS", 2599, 2533)],
}


@needs_corpus
@pytest.mark.parametrize("name", REPORTS)
def test_the_narrative_rules_find_what_is_wrong_and_nothing_else(name: str) -> None:
    result = parse_report(CORPUS / name)
    ids = {r.id for r in narrative_rules(result.table.format)}
    found = [(f.rule, f.lhs, f.rhs) for f in result.check.findings if f.rule in ids]
    assert found == EXPECTED.get(name, [])
    judged = {s.rule: s.items for s in result.check.summary if s.rule in ids}
    assert set(judged) == ids


@needs_corpus
def test_the_2599_items_are_quoted_with_both_figures() -> None:
    result = parse_report(CORPUS / "pingtan_2019.html")
    (finding,) = result.check.by_rule("GK-PARTS")
    assert finding.severity == "warning" and finding.imbalance == 66
    assert "2599条" in finding.message.zh and "856条" in finding.message.zh
    assert "2533" in finding.message.zh and "2533" in finding.message.en


@needs_corpus
@pytest.mark.parametrize("name", [n for n in REPORTS if n.endswith(".txt")] + ["pingtan_2016.txt"])
def test_every_total_with_parts_in_the_whole_pages(name: str) -> None:
    """All of each page's text, tables and local forms included: the lists that do not add up
    are the one of 平潭 2019."""
    text = (CORPUS / name).read_text("utf-8")
    wrong = [(s.total, s.sum) for s in statements(text) if not s.adds_up]
    assert wrong == ([(2599, 2533)] if name == "pingtan_2019.txt" else [])


@pytest.mark.slow
@settings(max_examples=6)
@given(data=st.data())
def test_the_reports_gkstats_writes_get_no_alarm(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A report written by ``gkstats report`` and read back: its sentences come from the
    table, so neither narrative rule finds anything."""
    from gkstats.report import render

    fmt = data.draw(st.sampled_from(["legacy", "f2019", "f2021"]))
    table = data.draw(valid_tables(fmt)).replace(organ="测试市测试局")
    path = tmp_path_factory.mktemp("report") / "report.html"
    render(table, path, force=True)
    result = parse_report(path)
    ids = {r.id for r in narrative_rules(table.format)}
    assert [f.message.zh for f in result.check.findings if f.rule in ids] == []
    assert sum(s.items for s in result.check.summary if s.rule in ids) > 0
