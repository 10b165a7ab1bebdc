"""Ingest step: raw plan texts -> seed CSVs.

load inputs  : data/raw/*.txt, seeds/reference/*.csv, data/reviewed/document_metadata.csv
process      : one document at a time; a broken document becomes findings, never stops the others.
               Files with the same bytes are one document (plus a duplicate_document finding).
save outputs : <out_dir>/<table>.csv (sorted, byte-stable: the reviewable, committed output) and
               <out_dir>/<table>.parquet (typed from ingest/model/records.py: what dbt reads)

The build writes to build/extracted/ and copies the CSVs to seeds/extracted/ only after the whole
build passed, so a failed build leaves the committed seeds as they were.
"""
from __future__ import annotations

import csv
import io
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from ingest.document import MANIFEST_FIELDS, DocumentResult, failed_document, process_document, sha256_hex, table_rows
from ingest.model.errors import ExtractorError, IngestError
from ingest.model.records import TABLES, Finding, column_types
from ingest.reference import load_reference

if TYPE_CHECKING:
    import pyarrow as pa

from ingest.paths import OUT_DIR, RAW_DIR, REF_DIR, SEEDS_DIR
from ingest.paths import REVIEWED_METADATA as REVIEWED



class NoDocuments(SystemExit):
    """Nothing to ingest: the build stops here and the live warehouse is left as it is."""


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


# What a plan document may be: plain text, a saved web page, a Word file or a PDF (the format is then
# told by the bytes, ingest/read/formats). An old binary .doc/.wps is listed so that it becomes a named
# failure saying how to convert it, not a silent skip.
DOCUMENT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".docx", ".pdf", ".doc", ".wps")


