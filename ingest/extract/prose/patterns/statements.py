"""How a value joins the statement it belongs to: an ordered registry of statement handlers.

The values of a clause are read left to right. For each, the handlers of STATEMENTS are tried in
order; the first that applies returns a Step: the value's record, the earlier records of the clause
it rewrites (a range's lower bound becomes '>=', a 'from' value becomes the baseline of its pair),
and the statement left open for the values after it. A handler reads the clause so far and never
changes a record: the reader (grammar.py) applies the step.

    from_to      '由45元提高到50元'                  the end of a change; the value(s) before: its start
    paired_to    '分别由95%和90%提高到99%和97%'      a further 'to' value, paired with the next 'from'
    list_item    '分别达到99%和97%'                  a further value of a list, a statement of its own
    range_bound  '3万至10万人'                       the upper bound of a range
    single       '城镇登记失业率控制在4.1%以内'       a value that opens a statement

Each handler's docstring gives examples; tests/ingest/test_prose_handlers.py checks them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Sequence

from ingest.extract.prose.compiled import Grammar
from ingest.extract.prose.dating import ClauseYears, SentenceFacts, kind_and_year
from ingest.extract.prose.naming import name_before
from ingest.extract.prose.readings import Quantity
from ingest.model.context import DocInfo


@dataclass(slots=True)
class Value:
    """One number with a unit, read as if it stood alone: what a handler starts from (read only)."""

    start: int
    end: int
    number: Decimal
    unit: str
    window: str  # the text between the previous value (its unit and qualifier) and this number
    tail: str  # up to W characters of the sentence before the number
    comparator: str
    name: str
    confidence: str
    kind: str
    year: int | None
    governing: int | None  # the year written in the clause directly before the value
    doubt: str | None


@dataclass(slots=True)
class Clause:
    """The clause being read and what was computed once for it and its sentence (read only)."""

    line: str
    start: int
    end: int
    text: str  # line[start:end]
    doc: DocInfo
    g: Grammar
    sf: SentenceFacts
    cy: ClauseYears
    respectively: bool  # '分别': the parts of a list name go with the values in order
    carried: int | None = None  # the framing year of the lines above, in the same section

    def kind_and_year(self, v: Value, governing: int | None) -> tuple[str, int | None]:
        return kind_and_year(self.sf, v.tail, v.unit, self.doc, self.g, self.cy, v.start, governing, self.carried)


@dataclass(frozen=True)
class ListRun:
    """Values of one statement list: 'A、B分别达到X和Y' (slots X, Y), or the 'from' values of
    '分别由X1、X2提高到Y1、Y2'. A slot holds one value, or the bounds of a range. The run's values are
    the clause's records from `start` on; a slot is a stretch of them that share a group."""

    base: str
    start: int
    n_slots: int = 1
    has_from: bool = False  # opened by a from-marker ('由', '从')
    parts: tuple[str, ...] = ()  # the parts of the base name ('小学和初中入学率' -> 小学, 初中入学率)


@dataclass(frozen=True)
class ToRun:
    """The 'to' values of a from→to statement: the i-th goes with the i-th 'from' slot."""

    base: str
    slots: tuple[tuple[int, ...], ...]
    i: int = 0
    governing: int | None = None


Open = ListRun | ToRun | None


@dataclass(slots=True)
class SoFar:
    """The clause read so far, as a handler sees it (read only; one is made for every value)."""

    qs: Sequence[Quantity]
    gov_of: Sequence[int | None]  # the year written directly before each value (or its list's)
    open: Open
    group: int  # the last group number used in the line


@dataclass(frozen=True)
class Step:
    quantity: Quantity
    governing: int | None
    open: Open
    group: int
    replaced: tuple[tuple[int, Quantity], ...] = ()  # (index in the clause, new record)


@dataclass(frozen=True)
class StatementHandler:
    name: str
    read: Callable[[Value, SoFar, Clause], Step | None]


def _record(v: Value, c: Clause, name: str, group: int, comparator: str, kind: str, year: int | None,
            confidence: str, doubt: str | None, rule: str) -> Quantity:
    return Quantity(name, v.number, v.unit, comparator, kind, year, "low" if doubt else confidence, c.text, c.start,
                    group, doubt, v.start, v.end, rule)


def _item_label(c: Clause, n: int) -> str:
    """Name suffix of the n-th value of a list whose parts are not named."""
    return c.g.words.unnamed_list_item.replace("{n}", str(n))


def _connected(v: Value, s: SoFar, c: Clause) -> bool:
    """'X和Y', 'X、Y': only a list connector stands between the previous value and this one."""
    return bool(s.qs) and c.g.list_connector.match(v.window) is not None


def _is_from_to(window: str, g: Grammar) -> bool:
    """'提高到', '逐步降至2014年的': the window between a 'from' and a 'to' value. Not when a new name
    stands before the verb ('A达到75%、B提高到50%' is two statements)."""
    m = g.from_to.search(window)
    if m is None:
        return False
    lead = window[:m.start()].strip(" ,，")
    return "、" not in lead and len(lead) <= 6


