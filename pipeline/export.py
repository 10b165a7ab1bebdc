"""Export step: one Parquet file per mart, published as one complete set.

load inputs  : a warehouse file, opened read-only
process      : every table of schema `marts`, all columns, rows ORDER BY ALL (DuckDB-specific; confined
               to this layer), through DuckDB's relation API: no SQL text is built from names or paths
save outputs : a new version directory `<versions_dir>/<build_id>/` holding `<table>.parquet` (zstd) for
               every mart and, written last, a `_COMPLETE` marker; then the symlink `exports_link`
               (ROOT/exports) is switched to it in one rename. A reader who resolves the link gets
               one complete set, never a mix of two builds or a half-written one.

Layout (the defaults of `python -m pipeline.export`):

    exports -> warehouse/exports/<build_id>          relative symlink, so the checkout can move
    warehouse/exports/<build_id>/<table>.parquet
    warehouse/exports/<build_id>/_COMPLETE           JSON: build id, warehouse, tables, time
    warehouse/exports/.export.lock                   one export at a time (pipeline.lock)

The version the link points to and the 2 versions before it are kept (a reader who resolved the link
just before a switch can finish reading); older ones are deleted. A version directory without
`_COMPLETE` is what a killed export leaves behind: it is never linked and is deleted by the next
export. An `exports` that is still a real directory (the old layout) is moved aside, as a whole, to
`<versions_dir>/legacy-<UTC time>/` (marked `_LEGACY`, kept and pruned like a version) and replaced by
the link.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from pipeline.lock import BuildLocked, build_lock

from ingest.paths import EXPORT_LINK, LIVE
from ingest.paths import EXPORT_VERSIONS as VERSIONS_DIR
EXPORT_DIR = EXPORT_LINK  # old name, kept for callers that import it

MARTS_SCHEMA = "marts"
COMPLETE = "_COMPLETE"
LEGACY = "_LEGACY"
LOCK_NAME = ".export.lock"
KEEP_PREVIOUS = 2

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_BUILD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")


class ExportError(RuntimeError):
    """The export could not be written or published; the message names the file and the reason.
    When raised, the exports link still points to the previous complete set."""


# --- reading marts (shared with pipeline.publish) -------------------------------------------------

def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of every table and view in schema `marts` of the connection's database, sorted."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_catalog = current_database()",
        [MARTS_SCHEMA]).fetchall()
    return sorted(r[0] for r in rows)


def use_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Make `marts` the connection's default schema, so mart_relation() can name tables unqualified."""
    con.execute("use marts")


def mart_relation(con: duckdb.DuckDBPyConnection, table: str) -> duckdb.DuckDBPyRelation:
    """All columns of marts.<table> as a relation; call use_marts(con) first.

    The name goes to DuckDB as a value (query_table), never into SQL text. Only plain identifiers are
    accepted: a mart's name also becomes a file name, and DuckDB's qualified-name parser has no
    escape for quotes inside a quoted name.
    """
    if not _PLAIN_NAME.match(table):
        raise ExportError(f"table {MARTS_SCHEMA}.{table!r} does not have a plain identifier as its name "
                          f"([A-Za-z_][A-Za-z0-9_]*); it cannot be read or exported as a file name")
    return con.table_function("query_table", [table])


