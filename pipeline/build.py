"""The build, as one command: `python -m pipeline.build` (what `make build` runs).

load inputs  : data/raw/*.txt, seeds/reference/*.csv, data/reviewed/*
process      : ingest -> build/extracted/ ; dbt build -> warehouse/public_services.building.duckdb ;
               contract checks (Great Expectations, one process) on the extracted tables and the marts
save outputs : publish the new warehouse by rename (never a worse one by accident: see
               pipeline/publish.py), switch exports/ to a complete new set of Parquet files, and copy
               the extracted CSVs to seeds/extracted/ (the committed, reviewable copy)

The whole build holds warehouse/.build.lock: a second build says who holds it and stops. Any step
that fails stops the build before publish; the live warehouse, the exports and the committed seeds
are then left exactly as they were. A source document's problems never fail the build (they are
dq_findings rows) unless --strict (STRICT=1) is given.
"""
from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from ingest.paths import BUILD_LOCK as LOCK
from ingest.paths import BUILDING, EXPORT_VERSIONS, LIVE, QUALITY_OUT, RAW_DIR, ROOT
from ingest.paths import EXPORT_LINK as EXPORTS
from ingest.paths import OUT_DIR as EXTRACTED
DBT = Path(sys.executable).parent / "dbt"


class BuildFailed(Exception):
    """A step failed; the message says which and why. Nothing was published."""


def step(message: str, log=sys.stderr) -> None:
    print(f"==> {message}", file=log, flush=True)


def run_ingest(raw_dir: Path, extracted: Path, strict: bool, log=sys.stderr) -> None:
    from ingest import run as pipeline

    step(f"ingest: {_rel(raw_dir)} -> {_rel(extracted)}{' (strict)' if strict else ''}", log)
    results = pipeline.run(raw_dir, extracted, log=log)
    print(f"    {pipeline.summary(results)}", file=log)
    n_err = pipeline.error_count(results)
    if strict and n_err:
        raise BuildFailed(f"strict: {n_err} error-level findings in the source documents (listed above with file and line)")


def run_dbt(building: Path, extracted: Path, dbt_args: list[str], log=sys.stderr) -> None:
    step(f"dbt build: seeds, models, unit tests, data tests -> {_rel(building)}; docs -> target/", log)
    for f in (building, building.with_name(building.name + ".wal")):
        f.unlink(missing_ok=True)
    building.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "WAREHOUSE_PATH": str(building), "EXTRACTED_DIR": str(extracted),
           "DBT_PROFILES_DIR": str(ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    cmd = [sys.executable, "-m", "pipeline.dbt_steps", *dbt_args]  # dbt build, then docs generate: one dbt import
    if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
        raise BuildFailed("dbt build failed (see the failures above): a model or a test of the pipeline is broken")


def run_contracts(extracted: Path, building: Path, log=sys.stderr) -> None:
    from pipeline.quality import check_contracts

    step("contracts: Great Expectations on the extracted tables and the marts", log)
    if check_contracts(extracted, building, QUALITY_OUT, log) != 0:
        raise BuildFailed("a contract check failed (see above): this is a pipeline bug, not a document problem")


def run_publish(building: Path, live: Path, allow_shrink: bool, inputs: list[Path], log=sys.stderr) -> None:
    from pipeline.publish import publish

    step(f"publish: {_rel(building)} -> {_rel(live)}", log)
    for message in publish(building, live, allow_shrink=allow_shrink, inputs=inputs):
        print(f"    {message}", file=log)


def run_export(live: Path, build_id: str, log=sys.stderr) -> None:
    from pipeline.export import export

    step(f"export: marts -> {_rel(EXPORTS)}/*.parquet", log)
    target = export(live, EXPORTS, EXPORT_VERSIONS, build_id)
    print(f"    {_rel(EXPORTS)} -> {_rel(target)}", file=log)


def run_promote(extracted: Path, log=sys.stderr) -> None:
    from ingest.run import promote

    step("seeds: build/extracted/*.csv -> seeds/extracted (the committed copy)", log)
    changed = promote(extracted)
    print(f"    {len(changed)} changed{': ' + ', '.join(changed) if changed else ''}", file=log)


def build(strict: bool = False, allow_shrink: bool = False, dbt_args: list[str] | None = None,
          raw_dir: Path = RAW_DIR, log=sys.stderr) -> None:
    from pipeline.lock import build_lock

    started = time.perf_counter()
    build_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    with build_lock(LOCK):
        run_ingest(raw_dir, EXTRACTED, strict, log)
        run_dbt(BUILDING, EXTRACTED, dbt_args or [], log)
        run_contracts(EXTRACTED, BUILDING, log)
        run_publish(BUILDING, LIVE, allow_shrink, [raw_dir, EXTRACTED, ROOT / "seeds" / "reference"], log)
        run_export(LIVE, build_id, log)
        run_promote(EXTRACTED, log)
    step(f"build done in {time.perf_counter() - started:.0f} s: {_rel(LIVE)} and {_rel(EXPORTS)}/", log)


def _flag(name: str) -> bool:
    """An environment switch: STRICT=1 / true / yes is on; unset, empty, 0, false, no is off."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", default=_flag("STRICT"),
                        help="fail on any error-level finding in a source document (STRICT=1)")
    parser.add_argument("--allow-shrink", action="store_true", default=_flag("ALLOW_SHRINK"),
                        help="publish even when documents or rows drop by more than half (ALLOW_SHRINK=1)")
    parser.add_argument("--dbt-args", default=os.environ.get("DBT_ARGS", ""), help="extra arguments for dbt build")
    parser.add_argument("--raw-dir", type=Path, default=RAW_DIR, help="folder of the plan documents")
    args = parser.parse_args(argv)
    from pipeline.export import ExportError
    from pipeline.lock import BuildLocked
    from pipeline.publish import PublishRefused

    try:
        build(args.strict, args.allow_shrink, shlex.split(args.dbt_args), args.raw_dir)
    except SystemExit as exc:  # a typed stop with its message (e.g. ingest.run.NoDocuments)
        if exc.code in (0, None):
            return 0
        print(f"build stopped: {exc.code}", file=sys.stderr)
        return 2
    except (BuildFailed, BuildLocked, PublishRefused) as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        print("    nothing was published: the live warehouse, exports/ and seeds/extracted/ are unchanged", file=sys.stderr)
        return 2
    except ExportError as exc:
        print(f"build stopped after publish: {exc}", file=sys.stderr)
        print("    the new warehouse is live; exports/ still links the previous complete set, and "
              "seeds/extracted/ is unchanged: run the build again", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
