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


def to_piecewise(expr: sp.Expr) -> sp.Expr:
    """Rewrite kinks (Abs, Max, Min, Heaviside, sign) as Piecewise and fold nesting."""
    rewritten = expr.replace(lambda e: isinstance(e, _KINKY), lambda e: e.rewrite(sp.Piecewise))
    return sp.piecewise_fold(rewritten)


def _intervals(s: sp.Set) -> list[sp.Interval]:
    if s is sp.S.EmptySet or isinstance(s, sp.FiniteSet):
        return []
    if isinstance(s, sp.Interval):
        return [s] if s.measure != 0 else []
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
        for iv in _intervals(here):
            if isinstance(value, sp.Piecewise):  # conditions on other variables: refine
                out.extend(pieces_of(value, x, iv))
            else:
                out.append(Piece(iv.start, iv.end, not iv.left_open, not iv.right_open, value))
        if remaining is sp.S.EmptySet:
            break
    out.sort(key=lambda p: float(p.lo) if p.lo.is_finite else -float("inf"))
    return _merge_removable(out)


def _merge_removable(pieces: list[Piece]) -> list[Piece]:
    """Join neighbours with the same expression that only a removed point separated."""
    merged: list[Piece] = []
    for p in pieces:
        if merged and merged[-1].expr == p.expr and merged[-1].hi == p.lo:
            last = merged.pop()
            p = Piece(last.lo, p.hi, last.lo_closed, p.hi_closed, p.expr)
        merged.append(p)
    return merged


def breakpoints(pieces: list[Piece]) -> list[sp.Expr]:
    """Finite points where one piece ends and another begins."""
    return [p.hi for p in pieces[:-1] if p.hi.is_finite]
