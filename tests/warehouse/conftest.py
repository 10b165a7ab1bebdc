import duckdb
import pytest

from tests.conftest import ROOT

WAREHOUSE = ROOT / "warehouse" / "public_services.duckdb"


@pytest.fixture(scope="session")
def con():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} missing: run `make build` first (make test does)")
    c = duckdb.connect(str(WAREHOUSE), read_only=True)
    yield c
    c.close()


def rows(con, sql):
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
