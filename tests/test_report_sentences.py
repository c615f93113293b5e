"""Data sentences say only what the table says; the context places them and the user's text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fixtures import pingtan_2025, xz2017
from hypothesis import given
from hypothesis import strategies as st
from strategies import valid_tables

from gkstats import FORMATS, Kind, Table, get_format
from gkstats.cli._core import demo_table
from gkstats.report import NARRATIVE_KEYS, build_context
from gkstats.report.context import paragraphs
from gkstats.report.sentences import plain, write
from gkstats.values import format_number, normalize


def fixed_demo() -> Table:
    return demo_table().replace({"t3.partial.natural": 16})


def test_f2021_sentences_read_as_expected() -> None:
    sentences, skipped = write(fixed_demo())
    assert skipped == ()
    assert [s.text for s in sentences if s.group == "t3"] == [
        "本年度新收政府信息公开申请98件，上年结转政府信息公开申请4件；"
        "本年度办结96件，结转下年度继续办理6件。",
        "新收申请中，自然人86件，法人或其他组织12件。",
        "办理结果中，予以公开34件，部分公开19件，不予公开7件，无法提供29件，"
        "不予处理4件，其他处理3件。",
    ]
    assert [s.text for s in sentences if s.group == "t4"] == [
        "本年度，本机关因政府信息公开工作被申请行政复议7件，其中结果维持5件、结果纠正1件、"
        "尚未审结1件。",
        "被提起行政诉讼4件，其中未经复议直接起诉3件、复议后起诉1件；诉讼结果维持3件、其他结果1件。",
    ]
    first = next(s for s in sentences if s.group == "t3")
    assert first.cites == (
        ("t3.new.total", 98),
        ("t3.carried.total", 4),
        ("t3.total.total", 96),
        ("t3.carry_forward.total", 6),
    )


def test_real_report_figures() -> None:
    sentences, _ = write(pingtan_2025())
    text = "".join(s.text for s in sentences)
    # the 平潭 2025 narrative: 收到申请154件，办结148件，结转6件；复议36起，诉讼9起
    assert "新收政府信息公开申请154件" in text
    assert "本年度办结148件，结转下年度继续办理6件" in text
    assert "被申请行政复议36件" in text and "被提起行政诉讼9件" in text
    assert "行政事业性收费金额4166.241619万元" in text


def test_group_figures_add_their_cells() -> None:
    table = fixed_demo()
    sentences, _ = write(table)
    outcome = next(s for s in sentences if s.text.startswith("办理结果中"))
    refused = next(f for f in outcome.figures if outcome.text[f.start - 4 : f.start] == "不予公开")
    assert refused.cells == tuple(
        f"t3.{k}.total"
        for k in ("refused_secret", "refused_law", "refused_security", "refused_third_party",
                  "refused_internal", "refused_process", "refused_case_file", "refused_query")
    )  # fmt: skip
    assert refused.value == 7 == sum(table[c] for c in refused.cells)  # type: ignore[misc]


def test_legacy_sentences_and_blank_cells() -> None:
    table = xz2017()  # 申请办结数 is blank in the real report
    sentences, skipped = write(table)
    text = [s.text for s in sentences]
    assert "本年度收到申请29件，其中当面申请28件、信函申请1件。" in text
    assert "本年度因政府信息公开申请行政复议1件，其中其他情形1件。" in text
    assert "本年度依申请公开信息收取的费用0万元。" in text
    assert not any("办结" in t for t in text)
    assert [s.cells for s in skipped] == [("l.app_concluded",)]
    ctx = build_context(table, date=dt.date(2018, 3, 1))
    assert any(n.rule == "GK-SENTENCE" and n.cells[0].id == "l.app_concluded"
               for n in ctx.notes)  # fmt: skip


@given(st.data())
def test_every_number_is_its_cells(data: st.DataObject) -> None:
    table: Table = data.draw(valid_tables())
    sentences, _ = write(table)
    for s in sentences:
        covered: set[int] = set()
        for f in s.figures:
            spec = table.format.cell(f.cells[0])
            shown = s.text[f.start : f.end]
            if spec.kind is Kind.AMOUNT:  # with its unit, read back as the same figure
                assert shown.endswith(("元", "万元")) and normalize(shown, spec.kind) == f.value
            else:
                assert shown == format_number(f.value)
            assert f.value == sum(table[c] for c in f.cells)  # type: ignore[misc]
            assert tuple(c for c, _ in f.parts) == f.cells
            covered.update(range(f.start, f.end))
        stray = [m.start() for m in re.finditer(r"\d", s.text) if m.start() not in covered]
        assert stray == [], s.text


def test_plain_labels() -> None:
    assert plain("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert plain("1.当面申请数", "数") == "当面申请"
    assert plain("其中：主动公开规范性文件数", "数") == "主动公开规范性文件"
    assert plain("四、行政复议数量", "总数|数量|数") == "行政复议"
    assert plain("3.危及“三安全一稳定”") == "危及“三安全一稳定”"


def test_sections_follow_the_format() -> None:
    for fmt in FORMATS:
        table = Table.empty(fmt, fmt.years[0], "某单位")
        ctx = build_context(table, date=dt.date(2026, 1, 20))
        assert [s.heading for s in ctx.sections] == list(fmt.sections)
    f21 = build_context(fixed_demo(), date=dt.date(2026, 1, 20))
    assert [tuple(t.number for t in s.tables) for s in f21.sections] == [
        (), ("二",), ("三",), ("四",), (), (),
    ]  # fmt: skip
    assert [s.key for s in f21.sections] == ["overview", None, None, None, "problems", "other"]
    legacy = build_context(xz2017(), date=dt.date(2018, 3, 1))
    assert [s.key for s in legacy.sections] == ["s1", "s2", "s3", "s4", "problems", "other"]
    assert legacy.attachments == legacy.format.tables
    assert {s.group for s in legacy.sections[1].sentences} == {"app"}


def test_narrative_goes_where_its_key_says() -> None:
    table = fixed_demo().replace(
        narrative={
            "overview": "总体。\n（一）主动公开。全年公开。",
            "problems": "问题。",
            "other": "本年度未收取信息处理费。",
        }
    )
    ctx = build_context(table, date=dt.date(2026, 1, 20))
    assert [p.text for p in ctx.sections[0].paragraphs] == ["总体。", "（一）主动公开。全年公开。"]
    assert ctx.sections[0].paragraphs[1].head == "（一）主动公开。"
    assert [p.text for p in ctx.sections[4].paragraphs] == ["问题。"]
    assert ctx.notes == ()
    assert ctx.title == "示例县人民政府办公室2025年政府信息公开工作年度报告"
    assert ctx.date_text == "2026年1月20日"
    legacy = build_context(xz2017().replace(narrative={"overview": "开头。"}))
    assert [p.text for p in legacy.lead] == ["开头。"]
    assert legacy.date == dt.date.today()


def test_f2021_fee_statement_is_required() -> None:
    base = fixed_demo()
    missing = build_context(base.replace(narrative={"other": "无。"}))
    assert "F21-11" in {n.rule for n in missing.notes}
    assert "F21-10" not in {n.rule for n in missing.notes}
    notices = base.replace({"t3.other_no_fee.natural": 1, "t3.other_no_fee.total": 1})
    both = build_context(notices.replace(narrative={"other": "无。"}))
    f2110 = [n for n in both.notes if n.rule == "F21-10"]
    assert [c.id for c in f2110[0].cells] == ["t3.other_no_fee.total"]
    ok = build_context(base.replace(narrative={"other": "本年度未收取信息处理费。"}))
    assert not {"F21-10", "F21-11"} & {n.rule for n in ok.notes}
    # f2019 has no such requirement
    f19 = Table.empty("f2019", 2020, "某单位")
    assert "F21-11" not in {n.rule for n in build_context(f19).notes}


def test_long_overview_and_unknown_keys_warn() -> None:
    table = fixed_demo().replace(
        narrative={
            "overview": "字" * 1001,
            "problems": "问题",
            "other": "信息处理费：无",
            "extra": "x",
        }
    )
    rules = [n.rule for n in build_context(table).notes]
    assert rules == ["F21-12", "GK-UNUSED"]
    empty = build_context(fixed_demo().replace(organ="", narrative={}))
    texts = [n.message.zh for n in empty.notes]
    assert sum("没有文字" in t for t in texts) == len(NARRATIVE_KEYS)
    assert any("未填单位名称" in t for t in texts)
    assert {"GK-TEXT", "GK-ORGAN"} <= {n.rule for n in empty.notes}


def test_paragraph_levels() -> None:
    got = paragraphs("  甲。\r\n\n（一）乙。丙\n1.丁\n（1）戊。\n1.5万元是一个数")
    assert [(p.level, p.head, p.body) for p in got] == [
        (0, "", "甲。"),
        (2, "（一）乙。", "丙"),
        (3, "1.丁", ""),
        (4, "（1）戊。", ""),
        (0, "", "1.5万元是一个数"),
    ]


def test_f2019_and_legacy_sentences_exist() -> None:
    f19 = Table.from_cells(
        get_format("f2019"), 2019, "某单位",
        {"t2.procurement.projects": 135, "t2.procurement.amount": "75394432.52元"},
    )  # fmt: skip
    text = [s.text for s in write(f19)[0]]
    # as published (issue 17: it printed 7539.443252万元 for the report's 75394432.52元)
    assert "本年度政府集中采购项目135项，采购总金额75394432.52元。" in text


def test_legacy_part_texts_from_the_workbook_keys() -> None:
    table = xz2017().replace(narrative={"s1": "本年度主动公开工作稳步推进。", "s3": "无收费。"})
    ctx = build_context(table, date=dt.date(2018, 3, 1))
    assert [p.text for p in ctx.sections[0].paragraphs] == ["本年度主动公开工作稳步推进。"]
    assert [p.text for p in ctx.sections[2].paragraphs] == ["无收费。"]
    assert ctx.sections[0].sentences  # the data sentences follow the user's text
    assert not [n for n in ctx.notes if "未使用" in n.title.zh]
    from gkstats.report._blocks import blocks

    kinds = [type(b).__name__ for b in blocks(ctx)][:5]
    assert kinds == ["Title", "Heading", "Text", "Data", "Heading"]


@pytest.mark.parametrize(
    ("fmt", "cell", "written", "value", "in_sentence", "in_table"),
    [
        # the 2019 form gives 采购总金额 no unit: it is printed as published, unit and all
        ("f2019", "t2.procurement.amount", "元", "75394432.52元", "75394432.52元", "75394432.52元"),
        ("f2019", "t2.procurement.amount", None, "7539.44", "7539.44万元", "7539.44万元"),
        # the 2021 form's column says 万元: the table prints the figure alone
        ("f2021", "t2.fees.amount", None, "24252.311082", "24252.311082万元", "24252.311082"),
        ("f2021", "t2.fees.amount", "元", "500元", "500元", "500元"),
        ("legacy", "l.fees", None, "0", "0万元", "0"),
    ],
)
def test_amounts_are_shown_as_published(
    fmt: str, cell: str, written: str | None, value: str, in_sentence: str, in_table: str
) -> None:
    from gkstats.report.layout import cell_text

    others = {"t2.procurement.projects": 135} if "procurement" in cell else {}
    table = Table.from_cells(fmt, 2025, "测试局", {cell: value, **others})
    assert table.written_units.get(cell) == written
    sentences, _ = write(table)
    (said,) = [s for s in sentences if any(f.cells == (cell,) for f in s.figures)]
    (figure,) = [f for f in said.figures if f.cells == (cell,)]
    assert said.text[figure.start : figure.end] == in_sentence
    assert cell_text(table, cell) == in_table
