"""Derive the catalog store (``python -m symact.store [--check]``).

Each entry holds exactly what ``symact show NAME``, ``--evidence`` and ``--json`` print, made by
the same renderers the command line uses, so answering from the store is byte-identical to
deriving live.
"""
from __future__ import annotations

import json
import sys
import time

from . import STORE_PATH, versions


#: parameter variants shipped in the store too (the ones the documentation shows)
VARIANTS = (("swish", (("beta", "2"),)), ("elu", (("alpha", "3/2"),)))


def variant_key(name: str, params) -> str:
    """The store key of ``show NAME --param k=v ...`` (canonical name, parameters in order)."""
    return " ".join([name] + [f"--param {k}={v}" for k, v in params])


def outputs(name: str, params=()) -> dict:
    """The three renderings of one catalog entry, derived now."""
    from ..report.render import render
    from .. import api
    from ..catalog import get
    record = get(name)
    profile = api.profile(record, **dict(params)) if record.kind == "pointwise" else api.vector_profile(record)
    return {"text": render(profile, "text"), "evidence": render(profile, "evidence"), "json": render(profile, "json")}


def derive(names: list[str] | None = None, progress=None) -> dict:
    from ..catalog import ALIASES, CATALOG
    entries = {}
    for name in names or list(CATALOG):
        start = time.perf_counter()
        entries[name] = outputs(name)
        if progress:
            progress(name, time.perf_counter() - start)
    variants = {variant_key(n, p): outputs(n, p) for n, p in VARIANTS} if names is None else {}
    rows = [{"name": r.name, "kind": r.kind, "title": r.title, "aliases": list(r.aliases)} for r in CATALOG.values()]
    return {"versions": versions(), "aliases": dict(ALIASES), "list": rows, "entries": entries, "variants": variants}


def serialise(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    data = derive(progress=lambda n, s: print(f"{n:<22} {s:6.2f} s", file=sys.stderr))
    text = serialise(data)
    if check:
        same = STORE_PATH.exists() and STORE_PATH.read_text(encoding="utf-8") == text
        print("store is up to date" if same else "store differs from what the code derives")
        return 0 if same else 1
    STORE_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {STORE_PATH} ({len(data['entries'])} entries)")
    return 0
