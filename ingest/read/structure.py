"""Document structure: headings, their levels and the kind of section each line sits in.

Heading shapes are the ones Chinese government documents use. Each is a named pattern in
seeds/reference/ref_patterns.csv whose key names the level it gives (the level is also written next
to the key in `_shapes` below, the one place the code reads it):

    structure.heading_level1_part            第X篇 ...   level 1
    structure.heading_level2_chapter         第X章 ...   level 2
    structure.heading_level3_section         第X节 ...   level 3
    structure.heading_level2_enumerated      一、...     level 2
    structure.heading_level3_parenthesised   (一)...     level 3

X is written in Chinese numeral characters (word kind `cn_digit`) or digits; group `t` of each pattern
is the heading text. A numbered line '1. ...' that is short and has no sentence is a level-4 heading
(digits and punctuation only: no words, so it stays here). Section kinds (baseline / target / task /
measure) come from the reviewed seed ref_section_kinds. Pure functions over normalised lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.reference.lexicon import Lexicon

_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*(?P<rest>.+)$")
SHORT_HEADING = 16  # a numbered or (一) line this short, with no sentence after it, is a heading


def _shapes(lex: Lexicon) -> tuple[tuple[int, re.Pattern], ...]:
    """(level, pattern) of each heading shape, in match order. The patterns are compiled once, with the lexicon."""
    return (
        (1, lex.pattern("structure.heading_level1_part")),
        (2, lex.pattern("structure.heading_level2_chapter")),
        (3, lex.pattern("structure.heading_level3_section")),
        (2, lex.pattern("structure.heading_level2_enumerated")),
        (3, lex.pattern("structure.heading_level3_parenthesised")),
    )


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # heading text without its number
    line: int


def heading_of(text: str, line: int, lex: Lexicon) -> Heading | None:
    """A heading, or None. '(一)加强组织领导。各县区要…' is a titled paragraph, not a heading."""
    s = text.strip()
    if not s:
        return None
    for level, pattern in _shapes(lex):
        if m := pattern.match(s):
            title = m.group("t").strip()
            body = title.split("。", 1)[1].strip() if "。" in title else ""
            if level >= 3 and body:
                return None
            return Heading(level, title.rstrip("。"), line)
    m = _NUMBERED.match(s)
    if m and len(m.group("rest").rstrip("。")) <= SHORT_HEADING and "。" not in m.group("rest").rstrip("。") \
            and "，" not in m.group("rest") and "," not in m.group("rest"):
        return Heading(4, m.group("rest").rstrip("。"), line)
    return None


@dataclass
class Context:
    """The headings above a line, innermost last."""

    stack: list[Heading]

    def push(self, h: Heading) -> None:
        while self.stack and self.stack[-1].level >= h.level:
            self.stack.pop()
        self.stack.append(h)

    def texts(self) -> list[str]:
        return [h.text for h in self.stack]


def section_kind(headings: list[str], kinds: list[tuple[str, re.Pattern]]) -> str | None:
    """Kind of the innermost heading that has one (a '保障措施' under a '任务' heading stays a task section)."""
    found = None
    for text in headings:
        for kind, pattern in kinds:
            if pattern.search(text):
                if not (found == "task" and kind == "measure"):
                    found = kind
                break
    return found
