"""The parser against the real published reports of ``../shared/corpus``.

Each ``*.expected.json`` lists a report's cells by their official table, row and column
labels, read by hand from its HTML.  The HTML must give every cell; the run-together text
must give every cell right or say it is ambiguous (with the right value among the
candidates) — never a wrong value.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fixtures import xz2017

from gkstats import GkError
from gkstats.cli import main
from gkstats.cli._core import format_json
from gkstats.formats import CellSpec, Format, get_format
from gkstats.parse import ParseResult, Status, parse_report, result_to_json
from gkstats.values import Unreadable

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real-report corpus is not there ({CORPUS})"
)
FORMAT_IDS = ("legacy", "f2019", "f2021")


def _expected() -> list[str]:
    if not CORPUS.is_dir():
        return []
    return sorted(p.name.removesuffix(".expected.json") for p in CORPUS.glob("*.expected.json"))


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CORPUS / f"{name}.expected.json").read_text("utf-8"))
    return data


def _ours(name: str) -> list[str]:
    return [n for n in _expected() if _load(n)["format"] in FORMAT_IDS]


def _others(name: str = "") -> list[str]:
    return [n for n in _expected() if _load(n)["format"] not in FORMAT_IDS]


def spec_for(fmt: Format, cell: dict[str, Any]) -> CellSpec:
    """Our cell for an expected.json cell: table, last row and column labels (and section)."""
    found = [
        c
        for c in fmt.cells
        if c.table.number == cell["table"]
        and c.row_labels[-1] == cell["row"]
        and c.column_labels[-1] == cell["column"]
        and (cell["table"] != "二" or c.block.caption == cell.get("section"))
    ]
    assert len(found) == 1, cell
    return found[0]


def _as_written(result: ParseResult, spec: CellSpec) -> Any:
    """The value in the unit the report wrote (采购总金额 in 元 stays in 元)."""
    value = result.table[spec.id]
    if result.table.written_units.get(spec.id) == "元" and isinstance(value, Decimal):
        return (value * 10000).normalize()
    return value


def _want(cell: dict[str, Any]) -> Any:
    v = cell["value"]
    return Decimal(v).normalize() if isinstance(v, str) else v


def accuracy(result: ParseResult, expected: dict[str, Any]) -> tuple[int, int, int, list[str]]:
    """(right, ambiguous with the right candidate, wrong or missing, what was wrong)."""
    fmt = result.table.format
    right = ambiguous = 0
    wrong: list[str] = []
    for cell in expected["cells"]:
        spec = spec_for(fmt, cell)
        reading = result.reading(spec.id)
        want = _want(cell)
        got = _as_written(result, spec)
        if reading.status is Status.OK and got == want:
            right += 1
        elif reading.status is Status.AMBIGUOUS and want in reading.candidates:
            ambiguous += 1
        else:
            wrong.append(f"{spec.id}: {reading.status.value} {got!r} (want {want!r})")
    return right, ambiguous, len(wrong), wrong


@pytest.mark.parametrize("name", _ours(""))
def test_html_gives_every_cell(name: str) -> None:
    expected = _load(name)
    result = parse_report(CORPUS / f"{name}.html")
    assert (result.table.format.id, result.table.year) == (expected["format"], expected["year"])
    right, ambiguous, _bad, wrong = accuracy(result, expected)
    assert wrong == []
    assert (right, ambiguous) == (len(expected["cells"]), 0)
    # every cell the format has is either read or an optional one the report leaves out
    for r in result.readings:
        spec = result.table.format.cell(r.id)
        assert r.status is Status.OK or (spec.optional and r.status is Status.MISSING), r


@pytest.mark.parametrize("name", _ours(""))
def test_text_is_right_or_ambiguous_never_wrong(name: str) -> None:
    expected = _load(name)
    result = parse_report(CORPUS / f"{name}.txt")
    assert (result.table.format.id, result.table.year) == (expected["format"], expected["year"])
    assert result.table.organ == "平潭综合实验区"
    right, ambiguous, _bad, wrong = accuracy(result, expected)
    assert wrong == []
    assert right + ambiguous == len(expected["cells"])
    for r in result.readings:
        if r.status is Status.AMBIGUOUS:
            assert len(r.candidates) > 1
            assert any(n.code == "ambiguous" and r.id in n.cells for n in result.notes)


def test_table_3_rows_are_settled_by_the_rules() -> None:
    """「15130000154」 splits five ways on its own; F21-01 per column leaves one."""
    result = parse_report(CORPUS / "pingtan_2025.txt")
    fmt = result.table.format
    row = [c for c in fmt.cells if c.table.key == "t3" and c.row.key == "new"]
    assert [result.table[c.id] for c in row] == [151, 3, 0, 0, 0, 0, 154]
    assert all(result.reading(c.id).status is Status.OK for c in row)
    assert all(result.reading(c.id).status is Status.OK for c in fmt.cells if c.table.key == "t3"
               and not c.optional)  # fmt: skip


def test_run_together_table_2_stays_ambiguous() -> None:
    """「5845546」: 58/45/546 is the HTML's, but nothing in the format rules out 584/5/546."""
    result = parse_report(CORPUS / "pingtan_2025.txt")
    reading = result.reading("t2.normative.issued")
    assert reading.status is Status.AMBIGUOUS
    assert 58 in reading.candidates and 584 in reading.candidates
    # unread in the table, with what it may be (never a figure guessed, never a blank)
    cell = result.table["t2.normative.issued"]
    assert isinstance(cell, Unreadable) and {"58", "584"} <= set(cell.candidates)
    assert result.reading("t2.licensing.decisions").status is Status.OK


