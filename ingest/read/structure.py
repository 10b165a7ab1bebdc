"""Document structure: headings, their levels and the kind of section each line sits in.

Heading shapes are the ones Chinese government documents use: 第X篇/章/节, 一、, (一), 1. (when short
and without a body). Section kinds (baseline / target / task / measure) come from the reviewed
seed ref_section_kinds. Pure functions over normalised lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN_NUM = "一二三四五六七八九十百零"
HEADING_PATTERNS = (
    (1, re.compile(rf"^第[{_CN_NUM}\d]+篇\s*(?P<t>.*)$")),
    (2, re.compile(rf"^第[{_CN_NUM}\d]+章\s*(?P<t>.*)$")),
    (3, re.compile(rf"^第[{_CN_NUM}\d]+节\s*(?P<t>.*)$")),
    (2, re.compile(rf"^[{_CN_NUM}]+\s*、\s*(?P<t>.+)$")),
    (3, re.compile(rf"^[(（]\s*[{_CN_NUM}]+\s*[)）]\s*(?P<t>.+)$")),
)
_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*(?P<rest>.+)$")
SHORT_HEADING = 16  # a numbered or (一) line this short, with no sentence after it, is a heading


@dataclass(frozen=True)
class Heading:
    level: int
    text: str  # heading text without its number
    line: int


def heading_of(text: str, line: int) -> Heading | None:
    """A heading, or None. '(一)加强组织领导。各县区要…' is a titled paragraph, not a heading."""
    s = text.strip()
    if not s:
        return None
    for level, pattern in HEADING_PATTERNS:
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
