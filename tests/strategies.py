"""Hypothesis strategies: valid tables by construction, and one typed mutation of them; made-up
report texts with the parts of their format.

Everything is derived from the format declaration: the leaves are drawn, the totals are
computed from the declared sums, table 三's 一、本年新收 row is solved from the 勾稽关系, and
「其中」 items and 本年增/减 are drawn within their bounds; a report's headings are the
outline's, in its spellings.  No label or cell is retyped here, and no sentence of a real
report is used: the texts are drawn from a few words of our own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from gkstats import FORMATS, Format, Kind, Table, get_format
from gkstats.parse._split import Group, Piece, pieces
from gkstats.rules import RuleKind, default_rules

MAX = 400


def _sums_by_total(fmt: Format) -> dict[str, tuple[str, ...]]:
    return {s.total: s.parts for s in fmt.sums()}


def _parents(fmt: Format) -> dict[str, str]:
    """Cell id of a 「其中」 child -> its parent's cell id (single-column legacy form)."""
    out = {}
    for c in fmt.cells:
        for child in c.row.children:
            if child.of_which:
                out[f"{c.table.key}.{child.key}"] = c.id
    return out


def _balance_cells(fmt: Format) -> dict[str, tuple[str, str, str]]:
    """new -> (carried, total, carry_forward) per column of each balance rule (F21-01:
    一 + 二 = （七） + 四), but in a total column, which its sum rule fills."""
    out = {}
    for rule in default_rules(fmt).rules:
        if rule.kind is RuleKind.BALANCE:
            for item in rule.items:
                (new, carried), (total, forward) = item.lhs, item.rhs
                if not fmt.cell(new).column.sum_of:
                    out[new] = (carried, total, forward)
    return out


@st.composite
def valid_tables(
    draw: Callable[..., Any],
    format: str | Format | None = None,
    given: dict[str, int] | None = None,
) -> Table:
    """A table of the format (or any format) that satisfies every hard rule.

    ``given`` pins cells the strategy draws (leaves, and table 三's 二、上年结转 per
    applicant column, for which 四、结转下年度 grows when the column's total is smaller)."""
    fmt = get_format(format) if format is not None else draw(st.sampled_from(FORMATS))
    given = given or {}
    sums = _sums_by_total(fmt)
    parents = _parents(fmt)
    balance = _balance_cells(fmt)
    optional_on = draw(st.booleans())
    small = st.integers(0, MAX)
    values: dict[str, int | Decimal | None] = {}
    # 1. leaves
    for c in fmt.cells:
        if c.id in sums or c.id in balance or c.id in parents:
            continue
        if c.id in given:
            values[c.id] = given[c.id]
            continue
        if c.optional and not optional_on:
            values[c.id] = None
            continue
        if c.kind is Kind.AMOUNT:
            values[c.id] = draw(
                st.decimals(
                    min_value=0,
                    max_value=100000,
                    places=draw(st.integers(0, 6)),
                    allow_nan=False,
                    allow_infinity=False,
                )
            )
        elif c.kind is Kind.SIGNED:
            values[c.id] = None  # after its base (below)
        else:
            values[c.id] = draw(small)
    # 2. signed changes stay within the base they change (F19-07)
    for c in fmt.cells:
        if c.kind is Kind.SIGNED:
            base = values.get(c.id.rsplit(".", 1)[0] + ".prev_items")
            floor = -int(base) if isinstance(base, int) else 0
            values[c.id] = draw(st.integers(floor, MAX))
    # 3. 「其中」 within their parent (L-13, L-11) when the parent is drawn, not summed
    for child, parent in parents.items():
        if parent in sums:
            continue
        if fmt.cell(child).optional and not optional_on:
            values[child] = None
            continue
        p = values.get(parent)
        values[child] = draw(st.integers(0, int(p))) if isinstance(p, int) else None
    # of_which children of summed parents are drawn as leaves
    for child, parent in parents.items():
        if parent in sums and child not in values:
            values[child] = None if fmt.cell(child).optional and not optional_on else draw(small)
    _resolve_sums(fmt, values, sums, optional_on)
    # 4. 一、本年新收 from the 勾稽关系 (F21-01): new = total + carry_forward − carried
    for new, (carried, total, forward) in balance.items():
        t, f = values[total], values[forward]
        assert isinstance(t, int) and isinstance(f, int)
        carried_v = given[carried] if carried in given else draw(st.integers(0, t + f))
        if carried_v > t + f:  # what was carried in is carried forward
            f = values[forward] = carried_v - t
        values[carried] = carried_v
        values[new] = t + f - carried_v
    _resolve_sums(fmt, values, sums, optional_on, again=True)
    # a report year is never after the current one
    last = fmt.years[1] or max(fmt.years[0], datetime.date.today().year)
    year = draw(st.integers(fmt.years[0], last))
    return Table.from_cells(fmt, year, "测试单位", values)


