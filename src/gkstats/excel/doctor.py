"""What the add-in depends on, where it all is, and what is missing.

Printed by ``gkstats excel doctor`` and shown by the ribbon's 诊断 button: the interpreter, the
versions (gkstats, xlwings installed and required, pyOpenVBA), the startup folder and whether
the add-in is in it, the config file and the interpreter it names, and on a Mac xlwings'
AppleScript. Each fact that is not as it should be carries a hint saying how to fix it.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
from pathlib import Path

import attrs

from .._errors import GkError
from .._extras import install_hint
from .._version import __version__
from .build import XLWINGS_VERSION, template_path
from .install import ADDIN_NAME, Places, places, read_config


@attrs.frozen
class Fact:
    key: str
    zh: str
    en: str
    value: str
    ok: bool = True
    hint_zh: str = ""
    hint_en: str = ""
    #: The value in English where it differs (a status rather than a path or a version).
    value_en: str | None = None


@attrs.frozen
class Diagnosis:
    facts: tuple[Fact, ...]

    @property
    def missing(self) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if not f.ok)

    @property
    def ok(self) -> bool:
        return not self.missing

    def text(self, lang: str = "zh") -> str:
        lines = []
        for f in self.facts:
            mark = "✓" if f.ok else "✗"
            if lang == "zh":
                lines.append(f"{mark} {f.zh}：{f.value}")
            else:
                lines.append(f"{mark} {f.en}: {f.value if f.value_en is None else f.value_en}")
            hint = f.hint_zh if lang == "zh" else f.hint_en
            if not f.ok and hint:
                lines.append(f"    → {hint}")
        if self.ok:
            lines.append("一切就绪。" if lang == "zh" else "Nothing is missing.")
        else:
            n = len(self.missing)
            lines.append(f"缺少或不正确：{n} 项。" if lang == "zh" else f"{n} missing or wrong.")
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "facts": [attrs.asdict(f) for f in self.facts],
            "missing": [f.key for f in self.missing],
        }


_INSTALL_ZH = (
    "请运行 gkstats excel install（找不到 gkstats 命令时：Windows 上 py -m gkstats excel install，"
    "Mac 上 python3 -m gkstats excel install）"
)
_INSTALL_EN = "run gkstats excel install (or: py -m gkstats excel install)"


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def diagnose(where: Places | None = None, platform: str | None = None) -> Diagnosis:
    """Everything ``doctor`` reports, for this machine (or ``where``/``platform`` in tests)."""
    platform = platform or (where.platform if where else sys.platform)
    facts = [
        Fact(
            "python",
            "Python 解释器",
            "Python interpreter",
            f"{sys.executable} ({sys.version.split()[0]})",
        ),
        Fact("gkstats", "gkstats 版本", "gkstats version", __version__),
    ]
    xlw = _version("xlwings")
    facts.append(
        Fact(
            "xlwings",
            "xlwings 版本",
            "xlwings version",
            f"{xlw or '未安装'}（需要 {XLWINGS_VERSION}）",
            ok=xlw == XLWINGS_VERSION,
            hint_zh=f"请运行 {install_hint('excel')}",
            hint_en=f"run {install_hint('excel')}",
            value_en=f"{xlw or 'not installed'} (needs {XLWINGS_VERSION})",
        )
    )
    vba = _version("pyopenvba")
    facts.append(
        Fact(
            "pyopenvba",
            "pyOpenVBA 版本（生成加载项用）",
            "pyOpenVBA version (builds the add-in)",
            vba or "未安装",
            ok=vba is not None,
            hint_zh=f"请运行 {install_hint('excel')}",
            hint_en=f"run {install_hint('excel')}",
            value_en=vba or "not installed",
        )
    )
    docx = _version("python-docx")
    facts.append(
        Fact(
            "python-docx",
            "python-docx 版本（「生成报告」用）",
            "python-docx version (生成报告, the Word report)",
            docx or "未安装",
            ok=docx is not None,
            hint_zh=f"请运行 {install_hint('excel', 'docx')}",
            hint_en=f"run {install_hint('excel', 'docx')}",
            value_en=docx or "not installed",
        )
    )
    try:
        template = str(template_path())
        has_template = True
        template_en = template
    except GkError as exc:
        template, template_en, has_template = exc.zh, exc.en, False
    facts.append(
        Fact(
            "template",
            "xlwings 加载项模板",
            "xlwings add-in template",
            template,
            ok=has_template,
            hint_zh=f"请运行 {install_hint('excel')}",
            hint_en=f"run {install_hint('excel')}",
            value_en=template_en,
        )
    )
    needs = {"win32": ("pywin32", "win32com"), "darwin": ("appscript", "appscript")}
    if platform in needs and platform == sys.platform:  # only this machine's can be looked at
        dist, module = needs[platform]
        found = importlib.util.find_spec(module) is not None
        facts.append(
            Fact(
                dist,
                f"{dist}（xlwings 连接 Excel 用）",
                f"{dist} (xlwings talks to Excel)",
                "已安装" if found else "未安装",
                ok=found,
                value_en="installed" if found else "not installed",
                hint_zh=f"请运行 pip install {dist}",
                hint_en=f"run pip install {dist}",
            )
        )
    try:
        where = where or places(platform)
    except GkError as exc:
        facts.append(Fact("platform", "操作系统", "platform", exc.zh, ok=False, value_en=exc.en))
        return Diagnosis(tuple(facts))
    facts.extend(_placed(where))
    return Diagnosis(tuple(facts))


def _placed(where: Places) -> list[Fact]:
    facts = [
        Fact("startup_dir", "Excel 启动文件夹", "Excel startup folder", str(where.startup_dir)),
        Fact(
            "addin",
            f"加载项 {ADDIN_NAME}",
            f"add-in {ADDIN_NAME}",
            str(where.addin) if where.addin.is_file() else f"未安装（{where.addin}）",
            ok=where.addin.is_file(),
            hint_zh=_INSTALL_ZH,
            hint_en=_INSTALL_EN,
            value_en=None if where.addin.is_file() else f"not installed ({where.addin})",
        ),
    ]
    config_ok = where.config_file.is_file()
    facts.append(
        Fact(
            "config",
            "gkstats 配置文件",
            "gkstats config file",
            str(where.config_file) if config_ok else f"不存在（{where.config_file}）",
            ok=config_ok,
            hint_zh=_INSTALL_ZH,
            hint_en=_INSTALL_EN,
            value_en=None if config_ok else f"missing ({where.config_file})",
        )
    )
    if config_ok:
        configured = read_config(where.config_file, where.config_encoding).get(
            where.interpreter_key, ""
        )
        exists = bool(configured) and Path(configured).is_file()
        if not configured:
            value = f"配置文件中没有 {where.interpreter_key}"
            value_en = f"the config file has no {where.interpreter_key}"
        elif not exists:
            value = f"{configured}（该文件不存在）"
            value_en = f"{configured} (no such file)"
        elif Path(configured) != Path(sys.executable):
            value = f"{configured}（不是当前的 {sys.executable}）"
            value_en = f"{configured} (not the current {sys.executable})"
        else:
            value = value_en = configured
        facts.append(
            Fact(
                "interpreter",
                "加载项使用的 Python",
                "Python the add-in runs",
                value,
                ok=exists,
                hint_zh=_INSTALL_ZH,
                hint_en=_INSTALL_EN,
                value_en=value_en,
            )
        )
    script = where.applescript(_version("xlwings") or XLWINGS_VERSION)
    if script is not None:
        facts.append(
            Fact(
                "applescript",
                "xlwings 的 AppleScript（Mac 上运行 Python 用）",
                "xlwings' AppleScript (runs Python on a Mac)",
                str(script) if script.is_file() else f"不存在（{script}）",
                ok=script.is_file(),
                hint_zh=_INSTALL_ZH,
                hint_en=_INSTALL_EN,
                value_en=None if script.is_file() else f"missing ({script})",
            )
        )
    return facts
