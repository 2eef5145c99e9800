r"""Split a function of one real variable into smooth pieces on intervals.

``Abs``, ``Max``, ``Min``, ``Heaviside`` and ``sign`` are rewritten to ``Piecewise``, nested
``Piecewise`` are folded, and each branch's condition becomes a set of real intervals (the
first true branch wins, as in SymPy). Isolated points left over by ``Ne`` conditions (removable
singularities such as the derivative of ``sinc`` at 0) are not pieces.

The result lets the analysis see breakpoints: one-sided values there, tails at :math:`\pm\infty`,
constant pieces (dead regions).
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

_KINKY = (sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign)


@dataclass(frozen=True)
class Piece:
    """``expr`` on the interval from ``lo`` to ``hi`` (closed ends where flagged)."""

    lo: sp.Expr
    hi: sp.Expr
    lo_closed: bool
    hi_closed: bool
    expr: sp.Expr

    @property
    def interval(self) -> sp.Interval:
        return sp.Interval(self.lo, self.hi, not self.lo_closed, not self.hi_closed)

    def contains(self, point: sp.Expr) -> bool:
        return bool(self.interval.contains(point) == sp.true)


def half_line_substitution(piece: Piece, x: sp.Symbol, p: sp.Symbol) -> dict | None:
    """Write the open piece through a positive symbol ``p`` so SymPy's assumptions apply:
    ``{}`` for ℝ, ``x = lo + p`` on (lo, ∞), ``x = hi - p`` on (-∞, hi); ``None`` if bounded."""
    if piece.lo.is_infinite and piece.hi.is_infinite:
        return {}
    if piece.hi is sp.oo:
        return {x: piece.lo + p}
    if piece.lo is sp.S.NegativeInfinity:
        return {x: piece.hi - p}
    return None


def to_piecewise(expr: sp.Expr) -> sp.Expr:
    """Rewrite kinks (Abs, Max, Min, Heaviside, sign) as Piecewise and fold nesting."""
    rewritten = expr.replace(lambda e: isinstance(e, _KINKY), lambda e: e.rewrite(sp.Piecewise))
    return sp.piecewise_fold(rewritten)


def _intervals(s: sp.Set) -> list[tuple[sp.Expr, sp.Expr, bool, bool]]:
    """The parts of a condition set as (start, end, start closed, end closed); a single point
    is (c, c, True, True)."""
    if s is sp.S.EmptySet:
        return []
    if isinstance(s, sp.FiniteSet):
        return [(p, p, True, True) for p in s.args if p.is_real]
    if isinstance(s, sp.Interval):
        return [(s.start, s.end, not s.left_open, not s.right_open)]
    if isinstance(s, sp.Union):
        return [i for a in s.args for i in _intervals(a)]
    raise ValueError(f"cannot split the condition set {s}")


def pieces_of(expr: sp.Expr, x: sp.Symbol, domain: sp.Interval = sp.S.Reals) -> list[Piece]:
    """The smooth pieces of ``expr`` over ``domain``, sorted left to right."""
    folded = to_piecewise(expr)
    if not isinstance(folded, sp.Piecewise):
        branches = [(folded, sp.true)]
    else:
        branches = list(folded.args)
    remaining: sp.Set = domain
    out: list[Piece] = []
    for value, condition in branches:
        cond_set = sp.S.Reals if condition == sp.true else condition.as_set()
        here = sp.Intersection(cond_set, remaining)
        remaining = sp.Complement(remaining, cond_set)
        for lo, hi, lo_closed, hi_closed in _intervals(here):
            if isinstance(value, sp.Piecewise) and lo != hi:  # conditions on other variables: refine
                out.extend(pieces_of(value, x, sp.Interval(lo, hi, not lo_closed, not hi_closed)))
            else:
                out.append(Piece(lo, hi, lo_closed, hi_closed, value.subs(x, lo) if lo == hi else value))
        if remaining is sp.S.EmptySet:
            break
    out.sort(key=lambda p: (float(p.lo) if p.lo.is_finite else -float("inf"), p.hi != p.lo))
    return _merge_removable(_absorb_points(out, x))


def _absorb_points(pieces: list[Piece], x: sp.Symbol) -> list[Piece]:
    """A single point whose value continues a neighbouring piece closes that piece's end;
    a point with a value of its own (Heaviside(0) = 1/2) stays as a degenerate piece."""
    points = [p for p in pieces if p.lo == p.hi]
    spans = [p for p in pieces if p.lo != p.hi]
    kept = []
    for pt in points:
        c, value = pt.lo, pt.expr
        for i, q in enumerate(spans):
            touches = (q.hi == c and not q.hi_closed) or (q.lo == c and not q.lo_closed)
            if touches and sp.simplify(q.expr.subs(x, c) - value) == 0:
                spans[i] = Piece(q.lo, q.hi, q.lo_closed or q.lo == c, q.hi_closed or q.hi == c, q.expr)
                break
        else:
            kept.append(pt)
    return sorted(spans + kept, key=lambda p: (float(p.lo) if p.lo.is_finite else -float("inf"), p.hi != p.lo))


def _merge_removable(pieces: list[Piece]) -> list[Piece]:
    """Join neighbours with the same expression that only a removed point separated."""
    merged: list[Piece] = []
    for p in pieces:
        if merged and merged[-1].expr == p.expr and merged[-1].hi == p.lo and p.lo != p.hi \
                and merged[-1].lo != merged[-1].hi:
            last = merged.pop()
            p = Piece(last.lo, p.hi, last.lo_closed, p.hi_closed, p.expr)
        merged.append(p)
    return merged


def breakpoints(pieces: list[Piece]) -> list[sp.Expr]:
    """Finite points where one piece ends and another begins (pieces of positive length)."""
    return [p.hi for p in pieces[:-1] if p.hi.is_finite]


def split_points(pieces: list[Piece]) -> tuple[list[Piece], list[tuple[sp.Expr, sp.Expr]]]:
    """Pieces of positive length, and isolated points ``(c, value)`` with values of their own."""
    return [p for p in pieces if p.lo != p.hi], [(p.lo, p.expr) for p in pieces if p.lo == p.hi]
