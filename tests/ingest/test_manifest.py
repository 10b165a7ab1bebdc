"""Golden manifest for the five real documents, and the byte-identity of data/raw."""
import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import RAW, ROOT

SHARED = Path(os.environ.get("SHARED_DOCUMENTS", ROOT.parent / "shared" / "documents"))

EXPECTED = {
    "000_0f5b46df09df09b5.txt": ("neijiang_annual_2017", "内江", "四川", "annual_plan", 2017, 2017, "2017-09-11", None, "simplified"),
    "001_e095f4ee91c0465c.txt": ("longnan_opinion_2018_2020", "陇南", "甘肃", "implementation_opinion", 2018, 2020, "2018-04-30", "陇政办发〔2018〕45号", "simplified"),
    "002_41ce2cef4a4ba362.txt": ("bazhong_impl_2021_2025", "巴中", "四川", "implementation_plan", 2021, 2025, "2022-09-16", None, "simplified"),
    "003_aab9be7ad895d433.txt": ("jingmen_fyp_2016_2020", "荆门", "湖北", "five_year_plan", 2016, 2020, "2018-09-06", "荆政发〔2018〕14号", "traditional"),
    "004_2d37ce64d69f20cb.txt": ("dazhou_fyp_2016_2020", "达州", "四川", "five_year_plan", 2016, 2020, None, None, "simplified"),
}


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
def test_manifest(all_results, source_file):
    m = all_results[source_file].manifest
    got = tuple(m[k] for k in ("doc_id", "city", "province", "plan_kind", "period_start", "period_end", "issue_date", "doc_number", "script"))
    assert got == EXPECTED[source_file]
    assert m["status"] == "ok" and m["title"]


def test_every_field_says_where_it_came_from(all_results):
    for r in all_results.values():
        fields = {s["field"]: s for s in r.field_sources}
        assert set(fields) == {"title", "city", "province", "plan_kind", "period_start", "period_end", "issue_date", "doc_number", "issuer"}
        for s in fields.values():
            assert s["origin"] in ("text", "reviewed", "derived", "not_stated")
            if s["origin"] == "text":
                assert s["source_line"] >= 1


def test_reviewed_fields_are_only_used_where_the_text_is_silent(all_results):
    dazhou = {s["field"]: s["origin"] for s in all_results["004_2d37ce64d69f20cb.txt"].field_sources}
    assert dazhou["title"] == "reviewed" and dazhou["city"] == "derived"
    jingmen = {s["field"]: s["origin"] for s in all_results["003_aab9be7ad895d433.txt"].field_sources}
    assert jingmen["title"] == jingmen["doc_number"] == jingmen["issue_date"] == "text"


def test_manifest_sha256_matches_file(all_results):
    for name, r in all_results.items():
        assert r.sha256 == hashlib.sha256((RAW / name).read_bytes()).hexdigest()


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/documents not beside the repo")
def test_raw_copies_are_byte_identical_to_shared():
    names = sorted(p.name for p in SHARED.glob("*.txt"))
    assert names == sorted(p.name for p in RAW.glob("*.txt"))
    for name in names:
        assert (RAW / name).read_bytes() == (SHARED / name).read_bytes()
