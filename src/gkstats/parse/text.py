"""Reading the format's cells out of plain text.

Two shapes are handled by the same code: one cell per line with blank cells simply missing
(the legacy corpus report), and tables whose cells a page ran together without separators
(「一、本年新收政府信息公开申请数量640020470」).  Labels are found in reading order in the text
folded like a label (:func:`gkstats.labels.fold_text`) with its white space removed; the
figures of a row are what lies between its label and the next label.  A row's figures are
split into its cells (:mod:`._split`) keeping the row's totals true; when a row still splits
several ways, the table's other rules (the 勾稽关系 F21-01, the column totals F21-03) choose
among them — and when they cannot, the cells are reported ambiguous with their candidates.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from ..formats import Block, CellSpec, Format, TableSpec
from ..labels import core_label, fold_text
from ..rules import default_rules
from ..rules._model import Message, RuleKind, Severity
from ._index import CAPTION, COLUMN, HEADER, ROW, Entry, format_index, ordinal, search_keys
from ._split import Group, Split, pieces, split_run
from .result import CellReading, LabelMatch, ParseNote, Status

_WORD = re.compile(r"\S+")
#: What may follow a row label as its figures (white space, digits, units, blank marks).
_RUN = re.compile(
    r"(?:\s|\d|[.,+\-—–―/\\／%]|万元|人次|元|件|条|次|个|项|篇|人|起|家|份|无(?=\s|$))*"
)
_CN_ORD = "一二三四五六七八九十"
_MONEY = ("万元", "元")


class TextDoc:
    """A text folded for searching, with a map back from its white-space-free form."""

    def __init__(self, text: str) -> None:
        self.folded = fold_text(text)
        starts_c: list[int] = []
        starts_f: list[int] = []
        parts: list[str] = []
        n = 0
        for m in _WORD.finditer(self.folded):
            starts_c.append(n)
            starts_f.append(m.start())
            parts.append(m.group())
            n += len(m.group())
        self.compact = "".join(parts)
        self._c = starts_c
        self._f = starts_f

    def folded_at(self, ci: int) -> int:
        """Position in the folded text of compact position ``ci``."""
        if ci >= len(self.compact):
            return len(self.folded)
        j = bisect.bisect_right(self._c, ci) - 1
        return self._f[j] + (ci - self._c[j])

    def folded_end(self, ci: int) -> int:
        """Position just after compact position ``ci - 1`` (the end of a match)."""
        if ci <= 0:
            return 0
        return self.folded_at(ci - 1) + 1


@attrs.frozen
class Located:
    entry: Entry
    start: int  # compact, enumerator included
    end: int  # compact
    key: str


@functools.cache
def _enumerators(label: str) -> tuple[str, ...]:
    n = ordinal(label)
    if n is None:
        return ()
    forms = [f"{n}.", f"{n}、", f"({n})", f"{n})", f"{n},"]
    if n <= 10:
        cn = _CN_ORD[n - 1]
        forms += [f"({cn})", f"{cn}、"]
    return tuple(forms)


def _find(doc: TextDoc, entry: Entry, start: int, end: int) -> Located | None:
    """The first occurrence of an entry's label in compact[start:end]."""
    compact = doc.compact
    enums = _enumerators(entry.label)
    best: Located | None = None
    for key in search_keys(entry):
        if len(key) <= 3 and enums:
            for form in enums:
                p = compact.find(form + key, start, end)
                if p >= 0 and (best is None or p < best.start):
                    best = Located(entry, p, p + len(form) + len(key), key)
            continue
        p = compact.find(key, start, end)
        if p < 0:
            continue
        if best is not None and p >= best.start:
            continue
        lead = p
        for form in enums:
            if compact.startswith(form, max(0, p - len(form))) and p - len(form) >= start:
                lead = p - len(form)
                break
        best = Located(entry, lead, p + len(key), key)
    return best


