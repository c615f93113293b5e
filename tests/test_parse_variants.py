"""Real markup and spelling variants: widths, 1．/1., spaces, quotes, near-miss labels, spans."""

from __future__ import annotations

import re

import pytest
from fixtures import pingtan_2025
from parse_samples import to_html, to_text

from gkstats import GkError
from gkstats.parse import Status, parse_html, parse_text

TABLE = pingtan_2025()


def _same(result_table: object) -> None:
    for spec in TABLE.format.cells:
        if not spec.optional:
            assert result_table[spec.id] == TABLE[spec.id], spec.id  # type: ignore[index]


def _vary(page: str, old: str, new: str) -> str:
    assert old in page, old
    return page.replace(old, new)


def test_full_width_dots_spaces_quotes_and_line_breaks() -> None:
    page = to_html(TABLE)
    page = _vary(page, "1.属于国家秘密", "１．属于国家秘密")
    page = _vary(page, "3.危及“三安全一稳定”", '3、危及"三安全一稳定"')
    page = _vary(page, ">自然人<", ">自 然 人<")
    page = _vary(page, ">商业企业<", ">商业<br/>企业<")
    page = _vary(page, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开")
    page = _vary(page, ">结果纠正<", "><span>结果</span><p>纠正</p><")
    result = parse_html(page)
    _same(result.table)
    hows = {(m.found, m.how) for m in result.labels}
    assert ("(二)部分公开", "alias") in hows
    assert any(found == "自 然 人" for found, _ in hows)


def test_near_miss_label_is_matched_and_recorded() -> None:
    page = _vary(to_html(TABLE), ">科研机构<", ">科研企业<")
    result = parse_html(page)
    _same(result.table)
    match = next(m for m in result.labels if m.found == "科研企业")
    assert (match.label, match.how) == ("科研机构", "alias")


def test_typo_in_a_long_label_is_a_fuzzy_match() -> None:
    page = _vary(
        to_html(TABLE),
        "5.要求行政机关确认或重新出具已获取信息",
        "5.要求行政机关确认或重新出具已获信息",
    )
    result = parse_html(page)
    _same(result.table)
    match = next(m for m in result.labels if m.found.endswith("已获信息"))
    assert match.how == "fuzzy" and 0.9 <= match.score < 1


def test_stray_colspan_in_the_header_is_resolved_by_the_count() -> None:
    """As in the corpus's 2021 page: 自然人 spans two columns, 商业企业 too, in every row."""
    page = _vary(
        to_html(TABLE), "<td rowspan='2'><p><span>自然人", "<td colspan='2'><p><span>自然人"
    )
    page = re.sub(
        r"(<td><p><span>商业企业</span></p></td>)",
        "<td></td><td colspan='2'><p><span>商业企业</span></p></td>",
        page,
        count=1,
    )
    assert "<td></td><td colspan='2'><p><span>商业企业" in page
    result = parse_html(page)
    _same(result.table)


def test_several_tables_and_split_table_3() -> None:
    """Table 三 continued in a second <table> without its header: rows still read by count."""
    page = to_html(TABLE)
    cut = page.index("<tr><td rowspan='5'><p><span>（五）不予处理")
    page = page[:cut] + "</table><p>（续表）</p><table>" + page[cut:]
    result = parse_html(page)
    _same(result.table)


def _swap_rows(page: str, first: str, second: str) -> str:
    """The page with the rows holding these labels (adjacent, in this order) swapped."""
    rows = re.findall(r"<tr>.*?</tr>", page)
    a = next(r for r in rows if first in r)
    b = next(r for r in rows if second in r)
    assert a + b in page, (first, second)
    return page.replace(a + b, b + a)


def test_rows_in_another_order_and_extra_rows() -> None:
    page = _swap_rows(to_html(TABLE), ">规章<", ">行政规范性文件<")
    page = _swap_rows(page, "一、本年新收", "二、上年结转")
    page = page.replace(
        "</table>", "<tr><td>备注</td><td>本表数据截至12月31日</td></tr></table>", 1
    )
    # the rows moved hold other figures: read by position, they would come out swapped
    assert TABLE["t2.regulations.issued"] != TABLE["t2.normative.issued"]
    assert TABLE["t3.new.natural"] != TABLE["t3.carried.natural"]
    result = parse_html(page)
    _same(result.table)


def test_blank_marks_and_units_in_cells() -> None:
    page = to_html(TABLE)
    page = page.replace(">2418<", ">2418件<").replace(">4166.241619<", ">4166.241619万元<")
    result = parse_html(page)
    _same(result.table)
    assert result.table.written_units.get("t2.fees.amount") == "万元"


def test_spaced_out_run_together_text() -> None:
    text = (
        to_text(TABLE)
        .replace("社会公益组织", "社会公益 组织 ")
        .replace("本年度办理结果", "本年度办 理结果 ")
    )
    result = parse_text(text)
    for spec in TABLE.format.cells:
        r = result.reading(spec.id)
        if r.status is Status.OK:
            assert result.table[spec.id] == TABLE[spec.id]


def test_no_table_at_all() -> None:
    with pytest.raises(GkError) as err:
        parse_text("某某局2023年度政府信息公开工作年度报告\n今年没有统计表。")
    assert err.value.code == "unknown_form"


def test_no_year_asks_for_one() -> None:
    text = to_text(TABLE).replace("2025", "")
    text = text.replace("标题: 平潭综合实验区年度政府信息公开工作年度报告", "")
    with pytest.raises(GkError) as err:
        parse_text(text, source="x.txt")
    assert err.value.code == "no_year" and "--year" in err.value.zh
    assert parse_text(text, year=2025).table.year == 2025


def test_forced_format_and_year_mismatch_note() -> None:
    text = to_text(TABLE).replace("2025年度", "2019年度")
    result = parse_text(text)
    assert result.table.format.id == "f2021"
    assert any(n.code == "format_year" for n in result.notes)
    forced = parse_text(to_text(TABLE), format="f2019")
    assert forced.table.format.id == "f2019"


def test_empty_and_binary_input(tmp_path: object) -> None:
    from pathlib import Path

    from gkstats.parse import parse_report

    base = Path(str(tmp_path))
    (base / "empty.html").write_bytes(b"")
    with pytest.raises(GkError) as err:
        parse_report(base / "empty.html")
    assert err.value.code == "empty_file"
    (base / "bin.txt").write_bytes(b"\x00\x01\xff\xfe\x00" * 50)
    with pytest.raises(GkError):
        parse_report(base / "bin.txt")
    (base / "x.doc").write_bytes(b"x")
    with pytest.raises(GkError) as err:
        parse_report(base / "x.doc")
    assert err.value.code == "unsupported_file"
    with pytest.raises(GkError) as err:
        parse_report(base / "nothing.html")
    assert err.value.code == "file_not_found"
