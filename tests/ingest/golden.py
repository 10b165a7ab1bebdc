"""Compare extracted prose statements with the hand-checked golden samples in tests/golden/."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.paths import ROOT

GOLDEN_DIR = ROOT / "tests" / "golden"


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    value: Decimal
    unit: str
    comparator: str
    kind: str
    year: int | None
    confidence: str | None = field(default=None, compare=False)  # of the extracted statement


def load_golden(source_file: str) -> list[Row]:
    with (GOLDEN_DIR / source_file.replace(".txt", ".csv")).open(encoding="utf-8") as fh:
        return [Row(int(r["source_line"]), r["name"], Decimal(r["value"]), r["unit"], r["comparator"], r["value_kind"],
                    int(r["year"]) if r["year"] else None) for r in csv.DictReader(fh)]


def extracted_rows(result) -> list[Row]:
    prose = {s.statement_id: s for s in result.statements if s.method == "prose"}
    return [Row(v.source_line, prose[v.statement_id].indicator_name, Decimal(v.value), v.unit or "", v.comparator,
                v.value_kind, v.year, prose[v.statement_id].confidence)
            for v in result.values if v.statement_id in prose]


def matches(g: Row, e: Row) -> bool:
    return (g.line, g.value, g.unit, g.comparator, g.kind, g.year) == (e.line, e.value, e.unit, e.comparator, e.kind, e.year) \
        and g.name in e.name


def score(golden: list[Row], extracted: list[Row]) -> dict:
    """Greedy one-to-one matching on the golden lines; precision counts extracted rows on those lines."""
    lines = {g.line for g in golden}
    pool = [e for e in extracted if e.line in lines]
    used: set[int] = set()
    found = 0
    missed = []
    for g in golden:
        hit = next((i for i, e in enumerate(pool) if i not in used and matches(g, e)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            found += 1
    spurious = [e for i, e in enumerate(pool) if i not in used]
    by_confidence = {}
    for level in ("high", "medium", "low"):
        idx = [i for i, e in enumerate(pool) if e.confidence == level]
        by_confidence[level] = (sum(i in used for i in idx), len(idx))  # (right, extracted)
    return {"golden": len(golden), "extracted_on_lines": len(pool), "matched": found, "by_confidence": by_confidence,
            "recall": found / len(golden) if golden else 1.0,
            "precision": found / len(pool) if pool else 1.0, "missed": missed, "spurious": spurious}


def confidence_table(scores: list[dict]) -> dict[str, tuple[int, int]]:
    """(right, extracted) per confidence level, summed over samples."""
    out = {level: (0, 0) for level in ("high", "medium", "low")}
    for s in scores:
        for level, (right, n) in s["by_confidence"].items():
            out[level] = (out[level][0] + right, out[level][1] + n)
    return out
