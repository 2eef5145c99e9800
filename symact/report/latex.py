"""Profiles as LaTeX (Jupyter's ``_repr_latex_``): math where the value is a formula, number
or set, escaped text otherwise."""
from __future__ import annotations

import sympy as sp

from ..core.facts import Fact
from ..core.values import Formula, Number, RealSet
from .display import num_latex, real_set_latex
from .text import header_lines, value_text

_ESCAPES = {"\\": r"\textbackslash{}", "_": r"\_", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$",
            "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}", "∞": r"$\infty$", "ℝ": r"$\mathbb{R}$",
            "≈": r"$\approx$", "∪": r"$\cup$", "→": r"$\to$", "≡": r"$\equiv$", "∈": r"$\in$", "ℤ": r"$\mathbb{Z}$",
            "σ": r"$\sigma$", "Φ": r"$\Phi$", "φ": r"$\varphi$", "·": r"$\cdot$", "—": "---", "′": "'"}


def escape(text: str) -> str:
    """Plain text made safe for LaTeX (special characters escaped, symbols as math)."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def value_latex(fact: Fact) -> str:
    """LaTeX math for values that have it (formulas, numbers, sets); '' for the rest."""
    v = fact.value
    if isinstance(v, Formula) and v.expr is not None and not v.forms:
        return sp.latex(v.expr)
    if isinstance(v, Number):
        return num_latex(v)
    if isinstance(v, RealSet) and not (fact.key == "dead_region" and v.is_empty):
        return real_set_latex(v)
    return ""


def profile_latex(profile) -> str:
    """A LaTeX ``tabular``: property, value (math where possible), method."""
    rows = []
    for f in profile.facts():
        math = value_latex(f)
        value = f"${math}$" if math else escape(value_text(f))
        rows.append(f"{escape(f.label)} & {value} & {f.method} \\\\")
    title = escape(header_lines(profile)[0])
    body = "\n".join(rows)
    return (f"\\begin{{tabular}}{{lll}}\n\\multicolumn{{3}}{{l}}{{\\textbf{{{title}}}}} \\\\\n"
            f"\\hline\nproperty & value & how known \\\\\n\\hline\n{body}\n\\end{{tabular}}")
