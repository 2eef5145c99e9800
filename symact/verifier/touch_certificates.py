r"""Touch points in covers: where F ≤ c holds with equality at an exact point.

A ``cover`` (:mod:`symact.verifier.certificates`) shows :math:`F \le c` cell by cell, which needs
room: at a point where :math:`F = c` exactly (swish ≥ −W(1/e) at :math:`x = -1 - W(1/e)`; an
attained bound such as :math:`\sup|\text{hard\_swish} - \text{swish}| = 3\sigma(-3)` at the
breakpoint −3) no cell around it can be checked by enclosures alone. Such a point t gets a
**touch cell** [u, v] with :math:`G = c - F`:

* ``convex`` — t inside (u, v), :math:`G'' > 0` on [u, v] and :math:`G(t) = G'(t) = 0`: G is
  convex with its minimum 0 at t, so G ≥ 0 on the cell;
* ``open end`` — t is an open end of the piece where G is not defined (x log x at 0): on the
  half-open cell :math:`G'` has one sign by half-line interval arithmetic (t exact), so G lies
  above its value at the inner end, which arb shows > 0 (≥ 0); no exact zero is involved;
* ``end`` — t is an end of the piece (a breakpoint or the claim's closed end) and one end of the
  cell, G moves away from 0 into the cell (:math:`G' \ge 0` on [t, v], or :math:`G' \le 0` on
  [u, t]) and :math:`G(t) = 0`.

The signs of :math:`G'` and :math:`G''` on the cell are checked with arb (the cell cut into up to
64 parts). That :math:`G(t)` and :math:`G'(t)` are *exactly* 0 is the zero test's symbolic
proof when the build finds the touch; replay encloses them at 2048 bits and requires them within
:math:`10^{-500}` of 0 — a check of the record, so a cover with touch cells replays as
``consistent``, not ``replayed``.
"""
from __future__ import annotations

import sympy as sp
from flint import arb

from ..core import settings
from ..core.budget import Budget
from ..core.symbols import X
from ..numeric.compile import Unsupported, arb_precision, compile_expr
from ..prove.forms import Forms
from ..prove.limits import Limits
from ..prove.signs import sign_structure
from ..prove.zero import constant_is_zero, rational_ball

_PARTS = (1, 4, 16, 64)


def _sign_on(e: sp.Expr, u: sp.Rational, v: sp.Rational, want: int, strict: bool) -> bool:
    """e has the sign ``want`` (≥ / ≤ 0, or > / < 0 when strict) on [u, v] (arb, the cell cut
    into up to 64 parts)."""
    try:
        fn = compile_expr(e, X, "arb")
    except Unsupported:
        return False
    for k in _PARTS:
        ok = True
        with arb_precision(128):
            for j in range(k):
                a, b = u + (v - u) * j / k, u + (v - u) * (j + 1) / k
                try:
                    value = fn(arb.union(rational_ball(a), rational_ball(b))) * want
                except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
                    return False
                if not value.is_finite() or not (value > 0 if strict else value >= 0):
                    ok = False
                    break
        if ok:
            return True
    return False


def near_zero(e: sp.Expr) -> bool:
    """The constant e is within 10⁻⁵⁰⁰ of 0 (arb at 2048 bits)."""
    with arb_precision(2048):
        try:
            value = compile_expr(e, sp.Dummy(), "arb")(arb(0))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return False
        return bool(value.is_finite() and value.contains(0) and value.rad() < arb(10) ** -500)


def _value(t: sp.Expr) -> arb | None:
    with arb_precision(256):
        try:
            return compile_expr(t, sp.Dummy(), "arb")(arb(0))
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
            return None


def _convex_cell(G: sp.Expr, t: sp.Expr) -> list[sp.Rational] | None:
    where = _value(t)
    if where is None or not where.is_finite():
        return None
    second = sp.diff(G, X, 2)
    for k in range(3, 41, 3):
        scale = 2 ** (k + 2)
        u = sp.Rational(int(sp.floor(sp.Rational(where.lower().mid().str(60, radius=False)) * scale)) - 4, scale)
        v = sp.Rational(int(sp.ceiling(sp.Rational(where.upper().mid().str(60, radius=False)) * scale)) + 4, scale)
        if rational_ball(u) < where and where < rational_ball(v) and _sign_on(second, u, v, 1, True):
            return [u, v]
    return None


def _end_cell(G: sp.Expr, t: sp.Rational, side: int) -> list[sp.Rational] | None:
    """side −1: t is the piece's left end, cell [t, t + w] with G' ≥ 0; +1: [t − w, t], G' ≤ 0."""
    first = sp.diff(G, X)
    for k in range(1, 41, 3):
        w = sp.Rational(1, 2**k)
        u, v = (t, t + w) if side < 0 else (t - w, t)
        if _sign_on(first, u, v, 1 if side < 0 else -1, False):
            return [u, v]
    return None


