"""Facts register themselves: a new fact is one decorated function.

>>> import symact.analysis.facts
>>> from symact.analysis.registry import specs
>>> list(specs())[:3]
['definition', 'derivative', 'second_derivative']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..core.facts import Fact


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    rank: int
    compute: Callable[["object"], Fact]


_SPECS: dict[str, FactSpec] = {}


def fact(key: str, label: str, rank: int):
    """Register ``fn(ctx) -> (value, method, evidence)`` as the fact ``key``, shown at ``rank``."""
    def register(fn):
        def compute(ctx) -> Fact:
            value, method, evidence = fn(ctx)
            return Fact(key, label, value, method, evidence)
        _SPECS[key] = FactSpec(key, label, rank, compute)
        return fn
    return register


def specs() -> dict[str, FactSpec]:
    """Every registered fact, in the order a profile derives and shows them (the fact modules
    register themselves when :mod:`symact.analysis.facts` is imported)."""
    return {s.key: s for s in sorted(_SPECS.values(), key=lambda s: s.rank)}