def _resolve_sums(
    fmt: Format,
    values: dict[str, int | Decimal | None],
    sums: dict[str, tuple[str, ...]],
    optional_on: bool,
    again: bool = False,
) -> None:
    pending = dict(sums)
    while pending:
        progressed = False
        for total, parts in list(pending.items()):
            if all(p in values and p not in pending for p in parts):
                if fmt.cell(total).optional and not optional_on:
                    values[total] = None
                else:
                    got = [values[p] for p in parts]
                    values[total] = sum(v for v in got if v is not None)  # type: ignore[misc]
                del pending[total]
                progressed = True
        if not progressed:
            # parts not drawn yet (t3.new before step 4): leave for the second pass
            if not again:
                return
            raise AssertionError(f"circular sums: {sorted(pending)}")


@st.composite
def year_pairs(
    draw: Callable[..., Any], previous: str | Format, current: str | Format
) -> tuple[Table, Table]:
    """Last year's and this year's tables, each valid, that also agree with each other on
    every cross-year equality (carry-over, stock and flow) comparable between their formats.

    Last year's table is drawn first; each equality's this-year cell is then pinned to what
    last year's cells and this year's other terms give (those drawn here, the subtracted
    ones no larger than the rest, so no count goes below 0)."""
    from gkstats.check._crossyear import _comparable

    prev_fmt, fmt = get_format(previous), get_format(current)
    year = max(fmt.years[0], prev_fmt.years[0] + 1)
    prev = draw(valid_tables(prev_fmt)).replace(year=year - 1)
    now = Table.empty(fmt, year)
    given: dict[str, int] = {}
    for rule in default_rules(fmt).rules:
        if rule.kind not in (RuleKind.CARRY_OVER, RuleKind.STOCK_FLOW):
            continue
        for item in rule.items:
            lhs, rhs = item.terms()
            op = item.op or rule.op
            if op != "==" or len(lhs) != 1 or lhs[0].previous:
                continue
            if not _comparable((*lhs, *rhs), prev, now) or fmt.cell(lhs[0].cell).is_total:
                continue
            total = 0
            for term in sorted(rhs, key=lambda t: -t.sign):  # the subtracted ones last
                if term.previous:
                    v = prev[term.cell]
                    value = int(v) if isinstance(v, int) else 0
                elif term.cell in given:
                    value = given[term.cell]
                else:
                    upper = MAX if term.sign > 0 else max(total, 0)
                    value = given[term.cell] = draw(st.integers(0, upper))
                total += term.sign * value
            given[lhs[0].cell] = total
    return prev, draw(valid_tables(fmt, given=given)).replace(year=year)


# --- mutations -----------------------------------------------------------------------


@attrs.frozen
class Mutation:
    kind: str
    cells: tuple[str, ...]
    before: tuple[Any, ...]
    after: tuple[Any, ...]


