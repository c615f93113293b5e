"""The one drawing of each official table (shared by docx, HTML and Markdown).

Expected shapes are those of the official templates (spec §2.2–§2.4, §3.2–§3.4) as real
reports print them (平潭 2019 and 2025: table 二's blocks, table 三's 3×3 corner, table 四
on one line).
"""

from __future__ import annotations

from fixtures import pingtan_2025, xz2017
from hypothesis import given
from hypothesis import strategies as st
from strategies import valid_tables

from gkstats import FORMATS, Kind, Table, get_format
from gkstats.report.layout import Grid, Role, layout, unit_on_form, value_text


def spans(grid: Grid, row: int) -> list[tuple[str, int, int]]:
    """(text, rowspan, colspan) of the cells starting on a row."""
    return [(c.text, c.rowspan, c.colspan) for c in grid.rows()[row]]


def test_every_position_is_covered_once_and_every_official_cell_drawn_once() -> None:
    for fmt in FORMATS:
        drawn: list[str] = []
        for spec in fmt.tables:
            grid = layout(spec)
            owners = grid.owners()  # raises if a position is covered twice or not at all
            assert len(owners) == grid.n_rows
            drawn += [c.cell_id for c in grid.values() if c.cell_id]
        assert len(drawn) == len(set(drawn))
        # every cell except the （六） subtotal f2021 accepts but the form does not print
        expected = [
            c.id for c in fmt.cells if fmt.id == "legacy" or not (c.optional and c.row.children)
        ]
        assert sorted(expected) == sorted(drawn)


def test_table_3_header_is_the_official_one() -> None:
    grid = layout(get_format("f2021").table("三"))
    assert (grid.n_cols, grid.header_rows, grid.label_cols) == (10, 3, 3)
    assert spans(grid, 0) == [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
        ("申请人情况", 1, 7),
    ]
    assert spans(grid, 1) == [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)]
    assert [t for t, _, _ in spans(grid, 2)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]  # fmt: skip
    assert spans(grid, 3)[0] == ("一、本年新收政府信息公开申请数量", 1, 3)
    assert spans(grid, 5)[:2] == [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
    assert spans(grid, 7)[:2] == [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
    # f2021: （六）其他处理 is a group over its three items, as in the 30号 template
    six = [c for c in grid.cells if c.text == "（六）其他处理"]
    assert [(c.rowspan, c.colspan, c.role) for c in six] == [(3, 1, Role.LABEL)]
    assert spans(grid, grid.n_rows - 1)[0] == ("四、结转下年度继续办理", 1, 3)
    assert grid.n_rows == 3 + 2 + 22 + 1


def test_f2019_other_processing_is_one_line() -> None:
    grid = layout(get_format("f2019").table("三"))
    six = [c for c in grid.cells if c.text == "（六）其他处理"]
    assert [(c.rowspan, c.colspan) for c in six] == [(1, 2)]
    assert grid.n_rows == 3 + 2 + 20 + 1


def test_table_4_prints_on_one_line_under_three_header_rows() -> None:
    for fid in ("f2019", "f2021"):
        grid = layout(get_format(fid).table("四"))
        assert (grid.n_rows, grid.n_cols, grid.header_rows) == (4, 15, 3)
        assert spans(grid, 0) == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
        outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
        assert spans(grid, 1) == [
            *[(t, 2, 1) for t in outcomes],
            ("未经复议直接起诉", 1, 5),
            ("复议后起诉", 1, 5),
        ]
        assert [t for t, _, _ in spans(grid, 2)] == outcomes * 2
        ids = [c.cell_id for c in grid.rows()[3]]
        assert ids[:5] == [f"t4.review.{k}" for k in ("upheld", "corrected", "other", "pending",
                                                       "total")]  # fmt: skip
        assert ids[5] == "t4.direct.upheld" and ids[10] == "t4.after_review.upheld"


def test_table_2_blocks_as_in_the_templates() -> None:
    grid = layout(get_format("f2021").table("二"))
    rows = [spans(grid, r) for r in range(grid.n_rows)]
    assert rows[0] == [("第二十条第（一）项", 1, 4)]
    assert rows[1] == [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1),
                       ("现行有效件数", 1, 1)]  # fmt: skip
    assert rows[5] == [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)]
    assert rows[12] == [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)]
    assert grid.header_rows == 0  # each block has its own header rows
    # f2019 （八）: two columns, the last one stretched over the rest (平潭 2019)
    g19 = layout(get_format("f2019").table("二"))
    fees = next(r for r in range(g19.n_rows) if spans(g19, r)[0][0] == "行政事业性收费")
    assert [(s, c) for _, s, c in spans(g19, fees)] == [(1, 1), (1, 1), (1, 2)]


def test_legacy_form_is_an_indicator_list_with_units() -> None:
    table = xz2017()
    grid = layout(table.format.tables[0], table)
    assert spans(grid, 0) == [("统  计  指  标", 1, 1), ("单位", 1, 1), ("统计数", 1, 1)]
    line = next(r for r in grid.rows() if r[0].text == "2.政府网站公开政府信息数")
    assert [c.text for c in line] == ["2.政府网站公开政府信息数", "条", "23591"]
    assert line[0].indent == 2
    group = next(r for r in grid.rows() if r[0].text == "一、主动公开情况")
    assert [c.role for c in group] == [Role.LABEL, Role.UNIT, Role.EMPTY]


def test_legacy_optional_section_left_out_only_when_blank() -> None:
    table = xz2017()
    fmt = table.format
    optional = [c.id for c in fmt.cells if c.optional]
    assert optional
    without = table.replace(dict.fromkeys(optional))
    labels = [c.text for c in layout(fmt.tables[0], without).cells]
    assert "二、回应解读情况" not in labels
    assert "二、回应解读情况" in [c.text for c in layout(fmt.tables[0], table).cells]


def test_real_figures_land_under_their_labels() -> None:
    table = pingtan_2025()
    grid = layout(table.format.table("四"), table)
    assert [c.text for c in grid.rows()[3]] == [
        "25", "3", "8", "0", "36", "3", "3", "0", "0", "6", "3", "0", "0", "0", "3",
    ]  # fmt: skip
    t2 = layout(table.format.table("二"), table)
    fees = next(c for c in t2.values() if c.cell_id == "t2.fees.amount")
    assert fees.text == "4166.241619"


@given(st.data())
def test_values_are_the_tables_figures(data: st.DataObject) -> None:
    table: Table = data.draw(valid_tables())
    for spec in table.format.tables:
        for c in layout(spec, table).values():
            assert c.cell_id is not None
            cell = table.format.cell(c.cell_id)
            if cell.kind is Kind.AMOUNT and not unit_on_form(cell):  # 2019's 采购总金额
                assert c.text == value_text(table[c.cell_id]) + cell.unit
            else:
                assert c.text == value_text(table[c.cell_id])


def test_value_text() -> None:
    from decimal import Decimal

    from gkstats import Unreadable

    assert [value_text(v) for v in (None, 0, 29, Decimal("856.320"), Unreadable("二十九x"))] == [
        "", "0", "29", "856.32", "二十九x",
    ]  # fmt: skip
