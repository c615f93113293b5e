"""The one cattrs converter: tables, results and rules to and from JSON-ready data.

Table JSON is ``{"format", "year", "organ", "cells": {id: value}}``; a missing cell or
``null`` is blank; amounts are written as strings so no digit is lost to a float.  Cells
that could not be read (a published report's run-together figures, a cell not found) are
listed apart, under ``"unread": {id: {"raw", "zh", "en", "candidates"}}``, never as a
figure: writing the right value into ``cells`` settles one.  The document ``gkstats parse
--json`` prints reads as a table too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import cattrs

from ._errors import GkError
from ._files import require_file
from .findings import CellRef, CheckResult, Finding
from .formats import CellSpec, Format, Kind, get_format
from .locate import Localisation
from .messages import Message
from .rules import Needs, Rule, RuleKind, Severity
from .table import Table
from .values import (
    MONEY_UNITS,
    CellValue,
    Unreadable,
    json_float,
    json_int,
    quote,
    read_value,
)

converter = cattrs.Converter(forbid_extra_keys=True)


def value_to_json(value: CellValue) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Unreadable):
        return value.raw
    return value


def number_to_json(value: int | Decimal | None) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
converter.register_structure_hook(Decimal, lambda v, _: Decimal(str(v)))
converter.register_unstructure_hook(Format, lambda f: f.id)
converter.register_structure_hook(Format, lambda v, _: get_format(v))
converter.register_unstructure_hook(Severity, lambda s: s.value)
converter.register_unstructure_hook(RuleKind, lambda k: k.value)


# --- cells that could not be read --------------------------------------------------------

#: Why a cell is unread, by the parser's status for it (``gkstats parse``).
UNREAD_REASONS = {
    "ambiguous": ("数字连在一起，有多种拆分", "run-together figures that split several ways"),
    "missing": ("报告中未找到此项", "not found in the report"),
}
#: ``CellReading.how`` of a part a subtotal row was printed in place of (the 2019 form's
#: single 「（六）其他处理」 row in a 2021 report): missing because the form printed has no
#: such row, which neither makes the parse incomplete nor the cell unreadable.
NOT_PRINTED = "not printed"
#: ``CellReading.how`` of figures under a label a few characters off several rows.
NEAR_LABEL = "near label"
#: Why a cell could not be read, where how it was found says more than its status.
UNREAD_REASONS_BY_HOW = {
    NEAR_LABEL: (
        "标签与几行都只差几个字，无法确定是哪一行",
        "the label is a few characters off several rows",
    ),
}


_MONEY_UNITS_LONGEST_FIRST = sorted(MONEY_UNITS, key=len, reverse=True)


def unread_cell(
    spec: CellSpec,
    status: str,
    raw: str | None = None,
    candidates: tuple[object, ...] = (),
    how: str | None = None,
) -> Unreadable:
    """What a cell the parser could not read (``status``: ``ambiguous`` or ``missing``)
    holds in a table: unreadable, quoting what was found, with what it may be written as
    one would type it (an amount keeps the unit its report wrote: 「75394432.52元」)."""
    zh, en = UNREAD_REASONS_BY_HOW.get(how or "") or UNREAD_REASONS[status]
    unit = ""
    if spec.kind is Kind.AMOUNT and raw:
        unit = next((u for u in _MONEY_UNITS_LONGEST_FIRST if raw.endswith(u)), "")
    typed = []
    for c in candidates:
        text = str(value_to_json(c) if isinstance(c, (int, Decimal)) else c)
        typed.append(text if not unit or text.endswith(unit) else text + unit)
    return Unreadable(raw or "", zh, en, tuple(dict.fromkeys(typed)))


def _candidate_json(text: str) -> int | str:
    return int(text) if text.isascii() and text.isdigit() else text


_PLAIN = Unreadable("")


def _kept_as_text(spec: CellSpec, value: Unreadable) -> bool:
    """Whether an unreadable value is written back into ``cells`` as the text it was: when
    that text reads back as the same unreadable value (what a person typed, 「约20件」).
    Anything else (run-together figures, a cell not found) is listed under ``unread``, so
    that no figure is taken from it on reading."""
    if value.candidates or value.zh != _PLAIN.zh or not value.raw:
        return False
    return read_value(value.raw, spec.kind, spec.unit).value == value


def _unread_json(value: Unreadable) -> dict[str, Any]:
    out: dict[str, Any] = {"raw": value.raw, "zh": value.zh, "en": value.en}
    if value.candidates:
        out["candidates"] = [_candidate_json(c) for c in value.candidates]
    return out


def _unstructure_table(table: Table) -> dict[str, Any]:
    cells: dict[str, Any] = {}
    unread: dict[str, Any] = {}
    for spec, value in table.items():
        if value is None:
            continue
        if isinstance(value, Unreadable) and not _kept_as_text(spec, value):
            unread[spec.id] = _unread_json(value)
        else:
            cells[spec.id] = value_to_json(value)
    out: dict[str, Any] = {
        "format": table.format.id,
        "year": table.year,
        "organ": table.organ,
        "cells": cells,
    }
    if unread:
        out["unread"] = unread
    if table.written_units:
        out["written_units"] = dict(table.written_units)
    if table.narrative:
        out["narrative"] = dict(table.narrative)
    return out


#: "provenance" is written by ``gkstats consolidate`` (units and their contributions) and
#: ignored on reading, so a consolidated table reads like any other.
_TABLE_KEYS = {
    "format", "year", "organ", "cells", "unread", "written_units", "narrative", "provenance",
}  # fmt: skip


def _structure_table(data: Any, _: Any = None) -> Table:
    if isinstance(data, list) and data and all(_is_parse_document(d) for d in data):
        raise GkError(
            "several_reports",
            zh=f"这是 {len(data)} 份报告的解析结果（gkstats parse 文件夹 --json）："
            "请对每份报告用 gkstats parse 报告 -o 表格.json 分别写出表格",
            en=f"this holds the parse of {len(data)} reports: write each report's table "
            "with gkstats parse REPORT -o table.json",
        )
    if not isinstance(data, Mapping):
        raise GkError(
            "bad_table_json",
            zh='表格 JSON 应为对象：{"format", "year", "organ", "cells"}',
            en='table JSON must be an object with "format", "year", "organ", "cells"',
        )
    if _is_parse_document(data):
        data = _from_parse_document(data)
    extra = set(data) - _TABLE_KEYS
    if extra:
        raise GkError(
            "bad_table_json",
            zh=f"表格 JSON 含未知字段：{'、'.join(sorted(extra))}",
            en=f"unknown keys in table JSON: {', '.join(sorted(extra))}",
        )
    year = data.get("year")
    if year is None:
        # a silent default year would check the wrong format or the wrong carry-over
        raise GkError(
            "missing_year",
            zh='表格 JSON 缺少年度（year），例如 "year": 2025',
            en='table JSON has no "year", e.g. "year": 2025',
        )
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        if isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        else:
            raise GkError(
                "bad_table_json",
                zh=f"year 应为整数年度，实为 {quote(repr(year))}",
                en=f"year must be a whole number, got {quote(repr(year))}",
            )
    cells = data.get("cells") or {}
    if not isinstance(cells, Mapping):
        raise GkError(
            "bad_table_json",
            zh="cells 应为对象：{单元格编号: 值}",
            en="cells must be an object {cell id: value}",
        )
    for field in ("written_units", "narrative"):
        value = data.get(field) or {}
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise GkError(
                "bad_table_json",
                zh=f"{field} 应为字符串到字符串的对象",
                en=f"{field} must map strings to strings",
            )
    organ = data.get("organ") or ""
    if not isinstance(organ, str):
        raise GkError("bad_table_json", zh="organ 应为文字", en="organ must be a string")
    fmt = data.get("format")
    if fmt is not None and not isinstance(fmt, str):
        raise GkError("bad_table_json", zh="format 应为文字", en="format must be a string")
    unread = _unread_cells(data.get("unread"))
    if unread:
        # a figure written into cells settles the cell: what was unread is then history
        cells = {**unread, **{k: v for k, v in cells.items() if v is not None}}
    return Table.from_cells(
        fmt,
        year,
        organ,
        cells,
        written_units=data.get("written_units") or {},
        narrative=data.get("narrative") or {},
    )


def _unread_cells(data: Any) -> dict[str, Unreadable]:
    """The ``unread`` part of a table JSON, checked: every entry names what was found."""
    if data is None:
        return {}
    bad = GkError(
        "bad_table_json",
        zh='unread 应为对象：{单元格编号: {"raw": 原文, "candidates": [可能的值]}}',
        en='unread must be an object {cell id: {"raw": text, "candidates": [values]}}',
    )
    if not isinstance(data, Mapping):
        raise bad
    out = {}
    for cell_id, entry in data.items():
        if not isinstance(cell_id, str) or not isinstance(entry, Mapping):
            raise bad
        raw, zh, en = entry.get("raw") or "", entry.get("zh"), entry.get("en")
        candidates = entry.get("candidates") or []
        if not isinstance(raw, str) or not isinstance(candidates, list):
            raise bad
        if not all(
            isinstance(c, (str, int, Decimal)) and not isinstance(c, bool) for c in candidates
        ):
            raise bad
        plain = UNREAD_REASONS["ambiguous"] if candidates else (_PLAIN.zh, _PLAIN.en)
        out[cell_id] = Unreadable(
            raw,
            zh if isinstance(zh, str) and zh else plain[0],
            en if isinstance(en, str) and en else plain[1],
            tuple(str(c) for c in candidates),
        )
    return out


def _is_parse_document(data: Any) -> bool:
    """Whether ``data`` is what ``gkstats parse --json`` prints for one report (its cells are
    a list of readings, not a map of values)."""
    return isinstance(data, Mapping) and isinstance(data.get("cells"), list)


def _from_parse_document(data: Mapping[str, Any]) -> dict[str, Any]:
    """The table JSON of a ``parse --json`` document: cells read become values, cells
    ambiguous or not found (unless optional) become ``unread``, with their candidates."""
    bad = GkError(
        "bad_parse_json",
        zh="解析结果 JSON 的 cells 应为单元格列表（gkstats parse --json 的输出）",
        en="the cells of a parse JSON must be a list of cells (gkstats parse --json output)",
    )
    fmt = data.get("format")
    if not isinstance(fmt, str):
        raise GkError("bad_table_json", zh="format 应为文字", en="format must be a string")
    spec_of = get_format(fmt).cell
    cells: dict[str, Any] = {}
    unread: dict[str, Any] = {}
    units: dict[str, str] = {}
    for entry in data["cells"]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            raise bad
        cell_id, status = entry["id"], entry.get("status")
        try:
            spec = spec_of(cell_id)
        except KeyError:
            cells[cell_id] = entry.get("value")  # Table.from_cells names the unknown cell
            continue
        if status in ("ok", "blank"):
            if entry.get("value") is not None:
                cells[cell_id] = entry["value"]
                if isinstance(entry.get("written_unit"), str):
                    units[cell_id] = entry["written_unit"]
        elif status in UNREAD_REASONS and not (
            status == "missing" and (spec.optional or entry.get("how") == NOT_PRINTED)
        ):
            raw, how = entry.get("raw"), entry.get("how")
            candidates = entry.get("candidates") or []
            if not isinstance(candidates, list):
                raise bad
            value = unread_cell(
                spec,
                status,
                raw if isinstance(raw, str) else None,
                tuple(candidates),
                how if isinstance(how, str) else None,
            )
            unread[cell_id] = _unread_json(value)
        elif status not in UNREAD_REASONS:
            raise bad
    narrative = data.get("narrative")
    out: dict[str, Any] = {
        "format": fmt,
        "year": data.get("year"),
        "organ": data.get("organ"),
        "cells": cells,
        "unread": unread,
        "written_units": units,
    }
    if narrative:
        out["narrative"] = narrative
    return out


converter.register_unstructure_hook(Table, _unstructure_table)
converter.register_structure_hook(Table, _structure_table)


def _unstructure_ref(ref: CellRef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": ref.id,
        "table": ref.table,
        "row": list(ref.row),
        "column": list(ref.column),
        "value": value_to_json(ref.value),
    }
    if ref.address:
        out["address"] = ref.address
    if ref.year is not None:
        out["year"] = ref.year
    return out


def _unstructure_finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "status": f.status.value,
        "cells": list(f.cell_ids),
        "locations": [_unstructure_ref(c) for c in f.cells],
        "message": {"zh": f.message.zh, "en": f.message.en},
        "title": {"zh": f.title.zh, "en": f.title.en},
        "lhs": number_to_json(f.lhs),
        "rhs": number_to_json(f.rhs),
        "imbalance": number_to_json(f.imbalance),
    }


def _unstructure_result(r: CheckResult) -> dict[str, Any]:
    return {
        "format": r.format,
        "year": r.year,
        "organ": r.organ,
        "valid": r.valid,
        "counts": {
            "errors": len(r.errors),
            "warnings": len(r.warnings),
            "info": len(r.infos),
        },
        "summary": [converter.unstructure(s) for s in r.summary],
        "findings": [_unstructure_finding(f) for f in r.findings],
    }


converter.register_unstructure_hook(CellRef, _unstructure_ref)
converter.register_unstructure_hook(Finding, _unstructure_finding)
converter.register_unstructure_hook(CheckResult, _unstructure_result)


def _unstructure_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "kind": rule.kind.value,
        "severity": rule.severity.value,
        # the case that weighs otherwise: a blank total (blank rules), a shortfall (L-04)
        "total_severity": rule.total_severity.value if rule.total_severity else None,
        "under_severity": rule.under_severity.value if rule.under_severity else None,
        "title": {"zh": rule.title.zh, "en": rule.title.en},
        "description": {"zh": rule.description.zh, "en": rule.description.en},
        "source": rule.source,
        # what it reads besides the table: last year's (gkstats check --previous), or the
        # report being written (gkstats report)
        "needs": rule.needs.value,
        "crossyear": rule.needs is Needs.PREVIOUS,
        "enabled": rule.enabled,
        "items": len(rule.items),
        "cells": list(rule.cells),
    }


converter.register_unstructure_hook(Rule, _unstructure_rule)


def _unstructure_localisation(loc: Localisation) -> dict[str, Any]:
    return {
        "outcome": loc.outcome,
        "reason": {"zh": loc.reason.zh, "en": loc.reason.en},
        "candidates": [
            {
                "cells": {k: number_to_json(v) for k, v in c.cells.items()},
                "weight": c.weight,
                "explanation": {"zh": c.explanation.zh, "en": c.explanation.en},
                "rules": list(c.rules),
                "typos": dict(c.typos),
            }
            for c in loc.candidates
        ],
    }


converter.register_unstructure_hook(Localisation, _unstructure_localisation)
converter.register_unstructure_hook(Message, lambda m: {"zh": m.zh, "en": m.en})


def table_to_json(table: Table) -> dict[str, Any]:
    return _unstructure_table(table)


def table_from_json(data: Any) -> Table:
    return _structure_table(data)


def read_table_json(
    path: str | Path, *, format: str | None = None, year: int | None = None
) -> Table:
    """Read a table JSON file (or a ``parse --json`` document); every problem is a
    :class:`GkError` naming the file.  ``format`` and ``year``, when given, are what the
    person reading it says: a file of another format is refused, the year is taken."""
    p = require_file(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise GkError(
            "bad_encoding",
            zh=f"{p} 不是 UTF-8 编码的 JSON 文件",
            en=f"{p} is not a UTF-8 JSON file",
        ) from None
    except OSError as exc:
        raise GkError(
            "unreadable_file", zh=f"无法读取 {p}：{exc}", en=f"cannot read {p}: {exc}"
        ) from None
    try:
        data = json.loads(text, parse_float=json_float, parse_int=json_int)
    except json.JSONDecodeError as exc:
        raise GkError(
            "bad_json",
            zh=f"{p} 第{exc.lineno}行第{exc.colno}列：JSON 格式错误（{exc.msg}）",
            en=f"{p} line {exc.lineno} column {exc.colno}: invalid JSON ({exc.msg})",
        ) from None
    except RecursionError:
        raise GkError(
            "bad_json",
            zh=f"{p}：JSON 嵌套过深，不是表格文件",
            en=f"{p}: JSON nested too deeply to be a table file",
        ) from None
    return table_from_json(_with_options(p, data, format, year))


def _with_options(path: Path, data: Any, format: str | None, year: int | None) -> Any:
    if (format is None and year is None) or not isinstance(data, Mapping):
        return data
    stated = data.get("format")
    if format is not None and stated is not None and stated != format:
        raise GkError(
            "format_mismatch",
            zh=f"{path} 是 {stated} 格式的表格，与指定的 --format {format} 不符",
            en=f"{path} holds a {stated} table, not {format} (--format)",
        )
    data = dict(data)
    if format is not None:
        data["format"] = format
    if year is not None:
        data["year"] = year
    return data


def to_json(obj: Any, **kw: Any) -> str:
    return json.dumps(converter.unstructure(obj), ensure_ascii=False, **kw)
