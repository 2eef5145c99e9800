"""Time budgets stop slow computations and say so."""
import time

from symact.budget import within_budget


def busy(seconds):
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return n


def test_budget_interrupts_a_slow_computation():
    start = time.monotonic()
    finished, value = within_budget(lambda: busy(5), 0.2)
    assert not finished and value is None
    assert time.monotonic() - start < 1.0


def test_fast_computation_returns_its_value():
    assert within_budget(lambda: 42, 1.0) == (True, 42)


def test_nested_budgets():
    finished, value = within_budget(lambda: within_budget(lambda: busy(5), 0.1), 2.0)
    assert finished and value[0] is False
