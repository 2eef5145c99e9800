"""Facts: a value together with how it is known.

``proved``     — a symbolic derivation (simplification to zero, exact substitution, SymPy limit).
``certified``  — a rigorous enclosure from interval (ball) arithmetic with python-flint ``arb``.
``numeric``    — sampled or refined at high precision, without a proof that nothing was missed.
``unknown``    — the method ran out of budget or could not decide; evidence says what was seen.

A claim combining several ingredients is only as strong as its weakest one (:func:`weakest`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Method(str, Enum):
    PROVED = "proved"
    CERTIFIED = "certified"
    NUMERIC = "numeric"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value


_STRENGTH = {Method.PROVED: 3, Method.CERTIFIED: 2, Method.NUMERIC: 1, Method.UNKNOWN: 0}


def weakest(*methods: Method) -> Method:
    """The weakest of the given methods (``proved`` if none are given)."""
    return min(methods, key=_STRENGTH.__getitem__, default=Method.PROVED)


@dataclass(frozen=True)
class Known:
    """An intermediate result: a value, its method and a one-line evidence string."""

    value: Any
    method: Method
    evidence: str = ""


@dataclass(frozen=True)
class Fact:
    """One profile entry: ``key`` for machines, ``label`` for people, ``text`` the value shown."""

    key: str
    label: str
    text: str
    method: Method
    evidence: str = ""
    value: Any = field(default=None, compare=False)
    latex: str = ""

    def to_json(self) -> dict:
        out = {"key": self.key, "label": self.label, "value": self.text,
               "method": str(self.method), "evidence": self.evidence}
        if self.latex:
            out["latex"] = self.latex
        return out
