"""Time budgets for potentially slow symbolic computations.

SymPy is pure Python, so a ``SIGALRM`` timer can interrupt it anywhere. A computation
that runs past its budget raises :class:`BudgetExceeded`, which the analysis turns into an
``unknown`` fact instead of a hang. :class:`BudgetExceeded` derives from ``BaseException``
so that SymPy's own ``except Exception`` clauses cannot swallow it.

Budgets nest: an inner budget never outlives the outer one. Past its deadline the alarm
repeats every 50 ms, so a library ``except:`` that swallows one interruption cannot stop it.
Work inside C extensions cannot be interrupted at all, which is why :mod:`symact` selects
SymPy's pure-Python ground types. Outside the main thread (where
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
_closing = [False]
_REPEAT = 0.05  # re-raise every 50 ms after the deadline, in case library code swallowed it


def _on_alarm(signum, frame):  # pragma: no cover - timing dependent
    if _closing[0] or not _deadlines:
        return
    if time.monotonic() >= _deadlines[-1] - 1e-3:
        raise BudgetExceeded()


def _arm(deadline: float) -> None:
    remaining = max(deadline - time.monotonic(), 1e-4)
    signal.setitimer(signal.ITIMER_REAL, remaining, _REPEAT)


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
        _closing[0] = True
        if len(_deadlines) > 1 and time.monotonic() >= _deadlines[-2]:
            raise  # the enclosing budget is the one that ran out
        return False, None
    finally:
        _closing[0] = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        _deadlines.pop()
        _closing[0] = False
        if _deadlines:
            _arm(_deadlines[-1])
        else:
            signal.signal(signal.SIGALRM, previous)
