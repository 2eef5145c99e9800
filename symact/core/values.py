r"""Typed values that facts carry: numbers, real sets, runs, smoothness, extrema.

Values travel as these frozen objects; text, LaTeX and JSON are made from them at the edge
(:mod:`symact.report`) and never parsed back. Every type has ``to_json()`` (the versioned
schema in ``docs/json-schema.md``).

A :class:`Number` keeps what is known of a real number: its exact SymPy form when one is
proved, and an enclosure ``[lo, hi]`` (rigorous when ``certified``). Comparisons and set
operations that need arithmetic live in :mod:`symact.numeric.numbers`.

>>> import sympy as sp
>>> from symact.core.values import Number, Interval, RealSet
>>> half = Number(sp.Rational(1, 2))
>>> RealSet((Interval(Number(sp.Integer(0)), half, False, True),)).to_json()["parts"][0]["hi_closed"]
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mpmath
import sympy as sp

SCHEMA = "symact.profile/1"


def _mpf_text(value: mpmath.mpf, digits: int = 40, direction: int = 0) -> str:
    """``value`` in decimal; with ``direction`` -1/+1 the text is a lower/upper bound of it."""
    if mpmath.isinf(value):
        return "inf" if value > 0 else "-inf"
    with mpmath.workdps(digits + 20):
        text = mpmath.nstr(value, digits, min_fixed=-5, max_fixed=8, strip_zeros=False)
        if direction == 0 or value == 0:
            return text
        shown = mpmath.mpf(text)
        if (direction > 0 and shown >= value) or (direction < 0 and shown <= value):
            return text
        exponent = int(mpmath.floor(mpmath.log10(abs(value))))
        unit = mpmath.mpf(10) ** (exponent - digits + 1)
        return mpmath.nstr(shown + direction * unit, digits, min_fixed=-5, max_fixed=8, strip_zeros=False)


def justified_digits(lo: mpmath.mpf, hi: mpmath.mpf, most: int = 30) -> int:
    """Significant digits that the enclosure ``[lo, hi]`` justifies, at most ``most``."""
    with mpmath.workdps(60):
        mid, half = abs((lo + hi) / 2), abs(hi - lo) / 2
        if half == 0:
            return most
        if mid == 0:
            return 1
        return max(1, min(most, int(mpmath.floor(-mpmath.log10(half / mid))) - 1))


@dataclass(frozen=True)
class Number:
    """A real number, or ±∞, as exactly as it is known.

    ``exact`` is a SymPy number when the value is proved (``1/4``, ``-LambertW(exp(-1))``,
    ``oo``); ``lo``/``hi`` enclose it (50 digits); ``certified`` says the enclosure is rigorous
    (always true for exact values). A number read off samples has ``certified=False``.
    """

    exact: sp.Expr | None = None
    lo: mpmath.mpf | None = None
    hi: mpmath.mpf | None = None
    certified: bool = False

    def __post_init__(self):
        if self.exact is not None and self.lo is None:
            lo = hi = _exact_approx(self.exact)
            object.__setattr__(self, "lo", lo)
            object.__setattr__(self, "hi", hi)
            object.__setattr__(self, "certified", True)

    @property
    def is_infinite(self) -> bool:
        return self.exact is not None and self.exact.is_infinite is True

    @property
    def approx(self) -> mpmath.mpf:
        """A 50-digit approximation (the enclosure's midpoint)."""
        with mpmath.workdps(60):
            if mpmath.isinf(self.lo):
                return self.lo
            return (self.lo + self.hi) / 2

    @property
    def digits(self) -> int:
        """Significant digits worth showing (30 for exact values)."""
        if self.exact is not None:
            return 30
        return justified_digits(self.lo, self.hi) if self.certified else 15

    def decimal(self, digits: int | None = None) -> str:
        digits = min(digits or 30, self.digits)
        a = self.approx
        if mpmath.isinf(a):
            return "∞" if a > 0 else "-∞"
        if a == 0:
            return "0"
        return mpmath.nstr(a, digits, min_fixed=-6, max_fixed=12)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"exact": None, "latex": None}
        if self.exact is not None:
            out["exact"] = sp.sstr(self.exact)
            out["latex"] = sp.latex(self.exact)
        out["decimal"] = _mpf_text(self.approx, self.digits) if not self.is_infinite else (
            "inf" if self.exact > 0 else "-inf")
        out["enclosure"] = [_mpf_text(self.lo, 40, -1), _mpf_text(self.hi, 40, 1)] if self.certified and not self.is_infinite else None
        out["certified"] = self.certified
        return out


