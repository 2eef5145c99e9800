"""Catalog records: exact constants, aliases, parameter checks."""
import mpmath
import pytest
import sympy as sp

import symact
from symact.catalog import (SELU_ALPHA, SELU_ALPHA_CLOSED_FORM, SELU_LAMBDA, SELU_LAMBDA_CLOSED_FORM,
                            CatalogError)


def test_selu_constants_match_the_paper():
    # Klambauer et al. 2017, the published 32-digit values
    assert abs(sp.N(SELU_ALPHA, 40) - sp.Float("1.6732632423543772848170429916717", 40)) < 1e-30
    assert abs(sp.N(SELU_LAMBDA, 40) - sp.Float("1.0507009873554804934193349852946", 40)) < 1e-30
    assert not SELU_ALPHA_CLOSED_FORM.has(sp.Float) and not SELU_LAMBDA_CLOSED_FORM.has(sp.Float)
    assert SELU_ALPHA.rewrite("closed") == SELU_ALPHA_CLOSED_FORM
    assert abs(sp.N(SELU_LAMBDA_CLOSED_FORM, 40) - sp.Float("1.0507009873554804934193349852946", 40)) < 1e-30


def test_every_pointwise_record_is_a_real_function_of_x():
    for name in symact.names("pointwise"):
        e = symact.get(name).expression()
        assert e.free_symbols == {symact.X}, name


def test_every_vector_record_builds():
    for name in symact.names():
        rec = symact.get(name)
        if rec.kind != "pointwise":
            inputs, out = rec.build(3 if rec.kind == "vector" else 2)
            assert out.free_symbols <= set(inputs)


def test_aliases():
    assert symact.get("silu").name == "swish"
    assert symact.get("SiLU").name == "swish"
    assert symact.get("hard-swish").name == "hard_swish"


def test_values_against_independent_formulas():
    mpmath.mp.dps = 30
    checks = {
        "gelu_tanh": lambda v: 0.5 * v * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (v + 0.044715 * v**3))),
        "mish": lambda v: v * mpmath.tanh(mpmath.log(1 + mpmath.exp(v))),
        "hard_swish": lambda v: v * min(max(v + 3, 0), 6) / 6,
        "squareplus": lambda v: (v + mpmath.sqrt(v * v + 4)) / 2,
    }
    for name, ref in checks.items():
        e = symact.get(name).expression()
        for at in ("-2.5", "0.75", "1.5"):
            got = sp.N(e.subs(symact.X, sp.Rational(at)), 25)
            assert abs(float(got) - float(ref(mpmath.mpf(at)))) < 1e-12, name


def test_parameter_checks():
    with pytest.raises(CatalogError, match="must be positive"):
        symact.get("elu").expression({"alpha": -1})
    with pytest.raises(CatalogError, match="no parameter"):
        symact.get("elu").expression({"beta": 1})
    with pytest.raises(CatalogError, match="lower must not exceed upper"):
        symact.get("rrelu").expression({"lower": sp.Rational(1, 2), "upper": sp.Rational(1, 4)})
    with pytest.raises(CatalogError, match="unknown activation"):
        symact.get("nope")


def test_rrelu_evaluation_slope_is_the_mean():
    e = symact.get("rrelu").expression()
    assert e.subs(symact.X, -1) == -(sp.Rational(1, 8) + sp.Rational(1, 3)) / 2
