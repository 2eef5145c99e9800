"""What a fact function sees: the analysis, the other facts, and a cache for shared work."""
from __future__ import annotations

from typing import Any, Callable

from ..core.facts import Fact
from .ingredients import Analysis


class FactContext:
    def __init__(self, analysis: Analysis, compute: Callable[[str], Fact]):
        self.a = analysis
        self._compute = compute
        self._shared: dict[str, Any] = {}

    def fact(self, key: str) -> Fact:
        """Another fact of the same profile (computed on first use)."""
        return self._compute(key)

    def shared(self, key: str, make: Callable[[], Any]) -> Any:
        """Work shared by several facts (ranges, segments), computed once."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]
