"""Issue 8: bounded resources. Every limit refuses with a clear message, quickly, and each can
be raised by its environment variable."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from gkstats import GkError
from gkstats.cli import main
from gkstats.readers import read_table


def _refused(path: Path) -> GkError:
    with pytest.raises(GkError) as err:
        read_table(path)
    return err.value


def test_a_report_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body>" + b"<p>1</p>" * 300_000 + b"</body></html>")
    monkeypatch.setenv("GKSTATS_MAX_REPORT_MB", "1")
    err = _refused(page)
    assert err.code == "report_too_large" and "GKSTATS_MAX_REPORT_MB" in err.zh


@pytest.mark.slow
def test_a_1gb_zip_bomb_disguised_as_docx_or_xlsx_is_refused_fast(tmp_path):
    for suffix, required in ((".docx", "word/document.xml"), (".xlsx", "xl/workbook.xml")):
        bomb = tmp_path / f"bomb{suffix}"
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(required, "<x/>")
            with z.open("zeros.bin", "w", force_zip64=True) as part:
                chunk = b"\0" * 2**24
                for _ in range(64):  # 1 GiB of zeros, ~1 MB packed
                    part.write(chunk)
        assert bomb.stat().st_size < 5 * 2**20
        start = time.perf_counter()
        err = _refused(bomb)
        assert time.perf_counter() - start < 5
        assert "unpack" in err.code and "解压" in err.zh


def test_billion_laughs_in_a_docx_is_not_expanded(tmp_path):
    docx = pytest.importorskip("docx")
    path = tmp_path / "laughs.docx"
    docx.Document().save(path)
    with zipfile.ZipFile(path) as z:
        items = {n: z.read(n) for n in z.namelist()}
    chain = b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    )
    body = items["word/document.xml"].split(b"?>", 1)[1]
    items["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">' + chain + b"]>" + body
    )
    with zipfile.ZipFile(path, "w") as z:
        for n, data in items.items():
            z.writestr(n, data)
    start = time.perf_counter()
    _refused(path)
    assert time.perf_counter() - start < 5


def test_long_runs_of_digits_parse_in_bounded_time(tmp_path):
    text = tmp_path / "digits.txt"
    text.write_text("三、收到和处理政府信息公开申请情况\n" + "7" * 200_000 + "\n", "utf-8")
    start = time.perf_counter()
    with pytest.raises(GkError):
        read_table(text)
    assert time.perf_counter() - start < 10


def test_the_cli_shows_the_limit_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    page = tmp_path / "big.html"
    page.write_bytes(b"<p>" + b"x" * (2 * 2**20) + b"</p>")
    monkeypatch.setenv("GKSTATS_MAX_REPORT_MB", "1")
    assert main(["parse", str(page)]) == 2
    err = capsys.readouterr().err
    assert "超过 1 MB 的上限" in err and "Traceback" not in err


def test_every_limit_is_documented_with_its_variable():
    from gkstats._limits import LIMITS

    safety = (Path(__file__).parent.parent / "docs" / "safety.md").read_text("utf-8")
    undocumented = [env for env, *_ in LIMITS.values() if f"`{env}`" not in safety]
    assert [] == undocumented


@pytest.mark.parametrize(("value", "expected"), [("7", 7), ("0", 60), ("-3", 60), ("x", 60)])
def test_a_limit_takes_a_positive_whole_number_from_its_variable(monkeypatch, value, expected):
    from gkstats._limits import limit

    monkeypatch.setenv("GKSTATS_FILE_SECONDS", value)
    assert expected == limit("file_seconds")
