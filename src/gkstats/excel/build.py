"""Building ``gkstats.xlam`` from the ribbon add-in that ships inside the installed xlwings.

The add-in is never committed: it is derived, here, from three things: xlwings' own
``quickstart_addin_ribbon.xlam`` (its ``xlwings`` VBA module is the RunPython machinery, and
its version constant must equal the installed xlwings), our ribbon XML and our one VBA module
(``assets/ribbon.xml`` and ``assets/gkstats.bas``, package data, so an installed gkstats can
build its own add-in). The VBA project is edited with pyOpenVBA, a maintained pure-Python VBA
editor (and renamed from MyAddin to gkstats by :func:`_rename_vba_project`, which pyOpenVBA
cannot do); the Open XML parts (ribbon, sheet name) with :mod:`zipfile`.

Security: xlwings' ``GetConfig`` looks for settings in a sheet of the *active* workbook, in a
sheet of the add-in and in a file next to the active workbook before the user's config file,
and ``RunPython`` runs Python code embedded in a workbook's sheets and puts the workbook's folder
first on ``sys.path``. Each of those lets an opened workbook, or a file beside it, decide what
program runs. The build removes them (:data:`XLWINGS_PATCHES`), so the interpreter and the
Python path come from the user's gkstats config file only, and it checks the result
(:func:`security_problems`) before writing the file.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import tempfile
import zipfile
from pathlib import Path

import attrs

from .._errors import GkError
from .._extras import install_hint
from .._files import atomic_write
from ._assets import RIBBON, VBA_MODULE, asset_text

#: The xlwings release the add-in is built from; the ``excel`` extra pins exactly this one.
XLWINGS_VERSION = "0.37.8"

TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
#: What the template calls things, and what the add-in calls them.
TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
RIBBON_MODULE = "RibbonGkstats"
XLWINGS_MODULE = "xlwings"
TEMPLATE_PROJECT = "myaddin"
PROJECT_NAME = "gkstats"
#: The VBA project's name (VBE's Project Explorer, error messages): the template's and ours.
TEMPLATE_VBA_PROJECT = "MyAddin"
VBA_PROJECT_PART = "xl/vbaProject.bin"
TEMPLATE_CONFIG_SHEET = f"_{TEMPLATE_PROJECT}.conf"
CONFIG_SHEET = f"_{PROJECT_NAME}.conf"
#: The callback every ribbon button must name.
ON_ACTION = f"{RIBBON_MODULE}.OnButton"

CUSTOMUI_PART = "customUI/customUI.xml"
WORKBOOK_PART = "xl/workbook.xml"
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"

#: The longest line the VBA editor accepts.
VBA_MAX_LINE = 1023


@attrs.frozen
class Patch:
    """One exact edit of xlwings' VBA module: ``old`` must occur exactly once."""

    why: str
    old: str
    new: str


@attrs.frozen
class ProcedurePatch:
    """Replace a whole VBA procedure, from its header line to its ``End Function``."""

    why: str
    header: str
    new: str
    #: Text the upstream procedure must contain, so we know we replace what we think we do.
    expect: tuple[str, ...] = ()


_EMBEDDED_AND_WORKBOOK_DIR = """\
    ' Check for embedded Python code
    uses_embedded_code = False
    For i = 1 To 2
        If i = 1 Then
            Set wb = ActiveWorkbook
        Else
            Set wb = ThisWorkbook
        End If
        For Each sht In wb.Worksheets
            If Right$(sht.Name, 3) = ".py" Then
                uses_embedded_code = True
                Exit For
            End If
        Next
    Next i

    If uses_embedded_code = True Then
        AddExcelDir = "false"
    Else
        AddExcelDir = GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")
    End If
"""

_FULL_NAMES = """\
    #If Mac Then
        If InStr(ActiveWorkbook.FullName, "://") = 0 Then
            ActiveFullName = ToPosixPath(ActiveWorkbook.FullName)
            ThisFullName = ToPosixPath(ThisWorkbook.FullName)
        Else
            ActiveFullName = ActiveWorkbook.FullName
            ThisFullName = ThisWorkbook.FullName
        End If
    #Else
        ActiveFullName = ActiveWorkbook.FullName
        ThisFullName = ThisWorkbook.FullName
    #End If
"""

