"""Indicator tables -> indicator statements and their baseline, target and increment values.

Which column holds what comes from the header (ref_table_columns), never from position.
"""
from __future__ import annotations

from ingest.extract.numbers import parse_value, ratio_unit, split_name_unit
from ingest.extract.tables.layout import as_finding, as_findings, domain_of, table_column_roles
from ingest.model.context import DocContext
from ingest.model.errors import CellParseError, NumberParseError
from ingest.model.records import IndicatorStatement, IndicatorValue
from ingest.read.tables import Table
from ingest.read.text import squash_spaces


def indicator_records(table: Table, ctx: DocContext):
    roles = table_column_roles(table.header, ctx)
    col = {r.role: i for i, r in reversed(list(enumerate(roles))) if r}
    years = sorted(
        (int(r.pattern.search(squash_spaces(ctx.norm(table.header[i].joined))).group("year")), i)
        for i, r in enumerate(roles)
        if r and r.role == "year_value"
    )
    baseline, target = (years[0], years[-1]) if len(years) > 1 else (None, years[0])
    statements, values, findings = [], [], list(as_findings(table.errors, ctx))
    domain_code = domain_zh = None
    section = ctx.ref.lexicon.pattern("tables.indicator_section")  # '一、基本公共教育': a domain row
    for row in table.rows:
        name_cell = row[col["indicator_name"]]
        others = [c for i, c in enumerate(row) if i != col["indicator_name"]]
        name_norm = ctx.norm(name_cell.joined)
        if all(not c.joined.strip() for c in others):
            m = section.match(name_norm)
            domain_code, domain_zh = domain_of(m.group("name") if m else name_norm, ctx)
            if domain_code is None:
                findings.append(ctx.finding("unknown_domain", "warning", name_cell.line,
                                            f"section '{name_norm}' matches no domain in ref_domains", name_cell.text))
            continue
        if "domain" in col and row[col["domain"]].joined.strip():
            domain_code, domain_zh = domain_of(row[col["domain"]].joined, ctx)
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
                pv = parse_value(cell.joined, ctx.ref.lexicon)
            except NumberParseError as exc:
                findings.append(as_finding(CellParseError(ctx.source_file, cell.line, f"{kind} of '{name}': {exc}", cell.text), ctx))
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
