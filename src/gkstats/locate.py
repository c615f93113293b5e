"""Error localisation: which cells to change, and to what, so that every hard rule holds.

Fellegi–Holt on the table's linear equalities (the hard SUM and BALANCE rules): find the
smallest set of cells whose change satisfies every equality at once, with the values the
equalities force.  The tables are small, so an exact search over sets of up to three cells,
each solved exactly with fractions, is enough.  Sets of the same size are ranked by evidence:
a forced value that is a typing slip of the figure typed (16 typed as 61, a dropped or extra
digit, ×10) says which of several arithmetically equal fixes is the likely one.  Nothing here
changes the user's table: these are suggestions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from .formats import Format, Kind
from .rules import Message, RuleKind, RuleSet, Severity, default_rules
from .table import Table
from .values import Unreadable, format_number

Number = int | Decimal

#: Largest number of typed cells the search will change before handing over to a person.
MAX_CELLS = 3
#: Typing slips gkstats recognises, in the order it names them.
TYPO_KINDS = ("digit_swap", "dropped_digit", "extra_digit", "times_ten", "divided_by_ten")
_TYPO_ZH = {
    "digit_swap": "相邻数字对调",
    "dropped_digit": "漏输一位数字",
    "extra_digit": "多输一位数字",
    "times_ten": "多了一个0（×10）",
    "divided_by_ten": "少了一个0（÷10）",
    "blank": "原为空白",
    "unreadable": "原值无法识别",
}
_TYPO_EN = {
    "digit_swap": "two adjacent digits swapped",
    "dropped_digit": "a digit dropped",
    "extra_digit": "an extra digit",
    "times_ten": "ten times too large",
    "divided_by_ten": "ten times too small",
    "blank": "was blank",
    "unreadable": "was unreadable",
}


@attrs.frozen
class Candidate:
    """One way to repair the table: new values for a few cells."""

    cells: Mapping[str, Number]
    #: How many typed figures it changes (blank totals and unreadable cells are free).
    weight: int
    explanation: Message
    #: The rules the change makes hold.
    rules: tuple[str, ...]
    #: Per cell, the typing slip that turns the forced value into the typed one, if any.
    typos: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Localisation:
    #: "one_cell", "several_cells" or "manual".
    outcome: str
    reason: Message
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@attrs.frozen
class _Constraint:
    rule: str
    coeffs: tuple[tuple[str, int], ...]


def typo_kind(typed: Number, meant: Number) -> str | None:
    """The slip that turns ``meant`` into ``typed`` (16 → 61 is a digit swap), if any."""
    if not isinstance(typed, int) or not isinstance(meant, int) or typed < 0 or meant < 0:
        return None
    if typed == meant:
        return None
    a, b = str(meant), str(typed)
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]]:
            if a[diffs[1]] == b[diffs[0]]:
                return "digit_swap"
    if typed == meant * 10:
        return "times_ten"
    if meant == typed * 10:
        return "divided_by_ten"
    if len(b) == len(a) - 1 and any(a[:i] + a[i + 1 :] == b for i in range(len(a))):
        return "dropped_digit"
    if len(b) == len(a) + 1 and any(b[:i] + b[i + 1 :] == a for i in range(len(b))):
        return "extra_digit"
    return None


def locate(table: Table, rules: RuleSet | None = None) -> Localisation | None:
    """Where the table's hard linear rules break, and the smallest fixes; None if they hold."""
    ruleset = rules or default_rules(table.format)
    fmt = table.format
    constraints, free = _constraints(table, ruleset)
    values = _known_values(table, free)
    failed = [c for c in constraints if not _touches(c, free) and _residual(c, values) != 0]
    if not failed and not free:
        return None
    eligible = sorted(
        {cell for c in failed for cell, _ in c.coeffs} | _neighbours(constraints, failed, free),
        key=lambda cid: fmt.cell(cid).index,
    )
    by_cell: dict[str, list[int]] = {}
    for k, c in enumerate(constraints):
        for cell, _ in c.coeffs:
            by_cell.setdefault(cell, []).append(k)
    found: list[tuple[tuple[str, ...], dict[str, Fraction]]] = []
    underdetermined = 0
    for size in range(0, MAX_CELLS + 1):
        for chosen in _hitting_sets(failed, eligible, size):
            unknowns = (*sorted(free), *chosen)
            # equalities that do not touch the unknowns hold already (the set hits every
            # failed one), so only those that do are solved
            touching = sorted({k for u in unknowns for k in by_cell.get(u, ())})
            solution = _solve([constraints[k] for k in touching], values, unknowns)
            if solution is None:
                continue
            if isinstance(solution, str):  # "free": the rules do not fix the values
                underdetermined += 1
                continue
            if not _admissible(fmt, table, chosen, solution):
                continue
            found.append((chosen, solution))
        if found:
            break
    if not found:
        return _manual(table, failed, values, underdetermined)
    candidates = sorted(
        (_candidate(table, constraints, failed, chosen, sol) for chosen, sol in found),
        key=lambda c: (*_rank(c), tuple(fmt.cell(x).index for x in c.cells)),
    )
    return _outcome(candidates, _broken(table, failed, values))


