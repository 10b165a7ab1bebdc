"""Exports as one set: every mart in a new version directory, then one atomic switch of the link.

Warehouses here are small DuckDB files in tmp_path; every row carries the tag of its warehouse so a
reader can tell which build a file came from.
"""
import json
import os
import subprocess
import sys
import threading

import duckdb
import pyarrow.parquet as pq
import pytest

import pipeline.export as export_module
from pipeline.export import COMPLETE, ExportError, export
from pipeline.lock import BuildLocked
from tests.conftest import ROOT

TABLES = {"alpha", "beta", "gamma"}


def make_warehouse(path, tag, rows=30):
    """marts.alpha (rows stored in reverse), marts.beta (NULLs and a list column), marts.gamma (empty),
    and a table outside marts that must not be exported."""
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema marts")
        con.execute("create table marts.alpha as select range as i, ?::varchar as tag from range(?) order by range desc",
                    [tag, rows])
        con.execute("create table marts.beta as select case when range % 3 = 0 then null else range end as n, "
                    "[range, range + 1] as pair, ?::varchar as tag from range(7)", [tag])
        con.execute("create table marts.gamma (k integer, tag varchar)")
        con.execute("create table main.not_a_mart as select 1 as x")
    finally:
        con.close()
    return path


def tags(directory):
    """Every tag value in every Parquet file of a directory."""
    found = set()
    for f in directory.glob("*.parquet"):
        found.update(pq.read_table(f).column("tag").to_pylist())
    return found


@pytest.fixture
def layout(tmp_path):
    root = tmp_path / "checkout"
    (root / "warehouse").mkdir(parents=True)
    return root / "warehouse" / "public_services.duckdb", root / "exports", root / "warehouse" / "exports"


def test_the_set_is_complete_and_matches_the_tables(layout, spawn):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    reader = spawn("import sys, duckdb\ncon = duckdb.connect(sys.argv[1], read_only=True)\n"
                   "print('ready', flush=True)\nsys.stdin.readline()", wh)
    assert reader.expect() == "ready"  # a read-only reader holds the file: a read-write open would fail

    version = export(wh, link, versions, "b1")

    assert version == versions / "b1"
    assert link.is_symlink() and not os.path.isabs(os.readlink(link))
    assert link.resolve() == version.resolve()
    assert {p.stem for p in link.glob("*.parquet")} == TABLES
    marker = json.loads((version / COMPLETE).read_text())
    assert marker["build_id"] == "b1" and marker["tables"] == sorted(TABLES)
    con = duckdb.connect(str(wh), read_only=True)
    try:
        for name, qualified in (("alpha", "marts.alpha"), ("beta", "marts.beta"), ("gamma", "marts.gamma")):
            expected = con.table(qualified).order("all").fetchall()
            assert duckdb.read_parquet(str(link / f"{name}.parquet")).fetchall() == expected, name
    finally:
        con.close()
    assert pq.ParquetFile(link / "alpha.parquet").metadata.row_group(0).column(0).compression == "ZSTD"
    assert pq.read_table(link / "alpha.parquet").column("i").to_pylist() == list(range(30))  # ORDER BY ALL
    assert reader.finish() == 0


def test_the_link_switches_atomically(layout):
    """While builds A and B export in turn, a reader resolving the link always finds one complete set."""
    wh, link, versions = layout
    wh_a = make_warehouse(wh, "A")
    wh_b = make_warehouse(wh.with_name("b.duckdb"), "B")
    stop = threading.Event()
    seen, bad = [], []

    def reader():
        while not stop.is_set():
            if not link.is_symlink():
                continue
            d = link.resolve()
            try:
                marker = json.loads((d / COMPLETE).read_text())
                files = {p.stem for p in d.glob("*.parquet")}
                found = tags(d)
            except Exception as exc:  # noqa: BLE001 - collected and asserted below
                bad.append(f"{d}: {exc!r}")
                continue
            expected = "A" if marker["build_id"].startswith("a") else "B"
            if files != TABLES or found != {expected}:
                bad.append(f"{d}: files {sorted(files)}, tags {sorted(found)}, marker {marker['build_id']}")
            seen.append(marker["build_id"])

    t = threading.Thread(target=reader)
    t.start()
    try:
        for n in range(8):
            source, prefix = (wh_a, "a") if n % 2 == 0 else (wh_b, "b")
            version = export(source, link, versions, f"{prefix}{n}", keep=100)  # no pruning under the reader
            assert tags(link.resolve()) == {prefix.upper()}, "after an export, every file is from that build"
            assert link.resolve() == version.resolve()
    finally:
        stop.set()
        t.join()
    assert not bad, bad[:3]
    assert len(set(seen)) >= 3, f"the reader saw too few versions to mean anything: {sorted(set(seen))}"


KILLED_EXPORT = r"""
import os, signal, sys
from pathlib import Path
import pipeline.export as ex
write = ex._write_table
def write_then_die(con, table, path):
    write(con, table, path)
    os.kill(os.getpid(), signal.SIGKILL)  # killed after the first file, before the marker and the switch
ex._write_table = write_then_die
ex.export(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), "killed")
"""


def test_a_killed_run_is_cleaned_up_and_never_linked(layout):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    export(wh, link, versions, "b1")
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(wh), str(link), str(versions)], cwd=ROOT,
                            capture_output=True, text=True, timeout=30)
    assert killed.returncode == -9, killed.stderr
    leftover = versions / "killed"
    assert (leftover / "alpha.parquet").exists() and not (leftover / COMPLETE).exists()
    assert link.resolve() == (versions / "b1").resolve(), "a killed run must not move the link"
    stale_tmp = link.with_name(".exports.tmp-99999")
    stale_tmp.symlink_to("warehouse/exports/killed")  # a temp link a run killed mid-switch would leave

    log = []
    export(wh, link, versions, "b2", log=log)  # the export lock died with the killed process
    assert not leftover.exists() and not stale_tmp.is_symlink()
    assert any("killed" in m and "incomplete" in m for m in log), log
    assert link.resolve() == (versions / "b2").resolve()


