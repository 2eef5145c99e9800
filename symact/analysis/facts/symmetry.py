"""Symmetry: parity (odd / even / neither, with a certified counterexample) and zero-centredness."""
from __future__ import annotations

import sympy as sp
from flint import arb

from ...core.methods import Method, weakest
from ...core.values import Label
from ...numeric.compile import Unsupported, arb_precision, compile_expr
from ...numeric.numbers import ball_number, exact_number
from ...prove.pieces import split
from ...prove.zero import function_is_zero
from ..registry import fact

_POINTS = ("0.37", "1.3", "2.9", "7.1", "0.61", "13.7")


def _counterexample(f: sp.Expr, x: sp.Symbol, odd: bool):
    """A point t where f(-t) ± f(t) certainly differs from 0, with the difference."""
    target = f.subs(x, -x) + f if odd else f.subs(x, -x) - f
    try:
        fn = compile_expr(target, x, "arb")
    except Unsupported:
        return None
    for t in _POINTS:
        for bits in (64, 256):
            with arb_precision(bits):
                try:
                    v = fn(arb(t))
                except (ValueError, ZeroDivisionError, Unsupported):
                    break
                if v.is_finite() and not v.contains(0):
                    return t, ball_number(v)
    return None


def _proof(a, odd: bool):
    """f(-x) ± f(x) ≡ 0, piece by piece (and at the breakpoints)."""
    x = a.x
    target = a.f.subs(x, -x) + a.f if odd else a.f.subs(x, -x) - a.f
    try:
        parts = split(target, x, a.budget)
    except Exception:  # noqa: BLE001 - any failure to split means: no proof
        return None
    methods = []
    for p in parts.pieces:
        z = function_is_zero(p.expr, x, p.lo, p.hi, a.budget)
        if z.value is not True:
            return None
        methods.append(z.method)
    if any(sp.simplify(v) != 0 for v in parts.values):
        return None
    return weakest(*methods)


@fact("parity", "parity", 260)
def parity(ctx):
    a = ctx.a
    results = {}
    for odd in (True, False):
        name = "odd" if odd else "even"
        ce = _counterexample(a.f, a.x, odd)
        if ce is not None:
            results[name] = (False, Method.CERTIFIED, f"not {name}: f(-{ce[0]}) {'+' if odd else '-'} f({ce[0]}) = {ce[1].decimal(6)}")
            continue
        m = _proof(a, odd)
        if m is not None:
            return Label(name), m, f"f(-x) {'+' if odd else '-'} f(x) ≡ 0 on every piece ({m})"
        results[name] = (None, Method.UNKNOWN, f"{name}: no proof, no counterexample")
    if all(v[0] is False for v in results.values()):
        return Label("neither"), Method.CERTIFIED, "; ".join(v[2] for v in results.values())
    return None, Method.UNKNOWN, "; ".join(v[2] for v in results.values())


@fact("zero_centred", "zero-centred", 220)
def zero_centred(ctx):
    parity_fact, r, f0 = ctx.fact("parity"), ctx.fact("range"), ctx.fact("value_at_0")
    if parity_fact.value is not None and parity_fact.value.name == "odd":
        return Label("odd"), parity_fact.method, "odd: outputs symmetric about 0"
    method = weakest(parity_fact.method, r.method, f0.method)
    if r.value is None or r.value.is_empty or f0.value is None:
        return None, Method.UNKNOWN, "range or f(0) unknown"
    lo, hi = r.value.parts[0].lo, r.value.parts[-1].hi
    both = lo.approx < 0 < hi.approx and lo.certified and hi.certified
    if f0.value.exact is not None and f0.value.exact == 0 and both:
        return Label("both signs"), method, "f(0) = 0 and f takes both signs, but is not odd"
    return Label("no"), method, "f is not odd" + ("" if f0.value.exact == 0 else ", f(0) ≠ 0") + \
        ("" if both else ", f does not take both signs")


def _zero():  # pragma: no cover
    return exact_number(sp.S.Zero)
