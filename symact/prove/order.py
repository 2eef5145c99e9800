r"""Ordering numbers and normalising real sets, with how each comparison is known.

:func:`compare` first separates enclosures (certified), then proves equality of exact forms
with the zero test, and only then falls back to 50-digit approximations (numeric).
:func:`union` merges intervals and points into a sorted disjoint :class:`RealSet`.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ..core.budget import Budget
from ..core.facts import Known
from ..core.methods import Method, weakest
from ..core.values import Interval, Number, RealSet
from ..numeric.numbers import order
from .structural import structural_sign
from .zero import constant_is_zero


def compare(a: Number, b: Number, budget: Budget) -> Known:
    """``Known(-1 | 0 | 1)``: a < b, a = b, a > b; the method says how it is known."""
    if a is b or a == b:
        return Known(0, Method.PROVED, "the same number")
    decided = order(a, b)
    if decided is not None:
        if decided == 0:
            return Known(0, Method.PROVED, "identical exact forms")
        rational = all(n.is_infinite or (n.exact is not None and n.exact.is_Rational) for n in (a, b))
        if rational:
            return Known(decided, Method.PROVED, "exact rational comparison")
        if a.exact is not None and b.exact is not None and not (a.is_infinite or b.is_infinite):
            d = a.exact - b.exact  # a product of signed factors, no sum: the sign is proved by logic
            if not d.has(sp.Add) and structural_sign(d) == decided:
                return Known(decided, Method.PROVED, "the sign of the difference follows from its factors")
        certain = (a.certified and b.certified) or a.is_infinite or b.is_infinite
        return Known(decided, Method.CERTIFIED if certain else Method.NUMERIC, "enclosures are disjoint")
    if a.exact is not None and b.exact is not None:
        zero = constant_is_zero(a.exact - b.exact, budget)
        if zero.value is True:
            return Known(0, zero.method, f"equal: the difference {zero.evidence}")
    with mpmath.workdps(60):
        da, db = a.approx, b.approx
        scale = max(abs(da), abs(db))
        if abs(da - db) <= scale * mpmath.mpf(10) ** -45 or (scale == 0):
            return Known(0, Method.NUMERIC, "equal to 45 digits (no proof)")
        return Known(-1 if da < db else 1, Method.NUMERIC, "compared at 50 digits")


def interval(lo: Number, hi: Number, lo_closed: bool, hi_closed: bool) -> Interval:
    return Interval(lo, hi, lo_closed and not lo.is_infinite, hi_closed and not hi.is_infinite)


def point(n: Number) -> Interval:
    return Interval(n, n, True, True)


def union(parts: list[Interval], budget: Budget, period: Number | None = None) -> tuple[RealSet, Method]:
    """The sorted, disjoint union of intervals and points, and the weakest comparison used."""
    methods: list[Method] = []

    def cmp(a: Number, b: Number) -> int:
        k = compare(a, b, budget)
        methods.append(k.method)
        return k.value

    items = [p for p in parts if not _empty(p, cmp)]
    # insertion sort by lower end (few parts; every comparison is recorded)
    ordered: list[Interval] = []
    for item in items:
        i = len(ordered)
        while i > 0:
            c = cmp(ordered[i - 1].lo, item.lo)
            if c < 0 or (c == 0 and (ordered[i - 1].lo_closed or not item.lo_closed)):
                break
            i -= 1
        ordered.insert(i, item)
    merged: list[Interval] = []
    for item in ordered:
        if not merged:
            merged.append(item)
            continue
        cur = merged[-1]
        c = cmp(item.lo, cur.hi)
        if c < 0 or (c == 0 and (cur.hi_closed or item.lo_closed)):
            h = cmp(item.hi, cur.hi)
            if h > 0:
                merged[-1] = Interval(cur.lo, item.hi, cur.lo_closed, item.hi_closed)
            elif h == 0:
                merged[-1] = Interval(cur.lo, cur.hi, cur.lo_closed, cur.hi_closed or item.hi_closed)
        else:
            merged.append(item)
    return RealSet(tuple(merged), period), weakest(*methods)


def _empty(p: Interval, cmp) -> bool:
    c = cmp(p.lo, p.hi)
    return c > 0 or (c == 0 and not (p.lo_closed and p.hi_closed))


def to_sympy(s: RealSet) -> sp.Set:
    """The set as a SymPy set (exact ends where known, else 30-digit Floats)."""
    def end(n: Number):
        if n.exact is not None:
            return n.exact
        return sp.Float(mpmath.nstr(n.approx, 30), 30)
    return sp.Union(*[sp.FiniteSet(end(p.lo)) if p.is_point else
                      sp.Interval(end(p.lo), end(p.hi), not p.lo_closed, not p.hi_closed) for p in s.parts])
