r"""One table cell from one fact: short text, LaTeX, the method, and whether a decimal was rounded.

Exact numbers print exactly (``\tfrac{1}{4}``, ``-W(1/e)``, ``2\sqrt{2} - 3``); a number known
only as a decimal prints with 6 significant digits and ``rounded`` set, so every format marks
it (*). The method travels with the cell so that ``numeric`` (†) and ``unknown`` (?) cells are
marked too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..report.latex import escape
from .mathtex import textbook

MARKS = {"numeric": "†", "unknown": "?"}
ROUNDED = "*"
LEGEND = ("Unmarked cells are proved (symbolic) or certified (rigorous interval arithmetic); "
          "† numeric (high-precision samples, not proved); ? unknown; "
          "* a decimal rounded to 6 significant digits (its certified enclosure is in the JSON).")


@dataclass(frozen=True)
class Cell:
    """``text`` for people (Unicode), ``data`` for machines (exact SymPy syntax or the full
    decimal), ``latex`` (math mode when ``math``), the fact's ``method``, ``rounded`` when a
    decimal stands for the value, and ``value`` (the fact's JSON value)."""

    text: str
    data: str
    latex: str
    math: bool
    method: str
    rounded: bool = False
    value: Any = None
    evidence: str = ""
    inline: str = ""  # LaTeX with piecewise functions on one line (Markdown, HTML titles)

    @property
    def mark(self) -> str:
        return MARKS.get(self.method, "") + (ROUNDED if self.rounded else "")


def _text(text: str) -> str:
    """Text inside math, escaped for LaTeX."""
    return r"\text{" + escape(text) + "}"


# ---- numbers ---------------------------------------------------------------------------------

def _short_decimal(text: str) -> str:
    """A decimal string rounded to 6 significant digits (by decimal arithmetic, no float)."""
    from decimal import Context, Decimal
    d = Context(prec=6).create_decimal(Decimal(text))
    out = f"{d:g}" if abs(d.adjusted()) < 6 else f"{d:.5e}"
    return out


def _number(n: dict | None) -> tuple[str, str, str, bool]:
    """(text, data, latex, rounded) for a Number JSON."""
    if n is None:
        return "?", "", "?", False
    if n["exact"] in ("oo", "-oo"):
        return ("∞" if n["exact"] == "oo" else "-∞"), n["exact"], (r"\infty" if n["exact"] == "oo" else r"-\infty"), False
    if n["exact"] is not None:
        latex = textbook(n["exact"], n.get("latex"))
        return n["exact"].replace("**", "^").replace("*", "·"), n["exact"], latex, False
    short = _short_decimal(n["decimal"])
    prefix = "" if n["certified"] else "≈ "
    return prefix + short, n["decimal"], (r"\approx " if not n["certified"] else "") + _sci_latex(short), True


def _sci_latex(text: str) -> str:
    if "e" in text:
        mant, exp = text.split("e")
        return rf"{mant} \cdot 10^{{{int(exp)}}}"
    return text


def _interval(p: dict) -> tuple[str, str, str, bool]:
    lo, hi = _number(p["lo"]), _number(p["hi"])
    rounded = lo[3] or hi[3]
    if p["lo"]["exact"] == "-oo" and p["hi"]["exact"] == "oo":
        return "ℝ", "(-oo, oo)", r"\mathbb{R}", False
    if p["lo"] == p["hi"] or (p["lo"]["exact"] is not None and p["lo"]["exact"] == p["hi"]["exact"]):
        return "{" + lo[0] + "}", "{" + lo[1] + "}", r"\{" + lo[2] + r"\}", lo[3]
    left = "[" if p["lo_closed"] else "("
    right = "]" if p["hi_closed"] else ")"
    return (f"{left}{lo[0]}, {hi[0]}{right}", f"{left}{lo[1]}, {hi[1]}{right}",
            rf"\left{left}{lo[2]}, {hi[2]}\right{right}", rounded)


def _real_set(s: dict, empty: str = "∅") -> tuple[str, str, str, bool]:
    if not s["parts"]:
        return empty, empty, (r"\emptyset" if empty == "∅" else _text(empty)), False
    parts = [_interval(p) for p in s["parts"]]
    if len(parts) > 1 and all(p[0].startswith("{") for p in parts):  # {0} ∪ {1} is {0, 1}
        parts = [("{" + ", ".join(p[0][1:-1] for p in parts) + "}", "{" + ", ".join(p[1][1:-1] for p in parts) + "}",
                  r"\{" + ", ".join(p[2][2:-2] for p in parts) + r"\}", any(p[3] for p in parts))]
    text = " ∪ ".join(p[0] for p in parts)
    data = " U ".join(p[1] for p in parts)
    latex = r" \cup ".join(p[2] for p in parts)
    if s.get("period"):
        per = _number(s["period"])
        text, data, latex = text + f" + {per[0]}·ℤ", data + f" + {per[1]}*Z", latex + rf" + {per[2]}\mathbb{{Z}}"
    return text, data, latex, any(p[3] for p in parts)


# ---- other value types -----------------------------------------------------------------------

def _smoothness(v: dict) -> tuple[str, str]:
    order = v["order"]
    if order == "inf":
        # C^ω: analytic (the usual notation; the legend-free text form says it in words)
        return ("C^∞", r"C^{\infty}") if not v["analytic"] else ("C^ω (analytic)", r"C^{\omega}")
    suffix = " at least" if v["at_least"] else ""
    if order < 0:
        return "discontinuous", r"\text{discontinuous}"
    return f"C^{order}{suffix}", f"C^{{{order}}}" + (r"\ \text{at least}" if suffix else "")


_ZERO_CENTRED = {"odd": "yes (odd)", "both signs": "partly", "no": "no"}
_SATURATION = {"hard": "hard", "soft": "soft", "no": "no", "unknown": "?"}


def _label(key: str, v: dict) -> str:
    if key == "zero_centred":
        return _ZERO_CENTRED.get(v["name"], v["name"])
    if key == "saturation":
        left, right = _SATURATION.get(v.get("left"), "no"), _SATURATION.get(v.get("right"), "no")
        return "no" if left == right == "no" else f"left {left}, right {right}"
    if key == "identity_near_0":
        return "yes" if v["name"] == "yes" else "no"
    return v["name"]


def _extremum(v: dict) -> tuple[str, str, str, bool]:
    if v["status"] == "unbounded":
        return "none (unbounded)", "unbounded", r"\text{none}", False
    if v["status"] == "unknown" or v["value"] is None:
        return "?", "", "?", False
    text, data, latex, rounded = _number(v["value"])
    if v["status"] == "not attained":
        return f"{text} (not attained)", data, latex + r"\ \text{(not attained)}", rounded
    return text, data, latex, rounded


def _points(v: dict) -> tuple[str, str, str, bool]:
    pts = v["points"]
    if not pts:
        return "none", "", r"\text{none}", False
    locs = [_number(p["location"]) for p in pts]
    more = ", …" if v.get("period") or v.get("more") else ""
    return (", ".join(n[0] for n in locs) + more, "; ".join(n[1] for n in locs),
            ", ".join(n[2] for n in locs) + (r", \dots" if more else ""), any(n[3] for n in locs))


def _asymptote(v: dict) -> tuple[str, str, str, bool]:
    if v["kind"] == "none":
        return "none", "none", r"\text{none}", False
    b = _number(v["intercept"])
    if v["kind"] == "horizontal":
        return f"y = {b[0]}", f"y = {b[1]}", f"y = {b[2]}", b[3]
    a = _number(v["slope"])
    slope_t = "" if a[1] == "1" else f"{a[0]}·"
    slope_l = "" if a[1] == "1" else a[2] + " "
    tail_t = "" if b[1] == "0" else f" + {b[0]}"
    tail_l = "" if b[1] == "0" else f" + {b[2]}"
    return f"y = {slope_t}x{tail_t}", f"y = {a[1]}*x + {b[1]}", f"y = {slope_l}x{tail_l}", a[3] or b[3]


def _formula(v: dict, key: str) -> tuple[str, str, str]:
    if v.get("expr") is not None:
        return v["expr"], v["expr"], textbook(v["expr"], v.get("latex"))
    forms = v.get("forms") or []
    texts = [f"{f['expr']} on {_interval(f['on'])[0]}" for f in forms]
    latex = r" \\ ".join(rf"{textbook(f['expr'], f['latex'])} & \text{{on }} {_interval(f['on'])[2]}" for f in forms)
    return "; ".join(texts), "; ".join(texts), r"\begin{cases}" + latex + r"\end{cases}"


def cell(fact: dict) -> Cell:
    """The cell for one fact (JSON of schema ``symact.profile/1``)."""
    key, v, method = fact["key"], fact["value"], fact["method"]
    ev = fact.get("evidence", "")
    if v is None:
        text = "no shorter form in f" if key == "derivative_in_f" else "?"
        return Cell(text, "", _text(text), False, method, False, v, ev)
    if isinstance(v, bool):
        return Cell("yes" if v else "no", str(v).lower(), _text("yes" if v else "no"), False, method, False, v, ev)
    if "expr" in v and "latex" in v and "decimal" not in v:  # Formula
        text, data, latex = _formula(v, key)
        inline = textbook(v["expr"], v.get("latex"), inline=True) if v.get("expr") else latex
        return Cell(text, data, latex, True, method, False, v, ev, inline)
    if "exact" in v and "decimal" in v:  # Number
        t, d, lx, r = _number(v)
        return Cell(t, d, lx, True, method, r, v, ev)
    if "parts" in v and "period" in v:  # RealSet
        t, d, lx, r = _real_set(v, "none" if key == "dead_region" else "∅")
        return Cell(t, d, lx, t != "none", method, r, v, ev)
    if "exists" in v:  # OneSided
        if v["exists"]:
            t, d, lx, r = _number(v["value"])
            return Cell(t, d, lx, True, method, r, v, ev)
        why = "kink" if "kink" in (v.get("reason") or "") else "jump" if "jump" in (v.get("reason") or "") else "none"
        return Cell(f"none ({why})", "none", _text(f"none ({why})"), False, method, False, v, ev)
    if "order" in v and "analytic" in v:  # Smoothness
        t, lx = _smoothness(v)
        return Cell(t, t, lx, True, method, False, v, ev)
    if "summary" in v and "runs" in v:  # Shape
        text = v["summary"] + ("; undecided in part" if v.get("undecided") else "")
        return Cell(text, text, _text(text), False, method, False, v, ev)
    if "status" in v and "kind" in v:  # Extremum
        t, d, lx, r = _extremum(v)
        return Cell(t, d, lx, True, method, r, v, ev)
    if "points" in v:  # Points
        t, d, lx, r = _points(v)
        return Cell(t, d, lx, True, method, r, v, ev)
    if "kind" in v and "slope" in v:  # Asymptote
        t, d, lx, r = _asymptote(v)
        return Cell(t, d, lx, True, method, r, v, ev)
    if "name" in v:  # Label
        text = _label(key, v)
        return Cell(text, text, _text(text), False, method, False, v, ev)
    text = str(v)
    return Cell(text, text, _text(text), False, method, False, v, ev)
