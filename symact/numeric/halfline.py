r"""Interval arithmetic over unbounded sets, for tail arguments.

An :class:`XInterval` is a set of reals between ``lo`` and ``hi``, either of which may be
infinite, with a flag per end saying whether the bound is *strict* (never attained). Finite
ends are exact arb numbers, rounded outward, so every operation is a rigorous enclosure:
whatever x in the input set, f(x) lies in the output set.

Strictness is what decides signs on a tail: on :math:`[R, \infty)`,
:math:`\sigma(x)(1-\sigma(x))` lies in :math:`(0, \sigma'(R)]`, whose lower end 0 is never
attained, so the expression is *positive* there — although no finite interval says so.

>>> from flint import arb
>>> import sympy as sp
>>> from symact.numeric.halfline import XInterval, compile_halfline
>>> x = sp.Symbol("x", real=True)
>>> tail = XInterval.from_ray(20, +1)            # [20, ∞)
>>> compile_halfline(sp.exp(-x) * (x - 3))(tail).sign()
1
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp
from flint import arb

from ..core.vocabulary import Phi, phi, sigmoid, sinc, softplus
from .compile import Unsupported, Backend, sinc_closed, arb_constant, arb_ipow, compile_expr, register_backend


def _exact(ball: arb, upward: bool) -> tuple[arb, bool]:
    """An exact end from a ball: its upper (or lower) bound, and whether rounding happened
    (then the true value lies strictly inside, so the end is strict)."""
    if not ball.is_finite():
        raise Unsupported("a bound is not finite")
    end = ball.upper() if upward else ball.lower()
    return end, not ball.is_exact()


@dataclass(frozen=True)
class XInterval:
    """Reals between ``lo`` and ``hi`` (``None``: -∞ / +∞); ``*_strict``: the end is not attained."""

    lo: arb | None
    hi: arb | None
    lo_strict: bool = False
    hi_strict: bool = False

    # construction -----------------------------------------------------------------------------
    @staticmethod
    def point(ball: arb) -> "XInterval":
        lo, s1 = _exact(ball, False)
        hi, s2 = _exact(ball, True)
        return XInterval(lo, hi, s1, s2)

    @staticmethod
    def from_ray(start, direction: int) -> "XInterval":
        """``[start, ∞)`` for direction +1, ``(-∞, start]`` for -1 (start closed)."""
        s = arb(start) if not isinstance(start, arb) else start
        return XInterval(s, None, False, True) if direction > 0 else XInterval(None, s, True, False)

    @staticmethod
    def between(lo: arb | None, hi: arb | None, lo_strict: bool, hi_strict: bool) -> "XInterval":
        return XInterval(lo, hi, lo_strict or lo is None, hi_strict or hi is None)

    # queries -------------------------------------------------------------------------------------
    def sign(self) -> int | None:
        """+1 / -1 when every element has that sign, 0 for the set {0}, else ``None``."""
        if self.lo is not None and (self.lo > 0 or (self.lo == 0 and self.lo_strict)):
            return 1
        if self.hi is not None and (self.hi < 0 or (self.hi == 0 and self.hi_strict)):
            return -1
        if self.lo is not None and self.hi is not None and self.lo == 0 and self.hi == 0:
            return 0
        return None

    @property
    def kind(self) -> str:
        """``P`` (all ≥ 0), ``N`` (all ≤ 0) or ``M`` (both signs)."""
        if self.lo is not None and self.lo >= 0:
            return "P"
        if self.hi is not None and self.hi <= 0:
            return "N"
        return "M"

    @property
    def is_zero(self) -> bool:
        return self.lo is not None and self.hi is not None and self.lo == 0 and self.hi == 0

    def ball(self) -> arb:
        if self.lo is None or self.hi is None:
            raise Unsupported("unbounded")
        return arb.union(self.lo, self.hi)

    # arithmetic -----------------------------------------------------------------------------------
    def __neg__(self) -> "XInterval":
        return XInterval(None if self.hi is None else -self.hi, None if self.lo is None else -self.lo,
                         self.hi_strict, self.lo_strict)

    def __add__(self, other) -> "XInterval":
        other = _lift(other)
        if self.lo is None or other.lo is None:
            lo, ls = None, True
        else:
            lo, rounded = _exact(self.lo + other.lo, False)
            ls = self.lo_strict or other.lo_strict or rounded
        if self.hi is None or other.hi is None:
            hi, hs = None, True
        else:
            hi, rounded = _exact(self.hi + other.hi, True)
            hs = self.hi_strict or other.hi_strict or rounded
        return XInterval(lo, hi, ls, hs)

    __radd__ = __add__

    def __sub__(self, other) -> "XInterval":
        return self + (-_lift(other))

    def __rsub__(self, other) -> "XInterval":
        return _lift(other) + (-self)

    def __mul__(self, other) -> "XInterval":
        return _mul(self, _lift(other))

    __rmul__ = __mul__

    def __truediv__(self, other) -> "XInterval":
        return _mul(self, _reciprocal(_lift(other)))

    def __rtruediv__(self, other) -> "XInterval":
        return _mul(_lift(other), _reciprocal(self))

    def __pow__(self, n: int) -> "XInterval":
        if not isinstance(n, int):
            raise Unsupported("non-integer power")
        if n == 0:
            return XInterval.point(arb(1))
        if n < 0:
            return _reciprocal(self ** (-n))
        if n % 2:
            return _monotone(self, lambda b: arb_ipow(b, n), True, None, None)
        return _monotone(_abs(self), lambda b: arb_ipow(b, n), True, None, None)


def _lift(v) -> XInterval:
    if isinstance(v, XInterval):
        return v
    if isinstance(v, (int, float)):
        return XInterval.point(arb(v))
    if isinstance(v, arb):
        return XInterval.point(v)
    raise Unsupported(f"cannot lift {type(v).__name__}")


def _mul_pp(a: XInterval, b: XInterval) -> XInterval:
    """Product of two sets of non-negative numbers."""
    if a.is_zero or b.is_zero:
        return XInterval.point(arb(0))
    lo, rounded = _exact(a.lo * b.lo, False)
    attained = (not a.lo_strict and not b.lo_strict) or (a.lo == 0 and not a.lo_strict) \
        or (b.lo == 0 and not b.lo_strict)
    if a.hi is None or b.hi is None:
        hi, hs = None, True
    else:
        hi, r2 = _exact(a.hi * b.hi, True)
        hs = a.hi_strict or b.hi_strict or r2
    return XInterval(lo, hi, (not attained) or rounded, hs)


def _mul(a: XInterval, b: XInterval) -> XInterval:
    ka, kb = a.kind, b.kind
    if ka == "P" and kb == "P":
        return _mul_pp(a, b)
    if ka == "N" and kb == "N":
        return _mul_pp(-a, -b)
    if ka == "N" and kb == "P":
        return -_mul_pp(-a, b)
    if ka == "P" and kb == "N":
        return -_mul_pp(a, -b)
    if a.is_zero or b.is_zero:
        return XInterval.point(arb(0))
    if kb == "M" and ka != "M":
        a, b, ka, kb = b, a, kb, ka
    if ka == "M" and kb == "N":
        return -_mul(a, -b)
    if ka == "M" and kb == "P":  # b ≥ 0 scales a: [a.lo·b.hi, a.hi·b.hi]
        if b.hi is None:
            return XInterval(None, None, True, True)
        lo = None if a.lo is None else _exact(a.lo * b.hi, False)[0]
        hi = None if a.hi is None else _exact(a.hi * b.hi, True)[0]
        return XInterval(lo, hi, lo is None, hi is None)
    # both mixed
    if None in (a.lo, a.hi, b.lo, b.hi):
        return XInterval(None, None, True, True)
    lo = arb.min(a.lo * b.hi, a.hi * b.lo)
    hi = arb.max(a.lo * b.lo, a.hi * b.hi)
    return XInterval(_exact(lo, False)[0], _exact(hi, True)[0], False, False)


def _reciprocal(a: XInterval) -> XInterval:
    s = a.sign()
    if s == -1:
        return -_reciprocal(-a)
    if s != 1:
        raise Unsupported("division by a set that may contain 0")
    if a.hi is None:
        lo, ls = arb(0), True
    else:
        lo, rounded = _exact(1 / a.hi, False)
        ls = a.hi_strict or rounded
    if a.lo == 0:
        hi, hs = None, True
    else:
        hi, rounded = _exact(1 / a.lo, True)
        hs = a.lo_strict or rounded
    return XInterval(lo, hi, ls, hs)


def _abs(a: XInterval) -> XInterval:
    k = a.kind
    if k == "P":
        return a
    if k == "N":
        return -a
    if a.lo is None or a.hi is None:
        return XInterval(arb(0), None, False, True)
    return XInterval(arb(0), arb.max(-a.lo, a.hi), False, False)


def _monotone(a: XInterval, f: Callable[[arb], arb], increasing: bool,
              at_minus_inf: arb | None, at_plus_inf: arb | None) -> XInterval:
    """Image of ``a`` under a strictly monotone ``f`` with the given limits at ∓∞ (``None``:
    the limit is infinite, of the sign that monotonicity implies)."""
    def end(v: arb | None, strict: bool, infinite_limit: arb | None, upward: bool):
        if v is None:
            return infinite_limit, True  # a limit at infinity is never attained
        value, rounded = _exact(f(v), upward)
        return value, strict or rounded
    if increasing:
        lo, ls = end(a.lo, a.lo_strict, at_minus_inf, False)
        hi, hs = end(a.hi, a.hi_strict, at_plus_inf, True)
    else:
        lo, ls = end(a.hi, a.hi_strict, at_plus_inf, False)
        hi, hs = end(a.lo, a.lo_strict, at_minus_inf, True)
    return XInterval(lo, hi, ls or lo is None, hs or hi is None)


def _require_positive(a: XInterval, what: str) -> None:
    if a.lo is None or a.lo < 0 or (a.lo == 0 and not a.lo_strict):
        raise Unsupported(f"{what} of a set that is not positive")


def _log(a):
    _require_positive(a, "log")
    if a.lo == 0:
        lo, ls = None, True
    else:
        lo, r = _exact(a.lo.log(), False)
        ls = a.lo_strict or r
    if a.hi is None:
        hi, hs = None, True
    else:
        hi, r = _exact(a.hi.log(), True)
        hs = a.hi_strict or r
    return XInterval(lo, hi, ls, hs)


def _sqrt(a):
    if a.lo is None or a.lo < 0:
        raise Unsupported("sqrt of a set with negative numbers")
    return _monotone(a, arb.sqrt, True, None, None)


def _power(a: XInterval, e: XInterval) -> XInterval:
    """a**e for a constant exponent e and a set of non-negative bases."""
    if e.lo is None or e.hi is None or e.lo != e.hi:
        raise Unsupported("power with a variable exponent")
    ex = e.lo
    if a.lo is None or a.lo < 0:
        raise Unsupported("fractional power of a set with negative numbers")
    f = lambda b: (ex * b.log()).exp()  # noqa: E731 - b > 0 here
    if ex > 0:
        lo, ls = (arb(0), a.lo_strict) if a.lo == 0 else _exact(f(a.lo), False)
        if a.lo != 0:
            ls = ls or a.lo_strict
        hi, hs = (None, True) if a.hi is None else _exact(f(a.hi), True)
        return XInterval(lo, hi, ls, hs or a.hi_strict)
    if a.lo == 0 and not a.lo_strict:
        raise Unsupported("negative power of 0")
    hi, hs = (None, True) if a.lo == 0 else _exact(f(a.lo), True)
    lo, ls = (arb(0), True) if a.hi is None else _exact(f(a.hi), False)
    return XInterval(lo, hi, ls or a.hi_strict, hs or a.lo_strict)


def _periodic_bounded(fn: Callable[[arb], arb]):
    def apply(a: XInterval) -> XInterval:
        if a.lo is None or a.hi is None or (a.hi - a.lo) > 6:
            return XInterval(arb(-1), arb(1), False, False)
        return XInterval.point(fn(a.ball()))
    return apply


def _sinc(a: XInterval) -> XInterval:
    if a.sign() in (1, -1):
        return _periodic_bounded(arb.sin)(a) / a
    if a.lo is not None and a.hi is not None:
        return XInterval.point(a.ball().sinc())
    return XInterval(arb(-1), arb(1), False, False)


def _sign_fn(values):
    def apply(a: XInterval) -> XInterval:
        s = a.sign()
        if s is None:
            k = a.kind
            lo = values[0] if k != "P" else values[1]
            hi = values[2] if k != "N" else values[1]
            return XInterval(arb(lo), arb(hi), False, False)
        return XInterval.point(arb({1: values[2], -1: values[0], 0: values[1]}[s]))
    return apply


class _HalflineBackend(Backend):
    name = "halfline"

    def __init__(self):
        half_pi = lambda: arb.pi() / 2  # noqa: E731
        self.functions = {
            sp.exp: lambda a: _monotone(a, arb.exp, True, arb(0), None),
            sp.log: _log,
            sp.tanh: lambda a: _monotone(a, arb.tanh, True, arb(-1), arb(1)),
            sp.sinh: lambda a: _monotone(a, arb.sinh, True, None, None),
            sp.cosh: lambda a: _monotone(_abs(a), arb.cosh, True, None, None),
            sp.atan: lambda a: _monotone(a, arb.atan, True, _exact(-half_pi(), False)[0], _exact(half_pi(), True)[0]),
            sp.asinh: lambda a: _monotone(a, arb.asinh, True, None, None),
            sp.erf: lambda a: _monotone(a, arb.erf, True, arb(-1), arb(1)),
            sp.erfc: lambda a: _monotone(a, arb.erfc, False, arb(2), arb(0)),
            sp.Abs: _abs,
            sp.sin: _periodic_bounded(arb.sin), sp.cos: _periodic_bounded(arb.cos),
            sp.sinc: _sinc, sinc: _sinc,
            sp.sign: _sign_fn((-1, 0, 1)),
            sp.Heaviside: lambda a, *h: _sign_fn((0, 0.5, 1))(a),
            sp.LambertW: self._lambertw,
            sigmoid: lambda a: _monotone(a, lambda b: 1 / (1 + (-b).exp()), True, arb(0), arb(1)),
            softplus: lambda a: _monotone(a, _softplus, True, arb(0), None),
            Phi: lambda a: _monotone(a, lambda b: (-b / arb(2).sqrt()).erfc() / 2, True, arb(0), arb(1)),
            phi: lambda a: _monotone(_abs(a), lambda b: (-(b * b) / 2).exp() / (2 * arb.pi()).sqrt(),
                                     False, None, arb(0)),
        }

    @staticmethod
    def _lambertw(a):
        if a.lo is None or a.lo < -arb(-1).exp():
            raise Unsupported("LambertW below -1/e")
        return _monotone(a, arb.lambertw, True, None, None)

    def number(self, value):
        return XInterval.point(arb_constant(value))

    def sinc_derivative(self, n, value):
        """|sinc^(n)| ≤ 1/(n+1) everywhere; away from 0 the closed form is sharper."""
        if value.sign() in (1, -1):
            return sinc_closed(n, "halfline")(value)
        bound = arb(1) / (n + 1)
        return XInterval(_exact(-bound, False)[0], _exact(bound, True)[0], False, False)

    def power(self, base, exponent):
        return _power(base, exponent)

    def sqrt(self, value):
        return _sqrt(value)

    def truth(self, relation, lhs, rhs):
        d = lhs - rhs
        s = d.sign()
        lo_pos = d.lo is not None and d.lo >= 0
        hi_neg = d.hi is not None and d.hi <= 0
        if relation == ">":
            return True if s == 1 else (False if hi_neg else None)
        if relation == ">=":
            return True if lo_pos else (False if s == -1 else None)
        if relation == "<":
            return True if s == -1 else (False if lo_pos else None)
        if relation == "<=":
            return True if hi_neg else (False if s == 1 else None)
        if relation == "==":
            return True if s == 0 else (False if s in (1, -1) else None)
        if relation == "!=":
            return False if s == 0 else (True if s in (1, -1) else None)
        raise Unsupported(relation)

    def union(self, a, b):
        lo = None if (a.lo is None or b.lo is None) else arb.min(a.lo, b.lo)
        hi = None if (a.hi is None or b.hi is None) else arb.max(a.hi, b.hi)
        return XInterval(lo, hi, lo is None, hi is None)

    def extreme(self, values, largest):
        out = values[0]
        for w in values[1:]:
            if largest:
                lo = None if (out.lo is None and w.lo is None) else (
                    w.lo if out.lo is None else out.lo if w.lo is None else arb.max(out.lo, w.lo))
                hi = None if (out.hi is None or w.hi is None) else arb.max(out.hi, w.hi)
            else:
                lo = None if (out.lo is None or w.lo is None) else arb.min(out.lo, w.lo)
                hi = None if (out.hi is None and w.hi is None) else (
                    w.hi if out.hi is None else out.hi if w.hi is None else arb.min(out.hi, w.hi))
            out = XInterval(lo, hi, lo is None, hi is None)
        return out


def _softplus(b: arb) -> arb:
    if b > 0:
        return b + (-b).exp().log1p()
    return b.exp().log1p()


register_backend(_HalflineBackend())


def compile_halfline(expr: sp.Expr, var: sp.Symbol | None = None) -> Callable[[XInterval], XInterval]:
    """``f(XInterval) -> XInterval`` enclosing ``expr`` over the input set."""
    if var is None:
        free = expr.free_symbols
        var = next(iter(free)) if len(free) == 1 else sp.Dummy()
    return compile_expr(expr, var, "halfline")
