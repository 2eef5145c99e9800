r"""Polynomial arguments in double-double: where the rounding of the argument is what loses.

In :math:`\sigma(1.702x)` at x = −379 the argument is rounded twice (1.702 has no binary
representation, and the product is rounded), an error of about :math:`2\varepsilon|u|` that σ,
behaving like :math:`e^u`, turns into 170 ULP of the result. The same holds for every kernel
with a large logarithmic derivative — exp, σ, softplus on their decaying side, Φ and erfc (which
multiply it by u²) — and for a sum that cancels (0.2x + 0.5 near x = −2.5).

So every polynomial in x whose evaluation rounds more than once is evaluated in double-double
arithmetic (an unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2, Dekker's exact products with a
Veltkamp split and Knuth's exact sums; :mod:`symact.codegen.runtime` has the kernels), constants
split the same way from 40 digits. A kernel K receiving it is corrected to first order,
:math:`K(h + l) = K(h) + l\,K'(h)` (the second-order term is below 10⁻³² relative); anywhere
else the pair is rounded once, :math:`\mathrm{fl}(h + l)`.

The pass marks each such polynomial by a placeholder symbol before common-subexpression
elimination (so ``cse`` cannot break it into rounded float pieces), and the printer prints the
placeholder as double-double code.
"""
from __future__ import annotations

import sympy as sp
from sympy.core.relational import Relational
from sympy.logic.boolalg import Boolean

from ..core.symbols import X
from .array_printer import dyadic

# kernels with a first-order double-double correction in the runtime (others get fl(h + l))
CORRECTED = ("sigmoid", "exp", "softplus", "Phi", "expm1", "tanh", "erf", "erfc", "log1p", "onepsin2", "sech2")


def _power_of_two(c: sp.Expr) -> bool:
    if isinstance(c, sp.Float):
        c = sp.Rational(str(c))
    if not isinstance(c, sp.Rational) or c == 0:
        return False
    p, q = abs(int(c.p)), int(c.q)
    return p & (p - 1) == 0 and q & (q - 1) == 0


def worth_it(u: sp.Expr) -> bool:
    """u is a polynomial in x whose float evaluation rounds more than once: anything but
    ±2^k·x, x + c and ±2^k·x + c with c a short dyadic number."""
    if not u.has(X) or not u.free_symbols <= {X} or u.has(sp.Function) or u == X:
        return False
    try:
        poly = sp.Poly(u, X)
    except sp.PolynomialError:
        return False
    if not all(c.is_number and c.is_real for c in poly.all_coeffs()):
        return False
    if poly.degree() == 1:
        a, b = poly.all_coeffs()
        return not (_power_of_two(a) and (b == 0 or dyadic(b)))
    return poly.degree() >= 2


def mark(exprs: list[sp.Expr]) -> tuple[list[sp.Expr], dict[sp.Symbol, sp.Expr]]:
    """The expressions with every maximal worthwhile polynomial in x replaced by a placeholder
    symbol ``_dd0``, ``_dd1``, …; and the placeholders' polynomials."""
    table: dict[sp.Expr, sp.Symbol] = {}

    def walk(e: sp.Expr) -> sp.Expr:
        if isinstance(e, sp.Mul):
            e = fold_into_branches(e)
        if isinstance(e, sp.Expr) and worth_it(e):
            if e not in table:
                table[e] = sp.Symbol(f"_dd{len(table)}", real=True)
            return table[e]
        if not e.args or isinstance(e, (Relational, Boolean)):
            return e
        if isinstance(e, sp.Piecewise):
            return sp.Piecewise(*[(walk(v), c) for v, c in e.args])
        return e.func(*[walk(a) for a in e.args])

    out = [walk(e) if e is not None else None for e in exprs]
    return out, {s: overflow_safe(u) for u, s in table.items()}


def fold_into_branches(e: sp.Mul) -> sp.Expr:
    """c·Piecewise((k·xⁿ, …), …)·h → Piecewise((ck·xⁿ, …), …)·h (c the product of the numeric
    factors, every branch a monomial): the branch is then one polynomial, evaluated in
    double-double and rounded once (star-ReLU′ = (2√5/5)·(2x): 0.5 ULP, not 0.72), and the
    constant can no longer overflow a branch (2x at 9·10³⁰⁷) on its own."""
    from .array_printer import into_monomial_branches, numeric_factor
    c, rest = numeric_factor(e)
    if not c.is_number or c in (1, -1) or rest == 1:
        return e
    folded = into_monomial_branches(c, rest)
    return e if folded is None else folded


def overflow_safe(u: sp.Expr) -> sp.Expr:
    r"""u expanded into monomials, each multiplied out coefficient first, ((c·x)·x)·…, as an
    unevaluated tree (the printers follow its argument order): (2√5/5)·x² − √5/5 at x = 1.4·10¹⁵⁴
    is finite although x² is not. The value is the same polynomial; double-double evaluation
    keeps it exact to about 2⁻¹⁰⁴ of its largest term either way."""
    terms = []
    for (k,), c in sp.Poly(u, X).terms():
        term = None if c == 1 and k > 0 else c
        for _ in range(k):
            term = X if term is None else sp.Mul(term, X, evaluate=False)
        terms.append(term)
    return terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)


__all__ = ["CORRECTED", "fold_into_branches", "mark", "overflow_safe", "worth_it"]
