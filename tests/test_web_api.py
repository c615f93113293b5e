"""The web page's JSON API, against a real ``gkstats serve`` (uvicorn) on a free loopback port.

The documents must be the CLI's own: each is compared with what ``gkstats check --json
--locate``, ``gkstats batch`` and ``gkstats parse --json`` print for the same file.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="the web tests need the test extra (httpx)")
pytest.importorskip("starlette", reason="the web page needs the web extra (starlette)")

from fixtures import pingtan_2025, xz2017  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from web_support import demo_workbook, fixed_table, served, table_json, wait_ready  # noqa: E402

from gkstats.cli import main  # noqa: E402

CJK = range(0x4E00, 0xA000)


def chinese(text: str) -> bool:
    return any(ord(ch) in CJK for ch in text)


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    main([*args, "--json"])
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web")


@pytest.fixture(scope="module")
def server_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's own TMPDIR, to see that it keeps nothing."""
    return tmp_path_factory.mktemp("server-tmp")


@pytest.fixture(scope="module")
def url(server_tmp: Path):
    with served({"TMPDIR": str(server_tmp)}) as address:
        wait_ready(address)
        yield address


@pytest.fixture(scope="module")
def workbook(tmp: Path) -> Path:
    return demo_workbook(tmp)


def post(url: str, path: Path, field: str = "file", **extra: object) -> httpx.Response:
    files = {field: (path.name, path.read_bytes())}
    return httpx.post(url, files=files, timeout=60, **extra)  # type: ignore[arg-type]


# --- /api/check ------------------------------------------------------------------------


def test_check_answers_the_cli_document_plus_the_marked_workbook(url, workbook, capsys):
    response = post(url + "/api/check", workbook)
    assert response.status_code == 200
    doc = response.json()
    expected = cli_json(capsys, "check", str(workbook), "--locate")
    expected["source"] = workbook.name  # the client's name, never a path on the server
    assert {k: doc[k] for k in expected} == expected
    assert doc["marked"].startswith("/api/result/")
    assert [t["key"] for t in doc["view"]] == ["t2", "t3", "t4"]


def test_the_marked_workbook_is_served_once(url, workbook):
    doc = post(url + "/api/check", workbook).json()
    first = httpx.get(url + doc["marked"])
    assert first.status_code == 200
    assert "filename*=UTF-8''" in first.headers["content-disposition"]
    book = load_workbook(io.BytesIO(first.content))
    assert "校验结果" in book.sheetnames
    wrong = [c for f in doc["findings"] if f["severity"] == "error" for c in f["locations"]]
    sheet, cell = wrong[0]["address"].split("!")
    assert book[sheet.strip("'")][cell].fill.fgColor.rgb not in (None, "00000000")
    again = httpx.get(url + doc["marked"])
    assert again.status_code == 404
    assert again.json()["error"]["code"] == "result_gone"
    assert chinese(again.json()["error"]["zh"])


def test_a_table_json_has_no_marked_workbook(url, tmp):
    doc = post(url + "/api/check", table_json(fixed_table(), tmp / "好.json")).json()
    assert (doc["valid"], doc["marked"], doc["source"]) == (True, None, "好.json")


def test_last_years_table_adds_the_cross_year_rules_and_its_figures(url, tmp, capsys):
    this = table_json(pingtan_2025(), tmp / "本年.json")
    last = table_json(pingtan_2025().replace(year=2024), tmp / "上年.json")
    files = {
        "file": (this.name, this.read_bytes()),
        "previous": (last.name, last.read_bytes()),
    }
    doc = httpx.post(url + "/api/check", files=files, timeout=60).json()
    expected = cli_json(capsys, "check", str(this), "--previous", str(last), "--locate")
    expected["source"] = this.name
    assert {k: doc[k] for k in expected} == expected
    assert doc["previous"]["year"] == 2024
    assert doc["previous"]["cells"]["t3.new.total"] == 154


# --- /api/report -----------------------------------------------------------------------


def test_errors_block_the_report_with_the_findings(url, workbook):
    response = post(url + "/api/report?format=docx", workbook)
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "table_has_errors"
    assert "2 个错误" in body["error"]["zh"]
    assert [f["rule"] for f in body["check"]["findings"] if f["severity"] == "error"] == [
        "F21-02",
        "F21-03",
    ]


