"""Every catalog profile, checked against samples from SymPy's own evalf (not symact's
evaluators): a fact that is proved or certified must agree with every sample, the guard must
not have demoted anything, and the checked facts must not be unknown."""
import mpmath
import pytest
import sympy as sp

import symact
from symact.core.values import Extremum, Label, Number, RealSet, Shape

X = symact.X
CHECKED = ("range", "derivative_range", "minimum", "maximum", "monotonicity", "convexity", "parity", "lipschitz")
POINTS = [sp.Rational(k, 8) for k in range(-160, 161, 7)] + [sp.Integer(v) for v in (-300, -60, -35, 35, 60, 300)]
TOL = sp.Float("1e-25", 30)


def values(expr, points):
    out = []
    for t in points:
        v = sp.N(expr.subs(X, t), 40)
        if v.is_real and v.is_finite:
            out.append((t, v))
    return out


def _le(a, b):
    return a <= b + TOL * max(1, abs(b))


def _end(n: Number, bound):
    if n.is_infinite:
        return -sp.oo if n.exact < 0 else sp.oo
    if n.exact is not None:
        return sp.N(n.exact, 45)
    return sp.Float(mpmath.nstr(bound, 50), 45)


def _lo(n: Number):
    return _end(n, n.lo)


def _hi(n: Number):
    return _end(n, n.hi)


def in_set(v, s: RealSet) -> bool:
    return any(_le(_lo(p.lo), v) and _le(v, _hi(p.hi)) for p in s.parts)


def inside(t, interval) -> bool:
    return (interval.lo.is_infinite or t > _hi(interval.lo)) and (interval.hi.is_infinite or t < _lo(interval.hi))


@pytest.mark.parametrize("name", symact.names("pointwise"))
def test_profile_agrees_with_independent_samples(name):
    p = symact.profile(name)
    f = p.f
    breaks = set(p.analysis.breaks)
    pts = [t for t in POINTS if t not in breaks]
    fs = values(f, pts)
    d1 = values(sp.diff(f, X), pts)
    d2 = values(sp.diff(f, X, 2), pts[::2])
    for fact in p.facts():
        assert "contradicted" not in fact.evidence, (name, fact.key, fact.evidence)
    for key in CHECKED:
        fact = p[key]
        assert fact.value is not None and str(fact.method) != "unknown", (name, key, fact.evidence)
        if not fact.method.certain:
            continue
        v = fact.value
        if key in ("range", "derivative_range") and v.period is None:
            for t, y in (fs if key == "range" else d1):
                assert in_set(y, v), (name, key, t, y)
        if isinstance(v, Extremum) and v.status == "attained":
            for t, y in fs:
                assert (_le(_lo(v.value), y) if v.kind == "min" else _le(y, _hi(v.value))), (name, key, t, y)
        if isinstance(v, Shape) and v.period is None:
            samples = d1 if key == "monotonicity" else d2
            for run in v.runs:
                want = {"increasing": 1, "convex": 1, "decreasing": -1, "concave": -1}.get(run.kind, 0)
                for t, y in samples:
                    if inside(t, run.interval):
                        assert (y >= -TOL if want > 0 else y <= TOL if want < 0 else abs(y) <= TOL), (name, key, run, t)
        if isinstance(v, Label) and key == "parity" and v.name in ("odd", "even"):
            for t, y in fs[::3]:
                z = sp.N(f.subs(X, -t), 40)
                assert abs(z - (-y if v.name == "odd" else y)) <= TOL * max(1, abs(y)), (name, t)
        if key == "lipschitz" and isinstance(v, Number) and not v.is_infinite:
            for t, y in d1:
                assert _le(abs(y), _hi(v)), (name, t, y)


@pytest.mark.parametrize("name", [n for n in symact.names() if symact.get(n).kind != "pointwise"])
def test_vector_profiles_prove_their_identities(name):
    facts = symact.vector_profile(name).facts()
    assert facts and all(str(f.method) == "proved" for f in facts), [(f.key, f.method) for f in facts]
