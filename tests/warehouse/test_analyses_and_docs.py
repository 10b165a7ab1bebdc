"""Every analysis compiles and runs against the published warehouse; dbt docs generate works and every
mart model and column is described."""
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE

ANALYSES = sorted(p.stem for p in (ROOT / "analyses").glob("*.sql"))


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """One dbt invocation: `docs generate` compiles every node (analyses too) and reads the catalog from a
    copy of the live warehouse (the copy has the live stem: compiled SQL names the catalog after it)."""
    tmp = tmp_path_factory.mktemp("dbt")
    copy = tmp / "public_services.duckdb"
    copy.write_bytes(WAREHOUSE.read_bytes())
    env = {**os.environ, "WAREHOUSE_PATH": str(copy), "DBT_PROFILES_DIR": str(ROOT)}
    target = tmp / "target"
    subprocess.run([str(Path(sys.executable).parent / "dbt"), "docs", "generate", "--quiet", "--target-path", str(target)],
                   cwd=ROOT, env=env, check=True)
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