def _digit_mutants(n: int) -> dict[str, int]:
    s = str(n)
    out: dict[str, int] = {}
    for i in range(len(s) - 1):
        if s[i] != s[i + 1]:
            swapped = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
            out["digit_swap"] = int(swapped)
            break
    if len(s) > 1:
        out["dropped_digit"] = int(s[:-1] if s[-1] != s[-2] else s[1:])
    out["extra_digit"] = int(s + s[-1])
    if n:
        out["times_ten"] = n * 10
    return {k: v for k, v in out.items() if v != n}


MUTATION_KINDS = ("plus_k", "digit_swap", "dropped_digit", "extra_digit", "times_ten", "swap_cells")


@st.composite
def mutations(draw: Callable[..., Any], table: Table) -> tuple[Table, Mutation]:
    """One typed mutation of one filled count cell (or two cells swapped)."""
    filled = [
        c for c in table.format.cells if isinstance(table[c.id], int) and c.kind is Kind.COUNT
    ]
    kind = draw(st.sampled_from(MUTATION_KINDS))
    cell = draw(st.sampled_from(filled))
    before = table[cell.id]
    assert isinstance(before, int)
    if kind == "swap_cells":
        others = [c for c in filled if table[c.id] != before]
        if others:
            other = draw(st.sampled_from(others))
            b2 = table[other.id]
            mutated = table.replace({cell.id: b2, other.id: before})
            return mutated, Mutation(kind, (cell.id, other.id), (before, b2), (b2, before))
        kind = "plus_k"
    options = _digit_mutants(before)
    if kind in options:
        after = options[kind]
    else:
        kind = "plus_k"
        after = before + draw(st.integers(1, 9))
    return table.replace({cell.id: after}), Mutation(kind, (cell.id,), (before,), (after,))


# --- report texts ---------------------------------------------------------------------------

#: Words of our own for the made-up parts: none is (or, run together, makes) a heading.
_WORDS = (
    "本机关", "进一步", "完善", "制度", "落实", "加强", "培训", "平台", "栏目", "更新",
    "各单位", "按时", "办理", "答复", "公众", "留言", "问题", "措施", "明确", "责任",
)  # fmt: skip
_NUMBERS = "一二三四五六七八九十"


@st.composite
def _sentence(draw: Callable[..., Any]) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=6))
    lead = draw(st.sampled_from(["", "", "（一）", "（二）", "1.", "2.", "一是", "2025年，"]))
    figure = draw(st.sampled_from(["", "", "12件", "3.5万元", "100%"]))
    return f"{lead}{''.join(words)}{figure}。"


@st.composite
def _body(draw: Callable[..., Any]) -> list[str]:
    """A part's text, as lines (paragraphs) of sentences."""
    return draw(st.lists(st.lists(_sentence(), min_size=1, max_size=3).map("".join),
                         min_size=1, max_size=3))  # fmt: skip


@attrs.frozen
class ReportText:
    """A made-up report's text, its title, and the text each part should be read as."""

    format: Format = attrs.field(repr=lambda f: f.id)
    text: str
    title: str
    expected: dict[str, str]


