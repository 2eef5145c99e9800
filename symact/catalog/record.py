"""The catalog record: one activation, defined once as a SymPy expression."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

from ..core.errors import CatalogError
from ..core.symbols import X
from .parameters import Parameter, exact_value


@dataclass(frozen=True)
class Activation:
    """One catalog record.

    ``expr`` is the definition in :data:`~symact.core.symbols.X` (pointwise kind) or ``None``
    for vector kinds, which use ``build(n)`` to return ``(input symbols, output matrix)``.
    ``torch`` / ``jax`` / ``keras`` name the framework functions; ``reference`` the paper.
    """

    name: str
    title: str
    expr: sp.Expr | None
    kind: str = "pointwise"  # pointwise | vector | gated
    params: tuple[Parameter, ...] = ()
    aliases: tuple[str, ...] = ()
    torch: str = ""
    jax: str = ""
    keras: str = ""
    reference: str = ""
    notes: str = ""
    constraints: tuple[tuple[str, Callable[[Mapping[str, sp.Expr]], bool]], ...] = ()
    build: Callable[[int], tuple[tuple[sp.Symbol, ...], sp.Matrix]] | None = field(default=None, repr=False)
    default_size: int = 3

    def parameter_values(self, overrides: Mapping[str, object] | None = None) -> dict[str, sp.Expr]:
        """Every parameter by name: the defaults with ``overrides`` applied, exact and checked."""
        overrides = dict(overrides or {})
        known = {p.name: p for p in self.params}
        for name in overrides:
            if name not in known:
                listed = ", ".join(known) or "none"
                raise CatalogError(f"{self.name} has no parameter '{name}' (parameters: {listed})")
        named = {}
        for p in self.params:
            value = exact_value(overrides[p.name], p.name) if p.name in overrides else p.default
            p.check(value)
            named[p.name] = value
        for message, holds in self.constraints:
            if not holds(named):
                raise CatalogError(f"{self.name}: {message}")
        return named

    def expression(self, overrides: Mapping[str, object] | None = None) -> sp.Expr:
        """The definition with parameter values substituted (defaults unless overridden)."""
        if self.expr is None:
            raise CatalogError(f"{self.name} is a {self.kind} activation, not a function of one x")
        named = self.parameter_values(overrides)
        return self.expr.subs({p.symbol: named[p.name] for p in self.params})

    def __call__(self, arg: sp.Expr) -> sp.Expr:
        """Apply the activation (at its default parameters) to a SymPy argument."""
        return self.expression().subs(X, arg)
