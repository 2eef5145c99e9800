r"""Certificate kinds beyond covers and counterexamples (see :mod:`symact.verifier.certificates`).

* ``rewrite`` (proved identities, with or without parameters bounded by ``for …:``): per piece
  of lhs − rhs inside the claim's interval the chain lhs − rhs, its exp/erf form, 0 (the zero
  test of :func:`symact.verifier.decide.decide`, parameters carrying the signs their conditions
  imply), the breakpoint values, and the parameter conditions. Replay splits lhs − rhs again,
  checks that each chain starts there and ends at 0, and that every step agrees with the one
  before at rational x crossed with exact parameter values that satisfy the conditions; the
  breakpoint values enclose 0 there. A check of the record, not of SymPy's steps: ``consistent``.
* ``vector-rewrite`` (vector identities proved for every length n, or for a fixed length K):
  the chain of forms of the proof (:func:`symact.verifier.vector_claims.zero_chain`), each form
  an expression tree in JSON (a whitelist of node types: numbers, the vector's entries, sums,
  + × ^ and named functions; never text read by ``eval``). Replay parses the claim again, checks
  that the chain starts at its component of lhs − rhs and ends at 0, and that consecutive forms
  agree with arb at n = 2, 3, 5 (or K) on every component at exact rational points, the sums
  written out term by term. ``consistent``.
* ``composite`` (facts of a profile: monotone, convex, concave, bounded, odd, even,
  zero-centred, Lipschitz ≤ L, ``min/max of E ≈ v [at ≈ x0]``, ranges, C^k, continuous, smooth,
  limits, parameter limits, ``iff`` claims): the reduction, the few free choices (a point, a
  bound, the side ±∞ an open range end is approached from) and the sub-certificates. Replay
  derives the sub-claims and checks itself from the claim parsed again (their recorded texts
  must equal the derived ones), replays each, and re-runs the point checks with arb. Numeric
  checks of the record (a limit at points replay chooses, one-sided values of derivatives
  agreeing to 10^-50: :mod:`symact.verifier.record_certificates`) make the outcome
  ``consistent``; the detail says what they found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import mpmath
import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.errors import ParseError
from ..core.symbols import X
from ..core.vocabulary import VOCABULARY, to_exp_form
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..parse import parse_expression
from ..prove.pieces import split
from .claims import (NAMED_CONSTANTS, REALS, ApproxExtremum, Bound, Claim, LimitClaim, PropertyClaim, RangeClaim,
                     Region, Relation)
from .decide import assumed, clip, const_arb, decide, inside, parameter_samples, scan_points
from .verdicts import Status

_BITS = 256
#: claims decided from a profile: a ``composite`` certificate when they reduce to covers and checks
PROFILE_CLAIMS = (PropertyClaim, ApproxExtremum, RangeClaim, LimitClaim)
_POINTS = [sp.Rational(k, 7) for k in (-9, -4, -1, 2, 5, 11, 17, 23)]


@dataclass(frozen=True)
class Kit:
    """What :mod:`symact.verifier.certificates` lends: a cover of a claim (its JSON fields, or
    None) and the replay of one (``(outcome, detail)``)."""

    cover: Callable[[Claim], dict | None]
    replay_cover: Callable[[Claim, dict], tuple[str, str]]


class _Fail(Exception):
    """Replay found the certificate wrong (the message says where)."""


class _NoReduction(Exception):
    """No replayable reduction of the claim (the message says why)."""


def _budget() -> Budget:
    return Budget(settings.PREPARE_STEPS, settings.CALL_STEPS)


def read_exact(text) -> sp.Expr:
    """A real constant written in a certificate, read with the restricted parser (never eval)."""
    if not isinstance(text, (str, int)):
        raise ParseError("a number in a certificate is text")
    value = parse_expression(str(text), variable=sp.Dummy("none"))
    if value.free_symbols or not value.is_real:
        raise ParseError(f"not a real number: {str(text)[:30]!r}")
    return value


def _rational(text) -> sp.Rational:
    value = read_exact(text)
    if not value.is_Rational:
        raise _Fail(f"{str(text)[:30]!r} is not an exact rational")
    return value


def _arb_at(e: sp.Expr, t: sp.Expr) -> arb | None:
    """e (in x) at the exact point t, or None when arb cannot enclose it finitely."""
    with arb_precision(_BITS):
        try:
            point = arb(int(t.p)) / int(t.q) if t.is_Rational else compile_expr(t, X, "arb")(arb(0))
            v = compile_expr(e, X, "arb")(point)
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    return v if isinstance(v, arb) and v.is_finite() else None


def _agree(a: arb | None, b: arb | None) -> bool:
    return a is not None and b is not None and a.overlaps(b) and (a - b).rad() <= arb(10) ** -20


def _by_name(e: sp.Expr, values: dict) -> sp.Expr:
    """e with each parameter replaced by its value, matched by name (``assumed`` makes new
    symbols with the same names)."""
    names = {s.name: v for s, v in values.items()}
    return e.xreplace({s: names[s.name] for s in e.free_symbols if s.name in names})


# -- rewrite chains (identities, with or without parameters) -----------------------------------------

def _identity_pieces(claim: Claim):
    """The pieces of lhs − rhs inside the claim's interval and the breakpoints there, as the
    verdict's zero test saw them (parameters with the signs their conditions imply)."""
    body = claim.body
    g = assumed(claim, body.lhs - body.rhs)
    pieces = split(g, X, _budget())
    kept = []
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, body.region)
        if lo is not None:
            kept.append((lo, hi, p.expr))
    points = [(c, v) for c, v in zip(pieces.breakpoints, pieces.values) if inside(c, body.region)]
    return kept, points


def _conditions(claim: Claim) -> dict:
    return {p.symbol.name: sp.sstr(p.condition) for p in claim.parameters}


def _readable(text: str, claim: Claim) -> bool:
    try:
        parse_expression(text, parameters={**NAMED_CONSTANTS, **{p.symbol.name: p.symbol for p in claim.parameters}})
    except ParseError:
        return False
    return True


def rewrite_entry(claim: Claim) -> dict | None:
    """The ``rewrite`` fields for a proved identity (None when it cannot be written)."""
    try:
        pieces, points = _identity_pieces(claim)
        if claim.parameters:
            parameter_samples(claim, 4)  # replay needs values that satisfy the conditions
    except Exception:  # noqa: BLE001 - no split or no sample values: no certificate
        return None
    under = " under the parameters' assumptions" if claim.parameters else ""
    out = []
    for lo, hi, expr in pieces:
        steps = [["lhs - rhs on the piece", sp.sstr(expr)]]
        if expr != 0:
            form = sp.sstr(to_exp_form(expr))
            if _readable(form, claim):
                steps.append(["exp/erf form (vocabulary definitions)", form])
            steps.append(["sympy simplify" + under, "0"])
        out.append({"on": [sp.sstr(lo), sp.sstr(hi)], "chain": steps})
    entry = {"pieces": out, "breakpoints": [[sp.sstr(c), sp.sstr(v)] for c, v in points]}
    if claim.parameters:
        entry["conditions"] = _conditions(claim)
    return entry if _self_check(lambda: replay_rewrite(claim, entry))[0] == "consistent" else None


def _self_check(run: Callable[[], tuple[str, str]]) -> tuple[str, str]:
    """The replay of a certificate just built (a certificate that would not replay is not written)."""
    try:
        return run()
    except Exception as exc:  # noqa: BLE001
        return "failed", type(exc).__name__


def _sample_points(lo: sp.Expr, hi: sp.Expr) -> list[sp.Rational]:
    pts = [t for t in _POINTS if (lo.is_infinite or bool(t > lo)) and (hi.is_infinite or bool(t < hi))]
    if not pts and lo.is_finite and hi.is_finite:
        pts = [sp.nsimplify(sp.N(lo + (hi - lo) * sp.Rational(k, 4), 30), rational=True) for k in (1, 2, 3)]
        pts = [t for t in pts if bool(t > lo) and bool(t < hi)]
    return pts


