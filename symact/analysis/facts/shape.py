"""Shape: local extrema, monotonicity, convexity, inflection points and dead regions."""
from __future__ import annotations

import mpmath
import sympy as sp

from ...core.methods import Method, weakest
from ...core.values import Interval, Point, Points
from ...numeric.numbers import ball_number, exact_number
from ...prove.order import union
from ..registry import fact
from ..segments import runs, segments, sign_changes_across_breaks


def _value_of_f(a, i: int, location) -> object:
    """f at a located point of piece i (exact when the location is)."""
    from ...prove.roots import shortest_constant
    if location.exact is not None and sp.count_ops(location.exact) <= 10:
        v = shortest_constant(a.derivative(i, 0).subs(a.x, location.exact), a.budget)
        if v is not None:
            return exact_number(v)
    ball = a.enclose(a.derivative(i, 0), location.lo, location.hi)
    return ball_number(ball) if ball is not None else None


def _points(ctx, k: int):
    """Sign changes of f^(k) inside pieces (k = 1: local extrema, 2: inflection points)."""
    a = ctx.a
    found, methods, more = [], [], []
    period = None
    for i in range(len(a.pieces)):
        d = a.derivative(i, k)
        if not d.has(a.x):
            continue
        S = a.signs(i, k)
        if S.period is not None:
            period = exact_number(S.period)
        for r in S.roots:
            if r.change == "?":
                if mpmath.isinf(r.lo) or mpmath.isinf(r.hi):
                    edge = r.hi if mpmath.isinf(r.lo) else r.lo
                    more.append(f"beyond x = {mpmath.nstr(edge, 6)} not decided"
                                + (" (sign changes sampled there)" if S.oscillating else ""))
                else:
                    more.append(f"undecided on [{mpmath.nstr(r.lo, 8)}, {mpmath.nstr(r.hi, 8)}]")
                continue
            if not r.changes_sign:
                continue
            loc = a.located(i, k - 1, r)
            if k == 1:
                kind = "min" if r.change == "-+" else "max"
                value = loc.value
            else:
                kind = "inflection"
                value = _value_of_f(a, i, loc.location)
            found.append(Point(kind, loc.location, value))
            exact_value = value is not None and value.exact is not None
            methods.append(loc.method if (k == 1 or exact_value) else weakest(loc.method, Method.CERTIFIED))
        methods.append(S.decided_method)
    if k == 1:  # kinks where f' changes sign: local extrema too
        for j, left, right in sign_changes_across_breaks(a):
            if left in (1, -1) and right in (1, -1) and left != right:
                c = exact_number(a.breaks[j])
                found.append(Point("min" if left < 0 else "max", c, exact_number(a.value_at_break(j))))
                methods.append(a.continuity[j][1])
    found.sort(key=lambda p: p.location.approx)
    if more:  # a part left undecided: the list may be incomplete
        methods.append(Method.NUMERIC)
    return Points(tuple(found), period, "; ".join(more)), weakest(*methods) if methods else Method.PROVED


@fact("critical_points", "local extrema", 170)
def critical_points(ctx):
    value, method = _points(ctx, 1)
    evidence = "sign changes of f' (certified enclosures; closed forms checked exactly), and kinks where f' changes sign"
    return value, method, evidence


@fact("inflection_points", "inflection points", 185)
def inflection_points(ctx):
    value, method = _points(ctx, 2)
    return value, method, "sign changes of f'' inside the pieces"


def _evidence(ctx, k: int) -> str:
    a = ctx.a
    parts = [a.signs(i, k).evidence for i in range(len(a.pieces)) if a.derivative(i, k).has(a.x)]
    if a.breaks:
        parts.append("breakpoints: " + ("f(c) against its one-sided limits" if k == 1 else "continuity and the jump of f'"))
    return "; ".join(dict.fromkeys(parts)) or "f^(k) is constant on every piece"


@fact("monotonicity", "monotonicity", 180)
def monotonicity(ctx):
    shape, method = ctx.shared("runs1", lambda: runs(ctx.a, 1))
    return shape, method, _evidence(ctx, 1)


@fact("convexity", "convexity", 190)
def convexity(ctx):
    shape, method = ctx.shared("runs2", lambda: runs(ctx.a, 2))
    return shape, method, _evidence(ctx, 2)


@fact("dead_region", "dead region (f' ≡ 0)", 240)
def dead_region(ctx):
    a = ctx.a
    segs, _, methods = segments(a, 1)
    parts = [Interval(s.lo, s.hi, False, False) for s in segs if s.sign == 0]
    for j in range(len(a.breaks)):  # a breakpoint joins two flat pieces where f' exists and is 0
        if a.differentiable_at(j, 1):
            left = [s for s in segs if s.piece == j]
            right = [s for s in segs if s.piece == j + 1]
            if left and right and left[-1].sign == 0 and right[0].sign == 0:
                c = exact_number(a.breaks[j])
                parts.append(Interval(c, c, True, True))
    if not parts:
        undecided = any(s.sign is None for s in segs)
        return union([], a.budget)[0], (Method.NUMERIC if undecided else weakest(*methods)), \
            "f' is not identically 0 on any interval" + (" where decided" if undecided else "")
    s, m = union(parts, a.budget)
    return s, weakest(m, *methods), "pieces on which f is constant (f' ≡ 0 there); " + "; ".join(a.constant_evidence)
