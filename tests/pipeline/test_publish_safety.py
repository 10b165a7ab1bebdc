"""Publish safely: never over a live file another process is writing, never let a stray WAL replay onto
the new file, never publish a much smaller warehouse by accident, never disturb read-only readers.

Every warehouse here is a small DuckDB file in tmp_path: schema marts with dim_document (status),
fct_a (tagged 'old' / 'new' so a reader can tell which build it sees) and the small fct_b.
"""
import os
import subprocess
import sys

import duckdb
import pytest

from pipeline.publish import (LiveFileBusy, PublishRefused, ShrinkRefused, live_writer, publish,
                              shrink_problems)
from pipeline.publish import main as publish_main
from tests.conftest import ROOT

# A foreign writer: holds the file read-write, deletes rows of fct_a and keeps them in the WAL (no
# checkpoint). "hold" waits for a line on stdin; "exit" leaves without checkpointing, like a killed writer.
WRITER = r"""
import os, sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("PRAGMA disable_checkpoint_on_shutdown")
con.execute("SET checkpoint_threshold = '1GB'")
con.execute("delete from marts.fct_a where i < 15")
print("ready", flush=True)
if sys.argv[2] == "exit":
    os._exit(0)
sys.stdin.readline()
"""

# A BI tool: one read-only connection kept open; answers "count" with what it sees.
READER = r"""
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("ready", flush=True)
for line in sys.stdin:
    n, tag = con.execute("select count(*), min(tag) from marts.fct_a").fetchone()
    print(n, tag, flush=True)
"""


def make_warehouse(path, tag, docs=5, rows=40, small=5):
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute("create table marts.dim_document as select range as doc_id, "
                    "case when range < ? then 'ok' else 'failed' end as status from range(?)", [docs, docs + 1])
        con.execute("create table marts.fct_a as select range as i, ?::varchar as tag from range(?)", [tag, rows])
        con.execute("create table marts.fct_b as select range as j from range(?)", [small])
    finally:
        con.close()
    return path


def sees(path):
    """(rows of fct_a, its tag) through a fresh read-only connection, closed again."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(*), min(tag) from marts.fct_a").fetchone()
    finally:
        con.close()


@pytest.fixture
def files(tmp_path):
    wh = tmp_path / "warehouse"
    wh.mkdir()
    live = make_warehouse(wh / "public_services.duckdb", "old")
    build = make_warehouse(wh / "public_services.building.duckdb", "new", rows=45)
    return build, live


def wal(path):
    return path.with_name(path.name + ".wal")


def test_refuses_while_a_foreign_process_holds_the_live_file_read_write(files, spawn):
    build, live = files
    writer = spawn(WRITER, live, "hold")
    assert writer.expect() == "ready"
    assert wal(live).exists()

    holder = live_writer(live)
    assert holder and f"PID {writer.pid}" in holder and str(live) in holder
    assert "Conflicting lock is held" in holder  # DuckDB's own words are quoted
    assert WRITER.strip().splitlines()[0] in holder  # the holder's command line, from /proc/PID/cmdline

    with pytest.raises(LiveFileBusy) as refused:
        publish(build, live)
    assert f"PID {writer.pid}" in str(refused.value) and str(live) in str(refused.value)
    assert isinstance(refused.value, PublishRefused)
    # nothing was touched: the build is still there, the writer's WAL is still its own
    assert build.exists() and wal(live).exists() and not (live.parent / "quarantine").exists()
    assert writer.finish() == 0


def test_duckdb_replays_a_stray_wal_onto_a_new_file(files, spawn):
    """The hazard itself (why publish quarantines): rename a new file under a leftover WAL and DuckDB
    applies the old writer's deletions to it."""
    build, live = files
    writer = spawn(WRITER, live, "exit")
    assert writer.expect() == "ready"
    writer.finish()
    assert wal(live).exists() and live_writer(live) is None
    os.replace(build, live)
    assert sees(live) == (30, "new")  # 45 new rows minus the foreign writer's 15 deletions


def test_a_stray_wal_is_quarantined_and_not_replayed_onto_the_new_file(files, spawn):
    build, live = files
    writer = spawn(WRITER, live, "exit")
    assert writer.expect() == "ready"
    writer.finish()
    assert wal(live).exists() and live_writer(live) is None  # a WAL, but nobody holds the file

    messages = publish(build, live)
    quarantined = list((live.parent / "quarantine").iterdir())
    assert len(quarantined) == 1 and quarantined[0].name.startswith("public_services.duckdb.wal.")
    assert any(str(quarantined[0]) in m and "stray WAL" in m for m in messages), messages
    assert not wal(live).exists() and not build.exists()
    assert sees(live) == (45, "new")  # the new data, not the foreign deletions
    assert not wal(live).exists()


