"""Users' own rules, from a YAML or JSON file, structured with cattrs.

A rule file looks like::

    format: f2021              # optional; the rules then apply to that format only
    disable: [F21-13]          # built-in rules to switch off
    rules:
      - id: 本单位-01
        kind: compare          # sum | balance | compare | ratio
        severity: warning      # error | warning | info
        title: {zh: 部分公开不多于予以公开, en: partial at most full disclosure}
        op: "<="
        lhs: [t3.partial.total]
        rhs: [t3.disclosed.total]

A malformed file is refused with the path of what is wrong (``rules[0].kind``), never half
loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import cattrs
import yaml
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from .._errors import GkError
from .._files import require_file
from ..formats import FORMATS, Format, get_format
from . import Item, Message, Rule, RuleKind, RuleSet, Severity, default_rules

_USER_KINDS = (RuleKind.SUM, RuleKind.BALANCE, RuleKind.COMPARE, RuleKind.RATIO)


@attrs.frozen
class _Text:
    zh: str
    en: str = ""


@attrs.frozen
class _ItemSpec:
    lhs: list[str]
    rhs: list[str] = attrs.field(factory=list)
    op: str | None = None


@attrs.frozen
class _RuleSpec:
    id: str
    kind: RuleKind
    severity: Severity = Severity.WARNING
    title: _Text | None = None
    description: _Text | None = None
    format: str | None = None
    op: str = "=="
    total: str | None = None
    parts: list[str] = attrs.field(factory=list)
    lhs: list[str] = attrs.field(factory=list)
    rhs: list[str] = attrs.field(factory=list)
    items: list[_ItemSpec] = attrs.field(factory=list)
    threshold: Decimal = Decimal("0.1")
    min_denominator: int = 10
    source: str = ""


@attrs.frozen
class _RuleFile:
    format: str | None = None
    disable: list[str] = attrs.field(factory=list)
    rules: list[_RuleSpec] = attrs.field(factory=list)


_conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
_conv.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


def _structure_enum(cls: type[RuleKind] | type[Severity]) -> Any:
    def hook(value: Any, _: Any) -> Any:
        try:
            return cls(value)
        except ValueError:
            choices = ", ".join(m.value for m in cls)
            raise ValueError(f"{value!r} is not one of: {choices}") from None

    return hook


_conv.register_structure_hook(str, _structure_str)
_conv.register_structure_hook(int, _structure_int)
_conv.register_structure_hook(RuleKind, _structure_enum(RuleKind))
_conv.register_structure_hook(Severity, _structure_enum(Severity))


@attrs.frozen
class RuleFile:
    """What a rule file says: rules to add and built-in rules to switch off."""

    path: str
    format: str | None
    disable: tuple[str, ...]
    rules: tuple[Rule, ...]
    #: Format each added rule is bound to (None: every format whose cells it names).
    formats: tuple[str | None, ...]

    def apply(self, base: RuleSet) -> RuleSet:
        """The rule set with this file's changes, for a table of ``base.format``."""
        fid = base.format.id
        if self.format is not None and self.format != fid:
            return base
        known = set(base.ids)
        off = tuple(r for r in self.disable if r in known)
        mine = [
            r
            for r, f in zip(self.rules, self.formats)
            if (f or self.format or fid) == fid and all(base.format.has_cell(c) for c in r.cells)
        ]
        return base.without(*off).plus(mine) if off else base.plus(mine)


def _fail(path: str, where: str, zh: str, en: str) -> GkError:
    return GkError(
        "bad_rule_file",
        zh=f"规则文件 {path}：{where} {zh}".rstrip(),
        en=f"rule file {path}: {where} {en}".rstrip(),
    )


def load_rule_file(path: str | Path) -> RuleFile:
    p = require_file(path, "规则文件", "rule file")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取规则文件 {p}：{exc}", en=f"cannot read {p}: {exc}"
        ) from None
    return parse_rule_file(text, str(p))


