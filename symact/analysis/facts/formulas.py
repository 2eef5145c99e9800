r"""Formulas: f, f′, f″ in vocabulary form, and f′ written through f itself.

Derivatives are SymPy's, in the vocabulary (σ′ = σ(1−σ), softplus′ = σ, Φ′ = φ), so they read
like the textbook; for piecewise f each piece gets its own formula, and a breakpoint belongs to a
piece only where the derivative exists there.
"""
from __future__ import annotations

import sympy as sp

from ...core import settings
from ...core.methods import Method
from ...core.values import Formula, Interval
from ...core.vocabulary import Phi, phi, sigmoid, softplus, to_exp_form
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
    return Formula(expr, tuple(forms)), Method.PROVED, "substitution, checked by simplification to zero"


def in_terms_of_f(f: sp.Expr, d: sp.Expr, x: sp.Symbol, budget) -> sp.Expr | None:
    """Rewrite f' through f: substitute f for a building block that f is affine in, or for x·g.
    Accepted only when no longer than f' and simplify(form(f) - f') == 0 (under the budget)."""
    if not f.has(x) or not d.has(x) or sp.count_ops(d) > 80:
        return None
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
    best = None
    candidates = sorted(dict.fromkeys(c for c in candidates if c.has(F) and sp.count_ops(c) <= sp.count_ops(d)),
                        key=lambda c: (sp.count_ops(c), sp.default_sort_key(c)))[:4]
    for form in candidates:
        if best is not None and (sp.count_ops(form), sp.default_sort_key(form)) >= (sp.count_ops(best), sp.default_sort_key(best)):
            continue
        ok, zero = budget.run(lambda form=form: sp.simplify(to_exp_form(form.subs(F, f)) - to_exp_form(d)) == 0,
                              steps=settings.MEDIUM_STEPS)
        if ok and zero:
            best = form
    return best
