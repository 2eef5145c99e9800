r"""The analysis of one pointwise activation :math:`f:\mathbb{R}\to\mathbb{R}`.

Everything is derived from the SymPy expression: the smooth pieces between breakpoints, the
derivatives of each piece, one-sided values at breakpoints, limits at :math:`\pm\infty`, and
the *sign structure* of :math:`f'` and :math:`f''` on each piece (symbolic proof of a constant
sign when SymPy's assumptions can give one, else certified branch and bound, see
:mod:`symact.signs`). Ranges, extrema, monotonicity, convexity and smoothness are then read off
these ingredients, and each result carries the weakest method among its ingredients.

Slow SymPy calls (``limit``, ``solve``, ``simplify``) share one :class:`SymbolicBudget`;
when it runs out a result degrades to ``numeric`` or ``unknown`` instead of hanging.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mpmath
import sympy as sp
from flint import arb, ctx

from . import display
from .evaluate import Unsupported, compile_expr
from .facts import Known, Method, weakest
from .limits import SymbolicBudget, limit_at
from .pieces import Piece, breakpoints, half_line_substitution, pieces_of, split_points
from .signs import Root, SignStructure, sign_structure
from .vocabulary import to_ground_truth

NEG_OO, OO = sp.S.NegativeInfinity, sp.oo
_POS = sp.Symbol("p", positive=True)


@dataclass(frozen=True)
class Candidate:
    """A value a piece approaches or attains: exact when known, always as a 40-digit number."""

    value: sp.Expr | None  # exact or Float; None when unknown
    approx: mpmath.mpf | None  # None for ±∞ handled via value
    attained: bool
    method: Method
    where: str


@dataclass(frozen=True)
class PieceRange:
    inf: Candidate
    sup: Candidate
    inf_attained: bool
    sup_attained: bool
    method: Method


@lru_cache(maxsize=4096)
def _mp(value: sp.Expr) -> mpmath.mpf | None:
    if value is None:
        return None
    if value is OO:
        return mpmath.inf
    if value is NEG_OO:
        return -mpmath.inf
    try:
        with mpmath.workdps(45):
            return mpmath.mpf(sp.N(value, 45))
    except (TypeError, ValueError):
        return None


class Analysis:
    """Lazily computed ingredients for the profile of ``f`` (an expression in ``x``)."""

    def __init__(self, f: sp.Expr, x: sp.Symbol, symbolic_seconds: float = 0.55):
        self.f = f
        self.x = x
        self.budget = SymbolicBudget(symbolic_seconds)
        self.pieces, self.points = split_points(pieces_of(f, x))
        self.breaks: list[sp.Expr] = breakpoints(self.pieces)

    # -- derivatives ----------------------------------------------------------------------
    def piece_derivative(self, index: int, order: int) -> sp.Expr:
        return self._derivatives(index)[order]

    def _derivatives(self, index: int) -> list[sp.Expr]:
        cache = self.__dict__.setdefault("_dcache", {})
        if index not in cache:
            e = self.pieces[index].expr
            ds = [e]
            for _ in range(4):
                ds.append(sp.diff(ds[-1], self.x))
            cache[index] = ds
        return cache[index]

    def derivative_pieces(self, order: int) -> list[Piece]:
        return [Piece(p.lo, p.hi, p.lo_closed, p.hi_closed, self.piece_derivative(i, order))
                for i, p in enumerate(self.pieces)]

    def is_constant_piece(self, index: int) -> bool:
        return not self.pieces[index].expr.has(self.x)

    # -- values -----------------------------------------------------------------------------
    def piece_index_at(self, point: sp.Expr) -> int | None:
        for i, p in enumerate(self.pieces):
            if p.contains(point):
                return i
        return None

    def value_at(self, point: sp.Expr, order: int = 0) -> Known:
        """:math:`f^{(k)}(point)`; at a breakpoint with ``order>0`` the two sides must agree."""
        for c, value in self.points:
            if c == point:
                if order == 0:
                    return Known(value, Method.PROVED, "the function's value at an isolated point")
                return Known(None, Method.PROVED, "not differentiable: isolated value")
        i = self.piece_index_at(point)
        if i is None:
            return Known(None, Method.UNKNOWN, "outside every piece")
        if order > 0 and point in self.breaks:
            left, right = self.one_sided(point, order)
            if left.value is not None and right.value is not None and self.same(left.value, right.value).value:
                return Known(left.value, weakest(left.method, right.method), "one-sided derivatives agree")
            return Known(None, weakest(left.method, right.method),
                         f"not differentiable: left {left.value}, right {right.value}")
        return limit_at(self.piece_derivative(i, order), self.x, point, "+", self.budget)

    def one_sided(self, point: sp.Expr, order: int) -> tuple[Known, Known]:
        """Limits of :math:`f^{(k)}` at ``point`` from the left and from the right."""
        out = []
        for side in ("-", "+"):
            idx = None
            for i, p in enumerate(self.pieces):
                if side == "-" and p.hi == point:
                    idx = i
                if side == "+" and p.lo == point:
                    idx = i
            if idx is None:  # point is inside a piece
                idx = self.piece_index_at(point)
            out.append(limit_at(self.piece_derivative(idx, order), self.x, point, side, self.budget))
        return out[0], out[1]

    def limit(self, side: int, order: int = 0) -> Known:
        """:math:`\\lim_{x\\to\\pm\\infty} f^{(k)}(x)` from the tail piece (cached)."""
        cache = self.__dict__.setdefault("_lcache", {})
        if (side, order) not in cache:
            cache[(side, order)] = self._limit(side, order)
        return cache[(side, order)]

    def _limit(self, side: int, order: int) -> Known:
        idx = 0 if side < 0 else len(self.pieces) - 1
        expr = self.piece_derivative(idx, order)
        if expr.has(sp.Piecewise):
            sub = pieces_of(expr, self.x)
            expr = (sub[0] if side < 0 else sub[-1]).expr
        return limit_at(expr, self.x, NEG_OO if side < 0 else OO, "", self.budget)

    def limit_of(self, expr: sp.Expr, side: int) -> Known:
        return limit_at(expr, self.x, NEG_OO if side < 0 else OO, "", self.budget)

    def same(self, a: sp.Expr, b: sp.Expr) -> Known:
        """Is ``a == b`` (two constants)? proved by simplification, else certified/numeric."""
        if a is None or b is None:
            return Known(None, Method.UNKNOWN, "a value is unknown")
        if a == b:
            return Known(True, Method.PROVED, "identical")
        if a.is_infinite or b.is_infinite:
            return Known(False, Method.PROVED, "one side is infinite")
        diff = a - b
        try:  # a certified difference first: cheap, and settles most comparisons
            ball = compile_expr(diff, self.x, "arb")(arb(0))
            if ball.is_finite() and not ball.contains(0):
                return Known(False, Method.CERTIFIED, f"difference {ball}")
        except (Unsupported, ValueError, ZeroDivisionError):
            pass
        if not (a.has(sp.Float) or b.has(sp.Float)):
            finished, simplified = self.budget.run(lambda: sp.simplify(diff))
            if finished and simplified == 0:
                return Known(True, Method.PROVED, "difference simplifies to 0")
        approx = _mp(diff)
        if approx is not None and abs(approx) > 1e-30:
            return Known(False, Method.NUMERIC, f"difference ≈ {mpmath.nstr(approx, 6)}")
        return Known(True, Method.NUMERIC, "equal to 30 digits")

    # -- signs ------------------------------------------------------------------------------
    def sign_of(self, order: int) -> list[SignStructure]:
        """Sign structure of :math:`f^{(k)}` (k = 1, 2) on every piece."""
        cache = self.__dict__.setdefault("_scache", {})
        if order not in cache:
            cache[order] = [self._piece_sign(i, order) for i in range(len(self.pieces))]
        return cache[order]

    def _piece_sign(self, index: int, order: int) -> SignStructure:
        piece = self.pieces[index]
        g = self.piece_derivative(index, order)
        if not g.has(self.x):
            s = 0 if g == 0 else (1 if g.is_positive else (-1 if g.is_negative else None))
            if s is not None:
                return SignStructure(piece.lo, piece.hi, [], [s], Method.PROVED, f"f^({order}) = {g} on the piece")
        proved = self._prove_sign(g, piece)
        if proved is not None:
            return SignStructure(piece.lo, piece.hi, [], [proved], Method.PROVED,
                                 f"sign of f^({order}) proved by SymPy's assumptions")
        structure = sign_structure(g, self.x, piece.lo, piece.hi, self.piece_derivative(index, order + 1))
        return self._upgrade(structure, g, piece)

    def _upgrade(self, structure: SignStructure, g: sp.Expr, piece: Piece) -> SignStructure:
        """Prove the signs between roots when every root is a simple exact number.

        Each root r snapped to a rational with ``g(r) = 0`` exactly splits the piece; SymPy's
        assumptions then prove the sign on each half-line (``x = r ± p``, ``p > 0``).
        """
        if structure.method is Method.PROVED or len(structure.roots) != 1:
            return structure
        if piece.lo.is_finite or piece.hi.is_finite:
            return structure
        root = structure.roots[0]
        if root.change not in ("-+", "+-"):
            return structure
        exact = self.exact_root(g, root, solve=False)
        if exact is None or exact.method is not Method.PROVED:
            return structure
        c = exact.value
        left = self._prove_sign(g, Piece(NEG_OO, c, False, False, g))
        right = self._prove_sign(g, Piece(c, OO, False, False, g))
        if left is None or right is None or [left, right] != structure.signs:
            return structure
        snapped = Root(root.lo, root.hi, root.change, True, True, c)
        return SignStructure(piece.lo, piece.hi, [snapped], [left, right], Method.PROVED,
                             f"root x = {c} exact; sign on each side proved by SymPy's assumptions")

    def _prove_sign(self, g: sp.Expr, piece: Piece) -> int | None:
        """+1 / -1 if SymPy's assumptions prove ``g`` has that sign on the open piece."""
        sub = half_line_substitution(piece, self.x, _POS)
        if sub is None:
            return None

        def attempt():
            ground = to_ground_truth(g).subs(sub) if sub else to_ground_truth(g)
            forms = [g.subs(sub) if sub else g, sp.together(ground), sp.factor(ground),
                     sp.cancel(sp.together(ground.rewrite(sp.exp)))]
            for form in forms:
                sign = _structural_sign(form)
                if sign:
                    return sign
            return None

        finished, result = self.budget.run(attempt)
        return result if finished else None

    # -- roots: exact forms ---------------------------------------------------------------------
    def exact_root(self, expr: sp.Expr, root: Root, solve: bool = True) -> Known | None:
        """A closed form for a certified root: a simple rational in the enclosure, or ``solve``."""
        lo, hi = root.lo, root.hi
        slack = mpmath.mpf("1e-30")

        def inside(value) -> bool:  # compared at the enclosure's own precision
            with mpmath.workdps(60):
                return lo - slack <= value <= hi + slack
        candidates = []
        for den in (1, 2, 3, 4):
            with mpmath.workdps(60):
                c = sp.Rational(int(mpmath.nint(root.approx * den)), den)
                if inside(mpmath.mpf(c.p) / c.q):
                    candidates.append(c)
        for c in dict.fromkeys(candidates):
            value = limit_at(expr, self.x, c, "+", self.budget)
            if value.method is Method.PROVED and value.value == 0:
                return Known(c, Method.PROVED, f"f'({c}) = 0 exactly")
        if not solve or expr.has(sp.Piecewise) or sp.count_ops(expr) > 40:
            return None
        solutions = self._solutions(expr)
        if not solutions:
            return None
        for s in solutions:
            approx = _mp(s)
            if approx is None or not inside(approx):
                continue
            ok, residual = self.budget.run(lambda: _simplify_constant(to_ground_truth(expr).subs(self.x, s)))
            if ok and residual == 0:
                return Known(s, Method.PROVED, "sympy.solve, checked by substitution")
            return Known(s, Method.NUMERIC, "sympy.solve; agrees with the certified enclosure")
        return None

    def _solutions(self, expr: sp.Expr) -> list:
        """``sympy.solve(expr = 0)`` once per expression (under the budget); [] if it fails."""
        cache = self.__dict__.setdefault("_solve_cache", {})
        if expr not in cache:
            # drop factors that never vanish (σ > 0, e^x > 0, …): a smaller equation, faster solve
            factors = sp.Mul.make_args(sp.factor_terms(expr))
            core = sp.Mul(*[a for a in factors if not a.is_number and not _structural_sign(a)])
            finished, solutions = self.budget.run(lambda: sp.solve(to_ground_truth(core), self.x))
            cache[expr] = list(solutions) if finished and solutions else []
        return cache[expr]

    # -- ranges ------------------------------------------------------------------------------------
    def piece_range(self, index: int, order: int, attained_at_breakpoint) -> PieceRange:
        """Range of :math:`f^{(k)}` on piece ``index`` (k = 0 or 1)."""
        piece = self.pieces[index]
        expr = self.piece_derivative(index, order)
        methods: list[Method] = []
        cands: list[Candidate] = []
        # ends
        for end, closed, side in ((piece.lo, piece.lo_closed, -1), (piece.hi, piece.hi_closed, 1)):
            if end.is_infinite:
                k = self.limit(side, order)
                if k.value is None and self.sign_of(order + 1)[index].oscillating:
                    methods.append(Method.NUMERIC)  # no limit: the values at the extrema bound it
                    continue
                cands.append(Candidate(k.value, _mp(k.value), False, k.method, f"x → {'-' if side < 0 else ''}∞"))
            else:
                k = limit_at(expr, self.x, end, "+" if side < 0 else "-", self.budget)
                attained = closed and attained_at_breakpoint(end)
                cands.append(Candidate(k.value, _mp(k.value), attained, k.method, f"x = {end}"))
            methods.append(k.method)
        # interior critical points
        if expr.has(self.x):
            structure = self.sign_of(order + 1)[index]
            methods.append(structure.method)
            for root in structure.roots:
                if root.change not in ("-+", "+-") and not root.certified:
                    continue
                value, method, _ = self.value_on_root(expr, root, order)
                cands.append(Candidate(value, _mp(value), True, method, f"x ≈ {mpmath.nstr(root.approx, 12)}"))
                methods.append(method)
        else:
            where = f"x ∈ {display.real_set(piece.interval)}"
            cands.append(Candidate(expr, _mp(expr), True, Method.PROVED, where))
        known = [c for c in cands if c.approx is not None]
        if len(known) < len(cands):
            methods.append(Method.UNKNOWN)
        if not known:
            none = Candidate(None, None, False, Method.UNKNOWN, "")
            return PieceRange(none, none, False, False, Method.UNKNOWN)
        lo = min(known, key=lambda c: (c.approx, not c.attained))
        hi = max(known, key=lambda c: (c.approx, c.attained))
        inf_att = any(c.attained and self._tie(c, lo) for c in known)
        sup_att = any(c.attained and self._tie(c, hi) for c in known)
        lo = self._prefer_exact(lo, known)
        hi = self._prefer_exact(hi, known)
        return PieceRange(lo, hi, inf_att, sup_att, weakest(*methods))

    @staticmethod
    def _tie(a: Candidate, b: Candidate) -> bool:
        if a.approx in (mpmath.inf, -mpmath.inf) or b.approx in (mpmath.inf, -mpmath.inf):
            return a.approx == b.approx
        return abs(a.approx - b.approx) <= mpmath.mpf("1e-32") * max(1, abs(b.approx))

    def _prefer_exact(self, best: Candidate, known: list[Candidate]) -> Candidate:
        for c in known:
            if self._tie(c, best) and c.attained >= best.attained and c.value is not None \
                    and not c.value.has(sp.Float):
                return c
        return best

    def value_on_root(self, expr: sp.Expr, root: Root, order: int) -> tuple[sp.Expr, Method, sp.Expr | None]:
        """``expr`` at a root of its derivative, and the root's proved closed form (or ``None``).

        Exact when the root has a proved closed form, else the certified enclosure's midpoint to
        the digits it justifies. Cached: ranges and critical points ask for the same roots."""
        cache = self.__dict__.setdefault("_vcache", {})
        key = (expr, root, order)
        if key not in cache:
            cache[key] = self._value_on_root(expr, root, order)
        return cache[key]

    def _value_on_root(self, expr: sp.Expr, root: Root, order: int):
        derivative = sp.diff(expr, self.x)
        exact = self.exact_root(derivative, root, solve=(order == 0))
        location = exact.value if exact is not None and exact.method is Method.PROVED else None
        if location is not None:
            finished, value = self.budget.run(lambda: shortest_constant(expr.subs(self.x, location)))
            if finished and value.is_number:
                return value, Method.PROVED, location
        enclosure = self.enclose(expr, root)
        if enclosure is None:
            return sp.Float(mpmath.nstr(_eval_mp(expr, self.x, root.approx), 35), 35), Method.NUMERIC, location
        digits = justified_digits(enclosure.mid(), enclosure.rad())
        mid = sp.Float(enclosure.mid().str(40, radius=False), digits)
        return mid, (Method.CERTIFIED if root.certified else Method.NUMERIC), location

    def enclose(self, expr: sp.Expr, root: Root):
        """A ball containing ``expr`` over the root's enclosure."""
        old = ctx.prec
        ctx.prec = 200
        try:
            ball = arb.union(arb(mpmath.nstr(root.lo, 50)), arb(mpmath.nstr(root.hi, 50)))
            value = compile_expr(expr, self.x, "arb")(ball)
            return value if value.is_finite() else None
        except (Unsupported, ValueError, ZeroDivisionError):
            return None
        finally:
            ctx.prec = old


