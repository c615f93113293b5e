"""Data sentences: the report's text about the figures, written from the table's cells.

Each format names its templates in its declaration (``Format.sentence_templates``: group and
template, from :data:`TEMPLATES`).  A template is prose with ``{name}`` slots, and every
slot names the cells whose value (or sum) it prints, so a sentence can only say what the
table says.  Each :class:`Sentence` keeps its :class:`Figure` s (cells, value, position in the
text) for the self-check, which re-reads the rendered document and compares every figure
with the table drawn in it.

Labels quoted in sentences (自然人, 予以公开, 结果维持, 行政许可 …) are taken from the format
declaration and stripped of their ordinals (（一）, 1.) and notes, never retyped.  A sentence
whose cells are blank or unreadable is not written at all (and the context says so): a
sentence never states a figure the table does not have.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from ..formats import Format, Node
from ..formats._model import data_keys
from ..table import Table
from ..values import Unreadable, format_number
from .layout import amount_text

Number = int | Decimal
#: A slot: the cells whose sum it prints.
Cells = tuple[str, ...]


@attrs.frozen
class Figure:
    """One number in a sentence: the cells it adds up, their sum, and where it is printed."""

    cells: Cells
    value: Number
    start: int
    end: int
    #: (cell id, value) of each cell the figure adds up.
    parts: tuple[tuple[str, Number], ...] = ()


@attrs.frozen
class Sentence:
    """A generated sentence; ``group`` says which part of the report it belongs to."""

    group: str
    text: str
    figures: tuple[Figure, ...]

    @property
    def cites(self) -> tuple[tuple[str, Number], ...]:
        """Every (cell id, value) the sentence quotes, in order."""
        return tuple(part for f in self.figures for part in f.parts)


@attrs.frozen
class Skipped:
    """A sentence that was not written because some of its cells have no figure."""

    group: str
    cells: Cells


_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|其中[:：])"
)
_NOTE = re.compile(r"（[^（）]*）$")


def plain(label: str, suffix: str = "") -> str:
    """A label as prose: ``（二）部分公开（区分处理的…）`` → ``部分公开``; ``1.当面申请数`` with
    ``suffix="数"`` → ``当面申请``."""
    text = _ORDINAL.sub("", label.strip())
    text = _NOTE.sub("", text)
    if suffix:
        text = re.sub(f"(?:{suffix})$", "", text)
    return text


def write(table: Table) -> tuple[tuple[Sentence, ...], tuple[Skipped, ...]]:
    """All data sentences for a table, with the ones that could not be written."""
    out: list[Sentence] = []
    skipped: list[Skipped] = []
    for group, name in table.format.sentence_templates:
        for template in TEMPLATES[name](table.format, table):
            built = _fill(table, group, template)
            if isinstance(built, Skipped):
                skipped.append(built)
            else:
                out.append(built)
    return tuple(out), tuple(skipped)


@attrs.frozen
class Template:
    """Prose with ``{slot}`` fields; ``slots`` maps each field to the cells it sums;
    ``amounts`` are the fields that print an amount with its unit, as published."""

    text: str
    slots: dict[str, Cells] = attrs.field(factory=dict)
    amounts: frozenset[str] = frozenset()


def _fill(table: Table, group: str, template: Template) -> Sentence | Skipped:
    parts: list[str] = []
    figures: list[Figure] = []
    pos = 0
    for literal, field, _, _ in string.Formatter().parse(template.text):
        parts.append(literal)
        pos += len(literal)
        if field is None:
            continue
        cells = template.slots[field]
        value = _sum(table, cells)
        if value is None:
            return Skipped(group, cells)
        shown = (
            _amount(table, cells[0], value) if field in template.amounts else format_number(value)
        )
        cited = tuple((c, _number(table, c)) for c in cells)
        figures.append(Figure(cells, value, pos, pos + len(shown), cited))
        parts.append(shown)
        pos += len(shown)
    return Sentence(group, "".join(parts), tuple(figures))


def _amount(table: Table, cell_id: str, value: Number) -> str:
    """An amount with its unit, as the table prints it (75394432.52元 where the report wrote
    元), the unit named even where the form's column says it."""
    spec = table.format.cell(cell_id)
    return amount_text(value, spec.unit, table.written_units.get(cell_id), show_unit=True)


