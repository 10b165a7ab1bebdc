"""Benchmark (`make bench`): the build's stages on synthetic corpora of N plans, each run several times,
side by side with the same work done directly, and ingest time against line length and file size.

For each size N (BENCH_SIZES, default 5,100,1000) the corpus is generated once (bench/corpus.py; every
file's bytes are checked to be distinct) and the whole pipeline runs BENCH_REPEATS times (default 3).
A repeat runs the stages of `make build` (pipeline/build.py), each as its own process:
ingest (`python -m ingest run` -> .bench/extracted_N: CSV + typed Parquet) -> `dbt build` (EXTRACTED_DIR
selects the Parquet sources, WAREHOUSE_PATH a bench warehouse, a fresh --target-path: a full parse) ->
contract checks (`python -m pipeline.quality`) -> export (`python -m pipeline.export`). Publish, a rename,
is left out. Then, in the same repeat, the same work is done directly:

- direct SQL: ONE process loads the reference seeds with DuckDB's read_csv into dbt's schemas, executes
  every model's run SQL that dbt wrote under its --target-path (run/<project>/models/**.sql) in the
  topological order of target/manifest.json, renames each `__dbt_tmp` relation the way dbt-duckdb does,
  and runs every data test's SQL (the compiled select, counted as dbt counts it); every test must find
  0 failures and every relation must have as many rows as dbt's;
- regex pass: ONE process reads every corpus file and finds every number with one compiled regex.

Once per run: the start-up floor (`dbt parse` with a fresh target path, `dbt parse` again with partial
parsing warm, `python -c "import great_expectations"`) and, at N=5, the warm build (the dbt target path
kept between repeats, as a user's second `make build`).

Wall time comes from the parent's clock. Memory: the process tree of the stage (the process and every
descendant, from /proc/PID/task/*/children or the ppid field of /proc/*/stat) is sampled every 50 ms and
its VmRSS summed; the peak of that sum is reported next to the largest single process (ru_maxrss from
wait4). Every figure is the median of the repeats with the min-max range.

Then ("Ingest time against line length and file size") one-document corpora are ingested, each in its
own process with a time limit: single-line documents of 0.25, 0.5 and 1 MB made of real prose
sentences, and multi-line documents of 1 and 60 MB made of the real plans.

Results go to BENCHMARKS.md with the machine, the date and the load average. Everything else is written
under .bench/. Environment: BENCH_SIZES (default 5,100,1000; empty for none), BENCH_REPEATS (default 3),
BENCH_LINEAR=0 skips the linear section, BENCH_LINEAR_TIMEOUT (seconds per probe, default 600).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from ingest.paths import ROOT
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORK = ROOT / ".bench"
PY = str(ROOT / ".venv" / "bin" / "python")
DBT = str(ROOT / ".venv" / "bin" / "dbt")
SIZES = tuple(int(x) for x in os.environ.get("BENCH_SIZES", "5,100,1000").split(",") if x.strip())
REPEATS = max(1, int(os.environ.get("BENCH_REPEATS", "3") or 3))
LINEAR = os.environ.get("BENCH_LINEAR", "1").strip().lower() not in ("0", "false", "no", "off")
LINEAR_TIMEOUT = float(os.environ.get("BENCH_LINEAR_TIMEOUT", "600"))
STAGES = ("ingest", "dbt", "contracts", "export")
MB = 1_000_000  # bytes: document sizes are in MB, memory in MiB
SAMPLE_S = 0.05  # process-tree memory sampling interval
NUMBER = r"\d+(?:\.\d+)?"  # the regex pass: every number
WARM_N = 5  # the size whose warm build (dbt target kept) is measured
# the goals of issue #11
GOAL_BUILD_VS_DIRECT = 2.5
GOAL_WARM_VS_FLOOR = 1.5
GOAL_INGEST_VS_REGEX = 3.0
GOAL_SCALING = 12.0
GOAL_MEMORY_MIB = 2048.0


def progress(message: str) -> None:
    print(f"==> bench: {message}", file=sys.stderr, flush=True)


# ================================================================ pure helpers: statistics and formatting
def stats(values: Iterable[float]) -> tuple[float, float, float]:
    """(median, min, max) of the values (at least one)."""
    vals = list(values)
    if not vals:
        raise ValueError("no values")
    return statistics.median(vals), min(vals), max(vals)


def fmt_stat(values: Iterable[float], digits: int = 1) -> str:
    """'median (min–max)', or just the value when there is one value or all are equal at that precision."""
    med, lo, hi = stats(values)
    m, a, b = (f"{x:.{digits}f}" for x in (med, lo, hi))
    return m if a == b else f"{m} ({a}–{b})"


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is missing or b is not positive."""
    if a is None or b is None or b <= 0:
        return None
    return a / b


def goal_verdict(met: bool | None) -> str:
    return "not measured" if met is None else ("yes" if met else "**no**")


def render_goal_table(goals: list[tuple[str, str, bool | None]]) -> list[str]:
    """Markdown rows for (goal, measured, met): met None is 'not measured'."""
    lines = ["| goal | measured (medians) | met |", "| --- | --- | --- |"]
    lines += [f"| {g} | {m} | {goal_verdict(ok)} |" for g, m, ok in goals]
    return lines


# ================================================================ pure helpers: the dbt DAG
def topological_order(manifest: dict, resource_types: tuple[str, ...] = ("seed", "model")) -> list[str]:
    """unique_ids of the manifest's nodes of `resource_types`, every node after the nodes it depends on
    (depends_on.nodes; dependencies on other kinds, e.g. sources, are outside the order). Among nodes
    that are ready at the same time the order is by unique_id, so it is deterministic. A cycle raises."""
    nodes = {k: v for k, v in manifest.get("nodes", {}).items() if v.get("resource_type") in resource_types}
    deps = {k: sorted({d for d in v.get("depends_on", {}).get("nodes", []) if d in nodes and d != k})
            for k, v in nodes.items()}
    users: dict[str, list[str]] = defaultdict(list)
    for k, ds in deps.items():
        for d in ds:
            users[d].append(k)
    waiting = {k: len(ds) for k, ds in deps.items()}
    ready = sorted(k for k, n in waiting.items() if n == 0)
    order: list[str] = []
    while ready:
        k = ready.pop(0)
        order.append(k)
        for u in users[k]:
            waiting[u] -= 1
            if waiting[u] == 0:
                ready.append(u)
        ready.sort()
    if len(order) != len(nodes):
        raise ValueError(f"dependency cycle among: {', '.join(sorted(set(nodes) - set(order)))}")
    return order


