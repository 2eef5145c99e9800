r"""The zero test: is a constant, or a function on an interval, identically zero?

One ladder, cheapest and most decisive first:

1. **syntax** — the expression is literally 0 (proved zero);
2. **arb** — a ball at a sample point (64 to 2048 bits) excludes 0: *certified* non-zero,
   with the point as counterexample;
3. **symbolic** — ``simplify`` of the exp/erf form (under the work budget; :math:`e^{W(z)}` replaced
   by :math:`z/W(z)`) gives 0: proved zero;
4. **numeric** — every ball contains 0 and is narrower than 10^-600: zero to 600 digits,
   labelled ``numeric``; otherwise ``unknown``.

No absolute tolerance on the value is ever used.
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ..core.budget import Budget
from ..core.facts import Known
from ..core.methods import Method
from ..core.vocabulary import to_exp_form
from ..numeric.compile import Unsupported, arb_precision, compile_expr

_PRECISIONS = (64, 256, 2048)
_NO_VARIABLE = sp.Dummy("no_variable")


def rational_ball(t: sp.Rational) -> arb:
    """A ball around the rational ``t`` at the current precision."""
    return arb(int(t.p)) / int(t.q)


def ball_sign(fn, make_point, precisions=_PRECISIONS) -> tuple[int | None, arb | None]:
    """Certified sign of ``fn(make_point())`` at increasing precision, and the last ball."""
    ball = None
    for bits in precisions:
        with arb_precision(bits):
            try:
                ball = fn(make_point())
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
                return None, None
            if not isinstance(ball, arb) or not ball.is_finite():
                continue
            if ball > 0:
                return 1, ball
            if ball < 0:
                return -1, ball
            if ball.is_exact() and ball.is_zero():
                return 0, ball
    return None, ball


def lambertw_exp(e: sp.Expr) -> sp.Expr:
    r"""Eliminate :math:`e^{W(z)}` by W's defining equation :math:`W(z)\,e^{W(z)} = z` (every
    branch): :math:`e^{a + kW(z)} = e^{a}\,(z/W(z))^k` for integer k and z ≠ 0. The minimum of
    swish, :math:`-W(1/e)` at :math:`x = -1 - W(1/e)`, needs it."""
    def eliminate(power: sp.Expr) -> sp.Expr:
        rest, factor = [], sp.S.One
        for term in sp.Add.make_args(sp.expand(power.args[0])):
            k, w = term.as_coeff_Mul()
            if isinstance(w, sp.LambertW) and len(w.args) == 1 and k.is_Integer and w.args[0].is_zero is False:
                factor *= (w.args[0] / w) ** k
            else:
                rest.append(term)
        return sp.exp(sp.Add(*rest)) * factor
    return e.replace(lambda t: isinstance(t, sp.exp) and t.args[0].has(sp.LambertW), eliminate)


def _simplifies_to_zero(e: sp.Expr, budget: Budget) -> bool:
    from .forms import polys_safe

    def attempt():
        if sp.expand(e) == 0:
            return True
        form = to_exp_form(e)
        if form.has(sp.LambertW):
            form = lambertw_exp(form)
        if not polys_safe(form):
            return sp.expand(form) == 0
        if sp.simplify(form) == 0:
            return True
        return sp.simplify(sp.expand(form)) == 0 or sp.nsimplify(form) == 0
    finished, value = budget.run(attempt)
    return bool(finished and value)


def constant_is_zero(c: sp.Expr, budget: Budget) -> Known:
    """``Known(True)`` when the constant ``c`` is 0, ``Known(False)`` when it is not."""
    c = sp.sympify(c)
    if c == 0:
        return Known(True, Method.PROVED, "literally 0")
    if c.is_Rational:
        return Known(False, Method.PROVED, f"the rational {c}")
    if c.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return Known(False, Method.PROVED, "infinite")
    try:
        fn = compile_expr(c, _NO_VARIABLE, "arb")
    except Unsupported as exc:
        fn, why = None, str(exc)
    if fn is not None:
        sign, ball = ball_sign(fn, lambda: None)
        if sign in (1, -1):
            return Known(False, Method.CERTIFIED, f"encloses as {ball.str(5)}")
        if sign == 0:
            return Known(True, Method.CERTIFIED, "evaluates to exactly 0")
    if _simplifies_to_zero(c, budget):
        return Known(True, Method.PROVED, "simplifies to 0")
    if fn is not None and ball is not None and ball.rad() < arb(10) ** -600:
        return Known(True, Method.NUMERIC, "zero to 600 digits (no proof)")
    return Known(None, Method.UNKNOWN, "could not decide" if fn is not None else f"cannot evaluate: {why}")


def sample_points(lo: sp.Expr, hi: sp.Expr, count: int = 6) -> list[sp.Rational]:
    """Deterministic rational points strictly inside the interval (lo, hi)."""
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    fractions = [sp.Rational(k, 1) for k in (3, 5, 11, 17, 23, 29)][:count]
    if lo.is_infinite and hi.is_infinite:
        base = [sp.Rational(37, 100), sp.Rational(-13, 10), sp.Rational(29, 10), sp.Rational(-71, 10),
                sp.Rational(61, 100), sp.Rational(-3, 7)]
        return base[:count]
    if hi.is_infinite:
        start = sp.floor(lo) if lo.is_Rational else sp.Rational(int(sp.floor(sp.N(lo, 30))))
        return [start + f / 7 for f in fractions]
    if lo.is_infinite:
        start = sp.ceiling(hi) if hi.is_Rational else sp.Rational(int(sp.ceiling(sp.N(hi, 30))))
        return [start - f / 7 for f in fractions]
    a, b = sp.nsimplify(sp.N(lo, 30), rational=True), sp.nsimplify(sp.N(hi, 30), rational=True)
    width = b - a
    return [a + width * sp.Rational(k, 37) for k in (5, 11, 17, 23, 29, 33)[:count]]


def function_is_zero(g: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, budget: Budget) -> Known:
    """Is ``g`` identically 0 on the open interval (lo, hi)? A non-zero sample disproves it."""
    if not g.has(x):
        return constant_is_zero(g, budget)
    try:
        fn = compile_expr(g, x, "arb")
    except Unsupported as exc:
        fn, why = None, str(exc)
    balls = []
    if fn is not None:
        for t in sample_points(lo, hi):
            if not (lo < t < hi):
                continue
            sign, ball = ball_sign(fn, lambda t=t: rational_ball(t))
            if sign in (1, -1):
                return Known(False, Method.CERTIFIED, f"non-zero at x = {t}")
            balls.append(ball)
    if _simplifies_to_zero(g, budget):
        return Known(True, Method.PROVED, "simplifies to 0")
    if balls and all(b is not None and b.rad() < arb(10) ** -600 for b in balls):
        return Known(True, Method.NUMERIC, f"zero to 600 digits at {len(balls)} points (no proof)")
    return Known(None, Method.UNKNOWN, "could not decide" if fn is not None else f"cannot evaluate: {why}")
