"""Profiles against independent values: published digits, closed forms, mpmath; the issue's
odd inputs; assertions on typed values, never on rendered text."""
import mpmath
import pytest
import sympy as sp

import symact
from symact.catalog.constants import SELU_ALPHA, SELU_LAMBDA
from symact.core.methods import Method

W1e = sp.LambertW(sp.exp(-1))


def prof(name, **params):
    return symact.profile(name, **params)


def interval(fact_value, i=0):
    return fact_value.parts[i]


def exact(n):
    return n.exact


def test_sigmoid_derivative_range_is_open_zero_to_closed_quarter_proved():
    r = prof("sigmoid")["derivative_range"]
    part = interval(r.value)
    assert r.method is Method.PROVED and len(r.value.parts) == 1
    assert (exact(part.lo), exact(part.hi), part.lo_closed, part.hi_closed) == (0, sp.Rational(1, 4), False, True)


def test_tanh_derivative_range_and_textbook_form():
    p = prof("tanh")
    part = interval(p["derivative_range"].value)
    assert (exact(part.lo), exact(part.hi), part.lo_closed, part.hi_closed) == (0, 1, False, True)
    F = sp.Symbol("f")
    assert p["derivative_in_f"].value.expr == 1 - F**2
    assert prof("sigmoid")["derivative_in_f"].value.expr == F * (1 - F)


def test_selu_range_is_open_minus_lambda_alpha_to_infinity():
    r = prof("selu")["range"]
    part = interval(r.value)
    assert r.method is Method.PROVED and not part.lo_closed and part.hi.is_infinite
    assert sp.simplify(exact(part.lo) + SELU_LAMBDA * SELU_ALPHA) == 0


def test_mish_minimum_matches_published_digits():
    m = prof("mish")["minimum"].value
    with mpmath.workdps(50):
        assert abs(m.value.approx - mpmath.mpf("-0.308843413017250406628760229042")) < 1e-25
        loc = m.where.parts[0].lo
        assert abs(loc.approx - mpmath.mpf("-1.19243121451549521213758834042")) < 1e-25


def test_gelu_minimum_is_certified_and_matches_mpmath():
    p = prof("gelu")
    m = p["minimum"]
    assert m.method is Method.CERTIFIED  # tails proved: f' < 0 on (-∞, -0.75], f' > 0 beyond
    with mpmath.workdps(50):
        root = mpmath.findroot(lambda t: mpmath.ncdf(t) + t * mpmath.npdf(t), -0.75)
        assert abs(m.value.where.parts[0].lo.approx - root) < 1e-30
        assert abs(m.value.value.approx - root * mpmath.ncdf(root)) < 1e-30


def test_gelu_derivative_extrema_and_inflections_are_exactly_plus_minus_sqrt2():
    p = prof("gelu")
    pts = p["inflection_points"].value.points
    assert [q.location.exact for q in pts] == [-sp.sqrt(2), sp.sqrt(2)]
    r = p["derivative_range"].value.parts[0]
    # GELU'(±√2) = Φ(±√2) ± √2 φ(√2), written independently
    lo = sp.Rational(1, 2) * sp.erfc(1) - sp.sqrt(2) * sp.exp(-1) / sp.sqrt(2 * sp.pi)
    assert sp.simplify(r.lo.exact - lo) == 0 and sp.simplify(r.hi.exact - (1 - lo)) == 0


def test_gaussian_inflection_points_are_plus_minus_one_over_sqrt2():
    pts = prof("gaussian")["inflection_points"].value.points
    assert [sp.simplify(q.location.exact - v) for q, v in zip(pts, (-1 / sp.sqrt(2), 1 / sp.sqrt(2)))] == [0, 0]


def test_swish_minimum_is_minus_w_of_one_over_e_at_default_settings():
    m = prof("swish")["minimum"].value
    assert sp.simplify(m.value.exact + W1e) == 0
    assert sp.simplify(m.where.parts[0].lo.exact - (-1 - W1e)) == 0


