"""How a fact is known.

``proved``     — a symbolic derivation (simplification to zero, exact substitution, SymPy limit,
                 a sign proved from the structure of the expression).
``certified``  — a rigorous enclosure from interval (ball) arithmetic with python-flint ``arb``.
``numeric``    — sampled or refined at high precision, without a proof that nothing was missed.
``unknown``    — the method ran out of budget or could not decide; the evidence says what was seen.

A result combining several ingredients is only as strong as its weakest one:

>>> from symact.core.methods import Method, weakest
>>> weakest(Method.PROVED, Method.CERTIFIED)
<Method.CERTIFIED: 'certified'>
>>> weakest()
<Method.PROVED: 'proved'>
"""
from __future__ import annotations

from enum import Enum


class Method(str, Enum):
    PROVED = "proved"
    CERTIFIED = "certified"
    NUMERIC = "numeric"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value

    @property
    def certain(self) -> bool:
        """``proved`` or ``certified``: the fact holds, not merely looks so."""
        return self in (Method.PROVED, Method.CERTIFIED)


_STRENGTH = {Method.PROVED: 3, Method.CERTIFIED: 2, Method.NUMERIC: 1, Method.UNKNOWN: 0}


def weakest(*methods: Method) -> Method:
    """The weakest of the given methods (``proved`` if none are given)."""
    return min(methods, key=_STRENGTH.__getitem__, default=Method.PROVED)
