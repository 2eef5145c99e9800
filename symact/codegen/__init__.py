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
Only the ``numpy`` backend exists so far (C, CuPy, PyTorch, JAX: not yet).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy as sp

from ..core.errors import ParseError
from ..core.symbols import X
from .rules import RULES, stabilize

__all__ = ["NumericFunction", "RULES", "numeric", "stabilize"]


@dataclass
class NumericFunction:
    name: str
    expr: sp.Expr
    stable: sp.Expr
    derivative: sp.Expr
    source: str
    _value: Callable = field(repr=False, default=None)
    _both: Callable = field(repr=False, default=None)

    def __call__(self, x):
        return self._value(x)

    def value_and_grad(self, x):
        return self._both(x)


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


def numeric(activation, backend: str = "numpy", **params) -> NumericFunction:
    """A vectorised, numerically stable function for a catalog activation or an expression in x."""
    if backend != "numpy":
        raise ParseError(f"backend {backend!r} is not available yet (numpy only)")
    import numpy as np
    import scipy.special as sps
    from .numpy_backend import source
    from .runtime import NAMESPACE
    name, expr = _expression(activation, params)
    stable = stabilize(expr)
    derivative = stabilize(sp.diff(expr, X))
    try:
        code = source(stable, derivative, "f", (_limits(expr), _limits(sp.diff(expr, X))))
    except (ValueError, NotImplementedError) as exc:  # a function without a kernel yet
        from ..core.errors import UnsupportedError
        raise UnsupportedError(f"cannot generate code for {name}: {str(exc).splitlines()[0][:120]}") from None
    namespace = {"_np": np, "_sp": sps, **NAMESPACE}
    exec(compile(code, f"<symact.numeric {name}>", "exec"), namespace)  # noqa: S102 - our own printer's output
    return NumericFunction(name, expr, stable, derivative, code, namespace["f"], namespace["f_value_and_grad"])
