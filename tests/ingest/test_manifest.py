"""Golden manifest for the five real documents, and the byte-identity of data/raw."""
import hashlib
import os
from pathlib import Path

import pytest

from tests.conftest import RAW, ROOT

SHARED = Path(os.environ.get("SHARED_DOCUMENTS", ROOT.parent / "shared" / "documents"))

EXPECTED = {
    "000_0f5b46df09df09b5.txt": ("neijiang_annual_2017_a6dbd4", "内江", "四川", "annual_plan", 2017, 2017, "2017-09-11", None, "simplified"),
    "001_e095f4ee91c0465c.txt": ("longnan_opinion_2018_2020_aedfb9", "陇南", "甘肃", "implementation_opinion", 2018, 2020, "2018-04-30", "陇政办发〔2018〕45号", "simplified"),
    "002_41ce2cef4a4ba362.txt": ("bazhong_impl_2021_2025_f7772f", "巴中", "四川", "implementation_plan", 2021, 2025, "2022-09-16", None, "simplified"),
    "003_aab9be7ad895d433.txt": ("jingmen_fyp_2016_2020_19a6a5", "荆门", "湖北", "five_year_plan", 2016, 2020, "2018-09-06", "荆政发〔2018〕14号", "traditional"),
    "004_2d37ce64d69f20cb.txt": ("dazhou_fyp_2016_2020_9baaeb", "达州", "四川", "five_year_plan", 2016, 2020, None, None, "simplified"),
}


def test_doc_id_depends_on_the_document_alone(ref, tmp_path):
    """Adding a file whose name sorts first, or a second plan of the same city and period, never
    changes an existing document's id: the id is city, kind, period and the content hash."""
    from ingest.run import run

    first = RAW / "000_0f5b46df09df09b5.txt"
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / first.name).write_bytes(first.read_bytes())
    alone = {r.source_file: r.doc_id for r in run(tmp_path / "raw", tmp_path / "out1", log=open(os.devnull, "w"))}
    (tmp_path / "raw" / "0000_first.txt").write_bytes(first.read_bytes().replace("3.7万".encode(), "3.8万".encode()))
    both = {r.source_file: r.doc_id for r in run(tmp_path / "raw", tmp_path / "out2", log=open(os.devnull, "w"))}
    assert both[first.name] == alone[first.name]
    assert both["0000_first.txt"] != both[first.name]
    assert both["0000_first.txt"].rsplit("_", 1)[0] == both[first.name].rsplit("_", 1)[0]


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