# --- building the equalities -------------------------------------------------------------


def _constraints(table: Table, ruleset: RuleSet) -> tuple[list[_Constraint], set[str]]:
    """The hard equalities with something to say, and the cells that are unknown outright."""
    fmt = table.format
    out: list[_Constraint] = []
    free: set[str] = set()
    for rule in ruleset.enabled():
        if rule.kind not in (RuleKind.SUM, RuleKind.BALANCE) or rule.severity is not Severity.ERROR:
            continue
        for item in rule.items:
            cells = (*item.lhs, *item.rhs)
            vals = [table[c] for c in cells]
            if all(v is None for v in vals):
                continue
            if rule.kind is RuleKind.SUM and all(fmt.cell(c).optional for c in item.lhs):
                if all(table[c] is None for c in item.lhs):
                    continue  # an optional subtotal row that is not there
            coeffs = [(c, 1) for c in item.lhs] + [(c, -1) for c in item.rhs]
            out.append(_Constraint(rule.id, tuple(coeffs)))
            for c, v in zip(cells, vals):
                if isinstance(v, Unreadable):
                    free.add(c)
            if rule.kind is RuleKind.SUM and table[item.lhs[0]] is None:
                free.add(item.lhs[0])  # a blank total: the rules say what it is
    return out, free


def _known_values(table: Table, free: set[str]) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for spec, v in table.items():
        if spec.id in free:
            continue
        out[spec.id] = Fraction(0) if v is None or isinstance(v, Unreadable) else Fraction(v)
    return out


def _touches(c: _Constraint, cells: Iterable[str]) -> bool:
    s = set(cells)
    return any(cell in s for cell, _ in c.coeffs)


def _residual(c: _Constraint, values: Mapping[str, Fraction]) -> Fraction:
    return sum((coef * values[cell] for cell, coef in c.coeffs), Fraction(0))


def _neighbours(
    constraints: Sequence[_Constraint], failed: Sequence[_Constraint], free: set[str]
) -> set[str]:
    """Cells that share an equality with a failed one: a fix may have to move them too."""
    touched = {cell for c in failed for cell, _ in c.coeffs} | free
    out: set[str] = set()
    for c in constraints:
        if _touches(c, touched):
            out.update(cell for cell, _ in c.coeffs)
    return out


def _hitting_sets(
    failed: Sequence[_Constraint], eligible: Sequence[str], size: int
) -> Iterable[tuple[str, ...]]:
    """Sets of ``size`` cells that put at least one cell in every failed equality."""
    if size == 0:
        if not failed:
            yield ()
        return
    cover = [frozenset(cell for cell, _ in c.coeffs) for c in failed]
    if size == 1:
        common = frozenset.intersection(*cover) if cover else frozenset()
        yield from ((c,) for c in eligible if c in common)
        return
    in_failed = [c for c in eligible if any(c in s for s in cover)]
    others = [c for c in eligible if c not in set(in_failed)]
    pool = in_failed + (others if size <= 2 else [])
    for combo in itertools.combinations(pool, size):
        chosen = set(combo)
        if all(s & chosen for s in cover):
            yield combo


