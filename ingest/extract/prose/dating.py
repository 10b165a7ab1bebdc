"""The kind (target, baseline, increment, standard) and year of a value, from its sentence, its clause
and the document's period. Sentence facts are computed once per sentence, the times written in a
clause once per clause; a value then looks them up (bisect), so a line is read in linear time."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ingest.extract.metadata import five_year_period
from ingest.extract.numerals import chinese_int
from ingest.extract.prose.compiled import Grammar
from ingest.model.context import DocInfo


def _period_end(m: re.Match) -> int:
    """End year of the five-year period a 'period.five_year' match names ('十三五' -> 2020)."""
    return five_year_period(chinese_int(m.group(1)))[1]


def _names_past_period(text: str, doc: DocInfo, g: Grammar) -> bool:
    """'“十二五”以来' in a 13th-plan document (or in a text written in 2017): a period that ended before
    the plan began, or before the year the text speaks from."""
    return any(_period_end(m) < (doc.reference_year or 0) for m in g.five_year_period.finditer(text))


_TITLE = re.compile(r"《[^》]*》")  # a cited title: a year in it ('《…2035年远景目标纲要》') frames nothing


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)


def framing_year(text: str, g: Grammar) -> int | None:
    """The last time a line names that can frame what follows it ('到2020年', '2015年', '“十三五”时期'):
    not a comparison base ('比2015年'), not the start of a span ('2015年以来'). It governs the next lines
    of its section until another one appears."""
    skip = [m.span() for m in g.comparison_base.finditer(text)] + [m.span() for m in _TITLE.finditer(text)]
    since = g.words.year_since_markers
    times = [(m.end(), int(m.group(1))) for m in g.year_in.finditer(text)
             if not _inside(skip, m.start(1)) and not (since and text[m.end():m.end() + 6].startswith(since))]
    times += [(m.end(), _period_end(m)) for m in g.five_year_period.finditer(text) if not _inside(skip, m.start())]
    return max(times)[1] if times else None


class _Spans:
    """Overlap test against sorted, disjoint spans, for queries in increasing order (one pass)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans, self.k = spans, 0

    def __call__(self, s: int, e: int) -> bool:
        while self.k < len(self.spans) and self.spans[self.k][1] <= s:
            self.k += 1
        return self.k < len(self.spans) and self.spans[self.k][0] < e


@dataclass(frozen=True)
class SentenceFacts:
    past: bool
    standard: bool
    future_year: int | None
    sets_target: bool = True  # the sentence has a target word (到, 力争, 将)
    past_period: int | None = None  # end year of the first '十X五' of the sentence that ended before the reference year


def sentence_facts(sentence: str, section: str | None, doc: DocInfo, g: Grammar,
                   quoted: frozenset[int] | set[int] = frozenset(), offset: int = 0) -> SentenceFacts:
    """Facts of a whole sentence, once per sentence. `quoted`: starts (in the line, `offset` = the
    sentence's start) of numbers inside a title or quotation."""
    words = g.words
    past = section == "baseline" or any(m in sentence for m in words.past_markers) or _names_past_period(sentence, doc, g)
    standard = any(m in sentence for m in words.standard_markers)
    bases = [m.span() for m in g.comparison_base.finditer(sentence)]
    in_base = _Spans(bases)
    future = None
    for m in g.year_in.finditer(sentence):
        y = int(m.group(1))
        if future is None and (doc.reference_year is None or y >= doc.reference_year) \
                and offset + m.start(1) not in quoted and not in_base(*m.span()):
            future = y  # the first future year of the sentence, not one in a title or a comparison base
        # '2015年以来' in a plan that starts in 2016: a time up to now, told in the past
        if not past and doc.reference_year is not None and y < doc.reference_year \
                and sentence.startswith(words.year_until_now_markers, m.end()):
            past = True
    ref = doc.reference_year
    past_period = next((y for m in g.five_year_period.finditer(sentence) if ref is not None and (y := _period_end(m)) < ref
                        and not _inside(bases, m.start())), None)
    return SentenceFacts(past, standard, future, any(m in sentence for m in words.target_markers), past_period)


