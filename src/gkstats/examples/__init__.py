"""示例文件 / The example files the quick starts use, written by ``gkstats example DIR``.

A new user has no filled workbook and no saved reports yet, and the quick starts must run
as written on a fresh machine: so every file a page uses is made by one visible command
from what ships in the package — the ``gkstats demo`` table (``gkstats/data``), the official
template, the report renderer and the example scripts of this folder.  Nothing is copied
from a real report; the organs are fictitious and every text is marked 示例.

The figures are those of ``gkstats demo``: an f2021 table of a county office with one figure
typed 61 instead of 16 (:data:`DEMO_SLIP`), so that checking it finds something.

The scripts beside this module (``make_example_workbook.py``, ``reports_to_csv.py``,
``consolidate_units.py``) are copied into the folder too, to be read and adapted; they run
from there (``python 示例/reports_to_csv.py …``) or as modules
(``python -m gkstats.examples.reports_to_csv …``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import atomic_write, refuse_existing
from ..convert import table_from_json
from ..table import Table
from ..values import Unreadable

#: The one figure ``gkstats demo`` gets wrong (cell id, the right value); it reads 61.
DEMO_SLIP = ("t3.partial.natural", 16)
#: Text for the report sections the demo leaves empty (ours, marked as an example).
EXAMPLE_TEXT = {
    "overview": "（示例文字）本年度，本机关按照《中华人民共和国政府信息公开条例》的要求，"
    "做好主动公开、依申请公开和政府信息管理等各项工作。",
    "problems": "（示例文字）存在的问题：个别栏目更新不够及时。"
    "改进措施：建立栏目定期检查制度，明确更新责任人。",
}
#: The 成文日期 of the example reports, so that the files are the same on every run.
REPORT_DATE = dt.date(2026, 1, 20)
#: The example scripts, copied next to the files.
SCRIPTS = ("make_example_workbook.py", "reports_to_csv.py", "consolidate_units.py")


def demo_table(fixed: bool = False, organ: str | None = None) -> Table:
    """The table of ``gkstats demo`` with example text; ``fixed`` puts the mistyped figure
    right, ``organ`` renames the unit."""
    text = resources.files("gkstats.data").joinpath("demo_f2021.json").read_text("utf-8")
    table = table_from_json(json.loads(text, parse_float=Decimal))
    table = table.replace(narrative={**EXAMPLE_TEXT, **table.narrative})
    if fixed:
        table = table.replace({DEMO_SLIP[0]: DEMO_SLIP[1]})
    return table if organ is None else table.replace(organ=organ)


def fill(table: Table, target: str | Path) -> list[str]:
    """Write ``table`` into a fresh template of its format at ``target``; return the ids of
    the filled cells the template has no place for.

    The cells are found by the template's defined names, never by position, so the same
    code fills every format's template.  Blank cells stay blank (blank is not 0); unreadable
    ones are written as the text that was read, so the workbook shows what the source said.
    The template draws only the rows of the official form, so an optional row some units
    print (the 2021 format's （六）其他处理 subtotal) has no cell there: its figures are
    reported back, never silently dropped.
    """
    from ..workbook import template
    from ..workbook._openpyxl import save_atomic
    from ..workbook.gateway import column_letter

    book = template.build(table.format, year=table.year, organ=table.organ)
    placed = set()
    for cell_id, sheet, (row, col) in template.cells_of(book, table.format):
        placed.add(cell_id)
        value = table[cell_id]
        if value is None:
            continue
        written = value.raw if isinstance(value, Unreadable) else value
        book[sheet][f"{column_letter(col)}{row}"] = written
    for key, text in table.narrative.items():
        name = book.defined_names.get(template.text_name(key))
        if name is not None:
            for sheet, ref in name.destinations:
                book[sheet][ref.replace("$", "")] = text
    save_atomic(book, Path(target))
    return [c for c, v in table.cells.items() if v is not None and c not in placed]


@attrs.frozen
class Example:
    """One example file: where it goes in the folder, what it is, and how it is made."""

    path: str
    zh: str
    en: str
    make: Callable[[Path], object] = attrs.field(eq=False, repr=False)


def _workbook(table: Table) -> Callable[[Path], object]:
    return lambda target: fill(table, target)


def _report(table: Table) -> Callable[[Path], object]:
    def make(target: Path) -> object:
        from ..report import render

        # the 甲局 table keeps its slip: its report is forced, as a unit's published
        # report with an error would be
        return render(table, target, date=REPORT_DATE, force=True, overwrite=True)

    return make


def _script(name: str) -> Callable[[Path], object]:
    return lambda target: atomic_write(
        target, resources.files(__name__).joinpath(name).read_bytes()
    )


def examples() -> tuple[Example, ...]:
    """Every example file, in the order ``gkstats example`` lists them."""
    slip = f"{DEMO_SLIP[1]}"
    units = (
        ("甲局", "示例县甲局", False),
        ("乙局", "示例县乙局", True),
        ("丙镇", "示例县丙镇人民政府", True),
    )
    out = [
        Example(
            "本单位2025.xlsx",
            f"填好的统计表（{demo_table().organ}），其中一格故意填错：61，应为 {slip}",
            f"a filled table with one figure typed 61 instead of {slip}",
            _workbook(demo_table()),
        ),
        Example(
            "本单位2025_改正后.xlsx",
            "同一张表，改正之后",
            "the same table, corrected",
            _workbook(demo_table(fixed=True)),
        ),
    ]
    for short, organ, fixed in units:
        out.append(
            Example(
                f"收到的年报/{short}.xlsx",
                f"下级单位报来的表（{organ}{'' if fixed else '，有一处错误'}）",
                f"a unit's table ({organ}{'' if fixed else ', one mistake'})",
                _workbook(demo_table(fixed, organ)),
            )
        )
    for _, organ, fixed in units[:2]:
        out.append(
            Example(
                f"年报/{organ}2025.html",
                f"已发布的年度报告（网页{'' if fixed else '，表中有一处错误'}）",
                f"a published annual report (web page{'' if fixed else ', one mistake'})",
                _report(demo_table(fixed, organ)),
            )
        )
    for name in SCRIPTS:
        out.append(Example(name, "示例脚本", "example script", _script(name)))
    return tuple(out)


def write_examples(folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write :func:`examples` into ``folder`` (made if missing); returns the files written.

    No file that is there already is replaced unless ``overwrite``: every target is
    checked before the first one is written, so a refusal leaves the folder as it was.
    """
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise GkError(
            "not_a_folder",
            zh=f"这不是一个文件夹：{root}",
            en=f"not a folder: {root}",
        )
    wanted = examples()
    targets = [root / e.path for e in wanted]
    for target in targets:
        if target.is_dir():
            refuse_existing(target, overwrite)  # a folder where a file goes: its own message
    there = [t for t in targets if t.exists()]
    if there and not overwrite:
        raise GkError(
            "output_exists",
            zh=f"{root} 中已有示例文件（{there[0].as_posix()} 等 {len(there)} 个）："
            "加 --overwrite 覆盖，或另选一个文件夹",
            en=f"{root} already holds example files ({there[0].as_posix()} and "
            f"{len(there) - 1} more): use --overwrite, or choose another folder",
        )
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GkError(
            "output_not_writable",
            zh=f"无法创建文件夹 {root}：{exc.strerror or exc}",
            en=f"cannot create the folder {root}: {exc.strerror or exc}",
        ) from None
    for example, target in zip(wanted, targets):
        example.make(target)
    return targets


__all__ = [
    "DEMO_SLIP",
    "EXAMPLE_TEXT",
    "REPORT_DATE",
    "SCRIPTS",
    "Example",
    "demo_table",
    "examples",
    "fill",
    "write_examples",
]
