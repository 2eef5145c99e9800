r"""Checks for the certificates of limits, open ranges, smoothness, ``iff`` claims, parameter
limits and signs proved from the structure of an expression (see
:mod:`symact.verifier.certificate_kinds` and :mod:`symact.verifier.box_certificates`).

* :func:`converges`: f at exact points approaching the limit point, **chosen here** (never read
  from a certificate): x = ±10^k (k = 2, 4, …, 64) at ±∞, c ∓ 2^−k (k = 8, 16, …, 128) at a finite
  c, enclosed with arb (1024 bits, 4096 when the ball is wide). For a finite L, |f − L| must be
  below 10^−12·(1 + |L|) at the last point and still shrinking there (halved since the point
  before, or below 10^−40·(1 + |L|)), so a wrong L fails; for L = ±∞ the values must grow
  (fall) at every point and pass ±10^6. Where half-line interval arithmetic encloses f − L over
  [10^8, ∞) within ±10^−6 that bound is rigorous and is named in the detail. Numeric evidence of
  a limit, not a proof: certificates resting on it replay as ``consistent``.
* :func:`analytic_tree`: the expression tree uses only numbers, x, the allowed parameters,
  + × ^ and functions analytic on ℝ (exp, sin, cos, sinh, cosh, tanh, atan, asinh, erf, erfc,
  sigmoid, softplus, Phi, phi, sinc) or analytic where a requirement holds (log, LambertW, tan,
  powers: :func:`symact.prove.domain.requirements`, checked by the caller).
* :func:`structural_sign`: the sign of an expression from its tree alone, given the signs of
  its symbols: sums of terms of one sign, products, powers of a positive base, exp, sigmoid,
  softplus, Phi, phi, cosh (positive), tanh, sinh, atan, asinh, erf (the sign of their
  argument), log a (the sign of a − 1; negative only when a > 0 too). A real proof when it
  answers.
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ..core.symbols import X
from ..core.vocabulary import VOCABULARY
from ..numeric.compile import Unsupported, arb_precision, compile_expr

_FAR = (2, 4, 8, 16, 32, 64)
_NEAR = (8, 16, 32, 64, 128)


def ball(e: sp.Expr, t: sp.Expr, var: sp.Symbol = X) -> arb | None:
    """e at the exact point var = t (arb, 1024 bits, 4096 when the ball is wide), or None."""
    out = None
    for bits in (1024, 4096):
        with arb_precision(bits):
            try:
                fn = compile_expr(e, var, "arb")
                point = arb(int(t.p)) / int(t.q) if t.is_Rational else compile_expr(t, var, "arb")(arb(0))
                v = fn(point)
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
                return None
        if not isinstance(v, arb) or not v.is_finite():
            return out
        out = v
        if v.rad() < arb(10) ** -60 * (1 + abs(v.mid())):
            return v
    return out


def approach(point: sp.Expr, side: str) -> list[sp.Expr]:
    """The exact points replay uses to approach ``point`` from ``side`` ('-' from below)."""
    if point is sp.oo:
        return [sp.Integer(10) ** k for k in _FAR]
    if point is sp.S.NegativeInfinity:
        return [-sp.Integer(10) ** k for k in _FAR]
    sign = -1 if side == "-" else 1
    return [point + sign * sp.Rational(1, 2 ** k) for k in _NEAR]


def converges(e: sp.Expr, point: sp.Expr, side: str, L: sp.Expr, var: sp.Symbol = X,
              admissible=None) -> str | None:
    """A line saying what was checked when e → L as var → point from ``side``, else None.
    ``admissible(t)`` must hold at every point used (inside the piece, a parameter's condition)."""
    pts = approach(point, side)
    if admissible is not None and not all(admissible(t) for t in pts):
        return None
    values = [ball(e, t, var) for t in pts]
    if any(v is None for v in values):
        return None
    where = _where(point, side, var)
    if L.is_infinite:
        sign = 1 if L is sp.oo else -1
        lows = [(sign * v).lower() for v in values]
        if not all(bool(b > a) for a, b in zip(lows, lows[1:])) or not bool(lows[-1] > 10**6):
            return None
        return f"f → {sp.sstr(L)} as {where}: arb at {_shown(point, side, var)} gives values that grow past {'' if sign > 0 else '-'}10^6"
    target = _const(L)
    if target is None:
        return None
    scale = 1 + abs(target.mid())
    errs = [abs(v - target).upper() for v in values]
    last, before = errs[-1], errs[-2]
    if not bool(last < arb(10) ** -12 * scale):
        return None
    if not bool(last < arb(10) ** -40 * scale) and not (bool(2 * last <= before) and bool(before <= errs[-3])):
        return None
    line = (f"f → {sp.sstr(L)} as {where}: arb at {_shown(point, side, var)} gives |f - L| ≤ {_tiny(last)} "
            "at the last point, shrinking")
    rigorous = _halfline(e - L, point, var) if point.is_infinite else None
    return line + (f"; {rigorous}" if rigorous else "")


def _where(point, side, var) -> str:
    name = var.name
    if point.is_infinite:
        return f"{name} → {sp.sstr(point)}"
    return f"{name} → {sp.sstr(point)}{'-' if side == '-' else '+'}"


def _shown(point, side, var) -> str:
    name = var.name
    if point.is_infinite:
        sign = "" if point is sp.oo else "-"
        return f"{name} = {sign}10^2, {sign}10^4, …, {sign}10^64"
    sign = "-" if side == "-" else "+"
    return f"{name} = {sp.sstr(point)} {sign} 2^-8, …, {sp.sstr(point)} {sign} 2^-128"


def _tiny(v: arb) -> str:
    return "1e-300" if bool(v < arb(10) ** -300) else v.str(3, radius=False)


def _const(c: sp.Expr) -> arb | None:
    try:
        with arb_precision(1024):
            v = compile_expr(sp.sympify(c), X, "arb")(arb(0))
    except (Unsupported, ValueError, ZeroDivisionError, TypeError, OverflowError):
        return None
    return v if isinstance(v, arb) and v.is_finite() else None


def _halfline(g: sp.Expr, point: sp.Expr, var: sp.Symbol) -> str | None:
    """|g| ≤ ε on the ray beyond 10^8 by half-line interval arithmetic (rigorous), else None."""
    from ..numeric.halfline import compile_halfline
    from ..prove.tails import ray
    direction = 1 if point is sp.oo else -1
    with arb_precision(256):
        try:
            enc = compile_halfline(g, var)(ray(10**8, direction))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError, AttributeError):
            return None
    if enc is None or enc.lo is None or enc.hi is None or not (enc.lo.is_finite() and enc.hi.is_finite()):
        return None
    eps = max(abs(enc.lo).upper(), abs(enc.hi).upper())
    if not bool(eps < arb(10) ** -6):
        return None
    return (f"rigorous: |f - L| ≤ {_tiny(eps)} for every {var.name} {'≥ ' if direction > 0 else '≤ -'}10^8 "
            "(half-line interval arithmetic)")


