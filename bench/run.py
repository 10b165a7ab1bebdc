"""Benchmark: the build's stages on synthetic corpora of N = 5, 100 and 1000 plans, and ingest time
against line length and file size.

Each size N runs the stages of `make build` (pipeline/build.py), each as its own process:
ingest (`python -m ingest run` -> .bench/extracted_N: CSV + typed Parquet) -> `dbt build` on the
project in place (EXTRACTED_DIR selects the Parquet sources, WAREHOUSE_PATH a bench warehouse,
--target-path/--log-path under .bench) -> contract checks (`python -m pipeline.quality`) -> export
(`python -m pipeline.export` into a bench exports link and versions folder). Publish, a rename, is
left out. Wall time comes from the parent's clock and peak memory from the kernel's accounting of
that process and its children (os.wait4). The dbt build is compared with loading the same Parquet
files (and the reference CSVs) directly into DuckDB in one process.

Then ("Ingest time against line length and file size") one-document corpora are ingested, each in its
own process with a time limit: single-line documents of 0.25, 0.5 and 1 MB made of real prose
sentences, and multi-line documents of 1 and 60 MB made of the real plans, to show whether ingest
time grows linearly with line length and with file size.

Results go to BENCHMARKS.md with the machine and the date. Everything is written under .bench/.
Environment: BENCH_SIZES (default 5,100,1000; empty for none), BENCH_LINEAR=0 skips the linear
section, BENCH_LINEAR_TIMEOUT (seconds per probe, default 600).
"""
from __future__ import annotations

import csv
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import TEMPLATES, generate  # noqa: E402
from ingest.text import decode, detect_script, split_lines  # noqa: E402

WORK = ROOT / ".bench"
PY = str(ROOT / ".venv" / "bin" / "python")
DBT = str(ROOT / ".venv" / "bin" / "dbt")
SIZES = tuple(int(x) for x in os.environ.get("BENCH_SIZES", "5,100,1000").split(",") if x.strip())
LINEAR = os.environ.get("BENCH_LINEAR", "1").strip().lower() not in ("0", "false", "no", "off")
LINEAR_TIMEOUT = float(os.environ.get("BENCH_LINEAR_TIMEOUT", "600"))
STAGES = ("ingest", "dbt", "contracts", "export")
MB = 1_000_000  # bytes: document sizes are in MB, memory in MiB


def progress(message: str) -> None:
    print(f"==> bench: {message}", file=sys.stderr, flush=True)


class StageTimeout(Exception):
    """The process ran past its time limit and was killed (with its children)."""

    def __init__(self, cmd: list[str], wall: float, mem: float):
        super().__init__(f"{' '.join(cmd[:4])} killed after {wall:.0f} s")
        self.wall, self.mem = wall, mem


def run_stage(cmd: list[str], env: dict | None = None, cwd: Path = ROOT, timeout: float | None = None) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process and its children). Fails loudly on a non-zero exit;
    raises StageTimeout when `timeout` seconds pass first (the process group is killed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=timeout is not None)
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
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if fired.is_set():
        raise StageTimeout(cmd, wall, usage.ru_maxrss / 1024)
    if proc.returncode != 0:
        sys.stderr.write(out.decode(errors="replace")[-4000:])
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed with exit {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def remove(*paths: Path) -> None:
    """Remove files, folders or links left by an earlier run (a link itself, never what it points to)."""
    for p in paths:
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)


DIRECT_LOAD = r"""
import sys, duckdb, pathlib
con = duckdb.connect(sys.argv[1])
for p in sorted(pathlib.Path(sys.argv[2]).glob("*.parquet")):
    con.read_parquet(str(p)).create("extracted_" + p.stem)  # path and name passed as values, not SQL
for p in sorted(pathlib.Path(sys.argv[3]).glob("*.csv")):
    con.read_csv(str(p), header=True).create("reference_" + p.stem)
con.close()
"""


