"""Quantified statements in prose: '城镇登记失业率控制在4.1%以内', '新、改扩建城乡公办幼儿园15所'.

One pass over each clause (text between ，；。). Every Arabic number is either
- excluded, with a reason: the first rule of patterns/exclusions.py that matches (a date, a document
  number, list numbering, a phone number, corrupted digits …),
- captured as a value with a name, unit, comparator, kind and year, joined to its statement by the
  first handler of patterns/statements.py that applies (a from→to pair, a list, a range, a single value), or
- left unclassified (no unit), so coverage can be counted.

A number whose reading is not certain (a decimal point written as '。' or '·', a value that would
collide with another one of its statement) is captured with confidence 'low' and a `doubt` the caller
reports as a finding. Digits touching a corruption marker ('3?2万套') are never a value.

Words and patterns (units, comparators, verbs, markers) are reviewed data in seeds/reference; the
modules beside this one hold only the grammar. Pure functions over one normalised line at a time,
linear in its length: every look-behind and look-ahead is a bounded window, quotes are tracked in one
scan of the line and sentence-level facts are computed once per sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ingest.extract.prose.compiled import Grammar, grammar_of
from ingest.extract.prose.dating import SentenceFacts, clause_years, kind_and_year, last_before, sentence_facts
from ingest.extract.prose.naming import clean, comparator_of, name_before, noun_after, qualifier_len, strip_head, \
    strip_tail, unit_after
from ingest.extract.prose.patterns.exclusions import AGE_QUALIFIER, BY_FORM, BY_UNIT, CORRUPTED, AfterUnit, around, \
    first_rule
from ingest.extract.prose.patterns.statements import STATEMENTS, Clause, SoFar, Value, close, one_value_per_slot
from ingest.extract.prose.readings import Mention, Quantity
from ingest.extract.prose.tokens import W, Line, Tok, line_of, tokens
from ingest.model.context import DocInfo
from ingest.reference.words import Words

__all__ = ["CORRUPTED", "Mention", "Quantity", "extract_line"]

_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_SPLIT = re.compile(r"[，,；;。!！?？:：\t()（）]")
_W_NOUN = 200  # the noun written after a number ('名家庭经济困难学生')
_W_LABEL = 400  # a name made from the clause itself when nothing else names the value


# ---------------------------------------------------------------- sentences and clauses
def _sentence_spans(text: str, protected: set[int]) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() in protected:
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _clause_spans(text: str, s_start: int, s_end: int, protected: set[int]) -> list[tuple[int, int]]:
    """Clauses of text[s_start:s_end]: split at ，；。: outside parentheses."""
    out, start, depth = [], s_start, 0
    for m in _CLAUSE_SPLIT.finditer(text, s_start, s_end):
        ch, i = m.group(), m.start()
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        elif depth == 0 and i not in protected:
            if i > start:
                out.append((start, i))
            start = i + 1
    if start < s_end:
        out.append((start, s_end))
    return out


# ---------------------------------------------------------------- one clause: which numbers are values
@dataclass(slots=True)
class _Num:
    tok: Tok
    reason: str | None = None  # why it is not a value
    rule: str = ""  # the exclusion rule that gave the reason
    unit: str | None = None
    approx: bool = False  # '2400多个', '30余万人'
    au: int = -1  # where the text after the unit starts (absolute)


def _classify_one(line: Line, toks: list[Tok], i: int, c_end: int, g: Grammar) -> _Num:
    """The i-th number of a clause: excluded by the first BY_FORM rule, else its unit is read (from the
    next number when a range writes it once: '3-5万人'), then the first BY_UNIT rule may exclude it."""
    tok = toks[i]
    if rule := first_rule(BY_FORM, around(line, tok, g)):
        return _Num(tok, rule.reason, rule.name)
    text = line.text
    p = tok.end
    after = text[p:min(p + W, c_end)]
    approx = False
    if m := g.approximate.match(after):
        approx = True
        p += m.end()
        after = text[p:min(p + W, c_end)]
    unit = unit_after(after, g)
    if unit is None and i + 1 < len(toks):
        nxt = toks[i + 1]
        if g.range_sep.match(text[tok.end:nxt.start]):
            unit = unit_after(text[nxt.end:min(nxt.end + W, c_end)], g)
    au = -1
    after_unit = ""
    if unit is not None:
        lead = len(after) - len(after.lstrip())
        au = p + lead + len(unit) if after[lead:].startswith(unit) else p
        after_unit = text[au:min(au + W, c_end)]
    if rule := first_rule(BY_UNIT, AfterUnit(after, unit, after_unit, g)):
        return _Num(tok, rule.reason, rule.name, unit, approx, au)
    return _Num(tok, None, "", unit, approx, au)


def _classify(line: Line, toks: list[Tok], c_end: int, g: Grammar) -> list[_Num]:
    """Exclusion, unit and qualifier of every number in a clause."""
    nums = [_classify_one(line, toks, i, c_end, g) for i in range(len(toks))]
    for k in range(len(nums) - 1):  # '0—6岁儿童': the lower bound shares the qualifier
        a, b = nums[k], nums[k + 1]
        if not a.reason and b.reason == AGE_QUALIFIER and g.range_sep.match(line.text[a.tok.end:b.tok.start]):
            nums[k] = replace(a, reason=b.reason, rule=b.rule)
    return nums


# ---------------------------------------------------------------- one clause: values and statements
def _clause_quantities(line: Line, toks: list[Tok], c_start: int, c_end: int, sf: SentenceFacts, s_start: int,
                       doc: DocInfo, g: Grammar, group: int, mentions: list[Mention],
                       carried: int | None = None) -> tuple[list[Quantity], int]:
    text, words = line.text, g.words
    clause_text = text[c_start:c_end]
    nums = _classify(line, toks, c_end, g)
    live = [n for n in nums if not n.reason and n.unit]
    next_live = {id(a): b for a, b in zip(live, live[1:])}
    cy = clause_years(text, c_start, c_end, doc, {t.start for t in toks if t.quoted}, g)
    clause = Clause(text, c_start, c_end, clause_text, doc, g, sf, cy,
                    any(m in clause_text for m in words.respectively_markers), carried)

    def noun_at(n: _Num, stop: int | None) -> str:
        end = min(c_end, n.au + _W_NOUN) if stop is None else min(stop, n.au + _W_NOUN)
        return noun_after(text[n.au:end] if end > n.au else "", g)

    # orientation: '完成2个A、1个B' (number before its noun) or 'A2个、B1个' (name before number)
    number_first = False
    if live:
        first = live[0]
        head = name_before(text[c_start:first.tok.start], g)
        noun0 = noun_at(first, live[1].tok.start if len(live) > 1 else None)
        per_unit = g.per_unit_head.search(head)  # '每个县至少办好1所优质普通高中'
        number_first = bool(noun0) and (not head or (len(head) <= 2 and len(noun0) >= 3) or bool(per_unit))

    qs: list[Quantity] = []
    gov_of: list[int | None] = []
    open_ = None
    prev_end = c_start
    prev_live_start = -1
    for n in nums:
        tok = n.tok
        raw = tok.text(text)
        if n.reason:
            mentions.append(Mention(tok.start, tok.end, raw, "excluded", n.reason, n.rule))
            continue
        if n.unit is None:
            mentions.append(Mention(tok.start, tok.end, raw, "unclassified", "number without a known unit"))
            continue
        unit = n.unit
        window = text[prev_end:tok.start] if prev_end < tok.start else ""
        nxt = next_live.get(id(n))
        after_unit = text[n.au:min(n.au + W, c_end)]
        comparator = ">" if n.approx else comparator_of(window, after_unit, g)  # '800多万人': more than
        verb = strip_head(strip_tail(window.strip(" 、,，"), g.lead_end), g)
        noun = noun_at(n, nxt.tok.start if nxt else None)
        if number_first and noun:
            lead_verb = verb if (n is live[0] and len(verb) <= 6) else ""
            name, confidence = clean(lead_verb + noun, g), "medium"
        else:
            name, confidence = name_before(window, g), "high"
            if not name:
                name, confidence = noun, "medium"
        if not name:
            name, confidence = clean(text[c_start:min(c_end, c_start + _W_LABEL)].replace(raw, "")[:30], g), "low"
        elif g.weak_name_end.search(name):
            confidence = "low"
        # a year written in the clause directly before the value, with no other value between them
        hit = last_before(cy.governing, tok.start)
        governing = hit[1] if hit and hit[0] > prev_live_start else None
        tail = text[max(s_start, tok.start - W):tok.start]
        kind, year = kind_and_year(sf, tail, unit, doc, g, cy, tok.start, governing, carried)
        v = Value(tok.start, tok.end, Decimal(tok.value), unit, window, tail, comparator, name, confidence, kind, year,
                  governing, tok.doubt)
        so_far = SoFar(qs, gov_of, open_, group)
        for handler in STATEMENTS:
            if (step := handler.read(v, so_far, clause)) is not None:
                break
        for j, q in step.replaced:
            qs[j] = q
        qs.append(step.quantity)
        gov_of.append(step.governing)
        open_, group = step.open, step.group
        mentions.append(Mention(tok.start, tok.end, raw, "captured", step.quantity.value_kind, handler.name))
        prev_end = n.au + qualifier_len(after_unit, g)  # '75%左右、B…': the qualifier is not B's name
        prev_live_start = tok.start
    for j, q in close(qs, open_):
        qs[j] = q
    return one_value_per_slot(qs, group)


# ---------------------------------------------------------------- one line
def extract_line(text: str, section: str | None, doc: DocInfo, words: Words,
                 carried: int | None = None) -> tuple[list[Quantity], list[Mention]]:
    """The values (grouped into statements) and every number seen, of one normalised line. `carried`:
    the framing year of the lines above it in its section (dating.framing_year)."""
    g = grammar_of(words)
    toks = tokens(text, g)
    line = line_of(text, g)
    protected = {i for t in toks if t.form in ("uncertain", "corrupted") for i in range(t.start, t.end)}
    quoted = {t.start for t in toks if t.quoted}
    quantities: list[Quantity] = []
    mentions: list[Mention] = []
    group = 0
    ti = 0
    for s_start, s_end in _sentence_spans(text, protected):
        sf = None
        for c_start, c_end in _clause_spans(text, s_start, s_end, protected):
            while ti < len(toks) and toks[ti].start < c_start:
                ti += 1
            tj = ti
            while tj < len(toks) and toks[tj].start < c_end:
                tj += 1
            if tj == ti:
                continue
            if sf is None:
                sf = sentence_facts(text[s_start:s_end], section, doc, g, quoted, s_start)
            qs, group = _clause_quantities(line, toks[ti:tj], c_start, c_end, sf, s_start, doc, g, group, mentions,
                                           carried)
            ti = tj
            quantities.extend(qs)
    return _renumber(quantities), mentions


def _renumber(quantities: list[Quantity]) -> list[Quantity]:
    """Groups numbered 1.. in the order their first value is written."""
    ids: dict[int, int] = {}
    out = []
    for q in quantities:
        if q.group not in ids:
            ids[q.group] = len(ids) + 1
        out.append(replace(q, group=ids[q.group]) if ids[q.group] != q.group else q)
    return out
