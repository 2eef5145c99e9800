r"""Work budgets for potentially slow symbolic computations, counted in steps, not seconds.

A *step* is one Python function call, counted by a trace function (:func:`sys.settrace`)
that is installed only while a budgeted computation runs. SymPy is pure Python, so its work
is counted wherever it goes; when the count passes the allowance the trace function raises
:class:`BudgetExceeded` inside the computation, which unwinds to :func:`within_budget`.

Why steps: the same computation takes the same number of steps on an idle or a loaded
machine, whether facts are read at once or a minute later, so results never depend on the
clock. (Counts still vary by a few per cent with Python's hash seed and with what SymPy has
cached earlier in the process; the settings keep every catalog computation far from its
allowance, and a test checks that the output is byte-identical across hash seeds, delays and
machine load.) Counting costs about a third of the run time, inside budgeted calls only.

The budget is per thread and touches no signal or timer, so it works in worker threads and in
Jupyter, and never disturbs the caller's own timers. A trace function already installed (a
debugger, coverage) keeps receiving its events and is restored afterwards.
:class:`BudgetExceeded` derives from ``BaseException`` so that ``except Exception`` clauses in
library code cannot swallow it (SymPy 1.14 has no bare ``except:``).

>>> from symact.core.budget import within_budget
>>> within_budget(lambda: sum(range(10)), steps=1000)
(True, 45)
>>> def spin(n):
...     return n if n == 0 else spin(n - 1)
>>> within_budget(lambda: spin(500), steps=100)
(False, None)
"""
from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

T = TypeVar("T")


class BudgetExceeded(BaseException):
    """Raised inside a computation whose step allowance has run out."""


@dataclass
class _ThreadState:
    calls: int = 0
    limit: float = float("inf")  # the innermost (smallest) deadline in force, in calls
    deadlines: list = field(default_factory=list)
    tripped: bool = False  # raised already for the current deadline: never raise twice
    wall: float = float("inf")  # backstop: monotonic-clock deadline of the innermost budget
    walls: list = field(default_factory=list)
    previous: object = None  # the trace function that was installed before ours
    tracer: object = None


_local = threading.local()
_RESUMABLE = 0x20 | 0x80 | 0x200  # CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR


def _state() -> _ThreadState:
    state = getattr(_local, "state", None)
    if state is None:
        state = _local.state = _ThreadState()

        def tracer(frame, event, arg, state=state):
            state.calls += 1
            if not state.tripped and (state.calls > state.limit or (
                    state.calls & 1023 == 0 and time.monotonic() > state.wall)):
                code = frame.f_code
                # never raise into a generator being resumed (it may be closing under the garbage
                # collector, which would swallow the exception) or a finalizer: the next plain
                # call raises instead
                if not (code.co_flags & _RESUMABLE or code.co_name == "__del__"):
                    state.tripped = True  # cleanup code (finally blocks) then runs in peace
                    raise BudgetExceeded()
            previous = state.previous
            return previous(frame, event, arg) if previous is not None else None
        state.tracer = tracer
    return state


def steps_taken() -> int:
    """Steps counted so far in this thread (only inside budgeted computations)."""
    return _state().calls


#: seconds of backstop per step: a budget of N steps is also stopped after N/150 000 s.
#: Steps are the real limit; the backstop only catches code that loops for long without
#: making calls (dense polynomial arithmetic), which step counting underestimates.
BACKSTOP_SECONDS_PER_STEP = 1 / 150_000


def within_budget(fn: Callable[[], T], steps: int) -> tuple[bool, T | None]:
    """Run ``fn()`` for at most ``steps`` Python calls; return ``(finished, value)``.

    ``(False, None)`` means the allowance ran out. Budgets nest: an inner one never outlives
    the outer one, and when the *outer* allowance is what ran out the exception propagates
    to the call that owns it.
    """
    state = _state()
    outermost = not state.deadlines
    if outermost:
        state.previous = sys.gettrace()
    deadline = state.calls + max(int(steps), 0)
    wall = time.monotonic() + max(int(steps), 0) * BACKSTOP_SECONDS_PER_STEP + 0.5
    if state.deadlines:
        deadline = min(deadline, state.deadlines[-1])
        wall = min(wall, state.walls[-1])
    state.deadlines.append(deadline)
    state.walls.append(wall)
    state.limit = deadline
    state.wall = wall
    state.tripped = False
    sys.settrace(state.tracer)
    try:
        value = fn()
        if state.tripped and state.calls > deadline:
            return False, None  # the stop was swallowed somewhere: the allowance still ran out
        return True, value
    except BudgetExceeded:
        if len(state.deadlines) > 1 and (state.calls > state.deadlines[-2] or time.monotonic() > state.walls[-2]):
            raise  # the enclosing allowance is the one that ran out
        return False, None
    finally:
        state.deadlines.pop()
        state.walls.pop()
        state.tripped = bool(state.deadlines) and (state.calls > state.deadlines[-1] or time.monotonic() > state.walls[-1])
        if state.deadlines:
            state.limit = state.deadlines[-1]
            state.wall = state.walls[-1]
            sys.settrace(state.tracer)  # raising from a trace function uninstalls it
        else:
            state.limit = float("inf")
            state.wall = float("inf")
            sys.settrace(state.previous)
            state.previous = None


class Budget:
    """A pool of steps shared by the slow symbolic calls of one analysis.

    Each call gets ``min(per_call, what is left)``; what it used is taken from the pool.
    Because steps are counted, the pool runs down the same way on every machine, provided
    the calls come in the same order (an analysis makes them in a fixed order).
    """

    def __init__(self, total: int, per_call: int, smallest: int = 20_000, cells: int | None = None):
        from . import settings
        #: branch-and-bound cells left for the whole analysis (counted, like steps)
        self.cells_left = settings.PROFILE_CELLS if cells is None else cells
        self.left = int(total)
        self.per_call = int(per_call)
        self.smallest = int(smallest)
        self.exhausted_calls = 0
        self.largest_fraction = 0.0  # of its allowance, the most a finished call used
        #: (where, steps used, allowance, finished) per call: for tuning and the determinism margin
        self.log: list[tuple[str, int, int, bool]] = []

    def run(self, fn: Callable[[], T], steps: int | None = None) -> tuple[bool, T | None]:
        """``(finished, value)``; ``(False, None)`` when the pool is spent, the call ran out of
        steps, or raised (SymPy's way of saying a method does not apply: no answer, not a proof)."""
        allowance = min(self.per_call if steps is None else steps, self.left)
        if allowance < self.smallest:
            self.exhausted_calls += 1
            return False, None
        def guarded():
            try:
                return True, fn()
            except Exception:  # noqa: BLE001 - SymPy's PoleError, PolynomialError, …: no answer
                return False, None
        start = steps_taken()
        finished, value = within_budget(guarded, allowance)
        used = steps_taken() - start
        self.left -= used
        code = getattr(fn, "__code__", None)
        where = f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}" if code else "?"
        self.log.append((where, used, allowance, bool(finished and value[0])))
        if finished:
            self.largest_fraction = max(self.largest_fraction, used / allowance)
        if not finished:
            self.exhausted_calls += 1
            return False, None
        return value
