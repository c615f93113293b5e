import json

import pytest
from fixtures import pingtan_2025
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import year_pairs

from gkstats import GkError, Severity, Table, check, converter
from gkstats.cli import main
from gkstats.crossyear import carried_cells, carry_over
from gkstats.rules import Needs, RuleKind, default_rules

COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")


def last_year(**cells):
    base = {f"t3.carry_forward.{c}": 0 for c in COLUMNS}
    base |= {"t2.normative.in_force": 440, "t2.regulations.in_force": 0}
    base.update(cells)
    return Table.from_cells("f2021", 2024, "平潭综合实验区", base)


def fails(result, rule):
    return [f for f in result.by_rule(rule) if f.status == "fail"]


def test_pingtan_2025_fails_f21_07_against_2024():
    result = check(pingtan_2025(), previous=last_year())
    (f,) = result.by_rule("F21-07")
    assert f.severity is Severity.WARNING
    assert (f.lhs, f.rhs, f.imbalance) == (546, 453, 93)
    assert [c.year for c in f.cells] == [2025, 2024, 2025, 2025]
    assert "2024年" in f.message.zh
    assert result.by_rule("F21-05") == ()


def test_a_carry_over_mismatch_is_detected_per_column():
    result = check(pingtan_2025(), previous=last_year(**{"t3.carry_forward.natural": 3,
                                                         "t3.carry_forward.total": 3}))  # fmt: skip
    cells = sorted(f.cell_ids[0] for f in result.by_rule("F21-05"))
    assert cells == ["t3.carried.natural", "t3.carried.total"]


def test_carry_over_across_the_f2019_to_f2021_switch():
    prev = Table.from_cells(
        "f2019", 2020, "x", {"t3.carry_forward.total": 2, "t2.fees.prev_items": 3}
    )
    now = Table.from_cells("f2021", 2021, "x", {"t3.carried.total": 1})
    result = check(now, previous=prev)
    assert [f.cell_ids for f in result.by_rule("F21-05") if f.status == "fail"] == [
        ("t3.carried.total", "t3.carry_forward.total")
    ]
    assert result.by_rule("F21-07") == ()  # F21-16: not across the switch


def test_f19_item_counts_follow_last_years_change():  # F19-08
    prev = Table.from_cells("f2019", 2019, "x", {"t2.licensing.prev_items": 396,
                                                 "t2.licensing.change": -18})  # fmt: skip
    ok = Table.from_cells("f2019", 2020, "x", {"t2.licensing.prev_items": 378})
    bad = ok.replace({"t2.licensing.prev_items": 396})
    assert fails(check(ok, previous=prev), "F19-08") == []
    (f,) = fails(check(bad, previous=prev), "F19-08")
    assert f.imbalance == 18


def test_previous_must_be_the_year_before():
    with pytest.raises(GkError):
        check(pingtan_2025(), previous=last_year().replace(year=2023))


def test_large_swings_are_info():
    prev = last_year(**{"t3.new.total": 30, "t3.total.total": 30})
    swings = check(pingtan_2025(), previous=prev).by_rule("GK-YOY")
    assert {f.cell_ids[0] for f in swings} == {"t3.new.total", "t3.total.total"}
    assert all(f.severity is Severity.INFO for f in swings)


def test_cross_year_rules_are_in_their_formats_catalogue():
    def crossyear(fmt: str) -> list[str]:
        return [r.id for r in default_rules(fmt).rules if r.needs is Needs.PREVIOUS]

    assert crossyear("f2021") == ["F21-05", "F21-07", "GK-YOY"]
    assert crossyear("f2019") == ["F19-05", "F19-08", "F19-10", "GK-YOY"]
    assert crossyear("legacy") == ["GK-YOY"]


def test_a_cross_year_rule_is_switched_off_like_any_other():
    prev = last_year(**{"t3.carry_forward.natural": 3, "t3.carry_forward.total": 3})
    assert check(pingtan_2025(), previous=prev).by_rule("F21-05") != ()
    off = check(pingtan_2025(), previous=prev, disable=["F21-05"])
    assert off.by_rule("F21-05") == () and "F21-05" not in {s.rule for s in off.summary}
    off = check(pingtan_2025(), default_rules("f2021").without("F21-05"), previous=prev)
    assert off.by_rule("F21-05") == ()


def test_the_cells_import_previous_fills_come_from_the_carry_over_rule():
    assert carried_cells(pingtan_2025().format) == tuple(f"t3.carried.{c}" for c in COLUMNS)
    assert carried_cells(Table.empty("legacy", 2018).format) == ()


def test_import_previous_fills_carried_from_last_years_carry_forward():
    prev = last_year(**{"t3.carry_forward.natural": 4, "t3.carry_forward.commercial": 2,
                        "t3.carry_forward.total": 6})  # fmt: skip
    filled = carry_over(prev, pingtan_2025())
    assert filled["t3.carried.natural"] == 4 and filled["t3.carried.total"] == 6
    assert filled["t3.carried.research"] == 0  # blank last year means none
    with pytest.raises(GkError):
        carry_over(Table.empty("legacy", 2018), Table.empty("f2019", 2019))


