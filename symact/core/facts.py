"""A fact: a typed value together with how it is known and why.

``key`` names the fact for machines, ``label`` for people; ``value`` is one of the typed values
of :mod:`symact.core.values` (or a bool); ``method`` says how it is known and ``evidence``
says what ran, in one line a reader can re-check. Text is made from the value at the edge
(:mod:`symact.report`), never stored here.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .methods import Method
from .values import value_json


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: Any
    method: Method
    evidence: str = ""

    def demoted(self, reason: str) -> "Fact":
        """The same fact labelled ``unknown``, with ``reason`` (a counterexample) added."""
        return replace(self, method=Method.UNKNOWN, evidence=f"{reason}; was: {self.method}: {self.evidence}")

    def to_json(self) -> dict:
        return {"key": self.key, "label": self.label, "value": value_json(self.value),
                "method": str(self.method), "evidence": self.evidence}


@dataclass(frozen=True)
class Known:
    """An intermediate result inside the analysis: a value, its method and evidence."""

    value: Any
    method: Method
    evidence: str = ""
