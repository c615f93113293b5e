"""The ribbon's buttons and the command each one runs.

The ribbon XML (``assets/ribbon.xml``) is the one place a button's id and Chinese label are
written; :func:`ribbon_buttons` reads them from there. :data:`COMMANDS` maps every button id to
the command the dispatcher runs for it. The two must list the same ids, which the build and
the tests check: a button without a command, or a command without a button, is a defect.

A capability that is not built yet still has a command: :func:`not_built` says so in Chinese,
so a click is never silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import attrs

from .._errors import GkError
from . import _commands
from ._assets import RIBBON, asset_text
from ._context import Command, Context, Outcome

CUSTOMUI_NS = "{http://schemas.microsoft.com/office/2006/01/customui}"


@attrs.frozen
class Button:
    id: str
    label: str
    on_action: str
    tip: str = ""


def ribbon_buttons(xml: str | None = None) -> tuple[Button, ...]:
    """Every button in the ribbon XML (ours unless ``xml`` is given), in ribbon order."""
    if xml is None:
        return _our_buttons()
    return _parse(xml)


@cache
def _our_buttons() -> tuple[Button, ...]:
    return _parse(asset_text(RIBBON))


def _parse(xml: str) -> tuple[Button, ...]:
    from defusedxml import ElementTree  # only to name a button: a click rarely needs it

    try:
        root = ElementTree.fromstring(xml.encode("utf-8"))
    except ElementTree.ParseError as exc:
        raise GkError(
            "ribbon_xml",
            zh=f"功能区 XML 无法解析：{exc}",
            en=f"the ribbon XML does not parse: {exc}",
        ) from None
    if root.tag != f"{CUSTOMUI_NS}customUI":
        raise GkError(
            "ribbon_xml",
            zh="功能区 XML 的根元素不是 customUI（2006/01 命名空间）",
            en="the ribbon XML's root is not customUI (2006/01 namespace)",
        )
    buttons = []
    for el in root.iter(f"{CUSTOMUI_NS}button"):
        bid, label, action = el.get("id", ""), el.get("label", ""), el.get("onAction", "")
        if not (bid and label and action):
            raise GkError(
                "ribbon_xml",
                zh=f"功能区按钮缺少 id、label 或 onAction：{bid or label or '?'}",
                en=f"a ribbon button lacks id, label or onAction: {bid or label or '?'}",
            )
        buttons.append(Button(bid, label, action, el.get("supertip", "")))
    ids = [b.id for b in buttons]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise GkError(
            "ribbon_xml",
            zh=f"功能区按钮 id 重复：{', '.join(dupes)}",
            en=f"duplicate ribbon button ids: {', '.join(dupes)}",
        )
    return tuple(buttons)


def label(button_id: str) -> str:
    """The Chinese label of a button, as the ribbon shows it."""
    for b in _our_buttons():
        if b.id == button_id:
            return b.label
    return button_id


def not_built(button_id: str, cli: str = "") -> Command:
    """The command of a button whose capability the add-in does not have yet: it says so, and
    names the command line that does it, where there is one."""

    def command(ctx: Context) -> Outcome:
        built = "、".join(label(b) for b in BUILT)
        lines = [f"「{label(button_id)}」功能尚未加入 Excel 加载项，敬请期待后续版本。"]
        if cli:
            lines.append(f"目前可在命令行使用：{cli}")
        lines.append(f"加载项中现在可用：{built}。")
        return Outcome("\n".join(lines), "info")

    command.__name__ = f"not_built_{button_id}"
    return command


#: The buttons whose capability is built (the others answer with :func:`not_built`).
BUILT = (
    "new_template",
    "check",
    "clear_marks",
    "report",
    "import_last_year",
    "consolidate",
    "doctor",
)

#: Button id → the command the dispatcher runs for it.
COMMANDS: Mapping[str, Command] = {
    "new_template": _commands.new_template,
    "import_last_year": _commands.import_last_year,
    "check": _commands.check,
    "clear_marks": _commands.clear_marks,
    "report": _commands.report,
    "consolidate": _commands.consolidate,
    "doctor": _commands.doctor,
}
