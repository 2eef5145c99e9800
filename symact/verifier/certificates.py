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
* ``rewrite`` (proved identities, with or without parameters), ``vector-rewrite`` (vector
  identities) and ``composite`` (facts of a profile reduced to covers, rewrite chains and exact
  checks): see :mod:`symact.verifier.certificate_kinds`. Rewrite chains re-check the record,
  not the symbolic proof: replay says so (``consistent``).
* ``symbolic`` (anything else proved or certified: an inequality that touches its bound, a
  limit): the evidence only, with the reason no replayable kind applies; replay reports it as
  not re-checkable with arb alone.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import sympy as sp
from flint import arb

from ..core.errors import ParseError
from ..core.symbols import X
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..prove.pieces import split
from . import box_certificates, touch_certificates
from . import certificate_kinds as kinds
from .claims import Bound, Claim, Relation, parse_claim
from .decide import clip, const_arb, inside
from .vector_claims import VectorClaim
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
    key, negated = F, -F  # SymPy expressions hash structurally
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
    key, negated = F, -F  # SymPy expressions hash structurally
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


def _tail(F: sp.Expr, R: int, direction: int, c: sp.Expr, strict: bool = True) -> tuple[str, str] | None:
    """``(how, upper bound text)`` when F < c (F ≤ c when not ``strict``) on the tail beyond |x| = R, else None: half-line
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
            enc.hi < bound or ((enc.hi_strict or not strict) and enc.hi <= bound)):  # F < hi ≤ c (F ≤ c)
        return "half-line interval arithmetic", enc.hi.str(20, radius=False)
    found = tail_enclosure(F, X, R, direction)
    if found is not None and found[1].is_finite() and (found[1] < bound or (found[4] and found[1] <= bound)):
        return "tail majorants", found[1].str(20, radius=False)
    # monotone: direction·F' ≤ 0 on the ray, so F ≤ F(±R) there, which the cell at ±R bounds
    with arb_precision(_BITS):
        try:
            slope = compile_halfline(direction * sp.diff(F, X), X)(ray(R, direction))
            at = compile_expr(F, X, "arb")(arb(direction * R))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None
    if slope.hi is not None and bool(slope.hi <= 0) and at.is_finite() and bool(at < bound):
        return "F monotone towards the window (direction·F′ ≤ 0 by half-line interval arithmetic)", \
            at.str(20, radius=False)
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
                R = next((R for R in (_WINDOW, 200, 2000) if _tail(p.expr, R, direction, c, rel == "<")), None)
                if R is None:
                    return None
                how, upper = _tail(p.expr, R, direction, c, rel == "<")
                entry["tails"].append({"direction": direction, "R": R, "how": how, "upper": upper})
                if direction < 0:
                    a = sp.Integer(-R)
                else:
                    b = sp.Integer(R)
        cells: list = []
        if a is None or b is None:
            return None
        if not _tile(check, a, b, cells):
            cells = _tile_around_touches(check, p.expr, c, lo, hi, a, b, entry, rel == "<")
            if cells is None:
                return None
        entry["cells"] = [[sp.sstr(u), sp.sstr(v)] for u, v in cells]
        out["pieces"].append(entry)
    for bp, value in zip(pieces.breakpoints, pieces.values):
        if inside(bp, region):
            if not _point_below(value, c, rel == "<"):
                if rel == "<" or not _equal_to_bound(value, c):
                    return None
                out.setdefault("touching_breakpoints", []).append(sp.sstr(bp))
            out["breakpoints"].append(sp.sstr(bp))
    return out


def _tile_around_touches(check: _Checker, F, c, lo, hi, a, b, entry: dict, strict: bool) -> list | None:
    """Cells for [a, b] with touch cells where F = c exactly or F is not defined at an open end
    (:mod:`symact.verifier.touch_certificates`)."""
    touches = touch_certificates.find(F, c, lo, hi, a, b, strict)
    if not touches:
        return None
    cells: list = []
    start = a
    for t in touches:
        u, v = sp.Rational(t["cell"][0]), sp.Rational(t["cell"][1])
        if u < start or v > b or (u > start and not _tile(check, start, u, cells)):
            return None
        cells.append((u, v))
        start = v
    if start < b and not _tile(check, start, b, cells):
        return None
    entry["touches"] = touches
    return cells


def _equal_to_bound(value: sp.Expr, c: sp.Expr) -> bool:
    """F at a breakpoint equals the bound c: proved by the zero test."""
    from ..core import settings
    from ..core.budget import Budget
    from ..prove.zero import constant_is_zero
    z = constant_is_zero(value - c, Budget(settings.USER_STEPS, settings.CALL_STEPS))
    return z.value is True and z.method.certain


# -- building ---------------------------------------------------------------------------------------

def certificate(verdict: Verdict, claim: Claim, params: dict | None = None) -> dict:
    """What ``verdict`` on ``claim`` rests on, as a JSON-ready dict."""
    base = {"claim": claim.text, "params": {k: sp.sstr(v) for k, v in (params or {}).items()},
            "status": str(verdict.status)}
    if verdict.status is Status.REFUTED and verdict.counterexample is not None:
        ce = verdict.counterexample
        out = {**base, "kind": "counterexample", "x": ce.x, "parameters": ce.parameters}
        return {**out, "equal": ce.equal} if ce.equal else out
    if box_certificates.applies(verdict, claim):
        entry = box_certificates.build(claim)
        if entry is not None:
            return {**base, **entry}
    if verdict.status is Status.PROVED and isinstance(claim.body, Relation) and claim.body.rel == "==":
        entry = kinds.rewrite_entry(claim)  # with or without parameters
        if entry is not None:
            return {**base, "kind": "rewrite", **entry}
    if verdict.status is Status.PROVED and isinstance(claim.body, VectorClaim):
        entry = kinds.vector_entry(claim)
        if entry is not None:
            return {**base, "kind": "vector-rewrite", **entry}
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
    evidence = list(verdict.evidence)
    if verdict.status.holds and isinstance(claim.body, kinds.PROFILE_CLAIMS):
        found = kinds.composite_entry(claim, _kit())
        if isinstance(found, dict):
            return {**base, "kind": "composite", **found}
        evidence.append(f"not replayable: {found}")
    return {**base, "kind": "symbolic", "evidence": evidence}


def _cover_fields(claim: Claim) -> dict | None:
    """The ``cover`` fields for a (sub-)claim, or None when some target has no cover."""
    _forget()
    targets = _targets(claim)
    if targets is None:
        return None
    covers = []
    for F, rel, c, region in targets:
        cover = _cover(F, rel, c, region)
        if cover is None:
            return None
        covers.append(cover)
    return {"targets": covers}


def _kit() -> kinds.Kit:
    def replay_cover(claim: Claim, entry: dict) -> tuple[str, str]:
        r = _replay_cover(claim, entry)
        return r.outcome, r.detail
    return kinds.Kit(_cover_fields, replay_cover)


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
        params = {k: kinds.read_exact(v) for k, v in (entry.get("params") or {}).items()}
        claim = parse_claim(text, params)
        kind = entry.get("kind")
        if kind == "counterexample":
            return _replay_counterexample(claim, entry)
        if kind == "cover":
            return _replay_cover(claim, entry)
        if kind == "rewrite":
            return Replay(text, *kinds.replay_rewrite(claim, entry))
        if kind == "vector-rewrite":
            return Replay(text, *kinds.replay_vector(claim, entry))
        if kind == "composite":
            return Replay(text, *kinds.replay_composite(claim, entry, _kit()))
        if kind == box_certificates.KIND:
            return Replay(text, *box_certificates.replay(claim, entry))
        if kind == "symbolic":
            return Replay(text, "not replayable", "rests on symbolic steps: " + "; ".join(entry.get("evidence", []))[:300])
        return Replay(text, "failed", f"unknown kind {kind!r}")
    except ParseError as exc:
        return Replay(text, "failed", f"cannot read: {exc}")
    except (KeyError, TypeError, ValueError, IndexError, OverflowError, RecursionError, AttributeError) as exc:
        return Replay(text, "failed", f"malformed certificate ({type(exc).__name__})")


def _replay_counterexample(claim: Claim, entry: dict) -> Replay:
    from .decide import certify_counterexample
    body = claim.body
    if not isinstance(body, (Relation, Bound)):
        return Replay(claim.text, "failed", "a counterexample for a claim without two sides")
    x = kinds.read_exact(entry["x"])
    given = entry.get("parameters") or {}
    values = {}
    for p in claim.parameters:
        if p.symbol.name not in given:
            return Replay(claim.text, "failed", f"the counterexample gives no value of {p.symbol.name}")
        values[p.symbol] = kinds.read_exact(given[p.symbol.name])
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
    if found is None and entry.get("equal") and rel in ("<", ">", "!="):
        return _replay_equal(claim, lhs, rhs, x)
    if found is None:
        return Replay(claim.text, "failed", f"x = {entry['x']} is not a counterexample")
    return Replay(claim.text, "replayed", "refuted: " + found.text())


def _replay_equal(claim: Claim, lhs: sp.Expr, rhs: sp.Expr, x: sp.Expr) -> Replay:
    """A strict claim refuted at an exact irrational x where both sides are equal: arb at 2048
    bits must enclose lhs − rhs within 10⁻⁵⁰⁰ of 0 (that they are *exactly* equal is the zero
    test's symbolic proof: replay says it re-checks the record)."""
    if not touch_certificates.near_zero((lhs - rhs).subs(X, x)):
        return Replay(claim.text, "failed", f"the two sides differ (or cannot be evaluated) at x = {sp.sstr(x)}")
    return Replay(claim.text, "consistent", f"both sides agree to 500 digits at x = {sp.sstr(x)} (that they are equal "
                                            "there is the zero test's symbolic proof: this re-checks the record)")


def _replay_cover(claim: Claim, entry: dict) -> Replay:
    _forget()
    targets = _targets(claim)
    covers = entry["targets"]
    if targets is None or len(covers) != len(targets):
        return Replay(claim.text, "failed", "the certificate does not match the claim")
    count = 0
    touched: list[str] = []
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
                tail = _tail(p.expr, R, direction, c, rel == "<")
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
            cells = [(kinds.read_exact(u), kinds.read_exact(v)) for u, v in rec["cells"]]
            if not cells or bool(cells[0][0] > a) or bool(cells[-1][1] < b):
                return Replay(claim.text, "failed", "the cells do not reach the ends of the piece")
            touches = {tuple(t["cell"]): t for t in rec.get("touches", [])}
            for (u, v), (u2, _) in zip(cells, cells[1:] + [(None, None)]):
                if not bool(u < v) or (u2 is not None and u2 != v):
                    return Replay(claim.text, "failed", f"the cells leave a gap or overlap at {sp.sstr(v)}")
                touch = touches.get((sp.sstr(u), sp.sstr(v)))
                if touch is not None:
                    if not touch_certificates.check(p.expr, c, touch, lo, hi, kinds.read_exact, rel == "<"):
                        return Replay(claim.text, "failed", f"the touch cell [{sp.sstr(u)}, {sp.sstr(v)}] does not hold")
                    if touch["how"] != "open end":
                        touched.append(touch["at"])
                elif not check.cell(u, v):
                    return Replay(claim.text, "failed", f"the cell [{sp.sstr(u)}, {sp.sstr(v)}] does not hold")
            count += len(cells)
        bps = [bp for bp in pieces.breakpoints if inside(bp, region)]
        equal = cover.get("touching_breakpoints", []) if rel == "<=" else []
        for bp, value in zip(pieces.breakpoints, pieces.values):
            if bp in bps and not _point_below(value, c, rel == "<"):
                if sp.sstr(bp) not in equal or not touch_certificates.near_zero(value - c):
                    return Replay(claim.text, "failed", f"the breakpoint {sp.sstr(bp)} does not hold")
                touched.append(sp.sstr(bp))
    if touched:
        return Replay(claim.text, "consistent", f"{count} cells, tails and breakpoint values re-checked with arb; "
                      f"where F meets the bound (x = {', '.join(dict.fromkeys(touched))}) arb agrees with F = c to "
                      "500 digits (that it is exact is the zero test's symbolic proof: this re-checks the record)")
    return Replay(claim.text, "replayed", f"{count} cells, tails and breakpoint values re-checked with arb")


def _at_least(recorded: str, computed: str) -> bool:
    """The recorded tail bound is not below the one replay computes (both decimal texts)."""
    import mpmath
    try:
        with mpmath.workdps(40):
            return mpmath.mpf(recorded) >= mpmath.mpf(computed) - abs(mpmath.mpf(computed)) * mpmath.mpf(10) ** -18
    except (ValueError, TypeError):
        return False


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