def _open_sign(e: sp.Expr, lo: sp.Rational, hi: sp.Rational, open_side: int, want: int) -> bool:
    """e·want ≥ 0 on (lo, hi] (open_side −1) or [lo, hi) (+1) by half-line interval arithmetic
    with the open end exact (log x on (0, v] is (−∞, log v])."""
    from ..numeric.halfline import XInterval, compile_halfline
    try:
        fn = compile_halfline(e * want, X)
        with arb_precision(128):
            region = XInterval(rational_ball(lo), rational_ball(hi), open_side < 0, open_side > 0)
            out = fn(region)
    except (Unsupported, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return False
    return out.lo is not None and bool(out.lo >= 0)


def _open_end_cell(G: sp.Expr, end: sp.Rational, side: int, strict: bool) -> list[sp.Rational] | None:
    """An open end where G is not defined (x log x at 0): on (end, end + w] G' ≤ 0, so
    G ≥ G(end + w), checked > 0 (≥ 0); mirrored at a right end."""
    first, fn = sp.diff(G, X), compile_expr(G, X, "arb")
    for k in range(1, 41, 3):
        w = sp.Rational(1, 2**k)
        inner = end + w if side < 0 else end - w
        u, v = (end, inner) if side < 0 else (inner, end)
        with arb_precision(128):
            try:
                at = fn(rational_ball(inner))
            except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
                continue
        if at.is_finite() and (at > 0 if strict else at >= 0) and _open_sign(first, u, v, side, 1 if side > 0 else -1):
            return [u, v]
    return None


def find(F: sp.Expr, c: sp.Expr, lo: sp.Expr, hi: sp.Expr, a: sp.Rational, b: sp.Rational,
         strict: bool = False) -> list[dict] | None:
    """Touch cells for F ≤ c (F < c when strict: open ends only) on the piece (lo, hi) whose
    window is [a, b], sorted; None when a point where F may equal c, or an open end where F is
    not defined, cannot be given one (or F > c somewhere)."""
    G = c - F
    budget = Budget(settings.USER_STEPS, settings.CALL_STEPS)
    out = []
    for end, side, edge in ((lo, -1, a), (hi, 1, b)):
        if end.is_finite and end == edge and end.is_Rational and not _defined_at(G, end):
            cell = _open_end_cell(G, end, side, strict)
            if cell is None:
                return None
            out.append({"at": sp.sstr(end), "cell": [sp.sstr(cell[0]), sp.sstr(cell[1])], "how": "open end"})
    if strict:
        return sorted(out, key=lambda d: sp.Rational(d["cell"][0])) or None
    st = sign_structure(G, X, lo, hi, budget, Forms(budget), Limits(X, budget))
    if not st.decided or any(s is not None and s < 0 for s in st.signs) or st.period is not None:
        return None
    for r in st.roots:
        if r.change != "++" or r.exact is None:
            return None
        cell = _convex_cell(G, r.exact)
        if cell is None:
            return None
        out.append({"at": sp.sstr(r.exact), "cell": [sp.sstr(cell[0]), sp.sstr(cell[1])], "how": "convex"})
    for end, side, edge in ((lo, -1, a), (hi, 1, b)):
        if not end.is_finite or end != edge or any(t["at"] == sp.sstr(end) for t in out):
            continue
        z = constant_is_zero(G.subs(X, end), budget)
        if z.value is not True:
            continue
        if not z.method.certain:
            return None
        cell = _end_cell(G, end, side)
        if cell is None:
            return None
        out.append({"at": sp.sstr(end), "cell": [sp.sstr(cell[0]), sp.sstr(cell[1])], "how": "end"})
    cells = sorted(out, key=lambda d: sp.Rational(d["cell"][0]))
    for first, second in zip(cells, cells[1:]):
        if sp.Rational(first["cell"][1]) > sp.Rational(second["cell"][0]):
            return None
    return cells


def _defined_at(G: sp.Expr, t: sp.Rational) -> bool:
    with arb_precision(128):
        try:
            return compile_expr(G, X, "arb")(rational_ball(t)).is_finite()
        except (Unsupported, ValueError, ZeroDivisionError, OverflowError):
            return False


def check(F: sp.Expr, c: sp.Expr, touch: dict, lo: sp.Expr, hi: sp.Expr, exact, strict: bool = False) -> bool:
    """Replay of one touch cell (``exact`` reads a recorded number with the restricted parser)."""
    G = c - F
    t = exact(touch["at"])
    u, v = (exact(e) for e in touch["cell"])
    if not (u.is_Rational and v.is_Rational and u < v):
        return False
    if touch["how"] == "open end":  # G' of one sign on the half-open cell, G > 0 (≥ 0) at its inner end
        fn = compile_expr(G, X, "arb")
        side = -1 if (t == lo and u == t) else 1 if (t == hi and v == t) else 0
        if side == 0:
            return False
        inner = v if side < 0 else u
        with arb_precision(128):
            at = fn(rational_ball(inner))
        return bool(at.is_finite() and (at > 0 if strict else at >= 0)
                    and _open_sign(sp.diff(G, X), u, v, side, 1 if side > 0 else -1))
    if strict:
        return False
    if not near_zero(G.subs(X, t)):
        return False
    if touch["how"] == "convex":
        where = _value(t)
        return (where is not None and bool(rational_ball(u) < where) and bool(where < rational_ball(v))
                and near_zero(sp.diff(G, X).subs(X, t)) and _sign_on(sp.diff(G, X, 2), u, v, 1, True))
    if touch["how"] == "end":
        first = sp.diff(G, X)
        if t == lo and u == t:
            return _sign_on(first, u, v, 1, False)
        if t == hi and v == t:
            return _sign_on(first, u, v, -1, False)
    return False


__all__ = ["check", "find", "near_zero"]
