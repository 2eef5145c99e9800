"""Profiles as terminal text and Markdown (JSON lives on the objects: ``to_json``)."""
from __future__ import annotations

import textwrap

from .facts import Method

_TAG = {Method.PROVED: "proved", Method.CERTIFIED: "certified", Method.NUMERIC: "numeric",
        Method.UNKNOWN: "unknown"}


class Rendered:
    """Terminal text, Markdown and LaTeX for any profile with ``facts()`` (pointwise or vector)."""

    def __str__(self) -> str:
        return profile_text(self)

    def _repr_markdown_(self) -> str:
        return profile_markdown(self)

    def _repr_latex_(self) -> str:
        return profile_latex(self)


def header_lines(profile) -> list[str]:
    rec = profile.record
    lines = []
    if rec is not None:
        title = f"{rec.name} — {rec.title}"
        if rec.aliases:
            title += f"  (aliases: {', '.join(rec.aliases)})"
        lines.append(title)
        if profile.params:
            lines.append("parameters: " + ", ".join(f"{k} = {v}" for k, v in profile.params.items()))
        refs = [f"PyTorch: {rec.torch}" if rec.torch else "", f"JAX: {rec.jax}" if rec.jax else ""]
        lines.append("  ".join(r for r in refs if r))
        if rec.reference:
            lines.append(f"reference: {rec.reference}")
        if rec.notes:
            lines.extend(textwrap.wrap("note: " + rec.notes, 100))
    else:
        lines.append(f"f(x) = {profile.name}")
        if profile.params:
            lines.append("parameters: " + ", ".join(f"{k} = {v}" for k, v in profile.params.items()))
    return lines


def profile_text(profile, evidence: bool = False) -> str:
    facts = profile.facts()
    width = max(len(f.label) for f in facts)
    lines = header_lines(profile) + [""]
    for f in facts:
        tag = f"[{_TAG[f.method]}]"
        body = f.text
        lines.append(f"{f.label:<{width}}  {body}  {tag}")
        if evidence and f.evidence:
            lines.append(" " * (width + 2) + "↳ " + f.evidence)
    return "\n".join(lines)


def profile_markdown(profile) -> str:
    lines = ["**" + header_lines(profile)[0] + "**", "", "| property | value | how known |", "|---|---|---|"]
    for f in profile.facts():
        value = f"${f.latex}$" if f.latex else f.text.replace("|", "\\|")
        lines.append(f"| {f.label} | {value} | {f.method} |")
    return "\n".join(lines)


def _latex_text(text: str) -> str:
    replacements = {"\\": r"\textbackslash{}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#",
                    "{": r"\{", "}": r"\}", "∞": r"$\infty$", "ℝ": r"$\mathbb{R}$", "≈": r"$\approx$",
                    "∪": r"$\cup$", "→": r"$\to$", "≡": r"$\equiv$", "∈": r"$\in$", "^": r"\^{}"}
    return "".join(replacements.get(ch, ch) for ch in text)


def profile_latex(profile) -> str:
    """A LaTeX ``tabular``: property, value (math where the fact carries LaTeX), method."""
    rows = []
    for f in profile.facts():
        value = f"${f.latex}$" if f.latex else _latex_text(f.text)
        rows.append(f"{_latex_text(f.label)} & {value} & {f.method} \\\\")
    title = _latex_text(header_lines(profile)[0])
    body = "\n".join(rows)
    return (f"\\begin{{tabular}}{{lll}}\n\\multicolumn{{3}}{{l}}{{\\textbf{{{title}}}}} \\\\\n"
            f"\\hline\nproperty & value & how known \\\\\n\\hline\n{body}\n\\end{{tabular}}")
