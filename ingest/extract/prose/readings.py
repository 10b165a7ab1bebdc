"""What the prose grammar reads from one line: every number seen (Mention) and every value captured
(Quantity). Frozen records; a later step that changes one makes a new record."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Mention:
    """One number seen in the text and what became of it."""

    start: int
    end: int
    text: str
    status: str  # captured | excluded | unclassified
    reason: str
    rule: str = ""  # the exclusion rule or statement handler that decided (patterns/)


@dataclass(frozen=True)
class Quantity:
    name: str
    value: Decimal
    unit: str
    comparator: str
    value_kind: str
    year: int | None
    confidence: str
    clause: str
    clause_start: int
    group: int  # quantities of one statement share a group (由X提高到Y, ranges)
    doubt: str | None = None  # why the reading is not certain (confidence is then 'low'); reported as a finding
    start: int = -1  # the number's span in the line
    end: int = -1
    rule: str = ""  # the statement handler that read the value (patterns/statements.py)
