"""The static report renders in a real browser (Debian's headless Chromium): every chart is drawn, offline,
with the marks the marts call for, no two text labels overlap, and a screenshot of it is a real picture."""
import functools
import re
import struct
import subprocess
import tempfile
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT
from tests.conftest import chromium_binary as _chromium
from tests.warehouse.conftest import WAREHOUSE

REPORT = ROOT / "reports" / "index.html"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND"]  # no name resolves: the page must draw offline




def _browser(page: Path, *args: str) -> str:
    """Run headless Chromium on a page, after its scripts ran (virtual time), and return its stdout."""
    with tempfile.TemporaryDirectory() as profile:
        out = subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                              *args, page.as_uri()], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.fixture(scope="module")
def shot(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("report") / "report.png"


@pytest.fixture(scope="module")
def dom(shot):
    """The page's DOM after its scripts ran; the same browser run saves a 1400x4000 screenshot to `shot`."""
    assert REPORT.exists(), "run make report first (make test does)"
    return _browser(REPORT, "--dump-dom", f"--screenshot={shot}", "--window-size=1400,4000", "--hide-scrollbars")


@functools.cache
def _expected() -> dict:
    """What the marts call for: charts, points, cells and bars, counted in the warehouse."""
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    try:
        one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "indicators": {r[0] for r in con.execute("""
                select distinct indicator_code from marts.cmp_indicator_by_city
                where baseline_value_std is not null or target_value_std is not null""").fetchall()},
            "baselines": one("select count(baseline_value_std) from marts.cmp_indicator_by_city"),
            "targets": one("select count(target_value_std) from marts.cmp_indicator_by_city"),
            "adopted": one("select count(*) from marts.cmp_service_coverage where is_adopted and not is_city_addition"),
            "not_adopted": one("select count(*) from marts.cmp_service_coverage where not is_adopted and not is_city_addition"),
            "items": one("select count(distinct item_no) from marts.cmp_service_coverage where not is_city_addition"),
            "bars": one("""select count(*) filter (where n_targets > 0) + count(*) filter (where n_tasks > 0)
                                  + count(*) filter (where n_service_items > 0) from marts.cmp_domain_profile"""),
        }
    finally:
        con.close()


def _items(dom: str, mark: str, name: str) -> int:
    """How many items (SVG paths) Vega drew in the mark groups whose name matches the regex `name`."""
    groups = re.findall(rf'<g class="mark-{mark} role-mark {name}"[^>]*>(.*?)</g>', dom)
    return sum(g.count("<path") for g in groups)


def test_chart_specs_are_valid_vega_lite():
    """The report step skips altair's validation (speed); every spec it writes is checked here instead."""
    import altair as alt

    from pipeline.report import build_specs, load

    specs = build_specs(load(WAREHOUSE))
    assert len(specs) == len(_expected()["indicators"]) + 2
    for s in specs:
        alt.TopLevelSpec.validate(s["spec"])


def test_report_is_self_contained():
    text = REPORT.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), "the report must open offline"
    assert not re.search(r"<script[^>]*\ssrc=", text), "scripts are inlined, none loaded"
    assert not re.search(r"<link[^>]*\shref=", text), "styles are inlined, none loaded"
    assert "vegaEmbed" in text, "the charting library is inlined"


def test_all_charts_are_drawn_in_the_browser(dom):
    assert "data-chart-error" not in dom, re.search(r'data-chart-error="([^"]*)"', dom).group(1)
    exp = _expected()
    n_charts = len(exp["indicators"]) + 2  # one panel per indicator, the coverage heat map, the domain profile
    assert int(re.search(r'data-charts-drawn="(\d+)"', dom).group(1)) == n_charts
    assert len(re.findall(r'<svg[^>]*class="marks"', dom)) == n_charts  # Vega's own SVG, one per chart
    assert {h.get("data-indicator") for h in _hosts(dom) if h["data-chart"] == "indicator"} == exp["indicators"]
    assert _items(dom, "symbol", "baseline_marks") == exp["baselines"]
    assert _items(dom, "symbol", "target_marks") == exp["targets"]
    assert _items(dom, "rect", r"adopted_\d+_marks") == exp["adopted"]
    assert _items(dom, "rect", r"not_adopted_\d+_marks") == exp["not_adopted"]
    assert _items(dom, "rect", "bar_marks") == exp["bars"]


def _hosts(dom: str) -> list[dict]:
    """The attributes of each chart's container element, as the browser left them."""
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r'<div[^>]*\sdata-chart="[^>]*>', dom)]


def test_no_text_labels_overlap(dom):
    """The page measures every visible SVG text box per chart after drawing; no two may intersect."""
    exp = _expected()
    hosts = _hosts(dom)
    assert len(hosts) == len(exp["indicators"]) + 2
    assert all("data-text-overlaps" in h for h in hosts), "the overlap check ran on every chart"
    labels = int(re.search(r'<body[^>]*data-text-labels="(\d+)"', dom).group(1))
    assert labels == sum(int(h["data-text-labels"]) for h in hosts)
    assert labels > exp["items"], "the check measured the labels (at least one per catalogue item)"
    crowded = [f"{h['data-chart']} {h.get('data-indicator', '')}: {h['data-text-overlaps']} overlapping pairs "
               f"of {h['data-text-labels']} labels" for h in hosts if h["data-text-overlaps"] != "0"]
    assert not crowded, crowded
    assert re.search(r'<body[^>]*data-text-overlaps="0"', dom)


def test_overlap_check_detects_overlap(tmp_path):
    """The check itself can fail: two texts drawn over each other count once; hidden and apart ones do not."""
    from pipeline.report import OVERLAP_SCRIPT

    page = tmp_path / "overlap.html"
    page.write_text(f"""<!doctype html><html><head><meta charset="utf-8"><script>{OVERLAP_SCRIPT}</script></head>
<body><div data-chart="probe"><svg width="400" height="100">
<text x="10" y="20" font-size="14">overlapping label</text>
<text x="30" y="24" font-size="14">overlapping label</text>
<text x="10" y="60" font-size="14">apart</text><text x="200" y="60" font-size="14">apart</text>
<g opacity="0"><text x="10" y="22" font-size="14">hidden label</text></g>
</svg></div><script>reportCheckOverlaps();</script></body></html>""", encoding="utf-8")
    dom = _browser(page, "--dump-dom")
    assert re.search(r'<body[^>]*data-text-labels="4"', dom), dom[-500:]
    assert re.search(r'<body[^>]*data-text-overlaps="1"', dom), dom[-500:]


def test_screenshot_is_a_picture(dom, shot):
    assert shot.exists(), "chromium --screenshot wrote no file"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1400, 4000)
    assert len(data) > 100_000, f"a {len(data)} byte screenshot is nearly blank"
