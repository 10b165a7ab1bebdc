"""Atomic publish: readers never see a half-built warehouse, a failed build keeps the old one,
and the published file opens in an older DuckDB 1.x (as embedded in BI drivers)."""
import hashlib
import os
import subprocess
import sys
import threading
import time

import duckdb

from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE
from tests.warehouse.test_marts import MARTS

OLD_READER = "1.1.3"  # an older 1.x release, as BI drivers embed


def _make(*targets, **env):
    return subprocess.run(["make", "--no-print-directory", *targets], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True)


def _read_complete(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables where table_schema='marts'").fetchall()}
        assert tables == MARTS, f"reader saw an incomplete warehouse: {sorted(tables)}"
        assert con.execute("select count(*) from meta.build_info").fetchone()[0] == 1
        return con.execute("select count(*) from marts.fct_service_items").fetchone()[0]
    finally:
        con.close()


def test_readers_keep_working_during_a_build_and_publish():
    stop = threading.Event()
    reads, failures = [], []
    held = duckdb.connect(str(WAREHOUSE), read_only=True)  # like a BI tool with the file open

    def reader():
        while not stop.is_set():
            try:
                reads.append(_read_complete(WAREHOUSE))
                reads.append(held.execute("select count(*) from marts.fct_indicator_values").fetchone()[0])
            except Exception as exc:  # noqa: BLE001 - every failure is collected and asserted below
                failures.append(repr(exc))
            time.sleep(0.02)

    t = threading.Thread(target=reader)
    t.start()
    try:
        build = _make("dbt", "publish")
    finally:
        stop.set()
        t.join()
        held.close()
    assert build.returncode == 0, build.stdout + build.stderr
    assert not failures, failures[:3]
    assert len(reads) > 20, "the reader loop did not run during the build"


def test_a_failed_build_leaves_the_live_warehouse_in_place():
    before = hashlib.sha256(WAREHOUSE.read_bytes()).hexdigest()
    items_before = _read_complete(WAREHOUSE)
    failed = _make("dbt", "publish", DBT_ARGS="--vars '{inject_failure: true}'")
    assert failed.returncode != 0
    assert "assert_build__no_injected_failure" in failed.stdout + failed.stderr
    assert hashlib.sha256(WAREHOUSE.read_bytes()).hexdigest() == before
    assert _read_complete(WAREHOUSE) == items_before > 0


def test_the_warehouse_opens_in_an_older_duckdb_1x(tmp_path):
    target = ROOT / ".venv" / "readers" / f"duckdb-{OLD_READER}"
    if not (target / "duckdb").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                        "--target", str(target), f"duckdb=={OLD_READER}"], check=True)
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(duckdb.__version__, c.execute('select count(*) from marts.fct_service_items').fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code, str(WAREHOUSE)], env={**os.environ, "PYTHONPATH": str(target)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [OLD_READER, str(_read_complete(WAREHOUSE))]
