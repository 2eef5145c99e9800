"""Turn a user's text and ``--param`` values into a checked expression in ``x``."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from .catalog import catalog_functions
from .domain import NotDefinedOnReals, check_defined_on_reals
from .parsing import X, ParseError, parse_expression, parse_number


def build_user_expression(text, params: Mapping[str, object]) -> tuple[sp.Expr, dict]:
    """Parse ``text`` with the declared parameters substituted; reject what is not f(x)."""
    values = {}
    for name, raw in params.items():
        if not str(name).isidentifier() or name == "x":
            raise ParseError(f"bad parameter name {name!r}")
        values[name] = raw if isinstance(raw, sp.Expr) else parse_number(str(raw))
    symbols = {n: sp.Symbol(n, real=True) for n in values}
    if isinstance(text, sp.Expr):
        expr = text
    else:
        expr = parse_expression(str(text), parameters=symbols, functions=catalog_functions())
    expr = expr.subs({symbols[n]: v for n, v in values.items()})
    if expr.free_symbols - {X}:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols - {X}))
        raise ParseError(f"unknown name(s) {names}: only x and declared parameters may appear")
    if not expr.has(X):
        raise ParseError(f"{text!r} does not depend on x: an activation is a function of x")
    if expr.has(sp.I) or expr.has(sp.zoo) or expr.has(sp.nan):
        raise ParseError(f"{text!r} is not real-valued")
    try:
        check_defined_on_reals(expr, X)
    except NotDefinedOnReals as exc:
        raise ParseError(str(exc)) from None
    return expr, values
