import csv
import json

from fixtures import pingtan_2025, xz2017
from openpyxl import load_workbook

from gkstats import converter
from gkstats.batch import find_files, run_batch
from gkstats.cli import main


def make_folder(root):
    (root / "sub").mkdir(parents=True)
    good, broken = pingtan_2025(), pingtan_2025().replace({"t4.review.upheld": 52})
    expected = {}
    for k in range(12):
        table, valid = (good, True) if k % 3 else (broken, False)
        path = root / ("sub" if k % 2 else "") / f"unit{k:02}.json"
        path.write_text(json.dumps(converter.unstructure(table), ensure_ascii=False), "utf-8")
        expected[str(path)] = ("checked", valid)
    legacy = root / "legacy.json"
    legacy.write_text(json.dumps(converter.unstructure(xz2017()), ensure_ascii=False))
    expected[str(legacy)] = ("checked", False)  # its blank 申请办结数 (L-15)
    for name, content in (("bad.json", "{oops"), ("notes.xlsx", "just text"), ("e.json", "[]")):
        (root / name).write_text(content)
        expected[str(root / name)] = ("unreadable", None)
    (root / "photo.png").write_bytes(b"\x89PNG")
    expected[str(root / "photo.png")] = ("unreadable", None)
    (root / ".hidden.json").write_text("{}")
    (root / "~$unit00.xlsx").write_text("lock")
    return expected


def test_batch_never_stops_and_summarises_every_file(tmp_path):
    expected = make_folder(tmp_path / "in")
    files = find_files(tmp_path / "in")
    result = run_batch(files, workers=2)
    actual = {r.path: (r.status, r.valid) for r in result.files}
    assert actual == expected
    unreadable = [r for r in result.files if r.status == "unreadable"]
    assert all(r.reason for r in unreadable)
    broken = [r for r in result.files if r.valid is False and r.format != "legacy"]
    assert all(r.errors == 1 and "F21-04" in r.first_finding for r in broken)
    assert {f.rule for f in result.findings if f.severity == "error"} == {"F21-04", "L-15"}


def test_batch_cli_writes_json_csv_and_xlsx(tmp_path, capsys):
    expected = make_folder(tmp_path / "in")
    out = tmp_path / "summary.json"
    assert main(["batch", str(tmp_path / "in"), "--out", str(out), "--workers", "2"]) == 1
    data = json.loads(out.read_text())
    assert {f["path"]: f["status"] for f in data["files"]} == {k: v[0] for k, v in expected.items()}
    assert set(data["files"][0]) >= {"path", "status", "format", "year", "organ", "valid",
                                     "errors", "warnings", "reason"}  # fmt: skip
    assert "已校验 13" in capsys.readouterr().out
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "s.csv"), "--quiet"]) == 1
    rows = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8-sig")))
    assert len(rows) == len(expected)
    assert (tmp_path / "s.findings.csv").exists()
    assert main(["batch", str(tmp_path / "in"), "--out", str(tmp_path / "s.xlsx"), "--quiet"]) == 1
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames == ["文件", "问题"] and wb["文件"].max_row == len(expected) + 1


def test_batch_bad_arguments(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "none"), "--out", str(tmp_path / "s.json")]) == 2
    assert main(["batch", str(tmp_path), "--out", str(tmp_path / "s.txt")]) == 2
