import json

import pytest
from fixtures import pingtan_2025
from hypothesis import given
from hypothesis import strategies as st
from strategies import valid_tables

from gkstats import GkError, Table, check, converter
from gkstats.cli import main
from gkstats.consolidate import consolidate


@given(st.data())
def test_consolidating_valid_tables_gives_the_valid_cellwise_sum(data):
    fmt = data.draw(st.sampled_from(["legacy", "f2019", "f2021"]))
    first = data.draw(valid_tables(fmt))
    others = [data.draw(valid_tables(fmt)).replace(year=first.year) for _ in range(2)]
    tables = [first, *others]
    result = consolidate(tables)
    expected = []
    for spec in first.format.cells:
        vals = [t.values[spec.index] for t in tables if t.values[spec.index] is not None]
        partial_subtotal = spec.optional and spec.is_total and len(vals) < len(tables)
        expected.append(sum(vals) if vals and not partial_subtotal else None)
    assert list(result.table.values) == expected
    assert [f.message.zh for f in check(result.table).errors] == []


def test_mixing_formats_or_years_is_refused():
    a = Table.empty("f2021", 2025, "甲")
    with pytest.raises(GkError) as err:
        consolidate([a, Table.empty("f2019", 2020, "乙")])
    assert "格式" in err.value.zh
    with pytest.raises(GkError) as err:
        consolidate([a, Table.empty("f2021", 2024, "乙")])
    assert "年度" in err.value.zh


def test_units_with_errors_are_flagged_and_unreadable_figures_propagate():
    a = pingtan_2025().replace(organ="甲")
    b = pingtan_2025().replace({"t4.review.upheld": "x"}, organ="乙")
    result = consolidate([a, b])
    assert [u.organ for u in result.flagged] == ["乙"]
    assert result.table["t4.review.total"] == 72
    assert result.table["t4.review.upheld"].raw == "乙：x"
    assert result.contributions["t4.review.total"] == ((0, 36), (1, 36))


def test_cli_consolidate_to_json(tmp_path, capsys):
    paths = []
    for name in ("甲", "乙"):
        t = pingtan_2025().replace(organ=name)
        p = tmp_path / f"{name}.json"
        p.write_text(json.dumps(converter.unstructure(t), ensure_ascii=False))
        paths.append(str(p))
    out = tmp_path / "汇总.json"
    assert main(["consolidate", *paths, "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["cells"]["t4.review.total"] == 72
    assert [u["organ"] for u in data["provenance"]["units"]] == ["甲", "乙"]
    assert main(["check", str(out)]) == 0  # the consolidated table reads like any table
    assert main(["consolidate", *paths, "-o", str(out)]) == 2  # no silent overwrite


def test_cli_consolidate_workbooks_to_a_workbook_with_provenance(tmp_path, capsys):
    from openpyxl import load_workbook
    from workbook_support import filled_template

    from gkstats.readers import read_table

    paths = []
    for name in ("甲", "乙"):
        paths.append(
            str(filled_template(pingtan_2025().replace(organ=name), tmp_path / f"{name}.xlsx"))
        )
    out = tmp_path / "汇总.xlsx"
    assert main(["consolidate", *paths, "-o", str(out), "--organ", "某县"]) == 0
    summed = read_table(out)
    assert summed["t4.review.total"] == 72 and summed.organ == "某县"
    wb = load_workbook(out)
    assert {"汇总来源", "各单位数值"} <= set(wb.sheetnames)
    units = [row[1] for row in wb["汇总来源"].iter_rows(min_row=2, values_only=True)]
    assert units == ["甲", "乙"]
