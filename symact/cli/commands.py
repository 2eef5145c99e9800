"""The subcommands behind :func:`symact.cli.main`; this module may import all of symact."""
from __future__ import annotations

import argparse
import json

from . import cache
from ..report.render import render


class BadInput(Exception):
    """A command line that argparse or a subcommand rejects (one line, exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse's own usage dump is noise here)
        raise BadInput(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="symact", description="The mathematics of activation functions, derived and labelled.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    ls = sub.add_parser("list", help="the catalog")
    ls.add_argument("--json", action="store_true")
    for name, what, help_text in (("show", "name", "profile of a catalog activation"),
                                  ("analyze", "expression", "profile of your own expression in x")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(what)
        cmd.add_argument("--param", action="append", metavar="NAME=VALUE",
                         help="override (show) or declare (analyze) a parameter")
        fmt = cmd.add_mutually_exclusive_group()
        fmt.add_argument("--json", action="store_true", help="the typed facts as JSON (docs/json-schema.md)")
        fmt.add_argument("--evidence", action="store_true", help="print the evidence under each fact")
        cmd.add_argument("--no-cache", action="store_true", help="derive even if the answer is cached")
    return p


def _params(pairs: list[str] | None) -> dict:
    from ..parse import parse_number
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise BadInput(f"--param expects NAME=VALUE, got {pair[:40]!r}")
        name, value = (s.strip() for s in pair.split("=", 1))
        if not name.isidentifier():
            raise BadInput(f"bad parameter name {name[:40]!r}")
        if name in out:
            raise BadInput(f"parameter {name} given twice")
        out[name] = parse_number(value)
    return out


def list_output(rows: list[dict], as_json: bool) -> str:
    if as_json:
        return json.dumps(rows, indent=2, ensure_ascii=False)
    width = max(len(r["name"]) for r in rows)
    lines = []
    for r in rows:
        extra = f"  (also: {', '.join(r['aliases'])})" if r["aliases"] else ""
        lines.append(f"{r['name']:<{width}}  {r['kind']:<9}  {r['title']}{extra}")
    return "\n".join(lines)


def _catalog_rows() -> list[dict]:
    from ..catalog import CATALOG
    return [{"name": r.name, "kind": r.kind, "title": r.title, "aliases": list(r.aliases)} for r in CATALOG.values()]


def run(argv: list[str]) -> str:
    args = build_parser().parse_args(argv)
    if args.command == "list":
        return list_output(_catalog_rows(), args.json)
    fmt = "json" if args.json else "evidence" if args.evidence else "text"
    key = [a for a in argv if a != "--no-cache"]
    if not args.no_cache:
        hit = cache.get(key)
        if hit is not None:
            return hit
    from .. import api
    params = _params(args.param)
    if args.command == "show":
        from ..catalog import get
        record = get(args.name)
        if record.kind != "pointwise":
            if params:
                raise BadInput(f"{record.name} takes no parameters")
            profile = api.vector_profile(record)
        else:
            profile = api.profile(record, **params)
    else:
        profile = api.analyze(args.expression, params)
    output = render(profile, fmt)
    if not args.no_cache:
        cache.put(key, output)
    return output
