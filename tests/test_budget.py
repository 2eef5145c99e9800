"""Work budgets: counted in calls, deterministic, per thread, and leave the caller's timers alone."""
import signal
import threading
import time

from symact.core.budget import Budget, within_budget


def calls(n):
    """Make exactly n nested-free Python calls."""
    def one():
        return 1
    return sum(one() for _ in range(n))


def spin_forever():
    while True:
        calls(10)


def test_a_long_computation_is_stopped():
    start = time.monotonic()
    assert within_budget(spin_forever, 200_000) == (False, None)
    assert time.monotonic() - start < 5


def test_a_short_computation_returns_its_value():
    assert within_budget(lambda: calls(100), 10_000) == (True, 100)


def test_the_limit_is_a_count_of_calls_not_seconds():
    # 1000 calls of `one` plus the generator frames: finishes with room, stops without it
    assert within_budget(lambda: calls(1000), 5_000)[0] is True
    assert within_budget(lambda: calls(1000), 500)[0] is False
    # the same answer after the machine slept: no clock involved
    time.sleep(0.2)
    assert within_budget(lambda: calls(1000), 5_000)[0] is True


def test_nested_budgets_inner_runs_out_outer_continues():
    finished, value = within_budget(lambda: (within_budget(spin_forever, 1000), calls(50)), 100_000)
    assert finished and value == ((False, None), 50)


def test_outer_budget_wins_over_a_larger_inner_one():
    finished, value = within_budget(lambda: within_budget(spin_forever, 10**9), 10_000)
    assert (finished, value) == (False, None)


def test_budget_works_in_a_worker_thread():
    result = {}

    def worker():
        result["r"] = within_budget(spin_forever, 50_000)
    t = threading.Thread(target=worker)
    t.start()
    t.join(30)
    assert not t.is_alive() and result["r"] == (False, None)


def test_the_callers_timer_and_trace_function_are_untouched():
    def handler(signum, frame):
        pass
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 100.0)
    try:
        within_budget(spin_forever, 20_000)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 90 < remaining <= 100
        assert signal.getsignal(signal.SIGALRM) is handler
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_pool_runs_down_and_then_refuses():
    pool = Budget(total=60_000, per_call=50_000)
    assert pool.run(lambda: calls(10)) == (True, 10)
    assert pool.run(spin_forever) == (False, None)
    assert pool.run(lambda: calls(10)) == (False, None)  # what is left is below the smallest call
    assert pool.exhausted_calls == 2
