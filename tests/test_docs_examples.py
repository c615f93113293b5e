"""Every code example in the docs runs, and the quick starts print what they show.

- Every ```python block of every page runs, in page order, in one namespace per page, in an
  empty temporary folder.  A block may be skipped only with ``<!-- skip-test: reason -->`` on
  the line before it, and the reason must be given.
- Every line of a ```bash block that calls ``gkstats`` must parse: the command exists (its
  ``--help`` works) and click accepts its options and arguments.
- A page that says ``<!-- test: run -->`` (the quick starts, the English guide) is run as a
  reader would, by :func:`docs_pages.run_page`: in an empty folder, with nothing prepared
  behind the reader's back, every command exactly as written (install lines aside), each
  exiting 0 (success) or 1 (the table has errors, which the page may be showing); and every
  output a page shows (a ```text block after a code block) is what that block printed, with
  only the elisions marked ``…``.  ``python tests/docs_pages.py --update PAGE`` brings the
  shown outputs up to date after a command's wording changed.

Every other page runs in a folder that already holds the files the docs name for "your own table"
(:data:`SEEDED`): ``本单位2025.xlsx`` (a filled, valid template), ``本单位2025.json`` and
``本单位2024.json`` (the same organ's tables as JSON), so that an example may say
``read_table("本单位2025.xlsx")`` and run.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from pathlib import Path

import click
import pytest
from docs_pages import (
    DOCS,
    INSTALL,
    Ran,
    output_matches,
    pages,
    run_page,
    runs,
    shell_lines,
    steps,
)

import gkstats
from gkstats.cli import main as gkstats_main
from gkstats.examples import demo_table, fill

pytestmark = pytest.mark.slow
_SHELL_SPLIT = {"&&", "||", ";", "|"}
#: The files every page's folder starts with (see the module docstring).
SEEDED = ("本单位2025.xlsx", "本单位2025.json", "本单位2024.json")


def seed(folder: Path) -> None:
    """Write :data:`SEEDED` into ``folder``: the ``gkstats demo`` table, corrected."""
    table = demo_table(fixed=True)
    fill(table, folder / "本单位2025.xlsx")
    for year in (2025, 2024):
        data = gkstats.table_to_json(table.replace(year=year))
        (folder / f"本单位{year}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def gkstats_calls(line: str) -> list[list[str]]:
    """The ``gkstats …`` commands in one shell line (after ``&&``, ``|`` …), as argument lists."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    calls: list[list[str]] = []
    current: list[str] = []
    for token in [*lexer, ";"]:
        if token in _SHELL_SPLIT or set(token) <= set("<>&|;"):
            if current and current[0] == "gkstats":
                calls.append(current[1:])
            current = []
            if token.startswith((">", "<")):
                current = ["<redirect>"]
        else:
            current.append(token)
    return calls


def parse_call(args: list[str]) -> str | None:
    """None if click accepts ``gkstats ARGS``; else what is wrong."""
    from gkstats.cli import _load_commands, app

    _load_commands()
    cmd: click.Command = app
    path = ["gkstats"]
    rest = list(args)
    while isinstance(cmd, click.Group) and rest and not rest[0].startswith("-"):
        sub = cmd.commands.get(rest[0])
        if sub is None:
            return f"no command {' '.join([*path, rest[0]])!r}"
        cmd, path, rest = sub, [*path, rest.pop(0)], rest
    if isinstance(cmd, click.Group) and not rest:
        return None
    help_out = io.StringIO()
    with contextlib.redirect_stdout(help_out), contextlib.redirect_stderr(help_out):
        if gkstats_main([*path[1:], "--help"]) != 0:
            return f"{' '.join(path)} --help fails"
    try:
        with cmd.make_context(" ".join(path), rest, resilient_parsing=False):
            pass
    except click.exceptions.Exit:
        return None
    except click.ClickException as exc:
        return f"{' '.join(path)}: {exc.format_message()}"
    return None


# ---------------------------------------------------------------------------------------------


