"""Command line: `python -m ingest run` builds the seeds; `python -m ingest extract FILE` shows what
the ingest finds in any plan text, for review before a document is added."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from ingest import run as pipeline


def _extract(args) -> int:
    from ingest.document import process_document
    from ingest.model.errors import IngestError
    from ingest.reference import load_reference

    path = Path(args.file)
    try:
        result = process_document(path.name, path.read_bytes(), load_reference(pipeline.REF_DIR), {})
    except IngestError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    payload = {
        "document": result.manifest,
        "field_sources": result.field_sources,
        "indicator_statements": [asdict(x) for x in result.statements],
        "indicator_values": [asdict(x) for x in result.values],
        "service_items": [asdict(x) for x in result.service_items],
        "tasks": [asdict(x) for x in result.tasks],
        "responsibilities": [asdict(x) for x in result.responsibilities],
        "declared_counts": [asdict(x) for x in result.declared],
        "number_mentions": [asdict(x) for x in result.mentions],
        "findings": [asdict(x) for x in result.findings],
    }
    if args.format == "json":
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for name, rows in payload.items():
            rows = rows if isinstance(rows, list) else [rows]
            print(f"# {name} ({len(rows)} rows)")
            if rows:
                sys.stdout.write(pipeline.to_csv(rows, list(rows[0])))
            print()
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest")
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="ingest data/raw/*.txt into seeds/extracted/*.csv")
    run.add_argument("--raw-dir", default=str(pipeline.RAW_DIR))
    run.add_argument("--out-dir", default=str(pipeline.OUT_DIR))
    run.add_argument("--strict", action="store_true", help="exit 1 when any document has an error-level finding")
    run.add_argument("--workers", type=int, default=None, help="processes (default: one per core from 20 documents on)")
    ext = sub.add_parser("extract", help="print what the ingest finds in one plan text")
    ext.add_argument("file")
    ext.add_argument("--format", choices=("csv", "json"), default="csv")
    args = parser.parse_args(argv)
    if args.cmd == "extract":
        return _extract(args)
    results = pipeline.run(Path(args.raw_dir), Path(args.out_dir), workers=args.workers)
    print(f"    {pipeline.summary(results)}", file=sys.stderr)
    return 1 if args.strict and pipeline.error_count(results) else 0


if __name__ == "__main__":
    sys.exit(main())
