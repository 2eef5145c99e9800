r"""Closed forms for certified roots, each checked exactly.

Given a root of g isolated in an enclosure (unique there), a closed form c is accepted only
when g(c) = 0 is proved (:mod:`symact.prove.zero`) and c lies in the enclosure (arb), so c *is*
that root. Candidates come from, fastest first:

1. dropping factors of one sign (σ > 0, eˣ > 0) and clearing denominators;
2. a **polynomial** in x: exact real roots (radicals for low degree, ``CRootOf`` otherwise);
3. a polynomial in :math:`t = e^{x/d}` alone: its positive roots, :math:`x = d\log t`
   (ELiSH: :math:`t^2 + 2t - 1 = 0`, so :math:`x = \log(\sqrt2 - 1)`);
4. the **Lambert form** :math:`p + q\,u + r e^{u} = 0` with u linear in x:
   :math:`u = -p/q - W_k\!\left(\tfrac{r}{q}e^{-p/q}\right)` (Swish: :math:`x = -1 - W(1/e)`,
   GoLU: :math:`x = -W(1)`), on the branch that lands in the enclosure;
5. a simple rational or rational multiple of π near the root;

Values at roots are simplified with the defining identity of Lambert W,
:math:`e^{W(z)} = z/W(z)`, so Swish's minimum reads :math:`-W(1/e)`.
"""
from __future__ import annotations

import math

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.facts import Known
from ..core.methods import Method
from ..core.vocabulary import to_ground_truth
from ..numeric.compile import Unsupported, arb_precision
from ..numeric.numbers import enclose
from .signs import Root
from .structural import structural_sign
from .zero import constant_is_zero


def _inside(c: sp.Expr, root: Root) -> bool:
    try:
        ball = enclose(c, 256)
    except (Unsupported, ValueError, TypeError):
        return False
    with arb_precision(256):
        lo = arb(mpmath.nstr(root.lo, 50)) - arb(10) ** -45 * (1 + abs(arb(mpmath.nstr(root.lo, 20))))
        hi = arb(mpmath.nstr(root.hi, 50)) + arb(10) ** -45 * (1 + abs(arb(mpmath.nstr(root.hi, 20))))
        return bool(ball.lower() >= lo.lower() and ball.upper() <= hi.upper()) or \
            bool(arb.union(lo, hi).contains(ball))


def _core(g: sp.Expr, x: sp.Symbol) -> sp.Expr:
    """The numerator of g with factors of proved sign removed."""
    num, _den = sp.fraction(sp.together(to_ground_truth(g).rewrite(sp.exp)))
    kept = [f for f in sp.Mul.make_args(sp.factor_terms(num)) if f.has(x) and not structural_sign(f)]
    return sp.Mul(*kept)


