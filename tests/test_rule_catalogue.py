"""One catalogue (DESIGN §3): every rule id ``check`` and ``report`` emit is one ``gkstats rules``
lists, for the table's format, whatever the table, its text and last year's table hold."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import mutations, valid_tables

from gkstats import FORMATS, Table, check
from gkstats.cli import main
from gkstats.report import build_context
from gkstats.rules import Needs, RuleKind, default_rules


@pytest.fixture(scope="module")
def listed() -> dict[str, set[str]]:
    """The rule ids ``gkstats rules --json`` lists, by format."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["rules", "--json"]) == 0
    by_format: dict[str, set[str]] = {}
    for rule in json.loads(out.getvalue()):
        by_format.setdefault(rule["format"], set()).add(rule["id"])
    return by_format


#: Claims and figures a report's text makes that the text rule reads besides its own numbers.
_CLAIMS = ("行政复议均获维持。", "本年度未收到行政复议申请。", "办结率为95%。", "行政诉讼2起。")


@st.composite
def _inputs(draw: st.DrawFn) -> tuple[Table, Table | None]:
    """A table (mutated, with blank and unreadable cells, and a text that quotes it or
    not), and last year's table of a format it follows, or none."""
    fmt = draw(st.sampled_from(FORMATS))
    valid = draw(valid_tables(fmt))
    own = " ".join(s.text for s in build_context(valid).sentences)
    table, _ = draw(mutations(valid))
    odd = st.sampled_from([None, "无法识别", -3, Decimal("1.5"), 10**6])
    table = table.replace(draw(st.dictionaries(st.sampled_from(fmt.ids), odd, max_size=3)))
    keys = ("overview", "problems", "other", "s1", "extra")
    texts = st.sampled_from(["", own, *_CLAIMS, own + "".join(_CLAIMS), "字" * 1200])
    table = table.replace(narrative=draw(st.dictionaries(st.sampled_from(keys), texts)))
    table = table.replace(organ=draw(st.sampled_from(["", "测试局"])))
    earlier = [f for f in FORMATS if fmt.follows(f)]
    if not draw(st.booleans()):
        return table, None
    previous, _ = draw(mutations(draw(valid_tables(draw(st.sampled_from(earlier))))))
    return table, previous.replace(year=table.year - 1)


@pytest.mark.slow
@given(_inputs())
def test_every_rule_id_emitted_is_listed(listed: dict[str, set[str]], data: tuple) -> None:
    table, previous = data
    emitted = {f.rule for f in check(table).findings}
    if previous is not None:
        emitted |= {f.rule for f in check(table, previous=previous).findings}
    emitted |= {n.rule for n in build_context(table).notes}
    assert emitted <= listed[table.format.id]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_each_format_lists_the_rules_of_every_kind_it_runs(fmt) -> None:
    rules = default_rules(fmt).rules
    assert len({r.id for r in rules}) == len(rules)
    needs = {r.needs for r in rules}
    assert needs == set(Needs)  # the table's, last year's and the report's rules
    text = [r for r in rules if r.kind is RuleKind.TEXT]
    assert [r.id for r in text] == [
        {"legacy": "L-16", "f2019": "F19-15", "f2021": "F21-14"}[fmt.id]
    ]


def test_a_text_rule_for_one_part_is_a_line_of_data() -> None:
    """A second text-match rule, reading only part 一's text, is one more Rule: no code."""
    import attrs

    from gkstats.rules import Rule

    text_rule = next(r for r in default_rules("f2021").rules if r.kind is RuleKind.TEXT)
    overview_only: Rule = attrs.evolve(text_rule, id="GK-OVERVIEW", section="overview")
    table = Table.from_cells("f2021", 2025, "x", {"t3.new.natural": 5, "t3.new.total": 5})
    table = table.replace(narrative={"overview": "本年度收到政府信息公开申请5件。",
                                     "other": "本年度收到政府信息公开申请7件。"})  # fmt: skip
    result = check(table, default_rules("f2021").plus([overview_only]))
    assert [f.lhs for f in result.by_rule("F21-14")] == [7]
    assert result.by_rule("GK-OVERVIEW") == ()
    assert {s.rule: s.items for s in result.summary}["GK-OVERVIEW"] == 1


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_what_a_declaration_names_exists(fmt) -> None:
    """Every cell a rule reads this year is the format's; every sentence group a part prints
    has a template, and every template is one the report knows."""
    from gkstats.report.sentences import TEMPLATES
    from gkstats.rules import Term

    for rule in default_rules(fmt).rules:
        for item in rule.items:
            for term in map(Term.parse, (*item.lhs, *item.rhs)):
                assert term.previous or fmt.has_cell(term.cell), (rule.id, term)
    groups = dict(fmt.sentence_templates)
    assert {g for p in fmt.outline for g in p.sentences} == set(groups)
    assert set(groups.values()) <= set(TEMPLATES)