@st.composite
def report_texts(draw: Callable[..., Any], format: str | Format | None = None) -> ReportText:
    """A report's text: page furniture, the title, an opening paragraph naming the parts
    (without numbers), then the parts under headings in any of the outline's spellings,
    numbered as the format does or (legacy) from 二 after an 一、概述, on lines of their own
    or run together as in a text copied from a page; perhaps a table's text in the parts
    that keep none, an attachment and a signature at the end."""
    from gkstats.labels import core_label

    fmt = draw(st.sampled_from(FORMATS)) if format is None else get_format(format)
    run_together = draw(st.booleans())
    sep = "" if run_together else "\n"
    title = f"示例县某局{draw(st.integers(2014, 2025))}年度政府信息公开工作年度报告"
    furniture = draw(st.sampled_from(["", "首页 > 政务公开 > 年报\n", f"标题: {title}\n"]))
    cores = [core_label(p.heading) for p in fmt.outline]
    opening = f"本报告包括{'、'.join(cores)}等部分。"
    expected: dict[str, str] = {}
    lines = [furniture + title, opening]
    shift = 0
    if fmt.lead:
        if draw(st.booleans()):
            heading = draw(st.sampled_from(fmt.lead_headings))
            lead = draw(_body())
            lines.append(f"一、{heading}" + sep + sep.join(lead))
            expected[fmt.lead] = "\n".join(lead) if not run_together else "".join(lead)
            shift = 1
        else:  # the opening paragraph is the lead
            expected[fmt.lead] = opening
    for k, part in enumerate(fmt.outline):
        if draw(st.integers(0, 9)) == 0 and k not in (0, len(fmt.outline) - 1):
            continue  # a part left out
        spelling = draw(st.sampled_from([core_label(part.heading), *map(core_label, part.aliases)]))
        mark = draw(st.sampled_from(["、", "、", "．"]))
        heading = f"{_NUMBERS[k + shift]}{mark}{spelling}"
        if part.text is None:
            body = [draw(st.sampled_from(["", "自然人 商业企业 总计 12 0 12", "13 2 0 15"]))]
        else:
            body = draw(_body())
            expected[part.text] = "".join(body) if run_together else "\n".join(body)
        lines.append(heading + sep + sep.join(b for b in body if b))
    drawn = set(fmt.sections)
    attached = [f"{_NUMBERS[len(fmt.outline) + shift]}、示例县{t.title}"
                for t in fmt.tables if t.title not in drawn]  # fmt: skip
    ending = draw(st.sampled_from(["", "附件：统计表", "signature", *attached]))
    if ending == "signature":
        if not run_together:
            lines.append("示例县某局\n2026年1月20日")
    elif ending:  # the tables' text follows, with its own numbered rows
        lines.append(ending + sep + "一、主动公开情况 12 二、依申请公开情况 3")
    return ReportText(fmt, sep.join(lines), title, expected)


# --- run-together figures ----------------------------------------------------------------


def _row_shapes() -> list[tuple[tuple[Kind, ...], tuple[Group, ...]]]:
    """Each row of every format as the text reader splits it (table 四 as its one line)."""
    from gkstats.parse._index import format_index
    from gkstats.parse.text import _row_shape

    shapes = []
    for fmt in FORMATS:
        idx = format_index(fmt)
        rows = [tuple(cells) for cells in idx.row_cells.values()]
        rows.append(tuple(c for c in fmt.cells if c.table.one_line))
        shapes += [_row_shape(idx, cells) for cells in rows if cells]
    return sorted(set(shapes), key=repr)


@st.composite
def _any_shape(draw: Callable[..., Any]) -> tuple[tuple[Kind, ...], tuple[Group, ...]]:
    n = draw(st.integers(1, 7))
    kinds = tuple(draw(st.lists(st.sampled_from(list(Kind)), min_size=n, max_size=n)))
    groups = []
    for total in draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)):
        others = [k for k in range(n) if k != total]
        parts = draw(st.lists(st.sampled_from(others), min_size=1, unique=True)) if others else []
        if parts:
            groups.append(Group(total, tuple(sorted(parts))))
    return kinds, tuple(groups)


def _figure(draw: Callable[..., Any], kind: Kind) -> str:
    if kind is Kind.AMOUNT and draw(st.booleans()):
        return f"{draw(st.integers(0, 999))}.{draw(st.integers(0, 99))}"
    value = draw(st.sampled_from([0, 0, 1, 7]) | st.integers(0, 2000))
    return f"-{value}" if kind is Kind.SIGNED and value and draw(st.booleans()) else str(value)


