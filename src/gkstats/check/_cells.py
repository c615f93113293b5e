"""The kinds about single cells: what a cell may hold (VALUE), cells left blank (BLANK), a
total left blank under filled parts (FILLED_TOTAL), an amount without its unit (UNIT)."""

from __future__ import annotations

from ..findings import Finding
from ..formats import Format, Kind
from ..formats._rules import Item, Rule, RuleKind
from ..messages import Message
from ..values import CellValue, Unreadable, format_number, quote
from ._linear import getter
from ._registry import Evaluator, Run, evaluator
from ._words import cell_message, finding, label


@evaluator(RuleKind.VALUE)
def _compile_value(fmt: Format, rule: Rule) -> Evaluator:
    ids = rule.cells
    kinds = [fmt.cell(i).kind for i in ids]
    every: list[tuple[int, str, Kind]] = [(fmt.cell(i).index, i, k) for i, k in zip(ids, kinds)]
    count_ids = [i for i, k in zip(ids, kinds) if k is Kind.COUNT]
    counts = getter(fmt, count_ids)
    others = [cell for cell in every if cell[2] is not Kind.COUNT]
    plain_types = {int, type(None)}
    with_unread = {int, type(None), Unreadable}

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table, values = run.table, run.values
        vals = counts(values)
        types = set(map(type, vals))
        if types <= plain_types and min(filter(None, vals), default=0) >= 0:
            # every count is a whole number >= 0 or blank: only the other cells need a look
            looked = others
        elif types <= with_unread:
            # and some could not be read (a report's run-together figures): those too
            looked = sorted(
                [(fmt.cell(i).index, i, Kind.COUNT) for i, v in zip(count_ids, vals)
                 if type(v) is Unreadable or (v is not None and v < 0)] + others
            )  # fmt: skip
        else:
            looked = every
        for index, cell_id, kind in looked:
            problem = _value_problem(values[index], kind)
            if problem is not None:
                message = cell_message(fmt, cell_id, problem)
                out.append(finding(table, rule, Item((cell_id,)), message))
        return len(ids), 0

    return evaluate


def _value_problem(v: CellValue, kind: Kind) -> Message | None:
    if v is None:
        return None
    if isinstance(v, Unreadable):
        return _unreadable(v)
    if kind is Kind.AMOUNT:
        if v < 0:
            return Message(f"金额不能为负数（{format_number(v)}）", f"negative amount {v}")
        return None
    if not isinstance(v, int):
        return Message(f"应为整数，实为 {format_number(v)}", f"not a whole number: {v}")
    if kind is Kind.COUNT and v < 0:
        return Message(f"应为非负整数，实为 {v}", f"negative count: {v}")
    return None


def _unreadable(v: Unreadable) -> Message:
    """What could not be read, quoted, why, and what it may be."""
    zh = f"{format_number(v)}{v.zh}" if v.raw else v.zh
    en = f"{quote(v.raw)!r}: {v.en}" if v.raw else v.en
    if v.candidates:
        zh += f"，可能是 {'、'.join(v.candidates)}"
        en += f"; it may be {', '.join(v.candidates)}"
    return Message(zh, en)


@evaluator(RuleKind.BLANK)
def _compile_blank(fmt: Format, rule: Rule) -> Evaluator:
    ids = rule.cells
    get = getter(fmt, ids)
    totals = [fmt.cell(i).is_total for i in ids]
    at = [fmt.cell(i).index for i in ids]

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table, values = run.table, run.values
        vals = get(values)
        if None not in vals:
            return len(vals), 0
        for cell_id, total, v, index in zip(ids, totals, vals, at):
            if v is None and index not in run.stand_in:  # (parts not printed: not blank)
                severity = rule.total_severity if total and rule.total_severity else None
                zh = "为空白，合计项不能空白" if total else "为空白，没有数量应填 0"
                en = "is blank; a total must be filled" if total else "is blank; enter 0 for none"
                out.append(
                    finding(
                        table,
                        rule,
                        Item((cell_id,)),
                        cell_message(fmt, cell_id, Message(zh, en)),
                        severity=severity,
                    )
                )
        return len(vals), 0

    return evaluate


@evaluator(RuleKind.EMPTY)
def _compile_empty(fmt: Format, rule: Rule) -> Evaluator:
    """A table with nothing in it: a blank template, or a report none of whose cells were
    found.  One finding says so (the checker then says nothing else, see
    ``GATE_KINDS``)."""

    nothing = {type(None), Unreadable}

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        values = run.values
        if not set(map(type, values)) <= nothing:
            return 1, 0  # a figure (found at C speed: the common case)
        # what a person typed, or a report printed, is something (if not a figure); a cell
        # a report does not have at all is nothing
        unread = sum(isinstance(v, Unreadable) and not v.raw for v in values)
        if unread + values.count(None) < len(values):
            return 1, 0
        words = {
            "cells": len(values),
            "unread": f"（其中 {unread} 个在报告中未找到）" if unread else "",
        }
        en = {**words, "unread": f" ({unread} not found in the report)" if unread else ""}
        out.append(
            finding(
                run.table,
                rule,
                Item(()),
                Message(rule.message.zh.format(**words), rule.message.en.format(**en)),
            )
        )
        return 1, 0

    return evaluate


@evaluator(RuleKind.FILLED_TOTAL)
def _compile_filled_total(fmt: Format, rule: Rule) -> Evaluator:
    plans = [(item, getter(fmt, item.lhs), getter(fmt, item.rhs)) for item in rule.items]

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table, values = run.table, run.values
        for item, left, right in plans:
            if left(values)[0] is None and any(v is not None for v in right(values)):
                name = label(fmt, item.lhs[0])
                out.append(
                    finding(
                        table,
                        rule,
                        item,
                        Message(
                            f"{name.zh} 为空白，但其分项已填写，请填写合计",
                            f"{name.en} is blank although its parts are filled",
                        ),
                    )
                )
        return len(plans), 0

    return evaluate


@evaluator(RuleKind.UNIT)
def _compile_unit(fmt: Format, rule: Rule) -> Evaluator:
    ids = rule.cells

    def evaluate(run: Run, out: list[Finding]) -> tuple[int, int]:
        table, values = run.table, run.values
        for cell_id in ids:
            spec = fmt.cell(cell_id)
            value = values[spec.index]
            if value is None or isinstance(value, Unreadable):
                continue  # nothing to state a unit for (the value rule quotes what it is)
            if cell_id not in table.written_units:
                out.append(
                    finding(
                        table,
                        rule,
                        Item((cell_id,)),
                        cell_message(
                            fmt,
                            cell_id,
                            Message(
                                f"未注明单位（元或万元），按 {spec.unit} 计",
                                f"no unit given (元 or 万元); read as {spec.unit}",
                            ),
                        ),
                    )
                )
        return len(ids), 0

    return evaluate