def polynomial_roots(h: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    if not h.is_polynomial(x):
        return []
    poly = sp.Poly(h, x)
    if poly.degree() < 1 or poly.degree() > 60:
        return []
    if poly.degree() <= 4:
        found = [r for r in sp.roots(poly, filter="R")]
        if found:
            return found
    if all(c.is_Rational for c in poly.all_coeffs()):
        return list(poly.real_roots())
    return []


def exp_polynomial_roots(h: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """Roots of h when x appears only inside exponentials exp(k·x + c) (k rational)."""
    exps = [e for e in h.atoms(sp.exp) if e.has(x)]
    if not exps:
        return []
    slopes = []
    for e in exps:
        arg = sp.expand(e.args[0])
        k = arg.coeff(x)
        if not k.is_Rational or (arg - k * x).has(x):
            return []
        slopes.append(k)
    d = 1
    for k in slopes:
        d = d * int(k.q) // math.gcd(d, int(k.q))
    t = sp.Dummy("t", positive=True)
    replaced = h.replace(lambda e: isinstance(e, sp.exp) and e.has(x),
                         lambda e: sp.exp(sp.expand(e.args[0]) - sp.expand(e.args[0]).coeff(x) * x)
                         * t ** int(sp.expand(e.args[0]).coeff(x) * d))
    if replaced.has(x):
        return []
    num, _ = sp.fraction(sp.together(replaced))
    if not num.is_polynomial(t):
        return []
    out = []
    for r in polynomial_roots(sp.expand(num), t):
        if r.is_positive:
            out.append(d * sp.log(r))
    return out


def lambert_roots(h: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """Roots of h = p + q·u + r·e^u (u = a·x, after dividing by a common exponential)."""
    h = sp.expand(h)
    exps = [e for e in h.atoms(sp.exp) if e.has(x)]
    slopes = set()
    for e in exps:
        arg = sp.expand(e.args[0])
        k = arg.coeff(x)
        if (arg - k * x).has(x) or not k.is_number:
            return []
        slopes.add(k)
    if not slopes:
        return []
    base = min(slopes, key=lambda k: abs(sp.N(k)))
    groups: dict = {}
    for term in sp.Add.make_args(h):
        power = sp.S.Zero
        rest = sp.S.One
        for f in sp.Mul.make_args(term):
            if isinstance(f, sp.exp) and f.has(x):
                arg = sp.expand(f.args[0])
                k = arg.coeff(x)
                power += k / base
                rest *= sp.exp(arg - k * x)
            elif f.is_Pow and isinstance(f.base, sp.exp) and f.base.has(x) and f.exp.is_Integer:
                arg = sp.expand(f.base.args[0] * f.exp)
                k = arg.coeff(x)
                power += k / base
                rest *= sp.exp(arg - k * x)
            else:
                rest *= f
        groups[power] = groups.get(power, 0) + rest
    if len(groups) != 2:
        return []
    (j1, g1), (j2, g2) = sorted(groups.items(), key=lambda kv: sp.N(kv[0]))
    out = []
    for lin_j, lin, exp_j, const in ((j1, g1, j2, g2), (j2, g2, j1, g1)):
        if const.has(x) or not lin.is_polynomial(x) or sp.degree(lin, x) != 1:
            continue
        # lin·E^lin_j + const·E^exp_j = 0  →  lin + const·e^{(exp_j - lin_j)·base·x} = 0
        a = (exp_j - lin_j) * base
        B, A = sp.Poly(lin, x).all_coeffs()
        # A + B x + C e^{a x} = 0, u = a x: A + (B/a) u + C e^u = 0
        p, q, r = A, B / a, const
        z = r / q * sp.exp(-p / q)
        zval = sp.N(z, 30)
        branches = [0] if zval >= 0 else ([0, -1] if zval > -sp.N(sp.exp(-1), 30) else [])
        for k in branches:
            w = sp.LambertW(z) if k == 0 else sp.LambertW(z, -1)
            out.append(sp.simplify((-p / q - w) / a))
    return out


def rational_candidates(root: Root, trig: bool) -> list[sp.Expr]:
    out = []
    with mpmath.workdps(50):
        v = root.approx
        for q in (1, 2, 3, 4, 5, 6, 8, 10, 12, 16):
            out.append(sp.Rational(int(mpmath.nint(v * q)), q))
        if trig:
            for q in (1, 2, 3, 4, 6, 8, 12):
                out.append(sp.pi * int(mpmath.nint(v * q / mpmath.pi)) / q)
    return list(dict.fromkeys(out))


def candidate_roots(g: sp.Expr, x: sp.Symbol, budget: Budget, cache: dict | None = None) -> list:
    """Closed-form zeros of g from the finders above (computed once per expression).

    ``sympy.solve`` is not among them: on transcendental equations it loops in polynomial code
    for seconds without making calls, so no step budget can hold it, and the finders above
    cover every closed form of the catalog."""
    key = g
    if cache is not None and key in cache:
        return cache[key]
    found: list[tuple[sp.Expr, str]] = []
    finished, core = budget.run(lambda: _core(g, x), steps=settings.SMALL_STEPS)
    if finished and core is not None and core.has(x):
        for finder, how in ((polynomial_roots, "polynomial root"), (exp_polynomial_roots, "polynomial in exp(x)"),
                            (lambert_roots, "Lambert W form")):
            ok, candidates = budget.run(lambda f=finder: f(core, x), steps=settings.MEDIUM_STEPS)
            found += [(c, how) for c in (candidates or [])] if ok else []
    if cache is not None:
        cache[key] = found
    return found


def exact_root(g: sp.Expr, x: sp.Symbol, root: Root, budget: Budget, cache: dict | None = None) -> Known | None:
    """A proved closed form for the (unique) root of g in ``root``'s enclosure, or ``None``."""
    if root.exact is not None:
        return Known(root.exact, Method.PROVED, "exact zero found by the search")
    if not root.certified or not root.unique:
        return None

    def inside(c: sp.Expr) -> bool:
        return c is not None and not c.has(sp.I) and c.is_number and _inside(c, root)

    for c in rational_candidates(root, g.has(sp.sin, sp.cos, sp.tan)):
        if inside(c):
            value = g.subs(x, c)
            if value.has(sp.nan, sp.zoo):
                continue
            z = constant_is_zero(apply_lambertw(to_ground_truth(value).rewrite(sp.exp)), budget)
            if z.value is True and z.method is Method.PROVED:
                return Known(c, Method.PROVED, "a simple exact number; g(x) = 0 checked exactly")
    for c, how in candidate_roots(g, x, budget, cache):
        # a root of the polynomial (or Lambert) equation that g = 0 was turned into by exact steps
        # (dropping factors that never vanish, clearing denominators, t = e^(x/d)) is a zero of g
        # by construction; arb confirms it, and the enclosure says which root it is
        if inside(c) and _vanishes(g, x, c):
            return Known(c, Method.PROVED, f"{how}: g = 0 reduced exactly to it")
    return None


def _vanishes(g: sp.Expr, x: sp.Symbol, c: sp.Expr) -> bool:
    """arb confirms g(c) = 0 to 200 bits (a consistency check on an exact derivation)."""
    from ..numeric.compile import compile_expr
    try:
        fn = compile_expr(g, x, "arb")
        with arb_precision(700):
            ball = fn(enclose(c, 700))
        return ball.is_finite() and ball.contains(0) and ball.rad() < arb(2) ** -200 * (1 + abs(ball.mid()))
    except (Unsupported, ValueError, ZeroDivisionError):
        return False


def apply_lambertw(e: sp.Expr) -> sp.Expr:
    """Use :math:`e^{W(z)} = z / W(z)`: ``exp(c·W(z) + r)`` becomes ``e^r (z/W(z))^c`` (c integer)."""
    if not e.has(sp.LambertW):
        return e

    def rewrite(t):
        arg = sp.expand(t.args[0])
        for w in arg.atoms(sp.LambertW):
            c = arg.coeff(w)
            if c.is_Integer and not (arg - c * w).has(w):
                z = w.args[0]
                return sp.exp(arg - c * w) * (z / w) ** c
        return t
    return e.replace(lambda t: isinstance(t, sp.exp) and t.has(sp.LambertW), rewrite)


def shortest_constant(e: sp.Expr, budget: Budget) -> sp.Expr | None:
    """The shortest of the simplified vocabulary form and the simplified ground-truth form
    (so Swish's minimum reads -W(1/e), not -(W(1/e) + 1)·σ(-1 - W(1/e)))."""
    def attempt():
        forms = [sp.simplify(apply_lambertw(e)), sp.simplify(apply_lambertw(to_ground_truth(e)))]
        return min(forms, key=lambda f: (sp.count_ops(f), sp.default_sort_key(f)))
    finished, value = budget.run(attempt, steps=settings.MEDIUM_STEPS)
    return value if finished and value is not None and value.is_number else None
