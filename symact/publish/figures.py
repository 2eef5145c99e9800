r"""Figures of activations: f, f′, f″ from the generated NumPy functions, with the profile's
minima, inflection points and asymptotes marked, and approximation errors with their
certified maximum from the verifier.

Publication defaults: vector output (SVG/PDF; PNG at 200 dpi), mathtext labels ($f'(x)$), the
Okabe–Ito colour-blind-safe palette, no pyplot state (a bare ``Figure`` on the Agg canvas).
matplotlib is the ``plot`` extra and is imported only here, on first use.

Every marked point is drawn as its own ``Line2D`` whose label names it (``minimum``,
``inflection``, ``asymptote``, ``certified max``), so tests read the figure's data, not pixels.
"""
from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass

import numpy as np

from ..core.errors import ParseError, UnsupportedError
from .output import atomic, kind_of
from .source import facts_of, profile_json

#: Okabe & Ito (2008), colour-blind safe
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7"}
CURVES = {0: ("$f(x)$", OKABE_ITO["blue"], "-"), 1: ("$f'(x)$", OKABE_ITO["vermillion"], "--"),
          2: ("$f''(x)$", OKABE_ITO["green"], ":")}
RC = {"font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "legend.fontsize": 8, "lines.linewidth": 1.4,
      "axes.spines.top": False, "axes.spines.right": False, "svg.fonttype": "path", "svg.hashsalt": "symact",
      "axes.prop_cycle": None}
_STEP = 1e-4  # f'' by central differences of the generated f' (h² ≈ 1e-8: far below a pixel)


def _matplotlib():
    try:
        import matplotlib
    except ImportError:
        raise UnsupportedError("plots need matplotlib: pip install 'symact[plot]'") from None
    from cycler import cycler
    rc = dict(RC, **{"axes.prop_cycle": cycler(color=list(OKABE_ITO.values())[1:])})
    return matplotlib, rc


@dataclass
class Plot:
    """A figure with Jupyter's ``_repr_png_`` / ``_repr_svg_`` and :meth:`save`."""

    figure: object

    def save(self, path) -> None:
        """Write the figure (format from the suffix: .svg, .pdf or .png), atomically."""
        fmt = kind_of(path, ("svg", "pdf", "png"))
        data = self.to_bytes(fmt)
        with atomic(path) as tmp:
            tmp.write_bytes(data)

    def to_bytes(self, fmt: str = "svg", dpi: int = 200) -> bytes:
        matplotlib, rc = _matplotlib()
        buf = io.BytesIO()
        # fontTools, subsetting the embedded fonts, logs a harmless note about DejaVu's timestamps
        quiet = logging.getLogger("fontTools")
        level = quiet.level
        quiet.setLevel(logging.ERROR)
        try:
            with matplotlib.rc_context(rc):
                self.figure.savefig(buf, format=fmt, dpi=dpi, bbox_inches="tight", metadata=_metadata(fmt))
        finally:
            quiet.setLevel(level)
        return buf.getvalue()

    def _repr_png_(self) -> bytes:
        return self.to_bytes("png", dpi=100)

    def _repr_svg_(self) -> str:
        return self.to_bytes("svg").decode("utf-8")


def _metadata(fmt: str) -> dict:
    # no creation date: the same figure gives the same bytes (docs/figures are checked in)
    return {"svg": {"Date": None}}.get(fmt, {})


