r"""Signs read off the structure of an expression: exact reasoning only.

:func:`structural_sign` decides the sign of an expression whose variables carry SymPy
assumptions (a half-line written as :math:`x = a + p`, :math:`p > 0`): SymPy's own assumptions,
then products and powers factor by factor, sums of terms of one sign, and differences of
exponentials :math:`a e^u - b e^v` (a, b > 0) by the sign of :math:`u + \log a - v - \log b`.
``None`` means undecided, never "probably".

>>> import sympy as sp
>>> p = sp.Symbol("p", positive=True)
>>> structural_sign(sp.exp(p) - 1), structural_sign(2 * sp.exp(p) - 3)
(1, None)
"""
from __future__ import annotations

import sympy as sp


def structural_sign(e: sp.Expr) -> int | None:
    """+1 / -1 when the sign is proved from the structure of ``e``, else ``None``."""
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    if e.is_Mul:
        total = 1
        for factor in e.args:
            s = structural_sign(factor)
            if not s:
                return None
            total *= s
        return total
    if e.is_Pow and e.exp.is_Integer:
        s = structural_sign(e.base)
        if not s:
            return None
        return 1 if (s > 0 or int(e.exp) % 2 == 0) else -1
    if e.is_Pow and e.exp.is_Rational and structural_sign(e.base) == 1:
        return 1
    if e.is_Add:
        signs = [structural_sign(t) for t in e.args]
        if all(s == 1 for s in signs):
            return 1
        if all(s == -1 for s in signs):
            return -1
        if len(e.args) == 2:
            return _exponential_difference(e)
    return None


def _exponential_difference(e: sp.Expr) -> int | None:
    logs = []
    for term in e.args:
        coeff, rest = term.as_coeff_Mul()
        if rest == 1:  # a constant term c: write it as sign(c)·e^{log|c|}
            if coeff == 0:
                return None
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


def positive_factors_removed(e: sp.Expr) -> tuple[sp.Expr, int]:
    """``(core, sign)`` with ``e = sign · (positive factors) · core``: factors whose sign the
    structure proves are dropped (σ > 0, eˣ > 0, constants), which keeps equations small."""
    sign = 1
    kept = []
    for factor in sp.Mul.make_args(sp.factor_terms(e)):
        s = structural_sign(factor) if not factor.is_number or factor.is_real else None
        if s:
            sign *= s
        else:
            kept.append(factor)
    return sp.Mul(*kept), sign
