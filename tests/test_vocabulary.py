"""The vocabulary's derivatives, special values and numbers, checked against ground truth."""
import mpmath
import pytest
import sympy as sp

from symact.core.vocabulary import VOCABULARY, Phi, phi, sigmoid, sinc, sinc_derivative, softplus, to_ground_truth

x = sp.Symbol("x", real=True)


@pytest.mark.parametrize("name", sorted(VOCABULARY))
def test_fdiff_equals_derivative_of_the_definition(name):
    fn = VOCABULARY[name]
    textbook = sp.diff(fn(x), x)
    truth = sp.diff(to_ground_truth(fn(x)), x)
    assert sp.simplify(to_ground_truth(textbook) - truth) == 0


def test_sigmoid_derivative_is_s_times_one_minus_s():
    assert sp.diff(sigmoid(x), x) == sigmoid(x) * (1 - sigmoid(x))


def test_softplus_derivative_is_sigmoid_and_phi_derivative_is_density():
    assert sp.diff(softplus(x), x) == sigmoid(x)
    assert sp.diff(Phi(x), x) == phi(x)
    assert sp.diff(phi(x), x) == -x * phi(x)


def test_special_values():
    assert sigmoid(0) == sp.Rational(1, 2) and sigmoid(sp.oo) == 1 and sigmoid(-sp.oo) == 0
    assert softplus(0) == sp.log(2) and softplus(-sp.oo) == 0
    assert Phi(0) == sp.Rational(1, 2) and Phi(sp.oo) == 1
    assert phi(0) == 1 / sp.sqrt(2 * sp.pi)
    assert sinc(0) == 1 and sinc_derivative(1, 0) == 0 and sinc_derivative(2, 0) == sp.Rational(-1, 3)


@pytest.mark.parametrize("at", ["-30", "-2.5", "0.3", "7", "800"])
def test_evalf_matches_mpmath(at):
    with mpmath.workdps(40):
        v = mpmath.mpf(at)
        a = sp.Rational(at)
        s = 1 / (1 + mpmath.exp(-v))
        assert abs(sp.N(sigmoid(a), 35) - sp.Float(s, 40)) < 1e-33 * max(1, abs(s))
        assert abs(sp.N(Phi(a), 35) - sp.Float(mpmath.ncdf(v), 40)) <= 1e-32 * max(sp.Float(mpmath.ncdf(v), 40), 1e-300)
        assert abs(sp.N(softplus(a), 35) - sp.Float(mpmath.log(1 + mpmath.exp(v)), 40)) < 1e-30 * max(1, abs(v))


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_sinc_derivatives_are_the_derivatives_of_sin_over_x(n):
    # the series used near 0 and the closed form agree with SymPy's derivative of sin(t)/t
    t = sp.Symbol("t")
    closed = sp.diff(sp.sin(t) / t, t, n)
    for at in ("0.001", "0.3", "0.49", "0.7", "5"):
        got = sp.N(sinc_derivative(n, sp.Rational(at)), 30)
        assert abs(got - sp.N(closed.subs(t, sp.Rational(at)), 40)) < 1e-25
    assert sp.diff(sinc(x), x, n) == sinc_derivative(n, x)


def test_latex_uses_textbook_symbols():
    assert sp.latex(sigmoid(x)) == r"\sigma\left(x\right)"
    assert sp.latex(Phi(x)) == r"\Phi\left(x\right)"
