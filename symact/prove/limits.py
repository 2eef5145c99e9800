r"""Limits at ±∞ and one-sided limits at breakpoints, each with how it is known.

Cheapest first:

1. **Substitution** — at ±∞ SymPy's extended-real arithmetic gives the limit whenever no
   indeterminate form (``nan``, ``AccumBounds``, ``zoo``) appears; at a finite end, the value
   of a piece's expression that is defined there (continuous by composition).
2. **Gruntz's algorithm** (at ±∞) or ``limit`` (finite points) on the ground-truth form, with
   ``tanh`` written through σ (three times faster for tanh-GELU), under the work budget.
3. **Numeric** — the function at x = ±10², 10⁴, …, 10³² (or c ± 10⁻¹⁰…10⁻³⁰) with mpmath at
   60 digits; a converging sequence gives a ``numeric`` limit, a growing one ±∞.
"""
from __future__ import annotations

import mpmath
import sympy as sp
from sympy.series.gruntz import gruntz

from ..core import settings
from ..core.budget import Budget
from ..core.facts import Known
from ..core.methods import Method
from ..core.vocabulary import sinc, sinc_derivative, to_ground_truth
from ..numeric.compile import Unsupported, point_evaluator
from .forms import tanh_as_sigmoid


def _definite(value: sp.Expr | None) -> bool:
    if value is None or value.has(sp.nan, sp.zoo, sp.AccumBounds, sp.I):
        return False
    return bool(value.is_extended_real) and not value.free_symbols


def _bounded_oscillation(value: sp.Expr | None) -> bool:
    """A bounded set of limit points (sin x → [-1, 1] at ∞): no limit itself, but in a sum with
    a part tending to ±∞, or a product with a part tending to 0, the limit laws still apply."""
    return isinstance(value, sp.AccumBounds) and bool(value.min.is_finite) and bool(value.max.is_finite) \
        and not value.free_symbols


def limit_friendly(expr: sp.Expr) -> sp.Expr:
    """The ground-truth form Gruntz handles fastest: tanh through σ, then exp/erfc."""
    return to_ground_truth(tanh_as_sigmoid(expr))


