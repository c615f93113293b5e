"""生成一份已填写的示例工作簿 / Write a filled example workbook.

The official template (``gkstats template``) filled in with a table's figures, so that a new
user, a test or the docs' pictures have a realistic workbook to check, mark and report on.
(``gkstats example DIR`` writes all the example files the quick starts use; this script
writes one workbook, of any table.)

By default the figures are those of ``gkstats demo`` (an f2021 table of a fictitious county
office, with one figure typed 61 instead of 16, so that checking it finds something);
``--fixed`` writes the corrected figure, ``--json`` fills any table JSON instead.

    python make_example_workbook.py                  # 示例_已填写.xlsx
    python make_example_workbook.py -o 正确.xlsx --fixed --organ 某某镇人民政府
    python make_example_workbook.py --json 某局2025.json -o 某局2025.xlsx

The cells are found by the template's defined names (``GK_<cell id>``), never by position,
so the same code fills every format's template (:func:`gkstats.examples.fill`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import gkstats
from gkstats.examples import demo_table, fill


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("示例_已填写.xlsx"))
    parser.add_argument("--json", type=Path, help="用这个表格 JSON 的数字 / fill this table")
    parser.add_argument("--fixed", action="store_true", help="改正示例中故意的错误")
    parser.add_argument("--organ", help="单位名称（默认用表中的）/ organ name")
    args = parser.parse_args(argv)
    try:
        table = gkstats.read_table_json(args.json) if args.json else demo_table(args.fixed)
        if args.organ:
            table = table.replace(organ=args.organ)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        left_out = fill(table, args.output)
    except gkstats.GkError as exc:
        print(f"make_example_workbook: {exc.message('zh')}", file=sys.stderr)
        return 2
    print(f"已写入 {args.output}（{table.format.id}，{table.year} 年度，{table.organ}）")
    if left_out:
        print(f"注意：模板中没有这些单元格，未写入：{'、'.join(left_out)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