def replay_rewrite(claim: Claim, entry: dict) -> tuple[str, str]:
    body = claim.body
    if not isinstance(body, Relation) or body.rel != "==":
        return "failed", "a rewrite chain for a claim that is not an identity"
    if claim.parameters and entry.get("conditions") != _conditions(claim):
        return "failed", "the parameter conditions do not match the claim"
    if not claim.parameters and entry.get("conditions"):
        return "failed", "parameter conditions for a claim without parameters"
    pieces, points = _identity_pieces(claim)
    try:
        samples = parameter_samples(claim, 4)
    except ParseError:
        return "failed", "no parameter value satisfies the claim's conditions"
    recs = entry["pieces"]
    if len(recs) != len(pieces):
        return "failed", "the pieces do not match the claim"
    if "breakpoints" in entry and entry["breakpoints"] != [[sp.sstr(c), sp.sstr(v)] for c, v in points]:
        return "failed", "the breakpoints do not match the claim"
    names = {**NAMED_CONSTANTS, **{p.symbol.name: p.symbol for p in claim.parameters}}
    steps = 0
    for (lo, hi, expr), rec in zip(pieces, recs):
        chain = rec["chain"]
        if rec.get("on") != [sp.sstr(lo), sp.sstr(hi)]:
            return "failed", "a piece's interval does not match the claim"
        if not chain or chain[0][1] != sp.sstr(expr):
            return "failed", "the chain does not start at lhs - rhs"
        if chain[-1][1] != "0":
            return "failed", "the chain does not end at 0"
        try:
            forms = [parse_expression(text, parameters=names) for _, text in chain]
        except ParseError as exc:
            return "failed", f"a step cannot be read: {exc}"
        for values in samples:
            a, b = _by_name(lo, values), _by_name(hi, values)
            if a.free_symbols or b.free_symbols:
                return "failed", "a piece's end depends on an unsampled parameter"
            shown = ", ".join(f"{s.name} = {v}" for s, v in values.items())
            pts = _sample_points(a, b)
            if not pts:
                return "failed", "no rational point inside a piece"
            for before, after in zip(forms, forms[1:]):
                f, g = _by_name(before, values), _by_name(after, values)
                for t in pts:
                    if not _agree(_arb_at(f, t), _arb_at(g, t)):
                        return "failed", f"a step changes the value at x = {t}" + (f" ({shown})" if shown else "")
        steps += max(len(forms) - 1, 0)
    for c, value in points:
        for values in samples:
            v = _by_name(value, values)
            ball = const_arb(v, _BITS) if not v.free_symbols else None
            if ball is None or not ball.contains(0) or ball.rad() > arb(10) ** -20:
                return "failed", f"lhs - rhs is not 0 at the breakpoint {sp.sstr(c)}"
    where = f" at {len(samples)} parameter value(s) satisfying the conditions" if claim.parameters else ""
    return "consistent", (f"{steps} rewrite step(s) agree at rational points{where} and end at 0 "
                          "(the symbolic steps themselves are SymPy's: this re-checks the record)")


# -- vector identities ---------------------------------------------------------------------------------

_FUNCTIONS: dict[str, type] = {c.__name__: c for c in (
    sp.exp, sp.log, sp.Abs, sp.sin, sp.cos, sp.tan, sp.sinh, sp.cosh, sp.tanh, sp.atan, sp.asinh, sp.erf, sp.erfc,
    sp.Max, sp.Min, sp.LambertW, *VOCABULARY.values())}
_MAX_NODES = 50_000
_MAX_DIGITS = 400
_MAX_EXPONENT = 1000


class _Unencodable(Exception):
    pass


def encode(e: sp.Expr, count: list | None = None):
    """An expression tree as JSON lists: [type, ...children] from a whitelist of node types."""
    count = count if count is not None else [0]
    count[0] += 1
    if count[0] > _MAX_NODES:
        raise _Unencodable("too large")
    from .vectors import XV
    if isinstance(e, sp.Integer):
        return ["Integer", str(e.p)]
    if isinstance(e, sp.Rational):
        return ["Rational", str(e.p), str(e.q)]
    if e is sp.pi:
        return ["pi"]
    if e is sp.E:
        return ["E"]
    if isinstance(e, sp.Indexed) and e.base == XV and len(e.indices) == 1:
        return ["x", encode(e.indices[0], count)]
    if isinstance(e, sp.Symbol) and not isinstance(e, sp.Dummy):
        return ["Symbol", e.name]
    if isinstance(e, sp.Sum) and len(e.limits) == 1:
        var, lo, hi = e.limits[0]
        return ["Sum", encode(e.function, count), encode(var, count), encode(lo, count), encode(hi, count)]
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return [type(e).__name__, *[encode(a, count) for a in e.args]]
    if isinstance(e, sp.Function) and _FUNCTIONS.get(type(e).__name__) is type(e):
        return ["fn", type(e).__name__, *[encode(a, count) for a in e.args]]
    raise _Unencodable(type(e).__name__)


class _Decoder:
    """Reads :func:`encode`'s trees back; symbols only n, i, j0…j99 and the claim's scalars."""

    def __init__(self, scalars):
        from .vectors import INDEX, N
        self.symbols = {"n": N, "i": INDEX, **{s.name: s for s in scalars}}
        self.nodes = 0

    def read(self, node, depth: int = 0) -> sp.Expr:
        self.nodes += 1
        if self.nodes > _MAX_NODES or depth > 400:
            raise _Fail("a recorded form is too large")
        if not isinstance(node, list) or not node or not isinstance(node[0], str):
            raise _Fail("a recorded form is malformed")
        kind, args = node[0], node[1:]
        if kind in ("Integer", "Rational"):
            if len(args) != (1 if kind == "Integer" else 2) or not all(
                    isinstance(a, str) and re.fullmatch(r"-?\d{1,%d}" % _MAX_DIGITS, a) for a in args):
                raise _Fail("a malformed number in a recorded form")
            if kind == "Rational" and int(args[1]) <= 0:
                raise _Fail("a malformed number in a recorded form")
            return sp.Integer(int(args[0])) if kind == "Integer" else sp.Rational(int(args[0]), int(args[1]))
        if kind in ("pi", "E") and not args:
            return sp.pi if kind == "pi" else sp.E
        if kind == "Symbol" and len(args) == 1 and isinstance(args[0], str):
            name = args[0]
            if name in self.symbols:
                return self.symbols[name]
            if re.fullmatch(r"j\d{1,2}", name):
                return sp.Symbol(name, integer=True, positive=True)
            raise _Fail(f"an unknown symbol {name[:20]!r} in a recorded form")
        if kind == "x" and len(args) == 1:
            from .vectors import XV
            return XV[self.read(args[0], depth + 1)]
        if kind == "Sum" and len(args) == 4:
            f, var, lo, hi = (self.read(a, depth + 1) for a in args)
            if not isinstance(var, sp.Symbol) or not re.fullmatch(r"j\d{1,2}", var.name):
                raise _Fail("a sum's index is not j0, j1, …")
            return sp.Sum(f, (var, lo, hi))
        if kind in ("Add", "Mul", "Pow"):
            parts = [self.read(a, depth + 1) for a in args]
            if kind == "Pow":
                if len(parts) != 2:
                    raise _Fail("a power has two arguments")
                if parts[0].is_number and parts[1].is_Rational and abs(parts[1]) > _MAX_EXPONENT:
                    raise _Fail("a power of a number with a huge exponent")
                return sp.Pow(*parts)
            return (sp.Add if kind == "Add" else sp.Mul)(*parts)
        if kind == "fn" and args and isinstance(args[0], str) and args[0] in _FUNCTIONS:
            return _FUNCTIONS[args[0]](*[self.read(a, depth + 1) for a in args[1:]])
        raise _Fail(f"node type {str(kind)[:20]!r} is not allowed in a recorded form")


