"""Publish step: check the new build, record it in meta.build_info, then replace the live warehouse by rename.

load inputs  : the freshly built file (WAREHOUSE_BUILD), the seeds and raw files it came from, the live
               warehouse (read-only, for the comparison)
process      : refuse a build that shrank (shrink_problems) unless allowed; refuse while another process
               holds the live file read-write (live_writer); write one meta.build_info row; move a
               stray `<live>.wal` to warehouse/quarantine/
save outputs : os.replace(build file -> live file). A reader holding the old file open keeps
               reading the old inode; new readers see only a complete warehouse.

Why the WAL matters: DuckDB finds a database's write-ahead log by name (`<file>.wal`) and, on open,
replays whatever it finds there onto whatever file now has that name. A WAL left by a writer of the
old live file (killed, or still running) would be replayed onto the freshly published one: its
changes (e.g. deletions) would leak into the new warehouse and from there into the exports.

DuckDB also keeps one database instance per path inside a process: run publish() in a process that
does not itself have the live file open.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import duckdb

from pipeline.export import ExportError, mart_relation, use_marts

from ingest.paths import BUILDING as BUILD
from ingest.paths import LIVE, ROOT
QUARANTINE_NAME = "quarantine"  # folder beside the live file that receives stray WAL files
TOOLS = ("duckdb", "dbt-core", "dbt-duckdb", "pandas", "pyarrow", "great-expectations", "opencc", "pypinyin")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_hashes(inputs: list[Path] | None = None, root: Path = ROOT) -> dict[str, str]:
    """sha256 of every file the build read: the raw documents, the extracted tables of this build
    (build/extracted) and the reviewed reference seeds."""
    dirs = inputs if inputs is not None else [root / "data" / "raw", root / "build" / "extracted", root / "seeds" / "reference"]
    files = sorted(p for d in dirs if Path(d).is_dir() for p in Path(d).rglob("*") if p.is_file())
    return {(str(p.relative_to(root)) if p.is_relative_to(root) else str(p)): _sha256(p) for p in files}


def code_version(root: Path = ROOT) -> str:
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ingest", "pipeline", "models", "macros", "seeds"],
                               cwd=root, capture_output=True, text=True, check=True,
                               env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"}).stdout.strip()  # read-only: no index.lock
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def tool_versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for name in TOOLS:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def record_build(build: Path, inputs: list[Path] | None = None) -> None:
    con = duckdb.connect(str(build))
    try:
        con.execute("create schema if not exists meta")
        con.execute("""create or replace table meta.build_info (
            built_at timestamp, code_version varchar, tool_versions json, input_hashes json, n_inputs integer)""")
        hashes = input_hashes(inputs)
        con.execute("insert into meta.build_info values (?, ?, ?, ?, ?)", [
            datetime.now(timezone.utc).replace(tzinfo=None), code_version(),
            json.dumps(tool_versions(), sort_keys=True), json.dumps(hashes, sort_keys=True), len(hashes)])
        con.execute("checkpoint")
    finally:
        con.close()




# --- refusals -------------------------------------------------------------------------------------

class PublishRefused(RuntimeError):
    """The build must not be published now; the live warehouse and the build file are left as they were.
    str(exc) is a complete message naming the file(s) and the reason."""


class LiveFileBusy(PublishRefused):
    """Another process holds a warehouse file open read-write. Attributes: path, holder (message)."""

    def __init__(self, message: str, path: Path, holder: str):
        super().__init__(message)
        self.path = path
        self.holder = holder


class ShrinkRefused(PublishRefused):
    """The new build looks worse than the live warehouse. Attribute: problems (list of messages)."""

    def __init__(self, build: Path, live: Path, problems: list[str]):
        super().__init__(
            f"refusing to publish {build} over {live}: the new build looks worse than the live warehouse:\n"
            + "".join(f"  - {p}\n" for p in problems)
            + "If this is intended, publish again with --allow-shrink (or ALLOW_SHRINK=1).")
        self.build = build
        self.live = live
        self.problems = problems


# --- who holds the live file ----------------------------------------------------------------------

_LOCK_CONFLICT = re.compile(r"Could not set lock on file|Conflicting lock is held")
_PID = re.compile(r"\(PID (\d+)\)")
_OTHER_CONFIG = "different configuration"


def process_command(pid: int) -> str | None:
    """The command line of process `pid` from /proc/PID/cmdline, or None when it is not readable."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    args = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    if not args:
        return None
    text = " ".join(shlex.join(args).split())  # one line, even for a `python -c` script
    return text if len(text) <= 500 else text[:300] + " ... " + text[-150:]


