"""What a table is: the role of each column (from the header), its kind, its domain.

Column meaning comes from the reviewed header patterns (ref_table_columns), never from position
or from which document is being read.
"""
from __future__ import annotations

from ingest.model.context import DocContext
from ingest.model.errors import TableError
from ingest.model.records import Finding
from ingest.read.tables import Cell, Table, read_tables
from ingest.read.text import squash_spaces

_TABLE_KINDS = ("indicator", "service")


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
    tables = read_tables(lines, ctx.source_file, ctx.ref.lexicon, lambda texts: table_kind(texts, ctx) is not None,
                         lambda texts: seq_first(texts, ctx))
    return [(table_kind([c.joined for c in t.header], ctx), t) for t in tables]


def domain_of(text: str | None, ctx: DocContext) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    zh = ctx.norm(text)
    return ctx.ref.domain_of(zh), zh


def table_domain_text(title: str | None, ctx: DocContext) -> str | None:
    """'X市“十三五”时期基本公共教育服务清单' -> '基本公共教育服务': drop the place/period prefix and the 清单 suffix."""
    if not title:
        return None
    lex = ctx.ref.lexicon
    text = lex.pattern("tables.title_domain_prefix").sub("", ctx.norm(title))
    return lex.pattern("tables.title_domain_suffix").sub("", text) or None


def as_finding(err, ctx: DocContext) -> Finding:
    return ctx.finding(err.kind, "error", err.line, err.reason, err.text)


def as_findings(errors: list[TableError], ctx: DocContext):
    return (as_finding(e, ctx) for e in errors)