def test_cli_previous_and_import(tmp_path, capsys):
    now, prev = tmp_path / "2025.json", tmp_path / "2024.json"
    now.write_text(json.dumps(converter.unstructure(pingtan_2025()), ensure_ascii=False))
    prev.write_text(json.dumps(converter.unstructure(last_year(**{"t3.carry_forward.total": 6}))))
    assert main(["check", str(now), "--previous", str(prev), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in data["findings"]} >= {"F21-05", "F21-07"}
    assert main(["import-previous", str(now), str(prev)]) == 0
    assert json.loads(now.read_text())["cells"]["t3.carried.total"] == 6
    assert (tmp_path / "2025.bak.json").exists()


def test_import_previous_into_a_workbook_keeps_a_backup(tmp_path, capsys):
    from workbook_support import filled_template

    from gkstats.readers import read_table

    now = filled_template(pingtan_2025(), tmp_path / "2025.xlsx")
    prev = tmp_path / "2024.json"
    carried = {"t3.carry_forward.natural": 5, "t3.carry_forward.total": 5}
    prev.write_text(json.dumps(converter.unstructure(last_year(**carried))))
    before = now.read_bytes()
    assert main(["import-previous", str(now), str(prev)]) == 0
    assert read_table(now)["t3.carried.natural"] == 5
    backups = list(tmp_path.glob("2025*.bak*"))
    assert len(backups) == 1 and backups[0].read_bytes() == before


# --- blank and unreadable cells in either year (issue 18) -------------------------------

PAIRS = [("legacy", "legacy"), ("f2019", "f2019"), ("f2021", "f2021"), ("f2019", "f2021")]
LINKED = (RuleKind.CARRY_OVER, RuleKind.STOCK_FLOW)


def crossyear_findings(result, rules):
    return [f for f in result.findings if f.rule in rules]


@pytest.mark.parametrize(("before", "after"), PAIRS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_pairs_that_agree_pass_every_cross_year_equality(before, after, data):
    prev, now = data.draw(year_pairs(before, after))
    rules = {r.id for r in default_rules(now.format).rules if r.kind in LINKED}
    assert crossyear_findings(check(now, previous=prev), rules) == []


@pytest.mark.parametrize(("before", "after"), PAIRS)
@pytest.mark.parametrize("damage", ["blank", "unreadable"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_blank_or_unreadable_cell_in_either_year_is_not_assessable(before, after, damage, data):
    prev, now = data.draw(year_pairs(before, after))
    cross = [r for r in default_rules(now.format).rules if r.needs is Needs.PREVIOUS]
    # the cells the cross-year rules read, with the year they are read from
    terms = {t for r in cross for i in r.items for side in i.terms() for t in side}
    cells = sorted(
        (t.previous, t.cell) for t in terms if (prev if t.previous else now).format.has_cell(t.cell)
    )
    last_year, cell = data.draw(st.sampled_from(cells))
    raw = None if damage == "blank" else "约三十"
    if last_year:
        prev = prev.replace({cell: raw})
    else:
        now = now.replace({cell: raw})
    result = check(now, previous=prev)
    ref = (cell, prev.year if last_year else now.year)
    touched = [f for f in result.findings if f.rule in {r.id for r in cross}
               and ref in {(c.id, c.year or now.year) for c in f.cells}]  # fmt: skip
    # no cross-year warning about the damaged cell: a 「cannot be checked」 instead
    assert [f for f in touched if f.status == "fail"] == []
    linked = [f for f in touched if f.rule in {r.id for r in cross if r.kind in LINKED}]
    assert {f.status for f in linked} <= {"not_assessable"}
    assert all(f.severity is Severity.INFO and f.imbalance is None for f in linked)
    expected = "为空白，无法核对" if damage == "blank" else "含无法识别的值"
    assert all(expected in f.message.zh for f in linked)


def test_regression_last_years_cell_not_read_is_not_taken_as_0():
    # a 2024 report whose 现行有效件数 of 行政规范性文件 could not be read (blank in its table)
    prev = last_year(**{"t2.normative.in_force": None})
    result = check(pingtan_2025(), previous=prev)
    normative = [f for f in result.by_rule("F21-07") if "t2.normative.in_force" in f.cell_ids]
    assert [(f.status, f.severity) for f in normative] == [
        ("not_assessable", Severity.INFO),
        ("not_assessable", Severity.INFO),
    ]
    blank = "F21-07 2024年表二「行政规范性文件·现行有效件数」 为空白，无法核对"
    assert normative[0].message.zh == blank
    summary = {s.rule: s for s in result.summary}["F21-07"]
    assert (summary.items, summary.fails, summary.not_assessable) == (4, 0, 2)
