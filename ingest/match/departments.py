"""Checks on department names as written. Known names map through the reviewed alias seed (in dbt);
odd names are reported as findings and never mapped silently. The prefixes of a local unit's name
are reviewed words (match.department_prefix, department_suggested_prefix)."""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from ingest.model.records import Finding, Responsibility
from ingest.reference.lexicon import Lexicon


def odd_name(name: str, aliases: frozenset[str], lex: Lexicon) -> tuple[str, str, str] | None:
    """(check_name, severity, detail) for a name that is not a reviewed alias, else None."""
    if name in aliases:
        return None
    if not lex.pattern("match.department_prefix").match(name):
        known = next((f"{p}{name}" for p in lex.words("department_suggested_prefix") if f"{p}{name}" in aliases), None)
        hint = f"; '{known}' is a known name" if known else ""
        return "department_missing_prefix", "warning", f"department '{name}' has no city or county prefix{hint}; not mapped"
    near = sorted(a for a in aliases if abs(len(a) - len(name)) <= 1 and Levenshtein.distance(a, name) == 1)
    if near:
        return ("probable_department_typo", "warning",
                f"department '{name}' is one edit away from known {', '.join(repr(n) for n in near)}; not mapped")
    return "department_not_in_reference", "info", f"department '{name}' is not in ref_department_aliases; not mapped"


def department_findings(responsibilities: list[Responsibility], aliases: frozenset[str], source_file: str,
                        lex: Lexicon) -> list[Finding]:
    out, seen = [], set()
    for r in responsibilities:
        key = (r.department_zh, r.source_line)
        if key in seen:
            continue
        seen.add(key)
        if found := odd_name(r.department_zh, aliases, lex):
            check, severity, detail = found
            out.append(Finding(r.doc_id, source_file, check, severity, r.source_line, detail, r.source_text))
    return out
