"""The contract checks (Great Expectations) ran on this build, can fail, and name the file and line of
a failing row. Document problems are not contract checks: they are dq_findings rows."""
import json

import pytest

from pipeline import quality
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def broken_summary(tmp_path_factory):
    frames = quality.load_extracted()
    docs = frames["documents"]
    frames["documents"] = docs.iloc[list(range(len(docs))) + [0]].reset_index(drop=True)  # duplicate key
    values = frames["indicator_values"].copy()
    values.loc[values.index[0], "value_kind"] = "guess"  # outside the set
    frames["indicator_values"] = values
    suites = {k: v for k, v in quality.seed_suites().items() if k in ("documents", "indicator_values")}
    return quality.validate({"seeds": (frames, suites)}, tmp_path_factory.mktemp("docs")), values


def test_this_builds_contracts_passed():
    summary = json.loads((ROOT / "reports" / "quality" / "contracts_results.json").read_text(encoding="utf-8"))
    assert summary["failed"] == []
    assert {d.split(".")[0] for d in summary["datasets"]} == {"seeds", "marts"}
    assert sum(d["expectations"] for d in summary["datasets"].values()) > 100
    assert (ROOT / "reports" / "quality" / "data_docs" / "index.html").exists()


def test_a_broken_contract_fails_and_names_file_and_line(broken_summary):
    summary, values = broken_summary
    failed = {(f["dataset"], f["expectation"], f["kwargs"].get("column")) for f in summary["failed"]}
    assert ("seeds.documents", "expect_column_values_to_be_unique", "doc_id") in failed
    assert ("seeds.indicator_values", "expect_column_values_to_be_in_set", "value_kind") in failed
    [kind] = [f for f in summary["failed"] if f["kwargs"].get("column") == "value_kind"]
    docs = quality.load_extracted()["documents"]
    source_file = docs.set_index("doc_id").loc[values.iloc[0]["doc_id"], "source_file"]
    assert kind["where"] == [f"{source_file}:{values.iloc[0]['source_line']}"]


def test_contract_rules_come_from_the_single_declaration():
    from ingest.model.contract import RULES
    from ingest.model.records import TABLES

    suites = quality.seed_suites()
    assert set(suites) == set(TABLES)
    assert sum(len(s) for s in suites.values()) >= len(RULES) + len(TABLES)