def test_swish_beta_2_scales_the_minimum():
    m = prof("swish", beta=2)["minimum"].value
    assert sp.simplify(m.value.exact + W1e / 2) == 0


def test_elish_minimum_closed_form():
    m = prof("elish")["minimum"].value
    assert sp.simplify(m.value.exact - (2 * sp.sqrt(2) - 3)) == 0
    assert sp.simplify(m.where.parts[0].lo.exact - sp.log(sp.sqrt(2) - 1)) == 0


def test_golu_minimum_is_at_minus_omega():
    m = prof("golu")["minimum"].value
    assert sp.simplify(m.where.parts[0].lo.exact + sp.LambertW(1)) == 0


def test_relu_minimum_is_attained_on_a_half_line():
    m = prof("relu")["minimum"].value
    assert len(m.where.parts) == 1
    part = m.where.parts[0]
    assert part.lo.is_infinite and part.hi.exact == 0 and part.hi_closed


def test_binary_step_has_no_derivative_at_its_jump_and_no_run_spans_it():
    p = prof("binary_step")
    d0 = p["derivative_at_0"].value
    assert not d0.exists and "jump" in d0.reason
    runs = p["convexity"].value.runs
    linear = [r.interval for r in runs if r.kind == "linear"]
    assert any(i.lo.is_infinite and i.hi.exact == 0 and not i.hi_closed for i in linear)
    assert p["smoothness"].value.order == -1


def test_piecewise_reciprocal_is_decreasing_only_on_the_open_half_line():
    p = symact.analyze("Piecewise((1/x, x > 0), (0, True))")
    dec = [r for r in p["monotonicity"].value.runs if r.kind == "decreasing" and r.strict]
    assert len(dec) == 1 and dec[0].interval.lo.exact == 0 and not dec[0].interval.lo_closed
    assert p["monotonicity"].value.summary == "not monotonic"


def test_a_constant_function_is_recognised():
    p = symact.analyze("sigmoid(x) + sigmoid(-x)")
    dead = p["dead_region"].value
    assert len(dead.parts) == 1 and dead.parts[0].lo.is_infinite and dead.parts[0].hi.is_infinite
    assert p["range"].value.parts[0].lo.exact == 1 and p["monotonicity"].value.summary == "constant"


def test_tiny_parameters_are_not_rounded_to_zero():
    r = prof("elu", alpha=sp.Rational(1, 10**300))["derivative_range"].value
    assert len(r.parts) == 2
    first, second = r.parts
    assert first.lo.exact == 0 and first.hi.exact == sp.Rational(1, 10**300) and not first.hi_closed
    assert second.is_point and second.lo.exact == 1


def test_critical_points_outside_the_old_window():
    p = symact.analyze("(x-25)**2")
    assert p["minimum"].value.where.parts[0].lo.exact == 25 and p["minimum"].method is Method.PROVED


def test_sinc_gets_no_monotone_tail():
    shape = prof("sinc")["monotonicity"].value
    assert shape.undecided  # the oscillating tails are undecided, not monotone
    assert all(not (r.interval.hi.is_infinite or r.interval.lo.is_infinite) for r in shape.runs)
    assert shape.summary == "not monotonic"


def test_sinc_extrema_are_certified_with_the_tails_bounded():
    p = prof("sinc")
    mn = p["minimum"]
    assert mn.method.certain and len(mn.value.where.parts) == 2
    with mpmath.workdps(50):
        root = mpmath.findroot(lambda t: mpmath.tan(t) - t, 4.49)  # sinc' = 0 ⇔ tan x = x
        assert abs(mn.value.where.parts[1].lo.approx - root) < 1e-25
        assert abs(mn.value.value.approx - mpmath.sin(root) / root) < 1e-25
    assert p["maximum"].value.value.exact == 1