def _holder_message(path: Path, exc: Exception, held: str = "read-write") -> str:
    m = _PID.search(str(exc))
    if m is None:
        return (f"{path} is held {held} by another process (DuckDB does not say which): {exc}. "
                f"Close that connection; BI tools and ad-hoc sessions must open the warehouse read-only.")
    pid = int(m.group(1))
    cmd = process_command(pid)
    return (f"{path} is held {held} by PID {pid}" + (f" ({cmd})" if cmd else "")
            + f". DuckDB: {exc}. Close that connection or stop process {pid}, then publish again; "
              f"BI tools and ad-hoc sessions must open the warehouse read-only.")


def _busy_message(path: Path, exc: Exception, held: str = "read-write") -> str | None:
    """The holder message if `exc`, raised by a connect to `path`, is a lock conflict. A read-only
    connect conflicts only with a read-write holder; a read-write connect with any (held="open")."""
    text = str(exc)
    if _LOCK_CONFLICT.search(text):
        return _holder_message(path, exc, held)
    if _OTHER_CONFIG in text:
        return (f"{path} is already open in this process (PID {os.getpid()}) with another configuration, "
                f"probably read-write: {exc}. Run the publish from a process that does not have it open.")
    return None


def live_writer(live: Path) -> str | None:
    """A message naming the process that holds `live` open read-write (PID, and its command line from
    /proc when readable), or None when no process does (read-only readers do not count).

    Opens `live` read-only for an instant: DuckDB takes its OS file lock before reading anything, and
    a read-only open is refused only by a read-write holder. Errors after the lock (a corrupt file, a
    stray WAL that cannot be replayed) therefore mean "no writer" and return None; shrink_problems()
    reports them. Must not run in a process that itself has `live` open (DuckDB shares one instance
    per path per process); if it does, the message says so.
    """
    live = Path(live)
    if not live.exists():
        return None
    try:
        con = duckdb.connect(str(live), read_only=True)
    except duckdb.Error as exc:
        return _busy_message(live, exc)
    con.close()
    return None


def _refuse_if_written(path: Path) -> None:
    holder = live_writer(path)
    if holder:
        raise LiveFileBusy(f"refusing to publish: {holder}", path, holder)


# --- never publish a worse warehouse by accident --------------------------------------------------

class _Unreadable(Exception):
    pass


