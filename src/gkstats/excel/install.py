"""Putting the add-in where Excel loads it, and telling it which Python to run.

``install`` copies the built ``gkstats.xlam`` into Excel's startup folder (Windows
``%APPDATA%\\Microsoft\\Excel\\XLSTART``, Mac ``…/Startup.localized/Excel``), writes the current
interpreter into the user's gkstats config file (the only place the add-in reads it from),
and on a Mac runs xlwings' ``runpython install`` (the AppleScript RunPython needs).
``uninstall`` takes the add-in and the config file away again.

Where things go is computed by :func:`places` from the platform, the home folder and the
environment, so it can be tested for both systems on any machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import attrs

from .._errors import GkError
from .._files import atomic_write, require_file
from .build import PROJECT_NAME, build_addin

ADDIN_NAME = f"{PROJECT_NAME}.xlam"
CONFIG_NAME = f"{PROJECT_NAME}.conf"
#: Where Office for Mac keeps the Excel startup folder (Finder shows it as "Startup/Excel").
MAC_STARTUP_CANDIDATES = (
    "Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel",
    "Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel",
)
MAC_SANDBOX_DATA = "Library/Containers/com.microsoft.Excel/Data"
MAC_APPLESCRIPT_DIR = "Library/Application Scripts/com.microsoft.Excel"


@attrs.frozen
class Places:
    """Where the add-in, its config and (on a Mac) xlwings' AppleScript live."""

    platform: str
    startup_dir: Path
    config_file: Path
    interpreter_key: str
    applescript_dir: Path | None = None

    @property
    def addin(self) -> Path:
        return self.startup_dir / ADDIN_NAME

    def applescript(self, xlwings_version: str) -> Path | None:
        if self.applescript_dir is None:
            return None
        return self.applescript_dir / f"xlwings-{xlwings_version}.applescript"

    @property
    def config_encoding(self) -> str:
        # VBA reads the file in the system's ANSI code page on Windows ("mbcs" in Python,
        # which only exists on Windows); Excel for Mac, like xlwings, reads UTF-8.
        if self.platform == "win32" and sys.platform == "win32":
            return "mbcs"
        return "utf-8"


def unsupported_platform(platform: str) -> GkError:
    return GkError(
        "excel_platform",
        zh=f"Excel 加载项只能安装在 Windows 或 macOS 上（当前系统：{platform}）",
        en=f"the Excel add-in installs on Windows or macOS only (this is {platform})",
    )


