"""exports/ is one complete set of Parquet files, one per mart, equal to the live warehouse."""
import duckdb

from pipeline.export import export
from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE
from tests.warehouse.test_marts import MARTS

EXPORTS = ROOT / "exports"


def _content(path):
    con = duckdb.connect()
    try:
        return con.read_parquet(str(path)).fetchall()
    finally:
        con.close()


def test_exports_is_a_link_to_one_complete_set():
    assert EXPORTS.is_symlink()
    target = EXPORTS.resolve()
    assert (target / "_COMPLETE").is_file()
    assert {p.stem for p in target.glob("*.parquet")} == MARTS


def test_parquet_matches_the_warehouse():
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        for name in MARTS:
            expected = con.table_function("query_table", [f"marts.{name}"]).order("all").fetchall()
            assert _content(EXPORTS / f"{name}.parquet") == expected, name
    finally:
        con.close()


def test_a_second_export_gives_identical_content(tmp_path):
    again = export(WAREHOUSE, tmp_path / "exports", tmp_path / "versions", "again")
    for name in MARTS:
        assert _content(again / f"{name}.parquet") == _content(EXPORTS / f"{name}.parquet"), name
