"""The vocabulary's derivatives, special values and numbers, checked against ground truth."""
import mpmath
import pytest
import sympy as sp

from symact.vocabulary import VOCABULARY, Phi, phi, sigmoid, softplus, to_ground_truth

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


@pytest.mark.parametrize("at", ["-30", "-2.5", "0.3", "7", "800"])
def test_evalf_matches_mpmath(at):
    mpmath.mp.dps = 40
    v = mpmath.mpf(at)
    a = sp.Rational(at)
    assert abs(sp.N(sigmoid(a), 35) - sp.Float(1 / (1 + mpmath.exp(-v)), 40)) < 1e-33 * max(1, abs(1 / (1 + mpmath.exp(-v))))
    assert abs(sp.N(Phi(a), 35) - sp.Float(mpmath.ncdf(v), 40)) <= 1e-32 * max(sp.Float(mpmath.ncdf(v), 40), 1e-300)
    assert abs(sp.N(softplus(a), 35) - sp.Float(mpmath.log(1 + mpmath.exp(v)), 40)) < 1e-30 * max(1, abs(v))


def test_latex_uses_textbook_symbols():
    assert sp.latex(sigmoid(x)) == r"\sigma\left(x\right)"
    assert sp.latex(Phi(x)) == r"\Phi\left(x\right)"
