r"""Certificates: what a verdict rests on, written so that arb alone can check it again.

``symact verify … --certificate FILE`` / ``symact check … --certificate FILE`` write one JSON
document (schema ``symact.certificate/1``); ``symact replay FILE`` re-checks it without SymPy's
simplifier. Every certificate names its claim; replay parses the claim again with the
restricted parser (never ``eval``) and rebuilds the function from it, so editing the claim, a
cell, a bound or a point makes the replay fail.

Kinds:

* ``cover`` (certified inequalities and sup/inf bounds with room to spare): for every piece of
  the function, a tiling of the window by exact dyadic cells [u, v], each checked with the
  second-order Taylor form :math:`F(m) + F'(m)[-w, w] + F''([u, v])[0, w^2]/2` (m the midpoint,
  w the half-width), derivatives by ``sympy.diff`` and values by arb; the breakpoint values;
  and each infinite tail from |x| = R by half-line interval arithmetic or the tail majorants
  of :mod:`symact.prove.asymptotic` (recomputed at the recorded R).
* ``counterexample`` (refuted claims): the exact point; replay encloses both sides there.
* ``rewrite`` (proved identities): the chain of forms per piece (lhs − rhs, its exp/erf form,
  0). Replay checks that the chain starts at lhs − rhs and ends at 0 and that every step agrees
  with the one before at eight rational points (disjoint balls fail it). That re-checks the
  record, not the symbolic proof: replay says so.
* ``symbolic`` (anything else proved or certified: an inequality that touches its bound, a fact
  of a profile): the evidence only; replay reports it as not re-checkable with arb alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sympy as sp
from flint import arb

from ..core.errors import ParseError
from ..core.symbols import X
from ..core.vocabulary import to_exp_form
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..prove.pieces import split
from .claims import Bound, Claim, Relation, parse_claim
from .decide import clip, const_arb, inside
from .verdicts import Status, Verdict

SCHEMA = "symact.certificate/1"
_WINDOW = 20
_MAX_CELLS = 20_000
_MAX_DEPTH = 48
_BITS = 128


# -- the function a cover bounds ------------------------------------------------------------------

def _targets(claim: Claim) -> list[tuple[sp.Expr, str, sp.Expr, object]] | None:
    """``(F, rel, c, region)`` with the claim equivalent to F rel c on the region, for every
    target (sup |F| <= c gives F <= c and -F <= c)."""
    body = claim.body
    if claim.parameters:
        return None
    if isinstance(body, Relation) and body.rel in ("<=", "<", ">=", ">"):
        h = body.lhs - body.rhs if body.rel in ("<=", "<") else body.rhs - body.lhs
        return [(h, "<" if body.rel in ("<", ">") else "<=", sp.S.Zero, body.region)]
    if isinstance(body, Bound):
        expr, c = body.expr, body.bound
        if body.kind == "inf":  # inf E >= c  <=>  -E <= -c
            if body.rel not in (">=", ">"):
                return None
            expr, c = -expr, -c
            rel = "<=" if body.rel == ">=" else "<"
        else:
            if body.rel not in ("<=", "<"):
                return None
            rel = body.rel
        parts = [expr.args[0], -expr.args[0]] if isinstance(expr, sp.Abs) else [expr]
        return [(p, rel, c, body.region) for p in parts]
    return None


@dataclass
class _Checker:
    """Checks ``F < c`` (``F <= c`` when ``strict`` is false) on cells: the second-order Taylor
    form at the midpoint, or at an end where F may touch c exactly (σ′ = 1/4 at x = 0), or the
    plain enclosure of F over the cell."""

    F: sp.Expr
    c: sp.Expr
    strict: bool = True

    def __post_init__(self):
        self.f0, self.f1, self.f2 = _compiled_with_derivatives(self.F)
        with arb_precision(_BITS):
            self.bound = compile_expr(self.c, X, "arb")(arb(0))

    def _below(self, value: arb) -> bool:
        if not value.is_finite():
            return False
        return bool(value < self.bound) if self.strict else bool(value <= self.bound)

    def cell(self, u: sp.Rational, v: sp.Rational) -> bool:
        with arb_precision(_BITS):
            a, b = arb(int(u.p)) / int(u.q), arb(int(v.p)) / int(v.q)
            try:
                whole = arb.union(a, b)
                second = self.f2(whole)
                if second.is_finite():
                    curvature = second.upper()
                    curvature = curvature if curvature > 0 else arb(0)  # F'' ≤ max(upper, 0) on the cell
                    m, w = (a + b) / 2, (b - a) / 2
                    # F(x) ≤ F(t) + F'(t)(x - t) + max(F'', 0)(x - t)²/2 for t = m, a, b
                    for t, reach, sign in ((m, w, 0), (a, 2 * w, 1), (b, 2 * w, -1)):
                        value, slope = self.f0(t), self.f1(t)
                        if not (value.is_finite() and slope.is_finite()):
                            continue
                        rise = abs(slope) if sign == 0 else (slope if sign > 0 else -slope)
                        rise = rise.upper() if sign == 0 else (rise.upper() if rise.upper() > 0 else arb(0))
                        upper = value + rise * reach + curvature * reach * reach / 2
                        if self._below(upper):
                            return True
                return self._below(self.f0(whole))
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
                return False



_COMPILED: dict = {}
_SPLITS: dict = {}


def _compiled_with_derivatives(F: sp.Expr):
    """F, F′, F″ compiled for arb; −F reuses F's (sup |F| bounds F and −F)."""
    key, negated = sp.srepr(F), sp.srepr(-F)
    if key not in _COMPILED:
        if negated in _COMPILED:
            fns = _COMPILED[negated]
            _COMPILED[key] = tuple((lambda t, f=f: -f(t)) for f in fns)
        else:
            _COMPILED[key] = (compile_expr(F, X, "arb"), compile_expr(sp.diff(F, X), X, "arb"),
                              compile_expr(sp.diff(F, X, 2), X, "arb"))
    return _COMPILED[key]