def _sum(table: Table, cells: Cells) -> Number | None:
    total: Number = 0
    for c in cells:
        v = table[c]
        if v is None or isinstance(v, Unreadable):
            return None
        total += v
    return total


def _number(table: Table, cell_id: str) -> Number:
    v = table[cell_id]
    assert v is not None and not isinstance(v, Unreadable)
    return v


# --- helpers for templates ------------------------------------------------------------------

_Make = Callable[[Format, Table], Iterable[Template]]


class _Slots:
    """Collects slots while a template's text is put together."""

    def __init__(self) -> None:
        self.slots: dict[str, Cells] = {}
        self.amounts: set[str] = set()

    def __call__(self, *cells: str) -> str:
        name = f"f{len(self.slots)}"
        self.slots[name] = tuple(cells)
        return "{" + name + "}"

    def amount(self, cell: str) -> str:
        """An amount's slot: it prints the figure with its unit, as published."""
        slot = self(cell)
        self.amounts.add(slot[1:-1])
        return slot

    def template(self, text: str) -> Template:
        return Template(text, dict(self.slots), frozenset(self.amounts))


def _node(fmt: Format, table_key: str, key: str, *, rows: bool = True) -> Node:
    spec = fmt.table(table_key)
    for block in spec.blocks:
        for top in block.rows if rows else block.columns:
            for _, n in top.walk():
                if n.key == key:
                    return n
    raise KeyError(key)


def _leaf_keys(node: Node) -> tuple[str, ...]:
    """The figures a node stands for: itself, or its data leaves when it is a group."""
    if not node.children:
        return (node.key,)
    return tuple(k for k in data_keys(node) if not _has_children(node, k))


def _has_children(root: Node, key: str) -> bool:
    return any(n.key == key and n.children for _, n in root.walk())


def _listing(
    table: Table, items: Sequence[tuple[str, Cells]], unit: str, s: _Slots, sep: str = "，"
) -> str:
    """``予以公开34件，部分公开19件…`` for the items with a figure other than 0.

    An item left blank is not listed: the list names what the table reports, and the sentence
    holding it always states the total it is a part of.
    """
    shown = []
    for label, cells in items:
        v = _sum(table, cells)
        if v:
            shown.append(f"{label}{s(*cells)}{unit}")
    return sep.join(shown)


def _whole(head: str, listing: str, lead: str = "其中") -> str:
    """``head，其中listing。`` or just ``head。`` when nothing is listed."""
    return f"{head}，{lead}{listing}。" if listing else f"{head}。"


# --- f2019 / f2021 ----------------------------------------------------------------------------


def _f2021_t2(fmt: Format, table: Table) -> Iterator[Template]:
    s = _Slots()
    reg, norm = (plain(_node(fmt, "t2", k).label) for k in ("regulations", "normative"))
    yield s.template(
        f"本年度，本机关制发{reg}{s('t2.regulations.issued')}件、"
        f"{norm}{s('t2.normative.issued')}件，废止{reg}{s('t2.regulations.repealed')}件、"
        f"{norm}{s('t2.normative.repealed')}件；截至年底，现行有效{reg}"
        f"{s('t2.regulations.in_force')}件、{norm}{s('t2.normative.in_force')}件。"
    )
    s = _Slots()
    decisions = "、".join(
        f"{plain(_node(fmt, 't2', k).label)}处理决定{s(f't2.{k}.decisions')}件"
        for k in ("licensing", "penalty", "enforcement")
    )
    yield s.template(f"本年度作出{decisions}。")
    s = _Slots()
    fees = plain(_node(fmt, "t2", "fees").label)
    yield s.template(f"本年度{fees}金额{s.amount('t2.fees.amount')}。")