def _apply_lambertw(e: sp.Expr) -> sp.Expr:
    """Use :math:`e^{W(z)} = z / W(z)`: ``exp(c·W(z) + r)`` becomes ``e^r (z/W(z))^c`` (c integer)."""
    def rewrite(t):
        arg = sp.expand(t.args[0])
        for w in arg.atoms(sp.LambertW):
            c = arg.coeff(w)
            if c.is_Integer and not (arg - c * w).has(w):
                z = w.args[0]
                return sp.exp(arg - c * w) * (z / w) ** c
        return t
    return e.replace(lambda t: isinstance(t, sp.exp) and t.has(sp.LambertW), rewrite)


def _simplify_constant(e: sp.Expr) -> sp.Expr:
    """Simplify a constant expression, knowing the defining identity of Lambert W."""
    if e.has(sp.LambertW):
        e = _apply_lambertw(e)
    return sp.simplify(e)


def shortest_constant(e: sp.Expr) -> sp.Expr:
    """The shorter of the simplified vocabulary form and the simplified ground-truth form
    (so Swish's minimum reads -W(1/e), not -(W(1/e) + 1)·σ(-1 - W(1/e)))."""
    forms = [_simplify_constant(e), _simplify_constant(to_ground_truth(e))]
    return min(forms, key=sp.count_ops)


