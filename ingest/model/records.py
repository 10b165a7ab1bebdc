"""Typed records the ingest produces. Field order is the column order of the seed CSVs."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

# decimal(24,6): what a value column holds in the warehouse. A value that does not fit is a finding.
VALUE_PRECISION, VALUE_SCALE = 24, 6


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
    value: str = field(metadata={"type": "decimal"})  # exact decimal as written (normalised), e.g. '109.68'
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


@dataclass(frozen=True)
class DocumentRow:
    """One row of the manifest (documents.csv). Built as a dict by the ingest; this is its schema."""

    doc_id: str
    source_file: str
    sha256: str
    title: str | None
    city: str | None
    province: str | None
    plan_kind: str | None
    period_start: int | None
    period_end: int | None
    issue_date: date | None
    doc_number: str | None
    issuer: str | None
    script: str | None
    encoding: str | None
    n_lines: int | None
    n_bytes: int
    status: str  # ok | failed
    file_format: str | None  # text | html | docx | pdf (told by the bytes)
    converter: str | None  # the library that turned html/docx/pdf into text; empty for plain text
    converter_version: str | None
    n_pages: int | None  # pages of a PDF
    n_tables: int | None  # tables found as real cells (html, docx, pdf)
    text_sha256: str | None  # sha256 of the converted text the ingest read (seeds/extracted/text/<doc_id>.txt)


@dataclass(frozen=True)
class TextLocator:
    """Where a line of a converted document's text sits in the original file."""

    doc_id: str
    source_line: int  # line of the converted text (seeds/extracted/text/<doc_id>.txt)
    locator: str  # page3 | p12 | table2/row4/cell1 | body/div[2]/p[5]


@dataclass(frozen=True)
class FieldSource:
    doc_id: str
    field: str
    origin: str  # text | reviewed | derived | not_stated
    source_line: int | None
    rule: str | None


# The extracted tables: file stem -> record type. The single declaration of the ingest's output
# schema: the CSV column order, the Parquet types dbt reads, and the seed contract all come from it.
TABLES: dict[str, type] = {
    "documents": DocumentRow,
    "document_field_sources": FieldSource,
    "indicator_statements": IndicatorStatement,
    "indicator_values": IndicatorValue,
    "service_items": ServiceItem,
    "tasks": Task,
    "responsibilities": Responsibility,
    "number_mentions": NumberMention,
    "service_item_matches": ItemMatch,
    "indicator_matches": IndicatorMatch,
    "declared_counts": DeclaredCount,
    "ingest_findings": Finding,
    "text_locators": TextLocator,
}


def column_types(record_type) -> dict[str, str]:
    """Column -> logical type (varchar | integer | double | decimal | date), from the annotations."""
    out = {}
    for f in fields(record_type):
        kind = f.metadata.get("type")
        if kind is None:
            ann = str(f.type).replace(" | None", "").replace("None | ", "").strip()
            kind = {"str": "varchar", "int": "integer", "float": "double", "date": "date"}[ann]
        out[f.name] = kind
    return out


def fits_value_type(value: Decimal) -> bool:
    """Whether a value fits decimal(24,6) exactly: at most 18 integer digits and 6 decimals."""
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        return False
    scale = max(0, -exponent)
    integer_digits = max(0, len(digits) + exponent) if digits != (0,) else 0
    return scale <= VALUE_SCALE and integer_digits <= VALUE_PRECISION - VALUE_SCALE