def parse_range(text: str | tuple) -> tuple[float, float]:
    """``"-5,5"`` → (-5.0, 5.0); finite, increasing."""
    try:
        lo, hi = (float(v) for v in (text.split(",") if isinstance(text, str) else text))
    except (TypeError, ValueError):
        raise ParseError(f"--range expects LO,HI (two numbers), got {str(text)[:40]!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ParseError(f"--range expects finite LO < HI, got {str(text)[:40]!r}")
    return lo, hi


def parse_orders(text: str | tuple) -> tuple[int, ...]:
    """``"0,1,2"`` → (0, 1, 2); each of 0, 1, 2."""
    items = text.split(",") if isinstance(text, str) else list(text)
    try:
        orders = tuple(sorted({int(str(v).strip()) for v in items if str(v).strip()}))
    except ValueError:
        raise ParseError(f"--derivatives expects orders among 0,1,2, got {str(text)[:40]!r}") from None
    if not orders or any(o not in (0, 1, 2) for o in orders):
        raise ParseError(f"--derivatives expects orders among 0,1,2, got {str(text)[:40]!r}")
    return orders


def _breaks(facts: dict) -> list[tuple[float, int]]:
    """Breakpoints of f and the order k (f is C^k there: f^(k+1) may jump)."""
    v = facts["smoothness"]["value"] or {}
    return [(float(b["at"]["decimal"]), b["order"]) for b in v.get("breakpoints", [])]


def curves(name: str, xs: np.ndarray, orders=(0, 1, 2)) -> dict[int, np.ndarray]:
    """f, f′, f″ on ``xs`` from the generated NumPy code (f″ by central differences of f′);
    NaN at a breakpoint where that derivative jumps, so no false vertical segment is drawn."""
    from ..codegen import numeric
    fn = numeric(name)
    out = {}
    value, grad = fn.value_and_grad(xs)
    out[0], out[1] = np.asarray(value, dtype=float), np.asarray(grad, dtype=float)
    if 2 in orders:
        _, up = fn.value_and_grad(xs + _STEP)
        _, down = fn.value_and_grad(xs - _STEP)
        out[2] = (np.asarray(up, dtype=float) - np.asarray(down, dtype=float)) / (2 * _STEP)
    facts = facts_of(profile_json(name))
    for at, k in _breaks(facts):
        for order in out:
            if order > k:  # f^(order) jumps at ``at``
                width = 2 * _STEP if order == 2 else 0.0
                near = np.abs(xs - at) <= max(width, 1e-12)
                out[order] = np.where(near, np.nan, out[order])
    return {o: out[o] for o in orders}


def _grid(lo: float, hi: float, facts: dict, n: int = 801) -> np.ndarray:
    """A uniform grid with every breakpoint in range added (a jump shows as a gap there)."""
    xs = np.linspace(lo, hi, n)
    extra = [at for at, _ in _breaks(facts) if lo < at < hi]
    return np.unique(np.concatenate([xs, extra])) if extra else xs


def _num(n: dict | None) -> float | None:
    if n is None or n.get("decimal") in (None, "inf", "-inf"):
        return None
    return float(n["decimal"])


def marked_points(facts: dict) -> dict[str, list[tuple[float, float]]]:
    """Minima (local and global, where attained at points) and inflection points of f, as
    (x, f(x)) from the profile's facts."""
    out: dict[str, list[tuple[float, float]]] = {"minimum": [], "inflection": []}
    crit = facts["critical_points"]["value"] or {}
    for p in crit.get("points", []):
        if p["kind"] == "min" and p["value"] is not None:
            out["minimum"].append((_num(p["location"]), _num(p["value"])))
    mn = facts["minimum"]["value"] or {}
    if mn.get("status") == "attained" and mn.get("where") and mn["value"]:
        for part in mn["where"]["parts"]:
            lo, hi = _num(part["lo"]), _num(part["hi"])
            if lo is not None and lo == hi and (lo, _num(mn["value"])) not in out["minimum"]:
                out["minimum"].append((lo, _num(mn["value"])))
    infl = facts["inflection_points"]["value"] or {}
    for p in infl.get("points", []):
        if p["value"] is not None:
            out["inflection"].append((_num(p["location"]), _num(p["value"])))
    return {k: [(x, y) for x, y in v if x is not None and y is not None] for k, v in out.items()}


def asymptotes(facts: dict) -> list[tuple[str, float, float]]:
    """(side, slope, intercept) of the linear asymptotes at -∞ and +∞."""
    out = []
    for side in ("-oo", "+oo"):
        v = facts[f"asymptote_{side}"]["value"] or {}
        if v.get("kind") == "horizontal":
            out.append((side, 0.0, _num(v["intercept"])))
        elif v.get("kind") == "oblique":
            out.append((side, _num(v["slope"]), _num(v["intercept"])))
    return [a for a in out if a[1] is not None and a[2] is not None]


def _draw_activation(ax, name: str, orders, lo: float, hi: float) -> None:
    data = profile_json(name)
    facts = facts_of(data)
    xs = _grid(lo, hi, facts)
    ys = curves(name, xs, orders)
    for order in orders:
        label, colour, style = CURVES[order]
        ax.plot(xs, ys[order], color=colour, linestyle=style, label=label)
    if 0 in orders:
        for side, a, b in asymptotes(facts):
            half = np.linspace(lo, (lo + hi) / 2, 2) if side == "-oo" else np.linspace((lo + hi) / 2, hi, 2)
            ax.plot(half, a * half + b, color=OKABE_ITO["black"], linestyle=(0, (1, 2)), linewidth=0.8,
                    alpha=0.6, label="asymptote" if side == "-oo" or not ax.get_legend_handles_labels()[1].count("asymptote")
                    else "_asymptote")
        for kind, (marker, colour) in {"minimum": ("v", OKABE_ITO["black"]),
                                       "inflection": ("o", OKABE_ITO["purple"])}.items():
            pts = [(x, y) for x, y in marked_points(facts)[kind] if lo <= x <= hi]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], linestyle="none", marker=marker, color=colour,
                        markersize=5, label=kind, zorder=5)
    finite = np.concatenate([ys[o][np.isfinite(ys[o])] for o in orders])
    if finite.size:
        span = float(finite.max() - finite.min()) or 1.0
        ax.set_ylim(float(finite.min()) - 0.08 * span, float(finite.max()) + 0.08 * span)
    ax.set_xlim(lo, hi)
    ax.axhline(0, color="#999999", linewidth=0.5, zorder=0)
    ax.axvline(0, color="#999999", linewidth=0.5, zorder=0)
    ax.set_title(data.get("title") or name)
    ax.set_xlabel("$x$")
    ax.legend(frameon=False, loc="best")