@pytest.mark.parametrize("suffix", [".html", ".txt"])
@pytest.mark.parametrize("name", _others())
def test_local_forms_are_refused(name: str, suffix: str) -> None:
    with pytest.raises(GkError) as err:
        parse_report(CORPUS / f"{name}{suffix}")
    assert err.value.code == "unknown_form"
    assert "未识别" in err.value.zh and "no cells were produced" in err.value.en


def test_local_form_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    names = _others()
    if not names:
        pytest.skip("no local-form report in the corpus")
    assert main(["parse", str(CORPUS / f"{names[0]}.html")]) == 2
    err = capsys.readouterr().err
    assert "未识别为全国统一表式" in err and "Traceback" not in err


XZ = CORPUS / "2017_jx_shangrao_xinzhou_qu.txt"


@pytest.mark.skipif(not XZ.exists(), reason="the XZ2017 report is not in the corpus")
def test_legacy_text_gives_the_xz2017_figures() -> None:
    result = parse_report(XZ)
    expected = xz2017()
    assert (result.table.format.id, result.table.year) == ("legacy", 2017)
    assert result.table.organ.startswith("上饶市信州区")
    got = {c.id: result.table[c.id] for c in result.table.format.cells}
    want = {c.id: expected[c.id] for c in expected.format.cells}
    # The spec adds 「6.申请信息不存在数」 and 「7.告知作出更改补充数」 as 0 in L-03's sum;
    # the published form leaves both blank, and blank is not 0.
    for blank in ("l.ans_not_exist", "l.ans_amend"):
        assert got[blank] is None and result.reading(blank).status is Status.BLANK
        want[blank] = None
    assert got == want
    assert result.reading("l.app_concluded").status is Status.BLANK
    assert result.counts["missing"] == result.counts["ambiguous"] == 0


@pytest.mark.skipif(not XZ.exists(), reason="the XZ2017 report is not in the corpus")
def test_legacy_text_warnings() -> None:
    result = parse_report(XZ)
    # its blank 申请办结数 under filled parts: an error, as a blank total is in every format
    assert [(f.rule, f.cell_ids[0]) for f in result.check.errors] == [("L-15", "l.app_concluded")]
    assert {f.rule for f in result.check.warnings} == {"L-08", "GK-BLANK"}
    text = [s for s in result.check.summary if s.rule == "L-16"]
    assert len(text) == 1 and text[0].fails == 0 and text[0].passes >= 8


@pytest.mark.parametrize("name", _ours(""))
def test_corpus_narratives_agree_with_their_tables(name: str) -> None:
    """Every figure these reports quote matches their tables (spec §10): no false alarm."""
    result = parse_report(CORPUS / f"{name}.html")
    rule = {"f2019": "F19-15", "f2021": "F21-14"}[result.table.format.id]
    assert not result.check.by_rule(rule)


def test_narrative_figures_of_2025_are_compared() -> None:
    result = parse_report(CORPUS / "pingtan_2025.html")
    summary = next(s for s in result.check.summary if s.rule == "F21-14")
    # 收到 154, 办结 148, 结转 6, 复议 36, 诉讼 9
    assert (summary.items, summary.passes, summary.fails) == (5, 5, 0)


@pytest.mark.parametrize("name", _ours(""))
def test_json_labels_are_those_of_formats_json(name: str) -> None:
    result = parse_report(CORPUS / f"{name}.html")
    payload = result_to_json(result)
    declared = {c["id"]: c for c in format_json(get_format(payload["format"]))["cells"]}
    assert len(payload["cells"]) == len(declared)
    for cell in payload["cells"]:
        d = declared[cell["id"]]
        assert (cell["table"], cell["row"], cell["column"]) == (d["table"], d["row"], d["column"])
        assert cell["status"] in ("ok", "blank", "missing", "ambiguous")
    assert {"format", "year", "organ", "cells", "findings"} <= set(payload)


def test_directory_gives_one_object_per_report(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["parse", str(CORPUS), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list)
    names = {Path(d["source"]).name for d in data}
    assert {f"{n}{s}" for n in _ours("") for s in (".html", ".txt")} <= names
    errors = [d for d in data if "error" in d]
    assert {d["error"]["code"] for d in errors} <= {"unknown_form"}
    assert len(errors) == 2 * len(_others())
    assert code == (1 if errors else 0)
