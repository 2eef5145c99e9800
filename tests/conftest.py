import os
import tempfile

# as symact itself does on import: pure-Python SymPy ground types, set before sympy is imported
os.environ.setdefault("SYMPY_GROUND_TYPES", "python")
# the command-line cache goes to a fresh folder, never the user's
os.environ["SYMACT_CACHE_DIR"] = tempfile.mkdtemp(prefix="symact-test-cache-")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("symact", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
settings.load_profile("symact")


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow sweeps")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow sweep: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def x64():
    """JAX with float64 enabled (its default has none), restored afterwards."""
    jax = pytest.importorskip("jax")
    old = jax.config.read("jax_enable_x64")
    jax.config.update("jax_enable_x64", True)
    yield jax
    jax.config.update("jax_enable_x64", old)
