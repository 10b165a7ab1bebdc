"""Ingest step: raw plan texts -> seed CSVs.

load inputs  : data/raw/*.txt, seeds/reference/*.csv, data/reviewed/document_metadata.csv
process      : one document at a time; a broken document becomes findings, never stops the others
save outputs : seeds/extracted/*.csv, sorted and byte-stable across runs
"""
from __future__ import annotations

import csv
import io
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from .document import MANIFEST_FIELDS, DocumentResult, failed_document, process_document
from .errors import IngestError
from .records import (DeclaredCount, Finding, IndicatorMatch, IndicatorStatement, IndicatorValue, ItemMatch,
                      NumberMention, Responsibility, ServiceItem, Task, columns)
from .reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "data" / "raw"
REVIEWED = ROOT / "data" / "reviewed" / "document_metadata.csv"
REF_DIR = ROOT / "seeds" / "reference"
OUT_DIR = ROOT / "seeds" / "extracted"

DOCUMENT_COLUMNS = ["doc_id", "source_file", "sha256", *MANIFEST_FIELDS, "script", "encoding", "n_lines", "n_bytes", "status"]
FIELD_SOURCE_COLUMNS = ["doc_id", "field", "origin", "source_line", "rule"]


# ---------------------------------------------------------------- load
def load_reviewed(path: Path) -> dict[str, dict[str, dict]]:
    """source_file -> field -> {value, note, sha256}. A row whose sha256 no longer matches is ignored
    (the reviewed statement was about another version of the file) and reported."""
    if not path.exists():
        return {}
    out: dict[str, dict[str, dict]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["source_file"], {})[row["field"]] = row
    return out


def list_documents(raw_dir: Path) -> list[Path]:
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix == ".txt")


# ---------------------------------------------------------------- process
def ingest_one(path: Path, ref, reviewed_all: dict) -> DocumentResult:
    raw = path.read_bytes()
    from .document import sha256_hex

    sha = sha256_hex(raw)
    reviewed = {f: r for f, r in reviewed_all.get(path.name, {}).items() if r["sha256"] in ("", sha)}
    stale = [f for f, r in reviewed_all.get(path.name, {}).items() if r["sha256"] not in ("", sha)]
    try:
        result = process_document(path.name, raw, ref, reviewed)
        result.manifest["status"] = "ok"
    except IngestError as err:
        result = failed_document(path.name, raw, err)
        result.manifest["status"] = "failed"
    for f in stale:
        result.findings.append(Finding(result.doc_id, path.name, "stale_reviewed_metadata", "warning", None,
                                       f"reviewed value for '{f}' was made for another version of the file (sha256 differs)", None))
    return result


def dedupe_doc_ids(results: list[DocumentResult]) -> None:
    """Two documents with the same readable id get -2, -3 ... in file-name order (deterministic)."""
    seen: dict[str, int] = {}
    for r in results:
        base = r.doc_id
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            new = f"{base}_{seen[base]}"
            r.doc_id = new
            r.manifest["doc_id"] = new
            r.field_sources = [{**s, "doc_id": new} for s in r.field_sources]
            for attr in ("statements", "values", "service_items", "tasks", "responsibilities", "mentions", "declared",
                         "item_matches", "indicator_matches", "findings"):
                setattr(r, attr, [_rebase(x, base, new) for x in getattr(r, attr)])


def _rebase(record, old: str, new: str):
    changes = {k: new + v[len(old):] for k, v in vars(record).items()
               if isinstance(v, str) and (v == old or v.startswith(old + ":"))}
    return replace(record, **changes) if changes else record


_WORKER: dict = {}


def _init_worker(ref_dir: Path, reviewed_path: Path) -> None:
    _WORKER["ref"] = load_reference(ref_dir)
    _WORKER["reviewed"] = load_reviewed(reviewed_path)


def _ingest_in_worker(path: Path) -> DocumentResult:
    return ingest_one(path, _WORKER["ref"], _WORKER["reviewed"])


def default_workers(n_docs: int) -> int:
    """One process per core, but not for a handful of documents (process start-up costs more)."""
    return 1 if n_docs < 20 else max(1, os.cpu_count() or 1)


