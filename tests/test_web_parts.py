"""The web page's parts on their own: client file names, the one-time store, the charts' cells."""

from __future__ import annotations

import io
import json
import multiprocessing
import threading
import time

import pytest

pytest.importorskip("starlette", reason="the web page needs the web extra (starlette)")

from fixtures import pingtan_2025, xz2017
from web_support import fixed_table

from gkstats.web import _charts
from gkstats.web._store import ResultStore
from gkstats.web._uploads import display_name


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("示例单位.xlsx", "示例单位.xlsx"),
        ("C:\\Users\\张三\\Desktop\\表.xlsx", "表.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("..", "上传的文件"),
        ("", "上传的文件"),
        (None, "上传的文件"),
        ("a\x00b\r\n.json", "ab.json"),
    ],
)
def test_a_client_file_name_is_only_a_name(raw, shown):
    assert display_name(raw) == shown


def test_a_long_name_keeps_its_suffix():
    name = display_name("长" * 300 + ".xlsx")
    assert len(name) <= 121 and name.endswith(".xlsx")


def test_a_result_is_served_once():
    store = ResultStore()
    token = store.put("a.xlsx", "application/octet-stream", b"data")
    found = store.take(token)
    assert found is not None and (found.name, found.data) == ("a.xlsx", b"data")
    assert store.take(token) is None
    assert store.take("no-such-token") is None


def test_unfetched_results_expire_and_the_store_is_bounded():
    store = ResultStore(ttl=0.0)
    token = store.put("a", "x", b"1")
    assert store.take(token) is None
    small = ResultStore(max_bytes=10)
    first = small.put("a", "x", b"123456")
    second = small.put("b", "x", b"123456")
    assert (small.take(first), len(small)) == (None, 1)  # the oldest went first
    assert small.take(second) is not None


def test_the_chart_reads_applications_and_outcomes_from_the_declaration():
    table = fixed_table()
    flow = _charts.flow(table, "甲")
    assert flow is not None
    assert flow.applications == table["t3.new.total"]
    # the outcomes (（一）…（六）) add up to （七）总计 in a valid table
    assert sum(v for _, v in flow.outcomes) == table["t3.total.total"]
    assert [label for label, _ in flow.outcomes][:2] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ]


@pytest.mark.parametrize(
    ("table", "applications", "answered"),
    [
        (pingtan_2025(), "t3.new.total", "t3.total.total"),
        (xz2017(), "l.app_received", "l.app_answered"),
    ],
)
def test_the_chart_covers_the_national_and_the_legacy_forms(table, applications, answered):
    flow = _charts.flow(table, table.organ)
    assert flow is not None
    assert flow.applications == table[applications]
    assert sum(v for _, v in flow.outcomes) == table[answered]
    svg = _charts.flows_chart([flow])
    assert svg is not None and svg.startswith("<svg") and table.organ[:12] in svg


def test_the_findings_chart_counts_each_rule():
    svg = _charts.findings_chart([("F21-02", "error"), ("F21-02", "error"), ("F21-13", "warning")])
    assert svg is not None
    assert "F21-02：2 处" in svg and "F21-13：1 处" in svg
    assert _charts.findings_chart([]) is None


def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch, capsys):
    import sys

    from gkstats.cli import main

    for name in [n for n in sys.modules if n == "gkstats.web" or n.startswith("gkstats.web.")]:
        monkeypatch.delitem(sys.modules, name)
    gone = ("starlette", "uvicorn")  # uvicorn too: a failure here must not start a server
    for name in [*gone, *(n for n in sys.modules if n.startswith(tuple(g + "." for g in gone)))]:
        monkeypatch.setitem(sys.modules, name, None)  # as if it were not installed
    assert main(["serve", "--no-browser", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert '"starlette>=0.40"' in err and "pip install" in err and "Traceback" not in err
    assert "gkstats[" not in err  # (not on PyPI: that install fails)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="workers are not forked here"
)
def test_regression_a_file_that_hangs_is_a_row_and_the_page_answers(monkeypatch):
    """The page's batch had no time limit per file: one upload that made a reader loop held
    the request (and a server thread) for ever."""
    from gkstats import batch, converter
    from gkstats.web._service import batch_uploads
    from gkstats.web._uploads import Upload

    read = batch._read

    def patched(path: str, *options):
        if path.endswith("upload2.json"):  # the second upload, as the workspace names it
            while True:
                time.sleep(1)
        return read(path, *options)

    monkeypatch.setattr(batch, "_read", patched)
    monkeypatch.setenv("GKSTATS_FILE_SECONDS", "1")
    data = json.dumps(converter.unstructure(pingtan_2025()), ensure_ascii=False).encode()
    uploads = [Upload(n, io.BytesIO(data)) for n in ("甲.json", "乙.json", "丙.json")]
    answered: list[dict] = []
    worker = threading.Thread(
        target=lambda: answered.append(batch_uploads(uploads, ResultStore())), daemon=True
    )
    worker.start()
    worker.join(timeout=60)
    assert answered, "the batch did not answer within a minute"
    (doc,) = answered
    assert [(r["path"], r["status"]) for r in doc["files"]] == [
        ("甲.json", "checked"), ("乙.json", "unreadable"), ("丙.json", "checked")
    ]  # fmt: skip
    assert "超过每个文件 1 秒的时间上限" in doc["files"][1]["reason"]
    assert "upload" not in doc["files"][1]["reason"]  # our folder's names never shown
    assert doc["consolidated"]["cells"]["t3.new.total"] == 2 * pingtan_2025()["t3.new.total"]
