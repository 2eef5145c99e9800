r"""A table as LaTeX that compiles with pdflatex: booktabs rules, amsmath, a ``longtable``
whose paragraph columns add up to ``\linewidth`` exactly, and every cell set in a box that is
scaled down only when it is wider than its column, so no table is ever overfull.

The fragment (default) needs ``\usepackage{amsmath,amssymb,booktabs,longtable,array,graphicx}``;
``standalone`` wraps it in a whole document (landscape A4 for a wide table).
"""
from __future__ import annotations

import math

from ..report.latex import escape
from .cells import LEGEND, ROUNDED, Cell

PACKAGES = r"\usepackage{amsmath,amssymb,booktabs,longtable,array,graphicx}"
# a cell wider than its column is scaled to fit (never overfull); narrower ones are untouched
FIT = (r"\ifdefined\symactbox\else\newsavebox\symactbox\fi" "\n"
       r"\providecommand{\symactfit}[1]{\sbox\symactbox{#1}\ifdim\wd\symactbox>\linewidth"
       r"\resizebox{\linewidth}{!}{\usebox\symactbox}\else\usebox\symactbox\fi}")
_WEIGHTS = {"definition": 2.6, "derivative": 2.8, "second_derivative": 3.2, "derivative_in_f": 2.4,
            "range": 1.8, "derivative_range": 1.8, "minimum": 1.6, "maximum": 1.4, "inflection_points": 1.8,
            "critical_points": 1.6, "monotonicity": 1.45, "convexity": 1.3, "saturation": 1.2, "zero_centred": 1.2,
            "smoothness": 1.2, "dead_region": 1.7, "value_at_0": 0.8, "derivative_at_0": 0.9}
_MARK_LATEX = {"†": r"\dagger", "?": "?", ROUNDED: "*"}


def _mark(c: Cell) -> str:
    return "^{" + "".join(_MARK_LATEX[m] for m in c.mark) + "}" if c.mark else ""


_MORE = {"±": r"$\pm$", "Σ": r"$\Sigma$", "ᵀ": r"$^{T}$", "ᵛ": r"$^{v}$", "ᵢ": r"$_{i}$", "₁": r"$_{1}$",
         "…": r"\dots{}", "↳": r"$\hookrightarrow$", "∂": r"$\partial$", "∇": r"$\nabla$", "≠": r"$\neq$",
         "≤": r"$\leq$", "≥": r"$\geq$", "−": "-", "ˣ": r"$^{x}$", "²": r"$^{2}$", "³": r"$^{3}$", "″": "''",
         "×": r"$\times$", "ô": r"\^{o}", "ü": r"\"{u}", "–": "--", "¼": r"$\tfrac14$", "½": r"$\tfrac12$",
         "|": r"$|$", "<": r"$<$", ">": r"$>$"}  # OT1 text fonts have no | < > (they print — ¡ ¿)


def escape_text(text: str) -> str:
    """Any text (evidence, titles) made safe for pdflatex: LaTeX specials escaped, the
    mathematical symbols symact prints as math, anything else outside ASCII as '?'."""
    out = []
    for ch in text:
        if ch in _MORE:
            out.append(_MORE[ch])
        else:
            e = escape(ch)
            out.append(e if (e != ch or ord(ch) < 128) else "?")
    return "".join(out)


def cell_latex(c: Cell) -> str:
    """One cell: math boxed and fitted to the column, text wrapping; marks as superscripts."""
    mark = _mark(c)
    if c.math:
        return rf"\symactfit{{${c.latex}{mark}$}}"
    return words(escape_text(c.text) + (f"${{}}{mark}$" if mark else ""))  # the mark stays inside the last box


def words(latex: str) -> str:
    """Text that wraps between words, each word fitted to the column (a word wider than a
    narrow column is scaled, never overfull). Words are split at spaces outside math and braces."""
    out, depth, math, word = [], 0, False, ""
    for ch in latex:
        if ch == " " and depth == 0 and not math:
            out.append(word)
            word = ""
            continue
        depth += (ch == "{") - (ch == "}")
        math ^= ch == "$"
        word += ch
    out.append(word)
    return " ".join(rf"\symactfit{{{w}}}" for w in out if w)


