"""The fact families; each module registers its facts with :func:`symact.analysis.registry.fact`."""
