"""Render :class:`~pelayanan.report.data.ReportData` as one self-contained HTML page.

Everything is inline: CSS, SVG charts and a small script that switches the office timeline (its
data embedded as JSON). The script's last line sets ``document.body.dataset.ready = "1"``, which
the headless-browser test looks for: the page loaded and its script ran without an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import Enum
from html import escape
from pathlib import Path

from pelayanan.i18n import WORDS, check_language, decimal, label, short_month
from pelayanan.report.board import board_cells, board_labels
from pelayanan.report.charts import bar_chart, line_chart
from pelayanan.report.data import Note, ReportData
from pelayanan.storage.outputs import check_output, write_output

Strings = Mapping[str, str]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;
max-width:1300px}
h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:2px solid #ddd;padding-bottom:4px}
.note{color:#666;font-size:13px}
.kpis{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.kpi{background:#f4f6f8;border-radius:8px;padding:10px 16px;min-width:150px}
.kpi b{display:block;font-size:26px}
.kec{margin:8px 0}.kec h3{margin:6px 0;font-size:15px}
.tiles{display:flex;flex-wrap:wrap;gap:6px}
.tile{width:112px;height:58px;border-radius:6px;padding:4px 6px;font-size:12px;color:#111;
box-sizing:border-box;cursor:pointer;border:1px solid rgba(0,0,0,.15)}
.tile span{display:block;font-size:11px;opacity:.8}
.hijau{background:#8fd19e}.kuning{background:#ffe08a}.merah{background:#f3a0a0}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f6f8}
td.n{text-align:right}
.chart{width:100%;max-width:640px;height:auto;margin:8px 12px 8px 0}
.chart .title{font-size:13px;font-weight:bold}.chart .axis{font-size:10px;fill:#555}
.chart .grid{stroke:#eee}
.charts{display:flex;flex-wrap:wrap}
#timeline-table{max-height:520px;overflow:auto;display:block}
"""

_SCRIPT = """
(function(){
  var data = JSON.parse(document.getElementById('timeline-data').textContent);
  var select = document.getElementById('office-select');
  var body = document.getElementById('timeline-body');
  var count = document.getElementById('timeline-count');
  function show(code){
    var rows = data[code] || [];
    body.textContent = '';
    rows.forEach(function(r){
      var tr = document.createElement('tr');
      r.forEach(function(cell){
        var td = document.createElement('td'); td.textContent = cell; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    count.textContent = rows.length;
    select.value = code;
  }
  select.addEventListener('change', function(){ show(select.value); });
  document.querySelectorAll('.tile').forEach(function(tile){
    tile.addEventListener('click', function(){
      show(tile.dataset.code);
      document.getElementById('timeline').scrollIntoView();
    });
  });
  show(select.dataset.initial);
  document.body.dataset.ready = '1';
})();
"""


def _pct(value: float | None, lang: str) -> str:
    return "-" if value is None else f"{decimal(value * 100, lang, 1)}%"


def _score(row: Mapping[str, object], lang: str) -> str:
    score = row.get("score")
    return "-" if score is None else decimal(float(str(score)), lang)


