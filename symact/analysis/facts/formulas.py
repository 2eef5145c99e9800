r"""Formulas: f, f′, f″ in vocabulary form, and f′ written through f itself.

Derivatives are SymPy's, in the vocabulary (σ′ = σ(1−σ), softplus′ = σ, Φ′ = φ), so they read
like the textbook; for piecewise f each piece gets its own formula, and a breakpoint belongs to a
piece only where the derivative exists there.
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ...core import settings
from ...core.methods import Method
from ...core.values import Formula, Interval
from ...core.vocabulary import Phi, phi, sigmoid, softplus
from ...numeric.compile import Unsupported, arb_precision, compile_expr
from ...numeric.numbers import exact_number
from ..registry import fact


def tidy(expr: sp.Expr) -> sp.Expr:
    """A short, still-textbook form: factor_terms/together only when they shorten it."""
    best = expr
    forms = [sp.factor_terms(expr)] + ([sp.together(expr)] if sp.count_ops(expr) <= 30 else [])
    for form in forms:
        if sp.count_ops(form) < sp.count_ops(best):
            best = form
    return best


def _piecewise(ctx, k: int) -> sp.Expr:
    """f^(k) as a Piecewise over the pieces; a breakpoint is included (in the left piece) only
    where f^(k) exists there, i.e. f is C^k at it."""
    a = ctx.a
    x = a.x
    if len(a.pieces) == 1:
        return tidy(a.derivative(0, k))
    args = []
    for i, p in enumerate(a.pieces):
        conds = []
        if p.lo.is_finite:
            conds.append(x > p.lo)
        if p.hi.is_finite:
            conds.append(x <= p.hi if a.differentiable_at(i, k) else x < p.hi)
        args.append((tidy(a.derivative(i, k)), sp.And(*conds) if conds else sp.true))
    return sp.Piecewise(*args)


@fact("definition", "f(x)", 10)
def definition(ctx):
    return Formula(ctx.a.f), Method.PROVED, "the definition"


def _derivative(ctx, k: int):
    d = _piecewise(ctx, k)
    note = "symbolic differentiation in the vocabulary (σ' = σ(1-σ), softplus' = σ, Φ' = φ)"
    if ctx.a.breaks:
        note += "; at a breakpoint the derivative is given only where it exists (see smoothness)"
    return Formula(d), Method.PROVED, note


@fact("derivative", "f'(x)", 20)
def derivative(ctx):
    return _derivative(ctx, 1)


@fact("second_derivative", "f''(x)", 30)
def second_derivative(ctx):
    return _derivative(ctx, 2)


F = sp.Symbol("f")


@fact("derivative_in_f", "f' in terms of f", 40)
def derivative_in_f(ctx):
    """f' rewritten through f (σ' = f(1-f), tanh' = 1-f², swish' = f + σ(1-f), ELU' = f + α)."""
    a = ctx.a
    forms = []
    for i, p in enumerate(a.pieces):
        form = in_terms_of_f(p.expr, a.derivative(i, 1), a.x, a.budget)
        if form is not None:
            forms.append((form, Interval(exact_number(p.lo), exact_number(p.hi), False, False)))
    if not forms:
        return None, Method.UNKNOWN, "no form shorter than f' found (tried f for the function's own building blocks)"
    expr = forms[0][0] if len(forms) == 1 and len(a.pieces) == 1 else None
    evidence = "exact substitution of f for a building block (f = a·b + c or f = x·g), then expand/factor/collect"
    return Formula(expr, tuple(forms)), Method.PROVED, evidence


def in_terms_of_f(f: sp.Expr, d: sp.Expr, x: sp.Symbol, budget) -> sp.Expr | None:
    r"""Rewrite f' through f: substitute f for a building block b that f is affine in
    (f = a·b + c, so b = (f - c)/a), or f for x·g when f = x·g, then expand, factor or collect.

    Each candidate equals f' *by construction* (an exact substitution followed by algebraic
    identities), so no simplification is needed to prove it; as a guard against a slip in that
    construction, a candidate whose difference from f' is provably nonzero at any of a few arb
    points is dropped. The shortest candidate (no longer than f') wins."""
    if not f.has(x) or not d.has(x) or sp.count_ops(d) > 80:
        return None
    finished, candidates = budget.run(lambda: _candidates(f, d, x), steps=settings.SMALL_STEPS)
    for form in candidates if finished else ():
        if _agrees(form.subs(F, f), d, x):
            return form
    return None


def _candidates(f: sp.Expr, d: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    """The rewritten forms of f', shortest first."""
    candidates = []
    blocks = sorted((b for b in f.atoms(sigmoid, softplus, Phi, phi, sp.tanh, sp.exp, sp.atan) if b.has(x)),
                    key=sp.default_sort_key)
    for block in blocks:
        t = sp.Dummy("t")
        g = f.subs(block, t)
        if g.has(x) or not g.is_polynomial(t):
            continue
        poly = sp.Poly(g, t)
        if poly.degree() != 1:
            continue
        slope, offset = poly.all_coeffs()
        raw = d.subs(block, (F - offset) / slope)
        candidates += [raw, sp.expand(raw), sp.factor(raw)]
    if f.is_Mul and x in f.args:  # f = x·g: replace x·g by f in the expanded derivative
        replaced = sp.expand(d).subs(x * (f / x), F)
        for block in sorted(replaced.atoms(sigmoid, Phi, phi, sp.tanh), key=sp.default_sort_key):
            candidates.append(sp.collect(replaced, block))  # f + σ(1 - f): the textbook order
        candidates.append(sp.collect(replaced, F))
    return sorted(dict.fromkeys(c for c in candidates if c.has(F) and sp.count_ops(c) <= sp.count_ops(d)),
                  key=lambda c: (sp.count_ops(c), sp.default_sort_key(c)))


_GUARD_POINTS = ("-2.75", "-0.625", "0.375", "1.125", "3.5")


def _agrees(a: sp.Expr, b: sp.Expr, x: sp.Symbol) -> bool:
    """False only if a - b is provably nonzero (arb, 128 bits) at one of a few points."""
    try:
        fn = compile_expr(a - b, x, "arb")
    except Unsupported:
        return True
    with arb_precision(128):
        for point in _GUARD_POINTS:
            try:
                value = fn(arb(point))
            except (ValueError, ZeroDivisionError, Unsupported, OverflowError):
                continue
            if value.is_finite() and not value.contains(0):
                return False
    return True
