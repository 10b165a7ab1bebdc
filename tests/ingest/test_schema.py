"""One schema, declared once: the record types in ingest/model/records.py. The dbt source declaration
is generated from them, and the Parquet files dbt reads carry exactly those columns and types."""
import duckdb

from ingest import run as pipeline
from ingest.model.records import TABLES, column_types, columns
from ingest.model.schema import DUCKDB_TYPES, SOURCES_YML, render_sources


def test_the_dbt_source_declaration_is_generated_from_the_records():
    assert SOURCES_YML.read_text(encoding="utf-8") == render_sources(), (
        "models/staging/_extracted__sources.yml differs from ingest/model/records.py: "
        "run `.venv/bin/python -m ingest.model.schema --write`")


def test_the_parquet_files_have_the_declared_columns_and_types(all_results, tmp_path):
    pipeline.write_outputs(list(all_results.values()), tmp_path)
    con = duckdb.connect()
    try:
        for table, record_type in TABLES.items():
            described = con.execute("describe select * from read_parquet(?)", [str(tmp_path / f"{table}.parquet")]).fetchall()
            declared = column_types(record_type)
            assert [r[0] for r in described] == columns(record_type), table
            assert {r[0]: r[1].lower() for r in described} == {c: DUCKDB_TYPES[t] for c, t in declared.items()}, table
    finally:
        con.close()


def test_every_reference_seed_declares_the_type_of_each_of_its_columns():
    """dbt_project.yml declares column_types for every reference seed (no type guessing, no 3 s of
    sniffing), exactly for the columns the CSV has."""
    import csv

    import yaml

    from ingest.paths import REF_DIR, ROOT

    seeds = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["seeds"]["public_services"]["reference"]
    for path in sorted(REF_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        declared = (seeds.get(path.stem) or {}).get("+column_types")
        assert declared, f"dbt_project.yml: seeds.reference.{path.stem} has no +column_types"
        assert list(declared) == header, f"{path.name}: column_types {list(declared)} != CSV header {header}"
