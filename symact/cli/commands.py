"""The subcommands behind :func:`symact.cli.main`; this module may import all of symact."""
from __future__ import annotations

import argparse
import json
import warnings

from . import cache, products
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
    ver = sub.add_parser("verify", help="prove or refute a claim (exit 0 holds, 1 refuted, 3 unknown)",
                         description="Claims: 'tanh(x) == 2*sigmoid(2*x) - 1', 'diff(mish(x), x) <= 1.1', "
                                     "'sup(abs(gelu(x) - gelu_tanh(x)), x, -oo, oo) <= 4.74e-4', "
                                     "'d/dx sigmoid == f*(1-f)', 'range of diff(sigmoid) is (0, 1/4]', "
                                     "'min of mish ≈ -0.3088 at ≈ -1.1924', 'elu is C1', "
                                     "'for beta > 0: ... ', '... on [0, oo)'. See docs/verify.md.")
    ver.add_argument("claim")
    ver.add_argument("--param", action="append", metavar="NAME=VALUE", help="fix a parameter's value")
    chk = sub.add_parser("check", help="verify every claim in a file (.toml or one claim per line)")
    chk.add_argument("file")
    chk.add_argument("--time-limit", type=float, default=300.0, metavar="SECONDS",
                     help="total wall-clock cap (default 300): claims not reached by then are reported "
                          "unknown ('not attempted'); decided verdicts never change")
    rep = sub.add_parser("replay", help="re-check a certificate written by verify/check --certificate")
    rep.add_argument("file")
    gen = sub.add_parser("codegen", help="the generated numerically stable source for an activation or expression")
    gen.add_argument("activation")
    gen.add_argument("--backend", default="numpy", choices=["numpy", "c", "cupy", "torch", "jax"],
                     help="numpy, c (the C99 translation unit), cupy (the ElementwiseKernel source), "
                          "torch or jax (needs that framework installed)")
    gen.add_argument("--param", action="append", metavar="NAME=VALUE")
    acc = sub.add_parser("accuracy", help="max ULP error of the generated function vs a 50-digit reference")
    acc.add_argument("activation")
    acc.add_argument("--dtype", default="float64", choices=["float64", "float32", "float16", "bfloat16"],
                     help="float16 and bfloat16: every finite input (exhaustive)")
    acc.add_argument("--param", action="append", metavar="NAME=VALUE")
    for cmd in (ver, chk):
        cmd.add_argument("--certificate", metavar="FILE", help="write what each verdict rests on (JSON)")
        fmt = cmd.add_mutually_exclusive_group()
        fmt.add_argument("--json", action="store_true", help="verdicts as JSON (schema symact.verdicts/1)")
        fmt.add_argument("--markdown", action="store_true", help="verdicts as a Markdown table")
    products.add_parsers(sub)
    return p


def _params(pairs: list[str] | None) -> dict:
    from ..parse import parse_number
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise BadInput(f"--param expects NAME=VALUE, got {pair[:40]!r}")
        name, value = (s.strip() for s in pair.split("=", 1))
        if not name.isidentifier() or name == "x" or name.startswith("_"):
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


def _accuracy(args) -> str:
    from ..codegen import numeric
    from ..codegen.accuracy import interior_zeros, measure_many, naive
    from ..codegen.exhaustive import measure_symact
    from ..codegen.formats import FORMATS
    f = numeric(args.activation, **_params(args.param))
    zeros = interior_zeros(args.activation) if not args.param else []
    fmt = FORMATS.get(args.dtype)  # 16-bit: every finite input
    scope = f", every finite input ({fmt.all_finite().size})" if fmt else ""
    lines = [f"{f.name}, {args.dtype}{scope}: max error in ULP (non-finite outputs where the exact value is finite)",
             f"{'':<12}{'region':<10}{'symact':>14}{'naive lambdify':>18}  worst input (symact)"]
    for what, der in (("f", False), ("f'", True)):
        res = measure_symact(f, fmt, der, naive(f.expr)) if fmt else \
            measure_many({"symact": f, "naive": naive(f.expr)}, f.expr, args.dtype, zeros, der)
        ours, theirs = res["symact"], res["naive"] or [None] * len(res["symact"])
        for a, b in zip(ours, theirs):
            other = f"{b.max_ulp:>12.3g} ({b.nonfinite})" if b is not None else f"{'n/a':>16}"
            lines.append(f"{what:<12}{a.region:<10}{a.max_ulp:>10.3g} ({a.nonfinite}){other}  {a.worst!r}")
    return "\n".join(lines)


def run(argv: list[str]) -> str | tuple[str, int]:
    """The output of a command line, or ``(output, exit status)`` for verify and check."""
    args = build_parser().parse_args(argv)
    if args.command == "list":
        return list_output(_catalog_rows(), args.json)
    if args.command == "codegen":
        from ..codegen import numeric
        from ..core.errors import PrecisionWarning
        with warnings.catch_warnings():  # the printed source does not depend on JAX's x64 switch
            warnings.simplefilter("ignore", PrecisionWarning)
            return numeric(args.activation, args.backend, **_params(args.param)).source.rstrip()
    if args.command == "accuracy":
        return _accuracy(args)
    if args.command in products.COMMANDS:
        return products.run(args)
    if args.command == "replay":
        from ..verifier import certificates
        results = certificates.replay(args.file)
        return certificates.render_replay(results), certificates.replay_exit_status(results)
    if args.command in ("verify", "check"):
        from .. import verifier
        fmt = "json" if args.json else "markdown" if args.markdown else "text"
        params = _params(args.param) if args.command == "verify" else {}
        if args.command == "verify":
            claims = [verifier.parse_claim(args.claim, params)]
        else:
            claims = [verifier.parse_claim(text) for text in verifier.read_claims(args.file)]
        verdicts = verifier.decide_all(claims, args.time_limit if args.command == "check" else None)
        if args.certificate is not None:
            from ..verifier import certificates
            certificates.write(args.certificate, [certificates.certificate(v, c, params)
                                                  for v, c in zip(verdicts, claims)])
        return verifier.render(verdicts, fmt), verifier.exit_status(verdicts)
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
