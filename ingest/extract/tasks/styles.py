"""The ways a plan writes a task, as an ordered registry: TASK_STYLES.

Each style is a pattern in seeds/reference/ref_patterns.csv (group 'rest' is the task text, group
'n' its number when it has one) and a small function that takes the title and body from the match.
The first style whose pattern matches a line and whose reader accepts it wins, so a new task style
is one entry here and one pattern row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ingest.reference.lexicon import Lexicon

MAX_TITLE = 30

Read = tuple[int | None, str | None, str]  # seq, title, body


@dataclass(frozen=True)
class TaskStyle:
    name: str  # tasks.style
    pattern_key: str  # in seeds/reference/ref_patterns.csv
    explicit: bool  # marked as a task by a sign of its own (number, dash); such tasks win over implicit ones
    read: Callable[[re.Match], Read | None]  # (seq, title, body), or None: not a task of this style


def split_title(text: str) -> tuple[str | None, str]:
    """'标题。正文' -> (标题, 正文). A first sentence with commas or longer than MAX_TITLE is no title:
    the task then has no separate title (title None) and the whole text is the body."""
    if "。" in text:
        first, rest = text.split("。", 1)
        if first and len(first) <= MAX_TITLE and not re.search(r"[，,；;:：]", first):
            return first.strip(), rest.strip()
    return None, text.strip()


def _numbered(m: re.Match) -> Read:
    """'3.推进学前教育普及。扩大普惠性资源。' -> (3, '推进学前教育普及', '扩大普惠性资源。')."""
    title, body = split_title(m.group("rest"))
    return int(m.group("n")), title, body


def _dash(m: re.Match) -> Read:
    """'——加快普及学前教育。到2020年…' -> (None, '加快普及学前教育', '到2020年…'); numbered later."""
    title, body = split_title(m.group("rest"))
    return None, title, body


def _titled(m: re.Match) -> Read | None:
    """'推动学前教育公益普惠性发展。扩大普惠性资源。' -> (None, '推动学前教育公益普惠性发展',
    '扩大普惠性资源。'); a paragraph without a short first sentence and a body after it is no task."""
    title, body = split_title(m.group("rest"))
    return (None, title, body) if title and body else None


TASK_STYLES: tuple[TaskStyle, ...] = (
    TaskStyle("numbered", "tasks.style_numbered", True, _numbered),
    TaskStyle("dash", "tasks.style_dash", True, _dash),
    TaskStyle("titled", "tasks.style_titled", False, _titled),
)
EXPLICIT_STYLES = frozenset(s.name for s in TASK_STYLES if s.explicit)


def read_task(line: str, lex: Lexicon) -> tuple[str, int | None, str | None, str] | None:
    """(style name, seq, title, body) of the first style that reads the line, or None."""
    for style in TASK_STYLES:
        if (m := lex.pattern(style.pattern_key).match(line)) and (found := style.read(m)) is not None:
            return (style.name, *found)
    return None
