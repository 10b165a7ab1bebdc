"""Compare extracted prose statements with the hand-checked golden samples in tests/golden/."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.paths import CORPUS_DIR, ROOT

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


def load_golden(source_file: str, directory=GOLDEN_DIR) -> list[Row]:
    with (directory / source_file.replace(".txt", ".csv")).open(encoding="utf-8") as fh:
        return [Row(int(r["source_line"]), r["name"], Decimal(r["value"]), r["unit"], r["comparator"], r["value_kind"],
                    int(r["year"]) if r["year"] else None) for r in csv.DictReader(fh)]


def extracted_rows(result, methods=("prose",)) -> list[Row]:
    """Extracted values of the given methods (prose, table) with their statement's name and confidence."""
    kept = {s.statement_id: s for s in result.statements if s.method in methods}
    return [Row(v.source_line, kept[v.statement_id].indicator_name, Decimal(v.value), v.unit or "", v.comparator,
                v.value_kind, v.year, kept[v.statement_id].confidence)
            for v in result.values if v.statement_id in kept]


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


# --- The corpus sample: every statement of a whole text, any method (tests/golden/corpus/) -------------

CORPUS_GOLDEN_DIR = GOLDEN_DIR / "corpus"
CORPUS_DOCS = CORPUS_DIR / "docs"
STRICT_FIELDS = ("line", "value", "comparator", "kind", "year")  # the strict score
LEVELS = ("high", "medium", "low")


def corpus_files() -> list[str]:
    """Corpus texts that have a golden file (tests/golden/corpus/NNN.csv -> NNN.txt)."""
    return sorted(p.stem + ".txt" for p in CORPUS_GOLDEN_DIR.glob("[0-9]*.csv"))


def load_corpus_golden(source_file: str) -> list[Row]:
    return load_golden(source_file, CORPUS_GOLDEN_DIR)


def _simplified(s: str) -> str:
    from ingest.read.text import to_simplified

    return to_simplified(s).replace(" ", "")


def _strict(g: Row, e: Row) -> bool:
    return (g.line, g.value, g.comparator, g.kind, g.year) == (e.line, e.value, e.comparator, e.kind, e.year)


def score_corpus(golden: list[Row], extracted: list[Row]) -> dict:
    """Strict one-to-one matching over the whole text. Rows are first paired on (line, value) — strict pairs
    first — and each pair is then checked field by field: a golden row is found when the five strict fields
    agree; an extracted row is a right value when its (line, value) is in the golden."""
    free_g, free_e = list(range(len(golden))), list(range(len(extracted)))
    pairs: list[tuple[int, int]] = []
    for test in (_strict, lambda g, e: (g.line, g.value) == (e.line, e.value)):
        for gi in list(free_g):
            ei = next((i for i in free_e if test(golden[gi], extracted[i])), None)
            if ei is not None:
                pairs.append((gi, ei))
                free_g.remove(gi)
                free_e.remove(ei)
    strict = [(g, e) for g, e in pairs if _strict(golden[g], extracted[e])]
    fields = {
        "unit": sum(_simplified(golden[g].unit) == _simplified(extracted[e].unit) for g, e in pairs),
        "comparator": sum(golden[g].comparator == extracted[e].comparator for g, e in pairs),
        "kind": sum(golden[g].kind == extracted[e].kind for g, e in pairs),
        "year": sum(golden[g].year == extracted[e].year for g, e in pairs),
        "name": sum(_simplified(golden[g].name) in _simplified(extracted[e].name) for g, e in pairs),
    }
    strict_e = {e for _, e in strict}
    paired_e = {e for _, e in pairs}
    by_confidence = {level: (sum(i in strict_e for i, e in enumerate(extracted) if e.confidence == level),
                             sum(e.confidence == level for e in extracted)) for level in LEVELS}
    return {"golden": len(golden), "extracted": len(extracted), "paired": len(pairs), "strict": len(strict),
            "value_right": len(paired_e), "fields": fields, "by_confidence": by_confidence,
            "missed": [golden[g] for g in free_g], "spurious": [extracted[e] for e in free_e],
            "wrong": [(golden[g], extracted[e]) for g, e in pairs if not _strict(golden[g], extracted[e])]}


def corpus_totals(scores: dict[str, dict]) -> dict:
    """Sums over files, and the ratios the README reports."""
    t = {k: sum(s[k] for s in scores.values()) for k in ("golden", "extracted", "paired", "strict", "value_right")}
    t["files"] = len(scores)
    t["files_with_statements"] = sum(s["golden"] > 0 for s in scores.values())
    t["recall"] = t["strict"] / t["golden"] if t["golden"] else 1.0
    t["precision"] = t["strict"] / t["extracted"] if t["extracted"] else 1.0
    t["value_precision"] = t["value_right"] / t["extracted"] if t["extracted"] else 1.0
    t["value_recall"] = t["paired"] / t["golden"] if t["golden"] else 1.0
    t["fields"] = {f: sum(s["fields"][f] for s in scores.values()) / t["paired"] if t["paired"] else 1.0
                   for f in ("unit", "comparator", "kind", "year", "name")}
    t["by_confidence"] = {level: tuple(sum(s["by_confidence"][level][i] for s in scores.values()) for i in (0, 1))
                          for level in LEVELS}
    return t


def score_corpus_files(ref) -> dict[str, dict]:
    from ingest.document import process_document

    return {f: score_corpus(load_corpus_golden(f), extracted_rows(process_document(f, (CORPUS_DOCS / f).read_bytes(), ref, {}), ("prose", "table")))
            for f in corpus_files()}


def _main() -> None:
    """`python -m tests.ingest.golden`: the corpus sample's scores, and what was missed or wrong per file."""
    import argparse

    from ingest.paths import REF_DIR
    from ingest.reference import load_reference

    parser = argparse.ArgumentParser(prog="python -m tests.ingest.golden")
    parser.add_argument("--detail", action="store_true", help="list missed, wrong and spurious rows per file")
    args = parser.parse_args()
    scores = score_corpus_files(load_reference(REF_DIR))
    for f, s in scores.items():
        print(f"{f}: golden {s['golden']:3d}  extracted {s['extracted']:3d}  strict {s['strict']:3d}")
        if args.detail:
            for g in s["missed"]:
                print(f"   missed   {g}")
            for g, e in s["wrong"]:
                diff = {k: (getattr(g, k), getattr(e, k)) for k in ("unit", "comparator", "kind", "year") if getattr(g, k) != getattr(e, k)}
                print(f"   wrong    L{g.line} {g.value} {g.name} / {e.name}: {diff}")
            for e in s["spurious"]:
                print(f"   spurious {e}")
    t = corpus_totals(scores)
    print(f"\nfiles {t['files']} ({t['files_with_statements']} with statements), golden {t['golden']}, extracted {t['extracted']}")
    print(f"strict recall {t['recall']:.3f}  strict precision {t['precision']:.3f}  "
          f"value recall {t['value_recall']:.3f}  value precision {t['value_precision']:.3f}")
    print("field accuracy on (line, value) pairs: " + ", ".join(f"{k} {v:.3f}" for k, v in t["fields"].items()))
    for level, (right, n) in t["by_confidence"].items():
        print(f"  {level:6s} {right}/{n} strict-right" + (f" = {right / n:.3f}" if n else ""))


if __name__ == "__main__":
    _main()
