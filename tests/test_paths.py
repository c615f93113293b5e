"""Issue 16: long names, full disks, killed runs — what gkstats writes fits the file system,
says what the operating system said, and cleans up after itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures import pingtan_2025
from workbook_support import filled_template

from gkstats import GkError
from gkstats._files import (
    atomic_write,
    backup_name,
    fit_name,
    name_max,
    remove_stale_temporaries,
    replacing,
    sibling,
)
from gkstats.cli import main


def _long_stem(folder: Path) -> str:
    """A name as long as the file system allows with a .xlsx after it (82 Chinese characters
    are 246 bytes on ext4)."""
    return "政" * ((name_max(folder) - len(".xlsx")) // 3)


def test_names_are_cut_at_whole_characters_to_fit(tmp_path):
    stem = _long_stem(tmp_path)
    name = fit_name(stem, "_年度报告.docx", tmp_path)
    assert len(os.fsencode(name)) <= name_max(tmp_path)
    assert name.endswith("_年度报告.docx") and set(name[: -len("_年度报告.docx")]) == {"政"}
    assert "表_校验.xlsx" == sibling(tmp_path / "表.xlsx", "_校验").name  # short: unchanged


@pytest.mark.parametrize("runs", [3])
def test_regression_a_long_name_can_be_marked_in_place_again_and_again(tmp_path, runs):
    path = filled_template(pingtan_2025(), tmp_path / (_long_stem(tmp_path) + ".xlsx"))
    for _ in range(runs):  # the second run gave an internal error (a backup name too long)
        assert main(["check", str(path), "--mark", "--in-place"]) == 0
    assert main(["check", str(path), "--mark"]) == 0  # <name>_校验.xlsx, shortened
    assert main(["report", str(path)]) == 0  # <name>_年度报告.docx, shortened
    names = sorted(p.name for p in tmp_path.iterdir())
    assert all(len(os.fsencode(n)) <= name_max(tmp_path) for n in names)
    assert [n for n in names if n.startswith(".")] == []  # no temporary left
    assert len([n for n in names if ".bak" in n]) == runs
    assert any(n.endswith("_校验.xlsx") for n in names)
    assert any(n.endswith("_年度报告.docx") for n in names)


def test_backup_names_fit_and_do_not_collide(tmp_path):
    path = tmp_path / (_long_stem(tmp_path) + ".xlsx")
    path.write_bytes(b"x")
    first = backup_name(path)
    first.write_bytes(b"x")
    second = backup_name(path)
    assert first != second and not second.exists()
    assert len(os.fsencode(second.name)) <= name_max(tmp_path)


def test_a_name_too_long_given_by_the_user_is_a_gkerror(tmp_path, capsys):
    source = tmp_path / "t.json"
    from gkstats import converter

    source.write_text(__import__("json").dumps(converter.unstructure(pingtan_2025())), "utf-8")
    out = tmp_path / ("长" * 100 + ".md")
    assert main(["report", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "文件名过长" in err and "Traceback" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", ["mark", "mark in place", "report", "batch"])
def test_regression_a_full_disk_is_said_with_the_systems_words_and_no_traceback(tmp_path, command):
    # every write goes to a temporary file: one that is /dev/full fails as a full disk does
    # (and leaves openpyxl's ZipFile to complain from its finaliser, as it did on exit)
    path = filled_template(pingtan_2025(), tmp_path / "表.xlsx")
    before = path.read_bytes()
    args = {
        "mark": ["check", str(path), "--mark"],
        "mark in place": ["check", str(path), "--mark", "--in-place"],
        "report": ["report", str(path), "-o", str(tmp_path / "r.docx")],
        "batch": ["batch", str(tmp_path), "--out", str(tmp_path / "s.xlsx"), "--quiet"],
    }[command]
    code = (
        "import sys\nfrom gkstats import _files\nfrom pathlib import Path\n"
        "def full(target, parent):\n"
        "    link = parent / f'.{target.stem}.full{target.suffix}'\n"
        "    link.symlink_to('/dev/full')\n    return link\n"
        "_files._temporary = full\n"
        "from gkstats.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    assert 2 == run.returncode, run.stderr
    assert "磁盘空间不足（No space left on device）" in run.stderr
    assert "Traceback" not in run.stderr and "Exception ignored" not in run.stderr
    assert before == path.read_bytes()
    # the file is as it was: its backup is taken back, nothing but the message is left
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["表.xlsx"]


def test_regression_a_run_killed_while_saving_leaves_nothing_the_next_run_keeps(tmp_path):
    target = tmp_path / "表.xlsx"
    target.write_bytes(b"old")
    code = (
        "import os, sys\nfrom gkstats._files import replacing\n"
        "with replacing(sys.argv[1]) as tmp:\n"
        "    tmp.write_bytes(b'half')\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(target)], check=False)
    assert run.returncode == -9
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert len(left) == 1  # what kill -9 leaves behind: a temporary file; the original intact
    assert b"old" == target.read_bytes()
    atomic_write(target, b"new")  # the next run on the same target
    assert ["表.xlsx"] == sorted(p.name for p in tmp_path.iterdir())
    assert b"new" == target.read_bytes()


def test_temporaries_of_live_writers_and_other_targets_are_kept(tmp_path):
    target = tmp_path / "表.xlsx"
    with replacing(target) as ours:
        ours.write_bytes(b"x")
        live = ours.with_name(ours.name.replace(f"-{os.getpid()}-", "-1-"))  # pid 1: alive
        live.write_bytes(b"x")
        other = tmp_path / ".其他.gk00000000-999999-abcdefgh.xlsx"
        other.write_bytes(b"x")
        assert [] == remove_stale_temporaries(target)  # neither our own nor a live one
    assert live.exists() and other.exists()
    old = time.time() - 2 * 24 * 3600
    os.utime(live, (old, old))
    assert [live] == remove_stale_temporaries(target)  # a day old: stale whoever wrote it


def test_os_errors_keep_their_own_words(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        with pytest.raises(GkError) as err:
            atomic_write(folder / "x.json", "{}")
        assert "没有写权限" in err.value.zh and "Permission denied" in err.value.zh
    finally:
        folder.chmod(0o700)