def test_gelu_minus_tanh_approximation_reaches_the_known_error():
    p = symact.analyze("x*Phi(x) - x/2*(1+tanh(sqrt(2/pi)*(x+0.044715*x**3)))")
    crit = p["critical_points"].value.points
    maxima = [q for q in crit if q.kind == "max"]
    assert len(maxima) == 2
    with mpmath.workdps(30):
        assert all(abs(abs(q.location.approx) - mpmath.mpf("1.3644977")) < 1e-6 for q in maxima)
        assert all(abs(q.value.approx - mpmath.mpf("2.3367063e-4")) < 1e-10 for q in maxima)
    # the global maximum is not claimed certain unless the tails are proved
    mx = p["maximum"]
    assert mx.value.value.approx > 2.3e-4
    if mx.method.certain:
        assert abs(mx.value.value.approx - mpmath.mpf("2.33670632e-4")) < 1e-11


def test_tanhshrink_range_and_monotonicity_are_proved_from_f_prime():
    p = prof("tanhshrink")
    assert p["monotonicity"].method is Method.PROVED and p["monotonicity"].value.summary == "strictly increasing"
    assert p["range"].value.parts[0].lo.is_infinite and p["range"].value.parts[0].hi.is_infinite


@pytest.mark.parametrize("name, k", [("softsign", 1), ("relu", 0), ("binary_step", -1), ("elu", 1),
                                     ("hard_swish", 0), ("sparse_plus", 1), ("celu", 1), ("isrlu", 2),
                                     ("squared_relu", 1), ("elish", 1)])
def test_smoothness_order(name, k):
    assert prof(name)["smoothness"].value.order == k


def test_elu_is_c1_only_when_alpha_is_one():
    assert prof("elu", alpha=sp.Rational(3, 2))["smoothness"].value.order == 0
    assert prof("elu", alpha=1)["smoothness"].value.order == 1


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "mish", "swish", "softplus"])
def test_smooth_activations_are_analytic(name):
    s = prof(name)["smoothness"].value
    assert s.order is None and s.analytic


def test_limits_and_asymptotes():
    p = prof("softplus")
    assert p["limit_-oo"].value.exact == 0 and p["limit_+oo"].value.exact == sp.oo
    a = p["asymptote_+oo"].value
    assert (a.kind, a.slope.exact, a.intercept.exact) == ("oblique", 1, 0)
    assert prof("sigmoid")["asymptote_+oo"].value.intercept.exact == 1


def test_parity_and_zero_centredness():
    assert prof("tanh")["parity"].value.name == "odd"
    assert prof("gaussian")["parity"].value.name == "even"
    assert prof("sigmoid")["parity"].value.name == "neither"
    assert prof("tanh")["zero_centred"].value.name == "odd"
    assert prof("sigmoid")["zero_centred"].value.name == "no"


def test_lipschitz_constants():
    assert prof("sigmoid")["lipschitz"].value.exact == sp.Rational(1, 4)
    assert prof("tanh")["lipschitz"].value.exact == 1
    assert prof("binary_step")["lipschitz"].value.is_infinite


def test_sinusoid_extrema_are_periodic_sets():
    p = prof("sinusoid")
    mx = p["maximum"].value
    assert mx.where.period.exact == 2 * sp.pi and mx.where.parts[0].lo.exact == sp.pi / 2


def test_snake_is_strictly_increasing_with_range_r():
    p = prof("snake")
    assert p["monotonicity"].value.summary == "strictly increasing"
    r = p["range"].value.parts[0]
    assert r.lo.is_infinite and r.hi.is_infinite


def test_user_expression_profile_matches_catalog():
    a = symact.analyze("x*tanh(softplus(x))")
    b = prof("mish")
    assert a["minimum"].value == b["minimum"].value
    assert symact.analyze("x*sigmoid(b*x)", {"b": "2"})["value_at_0"].value.exact == 0


def test_isolated_point_values_enter_the_range():
    r = symact.analyze("Heaviside(x)")["range"].value
    assert [q.lo.exact for q in r.parts] == [0, sp.Rational(1, 2), 1]
