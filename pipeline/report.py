"""Report step: a static HTML report of the comparison marts, openable offline with no server.

load inputs  : the live warehouse, opened read-only
process      : Vega-Lite specs built with altair - one baseline -> target panel per indicator, the
               service coverage heat map, the domain profile bars - plus the documents and city
               additions as HTML lists
save outputs : reports/index.html - one self-contained file: the specs, and the Vega / Vega-Lite /
               vega-embed JavaScript inlined from vl-convert's bundle (no CDN, no network). The browser
               draws the charts as SVG, then a small script counts overlapping text labels per chart
               into data- attributes (read by tests/report).

Labels avoid overlap by construction: values sit in their own column right of each indicator panel,
one row per city; item and domain names are horizontal axis labels with a row each; axes drop
colliding tick labels (labelOverlap); the detail is in tooltips.
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from decimal import Decimal
from pathlib import Path

import altair as alt
import duckdb
import vl_convert

from ingest.paths import LIVE
from ingest.paths import REPORT_HTML as OUT

PALETTE = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c", "#8d6a9f", "#c05746"]
ADOPTED, NOT_ADOPTED = "adopted", "not adopted"
FONT = 'system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif'
PLOT_W = 250  # width of an indicator panel's plot area; its values column follows
COMPARATOR = {None: "", "=": "", ">=": "\u2265", "<=": "\u2264", "~": "\u2248", ">": ">", "<": "<"}


# ---------------------------------------------------------------------------------------------- load

def _rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [{c: (float(v) if isinstance(v, Decimal) else v) for c, v in zip(cols, r)} for r in cur.fetchall()]


def load(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {
            "indicators": _rows(con, """
                select indicator_code, indicator_name_zh, indicator_name_en, direction, std_unit, city,
                       baseline_year, baseline_value_std, target_year, target_value_std, target_comparator
                from marts.cmp_indicator_by_city
                where baseline_value_std is not null or target_value_std is not null
                order by indicator_code, city"""),
            "coverage": _rows(con, """
                select c.city, c.item_no, c.national_item_name, c.domain, d.domain_name_zh, d.domain_name_en,
                       c.is_adopted, c.local_names
                from marts.cmp_service_coverage c left join marts.dim_domain d on d.domain = c.domain
                where not c.is_city_addition order by c.item_no, c.city"""),
            "additions": _rows(con, """
                select city, domain, local_names from marts.cmp_service_coverage where is_city_addition
                order by city, domain, local_names"""),
            "profile": _rows(con, """
                select p.city, p.domain, coalesce(d.domain_name_en, p.domain) as domain_name,
                       p.n_indicators, p.n_targets, p.n_tasks, p.n_service_items
                from marts.cmp_domain_profile p left join marts.dim_domain d on d.domain = p.domain
                order by p.city, p.domain"""),
            "documents": _rows(con, """
                select doc_id, city, title, plan_kind, period_start, period_end from marts.dim_document order by doc_id"""),
            "built_at": str(con.execute("select max(built_at) from meta.build_info").fetchone()[0]),
        }
    finally:
        con.close()


# ------------------------------------------------------------------------------------------- process

def _fmt(v: float | None) -> str:
    if v is None:
        return "\u2014"
    if abs(v) >= 1000:
        return f"{round(v):,}"
    return f"{round(v, 2):g}"


def _city_colour(cities: list[str]) -> alt.Scale:
    return alt.Scale(domain=cities, range=[PALETTE[i % len(PALETTE)] for i in range(len(cities))])


def _indicator_chart(rows: list[dict], colour: alt.Scale) -> alt.LayerChart:
    """Baseline (open circle) -> target (filled circle) per city; the values in a column to the right."""
    values = []
    for r in rows:
        b, t = r["baseline_value_std"], r["target_value_std"]
        base = f"{_fmt(b)} ({r['baseline_year']})" if b is not None else "\u2014"
        target = f"{COMPARATOR.get(r['target_comparator'], r['target_comparator'])}{_fmt(t)} ({r['target_year']})" \
            if t is not None else "\u2014"
        values.append({"city": r["city"], "baseline": b, "target": t, "baseline_label": base,
                       "target_label": target, "summary": f"{base}  \u2192  {target}"})
    nums = [v for r in values for v in (r["baseline"], r["target"]) if v is not None]
    lo, hi = min(nums), max(nums)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.08
    cities = [r["city"] for r in values]
    unit = rows[0]["std_unit"]

    x_axis = alt.Axis(title=f"value ({unit})", tickCount=4, labelOverlap="greedy", labelFlush=True, grid=True)
    x_scale = alt.Scale(domain=[lo - pad, hi + pad], nice=False, zero=False)
    y = alt.Y("city:N", sort=cities, title=None, axis=alt.Axis(labelFontSize=12, ticks=False, domain=False,
                                                               labelPadding=8))
    colour_enc = alt.Color("city:N", scale=colour, legend=None)
    tooltip = [alt.Tooltip("city:N"), alt.Tooltip("baseline_label:N", title="baseline"),
               alt.Tooltip("target_label:N", title="target")]
    base = alt.Chart().encode(y=y, tooltip=tooltip)

    gap = base.transform_filter("isValid(datum.baseline) && isValid(datum.target)").mark_rule(
        strokeWidth=3, opacity=0.8).encode(x=alt.X("baseline:Q", scale=x_scale, axis=x_axis), x2=alt.X2("target"),
                                           color=colour_enc)
    baseline = alt.Chart(name="baseline").mark_point(
        filled=True, fill="white", size=70, strokeWidth=2, opacity=1).encode(
        x=alt.X("baseline:Q", scale=x_scale, axis=x_axis), y=y, stroke=colour_enc, tooltip=tooltip)
    target = alt.Chart(name="target").mark_point(
        filled=True, size=70, opacity=1).encode(
        x=alt.X("target:Q", scale=x_scale, axis=x_axis), y=y, color=colour_enc, tooltip=tooltip)
    # the values column: right of the plot, on each city's own row, so it never meets the marks or axes
    labels = base.mark_text(align="left", baseline="middle", fontSize=11, color="#333").encode(
        x=alt.XValue(PLOT_W + 14), text=alt.Text("summary:N"))
    return alt.layer(gap, baseline, target, labels, data=alt.Data(values=values)).properties(
        width=PLOT_W, height=alt.Step(26))


def _coverage_chart(coverage: list[dict]) -> alt.ConcatChart:
    """National catalogue item x city, one block per domain (three abreast): adopted (green) or not (red).

    Hover a cell for the local name. Each block has its own rows, so every item label has a row to itself.
    """
    cities = sorted({r["city"] for r in coverage})
    blocks: dict[str, dict] = {}
    for r in coverage:  # in national item order
        block = blocks.setdefault(r["domain"] or "unassigned", {
            "title": " \u00b7 ".join(n for n in (r["domain_name_zh"], r["domain_name_en"] or r["domain"]) if n),
            "items": [], "values": []})
        label = f"{r['item_no']}. {r['national_item_name']}"
        if label not in block["items"]:
            block["items"].append(label)
        block["values"].append({"city": r["city"], "item": label, "status": ADOPTED if r["is_adopted"] else NOT_ADOPTED,
                                "local_names": r["local_names"] or "\u2014"})
    colour = alt.Color("status:N", scale=alt.Scale(domain=[ADOPTED, NOT_ADOPTED], range=["#2e933c", "#d1495b"]),
                       legend=alt.Legend(title=None, orient="top", labelFontSize=12))
    tooltip = [alt.Tooltip("item:N", title="national item"), alt.Tooltip("city:N"), alt.Tooltip("status:N"),
               alt.Tooltip("local_names:N", title="local name")]
    charts = []
    for i, block in enumerate(blocks.values()):
        enc = {"x": alt.X("city:N", sort=cities, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12,
                                                                            ticks=False, domain=False)),
               "y": alt.Y("item:N", sort=block["items"], title=None,
                          axis=alt.Axis(labelLimit=0, labelFontSize=11, ticks=False, domain=False)),
               "color": colour, "tooltip": tooltip}
        layers = [alt.Chart(name=f"{name}_{i}")
                  .transform_filter(alt.datum.status == status).mark_rect(stroke="white", strokeWidth=2).encode(**enc)
                  for name, status in (("adopted", ADOPTED), ("not_adopted", NOT_ADOPTED))]
        charts.append(alt.layer(*layers, data=alt.Data(values=block["values"])).properties(
            width=alt.Step(52), height=alt.Step(18),
            title=alt.TitleParams(block["title"], anchor="start", fontSize=12, fontWeight="bold", offset=6)))
    return alt.concat(*charts, columns=3, spacing=28)


def _profile_chart(profile: list[dict], cities: list[str]) -> alt.FacetChart:
    """Targets, tasks and service items stacked per domain (one row each), one small multiple per city."""
    parts = {"n_targets": "targets", "n_tasks": "tasks", "n_service_items": "service items"}
    values = [{"city": r["city"], "domain_name": r["domain_name"], "part": label, "rank": rank, "n": r[col],
               "split": f"{r['n_targets']} targets, {r['n_tasks']} tasks, {r['n_service_items']} service items"}
              for r in profile for rank, (col, label) in enumerate(parts.items()) if r[col]]
    domains = sorted({r["domain_name"] for r in profile})
    bars = alt.Chart(alt.Data(values=values), name="bar").mark_bar(height={"band": 0.7}).encode(
        y=alt.Y("domain_name:N", sort=domains, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=12, ticks=False)),
        x=alt.X("sum(n):Q", title="count", axis=alt.Axis(labelOverlap="greedy", tickMinStep=1, tickCount=4, grid=True)),
        color=alt.Color("part:N", scale=alt.Scale(domain=list(parts.values()), range=["#1b6ca8", "#edae49", "#6a4c93"]),
                        legend=alt.Legend(title=None, orient="top", labelFontSize=12)),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip("city:N"), alt.Tooltip("domain_name:N", title="domain"), alt.Tooltip("part:N"),
                 alt.Tooltip("sum(n):Q", title="count"), alt.Tooltip("split:N", title="all")],
    ).properties(width=150, height=alt.Step(22))
    return bars.facet(
            column=alt.Column("city:N", sort=cities, title=None, header=alt.Header(labelFontSize=13, labelFontWeight="bold")),
            spacing=16)


CONFIG = {"font": FONT, "view": {"stroke": None},
          "axis": {"labelColor": "#333", "titleColor": "#555", "titleFontWeight": "normal", "gridColor": "#eee"}}


def _spec(chart) -> dict:
    """The chart's Vega-Lite spec with the report's shared config.

    altair's validation is skipped here (it would double this step's time); tests/report validates every spec.
    """
    spec = chart.to_dict(validate=False)
    spec["config"] = {**spec.get("config", {}), **CONFIG}
    return spec


def build_specs(data: dict) -> list[dict]:
    """One Vega-Lite spec per chart, with what its place in the page needs (kind, indicator, caption)."""
    colour = _city_colour(sorted({d["city"] for d in data["documents"] if d["city"]}
                                 | {r["city"] for r in data["profile"]} | {r["city"] for r in data["indicators"]}))
    by_code: dict[str, list[dict]] = {}
    for r in data["indicators"]:
        by_code.setdefault(r["indicator_code"], []).append(r)
    specs = []
    for code in sorted(by_code):
        rows = by_code[code]
        first = rows[0]
        specs.append({"chart": "indicator", "indicator": code,
                      "caption": f"{first['indicator_name_zh']} \u00b7 {first['indicator_name_en']} "
                                 f"({first['std_unit']}, {first['direction']} is better)",
                      "spec": _spec(_indicator_chart(rows, colour))})
    specs.append({"chart": "coverage", "spec": _spec(_coverage_chart(data["coverage"]))})
    specs.append({"chart": "profile", "spec": _spec(_profile_chart(data["profile"], colour.domain))})
    return specs


# After every chart is drawn: count the pairs of visible SVG text labels whose boxes intersect (by more
# than 1px each way) per chart, into data-text-overlaps; the page totals go on <body>.
OVERLAP_SCRIPT = r"""
function reportVisible(el) {
  for (let e = el; e && e.nodeType === 1; e = e.parentNode) {
    const cs = getComputedStyle(e);
    if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return false;
    if (e.getAttribute('opacity') === '0' || e.getAttribute('fill-opacity') === '0') return false;
  }
  return true;
}
function reportCountOverlaps(root) {
  const boxes = [...root.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() !== '' && reportVisible(t))
    .map(t => t.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0);
  let pairs = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) pairs++;
    }
  return {texts: boxes.length, pairs: pairs};
}
function reportCheckOverlaps() {
  let texts = 0, pairs = 0;
  document.querySelectorAll('[data-chart]').forEach(host => {
    const r = reportCountOverlaps(host);
    host.dataset.textLabels = String(r.texts);
    host.dataset.textOverlaps = String(r.pairs);
    texts += r.texts; pairs += r.pairs;
  });
  document.body.dataset.textLabels = String(texts);
  document.body.dataset.textOverlaps = String(pairs);
}
"""

_EMBED_SCRIPT = r"""
(function () {
  const charts = JSON.parse(document.getElementById('report-specs').textContent);
  const hosts = [...document.querySelectorAll('[data-chart]')];
  const options = {renderer: 'svg', actions: false, mode: 'vega-lite'};
  Promise.all(hosts.map(h => vegaEmbed(h, charts[Number(h.dataset.spec)], options)))
    .then(() => {
      document.body.dataset.chartsDrawn = String(hosts.filter(h => h.querySelector('svg.marks')).length);
      reportCheckOverlaps();
    })
    .catch(e => { document.body.dataset.chartError = String(e); console.error(e); });
})();
"""


def _json_script(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).replace("</", "<\\/")


def render(data: dict, specs: list[dict], bundle: str) -> str:
    if "</script" in bundle.lower():
        raise ValueError("the JavaScript bundle would end its <script> element early")
    docs = "".join(
        f"<li>{html.escape(d['city'] or '?')} — {html.escape(d['title'] or d['doc_id'])} "
        f"({html.escape(str(d['plan_kind']))}, {d['period_start']}–{d['period_end']})</li>" for d in data["documents"])
    additions = "".join(
        f"<li>{html.escape(a['city'])} · {html.escape(a['domain'] or '')}: {html.escape(a['local_names'])}</li>"
        for a in data["additions"])
    panels = "".join(
        f'<figure class="panel"><figcaption>{html.escape(s["caption"])}</figcaption>'
        f'<div data-chart="indicator" data-indicator="{html.escape(s["indicator"])}" data-spec="{i}"></div></figure>'
        for i, s in enumerate(specs) if s["chart"] == "indicator")
    spec_no = {s["chart"]: i for i, s in enumerate(specs)}  # of the one coverage and one profile chart
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Basic public service plans — city comparison</title>
<style>
body {{ font-family: {FONT}; margin: 24px; color: #222; max-width: 1240px; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; }}
.panels {{ display: flex; flex-wrap: wrap; gap: 12px; }}
figure.panel {{ margin: 0; border: 1px solid #eee; padding: 6px; width: 590px; box-sizing: border-box; }}
figcaption {{ font-size: 12px; font-weight: 600; margin-bottom: 4px; }}
.note {{ color: #555; font-size: 13px; }}
#vg-tooltip-element {{ font-family: {FONT}; }}
</style>
<script>/* Vega, Vega-Lite and vega-embed, bundled by vl-convert {vl_convert.__version__} */
{bundle}
</script>
<script>{OVERLAP_SCRIPT}</script>
</head>
<body>
<h1>Basic public service plans — city comparison</h1>
<p class="note">Built {html.escape(data['built_at'])} UTC from the warehouse marts cmp_indicator_by_city,
cmp_service_coverage and cmp_domain_profile. Every number traces to its document and line in the warehouse.</p>
<ul class="note">{docs}</ul>
<h2>Baseline → target by city</h2>
<p class="note">Open circle: baseline; filled circle: target; the values (and years) are listed right of each panel,
in the indicator's usual unit (shown in each title). Hover a point for its values.</p>
<div id="indicators" class="panels">{panels}</div>
<h2>National service catalogue coverage</h2>
<p class="note">Green: the city's plan lists the national item (hover for its local name); red: not listed.
City items with no national counterpart:</p>
<ul class="note">{additions}</ul>
<div id="coverage" data-chart="coverage" data-spec="{spec_no['coverage']}"></div>
<h2>Domain profile</h2>
<p class="note">Targets, tasks and service items per domain, stacked, one panel per city (hover for the split).</p>
<div id="profile" data-chart="profile" data-spec="{spec_no['profile']}"></div>
<script id="report-specs" type="application/json">{_json_script([s["spec"] for s in specs])}</script>
<script>{_EMBED_SCRIPT}</script>
</body></html>
"""


def javascript_bundle() -> str:
    """Vega + Vega-Lite (the version altair writes, e.g. v6.4) + vega-embed as one script, from vl-convert."""
    return vl_convert.javascript_bundle(vl_version="_".join(alt.SCHEMA_VERSION.split(".")[:2]))


# ---------------------------------------------------------------------------------------------- save

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.report", description=__doc__.split("\n")[0])
    parser.add_argument("warehouse", nargs="?", type=Path, default=LIVE, help="warehouse file (default: the live one)")
    parser.add_argument("out", nargs="?", type=Path, default=OUT, help="HTML file to write (default: reports/index.html)")
    args = parser.parse_args(argv)
    warehouse, out = args.warehouse, args.out
    data = load(warehouse)
    page = render(data, build_specs(data), javascript_bundle())
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    print(f"    wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
