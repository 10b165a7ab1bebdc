"""The static report renders in a real browser (Debian's headless Chromium) and its charts are drawn."""
import os
import re
import shutil
import subprocess
import tempfile

import duckdb
import pytest

from tests.conftest import ROOT
from tests.warehouse.conftest import WAREHOUSE

REPORT = ROOT / "reports" / "index.html"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
    pytest.skip("chromium not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def dom():
    assert REPORT.exists(), "run make report first (make test does)"
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000",
                              "--dump-dom", REPORT.as_uri()], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def _expected():
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        n_indicators = con.execute("""select count(distinct indicator_code) from marts.cmp_indicator_by_city
                                      where baseline_value_std is not null or target_value_std is not null""").fetchone()[0]
        n_points = con.execute("""select count(baseline_value_std) + count(target_value_std)
                                  from marts.cmp_indicator_by_city""").fetchone()[0]
        n_adopted = con.execute("select count(*) from marts.cmp_service_coverage where is_adopted").fetchone()[0]
        n_not = con.execute("select count(*) from marts.cmp_service_coverage where not is_adopted and not is_city_addition").fetchone()[0]
    finally:
        con.close()
    return n_indicators, n_points, n_adopted, n_not


def test_report_is_self_contained():
    text = REPORT.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']https?://""", text), "the report must open offline"


def test_all_charts_are_drawn_in_the_browser(dom):
    assert "data-chart-error" not in dom
    n_indicators, n_points, n_adopted, n_not = _expected()
    drawn = int(re.search(r'data-charts-drawn="(\d+)"', dom).group(1))
    assert drawn == n_indicators + 2  # one panel per indicator, the heat map, the domain profile
    assert len(re.findall(r'<svg[^>]*data-chart="indicator"', dom)) == n_indicators
    assert len(re.findall(r'<circle[^>]*class="(?:baseline|target)"', dom)) == n_points
    assert len(re.findall(r'class="adopted"', dom)) == n_adopted
    assert len(re.findall(r'class="not-adopted"', dom)) == n_not
    assert len(re.findall(r'<rect[^>]*class="bar"', dom)) > 0
