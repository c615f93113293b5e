"""Files that are not workbooks, or too big to open safely, are refused with a message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from gkstats import GkError
from gkstats.readers import read_table
from gkstats.workbook import _calamine, read_file
from gkstats.workbook._safety import check_workbook_file


def _code(path: Path, fast: bool = False) -> str:
    with pytest.raises(GkError) as err:
        read_file(path, fast=fast)
    assert err.value.zh and err.value.en
    return err.value.code


def test_text_renamed_to_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("这不是工作簿", encoding="utf-8")
    assert _code(path) == "not_a_workbook"
    with pytest.raises(GkError):
        read_table(path)


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert _code(path) == "not_a_workbook"


def test_old_xls_or_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert _code(path) == "old_or_encrypted_workbook"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert _code(tmp_path / "nope.xlsx") == "file_not_found"
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    assert _code(folder) == "not_a_file"


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.xlsx"
    openpyxl.Workbook().save(path)
    with path.open("ab") as fh:
        fh.write(b"\0" * (2 * 2**20))
    monkeypatch.setenv("GKSTATS_MAX_WORKBOOK_MB", "1")
    assert _code(path) == "workbook_too_large"


def test_archive_that_would_unpack_too_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (3 * 2**20))
    monkeypatch.setenv("GKSTATS_MAX_UNPACKED_MB", "2")
    assert _code(path) == "workbook_unpacks_too_large"
    if _calamine.available():
        assert _code(path, fast=True) == "workbook_unpacks_too_large"


def test_a_highly_compressed_part_is_a_bomb(tmp_path: Path) -> None:
    path = tmp_path / "ratio.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/zeros.bin", b"\0" * (20 * 2**20))
    with pytest.raises(GkError) as err:
        check_workbook_file(path)
    assert err.value.code == "workbook_unpacks_too_large"


def test_damaged_xml_inside_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    items["xl/workbook.xml"] = b"<workbook><not closed"
    with zipfile.ZipFile(path, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)
    assert _code(path) == "bad_workbook"


def test_entity_expansion_is_never_expanded(tmp_path: Path) -> None:
    """A billion-laughs workbook: the XML parsers openpyxl uses (lxml without entity
    resolution, or defusedxml) do not expand it, so it ends in a message, not in memory."""
    path = tmp_path / "entities.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    chain = b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    doctype = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">' + chain + b"]>"
    sheet = items["xl/worksheets/sheet1.xml"]
    sheet = sheet.split(b"?>", 1)[1] if b"?>" in sheet else sheet
    sheet = sheet.replace(
        b"<sheetData/>",
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData>',
    )
    items["xl/worksheets/sheet1.xml"] = doctype + sheet
    with zipfile.ZipFile(path, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)
    assert _code(path) in ("bad_workbook", "no_table_found")


# --- issue 16: dense sheets, cell limits, escapes ------------------------------------------


def _base(tmp_path: Path, shared: bool = False) -> Path:
    from fixtures import pingtan_2025
    from hostile_files import with_shared_strings
    from workbook_support import filled_template

    path = filled_template(pingtan_2025(), tmp_path / "base.xlsx")
    return with_shared_strings(path, tmp_path / "shared.xlsx") if shared else path


def _both(path: Path) -> list[object]:
    """The table read on every path there is (streamed; calamine when installed)."""
    reads = [read_file(path).table]
    if _calamine.available():
        reads.append(read_file(path, fast=True).table)
    return reads


def test_regression_styled_empty_cells_are_skipped_not_loaded(tmp_path: Path) -> None:
    # 22 million of them took 8 GB: the streamed reader takes them out before parsing
    from hostile_files import styled_empty_rows, with_sheet

    base = _base(tmp_path)
    dense = with_sheet(base, tmp_path / "dense.xlsx", styled_empty_rows(3000, 40))
    expected = read_file(base).table
    assert [expected] * len(_both(dense)) == _both(dense)
    from gkstats.workbook import StreamWorkbook

    with StreamWorkbook(dense) as wb:
        assert {} == dict(wb.read_sheet("附表").values)


@pytest.mark.parametrize("fast", [False, True])
def test_regression_cells_beyond_the_limit_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    from hostile_files import styled_empty_rows, value_rows, with_sheet

    if fast and not _calamine.available():
        pytest.skip("python-calamine (the fast extra) is not installed")
    monkeypatch.setenv("GKSTATS_MAX_CELLS", "50000")
    base = _base(tmp_path)
    empty = with_sheet(base, tmp_path / "empty.xlsx", styled_empty_rows(1000, 60))
    with pytest.raises(GkError) as err:
        read_file(empty, fast=fast)
    assert err.value.code == "workbook_too_many_cells"
    assert "超过 50,000 个" in err.value.zh and "GKSTATS_MAX_CELLS" in err.value.zh
    full = with_sheet(base, tmp_path / "full.xlsx", value_rows(1000, 30))  # 30,000 elements
    with pytest.raises(GkError) as err:
        read_file(full, fast=fast)
    assert "有内容的单元格或其他 XML 元素超过 25,000 个" in err.value.zh


def test_changing_a_workbook_takes_a_smaller_share_of_the_cell_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hostile_files import styled_empty_rows, with_sheet

    from gkstats.workbook import OpenpyxlWorkbook

    monkeypatch.setenv("GKSTATS_MAX_CELLS", "200000")
    dense = with_sheet(_base(tmp_path), tmp_path / "d.xlsx", styled_empty_rows(500, 40))
    assert read_file(dense).table.format.id == "f2021"  # 20,000 cells: read
    with pytest.raises(GkError) as err:
        OpenpyxlWorkbook.open(dense)  # but more than openpyxl may load to change
    assert "拒绝修改" in err.value.zh


def test_regression_two_figures_far_apart_do_not_make_the_fast_reader_abort(
    tmp_path: Path,
) -> None:
    # calamine lays a sheet out as a dense grid: A1 and XFD1048576 asked for 550 GB and
    # aborted the process (a whole batch with it); such a sheet is read streamed instead
    import subprocess
    import sys

    from hostile_files import with_part

    if not _calamine.available():
        pytest.skip("python-calamine (the fast extra) is not installed")
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    path = with_part(  # in 表三's own sheet, which is read
        _base(tmp_path), tmp_path / "corner.xlsx", "xl/worksheets/sheet2.xml",
        lambda d: d.replace(b"</sheetData>", far),
    )  # fmt: skip
    code = (
        "import sys; from gkstats.workbook import read_file; "
        "print(read_file(sys.argv[1], fast=True).table.format.id)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False
    )
    assert (0, "f2021") == (run.returncode, run.stdout.strip()), run.stderr[-500:]


@pytest.mark.parametrize("shared", [False, True])
def test_regression_excel_escapes_read_the_same_on_every_path(tmp_path: Path, shared: bool) -> None:
    from hostile_files import with_part

    base = _base(tmp_path, shared)
    part = "xl/sharedStrings.xml" if shared else "xl/worksheets/sheet4.xml"
    cases = {
        "A_x000B_B": "A\x0bB",
        "_x4E2D__x6587_局": "中文局",
        "c_x005F_x000B_d": "c_x000B_d",
        "_xD83D__xDE00_局": "😀局",
        "_x0041__x0042_": "AB",
    }
    organ = "".join(f"&#{ord(ch)};" for ch in "平潭综合实验区").encode()  # as openpyxl wrote it
    for written, meant in cases.items():
        path = with_part(
            base, tmp_path / "e.xlsx", part, lambda d, w=written: d.replace(organ, w.encode())
        )
        organs = [getattr(t, "organ", None) for t in _both(path)]
        assert [meant] * len(organs) == organs


@pytest.mark.parametrize("value", [b"9" * 5000, b"1e999"])
def test_regression_a_huge_number_in_a_cell_is_a_finding_on_every_path(
    tmp_path: Path, value: bytes
) -> None:
    from fixtures import pingtan_2025
    from hostile_files import with_part

    from gkstats import check

    base = _base(tmp_path)
    figure = str(pingtan_2025()["t3.new.natural"]).encode()
    sheet = "xl/worksheets/sheet2.xml"

    def edit(data: bytes) -> bytes:
        at = data.index(b"<v>%s</v>" % figure)
        return data[:at] + b"<v>%s</v>" % value + data[at + len(figure) + 7 :]

    path = with_part(base, tmp_path / "n.xlsx", sheet, edit)
    tables = _both(path)
    assert len({repr(t) for t in tables}) == 1
    result = check(tables[0])  # type: ignore[arg-type]
    assert [f for f in result.findings if f.status == "fail" and "「" in f.message.zh]
