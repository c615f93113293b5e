"""Issue 16: hostile inputs, round 2. Each case the issue reproduced, as a regression test:
numbers, text, rule files (workbooks, batch and paths have their own test modules)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from fixtures import pingtan_2025
from fuzzing import run_one

from gkstats import GkError, Kind, converter, read_value
from gkstats.cli import main
from gkstats.rules.userfile import load_rule_file, parse_rule_file


def _table_json(path: Path, cells: str, organ: str = "某局") -> Path:
    """A table JSON written by hand, so a cell can hold what json.dumps would not write."""
    head = f'{{"format": "f2021", "year": 2025, "organ": {json.dumps(organ)}, "cells": '
    path.write_text(head + "{" + cells + "}}", "utf-8")
    return path


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1e999999999",  # int() of it would build a billion digits: the hang of the issue
        "1E-999999999",  # printing it would write a billion zeros
        "9" * 5000,  # over Python's 4,300-digit conversion limit
        '"' + "9" * 5000 + '"',
        "1e400",
        '"1e999999999"',
        "1.0e-" + "9" * 50,  # beyond what a Decimal holds (found by the fuzz run)
    ],
)
def test_regression_a_huge_figure_is_a_finding_not_a_hang_or_a_crash(tmp_path, capsys, cell):
    path = _table_json(tmp_path / "t.json", f'"t3.new.natural": {cell}')
    assert run_one(lambda p: main(["check", str(p)]), path.read_bytes(), ".json") == "ok"
    out = capsys.readouterr()
    assert "内部错误" not in out.err
    line = next(x for x in out.out.splitlines() if "F21-06" in x and "自然人" in x)
    assert "数值过大" in line or "小数位数过多" in line or "无法识别" in line, line
    assert len(line) < 200  # the figure is quoted shortened, not 5,000 digits


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (Decimal("1E+999999999"), "数值过大（超过 15 位整数），不是统计数字"),
        (Decimal("-1E+20"), "数值过大（超过 15 位整数），不是统计数字"),
        pytest.param(10**5000, "数值过大（超过 15 位整数），不是统计数字", id="5000-digit-int"),
        ("1" + "0" * 15, "数值过大（超过 15 位整数），不是统计数字"),
        (1e300, "数值过大（超过 15 位整数），不是统计数字"),
        (Decimal("1E-41"), "小数位数过多（超过 30 位）"),
        (float("nan"), "不是有限的数"),
        (Decimal("-Infinity"), "不是有限的数"),
        ("二" * 5000, "无法识别为数字"),
    ],
)
def test_regression_what_a_cell_may_hold_is_bounded_before_conversion(raw, expected):
    got = read_value(raw, Kind.COUNT).value
    assert expected == getattr(got, "zh", got)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0" * 30 + "29", 29),
        ("1" + "0" * 14, 10**14),
        (Decimal("0E+999999999"), 0),
        (Decimal("0E-999999999"), 0),
        (Decimal("1." + "0" * 40), 1),
        (3.5, Decimal("3.5")),
    ],
)
def test_figures_within_the_bounds_still_read(raw, expected):
    assert expected == read_value(raw, Kind.COUNT).value


def test_regression_a_long_run_of_digits_in_a_table_is_read_cell_by_cell():
    # the tables' fast path read plain digits with int(): 5,000 of them raised ValueError
    cells = dict.fromkeys(pingtan_2025().format.ids, "0")
    cells["t3.new.natural"] = "9" * 5000
    table = converter.structure(
        {"format": "f2021", "year": 2025, "organ": "", "cells": cells}, type(pingtan_2025())
    )
    assert "数值过大" in getattr(table["t3.new.natural"], "zh", "")


def test_regression_json_nested_beyond_the_recursion_limit_is_a_gkerror(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format": "f2021", "year": 2025, "cells": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    assert main(["check", str(path)]) == 2


def test_regression_a_5000_digit_year_is_a_short_message(tmp_path, capsys):
    path = tmp_path / "y.json"
    path.write_text('{"format": "f2021", "year": %s, "cells": {}}' % ("9" * 5000))
    assert main(["check", str(path)]) == 2
    assert len(capsys.readouterr().err) < 300


# --- rule files ----------------------------------------------------------------------------

_RATIO = """rules:
  - id: A
    kind: ratio
    lhs: [t3.partial.total]
    rhs: [t3.total.total]
