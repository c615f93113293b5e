"""A fourth format, declared in this file only, goes through all of gkstats (DESIGN §1, §3).

A new national revision (or a province's variant) is one declaration: its tables, its rules
under its own prefix, its legal basis, its report's parts and sentence templates.  Nothing
else in gkstats names a format by its id, so checking, the Excel template and its reader,
the report, parsing the report back and the property tests work for it unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parse_samples import to_html
from strategies import mutations, valid_tables
from workbook_support import filled_template

from gkstats import Severity, Table, check, converter, table_from_json
from gkstats.crossyear import carry_over
from gkstats.formats import Block, Kind, Node, get_format, register
from gkstats.messages import Message
from gkstats.parse import Status, parse_html, parse_report
from gkstats.readers import read_table
from gkstats.report import build_context, render
from gkstats.rules import Item, Needs, Rule, RuleKind, default_rules

F2021 = get_format("f2021")
BASIS = "某政办函〔2090〕1号"

#: Table 二 with a block the 2021 format dropped (第二十条第（九）项, as in 2019).
_PROCUREMENT = Block(
    key="s9",
    caption="第二十条第（九）项",
    row_header="信息内容",
    rows=(Node("procurement", "政府集中采购"),),
    columns=(
        Node("projects", "采购项目数量", unit="项"),
        Node("amount", "采购总金额", kind=Kind.AMOUNT, unit="万元"),
    ),
    unit="件",
)
_T2 = F2021.table("t2")

#: A rule of a kind gkstats has: adding it is a line of data.
PARTIAL = Rule(
    "20",
    RuleKind.COMPARE,
    Severity.WARNING,
    Message("部分公开不多于予以公开", "partly disclosed at most disclosed"),
    (Item(("t3.partial.total",), ("t3.disclosed.total",)),),
    Message("（二）部分公开 ≤ （一）予以公开", "partial <= disclosed"),
    "{basis} 表三",
    op="<=",
)

X2090 = register(
    attrs.evolve(
        F2021,
        id="x2090",
        title="政府信息公开工作年度报告格式（2090年试行）",
        basis=BASIS,
        # a report year may not be after the current one: the next revision starts now
        years=(2026, None),
        rule_prefix="X90",
        tables=(
            attrs.evolve(_T2, blocks=(*_T2.blocks, _PROCUREMENT)),
            F2021.table("t3"),
            F2021.table("t4"),
        ),
        rules=(*F2021.rules, PARTIAL),
    )
)


def _valid(data: st.DataObject) -> Table:
    return data.draw(valid_tables(X2090)).replace(organ="测试市测试局")


def test_its_rules_carry_its_prefix_and_cite_its_basis() -> None:
    rules = default_rules(X2090).rules
    ids = [r.id for r in rules]
    assert "X90-01" in ids and "X90-20" in ids and "X90-05" in ids and "F21-01" not in ids
    assert all(i.startswith(("X90-", "GK-")) for i in ids)
    assert all(BASIS in r.source for r in rules if r.id.startswith("X90-"))
    # its sums come from its hierarchy, the new block's cells are checked for their values
    x06 = next(r for r in rules if r.id == "X90-06")
    assert "t2.procurement.amount" in x06.cells


@given(st.data())
def test_a_valid_table_of_it_checks_valid(data: st.DataObject) -> None:
    table = _valid(data)
    result = check(table)
    assert [f.message.zh for f in result.errors] == []
    assert {s.rule for s in result.summary} >= {"X90-01", "X90-03", "X90-20"}


@given(st.data())
def test_a_mutation_of_it_is_named(data: st.DataObject) -> None:
    table = _valid(data)
    mutated, m = data.draw(mutations(table))
    result = check(mutated)
    assert all(set(f.cell_ids) & set(m.cells) for f in result.errors)
    hard = {c for r in default_rules(X2090).rules if r.kind is RuleKind.SUM for i in r.items
            for c in (*i.lhs, *i.rhs)}  # fmt: skip
    if len(m.cells) == 1 and m.cells[0] in hard and not X2090.cell(m.cells[0]).optional:
        assert m.cells[0] in {c for f in result.errors for c in f.cell_ids}


@given(st.data())
def test_its_json_reads_back(data: st.DataObject) -> None:
    table = _valid(data)
    assert table_from_json(json.loads(json.dumps(converter.unstructure(table)))) == table


def test_its_excel_template_reads_back(tmp_path: Path) -> None:
    cells = {"t2.procurement.projects": 3, "t3.new.natural": 2, "t3.new.total": 2}
    table = Table.from_cells(X2090, 2026, "测试局", cells)
    path = filled_template(table, tmp_path / "x2090.xlsx")
    read = read_table(path)
    assert read.format is X2090
    assert read["t2.procurement.projects"] == 3 and read["t3.new.total"] == 2


@pytest.mark.slow
@settings(max_examples=25)  # each example renders a report and parses it
@given(st.data())
def test_its_report_parses_back(data: st.DataObject) -> None:
    table = _valid(data)
    ctx = build_context(table)
    assert [s.heading for s in ctx.sections] == list(X2090.sections)
    assert {s.group for s in ctx.sentences} <= {"t2", "t3", "t4"}
    result = parse_html(to_html(table), format="x2090")
    for spec in X2090.cells:
        reading = result.reading(spec.id)
        if reading.status is not Status.MISSING:
            assert result.table[spec.id] == table[spec.id], spec.id


def test_its_own_rendered_report_parses_back_and_agrees_with_its_text(tmp_path: Path) -> None:
    table = Table.from_cells(X2090, 2026, "测试市测试局", {
        "t3.new.natural": 5, "t3.new.total": 5, "t3.disclosed.natural": 4,
        "t3.disclosed.total": 4, "t3.partial.natural": 1, "t3.partial.total": 1,
        "t3.total.natural": 5, "t3.total.total": 5, "t4.review.upheld": 1, "t4.review.total": 1,
    }, narrative={"overview": "本年度共收到政府信息公开申请5件，全部办结。", "problems": "无",
                  "other": "本年度未收取信息处理费。"})  # fmt: skip
    out = render(table, tmp_path / "report.html", force=True)
    assert not [n.rule for n in out.context.notes if n.severity is not Severity.INFO]
    result = parse_report(out.path, format="x2090")
    assert result.table.format is X2090
    for cell_id in ("t3.new.total", "t3.disclosed.total", "t4.review.total"):
        assert result.table[cell_id] == table[cell_id]
    (summary,) = [s for s in result.check.summary if s.rule == "X90-14"]
    assert summary.items >= 1 and summary.fails == 0


def test_last_years_table_of_the_format_before_it_is_carried_over() -> None:
    before = Table.from_cells("f2021", 2025, "测试局", {"t3.carry_forward.natural": 2,
                                                    "t3.carry_forward.total": 2})  # fmt: skip
    now = Table.from_cells(X2090, 2026, "测试局", {"t3.carried.total": 1})
    result = check(now, previous=before)
    by_status = {(f.status.value, f.cell_ids) for f in result.by_rule("X90-05")}
    assert ("fail", ("t3.carried.total", "t3.carry_forward.total")) in by_status
    # a blank cell in either year: not assessable, not taken as 0 (issue 18)
    assert ("not_assessable", ("t3.carried.natural", "t3.carry_forward.natural")) in by_status
    assert {s for s, _ in by_status} == {"fail", "not_assessable"}
    assert [c for s, c in by_status if s == "fail"] == [
        ("t3.carried.total", "t3.carry_forward.total")
    ]
    # table 二 of the format before does not compare (it is renewed, as in 2021)
    assert "X90-07" not in {s.rule for s in result.summary}
    assert carry_over(before, now)["t3.carried.total"] == 2
    previous = [r.id for r in default_rules(X2090).rules if r.needs is Needs.PREVIOUS]
    assert previous == ["X90-05", "X90-07", "GK-YOY"]


def test_a_second_format_under_a_known_id_is_refused() -> None:
    from gkstats import GkError

    with pytest.raises(GkError):
        register(attrs.evolve(X2090, title="another"))
    assert register(X2090) is X2090
