import json

import pytest
from fixtures import pingtan_2025

from gkstats import converter
from gkstats.cli import main


@pytest.fixture
def table_file(tmp_path):
    def write(table, name="t.json"):
        path = tmp_path / name
        path.write_text(json.dumps(converter.unstructure(table), ensure_ascii=False), "utf-8")
        return path

    return write


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_prints_the_deliberate_error_in_chinese(capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 1
    assert "校验未通过" in out and "t3.partial.natural" in out


def test_demo_in_english(capsys):
    code, out, _ = run(capsys, "demo", "--lang", "en")
    assert code == 1 and "not valid" in out


def test_check_valid_table_exits_0(capsys, table_file):
    code, out, _ = run(capsys, "check", str(table_file(pingtan_2025())))
    assert code == 0 and "校验通过" in out


def test_check_json_interface(capsys, table_file):
    table = pingtan_2025().replace({"t4.review.upheld": 26})
    code, out, _ = run(capsys, "check", str(table_file(table)), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["valid"] is False
    (finding,) = [f for f in data["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "F21-04"
    assert finding["cells"][0] == "t4.review.total" and "t4.review.upheld" in finding["cells"]
    assert set(finding["message"]) == {"zh", "en"}
    assert (finding["lhs"], finding["rhs"], finding["imbalance"]) == (36, 37, -1)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "JSON"),
        ('{"format": "f2021", "year": 2025, "cells": {"t3.nope.total": 1}}', "t3.nope.total"),
        ('{"format": "f2099", "year": 2025, "cells": {}}', "f2099"),
        ('{"year": 2010, "cells": {}}', "2010"),
        ('{"format": "f2021", "year": "next", "cells": {}}', "year"),
        ('{"format": "f2021", "year": 2025, "cells": [1, 2]}', "cells"),
        ("[1, 2]", "JSON"),
        ('{"format": "f2021", "colour": "red"}', "colour"),
    ],
)
def test_bad_input_is_a_message_and_exit_2_never_a_traceback(capsys, tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert code == 2
    assert needle in err and "Traceback" not in err + out


def test_missing_file_and_unknown_type(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "none.json"))
    assert code == 2 and "找不到文件" in err
    other = tmp_path / "x.abc"
    other.write_text("1")
    code, _, err = run(capsys, "check", str(other))
    assert code == 2 and "不支持的文件类型" in err


def test_rules_listing(capsys):
    code, out, _ = run(capsys, "rules", "--format", "legacy")
    assert code == 0 and "L-08" in out and "警告" in out


def test_formats_listing(capsys):
    code, out, _ = run(capsys, "formats")
    assert code == 0 and "f2021" in out and "国办公开办函〔2021〕30号" in out


def test_regression_a_table_without_a_year_is_refused_not_defaulted(capsys, tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"format": "f2021", "cells": {}}', "utf-8")
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "year" in err