@pytest.mark.parametrize(
    ("kind", "media", "magic"),
    [
        ("docx", "wordprocessingml", b"PK"),
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("md", "text/markdown", b"#"),
    ],
)
def test_a_valid_table_gets_its_report(url, tmp, kind, media, magic):
    source = table_json(fixed_table(), tmp / "示例.json")
    response = post(url + f"/api/report?format={kind}", source)
    assert response.status_code == 200, response.text
    assert media in response.headers["content-type"]
    assert response.content.startswith(magic)
    name = "示例_年度报告." + kind
    assert response.headers["content-disposition"].endswith(
        "UTF-8''" + httpx.URL("/" + name).raw_path.decode()[1:]
    )
    if kind == "html":
        assert 'data-cell="t3.partial.natural">16<' in response.text


def test_an_unknown_report_format_is_refused(url, tmp):
    response = post(url + "/api/report?format=pdf", table_json(fixed_table(), tmp / "a.json"))
    assert (response.status_code, response.json()["error"]["code"]) == (400, "unsupported_output")


# --- /api/batch ------------------------------------------------------------------------


def test_batch_rows_are_the_cli_rows(url, tmp, workbook):
    folder = tmp / "batch"
    folder.mkdir()
    good = table_json(pingtan_2025(), folder / "a_平潭.json")
    broken = table_json(pingtan_2025().replace({"t4.review.upheld": 52}), folder / "b_坏.json")
    old = table_json(xz2017(), folder / "c_信州.json")
    (folder / "d_乱码.xlsx").write_bytes(b"not a workbook")
    paths = sorted(folder.iterdir())
    out = tmp / "summary.json"
    assert main(["batch", str(folder), "--out", str(out), "--quiet"]) == 1
    expected = json.loads(out.read_text("utf-8"))
    files = [("files", (p.name, p.read_bytes())) for p in paths]
    doc = httpx.post(url + "/api/batch", files=files, timeout=60).json()
    for rows in (expected["files"], expected["findings"]):
        for row in rows:
            row["path"] = Path(row["path"]).name
            if row.get("reason"):  # the server names the client's file, not a path
                row["reason"] = row["reason"].replace(f"{folder}/", "")
    assert doc["files"] == expected["files"]
    assert doc["findings"] == expected["findings"]
    assert [p.name for p in (good, broken, old)] == [r["path"] for r in doc["files"][:3]]
    # the legacy 2017 table cannot be summed with the 2025 ones: said, not guessed
    assert doc["consolidated"] is None
    assert doc["consolidation_error"]["code"] in ("mixed_formats", "mixed_years")
    assert "<svg" in doc["charts"]["flows"] and "<svg" in doc["charts"]["findings"]


def test_batch_sums_the_units_with_their_provenance(url, tmp):
    a = table_json(pingtan_2025(), tmp / "甲.json")
    b = table_json(pingtan_2025().replace(organ="乙单位"), tmp / "乙.json")
    files = [("files", (p.name, p.read_bytes())) for p in (a, b)]
    doc = httpx.post(url + "/api/batch", files=files, timeout=60).json()
    summed = doc["consolidated"]
    assert summed["cells"]["t3.new.total"] == 2 * 154
    assert summed["provenance"]["contributions"]["t3.new.total"] == [
        ["甲.json", 154],
        ["乙.json", 154],
    ]
    workbook = httpx.get(url + summed["downloads"]["xlsx"])
    assert workbook.status_code == 200
    assert load_workbook(io.BytesIO(workbook.content)).sheetnames
    data = httpx.get(url + summed["downloads"]["json"]).json()
    assert data["cells"]["t3.new.total"] == 308
    assert httpx.get(url + summed["downloads"]["json"]).status_code == 404


# --- /api/parse ------------------------------------------------------------------------


def test_parse_answers_the_cli_document(url, tmp, capsys):
    report = tmp / "年报.html"
    source = table_json(fixed_table(), tmp / "parse-src.json")
    assert main(["report", str(source), "-o", str(report)]) == 0
    capsys.readouterr()
    doc = post(url + "/api/parse", report).json()
    expected = cli_json(capsys, "parse", str(report))
    expected["source"] = report.name
    assert {k: doc[k] for k in expected} == expected
    assert doc["counts"]["ambiguous"] == 0


# --- bad input, limits, load ---------------------------------------------------------------


def test_a_broken_upload_is_a_chinese_4xx_and_the_server_keeps_running(url, tmp, workbook):
    broken = tmp / "坏的.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    response = post(url + "/api/check", broken)
    assert response.status_code == 400
    error = response.json()["error"]
    assert chinese(error["zh"]) and "坏的.xlsx" in error["zh"] and error["en"]
    assert "Traceback" not in response.text and str(tmp) not in response.text
    # a body that is no upload at all, and a file type gkstats does not read
    assert httpx.post(url + "/api/check", content=b"x").json()["error"]["code"] == "no_file"
    odd = httpx.post(url + "/api/check", files={"file": ("x.exe", b"MZ")})
    assert (odd.status_code, odd.json()["error"]["code"]) == (400, "unsupported_file")
    garbled = httpx.post(
        url + "/api/check",
        content=b'--b\r\nContent-Disposition: form-data; name="file"\r\n\r\n',
        headers={"content-type": "multipart/form-data; boundary=b"},
    )
    assert 400 <= garbled.status_code < 500 and chinese(garbled.json()["error"]["zh"])
    # still answering, and still right
    assert httpx.get(url + "/").status_code == 200
    assert post(url + "/api/check", workbook).json()["counts"]["errors"] == 2


