r"""The derived-fact store: every catalog profile at its defaults, derived once and shipped.

``symact show NAME`` answers from ``catalog.json`` without loading SymPy (under 0.2 s cold),
provided the store was derived by this very version of symact and of its dependencies; otherwise
it derives the profile live. ``python -m symact.store`` regenerates the file; the test suite
re-derives every entry in full and fails if a single byte differs, so the store can never drift
from what the code derives.

This module imports nothing heavy: the command line reads the store through it.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

STORE_PATH = Path(__file__).with_name("catalog.json")
DEPENDENCIES = ("sympy", "mpmath", "python-flint")


def versions() -> dict[str, str]:
    """The versions a stored answer depends on: symact's and its mathematical dependencies'."""
    from .. import __version__
    out = {"symact": __version__}
    for name in DEPENDENCIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - broken install
            out[name] = "missing"
    return out


@lru_cache(maxsize=1)
def load() -> dict | None:
    """The store, or ``None`` when it is missing or was derived under other versions."""
    try:
        data = json.loads(STORE_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("versions") != versions():
        return None
    return data


def lookup(name: str, params: list[str] | None = None) -> dict | None:
    """The stored outputs for a catalog name or alias (and ``k=v`` parameter texts, for the
    shipped variants): keys ``text``, ``evidence``, ``json``."""
    data = load()
    if data is None:
        return None
    key = name.strip().lower().replace("-", "_")
    key = data["aliases"].get(key, key)
    if params:
        return data["variants"].get(" ".join([key] + [f"--param {p}" for p in params]))
    return data["entries"].get(key)


def catalog_rows() -> list[dict] | None:
    data = load()
    return None if data is None else data["list"]
