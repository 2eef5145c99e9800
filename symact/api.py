r"""The public entry points, and the one place that joins a catalog record to its analysis.

>>> import symact
>>> symact.profile("elu", alpha="3/2")["range"].value.parts[0].lo.exact
-3/2
>>> symact.analyze("x*sigmoid(b*x)", {"b": 2})["value_at_0"].value.exact
0

Every error caused by the input is a :class:`~symact.core.errors.SymactError` (a
``ParseError``, ``CatalogError``, ``DomainError`` or ``UnsupportedError``) with a one-line
message.
"""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from .analysis.ingredients import Analysis
from .analysis.profile import Profile
from .catalog import Activation, canonical_name, catalog_functions, exact_value, get
from .core import settings
from .core.budget import Budget
from .core.errors import CatalogError, ParseError
from .core.symbols import X
from .parse import parse_expression, shorten
from .parse.expressions import check_real_constants
from .prove.domain import check_defined
from .prove.pieces import split

_PROFILES: dict = {}
_VECTORS: dict = {}


def prepare_expression(text_or_expr, params: Mapping[str, object] | None = None) -> tuple[sp.Expr, dict]:
    """Parse ``text_or_expr`` (no eval) with the declared parameters substituted exactly, and
    check it is a real function of x on all of ℝ."""
    params = dict(params or {})
    values = {}
    for name, raw in params.items():
        if not isinstance(name, str) or not name.isidentifier() or name == "x":
            raise ParseError(f"bad parameter name {shorten(str(name), 20)!r}")
        try:
            values[name] = exact_value(raw, name)
        except CatalogError as exc:
            raise ParseError(str(exc)) from None
    symbols = {n: sp.Symbol(n, real=True) for n in values}
    if isinstance(text_or_expr, sp.Basic):
        if not isinstance(text_or_expr, sp.Expr):
            raise ParseError("expected an arithmetic expression in x")
        expr = text_or_expr
        check_real_constants(expr)
    elif isinstance(text_or_expr, str):
        expr = parse_expression(text_or_expr, parameters=symbols, functions=catalog_functions())
    else:
        raise ParseError(f"an expression is text or a SymPy expression, got {type(text_or_expr).__name__}")
    expr = expr.subs({symbols[n]: v for n, v in values.items()})
    shown = shorten(str(text_or_expr))
    if expr.free_symbols - {X}:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols - {X}))
        raise ParseError(f"unknown name(s) {names}: only x and declared parameters may appear")
    if not expr.has(X):
        raise ParseError(f"{shown!r} does not depend on x: an activation is a function of x")
    check_real_constants(expr, shown)
    return expr, values


def _profile_of(expr: sp.Expr, name: str, record: Activation | None, params: dict,
                steps: int = settings.PROFILE_STEPS) -> Profile:
    budget = Budget(steps, settings.CALL_STEPS)
    pieces = split(expr, X, budget)
    check_defined(pieces, X, budget)
    return Profile(expr, name, record, params, Analysis(expr, X, budget, pieces))


def analyze(text_or_expr, params: Mapping[str, object] | None = None) -> Profile:
    """The profile of a user expression in ``x`` (text is parsed without eval)."""
    expr, values = prepare_expression(text_or_expr, params)
    key = ("expr", sp.srepr(expr))
    if key not in _PROFILES:
        name = text_or_expr.strip() if isinstance(text_or_expr, str) else sp.sstr(expr)
        # a catalog activation typed out gets the catalog's budget (and so the same facts);
        # anything else the smaller one that keeps every answer within 10 s
        steps = settings.PROFILE_STEPS if key in _catalog_keys() else settings.USER_STEPS
        _PROFILES[key] = _profile_of(expr, name, None, values, steps)
    return _PROFILES[key]


_CATALOG_KEYS: set = set()


def _catalog_keys() -> set:
    if not _CATALOG_KEYS:
        from .catalog import CATALOG
        for rec in CATALOG.values():
            if rec.kind == "pointwise":
                _CATALOG_KEYS.add(("expr", sp.srepr(rec.expression())))
    return _CATALOG_KEYS


def profile(activation, **params) -> Profile:
    """The profile of a catalog activation (a name, alias or record) at its default parameters
    or at ``params`` (ints, floats, fractions, SymPy numbers or text such as ``"3/2"``)."""
    record = activation if isinstance(activation, Activation) else get(activation)
    if record.kind != "pointwise":
        raise CatalogError(f"{record.name} is a {record.kind} activation: use symact.vector_profile")
    values = record.parameter_values(params)
    key = (record.name, tuple((k, sp.srepr(v)) for k, v in values.items()))
    if key not in _PROFILES:
        _PROFILES[key] = _profile_of(record.expression(values), record.name, record,
                                     {k: v for k, v in values.items()})
    return _PROFILES[key]


def vector_profile(activation, n: int | None = None):
    """The profile of a vector or gated activation at size ``n``."""
    from .analysis.vector import VectorProfile
    record = activation if isinstance(activation, Activation) else get(activation)
    if record.kind == "pointwise":
        raise CatalogError(f"{record.name} is pointwise: use symact.profile")
    key = (record.name, n)
    if key not in _VECTORS:
        _VECTORS[key] = VectorProfile(record, n)
    return _VECTORS[key]


def resolve(name: str) -> str | None:
    """The canonical catalog name for ``name``, or ``None``."""
    return canonical_name(name)
