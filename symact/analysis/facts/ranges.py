"""Ranges of f and f′, global extrema with the sets where they are attained, boundedness,
and the Lipschitz constant."""
from __future__ import annotations

import sympy as sp

from ...core.methods import Method, weakest
from ...core.values import Extremum, Label, Number, RealSet
from ...numeric.numbers import exact_number
from ...prove.order import compare, union
from ..images import Image, image, numeric_hull
from ..registry import fact


def _image(ctx, k: int) -> Image:
    return ctx.shared(f"image{k}", lambda: image(ctx.a, k))


def _range(ctx, k: int):
    img = _image(ctx, k)
    what = "f" if k == 0 else "f'"
    if img.complete:
        s, m = union(img.parts, ctx.a.budget)
        evidence = (f"per piece: the one-sided limits of {what} at its ends and its values at the interior "
                    f"roots of {'f' if k == 0 else 'f'}{chr(39) * (k + 1)}; breakpoint values")
        if img.evidence:
            evidence += "; " + "; ".join(dict.fromkeys(img.evidence))
        return s, weakest(img.method, m), evidence
    hull = numeric_hull(ctx.a, k, img)
    if hull is None:
        return None, Method.UNKNOWN, "; ".join(img.evidence) or "could not evaluate"
    why = "; ".join(dict.fromkeys(img.evidence)) or "a part could not be bounded"
    return (RealSet((hull,)), Method.NUMERIC,
            f"not proved ({why}): the hull of the values found and of dense 50-digit samples")


@fact("range", "range of f", 130)
def range_of_f(ctx):
    return _range(ctx, 0)


@fact("derivative_range", "range of f'", 140)
def range_of_derivative(ctx):
    return _range(ctx, 1)


def _extremum(ctx, kind: str):
    r = ctx.fact("range")
    if r.value is None or r.value.is_empty:
        return Extremum(kind, "unknown"), Method.UNKNOWN, r.evidence
    part = r.value.parts[0] if kind == "min" else r.value.parts[-1]
    bound = part.lo if kind == "min" else part.hi
    closed = part.lo_closed if kind == "min" else part.hi_closed
    if bound.is_infinite:
        return Extremum(kind, "unbounded", bound), r.method, f"f → {'-' if kind == 'min' else ''}∞"
    if not closed:
        word = "infimum" if kind == "min" else "supremum"
        return Extremum(kind, "not attained", bound), r.method, f"{word} approached, not attained; {r.evidence}"
    img = _image(ctx, 0)
    places, methods = [], []
    for c in img.candidates:
        if not c.attained or c.where is None:
            continue
        k = compare(c.value, bound, ctx.a.budget)
        methods.append(k.method)
        if k.value == 0:
            places.append(c.where)
        elif (k.value is None or not k.method.certain) and c.value.certified and bound.certified \
                and c.value.lo <= bound.hi and bound.lo <= c.value.hi:
            places.append(c.where)  # may be a minimiser: not decided, so the set is not certain
            methods.append(Method.NUMERIC)
    where, m = union(places, ctx.a.budget, img.period) if places else (None, Method.UNKNOWN)
    if where is not None and img.period is not None:
        where = RealSet(where.parts, img.period)
    method = weakest(r.method, m, *methods)
    return Extremum(kind, "attained", bound, where), method, r.evidence


@fact("minimum", "global minimum", 150)
def minimum(ctx):
    return _extremum(ctx, "min")


@fact("maximum", "global maximum", 160)
def maximum(ctx):
    return _extremum(ctx, "max")


@fact("bounded", "bounded", 210)
def bounded(ctx):
    r = ctx.fact("range")
    if r.value is None or r.value.is_empty:
        return None, Method.UNKNOWN, "range unknown"
    below = not r.value.parts[0].lo.is_infinite
    above = not r.value.parts[-1].hi.is_infinite
    name = {(True, True): "bounded", (True, False): "bounded below only", (False, True): "bounded above only",
            (False, False): "unbounded"}[(below, above)]
    return Label(name, {"below": below, "above": above}), r.method, "from the range"


@fact("lipschitz", "Lipschitz constant", 270)
def lipschitz(ctx):
    a = ctx.a
    discontinuous = [j for j in range(len(a.breaks)) if not a.continuous_at(j)]
    if discontinuous:
        methods = [a.continuity[j][1] for j in discontinuous]
        return exact_number(sp.oo), weakest(*methods), "f is discontinuous"
    r = ctx.fact("derivative_range")
    if r.value is None or r.value.is_empty:
        return None, Method.UNKNOWN, "range of f' unknown"
    lo, hi = r.value.parts[0].lo, r.value.parts[-1].hi
    if lo.is_infinite or hi.is_infinite:
        return exact_number(sp.oo), r.method, "f' is unbounded"
    best = _abs_max(lo, hi, a.budget)
    return best, r.method, "sup |f'| over the range of f' (f is continuous and piecewise C^1)"


def _abs_max(lo: Number, hi: Number, budget) -> Number:
    neg = exact_number(-lo.exact) if lo.exact is not None else Number(None, -lo.hi, -lo.lo, lo.certified)
    k = compare(neg, hi, budget)
    return hi if (k.value is None or k.value <= 0) else neg
