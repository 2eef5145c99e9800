r"""Claims answered from the profile of an expression: ranges, extrema, properties.

The verdict inherits the fact's method: a ``proved`` or ``certified`` fact that agrees with
the claim proves or certifies it, one that contradicts it refutes it (the evidence quotes the
fact, and a counterexample is given where the contradiction is a point), and a ``numeric`` or
``unknown`` fact leaves the claim ``unknown`` with the fact as its evidence.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ..core.budget import Budget
from ..core import settings
from ..core.methods import Method
from ..core.values import Number
from ..numeric.numbers import exact_number, order
from ..prove.order import compare
from .claims import ApproxExtremum, Claim, PropertyClaim, RangeClaim
from .verdicts import Status, Verdict


def _profile(expr: sp.Expr):
    from .. import api
    return api.analyze(expr)


def _status(method: Method) -> Status:
    return Status.PROVED if method is Method.PROVED else Status.CERTIFIED


def _fact_line(fact) -> str:
    from ..report.text import value_text
    return f"{fact.label}: {value_text(fact)} [{fact.method}] ({fact.evidence})"


def range_claim(claim: Claim, body: RangeClaim) -> Verdict:
    fact = _profile(body.expr)["range"]
    line = _fact_line(fact)
    if fact.value is None or not fact.method.certain:
        return Verdict(claim.text, Status.UNKNOWN, (line,))
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    parts = fact.value.parts
    if fact.value.period is not None or len(parts) != len(body.parts):
        return Verdict(claim.text, Status.REFUTED, (line,))
    undecided = False
    for got, want in zip(parts, body.parts):
        lo, hi, lo_c, hi_c = want
        if got.lo_closed != lo_c and not got.lo.is_infinite or got.hi_closed != hi_c and not got.hi.is_infinite:
            return Verdict(claim.text, Status.REFUTED, (line, "an end differs in being open or closed"))
        for have, claimed in ((got.lo, lo), (got.hi, hi)):
            c = compare(have, exact_number(claimed), budget)
            if c.value is None or not c.method.certain:
                undecided = True
            elif c.value != 0:
                return Verdict(claim.text, Status.REFUTED, (line, f"an end is not {sp.sstr(claimed)}"))
    if undecided:
        return Verdict(claim.text, Status.UNKNOWN, (line, "an end could not be compared exactly"))
    return Verdict(claim.text, _status(fact.method), (line,))


def approx_extremum(claim: Claim, body: ApproxExtremum) -> Verdict:
    key = "minimum" if body.kind == "min" else "maximum"
    fact = _profile(body.expr)[key]
    line = _fact_line(fact)
    ext = fact.value
    if ext is None or ext.status == "unknown" or not fact.method.certain:
        return Verdict(claim.text, Status.UNKNOWN, (line,))
    if ext.status != "attained":
        return Verdict(claim.text, Status.REFUTED, (line, f"the {body.kind}imum is {ext.status}"))
    verdict = _within(ext.value, body.value, body.value_tolerance)
    if verdict is False:
        return Verdict(claim.text, Status.REFUTED, (line, f"value not within ±{sp.sstr(body.value_tolerance)} "
                                                          f"of {sp.sstr(body.value)}"))
    if body.at is not None:
        places = ext.where.parts if ext.where is not None else ()
        if len(places) != 1 or not places[0].is_point:
            return Verdict(claim.text, Status.UNKNOWN if verdict else Status.UNKNOWN,
                           (line, "attained on a set, not at one point"))
        at = _within(places[0].lo, body.at, body.at_tolerance)
        if at is False:
            return Verdict(claim.text, Status.REFUTED, (line, f"location not within ±{sp.sstr(body.at_tolerance)} "
                                                              f"of {sp.sstr(body.at)}"))
        verdict = verdict and at
    if verdict is None:
        return Verdict(claim.text, Status.UNKNOWN, (line, "the enclosure overlaps the edge of the tolerance"))
    return Verdict(claim.text, _status(fact.method), (line,))


def _within(n: Number, target: sp.Expr, tol: sp.Rational) -> bool | None:
    """Is the number within ±tol of target: True, False, or None when its enclosure straddles."""
    if n is None or not n.certified:
        return None
    with mpmath.workdps(60):
        a = mpmath.mpf(sp.N(target - tol, 60))
        b = mpmath.mpf(sp.N(target + tol, 60))
        if n.lo >= a and n.hi <= b:
            return True
        if n.hi < a or n.lo > b:
            return False
    return None


_SHAPES = {
    "increasing": ("monotonicity", {"strictly increasing", "non-decreasing", "constant"}),
    "strictly increasing": ("monotonicity", {"strictly increasing"}),
    "decreasing": ("monotonicity", {"strictly decreasing", "non-increasing", "constant"}),
    "strictly decreasing": ("monotonicity", {"strictly decreasing"}),
    "monotone": ("monotonicity", {"strictly increasing", "non-decreasing", "strictly decreasing",
                                  "non-increasing", "constant"}),
    "convex": ("convexity", {"convex", "linear"}),
    "concave": ("convexity", {"concave", "linear"}),
}


def property_claim(claim: Claim, body: PropertyClaim) -> Verdict:
    p = _profile(body.expr)
    if body.prop in _SHAPES:
        key, good = _SHAPES[body.prop]
        fact = p[key]
        summary = fact.value.summary if fact.value is not None else "undecided"
        return _judge(claim, fact, summary in good if summary != "undecided" else None)
    if body.prop in ("odd", "even"):
        fact = p["parity"]
        name = fact.value.name if fact.value is not None else None
        holds = None if name in (None, "unknown") else (name == body.prop or name == "both")
        return _judge(claim, fact, holds)
    if body.prop == "bounded":
        fact = p["bounded"]
        return _judge(claim, fact, None if fact.value is None else fact.value.name == "bounded")
    if body.prop == "zero-centred":
        fact = p["zero_centred"]
        name = fact.value.name if fact.value is not None else None
        return _judge(claim, fact, None if name in (None, "unknown") else name in ("odd", "yes"))
    if body.prop in ("C", "smooth", "continuous"):
        fact = p["smoothness"]
        v = fact.value
        if v is None:
            return _judge(claim, fact, None)
        want = None if body.prop == "smooth" else 0 if body.prop == "continuous" else body.order
        have = v.order  # None: C^∞
        if have is None:
            return _judge(claim, fact, True)
        if want is None:
            return _judge(claim, fact, False if not v.at_least else None)
        if have >= want:
            return _judge(claim, fact, True)
        return _judge(claim, fact, False if not v.at_least else None)
    if body.prop == "lipschitz":
        fact = p["lipschitz"]
        if fact.value is None:
            return _judge(claim, fact, None)
        budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
        c = compare(fact.value, exact_number(body.bound), budget)
        if c.value is None:
            o = order(fact.value, exact_number(body.bound))
            return _judge(claim, fact, None if o is None else o <= 0)
        return _judge(claim, fact, c.value <= 0, c.method)
    return Verdict(claim.text, Status.UNKNOWN, (f"property {body.prop} not supported",))


def _judge(claim: Claim, fact, holds: bool | None, extra: Method = Method.PROVED) -> Verdict:
    line = _fact_line(fact)
    if holds is None or not fact.method.certain or not extra.certain:
        return Verdict(claim.text, Status.UNKNOWN, (line,))
    if holds:
        method = Method.PROVED if fact.method is Method.PROVED and extra is Method.PROVED else Method.CERTIFIED
        return Verdict(claim.text, _status(method), (line,))
    return Verdict(claim.text, Status.REFUTED, (line,))
