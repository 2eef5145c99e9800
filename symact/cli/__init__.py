"""Command line: ``symact list | show NAME | analyze "EXPR" | verify "CLAIM" | check FILE``
(a thin layer over the API).

Answers come, fastest first, from the derived-fact store (catalog entries at their defaults),
from the on-disk cache (anything asked before), or are derived. Bad input prints one line on
stderr and exits with status 2; nothing the user typed is ever evaluated as Python. ``verify``
and ``check`` exit 0 when every claim is proved or certified, 1 when one is refuted, 3 when one
is unknown and none refuted.
"""
from __future__ import annotations

import sys

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70
_FORMATS = {(): "text", ("--evidence",): "evidence", ("--json",): "json"}


def _from_store(argv: list[str]) -> str | None:
    """The stored answer for ``show NAME [--json|--evidence]`` and ``list [--json]``, if any."""
    from .. import store
    if argv[:1] == ["show"] and len(argv) >= 2 and not argv[1].startswith("-"):
        rest, params = list(argv[2:]), []
        while len(rest) >= 2 and rest[0] == "--param":
            params.append(rest[1].replace(" ", ""))
            rest = rest[2:]
        fmt = _FORMATS.get(tuple(rest))
        entry = store.lookup(argv[1], params) if fmt else None
        return entry[fmt] if entry else None
    if argv[:1] == ["list"] and tuple(argv[1:]) in ((), ("--json",)):
        rows = store.catalog_rows()
        if rows is None:
            return None
        from .commands import list_output
        return list_output(rows, argv[1:] == ["--json"])
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        answer = _from_store(argv)
        if answer is None:
            from .commands import run
            answer = run(argv)
        code = 0
        if isinstance(answer, tuple):
            answer, code = answer
        print(answer)
        return code
    except BrokenPipeError:  # pragma: no cover - `symact show x | head`
        return 0
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # noqa: BLE001 - every escape becomes one line
        from ..core.errors import SymactError
        from .commands import BadInput
        if isinstance(exc, (SymactError, BadInput)):
            print(f"symact: error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"symact: internal error (please report it): {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
        return EXIT_INTERNAL