def _slots(qs: Sequence[Quantity], start: int) -> tuple[tuple[int, ...], ...]:
    """The slots of a list run: stretches of the records from `start` on that share a group."""
    out: list[tuple[int, ...]] = []
    cur: list[int] = []
    for j in range(start, len(qs)):
        if cur and qs[j].group != qs[cur[0]].group:
            out.append(tuple(cur))
            cur = []
        cur.append(j)
    if cur:
        out.append(tuple(cur))
    return tuple(out)


def close(qs: Sequence[Quantity], open_: Open) -> tuple[tuple[int, Quantity], ...]:
    """End of the 'to' values: 'from' values left without a 'to' value ('分别由X1、X2提高到Y1') are not
    certain to be starting points of their own statement; their year is not known."""
    if not isinstance(open_, ToRun):
        return ()
    return tuple((j, replace(qs[j], value_kind="baseline", year=None, confidence="low",
                             doubt=qs[j].doubt or "fewer 'to' values than 'from' values in one from→to statement"))
                 for slot in open_.slots[open_.i + 1:] for j in slot)


def _pair(s: SoFar, slot: tuple[int, ...], kind: str, year: int | None, governing: int | None, c: Clause, pos: int):
    """Make the values of `slot` the starting point of a from→to statement. Returns the 'to' value's
    (name, group, confidence, kind, year) and the rewritten 'from' records."""
    doc, cy = c.doc, c.cy
    first = s.qs[slot[0]]
    to_kind = "baseline" if kind == "baseline" else "target"
    if governing is not None:  # '降至2014年的21.7/10万'
        to_year = governing
        if doc.reference_year is not None and governing < doc.reference_year:
            to_kind = "baseline"
    else:
        to_year = doc.period_start - 1 if to_kind == "baseline" and doc.period_start else year
    replaced = []
    for j in slot:
        p = s.qs[j]
        written = s.gov_of[j]
        if written is not None:  # '由2010年65%'
            start_year = written
        else:
            start_year = p.year if p.value_kind == "baseline" else (doc.period_start - 1 if doc.period_start else p.year)
            if (p.value_kind == "baseline" and doc.period_start and p.year == doc.period_start - 1
                    and doc.plan_kind == "five_year_plan" and not (cy.first_period_at is not None and cy.first_period_at < pos)):
                start_year = doc.period_start - 6  # achievements '由X提高到Y' run over the previous period
        if to_kind == "baseline" and start_year == to_year and start_year is not None:
            # the same year for the start and the end of a change: a year that was not written is not known
            from_stated = written is not None or any(times and times[0][0] <= p.start for times in (cy.periods, cy.past_years))
            if governing is None and from_stated:
                to_year = None
            elif not (governing is not None and from_stated):
                start_year = None
        replaced.append((j, replace(p, comparator="=" if len(slot) == 1 else p.comparator, value_kind="baseline",
                                    year=start_year)))
    return (first.name, first.group, first.confidence, to_kind, to_year), tuple(replaced)


# ---------------------------------------------------------------- the handlers, in order
def from_to(v: Value, s: SoFar, c: Clause) -> Step | None:
    """The value after a to-verb ends a change; the value before it, or the list of 'from' values
    before it, is its starting point, a baseline of the same statement.

    '学前教育毛入园率由2010年65%提高到80%' -> 65 % baseline 2010, 80 % target 2020
    '月人均养老金从1245元增长到1597元' (annual plan 2017, achievements) -> 1245 元 baseline, 1597 元 baseline 2016
    '全市孕产妇死亡率、婴儿死亡率分别从2015年的20.1/10万、8.1‰降至2019年的17.8/10万、5.6‰' -> 17.8 pairs with 20.1
    """
    if not s.qs or not _is_from_to(v.window, c.g):
        return None
    run = s.open if isinstance(s.open, ListRun) else None
    if run is not None and run.has_from and run.n_slots > 1:  # '分别由X1、X2提高到Y1、Y2'
        to = ToRun(run.base, _slots(s.qs, run.start), 0, v.governing)
    else:
        slot = tuple(range(run.start, len(s.qs))) if run is not None and run.n_slots == 1 else (len(s.qs) - 1,)
        to = ToRun(s.qs[slot[0]].name, (slot,), 0, v.governing)
    # the previous from→to statement ends here; its 'from' slots and the new one are disjoint
    closed = close(s.qs, s.open)
    (name, group, confidence, kind, year), paired = _pair(s, to.slots[0], v.kind, v.year, v.governing, c, v.start)
    return Step(_record(v, c, name, group, v.comparator, kind, year, confidence, v.doubt, "from_to"), v.governing, to,
                s.group, closed + paired)


