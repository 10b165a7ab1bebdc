"""Tasks (numbered, '——标题。' or paragraph-titled) in task sections, with responsible units.

Responsible units come from where a plan puts them:
- a '责任单位:…' line, which applies to every task above it that has no units yet (one line per
  domain, or one line under each task);
- parentheses at the end of the task text: '(市教育局、市财政局按职责分工负责)', '(X牵头,Y配合)';
- '完成时限:…' after a task is its deadline.
When a document states that the units before the first comma lead ('逗号前为牵头单位'), that rule is
applied to the whole document. Nothing here depends on which document is read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.extract.units import parse_units
from ingest.read.structure import Context, heading_of, section_kind
from ingest.reference.lexicon import Lexicon

_NUMBERED = re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*(?P<rest>.+)$")
_DASH = re.compile(r"^[—－-]{2}\s*(?P<rest>.+)$")
_UNITS_LINE = re.compile(r"^[(（]?\s*(?:责任单位|牵头单位|责任部门|主责单位)\s*[:：]\s*(?P<u>.+?)\s*$")
_DEADLINE_LINE = re.compile(r"^[(（]?\s*(?:完成时限|完成时间|时间节点)\s*[:：]\s*(?P<d>.+?)[)）]?\s*$")
_TRAILING_UNITS = re.compile(r"[(（](?P<u>[^()（）]*?(?:负责|牵头|配合)[^()（）]*)[)）]\s*$")
_LEAD_BEFORE_COMMA = re.compile(r"逗号前为牵头单位")
MAX_TITLE = 30


@dataclass
class TaskDraft:
    seq: int | None
    style: str  # numbered | dash | titled
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


def split_title(text: str) -> tuple[str | None, str]:
    """'标题。正文' -> (标题, 正文). A first sentence with commas or longer than MAX_TITLE is no title:
    the task then has no separate title (title None) and the whole text is the body."""
    if "。" in text:
        first, rest = text.split("。", 1)
        if first and len(first) <= MAX_TITLE and not re.search(r"[，,；;:：]", first):
            return first.strip(), rest.strip()
    return None, text.strip()


def extract_tasks(lines_norm: list[str], kinds, lex: Lexicon) -> tuple[list[TaskDraft], dict]:
    """Walk the document once; return task drafts and facts used by checks (rule statements)."""
    lead_before_comma = any(_LEAD_BEFORE_COMMA.search(s) for s in lines_norm)
    ctx = Context([])
    drafts: list[TaskDraft] = []
    pending: list[TaskDraft] = []  # tasks waiting for a 责任单位 line
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
        if m := _UNITS_LINE.match(s):
            inner = s[1:-1] if s[:1] in "(（" and s[-1:] in ")）" else s
            units_text = _UNITS_LINE.match(inner).group("u") if _UNITS_LINE.match(inner) else m.group("u")
            lead, supporting, responsible, basis = parse_units(units_text, lead_before_comma)
            for t in pending:
                t.lead, t.supporting, t.responsible = lead, supporting, responsible
                t.units_basis, t.units_line, t.units_text = basis, no, s
            pending = []
            continue
        if m := _DEADLINE_LINE.match(s):
            if drafts:
                drafts[-1].deadline = m.group("d")
            continue
        draft = _task_line(s, no, ctx, section_line)
        if draft is None:
            continue
        if m := _TRAILING_UNITS.search(s):
            draft.lead, draft.supporting, draft.responsible, draft.units_basis = parse_units(m.group("u"), lead_before_comma)
            draft.units_line, draft.units_text = no, m.group(0)
            draft.body = draft.body[: len(draft.body) - len(m.group(0))].rstrip() if draft.body.endswith(m.group(0).strip()) else draft.body
        else:
            pending.append(draft)
        drafts.append(draft)
    return _prefer_explicit_styles(drafts), {"lead_before_comma": lead_before_comma}


def _task_line(s: str, no: int, ctx: Context, section_line: int) -> TaskDraft | None:
    if m := _NUMBERED.match(s):
        title, body = split_title(m.group("rest"))
        return TaskDraft(int(m.group("n")), "numbered", title, body, no, ctx.texts(), section_line)
    if m := _DASH.match(s):
        title, body = split_title(m.group("rest"))
        return TaskDraft(None, "dash", title, body, no, ctx.texts(), section_line)
    title, body = split_title(s)
    if title and body:
        return TaskDraft(None, "titled", title, body, no, ctx.texts(), section_line)
    return None


def _prefer_explicit_styles(drafts: list[TaskDraft]) -> list[TaskDraft]:
    """Within one section, numbered or dash tasks win over paragraph-titled ones (those are then
    ordinary paragraphs); titled paragraphs get a running number."""
    explicit = {d.section_line for d in drafts if d.style != "titled"}
    kept = [d for d in drafts if d.style != "titled" or d.section_line not in explicit]
    counters: dict[int, int] = {}
    for d in kept:
        if d.seq is None:
            counters[d.section_line] = counters.get(d.section_line, 0) + 1
            d.seq = counters[d.section_line]
    return kept
