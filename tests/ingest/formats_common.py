"""Shared by the format tests: ingest bytes as a file of any format, and compare what two readings of
the same plan found, without line numbers (a converted text has its own lines)."""
from __future__ import annotations

from ingest.document import DocumentResult, process_document
from ingest.paths import REF_DIR
from ingest.reference import load_reference

_REF = []


def reference():
    if not _REF:
        _REF.append(load_reference(REF_DIR))
    return _REF[0]


def ingest_bytes(raw: bytes, name: str) -> DocumentResult:
    """What the ingest finds in one file (no reviewed metadata; raises IngestError like the ingest)."""
    return process_document(name, raw, reference(), {})


def semantic(result: DocumentResult) -> dict[str, list[tuple]]:
    """Statements with their values, tasks and service items as comparable tuples, sorted, without ids,
    lines or locators: two readings of one plan must give equal dicts."""
    by_statement: dict[str, list[tuple]] = {}
    for v in result.values:
        by_statement.setdefault(v.statement_id, []).append((v.value_kind, v.year, v.value, v.unit, v.comparator))
    statements = sorted(
        ((s.indicator_name, s.unit, s.method, s.confidence, s.domain_code,
          tuple(sorted(by_statement.get(s.statement_id, []), key=repr))) for s in result.statements), key=repr)
    tasks = sorted(((t.domain_code, t.style, t.seq, t.title, t.body, t.deadline, t.lead_units, t.supporting_units,
                    t.responsible_units) for t in result.tasks), key=repr)
    items = sorted(((i.domain_code, i.seq, i.item_name, i.target_population, i.content_standard,
                    i.spending_responsibility, i.lead_units) for i in result.service_items), key=repr)
    manifest = {k: result.manifest.get(k) for k in ("title", "city", "plan_kind", "period_start", "period_end")}
    return {"manifest": [tuple(sorted(manifest.items()))], "statements": statements, "tasks": tasks, "service_items": items}


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]], limit: int = 5) -> list[str]:
    """Readable differences between two semantic() dicts (empty when equal)."""
    out = []
    for key in a:
        only_a = sorted(set(a[key]) - set(b[key]), key=repr)
        only_b = sorted(set(b[key]) - set(a[key]), key=repr)
        out += [f"{key}: only in the first: {x}" for x in only_a[:limit]]
        out += [f"{key}: only in the second: {x}" for x in only_b[:limit]]
    return out
