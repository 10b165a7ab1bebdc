"""Where a plan writes the responsible units of its tasks, as an ordered registry: UNIT_PLACES.

Each place is a pattern in seeds/reference/ref_patterns.csv and a small function that takes the
units text from the match; how the text splits into lead and supporting units is
ingest.extract.units.UNIT_RULES. A place either is a line of its own (its units go to every task
above it that has none yet) or closes a task's own line (its units go to that task).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ingest.reference.lexicon import Lexicon


@dataclass(frozen=True)
class UnitPlace:
    name: str
    pattern_key: str  # in seeds/reference/ref_patterns.csv; its whole match is quoted as the units' source
    own_line: bool  # True: a line of its own, for the tasks above; False: the end of a task's line
    units_text: Callable[[re.Match, str], str]  # (match, line) -> the units text to parse


def _units_line(m: re.Match, line: str) -> str:
    """'(责任单位:市教育局、市财政局)' -> '市教育局、市财政局' for every task above still without units
    (one line per domain, or one under each task); parentheses around the line are not units."""
    inner = line[1:-1] if line[:1] in "(（" and line[-1:] in ")）" else line
    again = m.re.match(inner)
    return again.group("u") if again else m.group("u")


def _trailing_parentheses(m: re.Match, line: str) -> str:
    """'完善救助制度。(市民政局牵头,市财政局配合)' -> '市民政局牵头,市财政局配合' for this task; the
    parenthesis is cut from the task body."""
    return m.group("u")


UNIT_PLACES: tuple[UnitPlace, ...] = (
    UnitPlace("units_line", "tasks.units_line", True, _units_line),
    UnitPlace("trailing_parentheses", "tasks.trailing_units", False, _trailing_parentheses),
)


def find_units(line: str, lex: Lexicon, *, own_line: bool) -> tuple[str, str] | None:
    """(units text, quoted source) of the first place of this kind that the line holds, or None."""
    for place in UNIT_PLACES:
        if place.own_line == own_line and (m := lex.pattern(place.pattern_key).search(line)):
            return place.units_text(m, line), m.group(0)
    return None
