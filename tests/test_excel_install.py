"""`gkstats excel install | uninstall | doctor`, for the Windows and the Mac layout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from excel_support import AddinVBA, built_addin

from gkstats import GkError
from gkstats.cli import main
from gkstats.excel import install as inst
from gkstats.excel.doctor import diagnose

pytest.importorskip("pyopenvba", reason="pyOpenVBA (the excel extra) builds the add-in")


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_addin(tmp_path_factory)


@pytest.fixture
def windows(tmp_path: Path) -> inst.Places:
    home = tmp_path / "Users" / "张三"
    env = {"USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming")}
    return inst.places("win32", env=env)


@pytest.fixture
def mac(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> inst.Places:
    monkeypatch.setenv("HOME", str(tmp_path))  # xlwings' runpython install writes under ~
    return inst.places("darwin")


def test_windows_places_are_excels_and_the_addins(windows, tmp_path):
    home = tmp_path / "Users" / "张三"
    assert home / "AppData/Roaming/Microsoft/Excel/XLSTART/gkstats.xlam" == windows.addin
    # what the add-in's GetConfigFilePath reads: %USERPROFILE%\.gkstats\gkstats.conf
    assert home / ".gkstats" / "gkstats.conf" == windows.config_file
    assert "INTERPRETER_WIN" == windows.interpreter_key


def test_mac_places_prefer_an_existing_startup_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    plain = tmp_path / inst.MAC_STARTUP_CANDIDATES[1]
    plain.mkdir(parents=True)
    assert plain == inst.places("darwin").startup_dir
    localized = tmp_path / inst.MAC_STARTUP_CANDIDATES[0]
    localized.mkdir(parents=True)
    assert localized == inst.places("darwin").startup_dir


def test_other_systems_are_told_the_addin_is_for_windows_and_mac():
    with pytest.raises(GkError) as err:
        inst.places("linux")
    assert "Windows 或 macOS" in err.value.zh


def test_install_on_windows_copies_the_addin_and_names_this_python(windows, addin):
    windows.config_file.parent.mkdir(parents=True)
    windows.config_file.write_bytes(b'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","C:\\old.exe"\r\n')
    done = inst.install(windows, addin=addin)
    assert addin.read_bytes() == windows.addin.read_bytes()
    assert (windows.addin, windows.config_file, sys.executable, None) == (
        done.addin, done.config_file, done.interpreter, done.applescript,
    )  # fmt: skip
    # the user's other settings stay; lines end as VBA's Input # on Windows expects
    expected = f'"SHOW CONSOLE","True"\r\n"INTERPRETER_WIN","{sys.executable}"\r\n'
    assert expected == windows.config_file.read_bytes().decode("utf-8")


def test_the_installed_config_is_what_the_addin_reads(windows, addin):
    inst.install(windows, addin=addin, interpreter=r"C:\Users\张三\py\python.exe")
    config = inst.read_config(windows.config_file)
    assert {"INTERPRETER_WIN": r"C:\Users\张三\py\python.exe"} == config


def test_install_on_a_mac_also_installs_xlwings_applescript(mac, addin, tmp_path):
    done = inst.install(mac, addin=addin)
    assert addin.read_bytes() == mac.addin.read_bytes()
    assert tmp_path / "Library/Containers/com.microsoft.Excel/Data/gkstats.conf" == done.config_file
    assert f'"INTERPRETER_MAC","{sys.executable}"\n' == done.config_file.read_text("utf-8")
    assert done.applescript is not None and done.applescript.is_file()
    assert done.applescript.parent == tmp_path / inst.MAC_APPLESCRIPT_DIR


def test_install_builds_the_addin_when_none_is_given(windows):
    done = inst.install(windows)
    vba = AddinVBA(done.addin)
    assert ["import gkstats.excel.dispatch as gkd;gkd.run('check')"] == vba.click("check")


def test_a_value_vba_cannot_read_is_refused_not_written(windows, addin):
    with pytest.raises(GkError):
        inst.install(windows, addin=addin, interpreter='C:\\a"b\\python.exe')
    assert not windows.config_file.exists()


def test_uninstall_removes_what_install_put(windows, addin):
    inst.install(windows, addin=addin)
    done = inst.uninstall(windows)
    assert {windows.addin, windows.config_file} == set(done.removed)
    assert not windows.addin.exists() and not windows.config_file.exists()
    assert () == inst.uninstall(windows).removed


def test_uninstall_can_keep_the_config(mac, addin):
    inst.install(mac, addin=addin)
    done = inst.uninstall(mac, keep_config=True)
    assert ((mac.addin,), (mac.config_file,)) == (done.removed, done.kept)
    assert mac.config_file.is_file()


# --- doctor --------------------------------------------------------------------------------


def test_doctor_names_what_is_missing_before_install_and_nothing_after(mac, addin):
    before = diagnose(mac)
    assert {"addin", "config", "applescript"} <= {f.key for f in before.missing}
    assert "gkstats excel install" in before.text("zh")
    inst.install(mac, addin=addin)
    after = diagnose(mac)
    assert () == after.missing, after.text("en")
    facts = {f.key: f.value for f in after.facts}
    assert sys.executable == facts["interpreter"]
    assert str(mac.addin) == facts["addin"]
    assert "一切就绪" in after.text("zh") and "Nothing is missing" in after.text("en")


def test_doctor_notices_an_interpreter_that_is_gone(windows, addin):
    inst.install(windows, addin=addin, interpreter=str(windows.startup_dir / "gone.exe"))
    d = diagnose(windows, platform="win32")
    interp = next(f for f in d.facts if f.key == "interpreter")
    assert not interp.ok and "不存在" in interp.value


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the unsupported-system path")
def test_doctor_command_on_this_system_reports_and_exits_1(capsys):
    assert 1 == main(["excel", "doctor", "--json"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["missing"] == ["platform"]
    assert {"python", "gkstats", "xlwings", "pyopenvba", "template"} <= {
        f["key"] for f in payload["facts"]
    }


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the unsupported-system path")
def test_install_command_on_this_system_is_a_message_not_a_traceback(capsys):
    assert 2 == main(["excel", "install"])
    err = capsys.readouterr().err
    assert "Windows" in err and "Traceback" not in err
