"""report: write the annual report from a table file (workbook or JSON).

Exit codes as for ``check``: 0 written, 1 not written because the table has error findings
(they are listed; ``--force`` writes anyway and lists them), 2 a usage or input error, 3 the
self-check found the rendered report disagreeing with the table (a gkstats defect).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .. import convert
from .._files import output_target
from ..check import check as run_check
from ..findings import Finding
from ..readers import ReadOptions, read_table
from ..report import (
    Rendered,
    SelfCheckFailed,
    default_output,
    output_kind,
    parse_date,
    render,
)
from ..rules import Severity
from ._app import app, exit_with, json_option, lang_option, table_options
from ._core import ruleset_for
from ._output import finding_lines, print_result, unread_hint


def _emit(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _list(title: str, findings: tuple[Finding, ...], lang: str) -> None:
    if not findings:
        return
    click.echo(title)
    for f in findings:
        for line in finding_lines(f, lang):
            click.echo(line)


def _payload(rendered: Rendered | None, result: Any, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "output": str(rendered.path.resolve()) if rendered else None,
        "kind": rendered.kind if rendered else None,
        "check": convert.converter.unstructure(result),
        "forced": bool(rendered and rendered.forced),
    }
    if rendered is not None:
        out["notes"] = [convert.converter.unstructure(f) for f in rendered.notes]
        out["sentences"] = [
            {
                "section": s.group,
                "text": s.text,
                "cites": [{"cell": c, "value": convert.number_to_json(v)} for c, v in s.cites],
            }
            for s in rendered.sentences
        ]
    return out


@app.command(
    help="生成政府信息公开工作年度报告（.docx 公文格式 / .html / .md）"
    " / write the annual report (Word per GB/T 9704, HTML, Markdown)"
)
@click.argument("file", type=click.Path(path_type=Path))
@table_options
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), metavar="OUT",
    help="报告文件（.docx、.html 或 .md）；默认在输入文件旁写 <文件名>_年度报告.docx"
    " / report file; default <stem>_年度报告.docx next to the input",
)  # fmt: skip
@click.option(
    "--date", "date_text", metavar="DATE",
    help="成文日期，默认今天（如 2026-01-20）/ the report's date, default today",
)  # fmt: skip
@click.option(
    "--force", is_flag=True,
    help="表格有错误时仍生成，并列出错误 / write even if the table has errors",
)  # fmt: skip
@click.option("--overwrite", is_flag=True, help="覆盖已有文件 / replace an existing file")
@click.option(
    "--template", type=click.Path(path_type=Path), metavar="DOCX",
    help="使用自己的 Word 模板（样式、页面设置）/ your own Word template (styles, page setup)",
)  # fmt: skip
@click.option("--rules", "rule_files", multiple=True, metavar="FILE",
              help="自定义规则文件，可多次 / own rule file, repeatable")  # fmt: skip
@click.option("--disable", multiple=True, metavar="RULE", help="关闭规则 / switch a rule off")
@lang_option
@json_option
def report(
    file: Path,
    format_id: str | None,
    year: int | None,
    organ: str | None,
    output: Path | None,
    date_text: str | None,
    force: bool,
    overwrite: bool,
    template: Path | None,
    rule_files: tuple[str, ...],
    disable: tuple[str, ...],
    lang: str,
    as_json: bool,
) -> None:
    date = parse_date(date_text) if date_text else None
    out = output if output is not None else default_output(file)
    output_kind(out)  # an unsupported suffix is a usage error before any work
    inputs = (file, template) if template is not None else (file,)
    out = output_target(out, inputs=inputs, overwrite=overwrite)
    table = read_table(file, ReadOptions(format_id, year, organ))
    result = run_check(table, ruleset_for(table, rule_files, disable))
    if not result.valid and not force:
        if as_json:
            _emit(_payload(None, result, lang))
        else:
            print_result(result, lang, str(file))
            hint = unread_hint(result, lang)
            if hint:
                click.echo(hint)
            click.echo(
                "未生成报告：表格有错误。请改正后重试，或加 --force 强制生成。"
                if lang == "zh"
                else "No report written: the table has errors. Fix them, or use --force."
            )
        exit_with(1)
    try:
        rendered = render(table, out, date=date, force=force, overwrite=overwrite,
                          template=template, result=result)  # fmt: skip
    except SelfCheckFailed as exc:
        click.echo(
            "gkstats: 报告自检未通过，未写入文件（这是 gkstats 的缺陷，请报告）："
            if lang == "zh"
            else "gkstats: the report failed its self-check and was not written "
            "(a gkstats defect; please report it):",
            err=True,
        )
        for p in exc.problems:
            click.echo(f"  {p.message(lang)}", err=True)
        exit_with(3)
        return
    if as_json:
        _emit(_payload(rendered, result, lang))
        exit_with(0)
    where = rendered.path.resolve()
    click.echo(f"已生成报告：{where}" if lang == "zh" else f"Report written: {where}")
    if rendered.forced:
        _list(
            f"已按 --force 生成；表格仍有 {len(rendered.forced)} 个错误："
            if lang == "zh"
            else f"Written with --force; the table still has {len(rendered.forced)} errors:",
            rendered.forced,
            lang,
        )
    _list("表格警告：" if lang == "zh" else "Table warnings:", result.warnings, lang)
    notes = tuple(n for n in rendered.notes if n.severity is not Severity.INFO)
    _list("请注意：" if lang == "zh" else "Please note:", notes, lang)
    left_out = len(rendered.notes) - len(notes)
    if left_out:
        click.echo(
            f"另有 {left_out} 条数据语句因所引单元格空白或无法识别而未生成（--json 可查看）。"
            if lang == "zh"
            else f"{left_out} data sentences were left out: their cells are blank or "
            "unreadable (see --json)."
        )
    exit_with(0)