def parse_rule_file(text: str, name: str = "<rules>") -> RuleFile:
    try:
        data = (
            json.loads(text)
            if name.lower().endswith(".json")
            else yaml.load(text, Loader=yaml.SafeLoader)
        )
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise _fail(
            name, "", f"不是有效的 YAML/JSON（{exc}）", f"is not valid YAML/JSON ({exc})"
        ) from None
    bad_key = _non_text_key(data, "$")
    if bad_key is not None:
        raise _fail(name, bad_key, "键必须是文字", "keys must be text")
    if not isinstance(data, Mapping):
        raise _fail(
            name, "", "顶层应为对象（含 rules 列表）", "must be a mapping with a rules list"
        )
    try:
        spec = _conv.structure(data, _RuleFile)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        messages = cattrs.transform_error(exc, path="$")
        detail = "；".join(messages)
        raise _fail(
            name, "", f"格式有误：{detail}", f"is malformed: {'; '.join(messages)}"
        ) from None
    fmt: Format | None = get_format(spec.format) if spec.format else None
    rules, formats = [], []
    for n, r in enumerate(spec.rules):
        rules.append(_build(name, n, r, fmt))
        formats.append(r.format)
    if fmt is not None:
        unknown = [d for d in spec.disable if d not in default_rules(fmt).ids]
        if unknown:
            raise _fail(
                name,
                "$.disable",
                f"没有这些内置规则：{'、'.join(unknown)}",
                f"no such built-in rules: {', '.join(unknown)}",
            )
    return RuleFile(name, spec.format, tuple(spec.disable), tuple(rules), tuple(formats))


def _non_text_key(data: Any, path: str) -> str | None:
    """The path of the first mapping key that is not text (YAML allows any), if any."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if not isinstance(key, str):
                return f"{path}[{key!r}]"
            found = _non_text_key(value, f"{path}.{key}")
            if found:
                return found
    elif isinstance(data, list):
        for k, value in enumerate(data):
            found = _non_text_key(value, f"{path}[{k}]")
            if found:
                return found
    return None


def _build(name: str, n: int, r: _RuleSpec, file_format: Format | None) -> Rule:
    where = f"$.rules[{n}]"
    if r.kind not in _USER_KINDS:
        raise _fail(
            name,
            f"{where}.kind",
            f"只支持 {'、'.join(k.value for k in _USER_KINDS)}",
            f"must be one of {', '.join(k.value for k in _USER_KINDS)}",
        )
    items: list[Item] = []
    if r.kind is RuleKind.SUM and r.total:
        items.append(Item((r.total,), tuple(r.parts)))
    elif r.lhs:
        items.append(Item(tuple(r.lhs), tuple(r.rhs)))
    items.extend(Item(tuple(i.lhs), tuple(i.rhs), i.op) for i in r.items)
    if not items:
        raise _fail(
            name,
            where,
            "没有要比较的单元格（total/parts、lhs/rhs 或 items）",
            "names no cells (total/parts, lhs/rhs or items)",
        )
    for op in [r.op, *(i.op for i in items if i.op)]:
        if op not in ("<=", ">=", "==", "<", ">"):
            raise _fail(name, f"{where}.op", f"不支持的比较符 {op!r}", f"unknown operator {op!r}")
    fmt = get_format(r.format) if r.format else file_format
    candidates = (fmt,) if fmt is not None else FORMATS
    for k, item in enumerate(items):
        for c in (*item.lhs, *item.rhs):
            if not any(f.has_cell(c) for f in candidates):
                scope = f"格式 {fmt.id} " if fmt else "任何格式都"
                raise _fail(
                    name,
                    where,
                    f"{scope}没有单元格「{c}」（第{k + 1}项）",
                    f"{'format ' + fmt.id if fmt else 'no format'} has no cell {c!r} "
                    f"(item {k + 1})",
                )
    title = r.title or _Text(r.id, r.id)
    desc = r.description or _Text("", "")
    return Rule(
        id=r.id,
        kind=r.kind,
        severity=r.severity,
        title=Message(title.zh, title.en or title.zh),
        description=Message(desc.zh, desc.en or desc.zh),
        source=r.source or name,
        items=tuple(items),
        op=r.op,
        threshold=r.threshold,
        min_denominator=r.min_denominator,
    )
