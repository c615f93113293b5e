"""Every input file is required the same way: one error for a missing file, one for a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkstats import GkError, read_table_json
from gkstats.readers import read_table
from gkstats.rules.userfile import load_rule_file


@pytest.mark.parametrize("read", [read_table, read_table_json, load_rule_file])
def test_a_missing_file_and_a_folder_are_said_so(read, tmp_path: Path) -> None:
    with pytest.raises(GkError) as missing:
        read(tmp_path / "none.json")
    assert missing.value.code == "file_not_found" and "找不到" in missing.value.zh
    with pytest.raises(GkError) as folder:
        read(tmp_path)
    assert (folder.value.code, folder.value.en) == ("not_a_file", f"is a directory: {tmp_path}")


def test_the_error_names_what_was_looked_for(tmp_path: Path) -> None:
    with pytest.raises(GkError) as err:
        load_rule_file(tmp_path / "rules.yaml")
    assert err.value.zh == f"找不到规则文件：{tmp_path / 'rules.yaml'}"
    assert err.value.en == f"rule file not found: {tmp_path / 'rules.yaml'}"