_EMBEDDED_COMMAND = """\
    ' PythonCommand with embedded code
    If uses_embedded_code = True Then
        licenseKey = GetConfig("LICENSE_KEY")
        If licenseKey = "" Then
            MsgBox "Embedded code requires a valid LICENSE_KEY."
            Exit Function
        Else
            PythonCommand = "import xlwings.pro;xlwings.pro.runpython_embedded_code('" & SourcePythonCommand & "')"
        End If
    End If
"""  # noqa: E501

_GETCONFIG = """\
Function GetConfig(configKey As String, Optional default As String = "", Optional source As String = "") As Variant
    ' gkstats: settings come from the user's config file (GetConfigFilePath), then the default.
    ' xlwings' other layers (a config sheet in the active workbook or in the add-in, a config
    ' file next to the active workbook) are removed: a workbook, or a file beside it, must not
    ' choose the Python interpreter, its path or what it imports.
    Dim configValue As String

    If source = "" Or source = "user" Then
        If FileExists(GetConfigFilePath()) = True Then
            If GetConfigFromFile(GetConfigFilePath(), configKey, configValue) Then
                GetConfig = configValue
                GetConfig = ExpandEnvironmentStrings(GetConfig)
                Exit Function
            End If
        End If
    End If

    GetConfig = default
    GetConfig = ExpandEnvironmentStrings(GetConfig)

End Function
"""  # noqa: E501

#: The edits that make xlwings' module the gkstats one. Each is checked to apply exactly once
#: against the pinned xlwings, so a changed upstream fails the build instead of passing silently.
XLWINGS_PATCHES: tuple[Patch | ProcedurePatch, ...] = (
    Patch(
        "the project constant names the config file (%USERPROFILE%\\.gkstats\\gkstats.conf)",
        f'Public Const PROJECT_NAME As String = "{TEMPLATE_PROJECT}"',
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
    ),
    Patch(
        "no Python code embedded in a workbook's sheets, and the workbook's folder is never "
        "put first on sys.path (a gkstats.py beside it would replace ours)",
        _EMBEDDED_AND_WORKBOOK_DIR,
        "    ' gkstats: a workbook never brings code of its own (no embedded .py sheets), and\n"
        "    ' its folder is never put on sys.path, where a file beside it could shadow a module.\n"
        "    uses_embedded_code = False\n"
        '    AddExcelDir = "false"\n',
    ),
    Patch(
        "the workbook's path is not pasted into the command line at all",
        _FULL_NAMES,
        "    ' gkstats: the workbook's path is not needed (its folder is not put on sys.path).\n"
        '    ActiveFullName = ""\n'
        '    ThisFullName = ""\n',
    ),
    Patch(
        "no branch that runs embedded code",
        _EMBEDDED_COMMAND,
        "",
    ),
    Patch(
        "the UDF server (if a user turns it on) does not add the workbook's folder either",
        "    ' TODO: Doesn't automatically check if code is embedded\n"
        '    AddExcelDir = GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")\n',
        "    ' gkstats: the workbook's folder is never put on sys.path.\n"
        '    AddExcelDir = "false"\n',
    ),
    ProcedurePatch(
        "settings, and so the interpreter, come from the user's config file only",
        "Function GetConfig(",
        _GETCONFIG,
        expect=("GetConfigFromSheet(ActiveWorkbook)", "GetDirectoryConfigFilePath()"),
    ),
)


@attrs.frozen
class BuildResult:
    path: Path
    xlwings_version: str
    buttons: tuple[str, ...]
    modules: tuple[str, ...]


# --- the inputs ---------------------------------------------------------------------------


def _not_installed(what: str) -> GkError:
    return GkError(
        "excel_extra_missing",
        zh=f"未安装 {what}：请运行 {install_hint('excel')}",
        en=f"{what} is not installed: run {install_hint('excel')}",
    )


