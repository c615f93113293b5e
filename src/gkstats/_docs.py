"""Docs pages generated from the declarations, so the catalogue can never drift from the code.

``python -m gkstats._docs docs`` rewrites ``docs/rules.md`` and ``docs/formats.md``; a test
fails when the committed pages differ from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ._docs_cli import cli_markdown
from .formats import FORMATS, Format
from .rules import Needs, default_rules


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    lines = [
        "# 规则目录 / Rule catalogue",
        "",
        "本页由 `python -m gkstats._docs docs` 根据规则数据生成，请勿手工修改；"
        "`gkstats rules` 列出同样的规则。规则编号与 `spec/formats.md` 第4节一致，"
        "GK- 开头的是 gkstats 自设的规则（非官方）。",
        "",
        "严重程度：**错误**必须改正；**警告**需改正或说明；**提示**供参考。"
        "输入为空白或无法识别时，该项记为「无法核对」（提示），不会静默通过。",
        "",
        "何时核对：" + "；".join(f"**{n.get('zh')}**" for n in Needs) + "。"
        "跨年度规则需要上年的表：`gkstats check 本年.json --previous 上年.json`；"
        "生成年度报告时的规则作为提示列出（`gkstats report`），不妨碍生成报告。",
        "",
    ]
    for fmt in FORMATS:
        lines += [
            f"## {fmt.id}：{fmt.title}（{fmt.basis}）",
            "",
            "| 编号 | 严重程度 | 类型 | 何时核对 | 规则 | 公式 | 条目数 | 来源 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in default_rules(fmt).rules:
            lines.append(
                f"| {r.id} | {r.severities('zh')} | {r.kind.zh} | {r.needs.get('zh')} "
                f"| {_cell(r.title.zh)} | {_cell(r.description.zh)} | {len(r.items) or '—'} "
                f"| {_cell(r.source)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _format_section(fmt: Format) -> list[str]:
    out = [
        f"## {fmt.id}：{fmt.title}",
        "",
        f"依据 {fmt.basis}，适用于 {fmt.span()}的报告。",
        "",
    ]
    for table in fmt.tables:
        out += [
            f"### {table.title}",
            "",
            # the table as the template draws it (docs/_build/pictures.py renders it)
            f"![{fmt.id} {table.title}：模板](images/template-{fmt.id}-{table.key}.png)",
            "",
            "| 单元格编号 | 行 | 列 | 单位 | 类型 |",
            "|---|---|---|---|---|",
        ]
        for c in fmt.cells:
            if c.table is not table:
                continue
            row = " › ".join(c.row_labels)
            col = " › ".join(c.column_labels)
            flag = "（可选）" if c.optional else ""
            out.append(
                f"| `{c.id}`{flag} | {_cell(row)} | {_cell(col)} | {c.unit} | {c.kind.value} |"
            )
        out.append("")
    return out


def formats_markdown() -> str:
    lines = [
        "# 表格格式 / Formats",
        "",
        "本页由 `python -m gkstats._docs docs` 根据格式声明生成，请勿手工修改。",
        "每个单元格有稳定的编号（表格 JSON 的键、Excel 模板中名称 `GK_<编号>`）。",
        "",
    ]
    for fmt in FORMATS:
        lines += _format_section(fmt)
    return "\n".join(lines)


PAGES = {"rules.md": rules_markdown, "formats.md": formats_markdown, "cli.md": cli_markdown}


def main(argv: list[str]) -> int:
    target = Path(argv[0] if argv else "docs")
    target.mkdir(parents=True, exist_ok=True)
    for name, make in PAGES.items():
        (target / name).write_text(make() + "\n", encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
