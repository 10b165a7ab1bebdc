"""Report step: a static HTML report of the comparison marts, openable offline with no server.

load inputs  : the live warehouse, opened read-only
process      : three datasets (indicator baseline -> target by city, service coverage, domain profile)
save outputs : reports/index.html - one self-contained file; the charts are drawn as SVG by inline
               JavaScript from the embedded data, no library and no network.
"""
from __future__ import annotations

import html
import json
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "warehouse" / "public_services.duckdb"
OUT = ROOT / "reports" / "index.html"


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
                select city, item_no, national_item_name, domain, is_adopted, local_names
                from marts.cmp_service_coverage where not is_city_addition order by item_no, city"""),
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


_SCRIPT = r"""
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const NS = 'http://www.w3.org/2000/svg';
  const palette = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6a4c93', '#00798c', '#8d6a9f', '#c05746'];
  const cities = [...new Set(data.documents.map(d => d.city))].sort();
  const colour = c => palette[cities.indexOf(c) % palette.length];
  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, attrs) {
    const t = el('text', Object.assign({x: x, y: y}, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function fmt(v) { return v === null || v === undefined ? '—' : (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : +v.toFixed(2)); }

  // 1. baseline -> target by city, one panel per canonical indicator
  function drawIndicators(host) {
    const byCode = {};
    data.indicators.forEach(r => (byCode[r.indicator_code] = byCode[r.indicator_code] || []).push(r));
    Object.keys(byCode).sort().forEach(code => {
      const rows = byCode[code];
      const vals = rows.flatMap(r => [r.baseline_value_std, r.target_value_std]).filter(v => v !== null);
      let lo = Math.min(...vals), hi = Math.max(...vals);
      if (lo === hi) { lo = lo - 1; hi = hi + 1; }
      const pad = (hi - lo) * 0.08; lo -= pad; hi += pad;
      const W = 520, left = 70, right = 20, rowH = 26, H = 38 + rows.length * rowH;
      const x = v => left + (v - lo) / (hi - lo) * (W - left - right);
      const fig = document.createElement('figure'); fig.className = 'panel';
      const cap = document.createElement('figcaption');
      cap.textContent = rows[0].indicator_name_zh + ' · ' + rows[0].indicator_name_en + ' (' + rows[0].std_unit + ', ' + rows[0].direction + ' is better)';
      fig.appendChild(cap);
      const svg = el('svg', {width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'data-chart': 'indicator', 'data-indicator': code, role: 'img'}, fig);
      el('line', {x1: left, x2: W - right, y1: H - 16, y2: H - 16, stroke: '#999'}, svg);
      text(svg, left, H - 3, fmt(lo), {'font-size': 10, fill: '#555'});
      text(svg, W - right, H - 3, fmt(hi), {'font-size': 10, fill: '#555', 'text-anchor': 'end'});
      rows.forEach((r, i) => {
        const y = 16 + i * rowH;
        text(svg, left - 8, y + 4, r.city, {'font-size': 12, 'text-anchor': 'end'});
        const b = r.baseline_value_std, t = r.target_value_std;
        if (b !== null && t !== null) el('line', {x1: x(b), x2: x(t), y1: y, y2: y, stroke: colour(r.city), 'stroke-width': 3, class: 'gap'}, svg);
        if (b !== null) {
          el('circle', {cx: x(b), cy: y, r: 5, fill: '#fff', stroke: colour(r.city), 'stroke-width': 2, class: 'baseline'}, svg);
          text(svg, x(b), y - 8, `${fmt(b)} (${r.baseline_year})`, {'font-size': 9, 'text-anchor': 'middle', fill: '#444'});
        }
        if (t !== null) {
          el('circle', {cx: x(t), cy: y, r: 5, fill: colour(r.city), class: 'target'}, svg);
          text(svg, x(t), y + 15, `${r.target_comparator === '=' ? '' : r.target_comparator}${fmt(t)} (${r.target_year})`, {'font-size': 9, 'text-anchor': 'middle', fill: '#000'});
        }
      });
      host.appendChild(fig);
    });
  }

  // 2. national catalogue x city heat map
  function drawCoverage(host) {
    const covCities = [...new Set(data.coverage.map(r => r.city))].sort();
    const items = [...new Map(data.coverage.map(r => [r.item_no, r])).values()];
    const cell = 14, left = 330, top = 40, W = left + covCities.length * 60 + 20, H = top + items.length * cell + 10;
    const svg = el('svg', {width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'data-chart': 'coverage', role: 'img'}, host);
    covCities.forEach((c, j) => text(svg, left + j * 60 + 25, top - 10, c, {'font-size': 12, 'text-anchor': 'middle'}));
    const cellOf = {};
    data.coverage.forEach(r => (cellOf[r.item_no + '|' + r.city] = r));
    items.forEach((it, i) => {
      const y = top + i * cell;
      text(svg, left - 6, y + 10, `${it.item_no}. ${it.national_item_name}`, {'font-size': 10, 'text-anchor': 'end'});
      covCities.forEach((c, j) => {
        const r = cellOf[it.item_no + '|' + c];
        const rect = el('rect', {x: left + j * 60, y: y, width: 50, height: cell - 2,
          fill: r && r.is_adopted ? '#2e933c' : '#d1495b', class: r && r.is_adopted ? 'adopted' : 'not-adopted'}, svg);
        const tip = el('title', {}, rect);
        tip.textContent = r && r.is_adopted ? `${c}: ${r.local_names}` : `${c}: not adopted`;
      });
    });
  }

  // 3. domain profile: grouped bars of targets and tasks per city and domain
  function drawProfile(host) {
    const domains = [...new Set(data.profile.map(r => r.domain_name))].sort();
    const max = Math.max(1, ...data.profile.map(r => r.n_targets + r.n_tasks + r.n_service_items));
    const groupW = cities.length * 14 + 16, left = 40, H = 300, top = 20, bottom = 110;
    const W = left + domains.length * groupW + 20;
    const svg = el('svg', {width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'data-chart': 'profile', role: 'img'}, host);
    const y = v => top + (1 - v / max) * (H - top - bottom);
    el('line', {x1: left, x2: W - 10, y1: y(0), y2: y(0), stroke: '#999'}, svg);
    text(svg, left - 4, y(max) + 4, String(max), {'font-size': 10, 'text-anchor': 'end'});
    domains.forEach((d, i) => {
      const gx = left + i * groupW + 8;
      cities.forEach((c, j) => {
        const r = data.profile.find(p => p.domain_name === d && p.city === c);
        const v = r ? r.n_targets + r.n_tasks + r.n_service_items : 0;
        const bar = el('rect', {x: gx + j * 14, y: y(v), width: 12, height: y(0) - y(v), fill: colour(c), class: 'bar'}, svg);
        el('title', {}, bar).textContent = `${c} · ${d}: ${r ? r.n_targets : 0} targets, ${r ? r.n_tasks : 0} tasks, ${r ? r.n_service_items : 0} service items`;
      });
      text(svg, gx + cities.length * 7, y(0) + 12, d, {'font-size': 10, 'text-anchor': 'end', transform: `rotate(-40 ${gx + cities.length * 7} ${y(0) + 12})`});
    });
    cities.forEach((c, j) => {
      el('rect', {x: left + j * 70, y: H - 18, width: 10, height: 10, fill: colour(c)}, svg);
      text(svg, left + j * 70 + 14, H - 9, c, {'font-size': 11});
    });
  }

  try {
    drawIndicators(document.getElementById('indicators'));
    drawCoverage(document.getElementById('coverage'));
    drawProfile(document.getElementById('profile'));
    document.body.dataset.chartsDrawn = String(document.querySelectorAll('svg[data-chart]').length);
  } catch (e) {
    document.body.dataset.chartError = String(e);
    throw e;
  }
})();
"""


def render(data: dict) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).replace("</", "<\\/")
    docs = "".join(
        f"<li>{html.escape(d['city'] or '?')} — {html.escape(d['title'] or d['doc_id'])} "
        f"({html.escape(str(d['plan_kind']))}, {d['period_start']}–{d['period_end']})</li>" for d in data["documents"])
    additions = "".join(
        f"<li>{html.escape(a['city'])} · {html.escape(a['domain'] or '')}: {html.escape(a['local_names'])}</li>"
        for a in data["additions"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Basic public service plans — city comparison</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 24px; color: #222; max-width: 1200px; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; }}
.panels {{ display: flex; flex-wrap: wrap; gap: 12px; }}
figure.panel {{ margin: 0; border: 1px solid #eee; padding: 6px; }}
figcaption {{ font-size: 12px; font-weight: 600; margin-bottom: 4px; }}
.note {{ color: #555; font-size: 13px; }}
</style></head>
<body>
<h1>Basic public service plans — city comparison</h1>
<p class="note">Built {html.escape(data['built_at'])} UTC from the warehouse marts cmp_indicator_by_city,
cmp_service_coverage and cmp_domain_profile. Every number traces to its document and line in the warehouse.</p>
<ul class="note">{docs}</ul>
<h2>Baseline → target by city</h2>
<p class="note">Open circle: baseline; filled circle: target; values in the indicator's usual unit (shown in each title).</p>
<div id="indicators" class="panels"></div>
<h2>National service catalogue coverage</h2>
<p class="note">Green: the city's plan lists the national item (hover for its local name); red: not listed.
City items with no national counterpart:</p>
<ul class="note">{additions}</ul>
<div id="coverage"></div>
<h2>Domain profile</h2>
<p class="note">Targets + tasks + service items per domain and city (hover for the split).</p>
<div id="profile"></div>
<script id="report-data" type="application/json">{payload}</script>
<script>{_SCRIPT}</script>
</body></html>
"""


def main(argv: list[str]) -> int:
    warehouse = Path(argv[0]) if argv else LIVE
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".html.tmp")
    tmp.write_text(render(load(warehouse)), encoding="utf-8")
    tmp.replace(out)
    print(f"    wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