class Limits:
    """Cached limits of expressions in ``x`` under one work budget."""

    def __init__(self, x: sp.Symbol, budget: Budget):
        self.x = x
        self.budget = budget
        self._cache: dict = {}
        #: steps left for Gruntz and sympy.limit over all the limits of this analysis
        self._pool = settings.LIMIT_STEPS

    def at_infinity(self, expr: sp.Expr, direction: int) -> Known:
        key = (expr, direction)
        if key not in self._cache:
            self._cache[key] = self._at_infinity(expr, direction)
        return self._cache[key]

    def one_sided(self, expr: sp.Expr, point: sp.Expr, side: str) -> Known:
        """Limit as x → point from the right (side '+') or the left ('-')."""
        key = (expr, point, side)
        if key not in self._cache:
            self._cache[key] = self._one_sided(expr, point, side)
        return self._cache[key]

    def _at_infinity(self, expr: sp.Expr, direction: int) -> Known:
        if not expr.has(self.x):
            return Known(expr, Method.PROVED, "constant")
        gruntz_used: list[bool] = []  # one entry per Gruntz call: whether it failed
        self._gruntz_left = min(settings.CALL_STEPS, self._pool)  # for all the Gruntz calls of this limit
        value = self._tree(expr, direction, gruntz_used)
        if _definite(value):
            how = "limit laws, with Gruntz's algorithm (sympy) for indeterminate parts" if gruntz_used \
                else "limit laws (sums, products and continuous functions of limits)"
            return Known(self._shortest(value) if value.is_finite else value, Method.PROVED, how)
        return self._numeric_at_infinity(expr, direction)

    def _tree(self, e: sp.Expr, direction: int, gruntz_used: list) -> sp.Expr | None:
        """The limit at ±∞ by the limit laws, node by node; an indeterminate node (∞ - ∞, 0·∞,
        a quotient tending to 0, …) goes to Gruntz's algorithm on its own. ``None``: unknown."""
        x = self.x
        if not e.has(x):
            return e
        if e == x:
            return sp.oo if direction > 0 else -sp.oo
        value = None
        failures = len(gruntz_used)
        if e.is_Add or e.is_Mul:
            parts = [self._tree(a, direction, gruntz_used) for a in e.args]
            if all(p is not None for p in parts):
                try:
                    value = sp.Add(*parts) if e.is_Add else sp.Mul(*parts)
                except (TypeError, ValueError):
                    value = None
        elif e.is_Pow and not e.exp.has(x):
            base = self._tree(e.base, direction, gruntz_used)
            if base is not None and not (base == 0 and e.exp.is_negative):
                value = base ** e.exp
        elif isinstance(e, sp.Function) and len(e.args) == 1 and not isinstance(e, (sp.Piecewise,)):
            inner = self._tree(e.args[0], direction, gruntz_used)
            if inner is not None:
                try:
                    value = e.func(inner)  # continuous functions commute with limits; at ±∞ their limits
                except (TypeError, ValueError, ZeroDivisionError):
                    value = None
        if _definite(value) or _bounded_oscillation(value):
            return value
        if any(gruntz_used[failures:]) and value is None:
            return None  # a part already defeated Gruntz: the whole will too, at greater cost
        point = sp.oo if direction > 0 else -sp.oo
        ground = limit_friendly(e)
        # oscillating parts (sin, cos of an unbounded argument) rarely yield to Gruntz: less room
        steps = settings.SMALL_STEPS if e.has(sp.sin, sp.cos, sp.tan, sinc, sinc_derivative) else settings.CALL_STEPS
        calls = len(self.budget.log)
        finished, value = self.budget.run(lambda: gruntz(ground, x, point), steps=min(steps, self._gruntz_left))
        if len(self.budget.log) > calls:
            self._gruntz_left -= self.budget.log[-1][1]
            self._pool -= self.budget.log[-1][1]
        ok = finished and _definite(value)
        gruntz_used.append(not ok)  # True marks a failure (the list's length counts the calls)
        return value if ok else None

    def _one_sided(self, expr: sp.Expr, point: sp.Expr, side: str) -> Known:
        if not expr.has(self.x):
            return Known(expr, Method.PROVED, "constant")
        if not expr.has(sp.Piecewise):
            try:
                value = expr.subs(self.x, point)
            except (TypeError, ValueError, ZeroDivisionError):
                value = None
            if _definite(value) and value.is_finite:
                return Known(self._shortest(value), Method.PROVED, "substitution (continuous there)")
        ground = to_ground_truth(expr)
        calls = len(self.budget.log)
        finished, value = self.budget.run(lambda: sp.limit(ground, self.x, point, side),
                                          steps=min(settings.CALL_STEPS, self._pool))
        if len(self.budget.log) > calls:
            self._pool -= self.budget.log[-1][1]
        if finished and _definite(value):
            return Known(value, Method.PROVED, "sympy limit")
        return self._numeric_one_sided(expr, point, side)

    def _shortest(self, value: sp.Expr) -> sp.Expr:
        """A constant in its shortest form: simplify, and the exp rewrite (tanh(log 2) = 3/5)."""
        if value.is_Atom or value.is_Rational or value.is_infinite or sp.count_ops(value) <= 4:
            return value

        def shorten():
            best = sp.simplify(value)
            if best.has(sp.tanh, sp.sinh, sp.cosh):
                alt = sp.simplify(best.rewrite(sp.exp))
                if sp.count_ops(alt) < sp.count_ops(best):
                    best = alt
            return best if sp.count_ops(best) <= sp.count_ops(value) else value
        finished, best = self.budget.run(shorten, steps=settings.MEDIUM_STEPS)
        return best if finished and best is not None else value

    def _numeric_at_infinity(self, expr: sp.Expr, direction: int) -> Known:
        try:
            f = point_evaluator(expr, self.x, 40)
        except Unsupported:
            return Known(None, Method.UNKNOWN, "could not evaluate far out")
        with mpmath.workdps(60):
            values = [f(mpmath.mpf(direction) * mpmath.mpf(10) ** k) for k in (2, 4, 8, 16, 32)]
            # neighbours of the last two points: an oscillating f (x·sin x) shows itself there
            near = [[f(mpmath.mpf(direction) * mpmath.mpf(10) ** k * (1 + mpmath.mpf(j) / 7)) for j in range(1, 6)]
                    for k in (16, 32)]
        if any(v is None for v in values) or any(v is None for row in near for v in row):
            return Known(None, Method.UNKNOWN, "could not evaluate far out")
        if expr.has(sp.sin, sp.cos, sp.tan, sinc, sinc_derivative):
            return Known(None, Method.UNKNOWN, "oscillating parts: no limit is read from samples "
                         f"(f(±1e16) = {mpmath.nstr(values[-2], 8)}, f(±1e32) = {mpmath.nstr(values[-1], 8)})")
        a, b, c = values[-3:]
        if abs(c) < abs(b) * mpmath.mpf(10) ** -10 and abs(b) < abs(a) and abs(c) < mpmath.mpf(10) ** -30 \
                and all(abs(v) < abs(a) for v in near[0]) and all(abs(v) < mpmath.mpf(10) ** -30 for v in near[1]):
            return Known(sp.S.Zero, Method.NUMERIC, f"|f(±1e32)| = {mpmath.nstr(abs(c), 3)}, shrinking (no proof)")
        scale = max(abs(c), mpmath.mpf(1))
        if abs(c - b) <= 1e-20 * scale and abs(b - a) <= 1e-10 * scale \
                and all(abs(v - c) <= 1e-10 * scale for row in near for v in row):
            return Known(_snap(c), Method.NUMERIC, f"f(±1e32) = {mpmath.nstr(c, 15)}, converging (no proof)")
        if abs(c) > 10 and abs(c) - abs(b) > (abs(b) - abs(a)) / 2 > 0 and mpmath.sign(b) == mpmath.sign(c) \
                and all(mpmath.sign(v) == mpmath.sign(c) and abs(v) > abs(a) for row in near for v in row) \
                and all(abs(v) > abs(b) for v in near[1]):
            return Known(sp.oo if c > 0 else -sp.oo, Method.NUMERIC,
                         f"f(±1e32) = {mpmath.nstr(c, 5)}, growing (no proof)")
        return Known(None, Method.UNKNOWN,
                     f"no limit seen: f(±1e16) = {mpmath.nstr(b, 8)}, f(±1e32) = {mpmath.nstr(c, 8)}")

    def _numeric_one_sided(self, expr: sp.Expr, point: sp.Expr, side: str) -> Known:
        sign = 1 if side == "+" else -1
        try:
            f = point_evaluator(expr, self.x, 40)
        except Unsupported:
            return Known(None, Method.UNKNOWN, "could not evaluate near the point")
        with mpmath.workdps(80):
            p = mpmath.mpf(sp.N(point, 80))
            values = [f(p + sign * mpmath.mpf(10) ** -k) for k in (10, 20, 30)]
        if any(v is None for v in values):
            return Known(None, Method.UNKNOWN, "could not evaluate near the point")
        a, b, c = values
        if abs(c - b) < 1e-15 * max(1, abs(c)):
            return Known(_snap(c), Method.NUMERIC, f"value at distance 1e-30: {mpmath.nstr(c, 15)} (no proof)")
        if abs(c) > abs(b) > abs(a) > 1e6:
            return Known(sp.oo if c > 0 else -sp.oo, Method.NUMERIC, "growing without bound (no proof)")
        return Known(None, Method.UNKNOWN, "no one-sided limit seen")


def _snap(value) -> sp.Expr:
    """The rational p/q (q ≤ 12) within 1e-25 (relative) of ``value`` if there is one, else a
    30-digit Float."""
    for q in range(1, 13):
        p = int(mpmath.nint(value * q))
        if abs(value - mpmath.mpf(p) / q) < mpmath.mpf("1e-25") * max(1, abs(value)) and (p != 0 or value == 0):
            return sp.Rational(p, q)
    return sp.Float(mpmath.nstr(value, 30), 30)