@dataclass(frozen=True)
class ClauseYears:
    """Times written in a clause, once per clause: positions are absolute in the line."""

    periods: list[tuple[int, int]]  # (end, period end year) of '十X五' outside comparison bases
    past_years: list[tuple[int, int]]  # (end, year) of 'YYYY年' outside comparison bases, before the plan
    governing: list[tuple[int, int]]  # (end, year) that can date the value written after them
    first_period_at: int | None  # start of the first '十X五' (comparison bases included)


def clause_years(text: str, c_start: int, c_end: int, doc: DocInfo, quoted_years: set[int], g: Grammar) -> ClauseYears:
    clause = text[c_start:c_end]
    bases = [m.span() for m in g.comparison_base.finditer(clause)]
    period_in_base, year_in_base = _Spans(bases), _Spans(bases)
    periods, past, gov = [], [], []
    first_period = None
    since = g.words.year_since_markers
    for m in g.five_year_period.finditer(clause):
        if first_period is None:
            first_period = c_start + m.start()
        if not period_in_base(*m.span()):
            periods.append((c_start + m.end(), _period_end(m)))
    for m in g.year_in.finditer(clause):
        if year_in_base(*m.span()):
            continue
        y, end = int(m.group(1)), c_start + m.end()
        rest = text[end:end + 6]
        is_since = rest.startswith(since) if since else False
        if (doc.reference_year is None or y < doc.reference_year) and not is_since:
            past.append((end, y))
        if is_since or (c_start + m.start(1)) in quoted_years or g.year_range_after.match(rest):
            continue  # '2015年以来', '《2016年…》', '2016年至2020年' (the period end dates the value)
        gov.append((end, y))
    return ClauseYears(periods, past, gov, first_period)


def last_before(items: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    k = bisect.bisect_right(items, (pos, 10**9))
    return items[k - 1] if k else None


def kind_and_year(sf: SentenceFacts, tail: str, unit: str, doc: DocInfo, g: Grammar, cy: ClauseYears,
                  pos: int, governing: int | None, carried: int | None = None) -> tuple[str, int | None]:
    """value_kind and year of a number from its sentence, the words before it, and its section.

    Past statements (an achievements section, a past marker, a period that ended before the plan)
    take the time named in their own clause before the number ('从“十一五”末的74岁' -> 2010), else the
    year before the plan period. Future ones take a year written in their own clause directly before
    them ('2018年达到…'; a year before the plan makes the value a baseline), else the first future
    year of the sentence ('到2020年'), else the year `carried` from the lines above in the same section
    (a year before the reference year makes the value a baseline), else the plan's end year (an annual
    plan: its year). A value none of these date keeps no year."""
    tail = tail.rstrip()
    if unit in g.increment_units or g.change_verb_end.search(tail):
        kind = "increment"
    elif unit.startswith(g.words.money_units) and sf.standard:
        kind = "standard"
    else:
        kind = None
    past = sf.past
    kind = kind or ("baseline" if past else "target")
    ref = doc.reference_year
    if ref is None and kind == "target" and not sf.sets_target and (governing or sf.future_year):
        # a dated value told without a target word, in a text whose period and date are unknown: a fact
        kind = "baseline"
    if past:
        period = cy.periods[0] if cy.periods and cy.periods[0][0] <= pos else None
        if period and (ref is None or period[1] < ref):
            return kind, period[1]
        if hit := last_before(cy.past_years, pos):
            return kind, hit[1]
        if doc.period_start:
            return kind, doc.period_start - 1
        if sf.past_period is not None:  # '“十三五”期间，…控制在4%以内': the period named earlier in the sentence
            return kind, sf.past_period
        return kind, carried if carried is not None and (ref is None or carried <= ref) else None
    if governing is not None:
        return _dated(kind, governing, ref)
    if doc.plan_kind == "annual_plan" and doc.period_end:
        return kind, doc.period_end
    if sf.future_year is not None:
        return kind, sf.future_year
    if carried is not None and doc.period_end is None:
        return _dated(kind, carried, ref)
    return kind, doc.period_end


def _dated(kind: str, year: int, ref: int | None) -> tuple[str, int]:
    """A value dated by a year the text writes: a year before the reference year makes a target a baseline."""
    return ("baseline" if ref is not None and year < ref and kind == "target" else kind), year
