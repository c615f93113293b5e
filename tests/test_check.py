import json
from decimal import Decimal

import pytest
from fixtures import pingtan_2020, pingtan_2025, xz2017
from hypothesis import given
from hypothesis import strategies as st
from strategies import mutations, valid_tables

from gkstats import FORMATS, Severity, Table, check, converter, default_rules, table_from_json
from gkstats.cli import main
from gkstats.rules import RuleKind

HARD_LINEAR = {RuleKind.SUM, RuleKind.BALANCE}


def hard_cells(fmt) -> set[str]:
    cells: set[str] = set()
    for rule in default_rules(fmt).rules:
        if rule.kind in HARD_LINEAR and rule.severity is Severity.ERROR:
            for item in rule.items:
                if rule.id == "F21-09":  # the optional （六） subtotal row
                    continue
                cells.update(item.lhs + item.rhs)
    return cells


@given(valid_tables())
def test_a_valid_table_has_no_error_finding(table):
    result = check(table)
    assert [f.message.zh for f in result.errors] == []
    assert result.valid


@given(st.data())
def test_a_mutation_that_breaks_a_hard_rule_is_named(data):
    table = data.draw(valid_tables())
    mutated, m = data.draw(mutations(table))
    result = check(mutated)
    # L-04's 「其中」 may be non-exhaustive: a shortfall is a warning by design
    flagged = [f for f in result.findings if f in result.errors or f.rule == "L-04"]
    named = {c for f in flagged for c in f.cell_ids}
    # nobody else is accused: every error names a mutated cell
    assert all(set(f.cell_ids) & set(m.cells) for f in result.errors)
    if len(m.cells) == 1 and m.cells[0] in hard_cells(table.format):
        assert m.cells[0] in named


@given(valid_tables())
def test_json_round_trip_is_the_identity(table):
    data = json.loads(json.dumps(converter.unstructure(table)))
    assert table_from_json(data) == table


def test_xz2017_passes_every_sum_and_its_blank_subtotal_is_an_l15_error():
    result = check(xz2017())
    # a blank total is an error in every format (F19-14's 合计; L-15 here)
    assert [(f.rule, f.cell_ids[0]) for f in result.errors] == [("L-15", "l.app_concluded")]
    assert sorted({f.rule for f in result.warnings}) == ["GK-BLANK", "L-08"]
    # the subtotal L-15 names is not named again as a blank cell
    assert "l.app_concluded" not in {f.cell_ids[0] for f in result.by_rule("GK-BLANK")}


def test_xz2017_blank_subtotal_makes_l02_not_assessable_not_silent():
    result = check(xz2017())
    (l02,) = result.by_rule("L-02")
    assert (l02.status, l02.severity) == ("not_assessable", Severity.INFO)
    summary = {s.rule: s for s in result.summary}
    assert (summary["L-02"].items, summary["L-02"].not_assessable) == (1, 1)


def test_real_f2021_figures_check_valid_and_any_changed_leaf_is_named():
    table = pingtan_2025()
    assert check(table).valid
    fmt = table.format
    for cell_id in sorted(hard_cells(fmt)):
        spec = fmt.cell(cell_id)
        if spec.is_total or table[cell_id] is None:
            continue
        changed = table.replace({cell_id: table[cell_id] + 1})
        named = {c for f in check(changed).errors for c in f.cell_ids}
        assert cell_id in named, cell_id


def test_pingtan_2020_breaks_f19_03_in_both_columns():
    result = check(pingtan_2020())
    f1903 = [f for f in result.errors if f.rule == "F19-03"]
    assert {f.cell_ids[0] for f in f1903} == {"t3.total.natural", "t3.total.total"}
    natural = next(f for f in f1903 if f.cell_ids[0] == "t3.total.natural")
    assert (natural.lhs, natural.rhs, natural.imbalance) == (20, 26, -6)
    assert "（七）总计" in natural.message.zh and "F19-03" in natural.message.zh


