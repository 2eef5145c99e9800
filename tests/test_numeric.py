"""Evaluators: arb balls contain 50-digit mpmath values; half-line intervals contain sampled
values; numbers order without tolerances and print their enclosures as true bounds."""
import mpmath
import pytest
import sympy as sp
from flint import arb
from hypothesis import given, strategies as st

from symact.core.vocabulary import Phi, phi, sigmoid, sinc, softplus
from symact.numeric.compile import arb_ipow, arb_precision, compile_expr
from symact.numeric.halfline import XInterval, compile_halfline
from symact.numeric.numbers import exact_number, order

x = sp.Symbol("x", real=True)

# (expression, the same function written by hand with mpmath)
FUNCTIONS = [
    (sigmoid(x), lambda v: 1 / (1 + mpmath.exp(-v))),
    (softplus(x), lambda v: mpmath.log(1 + mpmath.exp(v))),
    (x * Phi(x), lambda v: v * (1 + mpmath.erf(v / mpmath.sqrt(2))) / 2),
    (phi(x), lambda v: mpmath.exp(-v * v / 2) / mpmath.sqrt(2 * mpmath.pi)),
    (x * sp.tanh(softplus(x)), lambda v: v * mpmath.tanh(mpmath.log(1 + mpmath.exp(v)))),
    (sinc(x), lambda v: mpmath.sin(v) / v if v else mpmath.mpf(1)),
    (sp.sqrt(x**2 + 4) * sp.atan(x) - sp.asinh(x), lambda v: mpmath.sqrt(v * v + 4) * mpmath.atan(v) - mpmath.asinh(v)),
    (sp.Piecewise((x**3, x > 1), (sp.exp(x) - 1, True)), lambda v: v**3 if v > 1 else mpmath.exp(v) - 1),
]


@pytest.mark.parametrize("k", range(len(FUNCTIONS)))
def test_arb_balls_contain_fifty_digit_values(k):
    expr, ref = FUNCTIONS[k]
    fn = compile_expr(expr, x, "arb")
    for text in ("-37.5", "-3.25", "-1e-9", "0", "0.5", "1", "1.000001", "2.75", "19.5", "300"):
        with mpmath.workdps(50):
            want = ref(mpmath.mpf(text))
        for bits in (64, 200):
            with arb_precision(bits):
                ball = fn(arb(text))
            with mpmath.workdps(70):  # the reference itself is good to about 1e-45 relative
                mid = mpmath.mpf(ball.mid().str(60, radius=False))
                rad = mpmath.mpf(ball.rad().str(10, radius=False))
                assert abs(mid - want) <= rad * (1 + mpmath.mpf(10) ** -8) + mpmath.mpf(10) ** -45 * max(1, abs(want))


def test_integer_powers_are_tight_on_balls_that_contain_zero():
    square = arb_ipow(arb(0, 0.1), 2)  # python-flint's ** gives nan here, x*x gives [-0.0101, 0.0101]
    assert square.lower() > -1e-10 and square.upper() < 0.0102
    b = arb_ipow(arb(-2, 0.1), 3)
    assert b.contains(arb(-8)) and b.rad() < 2


@given(st.floats(min_value=20, max_value=1e12), st.integers(min_value=0, max_value=3))
def test_halfline_enclosures_contain_sampled_values(t, k):
    exprs = [sigmoid(x) * (1 - sigmoid(x)), x * phi(x) + Phi(x), x * sp.exp(-x) - 3 / x, sp.tanh(softplus(x)) + x**2 / 7]
    expr = exprs[k]
    for direction in (1, -1):
        ray = XInterval.from_ray(arb(20) * direction, direction)
        enc = compile_halfline(expr, x)(ray)
        with mpmath.workdps(60):
            point = mpmath.mpf(t) * direction
            value = compile_expr(expr, x, "mpmath")(point)
        assert enc.lo is None or arb(mpmath.nstr(value, 50)) >= enc.lo - arb(10) ** -40 * (1 + abs(enc.lo))
        assert enc.hi is None or arb(mpmath.nstr(value, 50)) <= enc.hi + arb(10) ** -40 * (1 + abs(enc.hi))


def test_halfline_signs_are_strict_where_a_limit_is_approached():
    tail = XInterval.from_ray(20, 1)
    assert compile_halfline(sigmoid(x) * (1 - sigmoid(x)), x)(tail).sign() == 1
    assert compile_halfline((2 - x**2) * phi(x), x)(tail).sign() == -1
    assert compile_halfline(x**2 - 500, x)(tail).sign() is None  # 400 - 500 < 0 at the start


def test_order_never_rounds_small_numbers_to_zero():
    assert order(exact_number(sp.Rational(1, 10**300)), exact_number(sp.S.Zero)) == 1
    assert order(exact_number(-sp.LambertW(sp.exp(-1))), exact_number(sp.Rational(-278464542761074, 10**15))) == 1
    assert order(exact_number(sp.sqrt(2)), exact_number(sp.sqrt(2))) == 0
    assert order(exact_number(sp.pi), exact_number(sp.oo)) == -1


@pytest.mark.parametrize("value", [sp.Rational(1, 3), -sp.Rational(2, 3), sp.sqrt(2), sp.pi * 10**20,
                                   -sp.LambertW(sp.exp(-1)), sp.Rational(1, 10**300)])
def test_json_enclosures_are_true_bounds(value):
    n = exact_number(value)
    lo, hi = n.to_json()["enclosure"]
    with mpmath.workdps(80):
        v = mpmath.mpf(sp.N(value, 80))
        assert mpmath.mpf(lo) <= v <= mpmath.mpf(hi)