def vector_entry(claim: Claim) -> dict | None:
    """The ``vector-rewrite`` fields for a proved vector identity (None when not writable)."""
    from .vector_claims import zero_chain
    from .vectors import INDEX
    body = claim.body
    diff = body.lhs - body.rhs
    comps = [("i", diff)] if body.length is None else [(i, diff.subs(INDEX, i)) for i in range(1, body.length + 1)]
    budget = Budget(settings.PROFILE_STEPS, settings.CALL_STEPS)
    out = []
    for label, d in comps:
        ok, chain = budget.run(lambda d=d: zero_chain(d), steps=settings.MEDIUM_STEPS)
        if not ok or not chain or chain[-1][1] != 0:
            return None
        kept = [chain[0]] + [s for prev, s in zip(chain, chain[1:]) if s[1] != prev[1]]
        if kept[-1][1] != 0:
            kept.append(chain[-1])
        try:
            out.append({"component": label, "chain": [[what, encode(form)] for what, form in kept]})
        except _Unencodable:
            return None
    entry = {"components": out}
    return entry if _self_check(lambda: replay_vector(claim, entry))[0] == "consistent" else None


def _expand_sums(e: sp.Expr) -> sp.Expr:
    """Sums with integer limits written out term by term (no simplification)."""
    if e.is_Atom or not e.args:
        return e
    if isinstance(e, sp.Sum):
        (var, lo, hi), = e.limits
        f = _expand_sums(e.function)
        if not (lo.is_Integer and hi.is_Integer) or hi - lo > 16:
            raise _Fail("a sum without small integer limits at a concrete length")
        return sp.Add(*[f.xreplace({var: sp.Integer(k)}) for k in range(int(lo), int(hi) + 1)])
    return e.func(*[_expand_sums(a) for a in e.args])


def _vector_value(e: sp.Expr, n: int, i: int, values: dict) -> arb | None:
    from .vectors import INDEX, N
    concrete = _expand_sums(e.xreplace({N: sp.Integer(n), INDEX: sp.Integer(i)})).xreplace(values)
    if concrete.free_symbols:
        return None
    with arb_precision(_BITS):
        try:
            v = compile_expr(concrete, sp.Dummy(), "arb")(arb(0))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    return v if isinstance(v, arb) and v.is_finite() else None


def replay_vector(claim: Claim, entry: dict) -> tuple[str, str]:
    from .vector_claims import VectorClaim
    from .vectors import INDEX, XV
    body = claim.body
    if not isinstance(body, VectorClaim):
        return "failed", "a vector chain for a claim that is not a vector identity"
    diff = body.lhs - body.rhs
    wanted = [("i", diff)] if body.length is None else [(i, diff.subs(INDEX, i)) for i in range(1, body.length + 1)]
    comps = entry["components"]
    if [c["component"] for c in comps] != [w[0] for w in wanted]:
        return "failed", "the components do not match the claim"
    sizes = (2, 3, 5) if body.length is None else (body.length,)
    steps = 0
    try:
        for (label, d), rec in zip(wanted, comps):
            decoder = _Decoder(body.scalars)
            chain = rec["chain"]
            forms = [decoder.read(form) for _, form in chain]
            if not forms or forms[0] != d:
                return "failed", "the chain does not start at the claim's lhs - rhs"
            if forms[-1] != 0:
                return "failed", "the chain does not end at 0"
            for n in sizes:
                for shift, scale in ((-7, 4), (2, 3)):
                    values = {XV[k]: sp.Rational(3 * k - shift, scale) for k in range(1, n + 1)}
                    values.update({s: sp.Rational(5 + k, 3) for k, s in enumerate(body.scalars)})
                    for i in (range(1, n + 1) if label == "i" else (label,)):
                        balls = [_vector_value(f, n, i, values) for f in forms]
                        for k, (a, b) in enumerate(zip(balls, balls[1:])):
                            if not _agree(a, b):
                                return "failed", (f"step {k + 1} ({chain[k + 1][0]}) changes the value at n = {n}, "
                                                  f"component {i}")
            steps += len(forms) - 1
    except _Fail as exc:
        return "failed", str(exc)
    where = "n = 2, 3, 5" if body.length is None else f"length {body.length}"
    return "consistent", (f"{steps} step(s) agree with arb at {where} (every component, exact rational points, sums "
                          "written out) and end at 0 (the symbolic steps are SymPy's: this re-checks the record)")


# -- composite: facts of a profile reduced to covers, rewrite chains and point checks ---------------

@dataclass(frozen=True)
class _Part:
    kind: str  # cover | rewrite | check
    text: str  # the sub-claim, or what the check shows
    claim: Claim | None = None
    check: Callable[[], bool] | None = None
    numeric: bool = False  # a numeric check of the record (a limit, an equality of one-sided values): consistent


_JUMPY = (sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.frac, sp.Piecewise)


def _one_sided(e: sp.Expr, c: sp.Expr) -> sp.Expr | None:
    """The one-sided limit of the smooth piece e at its end c: e(c) when e is continuous there
    (no jumping function, and arb encloses e(c) finitely)."""
    if e.has(*_JUMPY):
        return None
    v = e.subs(X, c)
    return v if const_arb(v, _BITS) is not None else None


