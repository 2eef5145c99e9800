r"""The catalog: one record per activation, each defined once as a SymPy expression.

>>> from symact.catalog import get
>>> get("SiLU").name, get("hard-swish").name
('swish', 'hard_swish')
"""
from __future__ import annotations

from typing import Callable

from ..core.errors import CatalogError
from .parameters import Parameter, exact_value
from .pointwise import POINTWISE
from .record import Activation
from .vector import VECTOR

CATALOG: dict[str, Activation] = {}
ALIASES: dict[str, str] = {}
for _rec in POINTWISE + VECTOR:
    CATALOG[_rec.name] = _rec
    for _alias in _rec.aliases:
        ALIASES[_alias] = _rec.name


def canonical_name(name: str) -> str | None:
    """The canonical name for ``name`` or one of its aliases (case-insensitive, '-' = '_')."""
    key = name.strip().lower().replace("-", "_")
    key = ALIASES.get(key, key)
    return key if key in CATALOG else None


def get(name: str) -> Activation:
    """The catalog record for ``name`` or one of its aliases."""
    if not isinstance(name, str):
        raise CatalogError(f"an activation name is text, got {type(name).__name__}")
    key = canonical_name(name)
    if key is None:
        typed = name.strip().lower().replace("-", "_")
        close = sorted(n for n in list(CATALOG) + list(ALIASES) if typed and n[:3] == typed[:3])
        hint = f"; did you mean {', '.join(close[:3])}?" if close else "; 'symact list' shows the catalog"
        shown = name if len(name) <= 40 else name[:37] + "..."
        raise CatalogError(f"unknown activation {shown!r}{hint}")
    return CATALOG[key]


def names(kind: str | None = None) -> list[str]:
    """Canonical names, in catalog order, optionally of one kind."""
    return [n for n, r in CATALOG.items() if kind is None or r.kind == kind]


def catalog_functions() -> dict[str, Callable]:
    """Pointwise activations as callables for the parser (``mish(2*x)`` etc.)."""
    out = {}
    for rec in CATALOG.values():
        if rec.kind == "pointwise":
            for n in (rec.name, *rec.aliases):
                out[n] = rec
    return out


__all__ = ["ALIASES", "Activation", "CATALOG", "CatalogError", "Parameter", "canonical_name", "catalog_functions",
           "exact_value", "get", "names"]
