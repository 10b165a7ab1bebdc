"""The seed contract: what the ingest promises about every table it writes, whatever the document.

Two kinds of checks are kept apart in this project:
- a *contract* check guards the pipeline (types, keys, accepted values of what the code writes).
  Failing it is a bug, and the build fails. The rules are declared here once, as data; the Great
  Expectations suites (pipeline/quality.py) and the fuzz test (tests/ingest/test_fuzz.py) both use them.
- a *document* check describes a source (numbering, counts, conflicting values, odd cells). It never
  fails the build outside STRICT=1; it becomes a dq_findings row (models/intermediate/int_dq__*.sql,
  or an ingest finding).

`guard_document` is where the two meet: the few document problems that would otherwise break the
contract (an empty item name, a value too large for decimal(24,6), one quantity slot given twice in a
statement) are turned into findings here, with file, line and detail, before anything is written.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from functools import lru_cache

from ingest.read.formats import FORMATS
from ingest.model.records import TABLES, Finding, column_types, fits_value_type

INT64 = (-(2 ** 63), 2 ** 63 - 1)  # what an integer column holds (BIGINT)

VALUE_KINDS = ("baseline", "target", "increment", "standard")
COMPARATORS = ("=", ">=", "<=", ">", "<", "~")
SEVERITIES = ("error", "warning", "info")
CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Rule:
    """One contract rule. kind: not_null | nonempty | unique | in_set | unique_together | regex | min | decimal | int64."""

    table: str
    kind: str
    columns: tuple[str, ...]
    values: tuple = ()

    def describe(self) -> str:
        extra = f" {list(self.values)}" if self.values else ""
        return f"{self.table}: {self.kind}({', '.join(self.columns)}){extra}"


def _rules() -> list[Rule]:
    r: list[Rule] = []

    def add(table, kind, *cols, values=()):
        r.append(Rule(table, kind, tuple(cols), tuple(values)))

    def key(table, col):
        add(table, "not_null", col)
        add(table, "unique", col)

    def line(table, col="source_line"):
        add(table, "not_null", col)
        add(table, "min", col, values=(1,))

    for table, record_type in TABLES.items():
        for col, kind in column_types(record_type).items():
            if kind == "integer":
                add(table, "int64", col)
    key("documents", "doc_id")
    key("documents", "sha256")
    add("documents", "nonempty", "source_file")
    add("documents", "regex", "sha256", values=(r"^[0-9a-f]{64}$",))
    add("documents", "in_set", "status", values=("ok", "failed"))
    add("documents", "in_set", "script", values=("simplified", "traditional", "unknown"))
    add("documents", "in_set", "file_format", values=FORMATS)
    add("text_locators", "nonempty", "locator")
    add("text_locators", "unique_together", "doc_id", "source_line")
    add("document_field_sources", "nonempty", "doc_id")
    add("document_field_sources", "in_set", "origin", values=("text", "reviewed", "derived", "not_stated"))
    add("document_field_sources", "unique_together", "doc_id", "field")
    key("indicator_statements", "statement_id")
    for col in ("doc_id", "indicator_name", "source_text"):
        add("indicator_statements", "nonempty", col)
    add("indicator_statements", "in_set", "method", values=("table", "prose"))
    add("indicator_statements", "in_set", "confidence", values=CONFIDENCES)
    line("indicator_statements")
    key("indicator_values", "value_id")
    add("indicator_values", "nonempty", "statement_id")
    add("indicator_values", "not_null", "value")
    add("indicator_values", "decimal", "value")  # fits decimal(24,6)
    add("indicator_values", "in_set", "value_kind", values=VALUE_KINDS)
    add("indicator_values", "in_set", "comparator", values=COMPARATORS)
    add("indicator_values", "nonempty", "source_text")
    add("indicator_values", "unique_together", "statement_id", "value_kind", "comparator", "year")
    line("indicator_values")
    key("service_items", "item_id")
    add("service_items", "nonempty", "item_name")
    add("service_items", "nonempty", "source_text")
    line("service_items")
    key("tasks", "task_id")
    add("tasks", "nonempty", "source_text")
    add("tasks", "in_set", "style", values=("numbered", "dash", "titled"))
    add("tasks", "not_null", "seq")
    add("tasks", "nonempty", "title_or_body")  # a derived column: coalesce(title, body)
    line("tasks")
    add("responsibilities", "nonempty", "subject_id")
    add("responsibilities", "nonempty", "department_zh")
    add("responsibilities", "in_set", "role", values=("lead", "supporting", "responsible"))
    add("responsibilities", "in_set", "subject_kind", values=("task", "service_item"))
    add("responsibilities", "unique_together", "subject_id", "role", "position")
    line("number_mentions")
    add("number_mentions", "in_set", "status", values=("captured", "excluded", "unclassified"))
    add("number_mentions", "nonempty", "reason")
    line("declared_counts")
    add("declared_counts", "not_null", "declared")
    add("declared_counts", "in_set", "subject", values=("service_items",))
    key("service_item_matches", "item_id")
    key("indicator_matches", "statement_id")
    for col in ("source_file", "check_name", "detail"):
        add("ingest_findings", "nonempty", col)
    add("ingest_findings", "in_set", "severity", values=SEVERITIES)
    return r


RULES: tuple[Rule, ...] = tuple(_rules())


def derived_columns(table: str, row: dict) -> dict:
    """Columns a rule needs that are computed from the row (the same in Python and in the GX frame)."""
    if table == "tasks":
        texts = [v for v in (row.get("title"), row.get("body")) if isinstance(v, str) and v.strip()]
        return {**row, "title_or_body": texts[0] if texts else None}
    return row


def violations(tables: dict[str, list[dict]]) -> list[str]:
    """Every contract rule broken by the given rows (table -> list of row dicts). Pure Python, fast:
    the fuzz test runs it on thousands of mutated documents."""
    import re

    out = []
    for rule in RULES:
        rows = [derived_columns(rule.table, r) for r in tables.get(rule.table, [])]
        col = rule.columns[0]
        if rule.kind == "not_null":
            bad = [r for r in rows if r.get(col) is None]
        elif rule.kind == "nonempty":
            bad = [r for r in rows if r.get(col) is None or not str(r[col]).strip()]
        elif rule.kind == "in_set":
            bad = [r for r in rows if r.get(col) is not None and r[col] not in rule.values]
        elif rule.kind == "min":
            bad = [r for r in rows if r.get(col) is not None and r[col] < rule.values[0]]
        elif rule.kind == "int64":
            bad = [r for r in rows if r.get(col) is not None and not INT64[0] <= r[col] <= INT64[1]]
        elif rule.kind == "decimal":
            bad = [r for r in rows if r.get(col) is not None and not fits_value_type(Decimal(str(r[col])))]
        elif rule.kind == "regex":
            bad = [r for r in rows if r.get(col) is not None and not re.match(rule.values[0], str(r[col]))]
        else:  # unique / unique_together
            seen, bad = set(), []
            for r in rows:
                k = tuple(r.get(c) for c in rule.columns)
                if rule.kind == "unique" and k[0] is None:
                    continue
                if k in seen:
                    bad.append(r)
                seen.add(k)
        if bad:
            out.append(f"{rule.describe()}: {len(bad)} rows, e.g. {bad[0]}")
    return out


# ---------------------------------------------------------------- document problems -> findings
def guard_document(result, source_file: str) -> None:
    """Turn the document problems that would break the contract into findings, in place.

    - a service item without a name, or a task with neither title nor body: left out, with a finding;
    - a value that does not fit decimal(24,6) (e.g. a 19-digit cell): left out, with a finding;
    - a statement given two values for one (kind, comparator, year) slot: the later value becomes a
      statement of its own, with low confidence and a finding, so no value is lost or overwritten;
    - a statement without a name: named by its clause, with low confidence and a finding; without a
      name and a clause (an empty name cell of a table row), left out with its values, with a finding.
    """
    doc_id = result.doc_id
    findings = result.findings

    def finding(check, line, detail, text):
        findings.append(Finding(doc_id, source_file, check, "warning", line, detail, text))

    for attr in ("statements", "values", "service_items", "tasks", "responsibilities", "mentions", "declared"):
        setattr(result, attr, _integers_in_range(getattr(result, attr), finding))

    kept_items = []
    for item in result.service_items:
        if item.item_name and item.item_name.strip():
            kept_items.append(item)
        else:
            finding("empty_item_name", item.source_line, "a service-list row without an item name was left out",
                    item.source_text)
    dropped_items = {i.item_id for i in result.service_items} - {i.item_id for i in kept_items}
    result.service_items = kept_items
    result.item_matches = [m for m in result.item_matches if m.item_id not in dropped_items]

    kept_tasks = []
    for task in result.tasks:
        body = task.body if task.body and task.body.strip() else None
        if task.title or body:
            kept_tasks.append(task if body == task.body else replace(task, body=body))
        else:
            finding("empty_task", task.source_line, f"task {task.seq} has neither a title nor a text; left out",
                    task.source_text)
    dropped_tasks = {t.task_id for t in result.tasks} - {t.task_id for t in kept_tasks}
    result.tasks = kept_tasks
    result.responsibilities = [r for r in result.responsibilities
                               if r.subject_id not in dropped_tasks | dropped_items]

    kept_values = []
    for v in result.values:
        if fits_value_type(Decimal(v.value)):
            kept_values.append(v)
        else:
            finding("value_out_of_range", v.source_line,
                    f"value {v.value} does not fit decimal(24,6) (18 integer digits, 6 decimals); left out", v.source_text)
    result.values = _split_slot_collisions(result, kept_values, finding)

    named, unnamed = [], set()
    for s in result.statements:
        if s.indicator_name and s.indicator_name.strip():
            named.append(s)
        elif s.source_text.strip():
            label = (s.indicator_name_zh or s.source_text).strip()[:40]
            finding("unnamed_statement", s.source_line, f"no measured thing found; named by its clause '{label}'",
                    s.source_text)
            named.append(replace(s, indicator_name=label, confidence="low"))
        else:  # e.g. a table row whose name cell is empty: its numbers measure nothing we can name
            unnamed.add(s.statement_id)
            finding("empty_indicator_name", s.source_line, "a row of values without an indicator name was left out",
                    None)
    result.statements = named
    result.values = [v for v in result.values if v.statement_id not in unnamed]
    result.indicator_matches = [m for m in result.indicator_matches if m.statement_id not in unnamed]


@lru_cache(maxsize=None)
def _integer_fields(record_type) -> tuple:
    return tuple(f for f in fields(record_type) if "int" in str(f.type))


def _integers_in_range(records: list, finding) -> list:
    """A number written as an integer that no BIGINT holds ('99999999999999999999' as a row number or a
    declared count): a nullable column becomes NULL, otherwise the record is left out; with a finding."""
    out = []
    for rec in records:
        changes, drop = {}, False
        for f in _integer_fields(type(rec)):
            v = getattr(rec, f.name)
            if isinstance(v, int) and not isinstance(v, bool) and not INT64[0] <= v <= INT64[1]:
                nullable = "None" in str(f.type)
                finding("number_out_of_range", getattr(rec, "source_line", None),
                        f"{f.name} {v} is too large for an integer column; "
                        + ("set to NULL" if nullable else f"the {type(rec).__name__} row was left out"),
                        getattr(rec, "source_text", None))
                if nullable:
                    changes[f.name] = None
                else:
                    drop = True
        if not drop:
            out.append(replace(rec, **changes) if changes else rec)
    return out


def _split_slot_collisions(result, values: list, finding) -> list:
    by_id = {s.statement_id: s for s in result.statements}
    slots: dict[tuple, int] = {}
    extra_statements = []
    out = []
    for v in values:
        slot = (v.statement_id, v.value_kind, v.comparator, v.year)
        n = slots.get(slot, 0) + 1
        slots[slot] = n
        if n == 1:
            out.append(v)
            continue
        parent = by_id[v.statement_id]
        sid = f"{v.statement_id}:dup{n}"
        extra_statements.append(replace(parent, statement_id=sid, confidence="low"))
        out.append(replace(v, statement_id=sid, value_id=f"{sid}:{v.value_kind}"))
        finding("ambiguous_statement_values", v.source_line,
                f"'{parent.indicator_name}' is given two {v.value_kind} values ({v.comparator}, year {v.year}) "
                f"in one statement; the value {v.value} is kept as a separate low-confidence statement", v.source_text)
    if extra_statements:
        result.statements = result.statements + extra_statements
        parent_match = {m.statement_id: m for m in result.indicator_matches}
        result.indicator_matches = result.indicator_matches + [
            replace(parent_match[s.statement_id.rsplit(":dup", 1)[0]], statement_id=s.statement_id)
            for s in extra_statements if s.statement_id.rsplit(":dup", 1)[0] in parent_match]
    return out