ALL_PAGES = pages()


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_gkstats_commands_in_the_docs_parse(page: Path) -> None:
    problems = []
    for step in steps(page):
        if step.kind != "bash" or step.skip is not None:
            continue
        for line in shell_lines(step.code):
            for call in gkstats_calls(line):
                why = parse_call(call)
                if why is not None:
                    problems.append(f"line {step.line}: gkstats {' '.join(call)} → {why}")
    assert problems == []


@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_examples_in_the_docs_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The python blocks run (seeded with "your own table"); a run page is run whole, and
    prints what it shows."""
    if runs(page):
        ran = run_page(page, tmp_path)
        assert ran, f"{page.name} says it runs but has nothing to run"
        differ = [
            f"line {r.step.line}: shows\n{r.shown.code}\n--- but printed\n{r.printed}"
            for r in ran
            if r.shown is not None and not r.matches
        ]
        assert differ == [], "\n\n".join(differ)
        return
    seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for step in steps(page):
        if step.kind != "python" or step.skip is not None:
            continue
        code = compile(step.code, f"{page.relative_to(DOCS)}:{step.line}", "exec")
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)


RUN_PAGES = [p for p in ALL_PAGES if runs(p)]


@pytest.mark.parametrize("page", RUN_PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_run_page_uses_only_files_it_makes(page: Path) -> None:
    # no hidden preparation (steps() refuses a test-setup comment) and no file from the
    # project's folder: what a wheel installs is all a reader has
    commands = [
        line for s in steps(page) if s.kind == "bash" for line in shell_lines(s.code)
        if not INSTALL.match(line)
    ]  # fmt: skip
    assert [c for c in commands if "examples/" in c or "tests/" in c] == []


def test_the_run_pages_are_the_quick_starts_and_the_guide() -> None:
    # the pages a new user follows step by step must be the ones that are executed
    expected = {
        "quickstart-excel.md",
        "quickstart-cli.md",
        "quickstart-python.md",
        "en/index.md",
        "en/library.md",
    }
    assert {p.relative_to(DOCS).as_posix() for p in ALL_PAGES if runs(p)} == expected


def test_the_extractor_sees_blocks_outputs_and_skips(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "```python\nprint(1)\n```\n"
        "Prints:\n\n```text\n1\n```\n"
        "<!-- skip-test: needs a real Excel -->\n"
        "```bash\ngkstats check a.xlsx && gkstats demo \\\n  --lang en # comment\n```\n",
        "utf-8",
    )
    found = steps(page)
    assert [(s.kind, s.line, s.end, s.skip) for s in found] == [
        ("python", 1, 3, None),
        ("text", 6, 8, None),
        ("bash", 10, 13, "needs a real Excel"),
    ]
    assert shell_lines(found[2].code) == [
        "gkstats check a.xlsx && gkstats demo --lang en # comment"
    ]
    assert gkstats_calls(shell_lines(found[2].code)[0]) == [
        ["check", "a.xlsx"],
        ["demo", "--lang", "en"],
    ]


def test_a_hidden_setup_step_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("<!-- test-setup: mkdir x -->\n```bash\nls x\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="hidden test-setup"):
        steps(page)


@pytest.mark.parametrize(
    ("shown", "printed", "expected"),
    [
        ("a\nb", "a\nb\n", True),
        ("a\nb  \n\n", "\na  \nb", True),  # trailing spaces, blank ends
        ("a\nb", "a\nc", False),
        ("a", "a\nb", False),  # nothing is left out unless marked
        ("a\n…\nd", "a\nb\nc\nd", True),
        ("a\n…\nd", "a\nd", True),
        ("a\n…\nd", "a\nb\nc", False),
        ("写入：…/r.docx", "写入：/tmp/x/r.docx", True),
        ("写入：…/r.docx", "写入：/tmp/x/r.md", False),
        ("写入：…/r.docx", "写入：/tmp\n/r.docx", False),  # within one line only
        ("a.b", "axb", False),  # the rest is literal
    ],
)
def test_outputs_match_with_only_marked_elisions(shown: str, printed: str, expected: bool) -> None:
    assert output_matches(shown, printed) == expected


def test_a_page_whose_output_differs_is_caught(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "<!-- test: run -->\n```bash\ngkstats example 示例\n```\n\n```text\n…\n```\n"
        "```bash\ngkstats check 示例/本单位2025_改正后.xlsx\n```\n"
        "```text\n✗ 校验未通过\n```\n"
        "```python\nprint(sorted(p.name for p in Path('示例').iterdir())[0])\n```\n"
        "```text\nconsolidate_units.py\n```\n",
        "utf-8",
    )
    (tmp_path / "run").mkdir()
    page.write_text(page.read_text("utf-8").replace("print(", "from pathlib import Path\nprint("))
    ran = run_page(page, tmp_path / "run")
    assert [(r.step.kind, r.matches) for r in ran] == [
        ("bash", True),
        ("bash", False),
        ("python", True),
    ]
    assert isinstance(ran[1], Ran) and "✓" in ran[1].printed


def test_a_failing_command_stops_the_page(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("```bash\npip install gkstats\ngkstats check 没有.xlsx\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="exited 2"):
        run_page(page, tmp_path)


def test_a_skip_without_a_reason_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("<!-- skip-test -->\n```python\nprint(1)\n```\n", "utf-8")
    with pytest.raises(AssertionError, match="needs a reason"):
        steps(page)


def test_a_wrong_option_or_command_is_caught() -> None:
    assert parse_call(["check", "x.json", "--no-such-option"]) is not None
    assert parse_call(["no-such-command"]) is not None
    assert parse_call(["check", "x.json", "--lang", "fr"]) is not None
    assert parse_call(["check", "x.json", "--lang", "en", "--json"]) is None


# --- installing, and the README ----------------------------------------------------------------

ROOT = DOCS.parent
#: ``pip install gkstats`` / ``pip install "gkstats[docx]"``: from PyPI, where gkstats is not yet.
_FROM_PYPI = re.compile(r"""pip install\s+["']?gkstats(?:\[[^\]]*\])?["']?(?:\s|$|`)""")
_WHEEL = re.compile(r"gkstats-([0-9][^-\s]*)-py3-none-any\.whl")


def _texts() -> dict[str, str]:
    return {
        "README.md": (ROOT / "README.md").read_text("utf-8"),
        **{p.relative_to(DOCS).as_posix(): p.read_text("utf-8") for p in ALL_PAGES},
    }


def _code_lines(text: str) -> list[tuple[int, str]]:
    """The lines inside fenced code blocks (of any language), with their numbers."""
    out, inside = [], False
    for k, line in enumerate(text.splitlines(), start=1):
        if line.startswith("```"):
            inside = not inside
        elif inside:
            out.append((k, line))
    return out


def test_no_page_installs_from_pypi_where_gkstats_is_not_published() -> None:
    # the prose may say that `pip install gkstats` does not work yet; no command may use it
    found = [
        f"{name}:{k}: {line.strip()}"
        for name, text in _texts().items()
        for k, line in _code_lines(text)
        if _FROM_PYPI.search(line)
    ]
    assert found == []


def test_the_wheels_the_pages_name_are_of_this_version() -> None:
    named = {v for text in _texts().values() for v in _WHEEL.findall(text)}
    assert named == {gkstats.__version__}


def test_the_readme_snippet_runs_and_names_each_rule_once() -> None:
    readme = ROOT / "README.md"
    (code,) = [s.code for s in steps(readme) if s.kind == "python"]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    lines = printed.getvalue().splitlines()
    assert lines
    for line in lines:
        rule = line.split()[0]
        assert re.fullmatch(r"(?:F19|F21|L|P|GK)-[\w-]+", rule), line
        assert line.count(rule) == 1, line


def test_the_readme_quick_start_is_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("## 快速开始 / Quick start", 1)[1].split("```bash", 1)[1].split("```")[0]
    assert [line.split("#")[0].strip() for line in shell_lines(block)] == [
        "pip install -e . && gkstats demo",
        'pip install -e ".[test]" && python -m pytest',
    ]
    assert parse_call(["demo"]) is None
