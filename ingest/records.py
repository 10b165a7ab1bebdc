"""Typed records the ingest produces. Field order is the column order of the seed CSVs."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class IndicatorStatement:
    doc_id: str
    statement_id: str
    domain_code: str | None
    domain_zh: str | None
    indicator_name: str
    indicator_name_zh: str
    unit: str | None
    attribute: str | None
    method: str
    context: str | None
    source_line: int
    source_text: str


@dataclass(frozen=True)
class IndicatorValue:
    doc_id: str
    statement_id: str
    value_kind: str  # baseline | target | increment | standard
    year: int | None
    value: str  # exact decimal as written (normalised), e.g. '109.68'
    unit: str | None
    comparator: str  # = | >= | <= | ~
    source_line: int
    source_text: str


@dataclass(frozen=True)
class ServiceItem:
    doc_id: str
    item_id: str
    domain_code: str | None
    domain_zh: str | None
    context: str | None
    seq: int | None
    item_name: str
    item_name_zh: str
    target_population: str | None
    content_standard: str | None
    spending_responsibility: str | None
    lead_units: str | None  # normalised names joined with '|'
    lead_units_zh: str | None  # verbatim cell
    source_line: int
    source_end_line: int
    source_text: str


@dataclass(frozen=True)
class Finding:
    doc_id: str | None
    source_file: str
    check_name: str
    severity: str  # error | warning | info
    source_line: int | None
    detail: str
    source_text: str | None


def columns(record_type) -> list[str]:
    return [f.name for f in fields(record_type)]
