"""Catalog records: exact constants, aliases, parameter checks, and every definition against an
independent formula."""
import mpmath
import pytest
import sympy as sp

import symact
from symact.catalog.constants import (SELU_ALPHA, SELU_ALPHA_CLOSED_FORM, SELU_LAMBDA, SELU_LAMBDA_CLOSED_FORM,
                                      STAR_RELU_BIAS, STAR_RELU_SCALE)
from symact.core.errors import CatalogError

X = symact.X


def test_selu_constants_match_the_paper():
    # Klambauer et al. 2017, the published 32-digit values
    assert abs(sp.N(SELU_ALPHA, 40) - sp.Float("1.6732632423543772848170429916717", 40)) < 1e-30
    assert abs(sp.N(SELU_LAMBDA, 40) - sp.Float("1.0507009873554804934193349852946", 40)) < 1e-30
    assert not SELU_ALPHA_CLOSED_FORM.has(sp.Float) and not SELU_LAMBDA_CLOSED_FORM.has(sp.Float)
    assert SELU_ALPHA.rewrite("closed") == SELU_ALPHA_CLOSED_FORM


def test_star_relu_constants_give_unit_variance():
    # Yu et al. 2022: s = 1/sqrt(Var relu(Z)^2), b = -s E[relu(Z)^2], Z ~ N(0, 1); E relu^2 = 1/2, E relu^4 = 3/2
    assert sp.simplify(STAR_RELU_SCALE - 1 / sp.sqrt(sp.Rational(3, 2) - sp.Rational(1, 4))) == 0
    assert sp.simplify(STAR_RELU_BIAS + STAR_RELU_SCALE / 2) == 0
    assert abs(float(STAR_RELU_SCALE) - 0.8944) < 1e-4 and abs(float(STAR_RELU_BIAS) + 0.4472) < 1e-4


def test_catalog_size_and_references():
    pointwise = symact.names("pointwise")
    assert len(pointwise) >= 56
    for name in ("squared_relu", "star_relu", "snake", "lisht", "tanhexp", "serf", "smish", "logish",
                 "lecun_tanh", "shifted_softplus", "cloglog", "bipolar_sigmoid", "exponential"):
        assert name in pointwise and symact.get(name).reference or name == "exponential"


def test_every_pointwise_record_is_a_real_function_of_x():
    for name in symact.names("pointwise"):
        assert symact.get(name).expression().free_symbols == {X}, name


def test_every_vector_record_builds():
    for name in symact.names():
        rec = symact.get(name)
        if rec.kind != "pointwise":
            inputs, out = rec.build(3 if rec.kind == "vector" else 2)
            assert out.free_symbols <= set(inputs)


def test_aliases_and_bad_names():
    assert symact.get("silu").name == "swish"
    assert symact.get("SiLU").name == "swish"
    assert symact.get("hard-swish").name == "hard_swish"
    for bad in (None, 3, "nope", ""):
        with pytest.raises(CatalogError):
            symact.get(bad)


def _sig(v):
    return 1 / (1 + mpmath.exp(-v))


def _sp(v):
    return mpmath.log(1 + mpmath.exp(v))


INDEPENDENT = {
    "gelu_tanh": lambda v: v / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (v + mpmath.mpf("0.044715") * v**3))),
    "mish": lambda v: v * mpmath.tanh(_sp(v)),
    "hard_swish": lambda v: v * min(max(v + 3, 0), 6) / 6,
    "squareplus": lambda v: (v + mpmath.sqrt(v * v + 4)) / 2,
    "squared_relu": lambda v: max(v, 0) ** 2,
    "star_relu": lambda v: 2 / mpmath.sqrt(5) * max(v, 0) ** 2 - 1 / mpmath.sqrt(5),
    "snake": lambda v: v + mpmath.sin(v) ** 2,
    "lisht": lambda v: v * mpmath.tanh(v),
    "tanhexp": lambda v: v * mpmath.tanh(mpmath.exp(v)),
    "serf": lambda v: v * mpmath.erf(_sp(v)),
    "smish": lambda v: v * mpmath.tanh(mpmath.log(1 + _sig(v))),
    "logish": lambda v: v * mpmath.log(1 + _sig(v)),
    "lecun_tanh": lambda v: mpmath.mpf("1.7159") * mpmath.tanh(2 * v / 3),
    "shifted_softplus": lambda v: _sp(v) - mpmath.log(2),
    "cloglog": lambda v: 1 - mpmath.exp(-mpmath.exp(v)),
    "bipolar_sigmoid": lambda v: mpmath.tanh(v / 2),
    "exponential": mpmath.exp,
    "penalized_tanh": lambda v: mpmath.tanh(v) if v > 0 else mpmath.tanh(v) / 4,
    "dsilu": lambda v: _sig(v) * (1 + v * (1 - _sig(v))),
    "e_swish": lambda v: mpmath.mpf("1.375") * v * _sig(v),
    "sqnl": lambda v: 1 if v > 2 else (v - v * v / 4 if v >= 0 else (v + v * v / 4 if v >= -2 else -1)),
    "golu": lambda v: v * mpmath.exp(-mpmath.exp(-v)),
    "nlrelu": lambda v: mpmath.log(max(v, 0) + 1),
    "sinc": lambda v: mpmath.sin(v) / v if v != 0 else mpmath.mpf(1),
}


@pytest.mark.parametrize("name", sorted(INDEPENDENT))
def test_definitions_against_independent_formulas(name):
    e = symact.get(name).expression()
    with mpmath.workdps(40):
        for at in ("-3.5", "-2", "-0.75", "0", "0.4", "1.5", "2.25", "4"):
            got = sp.N(e.subs(X, sp.Rational(at)), 30)
            want = INDEPENDENT[name](mpmath.mpf(at))
            assert abs(float(got) - float(want)) < 1e-12, (name, at)


def test_parameter_checks():
    with pytest.raises(CatalogError, match="must be positive"):
        symact.get("elu").expression({"alpha": -1})
    with pytest.raises(CatalogError, match="no parameter"):
        symact.get("elu").expression({"beta": 1})
    with pytest.raises(CatalogError, match="lower must not exceed upper"):
        symact.get("rrelu").expression({"lower": sp.Rational(1, 2), "upper": sp.Rational(1, 4)})
    for bad in (float("nan"), float("inf"), True, "x", "1/0", [1]):
        with pytest.raises(CatalogError):
            symact.get("elu").parameter_values({"alpha": bad})


def test_one_coercion_path_for_parameters():
    elu = symact.get("elu")
    values = [elu.parameter_values({"alpha": v})["alpha"] for v in (1.5, "3/2", sp.Rational(3, 2))]
    assert values == [sp.Rational(3, 2)] * 3
    from fractions import Fraction
    assert elu.parameter_values({"alpha": Fraction(3, 2)})["alpha"] == sp.Rational(3, 2)


def test_rrelu_evaluation_slope_is_the_mean():
    e = symact.get("rrelu").expression()
    assert e.subs(X, -1) == -(sp.Rational(1, 8) + sp.Rational(1, 3)) / 2
