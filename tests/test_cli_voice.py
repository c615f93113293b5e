"""One voice across commands (issue 17): the same options where they make sense, usage
errors in Chinese first, every help text whole, Chinese output without stray English."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from fixtures import pingtan_2025
from parse_samples import to_html

from gkstats import converter
from gkstats.cli import _load_commands, app, main
from gkstats.readers import read_table


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _commands() -> list[tuple[str, click.Command]]:
    _load_commands()
    out = []
    for name, cmd in app.commands.items():
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            out += [(f"{name} {n}", c) for n, c in cmd.commands.items()]
    return out


@pytest.fixture(autouse=True)
def _commands_loaded() -> None:
    _load_commands()


def _options(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts}


@pytest.fixture
def no_year(tmp_path: Path) -> Path:
    """平潭 2025's table JSON with its year and organ left out."""
    data = converter.unstructure(pingtan_2025())
    del data["year"]
    data["organ"] = ""
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("command", ["check", "report", "batch"])
def test_format_year_and_organ_where_a_table_is_read(command: str) -> None:
    assert {"--format", "--year", "--organ"} <= _options(app.commands[command])


def test_every_writer_has_output_and_overwrite() -> None:
    writers = {"parse", "report", "batch", "consolidate", "template", "clear",
               "import-previous", "check"}  # fmt: skip
    for name in writers:
        assert {"-o", "--output", "--overwrite"} <= _options(app.commands[name]), name
    assert "--out" in _options(app.commands["batch"])  # kept as an alias
    build = app.commands["excel"].commands["build"]  # type: ignore[attr-defined]
    assert {"-o", "--output", "--overwrite"} <= _options(build)


def test_check_takes_the_year_and_organ_the_file_lacks(
    no_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check", str(no_year))
    assert code == 2 and "year" in err
    code, out, _ = run(capsys, "check", str(no_year), "--year", "2025", "--organ", "示例县")
    assert code == 0 and "示例县 2025年度" in out


def test_format_that_disagrees_with_the_file_is_refused(
    no_year: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check", str(no_year), "--year", "2020", "--format", "f2019")
    assert code == 2 and "f2021" in err and "f2019" in err


def test_report_takes_the_organ_it_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(converter.unstructure(pingtan_2025().replace(organ=""))), "utf-8")
    code, out, _ = run(capsys, "report", str(path), "-o", str(tmp_path / "a.md"))
    assert code == 0 and "GK-ORGAN" in out and "--organ" in out
    code, out, _ = run(
        capsys, "report", str(path), "-o", str(tmp_path / "b.md"), "--organ", "示例县乙局"
    )
    assert code == 0 and "GK-ORGAN" not in out
    assert "示例县乙局" in (tmp_path / "b.md").read_text("utf-8")


def test_options_apply_to_a_published_report_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.html"
    path.write_text(to_html(pingtan_2025()), "utf-8")
    code, out, _ = run(capsys, "check", str(path), "--organ", "另一单位")
    assert code == 0 and out.startswith("另一单位 2025年度")
    assert read_table(path).organ != "另一单位"


def test_batch_output_by_its_short_long_and_old_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "t.json").write_text(json.dumps(converter.unstructure(pingtan_2025())), "utf-8")
    for k, flag in enumerate(("-o", "--output", "--out")):
        out = tmp_path / f"s{k}.json"
        assert run(capsys, "batch", str(folder), flag, str(out), "--workers", "1")[0] == 0
        assert json.loads(out.read_text("utf-8"))["files"][0]["valid"] is True


@pytest.mark.parametrize(
    ("args", "zh"),
    [
        (["check", "--bogus", "x"], "没有选项 --bogus"),
        (["check"], "缺少参数 FILE"),
        (["parse", "x", "--format", "nope"], "--format 的值无效，可选：auto、legacy"),
        (["batch", "x", "-o", "s.json", "--workers", "99"], "--workers 应为 1–64 之间的整数"),
        (["check", "x", "--year"], "选项 --year 需要一个值"),
        (["check", "a", "b"], "多余的参数：b"),
        (["checkk"], "没有命令「checkk」（是否想用 check？）"),
    ],
)
def test_usage_errors_are_chinese_first_then_english(
    args: list[str], zh: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *args)
    first = err.splitlines()[0]
    assert code == 2 and out == ""
    assert first.startswith(f"gkstats: {zh}") and " / " in first, err  # English after the /
    assert "Error:" not in err and "Traceback" not in err


def test_debug_is_in_every_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--help")[1].count("--debug") == 1
    for name, _cmd in _commands():
        code, out, _ = run(capsys, *name.split(), "--help")
        assert code == 0 and "--debug" in out, name


def test_help_texts_are_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """click cuts a command's help at about 45 characters in the list with 「…」, which cut
    the Chinese-then-English lines in the middle."""
    out = run(capsys, "--help")[1]
    listing = " ".join(out.split("Commands:", 1)[1].split())
    for name, cmd in _commands():
        if " " in name:
            continue
        whole = " ".join((cmd.help or "").split("\n\n")[0].split())
        assert whole in listing, name
    assert "..." not in listing


def test_formats_in_chinese_has_no_stray_words(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "formats")[1]
    assert "2021 年度起" in out and "今年度" not in out and "2019–2020 年度" in out


def test_parse_says_where_the_year_came_from_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.html"
    path.write_text(to_html(pingtan_2025()), "utf-8")
    out = run(capsys, "parse", str(path))[1]
    first = out.splitlines()[0]
    assert "年度来自" in first and not any(w in first for w in ("title", "statistics", "text"))


def test_cells_not_found_that_may_be_missing_are_said_to_be_optional(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.html"
    path.write_text(to_html(pingtan_2025()), "utf-8")  # no （六） subtotal row: optional
    out = run(capsys, "parse", str(path))[1]
    line = out.splitlines()[1]
    assert "未找到 0" in line and "另有 7 个可选单元格" in line


def test_batch_progress_counts_files_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}
    real = click.progressbar

    def spy(*args: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(click, "progressbar", spy)
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(3):
        (folder / f"{k}.json").write_text(json.dumps(converter.unstructure(pingtan_2025())))
    assert (
        run(capsys, "batch", str(folder), "-o", str(tmp_path / "s.json"), "--workers", "1")[0] == 0
    )
    assert seen["show_pos"] is True and seen["show_eta"] is True
    assert seen["label"] == "校验 3 个文件" and seen["length"] == 3
