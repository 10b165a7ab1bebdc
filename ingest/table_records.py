"""Turn generic tables into indicator statements/values and service items.

Column meaning comes from the reviewed header patterns (ref_table_columns), never from position
or from which document is being read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CellParseError, NumberParseError, TableError
from .numbers import parse_value, ratio_unit, split_name_unit
from .records import Finding, IndicatorStatement, IndicatorValue, ServiceItem
from .reference import Reference
from .tables import Cell, Table, read_tables
from .text import normalise, squash_spaces

_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[、.])\s*(?P<name>.+)$")
_TABLE_KINDS = ("indicator", "service")


@dataclass(frozen=True)
class DocContext:
    doc_id: str
    source_file: str
    script: str
    ref: Reference

    def norm(self, text: str) -> str:
        return normalise(text, self.script)

    def finding(self, check: str, severity: str, line: int | None, detail: str, text: str | None = None) -> Finding:
        return Finding(self.doc_id, self.source_file, check, severity, line, detail, text)


def table_column_roles(header: list[Cell], ctx: DocContext) -> list:
    return [ctx.ref.role_of(squash_spaces(ctx.norm(c.joined))) for c in header]


def table_kind(header_texts: list[str], ctx: DocContext) -> str | None:
    roles = [ctx.ref.role_of(squash_spaces(ctx.norm(t))) for t in header_texts]
    names = [r.role for r in roles if r]
    if "indicator_name" in names and names.count("year_value") >= 1:
        return "indicator"
    if "item_name" in names and ({"target_population", "content_standard"} & set(names)):
        return "service"
    return None


def seq_first(header_texts: list[str], ctx: DocContext) -> bool:
    role = ctx.ref.role_of(squash_spaces(ctx.norm(header_texts[0]))) if header_texts else None
    return role is not None and role.role == "seq"


def read_plan_tables(lines: list[str], ctx: DocContext) -> list[tuple[str, Table]]:
    tables = read_tables(lines, ctx.source_file, lambda texts: table_kind(texts, ctx) is not None,
                         lambda texts: seq_first(texts, ctx))
    return [(table_kind([c.joined for c in t.header], ctx), t) for t in tables]


def _domain(text: str | None, ctx: DocContext) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    zh = ctx.norm(text)
    return ctx.ref.domain_of(zh), zh


def _table_domain_text(title: str | None, ctx: DocContext) -> str | None:
    """'X市“十三五”时期基本公共教育服务清单' -> '基本公共教育服务': drop the place/period prefix and the 清单 suffix."""
    if not title:
        return None
    text = ctx.norm(title)
    text = re.sub(r"^.*(?:时期|”|\")", "", text)
    return re.sub(r"(?:清单|一览表|表)$", "", text) or None


# ---------------------------------------------------------------- indicator tables
def indicator_records(table: Table, ctx: DocContext):
    roles = table_column_roles(table.header, ctx)
    col = {r.role: i for i, r in reversed(list(enumerate(roles))) if r}
    years = sorted(
        (int(r.pattern.search(squash_spaces(ctx.norm(table.header[i].joined))).group("year")), i)
        for i, r in enumerate(roles)
        if r and r.role == "year_value"
    )
    baseline, target = (years[0], years[-1]) if len(years) > 1 else (None, years[0])
    statements, values, findings = [], [], list(_as_findings(table.errors, ctx))
    domain_code = domain_zh = None
    for row in table.rows:
        name_cell = row[col["indicator_name"]]
        others = [c for i, c in enumerate(row) if i != col["indicator_name"]]
        name_norm = ctx.norm(name_cell.joined)
        if all(not c.joined.strip() for c in others):
            m = _SECTION.match(name_norm)
            domain_code, domain_zh = _domain(m.group("name") if m else name_norm, ctx)
            if domain_code is None:
                findings.append(ctx.finding("unknown_domain", "warning", name_cell.line,
                                            f"section '{name_norm}' matches no domain in ref_domains", name_cell.text))
            continue
        if "domain" in col and row[col["domain"]].joined.strip():
            domain_code, domain_zh = _domain(row[col["domain"]].joined, ctx)
        name, unit = split_name_unit(name_norm, ctx.ref.units)
        sid = f"{ctx.doc_id}:L{name_cell.line}"
        parsed = []
        for kind, year, idx in (("baseline", *baseline), ("target", *target)) if baseline else (("target", *target),):
            parsed.append((kind, year, row[idx]))
        if "increment" in col:
            parsed.append(("increment", target[0], row[col["increment"]]))
        row_values = []
        for kind, year, cell in parsed:
            try:
                pv = parse_value(cell.joined)
            except NumberParseError as exc:
                findings.append(_as_finding(CellParseError(ctx.source_file, cell.line, f"{kind} of '{name}': {exc}", cell.text), ctx))
                continue
            if pv.is_null:
                continue
            if pv.per is not None and unit is None:
                unit = ratio_unit(pv.per)
            row_values.append((kind, year, pv, cell))
        for kind, year, pv, cell in row_values:
            values.append(IndicatorValue(ctx.doc_id, f"{sid}:{kind}", sid, kind, year, f"{pv.value:f}", unit, "=", cell.line, cell.text))
        attribute = ctx.norm(row[col["attribute"]].joined) if "attribute" in col else None
        statements.append(IndicatorStatement(
            ctx.doc_id, sid, domain_code, domain_zh, name, name_cell.joined, unit, attribute or None,
            "table", "high", ctx.norm(table.title) if table.title else None, name_cell.line, name_cell.text,
        ))
    return statements, values, findings


# ---------------------------------------------------------------- service tables
def split_units(cell: str, ctx: DocContext, line: int) -> tuple[list[str], list[Finding]]:
    from .tasks import expand_shared_levels, split_top_level

    text = ctx.norm(cell)
    parts = [p.strip() for p in split_top_level(text, "、，,；;/")]
    findings = []
    if any(not p for p in parts) and text:
        findings.append(ctx.finding("dangling_separator", "warning", line,
                                    f"empty name between separators in responsible units '{text}'", cell))
    return expand_shared_levels([p for p in parts if p]), findings


def service_records(table: Table, ctx: DocContext):
    roles = table_column_roles(table.header, ctx)
    col = {r.role: i for i, r in reversed(list(enumerate(roles))) if r}
    domain_code, domain_zh = _domain(_table_domain_text(table.title, ctx), ctx)
    findings = list(_as_findings(table.errors, ctx))
    if domain_code is None:
        findings.append(ctx.finding("unknown_domain", "warning", table.title_line or table.start_line,
                                    f"service table '{table.title}' matches no domain in ref_domains", table.title))
    items = []

    def cell(row, role):
        return row[col[role]] if role in col else None

    def text(row, role):
        c = cell(row, role)
        return ctx.norm(c.joined) if c is not None and c.joined.strip() else None

    for row in table.rows:
        name_cell = cell(row, "item_name")
        seq_text = text(row, "seq")
        seq = None
        if seq_text is not None:
            if seq_text.isdigit():
                seq = int(seq_text)  # gaps and repeats: models/intermediate/int_dq__numbering_gaps.sql
            else:
                findings.append(_as_finding(CellParseError(ctx.source_file, cell(row, "seq").line,
                                                           f"sequence cell is not a number: '{seq_text}' (missing or extra cell?)",
                                                           cell(row, "seq").text), ctx))
        units_cell = cell(row, "lead_units")
        units, unit_findings = split_units(units_cell.joined, ctx, units_cell.line) if units_cell else ([], [])
        findings.extend(unit_findings)
        items.append(ServiceItem(
            ctx.doc_id, f"{ctx.doc_id}:L{name_cell.line}", domain_code, domain_zh,
            ctx.norm(table.title) if table.title else None, seq, ctx.norm(name_cell.joined), name_cell.joined,
            text(row, "target_population"), text(row, "content_standard"), text(row, "spending_responsibility"),
            "|".join(units) or None, units_cell.text if units_cell else None, units_cell.line if units_cell else None,
            name_cell.line, name_cell.end_line, name_cell.text,
        ))
    return items, findings


def _as_finding(err, ctx: DocContext) -> Finding:
    return ctx.finding(err.kind, "error", err.line, err.reason, err.text)


def _as_findings(errors: list[TableError], ctx: DocContext):
    return (_as_finding(e, ctx) for e in errors)
