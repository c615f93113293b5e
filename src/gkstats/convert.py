"""The one cattrs converter: tables, results and rules to and from JSON-ready data.

Table JSON is ``{"format", "year", "organ", "cells": {id: value}}``; a missing cell or
``null`` is blank; amounts are written as strings so no digit is lost to a float.
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
from .formats import Format, get_format
from .locate import Localisation
from .messages import Message
from .rules import Needs, Rule, RuleKind, Severity
from .table import Table
from .values import CellValue, Unreadable, json_float, json_int, quote

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


def _unstructure_table(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": table.format.id,
        "year": table.year,
        "organ": table.organ,
        "cells": {k: value_to_json(v) for k, v in table.cells.items()},
    }
    if table.written_units:
        out["written_units"] = dict(table.written_units)
    if table.narrative:
        out["narrative"] = dict(table.narrative)
    return out


#: "provenance" is written by ``gkstats consolidate`` (units and their contributions) and
#: ignored on reading, so a consolidated table reads like any other.
_TABLE_KEYS = {"format", "year", "organ", "cells", "written_units", "narrative", "provenance"}


def _structure_table(data: Any, _: Any = None) -> Table:
    if not isinstance(data, Mapping):
        raise GkError(
            "bad_table_json",
            zh='表格 JSON 应为对象：{"format", "year", "organ", "cells"}',
            en='table JSON must be an object with "format", "year", "organ", "cells"',
        )
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
    return Table.from_cells(
        fmt,
        year,
        organ,
        cells,
        written_units=data.get("written_units") or {},
        narrative=data.get("narrative") or {},
    )


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


def read_table_json(path: str | Path) -> Table:
    """Read a table JSON file; every problem is a :class:`GkError` naming the file."""
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
    return table_from_json(data)


def to_json(obj: Any, **kw: Any) -> str:
    return json.dumps(converter.unstructure(obj), ensure_ascii=False, **kw)