def xlwings_dir() -> Path:
    """The installed xlwings package folder, found without importing xlwings."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise _not_installed("xlwings")
    return Path(next(iter(spec.submodule_search_locations)))


def installed_xlwings_version() -> str:
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        raise _not_installed("xlwings") from None


def check_xlwings_version() -> str:
    """The installed xlwings version, which must be the one the add-in is built for."""
    version = installed_xlwings_version()
    if version != XLWINGS_VERSION:
        raise GkError(
            "xlwings_version",
            zh=f"已安装的 xlwings 是 {version}，gkstats 的加载项需要 {XLWINGS_VERSION}："
            f"请运行 {install_hint('excel')}",
            en=f"xlwings {version} is installed, the gkstats add-in needs {XLWINGS_VERSION}: "
            f"run {install_hint('excel')}",
        )
    return version


def template_path() -> Path:
    path = xlwings_dir() / TEMPLATE_NAME
    if not path.is_file():
        raise GkError(
            "xlwings_template_missing",
            zh=f"xlwings 安装中缺少 {TEMPLATE_NAME}：{path}",
            en=f"the xlwings installation has no {TEMPLATE_NAME}: {path}",
        )
    return path


class BuildError(GkError):
    """The add-in's sources or xlwings' template are not what the build expects."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(
            "excel_build", zh=f"无法生成加载项：{zh}", en=f"cannot build the add-in: {en}"
        )


# --- the ribbon ---------------------------------------------------------------------------


def ribbon_xml() -> bytes:
    """Our ribbon as it goes into the add-in: checked, comments removed, UTF-8."""
    from .buttons import COMMANDS, ribbon_buttons

    text = re.sub(r"<!--.*?-->\s*", "", asset_text(RIBBON), flags=re.DOTALL)
    buttons = ribbon_buttons(text)  # parses and checks it
    wrong = [b.id for b in buttons if b.on_action != ON_ACTION]
    if wrong:
        raise BuildError(
            f"这些按钮的 onAction 不是 {ON_ACTION}：{', '.join(wrong)}",
            f"buttons whose onAction is not {ON_ACTION}: {', '.join(wrong)}",
        )
    ids = {b.id for b in buttons}
    unmatched = sorted(ids ^ set(COMMANDS))
    if unmatched:
        raise BuildError(
            f"按钮与命令不一一对应：{', '.join(unmatched)}",
            f"buttons and commands do not match one to one: {', '.join(unmatched)}",
        )
    return text.encode("utf-8")


# --- the VBA ------------------------------------------------------------------------------


def vba_module_source() -> str:
    """Our module as VBA stores it: CRLF lines, ASCII (non-ASCII literals become ChrW calls)."""
    return vba_ascii(asset_text(VBA_MODULE))


def vba_ascii(source: str) -> str:
    """Rewrite VBA source so it survives any ANSI code page.

    A VBA module is stored in the project's code page (1252 for the xlwings template), so a
    Chinese message typed into the source would reach the user as question marks. Each string
    literal with non-ASCII characters becomes a concatenation of ASCII literals and ``ChrW``
    calls; non-ASCII outside a literal (in a comment, say) is refused. The concatenation is not
    parenthesised (a statement may not start with a parenthesis), so such a literal belongs in
    an ``&`` concatenation, an argument or an assignment, not next to ``+`` or ``Like``.
    """
    lines = [_ascii_line(line, n) for n, line in enumerate(source.splitlines(), 1)]
    return "\r\n".join(lines) + "\r\n"


