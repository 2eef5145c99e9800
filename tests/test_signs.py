"""Certified sign structures and the structural sign prover, against closed forms."""
import mpmath
import pytest
import sympy as sp

from symact.analysis import _structural_sign
from symact.signs import sign_structure

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


def test_cos_root_enclosure_contains_half_pi():
    s = sign_structure(sp.cos(x), x, sp.Integer(0), sp.Integer(3), -sp.sin(x))
    assert len(s.roots) == 1 and s.roots[0].certified and s.roots[0].unique
    r = s.roots[0]
    with mpmath.workdps(60):
        assert r.lo <= mpmath.pi / 2 <= r.hi and r.hi - r.lo < 1e-30
    assert str(s.method) == "certified"  # bounded piece, every cell decided


def test_cubic_roots_are_found_and_signs_alternate():
    s = sign_structure((x - 1) * (x + 2) * (x - sp.Rational(7, 2)), x, sp.Integer(-5), sp.Integer(5))
    approx = sorted(float(r.approx) for r in s.roots)
    assert approx == pytest.approx([-2, 1, 3.5], abs=1e-25)
    assert s.signs == [-1, 1, -1, 1]


def test_infinite_piece_is_never_more_than_numeric():
    s = sign_structure(sp.exp(x), x, sp.S.NegativeInfinity, sp.oo)
    assert str(s.method) == "numeric" and s.signs == [1]


@pytest.mark.parametrize("expr, expected", [
    (sp.exp(p) - 1, 1),
    (1 - sp.exp(p), -1),
    (sp.exp(p) - sp.exp(2 * p), -1),
    (2 * sp.exp(p) - 3, None),          # sign changes at p = log(3/2): must stay undecided
    ((sp.exp(p) - 1) * sp.exp(p) / (sp.exp(p) + 1) ** 3, 1),
    ((1 - sp.exp(p)) ** 3, -1),
    ((1 - sp.exp(p)) ** 2, 1),
    (sp.exp(-p) - 1, -1),
])
def test_structural_sign(expr, expected):
    got = _structural_sign(expr)
    assert got == expected
    if got is not None:  # soundness: agrees with evaluation at many points
        for t in ("0.001", "0.5", "1", "3", "40"):
            assert mpmath.sign(sp.N(expr.subs(p, sp.Rational(t)), 30)) == got