def test_sixteen_concurrent_checks_are_all_answered(url, workbook):
    def one(_: int) -> tuple[int, float, dict[str, object]]:
        start = time.perf_counter()
        response = post(url + "/api/check", workbook)
        return response.status_code, time.perf_counter() - start, response.json()

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(one, range(16)))
    assert [a[0] for a in answers] == [200] * 16
    findings = {json.dumps(a[2]["findings"], sort_keys=True) for a in answers}
    assert len(findings) == 1
    assert len({a[2]["marked"] for a in answers}) == 16  # each its own one-time result


def test_nothing_is_kept_in_the_servers_temporary_folder(url, server_tmp, workbook):
    post(url + "/api/check", workbook)
    post(url + "/api/report?format=md", workbook)
    assert [p.name for p in server_tmp.iterdir() if p.name.startswith("gkstats-web-")] == []


def test_a_request_for_another_host_name_is_refused(url):
    # a web site that points its own name at 127.0.0.1 (DNS rebinding) gets nothing
    assert httpx.get(url + "/", headers={"host": "evil.example"}).status_code == 400


def test_the_page_and_its_assets_come_from_the_server_only(url):
    page = httpx.get(url + "/").text
    import re

    refs = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert refs and all(r.startswith("/") for r in refs)
    for ref in refs:
        assert httpx.get(url + ref).status_code == 200
    package = Path(__import__("gkstats.web").web.__file__).parent
    for path in [*package.glob("templates/*"), *package.glob("static/*")]:
        text = path.read_text("utf-8")
        assert "http://" not in text and "https://" not in text, path


def test_an_upload_over_the_limit_gets_413(tmp):
    big = tmp / "大.xlsx"
    big.write_bytes(b"PK" + b"\0" * (2 * 2**20))
    with served({"GKSTATS_MAX_WORKBOOK_MB": "1"}) as address:
        wait_ready(address)
        response = post(address + "/api/check", big)
        assert response.status_code == 413
        error = response.json()["error"]
        assert error["code"] == "upload_too_large"
        assert "GKSTATS_MAX_WORKBOOK_MB" in error["zh"] and "大.xlsx" in error["zh"]
        assert httpx.get(address + "/api/version").status_code == 200


def test_a_body_over_the_limit_is_refused_before_it_is_read(tmp):
    env = {"GKSTATS_MAX_WORKBOOK_MB": "1", "GKSTATS_MAX_REPORT_MB": "1"}
    with served(env) as address:
        wait_ready(address)
        # one-file endpoint: 1 MB + 1 MB of multipart slack at most
        response = httpx.post(
            address + "/api/parse", files={"file": ("x.txt", b"x" * (3 * 2**20))}, timeout=60
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "upload_too_large"
        assert httpx.get(address + "/api/version").status_code == 200


# --- where it listens ------------------------------------------------------------------------


def test_by_default_the_page_listens_on_loopback_only(url):
    from gkstats.cli import _load_commands, app

    _load_commands()
    host = next(p for p in app.commands["serve"].params if p.name == "host")
    assert host.default == "127.0.0.1"
    assert url.startswith("http://127.0.0.1:")
    port = int(url.rsplit(":", 1)[1])
    tcp = Path("/proc/net/tcp")
    if tcp.exists():  # the kernel's own list of listening sockets (Linux)
        listening = [
            line.split()[1]
            for line in tcp.read_text().splitlines()[1:]
            if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == port
        ]
        assert listening == [f"0100007F:{port:04X}"]


def test_bind_defaults_to_loopback_and_other_hosts_are_warned_about():
    from gkstats.web import server

    sock = server.bind(port=0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
    assert server.warning("127.0.0.1") is None and server.warning("localhost") is None
    assert "警告" in (server.warning("0.0.0.0") or "")
    assert server.is_loopback("::1") and not server.is_loopback("192.0.2.1")


def test_a_port_in_use_is_a_message_not_a_traceback():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        done = subprocess.run(
            [sys.executable, "-m", "gkstats", "serve", "--no-browser", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        taken.close()
    assert done.returncode == 2
    assert "端口" in done.stderr and "Traceback" not in done.stderr
