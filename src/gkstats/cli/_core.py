"""demo, check, formats, rules."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import click

from .. import convert
from ..check import check as run_check
from ..findings import CheckResult
from ..formats import FORMATS, Format, get_format
from ..locate import Localisation
from ..locate import locate as locate_errors
from ..readers import ReadOptions, read_table
from ..rules import Needs, RuleSet, default_rules
from ..rules.userfile import load_rule_file
from ..table import Table
from ._app import app, exit_with, json_option, lang_option, table_options
from ._output import print_localisation, print_result, unread_hint


def demo_table() -> Table:
    """The embedded f2021 example: one 部分公开 figure typed 61 instead of 16."""
    text = resources.files("gkstats.data").joinpath("demo_f2021.json").read_text("utf-8")
    return convert.table_from_json(json.loads(text))


def ruleset_for(table: Table, rule_files: tuple[str, ...], disable: tuple[str, ...]) -> RuleSet:
    rules = default_rules(table.format)
    for path in rule_files:
        rules = load_rule_file(path).apply(rules)
    if disable:
        rules = rules.without(*disable)
    return rules


def _emit(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


@app.command(help="校验内置示例表（含一处故意的错误）/ check the embedded example")
@lang_option
@json_option
@click.option("--all", "show_all", is_flag=True, help="也显示提示 / show info findings too")
def demo(lang: str, as_json: bool, show_all: bool) -> None:
    table = demo_table()
    result = run_check(table)
    located = locate_errors(table)
    if as_json:
        payload = convert.converter.unstructure(result)
        payload["locate"] = None if located is None else convert.converter.unstructure(located)
        _emit(payload)
    else:
        print_result(result, lang, "内置示例 / embedded example", show_all)
        print_localisation(located, lang)
    exit_with(0 if result.valid else 1)


@app.command(
    help="校验统计表：表格 JSON（含 parse 写出的）、Excel 工作簿或已发布的年报 / "
    "check a table: table JSON (parse's too), Excel workbook or published report"
)
@click.argument("file", type=click.Path(path_type=Path))
@table_options
@click.option(
    "--rules",
    "rule_files",
    multiple=True,
    metavar="FILE",
    help="自定义规则文件（YAML/JSON），可多次 / own rule file, repeatable",
)
@click.option("--disable", multiple=True, metavar="RULE", help="关闭规则 / switch a rule off")
@click.option("--all", "show_all", is_flag=True, help="也显示提示 / show info findings too")
@click.option(
    "--previous",
    "previous_file",
    type=click.Path(path_type=Path),
    metavar="LAST_YEAR_FILE",
    help="上年度的表，核对结转与衔接 / last year's table for the cross-year rules",
)
@click.option("--locate", is_flag=True, help="定位出错单元格并给出建议值 / say which cells to fix")
@click.option("--mark", is_flag=True, help="在工作簿中标出问题（另存新文件）/ mark the workbook")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="标记输出文件 / marked file")
@click.option("--in-place", is_flag=True, help="标记直接写回原文件（先备份）/ mark in place")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有文件 / replace an existing output")
@lang_option
@json_option
def check(
    file: Path,
    format_id: str | None,
    year: int | None,
    organ: str | None,
    rule_files: tuple[str, ...],
    disable: tuple[str, ...],
    show_all: bool,
    previous_file: Path | None,
    locate: bool,
    mark: bool,
    output: Path | None,
    in_place: bool,
    overwrite: bool,
    lang: str,
    as_json: bool,
) -> None:
    from ._workbook import mark_for_check

    table = read_table(file, ReadOptions(format_id, year, organ))
    previous = read_table(previous_file) if previous_file else None
    rules = ruleset_for(table, rule_files, disable)
    result = run_check(table, rules, previous=previous)
    located = locate_errors(table, rules) if locate else None
    best = located.best if located is not None else None
    marked = mark_for_check(
        file, table, result, mark=mark, output=output, in_place=in_place,
        suggestions=best.cells if best is not None else None, overwrite=overwrite,
    )  # fmt: skip
    if as_json:
        _emit(
            check_document(
                result, str(file), located, locate=locate,
                marked=marked.json() if marked is not None else None,
            )
        )  # fmt: skip
    else:
        print_result(result, lang, str(file), show_all)
        hint = unread_hint(result, lang)
        if hint:
            click.echo(hint)
        if locate:
            print_localisation(located, lang)
        if marked is not None:
            click.echo(marked.text(lang))
    exit_with(0 if result.valid else 1)


def check_document(
    result: CheckResult,
    source: str,
    located: Localisation | None = None,
    *,
    locate: bool = False,
    marked: object = None,
) -> dict[str, Any]:
    """The ``check --json`` document, for the CLI and the web page's ``/api/check`` alike:
    the result, its source, the localisation when it was asked for (``null`` when every
    equality holds) and what marking wrote (left out when nothing was marked)."""
    payload: dict[str, Any] = convert.converter.unstructure(result)
    payload["source"] = source
    if locate:
        payload["locate"] = None if located is None else convert.converter.unstructure(located)
    if marked is not None:
        payload["marked"] = marked
    return payload


def format_json(fmt: Format) -> dict[str, Any]:
    return {
        "id": fmt.id,
        "title": fmt.title,
        "basis": fmt.basis,
        "years": [fmt.years[0], fmt.years[1]],
        "sections": list(fmt.sections),
        "tables": [{"key": t.key, "number": t.number, "title": t.title} for t in fmt.tables],
        "cells": [
            {
                "id": c.id,
                "name": c.name,
                "table": c.table.number,
                "section": c.block.caption,
                "row": list(c.row_labels),
                "column": list(c.column_labels),
                "unit": c.unit,
                "kind": c.kind.value,
                "optional": c.optional,
                "total": c.is_total,
            }
            for c in fmt.cells
        ],
    }


@app.command(help="列出表格格式；--json 给出每个单元格 / list formats (and cells with --json)")
@lang_option
@json_option
def formats(lang: str, as_json: bool) -> None:
    if as_json:
        _emit([format_json(f) for f in FORMATS])
        return
    for f in FORMATS:
        tables = "、".join(t.number for t in f.tables)
        if lang == "zh":
            click.echo(f"{f.id:7} {f.span('zh')}  {f.title}（{f.basis}）")
            click.echo(f"        表：{tables}；{len(f.cells)} 个单元格")
        else:
            click.echo(f"{f.id:7} {f.span('en')}  {f.title} ({f.basis})")
            click.echo(f"        tables: {tables}; {len(f.cells)} cells")


@app.command(help="规则目录 / the rule catalogue")
@click.option(
    "--format",
    "format_id",
    type=click.Choice([f.id for f in FORMATS]),
    help="只列某一格式 / one format only",
)
@click.option("--rules", "rule_files", multiple=True, metavar="FILE", help="加上自定义规则文件")
@lang_option
@json_option
def rules(format_id: str | None, rule_files: tuple[str, ...], lang: str, as_json: bool) -> None:
    chosen = [get_format(format_id)] if format_id else list(FORMATS)
    out = []
    for fmt in chosen:
        rs = default_rules(fmt)
        for path in rule_files:
            rs = load_rule_file(path).apply(rs)
        for r in rs.rules:
            out.append((fmt, r))
    if as_json:
        payload = []
        for fmt, r in out:
            d = convert.converter.unstructure(r)
            d["format"] = fmt.id
            payload.append(d)
        _emit(payload)
        return
    for fmt, r in out:
        sev = r.severities(lang)
        kind = r.kind.zh if lang == "zh" else r.kind.value
        when = "" if r.needs is Needs.TABLE else f" — {r.needs.get(lang)}"
        click.echo(f"{fmt.id:7} {r.id:11} {sev} · {kind} · {r.title.get(lang)}{when}")
