"""Profiles as Markdown tables (Jupyter's ``_repr_markdown_``)."""
from __future__ import annotations

from .latex import value_latex
from .text import header_lines, value_text


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def profile_markdown(profile) -> str:
    lines = ["**" + _cell(header_lines(profile)[0]) + "**", "", "| property | value | how known |", "|---|---|---|"]
    for f in profile.facts():
        latex = value_latex(f)
        value = f"${latex}$" if latex else _cell(value_text(f))
        lines.append(f"| {_cell(f.label)} | {value} | {f.method} |")
    return "\n".join(lines)