def _pieces(F: sp.Expr):
    """The pieces of F (those of −F negated when −F was split already)."""
    from ..core import settings
    from ..core.budget import Budget
    from ..prove.pieces import Piece, Split
    key, negated = sp.srepr(F), sp.srepr(-F)
    if key not in _SPLITS:
        if negated in _SPLITS:
            s = _SPLITS[negated]
            _SPLITS[key] = Split(tuple(Piece(p.lo, p.hi, -p.expr) for p in s.pieces), s.breakpoints,
                                 tuple(-v for v in s.values))
        else:
            _SPLITS[key] = split(F, X, Budget(settings.PREPARE_STEPS, settings.CALL_STEPS))
    return _SPLITS[key]


def _forget() -> None:
    _COMPILED.clear()
    _SPLITS.clear()


def _point_below(value: sp.Expr, c: sp.Expr, strict: bool) -> bool:
    """The constant ``value`` (f at a breakpoint) is below ``c`` (strictly when ``strict``)."""
    a, b = const_arb(value, _BITS), const_arb(c, _BITS)
    if a is None or b is None:
        return False
    return bool(a < b) if strict else bool(a <= b)


def _dyadic(v: sp.Expr, up: bool) -> sp.Rational:
    """A dyadic rational at or beyond v (inwards for the cover's ends is never needed)."""
    if v.is_Rational and int(v.q) & (int(v.q) - 1) == 0:
        return v
    scaled = sp.N(v, 40) * 2**60
    n = int(sp.ceiling(scaled)) if up else int(sp.floor(scaled))
    return sp.Rational(n, 2**60)


def _tile(check: _Checker, u: sp.Rational, v: sp.Rational, cells: list, depth: int = 0) -> bool:
    if len(cells) > _MAX_CELLS or depth > _MAX_DEPTH:
        return False
    if check.cell(u, v):
        cells.append((u, v))
        return True
    mid = (u + v) / 2
    return _tile(check, u, mid, cells, depth + 1) and _tile(check, mid, v, cells, depth + 1)


