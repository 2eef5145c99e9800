r"""Rigorous enclosures of a function over a half-line, where plain interval arithmetic sees
∞·0 (x·Φ(x) at −∞, x·σ(−2u) at +∞).

On the tail x = d·t, t ≥ R (d = ±1):

1. **Complements.** Every σ(u), Φ(u), erf(u), erfc(u), tanh(u), softplus(u) whose argument is
   positive on the whole tail is rewritten through its exact complement
   (σ(u) = 1 − σ(−u), Φ(u) = 1 − Φ(−u), erf(u) = 1 − erfc(u), erfc(u) = 2 − erfc(−u),
   tanh(u) = 1 − 2σ(−2u), softplus(u) = u + softplus(−u)), and tanh, erf, erfc of arguments
   negative on the tail likewise (tanh(w) = 2σ(2w) − 1); these are identities, so any
   choice is sound. After ``expand`` the parts that do not decay cancel exactly (GELU minus
   its tanh form becomes −tΦ(−t) + tσ(−2u)).
2. **Majorants.** Each remaining term is a product P(t)·∏ Dᵢ of a factor P free of the
   decaying atoms and atoms Dᵢ with argument v < 0 on the tail (certified by half-line interval
   arithmetic), bounded by classical inequalities:
   σ(v) ≤ eᵛ, softplus(v) ≤ eᵛ, Φ(v) ≤ φ(v)/|v| (v < 0, Mills' ratio), erfc(w) ≤ e^{−w²}/(w√π)
   (w > 0), eᵛ itself; and around an atom tending to 0: |tanh(D)| ≤ |D|, |sin(D)| ≤ |D|,
   |atan(D)| ≤ |D|, |erf(D)| ≤ 2|D|/√π, 0 ≤ log(1 + D) ≤ D (D ≥ 0).
3. **Monotone majorant.** M(t) = |P(t)|·∏ bounds is positive; when d/dt log M(t) < 0 on the
   whole tail (half-line interval arithmetic again), M is decreasing, so |term(t)| ≤ M(R).

The result: f(x) ∈ [rest] + [−Σ Mᵢ(R), Σ Mᵢ(R)] for all x on the tail, where ``rest`` (the
non-decaying part, often exactly 0) is enclosed by half-line interval arithmetic.
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ..core.vocabulary import Phi, phi, sigmoid, softplus
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..numeric.halfline import XInterval, compile_halfline

_T = sp.Symbol("t_tail", positive=True)


def _enclosure(expr: sp.Expr, R: float) -> XInterval | None:
    try:
        with arb_precision(128):
            return compile_halfline(expr, _T)(XInterval.from_ray(arb(R), 1))
    except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError, RecursionError):
        return None


def _sign(expr: sp.Expr, R: float) -> int | None:
    if not expr.has(_T):
        v = sp.sign(sp.N(expr, 50)) if expr.is_number else None
        return int(v) if v in (1, -1) else None
    enc = _enclosure(expr, R)
    return enc.sign() if enc is not None else None


def _unbounded(expr: sp.Expr, R: float) -> int | None:
    """+1 when expr is positive and unbounded above on the tail (it may tend to +∞), -1 when
    negative and unbounded below; ``None`` otherwise (a bounded argument is left alone)."""
    if not expr.has(_T):
        return None
    enc = _enclosure(expr, R)
    if enc is None:
        return None
    s = enc.sign()
    if s == 1 and enc.hi is None:
        return 1
    if s == -1 and enc.lo is None:
        return -1
    return None


def _complements(e: sp.Expr, R: float) -> sp.Expr:
    """Rewrite functions of arguments that grow without bound on the tail through their
    complements, so that what is left decays."""
    def rule(node):
        if not node.args:
            return node
        args = [rule(a) for a in node.args]
        node = node.func(*args) if args != list(node.args) else node
        if isinstance(node, (sigmoid, Phi, sp.erf, sp.erfc, sp.tanh, softplus)) and _unbounded(node.args[0], R) == 1:
            u = node.args[0]
            if isinstance(node, sigmoid):
                return 1 - sigmoid(-u)
            if isinstance(node, Phi):
                return 1 - Phi(-u)
            if isinstance(node, sp.erf):
                return 1 - sp.erfc(u)
            if isinstance(node, sp.tanh):
                return 1 - 2 * sigmoid(-2 * u)
            if isinstance(node, softplus):
                return u + softplus(-u)
        if isinstance(node, (sp.erfc, sp.erf, sp.tanh)) and _unbounded(node.args[0], R) == -1:
            w = node.args[0]
            if isinstance(node, sp.erfc):
                return 2 - sp.erfc(-w)
            if isinstance(node, sp.erf):
                return sp.erfc(-w) - 1
            return 2 * sigmoid(2 * w) - 1
        return node
    return rule(e)


def _decaying_bound(atom: sp.Expr, R: float) -> sp.Expr | None:
    """A positive elementary majorant of the atom over the tail, or ``None``."""
    if isinstance(atom, sp.exp):
        return atom if _sign(atom.args[0], R) == -1 else None
    if not atom.args:
        return None
    v = atom.args[0]
    if isinstance(atom, (sigmoid, softplus)):
        return sp.exp(v) if _sign(v, R) == -1 else None
    if isinstance(atom, Phi):
        return sp.exp(-v**2 / 2) / (sp.sqrt(2 * sp.pi) * (-v)) if _sign(v, R) == -1 else None
    if isinstance(atom, phi):
        return sp.exp(-v**2 / 2) / sp.sqrt(2 * sp.pi) if _sign(v, R) in (1, -1) else None
    if isinstance(atom, sp.erfc):
        return sp.exp(-v**2) / (v * sp.sqrt(sp.pi)) if _sign(v, R) == 1 else None
    if isinstance(atom, sp.log):  # 0 ≤ log(1 + D) ≤ D for D ≥ 0
        inner = sp.expand(v - 1)
        return _majorant(inner, R) if _sign(inner, R) == 1 else None
    if isinstance(atom, (sp.tanh, sp.sin, sp.atan, sp.erf)):
        inner = _majorant(v, R)
        if inner is None:
            return None
        return inner * (2 / sp.sqrt(sp.pi) if isinstance(atom, sp.erf) else 1)
    return None


def _majorant(term: sp.Expr, R: float) -> sp.Expr | None:
    """A positive majorant of |term| on the tail made of |P| and atom bounds, or ``None``
    when the term has no decaying atom (it belongs to the rest)."""
    factors = sp.Mul.make_args(term)
    plain, bounds = [], []
    for f in factors:
        base, power = f.as_base_exp() if isinstance(f, sp.Pow) else (f, sp.S.One)
        b = _decaying_bound(base, R) if (base.has(_T) and base.func is not sp.Pow) else None
        if b is not None and power.is_Integer and power > 0:
            bounds.append(b ** power)
        elif _has_atom(f):
            return None
        else:
            plain.append(f)
    if not bounds:
        return None
    P = sp.Mul(*plain)
    s = _sign(P, R)
    if s is None:
        return None
    return s * P * sp.Mul(*bounds)


def _has_atom(e: sp.Expr) -> bool:
    return any(isinstance(a, (sigmoid, softplus, Phi, phi, sp.erfc, sp.exp)) and a.has(_T)
               for a in sp.preorder_traversal(e))


def tail_enclosure(e: sp.Expr, x: sp.Symbol, R: float, direction: int):
    """``(lo, hi, how, lo_strict, hi_strict)``: exact arb bounds of e over x = direction·t,
    t ≥ R, or ``None``. A decaying term whose sign is certified on the tail (−softplus(−t) < 0)
    only widens the bound on its own side; an end is strict (not attained) when every term
    that reaches it is strictly of one sign and the rest is a constant."""
    if R <= 1:
        return None
    try:
        et = e.subs(x, direction * _T)
        rewritten = sp.expand(_complements(et, R))
    except (TypeError, ValueError, RecursionError):
        return None
    rest, below, above = [], sp.S.Zero, sp.S.Zero  # Σ M over terms that may be negative / positive
    signs = []
    for term in sp.Add.make_args(rewritten):
        M = _majorant(term, R)
        if M is None:
            rest.append(term)
            continue
        try:
            slope = sp.diff(sp.expand_log(sp.log(M), force=True), _T)
        except (TypeError, ValueError):
            return None
        if _sign(slope, R) != -1:
            return None
        at_R = M.subs(_T, R)
        sign = _sign(term, R)
        signs.append(sign)
        if sign != 1:
            below += at_R
        if sign != -1:
            above += at_R
    rest_expr = sp.Add(*rest)
    with arb_precision(256):
        try:
            low = compile_expr(below, x, "arb")(arb(0)) if below != 0 else arb(0)
            high = compile_expr(above, x, "arb")(arb(0)) if above != 0 else arb(0)
        except (Unsupported, ValueError, ZeroDivisionError):
            return None
        if not (low.is_finite() and high.is_finite()):
            return None
        constant_rest = not rest_expr.has(_T)
        if rest_expr == 0:
            lo_b, hi_b = arb(0), arb(0)
        elif constant_rest:
            try:
                c = compile_expr(rest_expr, x, "arb")(arb(0))
            except (Unsupported, ValueError, ZeroDivisionError):
                return None
            lo_b, hi_b = c.lower(), c.upper()
        else:
            enc = _enclosure(rest_expr, R)
            if enc is None or enc.lo is None or enc.hi is None:
                return None
            lo_b, hi_b = enc.lo, enc.hi
        lo, hi = lo_b - low.upper(), hi_b + high.upper()
        lo_end, hi_end = lo.lower(), hi.upper()
    exact_rest = constant_rest and lo_b == hi_b
    hi_strict = exact_rest and bool(signs) and all(s_ == -1 for s_ in signs)
    lo_strict = exact_rest and bool(signs) and all(s_ == 1 for s_ in signs)
    how = (f"exact complements, then {len(signs)} decaying term(s) bounded by monotone majorants "
           f"(σ(v) ≤ eᵛ, Φ(v) ≤ φ(v)/|v|, …) from |x| = {R:g}")
    return lo_end, hi_end, how, lo_strict, hi_strict
