"""The example files and scripts (``gkstats.examples``) do what they say, run as a user runs them.

``gkstats example DIR`` writes the files the quick starts use: each is read back with the
reader a user would use (the workbooks with the workbook reader, the reports with the
parser) and must hold the table it was made from.  Each script is run as a separate process
(``python 示例/x.py …``, from the folder ``gkstats example`` wrote it to) on real files:
filled workbooks written with the template, HTML reports written by the report renderer and
parsed back, and — when the shared corpus is there — real published reports compared with
their hand-checked figures.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import valid_tables

import gkstats
from gkstats import examples as example
from gkstats.cli import main as gkstats_main
from gkstats.consolidate import consolidate
from gkstats.parse import parse_report
from gkstats.workbook import read_file

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = Path(str(resources.files("gkstats.examples")))
CORPUS = ROOT / ".." / "shared" / "corpus"


def run(script: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def as_text(value: object) -> str:
    return "" if value is None else str(value)


# --- gkstats example -------------------------------------------------------------------------


def _example(folder: Path, *args: str) -> tuple[int, str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = gkstats_main(["example", str(folder), *args])
    return code, out.getvalue()


def test_gkstats_example_writes_every_file_the_quick_starts_use(tmp_path: Path) -> None:
    code, printed = _example(tmp_path / "示例")
    assert code == 0, printed
    written = sorted(p.relative_to(tmp_path / "示例").as_posix()
                     for p in (tmp_path / "示例").rglob("*") if p.is_file())  # fmt: skip
    expected = sorted(e.path for e in example.examples())
    assert written == expected
    # each file named once in what the command prints, with what it is
    assert [line.split()[0] for line in printed.splitlines()[1:]] == [
        f"{tmp_path / '示例'}/{e.path}" for e in example.examples()
    ]


def test_the_example_workbooks_and_reports_hold_their_tables(tmp_path: Path) -> None:
    assert _example(tmp_path)[0] == 0
    slip, right = example.demo_table(), example.demo_table(fixed=True)
    workbooks = {
        "本单位2025.xlsx": slip,
        "本单位2025_改正后.xlsx": right,
        "收到的年报/甲局.xlsx": slip.replace(organ="示例县甲局"),
        "收到的年报/乙局.xlsx": right.replace(organ="示例县乙局"),
        "收到的年报/丙镇.xlsx": right.replace(organ="示例县丙镇人民政府"),
    }
    for name, table in workbooks.items():
        read = read_file(tmp_path / name).table
        assert (read.organ, read.cells, read.narrative) == (
            table.organ, table.cells, table.narrative), name  # fmt: skip
    reports = {"年报/示例县甲局2025.html": "示例县甲局", "年报/示例县乙局2025.html": "示例县乙局"}
    for name, organ in reports.items():
        parsed = parse_report(tmp_path / name)
        ok = {c: v for c, v in slip.cells.items() if v is not None}
        expected = {**ok, **({} if "甲局" in name else {example.DEMO_SLIP[0]: 16})}
        assert (parsed.table.organ, parsed.table.year) == (organ, 2025)
        assert {c: parsed.table[c] for c in expected} == expected
    assert not parse_report(tmp_path / "年报/示例县甲局2025.html").check.valid
    assert parse_report(tmp_path / "年报/示例县乙局2025.html").check.valid
    for name in example.SCRIPTS:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes()


def test_gkstats_example_never_replaces_a_file_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "年报").mkdir()
    mine = tmp_path / "年报" / "示例县乙局2025.html"
    mine.write_text("我自己的文件", "utf-8")
    code, printed = _example(tmp_path)
    assert (code, "已有示例文件" in printed, "--overwrite" in printed) == (2, True, True)
    assert mine.read_text("utf-8") == "我自己的文件"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [mine.name]
    code, printed = _example(tmp_path, "--overwrite")
    assert code == 0, printed
    assert parse_report(mine).table.organ == "示例县乙局"


def test_gkstats_example_into_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("", "utf-8")
    code, printed = _example(tmp_path / "x")
    assert (code, "不是一个文件夹" in printed, "Traceback" in printed) == (2, True, False)


def test_the_example_scripts_run_from_where_gkstats_example_put_them(tmp_path: Path) -> None:
    assert _example(tmp_path / "示例")[0] == 0
    done = subprocess.run(
        [sys.executable, "示例/reports_to_csv.py", "示例/年报", "-o", "d.csv"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [r["organ"] for r in read_csv(tmp_path / "d.csv")] == ["示例县乙局", "示例县甲局"]


# --- make_example_workbook ------------------------------------------------------------------


def test_the_example_workbook_holds_the_demo_table_with_its_slip(tmp_path: Path) -> None:
    done = run("make_example_workbook.py", "-o", "示例.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    read = read_file(tmp_path / "示例.xlsx").table
    demo = example.demo_table()
    assert read.cells == demo.cells
    assert (read.format.id, read.year, read.organ) == ("f2021", 2025, demo.organ)
    result = gkstats.check(read)
    assert {f.rule for f in result.errors} == {"F21-02", "F21-03"}
    assert read.addresses["t3.partial.natural"].endswith("!D9")


def test_the_fixed_example_workbook_is_valid_and_keeps_the_narrative(tmp_path: Path) -> None:
    done = run("make_example_workbook.py", "-o", "对.xlsx", "--fixed", "--organ", "乙局",
               cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    read = read_file(tmp_path / "对.xlsx").table
    assert gkstats.check(read).valid
    assert read.organ == "乙局"
    assert read["t3.partial.natural"] == 16
    assert read.narrative["overview"] == example.EXAMPLE_TEXT["overview"]


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=valid_tables())
def test_any_table_json_fills_its_own_template(tmp_path_factory: pytest.TempPathFactory,
                                               table: gkstats.Table) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("fill")
    (folder / "t.json").write_text(json.dumps(gkstats.table_to_json(table), ensure_ascii=False))
    left_out = example.fill(gkstats.read_table_json(folder / "t.json"), folder / "t.xlsx")
    read = read_file(folder / "t.xlsx").table
    assert read.format.id == table.format.id
    # only an optional row the official form does not print may have no place in the template
    assert all(table.format.cell(c).optional for c in left_out)
    expected = {c: (None if c in left_out else v) for c, v in table.cells.items()}
    assert {c: read[c] for c in table.cells} == expected


def test_a_bad_table_json_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "坏.json").write_text("{", "utf-8")
    done = run("make_example_workbook.py", "--json", "坏.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "坏.json" in done.stderr


# --- reports_to_csv --------------------------------------------------------------------------


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, gkstats.Table]:
    """Three HTML reports written by gkstats report, and one file that is not a report."""
    from gkstats.report import render

    folder = tmp_path / "年报"
    (folder / "二级").mkdir(parents=True)
    tables = {
        "甲局.html": example.demo_table(fixed=True).replace(organ="示例县甲局"),
        "二级/乙局.html": example.demo_table(fixed=True).replace(
            {"t2.penalty.decisions": 500, "t2.fees.amount": Decimal("12.5")}, organ="示例县乙局"),
        "丙镇.html": example.demo_table().replace(organ="示例县丙镇"),  # with its slip
    }  # fmt: skip
    for name, table in tables.items():
        render(table, folder / name, force=True)
    (folder / "说明.html").write_text("<html><body><p>这不是年报</p></body></html>", "utf-8")
    (folder / "~$锁定.html").write_text("lock", "utf-8")
    return tables


def test_reports_become_one_row_each_with_every_figure(
    tmp_path: Path, reports: dict[str, gkstats.Table]
) -> None:
    done = run("reports_to_csv.py", "年报", "-o", "out/数据集.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {r["file"]: r for r in read_csv(tmp_path / "out" / "数据集.csv")}
    assert set(rows) == {*reports, "说明.html"}
    assert rows["说明.html"]["status"] == "unreadable"
    assert rows["说明.html"]["reason"] != ""
    for name, table in reports.items():
        row = rows[name]
        assert (row["status"], row["format"], row["year"], row["organ"]) == (
            "parsed", "f2021", "2025", table.organ)  # fmt: skip
        assert {c: row[c] for c in table.cells} == {c: as_text(v) for c, v in table.cells.items()}
        assert row["valid"] == str(gkstats.check(table).valid)
    assert rows["丙镇.html"]["valid"] == "False"


def test_the_long_form_has_one_row_per_cell_with_its_status(
    tmp_path: Path, reports: dict[str, gkstats.Table]
) -> None:
    done = run("reports_to_csv.py", "年报", "-o", "长表.csv", "--long", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = read_csv(tmp_path / "长表.csv")
    fmt = gkstats.get_format("f2021")
    per_file: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        per_file.setdefault(r["file"], []).append(r)
    for name in reports:
        assert [r["cell"] for r in per_file[name]] == [c.id for c in fmt.cells]
        assert {r["status"] for r in per_file[name]} <= {"ok", "blank", "missing", "ambiguous"}
    ok = [r for r in per_file["甲局.html"] if r["status"] == "ok"]
    assert ok and all(r["value"] == as_text(reports["甲局.html"][r["cell"]]) for r in ok)


def test_an_empty_or_missing_folder_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    for folder in ("空", "没有"):
        done = run("reports_to_csv.py", folder, cwd=tmp_path)
        assert (done.returncode, "Traceback" in done.stderr) == (2, False)
    assert not (tmp_path / "数据集.csv").exists()


def _expected_cells(expected: dict[str, object], fmt: gkstats.Format) -> dict[str, object]:
    """The hand-checked figures of tables 三 and 四 by cell id (matched on the last labels)."""
    out: dict[str, object] = {}
    for item in expected["cells"]:  # type: ignore[attr-defined]
        if item["table"] not in ("三", "四"):
            continue
        for spec in fmt.cells:
            if (spec.table.number, spec.row_labels[-1], spec.column_labels[-1]) == (
                item["table"], item["row"], item["column"]):  # fmt: skip
                group = item.get("group")
                if group is None or group in spec.row_labels:
                    out[spec.id] = item["value"]
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus (../shared/corpus) is absent")
def test_real_published_reports_give_their_checked_figures(tmp_path: Path) -> None:
    htmls = sorted(CORPUS.glob("*.html"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in htmls:
        (folder / p.name).write_bytes(p.read_bytes())
    done = run("reports_to_csv.py", folder, "-o", "corpus.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {r["file"]: r for r in read_csv(tmp_path / "corpus.csv")}
    assert set(rows) == {p.name for p in htmls}
    parsed = [name for name, r in rows.items() if r["status"] == "parsed"]
    assert parsed, "no corpus report parsed"
    for name in parsed:
        expected_file = CORPUS / name.replace(".html", ".expected.json")
        if not expected_file.exists():
            continue
        expected = json.loads(expected_file.read_text("utf-8"))
        row = rows[name]
        assert (row["format"], row["year"]) == (expected["format"], str(expected["year"]))
        cells = _expected_cells(expected, gkstats.get_format(expected["format"]))
        assert {c: row[c] for c in cells} == {c: as_text(v) for c, v in cells.items()}


# --- consolidate_units -----------------------------------------------------------------------


def _units(folder: Path, *, slip: bool) -> list[gkstats.Table]:
    folder.mkdir()
    base = example.demo_table(fixed=True)
    more = {c: base[c] + 5 for c in ("t4.review.upheld", "t4.review.total")}  # type: ignore[operator]
    tables = [
        example.demo_table(fixed=not slip).replace(organ="示例县甲局"),
        base.replace(organ="示例县乙局"),
        base.replace(more, organ="示例县丙镇"),
    ]
    example.fill(tables[0], folder / "甲局.xlsx")
    example.fill(tables[1], folder / "乙局.xlsx")
    (folder / "丙镇.json").write_text(
        json.dumps(gkstats.table_to_json(tables[2]), ensure_ascii=False), "utf-8"
    )
    return tables


def test_units_are_summed_into_a_table_json_with_per_unit_details(tmp_path: Path) -> None:
    tables = _units(tmp_path / "收到", slip=False)
    done = run("consolidate_units.py", "收到", "-o", "汇总.json", "--organ", "示例县",
               "--details", "明细.csv", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    summed = gkstats.read_table_json(tmp_path / "汇总.json")
    assert summed == consolidate(tables, organ="示例县").table
    assert summed["t4.review.total"] == sum(t["t4.review.total"] for t in tables)  # type: ignore[misc]
    assert gkstats.check(summed).valid
    details = {r["cell"]: r for r in read_csv(tmp_path / "明细.csv")}
    assert set(details) == {c.id for c in summed.format.cells}
    row = details["t4.review.total"]
    # units in file-name order: 丙镇.json, 乙局.xlsx, 甲局.xlsx
    assert [row["丙镇.json"], row["乙局.xlsx"], row["甲局.xlsx"], row["sum"]] == [
        as_text(tables[2]["t4.review.total"]),
        as_text(tables[1]["t4.review.total"]),
        as_text(tables[0]["t4.review.total"]),
        as_text(summed["t4.review.total"]),
    ]


def test_a_unit_with_errors_is_summed_but_flagged(tmp_path: Path) -> None:
    _units(tmp_path / "收到", slip=True)
    done = run("consolidate_units.py", "收到", "-o", "汇总.json", cwd=tmp_path)
    assert done.returncode == 1
    assert "✗ 示例县甲局" in done.stdout
    assert (tmp_path / "汇总.json").exists()


def test_nothing_to_consolidate_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    done = run("consolidate_units.py", "空", cwd=tmp_path)
    assert (done.returncode, "Traceback" in done.stderr) == (2, False)
    assert not (tmp_path / "汇总.json").exists()
