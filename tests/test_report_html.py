"""The HTML report (standalone, semantic tables, print CSS) and the Markdown report."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fixtures import pingtan_2020, pingtan_2025, xz2017

from gkstats import Table
from gkstats.cli._core import demo_table
from gkstats.report import build_context, render, render_bytes
from gkstats.report._blocks import grids
from gkstats.report.markdown import table_rows
from gkstats.report.selfcheck import expected_rows, verify

DATE = dt.date(2026, 1, 20)


def f2021() -> Table:
    return demo_table().replace(
        {"t3.partial.natural": 16},
        narrative={
            "overview": "总体情况<script>alert(1)</script> & 更多。",
            "problems": "问题。",
            "other": "本年度未收取信息处理费。",
        },
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(html)
    return p.tags


def test_html_is_standalone_and_escapes_user_text() -> None:
    html = render_bytes(build_context(f2021(), date=DATE), "html").decode()
    found = tags(html)
    names = {t for t, _ in found}
    assert not names & {"script", "link", "img", "iframe", "object", "embed"}
    assert not any(k in ("src", "href") for _, a in found for k in a)
    assert not re.search(r"url\(|@import|https?://", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 更多。" in html
    assert '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in html
    assert "thead { display: table-header-group; }" in html


def test_html_tables_are_semantic_with_official_spans() -> None:
    table = f2021()
    ctx = build_context(table, date=DATE)
    html = render_bytes(ctx, "html").decode()
    found = tags(html)
    assert [t for t, _ in found].count("table") == 3
    assert [t for t, _ in found].count("thead") == 2  # tables 三 and 四
    headers = [a for t, a in found if t == "th"]
    assert {"col", "colgroup", "row", "rowgroup"} <= {a.get("scope") for a in headers}
    cells = {a["data-cell"]: a for t, a in found if t == "td" and "data-cell" in a}
    drawn = [c.cell_id for g in grids(ctx) for c in g.values()]
    assert sorted(cells) == sorted(drawn)
    assert '<th class="gk-header" scope="col" colspan="7">' not in html  # 申请人情况 is a group
    assert '<th class="gk-header" scope="colgroup" colspan="7">申请人情况</th>' in html
    assert (
        '<th class="gk-label gk-group" scope="rowgroup" rowspan="22">三、本年度办理结果</th>'
        in html
    )
    assert '<td class="gk-value" data-cell="t3.new.total">98</td>' in html
    assert '<th class="gk-header" scope="colgroup" colspan="10">行政诉讼</th>' in html
    # sections, headings, signature
    assert [a.get("id") for t, a in found if t == "h2"] == [f"gk-s{i}" for i in range(1, 7)]
    assert '<time datetime="2026-01-20">2026年1月20日</time></p>' in html
    assert '<p class="gk-organ" style="padding-right: 2em">' in html
    assert verify(ctx, html.encode(), "html") == []


def test_html_selfcheck_catches_a_changed_figure() -> None:
    ctx = build_context(f2021(), date=DATE)
    html = render_bytes(ctx, "html").decode()
    bad = html.replace('data-cell="t4.review.total">7<', 'data-cell="t4.review.total">8<')
    assert bad != html
    zh = [p.zh for p in verify(ctx, bad.encode(), "html")]
    assert any("应为「7」" in z for z in zh)
    assert any("与表中单元格 t4.review.total 之和 8 不一致" in z for z in zh)


def test_legacy_html_has_the_attachment() -> None:
    ctx = build_context(xz2017(), date=dt.date(2018, 3, 20))
    html = render_bytes(ctx, "html").decode()
    assert "附件：2017年度政府信息公开情况统计表" in html
    assert '<section class="gk-attachment">' in html
    assert '<p class="gk-subtitle">（2017年度）</p>' in html
    assert verify(ctx, html.encode(), "html") == []


def test_markdown_tables_and_headings() -> None:
    table = f2021()
    ctx = build_context(table, date=DATE)
    md = render_bytes(ctx, "md").decode()
    lines = md.splitlines()
    assert lines[0] == "# 示例县人民政府办公室2025年政府信息公开工作年度报告"
    assert [x[3:] for x in lines if x.startswith("## ")] == list(table.format.sections)
    assert "| 一、本年新收政府信息公开申请数量 |  |  | 86 | 9 | 0 | 1 | 2 | 0 | 98 |" in lines
    assert "| 5 | 1 | 0 | 1 | 7 | 2 | 0 | 1 | 0 | 3 | 1 | 0 | 0 | 0 | 1 |" in lines
    assert "总体情况\\<script\\>alert(1)\\</script\\> \\& 更多。" in md  # issue 16: & too
    assert verify(ctx, md.encode(), "md") == []
    grid = grids(ctx)[1]
    assert table_rows(grid)[0][3] == "申请人情况" and table_rows(grid)[0][4] == ""
    assert expected_rows(grid, merged=False) == table_rows(grid)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_every_format_renders_and_verifies(tmp_path: Path, suffix: str) -> None:
    for i, table in enumerate((f2021(), pingtan_2020(), xz2017(), pingtan_2025())):
        out = tmp_path / f"r{i}{suffix}"
        done = render(table, out, date=DATE, force=True)
        assert done.path == out and out.exists()
        assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def _html_reader_ready() -> bool:
    """gkstats.parse exists and has registered its HTML reader with gkstats.readers."""
    from gkstats import readers

    try:
        module = importlib.import_module("gkstats.parse")
    except ModuleNotFoundError:
        return False
    if getattr(module, "__file__", None) is None:  # a bare folder, not a package yet
        return False
    readers._load_builtin_readers()
    return ".html" in readers._READERS


@pytest.mark.skipif(
    not _html_reader_ready(),
    reason="gkstats.parse does not exist yet or registers no .html reader with "
    "gkstats.readers.read_table",
)
@pytest.mark.parametrize("which", ["f2021", "f2019", "legacy", "pingtan2025"])
def test_html_report_reads_back_to_the_same_table(tmp_path: Path, which: str) -> None:
    from gkstats.readers import read_table

    table = {"f2021": f2021, "f2019": pingtan_2020, "legacy": xz2017,
             "pingtan2025": pingtan_2025}[which]()  # fmt: skip
    out = tmp_path / "report.html"
    render(table, out, date=DATE, force=True)
    back = read_table(out)
    assert back.format == table.format
    assert back.year == table.year
    drawn = {c.cell_id for s in table.format.tables for c in _layout(s).values()}
    assert {k: v for k, v in back.cells.items() if k in drawn} == {
        k: v for k, v in table.cells.items() if k in drawn
    }


def _layout(spec: object) -> object:
    from gkstats.report.layout import layout

    return layout(spec)  # type: ignore[arg-type]


def test_markdown_keeps_user_text_literal() -> None:
    table = f2021().replace(
        narrative={
            "overview": "- 不是列表\n1. 也不是\n> 不是引用\n*强调*与[链接](x)",
            "problems": "问题。",
            "other": "信息处理费：无。",
        }
    )
    ctx = build_context(table, date=DATE)
    md = render_bytes(ctx, "md").decode()
    assert "\\- 不是列表" in md and "1\\. 也不是" in md and "\\> 不是引用" in md
    assert "\\*强调\\*与\\[链接\\](x)" in md
    assert verify(ctx, md.encode(), "md") == []
