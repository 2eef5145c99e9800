"""Profiles against independent values: the issue's published digits, closed forms, mpmath."""
import mpmath
import pytest
import sympy as sp

import symact
from symact.catalog import SELU_ALPHA, SELU_LAMBDA
from symact.facts import Method

mpmath.mp.dps = 40
GOOD = (Method.PROVED, Method.CERTIFIED, Method.NUMERIC)


def _prof(name, **params):
    return symact.get(name).profile(**params)


def _first_number(text):
    return sp.Float(text.split()[0].lstrip("[("), 40)


def test_mish_minimum_matches_published_digits():
    p = _prof("mish")
    value = _first_number(p["minimum"].text)
    assert abs(value - sp.Float("-0.308843413017250406", 30)) < 1e-17
    loc = p["critical_points"].value[0][0]
    assert abs(loc - mpmath.mpf("-1.192431214515495212")) < 1e-17


def test_gelu_minimum_matches_published_digits_and_independent_mpmath():
    p = _prof("gelu")
    value = _first_number(p["minimum"].text)
    assert abs(value - sp.Float("-0.169971207479903661", 30)) < 1e-17
    loc = p["critical_points"].value[0][0]
    assert abs(loc - mpmath.mpf("-0.751791524693564457")) < 1e-17
    # independently: GELU'(x) = Phi(x) + x phi(x) written out by hand, solved by mpmath
    root = mpmath.findroot(lambda t: mpmath.ncdf(t) + t * mpmath.npdf(t), -0.75)
    assert abs(loc - root) < 1e-30
    assert p["minimum"].method in GOOD


def test_sigmoid_derivative_range_is_open_zero_to_closed_quarter():
    r = _prof("sigmoid")["derivative_range"]
    assert r.method is Method.PROVED
    assert r.value == sp.Interval.Lopen(0, sp.Rational(1, 4))
    assert r.text == "(0, 1/4]"


def test_tanh_derivative_range_is_open_zero_to_closed_one():
    r = _prof("tanh")["derivative_range"]
    assert r.value == sp.Interval.Lopen(0, 1)


def test_selu_range_is_open_minus_lambda_alpha_to_infinity():
    r = _prof("selu")["range"]
    assert r.method is Method.PROVED
    assert r.value.left_open and r.value.sup is sp.oo
    assert abs(sp.N(r.value.inf + SELU_LAMBDA * SELU_ALPHA, 30)) < 1e-25
    assert abs(sp.N(r.value.inf, 25) - sp.Float("-1.7580993408473768599402175208", 25)) < 1e-20


@pytest.mark.parametrize("name, k", [("softsign", 1), ("relu", 0), ("binary_step", -1), ("elu", 1),
                                     ("hard_swish", 0), ("sparse_plus", 1), ("celu", 1)])
def test_smoothness_order(name, k):
    assert _prof(name)["smoothness"].value == k


def test_elu_is_c1_only_when_alpha_is_one():
    assert _prof("elu", alpha=sp.Rational(3, 2))["smoothness"].value == 0
    assert _prof("elu", alpha=1)["smoothness"].value == 1


def test_binary_step_is_discontinuous():
    s = _prof("binary_step")["smoothness"]
    assert s.text.startswith("discontinuous")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "mish", "swish", "softplus"])
def test_smooth_activations_are_c_infinity(name):
    assert _prof(name)["smoothness"].value == sp.oo


def test_textbook_derivative_forms():
    x = symact.X
    assert _prof("sigmoid")["derivative_in_f"].text == "f' = f*(1 - f)"
    assert _prof("tanh")["derivative_in_f"].text == "f' = 1 - f**2"
    assert "f + 1" in _prof("elu")["derivative_in_f"].text
    assert sp.simplify(_prof("gelu")["derivative"].value - (symact.Phi(x) + x * symact.phi(x))) == 0


def test_relu_facts():
    p = _prof("relu")
    assert p["range"].value == sp.Interval(0, sp.oo)
    assert p["derivative_range"].value == sp.FiniteSet(0, 1)
    assert p["derivative_at_0"].value is None and "left 0, right 1" in p["derivative_at_0"].text
    assert p["dead_region"].text == "(-∞, 0]"
    assert p["convexity"].text == "convex on ℝ"


def test_limits_and_asymptotes():
    p = _prof("softplus")
    assert p["limit_-oo"].value == 0 and p["limit_+oo"].value is sp.oo
    assert p["asymptote_+oo"].value == (1, 0)
    assert _prof("sigmoid")["asymptote_+oo"].value == (0, 1)


def test_monotonicity_and_parity():
    assert _prof("tanh")["monotonicity"].text == "strictly increasing on ℝ"
    assert _prof("tanh")["parity"].value == "odd"
    assert _prof("gaussian")["parity"].value == "even"
    assert _prof("sigmoid")["parity"].value == "neither"
    assert _prof("gelu")["monotonicity"].text.startswith("not monotonic")


def test_zero_centred_and_saturation():
    assert _prof("tanh")["zero_centred"].value == "odd"
    assert _prof("sigmoid")["zero_centred"].value == "no"
    sat = _prof("relu")["saturation"].value
    assert sat == {"left": "hard", "right": "no"}
    assert _prof("sigmoid")["saturation"].value == {"left": "soft", "right": "soft"}


