"""Vector and gated activations: records whose ``build(n)`` returns inputs and outputs."""
from __future__ import annotations

import sympy as sp
from sympy import exp

from ..core.vocabulary import Phi, sigmoid
from .pointwise import relu_of
from .record import Activation


def symbols(n: int, name: str = "x") -> tuple[sp.Symbol, ...]:
    """``x1 … xn`` as real symbols."""
    return tuple(sp.Symbol(f"{name}{i}", real=True) for i in range(1, n + 1))


def softmax_of(xs) -> sp.Matrix:
    total = sum(exp(v) for v in xs)
    return sp.Matrix([exp(v) / total for v in xs])


def _softmax(n):
    xs = symbols(n)
    return xs, softmax_of(xs)


def _log_softmax(n):
    xs = symbols(n)
    lse = sp.log(sum(exp(v) for v in xs))
    return xs, sp.Matrix([v - lse for v in xs])


def _softmin(n):
    xs = symbols(n)
    return xs, softmax_of([-v for v in xs])


def _logsumexp(n):
    xs = symbols(n)
    return xs, sp.Matrix([sp.log(sum(exp(v) for v in xs))])


def _maxout(k):
    zs = symbols(k, "z")
    return zs, sp.Matrix([sp.Max(*zs)])


def _gated(gate):
    def build(_n=2):
        a_, b_ = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
        return (a_, b_), sp.Matrix([a_ * gate(b_)])
    return build


VECTOR: list[Activation] = [
    Activation("softmax", "Softmax", None, kind="vector", build=_softmax, torch="torch.softmax",
               jax="jax.nn.softmax", keras="keras.activations.softmax", reference="Bridle 1990"),
    Activation("log_softmax", "Log-softmax", None, kind="vector", build=_log_softmax, torch="torch.log_softmax",
               jax="jax.nn.log_softmax", keras="keras.activations.log_softmax"),
    Activation("softmin", "Softmin", None, kind="vector", build=_softmin, torch="torch.nn.functional.softmin",
               jax="(none; softmax(-x))"),
    Activation("logsumexp", "Log-sum-exp", None, kind="vector", build=_logsumexp, torch="torch.logsumexp",
               jax="jax.nn.logsumexp", notes="A reduction: R^n -> R; its gradient is softmax."),
    Activation("maxout", "Maxout (k-way)", None, kind="vector", build=_maxout,
               torch="(none; amax over k linear pieces)", jax="(none)", reference="Goodfellow et al. 2013",
               notes="max over k pre-activations z_i = w_i.x + b_i; shown here as a function of z."),
    Activation("glu", "Gated linear unit", None, kind="gated", build=_gated(sigmoid), torch="torch.nn.functional.glu",
               jax="jax.nn.glu", keras="keras.activations.glu", reference="Dauphin et al. 2017",
               notes="Input split in halves (a, b); output a * sigmoid(b)."),
    Activation("reglu", "ReGLU", None, kind="gated", build=_gated(relu_of), torch="(none)", jax="(none)",
               reference="Shazeer 2020"),
    Activation("geglu", "GEGLU", None, kind="gated", build=_gated(lambda u: u * Phi(u)), torch="(none)",
               jax="(none)", reference="Shazeer 2020"),
    Activation("swiglu", "SwiGLU", None, kind="gated", build=_gated(lambda u: u * sigmoid(u)), torch="(none)",
               jax="(none)", reference="Shazeer 2020"),
]
