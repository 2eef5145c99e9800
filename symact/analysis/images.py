r"""The image of f or f′ over ℝ: candidates for its extremes, piece by piece.

On each open piece, :math:`f^{(k)}` is continuous, so its image is an interval whose ends are
among: the one-sided limits at the piece's ends (approached, not attained) and the values at
the interior roots of :math:`f^{(k+1)}` where it changes sign (attained). Where the sign
structure of :math:`f^{(k+1)}` was left undecided, an arb enclosure of :math:`f^{(k)}` over the
undecided part (a tail via half-line arithmetic) must lie inside the interval found, or the
image is incomplete. Breakpoint values (f(c), or f′(c) where it exists) are single points.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import mpmath
import sympy as sp
from flint import arb

from ..core.methods import Method, weakest
from ..core.values import NEG_INF, POS_INF, Interval, Number
from ..numeric.numbers import arb_to_mpf, exact_number
from ..prove.order import compare
from ..prove.zero import function_is_zero
from .ingredients import Analysis, known_number


@dataclass(frozen=True)
class Candidate:
    """A value f^(k) takes (``attained``) or approaches, and where it is taken."""

    value: Number
    attained: bool
    where: Interval | None
    method: Method


@dataclass
class Image:
    parts: list[Interval] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    method: Method = Method.PROVED
    complete: bool = True
    period: Number | None = None
    evidence: list[str] = field(default_factory=list)


def _point(n: Number) -> Interval:
    return Interval(n, n, True, True)


def _open_piece(a: Analysis, i: int) -> Interval:
    p = a.pieces[i]
    return Interval(exact_number(p.lo), exact_number(p.hi), False, False)


def extreme(cands: list[Candidate], largest: bool, budget) -> tuple[Candidate, bool, Method]:
    """The least (or largest) candidate, whether some candidate equal to it is attained, and
    the weakest comparison used."""
    methods = []
    best = cands[0]
    merged = False
    for c in cands[1:]:
        k = compare(c.value, best.value, budget)
        undecided = k.value is None or not k.method.certain
        if undecided and c.attained == best.attained and _mergeable(c.value, best.value):
            # two overlapping enclosures (f(-a) and f(a) of an even f): the extreme of the two lies in
            # [min lo, min hi] (or [max lo, max hi]) whichever it is; where it is stays open
            pick = max if largest else min
            value = Number(None, pick(c.value.lo, best.value.lo), pick(c.value.hi, best.value.hi), True)
            best = Candidate(value, best.attained, None, weakest(best.method, c.method))
            merged = True
            continue
        methods.append(k.method)
        if k.value is None:
            continue
        if (k.value > 0) == largest and k.value != 0:
            best = c
        elif k.value == 0 and c.attained and not best.attained:
            best = c
        elif k.value == 0 and c.value.exact is not None and best.value.exact is None:
            best = Candidate(c.value, best.attained or c.attained, best.where, best.method)
    if merged and best.attained:
        return best, True, weakest(*methods)
    attained = False
    for c in cands:
        if c.attained:
            k = compare(c.value, best.value, budget)
            methods.append(k.method)
            if k.value == 0:
                attained = True
    return best, attained, weakest(*methods)


def _mergeable(a: Number, b: Number) -> bool:
    return a.certified and b.certified and not a.is_infinite and not b.is_infinite and \
        mpmath.isfinite(a.lo) and mpmath.isfinite(b.lo) and a.lo <= b.hi and b.lo <= a.hi


def _envelope_inside(env: tuple[Number, Number], lo: Number, hi: Number, budget) -> bool:
    a = compare(env[0], lo, budget)
    b = compare(env[1], hi, budget)
    return a.value is not None and b.value is not None and a.value >= 0 and b.value <= 0 and \
        a.method.certain and b.method.certain


def _number_from_x(end: arb | None, infinite: Number) -> Number:
    if end is None:
        return infinite
    v = arb_to_mpf(end, False)
    return Number(None, v, v, True)


PieceImage = tuple[list[Candidate], list[tuple[Number, Number]], list[Method], list[str], Number | None, bool]


def piece_image(a: Analysis, i: int, k: int) -> PieceImage:
    """Candidates, envelopes of undecided parts, methods, notes, period, ok for piece i."""
    expr = a.derivative(i, k)
    piece = a.pieces[i]
    if not expr.has(a.x):
        return [Candidate(exact_number(expr), True, _open_piece(a, i), Method.PROVED)], [], [Method.PROVED], [], None, True
    cands: list[Candidate] = []
    envelopes: list[tuple[Number, Number]] = []
    methods: list[Method] = []
    notes: list[str] = []
    structure = a.signs(i, k + 1)
    period = None
    repeating_extrema = False
    if structure.period is not None:
        same = function_is_zero(expr.subs(a.x, a.x + structure.period) - expr, a.x, piece.lo, piece.hi, a.budget)
        if same.value is True and same.method.certain:
            period = exact_number(structure.period)  # f^(k) itself repeats: one period has it all
        else:
            repeating_extrema = any(r.changes_sign for r in structure.roots)
    if period is None:
        for end, direction in ((piece.lo, -1), (piece.hi, 1)):
            if end.is_infinite:
                lim = a.limits.at_infinity(expr, direction)
            else:
                lim = a.limits.one_sided(expr, end, "+" if direction < 0 else "-")
            n = known_number(lim)
            open_tail = end.is_infinite and any(
                r.change == "?" and mpmath.isinf(r.hi if direction > 0 else r.lo) for r in structure.roots)
            if n is None or (open_tail and not lim.method.certain):
                if end.is_infinite:
                    continue  # no limit, or only a sampled one: the tail's enclosure below must bound it
                return cands, envelopes, methods + [Method.UNKNOWN], [f"no one-sided limit at {end}"], None, False
            cands.append(Candidate(n, False, None, lim.method))
            methods.append(lim.method)
    if repeating_extrema:  # infinitely many local extrema: only limits ∓∞ on both sides settle it
        ends = sorted(c.value.approx for c in cands)
        if len(cands) == 2 and mpmath.isinf(ends[0]) and mpmath.isinf(ends[1]) and ends[0] < 0 < ends[1]:
            return cands, envelopes, methods + [structure.decided_method], [], None, True
        return cands, envelopes, methods + [Method.UNKNOWN], ["infinitely many local extrema"], None, False
    for root in structure.roots:
        if root.change == "?":
            if mpmath.isfinite(root.lo) and mpmath.isfinite(root.hi):
                ball = a.enclose(expr, root.lo, root.hi)
                if ball is None:
                    return cands, envelopes, methods + [Method.UNKNOWN], ["cannot enclose an undecided part"], period, False
                lo = Number(None, arb_to_mpf(ball, False), arb_to_mpf(ball, False), True)
                hi = Number(None, arb_to_mpf(ball, True), arb_to_mpf(ball, True), True)
                envelopes.append((lo, hi))
            else:
                direction = 1 if mpmath.isinf(root.hi) else -1
                start = float(root.lo if direction > 0 else root.hi)
                enc, how = a.tail_enclosure(i, k, start, direction)
                if enc is None or (enc.lo is None and enc.hi is None):
                    return cands, envelopes, methods + [Method.UNKNOWN], [f"cannot bound f^({k}) beyond {start:g}"], period, False
                envelopes.append((_number_from_x(enc.lo, NEG_INF), _number_from_x(enc.hi, POS_INF)))
                notes.append(f"beyond x = {start:g} f^({k}) is enclosed by {how}")
            continue
        if not (root.certified and root.unique):
            # an enclosure that may hold several roots: whatever extrema it hides, their values
            # lie in f^(k)'s enclosure over it, which must then lie inside the values found
            ball = a.enclose(expr, root.lo, root.hi)
            if ball is None:
                return cands, envelopes, methods + [Method.UNKNOWN], ["cannot enclose a root cluster"], period, False
            envelopes.append((Number(None, arb_to_mpf(ball, False), arb_to_mpf(ball, False), True),
                              Number(None, arb_to_mpf(ball, True), arb_to_mpf(ball, True), True)))
            notes.append(f"f^({k + 1}) has a root cluster in [{mpmath.nstr(root.lo, 8)}, {mpmath.nstr(root.hi, 8)}]; "
                         f"f^({k}) there is enclosed")
            continue
        if not root.changes_sign:
            continue
        loc = a.located(i, k, root)
        if loc.value is None:
            return cands, envelopes, methods + [Method.UNKNOWN], ["cannot evaluate at a critical point"], period, False
        cands.append(Candidate(loc.value, True, _point(loc.location), loc.method))
        methods.append(loc.method)
    # the decided roots left are certified and unique (clusters were enveloped above)
    methods.append(structure.method if structure.method in (Method.PROVED, Method.UNKNOWN) else Method.CERTIFIED)
    return cands, envelopes, methods, notes, period, True


def image(a: Analysis, k: int) -> Image:
    """The image of f^(k) (k = 0 or 1) over ℝ (for k = 1: where f′ exists)."""
    out = Image()
    methods: list[Method] = []
    for i in range(len(a.pieces)):
        cands, envelopes, ms, notes, period, ok = piece_image(a, i, k)
        methods += ms
        out.evidence += notes
        if period is not None:
            out.period = period
        out.candidates += cands  # kept even when incomplete: the numeric range uses them
        if not ok or not cands:
            out.complete = False
            continue
        lo, lo_att, m1 = extreme(cands, False, a.budget)
        hi, hi_att, m2 = extreme(cands, True, a.budget)
        methods += [m1, m2]
        for env in envelopes:
            if not _envelope_inside(env, lo.value, hi.value, a.budget):
                out.complete = False
                out.evidence.append("an undecided part may reach beyond the values found")
        out.parts.append(Interval(lo.value, hi.value, lo_att, hi_att))
    for j, c in enumerate(a.breaks):
        if k == 0:
            v = exact_number(a.value_at_break(j))
            method = Method.PROVED
        elif a.differentiable_at(j, k):
            lim = a.side_limit(j, k, "-")
            v, method = known_number(lim), lim.method
            if v is None:
                continue
        else:
            continue
        out.parts.append(_point(v))
        out.candidates.append(Candidate(v, True, _point(exact_number(c)), method))
        methods.append(method)
    out.method = weakest(*methods)
    return out


def numeric_hull(a: Analysis, k: int, img: Image) -> Interval | None:
    """The smallest interval holding every candidate found and every dense sample of f^(k):
    an estimate (``numeric``), used when some part of the image could not be bounded."""
    from .samples import sample_values
    values = [Candidate(Number(None, v, v, False), True, None, Method.NUMERIC) for _, v in sample_values(a, k)]
    pool = img.candidates + values
    if not pool:
        return None
    lo, lo_att, _ = extreme(pool, False, a.budget)
    hi, hi_att, _ = extreme(pool, True, a.budget)
    return Interval(lo.value, hi.value, lo_att, hi_att)


def zero() -> Number:
    return exact_number(sp.S.Zero)
