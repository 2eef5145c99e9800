r"""The ingredients of one pointwise activation's profile, computed once and cached.

From the SymPy expression of f: the smooth pieces between exact breakpoints and the values at
the breakpoints (:mod:`symact.prove.pieces`), pieces that are constant (recognised by the zero
test, so :math:`\sigma(x) + \sigma(-x)` is the constant 1), the derivatives of each piece, one-sided
limits at breakpoints and limits at ±∞ (:mod:`symact.prove.limits`), and the *sign structure* of
f' and f'' on every piece (:mod:`symact.prove.signs`) with closed forms of its roots
(:mod:`symact.prove.roots`). The facts of :mod:`symact.analysis.facts` read these.

Every slow SymPy call draws on one :class:`~symact.core.budget.Budget` counted in steps, and
the facts are derived in a fixed order, so the result does not depend on the machine.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.facts import Known
from ..core.methods import Method, weakest
from ..core.values import Interval, Number
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..numeric.halfline import XInterval
from ..numeric.numbers import ball_number, exact_number, sampled_number
from ..prove.forms import Forms
from ..prove.limits import Limits
from ..prove.pieces import Piece, Split, split
from ..prove.roots import exact_root, shortest_constant
from ..prove.signs import Root, SignStructure, sign_structure
from ..prove.tails import region_enclosure
from ..prove.zero import function_is_zero, sample_points

NEG_OO, OO = sp.S.NegativeInfinity, sp.oo


def known_number(k: Known) -> Number | None:
    """A limit or value as a Number: exact when proved, an uncertified sample otherwise."""
    if k.value is None:
        return None
    v = sp.sympify(k.value)
    if k.method.certain and not v.has(sp.Float):
        return exact_number(v)
    if v.is_infinite:
        return exact_number(v) if k.method.certain else Number(None, mpmath.inf if v > 0 else -mpmath.inf,
                                                                  mpmath.inf if v > 0 else -mpmath.inf, False)
    with mpmath.workdps(60):
        return sampled_number(mpmath.mpf(sp.N(v, 55)))


@dataclass(frozen=True)
class Located:
    """A root of f^(k+1) on a piece, with f^(k) there: the location and value as Numbers."""

    root: Root
    location: Number
    value: Number | None
    method: Method


class Analysis:
    """Lazily computed ingredients for the profile of ``f`` (an expression in ``x``)."""

    def __init__(self, f: sp.Expr, x: sp.Symbol, budget: Budget | None = None, pieces: Split | None = None):
        self.f = f
        self.x = x
        self.budget = budget or Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
        self.forms = Forms(self.budget)
        self.limits = Limits(x, self.budget)
        raw = pieces if pieces is not None else split(f, x, self.budget)
        self.constant_evidence: list[str] = []
        self.split = self._constants(raw)
        self.pieces: tuple[Piece, ...] = self.split.pieces
        self.breaks: tuple[sp.Expr, ...] = self.split.breakpoints
        self._derivatives: dict = {}
        self._signs: dict = {}
        self._located: dict = {}
        #: derived data other modules keep per analysis (samples, compiled evaluators)
        self.cache: dict = {}
        self._root_candidates: dict = {}

    # -- pieces ---------------------------------------------------------------------------------
    def _constants(self, raw: Split) -> Split:
        """Replace pieces whose derivative is identically 0 by their constant value."""
        pieces = []
        for p in raw.pieces:
            expr = p.expr
            if expr.has(self.x) and expr.is_rational_function(self.x) and not expr.is_polynomial(self.x):
                ok, cancelled = self.budget.run(lambda e=expr: sp.cancel(e), steps=settings.SMALL_STEPS)
                if ok and sp.count_ops(cancelled) < sp.count_ops(expr):
                    expr = cancelled  # nested rational pieces (softsign∘softsign) collapse
            if expr.has(self.x):
                zero = function_is_zero(sp.diff(expr, self.x), self.x, p.lo, p.hi, self.budget)
                if zero.value is True and zero.method.certain:
                    t = sample_points(p.lo, p.hi, 1)[0]
                    value = shortest_constant(expr.subs(self.x, t), self.budget) or sp.nsimplify(expr.subs(self.x, t))
                    self.constant_evidence.append(
                        f"f = {sp.sstr(value)} on {_interval_text(p.lo, p.hi)}: f' ≡ 0 ({zero.evidence})")
                    expr = value
            pieces.append(Piece(p.lo, p.hi, expr))
        # neighbours that became the same constant and meet continuously merge
        out_p, out_b, out_v = [pieces[0]], [], []
        for c, value, nxt in zip(raw.breakpoints, raw.values, pieces[1:]):
            last = out_p[-1]
            if not last.expr.has(self.x) and last.expr == nxt.expr and sp.simplify(value - last.expr) == 0:
                out_p[-1] = Piece(last.lo, nxt.hi, last.expr)
                continue
            out_p.append(nxt)
            out_b.append(c)
            out_v.append(value)
        return Split(tuple(out_p), tuple(out_b), tuple(out_v))

    def is_constant(self, i: int) -> bool:
        return not self.pieces[i].expr.has(self.x)

    @property
    def constant_function(self) -> bool:
        return len(self.pieces) == 1 and self.is_constant(0)

    def derivative(self, i: int, k: int) -> sp.Expr:
        """The k-th derivative of piece i's expression."""
        key = (i, k)
        if key not in self._derivatives:
            self._derivatives[key] = self.pieces[i].expr if k == 0 else sp.diff(self.derivative(i, k - 1), self.x)
        return self._derivatives[key]

    def value_at_break(self, j: int) -> sp.Expr:
        return self.split.values[j]

    # -- limits ---------------------------------------------------------------------------------
    def side_limit(self, j: int, k: int, side: str) -> Known:
        """Limit of f^(k) at breakpoint j from the left ('-', piece j) or right ('+', piece j+1)."""
        i = j if side == "-" else j + 1
        return self.limits.one_sided(self.derivative(i, k), self.breaks[j], side)

    def limit(self, direction: int, k: int = 0) -> Known:
        """Limit of f^(k) at -∞ (direction -1) or +∞ (+1)."""
        i = 0 if direction < 0 else len(self.pieces) - 1
        return self.limits.at_infinity(self.derivative(i, k), direction)

    # -- continuity at breakpoints ------------------------------------------------------------------
    @cached_property
    def continuity(self) -> list[tuple[int, Method, tuple, tuple]]:
        """Per breakpoint: (k, method, lefts, rights) where f is C^k there (-1: discontinuous),
        lefts/rights the one-sided limits of f, f', … compared (Known)."""
        from ..prove.order import compare
        out = []
        for j in range(len(self.breaks)):
            methods: list[Method] = []
            lefts, rights = [], []
            k_ok = -1
            value = exact_number(self.value_at_break(j))
            for k in range(settings.SMOOTHNESS_ORDERS):
                left, right = self.side_limit(j, k, "-"), self.side_limit(j, k, "+")
                lefts.append(left)
                rights.append(right)
                methods += [left.method, right.method]
                ln, rn = known_number(left), known_number(right)
                if ln is None or rn is None:
                    methods.append(Method.UNKNOWN)
                    break
                same = compare(ln, rn, self.budget)
                methods.append(same.method)
                if k == 0 and same.value == 0:
                    at = compare(ln, value, self.budget)
                    methods.append(at.method)
                    same = at
                if same.value != 0:
                    break
                k_ok = k
            out.append((k_ok, weakest(*methods), tuple(lefts), tuple(rights)))
        return out

    def continuous_at(self, j: int) -> bool:
        return self.continuity[j][0] >= 0

    def differentiable_at(self, j: int, k: int = 1) -> bool:
        """f^(k) exists at breakpoint j (f is C^k there)."""
        return self.continuity[j][0] >= k

    # -- signs ----------------------------------------------------------------------------------------
    def signs(self, i: int, k: int) -> SignStructure:
        """Sign structure of f^(k) on piece i (k ≥ 1)."""
        key = (i, k)
        if key not in self._signs:
            p = self.pieces[i]
            self._signs[key] = sign_structure(self.derivative(i, k), self.x, p.lo, p.hi, self.budget,
                                              self.forms, self.limits)
        return self._signs[key]

    def known_roots(self) -> list[Root]:
        """Every root (of f', f'', …) found so far, on any piece."""
        return [r for s in self._signs.values() for r in s.roots]

    def located(self, i: int, k: int, root: Root) -> Located:
        """A root of f^(k+1) on piece i: exact location when proved, and f^(k) there."""
        key = (i, k, root)
        if key not in self._located:
            self._located[key] = self._locate(i, k, root)
        return self._located[key]

    def _locate(self, i: int, k: int, root: Root) -> Located:
        g = self.derivative(i, k + 1)
        exact = exact_root(g, self.x, root, self.budget, cache=self._root_candidates) if root.change != "?" else None
        if exact is not None:
            location = exact_number(exact.value)
            value = self.derivative(i, k).subs(self.x, exact.value)
            # a long closed form (a cubic's radicals) is not worth simplifying: enclose its value
            short = shortest_constant(value, self.budget) if sp.count_ops(exact.value) <= 10 else None
            if short is not None:
                return Located(root, location, exact_number(short), Method.PROVED)
            ball = self.enclose(self.derivative(i, k), root.lo, root.hi)
            return Located(root, location, ball_number(ball) if ball is not None else None,
                           Method.CERTIFIED if ball is not None else Method.UNKNOWN)
        with mpmath.workdps(50):
            location = Number(None, root.lo, root.hi, root.certified)
        ball = self.enclose(self.derivative(i, k), root.lo, root.hi)
        if ball is None:
            return Located(root, location, None, Method.UNKNOWN)
        return Located(root, location, ball_number(ball),
                       Method.CERTIFIED if root.certified and root.unique else Method.NUMERIC)

    def enclose(self, expr: sp.Expr, lo: mpmath.mpf, hi: mpmath.mpf) -> arb | None:
        """A ball containing ``expr`` over [lo, hi] (finite ends)."""
        if not (mpmath.isfinite(lo) and mpmath.isfinite(hi)):
            return None
        try:
            fn = compile_expr(expr, self.x, "arb")
        except Unsupported:
            return None
        for bits in (settings.ROOT_PRECISION, 600):
            with arb_precision(bits):
                try:
                    ball = fn(arb.union(arb(mpmath.nstr(lo, 50)), arb(mpmath.nstr(hi, 50))))
                except (ValueError, ZeroDivisionError, Unsupported):
                    return None
                if ball.is_finite() and ball.rad() < abs(ball.mid()) * arb(10) ** -25 + arb(10) ** -300:
                    return ball
        return ball if ball.is_finite() else None

    def tail_enclosure(self, i: int, k: int, start: float, direction: int) -> tuple[XInterval | None, str]:
        """An enclosure of f^(k) over the half-line beyond ``start`` (on the tail piece i), and
        how it was obtained: half-line interval arithmetic, else the tail majorants of
        :mod:`symact.prove.asymptotic` where the former sees ∞·0."""
        from ..prove.asymptotic import tail_enclosure
        from ..prove.tails import ray
        enc = region_enclosure(self.derivative(i, k), self.x, ray(abs(start), direction), self.forms)
        if enc is not None and enc.lo is not None and enc.hi is not None:
            return enc, "half-line interval arithmetic"
        found = tail_enclosure(self.derivative(i, k), self.x, abs(start), direction)
        if found is not None:
            return XInterval(found[0], found[1], found[3], found[4]), found[2]
        return enc, "half-line interval arithmetic"

    # -- exact points -------------------------------------------------------------------------------
    def exact_value(self, expr: sp.Expr) -> Number:
        return exact_number(expr)


def _interval_text(lo, hi) -> str:
    return f"({sp.sstr(lo)}, {sp.sstr(hi)})"


def interval_of(lo: Number, hi: Number, lo_closed: bool, hi_closed: bool) -> Interval:
    return Interval(lo, hi, lo_closed and not lo.is_infinite, hi_closed and not hi.is_infinite)
