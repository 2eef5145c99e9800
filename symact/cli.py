"""Command line: ``symact list | show NAME | analyze "EXPR"`` (a thin layer over the API).

Bad input (unknown names, malformed expressions, bad parameters) prints one line on stderr
and exits with status 2; nothing the user typed is ever evaluated as Python.
"""
from __future__ import annotations

import argparse
import json
import sys

from . import catalog
from .catalog import CatalogError
from .parsing import ParseError, parse_number

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse's own usage dump is noise here)
        raise _BadInput(message)


class _BadInput(Exception):
    pass


def _params(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise _BadInput(f"--param expects NAME=VALUE, got {pair!r}")
        name, value = (s.strip() for s in pair.split("=", 1))
        if not name.isidentifier():
            raise _BadInput(f"bad parameter name {name!r}")
        out[name] = parse_number(value)
    return out


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symact", description="The mathematics of activation functions, derived and labelled.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="the catalog")
    ls.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="profile of a catalog activation")
    show.add_argument("name")
    show.add_argument("--param", action="append", metavar="NAME=VALUE", help="override a parameter")
    show.add_argument("--json", action="store_true")
    show.add_argument("--evidence", action="store_true", help="print the evidence under each fact")
    an = sub.add_parser("analyze", help="profile of your own expression in x")
    an.add_argument("expression")
    an.add_argument("--param", action="append", metavar="NAME=VALUE", help="declare a parameter")
    an.add_argument("--json", action="store_true")
    an.add_argument("--evidence", action="store_true")
    return p


def _list(args) -> int:
    rows = [(r.name, r.kind, r.title, ", ".join(r.aliases)) for r in catalog.CATALOG.values()]
    if args.json:
        print(json.dumps([dict(zip(("name", "kind", "title", "aliases"), row)) for row in rows], indent=2))
        return 0
    width = max(len(r[0]) for r in rows)
    for name, kind, title, aliases in rows:
        extra = f"  (also: {aliases})" if aliases else ""
        print(f"{name:<{width}}  {kind:<9}  {title}{extra}")
    return 0


def _emit(profile, args) -> int:
    from .render import profile_text
    if args.json:
        print(json.dumps(profile.to_json(), indent=2, ensure_ascii=False))
    else:
        print(profile_text(profile, evidence=args.evidence))
    return 0


def _show(args) -> int:
    record = catalog.get(args.name)
    params = _params(args.param)
    if record.kind != "pointwise":
        from .vector import vector_profile
        if params:
            raise _BadInput(f"{record.name} takes no parameters")
        return _emit(vector_profile(record), args)
    return _emit(record.profile(**params), args)


def _analyze(args) -> int:
    from . import analyze
    return _emit(analyze(args.expression, _params(args.param)), args)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"list": _list, "show": _show, "analyze": _analyze}[args.command](args)
    except (_BadInput, ParseError, CatalogError) as exc:
        print(f"symact: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # pragma: no cover - `symact show x | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