def parse_mode(dbt_log: str) -> str:
    """How the last dbt invocation in a dbt.log parsed the project: 'partial, no changes',
    'partial, some files re-parsed', 'full: <reason>' or 'full'."""
    last = ""
    for line in dbt_log.splitlines():
        if "Partial parsing enabled, no changes found" in line:
            last = "partial, no changes"
        elif "Partial parsing enabled:" in line:
            last = "partial, some files re-parsed"
        elif "Unable to do partial parsing because" in line:
            last = "full: " + line.split("Unable to do partial parsing because", 1)[1].strip()
        elif "Partial parsing not enabled" in line:
            last = "full: partial parsing not enabled"
    return last or "full"


# ================================================================ pure helpers: process-tree memory
def stat_ppid(stat_text: str | None) -> int | None:
    """The parent pid from the text of /proc/PID/stat (the name in parentheses may hold spaces and ')')."""
    if not stat_text or ")" not in stat_text:
        return None
    fields = stat_text[stat_text.rindex(")") + 1:].split()
    try:
        return int(fields[1])  # fields after the name: state, ppid, ...
    except (IndexError, ValueError):
        return None


def status_rss_kib(status_text: str | None) -> int:
    """VmRSS in KiB from the text of /proc/PID/status; 0 when absent (a zombie, a kernel thread, gone)."""
    for line in (status_text or "").splitlines():
        if line.startswith("VmRSS:"):
            parts = line.split()
            return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
    return 0


def tree_pids(root: int, read: Callable[[str], str | None], listdir: Callable[[str], list[str]],
              children_files: bool) -> list[int]:
    """`root` and all its descendants, root first then breadth first. `read(path)` gives a /proc file's
    text or None, `listdir(path)` a folder's names or []. With children_files the children come from
    /proc/PID/task/TID/children, otherwise from the ppid field of every /proc/PID/stat."""
    if children_files:
        def kids(pid: int) -> list[int]:
            out = []
            for tid in listdir(f"/proc/{pid}/task"):
                out += [int(x) for x in (read(f"/proc/{pid}/task/{tid}/children") or "").split() if x.isdigit()]
            return out
    else:
        by_parent: dict[int, list[int]] = defaultdict(list)
        for name in listdir("/proc"):
            if name.isdigit():
                parent = stat_ppid(read(f"/proc/{name}/stat"))
                if parent is not None:
                    by_parent[parent].append(int(name))

        def kids(pid: int) -> list[int]:
            return sorted(by_parent.get(pid, []))
    seen, queue, order = {root}, [root], []
    while queue:
        pid = queue.pop(0)
        order.append(pid)
        for k in kids(pid):
            if k not in seen:
                seen.add(k)
                queue.append(k)
    return order


def tree_rss_kib(root: int, read: Callable[[str], str | None], listdir: Callable[[str], list[str]],
                 children_files: bool) -> tuple[int, int]:
    """(VmRSS summed over `root` and its descendants in KiB, how many of them had memory)."""
    total, alive = 0, 0
    for pid in tree_pids(root, read, listdir, children_files):
        kib = status_rss_kib(read(f"/proc/{pid}/status"))
        total += kib
        alive += kib > 0
    return total, alive


