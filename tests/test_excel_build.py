"""`gkstats excel build`: the .xlam, its ribbon, its VBA, and what the VBA runs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from excel_support import AddinVBA, built_addin, vba_module
from hypothesis import given
from hypothesis import strategies as st

from gkstats import GkError
from gkstats.cli import main
from gkstats.excel import build
from gkstats.excel.buttons import BUILT, COMMANDS, ribbon_buttons

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")

ROOT = Path(__file__).resolve().parents[1]
#: The buttons issue 4 asks for, by label.
ISSUE_LABELS = {"新建模板", "校验", "清除标记", "生成报告", "导入上年", "汇总", "诊断"}
COMMAND = "import gkstats.excel.dispatch as gkd;gkd.run('{}')"


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_addin(tmp_path_factory)


@pytest.fixture(scope="module")
def vba(addin: Path) -> AddinVBA:
    return AddinVBA(addin)


def _ribbon(addin: Path) -> str:
    with zipfile.ZipFile(addin) as z:
        return z.read(build.CUSTOMUI_PART).decode("utf-8")


# --- the file -----------------------------------------------------------------------------


def test_the_built_addin_passes_the_vba_editors_integrity_check(addin):
    from pyopenvba import check_file

    report = check_file(addin)
    assert (True, ()) == (report.ok, report.issues)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # oletools' use of pyparsing
def test_olevba_parses_the_built_addin_and_finds_our_module(addin):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(addin))
    try:
        assert parser.detect_vba_macros()
        modules = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    assert {"RibbonGkstats", "xlwings", "ThisWorkbook"} <= set(modules)
    assert "RibbonMyAddin" not in modules
    assert "gkd.run('\" & buttonId & \"')" in modules["RibbonGkstats"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # oletools' use of pyparsing
def test_the_vba_project_is_named_gkstats_not_myaddin(addin):
    import io

    from oletools.olevba import VBA_Project, olefile
    from pyopenvba import ExcelFile

    with zipfile.ZipFile(addin) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read(build.VBA_PROJECT_PART)))
    project = VBA_Project(ole, "", "PROJECT", "VBA/dir", relaxed=False)
    assert build.PROJECT_NAME == project.projectname  # the dir stream's PROJECTNAME
    text = ole.openstream("PROJECT").read().decode("latin-1")
    assert 'Name="gkstats"' in text.split("\r\n") and "MyAddin" not in text
    with ExcelFile(addin) as book:
        assert build.PROJECT_NAME == book.vba_project().name


def test_the_ribbon_lists_every_button_with_its_chinese_label(addin):
    buttons = ribbon_buttons(_ribbon(addin))
    assert ISSUE_LABELS == {b.label for b in buttons}
    assert {build.ON_ACTION} == {b.on_action for b in buttons}
    assert '<tab id="gkstats_tab" label="政务公开年报">' in _ribbon(addin)


def test_every_button_has_a_command_and_every_command_a_button():
    assert sorted(b.id for b in ribbon_buttons()) == sorted(COMMANDS)
    assert set(BUILT) <= set(COMMANDS)


def test_the_build_refuses_a_button_without_a_command(monkeypatch):
    from gkstats.excel import buttons

    monkeypatch.delitem(buttons.COMMANDS, "doctor")  # type: ignore[attr-defined]
    with pytest.raises(build.BuildError, match="doctor"):
        build.ribbon_xml()


def test_the_config_sheet_and_the_project_constant_are_renamed(addin):
    with zipfile.ZipFile(addin) as z:
        workbook_xml = z.read(build.WORKBOOK_PART).decode("utf-8")
    assert 'name="_gkstats.conf"' in workbook_xml and "myaddin" not in workbook_xml
    source = vba_module(addin, "xlwings")
    assert 'Public Const PROJECT_NAME As String = "gkstats"' in source


def test_the_addins_xlwings_version_is_the_installed_one_and_the_pinned_one(addin):
    installed = build.installed_xlwings_version()
    assert installed == build.xlwings_version_constant(vba_module(addin, "xlwings"))
    assert installed == build.XLWINGS_VERSION
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    pins = re.findall(r'"xlwings==([^"]+)"', pyproject)
    assert pins and {build.XLWINGS_VERSION} == set(pins)


def test_the_built_file_is_never_committed():
    ignored = (ROOT / ".gitignore").read_text("utf-8").split()
    assert "*.xlam" in ignored


# --- security: a workbook must not decide what program runs ----------------------------------


def test_the_template_lets_a_workbook_choose_and_the_built_addin_does_not(addin):
    from pyopenvba import ExcelFile

    with ExcelFile(build.template_path()) as template:
        upstream = template.get_module("xlwings")
    assert len(build.security_problems(upstream)) >= 4  # the check can fail
    ours = vba_module(addin, "xlwings")
    assert [] == build.security_problems(ours)
    get_config = build.procedure(ours, "Function GetConfig(")
    assert "GetConfigFilePath()" in get_config
    for gone in ("ActiveWorkbook", "ThisWorkbook", "GetConfigFromSheet", "Directory"):
        assert gone not in get_config
    run_python = build.procedure(ours, "Public Function RunPython(")
    assert 'AddExcelDir = "false"' in run_python
    assert "ActiveWorkbook.FullName" not in run_python
    assert "wb.Worksheets" not in run_python  # no search for embedded .py sheets


def test_a_changed_upstream_fails_the_build_instead_of_passing_silently():
    with pytest.raises(build.BuildError, match="xlwings"):
        build.patch_xlwings_module('Attribute VB_Name = "xlwings"\nPublic Const X = 1\n')


def test_a_different_xlwings_version_is_refused(monkeypatch):
    monkeypatch.setattr(build, "installed_xlwings_version", lambda: "0.30.0")
    with pytest.raises(GkError) as err:
        build.check_xlwings_version()
    assert "0.30.0" in err.value.zh and build.XLWINGS_VERSION in err.value.zh


# --- the VBA, run in pyOpenVBA's interpreter --------------------------------------------------


@pytest.mark.parametrize("button", [b.id for b in ribbon_buttons()])
def test_each_button_hands_exactly_its_id_to_the_dispatcher(vba, button):
    assert [COMMAND.format(button)] == vba.click(button)


def test_an_unknown_or_unsafe_id_never_reaches_python(vba):
    before = len(vba.dialogs())
    assert [] == vba.click("check');import os;os.system('calc")
    assert [] == vba.click("Check")
    shown = vba.dialogs()[before:]
    assert 2 == len(shown)
    assert all("已拒绝执行" in d[1] and d[2] == "gkstats" for d in shown)


def test_without_a_configured_interpreter_the_addin_says_what_to_run(addin):
    vba = AddinVBA(addin)
    vba.configure("")
    assert [] == vba.click("check")
    assert "gkstats excel install" in vba.dialogs()[-1][1]


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("2025年政府信息公开工作年度报告.xlsx", True),
        ("R&D (copy) 'v2'.xlsx", True),
        ('a"b.xlsx', False),
        ("$(rm -rf ~).xlsx", False),
        ("`id`.xlsx", False),
        ("a|b.xlsx", False),
        ("a\\b.xlsx", False),
        ("a=b.xlsx", False),  # xlwings splits its parameter string on =
        ("100%.xlsx", False),  # cmd.exe expands %VAR%
        ("%USERNAME%.xlsx", False),
    ],
)
def test_a_workbook_name_that_could_escape_the_shell_is_refused(vba, name, safe):
    literal = name.replace('"', '""')
    assert safe is vba.evaluate(f'IsSafeName("{literal}")')


# --- non-ASCII text in the VBA ----------------------------------------------------------------


@given(st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs", "Cc")), max_size=30))
def test_a_vba_literal_means_the_same_text_once_made_ascii(text):
    from pyopenvba.apps.excel import ExcelApplication

    literal = '"' + text.replace('"', '""') + '"'
    converted = build.vba_ascii(f"x = {literal}").strip()
    assert converted.isascii()
    expression = converted.removeprefix("x = ") or '""'
    assert text == ExcelApplication().evaluate(expression)


def test_non_ascii_outside_a_literal_is_refused():
    with pytest.raises(build.BuildError, match="第 2 行"):
        build.vba_ascii("Sub A()\n' 注释\nEnd Sub\n")


def test_the_shipped_module_is_ascii_once_converted():
    source = build.vba_module_source()
    assert source.isascii() and "\r\n" in source
    assert all(len(line) <= build.VBA_MAX_LINE for line in source.split("\r\n"))


# --- the command ------------------------------------------------------------------------------


def test_build_command_writes_the_addin_and_names_its_buttons(tmp_path, capsys):
    out = tmp_path / "my.xlam"
    assert 0 == main(["excel", "build", "-o", str(out)])
    assert out.is_file() and zipfile.is_zipfile(out)
    printed = capsys.readouterr().out
    assert str(out) in printed and "check" in printed


def test_build_keeps_an_existing_addin_unless_asked(tmp_path, capsys):
    out = tmp_path / "gkstats.xlam"
    out.write_bytes(b"mine")
    assert 2 == main(["excel", "build", "-o", str(out)])
    assert "--overwrite" in capsys.readouterr().err and out.read_bytes() == b"mine"
    assert 0 == main(["excel", "build", "-o", str(out), "--overwrite"])
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("name", ["gkstats.xlsm", "no_dir/gkstats.xlam"])
def test_build_refuses_a_bad_output_with_a_message(tmp_path, capsys, name):
    assert 2 == main(["excel", "build", "-o", str(tmp_path / name)])
    err = capsys.readouterr().err
    assert "gkstats:" in err and "Traceback" not in err
    assert not (tmp_path / name).exists()
