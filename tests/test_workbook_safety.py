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