def _results(paths: list[Path], ref_dir: Path, reviewed_path: Path, workers: int):
    """Document results in file-name order (deterministic), from one process or a pool."""
    if workers <= 1:
        _init_worker(ref_dir, reviewed_path)
        yield from (_ingest_in_worker(p) for p in paths)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(ref_dir, reviewed_path)) as pool:
        yield from pool.map(_ingest_in_worker, paths, chunksize=max(1, len(paths) // (workers * 8)))


def run(raw_dir: Path = RAW_DIR, out_dir: Path = OUT_DIR, ref_dir: Path = REF_DIR, reviewed_path: Path = REVIEWED,
        log=sys.stderr, workers: int | None = None) -> list[DocumentResult]:
    paths = list_documents(raw_dir)
    workers = default_workers(len(paths)) if workers is None else workers
    results = []
    t0 = time.perf_counter()
    step = max(1, min(50, len(paths) // 10))
    for n, result in enumerate(_results(paths, ref_dir, reviewed_path, workers), 1):
        results.append(result)
        errors = [f for f in result.findings if f.severity == "error"]
        for e in errors:
            where = f"{e.source_file}:{e.source_line}" if e.source_line else e.source_file
            print(f"    ! {where}: {e.check_name}: {e.detail}", file=log)
        if n == len(paths) or n % step == 0:
            rate = n / max(time.perf_counter() - t0, 1e-9)
            print(f"    {n}/{len(paths)} documents, {rate:.0f} docs/s, ETA {(len(paths) - n) / rate:.0f}s", file=log)
    dedupe_doc_ids(results)
    write_outputs(results, out_dir)
    return results


# ---------------------------------------------------------------- save
def to_csv(rows: list[dict], cols: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r[k]) for k in cols})
    return buf.getvalue()


def _write(path: Path, content: str) -> None:
    """Write only when the content changed, through a temp file and rename."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)


def render_outputs(results: list[DocumentResult]) -> dict[str, str]:
    """file name -> CSV text. Rows are sorted on stable keys so reruns are byte-identical."""
    def recs(attr, key):  # records are flat dataclasses: a shallow dict is enough (asdict deep-copies)
        return sorted((vars(x) for r in results for x in getattr(r, attr)), key=key)

    line_key = lambda d: (d["doc_id"] or "", d.get("source_line") or 0)  # noqa: E731
    return {
        "documents.csv": to_csv(sorted((r.manifest for r in results), key=lambda d: d["doc_id"]), DOCUMENT_COLUMNS),
        "document_field_sources.csv": to_csv(
            sorted((s for r in results for s in r.field_sources), key=lambda d: (d["doc_id"], MANIFEST_FIELDS.index(d["field"]))),
            FIELD_SOURCE_COLUMNS),
        "indicator_statements.csv": to_csv(recs("statements", lambda d: (d["doc_id"], d["source_line"], d["statement_id"])),
                                           columns(IndicatorStatement)),
        "indicator_values.csv": to_csv(
            recs("values", lambda d: (d["doc_id"], d["source_line"], d["value_id"])), columns(IndicatorValue)),
        "service_items.csv": to_csv(recs("service_items", lambda d: (d["doc_id"], d["source_line"], d["item_id"])), columns(ServiceItem)),
        "tasks.csv": to_csv(recs("tasks", line_key), columns(Task)),
        "responsibilities.csv": to_csv(
            recs("responsibilities", lambda d: (d["doc_id"], d["subject_id"], d["role"], d["position"])), columns(Responsibility)),
        "number_mentions.csv": to_csv(
            recs("mentions", lambda d: (d["doc_id"], d["source_line"], d["context"], d["number"])), columns(NumberMention)),
        "service_item_matches.csv": to_csv(recs("item_matches", lambda d: (d["doc_id"], d["item_id"])), columns(ItemMatch)),
        "indicator_matches.csv": to_csv(recs("indicator_matches", lambda d: (d["doc_id"], d["statement_id"])),
                                        columns(IndicatorMatch)),
        "declared_counts.csv": to_csv(recs("declared", lambda d: (d["doc_id"], d["source_line"], d["scope"])), columns(DeclaredCount)),
        "ingest_findings.csv": to_csv(
            recs("findings", lambda d: (d["doc_id"] or "", d["source_file"], d["source_line"] or 0, d["check_name"], d["detail"])),
            columns(Finding)),
    }


def write_outputs(results: list[DocumentResult], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in render_outputs(results).items():
        _write(out_dir / name, content)
