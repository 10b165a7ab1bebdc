import duckdb
import pytest

from tests.conftest import ROOT

from ingest.paths import LIVE as WAREHOUSE


@pytest.fixture(scope="session")
def con():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} missing: run `make build` first (make test does)")
    c = duckdb.connect(str(WAREHOUSE), read_only=True)
    yield c
    c.close()


def rows(con, sql, *params):
    cur = con.execute(sql, [list(p) if isinstance(p, (list, tuple)) else p for p in params])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


# The hand-checked plans (tests/golden/<file>.csv). Tests that assert facts about them filter on their
# documents, so that adding any other plan to data/raw never breaks them.
GOLDEN_FILES = sorted(p.stem + ".txt" for p in (ROOT / "tests" / "golden").glob("*.csv"))


@pytest.fixture(scope="session")
def golden(con) -> dict[str, str]:
    """source_file -> doc_id of the hand-checked plans present in the warehouse."""
    return dict(con.execute("select source_file, doc_id from marts.dim_document where list_contains(?, source_file)",
                            [GOLDEN_FILES]).fetchall())


@pytest.fixture(scope="session")
def golden_ids(golden) -> list[str]:
    return sorted(golden.values())
