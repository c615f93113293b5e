"""Blank cells weigh the same in every format, and a table with no figures is not a pass
(issue 17): a blank template says 「表格尚未填写」 in a few lines, a report none of whose
figures could be read is a finding, and no F19 rule id appears on an F21 table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fixtures import pingtan_2025, xz2017
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_tables

from gkstats import FORMATS, Severity, Table, check
from gkstats.cli import main
from gkstats.rules import RuleKind, default_rules

#: A year each format is in force, with nothing lenient about it (2019: F19-16).
YEARS = {"legacy": 2017, "f2019": 2020, "f2021": 2025}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("fmt", [f.id for f in FORMATS])
def test_a_blank_template_is_not_filled_in_yet(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # was: f2021 34 errors, 156 warnings, 43 hints; f2019 passed with 176 warnings; legacy
    # passed with nothing at all
    template = tmp_path / f"{fmt}.xlsx"
    year = str(YEARS[fmt] if fmt != "f2019" else 2019)
    assert run(capsys, "template", "--format", fmt, "--year", year, "-o", str(template))[0] == 0
    code, out, _ = run(capsys, "check", str(template))
    assert code == 1
    assert "表格尚未填写" in out and len(out.splitlines()) <= 4, out


@pytest.mark.parametrize("fmt", [f.id for f in FORMATS])
def test_an_empty_table_is_one_error_and_every_rule_not_assessable(fmt: str) -> None:
    result = check(Table.empty(fmt, YEARS[fmt]))
    assert [f.rule for f in result.findings] == ["GK-EMPTY"]
    assert result.errors and not result.valid
    for s in result.summary:
        if s.rule != "GK-EMPTY":
            assert (s.passes, s.fails, s.not_assessable) == (0, 0, s.items), s


def test_one_figure_is_not_empty() -> None:
    result = check(Table.from_cells("f2021", 2025, "", {"t4.review.upheld": 0}))
    assert not result.by_rule("GK-EMPTY") and result.by_rule("GK-BLANK")


def test_parse_reads_nothing_is_a_finding_not_a_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "某县2025.txt"
    page.write_text("某县2025年政府信息公开工作年度报告\n一、总体情况\n本年度无。\n", "utf-8")
    code, out, _ = run(capsys, "parse", str(page), "--format", "f2021")
    assert code == 1  # was: 「✓ 校验通过」, exit 0, 0 of 207 cells read
    assert "GK-EMPTY" in out and "表格尚未填写" in out and len(out.splitlines()) <= 6, out


def test_batch_counts_an_empty_table_as_not_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "blank.json").write_text('{"format": "f2021", "year": 2025, "cells": {}}', "utf-8")
    summary = tmp_path / "s.json"
    assert run(capsys, "batch", str(folder), "-o", str(summary), "--workers", "1")[0] == 1
    (row,) = json.loads(summary.read_text("utf-8"))["files"]
    assert (row["status"], row["valid"]) == ("checked", False)
    assert row["first_finding"].startswith("GK-EMPTY")


def _blank_leaf_and_total(fmt: str) -> tuple[str, str]:
    """A required leaf the format's blank rule reads, and a required total."""
    (rule,) = [r for r in default_rules(fmt).rules if r.kind is RuleKind.BLANK]
    spec = Table.empty(fmt, YEARS[fmt]).format
    leaf = next(c for c in rule.cells if not spec.cell(c).is_total)
    total = next(c.id for c in spec.cells if c.is_total and not c.optional)
    return leaf, total


def _blank_findings(table: Table) -> list[tuple[str, str, Severity]]:
    """What the rules on blanks say of a table (the sums it breaks are another matter)."""
    kinds = {RuleKind.BLANK, RuleKind.FILLED_TOTAL}
    by_kind = {r.id: r.kind for r in default_rules(table.format).rules}
    return [
        (f.rule, f.cell_ids[0], f.severity)
        for f in check(table).findings
        if f.status == "fail" and by_kind[f.rule] in kinds
    ]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from([f.id for f in FORMATS]), st.data())
def test_blank_leaves_warn_and_blank_totals_are_errors_in_every_format(
    fmt: str, data: st.DataObject
) -> None:
    table = data.draw(valid_tables(fmt)).replace(year=YEARS[fmt])
    leaf, total = _blank_leaf_and_total(fmt)
    blank = next(r.id for r in default_rules(fmt).rules if r.kind is RuleKind.BLANK)
    assert _blank_findings(table) == []
    assert _blank_findings(table.replace({leaf: None})) == [(blank, leaf, Severity.WARNING)]
    # in legacy a blank subtotal with filled parts is L-15's (an error too), named once
    ((_, cell, severity),) = _blank_findings(table.replace({total: None}))
    assert (cell, severity) == (total, Severity.ERROR)


def test_legacy_has_a_blank_rule_of_its_own() -> None:  # was: nothing at all
    blank = xz2017().replace({"l.review_other": None})
    assert [f.rule for f in check(blank).by_rule("GK-BLANK") if "l.review_other" in f.cell_ids]


def test_no_f19_id_on_an_f21_table() -> None:
    table = pingtan_2025().replace({"t3.new.natural": None, "t3.new.total": None})
    rules = {f.rule for f in check(table).findings}
    assert "GK-BLANK" in rules and not any(r.startswith("F19-") for r in rules)
    assert not any(r.id.startswith("F19-") for r in default_rules("f2021").rules)


def test_every_rule_id_is_the_spec_number_of_its_format_or_gkstats_own() -> None:
    for fmt in FORMATS:
        for rule in default_rules(fmt).rules:
            assert rule.id.startswith((f"{fmt.rule_prefix}-", "GK-")), (fmt.id, rule.id)


def test_the_catalogue_shows_both_weights_of_a_blank_rule(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # was: 「F19-14 警告」 although a blank total is an error
    out = run(capsys, "rules", "--format", "f2019")[1]
    (line,) = [x for x in out.splitlines() if "F19-14" in x]
    assert "警告（合计空白：错误）" in line
    out = run(capsys, "rules", "--json")[1]
    blank = [r for r in json.loads(out) if r["kind"] == "blank"]
    assert {(r["format"], r["id"]) for r in blank} == {
        ("legacy", "GK-BLANK"), ("f2019", "F19-14"), ("f2021", "GK-BLANK"),
    }  # fmt: skip
    assert {(r["severity"], r["total_severity"]) for r in blank} == {("warning", "error")}
    empty = [r["id"] for r in json.loads(out) if r["kind"] == "empty"]
    assert empty == ["GK-EMPTY"] * len(FORMATS)
