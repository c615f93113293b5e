"""逐级汇总：把下级单位的表加成一张，并写出每格各单位的明细 / Consolidate units.

For a supervising office: every table file in a folder (filled workbooks, table JSON) is read
and checked, the units are summed cell by cell (:func:`gkstats.consolidate`), and two files
are written:

- the consolidated table as table JSON (``gkstats check`` / ``gkstats report`` read it);
- with ``--details``, a CSV with one row per cell: its labels, the sum, and each unit's
  figure, so that anyone can see where a total came from.

    python consolidate_units.py 收到的年报/ -o 全县汇总.json --organ 示例县人民政府
    python consolidate_units.py 收到的年报/ -o 全县汇总.json --details 汇总明细.csv

Units with errors are still summed (the office decides whether to send them back first) but
are listed, and the script then exits 1; a unit whose file cannot be read stops the run with
its reason (exit 2), because a sum that silently leaves a unit out would be wrong.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import gkstats
from gkstats.consolidate import Consolidation, consolidate
from gkstats.readers import read_table

#: The table files this script reads (the same readers as ``gkstats check``).
SUFFIXES = (".xlsx", ".xlsm", ".json")


def find_tables(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))
    )


def _atomic_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def details_csv(result: Consolidation, names: list[str]) -> str:
    """One line per cell: id, labels, the sum, then each unit's figure (empty when blank)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["cell", "table", "row", "column", "sum", *names])
    for spec in result.table.format.cells:
        by_unit = dict(result.contributions.get(spec.id, ()))
        total = result.table[spec.id]
        writer.writerow(
            [
                spec.id,
                spec.table.number,
                " › ".join(spec.row_labels),
                " › ".join(spec.column_labels),
                "" if total is None else str(total),
                *("" if by_unit.get(k) is None else str(by_unit[k]) for k in range(len(names))),
            ]
        )
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="各单位的表所在的文件夹 / units' tables")
    parser.add_argument("-o", "--output", type=Path, default=Path("汇总.json"))
    parser.add_argument("--organ", default="汇总", help="汇总表的单位名称 / organ of the sum")
    parser.add_argument("--details", type=Path, help="每格各单位明细 CSV / per-unit figures")
    args = parser.parse_args(argv)
    try:
        paths = find_tables(args.folder) if args.folder.is_dir() else []
        if not paths:
            raise gkstats.GkError(
                "no_tables",
                zh=f"{args.folder} 中没有可汇总的表（{'、'.join(SUFFIXES)}）",
                en=f"no tables under {args.folder}",
            )
        tables = [read_table(p) for p in paths]
        names = [p.relative_to(args.folder).as_posix() for p in paths]
        result = consolidate(tables, organ=args.organ, sources=names)
    except gkstats.GkError as exc:
        print(f"consolidate_units: {exc.message('zh')}", file=sys.stderr)
        return 2
    args.output.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(gkstats.table_to_json(result.table), ensure_ascii=False, indent=1)
    _atomic_text(args.output, payload + "\n")
    if args.details:
        args.details.parent.mkdir(parents=True, exist_ok=True)
        _atomic_text(args.details, details_csv(result, names), encoding="utf-8-sig")
    print(f"已汇总 {len(tables)} 个单位（{result.table.format.id}，{result.table.year} 年度）"
          f" → {args.output}")  # fmt: skip
    for unit in result.units:
        mark = "✓" if unit.valid else "✗"
        why = f"：{unit.errors} 个错误；{unit.first_error}" if not unit.valid else ""
        print(f"  {mark} {unit.organ}（{unit.source}）{why}")
    return 1 if result.flagged else 0


if __name__ == "__main__":
    sys.exit(main())
