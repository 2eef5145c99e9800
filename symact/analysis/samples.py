r"""Dense 50-digit samples of f, f′ and f″: evidence for ``numeric`` facts and the guard.

Points: a uniform grid on a window that covers every breakpoint and critical point found,
points at distance 10⁻³, 10⁻⁸ and 10⁻¹⁵ on both sides of each breakpoint and near each root,
and far out on both tails (±10, ±10², …, ±10³⁰). Each point is evaluated with the expression of
the piece it lies in (mpmath, 50 digits); breakpoints themselves give f(c).
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ..core import settings
from ..numeric.compile import Unsupported, point_evaluator
from .ingredients import Analysis


def _piece_of(a: Analysis, t: mpmath.mpf) -> int | None:
    for i, p in enumerate(a.pieces):
        lo = -mpmath.inf if p.lo.is_infinite else mpmath.mpf(sp.N(p.lo, 60))
        hi = mpmath.inf if p.hi.is_infinite else mpmath.mpf(sp.N(p.hi, 60))
        if lo < t < hi:
            return i
    return None


def points(a: Analysis) -> list[mpmath.mpf]:
    """The sample abscissae (sorted, distinct), cached on the analysis."""
    cached = a.cache.get("sample_points")
    if cached is not None:
        return cached
    with mpmath.workdps(settings.SAMPLE_DPS + 10):
        marks = [mpmath.mpf(sp.N(c, 60)) for c in a.breaks]
        for r in a.known_roots():
            if mpmath.isfinite(r.lo) and mpmath.isfinite(r.hi):
                marks.append((r.lo + r.hi) / 2)
        width = max([mpmath.mpf(20)] + [2 * abs(m) + 2 for m in marks])
        width = min(width, mpmath.mpf(10) ** 6)
        n = 400
        pts = [-width + 2 * width * j / n for j in range(n + 1)]
        for m in marks:
            for e in (3, 8, 15):
                d = mpmath.mpf(10) ** -e * max(1, abs(m))
                pts += [m - d, m + d]
        for e in range(1, 31, 2):
            pts += [mpmath.mpf(10) ** e, -mpmath.mpf(10) ** e]
        out = sorted(set(pts))
    a.cache["sample_points"] = out
    return out


def _compiled(a: Analysis, i: int, k: int):
    cache = a.cache.setdefault("point_evaluators", {})
    if (i, k) not in cache:
        try:
            cache[(i, k)] = point_evaluator(a.derivative(i, k), a.x, settings.SAMPLE_DPS)
        except Unsupported:
            cache[(i, k)] = None
    return cache[(i, k)]


def sample_values(a: Analysis, k: int) -> list[tuple[mpmath.mpf, mpmath.mpf]]:
    """(x, f^(k)(x)) at every sample point inside a piece (k = 0, 1, 2), cached."""
    cache = a.cache.setdefault("sample_values", {})
    if k in cache:
        return cache[k]
    out = []
    with mpmath.workdps(settings.SAMPLE_DPS):
        for t in points(a):
            i = _piece_of(a, t)
            if i is None:
                continue
            fn = _compiled(a, i, k)
            if fn is None:
                continue
            v = fn(t)
            if v is not None:
                out.append((t, v))
    cache[k] = out
    return out


def value_at(a: Analysis, k: int, t: mpmath.mpf) -> mpmath.mpf | None:
    """f^(k)(t) for a point inside a piece (50 digits), or ``None``."""
    i = _piece_of(a, t)
    if i is None:
        return None
    fn = _compiled(a, i, k)
    if fn is None:
        return None
    return fn(t)
