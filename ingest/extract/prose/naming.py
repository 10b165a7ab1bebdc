"""What a number measures and how: its unit, its comparator, and the name written before it ('城镇登记
失业率控制在4.1%以内' -> 城镇登记失业率, %, <=) or the noun written after it ('新建2所幼儿园' -> 幼儿园).
Pure functions over bounded windows of one clause; the words come from the compiled grammar."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.extract.prose.compiled import Grammar

_COMPARATOR_WINDOW = 60
_CLEAN_OPEN = re.compile(r"^[)）\]】”]+")
_PAREN_GROUP = re.compile(r"[(（][^()（）]*[)）]")


def unit_after(after: str, g: Grammar) -> str | None:
    """The unit written at the start of `after` (spaces skipped), the longest that fits."""
    m = g.unit.match(after.lstrip())
    return m.group() if m else None


def comparator_of(before: str, after_unit: str, g: Grammar) -> str:
    """'>=', '<=', '~' or '=': a comparator written just after the unit ('以上'), else at the end of
    the text before the number ('不低于'), else within the last 6 characters ('至少办好1所')."""
    tail = after_unit.lstrip()[:3]
    for word, comp in g.words.comparator_after.items():
        if tail.startswith(word):
            return comp
    before = before[-_COMPARATOR_WINDOW:].rstrip()
    for word, comp in g.comparator_before:
        if before.endswith(word):
            return comp
    # '至少办好1所', '不超过工资总额0.5%': the comparator may stand a few characters before the number; the
    # one written last wins, the longest of those ('不超过', not '超过')
    near = before[-8:]
    best = max(((near.rfind(word) + len(word), len(word), comp) for word, comp in g.comparator_before
                if len(word) >= 2 and word in near), default=None)
    return best[2] if best and best[0] > len(near) - 6 else "="


def qualifier_len(after_unit: str, g: Grammar) -> int:
    """Length of a comparator written after the unit ('以上', '左右'), with the spaces before it."""
    s = after_unit.lstrip()
    word = next((w for w in g.words.comparator_after if s.startswith(w)), "")
    return len(after_unit) - len(s) + len(word) if word else 0


def strip_tail(text: str, pattern: re.Pattern | None) -> str:
    """Strip the words (verbs, per-unit phrases) written at the end of a name, repeatedly, longest first."""
    while pattern is not None and text and (m := pattern.search(text)):
        text = text[: m.start()].rstrip()
    return text


def strip_head(text: str, g: Grammar) -> str:
    """Strip a year, a five-year period and filler words ('全市', '力争') written at the start of a name."""
    changed = True
    while changed and text:
        changed = False
        text = g.name_head_year.sub("", text)
        text = g.name_head_period.sub("", text)
        for w in g.words.fillers:
            if text.startswith(w):
                text = text[len(w):].lstrip()
                changed = True
                break
    return text


def clean(name: str, g: Grammar) -> str:
    """Trim punctuation, conjunctions and an unclosed parenthesis from both ends of a name."""
    name = name.strip(g.name_edge)
    name = _CLEAN_OPEN.sub("", name)
    name = g.name_open_paren.sub("", name) if name.count("(") + name.count("（") > name.count(")") + name.count("）") else name
    return name.strip(g.name_edge)


def name_before(window: str, g: Grammar) -> str:
    """Measured thing written before the number: '城镇登记失业率控制在' -> '城镇登记失业率'."""
    name = strip_tail(window.strip(" 、,，"), g.lead_or_per_unit_end)
    name = strip_tail(name, g.lead_end)
    name = strip_head(name, g)
    name = clean(name, g)
    if len(name) > 40:
        name = _PAREN_GROUP.sub("", name)
    return name[-40:]


def noun_after(after_unit: str, g: Grammar) -> str:
    """Noun counted by a number written before it: '名家庭经济困难学生提供补助' (unit removed)."""
    s = after_unit.lstrip()
    s = s[g.noun_qualifier.match(s).end():]
    return clean(s, g)[:30]
