"""Tasks in task sections, with responsible units and deadlines.

How a task is written (numbered '1.', '——标题。', a paragraph whose first sentence is its title) is the
registry in `styles`; where its responsible units are written (a '责任单位:…' line for the tasks above
it, a parenthesis closing the task) is the registry in `places`; how a units text tells lead from
supporting units is ingest.extract.units.UNIT_RULES. A '完成时限:…' line after a task is its deadline.
When a document states that the units before the first comma lead ('逗号前为牵头单位'), that rule is
applied to the whole document. Every word looked for is a reviewed seed (`tasks.*` patterns); nothing
here depends on which document is read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ingest.extract.tasks.places import UNIT_PLACES, find_units
from ingest.extract.tasks.styles import EXPLICIT_STYLES, TASK_STYLES, read_task, split_title
from ingest.extract.units import Units, parse_units
from ingest.read.structure import Context, heading_of, section_kind
from ingest.reference.lexicon import Lexicon

__all__ = ["TASK_STYLES", "UNIT_PLACES", "TaskDraft", "extract_tasks", "split_title"]


@dataclass
class TaskDraft:
    seq: int | None
    style: str  # a TASK_STYLES name: numbered | dash | titled
    title: str | None
    body: str
    line: int
    headings: list[str]
    section_line: int
    deadline: str | None = None
    lead: list[str] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)  # listed without a lead/supporting distinction
    units_basis: str | None = None
    units_line: int | None = None
    units_text: str | None = None

    def assign(self, units: Units, line: int, quoted: str) -> None:
        self.lead, self.supporting, self.responsible, self.units_basis = units
        self.units_line, self.units_text = line, quoted


def extract_tasks(lines_norm: list[str], kinds, lex: Lexicon) -> tuple[list[TaskDraft], dict]:
    """Walk the document once; return task drafts and facts used by checks (rule statements)."""
    rule = lex.pattern("tasks.lead_before_comma_rule")
    lead_before_comma = any(rule.search(s) for s in lines_norm)
    ctx = Context([])
    drafts: list[TaskDraft] = []
    pending: list[TaskDraft] = []  # tasks waiting for a units line
    section_line = 0
    for no, text in enumerate(lines_norm, 1):
        s = text.strip()
        if not s or text.startswith("\t"):
            continue
        h = heading_of(s, no, lex)
        if h:
            if h.level <= 3:
                pending = []
            ctx.push(h)
            section_line = no
            continue
        if section_kind(ctx.texts(), kinds) != "task":
            continue
        if found := find_units(s, lex, own_line=True):
            units_text, _ = found
            units = parse_units(units_text, lead_before_comma, lex)
            for t in pending:
                t.assign(units, no, s)
            pending = []
            continue
        if m := lex.pattern("tasks.deadline_line").match(s):
            if drafts:
                drafts[-1].deadline = m.group("d")
            continue
        read = read_task(s, lex)
        if read is None:
            continue
        style, seq, title, body = read
        draft = TaskDraft(seq, style, title, body, no, ctx.texts(), section_line)
        if found := find_units(s, lex, own_line=False):
            units_text, quoted = found
            draft.assign(parse_units(units_text, lead_before_comma, lex), no, quoted)
            if draft.body.endswith(quoted.strip()):
                draft.body = draft.body[: len(draft.body) - len(quoted)].rstrip()
        else:
            pending.append(draft)
        drafts.append(draft)
    return _prefer_explicit_styles(drafts), {"lead_before_comma": lead_before_comma}


def _prefer_explicit_styles(drafts: list[TaskDraft]) -> list[TaskDraft]:
    """Within one section, explicitly marked tasks (numbered, dash) win over paragraph-titled ones
    (those are then ordinary paragraphs); tasks without a number get a running number."""
    explicit = {d.section_line for d in drafts if d.style in EXPLICIT_STYLES}
    kept = [d for d in drafts if d.style in EXPLICIT_STYLES or d.section_line not in explicit]
    counters: dict[int, int] = {}
    for d in kept:
        if d.seq is None:
            counters[d.section_line] = counters.get(d.section_line, 0) + 1
            d.seq = counters[d.section_line]
    return kept
