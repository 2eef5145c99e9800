"""Where a table or report reads its facts: the profile of each activation as JSON (schema
``symact.profile/1``), from the derived-fact store when it holds the entry (no derivation, no
SymPy), else derived live through :func:`symact.api.profile`."""
from __future__ import annotations

import json

from .. import store
from ..core.errors import CatalogError, UnsupportedError


def pointwise_names() -> list[str]:
    """Every pointwise catalog activation, in catalog order."""
    rows = store.catalog_rows()
    if rows is None:
        from ..catalog import CATALOG
        rows = [{"name": r.name, "kind": r.kind} for r in CATALOG.values()]
    return [r["name"] for r in rows if r["kind"] == "pointwise"]


def canonical(name: str) -> str:
    """The catalog name for ``name`` or an alias; a one-line CatalogError otherwise."""
    from ..catalog import canonical_name, get
    key = canonical_name(name) if isinstance(name, str) else None
    if key is None:
        get(name)  # raises the catalog's message with its suggestions
    return key


def profile_json(name: str) -> dict:
    """The profile of a pointwise catalog activation at its defaults, as JSON."""
    key = canonical(name)
    entry = store.lookup(key)
    data = json.loads(entry["json"]) if entry else None
    if data is None:
        from .. import api
        from ..catalog import get
        record = get(key)
        if record.kind != "pointwise":
            raise UnsupportedError(f"{key} is a {record.kind} activation; tables, plots and reports take pointwise ones")
        data = api.profile(record).to_json()
    if data.get("kind") != "pointwise":
        raise UnsupportedError(f"{key} is a {data.get('kind')} activation; tables, plots and reports take pointwise ones")
    return data


def profiles(names: list[str] | None) -> list[dict]:
    """The profiles of ``names`` (all pointwise activations when empty), names checked first so
    that a bad one fails before any work is done."""
    keys = [canonical(n) for n in names] if names else pointwise_names()
    seen: list[str] = []
    for k in keys:
        if k not in seen:
            seen.append(k)
    if not seen:
        raise CatalogError("no activation given")
    return [profile_json(k) for k in seen]


def facts_of(data: dict) -> dict[str, dict]:
    """The facts of a profile JSON by key."""
    return {f["key"]: f for f in data["facts"]}