def _exact_approx(value: sp.Expr) -> mpmath.mpf:
    if value is sp.oo:
        return mpmath.inf
    if value is sp.S.NegativeInfinity:
        return -mpmath.inf
    if value.is_Rational:
        with mpmath.workdps(60):
            return mpmath.mpf(value.p) / value.q
    with mpmath.workdps(60):
        return mpmath.mpf(sp.N(value, 55))


ZERO = Number(sp.S.Zero)
ONE = Number(sp.S.One)
POS_INF = Number(sp.oo)
NEG_INF = Number(sp.S.NegativeInfinity)


@dataclass(frozen=True)
class Interval:
    """The real interval from ``lo`` to ``hi``; a point is ``lo == hi`` with both ends closed."""

    lo: Number
    hi: Number
    lo_closed: bool
    hi_closed: bool

    @property
    def is_point(self) -> bool:
        return self.lo is self.hi or (self.lo.exact is not None and self.lo.exact == self.hi.exact)

    def to_json(self) -> dict:
        return {"lo": self.lo.to_json(), "hi": self.hi.to_json(),
                "lo_closed": self.lo_closed and not self.lo.is_infinite,
                "hi_closed": self.hi_closed and not self.hi.is_infinite}


REALS = Interval(NEG_INF, POS_INF, False, False)


@dataclass(frozen=True)
class RealSet:
    """A finite union of disjoint intervals and points, sorted; with ``period`` T the set is
    ``⋃ₖ (parts + kT)`` (the minimisers of sin, say)."""

    parts: tuple[Interval, ...] = ()
    period: Number | None = None

    @property
    def is_empty(self) -> bool:
        return not self.parts

    def to_json(self) -> dict:
        return {"parts": [p.to_json() for p in self.parts],
                "period": self.period.to_json() if self.period is not None else None}


@dataclass(frozen=True)
class Run:
    """A maximal interval on which f is increasing / decreasing / constant (or convex /
    concave / linear); ``strict`` when strictly so."""

    kind: str
    interval: Interval
    strict: bool

    def to_json(self) -> dict:
        return {"kind": self.kind, "interval": self.interval.to_json(), "strict": self.strict}


@dataclass(frozen=True)
class Shape:
    """Monotonicity or convexity: ``summary`` for the whole line, the maximal runs, the
    period they repeat with, and the parts where the sign could not be decided."""

    summary: str
    runs: tuple[Run, ...] = ()
    period: Number | None = None
    undecided: tuple[Interval, ...] = ()

    def to_json(self) -> dict:
        return {"summary": self.summary, "runs": [r.to_json() for r in self.runs],
                "period": self.period.to_json() if self.period is not None else None,
                "undecided": [u.to_json() for u in self.undecided]}


@dataclass(frozen=True)
class Point:
    """A point of interest: location, value of f there, and its kind (min, max, inflection…)."""

    kind: str
    location: Number
    value: Number | None

    def to_json(self) -> dict:
        return {"kind": self.kind, "location": self.location.to_json(),
                "value": self.value.to_json() if self.value is not None else None}


@dataclass(frozen=True)
class Points:
    """Points (critical or inflection); ``period`` when they repeat, ``more`` describes what
    lies beyond the searched part when that is not decided."""

    points: tuple[Point, ...] = ()
    period: Number | None = None
    more: str = ""

    def to_json(self) -> dict:
        return {"points": [p.to_json() for p in self.points],
                "period": self.period.to_json() if self.period is not None else None,
                "more": self.more or None}


