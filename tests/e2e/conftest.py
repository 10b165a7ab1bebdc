"""One scratch checkout, built once per test session, shared by every end-to-end check.

The scratch holds the project's files, the five plans, extra real texts from tests/corpus and
mutants of the real plans shaped like the documents that used to fail the whole build (a numbering
gap, a cell line that lost its tab, a 19-digit cell, the same bytes under two names, two empty files).
Expectations are derived from the documents present, never from today's counts.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from ingest.paths import CORPUS_DIR
from tests.conftest import RAW, ROOT

CORPUS = CORPUS_DIR / "docs"
EXTRA_CORPUS = ("012.txt", "022.txt", "023.txt", "030.txt", "055.txt")  # a full plan, odd layouts, from->to lists
NUMBERED = re.compile(r"^\s*(\d{1,3})[.．、]")
# corpus texts also added as the formats plans are published in (written by the format tests' writers)
CONVERTED_CORPUS = (("007.txt", "docx"), ("036.txt", "html"))  # PDF: tests/ingest/test_format_pdf.py (needs Chromium)


def _tree_digest(path: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(path)).encode() + p.read_bytes())
    return h.hexdigest()


def published_state(root: Path) -> tuple:
    """What a stopped build must leave as it was: the live warehouse, the exports link, the committed seeds."""
    return (hashlib.sha256((root / "warehouse" / "public_services.duckdb").read_bytes()).hexdigest(),
            os.readlink(root / "exports"), _tree_digest(root / "seeds" / "extracted"))


def add_converted(raw: Path) -> None:
    """Corpus texts written as a Word file, a web page or a PDF, so the warehouse checks (provenance with
    source_locator among them) run on converted documents too."""
    for name, fmt in CONVERTED_CORPUS:
        src = CORPUS / name
        if not src.exists():
            continue
        text = src.read_text(encoding="utf-8")
        if fmt == "docx":
            from tests.ingest.test_format_docx import plan_docx

            data = plan_docx(text, name)[0]
        elif fmt == "html":
            from tests.ingest.test_format_html import text_to_page

            data = text_to_page(text, "portal_div_utf8")
        else:
            raise ValueError(f"no writer for {fmt}")
        (raw / f"converted_{Path(name).stem}.{fmt}").write_bytes(data)


@dataclass
class Scratch:
    root: Path
    build: subprocess.CompletedProcess
    mutants: dict[str, dict] = field(default_factory=dict)  # file -> what was done, and where
    reads: list = field(default_factory=list)
    read_failures: list = field(default_factory=list)
    warehouse_checks: subprocess.CompletedProcess | None = None  # tests/warehouse run inside the scratch
    failed_dbt: subprocess.CompletedProcess | None = None  # a build whose dbt test fails (injected)
    failed_dbt_states: tuple = ()  # the published state before and after that build

    @property
    def live(self) -> Path:
        return self.root / "warehouse" / "public_services.duckdb"

    def con(self):
        return duckdb.connect(str(self.live), read_only=True)

    def run_build(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return run_build(self.root, *args, env=env)


def run_build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("STRICT", "ALLOW_SHRINK", "DBT_ARGS", "PYTHONPATH")}
    return subprocess.run([sys.executable, "-m", "pipeline.build", *args], cwd=root, env={**clean, **(env or {})},
                          capture_output=True, text=True, timeout=900)


def copy_checkout(dest: Path) -> None:
    """The files git knows (tracked, or untracked and not ignored), as a clean clone would have them."""
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if src.is_file() and not src.is_symlink():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)


def _numbered_task_doc() -> tuple[Path, list[str], int]:
    """The raw plan with the longest run of numbered lines, and the index of a line in its middle."""
    best = None
    for p in sorted(RAW.glob("*.txt")):
        lines = p.read_text(encoding="utf-8").split("\n")
        idx = [i for i, s in enumerate(lines) if NUMBERED.match(s)]
        if best is None or len(idx) > len(best[2]):
            best = (p, lines, idx)
    p, lines, idx = best
    return p, lines, idx[len(idx) // 2]


def _cell_doc() -> tuple[Path, list[str]]:
    """The raw plan with the most tab-prefixed table cell lines."""
    docs = [(p, p.read_text(encoding="utf-8").split("\n")) for p in sorted(RAW.glob("*.txt"))]
    return max(docs, key=lambda d: sum(s.startswith("\t") for s in d[1]))


def make_mutants(raw: Path) -> dict[str, dict]:
    mutants = {}
    src, lines, gap_at = _numbered_task_doc()
    gap = lines[:gap_at] + lines[gap_at + 1:]
    (raw / "m_numbering_gap.txt").write_text("\n".join(gap), encoding="utf-8")
    mutants["m_numbering_gap.txt"] = {"from": src.name, "removed_line": gap_at + 1}

    src, lines = _cell_doc()
    numeric = [i for i, s in enumerate(lines) if re.fullmatch(r"\t\s*\d+\.\d+\s*", s)]  # a value cell, not a row number
    cells = [i for i, s in enumerate(lines) if s.startswith("\t") and s.strip()]
    big = list(lines)
    overflow_at = numeric[len(numeric) // 2]
    big[overflow_at] = "\t9999999999999999999"
    (raw / "m_overflow.txt").write_text("\n".join(big), encoding="utf-8")
    mutants["m_overflow.txt"] = {"from": src.name, "line": overflow_at + 1}
    rows = [i for i, s in enumerate(lines) if re.fullmatch(r"\t\s*\d{1,3}\s*", s)]  # a row number of a table
    huge = list(lines)
    huge[rows[len(rows) // 2]] = "\t99999999999999999999999"
    (raw / "m_huge_row_number.txt").write_text("\n".join(huge), encoding="utf-8")
    mutants["m_huge_row_number.txt"] = {"from": src.name, "line": rows[len(rows) // 2] + 1}
    untabbed = list(lines)
    lost_at = cells[len(cells) // 2]
    untabbed[lost_at] = untabbed[lost_at].lstrip("\t")
    (raw / "m_lost_tab.txt").write_text("\n".join(untabbed), encoding="utf-8")
    mutants["m_lost_tab.txt"] = {"from": src.name, "line": lost_at + 1}

    first = sorted(RAW.glob("*.txt"))[0]
    (raw / "zz_same_bytes.txt").write_bytes(first.read_bytes())
    mutants["zz_same_bytes.txt"] = {"from": first.name}
    (raw / "m_empty_1.txt").write_bytes(b"")
    (raw / "m_empty_2.txt").write_bytes(b"")
    mutants["m_empty_2.txt"] = {"from": "m_empty_1.txt"}
    return mutants


def prepare_and_build(root: Path) -> Scratch:
    """Copy the checkout into `root`, add corpus texts and mutants, and build once, with a reader
    opening the live file during the whole build; then run tests/warehouse inside the scratch, and a
    build whose dbt test fails (it must publish nothing)."""
    copy_checkout(root)
    raw = root / "data" / "raw"
    extra = [CORPUS / n for n in EXTRA_CORPUS if (CORPUS / n).exists()]
    for p in extra:
        shutil.copy2(p, raw / f"corpus_{p.name}")
    mutants = make_mutants(raw)
    add_converted(raw)
    live_main = ROOT / "warehouse" / "public_services.duckdb"
    (root / "warehouse").mkdir(exist_ok=True)
    if live_main.exists():  # start from the real live warehouse, as a user's checkout would
        shutil.copy2(live_main, root / "warehouse" / "public_services.duckdb")
    s = Scratch(root, None, mutants)  # type: ignore[arg-type]

    stop = threading.Event()

    def reader():  # a BI tool reading the live file during the whole build
        while not stop.is_set():
            if s.live.exists():
                try:
                    c = duckdb.connect(str(s.live), read_only=True)
                    try:
                        s.reads.append(c.execute("select count(*) from marts.dim_document").fetchone()[0])
                    finally:
                        c.close()
                except Exception as exc:  # noqa: BLE001 - collected and asserted by a test
                    s.read_failures.append(repr(exc))
            time.sleep(0.05)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        s.build = run_build(root)
    finally:
        stop.set()
        t.join()
    if s.build.returncode == 0:  # the suite's warehouse checks, on this corpus (still in the background)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        s.warehouse_checks = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "tests/warehouse",
             # what depends on the documents present; the GX, BI-driver and docs checks do not
             "--ignore", "tests/warehouse/test_quality.py", "--ignore", "tests/warehouse/test_bi.py",
             "--ignore", "tests/warehouse/test_analyses_and_docs.py"],
            cwd=root, env=env, capture_output=True, text=True, timeout=600)
        before = published_state(root)  # then a build whose dbt test fails must publish nothing
        one = root / "failed_dbt_raw"  # one plan is enough: the build must stop at dbt, before publish
        one.mkdir()
        shutil.copy2(sorted(RAW.glob("*.txt"))[0], one)  # a real plan of the checkout
        s.failed_dbt = run_build(root, "--raw-dir", str(one),
                                 "--dbt-args", "--select assert_build__no_injected_failure --vars '{inject_failure: true}'")
        s.failed_dbt_states = (before, published_state(root))
    return s


class _Background:
    """The scratch build, started as soon as collection finds an end-to-end test, so that it runs
    while the other tests do (they are ordered first: tests/conftest.py)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="e2e-checkout-"))
        self.result: Scratch | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.result = prepare_and_build(self.root)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the fixture
            self.error = exc

    def wait(self) -> Scratch:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]


_BACKGROUND: list[_Background] = []


def pytest_collection_finish(session):
    if session.config.option.collectonly:
        return
    if any("/e2e/" in f"/{item.nodeid}" for item in session.items):
        _BACKGROUND.append(_Background())


def pytest_sessionfinish(session):
    for bg in _BACKGROUND:
        bg.thread.join()
        shutil.rmtree(bg.root, ignore_errors=True)


@pytest.fixture(scope="session")
def scratch() -> Scratch:
    if not _BACKGROUND:  # collected some other way: build now
        _BACKGROUND.append(_Background())
    return _BACKGROUND[0].wait()
