"""The Great Expectations suites run, can fail, and tell pipeline errors from source warnings."""
import json

import pandas as pd
import pytest

from pipeline import quality
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def broken_summary(tmp_path_factory):
    frames = quality.load_seeds()
    docs = frames["documents"]
    frames["documents"] = pd.concat([docs, docs.iloc[[0]]], ignore_index=True)  # duplicate key: pipeline error
    values = frames["indicator_values"].copy()
    pct = values.index[(values["unit"] == "%") & (values["value_kind"] == "target")][0]
    values.loc[pct, "value"] = 150.0  # a rate above 100 %: a source warning, not a pipeline error
    values.loc[values.index[0], "value_kind"] = "guess"  # outside the set: pipeline error
    frames["indicator_values"] = values
    items = frames["service_items"]
    kept = items.drop(items.index[3])  # a lost row
    frames["service_items_per_table"] = quality.per_table_counts(kept, kept["context"] == "catalogue list in prose")
    dv = frames["declared_vs_extracted"].copy()
    dv.loc[dv.index[0], "extracted"] = dv.loc[dv.index[0], "declared"] - 1  # the document's own count disagrees
    frames["declared_vs_extracted"] = dv
    return quality.validate("seeds", frames, quality.SEED_SUITES, tmp_path_factory.mktemp("docs"))


def failed(summary, key):
    return {(f["dataset"], f["expectation"], f["kwargs"].get("column") or f["kwargs"].get("column_A")) for f in summary[key]}


def test_build_results_are_clean():
    for stage in ("seeds", "marts"):
        summary = json.loads((ROOT / "reports" / "quality" / f"{stage}_results.json").read_text(encoding="utf-8"))
        assert summary["failed_errors"] == [], stage
        assert sum(d["expectations"] for d in summary["datasets"].values()) > 40
    assert (ROOT / "reports" / "quality" / "data_docs" / "index.html").exists()


def test_pipeline_errors_fail(broken_summary):
    errors = failed(broken_summary, "failed_errors")
    assert ("documents", "expect_column_values_to_be_unique", "doc_id") in errors
    assert ("indicator_values", "expect_column_values_to_be_in_set", "value_kind") in errors
    assert ("service_items_per_table", "expect_column_pair_values_to_be_equal", "n_items") in errors


def test_source_warnings_do_not_fail(broken_summary):
    warnings = failed(broken_summary, "failed_warnings")
    assert ("indicator_values", "expect_column_values_to_be_between", "value") in warnings
    assert ("indicator_values", "expect_column_values_to_be_between", "value") not in failed(broken_summary, "failed_errors")
    assert ("declared_vs_extracted", "expect_column_pair_values_to_be_equal", "declared") in warnings
