r"""Stable rewriting as data: each rule replaces a form that loses accuracy in floating point by
an equal one that does not. Every rule carries the identity it rests on, as a claim that
:func:`symact.verify` proves (``tests/test_codegen.py`` checks all of them).

========================  =======================================  ==============================
form                      stable form                              why
========================  =======================================  ==============================
1 + tanh(u)               2σ(2u)                                   cancellation for u ≪ 0
1 − tanh(u)               2σ(−2u)                                  cancellation for u ≫ 0
1 − tanh(u)²              4σ(2u)σ(−2u)                             cancellation, 0 past u ≈ 19
σ(u)(1 − σ(u))            σ(u)σ(−u)                                1 − σ(u) cancels for u ≫ 0
1 − σ(u)                  σ(−u)                                    cancellation
1 + erf(u), 1 − erf(u)    erfc(−u), erfc(u)                        cancellation
1 − Φ(u)                  Φ(−u)                                    cancellation
k − k·exp(u), exp(u) − 1  −k·expm1(u), expm1(u)                    cancellation near u = 0
log(1 + u)                log1p(u)                                 rounding of 1 + u
log(σ(u))                 −softplus(−u)                            σ underflows for u ≪ 0
exp(a)·exp(b)             exp(a + b)                               inf·0 where eᵃ overflows
========================  =======================================  ==============================

σ, softplus and Φ themselves are evaluated by stable library kernels (scipy's ``expit``,
``np.logaddexp(0, ·)``, ``ndtr``), never from their textbook formulas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from ..core.symbols import X
from ..core.vocabulary import Phi, sigmoid, softplus

EXPM1 = sp.Function("expm1")
LOG1P = sp.Function("log1p")


@dataclass(frozen=True)
class Rule:
    name: str
    claim: str | None  # the identity, in the claim language, that makes the rewrite exact (None: a definition)
    apply: Callable[[sp.Expr], sp.Expr | None]  # the stable form of a node, or None


def _add_parts(e: sp.Expr):
    return list(sp.Add.make_args(e)) if isinstance(e, sp.Add) else None


def _one_plus(e: sp.Expr, func) -> tuple[int, sp.Expr, sp.Expr, sp.Expr] | None:
    """``rest + k·(1 + s·func(u))`` → (s, u, k, rest) for s = ±1 and a number k ≠ 0: the
    complement may sit inside a longer sum and carry a factor (tanh(u)/2 + 1/2 + …)."""
    parts = _add_parts(e)
    if parts is None:
        return None
    constant, others = sp.S.Zero, []
    for p in parts:
        if p.is_number:
            constant += p
        else:
            others.append(p)
    if constant == 0:
        return None
    for k, other in enumerate(others):
        coeff, rest = other.as_coeff_Mul()
        if isinstance(rest, func) and coeff in (constant, -constant):
            s = 1 if coeff == constant else -1
            remaining = sp.Add(*(others[:k] + others[k + 1:]))
            return s, rest.args[0], constant, remaining
    return None


def _tanh_complement(e):
    found = _one_plus(e, sp.tanh)
    if found is None:
        return None
    s, u, k, rest = found
    return rest + 2 * k * sigmoid(2 * s * u)


def _erf_complement(e):
    found = _one_plus(e, sp.erf)
    if found is None:
        return None
    s, u, k, rest = found
    return rest + k * sp.erfc(-s * u)


def _sigmoid_complement(e):
    found = _one_plus(e, sigmoid)
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest + k * sigmoid(-u)


def _phi_complement(e):
    found = _one_plus(e, Phi)
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest + k * Phi(-u)


def _sech_squared(e):
    parts = _add_parts(e)
    if parts is None or len(parts) != 2 or sp.S.One not in parts:
        return None
    other = parts[0] if parts[1] == 1 else parts[1]
    coeff, rest = other.as_coeff_Mul()
    if coeff == -1 and isinstance(rest, sp.Pow) and rest.exp == 2 and isinstance(rest.base, sp.tanh):
        u = rest.base.args[0]
        return 4 * sigmoid(2 * u) * sigmoid(-2 * u)
    return None


def _expm1(e):
    """k·eᵘ − k → k·expm1(u), k − k·eᵘ → −k·expm1(u) (also inside a longer sum)."""
    found = _one_plus(e, sp.exp)
    if found is None or found[0] != -1:
        return None
    _, u, k, rest = found
    return rest - k * EXPM1(u)


def _exp_product(e):
    """eᵃ·eᵇ → e^{a+b}: eˣ·e^{−eˣ} (cloglog′) is inf·0 = nan at x = 800, e^{x − eˣ} is 0."""
    if not isinstance(e, sp.Mul):
        return None
    exps = [f for f in e.args if isinstance(f, sp.exp)]
    if len(exps) < 2:
        return None
    rest = [f for f in e.args if not isinstance(f, sp.exp)]
    return sp.Mul(*rest) * sp.exp(sp.Add(*[f.args[0] for f in exps]), evaluate=False)


def _log1p(e):
    if isinstance(e, sp.log):
        parts = _add_parts(e.args[0])
        if parts is not None and sp.S.One in parts and len(parts) == 2:
            other = parts[0] if parts[1] == 1 else parts[1]
            return LOG1P(other)
    return None


def _log_sigmoid(e):
    if isinstance(e, sp.log) and isinstance(e.args[0], sigmoid):
        return -softplus(-e.args[0].args[0])
    return None


RULES: tuple[Rule, ...] = (
    Rule("1 + tanh(u) = 2σ(2u)", "1 + tanh(x) == 2*sigmoid(2*x)", _tanh_complement),
    Rule("1 − tanh(u) = 2σ(−2u)", "1 - tanh(x) == 2*sigmoid(-2*x)", _tanh_complement),
    Rule("1 − tanh(u)² = 4σ(2u)σ(−2u)", "1 - tanh(x)**2 == 4*sigmoid(2*x)*sigmoid(-2*x)", _sech_squared),
    Rule("1 − σ(u) = σ(−u)", "1 - sigmoid(x) == sigmoid(-x)", _sigmoid_complement),
    Rule("1 ± erf(u) = erfc(∓u)", "1 + erf(x) == erfc(-x)", _erf_complement),
    Rule("1 − erf(u) = erfc(u)", "1 - erf(x) == erfc(x)", _erf_complement),
    Rule("1 − Φ(u) = Φ(−u)", "1 - Phi(x) == Phi(-x)", _phi_complement),
    Rule("exp(u) − 1 = expm1(u)", None, _expm1),  # the definition of np.expm1
    Rule("log(1 + u) = log1p(u)", None, _log1p),  # the definition of np.log1p
    Rule("exp(a)·exp(b) = exp(a + b)", "exp(x)*exp(-exp(x)) == exp(x - exp(x))", _exp_product),
    Rule("log σ(u) = −softplus(−u)", "log(sigmoid(x)) == -softplus(-x)", _log_sigmoid),
)


def stabilize(expr: sp.Expr) -> sp.Expr:
    """``expr`` with every rule applied, innermost first, until nothing changes."""
    def step(e):
        if not e.args:
            return e
        e = e.func(*[step(a) for a in e.args]) if not isinstance(e, sp.Piecewise) else sp.Piecewise(
            *[(step(v), c) for v, c in e.args])
        for rule in RULES:
            out = rule.apply(e)
            if out is not None:
                return step(out) if out != e else e
        # σ(u)·(1 − σ(u)) inside a product: the complement rule has already turned it into σ(u)σ(−u)
        return e
    previous = None
    while previous != expr:
        previous, expr = expr, step(expr)
    return _guard_roots(expr)


HUGE = sp.Integer(2) ** 500  # past this |x|, x² overflows double precision (and x⁴ much sooner)


def _quadratic(q: sp.Expr):
    """(a, b, c) when q = a·x² + b·x + c with numbers a > 0, b, c; else None."""
    if not q.has(X) or not q.free_symbols <= {X}:
        return None
    try:
        poly = sp.Poly(q, X)
    except sp.PolynomialError:
        return None
    if poly.degree() != 2:
        return None
    a, b, c = poly.all_coeffs()
    return (a, b, c) if all(v.is_number and v.is_real for v in (a, b, c)) and a > 0 else None


def _root_of_quadratic(e: sp.Expr):
    r"""(a x² + b x + c)^{k/2} → |x|^k (a + b/x + c/x²)^{k/2} for |x| > 2⁵⁰⁰ (k odd): x² would
    overflow (x/√(x² + 1) = 0 at 1e300, exact −1). An identity for x ≠ 0."""
    if not (isinstance(e, sp.Pow) and e.exp.is_Rational and e.exp.q == 2):
        return None
    abc = _quadratic(e.base)
    if abc is None:
        return None
    a, b, c = abc
    far = sp.Abs(X) ** e.exp.p * sp.Pow(a + b / X + c / X**2, e.exp, evaluate=False)
    return sp.Piecewise((far, sp.Abs(X) > HUGE), (e, True))


def _conjugate(e: sp.Expr):
    r"""A + c√q with c²q − A² free of x (the sum cancels where A < 0 < c√q):
    rac{c^2 q - A^2}{c\sqrt q - A} there (x/2 + √(x² + 4)/2 = 1/(√(x² + 4)/2 − x/2), exact)."""
    if not isinstance(e, sp.Add):
        return None
    for k, term in enumerate(e.args):
        coeff, rest = term.as_coeff_Mul()
        if coeff > 0 and isinstance(rest, sp.Pow) and rest.exp == sp.Rational(1, 2) and _quadratic(rest.base):
            other = sp.Add(*(e.args[:k] + e.args[k + 1:]))
            if not other.has(X):
                return None
            numerator = sp.expand(coeff**2 * rest.base - other**2)
            if numerator.has(X) or numerator == 0:
                return None
            return sp.Piecewise((numerator / (term - other), other < 0), (e, True))
    return None


def _guard_roots(expr: sp.Expr) -> sp.Expr:
    """One bottom-up pass (each node rewritten at most once: the guarded forms keep the
    original as their other branch) of the conjugate and the overflow guard."""
    def walk(e):
        if not e.args or not isinstance(e, sp.Expr):
            return e
        if isinstance(e, sp.Piecewise):
            return sp.Piecewise(*[(walk(v), c) for v, c in e.args])
        out = _conjugate(e)
        if out is not None:
            (near, cond), (orig, _) = out.args
            return sp.Piecewise((_guard_all(near), cond), (_guard_all(orig), True))
        e = e.func(*[walk(a) for a in e.args])
        out = _root_of_quadratic(e)
        return out if out is not None else e
    return walk(expr)


def _guard_all(e):
    """The overflow guard on every root of a quadratic inside e (no conjugate)."""
    if not e.args or not isinstance(e, sp.Expr):
        return e
    if isinstance(e, sp.Piecewise):
        return sp.Piecewise(*[(_guard_all(v), c) for v, c in e.args])
    e = e.func(*[_guard_all(a) for a in e.args])
    out = _root_of_quadratic(e)
    return out if out is not None else e
