"""One plan text -> manifest row, field sources, records and findings. Pure: bytes in, records out.

The stages, in order:
- read     (ingest/read): decode the bytes, split lines, find headings and physical tables;
- extract  (ingest/extract): metadata, table records, prose statements, tasks, service catalogues;
- match    (ingest/match): service items to the national catalogue, statements to canonical
           indicators, department names to the reviewed aliases;
- guard    (ingest/model/contract.py): what would break the seed contract becomes a finding.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

from ingest.extract.metadata import Found, find_city, find_doc_number, find_issue_date, find_issuer, find_period, find_plan_kind, find_title, speaking_year
from ingest.extract.prose import read_prose
from ingest.extract.tables import indicator_records, read_plan_tables, service_item_units, service_records
from ingest.match.catalogue import match_item
from ingest.match.departments import department_findings
from ingest.match.indicators import match_indicator
from ingest.model.context import DocContext, DocInfo, derived_text
from ingest.model.contract import guard_document
from ingest.model.errors import IngestError
from ingest.model.records import Finding, IndicatorMatch, ItemMatch, TextLocator
from ingest.read.formats import Converted, convert, detect_format
from ingest.read.text import decode, detect_script, split_lines
from ingest.reference import Reference

MANIFEST_FIELDS = ("title", "city", "province", "plan_kind", "period_start", "period_end", "issue_date", "doc_number", "issuer")
_KIND_SLUG = {"five_year_plan": "fyp", "annual_plan": "annual", "implementation_opinion": "opinion", "implementation_plan": "impl"}


@dataclass
class DocumentResult:
    source_file: str
    sha256: str
    doc_id: str | None = None
    manifest: dict = field(default_factory=dict)
    field_sources: list[dict] = field(default_factory=list)
    statements: list = field(default_factory=list)
    values: list = field(default_factory=list)
    service_items: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    responsibilities: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    declared: list = field(default_factory=list)
    item_matches: list = field(default_factory=list)
    indicator_matches: list = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    locators: list = field(default_factory=list)  # TextLocator per line of a converted document
    text: str | None = None  # the converted text of an html/docx/pdf file (the derived artefact)


# extracted table -> DocumentResult attribute holding its records (documents and field sources are dicts)
RECORD_ATTRS = {"indicator_statements": "statements", "indicator_values": "values", "service_items": "service_items",
                "tasks": "tasks", "responsibilities": "responsibilities", "number_mentions": "mentions",
                "service_item_matches": "item_matches", "indicator_matches": "indicator_matches",
                "declared_counts": "declared", "ingest_findings": "findings", "text_locators": "locators"}


def table_rows(results: list[DocumentResult]) -> dict[str, list[dict]]:
    """Every extracted table as row dicts (unsorted): what the seed contract is checked on."""
    out = {"documents": [r.manifest for r in results],
           "document_field_sources": [s for r in results for s in r.field_sources]}
    for table, attr in RECORD_ATTRS.items():  # records are flat dataclasses: a shallow dict is enough
        out[table] = [vars(x) for r in results for x in getattr(r, attr)]
    return out


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(text)).lower())


def make_doc_id(city: str | None, kind: str | None, start: int | None, end: int | None, sha: str) -> str:
    """A readable id that depends on the document alone: city, kind, period, and the first 6 hex digits
    of its sha256. Adding other files never changes it; two plans of one city and period differ by
    the hash; the same content under two names is one document."""
    parts = [slug(city) if city else "unknown", _KIND_SLUG.get(kind or "", "plan")]
    if start:
        parts.append(str(start) if start == end else f"{start}_{end}")
    parts.append(sha[:6])
    return "_".join(parts)


def _metadata(lines_norm: list[str], ref: Reference, reviewed: dict[str, dict]) -> tuple[dict, list[dict]]:
    """Manifest values and where each came from: 'text' (with line), 'reviewed', 'derived' or 'not_stated'."""
    values: dict = {}
    sources: list[dict] = []

    def put(name: str, value, origin: str, line: int | None, rule: str):
        values[name] = value
        sources.append({"field": name, "origin": origin, "source_line": line, "rule": rule})

    def from_text_or_review(name: str, found: Found | None):
        if found is not None:
            put(name, found.value, "text", found.line, found.rule)
        elif name in reviewed:
            put(name, reviewed[name]["value"] or None, "reviewed", None, reviewed[name]["note"])
        else:
            put(name, None, "not_stated", None, "no rule matched and no reviewed value")

    lex = ref.lexicon
    title = find_title(lines_norm, lex)
    from_text_or_review("title", title)
    if title is None and values["title"]:
        title = Found(values["title"], None, "reviewed")
    city = find_city(title, lines_norm, lex)
    if city is not None and title is not None and title.rule == "reviewed" and city.line is None:
        put("city", city.value, "derived", None, "city at the start of the reviewed title")
    else:
        from_text_or_review("city", city)
    province = ref.provinces.get(values["city"] or "")
    if "province" in reviewed:
        from_text_or_review("province", None)
    elif province:
        put("province", province, "reviewed", None, "seeds/reference/ref_cities.csv")
    else:
        put("province", None, "not_stated", None, "city not in seeds/reference/ref_cities.csv")
    kind = find_plan_kind(values["title"], list(ref.plan_kinds))
    if "plan_kind" in reviewed:
        from_text_or_review("plan_kind", None)
    else:
        put("plan_kind", kind, "derived" if kind else "not_stated", title.line if title else None,
            "title pattern in seeds/reference/ref_plan_kinds.csv")
    from_text_or_review("issue_date", find_issue_date(lines_norm, lex))
    from_text_or_review("doc_number", find_doc_number(lines_norm, lex))
    from_text_or_review("issuer", find_issuer(lines_norm, lex))
    issue_year = int(values["issue_date"][:4]) if values["issue_date"] else None
    period = find_period(values["title"], values["plan_kind"], issue_year, lines_norm, lex)
    if "period_start" in reviewed:
        from_text_or_review("period_start", None)
        from_text_or_review("period_end", None)
    elif period:
        put("period_start", period[0], "derived", None, period[2])
        put("period_end", period[1], "derived", None, period[2])
    else:
        put("period_start", None, "not_stated", None, "no period rule matched")
        put("period_end", None, "not_stated", None, "no period rule matched")
    return values, sources


def _format_fields(converted: Converted | None, text: str | None) -> dict:
    """The manifest's format columns: plain text has no converter and no derived text."""
    if converted is None:
        return {"file_format": "text" if text is not None else None, "converter": None, "converter_version": None,
                "n_pages": None, "n_tables": None, "text_sha256": None}
    return {"file_format": converted.format, "converter": converted.converter,
            "converter_version": converted.converter_version, "n_pages": converted.n_pages,
            "n_tables": converted.n_tables, "text_sha256": sha256_hex(text.encode("utf-8"))}


