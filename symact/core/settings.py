"""Every budget, precision and tolerance in one place.

Budgets are counted in *steps* (Python calls, see :mod:`symact.core.budget`), so results do
not depend on machine speed or load. One step is roughly a microsecond of SymPy work here.
"""
from __future__ import annotations

#: steps for all slow SymPy calls (limits, solve, simplify) of one catalog profile (the catalog
#: uses at most 3 million), and of a profile of any other expression: at about 2 µs a step
#: here, the second keeps every answer within 10 s, import and samples included
PROFILE_STEPS = 4_000_000
USER_STEPS = 2_500_000
#: at most this many steps for one SymPy call (limits, the zero test's simplify)
CALL_STEPS = 1_500_000
#: steps for all the limits of one profile together (the catalog uses at most 1.2 million):
#: with the total, this keeps any input's profile within 10 s on a 2-core machine
LIMIT_STEPS = 2_000_000
#: allowances for the other kinds of call: a quick rewrite, and a factorisation or simplification.
#: Step counts vary by up to a third with Python's hash seed, so every catalog call either
#: finishes well within its allowance or would need several times it (tests/test_store.py).
SMALL_STEPS = 300_000
MEDIUM_STEPS = 1_000_000
#: steps for splitting a user expression into pieces and checking its domain
PREPARE_STEPS = 3_000_000

#: branch and bound: most cells examined for one sign structure, for all of a profile's sign
#: structures together, and the narrowest cell
MAX_CELLS = 4000
PROFILE_CELLS = 4000
CELL_TOLERANCE = 1e-7
#: bits of the first and the fallback arb precision in branch and bound
LOW_PRECISION, HIGH_PRECISION = 64, 2048
#: bits used to refine roots and to enclose values at them
ROOT_PRECISION = 200
#: relative width below which a root enclosure counts as refined
ROOT_WIDTH = 1e-33

#: tails: the half-lines [R, ∞) tried, smallest first; the window [-R, R] is searched in full
TAIL_STARTS = (20, 200, 2_000, 20_000, 200_000, 2_000_000, 2e8, 2e12)
#: most breakpoints a piecewise expression may have
MAX_BREAKPOINTS = 64
#: largest number a literal may denote (decimal exponent), so nothing huge is expanded
MAX_LITERAL_EXPONENT = 1000
#: most bits a number built from literals (e.g. 10**1000) may have
MAX_NUMBER_BITS = 40_000

#: digits of decimals shown, and the working digits of samples
SHOWN_DIGITS = 30
SAMPLE_DPS = 50

#: one-sided derivatives compared at a breakpoint (f, f', f'', f''': "C^3 at least")
SMOOTHNESS_ORDERS = 4
