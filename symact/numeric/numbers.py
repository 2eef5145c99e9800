r"""Make :class:`~symact.core.values.Number` values with rigorous enclosures, and order them.

An exact number is enclosed by evaluating its SymPy form in arb; a ball from branch and bound
becomes a certified number; a sampled value becomes an uncertified one. :func:`order` compares
two numbers by their enclosures, raising the precision for exact ones until the balls separate
— it never uses an absolute tolerance, so 1e-300 is not 0.

>>> import sympy as sp
>>> from symact.numeric.numbers import exact_number, order
>>> order(exact_number(sp.Rational(1, 10)**300), exact_number(sp.S.Zero))
1
"""
from __future__ import annotations

import mpmath
import sympy as sp
from flint import arb

from ..core.values import Number
from .compile import Unsupported, arb_constant, arb_precision

_DPS = 50


def arb_to_mpf(value: arb, upward: bool) -> mpmath.mpf:
    """An mpmath number at or beyond the ball's end (outward rounding to 50 digits)."""
    with arb_precision(400):  # lower()/upper() round to the working precision
        end = value.upper() if upward else value.lower()
    with mpmath.workdps(_DPS + 10):
        text = end.str(_DPS + 5, radius=False)
        m = mpmath.mpf(text)
        # the decimal text is rounded: step one unit outward to stay a bound
        step = abs(m) * mpmath.mpf(10) ** (-(_DPS + 3)) if m != 0 else mpmath.mpf(0)
        if m == 0 and not end.is_zero():
            step = mpmath.mpf(10) ** (-10**6)
        return m + step if upward else m - step


def enclose(expr: sp.Expr, bits: int = 256) -> arb:
    """A ball around the exact constant ``expr`` (may raise :class:`Unsupported`)."""
    with arb_precision(bits):
        ball = arb_constant(sp.sympify(expr))
    if not ball.is_finite():
        raise Unsupported(f"cannot enclose {expr}")
    return ball


def exact_number(expr: sp.Expr) -> Number:
    """A proved exact value with its enclosure (``oo``/``-oo`` allowed)."""
    expr = sp.sympify(expr)
    if expr.is_infinite:
        return Number(expr)
    if expr.is_Rational:
        return Number(expr)
    try:
        ball = enclose(expr)
    except Unsupported:
        return Number(expr)  # evaluated through SymPy's own evalf (values.Number)
    return Number(expr, arb_to_mpf(ball, False), arb_to_mpf(ball, True), True)


def ball_number(ball: arb, exact: sp.Expr | None = None) -> Number:
    """A certified number from an arb ball (and its exact form when proved)."""
    if exact is not None:
        return exact_number(exact)
    return Number(None, arb_to_mpf(ball, False), arb_to_mpf(ball, True), True)


def sampled_number(value: mpmath.mpf) -> Number:
    """A value read off a sample: no enclosure is claimed."""
    with mpmath.workdps(_DPS + 10):
        v = mpmath.mpf(value)
    return Number(None, v, v, False)


def as_ball(n: Number, bits: int = 256) -> arb | None:
    """A ball containing the number (``None`` for ±∞ or uncertified numbers)."""
    if n.is_infinite or not n.certified:
        return None
    if n.exact is not None:
        try:
            return enclose(n.exact, bits)
        except Unsupported:
            pass
    with arb_precision(bits + 64):
        lo = arb(mpmath.nstr(n.lo, _DPS + 5))
        hi = arb(mpmath.nstr(n.hi, _DPS + 5))
        return arb.union(lo, hi)


def order(a: Number, b: Number) -> int | None:
    """-1, 0 or 1 when ``a < b``, ``a = b`` (identical exact forms) or ``a > b`` is certain;
    ``None`` when the enclosures overlap (the caller decides equality symbolically)."""
    if a.exact is not None and b.exact is not None and a.exact == b.exact:
        return 0
    if a.is_infinite or b.is_infinite:
        ia = (1 if a.exact > 0 else -1) if a.is_infinite else 0
        ib = (1 if b.exact > 0 else -1) if b.is_infinite else 0
        if ia == ib:
            return 0 if ia else None
        return -1 if ia < ib else 1
    if a.certified and b.certified:
        if a.hi < b.lo:
            return -1
        if a.lo > b.hi:
            return 1
    elif not (a.certified or b.certified):
        return None
    bits_list = (256, 1024, 4096) if (a.exact is not None or b.exact is not None) else (256,)
    for bits in bits_list:
        ba, bb = as_ball(a, bits), as_ball(b, bits)
        if ba is None or bb is None:
            return None
        if ba < bb:
            return -1
        if ba > bb:
            return 1
        if a.exact is None or b.exact is None:
            break
    return None


def sign_of(n: Number) -> int | None:
    """The certified sign of a number, or ``None``."""
    return order(n, Number(sp.S.Zero))
