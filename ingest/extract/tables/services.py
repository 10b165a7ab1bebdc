"""Service tables (服务项目/服务对象/服务内容和标准/支出责任/主责单位) -> service items and the units
responsible for each."""
from __future__ import annotations

from ingest.extract.tables.layout import as_finding, as_findings, domain_of, table_column_roles, table_domain_text
from ingest.extract.units import split_units
from ingest.model.context import DocContext
from ingest.model.errors import CellParseError
from ingest.model.records import Responsibility, ServiceItem
from ingest.read.tables import Table


def service_records(table: Table, ctx: DocContext):
    roles = table_column_roles(table.header, ctx)
    col = {r.role: i for i, r in reversed(list(enumerate(roles))) if r}
    domain_code, domain_zh = domain_of(table_domain_text(table.title, ctx), ctx)
    findings = list(as_findings(table.errors, ctx))
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
                findings.append(as_finding(CellParseError(ctx.source_file, cell(row, "seq").line,
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


def service_item_units(items: list[ServiceItem], ctx: DocContext) -> list[Responsibility]:
    """The lead units of every service item, one Responsibility per named unit."""
    out = []
    for item in items:
        if not item.lead_units_zh:
            continue
        names, _ = split_units(item.lead_units_zh, ctx, item.lead_units_line)
        for pos, name in enumerate(names, 1):
            out.append(Responsibility(
                ctx.doc_id, "service_item", item.item_id, name, "lead", pos, "lead-units column of a service table",
                item.lead_units_line, item.lead_units_zh))
    return out
