"""Values at the origin: f(0), f′(0) (or why it does not exist), and whether f ≈ x near 0."""
from __future__ import annotations

import sympy as sp

from ...core.methods import Method, weakest
from ...core.values import Label, OneSided
from ...numeric.numbers import exact_number
from ..ingredients import known_number
from ..registry import fact

ZERO = sp.S.Zero


def _break_index(a, point) -> int | None:
    for j, c in enumerate(a.breaks):
        if c == point:
            return j
    return None


def _piece_index(a, point) -> int:
    for i, p in enumerate(a.pieces):
        if (p.lo.is_infinite or p.lo < point) and (p.hi.is_infinite or point < p.hi):
            return i
    raise ValueError("point on no piece")


def value_at(a, point, k: int):
    """(Number | None, method, evidence) of f^(k) at a point inside a piece."""
    i = _piece_index(a, point)
    lim = a.limits.one_sided(a.derivative(i, k), point, "+")
    return known_number(lim), lim.method, lim.evidence


@fact("value_at_0", "f(0)", 50)
def value_at_0(ctx):
    a = ctx.a
    j = _break_index(a, ZERO)
    if j is not None:
        return exact_number(a.value_at_break(j)), Method.PROVED, "the function's own value at the breakpoint 0"
    return value_at(a, ZERO, 0)


@fact("derivative_at_0", "f'(0)", 60)
def derivative_at_0(ctx):
    a = ctx.a
    j = _break_index(a, ZERO)
    if j is None:
        v, m, ev = value_at(a, ZERO, 1)
        return OneSided(v, v is not None), m, ev
    order, method, lefts, rights = a.continuity[j]
    if order >= 1:
        v = known_number(lefts[1])
        return OneSided(v, True, v, known_number(rights[1])), method, "one-sided derivatives agree at the breakpoint 0"
    if order == 0:
        left, right = known_number(lefts[1]), known_number(rights[1])
        return (OneSided(None, False, left, right, "kink: the one-sided derivatives differ"), method,
                "f is continuous at 0; one-sided limits of f' compared")
    left, right = known_number(lefts[0]), known_number(rights[0])
    return (OneSided(None, False, left, right, f"f jumps at 0 (f(0) = {sp.sstr(a.value_at_break(j))})"), method,
            "f is discontinuous at 0, so f'(0) does not exist; left and right are the one-sided limits of f")


@fact("identity_near_0", "identity near 0", 250)
def identity_near_0(ctx):
    f0, d0 = ctx.fact("value_at_0"), ctx.fact("derivative_at_0")
    method = weakest(f0.method, d0.method)
    if f0.value is None or d0.value is None or not d0.value.exists:
        reason = d0.value.reason if d0.value is not None and d0.value.reason else "f'(0) does not exist"
        return Label("no", {"reason": reason}), method, d0.evidence
    zero0 = f0.value.exact is not None and f0.value.exact == 0
    one0 = d0.value.value is not None and d0.value.value.exact is not None and d0.value.value.exact == 1
    if zero0 and one0:
        return Label("yes", {"f0": f0.value, "slope": d0.value.value}), method, "f(0) = 0 and f'(0) = 1: f(x) = x + o(x)"
    if f0.value.exact is None or d0.value.value is None or d0.value.value.exact is None:
        return Label("unknown"), Method.UNKNOWN, "f(0) or f'(0) is not known exactly"
    return Label("no", {"f0": f0.value, "slope": d0.value.value}), method, "first-order Taylor polynomial at 0"
