"""A 2021 report whose table 三 prints the 2019 form's single 「（六）其他处理」 row (issue 18).

The 2021 form split （六） into three rows and has no subtotal row; gkstats accepts the
subtotal as an optional row (F21-09).  A report with only the subtotal printed its figures
all right: its three parts are "not printed" (said once), never blank cells, and the rules
read the subtotal where they add up the parts.  The reports are made up from random valid
tables (``parse_samples``).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_samples import to_html, to_text
from strategies import valid_tables

from gkstats import Severity, Table, check
from gkstats.parse import NOT_PRINTED, Status, parse_html, parse_report, parse_text, result_to_json
from gkstats.readers import read_table

PARTS = ("other_no_supplement", "other_no_fee", "other_other")
COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")
PART_CELLS = [f"t3.{p}.{c}" for p in PARTS for c in COLUMNS]
SLOW = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))


def with_subtotal() -> st.SearchStrategy[Table]:
    """Valid f2021 tables whose （六） subtotal row is filled."""
    return (
        valid_tables("f2021")
        .filter(lambda t: t["t3.other.total"] is not None)
        .map(lambda t: t.replace(organ="某某县测试局"))
    )


def old_row(table: Table) -> Table:
    """The table as the 2019 form holds it: the subtotal, no parts."""
    return table.replace(dict.fromkeys(PART_CELLS))


def not_printed(result) -> list:
    return [f for f in result.findings if f.rule == "F21-09"]


@SLOW
@given(table=with_subtotal())
def test_the_rules_read_the_subtotal_and_say_once_that_its_parts_are_not_printed(table):
    result = check(old_row(table))
    (f,) = not_printed(result)
    assert (f.status, f.severity) == ("not_assessable", Severity.WARNING)
    assert "只列了「（六）其他处理」一行" in f.message.zh and "未列出" in f.message.zh
    assert set(PART_CELLS) <= set(f.cell_ids)
    # nothing about the parts as blank cells, no rule broken: the table's figures agree
    assert [g for g in result.findings if g is not f] == []
    assert result.valid
    summary = {s.rule: s for s in result.summary}
    assert (summary["F21-09"].items, summary["F21-09"].not_assessable) == (1, 1)
    assert summary["F21-03"].fails == 0 and summary["F21-03"].not_assessable == 0


@SLOW
@given(table=with_subtotal(), k=st.integers(1, 9))
def test_a_wrong_subtotal_breaks_the_rules_that_read_it(table, k):
    wrong = old_row(table).replace({"t3.other.natural": table["t3.other.natural"] + k})
    result = check(wrong)
    f03 = [f for f in result.findings if f.rule == "F21-03"]
    assert [(f.cell_ids[0], f.imbalance) for f in f03] == [("t3.total.natural", -k)]
    assert len(not_printed(result)) == 1


def test_a_blank_subtotal_over_blank_parts_is_no_old_row():
    blank = Table.from_cells("f2021", 2025, "x", {"t3.total.total": 0})
    result = check(blank)
    assert not_printed(result) == []
    assert any(f.rule == "GK-BLANK" and f.cell_ids == ("t3.other_other.natural",)
               for f in result.findings)  # fmt: skip


RENDER = {
    "html": lambda t: to_html(t, single=("other",)),
    "text, spaced": lambda t: to_text(t, sep=" ", single=("other",)),
    "text, run together": lambda t: to_text(t, sep="", single=("other",)),
}


@pytest.mark.parametrize("kind", list(RENDER))
@SLOW
@given(table=with_subtotal())
def test_a_report_printing_the_old_row_is_read_whole(kind, table):
    page = RENDER[kind](table)
    assert "1.申请人无正当理由" not in page and "（六）其他处理" in page
    result = parse_html(page) if kind == "html" else parse_text(page)
    for r in result.readings:
        if r.id in PART_CELLS:
            assert (r.status, r.how) == (Status.MISSING, NOT_PRINTED)
        elif r.status in (Status.OK, Status.BLANK):
            assert result.table[r.id] == table[r.id]
    if kind != "text, run together":  # (table 二 run together may split several ways)
        assert result.complete
        assert result.counts == {"ok": 186, "blank": 0, "missing": 21, "ambiguous": 0}
    assert [f.status for f in not_printed(result.check)] == ["not_assessable"]
    about_parts = [f for f in result.check.findings
                   if f.rule != "F21-09" and set(f.cell_ids) & set(PART_CELLS)]  # fmt: skip
    if kind == "text, run together":  # only rules over cells read ambiguous, if any
        assert all(f.status == "not_assessable" and f.rule != "F19-14" for f in about_parts)
    else:
        assert about_parts == []
    cells = {c["id"]: c for c in result_to_json(result)["cells"]}
    assert cells["t3.other_other.total"]["how"] == "not printed"


@SLOW
@given(table=with_subtotal())
def test_checking_the_read_table_afterwards_reports_no_blank_cells(table, tmp_path_factory):
    path = tmp_path_factory.mktemp("old") / "2025年报.html"
    path.write_text(to_html(table, single=("other",)), "utf-8")
    read = read_table(path)
    assert [read[c] for c in PART_CELLS] == [None] * len(PART_CELLS)
    result = check(read)
    assert [f.rule for f in result.findings] == ["F21-09"]
    assert parse_report(path).complete


@SLOW
@given(table=with_subtotal())
def test_the_parse_json_of_a_report_printing_the_old_row_has_no_unread_parts(
    table, tmp_path_factory
):
    """Regression (merging issues 17 and 18): a part not printed was a required cell not
    found, so the table JSON made from ``parse --json`` listed it as unread."""
    folder = tmp_path_factory.mktemp("old")
    path = folder / "2025年报.html"
    path.write_text(to_html(table, single=("other",)), "utf-8")
    document = folder / "parsed.json"
    document.write_text(json.dumps(result_to_json(parse_report(path))), "utf-8")
    read = read_table(document)
    assert [read[c] for c in PART_CELLS] == [None] * len(PART_CELLS)
    assert read == read_table(path)
    assert [f.rule for f in check(read).findings] == ["F21-09"]