@dataclass(frozen=True)
class Extremum:
    """Global minimum or maximum: ``status`` is ``attained`` (``where`` is the set of
    minimisers), ``not attained`` (``value`` is the infimum), ``unbounded`` or ``unknown``."""

    kind: str
    status: str
    value: Number | None = None
    where: RealSet | None = None

    def to_json(self) -> dict:
        return {"kind": self.kind, "status": self.status,
                "value": self.value.to_json() if self.value is not None else None,
                "where": self.where.to_json() if self.where is not None else None}


@dataclass(frozen=True)
class OneSided:
    """A value at a point together with its one-sided limits (``exists`` false at a kink or
    jump; then ``value`` is ``None``)."""

    value: Number | None
    exists: bool
    left: Number | None = None
    right: Number | None = None
    reason: str = ""

    def to_json(self) -> dict:
        j = lambda n: n.to_json() if n is not None else None  # noqa: E731
        return {"exists": self.exists, "value": j(self.value), "left": j(self.left),
                "right": j(self.right), "reason": self.reason or None}


@dataclass(frozen=True)
class Breakpoint:
    """Smoothness at one breakpoint: f is C^order there (-1: discontinuous); ``left``/``right``
    list one-sided limits of f, f', … up to the first order where they differ."""

    at: Number
    order: int
    at_least: bool
    value: Number | None
    left: tuple[Number | None, ...] = ()
    right: tuple[Number | None, ...] = ()

    def to_json(self) -> dict:
        j = lambda n: n.to_json() if n is not None else None  # noqa: E731
        return {"at": self.at.to_json(), "order": self.order, "at_least": self.at_least,
                "value": j(self.value), "left": [j(v) for v in self.left], "right": [j(v) for v in self.right]}


@dataclass(frozen=True)
class Smoothness:
    """f is C^order on ℝ (``order`` None: C^∞; ``analytic`` when every piece is analytic and
    there is no breakpoint); ``at_least`` when only derivatives up to ``order`` were compared."""

    order: int | None
    analytic: bool
    at_least: bool = False
    breakpoints: tuple[Breakpoint, ...] = ()

    def to_json(self) -> dict:
        return {"order": "inf" if self.order is None else self.order, "analytic": self.analytic,
                "at_least": self.at_least, "breakpoints": [b.to_json() for b in self.breakpoints]}


@dataclass(frozen=True)
class Asymptote:
    """``horizontal`` (y = intercept), ``oblique`` (y = slope·x + intercept) or ``none``."""

    kind: str
    slope: Number | None = None
    intercept: Number | None = None
    reason: str = ""

    def to_json(self) -> dict:
        j = lambda n: n.to_json() if n is not None else None  # noqa: E731
        return {"kind": self.kind, "slope": j(self.slope), "intercept": j(self.intercept),
                "reason": self.reason or None}


@dataclass(frozen=True)
class Formula:
    """A formula in x: the whole expression (``Piecewise`` for piecewise f) and, for f′ in
    terms of f, the forms per interval."""

    expr: sp.Expr | None
    forms: tuple[tuple[sp.Expr, Interval], ...] = ()

    def to_json(self) -> dict:
        out: dict[str, Any] = {"expr": None if self.expr is None else sp.sstr(self.expr),
                               "latex": None if self.expr is None else sp.latex(self.expr)}
        if self.forms:
            out["forms"] = [{"expr": sp.sstr(e), "latex": sp.latex(e), "on": i.to_json()} for e, i in self.forms]
        return out


@dataclass(frozen=True)
class Label:
    """A categorical answer (``odd``, ``soft``, ``both signs``…) with named parts."""

    name: str
    parts: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        def conv(v):
            return v.to_json() if hasattr(v, "to_json") else v
        return {"name": self.name, **{k: conv(v) for k, v in self.parts.items()}}

    def __hash__(self):
        return hash((self.name, tuple(sorted(self.parts))))


def value_json(value) -> Any:
    """JSON for any fact value (typed object, bool, None)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return value.to_json()
