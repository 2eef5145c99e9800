r"""Where is a function positive, negative or zero on a piece? Certified where possible.

:func:`sign_structure` answers for one smooth piece :math:`g` on an open interval
:math:`(lo, hi)`, possibly unbounded:

1. a constant, or a function proved identically zero (:mod:`symact.prove.zero`);
2. a sign proved from the structure (:mod:`symact.prove.structural`) on the whole piece;
3. a **period** T (``sin``-type pieces): the analysis of one period, repeated;
4. otherwise **tails** first: the smallest R in ``settings.TAIL_STARTS`` for which the sign on
   :math:`[R, \infty)` is proved (:mod:`symact.prove.tails`); then **branch and bound** with arb
   balls on the window that remains: a cell whose ball excludes 0 has a certified sign, other
   cells are split down to a tolerance and grouped into clusters;
5. each cluster is **resolved**: an exact zero c (a simple rational checked exactly) with its
   multiplicity k (the first non-zero derivative, certified to keep its sign on the cluster, so
   c is the cluster's only zero); opposite signs around it with g' of one sign (one simple root,
   bisected to 10⁻³³); equal signs with g monotone (no root), or with one extremum whose value
   has the sign of the ends (no root) or the opposite sign (two roots).

Whatever stays undecided is recorded as a ``?`` region, and the structure is then ``numeric``:
an exhausted search or an undecided cell never yields ``certified``.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.methods import Method
from ..core.vocabulary import sinc, sinc_derivative, to_exp_form
from ..numeric.compile import Unsupported, arb_ipow, arb_precision, compile_expr
from ..numeric.halfline import XInterval, compile_halfline
from ..numeric.numbers import exact_number, sign_of
from .forms import Forms, complements, polys_safe
from .structural import positive_factors_removed, structural_sign
from .tails import region_sign, tail_sign
from .zero import ball_sign, constant_is_zero, function_is_zero

if TYPE_CHECKING:
    from .limits import Limits

_P = sp.Symbol("p", positive=True)


@dataclass(frozen=True)
class Root:
    """A zero of g (or an undecided region, ``change == "?"``): enclosure ``[lo, hi]``."""

    lo: mpmath.mpf
    hi: mpmath.mpf
    change: str  # signs left and right of the zero: "-+", "+-", "++", "--"; "?" undecided region
    certified: bool  # a zero certainly exists in [lo, hi]
    unique: bool  # and it is the only one there
    exact: sp.Expr | None = None
    multiplicity: int | None = None

    @property
    def approx(self) -> mpmath.mpf:
        with mpmath.workdps(50):
            return (self.lo + self.hi) / 2

    @property
    def changes_sign(self) -> bool:
        return self.change in ("-+", "+-")

    @property
    def left_sign(self) -> int | None:
        return None if self.change == "?" else (1 if self.change[0] == "+" else -1)

    @property
    def right_sign(self) -> int | None:
        return None if self.change == "?" else (1 if self.change[1] == "+" else -1)


@dataclass
class SignStructure:
    """Signs of g on a piece, left to right: ``signs[i]`` holds between ``roots[i-1]`` and
    ``roots[i]`` (``None``: unknown there); with ``period`` T everything repeats with period T."""

    lo: sp.Expr
    hi: sp.Expr
    roots: list[Root] = field(default_factory=list)
    signs: list[int | None] = field(default_factory=list)
    method: Method = Method.CERTIFIED
    evidence: str = ""
    period: sp.Expr | None = None
    window: tuple[float, float] | None = None
    oscillating: bool = False  # sign changes seen where nothing was decided

    @property
    def decided(self) -> bool:
        return all(r.change != "?" for r in self.roots) and None not in self.signs

    @property
    def decided_method(self) -> Method:
        """How the decided parts are known: proved, certified, or numeric when an enclosure
        may hold several roots."""
        if self.method in (Method.PROVED, Method.UNKNOWN):
            return self.method
        decided = [r for r in self.roots if r.change != "?"]
        return Method.CERTIFIED if all(r.certified and r.unique for r in decided) else Method.NUMERIC

    @property
    def constant_sign(self) -> int | None:
        if len(self.signs) == 1 and self.period is None:
            return self.signs[0]
        return None


def _dyadic(v: sp.Expr) -> arb | None:
    """v as an exact arb ball when it is a rational p/2^k of modest size, else None."""
    if not v.is_Rational or v.q & (v.q - 1) or abs(v.p).bit_length() > 100 or v.q.bit_length() > 100:
        return None
    return arb(int(v.p)) / int(v.q)  # exact: a dyadic fits in 128 bits


def _float_down(v: sp.Expr) -> float:
    f = float(sp.N(v, 30))
    return f if sp.Rational(f) <= v else float(mpmath.mpf(f) - abs(mpmath.mpf(f)) * 2**-52 - 2**-1074)


def _float_up(v: sp.Expr) -> float:
    f = float(sp.N(v, 30))
    return f if sp.Rational(f) >= v else float(mpmath.mpf(f) + abs(mpmath.mpf(f)) * 2**-52 + 2**-1074)


def _ball(u: float, v: float) -> arb:
    return arb.union(arb(u), arb(v))


def _sign(value) -> int | None:
    try:
        if value > 0:
            return 1
        if value < 0:
            return -1
        if value.is_zero():
            return 0
    except (TypeError, ValueError, AttributeError):
        pass
    return None


def _safe(fn, ball):
    try:
        value = fn(ball)
    except (ZeroDivisionError, ValueError, Unsupported, OverflowError):
        return None
    if not isinstance(value, arb) or not value.is_finite():
        return None
    return value


class _Search:
    """Branch and bound and cluster resolution for one g on one piece."""

    def __init__(self, g, x, lo, hi, budget: Budget, forms: Forms, derivative: Callable[[int], sp.Expr]):
        self.g, self.x, self.lo, self.hi = g, x, lo, hi
        self.budget, self.forms, self.derivative = budget, forms, derivative
        self.fn = compile_expr(g, x, "arb")
        self._dfn: dict[int, Callable | None] = {0: self.fn}
        self._small: dict[int, bool] = {}
        self._big: bool | None = None
        self._xfn: dict[int, Callable | None] = {}
        self.notes: list[str] = []

    def dfn(self, k: int):
        """g^(k) compiled for arb (``None`` when it cannot be, or is too large to be worth it)."""
        if k not in self._dfn:
            dk = self.derivative(k)
            try:
                self._dfn[k] = compile_expr(dk, self.x, "arb") if dk is not None and sp.count_ops(dk) <= 4000 else None
            except Unsupported:
                self._dfn[k] = None
        return self._dfn[k]

    def small(self, k: int) -> bool:
        """Whether g^(k) is small enough to evaluate in every cell (Taylor forms); a big g is not
        even differentiated for that (the derivatives cost more than they save)."""
        if k not in self._small:
            if self._big is None:
                self._big = sp.count_ops(self.g) > 80
            dk = self.derivative(k) if not self._big and all(self._small.get(j, True) for j in range(k)) else None
            self._small[k] = dk is not None and sp.count_ops(dk) <= 600
        return self._small[k]

    def definite(self, k: int, u: float, v: float) -> int | None:
        """Certified sign of g^(k) on [u, v] (None if undecided)."""
        fn = self.dfn(k)
        if fn is None:
            return None
        for bits in (64, 256):
            with arb_precision(bits):
                value = _safe(fn, _ball(u, v))
            s = _sign(value) if value is not None else None
            if s in (1, -1):
                return s
            s = self.endpoint_sign(k, u, v)
            if s in (1, -1):
                return s
            s = self.taylor_sign(k, u, v, bits)
            if s in (1, -1):
                return s
        return None

    def point_sign(self, k: int, t, precisions=(64, 200, 600)) -> int | None:
        fn = self.dfn(k)
        if fn is None:
            return None
        make = (lambda: arb(t)) if not isinstance(t, sp.Basic) else (lambda: arb(int(t.p)) / int(t.q))
        s, _ = ball_sign(fn, make, precisions)
        return s

    # -- branch and bound ---------------------------------------------------------------------
    def cells(self, a: float, b: float):
        cells: list[tuple[float, float, int | None]] = []
        queue = deque([(a, b, settings.LOW_PRECISION)])  # breadth first: no hard spot starves the rest
        count = 0
        exhausted = False
        while queue:
            u, v, prec = queue.popleft()
            if count >= settings.MAX_CELLS or self.budget.cells_left <= 0:
                exhausted = True
                cells.append((u, v, "X"))  # never examined: left undecided, not resolved
                continue
            count += 1
            self.budget.cells_left -= 1
            s, narrow = self._cell_sign(u, v, prec)
            small = v - u < 1e-3 * max(1.0, abs(u), abs(v))
            if s is None and (narrow or small) and prec == settings.LOW_PRECISION:
                prec = settings.HIGH_PRECISION  # a narrow ball straddling 0: a precision problem
                s, narrow = self._cell_sign(u, v, prec, taylor=False)  # Taylor just failed here
            if s in (1, -1):
                cells.append((u, v, s))
            elif v - u < settings.CELL_TOLERANCE * max(1.0, abs(u), abs(v)):
                cells.append((u, v, None))
            else:
                m = (u + v) / 2
                if not (u < m < v):
                    cells.append((u, v, None))
                    continue
                queue.append((u, m, prec))
                queue.append((m, v, prec))
        cells.sort()
        return cells, exhausted, count

    def _cell_sign(self, u: float, v: float, prec: int, taylor: bool = True) -> tuple[int | None, bool]:
        with arb_precision(prec):
            value = _safe(self.fn, _ball(u, v))
        s = _sign(value) if value is not None else None
        if s in (1, -1):
            return s, False
        if value is None:
            # values spanning many orders of magnitude (cosh(e^x) on [8.5, 8.6]) defeat balls,
            # whose lower end rounds below 0: interval arithmetic with exact ends keeps them apart
            s = self.endpoint_sign(0, u, v)
            if s in (1, -1):
                return s, False
        # cancellation (a difference of nearly equal functions): Taylor forms on small cells, always
        # at the low precision (at 2048 bits they cost seconds per cell on big expressions)
        if taylor and v - u <= 0.5:
            t = self.taylor_sign(0, u, v, settings.LOW_PRECISION)
            if t in (1, -1):
                return t, False
        return None, value is not None and value.rad() < 1e-12

    def endpoint_sign(self, k: int, u: float, v: float) -> int | None:
        """Sign of g^(k) on [u, v] by interval arithmetic with exact ends (no balls)."""
        region = XInterval(arb(u), arb(v), False, False)
        if k not in self._xfn:
            expr = self.derivative(k)
            try:
                self._xfn[k] = compile_halfline(expr, self.x) if expr is not None else None
            except Unsupported:
                self._xfn[k] = None
        fn = self._xfn[k]
        if fn is None:
            return None
        try:
            with arb_precision(64):
                s = fn(region).sign()
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
        return s if s in (1, -1) else None

    def taylor_sign(self, k: int, u: float, v: float, prec: int) -> int | None:
        """Sign of g^(k) on [u, v] from the mean-value form, then Taylor forms of order 3 and 2
        about the midpoint."""
        for order in (1, 3, 2):
            s, _ = self.taylor(k, u, v, order, prec)
            if s in (1, -1):
                return s
        return None

    def taylor(self, k: int, u: float, v: float, order: int, prec: int) -> tuple[int | None, bool]:
        """Sign of g^(k) on [u, v] from its Taylor form of the given order about the midpoint:
        Σ_{j<order} g^(k+j)(m) r^j/j! + g^(k+order)([u, v]) r^order/order!, r ∈ [-w/2, w/2];
        and whether the enclosure came close enough for a higher order to be worth a try."""
        if not self.small(k + order):
            return None, False
        fns = [self.dfn(k + j) for j in range(order + 1)]
        if any(f is None for f in fns):
            return None, False
        with arb_precision(prec):
            m = arb((u + v) / 2)
            r = arb(0, (v - u) / 2)
            total = arb(0)
            factorial = 1
            for j in range(order):
                value = _safe(fns[j], m)
                if value is None:
                    return None, False
                total += value * arb_ipow(r, j) / factorial
                factorial *= j + 1
            rest = _safe(fns[order], _ball(u, v))
            if rest is None:
                return None, False
            total += rest * arb_ipow(r, order) / factorial
            s = _sign(total)
            hopeful = bool(total.rad() < 50 * abs(total.mid()))
        return (s if s in (1, -1) else None), hopeful

    # -- clusters --------------------------------------------------------------------------------
    def exact_candidates(self, u: float, v: float) -> list[sp.Expr]:
        out = []
        mid = (u + v) / 2
        for den in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 100):
            c = sp.Rational(round(mid * den), den)
            if u <= c <= v:
                out.append(c)
        if self.g.has(sp.sin, sp.cos, sp.tan, sinc, sinc_derivative):
            for den in (1, 2, 3, 4, 6):
                k = round(mid * den / float(mpmath.pi))
                c = sp.pi * k / den
                if u <= float(c) <= v:
                    out.append(c)
        return list(dict.fromkeys(out))

    def exact_zero(self, c: sp.Expr, g: sp.Expr | None = None) -> bool:
        """g(c) = 0 (``g`` defaults to the searched function), by the zero test."""
        try:
            value = (self.g if g is None else g).subs(self.x, c)
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            return False
        z = constant_is_zero(value, self.budget)
        return z.value is True and z.method.certain

    def multiplicity(self, c: sp.Expr, u: float, v: float) -> tuple[int, int] | None:
        """(k, s): g^(k)(c) has sign s and keeps it on [u, v]; g^(j)(c) = 0 for j < k."""
        for k in range(1, 7):
            dk = self.derivative(k)
            if dk is None:
                return None
            value = dk.subs(self.x, c)
            if value.has(sp.nan, sp.zoo):
                return None
            try:
                s = sign_of(exact_number(value))
            except (Unsupported, ValueError, TypeError):
                s = None
            if s in (1, -1):
                return (k, s) if self.definite(k, u, v) == s else None
            z = constant_is_zero(value, self.budget)
            if not (z.value is True and z.method.certain):
                return None
        return None

    def refine(self, u: float, v: float, left: int, right: int, unique: bool, k: int = 0) -> Root:
        """Bisect a certified sign change of g^(k) on [u, v] to a width below 10⁻³³ (relative)."""
        with arb_precision(settings.ROOT_PRECISION):
            lo, hi = arb(u), arb(v)
            exact = None
            for _ in range(400):
                width = hi - lo
                if width.upper() < settings.ROOT_WIDTH * max(1.0, abs(float(lo.mid()))):
                    break
                mid = ((lo + hi) / 2).mid()
                s = self.point_sign(k, mid, precisions=(settings.ROOT_PRECISION, 600))
                if s == 0:
                    lo = hi = mid
                    man, exp = mid.man_exp()
                    exact = sp.Integer(int(man)) * sp.Integer(2) ** int(exp)
                    break
                if s == left:
                    lo = mid
                elif s == right:
                    hi = mid
                else:
                    break  # undecidable at this precision: keep the bracket
            with mpmath.workdps(50):
                mlo = mpmath.mpf(lo.mid().str(50, radius=False))
                mhi = mpmath.mpf(hi.mid().str(50, radius=False))
                if mlo > mhi:
                    mlo, mhi = mhi, mlo
        return Root(mlo, mhi, "-+" if left < right else "+-", True, unique or exact is not None, exact,
                    1 if unique else None)

    def resolve(self, u: float, v: float, left: int | None, right: int | None) -> list[Root] | None:
        """Roots in the cluster [u, v] between certified signs ``left`` and ``right``;
        ``None`` when undecided."""
        for c in self.exact_candidates(u, v):
            if not self.exact_zero(c):
                continue
            m = self.multiplicity(c, u, v)
            if m is None:
                continue
            k, s = m
            r_sign, l_sign = s, s * (-1) ** k
            if (left is not None and left != l_sign) or (right is not None and right != r_sign):
                return None
            change = ("+" if l_sign > 0 else "-") + ("+" if r_sign > 0 else "-")
            with mpmath.workdps(50):
                cm = mpmath.mpf(sp.N(c, 55))
            return [Root(cm, cm, change, True, True, c, k)]
        if left is None or right is None:
            return None
        if left != right:
            if self.definite(1, u, v) is not None:
                return [self.refine(u, v, left, right, True)]
            if self.definite(2, u, v) is not None:  # at most two zeros, an odd number: one
                return [self.refine(u, v, left, right, True)]
            return [Root(mpmath.mpf(u), mpmath.mpf(v), "-+" if left < right else "+-", True, False)]
        if self.definite(1, u, v) is not None:
            return []  # monotone between two ends of one sign: no zero
        if self.definite(2, u, v) is not None:
            su, sv = self.point_sign(1, u), self.point_sign(1, v)
            if su in (1, -1) and sv in (1, -1) and su != sv:
                c = self.refine(u, v, su, sv, True, k=1)
                with arb_precision(settings.ROOT_PRECISION):
                    at = _safe(self.fn, arb.union(arb(mpmath.nstr(c.lo, 50)), arb(mpmath.nstr(c.hi, 50))))
                s = _sign(at) if at is not None else None
                if s == left:
                    return []
                if s == -left:
                    return [self.refine(u, float(c.lo), left, -left, True),
                            self.refine(float(c.hi), v, -left, right, True)]
                if s is None and self.definite(2, u, v) == left:
                    return self.touch(u, v, c, left)
        return None

    def monotone_edge(self, region: XInterval, u: float, v: float, side: int) -> int | None:
        r"""The sign next to an open end from monotonicity: when :math:`g'` has a certified sign
        on the region (interval arithmetic), g is monotone there and its value at the inner end
        bounds it on the side away from the open end: for (a, v] with g' ≤ 0, g(x) ≥ g(v) > 0
        (:math:`x\log x + 1/e` on (0, v]: :math:`g' = \log x + 1 < 0`); with g' ≥ 0, g(x) ≤ g(v) < 0.
        Mirrored for [u, b)."""
        d1 = self.derivative(1)
        if d1 is None:
            return None
        s1, _ = region_sign(d1, self.x, region, self.forms)
        if s1 not in (1, -1):
            return None
        inner = sp.Rational(v) if side < 0 else sp.Rational(u)
        s0 = self.point_sign(0, inner)
        # going from the inner end towards the open end, g moves by -side·s1 per unit … g(x) - g(inner)
        # has the sign of s1·(x - inner), and x - inner has the sign of side
        moving = s1 * side
        return s0 if s0 in (1, -1) and moving == s0 else None

    def touch(self, u: float, v: float, critical: Root, side: int) -> list[Root] | None:
        r"""A double zero at an exact point: :math:`g''` has the sign ``side`` on [u, v], so
        :math:`g'` is strictly monotone there and vanishes at most once; an exact r in [u, v] with
        :math:`g'(r) = 0` and :math:`g(r) = 0` (both by the zero test) is then that one critical
        point, and g has the sign ``side`` on [u, v] except at r (swish + W(1/e) at
        :math:`r = -1 - W(1/e)`; :math:`x\log x + 1/e` at :math:`r = 1/e`). Candidates: simple
        rationals near the critical point, then the real solutions of :math:`g' = 0` from
        SymPy's ``solve`` under the work budget."""
        d1 = self.derivative(1)
        if d1 is None:
            return None
        candidates = self.exact_candidates(float(critical.lo), float(critical.hi))
        ok, solved = self.budget.run(lambda: sp.solve(sp.numer(sp.together(to_exp_form(d1))), self.x),
                                     steps=settings.MEDIUM_STEPS)
        if ok and isinstance(solved, list):
            candidates += [r for r in solved if isinstance(r, sp.Expr) and not r.has(self.x)
                           and r.is_real is not False]
        for r in candidates:
            enclosure = self.exact_inside(r, u, v)
            if enclosure is None or not self.exact_zero(r) or not self.exact_zero(r, d1):
                continue
            sign = "+" if side > 0 else "-"
            return [Root(enclosure, enclosure, sign + sign, True, True, r, 2)]
        return None

    @staticmethod
    def exact_inside(r: sp.Expr, u: float, v: float) -> mpmath.mpf | None:
        """r's value (50 digits) when r is certainly inside [u, v] (arb), else None."""
        try:
            with arb_precision(200):
                ball = compile_expr(r, sp.Dummy(), "arb")(arb(0))
        except (Unsupported, ValueError, TypeError, ZeroDivisionError, OverflowError):
            return None
        if not ball.is_finite() or not (ball.lower() >= arb(u) and ball.upper() <= arb(v)):
            return None
        with mpmath.workdps(50):
            return mpmath.mpf(ball.mid().str(50, radius=False))

    def edge(self, end: sp.Expr, u: float, v: float, side: int) -> tuple[int | None, list[Root]]:
        """A cluster touching an open finite end of the piece: the sign inside, by interval
        arithmetic on (end, v] (side -1) or [u, end) (side +1), or from the multiplicity of a
        zero of g's continuation at the end."""
        with arb_precision(128):
            dyadic = _dyadic(end)
            if dyadic is not None:  # the open end itself, exactly (log x on (0, v] is (-∞, log v])
                e_lo = e_hi = dyadic
            else:
                e = exact_number(end)
                e_lo = arb(mpmath.nstr(e.lo, 40)) - arb(10) ** -35 * (1 + abs(arb(mpmath.nstr(e.lo, 40))))
                e_hi = arb(mpmath.nstr(e.hi, 40)) + arb(10) ** -35 * (1 + abs(arb(mpmath.nstr(e.hi, 40))))
            if side < 0:
                region = XInterval(e_lo.lower(), arb(v), True, False)
            else:
                region = XInterval(arb(u), e_hi.upper(), False, True)
        s, _ = region_sign(self.g, self.x, region, self.forms)
        if s in (1, -1):
            return s, []
        s = self.monotone_edge(region, u, v, side)
        if s in (1, -1):
            return s, []
        if self.exact_zero(end):
            m = self.multiplicity(end, u, v)
            if m is not None:
                k, sk = m
                return (sk if side < 0 else sk * (-1) ** k), []
        return None, []


