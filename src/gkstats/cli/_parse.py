"""parse: published reports (HTML, text, docx, PDF, xlsx) → checked tables.

``-o table.json`` writes the table that ``check``, ``report`` and ``consolidate`` read;
cells the report did not let be read (run-together figures, a cell not found) are in it as
unread, with their candidates, and ``--set CELL=VALUE`` (or writing the value into the
JSON's ``cells``) settles them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .. import convert
from .._errors import GkError
from .._files import atomic_write, output_target, require_file
from ..formats import FORMATS
from ..parse import PARSE_SUFFIXES, ParseResult, Status, parse_report, result_to_json
from ._app import (
    app,
    exit_with,
    json_option,
    lang_option,
    output_option,
    overwrite_option,
    year_option,
)
from ._output import print_result, unread_hint

#: Where the parser found the year and the organ (``Detection.year_from``, ``organ_from``),
#: in words.
_FOUND_IN = {
    "title": "标题",
    "statistics period": "统计期限",
    "table subtitle": "表格副标题",
    "text": "正文",
    "file name": "文件名",
    "contact line": "联系方式一句",
    "opening sentence": "正文开头一句",
    "given": "命令行指定",
    "workbook": "工作簿",
}


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [require_file(path)]
    found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PARSE_SUFFIXES)
    if not found:
        raise GkError(
            "no_reports",
            zh=f"文件夹 {path} 中没有可解析的报告（{'、'.join(PARSE_SUFFIXES)}）",
            en=f"no reports to parse under {path} ({', '.join(PARSE_SUFFIXES)})",
        )
    return found


def _settings(pairs: tuple[str, ...]) -> dict[str, str]:
    """``--set CELL=VALUE`` pairs by cell id (the value's text as given)."""
    out = {}
    for pair in pairs:
        cell, sep, value = pair.partition("=")
        if not sep or not cell.strip():
            raise GkError(
                "bad_setting",
                zh=f"--set 应写成 单元格编号=值，如 --set t2.normative.new_made=89：{pair}",
                en=f"--set takes CELL=VALUE, e.g. --set t2.normative.new_made=89: {pair}",
            )
        out[cell.strip()] = value.strip()
    return out


def _counts_line(result: ParseResult, lang: str) -> str:
    c = result.counts
    fmt = result.table.format
    missing = [r for r in result.readings if r.status is Status.MISSING]
    optional = sum(fmt.cell(r.id).optional for r in missing)
    required = len(missing) - optional
    if lang == "zh":
        line = (
            f"单元格 {len(result.readings)} 个：已读取 {c['ok']}，空白 {c['blank']}，"
            f"未找到 {required}，有歧义 {c['ambiguous']}"
        )
        return line + (f"（另有 {optional} 个可选单元格报告中没有，可以没有）" if optional else "")
    line = (
        f"{len(result.readings)} cells: {c['ok']} read, {c['blank']} blank, {required} not "
        f"found, {c['ambiguous']} ambiguous"
    )
    return line + (f" ({optional} optional cells are not in the report: fine)" if optional else "")


def _print(result: ParseResult, lang: str, show_all: bool) -> None:
    zh = lang == "zh"
    d = result.detection
    if zh:
        found = _FOUND_IN.get(d.year_from, d.year_from or "?")
        click.echo(
            f"识别：{d.format}（{d.year}年度，年度来自{found}），单位：{d.organ or '（未识别）'}"
        )
    else:
        click.echo(f"read as {d.format}, report year {d.year} (from {d.year_from or '?'}), "
                   f"organ: {d.organ or '(not found)'}")  # fmt: skip
    click.echo(_counts_line(result, lang))
    fmt = result.table.format
    if result.counts["ok"] or show_all:
        # an ambiguous cell is a finding below, with its candidates; a cell not found is
        # listed here (unless nothing at all was read: the finding says so)
        for r in result.readings:
            spec = fmt.cell(r.id)
            if r.status is Status.MISSING and (show_all or not spec.optional):
                click.echo(
                    f"  - {r.id} {spec.describe(lang)}" + ("：未找到" if zh else ": not found")
                )
    for m in result.labels:
        if m.how not in ("exact", "normalised") or show_all:
            click.echo(
                f"  标签「{m.found}」→「{m.label}」（{_HOW.get(m.how, m.how)}）"
                if zh
                else f"  label [{m.found}] -> [{m.label}] ({m.how})"
            )
    for n in result.notes:
        click.echo(f"  * {n.message.get(lang)}")
    print_result(result.check, lang, result.source, show_all)


#: How a label was matched (``LabelMatch.how``), in words.
_HOW = {
    "exact": "完全一致",
    "normalised": "规范化后一致",
    "alias": "别名",
    "unnumbered": "缺少序号",
    "fuzzy": "近似",
    "position": "按位置",
}


def _write_table(result: ParseResult, target: Path) -> None:
    data = convert.table_to_json(result.table)
    atomic_write(target, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _targets(
    path: Path, files: list[Path], output: Path | None, overwrite: bool
) -> dict[Path, Path]:
    """Where each report's table goes with ``-o``: the file given for one report, a
    ``.json`` per report (by its place under the folder) in the folder given for a folder;
    all refused before any work when one exists (without ``--overwrite``)."""
    if output is None:
        return {}
    if path.is_file():
        if output.suffix.lower() != ".json":
            raise GkError(
                "unsupported_output",
                zh=f"-o 写出的是表格 JSON，文件名应以 .json 结尾：{output}",
                en=f"-o writes a table JSON; the name must end in .json: {output}",
            )
        return {files[0]: output_target(output, inputs=files, overwrite=overwrite)}
    if output.exists() and not output.is_dir():
        raise GkError(
            "output_not_folder",
            zh=f"解析文件夹时 -o 应为文件夹（每份报告写一个 .json）：{output}",
            en=f"when parsing a folder, -o names a folder (one .json per report): {output}",
        )
    targets = {}
    for f in files:
        target = output / f.relative_to(path).with_suffix(".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        targets[f] = output_target(target, inputs=files, overwrite=overwrite)
    return targets


@app.command(
    help="解析已发布的年度报告（HTML、文本、docx、PDF、xlsx），读出统计表并校验；"
    "-o 写出表格 JSON，供 check、report、consolidate 使用 / "
    "parse published reports into checked tables; -o writes the table JSON the other "
    "commands read"
)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "format_id",
    type=click.Choice(["auto", *(f.id for f in FORMATS)]),
    default="auto",
    show_default=True,
    help="表格格式 / table format",
)
@year_option("报告年度（找不到或不对时）/ report year")
@click.option("--organ", default=None, help="单位名称 / organ")
@click.option(
    "--set", "settings", multiple=True, metavar="CELL=VALUE",
    help="给出未能读出的单元格的值，可多次，如 --set t2.normative.new_made=89"
    " / give a cell the parser could not read, repeatable",
)  # fmt: skip
@output_option(
    "写出表格 JSON（解析文件夹时为文件夹）/ write the table JSON (a folder for a folder)"
)
@overwrite_option
@click.option("--all", "show_all", is_flag=True, help="显示全部细节 / show every detail")
@lang_option
@json_option
def parse(
    path: Path,
    format_id: str,
    year: int | None,
    organ: str | None,
    settings: tuple[str, ...],
    output: Path | None,
    overwrite: bool,
    show_all: bool,
    lang: str,
    as_json: bool,
) -> None:
    settle = _settings(settings)
    files = _files(path)
    single = path.is_file()
    if settle and not single:
        raise GkError(
            "set_needs_one_report",
            zh="--set 只能用于单个报告文件",
            en="--set goes with a single report file",
        )
    targets = _targets(path, files, output, overwrite)
    payload: list[dict[str, Any]] = []
    worst = 0
    for file in files:
        try:
            result = parse_report(file, format=format_id, year=year, organ=organ, settle=settle)
        except GkError as exc:
            if single:
                raise
            worst = max(worst, 1)
            entry = {"source": str(file), "error": {"code": exc.code, "zh": exc.zh, "en": exc.en}}
            payload.append(entry)
            if not as_json:
                click.echo(f"{file}\n  ✗ {exc.message(lang)}")
            continue
        if not result.check.valid:
            worst = max(worst, 1)
        if file in targets:
            _write_table(result, targets[file])
        if as_json:
            payload.append(result_to_json(result))
            continue
        _print(result, lang, show_all)
        hint = unread_hint(result.check, lang, file, targets.get(file))
        if hint:
            click.echo(hint)
        if file in targets:
            where = targets[file]
            click.echo(f"表格已写入：{where}" if lang == "zh" else f"table written: {where}")
        if not single:
            click.echo("")
    if as_json:
        data: Any = payload[0] if single else payload
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    exit_with(worst)


__all__ = ["parse"]
