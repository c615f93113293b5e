"""The web page in a real browser: Debian's Chromium, driven by Playwright for Python, against a
real ``gkstats serve`` — choose a file, see the marked table, download what the page offers.

Skipped, saying why, only where no chromium is installed (``.ci/run`` installs it); never a
browser build downloaded by Playwright.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web page needs the web extra (starlette)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

from openpyxl import load_workbook  # noqa: E402
from web_support import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium,
    demo_workbook,
    fixed_table,
    served,
    table_json,
    wait_ready,
)

from gkstats.cli import main  # noqa: E402

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="no chromium on this machine (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with served() as address:
        wait_ready(address)
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, url):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(str(exc)))
    tab.goto(url)
    yield tab
    context.close()
    assert problems == []  # no script error on the page


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("browser")
    return {
        "workbook": demo_workbook(folder),
        "fixed": table_json(fixed_table(), folder / "已改正.json"),
        "last": table_json(fixed_table().replace(year=2024), folder / "上年.json"),
    }


def test_choosing_a_workbook_shows_its_findings_on_the_table(page, files, capsys):
    page.set_input_files("#file", str(files["workbook"]))
    page.wait_for_selector("td.gk-value.gk-error")
    main(["check", str(files["workbook"]), "--json", "--locate"])
    expected = json.loads(capsys.readouterr().out)
    wrong = {
        c["id"] for f in expected["findings"] if f["severity"] == "error" for c in f["locations"]
    }
    coloured = set(
        page.eval_on_selector_all("td.gk-error", "cells => cells.map(c => c.dataset.cell)")
    )
    assert coloured == wrong
    rules = page.eval_on_selector_all("tr.gk-finding", "rows => rows.map(r => r.dataset.rule)")
    assert rules == ["F21-02", "F21-03"]
    # the localisation: the one cell to change, with the value it should have
    focus = page.locator("td.gk-focus")
    assert focus.get_attribute("data-cell") == "t3.partial.natural"
    assert "→ 16" in focus.inner_text()
    assert "校验未通过" in page.inner_text("#check-summary")


def test_the_marked_workbook_downloads(page, files, tmp_path):
    page.set_input_files("#file", str(files["workbook"]))
    page.wait_for_selector("td.gk-value.gk-error")
    with page.expect_download() as info:
        page.click("#download-marked")
    download = info.value
    assert download.suggested_filename == "示例单位_校验.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert "校验结果" in load_workbook(target).sheetnames


@pytest.mark.parametrize("kind", ["docx", "html", "md"])
def test_the_report_downloads(page, files, tmp_path, kind):
    page.set_input_files("#file", str(files["fixed"]))
    page.wait_for_selector(".gk-verdict.gk-ok")
    with page.expect_download() as info:
        page.click(f"#report-{kind}")
    download = info.value
    assert download.suggested_filename == f"已改正_年度报告.{kind}"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    if kind == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
        assert "政府信息公开工作年度报告" in text
    else:
        assert "示例县人民政府办公室" in target.read_text("utf-8")


def test_a_table_with_errors_gets_no_report_but_says_why(page, files):
    page.set_input_files("#file", str(files["workbook"]))
    page.wait_for_selector("td.gk-value.gk-error")
    page.click("#report-docx")
    page.wait_for_selector("#report-status.gk-failed")
    assert "表格有 2 个错误" in page.inner_text("#report-status")


def test_a_broken_file_says_so_in_chinese(page, tmp_path):
    broken = tmp_path / "坏的.xlsx"
    broken.write_bytes(b"not a workbook")
    page.set_input_files("#file", str(broken))
    page.wait_for_selector("#check-status.gk-failed")
    assert "坏的.xlsx" in page.inner_text("#check-status")
    assert page.locator("#check-result").is_hidden()


def test_last_years_table_shows_year_over_year(page, files):
    page.set_input_files("#file", str(files["fixed"]))
    page.wait_for_selector(".gk-verdict")
    page.set_input_files("#previous", str(files["last"]))
    page.wait_for_selector(".gk-prev")
    cell = page.locator('td[data-cell="t3.new.total"]').first
    assert "上年 98" in cell.inner_text()
    page.uncheck("#yoy")
    assert page.locator(".gk-prev").count() == 0


def test_many_files_give_one_row_each_charts_and_the_sum(page, files):
    page.click("#tab-batch")
    page.set_input_files("#files", [str(files["workbook"]), str(files["fixed"])])
    page.wait_for_selector("#batch-table tbody tr")
    rows = page.locator("#batch-table tbody tr")
    assert rows.count() == 2
    assert "未通过" in rows.nth(0).inner_text() and "通过" in rows.nth(1).inner_text()
    assert page.locator("#batch-charts svg").count() == 2
    assert page.locator("#consolidated-tables table").count() == 3
    total = page.locator('#consolidated-tables td[data-cell="t3.new.total"]')
    assert total.inner_text() == "196"
    assert "示例单位.xlsx" in (total.get_attribute("title") or "")
    rows.nth(0).click()  # a row opens its table
    page.wait_for_selector("#view-check td.gk-value.gk-error")
    assert page.get_attribute("#tab-check", "aria-selected") == "true"


def test_a_published_report_is_parsed_and_drawn(page, files, tmp_path):
    report = tmp_path / "年报.html"
    assert main(["report", str(files["fixed"]), "-o", str(report)]) == 0
    page.click("#tab-parse")
    page.set_input_files("#report-file", str(report))
    page.wait_for_selector("#parse-tables table")
    assert "读取 200 格" in page.inner_text("#parse-summary")
    cell = page.locator('#parse-tables td[data-cell="t3.partial.natural"]')
    assert cell.inner_text() == "16"