def _structural_sign(e: sp.Expr) -> int | None:
    """Sign of ``e`` from its structure: SymPy's assumptions, products/powers factor by factor,
    and differences of exponentials ``a e^u - b e^v`` (a, b > 0) by the sign of
    ``u + log a - v - log b``. ``None`` when undecided. Every step is exact reasoning."""
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if e.is_Mul:
        total = 1
        for factor in e.args:
            s = _structural_sign(factor)
            if not s:
                return None
            total *= s
        return total
    if e.is_Pow and e.exp.is_Integer:
        s = _structural_sign(e.base)
        if not s:
            return None
        return 1 if (s > 0 or int(e.exp) % 2 == 0) else -1
    if e.is_Pow and e.exp.is_Rational and _structural_sign(e.base) == 1:
        return 1
    if e.is_Add and len(e.args) == 2:
        logs = []
        for term in e.args:
            coeff, rest = term.as_coeff_Mul()
            if rest == 1:  # a constant term c: write it as sign(c)·e^{log|c|}
                logs.append((1 if coeff > 0 else -1, sp.log(abs(coeff))))
            elif isinstance(rest, sp.exp) and coeff.is_nonzero:
                logs.append((1 if coeff > 0 else -1, rest.args[0] + sp.log(abs(coeff))))
            else:
                return None
        (s1, u), (s2, v) = logs
        if s1 == s2:
            return s1
        difference = sp.expand(u - v) if s1 > 0 else sp.expand(v - u)
        if difference.is_positive:
            return 1
        if difference.is_negative:
            return -1
    return None


def justified_digits(mid, halfwidth, most: int = 30) -> int:
    """Significant digits that an enclosure ``mid ± halfwidth`` justifies, at most ``most``."""
    mid, halfwidth = abs(float(mid)), abs(float(halfwidth))  # mpmath or arb; only the ratio matters
    if halfwidth == 0:
        return most
    if mid == 0:
        return 1
    return max(1, min(most, int(-mpmath.log10(halfwidth / mid)) - 1))


def _eval_mp(expr: sp.Expr, x: sp.Symbol, at) -> mpmath.mpf:
    with mpmath.workdps(45):
        return compile_expr(expr, x, "mpmath")(at)