def _tail(F: sp.Expr, R: int, direction: int, c: sp.Expr) -> tuple[str, str] | None:
    """``(how, upper bound text)`` when F < c on the tail beyond |x| = R, else None: half-line
    interval arithmetic on F as written, else the tail majorants (complements, ``expand`` and
    arb; no simplification)."""
    from ..numeric.halfline import compile_halfline
    from ..prove.asymptotic import tail_enclosure
    from ..prove.tails import ray
    with arb_precision(_BITS):
        bound = compile_expr(c, X, "arb")(arb(0))
        try:
            enc = compile_halfline(F, X)(ray(R, direction))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            enc = None
    if enc is not None and enc.hi is not None and enc.hi.is_finite() and (
            enc.hi < bound or (enc.hi_strict and enc.hi <= bound)):  # F < hi ≤ c
        return "half-line interval arithmetic", enc.hi.str(20, radius=False)
    found = tail_enclosure(F, X, R, direction)
    if found is not None and found[1].is_finite() and (found[1] < bound or (found[4] and found[1] <= bound)):
        return "tail majorants", found[1].str(20, radius=False)
    return None


def _cover(F: sp.Expr, rel: str, c: sp.Expr, region) -> dict | None:
    """Cells, breakpoint values and tails showing F < c on the region (None: no room)."""
    try:
        pieces = _pieces(F)
    except Exception:  # noqa: BLE001 - no cover, no certificate
        return None
    out = {"pieces": [], "breakpoints": []}
    for p in pieces.pieces:
        lo, hi = clip(p.lo, p.hi, region)
        if lo is None:
            continue
        try:
            check = _Checker(p.expr, c, rel == "<")
        except Unsupported:
            return None
        entry = {"on": [sp.sstr(lo), sp.sstr(hi)], "cells": [], "tails": []}
        a = _dyadic(lo, False) if lo.is_finite else None
        b = _dyadic(hi, True) if hi.is_finite else None
        for end, direction in ((lo, -1), (hi, 1)):
            if end.is_infinite:
                R = next((R for R in (_WINDOW, 200, 2000) if _tail(p.expr, R, direction, c)), None)
                if R is None:
                    return None
                how, upper = _tail(p.expr, R, direction, c)
                entry["tails"].append({"direction": direction, "R": R, "how": how, "upper": upper})
                if direction < 0:
                    a = sp.Integer(-R)
                else:
                    b = sp.Integer(R)
        cells: list = []
        if a is None or b is None or not _tile(check, a, b, cells):
            return None
        entry["cells"] = [[sp.sstr(u), sp.sstr(v)] for u, v in cells]
        out["pieces"].append(entry)
    for bp, value in zip(pieces.breakpoints, pieces.values):
        if inside(bp, region):
            if not _point_below(value, c, rel == "<"):
                return None
            out["breakpoints"].append(sp.sstr(bp))
    return out


# -- building ---------------------------------------------------------------------------------------

def certificate(verdict: Verdict, claim: Claim, params: dict | None = None) -> dict:
    """What ``verdict`` on ``claim`` rests on, as a JSON-ready dict."""
    base = {"claim": claim.text, "params": {k: sp.sstr(v) for k, v in (params or {}).items()},
            "status": str(verdict.status)}
    if verdict.status is Status.REFUTED and verdict.counterexample is not None:
        ce = verdict.counterexample
        return {**base, "kind": "counterexample", "x": ce.x, "parameters": ce.parameters}
    if verdict.status is Status.PROVED and isinstance(claim.body, Relation) and claim.body.rel == "==" \
            and not claim.parameters:
        chain = _rewrite_chain(claim)
        if chain is not None:
            return {**base, "kind": "rewrite", "pieces": chain}
    if verdict.status.holds:
        _forget()
        targets = _targets(claim)
        if targets is not None:
            covers = []
            for F, rel, c, region in targets:
                cover = _cover(F, rel, c, region)
                if cover is None:
                    covers = None
                    break
                covers.append(cover)
            if covers is not None:
                return {**base, "kind": "cover", "targets": covers}
    return {**base, "kind": "symbolic", "evidence": list(verdict.evidence)}


