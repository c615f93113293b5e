"""``gkstats report``: where it writes, what it refuses, what it says, and its exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkstats import Table, table_to_json
from gkstats.cli import main
from gkstats.cli._core import demo_table
from gkstats.report import Problem, default_output, render_file
from gkstats.report import selfcheck as selfcheck_module

NARRATIVE = {"overview": "总体。", "problems": "问题。", "other": "本年度未收取信息处理费。"}


def write_json(path: Path, table: Table) -> Path:
    path.write_text(json.dumps(table_to_json(table), ensure_ascii=False), encoding="utf-8")
    return path


def good(tmp_path: Path) -> Path:
    table = demo_table().replace({"t3.partial.natural": 16}, narrative=NARRATIVE)
    return write_json(tmp_path / "示例 2025.json", table)


def bad(tmp_path: Path) -> Path:
    return write_json(tmp_path / "bad.json", demo_table())  # 部分公开·自然人 typed 61 for 16


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writes_next_to_the_input_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = good(tmp_path)
    assert main(["report", str(src), "--date", "2026-01-20"]) == 0
    out = tmp_path / "示例 2025_年度报告.docx"
    assert out.exists() and out == default_output(src)
    printed = capsys.readouterr().out
    assert f"已生成报告：{out.resolve()}" in printed
    assert leftovers(tmp_path) == []
    # never overwrites unless asked
    before = out.read_bytes()
    assert main(["report", str(src)]) == 2
    assert "文件已存在" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["report", str(src), "--overwrite", "--date", "2026-01-21"]) == 0
    assert out.read_bytes() != before


def test_errors_block_the_report_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = bad(tmp_path)
    out = tmp_path / "r.html"
    assert main(["report", str(src), "-o", str(out)]) == 1
    text = capsys.readouterr().out
    assert "F21-02" in text and "t3.partial.natural" in text and "未生成报告" in text
    assert not out.exists() and leftovers(tmp_path) == []
    assert main(["report", str(src), "-o", str(out), "--force"]) == 0
    text = capsys.readouterr().out
    assert out.exists()
    assert "已按 --force 生成；表格仍有 2 个错误" in text and "F21-03" in text
    # a switched-off rule does not block
    out2 = tmp_path / "r2.md"
    assert main(["report", str(src), "-o", str(out2), "--disable", "F21-02",
                 "--disable", "F21-03"]) == 0  # fmt: skip


def test_warnings_about_the_text_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = demo_table().replace({"t3.partial.natural": 16}, narrative={"other": "无。"})
    src = write_json(tmp_path / "t.json", table)
    assert main(["report", str(src), "-o", str(tmp_path / "r.md")]) == 0
    text = capsys.readouterr().out
    assert "F21-11" in text and "信息处理费" in text
    assert "「一、总体情况」没有文字" in text


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = good(tmp_path)
    assert main(["report", str(src), "-o", str(tmp_path / "r.md"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["output"] == str((tmp_path / "r.md").resolve())
    assert payload["kind"] == "md" and payload["check"]["valid"] and not payload["forced"]
    first = payload["sentences"][3]
    assert first["section"] == "t3"
    assert first["cites"][0] == {"cell": "t3.new.total", "value": 98}
    assert main(["report", str(bad(tmp_path)), "-o", str(tmp_path / "x.md"), "--json"]) == 1
    blocked = json.loads(capsys.readouterr().out)
    assert blocked["output"] is None and not blocked["check"]["valid"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "2026-02-30"], "无法识别日期"),
        (["-o", "r.pdf"], "不支持的报告文件类型"),
        (["-o", "missing/r.md"], "输出文件夹不存在"),
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    src = good(tmp_path)
    args = [a if not a.endswith((".pdf", ".md")) else str(tmp_path / a) for a in args]
    assert main(["report", str(src), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_input_and_output_onto_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "nope.json")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    src = good(tmp_path)
    with pytest.raises(Exception) as err:
        render_file(src, src.with_suffix(".md").with_suffix(".json"))
    assert "不能写到输入文件本身" in str(err.value)


def test_a_failed_selfcheck_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gkstats.report as report

    def broken(*args: object, **kw: object) -> list[Problem]:
        return [Problem("表三 第4行第4列为「68」，应为「86」", "table 三 cell differs")]

    monkeypatch.setattr(report, "verify", broken)
    out = tmp_path / "r.docx"
    assert main(["report", str(good(tmp_path)), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "报告自检未通过" in err and "应为「86」" in err
    assert not out.exists() and leftovers(tmp_path) == []
    assert selfcheck_module.verify is not broken


def test_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = good(tmp_path)
    assert main(["report", str(src), "-o", str(tmp_path / "r.html"), "--lang", "en"]) == 0
    assert "Report written:" in capsys.readouterr().out


def test_from_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip(
        "gkstats.readers.workbook", reason="the workbook reader (gkstats.readers.workbook) "
        "does not exist yet",
    )  # fmt: skip
    pytest.importorskip("docx", reason="python-docx (the docx extra) is not installed")
    import docx
    import openpyxl

    book = tmp_path / "年报 2025.xlsx"
    assert main(["template", "--format", "f2021", "--year", "2025", "--organ", "某县某局",
                 "-o", str(book)]) == 0  # fmt: skip
    capsys.readouterr()
    table = demo_table().replace({"t3.partial.natural": 16})
    wb = openpyxl.load_workbook(book)
    for spec, value in table.items():
        if value is None:
            continue
        for sheet, ref in wb.defined_names[spec.name].destinations:
            wb[sheet][ref.replace("$", "")].value = (
                value if isinstance(value, int) else float(value)
            )
    texts = {}
    for key, text in NARRATIVE.items():
        name = f"GK_text_{key}"
        if name in wb.defined_names:
            for sheet, ref in wb.defined_names[name].destinations:
                wb[sheet][ref.replace("$", "").split(":")[0]].value = text
                texts[key] = text
    wb.save(book)
    assert main(["report", str(book), "--date", "2026-01-20"]) == 0
    out = tmp_path / "年报 2025_年度报告.docx"
    assert f"已生成报告：{out.resolve()}" in capsys.readouterr().out
    doc = docx.Document(str(out))
    assert doc.tables[1].cell(3, 9).text == "98"  # 一、本年新收 · 总计
    paragraphs = [p.text for p in doc.paragraphs]
    assert "某县某局" in paragraphs
    for text in texts.values():
        assert text in paragraphs


def test_add_in_writes_next_to_the_workbook_without_replacing(tmp_path: Path) -> None:
    from gkstats.report import write_next_to

    source = tmp_path / "统计表.xlsx"
    table = demo_table().replace({"t3.partial.natural": 16}, narrative=NARRATIVE)
    first = write_next_to(table, source)
    assert first.rendered is not None
    assert first.rendered.path == tmp_path / "统计表_年度报告.docx"
    assert first.message() == f"已生成报告：{tmp_path / '统计表_年度报告.docx'}"
    second = write_next_to(table, source, suffix=".html")
    assert second.rendered is not None and second.rendered.path.name == "统计表_年度报告.html"
    third = write_next_to(table, source)
    assert third.rendered is not None
    assert third.rendered.path.name == "统计表_年度报告 (2).docx"
    blocked = write_next_to(demo_table(), source)
    assert blocked.rendered is None
    assert blocked.message().startswith("表格有 2 个错误，未生成报告")
    assert "F21-02" in blocked.message()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "统计表_年度报告 (2).docx",
        "统计表_年度报告.docx",
        "统计表_年度报告.html",
    ]


def test_left_out_sentences_are_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = Table.empty("f2021", 2025, "某单位").replace(narrative=NARRATIVE)
    src = write_json(tmp_path / "empty.json", table)
    assert main(["report", str(src), "-o", str(tmp_path / "r.md"), "--force"]) == 0
    out = capsys.readouterr().out
    assert "条数据语句因所引单元格空白或无法识别而未生成" in out


def test_without_python_docx_word_is_a_clear_error_and_html_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gkstats.report import docx as report_docx

    monkeypatch.setattr(report_docx, "HAVE_DOCX", False)
    src = good(tmp_path)
    assert main(["report", str(src), "-o", str(tmp_path / "r.docx")]) == 2
    # gkstats is not on PyPI: the packages the extra stands for, as pyproject lists them
    assert 'pip install "python-docx>=1.1"' in capsys.readouterr().err
    assert main(["report", str(src), "-o", str(tmp_path / "r.html")]) == 0
