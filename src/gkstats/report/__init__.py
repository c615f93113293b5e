"""Writing the annual report (政府信息公开工作年度报告) from a checked table.

One :class:`ReportContext` (table, findings, the user's text, organ, year, date, generated
sentences with the cells they cite) is drawn as Word (GB/T 9704), HTML or Markdown; the output
kind follows the file suffix::

    >>> from gkstats.report import render
    >>> render(table, "年度报告.docx")            # doctest: +SKIP
    Rendered(path=…/年度报告.docx, kind='docx', …)

A table with error findings is not rendered unless ``force=True``.  Every output is re-opened
and verified (:mod:`.selfcheck`) before it is moved into place; an existing file is never
replaced unless ``overwrite=True``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import refuse_existing, replacing, sibling
from ..findings import CheckResult, Finding
from ..rules import RuleSet
from ..table import Table
from .context import LEGACY_PART_KEYS, NARRATIVE_KEYS, ReportContext, build_context
from .selfcheck import Problem, SelfCheckFailed, verify
from .sentences import Sentence

#: Output kinds by file suffix.
SUFFIXES = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
#: What a report written next to its source is called: ``<stem>_年度报告.docx``.
DEFAULT_SUFFIX = "_年度报告"


class ReportBlocked(GkError):
    """The table has error findings: no report is written unless forced."""

    def __init__(self, result: CheckResult) -> None:
        n = len(result.errors)
        super().__init__(
            "table_has_errors",
            zh=f"表格有 {n} 个错误，未生成报告；请先改正，或加 --force 强制生成",
            en=f"the table has {n} errors; no report written (fix them, or use --force)",
        )
        self.result = result


@attrs.frozen
class Rendered:
    """A report written to ``path``; ``forced`` lists the errors it was forced past."""

    path: Path
    kind: str
    context: ReportContext
    forced: tuple[Finding, ...] = ()

    @property
    def notes(self) -> tuple[Finding, ...]:
        return self.context.notes

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.context.sentences


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})"
)


def parse_date(text: str) -> dt.date:
    """A 成文日期 as people write it: 2026-01-20, 2026/1/20, 2026.1.20, 2026年1月20日, 20260120."""
    m = _DATE.fullmatch(text.strip())
    if m is not None:
        y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
        try:
            return dt.date(y, mo, d)
        except ValueError:
            pass
    raise GkError(
        "bad_date",
        zh=f"无法识别日期「{text}」，请写成 2026-01-20 或 2026年1月20日",
        en=f"cannot read the date {text!r}; write it as 2026-01-20",
    )


def output_kind(path: str | Path) -> str:
    """ "docx", "html" or "md" for an output path, by its suffix."""
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        known = "、".join(SUFFIXES)
        raise GkError(
            "unsupported_output",
            zh=f"不支持的报告文件类型「{suffix or '无扩展名'}」：{path}（支持 {known}）",
            en=f"unsupported report file type {suffix or '(none)'!r}: {path} "
            f"(supported: {', '.join(SUFFIXES)})",
        ) from None


def default_output(source: str | Path, suffix: str = ".docx") -> Path:
    """Where a report goes when no output is named: next to its source, ``<stem>_年度报告``."""
    return sibling(Path(source).with_suffix(suffix), DEFAULT_SUFFIX)


def render_bytes(ctx: ReportContext, kind: str, template: str | Path | None = None) -> bytes:
    """The report in memory (no self-check, no file)."""
    if kind == "docx":
        from . import docx

        return docx.render(ctx, template)
    if template is not None:
        raise GkError(
            "template_not_docx",
            zh="Word 模板只用于生成 .docx 报告",
            en="a Word template only applies to a .docx report",
        )
    if kind == "html":
        from . import html

        return html.render(ctx)
    if kind == "md":
        from . import markdown

        return markdown.render(ctx)
    raise ValueError(kind)


def render(
    table: Table,
    path: str | Path,
    *,
    date: dt.date | None = None,
    force: bool = False,
    overwrite: bool = False,
    template: str | Path | None = None,
    rules: RuleSet | None = None,
    result: CheckResult | None = None,
) -> Rendered:
    """Write the annual report of ``table`` to ``path`` (.docx, .html or .md).

    The table is checked (with ``rules``, or the format's rules) unless a ``result`` is
    given; error findings stop the report (:class:`ReportBlocked`) unless ``force``.  The
    report is written to a temporary file next to ``path``, re-opened and verified
    (:class:`SelfCheckFailed` if it does not say what the table says), then moved into place.
    """
    out = Path(path)
    kind = output_kind(out)
    if kind == "docx":
        from .docx import require_docx

        require_docx()
    refuse_existing(out, overwrite)
    if result is None:
        from ..check import check

        result = check(table, rules)
    if not result.valid and not force:
        raise ReportBlocked(result)
    ctx = build_context(table, result, date)
    data = render_bytes(ctx, kind, template)
    _write_verified(out, data, ctx, kind, gbt=template is None)
    return Rendered(out, kind, ctx, result.errors if force else ())


def render_file(
    source: str | Path,
    output: str | Path | None = None,
    **options: object,
) -> Rendered:
    """Read a table file (workbook, JSON …) and write its report; without ``output``, next
    to the source as ``<stem>_年度报告.docx``.  Options as for :func:`render`."""
    from ..readers import read_table

    src = Path(source)
    table = read_table(src)
    out = Path(output) if output is not None else default_output(src)
    if out.resolve() == src.resolve():
        raise GkError(
            "output_is_input",
            zh=f"报告不能写到输入文件本身：{src}",
            en=f"the report cannot overwrite its input: {src}",
        )
    return render(table, out, **options)  # type: ignore[arg-type]


@attrs.frozen
class NextTo:
    """What the add-in's 生成报告 button tells the user (:func:`write_next_to`)."""

    rendered: Rendered | None
    result: CheckResult
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


def free_path(path: Path) -> Path:
    """``path``, or ``stem (2).suffix``, ``stem (3).suffix`` … if it is taken."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


def write_next_to(
    table: Table,
    source: str | Path,
    *,
    suffix: str = ".docx",
    date: dt.date | None = None,
    force: bool = False,
    rules: RuleSet | None = None,
) -> NextTo:
    """The Excel add-in's 生成报告: write the report of a workbook's table next to the
    workbook (``<stem>_年度报告.docx``, or ``… (2).docx`` when that exists: an earlier report is
    never replaced) and say where, or say why not.  User mistakes still raise
    :class:`~gkstats.GkError`."""
    from ..check import check

    result = check(table, rules)
    if not result.valid and not force:
        first = result.errors[0].message
        n = len(result.errors)
        return NextTo(
            None,
            result,
            f"表格有 {n} 个错误，未生成报告。请先点「校验」查看并改正，例如：{first.zh}",
            f"The table has {n} errors; no report written. Check and fix them first, "
            f"e.g. {first.en}",
        )
    out = free_path(default_output(source, suffix))
    rendered = render(table, out, date=date, force=force, result=result)
    zh = [f"已生成报告：{out}"]
    en = [f"Report written: {out}"]
    warnings = [n for n in rendered.notes if n.severity.value == "warning"]
    if rendered.forced:
        zh.append(f"注意：表格仍有 {len(rendered.forced)} 个错误。")
        en.append(f"Note: the table still has {len(rendered.forced)} errors.")
    for note in warnings:
        zh.append(f"· {note.message.zh}")
        en.append(f"- {note.message.en}")
    return NextTo(rendered, result, "\n".join(zh), "\n".join(en))


def _write_verified(out: Path, data: bytes, ctx: ReportContext, kind: str, *, gbt: bool) -> None:
    """Write, re-open and verify the temporary file; only a report that passes replaces
    ``out`` (a failed self-check leaves whatever was there)."""
    with replacing(out) as tmp:
        tmp.write_bytes(data)
        problems = verify(ctx, tmp.read_bytes(), kind, gbt=gbt)
        if problems:
            raise SelfCheckFailed(problems)


__all__ = [
    "LEGACY_PART_KEYS",
    "NARRATIVE_KEYS",
    "NextTo",
    "Problem",
    "Rendered",
    "ReportBlocked",
    "ReportContext",
    "SelfCheckFailed",
    "build_context",
    "default_output",
    "free_path",
    "output_kind",
    "parse_date",
    "render",
    "render_bytes",
    "render_file",
    "write_next_to",
]
