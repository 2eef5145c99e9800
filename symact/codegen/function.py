"""The object every backend returns: the generated value and fused value-and-derivative."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import sympy as sp


@dataclass
class NumericFunction:
    name: str
    expr: sp.Expr
    stable: sp.Expr
    derivative: sp.Expr
    source: str
    _value: Callable = field(repr=False, default=None)
    _both: Callable = field(repr=False, default=None)
    limits: tuple = field(repr=False, default=((None, None), (None, None)))  # f, f' at (-oo, +oo)

    def __call__(self, x):
        return self._value(x)

    def value_and_grad(self, x):
        return self._both(x)


__all__ = ["NumericFunction"]