"""


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("    threshold: .nan", "$.rules[0].threshold"),
        ("    threshold: -.inf", "$.rules[0].threshold"),
        ("    threshold: .inf", "$.rules[0].threshold"),
        ("    threshold: -0.1", "$.rules[0].threshold"),
        ("    threshold: 1e999999999", "$.rules[0].threshold"),
        ("    min_denominator: " + "9" * 5000, "第 6 行第 22 列"),
        ("    min_denominator: 1e400", "$.rules[0].min_denominator"),
        ("    min_denominator: 10.5", "$.rules[0].min_denominator"),
        ("    min_denominator: -3", "$.rules[0].min_denominator"),
    ],
)
def test_regression_rule_file_numbers_are_bounded_and_finite(line, where):
    with pytest.raises(GkError) as err:
        parse_rule_file(_RATIO + line + "\n", "r.yaml")
    assert err.value.code == "bad_rule_file"
    assert where in err.value.zh, err.value.zh


def test_regression_rule_file_numbers_in_json_too():
    doc = {"rules": [{"id": "A", "kind": "ratio", "lhs": ["t3.partial.total"],
                      "rhs": ["t3.total.total"]}]}  # fmt: skip
    for value in ("NaN", "-Infinity", "9" * 5000):
        text = json.dumps(doc)[:-3] + f', "min_denominator": {value}}}]}}'
        with pytest.raises(GkError) as err:
            parse_rule_file(text, "r.json")
        assert "$.rules[0].min_denominator" in err.value.zh, err.value.zh


def test_a_valid_threshold_and_denominator_still_load():
    rules = parse_rule_file(_RATIO + "    threshold: 0.25\n    min_denominator: 20\n", "r.yaml")
    (rule,) = rules.rules
    assert (Decimal("0.25"), 20) == (rule.threshold, rule.min_denominator)


def test_regression_an_alias_inside_its_own_anchor_is_refused():
    with pytest.raises(GkError) as err:
        parse_rule_file("a: &a [*a]\nrules: []\n", "r.yaml")
    assert "第 1 行第 8 列" in err.value.zh and "递归" in err.value.zh


def _alias_bomb(levels: int, width: int = 9) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]")
    return "\n".join([*lines, "rules: []"]) + "\n"


def test_regression_a_nine_level_alias_bomb_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(9))
    assert run_one(load_rule_file, path.read_bytes(), ".yaml") == "gkerror"
    with pytest.raises(GkError) as err:
        load_rule_file(path)
    # refused where the expansion crosses the limit: 10 + 82 + 730 + 6562 nodes, in a3 (line 4)
    assert "展开别名后超过 5000 个节点" in err.value.zh and "第 4 行" in err.value.zh


def test_a_few_honest_aliases_still_load():
    text = """rules:
  - {id: A, kind: compare, op: "<=", title: &t {zh: 不多于, en: at most},
     lhs: [t3.partial.total], rhs: [t3.disclosed.total]}
  - {id: B, kind: compare, op: "<=", title: *t, lhs: [t3.partial.natural],
     rhs: [t3.disclosed.natural]}