@st.composite
def split_runs(
    draw: Callable[..., Any], max_chars: int = 20
) -> tuple[list[Piece], tuple[Kind, ...], tuple[Group, ...]]:
    """A run of figures to split (as :func:`~gkstats.parse._split.pieces` cuts it), its
    cells' kinds and totals: a row of a format or any row shape; the row's figures written
    out (totals as the sums of their parts, as a report prints them) or any characters."""
    kinds, groups = draw(st.sampled_from(_row_shapes()) | _any_shape())
    if draw(st.booleans()):
        figures = [_figure(draw, kind) for kind in kinds]
        for g in groups:
            members = [figures[k] for k in g.parts]
            if all(f.lstrip("-").isdigit() for f in members):
                figures[g.total] = str(sum(int(f) for f in members))
        for k in draw(st.lists(st.integers(0, len(kinds) - 1), max_size=2)):
            figures[k] = draw(st.sampled_from(["—", "/", "无", "", "1,234"]))
        seps = st.sampled_from(["", "", "", "", " ", "件", ","])
        run = "".join(f + draw(seps) for f in figures)
        run += draw(st.sampled_from(["", "", "万元", "人次"]))
    else:
        run = draw(st.text(alphabet="0123456789001 .,-—/", max_size=12))
    items, _ = pieces(run[:max_chars])
    return items, kinds, groups


# --- made-up narratives: a total and its parts -------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """How a report writes a count in words: 5 → 五, 15 → 十五, 105 → 一百零五 (n < 100000)."""
    if n == 0:
        return "零"
    out, gap = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if gap else "") + _DIGITS[digit] + unit
            gap = False
        elif out:
            gap = True
    return out[1:] if out.startswith("一十") else out


#: Words of made-up report sentences (written for the tests, not taken from any report).
_CATEGORIES = ("工作动态", "通知公告", "政策文件", "人事信息", "规划计划", "财政信息", "统计数据",
               "应急管理", "重点项目", "公共服务")  # fmt: skip
_RESIDUALS = ("其他信息", "其他类信息", "其余信息", "其他应公开信息")


@attrs.frozen
class PartsStatement:
    """A made-up sentence giving a total and the parts it is made of, ending with a residual
    part (「其他信息」), so it claims to be complete."""

    text: str
    total: int
    parts: tuple[int, ...]


@st.composite
def parts_statements(draw: Callable[..., Any], complete: bool = True) -> PartsStatement:
    """「本年度共公开政府信息N条，其中甲a条、乙b条、其他信息c条。」 with parts that add up to
    the total: Arabic or Chinese numerals, 条/件/项/次, parts joined by 、，；, in brackets or
    not, after 「其中」 or 「包括」; ``complete=False`` leaves the residual part out."""
    unit = draw(st.sampled_from("条件项次"))
    names = draw(st.lists(st.sampled_from(_CATEGORIES), min_size=1, max_size=6, unique=True))
    if complete:
        names.append(draw(st.sampled_from(_RESIDUALS)))
    parts = draw(st.lists(st.integers(0, 3000), min_size=len(names), max_size=len(names)))
    words = draw(st.booleans())

    def shown(n: int) -> str:
        return chinese_numeral(n) if words else str(n)

    joined = draw(st.sampled_from("、，；")).join(
        f"{name}{shown(n)}{unit}" for name, n in zip(names, parts, strict=True)
    )
    listed = draw(st.sampled_from(("其中", "其中：", "包括"))) + joined
    if draw(st.booleans()):
        listed = f"（{listed}）"
    lead = draw(st.sampled_from(("本年度共公开政府信息", "全年共发布", "全区合计办理")))
    text = f"{lead}{shown(sum(parts))}{unit}，{listed}。"
    return PartsStatement(text, sum(parts), tuple(parts))


__all__ = [
    "MUTATION_KINDS",
    "Mutation",
    "PartsStatement",
    "ReportText",
    "chinese_numeral",
    "mutations",
    "parts_statements",
    "report_texts",
    "split_runs",
    "valid_tables",
    "year_pairs",
]
