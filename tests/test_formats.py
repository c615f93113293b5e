import json
import re

import pytest

from gkstats import FORMATS, GkError, format_for_year, get_format
from gkstats.cli import main
from gkstats.rules import RuleKind, default_rules


@pytest.mark.parametrize(
    ("year", "fmt"),
    [
        (2014, "legacy"),
        (2018, "legacy"),
        (2019, "f2019"),
        (2020, "f2019"),
        (2021, "f2021"),
        (2025, "f2021"),
        (2031, "f2021"),
    ],
)
def test_registry_by_report_year(year, fmt):
    assert format_for_year(year).id == fmt


def test_years_before_the_national_table_are_refused():
    with pytest.raises(GkError) as err:
        format_for_year(2012)
    assert "2012" in err.value.zh


def test_unknown_format_id_is_a_user_error():
    with pytest.raises(GkError):
        get_format("f2020")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_cell_ids_are_stable_ascii_and_unique(fmt):
    ids = [c.id for c in fmt.cells]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+){1,2}", i) for i in ids)
    assert [c.index for c in fmt.cells] == list(range(len(fmt.cells)))


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.id)
def test_every_declared_total_belongs_to_a_spec_rule(fmt):
    sums = {r.id: r for r in default_rules(fmt).rules if r.kind is RuleKind.SUM}
    for s in fmt.sums():
        spec = fmt.cell(s.total)
        node = spec.row if s.axis == "row" else spec.column
        rule = sums[fmt.rule_id(node.rule)]
        assert (s.total, *s.parts) in [(*i.lhs, *i.rhs) for i in rule.items]


def test_cell_counts():
    # f2021: table 三 26 rows (incl. the optional （六） subtotal) x 7, table 四 15, table 二 10
    assert {f.id: len(f.cells) for f in FORMATS} == {"legacy": 58, "f2019": 198, "f2021": 207}


def test_label_paths_run_from_the_outermost_group_down():
    f = get_format("f2021")
    secret = f.cell("t3.refused_secret.commercial")
    assert secret.row_labels == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert secret.column_labels == ("申请人情况", "法人或其他组织", "商业企业")
    assert f.cell("t3.new.total").column_labels == ("申请人情况", "总计")
    assert f.cell("t2.normative.in_force").row_labels == ("第二十条第（一）项", "行政规范性文件")
    assert f.cell("t4.direct.pending").row_labels == ("行政诉讼", "未经复议直接起诉")
    assert f.cell("t4.direct.pending").column_labels == ("尚未审结",)


def test_f19_and_f21_differ_where_the_spec_says():
    f19, f21 = get_format("f2019"), get_format("f2021")
    assert f19.find("二", "规范性文件", "本年新制作数量").id == "t2.normative.new_made"
    assert f21.find("二", "行政规范性文件", "本年制发件数").id == "t2.normative.issued"
    assert f19.has_cell("t2.procurement.amount") and not f21.has_cell("t2.procurement.amount")
    assert f19.has_cell("t3.other.natural") and not f19.cell("t3.other.natural").optional
    assert f21.cell("t3.other.natural").optional  # a subtotal some reports add (F21-09)
    assert f21.cell("t2.fees.amount").unit == "万元"
    assert f19.cell("t2.licensing.change").kind.value == "signed"


def test_legacy_response_section_is_optional():
    f = get_format("legacy")
    resp = [c for c in f.cells if c.row_path[0].key == "s_resp"]
    assert len(resp) == 8 and all(c.optional for c in resp)
    assert f.cell("l.train_people").unit == "人次"
    assert f.cell("l.org_funds").kind.value == "amount"


def test_formats_json_interface(capsys):
    assert main(["formats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in data] == ["legacy", "f2019", "f2021"]
    f21 = data[2]
    assert f21["years"] == [2021, None]
    cell = next(c for c in f21["cells"] if c["id"] == "t3.refused_secret.commercial")
    assert cell == {
        "id": "t3.refused_secret.commercial",
        "name": "GK_t3_refused_secret_commercial",
        "table": "三",
        "section": None,
        "row": ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"],
        "column": ["申请人情况", "法人或其他组织", "商业企业"],
        "unit": "件",
        "kind": "count",
        "optional": False,
        "total": False,
    }
