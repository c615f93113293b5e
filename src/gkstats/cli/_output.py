"""How check results look in a terminal, in Chinese or English."""

from __future__ import annotations

from pathlib import Path

import click

from ..convert import UNREAD_REASONS, UNREAD_REASONS_BY_HOW
from ..findings import CheckResult, Finding
from ..formats import get_format
from ..locate import Localisation
from ..rules import Severity
from ..values import Unreadable

_MARK = {
    Severity.ERROR: ("错误", "error", "red"),
    Severity.WARNING: ("警告", "warning", "yellow"),
    Severity.INFO: ("提示", "info", "blue"),
}


def headline(result: CheckResult, lang: str, source: str | None = None) -> str:
    fmt = get_format(result.format)
    organ = result.organ or ("（未填单位名称）" if lang == "zh" else "(no organ)")
    if lang == "zh":
        head = f"{organ} {result.year}年度 · {fmt.id}（{fmt.title}）"
    else:
        head = f"{organ}, report year {result.year}, format {fmt.id}"
    return head + (f"\n{source}" if source else "")


def verdict(result: CheckResult, lang: str) -> str:
    e, w, i = len(result.errors), len(result.warnings), len(result.infos)
    if lang == "zh":
        state = "校验通过" if result.valid else "校验未通过"
        return f"{'✓' if result.valid else '✗'} {state}：{e} 个错误，{w} 个警告，{i} 个提示"
    state = "valid" if result.valid else "not valid"
    return f"{'✓' if result.valid else '✗'} {state}: {e} errors, {w} warnings, {i} info"


def finding_lines(f: Finding, lang: str) -> list[str]:
    zh, en, colour = _MARK[f.severity]
    tag = click.style(f"[{zh if lang == 'zh' else en}]", fg=colour, bold=True)
    lines = [f"{tag} {f.message.get(lang)}"]
    cells = []
    for c in f.cells:
        where = f" @ {c.address}" if c.address else ""
        cells.append(f"{c.id}{where}")
    label = "单元格" if lang == "zh" else "cells"
    if cells:
        shown = cells if len(cells) <= 8 else [*cells[:8], f"…(+{len(cells) - 8})"]
        lines.append(f"    {label}: {', '.join(shown)}")
    return lines


def print_result(
    result: CheckResult, lang: str, source: str | None = None, show_info: bool = False
) -> None:
    click.echo(headline(result, lang, source))
    click.echo(verdict(result, lang))
    hidden = 0
    for f in result.findings:
        if f.severity is Severity.INFO and not show_info:
            hidden += 1
            continue
        for line in finding_lines(f, lang):
            click.echo(line)
    if hidden:
        click.echo(
            f"（另有 {hidden} 条提示未显示，加 --all 查看）"
            if lang == "zh"
            else f"({hidden} info findings not shown; use --all)"
        )


def unread_cells(result: CheckResult) -> list[str]:
    """The cells the findings show could not be read from a published report (figures run
    together, a cell not found), in order, once each."""
    reasons = {zh for zh, _ in (*UNREAD_REASONS.values(), *UNREAD_REASONS_BY_HOW.values())}
    seen: dict[str, None] = {}
    for f in result.findings:
        for c in f.cells:
            if isinstance(c.value, Unreadable) and c.value.zh in reasons:
                seen[c.id] = None
    return list(seen)


def unread_hint(
    result: CheckResult, lang: str, report: Path | str | None = None, table: Path | None = None
) -> str | None:
    """How to give the cells a report did not let be read: ``parse --set``, or the table
    JSON's ``cells`` (``report``: the report parsed; ``table``: the JSON written)."""
    cells = unread_cells(result)
    if not cells:
        return None
    example = cells[0]
    where = f"gkstats parse {report}" if report else "gkstats parse 报告"
    json_zh = f"在 {table} 的" if table else "在表格 JSON 的"
    json_en = f"in {table}" if table else "in the table JSON"
    if lang == "zh":
        return (
            f"有 {len(cells)} 个单元格未能读出：请对照原报告，用 {where} --set {example}=值 "
            f"给出（可多次），或{json_zh} cells 中填写"
        )
    return (
        f"{len(cells)} cells could not be read: give their values from the report with "
        f"{where} --set {example}=VALUE (repeatable), or write them into cells {json_en}"
    )


_OUTCOME = {
    "one_cell": ("改一格即可", "one cell"),
    "several_cells": ("需改多格", "several cells"),
    "manual": ("需要人工核对", "needs a person"),
}


def print_localisation(located: Localisation | None, lang: str) -> None:
    zh = lang == "zh"
    if located is None:
        click.echo("定位：所有等式规则均成立，无需定位" if zh else "locate: every equality holds")
        return
    label = _OUTCOME[located.outcome][0 if zh else 1]
    click.echo(("定位：" if zh else "locate: ") + f"{label}（{located.reason.get(lang)}）")
    for k, cand in enumerate(located.candidates[:5], 1):
        click.echo(f"  {k}. {cand.explanation.get(lang)}")
    if len(located.candidates) > 5:
        more = len(located.candidates) - 5
        click.echo(f"  …另有 {more} 种改法" if zh else f"  … {more} more")
