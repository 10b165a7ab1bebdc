"""Benchmark: the full pipeline on synthetic corpora of N = 5, 100 and 1000 plans, stage by stage.

Each stage runs as its own process, as in `make build`; wall time comes from the parent's clock and
peak memory from the kernel's accounting of that process and its children (os.wait4). The dbt build
is compared with loading the same seed CSVs directly into DuckDB in one process. Results go to
BENCHMARKS.md with the machine and the date.
"""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

WORK = ROOT / ".bench"
PY = str(ROOT / ".venv" / "bin" / "python")
DBT = str(ROOT / ".venv" / "bin" / "dbt")
SIZES = tuple(int(x) for x in os.environ.get("BENCH_SIZES", "5,100,1000").split(","))
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests", "analyses")


def run_stage(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process and its children). Fails loudly on a non-zero exit."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write(out.decode(errors="replace")[-4000:])
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed with exit {proc.returncode}")
    return wall, usage.ru_maxrss / 1024


def project_for(n: int) -> Path:
    """A dbt project that reads this corpus' seeds: the repo's models and config, its own seeds dir."""
    proj = WORK / f"project_{n}"
    if proj.exists():
        shutil.rmtree(proj)
    (proj / "seeds").mkdir(parents=True)
    for name in PROJECT_FILES:
        (proj / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "seeds" / "reference", proj / "seeds" / "reference")  # dbt does not follow a symlinked seed dir
    return proj


DIRECT_LOAD = r"""
import sys, duckdb, pathlib
con = duckdb.connect(sys.argv[1])
for p in sorted(pathlib.Path(sys.argv[2]).rglob("*.csv")):
    con.read_csv(str(p), header=True).create(p.parent.name + "_" + p.stem)  # path and name passed as values, not SQL
con.close()
"""


def bench_size(n: int) -> dict:
    corpus = WORK / f"corpus_{n}"
    t0 = time.perf_counter()
    generate(n, corpus)
    gen = time.perf_counter() - t0
    proj = project_for(n)
    seeds = proj / "seeds" / "extracted"
    wh = WORK / f"public_services_{n}.duckdb"
    for f in (wh, wh.with_name(wh.name + ".wal")):
        f.unlink(missing_ok=True)
    env = {"WAREHOUSE_PATH": str(wh), "DBT_PROFILES_DIR": str(ROOT)}
    r = {"n": n, "generate_s": gen}
    r["ingest"] = run_stage([PY, "-m", "ingest", "run", "--raw-dir", str(corpus), "--out-dir", str(seeds)])
    q1 = run_stage([PY, "-m", "pipeline.quality", "seeds", str(seeds), str(WORK / f"quality_{n}")])
    r["dbt"] = run_stage([DBT, "build", "--quiet", "--project-dir", str(proj), "--target-path", str(proj / "target")], env, cwd=proj)
    q2 = run_stage([PY, "-m", "pipeline.quality", "marts", str(wh), str(WORK / f"quality_{n}")])
    r["quality"] = (q1[0] + q2[0], max(q1[1], q2[1]))
    r["export"] = run_stage([PY, "-m", "pipeline.export", str(wh), str(WORK / f"exports_{n}")])
    direct = WORK / f"direct_{n}.duckdb"
    direct.unlink(missing_ok=True)
    r["direct_load"] = run_stage([PY, "-c", DIRECT_LOAD, str(direct), str(proj / "seeds")])
    r["rows"] = sum(max(0, sum(1 for _ in p.open(encoding="utf-8")) - 1) for p in seeds.glob("*.csv"))
    r["total_s"] = sum(r[k][0] for k in ("ingest", "quality", "dbt", "export"))
    return r


def machine() -> str:
    model = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) // 1024 // 1024 for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), 0)
    import duckdb  # noqa: PLC0415
    return (f"{os.cpu_count()} cores ({model}), {mem} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, DuckDB {duckdb.__version__}")


def report(results: list[dict]) -> str:
    by = {r["n"]: r for r in results}
    lines = [
        "# Benchmarks", "",
        f"Measured {date.today().isoformat()} with `make bench` on: {machine()}.", "",
        "Synthetic corpora recombine and perturb the five real plans (bench/corpus.py: other city names,",
        "perturbed values, shuffled sections; seeded). Each stage is a separate process, as in `make build`;",
        "wall seconds from the parent's clock, peak memory from the kernel's accounting of the stage's processes.", "",
        "| N docs | seed rows | stage | wall s | docs/s | peak MiB |", "| ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        for stage in ("ingest", "quality", "dbt", "export"):
            wall, mem = r[stage]
            rate = f"{r['n'] / wall:.0f}" if stage == "ingest" else ""
            lines.append(f"| {r['n']} | {r['rows']} | {stage} | {wall:.1f} | {rate} | {mem:.0f} |")
        lines.append(f"| {r['n']} | {r['rows']} | **total** | **{r['total_s']:.1f}** | | |")
    lines += ["", "dbt build against loading the same seed CSVs straight into DuckDB in one process (same run):", "",
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
    lines += ["", "| goal | measured | met |", "| --- | ---: | --- |"]
    lines += [f"| {g} | {m} | {'yes' if ok else '**no**'} |" for g, m, ok in goals]
    return "\n".join(lines) + "\n"


def main() -> int:
    WORK.mkdir(exist_ok=True)
    results = []
    for n in SIZES:
        print(f"==> bench: N={n}", file=sys.stderr, flush=True)
        r = bench_size(n)
        print(f"    N={n}: ingest {r['ingest'][0]:.1f}s, quality {r['quality'][0]:.1f}s, dbt {r['dbt'][0]:.1f}s, "
              f"export {r['export'][0]:.1f}s, total {r['total_s']:.1f}s", file=sys.stderr, flush=True)
        results.append(r)
    text = report(results)
    (ROOT / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