def _snapshot(path: Path) -> tuple[int | None, dict[str, int]]:
    """(documents with status 'ok' in marts.dim_document or None without that table, rows per mart
    base table). Read-only; the connection is closed on return. LiveFileBusy for a read-write holder,
    _Unreadable for any other failure."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        holder = _busy_message(path, exc)
        if holder:
            raise LiveFileBusy(f"refusing to publish: {holder} (found while comparing the new build with it)",
                               path, holder) from exc
        raise _Unreadable(str(exc)) from exc
    try:
        tables = sorted(r[0] for r in con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = ? and table_type = 'BASE TABLE' and table_catalog = current_database()",
            ["marts"]).fetchall())
        docs = None
        if "dim_document" in tables:
            docs = con.execute("select count(*) from marts.dim_document where status = ?", ["ok"]).fetchone()[0]
        use_marts(con)
        counts = {t: mart_relation(con, t).aggregate("count(*)").fetchone()[0] for t in tables}
        return docs, counts
    except (duckdb.Error, ExportError) as exc:
        raise _Unreadable(str(exc)) from exc
    finally:
        con.close()


def _drop(old: int, new: int) -> str:
    return f"-{round(100 * (old - new) / old)}%"


def shrink_problems(build: Path, live: Path) -> list[str]:
    """Why the new build looks worse than the live warehouse; [] when it does not.

    - the new build has 0 documents with status 'ok' in marts.dim_document (also on a first publish);
    - those documents drop to less than half of the live warehouse's;
    - a table of schema marts that had >= 10 rows in the live warehouse drops to less than half
      (or is missing).
    Each message names the table and both counts. Both files are opened read-only and closed again.
    Raises LiveFileBusy (a PublishRefused) when either file is held read-write by another process,
    PublishRefused when the build cannot be read. A live warehouse that exists but cannot be read
    is reported as a problem (so that --allow-shrink can replace it).
    """
    build, live = Path(build), Path(live)
    try:
        new_docs, new_counts = _snapshot(build)
    except _Unreadable as exc:
        raise PublishRefused(f"refusing to publish: cannot read the new build {build}: {exc}") from None
    problems = []
    old_docs, old_counts = None, {}
    if live.exists():
        try:
            old_docs, old_counts = _snapshot(live)
        except _Unreadable as exc:
            problems.append(f"cannot compare with the live warehouse {live}: it does not open read-only: {exc}")
    if not new_docs:
        what = "no table marts.dim_document" if new_docs is None else "0 documents with status 'ok' in marts.dim_document"
        live_has = f" (the live warehouse {live} has {old_docs})" if old_docs is not None else ""
        problems.insert(0, f"the new build {build} has {what}{live_has}")
    elif old_docs and new_docs * 2 < old_docs:
        problems.append(f"documents with status 'ok' in marts.dim_document: {old_docs} in the live warehouse {live}, "
                        f"{new_docs} in the new build {build} ({_drop(old_docs, new_docs)}, more than half)")
    for table, old in old_counts.items():
        if old < 10:
            continue
        new = new_counts.get(table)
        if new is None:
            problems.append(f"marts.{table}: {old} rows in the live warehouse {live}, missing from the new build {build}")
        elif new * 2 < old:
            problems.append(f"marts.{table}: {old} rows in the live warehouse {live}, {new} in the new build {build} "
                            f"({_drop(old, new)}, more than half)")
    return problems


# --- publish ----------------------------------------------------------------------------------------

def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _check_build_closed(build: Path) -> None:
    if _wal(build).exists():
        raise PublishRefused(f"refusing to publish: {_wal(build)} exists, so {build} was not closed cleanly "
                             f"(dbt killed, or still running?); build again")


def quarantine_stray_wal(live: Path, now: datetime | None = None) -> str | None:
    """Move `<live>.wal` to `<live folder>/quarantine/<live name>.wal.<UTC time>` (folder created).
    Returns the message saying so, or None when there is no WAL. The caller must have checked that no
    process holds `live` read-write (then the WAL is a leftover, not a live writer's log)."""
    live = Path(live)
    wal = _wal(live)
    if not wal.exists():
        return None
    qdir = live.parent / QUARANTINE_NAME
    qdir.mkdir(exist_ok=True)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%dT%H%M%S.%fZ")
    dest = qdir / f"{live.name}.wal.{stamp}"
    size = wal.stat().st_size
    os.replace(wal, dest)
    return (f"moved the stray WAL {wal} ({size} bytes; no process holds {live} read-write) to {dest}: "
            f"DuckDB would have replayed it onto the new warehouse")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(build: Path = BUILD, live: Path = LIVE, allow_shrink: bool = False,
            inputs: list[Path] | None = None) -> list[str]:
    """Replace the live warehouse by the new build; returns info messages.

    Steps: shrink check (ShrinkRefused unless allow_shrink; then the problems are in the messages)
    -> writer check (LiveFileBusy if another process holds `live` read-write) -> record_build
    -> stray `<live>.wal` moved to quarantine -> os.replace(build, live).
    Every refusal is a PublishRefused raised before anything is changed (record_build only writes the
    build file). The live file is only ever opened read-only, and closed before the rename.
    """
    build, live = Path(build), Path(live)
    if not build.is_file():
        raise PublishRefused(f"refusing to publish: no built warehouse at {build}; run dbt build first")
    _check_build_closed(build)
    messages = []
    problems = shrink_problems(build, live)
    if problems and not allow_shrink:
        raise ShrinkRefused(build, live, problems)
    messages += [f"published although the build shrank (allow_shrink): {p}" for p in problems]
    _refuse_if_written(live)
    try:
        record_build(build, inputs)
    except duckdb.Error as exc:
        holder = _busy_message(build, exc, held="open")
        raise PublishRefused(f"refusing to publish: cannot record the build in {build}: {holder or exc}") from exc
    _check_build_closed(build)
    _refuse_if_written(live)  # again, right before the WAL and the rename: record_build takes a while
    moved = quarantine_stray_wal(live)
    if moved:
        messages.append(moved)
    os.replace(build, live)
    _fsync_dir(live.parent)
    messages.append(f"published {build} -> {live}")
    return messages


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.publish", description=__doc__.split("\n")[0])
    parser.add_argument("--allow-shrink", action="store_true",
                        help="publish even if the new build has far fewer documents or rows (also ALLOW_SHRINK=1)")
    parser.add_argument("--build", type=Path, default=BUILD, help=f"built file (default {BUILD})")
    parser.add_argument("--live", type=Path, default=LIVE, help=f"live file (default {LIVE})")
    args = parser.parse_args(argv)
    allow = args.allow_shrink or os.environ.get("ALLOW_SHRINK", "").strip().lower() in ("1", "true", "yes")
    try:
        messages = publish(args.build, args.live, allow_shrink=allow)
    except PublishRefused as exc:
        print(f"publish: {exc}", file=sys.stderr)
        return 1
    for m in messages:
        print(f"    {m}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
