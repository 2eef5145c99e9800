"""Mutations of true claims into (mostly) false ones, and an independent 50-digit judge.

Each built-in identity or bound is parsed, and its SymPy body is mutated: a constant changed,
a sign flipped, σ and tanh swapped, x → 2x, a factor dropped, a breakpoint shifted, a
perturbation of 1e-9, a bound tightened just past the true extremum, the relation flipped.
The judge evaluates both sides with mpmath at 50 digits on a dense grid (SymPy's own
``lambdify`` of the ground-truth form, not symact's evaluators) and says whether the claim
fails somewhere.
"""
from __future__ import annotations

from dataclasses import replace

import mpmath
import sympy as sp

from symact.core.symbols import X
from symact.core.vocabulary import sigmoid, to_ground_truth
from symact.verifier.claims import Bound, Claim, Relation, parse_claim

TANH = sp.tanh


def _numbers(e: sp.Expr) -> list[sp.Expr]:
    return sorted({a for a in sp.preorder_traversal(e) if isinstance(a, sp.Number) and a not in (0, 1, -1)},
                  key=sp.default_sort_key)[:3]


def _factors(e: sp.Expr) -> list[sp.Expr]:
    if isinstance(e, sp.Mul):
        return [e / f for f in e.args if f.has(X)][:2]
    return []


def _swap(e: sp.Expr) -> sp.Expr:
    """σ ↔ tanh (or a 1e-6 shift when neither appears)."""
    if not e.has(sigmoid, TANH):
        return e + sp.Rational(1, 10**6)
    held = sp.Function("held")
    return e.replace(sigmoid, held).replace(TANH, sigmoid).replace(held, TANH)


def mutate_relation(claim: Claim) -> list[tuple[str, Claim]]:
    body: Relation = claim.body
    out = []
    lhs, rhs = body.lhs, body.rhs

    def add(kind: str, new_lhs=None, new_rhs=None, rel=None, region=None):
        nb = replace(body, lhs=lhs if new_lhs is None else new_lhs, rhs=rhs if new_rhs is None else new_rhs,
                     rel=rel or body.rel, region=region or body.region)
        out.append((kind, Claim(f"[{kind}] {claim.text}", nb, claim.parameters)))

    add("+1e-9", new_rhs=rhs + sp.Rational(1, 10**9))
    add("-1e-9", new_rhs=rhs - sp.Rational(1, 10**9))
    add("flip sign", new_rhs=-rhs if rhs != 0 else rhs - 1)
    add("x->2x", new_rhs=rhs.subs(X, 2 * X) if rhs.has(X) else rhs * 2 + 1)
    add("x->x+1/1000", new_lhs=lhs.subs(X, X + sp.Rational(1, 1000)))
    add("x->-x", new_rhs=rhs.subs(X, -X) if rhs.has(X) else rhs - sp.Rational(1, 3))
    add("x->x/2 (lhs)", new_lhs=lhs.subs(X, X / 2) if lhs.has(X) else lhs + 1)
    add("scale 1+1e-6", new_rhs=rhs * (1 + sp.Rational(1, 10**6)) if rhs != 0 else rhs + sp.Rational(1, 10**6))
    add("+x/1e6", new_rhs=rhs + X / 10**6)
    add("squared", new_rhs=rhs**2 + sp.Rational(1, 10**3))
    for term in (sp.Add.make_args(rhs) if isinstance(rhs, sp.Add) else ())[:2]:
        add("drop a term", new_rhs=rhs - term)
    add("swap sigmoid/tanh", new_rhs=_swap(rhs))
    add("swap sigmoid/tanh lhs", new_lhs=_swap(lhs))
    for n in _numbers(rhs) + _numbers(lhs):
        where_rhs = n in _numbers(rhs)
        bumped = n * sp.Rational(101, 100)
        if where_rhs:
            add(f"constant {n}", new_rhs=rhs.subs(n, bumped))
        else:
            add(f"constant {n} (lhs)", new_lhs=lhs.subs(n, bumped))
    for f in _factors(rhs):
        add("drop a factor", new_rhs=f)
    for f in _factors(lhs):
        add("drop a factor (lhs)", new_lhs=f)
    add("shift breakpoint", new_lhs=lhs.subs(X, X - sp.Rational(1, 2)) if lhs.has(sp.Piecewise, sp.Min, sp.Max, sp.Abs)
        else lhs * sp.Rational(999, 1000))
    if body.rel == "==":
        add("== -> <", rel="<")
    else:
        flip = {"<=": ">=", "<": ">", ">=": "<=", ">": "<"}[body.rel]
        add("flip relation", rel=flip)
        if not rhs.has(X):
            add("tighten by 1e-6", new_rhs=rhs - sp.Rational(1, 10**6) if body.rel in ("<=", "<") else rhs + sp.Rational(1, 10**6))
    return out