def _anchor_keys(fmt: Format, table: TableSpec) -> tuple[str, ...]:
    """The labels that tell where a table starts (its own, long enough, no other table's);
    derived once per format and table."""
    key = (id(fmt), id(table))
    found = _ANCHORS.get(key)
    if found is None:
        found = _ANCHORS[key] = (fmt, table, _derive_anchor_keys(fmt, table))
    return found[2]


#: (id of the format, id of the table) -> (the format and table, kept alive; their keys).
_ANCHORS: dict[tuple[int, int], tuple[Format, TableSpec, tuple[str, ...]]] = {}


def _derive_anchor_keys(fmt: Format, table: TableSpec) -> tuple[str, ...]:
    idx = format_index(fmt)
    others = {k for e in idx.entries if e.table is not table for k in search_keys(e)}
    keys: list[str] = []
    for e in idx.entries:
        if e.table is not table:
            continue
        long_enough = (
            e.kind in (CAPTION, HEADER)
            or (e.kind == COLUMN and len(core_label(e.label)) >= 4)
            or (e.kind == ROW and e.one_line)
            or (e.kind == ROW and not e.data and len(core_label(e.label)) >= 4)
            or (e.kind == ROW and len(core_label(e.label)) >= 8)
        )
        if long_enough:
            keys += [k for k in search_keys(e) if k not in others and len(k) >= 4]
    return tuple(dict.fromkeys(keys))


@attrs.define
class _Row:
    """A row of figures found in the text: its cells and the ways its run splits."""

    specs: list[CellSpec]
    run: str
    where: int
    splits: list[Split] = attrs.field(factory=list)
    direct: list[str | None] | None = None
    stopped: bool = False
    #: Money units written alone in the run (a 「万元」 unit column).
    unit: str | None = None
    #: The table's other rules removed some splits.
    narrowed: bool = False


