"""A table as Markdown (math as ``$…$``, GitHub renders it), CSV and JSON (data to read back:
exact SymPy syntax or the full decimal, and the method) and self-contained HTML."""
from __future__ import annotations

import csv
import html as _html
import io
import json

from .cells import LEGEND, ROUNDED, Cell


def _md_cell(c: Cell) -> str:
    body = f"${(c.inline or c.latex).replace('|', chr(92) + 'vert ')}$" if c.math else c.text.replace("|", "\\|")
    mark = c.mark.replace(ROUNDED, "\\" + ROUNDED)
    return body + (f" {mark}" if mark else "")


def markdown(t) -> str:
    """A GitHub Markdown table, one row per activation, then the legend."""
    head = "| activation | " + " | ".join(c.title for c in t.columns) + " |"
    rule = "|---" * (len(t.columns) + 1) + "|"
    rows = [f"| {name} | " + " | ".join(_md_cell(c) for c in t.row(name)) + " |" for name in t.names]
    return "\n".join([head, rule, *rows, "", LEGEND.replace(ROUNDED, "\\" + ROUNDED)]) + "\n"


def csv_text(t) -> str:
    """CSV: ``name``, then per fact ``KEY`` (exact SymPy syntax or the full decimal) and
    ``KEY_method``."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name"] + [h for c in t.columns for h in (c.key, f"{c.key}_method")])
    for name in t.names:
        w.writerow([name] + [v for c in t.row(name) for v in (c.data, c.method)])
    return buf.getvalue()


def json_text(t) -> str:
    """JSON (schema ``symact.table/1``): each cell's typed value (as in the profile JSON), its
    method, evidence, text and LaTeX."""
    rows = []
    for name in t.names:
        cells = {col.key: {"value": c.value, "method": c.method, "evidence": c.evidence, "text": c.text,
                           "latex": c.latex, "rounded": c.rounded} for col, c in zip(t.columns, t.row(name))}
        rows.append({"name": name, "cells": cells})
    out = {"schema": "symact.table/1", "kind": t.kind,
           "columns": [{"key": c.key, "title": c.title} for c in t.columns], "rows": rows, "legend": LEGEND}
    return json.dumps(out, indent=1, ensure_ascii=False) + "\n"


STYLE = ("table.symact{border-collapse:collapse;font:13px/1.35 system-ui,sans-serif}"
         "table.symact th,table.symact td{border-bottom:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}"
         "table.symact thead th{border-bottom:2px solid #333}"
         "td.numeric{background:#fff4e0}td.unknown{background:#f3f3f3;color:#666}"
         "p.symact-legend{font:12px system-ui,sans-serif;color:#444}")


def html(t, standalone: bool = False) -> str:
    """An HTML table (a cell's title shows its method and evidence), self-contained."""
    esc = _html.escape
    head = "".join(f"<th>{esc(c.title)}</th>" for c in t.columns)
    body = []
    for name in t.names:
        tds = "".join(f'<td class="{c.method}" title="{esc(c.method)}: {esc(c.evidence[:300])}">{esc(c.text)}'
                      + (f"<sup>{esc(c.mark)}</sup>" if c.mark else "") + "</td>" for c in t.row(name))
        body.append(f"<tr><th>{esc(name)}</th>{tds}</tr>")
    table = (f'<table class="symact"><thead><tr><th>activation</th>{head}</tr></thead><tbody>'
             + "".join(body) + f'</tbody></table><p class="symact-legend">{esc(LEGEND)}</p>')
    if not standalone:
        return f"<style>{STYLE}</style>{table}"
    return page("symact table", table)


def page(title: str, body: str) -> str:
    """A whole self-contained HTML page."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{_html.escape(title)}</title>'
            f"<style>body{{margin:2em;font:14px/1.5 system-ui,sans-serif}}{STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")
