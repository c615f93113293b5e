"""Fuzz the JSON table reader and the rule-file loader (short runs; the long run is in
benchmarks/fuzz_readers.py)."""

import json
import random

from fixtures import pingtan_2025
from fuzzing import mutants, run_one
from hypothesis import given, settings
from hypothesis import strategies as st

from gkstats import check, converter
from gkstats.readers import read_table
from gkstats.rules.userfile import load_rule_file

SEED_TABLE = json.dumps(converter.unstructure(pingtan_2025()), ensure_ascii=False).encode()
SEED_RULES = b"""format: f2021
disable: [F21-13]
rules:
  - id: A-1
    kind: compare
    severity: warning
    title: {zh: x, en: x}
    op: "<="
    lhs: [t3.partial.total]
    rhs: [t3.disclosed.total]
"""

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def read_and_check(path):
    check(read_table(path))


@given(st.integers(0, 2**32))
def test_mutated_table_json_is_a_table_or_a_gkerror(seed):
    data = next(mutants(SEED_TABLE, random.Random(seed)))
    assert run_one(read_and_check, data, ".json") in ("ok", "gkerror")


@given(json_values, st.sampled_from(["f2021", "f2019", "legacy", None]))
def test_arbitrary_json_structures(cells, fmt):
    doc = {"format": fmt, "year": 2021 if fmt != "legacy" else 2017, "cells": cells}
    data = json.dumps(doc, ensure_ascii=False).encode()
    assert run_one(read_and_check, data, ".json") in ("ok", "gkerror")


@given(st.integers(0, 2**32))
def test_mutated_rule_files_load_or_give_a_gkerror(seed):
    data = next(mutants(SEED_RULES, random.Random(seed)))
    assert run_one(load_rule_file, data, ".yaml") in ("ok", "gkerror")


@given(json_values)
def test_arbitrary_values_in_known_cells(value):
    cells = {"t3.new.natural": value, "t2.fees.amount": value, "t4.review.total": value}
    doc = {"format": "f2021", "year": 2025, "cells": cells}
    data = json.dumps(doc, ensure_ascii=False).encode()
    assert run_one(read_and_check, data, ".json") in ("ok", "gkerror")


def test_regression_damaged_archive_on_the_fast_path_is_a_gkerror(tmp_path):
    # found by the fuzz run: a bad CRC in a sheet escaped the calamine path as BadZipFile
    import pytest
    from workbook_support import filled_template

    from gkstats import GkError
    from gkstats.batch import _read
    from gkstats.workbook import _calamine

    if not _calamine.available():
        pytest.skip("python-calamine (the fast extra) is not installed")
    path = filled_template(pingtan_2025(), tmp_path / "t.xlsx")
    data = bytearray(path.read_bytes())
    name = b"xl/workbook.xml"
    start = data.index(name) + len(name) + 20  # inside that part's compressed data
    for k in range(8):
        data[start + k] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(GkError):
        _read(str(path))


def test_regression_a_stray_dot_in_a_run_of_digits_is_not_a_crash(tmp_path):
    # found by the fuzz run: int(".") escaped the run-together splitter as ValueError
    import re

    from parse_samples import to_text

    text = to_text(pingtan_2025())
    runs = list(re.finditer(r"\d{6,}", text))
    assert runs
    for m in runs[:5]:
        mid = (m.start() + m.end()) // 2
        mutated = (text[:mid] + "." + text[mid:]).encode("utf-8")
        assert run_one(read_and_check, mutated, ".txt") in ("ok", "gkerror")


def test_regression_parsing_does_not_depend_on_the_hash_seed(tmp_path):
    # label keys of equal length were ordered by set iteration: output changed per process
    import subprocess
    import sys

    from parse_samples import to_html

    page = tmp_path / "r.html"
    page.write_text(to_html(pingtan_2025()), "utf-8")
    outs = set()
    for seed in ("0", "1", "2"):
        run = subprocess.run(
            [sys.executable, "-m", "gkstats", "parse", str(page), "--json"],
            capture_output=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        outs.add(run.stdout)
    assert len(outs) == 1 and outs.pop()


# --- issue 16: the mutation families, a few of each on every run ------------------------------

import pytest  # noqa: E402
from fuzzing import RULE_FAMILIES, TEXT_FAMILIES, WORKBOOK_FAMILIES  # noqa: E402

_TEXT_CASES = [
    *((TEXT_FAMILIES, f, SEED_TABLE, read_and_check, ".json") for f in sorted(TEXT_FAMILIES)),
    *((RULE_FAMILIES, f, SEED_RULES, load_rule_file, ".yaml") for f in sorted(RULE_FAMILIES)),
]


@pytest.mark.parametrize(
    ("families", "family", "seed_input", "read", "suffix"),
    _TEXT_CASES,
    ids=[f"{c[4][1:]}-{c[1]}" for c in _TEXT_CASES],
)
@settings(max_examples=25)
@given(seed=st.integers(0, 2**32))
def test_table_json_and_rule_file_families_give_a_result_or_a_gkerror(
    families, family, seed_input, read, suffix, seed
):
    data = families[family](seed_input, random.Random(seed))
    assert run_one(read, data, suffix) in ("ok", "gkerror")


_WORKBOOK: list[bytes] = []


def _workbook_seed() -> bytes:
    if not _WORKBOOK:
        import tempfile
        from pathlib import Path

        from workbook_support import filled_template

        with tempfile.TemporaryDirectory() as tmp:
            _WORKBOOK.append(filled_template(pingtan_2025(), Path(tmp) / "t.xlsx").read_bytes())
    return _WORKBOOK[0]


@pytest.mark.slow
@pytest.mark.parametrize("family", sorted(WORKBOOK_FAMILIES))
@settings(max_examples=15)
@given(seed=st.integers(0, 2**32))
def test_workbook_families_give_a_table_or_a_gkerror_on_both_paths(family, seed):
    import os

    from gkstats.workbook import _calamine, read_file

    data = WORKBOOK_FAMILIES[family](_workbook_seed(), random.Random(seed))
    saved = os.environ.get("GKSTATS_MAX_CELLS")
    os.environ["GKSTATS_MAX_CELLS"] = "40000"  # dense sheets fall on both sides of it
    try:
        for fast in (False, True) if _calamine.available() else (False,):
            got = run_one(lambda p, fast=fast: check(read_file(p, fast=fast).table), data, ".xlsx")
            assert got in ("ok", "gkerror")
    finally:
        if saved is None:
            del os.environ["GKSTATS_MAX_CELLS"]
        else:
            os.environ["GKSTATS_MAX_CELLS"] = saved