def test_lipschitz_constants():
    assert _prof("sigmoid")["lipschitz"].value == sp.Rational(1, 4)
    assert _prof("tanh")["lipschitz"].value == 1
    assert _prof("binary_step")["lipschitz"].value is sp.oo


def test_gaussian_maximum_has_exact_location():
    f = _prof("gaussian")["maximum"]
    assert f.value == 1 and "x = 0" in f.text


def test_swish_minimum_agrees_with_lambert_w_closed_form():
    # -W(1/e) at x = -1 - W(1/e) (closed form from the Lambert W function)
    loc = _prof("swish")["critical_points"].value[0][0]
    assert abs(loc - (-1 - mpmath.lambertw(1 / mpmath.e).real)) < 1e-30
    value = sp.N(_prof("swish")["minimum"].value, 40)
    assert abs(value + sp.Float(mpmath.lambertw(1 / mpmath.e).real, 40)) < 1e-28


def test_swish_minimum_closed_form_is_proved():
    crit = _prof("swish")["critical_points"]
    x0 = crit.value[0][1]
    assert sp.simplify(x0 - (-1 - sp.LambertW(sp.exp(-1)))) == 0
    assert sp.simplify(crit.value[0][2] + sp.LambertW(sp.exp(-1))) == 0


def test_elish_minimum_closed_form():
    # ELiSH on x < 0: (e^x - 1) sigma(x); minimum at x = log(sqrt(2) - 1), value 2 sqrt(2) - 3
    crit = _prof("elish")["critical_points"].value[0]
    assert abs(float(crit[0]) - float(sp.log(sp.sqrt(2) - 1))) < 1e-15
    assert sp.simplify(crit[2] - (2 * sp.sqrt(2) - 3)) == 0


def test_printed_digits_are_all_correct_for_quick_gelu():
    # independent: minimise x*sigmoid(1.702x) with mpmath at 50 digits
    with mpmath.workdps(50):
        f = lambda t: t / (1 + mpmath.exp(-mpmath.mpf(1702) / 1000 * t))  # noqa: E731
        root = mpmath.findroot(lambda t: mpmath.diff(f, t), -0.75)
        true_min = f(root)
    value = _prof("gelu_sigmoid")["minimum"].value
    if value.is_Float:  # every printed digit must be right
        text = str(value)
        digits = text.lstrip("-").replace("0.", "", 1)
        assert len(digits) >= 20
        with mpmath.workdps(50):
            assert abs(mpmath.mpf(text) - true_min) < mpmath.mpf(10) ** (-len(digits) + 1)
    else:  # a proved closed form: -(500/851) W(1/e)
        assert abs(sp.N(value, 45) - sp.Float(true_min, 45)) < 1e-40


def test_identity_near_origin():
    assert _prof("tanh")["identity_near_0"].value is True
    assert _prof("sigmoid")["identity_near_0"].value is False


def test_no_fact_claims_more_than_its_evidence_for_extrema_without_tail_proof():
    # GELU's global minimum rests on sampled tails: it must not be labelled proved/certified
    assert _prof("gelu")["minimum"].method is Method.NUMERIC


def test_user_expression_profile_matches_catalog():
    p = symact.analyze("x*tanh(softplus(x))")
    assert p["minimum"].text == _prof("mish")["minimum"].text
    assert symact.analyze("x*sigmoid(b*x)", {"b": "2"})["value_at_0"].value == 0


def test_piecewise_monotonicity_and_convexity_through_kinks():
    # sparse plus: 0, (x+1)^2/4, x -- non-decreasing, constant only on (-inf, -1]
    assert _prof("sparse_plus")["monotonicity"].text == "non-decreasing on ℝ (constant on (-∞, -1])"
    # relu6: convex kink at 0, concave kink at 6
    assert _prof("relu6")["convexity"].text == "neither: convex on (-∞, 6]; concave on [0, ∞)"
    # hard swish: minimum -3/8 at x = -3/2 (vertex of x(x+3)/6)
    assert _prof("hard_swish")["minimum"].value == sp.Rational(-3, 8)


def test_isolated_point_values_enter_the_range():
    assert symact.analyze("Heaviside(x)")["range"].value == sp.FiniteSet(0, sp.Rational(1, 2), 1)
    assert symact.analyze("sign(x)*x**2")["range"].value == sp.S.Reals


def test_swish_derivative_in_textbook_form():
    F, x = sp.Symbol("f"), symact.X
    form = _prof("swish")["derivative_in_f"].value[0]
    assert sp.expand(form - (F + symact.sigmoid(x) * (1 - F))) == 0


def test_python_float_parameters_become_exact():
    p = symact.get("elu").profile(alpha=1.5)
    assert p.params == {"alpha": sp.Rational(3, 2)}
    assert p["range"].value == sp.Interval.open(sp.Rational(-3, 2), sp.oo)
    with pytest.raises(symact.CatalogError):
        symact.get("elu").profile(alpha=float("nan"))


def test_swish_beta_scaling():
    # swish_beta(x) = swish(beta x)/beta: minimum -W(1/e)/beta
    value = _first_number(_prof("swish", beta=2)["minimum"].text) if _prof("swish", beta=2)["minimum"].value.is_Float \
        else sp.N(_prof("swish", beta=2)["minimum"].value, 40)
    assert abs(value + sp.Float(mpmath.lambertw(1 / mpmath.e).real, 40) / 2) < 1e-25
