r"""Is a user's expression defined (and real) for every real :math:`x`?

An activation is a function :math:`\mathbb{R}\to\mathbb{R}`. On each smooth piece, every
denominator must be non-zero, every ``log`` argument positive, every fractional power's base
non-negative (positive under a negative exponent). Each requirement is proved by SymPy's
assumptions where possible (a half-line piece written as ``x = a ± p``, ``p > 0``); otherwise
the certified sign search of :mod:`symact.signs` looks for a point where it fails. A failing
point is reported as bad input; an undecided requirement is let through (the analysis then
labels what it finds).
"""
from __future__ import annotations

import mpmath
import sympy as sp

from .pieces import Piece, half_line_substitution, pieces_of
from .signs import sign_structure

_P = sp.Symbol("p", positive=True)


class NotDefinedOnReals(ValueError):
    """The expression is undefined or complex somewhere on ℝ (message names the point)."""


def _requirements(expr: sp.Expr, x: sp.Symbol):
    """(subexpression, needs) with needs ∈ {'nonzero', 'positive', 'nonnegative'}."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and node.base.has(x):
            e = node.exp
            if e.is_Integer and e < 0:
                yield node.base, "nonzero"
            elif e.is_Rational and not e.is_Integer:
                yield node.base, "positive" if e < 0 else "nonnegative"
            elif not e.is_Integer:
                yield node.base, "positive"
        elif isinstance(node, sp.log) and node.args[0].has(x):
            yield node.args[0], "positive"


def check_defined_on_reals(expr: sp.Expr, x: sp.Symbol) -> None:
    """Raise :class:`NotDefinedOnReals` naming a real x where ``expr`` is undefined or complex."""
    from .analysis import _structural_sign

    for piece in pieces_of(expr, x):
        if piece.lo == piece.hi:
            continue
        for base, needs in _requirements(piece.expr, x):
            sub = half_line_substitution(piece, x, _P)
            form = base.subs(sub) if sub is not None else None
            if form is not None:
                sign = _structural_sign(form)
                if sign == 1 or (needs == "nonzero" and sign == -1):
                    continue
            s = sign_structure(base, x, piece.lo, piece.hi)
            bad = _failing_point(base, x, s, needs, piece)
            if bad is not None:
                what = {"nonzero": "is zero", "positive": "is not positive", "nonnegative": "is negative"}[needs]
                raise NotDefinedOnReals(
                    f"not defined for every real x: {sp.sstr(base)} {what} at x = {bad} "
                    f"(an activation must be a real function on all of ℝ)")


def _failing_point(base: sp.Expr, x: sp.Symbol, s, needs: str, piece: Piece):
    """A point of the piece where the requirement visibly fails, or ``None``."""
    from .evaluate import Unsupported, compile_expr
    roots = [r.approx for r in s.roots if r.certified]
    if needs == "nonzero":
        return mpmath.nstr(roots[0], 6) if roots else None
    candidates = [r + d for r in roots for d in (-1, 1, -0.5, 0.5)] + [-1, 1, -3, 3, -10, 10, 0]
    try:
        with mpmath.workdps(30):
            g = compile_expr(base, x, "mpmath")
            for t in candidates:
                t = mpmath.mpf(t)
                if not piece.interval.contains(sp.Float(t, 30)) == sp.true:
                    continue
                value = g(t)
                if value < 0 or (needs == "positive" and value == 0):
                    return mpmath.nstr(t, 6)
    except (Unsupported, ValueError, ZeroDivisionError):
        pass
    if needs == "positive" and roots:
        return mpmath.nstr(roots[0], 6)
    return None
