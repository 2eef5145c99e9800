r"""Where f^(k) is positive, negative, zero or undecided, across all of ℝ, and the maximal runs
of monotonicity (k = 1) or convexity (k = 2) built from that.

Segments come from the sign structures of the pieces, cut at the roots where f^(k) changes
sign (exact when a closed form is proved). Runs join segments of one sign across roots (f^(k-1)
is continuous there) and across breakpoints when the jump goes the right way: f is
non-decreasing through c when :math:`f(c^-) \le f(c) \le f(c^+)`; convex through c when f is
continuous there and :math:`f'(c^-) \le f'(c^+)`. A run never spans a jump it cannot, and its
end at a breakpoint is closed only when f(c) belongs to it (a jump up may end an increasing
run, never start a decreasing one). Undecided parts break runs and are listed.
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp

from ..core.methods import Method, weakest
from ..core.values import NEG_INF, POS_INF, Interval, Number, Run, Shape
from ..numeric.numbers import exact_number, sign_of
from ..prove.order import compare
from .ingredients import Analysis, known_number


@dataclass(frozen=True)
class Segment:
    lo: Number
    hi: Number
    sign: int | None  # of f^(k) on the open segment: +1, -1, 0 (identically zero), None (undecided)
    piece: int
    lo_kind: str  # "piece" (a piece end), "root" (inside a piece), "undecided"
    hi_kind: str


def _bound(v: mpmath.mpf, infinite: Number) -> Number:
    if mpmath.isinf(v):
        return infinite
    return Number(None, v, v, True)


def segments(a: Analysis, k: int) -> tuple[list[Segment], Number | None, list[Method]]:
    """Segments of f^(k) over ℝ (k ≥ 1), the period they repeat with, and the methods used."""
    out: list[Segment] = []
    methods: list[Method] = []
    period = None
    for i, p in enumerate(a.pieces):
        lo, hi = exact_number(p.lo), exact_number(p.hi)
        d = a.derivative(i, k)
        if not d.has(a.x):
            s = 0 if d == 0 else sign_of(exact_number(d))
            out.append(Segment(lo, hi, s, i, "piece", "piece"))
            methods.append(Method.PROVED if s is not None else Method.UNKNOWN)
            continue
        S = a.signs(i, k)
        methods.append(S.decided_method)
        if S.period is not None:
            period = exact_number(S.period)
            changes = [r for r in S.roots if r.changes_sign]
            if changes:
                locs = [a.located(i, k - 1, r).location for r in changes]
                shifted = exact_number(locs[0].exact + S.period) if locs[0].exact is not None else Number(
                    None, locs[0].lo + period.lo, locs[0].hi + period.hi, True)
                ends = locs + [shifted]
                for j in range(len(changes)):
                    out.append(Segment(ends[j], ends[j + 1], changes[j].right_sign, i, "root", "root"))
                continue
            s = next((x for x in S.signs if x is not None), None)
            out.append(Segment(lo, hi, s, i, "piece", "piece"))
            period = None
            continue
        start, start_kind = lo, "piece"
        for idx, r in enumerate(S.roots):
            before = S.signs[idx]
            if r.change == "?":
                r_lo, r_hi = _bound(r.lo, NEG_INF), _bound(r.hi, POS_INF)
                if not mpmath.isinf(r.lo):
                    out.append(Segment(start, r_lo, before, i, start_kind, "undecided"))
                out.append(Segment(r_lo if not mpmath.isinf(r.lo) else start, r_hi if not mpmath.isinf(r.hi) else hi,
                                   None, i, "undecided" if not mpmath.isinf(r.lo) else start_kind,
                                   "undecided" if not mpmath.isinf(r.hi) else "piece"))
                start, start_kind = r_hi, "undecided"
                continue
            if not r.changes_sign:
                continue
            loc = a.located(i, k - 1, r).location
            out.append(Segment(start, loc, before, i, start_kind, "root"))
            start, start_kind = loc, "root"
        last = S.roots[-1] if S.roots else None
        if last is None or not (last.change == "?" and mpmath.isinf(last.hi)):
            out.append(Segment(start, hi, S.signs[-1], i, start_kind, "piece"))
    return out, period, methods


class _Junctions:
    """Comparisons at breakpoints: f(c) against its one-sided limits, and f′'s one-sided limits."""

    def __init__(self, a: Analysis):
        self.a = a
        self.methods: list[Method] = []
        self._cache: dict = {}

    def _cmp(self, x: Number | None, y: Number | None) -> int | None:
        if x is None or y is None:
            self.methods.append(Method.UNKNOWN)
            return None
        k = compare(x, y, self.a.budget)
        self.methods.append(k.method)
        return k.value

    def values(self, j: int):
        if j not in self._cache:
            a = self.a
            v = exact_number(a.value_at_break(j))
            left, right = a.side_limit(j, 0, "-"), a.side_limit(j, 0, "+")
            dl, dr = a.side_limit(j, 1, "-"), a.side_limit(j, 1, "+")
            self.methods += [left.method, right.method]
            self._cache[j] = (known_number(left), v, known_number(right), dl, dr)
        return self._cache[j]

    def closed(self, j: int, k: int, want: int, from_left: bool) -> bool:
        """Does the run of kind ``want`` that ends (from_left) or starts at breakpoint j contain it?"""
        lim_l, v, lim_r, _, _ = self.values(j)
        lim = lim_l if from_left else lim_r
        c = self._cmp(v, lim)  # sign of f(c) - limit
        if c is None:
            return False
        if want == 0:
            return c == 0
        if k == 1:  # increasing up to c needs f(c) >= f(c-); from c needs f(c) <= f(c+)
            return (c >= 0) if (want > 0) == from_left else (c <= 0)
        return (c >= 0) if want > 0 else (c <= 0)  # convex: an upward jump at an end is allowed

    def joins(self, j: int, k: int, want: int) -> bool:
        lim_l, v, lim_r, dl, dr = self.values(j)
        if k == 1:
            a, b = self._cmp(lim_l, v), self._cmp(v, lim_r)
            if a is None or b is None:
                return False
            return (a <= 0 and b <= 0) if want > 0 else (a >= 0 and b >= 0) if want < 0 else (a == 0 and b == 0)
        if not self.a.continuous_at(j):
            return False
        self.methods += [dl.method, dr.method]
        c = self._cmp(known_number(dl), known_number(dr))
        if c is None:
            return False
        return c <= 0 if want > 0 else c >= 0 if want < 0 else c == 0


