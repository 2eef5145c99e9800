r"""Is an expression defined (and real) for every real :math:`x`?

An activation is a function :math:`\mathbb{R}\to\mathbb{R}`. On each smooth piece every
denominator must be non-zero, every ``log`` argument positive, every fractional power's base
non-negative (positive under a negative exponent), every ``LambertW`` argument at least
:math:`-1/e` and every ``tan`` away from its poles. Each requirement is proved by the structure
of the expression where possible (a half-line written as ``x = a ± p``, ``p > 0``); otherwise the
certified sign structure (:mod:`symact.prove.signs`) looks for a point where it fails, which is
reported as bad input. A requirement that stays undecided is let through: the analysis then
labels what it finds. The value at each breakpoint is checked when the pieces are made.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ..core.budget import Budget
from ..core.errors import DomainError
from .forms import Forms
from .pieces import Piece, Split
from .signs import sign_structure
from .structural import structural_sign

_P = sp.Symbol("p", positive=True)


def requirements(expr: sp.Expr, x: sp.Symbol):
    """(expression, need) pairs, innermost first; need ∈ {'nonzero', 'positive', 'nonnegative'}."""
    out = []
    for node in sp.postorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(x):
            e = node.exp
            if e.is_Integer and e < 0:
                out.append((node.base, "nonzero"))
            elif e.is_Rational and not e.is_Integer:
                out.append((node.base, "positive" if e < 0 else "nonnegative"))
            elif not e.is_Integer:
                out.append((node.base, "positive"))
        elif isinstance(node, sp.Pow) and node.exp.has(x) and not node.base.has(x):
            if not (node.base.is_positive):
                out.append((node.base, "positive"))
        elif isinstance(node, sp.log) and node.args[0].has(x):
            out.append((node.args[0], "positive"))
        elif isinstance(node, sp.LambertW) and node.args[0].has(x):
            out.append((node.args[0] + sp.exp(-1), "nonnegative"))
        elif isinstance(node, sp.tan) and node.args[0].has(x):
            out.append((sp.cos(node.args[0]), "nonzero"))
    return list(dict.fromkeys(out))


def check_defined(split: Split, x: sp.Symbol, budget: Budget) -> None:
    """Raise :class:`DomainError` naming a real x where a piece is undefined or complex."""
    forms = Forms(budget)
    for piece in split.pieces:
        for base, need in requirements(piece.expr, x):
            if _proved(base, need, piece, x):
                continue
            structure = sign_structure(base, x, piece.lo, piece.hi, budget, forms)
            bad = _failing_point(structure, need)
            if bad is not None:
                what = {"nonzero": "is zero", "positive": "is not positive", "nonnegative": "is negative"}[need]
                shown = sp.sstr(base) if len(sp.sstr(base)) <= 50 else sp.sstr(base)[:47] + "..."
                raise DomainError(f"not defined for every real x: {shown} {what} at x = {bad} "
                                  f"(an activation must be a real function on all of ℝ)")


def _proved(base: sp.Expr, need: str, piece: Piece, x: sp.Symbol) -> bool:
    if piece.lo.is_infinite and piece.hi.is_infinite:
        sub: dict | None = {}
    elif piece.hi is sp.oo:
        sub = {x: piece.lo + _P}
    elif piece.lo is sp.S.NegativeInfinity:
        sub = {x: piece.hi - _P}
    else:
        sub = None
    if sub is None:
        return False
    form = base.subs(sub) if sub else base
    s = structural_sign(form) or structural_sign(sp.factor_terms(form))
    return s == 1 or (need == "nonzero" and s == -1)


def _failing_point(structure, need: str) -> str | None:
    """A point where the requirement certainly fails, or ``None``."""
    for root in structure.roots:
        if root.change == "?" or not root.certified:
            continue
        if need in ("nonzero", "positive"):
            return _show(root)
    for k, s in enumerate(structure.signs):
        if s == -1 and need in ("positive", "nonnegative"):
            return _segment_point(structure, k)
    if structure.signs == [0]:
        return "every x of a piece"
    return None


def _show(root) -> str:
    if root.exact is not None:
        return sp.sstr(root.exact)
    return mpmath.nstr(root.approx, 6)


def _segment_point(structure, k: int) -> str:
    """A readable point inside segment k (between roots k-1 and k): an integer next to a
    root where there is one."""
    roots = structure.roots
    lo = roots[k - 1].hi if k > 0 else None
    hi = roots[k].lo if k < len(roots) else None
    a, b = structure.window if structure.window is not None else (None, None)
    candidates = []
    with mpmath.workdps(30):
        if hi is not None and mpmath.isfinite(hi):
            f = mpmath.floor(hi)
            candidates.append(f if f < hi else f - 1)
        if lo is not None and mpmath.isfinite(lo):
            c = mpmath.ceil(lo)
            candidates.append(c if c > lo else c + 1)
        lo_b = lo if lo is not None and mpmath.isfinite(lo) else (mpmath.mpf(a) if a is not None else None)
        hi_b = hi if hi is not None and mpmath.isfinite(hi) else (mpmath.mpf(b) if b is not None else None)
        if lo_b is not None and hi_b is not None:
            candidates.append((lo_b + hi_b) / 2)
        for cand in candidates:
            if (lo_b is None or cand > lo_b) and (hi_b is None or cand < hi_b):
                return mpmath.nstr(cand, 6)
    return "some x"
