"""生成一份已填写的示例工作簿 / Write a filled example workbook.

The official template (``gkstats template``) filled in with a table's figures, so that a new
user, a test or the docs' pictures have a realistic workbook to check, mark and report on.

By default the figures are those of ``gkstats demo`` (an f2021 table of a fictitious county
office, with one figure typed 61 instead of 16, so that checking it finds something);
``--fixed`` writes the corrected figure, ``--json`` fills any table JSON instead.

    python examples/make_example_workbook.py                  # 示例_已填写.xlsx
    python examples/make_example_workbook.py -o 正确.xlsx --fixed --organ 某某镇人民政府
    python examples/make_example_workbook.py --json 某局2025.json -o 某局2025.xlsx

The cells are found by the template's defined names (``GK_<cell id>``), never by position,
so the same code fills every format's template.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import gkstats
from gkstats.workbook import template
from gkstats.workbook.gateway import column_letter

#: The one figure ``gkstats demo`` gets wrong, and what it should be.
DEMO_SLIP = ("t3.partial.natural", 16)
#: Text for the report sections the demo leaves empty (ours, marked as an example).
EXAMPLE_TEXT = {
    "overview": "（示例文字）本年度，本机关按照《中华人民共和国政府信息公开条例》的要求，"
    "做好主动公开、依申请公开和政府信息管理等各项工作。",
    "problems": "（示例文字）存在的问题：个别栏目更新不够及时。"
    "改进措施：建立栏目定期检查制度，明确更新责任人。",
}


def demo_table(fixed: bool = False) -> gkstats.Table:
    """The table of ``gkstats demo``; ``fixed`` puts the mistyped figure right."""
    text = resources.files("gkstats.data").joinpath("demo_f2021.json").read_text("utf-8")
    table = gkstats.table_from_json(json.loads(text, parse_float=Decimal))
    table = table.replace(narrative={**EXAMPLE_TEXT, **table.narrative})
    if fixed:
        table = table.replace({DEMO_SLIP[0]: DEMO_SLIP[1]})
    return table


def fill(table: gkstats.Table, target: Path) -> list[str]:
    """Write ``table`` into a fresh template of its format at ``target``; return the ids of
    the filled cells the template has no place for.

    Blank cells stay blank (blank is not 0); unreadable ones are written as the text that
    was read, so the workbook shows what the source said.  The template draws only the rows
    of the official form, so an optional row some units print (the 2021 format's （六）其他处理
    subtotal) has no cell there: its figures are reported back, never silently dropped.
    """
    book = template.build(table.format, year=table.year, organ=table.organ)
    placed = set()
    for cell_id, sheet, (row, col) in template.cells_of(book, table.format):
        placed.add(cell_id)
        value = table[cell_id]
        if value is None:
            continue
        written = value.raw if isinstance(value, gkstats.Unreadable) else value
        book[sheet][f"{column_letter(col)}{row}"] = written
    for key, text in table.narrative.items():
        name = book.defined_names.get(template.text_name(key))
        if name is not None:
            for sheet, ref in name.destinations:
                book[sheet][ref.replace("$", "")] = text
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return [c for c, v in table.cells.items() if v is not None and c not in placed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("示例_已填写.xlsx"))
    parser.add_argument("--json", type=Path, help="用这个表格 JSON 的数字 / fill this table")
    parser.add_argument("--fixed", action="store_true", help="改正示例中故意的错误")
    parser.add_argument("--organ", help="单位名称（默认用表中的）/ organ name")
    args = parser.parse_args(argv)
    try:
        table = gkstats.read_table_json(args.json) if args.json else demo_table(args.fixed)
    except gkstats.GkError as exc:
        print(f"make_example_workbook: {exc.message('zh')}", file=sys.stderr)
        return 2
    if args.organ:
        table = table.replace(organ=args.organ)
    left_out = fill(table, args.output)
    print(f"已写入 {args.output}（{table.format.id}，{table.year} 年度，{table.organ}）")
    if left_out:
        print(f"注意：模板中没有这些单元格，未写入：{'、'.join(left_out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
