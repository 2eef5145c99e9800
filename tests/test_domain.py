"""Activations must be real functions on all of ℝ; the domain check says where one is not."""
import pytest

import symact
from symact.domain import NotDefinedOnReals, check_defined_on_reals
from symact.parsing import X, parse_expression


@pytest.mark.parametrize("name", symact.names("pointwise"))
def test_every_catalog_activation_is_defined_on_the_reals(name):
    check_defined_on_reals(symact.get(name).expression(), X)


@pytest.mark.parametrize("text", ["log(1 + x^2)", "sqrt(x^2 + 4)", "where(x > 0, log(x), 0)", "1/(2 + sin(x))"])
def test_defined_expressions_pass(text):
    check_defined_on_reals(parse_expression(text), X)


@pytest.mark.parametrize("text", ["1/x", "1/(x - 2)", "log(x)", "sqrt(x)", "x**(1/3)", "sqrt(1 - x^2)"])
def test_undefined_expressions_fail(text):
    with pytest.raises(NotDefinedOnReals):
        check_defined_on_reals(parse_expression(text), X)
