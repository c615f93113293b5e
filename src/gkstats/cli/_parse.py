"""parse: published reports (HTML, text, docx, PDF, xlsx) → checked tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .._errors import GkError
from .._files import require_file
from ..formats import FORMATS
from ..parse import PARSE_SUFFIXES, ParseResult, Status, parse_report, result_to_json
from ._app import app, exit_with, json_option, lang_option
from ._output import print_result


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


def _print(result: ParseResult, lang: str, show_all: bool) -> None:
    zh = lang == "zh"
    c = result.counts
    total = len(result.readings)
    d = result.detection
    if zh:
        click.echo(
            f"识别：{d.format}（{d.year}年度，年度来自{d.year_from or '?'}），"
            f"单位：{d.organ or '（未识别）'}"
        )
        click.echo(
            f"单元格 {total} 个：已读取 {c['ok']}，空白 {c['blank']}，未找到 {c['missing']}，"
            f"有歧义 {c['ambiguous']}"
        )
    else:
        click.echo(f"read as {d.format}, report year {d.year} (from {d.year_from or '?'}), "
                   f"organ: {d.organ or '(not found)'}")  # fmt: skip
        click.echo(
            f"{total} cells: {c['ok']} read, {c['blank']} blank, {c['missing']} not found, "
            f"{c['ambiguous']} ambiguous"
        )
    fmt = result.table.format
    for r in result.readings:
        spec = fmt.cell(r.id)
        if r.status is Status.AMBIGUOUS:
            cands = "、".join(str(v) for v in r.candidates[:8]) or ("无" if zh else "none")
            click.echo(
                f"  ? {r.id} {spec.describe(lang)}：「{r.raw}」候选 {cands}"
                if zh
                else f"  ? {r.id} {spec.describe(lang)}: {r.raw!r}, candidates {cands}"
            )
        elif r.status is Status.MISSING and (show_all or not spec.optional):
            click.echo(f"  - {r.id} {spec.describe(lang)}" + ("：未找到" if zh else ": not found"))
    for m in result.labels:
        if m.how not in ("exact", "normalised") or show_all:
            if m.how in ("exact", "normalised") and not show_all:
                continue
            click.echo(
                f"  标签「{m.found}」→「{m.label}」（{m.how}）"
                if zh
                else f"  label [{m.found}] -> [{m.label}] ({m.how})"
            )
    for n in result.notes:
        click.echo(f"  * {n.message.get(lang)}")
    print_result(result.check, lang, result.source, show_all)


@app.command(
    help="解析已发布的年度报告（HTML、文本、docx、PDF、xlsx），读出统计表并校验 / "
    "parse published reports into checked tables"
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
@click.option("--year", type=int, default=None, help="报告年度（找不到时指定）/ report year")
@click.option("--organ", default=None, help="单位名称 / organ")
@click.option("--all", "show_all", is_flag=True, help="显示全部细节 / show every detail")
@lang_option
@json_option
def parse(
    path: Path,
    format_id: str,
    year: int | None,
    organ: str | None,
    show_all: bool,
    lang: str,
    as_json: bool,
) -> None:
    files = _files(path)
    single = path.is_file()
    payload: list[dict[str, Any]] = []
    worst = 0
    for file in files:
        try:
            result = parse_report(file, format=format_id, year=year, organ=organ)
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
        if as_json:
            payload.append(result_to_json(result))
        else:
            _print(result, lang, show_all)
            if not single:
                click.echo("")
    if as_json:
        data: Any = payload[0] if single else payload
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
    exit_with(worst)


__all__ = ["parse"]
