"""The published file opens in an older DuckDB 1.x, as embedded in BI drivers. (Atomic publish, a failed
build and readers during a build are checked end to end in tests/e2e on a scratch checkout.)"""
import os
import subprocess
import sys

import pytest
from pathlib import Path

from tests.warehouse.conftest import WAREHOUSE

OLD_READER = "1.1.3"  # an older 1.x release, as BI drivers embed; `make test` installs it (the suite installs nothing)
READER_DIR = Path(sys.executable).parent.parent / "readers" / f"duckdb-{OLD_READER}"


@pytest.mark.skipif(not (READER_DIR / "duckdb").is_dir(), reason=f"duckdb {OLD_READER} not in {READER_DIR}: run `make test`")
def test_the_warehouse_opens_in_an_older_duckdb_1x():
    code = ("import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
            "print(duckdb.__version__, c.execute('select count(*) from marts.fct_service_items').fetchone()[0])")
    out = subprocess.run([sys.executable, "-c", code, str(WAREHOUSE)], env={**os.environ, "PYTHONPATH": str(READER_DIR)},
                         capture_output=True, text=True, check=True).stdout.split()
    import duckdb

    with duckdb.connect(str(WAREHOUSE), read_only=True) as con:
        (n,) = con.execute("select count(*) from marts.fct_service_items").fetchone()
    assert out == [OLD_READER, str(n)]