def _read_proc(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            return fh.read()
    except OSError:
        return None


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


CHILDREN_FILES = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


class TreeSampler(threading.Thread):
    """Samples the summed VmRSS of a process tree every SAMPLE_S seconds until stopped; keeps the peak."""

    def __init__(self, pid: int, interval: float = SAMPLE_S):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib, self.max_procs, self.samples = 0, 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            kib, procs = tree_rss_kib(self.pid, _read_proc, _listdir, CHILDREN_FILES)
            self.peak_kib, self.max_procs = max(self.peak_kib, kib), max(self.max_procs, procs)
            self.samples += 1
            if self._done.wait(self.interval):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


# ================================================================ running a measured process
class StageTimeout(Exception):
    """The process ran past its time limit and was killed (with its children)."""

    def __init__(self, cmd: list[str], m: dict):
        super().__init__(f"{' '.join(cmd[:4])} killed after {m['wall']:.0f} s")
        self.m = m


def run_stage(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, timeout: float | None = None) -> dict:
    """Run `cmd` (an argument list) and measure it: {'wall': s, 'mem': peak summed VmRSS of its process
    tree in MiB, 'max_rss': largest single process in MiB (ru_maxrss), 'procs': most processes seen at
    once, 'out': its stdout+stderr}. Fails loudly on a non-zero exit; raises StageTimeout when `timeout`
    seconds pass first (its process group is killed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=timeout is not None)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    fired = threading.Event()

    def kill() -> None:
        fired.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its own session: the stage and its workers, nothing else
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill) if timeout is not None else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        out = proc.stdout.read()
    except BaseException:  # e.g. Ctrl-C: do not leave a probe running in its own session
        if timer:
            timer.cancel()
            kill()
        raise
    finally:
        proc.stdout.close()
    if timer:
        timer.cancel()
    sampler.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    m = {"wall": wall, "mem": sampler.peak_kib / 1024, "max_rss": usage.ru_maxrss / 1024,
         "procs": sampler.max_procs, "out": out.decode(errors="replace")}
    if fired.is_set():
        raise StageTimeout(cmd, m)
    if proc.returncode != 0:
        sys.stderr.write(m["out"][-4000:])
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed with exit {proc.returncode}")
    return m


def remove(*paths: Path) -> None:
    """Remove files, folders or links under .bench/ left by an earlier run (a link itself, never what it
    points to). Anything outside .bench/ is refused."""
    for p in paths:
        if not Path(os.path.abspath(p)).is_relative_to(WORK):
            raise SystemExit(f"bench: refusing to remove {p}: not under {WORK}")
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)


def parquet_rows(*files: Path) -> int:
    """Rows of Parquet files, from their footers."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    return sum(pq.read_metadata(p).num_rows for p in files)


def last_json(out: str) -> dict:
    """The last line of a child's output that is a JSON object."""
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise SystemExit(f"bench: no result line in the output:\n{out[-2000:]}")


# ================================================================ the same work done directly (children)
def regex_pass_child(corpus: str) -> int:
    """`python -m bench.run --regex-pass DIR`: read every DIR/*.txt and find every number with one regex."""
    pattern = re.compile(NUMBER)
    files = total = numbers = 0
    for path in sorted(Path(corpus).glob("*.txt")):
        raw = path.read_bytes()
        files, total = files + 1, total + len(raw)
        numbers += len(pattern.findall(raw.decode("utf-8", errors="replace")))
    print(json.dumps({"files": files, "bytes": total, "numbers": numbers}))
    return 0


def direct_sql_child(plan_file: str) -> int:
    """`python -m bench.run --direct-sql PLAN.json`: the whole dbt DAG in one DuckDB connection (see
    direct_plan for what a plan holds). Prints one JSON line: counts, phase times, test failures."""
    import duckdb  # noqa: PLC0415

    plan = json.loads(Path(plan_file).read_text(encoding="utf-8"))
    con = duckdb.connect(plan["file"])
    database = con.execute("select current_database()").fetchone()[0]
    if database != plan["database"]:
        raise SystemExit(f"direct: the file's catalog is {database!r}, dbt's is {plan['database']!r}")
    done = {"seeds": 0, "models": 0, "renamed": 0, "tests": 0}
    phase = {"seeds": 0.0, "models": 0.0, "tests": 0.0}
    failures = {}
    for sql in plan["schemas"]:
        con.execute(sql)
    for s in plan["steps"]:
        t0 = time.perf_counter()
        if s["kind"] == "seed":
            rel = con.read_csv(s["path"], header=True, delimiter=s["delimiter"], dtype=s["dtype"] or None)
            rel.create(s["name"])
            done["seeds"] += 1
            phase["seeds"] += time.perf_counter() - t0
        elif s["kind"] == "model":
            con.execute(Path(s["sql"]).read_text(encoding="utf-8"))
            if con.execute("select count(*) from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?"
                           " union all select count(*) from duckdb_views() where database_name = ? and schema_name = ?"
                           " and view_name = ?", s["tmp"] * 2).fetchall() != [(0,), (0,)]:
                con.execute(s["rename"])
                done["renamed"] += 1
            done["models"] += 1
            phase["models"] += time.perf_counter() - t0
        elif s["kind"] == "test":
            if s["sql"]:  # dbt's test statement: failures (by the test's fail_calc), should_warn, should_error
                n = con.execute(Path(s["sql"]).read_text(encoding="utf-8")).fetchone()[0]
            else:  # no run SQL: the compiled select, counted
                n = con.sql(Path(s["compiled"]).read_text(encoding="utf-8")).aggregate(s["fail_calc"]).fetchone()[0]
            if n:
                failures[s["id"]] = n
            done["tests"] += 1
            phase["tests"] += time.perf_counter() - t0
    con.close()
    print(json.dumps({**done, "phase_s": phase, "failures": failures}))
    return 0


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _plain(*names: str) -> None:
    """Identifiers rendered by dbt's relation class are quoted but not escaped: accept only plain ones."""
    for n in names:
        if not _PLAIN.match(n or ""):
            raise SystemExit(f"bench: {n!r} is not a plain identifier; the direct SQL run does not quote it")


def direct_plan(manifest: dict, db_file: Path) -> dict:
    """What the direct SQL process runs: the schemas to create, then the seeds and models in
    topological order and every data test. SQL comes from dbt's own files (build_path: run SQL) or is
    a fixed statement around identifiers quoted by dbt-duckdb's relation class (create schema, the
    rename of `<alias>__dbt_tmp` to `<alias>` that dbt-duckdb does after each model). Also lists what
    is not run, with the reason."""
    from dbt.adapters.duckdb.relation import DuckDBRelation as Rel  # noqa: PLC0415

    nodes = manifest["nodes"]
    order = topological_order(manifest)
    databases = {nodes[k]["database"] for k in order}
    if len(databases) != 1:
        raise SystemExit(f"bench: the direct SQL run needs one database, the manifest has {sorted(databases)}")
    database = databases.pop()
    if db_file.stem != database:
        raise SystemExit(f"bench: the direct SQL file must be named {database}.duckdb (dbt's catalog)")
    schemas, steps, skipped, bad = set(), [], [], set()
    for k in order:
        n = nodes[k]
        alias, schema, mat = n["alias"], n["schema"], n["config"].get("materialized")
        _plain(database, schema, alias)
        if n["resource_type"] == "seed":
            schemas.add(schema)
            cfg = n["config"]
            _plain(*(cfg.get("column_types") or {}))
            steps.append({"kind": "seed", "id": k, "path": str(Path(n["root_path"]) / n["original_file_path"]),
                          "name": f"{schema}.{alias}", "delimiter": cfg.get("delimiter") or ",",
                          "dtype": cfg.get("column_types") or {}})
            continue
        run_sql = n.get("build_path")
        if mat == "ephemeral":
            skipped.append((k, "ephemeral: inlined into the models that use it"))
            continue
        if bad & set(n["depends_on"]["nodes"]):
            bad.add(k)
            skipped.append((k, "depends on a model that is not run"))
            continue
        if mat not in ("table", "view", "incremental"):
            bad.add(k)
            skipped.append((k, f"materialized {mat}: not a create statement this runner knows"))
            continue
        if not run_sql or not Path(run_sql).is_file():
            bad.add(k)
            skipped.append((k, "dbt wrote no run SQL for it in this build"))
            continue
        final = Rel.create(database=database, schema=schema, identifier=alias)
        if n.get("relation_name") and final.render() != n["relation_name"]:
            raise SystemExit(f"bench: {k}: dbt's relation name {n['relation_name']} differs from {final.render()}")
        tmp = Rel.create(database=database, schema=schema, identifier=alias + "__dbt_tmp")
        kind = "view" if mat == "view" else "table"
        schemas.add(schema)
        steps.append({"kind": "model", "id": k, "sql": run_sql, "tmp": [database, schema, alias + "__dbt_tmp"],
                      "rename": f"alter {kind} {tmp.render()} rename to {Rel.create(identifier=alias).render()}",
                      "relation": [schema, alias]})
    for k in sorted(x for x, n in nodes.items() if n["resource_type"] == "test"):
        n = nodes[k]
        if bad & set(n["depends_on"]["nodes"]):
            skipped.append((k, "tests a model that is not run"))
            continue
        run_sql = n.get("build_path")
        has_run = bool(run_sql) and Path(run_sql).is_file()
        if not has_run and not (n.get("compiled_path") and Path(n["compiled_path"]).is_file()):
            skipped.append((k, "neither run SQL nor compiled SQL was written"))
            continue
        steps.append({"kind": "test", "id": k, "sql": run_sql if has_run else None, "compiled": n.get("compiled_path"),
                      "fail_calc": n["config"].get("fail_calc") or "count(*)",
                      "severity": str(n["config"].get("severity") or "error").lower()})
    for k in sorted(manifest.get("unit_tests", {})):
        skipped.append((k, "unit test: dbt compares its fixture rows in Python; not a data test"))
    return {"file": str(db_file), "database": database,
            "schemas": [f"create schema if not exists {Rel.create(database=database, schema=s).render()}" for s in sorted(schemas)],
            "steps": steps, "skipped": skipped}


def row_counts(db_file: Path, relations: list[list[str]]) -> dict[str, int]:
    """Rows of each [schema, name] table or view of a DuckDB file opened read-only (the name goes to
    DuckDB's query_table as a value; plain identifiers only)."""
    import duckdb  # noqa: PLC0415

    con = duckdb.connect(str(db_file), read_only=True)
    try:
        out = {}
        for schema, name in relations:
            _plain(schema, name)
            out[f"{schema}.{name}"] = con.table_function("query_table", [f"{schema}.{name}"]).count("*").fetchone()[0]
        return out
    finally:
        con.close()


# ================================================================ the build's stages, N documents
def dbt_env(n: int) -> dict:
    return {"WAREHOUSE_PATH": str(WORK / f"public_services_{n}.duckdb"), "EXTRACTED_DIR": str(WORK / f"extracted_{n}"),
            "DBT_PROFILES_DIR": str(ROOT), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}


def corpus_check(corpus: Path) -> dict:
    """Files of the corpus and how many distinct byte contents they have (sha256)."""
    digests: dict[str, list[str]] = defaultdict(list)
    for p in sorted(corpus.glob("*.txt")):
        digests[hashlib.sha256(p.read_bytes()).hexdigest()].append(p.name)
    files = sum(len(v) for v in digests.values())
    return {"files": files, "distinct": len(digests), "same": [v for v in digests.values() if len(v) > 1]}


def run_build(n: int, label: str, target: Path, logs: Path, fresh_target: bool) -> dict:
    """One run of the four stages at size n; returns {stage: measurement}."""
    corpus, extracted = WORK / f"corpus_{n}", WORK / f"extracted_{n}"
    wh = WORK / f"public_services_{n}.duckdb"
    quality = WORK / f"quality_{n}"
    exports_link, versions = WORK / f"exports_{n}", WORK / f"export_versions_{n}"
    remove(extracted, wh, wh.with_name(wh.name + ".wal"), logs, quality, exports_link, versions)
    if fresh_target:
        remove(target)
    run = {}
    progress(f"N={n} {label}: ingest -> {extracted.relative_to(ROOT)}")
    run["ingest"] = run_stage([PY, "-m", "ingest", "run", "--raw-dir", str(corpus), "--out-dir", str(extracted)])
    progress(f"N={n} {label}: dbt build -> {wh.relative_to(ROOT)} ({'fresh' if fresh_target else 'kept'} target path)")
    run["dbt"] = run_stage([DBT, "build", "--quiet", "--project-dir", str(ROOT), "--target-path", str(target),
                            "--log-path", str(logs)], dbt_env(n))
    log = logs / "dbt.log"
    run["dbt"]["parse"] = parse_mode(log.read_text(encoding="utf-8", errors="replace")) if log.is_file() else "?"
    progress(f"N={n} {label}: contracts -> {quality.relative_to(ROOT)}")
    run["contracts"] = run_stage([PY, "-m", "pipeline.quality", "--extracted", str(extracted), "--warehouse", str(wh),
                                  "--out", str(quality)])
    progress(f"N={n} {label}: export -> {exports_link.relative_to(ROOT)}")
    run["export"] = run_stage([PY, "-m", "pipeline.export", str(wh), str(exports_link), str(versions)])
    for m in run.values():
        m.pop("out", None)
    return run


def run_direct(n: int, label: str, target: Path) -> dict:
    """The direct SQL run of the DAG dbt just built (its manifest and run SQL under `target`)."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    folder = WORK / f"direct_{n}"
    remove(folder)
    folder.mkdir(parents=True)
    database = {v["database"] for v in manifest["nodes"].values() if v["resource_type"] == "model"}
    plan = direct_plan(manifest, folder / f"{sorted(database)[0]}.duckdb")
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
    progress(f"N={n} {label}: direct SQL, one DuckDB process -> {folder.relative_to(ROOT)}")
    m = run_stage([PY, "-m", "bench.run", "--direct-sql", str(plan_file)])
    m.update(last_json(m.pop("out")))
    if m["failures"]:
        raise SystemExit(f"bench: the direct SQL run found test failures (dbt's build passed): {m['failures']}")
    relations = [s["relation"] for s in plan["steps"] if s["kind"] == "model"]
    relations += [s["name"].split(".") for s in plan["steps"] if s["kind"] == "seed"]
    theirs = row_counts(WORK / f"public_services_{n}.duckdb", relations)
    ours = row_counts(Path(plan["file"]), relations)
    m["relations"], m["rows_differ"] = len(relations), sorted(k for k in theirs if theirs[k] != ours[k])
    m["skipped"] = plan["skipped"]
    m.pop("failures")
    return m


def run_regex(n: int, label: str) -> dict:
    progress(f"N={n} {label}: regex pass over the corpus, one process")
    m = run_stage([PY, "-m", "bench.run", "--regex-pass", str(WORK / f"corpus_{n}")])
    m.update(last_json(m.pop("out")))
    return m


def bench_size(n: int) -> dict:
    from bench.corpus import generate  # noqa: PLC0415

    corpus = WORK / f"corpus_{n}"
    progress(f"N={n}: generate the corpus -> {corpus.relative_to(ROOT)}")
    t0 = time.perf_counter()
    generate(n, corpus)
    r = {"n": n, "generate_s": time.perf_counter() - t0, **corpus_check(corpus), "runs": []}
    if r["same"] or r["files"] != n:
        raise SystemExit(f"bench: corpus_{n} has {r['files']} files, {r['distinct']} distinct: {r['same'][:5]}")
    target, logs = WORK / f"target_{n}", WORK / f"logs_{n}"
    for i in range(1, REPEATS + 1):
        label = f"repeat {i}/{REPEATS}"
        run = run_build(n, label, target, logs, fresh_target=True)
        run["direct"] = run_direct(n, label, target)
        run["regex"] = run_regex(n, label)
        r["runs"].append(run)
        print(f"    N={n} {label}: " + ", ".join(f"{k} {run[k]['wall']:.1f}s" for k in STAGES)
              + f", total {sum(run[k]['wall'] for k in STAGES):.1f}s; direct SQL {run['direct']['wall']:.1f}s, "
              f"regex pass {run['regex']['wall']:.2f}s", file=sys.stderr, flush=True)
    import pyarrow.parquet as pq  # noqa: PLC0415

    extracted = WORK / f"extracted_{n}"
    docs = pq.read_table(extracted / "documents.parquet", columns=["doc_id", "status"]).to_pylist()
    r["docs"] = len(docs)
    r["doc_ids"] = len({d["doc_id"] for d in docs})
    r["ok"] = sum(d["status"] == "ok" for d in docs)
    r["rows"] = parquet_rows(*extracted.glob("*.parquet"))
    return r


def bench_warm(n: int) -> dict:
    """The n-plan build with the dbt target path kept between repeats (warmed once by an untimed dbt parse)."""
    target, logs = WORK / f"target_{n}_warm", WORK / f"logs_{n}_warm"
    remove(target, logs)
    progress(f"N={n} warm: one untimed dbt parse to warm {target.relative_to(ROOT)}")
    run_stage([DBT, "parse", "--quiet", "--project-dir", str(ROOT), "--target-path", str(target), "--log-path", str(logs)],
              dbt_env(n))
    runs = []
    for i in range(1, REPEATS + 1):
        label = f"warm {i}/{REPEATS}"
        run = run_build(n, label, target, logs, fresh_target=False)
        runs.append(run)
        print(f"    N={n} {label}: " + ", ".join(f"{k} {run[k]['wall']:.1f}s" for k in STAGES)
              + f", total {sum(run[k]['wall'] for k in STAGES):.1f}s (dbt parse: {run['dbt']['parse']})",
              file=sys.stderr, flush=True)
    return {"n": n, "runs": runs}


def bench_floor(n: int) -> list[dict]:
    """The start-up floor: dbt parse with a fresh target path, dbt parse again (partial parsing warm),
    and `import great_expectations`, BENCH_REPEATS times."""
    target, logs = WORK / "floor" / "target", WORK / "floor" / "logs"
    parse = [DBT, "parse", "--quiet", "--project-dir", str(ROOT), "--target-path", str(target), "--log-path", str(logs)]
    runs = []
    for i in range(1, REPEATS + 1):
        remove(WORK / "floor")
        run = {}
        progress(f"start-up floor {i}/{REPEATS}: dbt parse, fresh target path")
        run["parse_cold"] = run_stage(parse, dbt_env(n))
        run["parse_cold"]["parse"] = parse_mode((logs / "dbt.log").read_text(encoding="utf-8", errors="replace"))
        remove(logs)
        progress(f"start-up floor {i}/{REPEATS}: dbt parse, partial parsing warm")
        run["parse_warm"] = run_stage(parse, dbt_env(n))
        run["parse_warm"]["parse"] = parse_mode((logs / "dbt.log").read_text(encoding="utf-8", errors="replace"))
        progress(f"start-up floor {i}/{REPEATS}: python -c 'import great_expectations'")
        run["ge_import"] = run_stage([PY, "-c", "import great_expectations"])
        for m in run.values():
            m.pop("out", None)
        runs.append(run)
        print(f"    floor {i}/{REPEATS}: dbt parse cold {run['parse_cold']['wall']:.1f}s ({run['parse_cold']['parse']}), "
              f"warm {run['parse_warm']['wall']:.1f}s ({run['parse_warm']['parse']}), "
              f"import great_expectations {run['ge_import']['wall']:.1f}s", file=sys.stderr, flush=True)
    return runs


# ================================================================ figures and goals (pure)
def walls(runs: list[dict], key: str, field: str = "wall") -> list[float]:
    return [run[key][field] for run in runs]


def totals(runs: list[dict]) -> list[float]:
    """Whole-build wall time of each run: the sum of its stages."""
    return [sum(run[s]["wall"] for s in STAGES) for run in runs]


def floor_walls(floor: list[dict]) -> list[float]:
    """The start-up floor of each repeat: the warm dbt parse plus the Great Expectations import."""
    return [run["parse_warm"]["wall"] + run["ge_import"]["wall"] for run in floor]


def stage_peak(m: dict) -> float:
    """The summed peak of a stage for the memory goal: the sampled sum, or the largest single process when
    that is larger (the true summed peak is never below one process's peak; sampling can miss it)."""
    return max(m["mem"], m.get("max_rss", 0.0))


def median_of(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def evaluate_goals(sizes: dict[int, dict], floor: list[dict] | None, warm: dict | None) -> list[tuple[str, str, bool | None]]:
    """The goals of issue #11 from the runs: (goal, measured, met or None when not measured). Ratios are
    ratios of medians; the memory goal takes, per stage, the largest stage_peak of any repeat (a ceiling)."""
    goals = []
    big, mid = sizes.get(1000), sizes.get(100)
    name = f"full 1000-plan build (ingest+dbt+contracts+export) <= {GOAL_BUILD_VS_DIRECT:g}x the direct SQL run of the same work"
    if big:
        b, d = median_of(totals(big["runs"])), median_of(walls(big["runs"], "direct"))
        q = ratio(b, d)
        goals.append((name, f"{b:.1f} s / {d:.1f} s = {q:.1f}x", q <= GOAL_BUILD_VS_DIRECT))
    else:
        goals.append((name, "N=1000 not in this run", None))
    name = f"warm {WARM_N}-plan build <= {GOAL_WARM_VS_FLOOR:g}x the start-up floor (warm dbt parse + import great_expectations)"
    if warm and floor:
        w = median_of(totals(warm["runs"]))
        f = median_of(floor_walls(floor))
        q = ratio(w, f)
        goals.append((name, f"{w:.1f} s / {f:.1f} s = {q:.1f}x", q <= GOAL_WARM_VS_FLOOR))
    else:
        goals.append((name, f"N={WARM_N} or the floor not in this run", None))
    name = f"ingest of 1000 plans <= {GOAL_INGEST_VS_REGEX:g}x a single regex pass over the same texts"
    if big:
        i, g = median_of(walls(big["runs"], "ingest")), median_of(walls(big["runs"], "regex"))
        q = ratio(i, g)
        goals.append((name, f"{i:.1f} s / {g:.2f} s = {q:.0f}x", q <= GOAL_INGEST_VS_REGEX))
    else:
        goals.append((name, "N=1000 not in this run", None))
    name = f"time(1000) / time(100) <= {GOAL_SCALING:g} (whole builds)"
    if big and mid:
        a, b = median_of(totals(big["runs"])), median_of(totals(mid["runs"]))
        q = ratio(a, b)
        goals.append((name, f"{a:.1f} s / {b:.1f} s = {q:.1f}", q <= GOAL_SCALING))
    else:
        goals.append((name, "N=1000 and N=100 not both in this run", None))
    name = f"peak memory summed over a stage's processes <= {GOAL_MEMORY_MIB / 1024:g} GiB at N=1000 (every stage)"
    if big:
        peaks = {s: max(stage_peak(run[s]) for run in big["runs"]) for s in STAGES}
        worst = max(peaks, key=peaks.get)
        goals.append((name, f"largest: {worst} {peaks[worst]:.0f} MiB (" + ", ".join(f"{s} {v:.0f}" for s, v in peaks.items())
                      + ")", all(v <= GOAL_MEMORY_MIB for v in peaks.values())))
    else:
        goals.append((name, "N=1000 not in this run", None))
    return goals


# ================================================================ ingest time against line length and file size
SINGLE_LINE_MB = (0.25, 0.5, 1.0)
MULTI_LINE_MB = (1.0, 60.0)
_SENTENCE = re.compile(r"[^。！？]+[。！？]")


def real_plans() -> list[str]:
    """The real plan texts (data/raw/*.txt), decoded."""
    from bench.corpus import TEMPLATES  # noqa: PLC0415
    from ingest.read.text import decode  # noqa: PLC0415

    return [decode(p.read_bytes(), p.name)[0] for p in TEMPLATES]


def prose(plans: list[str]) -> tuple[str, list[str]]:
    """(a heading line naming 公共服务, the prose sentences) of the simplified-script plans: sentences of
    lines that are neither table cells (tab-prefixed) nor short headings, in file order."""
    from ingest.read.text import detect_script, split_lines  # noqa: PLC0415

    heading, sentences = None, []
    for text in plans:
        if detect_script(text) != "simplified":
            continue
        for line in split_lines(text):
            s = line.strip()
            if heading is None and "公共服务" in s and len(s) <= 40 and not line.startswith("\t"):
                heading = s
            if line.startswith("\t") or len(s) < 40:
                continue
            sentences += [m.group(0).strip() for m in _SENTENCE.finditer(s) if len(m.group(0).strip()) >= 10]
    if heading is None or not sentences:
        raise SystemExit("bench: no heading naming 公共服务 or no prose sentences in data/raw/*.txt")
    return heading, sentences


def single_line_document(heading: str, sentences: list[str], size: int) -> str:
    """The heading line, then ONE line of real sentences repeated in order until about `size` bytes."""
    parts, total, i = [heading, "\n"], len(heading.encode()) + 1, 0
    while total < size:
        s = sentences[i % len(sentences)]
        parts.append(s)
        total += len(s.encode())
        i += 1
    return "".join(parts) + "\n"


def multi_line_document(plans: list[str], size: int) -> str:
    """The real plans, line breaks kept, concatenated again and again until about `size` bytes."""
    from ingest.read.text import split_lines  # noqa: PLC0415

    lines = [s for text in plans for s in split_lines(text)]
    parts, total, i = [], 0, 0
    while total < size:
        s = lines[i % len(lines)] + "\n"
        parts.append(s)
        total += len(s.encode())
        i += 1
    return "".join(parts)


def probe(name: str, label: str, text: str) -> dict:
    """Ingest one document in its own process (time-limited); wall s, peak MiB, what it found."""
    folder = WORK / "linear" / name
    remove(folder)
    (folder / "raw").mkdir(parents=True)
    doc = folder / "raw" / f"{name}.txt"
    doc.write_text(text, encoding="utf-8")
    r = {"name": name, "label": label, "bytes": doc.stat().st_size}
    progress(f"linear: {label} ({r['bytes'] / MB:.2f} MB), limit {LINEAR_TIMEOUT:.0f} s")
    try:
        m = run_stage([PY, "-m", "ingest", "run", "--raw-dir", str(folder / "raw"), "--out-dir", str(folder / "out")],
                      timeout=LINEAR_TIMEOUT)
    except StageTimeout as exc:
        r.update(wall=exc.m["wall"], mem=exc.m["mem"], max_rss=exc.m["max_rss"], timeout=True)
        print(f"    {label}: timeout after {exc.m['wall']:.0f} s", file=sys.stderr, flush=True)
        return r
    r.update(wall=m["wall"], mem=m["mem"], max_rss=m["max_rss"])
    with (folder / "out" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        r["status"] = next(csv.DictReader(fh))["status"]
    r["values"] = parquet_rows(folder / "out" / "indicator_values.parquet")
    print(f"    {label}: {r['wall']:.1f} s, {r['wall'] / (r['bytes'] / MB):.2f} s/MB, {r['mem']:.0f} MiB summed, "
          f"{r['max_rss']:.0f} MiB largest process, document {r['status']}, {r['values']} indicator values",
          file=sys.stderr, flush=True)
    return r


def bench_linear() -> list[dict]:
    plans = real_plans()
    heading, sentences = prose(plans)
    results = [probe("startup", "start-up: heading + one sentence", f"{heading}\n{sentences[0]}\n")]
    for mb in SINGLE_LINE_MB:
        name, label = f"single_{mb:g}mb", f"one line of prose, {mb:g} MB"
        if any(r.get("timeout") or r.get("skipped") for r in results if r["name"].startswith("single_")):
            results.append({"name": name, "label": label, "bytes": int(mb * MB), "skipped": True})
            progress(f"linear: {label}: not run (a shorter line already timed out)")
            continue
        results.append(probe(name, label, single_line_document(heading, sentences, int(mb * MB))))
    for mb in MULTI_LINE_MB:
        results.append(probe(f"multi_{mb:g}mb", f"real plans, line breaks kept, {mb:g} MB",
                             multi_line_document(plans, int(mb * MB))))
    remove(WORK / "linear" / f"multi_{MULTI_LINE_MB[-1]:g}mb")  # 60 MB of text and its tables: not worth keeping
    return results


def linear_checks(results: list[dict]) -> list[tuple[str, str, bool]]:
    by = {r["name"]: r for r in results}

    def t(name: str) -> float | None:
        r = by[name]
        return None if r.get("timeout") or r.get("skipped") else r["wall"]

    def failed(name: str) -> str:
        r = by[name]
        return (f"timeout (> {LINEAR_TIMEOUT:.0f} s)" if r.get("timeout") else "not run (a shorter line timed out)")

    checks = []
    small, big = t("single_0.25mb"), t("single_1mb")
    goal = "one line: t(1 MB) / t(0.25 MB) <= 6 (4 is linear)"
    if small is None or big is None:
        checks.append((goal, failed("single_0.25mb" if small is None else "single_1mb"), False))
    else:
        checks.append((goal, f"{big / small:.1f}", big / small <= 6))
    ref, large = t("multi_1mb"), t(f"multi_{MULTI_LINE_MB[-1]:g}mb")
    goal = f"file size: s/MB at {MULTI_LINE_MB[-1]:g} MB <= 3 x s/MB at 1 MB (multi-line)"
    if ref is None or large is None:
        checks.append((goal, failed("multi_1mb" if ref is None else f"multi_{MULTI_LINE_MB[-1]:g}mb"), False))
    else:
        per_ref = ref / (by["multi_1mb"]["bytes"] / MB)
        per_large = large / (by[f"multi_{MULTI_LINE_MB[-1]:g}mb"]["bytes"] / MB)
        checks.append((goal, f"{per_large:.2f} vs {per_ref:.2f} s/MB ({per_large / per_ref:.1f}x)", per_large <= 3 * per_ref))
    return checks


# ================================================================ report
def machine() -> str:
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    import duckdb  # noqa: PLC0415
    return (f"{os.cpu_count()} cores ({model}), {mem} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}")


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages from /proc/loadavg."""
    return " / ".join(Path("/proc/loadavg").read_text().split()[:3])


def stage_rows(n: int, runs: list[dict], rows: int | str) -> list[str]:
    """Markdown rows: one per stage and the total, medians (min–max)."""
    lines = []
    for stage in STAGES:
        rate = fmt_stat([n / w for w in walls(runs, stage)], 0) if stage == "ingest" else ""
        lines.append(f"| {n} | {rows} | {stage} | {fmt_stat(walls(runs, stage))} | {rate} | "
                     f"{fmt_stat(walls(runs, stage, 'mem'), 0)} | {fmt_stat(walls(runs, stage, 'max_rss'), 0)} | "
                     f"{max(walls(runs, stage, 'procs'))} |")
    lines.append(f"| {n} | {rows} | **total** | **{fmt_stat(totals(runs))}** | | | | |")
    return lines


STAGE_HEADER = ["| N docs | extracted rows | stage | wall s | docs/s | summed peak MiB | largest process MiB | processes |",
                "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]


def report(sizes: dict[int, dict], floor: list[dict] | None, warm: dict | None, linear: list[dict] | None,
           meta: dict) -> str:
    lines = [
        "# Benchmarks", "",
        f"Measured {meta['date']} with `make bench` on: {meta['machine']}.",
        f"Load average (1 / 5 / 15 min): {meta['load_start']} at the start, {meta['load_end']} at the end; "
        f"the whole benchmark took {meta['elapsed'] / 60:.1f} min.", "",
        f"Every figure is the median of {REPEATS} repeats, with the min–max range in parentheses when they differ.",
        "Ratios are ratios of medians.", "",
        "## Goals (issue #11)", "",
    ]
    lines += render_goal_table(evaluate_goals(sizes, floor, warm))
    lines += [
        "", "## The build's stages", "",
        "Synthetic corpora recombine and perturb the five real plans (bench/corpus.py: other city names,",
        "perturbed values, shuffled sections; seeded); each corpus is generated once per N. Each repeat runs every",
        "stage of `make build` as a separate process: ingest (CSV + typed Parquet; a pool of one worker per core",
        "from 20 documents on), one `dbt build` reading the Parquet files as sources with a fresh `--target-path`",
        "(a full parse), the contract checks (Great Expectations), the export; publish, a rename, is left out.",
        "(`make build` runs ingest, contracts and export inside one Python process; here each pays its own",
        "interpreter start.) Wall seconds from the parent's clock. *Summed peak*: the process tree of the stage",
        f"sampled every {SAMPLE_S * 1000:.0f} ms, VmRSS summed over its processes, the largest sum (pages shared between",
        "processes, e.g. copy-on-write pages of forked ingest workers, count once per process, so this is an upper",
        "bound; a peak shorter than the interval can be missed). *Largest process*: the kernel's ru_maxrss of the",
        "stage's biggest single process. *Processes*: the most seen at once. The memory goal takes, per stage, the",
        "largest repeat of the summed peak or the largest process, whichever is larger (the true summed peak is",
        "never below one process's peak, which the sampling can miss).", "",
    ]
    if sizes:
        lines += ["| N docs | files | distinct files (sha256) | documents ingested | distinct doc_ids | status ok |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n, r in sizes.items():
            lines.append(f"| {n} | {r['files']} | {r['distinct']} | {r['docs']} | {r['doc_ids']} | {r['ok']} |")
        lines += ["", "No two corpus files have the same bytes (checked, sha256) in any corpus above." if all(
            r["distinct"] == r["files"] for r in sizes.values()) else "**Some corpus files have the same bytes.**", ""]
        lines += STAGE_HEADER
        for n, r in sizes.items():
            lines += stage_rows(n, r["runs"], r["rows"])
    if warm:
        modes = sorted({run["dbt"]["parse"] for run in warm["runs"]})
        lines += ["", f"### Warm {warm['n']}-plan build", "",
                  f"The same {warm['n']}-plan build with the dbt `--target-path` kept between repeats (warmed once by an",
                  f"untimed `dbt parse`), as a user's second `make build`. dbt's log says: {', '.join(modes)}.", ""]
        lines += STAGE_HEADER + stage_rows(warm["n"], warm["runs"], sizes.get(warm["n"], {}).get("rows", ""))
    if floor:
        f_cold, f_warm, f_ge = walls(floor, "parse_cold"), walls(floor, "parse_warm"), walls(floor, "ge_import")
        modes_c = ", ".join(sorted({run["parse_cold"]["parse"] for run in floor}))
        modes_w = ", ".join(sorted({run["parse_warm"]["parse"] for run in floor}))
        floor_s = floor_walls(floor)
        lines += ["", "## Start-up floor", "",
                  "What any build pays before it reads a document: dbt parsing the project, and Python importing Great",
                  "Expectations. The floor is the warm parse (what `make build` pays, since it reuses `target/`) plus the import.", "",
                  "| what | wall s | summed peak MiB | dbt's log |", "| --- | ---: | ---: | --- |",
                  f"| `dbt parse`, fresh target path | {fmt_stat(f_cold)} | {fmt_stat(walls(floor, 'parse_cold', 'mem'), 0)} | {modes_c} |",
                  f"| `dbt parse`, partial parsing warm | {fmt_stat(f_warm)} | {fmt_stat(walls(floor, 'parse_warm', 'mem'), 0)} | {modes_w} |",
                  f"| `python -c \"import great_expectations\"` | {fmt_stat(f_ge)} | {fmt_stat(walls(floor, 'ge_import', 'mem'), 0)} | |",
                  f"| **floor** (warm parse + import) | **{fmt_stat(floor_s)}** | | |"]
    if sizes:
        lines += ["", "## The same work done directly", "",
                  "**dbt build against the same compiled SQL in one DuckDB process.** After each dbt build, one process",
                  "(`python -m bench.run --direct-sql`) loads the reference seeds with DuckDB's `read_csv` (dbt's column",
                  "types) into dbt's schemas, executes every model's run SQL that dbt wrote under its target path",
                  "(`run/public_services/models/**.sql`, the full `create … as` statements) in the topological order of",
                  "`manifest.json`, renames each `__dbt_tmp` relation as dbt-duckdb does, then runs every data test's SQL",
                  "and counts its failures (all 0). Timed as a whole, interpreter start included. Every relation was",
                  "compared with dbt's by row count.", "",
                  "| N docs | dbt build s | direct SQL s | dbt / direct | whole build s | build / direct | seeds, models, tests run | relations with other row counts | direct peak MiB |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |"]
        for n, r in sizes.items():
            runs = r["runs"]
            d = runs[-1]["direct"]
            lines.append(
                f"| {n} | {fmt_stat(walls(runs, 'dbt'))} | {fmt_stat(walls(runs, 'direct'))} | "
                f"{ratio(median_of(walls(runs, 'dbt')), median_of(walls(runs, 'direct'))):.1f}x | {fmt_stat(totals(runs))} | "
                f"{ratio(median_of(totals(runs)), median_of(walls(runs, 'direct'))):.1f}x | "
                f"{d['seeds']}, {d['models']}, {d['tests']} | {max(len(run['direct']['rows_differ']) for run in runs)} | "
                f"{fmt_stat(walls(runs, 'direct', 'mem'), 0)} |")
        d = next(iter(sizes.values()))["runs"][-1]["direct"]
        phases = "; ".join(f"N={n}: " + ", ".join(f"{k} {fmt_stat([run['direct']['phase_s'][k] for run in r['runs']], 2)} s"
                                                  for k in ("seeds", "models", "tests")) for n, r in sizes.items())
        lines += ["", f"Inside the direct run: {phases}."]
        if d["skipped"]:
            lines += ["", "Not run directly:", ""]
            reasons = defaultdict(list)
            for k, why in d["skipped"]:
                reasons[why].append(k.split(".")[-1])
            lines += [f"- {len(v)} × {why}: {', '.join(v)}" for why, v in reasons.items()]
        lines += ["", "**Ingest against a single regex pass.** One process (`python -m bench.run --regex-pass`) reads every",
                  f"corpus file, decodes it and finds every number with one compiled regex (`{NUMBER}`); timed as a whole.", "",
                  "| N docs | corpus MB | numbers found | ingest s | regex pass s | ingest / regex |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for n, r in sizes.items():
            runs = r["runs"]
            g = runs[-1]["regex"]
            lines.append(f"| {n} | {g['bytes'] / MB:.2f} | {g['numbers']} | {fmt_stat(walls(runs, 'ingest'))} | "
                         f"{fmt_stat(walls(runs, 'regex'), 2)} | "
                         f"{ratio(median_of(walls(runs, 'ingest')), median_of(walls(runs, 'regex'))):.0f}x |")
    lines += ["", "## Ingest time against line length and file size", ""]
    if linear is None:
        lines.append("Not measured in this run (BENCH_LINEAR=0).")
        return "\n".join(lines) + "\n"
    lines += [
        "One document per run of `python -m ingest run` (a separate process, limit "
        f"{LINEAR_TIMEOUT:.0f} s each; 1 MB = 10^6 bytes; one run each).",
        "Single-line documents: a heading line naming 公共服务, then one line of real prose sentences from",
        "data/raw/*.txt repeated, line breaks removed. Multi-line documents: the real plans, line breaks kept,",
        "concatenated again and again. The start-up row is the fixed cost of a tiny document (it is in every time).", "",
        "| document | size MB | wall s | s per MB | summed peak MiB | largest process MiB | ingested |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in linear:
        mb = r["bytes"] / MB
        size = f"{mb:.4f}" if mb < 0.01 else f"{mb:.2f}"
        if r.get("skipped"):
            lines.append(f"| {r['label']} | {size} | not run | | | | a shorter line timed out |")
        elif r.get("timeout"):
            lines.append(f"| {r['label']} | {size} | timeout (> {LINEAR_TIMEOUT:.0f}) | | {r['mem']:.0f} | {r['max_rss']:.0f} | |")
        else:
            per = f"{r['wall'] / mb:.2f}" if mb >= 0.01 else ""
            lines.append(f"| {r['label']} | {size} | {r['wall']:.1f} | {per} | {r['mem']:.0f} | {r['max_rss']:.0f} | "
                         f"{r['status']}, {r['values']} indicator values |")
    lines += ["", "| linear time | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {g} | {m} | {'yes' if ok else '**no**'} |" for g, m, ok in linear_checks(linear)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Benchmark the pipeline; settings through "
                                     "BENCH_* variables (see the module docstring). Writes BENCHMARKS.md.")
    child = parser.add_mutually_exclusive_group()
    child.add_argument("--direct-sql", metavar="PLAN_JSON", help=argparse.SUPPRESS)  # internal: a timed child process
    child.add_argument("--regex-pass", metavar="DIR", help=argparse.SUPPRESS)  # internal: a timed child process
    args = parser.parse_args(argv)
    if args.direct_sql:
        return direct_sql_child(args.direct_sql)
    if args.regex_pass:
        return regex_pass_child(args.regex_pass)
    started = time.perf_counter()
    meta = {"date": date.today().isoformat(), "load_start": loadavg(), "machine": machine()}
    WORK.mkdir(exist_ok=True)
    progress(f"sizes {', '.join(map(str, SIZES)) or 'none'}, {REPEATS} repeats each; load average {meta['load_start']}")
    floor = bench_floor(WARM_N) if SIZES else None
    sizes = {}
    for n in SIZES:
        progress(f"N={n}")
        sizes[n] = bench_size(n)
    warm = bench_warm(WARM_N) if WARM_N in sizes else None
    linear = None
    if LINEAR:
        progress("ingest time against line length and file size (BENCH_LINEAR=0 to skip)")
        linear = bench_linear()
    meta.update(load_end=loadavg(), elapsed=time.perf_counter() - started)
    (WORK / "results.json").write_text(json.dumps({"meta": meta, "repeats": REPEATS, "sizes": sizes, "floor": floor,
                                                   "warm": warm, "linear": linear}, indent=1), encoding="utf-8")
    text = report(sizes, floor, warm, linear, meta)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    progress(f"done in {meta['elapsed'] / 60:.1f} min: BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
