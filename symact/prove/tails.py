r"""Signs and enclosures on the tails :math:`[R, \infty)` and :math:`(-\infty, -R]`.

Two arguments, both rigorous:

* **interval arithmetic over the half-line** (:mod:`symact.numeric.halfline`) on equivalent
  forms of the expression (:mod:`symact.prove.forms`): products are signed factor by factor,
  and an end that is a limit (σ → 0) is strict, so :math:`\sigma(x)(1-\sigma(x)) > 0` on
  :math:`[R, \infty)` is decided although the values approach 0;
* **monotone argument**: if g(R) has sign s and g' has a certified sign on the tail, then g keeps
  sign s when it moves away from 0, and also when it moves towards its limit L provided
  s·L ≥ 0 (g is strictly monotone, so it never reaches L).

Anything else is left undecided: the caller reports the tail as sampled (``numeric``).
"""
from __future__ import annotations

from typing import Callable

import sympy as sp
from flint import arb

from ..core.facts import Known
from ..numeric.compile import Unsupported, arb_precision
from ..numeric.halfline import XInterval, compile_halfline
from ..numeric.numbers import sign_of
from .forms import Forms


def _factor_signs(form: sp.Expr, x: sp.Symbol, region: XInterval) -> int | None:
    total = 1
    for factor in sp.Mul.make_args(form):
        if not factor.has(x):
            s = _constant_sign(factor)
        else:
            try:
                with arb_precision(128):
                    s = compile_halfline(factor, x)(region).sign()
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
        if s is None or s == 0:
            return None
        total *= s
    return total


def _constant_sign(c: sp.Expr) -> int | None:
    from ..numeric.numbers import exact_number
    try:
        return sign_of(exact_number(c))
    except (Unsupported, ValueError, TypeError):
        return None


def region_sign(g: sp.Expr, x: sp.Symbol, region: XInterval, forms: Forms,
                heavy: bool = True) -> tuple[int | None, str]:
    """The sign of g on every point of ``region`` by interval arithmetic on g's forms."""
    for k, form in enumerate(forms.of(g, heavy)):
        s = _factor_signs(form, x, region)
        if s is not None:
            return s, "interval arithmetic" + ("" if k == 0 else " on an equivalent form")
    return None, ""


def region_enclosure(g: sp.Expr, x: sp.Symbol, region: XInterval, forms: Forms) -> XInterval | None:
    """The tightest enclosure of g over ``region`` among g's forms (``None`` if none works)."""
    best = None
    for form in forms.of(g):
        try:
            with arb_precision(128):
                enc = compile_halfline(form, x)(region)
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if best is None or _narrower(enc, best):
            best = enc
    return best


def _narrower(a: XInterval, b: XInterval) -> bool:
    def width(i):
        if i.lo is None or i.hi is None:
            return float("inf")
        return float((i.hi - i.lo).upper())
    return width(a) < width(b)


def ray(R: float, direction: int) -> XInterval:
    """[R, ∞) for direction +1, (-∞, -R] for -1."""
    return XInterval.from_ray(arb(R) if direction > 0 else -arb(R), direction)


def tail_sign(g: sp.Expr, x: sp.Symbol, R: float, direction: int, forms: Forms,
              derivative: Callable[[], sp.Expr | None] | None = None,
              limit: Callable[[], Known] | None = None, heavy: bool = True) -> tuple[int | None, str]:
    """Sign of g on the tail beyond ±R (direction ±1), with how it was decided. Without
    ``heavy`` only cheap forms are tried and no monotone argument is made."""
    region = ray(R, direction)
    s, how = region_sign(g, x, region, forms, heavy)
    if s is not None:
        return s, f"{how} on {_name(R, direction)}"
    if derivative is None or not heavy:
        return None, ""
    start = _point_sign(g, x, R * direction)
    if start is None:
        return None, ""
    dg = derivative()
    if dg is None:
        return None, ""
    ds, _ = region_sign(dg, x, region, forms)
    if ds is None:
        return None, ""
    outward = ds * direction  # sign of the change of g moving away from the origin
    if outward == start:
        return start, f"g({R * direction:g}) has sign {start:+d} and |g| grows beyond (g' signed on {_name(R, direction)})"
    if limit is not None:
        lim = limit()
        if lim.method.certain and lim.value is not None:
            lim_sign = 0 if lim.value == 0 else _constant_sign(lim.value) if lim.value.is_finite else (
                1 if lim.value > 0 else -1)
            if lim_sign is not None and lim_sign * start >= 0:
                return start, (f"g({R * direction:g}) has sign {start:+d}, g is strictly monotone on "
                               f"{_name(R, direction)} and tends to {lim.value}")
    return None, ""


def _point_sign(g: sp.Expr, x: sp.Symbol, at: float) -> int | None:
    from .zero import ball_sign
    from ..numeric.compile import compile_expr
    try:
        fn = compile_expr(g, x, "arb")
    except Unsupported:
        return None
    s, _ = ball_sign(fn, lambda: arb(at))
    return s if s in (1, -1) else None


def _name(R: float, direction: int) -> str:
    return f"[{R:g}, ∞)" if direction > 0 else f"(-∞, {-R:g}]"
