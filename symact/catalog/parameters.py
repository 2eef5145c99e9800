"""Parameters of catalog activations, and the one path by which any value becomes exact.

Every parameter value (Python int/float/Fraction, SymPy number, or text such as ``"3/2"`` or
``"sqrt(2)"``) goes through :func:`exact_value`: floats by their shortest repr (``1.5`` → 3/2,
``0.1`` → 1/10), text through the restricted parser. Nothing else converts parameters.

>>> from symact.catalog.parameters import exact_value
>>> exact_value(1.5), exact_value("1/8"), exact_value(2)
(3/2, 1/8, 2)
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from ..core.errors import CatalogError, ParseError
from ..parse import parse_number, shorten


def exact_value(value: Any, name: str = "parameter") -> sp.Expr:
    """``value`` as an exact finite real SymPy number, or :class:`CatalogError`."""
    if isinstance(value, bool) or value is None:
        raise CatalogError(f"{name} value {value!r} is not a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CatalogError(f"{name} value {value!r} is not a finite real number")
        return sp.Rational(repr(value))
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or value.free_symbols or value.is_real is not True:
            raise CatalogError(f"{name} value {shorten(sp.sstr(value))} is not a finite real number")
        return value
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ParseError as exc:
            raise CatalogError(f"{name}: {exc}") from None
    raise CatalogError(f"{name} value of type {type(value).__name__} is not a number")


_ASSUMPTIONS = {"positive": {"positive": True}, "nonnegative": {"nonnegative": True}, "real": {"real": True}}


@dataclass(frozen=True)
class Parameter:
    """A named parameter: its symbol, exact default, and the condition a value must meet."""

    name: str
    symbol: sp.Symbol
    default: sp.Expr
    condition: str = "real"  # "real" | "positive" | "nonnegative"
    description: str = ""

    def check(self, value: sp.Expr) -> None:
        holds = {"real": value.is_real, "positive": value.is_positive,
                 "nonnegative": value.is_nonnegative}[self.condition]
        if holds is not True:
            raise CatalogError(f"parameter {self.name} must be {self.condition}, got {shorten(sp.sstr(value))}")


def parameter(name: str, default, condition: str = "real", description: str = "") -> Parameter:
    """A :class:`Parameter` whose symbol carries the condition as a SymPy assumption."""
    return Parameter(name, sp.Symbol(name, **_ASSUMPTIONS[condition]), exact_value(default, name),
                     condition, description)