def mutate_bound(claim: Claim, enclosure_lo: str | None) -> list[tuple[str, Claim]]:
    body: Bound = claim.body
    out = []

    def add(kind: str, **changes):
        out.append((kind, Claim(f"[{kind}] {claim.text}", replace(body, **changes), claim.parameters)))

    if enclosure_lo is not None:
        just_below = sp.Rational(mpmath.nstr(mpmath.mpf(enclosure_lo) * (1 - mpmath.mpf(10) ** -9), 25))
        add("bound just past the extremum", bound=just_below)
    add("bound halved", bound=body.bound / 2)
    add("bound * 0.99", bound=body.bound * sp.Rational(99, 100))
    add("flip relation", rel=">=" if body.rel == "<=" else "<=", bound=body.bound * 2)
    add("x->2x inside", expr=body.expr.subs(X, 2 * X) + sp.Rational(1, 100))
    add("swap sigmoid/tanh", expr=_swap(body.expr) * 3)
    add("+0.1", expr=body.expr + sp.Rational(1, 10))
    return out


# -- the independent judge ----------------------------------------------------------------------

GRID = [mpmath.mpf(k) / 64 for k in range(-64 * 12, 64 * 12 + 1, 3)] + \
    [mpmath.mpf(s) * m for m in (15, 20, 30, 50, 100, 1000, 10**5) for s in (1, -1)]


def _mp_function(expr: sp.Expr):
    ground = to_ground_truth(expr)
    fn = sp.lambdify(X, ground, modules="mpmath")

    def at(t):
        try:
            v = fn(t)
            return mpmath.mpf(v) if mpmath.isfinite(v) and not isinstance(v, mpmath.mpc) else None
        except (ZeroDivisionError, ValueError, TypeError, OverflowError):
            return None
    return at


def _inside(t, region) -> bool:
    lo, hi = region.lo, region.hi
    ok_lo = (t >= lo if region.lo_closed else t > lo) if lo.is_finite else True
    ok_hi = (t <= hi if region.hi_closed else t < hi) if hi.is_finite else True
    return bool(ok_lo) and bool(ok_hi)


def _params(claim: Claim) -> list[dict]:
    if not claim.parameters:
        return [{}]
    vals = [sp.Rational(1), sp.Rational(1, 2), sp.Rational(2), sp.Rational(3, 10)]
    cond = sp.And(*[p.condition for p in claim.parameters])
    return [{p.symbol: v for p in claim.parameters} for v in vals
            if cond.subs({p.symbol: v for p in claim.parameters}) is sp.true]


def fails_somewhere(claim: Claim) -> bool:
    """True when 50-digit samples show the claim false (a violation beyond 1e-40)."""
    body = claim.body
    with mpmath.workdps(50):
        tol = mpmath.mpf(10) ** -40
        for values in _params(claim):
            if isinstance(body, Relation):
                f, g = _mp_function(body.lhs.subs(values)), _mp_function(body.rhs.subs(values))
                for t in GRID:
                    if not _inside(sp.Rational(mpmath.nstr(t, 30)), body.region):
                        continue
                    a, b = f(t), g(t)
                    if a is None or b is None:
                        continue
                    scale = tol * (1 + abs(a) + abs(b))
                    bad = {"==": abs(a - b) > scale, "<=": a > b + scale, "<": a >= b + scale,
                           ">=": a < b - scale, ">": a <= b - scale, "!=": abs(a - b) <= scale}[body.rel]
                    if bad:
                        return True
            elif isinstance(body, Bound):
                f = _mp_function(body.expr)
                c = mpmath.mpf(sp.N(body.bound, 60))
                values_seen = [v for v in (f(t) for t in GRID if _inside(sp.Rational(mpmath.nstr(t, 30)), body.region))
                               if v is not None]
                # refine the best grid point by golden section to see the extremum itself
                best = max(values_seen) if body.kind == "sup" else min(values_seen)
                best = _refine(f, body.kind, best)
                if body.kind == "sup" and ((body.rel == "<=" and best > c) or (body.rel == "<" and best >= c)):
                    return True
                if body.kind == "inf" and ((body.rel == ">=" and best < c) or (body.rel == ">" and best <= c)):
                    return True
                if body.kind == "sup" and body.rel in (">=", ">") and best < c * (1 - mpmath.mpf(10) ** -6):
                    return True
    return False


def _refine(f, kind: str, best):
    sign = 1 if kind == "sup" else -1
    points = [t for t in GRID if abs(t) <= 12]
    vals = [(sign * (f(t) if f(t) is not None else -mpmath.inf), t) for t in points]
    top = sorted(vals, key=lambda v: -v[0])[:3]
    out = best
    for _, t in top:
        a, b = t - mpmath.mpf(3) / 64, t + mpmath.mpf(3) / 64
        for _ in range(120):
            m1, m2 = a + (b - a) / 3, b - (b - a) / 3
            f1, f2 = f(m1), f(m2)
            if f1 is None or f2 is None:
                break
            if sign * f1 < sign * f2:
                a = m1
            else:
                b = m2
        v = f((a + b) / 2)
        if v is not None:
            out = max(out, v) if sign > 0 else min(out, v)
    return out


def parse(text: str) -> Claim:
    return parse_claim(text)
