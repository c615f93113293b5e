"""Choosing among a run-together text's splits with the table's rules across its rows.

A row whose figures ran together may split several ways (:mod:`._split`); the format's hard
equalities over several rows (the 勾稽关系 F21-01, the column totals F21-03) keep only the
splits under which every rule can hold at once.  When they cannot decide, nothing is chosen.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from ..check._stand_in import stand_in_groups
from ..formats import CellSpec, Format, TableSpec
from ..rules import RuleKind, Severity, default_rules
from ._split import Split


class AmbiguousRow(Protocol):
    """A row of the text whose run splits several ways."""

    specs: list[CellSpec]
    splits: list[Split]
    #: Set when the rules removed some of its splits.
    narrowed: bool


def narrow_across_rows(
    fmt: Format, ambiguous: Sequence[AmbiguousRow], fixed: dict[str, object]
) -> list[str]:
    """Narrow ambiguous rows with the table's hard rules; never pick when they cannot.
    Returns the rules that were used (their rows' splits narrowed in place).

    Only when every rule of the table can hold at once: if the figures that are certain
    already break a rule, the text disagrees with itself and no split is preferred.
    """
    slot_of: dict[str, tuple[int, int]] = {}
    for ri, row in enumerate(ambiguous):
        for k, spec in enumerate(row.specs):
            slot_of[spec.id] = (ri, k)
    tables = {spec.table for row in ambiguous for spec in row.specs}
    known = fixed.keys() | slot_of.keys()
    relevant = []
    for rule_id, table, lhs, rhs, cells in _constraints(fmt):
        if table not in tables:
            continue
        if not cells <= known:
            # a subtotal row printed in place of its parts (the 2019 form's single
            # （六）其他处理 row) is what the rule adds up instead of them
            rhs = _with_subtotals(fmt, rhs, known)
            cells = {*lhs, *rhs}
            if not cells <= known:
                continue
        if cells.isdisjoint(slot_of):
            if _fixed_side(lhs, fixed) != _fixed_side(rhs, fixed):
                return []
            continue
        relevant.append((rule_id, lhs, rhs))
    if not relevant:
        return []
    total = 1
    for row in ambiguous:
        total *= len(row.splits)
    if total > 200_000:
        return []
    last_row = [
        max(slot_of[c][0] for c in (*lhs, *rhs) if c in slot_of) for _, lhs, rhs in relevant
    ]
    solutions: list[tuple[int, ...]] = []
    #: The chosen split of each row so far: its index, and its values.
    choice: list[int] = []
    chosen: list[_Values] = []
    options = [[s.values for s in row.splits] for row in ambiguous]
    count = len(ambiguous)
    #: For each cell of each ambiguous row: whether every split reads it whole (or blank).
    whole = [
        [all(type(v) is int or v is None for v in column) for column in zip(*values)]
        for values in options
    ]
    #: The rules to test once row ``ri`` is chosen: those whose last row it is.
    due: list[list[_Equality]] = [[] for _ in ambiguous]
    for (_, lhs, rhs), last in zip(relevant, last_row):
        due[last].append(_Equality(lhs, rhs, fixed, slot_of, whole))

    def search(ri: int) -> None:
        if len(solutions) > 1000:
            return
        if ri == count:
            solutions.append(tuple(choice))
            return
        rules = due[ri]
        choice.append(0)
        chosen.append(())
        for cand, values in enumerate(options[ri]):
            choice[ri] = cand
            chosen[ri] = values
            if all(rule.holds(chosen) for rule in rules):
                search(ri + 1)
        choice.pop()
        chosen.pop()

    search(0)
    if not solutions or len(solutions) > 1000:
        return []
    for ri, row in enumerate(ambiguous):
        keep = sorted({s[ri] for s in solutions})
        if len(keep) < len(row.splits):
            row.splits = [row.splits[k] for k in keep]
            row.narrowed = True
    return sorted({rule_id for rule_id, _, _ in relevant})


#: A term of a rule's side: (-1, 0, a certain figure) or (row, slot, None) of a chosen split.
_Term = tuple[int, int, object]
_Values = tuple[int | Decimal | None, ...]


class _Equality:
    """A rule ``sum(lhs) == sum(rhs)`` over certain figures and cells of ambiguous rows,
    prepared for testing many choices of splits.

    When every figure involved is a whole number, the certain ones are added up once and only
    the chosen cells are added per test.  Otherwise (amounts are Decimals, whose additions
    round) each side is added up in the rule's own order every time, as it always was.
    """

    __slots__ = ("const", "exact", "minus", "plus")

    def __init__(
        self,
        lhs: Sequence[str],
        rhs: Sequence[str],
        fixed: dict[str, object],
        slot_of: dict[str, tuple[int, int]],
        whole: list[list[bool]],
    ) -> None:
        def terms(ids: Sequence[str]) -> list[_Term]:
            return [(-1, 0, fixed[c]) if c in fixed else (*slot_of[c], None) for c in ids]

        left, right = terms(lhs), terms(rhs)
        self.exact: tuple[list[_Term], list[_Term]] | None = None
        self.const = 0
        self.plus: list[tuple[int, int]] = []
        self.minus: list[tuple[int, int]] = []
        for sign, side_terms, slots in ((1, left, self.plus), (-1, right, self.minus)):
            for ri, k, v in side_terms:
                if ri >= 0:
                    if not whole[ri][k]:
                        self.exact = (left, right)
                        return
                    slots.append((ri, k))
                elif type(v) is int:
                    self.const += sign * v
                elif isinstance(v, (int, Decimal)):  # an amount, or a bool
                    self.exact = (left, right)
                    return

    def holds(self, chosen: list[_Values]) -> bool:
        if self.exact is not None:
            left, right = self.exact
            return _chosen_side(left, chosen) == _chosen_side(right, chosen)
        # whole numbers only (checked above): the order of the additions does not matter
        total = self.const
        for ri, k in self.plus:
            v = chosen[ri][k]
            if isinstance(v, int):
                total += v
        for ri, k in self.minus:
            v = chosen[ri][k]
            if isinstance(v, int):
                total -= v
        return total == 0


def _chosen_side(side_terms: list[_Term], chosen: list[_Values]) -> int | Decimal:
    """One side of a rule, added up in the rule's order (amounts are Decimals)."""
    total: int | Decimal = 0
    for ri, k, fixed in side_terms:
        v = fixed if ri < 0 else chosen[ri][k]
        if isinstance(v, (int, Decimal)):
            total += v
    return total


def _fixed_side(ids: Sequence[str], fixed: dict[str, object]) -> int | Decimal:
    """One side of a rule over figures that are all certain, added in the rule's order."""
    total: int | Decimal = 0
    for cid in ids:
        v = fixed[cid]
        if isinstance(v, (int, Decimal)):
            total += v
    return total


_Constraint = tuple[str, TableSpec, tuple[str, ...], tuple[str, ...], set[str]]


@functools.cache
def _constraints(fmt: Format) -> list[_Constraint]:
    """The format's hard equalities (error-level sums and balances): rule id, the table of
    the first cell, the two sides, and all their cells; derived once per format."""
    out = []
    for rule in default_rules(fmt).rules:
        if rule.severity is not Severity.ERROR:
            continue
        if rule.kind not in (RuleKind.SUM, RuleKind.BALANCE):
            continue
        for item in rule.items:
            cells = (*item.lhs, *item.rhs)
            table = fmt.cell(cells[0]).table
            out.append((rule.id, table, item.lhs, item.rhs, set(cells)))
    return out


@functools.cache
def _subtotal_ids(fmt: Format) -> tuple[tuple[str, frozenset[str]], ...]:
    """The format's optional subtotals over required parts, as cell ids (once per format)."""
    ids = fmt.ids
    return tuple((ids[t], frozenset(ids[p] for p in parts)) for t, parts in stand_in_groups(fmt))


def _with_subtotals(fmt: Format, rhs: tuple[str, ...], known: set[str]) -> tuple[str, ...]:
    """``rhs`` with each subtotal in place of its parts, where the text has the subtotal's
    cell and none of its parts'."""
    for total, parts in _subtotal_ids(fmt):
        if total in known and parts <= set(rhs) and parts.isdisjoint(known):
            rhs = (*(c for c in rhs if c not in parts), total)
    return rhs


__all__ = ["AmbiguousRow", "narrow_across_rows"]
