"""Limits of f and f′ at ±∞, asymptotes and saturation."""
from __future__ import annotations

import sympy as sp

from ...core.methods import Method, weakest
from ...core.values import Asymptote, Label
from ..ingredients import known_number
from ..registry import fact


def _limit(ctx, direction: int, k: int):
    a = ctx.a
    i = 0 if direction < 0 else len(a.pieces) - 1
    if not a.derivative(i, k).has(a.x):
        return known_number(a.limit(direction, k)), Method.PROVED, "f^(k) is constant on the tail"
    structure = a.signs(i, k + 1)
    if structure.period is not None and any(r.changes_sign for r in structure.roots):
        return (Label("does not exist", {"reason": "periodic and not constant"}), structure.method,
                f"f^({k}) is periodic (period {sp.sstr(structure.period)}) and changes direction")
    lim = a.limit(direction, k)
    return known_number(lim), lim.method, lim.evidence


@fact("limit_-oo", "lim f, x→-∞", 70)
def limit_minus(ctx):
    return _limit(ctx, -1, 0)


@fact("limit_+oo", "lim f, x→+∞", 80)
def limit_plus(ctx):
    return _limit(ctx, 1, 0)


@fact("derivative_limit_-oo", "lim f', x→-∞", 90)
def derivative_limit_minus(ctx):
    return _limit(ctx, -1, 1)


@fact("derivative_limit_+oo", "lim f', x→+∞", 100)
def derivative_limit_plus(ctx):
    return _limit(ctx, 1, 1)


def _asymptote(ctx, direction: int):
    a = ctx.a
    side = "-" if direction < 0 else "+"
    lim = ctx.fact(f"limit_{side}oo")
    if lim.value is None or isinstance(lim.value, Label):
        return Asymptote("none", reason="f has no limit"), lim.method, lim.evidence
    if not lim.value.is_infinite:
        return Asymptote("horizontal", intercept=lim.value), lim.method, lim.evidence
    slope = ctx.fact(f"derivative_limit_{side}oo")
    if slope.value is None or isinstance(slope.value, Label) or slope.value.is_infinite or \
            (slope.value.exact is not None and slope.value.exact == 0):
        reason = "f grows faster than linearly" if (slope.value is not None and not isinstance(slope.value, Label)
                                                    and slope.value.is_infinite) else \
            "f grows slower than linearly" if (slope.value is not None and not isinstance(slope.value, Label)
                                               and slope.value.exact == 0) else "f' has no limit"
        return Asymptote("none", reason=reason), weakest(lim.method, slope.method), slope.evidence
    if slope.value.exact is None:
        return Asymptote("none", reason="the slope is only known numerically"), Method.NUMERIC, slope.evidence
    i = 0 if direction < 0 else len(a.pieces) - 1
    intercept = a.limits.at_infinity(a.pieces[i].expr - slope.value.exact * a.x, direction)
    method = weakest(lim.method, slope.method, intercept.method)
    n = known_number(intercept)
    if n is None or n.is_infinite:
        return Asymptote("none", slope=slope.value, reason="no finite intercept"), method, intercept.evidence
    return (Asymptote("oblique", slope.value, n), method,
            "slope = lim f' (l'Hôpital, f → ±∞); intercept = lim (f - slope·x)")


@fact("asymptote_-oo", "asymptote at -∞", 110)
def asymptote_minus(ctx):
    return _asymptote(ctx, -1)


@fact("asymptote_+oo", "asymptote at +∞", 120)
def asymptote_plus(ctx):
    return _asymptote(ctx, 1)


@fact("saturation", "saturating", 230)
def saturation(ctx):
    a = ctx.a
    parts, methods = {}, []
    for direction, name in ((-1, "left"), (1, "right")):
        lim = ctx.fact(f"derivative_limit_{'-' if direction < 0 else '+'}oo")
        methods.append(lim.method)
        tail = a.pieces[0 if direction < 0 else -1]
        if not tail.expr.has(a.x):
            kind = "hard"
        elif lim.value is None or isinstance(lim.value, Label):
            kind = "unknown" if lim.value is None else "no"
        elif lim.value.exact is not None and lim.value.exact == 0:
            kind = "soft"
        else:
            kind = "no"
        parts[name] = kind
        parts[f"{name}_slope"] = lim.value if not isinstance(lim.value, Label) else None
    method = weakest(*methods) if "unknown" not in parts.values() else Method.UNKNOWN
    return Label("saturation", parts), method, "hard: f constant on the tail; soft: f' → 0; no: f' → a non-zero slope"
