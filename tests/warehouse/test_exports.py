"""One Parquet file per mart, and a second build from the same inputs gives the same content."""
import os
import subprocess

import duckdb

from pipeline.export import export
from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE
from tests.warehouse.test_marts import MARTS

EXPORTS = ROOT / "exports"


def _content(path):
    con = duckdb.connect()
    try:
        return con.execute(f"select * from read_parquet('{path}')").fetchall()
    finally:
        con.close()


def test_one_parquet_per_mart():
    assert {p.stem for p in EXPORTS.glob("*.parquet")} == MARTS


def test_parquet_matches_the_warehouse():
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        for name in MARTS:
            expected = con.execute(f"select * from marts.{name} order by all").fetchall()
            assert _content(EXPORTS / f"{name}.parquet") == expected, name
    finally:
        con.close()


def test_a_second_build_gives_identical_parquet_content(tmp_path):
    """Rebuild from the committed seeds into a scratch warehouse and export again."""
    scratch = tmp_path / "again.duckdb"
    env = {**os.environ, "WAREHOUSE_PATH": str(scratch), "DBT_PROFILES_DIR": str(ROOT)}
    dbt = ROOT / ".venv" / "bin" / "dbt"
    subprocess.run([str(dbt), "build", "--quiet", "--target-path", str(tmp_path / "target")], cwd=ROOT, env=env, check=True)
    out = tmp_path / "exports"
    export(scratch, out)
    for name in MARTS:
        assert _content(out / f"{name}.parquet") == _content(EXPORTS / f"{name}.parquet"), name
