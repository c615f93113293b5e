"""``gkstats parse``, the readers for report files, and PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fixtures import pingtan_2025, xz2017
from parse_samples import to_docx, to_html, to_text

from gkstats import GkError
from gkstats.cli import main
from gkstats.parse import Status, parse_report
from gkstats.readers import read_table
from gkstats.values import Unreadable


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(to_html(pingtan_2025()), encoding="utf-8")
    return path


def test_parse_json(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(report), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["format"], data["year"], data["organ"]) == ("f2021", 2025, "平潭综合实验区")
    cell = next(c for c in data["cells"] if c["id"] == "t3.partial.natural")
    assert cell["row"] == [
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]
    assert cell["column"] == ["申请人情况", "自然人"]
    assert (cell["value"], cell["status"]) == (38, "ok")
    money = next(c for c in data["cells"] if c["id"] == "t2.fees.amount")
    assert money["value"] == "4166.241619" and money["section"] == "第二十条第（八）项"
    optional = next(c for c in data["cells"] if c["id"] == "t3.other.total")
    assert (optional["status"], optional["value"], optional["optional"]) == ("missing", None, True)
    assert data["findings"] == [] or all(f["severity"] != "error" for f in data["findings"])


def test_parse_text_output_in_both_languages(
    report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(report)]) == 0
    out = capsys.readouterr().out
    assert "识别：f2021" in out and "校验通过" in out
    assert main(["parse", str(report), "--lang", "en"]) == 0
    assert "read as f2021" in capsys.readouterr().out


def test_ambiguous_cells_are_findings_with_their_candidates_and_how_to_settle_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(to_text(pingtan_2025()), encoding="utf-8")
    assert main(["parse", str(path)]) == 1  # not a pass: figures could not be read
    out = capsys.readouterr().out
    assert "t2.normative.issued" in out and "可能是" in out and "58" in out
    assert f"gkstats parse {path} --set t2.normative.issued=值" in out


def test_errors_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(tmp_path / "none.html")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    (tmp_path / "local.txt").write_text(
        "某县2016年度政府信息公开工作年度报告\n主动公开文件数 条 3460", "utf-8"
    )
    assert main(["parse", str(tmp_path / "local.txt")]) == 2
    err = capsys.readouterr().err
    assert "未识别" in err and "Traceback" not in err
    assert main(["parse", str(tmp_path / "local.txt"), "--format", "nope"]) == 2


def test_directory_keeps_going_past_a_bad_file(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(report, folder / "a.html")
    (folder / "b.txt").write_text("没有统计表的报告 2020年度", "utf-8")
    (folder / "notes.json").write_text("{}", "utf-8")
    assert main(["parse", str(folder), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [Path(d["source"]).name for d in data] == ["a.html", "b.txt"]
    assert data[0]["format"] == "f2021" and data[1]["error"]["code"] == "unknown_form"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["parse", str(empty)]) == 2


def test_read_table_dispatches_reports(tmp_path: Path, report: Path) -> None:
    table = read_table(report)
    assert table == pingtan_2025().replace(narrative=table.narrative)
    legacy = tmp_path / "legacy.txt"
    legacy.write_text(to_text(xz2017(), sep="\n"), encoding="utf-8")
    assert read_table(legacy).format.id == "legacy"


def test_read_table_keeps_ambiguous_cells_unreadable_with_their_candidates(
    tmp_path: Path,
) -> None:
    path = tmp_path / "run.txt"
    path.write_text(to_text(pingtan_2025()), encoding="utf-8")
    table = read_table(path)  # not refused whole: the rest of the report is read
    cell = table["t2.normative.issued"]
    assert isinstance(cell, Unreadable) and "58" in cell.candidates
    assert table["t3.total.total"] == pingtan_2025()["t3.total.total"]


def test_docx(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    table = pingtan_2025()
    result = parse_report(
        to_docx(table, tmp_path / "r.docx", narrative="一、总体情况\n收到申请154件。")
    )
    assert result.kind == "docx" and result.table == table.replace(narrative=result.table.narrative)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(GkError) as err:
        parse_report(bad)
    assert err.value.code == "bad_docx"


def test_pdf_from_word(tmp_path: Path) -> None:
    """A Word report turned into PDF by LibreOffice, read back with pdfplumber."""
    pytest.importorskip("pdfplumber")
    pytest.importorskip("docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to read")
    table = pingtan_2025()
    source = to_docx(table, tmp_path / "r.docx")
    run = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "r.pdf"
    if run.returncode != 0 or not pdf.exists():
        pytest.skip(f"soffice could not convert: {run.stderr[-200:]!r}")
    result = parse_report(pdf)
    assert result.kind == "pdf"
    for spec in table.format.cells:
        reading = result.reading(spec.id)
        if spec.optional and reading.status is Status.MISSING:
            continue
        assert reading.status is Status.OK and result.table[spec.id] == table[spec.id], spec.id
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(GkError):
        parse_report(bad)