# -- analytic pieces --------------------------------------------------------------------------------

_ENTIRE = {"exp", "sin", "cos", "sinh", "cosh", "tanh", "atan", "asinh", "erf", "erfc", *VOCABULARY}
_WITH_REQUIREMENT = {"log", "LambertW", "tan"}


def analytic_tree(e: sp.Expr, symbols=()) -> str | None:
    """None when e is built from numbers, x, the given symbols, + × ^ and analytic functions
    (those with a requirement only where it holds: the caller checks it); else the reason."""
    allowed = {X, *symbols}
    for node in sp.preorder_traversal(e):
        if isinstance(node, (sp.Integer, sp.Rational)) or node in (sp.pi, sp.E):
            continue
        if isinstance(node, sp.Symbol):
            if node not in allowed and node.name not in {s.name for s in allowed}:
                return f"the symbol {node.name} is not x or a parameter"
            continue
        if isinstance(node, (sp.Add, sp.Mul, sp.Pow)):
            continue
        if isinstance(node, sp.Function):
            name = type(node).__name__
            if (name in _ENTIRE or name in _WITH_REQUIREMENT) and _known(node):
                continue
            return f"{name} is not on the list of analytic building blocks"
        return f"a {type(node).__name__} node is not on the list of analytic building blocks"
    return None


def _known(node) -> bool:
    """node's function is the vocabulary's or SymPy's function of that name (not a look-alike)."""
    name = type(node).__name__
    return VOCABULARY.get(name) is node.func or getattr(sp, name, None) is node.func


# -- structural signs ---------------------------------------------------------------------------------

_POSITIVE_FNS = {"exp", "sigmoid", "softplus", "Phi", "phi", "cosh"}
_ODD_INCREASING = {"tanh", "sinh", "atan", "asinh", "erf"}


def structural_sign(e: sp.Expr, signs: dict[str, tuple[int, bool]]) -> tuple[int, bool] | None:
    """``(s, strict)``: e > 0 (1, True), e ≥ 0 (1, False), e < 0 (-1, True), e ≤ 0 (-1, False),
    e = 0 (0, True), from the tree of e and the signs of its symbols (by name), else None."""
    if e.is_Rational:
        return (0, True) if e == 0 else (1 if e > 0 else -1, True)
    if e in (sp.pi, sp.E):
        return 1, True
    if isinstance(e, sp.Symbol):
        return signs.get(e.name)
    if e.is_number and not e.free_symbols:
        v = _const(e)
        if v is not None and (v > 0 or v < 0):
            return (1 if v > 0 else -1), True
        return None
    if isinstance(e, sp.Add):
        parts = [structural_sign(a, signs) for a in e.args]
        if any(p is None for p in parts):
            return None
        nonzero = [p for p in parts if p[0] != 0]
        if not nonzero:
            return 0, True
        s = nonzero[0][0]
        if any(p[0] != s for p in nonzero):
            return None
        return s, any(p[1] for p in nonzero)
    if isinstance(e, sp.Mul):
        s, strict = 1, True
        for a in e.args:
            p = structural_sign(a, signs)
            if p is None:
                return None
            if p[0] == 0:
                return 0, True
            s, strict = s * p[0], strict and p[1]
        return s, strict
    if isinstance(e, sp.Pow):
        base, ex = structural_sign(e.base, signs), e.exp
        if base is None:
            return None
        if base == (1, True):
            return 1, True
        if ex.is_Integer:
            if ex < 0 and not base[1]:
                return None
            if base[0] == 0:
                return (0, True) if ex > 0 else None
            if int(ex) % 2 == 0:
                return 1, base[1]
            return base
        return None
    if isinstance(e, sp.Function) and len(e.args) == 1:
        name = type(e).__name__
        if name in _POSITIVE_FNS and _known(e):
            return 1, True
        if name in _ODD_INCREASING and _known(e):
            return structural_sign(e.args[0], signs)
        if name == "log" and e.func is sp.log:  # log a has the sign of a - 1 (a ≥ 1 > 0: defined)
            shifted = structural_sign(sp.Add(e.args[0], -1), signs)
            if shifted is not None and (shifted[0] >= 0 or structural_sign(e.args[0], signs) == (1, True)):
                return shifted
    return None


__all__ = ["analytic_tree", "approach", "ball", "converges", "structural_sign"]
