r"""Split a function of one real variable into smooth pieces between exact breakpoints.

``Abs``, ``sign``, ``Heaviside``, ``Max`` and ``Min`` become ``Piecewise``; then, innermost
switches first, every condition's boundary equation is solved *exactly* (polynomials by real
root isolation, others by ``solveset`` under the work budget), the line is cut at the roots,
and on each open interval each switch is replaced by the branch that holds there (decided
rigorously with arb at a rational point inside). Nothing is folded, so a sum of many ``Abs``
terms costs one interval per breakpoint rather than one branch per combination.

Zeros of the base of a fractional power (``sqrt(x**2)``) are breakpoints too: the pieces
between them are analytic. The value at each breakpoint is the function's own value there
(``Heaviside(0) = 1/2``), decided exactly.

A condition whose boundary cannot be solved completely (``sin(x) > 0`` has infinitely many
boundary points) is :class:`UnsupportedError`; a point where no branch applies is
:class:`DomainError`.

>>> import sympy as sp
>>> from symact.core.symbols import X
>>> from symact.core.budget import Budget
>>> s = split(sp.Abs(X - 1) + sp.Abs(X + 1), X, Budget(10**6, 10**6))
>>> [p.expr for p in s.pieces], s.breakpoints
([-2*x, 2, 2*x], (-1, 1))
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.functions.elementary.hyperbolic import HyperbolicFunction
from sympy.functions.elementary.trigonometric import TrigonometricFunction

from ..core import settings
from ..core.budget import Budget
from ..core.errors import DomainError, UnsupportedError
from ..core.vocabulary import to_exp_form
from ..numeric.compile import Unsupported, compile_expr
from .zero import ball_sign, constant_is_zero

NEG_OO, OO = sp.S.NegativeInfinity, sp.oo
_KINKY = (sp.Abs, sp.Max, sp.Min, sp.Heaviside, sp.sign)


@dataclass(frozen=True)
class Piece:
    """``expr`` on the open interval (lo, hi): smooth there."""

    lo: sp.Expr
    hi: sp.Expr
    expr: sp.Expr

    @property
    def bounded(self) -> bool:
        return self.lo.is_finite and self.hi.is_finite


@dataclass(frozen=True)
class Split:
    """Pieces left to right; ``breakpoints[i]`` separates ``pieces[i]`` and ``pieces[i+1]``
    and ``values[i]`` is f there."""

    pieces: tuple[Piece, ...]
    breakpoints: tuple[sp.Expr, ...]
    values: tuple[sp.Expr, ...]


def kinks_to_piecewise(expr: sp.Expr) -> sp.Expr:
    """Abs, sign, Heaviside, Max, Min as Piecewise, innermost first, without folding."""
    def convert(e):
        if isinstance(e, sp.Abs):
            u = e.args[0]
            return sp.Piecewise((u, u >= 0), (-u, True))
        if isinstance(e, sp.sign):
            u = e.args[0]
            return sp.Piecewise((1, u > 0), (-1, u < 0), (0, True))
        if isinstance(e, sp.Heaviside):
            u = e.args[0]
            h0 = e.args[1] if len(e.args) > 1 else sp.S.Half
            return sp.Piecewise((0, u < 0), (1, u > 0), (h0, True))
        if isinstance(e, (sp.Max, sp.Min)):
            args = list(e.args)
            best = args[0]
            for a in args[1:]:
                cond = (best >= a) if isinstance(e, sp.Max) else (best <= a)
                best = sp.Piecewise((best, cond), (a, True))
            return best
        return e
    return expr.replace(lambda e: isinstance(e, _KINKY), convert)


def _innermost_switches(expr: sp.Expr) -> list[sp.Piecewise]:
    found = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Piecewise):
            inner = any(isinstance(n, sp.Piecewise) for a in node.args for part in a
                        for n in sp.preorder_traversal(part) if n is not node)
            if not inner:
                found.append(node)
    return list(dict.fromkeys(found))


def _relations(cond) -> list:
    if isinstance(cond, (sp.And, sp.Or, sp.Not, sp.ITE)):
        return [r for a in cond.args for r in _relations(a)]
    if isinstance(cond, sp.core.relational.Relational):
        return [cond]
    return []


def _fractional_bases(expr: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    return [n.base for n in sp.preorder_traversal(expr)
            if isinstance(n, sp.Pow) and n.base.has(x) and not n.exp.is_Integer and not n.has(sp.Piecewise)]


def approx(value: sp.Expr) -> mpmath.mpf:
    if value is OO:
        return mpmath.inf
    if value is NEG_OO:
        return -mpmath.inf
    with mpmath.workdps(40):
        return mpmath.mpf(sp.N(value, 40))


def inner_rational(a: sp.Expr, b: sp.Expr) -> sp.Rational:
    """A simple rational strictly inside (a, b)."""
    if a is NEG_OO and b is OO:
        return sp.S.Zero
    if a is NEG_OO:
        return sp.Integer(int(mpmath.floor(approx(b))) - 1)
    if b is OO:
        return sp.Integer(int(mpmath.ceil(approx(a))) + 1)
    lo, hi = approx(a), approx(b)
    with mpmath.workdps(40):
        width = hi - lo
        for den in (1, 2, 4, 8, 16, 32, 64, 128, 1024, 2**20, 2**40, 2**80):
            t = mpmath.nint((lo + hi) / 2 * den)
            cand = sp.Rational(int(t), den)
            if lo + width / 8 < mpmath.mpf(int(t)) / den < hi - width / 8:
                return cand
    return sp.Rational(sp.nsimplify((a + b) / 2, rational=True))


def boundary_roots(h: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, budget: Budget) -> list[sp.Expr]:
    """Every real root of ``h`` in (lo, hi), exactly; :class:`UnsupportedError` if that cannot
    be done completely."""
    h = sp.sympify(h)
    if not h.has(x):
        return []
    num, _den = sp.fraction(sp.together(h))
    roots: list[sp.Expr] = []
    for factor in sp.Mul.make_args(sp.factor_terms(num)):
        if not factor.has(x):
            continue
        if factor.is_Pow and factor.exp.is_positive:
            factor = factor.base
        roots += _factor_roots(factor, x, lo, hi, budget)
    return _sorted_unique(roots, budget)


def _factor_roots(h: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr, budget: Budget) -> list[sp.Expr]:
    if h.is_polynomial(x):
        poly = sp.Poly(h, x)
        if poly.degree() > 60:
            raise UnsupportedError(f"a boundary polynomial of degree {poly.degree()} is too large")
        if all(c.is_Rational for c in poly.all_coeffs()):
            return [r for r in map(_radical, poly.real_roots()) if _inside(r, lo, hi)]
    finished, solution = budget.run(lambda: sp.solveset(h, x, sp.Interval.open(lo, hi)))
    form = to_exp_form(h)
    if (not finished or not isinstance(solution, (sp.FiniteSet, type(sp.S.EmptySet)))) and not form.has(sp.I) \
            and not form.atoms(TrigonometricFunction, HyperbolicFunction):
        # σ(x) − 1 has no real root, which solveset sees only in the exp form 1/(1 + e^(−x)) − 1
        # (never for forms with sin/cos, whose exp form is complex: solveset would miss roots)
        finished, solution = budget.run(lambda: sp.solveset(form, x, sp.Interval.open(lo, hi)))
    if not finished or not isinstance(solution, (sp.FiniteSet, type(sp.S.EmptySet))):
        raise UnsupportedError(f"cannot find every point where {sp.sstr(h)} changes sign")
    out = [r for r in solution.args if r.is_real is not False]
    if any(r.has(sp.I) or not r.is_number for r in out):
        raise UnsupportedError(f"cannot find every point where {sp.sstr(h)} changes sign")
    return [r for r in out if _inside(r, lo, hi)]


def _radical(r: sp.Expr) -> sp.Expr:
    """A CRootOf of low degree in radicals when SymPy gives a real one, else itself."""
    if isinstance(r, sp.CRootOf) and r.poly.degree() <= 2:
        for s in sp.roots(r.poly, filter="R"):
            if abs(approx(s) - approx(r)) < mpmath.mpf(10) ** -30:
                return s
    return r


def _inside(r: sp.Expr, lo: sp.Expr, hi: sp.Expr) -> bool:
    v = approx(r)
    return approx(lo) < v < approx(hi)


def _sorted_unique(roots: list[sp.Expr], budget: Budget) -> list[sp.Expr]:
    roots = sorted(roots, key=approx)
    out: list[sp.Expr] = []
    for r in roots:
        if out and abs(approx(r) - approx(out[-1])) < mpmath.mpf(10) ** -30:
            same = r == out[-1] or constant_is_zero(r - out[-1], budget).value is True
            if same:
                continue
            raise UnsupportedError(f"cannot separate the breakpoints {out[-1]} and {r}")
        out.append(r)
    return out


def _sign_at(d: sp.Expr, x: sp.Symbol, t: sp.Expr, budget: Budget, exact_point: bool) -> int:
    """Sign of d at x = t: rigorous (arb), with an exact zero test at breakpoints."""
    value = d.subs(x, t) if d.has(x) else d
    if exact_point:
        z = constant_is_zero(value, budget)
        if z.value is True and z.method.certain:
            return 0
    try:
        fn = compile_expr(value, sp.Dummy(), "arb")
    except Unsupported as exc:
        raise UnsupportedError(f"cannot evaluate the condition {sp.sstr(d)} > 0: {exc}") from None
    sign, _ = ball_sign(fn, lambda: None)
    if sign is None or (sign == 0 and not exact_point):
        raise UnsupportedError(f"cannot decide the condition on {sp.sstr(d)} at x = {t}")
    return sign


def _truth(cond, x, t, budget, exact_point) -> bool:
    if cond is sp.true or cond == True:  # noqa: E712
        return True
    if cond is sp.false or cond == False:  # noqa: E712
        return False
    if isinstance(cond, sp.And):
        return all(_truth(a, x, t, budget, exact_point) for a in cond.args)
    if isinstance(cond, sp.Or):
        return any(_truth(a, x, t, budget, exact_point) for a in cond.args)
    if isinstance(cond, sp.Not):
        return not _truth(cond.args[0], x, t, budget, exact_point)
    if isinstance(cond, sp.ITE):  # if-then-else: SymPy's form of a comparison with a Piecewise
        c, a, b = cond.args
        return _truth(a if _truth(c, x, t, budget, exact_point) else b, x, t, budget, exact_point)
    if not isinstance(cond, sp.core.relational.Relational):
        raise UnsupportedError(f"cannot read the condition {sp.sstr(cond)}")
    s = _sign_at(cond.lhs - cond.rhs, x, t, budget, exact_point)
    return {sp.StrictGreaterThan: s > 0, sp.GreaterThan: s >= 0, sp.StrictLessThan: s < 0,
            sp.LessThan: s <= 0, sp.Equality: s == 0, sp.Unequality: s != 0}[type(cond)]


def _resolve(expr: sp.Expr, switches: list[sp.Piecewise], x, t, budget, exact_point: bool) -> sp.Expr:
    chosen = {}
    for pw in switches:
        for value, cond in pw.args:
            if _truth(cond, x, t, budget, exact_point):
                chosen[pw] = value
                break
        else:
            raise DomainError(f"not defined for every real x: no case of the definition applies at x = {t}")
    return expr.xreplace(chosen)


def value_at(expr: sp.Expr, x: sp.Symbol, c: sp.Expr, budget: Budget) -> sp.Expr:
    """f(c) exactly, resolving every switch at the exact point c."""
    current = expr
    for _ in range(50):
        switches = _innermost_switches(current)
        if not switches:
            break
        current = _resolve(current, switches, x, c, budget, exact_point=True)
    value = current.subs(x, c)
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.has(sp.I):
        raise DomainError(f"not defined for every real x: undefined at x = {c}")
    return value


def split(expr: sp.Expr, x: sp.Symbol, budget: Budget) -> Split:
    """The smooth pieces of ``expr`` on ℝ, its breakpoints and the values there."""
    original = kinks_to_piecewise(expr)
    raw: list[tuple[sp.Expr, sp.Expr, sp.Expr]] = []
    kept: set = set()

    def refine(e: sp.Expr, lo: sp.Expr, hi: sp.Expr, depth: int = 0):
        if depth > 40:
            raise UnsupportedError("switches nested too deeply")
        switches = _innermost_switches(e)
        cuts = []
        for pw in switches:
            for _value, cond in pw.args:
                for rel in _relations(cond):
                    cuts += boundary_roots(rel.lhs - rel.rhs, x, lo, hi, budget)
        if not switches:
            for base in _fractional_bases(e, x):
                roots = boundary_roots(base, x, lo, hi, budget)
                kept.update(roots)
                cuts += roots
        cuts = _sorted_unique(cuts, budget)
        if len(raw) + len(cuts) > settings.MAX_BREAKPOINTS:
            raise UnsupportedError(f"more than {settings.MAX_BREAKPOINTS} breakpoints")
        if not switches:
            bounds = [lo] + cuts + [hi]
            for a, b in zip(bounds, bounds[1:]):
                raw.append((a, b, e))
            return
        bounds = [lo] + cuts + [hi]
        for a, b in zip(bounds, bounds[1:]):
            t = inner_rational(a, b)
            refine(_resolve(e, switches, x, t, budget, exact_point=False), a, b, depth + 1)

    refine(original, NEG_OO, OO)
    pieces = [Piece(a, b, e) for a, b, e in raw]
    points = [p.hi for p in pieces[:-1]]
    values = [value_at(original, x, c, budget) for c in points]
    return _merge(pieces, points, values, kept, x, budget)


def _merge(pieces, points, values, kept, x, budget) -> Split:
    out_pieces = [pieces[0]]
    out_points, out_values = [], []
    for c, value, nxt in zip(points, values, pieces[1:]):
        last = out_pieces[-1]
        if last.expr == nxt.expr and c not in kept and _continues(last.expr, x, c, value, budget):
            out_pieces[-1] = Piece(last.lo, nxt.hi, last.expr)
            continue
        out_points.append(c)
        out_values.append(value)
        out_pieces.append(nxt)
    return Split(tuple(out_pieces), tuple(out_points), tuple(out_values))


def _continues(expr: sp.Expr, x: sp.Symbol, c: sp.Expr, value: sp.Expr, budget: Budget) -> bool:
    """The expression is defined at c and equals the function's value there."""
    at = expr.subs(x, c)
    if at.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    z = constant_is_zero(at - value, budget)
    return z.value is True and z.method.certain


__all__ = ["Piece", "Split", "boundary_roots", "inner_rational", "kinks_to_piecewise", "split", "value_at"]
