r"""Smoothness: C^k from the one-sided derivatives at each breakpoint; inside a piece every
building block is analytic once its requirements hold strictly (denominators non-zero, log and
fractional-power arguments positive), which is proved or certified piece by piece."""
from __future__ import annotations

from ...core import settings
from ...core.methods import Method, weakest
from ...core.values import Breakpoint, Smoothness
from ...numeric.numbers import exact_number
from ...prove.domain import requirements
from ...prove.signs import sign_structure
from ...prove.structural import structural_sign
from ..ingredients import known_number
from ..registry import fact

import sympy as sp

_P = sp.Symbol("p", positive=True)


def _interior(a) -> tuple[bool | None, Method, str]:
    methods = [Method.PROVED]
    for p in a.pieces:
        for base, need in requirements(p.expr, a.x):
            sub = {} if (p.lo.is_infinite and p.hi.is_infinite) else (
                {a.x: p.lo + _P} if p.hi.is_infinite else {a.x: p.hi - _P} if p.lo.is_infinite else None)
            if sub is not None:
                s = structural_sign(base.subs(sub) if sub else base)
                if s == 1 or (need == "nonzero" and s == -1):
                    continue
            structure = sign_structure(base, a.x, p.lo, p.hi, a.budget, a.forms, a.limits)
            good = {1} if need != "nonzero" else {1, -1}
            if structure.roots or structure.constant_sign not in good:
                return None, Method.UNKNOWN, f"{sp.sstr(base)} may vanish on a piece"
            methods.append(structure.method)
    return True, weakest(*methods), "analytic building blocks whose requirements hold strictly on each piece"


@fact("smoothness", "smoothness", 200)
def smoothness(ctx):
    a = ctx.a
    interior, interior_method, note = _interior(a)
    if interior is None:
        return Smoothness(None, False), Method.UNKNOWN, note
    if not a.breaks:
        return Smoothness(None, True), interior_method, note + "; no breakpoints"
    points, methods = [], [interior_method]
    top = settings.SMOOTHNESS_ORDERS - 1
    for j, c in enumerate(a.breaks):
        k, method, lefts, rights = a.continuity[j]
        methods.append(method)
        shown = min(len(lefts), k + 2)
        points.append(Breakpoint(exact_number(c), k, k >= top, exact_number(a.value_at_break(j)),
                                 tuple(known_number(v) for v in lefts[:shown]),
                                 tuple(known_number(v) for v in rights[:shown])))
    worst = min(p.order for p in points)
    return (Smoothness(worst, False, worst >= top, tuple(points)), weakest(*methods),
            note + f"; one-sided limits of f, f', … (up to order {top}) compared at each breakpoint")
