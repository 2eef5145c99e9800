"""The fact families; each module registers its facts with :func:`symact.analysis.registry.fact`
when imported, which importing this package does."""
from . import formulas, limits, points, ranges, shape, smoothness, symmetry  # noqa: F401
