"""Pieces, breakpoints and the values there; refusing what is not a function on ℝ."""
import time

import pytest
import sympy as sp

from symact.core.budget import Budget
from symact.core.errors import DomainError, UnsupportedError
from symact.core.symbols import X
from symact.parse import parse_expression
from symact.prove.pieces import split


def pieces(text):
    s = split(parse_expression(text), X, Budget(10**7, 10**6))
    return [(p.lo, p.hi, p.expr) for p in s.pieces], list(s.breakpoints), list(s.values)


def test_abs_sum_with_many_breakpoints_is_linear_in_their_number():
    text = " + ".join(f"Abs(x - {k})" for k in range(12))
    start = time.monotonic()
    ps, bps, values = pieces(text)
    assert time.monotonic() - start < 5
    assert bps == list(range(12)) and len(ps) == 13
    # f(k) = sum |k - j| over j = 0..11, from the definition
    assert values == [sum(abs(k - j) for j in range(12)) for k in range(12)]


def test_isolated_values_are_kept():
    ps, bps, values = pieces("Heaviside(x)")
    assert bps == [0] and values == [sp.Rational(1, 2)] and [p[2] for p in ps] == [0, 1]


def test_zeros_of_a_fractional_power_are_breakpoints():
    ps, bps, _ = pieces("sqrt(x**2 + 2*x + 1)")  # |x + 1|
    assert bps == [-1]


def test_irrational_breakpoints_are_exact():
    _, bps, _ = pieces("where(exp(x) > 2, x, 0)")
    assert bps == [sp.log(2)]
    _, bps, _ = pieces("where(x**2 < 2, 1, 0)")
    assert bps == [-sp.sqrt(2), sp.sqrt(2)]


def test_nested_switches():
    ps, bps, _ = pieces("max(abs(x), 1)")
    assert bps == [-1, 1] and [p[2] for p in ps] == [-X, 1, X]


def test_partial_definitions_are_refused():
    with pytest.raises(DomainError):
        pieces("Piecewise((x, x > 0))")


def test_conditions_with_infinitely_many_boundaries_are_refused():
    with pytest.raises(UnsupportedError):
        pieces("where(sin(x) > 0, x, 0)")