def open_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to `warehouse`, or ExportError naming the file and DuckDB's reason
    (for a file held read-write by another process, DuckDB's message names its PID)."""
    if not warehouse.is_file():
        raise ExportError(f"no warehouse file at {warehouse}")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise ExportError(f"cannot open warehouse {warehouse} read-only: {exc}") from exc


# --- writing one set ------------------------------------------------------------------------------

def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, (os.O_RDONLY | os.O_DIRECTORY) if directory else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_table(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """marts.<table>, all columns, ORDER BY ALL, as zstd Parquet at `path`."""
    mart_relation(con, table).order("all").write_parquet(str(path), compression="zstd")
    _fsync(path)


def write_set(warehouse: Path, out_dir: Path) -> list[str]:
    """Write `<table>.parquet` for every mart of `warehouse` (opened read-only) into the existing,
    empty directory `out_dir`. Returns the table names, sorted. Does not write the marker."""
    con = open_read_only(warehouse)
    try:
        tables = mart_tables(con)
        if not tables:
            raise ExportError(f"warehouse {warehouse} has no tables in schema {MARTS_SCHEMA}; nothing to export")
        use_marts(con)
        for table in tables:
            try:
                _write_table(con, table, out_dir / f"{table}.parquet")
            except (duckdb.Error, OSError) as exc:
                raise ExportError(f"cannot export {MARTS_SCHEMA}.{table} of {warehouse} to "
                                  f"{out_dir}/{table}.parquet: {exc}") from exc
    finally:
        con.close()
    return tables


def _write_marker(version: Path, name: str, content: dict) -> None:
    tmp = version / f".{name}.tmp"
    tmp.write_text(json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    _fsync(tmp)
    os.replace(tmp, version / name)
    _fsync(version, directory=True)


# --- versions -------------------------------------------------------------------------------------

def new_build_id() -> str:
    """A sortable, unique-enough id: UTC time to the microsecond and the pid."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ") + f"-{os.getpid()}"


def default_versions_dir(exports_link: Path) -> Path:
    """ROOT/warehouse/exports for ROOT/exports; `.<name>.versions` beside any other link."""
    if Path(os.path.abspath(exports_link)) == EXPORT_LINK:
        return VERSIONS_DIR
    return exports_link.with_name(f".{exports_link.name}.versions")


def _finished_at(version: Path) -> int | None:
    """Completion time (ns) of a finished version (marker `_COMPLETE` or `_LEGACY`), else None."""
    for name in (COMPLETE, LEGACY):
        marker = version / name
        if marker.is_file():
            try:
                return int(json.loads(marker.read_text(encoding="utf-8"))["finished_at_ns"])
            except (OSError, ValueError, KeyError, TypeError):
                return marker.stat().st_mtime_ns
    return None


def _link_target(exports_link: Path) -> Path | None:
    """The directory the link points to (resolved), or None when it is not a symlink."""
    if not exports_link.is_symlink():
        return None
    return exports_link.resolve()


def _same(a: Path, b: Path | None) -> bool:
    return b is not None and a.resolve() == b


def _written_by_export(d: Path) -> bool:
    """Whether `d` holds nothing but what export() writes (Parquet files, DuckDB's tmp_ files, markers),
    so that a folder someone else put in versions_dir is never deleted."""
    for f in d.iterdir():
        if f.is_symlink() or not f.is_file():
            return False
        if not (f.name.endswith(".parquet") or f.name.startswith("tmp_") or f.name in (COMPLETE, LEGACY)
                or (f.name.startswith(".") and f.name.endswith(".tmp"))):
            return False
    return True


def _remove_unfinished(versions_dir: Path, exports_link: Path, current: Path | None) -> list[str]:
    """Delete version dirs without a marker (left by killed exports) and stale temp links.
    Runs under the export lock, so no other export is writing one of them. Never the linked one."""
    messages = []
    for d in sorted(versions_dir.iterdir()):
        if d.is_dir() and not d.is_symlink() and _finished_at(d) is None and not _same(d, current):
            if _written_by_export(d):
                shutil.rmtree(d)
                messages.append(f"removed incomplete export {d} (left by a killed run)")
            else:
                messages.append(f"left {d} alone: not complete, but holds files export does not write")
    if exports_link.parent.is_dir():
        for tmp in exports_link.parent.iterdir():
            if tmp.name.startswith(f".{exports_link.name}.tmp-") and tmp.is_symlink():
                tmp.unlink()
    return messages


def _prune(versions_dir: Path, current: Path, keep: int) -> list[str]:
    """Keep `current` and the `keep` most recently finished other versions; delete the rest."""
    finished = []
    for d in versions_dir.iterdir():
        if d.is_dir() and not d.is_symlink() and not _same(d, current.resolve()):
            at = _finished_at(d)
            if at is not None:
                finished.append((at, d.name, d))
    finished.sort(reverse=True)
    removed = []
    for _, _, d in finished[keep:]:
        shutil.rmtree(d)
        removed.append(f"removed old export {d}")
    return removed


def _migrate_real_dir(exports_link: Path, versions_dir: Path) -> str | None:
    """Old layout: `exports_link` is a real directory. Move it, whole, into versions_dir."""
    if exports_link.is_symlink() or not exports_link.exists():
        return None
    if not exports_link.is_dir():
        raise ExportError(f"{exports_link} is a file, not a directory or a symlink; move it away and export again")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    legacy = versions_dir / f"legacy-{stamp}"
    n = 1
    while legacy.exists():
        n += 1
        legacy = versions_dir / f"legacy-{stamp}-{n}"
    try:
        os.rename(exports_link, legacy)
    except OSError as exc:
        raise ExportError(f"cannot move the old exports directory {exports_link} to {legacy}: {exc} "
                          f"(both must be on one file system)") from exc
    _write_marker(legacy, LEGACY, {"moved_from": str(exports_link), "finished_at_ns": time.time_ns(),
                                   "note": "exports directory of the old layout, moved aside unchanged"})
    return f"moved the old exports directory {exports_link} to {legacy}"


def _switch_link(exports_link: Path, version: Path) -> None:
    """Point `exports_link` at `version` in one rename (relative target). Never leaves the link missing."""
    exports_link.parent.mkdir(parents=True, exist_ok=True)
    target = os.path.relpath(version.resolve(), exports_link.parent.resolve())
    tmp = exports_link.with_name(f".{exports_link.name}.tmp-{os.getpid()}")
    if tmp.is_symlink():
        tmp.unlink()
    os.symlink(target, tmp)
    try:
        os.replace(tmp, exports_link)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot switch {exports_link} to {version}: {exc}") from exc
    _fsync(exports_link.parent, directory=True)


def export(warehouse: Path = LIVE, exports_link: Path = EXPORT_LINK, versions_dir: Path | None = None,
           build_id: str | None = None, *, keep: int = KEEP_PREVIOUS, log: list[str] | None = None) -> Path:
    """Export every mart of `warehouse` as a new version and switch `exports_link` to it.

    warehouse    : DuckDB file, opened read-only.
    exports_link : the symlink readers use (ROOT/exports). A real directory there (old layout) is
                   moved into versions_dir as legacy-<UTC time> first.
    versions_dir : where version directories live (default: default_versions_dir(exports_link)).
    build_id     : name of the new version directory (default: new_build_id()); it must not exist.
    keep         : how many versions before the new one to keep.
    log          : if given, info messages (migration, clean-up, pruning) are appended to it.

    Returns the new version directory. Raises ExportError (build id exists or is not a plain name,
    warehouse unreadable, no marts, a table failed to write) with the previous set still linked and
    the partial directory removed, or pipeline.lock.BuildLocked if another export is running.
    """
    warehouse, exports_link = Path(warehouse), Path(exports_link)
    versions_dir = Path(versions_dir) if versions_dir is not None else default_versions_dir(exports_link)
    build_id = build_id if build_id is not None else new_build_id()
    if not _BUILD_ID.match(build_id) or build_id.startswith("legacy-"):
        raise ExportError(f"build id {build_id!r} cannot name a version directory in {versions_dir} "
                          f"(letters, digits, . _ + - ; not starting with 'legacy-')")
    messages = log if log is not None else []
    versions_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(versions_dir / LOCK_NAME, purpose="export"):
        messages += _remove_unfinished(versions_dir, exports_link, _link_target(exports_link))
        version = versions_dir / build_id
        try:
            version.mkdir()
        except FileExistsError:
            raise ExportError(f"export version {version} already exists; use a new build id") from None
        try:
            tables = write_set(warehouse, version)
            _write_marker(version, COMPLETE, {"build_id": build_id, "warehouse": str(warehouse),
                                              "tables": tables, "finished_at_ns": time.time_ns(),
                                              "finished_at": datetime.now(timezone.utc).isoformat()})
        except BaseException:
            shutil.rmtree(version, ignore_errors=True)
            raise
        migrated = _migrate_real_dir(exports_link, versions_dir)
        if migrated:
            messages.append(migrated)
        _switch_link(exports_link, version)
        messages.append(f"{exports_link} -> {version} ({len(tables)} Parquet files)")
        messages += _prune(versions_dir, version, keep)
    return version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.export", description=__doc__.split("\n")[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=LIVE, help="the warehouse file to export (default: the live one)")
    parser.add_argument("exports_link", nargs="?", type=Path, default=EXPORT_LINK, help="the link switched to the new set")
    parser.add_argument("versions_dir", nargs="?", type=Path, default=None, help="where export sets are kept")
    args = parser.parse_args(argv)
    warehouse, link = args.warehouse, args.exports_link
    versions = args.versions_dir or default_versions_dir(link)
    messages: list[str] = []
    try:
        version = export(warehouse, link, versions, log=messages)
    except (ExportError, BuildLocked) as exc:  # the message is the diagnosis
        print(f"export: {exc}", file=sys.stderr)
        return 1
    for m in messages:
        print(f"    {m}", file=sys.stderr)
    print(f"    wrote {len(list(version.glob('*.parquet')))} Parquet files to {version}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
