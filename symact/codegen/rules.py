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
exp(u) − 1                expm1(u)                                 cancellation near 0
log(1 + u)                log1p(u)                                 rounding of 1 + u
log(σ(u))                 −softplus(−u)                            σ underflows for u ≪ 0
========================  =======================================  ==============================

σ, softplus and Φ themselves are evaluated by stable library kernels (scipy's ``expit``,
``np.logaddexp(0, ·)``, ``ndtr``), never from their textbook formulas.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

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


def _one_plus(e: sp.Expr, func) -> tuple[int, sp.Expr] | None:
    """``1 + s·func(u)`` → (s, u) for s = ±1."""
    parts = _add_parts(e)
    if parts is None or len(parts) != 2 or sp.S.One not in parts:
        return None
    other = parts[0] if parts[1] == 1 else parts[1]
    coeff, rest = other.as_coeff_Mul()
    if coeff in (1, -1) and isinstance(rest, func):
        return int(coeff), rest.args[0]
    return None


def _tanh_complement(e):
    found = _one_plus(e, sp.tanh)
    if found is None:
        return None
    s, u = found
    return 2 * sigmoid(2 * s * u)


def _erf_complement(e):
    found = _one_plus(e, sp.erf)
    if found is None:
        return None
    s, u = found
    return sp.erfc(-s * u)


def _sigmoid_complement(e):
    found = _one_plus(e, sigmoid)
    if found is None or found[0] != -1:
        return None
    return sigmoid(-found[1])


def _phi_complement(e):
    found = _one_plus(e, Phi)
    if found is None or found[0] != -1:
        return None
    return Phi(-found[1])


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
    parts = _add_parts(e)
    if parts is None or len(parts) != 2 or sp.S.NegativeOne not in parts:
        return None
    other = parts[0] if parts[1] == -1 else parts[1]
    if isinstance(other, sp.exp):
        return EXPM1(other.args[0])
    return None


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
    return expr
