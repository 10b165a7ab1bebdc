"""Everything the ingest reads from running text: quantified statements (grammar.py), tasks with their
responsible units (extract/tasks), and service catalogues declared in prose (catalogues.py).

Pure: normalised lines and the document's tables in, typed records out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.extract.prose.catalogues import catalogues
from ingest.extract.prose.compiled import grammar_of
from ingest.extract.prose.dating import framing_year
from ingest.extract.prose.grammar import CORRUPTED, extract_line
from ingest.extract.tables import table_column_roles
from ingest.extract.tasks import extract_tasks
from ingest.model.context import DocContext, DocInfo
from ingest.model.records import IndicatorStatement, IndicatorValue, NumberMention, Responsibility, ServiceItem, Task
from ingest.read.structure import Context, heading_of, section_kind
from ingest.read.tables import Table



_DIGIT = re.compile(r"\d")


@dataclass
class ProseResult:
    statements: list = field(default_factory=list)
    values: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    responsibilities: list = field(default_factory=list)
    service_items: list = field(default_factory=list)
    declared: list = field(default_factory=list)
    findings: list = field(default_factory=list)


@dataclass(frozen=True)
class LineContext:
    section: str | None
    domain_code: str | None
    domain_zh: str | None
    headings: tuple[str, ...]


def line_contexts(lines_norm: list[str], ctx: DocContext) -> list[LineContext]:
    """Section kind and domain of every line, from the headings above it."""
    out = []
    stack = Context([])
    kinds = list(ctx.ref.section_kinds)
    current: LineContext | None = None
    for no, text in enumerate(lines_norm, 1):
        if not text.startswith("\t") and (h := heading_of(text, no, ctx.ref.lexicon)):
            stack.push(h)
            current = None
        if current is None:  # computed once per heading, shared by the lines below it
            texts = stack.texts()
            domain_code = domain_zh = None
            for t in reversed(texts):
                if code := ctx.ref.domain_of(t):
                    domain_code, domain_zh = code, t
                    break
            current = LineContext(section_kind(texts, kinds), domain_code, domain_zh, tuple(texts))
        out.append(current)
    return out


def _verbatim(raw: str, norm: str, start: int, end: int) -> str:
    """The original-script text for norm[start:end] when normalisation kept the length, else the whole line."""
    raw_body = raw.lstrip("\t")
    return raw_body[start:end] if len(raw_body) == len(norm) else raw


def quantities(lines: list[str], lines_norm: list[str], ctx: DocContext, doc: DocInfo, contexts: list[LineContext],
               skip_lines: set[int], table_domains: dict[int, tuple[str | None, str | None]], row_items: dict[int, str],
               out: ProseResult) -> None:
    g = grammar_of(ctx.ref.words)
    bullet = ctx.ref.lexicon.pattern("text.list_bullet")
    section: LineContext | None = None
    heading_year: int | None = None  # a year in a heading frames its whole section ('(一)“十一五”时期…成效')
    intro_year: int | None = None  # the year of the last paragraph that is not a list item frames the list after it
    for no, (raw, norm) in enumerate(zip(lines, lines_norm), 1):
        lc = contexts[no - 1]
        text = norm.lstrip("\t")
        if not text.strip():
            continue
        is_heading = False
        if lc is not section:  # contexts change at a heading line, and only there (or at the first line)
            is_heading = bool(lc.headings)
            # a sub-heading stays within the time of the heading above it; any other heading ends it
            inside = section is not None and lc.headings[:len(section.headings)] == section.headings
            section, heading_year, intro_year = lc, heading_year if inside else None, None
        year = framing_year(text, g)
        is_item = bool(bullet.match(text))
        frame = (intro_year if intro_year is not None else heading_year) if is_item else heading_year
        if is_heading and year is not None:
            heading_year = year
        elif not is_item:
            intro_year = year
        if no in skip_lines or not _DIGIT.search(norm):
            continue
        found, mentions = extract_line(text, lc.section, doc, ctx.ref.words, frame)
        for m in mentions:
            clause = text[max(0, m.start - 15): m.end + 10]
            out.mentions.append(NumberMention(ctx.doc_id, no, m.text, m.status, m.reason, clause))
            if m.reason == CORRUPTED:  # '3?2万套': a value lost in conversion is reported, never guessed
                out.findings.append(ctx.finding(
                    "corrupted_number", "warning", no,
                    f"digits touch a corruption marker: '{m.text}' at character {m.start + 1} is not read as a value",
                    _verbatim(raw, text, max(0, m.start - 15), m.end + 10)))
        for q in found:
            if q.doubt:  # '92。4%': captured with low confidence; the reader decides
                out.findings.append(ctx.finding(
                    "uncertain_number", "warning", no,
                    f"{q.doubt}: read as {q.value:f} {q.unit} ({q.value_kind}, {q.year or 'no year'}) at character "
                    f"{q.start + 1}, confidence low",
                    _verbatim(raw, text, max(0, q.start - 15), q.end + 10)))
        domain_code, domain_zh = table_domains.get(no, (lc.domain_code, lc.domain_zh))
        groups: dict[int, list] = {}
        for q in found:
            groups.setdefault(q.group, []).append(q)
        for k, group in enumerate(groups.values(), 1):
            first = group[0]
            if no in row_items:  # a number inside a service-table row belongs to that item
                group = [replace(q, name=f"{row_items[no]}:{q.name}") for q in group]
                first = group[0]
            sid = f"{ctx.doc_id}:L{no}:{k}"
            clause_text = _verbatim(raw, text, first.clause_start, first.clause_start + len(first.clause))
            out.statements.append(IndicatorStatement(
                ctx.doc_id, sid, domain_code, domain_zh, first.name, clause_text, first.unit, None, "prose",
                min((q.confidence for q in group), key=["low", "medium", "high"].index),
                " > ".join(lc.headings) or None, no, clause_text))
            seen: dict[str, int] = {}
            for q in group:
                seen[q.value_kind] = seen.get(q.value_kind, 0) + 1
                vid = f"{sid}:{q.value_kind}" + (f":{seen[q.value_kind]}" if seen[q.value_kind] > 1 else "")
                out.values.append(IndicatorValue(ctx.doc_id, vid, sid, q.value_kind, q.year, f"{q.value:f}", q.unit,
                                                 q.comparator, no, clause_text))


def tasks(lines: list[str], lines_norm: list[str], ctx: DocContext, contexts: list[LineContext], out: ProseResult) -> None:
    drafts, _facts = extract_tasks(lines_norm, list(ctx.ref.section_kinds), ctx.ref.lexicon)
    for d in drafts:
        lc = contexts[d.line - 1]
        tid = f"{ctx.doc_id}:T{d.line}"
        out.tasks.append(Task(
            ctx.doc_id, tid, lc.domain_code, lc.domain_zh, " > ".join(d.headings) or None, d.style, d.seq, d.title,
            d.body, d.deadline, "|".join(d.lead) or None, "|".join(d.supporting) or None, "|".join(d.responsible) or None,
            d.units_basis, d.units_line,
            d.line, lines[d.line - 1]))
        units_src = lines[d.units_line - 1] if d.units_line else None
        for role, names in (("lead", d.lead), ("supporting", d.supporting), ("responsible", d.responsible)):
            for pos, name in enumerate(names, 1):
                out.responsibilities.append(Responsibility(
                    ctx.doc_id, "task", tid, name, role, pos, d.units_basis or "", d.units_line, units_src))
        if not (d.lead or d.responsible):
            out.findings.append(ctx.finding("task_without_units", "info", d.line,
                                            f"task {d.seq} '{d.title or d.body[:20]}' names no responsible unit", None))


def read_prose(lines: list[str], lines_norm: list[str], ctx: DocContext, doc: DocInfo, tables: list[tuple[str, Table]],
               service_items: list[ServiceItem]) -> ProseResult:
    out = ProseResult()
    contexts = line_contexts(lines_norm, ctx)
    skip: set[int] = set()
    table_domains: dict[int, tuple[str | None, str | None]] = {}
    row_items: dict[int, str] = {}
    for kind, table in tables:
        span = range(table.start_line, table.end_line + 1)
        skip.update(span)  # the table reader owns table lines; only free-text cells are read below
        if kind != "service":
            continue
        roles = [r.role if r else None for r in table_column_roles(table.header, ctx)]
        dom = next(((i.domain_code, i.domain_zh) for i in service_items if table.start_line <= i.source_line <= table.end_line), (None, None))
        for row in table.rows:
            name = ctx.norm(row[roles.index("item_name")].joined) if "item_name" in roles else None
            for role, cell in zip(roles, row):
                if role in ("content_standard", "spending_responsibility"):
                    for no in range(cell.line, cell.end_line + 1):
                        skip.discard(no)
                        table_domains[no] = dom
                        if name:
                            row_items[no] = name
    quantities(lines, lines_norm, ctx, doc, contexts, skip, table_domains, row_items, out)
    tasks(lines, lines_norm, ctx, contexts, out)
    catalogues(lines, lines_norm, ctx, contexts, out)
    return out
