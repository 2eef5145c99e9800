"""User expressions are parsed without eval; bad input is a ParseError with one line."""
import pytest
import sympy as sp

from symact.parsing import ParseError, X, parse_expression, parse_number
from symact.vocabulary import sigmoid

BAD = [
    "__import__('os').system('echo pwned')",
    "(1).__class__.__mro__",
    "x.real",
    "[x for x in ()]",
    "lambda: 1",
    "open('/etc/passwd')",
    "foo(x)",
    "y + 1",
    "x +",
    "",
    "exp(x, 2)",
    "x < 0",
    "9**9**9**9",
    "'abc'",
    "exp",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_input_is_a_one_line_parse_error(text):
    with pytest.raises(ParseError) as err:
        parse_expression(text)
    assert "\n" not in str(err.value) and str(err.value)


def test_decimals_are_exact_rationals():
    e = parse_expression("0.044715*x")
    assert e == sp.Rational(44715, 1000000) * X


def test_caret_is_power_with_normal_precedence():
    assert parse_expression("x + 2*x^3") == X + 2 * X**3


def test_vocabulary_and_piecewise():
    assert parse_expression("x*sigmoid(x)") == X * sigmoid(X)
    pw = parse_expression("where(x > 0, x, exp(x) - 1)")
    assert isinstance(pw, sp.Piecewise)


def test_parameters_must_be_declared():
    a = sp.Symbol("a", real=True)
    assert parse_expression("a*x", parameters={"a": a}) == a * X
    with pytest.raises(ParseError, match="unknown name 'a'"):
        parse_expression("a*x")


def test_parse_number():
    assert parse_number("1/8") == sp.Rational(1, 8)
    with pytest.raises(ParseError):
        parse_number("x")