def _eq(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    if a is None or b is None:
        return False
    if a - b == 0:
        return True
    A, B = const_arb(a, _BITS), const_arb(b, _BITS)
    return A is not None and B is not None and A.is_exact() and B.is_exact() and A == B


def _le(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    if a is None or b is None:
        return False
    if a - b == 0:
        return True
    A, B = const_arb(a, _BITS), const_arb(b, _BITS)
    return A is not None and B is not None and bool(A <= B)


def _split(e: sp.Expr):
    try:
        return split(e, X, _budget())
    except Exception as exc:  # noqa: BLE001
        raise _NoReduction(f"cannot split into pieces ({type(exc).__name__})") from None


def _interval(lo, hi) -> str:
    return f"({sp.sstr(lo)}, {sp.sstr(hi)})"


def _continuity(s, within=None) -> list[_Part]:
    """E continuous at each breakpoint (in ``within``, a closed (lo, hi), when given)."""
    parts = []
    for k, (c, value) in enumerate(zip(s.breakpoints, s.values)):
        if within is not None and not (bool(within[0] <= c) and bool(c <= within[1])):
            continue
        left, right = s.pieces[k].expr, s.pieces[k + 1].expr
        parts.append(_Part("check", f"f is continuous at the breakpoint {sp.sstr(c)} (one-sided values = f({sp.sstr(c)}))",
                           check=lambda left=left, right=right, c=c, value=value:
                           _eq(_one_sided(left, c), value) and _eq(value, _one_sided(right, c))))
    return parts


def _shape(e: sp.Expr, prop: str) -> tuple[str, list[_Part]]:
    """increasing / decreasing (strictly or not), convex, concave: per piece a sign of f′ or f″,
    and the breakpoint conditions."""
    s = _split(e)
    strict = prop.startswith("strictly ")
    name = prop.replace("strictly ", "")
    up = name in ("increasing", "convex")
    order = 1 if name in ("increasing", "decreasing") else 2
    rel = (">" if up else "<") if strict else (">=" if up else "<=")
    parts: list[_Part] = []
    for p in s.pieces:
        d = sp.diff(p.expr, X, order)
        if d == 0:
            if strict:
                raise _NoReduction("f is constant on a piece: not strictly monotone there")
            continue
        region = Region(p.lo, p.hi, False, False)
        text = f"{sp.sstr(d)} {rel} 0 on {_interval(p.lo, p.hi)}"
        parts.append(_Part("cover", text, Claim(text, Relation(d, rel, sp.S.Zero, region))))
    for k, (c, value) in enumerate(zip(s.breakpoints, s.values)):
        left, right = s.pieces[k].expr, s.pieces[k + 1].expr
        if order == 1:
            sym = "<=" if up else ">="
            what = f"at the breakpoint {sp.sstr(c)}: f(c-) {sym} f(c) {sym} f(c+)"

            def ok(left=left, right=right, c=c, value=value, up=up):
                a, b = _one_sided(left, c), _one_sided(right, c)
                return (_le(a, value) and _le(value, b)) if up else (_le(value, a) and _le(b, value))
            parts.append(_Part("check", what, check=ok))
        else:
            parts += _continuity(type(s)(s.pieces[k:k + 2], (c,), (value,)))
            sym = "<=" if up else ">="
            what = f"at the breakpoint {sp.sstr(c)}: f'(c-) {sym} f'(c+)"

            def ok(left=left, right=right, c=c, up=up):
                a, b = _one_sided(sp.diff(left, X), c), _one_sided(sp.diff(right, X), c)
                return _le(a, b) if up else _le(b, a)
            parts.append(_Part("check", what, check=ok))
    which = "f'" if order == 1 else "f''"
    reduction = (f"f is {prop} on ℝ: on each smooth piece {which} {rel} 0 (covers)"
                 + (", f is continuous at each breakpoint and f' does not jump the wrong way there" if order == 2 else
                    ", and at each breakpoint f does not jump the wrong way"))
    return reduction, parts


def _sampled_max_abs(e: sp.Expr) -> mpmath.mpf | None:
    try:
        fn = compile_expr(e, X, "arb")
    except Unsupported:
        return None
    best = mpmath.mpf(0)
    with arb_precision(128):
        for t in scan_points(REALS):
            try:
                v = fn(arb(int(t.p)) / int(t.q))
            except (ValueError, ZeroDivisionError, OverflowError):
                return None
            if not v.is_finite():
                return None
            best = max(best, abs(mpmath.mpf(v.mid().str(20, radius=False))))
    return best


def _extremum(body: ApproxExtremum, choices: dict) -> tuple[str, list[_Part]]:
    """min of E ≈ v at ≈ x0 (max: of −E): inf E ≥ v − tol, E(t) ≤ u ≤ v + tol at an exact t in
    the window, E > u outside the window, E continuous in it."""
    sign = 1 if body.kind == "min" else -1
    G = sign * body.expr
    v, tol = sign * body.value, body.value_tolerance
    if body.at is not None:
        lo, hi = body.at - body.at_tolerance, body.at + body.at_tolerance
    else:
        window = choices.get("window")
        if not isinstance(window, list) or len(window) != 2:
            raise _Fail("no window recorded")
        lo, hi = _rational(window[0]), _rational(window[1])
    if not bool(lo < hi):
        raise _NoReduction("the location's window is a single point")
    t, u = _rational(choices["t"]), _rational(choices["u"])
    name = "f" if sign > 0 else "-f"
    parts = [
        _Part("check", f"t = {sp.sstr(t)} lies in [{sp.sstr(lo)}, {sp.sstr(hi)}]",
              check=lambda: bool(lo <= t) and bool(t <= hi)),
        _Part("check", f"{name}({sp.sstr(t)}) <= {sp.sstr(u)} (arb)", check=lambda: _below(G, t, u)),
        _Part("check", f"{sp.sstr(u)} <= {sp.sstr(v + tol)}", check=lambda: bool(u <= v + tol)),
    ]
    for text, b in ((f"inf({sp.sstr(G)}) >= {sp.sstr(v - tol)}", Bound("inf", G, ">=", v - tol, REALS)),
                    (f"inf({sp.sstr(G)}, x, -oo, {sp.sstr(lo)}) > {sp.sstr(u)}",
                     Bound("inf", G, ">", u, Region(sp.S.NegativeInfinity, lo, False, True))),
                    (f"inf({sp.sstr(G)}, x, {sp.sstr(hi)}, oo) > {sp.sstr(u)}",
                     Bound("inf", G, ">", u, Region(hi, sp.oo, True, False)))):
        parts.append(_Part("cover", text, Claim(text, b)))
    parts += _continuity(_split(G), (lo, hi))
    what = "minimum" if sign > 0 else "maximum"
    reduction = (f"the {what} of f lies within ±{sp.sstr(tol)} of {sp.sstr(body.value)} and is attained only in "
                 f"[{sp.sstr(lo)}, {sp.sstr(hi)}]: {name} >= {sp.sstr(v - tol)} everywhere, {name}(t) <= u <= "
                 f"{sp.sstr(v + tol)} at t in the window, {name} > u outside it, and f is continuous in it (so "
                 "the extremum is attained there)")
    return reduction, parts


def _below(G: sp.Expr, t: sp.Rational, u: sp.Rational) -> bool:
    """G(t) <= u by arb (u dyadic, so exact in arb)."""
    if int(u.q) & (int(u.q) - 1):
        return False
    ball = _arb_at(G, t)
    with arb_precision(_BITS):
        return ball is not None and bool(ball <= arb(int(u.p)) / int(u.q))


def _one_part(body: RangeClaim) -> tuple[sp.Expr, sp.Expr, bool, bool]:
    if len(body.parts) != 1:
        raise _NoReduction("a range of several parts that are not all single points")
    a, b, a_closed, b_closed = body.parts[0]
    if not bool(a < b):
        raise _NoReduction("a one-point range")
    return a, b, a_closed and a.is_finite, b_closed and b.is_finite


def _range(body: RangeClaim, choices: dict) -> tuple[str, list[_Part]]:
    """range of E is ⟨a, b⟩: a <= E <= b (strictly at an open end) on every piece (a cover, or an
    exact check where E is constant) and at the breakpoints, E continuous, E(ta) = a exactly at a
    closed end, and E → a at ±∞ (an arb check of the limit: ``consistent``) at an open or
    infinite end. Several parts that are all single points: :func:`_point_range`."""
    if len(body.parts) > 1 and all(lo == hi for lo, hi, _, _ in body.parts):
        return _point_range(body)
    a, b, a_closed, b_closed = _one_part(body)
    E = body.expr
    s = _split(E)
    parts: list[_Part] = []
    ends = []
    for end, closed, key in ((a, a_closed, "ta"), (b, b_closed, "tb")):
        if closed:
            t = _rational(choices[key])
            parts.append(_Part("check", f"f({sp.sstr(t)}) = {sp.sstr(end)} exactly (arb)",
                               check=lambda t=t, end=end: _eq(_value(E, t), end)))
            ends.append(f"takes {sp.sstr(end)}")
            continue
        where = choices.get(key)
        if where not in ("oo", "-oo"):
            raise _Fail(f"no side recorded where f approaches {sp.sstr(end)}")
        point = sp.oo if where == "oo" else sp.S.NegativeInfinity
        parts.append(_limit_part(s.pieces[-1 if point is sp.oo else 0].expr, point, "", end))
        ends.append(f"tends to {sp.sstr(end)} as x → {where}")
    lower = ">=" if a_closed else ">"
    upper = "<=" if b_closed else "<"
    for p in s.pieces:
        where = _interval(p.lo, p.hi)
        if not p.expr.has(X):
            parts.append(_Part("check", f"{sp.sstr(a)} {_flip(lower)} {sp.sstr(p.expr)} {upper} {sp.sstr(b)} on {where}",
                               check=lambda v=p.expr: _within(v, a, b, a_closed, b_closed)))
            continue
        region = Region(p.lo, p.hi, False, False)
        for rel, c in ((lower, a), (upper, b)):
            if c.is_infinite:
                continue
            text = f"{sp.sstr(p.expr)} {rel} {sp.sstr(c)} on {where}"
            parts.append(_Part("cover", text, Claim(text, Relation(p.expr, rel, c, region))))
    for c, value in zip(s.breakpoints, s.values):
        parts.append(_Part("check", f"{sp.sstr(a)} {_flip(lower)} f({sp.sstr(c)}) {upper} {sp.sstr(b)}",
                           check=lambda v=value: _within(v, a, b, a_closed, b_closed)))
    parts += _continuity(s)
    shown = f"{'[' if a_closed else '('}{sp.sstr(a)}, {sp.sstr(b)}{']' if b_closed else ')'}"
    reduction = (f"f is continuous on ℝ (smooth pieces, continuous at the breakpoints), f lies in {shown} on every "
                 f"piece and at every breakpoint, and f {' and '.join(ends)}: by the intermediate value theorem its "
                 f"range is {shown}")
    return reduction, parts


def _flip(rel: str) -> str:
    return {">=": "<=", ">": "<"}[rel]


def _within(v: sp.Expr, a: sp.Expr, b: sp.Expr, a_closed: bool, b_closed: bool) -> bool:
    lo_ok = a.is_infinite or (_le(a, v) if a_closed else _lt(a, v))
    hi_ok = b.is_infinite or (_le(v, b) if b_closed else _lt(v, b))
    return lo_ok and hi_ok


def _lt(a: sp.Expr, b: sp.Expr) -> bool:
    A, B = const_arb(a, _BITS), const_arb(b, _BITS)
    return A is not None and B is not None and bool(A < B)


def _point_range(body: RangeClaim) -> tuple[str, list[_Part]]:
    """range of E is {v1} ∪ … ∪ {vn}: every piece is a constant among the vi, every breakpoint
    value too, and each vi is taken (all exact)."""
    E = body.expr
    s = _split(E)
    points = [lo for lo, _, _, _ in body.parts]
    if any(p.expr.has(X) for p in s.pieces):
        raise _NoReduction("a range of several points for a function that is not piecewise constant")
    taken = [p.expr for p in s.pieces] + list(s.values)
    parts = [_Part("check", f"f = {sp.sstr(p.expr)} on {_interval(p.lo, p.hi)}, one of the points",
                   check=lambda v=p.expr: any(_eq(v, q) for q in points)) for p in s.pieces]
    parts += [_Part("check", f"f({sp.sstr(c)}) = {sp.sstr(v)}, one of the points",
                    check=lambda v=v: any(_eq(v, q) for q in points)) for c, v in zip(s.breakpoints, s.values)]
    parts += [_Part("check", f"f takes {sp.sstr(q)}", check=lambda q=q: any(_eq(v, q) for v in taken)) for q in points]
    return "f is constant on every piece: its range is the set of the pieces' constants and breakpoint values", parts


def _limit_part(e: sp.Expr, point: sp.Expr, side: str, L: sp.Expr, lo=None, hi=None) -> _Part:
    """f → L as x → point from ``side`` on the piece e (lo, hi): arb at points replay chooses."""
    from .record_certificates import converges

    def inside_piece(t):
        return (lo is None or bool(lo < t)) and (hi is None or bool(t < hi))
    return _Part("check", f"{sp.sstr(e)} → {sp.sstr(L)} as {_approach_text(point, side, 'x')}", numeric=True,
                 check=lambda: converges(e, point, side, L, admissible=inside_piece) or False)


def _approach_text(point: sp.Expr, side: str, name: str) -> str:
    if point is sp.oo:
        where = f"{name} → oo (arb at {name} = 10^2, 10^4, …, 10^64"
    elif point is sp.S.NegativeInfinity:
        where = f"{name} → -oo (arb at {name} = -10^2, -10^4, …, -10^64"
    else:
        sign = "-" if side == "-" else "+"
        where = f"{name} → {sp.sstr(point)}{sign} (arb at {name} = {sp.sstr(point)} {sign} 2^-8, 2^-16, …, 2^-128"
    return where + ", points chosen by replay)"


def _limit(body: LimitClaim) -> tuple[str, list[_Part]]:
    """lim E = L: on the piece of E at the limit point (as the verdict takes it), arb at points
    approaching it."""
    s = _split(body.expr)
    L = body.value
    if body.point.is_infinite:
        piece = s.pieces[-1] if body.point is sp.oo else s.pieces[0]
        parts = [_limit_part(piece.expr, body.point, "", L)]
    else:
        c = body.point
        parts = []
        for side in ([body.side] if body.side else ["-", "+"]):
            if side == "-":
                piece = next((p for p in s.pieces if bool(p.lo < c) and bool(c <= p.hi)), None)
            else:
                piece = next((p for p in s.pieces if bool(p.lo <= c) and bool(c < p.hi)), None)
            if piece is None:
                raise _NoReduction(f"no piece at x = {sp.sstr(c)}")
            parts.append(_limit_part(piece.expr, c, side, L, piece.lo, piece.hi))
    return (f"the limit is SymPy's (sympy limit → {sp.sstr(L)}); replay re-checks it with arb at exact points "
            "approaching the limit point, chosen by replay"), parts


def _parameter_limit(claim: Claim) -> tuple[str, list[_Part]]:
    """for P: lim(E, p, point) == G: at x = -3, -1/2, 0, 1/3, 2 (one point of each sign and more),
    E(x, p) → G(x) by arb at parameter values approaching the point that satisfy the conditions."""
    from .record_certificates import converges
    body = claim.body
    p = next((q.symbol for q in claim.parameters if q.symbol.name == body.variable.name), body.variable)
    if any(q.symbol.name != p.name for q in claim.parameters):
        raise _NoReduction("a parameter limit with other parameters")
    cond = sp.And(*[q.condition for q in claim.parameters])

    def admissible(v):
        return bool(cond.subs(p, v) is sp.true)
    sides = [body.side] if (body.side or body.point.is_infinite) else ["-", "+"]
    parts = []
    for t in (sp.Integer(-3), sp.Rational(-1, 2), sp.S.Zero, sp.Rational(1, 3), sp.Integer(2)):
        e = body.expr.subs(X, t)
        e = e.xreplace({s_: p for s_ in e.free_symbols if s_.name == p.name})
        g = body.value.subs(X, t)
        if isinstance(g, sp.Piecewise):
            g = sp.piecewise_fold(g)
        if e.free_symbols - {p} or g.free_symbols:
            raise _NoReduction("the limit depends on more than x and the parameter")
        for side in sides:
            text = (f"x = {sp.sstr(t)}: {sp.sstr(e)} → {sp.sstr(g)} as {_approach_text(body.point, side, p.name)}, "
                    "each value satisfying the conditions")
            parts.append(_Part("check", text, numeric=True,
                               check=lambda e=e, g=g, side=side, t=t: (
                                   f"x = {sp.sstr(t)}: " + line if (line := converges(e, body.point, side, g, p,
                                                                                     admissible)) else False)))
    return (f"the limit is SymPy's for each sign of x; replay re-checks it with arb at five values of x and "
            f"exact values of {p.name} approaching {sp.sstr(body.point)}"), parts


_SAMPLE_VALUES = [sp.Rational(v) for v in ("1", "1/2", "2", "3/10", "5/2", "7", "1/10", "0", "-1/2", "-2", "-7",
                                           "13/4", "100", "1/100")]


def _jumps(E: sp.Expr, k: int) -> list[tuple[sp.Expr, int, arb | None]]:
    """(c, j, f^(j)(c-) - f^(j)(c+)) for every breakpoint c and j ≤ k (f^(0): also f(c) - f(c+))."""
    from .record_certificates import ball
    s = _split(E)
    out = []
    for i, (c, value) in enumerate(zip(s.breakpoints, s.values)):
        left, right = s.pieces[i].expr, s.pieces[i + 1].expr
        for j in range(k + 1):
            a, b = ball(sp.diff(left, X, j), c), ball(sp.diff(right, X, j), c)
            out.append((c, j, a - b if a is not None and b is not None else None))
            if j == 0:
                v = ball(value, sp.S.Zero)
                out.append((c, 0, v - b if v is not None and b is not None else None))
    return out


def _zero(d: arb | None) -> bool:
    return d is not None and d.contains(0) and d.rad() < arb(10) ** -50


def _smooth(E: sp.Expr, k: int | None) -> tuple[str, list[_Part]]:
    """C^k (k None: C^∞): every piece is built from analytic functions whose requirements hold on
    it (covers) and at its ends, and at each breakpoint the one-sided values of f, …, f^(k) agree
    (arb at the breakpoint, the pieces being analytic there: ``consistent``)."""
    from ..prove.domain import requirements
    from .record_certificates import analytic_tree, ball
    s = _split(E)
    if k is None and s.breakpoints:
        raise _NoReduction("C^∞ with breakpoints would need one-sided derivatives of every order")
    parts: list[_Part] = []
    for p in s.pieces:
        if analytic_tree(p.expr) is not None:
            raise _NoReduction(f"a piece is not built from analytic functions: {analytic_tree(p.expr)}")
        where = _interval(p.lo, p.hi)
        parts.append(_Part("check", f"{sp.sstr(p.expr)} is built from analytic functions (on {where})",
                           check=lambda e=p.expr: analytic_tree(e) is None))
        for base, _ in requirements(p.expr, X):
            pts = _sample_points(p.lo, p.hi)
            probe = ball(base, pts[0]) if pts else None
            if probe is None or probe.contains(0):
                raise _NoReduction(f"cannot tell the sign of {sp.sstr(base)} on {where}")
            rel = ">" if probe > 0 else "<"
            text = f"{sp.sstr(base)} {rel} 0 on {where}"
            parts.append(_Part("cover", text, Claim(text, Relation(base, rel, sp.S.Zero, Region(p.lo, p.hi, False, False)))))
            for end in (p.lo, p.hi):
                if end.is_finite:
                    parts.append(_Part("check", f"{sp.sstr(base)} {rel} 0 at x = {sp.sstr(end)} (arb)",
                                       check=lambda b=base, end=end, rel=rel: _signed(ball(b, end), rel)))
    if s.breakpoints:
        order = k if k is not None else 0
        texts = ", ".join(f"f^({j})" for j in range(order + 1))
        parts.append(_Part("check", f"at each breakpoint ({', '.join(sp.sstr(c) for c in s.breakpoints)}) the one-sided "
                           f"values of {texts} agree, and f(c) with them (arb at c to 10^-50)", numeric=True,
                           check=lambda: all(_zero(d) for _, _, d in _jumps(E, order))))
    what = "C^∞" if k is None else f"C^{k}"
    reduction = (f"f is {what}: every piece is analytic (built from analytic functions whose requirements hold, "
                 "covers) up to its ends" + ("" if k is None else
                                             f", and f, …, f^({k}) have equal one-sided values at each breakpoint"))
    return reduction, parts


def _bounded_by_tails(E: sp.Expr, choices: dict) -> tuple[str, list[_Part]]:
    """bounded: |f| <= M on [-R, R] (a cover), and beyond ±R f is monotone (a cover of the sign
    of f′) with a finite limit L, |L| <= M (the limit checked with arb: ``consistent``): on each
    tail f lies between f(±R) and L."""
    M, R = read_exact(choices["M"]), _rational(choices["R"])
    if not bool(R > 0):
        raise _Fail("R must be positive")
    text = f"sup(abs({sp.sstr(E)}), x, {sp.sstr(-R)}, {sp.sstr(R)}) <= {sp.sstr(M)}"
    parts = [_Part("cover", text, Claim(text, Bound("sup", sp.Abs(E), "<=", M, Region(-R, R, True, True))))]
    s = _split(E)
    tails = choices.get("tails")
    if not isinstance(tails, dict) or set(tails) != {"oo", "-oo"}:
        raise _Fail("no tails recorded")
    for where, direction, piece in (("oo", 1, s.pieces[-1]), ("-oo", -1, s.pieces[0])):
        if not (bool(piece.lo <= R / 2) if direction > 0 else bool(piece.hi >= -R / 2)):
            raise _Fail(f"the tail beyond ±{sp.sstr(R)} is not inside one piece")
        raw = sp.diff(piece.expr, X)  # f′ on the tail (the piece there), over a common denominator
        d = sp.together(raw)
        if d != raw:
            parts.append(_Part("check", f"{sp.sstr(raw)} = {sp.sstr(d)} (sympy together; arb agrees at x = "
                             f"{'' if direction > 0 else '-'}21, 37, 100, 10^6)", numeric=True,
                               check=lambda raw=raw, d=d, direction=direction: all(
                                   _agree(_arb_at(raw, direction * t), _arb_at(d, direction * t))
                                   for t in (sp.Integer(21), sp.Integer(37), sp.Integer(100), sp.Integer(10**6)))))
        rec = tails[where]
        if not isinstance(rec, dict) or rec.get("monotone") not in ("increasing", "decreasing"):
            raise _Fail("a tail without a direction")
        L = read_exact(rec["limit"])
        # f monotone from R/2 on (a cover's window must not be empty: its tail bound starts at 20)
        region = Region(R / 2, sp.oo, False, False) if direction > 0 else Region(sp.S.NegativeInfinity, -R / 2, False, False)
        rel = ">=" if rec["monotone"] == "increasing" else "<="
        text = f"{sp.sstr(d)} {rel} 0 on {_interval(region.lo, region.hi)}"
        parts.append(_Part("cover", text, Claim(text, Relation(d, rel, sp.S.Zero, region))))
        point = sp.oo if direction > 0 else sp.S.NegativeInfinity
        parts.append(_limit_part(piece.expr, point, "", L))
        parts.append(_Part("check", f"|{sp.sstr(L)}| <= {sp.sstr(M)}", check=lambda L=L: _le(sp.Abs(L), M)))
    return (f"|f| <= {sp.sstr(M)} on [{sp.sstr(-R)}, {sp.sstr(R)}] (a cover); beyond ±{sp.sstr(R)} f is monotone "
            f"(covers of the sign of f') with a finite limit of modulus <= {sp.sstr(M)}, so it stays between f(±R) "
            "and that limit"), parts


def _tail_choices(E: sp.Expr, M: str) -> list[dict]:
    """The choices of :func:`_bounded_by_tails`: R = 20, the direction of f on each tail (f′ at
    ±2R) and its limit there (SymPy's, checked by replay with arb)."""
    from ..prove.limits import Limits
    s = _split(E)
    tails = {}
    for where, direction, piece in (("oo", 1, s.pieces[-1]), ("-oo", -1, s.pieces[0])):
        slope = _arb_at(sp.diff(piece.expr, X), sp.Integer(40 * direction))
        if slope is None or slope.contains(0):
            return []
        known = Limits(X, _budget()).at_infinity(piece.expr, direction)
        value = sp.sympify(known.value) if known.value is not None else None
        if value is None or not known.method.certain or not value.is_finite:
            return []
        tails[where] = {"monotone": ("increasing" if slope > 0 else "decreasing"), "limit": sp.sstr(value)}
    return [{"M": M, "R": "20", "tails": tails}]


def _signed(v: arb | None, rel: str) -> bool:
    return v is not None and (bool(v > 0) if rel == ">" else bool(v < 0))


def _iff(claim: Claim) -> tuple[str, list[_Part]]:
    """for P: E is C^k iff COND: the pieces are entire in x for every p (the tree), and at exact
    values of p replay chooses (samples, the numbers in COND and 1/7 either side) that satisfy the
    parameter's condition: where COND holds the jumps of f, …, f^(k) at the breakpoints are 0 to
    10^-50 (arb), where it fails some jump is certainly not 0."""
    from ..prove.domain import requirements
    from .record_certificates import analytic_tree
    body = claim.body
    if len(claim.parameters) != 1:
        raise _NoReduction("an 'iff' claim with several parameters")
    p, domain = claim.parameters[0].symbol, claim.parameters[0].condition
    k = 0 if body.prop == "continuous" else body.order
    if k is None:
        raise _NoReduction("a C^∞ 'iff' claim")
    s = _split(body.expr)
    for piece in s.pieces:
        if analytic_tree(piece.expr, (p,)) is not None or requirements(piece.expr, X):
            raise _NoReduction("a piece is not entire in x")
    if any(c.free_symbols for c in s.breakpoints):
        raise _NoReduction("a breakpoint depends on the parameter")
    values = list(_SAMPLE_VALUES)
    for rel in body.iff.atoms(sp.core.relational.Relational):
        for side in (rel.lhs, rel.rhs):
            if side.is_Rational:
                values += [side, side + sp.Rational(1, 7), side - sp.Rational(1, 7)]
    values = [v for v in dict.fromkeys(values) if domain.subs(p, v) is sp.true]
    holds = [v for v in values if body.iff.subs(p, v) is sp.true]
    fails = [v for v in values if body.iff.subs(p, v) is sp.false]
    if len(holds) + len(fails) < 3:
        raise _NoReduction("fewer than three sampled parameter values satisfy the parameter's condition")
    what = "continuous" if k == 0 else f"C^{k}"
    parts = [_Part("check", f"{sp.sstr(piece.expr)} is entire in x (on {_interval(piece.lo, piece.hi)})",
                   check=lambda e=piece.expr: analytic_tree(e, (p,)) is None and not requirements(e, X))
             for piece in s.pieces]
    for v in holds:
        parts.append(_Part("check", f"{p.name} = {sp.sstr(v)} (the condition holds): f, …, f^({k}) do not jump at the "
                           "breakpoints (arb, to 10^-50)", numeric=True,
                           check=lambda v=v: all(_zero(d) for _, _, d in _jumps(body.expr.subs(p, v), k))))
    for v in fails:
        parts.append(_Part("check", f"{p.name} = {sp.sstr(v)} (the condition fails): some f^(j), j ≤ {k}, jumps at a "
                           "breakpoint (arb: the jump excludes 0)",
                           check=lambda v=v: any(d is not None and not d.contains(0)
                                                 for _, _, d in _jumps(body.expr.subs(p, v), k))))
    reduction = (f"f is {what} iff {sp.sstr(body.iff)} (the sets are SymPy's solveset): replay re-checks the jumps "
                 f"at {len(holds) + len(fails)} exact values of {p.name} satisfying its condition ({len(holds)} where "
                 f"the claimed condition holds, {len(fails)} where it fails)")
    return reduction, parts


def _value(E: sp.Expr, t: sp.Expr) -> sp.Expr | None:
    s = _split(E)
    for k, c in enumerate(s.breakpoints):
        if c == t:
            return s.values[k]
    for p in s.pieces:
        if bool(p.lo < t) and bool(t < p.hi):
            return p.expr.subs(X, t)
    return None


def _plan(claim: Claim, choices: dict) -> tuple[str, list[_Part]]:
    body = claim.body
    if isinstance(body, PropertyClaim) and body.iff is not None:
        return _iff(claim)
    if isinstance(body, LimitClaim) and body.variable is not None:
        return _parameter_limit(claim)
    if claim.parameters:
        raise _NoReduction("a claim with parameter conditions")
    if isinstance(body, PropertyClaim):
        E = body.expr
        if body.prop in ("C", "smooth", "continuous"):
            return _smooth(E, 0 if body.prop == "continuous" else body.order)
        if body.prop == "zero-centred":
            text = f"{sp.sstr(E.subs(X, -X))} == {sp.sstr(-E)}"
            return ("f is zero-centred because it is odd: f(-x) = -f(x) (a rewrite chain)",
                    [_Part("rewrite", text, Claim(text, Relation(E.subs(X, -X), "==", -E, REALS)))])
        if body.prop in ("increasing", "decreasing", "strictly increasing", "strictly decreasing", "convex", "concave"):
            return _shape(E, body.prop)
        if body.prop == "monotone":
            direction = choices.get("direction")
            if direction not in ("increasing", "decreasing"):
                raise _Fail("no direction recorded for 'monotone'")
            reduction, parts = _shape(E, direction)
            return f"monotone because {direction}: " + reduction, parts
        if body.prop == "lipschitz":
            d = sp.diff(E, X)
            text = f"sup(abs({sp.sstr(d)}), x, -oo, oo) <= {sp.sstr(body.bound)}"
            parts = [_Part("cover", text, Claim(text, Bound("sup", sp.Abs(d), "<=", body.bound, REALS)))]
            parts += _continuity(_split(E))
            return (f"f is continuous and piecewise C1 with |f'| <= {sp.sstr(body.bound)} on every piece (a cover), "
                    "so Lipschitz by the mean value theorem"), parts
        if body.prop == "bounded" and "R" in choices:
            return _bounded_by_tails(E, choices)
        if body.prop == "bounded":
            M = read_exact(choices["M"])
            text = f"sup(abs({sp.sstr(E)}), x, -oo, oo) <= {sp.sstr(M)}"
            return (f"|f| <= {sp.sstr(M)} on ℝ (a cover)",
                    [_Part("cover", text, Claim(text, Bound("sup", sp.Abs(E), "<=", M, REALS)))])
        if body.prop in ("odd", "even"):
            rhs = -E if body.prop == "odd" else E
            text = f"{sp.sstr(E.subs(X, -X))} == {sp.sstr(rhs)}"
            return (f"f is {body.prop}: f(-x) = {'-' if body.prop == 'odd' else ''}f(x) (a rewrite chain)",
                    [_Part("rewrite", text, Claim(text, Relation(E.subs(X, -X), "==", rhs, REALS)))])
        raise _NoReduction(f"'{body.prop}' rests on symbolic differentiation and limits at the breakpoints, "
                           "which cells cannot certify")
    if isinstance(body, ApproxExtremum):
        return _extremum(body, choices)
    if isinstance(body, RangeClaim):
        return _range(body, choices)
    if isinstance(body, LimitClaim):
        return _limit(body)
    raise _NoReduction("no reduction for this kind of claim")


def _choose(claim: Claim) -> list[dict]:
    """Candidate free choices for the reduction, best first (tried in turn)."""
    body = claim.body
    if isinstance(body, PropertyClaim):
        if body.prop == "monotone":
            return [{"direction": "increasing"}, {"direction": "decreasing"}]
        if body.prop == "bounded":
            m = _sampled_max_abs(body.expr)
            if m is None:
                return []
            M = str(int(mpmath.ceil(2 * m + 1)))
            return [{"M": M}] + _tail_choices(body.expr, M)
        return [{}]
    if isinstance(body, ApproxExtremum):
        sign = 1 if body.kind == "min" else -1
        G = sign * body.expr
        out = []
        if body.at is not None:
            t = _argmin(G, body.at - body.at_tolerance, body.at + body.at_tolerance)
            if t is None:
                return []
            t = min(max(t, body.at - body.at_tolerance), body.at + body.at_tolerance)
            u = _upper(G, t)
            return [] if u is None else [{"t": sp.sstr(t), "u": sp.sstr(u)}]
        best = _best_sample(G)
        if best is None:
            return []
        t = _argmin(G, best - sp.Rational(1, 8), best + sp.Rational(1, 8))
        u = _upper(G, t) if t is not None else None
        if u is None:
            return []
        for w in (sp.Rational(1, 2), sp.Integer(2)):  # dyadic ends: the covers start exactly there
            lo, hi = sp.floor((t - w) * 64) / 64, sp.ceiling((t + w) * 64) / 64
            out.append({"t": sp.sstr(t), "u": sp.sstr(u), "window": [sp.sstr(lo), sp.sstr(hi)]})
        return out
    if isinstance(body, RangeClaim):
        if len(body.parts) > 1 and all(lo == hi for lo, hi, _, _ in body.parts):
            return [{}]
        from .record_certificates import converges
        a, b, a_closed, b_closed = _one_part(body)
        s = _split(body.expr)
        choice = {}
        for end, closed, key in ((a, a_closed, "ta"), (b, b_closed, "tb")):
            if closed:
                t = _hit(body.expr, end)
                if t is None:
                    raise _NoReduction("an end of the range is not taken at a rational point or breakpoint where arb "
                                       "shows the value exactly")
                choice[key] = sp.sstr(t)
                continue
            for where, point, piece in (("oo", sp.oo, s.pieces[-1]), ("-oo", sp.S.NegativeInfinity, s.pieces[0])):
                if converges(piece.expr, point, "", end) is not None:
                    choice[key] = where
                    break
            else:
                raise _NoReduction(f"an open end {sp.sstr(end)} of the range is not approached at ±∞ (arb)")
        return [choice]
    return [{}]


def _upper(G: sp.Expr, t: sp.Rational) -> sp.Rational | None:
    ball = _arb_at(G, t)
    if ball is None:
        return None
    m, e = ball.upper().man_exp()
    return sp.Integer(int(m)) * sp.Integer(2) ** int(e)


def _best_sample(G: sp.Expr) -> sp.Rational | None:
    best = None
    for t in scan_points(REALS):
        v = _arb_at(G, t)
        if v is not None and (best is None or v.mid() < best[0].mid()):
            best = (v, t)
    return best[1] if best else None


def _argmin(G: sp.Expr, lo: sp.Rational, hi: sp.Rational) -> sp.Rational | None:
    """Golden-section search for the minimum of G on [lo, hi] (mpmath, 40 digits), as a rational."""
    try:
        fn = compile_expr(G, X, "mpmath")
    except Unsupported:
        return None
    with mpmath.workdps(40):
        try:
            a, b = mpmath.mpf(int(lo.p)) / int(lo.q), mpmath.mpf(int(hi.p)) / int(hi.q)
            g = (mpmath.sqrt(5) - 1) / 2
            c, d = b - g * (b - a), a + g * (b - a)
            fc, fd = fn(c), fn(d)
            for _ in range(200):
                if b - a < mpmath.mpf(10) ** -30 * (1 + abs(a)):
                    break
                if fc <= fd:
                    b, d, fd = d, c, fc
                    c = b - g * (b - a)
                    fc = fn(c)
                else:
                    a, c, fc = c, d, fd
                    d = a + g * (b - a)
                    fd = fn(d)
            return sp.Rational(mpmath.nstr((a + b) / 2, 20))
        except (ValueError, TypeError, ZeroDivisionError):
            return None


def _hit(E: sp.Expr, target: sp.Expr) -> sp.Rational | None:
    """An exact grid point or breakpoint where E equals target exactly."""
    s = _split(E)
    for c, value in zip(s.breakpoints, s.values):
        if _eq(value, target):
            return c if c.is_Rational else None
    for t in scan_points(REALS):
        v = _value(E, t)
        if v is not None and _eq(v, target):
            return t
    return None


def composite_entry(claim: Claim, kit: Kit) -> dict | str:
    """The ``composite`` fields for a fact of a profile, or the reason there is no replayable
    reduction (the certificate then stays ``symbolic``)."""
    reason = "no choice of the reduction's free values worked"
    try:
        candidates = _choose(claim)
    except (_NoReduction, _Fail) as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - writing a certificate never fails a verdict
        return f"no reduction ({type(exc).__name__})"
    for choices in candidates:
        try:
            reduction, parts = _plan(claim, choices)
            built = _build(parts, kit)
        except (_NoReduction, _Fail) as exc:
            reason = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001
            reason = f"no reduction ({type(exc).__name__})"
            continue
        if isinstance(built, str):
            reason = built
            continue
        entry = {"reduction": reduction, "choices": choices, "parts": built}
        outcome, detail = _self_check(lambda e=entry: replay_composite(claim, e, kit))  # never write what would not replay
        if outcome in ("replayed", "consistent"):
            return entry
        reason = f"the reduction does not replay: {detail[:200]}"
    return reason


def _build(parts: list[_Part], kit: Kit) -> list | str:
    out = []
    for part in parts:
        if part.kind == "check":
            if not _holds(part):
                return f"the check '{part.text}' does not hold with arb"
            out.append({"kind": "check", "what": part.text})
        elif part.kind == "cover":
            fields = kit.cover(part.claim)
            if fields is None:
                return f"no cover with room for {part.text}"
            out.append({"claim": part.text, "kind": "cover", **fields})
        else:
            verdict = decide(part.claim)
            if verdict.status is not Status.PROVED:
                return f"the identity {part.text} is not proved ({verdict.status})"
            fields = rewrite_entry(part.claim)
            if fields is None:
                return f"no rewrite chain for {part.text}"
            out.append({"claim": part.text, "kind": "rewrite", **fields})
    return out


def _holds(part: _Part) -> bool:
    return bool(_result(part))


def _result(part: _Part):
    """What the check returns (a line saying what was checked, or a truth value); False on error."""
    try:
        return part.check()
    except (_NoReduction, _Fail, TypeError, ValueError, ZeroDivisionError, OverflowError):
        return False


def replay_composite(claim: Claim, entry: dict, kit: Kit) -> tuple[str, str]:
    choices = entry.get("choices")
    if not isinstance(choices, dict):
        return "failed", "no choices recorded"
    try:
        reduction, parts = _plan(claim, choices)
    except _NoReduction as exc:
        return "failed", f"the claim has no such reduction: {exc}"
    except _Fail as exc:
        return "failed", str(exc)
    recs = entry["parts"]
    if len(recs) != len(parts):
        return "failed", "the parts do not match the reduction of the claim"
    outcomes: list[str] = []
    seen: list[str] = []
    for part, rec in zip(parts, recs):
        if rec.get("kind") != part.kind:
            return "failed", f"a part of kind {str(rec.get('kind'))[:20]!r} where the reduction has a {part.kind}"
        if part.kind == "check":
            if rec.get("what") != part.text:
                return "failed", f"a check does not match the reduction: {part.text}"
            result = _result(part)
            if not result:
                return "failed", f"the check '{part.text}' fails"
            if part.numeric:
                seen.append(result if isinstance(result, str) else part.text)
            continue
        if rec.get("claim") != part.text:
            return "failed", f"a sub-claim does not match the one derived from the claim: {part.text}"
        outcome, detail = (kit.replay_cover(part.claim, rec) if part.kind == "cover"
                           else replay_rewrite(part.claim, rec))
        if outcome not in ("replayed", "consistent"):
            return "failed", f"{part.text}: {detail}"
        outcomes.append(outcome)
    checks = sum(p.kind == "check" and not p.numeric for p in parts)
    subs = len(parts) - checks - len(seen)
    outcome = "consistent" if "consistent" in outcomes or seen else "replayed"
    counts = ([f"{subs} sub-certificate(s) {outcome}"] if subs else []) + (
        [f"{checks} exact check(s) re-done with arb"] if checks or not seen else [])
    detail = "; ".join([reduction, *counts])
    if seen:
        detail += (f"; {len(seen)} numeric check(s) of the record (evidence, not a proof): "
                   + "; ".join(seen[:4]) + ("; …" if len(seen) > 4 else ""))
    return outcome, detail


__all__ = ["Kit", "PROFILE_CLAIMS", "read_exact", "composite_entry", "encode", "replay_composite", "replay_rewrite", "replay_vector",
           "rewrite_entry", "vector_entry"]