def paired_to(v: Value, s: SoFar, c: Clause) -> Step | None:
    """A further 'to' value ('和Y2', '、Y2') of a from→to statement goes with the next 'from' value.
    More 'to' values than 'from' values: which goes with which is not certain (a statement of its own, in doubt).

    '小学和初中入学率分别由95%和90%提高到99%和97%' -> 97 % target, paired with 90 %
    '养老金由1500元提高到1800元和2000元' -> 2000 元, doubt: more 'to' values than 'from' values
    """
    if not isinstance(s.open, ToRun) or not _connected(v, s, c):
        return None
    to = replace(s.open, i=s.open.i + 1)
    governing = v.governing if v.governing is not None else to.governing
    if to.i < len(to.slots):
        (name, group, confidence, kind, year), paired = _pair(s, to.slots[to.i], v.kind, v.year, governing, c, v.start)
        return Step(_record(v, c, name, group, v.comparator, kind, year, confidence, v.doubt, "paired_to"), governing, to,
                    s.group, paired)
    group = s.group + 1
    doubt = v.doubt or "more 'to' values than 'from' values in one from→to statement"
    return Step(_record(v, c, f"{to.base}({_item_label(c, to.i + 1)})", group, v.comparator, v.kind, v.year,
                        v.confidence, doubt, "paired_to"), governing, to, group)


def list_item(v: Value, s: SoFar, c: Clause) -> Step | None:
    """A further value of a list ('X和Y', 'X、Y') is a statement of its own, named after the list: with
    '分别', by the parts of the list's name in order, else by its position. It shares the list's year.

    '小学和初中入学率分别达到99%和97%' -> 小学和初中入学率(小学) 99 %, 小学和初中入学率(初中入学率) 97 %
    '2015年全市新建幼儿园12所和15所' (13th plan) -> the second value: 15 所, baseline 2015
    """
    if not isinstance(s.open, ListRun) or not _connected(v, s, c):
        return None
    run = s.open
    k = run.n_slots
    parts = tuple(p for p in c.g.list_part_split.split(run.base) if p) if k == 1 else run.parts
    governing, kind, year = v.governing, v.kind, v.year
    if governing is None and s.gov_of[run.start] is not None:
        governing = s.gov_of[run.start]  # '2015年A、B分别为X和Y': the list shares its year
        kind, year = c.kind_and_year(v, governing)
    replaced: tuple[tuple[int, Quantity], ...] = ()
    if c.respectively and len(parts) > k:
        name = f"{run.base}({parts[k]})"
        if k == 1:
            replaced = tuple((j, replace(s.qs[j], name=f"{run.base}({parts[0]})")) for j in range(run.start, len(s.qs)))
    else:
        name = f"{run.base}({_item_label(c, k + 1)})"
    group = s.group + 1
    return Step(_record(v, c, name, group, v.comparator, kind, year, "medium", v.doubt, "list_item"), governing,
                replace(run, n_slots=k + 1, parts=parts), group, replaced)


def range_bound(v: Value, s: SoFar, c: Clause) -> Step | None:
    """The value after a range separator is the upper bound ('<=') of the statement of the value
    before it, which becomes the lower bound ('>=') and takes the unit written once.

    '每年新增就业3万至10万人' -> 3 万人 >=, 10 万人 <=
    '城乡居民养老保险年人均缴费档次为100-4800元' -> 100 元 >=, 4800 元 <=
    """
    if not s.qs or c.g.range_sep.match(v.window) is None:
        return None
    prev = len(s.qs) - 1
    p = s.qs[prev]
    return Step(_record(v, c, p.name, p.group, "<=", p.value_kind, p.year, p.confidence, v.doubt or p.doubt, "range_bound"),
                s.gov_of[prev], s.open, s.group, ((prev, replace(p, unit=v.unit, comparator=">=")),))


def single(v: Value, s: SoFar, c: Clause) -> Step:
    """A value that opens a statement of its own, and a list that later values may continue. After a
    from-marker ('由', '从') the name is what stands before the marker.

    '城镇登记失业率控制在4.1%以内' -> 4.1 % <= target 2020
    '2018年底前建成乡镇综合文化站12个' -> 12 个 target 2018
    """
    group = s.group + 1
    name, has_from = v.name, False
    idx = max((v.window.rfind(m) for m in c.g.words.from_markers), default=-1)
    if idx >= 0:
        name = name_before(v.window[:idx], c.g) or name
        has_from = True
    return Step(_record(v, c, name, group, v.comparator, v.kind, v.year, v.confidence, v.doubt, "single"), v.governing,
                ListRun(name, len(s.qs), 1, has_from), group, close(s.qs, s.open))


STATEMENTS: tuple[StatementHandler, ...] = (
    StatementHandler("from_to", from_to),
    StatementHandler("paired_to", paired_to),
    StatementHandler("list_item", list_item),
    StatementHandler("range_bound", range_bound),
    StatementHandler("single", single),
)


def one_value_per_slot(qs: list[Quantity], group: int) -> tuple[list[Quantity], int]:
    """Within one statement no two values share (value_kind, comparator, year). Where the grammar
    produced such a pair, the later value becomes a statement of its own, with low confidence."""
    seen: dict[int, set] = {}
    out = []
    for q in qs:
        key = (q.value_kind, q.comparator, q.year)
        keys = seen.setdefault(q.group, set())
        if key in keys:
            group += 1
            q = replace(q, group=group, confidence="low",
                        doubt=q.doubt or f"a second {q.value_kind} value ({q.comparator}, {q.year or 'no year'}) in one statement")
            seen[group] = {key}
        else:
            keys.add(key)
        out.append(q)
    return out, group
