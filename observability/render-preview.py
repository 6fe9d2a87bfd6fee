#!/usr/bin/env python3
"""Render a static preview of grafana-dashboard.json from a live Prometheus, for a screenshot.

Grafana is not needed: each panel's PromQL is run against Prometheus' HTTP API ($job becomes .+,
$__rate_interval becomes 1m) and drawn as a table, a stat or an SVG line chart.

usage: render-preview.py http://127.0.0.1:9090 out.html [minutes]
"""
import html
import json
import sys
import time
import urllib.parse
import urllib.request

PROMETHEUS, OUT = sys.argv[1], sys.argv[2]
MINUTES = int(sys.argv[3]) if len(sys.argv) > 3 else 10
COLORS = ["#7eb26d", "#eab839", "#6ed0e0", "#ef843c", "#e24d42", "#1f78c1", "#ba43a9", "#705da0"]


def query(path, **params):
    url = PROMETHEUS + path + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url) as response:
        return json.load(response)["data"]["result"]


def expr_of(target):
    return target["expr"].replace('"$job"', '".+"').replace("$__rate_interval", "1m")


def legend(template, labels):
    if not template:
        return ", ".join(f"{k}={v}" for k, v in sorted(labels.items()) if k != "__name__")
    for key, value in labels.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def human(seconds, unit):
    if unit == "s":
        days = seconds / 86400
        return f"{days:.1f} days" if abs(days) >= 1 else f"{seconds / 3600:.1f} h"
    if unit == "reqps":
        return f"{seconds:.2f}/s"
    return f"{seconds:.2f}"


def table(panel):
    rows = []
    for target in panel["targets"]:
        for series in query("/api/v1/query", query=expr_of(target)):
            labels = {k: v for k, v in series["metric"].items() if k != "__name__"}
            rows.append((labels, float(series["value"][1])))
    keys = sorted({k for labels, _ in rows for k in labels})
    head = "".join(f"<th>{html.escape(k)}</th>" for k in keys) + "<th>value</th>"
    body = "".join("<tr>" + "".join(f"<td>{html.escape(labels.get(k, ''))}</td>" for k in keys)
                   + f"<td class=num>{human(value, panel['fieldConfig']['defaults'].get('unit'))}</td></tr>"
                   for labels, value in sorted(rows, key=lambda row: row[1]))
    return f"<table><tr>{head}</tr>{body}</table>"


def stat(panel):
    cells = []
    for target in panel["targets"]:
        for series in query("/api/v1/query", query=expr_of(target)):
            cells.append(f"<div class=stat><span>{html.escape(legend(target.get('legendFormat'), series['metric']))}</span>"
                         f"<b>{human(float(series['value'][1]), panel['fieldConfig']['defaults'].get('unit'))}</b></div>")
    return "".join(cells)


def chart(panel, width, height=190):
    end = time.time()
    start = end - MINUTES * 60
    lines, names = [], []
    for target in panel["targets"]:
        for series in query("/api/v1/query_range", query=expr_of(target), start=start, end=end, step=5):
            points = [(float(t), float(v)) for t, v in series["values"]]
            if not any(v for _, v in points):
                continue  # an all-zero series (e.g. a reason never seen) only clutters the legend
            lines.append(points)
            names.append(legend(target.get("legendFormat"), series["metric"]))
    top = max([v for points in lines for _, v in points] + [1e-9]) * 1.1
    svg = [f'<svg width="{width}" height="{height + 20}">',
           f'<text x="0" y="12" class=axis>{human(top, panel["fieldConfig"]["defaults"].get("unit"))}</text>',
           f'<line x1="0" y1="{height}" x2="{width}" y2="{height}" stroke="#444"/>']
    for index, points in enumerate(lines):
        path = " ".join(f"{(t - start) / (end - start) * width:.1f},{height - v / top * (height - 16):.1f}" for t, v in points)
        svg.append(f'<polyline fill="none" stroke-width="2" stroke="{COLORS[index % len(COLORS)]}" points="{path}"/>')
    svg.append(f'<text x="0" y="{height + 16}" class=axis>-{MINUTES} min</text>'
               f'<text x="{width - 30}" y="{height + 16}" class=axis>now</text></svg>')
    keys = "".join(f'<span class=key><i style="background:{COLORS[i % len(COLORS)]}"></i>{html.escape(n)}</span>'
                   for i, n in enumerate(names))
    return "".join(svg) + f"<div>{keys}</div>"


dashboard = json.load(open(__file__.rsplit("/", 1)[0] + "/grafana-dashboard.json"))
cells = []
for panel in sorted(dashboard["panels"], key=lambda p: (p["gridPos"]["y"], p["gridPos"]["x"])):
    width = panel["gridPos"]["w"] * 56
    content = {"table": table, "stat": stat}.get(panel["type"], lambda p: chart(p, width - 24))(panel)
    cells.append(f'<section style="width:{width}px"><h2>{html.escape(panel["title"])}</h2>{content}</section>')
page = f"""<!doctype html><meta charset=utf-8><title>{html.escape(dashboard['title'])}</title>
<style>
body{{background:#111217;color:#ccccdc;font:13px sans-serif;margin:12px;width:1360px}}
h1{{font-size:18px;margin:4px 0 10px}} h2{{font-size:13px;margin:0 0 8px;color:#fff}}
section{{display:inline-block;vertical-align:top;background:#181b1f;border:1px solid #2c2f36;border-radius:4px;
padding:10px;margin:0 8px 8px 0;box-sizing:border-box;min-height:120px}}
table{{border-collapse:collapse;width:100%}} th,td{{text-align:left;padding:3px 6px;border-bottom:1px solid #2c2f36}}
td.num{{text-align:right;color:#73bf69}} .stat{{display:inline-block;margin:6px 18px 6px 0}}
.stat b{{display:block;font-size:26px;color:#73bf69}} .axis{{fill:#8e8e8e;font-size:10px}}
.key{{margin-right:12px;font-size:11px}} .key i{{display:inline-block;width:10px;height:3px;margin:0 4px 3px 0}}
</style><h1>{html.escape(dashboard['title'])} — preview from live Prometheus data, last {MINUTES} min</h1>{''.join(cells)}"""
open(OUT, "w").write(page)
print("wrote", OUT)
