import json

import pytest
from fixtures import pingtan_2025

from gkstats import GkError, Severity, check, default_rules
from gkstats.cli import main
from gkstats.rules.userfile import load_rule_file, parse_rule_file

OWN = """
format: f2021
disable: [F21-13]
rules:
  - id: 本单位-01
    kind: compare
    severity: error
    title: {zh: 部分公开不多于予以公开, en: partial at most disclosed}
    op: "<="
    lhs: [t3.partial.total]
    rhs: [t3.disclosed.total]
"""


def test_own_rules_are_added_and_builtins_switched_off():
    rules = parse_rule_file(OWN, "own.yaml").apply(default_rules("f2021"))
    assert "本单位-01" in rules.ids
    assert not next(r for r in rules.rules if r.id == "F21-13").enabled
    result = check(pingtan_2025(), rules)  # 38 partial > 33 disclosed
    (finding,) = result.errors
    assert finding.rule == "本单位-01" and finding.severity is Severity.ERROR
    assert finding.cell_ids == ("t3.partial.total", "t3.disclosed.total")


def test_rules_of_another_format_do_not_apply():
    rules = parse_rule_file(OWN, "own.yaml").apply(default_rules("f2019"))
    assert "本单位-01" not in rules.ids


def test_json_rule_files_too(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "id": "X-1",
                        "kind": "sum",
                        "total": "t4.review.total",
                        "parts": ["t4.review.upheld"],
                    }
                ]
            }
        )
    )
    rf = load_rule_file(path)
    assert [r.id for r in rf.rules] == ["X-1"]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("rules:\n  - id: A\n    kind: nonsense\n    lhs: [t3.new.total]\n", "$.rules[0].kind"),
        ("rules:\n  - id: A\n    kind: sum\n    totl: t3.new.total\n", "totl"),
        ("rules:\n  - kind: sum\n    total: t3.new.total\n", "$.rules[0].id"),
        ("rules:\n  - id: A\n    kind: compare\n    lhs: [t3.nope.total]\n", "t3.nope.total"),
        ("rules:\n  - id: A\n    kind: value\n    lhs: [t3.new.total]\n", "$.rules[0].kind"),
        ("rules:\n  - id: A\n    kind: compare\n    op: '=>'\n    lhs: [t3.new.total]\n", "=>"),
        ("format: f2021\ndisable: [F21-99]\n", "F21-99"),
        ("- just a list\n", "rules"),
        ("rules: [\n", "YAML"),
        (
            "rules:\n  - id: A\n    kind: ratio\n    min_denominator: lots\n"
            "    lhs: [t3.new.total]\n",
            "min_denominator",
        ),
    ],
)
def test_a_malformed_rule_file_gets_a_path_qualified_error(text, where):
    with pytest.raises(GkError) as err:
        parse_rule_file(text, "mine.yaml")
    assert where in err.value.zh and "mine.yaml" in err.value.zh
    assert where in err.value.en


def test_cli_check_with_rule_file(tmp_path, capsys):
    rules = tmp_path / "own.yaml"
    rules.write_text(OWN, "utf-8")
    table = tmp_path / "t.json"
    from gkstats import converter

    table.write_text(json.dumps(converter.unstructure(pingtan_2025()), ensure_ascii=False))
    assert main(["check", str(table), "--rules", str(rules)]) == 1
    assert "本单位-01" in capsys.readouterr().out
    assert main(["check", str(table), "--disable", "F21-99"]) == 2


def test_regression_non_text_yaml_key_is_a_path_qualified_error():
    # found by the fuzz run: a YAML key that is not text crashed cattrs' error formatting
    with pytest.raises(GkError) as err:
        parse_rule_file("null: 1\nrules: []\n", "mine.yaml")
    assert "$[" in err.value.zh and "键必须是文字" in err.value.zh
