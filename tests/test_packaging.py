"""The package as a user gets it: a wheel and an sdist built by ``python -m build``, the wheel
installed into a clean virtual environment, and the smoke commands run there.

The venv has no access to this environment's packages: the wheel is installed with its
``excel`` extra and pip fetches the declared dependencies from the index, so a dependency
missing from pyproject.toml, a module or a data file missing from the wheel, or a console
script that does not start, fails here.  (Measured on the 2-core CI machine size: build ≈ 7 s,
clean venv + install ≈ 16 s, against ≈ 10 s for a ``--system-site-packages`` venv that would
prove nothing about the dependencies.)

Smoke commands whose command this gkstats does not have yet (a capability still being
written) are skipped with the reason; every command ``gkstats --help`` lists must run.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

from gkstats._version import __version__

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
#: Extras that are tools for working on gkstats, not parts of it: left out of ``all``.
TOOL_EXTRAS = {"test", "dev", "docs", "all"}

#: name in ``gkstats --help`` → (arguments, the exit code it must give, what it writes)
SMOKE: dict[str, tuple[list[str], int, str | None]] = {
    # the embedded example has one deliberate slip, so demo reports an error: exit 1
    "demo": (["demo"], 1, None),
    "template": (["template", "-o", "模板.xlsx"], 0, "模板.xlsx"),
    "excel": (["excel", "build", "-o", "gkstats.xlam"], 0, "gkstats.xlam"),
    # the quick starts' files, from the installed package alone
    "example": (["example", "示例"], 0, "示例/年报/示例县乙局2025.html"),
}


def _run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    # without --sdist/--wheel, build makes the sdist and then the wheel FROM the sdist,
    # which proves the sdist is complete
    done = _run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out)
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(out.glob("*.whl"))
    sdists = sorted(out.glob("*.tar.gz"))
    assert (len(wheels), len(sdists)) == (1, 1)
    return {"wheel": wheels[0], "sdist": sdists[0]}


@pytest.fixture(scope="module")
def venv(dist: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv")
    done = _run([sys.executable, "-m", "venv", str(home / "env")], cwd=home)
    assert done.returncode == 0, done.stderr
    python = home / "env" / ("Scripts" if os.name == "nt" else "bin") / "python"
    done = _run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"{dist['wheel']}[excel]"],
        cwd=home,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return python.parent


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        return set(z.namelist())


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(z.read(name))


def test_the_files_are_named_for_the_one_version(dist: dict[str, Path]) -> None:
    assert dist["wheel"].name == f"gkstats-{__version__}-py3-none-any.whl"
    assert dist["sdist"].name == f"gkstats-{__version__}.tar.gz"
    assert _metadata(dist["wheel"])["Version"] == __version__


def test_the_wheel_carries_the_package_data_and_the_licence(dist: dict[str, Path]) -> None:
    names = _wheel_names(dist["wheel"])
    needed = {
        "gkstats/py.typed",
        "gkstats/data/demo_f2021.json",
        "gkstats/excel/assets/ribbon.xml",  # the add-in's ribbon
        "gkstats/excel/assets/gkstats.bas",  # the add-in's VBA source
        "gkstats/examples/reports_to_csv.py",  # an example script gkstats example copies
        f"gkstats-{__version__}.dist-info/licenses/LICENSE",
        f"gkstats-{__version__}.dist-info/entry_points.txt",
    }
    assert needed - names == set()
    # every module and data file of the source tree is in the wheel
    src = ROOT / "src"
    source = {
        p.relative_to(src).as_posix()
        for p in (src / "gkstats").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert source - names == set()


def test_the_wheel_declares_every_extra(dist: dict[str, Path]) -> None:
    declared = set(_metadata(dist["wheel"]).get_all("Provides-Extra") or [])
    assert {"excel", "docx", "pdf", "all", "docs", "test"} <= declared
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert declared == set(pyproject["project"]["optional-dependencies"])


def test_all_is_every_extra_that_is_part_of_gkstats(dist: dict[str, Path]) -> None:
    meta = _metadata(dist["wheel"])
    needs: dict[str, set[str]] = {}
    for req in meta.get_all("Requires-Dist") or []:
        spec, _, marker = req.partition(";")
        if "extra ==" in marker:
            extra = marker.split("extra ==")[1].strip().strip("'\"")
            needs.setdefault(extra, set()).add(spec.strip())
    parts = set(meta.get_all("Provides-Extra") or []) - TOOL_EXTRAS
    assert parts  # excel, docx, pdf, …
    assert needs["all"] == set().union(*(needs[e] for e in parts))


def test_the_sdist_holds_sources_licence_changelog_docs_and_examples(
    dist: dict[str, Path],
) -> None:
    with tarfile.open(dist["sdist"]) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    needed = {
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "CHANGELOG.md",
        "mkdocs.yml",
        "src/gkstats/_version.py",
        "docs/index.md",
        "src/gkstats/examples/make_example_workbook.py",
        "tests/test_packaging.py",
    }
    assert needed - names == set()


def test_the_changelog_has_a_section_for_this_version_or_unreleased() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert "## [Unreleased]" in text or f"## [{__version__}]" in text


def test_the_venv_runs_the_installed_wheel_not_this_source(venv: Path, tmp_path: Path) -> None:
    done = _run([str(venv / "python"), "-c", "import gkstats; print(gkstats.__file__)"], tmp_path)
    assert done.returncode == 0, done.stderr
    where = Path(done.stdout.strip())
    assert venv.parent in where.parents
    assert ROOT not in where.parents
    done = _run([str(venv / "gkstats"), "--version"], tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"gkstats, version {__version__}")


def _installed_commands(venv: Path, cwd: Path) -> set[str]:
    done = _run([str(venv / "gkstats"), "--help"], cwd)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("Commands:", 1)[1].splitlines()
    # a command's line starts two spaces in; its help goes on further in when it wraps
    return {line.split()[0] for line in lines if line.startswith("  ") and line[2:3].strip()}


def test_the_installed_cli_has_every_command_of_the_source(venv: Path, tmp_path: Path) -> None:
    from gkstats.cli import _load_commands, app

    _load_commands()
    assert _installed_commands(venv, tmp_path) == set(app.commands)


@pytest.mark.parametrize("name", sorted(SMOKE))
def test_smoke_command(name: str, venv: Path, tmp_path: Path) -> None:
    if name not in _installed_commands(venv, tmp_path):
        pytest.skip(f"`gkstats {name}` is not in this gkstats yet")
    args, code, writes = SMOKE[name]
    done = _run([str(venv / "gkstats"), *args], tmp_path)
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if writes is not None:
        assert (tmp_path / writes).stat().st_size > 0


def test_the_installed_template_is_a_real_workbook_that_checks(venv: Path, tmp_path: Path) -> None:
    if "template" not in _installed_commands(venv, tmp_path):
        pytest.skip("`gkstats template` is not in this gkstats yet")
    made = _run([str(venv / "gkstats"), "template", "--year", "2025", "-o", "t.xlsx"], tmp_path)
    assert made.returncode == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert "GK_t3_new_total" in book.defined_names
    done = _run([str(venv / "gkstats"), "check", "t.xlsx"], tmp_path)
    # a blank template is read (exit 0 or 1 with findings), never a usage or internal error
    assert done.returncode in (0, 1), done.stdout + done.stderr
    # without a year the check says so (a user error, exit 2), rather than assume one
    assert _run([str(venv / "gkstats"), "template", "-o", "n.xlsx"], tmp_path).returncode == 0
    undated = _run([str(venv / "gkstats"), "check", "n.xlsx"], tmp_path)
    assert undated.returncode == 2 and "年度" in undated.stderr


def test_the_installed_addin_is_an_excel_package(venv: Path, tmp_path: Path) -> None:
    if "excel" not in _installed_commands(venv, tmp_path):
        pytest.skip("`gkstats excel` is not in this gkstats yet")
    done = _run([str(venv / "gkstats"), "excel", "build", "-o", "a.xlam"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(tmp_path / "a.xlam") as z:
        names = set(z.namelist())
    # the VBA project and our ribbon, from the installed package's data
    assert {"xl/vbaProject.bin", "customUI/customUI.xml"} <= names


def test_install_hints_name_the_extras_packages_as_pyproject_lists_them() -> None:
    """gkstats is not on PyPI: a message saying ``pip install "gkstats[docx]"`` sends the
    user to a command that fails; the hint names the extra's own packages."""
    from gkstats._extras import install_hint

    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python 3.11")

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    for extra in ("docx", "pdf", "fast", "web", "excel"):
        hint = install_hint(extra)
        assert hint.startswith("pip install ") and "gkstats" not in hint, hint
        for requirement in extras[extra]:
            name = requirement.split(">")[0].split("=")[0].split("<")[0].lower()
            assert f'"{name}' in hint.lower(), (extra, requirement, hint)
