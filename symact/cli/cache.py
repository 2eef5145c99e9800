"""An on-disk cache of command-line answers for user expressions and non-default parameters.

The key is the command line itself together with the versions of symact and its mathematical
dependencies, so an upgrade never serves a stale answer. ``SYMACT_CACHE_DIR`` chooses the
folder (default ``$XDG_CACHE_HOME/symact`` or ``~/.cache/symact``); ``SYMACT_NO_CACHE=1`` or
``--no-cache`` turns it off. Entries are JSON written atomically; an unreadable entry is a miss.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def folder() -> Path | None:
    if os.environ.get("SYMACT_NO_CACHE"):
        return None
    base = os.environ.get("SYMACT_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "symact" if xdg else Path.home() / ".cache" / "symact"


def _path(argv: list[str]) -> Path | None:
    from ..store import versions
    where = folder()
    if where is None:
        return None
    key = hashlib.sha256(json.dumps([argv, versions()], sort_keys=True).encode()).hexdigest()
    return where / f"{key}.json"


def get(argv: list[str]) -> str | None:
    path = _path(argv)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["output"] if data.get("argv") == argv else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put(argv: list[str], output: str) -> None:
    path = _path(argv)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"argv": argv, "output": output}, out, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written is simply not used
