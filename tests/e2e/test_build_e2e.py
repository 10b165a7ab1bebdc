"""End to end, on one scratch checkout: odd documents become findings and never fail the build,
the other plans build unchanged, and a failed or refused build changes nothing."""
from __future__ import annotations

import csv
import os

import pytest

from ingest import run as pipeline

from ingest.document import sha256_hex
from pipeline.lock import build_lock
from tests.conftest import ROOT
from tests.e2e.conftest import published_state


def _rows(con, sql, *params):
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def test_odd_documents_do_not_fail_the_build(scratch):
    assert scratch.build.returncode == 0, scratch.build.stdout[-3000:] + scratch.build.stderr[-3000:]


def test_every_distinct_content_is_one_document(scratch):
    raw = pipeline.list_documents(scratch.root / "data" / "raw")  # every plan format, not only .txt
    contents = {sha256_hex(p.read_bytes()) for p in raw}
    with scratch.con() as con:
        docs = _rows(con, "select doc_id, source_file, sha256, status from marts.dim_document")
        dup = _rows(con, "select source_file, doc_id from marts.dq_findings where check_name = 'duplicate_document'")
    assert {d["sha256"] for d in docs} == contents
    assert len(docs) == len(contents)
    named = {d["source_file"] for d in docs} | {d["source_file"] for d in dup}
    assert named == {p.name for p in raw}, "every file is a document or a reported duplicate"
    for m, info in scratch.mutants.items():
        if m.startswith(("zz_same", "m_empty_2")):
            assert m in {d["source_file"] for d in dup}, f"{m} (same bytes as {info['from']}) has no duplicate_document finding"


def test_converted_documents_build_with_their_format(scratch):
    with scratch.con() as con:
        docs = _rows(con, """select source_file, file_format, converter, status, text_sha256, n_indicator_statements
                             + n_service_items + n_tasks as n_rows from marts.dim_document where file_format <> 'text'""")
    assert docs, "the scratch corpus has converted documents"
    for d in docs:
        assert d["status"] == "ok" and d["converter"] and d["text_sha256"] and d["n_rows"] > 0, d
        assert d["source_file"].rsplit(".", 1)[1] == d["file_format"]
        assert (scratch.root / "seeds" / "extracted" / "text").is_dir()


def test_the_real_plans_build_exactly_as_alone(scratch):
    """The five plans keep their doc_id and every extracted row, whatever else is in data/raw."""
    committed = ROOT / "seeds" / "extracted"
    docs = {r["source_file"]: r["doc_id"] for r in csv.DictReader((committed / "documents.csv").open(encoding="utf-8"))}
    with scratch.con() as con:
        got = {r["source_file"]: (r["doc_id"], r["status"]) for r in _rows(con, "select * from marts.dim_document")}
    for source_file, doc_id in docs.items():
        assert got[source_file] == (doc_id, "ok")
    ids = set(docs.values())
    for table in ("indicator_values", "service_items", "tasks", "responsibilities", "ingest_findings"):
        def mine(path):
            with path.open(encoding="utf-8") as fh:
                return sorted(tuple(r.values()) for r in csv.DictReader(fh)
                              if r["doc_id"] in ids and r.get("source_file", "") in ("", *docs))
        assert mine(scratch.root / "seeds" / "extracted" / f"{table}.csv") == mine(committed / f"{table}.csv"), table


def test_document_problems_are_findings_with_file_and_line(scratch):
    with scratch.con() as con:
        found = _rows(con, "select source_file, source_line, check_name, detail from marts.dq_findings")
        docs = {r["source_file"]: r for r in _rows(con, "select * from marts.dim_document")}
    by_file: dict[str, list] = {}
    for f in found:
        by_file.setdefault(f["source_file"], []).append(f)
    assert any(f["check_name"] == "numbering_gap" for f in by_file["m_numbering_gap.txt"])
    over = scratch.mutants["m_overflow.txt"]["line"]
    assert any(f["check_name"] == "value_out_of_range" and f["source_line"] == over for f in by_file["m_overflow.txt"])
    assert by_file.get("m_lost_tab.txt"), "a cell line without its tab is reported"
    for name in ("m_numbering_gap.txt", "m_overflow.txt", "m_lost_tab.txt"):
        assert docs[name]["status"] == "ok", name
    empty = [d for d in docs.values() if d["source_file"].startswith("m_empty")]
    assert len(empty) == 1 and empty[0]["status"] == "failed"
    assert any(f["check_name"] == "undecodable_file" for f in by_file[empty[0]["source_file"]])


def test_statements_keep_their_grain(scratch):
    with scratch.con() as con:
        dup = con.execute("""select statement_id, value_kind, comparator, year, count(*) from marts.fct_indicator_values
                             group by all having count(*) > 1""").fetchall()
        wrong = con.execute("""select count(*) from marts.fct_indicator_targets
                               where target_upper_value is not null and target_upper_value < target_value""").fetchone()[0]
    assert dup == []
    assert wrong == 0


def test_readers_kept_reading_during_the_build(scratch):
    assert not scratch.read_failures, scratch.read_failures[:3]
    assert len(scratch.reads) > 10


def test_the_warehouse_checks_pass_on_the_scratch_corpus(scratch):
    """The suite's warehouse checks derive from the documents present: they pass with extra plans too.
    (They ran inside the scratch checkout right after its build, in the background: tests/e2e/conftest.py.)"""
    run = scratch.warehouse_checks
    assert run is not None, scratch.build.stderr[-4000:]
    assert run.returncode == 0, run.stdout[-4000:]
    assert " passed" in run.stdout


@pytest.fixture
def untouched(scratch):
    """The published state of the scratch checkout; asserted unchanged after a stopped build."""
    before = published_state(scratch.root)
    yield
    assert published_state(scratch.root) == before, "a stopped build changed the live warehouse, exports/ or seeds/extracted/"


def test_a_failed_dbt_test_publishes_nothing(scratch):
    """(The build ran in the background after the first one: tests/e2e/conftest.py.)"""
    run = scratch.failed_dbt
    assert run is not None and run.returncode == 2, (run.stderr[-3000:] if run else scratch.build.stderr[-3000:])
    assert "nothing was published" in run.stderr
    before, after = scratch.failed_dbt_states
    assert after == before, "a stopped build changed the live warehouse, exports/ or seeds/extracted/"


def test_no_documents_stops_before_anything(scratch, untouched, tmp_path):
    (tmp_path / "empty").mkdir()
    run = scratch.run_build("--raw-dir", str(tmp_path / "empty"))
    assert run.returncode == 2
    assert "no plan documents" in run.stderr
    missing = scratch.run_build("--raw-dir", str(tmp_path / "missing"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr


def test_a_second_build_waits_for_the_lock(scratch, untouched):
    with build_lock(scratch.root / "warehouse" / ".build.lock"):
        run = scratch.run_build()
    assert run.returncode == 2
    assert str(os.getpid()) in run.stderr
