"""Certified sign structures against closed forms and independent root finding; a search that
runs out is never certified."""
import mpmath
import pytest
import sympy as sp

from symact.core import settings
from symact.core.budget import Budget
from symact.core.methods import Method
from symact.core.vocabulary import Phi, phi, sigmoid
from symact.prove.forms import Forms
from symact.prove.limits import Limits
from symact.prove.signs import sign_structure
from symact.prove.structural import structural_sign

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


def structure(g, lo=-sp.oo, hi=sp.oo):
    b = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    return sign_structure(g, x, sp.sympify(lo), sp.sympify(hi), b, Forms(b), Limits(x, b))


def test_cos_roots_on_a_bounded_piece():
    s = structure(sp.cos(x), 0, 3)
    assert [r.exact for r in s.roots] == [sp.pi / 2] and s.signs == [1, -1]
    assert s.method.certain


def test_cubic_roots_are_exact_and_signs_alternate():
    s = structure((x - 1) * (x + 2) * (x - sp.Rational(7, 2)))
    assert sorted(r.approx for r in s.roots) == pytest.approx([-2, 1, 3.5], abs=1e-25)
    assert s.signs == [-1, 1, -1, 1] and s.method.certain


def test_double_root_is_a_touch_not_a_sign_change():
    s = structure(x**4 - x**2)
    changes = [r.change for r in s.roots]
    assert changes == ["+-", "--", "-+"] and s.signs == [1, -1, -1, 1]
    s = structure(sp.tanh(x) ** 2)
    assert [r.change for r in s.roots] == ["++"] and s.roots[0].exact == 0


def test_a_root_far_outside_the_first_window_is_found():
    s = structure(2 * (x - 25))
    assert [r.exact for r in s.roots] == [25] and s.method.certain


def test_gelu_derivative_tails_are_proved():
    s = structure(Phi(x) + x * phi(x))
    assert s.method.certain and s.signs == [-1, 1]
    with mpmath.workdps(50):  # independent: GELU' = Φ + xφ written out by hand
        root = mpmath.findroot(lambda t: mpmath.ncdf(t) + t * mpmath.npdf(t), -0.75)
        assert abs(s.roots[0].approx - root) < 1e-30


def test_gelu_minus_its_tanh_approximation_has_five_critical_points():
    # f' is O(x^3) at 0: the cluster there is resolved by the multiplicity of the exact zero
    f = x * Phi(x) - x / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Rational(44715, 10**6) * x**3)))
    s = structure(sp.diff(f, x))
    decided = [r for r in s.roots if r.change != "?"]
    assert [r.change for r in decided] == ["-+", "+-", "-+", "+-", "-+"]
    assert decided[2].exact == 0 and all(r.unique for r in decided)

    def fp(t):
        u = mpmath.sqrt(2 / mpmath.pi) * (t + mpmath.mpf("0.044715") * t**3)
        return t * mpmath.ncdf(t) - t / 2 * (1 + mpmath.tanh(u))
    with mpmath.workdps(40):
        for r in decided:
            if r.exact is None:
                assert abs(mpmath.diff(fp, r.approx)) < 1e-25


def test_an_exhausted_search_is_never_certified(monkeypatch):
    monkeypatch.setattr(settings, "MAX_CELLS", 8)
    s = structure(sp.sin(7 * x) + x / 50, -3, 3)
    assert s.method is Method.NUMERIC and "stopped" in s.evidence


def test_undecided_tails_are_reported_not_extrapolated():
    s = structure(sp.diff(x * sp.tanh(sp.log(1 + sp.exp(x))), x))  # Mish': the left tail resists
    if not s.method.certain:
        assert s.roots[0].change == "?" and s.signs[0] is None and "not proved" in s.evidence


@pytest.mark.parametrize("expr, expected", [
    (sp.exp(p) - 1, 1), (1 - sp.exp(p), -1), (sp.exp(p) - sp.exp(2 * p), -1),
    (2 * sp.exp(p) - 3, None),  # changes sign at p = log(3/2): must stay undecided
    ((sp.exp(p) - 1) * sp.exp(p) / (sp.exp(p) + 1) ** 3, 1), ((1 - sp.exp(p)) ** 3, -1),
    ((1 - sp.exp(p)) ** 2, 1), (sp.exp(-p) - 1, -1), (sigmoid(p) + p, 1),
])
def test_structural_sign(expr, expected):
    got = structural_sign(expr)
    assert got == expected
    if got is not None:  # soundness: agrees with evaluation at many points
        for t in ("0.001", "0.5", "1", "3", "40"):
            assert mpmath.sign(sp.N(expr.subs(p, sp.Rational(t)).rewrite(sp.exp), 30)) == got