class TextReader:
    def __init__(self, fmt: Format, doc: TextDoc) -> None:
        self.fmt = fmt
        self.doc = doc
        self.idx = format_index(fmt)
        self.located: list[Located] = []
        self.rows: list[_Row] = []
        self.notes: list[ParseNote] = []
        self.spans: list[tuple[int, int]] = []

    # -- finding labels ------------------------------------------------------------------
    def locate(self) -> None:
        compact = self.doc.compact
        starts: list[int | None] = []
        pos = 0
        for table in self.fmt.tables:
            found = [compact.find(k, pos) for k in _anchor_keys(self.fmt, table)]
            hits = [p for p in found if p >= 0]
            start = min(hits) if hits else None
            starts.append(start)
            if start is not None:
                pos = start + 1
        for i, table in enumerate(self.fmt.tables):
            start = starts[i]
            if start is None:
                continue
            end = next((s for s in starts[i + 1 :] if s is not None), len(compact))
            if table.one_line:
                self._locate_one_line(table, start, end)
            else:
                self._locate_table(table, start, end)

    def _locate_table(self, table: TableSpec, start: int, end: int) -> None:
        blocks = list(table.blocks)
        bounds: list[tuple[Block, int, int]] = []
        if all(b.caption for b in blocks):
            caps: list[tuple[Block, Located]] = []
            cursor = start
            for b in blocks:
                entry = next(e for e in self.idx.entries if e.kind == CAPTION and e.block is b)
                loc = _find(self.doc, entry, cursor, end)
                if loc is not None:
                    caps.append((b, loc))
                    self.located.append(loc)
                    cursor = loc.end
            for k, (b, loc) in enumerate(caps):
                stop = caps[k + 1][1].start if k + 1 < len(caps) else end
                bounds.append((b, loc.end, stop))
        else:
            bounds = [(b, start, end) for b in blocks]
        for block, lo, hi in bounds:
            cursor = lo
            for e in self.idx.entries:
                if e.block is not block or e.kind != ROW:
                    continue
                loc = _find(self.doc, e, cursor, hi)
                if loc is not None:
                    self.located.append(loc)
                    cursor = loc.end

    def _locate_one_line(self, table: TableSpec, start: int, end: int) -> None:
        compact = self.doc.compact
        hits: list[Located] = []
        for e in self.idx.entries:
            if e.table is not table or e.kind not in (ROW, COLUMN):
                continue
            for key in search_keys(e):
                p = compact.find(key, start, end)
                while p >= 0:
                    hits.append(Located(e, p, p + len(key), key))
                    p = compact.find(key, p + 1, end)
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Located] = []
        for h in hits:
            if kept and h.start < kept[-1].end:
                continue
            kept.append(h)
        self.located += kept

    # -- reading figures -------------------------------------------------------------------
    def runs(self) -> None:
        located = sorted(self.located, key=lambda loc: loc.start)
        self.located = located
        starts = [loc.start for loc in located]
        doc = self.doc
        by_table: dict[int, list[tuple[Located, str, int]]] = {}
        for k, loc in enumerate(located):
            nxt = starts[k + 1] if k + 1 < len(located) else len(doc.compact)
            lo = doc.folded_end(loc.end)
            hi = doc.folded_at(nxt) if nxt < len(doc.compact) else len(doc.folded)
            segment = doc.folded[lo:hi]
            m = _RUN.match(segment)
            run = m.group() if m else ""
            by_table.setdefault(id(loc.entry.table), []).append((loc, run, lo))
        for table in self.fmt.tables:
            items = by_table.get(id(table), [])
            if not items:
                continue
            first = items[0][0].start
            last = max(lo + len(run) for _, run, lo in items)
            self.spans.append((doc.folded_at(first), last))
            if table.one_line:
                self._one_line_rows(table, items)
                continue
            for loc, run, lo in items:
                e = loc.entry
                if e.kind != ROW or not e.data or e.node is None:
                    continue
                specs = self.idx.row_cells.get((id(e.node), id(e.block)), [])
                self.rows.append(_Row(specs, run, lo))

    def _one_line_rows(self, table: TableSpec, items: list[tuple[Located, str, int]]) -> None:
        filled = [(loc, run, lo) for loc, run, lo in items if run.strip()]
        if len(filled) == 1:
            loc, run, lo = filled[0]
            specs = [c for c in self.fmt.cells if c.table is table]
            self.rows.append(_Row(specs, run, lo))
            return
        for loc, run, lo in filled:
            e = loc.entry
            if e.kind == ROW and e.data and e.node is not None:
                specs = [c for c in self.fmt.cells if c.row is e.node and c.table is table]
                self.rows.append(_Row(specs, run, lo))

    def split(self) -> None:
        sums = self.idx.sums
        for row in self.rows:
            items, lone = pieces(row.run)
            money = [u for u in lone if u in _MONEY]
            row.unit = money[0] if money else None
            n = len(row.specs)
            if not items:
                # an optional row (F21's （六） subtotal) printed as a bare group label is absent
                subtotal = row.specs[0].optional and any(c.data for c in row.specs[0].row.children)
                row.direct = None if subtotal else [None] * n
                continue
            if len(items) == n:
                row.direct = [None if p.blank else p.body + (p.unit or "") for p in items]
                continue
            ids = {c.id: k for k, c in enumerate(row.specs)}
            groups = [
                Group(ids[s.total], tuple(ids[p] for p in s.parts))
                for s in sums
                if s.total in ids and all(p in ids for p in s.parts)
            ]
            row.splits, row.stopped = split_run(items, [c.kind for c in row.specs], groups)

    # -- choosing among splits -------------------------------------------------------------
    def resolve(self) -> dict[str, CellReading]:
        readings: dict[str, CellReading] = {}
        fixed: dict[str, object] = {}
        ambiguous: list[_Row] = []
        for row in self.rows:
            if row.direct is not None:
                for spec, raw in zip(row.specs, row.direct):
                    fixed[spec.id] = _value(spec, raw)
            elif len(row.splits) == 1:
                for spec, v in zip(row.specs, row.splits[0].values):
                    fixed[spec.id] = v
            elif row.splits:
                ambiguous.append(row)
        used_rules: list[str] = []
        if ambiguous:
            used_rules = self._cross_rows(ambiguous, fixed)
        for row in self.rows:
            where = f"文本第{row.where}字"
            if row.direct is not None:
                for spec, raw in zip(row.specs, row.direct):
                    if raw is not None and row.unit and spec.kind.value == "amount":
                        raw = raw + row.unit if not raw[-1:].isalpha() else raw
                    readings[spec.id] = CellReading(
                        spec.id,
                        Status.OK if raw is not None else Status.BLANK,
                        raw,
                        where=where,
                        how="line" if raw is not None else None,
                    )
                continue
            if not row.splits and not row.run.strip():
                continue  # an optional row that is not there
            if not row.splits:
                why = "too_many_splits" if row.stopped else "no_split"
                for spec in row.specs:
                    readings[spec.id] = CellReading(
                        spec.id, Status.AMBIGUOUS, row.run.strip(), where=where, how=why
                    )
                self.notes.append(_split_note(row, why))
                continue
            how = "split+" + "+".join(used_rules) if row.narrowed and used_rules else "split"
            for k, spec in enumerate(row.specs):
                vals = list(dict.fromkeys(s.values[k] for s in row.splits))
                if len(vals) == 1:
                    raw = row.splits[0].raws[k]
                    readings[spec.id] = CellReading(
                        spec.id,
                        Status.OK if raw is not None else Status.BLANK,
                        raw,
                        where=where,
                        how=how,
                    )
                else:
                    readings[spec.id] = CellReading(
                        spec.id,
                        Status.AMBIGUOUS,
                        row.run.strip(),
                        tuple(vals),
                        where=where,
                        how=f"{len(row.splits)} splits",
                    )
            if len(row.splits) > 1 or row.stopped:
                self.notes.append(_split_note(row, "ambiguous"))
        return readings

    def _cross_rows(self, ambiguous: list[_Row], fixed: dict[str, object]) -> list[str]:
        """Narrow ambiguous rows with the table's hard rules; never pick when they cannot.

        Only when every rule of the table can hold at once: if the figures that are certain
        already break a rule, the text disagrees with itself and no split is preferred.
        """
        slot_of: dict[str, tuple[int, int]] = {}
        for ri, row in enumerate(ambiguous):
            for k, spec in enumerate(row.specs):
                slot_of[spec.id] = (ri, k)
        tables = {id(spec.table) for row in ambiguous for spec in row.specs}
        relevant = []
        for rule_id, lhs, rhs in _constraints(self.fmt):
            cells = (*lhs, *rhs)
            if id(self.fmt.cell(cells[0]).table) not in tables:
                continue
            if not all(c in slot_of or c in fixed for c in cells):
                continue
            if not any(c in slot_of for c in cells):
                if _side(lhs, fixed, slot_of, {}, ambiguous) != _side(
                    rhs, fixed, slot_of, {}, ambiguous
                ):
                    return []
                continue
            relevant.append((rule_id, lhs, rhs))
        if not relevant:
            return []
        total = 1
        for row in ambiguous:
            total *= len(row.splits)
        if total > 200_000:
            return []
        last_row = [
            max(slot_of[c][0] for c in (*lhs, *rhs) if c in slot_of) for _, lhs, rhs in relevant
        ]
        solutions: list[tuple[int, ...]] = []
        choice: dict[int, int] = {}
        #: The rules to test once row ``ri`` is chosen: those whose last row it is.
        due: list[list[tuple[tuple[str, ...], tuple[str, ...]]]] = [[] for _ in ambiguous]
        for (_, lhs, rhs), last in zip(relevant, last_row):
            due[last].append((lhs, rhs))

        def ok(ri: int) -> bool:
            for lhs, rhs in due[ri]:
                if _side(lhs, fixed, slot_of, choice, ambiguous) != _side(
                    rhs, fixed, slot_of, choice, ambiguous
                ):
                    return False
            return True

        def search(ri: int) -> None:
            if len(solutions) > 1000:
                return
            if ri == len(ambiguous):
                solutions.append(tuple(choice[r] for r in range(len(ambiguous))))
                return
            for cand in range(len(ambiguous[ri].splits)):
                choice[ri] = cand
                if ok(ri):
                    search(ri + 1)
            choice.pop(ri, None)

        search(0)
        if not solutions or len(solutions) > 1000:
            return []
        for ri, row in enumerate(ambiguous):
            keep = sorted({s[ri] for s in solutions})
            if len(keep) < len(row.splits):
                row.splits = [row.splits[k] for k in keep]
                row.narrowed = True
        return sorted({rule_id for rule_id, _, _ in relevant})

    def narrative(self) -> str:
        """The folded text without the tables' spans."""
        text = self.doc.folded
        out, pos = [], 0
        for lo, hi in sorted(self.spans):
            if lo > pos:
                out.append(text[pos:lo])
            out.append("\n")
            pos = max(pos, hi)
        out.append(text[pos:])
        return "".join(out)

    def label_matches(self) -> list[LabelMatch]:
        out: dict[tuple[str, str], LabelMatch] = {}
        for loc in self.located:
            e = loc.entry
            how = "exact" if loc.key == core_label(e.label) else "alias"
            found = self.doc.compact[loc.start : loc.end]
            out.setdefault(
                (found, e.label), LabelMatch(found, e.label, how, e.table.number, e.kind)
            )
        return list(out.values())


