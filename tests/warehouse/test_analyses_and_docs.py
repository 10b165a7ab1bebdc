"""Every analysis compiles and runs against the published warehouse; the build's dbt docs are there and
every mart model and column is described."""
import json

import duckdb
import pytest

from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE

ANALYSES = sorted(p.stem for p in (ROOT / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled():
    """What this build's dbt step left in target/ (pipeline/dbt_steps.py: build, then docs generate in one
    process): the documentation site and every node compiled, the analyses too. No dbt run here."""
    target = ROOT / "target"
    for name in ("manifest.json", "catalog.json", "index.html"):
        assert (target / name).exists(), f"target/{name} is missing: run make build first"
    return target


def test_there_are_at_least_six_analyses_each_stating_its_question():
    assert len(ANALYSES) >= 6
    for name in ANALYSES:
        first = (ROOT / "analyses" / f"{name}.sql").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- Question:"), name


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_runs_on_the_warehouse(compiled, name):
    [path] = list(compiled.rglob(f"analyses/{name}.sql"))
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        cur = con.execute(path.read_text(encoding="utf-8"))
        rows = cur.fetchall()
    finally:
        con.close()
    assert rows, f"{name} returned no rows"


def test_docs_generate_and_every_mart_column_is_described(compiled):
    target = compiled
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    assert (target / "index.html").exists()
    missing = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or "marts" not in node["fqn"]:
            continue
        if not node["description"].strip():
            missing.append(node["name"])
        cat = catalog["nodes"].get(node["unique_id"])
        assert cat, f"{node['name']} not in the catalog"
        for col in cat["columns"]:
            if not node["columns"].get(col, {}).get("description", "").strip():
                missing.append(f"{node['name']}.{col}")
    assert not missing, f"undocumented: {missing}"