def _rewrite_chain(claim: Claim) -> list | None:
    from ..core import settings
    from ..core.budget import Budget
    body = claim.body
    g = body.lhs - body.rhs
    try:
        pieces = split(g, X, Budget(settings.PREPARE_STEPS, settings.CALL_STEPS))
    except Exception:  # noqa: BLE001
        return None
    out = []
    for p in pieces.pieces:
        steps = [["lhs - rhs on the piece", sp.sstr(p.expr)]]
        if p.expr != 0:
            steps.append(["exp/erf form (vocabulary definitions)", sp.sstr(to_exp_form(p.expr))])
            steps.append(["sympy simplify", "0"])
        out.append({"on": [sp.sstr(p.lo), sp.sstr(p.hi)], "chain": steps})
    return out


def write(path: str | Path, entries: list[dict]) -> None:
    import flint
    import mpmath
    doc = {"schema": SCHEMA, "versions": {"sympy": sp.__version__, "mpmath": mpmath.__version__,
                                          "python-flint": flint.__version__},
           "certificates": entries}
    try:
        Path(path).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ParseError(f"cannot write the certificate {str(path)[:60]!r}: {exc.__class__.__name__}") from None


# -- replay -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Replay:
    claim: str
    outcome: str  # replayed | consistent | not replayable | failed
    detail: str


def replay(path: str | Path) -> list[Replay]:
    try:
        with open(path, encoding="utf-8-sig") as f:
            raw = f.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            raise ParseError(f"the certificate {str(path)[:60]!r} is larger than {_MAX_BYTES // 10**6} MB")
        doc = json.loads(raw)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ParseError(f"cannot read the certificate {str(path)[:60]!r}: {exc.__class__.__name__}") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA or not isinstance(doc.get("certificates"), list):
        raise ParseError(f"not a {SCHEMA} document")
    if not doc["certificates"]:
        raise ParseError("the certificate holds no entries")
    return [_replay_one(e) for e in doc["certificates"]]


_MAX_BYTES = 50_000_000


def _replay_one(entry) -> Replay:
    if not isinstance(entry, dict) or not isinstance(entry.get("claim"), str):
        return Replay("?", "failed", "malformed entry")
    text = entry["claim"]
    try:
        params = {k: _exact(v) for k, v in (entry.get("params") or {}).items()}
        claim = parse_claim(text, params)
        kind = entry.get("kind")
        if kind == "counterexample":
            return _replay_counterexample(claim, entry)
        if kind == "cover":
            return _replay_cover(claim, entry)
        if kind == "rewrite":
            return _replay_rewrite(claim, entry)
        if kind == "symbolic":
            return Replay(text, "not replayable", "rests on symbolic steps: " + "; ".join(entry.get("evidence", []))[:300])
        return Replay(text, "failed", f"unknown kind {kind!r}")
    except ParseError as exc:
        return Replay(text, "failed", f"cannot read: {exc}")
    except (KeyError, TypeError, ValueError, IndexError, OverflowError, RecursionError, AttributeError) as exc:
        return Replay(text, "failed", f"malformed certificate ({type(exc).__name__})")


def _exact(text) -> sp.Expr:
    from ..parse import parse_expression
    if not isinstance(text, (str, int)):
        raise ParseError("a number in a certificate is text")
    value = parse_expression(str(text), variable=sp.Dummy("none"))
    if value.free_symbols or not value.is_real:
        raise ParseError(f"not a real number: {str(text)[:30]!r}")
    return value