def _solve(
    constraints: Sequence[_Constraint],
    values: Mapping[str, Fraction],
    unknowns: Sequence[str],
) -> dict[str, Fraction] | str | None:
    """Exact solution for the unknowns with every other cell fixed; None if none, "free" if many."""
    index = {u: k for k, u in enumerate(unknowns)}
    rows: list[list[Fraction]] = []
    for c in constraints:
        row = [Fraction(0)] * (len(unknowns) + 1)
        rhs = Fraction(0)
        involved = False
        for cell, coef in c.coeffs:
            k = index.get(cell)
            if k is None:
                rhs -= coef * values[cell]
            else:
                row[k] += coef
                involved = True
        if not involved:
            if rhs != 0:
                return None
            continue
        row[-1] = rhs
        rows.append(row)
    n = len(unknowns)
    pivots: list[int] = []
    r = 0
    for col in range(n):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        p = rows[r][col]
        rows[r] = [x / p for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                f = rows[i][col]
                rows[i] = [a - f * b for a, b in zip(rows[i], rows[r])]
        pivots.append(col)
        r += 1
    if any(all(x == 0 for x in row[:-1]) and row[-1] != 0 for row in rows):
        return None
    if len(pivots) < n:
        return "free"
    return {unknowns[col]: rows[k][-1] for k, col in enumerate(pivots)}


def _admissible(
    fmt: Format, table: Table, chosen: Sequence[str], solution: Mapping[str, Fraction]
) -> bool:
    for cell, value in solution.items():
        spec = fmt.cell(cell)
        if spec.kind is Kind.COUNT and (value < 0 or value.denominator != 1):
            return False
        if spec.kind is Kind.SIGNED and value.denominator != 1:
            return False
        if spec.kind is Kind.AMOUNT and value < 0:
            return False
    # a chosen cell that keeps its value means a smaller set works: not minimal
    return all(solution[c] != Fraction(_as_number(table[c])) for c in chosen)


def _as_number(v: object) -> Number:
    return v if isinstance(v, (int, Decimal)) else 0


def _to_number(fmt: Format, cell: str, value: Fraction) -> Number:
    if fmt.cell(cell).kind is Kind.AMOUNT:
        return Decimal(value.numerator) / Decimal(value.denominator)
    return int(value)


# --- ranking and words ---------------------------------------------------------------------


def _candidate(
    table: Table,
    constraints: Sequence[_Constraint],
    failed: Sequence[_Constraint],
    chosen: Sequence[str],
    solution: Mapping[str, Fraction],
) -> Candidate:
    fmt = table.format
    cells = {c: _to_number(fmt, c, v) for c, v in solution.items()}
    typos: dict[str, str] = {}
    for c, new in cells.items():
        old = table[c]
        if old is None:
            typos[c] = "blank"
        elif isinstance(old, Unreadable):
            typos[c] = "unreadable"
        else:
            kind = typo_kind(old, new)
            if kind:
                typos[c] = kind
    rules = tuple(
        dict.fromkeys(c.rule for c in constraints if _touches(c, solution) and c in failed)
    ) or tuple(dict.fromkeys(c.rule for c in constraints if _touches(c, solution)))
    ordered = sorted(cells, key=lambda c: fmt.cell(c).index)
    return Candidate(
        cells={c: cells[c] for c in ordered},
        weight=len(chosen),
        explanation=_explain(table, ordered, cells, typos, rules),
        rules=rules,
        typos=typos,
    )


def _explain(
    table: Table,
    ordered: Sequence[str],
    cells: Mapping[str, Number],
    typos: Mapping[str, str],
    rules: Sequence[str],
) -> Message:
    fmt = table.format
    fixes_zh, fixes_en, fills_zh, fills_en = [], [], [], []
    for c in ordered:
        spec = fmt.cell(c)
        old = format_number(table[c])
        new = format_number(cells[c])
        if typos.get(c) in ("blank", "unreadable"):
            fills_zh.append(f"{spec.describe('zh')}（{old}）应为 {new}")
            fills_en.append(f"{spec.describe('en')} ({old}) should be {new}")
            continue
        slip_zh = f"，疑为{_TYPO_ZH[typos[c]]}" if c in typos else ""
        slip_en = f"; looks like {_TYPO_EN[typos[c]]}" if c in typos else ""
        fixes_zh.append(f"{spec.describe('zh')}（{old} → 建议值 {new}{slip_zh}）")
        fixes_en.append(f"{spec.describe('en')} ({old} → suggested {new}{slip_en})")
    rule_zh, rule_en = "、".join(rules), ", ".join(rules)
    n = len(fixes_zh)
    if n:
        count_zh = "一格" if n == 1 else f"这{n}格"
        zh = f"改 {'；'.join(fixes_zh)}，{count_zh}即可同时满足 {rule_zh}"
        en = (
            f"changing {'; '.join(fixes_en)} makes {rule_en} hold "
            f"({'one cell' if n == 1 else f'{n} cells'})"
        )
        if fills_zh:
            zh += f"（另：{'；'.join(fills_zh)}）"
            en += f" (also: {'; '.join(fills_en)})"
    else:
        zh = f"{'；'.join(fills_zh)}，使 {rule_zh} 成立"
        en = f"{'; '.join(fills_en)}, by {rule_en}"
    return Message(zh, en)


def _rank(c: Candidate) -> tuple[int, int]:
    # totals and typed leaves weigh the same; only a recognisable typing slip breaks a tie
    slips = sum(1 for k in c.typos.values() if k in TYPO_KINDS)
    return (c.weight, -slips)


def _outcome(candidates: list[Candidate], broken: Message) -> Localisation:
    best = candidates[0]
    tied = [c for c in candidates if _rank(c) == _rank(best)]
    if best.weight == 0:
        return Localisation(
            "one_cell" if len(best.cells) == 1 else "several_cells",
            Message(
                "空白或无法识别的单元格可由规则直接算出",
                "blank or unreadable cells follow from the rules",
            ),
            tuple(candidates),
        )
    if len(tied) > 1:
        names = "、".join(
            "+".join(c for c in cand.cells if cand.typos.get(c) not in ("blank", "unreadable"))
            for cand in tied[:6]
        )
        return Localisation(
            "manual",
            Message(
                f"{broken.zh}。有 {len(tied)} 种同样简单的改法（{names}），算术无法区分，"
                "需要人工核对原始台账",
                f"{broken.en}. {len(tied)} equally small fixes ({names}); the arithmetic "
                "cannot tell them apart: check the source records",
            ),
            tuple(candidates),
        )
    outcome = "one_cell" if best.weight == 1 else "several_cells"
    why_zh = (
        "唯一的最小改法" if len(candidates) == 1 else "同样大小的改法中唯一符合常见录入错误的一种"
    )
    why_en = (
        "the only smallest fix"
        if len(candidates) == 1
        else "the only one of the smallest fixes that matches a common typing slip"
    )
    return Localisation(outcome, Message(why_zh, why_en), tuple(candidates))


def _broken(table: Table, failed: Sequence[_Constraint], values: Mapping[str, Fraction]) -> Message:
    """What the arithmetic says is wrong: each failed equality with its imbalance."""
    fmt = table.format
    broken_zh, broken_en = [], []
    for c in failed[:6]:
        first = fmt.cell(c.coeffs[0][0])
        diff = format_number(_to_number(fmt, first.id, _residual(c, values)))
        broken_zh.append(f"{c.rule} {first.describe('zh')} 差 {diff}")
        broken_en.append(f"{c.rule} {first.describe('en')} off by {diff}")
    return Message("；".join(broken_zh), "; ".join(broken_en))


def _manual(
    table: Table,
    failed: Sequence[_Constraint],
    values: Mapping[str, Fraction],
    underdetermined: int,
) -> Localisation:
    broken = _broken(table, failed, values)
    what_zh, what_en = broken.zh, broken.en
    if underdetermined:
        zh = (
            f"{what_zh}。改动 {MAX_CELLS} 格以内有多种取值都能成立，规则无法确定数值，"
            "需要人工核对原始台账"
        )
        en = (
            f"{what_en}. Fixes of up to {MAX_CELLS} cells exist but the rules do not fix "
            "their values: check the source records"
        )
    else:
        zh = f"{what_zh}。改动 {MAX_CELLS} 格以内无法使全部规则成立，需要人工核对原始台账"
        en = f"{what_en}. No change of up to {MAX_CELLS} cells repairs them: check the records"
    return Localisation("manual", Message(zh, en), ())