def relevance_findings(lines_norm: list[str], ref: Reference, doc_id: str, source_file: str) -> list[Finding]:
    """A text that never names a public service is still read (an excerpt, a news item, a list), but an
    analyst is told it may be off-topic. Never a failure: only an unreadable file fails."""
    subject = ref.lexicon.words("public_service_word")
    if any(w in s for s in lines_norm for w in subject):
        return []
    return [Finding(doc_id, source_file, "low_relevance", "warning", None,
                    f"the text names no public-service word (ref_words, kind public_service_word: {len(subject)} words); "
                    "it was read anyway: check that it belongs in this warehouse", None)]


def process_document(source_file: str, raw: bytes, ref: Reference, reviewed: dict[str, dict]) -> DocumentResult:
    """Read one document. Raises IngestError when the document as a whole cannot be read."""
    result = DocumentResult(source_file, sha256_hex(raw))
    converted = convert(raw, source_file)  # html, docx, pdf -> text; None for plain text
    if converted is None:
        text, encoding = decode(raw, source_file)
    else:
        text, encoding = converted.text, None
        result.text = text
    lines = split_lines(text)
    script = detect_script(text)
    lines_norm = [("\t" if s.startswith("\t") else "") + derived_text(s, script, ref) for s in lines]
    values, sources = _metadata(lines_norm, ref, reviewed)
    doc_id = make_doc_id(values["city"], values["plan_kind"], values["period_start"], values["period_end"], result.sha256)
    result.doc_id = doc_id
    result.manifest = {
        "doc_id": doc_id, "source_file": source_file, "sha256": result.sha256, **{k: values[k] for k in MANIFEST_FIELDS},
        "script": script, "encoding": encoding, "n_lines": len(lines) - (lines[-1] == ""), "n_bytes": len(raw),
        **_format_fields(converted, text),
    }
    if converted is not None:
        result.locators = [TextLocator(doc_id, no, loc) for no, loc in enumerate(converted.locators, 1) if loc]
        result.findings += [Finding(doc_id, source_file, "conversion_note", "info", None, note, None) for note in converted.notes]
    result.field_sources = [{"doc_id": doc_id, **s} for s in sources]
    ctx = DocContext(doc_id, source_file, script, ref)
    result.findings += relevance_findings(lines_norm, ref, doc_id, source_file)
    if not values["city"]:
        result.findings.append(Finding(doc_id, source_file, "city_not_identified", "warning", None,
                                       "no city in the title, the issuer or the text, and no reviewed value; "
                                       "the document is left out of the city comparisons", None))
    tables = read_plan_tables(lines, ctx)
    for kind, table in tables:
        if kind == "indicator":
            st, va, fi = indicator_records(table, ctx)
            result.statements += st
            result.values += va
            result.findings += fi
        else:
            items, fi = service_records(table, ctx)
            result.service_items += items
            result.findings += fi
    doc = DocInfo(values["plan_kind"], values["period_start"], values["period_end"],
                  None if values["period_start"] is not None else speaking_year(lines_norm, ref.lexicon, values["issue_date"]))
    prose = read_prose(lines, lines_norm, ctx, doc, tables, list(result.service_items))
    result.statements += prose.statements
    result.values += prose.values
    result.service_items += prose.service_items
    result.tasks = prose.tasks
    result.responsibilities = prose.responsibilities + service_item_units(result.service_items, ctx)
    result.mentions = prose.mentions
    result.declared = prose.declared
    result.findings += prose.findings
    result.findings += department_findings(result.responsibilities, ref.department_aliases, source_file, ref.lexicon)
    national, item_aliases, indicators = list(ref.national_items), ref.item_aliases, list(ref.indicators)
    result.item_matches = [ItemMatch(doc_id, i.item_id, *match_item(i.item_name, i.domain_code, national, item_aliases, ref.lexicon))
                           for i in result.service_items]
    result.indicator_matches = [IndicatorMatch(doc_id, s.statement_id, *match_indicator(s.indicator_name, indicators))
                                for s in result.statements]
    guard_document(result, source_file)
    return result


def failed_document(source_file: str, raw: bytes, err: IngestError) -> DocumentResult:
    """A document that could not be read at all: kept in the manifest with its error."""
    result = DocumentResult(source_file, sha256_hex(raw))
    result.doc_id = f"failed_{result.sha256[:12]}"
    result.manifest = {
        "doc_id": result.doc_id, "source_file": source_file, "sha256": result.sha256, **{k: None for k in MANIFEST_FIELDS},
        "script": None, "encoding": None, "n_lines": None, "n_bytes": len(raw), **_format_fields(None, None),
    }
    try:
        result.manifest["file_format"] = detect_format(raw, source_file)
    except IngestError:
        pass
    result.findings.append(Finding(result.doc_id, source_file, err.kind, "error", err.line, err.reason, err.text))
    return result
