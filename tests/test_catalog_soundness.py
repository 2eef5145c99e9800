"""Every catalog profile, checked against samples from SymPy's own evalf (not symact's evaluators).

A claimed range must contain every sampled value; a claimed attained minimum/maximum must not be
beaten by any sample; every fact must carry a method and a text. This is the guard against a
wrong value being labelled proved or certified.
"""
import pytest
import sympy as sp

import symact
from symact.facts import Method
from symact.vector import vector_profile

SAMPLES = [sp.Rational(k, 4) for k in range(-60, 61, 3)] + [sp.Integer(v) for v in (-200, -40, 40, 200)]


@pytest.mark.parametrize("name", symact.names("pointwise"))
def test_profile_is_consistent_with_independent_samples(name):
    p = symact.get(name).profile()
    facts = p.facts()
    assert all(isinstance(f.method, Method) and f.text for f in facts)
    f = p.f
    values = [sp.N(f.subs(symact.X, v), 30) for v in SAMPLES]
    rng = p["range"].value
    if isinstance(rng, sp.Set):
        lo, hi = rng.inf, rng.sup
        for v, y in zip(SAMPLES, values):
            assert y >= sp.N(lo, 30) - 1e-25 and y <= sp.N(hi, 30) + 1e-25, (v, y)
    mn = p["minimum"].value
    if mn is not None and mn.is_finite:
        assert all(y >= sp.N(mn, 30) - 1e-25 for y in values)
    mx = p["maximum"].value
    if mx is not None and mx.is_finite:
        assert all(y <= sp.N(mx, 30) + 1e-25 for y in values)


@pytest.mark.parametrize("name", [n for n in symact.names() if symact.get(n).kind != "pointwise"])
def test_vector_profiles_prove_their_identities(name):
    facts = vector_profile(symact.get(name)).facts()
    assert facts and all(f.method is not Method.UNKNOWN for f in facts)
