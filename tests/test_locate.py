import pytest
from fixtures import pingtan_2025, xz2017
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import mutations, valid_tables

from gkstats import Severity, check, default_rules
from gkstats.cli._core import demo_table
from gkstats.locate import locate, typo_kind
from gkstats.rules import RuleKind


def hard_linear_errors(table):
    """The failed hard equalities (what localisation repairs; inequalities are not its job)."""
    equalities = {
        r.id
        for r in default_rules(table.format).rules
        if r.kind in (RuleKind.SUM, RuleKind.BALANCE) and r.severity is Severity.ERROR
    }
    return [
        f
        for f in check(table).findings
        if f.rule in equalities and f.severity is Severity.ERROR and f.status == "fail"
    ]


def repaired(table, candidate):
    return table.replace(dict(candidate.cells))


def test_typo_kinds():
    assert typo_kind(61, 16) == "digit_swap"
    assert typo_kind(12, 123) == "dropped_digit"
    assert typo_kind(1233, 123) == "extra_digit"
    assert typo_kind(1230, 123) == "times_ten"
    assert typo_kind(12, 123) == "dropped_digit"
    assert typo_kind(13, 130) == "divided_by_ten"
    assert typo_kind(17, 16) is None


def test_demo_error_is_located_with_its_value_and_why():
    loc = locate(demo_table())
    assert loc.outcome == "one_cell"
    best = loc.best
    assert dict(best.cells) == {"t3.partial.natural": 16}
    assert best.rules == ("F21-02", "F21-03")
    assert best.typos == {"t3.partial.natural": "digit_swap"}
    assert "建议值 16" in best.explanation.zh and "F21-02、F21-03" in best.explanation.zh


def test_a_valid_table_needs_no_localisation():
    assert locate(pingtan_2025()) is None


def test_equally_small_fixes_without_evidence_go_to_a_person():
    loc = locate(pingtan_2025().replace({"t4.after_review.upheld": 4}))  # +1, no typing slip
    assert loc.outcome == "manual"
    # lowering 其他结果 etc. would make them negative: only two fixes are admissible
    assert [dict(c.cells) for c in loc.candidates] == [
        {"t4.after_review.upheld": 3},
        {"t4.after_review.total": 4},
    ]
    assert "2 种" in loc.reason.zh


def test_unreadable_and_blank_totals_are_filled_by_the_rules():
    table = pingtan_2025().replace({"t3.new.natural": "一百五十一件x", "t3.total.total": None})
    loc = locate(table)
    assert dict(loc.best.cells) == {"t3.new.natural": 151, "t3.total.total": 148}
    assert loc.best.weight == 0


def test_legacy_slip_is_preferred_over_an_equally_small_fix():
    loc = locate(xz2017().replace({"l.app_in_person": 82}))
    assert loc.outcome == "one_cell"
    assert loc.best.cells["l.app_in_person"] == 28


def test_two_broken_columns_are_explained_with_their_imbalance():
    table = pingtan_2025().replace({"t3.disclosed.natural": 39, "t3.disclosed.total": 39})
    loc = locate(table)
    # (七)总计 is 6 short in two columns: the two 予以公开 cells are the smallest fix
    assert loc.best.weight == 2
    assert dict(loc.best.cells) == {"t3.disclosed.natural": 33, "t3.disclosed.total": 33}
    # several outcome rows could each absorb the 6: a person decides, told what is off
    assert loc.outcome == "manual"
    assert "F21-03 表三「（七）总计·自然人」 差 -6" in loc.reason.zh
    assert len(loc.candidates) == 4


@given(st.data())
def test_localisation_contains_the_mutated_cell_or_an_equal_fix(data):
    table = data.draw(valid_tables())
    mutated, m = data.draw(mutations(table))
    if not hard_linear_errors(mutated):
        return  # the mutation broke no equality (e.g. two equal parts swapped)
    loc = locate(mutated)
    assert loc is not None and loc.candidates, loc
    best = loc.best
    assert best.weight <= len(m.cells)
    assert set(m.cells) & set(best.cells) or hard_linear_errors(repaired(mutated, best)) == []
    for cand in loc.candidates:
        assert hard_linear_errors(repaired(mutated, cand)) == []


@pytest.mark.slow
def test_digit_slips_are_corrected_to_the_original_value():
    """For digit mutations the suggested value equals the original in >= 95 % of cases."""
    outcomes: list[bool] = []

    @settings(max_examples=400, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def sample(data):
        table = data.draw(valid_tables())
        mutated, m = data.draw(mutations(table))
        if m.kind not in ("digit_swap", "dropped_digit", "extra_digit", "times_ten"):
            return
        if not hard_linear_errors(mutated):
            return
        loc = locate(mutated)
        best = loc.best if loc else None
        outcomes.append(best is not None and best.cells.get(m.cells[0]) == m.before[0])

    sample()
    rate = sum(outcomes) / len(outcomes)
    print(f"digit slips corrected to the original: {sum(outcomes)}/{len(outcomes)} = {rate:.1%}")
    assert len(outcomes) >= 100
    assert rate >= 0.95


def test_localisation_uses_the_hard_equalities_only():
    from gkstats import default_rules
    from gkstats.locate import _constraints

    constraints, free = _constraints(demo_table(), default_rules("f2021"))
    assert {c.rule for c in constraints} == {"F21-01", "F21-02", "F21-03", "F21-04"}
    assert free == set()