def list_documents(raw_dir: Path, log=None) -> list[Path]:
    log = log or sys.stderr
    if not raw_dir.is_dir():
        raise NoDocuments(f"ingest: {raw_dir} does not exist: nothing to build (the live warehouse is left as it is)")
    files = sorted(p for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    paths = [p for p in files if p.suffix.lower() in DOCUMENT_SUFFIXES]
    others = [p.name for p in files if p.suffix.lower() not in DOCUMENT_SUFFIXES and p.suffix.lower() != ".md"]
    if others:
        print(f"    skipped {len(others)} file(s) that are not plan documents ({', '.join(DOCUMENT_SUFFIXES)}): "
              f"{', '.join(others[:5])}{' …' if len(others) > 5 else ''}", file=log)
    if not paths:
        raise NoDocuments(f"ingest: no plan documents ({', '.join(DOCUMENT_SUFFIXES)}) in {raw_dir}: nothing to build "
                          "(the live warehouse and the committed seeds are left as they are)")
    return paths


# ---------------------------------------------------------------- process
def ingest_one(path: Path, ref, reviewed_all: dict) -> DocumentResult:
    raw = path.read_bytes()
    sha = sha256_hex(raw)
    reviewed = {f: r for f, r in reviewed_all.get(path.name, {}).items() if r["sha256"] in ("", sha)}
    stale = [f for f, r in reviewed_all.get(path.name, {}).items() if r["sha256"] not in ("", sha)]
    try:
        result = process_document(path.name, raw, ref, reviewed)
        result.manifest["status"] = "ok"
    except IngestError as err:
        result = failed_document(path.name, raw, err)
        result.manifest["status"] = "failed"
    except Exception as exc:  # noqa: BLE001 - a bug met on one document must not cost the others
        where = traceback.extract_tb(exc.__traceback__)[-1]
        err = ExtractorError(path.name, None, f"the extractor failed on this document ({type(exc).__name__}: {exc} "
                                              f"at {Path(where.filename).name}:{where.lineno}); please report it")
        result = failed_document(path.name, raw, err)
        result.manifest["status"] = "failed"
    for f in stale:
        result.findings.append(Finding(result.doc_id, path.name, "stale_reviewed_metadata", "warning", None,
                                       f"reviewed value for '{f}' was made for another version of the file (sha256 differs)", None))
    return result


def unique_contents(paths: list[Path]) -> tuple[list[Path], dict[Path, Path]]:
    """Files to process (the first name of each distinct content) and duplicate -> kept file."""
    kept: dict[str, Path] = {}
    duplicates: dict[Path, Path] = {}
    for p in paths:
        sha = sha256_hex(p.read_bytes())
        if sha in kept:
            duplicates[p] = kept[sha]
        else:
            kept[sha] = p
    return list(kept.values()), duplicates


def duplicate_findings(duplicates: dict[Path, Path], results: dict[str, DocumentResult]) -> list[Finding]:
    out = []
    for dup, original in sorted(duplicates.items()):
        kept = results[original.name]
        out.append(Finding(kept.doc_id, dup.name, "duplicate_document", "warning", None,
                           f"same content (sha256 {kept.sha256[:12]}…) as {original.name}; counted once, as {kept.doc_id}",
                           None))
    return out


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
    paths, duplicates = unique_contents(list_documents(raw_dir))
    workers = default_workers(len(paths)) if workers is None else workers
    results = []
    progress = tqdm(_results(paths, ref_dir, reviewed_path, workers), total=len(paths), unit="doc", file=log,
                    desc="    ingest", mininterval=1.0, dynamic_ncols=True)
    for result in progress:
        results.append(result)
        for e in (f for f in result.findings if f.severity == "error"):
            where = f"{e.source_file}:{e.source_line}" if e.source_line else e.source_file
            progress.write(f"    ! {where}: {e.check_name}: {e.detail}", file=log)
    progress.close()
    if duplicates:
        extra = duplicate_findings(duplicates, {r.source_file: r for r in results})
        results[0].findings.extend(extra)
        for f in extra:
            print(f"    ! {f.source_file}: {f.check_name}: {f.detail}", file=log)
    write_outputs(results, out_dir)
    return results


# ---------------------------------------------------------------- save
def error_count(results: list[DocumentResult]) -> int:
    """Error-level findings in the source documents (what STRICT=1 fails on)."""
    return sum(f.severity == "error" for r in results for f in r.findings)


def summary(results: list[DocumentResult]) -> str:
    """One line: what the ingest found, for the command line and the build log."""
    n_failed = sum(r.manifest.get("status") == "failed" for r in results)
    return (f"{len(results)} documents ({n_failed} failed), {sum(len(r.statements) for r in results)} indicator statements, "
            f"{sum(len(r.values) for r in results)} values, {sum(len(r.service_items) for r in results)} service items, "
            f"{sum(len(r.tasks) for r in results)} tasks, {error_count(results)} error findings")


def to_csv(rows: list[dict], cols: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r[k]) for k in cols})
    return buf.getvalue()


def _write(path: Path, content: str) -> bool:
    """Write only when the content changed, through a temp file and rename; True when it was written."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(content, encoding="utf-8")
    tmp.replace(path)
    return True


_SORT_KEYS = {
    "documents": lambda d: d["doc_id"],
    "document_field_sources": lambda d: (d["doc_id"], MANIFEST_FIELDS.index(d["field"])),
    "indicator_statements": lambda d: (d["doc_id"], d["source_line"], d["statement_id"]),
    "indicator_values": lambda d: (d["doc_id"], d["source_line"], d["value_id"]),
    "service_items": lambda d: (d["doc_id"], d["source_line"], d["item_id"]),
    "tasks": lambda d: (d["doc_id"] or "", d.get("source_line") or 0),
    "responsibilities": lambda d: (d["doc_id"], d["subject_id"], d["role"], d["position"]),
    "number_mentions": lambda d: (d["doc_id"], d["source_line"], d["context"], d["number"]),
    "service_item_matches": lambda d: (d["doc_id"], d["item_id"]),
    "indicator_matches": lambda d: (d["doc_id"], d["statement_id"]),
    "declared_counts": lambda d: (d["doc_id"], d["source_line"], d["scope"]),
    "ingest_findings": lambda d: (d["doc_id"] or "", d["source_file"], d["source_line"] or 0, d["check_name"], d["detail"]),
    "text_locators": lambda d: (d["doc_id"], d["source_line"]),
}


def arrow_tables(results: list[DocumentResult]) -> dict[str, "pa.Table"]:
    """Every extracted table as Arrow columns, rows sorted on stable keys (reruns are byte-identical).

    Columns are as the CSV shows them: integers, doubles, and text (a value keeps the decimal as
    written). An empty string is NULL, as it always was after a round trip through the CSV."""
    import pyarrow as pa

    out = {}
    for table, rows in table_rows(results).items():
        rows = sorted(rows, key=_SORT_KEYS[table])
        cols = {}
        for col, kind in column_types(TABLES[table]).items():
            vals = [None if r.get(col) in (None, "") else r[col] for r in rows]
            if kind == "integer":
                cols[col] = pa.array(vals, pa.int64())
            elif kind == "double":
                cols[col] = pa.array(vals, pa.float64())
            else:
                cols[col] = pa.array([None if v is None else str(v) for v in vals], pa.string())
        out[table] = pa.table(cols)
    return out


def _typed_for_parquet(tbl: "pa.Table", record_type) -> "pa.Table":
    """The declared types: a value as decimal(24,6), a date as date32 (the guard made sure they fit)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ingest.model.records import VALUE_PRECISION, VALUE_SCALE

    for col, kind in column_types(record_type).items():
        target = {"decimal": pa.decimal128(VALUE_PRECISION, VALUE_SCALE), "date": pa.date32()}.get(kind)
        if target is not None:
            tbl = tbl.set_column(tbl.schema.get_field_index(col), col, pc.cast(tbl[col], target))
    return tbl