def legend_latex() -> str:
    text = escape(LEGEND)
    for m, tex in (("†", r"\dagger"), ("?", "?"), (ROUNDED, "*")):
        text = text.replace(f"; {m} " if m != ROUNDED else f"; {m} ", f"; ${{}}^{{{tex}}}$ ")
    return text


def _spec(keys: list[str]) -> str:
    weights = [1.25] + [_WEIGHTS.get(k, 1.1) for k in keys]
    total = sum(weights)
    # fractions rounded down, so that the columns never add up to more than \linewidth
    fracs = [math.floor(w / total * 0.999 * 10**4) / 10**4 for w in weights]
    cols = [rf">{{\raggedright\arraybackslash}}p{{\dimexpr {f:.4f}\linewidth-2\tabcolsep\relax}}" for f in fracs]
    return "".join(cols)


def _name(name: str) -> str:
    return r"\symactfit{\texttt{" + escape(name) + "}}"


def table_latex(t, standalone: bool = False) -> str:
    """The table as a ``longtable`` (breaks across pages), legend below it."""
    keys = [c.key for c in t.columns]
    head = words("activation") + " & " + " & ".join(words(c.latex_title) for c in t.columns) + r" \\"
    rows = [_name(n) + " & " + " & ".join(cell_latex(c) for c in t.row(n)) + r" \\" for n in t.names]
    n = len(keys) + 1
    body = "\n".join([
        "% symact " + t.kind + " table; needs " + PACKAGES, FIT,
        r"\begingroup" + (r"\scriptsize" if n > 6 else r"\small") + r"\setlength{\tabcolsep}{3pt}",
        r"\renewcommand{\arraystretch}{1.25}",
        rf"\begin{{longtable}}{{{_spec(keys)}}}",
        r"\toprule", head, r"\midrule", r"\endfirsthead",
        r"\toprule", head, r"\midrule", r"\endhead",
        rf"\midrule\multicolumn{{{n}}}{{r}}{{\emph{{continued}}}}\\", r"\endfoot",
        r"\bottomrule", r"\endlastfoot",
        *rows,
        r"\end{longtable}",
        r"\par\noindent " + legend_latex() + r"\par",
        r"\endgroup",
    ])
    return document(body, landscape=n > 6) if standalone else body + "\n"


def table_tabular(t) -> str:
    """The table as one MathJax ``array`` (Jupyter's ``_repr_latex_``: MathJax has no
    ``tabular``, no longtable, no boxes); text cells in ``\\text``."""
    def entry(c: Cell) -> str:
        body = c.latex if c.math else r"\text{" + c.text.replace("{", "").replace("}", "") + "}"
        return body + _mark(c)
    head = r"\text{activation} & " + " & ".join(r"\text{" + c.title + "}" for c in t.columns) + r" \\ \hline"
    rows = [r"\mathtt{" + n.replace("_", r"\_") + "} & " + " & ".join(entry(c) for c in t.row(n)) + r" \\"
            for n in t.names]
    return "\n".join(["$$", r"\begin{array}{" + "l" * (len(t.columns) + 1) + "}", head, *rows, r"\end{array}", "$$"])


def document(body: str, landscape: bool = False, title: str = "") -> str:
    """A whole pdflatex document around ``body``."""
    geometry = "a4paper,landscape,margin=1.5cm" if landscape else "a4paper,margin=2cm"
    head = [r"\documentclass[10pt]{article}", rf"\usepackage[{geometry}]{{geometry}}", PACKAGES,
            r"\usepackage[hidelinks]{hyperref}", r"\setlength{\parindent}{0pt}", r"\begin{document}"]
    if title:
        head.append(rf"\section*{{{escape(title)}}}")
    return "\n".join(head + [body, r"\end{document}"]) + "\n"
