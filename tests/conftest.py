import os

# as symact itself does on import: interruptible (pure-Python) SymPy ground types, set before
# any test module imports sympy
os.environ.setdefault("SYMPY_GROUND_TYPES", "python")
# generous symbolic budgets: tests check results, benchmarks/profile_speed.py checks speed
os.environ.setdefault("SYMACT_BUDGET_SCALE", "4")

import pytest


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow sweeps")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow sweep: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
