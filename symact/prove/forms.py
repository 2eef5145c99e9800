r"""Equivalent algebraic forms of an expression, for evaluation by interval arithmetic.

Interval arithmetic suffers from dependency: :math:`\sigma + x\sigma(1-\sigma)` on a tail is
undecided as written, but :math:`\sigma\,(1 + x(1-\sigma))` is clearly signed. These forms —
factored, with ``tanh`` written through ``σ`` (``1 + tanh u = 2σ(2u)``), over a common
denominator — are all equal to the input (each is a SymPy identity transformation); callers
try them in turn. Forms are computed under the work budget and cached.
"""
from __future__ import annotations

import math

import sympy as sp

from ..core import settings
from ..core.budget import Budget
from ..core.vocabulary import Phi, sigmoid


def tanh_as_sigmoid(e: sp.Expr) -> sp.Expr:
    """tanh(u) → 2σ(2u) − 1 and sech-type combinations follow (1 − tanh² = 4σ(2u)σ(−2u))."""
    return e.replace(lambda t: isinstance(t, sp.tanh), lambda t: 2 * sigmoid(2 * t.args[0]) - 1)


def _complement(const: sp.Expr, other: sp.Expr):
    """If const + other is const·(1 - h) for a bounded h with a known complement, return it.
    Only the shape ``c·h`` of ``other`` is looked at (no simplification: this runs often)."""
    coeff, h = other.as_coeff_Mul()
    ratio = -coeff / const  # const + other = const·(1 - ratio·h)
    if ratio == 1:
        if isinstance(h, sigmoid):
            return const * sigmoid(-h.args[0])  # 1 - σ(u) = σ(-u)
        if isinstance(h, Phi):
            return const * Phi(-h.args[0])  # 1 - Φ(u) = Φ(-u)
        if isinstance(h, sp.erf):
            return const * sp.erfc(h.args[0])  # 1 - erf(u) = erfc(u)
        if isinstance(h, sp.tanh):
            return 2 * const * sigmoid(-2 * h.args[0])  # 1 - tanh(u) = 2σ(-2u)
        if h.is_Pow and h.exp == 2 and isinstance(h.base, sp.tanh):
            return const / sp.cosh(h.base.args[0]) ** 2  # 1 - tanh²(u) = sech²(u)
    if ratio == -1:
        if isinstance(h, sp.tanh):
            return 2 * const * sigmoid(2 * h.args[0])  # 1 + tanh(u) = 2σ(2u)
        if isinstance(h, sp.erf):
            return const * sp.erfc(-h.args[0])  # 1 + erf(u) = erfc(-u)
    if ratio == 2:
        if isinstance(h, sigmoid):
            return -const * sp.tanh(h.args[0] / 2)  # 1 - 2σ(u) = -tanh(u/2)
        if isinstance(h, Phi):
            return -const * sp.erf(h.args[0] / sp.sqrt(2))  # 1 - 2Φ(u) = -erf(u/√2)
    return None


def complements(e: sp.Expr) -> sp.Expr:
    r"""Rewrite ``1 - σ(u)``, ``1 - tanh²(u)``, ``1 ± tanh(u)``, ``1 - Φ(u)``, ``1 ± erf(u)``
    (times any constant) into their complements σ(-u), sech²(u), 2σ(∓2u), Φ(-u), erfc(∓u):
    exact identities that remove cancellation (tanh²(eˣ) - 1 is 0 to 2000 bits once x > 7) and
    expose signs (sech² > 0)."""
    def fix(t):
        if not t.is_Add:
            return t
        terms = list(t.args)
        for i, a in enumerate(terms):
            if not a.is_number or a == 0:
                continue
            for j, b in enumerate(terms):
                if j == i or b.is_number:
                    continue
                c = _complement(a, b)
                if c is not None:
                    rest = [u for k, u in enumerate(terms) if k not in (i, j)]
                    return sp.Add(c, *rest)
        return t
    previous = None
    while previous != e:
        previous, e = e, e.replace(lambda t: t.is_Add, fix)
    return e


def polys_safe(e: sp.Expr, most: int = 40) -> bool:
    """Whether SymPy's polynomial algorithms (factor, cancel) can take ``e`` quickly.

    They turn ``exp(851*x/500)`` into a power of ``exp(x/500)`` of degree 851 and then loop for
    many seconds without making calls (which the step budget counts); such forms are skipped.
    """
    coeffs = []
    for a in e.atoms(sp.exp):
        for term in sp.Add.make_args(sp.expand(a.args[0])):
            c = term.as_coeff_Mul()[0]
            if c.is_Rational and term.free_symbols:
                coeffs.append(abs(c))
    if coeffs:
        lcm = 1
        for c in coeffs:
            lcm = lcm * int(c.q) // math.gcd(lcm, int(c.q))
        if max(c * lcm for c in coeffs) > most:
            return False
    for p in e.atoms(sp.Pow):
        if p.exp.is_Integer and abs(int(p.exp)) > 60:
            return False
    return True


class Forms:
    """Cached alternative forms of expressions."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self._cache: dict = {}

    def of(self, e: sp.Expr, heavy: bool = True) -> list[sp.Expr]:
        """e and cheap rewrites of it; with ``heavy`` also its factorisations (under the budget)."""
        light = [e, sp.factor_terms(e)]
        t = tanh_as_sigmoid(e)
        if t != e:
            light.append(sp.factor_terms(t))
        if not heavy:
            return list(dict.fromkeys(light))
        if e in self._cache:
            return self._cache[e]
        out = light

        if not polys_safe(e) or sp.count_ops(e) > 80:  # big factorisations cost seconds, rarely pay
            self._cache[e] = list(dict.fromkeys(out))
            return self._cache[e]

        def heavier():
            forms = [sp.factor(e)]
            if t != e:
                forms.append(sp.factor(t))
            num, den = sp.fraction(sp.together(e))
            if den != 1:
                forms.append(sp.factor(num) / sp.factor(den))
            return forms
        finished, extra = self.budget.run(heavier, steps=settings.MEDIUM_STEPS)
        if finished and extra:
            out += extra
        unique = list(dict.fromkeys(out))
        self._cache[e] = unique
        return unique
