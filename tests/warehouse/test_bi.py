"""Connect the way BI tools do: SQLAlchemy with duckdb-engine (the Superset dialect), read-only."""
import pytest
from sqlalchemy import create_engine, inspect, literal_column, select, table, text
from sqlalchemy.exc import DBAPIError

from tests.warehouse.conftest import WAREHOUSE


@pytest.fixture(scope="module")
def engine():
    eng = create_engine(f"duckdb:///{WAREHOUSE}", connect_args={"read_only": True})
    yield eng
    eng.dispose()


def test_lists_the_marts_schema(engine):
    insp = inspect(engine)
    assert "public_services.marts" in insp.get_schema_names()  # duckdb-engine lists catalog.schema
    tables = set(insp.get_table_names(schema="marts"))
    assert {"cmp_indicator_by_city", "cmp_service_coverage", "cmp_domain_profile", "cmp_department_load",
            "fct_indicator_values", "dim_document", "dq_findings"} <= tables
    cols = {c["name"] for c in insp.get_columns("cmp_indicator_by_city", schema="marts")}
    assert {"indicator_code", "city", "baseline_value_std", "target_value_std"} <= cols


def test_queries_every_comparison_model(engine):
    with engine.connect() as conn:
        names = [r[0] for r in conn.execute(text(
            "select table_name from information_schema.tables where table_schema = 'marts' and table_name like 'cmp\\_%' escape '\\'"))]
        assert len(names) == 4
        for name in names:
            query = select(literal_column("*")).select_from(table(name, schema="marts")).limit(5)  # quoted by the dialect
            rows = conn.execute(query).fetchall()
            assert rows, name


def test_the_connection_cannot_write(engine):
    with engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("create table marts.scratch as select 1 as x"))
