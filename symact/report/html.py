"""Profiles as an HTML table (Jupyter's ``_repr_html_``): property, value, method, and the
evidence in each row's tooltip; ``numeric`` and ``unknown`` rows are shaded."""
from __future__ import annotations

import html

from .text import header_lines, value_text

_STYLE = ("<style>table.symact-profile{border-collapse:collapse}table.symact-profile td,table.symact-profile th"
          "{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}"
          "tr.numeric td{background:#fff4e0}tr.unknown td{background:#f3f3f3;color:#666}</style>")


def profile_html(profile) -> str:
    rows = []
    for f in profile.facts():
        rows.append(f'<tr class="{f.method}" title="{html.escape(f.evidence[:400])}"><th>{html.escape(f.label)}</th>'
                    f"<td>{html.escape(value_text(f))}</td><td>{f.method}</td></tr>")
    head = "<br>".join(html.escape(line) for line in header_lines(profile))
    return (f'{_STYLE}<p><b>{head}</b></p><table class="symact-profile"><thead><tr><th>property</th><th>value</th>'
            f"<th>how known</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
