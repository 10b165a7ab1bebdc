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
    method: str  # table | prose
    confidence: str  # high | medium | low
    context: str | None
    source_line: int
    source_text: str


@dataclass(frozen=True)
class IndicatorValue:
    doc_id: str
    value_id: str
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
    lead_units_line: int | None
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


@dataclass(frozen=True)
class Task:
    doc_id: str
    task_id: str
    domain_code: str | None
    domain_zh: str | None
    section: str | None  # heading path, innermost last, joined with ' > '
    style: str  # numbered | dash | titled
    seq: int
    title: str | None
    body: str
    deadline: str | None
    lead_units: str | None  # '|'-joined, as written (normalised)
    supporting_units: str | None
    responsible_units: str | None  # listed without a lead/supporting distinction
    units_basis: str | None
    units_line: int | None
    source_line: int
    source_text: str


@dataclass(frozen=True)
class Responsibility:
    doc_id: str
    subject_kind: str  # task | service_item
    subject_id: str
    department_zh: str  # as written (normalised)
    role: str  # lead | supporting | responsible (listed without a lead/supporting distinction)
    position: int  # order in the source list, 1-based
    basis: str
    source_line: int
    source_text: str


@dataclass(frozen=True)
class NumberMention:
    doc_id: str
    source_line: int
    number: str
    status: str  # captured | excluded | unclassified
    reason: str
    context: str  # the clause around the number (normalised)


@dataclass(frozen=True)
class DeclaredCount:
    doc_id: str
    scope: str  # a domain code, or 'all'
    subject: str  # service_items
    declared: int
    source_line: int
    source_text: str


@dataclass(frozen=True)
class ItemMatch:
    doc_id: str
    item_id: str
    national_item_no: int | None
    match_method: str  # reviewed_alias | exact | contains | similar | unmapped
    score: float | None


@dataclass(frozen=True)
class IndicatorMatch:
    doc_id: str
    statement_id: str
    indicator_code: str | None
    match_method: str  # exact | synonym | pattern | unmapped