def places(
    platform: str | None = None,
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> Places:
    """The places for ``platform`` (default: this machine's) under ``home``."""
    platform = platform or sys.platform
    env = os.environ if env is None else env
    if platform == "win32":
        home = home or Path(env.get("USERPROFILE") or Path.home())
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        return Places(
            platform,
            startup_dir=appdata / "Microsoft" / "Excel" / "XLSTART",
            # The add-in's GetConfigFilePath: %USERPROFILE%\.<PROJECT_NAME>\<PROJECT_NAME>.conf
            config_file=home / f".{PROJECT_NAME}" / CONFIG_NAME,
            interpreter_key="INTERPRETER_WIN",
        )
    if platform == "darwin":
        home = home or Path.home()
        candidates = [home / c for c in MAC_STARTUP_CANDIDATES]
        startup = next((c for c in candidates if c.is_dir()), candidates[0])
        return Places(
            platform,
            startup_dir=startup,
            # The add-in's GetConfigFilePath: the sandbox's home, then <PROJECT_NAME>.conf
            config_file=home / MAC_SANDBOX_DATA / CONFIG_NAME,
            interpreter_key="INTERPRETER_MAC",
            applescript_dir=home / MAC_APPLESCRIPT_DIR,
        )
    raise unsupported_platform(platform)


# --- the config file ------------------------------------------------------------------------


def read_config(path: Path, encoding: str = "utf-8") -> dict[str, str]:
    """The ``"KEY","VALUE"`` lines of an xlwings-style config file (missing file: empty)."""
    try:
        text = path.read_bytes().decode(encoding, errors="replace")
    except FileNotFoundError:
        return {}
    config: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition(",")
        if sep and len(key) >= 2 and key[0] == key[-1] == '"':
            config[key[1:-1]] = value.strip().strip('"')
    return config


def write_config(path: Path, config: Mapping[str, str], platform: str, encoding: str) -> None:
    """Write the config file as VBA's ``Input #`` reads it, atomically."""
    eol = "\r\n" if platform == "win32" else "\n"
    lines = []
    for key, value in config.items():
        for part in (key, value):
            if '"' in part or "\n" in part or "\r" in part:
                raise GkError(
                    "excel_config_value",
                    zh=f"配置项不能含有引号或换行：{part}",
                    en=f"a config entry cannot contain quotes or line breaks: {part}",
                )
        lines.append(f'"{key}","{value}"{eol}')
    try:
        data = "".join(lines).encode(encoding)
    except UnicodeEncodeError:
        raise GkError(
            "excel_config_encoding",
            zh=f"Python 的路径含有本机代码页无法表示的字符，Excel 无法读取：{config}",
            en=f"a path has characters the system code page cannot represent: {config}",
        ) from None
    _atomic_write(path, data)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


# --- install / uninstall ---------------------------------------------------------------------


@attrs.frozen
class Installed:
    addin: Path
    config_file: Path
    interpreter: str
    applescript: Path | None = None


def install(
    where: Places | None = None,
    *,
    addin: Path | None = None,
    interpreter: str | None = None,
) -> Installed:
    """Install the add-in (built now unless ``addin`` names a built one) and its config."""
    where = where or places()
    interpreter = interpreter or sys.executable
    if not interpreter:
        raise GkError(
            "excel_no_interpreter",
            zh="无法确定当前 Python 解释器的路径",
            en="cannot tell the current Python interpreter's path",
        )
    try:
        where.startup_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(
            "无法创建 Excel 启动文件夹", "cannot create Excel's startup folder", exc
        ) from None
    with tempfile.TemporaryDirectory(prefix="gkstats-install-") as tmp:
        source = addin
        if source is None:
            source = build_addin(Path(tmp) / ADDIN_NAME).path
        else:
            require_file(source, "加载项文件", "add-in")
        try:
            _atomic_write(where.addin, source.read_bytes())
        except PermissionError as exc:
            raise _in_use(where.addin, exc) from None
        except OSError as exc:
            raise _os_error("无法复制加载项", "cannot copy the add-in", exc) from None
    config = read_config(where.config_file, where.config_encoding)
    config[where.interpreter_key] = interpreter
    write_config(where.config_file, config, where.platform, where.config_encoding)
    applescript = _runpython_install(where) if where.platform == "darwin" else None
    return Installed(where.addin, where.config_file, interpreter, applescript)


def _runpython_install(where: Places) -> Path | None:
    """xlwings' own ``runpython install``: the AppleScript through which a Mac runs Python."""
    from xlwings import __version__ as version
    from xlwings.cli import runpython_install

    runpython_install(None)  # type: ignore[no-untyped-call]
    return where.applescript(version)


@attrs.frozen
class Uninstalled:
    removed: tuple[Path, ...]
    kept: tuple[Path, ...]


def uninstall(where: Places | None = None, *, keep_config: bool = False) -> Uninstalled:
    """Remove the add-in from the startup folder and (unless asked not to) the config file."""
    where = where or places()
    removed: list[Path] = []
    kept: list[Path] = []
    targets = [where.addin] + ([] if keep_config else [where.config_file])
    for path in targets:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except PermissionError as exc:
            raise _in_use(path, exc) from None
    if keep_config and where.config_file.exists():
        kept.append(where.config_file)
    return Uninstalled(tuple(removed), tuple(kept))


def _in_use(path: Path, exc: OSError) -> GkError:
    return GkError(
        "excel_in_use",
        zh=f"文件正被占用（{exc.strerror}）：{path}。请先退出 Excel 再试。",
        en=f"the file is in use ({exc.strerror}): {path}. Quit Excel and try again.",
    )


def _os_error(zh: str, en: str, exc: OSError) -> GkError:
    return GkError("excel_io", zh=f"{zh}：{exc}", en=f"{en}: {exc}")
