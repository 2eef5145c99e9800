r"""Limits and one-sided values, each with how it is known.

Strategy, cheapest first:

1. **Substitution** — ``expr.subs(x, point)``. At a finite point it is the one-sided value of a
   piece that is continuous there; at :math:`\pm\infty` SymPy's extended-real arithmetic gives
   the limit whenever no indeterminate form (``nan``, ``AccumBounds``, ``zoo``) appears.
2. **SymPy** ``gruntz`` (at infinity) or ``limit`` (one-sided, finite points) on the ground-truth (exp/erf) form, run under a share of the caller's
   :class:`SymbolicBudget`.
3. **Numeric** — the function at :math:`x = \pm 10^{2}, 10^{4}, \dots, 10^{32}` with mpmath at
   60 digits; a converging sequence gives a ``numeric`` limit, a growing one :math:`\pm\infty`.
"""
from __future__ import annotations

import os
import time

import mpmath
import sympy as sp
from sympy.series.gruntz import gruntz

from .budget import within_budget
from .evaluate import Unsupported, compile_expr
from .facts import Known, Method
from .vocabulary import to_ground_truth


def budget_scale() -> float:
    """Multiplier for every symbolic budget, from ``SYMACT_BUDGET_SCALE`` (default 1).

    Results never depend on it except where a budget ran out: a larger scale turns some
    ``numeric`` facts into ``proved`` ones on a slow machine. The test suite uses 4.
    """
    try:
        value = float(os.environ.get("SYMACT_BUDGET_SCALE", "1"))
    except ValueError:
        return 1.0
    return value if 0 < value <= 100 else 1.0


class SymbolicBudget:
    """A pool of seconds shared by the slow symbolic calls of one analysis."""

    def __init__(self, seconds: float, per_call: float = 0.3, floor: float = 0.06):
        scale = budget_scale()
        self.deadline = time.monotonic() + seconds * scale
        self.per_call = per_call * scale
        self.floor = floor * scale

    def share(self) -> float:
        """Seconds for the next call: its share of what is left, never below a small floor
        (cheap simplifications late in a profile must not starve behind slow limits)."""
        return max(self.floor, min(self.per_call, self.deadline - time.monotonic()))

    def run(self, fn):
        """``(finished, value)``; ``(False, None)`` when the pool is spent or the call ran out."""
        seconds = self.share()
        if seconds <= 0.01:
            return False, None

        def guarded():
            try:
                return True, fn()
            except (NotImplementedError, ValueError, TypeError, ZeroDivisionError, AttributeError,
                    RecursionError, sp.PolynomialError):
                return False, None
        finished, value = within_budget(guarded, seconds)
        return value if finished else (False, None)


def _definite(value: sp.Expr) -> bool:
    if value is None or value.has(sp.nan, sp.zoo, sp.AccumBounds):
        return False
    return bool(value.is_extended_real) and not value.free_symbols


def limit_at(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str,
             budget: SymbolicBudget) -> Known:
    """Limit of ``expr`` as ``x`` → ``point`` from ``direction`` ('+' from the right, '-' left)."""
    try:
        value = expr.subs(x, point)
    except (TypeError, ValueError, ZeroDivisionError):
        value = None
    if value is not None and _definite(value):
        how = "substitution (continuous there)" if point.is_finite else "evaluated at infinity"
        return Known(_simplest(value, budget) if value.is_finite else value, Method.PROVED, how)
    ground = to_ground_truth(expr)
    if point.is_infinite:  # Gruntz's algorithm directly: 2-3x faster than limit()'s heuristics first
        finished, value = budget.run(lambda: gruntz(ground, x, point))
        how = "Gruntz algorithm (sympy)"
    else:
        finished, value = budget.run(lambda: sp.limit(ground, x, point, direction))
        how = "sympy limit"
    if finished and value is not None and _definite(value):
        return Known(value, Method.PROVED, how)
    if point.is_finite:
        return _numeric_one_sided(expr, x, point, direction)
    return _numeric_at_infinity(expr, x, 1 if point is sp.oo else -1)


def _simplest(value: sp.Expr, budget: SymbolicBudget) -> sp.Expr:
    """A constant in its shortest form: simplify, and try the exp rewrite (tanh(log 2) = 3/5)."""
    if value.is_Atom or value.is_Rational:
        return value

    def shorten():
        best = sp.simplify(value)
        if best.has(sp.tanh, sp.sinh, sp.cosh):
            alt = sp.simplify(best.rewrite(sp.exp))
            if sp.count_ops(alt) < sp.count_ops(best):
                best = alt
        return best
    finished, best = budget.run(shorten)
    return best if finished and best is not None else value


def _numeric_at_infinity(expr: sp.Expr, x: sp.Symbol, sign: int) -> Known:
    try:
        with mpmath.workdps(60):
            f = compile_expr(expr, x, "mpmath")
            values = [f(mpmath.mpf(sign) * mpmath.mpf(10) ** k) for k in (2, 4, 8, 16, 32)]
    except (Unsupported, ZeroDivisionError, ValueError, OverflowError):
        return Known(None, Method.UNKNOWN, "could not evaluate far out")
    if any(not mpmath.isfinite(v) for v in values):
        return Known(None, Method.UNKNOWN, "non-finite values far out")
    a, b, c = values[-3:]
    scale = max(abs(c), mpmath.mpf(1))
    if abs(c - b) <= 1e-20 * scale and abs(b - a) <= 1e-10 * scale:
        return Known(_snap(c), Method.NUMERIC, f"f(±1e32) = {mpmath.nstr(c, 15)}, converging")
    if abs(c) > 10 and abs(c) - abs(b) > (abs(b) - abs(a)) / 2 > 0 and mpmath.sign(b) == mpmath.sign(c):
        return Known(sp.oo if c > 0 else -sp.oo, Method.NUMERIC, f"f(±1e32) = {mpmath.nstr(c, 5)}, growing")
    return Known(None, Method.UNKNOWN, f"no limit seen: f(±1e16) = {mpmath.nstr(b, 8)}, f(±1e32) = {mpmath.nstr(c, 8)}")


def _numeric_one_sided(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> Known:
    sign = 1 if direction == "+" else -1
    try:
        with mpmath.workdps(60):
            f = compile_expr(expr, x, "mpmath")
            p = mpmath.mpf(sp.N(point, 70))
            values = [f(p + sign * mpmath.mpf(10) ** -k) for k in (10, 20, 30)]
    except (Unsupported, ZeroDivisionError, ValueError):
        return Known(None, Method.UNKNOWN, "could not evaluate near the point")
    a, b, c = values
    if abs(c - b) < 1e-15 * max(1, abs(c)):
        return Known(_snap(c), Method.NUMERIC, f"value at distance 1e-30: {mpmath.nstr(c, 15)}")
    return Known(None, Method.UNKNOWN, "no one-sided limit seen")


def _snap(value) -> sp.Expr:
    """The rational p/q (q ≤ 12) within 1e-25 of ``value`` if there is one, else a 30-digit Float."""
    for q in range(1, 13):
        p = int(mpmath.nint(value * q))
        if abs(value - mpmath.mpf(p) / q) < mpmath.mpf("1e-25") * max(1, abs(value)):
            return sp.Rational(p, q)
    return sp.Float(mpmath.nstr(value, 30), 30)
