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

A malformed file is refused with the place of what is wrong (``$.rules[0].kind``, or the
line and column of a YAML construct), never half loaded.  A rule file is small: its size is
limited, and so are YAML's anchors and aliases (a few nested aliases can stand for billions of
nodes, an alias inside its own anchor for an endless one), its nesting, and its numbers
(``threshold: .nan``, a 5,000-digit ``min_denominator``).
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
from cattrs.v import format_exception

from .._errors import GkError
from .._files import require_file
from .._limits import FIGURE_DIGITS, RULE_FILE_ALIASES, RULE_FILE_DEPTH, RULE_FILE_NODES, limit
from ..formats import FORMATS, Format, Kind, get_format
from ..values import Unreadable, json_int, quote, read_value
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


class _Invalid(ValueError):
    """A value a rule file may not hold, with what is wrong in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


def _figure(value: Any, kind: Kind) -> int | Decimal:
    """A number of a rule file, read and bounded as a cell's figure is (NaN, infinities and
    numbers too long to be figures refused before anything is converted)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise _Invalid(
            f"应为数字，实为 {type(value).__name__}", f"expected a number, got {value!r}"
        )
    got = read_value(value, kind).value
    if isinstance(got, Unreadable) or got is None:
        why_zh, why_en = (got.zh, got.en) if got is not None else ("为空", "blank")
        shown = quote(value if isinstance(value, str) else str(value))
        raise _Invalid(f"「{shown}」{why_zh}", f"{shown!r}: {why_en}")
    if got < 0:
        raise _Invalid(f"不能为负数（{got}）", f"must not be negative ({got})")
    return got


def _structure_threshold(value: Any, _: Any) -> Decimal:
    return Decimal(_figure(value, Kind.AMOUNT))


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, str) or (isinstance(value, (float, Decimal)) and value % 1):
        shown = quote(str(value))
        raise _Invalid(f"应为整数，实为「{shown}」", f"expected a whole number, got {shown!r}")
    got = _figure(value, Kind.COUNT)
    if not isinstance(got, int):
        raise _Invalid(f"应为整数，实为 {got}", f"expected a whole number, got {got}")
    return got


def _message(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, _Invalid):
        return f"{exc.zh} / {exc.en}"
    return format_exception(exc, type_)


_conv.register_structure_hook(Decimal, _structure_threshold)


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
    most = limit("rule_file_kb")
    try:
        size = p.stat().st_size
        if size > most * 1024:
            raise _fail(
                str(p),
                "",
                f"有 {size // 1024} KB，超过 {most} KB 的上限"
                "（可设置环境变量 GKSTATS_MAX_RULE_FILE_KB）",
                f"is {size // 1024} KB, over the {most} KB limit (set GKSTATS_MAX_RULE_FILE_KB)",
            )
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取规则文件 {p}：{exc}", en=f"cannot read {p}: {exc}"
        ) from None
    return parse_rule_file(text, str(p))


def parse_rule_file(text: str, name: str = "<rules>") -> RuleFile:
    try:
        data = (
            json.loads(text, parse_int=json_int)
            if name.lower().endswith(".json")
            else yaml.load(text, Loader=_Loader)  # a SafeLoader, bounded
        )
    except _Refused as exc:
        raise GkError(
            "bad_rule_file",
            zh=f"规则文件 {name}：{exc.where} {exc.zh}",
            en=f"rule file {name}: {exc.en}",
        ) from None
    except RecursionError:
        raise _fail(name, "", "嵌套过深", "is nested too deeply") from None
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
        messages = cattrs.transform_error(exc, path="$", format_exception=_message)
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


class _Refused(Exception):
    """A YAML construct a rule file may not use, at a place in the file."""

    def __init__(self, mark: Any, zh: str, en: str) -> None:
        super().__init__(en)
        self.where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        self.where_en = f"line {mark.line + 1} column {mark.column + 1}" if mark else ""
        self.zh, self.en = zh, f"at {self.where_en}: {en}" if mark else en


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, bounded: aliases counted, an alias inside its own anchor refused,
    nesting limited, and the nodes the document stands for (aliases expanded) counted as it
    is composed, so a nest of aliases is refused before anything is expanded."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0
        self._open: set[str] = set()
        self._sizes: dict[int, int] = {}
        self._expanded = 0  # the document's size so far, every alias as what it stands for

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if event.anchor in self._open:
                raise _Refused(
                    event.start_mark,
                    f"别名 *{event.anchor} 引用了包含它自身的锚点（无限递归）",
                    f"alias *{event.anchor} refers to the anchor it is inside (endless)",
                )
            if self._aliases > RULE_FILE_ALIASES:
                raise _Refused(
                    event.start_mark,
                    f"别名（*）超过 {RULE_FILE_ALIASES} 个",
                    f"more than {RULE_FILE_ALIASES} aliases (*)",
                )
            node = super().compose_node(parent, index)
            self._grow(self._sizes.get(id(node), 1), event.start_mark)
            return node
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if self._depth > RULE_FILE_DEPTH:
            raise _Refused(
                event.start_mark,
                f"嵌套超过 {RULE_FILE_DEPTH} 层",
                f"nested more than {RULE_FILE_DEPTH} levels",
            )
        if anchor:
            self._open.add(anchor)
        self._grow(1, event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor:
                self._open.discard(anchor)
        self._count(node)
        return node

    def _count(self, node: Any) -> None:
        """The node's size with aliases expanded (its children's are known: an alias only
        names a node already composed), for the aliases that will name it."""
        size = 1
        if isinstance(node, yaml.SequenceNode):
            size += sum(self._sizes.get(id(c), 1) for c in node.value)
        elif isinstance(node, yaml.MappingNode):
            sizes = self._sizes
            size += sum(sizes.get(id(k), 1) + sizes.get(id(v), 1) for k, v in node.value)
        self._sizes[id(node)] = size

    def _grow(self, size: int, mark: Any) -> None:
        """Count what the document stands for as it is composed: a long list is refused
        where it crosses the limit, a nest of aliases at the first one that does."""
        self._expanded += size
        if self._expanded > RULE_FILE_NODES:
            raise _Refused(
                mark,
                f"内容过多：展开别名后超过 {RULE_FILE_NODES} 个节点",
                f"too much: more than {RULE_FILE_NODES} nodes once aliases are expanded",
            )


def _bounded_int(loader: _Loader, node: Any) -> Any:
    if len(node.value) > FIGURE_DIGITS + 3:
        raise _Refused(
            node.start_mark,
            f"数字「{quote(node.value)}」过长",
            f"the number {quote(node.value)!r} is too long",
        )
    return loader.construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


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
