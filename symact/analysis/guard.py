r"""The last line of defence: every ``proved`` or ``certified`` fact is checked against dense
50-digit samples of f, f′ and f″ (:mod:`symact.analysis.samples`) before it is shown.

A contradiction turns the fact into ``unknown`` with the counterexample in its evidence. It is
always a bug somewhere in symact; the test suite fails on any demotion in the catalog and in
the fuzz test. Tolerances are relative (10⁻³⁰ of the magnitude), never absolute.
"""
from __future__ import annotations

import bisect

import mpmath

from ..core.facts import Fact
from ..core.values import Extremum, Label, Number, RealSet, Shape
from .ingredients import Analysis
from .samples import sample_values, value_at

_REL = mpmath.mpf(10) ** -30
_TINY = mpmath.mpf(10) ** -300


def _tol(v) -> mpmath.mpf:
    return _REL * max(1, abs(v)) + _TINY


def _below(y, n: Number) -> bool:
    """y is certainly below n's enclosure (beyond tolerance)."""
    return n.certified and not mpmath.isinf(n.lo) and y < n.lo - _tol(y)


def _above(y, n: Number) -> bool:
    return n.certified and not mpmath.isinf(n.hi) and y > n.hi + _tol(y)


def _in_set(y, s: RealSet) -> bool:
    for p in s.parts:
        if not _below(y, p.lo) and not _above(y, p.hi):
            return True
    return False


def _inside(t, interval) -> bool:
    lo, hi = interval.lo, interval.hi
    return (lo.is_infinite or t > lo.hi) and (hi.is_infinite or t < hi.lo)


def _check_set(a: Analysis, k: int, s) -> str | None:
    if not isinstance(s, RealSet) or s.period is not None:
        return None
    for t, y in sample_values(a, k):
        if not _in_set(y, s):
            return f"sample f{chr(39) * k}({mpmath.nstr(t, 12)}) = {mpmath.nstr(y, 15)} is outside the stated set"
    return None


def _check_extremum(a: Analysis, e) -> str | None:
    if not isinstance(e, Extremum) or e.status != "attained" or e.value is None:
        return None
    for t, y in sample_values(a, 0):
        if (e.kind == "min" and _below(y, e.value)) or (e.kind == "max" and _above(y, e.value)):
            return f"sample f({mpmath.nstr(t, 12)}) = {mpmath.nstr(y, 15)} beats the stated {e.kind}imum"
    if e.where is not None:
        for part in e.where.parts:
            if part.is_point and part.lo.certified and not part.lo.is_infinite:
                with mpmath.workdps(60):
                    t = part.lo.approx
                y = value_at(a, 0, t)
                if y is not None and abs(y - e.value.approx) > mpmath.mpf(10) ** -20 * max(1, abs(y)) and \
                        part.lo.exact is not None:
                    return f"f({mpmath.nstr(t, 12)}) = {mpmath.nstr(y, 15)}, not the stated value"
    return None


def _check_shape(a: Analysis, k: int, shape) -> str | None:
    if not isinstance(shape, Shape) or shape.period is not None:
        return None
    samples = sample_values(a, k)  # sorted by t
    ts = [t for t, _ in samples]
    for run in shape.runs:
        want = {"increasing": 1, "convex": 1, "decreasing": -1, "concave": -1, "constant": 0, "linear": 0}[run.kind]
        lo, hi = run.interval.lo, run.interval.hi
        first = 0 if lo.is_infinite else bisect.bisect_right(ts, lo.hi)
        last = len(ts) if hi.is_infinite else bisect.bisect_left(ts, hi.lo)
        for t, y in samples[first:last]:
            if not _inside(t, run.interval):
                continue
            scale = _tol(y) + mpmath.mpf(10) ** -25
            if (want > 0 and y < -scale) or (want < 0 and y > scale) or (want == 0 and abs(y) > scale):
                return f"f{chr(39) * k}({mpmath.nstr(t, 12)}) = {mpmath.nstr(y, 10)} contradicts '{run.kind}' there"
    return None


def _check_parity(a: Analysis, label) -> str | None:
    if not isinstance(label, Label) or label.name not in ("odd", "even"):
        return None
    for t, y in sample_values(a, 0):
        z = value_at(a, 0, -t)
        if z is None:
            continue
        other = -y if label.name == "odd" else y
        if abs(z - other) > _tol(y) + _tol(z):
            return f"f({mpmath.nstr(-t, 8)}) = {mpmath.nstr(z, 12)} against f({mpmath.nstr(t, 8)}) = {mpmath.nstr(y, 12)}"
    return None


def _check_lipschitz(a: Analysis, n) -> str | None:
    if not isinstance(n, Number) or n.is_infinite:
        return None
    for t, y in sample_values(a, 1):
        if _above(abs(y), n):
            return f"|f'({mpmath.nstr(t, 12)})| = {mpmath.nstr(abs(y), 15)} exceeds the constant"
    return None


def _check_value(a: Analysis, n, at=0, k: int = 0) -> str | None:
    if not isinstance(n, Number) or n.is_infinite:
        return None
    y = value_at(a, k, mpmath.mpf(at))
    if y is not None and (_below(y, n) or _above(y, n)):
        return f"f{chr(39) * k}({at}) evaluates to {mpmath.nstr(y, 15)}"
    return None


def audit(a: Analysis, facts: dict[str, Fact]) -> dict[str, Fact]:
    """``facts`` with every contradicted proved/certified fact turned into ``unknown``."""
    checks = {
        "range": lambda v: _check_set(a, 0, v),
        "derivative_range": lambda v: _check_set(a, 1, v),
        "minimum": lambda v: _check_extremum(a, v),
        "maximum": lambda v: _check_extremum(a, v),
        "monotonicity": lambda v: _check_shape(a, 1, v),
        "convexity": lambda v: _check_shape(a, 2, v),
        "parity": lambda v: _check_parity(a, v),
        "lipschitz": lambda v: _check_lipschitz(a, v),
        "value_at_0": lambda v: _check_value(a, v) if 0 not in a.breaks else None,
        "dead_region": lambda v: _check_set_zero(a, v),
    }
    out = dict(facts)
    for key, check in checks.items():
        fact = facts.get(key)
        if fact is None or not fact.method.certain:
            continue
        with mpmath.workdps(80):  # comparisons at the samples' precision and beyond
            problem = check(fact.value)
        if problem:
            out[key] = fact.demoted(f"contradicted by a sample: {problem}")
    return out


def _check_set_zero(a: Analysis, s) -> str | None:
    if not isinstance(s, RealSet):
        return None
    for t, y in sample_values(a, 1):
        for p in s.parts:
            if _inside(t, p) and abs(y) > _tol(y):
                return f"f'({mpmath.nstr(t, 12)}) = {mpmath.nstr(y, 12)} inside the stated dead region"
    return None