def _exp_rational_normal(g: sp.Expr, x: sp.Symbol, budget: Budget) -> sp.Expr:
    """A rational function of x and exponentials, over one factored denominator: the terms
    that cancel in sp.diff's output (soboleva'' at x = 10) then cancel symbolically."""
    allowed = all(isinstance(f, sp.exp) for f in g.atoms(sp.Function))
    if not allowed or not g.atoms(sp.exp) or not polys_safe(g):
        return g
    finished, normal = budget.run(lambda: sp.factor(sp.together(g)), steps=settings.SMALL_STEPS)
    return normal if finished and normal is not None else g


def _stripped(e: sp.Expr | None) -> sp.Expr | None:
    """e with its complements rewritten and factors of proved sign dropped (sign kept)."""
    if e is None:
        return None
    core, sign = positive_factors_removed(complements(e))
    return sign * core


def _flipped(r: Root) -> Root:
    swap = {"+": "-", "-": "+"}
    change = r.change if r.change == "?" else swap[r.change[0]] + swap[r.change[1]]
    return Root(r.lo, r.hi, change, r.certified, r.unique, r.exact, r.multiplicity)


def _changes_sign(g: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> bool:
    """Certified samples of both signs: no point trying to prove a constant sign."""
    from .zero import rational_ball, sample_points
    try:
        fn = compile_expr(g, x, "arb")
    except Unsupported:
        return False
    seen = set()
    for t in sample_points(lo, hi):
        if lo < t < hi:
            s, _ = ball_sign(fn, lambda t=t: rational_ball(t), (64,))
            seen.add(s)
    return 1 in seen and -1 in seen


def _proved_sign(g: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, budget: Budget) -> int | None:
    """+1 / -1 when SymPy's assumptions prove the sign of g on the open piece (half-lines
    are written as x = a + p or x = b - p with p > 0)."""
    from ..core.vocabulary import to_ground_truth
    if lo.is_infinite and hi.is_infinite:
        sub: dict | None = {}
    elif hi is sp.oo:
        sub = {x: lo + _P}
    elif lo is sp.S.NegativeInfinity:
        sub = {x: hi - _P}
    else:
        sub = None
    if sub is None:
        return None

    def attempt():
        ground = to_ground_truth(g).subs(sub) if sub else to_ground_truth(g)
        forms = [g.subs(sub) if sub else g, sp.factor_terms(g.subs(sub) if sub else g), sp.together(ground)]
        if polys_safe(ground):
            forms += [sp.factor(ground), sp.cancel(sp.together(ground.rewrite(sp.exp)))]
        for form in forms:
            s = structural_sign(form)
            if s:
                return s
        return None
    finished, result = budget.run(attempt, steps=settings.MEDIUM_STEPS)
    return result if finished else None


#: the public name of :func:`_proved_sign` (used by the parameter-box prover of the verifier)
proved_sign = _proved_sign


def _period(g: sp.Expr, x: sp.Symbol, budget: Budget) -> sp.Expr | None:
    if not g.has(sp.sin, sp.cos):
        return None
    finished, T = budget.run(lambda: sp.periodicity(g, x), steps=settings.SMALL_STEPS)
    if not finished or T is None or not T.is_positive or T.has(x):
        return None
    check = function_is_zero(g.subs(x, x + T) - g, x, sp.S.NegativeInfinity, sp.oo, budget)
    return T if (check.value is True and check.method.certain) else None


def sign_structure(g: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, budget: Budget, forms: Forms,
                   limits: "Limits | None" = None) -> SignStructure:
    """The sign structure of ``g`` on the open piece (lo, hi).

    Factors of proved sign (eˣ > 0, σ > 0) are set aside first: the search runs on what is
    left, whose roots and sign pattern are g's up to that sign. ``limits`` supplies limits at
    ±∞ for the monotone tail argument."""
    lo, hi = sp.sympify(lo), sp.sympify(hi)
    g = _exp_rational_normal(complements(g), x, budget)
    ok, split_sign = budget.run(lambda: positive_factors_removed(g), steps=settings.SMALL_STEPS) if g.has(x) else (True, (g, 1))
    core, factor_sign = split_sign if ok else (g, 1)
    if core != g and core.has(x):
        out = sign_structure(core, x, lo, hi, budget, forms, limits)
        if factor_sign < 0:
            out.signs = [None if s is None else -s for s in out.signs]
            out.roots = [_flipped(r) for r in out.roots]
        out.evidence = "after setting aside factors of proved sign: " + out.evidence
        return out
    derivatives: dict[int, sp.Expr | None] = {0: g}

    def derivative(k: int) -> sp.Expr | None:
        """g^(k), or None once derivatives grow too large to be worth it (or the budget says so)."""
        if k not in derivatives:
            previous = derivative(k - 1)
            if previous is None or sp.count_ops(previous) > 600:
                derivatives[k] = None
            else:
                ok, d = budget.run(lambda: complements(sp.diff(previous, x)), steps=settings.MEDIUM_STEPS)
                derivatives[k] = d if ok else None
        return derivatives[k]

    out = SignStructure(lo, hi)
    if not g.has(x):
        z = constant_is_zero(g, budget)
        if z.value is True:
            out.signs, out.method, out.evidence = [0], z.method, f"g = 0 ({z.evidence})"
            return out
        try:
            s = sign_of(exact_number(g))
        except (Unsupported, ValueError, TypeError):
            s = None
        out.signs = [s]
        out.method = Method.PROVED if s is not None else Method.UNKNOWN
        out.evidence = f"g is the constant {sp.sstr(g)}"
        return out
    zero = function_is_zero(g, x, lo, hi, budget)
    if zero.value is True:
        out.signs, out.method, out.evidence = [0], zero.method, f"g ≡ 0 on the piece ({zero.evidence})"
        return out
    proved = _proved_sign(g, x, lo, hi, budget) if not _changes_sign(g, x, lo, hi) else None
    if proved is not None:
        out.signs, out.method, out.evidence = [proved], Method.PROVED, "sign proved by SymPy's assumptions"
        return out
    try:
        search = _Search(g, x, lo, hi, budget, forms, derivative)
    except Unsupported as exc:
        out.signs, out.method, out.evidence = [None], Method.UNKNOWN, f"cannot evaluate: {exc}"
        return out
    if lo.is_infinite and hi.is_infinite:
        T = _period(g, x, budget)
        if T is not None:
            return _periodic(search, out, T)
    tails: dict[int, tuple[float, str] | None] = {}
    for direction, end in ((-1, lo), (1, hi)):
        if end.is_infinite:
            tails[direction] = None
            # cheap forms at every start first; factorisations and the monotone argument after
            attempts = [(R, False) for R in settings.TAIL_STARTS] + [(R, True) for R in settings.TAIL_STARTS[:4]]
            for R, heavy in attempts:
                s, how = tail_sign(g, x, R, direction, forms, lambda: _stripped(derivative(1)),
                                   (lambda d=direction: limits.at_infinity(g, d)) if limits else None, heavy)
                if s is not None:
                    tails[direction] = (R, how, s)
                    break
    a = -(tails[-1][0] if tails.get(-1) else settings.TAIL_STARTS[0]) if lo.is_infinite else _float_down(lo)
    b = (tails[1][0] if tails.get(1) else settings.TAIL_STARTS[0]) if hi.is_infinite else _float_up(hi)
    if lo.is_infinite and hi.is_finite and a >= b:
        a = b - settings.TAIL_STARTS[0]
    if hi.is_infinite and lo.is_finite and b <= a:
        b = a + settings.TAIL_STARTS[0]
    out.window = (a, b)
    _fill(search, out, a, b, tails)
    _prove_segments(out, g, x, budget)
    return out


def _prove_segments(out: SignStructure, g: sp.Expr, x: sp.Symbol, budget: Budget) -> None:
    """Upgrade a certified structure to proved when every root is exact and the sign on each
    half-line between them is proved by the structure of g (x = c ± p, p > 0)."""
    if out.method is not Method.CERTIFIED or not out.roots or any(r.exact is None for r in out.roots):
        return
    ends = [out.lo] + [r.exact for r in out.roots] + [out.hi]
    for (u, v), s in zip(zip(ends, ends[1:]), out.signs):
        if u.is_finite and v.is_finite:
            return
        if _proved_sign(g, x, u, v, budget) != s:
            return
    out.method = Method.PROVED
    out.evidence += "; roots exact and the sign between them proved by SymPy's assumptions"


def _fill(search: _Search, out: SignStructure, a: float, b: float, tails: dict, periodic: bool = False) -> None:
    cells, exhausted, count = search.cells(a, b)
    runs: list[list] = []
    for u, v, s in cells:
        if runs and runs[-1][0] == s:
            runs[-1][2] = v
        else:
            runs.append([s, u, v])
    roots: list[Root] = []
    signs: list[int | None] = []  # signs[-1]: the segment being read

    def unknown_region(u, v):
        roots.append(Root(mpmath.mpf(u), mpmath.mpf(v), "?", False, False))
        if not signs:
            signs.append(None)
        signs.append(None)

    for i, (kind, u, v) in enumerate(runs):
        if kind == "X":
            unknown_region(u, v)
            continue
        if kind is not None:
            if not signs or signs[-1] is None:
                signs[-1:] = [kind]
            elif signs[-1] != kind:  # cannot happen with sound balls; never guess
                unknown_region(u, u)
                signs[-1] = kind
            continue
        left = signs[-1] if signs else None
        right = runs[i + 1][0] if i + 1 < len(runs) else None
        right = right if right in (1, -1) else None
        first, last = i == 0, i == len(runs) - 1
        if (first and out.lo.is_finite) or (last and out.hi.is_finite):
            inside, _ = search.edge(out.lo if first and out.lo.is_finite else out.hi, u, v,
                                    -1 if first and out.lo.is_finite else 1)
            if inside is not None and left in (None, inside) and right in (None, inside):
                if not signs or signs[-1] is None:
                    signs[-1:] = [inside]
                continue
        if left is None and first and out.lo.is_infinite and tails.get(-1):
            left = tails[-1][2]
        if right is None and last and out.hi.is_infinite and tails.get(1):
            right = tails[1][2]
        found = search.resolve(u, v, left, right)
        if found is None:
            unknown_region(u, v)
            continue
        if not found:
            if not signs or signs[-1] is None:
                signs[-1:] = [left if left is not None else right]
            continue
        for r in found:
            if not signs:
                signs.append(r.left_sign)
            roots.append(r)
            signs.append(r.right_sign)
    if not signs:
        signs = [None]
    # tails beyond the window
    parts = [f"arb branch and bound on [{a:g}, {b:g}] ({count} cells)"]
    method = Method.CERTIFIED
    for direction, end in ((-1, out.lo), (1, out.hi)):
        if not end.is_infinite or periodic:
            continue
        t = tails.get(direction)
        edge_sign = signs[0] if direction < 0 else signs[-1]
        if t is not None and edge_sign in (None, t[2]):
            parts.append(f"tail: {t[1]}")
            signs[0 if direction < 0 else -1] = t[2]
            continue
        edge = a if direction < 0 else b
        changes = _sample_tail(search, edge, direction, edge_sign)
        out.oscillating = out.oscillating or changes > 0
        parts.append(f"sign beyond x = {edge:g} not proved (sampled to |x| = 1e6: {changes} sign change(s))")
        method = Method.NUMERIC
        if direction < 0:
            roots.insert(0, Root(-mpmath.inf, mpmath.mpf(a), "?", False, False))
            signs.insert(0, None)
        else:
            roots.append(Root(mpmath.mpf(b), mpmath.inf, "?", False, False))
            signs.append(None)
    for r in roots:
        if r.exact is not None and r.change in ("++", "--") and r.multiplicity == 2:
            parts.append(f"touches 0 at x = {sp.sstr(r.exact)} (g = g′ = 0 there by the zero test, g″ of one "
                         "sign around it: a double zero)")
    undecided = sum(r.change == "?" and mpmath.isfinite(r.lo) and mpmath.isfinite(r.hi) for r in roots)
    if exhausted:
        parts.append(f"search stopped after {settings.MAX_CELLS} cells")
        method = Method.NUMERIC
    if undecided:
        regions = ", ".join(f"[{mpmath.nstr(r.lo, 6)}, {mpmath.nstr(r.hi, 6)}]" for r in roots
                            if r.change == "?" and mpmath.isfinite(r.lo) and mpmath.isfinite(r.hi))
        parts.append(f"sign undecided on {regions}")
        method = Method.NUMERIC
    if any(r.change != "?" and not (r.certified and r.unique) for r in roots):
        parts.append("a root enclosure may hold several roots")
        method = Method.NUMERIC
    out.roots, out.signs, out.method, out.evidence = roots, signs, method, "; ".join(parts)


def _periodic(search: _Search, out: SignStructure, T: sp.Expr) -> SignStructure:
    start = sp.Rational(1, 7)
    a, b = float(start), _float_up(start + T)
    piece = SignStructure(out.lo, out.hi)
    _fill(search, piece, a, b, {}, periodic=True)
    piece.period = T
    piece.window = (a, b)
    piece.evidence = f"period {sp.sstr(T)} (checked: g(x + T) - g(x) ≡ 0); one period: " + piece.evidence
    if piece.roots and piece.roots[-1].change != "?" and piece.roots[-1].lo > a + float(T) - 1e-30:
        piece.roots.pop()  # the start of the next period
        piece.signs.pop()
    return piece


def _sample_tail(search: _Search, edge: float, direction: int, inner_sign) -> int:
    """Sign changes seen at x = edge·1.3^k (toward ±∞, up to 1e6): evidence, not proof."""
    changes = 0
    previous = inner_sign
    step = max(abs(edge), 1.0)
    k = 0
    while True:
        k += 1
        point = edge + direction * step * (1.3**k - 1)
        if abs(point) > 1e6:
            break
        s = search.point_sign(0, point, precisions=(64, 256))
        if s in (1, -1):
            if previous in (1, -1) and s != previous:
                changes += 1
            previous = s
    return changes