def _f2019_t2(fmt: Format, table: Table) -> Iterator[Template]:
    s = _Slots()
    reg, norm = (plain(_node(fmt, "t2", k).label) for k in ("regulations", "normative"))
    yield s.template(
        f"本年度，本机关新制作{reg}{s('t2.regulations.new_made')}件、"
        f"{norm}{s('t2.normative.new_made')}件，新公开{reg}"
        f"{s('t2.regulations.new_published')}件、{norm}{s('t2.normative.new_published')}件；"
        f"对外公开{reg}总数量{s('t2.regulations.total_published')}件、"
        f"{norm}总数量{s('t2.normative.total_published')}件。"
    )
    s = _Slots()
    decisions = "、".join(
        f"{plain(_node(fmt, 't2', k).label)}{s(f't2.{k}.decisions')}件"
        for k in ("licensing", "other_services", "penalty", "enforcement")
    )
    yield s.template(f"本年度处理决定数量：{decisions}。")
    s = _Slots()
    procurement = plain(_node(fmt, "t2", "procurement").label)
    yield s.template(
        f"本年度{procurement}项目{s('t2.procurement.projects')}项，"
        f"采购总金额{s.amount('t2.procurement.amount')}。"
    )


def _national_t3(fmt: Format, table: Table) -> Iterator[Template]:
    s = _Slots()
    yield s.template(
        f"本年度新收政府信息公开申请{s('t3.new.total')}件，"
        f"上年结转政府信息公开申请{s('t3.carried.total')}件；"
        f"本年度办结{s('t3.total.total')}件，结转下年度继续办理{s('t3.carry_forward.total')}件。"
    )
    new_total = _sum(table, ("t3.new.total",))
    applicants = _node(fmt, "t3", "applicants", rows=False)
    if new_total:
        s = _Slots()
        groups = [
            (n.label, tuple(f"t3.new.{k}" for k in _leaf_keys(n)))
            for n in applicants.children
            if not n.sum_of
        ]
        listing = _listing(table, groups, "件", s)
        if listing:
            yield s.template(f"新收申请中，{listing}。")
    results = _node(fmt, "t3", "results")
    done = _sum(table, ("t3.total.total",))
    if done:
        s = _Slots()
        groups = [
            (plain(n.label), tuple(f"t3.{k}.total" for k in _leaf_keys(n)))
            for n in results.children
            if not n.sum_of or n.children
        ]
        listing = _listing(table, groups, "件", s)
        if listing:
            yield s.template(f"办理结果中，{listing}。")


def _national_t4(fmt: Format, table: Table) -> Iterator[Template]:
    spec = fmt.table("t4")
    block = spec.blocks[0]
    outcomes = [c for c in block.columns if not c.sum_of]
    review = _node(fmt, "t4", "review")
    litigation = _node(fmt, "t4", "litigation")
    s = _Slots()
    head = f"本年度，本机关因政府信息公开工作被申请{review.label}{s('t4.review.total')}件"
    items = [(c.label, (f"t4.review.{c.key}",)) for c in outcomes]
    yield s.template(_whole(head, _listing(table, items, "件", s, "、")))
    kinds = [n for n in litigation.children]
    s = _Slots()
    totals = tuple(f"t4.{n.key}.total" for n in kinds)
    head = f"被提起{litigation.label}{s(*totals)}件"
    routes = [(n.label, (f"t4.{n.key}.total",)) for n in kinds]
    results = [(c.label, tuple(f"t4.{n.key}.{c.key}" for n in kinds)) for c in outcomes]
    by_route = _listing(table, routes, "件", s, "、")
    by_result = _listing(table, results, "件", s, "、")
    if by_route and by_result:
        yield s.template(f"{head}，其中{by_route}；诉讼{by_result}。")
    else:
        yield s.template(_whole(head, by_route or by_result))


# --- legacy -----------------------------------------------------------------------------------


