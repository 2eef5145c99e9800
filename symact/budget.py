"""Time budgets for potentially slow symbolic computations.

SymPy is pure Python, so a ``SIGALRM`` timer can interrupt it anywhere. A computation
that runs past its budget raises :class:`BudgetExceeded`, which the analysis turns into an
``unknown`` fact instead of a hang. :class:`BudgetExceeded` derives from ``BaseException``
so that SymPy's own ``except Exception`` clauses cannot swallow it.

Budgets nest: an inner budget never outlives the outer one. Outside the main thread (where
signals cannot be delivered) the computation runs unbudgeted.
"""
from __future__ import annotations

import signal
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")


class BudgetExceeded(BaseException):
    """Raised inside a computation whose time budget has run out."""


_deadlines: list[float] = []


def _on_alarm(signum, frame):  # pragma: no cover - timing dependent
    raise BudgetExceeded()


def _arm(deadline: float) -> None:
    remaining = max(deadline - time.monotonic(), 1e-4)
    signal.setitimer(signal.ITIMER_REAL, remaining)


def within_budget(fn: Callable[[], T], seconds: float) -> tuple[bool, T | None]:
    """Run ``fn()`` for at most ``seconds``; return ``(finished, value)``.

    ``(False, None)`` means the budget ran out (or an enclosing budget did: then the
    exception propagates to the enclosing call, which owns that deadline).
    """
    if threading.current_thread() is not threading.main_thread():
        return True, fn()
    deadline = time.monotonic() + seconds
    if _deadlines:
        deadline = min(deadline, _deadlines[-1])
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    _deadlines.append(deadline)
    _arm(deadline)
    try:
        return True, fn()
    except BudgetExceeded:
        if len(_deadlines) > 1 and time.monotonic() >= _deadlines[-2]:
            raise  # the enclosing budget is the one that ran out
        return False, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _deadlines.pop()
        if _deadlines:
            _arm(_deadlines[-1])
        else:
            signal.signal(signal.SIGALRM, previous)
