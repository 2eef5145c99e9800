r"""Numeric code generation: stable NumPy functions for the value and the derivative.

>>> import numpy as np, symact
>>> f = symact.numeric("softplus")
>>> float(f(np.array([800.0]))[0])            # the textbook log(1 + eˣ) overflows here
800.0
>>> f(np.float32(3)).dtype
dtype('float32')

``symact.numeric(name_or_expression, backend="numpy", **params)`` returns a
:class:`NumericFunction`; ``f(x)`` is the value, ``f.value_and_grad(x)`` value and derivative
from one fused pass, ``f.source`` the generated code. The expression is rewritten by the stable
rules of :mod:`symact.codegen.rules` (each an identity proved by the verifier) before printing.
"""
from __future__ import annotations

import sympy as sp

from ..core.errors import ParseError
from ..core.symbols import X
from .compensate import compensate
from .function import NumericFunction
from .forms import best_form
from .rules import RULES, stabilize

__all__ = ["NumericFunction", "RULES", "compensate", "numeric", "stabilize"]


def _expression(activation, params: dict) -> tuple[str, sp.Expr]:
    from .. import api
    from ..catalog import Activation, canonical_name, get
    if isinstance(activation, Activation) or (isinstance(activation, str) and canonical_name(activation)):
        rec = activation if isinstance(activation, Activation) else get(activation)
        if rec.kind != "pointwise":
            raise ParseError(f"{rec.name} is a {rec.kind} activation: numeric() takes pointwise ones")
        return rec.name, rec.expression(params)
    if isinstance(activation, (str, sp.Basic)):
        expr, _ = api.prepare_expression(activation, params)
        return (activation.strip() if isinstance(activation, str) else sp.sstr(expr)), expr
    raise ParseError(f"numeric() takes an activation name or an expression, got {type(activation).__name__}")


def _limits(e: sp.Expr) -> tuple:
    """Proved limits of e at -∞ and +∞ (None where not proved): the values at x = ∓inf."""
    from ..core import settings
    from ..core.budget import Budget
    from ..prove.limits import Limits
    from ..prove.pieces import split
    budget = Budget(settings.USER_STEPS, settings.CALL_STEPS)
    try:
        pieces = split(e, X, budget)
    except Exception:  # noqa: BLE001 - no limit then
        return None, None
    limits = Limits(X, budget)
    out = []
    for piece, direction in ((pieces.pieces[0], -1), (pieces.pieces[-1], 1)):
        k = limits.at_infinity(piece.expr, direction)
        out.append(sp.sympify(k.value) if k.value is not None and k.method.certain else None)
    return tuple(out)


BACKENDS = {"numpy": "numpy_backend", "c": "c_backend", "cupy": "cupy_backend", "torch": "torch_backend", "jax": "jax_backend"}


def numeric(activation, backend: str = "numpy", **params) -> NumericFunction:
    """A vectorised, numerically stable function for a catalog activation or an expression in x.

    ``backend`` is one of :data:`BACKENDS`; each backend module has
    ``build(name, expr, stable, derivative, limits) -> NumericFunction`` where ``limits`` are the
    proved limits ``((f(-oo), f(+oo)), (f'(-oo), f'(+oo)))`` (None where not proved)."""
    import importlib
    if backend not in BACKENDS:
        raise ParseError(f"unknown backend {backend!r}: one of {', '.join(BACKENDS)}")
    name, expr = _expression(activation, params)
    exact_derivative = sp.diff(expr, X)
    stable = compensate(expr, best_form(expr))
    derivative = compensate(exact_derivative, best_form(exact_derivative))
    limits = (_limits(expr), _limits(exact_derivative))
    module = importlib.import_module(f"{__name__}.{BACKENDS[backend]}")
    out = module.build(name, expr, stable, derivative, limits)
    out.limits = limits  # another backend can be built from the same pieces
    return out