def _error(ax, name: str, others: list[str], lo: float, hi: float) -> None:
    """|f − g| for each approximation g, log scale, with the certified supremum over ℝ."""
    from ..codegen import numeric
    from ..verifier import verify
    xs = np.linspace(lo, hi, 1601)
    f = np.asarray(numeric(name)(xs), dtype=float)
    colours = [OKABE_ITO[c] for c in ("vermillion", "blue", "green", "purple", "orange", "sky")]
    tops = []
    for g_name, colour in zip(others, colours * 3):
        diff = np.abs(f - np.asarray(numeric(g_name)(xs), dtype=float))
        ax.plot(xs, np.where(diff > 0, diff, np.nan), color=colour, label=f"$|${name} − {g_name}$|$")
        verdict = verify(f"sup(abs({name}(x) - {g_name}(x)), x, -oo, oo) <= 1")
        if verdict.enclosure is None:
            continue
        top = float(verdict.enclosure[1])
        tops.append(top)
        how = str(verdict.status)
        ax.axhline(top, color=colour, linewidth=0.8, linestyle=(0, (4, 2)),
                   label=f"sup = {top:.4g} ({how})")
        if verdict.where is not None:
            x0 = float(str(verdict.where).lstrip("≈ "))
            if lo <= x0 <= hi:
                ax.plot([x0], [top], linestyle="none", marker="v", color=colour, markersize=5, label="certified max", zorder=5)
    ax.set_yscale("log")
    if tops:  # exact zeros of the error would stretch the log axis to 1e-16
        ax.set_ylim(min(tops) * 1e-4, max(tops) * 3)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("$x$")
    ax.set_ylabel("absolute error")
    ax.set_title(f"{name}: approximation error (max over ℝ, verifier)")
    ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7)


def plot(names, derivatives=(0, 1, 2), xrange=(-5.0, 5.0), vs=None, error: bool = False) -> Plot:
    """A figure: one panel per activation with f, f′, f″ (``derivatives``) over ``xrange``;
    with ``vs`` the other activations' f overlaid, or with ``error`` their absolute error
    against the first one, on a log scale, with the verifier's certified supremum on ℝ."""
    from .source import canonical
    names = [names] if isinstance(names, str) else list(names)
    if isinstance(vs, str):
        vs = [v for v in vs.split(",") if v.strip()]
    keys = [canonical(n) for n in names]
    others = [canonical(n) for n in (vs or [])]
    for k in keys + others:
        profile_json(k)  # pointwise only, checked before drawing
    orders = parse_orders(derivatives)
    lo, hi = parse_range(xrange)
    if error and not others:
        raise ParseError("--error needs --vs NAME[,NAME...]: the approximations to compare")
    matplotlib, rc = _matplotlib()
    from matplotlib.figure import Figure
    with matplotlib.rc_context(rc):
        if error:
            fig = Figure(figsize=(7.5, 3.4), layout="constrained")
            _error(fig.add_subplot(), keys[0], others, lo, hi)
            return Plot(fig)
        n = len(keys)
        cols = min(n, 3)
        rows = math.ceil(n / cols)
        fig = Figure(figsize=(3.4 * cols, 2.8 * rows), layout="constrained")
        for i, key in enumerate(keys):
            ax = fig.add_subplot(rows, cols, i + 1)
            _draw_activation(ax, key, orders, lo, hi)
            if others and i == 0:
                xs = np.linspace(lo, hi, 801)
                from ..codegen import numeric
                for o, colour in zip(others, [OKABE_ITO[c] for c in ("orange", "sky", "purple", "yellow")] * 3):
                    ax.plot(xs, np.asarray(numeric(o)(xs), dtype=float), color=colour, linewidth=1.0, label=o)
                ax.legend(frameon=False, loc="best")
    return Plot(fig)
