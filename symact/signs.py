r"""Where is a function positive, negative or zero? Certified, where possible, with arb balls.

:func:`sign_structure` answers for one smooth piece :math:`g` on an interval:

* On a bounded window it runs **branch and bound**: evaluate :math:`g` on a ball covering a
  cell; if the ball excludes 0 the sign on the whole cell is *certified*; otherwise split.
  Undecided cells that shrink below a tolerance are grouped into clusters.
* A cluster between cells of opposite certified sign contains a root (intermediate value
  theorem; :math:`g` is continuous on a piece). It is then **refined by bisection** with
  certified signs at the midpoints until the enclosure is :math:`<10^{-32}` wide. If
  :math:`g'` (when given) excludes 0 on the cluster, the root is also certified *unique*.
* Outside the window, on infinite pieces, :math:`g` is **sampled** at geometrically spaced
  points up to :math:`|x| = 10^4`; a tail is therefore only ever ``numeric``.

The structure is ``certified`` when the piece is bounded and every cell was decided.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import mpmath
import sympy as sp
from flint import arb, ctx

from .evaluate import Unsupported, compile_expr
from .facts import Method

WINDOW = 20.0
TAIL_LIMIT = 1.0e4
_MAX_CELLS = 6000


@dataclass(frozen=True)
class Root:
    """A zero of :math:`g`: enclosure ``[lo, hi]`` (mpmath numbers) and the sign change seen."""

    lo: mpmath.mpf
    hi: mpmath.mpf
    change: str  # "-+", "+-", "0" (touches zero without changing sign), "?"
    certified: bool  # existence certified (sign change or exact zero)
    unique: bool  # exactly one zero in the enclosure (certified)
    exact: sp.Expr | None = None

    @property
    def approx(self) -> mpmath.mpf:
        with mpmath.workdps(45):
            return (self.lo + self.hi) / 2


@dataclass
class SignStructure:
    """Signs of :math:`g` on a piece, left to right: roots, signs between them, how known."""

    lo: sp.Expr
    hi: sp.Expr
    roots: list[Root] = field(default_factory=list)
    signs: list[int] = field(default_factory=list)  # sign before roots[0], between, after last
    method: Method = Method.CERTIFIED
    evidence: str = ""
    tail_sign_changes: int = 0

    @property
    def oscillating(self) -> bool:
        return self.tail_sign_changes > 0


def _ball(u: float, v: float) -> arb:
    return arb.union(arb(u), arb(v))


def _sign(value: arb) -> int | None:
    try:
        if value > 0:
            return 1
        if value < 0:
            return -1
        if value.is_zero():
            return 0
    except (TypeError, ValueError):
        pass
    return None


def _safe(g, ball: arb):
    try:
        value = g(ball)
    except (ZeroDivisionError, ValueError, Unsupported, OverflowError):
        return None
    if not isinstance(value, arb) or not value.is_finite():
        return None
    return value


def _sign_with_precisions(g, make_ball, precisions) -> int | None:
    """The certified sign of ``g(make_ball())``, trying each working precision in turn."""
    old = ctx.prec
    try:
        for prec in precisions:
            ctx.prec = prec
            value = _safe(g, make_ball())
            s = None if value is None else _sign(value)
            if s is not None:
                return s
        return None
    finally:
        ctx.prec = old


def _point_sign(g, point, precisions=(64, 160, 400)) -> int | None:
    return _sign_with_precisions(g, lambda: point if isinstance(point, arb) else arb(point), precisions)


def window_of(lo: sp.Expr, hi: sp.Expr, width: float = WINDOW) -> tuple[float, float]:
    """The bounded part of ``[lo, hi]`` searched rigorously."""
    a = -width if lo is sp.S.NegativeInfinity else float(lo)
    b = width if hi is sp.oo else float(hi)
    if lo is sp.S.NegativeInfinity and a >= b:
        a = b - width
    if hi is sp.oo and b <= a:
        b = a + width
    return a, b


def sign_structure(expr: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr,
                   derivative: sp.Expr | None = None) -> SignStructure:
    """Certified (where possible) sign structure of ``expr`` on the piece ``(lo, hi)``."""
    out = SignStructure(lo, hi)
    try:
        g = compile_expr(expr, x, "arb")
        dg = compile_expr(derivative, x, "arb") if derivative is not None else None
    except Unsupported as exc:
        out.method, out.evidence = Method.UNKNOWN, f"cannot evaluate: {exc}"
        return out
    a, b = window_of(lo, hi)
    cells, exhausted = _branch_and_bound(g, a, b)
    runs = _runs(cells)
    undecided = 0
    signs: list[int] = []
    for kind, u, v in runs:
        if kind in (1, -1):
            if not signs:
                signs.append(kind)
            elif signs[-1] != kind:
                # adjacent certified cells of opposite sign share an endpoint: exact zero there
                out.roots.append(_refine(g, dg, u, u, signs[-1], kind))
                signs.append(kind)
            continue
        # an undecided cluster between u and v
        left = signs[-1] if signs else _point_sign(g, u)
        right_kind = _next_sign(runs, (kind, u, v))
        right = right_kind if right_kind is not None else _point_sign(g, v)
        if not signs and left in (1, -1):  # a zero exactly at the piece's end is no sign
            signs.append(left)
        root = _resolve_cluster(g, dg, u, v, left, right)
        if root is None:
            undecided += 1
            continue
        out.roots.append(root)
        if root.change in ("-+", "+-"):
            signs.append(right)
    out.signs = signs or [0]
    for end, edge, direction in ((lo, a, -1), (hi, b, 1)):
        if end.is_infinite:
            inner = (signs[0] if direction < 0 else signs[-1]) if signs else None
            out.tail_sign_changes += _sample_tail(g, edge, direction, inner)
    bounded = lo.is_finite and hi.is_finite
    uncertain = undecided or exhausted or any(not r.certified for r in out.roots)
    out.method = Method.CERTIFIED if bounded and not uncertain else Method.NUMERIC
    parts = [f"signs certified by arb branch and bound on [{a:g}, {b:g}]"]
    if undecided or exhausted:
        parts.append(f"{undecided} undecided region(s)")
    if not bounded:
        parts.append("tails sampled to |x| = 1e4" + (f" ({out.tail_sign_changes} sign changes beyond)" if out.tail_sign_changes else ""))
    out.evidence = "; ".join(parts)
    return out


def _branch_and_bound(g, a: float, b: float, tol: float = 1e-7):
    """Cells of [a, b] with certified signs (or undecided below ``tol``), left to right.

    A cell whose 64-bit ball is narrow yet straddles 0 has a precision problem (a far tail such
    as 1 + tanh(-300)); it is retried at 2048 bits, and its sub-cells inherit that precision."""
    cells: list[tuple[float, float, int | None]] = []
    queue = deque([(a, b, LOW_PRECISION)])  # breadth first: a hard spot cannot starve the rest
    count = 0
    exhausted = False
    while queue:
        u, v, prec = queue.popleft()
        count += 1
        s, narrow = _cell_sign(g, u, v, prec)
        if s is None and narrow and prec == LOW_PRECISION:
            prec = HIGH_PRECISION
            s, narrow = _cell_sign(g, u, v, prec)
        if s in (1, -1):
            cells.append((u, v, s))
        elif s == 0 and u == v:
            cells.append((u, v, 0))
        elif v - u < tol * max(1.0, abs(u)) or count > _MAX_CELLS:
            exhausted = exhausted or count > _MAX_CELLS
            cells.append((u, v, None))
        else:
            m = (u + v) / 2
            queue.append((u, m, prec))
            queue.append((m, v, prec))
    cells.sort()
    return cells, exhausted


LOW_PRECISION, HIGH_PRECISION = 64, 2048


def _cell_sign(g, u: float, v: float, prec: int) -> tuple[int | None, bool]:
    """(certified sign of g on [u, v] or None, whether the ball was narrow: radius < 1e-12)."""
    old = ctx.prec
    ctx.prec = prec
    try:
        value = _safe(g, _ball(u, v))
    finally:
        ctx.prec = old
    if value is None:
        return None, False
    return _sign(value), value.rad() < 1e-12


def _runs(cells):
    """Merge consecutive cells of the same kind: (kind, start, end), kind ∈ {1, -1, None}."""
    runs: list[list] = []
    for u, v, s in cells:
        kind = s if s in (1, -1) else None
        if runs and runs[-1][0] == kind:
            runs[-1][2] = v
        else:
            runs.append([kind, u, v])
    return [tuple(r) for r in runs]


def _next_sign(runs, current):
    i = runs.index(current)
    return runs[i + 1][0] if i + 1 < len(runs) else None


def _resolve_cluster(g, dg, u: float, v: float, left, right) -> Root | None:
    """A root in an undecided cluster, or ``None`` when certified samples show no sign change."""
    if left in (1, -1) and right in (1, -1) and left != right:
        return _refine(g, dg, u, v, left, right)
    with mpmath.workdps(40):
        probes = [mpmath.mpf(u) + (mpmath.mpf(v) - mpmath.mpf(u)) * k / 16 for k in range(17)]
    signs = [_point_sign(g, arb(mpmath.nstr(p, 40))) for p in probes]
    for p, s in zip(probes, signs):
        if s == 0:  # an exact zero at a sample point (e.g. a double root at 0)
            return Root(p, p, "0", True, False)
    known = [(p, s) for p, s in zip(probes, signs) if s in (1, -1)]
    for (p, s), (q, t) in zip(known, known[1:]):
        if s != t:  # certified point signs differ: a root between them
            return _refine(g, dg, float(p), float(q), s, t)
    return None


def _refine(g, dg, u: float, v: float, left: int, right: int) -> Root:
    """Bisect a certified sign change on [u, v] down to width < 1e-32 (relative)."""
    old = ctx.prec
    ctx.prec = 200
    try:
        lo, hi = arb(u), arb(v)
        unique = False
        if dg is not None and u != v:
            d = _safe(dg, arb.union(lo, hi))
            unique = d is not None and _sign(d) in (1, -1)
        exact = u == v
        for _ in range(400):
            width = hi - lo
            if exact or width.upper() < 1e-33 * max(1.0, abs(float(lo.mid()))):
                break
            mid = ((lo + hi) / 2).mid()
            s = _point_sign(g, mid, precisions=(200, 600))
            if s == 0:
                lo = hi = mid
                exact = True
            elif s == left:
                lo = mid
            elif s == right:
                hi = mid
            else:
                break  # undecidable at this precision: keep the bracket
        with mpmath.workdps(50):
            mlo = mpmath.mpf(lo.mid().str(50, radius=False))
            mhi = mpmath.mpf(hi.mid().str(50, radius=False))
        change = ("-+" if left < right else "+-")
        return Root(mlo, mhi, change, True, unique or exact)
    finally:
        ctx.prec = old


def _sample_tail(g, edge: float, direction: int, inner_sign) -> int:
    """Sign changes seen at x = edge·1.5^k (toward ±∞, up to 1e4)."""
    changes = 0
    previous = inner_sign
    step = max(abs(edge), 1.0)
    k = 0
    while True:
        k += 1
        point = edge + direction * step * (1.5**k - 1)
        if abs(point) > TAIL_LIMIT:
            break
        s = _point_sign(g, point)
        if s in (1, -1):
            if previous in (1, -1) and s != previous:
                changes += 1
            previous = s
    return changes