def _l(fmt: Format, key: str) -> tuple[str, str]:
    """(prose name, unit) of a legacy row."""
    node = _node(fmt, "l", key)
    return plain(node.label, "总数|数量|数"), node.unit or ""


def _legacy_pub(fmt: Format, table: Table) -> Iterator[Template]:
    s = _Slots()
    total, unit = _l(fmt, "pub_total")
    normative, n_unit = _l(fmt, "pub_normative")
    made, m_unit = _l(fmt, "pub_normative_made")
    yield s.template(
        f"本年度{total}{s('l.pub_total')}{unit}，其中{normative}{s('l.pub_normative')}{n_unit}；"
        f"{made}{s('l.pub_normative_made')}{m_unit}。"
    )
    s = _Slots()
    channels = _node(fmt, "l", "pub_channels")
    items = [(f"{_l(fmt, n.key)[0]}{s('l.' + n.key)}{n.unit or ''}") for n in channels.children]
    yield s.template(f"按公开渠道统计，{'、'.join(items)}。")
    if table["l.resp_total"] is not None:
        s = _Slots()
        resp, r_unit = _l(fmt, "resp_total")
        yield s.template(f"本年度{resp}{s('l.resp_total')}{r_unit}。")


def _legacy_app(fmt: Format, table: Table) -> Iterator[Template]:
    for key in ("app_received", "app_concluded"):
        s = _Slots()
        name, unit = _l(fmt, key)
        node = _node(fmt, "l", key)
        parts = [(_l(fmt, c.key)[0], ("l." + c.key,)) for c in node.children]
        head = f"本年度{name}{s('l.' + key)}{unit}"
        yield s.template(_whole(head, _listing(table, parts, unit, s, "、")))
    s = _Slots()
    name, unit = _l(fmt, "app_answered")
    answered = _node(fmt, "l", "app_answered")
    head = f"本年度{name}{s('l.app_answered')}{unit}"
    parts = [(_l(fmt, c.key)[0], ("l." + c.key,)) for c in answered.children]
    yield s.template(_whole(head, _listing(table, parts, unit, s, "、")))
    refused = _node(fmt, "l", "ans_refused")
    if _sum(table, ("l.ans_refused",)):
        s = _Slots()
        name, unit = _l(fmt, "ans_refused")
        parts = [(_l(fmt, c.key)[0], ("l." + c.key,)) for c in refused.children]
        listing = _listing(table, parts, unit, s, "、")
        if listing:
            yield s.template(f"{name}中，{listing}。")


def _legacy_fees(fmt: Format, table: Table) -> Iterator[Template]:
    s = _Slots()
    name, _ = _l(fmt, "fees")
    yield s.template(f"本年度{name}{s.amount('l.fees')}。")


def _legacy_review(fmt: Format, table: Table) -> Iterator[Template]:
    lead = {"review": "本年度因政府信息公开申请", "litigation": "本年度因政府信息公开"}
    verb = {"review": "", "litigation": "提起"}
    for key in ("review", "litigation"):
        s = _Slots()
        name, unit = _l(fmt, key)
        node = _node(fmt, "l", key)
        head = f"{lead[key]}{verb[key]}{name}{s('l.' + key)}{unit}"
        parts = [(_l(fmt, c.key)[0], ("l." + c.key,)) for c in node.children]
        yield s.template(_whole(head, _listing(table, parts, unit, s, "、")))


#: The sentence templates by name: a format's declaration names those it uses
#: (``Format.sentence_templates``), with the group of the report's part they print in.
TEMPLATES: dict[str, _Make] = {
    "f2019.t2": _f2019_t2,
    "f2021.t2": _f2021_t2,
    "national.t3": _national_t3,
    "national.t4": _national_t4,
    "legacy.pub": _legacy_pub,
    "legacy.app": _legacy_app,
    "legacy.fees": _legacy_fees,
    "legacy.review": _legacy_review,
}


__all__ = ["TEMPLATES", "Figure", "Sentence", "Skipped", "plain", "write"]