def parquet_rows(*files: Path) -> int:
    """Rows of Parquet files, from their footers."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    return sum(pq.read_metadata(p).num_rows for p in files)


# ---------------------------------------------------------------- the build's stages, N documents
def bench_size(n: int) -> dict:
    corpus = WORK / f"corpus_{n}"
    progress(f"N={n}: generate the corpus -> {corpus.relative_to(ROOT)}")
    t0 = time.perf_counter()
    generate(n, corpus)
    gen = time.perf_counter() - t0
    extracted = WORK / f"extracted_{n}"
    wh = WORK / f"public_services_{n}.duckdb"
    target, logs = WORK / f"target_{n}", WORK / f"logs_{n}"
    quality = WORK / f"quality_{n}"
    exports_link, versions = WORK / f"exports_{n}", WORK / f"export_versions_{n}"
    direct = WORK / f"direct_{n}.duckdb"
    remove(extracted, wh, wh.with_name(wh.name + ".wal"), target, logs, quality, exports_link, versions,
           direct, direct.with_name(direct.name + ".wal"))
    env = {"WAREHOUSE_PATH": str(wh), "EXTRACTED_DIR": str(extracted), "DBT_PROFILES_DIR": str(ROOT),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    r = {"n": n, "generate_s": gen}
    progress(f"N={n}: ingest -> {extracted.relative_to(ROOT)}")
    r["ingest"] = run_stage([PY, "-m", "ingest", "run", "--raw-dir", str(corpus), "--out-dir", str(extracted)])
    progress(f"N={n}: dbt build -> {wh.relative_to(ROOT)}")
    r["dbt"] = run_stage([DBT, "build", "--quiet", "--project-dir", str(ROOT), "--target-path", str(target),
                          "--log-path", str(logs)], env)
    progress(f"N={n}: contracts -> {quality.relative_to(ROOT)}")
    r["contracts"] = run_stage([PY, "-m", "pipeline.quality", "--extracted", str(extracted), "--warehouse", str(wh),
                                "--out", str(quality)])
    progress(f"N={n}: export -> {exports_link.relative_to(ROOT)}")
    r["export"] = run_stage([PY, "-m", "pipeline.export", str(wh), str(exports_link), str(versions)])
    progress(f"N={n}: direct load of the same Parquet files -> {direct.relative_to(ROOT)}")
    r["direct_load"] = run_stage([PY, "-c", DIRECT_LOAD, str(direct), str(extracted), str(ROOT / "seeds" / "reference")])
    r["rows"] = parquet_rows(*extracted.glob("*.parquet"))
    r["total_s"] = sum(r[k][0] for k in STAGES)
    return r


# ---------------------------------------------------------------- ingest time against line length and file size
SINGLE_LINE_MB = (0.25, 0.5, 1.0)
MULTI_LINE_MB = (1.0, 60.0)
_SENTENCE = re.compile(r"[^。！？]+[。！？]")


def real_plans() -> list[str]:
    """The real plan texts (data/raw/*.txt), decoded."""
    return [decode(p.read_bytes(), p.name)[0] for p in TEMPLATES]


def prose(plans: list[str]) -> tuple[str, list[str]]:
    """(a heading line naming 公共服务, the prose sentences) of the simplified-script plans: sentences of
    lines that are neither table cells (tab-prefixed) nor short headings, in file order."""
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
        r["wall"], r["mem"] = run_stage([PY, "-m", "ingest", "run", "--raw-dir", str(folder / "raw"),
                                         "--out-dir", str(folder / "out")], timeout=LINEAR_TIMEOUT)
    except StageTimeout as exc:
        r.update(wall=exc.wall, mem=exc.mem, timeout=True)
        print(f"    {label}: timeout after {exc.wall:.0f} s", file=sys.stderr, flush=True)
        return r
    with (folder / "out" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        r["status"] = next(csv.DictReader(fh))["status"]
    r["values"] = parquet_rows(folder / "out" / "indicator_values.parquet")
    print(f"    {label}: {r['wall']:.1f} s, {r['wall'] / (r['bytes'] / MB):.2f} s/MB, {r['mem']:.0f} MiB, "
          f"document {r['status']}, {r['values']} indicator values", file=sys.stderr, flush=True)
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


# ---------------------------------------------------------------- report
def machine() -> str:
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    import duckdb  # noqa: PLC0415
    return (f"{os.cpu_count()} cores ({model}), {mem} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}")


def report(results: list[dict], linear: list[dict] | None) -> str:
    by = {r["n"]: r for r in results}
    lines = [
        "# Benchmarks", "",
        f"Measured {date.today().isoformat()} with `make bench` on: {machine()}.", "",
        "Synthetic corpora recombine and perturb the five real plans (bench/corpus.py: other city names,",
        "perturbed values, shuffled sections; seeded). Each stage of `make build` is a separate process: ingest",
        "(CSV + typed Parquet), one `dbt build` reading the Parquet files as sources (parsing the project from",
        "scratch), the contract checks, the export (publish, a rename, is left out); wall seconds from the",
        "parent's clock, peak memory from the kernel's accounting of the stage's processes.", "",
    ]
    if results:
        lines += ["| N docs | extracted rows | stage | wall s | docs/s | peak MiB |", "| ---: | ---: | --- | ---: | ---: | ---: |"]
        for r in results:
            for stage in STAGES:
                wall, mem = r[stage]
                rate = f"{r['n'] / wall:.0f}" if stage == "ingest" else ""
                lines.append(f"| {r['n']} | {r['rows']} | {stage} | {wall:.1f} | {rate} | {mem:.0f} |")
            lines.append(f"| {r['n']} | {r['rows']} | **total** | **{r['total_s']:.1f}** | | |")
        lines += ["", "dbt build against loading the same extracted Parquet files (and the reference CSVs) straight into",
                  "DuckDB in one process (same run):", "",
                  "| N docs | dbt build s | direct load s | ratio |", "| ---: | ---: | ---: | ---: |"]
        for r in results:
            lines.append(f"| {r['n']} | {r['dbt'][0]:.1f} | {r['direct_load'][0]:.1f} | {r['dbt'][0] / r['direct_load'][0]:.1f}x |")
    goals = []
    if 1000 in by:
        ing = 1000 / by[1000]["ingest"][0]
        goals.append(("ingest >= 200 documents/s (N=1000)", f"{ing:.0f} docs/s", ing >= 200))
        goals.append(("full 1000-document build <= 60 s", f"{by[1000]['total_s']:.1f} s", by[1000]["total_s"] <= 60))
    if 1000 in by and 100 in by:
        ratio = by[1000]["total_s"] / by[100]["total_s"]
        goals.append(("time(1000) / time(100) <= 12", f"{ratio:.1f}", ratio <= 12))
    if 5 in by:
        goals.append(("5-document build <= 20 s, warm venv", f"{by[5]['total_s']:.1f} s", by[5]["total_s"] <= 20))
    if goals:
        lines += ["", "| goal | measured | met |", "| --- | ---: | --- |"]
        lines += [f"| {g} | {m} | {'yes' if ok else '**no**'} |" for g, m, ok in goals]
    lines += ["", "## Ingest time against line length and file size", ""]
    if linear is None:
        lines.append("Not measured in this run (BENCH_LINEAR=0).")
        return "\n".join(lines) + "\n"
    lines += [
        "One document per run of `python -m ingest run` (a separate process, limit "
        f"{LINEAR_TIMEOUT:.0f} s each; 1 MB = 10^6 bytes).",
        "Single-line documents: a heading line naming 公共服务, then one line of real prose sentences from",
        "data/raw/*.txt repeated, line breaks removed. Multi-line documents: the real plans, line breaks kept,",
        "concatenated again and again. The start-up row is the fixed cost of a tiny document (it is in every time).", "",
        "| document | size MB | wall s | s per MB | peak MiB | ingested |", "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in linear:
        mb = r["bytes"] / MB
        size = f"{mb:.4f}" if mb < 0.01 else f"{mb:.2f}"
        if r.get("skipped"):
            lines.append(f"| {r['label']} | {size} | not run | | | a shorter line timed out |")
        elif r.get("timeout"):
            lines.append(f"| {r['label']} | {size} | timeout (> {LINEAR_TIMEOUT:.0f}) | | {r['mem']:.0f} | |")
        else:
            per = f"{r['wall'] / mb:.2f}" if mb >= 0.01 else ""
            lines.append(f"| {r['label']} | {size} | {r['wall']:.1f} | {per} | {r['mem']:.0f} | "
                         f"{r['status']}, {r['values']} indicator values |")
    lines += ["", "| linear time | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {g} | {m} | {'yes' if ok else '**no**'} |" for g, m, ok in linear_checks(linear)]
    return "\n".join(lines) + "\n"


def main() -> int:
    WORK.mkdir(exist_ok=True)
    results = []
    for n in SIZES:
        progress(f"N={n}")
        r = bench_size(n)
        print(f"    N={n}: " + ", ".join(f"{k} {r[k][0]:.1f}s" for k in STAGES) + f", total {r['total_s']:.1f}s",
              file=sys.stderr, flush=True)
        results.append(r)
    linear = None
    if LINEAR:
        progress("ingest time against line length and file size (BENCH_LINEAR=0 to skip)")
        linear = bench_linear()
    text = report(results, linear)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
