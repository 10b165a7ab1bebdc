"""Checks on department names as written. Known names map through the reviewed alias seed (in dbt);
odd names are reported as findings and never mapped silently."""
from __future__ import annotations

from ingest.model.records import Finding, Responsibility

_PREFIXES = ("市", "县", "区", "各", "团", "人行")


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def odd_name(name: str, aliases: frozenset[str]) -> tuple[str, str, str] | None:
    """(check_name, severity, detail) for a name that is not a reviewed alias, else None."""
    if name in aliases:
        return None
    if not name.startswith(_PREFIXES):
        known = f"市{name}"
        hint = f"; '{known}' is a known name" if known in aliases else ""
        return "department_missing_prefix", "warning", f"department '{name}' has no 市/县 prefix{hint}; not mapped"
    near = sorted(a for a in aliases if abs(len(a) - len(name)) <= 1 and edit_distance(a, name) == 1)
    if near:
        return ("probable_department_typo", "warning",
                f"department '{name}' is one edit away from known {', '.join(repr(n) for n in near)}; not mapped")
    return "department_not_in_reference", "info", f"department '{name}' is not in ref_department_aliases; not mapped"


def department_findings(responsibilities: list[Responsibility], aliases: frozenset[str], source_file: str) -> list[Finding]:
    out, seen = [], set()
    for r in responsibilities:
        key = (r.department_zh, r.source_line)
        if key in seen:
            continue
        seen.add(key)
        if found := odd_name(r.department_zh, aliases):
            check, severity, detail = found
            out.append(Finding(r.doc_id, source_file, check, severity, r.source_line, detail, r.source_text))
    return out