def test_f2021_rule_catalogue_lists_the_hard_sums_as_errors(capsys):
    assert main(["rules", "--format", "f2021", "--json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for rule_id in ("F21-01", "F21-02", "F21-03", "F21-04"):
        assert rules[rule_id]["severity"] == "error"
    assert rules["F21-01"]["kind"] == "balance"


def test_unreadable_input_is_a_finding_that_quotes_it():
    table = pingtan_2025().replace({"t3.new.natural": "一百五十一件x"})
    result = check(table)
    value_findings = [f for f in result.errors if f.rule == "F21-06"]
    assert [f.cell_ids for f in value_findings] == [("t3.new.natural",)]
    assert "「一百五十一件x」" in value_findings[0].message.zh
    not_assessable = [f for f in result.findings if f.status == "not_assessable"]
    assert {f.rule for f in not_assessable} == {"F21-01", "F21-02"}


def test_negative_and_fractional_counts_are_errors():
    result = check(pingtan_2025().replace({"t4.review.upheld": -1, "t2.penalty.decisions": "2.5"}))
    value = {f.cell_ids[0] for f in result.errors if f.rule == "F21-06"}
    assert value == {"t4.review.upheld", "t2.penalty.decisions"}


def test_blank_cells_in_tables_3_and_4_should_be_zero_and_a_blank_total_is_an_error():
    result = check(
        pingtan_2025().replace({"t3.refused_secret.legal": None, "t4.direct.total": None})
    )
    # F19-14, which F21 keeps without a number: gkstats' GK-BLANK on an F21 table
    assert not result.by_rule("F19-14")
    blanks = {f.cell_ids[0]: f.severity for f in result.by_rule("GK-BLANK")}
    assert blanks == {
        "t3.refused_secret.legal": Severity.WARNING,
        "t4.direct.total": Severity.ERROR,
    }


def test_2019_reports_get_format_rules_downgraded():  # F19-16
    table = Table.from_cells("f2019", 2019, "x", {"t4.review.upheld": 1})
    assert all(f.severity is not Severity.ERROR for f in check(table).by_rule("F19-14"))
    later = table.replace(year=2020)
    assert any(f.severity is Severity.ERROR for f in check(later).by_rule("F19-14"))


def test_optional_subtotal_when_given_must_equal_its_parts():  # F21-09
    table = pingtan_2025()
    ok = table.replace({"t3.other.natural": 11})
    assert check(ok).valid
    bad = check(table.replace({"t3.other.natural": 12}))
    assert {f.rule for f in bad.errors} == {"F21-09"}


def test_procurement_amount_in_yuan_is_normalised_and_unit_recorded():  # F19-11
    t = Table.from_cells("f2019", 2019, "x", {"t2.procurement.amount": "75394432.52元"})
    assert t["t2.procurement.amount"] == Decimal("7539.443252")
    assert t.written_units == {"t2.procurement.amount": "元"}
    assert check(t).by_rule("F19-11") == ()
    bare = check(Table.from_cells("f2019", 2019, "x", {"t2.procurement.amount": 25.1}))
    assert [f.severity for f in bare.by_rule("F19-11")] == [Severity.INFO]


def test_other_processing_share_warns_above_ten_percent():  # F21-13
    table = pingtan_2025()
    high = table.replace(
        {
            "t3.other_other.natural": 30,
            "t3.other_other.total": 30,
            "t3.disclosed.natural": 4,
            "t3.disclosed.total": 4,
        }
    )
    assert [f.rule for f in check(high).warnings] == ["F21-13"]


def test_disable_switches_a_rule_off():
    result = check(pingtan_2020(), disable=["F19-03"])
    assert not result.by_rule("F19-03")
    assert "F19-03" not in {s.rule for s in result.summary}


def test_summary_counts_add_up():
    result = check(pingtan_2020())
    for s in result.summary:
        assert s.passes + s.fails + s.not_assessable == s.items
        assert s.fails == len([f for f in result.by_rule(s.rule) if f.status == "fail"])


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_an_empty_table_is_not_silently_valid(fmt):
    result = check(Table.empty(fmt, fmt.years[0] + 1))
    assert result.findings  # every rule item is reported as not assessable at least
    assert all(
        s.passes == 0 or s.kind.value in ("value", "filled_total", "unit") for s in result.summary
    )


def test_the_reports_own_text_is_checked_against_the_table():  # F21-14
    table = pingtan_2025().replace(
        narrative={"overview": "全年共收到政府信息公开申请150件，办结148件，结转下年度6件。"}
    )
    result = check(table)
    (finding,) = result.by_rule("F21-14")
    assert finding.severity is Severity.WARNING and "150" in finding.message.zh
    assert "t3.new.total" in finding.cell_ids
    assert check(pingtan_2025()).by_rule("F21-14") == ()
