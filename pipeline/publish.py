"""Publish step: record the build in meta.build_info, then replace the live warehouse by rename.

load inputs  : the freshly built file (WAREHOUSE_BUILD), the seeds and raw files it came from
process      : write one meta.build_info row (input hashes, code version, tool versions, time)
save outputs : os.replace(build file -> live file). A reader holding the old file open keeps
               reading the old inode; new readers see only a complete warehouse.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "warehouse" / "public_services.duckdb"
BUILD = ROOT / "warehouse" / "public_services.building.duckdb"
TOOLS = ("duckdb", "dbt-core", "dbt-duckdb", "pandas", "pyarrow", "great-expectations", "opencc", "pypinyin")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_hashes(root: Path = ROOT) -> dict[str, str]:
    files = sorted((root / "data" / "raw").glob("*.txt")) + sorted((root / "seeds").rglob("*.csv"))
    return {str(p.relative_to(root)): _sha256(p) for p in files}


def code_version(root: Path = ROOT) -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ingest", "pipeline", "models", "macros", "seeds"],
                               cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def tool_versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for name in TOOLS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def record_build(build: Path) -> None:
    con = duckdb.connect(str(build))
    try:
        con.execute("create schema if not exists meta")
        con.execute("""create or replace table meta.build_info (
            built_at timestamp, code_version varchar, tool_versions json, input_hashes json, n_inputs integer)""")
        hashes = input_hashes()
        con.execute("insert into meta.build_info values (?, ?, ?, ?, ?)", [
            datetime.now(timezone.utc).replace(tzinfo=None), code_version(),
            json.dumps(tool_versions(), sort_keys=True), json.dumps(hashes, sort_keys=True), len(hashes)])
        con.execute("checkpoint")
    finally:
        con.close()


def publish(build: Path = BUILD, live: Path = LIVE) -> None:
    if not build.exists():
        raise SystemExit(f"publish: no built warehouse at {build}; run dbt build first")
    record_build(build)
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        raise SystemExit(f"publish: {wal} still exists; the build did not close cleanly")
    os.replace(build, live)


if __name__ == "__main__":
    publish()
    print(f"    published {LIVE.relative_to(ROOT)}", file=sys.stderr)