def _replay_counterexample(claim: Claim, entry: dict) -> Replay:
    from .decide import certify_counterexample
    body = claim.body
    if not isinstance(body, (Relation, Bound)):
        return Replay(claim.text, "failed", "a counterexample for a claim without two sides")
    x = _exact(entry["x"])
    given = entry.get("parameters") or {}
    values = {}
    for p in claim.parameters:
        if p.symbol.name not in given:
            return Replay(claim.text, "failed", f"the counterexample gives no value of {p.symbol.name}")
        values[p.symbol] = _exact(given[p.symbol.name])
    if claim.parameters and sp.And(*[p.condition for p in claim.parameters]).subs(values) is not sp.true:
        return Replay(claim.text, "failed", "the counterexample's parameters break the claim's conditions")
    if not inside(x, body.region):
        return Replay(claim.text, "failed", f"x = {entry['x']} is outside the claim's interval")
    if isinstance(body, Relation):
        lhs, rhs, rel = body.lhs.subs(values), body.rhs.subs(values), body.rel
    else:
        lhs, rhs, rel = body.expr, body.bound, body.rel
    try:
        fl, fr = compile_expr(lhs, X, "arb"), compile_expr(rhs, X, "arb")
    except Unsupported as exc:
        return Replay(claim.text, "failed", f"cannot evaluate: {exc}")
    found = certify_counterexample(fl, fr, rel, x, {})
    if found is None:
        return Replay(claim.text, "failed", f"x = {entry['x']} is not a counterexample")
    return Replay(claim.text, "replayed", "refuted: " + found.text())


def _replay_cover(claim: Claim, entry: dict) -> Replay:
    _forget()
    targets = _targets(claim)
    covers = entry["targets"]
    if targets is None or len(covers) != len(targets):
        return Replay(claim.text, "failed", "the certificate does not match the claim")
    count = 0
    for (F, rel, c, region), cover in zip(targets, covers):
        pieces = _pieces(F)
        inside_region = [p for p in pieces.pieces if clip(p.lo, p.hi, region)[0] is not None]
        if len(inside_region) != len(cover["pieces"]):
            return Replay(claim.text, "failed", "the pieces do not match the claim")
        for p, rec in zip(inside_region, cover["pieces"]):
            check = _Checker(p.expr, c, rel == "<")
            lo, hi = clip(p.lo, p.hi, region)
            a, b = lo, hi
            if rec.get("on") != [sp.sstr(lo), sp.sstr(hi)]:
                return Replay(claim.text, "failed", "a piece's interval does not match the claim")
            for t in rec["tails"]:
                R, direction = int(t["R"]), int(t["direction"])
                if R < 1 or R > 10**6 or direction not in (-1, 1):
                    return Replay(claim.text, "failed", "a tail with a bad start or direction")
                tail = _tail(p.expr, R, direction, c)
                if tail is None:
                    return Replay(claim.text, "failed", f"the tail beyond |x| = {R} is not bounded below the claim")
                if not _at_least(str(t.get("upper", "")), tail[1]):
                    return Replay(claim.text, "failed", f"the recorded bound of the tail beyond |x| = {R} is too low")
                if direction < 0 and lo.is_infinite:
                    a = sp.Integer(-R)
                elif direction > 0 and hi.is_infinite:
                    b = sp.Integer(R)
                else:
                    return Replay(claim.text, "failed", "a tail where the piece has a finite end")
            if a.is_infinite or b.is_infinite:
                return Replay(claim.text, "failed", "an infinite end without a tail bound")
            cells = [(_exact(u), _exact(v)) for u, v in rec["cells"]]
            if not cells or bool(cells[0][0] > a) or bool(cells[-1][1] < b):
                return Replay(claim.text, "failed", "the cells do not reach the ends of the piece")
            for (u, v), (u2, _) in zip(cells, cells[1:] + [(None, None)]):
                if not bool(u < v) or (u2 is not None and u2 != v):
                    return Replay(claim.text, "failed", f"the cells leave a gap or overlap at {sp.sstr(v)}")
                if not check.cell(u, v):
                    return Replay(claim.text, "failed", f"the cell [{sp.sstr(u)}, {sp.sstr(v)}] does not hold")
            count += len(cells)
        bps = [bp for bp in pieces.breakpoints if inside(bp, region)]
        for bp, value in zip(pieces.breakpoints, pieces.values):
            if bp in bps and not _point_below(value, c, rel == "<"):
                return Replay(claim.text, "failed", f"the breakpoint {sp.sstr(bp)} does not hold")
    return Replay(claim.text, "replayed", f"{count} cells, tails and breakpoint values re-checked with arb")