def _ascii_line(line: str, number: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            text, i = _read_literal(line, i, number)
            out.append(_literal_expr(text, number))
            continue
        if ch == "'":  # a comment runs to the end of the line
            ch = line[i:]
        if not ch.isascii():
            raise BuildError(
                f"VBA 源文件第 {number} 行在字符串之外有非 ASCII 字符",
                f"VBA source line {number} has non-ASCII characters outside a string literal",
            )
        out.append(ch)
        i += len(ch)
    result = "".join(out)
    if len(result) > VBA_MAX_LINE:
        raise BuildError(
            f"VBA 源文件第 {number} 行转换后超过 {VBA_MAX_LINE} 个字符，请拆开",
            f"VBA source line {number} is longer than {VBA_MAX_LINE} characters once converted",
        )
    return result


def _read_literal(line: str, start: int, number: int) -> tuple[str, int]:
    chars: list[str] = []
    j = start + 1
    while j < len(line):
        if line[j] == '"':
            if line[j + 1 : j + 2] == '"':
                chars.append('"')
                j += 2
                continue
            return "".join(chars), j + 1
        chars.append(line[j])
        j += 1
    raise BuildError(
        f"VBA 源文件第 {number} 行的字符串没有结束引号",
        f"VBA source line {number} has an unterminated string literal",
    )


def _literal_expr(text: str, number: int) -> str:
    def quoted(s: str) -> str:
        return '"' + s.replace('"', '""') + '"'

    if text.isascii():
        return quoted(text)
    parts: list[str] = []
    run: list[str] = []
    for ch in text:
        if ch.isascii():
            run.append(ch)
            continue
        if ord(ch) > 0xFFFF:
            raise BuildError(
                f"VBA 源文件第 {number} 行有 ChrW 无法表示的字符 {ch!r}",
                f"VBA source line {number} has a character ChrW cannot express: {ch!r}",
            )
        if run:
            parts.append(quoted("".join(run)))
            run = []
        parts.append(f"ChrW({ord(ch)})")
    if run:
        parts.append(quoted("".join(run)))
    return " & ".join(parts)


def patch_xlwings_module(source: str) -> str:
    """Apply :data:`XLWINGS_PATCHES` to xlwings' VBA module, keeping its line endings."""
    eol = "\r\n" if "\r\n" in source else "\n"
    text = source.replace("\r\n", "\n")
    for patch in XLWINGS_PATCHES:
        text = _apply(text, patch)
    problems = security_problems(text)
    if problems:
        raise BuildError("；".join(problems), "; ".join(problems))
    return text.replace("\n", eol)


def _apply(text: str, patch: Patch | ProcedurePatch) -> str:
    if isinstance(patch, Patch):
        found = text.count(patch.old)
        if found != 1:
            raise BuildError(
                f"xlwings 的 VBA 与预期不符（{patch.why}：找到 {found} 处）",
                f"xlwings' VBA is not as expected ({patch.why}: found {found} times)",
            )
        return text.replace(patch.old, patch.new)
    start = _line_start(text, patch.header)
    end = text.find("\nEnd Function\n", start)
    if start < 0 or end < 0:
        raise BuildError(
            f"xlwings 的 VBA 中找不到过程 {patch.header}",
            f"xlwings' VBA has no procedure {patch.header}",
        )
    end += len("\nEnd Function\n")
    body = text[start:end]
    missing = [e for e in patch.expect if e not in body]
    if missing:
        raise BuildError(
            f"xlwings 的 {patch.header} 与预期不符（缺少 {missing}）",
            f"xlwings' {patch.header} is not as expected (lacks {missing})",
        )
    return text[:start] + patch.new + text[end:]


def _line_start(text: str, header: str) -> int:
    if text.startswith(header):
        return 0
    at = text.find("\n" + header)
    return at + 1 if at >= 0 else -1


def procedure(text: str, header: str) -> str:
    """The text of one VBA procedure, from its header line to its ``End Function``."""
    text = text.replace("\r\n", "\n")
    start = _line_start(text, header)
    if start < 0:
        return ""
    end = text.find("\nEnd Function\n", start)
    return text[start : end + len("\nEnd Function\n")] if end >= 0 else text[start:]


def security_problems(xlwings_source: str) -> list[str]:
    """What in an xlwings VBA module still lets a workbook choose what runs (empty: nothing)."""
    text = xlwings_source.replace("\r\n", "\n")
    problems = []
    get_config = procedure(text, "Function GetConfig(")
    if not get_config:
        problems.append("GetConfig is missing")
    for needle in ("GetConfigFromSheet", "GetDirectoryConfigFilePath", "ActiveWorkbook"):
        if needle in get_config:
            problems.append(f"GetConfig still reads {needle}")
    if "runpython_embedded_code" in text:
        problems.append("RunPython still runs code embedded in a workbook")
    if 'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH"' in text:
        problems.append("the workbook's folder can still be put on sys.path")
    if f'PROJECT_NAME As String = "{PROJECT_NAME}"' not in text:
        problems.append(f"PROJECT_NAME is not {PROJECT_NAME!r}")
    return problems


def xlwings_version_constant(xlwings_source: str) -> str | None:
    """The ``XLWINGS_VERSION`` constant in xlwings' VBA module."""
    m = re.search(r'Public Const XLWINGS_VERSION As String = "([^"]*)"', xlwings_source)
    return m.group(1) if m else None


# --- the build ----------------------------------------------------------------------------


def build_addin(output: str | Path) -> BuildResult:
    """Build the add-in into ``output`` (written to a temporary file, then moved in place)."""
    from .buttons import ribbon_buttons

    version = check_xlwings_version()
    try:
        from pyopenvba import ExcelFile, check_file  # type: ignore[import-untyped]
    except ImportError:
        raise _not_installed("pyOpenVBA") from None

    out = Path(output)
    if out.suffix.lower() != ".xlam":
        raise GkError(
            "excel_output_suffix",
            zh=f"加载项文件名须以 .xlam 结尾：{out}",
            en=f"the add-in's file name must end in .xlam: {out}",
        )
    if out.is_dir():
        raise GkError("not_a_file", zh=f"这是一个文件夹：{out}", en=f"is a directory: {out}")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise GkError(
            "excel_output_dir",
            zh=f"输出文件夹不存在：{parent}",
            en=f"the output folder does not exist: {parent}",
        )
    ribbon = ribbon_xml()
    ours = vba_module_source()

    with tempfile.TemporaryDirectory(prefix="gkstats-xlam-") as tmp:
        staged = Path(tmp) / "package.xlam"
        _rewrite_package(template_path(), staged, ribbon)
        with ExcelFile(staged) as book:
            names = book.module_names()
            for needed in (TEMPLATE_RIBBON_MODULE, XLWINGS_MODULE):
                if needed not in names:
                    raise BuildError(
                        f"xlwings 模板中没有 VBA 模块 {needed}",
                        f"xlwings' template has no VBA module {needed}",
                    )
            xlwings_source = book.get_module(XLWINGS_MODULE)
            constant = xlwings_version_constant(xlwings_source)
            if constant != version:
                raise BuildError(
                    f"模板中的 XLWINGS_VERSION 是 {constant}，已安装的 xlwings 是 {version}",
                    f"the template's XLWINGS_VERSION is {constant}, installed xlwings is {version}",
                )
            book.set_module(XLWINGS_MODULE, patch_xlwings_module(xlwings_source))
            book.vba_project().rename_module(TEMPLATE_RIBBON_MODULE, RIBBON_MODULE)
            book.set_module(RIBBON_MODULE, ours)
            built = Path(tmp) / "gkstats.xlam"
            book.save(built)
        _rename_vba_project(built)
        with ExcelFile(built) as saved:
            modules = tuple(saved.module_names())
            problems = saved.validate()
            if saved.vba_project().name != PROJECT_NAME:
                problems.append(f"the VBA project is named {saved.vba_project().name!r}")
            if saved.get_module(RIBBON_MODULE).replace("\r\n", "\n") != ours.replace("\r\n", "\n"):
                problems.append(f"{RIBBON_MODULE} does not read back as written")
        if problems:
            raise BuildError("；".join(problems), "; ".join(problems))
        report = check_file(built)
        if not report.ok:
            issues = "; ".join(f"{i.code} {i.location}: {i.message}" for i in report.issues)
            raise BuildError(f"生成的文件未通过完整性检查：{issues}", f"integrity check: {issues}")
        atomic_write(out, built.read_bytes())  # a temporary file next to it, then renamed
    buttons = tuple(b.id for b in ribbon_buttons(ribbon.decode("utf-8")))
    return BuildResult(out, version, buttons, modules)


def _rewrite_package(template: Path, target: Path, ribbon: bytes) -> None:
    """Copy the template package with our ribbon and the config sheet renamed."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(target, "w") as dst:
        names = src.namelist()
        for needed in (CUSTOMUI_PART, WORKBOOK_PART):
            if needed not in names:
                raise BuildError(
                    f"xlwings 模板中没有 {needed}", f"xlwings' template has no {needed}"
                )
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == CUSTOMUI_PART:
                data = ribbon
            elif info.filename == WORKBOOK_PART:
                data = _rename_config_sheet(data)
            dst.writestr(info, data, compress_type=info.compress_type)


def _rename_vba_project(path: Path) -> None:
    """The VBA project named gkstats, not MyAddin (pyOpenVBA renames modules, not projects).

    The name is in two places ([MS-OVBA] 2.3.1 and 2.3.4.2): the ``Name="…"`` line of the
    ``PROJECT`` stream and the PROJECTNAME record of the compressed ``VBA/dir`` stream. The
    ``_VBA_PROJECT`` performance cache, which may hold the old name, is emptied (Office
    rebuilds it from the source).
    """
    from pyopenvba.cfb import CFB  # type: ignore[import-untyped]
    from pyopenvba.vba import (  # type: ignore[import-untyped]
        compress,
        decompress,
        invalidate_vba_project_cache,
    )

    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    cfb = CFB.from_bytes(parts[VBA_PROJECT_PART])
    project = cfb.get_stream("PROJECT").decode("latin-1")
    old = f'Name="{TEMPLATE_VBA_PROJECT}"'
    if project.count(old) != 1:
        raise BuildError(
            f"xlwings 模板的 VBA 工程名不是 {TEMPLATE_VBA_PROJECT}",
            f"the VBA project of xlwings' template is not named {TEMPLATE_VBA_PROJECT}",
        )
    cfb.write_stream("PROJECT", project.replace(old, f'Name="{PROJECT_NAME}"').encode("latin-1"))
    dir_stream = decompress(cfb.get_stream_in_storage("VBA", "dir"), stream_name="VBA/dir")
    renamed = _with_project_name(dir_stream, PROJECT_NAME.encode("ascii"))
    cfb.write_stream_in_storage("VBA", "dir", compress(renamed))
    invalidate_vba_project_cache(cfb)
    parts[VBA_PROJECT_PART] = cfb.to_bytes()
    with zipfile.ZipFile(path, "w") as z:
        for info in infos:
            z.writestr(info, parts[info.filename], compress_type=info.compress_type)


#: The dir stream's PROJECTNAME record, and the fixed-size records before it.
_PROJECTNAME = 0x0004


def _with_project_name(dir_stream: bytes, name: bytes) -> bytes:
    """The decompressed dir stream with its PROJECTNAME record holding ``name``: the records
    before it (system kind, compatibility version, LCIDs, code page) are ``id, size, data``."""
    at = 0
    while at + 6 <= len(dir_stream):
        ident = int.from_bytes(dir_stream[at : at + 2], "little")
        size = int.from_bytes(dir_stream[at + 2 : at + 6], "little")
        if ident == _PROJECTNAME:
            record = ident.to_bytes(2, "little") + len(name).to_bytes(4, "little") + name
            return dir_stream[:at] + record + dir_stream[at + 6 + size :]
        at += 6 + size
    raise BuildError(
        "xlwings 模板的 VBA 工程缺少工程名记录", "the template's VBA dir stream has no PROJECTNAME"
    )


def _rename_config_sheet(workbook_xml: bytes) -> bytes:
    old = f'name="{TEMPLATE_CONFIG_SHEET}"'.encode()
    if workbook_xml.count(old) != 1:
        raise BuildError(
            f"xlwings 模板中没有配置表 {TEMPLATE_CONFIG_SHEET}",
            f"xlwings' template has no config sheet {TEMPLATE_CONFIG_SHEET}",
        )
    return workbook_xml.replace(old, f'name="{CONFIG_SHEET}"'.encode())