"""
    got = parse_rule_file(text, "r.yaml")
    assert ["A", "B"] == [r.id for r in got.rules]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("rules: " + "[" * 200 + "]" * 200 + "\n", "嵌套超过 64 层"),
        ("rules: []\nx: [" + ", ".join(["*a"] * 101) + "]\n", "别名"),
        ("disable: [" + ", ".join(["F21-1"] * 50_000) + "]\nrules: []\n", "第 1 行第 34990 列"),
    ],
)
def test_regression_deep_nesting_and_many_aliases_are_refused(text, found):
    # (a long list is refused where it crosses the node limit, not after it is all read)
    with pytest.raises(GkError) as err:
        parse_rule_file(text.replace("x: [", "a: &a 1\nx: [", 1), "r.yaml")
    assert found in err.value.zh


def test_regression_a_json_rule_file_nested_too_deep_is_a_gkerror():
    with pytest.raises(GkError) as err:
        parse_rule_file('{"rules": ' + "[" * 100_000 + "]" * 100_000 + "}", "r.json")
    assert err.value.code == "bad_rule_file"


def test_a_rule_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("rules: []\n" + "# padding\n" * 300_000)
    monkeypatch.setenv("GKSTATS_MAX_RULE_FILE_KB", "1000")
    with pytest.raises(GkError) as err:
        load_rule_file(path)
    assert "超过 1000 KB 的上限" in err.value.zh and "GKSTATS_MAX_RULE_FILE_KB" in err.value.zh


# --- text ----------------------------------------------------------------------------------


def _demo(tmp_path: Path, organ: str, name: str = "t.json") -> Path:
    data = converter.unstructure(pingtan_2025())
    data["organ"] = "ORGAN"
    text = json.dumps(data, ensure_ascii=True).replace('"ORGAN"', json.dumps(organ))
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize(
    ("organ", "shown"),
    [("某\x01局", "某␁局"), ("\ud800某局", "�某局"), ("某\x1b]0;title\x07局", "某␛]0;title␇局")],
)
def test_regression_control_characters_and_surrogates_reach_no_terminal(
    tmp_path, capsys, organ, shown
):
    path = _demo(tmp_path, organ)
    assert main(["check", str(path)]) == 0
    assert main(["check", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert shown in out and "\x1b]" not in out and "\x01" not in out


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
@pytest.mark.parametrize("organ", ["某\x01局", "\ud800某局"])
def test_regression_batch_writes_a_summary_whatever_the_organ_holds(tmp_path, organ, suffix):
    folder = tmp_path / "in"
    folder.mkdir()
    _demo(folder, organ, "a.json")
    _demo(folder, "某局", "b.json")
    out = tmp_path / f"summary{suffix}"
    assert main(["batch", str(folder), "--out", str(out), "--quiet", "--workers", "1"]) == 0
    if suffix == ".xlsx":
        import openpyxl

        organs = [r[4] for r in openpyxl.load_workbook(out)["文件"].iter_rows(values_only=True)]
    else:
        organs = [line for line in out.read_text("utf-8-sig").splitlines() if "局" in line]
    assert len([o for o in organs if o and "局" in o]) == 2


@pytest.mark.parametrize("organ", ["某\x01局", "\ud800某局"])
def test_regression_consolidate_writes_a_workbook_whatever_the_organ_holds(tmp_path, organ):
    import openpyxl

    a, b = _demo(tmp_path, organ, "a.json"), _demo(tmp_path, "某局", "b.json")
    out = tmp_path / "sum.xlsx"
    assert main(["consolidate", str(a), str(b), "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
@pytest.mark.parametrize("organ", ["某\x01局", "\ud800某局"])
def test_regression_reports_are_written_whatever_the_organ_holds(tmp_path, organ, suffix):
    if suffix == ".docx":
        pytest.importorskip("docx")
    path = _demo(tmp_path, organ)
    out = tmp_path / f"r{suffix}"
    assert main(["report", str(path), "-o", str(out), "--force"]) == 0
    if suffix != ".docx":
        text = out.read_text("utf-8")
        assert "某局" in text or "�某局" in text


def test_regression_markdown_escapes_entities_and_line_starts():
    from gkstats.report.markdown import escape

    assert "A \\& B \\&copy; \\~\\~x\\~\\~" == escape("A & B &copy; ~~x~~")
    assert "a\n\\- b\n2\\. c\n\\# d" == escape("a\n- b\n2. c\n# d")


@pytest.mark.parametrize("reference", ["&#1;", "&#x1b;", "&#xD800;", "&#0;"])
def test_regression_a_control_character_reference_in_a_published_page(tmp_path, reference):
    # lxml turns &#1; into a character it then refuses to be given back (found by the fuzz
    # run); the organ's name keeps it only as far as the summary writers, which clean it
    from parse_samples import to_html

    page = (
        to_html(pingtan_2025())
        .replace("</p>", f"</p>{reference}")
        .replace("平潭综合实验区", f"平潭{reference}综合实验区")
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.html").write_text(page, "utf-8")
    out = tmp_path / "s.xlsx"
    assert main(["batch", str(folder), "--out", str(out), "--quiet", "--workers", "1"]) in (0, 1)
    import openpyxl

    rows = list(openpyxl.load_workbook(out)["文件"].iter_rows(values_only=True))
    assert "checked" == rows[1][1], rows[1]


def test_regression_the_web_page_answers_a_surrogate_with_json_not_a_500(tmp_path):
    pytest.importorskip("starlette")
    pytest.importorskip("httpx")
    from starlette.testclient import TestClient

    from gkstats.web.app import create_app

    path = _demo(tmp_path, "\ud800某局")
    with TestClient(create_app()) as client:
        got = client.post("/api/check", files={"file": ("t.json", path.read_bytes())})
    assert (200, "�某局") == (got.status_code, got.json()["organ"])