def _at_least(recorded: str, computed: str) -> bool:
    """The recorded tail bound is not below the one replay computes (both decimal texts)."""
    import mpmath
    try:
        with mpmath.workdps(40):
            return mpmath.mpf(recorded) >= mpmath.mpf(computed) - abs(mpmath.mpf(computed)) * mpmath.mpf(10) ** -18
    except (ValueError, TypeError):
        return False


def _replay_rewrite(claim: Claim, entry: dict) -> Replay:
    from ..core import settings
    from ..core.budget import Budget
    from ..parse import parse_expression
    from .claims import NAMED_CONSTANTS
    body = claim.body
    if not isinstance(body, Relation) or body.rel != "==":
        return Replay(claim.text, "failed", "a rewrite chain for a claim that is not an identity")
    pieces = split(body.lhs - body.rhs, X, Budget(settings.PREPARE_STEPS, settings.CALL_STEPS))
    recs = entry["pieces"]
    if len(recs) != len(pieces.pieces):
        return Replay(claim.text, "failed", "the pieces do not match the claim")
    steps = 0
    for p, rec in zip(pieces.pieces, recs):
        chain = rec["chain"]
        if not chain or chain[0][1] != sp.sstr(p.expr):
            return Replay(claim.text, "failed", "the chain does not start at lhs - rhs")
        if chain[-1][1] != "0":
            return Replay(claim.text, "failed", "the chain does not end at 0")
        forms = []
        for _, text in chain:
            try:
                forms.append(parse_expression(text, parameters=NAMED_CONSTANTS))
            except ParseError as exc:
                return Replay(claim.text, "failed", f"a step cannot be read: {exc}")
        points = [sp.Rational(k, 7) for k in (-9, -4, -1, 2, 5, 11, 17, 23)]
        points = [t for t in points if (p.lo.is_infinite or bool(t > p.lo)) and (p.hi.is_infinite or bool(t < p.hi))]
        for before, after in zip(forms, forms[1:]):
            for t in points or [sp.Integer(0)]:
                a, b = _ball_at(before, t), _ball_at(after, t)
                if a is None or b is None or not a.overlaps(b) or (a - b).rad() > arb(10) ** -20:
                    return Replay(claim.text, "failed", f"a step changes the value at x = {t}")
            steps += 1
    return Replay(claim.text, "consistent", f"{steps} rewrite step(s) agree at rational points and end at 0 "
                                            "(the symbolic steps themselves are SymPy's: this re-checks the record)")


def _ball_at(e: sp.Expr, t: sp.Rational) -> arb | None:
    with arb_precision(256):
        try:
            v = compile_expr(e, X, "arb")(arb(int(t.p)) / int(t.q))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
            return None
    return v if v.is_finite() else None


def replay_exit_status(results: list[Replay]) -> int:
    if any(r.outcome == "failed" for r in results):
        return 1
    if any(r.outcome == "not replayable" for r in results):
        return 3
    return 0


def render_replay(results: list[Replay]) -> str:
    lines = []
    for r in results:
        lines.append(f"{r.outcome:<15} {r.claim}")
        lines.append(f"{'':<15} ↳ {r.detail}")
    return "\n".join(lines)


__all__ = ["Replay", "certificate", "render_replay", "replay", "replay_exit_status", "write"]