def test_a_failed_export_keeps_the_previous_set(layout, monkeypatch):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    export(wh, link, versions, "b1")
    make_warehouse(wh.with_name("b.duckdb"), "B")
    write = export_module._write_table
    calls = []

    def fail_on_second(con, table, path):
        calls.append(table)
        if len(calls) == 2:
            raise OSError("disk full")
        write(con, table, path)

    monkeypatch.setattr(export_module, "_write_table", fail_on_second)
    with pytest.raises(ExportError, match="disk full") as failed:
        export(wh.with_name("b.duckdb"), link, versions, "b2")
    assert "marts.beta" in str(failed.value) and str(versions / "b2" / "beta.parquet") in str(failed.value)
    assert not (versions / "b2").exists()
    assert link.resolve() == (versions / "b1").resolve() and tags(link) == {"A"}


def test_the_linked_version_is_never_deleted_even_without_a_marker(layout, monkeypatch):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    pinned = versions / "pinned"
    pinned.mkdir(parents=True)
    link.symlink_to(os.path.relpath(pinned, link.parent))
    monkeypatch.setattr(export_module, "_write_table", lambda *a: (_ for _ in ()).throw(OSError("boom")))
    with pytest.raises(ExportError, match="boom"):
        export(wh, link, versions, "b1")
    assert pinned.is_dir() and link.resolve() == pinned.resolve()


def test_versions_beyond_the_previous_two_are_pruned(layout):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    for n in range(1, 6):
        export(wh, link, versions, f"b{n}")
    assert sorted(p.name for p in versions.iterdir() if p.is_dir()) == ["b3", "b4", "b5"]
    assert link.resolve() == (versions / "b5").resolve()


def test_an_existing_build_id_is_refused(layout):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    export(wh, link, versions, "b1")
    before = sorted(p.name for p in (versions / "b1").iterdir())
    with pytest.raises(ExportError, match="already exists") as refused:
        export(wh, link, versions, "b1")
    assert str(versions / "b1") in str(refused.value)
    assert sorted(p.name for p in (versions / "b1").iterdir()) == before
    with pytest.raises(ExportError, match="cannot name a version"):
        export(wh, link, versions, "../escape")


def test_a_path_with_a_quote_works(tmp_path):
    root = tmp_path / "it's here"
    root.mkdir()
    wh = make_warehouse(root / "wh'.duckdb", "A")
    version = export(wh, root / "exports", root / "versions", "b1")
    assert {p.stem for p in (root / "exports").glob("*.parquet")} == TABLES
    assert tags(version) == {"A"}
    cli = subprocess.run([sys.executable, "-m", "pipeline.export", str(wh), str(root / "exports"), str(root / "versions")],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert (root / "exports").resolve() != version.resolve() and tags(root / "exports") == {"A"}


def test_migration_from_a_real_directory(layout):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    link.mkdir()
    (link / ".gitkeep").write_text("")
    (link / "stale_mart.parquet").write_bytes(b"old layout")
    log = []
    version = export(wh, link, versions, "b1", log=log)
    assert link.is_symlink() and link.resolve() == version.resolve()
    assert {p.name for p in version.iterdir()} == {f"{t}.parquet" for t in TABLES} | {COMPLETE}
    (legacy,) = [p for p in versions.iterdir() if p.name.startswith("legacy-")]
    assert (legacy / ".gitkeep").exists() and (legacy / "stale_mart.parquet").read_bytes() == b"old layout"
    assert any(str(legacy) in m for m in log), log
    for n in range(2, 5):  # the legacy set is kept like a version, then pruned like one
        export(wh, link, versions, f"b{n}")
    assert not legacy.exists()


def test_the_relative_link_survives_moving_the_checkout(layout, tmp_path):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    export(wh, link, versions, "b1")
    moved = tmp_path / "moved"
    link.parent.rename(moved)
    assert tags(moved / "exports") == {"A"}


def test_one_export_at_a_time(layout, spawn):
    wh, link, versions = layout
    make_warehouse(wh, "A")
    versions.mkdir(parents=True)
    holder = spawn("import sys\nfrom pathlib import Path\nfrom pipeline.lock import build_lock\n"
                   "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    sys.stdin.readline()",
                   versions / ".export.lock")
    assert holder.expect() == "held"
    with pytest.raises(BuildLocked, match=f"another export is running.*pid {holder.pid}"):
        export(wh, link, versions, "b1")
    assert not (versions / "b1").exists() and not link.exists()
    assert holder.finish() == 0


def test_unsafe_names_and_missing_warehouses_are_reported(tmp_path):
    wh = make_warehouse(tmp_path / "w.duckdb", "A")
    con = duckdb.connect(str(wh))
    con.execute('create table marts."../evil" as select 1 as x')
    con.close()
    with pytest.raises(ExportError, match="plain identifier"):
        export(wh, tmp_path / "exports", tmp_path / "versions", "b1")
    assert not (tmp_path / "versions" / "b1").exists() and not (tmp_path / "exports").exists()
    with pytest.raises(ExportError, match="no warehouse file at"):
        export(tmp_path / "missing.duckdb", tmp_path / "exports", tmp_path / "versions", "b2")