def test_a_shrunken_build_is_refused_unless_allowed(tmp_path):
    live = make_warehouse(tmp_path / "live.duckdb", "old", docs=10, rows=100, small=5)
    build = make_warehouse(tmp_path / "build.duckdb", "new", docs=4, rows=40, small=1)

    problems = shrink_problems(build, live)
    assert len(problems) == 3, problems
    docs, dim_document, fct_a = problems
    assert "documents with status 'ok' in marts.dim_document: 10 in the live warehouse" in docs
    assert "4 in the new build" in docs
    assert "marts.dim_document: 11 rows" in dim_document and "5 in the new build" in dim_document
    assert "marts.fct_a: 100 rows" in fct_a and "40 in the new build" in fct_a
    assert all(str(live) in p and str(build) in p for p in problems)
    assert not any("fct_b" in p for p in problems)  # under 10 rows: not judged

    with pytest.raises(ShrinkRefused) as refused:
        publish(build, live)
    assert refused.value.problems == problems and "--allow-shrink" in str(refused.value)
    assert build.exists() and sees(live) == (100, "old")

    messages = publish(build, live, allow_shrink=True)
    assert any("marts.fct_a" in m for m in messages)
    assert sees(live) == (40, "new")


def test_exactly_half_and_growth_are_fine(tmp_path):
    live = make_warehouse(tmp_path / "live.duckdb", "old", docs=10, rows=100)
    assert shrink_problems(make_warehouse(tmp_path / "half.duckdb", "new", docs=5, rows=50), live) == []
    assert shrink_problems(make_warehouse(tmp_path / "more.duckdb", "new", docs=20, rows=500), live) == []


def test_zero_documents_are_refused_even_on_a_first_publish(tmp_path):
    build = make_warehouse(tmp_path / "build.duckdb", "new", docs=0)
    live = tmp_path / "live.duckdb"
    problems = shrink_problems(build, live)
    assert len(problems) == 1 and "0 documents" in problems[0] and str(build) in problems[0]
    with pytest.raises(ShrinkRefused):
        publish(build, live)
    assert not live.exists()

    make_warehouse(live, "old", docs=3)
    with pytest.raises(ShrinkRefused, match="0 documents") as refused:
        publish(build, live)
    assert "the live warehouse" in refused.value.problems[0] and "has 3" in refused.value.problems[0]
    assert sees(live) == (40, "old")


def test_a_read_only_reader_keeps_the_old_data_and_does_not_block(files, spawn):
    build, live = files
    reader = spawn(READER, live)
    assert reader.expect() == "ready"
    reader.send("count")
    assert reader.expect() == "40 old"
    assert live_writer(live) is None  # a reader is not a writer

    publish(build, live)

    reader.send("count")
    assert reader.expect() == "40 old"  # its open file is the old inode
    assert sees(live) == (45, "new")  # anyone opening now gets the new build
    assert reader.finish() == 0


def test_an_unclean_or_missing_build_is_refused(files):
    build, live = files
    wal(build).write_bytes(b"")
    with pytest.raises(PublishRefused, match="not closed cleanly"):
        publish(build, live)
    wal(build).unlink()
    build.unlink()
    with pytest.raises(PublishRefused, match="no built warehouse"):
        publish(build, live)
    assert sees(live) == (40, "old")


def test_the_command_line_refuses_and_accepts_allow_shrink(tmp_path, monkeypatch, capsys):
    live = make_warehouse(tmp_path / "live.duckdb", "old", rows=100)
    build = make_warehouse(tmp_path / "build.duckdb", "new", rows=10)
    args = ["--build", str(build), "--live", str(live)]
    env = {k: v for k, v in os.environ.items() if k != "ALLOW_SHRINK"}
    refused = subprocess.run([sys.executable, "-m", "pipeline.publish", *args], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert refused.returncode == 1 and "marts.fct_a: 100 rows" in refused.stderr, refused.stderr
    assert "--allow-shrink" in refused.stderr

    monkeypatch.setenv("ALLOW_SHRINK", "1")
    assert publish_main(args) == 0
    assert "marts.fct_a" in capsys.readouterr().err
    assert sees(live) == (10, "new")


def test_a_live_file_that_a_foreign_wal_makes_unreadable_needs_allow_shrink(files, spawn, tmp_path):
    """A WAL from another database beside the live file (e.g. left over from an earlier rename) makes
    DuckDB fail on open. The comparison cannot run: that is a problem, overridable, and publishing
    then moves the WAL aside."""
    build, live = files
    other = make_warehouse(tmp_path / "other.duckdb", "other")
    con = duckdb.connect(str(other))
    con.execute("create table marts.only_in_other (x integer)")
    con.close()
    writer = spawn(WRITER.replace("delete from marts.fct_a where i < 15", "insert into marts.only_in_other values (1)"),
                   other, "exit")
    assert writer.expect() == "ready"
    writer.finish()
    os.replace(wal(other), wal(live))
    with pytest.raises(duckdb.Error):
        sees(live)
    assert live_writer(live) is None  # the lock was taken before the replay failed: nobody holds it

    with pytest.raises(ShrinkRefused, match="cannot compare with the live warehouse"):
        publish(build, live)
    assert wal(live).exists()
    messages = publish(build, live, allow_shrink=True)
    assert any("stray WAL" in m for m in messages)
    assert sees(live) == (45, "new")