def runs(a: Analysis, k: int) -> tuple[Shape, Method]:
    """Monotonicity (k = 1) or convexity (k = 2) over ℝ as a typed Shape, and its method."""
    segs, period, methods = segments(a, k)
    junctions = _Junctions(a)
    names = {1: {1: "increasing", -1: "decreasing", 0: "constant"},
             2: {1: "convex", -1: "concave", 0: "linear"}}[k]
    found: list[Run] = []
    for want in (1, -1, 0):
        chain: list[Segment] = []
        for s in segs + [None]:
            ok = s is not None and s.sign is not None and (s.sign == want or (s.sign == 0 and want != 0))
            joinable = ok and chain and _joinable(chain[-1], s, k, want, junctions, period)
            if ok and (not chain or joinable):
                chain.append(s)
                continue
            if chain:
                found.append(_run(chain, names[want], want, k, junctions, a))
            chain = [s] if ok else []
    undecided = tuple(Interval(s.lo, s.hi, False, False) for s in segs if s.sign is None)
    signs = {s.sign for s in segs if s.sign is not None}
    whole = [r for r in found if r.interval.lo.is_infinite and r.interval.hi.is_infinite]
    if undecided:
        summary = "not monotonic" if k == 1 and {1, -1} <= signs else "neither" if k == 2 and {1, -1} <= signs \
            else "undecided"
    elif period is not None:
        summary = "not monotonic" if k == 1 else "neither"
    elif whole:
        best = sorted(whole, key=lambda r: ({"constant": 0, "linear": 0}.get(r.kind, 1), not r.strict))[0]
        summary = best.kind if best.kind in ("constant", "linear") else (
            ("strictly " if best.strict else "non-") + best.kind if k == 1 else best.kind)
        if k == 1 and not best.strict and best.kind in ("increasing", "decreasing"):
            summary = {"increasing": "non-decreasing", "decreasing": "non-increasing"}[best.kind]
    else:
        summary = "not monotonic" if k == 1 else "neither"
    method = weakest(*methods, *junctions.methods)
    if undecided:  # a part left undecided: the shape as a whole is not certain
        method = weakest(method, Method.NUMERIC)
    return Shape(summary, tuple(found), period, undecided), method


def _joinable(prev: Segment, nxt: Segment, k: int, want: int, junctions: _Junctions, period) -> bool:
    if prev.hi_kind == "undecided" or nxt.lo_kind == "undecided":
        return False
    if prev.piece == nxt.piece:
        return True  # a root inside a piece: f^(k-1) is continuous there
    return junctions.joins(prev.piece, k, want)


def _run(chain: list[Segment], kind: str, want: int, k: int, junctions: _Junctions, a: Analysis) -> Run:
    first, last = chain[0], chain[-1]
    lo_closed = _end_closed(first, True, k, want, junctions)
    hi_closed = _end_closed(last, False, k, want, junctions)
    strict = all(s.sign != 0 for s in chain)
    return Run(kind, Interval(first.lo, last.hi, lo_closed, hi_closed), strict)


def _end_closed(s: Segment, at_lo: bool, k: int, want: int, junctions: _Junctions) -> bool:
    kind = s.lo_kind if at_lo else s.hi_kind
    end = s.lo if at_lo else s.hi
    if end.is_infinite:
        return False
    if kind in ("root", "undecided"):
        return True
    # a piece end: a breakpoint (pieces j and j+1 meet at breakpoint j)
    j = s.piece - 1 if at_lo else s.piece
    return junctions.closed(j, k, want, from_left=not at_lo)


def sign_changes_across_breaks(a: Analysis) -> list[tuple[int, int, int]]:
    """(j, left sign, right sign) of f′ next to each breakpoint where f is continuous."""
    segs, _, _ = segments(a, 1)
    out = []
    for j in range(len(a.breaks)):
        left = [s for s in segs if s.piece == j]
        right = [s for s in segs if s.piece == j + 1]
        if left and right and a.continuous_at(j):
            out.append((j, left[-1].sign, right[0].sign))
    return out


def exact(value) -> Number:
    return exact_number(sp.sympify(value))