def _side(
    ids: Sequence[str],
    fixed: dict[str, object],
    slot_of: dict[str, tuple[int, int]],
    choice: dict[int, int],
    rows: Sequence[_Row],
) -> int | Decimal:
    total: int | Decimal = 0
    for cid in ids:
        if cid in fixed:
            v = fixed[cid]
        else:
            ri, k = slot_of[cid]
            v = rows[ri].splits[choice[ri]].values[k] if ri in choice else None
        if isinstance(v, (int, Decimal)):
            total += v
    return total


def _constraints(fmt: Format) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    out = []
    for rule in default_rules(fmt).rules:
        if rule.severity is not Severity.ERROR:
            continue
        if rule.kind not in (RuleKind.SUM, RuleKind.BALANCE):
            continue
        for item in rule.items:
            out.append((rule.id, item.lhs, item.rhs))
    return out


def _value(spec: CellSpec, raw: str | None) -> object:
    from ..values import read_value

    return read_value(raw, spec.kind, spec.unit).value


def _split_note(row: _Row, why: str) -> ParseNote:
    first = row.specs[0]
    label = first.row.label if len({c.row.key for c in row.specs}) == 1 else first.table.title
    ids = tuple(c.id for c in row.specs)
    run = " ".join(row.run.split())
    if why == "ambiguous":
        zh = (
            f"「{label}」的数字「{run}」连在一起，有 {len(row.splits)} 种拆分都符合本格式的"
            "勾稽关系，无法确定，相关单元格标为有歧义"
        )
        en = (
            f"[{label}]: the run-together figures {run!r} split {len(row.splits)} ways that "
            "all satisfy the format's rules; the cells are marked ambiguous"
        )
    elif why == "too_many_splits":
        zh = f"「{label}」的数字「{run}」拆分方式过多，无法确定"
        en = f"[{label}]: the figures {run!r} split too many ways to decide"
    else:
        zh = f"「{label}」的数字「{run}」无法拆分为 {len(row.specs)} 个单元格并满足勾稽关系"
        en = (
            f"[{label}]: the figures {run!r} cannot be split into {len(row.specs)} cells "
            "that satisfy the format's rules"
        )
    return ParseNote(why, Message(zh, en), ids)


def read_text(
    text: str | TextDoc, fmt: Format
) -> tuple[dict[str, CellReading], list[LabelMatch], list[ParseNote], str]:
    """Read the format's cells from a text; also returns the text outside the tables."""
    doc = text if isinstance(text, TextDoc) else TextDoc(text)
    reader = TextReader(fmt, doc)
    reader.locate()
    reader.runs()
    reader.split()
    readings = reader.resolve()
    return readings, reader.label_matches(), reader.notes, reader.narrative()


__all__ = ["TextDoc", "read_text"]
