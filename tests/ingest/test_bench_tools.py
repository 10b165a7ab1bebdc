"""The benchmark's pure helpers (bench/run.py): statistics, the dbt DAG order, process-tree memory from a
/proc-like mapping, the goals and their table. No timing, no dbt, no processes started."""
import pytest

from bench import run


# ---------------------------------------------------------------- statistics and formatting
def test_stats_is_median_min_max():
    assert run.stats([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)
    assert run.stats([4.0, 1.0, 2.0, 3.0]) == (2.5, 1.0, 4.0)
    with pytest.raises(ValueError):
        run.stats([])


def test_fmt_stat_gives_the_range_only_when_it_shows():
    assert run.fmt_stat([25.94, 24.12, 27.31]) == "25.9 (24.1–27.3)"
    assert run.fmt_stat([5.0]) == "5.0"
    assert run.fmt_stat([1.01, 1.04, 0.99], 1) == "1.0"
    assert run.fmt_stat([1386.2, 1390.7, 1401.0], 0) == "1391 (1386–1401)"


def test_ratio_is_none_when_it_cannot_be_computed():
    assert run.ratio(10.0, 4.0) == 2.5
    assert run.ratio(None, 4.0) is None
    assert run.ratio(1.0, None) is None
    assert run.ratio(1.0, 0.0) is None


# ---------------------------------------------------------------- the dbt DAG
def _node(kind, *deps):
    return {"resource_type": kind, "depends_on": {"nodes": list(deps)}}


def test_topological_order_puts_every_node_after_its_dependencies():
    manifest = {"nodes": {
        "model.p.c": _node("model", "model.p.b", "seed.p.s", "source.p.x.y"),
        "model.p.b": _node("model", "model.p.a"),
        "model.p.a": _node("model", "source.p.x.y"),
        "seed.p.s": _node("seed"),
        "model.p.d": _node("model", "seed.p.s"),
        "test.p.t": _node("test", "model.p.c"),
        "analysis.p.z": _node("analysis", "model.p.c"),
    }}
    order = run.topological_order(manifest)
    assert sorted(order) == ["model.p.a", "model.p.b", "model.p.c", "model.p.d", "seed.p.s"]  # no tests, analyses, sources
    for k in order:
        for d in manifest["nodes"][k]["depends_on"]["nodes"]:
            if d in order:
                assert order.index(d) < order.index(k)
    assert order == ["model.p.a", "model.p.b", "seed.p.s", "model.p.c", "model.p.d"]  # ties broken by id
    assert run.topological_order(manifest) == order


def test_topological_order_refuses_a_cycle():
    manifest = {"nodes": {"model.p.a": _node("model", "model.p.b"), "model.p.b": _node("model", "model.p.a"),
                          "model.p.c": _node("model")}}
    with pytest.raises(ValueError, match="model.p.a, model.p.b"):
        run.topological_order(manifest)


def test_parse_mode_reads_the_last_invocation_of_a_dbt_log():
    assert run.parse_mode("") == "full"
    assert run.parse_mode("12:00 Partial parsing enabled, no changes found, skipping parsing") == "partial, no changes"
    assert run.parse_mode("x Partial parsing enabled: 0 files deleted, 0 files added, 1 files changed.") == \
        "partial, some files re-parsed"
    log = ("a Unable to do partial parsing because saved manifest not found. Starting full parse.\n"
           "b Partial parsing enabled, no changes found, skipping parsing\n")
    assert run.parse_mode(log) == "partial, no changes"
    assert run.parse_mode(log.splitlines()[0]) == "full: saved manifest not found. Starting full parse."


# ---------------------------------------------------------------- process-tree memory from a fake /proc
def _status(kib):
    return "Name:\tpython\nState:\tS (sleeping)\n" + (f"VmRSS:\t  {kib} kB\n" if kib is not None else "") + "Threads:\t3\n"


def fake_proc(procs: dict[int, tuple[int, int | None, list[int]]], children_files: bool):
    """read/listdir over a /proc-like mapping: pid -> (ppid, VmRSS KiB or None, thread ids)."""
    files = {}
    for pid, (ppid, kib, tids) in procs.items():
        files[f"/proc/{pid}/stat"] = f"{pid} (py (worker) x) S {ppid} {pid} 0 0 -1"
        files[f"/proc/{pid}/status"] = _status(kib)
        if children_files:
            kids = [c for c, (p, _, _) in procs.items() if p == pid]
            for i, tid in enumerate(tids):  # the children are spread over the threads that made them
                files[f"/proc/{pid}/task/{tid}/children"] = " ".join(map(str, kids[i::len(tids)])) + (" " if kids else "")

    def read(path):
        return files.get(path)

    def listdir(path):
        prefix = path.rstrip("/") + "/"
        return sorted({p[len(prefix):].split("/")[0] for p in files if p.startswith(prefix)})

    return read, listdir


PROCS = {
    1: (0, 10, [1]),
    100: (1, 1000, [100, 101]),  # the stage: two threads
    200: (100, 300, [200]),  # a worker
    201: (100, 400, [201]),  # another worker
    300: (200, 50, [300]),  # the worker's child
    301: (100, None, [301]),  # a zombie: no VmRSS
    500: (1, 9999, [500]),  # not in the tree
}


@pytest.mark.parametrize("children_files", [True, False])
def test_tree_rss_sums_the_process_and_all_its_descendants(children_files):
    read, listdir = fake_proc(PROCS, children_files)
    assert sorted(run.tree_pids(100, read, listdir, children_files)) == [100, 200, 201, 300, 301]
    assert run.tree_pids(100, read, listdir, children_files)[0] == 100
    assert run.tree_rss_kib(100, read, listdir, children_files) == (1000 + 300 + 400 + 50, 4)
    assert run.tree_rss_kib(200, read, listdir, children_files) == (350, 2)


@pytest.mark.parametrize("children_files", [True, False])
def test_tree_rss_of_a_process_that_is_gone_is_zero(children_files):
    read, listdir = fake_proc(PROCS, children_files)
    assert run.tree_rss_kib(999, read, listdir, children_files) == (0, 0)


def test_proc_file_parsers():
    assert run.stat_ppid("42 (a) b) c) R 7 42 0") == 7
    assert run.stat_ppid(None) is None
    assert run.stat_ppid("garbage") is None
    assert run.status_rss_kib(_status(1234)) == 1234
    assert run.status_rss_kib(_status(None)) == 0
    assert run.status_rss_kib(None) == 0


# ---------------------------------------------------------------- goals
def _run(ingest, dbt, contracts, export, direct=1.0, regex=0.5, mem=100.0):
    r = {s: {"wall": w, "mem": mem, "max_rss": mem / 2, "procs": 1}
         for s, w in zip(run.STAGES, (ingest, dbt, contracts, export))}
    r["direct"] = {"wall": direct, "mem": mem}
    r["regex"] = {"wall": regex, "mem": mem}
    return r


def test_goals_from_medians_with_not_measured_ones():
    sizes = {1000: {"runs": [_run(50, 30, 30, 4, direct=10, regex=2, mem=1500), _run(60, 30, 30, 4, direct=12, regex=2),
                             _run(55, 30, 30, 4, direct=11, regex=3, mem=2100)]}}
    goals = run.evaluate_goals(sizes, None, None)
    assert [ok for _, _, ok in goals] == [False, None, False, None, False]
    build, _, ingest, _, memory = (m for _, m, _ in goals)
    assert build == "119.0 s / 11.0 s = 10.8x"  # median of whole builds / median of direct runs
    assert ingest == "55.0 s / 2.00 s = 28x"
    assert memory.startswith("largest: ingest 2100 MiB")  # the largest repeat: a ceiling


def test_goals_met():
    small = [_run(1, 2, 1, 0.5) for _ in range(3)]
    sizes = {100: {"runs": [_run(5, 10, 10, 1)] * 3},
             1000: {"runs": [_run(10, 20, 20, 2, direct=25, regex=4, mem=500)] * 3}}
    floor = [{"parse_cold": {"wall": 6.0}, "parse_warm": {"wall": 2.0}, "ge_import": {"wall": 1.0}}] * 3
    goals = run.evaluate_goals(sizes, floor, {"n": 5, "runs": small})
    assert [ok for _, _, ok in goals] == [True, True, True, True, True]
    assert goals[1][1] == "4.5 s / 3.0 s = 1.5x"
    assert goals[3][1] == "52.0 s / 26.0 s = 2.0"


def test_memory_goal_never_below_the_largest_single_process():
    runs = [_run(10, 20, 20, 2, direct=25, regex=4, mem=500) for _ in range(3)]
    runs[1]["export"]["max_rss"] = 2500.0  # a short peak the sampling missed
    goals = run.evaluate_goals({1000: {"runs": runs}}, None, None)
    assert goals[-1][1].startswith("largest: export 2500 MiB") and goals[-1][2] is False


def test_goal_table_rendering():
    lines = run.render_goal_table([("a <= 2x", "3.0x", False), ("b", "1", True), ("c", "N=1000 not in this run", None)])
    assert lines[:2] == ["| goal | measured (medians) | met |", "| --- | --- | --- |"]
    assert lines[2:] == ["| a <= 2x | 3.0x | **no** |", "| b | 1 | yes |", "| c | N=1000 not in this run | not measured |"]


def test_stage_rows_report_medians_ranges_and_totals():
    runs = [_run(2.0, 20.0, 10.0, 1.0), _run(3.0, 22.0, 11.0, 1.0), _run(2.5, 21.0, 12.0, 1.0)]
    rows = run.stage_rows(5, runs, 3661)
    assert rows[0] == "| 5 | 3661 | ingest | 2.5 (2.0–3.0) | 2 | 100 | 50 | 1 |"
    assert rows[-1] == "| 5 | 3661 | **total** | **36.5 (33.0–37.0)** | | | | |"


def test_report_renders_every_section_from_fake_runs():
    def full(r):
        r["dbt"]["parse"] = "partial, no changes"
        r["direct"].update(seeds=12, models=49, tests=139, rows_differ=[], skipped=[("unit_test.p.m.u", "unit test")],
                           phase_s={"seeds": 0.1, "models": 1.0, "tests": 0.2})
        r["regex"].update(bytes=270_000, numbers=911)
        return r

    sizes = {n: {"files": n, "distinct": n, "docs": n, "doc_ids": n, "ok": n, "rows": 10 * n,
                 "runs": [full(_run(2, 20, 11, 1)) for _ in range(3)]} for n in (5, 100)}
    floor = [{k: {"wall": w, "mem": 150.0, "parse": "full"} for k, w in
              (("parse_cold", 9.0), ("parse_warm", 5.0), ("ge_import", 7.0))} for _ in range(3)]
    meta = {"date": "2026-11-23", "machine": "test", "load_start": "0.1 / 0.2 / 0.3", "load_end": "1 / 1 / 1", "elapsed": 60.0}
    text = run.report(sizes, floor, {"n": 5, "runs": [full(_run(2, 18, 11, 1)) for _ in range(3)]}, None, meta)
    assert "| warm 5-plan build <= 1.5x the start-up floor (warm dbt parse + import great_expectations) | 32.0 s / 12.0 s = 2.7x | **no** |" in text
    assert "| 100 | 20.0 | 1.0 | 20.0x | 34.0 | 34.0x | 12, 49, 139 | 0 | 100 |" in text
    assert "| 100 | 0.27 | 911 | 2.0 | 0.50 | 4x |" in text
    assert "No two corpus files have the same bytes" in text and "1 × unit test: u" in text
    assert text.endswith("Not measured in this run (BENCH_LINEAR=0).\n")