def render(data: ReportData, lang: str = "id") -> str:
    t = WORDS[check_language(lang)]
    zone_of = {str(row["code"]): row for row in data.board}
    months = data.month_keys
    month_labels = [short_month(int(m[5:7]), lang) for m in months]

    def series(key: str) -> list[int]:
        return [data.months[m][key] for m in months]

    html: list[str] = [
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        GENERATOR,
        f"<title>{escape(t['title'])} — {escape(t['city'])} {data.year or ''}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(t['title'])}</h1><div>{escape(t['city'])} · {data.year or ''}</div>",
        f'<p class="note">{escape(t["generated"].format(events=data.events, year=data.year))}'
        f"<br>{escape(t['simulated'])}</p>",
        '<div class="kpis">',
        _kpi("total-offices", t["offices"], len(data.offices)),
        _kpi("total-inspections", t["inspections"], data.inspections),
        _kpi("total-complaints", t["complaints"], data.complaints),
        _kpi("total-cases", t["cases"], data.cases),
        _kpi("flagged-count", t["flagged"], len(data.flagged)),
        "</div>",
        f"<h2>{escape(t['map'])}</h2>",
        f'<p class="note">{escape(t["zone_note"])} '
        + " · ".join(
            f'{escape(t[z])}: <b id="zone-{z}">{data.zones.get(z, 0)}</b>'
            for z in ("hijau", "kuning", "merah")
        )
        + "</p>",
    ]
    kecamatan: dict[str, list[dict[str, object]]] = {}
    for _, office in sorted(data.offices.items()):
        kecamatan.setdefault(str(office["kecamatan"]), []).append(office)
    for name, offices in kecamatan.items():
        html.append(f'<div class="kec"><h3>{escape(name)} ({len(offices)})</h3><div class="tiles">')
        for office in offices:
            code = str(office["code"])
            row = zone_of.get(code, {})
            zone = str(row.get("zone", "kuning"))
            html.append(
                f'<div class="tile {escape(zone)}" data-code="{escape(code)}" '
                f'title="{escape(code)}">{escape(str(office["name"]))}'
                f"<span>{escape(t['score'])} {_score(row, lang)} · "
                f"{escape(t.get(zone, zone))}</span></div>"
            )
        html.append("</div></div>")
    weakest = _weakest(data.board)
    if weakest:
        # The columns of `pelayanan board` and the demo's board (pelayanan.report.board).
        html.append(
            f"<h3>{escape(t['board'])}</h3><table><tr><th>{escape(t['office'])}</th>"
            f"<th>Kecamatan</th>"
            + "".join(f"<th>{escape(name)}</th>" for name in board_labels(lang))
            + "</tr>"
        )
        for row in weakest:
            html.append(
                f"<tr><td>{escape(str(row['code']))} {escape(str(row['name']))}</td>"
                f"<td>{escape(str(row['kecamatan']))}</td>"
                + "".join(
                    f"<td class=n>{escape(cell)}</td>" for cell in board_cells(row, lang)[:-1]
                )
                + f"<td>{escape(board_cells(row, lang)[-1])}</td></tr>"
            )
        html.append("</table>")
    html += [
        f"<h2>{escape(t['trends'])}</h2><div class=charts>",
        bar_chart(
            month_labels,
            [(t["vacancies"], series("vacancies"))],
            title=t["vacancies"],
            chart_id="chart-vacancies",
        ),
        line_chart(
            month_labels,
            [(t["findings"], series("findings")), (t["complaints"], series("complaints"))],
            title=f"{t['findings']} / {t['complaints']}",
            chart_id="chart-trends",
        ),
        line_chart(
            month_labels,
            [(t["inspections"], series("inspections"))],
            title=t["inspections"],
            chart_id="chart-inspections",
        ),
        "</div>",
    ]
    html.append(_sla(data, t, lang))
    html.append(_discipline(data, t, lang))
    html += [
        f'<h2 id="timeline">{escape(t["timeline"])}</h2>',
        f'<label>{escape(t["choose"])}: <select id="office-select" '
        f'data-initial="{escape(_initial(data))}">',
    ]
    for code, office in sorted(data.offices.items()):
        html.append(
            f'<option value="{escape(code)}">{escape(code)} {escape(str(office["name"]))}</option>'
        )
    html += [
        '</select></label> <span class="note">(<span id="timeline-count">0</span>)</span>',
        f'<table id="timeline-table"><thead><tr><th>{escape(t["when"])}</th>'
        f"<th>{escape(t['what'])}</th><th>{escape(t['detail'])}</th></tr></thead>"
        '<tbody id="timeline-body"></tbody></table>',
        '<script type="application/json" id="timeline-data">',
        # "</" cannot end the script element early once escaped this way.
        json.dumps(_timelines(data, lang), ensure_ascii=False).replace("</", "<\\/"),
        "</script>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(html)


def _weakest(board: list[dict[str, object]]) -> list[dict[str, object]]:
    def key(row: dict[str, object]) -> tuple[float, int, int, str]:
        findings = row.get("findings", {})
        total = sum(findings.values()) if isinstance(findings, dict) else 0
        vacancies = row.get("vacancies_in_service_hours", 0)
        return (float(str(row["score"])), -int(str(vacancies)), -total, str(row["code"]))

    return sorted(board, key=key)[:10]


def _initial(data: ReportData) -> str:
    if "35.73.01.1011" in data.offices:  # Jodipan: where the story starts
        return "35.73.01.1011"
    return next(iter(sorted(data.offices)), "")


def _kpi(element: str, label: str, value: int) -> str:
    return f'<div class="kpi"><b id="{element}">{value}</b>{escape(label)}</div>'


def _timelines(data: ReportData, lang: str) -> dict[str, list[list[str]]]:
    """Each office's rows as the page's script shows them: when, kind, message, in ``lang``."""
    return {
        code: [[note.at, WORDS[lang][f"kind.{note.kind}"], _message(note, lang)] for note in notes]
        for code, notes in data.timelines.items()
    }


def _message(note: Note, lang: str) -> str:
    fields = {
        name: label(value, lang) if isinstance(value, Enum) else value
        for name, value in note.fields.items()
    }
    return WORDS[lang][f"note.{note.message}"].format(**fields)


def _sla(data: ReportData, s: Strings, lang: str) -> str:
    acked = data.first_response_on_time + data.first_response_late
    share = None if acked == 0 else data.first_response_on_time / acked
    rows = [
        f"<h2>{escape(s['sla'])}</h2>",
        f'<p>{escape(s["first_response"])}: <b id="first-response-on-time">{_pct(share, lang)}</b> '
        f"({data.first_response_on_time}/{acked})</p>",
        f"<table id=sla-table><tr><th>{escape(s['class'])}</th><th>{escape(s['filed'])}</th>"
        f"<th>{escape(s['closed'])}</th><th>{escape(s['on_time'])}</th>"
        f"<th>{escape(s['late'])}</th><th>{escape(s['open'])}</th>"
        f"<th>% {escape(s['on_time'])}</th><th>{escape(s['mean_days'])}</th></tr>",
    ]
    for kind, row in sorted(data.sla.items(), key=lambda item: item[0].value):
        mean = "-" if row.mean_days is None else decimal(row.mean_days, lang, 1)
        rows.append(
            f"<tr><td>{escape(label(kind, lang))}</td><td class=n>{row.filed}</td>"
            f"<td class=n>{row.closed}</td><td class=n>{row.on_time}</td>"
            f"<td class=n>{row.late}</td><td class=n>{row.open}</td>"
            f"<td class=n>{_pct(row.on_time_share, lang)}</td><td class=n>{mean}</td></tr>"
        )
    rows.append("</table>")
    rows.append(f"<table><tr><th>{escape(s['channels'])}</th><th>{escape(s['count'])}</th></tr>")
    for channel, n in data.channels.most_common():
        rows.append(f"<tr><td>{escape(label(channel, lang))}</td><td class=n>{n}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _discipline(data: ReportData, s: Strings, lang: str) -> str:
    levels = ("ringan", "sedang", "berat", "none")
    out = [
        f"<h2>{escape(s['discipline'])}</h2><div class=charts>",
        bar_chart(
            [s[k] for k in levels],
            [(s["count"], [data.levels.get(k, 0) for k in levels])],
            title=s["by_level"],
            chart_id="chart-levels",
        ),
        "</div>",
    ]
    return "".join(out) + _discipline_tables(data, s, lang)


def _discipline_tables(data: ReportData, s: Strings, lang: str) -> str:
    out = [f"<table><tr><th>{escape(s['punishment'])}</th><th>{escape(s['count'])}</th></tr>"]
    for punishment, n in data.punishments.most_common():
        out.append(f"<tr><td>{escape(label(punishment, lang))}</td><td class=n>{n}</td></tr>")
    out.append("</table>")
    out.append(f"<table><tr><th>{escape(s['sources'])}</th><th>{escape(s['count'])}</th></tr>")
    for source, n in data.cases_by_source.most_common():
        out.append(f"<tr><td>{escape(label(source, lang))}</td><td class=n>{n}</td></tr>")
    out.append(f"<tr><td>{escape(s['objections'])}</td><td class=n>{data.objections}</td></tr>")
    out.append("</table>")
    out.append(
        f"<h3>{escape(s['flagged_list'])} (<span id=flagged-listed>{len(data.flagged)}</span>)"
        f"</h3><table id=flagged-table><tr><th>{escape(s['case'])}</th>"
        f"<th>{escape(s['office'])}</th><th>{escape(s['name'])}</th><th>{escape(s['date'])}</th>"
        f"<th>{escape(s['required'])}</th><th>{escape(s['decided'])}</th>"
        f"<th>{escape(s['by'])}</th></tr>"
    )
    for f in data.flagged:
        out.append(
            f"<tr><td>{escape(f.case_number)}</td><td>{escape(f.office or '-')}</td>"
            f"<td>{escape(f.name)}</td><td>{escape(f.decided_on)}</td>"
            f"<td>{escape(label(f.required, lang) if f.required else '-')}</td>"
            f"<td>{escape(label(f.decided, lang))}</td>"
            f"<td>{escape(f.decided_by)}</td></tr>"
        )
    out.append("</table>")
    return "".join(out)


GENERATOR = '<meta name="generator" content="pelayanan report">'
"""How a file is recognised as a pelayanan report, which a new report may replace."""

_EARLIER_REPORT = re.compile(
    rb'^<!DOCTYPE html><html lang="[a-z]{2}"><head><meta charset="utf-8">.*id="total-offices"',
    re.DOTALL,
)


def is_report(head: bytes) -> bool:
    """Do these first bytes of a file belong to a pelayanan report (this version or earlier)?"""
    return GENERATOR.encode() in head[:2048] or bool(_EARLIER_REPORT.match(head))


def check_report_path(path: str | Path, *, db: str | None = None) -> Path:
    """Refuse a report path that is the store or an existing file that is not a report."""
    return check_output(path, kind="report", recognise=is_report, db=db)


def write_report(
    data: ReportData, path: str | Path, *, lang: str = "id", db: str | None = None
) -> Path:
    """Render and write the report; ``path`` is checked first (:func:`check_report_path`)."""
    target = check_report_path(path, db=db)
    write_output(target, [render(data, lang)], kind="report")
    return target