TEXT_DIR = "text"  # <out_dir>/text/<doc_id>.txt: the converted text of each html/docx/pdf document


def write_texts(results: list[DocumentResult], text_dir: Path) -> None:
    """The text the ingest read from each converted document (source_line refers to it), exactly one
    file per converted document; files of documents no longer present are removed."""
    text_dir.mkdir(parents=True, exist_ok=True)
    wanted = {f"{r.doc_id}.txt": r.text for r in results if r.text is not None}
    for name, text in wanted.items():
        _write(text_dir / name, text)
    for stale in set(p.name for p in text_dir.glob("*.txt")) - set(wanted):
        (text_dir / stale).unlink()


def write_outputs(results: list[DocumentResult], out_dir: Path) -> None:
    """<table>.csv (DuckDB's CSV writer: minimal quoting, the same bytes as Python's csv module) and
    <table>.parquet (typed), each written to a temp name and renamed; an unchanged CSV is not rewritten."""
    import duckdb
    import pyarrow.parquet as pq

    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for table, tbl in arrow_tables(results).items():
            csv_path, tmp = out_dir / f"{table}.csv", out_dir / f".{table}.csv.tmp"
            con.from_arrow(tbl).write_csv(str(tmp), header=True)
            if csv_path.exists() and csv_path.read_bytes() == tmp.read_bytes():
                tmp.unlink()
            else:
                tmp.replace(csv_path)
            parquet_tmp = out_dir / f".{table}.parquet.tmp"
            pq.write_table(_typed_for_parquet(tbl, TABLES[table]), parquet_tmp, compression="zstd")
            parquet_tmp.replace(out_dir / f"{table}.parquet")
    finally:
        con.close()
    write_texts(results, out_dir / TEXT_DIR)


def promote(out_dir: Path = OUT_DIR, seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """Copy the CSVs of a successful build to the committed seeds (only those that changed)."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    changed = [f"{name}.csv" for name in TABLES
               if _write(seeds_dir / f"{name}.csv", (out_dir / f"{name}.csv").read_text(encoding="utf-8"))]
    texts, kept = out_dir / TEXT_DIR, seeds_dir / TEXT_DIR
    wanted = {p.name: p for p in texts.glob("*.txt")} if texts.is_dir() else {}
    if wanted or kept.is_dir():
        kept.mkdir(parents=True, exist_ok=True)
        changed += [f"{TEXT_DIR}/{n}" for n, p in sorted(wanted.items()) if _write(kept / n, p.read_text(encoding="utf-8"))]
        for stale in sorted(set(p.name for p in kept.glob("*.txt")) - set(wanted)):
            (kept / stale).unlink()
            changed.append(f"{TEXT_DIR}/{stale} (removed)")
    return changed
